#!/bin/sh
# The library's structure, from its object files: tests/structure.sh BUILD_DIR
#
# With nm on BUILD_DIR/obj/lib/*.o, builds the graph "object A uses a symbol
# defined by object B" and prints it (one line per object: A -> B C ...).
# Fails (exit 1) when
#   - the graph has a cycle (the cycle is named: a -> b -> ... -> a), or
#   - a library object calls exit (only the allocation failure path in
#     alloc.o may, and cli.o, which only the tools call: options, messages,
#     exit statuses), or
#   - a library object prints to stdout by itself (printf, puts, putchar,
#     vprintf) or names stdout (only out.o, the output of records, and
#     cli.o may), or
#   - a library object hashes through OpenSSL's EVP layer (SHA256,
#     EVP_Digest, EVP_Q_digest): on first use it loads OpenSSL 3's
#     configuration and a provider, 0.8 ms of every command (sha.h).
# Exit 2 when BUILD_DIR holds no objects.
set -eu

build=${1:?usage: tests/structure.sh BUILD_DIR}
objdir=$build/obj/lib
NM=${NM:-nm}

set -- "$objdir"/*.o
# Only the objects of the library as built (an object whose source was
# removed or renamed may linger in the build directory).
if [ -f "$build/libwmsj.a" ]; then
	members=$(ar t "$build/libwmsj.a")
	for o in "$@"; do
		shift
		case " $(echo $members) " in
		*" ${o##*/} "*) set -- "$@" "$o" ;;
		esac
	done
fi
if [ $# -eq 0 ] || [ ! -f "$1" ]; then
	echo "structure: no objects in $objdir (build first)" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "D obj sym" for every symbol an object defines, "U obj sym" for every one
# it uses but does not define.
for o in "$@"; do
	b=${o##*/}
	b=${b%.o}
	$NM -P "$o" | awk -v obj="$b" '
		$2 == "U" || $2 == "w" { print "U", obj, $1; next }
		$2 ~ /^[TDBRCVWGS]$/ { print "D", obj, $1 }'
done >"$tmp/syms"

awk '
	$1 == "D" { def[$3] = $2; objs[$2] = 1; next }
	$1 == "U" { objs[$2] = 1; use[$2, $3] = 1; next }
	END {
		for (k in use) {
			split(k, p, SUBSEP)
			if ((p[2] in def) && def[p[2]] != p[1])
				print p[1], def[p[2]]
		}
		for (o in objs)
			print o, "-"
	}' "$tmp/syms" | sort -u >"$tmp/edges"

# The graph, then a depth-first search for a cycle.
awk '
	# Every back edge closes a cycle: name each one.
	function visit(n,    i, m, k, cyc) {
		state[n] = 1
		stack[++depth] = n
		for (i = 1; i <= nout[n]; i++) {
			m = out[n, i]
			if (state[m] == 1) {
				for (k = depth; k >= 1 && stack[k] != m; k--)
					;
				cyc = m
				for (k++; k <= depth; k++)
					cyc = cyc " -> " stack[k]
				cycles[++ncycles] = cyc " -> " m
			} else if (state[m] == 0) {
				visit(m)
			}
		}
		state[n] = 2
		depth--
	}
	$2 == "-" { node[$1] = 1; next }
	{ out[$1, ++nout[$1]] = $2; node[$1] = 1; node[$2] = 1 }
	END {
		n = 0
		for (x in node)
			names[++n] = x
		# sorted, for a stable report
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && names[j - 1] > names[j]; j--) {
				t = names[j]; names[j] = names[j - 1]; names[j - 1] = t
			}
		print "library objects and what they use:"
		for (i = 1; i <= n; i++) {
			line = ""
			for (k = 1; k <= nout[names[i]]; k++)
				line = line " " out[names[i], k]
			printf "  %-10s ->%s\n", names[i], line
		}
		for (i = 1; i <= n; i++)
			if (state[names[i]] == 0)
				visit(names[i])
		for (i = 1; i <= ncycles; i++)
			print "structure: dependency cycle: " cycles[i]
		exit ncycles > 0
	}' "$tmp/edges" || fail=1

# Library code never exits (but the allocation failure path) and never
# prints to stdout on its own.
awk '
	$1 != "U" { next }
	$3 == "exit" && $2 != "alloc" && $2 != "cli" {
		print "structure: " $2 ".o calls exit"; bad = 1
	}
	($3 == "printf" || $3 == "puts" || $3 == "putchar" || $3 == "vprintf" ||
	 $3 == "__printf_chk" || $3 == "__vprintf_chk") && $2 != "cli" {
		print "structure: " $2 ".o prints to stdout (" $3 ")"; bad = 1
	}
	$3 == "stdout" && $2 != "cli" && $2 != "out" {
		print "structure: " $2 ".o writes to stdout"; bad = 1
	}
	$3 == "SHA256" || $3 == "EVP_Digest" || $3 == "EVP_Q_digest" {
		print "structure: " $2 ".o hashes with " $3 " (loads an OpenSSL provider): use wmsj_sha256"; bad = 1
	}
	END { exit bad }' "$tmp/syms" || fail=1

if [ "${fail:-0}" -ne 0 ]; then
	exit 1
fi
echo "structure: no cycle; no library object exits or prints on its own"
