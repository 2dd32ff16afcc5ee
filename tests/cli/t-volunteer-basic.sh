#!/bin/bash
# wmsj-volunteer: the register's life cycle, refusals and exit statuses.
. "$(dirname "$0")/lib.sh"

D=$TMP/d
run wmsj-volunteer init -d "$D"
status_is 0
err_has "created a data directory"
check "registers are mode 0600" test "$(stat -c %a "$D/volunteers.csv")" = 600
check "wmsj.yaml is mode 0600" test "$(stat -c %a "$D/wmsj.yaml")" = 600
run wmsj-volunteer init -d "$D"
status_is 1
err_has "already exists"
export WMSJ_DATA=$D

run wmsj-volunteer add --name 张三 --id-number 11010519491231002x --phone 138-1234-5678 \
	--station 610724109201 --tags 党员,五老
status_is 0
c1=$(card_of V610724109201-0001)
out_is <<OUT
id,card_no,name,id_number,phone,station,station_name,status,tags,platform_no,registered
V610724109201-0001,$c1,张三,110105********002X,138****5678,610724109201,某某村新时代文明实践站,active,"党员,五老",,2026-11-22
OUT
err_empty

run wmsj-volunteer add --name 李四 --id-number 11010519491231002X --phone 13812345679 --station 610724109201
status_is 1
err_is <<'ERR'
wmsj-volunteer: the ID number is already registered as volunteer 'V610724109201-0001'
ERR
run wmsj-volunteer add --name 李四 --id-number 110105194912310021 --phone 13812345679 --station 610724109201
status_is 1
err_has "check character does not match"
run wmsj-volunteer add --name 李四 --id-number 110105491231002 --phone 13812345679 --station 610724109201
status_is 1
err_has "15-digit form was retired"
run wmsj-volunteer add --name 李四 --id-number 440524188001010014 --phone 23812345679 --station 610724109201
status_is 1
err_has "invalid phone number"
run wmsj-volunteer add --name 李四 --id-number 440524188001010014 --phone 13812345679 --station 610724109299
status_is 1
err_is <<'ERR'
wmsj-volunteer: unknown station '610724109299'
ERR
run wmsj-volunteer add --name 李四
status_is 2
err_has "Try 'wmsj-volunteer --help'"

run wmsj-volunteer add --name 阿依古丽·买买提 --id-number 610724199001011232 --phone 13912345678 --station 610724109201
status_is 0
run wmsj-volunteer show 610724199001011232 --reveal --format csv
status_is 0
out_has "阿依古丽·买买提,610724199001011232,13912345678"

run wmsj-volunteer reissue V610724109201-0001
status_is 0
c3=$(col card_no)
check "reissue gives a new card" test "$c3" != "$c1"
run wmsj-volunteer show "$c1"
status_is 1
err_has "was reissued; the current card of volunteer 'V610724109201-0001' is '$c3'"

run wmsj-volunteer suspend V610724109201-0002 --reason 外出务工
status_is 0
check "suspended" test "$(col status)" = suspended
run wmsj-volunteer suspend V610724109201-0002 --reason again
status_is 1
run wmsj-volunteer list --status active
check "list --status filters" test "$(col id)" = V610724109201-0001
run wmsj-volunteer resume V610724109201-0002
status_is 0
run wmsj-volunteer withdraw V610724109201-0002 --reason 迁出
status_is 0
run wmsj-volunteer resume V610724109201-0002
status_is 1
run wmsj-volunteer update V610724109201-0001 --phone 13700000000 --tags 乡贤
status_is 0
out_has "137****0000"
run wmsj-volunteer list --tag 乡贤
check "list --tag" test "$(col id)" = V610724109201-0001

# /dev/full as stdout: a write error, exit 4.
wmsj-volunteer list >/dev/full 2>"$err"; status=$?; _last="list >/dev/full"
status_is 4
err_has "write error"

# Messages in Chinese under a Chinese locale (the catalogue is installed).
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 wmsj-volunteer add --name 李四 --id-number 110105194912310021 \
	--phone 13812345679 --station 610724109201 >"$out" 2>"$err"; status=$?; _last="add under zh_CN"
status_is 1
err_is <<'ERR'
wmsj-volunteer: 身份证号无效：校验码不符（GB 11643）
ERR
LC_ALL=zh_CN.UTF-8 wmsj-volunteer show V999 >"$out" 2>"$err"; status=$?
err_has "没有志愿者 'V999'"

# A directory without wmsj.yaml.
run wmsj-volunteer -d "$TMP" list
status_is 3
err_has "wmsj-volunteer init"
done_testing
