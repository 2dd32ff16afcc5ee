#!/bin/bash
# What is committed and what is acknowledged: a command prints only what is
# committed, and once its change is committed it never reports "not done";
# approve is one atomic change (the application's status is what the ledger
# says); named fault points (test builds: WMSJ_FAULT=POINT[@N][:eio|:stop])
# kill, fail or stop a writer at each step, and readers see either the whole
# change or none of it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
c2=$(card_of V610724109001-0002)
rows() { wc -l < "${1:-$D}/ledger.csv"; }
fresh() { rm -rf "$TMP/f"; cp -r "$D" "$TMP/f"; }
# run, for a command that is expected to be killed (the shell's "Killed" notice
# goes to /dev/null).
krun() { _last="$*"; { "$@" </dev/null >"$out" 2>"$err"; status=$?; } 2>/dev/null; }

# ---- 2. acknowledged after commit -------------------------------------------

# stdout full after the redemption is committed: recorded, a warning, exit 0.
fresh; n=$(rows "$TMP/f")
wmsj-points -d "$TMP/f" redeem --card "$c2" --item G06 --clerk 刘专干 >/dev/full 2>"$err"
status=$?; _last="redeem >/dev/full"
status_is 0
err_is <<'EOF'
wmsj-points: the change is recorded, but its output could not be written (write error: No space left on device); do not run the command again
EOF
check "the redemption is in the ledger" test "$(rows "$TMP/f")" -eq $((n + 1))
run wmsj-points -d "$TMP/f" balance V610724109001-0002 --format csv
check "the balance shows it once" test "$(col redeemed)" = 10

# The same for a register rewrite (apply) and for every tool's finisher.
wmsj-points -d "$TMP/f" apply --activity A610724109001-0002 V610724109001-0006 >/dev/full 2>"$err"
status=$?; _last="apply >/dev/full"
status_is 0
err_has "the change is recorded, but its output could not be written"
check "the application is in the register" grep -q '^P000001,A610724109001-0002,V610724109001-0006,pending,' "$TMP/f/applications.csv"
wmsj-volunteer -d "$TMP/f" add --name 后来者 --id-number 610724198512314564 --phone 13700000002 \
	--station 610724109001 >/dev/full 2>"$err"; status=$?; _last="volunteer add >/dev/full"
status_is 0
err_has "the change is recorded, but its output could not be written"
check "the volunteer is in the register" grep -q '后来者' "$TMP/f/volunteers.csv"

# A read-only command keeps status 4 for a write error.
wmsj-points -d "$TMP/f" balance >/dev/full 2>"$err"; status=$?; _last="balance >/dev/full"
status_is 4
err_is <<'EOF'
wmsj-points: write error: No space left on device
EOF

# award on a full disk (here: the file size limit) prints nothing.
fresh; n=$(rows "$TMP/f"); big=$(( $(stat -c %s "$TMP/f/ledger.csv") / 1024 ))
wmsj-volunteer -d "$TMP/f" list --station 610724109003 --format csv | grep -v V610724109003-0003 > "$TMP/vols.csv"
(trap '' XFSZ; ulimit -f "$big"; exec wmsj-points -d "$TMP/f" award --activity A610724109001-0002 \
	--certifier 刘专干 --supervisor 陈德明 --format csv - < "$TMP/vols.csv") >"$out" 2>"$err"
status=$?; _last="award at the file size limit"
status_is 4
err_has "cannot write"
out_empty
check "nothing recorded" test "$(rows "$TMP/f")" -eq "$n"

# The directory cannot be synced after the commit: recorded, said so, exit 0.
fresh; n=$(rows "$TMP/f")
WMSJ_FAULT=after-commit:eio run wmsj-points -d "$TMP/f" redeem --card "$c2" --item G06 \
	--clerk 刘专干 --format csv
status_is 0
err_is <<EOF
wmsj-points: the change is recorded, but it may not survive a power failure: cannot sync directory '$TMP/f': Input/output error
EOF
check "printed as recorded" test "$(col kind)" = redeem
check "in the ledger" test "$(rows "$TMP/f")" -eq $((n + 1))
WMSJ_FAULT=after-rename:eio run wmsj-points -d "$TMP/f" activity add --station 610724109001 \
	--date 2026-11-02 --platform culture --title 读书会 --points 5 --hours 1 --format csv
status_is 0
err_is <<EOF
wmsj-points: the change is recorded, but it may not survive a power failure: cannot sync directory '$TMP/f': Input/output error
EOF
check "the activity is in the register" grep -q '读书会' "$TMP/f/activities.csv"

# An I/O error before the commit point: status 4, nothing printed, nothing recorded.
for p in before-journal after-journal after-append; do
	fresh; n=$(rows "$TMP/f")
	WMSJ_FAULT=$p:eio run wmsj-points -d "$TMP/f" award --activity A610724109001-0002 \
		--certifier 刘专干 --supervisor 陈德明 --format csv V610724109001-0004 V610724109001-0005
	status_is 4
	out_empty
	check "$p:eio: nothing recorded" test "$(rows "$TMP/f")" -eq "$n"
	check "$p:eio: no journal left" test ! -e "$TMP/f/.ledger.csv.journal"
	run wmsj-audit -d "$TMP/f" verify --format csv
	status_is 0
done

# ---- 3. approve: one atomic change ------------------------------------------

