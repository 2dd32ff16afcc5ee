#!/bin/bash
# Safety and privacy at the edges: personal data kept out of ps, core dumps
# and messages; names normalised and masked on public outputs; outputs that
# cannot inject markup, spreadsheet formulas or terminal controls.
. "$(dirname "$0")/lib.sh"

ID1=11010519491231002X
CSI=$'\xc2\x9b'          # U+009B, the 8-bit CSI a terminal may obey
RLO=$'\xe2\x80\xae'      # U+202E RIGHT-TO-LEFT OVERRIDE

# ---- injection: html title, md certificate, csv export, tty tables ----------

new_data
sed -i 's|name: 堰口社区新时代文明实践站|name: "堰口</title><script>x</script>站"|' "$D/wmsj.yaml"
run wmsj-volunteer add --name '[张三](javascript:x)' --id-number $ID1 --phone 13812345678 \
	--station 610724109001 --tags ab,cd
status_is 0
run wmsj-volunteer add --name 李四 --id-number 440524188001010014 --phone 13812345679 \
	--station 610724109001 --tags "a${CSI}31mb"
status_is 1
err_is <<'ERR'
wmsj-volunteer: tags may not hold control characters
ERR
# A register written before the rules (or by another program) may hold them:
# one older than its history, read from its file.
sed -i "s/,\"ab,cd\",/,\"a${CSI}31mb,c${RLO}d\",/" "$D/volunteers.csv"
rm "$D/history.csv"

run wmsj-report notice --quarter 2026Q3 --station 610724109001 --format html
status_is 0
out_has '<title>堰口&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;站2026年第三季度文明实践志愿服务积分公示</title>'
out_lacks '<script>'

run wmsj-report certificate V610724109001-0001 --format md
status_is 0
out_has '兹证明 \[张三\](javascript:x)（公民身份号码 110105\*\*\*\*\*\*\*\*002X）为堰口\</title\>\<script\>x\</script\>站注册志愿者'
out_lacks '<script>'
run wmsj-report notice --quarter 2026Q3 --station 610724109001 --format md
status_is 0
out_has '# 堰口\</title\>\<script\>x\</script\>站2026年第三季度文明实践志愿服务积分公示'

# Formulas in text cells of the export are neutralised; signed numbers stay numbers.
WMSJ_CLERK=@clerk run wmsj-points stock --item G06 --qty 10 --donor '=1+2' --station 610724109001 --date 2026-09-20
status_is 0
run wmsj-points activity add --station 610724109001 --date 2026-09-15 --platform theory \
	--title 讲堂 --points 10 --hours 2
status_is 0
run wmsj-points award --activity A610724109001-0001 --certifier '-2+3' --supervisor 陈德明 V610724109001-0001
status_is 0
c1=$(card_of V610724109001-0001)
run wmsj-points redeem --card "$c1" --item G06 --clerk '+cmd' --date 2026-09-20
status_is 0
run wmsj-points export
status_is 0
cut -d, -f1-18 "$out" > "$TMP/export"
cat > "$TMP/expected.export" <<OUT
txn,date,kind,volunteer,station,points,hours,item,qty,activity,ref,reverses,recorded,recorder,certifier,supervisor,approver,note
T00000001,2026-09-20,stock,,610724109001,0,,G06,10,,,,2026-11-22T10:00:00,'@clerk,,,,'=1+2
T00000002,2026-09-15,award,V610724109001-0001,610724109001,10,2,,,A610724109001-0001,,,2026-11-22T10:00:00,'-2+3,'-2+3,陈德明,,
T00000003,2026-09-20,redeem,V610724109001-0001,610724109001,-10,,G06,-1,,$c1,,2026-11-22T10:00:00,'+cmd,,,,
OUT
check "export neutralises formulas in text cells, not signed numbers" cmp -s "$TMP/expected.export" "$TMP/export"
diff -u "$TMP/expected.export" "$TMP/export" | sed 's/^/#   /'

# A tty table shows controls and direction overrides as escapes, never raw.
run wmsj-volunteer list --format table
status_is 0
out_has 'a\u009b31mb,c\u202ed'
check "no C1 control reaches the table" sh -c "! LC_ALL=C grep -q '$CSI' '$out'"
check "no direction override reaches the table" sh -c "! LC_ALL=C grep -q '$RLO' '$out'"

# ---- names: normalised at the door, masked on every public output -----------

new_data
ZWSP=$'\xe2\x80\x8b'
run wmsj-volunteer add --name "${RLO}张三" --id-number $ID1 --phone 13812345678 --station 610724109001
status_is 1
err_is <<ERR
wmsj-volunteer: a name may not hold control, format or direction characters (U+202E)
ERR
run wmsj-volunteer add --name '  王   明 ' --id-number $ID1 --phone 13812345678 --station 610724109001
status_is 0
check "a name is stored trimmed, its spaces collapsed" test "$(col name)" = "王 明"
run wmsj-volunteer add --name W　X --id-number 440524188001010014 --phone 13812345679 --station 610724109001
status_is 0
check "an ideographic space is a space" test "$(col name)" = "W X"
run wmsj-volunteer add --name 李四 --id-number 610724197305135411 --phone 13812345670 --station 610724109001
status_is 0
run wmsj-volunteer update V610724109001-0003 --name "李${ZWSP}四"
status_is 1
err_is <<ERR
wmsj-volunteer: a name may not hold control, format or direction characters (U+200B)
ERR
run wmsj-volunteer update V610724109001-0003 --name ' 李·四 '
status_is 0
check "update stores the normalised name" test "$(col name)" = "李·四"
printf 'name,id_number,phone,station\n"%s",610724199001011232,13912345678,610724109001\n" 钱  七 ",610724198609086422,18900602677,610724109001\n' "赵${ZWSP}六" > "$TMP/names.csv"
cd "$TMP"
run wmsj-volunteer import names.csv
cd - >/dev/null
status_is 1
err_is <<ERR
wmsj-volunteer: names.csv:2: a name may not hold control, format or direction characters (U+200B)
wmsj-volunteer: 1 of 2 rows refused; nothing imported
ERR
sed -i "s/赵${ZWSP}六/赵六/" "$TMP/names.csv"
run wmsj-volunteer import "$TMP/names.csv"
status_is 0
check "import stores normalised names" test "$(col name | tr '\n' /)" = "赵六/钱 七/"

