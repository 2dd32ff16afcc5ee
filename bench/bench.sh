#!/bin/sh
# make bench: province-scale benchmark of the ledger and the tools.
#
#   sh bench/bench.sh BUILD/bin
#
# Generates once (cached under build/bench/) a data directory with 200
# stations, BENCH_VOLUNTEERS volunteers (default ROWS/10) and a ledger of
# BENCH_ROWS rows (default 10,000,000, about 2.2 GB) over BENCH_MONTHS months
# (default 60), every month closed with a seal and a snapshot (all kept: a
# close row whose snapshot is missing is a finding of wmsj-audit).  Then times, best of 3 with a warm cache, the
# standard tools on the same file and the library/tools, and prints a table
# with the ratios to `wc -l`, to mawk and (for verification) to sha256sum.
# BENCH_ROWS=200000 sh bench/bench.sh build/bin   is a quick run.
set -eu

BIN=${1:?usage: bench.sh BUILD/bin}
BUILD=$(dirname "$BIN")
ROWS=${BENCH_ROWS:-10000000}
VOLS=${BENCH_VOLUNTEERS:-$((ROWS / 10))}
[ "$VOLS" -ge 100 ] || VOLS=100
MONTHS=${BENCH_MONTHS:-60}
CACHE=${BENCH_CACHE:-build/bench}
DATA=$CACHE/data-$ROWS-$VOLS-$MONTHS
CC=${CC:-cc}
LIB=$BUILD/libwmsj.a
CFLAGS_B="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc/lib"

mkdir -p "$CACHE"
[ -f "$LIB" ] || { echo "bench: $LIB missing: run make first" >&2; exit 4; }
for p in genledger benchlib; do
	$CC $CFLAGS_B -o "$CACHE/$p" "bench/$p.c" "$LIB" -lcsv -lyaml -lcrypto
done

if [ ! -f "$DATA/.complete" ]; then
	echo "bench: generating $DATA ($ROWS rows, $VOLS volunteers, $MONTHS months)" >&2
	rm -rf "$DATA"
	start=$(date +%s)
	"$CACHE/genledger" "$DATA" "$ROWS" "$VOLS" "$MONTHS"
	touch "$DATA/.complete"
	echo "bench: generated in $(( $(date +%s) - start )) s" >&2
fi
L=$DATA/ledger.csv
SUB=$CACHE/subset-$ROWS.csv
[ -f "$SUB" ] || head -n 1000001 "$L" > "$SUB"
SUBROWS=$(($(wc -l < "$SUB") - 1))
BYTES=$(wc -c < "$L")

# best "label" "command": best of 3 in nanoseconds, appended to $RES
RES=$CACHE/results.$$
: > "$RES"
trap 'rm -f "$RES"' EXIT
best() {
	b=
	for i in 1 2 3; do
		s=$(date +%s%N)
		if ! sh -c "$2" > /dev/null 2> "$CACHE/stderr.$$"; then
			echo "bench: '$1' failed: $(head -c 300 "$CACHE/stderr.$$")" >&2
			printf '%s\tfailed\t%s\n' "$1" "$3" >> "$RES"
			rm -f "$CACHE/stderr.$$"
			return 0
		fi
		e=$(date +%s%N)
		t=$((e - s))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	rm -f "$CACHE/stderr.$$"
	printf '%s\t%s\t%s\n' "$1" "$b" "$3" >> "$RES"
}

cat "$L" > /dev/null   # warm the cache
best "wc -l" "wc -l '$L'" full
best "cat > /dev/null" "cat '$L'" full
best "sha256sum" "sha256sum '$L'" full
best "mawk sum by volunteer" "mawk -F, '{s[\$4]+=\$6} END{for(k in s) n++; print n}' '$L'" full
best "datamash -s -g 4 sum 6 ($SUBROWS-row subset)" "datamash -t, -s -H -g 4 sum 6 < '$SUB'" subset
best "mlr stats1 sum by volunteer ($SUBROWS-row subset)" \
	"mlr --icsv --opprint stats1 -a sum -f points -g volunteer '$SUB'" subset
