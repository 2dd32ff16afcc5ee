#!/bin/sh
# make bench: the ledger and the tools at county and province scale.
#
#   sh bench/bench.sh BUILD/bin
#
# Generates once (cached under build/bench/) data directories with 200
# stations and BENCH_VOLUNTEERS volunteers (default 100,000: a county):
#   small  BENCH_ROWS / 10 rows (default 1,000,000) over BENCH_MONTHS months
#          (default 60), every month closed with a seal and a snapshot;
#   large  BENCH_ROWS rows (default 10,000,000, about 2.2 GB), likewise;
#   open   BENCH_ROWS rows, no month ever closed (no seal to start from).
# Then prints three tables, every time the best of 3 with a warm cache, each
# beside floors measured in the same run:
#   1. a clerk's commands about one volunteer (show, balance KEY, history
#      KEY, and the writers: an award of one, apply, redeem) at both history
#      lengths and without closes, beside the same tool's --version and
#      `wc -l` of that ledger;
#   3. the full-ledger figures against wc -l, sha256sum, mawk, datamash and
#      miller.
# BENCH_ROWS=1000000 sh bench/bench.sh build/bin   is a quick run (100,000
# and 1,000,000 rows).  The derived indexes (.ledger.idx, .volunteers.idx)
# and the writer's checkpoint are written by the first command that needs
# them (one warm-up run, not timed); table 1 also shows the first command
# after deleting them.
set -eu

BIN=${1:?usage: bench.sh BUILD/bin}
BUILD=$(dirname "$BIN")
ROWS=${BENCH_ROWS:-10000000}
SROWS=$((ROWS / 10))
VOLS=${BENCH_VOLUNTEERS:-100000}
MONTHS=${BENCH_MONTHS:-60}
CACHE=${BENCH_CACHE:-build/bench}
CC=${CC:-cc}
LIB=$BUILD/libwmsj.a
CFLAGS_B="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc/lib"
REPEAT=${BENCH_REPEAT:-20}   # a one-volunteer command is timed over REPEAT runs

mkdir -p "$CACHE"
[ -f "$LIB" ] || { echo "bench: $LIB missing: run make first" >&2; exit 4; }
for p in genledger benchlib; do
	$CC $CFLAGS_B -o "$CACHE/$p" "bench/$p.c" "$LIB" -lcsv -lyaml -lcrypto -pthread
done

gen() { # DIR ROWS [noclose]
	if [ ! -f "$1/.complete" ]; then
		echo "bench: generating $1 ($2 rows, $VOLS volunteers, $MONTHS months${3:+, no closes})" >&2
		rm -rf "$1"
		start=$(date +%s)
		"$CACHE/genledger" "$1" "$2" "$VOLS" "$MONTHS" ${3:-} 2>/dev/null
		touch "$1/.complete"
		echo "bench: generated in $(( $(date +%s) - start )) s" >&2
	fi
}
SMALL=$CACHE/data-$SROWS-$VOLS-$MONTHS
LARGE=$CACHE/data-$ROWS-$VOLS-$MONTHS
OPEN=$CACHE/open-$ROWS-$VOLS-$MONTHS
gen "$SMALL" "$SROWS"
gen "$LARGE" "$ROWS"
gen "$OPEN" "$ROWS" noclose

RES=$CACHE/results.$$
: > "$RES"
trap 'rm -f "$RES" "$CACHE/stderr.$$"; rm -rf "$CACHE/work.$$"' EXIT
# best TABLE LABEL COMMAND [N]: best of 3 of COMMAND (run N times in a row,
# the time divided by N), in nanoseconds, appended to $RES
best() {
	b=
	n=${4:-1}
	for i in 1 2 3; do
		s=$(date +%s%N)
		if ! sh -c "_bi=0; while [ \$_bi -lt $n ]; do $3 || exit 1; _bi=\$((_bi + 1)); done" \
			> /dev/null 2> "$CACHE/stderr.$$"; then
			echo "bench: '$2' failed: $(head -c 300 "$CACHE/stderr.$$")" >&2
			printf '%s\t%s\tfailed\n' "$1" "$2" >> "$RES"
			return 0
		fi
		e=$(date +%s%N)
		t=$(((e - s) / n))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	printf '%s\t%s\t%s\n' "$1" "$2" "$b" >> "$RES"
}

