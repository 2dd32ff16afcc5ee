#!/bin/bash
# Chinese end to end: the catalogue is found next to the executable (build
# tree, any install prefix), tables on a terminal speak Chinese and fit 80
# columns, CSV in a pipe keeps the contract's English headers, --help and
# every message are Chinese with no English word left in them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/town; mkdir -p "$D"
check "scenario builds" scenario
ZH="env -u WMSJ_LOCALEDIR LC_ALL=zh_CN.UTF-8"

# tty COLS CMD...: run CMD on a terminal of COLS columns (script(1) gives it a
# pty; stdin is /dev/null, so the pty's size is only what stty sets).
tty() {
	_c=$1; shift
	run script -qec "stty cols $_c; $*" /dev/null
	tr -d '\r' < "$out" > "$out.t" && mv "$out.t" "$out"
	_last="on a $_c-column terminal: $*"
}

# ---- the catalogue is found from where the tool is -----------------------
run $ZH wmsj-points frobnicate
status_is 2
err_is <<'ERR'
wmsj-points: 未知命令 'frobnicate'
请运行 'wmsj-points --help' 查看用法。
ERR
mkdir -p "$TMP/opt/bin" "$TMP/opt/share"
cp "$WMSJ_STAGE"/usr/bin/wmsj-* "$TMP/opt/bin/"
cp -r "$WMSJ_STAGE/usr/share/locale" "$TMP/opt/share/"
run $ZH "$TMP/opt/bin/wmsj-points" frobnicate
status_is 2
err_has "未知命令 'frobnicate'"
run $ZH "$WMSJ_STAGE/../bin/wmsj-points" frobnicate
status_is 2
err_has "未知命令 'frobnicate'"
run env LC_ALL=zh_CN.UTF-8 WMSJ_LOCALEDIR=$TMP/nowhere "$TMP/opt/bin/wmsj-points" frobnicate
status_is 2
err_has "unknown command 'frobnicate'"

done_testing
