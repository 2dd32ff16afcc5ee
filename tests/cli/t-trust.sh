#!/bin/bash
# What the seal, a notice and verify can be trusted for: every directory of
# a county run is audited; what the chain does not cover is found.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
found() { # check where
	if awk -F, -v c="$1" -v w="$2" 'NR>1 && $2==c && $3==w {f=1} END{exit !f}' "$out"; then
		_ok "$1 found at $2"; else _notok "$1 not found at $2: $_last"; head -5 "$out" | sed 's/^/#   /'; fi
}
copy() { rm -rf "$TMP/$1"; cp -r "$D" "$TMP/$1"; }

# ---- a county run: wmsj-audit -d A -d B audits both ----------------------------
copy a; copy b
run wmsj-audit -d "$TMP/a" -d "$TMP/b" verify
status_is 0
out_empty
err_empty
sed -i '7s/,10,2,/,40,2,/' "$TMP/a/ledger.csv"
run wmsj-audit -d "$TMP/a" -d "$TMP/b" verify
status_is 1
found chain "$TMP/a/ledger.csv:7"
check "the clean directory has no finding" sh -c "! grep -qF '$TMP/b/' '$out'"
run wmsj-audit -d "$TMP/b" -d "$TMP/a" verify
status_is 1
found chain "$TMP/a/ledger.csv:7"
# every check of a full audit, for each directory
run wmsj-audit -d "$TMP/b" -d "$TMP/a" --year 2026
status_is 1
found chain "$TMP/a/ledger.csv:7"
check "the other directory's standards are checked too" \
	grep -q "^warning,team-size,$TMP/b/610724109001," "$out"
# a notice is checked against one directory
run wmsj-audit -d "$TMP/a" -d "$TMP/b" notice /dev/null
status_is 2
err_is <<ERR
wmsj-audit: a notice is checked against one data directory: give one -d DIR
Try 'wmsj-audit --help'.
ERR

# ---- what the seal covers -----------------------------------------------------
wmsj-report notice --quarter 2026Q3 --station 610724109001 --format csv > "$TMP/n.csv"
run wmsj-audit notice "$TMP/n.csv"
status_is 0
out_empty
# A seal of sequence 0 names no row: nothing to check the figures against.
sed '2,$s/,T[0-9]*:[0-9a-f]*\//,T00000000:0000000000000000000000000000000000000000000000000000000000000000\//' \
	"$TMP/n.csv" > "$TMP/n0.csv"
run wmsj-audit notice "$TMP/n0.csv"
status_is 1
out_is <<OUT
severity,check,where,message,station,volunteer,txn
error,notice-seal,$TMP/n0.csv,the notice's seal 'T00000000' names no ledger row: it certifies nothing,,,T00000000
OUT
# A seal the ledger does not hold.
sed '2,$s/,T[0-9]*:/,T00000099:/' "$TMP/n.csv" > "$TMP/n99.csv"
run wmsj-audit notice "$TMP/n99.csv"
status_is 1
found notice-seal "$TMP/n99.csv"
# Masked names and card numbers swapped between two rows.
awk -F, -v OFS=, 'NR==2{n=$5; c=$6} NR==3{t=$5; $5=n; n=t; u=$6; $6=c; c=u} {r[NR]=$0; f5[NR]=$5; f6[NR]=$6}
	END{for(i=1;i<=NR;i++){ if(i==2){split(r[2],a,","); a[5]=n; a[6]=c; s=a[1]; for(k=2;k<=length(a);k++) s=s","a[k]; print s} else print r[i]}}' \
	"$TMP/n.csv" > "$TMP/nsw.csv"
check "the names were swapped" sh -c "! cmp -s '$TMP/n.csv' '$TMP/nsw.csv'"
run wmsj-audit notice "$TMP/nsw.csv"
status_is 1
found notice "$TMP/nsw.csv:2"
found notice "$TMP/nsw.csv:3"
out_has "name is 胡*桂 on the notice, 吉*祥 in the register"
out_has "name is 吉*祥 on the notice, 胡*桂 in the register"
# The station's name is part of what is certified too.
sed '3s/,堰口社区新时代文明实践站,/,别的站,/' "$TMP/n.csv" > "$TMP/nst.csv"
run wmsj-audit notice "$TMP/nst.csv"
status_is 1
found notice "$TMP/nst.csv:3"

# No ledger and no seals, while volunteers, activities and closes are registered.
copy x; rm -rf "$TMP/x/ledger.csv" "$TMP/x/seals"
run wmsj-audit -d "$TMP/x" verify
status_is 1
out_is <<OUT
severity,check,where,message,station,volunteer,txn
error,history,ledger.csv,"the ledger is missing, but there are 60 volunteers, 3 activities, 0 sealed months and 0 published notices",,,
OUT
copy x; rm -f "$TMP/x/ledger.csv"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found history ledger.csv
out_has "the ledger is missing, but there are 60 volunteers, 3 activities, 1 sealed months and 0 published notices"
# A fresh town (nothing registered yet, or only volunteers: registering
# writes no ledger) has no ledger and that is fine.
mkdir -p "$TMP/fresh"; cp "$TOP/examples/data/wmsj.yaml" "$TMP/fresh/"
run wmsj-audit -d "$TMP/fresh" verify
status_is 0
wmsj-volunteer -d "$TMP/fresh" import --date 2026-08-01 "$TOP/examples/data/volunteers-import.csv" >/dev/null 2>&1
check "registered, no ledger" test -s "$TMP/fresh/history.csv" -a ! -e "$TMP/fresh/ledger.csv"
run wmsj-audit -d "$TMP/fresh" verify
status_is 0

