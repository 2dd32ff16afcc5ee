#!/bin/bash
# One chained history for every register (history.csv): notices stay true
# whatever the registers went through since; a register can be read as of
# any date; a hand edit of a register's file is found at its row.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/scenario.sh"
D=$TMP/d; mkdir -p "$D"
check "scenario builds" scenario
copy() { rm -rf "$TMP/$1"; cp -r "$D" "$TMP/$1"; }
found() { # check where
	if awk -F, -v c="$1" -v w="$2" 'NR>1 && $2==c && $3==w {f=1} END{exit !f}' "$out"; then
		_ok "$1 found at $2"; else _notok "$1 not found at $2: $_last"; head -5 "$out" | sed 's/^/#   /'; fi
}

check "every register change is in the history" test "$(grep -c ',volunteer,' "$D/history.csv")" = 60
check "the history is the tools' own (0600)" test "$(stat -c %a "$D/history.csv")" = 600
run wmsj-audit verify
status_is 0
out_empty

# ---- an honest notice stays true after routine register work -------------------
wmsj-report notice --quarter 2026Q3 --station 610724109001 --format csv > "$TMP/q3.csv"
wmsj-report notice --quarter 2026Q3 --station 610724109204 --format csv > "$TMP/q3-204.csv"
check "the seal covers the register history" grep -q ',T[0-9]*:[0-9a-f]\{64\}/R[0-9]*:[0-9a-f]\{64\}$' "$TMP/q3.csv"
run wmsj-audit notice "$TMP/q3.csv"
status_is 0
# a volunteer with 0 points withdraws, one moves to another station, a new
# one registers in November
w0=$(awk -F, '$6=="610724109204"{print $1; exit}' "$D/volunteers.csv")
run wmsj-volunteer withdraw "$w0" --reason 迁出本镇 --date 2026-11-02
status_is 0
run wmsj-volunteer update V610724109001-0005 --station 610724109003 --date 2026-11-05
status_is 0
printf '%s\n' 110101199003077774 | wmsj-volunteer add --name 新登记 --id-number - --phone 13800000001 \
	--station 610724109001 --date 2026-11-20 > "$TMP/new.csv" 2>/dev/null
new=$(awk -F, 'NR==2{print $1}' "$TMP/new.csv")
check "a new volunteer registered in November" test -n "$new"
run wmsj-audit notice "$TMP/q3.csv"
status_is 0
out_empty
run wmsj-audit notice "$TMP/q3-204.csv"
status_is 0
out_empty
run wmsj-audit verify
status_is 0
out_empty
# the Q3 notice made today is the same as the one published
wmsj-report notice --quarter 2026Q3 --station 610724109001 --format csv > "$TMP/q3b.csv"
check "a Q3 notice made after the register work lists the same volunteers" \
	bash -c "cut -d, -f1-11 '$TMP/q3.csv' | diff - <(cut -d, -f1-11 '$TMP/q3b.csv')"
check "nobody registered in November is on the Q3 notice" sh -c "! grep -q '$new' '$TMP/q3b.csv'"
check "the moved volunteer stays on the old station's Q3 notice" grep -q ',V610724109001-0005,' "$TMP/q3b.csv"
wmsj-report notice --quarter 2026Q3 --station 610724109003 --format csv > "$TMP/q3-003.csv"
check "and is not on the new station's" sh -c "! grep -q 'V610724109001-0005' '$TMP/q3-003.csv'"
check "the withdrawn volunteer is on the Q3 notice of the day" grep -q ",$w0," "$(wmsj-report notice --quarter 2026Q3 --station 610724109204 --format csv > "$TMP/q3-204b.csv"; echo "$TMP/q3-204b.csv")"

# ---- the register as of a date ----------------------------------------------------
run wmsj-volunteer show "$w0" --format csv
status_is 0
check "the register says withdrawn today" test "$(col status)" = withdrawn

# ---- a station with nobody on the day still publishes a notice with its seal ------
wmsj-report notice --quarter 2026Q2 --station 610724109001 --format csv > "$TMP/q2.csv"
check "an empty Q2 notice has one row with the seal" test "$(wc -l < "$TMP/q2.csv")" = 2
run wmsj-audit notice "$TMP/q2.csv"
status_is 0
out_empty

