#!/bin/bash
# The file-system edges of a data directory: a register that cannot be read
# is never taken for an empty one, new ids never reuse what the ledger has
# seen, a dead writer's temp copies are removed, modes are set on descriptors
# (never through a path), symbolic links are not followed and a directory
# that other users can write is refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
# A fixed sequence of card numbers (a test build's WMSJ_CARD_SEED), so that a
# new card's first draw is one the ledger has seen (below).
export WMSJ_CARD_SEED=wmsj
check "scenario builds" scenario
sum() { (cd "$1" && cat volunteers.csv ledger.csv activities.csv history.csv | md5sum); }

# A second user to make files unreadable: root reads a mode-000 file, so as
# root the tools run as nobody on a directory that nobody owns.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	asuser="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	owner() { chown -R nobody:nogroup "$1"; }
	chmod 711 "$TMP"
else
	asuser=""
	owner() { :; }
fi

# 1. An unreadable register is status 4, never an empty register: nothing is
# listed and nothing is written.
U=$TMP/u; cp -r "$D" "$U"; owner "$U"
before=$(sum "$U")
chmod 000 "$U/volunteers.csv"
run $asuser wmsj-volunteer -d "$U" list --format csv
status_is 4
out_empty
err_is <<ERR
wmsj-volunteer: cannot open '$U/volunteers.csv': Permission denied
ERR
run $asuser wmsj-volunteer -d "$U" add --name 新人 --id-number 610724198512314564 \
	--phone 13700000001 --station 610724109001
status_is 4
err_is <<ERR
wmsj-volunteer: cannot open '$U/volunteers.csv': Permission denied
ERR
run $asuser wmsj-points -d "$U" balance --format csv
status_is 4
out_empty
chmod 600 "$U/volunteers.csv"
check "add with an unreadable register wrote nothing" test "$(sum "$U")" = "$before"
check "no temp file left behind" test -z "$(ls -A "$U" | grep '\.tmp\.')"

# The register history, the registers' source, alike.
chmod 000 "$U/history.csv"
run $asuser wmsj-volunteer -d "$U" list --format csv
status_is 4
out_empty
err_is <<ERR
wmsj-volunteer: cannot open '$U/history.csv': Permission denied
ERR
run $asuser wmsj-volunteer -d "$U" add --name 新人 --id-number 610724198512314564 \
	--phone 13700000001 --station 610724109001
status_is 4
chmod 600 "$U/history.csv"
check "add with an unreadable history wrote nothing" test "$(sum "$U")" = "$before"

chmod 000 "$U/activities.csv"
run $asuser wmsj-points -d "$U" activity add --station 610724109001 --date 2026-11-02 \
	--platform theory --title 新讲堂 --points 5
status_is 4
err_is <<ERR
wmsj-points: cannot open '$U/activities.csv': Permission denied
ERR
run $asuser wmsj-points -d "$U" activity list --format csv
status_is 4
out_empty
chmod 600 "$U/activities.csv"
check "activity add with an unreadable menu wrote nothing" test "$(sum "$U")" = "$before"

run $asuser wmsj-points -d "$U" apply --activity A610724109001-0002 V610724109001-0004
status_is 0
cp "$U/applications.csv" "$TMP/apps.before"
chmod 000 "$U/applications.csv"
run $asuser wmsj-points -d "$U" apply --activity A610724109001-0002 V610724109001-0005
status_is 4
err_is <<ERR
wmsj-points: cannot open '$U/applications.csv': Permission denied
ERR
run $asuser wmsj-points -d "$U" pending --format csv
status_is 4
out_empty
chmod 600 "$U/applications.csv"
check "apply with unreadable applications wrote nothing" cmp -s "$U/applications.csv" "$TMP/apps.before"
rm -rf "$U"

# A register that is a directory (EISDIR, any user): status 4 as well.
U=$TMP/u2; cp -r "$D" "$U"
rm "$U/volunteers.csv"; mkdir "$U/volunteers.csv"
run wmsj-volunteer -d "$U" add --name 新人 --id-number 610724198512314564 \
	--phone 13700000001 --station 610724109001
status_is 4
check "the directory is still there" test -d "$U/volunteers.csv"
rm -rf "$U"

# New ids and card numbers never reuse one the ledger has seen, even when the
# register lost its rows (here: cut back to its header, then deleted).  The
# ledger has V610724109001-0001..0010 and redeemed with V610724109001-0001's
# card, which is the seed's first draw for station 610724109001 (as a fresh
# directory shows): the new card is drawn again.
c1=$(card_of V610724109001-0001)
mkdir -p "$TMP/first" && cp "$D/wmsj.yaml" "$TMP/first/"
run wmsj-volunteer -d "$TMP/first" add --name 新人 --id-number 610724198512314564 \
	--phone 13700000001 --station 610724109001 --format csv
check "the seed's first draw is the redeemed card $c1" test "$(col card_no)" = "$c1"
U=$TMP/u3; cp -r "$D" "$U"
head -n 1 "$D/volunteers.csv" > "$U/volunteers.csv"; rm "$U/history.csv"
run wmsj-volunteer -d "$U" add --name 新人 --id-number 610724198512314564 \
	--phone 13700000001 --station 610724109001 --format csv
