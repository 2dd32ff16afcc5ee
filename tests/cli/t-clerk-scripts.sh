#!/bin/bash
# The example scripts run as cron runs them: /bin/sh is dash, no terminal,
# stdin from /dev/null, a minimal environment, the arguments of
# examples/crontab.  Every refusal is reported and makes the exit status
# non-zero; private files are 0600; a re-run never spoils a good file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
E=$TOP/examples
D=$TMP/town; mkdir -p "$D"
check "scenario builds" scenario
unset WMSJ_DATA

# A clock for the scripts' `date`, like the tools' WMSJ_TODAY.
mkdir -p "$TMP/fakebin" "$TMP/home"
cat > "$TMP/fakebin/date" <<'SH'
#!/bin/sh
case " $* " in *" -d "*|*" --date"*) exec /bin/date "$@";; esac
exec /bin/date -d "$FAKE_NOW" "$@"
SH
chmod +x "$TMP/fakebin/date"
tools=$(dirname "$(command -v wmsj-points)")

# cron NOW SCRIPT ARGS...: run SCRIPT as cron would at NOW ("YYYY-MM-DD HH:MM").
cron() {
	_now=$1; shift
	run env -i PATH="$TMP/fakebin:$tools:/usr/bin:/bin" HOME="$TMP/home" SHELL=/bin/sh \
		LOGNAME=clerk FAKE_NOW="$_now" WMSJ_TODAY="${_now%% *}" \
		WMSJ_NOW="${_now%% *}T${_now##* }:00" ${CRON_ENV:-} dash "$@"
	_last="dash $* (cron at $_now)"
}
mode() { stat -c %a "$1"; }

for s in "$E"/*.sh; do
	check "${s##*/} parses under dash" dash -n "$s"
done
check "the crontab runs every job with sh" sh -c "! grep -v '^#' '$E/crontab' | grep -v '^[A-Z_]*=' | grep -v '^\$' | grep -v ' sh /srv/wmsj/'"

# ---- quarter-end: the crontab line, no quarter given ------------------------
cron "2026-10-01 02:05" "$E/quarter-end.sh" "$D" "$TMP/pub"
status_is 0
sed -i "s|$TMP/pub|PUB|; s|$D|D|" "$out"
out_is <<'OUT'
published 2026Q3: 19 files in PUB
seals handed over to D/handover/seals.txt
OUT
check "one hand-over line a station" test "$(grep -c '	notice	2026Q3-' "$D/handover/seals.txt")" = 6
check "the hand-over file is private (0600)" test "$(mode "$D/handover/seals.txt")" = 600
run wmsj-audit -d "$D" verify --witness "$D/handover/seals.txt"
status_is 0
out_has "witnessed seals of this institute: 6, all hold"
check "the html notice is published" test -s "$TMP/pub/2026Q3-610724109001.html"
check "published notices are world-readable (0644)" test "$(mode "$TMP/pub/2026Q3-610724109001.html")" = 644
check "the exchanges list is public (0644)" test "$(mode "$TMP/pub/2026Q3-exchanges.csv")" = 644
check "notices recorded for the nightly audit" test -s "$D/notices/2026Q3-610724109001.csv"
cron "2027-01-01 02:05" "$E/quarter-end.sh" "$D" "$TMP/pub"
status_is 0
out_has "published 2026Q4"
cron "2026-07-01 02:05" "$E/quarter-end.sh" "$D" "$TMP/pub2"
status_is 0
out_has "published 2026Q2"
# The seals go where HANDOVER says, and to HANDOVER_MAIL; a hand-over that
# fails is status 4, the notices published all the same.
cat > "$TMP/fakebin/mail" <<SH
#!/bin/sh
cat >> "$TMP/mailed-seals"; echo "\$*" >> "$TMP/mail-args"
SH
chmod +x "$TMP/fakebin/mail"
CRON_ENV="HANDOVER=$TMP/institute/堰口镇.txt HANDOVER_MAIL=county@example.org" \
	cron "2026-07-01 02:05" "$E/quarter-end.sh" "$D" "$TMP/pub3" 2026Q2
