#!/bin/bash
# Hostile and odd input: wmsj.yaml nesting and repeated keys, NUL bytes and
# line ends in CSV imports.
. "$(dirname "$0")/lib.sh"

new_data
head="name,id_number,phone,station"

# ---- wmsj.yaml ----------------------------------------------------------------

# 100000 levels of nesting (200 KB) used to stall every tool for minutes.
cp "$D/wmsj.yaml" "$TMP/good.yaml"
{ cat "$TMP/good.yaml"; printf 'notes: '; head -c 100000 /dev/zero | tr '\0' '['
  head -c 100000 /dev/zero | tr '\0' ']'; echo; } >"$D/wmsj.yaml"
line=$(wc -l <"$D/wmsj.yaml")
run wmsj-volunteer list
status_is 3
err_is <<ERR
wmsj-volunteer: $D/wmsj.yaml:$line: nested deeper than 16 levels
ERR
out_empty

# A key given twice inside a station is refused like a top-level one (it
# was last-wins: the second name silently replaced the first).
awk '{print} /name: 古城社区新时代文明实践站/ {print "    name: 假冒站"}' "$TMP/good.yaml" >"$D/wmsj.yaml"
line=$(grep -n 假冒站 "$D/wmsj.yaml" | cut -d: -f1)
run wmsj-points stock
status_is 3
err_is <<ERR
wmsj-points: $D/wmsj.yaml:$line: key 'name' appears twice in stations[2]
ERR
awk '{print} /^rules:/ {print "  max_points: 50"; print "  max_points: 5000"}' "$TMP/good.yaml" >"$D/wmsj.yaml"
line=$(grep -n "max_points: 5000" "$D/wmsj.yaml" | cut -d: -f1)
run wmsj-report stats
status_is 3
err_is <<ERR
wmsj-report: $D/wmsj.yaml:$line: key 'max_points' appears twice in rules
ERR
cp "$TMP/good.yaml" "$D/wmsj.yaml"

# ---- CSV: NUL bytes -----------------------------------------------------------

# The ID number "11010519491231002X\0junk" used to pass as 11010519491231002X.
printf '%s\n吉祥,11010519491231002X\0junk,13812345678,610724109001\n' "$head" >"$TMP/nul.csv"
run wmsj-volunteer import --dry-run "$TMP/nul.csv"
status_is 3
err_is <<ERR
wmsj-volunteer: $TMP/nul.csv:2: a NUL byte (byte 26 of the line); the file is not text: save it as CSV
ERR
# Excel's "Unicode text" is UTF-16, NULs everywhere.
printf '\377\376n\0a\0m\0e\0\n\0' >"$TMP/utf16.csv"
run wmsj-volunteer import "$TMP/utf16.csv"
status_is 3
err_is <<ERR
wmsj-volunteer: $TMP/utf16.csv: the file is UTF-16 (Excel's "Unicode text"); save it as CSV (UTF-8) or CSV
ERR

# ---- CSV: line ends -----------------------------------------------------------

# The same bad rows (lines 3 and 5) in LF, CRLF and CR-only ("CSV (Macintosh)").
for eol in lf crlf cr; do
	case $eol in lf) e='\n' ;; crlf) e='\r\n' ;; cr) e='\r' ;; esac
	printf "%s$e吉祥,610724198609086422,18900602677,610724109001$e" "$head" >"$TMP/$eol.csv"
	printf "莫珍德,610724196109107793,238,610724109205$e$e" >>"$TMP/$eol.csv"
	printf "欧阳明华,610724198804256490,17937396401,610724109299$e" >>"$TMP/$eol.csv"
	run wmsj-volunteer import --dry-run "$TMP/$eol.csv"
	status_is 1
	err_is <<ERR
wmsj-volunteer: $TMP/$eol.csv:3: invalid phone number: a mainland mobile number has 11 digits starting with 1
wmsj-volunteer: $TMP/$eol.csv:5: unknown station '610724109299'
wmsj-volunteer: 2 of 3 rows refused; nothing imported
ERR
done

# ---- --encoding auto ------------------------------------------------------------

# GBK/GB18030 as Chinese Excel saves it imports the same volunteers as UTF-8.
iconv -f UTF-8 -t GB18030 "$TOP/examples/data/volunteers-import.csv" >"$TMP/gb.csv"
run wmsj-volunteer import --reveal "$TOP/examples/data/volunteers-import.csv"
status_is 0
nocards() { sed 's/,[0-9]\{12\}-[0-9]\{10\},/,CARD,/' "$1"; }   # cards are random
nocards "$out" > "$TMP/from-utf8"
new_data
run wmsj-volunteer import --reveal "$TMP/gb.csv"
status_is 0
nocards "$out" > "$TMP/from-gb"
check "a GB18030 import reads as the UTF-8 one" cmp -s "$TMP/from-gb" "$TMP/from-utf8"
new_data

# UTF-8 but for one pasted GBK character (the middle dot of 李·四) was read
# whole as GB18030 and imported as mojibake with status 0.
printf '%s\n张三,610724198609086422,18900602677,610724109001\n李\241\244四,610724197305135411,17874526859,610724109001\n' \
	"$head" >"$TMP/stray.csv"
