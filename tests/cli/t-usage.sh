#!/bin/bash
# Each tool's --help states its commands and the options each takes; the man
# pages' SYNOPSIS (English and Chinese) say the same; an option a command
# does not take is a usage error, and every option a synopsis names is taken.
. "$(dirname "$0")/lib.sh"
new_data

for t in volunteer points report audit; do
	run wmsj-$t --help
	status_is 0
	cp "$out" "$TMP/help.$t"
	run python3 "$TOP/tests/cli/synopsis.py" "$TMP/help.$t" "$TOP/man/wmsj-$t.1" "$TOP/man/zh_CN/wmsj-$t.1"
	status_is 0
	out_empty
done

# Every command refuses the options it does not take (status 2, nothing
# else done), and accepts those it names: the error, if any, is another.
# Each line of the help: the command and the options of the whole tool.
for t in volunteer points report audit; do
	all=$(grep -o -- '--[a-z][a-z-]*' "$TMP/help.$t" | sort -u | grep -v -x -e --format -e --encoding \
	      -e --bom -e --header -e --wide -e --wait -e --help -e --version -e --data)
	awk '/^  [^ ]/ { if (c != "") print c; c = $0; next } /^   / { c = c " " $0; next }
	     c != "" { exit } END { if (c != "") print c }' "$TMP/help.$t" > "$TMP/cmds.$t"
	while read -r line; do
		set -- $line
		case $1 in \[*) cmd="" ;; activity) cmd="$1 $2" ;; *) cmd=$1 ;; esac
		takes=" $(echo "$line" | grep -o -- '--[a-z][a-z-]*' | tr '\n' ' ') "
		for o in $all; do
			case $takes in *" $o "*) continue ;; esac
			run wmsj-$t $cmd $o x
			status_is 2
			if [ -z "$cmd" ]; then
				err_is <<ERR
wmsj-$t: the option '$o' needs a command
Try 'wmsj-$t --help'.
ERR
			else
				err_is <<ERR
wmsj-$t: '$cmd' does not take the option '$o'
Try 'wmsj-$t --help'.
ERR
			fi
		done
		for o in $(echo "$takes" | tr ' ' '\n' | grep -- '^--' | sort -u); do
			case " $all " in *" $o "*) ;; *) continue ;; esac
			run wmsj-$t $cmd $o x
			check "wmsj-$t $cmd takes $o" sh -c "! grep -q 'does not take\|needs a command' '$err'"
		done
	done < "$TMP/cmds.$t"
done

# The defects the option tables end: these were accepted and did nothing.
for args in "points history --as-of 2026-01-01 V1" "report stars --year 2020" \
	    "points balance --points 5" "points apply --date 2026-11-01 --activity A1 V1"; do
	set -- $args
	run wmsj-$args
	status_is 2
	err_has "'$2' does not take the option '$3'"
done
done_testing
