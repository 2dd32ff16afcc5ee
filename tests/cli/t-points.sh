#!/bin/bash
# wmsj-points: every command, every refusal, the pipeline, seals, tampering,
# SIGKILL and concurrent clerks.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
c1=$(card_of V610724109001-0001) c2=$(card_of V610724109001-0002)
c3=$(card_of V610724109001-0003) c33=$(card_of V610724109003-0003)

run wmsj-points balance V610724109001-0001 V610724109003-0003 V610724109001-0003
status_is 0
out_is <<OUT
id,name,card_no,station,status,earned,redeemed,cleared,balance,hours
V610724109001-0001,吉𠮷祥,$c1,610724109001,active,10,10,0,0,2
V610724109003-0003,崔家,$c33,610724109003,active,20,0,20,0,3.5
V610724109001-0003,杜怡东,$c3,610724109001,active,10,0,0,10,2
OUT
run wmsj-points balance --as-of 2026-09-30 V610724109001-0002
out_has "V610724109001-0002,胡福桂,$c2,610724109001,active,10,0,0,10,2"

# The ledger is signed: export shows signed points; history a running balance.
run wmsj-points history V610724109001-0001
status_is 0
check "history running balance" test "$(col balance | tr '\n' ' ')" = "10 0 "
run wmsj-points export --month 2026-10
check "export --month" test "$(col txn | tr '\n' ' ')" = "T00000026 T00000027 T00000028 "
check "export signed reversal" test "$(col points | tail -1)" = -15

# Refusals, each naming the volunteer and the rule; nothing written.
before=$(md5sum < "$D/ledger.csv")
run wmsj-points award --activity A610724109001-0002 --certifier 刘专干 --supervisor 陈德明 V610724109001-0002 V610724109001-0002
status_is 1
err_is <<'ERR'
wmsj-points: volunteer 'V610724109001-0002' already has an award for activity 'A610724109001-0002'
wmsj-points: volunteer 'V610724109001-0002' already has an award for activity 'A610724109001-0002'
wmsj-points: 2 of 2 refused; nothing recorded
ERR
run wmsj-points activity add --station 610724109001 --date 2026-11-02 --platform science --title 科普 --points 5
status_is 0
run wmsj-points award --activity A610724109001-0003 --certifier 吉𠮷祥 --supervisor 陈德明 V610724109001-0001 V610724109003-0003 V999 610724109001-000099 "$(card_typo "$c1")"
status_is 1
err_has "volunteer 'V610724109001-0001': the certifier may not certify their own points"
err_has "volunteer 'V610724109003-0003' was cleared in 2026 and earns nothing until 1 January 2027"
err_has "unknown volunteer 'V999'"
err_has "unknown volunteer '610724109001-000099'"
err_has "has a wrong check digit: mistyped?"
err_has "5 of 5 refused; nothing recorded"
run wmsj-points award --activity A610724109001-0003 --certifier 刘专干 --supervisor 陈德明 --points 51 V610724109001-0004
status_is 1
err_has "over the cap of 50"
run wmsj-points award --activity A610724109001-0001 --certifier 刘专干 --supervisor 陈德明 V610724109001-0004
status_is 1
err_has "in a closed month (sealed through 2026-09)"
run wmsj-points stock --item G01 --qty 5 --donor x --date 2026-09-30
status_is 1
err_has "is closed (sealed through 2026-09)"
run wmsj-points redeem --card "$c2" --item G03 --clerk 刘专干
status_is 1
err_has "has 25 points on 2026-11-22; 1 x '大米(5kg)' needs 100"
run wmsj-points redeem --card V610724109001-0002 --item G06 --clerk 刘专干
status_is 1
err_has "unknown card"
run wmsj-points redeem --card "$c2" --item G04 --clerk 刘专干
status_is 1
err_has "only 0 of '毛巾' in stock on 2026-11-22; 1 asked"
run wmsj-points reverse T00000027 --reason again --approver 所长
status_is 1
err_has "'T00000027' was already reversed by 'T00000028'"
run wmsj-points reverse T00000025 --reason x --approver 所长
status_is 1
err_has "only award, redeem, stock and clear rows can be reversed"
run wmsj-points close --month 2026-09 --clerk 刘专干
status_is 1
run wmsj-points close --month 2026-11 --clerk 刘专干
status_is 1
check "refusals wrote nothing" test "$(md5sum < "$D/ledger.csv")" = "$before"
run wmsj-points award --activity A610724109001-0003 --supervisor 陈德明 V610724109001-0004
status_is 2

