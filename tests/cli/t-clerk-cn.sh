#!/bin/bash
# Chinese end to end: the catalogue is found next to the executable (build
# tree, any install prefix), tables on a terminal speak Chinese and fit 80
# columns, CSV in a pipe keeps the contract's English headers, --help and
# every message are Chinese with no English word left in them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
# Whole tables of cards are compared: a test build's fixed sequence of card
# numbers (cardno.h); a card used in a command is still read (card_of).
export WMSJ_CARD_SEED=wmsj
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

# ---- --help ---------------------------------------------------------------
for t in volunteer points report audit; do
	run $ZH wmsj-$t --help
	status_is 0
	out_has "用法：wmsj-$t"
	check "wmsj-$t --help fits 80 columns" test "$(wc -L < "$out")" -le 80
	run wmsj-$t --help
	check "wmsj-$t --help in English fits 80 columns" test "$(wc -L < "$out")" -le 80
	out_has "usage: wmsj-$t"
done

# ---- CSV in a pipe: the contract's headers, Chinese on request -----------
run $ZH wmsj-volunteer list --station 610724109001
status_is 0
check "CSV in a pipe keeps the English header" test "$(head -1 "$out")" = "id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered"
check "CSV values stay as stored" test "$(col status | sort -u)" = active
run $ZH wmsj-volunteer list --station 610724109001 --header zh
status_is 0
check "--header zh gives Chinese headers" test "$(head -1 "$out")" = "编号,积分卡号,姓名,身份证号,手机号,站点代码,站点名称,状态,标签,平台编号,登记日期"
run wmsj-volunteer list --header xx
status_is 2
err_has "--header"


# ---- no English word of the data format in a Chinese message ---------------
ZHL="env LC_ALL=zh_CN.UTF-8"
wmsj-volunteer suspend V610724109001-0005 --reason 外出务工 >/dev/null
run $ZHL wmsj-points redeem --card "$(card_of V610724109001-0005)" --item G06 --clerk 刘专干 --date 2026-11-20
status_is 1
err_is <<'ERR'
wmsj-points: 志愿者 'V610724109001-0005' 状态为 暂停；积分卡不能使用
ERR
run $ZHL wmsj-volunteer suspend V610724109001-0005 --reason 再次
status_is 1
err_is <<'ERR'
wmsj-volunteer: 志愿者 'V610724109001-0005' 状态为 暂停；只有在册志愿者才能暂停
ERR
run $ZHL wmsj-points award --activity A610724109001-0002 --certifier 刘专干 --supervisor 陈德明 V610724109001-0005
status_is 1
err_has "状态为 暂停"
err_lacks "suspended"
rev=$(wmsj-points export | awk -F, '$3 == "reverse" { print $1 }' | tail -1)
run $ZHL wmsj-points reverse "$rev" --reason 再冲 --approver 所长 --date 2026-11-20
status_is 1
err_is <<ERR
wmsj-points: '$rev' 是 冲正 行；只有认定、兑换、入库和清零行可以冲正
ERR
mkdir -p "$TMP/pub"
wmsj-report notice --quarter 2026Q3 --station 610724109003 --format csv > "$TMP/q3.csv"
awk -F, -v OFS=, 'NR == 2 { $7 = $7 + 5 } 1' "$TMP/q3.csv" > "$TMP/q3-bad.csv"
run $ZHL wmsj-audit notice "$TMP/q3-bad.csv" --format csv
status_is 1
out_has "获得积分 在公示中为 25，账本中为 20"
out_lacks "earned"

