#!/bin/sh
# Property-test regression: stats counts a suspended volunteer, as the register does (issue 15 item 6)
# Shrunk by tests/prop/prop.py from seed 1 (25 steps to 5).
# invariant: stats-volunteers
# Run with the tools on PATH (tests/cli/t-prop.sh does): exit 0 when the
# invariant holds, 1 when it is violated.
set -u
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC WMSJ_TODAY=2026-11-22 WMSJ_NOW=2026-11-22T10:00:00
unset WMSJ_NO_SNAPSHOT
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/wmsj-prop.XXXXXX")
trap 'rm -rf "$T"' EXIT
D=$T/data IN=$T/in
mkdir "$D" && cp "$TOP/examples/data/wmsj.yaml" "$D/"
export WMSJ_DATA=$D
# step STATUS CMD...: run CMD (stdin from $IN); a refusal (1) must leave
# the registers unchanged
: >"$IN"
step() {
	want=$1; shift
	h=$(cd "$D" && find . -type f ! -name '.*.idx' ! -name .ledger.chk ! -name .ledger.state | sort | xargs cat | cksum)
	"$@" <"$IN" >"$T/out" 2>"$T/err"; st=$?
	: >"$IN"
	[ "$st" -eq 1 ] && [ "$(cd "$D" && find . -type f ! -name '.*.idx' ! -name .ledger.chk ! -name .ledger.state | sort | xargs cat | cksum)" != "$h" ] &&
		{ echo "refused but changed the registers: $*"; return 1; }
	[ "$want" = any ] || [ "$st" -eq "$want" ] || { echo "status $st, expected $want: $*"; return 1; }
	return 0
}

step 0 wmsj-volunteer add --name 张伟1 --id-number 610724197904080010 --phone 13800001001 --station 610724109204 --date 2025-10-01 || exit 1  # the model: ok
step 0 wmsj-volunteer add --name 朱琳3 --id-number 610724197906210034 --phone 13800001003 --station 610724109003 --date 2026-01-14 || exit 1  # the model: ok
step 0 wmsj-volunteer suspend V610724109003-0001 --reason 本人申请 || exit 1  # the model: ok
step 0 wmsj-points activity add --station 610724109204 --date 2026-07-30 --platform theory --title 活动a4 --points 50 --hours 1 || exit 1  # the model: ok
step 0 wmsj-points award --activity A610724109204-0001 --certifier 刘专干 --supervisor 陈德明 V610724109204-0001 || exit 1  # the model: ok
exec "${PYTHON:-python3}" "$TOP/tests/prop/prop.py" check --data "$D" stats-volunteers
