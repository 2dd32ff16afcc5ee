#!/bin/bash
# The README's tour runs verbatim; the README's set-up command names the
# packages .ci/run installs.
. "$(dirname "$0")/lib.sh"
awk '/<!-- tour -->/{t=1; next} /<!-- \/tour -->/{t=0} t && !/^```/' "$TOP/README.md" > "$TMP/tour.sh"
check "the README has a tour" test "$(wc -l < "$TMP/tour.sh")" -gt 5
mkdir -p "$TMP/w" && ln -s "$TOP/examples" "$TMP/w/examples"
(cd "$TMP/w" && bash -e "$TMP/tour.sh") > "$out" 2> "$err"
status=$?; _last="README tour"
status_is 0
out_has "all checked"
for p in libcsv-dev libyaml-dev libcmocka-dev libssl-dev gettext; do
	check "README and .ci/run install $p" sh -c "grep -q '$p' '$TOP/README.md' && grep -q '$p' '$TOP/.ci/run'"
done
done_testing
