#!/bin/bash
# A clerk's Excel and WPS files, the points cards and the exchange day:
# .xlsx read and written (round trip with openpyxl both ways), the card
# sheet and the notice rendered by headless Chromium with their QR codes
# decoded, a USB scanner's exchange session.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
# Whole tables of cards are compared: a test build's fixed sequence of card
# numbers (cardno.h); a card used in a command is still read (card_of).
export WMSJ_CARD_SEED=wmsj
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario

PY=/usr/bin/python3
have_openpyxl() { [ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null; }

# Dump a workbook's first sheet: one line per cell "REF TYPE VALUE" (TYPE s =
# text, n = number), then "width COL W" per column with a width set.
cat >"$TMP/dump.py" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
for row in ws.iter_rows():
    for c in row:
        if c.value is not None:
            print(c.coordinate, c.data_type, c.value)
for k in sorted(ws.column_dimensions):
    d = ws.column_dimensions[k]
    if d.width:
        print("width", k, int(d.width))
PY
dump() { "$PY" "$TMP/dump.py" "$1"; }

# ---- xlsx out --------------------------------------------------------------

if have_openpyxl; then
	run wmsj-volunteer show V610724109001-0001 --reveal --format xlsx
	status_is 0
	err_empty
	cp "$out" "$TMP/show.xlsx"
	run dump "$TMP/show.xlsx"
	# ID number, card number, phone, station code: text cells, every digit.
	out_is <<'OUT'
A1 s 编号
B1 s 积分卡号
C1 s 姓名
D1 s 身份证号
E1 s 手机号
F1 s 站点代码
G1 s 站点名称
H1 s 状态
I1 s 标签
J1 s 平台编号
K1 s 登记日期
A2 s V610724109001-0001
B2 s 610724109001-7098475858
C2 s 吉𠮷祥
D2 s 610724198609086422
E2 s 18900602677
F2 s 610724109001
G2 s 堰口社区新时代文明实践站
H2 s active
I2 s 大学生
J2 s ZY84751846
K2 s 2026-08-01
width A 20
width B 25
width C 8
width D 20
width E 13
width F 14
width G 26
width H 8
width I 8
width J 12
width K 12
OUT
	# Without --reveal the workbook is masked like the table.
	wmsj-volunteer list --station 610724109001 --format xlsx > "$TMP/list.xlsx"
	run dump "$TMP/list.xlsx"
	out_lacks 610724198609086422
	out_has "E2 s 189****2677"
	check "list: ten volunteers" test "$(grep -c '^A[0-9]* s V' "$out")" = 10

	# Points, hours and quantities are numbers; ids stay text.
	wmsj-points balance V610724109003-0003 --format xlsx > "$TMP/bal.xlsx"
	run dump "$TMP/bal.xlsx"
	out_is <<'OUT'
A1 s 编号
B1 s 姓名
C1 s 积分卡号
D1 s 站点代码
E1 s 状态
F1 s 获得积分
G1 s 兑换积分
H1 s 清零积分
I1 s 积分余额
J1 s 服务时长（小时）
A2 s V610724109003-0003
B2 s 崔家
C2 s 610724109003-1574928135
D2 s 610724109003
E2 s active
F2 n 20
G2 n 0
H2 n 20
I2 n 0
J2 n 3.5
width A 20
width B 6
width C 25
width D 14
width E 8
width F 10
width G 10
width H 10
width I 10
width J 18
OUT

	# Every record command writes a workbook with its rows (header + rows
	# of the csv output).
	for c in "wmsj-volunteer list" "wmsj-points balance" "wmsj-points history V610724109001-0001" \
		"wmsj-points export" "wmsj-report notice --quarter 2026Q3" \
		"wmsj-report exchanges --quarter 2026Q3" "wmsj-report monthly --month 2026-09" \
		"wmsj-report ranking --year 2026" "wmsj-report stats --year 2026" "wmsj-audit"; do
		# shellcheck disable=SC2086
		$c --format csv > "$TMP/c.csv"
		# shellcheck disable=SC2086
		$c --format xlsx > "$TMP/c.xlsx"
		rows_csv=$(wc -l < "$TMP/c.csv")
		rows_x=$("$PY" -c 'import sys,openpyxl; print(openpyxl.load_workbook(sys.argv[1]).worksheets[0].max_row)' "$TMP/c.xlsx")
		check "$c --format xlsx: $rows_csv rows" test "$rows_csv" = "$rows_x"
	done
	wmsj-report notice --quarter 2026Q3 --station 610724109001 --format xlsx > "$TMP/n.xlsx"
	run dump "$TMP/n.xlsx"
	out_has "L1 s 账本校验码"
	out_has "F2 s 610724109001-******"
	out_has "E2 s 吉*祥"
	out_lacks 吉𠮷祥
	# A notice directory gets a workbook per station, even from a terminal.
	run wmsj-report notice --quarter 2026Q3 --format xlsx --out "$TMP/pub"
	status_is 0
	out_has "$TMP/pub/2026Q3-610724109001.xlsx"
	check "published workbook is one" test "$(head -c 2 "$TMP/pub/2026Q3-610724109001.xlsx")" = PK
else
	echo "# skip: python3-openpyxl not installed (xlsx content checks)"
fi

# A workbook is refused on a terminal (it would be binary noise) with status 2.
if script -qec true /dev/null >/dev/null 2>&1; then
	for c in "wmsj-volunteer list" "wmsj-points balance" "wmsj-report ranking --year 2026" "wmsj-audit"; do
		script -qec "$c --format xlsx; echo status=\$?" /dev/null > "$TMP/tty" 2>&1 </dev/null
		check "$c --format xlsx on a terminal: usage" grep -q 'status=2' "$TMP/tty"
		check "$c --format xlsx on a terminal: says why" grep -q 'redirect standard output' "$TMP/tty"
	done
else
	echo "# skip: script(1) not available (terminal refusal)"
fi
run wmsj-report certificate V610724109001-0001 --format xlsx
status_is 2

# ---- xlsx in ----------------------------------------------------------------

if have_openpyxl; then
	# A sheet as openpyxl writes it: inline strings, the ID number as text,
	# the phone as a number, empty rows below (a formatted sheet).
	"$PY" - "$TMP/in.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "名单"
ws.append(["name", "id_number", "phone", "station", "tags", "platform_no"])
ws.append(["柯小文", "610724199001010010", 13912345678, 610724109001, "党员", None])
ws.append(["  石磊", "610724199001010029", "13912345679", "610724109003", None, "ZY1"])
ws.append([None] * 6)
ws.append(["", "", "", "", "", ""])
for r in range(7, 40):
    ws.cell(row=r, column=2).number_format = "@"
wb.save(sys.argv[1])
PY
	new_data
	run wmsj-volunteer import --date 2026-11-01 --reveal "$TMP/in.xlsx"
	status_is 0
	out_is <<'OUT'
id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered
V610724109001-0001,610724109001-7098475858,柯小文,610724199001010010,13912345678,610724109001,堰口社区新时代文明实践站,active,党员,,2026-11-01
V610724109003-0001,610724109003-2079970040,石磊,610724199001010029,13912345679,610724109003,古城社区新时代文明实践站,active,,ZY1,2026-11-01
OUT
	err_is <<'ERR'
wmsj-volunteer: imported 2 volunteers
ERR

	# The ID number typed into a number cell: openpyxl and Excel keep 15-17
	# digits (6.10724199001010E+17).  Refused, naming the row; nothing written.
	"$PY" - "$TMP/num.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["name", "id_number", "phone", "station"])
ws.append(["甲", "610724199001010037", "13912345670", "610724109001"])
ws.append(["乙", 610724199001010045, 13912345671, 610724109001])
ws.append(["丙", 6.10724199001010E+17, 13912345672, 610724109001])
c = ws.cell(row=5, column=1, value="丁")
ws.append([])
# a number cell that holds all 18 digits (some writers do): read as written
ws.cell(row=5, column=2).value = "610724199001010053"
ws.cell(row=5, column=2).data_type = "n"
ws.cell(row=5, column=3).value = 13912345673
ws.cell(row=5, column=4).value = 610724109001
wb.save(sys.argv[1])
PY
	new_data
	run wmsj-volunteer import "$TMP/num.xlsx"
	status_is 1
	err_is <<ERR
wmsj-volunteer: $TMP/num.xlsx:3: invalid ID number: the spreadsheet stored it as a number (like 4.10E+17) and lost its last digits; format the column as text and enter the numbers again
wmsj-volunteer: $TMP/num.xlsx:4: invalid ID number: the spreadsheet stored it as a number (like 4.10E+17) and lost its last digits; format the column as text and enter the numbers again
wmsj-volunteer: 2 of 4 rows refused; nothing imported
ERR
	out_empty
	check "nothing imported" test "$(wmsj-volunteer list | wc -l)" = 1
	run wmsj-volunteer import --dry-run "$TMP/num.xlsx"
	status_is 1

	# Round trip: what the tool writes, the tool and openpyxl read back.
	new_data
	D2=$D
	D=$TMP/d; export WMSJ_DATA=$D
	wmsj-volunteer list --reveal --format xlsx > "$TMP/all.xlsx"
	wmsj-volunteer list --reveal --format csv > "$TMP/all.csv"
	"$PY" - "$TMP/all.xlsx" > "$TMP/all.py.csv" <<'PY'
import sys, csv, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
w = csv.writer(sys.stdout, lineterminator="\n")
for i, row in enumerate(ws.iter_rows()):
    if i == 0:
        continue
    for c in row:
        assert c.value is None or c.data_type == "s", (c.coordinate, c.data_type)
    w.writerow(["" if c.value is None else c.value for c in row])
PY
	tail -n +2 "$TMP/all.csv" > "$TMP/all.body.csv"
	check "openpyxl reads back every cell of the register as text, as the csv has it" \
		cmp -s "$TMP/all.py.csv" "$TMP/all.body.csv"
	# ... and the tool imports its own workbook (Chinese headings) into a new
	# register: the same people, ID numbers, phones, stations, tags.
	run wmsj-volunteer -d "$D2" import --date 2026-08-01 --reveal "$TMP/all.xlsx"
	status_is 0
	sed 1d "$out" | cut -d, -f3- | sort > "$TMP/rt.new"
	cut -d, -f3- "$TMP/all.csv" | sed 1d | sort > "$TMP/rt.old"
	check "round trip through the tool's own workbook keeps every volunteer" test "$(wc -l < "$TMP/rt.new")" = 60
	check "round trip keeps names, ID numbers, phones, stations, tags" cmp -s "$TMP/rt.old" "$TMP/rt.new"
else
	echo "# skip: python3-openpyxl not installed (xlsx import checks)"
fi

# ---- the points cards ---------------------------------------------------------

D=$TMP/d; export WMSJ_DATA=$D
# Render an html file to a PNG with headless Chromium (A4 at 96 dpi, scaled
# twice for the scanner); "" when there is no Chromium.
render() { # html png
	command -v chromium >/dev/null || return 1
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$TMP/chr" \
		--hide-scrollbars --force-device-scale-factor=2 --window-size=794,1123 \
		--screenshot="$2" "file://$1" >/dev/null 2>&1
	test -s "$2"
}
qr_codes() { zbarimg -q --raw "$1" 2>/dev/null | sort; }
can_render() { command -v chromium >/dev/null && command -v zbarimg >/dev/null; }

run wmsj-volunteer card --station 610724109003
status_is 0
err_empty
cp "$out" "$TMP/cards.html"
wmsj-volunteer list --station 610724109003 --status active --format csv | col card_no /dev/stdin | head -8 | sort > "$TMP/want"
check "cards: one sheet of eight holds the first eight" test "$(grep -c 'class="page"' "$TMP/cards.html")" = 2
out_has "积分管理卡　第 1/2 页"
out_has "<text x=\"5.00\" y=\"48.50\" font-size=\"3.72\" class=\"no\" fill=\"#000\" font-weight=\"bold\">$(card_of V610724109003-0001)</text>"
out_has "古城社区新时代文明实践站"
out_has "堰口镇新时代文明实践所"
# the holder's own card carries the full name
out_has ">阿依古丽·买买提</text>"
run wmsj-volunteer card --station 610724109003 --format svg
status_is 0
cp "$out" "$TMP/cards.svg"
if command -v xmllint >/dev/null; then
	check "card sheet svg is well-formed XML" xmllint --noout "$TMP/cards.svg"
fi
out_has 'height="594mm"'

# A reissued card prints its new number; the old number is refused.
old=$(card_of V610724109003-0002)
wmsj-volunteer reissue V610724109003-0002 > /dev/null
new=$(wmsj-volunteer show V610724109003-0002 --format csv | col card_no /dev/stdin)
run wmsj-volunteer card V610724109003-0002
status_is 0
cp "$out" "$TMP/reissued.html"
out_has ">$new</text>"
out_lacks ">$old</text>"
run wmsj-volunteer card "$old"
status_is 1
err_is <<ERR
wmsj-volunteer: card '$old' was reissued; the current card of volunteer 'V610724109003-0002' is '$new'
ERR
out_empty
run wmsj-volunteer card --format csv
status_is 2
run wmsj-volunteer list --format html
status_is 2

if can_render; then
	check "card sheet renders" render "$TMP/cards.html" "$TMP/cards.png"
	qr_codes "$TMP/cards.png" > "$TMP/got"
	check "each card's QR code is its card number (8 on page one)" cmp -s "$TMP/want" "$TMP/got"
	diff "$TMP/want" "$TMP/got" | sed "s/^/#   /"
	check "reissued card renders" render "$TMP/reissued.html" "$TMP/reissued.png"
	check "the reissued card's QR code is the new number" test "$(qr_codes "$TMP/reissued.png")" = "$new"
else
	echo "# skip: chromium or zbarimg not installed (card render test)"
fi

# ---- the exchange day with a USB scanner ----------------------------------------

D=$TMP/ex; mkdir -p "$D"
check "exchange scenario builds" scenario
wmsj-points award --activity A610724109001-0002 --certifier 刘专干 --supervisor 陈德明 \
	V610724109001-0007 >/dev/null
# the cards, read before V610724109001-0005's is reissued
for n in 1 2 3 4 5 6 7 8 9 10; do
	eval "k$n=\$(card_of V610724109001-$(printf %04d $n))"
done
k33=$(card_of V610724109003-0003)
wmsj-volunteer suspend V610724109001-0004 --reason 外出务工 >/dev/null
wmsj-volunteer reissue V610724109001-0005 >/dev/null
# What the scanner types: a card number and Enter (CR LF from some scanners);
# a clerk may type CARD ITEM [QTY] for other goods.
printf '%s\r\n' "$k2" "$k1" "$k33" > "$TMP/scans"
printf '%s\n' "$k3 G06 1" '' "$k4" "$k5" \
	"$k7 G04" 'nope G06' "$k8 G99" 'a b c d' \
	"$k9 G06 0" >> "$TMP/scans"
run_in "$TMP/scans" wmsj-points exchange --item G06 --clerk 刘专干
status_is 1
out_is <<OUT
$k2  胡*桂  balance 25: redeemed 1 x 香皂 for 10 points, balance 15 (T00000030)
$k1  吉*祥  balance 0: refused
$k33  崔*  balance 0: refused
$k3  杜*东  balance 10: redeemed 1 x 香皂 for 10 points, balance 0 (T00000031)
$k4  唐*子  balance 10: refused
$k5: refused
$k7  高*  balance 25: refused
nope: refused
$k8  郝*  balance 10: refused
exchange day 2026-11-22: 11 scans, 2 redeemed for 20 points, 9 refused
  G06 香皂: 2 (20 points)
OUT
err_is <<ERR
wmsj-points: line 2: volunteer 'V610724109001-0001' has 0 points on 2026-11-22; 1 x '香皂' needs 10
wmsj-points: line 3: volunteer 'V610724109003-0003' was cleared in 2026; the card cannot be used until 1 January 2027
wmsj-points: line 6: volunteer 'V610724109001-0004' is suspended; the card cannot be used
wmsj-points: line 7: card '$k5' was reissued and no longer works (volunteer 'V610724109001-0005')
wmsj-points: line 8: only 0 of '毛巾' in stock on 2026-11-22; 1 asked
wmsj-points: line 9: unknown card 'nope' (points are redeemed only by card number)
wmsj-points: line 10: unknown item 'G99' (goods in wmsj.yaml)
wmsj-points: line 11: expected CARD [ITEM [QTY]]
wmsj-points: line 12: the quantity must be a whole number above 0, not '0'
ERR
run wmsj-points balance V610724109001-0002 V610724109001-0003
out_is <<OUT
id,name,card_no,station,status,earned,redeemed,cleared,balance,hours
V610724109001-0002,胡福桂,$k2,610724109001,active,25,10,0,15,5
V610724109001-0003,杜怡东,$k3,610724109001,active,10,10,0,0,2
OUT
run wmsj-audit verify
status_is 0

# The same in Chinese.
printf '%s\n' "$k6" > "$TMP/scan1"
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 WMSJ_LOCALEDIR=${WMSJ_LOCALEDIR:-} run_in "$TMP/scan1" \
	wmsj-points exchange --item G06 --clerk 刘专干
status_is 0
if locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
	out_is <<OUT
$k6  覃*国  余额 10 分：兑换 1 件 香皂，用 10 分，余额 0 分（T00000032）
兑换日 2026-11-22：扫描 1 次，兑换 1 笔共 10 分，拒绝 0 次
  G06 香皂：1 件（10 分）
OUT
else
	echo "# skip: no zh_CN.UTF-8 locale (Chinese exchange output)"
fi

# Each accepted scan is committed before the next is read, and the lock is
# not held while the session waits for the scanner: another clerk's command
# runs in between.
coproc EX { wmsj-points exchange --item G06 --clerk 刘专干 2>&1; }
expid=$EX_PID
exec {exin}>&"${EX[1]}" {exout}<&"${EX[0]}"
echo "$k10" >&"$exin"
IFS= read -r first <&"$exout"
check "a scan is answered at once" test "$first" = "$k10  范*春  balance 10: redeemed 1 x 香皂 for 10 points, balance 0 (T00000033)"
run wmsj-points stock --item G06 --qty 5 --donor 镇商会 --station 610724109001 --wait 0
status_is 0
run wmsj-points balance V610724109001-0010
out_has "V610724109001-0010,范涵春,$k10,610724109001,active,10,10,0,0,2"
exec {exin}>&- {EX[1]}>&-
cat <&"$exout" > "$TMP/rest"
wait "$expid"; exstatus=$?
exec {exout}<&-
check "session ends 0 when nothing was refused" test "$exstatus" = 0
check "summary after the input ends" grep -q '^exchange day 2026-11-22: 1 scans, 1 redeemed for 10 points, 0 refused$' "$TMP/rest"

run wmsj-points exchange --item G06
status_is 2
run wmsj-points exchange --item G06 --clerk 刘专干 --qty x
status_is 2

# ---- the notice on the board ------------------------------------------------------

D=$TMP/d; export WMSJ_DATA=$D
seal=$(wmsj-report notice --quarter 2026Q3 --station 610724109001 --format csv | col seal /dev/stdin | head -1)
run wmsj-report notice --quarter 2026Q3 --station 610724109001 --format html
status_is 0
cp "$out" "$TMP/notice.html"
# The title breaks only between its parts; the rules' title, the station's
# exchange point, the seal unbroken and as a QR code, room for the stamp.
out_has '<h1><span class="u">堰口社区新时代文明实践站</span><span class="u">2026年第三季度</span><span class="u">文明实践志愿服务积分公示</span></h1>'
out_has 'h1 .u { display: inline-block; white-space: nowrap; }'
out_has '根据《新时代文明实践志愿服务积分管理办法》'
out_has '<p>积分兑换点：西乡县堰口镇堰口社区新时代文明实践志愿服务积分兑换点</p>'
out_has "<span class=\"sv\">$seal</span>"
out_has 'white-space: nowrap; color: #000; }'
out_has '<img class="qr" alt="账本校验码二维码" src="data:image/svg+xml;base64,'
out_has '<div class="sign"><p>堰口镇新时代文明实践所</p><p class="stamp">（盖章）</p><p>2026年11月22日</p></div>'
out_has '.close { break-inside: avoid; page-break-inside: avoid; }'
# A station without a configured exchange point says nothing about one.
run wmsj-report notice --quarter 2026Q3 --station 610724109003 --format text
out_lacks 积分兑换点
out_has 根据《新时代文明实践志愿服务积分管理办法》
if can_render; then
	check "notice renders" render "$TMP/notice.html" "$TMP/notice.png"
	check "the notice's QR code is its seal" test "$(qr_codes "$TMP/notice.png")" = "$seal"
else
	echo "# skip: chromium or zbarimg not installed (notice render test)"
fi

# A batch from a pipe into a directory that is not a data directory: the
# message and status 3, not a crash (the CSV table was released unread).
printf 'id\nV610724109001-0001\n' > "$TMP/keys.csv"
run_in "$TMP/keys.csv" wmsj-points -d "$TMP/nodata" award --activity A1 --certifier 刘专干 --supervisor 陈德明 -
status_is 3
err_is <<ERR
wmsj-points: '$TMP/nodata' is not a wmsj data directory (no wmsj.yaml); create one with 'wmsj-volunteer init -d $TMP/nodata'
ERR

# Not a workbook, or a damaged one: malformed input naming the file.
new_data
printf 'PK\003\004this is not a zip' > "$TMP/bad.xlsx"
run wmsj-volunteer import "$TMP/bad.xlsx"
status_is 3
err_is <<ERR
wmsj-volunteer: $TMP/bad.xlsx: not a workbook that can be read (not an .xlsx zip archive)
ERR

done_testing
