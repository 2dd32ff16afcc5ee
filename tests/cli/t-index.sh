#!/bin/bash
# The derived indexes (.ledger.idx, .volunteers.idx, .history.idx): a command about one
# volunteer answers exactly as without them, whether they are current,
# behind, stale, truncated, forged, planted as links, or deleted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
idn=$(awk -F, 'NR==2{print $2}' "$TOP/examples/data/volunteers-import.csv")
keys="V610724109001-0001 V610724109003-0002 V610724109003-0003 $(card_of V610724109001-0002) $idn V610724109999-0001"
rm -f "$D/.ledger.idx" "$D/.volunteers.idx"

# every answer about one volunteer, with the indexes as they are now
answers() {
	for k in $keys; do
		echo "== $k"
		wmsj-volunteer show "$k" --format csv 2>&1; echo "status $?"
		wmsj-points balance "$k" --format csv 2>&1; echo "status $?"
		wmsj-points balance "$k" --as-of 2026-09-30 --format csv 2>&1; echo "status $?"
		wmsj-points history "$k" --format csv 2>&1; echo "status $?"
	done
}
same() { # label
	answers > "$TMP/got"
	if diff -u "$TMP/want" "$TMP/got" > "$TMP/diff"; then _ok "$1: the same answers"
	else _notok "$1: answers differ"; head -20 "$TMP/diff" | sed 's/^/#   /'; fi
}
WMSJ_NO_INDEX=1 answers > "$TMP/want"
check "without indexes nothing is written" test ! -e "$D/.ledger.idx" -a ! -e "$D/.volunteers.idx"
check "the answers name the unknown key" grep -q "unknown volunteer 'V610724109999-0001'" "$TMP/want"

same "first use (indexes written)"
check "the ledger's index was written, 0600" test "$(stat -c %a "$D/.ledger.idx")" = 600
check "the register's index was written, 0600" test "$(stat -c %a "$D/.volunteers.idx")" = 600
check "no ID number in the register's index" test "$(grep -c "$idn" "$D/.volunteers.idx")" = 0
same "second use (indexes read)"

# rows and register changes since the indexes: still the same answers
wmsj-points award --activity A610724109001-0002 --certifier 刘专干 --supervisor 陈德明 \
	V610724109001-0004 >/dev/null
wmsj-volunteer update V610724109001-0001 --phone 13900000009 >/dev/null
WMSJ_NO_INDEX=1 answers > "$TMP/want"
same "after an award and an update"

cp "$D/.ledger.idx" "$TMP/lidx"; cp "$D/.volunteers.idx" "$TMP/vidx"
# truncated
head -c 1000 "$TMP/lidx" > "$D/.ledger.idx"; head -c 1000 "$TMP/vidx" > "$D/.volunteers.idx"
same "truncated indexes"
# one byte changed near the end of each (a slice, an offset)
for f in lidx vidx; do
	n=$(stat -c %s "$TMP/$f")
	cp "$TMP/$f" "$TMP/$f.bad"
	printf '\377' | dd of="$TMP/$f.bad" bs=1 seek=$((n - 2)) conv=notrunc 2>/dev/null
done
cp "$TMP/lidx.bad" "$D/.ledger.idx"; cp "$TMP/vidx.bad" "$D/.volunteers.idx"
same "a byte changed in each"
# garbage
head -c 5000 /dev/urandom > "$D/.ledger.idx"; head -c 5000 /dev/urandom > "$D/.volunteers.idx"
same "garbage in their place"
# stale: the indexes of another data directory's state (taken before the
# award and update above, then the ledger and register moved on)
E=$TMP/e; mkdir "$E"; cp -a "$D/." "$E/"; rm -f "$E/.ledger.idx" "$E/.volunteers.idx"
WMSJ_DATA=$E wmsj-points award --activity A610724109001-0002 --certifier 刘专干 --supervisor 陈德明 \
	V610724109001-0005 >/dev/null
