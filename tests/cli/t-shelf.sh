#!/bin/bash
# Every station's exchange point has its own shelf (seed 002): goods are
# stocked per station, a volunteer redeems at their own station's point,
# stock and stats show each station's own shelf; or, with 'exchange:
# shared' in wmsj.yaml, the institute's one point and one shelf.
. "$(dirname "$0")/lib.sh"
new_data
wmsj-volunteer import --date 2026-01-02 "$TOP/examples/data/volunteers-import.csv" >/dev/null 2>&1 ||
	echo "not ok - import failed"
S1=610724109001 S3=610724109003
C1=$(card_of V$S1-0001) C2=$(card_of V$S1-0002) C3=$(card_of V$S3-0001) C4=$(card_of V$S3-0002)

act() { # act DATE POINTS STATION -> prints the new activity id
	wmsj-points activity add --station "$3" --date "$1" --platform theory --title "t$3" \
		--points "$2" --hours 1 | col id /dev/stdin
}
A1=$(act 2026-09-01 50 $S1)
A3=$(act 2026-09-01 50 $S3)
wmsj-points award --activity "$A1" --certifier 刘专干 --supervisor 陈德明 V$S1-0001 V$S1-0002 >/dev/null
wmsj-points award --activity "$A3" --certifier 刘专干 --supervisor 王建国 V$S3-0001 V$S3-0002 >/dev/null
# total: sum of a CSV column of stdout
total() { col "$1" | awk '{s += $1} END {print s + 0}'; }
shelf() { # shelf STATION ITEM -> the stock listed for it
	awk -F, -v s="$1" -v i="$2" 'NR==1{for(k=1;k<=NF;k++) h[$k]=k; next}
		$h["station"]==s && $h["item"]==i {print $h["stock"]}' "$out"
}

# 1. goods are received on a station's shelf: per-station shelves are the
# default, so stock says which station (a configured one).
run wmsj-points stock --item G06 --qty 3 --donor 镇商会 --date 2026-09-10
status_is 2
err_has "--station"
run wmsj-points stock --item G06 --qty 3 --donor 镇商会 --date 2026-09-10 --station 610724109999
status_is 1
err_has "unknown station '610724109999'"
check "nothing recorded" test ! -s "$D/ledger.csv" -o "$(grep -c ',stock,' "$D/ledger.csv")" = 0
run wmsj-points stock --item G06 --qty 3 --donor 镇商会 --date 2026-09-10 --station $S1
status_is 0
check "the stock row carries the station" test "$(col station)" = $S1
run wmsj-points stock --item G04 --qty 1 --donor 镇商会 --date 2026-09-10 --station $S3
status_is 0

# 2. stock alone shows each station's shelf; --station one of them.
run wmsj-points stock
status_is 0
out_has "station,station_name,item,name,points,stock"
check "S1 holds 3 G06" test "$(shelf $S1 G06)" = 3
check "S3 holds no G06" test "$(shelf $S3 G06)" = 0
check "S3 holds 1 G04" test "$(shelf $S3 G04)" = 1
check "every station listed" test "$(col station | sort -u | wc -l)" = 6
run wmsj-points stock --station $S3
status_is 0
check "--station lists that shelf only" test "$(col station | sort -u)" = $S3
run wmsj-points stock --station 610724109999
status_is 1

# 3. a volunteer of S3 cannot take S1's goods: refused, naming the station.
before=$(md5sum < "$D/ledger.csv")
run wmsj-points redeem --card $C3 --item G06 --clerk 刘专干 --date 2026-09-20
status_is 1
err_has "only 0 of '香皂' in stock at station '$S3' (古城社区新时代文明实践站) on 2026-09-20; 1 asked"
check "a refusal writes nothing" test "$(md5sum < "$D/ledger.csv")" = "$before"
printf '%s\n' $C3 | run_in /dev/stdin wmsj-points exchange --item G06 --clerk 刘专干 --date 2026-09-20
status_is 1
err_has "in stock at station '$S3'"
# ... and a volunteer of S1 can, from S1's shelf only.
run wmsj-points redeem --card $C1 --item G06 --qty 2 --clerk 刘专干 --date 2026-09-20
status_is 0
run wmsj-points redeem --card $C2 --item G06 --qty 2 --clerk 刘专干 --date 2026-09-21
status_is 1
err_has "only 1 of '香皂' in stock at station '$S1'"
run wmsj-points redeem --card $C3 --item G04 --clerk 刘专干 --date 2026-09-21
status_is 0
redeem_s3=$(col txn)
run wmsj-points stock --format csv
check "S1 gave out 2" test "$(shelf $S1 G06)" = 1
check "S3 gave out its G04" test "$(shelf $S3 G04)" = 0

