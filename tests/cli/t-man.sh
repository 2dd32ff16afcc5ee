#!/bin/bash
# The EXAMPLES of every man page run as written, and the pages are lint-clean.
. "$(dirname "$0")/lib.sh"

# Commands of the indented literal blocks of EXAMPLES: "$ " starts one,
# other lines continue it; mdoc's \e is a backslash.
examples() {
	awk '/^\.Sh EXAMPLES/{ex=1; next} /^\.Sh /{ex=0}
	     ex && /^\.Bd -literal -offset indent/{bd=1; next} bd && /^\.Ed/{bd=0; next}
	     bd { if (sub(/^\$ /, "")) print; else print }' "$1" | sed 's/\\e/\\/g'
}

W=$TMP/w; mkdir -p "$W"; ln -s "$TOP/examples" "$W/examples"
town() { # a town with the example volunteers registered
	rm -rf "$W/town" "$W/town2" "$W/publish"
	mkdir -p "$W/town" "$W/town2"
	cp "$TOP/examples/data/wmsj.yaml" "$W/town/"
	sed 's/"610724109/"610724110/; s/堰口/茶镇/' "$TOP/examples/data/wmsj.yaml" > "$W/town2/wmsj.yaml"
	wmsj-volunteer -d "$W/town" import --date 2026-08-01 "$TOP/examples/data/volunteers-import.csv" >/dev/null 2>&1
}
runpage() { # page [prerequisite page]
	examples "$TOP/man/$1" > "$TMP/ex.sh"
	check "$1 has examples" test -s "$TMP/ex.sh"
	(cd "$W" && unset WMSJ_DATA && bash -e "$TMP/ex.sh") >"$out" 2>"$err"
	status=$?; _last="EXAMPLES of $1"
	status_is 0
}

if command -v mandoc >/dev/null; then
	run mandoc -Tlint -Wwarning "$TOP"/man/*.[157]
	status_is 0
	out_empty
else
	echo "# skip: mandoc not installed"
fi

rm -rf "$W/town"; runpage wmsj-volunteer.1
town; runpage wmsj-points.1
town; examples "$TOP/man/wmsj-points.1" > "$TMP/pre.sh"
(cd "$W" && bash -e "$TMP/pre.sh") >/dev/null 2>&1
wmsj-points -d "$W/town" close --month 2026-10 --clerk x >/dev/null 2>&1
runpage wmsj-report.1
check "the notice example published html" test -s "$W/publish/2026Q3-610724109001.html"
runpage wmsj-audit.1
rm -rf "$W/newtown"; runpage wmsj.5
runpage wmsj.7
done_testing
