#!/bin/sh
# Month-end settlement (月结) of a data directory: close the month that just
# ended, print its totals and every station's figures, keep a copy.
#   sh month-end.sh DATA_DIR CLERK [YYYY-MM]
# Cron, at 01:30 on the 1st:  30 1 1 * *  sh /srv/wmsj/month-end.sh /srv/wmsj/town 系统
set -eu
dir=${1:?usage: month-end.sh DATA_DIR CLERK [YYYY-MM]}
clerk=${2:?usage: month-end.sh DATA_DIR CLERK [YYYY-MM]}
month=${3:-$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)}
out="$dir/settlements"
mkdir -p "$out"
wmsj-points -d "$dir" close --month "$month" --clerk "$clerk" --format csv > "$out/$month-close.csv"
wmsj-report -d "$dir" monthly --month "$month" --format csv > "$out/$month-monthly.csv"
wmsj-points -d "$dir" balance --as-of "$(date -d "$month-01 +1 month -1 day" +%F)" \
	--format csv > "$out/$month-balances.csv"
echo "settled $month: $(tail -n 1 "$out/$month-close.csv" | cut -d, -f2) seal $(tail -n 1 "$out/$month-close.csv" | awk -F, '{print $NF}')"