run wmsj-volunteer import "$TMP/stray.csv"
status_is 3
err_is <<ERR
wmsj-volunteer: $TMP/stray.csv:3: invalid UTF-8 at column 2 (byte 0xA1) though the rest of the file looks like UTF-8; correct it, or give --encoding gb18030 if the file is GBK
ERR
out_empty
run wmsj-volunteer import --encoding utf-8 "$TMP/stray.csv"
status_is 3
err_is <<ERR
wmsj-volunteer: $TMP/stray.csv:3: invalid UTF-8 at column 2 (byte 0xA1)
ERR
run wmsj-volunteer list
out_is <<'OUT'
id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered
OUT

# ---- import: a sheet as Excel and WPS save it ----------------------------------

# A Chinese sheet saved as "CSV" by Chinese Excel: GB18030, CRLF, columns the
# import does not use, rows of empty cells left after the data.
printf '序号,姓名,性别,身份证号,手机号码,所属站点,标签,备注\r
1,吉祥,男,610724198609086422,18900602677,610724109001,大学生,\r
2,莫珍德,女,610724196109107793,18428926937,610724109205,五老,新入\r
,,,,,,,\r
,,,,,,,\r
' | iconv -f UTF-8 -t GB18030 >"$TMP/zh.csv"
run wmsj-volunteer import --reveal "$TMP/zh.csv"
status_is 0
out_is <<OUT
id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered
V610724109001-0001,$(card_of V610724109001-0001),吉祥,610724198609086422,18900602677,610724109001,堰口社区新时代文明实践站,active,大学生,,2026-11-22
V610724109205-0001,$(card_of V610724109205-0001),莫珍德,610724196109107793,18428926937,610724109205,南坝村新时代文明实践站,active,五老,,2026-11-22
OUT
err_is <<'ERR'
wmsj-volunteer: imported 2 volunteers
ERR

# 所属站点 holding the station's name, in full or without 新时代文明实践站.
new_data
printf '姓名,身份证号,手机号,所属站点\n吉祥,610724198609086422,18900602677,堰口社区新时代文明实践站\n莫珍德,610724196109107793,18428926937, 南坝村 \n' >"$TMP/names.csv"
run wmsj-volunteer import "$TMP/names.csv"
status_is 0
check "stations found by name" test "$(col station | tr '\n' ' ')" = "610724109001 610724109205 "
printf '姓名,身份证号,手机号,所属站点\n欧阳明华,610724198804256490,17937396401,堰口\n' >"$TMP/noname.csv"
run wmsj-volunteer import "$TMP/noname.csv"
status_is 1
err_is <<ERR
wmsj-volunteer: $TMP/noname.csv:2: unknown station '堰口'
wmsj-volunteer: 1 of 1 rows refused; nothing imported
ERR

# "CSV UTF-8" (with a BOM) and the contract's names in any case and spacing.
new_data
printf '\357\273\277Name, ID Number ,PHONE,Station,Platform No\n欧阳明华,610724198804256490,17937396401,610724109204,ZY001\n' >"$TMP/en.csv"
run wmsj-volunteer import --reveal "$TMP/en.csv"
status_is 0
out_is <<OUT
id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered
V610724109204-0001,$(card_of V610724109204-0001),欧阳明华,610724198804256490,17937396401,610724109204,肖家湾村新时代文明实践站,active,,ZY001,2026-11-22
OUT

# The contract's header and Excel's trailing rows of empty cells: they
# were refused as volunteers without a name.
new_data
printf '%s\n吉祥,610724198609086422,18900602677,610724109001\n,,,\n,,,\n' "$head" >"$TMP/trail.csv"
run wmsj-volunteer import --dry-run "$TMP/trail.csv"
status_is 0
err_is <<'ERR'
wmsj-volunteer: 1 rows checked; all can be imported (dry run, nothing written)
ERR

# A title row above the header, as a roster printed for the wall has.
printf '堰口社区志愿者花名册,,,,\n序号,姓名,身份证号,手机号,站点\n1,吉祥,610724198609086422,18900602677,610724109001\n2,莫珍德,610724196109107793,238,610724109205\n' >"$TMP/title.csv"
run wmsj-volunteer import --dry-run "$TMP/title.csv"
status_is 1
err_is <<ERR
wmsj-volunteer: $TMP/title.csv:4: invalid phone number: a mainland mobile number has 11 digits starting with 1
wmsj-volunteer: 1 of 2 rows refused; nothing imported
ERR

# An empty row in the middle, with data after it, is still reported.
new_data
printf '姓名,身份证号,手机号,站点\n吉祥,610724198609086422,18900602677,610724109001\n,,,\n莫珍德,610724196109107793,18428926937,610724109205\n,,,\n' >"$TMP/gap.csv"
run wmsj-volunteer import "$TMP/gap.csv"
status_is 1
err_is <<ERR
wmsj-volunteer: $TMP/gap.csv:3: an empty row between rows of data; delete it
wmsj-volunteer: 1 of 3 rows refused; nothing imported
ERR
out_empty

# A column not found says what it may be called.
printf '姓名,身份证,手机号,站点\n吉祥,610724198609086422,18900602677,610724109001\n' >"$TMP/nocol.csv"
run wmsj-volunteer import "$TMP/nocol.csv"
status_is 3
err_is <<ERR
wmsj-volunteer: $TMP/nocol.csv:1: missing column 'id_number' (or '身份证号')
ERR
printf '姓名,name,身份证号,手机号,站点\n' >"$TMP/twice.csv"
run wmsj-volunteer import "$TMP/twice.csv"
status_is 3
err_is <<ERR
wmsj-volunteer: $TMP/twice.csv:1: two columns are 'name': '姓名' and 'name'
ERR

done_testing
