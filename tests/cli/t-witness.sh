#!/bin/bash
# Seals that leave the machine: wmsj-audit seal writes the hand-over lines,
# wmsj-audit verify --witness checks that every witnessed seal still holds.
# A forger who rewrites and rechains history (forge.py) passes plain verify;
# before the newest witnessed seal the witness finds it, after it nothing can.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
INST=堰口镇新时代文明实践所 CTR=西乡县新时代文明实践中心
found() { # check where [txn]
	if awk -F, -v c="$1" -v w="$2" -v t="${3:-}" 'NR>1 && $2==c && $3==w && (t=="" || $NF==t) {f=1} END{exit !f}' "$out"; then
		_ok "$1 found at $2 ${3:-}"; else _notok "$1 not found at $2 ${3:-}: $_last"; head -5 "$out" | sed 's/^/#   /'; fi
}
copy() { rm -rf "$TMP/$1"; cp -r "$D" "$TMP/$1"; }
forge() { python3 "$TOP/tests/cli/forge.py" "$@"; }
hash_of() { awk -F, -v t="$1" '$1==t{print $NF}' "$D/ledger.csv"; }

# ---- the year so far, and its seals handed over --------------------------------
# September is closed (T00000025) by the scenario; the third quarter's
# notices are published (sealed with the last row then, T00000028); October
# is closed (T00000029), then a November award (T00000030, T00000031).
mkdir -p "$TMP/pub"
wmsj-report notice --quarter 2026Q3 --format csv --out "$TMP/pub" >/dev/null
# a notice's seal names the register history's last event too (history.csv)
rpart=/$(tail -1 "$D/history.csv" | cut -d, -f1):$(tail -1 "$D/history.csv" | awk -F, '{print $NF}')
wmsj-points close --month 2026-10 --clerk 刘专干 >/dev/null
wmsj-points activity add --station 610724109001 --date 2026-11-05 --platform culture \
	--title 冬季宣讲 --points 5 --hours 1 >/dev/null
wmsj-points award --activity A610724109001-0003 --certifier 刘专干 --supervisor 陈德明 \
	V610724109001-0002 V610724109001-0003 >/dev/null
check "the ledger has 31 rows" test "$(tail -1 "$D/ledger.csv" | cut -d, -f1)" = T00000031

W=$TMP/witness.txt
run wmsj-audit seal --month 2026-09
status_is 0
err_empty
out_is <<OUT
$INST	$CTR	close	2026-09	T00000025:$(hash_of T00000025)	2026-11-22
OUT
cp "$out" "$W"
run wmsj-audit seal "$TMP/pub/2026Q3-610724109001.csv" "$TMP/pub/2026Q3-610724109003.csv"
status_is 0
check "the notice's seal has the history's part" grep -q ",T00000028:$(hash_of T00000028)$rpart\$" \
	"$TMP/pub/2026Q3-610724109001.csv"
out_is <<OUT
$INST	$CTR	notice	2026Q3-610724109001	T00000028:$(hash_of T00000028)$rpart	2026-11-22
$INST	$CTR	notice	2026Q3-610724109003	T00000028:$(hash_of T00000028)$rpart	2026-11-22
OUT
cat "$out" >> "$W"
run wmsj-audit seal --month 2026-10
status_is 0
cat "$out" >> "$W"
check "the October close is witnessed at line 4" grep -q "	close	2026-10	T00000029:$(hash_of T00000029)	" "$W"
# The head: the ledger's last row, dated 2026-11-05.
run wmsj-audit seal
status_is 0
out_is <<OUT
$INST	$CTR	head	2026-11-05	T00000031:$(hash_of T00000031)	2026-11-22
OUT
# A month not closed has no seal; nothing is printed.
run wmsj-audit seal --month 2026-08
status_is 1
out_empty
err_is <<'ERR'
wmsj-audit: month '2026-08' is not closed: there is no close row to hand over
ERR
run wmsj-audit seal --month 2026-8
status_is 2
# A seal is never taken from a chain that does not verify.
copy x; sed -i '7s/,10,2,/,40,2,/' "$TMP/x/ledger.csv"
run wmsj-audit -d "$TMP/x" seal --month 2026-10
status_is 3
out_empty
err_has "ledger.csv:7"
# A notice whose seal the ledger does not hold is not handed over.
sed '2,$s/,T[0-9]*:/,T00000099:/' "$TMP/pub/2026Q3-610724109001.csv" > "$TMP/n99.csv"
run wmsj-audit seal --month 2026-09 "$TMP/n99.csv"
status_is 1
out_empty
err_has "n99.csv"

