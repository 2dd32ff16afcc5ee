#!/bin/sh
# Nightly audit: mail the findings to the supervisors only when there are any.
#   sh nightly-audit.sh DATA_DIR MAILTO
set -u
dir=${1:?usage: nightly-audit.sh DATA_DIR MAILTO}
to=${2:?usage: nightly-audit.sh DATA_DIR MAILTO}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
wmsj-audit -d "$dir" --format csv > "$report" 2>&1
rc=$?
[ "$rc" -eq 0 ] && exit 0
if command -v mail >/dev/null; then
	mail -s "wmsj audit of $dir: exit $rc" "$to" < "$report"
else
	cat "$report"
fi
exit "$rc"