status_is 0
out_has "seals handed over to $TMP/institute/堰口镇.txt"
check "the seals are in HANDOVER" test "$(grep -c '	notice	2026Q2-' "$TMP/institute/堰口镇.txt")" = 6
check "and mailed" cmp -s "$TMP/mailed-seals" "$TMP/institute/堰口镇.txt"
check "to HANDOVER_MAIL" grep -q "county@example.org" "$TMP/mail-args"
rm -f "$TMP/fakebin/mail"
CRON_ENV="HANDOVER=$TMP/no-dir-here/x/seals.txt" \
	cron "2026-07-01 02:05" "$E/quarter-end.sh" "$D" "$TMP/pub4" 2026Q2
status_is 0
: > "$TMP/a-file"   # HANDOVER in a "directory" that is a file: cannot be written
CRON_ENV="HANDOVER=$TMP/a-file/seals.txt" cron "2026-07-01 02:05" "$E/quarter-end.sh" "$D" "$TMP/pub5" 2026Q2
status_is 4
err_has "the notices are published, but their seals were not handed over to $TMP/a-file/seals.txt"
check "the notices are published all the same" test -s "$TMP/pub5/2026Q2-610724109001.csv"
CRON_ENV="HANDOVER_MAIL=county@example.org" cron "2026-07-01 02:05" "$E/quarter-end.sh" "$D" "$TMP/pub6" 2026Q2
status_is 4
err_has "could not be mailed to county@example.org"

# ---- exchange day: one refusal among three, the rest go on ------------------
printf 'card_no,item,qty\r\n%s,G06,1\r\n610724109001-000099,G06,1\r\n%s,G06,1\r\n' \
	"$(WMSJ_DATA=$D card_of V610724109001-0002)" "$(WMSJ_DATA=$D card_of V610724109001-0004)" > "$TMP/list.csv"
cron "2026-11-15 09:00" "$E/exchange-day.sh" "$D" 刘专干 "$TMP/list.csv" 2026-11-15
status_is 1
err_has "refused: 610724109001-000099 G06"
err_has "1 of 3 exchanges refused"
check "the other two exchanges are recorded" test "$(wmsj-points -d "$D" export --from 2026-11-15 --to 2026-11-15 | grep -c ',redeem,')" = 2
cron "2026-11-15 09:00" "$E/exchange-day.sh" "$D" 刘专干 "$TMP/no-such-list.csv" 2026-11-15
check "a missing list is an error, not an empty day" test "$status" -ne 0
err_has "no-such-list.csv"

# ---- month-end: private files, a re-run refused and harmless ----------------
cron "2026-11-20 01:30" "$E/month-end.sh" "$D" 刘专干 2026-10
status_is 0
out_has "settled 2026-10"
out_has "seal handed over to $D/handover/seals.txt"
check "the close's seal is handed over" grep -q '	close	2026-10	T[0-9]*:[0-9a-f]*	2026-11-20$' "$D/handover/seals.txt"
# (as of 2027: the 2026Q4 notices kept in notices/ are final then)
run env WMSJ_TODAY=2027-01-02 wmsj-audit -d "$D" verify --witness "$D/handover/seals.txt"
status_is 0
out_has "(the newest: '$(awk -F, 'NR==2{print $2}' "$D/settlements/2026-10-close.csv")', close 2026-10)"
check "the settlements directory is private (0700)" test "$(mode "$D/settlements")" = 700
for f in close monthly balances; do
	check "settlements/2026-10-$f.csv is private (0600)" test "$(mode "$D/settlements/2026-10-$f.csv")" = 600
done
cp "$D/settlements/2026-10-close.csv" "$TMP/close.good"
cron "2026-11-20 01:30" "$E/month-end.sh" "$D" 刘专干 2026-10
status_is 1
err_has "2026-10"
check "a refused re-run leaves the settlement as it was" cmp -s "$TMP/close.good" "$D/settlements/2026-10-close.csv"
check "and hands nothing over again" test "$(grep -c '	close	2026-10	' "$D/handover/seals.txt")" = 1
check "no temporary file is left behind" test "$(ls "$D/settlements" | wc -l)" = 3

