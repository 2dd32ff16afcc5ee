#!/bin/bash
# The ledger's state checkpoint (.ledger.state): `balance` of everyone
# answers exactly as a full scan does, whether the checkpoint is current,
# behind, truncated, garbage, forged, planted as a link, or deleted; and
# wmsj-audit finds one that was forged.  More rows than LEDGER_INDEX_TAIL
# (4,096) with no month closed, so that one is written.
. "$(dirname "$0")/lib.sh"
D=$TMP/d; mkdir -p "$D"
cp "$TOP/examples/data/wmsj.yaml" "$D/"
export WMSJ_DATA=$D
# 4,200 volunteers (valid ID numbers), one award each, no month closed
python3 - "$TMP/vols.csv" <<'PY'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
with open(sys.argv[1], "w") as f:
    f.write("name,id_number,phone,station,tags,platform_no\n")
    for i in range(4200):
        b = "610724%04d%02d%02d%03d" % (1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000)
        c = "10X98765432"[sum(int(x) * y for x, y in zip(b, w)) % 11]
        f.write("志愿者%d,%s%s,139%08d,610724109001,,\n" % (i, b, c, i))
PY
check "4,200 volunteers imported" sh -c "wmsj-volunteer import --date 2026-08-01 '$TMP/vols.csv' >/dev/null 2>&1"
wmsj-points activity add --station 610724109001 --date 2026-09-15 --platform theory \
	--title 茶乡微讲堂 --points 10 --hours 2 >/dev/null
check "4,200 awards" sh -c "wmsj-volunteer list --format csv | wmsj-points award --activity A610724109001-0001 --certifier 刘专干 --supervisor 陈德明 - >/dev/null"
check "no month closed" test ! -d "$D/seals" -o -z "$(ls "$D/seals" 2>/dev/null)"
rm -f "$D/.ledger.state"

WMSJ_NO_INDEX=1 wmsj-points balance --format csv > "$TMP/want" 2>&1
check "without indexes no checkpoint is written" test ! -e "$D/.ledger.state"
same() { # label
	wmsj-points balance --format csv > "$TMP/got" 2>&1
	if diff -u "$TMP/want" "$TMP/got" > "$TMP/diff"; then _ok "$1: the same balances"
	else _notok "$1: balances differ"; head -20 "$TMP/diff" | sed 's/^/#   /'; fi
}
same "first (the ledger read whole)"
check "the checkpoint was written, 0600" test "$(stat -c %a "$D/.ledger.state")" = 600
check "it names the last row" grep -q "^row,T00004200," "$D/.ledger.state"
same "second (from the checkpoint)"
check "WMSJ_NO_SNAPSHOT gives the same" sh -c "WMSJ_NO_SNAPSHOT=1 wmsj-points balance --format csv | cmp -s - '$TMP/want'"

# rows since: read after the checkpoint
check "goods received" sh -c "wmsj-points stock --item G06 --qty 10 --donor 镇商会 --station 610724109001 --date 2026-09-20 >/dev/null"
check "a redemption" sh -c "wmsj-points redeem --card '$(card_of V610724109001-0001)' --item G06 --clerk 刘专干 --date 2026-09-28 >/dev/null"
WMSJ_NO_INDEX=1 wmsj-points balance --format csv > "$TMP/want" 2>&1
same "after rows written since"

cp "$D/.ledger.state" "$TMP/state"
head -c 300 "$TMP/state" > "$D/.ledger.state"
same "truncated"
head -c 5000 /dev/urandom > "$D/.ledger.state"
same "garbage"
rm -f "$D/.ledger.state"; echo precious > "$TMP/target"; ln -s "$TMP/target" "$D/.ledger.state"
same "a link in its place"
check "the link's target is untouched" test "$(cat "$TMP/target")" = precious
rm -f "$D/.ledger.state"
same "deleted"
run wmsj-audit verify
status_is 0
out_empty

# forged: a balance changed and the body's SHA-256 recomputed
python3 - "$D/.ledger.state" <<'PY'
import hashlib, sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
head, body = t.split("\ntotals,", 1)
body = "totals," + body
lines = body.split("\n")
for i, l in enumerate(lines):
    f = l.split(",")
    if len(f) == 9 and f[0].startswith("V"):
        f[4] = str(int(f[4]) + 100)   # balance
        lines[i] = ",".join(f)
        break
body = "\n".join(lines)
h = [l for l in head.split("\n") if not l.startswith("body,")]
h.append("body," + hashlib.sha256(body.encode()).hexdigest())
open(p, "w", encoding="utf-8").write("\n".join(h) + "\n" + body)
PY
run wmsj-audit verify --format csv
status_is 1
out_has ".ledger.state is not the ledger's state after this row"
out_has "error,index,ledger.csv:"
rm -f "$D/.ledger.state"
run wmsj-audit verify
status_is 0
same "after the forged one is deleted"
done_testing