# ---- hand edits of a register's file are found at their row -----------------------
h() { # NAME: a copy, edited by the awk program given next
	copy "$1"; awk -F, "BEGIN{OFS=\",\"} $2" "$TMP/$1/$3" > "$TMP/e" && cat "$TMP/e" > "$TMP/$1/$3"
}
h rename 'NR==4{$3="改名"} {print}' volunteers.csv
run wmsj-audit -d "$TMP/rename" verify
status_is 1
found register-view volunteers.csv:4
out_has "differs from the register's history in name: changed by hand"
run wmsj-volunteer -d "$TMP/rename" show V610724109001-0003 --format csv
check "the tools read the history, not the edited file" sh -c "! grep -q 改名 '$out'"
h idnum 'NR==5{$4="110101199003078888"} {print}' volunteers.csv
run wmsj-audit -d "$TMP/idnum" verify
status_is 1
found register-view volunteers.csv:5
out_lacks 110101199003078888
copy del
sed -i "/^$w0,/d" "$TMP/del/volunteers.csv"
run wmsj-audit -d "$TMP/del" verify
status_is 1
found register-view volunteers.csv
out_has "'$w0' of the register's history has no row in the file: deleted by hand"
h redate 'NR==2{$3="2026-09-16"} {print}' activities.csv
run wmsj-audit -d "$TMP/redate" verify
status_is 1
found register-view activities.csv:2
out_has "differs from the register's history in date: changed by hand"
# the next writer says so and writes the history's file back
run wmsj-volunteer -d "$TMP/rename" suspend V610724109001-0004 --reason 外出务工
status_is 0
err_has "volunteers.csv:4: the file had been changed by hand; it is rewritten from the register's history"
check "the edit is replaced by the history's" sh -c "! grep -q 改名 '$TMP/rename/volunteers.csv'"
run wmsj-audit -d "$TMP/rename" verify
status_is 0

# ---- the history itself is chained --------------------------------------------------
copy forged
sed -i '3s/,import,/,update,/' "$TMP/forged/history.csv"
run wmsj-audit -d "$TMP/forged" verify
status_is 1
found history history.csv:3
run wmsj-volunteer -d "$TMP/forged" suspend V610724109001-0004 --reason x
status_is 3
err_has "history.csv:3: hash does not match the event"
# a missing file is written again from the history by the next writer
copy gone
rm "$TMP/gone/volunteers.csv" "$TMP/gone/activities.csv"
run wmsj-audit -d "$TMP/gone" verify
status_is 1
found register-view volunteers.csv
run wmsj-points -d "$TMP/gone" stock --item G06 --qty 1 --donor x --station 610724109001 --date 2026-11-20
status_is 0
check "volunteers.csv rebuilt" cmp "$D/volunteers.csv" "$TMP/gone/volunteers.csv"
check "activities.csv rebuilt" cmp "$D/activities.csv" "$TMP/gone/activities.csv"

# ---- killed at any point: the change is in the history whole or not at all --------
copy k1
run env WMSJ_FAULT=after-journal wmsj-volunteer -d "$TMP/k1" suspend V610724109001-0006 --reason 外出
check "killed before the history's append is committed" test "$status" -ge 128
run wmsj-volunteer -d "$TMP/k1" show V610724109001-0006 --format csv
check "not suspended: the append is not committed" test "$(col status)" = active
run wmsj-volunteer -d "$TMP/k1" suspend V610724109001-0007 --reason 外出
status_is 0
run wmsj-audit -d "$TMP/k1" verify
status_is 0
out_empty
copy k2
run env WMSJ_FAULT=after-commit wmsj-volunteer -d "$TMP/k2" suspend V610724109001-0006 --reason 外出
check "killed after the history's append, before the file" test "$status" -ge 128
run wmsj-volunteer -d "$TMP/k2" show V610724109001-0006 --format csv
check "suspended: the history is the register" test "$(col status)" = suspended
run wmsj-audit -d "$TMP/k2" verify
status_is 1
out_has "warning,register-view,volunteers.csv,the file may be behind the register's history"
run wmsj-points -d "$TMP/k2" stock --item G06 --qty 1 --donor x --station 610724109001 --date 2026-11-20
status_is 0
err_empty
run wmsj-audit -d "$TMP/k2" verify
status_is 0
out_empty

