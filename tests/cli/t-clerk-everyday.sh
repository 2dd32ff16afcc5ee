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
V$S2-0001,$(card_of V$S2-0001),李四,610724********4564,138****0000,$S2,古城社区新时代文明实践站,active,,,2026-11-22
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
# KEY - and --id-number -: the old number and the new, a line each, none on argv
printf '%s\n%s\n' 440524188001010014 610724197208083218 >"$TMP/two"
run_in "$TMP/two" wmsj-volunteer correct-id - --id-number - --reason 录入错误 --format csv
status_is 0
check "KEY - then --id-number -" test "$(col id),$(col id_number)" = "V$S1-0002,610724********3218"
run wmsj-volunteer --help
out_has "correct-id KEY --id-number ID|- --reason R [--date D]"
out_has "list [--name PART]"

# ---- activities: the horizon, duplicates, cancel and correct ----------------
new_data
add 张三 11010519491231002X $S1
add 李四 440524188001010014 $S1
A=A$S1
act() { wmsj-points activity add --station $S1 --platform theory --points 5 --format csv "$@"; }
run act --date 2027-02-21 --title 远期
status_is 1
err_is <<'ERR'
wmsj-points: the date 2027-02-21 is more than 90 days after today (rules.activity_horizon_days)
ERR
run act --date 2027-02-20 --title 远期
status_is 0
run act --date 2027-02-20 --title 远期
status_is 1
err_is <<ERR
wmsj-points: activity '$A-0001' has the same station, date and title; an activity is published once
ERR
run act --date 2027-02-20 --title 远期2
status_is 0
run wmsj-points activity correct $A-0002 --title 远期
status_is 1
err_has "activity '$A-0001' has the same station, date and title"
sed -i 's/activity_horizon_days: 90 /activity_horizon_days: 10 /' "$D/wmsj.yaml"
run act --date 2026-12-03 --title 近期
status_is 1
err_has "is more than 10 days after today (rules.activity_horizon_days)"
run act --date 2026-12-02 --title 近期
status_is 0
check "refused activities are not in the menu" test "$(grep -c . "$D/activities.csv")" = 4

act --date 2026-11-10 --title 植树 >/dev/null             # -0004
act --date 2026-10-10 --title 空活动 >/dev/null           # -0005: nobody came
wmsj-points award --activity $A-0004 --certifier 刘专干 --supervisor 陈德明 \
	V$S1-0001 V$S1-0002 >/dev/null
run wmsj-points activity cancel $A-0004
status_is 2
err_has "a reason is required: --reason TEXT"
run wmsj-points activity cancel $A-0004 --reason 下雨
status_is 1
err_is <<ERR
wmsj-points: activity '$A-0004' has awards standing: T00000001, T00000002; reverse them first (wmsj-points reverse TXN)
ERR
run wmsj-points activity correct $A-0004 --title 植树节
status_is 1
err_has "has awards standing: T00000001, T00000002"
wmsj-points reverse T00000001 --reason 录错活动 --approver 所长 >/dev/null
run wmsj-points activity correct $A-0004 --title 植树节
status_is 1
err_has "has awards standing: T00000002;"
wmsj-points reverse T00000002 --reason 录错活动 --approver 所长 >/dev/null
run wmsj-points activity correct $A-0004 --title 植树节 --points 8 --format csv
status_is 0
check "correct prints the corrected activity" \
	test "$(col title),$(col points),$(col status)" = "植树节,8,"
run wmsj-points activity correct $A-0004 --date 2026-11-11
status_is 1
err_is <<ERR
wmsj-points: activity '$A-0004' has had awards; its date cannot change (cancel it and publish a new one)
ERR
run wmsj-points activity correct $A-0004
status_is 2
run wmsj-points activity cancel $A-0004 --reason 重复录入 --format csv
status_is 0
check "a cancelled activity says so" test "$(col status)" = cancelled
run wmsj-points activity cancel $A-0004 --reason 再次
status_is 1
err_is <<ERR
wmsj-points: activity '$A-0004' is already cancelled
ERR
run wmsj-points award --activity $A-0004 --certifier 刘专干 --supervisor 陈德明 V$S1-0001
status_is 1
err_is <<ERR
wmsj-points: activity '$A-0004' was cancelled (重复录入); nothing can be awarded for it
ERR
run wmsj-points apply --activity $A-0004 V$S1-0001
status_is 1
err_has "was cancelled"
run wmsj-points activity correct $A-0002 --title 远期三
status_is 0
run wmsj-points activity correct $A-0005 --date 2026-10-11
status_is 0
run wmsj-points activity correct $A-0003 --date 2027-01-01
status_is 1
err_has "more than 10 days after today"
run wmsj-points activity cancel $A-0009 --reason x
status_is 1
err_has "no activity '$A-0009'"

