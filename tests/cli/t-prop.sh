# Property tests (tests/prop/prop.py): random scenarios driven through the
# tools and a small model of the contract, fixed seeds so that the run is
# the same every time; invariants known to fail (tests/prop/known.py) are
# skipped here and reported by make proptest.  Then every shrunk regression
# script in prop-regress/.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-python3}
PROP=$TOP/tests/prop/prop.py

tap() { # the ok/not ok lines of prop.py count as ours
	while IFS= read -r l; do
		case $l in
		"ok - "*) _ok "${l#ok - }" ;;
		"not ok - "*) _notok "${l#not ok - }" ;;
		*) echo "$l" ;;
		esac
	done <"$out"
}

run "$PY" "$PROP" run --seed 1 --count "${WMSJ_PROP_COUNT:-150}" --steps 12 --light --skip-known --tap
tap
status_is 0
err_empty

# A regression script exits 0 when its invariant holds.  One marked
# "# known: ISSUE ITEM", or whose invariant is still listed in
# tests/prop/known.py, must fail: when it passes, the defect is fixed, and
# the mark (or the entry) goes in the same commit.
for f in "$TOP"/tests/cli/prop-regress/*.sh; do
	[ -f "$f" ] || continue
	inv=$(sed -n 's/^# invariant: //p' "$f")
	k=$(sed -n 's/^# known: \([^(]*[^ (]\).*/\1/p' "$f")
	[ -n "$k" ] || k=$("$PY" "$PROP" known "$inv")
	run sh "$f"
	if [ -z "$k" ]; then
		status_is 0
		[ "$status" -eq 0 ] || sed 's/^/#   /' "$out" | head -5
	elif [ "$status" -eq 1 ]; then
		_ok "${f##*/}: '$inv' still fails ($k, known)"
	else
		_notok "${f##*/}: '$inv' holds now (status $status): remove the '# known:' line or its KNOWN entry ($k)"
	fi
done
done_testing