# A reissued card stops working.
wmsj-volunteer reissue V610724109001-0002 >/dev/null
run wmsj-points redeem --card "$c2" --item G06 --clerk 刘专干
status_is 1
err_has "was reissued and no longer works"

# Suspended volunteers earn nothing.
wmsj-volunteer suspend V610724109001-0005 --reason 外出 >/dev/null
run wmsj-points award --activity A610724109001-0003 --certifier 刘专干 --supervisor 陈德明 V610724109001-0005
status_is 1
err_has "volunteer 'V610724109001-0005' is suspended"

# Applications.
run wmsj-points apply --activity A610724109001-0003 V610724109001-0006
status_is 0
check "apply prints the id" test "$(col id)" = P000001
run wmsj-points pending
out_has "P000001,A610724109001-0003,科普"
run wmsj-points approve P000001 --certifier 刘专干 --supervisor 陈德明
status_is 0
out_has ",award,V610724109001-0006,"
run wmsj-points approve P000001 --certifier 刘专干 --supervisor 陈德明
status_is 1
err_has "application 'P000001' is not pending"

# The shelf.
run wmsj-points stock
out_has "G06,香皂,10,7"

# A tampered ledger is refused for writing, naming the line.
cp -r "$D" "$TMP/t"
sed -i '5s/,10,2,/,50,2,/' "$TMP/t/ledger.csv"
run wmsj-points -d "$TMP/t" stock --item G01 --qty 1 --donor x
status_is 3
err_has "ledger.csv:5: hash does not match"

# Four clerks at once: every batch lands, in one chain.
for s in 610724109204 610724109205 610724109212 610724109213; do
	wmsj-points activity add --station $s --date 2026-11-05 --platform culture --title 联欢 --points 5 >/dev/null
done
for s in 610724109204 610724109205 610724109212 610724109213; do
	(wmsj-volunteer list --station $s | wmsj-points award --activity A$s-0001 --certifier 刘专干 --supervisor 监督 --wait 600 - >/dev/null 2>"$TMP/conc.$s"; echo $? > "$TMP/rc.$s") &
done
wait
check "four concurrent batches all exit 0" test "$(cat "$TMP"/rc.* | tr -d '\n')" = 0000
run wmsj-points export --from 2026-11-05 --to 2026-11-05
check "40 awards landed" test "$(col txn | wc -l)" = 40
run wmsj-audit verify
status_is 0

# SIGKILL during a large batch: all or nothing, and the next command works.
K=$TMP/k; mkdir -p "$K"; cp "$TOP/examples/data/wmsj.yaml" "$K/"
awk 'BEGIN{srand(7); split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2",w," "); print "name,id_number,phone,station";
  for(i=0;i<20000;i++){b=sprintf("610724%04d%02d%02d%03d",1950+i%50,1+i%12,1+i%28,i%1000); s=0;
   for(k=1;k<=17;k++) s+=substr(b,k,1)*w[k]; c=substr("10X98765432",s%11+1,1);
   printf "志愿者%d,%s%s,138%08d,610724109001\n",i,b,c,i}}' > "$TMP/many.csv"
wmsj-volunteer -d "$K" import "$TMP/many.csv" >/dev/null 2>&1
wmsj-points -d "$K" activity add --station 610724109001 --date 2026-11-10 --platform theory --title 大会 --points 1 >/dev/null
# Killed at each named point of the append (test builds: WMSJ_FAULT), not
# after a sleep: before the commit point the batch is absent, after it whole.
# A journal left by the dead writer is what verify reports, until the next
# writer rolls it back.
for p in after-journal:0 after-append:0 after-commit:20000; do
	point=${p%:*} want=${p#*:}
	wmsj-volunteer -d "$K" list --format csv > "$TMP/ids.csv"
	{ WMSJ_DATA=$K WMSJ_FAULT=$point wmsj-points award --activity A610724109001-0001 --certifier 刘专干 \
		--supervisor 陈德明 - < "$TMP/ids.csv" >/dev/null 2>&1; status=$?; } 2>/dev/null
	check "award killed at $point (status $status)" test "$status" -eq 137
	n=$(wmsj-points -d "$K" export | grep -c ',award,')
	check "after SIGKILL at $point the batch is whole or absent ($n rows)" test "$n" -eq "$want"
	run wmsj-audit -d "$K" verify
	if [ "$want" = 0 ]; then
		status_is 1
		out_has "an interrupted append is pending"
	else
		status_is 0
	fi
	run wmsj-points -d "$K" stock --item G01 --qty 1 --donor x --station 610724109001
	status_is 0
	run wmsj-audit -d "$K" verify
	status_is 0
done
done_testing
