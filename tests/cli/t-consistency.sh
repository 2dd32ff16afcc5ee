#!/bin/bash
# Every figure agrees with every other, on every date: statements in date
# order, checks on the date a row records, the audit's dated replay, one
# definition of a station's volunteers, figures by the row's station.
. "$(dirname "$0")/lib.sh"
new_data
wmsj-volunteer import --date 2026-01-02 "$TOP/examples/data/volunteers-import.csv" >/dev/null 2>&1 ||
	echo "not ok - import failed"
S1=610724109001 S3=610724109003
V1=V$S1-0001 V2=V$S1-0002 V3=V$S1-0003 V4=V$S1-0004 V5=V$S1-0005 V6=V$S1-0006
V7=V$S1-0007 V8=V$S1-0008

act() { # act DATE POINTS HOURS [STATION] -> prints the new activity id
	wmsj-points activity add --station "${4:-$S1}" --date "$1" --platform theory --title t \
		--points "$2" --hours "$3" | col id /dev/stdin
}
award() { # award ACT KEY...
	_a=$1; shift
	wmsj-points award --activity "$_a" --certifier 刘专干 --supervisor 陈德明 "$@" >/dev/null
}
card() { wmsj-volunteer show "$1" | col card_no /dev/stdin; }
# Append a row with a correct chain, as a careless or dishonest writer could:
# forge "date,kind,volunteer,station,points,hours,item,qty,activity,ref,reverses,recorded,recorder,certifier,supervisor,approver,note"
forge() {
	_last=$(tail -n 1 "$D/ledger.csv")
	_prev=${_last##*,}
	_txn=$(printf 'T%08d' "$(wc -l < "$D/ledger.csv")")
	_h=$(printf '%s%s' "$_prev" "$_txn,$1" | sha256sum | cut -c1-64)
	printf '%s,%s,%s\n' "$_txn" "$1" "$_h" >> "$D/ledger.csv"
}

A20=$(act 2026-10-20 10 2)
A10=$(act 2026-10-10 5 1)
award "$A20" "$V1" "$V2" "$V3"
award "$A10" "$V1"

# 1. history is a statement in date order (ties in entry order); its running
# balance equals balance --as-of on every row.
run wmsj-points history "$V1"
status_is 0
out_is <<OUT
txn,date,kind,points,hours,balance,item,qty,activity,ref,note
T00000004,2026-10-10,award,5,1,5,,,$A10,,
T00000001,2026-10-20,award,10,2,15,,,$A20,,
OUT
for d in 2026-10-10 2026-10-20; do
	run wmsj-points balance --as-of $d "$V1"
	check "balance --as-of $d equals the statement" \
		test "$(col balance)" = "$(wmsj-points history "$V1" | awk -F, -v d=$d 'NR>1 && $2<=d{b=$6} END{print b}')"
done

# 14. The checks of a redemption hold on the date it records and at every
# later date: no spending points that did not exist yet.
wmsj-points stock --item G06 --qty 5 --donor 镇商会 --station 610724109001 --date 2026-10-01 >/dev/null
before=$(md5sum < "$D/ledger.csv")
run wmsj-points redeem --card "$(card "$V2")" --item G06 --clerk 刘专干 --date 2026-10-15
status_is 1
err_is <<ERR
wmsj-points: volunteer '$V2' has 0 points on 2026-10-15; 1 x '香皂' needs 10
ERR
check "a refused redemption writes nothing" test "$(md5sum < "$D/ledger.csv")" = "$before"
# ... nor spends stock that arrives later, nor leaves a later date short.
run wmsj-points redeem --card "$(card "$V1")" --item G04 --clerk 刘专干 --date 2026-10-21
status_is 1
err_is <<ERR
wmsj-points: only 0 of '毛巾' in stock at station '610724109001' (堰口社区新时代文明实践站) on 2026-10-21; 1 asked
ERR
wmsj-points stock --item G04 --qty 1 --donor 镇商会 --station 610724109001 --date 2026-10-25 >/dev/null
run wmsj-points redeem --card "$(card "$V1")" --item G04 --clerk 刘专干 --date 2026-10-21
status_is 1
err_is <<ERR
wmsj-points: only 0 of '毛巾' in stock at station '610724109001' (堰口社区新时代文明实践站) on 2026-10-21; 1 asked
ERR
run wmsj-points redeem --card "$(card "$V2")" --item G06 --clerk 刘专干 --date 2026-10-21
status_is 0
run wmsj-points redeem --card "$(card "$V1")" --item G06 --qty 2 --clerk 刘专干 --date 2026-10-12
status_is 1
err_is <<ERR
wmsj-points: volunteer '$V1' has 5 points on 2026-10-12; 2 x '香皂' needs 20
ERR
# A redemption that fits on its date but would leave a later date short:
# V1 has 15 from 10-20 and spends 10 on 10-30; 10 more on 10-25 would leave
# 10-30 at -5.
run wmsj-points redeem --card "$(card "$V1")" --item G06 --clerk 刘专干 --date 2026-10-30
status_is 0
run wmsj-points redeem --card "$(card "$V1")" --item G06 --clerk 刘专干 --date 2026-10-25
status_is 1
err_is <<ERR
wmsj-points: volunteer '$V1' has 5 points on 2026-10-30; 1 x '香皂' needs 10
ERR
# A reversal dated before the row it takes back is refused too.
run wmsj-points reverse T00000001 --reason 重复 --approver 所长 --date 2026-10-19
status_is 1
err_is <<ERR
wmsj-points: 'T00000001' is dated 2026-10-20; a reversal is dated on or after the row it reverses
ERR

# 14. Dates before the bank's first day are refused, naming the rule.
run wmsj-points activity add --station $S1 --date 0001-01-01 --platform theory --title t --points 1
status_is 1
err_is <<ERR
wmsj-points: the date 0001-01-01 is before 2000-01-01, the earliest date the points bank records
ERR
run wmsj-points stock --item G01 --qty 1 --donor x --station 610724109001 --date 1999-12-31
status_is 1
err_is <<ERR
wmsj-points: the date 1999-12-31 is before 2000-01-01, the earliest date the points bank records
ERR

# 3. A clearing is refused while the volunteer has rows dated after it; its
# effect is defined on its date: the balance as of that date goes to zero.
before=$(md5sum < "$D/ledger.csv")
run wmsj-points clear "$V3" --reason B --note 曝光台通报 --approver 所长 --date 2026-10-15
status_is 1
err_is <<ERR
wmsj-points: volunteer '$V3' has rows dated after 2026-10-15 (the last on 2026-10-20); a clearing is dated on or after the volunteer's last row
ERR
check "a refused clearing writes nothing" test "$(md5sum < "$D/ledger.csv")" = "$before"
run wmsj-points clear "$V3" --reason B --note 曝光台通报 --approver 所长 --date 2026-10-22
status_is 0
run wmsj-points balance --as-of 2026-10-22 "$V3"
check "balance as of the clearing's date is 0" test "$(col balance)" = 0
# A row dated before a clearing would change what it cleared.
A05=$(act 2026-10-05 5 1)
run wmsj-points award --activity "$A05" --certifier 刘专干 --supervisor 陈德明 "$V3"
status_is 1
err_is <<ERR
wmsj-points: volunteer '$V3' was cleared in 2026 and earns nothing until 1 January 2027
wmsj-points: 1 of 1 refused; nothing recorded
ERR

# ... not even an award of an earlier year.
wmsj-points clear V$S3-0005 --reason C --note 不宜继续 --approver 所长 --date 2026-01-05 >/dev/null
A1215=$(act 2025-12-15 5 1 $S3)
run wmsj-points award --activity "$A1215" --certifier 刘专干 --supervisor 陈德明 V$S3-0005
status_is 1
err_is <<ERR
wmsj-points: volunteer 'V$S3-0005' was cleared on 2026-01-05; nothing may be dated before the clearing
wmsj-points: 1 of 1 refused; nothing recorded
ERR

run wmsj-audit verify
status_is 0

# 12/4. The latest-dated clearing decides, not the last entered: a clearing
# backdated into 2025 does not re-open 2026.
A0201=$(act 2026-02-01 8 2)
award "$A0201" "$V4"
wmsj-points clear "$V4" --reason A --note 处分 --approver 所长 --date 2026-03-01 >/dev/null
run wmsj-points clear "$V4" --reason A --note 处分 --approver 所长 --date 2025-12-20
status_is 1
err_is <<ERR
wmsj-points: volunteer '$V4' has rows dated after 2025-12-20 (the last on 2026-03-01); a clearing is dated on or after the volunteer's last row
ERR
forge "2025-12-20,clear,$V4,$S1,0,0,,,,A,,2026-11-22T10:00:00,所长,,,所长,处分"
A0310=$(act 2026-03-10 8 2)
run wmsj-points award --activity "$A0310" --certifier 刘专干 --supervisor 陈德明 "$V4"
status_is 1
err_has "volunteer '$V4' was cleared in 2026 and earns nothing until 1 January 2027"

# 4. The ranking counts what was earned in the year, net of that year's
# reversals of that year's awards; a reversal of an earlier year's award
# belongs to that year; a volunteer cleared in the year is not ranked.
A2025=$(act 2025-12-10 10 8)
award "$A2025" "$V5" "$V6"
award "$A0201" "$V6"
wmsj-points reverse "$(wmsj-points export --from 2025-12-10 --to 2025-12-10 | awk -F, -v v="$V5" '$4==v{print $1}')" \
	--reason 误录 --approver 所长 --date 2026-01-10 >/dev/null
A0315=$(act 2026-03-15 0 0.25)
award "$A0315" "$V7"
wmsj-points reverse "$(wmsj-points export --month 2026-03 | awk -F, -v v="$V7" '$4==v{print $1}')" \
	--reason 误录 --approver 所长 --date 2026-03-16 >/dev/null
run wmsj-report ranking --year 2026
status_is 0
out_is <<OUT
rank,id,name,station,station_name,points,hours
1,$V1,吉𠮷祥,$S1,堰口社区新时代文明实践站,15,3
2,$V2,胡福桂,$S1,堰口社区新时代文明实践站,10,2
3,$V6,$(wmsj-volunteer show "$V6" | col name /dev/stdin),$S1,堰口社区新时代文明实践站,8,2
OUT
run wmsj-report ranking --year 2025
status_is 0
out_is <<OUT
rank,id,name,station,station_name,points,hours
1,$V6,$(wmsj-volunteer show "$V6" | col name /dev/stdin),$S1,堰口社区新时代文明实践站,10,8
OUT

# 5. monthly counts awards and reversals as what they are.
run wmsj-report monthly --month 2026-03
status_is 0
out_is <<OUT
month,station,station_name,activities,awards,volunteers,earned,redeemed,cleared,hours,reversals
2026-03,610724109001,堰口社区新时代文明实践站,2,1,1,0,0,8,0,1
2026-03,610724109003,古城社区新时代文明实践站,0,0,0,0,0,0,0,0
2026-03,610724109204,肖家湾村新时代文明实践站,0,0,0,0,0,0,0,0
2026-03,610724109205,南坝村新时代文明实践站,0,0,0,0,0,0,0,0
2026-03,610724109212,分水岭村新时代文明实践站,0,0,0,0,0,0,0,0
2026-03,610724109213,西河村新时代文明实践站,0,0,0,0,0,0,0,0
OUT

# 6. One definition of a station's volunteers on a date (registered there
# and not withdrawn): stats, ranking --stations and the register agree.
wmsj-volunteer suspend "$V8" --reason 外出务工 >/dev/null
wmsj-volunteer withdraw V$S1-0009 --reason 迁出 >/dev/null
reg=$(wmsj-volunteer list --station $S1 | awk -F, 'NR>1' | grep -vc ',withdrawn,')
run wmsj-report stats --year 2026 --station $S1
check "stats volunteers = register's not withdrawn" test "$(col volunteers)" = "$reg"
run wmsj-report ranking --year 2026 --stations
check "ranking --stations volunteers = register's not withdrawn" \
	test "$(awk -F, -v s=$S1 '$2==s{print $4}' "$out")" = "$reg"
run wmsj-report notice --quarter 2026Q4 --station $S1 --format csv --preview
check "the notice lists the station's volunteers" test "$(col id | grep -c .)" = "$reg"
run wmsj-audit
out_has "warning,team-size,$S1,station '$S1' has $reg volunteers; the standard is at least 20,$S1,,"

# 7. A figure belongs to the station on its ledger row: after a move,
# monthly and stats agree.
wmsj-volunteer update "$V2" --station $S3 >/dev/null
run wmsj-report stats --year 2026
check "stats earned by the row's station ($S1)" test "$(awk -F, -v s=$S1 '$2==s{print $12}' "$out")" = \
	"$(wmsj-points export --from 2026-01-01 --to 2026-12-31 | awk -F, -v s=$S1 '$5==s && ($3=="award" || $12=="award"){e+=$6} END{print e+0}')"
check "stats earned by the row's station ($S3)" test "$(awk -F, -v s=$S3 '$2==s{print $12}' "$out")" = 0
m=0
for mo in 01 02 03 04 05 06 07 08 09 10 11 12; do
	m=$((m + $(wmsj-report monthly --month 2026-$mo | awk -F, -v s=$S1 '$2==s{print $7}')))
done
check "the year's monthly earned = stats earned" test "$(awk -F, -v s=$S1 '$2==s{print $12}' "$out")" = "$m"

# 2, 14. The audit replays by date: a redemption over the balance as of its
# date, and stock given out before it arrived, are found although the
# ledger in entry order never goes negative.
A1101=$(act 2026-11-01 10 1)
award "$A1101" V$S1-0010
forge "2026-10-31,redeem,V$S1-0010,$S1,-10,0,G06,-1,,$(card V$S1-0010),,2026-11-22T10:00:00,刘专干,,,,"
forge "2026-09-30,redeem,$V1,$S1,-5,0,G07,-1,,$(card "$V1"),,2026-11-22T10:00:00,刘专干,,,,"
forge "1999-12-31,stock,,,0,0,G01,1,,,,2026-11-22T10:00:00,刘专干,,,,x"
run wmsj-audit verify
status_is 1
out_has "row dated 1999-12-31, before 2000-01-01, the earliest date the points bank records"
out_has "volunteer 'V$S1-0010' redeemed 10 points with a balance of 0"
out_has "'G07' given out at station '610724109001' beyond what its shelf received (stock -1)"
out_has "volunteer '$V1' redeemed 5 points with a balance of 0"
out_has "clearing of volunteer '$V4' dated 2025-12-20 while they have a row dated 2026-03-01"

# A reversal dated before a clearing of the volunteer changes what it cleared.
new_data
wmsj-volunteer import --date 2026-01-02 "$TOP/examples/data/volunteers-import.csv" >/dev/null 2>&1
A=$(act 2026-10-01 20 1)
award "$A" "$V1"
wmsj-points stock --item G06 --qty 5 --donor 镇商会 --station 610724109001 --date 2026-10-01 >/dev/null
wmsj-points redeem --card "$(card "$V1")" --item G06 --clerk 刘专干 --date 2026-10-02 >/dev/null
wmsj-points clear "$V1" --reason B --note 曝光台通报 --approver 所长 --date 2026-10-10 >/dev/null
run wmsj-points reverse T00000003 --reason 误录 --approver 所长 --date 2026-10-05
status_is 1
err_is <<ERR
wmsj-points: volunteer '$V1' was cleared on 2026-10-10; nothing may be dated before the clearing
ERR

done_testing
