#!/bin/bash
# wmsj-audit: a clean scenario passes; each kind of tampering and each
# anomaly is made to happen, then found and located.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario

run wmsj-audit verify
status_is 0
out_empty
err_empty

# A copy of the clean data for each case.
fresh() { rm -rf "$TMP/x"; cp -r "$D" "$TMP/x"; L=$TMP/x/ledger.csv; }
found() { # check where
	if awk -F, -v c="$1" -v w="$2" 'NR>1 && $2==c && $3==w {f=1} END{exit !f}' "$out"; then
		_ok "$1 found at $2"; else _notok "$1 not found at $2: $_last"; head -5 "$out" | sed 's/^/#   /'; fi
}

# forge LEDGER: append the rows given on stdin (every field after the txn and
# before the hash) with the next txns and a correct chain, as an insider with
# the file could.
forge() {
	python3 -c '
import hashlib, sys
p = sys.argv[1]; lines = open(p, encoding="utf-8").read().rstrip("\n").split("\n")
prev = lines[-1].rsplit(",", 1)[1]; seq = len(lines)
for f in sys.stdin.read().splitlines():
    body = "T%08d," % seq + f
    h = hashlib.sha256((prev + body).encode()).hexdigest()
    lines.append(body + "," + h); prev = h; seq += 1
open(p, "w", encoding="utf-8").write("\n".join(lines) + "\n")' "$1"
}

fresh; sed -i '7s/,10,2,/,40,2,/' "$L"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found chain ledger.csv:7

fresh; sed -i '9d' "$L"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found sequence ledger.csv:9
found chain ledger.csv:9

fresh; sed -i '9{h;d};10G' "$L"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found sequence ledger.csv:9
found chain ledger.csv:9

fresh; sed -i '9p' "$L"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found sequence ledger.csv:10

fresh; sed -i '9s/^/T00000008,2026-09-15,award,V610724109001-0009,610724109001,50,2,,,A610724109001-0001,,,2026-11-22T10:00:00,x,x,x,,,0000000000000000000000000000000000000000000000000000000000000000\n/' "$L"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found chain ledger.csv:9

fresh; truncate -s -20 "$L"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found torn-tail ledger.csv:29

# A chain rewritten consistently from row 5 on: every hash recomputed.
fresh
awk -F, 'NR==5{$6=40} {print}' OFS=, "$L" > "$TMP/l2"
python3 - "$TMP/l2" "$L" <<'PY' 2>/dev/null || { perl -e1; }
import hashlib, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
out = [lines[0]]; prev = '0' * 64
for l in lines[1:]:
    if not l: continue
    body = l[:l.rfind(',')]
    h = hashlib.sha256((prev + body).encode()).hexdigest()
    out.append(body + ',' + h); prev = h
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(out) + '\n')
PY
run wmsj-audit -d "$TMP/x" verify
status_is 1
found seal seals/2026-09.csv
run wmsj-audit -d "$TMP/x" notice "$TMP/notice.csv" 2>/dev/null
wmsj-report notice --quarter 2026Q3 --format csv > "$TMP/notice.csv"
run wmsj-audit -d "$TMP/x" notice "$TMP/notice.csv"
status_is 1
check "a rewritten ledger fails the published notice" grep -q notice-seal "$out"

# A published notice: true passes, a changed number or a missing row is found.
run wmsj-audit notice "$TMP/notice.csv"
status_is 0
sed '3s/,10,0,0,10,2,/,30,0,0,10,2,/' "$TMP/notice.csv" > "$TMP/n2.csv"
run wmsj-audit notice "$TMP/n2.csv"
status_is 1
found notice "$TMP/n2.csv:3"
sed '4d' "$TMP/notice.csv" > "$TMP/n3.csv"
run wmsj-audit notice "$TMP/n3.csv"
status_is 1
check "a missing volunteer is found" grep -q "is missing from the notice" "$out"
fresh; head -n 20 "$L" > "$TMP/cut"; cp "$TMP/cut" "$L"; rm -rf "$TMP/x/seals"
run wmsj-audit -d "$TMP/x" notice "$TMP/notice.csv"
status_is 1
check "a ledger cut short fails the notice" grep -q "no longer holds" "$out"

