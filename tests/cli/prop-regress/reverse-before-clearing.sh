#!/bin/sh
# Property-test regression: a reversal dated before a clearing was accepted (issue 15 item 3, wmsj(7) "nothing may be dated before it"); the clearing then no longer zeroed its date
# Shrunk by tests/prop/prop.py from seed 1460 (25 steps to 7).
# invariant: verdict-clearing
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
# card KEY: the volunteer's current card number (random: read, never assumed)
card() { wmsj-volunteer show "$1" --format csv | awk -F, 'NR==1{for(i=1;i<=NF;i++)if($i=="card_no")c=i} NR==2{print $c}'; }

step 0 wmsj-volunteer add --name 刘洋3 --id-number 610724197312290030 --phone 13801460003 --station 610724109001 --date 2025-10-01 || exit 1  # the model: ok
step 0 wmsj-points activity add --station 610724109003 --date 2025-10-07 --platform theory --title 活动a1 --points 10 --hours 3.5 || exit 1  # the model: ok
step 0 wmsj-points award --activity A610724109003-0001 --certifier 刘专干 --supervisor 陈德明 V610724109001-0001 || exit 1  # the model: ok
step 0 wmsj-points stock --item G06 --qty 5 --donor 镇商会 --station 610724109001 --date 2025-11-13 || exit 1  # the model: ok
step 0 wmsj-points redeem --card "$(card V610724109001-0001)" --item G06 --qty 1 --clerk 刘专干 --date 2025-12-14 || exit 1  # the model: ok
step 0 wmsj-points clear V610724109001-0001 --reason C --note 通报 --approver 所长 --date 2026-05-01 || exit 1  # the model: ok
step 1 wmsj-points reverse T00000003 --reason 录入有误 --approver 所长 --date 2026-04-03 || exit 1  # the model: refuse (before-clearing)