status_is 0
check "id after the ledger's highest" test "$(col id)" = V610724109001-0011
check "not a card the ledger has seen" test "$(col card_no)" != "$c1"
check "a card of the new form" expr "$(col card_no)" : '610724109001-[0-9]\{10\}$' >/dev/null
rm "$U/volunteers.csv" "$U/history.csv"
run wmsj-volunteer -d "$U" add --name 新人 --id-number 610724198512314564 \
	--phone 13700000001 --station 610724109003 --format csv
status_is 0
check "id after the ledger's highest (no register)" test "$(col id)" = V610724109003-0011
c=$(col card_no)
check "a card of the new form (no register)" expr "$c" : '610724109003-[0-9]\{10\}$' >/dev/null
run wmsj-volunteer -d "$U" reissue V610724109003-0011 --format csv
status_is 0
check "a reissued card is new too" test "$(col card_no)" != "$c"
# Activity ids: the ledger has awards for A610724109001-0001 and -0002.
rm "$U/activities.csv" "$U/history.csv"
run wmsj-points -d "$U" activity add --station 610724109001 --date 2026-11-02 \
	--platform theory --title 新讲堂 --points 5 --format csv
status_is 0
check "activity id after the ledger's highest" test "$(col id)" = A610724109001-0003
rm -rf "$U"

# 4. A writer killed after writing its temp copy (a full register with ID
# numbers) leaves .volunteers.csv.tmp.PID; the next writer, under the lock,
# removes every such leftover (in seals/ too) and nothing else.
U=$TMP/u4; cp -r "$D" "$U"
(WMSJ_FAULT=before-rename wmsj-volunteer -d "$U" add --name 新人 --id-number 610724198512314564 \
	--phone 13700000001 --station 610724109001; true) >/dev/null 2>&1
check "the killed writer left its temp copy" test -n "$(ls -A "$U" | grep '^\.volunteers\.csv\.tmp\.[0-9]*$')"
echo copy > "$U/.activities.csv.tmp.99999999"
echo copy > "$U/seals/.2026-10.csv.tmp.99999999"
echo keep > "$U/.volunteers.csv.tmp.x"
echo keep > "$U/notes.tmp.123"
run wmsj-points -d "$U" stock --item G01 --qty 1 --donor x --station 610724109001
status_is 0
check "no temp copy left in the data directory" test -z "$(ls -A "$U" | grep '^\..*\.tmp\.[0-9]*$')"
check "no temp copy left in seals/" test -z "$(ls -A "$U/seals" | grep '\.tmp\.')"
check "other files are kept" test -f "$U/.volunteers.csv.tmp.x" -a -f "$U/notes.tmp.123"
run wmsj-audit -d "$U" verify
status_is 0
rm -rf "$U"

# 6. notice --out into a directory others can write (a web directory): a
# file swapped for a symbolic link after the rename must not make the link's
# target (any file of the clerk's) world-readable.  The notice is given its
# mode 0644 on the descriptor, before the rename.  Deterministic: the writer
# stops right after its rename (fault point after-rename:stop), the link is
# planted, and it goes on.
W=$TMP/web; mkdir -p "$W"; chmod 1777 "$W"
secret=$TMP/secret.csv; echo 110105194912310021 > "$secret"; chmod 600 "$secret"
WMSJ_FAULT=after-rename:stop wmsj-report notice --quarter 2026Q3 --station 610724109001 \
	--format csv --out "$W" >/dev/null 2>&1 &
pid=$!
until [ -n "$(ls "$W")" ] && [ "$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null)" = T ]; do
	kill -0 $pid 2>/dev/null || break
	sleep 0.05
done
f=$(ls "$W" | head -n 1)
check "the writer stopped after writing its notice" test -n "$f"
check "the notice is mode 0644 at its rename" test "$(stat -c %a "$W/$f")" = 644
rm -f "$W/$f"; ln -s "$secret" "$W/$f"
kill -CONT $pid; wait $pid; status=$?; _last="notice --out after the swap"
status_is 0
check "the link's target kept mode 0600" test "$(stat -c %a "$secret")" = 600
rm -rf "$W"
run wmsj-report notice --quarter 2026Q3 --station 610724109001 --format md --out "$TMP/pub"
status_is 0
check "a notice is mode 0644" test "$(stat -c %a "$TMP/pub/2026Q3-610724109001.md")" = 644

# 7. Symbolic links in the data directory are never followed: a ledger, a
# register or a lock file replaced by a link is status 4 naming the link,
# and the file it points to is neither read nor written nor created.
victim=$TMP/victim; echo "a file of the clerk's" > "$victim"; chmod 600 "$victim"
vsum=$(md5sum < "$victim")
for f in ledger.csv history.csv volunteers.csv .wmsj.lock wmsj.yaml; do
	U=$TMP/l; rm -rf "$U"; cp -r "$D" "$U"
	rm -f "$U/$f"; ln -s "$victim" "$U/$f"
	run wmsj-points -d "$U" stock --item G01 --qty 1 --donor x --station 610724109001
	status_is 4
	err_has "'$U/$f' is a symbolic link; a data directory holds only regular files (remove the link)"
	check "$f: the link's target is unchanged" test "$(md5sum < "$victim")" = "$vsum"
