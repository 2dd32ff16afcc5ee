#!/bin/bash
# A clerk's everyday work: finding volunteers by name, correcting an ID number
# typed wrong, refusing and correcting activities, an audit that shows what
# matters.
. "$(dirname "$0")/lib.sh"

new_data
S1=610724109001
S2=610724109003
add() { # name idnum station
	printf '%s\n' "$2" | wmsj-volunteer add --name "$1" --id-number - --phone 13800000000 \
		--station "$3" >/dev/null || echo "add $1 failed"
}
add 张三 11010519491231002X $S1
add 张三丰 440524188001010014 $S1
add 李四 610724199001011232 $S2
add 王张 61072419850305123X $S2
add 张三 610724198503051248 $S2

# ---- list --name: a substring of the name, with the other filters ----------
run wmsj-volunteer list --name 张 --format csv
status_is 0
check "list --name 张 finds the four with 张 in the name" \
	test "$(col id | tr '\n' ' ')" = "V$S1-0001 V$S1-0002 V$S2-0002 V$S2-0003 "
run wmsj-volunteer list --name 张 --station $S1 --format csv
status_is 0
check "--name with --station" test "$(col id | tr '\n' ' ')" = "V$S1-0001 V$S1-0002 "
run wmsj-volunteer list --name ' 李四 ' --format csv
status_is 0
check "--name is trimmed like a registered name" test "$(col id)" = "V$S2-0001"
run wmsj-volunteer list --name 赵 --format csv
status_is 0
out_is <<'OUT'
id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered
OUT
run wmsj-volunteer list --name ''
status_is 2

# ---- show by name: when it is unique ---------------------------------------
run wmsj-volunteer show 李四 --format csv
status_is 0
check "show by a unique name" test "$(col id)" = "V$S2-0001"
run wmsj-volunteer show 张三丰 --format csv
status_is 0
check "show by an exact name, not a prefix of another" test "$(col id)" = "V$S1-0002"
run wmsj-volunteer show 张三 --format csv
status_is 1
out_empty
err_is <<ERR
wmsj-volunteer: the name '张三' is shared by 2 volunteers; give one of their ids:
  V$S1-0001  $S1  110105********002X
  V$S2-0003  $S2  610724********1248
ERR
run wmsj-volunteer show 赵六
status_is 1
err_is <<'ERR'
wmsj-volunteer: no volunteer '赵六' (give a volunteer id, a card number, an ID number or a name)
ERR

# ---- correct-id: an event with a reason, not an edit -----------------------
before=$(cat "$D/volunteers.csv")
echo 610724199001014564 >"$TMP/newid"
run_in "$TMP/newid" wmsj-volunteer correct-id V$S2-0001 --id-number -
status_is 2
err_has "a reason is required: --reason TEXT"
echo 610724199001014565 >"$TMP/badid"
run_in "$TMP/badid" wmsj-volunteer correct-id V$S2-0001 --id-number - --reason 录入错误
status_is 1
err_has "check character does not match"
echo 440524188001010014 >"$TMP/dupid"
run_in "$TMP/dupid" wmsj-volunteer correct-id V$S2-0001 --id-number - --reason 录入错误
status_is 1
err_is <<ERR
wmsj-volunteer: the ID number is already registered as volunteer 'V$S1-0002'
ERR
echo 610724199001011232 >"$TMP/sameid"
run_in "$TMP/sameid" wmsj-volunteer correct-id V$S2-0001 --id-number - --reason 录入错误
status_is 1
err_is <<ERR
wmsj-volunteer: volunteer 'V$S2-0001' already has this ID number; nothing to correct
ERR
check "refusals leave the register as it was" test "$(cat "$D/volunteers.csv")" = "$before"
run_in "$TMP/newid" wmsj-volunteer correct-id 李四 --id-number - --reason '录入时 1 与 4 颠倒' \
	--date 2026-11-20 --format csv
status_is 0
err_empty
out_is <<OUT
id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered
V$S2-0001,$S2-000001,李四,610724********4564,138****0000,$S2,古城社区新时代文明实践站,active,,,2026-11-22
OUT
run wmsj-volunteer show 610724199001014564 --format csv
status_is 0
check "the corrected number finds the volunteer" test "$(col id)" = "V$S2-0001"
run wmsj-volunteer show 610724199001011232
status_is 1
check "the correction is kept in the register, with date, old number and reason" \
	grep -qF '2026-11-20 610724199001011232 录入时 1 与 4 颠倒' "$D/volunteers.csv"
# the old number is free again for the person who really holds it
run wmsj-volunteer add --name 周七 --id-number 610724199001011232 --phone 13900000000 --station $S1
status_is 0
run wmsj-volunteer --help
out_has "correct-id KEY --id-number ID|- --reason R [--date D]"
out_has "list [--name PART]"

done_testing