WMSJ_DATA=$E wmsj-points balance V610724109001-0001 >/dev/null
WMSJ_DATA=$E wmsj-volunteer show V610724109001-0001 >/dev/null
cp "$E/.ledger.idx" "$D/.ledger.idx"; cp "$E/.volunteers.idx" "$D/.volunteers.idx"
same "indexes of another directory"
# a link planted in their place is neither followed nor written through
rm -f "$D/.ledger.idx" "$D/.volunteers.idx"
echo precious > "$TMP/target"
ln -s "$TMP/target" "$D/.ledger.idx"; ln -s "$TMP/target" "$D/.volunteers.idx"
same "links in their place"
check "the link's target is untouched" test "$(cat "$TMP/target")" = precious
# deleted
rm -f "$D/.ledger.idx" "$D/.volunteers.idx"
same "indexes deleted"
run wmsj-audit verify
status_is 0
out_empty
check "the indexes written again" test -f "$D/.ledger.idx" -a -f "$D/.volunteers.idx"

# wmsj-audit: current indexes are no finding, nor another directory's
# (never used, written again); forged ones, their digests made again, are
# errors.
run wmsj-audit verify --severity info
status_is 0
out_empty
# (E's ledger index, written before its award, is bound to a row D has too:
# written again after it, it is bound to a row D lacks)
rm -f "$E/.ledger.idx"; WMSJ_DATA=$E wmsj-points balance V610724109001-0001 >/dev/null
cp "$E/.ledger.idx" "$D/.ledger.idx"; cp "$E/.volunteers.idx" "$D/.volunteers.idx"
run wmsj-audit verify --severity info
status_is 0
out_empty
rm -f "$D/.ledger.idx" "$D/.volunteers.idx"
WMSJ_NO_INDEX=1 answers > "$TMP/want"
same "written again"
# a bound register index whose keys point at each other's lines: an
# error for the audit, and not believed by a lookup
python3 "$TOP/tests/cli/forge-index.py" "$D/.volunteers.idx" swap
run wmsj-audit verify --format csv
status_is 1
check "a forged register index is an error" grep -q '^error,index,.volunteers.idx,' "$out"
same "register index with lines exchanged"
rm -f "$D/.volunteers.idx"
# a bound ledger index that leaves a row out: its rows check out, so a
# lookup cannot tell; the audit, which reads every row, can
python3 "$TOP/tests/cli/forge-index.py" "$D/.ledger.idx" drop
run wmsj-audit verify --format csv
status_is 1
check "a ledger index leaving a row out is an error, at the row" grep -q '^error,index,ledger.csv:[0-9]*,' "$out"
rm -f "$D/.ledger.idx"
same "the forged index deleted"
run wmsj-audit verify
status_is 0

# The history's index (.history.idx): the applications' events read through
# it; swapped lists are not believed, and the audit says so.
wmsj-points apply --activity A610724109001-0002 V610724109001-0006 >/dev/null
wmsj-points apply --activity A610724109001-0002 V610724109001-0007 >/dev/null
WMSJ_NO_INDEX=1 wmsj-points pending --format csv > "$TMP/pwant"
run wmsj-points pending --format csv
status_is 0
check "the history's index written" test -f "$D/.history.idx"
check "pending through the history's index" diff -u "$TMP/pwant" "$out"
python3 "$TOP/tests/cli/forge-index.py" "$D/.history.idx" swap
run wmsj-audit verify --format csv
status_is 1
check "a forged history index is an error" grep -q '^error,index,.history.idx,' "$out"
run wmsj-points pending --format csv
check "pending as without it" diff -u "$TMP/pwant" "$out"
rm -f "$D/.history.idx"
run wmsj-points pending --format csv
check "pending with it deleted" diff -u "$TMP/pwant" "$out"
run wmsj-audit verify
status_is 0

# A read-only data directory: the answers, no index, no complaint.
rm -f "$D/.ledger.idx" "$D/.volunteers.idx"
if [ "$(id -u)" -ne 0 ]; then
	chmod 500 "$D"
	same "a directory the user cannot write"
	chmod 700 "$D"
fi
done_testing