# ---- the month's seal covers the history: deleting or cutting it is found -----------
check "the close row names the history's head" grep -q ',close,.*;history=R[0-9]*:[0-9a-f]\{64\};snapshot=' "$D/ledger.csv"
copy cut
rm "$TMP/cut/history.csv"
run wmsj-audit -d "$TMP/cut" verify
status_is 1
close=$(grep -n ',close,' "$D/ledger.csv" | head -1 | cut -d: -f1)
found history "ledger.csv:$close"
out_has "seals the register history, but: history.csv: the history has no event"

# ---- a register older than its history is adopted by its next change ---------------
copy old
rm "$TMP/old/history.csv"
run wmsj-audit -d "$TMP/old" verify
status_is 1
out_has "not in the register's history yet"
run wmsj-volunteer -d "$TMP/old" suspend V610724109001-0004 --reason 外出务工
status_is 0
check "its records are adopted" test "$(grep -c ',volunteer,V[0-9-]*,adopt,' "$TMP/old/history.csv")" -ge 60
run wmsj-volunteer -d "$TMP/old" list --format csv
check "adoption changes no record but the one changed" \
	bash -c "diff <(wmsj-volunteer -d '$D' list --format csv | grep -v V610724109001-0004 | grep -v '$w0' | grep -v V610724109001-0005 | grep -v '$new') <(grep -v V610724109001-0004 '$out' | grep -v '$w0' | grep -v V610724109001-0005 | grep -v '$new')"

# ---- the views' stamps (.views) only make reading faster -----------------------------
# A view whose stamp names the history's head and the very file written is
# read instead of the history; anything the stamp does not vouch for is not
# believed: the same answers with the stamps, without them, with them
# deleted, after a hand edit that puts the file's times back, with a stamp
# of another head or a garbled one.
copy st
wmsj-volunteer -d "$TMP/st" list --format csv >"$TMP/st.want"
check "a fresh view is stamped with its file" grep -q '^volunteers.csv R[0-9]*:[0-9a-f]\{64\} i[0-9.]* d[0-9-]\{10\}$' "$TMP/st/.views"
same() { # label: list equals the history's register; the notice with and without stamps
	WMSJ_NO_VIEW_STAMP=1 wmsj-volunteer -d "$TMP/st" list --format csv >"$TMP/st.nostamp"
	wmsj-volunteer -d "$TMP/st" list --format csv >"$TMP/st.got"
	check "$1: the history's register" cmp -s "$TMP/st.got" "$TMP/st.want"
	check "$1: the same without the stamps" cmp -s "$TMP/st.nostamp" "$TMP/st.want"
	WMSJ_NO_VIEW_STAMP=1 wmsj-report -d "$TMP/st" notice --quarter 2026Q3 --format csv >"$TMP/st.notice"
	wmsj-report -d "$TMP/st" notice --quarter 2026Q3 --format csv >"$TMP/st.got"
	check "$1: the same notice" cmp -s "$TMP/st.got" "$TMP/st.notice"
}
same "stamped"
cp "$TMP/st/volunteers.csv" "$TMP/st.view"
sed -i 's/,张三,/,王五,/; s/,吉𠮷祥,/,吉𠮷福,/' "$TMP/st/volunteers.csv"
touch -r "$TMP/st.view" "$TMP/st/volunteers.csv"
check "the edit changed the file" sh -c "! cmp -s '$TMP/st/volunteers.csv' '$TMP/st.view'"
check "the edit kept the size" test "$(wc -c <"$TMP/st/volunteers.csv")" = "$(wc -c <"$TMP/st.view")"
same "hand edit, times put back"
sed -i 's/^\(volunteers.csv R\)[0-9]*/\100000001/' "$TMP/st/.views"
same "a stamp of another head"
printf 'volunteers.csv R0000\nx\n' >"$TMP/st/.views"
same "a garbled stamp"
rm "$TMP/st/.views"
same "no stamps"
cp "$TMP/st.view" "$TMP/st/volunteers.csv"
run wmsj-points -d "$TMP/st" stock --item G06 --qty 1 --donor x --station 610724109001 --date 2026-11-20
status_is 0
same "after a writer"

done_testing