# ---- month-end from the crontab: the month keeps a grace period -------------
D=$TMP/town2; mkdir -p "$D"
check "second scenario builds" scenario
unset WMSJ_DATA
wmsj-points -d "$D" activity add --station 610724109001 --date 2026-10-31 --platform theory \
	--title 周末微讲堂 --points 5 --hours 1 >/dev/null
args=$(awk '!/^#/ && /month-end.sh/{for(i=7;i<=NF;i++) printf "%s ", $i}' "$E/crontab")
check "the crontab gives month-end no month" test "$args" = "/srv/wmsj/month-end.sh /srv/wmsj/town 系统 "
cron "2026-11-01 01:30" "$E/month-end.sh" "$D" 系统
status_is 1
err_has "2026-10 stays open for late awards until 2026-11-08"
check "nothing settled during the grace period" test ! -e "$D/settlements/2026-10-close.csv"
# Monday the 2nd: the award for Saturday the 31st is still accepted.
# (award takes no --date: an award is dated by its activity)
run env WMSJ_TODAY=2026-11-02 WMSJ_NOW=2026-11-02T09:00:00 wmsj-points -d "$D" award \
	--activity A610724109001-0003 --certifier 刘专干 --supervisor 陈德明 V610724109001-0005
status_is 0
CRON_ENV="HANDOVER=$TMP/a-file/seals.txt" cron "2026-11-08 01:30" "$E/month-end.sh" "$D" 系统
status_is 4
out_has "settled 2026-10"
err_has "2026-10 is sealed, but its seal was not handed over to $TMP/a-file/seals.txt; run: wmsj-audit -d $D seal --month 2026-10 >> $TMP/a-file/seals.txt"
check "the month is settled all the same" test -s "$D/settlements/2026-10-balances.csv"
run wmsj-audit -d "$D" seal --month 2026-10
status_is 0
out_has "	close	2026-10	"
CRON_ENV="GRACE_DAYS=2" cron "2026-12-03 01:30" "$E/month-end.sh" "$D" 系统
status_is 0
out_has "settled 2026-11"

# ---- nightly audit: errors and anomalies mailed; a mail that fails is not silence
# The station standards' standing warnings alone are no news every night.
cron "2026-11-22 03:00" "$E/nightly-audit.sh" "$D" jiandu@example.org
status_is 0
out_empty
CRON_ENV="SEVERITY=info" cron "2026-11-22 03:00" "$E/nightly-audit.sh" "$D" jiandu@example.org
status_is 1
out_has "team-size"
# an anomaly: awards over a cap lowered since
cp "$D/wmsj.yaml" "$TMP/wmsj.yaml.saved"
sed -i 's/max_points: 50 /max_points: 3 /' "$D/wmsj.yaml"
cron "2026-11-22 03:00" "$E/nightly-audit.sh" "$D" jiandu@example.org
status_is 1
out_has "over-cap"
out_lacks "team-size"
cat > "$TMP/fakebin/mail" <<SH
#!/bin/sh
cat > "$TMP/mailed"; echo "\$*" > "$TMP/mail-args"
SH
chmod +x "$TMP/fakebin/mail"
cron "2026-11-22 03:00" "$E/nightly-audit.sh" "$D" jiandu@example.org
status_is 1
out_empty
check "the findings are mailed" grep -q over-cap "$TMP/mailed"
printf '#!/bin/sh\nexit 1\n' > "$TMP/fakebin/mail"
cron "2026-11-22 03:00" "$E/nightly-audit.sh" "$D" jiandu@example.org
status_is 4
err_has "could not mail"
out_has "over-cap"
rm -f "$TMP/fakebin/mail"
cp "$TMP/wmsj.yaml.saved" "$D/wmsj.yaml"

# ---- the demo, as the README runs it, under dash ----------------------------
cp -r "$E" "$TMP/ex-demo"   # a copy: no stale build/bin next to it
cron "2026-11-22 10:00" "$TMP/ex-demo/demo.sh"
status_is 0
out_has "notice: matches the ledger"
done_testing