# 4. the checks hold on the date recorded and every later date, per shelf:
# goods arriving at S3 later do not pay for an S3 redemption backdated
# before them, and a reversal of S3's stock may not leave S3 short although
# S1 holds plenty.
run wmsj-points stock --item G06 --qty 2 --donor 爱心超市 --date 2026-09-25 --station $S3
status_is 0
stock_s3=$(col txn)
run wmsj-points redeem --card $C4 --item G06 --qty 1 --clerk 刘专干 --date 2026-09-22
status_is 1
err_has "in stock at station '$S3' (古城社区新时代文明实践站) on 2026-09-22"
run wmsj-points redeem --card $C4 --item G06 --qty 2 --clerk 刘专干 --date 2026-09-26
status_is 0
run wmsj-points stock --item G06 --qty 10 --donor 镇商会 --date 2026-09-26 --station $S1
status_is 0
run wmsj-points reverse "$stock_s3" --reason 录错 --approver 所长 --date 2026-09-27
status_is 1
err_has "would leave less than nothing"
# reversing a redemption puts the goods back on the shelf they came from
run wmsj-points reverse "$redeem_s3" --reason 退货 --approver 所长 --date 2026-09-27
status_is 0
run wmsj-points stock --format csv
check "the reversal restores S3's shelf" test "$(shelf $S3 G04)" = 1
check "S1's shelf is untouched by it" test "$(shelf $S1 G04)" = 0
check "S1: 3 - 2 + 10" test "$(shelf $S1 G06)" = 11
town=$(total stock)
check "the shelves hold the town's 12 goods" test "$town" = 12

# 5. stats: each station its own stock; they add up to the town's.
run wmsj-report stats --year 2026
status_is 0
check "stats S1 stock" test "$(awk -F, -v s=$S1 '$2==s{print $15}' "$out")" = 11
check "stats S3 stock" test "$(awk -F, -v s=$S3 '$2==s{print $15}' "$out")" = 1
check "stats per station add up to the town's shelf" test "$(total stock)" = "$town"
check "one row per station" test "$(col station | wc -l)" = 6
run wmsj-report stats --year 2026 --station $S3
check "stats --station" test "$(col stock)" = 1

