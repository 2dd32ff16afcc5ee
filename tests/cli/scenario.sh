# A small realistic scenario, shared by the points, report and audit tests:
# the example town with one shared exchange point, 60 volunteers, two activities in September 2026 at two
# stations, donations, redemptions, a clearing, a reversal, September sealed.
# Expects lib.sh sourced and $D a fresh data directory.
scenario() {
	cp "$TOP/examples/data/wmsj.yaml" "$D/"
	# the town's one shared exchange point (t-shelf.sh has per-station shelves)
	sed -i 's/^exchange: per-station.*/exchange: shared/' "$D/wmsj.yaml"
	export WMSJ_DATA=$D
	wmsj-volunteer import --date 2026-08-01 "$TOP/examples/data/volunteers-import.csv" >/dev/null 2>&1 || return 1
	wmsj-points activity add --station 610724109001 --date 2026-09-15 --platform theory \
		--title 茶乡微讲堂 --points 10 --hours 2 >/dev/null || return 1
	wmsj-points activity add --station 610724109003 --date 2026-09-20 --platform health \
		--title 义诊进社区 --points 20 --hours 3.5 >/dev/null || return 1
	wmsj-volunteer list --station 610724109001 |
		wmsj-points award --activity A610724109001-0001 --certifier 刘专干 --supervisor 陈德明 - >/dev/null || return 1
	wmsj-volunteer list --station 610724109003 |
		wmsj-points award --activity A610724109003-0001 --certifier 刘专干 --supervisor 王建国 - >/dev/null || return 1
	wmsj-points stock --item G06 --qty 10 --donor 镇商会 --date 2026-09-20 >/dev/null || return 1
	wmsj-points redeem --card "$(card_of V610724109001-0001)" --item G06 --clerk 刘专干 --date 2026-09-28 >/dev/null || return 1
	wmsj-points redeem --card "$(card_of V610724109003-0002)" --item G06 --qty 2 --clerk 刘专干 --date 2026-09-28 >/dev/null || return 1
	wmsj-points clear V610724109003-0003 --reason B --note 曝光台通报 --approver 所长 --date 2026-09-29 >/dev/null || return 1
	wmsj-points close --month 2026-09 --clerk 刘专干 >/dev/null || return 1
	wmsj-points activity add --station 610724109001 --date 2026-10-12 --platform culture \
		--title 重阳敬老 --points 15 --hours 3 >/dev/null || return 1
	wmsj-points award --activity A610724109001-0002 --certifier 刘专干 --supervisor 陈德明 \
		V610724109001-0002 V610724109001-0003 >/dev/null || return 1
	wmsj-points reverse T00000027 --reason 重复录入 --approver 所长 --date 2026-10-13 >/dev/null || return 1
}
