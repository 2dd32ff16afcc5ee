# bash completion for wmsj-volunteer, wmsj-points, wmsj-report, wmsj-audit.
# Subcommands, options per subcommand, station codes and goods codes from the
# data directory's wmsj.yaml (-d DIR, --data DIR, $WMSJ_DATA, or .).

_wmsj_datadir()
{
	local i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-d|--data) echo "${COMP_WORDS[i+1]}"; return ;;
		esac
	done
	echo "${WMSJ_DATA:-.}"
}

# code: lines of one list in wmsj.yaml ("stations" or "goods").
_wmsj_codes()
{
	local f
	f="$(_wmsj_datadir)/wmsj.yaml"
	[ -r "$f" ] || return
	awk -v want="$1" '
		/^[A-Za-z_]+:/ { sect = $1; sub(":", "", sect) }
		sect == want {
			s = $0
			while (match(s, /code: *"?[A-Za-z0-9_-]+"?/)) {
				c = substr(s, RSTART, RLENGTH); sub(/code: */, "", c); gsub(/"/, "", c)
				print c; s = substr(s, RSTART + RLENGTH)
			}
		}' "$f"
}

_wmsj()
{
	local cur prev tool cmd i words opts common
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	tool=${COMP_WORDS[0]##*/}
	common="-d --data --format --bom --header --wide --wait --encoding --help --version"
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-d|--data|--format|--header|--wait|--encoding) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	case $prev in
	--station) COMPREPLY=($(compgen -W "$(_wmsj_codes stations)" -- "$cur")); return ;;
	--item) COMPREPLY=($(compgen -W "$(_wmsj_codes goods)" -- "$cur")); return ;;
	--format)
		if [ "$tool" = wmsj-report ]; then
			COMPREPLY=($(compgen -W "table csv xlsx text md html" -- "$cur"))
		elif [ "$tool" = wmsj-volunteer ] && [ "$cmd" = card ]; then
			COMPREPLY=($(compgen -W "html svg" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "table csv xlsx" -- "$cur"))
		fi
		return ;;
	--encoding) COMPREPLY=($(compgen -W "auto utf-8 gb18030" -- "$cur")); return ;;
	--header) COMPREPLY=($(compgen -W "en zh" -- "$cur")); return ;;
	--status) COMPREPLY=($(compgen -W "active suspended withdrawn" -- "$cur")); return ;;
	--platform) COMPREPLY=($(compgen -W "理论宣讲 教育体育 文化文艺 科技与科普 卫生健康 theory education culture science health" -- "$cur")); return ;;
	--reason) [ "$cmd" = clear ] && COMPREPLY=($(compgen -W "A B C" -- "$cur")); return ;;
	--by) COMPREPLY=($(compgen -W "points hours" -- "$cur")); return ;;
	-d|--data|--out|--notices) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	esac
	case $tool in
	wmsj-volunteer)
		words="init add import list show update reissue suspend resume withdraw card"
		case $cmd in
		add) opts="--name --id-number --phone --station --tags --platform-no --date --reveal" ;;
		import) opts="--dry-run --encoding --date --reveal" ;;
		list) opts="--station --status --tag --reveal" ;;
		show) opts="--reveal" ;;
		update) opts="--name --phone --station --tags --platform-no" ;;
		suspend|withdraw) opts="--reason" ;;
		card) opts="--station --format" ;;
		esac ;;
	wmsj-points)
		words="activity award apply pending approve reject stock redeem exchange clear reverse balance history export close"
		case $cmd in
		activity) opts="add list --station --date --platform --title --points --hours --place --target --content --organizer --responsible --month" ;;
		award) opts="--activity --certifier --supervisor --points --hours" ;;
		apply) opts="--activity" ;;
		approve) opts="--certifier --supervisor" ;;
		reject) opts="--reason" ;;
		stock) opts="--item --qty --donor --station --date --clerk" ;;
		redeem) opts="--card --item --qty --clerk --date" ;;
		exchange) opts="--item --qty --clerk --date" ;;
		clear) opts="--reason --note --approver --date" ;;
		reverse) opts="--reason --approver --date" ;;
		balance) opts="--station --as-of" ;;
		export) opts="--from --to --quarter --month --station" ;;
		close) opts="--month --clerk" ;;
		esac ;;
	wmsj-report)
		words="notice exchanges monthly ranking stars stats certificate"
		case $cmd in
		notice) opts="--quarter --station --out" ;;
		exchanges) opts="--quarter --station" ;;
		monthly) opts="--month" ;;
		ranking) opts="--year --by --top --stations" ;;
		stars) opts="--station" ;;
		stats) opts="--year --station" ;;
		certificate) opts="--reveal" ;;
		esac ;;
	wmsj-audit)
		words="verify notice"
		opts="--year --station --notices --limit" ;;
	esac
	if [ -z "$cmd" ] && [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$opts $common" -- "$cur"))
	fi
}

complete -F _wmsj wmsj-volunteer wmsj-points wmsj-report wmsj-audit