# Anomalies, written through a forged but well-chained tail (an insider with
# the file): a redemption over balance, an award to an unknown volunteer,
# self-certification, no supervisor, a duplicate award, a sealed month.
fresh
N6=$(wmsj-volunteer show V610724109001-0006 --format csv | awk -F, 'NR==2{print $3}')
forge "$L" <<EOF
2026-10-20,redeem,V610724109001-0004,610724109001,-100,0,G06,-10,,610724109001-000004,,2026-10-20T10:00:00,x,,,,
2026-10-20,award,V610724109999-0001,610724109001,5,1,,,A610724109001-0002,,,2026-10-20T10:00:00,x,x,y,,
2026-10-21,award,V610724109001-0006,610724109001,5,1,,,A610724109001-0002,,,2026-10-21T10:00:00,$N6,$N6,y,,
2026-10-21,award,V610724109001-0007,610724109001,5,1,,,A610724109001-0002,,,2026-10-21T10:00:00,x,x,,,
2026-10-21,award,V610724109001-0002,610724109001,5,1,,,A610724109001-0002,,,2026-10-21T10:00:00,x,x,y,,
2026-09-30,award,V610724109001-0008,610724109001,5,1,,,A610724109001-0001,,,2026-10-21T23:00:00,x,x,y,,
EOF
run wmsj-audit -d "$TMP/x" --year 2026
status_is 1
found over-redeem ledger.csv:30
found unknown-volunteer ledger.csv:31
found duplicate-award ledger.csv:34
found no-supervisor ledger.csv:33
found sealed-month ledger.csv:35
check "self-certification found" grep -q "self-certification" "$out"
check "stock below zero found" grep -q "^error,stock," "$out"
check "team size below 20" grep -q "^warning,team-size,610724109001," "$out"
check "no exchange day in a month" grep -q "^warning,exchange-day,610724109001," "$out"
check "no notice published" grep -q "^warning,notice,610724109001," "$out"
run wmsj-audit -d "$TMP/x" --station 610724109003
check "--station keeps to one station" sh -c "! grep -q ',610724109001,' '$out'"
# More anomalies through a forged tail, with low thresholds in wmsj.yaml:
# an award to a cleared volunteer, to a suspended one, over the cap, to more
# participants than plausible, a burst outside office hours, a second
# reversal of one row, an award for an activity of a month already sealed.
fresh
sed -i 's/^  max_participants: 200 /  max_participants: 2 /; s/^  burst: 50/  burst: 2/' "$TMP/x/wmsj.yaml"
WMSJ_TODAY=2026-10-01 WMSJ_NOW=2026-10-01T09:00:00 \
	wmsj-volunteer -d "$TMP/x" suspend V610724109001-0005 --reason 外出务工 >/dev/null
A2=,,,A610724109001-0002,,,
forge "$L" <<EOF
2026-10-12,award,V610724109003-0003,610724109003,15,3${A2}2026-10-12T10:00:00,x,x,y,,
2026-10-12,award,V610724109001-0005,610724109001,15,3${A2}2026-10-12T10:01:00,x,x,y,,
2026-10-12,award,V610724109001-0006,610724109001,80,3${A2}2026-10-12T10:02:00,x,x,y,,
2026-10-12,award,V610724109001-0007,610724109001,15,3${A2}2026-10-12T23:00:00,night,x,y,,
2026-10-12,award,V610724109001-0008,610724109001,15,3${A2}2026-10-12T23:05:00,night,x,y,,
2026-10-13,reverse,V610724109001-0003,610724109001,-15,-3,,,A610724109001-0002,T00000027,award,2026-10-13T10:00:00,x,,,所长,again
2026-10-20,award,V610724109001-0009,610724109001,10,2,,,A610724109001-0001,,,2026-10-20T10:00:00,x,x,y,,
EOF
run wmsj-audit -d "$TMP/x" verify
check "the forged tail is well chained" sh -c "! grep -q -e ',chain,' -e ',sequence,' '$out'"
run wmsj-audit -d "$TMP/x" --year 2026
status_is 1
found award-cleared ledger.csv:30
found participants ledger.csv:30
found award-status ledger.csv:31
found over-cap ledger.csv:32
found burst ledger.csv:34
found reverse ledger.csv:35
found sealed-month ledger.csv:36
check "monthly-activity found" grep -q "^warning,monthly-activity,610724109003,.*2026-10" "$out"
check "participation found" grep -q "^warning,participation,610724109001," "$out"
check "the capped checks are summed up in check order" \
	sh -c "grep '^info,' '$out' | cut -d, -f2 | sort -c"

