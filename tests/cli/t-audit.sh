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
python3 - "$L" "$N6" <<'PY'
import hashlib, sys
p = sys.argv[1]; n6 = sys.argv[2]; lines = open(p, encoding='utf-8').read().rstrip('\n').split('\n')
prev = lines[-1].rsplit(',', 1)[1]; seq = len(lines)
def add(f):
    global prev, seq
    body = 'T%08d,' % seq + f
    h = hashlib.sha256((prev + body).encode()).hexdigest()
    lines.append(body + ',' + h); prev = h; seq += 1
add('2026-10-20,redeem,V610724109001-0004,610724109001,-100,0,G06,-10,,610724109001-000004,,2026-10-20T10:00:00,x,,,,')
add('2026-10-20,award,V610724109999-0001,610724109001,5,1,,,A610724109001-0002,,,2026-10-20T10:00:00,x,x,y,,')
add('2026-10-21,award,V610724109001-0006,610724109001,5,1,,,A610724109001-0002,,,2026-10-21T10:00:00,' + n6 + ',' + n6 + ',y,,')
add('2026-10-21,award,V610724109001-0007,610724109001,5,1,,,A610724109001-0002,,,2026-10-21T10:00:00,x,x,,,')
add('2026-10-21,award,V610724109001-0002,610724109001,5,1,,,A610724109001-0002,,,2026-10-21T10:00:00,x,x,y,,')
add('2026-09-30,award,V610724109001-0008,610724109001,5,1,,,A610724109001-0001,,,2026-10-21T23:00:00,x,x,y,,')
open(p, 'w', encoding='utf-8').write('\n'.join(lines) + '\n')
PY
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
run wmsj-audit -d "$TMP/x" verify --format table
status_is 1
out_has "severity"
run wmsj-audit bogus
status_is 2
done_testing
