#!/bin/sh
# make fuzz: build every fuzz/fuzz_*.c with libFuzzer (clang) and run each for
# SECONDS (default 60) on a scratch copy of its seed corpus fuzz/corpus/NAME.
# Exits non-zero when a harness crashes; the crashing input is kept in
# build/fuzz/ (add it to the corpus and a regression test).
set -eu
SECS=${1:-60}
command -v clang >/dev/null || { echo "fuzz: clang not installed" >&2; exit 4; }
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/fuzz
mkdir -p "$out"
fail=0
pkgs="libxml-2.0 libzip xlsxwriter libqrencode"
for h in "$top"/fuzz/fuzz_*.c; do
	name=$(basename "$h" .c); name=${name#fuzz_}
	# shellcheck disable=SC2046
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
		-D_DEFAULT_SOURCE -I"$top/src/lib" $(pkg-config --cflags $pkgs) \
		-o "$out/fuzz_$name" "$h" "$top"/src/lib/*.c \
		-lcsv -lyaml -lcrypto $(pkg-config --libs $pkgs)
	rm -rf "$out/corpus-$name"; mkdir -p "$out/corpus-$name"
	cp "$top/fuzz/corpus/$name"/* "$out/corpus-$name"/ 2>/dev/null || true
	if (cd "$out" && "./fuzz_$name" -max_total_time="$SECS" -max_len=65536 \
		-artifact_prefix="$out/$name-" "corpus-$name" > "$out/$name.log" 2>&1); then
		echo "fuzz $name: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$out/$name.log" | tail -1)"
	else
		echo "fuzz $name: CRASH, see $out/$name.log" >&2
		tail -20 "$out/$name.log" >&2
		fail=1
	fi
done
exit $fail