# The register's file is a view of its history: an ID number changed in it
# by hand is found at its row, named by the field (never by its value).
fresh
awk -F, 'BEGIN{OFS=","} NR==3{c=substr($4,18,1); $4=substr($4,1,17) (c=="1"?"2":"1")} {print}' \
	"$TMP/x/volunteers.csv" > "$TMP/v2" && cat "$TMP/v2" > "$TMP/x/volunteers.csv"
run wmsj-audit -d "$TMP/x" verify
status_is 1
found register-view volunteers.csv:3
out_has "differs from the register's history in id_number: changed by hand"

# A snapshot forged consistently with its close row and the chain after it:
# the balances in it differ from the rows, and the recomputation finds it.
# (Possible only when rows of the next month were written before the close,
# so that the snapshot does not depend on the close row's own hash.)
S=$TMP/s; mkdir -p "$S"; cp "$TOP/examples/data/wmsj.yaml" "$S/"
wmsj-volunteer -d "$S" import --date 2026-08-01 "$TOP/examples/data/volunteers-import.csv" >/dev/null 2>&1
wmsj-points -d "$S" activity add --station 610724109001 --date 2026-09-15 --platform theory --title a --points 10 >/dev/null
wmsj-points -d "$S" activity add --station 610724109001 --date 2026-10-05 --platform theory --title b --points 10 >/dev/null
wmsj-points -d "$S" award --activity A610724109001-0001 --certifier c --supervisor s V610724109001-0001 V610724109001-0002 >/dev/null
wmsj-points -d "$S" award --activity A610724109001-0002 --certifier c --supervisor s V610724109001-0001 >/dev/null
wmsj-points -d "$S" close --month 2026-09 --clerk c >/dev/null
run wmsj-audit -d "$S" verify
status_is 0
python3 - "$S" <<'PY'
import hashlib, sys
d = sys.argv[1]
snap = open(d + '/seals/2026-09.csv', encoding='utf-8').read()
old = hashlib.sha256(snap.encode()).hexdigest()
snap = snap.replace('\nV610724109001-0002,10,0,0,10,', '\nV610724109001-0002,90,0,0,90,')
new = hashlib.sha256(snap.encode()).hexdigest()
open(d + '/seals/2026-09.csv', 'w', encoding='utf-8').write(snap)
lines = open(d + '/ledger.csv', encoding='utf-8').read().rstrip('\n').split('\n')
out = [lines[0]]; prev = '0' * 64
for l in lines[1:]:
    body = l.rsplit(',', 1)[0].replace('snapshot=' + old, 'snapshot=' + new)
    h = hashlib.sha256((prev + body).encode()).hexdigest()
    out.append(body + ',' + h); prev = h
open(d + '/ledger.csv', 'w', encoding='utf-8').write('\n'.join(out) + '\n')
PY
run wmsj-audit -d "$S" verify
status_is 1
found snapshot seals/2026-09.csv
check "the forged account is named" grep -q "^error,snapshot,.*V610724109001-0002" "$out"

run wmsj-audit -d "$TMP/x" verify --format table
status_is 1
out_has "severity"
run wmsj-audit bogus
status_is 2
done_testing
