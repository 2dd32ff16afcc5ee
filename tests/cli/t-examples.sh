#!/bin/bash
# The example scripts run on a copy of the example town.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
E=$TOP/examples

run sh "$E/month-end.sh" "$D" 刘专干 2026-10
status_is 0
out_has "settled 2026-10"
check "settlement files" test -s "$D/settlements/2026-10-monthly.csv"

printf 'card_no,item,qty\r\n%s,G06,1\r\n%s,G06,1\r\n' \
	"$(WMSJ_DATA=$D card_of V610724109001-0002)" "$(WMSJ_DATA=$D card_of V610724109001-0004)" > "$TMP/list.csv"
run sh "$E/exchange-day.sh" "$D" 刘专干 "$TMP/list.csv" 2026-11-15
status_is 0
check "two exchanges recorded" test "$(wmsj-points export --from 2026-11-15 --to 2026-11-15 | grep -c ',redeem,')" = 2

run sh "$E/quarter-end.sh" "$D" "$TMP/pub" 2026Q3
status_is 0
out_has "published 2026Q3"
check "html notices published" test -s "$TMP/pub/2026Q3-610724109001.html"
check "notices recorded for the audit" test -s "$D/notices/2026Q3-610724109001.csv"

# nightly: errors and anomalies only; SEVERITY=info for the standing warnings
run sh "$E/nightly-audit.sh" "$D" nobody@example.org
status_is 0
out_empty
run env SEVERITY=info sh "$E/nightly-audit.sh" "$D" nobody@example.org
status_is 1
out_has "team-size"

cp -r "$E" "$TMP/ex-demo"   # a copy: no stale build/bin next to it
run sh "$TMP/ex-demo/demo.sh"
status_is 0
out_has "notice: matches the ledger"
done_testing
