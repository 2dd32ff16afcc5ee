#!/bin/sh
# Month-end settlement (月结) of a data directory: close the month, print its
# totals, keep a copy of the close, the monthly figures and the balances in
# DATA_DIR/settlements (private: names and full card numbers, mode 0600).
#   sh month-end.sh DATA_DIR CLERK [YYYY-MM]
# Without YYYY-MM it settles last month, but only after its grace period:
# closing a month seals it for ever, and an award for an activity on the 31st
# is often entered the next Monday.  So last month stays open GRACE_DAYS days
# (default 7) into this one; the crontab runs this on the 8th at 01:30:
#   30 1 8 * *  sh /srv/wmsj/month-end.sh /srv/wmsj/town 系统
# Exit status: 0 settled, 1 refused (already closed, still in its grace
# period), 2 usage, otherwise the status of the tool that failed.
set -u
umask 077
me=month-end.sh
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $me DATA_DIR CLERK [YYYY-MM]" >&2
	exit 2
fi
dir=$1 clerk=$2
grace=${GRACE_DAYS:-7}
case $grace in
''|*[!0-9]*) echo "$me: GRACE_DAYS must be a number of days, not '$grace'" >&2; exit 2 ;;
esac
if [ $# -eq 3 ]; then
	month=$3
else
	first=$(date +%Y-%m-01) && day=$(date +%d) &&
		month=$(date -d "$first -1 day" +%Y-%m) &&
		until=$(date -d "$first +$grace days" +%F) || exit 4
	if [ "${day#0}" -le "$grace" ]; then
		echo "$me: $month stays open for late awards until $until (GRACE_DAYS=$grace); not settled" >&2
		exit 1
	fi
fi
command -v wmsj-points >/dev/null || { echo "$me: wmsj-points is not in PATH ($PATH)" >&2; exit 4; }

out=$dir/settlements
mkdir -p "$out" && chmod 700 "$out" || exit 4
# Everything is written to a temporary directory next to the settlements and
# renamed into place only when it is complete: a refused re-run leaves the
# month's files as they were.
tmp=$(mktemp -d "$out/.month-end.XXXXXX") || exit 4
trap 'rm -rf "$tmp"' EXIT
trap 'exit 4' HUP INT TERM

step() { # NAME TOOL ARGS...: run TOOL into $tmp/NAME, report a failure
	_n=$1; shift
	"$@" </dev/null >"$tmp/$_n"
	_rc=$?
	[ "$_rc" -eq 0 ] && return 0
	echo "$me: $month: $1 ${3:-} failed (exit $_rc); settlements/$month-$_n left as it was" >&2
	exit "$_rc"
}
step close.csv wmsj-points -d "$dir" close --month "$month" --clerk "$clerk" --format csv
# The month is sealed now: keep its close at once, whatever follows.
mv -f "$tmp/close.csv" "$out/$month-close.csv" || exit 4
step monthly.csv wmsj-report -d "$dir" monthly --month "$month" --format csv
last=$(date -d "$month-01 +1 month -1 day" +%F) || exit 4
step balances.csv wmsj-points -d "$dir" balance --as-of "$last" --format csv
mv -f "$tmp/monthly.csv" "$out/$month-monthly.csv" &&
	mv -f "$tmp/balances.csv" "$out/$month-balances.csv" || exit 4
# month,txn,rows,awards,earned,...,snapshot,seal: the totals and the seal
awk -F, -v m="$month" 'NR == 2 { printf "settled %s: %s rows, %s earned, seal %s\n", m, $3, $5, $NF }' \
	"$out/$month-close.csv"