done
for f in ledger.csv history.csv volunteers.csv wmsj.yaml; do
	U=$TMP/l; rm -rf "$U"; cp -r "$D" "$U"
	rm -f "$U/$f"; ln -s "$victim" "$U/$f"
	run wmsj-volunteer -d "$U" add --name 新人 --id-number 610724198512314564 \
		--phone 13700000001 --station 610724109001
	status_is 4
	err_has "'$U/$f' is a symbolic link"
	if [ $f != ledger.csv ]; then
		run wmsj-volunteer -d "$U" list
		status_is 4
		out_empty
	fi
	check "$f: the link's target is unchanged" test "$(md5sum < "$victim")" = "$vsum"
done
U=$TMP/l; rm -rf "$U"; cp -r "$D" "$U"
rm -f "$U/activities.csv"; ln -s "$victim" "$U/activities.csv"
run wmsj-points -d "$U" activity add --station 610724109001 --date 2026-11-02 \
	--platform theory --title 新讲堂 --points 5
status_is 4
err_has "'$U/activities.csv' is a symbolic link"
check "activities.csv: the link's target is unchanged" test "$(md5sum < "$victim")" = "$vsum"
# A lock file planted as a dangling link would create a file anywhere.
U=$TMP/l; rm -rf "$U"; cp -r "$D" "$U"
rm -f "$U/.wmsj.lock"; ln -s "$TMP/created-by-lock" "$U/.wmsj.lock"
run wmsj-volunteer -d "$U" update V610724109001-0001 --phone 13900000000
status_is 4
check "the dangling link's target was not created" test ! -e "$TMP/created-by-lock"
run wmsj-audit -d "$U" verify
status_is 4
err_has "'$U/.wmsj.lock' is a symbolic link"
rm -rf "$U"

# A data directory that group or others can write is refused, by writers
# and readers alike: anyone who can write it can plant links or forge
# registers.  The message says how to fix it; nothing is written.
U=$TMP/g; cp -r "$D" "$U"; chmod 775 "$U"
before=$(sum "$U")
run wmsj-points -d "$U" stock --item G01 --qty 1 --donor x --station 610724109001
status_is 4
err_is <<ERR
wmsj-points: '$U' can be written by other users, who could replace the registers; run 'chmod go-w $U'
ERR
run wmsj-volunteer -d "$U" list
status_is 4
out_empty
err_is <<ERR
wmsj-volunteer: '$U' can be written by other users, who could replace the registers; run 'chmod go-w $U'
ERR
chmod 1777 "$U"
run wmsj-report -d "$U" stars
status_is 4
err_has "run 'chmod go-w $U'"
run wmsj-audit -d "$U" verify
status_is 4
err_has "run 'chmod go-w $U'"
check "nothing was written" test "$(sum "$U")" = "$before"
chmod go-w "$U"
run wmsj-points -d "$U" stock --item G01 --qty 1 --donor x --station 610724109001
status_is 0
rm -rf "$U"

# init does not adopt such a directory either.
U=$TMP/gi; mkdir "$U"; chmod 770 "$U"
run wmsj-volunteer init -d "$U"
status_is 4
err_is <<ERR
wmsj-volunteer: '$U' can be written by other users, who could replace the registers; run 'chmod go-w $U'
ERR
check "init created nothing" test -z "$(ls -A "$U")"
chmod 700 "$U"
run wmsj-volunteer init -d "$U"
status_is 0
rm -rf "$U"

# A directory of another user: its owner's commands only.  Root too is
# refused to write a clerk's directory (its files would be root's, and the
# clerk locked out); reading it is allowed (a supervisor, a backup).
if [ -n "$asuser" ]; then
	U=$TMP/o; cp -r "$D" "$U"; chown -R nobody:nogroup "$U"
	before=$(sum "$U")
	run wmsj-points -d "$U" stock --item G01 --qty 1 --donor x --station 610724109001
	status_is 4
	err_is <<ERR
wmsj-points: '$U' belongs to user 'nobody', not to 'root'; run the command as 'nobody'
ERR
	run wmsj-volunteer -d "$U" init
	status_is 4
	err_has "belongs to user 'nobody', not to 'root'"
	run wmsj-points -d "$U" balance V610724109001-0001 --format csv
	status_is 0
	check "root wrote nothing and created nothing as root" \
		test "$(sum "$U")" = "$before" -a -z "$(find "$U" ! -user nobody)"
	run $asuser wmsj-points -d "$U" stock --item G01 --qty 1 --donor x --station 610724109001
	status_is 0
	U2=$TMP/o2; cp -r "$D" "$U2"
	run $asuser wmsj-volunteer -d "$U2" update V610724109001-0001 --phone 13900000000
	status_is 4
	err_has "belongs to user 'root', not to 'nobody'; run the command as 'root'"
	rm -rf "$U" "$U2"
fi

done_testing
