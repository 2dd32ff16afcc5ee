/* wmsj-points: publish activities, certify, redeem, clear, reverse and seal.
 * The command table, options and dispatch; each command group is a file of
 * src/points/ (wmsj-points.h), the rules and the ledger are the library's. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "util.h"
#include "points/wmsj-points.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_("usage: wmsj-points [-d DIR] COMMAND [OPTIONS]\n");
/* The command table: the synopsis names every option a command takes (cli.h). */
enum cmd_id {
	C_ACTIVITY, C_AWARD, C_APPLY, C_PENDING, C_APPROVE, C_REJECT, C_STOCK, C_REDEEM,
	C_EXCHANGE, C_CLEAR, C_REVERSE, C_BALANCE, C_HISTORY, C_EXPORT, C_CLOSE
};
static const struct cli_cmd cmds[] = {
	{"activity add", "activity add --station CODE --date D --platform P --title T --points N\n"
	 "               [--hours H] [--place X] [--target X] [--content X]\n"
	 "               [--organizer X] [--responsible X]", C_ACTIVITY},
	{"activity list", "activity list [--station CODE] [--month YYYY-MM]", C_ACTIVITY},
	{"activity cancel", "activity cancel ACT --reason R", C_ACTIVITY},
	{"activity correct", "activity correct ACT [--date D] [--title T] [--points N]", C_ACTIVITY},
	{"award", "award --activity ACT --certifier NAME --supervisor NAME [--points N]\n"
	 "        [--hours H] KEY...|-", C_AWARD},
	{"apply", "apply --activity ACT KEY", C_APPLY},
	{"pending", "pending", C_PENDING},
	{"approve", "approve APP... --certifier NAME --supervisor NAME", C_APPROVE},
	{"reject", "reject APP --reason R", C_REJECT},
	{"stock", "stock [--item CODE --qty N --donor NAME [--station CODE] [--date D]]", C_STOCK},
	{"redeem", "redeem --card CARD_NO --item CODE [--qty N] --clerk NAME [--date D]", C_REDEEM},
	{"exchange", "exchange --clerk NAME [--item CODE] [--qty N] [--date D] < scans", C_EXCHANGE},
	{"clear", "clear KEY --reason A|B|C --note TEXT --approver NAME [--date D]", C_CLEAR},
	{"reverse", "reverse TXN --reason R --approver NAME [--date D]", C_REVERSE},
	{"balance", "balance [KEY...] [--station CODE] [--as-of D]", C_BALANCE},
	{"history", "history KEY", C_HISTORY},
	{"export", "export [--from D] [--to D] [--quarter YYYYQn] [--month YYYY-MM]\n"
	 "         [--station CODE]", C_EXPORT},
	{"close", "close --month YYYY-MM --clerk NAME", C_CLOSE},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])
static const char *const usage_tail = N_(
	"common options: -d DIR, --data DIR; --format table|csv|xlsx; --bom;\n"
	"  --header en|zh; --wide; --wait SECONDS; --encoding auto|utf-8|gb18030;\n"
	"  -h, --help; --version\n"
	"platforms: 理论宣讲 (theory), 教育体育 (education), 文化文艺 (culture),\n"
	"  科技与科普 (science), 卫生健康 (health)\n"
	"clearing reasons: A illegal or disciplinary behaviour, or a penalty at\n"
	"  county level or above; B immoral behaviour exposed on the\n"
	"  uncivil-behaviour board; C other circumstances that make further\n"
	"  participation unsuitable.\n");

