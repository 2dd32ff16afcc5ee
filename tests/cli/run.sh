# Runs every black-box test file and prints the totals.
# Usage: WMSJ_STAGE=... sh tests/cli/run.sh [t-name.sh ...]
cd "$(dirname "$0")" || exit 4
pass=0 fail=0 files=0 bad=""
[ $# -gt 0 ] || set -- t-*.sh
for t in "$@"; do
	[ -f "$t" ] || continue
	files=$((files + 1))
	log=$(bash "$t" 2>&1); rc=$?
	printf '%s\n' "$log" | grep -v '^ok - ' 
	p=$(printf '%s\n' "$log" | grep -c '^ok - ')
	f=$(printf '%s\n' "$log" | grep -c '^not ok - ')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $t exited $rc"; fi
	[ "$f" -eq 0 ] || bad="$bad $t"
	pass=$((pass + p)); fail=$((fail + f))
done
[ -z "$bad" ] || echo "# failing:$bad"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$files" -gt 0 ]