# an activity nobody took part in does not meet the monthly standard
act --date 2026-11-12 --title 清扫 >/dev/null             # -0006
wmsj-points award --activity $A-0006 --certifier 刘专干 --supervisor 陈德明 V$S1-0001 >/dev/null
run wmsj-report stats --year 2026 --station $S1 --format csv
status_is 0
check "stats count the activity held, not the empty, cancelled or future ones" \
	test "$(col activities),$(col months_with_activity)" = "1,1"
run wmsj-audit --year 2026 --format csv
check "the month of an activity without participants has a finding" \
	grep -qF "station '$S1' held 0 activities in 2026-10" "$out"

# the sealed-month rule holds for corrections too
wmsj-points close --month 2026-10 --clerk 刘专干 >/dev/null
run wmsj-points activity correct $A-0005 --title 空
status_is 1
err_is <<ERR
wmsj-points: activity '$A-0005' is dated 2026-10-11, in a closed month (sealed through 2026-10)
ERR
run wmsj-points activity correct $A-0003 --date 2026-10-30
status_is 1
err_has "is closed (sealed through 2026-10)"

# ---- audit: no standards before the first record, complete CSV, --severity --
new_data
printf '%s\n' 11010519491231002X | wmsj-volunteer add --name 张三 --id-number - \
	--phone 13800000000 --station $S1 --date 2026-09-05 >/dev/null
run wmsj-audit --year 2026 --format csv
status_is 1
check "monthly standards from the first record's month (6 stations x Sep, Oct)" \
	test "$(grep -c '^warning,monthly-activity,' "$out")" = 12
check "no standard for a month before the first record" \
	eval "! grep -q 'in 2026-0[1-8]' '$out'"
check "no notice due for a quarter before the first record" \
	eval "! grep -q '2026Q[12]' '$out'"
run wmsj-audit --year 2025 --format csv
status_is 0
out_empty
err_empty

# CSV is complete: every finding, no "... and N more"
new_data
printf '%s\n' 11010519491231002X | wmsj-volunteer add --name 张三 --id-number - \
	--phone 13800000000 --station $S1 --date 2026-01-10 >/dev/null
run wmsj-audit --year 2026 --format csv
status_is 1
check "CSV holds every monthly-activity finding (6 stations x 10 months)" \
	test "$(grep -c '^warning,monthly-activity,' "$out")" = 60
out_lacks "more findings of this check"
run wmsj-audit --year 2026 --format csv --limit 5
check "--limit caps a table only: CSV stays complete" \
	test "$(grep -c '^warning,monthly-activity,' "$out")" = 60
run wmsj-audit --year 2026 --format table
out_has "... and 40 more findings of this check"

# --severity: errors and anomalies only, and the status says so
run wmsj-audit --severity error --format csv
status_is 0
out_empty
run wmsj-audit --severity anomaly --format csv
status_is 0
out_empty
run wmsj-audit --severity warning --format csv
status_is 1
out_has "warning,team-size,"
run wmsj-audit --severity bogus
status_is 2
err_has "--severity must be error, anomaly, warning or info, not 'bogus'"
wmsj-points activity add --station $S1 --date 2026-11-02 --platform theory --title 讲堂 \
	--points 5 >/dev/null
wmsj-points award --activity A$S1-0001 --certifier 刘专干 --supervisor 陈德明 V$S1-0001 >/dev/null
sed -i 's/max_points: 50 /max_points: 3 /' "$D/wmsj.yaml"
run wmsj-audit --severity anomaly --format csv
status_is 1
out_has "warning,over-cap,"
out_lacks "team-size"
run wmsj-audit --severity error --format csv
status_is 0
out_empty
# a real integrity error: the volunteer of an award deleted from the
# register's file by hand (the history still holds them)
sed -i '/^V610724109001-0001,/d' "$D/volunteers.csv"
run wmsj-audit --severity error --format csv
status_is 1
check "only errors are shown" test "$(col severity | sort -u)" = error
out_has "error,register-view,volunteers.csv,'V610724109001-0001' of the register's history has no row in the file: deleted by hand"

done_testing