# ---- a table on a terminal speaks Chinese and fits it -------------------------
tty 80 $ZH wmsj-volunteer list --station 610724109003
status_is 0
out_is <<'OUT'
积分卡号                 姓名             站点名称                  状态
-----------------------  ---------------  ------------------------  ----
610724109003-2079970040  阿依古丽·买买提  古城社区新时代文明实践站  正常
610724109003-6573987010  姜小             古城社区新时代文明实践站  正常
610724109003-1574928135  崔家             古城社区新时代文明实践站  正常
610724109003-3182118934  邵丽             古城社区新时代文明实践站  正常
610724109003-4420627604  余雪             古城社区新时代文明实践站  正常
610724109003-7441764154  薛福             古城社区新时代文明实践站  正常
610724109003-3069665577  武胜春           古城社区新时代文明实践站  正常
610724109003-9664880664  钱梦霞           古城社区新时代文明实践站  正常
610724109003-2316142982  龚瑶晓           古城社区新时代文明实践站  正常
610724109003-2043144118  韦小兰           古城社区新时代文明实践站  正常
（未显示：编号、身份证号、手机号、站点代码、标签、平台编号、登记日期；加 --wide 显示全部列）
OUT
tty 200 $ZH wmsj-volunteer list --station 610724109003
status_is 0
out_is <<'OUT'
编号                积分卡号                 姓名             身份证号            手机号       站点代码      站点名称                  状态  标签       平台编号  登记日期
------------------  -----------------------  ---------------  ------------------  -----------  ------------  ------------------------  ----  ---------  --------  ----------
V610724109003-0001  610724109003-2079970040  阿依古丽·买买提  610724********5411  178****6859  610724109003  古城社区新时代文明实践站  正常  党员,五老            2026-08-01
V610724109003-0002  610724109003-6573987010  姜小             610724********0717  186****5370  610724109003  古城社区新时代文明实践站  正常  大学生               2026-08-01
V610724109003-0003  610724109003-1574928135  崔家             610724********7768  170****1113  610724109003  古城社区新时代文明实践站  正常  巾帼                 2026-08-01
V610724109003-0004  610724109003-3182118934  邵丽             610724********4803  176****5268  610724109003  古城社区新时代文明实践站  正常  党员,乡贤            2026-08-01
V610724109003-0005  610724109003-4420627604  余雪             610724********4420  154****8114  610724109003  古城社区新时代文明实践站  正常                       2026-08-01
V610724109003-0006  610724109003-7441764154  薛福             610724********902X  183****0821  610724109003  古城社区新时代文明实践站  正常                       2026-08-01
V610724109003-0007  610724109003-3069665577  武胜春           610724********0825  175****2854  610724109003  古城社区新时代文明实践站  正常  大学生               2026-08-01
V610724109003-0008  610724109003-9664880664  钱梦霞           610724********969X  183****1475  610724109003  古城社区新时代文明实践站  正常  五老                 2026-08-01
V610724109003-0009  610724109003-2316142982  龚瑶晓           610724********6844  131****1219  610724109003  古城社区新时代文明实践站  正常                       2026-08-01
V610724109003-0010  610724109003-2043144118  韦小兰           610724********7744  138****2000  610724109003  古城社区新时代文明实践站  正常                       2026-08-01
OUT
tty 80 $ZH wmsj-volunteer list --station 610724109003 --wide
status_is 0
out_is <<'OUT'
编号                积分卡号                 姓名             身份证号            手机号       站点代码      站点名称                  状态  标签       平台编号  登记日期
------------------  -----------------------  ---------------  ------------------  -----------  ------------  ------------------------  ----  ---------  --------  ----------
V610724109003-0001  610724109003-2079970040  阿依古丽·买买提  610724********5411  178****6859  610724109003  古城社区新时代文明实践站  正常  党员,五老            2026-08-01
V610724109003-0002  610724109003-6573987010  姜小             610724********0717  186****5370  610724109003  古城社区新时代文明实践站  正常  大学生               2026-08-01
V610724109003-0003  610724109003-1574928135  崔家             610724********7768  170****1113  610724109003  古城社区新时代文明实践站  正常  巾帼                 2026-08-01
V610724109003-0004  610724109003-3182118934  邵丽             610724********4803  176****5268  610724109003  古城社区新时代文明实践站  正常  党员,乡贤            2026-08-01
V610724109003-0005  610724109003-4420627604  余雪             610724********4420  154****8114  610724109003  古城社区新时代文明实践站  正常                       2026-08-01
V610724109003-0006  610724109003-7441764154  薛福             610724********902X  183****0821  610724109003  古城社区新时代文明实践站  正常                       2026-08-01
V610724109003-0007  610724109003-3069665577  武胜春           610724********0825  175****2854  610724109003  古城社区新时代文明实践站  正常  大学生               2026-08-01
V610724109003-0008  610724109003-9664880664  钱梦霞           610724********969X  183****1475  610724109003  古城社区新时代文明实践站  正常  五老                 2026-08-01
V610724109003-0009  610724109003-2316142982  龚瑶晓           610724********6844  131****1219  610724109003  古城社区新时代文明实践站  正常                       2026-08-01
V610724109003-0010  610724109003-2043144118  韦小兰           610724********7744  138****2000  610724109003  古城社区新时代文明实践站  正常                       2026-08-01
OUT
tty 80 $ZH wmsj-points history V610724109003-0003
status_is 0
out_is <<'OUT'
流水号     日期        类别  积分  积分余额  物品编号  数量  活动编号
---------  ----------  ----  ----  --------  --------  ----  ------------------
T00000013  2026-09-20  认定    20        20                  A610724109003-0001
T00000024  2026-09-29  清零   -20         0
（未显示：时长、关联流水、备注；加 --wide 显示全部列）
OUT
tty 80 $ZH wmsj-points balance --station 610724109003
status_is 0
out_is <<'OUT'
姓名             积分卡号                 状态  获得积分  兑换积分  积分余额
---------------  -----------------------  ----  --------  --------  --------
阿依古丽·买买提  610724109003-2079970040  正常        20         0        20
姜小             610724109003-6573987010  正常        20        20         0
崔家             610724109003-1574928135  正常        20         0         0
邵丽             610724109003-3182118934  正常        20         0        20
余雪             610724109003-4420627604  正常        20         0        20
薛福             610724109003-7441764154  正常        20         0        20
武胜春           610724109003-3069665577  正常        20         0        20
钱梦霞           610724109003-9664880664  正常        20         0        20
龚瑶晓           610724109003-2316142982  正常        20         0        20
韦小兰           610724109003-2043144118  正常        20         0        20
（未显示：编号、站点代码、清零积分、时长；加 --wide 显示全部列）
OUT
tty 80 wmsj-volunteer list --station 610724109003
status_is 0
out_is <<'OUT'
card_no                  name             station_name              status
-----------------------  ---------------  ------------------------  ------
610724109003-2079970040  阿依古丽·买买提  古城社区新时代文明实践站  active
610724109003-6573987010  姜小             古城社区新时代文明实践站  active
610724109003-1574928135  崔家             古城社区新时代文明实践站  active
610724109003-3182118934  邵丽             古城社区新时代文明实践站  active
610724109003-4420627604  余雪             古城社区新时代文明实践站  active
610724109003-7441764154  薛福             古城社区新时代文明实践站  active
610724109003-3069665577  武胜春           古城社区新时代文明实践站  active
610724109003-9664880664  钱梦霞           古城社区新时代文明实践站  active
610724109003-2316142982  龚瑶晓           古城社区新时代文明实践站  active
610724109003-2043144118  韦小兰           古城社区新时代文明实践站  active
(not shown: id, id_number, phone, station, tags, platform_no, registered; --wide shows every column)
OUT
tty 80 $ZH wmsj-volunteer list --station 610724109003 --header en
status_is 0
out_is <<'OUT'
card_no                  name             station_name              status
-----------------------  ---------------  ------------------------  ------
610724109003-2079970040  阿依古丽·买买提  古城社区新时代文明实践站  active
610724109003-6573987010  姜小             古城社区新时代文明实践站  active
610724109003-1574928135  崔家             古城社区新时代文明实践站  active
610724109003-3182118934  邵丽             古城社区新时代文明实践站  active
610724109003-4420627604  余雪             古城社区新时代文明实践站  active
610724109003-7441764154  薛福             古城社区新时代文明实践站  active
610724109003-3069665577  武胜春           古城社区新时代文明实践站  active
610724109003-9664880664  钱梦霞           古城社区新时代文明实践站  active
610724109003-2316142982  龚瑶晓           古城社区新时代文明实践站  active
610724109003-2043144118  韦小兰           古城社区新时代文明实践站  active
（未显示：id、id_number、phone、station、tags、platform_no、registered；加 --wide 显示全部列）
OUT
# The audit's severities and checks are words of the data format too.
tty 80 $ZH wmsj-audit --year 2026
status_is 1
out_has "警告  队伍规模"
out_lacks "team-size"
run $ZH wmsj-audit --year 2026
status_is 1
out_has "warning,team-size,"