# Names written before the rules hold what they hold; the notice still masks
# them (a register older than its history, read from its file).
sed -i "s/,赵六,/,${RLO}赵六,/; s/,钱 七,/, 钱  七,/" "$D/volunteers.csv"
rm "$D/history.csv"
for f in text md html csv; do
	run wmsj-report notice --quarter 2026Q3 --station 610724109001 --format $f
	status_is 0
	for full in '王 明' '李·四' 'W X' '赵六' '钱 七' '钱  七' "$RLO"; do
		out_lacks "$full"
	done
	st='*'; [ $f = md ] && st='\*'
	out_has "王$st"
	out_has "李·$st"
	out_has "W $st"
	out_has "赵$st"
	out_has "钱$st"
done

# ---- personal data: not in ps, not in core dumps, not in messages -----------

new_data
# The ID number and the phone from standard input: nothing personal in argv.
printf '%s\n%s\n' $ID1 13812345678 > "$TMP/secret"
run_in "$TMP/secret" wmsj-volunteer add --name 张三 --id-number - --phone - --station 610724109001
status_is 0
out_is <<OUT
id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered
V610724109001-0001,$(card_of V610724109001-0001),张三,110105********002X,138****5678,610724109001,堰口社区新时代文明实践站,active,,,2026-11-22
OUT
err_empty
printf '13912345678\n' > "$TMP/phone"
run_in "$TMP/phone" wmsj-volunteer update V610724109001-0001 --phone -
status_is 0
check "update reads the phone from standard input" test "$(col phone)" = "139****5678"
# An ID number as KEY from standard input too; then --phone - reads the next line.
printf '%s\n13912345670\n' $ID1 > "$TMP/key"
run_in "$TMP/key" wmsj-volunteer update - --phone -
status_is 0
check "update - reads the KEY, then the phone" test "$(col id),$(col phone)" = "V610724109001-0001,139****5670"
run_in "$TMP/key" wmsj-volunteer show - --format csv
status_is 0
check "show - reads the KEY" test "$(col id)" = V610724109001-0001
run wmsj-volunteer show -
status_is 2
err_is <<'ERR'
wmsj-volunteer: no KEY on standard input for 'show -'
Try 'wmsj-volunteer --help'.
ERR
run wmsj-volunteer add --name 李四 --id-number - --phone 13812345679 --station 610724109001
status_is 2
err_is <<'ERR'
wmsj-volunteer: no ID number on standard input for '--id-number -'
Try 'wmsj-volunteer --help'.
ERR
run wmsj-volunteer add --name 李四 --station 610724109001
status_is 2
err_has "add needs --name, --id-number, --phone and --station"

# On a terminal the tool asks for what was not given; while it waits, it can
# leave no core dump.
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
cat > "$TMP/ask-on-tty.py" <<'PYEOF'
import os, pty, select, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
buf = b''
def expect(s):
    global buf
    while s not in buf:
        if not select.select([fd], [], [], 120)[0]:
            sys.exit('timeout waiting for %r: %r' % (s, buf))
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b''
        if not chunk:
            sys.exit('end of output waiting for %r: %r' % (s, buf))
        buf += chunk
expect(b'ID number: ')
for line in open('/proc/%d/limits' % pid):
    if line.startswith('Max core file size'):
        print('core limit', ' '.join(line.split()[4:6]))
os.write(fd, b'11010519491231002X\n')
expect(b'phone: ')
os.write(fd, b'13812345678\n')
try:
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buf += chunk
except OSError:
    pass
_, st = os.waitpid(pid, 0)
print('status', os.waitstatus_to_exitcode(st))
print('record masked' if b'110105********002X' in buf.split(b'phone: ', 1)[1] else buf.decode())
PYEOF
new_data
run $PY "$TMP/ask-on-tty.py" wmsj-volunteer add --name 张三 --station 610724109001
out_is <<'OUT'
core limit 0 0
status 0
record masked
OUT

# A value read from a file that looks like an ID number or a phone is masked
# in every message (columns swapped by mistake).
printf 'name,id_number,phone,station\n王五,610724199001011232,13912345678,440524188001010014\n赵六,610724198609086422,18900602677,13812345679\n' > "$TMP/swapped.csv"
cd "$TMP"
run wmsj-volunteer import swapped.csv
cd - >/dev/null
status_is 1
err_is <<'ERR'
wmsj-volunteer: swapped.csv:2: unknown station '440524********0014'
wmsj-volunteer: swapped.csv:3: unknown station '138****5679'
wmsj-volunteer: 2 of 2 rows refused; nothing imported
ERR
wmsj-points activity add --station 610724109001 --date 2026-09-15 --platform theory \
	--title 讲堂 --points 10 >/dev/null
printf 'id\n440524188001010014\n' > "$TMP/ids"
run_in "$TMP/ids" wmsj-points award --activity A610724109001-0001 --certifier 刘专干 --supervisor 陈德明 -
err_lacks 440524188001010014

done_testing
