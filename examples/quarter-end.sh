#!/bin/sh
# Quarter-end publication (季度公示): every station's notice of the quarter
# that just ended, in html (notice board, website), csv (checkable with
# wmsj-audit notice) and md (official account), into the publish directory
# and into DATA/notices, where the nightly audit looks for them.
#   sh quarter-end.sh DATA_DIR PUBLISH_DIR [YYYYQn]
# Cron (see crontab):  5 2 1 1,4,7,10 *  sh quarter-end.sh /srv/wmsj/town /srv/www/notices
set -eu
dir=${1:?usage: quarter-end.sh DATA_DIR PUBLISH_DIR [YYYYQn]}
pub=${2:?usage: quarter-end.sh DATA_DIR PUBLISH_DIR [YYYYQn]}
if [ $# -ge 3 ]; then
	q=$3
else
	m=$(date +%m); y=$(date +%Y)
	n=$(( (10#$m - 1) / 3 ))
	if [ "$n" -eq 0 ]; then q="$((y - 1))Q4"; else q="${y}Q$n"; fi
fi
mkdir -p "$pub" "$dir/notices"
for f in html csv md; do
	wmsj-report -d "$dir" notice --quarter "$q" --format "$f" --out "$pub" >/dev/null
	wmsj-report -d "$dir" notice --quarter "$q" --format "$f" --out "$dir/notices" >/dev/null
done
wmsj-report -d "$dir" exchanges --quarter "$q" --format csv > "$pub/$q-exchanges.csv"
# Each published csv must match the ledger it came from.
for f in "$pub/$q"-*[0-9].csv; do
	wmsj-audit -d "$dir" notice "$f"
done
echo "published $q: $(ls "$pub" | grep -c "^$q-") files in $pub"