# A writer holds its output until it has committed: its table fits all the same.
tty 80 $ZH wmsj-points redeem --card "$(card_of V610724109003-0004)" --item G06 --clerk 刘专干 --date 2026-11-20 --format table
status_is 0
out_is <<'OUT'
流水号     日期        类别  姓名  积分  时长  物品编号  数量  活动编号
---------  ----------  ----  ----  ----  ----  --------  ----  --------
T00000029  2026-11-20  兑换  邵丽   -10     0  G06         -1
（未显示：志愿者编号、站点代码、关联流水、备注；加 --wide 显示全部列）
OUT

# ---- bash completion knows --header and --wide -------------------------------
comp() { ( . "$TOP/contrib/wmsj.bash"; COMPREPLY=(); _wmsj; printf '%s\n' "${COMPREPLY[@]}" ); }
COMP_WORDS=(wmsj-points balance --hea); COMP_CWORD=2
check "completes --header" test "$(comp)" = --header
COMP_WORDS=(wmsj-points balance --header ""); COMP_CWORD=3
check "completes the languages of --header" test "$(comp | tr '\n' ' ')" = "en zh "
COMP_WORDS=(wmsj-volunteer list --wi); COMP_CWORD=2
check "completes --wide" test "$(comp)" = --wide

# ---- the demo under a Chinese locale ----------------------------------------
cp -r "$TOP/examples" "$TMP/ex"   # no build/ next to it: the tools on PATH
run env -u WMSJ_LOCALEDIR LC_ALL=zh_CN.UTF-8 sh "$TMP/ex/demo.sh"
status_is 0
out_has "积分卡号"
out_has "积分余额"
out_lacks "card_no"
out_has "notice: matches the ledger"

