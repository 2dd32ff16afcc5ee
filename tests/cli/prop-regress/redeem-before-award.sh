#!/bin/sh
# Property-test regression: a redemption dated before the award that pays for it is refused (issue 10 item 14)
# Written by hand in the form of a shrunk scenario (tests/prop/prop.py script()).
# invariant: verdict-asof
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

step 0 wmsj-volunteer add --name 王小明1 --id-number 610724196002070011 --phone 13800000001 --station 610724109001 --date 2025-10-01 || exit 1  # the model: ok
step 0 wmsj-points activity add --station 610724109001 --date 2026-05-10 --platform theory --title 活动a1 --points 10 --hours 2 || exit 1  # the model: ok
step 0 wmsj-points award --activity A610724109001-0001 --certifier 刘专干 --supervisor 陈德明 V610724109001-0001 || exit 1  # the model: ok
step 0 wmsj-points stock --item G06 --qty 5 --donor 镇商会 --station 610724109001 --date 2026-01-02 || exit 1  # the model: ok
step 1 wmsj-points redeem --card "$(card V610724109001-0001)" --item G06 --qty 1 --clerk 刘专干 --date 2026-03-01 || exit 1  # the model: refuse (asof-balance)