# ---- an honest year, verified with the witness ---------------------------------
run wmsj-audit verify --witness "$W"
status_is 0
err_empty
out_is <<OUT
severity,check,where,message,station,volunteer,txn
info,witness,,"witnessed seals of this institute: 4, all hold (the newest: 'T00000029', close 2026-10); lines of other institutes ignored: 0",,,T00000029
OUT
run wmsj-audit --witness "$W" --severity anomaly verify
status_is 0
out_empty
# Lines of other towns are ignored and counted; comments and blank lines too.
{ printf '# 西乡县 county witness file\n\n'; cat "$W"
  printf '茶镇新时代文明实践所\t%s\tclose\t2026-09\tT00000007:%s\t2026-10-08\n' "$CTR" "$(hash_of T00000001)"
  printf '%s\t别的县新时代文明实践中心\tclose\t2026-09\tT00000007:%s\t2026-10-08\n' "$INST" "$(hash_of T00000001)"
} > "$TMP/county.txt"
run wmsj-audit verify --witness "$TMP/county.txt"
status_is 0
out_has "witnessed seals of this institute: 4, all hold (the newest: 'T00000029', close 2026-10); lines of other institutes ignored: 2"

# ---- history rewritten and rechained before the newest witnessed seal ----------
# The certifier of T00000026 changed; the chain and the October snapshot
# recomputed: plain verify cannot see it, the witness of T00000029 can.
copy f; forge "$TMP/f" 27 刘专干 王专干
check "the forgery changed the row" grep -q '^T00000026,.*王专干' "$TMP/f/ledger.csv"
run wmsj-audit -d "$TMP/f" verify
status_is 0
out_empty
run wmsj-audit -d "$TMP/f" verify --witness "$W"
status_is 1
found witness "$W:2" T00000028
found witness "$W:3" T00000028
found witness "$W:4" T00000029
check "September's seal still holds" sh -c "! grep -q '^error,witness,$W:1,' '$out'"
out_has "witnessed seal of close 2026-10: row 'T00000029' no longer has the witnessed hash: the ledger was rewritten at or before it"
out_has "witnessed seals of this institute: 4, still holding: 1 (the newest: 'T00000025', close 2026-09)"
# Before September's seal: every seal after the change is found.
copy f; forge "$TMP/f" 8 刘专干 王专干
run wmsj-audit -d "$TMP/f" verify --witness "$W"
status_is 1
for l in 1 2 3 4; do found witness "$W:$l"; done
# The full audit checks the witness too.
run wmsj-audit -d "$TMP/f" --witness "$W" --year 2026
status_is 1
found witness "$W:4" T00000029
# After the newest witnessed seal nothing but the chain speaks: a rewrite
# there is not found (wmsj(7): what verify cannot prove).
copy f; forge "$TMP/f" 31 刘专干 王专干
run wmsj-audit -d "$TMP/f" verify --witness "$W"
status_is 0
out_has "all hold"

# ---- the ledger cut short ------------------------------------------------------
# Cut back to T00000028 and October's snapshot removed: the chain verifies.
copy c; head -29 "$D/ledger.csv" > "$TMP/c/ledger.csv"; rm "$TMP/c/seals/2026-10.csv"
run wmsj-audit -d "$TMP/c" verify
status_is 0
run wmsj-audit -d "$TMP/c" verify --witness "$W"
status_is 1
found witness "$W:4" T00000029
out_has "witnessed seal of close 2026-10: the ledger no longer has row 'T00000029': it was cut short (or rewritten)"
copy c; head -20 "$D/ledger.csv" > "$TMP/c/ledger.csv"; rm -r "$TMP/c/seals"
run wmsj-audit -d "$TMP/c" verify --witness "$W"
status_is 1
for l in 1 2 3 4; do found witness "$W:$l"; done
# No ledger at all.
copy c; rm "$TMP/c/ledger.csv"
run wmsj-audit -d "$TMP/c" verify --witness "$W"
status_is 1
found witness "$W:1" T00000025

