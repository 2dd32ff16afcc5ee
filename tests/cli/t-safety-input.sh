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
cp "$out" "$TMP/from-utf8"
new_data
run wmsj-volunteer import --reveal "$TMP/gb.csv"
status_is 0
check "a GB18030 import reads as the UTF-8 one" cmp -s "$out" "$TMP/from-utf8"
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

done_testing