best "mawk sum by volunteer ($SUBROWS-row subset)" \
	"mawk -F, '{s[\$4]+=\$6} END{for(k in s) n++; print n}' '$SUB'" subset
best "libwmsj state, full scan" "'$CACHE/benchlib' '$DATA' state" full
best "libwmsj state, from snapshot" "'$CACHE/benchlib' '$DATA' snapshot" full
best "libwmsj verify (chain+sequence)" "'$CACHE/benchlib' '$DATA' verify" verify
best "libwmsj find txn (reverse lookup)" "'$CACHE/benchlib' '$DATA' find" full
best "libwmsj register (its view, stamped)" "'$CACHE/benchlib' '$DATA' register" full
best "libwmsj register from history.csv (stamps ignored)" \
	"WMSJ_NO_VIEW_STAMP=1 '$CACHE/benchlib' '$DATA' register" full
if [ -x "$BIN/wmsj-volunteer" ]; then
	best "wmsj-volunteer list (the whole register)" \
		"'$BIN/wmsj-volunteer' -d '$DATA' list --format csv" full
	best "wmsj-volunteer show (one volunteer)" \
		"'$BIN/wmsj-volunteer' -d '$DATA' show V$(sed -n 2p "$DATA/volunteers.csv" | cut -d, -f1 | sed 's/^V//') --format csv" full
fi
if [ -x "$BIN/wmsj-points" ]; then
	best "wmsj-points balance (snapshot)" \
		"'$BIN/wmsj-points' -d '$DATA' balance --format csv" full
	best "wmsj-points balance (WMSJ_NO_SNAPSHOT=1)" \
		"WMSJ_NO_SNAPSHOT=1 '$BIN/wmsj-points' -d '$DATA' balance --format csv" full
fi
if [ -x "$BIN/wmsj-report" ]; then
	q=$((2021 + (MONTHS - 1) / 12))Q$(( ((MONTHS - 1) % 12) / 3 + 1 ))
	best "wmsj-report notice --quarter (last)" \
		"'$BIN/wmsj-report' -d '$DATA' notice --quarter $q --format csv" full
	# a register changed since the quarter's end: read as of its last day
	best "wmsj-report notice (register from history.csv)" \
		"WMSJ_NO_VIEW_STAMP=1 '$BIN/wmsj-report' -d '$DATA' notice --quarter $q --format csv" full
fi
if [ -x "$BIN/wmsj-audit" ]; then
	best "wmsj-audit verify" "'$BIN/wmsj-audit' -d '$DATA' verify" verify
fi

echo
echo "ledger: $ROWS rows, $BYTES bytes, $VOLS volunteers ($(nproc) cpu); best of 3, warm cache"
awk -F '\t' '
	{ name[NR] = $1; t[NR] = $2; kind[NR] = $3 }
	$1 == "wc -l" { wc = $2 }
	$1 == "sha256sum" { sha = $2 }
	$1 == "mawk sum by volunteer" { mk = $2 }
	$1 ~ /^mawk sum by volunteer \(/ { mks = $2 }
	END {
		printf "%-52s %9s %8s %8s %10s\n", "command", "seconds", "/wc -l", "/mawk", "/sha256sum"
		for (i = 1; i <= NR; i++) {
			if (t[i] == "failed") { printf "%-52s %9s\n", name[i], "failed"; continue }
			s = t[i] / 1e9
			m = (kind[i] == "subset") ? mks : mk
			rw = (kind[i] == "subset") ? "-" : sprintf("%.2f", t[i] / wc)
			rm = m ? sprintf("%.2f", t[i] / m) : "-"
			rs = (kind[i] == "verify" || name[i] == "sha256sum") ? sprintf("%.2f", t[i] / sha) : "-"
			printf "%-52s %9.3f %8s %8s %10s\n", name[i], s, rw, rm, rs
		}
		print "(subset rows are compared with mawk on the same subset)"
	}' "$RES"