# 6. the audit replays stock per shelf: a redemption forged at S3 with
# S1's goods is found, though the town holds enough.
run wmsj-audit verify
status_is 0
cp -p "$D/ledger.csv" "$TMP/ledger.keep"
_last=$(tail -n 1 "$D/ledger.csv"); _prev=${_last##*,}
_txn=$(printf 'T%08d' "$(wc -l < "$D/ledger.csv")")
_row="2026-09-30,redeem,V$S3-0002,$S3,-80,,G02,-1,,$C4,,2026-11-22T10:00:00,刘专干,,,,"
_h=$(printf '%s%s' "$_prev" "$_txn,$_row" | sha256sum | cut -c1-64)
printf '%s,%s,%s\n' "$_txn" "$_row" "$_h" >> "$D/ledger.csv"
run wmsj-points stock --item G02 --qty 5 --donor 镇商会 --date 2026-09-29 --station $S1
status_is 0
run wmsj-audit --year 2026 --format csv
out_has "'G02' given out at station '$S3' beyond what its shelf received (stock -1)"
cp -p "$TMP/ledger.keep" "$D/ledger.csv"

# 7. a sealed month's snapshot keeps the shelves apart: the same with and
# without it.
run wmsj-points close --month 2026-09 --clerk 刘专干
status_is 0
run wmsj-points stock --format csv
cp "$out" "$TMP/with"
WMSJ_NO_SNAPSHOT=1 run wmsj-points stock --format csv
check "stock with the snapshot = without" cmp "$out" "$TMP/with"
check "the snapshot lists the shelves" grep -q "^shelves," "$D/seals/2026-09.csv"
run wmsj-points redeem --card $C3 --item G06 --qty 3 --clerk 刘专干 --date 2026-10-02
status_is 1
err_has "only 0 of '香皂' in stock at station '$S3'"

# 8. one shared exchange point of the institute: one shelf, every station's
# goods on it, and every volunteer redeems there.
cp "$D/wmsj.yaml" "$TMP/yaml.keep"
sed -i 's/^exchange: per-station.*/exchange: shared\nexchange_point: 堰口镇积分兑换点/' "$D/wmsj.yaml"
run wmsj-points stock --format csv
status_is 0
check "one shelf" test "$(col station | sort -u | wc -l)" = 1
check "the shared shelf holds every station's goods" test "$(shelf '' G06)" = 11
out_has ",堰口镇积分兑换点,G06,"
run wmsj-points redeem --card $C3 --item G06 --qty 3 --clerk 刘专干 --date 2026-10-02
status_is 0
run wmsj-points stock --item G01 --qty 4 --donor 镇商会 --date 2026-10-03
status_is 0
run wmsj-report stats --year 2026
check "stats: the stations hold nothing of their own" test "$(awk -F, -v s=$S1 '$2==s{print $15}' "$out")" = 0
check "stats: the shared point's row holds the town's" test "$(awk -F, '$2==""{print $15}' "$out")" = 13
check "stats add up to the town's" test "$(total stock)" = 13
# back to per-station shelves: the goods stocked without a station are the
# institute's shelf, listed apart; S3's shelf shows what S3 gave out.
cp "$TMP/yaml.keep" "$D/wmsj.yaml"
run wmsj-points stock --format csv
status_is 0
check "the institute's shelf holds the goods stocked without a station" test "$(shelf '' G01)" = 4
out_has ",堰口镇新时代文明实践所,G01,"
check "S3 gave out 3 from the shared shelf" test "$(shelf $S3 G06)" = -3
run wmsj-report stats --year 2026
check "stats list the institute's shelf" test "$(awk -F, '$2==""{print $15}' "$out")" = 4
check "stats still add up to the town's" test "$(total stock)" = 13
run wmsj-points stock --item G01 --qty 4 --donor 镇商会 --date 2026-10-03 --station $S1
status_is 0

# 9. the configuration: a wrong value or a point without 'shared' names the line.
sed -i 's/^exchange: per-station.*/exchange: both/' "$D/wmsj.yaml"
run wmsj-points stock
status_is 3
err_has "wmsj.yaml:"
err_has "'exchange' must be per-station or shared, not 'both'"
cp "$TMP/yaml.keep" "$D/wmsj.yaml"
printf 'exchange_point: 兑换点\n' >> "$D/wmsj.yaml"
check "the example town says per-station" grep -q '^exchange: per-station' "$D/wmsj.yaml"
run wmsj-points stock
status_is 3
err_has "needs 'exchange: shared'"
cp "$TMP/yaml.keep" "$D/wmsj.yaml"
# a new directory has per-station shelves, and says so
wmsj-volunteer init -d "$TMP/new" >/dev/null
check "init writes exchange: per-station" grep -q '^exchange: per-station' "$TMP/new/wmsj.yaml"
# a town of one station needs no --station
run wmsj-points -d "$TMP/new" stock --item G01 --qty 1 --donor x
status_is 0
check "its one station's shelf" test "$(col station)" = 610724109201

# 10. in Chinese, the refusal names the station too.
run env LC_ALL=zh_CN.UTF-8 wmsj-points redeem --card $C4 --item G05 --clerk 刘专干 --date 2026-10-05
status_is 1
err_has "$S3"
err_lacks "in stock"
run env LC_ALL=zh_CN.UTF-8 wmsj-points stock --item G06 --qty 1 --donor x
status_is 2
err_lacks "exchange point"

done_testing
