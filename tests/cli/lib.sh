# Black-box test helpers, sourced by every tests/cli/t-*.sh.
#
# The tools under test are the installed copies in $WMSJ_STAGE/usr/bin (the
# Makefile installs into a staging root first).  Each assertion prints
# "ok - ..." or "not ok - ..." and is counted; tests/cli/run.sh adds up.
#
#   run CMD ARGS...        run with stdin from /dev/null; sets $status,
#                          stdout in $out (file), stderr in $err (file)
#   run_in FILE CMD ...    the same with stdin from FILE
#   status_is N            the exit status
#   out_is / err_is        stdout / stderr equal the here-document (diff -u)
#   out_has S / err_has S  contains the fixed string S; out_lacks / err_lacks
#   out_empty / err_empty
#   check LABEL COMMAND... a free assertion: passes when COMMAND succeeds
#   new_data               a fresh data directory (in $D) from examples/ or init
#   card_of KEY            the current card number of volunteer KEY
#   card_typo CARD         CARD with its last digit changed
set -u
: "${WMSJ_STAGE:?run through make check}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$WMSJ_STAGE/usr/bin:$PATH"
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
unset LANGUAGE WMSJ_DATA COLUMNS
export WMSJ_TODAY=2026-11-22 WMSJ_NOW=2026-11-22T10:00:00
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wmsj-test.XXXXXX")
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
out=$TMP/stdout err=$TMP/stderr status=0
_pass=0 _fail=0 _last=""
_name=$(basename "$0" .sh)

if [ "${WMSJ_VALGRIND:-}" = 1 ]; then
	mkdir -p "$TMP/vgbin" "$TMP/vglog"
	chmod 1777 "$TMP/vglog"   # tests that run a tool as nobody log here too
	for t in "$WMSJ_STAGE"/usr/bin/wmsj-*; do
		cat >"$TMP/vgbin/${t##*/}" <<VG
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect --log-file="$TMP/vglog/%p.log" "$t" "\$@"
VG
		chmod +x "$TMP/vgbin/${t##*/}"
	done
	export PATH="$TMP/vgbin:$PATH"
fi

_ok() { _pass=$((_pass + 1)); echo "ok - $_name: $*"; }
_notok() { _fail=$((_fail + 1)); echo "not ok - $_name: $*"; }

run() {
	_last="$*"
	"$@" <"/dev/null" >"$out" 2>"$err"
	status=$?
}
run_in() {
	_in=$1; shift
	_last="$* < $_in"
	"$@" <"$_in" >"$out" 2>"$err"
	status=$?
}
status_is() {
	if [ "$status" -eq "$1" ]; then _ok "status $1: $_last"
	else _notok "status $status, expected $1: $_last"; sed 's/^/#   stderr: /' "$err" | head -5; fi
}
_cmp() { # which file label
	cat >"$TMP/expected"
	if diff -u "$TMP/expected" "$1" >"$TMP/diff"; then _ok "$2: $_last"
	else _notok "$2 differs: $_last"; sed 's/^/#   /' "$TMP/diff" | head -40; fi
}
out_is() { _cmp "$out" stdout; }
err_is() { _cmp "$err" stderr; }
out_has() { if grep -qF -- "$1" "$out"; then _ok "stdout has '$1'"; else _notok "stdout lacks '$1': $_last"; head -5 "$out" | sed 's/^/#   /'; fi; }
err_has() { if grep -qF -- "$1" "$err"; then _ok "stderr has '$1'"; else _notok "stderr lacks '$1': $_last"; head -5 "$err" | sed 's/^/#   /'; fi; }
out_lacks() { if grep -qF -- "$1" "$out"; then _notok "stdout has '$1': $_last"; else _ok "stdout lacks '$1'"; fi; }
err_lacks() { if grep -qF -- "$1" "$err"; then _notok "stderr has '$1': $_last"; else _ok "stderr lacks '$1'"; fi; }
out_empty() { if [ -s "$out" ]; then _notok "stdout not empty: $_last"; else _ok "stdout empty"; fi; }
err_empty() { if [ -s "$err" ]; then _notok "stderr not empty: $_last"; sed 's/^/#   /' "$err" | head -5; else _ok "stderr empty"; fi; }
check() { _l=$1; shift; if "$@"; then _ok "$_l"; else _notok "$_l"; fi; }

# A column of CSV stdout by header name (simple fields only).
col() { awk -F, -v c="$1" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} k{print $k}' "${2:-$out}"; }

# The current card number of volunteer KEY, as the register holds it.  Card
# numbers are random (issue 11): a test reads them, never assumes one;
# WMSJ_CARD_SEED (a test build's fixed sequence) only where a whole table of
# cards is compared.
card_of() { wmsj-volunteer show "$1" --format csv | col card_no /dev/stdin; }
# CARD with its last digit changed: a typo its check digit catches.
card_typo() { printf '%s%d\n' "${1%?}" $(( (${1#"${1%?}"} + 1) % 10 )); }

new_data() {
	D=$TMP/data.$$.$RANDOM
	mkdir -p "$D"
	cp "$TOP"/examples/data/wmsj.yaml "$D"/ 2>/dev/null || wmsj-volunteer init -d "$D" >/dev/null
	export WMSJ_DATA=$D
}

done_testing() {
	if [ "${WMSJ_VALGRIND:-}" = 1 ]; then
		if grep -l . "$TMP"/vglog/*.log >/dev/null 2>&1; then
			_notok "valgrind reported errors:"; cat "$TMP"/vglog/*.log | head -40 | sed 's/^/#   /'
		else _ok "valgrind clean"; fi
	fi
	echo "# $_name: $_pass passed, $_fail failed"
	[ "$_fail" -eq 0 ]
}