# ---- a directory the witness does not name -----------------------------------
# (wmsj.yaml's institute renamed, or its seals never handed over)
grep -v "^$INST	" "$TMP/county.txt" > "$TMP/others.txt"
run wmsj-audit verify --witness "$TMP/others.txt"
status_is 1
out_has "error,witness,wmsj.yaml,\"no line of the witness files names institute '$INST' of '$CTR'"

# ---- a county: every town checked against its own lines ------------------------
copy a; copy b
sed -i 's/堰口镇/茶镇/' "$TMP/b/wmsj.yaml"
wmsj-audit -d "$TMP/b" seal --month 2026-10 > "$TMP/wb.txt"
run wmsj-audit -d "$TMP/a" -d "$TMP/b" verify --witness "$W" --witness "$TMP/wb.txt"
status_is 0
check "each directory has its summary" test "$(grep -c '^info,witness,' "$out")" = 2
out_has "$TMP/b: witnessed seals of this institute: 1, all hold"
out_has "$TMP/a: witnessed seals of this institute: 4, all hold"
forge "$TMP/b" 27 刘专干 王专干
run wmsj-audit -d "$TMP/a" -d "$TMP/b" verify --witness "$W" --witness "$TMP/wb.txt"
status_is 1
found witness "$TMP/wb.txt:1" T00000029
out_has "$TMP/b: witnessed seal of close 2026-10: row 'T00000029'"
check "the honest town has no error" sh -c "! grep -q '^error,.*$TMP/a: ' '$out'"

# ---- the register history part of a seal -----------------------------------------
sed 's|^\([^	]*	[^	]*	close	2026-09	T00000025:[0-9a-f]*\)|\1/R00000002:'"$(hash_of T00000002)"'|' "$W" > "$TMP/wr.txt"
check "a line with an R part" grep -q '/R00000002:' "$TMP/wr.txt"
run wmsj-audit verify --witness "$TMP/wr.txt"
status_is 1
found witness "$TMP/wr.txt:1"
out_has "history.csv:3: event 'R00000002' no longer carries the sealed hash (the history was rewritten)"
# the event's own hash holds
r2=$(sed -n 3p "$D/history.csv" | awk -F, '{print $NF}')
sed 's|^\([^	]*	[^	]*	close	2026-09	T00000025:[0-9a-f]*\)|\1/R00000002:'"$r2"'|' "$W" > "$TMP/wr2.txt"
run wmsj-audit verify --witness "$TMP/wr2.txt"
status_is 0
out_lacks error
# a directory without its history: the R part cannot hold
cp -r "$D" "$TMP/nohist"; rm "$TMP/nohist/history.csv"
run wmsj-audit -d "$TMP/nohist" verify --witness "$TMP/wr2.txt"
status_is 1
out_has "the seal names register history event 'R00000002', but the directory holds no register history (history.csv)"

# ---- malformed witness files: bad input, file:line, nothing audited ------------
printf '%s\t%s\tclose\t2026-09\tT00000000:%s\t2026-10-08\n' "$INST" "$CTR" "$(hash_of T00000025)" > "$TMP/w0.txt"
cat "$W" "$TMP/w0.txt" > "$TMP/w0b.txt"
run wmsj-audit verify --witness "$TMP/w0b.txt"
status_is 3
out_empty
err_is <<ERR
wmsj-audit: $TMP/w0b.txt:5: a seal of sequence 0 names no row (an empty chain): it certifies nothing
ERR
printf '%s %s close 2026-09 T00000025:%s 2026-10-08\n' "$INST" "$CTR" "$(hash_of T00000025)" > "$TMP/wsp.txt"
run wmsj-audit verify --witness "$TMP/wsp.txt"
status_is 3
err_has "$TMP/wsp.txt:1: a hand-over line has 6 fields separated by tabs"
printf '%s\t%s\tclose\t2026-09\tT00000025:%s\t2026-10-08\n' "$INST" "$CTR" "abc" > "$TMP/whx.txt"
run wmsj-audit --witness "$TMP/whx.txt"
status_is 3
err_has "$TMP/whx.txt:1: the seal's hash is not 64 hex digits"
run wmsj-audit verify --witness "$TMP/no-such-file.txt"
status_is 4
err_has "no-such-file.txt"
run wmsj-audit verify --witness
status_is 2
run wmsj-audit notice --witness "$W" "$TMP/pub/2026Q3-610724109001.csv"
status_is 2
# The witness from standard input.
run_in "$W" wmsj-audit verify --witness -
status_is 0
out_has "all hold"

done_testing
