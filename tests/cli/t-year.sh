#!/bin/bash
# A year of a town: register changes every month (new volunteers, moves,
# suspensions, a withdrawal, a rename), every month closed and every
# quarter's notices published, each seal handed over to the county's
# witness file.  At the year's end every notice and the whole directory
# verify (exit 0); then one forged change anywhere, in any register or the
# history before the last witnessed seal, is found and located.
. "$(dirname "$0")/lib.sh"
D=$TMP/town; mkdir -p "$D"; cp "$TOP/examples/data/wmsj.yaml" "$D/"
export WMSJ_DATA=$D
W=$TMP/county-witness.txt; : > "$W"
day() { export WMSJ_TODAY=$1 WMSJ_NOW=${1}T10:00:00; }
quiet() { "$@" >/dev/null 2>"$TMP/err" || { echo "# failed: $* ($(cat "$TMP/err"))"; return 1; }; }
found() { # check where
	if awk -F, -v c="$1" -v w="$2" 'NR>1 && $2==c && $3==w {f=1} END{exit !f}' "$out"; then
		_ok "$1 found at $2"; else _notok "$1 not found at $2: $_last"; head -5 "$out" | sed 's/^/#   /'; fi
}
ids=(610724199001011101 610724199001021115 610724199001031129 610724199001041132
     610724199001051146 61072419900106115X 610724199001071163 610724199001081177
     610724199001091180 610724199002011197 610724199002021205 610724199002031219)

day 2026-01-05
ok=0
quiet wmsj-volunteer import --date 2026-01-05 "$TOP/examples/data/volunteers-import.csv" || ok=1
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
	n=$((10#$m))
	day 2026-$m-10
	quiet wmsj-points activity add --station 610724109001 --date 2026-$m-08 --platform theory \
		--title "第${n}月讲堂" --points 5 --hours 1 || ok=1
	act=$(printf 'A610724109001-%04d' "$n")
	wmsj-volunteer list --station 610724109001 --status active --format csv |
		quiet wmsj-points award --activity "$act" --certifier 刘专干 --supervisor 陈德明 - || ok=1
	# a new volunteer every month, at another station
	printf '%s\n' "${ids[$((n - 1))]}" | quiet wmsj-volunteer add --name "新人$n" --id-number - \
		--phone "1380000$(printf %04d "$n")" --station 610724109003 --date 2026-$m-10 || ok=1
	case $m in
	02|05|08|11) quiet wmsj-volunteer suspend V610724109001-000$((n % 9 + 1)) --reason 外出务工 || ok=1 ;;
	03|06|09|12) quiet wmsj-volunteer resume V610724109001-000$(((n - 1) % 9 + 1)) || ok=1 ;;
	esac
	case $m in
	04) quiet wmsj-volunteer update V610724109001-0008 --station 610724109003 || ok=1 ;;
	07) quiet wmsj-volunteer withdraw V610724109204-0002 --reason 迁出本镇 || ok=1 ;;
	10) quiet wmsj-volunteer update V610724109003-0004 --name 改名后 || ok=1 ;;
	esac
	if [ "$n" -eq 6 ]; then
		quiet wmsj-points stock --item G06 --qty 20 --donor 镇商会 --station 610724109001 --date 2026-06-10 || ok=1
		quiet wmsj-points redeem --card "$(wmsj-volunteer show V610724109001-0009 --format csv |
			awk -F, 'NR==2{print $2}')" --item G06 --clerk 刘专干 --date 2026-06-10 || ok=1
	fi
	# the month is closed a few days into the next, its seal handed over
	nm=$(date -d "2026-$m-01 +1 month" +%Y-%m)
	day "$nm-03"
	quiet wmsj-points close --month 2026-$m --clerk 刘专干 || ok=1
	wmsj-audit seal --month 2026-$m >> "$W" || ok=1
	# after a quarter: its notices, kept in notices/ and handed over
	case $m in 03|06|09|12)
		q=$((n / 3))
		mkdir -p "$D/notices"
		quiet wmsj-report notice --quarter 2026Q$q --format csv --out "$D/notices" || ok=1
		wmsj-audit seal "$D"/notices/2026Q$q-*.csv >> "$W" || ok=1
	esac
