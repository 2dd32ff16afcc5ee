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
for p in libcsv-dev libyaml-dev libcmocka-dev libssl-dev gettext libxml2-dev libzip-dev \
	libxlsxwriter-dev libqrencode-dev; do
	check "README and .ci/run install $p" sh -c "grep -q '$p' '$TOP/README.md' && grep -q '$p' '$TOP/.ci/run'"
done

# Bash completion: subcommands, options, station and goods codes.
comp() { # expected words...
	( . "$TOP/contrib/wmsj.bash"; COMPREPLY=(); _wmsj; printf '%s\n' "${COMPREPLY[@]}" )
}
export WMSJ_DATA=$TOP/examples/data
COMP_WORDS=(wmsj-points aw); COMP_CWORD=1
check "completes a subcommand" test "$(comp)" = award
COMP_WORDS=(wmsj-points award --sup); COMP_CWORD=2
check "completes an option of the subcommand" test "$(comp)" = --supervisor
COMP_WORDS=(wmsj-volunteer list --station 6107241092); COMP_CWORD=3
check "completes station codes from wmsj.yaml" test "$(comp | tr '\n' ' ')" = "610724109204 610724109205 610724109212 610724109213 "
COMP_WORDS=(wmsj-points redeem --item G0); COMP_CWORD=3
check "completes goods codes" test "$(comp | wc -l)" = 8
check "make install puts the completion where Debian looks" test -f "$WMSJ_STAGE/usr/share/bash-completion/completions/wmsj-points"
done_testing
