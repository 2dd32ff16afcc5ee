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

done_testing
