#!/bin/bash
# Fault injection: writes that fail at each step, a read-only directory, a
# lock held by another process, SIGKILL during writing commands at named
# points (WMSJ_FAULT, test builds only), a closed or full stdout.  After
# each, nothing acknowledged is lost, nothing half-written remains, and the
# next command works.  Deterministic: no test waits on a timer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
sum() { (cd "$D" && cat wmsj.yaml volunteers.csv ledger.csv activities.csv | md5sum); }
before=$(sum)

# A lock held by another process: exit 5 after --wait, nothing written.  The
# holder says when it has the lock and keeps it until told (no sleeps).
if command -v flock >/dev/null; then
	mkfifo "$TMP/held" "$TMP/release"
	( flock 9 && echo held > "$TMP/held" && read -r _ < "$TMP/release" ) 9>>"$D/.wmsj.lock" &
	holder=$!
	read -r _ < "$TMP/held"
	run wmsj-points stock --item G01 --qty 1 --donor x --station 610724109001 --wait 0.5
	status_is 5
	err_has "locked by another process (waited 0.5 s); try again later"
	run wmsj-volunteer update V610724109001-0001 --phone 13900000000 --wait 0
	status_is 5
	echo go > "$TMP/release"
	wait $holder
else
	echo "# skip: flock (util-linux) not installed"
fi
check "a locked command wrote nothing" test "$(sum)" = "$before"

# A write that fails (file size limit: EFBIG, the same path as a full disk).
big=$(( $(stat -c %s "$D/ledger.csv") / 1024 ))
(trap '' XFSZ; ulimit -f "$big"; exec wmsj-points stock --item G01 --qty 100 --donor 大额捐赠 --station 610724109001 --date 2026-11-20) \
	>"$out" 2>"$err"; status=$?; _last="stock with the ledger at the file size limit"
status_is 4
err_has "cannot write"
check "the failed append left the ledger as it was" test "$(sum)" = "$before"
check "no journal left behind" test ! -e "$D/.ledger.csv.journal"
(trap '' XFSZ; ulimit -f 1; exec wmsj-volunteer add --name 新人 --id-number 610724198512314564 \
	--phone 13700000001 --station 610724109001) >"$out" 2>"$err"; status=$?; _last="add at the file size limit"
status_is 4
check "the failed rewrite left the register as it was" test "$(sum)" = "$before"
check "no temp file left behind" test -z "$(ls -A "$D" | grep '\.tmp\.')"
run wmsj-audit verify
status_is 0

# A read-only data directory (as another user when running as root).
cp -r "$D" "$TMP/ro"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod -R a+rX "$TMP"
	asuser="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	chmod a-w "$TMP/ro"
	asuser=""
fi
run $asuser wmsj-points -d "$TMP/ro" stock --item G01 --qty 1 --donor x --station 610724109001
status_is 4
if [ -n "$asuser" ]; then   # another user's directory: refused before the lock
	err_has "'$TMP/ro' belongs to user 'root', not to 'nobody'; run the command as 'root'"
else
	err_has "cannot lock '$TMP/ro/.wmsj.lock'"
fi
run $asuser wmsj-volunteer -d "$TMP/ro" list
check "a read-only directory can still be read" test "$status" -eq 0 -o "$status" -eq 4
chmod -R u+w "$TMP/ro"

# Standard output closed or full: exit 4 with a message, for every tool.
for c in "wmsj-volunteer list" "wmsj-points balance" "wmsj-report stars" "wmsj-audit verify --format csv"; do
	$c >/dev/full 2>"$err"; status=$?; _last="$c >/dev/full"
	if [ "$c" = "wmsj-audit verify --format csv" ]; then status_is 0; continue; fi
	status_is 4
	err_has "write error"
done

# run, for a command that is expected to be killed (no "Killed" notice).
krun() { _last="$*"; { "$@" </dev/null >"$out" 2>"$err"; status=$?; } 2>/dev/null; }