# A close row whose snapshot was deleted.
copy x; rm -f "$TMP/x/seals/2026-09.csv"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found seal seals/2026-09.csv
out_has "the close row of 2026-09 (ledger.csv:26) has no snapshot: closing the month again restores it"
# Closing the month again restores it, byte for byte, from the rows before its close row.
run wmsj-points -d "$TMP/x" close --month 2026-09 --clerk 刘专干 --format csv
status_is 0
out_has "2026-09,T00000025,"
check "the snapshot is restored as sealed" cmp "$D/seals/2026-09.csv" "$TMP/x/seals/2026-09.csv"
run wmsj-audit -d "$TMP/x" verify
status_is 0
run wmsj-points -d "$TMP/x" close --month 2026-09 --clerk 刘专干
status_is 1
err_has "already sealed"
# ... never from rows that no longer give what was sealed.
copy x; rm -f "$TMP/x/seals/2026-09.csv"; sed -i '7s/,10,2,/,40,2,/' "$TMP/x/ledger.csv"
run wmsj-points -d "$TMP/x" close --month 2026-09 --clerk 刘专干
check "a rewritten ledger restores no snapshot" test ! -e "$TMP/x/seals/2026-09.csv"
check "and says so (status $status)" test "$status" -ne 0

# Every notice kept in notices/ is checked as wmsj-audit notice checks one.
copy x; mkdir -p "$TMP/x/notices"
wmsj-report -d "$TMP/x" notice --quarter 2026Q3 --format csv --out "$TMP/x/notices" >/dev/null
run wmsj-audit -d "$TMP/x" verify
status_is 0
sed -i '3s/,10,0,0,10,2,/,30,0,0,10,2,/' "$TMP/x/notices/2026Q3-610724109001.csv"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found notice notices/2026Q3-610724109001.csv:3
run wmsj-audit -d "$TMP/x" --year 2026
status_is 1
found notice notices/2026Q3-610724109001.csv:3

# ---- a quarter not over: refused, or a preview that says so -------------------
run wmsj-report notice --quarter 2026Q4 --station 610724109001 --format csv
status_is 1
out_empty
err_is <<'ERR'
wmsj-report: quarter '2026Q4' has not ended (it ends on 2026-12-31): its notice would not be final; --preview prints one marked as a preview
ERR
run wmsj-report notice --quarter 2026Q4 --station 610724109001 --format csv --preview
status_is 0
check "the preview csv has a preview column" sh -c "head -1 '$out' | grep -q ',seal,preview\$'"
check "every row of the preview says so" sh -c "awk 'NR>1' '$out' | grep -vc ',预览（截至2026-11-22）\$' | grep -qx 0"
cp "$out" "$TMP/p.csv"
for f in text md html; do
	run wmsj-report notice --quarter 2026Q4 --station 610724109001 --format $f --preview
	status_is 0
	out_has "文明实践志愿服务积分公示（预览）"
	out_has "本表为截至2026年11月22日的数字"
done
run wmsj-report notice --quarter 2026Q4 --station 610724109001 --format xlsx --preview --out "$TMP/px"
status_is 0
out_is <<OUT
$TMP/px/2026Q4-610724109001-preview.xlsx
OUT
# An ended quarter is final, with --preview or without.
run wmsj-report notice --quarter 2026Q3 --station 610724109001 --format csv --preview
status_is 0
check "an ended quarter's notice is the final one" cmp -s "$out" "$TMP/n.csv"
# wmsj-audit never certifies a preview as final, with its column or without.
run wmsj-audit notice "$TMP/p.csv"
status_is 1
found notice "$TMP/p.csv:2"
out_has "the notice is a preview (预览（截至2026-11-22）), not a final notice"
cut -d, -f1-12 "$TMP/p.csv" > "$TMP/p2.csv"
run wmsj-audit notice "$TMP/p2.csv"
status_is 1
out_is <<OUT
severity,check,where,message,station,volunteer,txn
error,notice,$TMP/p2.csv,quarter '2026Q4' has not ended (it ends on 2026-12-31): no notice of it is final yet,,,
OUT

# ---- a masked card never gives the card away -------------------------------------
# A card number alone redeems points: the masked card shows the station and
# no digit of the rest (legacy cards hid a running serial; new cards are
# random, but a digit shown would still narrow a guess).
check "the notice shows no digit of a card past the station" \
	sh -c "awk -F, 'NR>1{print \$6}' '$TMP/n.csv' | grep -vx '610724109001-\*\*\*\*\*\*\*\*\*\*' | grep -c . | grep -qx 0"
run wmsj-report exchanges --quarter 2026Q3 --station 610724109001 --format csv
status_is 0
out_is <<'OUT'
date,station,station_name,name,card_no,item,item_name,qty,points
2026-09-28,610724109001,堰口社区新时代文明实践站,吉*祥,610724109001-**********,G06,香皂,1,10
OUT

done_testing