done
check "a year of a town, every command done" test "$ok" = 0
check "the witness file holds 12 closes and 24 notices" \
	test "$(cut -f3 "$W" | grep -cx close)/$(cut -f3 "$W" | grep -cx notice)" = 12/24

# ---- at the year's end everything verifies ---------------------------------------
day 2027-01-10
run wmsj-audit verify --witness "$W"
status_is 0
out_has "info,witness"
out_lacks "error"
bad=0
for f in "$D"/notices/*.csv; do wmsj-audit notice "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done
check "every notice of the year verifies ($(ls "$D"/notices/*.csv | wc -l) files)" test "$bad" = 0
check "the Q1 notice lists who was registered on 31 March, not later" \
	sh -c "grep -c ',V610724109003-' '$D/notices/2026Q1-610724109003.csv' | grep -qx 13"
check "a volunteer moved in April is on station 001's Q1 notice" \
	grep -q ',V610724109001-0008,' "$D/notices/2026Q1-610724109001.csv"
check "and on station 003's Q2 notice" grep -q ',V610724109001-0008,' "$D/notices/2026Q2-610724109003.csv"

# ---- one forged change anywhere is found and located -------------------------------
copy() { rm -rf "$TMP/$1"; cp -r "$D" "$TMP/$1"; }
# a register's file edited by hand
copy f1
sed -i 's/,改名后,/,王改名,/' "$TMP/f1/volunteers.csv"
line=$(grep -n ',王改名,' "$TMP/f1/volunteers.csv" | cut -d: -f1)
run wmsj-audit -d "$TMP/f1" verify --witness "$W"
status_is 1
found register-view "volunteers.csv:$line"
# an event of the history changed (a suspension's reason), the history's
# chain recomputed: the close rows name the old heads
copy f2
hl=$(grep -n ',suspend,' "$TMP/f2/history.csv" | head -1 | cut -d: -f1)
python3 "$TOP/tests/cli/forge-history.py" "$TMP/f2" "$hl" 外出务工 外出打工
# (forge-history.py also rewrote the close rows, the ledger's chain, the
# snapshots and the views' stamps: plain verify is blind to that; the
# witness is not)
rm -r "$TMP/f2/notices"   # the notices kept on the machine would give it away
run wmsj-audit -d "$TMP/f2" verify
status_is 0
run wmsj-audit -d "$TMP/f2" verify --witness "$W"
status_is 1
first=$(awk -F'\t' '$3=="close" && $4 >= "2026-02" {print NR; exit}' "$W")
found witness "$W:$first"
# the same forgery without recomputing the ledger: the close rows find it
copy f3
cp "$TMP/f2/history.csv" "$TMP/f3/history.csv"
run wmsj-audit -d "$TMP/f3" verify
status_is 1
close=$(grep -n ',close,' "$TMP/f3/ledger.csv" | sed -n 2p | cut -d: -f1)
found history "ledger.csv:$close"
# a ledger row changed and the chain recomputed before the last witnessed seal
copy f4
rm -r "$TMP/f4/notices"
al=$(grep -n ',award,' "$TMP/f4/ledger.csv" | sed -n 3p | cut -d: -f1)
python3 "$TOP/tests/cli/forge.py" "$TMP/f4" "$al" ',陈德明,' ',王德明,'
run wmsj-audit -d "$TMP/f4" verify
status_is 0
run wmsj-audit -d "$TMP/f4" verify --witness "$W"
status_is 1
check "the rewritten ledger is found at the first witnessed seal after it" \
	grep -q "^error,witness,$W:" "$out"
# a published notice with names swapped between two rows
copy f5
n1=$TMP/f5/notices/2026Q3-610724109001.csv
awk -F, 'BEGIN{OFS=","} NR==2{a=$5} NR==3{b=$5; $5=a} {r[NR]=$0; if(NR==3) r[3]=$0} END{for(i=1;i<=NR;i++){ if(i==2){split(r[2],x,","); x[5]=b; s=x[1]; for(k=2;k<=length(x);k++) s=s","x[k]; print s} else print r[i]}}' \
	"$n1" > "$TMP/n" && cat "$TMP/n" > "$n1"
run wmsj-audit -d "$TMP/f5" notice "$n1"
status_is 1
found notice "$n1:2"

done_testing