# ---- man pages in Chinese, where man looks under a Chinese locale -------------
for p in wmsj-volunteer.1 wmsj-points.1 wmsj-report.1 wmsj-audit.1 wmsj.5 wmsj.7; do
	check "man/zh_CN/$p exists" test -f "$TOP/man/zh_CN/$p"
	s=${p##*.}
	check "make install puts $p in share/man/zh_CN/man$s" test -f "$WMSJ_STAGE/usr/share/man/zh_CN/man$s/$p"
	# The examples of a translated page are the English page's, command for command.
	exa() { awk '/^\.Sh EXAMPLES/{ex=1; next} /^\.Sh /{ex=0}
	     ex && /^\.Bd -literal/{bd=1; next} bd && /^\.Ed/{bd=0; next} bd' "$1"; }
	check "the EXAMPLES of zh_CN/$p are those of $p" test "$(exa "$TOP/man/zh_CN/$p")" = "$(exa "$TOP/man/$p")"
	syn() { sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$1"; }
	check "the SYNOPSIS of zh_CN/$p is that of $p" test "$(syn "$TOP/man/zh_CN/$p")" = "$(syn "$TOP/man/$p")"
done
if command -v mandoc >/dev/null; then
	run mandoc -Tlint -Wwarning "$TOP"/man/zh_CN/*
	status_is 0
	out_empty
fi
if command -v man >/dev/null; then
	run env LC_ALL=zh_CN.UTF-8 MANPATH="$WMSJ_STAGE/usr/share/man" man -w wmsj-points
	status_is 0
	out_is <<OUT
$WMSJ_STAGE/usr/share/man/zh_CN/man1/wmsj-points.1
OUT
	run env LC_ALL=C.UTF-8 MANPATH="$WMSJ_STAGE/usr/share/man" man -w wmsj-points
	out_is <<OUT
$WMSJ_STAGE/usr/share/man/man1/wmsj-points.1
OUT
else
	echo "# skip: man not installed"
fi

# ---- the README's set-up: a user with sudo, and root without sudo -------------
awk '/^On a fresh Debian 12 machine/{f=1; next} f && /^```sh/{b=1; next} b && /^```/{exit} b' \
	"$TOP/README.md" > "$TMP/setup.sh"
check "the README has set-up commands" grep -q 'apt-get install' "$TMP/setup.sh"
SB=$TMP/sb; mkdir -p "$SB" "$TMP/sudobin"
# A privileged command works for root or under sudo; every call is logged.
for c in apt-get sed locale-gen; do
	printf '#!/bin/sh\n[ "${FAKE_UID:-1000}" = 0 ] || [ "${UNDER_SUDO:-}" = 1 ] || { echo "%s: permission denied" >&2; exit 100; }\necho "%s $*" >> "$LOG"\n' "$c" "$c" > "$SB/$c"
done
for c in make sh; do printf '#!/bin/sh\necho "%s $*" >> "$LOG"\n' "$c" > "$SB/$c"; done
printf '#!/bin/sh\necho "${FAKE_UID:-1000}"\n' > "$SB/id"
printf '#!/bin/sh\necho "sudo $1" >> "$LOG"\nUNDER_SUDO=1 exec "$@"\n' > "$TMP/sudobin/sudo"
chmod +x "$SB"/* "$TMP/sudobin/sudo"
setup() { # FAKE_UID PATH
	rm -f "$TMP/setup.log"
	run env -i FAKE_UID="$1" PATH="$2" LOG="$TMP/setup.log" /bin/bash -e "$TMP/setup.sh"
	_last="README set-up as uid $1 with PATH=$2"
}
setup 0 "$SB"
status_is 0
check "root without sudo: update, install, locale, build, demo, tests" \
	test "$(cut -d' ' -f1,2 "$TMP/setup.log" | tr '\n' ' ')" = "apt-get update apt-get install sed -i locale-gen  make  sh examples/demo.sh make check "
setup 1000 "$SB:$TMP/sudobin"
status_is 0
check "a user with sudo: apt-get, sed and locale-gen through sudo" \
	test "$(grep -c '^sudo ' "$TMP/setup.log")" = 4
check "a user with sudo: all steps" test "$(grep -c -v '^sudo ' "$TMP/setup.log")" = 7
# ---- the README's month in Chinese, as shown ---------------------------------
awk '/<!-- tour-zh -->/{t=1; next} /<!-- \/tour-zh -->/{t=0} t && !/^```/' "$TOP/README.md" > "$TMP/tour-zh.sh"
awk '/<!-- tour-zh-out -->/{t=1; next} /<!-- \/tour-zh-out -->/{t=0} t && !/^```/' "$TOP/README.md" > "$TMP/tour-zh.out"
check "the README has a Chinese tour" test "$(wc -l < "$TMP/tour-zh.sh")" -gt 5
mkdir -p "$TMP/wz" && ln -s "$TOP/examples" "$TMP/wz/examples"
(cd "$TMP/wz" && unset LC_ALL && COLUMNS=80 bash -e "$TMP/tour-zh.sh") > "$out" 2>&1
status=$?; _last="README tour in Chinese"
status_is 0
out_is < "$TMP/tour-zh.out"
done_testing