# A batch is all or nothing: one application in a closed month refuses all.
fresh; n=$(rows "$TMP/f"); apps() { cat "$TMP/f/applications.csv"; }
run wmsj-points -d "$TMP/f" apply --activity A610724109001-0002 V610724109001-0004
run wmsj-points -d "$TMP/f" apply --activity A610724109001-0001 V610724109001-0005
before=$(apps)
run wmsj-points -d "$TMP/f" approve P000002 P000001 --certifier 刘专干 --supervisor 陈德明
status_is 1
out_empty
err_is <<'EOF'
wmsj-points: activity 'A610724109001-0001' is dated 2026-09-15, in a closed month (sealed through 2026-09)
wmsj-points: nothing approved
EOF
check "nothing recorded" test "$(rows "$TMP/f")" -eq "$n"
check "the register unchanged" test "$(apps)" = "$before"
run wmsj-points -d "$TMP/f" pending --format csv
check "both still pending" test "$(col status | tr '\n' ' ')" = "pending pending "

# An award in the ledger decides the application, whatever the register says
# (a register left behind by a writer killed between the two files).
run wmsj-points -d "$TMP/f" approve P000001 --certifier 刘专干 --supervisor 陈德明 --format csv
status_is 0
txn=$(col txn)
printf '%s\n' "$before" > "$TMP/f/applications.csv"
run wmsj-points -d "$TMP/f" pending --format csv
status_is 0
out_is <<'EOF'
id,activity,title,date,volunteer,name,status,reason,created,txn
P000002,A610724109001-0001,茶乡微讲堂,2026-09-15,V610724109001-0005,谢强,pending,,2026-11-22T10:00:00,
EOF
run wmsj-points -d "$TMP/f" reject P000001 --reason 重复
status_is 1
err_is <<'EOF'
wmsj-points: application 'P000001' is not pending
EOF
run wmsj-points -d "$TMP/f" approve P000001 --certifier 刘专干 --supervisor 陈德明
status_is 1
err_has "application 'P000001' is not pending"
check "one award for it" test "$(grep -c ',P000001,' "$TMP/f/ledger.csv")" -eq 1
check "its txn is the award's" test "$txn" = T00000029

# Killed at every named point of approve: the application and the ledger agree.
for p in before-journal after-journal after-append after-commit before-rename after-rename; do
	fresh
	wmsj-points -d "$TMP/f" apply --activity A610724109001-0002 V610724109001-0004 >/dev/null 2>&1
	WMSJ_FAULT=$p krun wmsj-points -d "$TMP/f" approve P000001 --certifier 刘专干 --supervisor 陈德明
	check "approve killed at $p (status $status)" test "$status" -eq 137
	out_empty
	run wmsj-points -d "$TMP/f" pending --format csv
	status_is 0
	case $p in
	before-journal|after-journal|after-append)	# before the commit point
		check "$p: not awarded, so pending" test "$(col id)" = P000001
		check "$p: no award" test "$(grep -c ',P000001,' "$TMP/f/ledger.csv")" -eq 0 -o \
			-e "$TMP/f/.ledger.csv.journal"
		run wmsj-points -d "$TMP/f" reject P000001 --reason x
		status_is 0
		;;
	*)					# after it: approved, whatever the register says
		check "$p: awarded, so not pending" test -z "$(col id)"
		run wmsj-points -d "$TMP/f" reject P000001 --reason x
		status_is 1
		err_has "application 'P000001' is not pending"
		;;
	esac
	run wmsj-points -d "$TMP/f" stock --item G01 --qty 1 --donor x --station 610724109001
	status_is 0
	run wmsj-audit -d "$TMP/f" verify --format csv
	status_is 0
	check "$p: at most one award for the application" test "$(grep -c ',P000001,' "$TMP/f/ledger.csv")" -le 1
done

# ---- 5. a reader never takes a writer in progress for damage ----------------

# A writer stopped with its journal pending (it holds the lock).
fresh
run wmsj-points -d "$TMP/f" stock --format csv
shelf=$(cat "$out")
WMSJ_FAULT=after-append:stop wmsj-points -d "$TMP/f" stock --item G01 --qty 1 --donor x --station 610724109001 >/dev/null 2>&1 &
pid=$!
until [ -e "$TMP/f/.ledger.csv.journal" ] && [ "$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null)" = T ]; do
	kill -0 $pid 2>/dev/null || break
	sleep 0.05
done
check "the writer is stopped with its journal pending" test -e "$TMP/f/.ledger.csv.journal"
run wmsj-points -d "$TMP/f" stock --format csv
status_is 0
check "a reader sees the shelf as it was, not the pending row" test "$(cat "$out")" = "$shelf"
run wmsj-audit -d "$TMP/f" verify --wait 0 --format csv
status_is 5
err_has "locked by another process"
out_lacks torn-tail
wmsj-audit -d "$TMP/f" verify --wait 600 --format csv >"$out" 2>"$err" &
vpid=$!
kill -CONT $pid
wait $pid; wstatus=$?
wait $vpid; status=$?; _last="verify waiting for the writer"
check "the writer finished (status $wstatus)" test "$wstatus" -eq 0
status_is 0
out_lacks torn-tail

# A writer killed with its journal pending: that is what verify reports, and
# the next writer rolls it back.
fresh; n=$(rows "$TMP/f")
WMSJ_FAULT=after-append krun wmsj-points -d "$TMP/f" stock --item G01 --qty 1 --donor x --station 610724109001
check "killed (status $status)" test "$status" -eq 137
run wmsj-audit -d "$TMP/f" verify --format csv
status_is 1
out_has torn-tail
run wmsj-points -d "$TMP/f" balance --format csv
status_is 0
run wmsj-points -d "$TMP/f" stock --item G01 --qty 2 --donor y --station 610724109001
status_is 0
check "rolled back, then one row" test "$(rows "$TMP/f")" -eq $((n + 1))
run wmsj-audit -d "$TMP/f" verify --format csv
status_is 0

done_testing