# ---- 1. one volunteer ----------------------------------------------------------
V=$BIN/wmsj-volunteer P=$BIN/wmsj-points
one() { # LABEL DIR
	d=$2
	key=$(sed -n 2p "$d/volunteers.csv" | cut -d, -f1)
	card=$(sed -n 2p "$d/volunteers.csv" | cut -d, -f2)
	nrows=$(grep -c ",$key," "$d/ledger.csv" || true)
	cat "$d/ledger.csv" > /dev/null
	best "1" "$1: wc -l ledger.csv" "wc -l '$d/ledger.csv'"
	best "1" "$1: wmsj-volunteer --version" "'$V' --version" "$REPEAT"
	best "1" "$1: wmsj-points --version" "'$P' --version" "$REPEAT"
	rm -f "$d/.ledger.idx" "$d/.volunteers.idx"
	best "1" "$1: show KEY, no index yet (writes it)" \
		"rm -f '$d/.volunteers.idx'; '$V' -d '$d' show $key --format csv"
	best "1" "$1: balance KEY, no index yet (writes both)" \
		"rm -f '$d/.ledger.idx'; '$P' -d '$d' balance $key --format csv"
	best "1" "$1: show KEY" "'$V' -d '$d' show $key --format csv" "$REPEAT"
	best "1" "$1: show CARD" "'$V' -d '$d' show $card --format csv" "$REPEAT"
	best "1" "$1: balance KEY ($nrows rows)" "'$P' -d '$d' balance $key --format csv" "$REPEAT"
	best "1" "$1: history KEY ($nrows rows)" "'$P' -d '$d' history $key --format csv" "$REPEAT"
	best "1" "$1: balance KEY, no indexes (WMSJ_NO_INDEX)" \
		"WMSJ_NO_INDEX=1 '$P' -d '$d' balance $key --format csv"
	best "1" "$1: history KEY, no indexes (WMSJ_NO_INDEX)" \
		"WMSJ_NO_INDEX=1 '$P' -d '$d' history $key --format csv"
}

# The writers on a copy: an activity today, then awards, applications and
# redemptions of distinct volunteers (REPEAT of each per timing).
writers() { # LABEL DIR
	w=$CACHE/work.$$
	rm -rf "$w"
	cp -a "$2" "$w"
	today=$(date +%Y-%m-%d)
	st=$(sed -n 2p "$w/volunteers.csv" | cut -d, -f6)
	# (a copy's views are new files: the first writer stamps them again,
	# saying so on stderr)
	"$P" -d "$w" stock --item G01 --qty 100000 --donor bench > /dev/null 2>&1
	"$P" -d "$w" activity add --station "$st" --date "$today" --platform theory --title 基准 \
		--points 10 --hours 1 > /dev/null
	act=$("$P" -d "$w" activity list --station "$st" --format csv | awk -F, 'END{print $1}')
	# the station's volunteers in register order: one for the warm-up (the
	# indexes and the writer's checkpoint are written then), then 3 x REPEAT
	# for the awards, 3 x REPEAT for the applications
	awk -F, -v s="$st" 'NR>1 && $6==s {print $1 "," $2}' "$w/volunteers.csv" > "$w.vols"
	n=$((3 * REPEAT))
	"$P" -d "$w" award --activity "$act" --certifier 甲 --supervisor 乙 \
		"$(sed -n 1p "$w.vols" | cut -d, -f1)" > /dev/null
	sed -n "2,$((1 + n))p" "$w.vols" | cut -d, -f1 > "$w.award"
	sed -n "$((2 + n)),$((1 + 2 * n))p" "$w.vols" | cut -d, -f1 > "$w.apply"
	# redemptions (G01, 30 points): cards of the others with 30 points or more
	: > "$w.redeem"
	sed -n "$((2 + 2 * n)),\$p" "$w.vols" | while IFS=, read -r k c; do
		[ "$(wc -l < "$w.redeem")" -lt "$n" ] || break
		b=$("$P" -d "$w" balance "$k" --format csv | awk -F, 'NR==2{print $9}')
		[ "${b:-0}" -ge 30 ] && echo "$c" >> "$w.redeem"
	done
	best 1 "$1: award --activity ACT KEY (a writer)" \
		"read k && '$P' -d '$w' award --activity $act --certifier 甲 --supervisor 乙 \$k" \
		"$REPEAT" < "$w.award"
	best 1 "$1: apply --activity ACT KEY (a writer)" \
		"read k && '$P' -d '$w' apply --activity $act \$k" "$REPEAT" < "$w.apply"
	best 1 "$1: redeem --card CARD --item G01 (a writer)" \
		"read c && '$P' -d '$w' redeem --card \$c --item G01 --clerk 丙" "$REPEAT" < "$w.redeem"
	rm -rf "$w" "$w".*
}

one "$SROWS rows" "$SMALL"
one "$ROWS rows" "$LARGE"
writers "$SROWS rows" "$SMALL"
writers "$ROWS rows" "$LARGE"
one "$ROWS rows, no month ever closed" "$OPEN"
writers "$ROWS rows, no month ever closed" "$OPEN"

