#!/bin/sh
# The monthly exchange day (积分兑换日) at a station's exchange point: the
# shelf, then each card holder's exchange from a list prepared by the clerk
# (CSV with columns card_no,item,qty), then the day's ledger.
#   sh exchange-day.sh DATA_DIR CLERK EXCHANGES.csv [DATE]
set -eu
dir=${1:?usage: exchange-day.sh DATA_DIR CLERK EXCHANGES.csv [DATE]}
clerk=${2:?usage}
list=${3:?usage}
day=${4:-$(date +%F)}
echo "== shelf before"
wmsj-points -d "$dir" stock --format table
refused=0
tail -n +2 "$list" | tr -d '\r' | while IFS=, read -r card item qty; do
	[ -n "$card" ] || continue
	if ! wmsj-points -d "$dir" redeem --card "$card" --item "$item" --qty "${qty:-1}" \
		--clerk "$clerk" --date "$day" --format csv | tail -n +2; then
		echo "refused: $card $item" >&2
	fi
done
echo "== shelf after"
wmsj-points -d "$dir" stock --format table
echo "== the day's exchanges"
wmsj-points -d "$dir" export --from "$day" --to "$day" | awk -F, 'NR==1 || $3=="redeem"'
exit $refused
