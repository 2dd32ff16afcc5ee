#!/bin/bash
# Eligibility everywhere (wmsj(7) ELIGIBILITY): one rule for who may earn,
# redeem and be commended -- the one-pipe award of a station with
# `list --eligible`, ranking, stars, the certificate, redeem, and the audit
# flagging exactly what the tools refuse.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
S3=610724109003
# In the scenario V$S3-0003 was cleared on 2026-09-29; one more is
# suspended (on 1 October) and one of the first station withdrawn.
WMSJ_TODAY=2026-10-01 WMSJ_NOW=2026-10-01T09:00:00 \
	wmsj-volunteer suspend "V$S3-0005" --reason 外出务工 >/dev/null
WMSJ_TODAY=2026-10-01 WMSJ_NOW=2026-10-01T09:00:00 \
	wmsj-volunteer withdraw V610724109001-0009 --reason 迁出 >/dev/null
wmsj-points activity add --station $S3 --date 2026-11-08 --platform culture --title 广场舞 \
	--points 5 --hours 2 >/dev/null
wmsj-points activity add --station $S3 --date 2026-11-15 --platform health --title 健康讲座 \
	--points 5 --hours 1 >/dev/null

# 1. The whole station in one pipe: refused all or nothing ...
wmsj-volunteer list --station $S3 > "$TMP/all.csv"
before=$(md5sum < "$D/ledger.csv")
run_in "$TMP/all.csv" wmsj-points award --activity A$S3-0002 --certifier 刘专干 --supervisor 王建国 -
status_is 1
err_has "volunteer 'V$S3-0003' was cleared in 2026 and earns nothing until 1 January 2027"
err_has "volunteer 'V$S3-0005' is suspended; only active volunteers earn points"
check "the refused batch wrote nothing" test "$(md5sum < "$D/ledger.csv")" = "$before"

# ... and with --eligible only those who may earn on the activity's date.
run wmsj-volunteer list --station $S3 --eligible --date 2026-11-08
status_is 0
check "--eligible: 8 of the station's 10" test "$(col id | wc -l)" = 8
out_lacks "V$S3-0003"
out_lacks "V$S3-0005"
check "--eligible keeps the list's columns" test "$(head -1 "$out")" = "$(head -1 "$TMP/all.csv")"
wmsj-volunteer list --station $S3 --eligible --date 2026-11-08 |
	wmsj-points award --activity A$S3-0002 --certifier 刘专干 --supervisor 王建国 - > "$TMP/awarded"
check "the one-pipe award of the station works" test $? = 0
check "8 awards" test "$(col volunteer "$TMP/awarded" | wc -l)" = 8
# today by default
run wmsj-volunteer list --station $S3 --eligible
check "--eligible is as of today by default" test "$(col id | wc -l)" = 8
# the clearing rolls over on 1 January; the suspension does not
run wmsj-volunteer list --station $S3 --eligible --date 2027-01-01
status_is 0
out_has "V$S3-0003"
out_lacks "V$S3-0005"
# nothing may be dated before a clearing, even in an earlier year
run wmsj-volunteer list --station $S3 --eligible --date 2025-12-01
out_lacks "V$S3-0003"
check "--eligible --date 2025-12-01: 8" test "$(col id | wc -l)" = 8
# withdrawn volunteers are never eligible
run wmsj-volunteer list --eligible --status withdrawn
status_is 0
check "no withdrawn volunteer may earn" test "$(col id | wc -l)" = 0
run wmsj-volunteer list --eligible --date 2026-13-01
status_is 2
run wmsj-volunteer list --date 2026-11-08
status_is 2
err_has "--date"

# 2. Redeem: the same rule, with the day it ends.
C3=$(card_of V$S3-0003); C5=$(card_of V$S3-0005)
run wmsj-points redeem --card $C3 --item G06 --clerk 刘专干
status_is 1
err_is <<ERR
wmsj-points: volunteer 'V$S3-0003' was cleared in 2026; the card cannot be used until 1 January 2027
ERR
run env LC_ALL=zh_CN.UTF-8 wmsj-points redeem --card $C3 --item G06 --clerk 刘专干
err_has "志愿者 'V$S3-0003' 已于 2026 年被清零；2027 年 1 月 1 日前积分卡不能使用"
run env LC_ALL=zh_CN.UTF-8 wmsj-points redeem --card $C5 --item G06 --clerk 刘专干
err_has "志愿者 'V$S3-0005' 状态为 暂停；积分卡不能使用"
run wmsj-points apply --activity A$S3-0003 "V$S3-0003"
status_is 1
err_has "volunteer 'V$S3-0003' was cleared in 2026 and earns nothing until 1 January 2027"