# ---- 3. the whole ledger ---------------------------------------------------------
L=$LARGE/ledger.csv
SUB=$CACHE/subset-$ROWS.csv
[ -f "$SUB" ] || head -n 1000001 "$L" > "$SUB"
SUBROWS=$(($(wc -l < "$SUB") - 1))
cat "$L" > /dev/null
best 3 "wc -l" "wc -l '$L'"
best 3 "cat > /dev/null" "cat '$L'"
best 3 "sha256sum" "sha256sum '$L'"
best 3 "mawk sum by volunteer" "mawk -F, '{s[\$4]+=\$6} END{for(k in s) n++; print n}' '$L'"
best 3 "datamash -s -g 4 sum 6 ($SUBROWS-row subset)" "datamash -t, -s -H -g 4 sum 6 < '$SUB'"
best 3 "mlr stats1 sum by volunteer ($SUBROWS-row subset)" \
	"mlr --icsv --opprint stats1 -a sum -f points -g volunteer '$SUB'"
best 3 "mawk sum by volunteer ($SUBROWS-row subset)" \
	"mawk -F, '{s[\$4]+=\$6} END{for(k in s) n++; print n}' '$SUB'"
best 3 "libwmsj state, full scan" "'$CACHE/benchlib' '$LARGE' state"
best 3 "libwmsj state, from snapshot" "'$CACHE/benchlib' '$LARGE' snapshot"
best 3 "libwmsj verify (chain+sequence)" "'$CACHE/benchlib' '$LARGE' verify"
best 3 "libwmsj register (its view, stamped)" "'$CACHE/benchlib' '$LARGE' register"
best 3 "wmsj-volunteer list (the whole register)" "'$V' -d '$LARGE' list --format csv"
best 3 "wmsj-points balance (everyone, snapshot)" "'$P' -d '$LARGE' balance --format csv"
best 3 "wmsj-points balance (everyone, WMSJ_NO_SNAPSHOT=1)" \
	"WMSJ_NO_SNAPSHOT=1 '$P' -d '$LARGE' balance --format csv"
best 3 "wmsj-points balance (everyone, no month ever closed)" "'$P' -d '$OPEN' balance --format csv"
best 3 "wmsj-points balance (everyone, no close, .ledger.state deleted)" \
	"rm -f '$OPEN/.ledger.state' && '$P' -d '$OPEN' balance --format csv"
q=$((2021 + (MONTHS - 1) / 12))Q$(( ((MONTHS - 1) % 12) / 3 + 1 ))
best 3 "wmsj-report notice --quarter $q" "'$BIN/wmsj-report' -d '$LARGE' notice --quarter $q --format csv"
best 3 "wmsj-audit verify" "'$BIN/wmsj-audit' -d '$LARGE' verify"

echo
echo "volunteers: $VOLS; ledgers: $SROWS and $ROWS rows ($(wc -c < "$L") bytes); $(nproc) cpu; best of 3, warm cache"
awk -F '\t' -v repeat="$REPEAT" '
	function ms(t) { return sprintf("%.2f", t / 1e6) }
	{ tab[NR] = $1; name[NR] = $2; t[NR] = $3; at[$2] = $3 }
	END {
		print ""
		print "1. one volunteer (milliseconds; repeated commands averaged over " repeat " runs)"
		printf "   %-62s %10s %12s %8s\n", "command", "ms", "/--version", "/wc -l"
		for (i = 1; i <= NR; i++) if (tab[i] == "1") {
			split(name[i], p, ": ")
			base = p[1]; sub(/,.*/, "", base)
			if (t[i] == "failed") { printf "   %-62s %10s\n", name[i], "failed"; continue }
			v = (name[i] ~ /wmsj-volunteer|show/) ? at[p[1] ": wmsj-volunteer --version"] : at[p[1] ": wmsj-points --version"]
			w = at[p[1] ": wc -l ledger.csv"]
			printf "   %-62s %10s %12s %8s\n", name[i], ms(t[i]), v ? sprintf("%.1f", t[i] / v) : "-", w ? sprintf("%.3f", t[i] / w) : "-"
		}
		print ""
		print "3. the whole ledger (seconds)"
		wc = at["wc -l"]; sha = at["sha256sum"]; mk = at["mawk sum by volunteer"]
		for (i = 1; i <= NR; i++) if (tab[i] == "3" && name[i] ~ /^mawk sum by volunteer \(/) mks = t[i]
		printf "   %-56s %9s %8s %8s %10s\n", "command", "seconds", "/wc -l", "/mawk", "/sha256sum"
		for (i = 1; i <= NR; i++) if (tab[i] == "3") {
			if (t[i] == "failed") { printf "   %-56s %9s\n", name[i], "failed"; continue }
			sub_ = name[i] ~ /subset/
			m = sub_ ? mks : mk
			printf "   %-56s %9.3f %8s %8s %10s\n", name[i], t[i] / 1e9, sub_ ? "-" : sprintf("%.2f", t[i] / wc),
				m ? sprintf("%.2f", t[i] / m) : "-", sprintf("%.2f", t[i] / sha)
		}
		print "   (subset rows are compared with mawk on the same subset)"
	}' "$RES"
