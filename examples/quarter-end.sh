#!/bin/sh
# Quarter-end publication (季度公示): every station's notice of the quarter
# that just ended, in html (notice board, website), csv (checkable with
# wmsj-audit notice) and md (official account), into the publish directory
# (public: files 0644) and into DATA/notices, where the nightly audit looks
# for them.
#   sh quarter-end.sh DATA_DIR PUBLISH_DIR [YYYYQn]
# Cron (see crontab):  5 2 1 1,4,7,10 *  sh quarter-end.sh /srv/wmsj/town /srv/www/notices
# The notices' seals leave the machine: one hand-over line a station
# (wmsj(5)) is appended to HANDOVER (default DATA_DIR/handover/seals.txt),
# the file the institute or the county centre collects as its witness file,
# and mailed to HANDOVER_MAIL when that is set.
# Exit status: 0 published, checked and handed over, 4 the seals could not
# be handed over (the notices are published all the same), otherwise the
# status of the tool that failed (1: a published notice does not match the
# ledger).
set -u
umask 077
me=quarter-end.sh
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $me DATA_DIR PUBLISH_DIR [YYYYQn]" >&2
	exit 2
fi
dir=$1 pub=$2
if [ $# -eq 3 ]; then
	q=$3
else
	m=$(date +%m) && y=$(date +%Y) || exit 4
	n=$(( (${m#0} - 1) / 3 ))
	if [ "$n" -eq 0 ]; then q="$((y - 1))Q4"; else q="${y}Q$n"; fi
fi
command -v wmsj-report >/dev/null || { echo "$me: wmsj-report is not in PATH ($PATH)" >&2; exit 4; }
handover=${HANDOVER:-$dir/handover/seals.txt}
fail() { echo "$me: $q: $1 (exit $2)" >&2; exit "$2"; }

# The publish directory is for everyone to read; the data directory is not.
(umask 022 && mkdir -p "$pub") && mkdir -p "$dir/notices" || exit 4
for f in html csv md; do
	for to in "$pub" "$dir/notices"; do
		wmsj-report -d "$dir" notice --quarter "$q" --format "$f" --out "$to" </dev/null >/dev/null ||
			fail "the $f notices were not written to $to" $?
	done
done
tmp=$(mktemp "$pub/.$q-exchanges.XXXXXX") || exit 4
seals=$(mktemp) || { rm -f "$tmp"; exit 4; }
trap 'rm -f "$tmp" "$seals"' EXIT
trap 'exit 4' HUP INT TERM
wmsj-report -d "$dir" exchanges --quarter "$q" --format csv </dev/null >"$tmp" ||
	fail "the exchanges list was not written" $?
chmod 644 "$tmp" && mv -f "$tmp" "$pub/$q-exchanges.csv" || exit 4
# Each published csv must match the ledger it came from.
for f in "$pub/$q"-*[0-9].csv; do
	[ -e "$f" ] || fail "no csv notice in $pub" 4
	wmsj-audit -d "$dir" notice "$f" </dev/null || fail "${f##*/} does not match the ledger" $?
done
# Hand the seals over, one line a station's notice.
wmsj-audit -d "$dir" seal "$pub/$q"-*[0-9].csv </dev/null >"$seals" ||
	fail "the notices' seals were not taken" $?
set -- "$pub/$q"-*
echo "published $q: $# files in $pub"
if ! { mkdir -p "${handover%/*}" && cat "$seals" >>"$handover"; }; then
	echo "$me: $q: the notices are published, but their seals were not handed over to $handover;" \
		"run: wmsj-audit -d $dir seal $pub/$q-*[0-9].csv >> $handover" >&2
	exit 4
fi
if [ -n "${HANDOVER_MAIL:-}" ] && ! mail -s "wmsj seals: notices $q" "$HANDOVER_MAIL" <"$seals"; then
	echo "$me: $q: the seals could not be mailed to $HANDOVER_MAIL; they are in $handover" >&2
	exit 4
fi
echo "seals handed over to $handover"
