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
# The month's seal leaves the machine: its hand-over line (wmsj(5)) is
# appended to HANDOVER (default DATA_DIR/handover/seals.txt), the file the
# institute or the county centre collects as its witness file, and mailed to
# HANDOVER_MAIL when that is set.
# Exit status: 0 settled and handed over, 1 refused (already closed, still
# in its grace period), 2 usage, 4 the seal could not be handed over (the
# month is settled all the same; the message says how to hand it over),
# otherwise the status of the tool that failed.
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
handover=${HANDOVER:-$dir/handover/seals.txt}

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
# ... and hand its seal over.  The month stays settled if that fails: the
# rest is done, and the status says the seal did not leave (4).
hrc=0
if wmsj-audit -d "$dir" seal --month "$month" </dev/null >"$tmp/seal.txt" &&
	mkdir -p "${handover%/*}" && cat "$tmp/seal.txt" >>"$handover"; then
	if [ -n "${HANDOVER_MAIL:-}" ] &&
		! mail -s "wmsj seal: close $month" "$HANDOVER_MAIL" <"$tmp/seal.txt"; then
		echo "$me: $month: the seal could not be mailed to $HANDOVER_MAIL; it is in $handover" >&2
		hrc=4
	fi
else
	echo "$me: $month is sealed, but its seal was not handed over to $handover;" \
		"run: wmsj-audit -d $dir seal --month $month >> $handover" >&2
	hrc=4
fi
step monthly.csv wmsj-report -d "$dir" monthly --month "$month" --format csv
last=$(date -d "$month-01 +1 month -1 day" +%F) || exit 4
step balances.csv wmsj-points -d "$dir" balance --as-of "$last" --format csv
mv -f "$tmp/monthly.csv" "$out/$month-monthly.csv" &&
	mv -f "$tmp/balances.csv" "$out/$month-balances.csv" || exit 4
# month,txn,rows,awards,earned,...,snapshot,seal: the totals and the seal
awk -F, -v m="$month" 'NR == 2 { printf "settled %s: %s rows, %s earned, seal %s\n", m, $3, $5, $NF }' \
	"$out/$month-close.csv" || exit 4
[ "$hrc" -eq 0 ] && echo "seal handed over to $handover"
exit "$hrc"
