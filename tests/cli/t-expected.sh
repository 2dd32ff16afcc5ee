#!/bin/bash
# Outputs as specifications: tests/cli/expected/*.txt hold command lines
# ("$ " lines), each followed by the exit status, standard output and
# standard error the tool must give, byte for byte.  The commands run in
# order, in one data directory holding the scenario (scenario.sh) with card
# numbers drawn from a fixed seed; the whole transcript is compared with
# diff -u.  errors.txt is the table of arguments -> status -> exact message.
#
# After a deliberate change of output, regenerate a file and read the diff:
#   WMSJ_EXPECTED_UPDATE=1 make check   (or run.sh t-expected.sh)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
export WMSJ_CARD_SEED=20261122
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario

# transcript FILE: run each "$ " line of FILE (through sh, in $D's parent so
# paths are short and the same in every run), print it, its status, stdout and stderr.
transcript() {
	grep '^\$ ' "$1" | sed 's/^\$ //' | while IFS= read -r cmd; do
		(cd "$TMP" && WMSJ_DATA=d sh -c "$cmd" </dev/null >"$TMP/x.out" 2>"$TMP/x.err")
		st=$?
		printf '$ %s\nstatus %d\n' "$cmd" "$st"
		if [ -s "$TMP/x.out" ]; then echo "stdout:"; cat "$TMP/x.out"; fi
		if [ -s "$TMP/x.err" ]; then echo "stderr:"; cat "$TMP/x.err"; fi
		echo
	done
}

for f in "$TOP"/tests/cli/expected/*.txt; do
	name=${f##*/}
	transcript "$f" > "$TMP/got.$name"
	if [ "${WMSJ_EXPECTED_UPDATE:-}" = 1 ]; then
		cp "$TMP/got.$name" "$f"
	fi
	if diff -u "$f" "$TMP/got.$name" > "$TMP/diff"; then
		_ok "$name: every command as expected"
	else
		_notok "$name differs from what the tools do:"
		sed 's/^/#   /' "$TMP/diff" | head -60
	fi
done
done_testing
