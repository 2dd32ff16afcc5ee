#!/bin/bash
# wmsj-report: every report on the scenario, numbers checked against the
# ledger (awk over wmsj-points export), privacy in every public format,
# the html parsed and rendered, the stdin path, several directories.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario

# The quarter's figures, recomputed from the export with awk.
wmsj-points export --to 2026-09-30 > "$TMP/q3.csv"
awk -F, 'NR>1 && $3=="award"{e[$4]+=$6} NR>1 && $3=="redeem"{r[$4]-=$6} NR>1 && $3=="clear"{c[$4]-=$6}
	NR>1{b[$4]+=$6} END{for(k in b) if(k!="") printf "%s,%d,%d,%d,%d\n",k,e[k],r[k],c[k],b[k]}' "$TMP/q3.csv" | sort > "$TMP/expect"
run wmsj-report notice --quarter 2026Q3 --format csv
status_is 0
awk -F, 'NR>1 && ($7!=0||$8!=0||$9!=0||$10!=0){printf "%s,%d,%d,%d,%d\n",$4,$7,$8,$9,$10}' "$out" | sort > "$TMP/got"
check "notice figures equal the ledger's" cmp -s "$TMP/expect" "$TMP/got"
check "one seal on every row" test "$(col seal | sort -u | wc -l)" = 1
check "60 volunteers listed" test "$(col id | wc -l)" = 60
cp "$out" "$TMP/notice.csv"

# The same numbers in every format: totals of the first station.
for f in text md html; do
	run wmsj-report notice --quarter 2026Q3 --station 610724109001 --format $f
	status_is 0
	out_has "堰口社区新时代文明实践站2026年第三季度文明实践志愿服务积分公示"
	out_has "本季获得积分 100 分，兑换 10 分，清零 0 分；季末积分余额合计 90 分"
	out_has "$(col seal "$TMP/notice.csv" | head -1)"
done
run wmsj-report notice --quarter 2026Q3 --station 610724109003 --format text
out_has "清零 20 分"

# Privacy: no full name (2+ characters), ID number or phone in any public output.
mkdir -p "$TMP/pub"
for f in text csv md html; do
	wmsj-report notice --quarter 2026Q3 --format $f --out "$TMP/pub" >/dev/null
done
wmsj-report exchanges --quarter 2026Q3 > "$TMP/pub/exchanges.csv"
check "notice files per station and format" test "$(ls "$TMP/pub" | grep -c '^2026Q3-6107241090')" = 8
leaks=0
wmsj-volunteer list --reveal --format csv | awk -F, 'NR>1{print $3; print $4; print $5}' | while read -r s; do
	[ ${#s} -ge 2 ] || continue
	if grep -rqF -- "$s" "$TMP/pub"; then echo "# leaked: $s"; exit 1; fi
done
check "no name, ID number or phone in any public file" test $? -eq 0
check "public files are 0644" test "$(stat -c %a "$TMP/pub/2026Q3-610724109001.html")" = 644

# The html is one self-contained, well-formed file that prints on A4.
h=$TMP/pub/2026Q3-610724109001.html
check "html has print CSS for A4" grep -q '@page { size: A4' "$h"
check "html repeats table headers on page breaks" grep -q 'thead { display: table-header-group; }' "$h"
check "html loads nothing external" sh -c "! grep -Eq '(src|href)=\"?(https?:)?//' '$h'"
if command -v xmllint >/dev/null; then
	check "html parses" xmllint --html --noout "$h"
else
	echo "# skip: xmllint not installed"
fi
if command -v chromium >/dev/null; then
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$TMP/chr" \
		--print-to-pdf="$TMP/n.pdf" "file://$h" >/dev/null 2>&1
	check "html renders to a PDF" test -s "$TMP/n.pdf"
	check "the PDF has pages" grep -aq '/Type */Page' "$TMP/n.pdf"
else
	echo "# skip: chromium not installed (no render test)"
fi

# The ledger stream on stdin gives the same notice.
wmsj-points export --to 2026-09-30 > "$TMP/stream.csv"
run_in "$TMP/stream.csv" wmsj-report notice --quarter 2026Q3 --format csv -
status_is 0
cut -d, -f1-11 "$out" > "$TMP/a"; cut -d, -f1-11 "$TMP/notice.csv" > "$TMP/b"
check "stdin notice has the register's figures" cmp -s "$TMP/a" "$TMP/b"
check "stdin notice is sealed with the last row it read" test "$(col seal | head -1 | cut -c1-9)" = T00000025

run wmsj-report exchanges --quarter 2026Q3
out_is <<'OUT'
date,station,station_name,name,card_no,item,item_name,qty,points
2026-09-28,610724109001,堰口社区新时代文明实践站,吉*祥,610724109001-**********,G06,香皂,1,10
2026-09-28,610724109003,古城社区新时代文明实践站,姜*,610724109003-**********,G06,香皂,2,20
OUT
run wmsj-report monthly --month 2026-09
out_has "2026-09,610724109001,堰口社区新时代文明实践站,1,10,10,100,10,0,20"
out_has "2026-09,610724109003,古城社区新时代文明实践站,1,10,10,200,20,20,35"
run wmsj-report ranking --year 2026 --top 1
status_is 0
check "ranking: the October volunteer leads with 25 points" test "$(col points | head -1)" = 25
run wmsj-report ranking --year 2026 --stations --by points
check "station ranking" test "$(col station | head -1)" = 610724109003
run wmsj-report stars
check "stars column" test "$(col stars | sort -u)" = 0
run wmsj-report stats --year 2026
out_has "2026,610724109001,堰口社区新时代文明实践站,3420,10,0.0029,0.1300,no,2,2,0.18,115,10,0,0"
# the town's one shared exchange point holds the goods: a row of its own
out_has "2026,,堰口镇新时代文明实践所,0,0,,,,0,0,,0,0,0,7"
run wmsj-report certificate V610724109001-0002
status_is 0
out_has "兹证明 胡福桂"
out_has "610724********"
out_has "茶乡微讲堂"

# A county centre: two towns in one run.
E=$TMP/e; mkdir -p "$E"
sed 's/610724109/610724110/; s/堰口/茶镇/' "$TOP/examples/data/wmsj.yaml" | sed 's/"610724109/"610724110/' > "$E/wmsj.yaml"
run wmsj-report -d "$D" -d "$E" stats --year 2026
status_is 0
check "both towns' stations, and the first's shared exchange point" test "$(col station | wc -l)" = 13
run wmsj-report -d "$D" -d "$D" stats
status_is 3
err_has "is in both"
run wmsj-report notice
status_is 2
done_testing
