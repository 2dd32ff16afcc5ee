#!/bin/sh
# Nightly audit: mail the findings to the supervisors only when there are any.
#   sh nightly-audit.sh DATA_DIR MAILTO
# Only errors and anomalies are mailed (wmsj-audit --severity anomaly): the
# station standards' standing warnings would bury a real integrity error
# every night.  SEVERITY=info (e.g. on a monthly crontab line) mails them all.
# Without mail(1) the findings go to standard output (cron mails that to the
# crontab's owner).  Exit status: the audit's (0 clean, 1 findings, ...), or
# 4 when the findings could not be mailed (they are printed instead).
set -u
umask 077
me=nightly-audit.sh
if [ $# -ne 2 ]; then
	echo "usage: $me DATA_DIR MAILTO" >&2
	exit 2
fi
dir=$1 to=$2
command -v wmsj-audit >/dev/null || { echo "$me: wmsj-audit is not in PATH ($PATH)" >&2; exit 4; }
report=$(mktemp) || exit 4
trap 'rm -f "$report"' EXIT
trap 'exit 4' HUP INT TERM
wmsj-audit -d "$dir" --severity "${SEVERITY:-anomaly}" --format csv </dev/null >"$report" 2>&1
rc=$?
[ "$rc" -eq 0 ] && exit 0
if command -v mail >/dev/null; then
	if ! mail -s "wmsj audit of $dir: exit $rc" "$to" <"$report"; then
		echo "$me: could not mail the findings to $to; here they are" >&2
		cat "$report"
		exit 4
	fi
else
	cat "$report"
fi
exit "$rc"