# SIGKILL during an import, at each named point of its rewrite (test builds:
# WMSJ_FAULT): the register is the old one or the new one, never a mix.
awk 'BEGIN{split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2",w," "); print "name,id_number,phone,station";
  for(i=0;i<30000;i++){b=sprintf("610724%04d%02d%02d%03d",1950+int(i/1000)%50,1+int(i/50)%12,1+i%28,i%1000); s=0;
   for(k=1;k<=17;k++) s+=substr(b,k,1)*w[k]; c=substr("10X98765432",s%11+1,1);
   printf "批量%d,%s%s,139%08d,610724109204\n",i,b,c,i}}' > "$TMP/big.csv"
for p in before-rename:old after-rename:new; do
	point=${p%:*} want=${p#*:}
	cp -r "$D" "$TMP/k"; old=$(wc -l < "$TMP/k/volunteers.csv")
	WMSJ_FAULT=$point krun wmsj-volunteer -d "$TMP/k" import "$TMP/big.csv"
	check "import killed at $point (status $status)" test "$status" -eq 137
	n=$(wc -l < "$TMP/k/volunteers.csv")
	if [ "$want" = old ]; then
		check "import killed at $point: the old register ($n lines)" test "$n" -eq "$old"
	else
		check "import killed at $point: the new register ($n lines)" test "$n" -eq $((old + 30000))
	fi
	run wmsj-volunteer -d "$TMP/k" add --name 后来者 --id-number 610724198512314564 --phone 13700000002 --station 610724109001
	status_is 0
	rm -rf "$TMP/k"
done

# SIGKILL during a close, at each named point: sealed whole or not at all.
# The close row is committed at after-commit; the snapshot is written after.
for p in before-journal:open after-journal:open after-append:open after-commit:sealed \
	 before-rename:sealed after-rename:sealed; do
	point=${p%:*} want=${p#*:}
	cp -r "$D" "$TMP/c"
	WMSJ_FAULT=$point krun wmsj-points -d "$TMP/c" close --month 2026-10 --clerk x
	check "close killed at $point (status $status)" test "$status" -eq 137
	run wmsj-points -d "$TMP/c" stock --item G01 --qty 1 --donor x --station 610724109001 --date 2026-10-15
	if [ "$want" = open ]; then
		status_is 0
	else
		status_is 1
		err_has "sealed"
	fi
	run wmsj-points -d "$TMP/c" stock --item G01 --qty 1 --donor x --station 610724109001
	status_is 0
	if [ "$want" = sealed ] && [ ! -e "$TMP/c/seals/2026-10.csv" ]; then
		# killed before the snapshot was written: verify finds it missing,
		# closing the month again restores it
		run wmsj-audit -d "$TMP/c" verify
		status_is 1
		run wmsj-points -d "$TMP/c" close --month 2026-10 --clerk x
		status_is 0
	fi
	run wmsj-audit -d "$TMP/c" verify
	status_is 0
	run wmsj-points -d "$TMP/c" balance --format csv
	status_is 0
	rm -rf "$TMP/c"
done

# The snapshot cannot be saved (a file stands where seals/ should be): the
# month is sealed all the same, with a warning, and queries still answer.
cp -r "$D" "$TMP/s"; rm -rf "$TMP/s/seals"; : > "$TMP/s/seals"
run wmsj-points -d "$TMP/s" close --month 2026-10 --clerk x --format csv
status_is 0
err_has "month '2026-10' is sealed, but its snapshot was not saved"
check "the close row is in the ledger" grep -q ',close,.*,2026-10,' "$TMP/s/ledger.csv"
run wmsj-points -d "$TMP/s" stock --item G01 --qty 1 --donor x --station 610724109001 --date 2026-10-15
status_is 1
err_has "sealed"
run wmsj-points -d "$TMP/s" balance --format csv
status_is 0
rm -rf "$TMP/s"
done_testing