enum {
	O_STATION = OPT_COMMON_LAST + 1, O_DATE, O_PLATFORM, O_TITLE, O_POINTS, O_HOURS, O_PLACE,
	O_TARGET, O_CONTENT, O_ORGANIZER, O_RESPONSIBLE, O_MONTH, O_ACTIVITY, O_CERTIFIER,
	O_SUPERVISOR, O_REASON, O_ITEM, O_QTY, O_DONOR, O_CARD, O_CLERK, O_NOTE, O_APPROVER,
	O_ASOF, O_FROM, O_TO, O_QUARTER
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"station", 1, 0, O_STATION}, {"date", 1, 0, O_DATE}, {"platform", 1, 0, O_PLATFORM},
	{"title", 1, 0, O_TITLE}, {"points", 1, 0, O_POINTS}, {"hours", 1, 0, O_HOURS},
	{"place", 1, 0, O_PLACE}, {"target", 1, 0, O_TARGET}, {"content", 1, 0, O_CONTENT},
	{"organizer", 1, 0, O_ORGANIZER}, {"organiser", 1, 0, O_ORGANIZER},
	{"responsible", 1, 0, O_RESPONSIBLE}, {"month", 1, 0, O_MONTH},
	{"activity", 1, 0, O_ACTIVITY}, {"certifier", 1, 0, O_CERTIFIER},
	{"supervisor", 1, 0, O_SUPERVISOR}, {"reason", 1, 0, O_REASON}, {"item", 1, 0, O_ITEM},
	{"qty", 1, 0, O_QTY}, {"donor", 1, 0, O_DONOR}, {"card", 1, 0, O_CARD},
	{"clerk", 1, 0, O_CLERK}, {"note", 1, 0, O_NOTE}, {"approver", 1, 0, O_APPROVER},
	{"as-of", 1, 0, O_ASOF}, {"from", 1, 0, O_FROM}, {"to", 1, 0, O_TO},
	{"quarter", 1, 0, O_QUARTER},
	{0, 0, 0, 0}
};
/* Where each option's value goes: optfield[O_X - O_STATION]. */
#define F(x) offsetof(struct opts, x)
static const size_t optfield[] = {
	F(station), F(date), F(platform), F(title), F(points), F(hours), F(place), F(target),
	F(content), F(organizer), F(responsible), F(month), F(activity), F(certifier),
	F(supervisor), F(reason), F(item), F(qty), F(donor), F(card), F(clerk), F(note),
	F(approver), F(asof), F(from), F(to), F(quarter)
};
#undef F
_Static_assert(sizeof optfield / sizeof optfield[0] == O_QUARTER - O_STATION + 1,
	       "an option of O_STATION ... O_QUARTER without its field");

/* The command line into o (o->args allocated by the caller, argc + 1):
 * WMSJ_OK; the status after a usage message; or -1 after --help. */
static int
parse_args(struct opts *o, int argc, char **argv)
{
	const char **seen = xcalloc((size_t)argc + 1, sizeof *seen);
	size_t nseen = 0;
	int c, li, rc = WMSJ_OK;

	opterr = 0;
	while (rc == WMSJ_OK && (c = getopt_long(argc, argv, "-d:h", longopts, &li)) != -1) {
		if (c > OPT_COMMON_LAST)
			seen[nseen++] = longopts[li].name;
		if (c >= O_STATION && c <= O_QUARTER) {
			*(const char **)((char *)o + optfield[c - O_STATION]) = optarg;
			continue;
		}
		switch (c) {
		case 1: o->args[o->nargs++] = optarg; break;
		case 'h':
			fputs(_(usage_head), stdout);
			cli_cmd_print_synopses(cmds, NCMDS, stdout);
			fputs(_(usage_tail), stdout);
			rc = -1;
			break;
		case '?':
			rc = cli_usage_error(_("unknown option or missing argument: '%s'"), argv[optind - 1]);
			break;
		default:
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
		}
	}
	if (rc == WMSJ_OK && o->nargs == 0)
		rc = cli_usage_error(_("a command is needed (see --help)"));
	if (rc == WMSJ_OK)
		rc = cli_cmd_check_options(cmds, NCMDS, o->args[0], o->nargs > 1 ? o->args[1] : NULL,
					   seen, nseen);
	free(seen);
	return rc;
}

/* Run command id on o's arguments (the command word taken off). */
static int
dispatch(struct opts *o, int id)
{
	switch (id) {
	case C_ACTIVITY: return cmd_activity(o);
	case C_AWARD: return cmd_award(o);
	case C_APPLY: return cmd_apps(o, "apply");
	case C_PENDING: return cmd_apps(o, "pending");
	case C_APPROVE: return cmd_apps(o, "approve");
	case C_REJECT: return cmd_apps(o, "reject");
	case C_STOCK: return cmd_stock(o);
	case C_REDEEM: return cmd_redeem(o);
	case C_EXCHANGE: return cmd_exchange(o);
	case C_CLEAR: return cmd_clear(o);
	case C_REVERSE: return cmd_reverse(o);
	case C_BALANCE: return cmd_balance(o);
	case C_HISTORY: return cmd_history(o);
	case C_EXPORT: return cmd_export(o);
	default: return cmd_close(o);
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	char **args;
	const struct cli_cmd *cmd;
	int rc;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.args = args = xcalloc((size_t)argc + 1, sizeof *o.args);
	rc = parse_args(&o, argc, argv);
	if (rc != WMSJ_OK) {
		free(args);
		return rc == -1 ? wmsj_close_stdout(NULL) : rc;
	}
	cmd = cli_cmd_find(cmds, NCMDS, o.args[0], o.nargs > 1 ? o.args[1] : NULL);
	if (cmd == NULL && cli_cmd_takes(cmds, NCMDS, o.args[0], NULL, "") < 0) {
		rc = cli_usage_error(_("unknown command '%s'"), o.args[0]);
	} else {
		/* "activity" without a verb it knows: cmd_activity says which */
		o.args++;
		o.nargs--;
		rc = dispatch(&o, cmd != NULL ? cmd->id : C_ACTIVITY);
	}
	free(args);
	return cli_exit(rc);
}
