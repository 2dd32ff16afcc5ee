#!/bin/sh
# The monthly exchange day (积分兑换日) at a station's exchange point: the
# shelf, then each card holder's exchange from a list prepared by the clerk
# (CSV with columns card_no,item,qty), then the day's ledger.
#   sh exchange-day.sh DATA_DIR CLERK EXCHANGES.csv [DATE]
# A refused exchange (unknown card, too few points, out of stock) is
# reported on standard error and the others go on; the exit status is then
# 1 (or the status of a worse failure: 4 system error, 5 locked).
set -u
umask 077
me=exchange-day.sh
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: $me DATA_DIR CLERK EXCHANGES.csv [DATE]" >&2
	exit 2
fi
dir=$1 clerk=$2 list=$3
day=${4:-$(date +%F)} || exit 4
command -v wmsj-points >/dev/null || { echo "$me: wmsj-points is not in PATH ($PATH)" >&2; exit 4; }
tmp=$(mktemp -d) || exit 4
trap 'rm -rf "$tmp"' EXIT
trap 'exit 4' HUP INT TERM
if ! tr -d '\r' <"$list" >"$tmp/all" || ! tail -n +2 "$tmp/all" >"$tmp/list"; then
	echo "$me: cannot read the list '$list'" >&2
	exit 4
fi

echo "== shelf before"
wmsj-points -d "$dir" stock --format table </dev/null || exit
n=0 refused=0 worst=1
# The tools read nothing from standard input here (</dev/null): the list is
# the loop's input, and the loop runs in this shell so the counts survive it.
while IFS=, read -r card item qty || [ -n "$card" ]; do
	[ -n "$card" ] || continue
	n=$((n + 1))
	if wmsj-points -d "$dir" redeem --card "$card" --item "$item" --qty "${qty:-1}" \
		--clerk "$clerk" --date "$day" --format csv </dev/null >"$tmp/one"; then
		tail -n +2 "$tmp/one"
	else
		rc=$?
		refused=$((refused + 1))
		[ "$rc" -gt "$worst" ] && worst=$rc
		echo "$me: refused: $card $item (exit $rc)" >&2
	fi
done <"$tmp/list"
echo "== shelf after"
wmsj-points -d "$dir" stock --format table </dev/null || exit
echo "== the day's exchanges"
wmsj-points -d "$dir" export --from "$day" --to "$day" </dev/null >"$tmp/day" || exit
awk -F, 'NR == 1 || $3 == "redeem"' "$tmp/day"
if [ "$refused" -gt 0 ]; then
	echo "$me: $refused of $n exchanges refused" >&2
	exit "$worst"
fi