# 3. Ranking: who may not be commended is not ranked (cleared in the year,
# suspended, withdrawn); --all shows them unranked, with the reason.
run wmsj-report ranking --year 2026
status_is 0
out_lacks "V$S3-0003"
out_lacks "V$S3-0005"
out_lacks "V610724109001-0009"
out_has "V$S3-0004"
run wmsj-report ranking --year 2026 --all
status_is 0
check "--all adds the withheld column" test "$(head -1 "$out")" = \
	"rank,id,name,station,station_name,points,hours,withheld"
out_has ",V$S3-0003,崔家,$S3,古城社区新时代文明实践站,20,3.5,cleared"
out_has ",V$S3-0005,"
check "the withheld are not ranked" test "$(grep -c '^,' "$out")" = 3
check "the ranked withhold nothing" sh -c "! grep -q '^[0-9].*,[a-z-]*[a-z]\$' '$out'"
# the clearing of 2026 is no bar to the ranking of 2027 (nothing earned yet)
# nor of 2025
run wmsj-report ranking --year 2025 --all
status_is 0

# 4. Stars and the certificate: no commendation in the cleared year.
sed -i 's/^  star_hours: .*/  star_hours: [1, 2, 3, 4, 5]/' "$D/wmsj.yaml"
run wmsj-report stars --station $S3
status_is 0
check "stars has a withheld column" sh -c "head -1 '$out' | grep -q ',withheld'"
out_has "V$S3-0001,阿依古丽·买买提,$S3,古城社区新时代文明实践站,5.5,5,,"
out_has "V$S3-0003,崔家,$S3,古城社区新时代文明实践站,3.5,0,,cleared"
out_has "V$S3-0005,余雪,$S3,古城社区新时代文明实践站,3.5,0,,suspended"
WMSJ_TODAY=2027-01-01 run wmsj-report stars --station $S3
out_has "V$S3-0003,崔家,$S3,古城社区新时代文明实践站,3.5,3,0.5,"
run wmsj-report certificate "V$S3-0003"
status_is 0
out_has "累计参加志愿服务 3.5 小时"
out_has "星级：暂不评定（2026年积分已清零，2027年1月1日起恢复）。"
run wmsj-report certificate "V$S3-0001"
out_has "星级：五星志愿者。"
run wmsj-report certificate "V$S3-0005"
out_has "星级：暂不评定（志愿者状态：暂停）。"

# 5. The audit flags what the tools refuse: an award and a redemption forged
# for the cleared and the suspended volunteer (well chained); the legitimate
# award dated before the clearing is no finding.
run wmsj-audit --year 2026
check "a clean ledger: no award-cleared" sh -c "! grep -q 'award-cleared' '$out'"
python3 -c '
import hashlib, sys
p = sys.argv[1]; lines = open(p, encoding="utf-8").read().rstrip("\n").split("\n")
prev = lines[-1].rsplit(",", 1)[1]; seq = len(lines)
for f in sys.stdin.read().splitlines():
    body = "T%08d," % seq + f
    h = hashlib.sha256((prev + body).encode()).hexdigest()
    lines.append(body + "," + h); prev = h; seq += 1
open(p, "w", encoding="utf-8").write("\n".join(lines) + "\n")' "$D/ledger.csv" <<EOF
2026-11-16,award,V$S3-0003,$S3,5,1,,,A$S3-0003,,,2026-11-16T10:00:00,x,x,y,,
2026-11-16,award,V$S3-0005,$S3,5,1,,,A$S3-0003,,,2026-11-16T10:01:00,x,x,y,,
2026-11-17,redeem,V$S3-0003,$S3,-5,,G06,-1,,$C3,,2026-11-17T10:00:00,x,,,,
2026-11-17,redeem,V$S3-0005,$S3,-10,,G06,-1,,$C5,,2026-11-17T10:01:00,x,,,,
EOF
n=$(grep -c . "$D/ledger.csv")
run wmsj-audit --year 2026
status_is 1
check "award-cleared found" grep -q "^error,award-cleared,ledger.csv:$((n - 3))," "$out"
check "award-status found" grep -q "^error,award-status,ledger.csv:$((n - 2))," "$out"
check "redeem-cleared found" grep -q "^error,redeem-cleared,ledger.csv:$((n - 1))," "$out"
check "redeem-status found" grep -q "^error,redeem-status,ledger.csv:$n," "$out"
out_has "redemption by volunteer 'V$S3-0003', cleared in 2026"
out_has "redemption by volunteer 'V$S3-0005', suspended since 2026-10-01"

done_testing
