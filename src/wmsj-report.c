/* wmsj-report: the quarterly public notice and the station reports.
 * The command table, options, the directories loaded and dispatch; each
 * command group is a file of src/report/ (wmsj-report.h); the figures are
 * the library's (report.h, notice.h, figures.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "out.h"
#include "report.h"
#include "util.h"
#include "report/wmsj-report.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_("usage: wmsj-report [-d DIR]... COMMAND [OPTIONS]\n");
/* The command table: the synopsis names every option a command takes (cli.h). */
enum cmd_id { C_NOTICE, C_EXCHANGES, C_MONTHLY, C_RANKING, C_STARS, C_STATS, C_CERTIFICATE };
static const struct cli_cmd cmds[] = {
	{"notice", "notice --quarter YYYYQn [--station CODE] [--format text|csv|md|html|xlsx]\n"
	 "         [--out DIR] [--preview] [-]", C_NOTICE},
	{"exchanges", "exchanges --quarter YYYYQn [--station CODE]", C_EXCHANGES},
	{"monthly", "monthly --month YYYY-MM", C_MONTHLY},
	{"ranking", "ranking --year YYYY [--by points|hours] [--top N] [--stations | --all]", C_RANKING},
	{"stars", "stars [--station CODE]", C_STARS},
	{"stats", "stats [--year YYYY] [--station CODE]", C_STATS},
	{"certificate", "certificate KEY [--format text|md|html] [--reveal]", C_CERTIFICATE},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])
static const char *const usage_tail = N_(
	"-d DIR may be given several times: the reports merge the data directories\n"
	"(a county centre collecting its towns).\n"
	"common options: --format table|csv|xlsx; --bom; --header en|zh; --wide;\n"
	"  -h, --help; --version\n");

enum {
	O_QUARTER = OPT_COMMON_LAST + 1, O_STATION, O_OUT, O_MONTH, O_YEAR, O_BY, O_TOP,
	O_STATIONS, O_REVEAL, O_PREVIEW, O_ALL
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"quarter", 1, 0, O_QUARTER}, {"station", 1, 0, O_STATION}, {"out", 1, 0, O_OUT},
	{"month", 1, 0, O_MONTH}, {"year", 1, 0, O_YEAR}, {"by", 1, 0, O_BY}, {"top", 1, 0, O_TOP},
	{"stations", 0, 0, O_STATIONS}, {"reveal", 0, 0, O_REVEAL}, {"preview", 0, 0, O_PREVIEW},
	{"all", 0, 0, O_ALL},
	{0, 0, 0, 0}
};

/* The configuration of every directory and, with want_reg, today's
 * register (the notice reads the register as of its quarter's end itself,
 * exchanges none): report.h. */
static int
load_dirs(struct opts *o, struct rdir **dd, int want_reg)
{
	struct wmsj_err err;
	const char *code;
	size_t i, j;

	if (rdirs_load(dd, o->dirs, o->ndirs, want_reg, &err) != WMSJ_OK)
		return cli_report(&err);
	/* Codes must stay unique across directories: they are division codes. */
	if (rdirs_clash(*dd, o->ndirs, &i, &j, &code)) {
		cli_warn(_("station '%s' is in both '%s' and '%s'"), code, (*dd)[j].dir, (*dd)[i].dir);
		return WMSJ_BADDATA;
	}
	return WMSJ_OK;
}

/* The command line into o (o->args and o->dirs allocated by the caller,
 * argc + 1 each): WMSJ_OK; the status after a usage message; or -1 after
 * --help. */
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
		switch (c) {
		case 1: o->args[o->nargs++] = optarg; break;
		case 'd': o->dirs[o->ndirs++] = optarg; break;
		case 'h':
			fputs(_(usage_head), stdout);
			cli_cmd_print_synopses(cmds, NCMDS, stdout);
			fputs(_(usage_tail), stdout);
			rc = -1;
			break;
		case OPT_FORMAT: o->format = optarg;
			if (strcmp(optarg, "table") == 0 || strcmp(optarg, "csv") == 0)
				cli_common_option(&o->c, c, optarg);
			else if (strcmp(optarg, "xlsx") == 0)
				o->c.fmt = WMSJ_FMT_XLSX; /* terminal checked below */
			break;
		case O_QUARTER: o->quarter = optarg; break;
		case O_STATION: o->station = optarg; break;
		case O_OUT: o->outdir = optarg; break;
		case O_MONTH: o->month = optarg; break;
		case O_YEAR: o->year = optarg; break;
		case O_BY: o->by = optarg; break;
		case O_TOP: o->top = optarg; break;
		case O_STATIONS: o->stations = 1; break;
		case O_PREVIEW: o->preview = 1; break;
		case O_ALL: o->all = 1; break;
		case O_REVEAL: o->reveal = 1; break;
		case '?':
			rc = cli_usage_error(_("unknown option or missing argument: '%s'"), argv[optind - 1]);
			break;
		default:
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
		}
	}
	if (o->ndirs == 0)
		o->dirs[o->ndirs++] = o->c.data;
	if (rc == WMSJ_OK && o->nargs == 0)
		rc = cli_usage_error(_("a command is needed (see --help)"));
	if (rc == WMSJ_OK)
		rc = cli_cmd_check_options(cmds, NCMDS, o->args[0], NULL, seen, nseen);
	free(seen);
	return rc;
}

/* The output format asked for, checked against the command: WMSJ_OK or
 * the status after a usage message. */
static int
check_format(const struct opts *o, const char *cmd)
{
	if (o->format != NULL && strcmp(cmd, "notice") != 0 && strcmp(cmd, "certificate") != 0 &&
	    strcmp(o->format, "table") != 0 && strcmp(o->format, "csv") != 0 &&
	    strcmp(o->format, "xlsx") != 0)
		return cli_usage_error(_("unknown format '%s' (use table or csv)"), o->format);
	if (o->c.fmt == WMSJ_FMT_XLSX && strcmp(cmd, "certificate") == 0)
		return cli_usage_error(_("a certificate is text, not a workbook"));
	if (o->c.fmt == WMSJ_FMT_XLSX && o->outdir == NULL && cli_xlsx_to_terminal())
		return WMSJ_USAGE;
	return WMSJ_OK;
}

/* Load the directories and run command entry (the command word taken off). */
static int
dispatch(struct opts *o, const struct cli_cmd *entry)
{
	struct rdir *dd = NULL;
	int rc = load_dirs(o, &dd, entry->id != C_NOTICE && entry->id != C_EXCHANGES);

	if (rc == WMSJ_OK) {
		switch (entry->id) {
		case C_NOTICE: rc = cmd_notice(o, dd); break;
		case C_EXCHANGES: rc = cmd_exchanges(o, dd); break;
		case C_MONTHLY: rc = cmd_monthly(o, dd); break;
		case C_RANKING: rc = cmd_ranking(o, dd); break;
		case C_STARS: rc = cmd_stars(o, dd); break;
		case C_STATS: rc = cmd_stats(o, dd); break;
		default: rc = cmd_certificate(o, dd); break;
		}
	}
	rdirs_free(dd, o->ndirs);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	char **args;
	const struct cli_cmd *entry;
	const char *cmd;
	int rc;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.args = args = xcalloc((size_t)argc + 1, sizeof *o.args);
	o.dirs = xcalloc((size_t)argc + 1, sizeof *o.dirs);
	rc = parse_args(&o, argc, argv);
	if (rc != WMSJ_OK) {
		free(args);
		free(o.dirs);
		return rc == -1 ? wmsj_close_stdout(NULL) : rc;
	}
	cmd = o.args[0];
	entry = cli_cmd_find(cmds, NCMDS, cmd, NULL);
	o.args++;
	o.nargs--;
	if ((rc = check_format(&o, cmd)) != WMSJ_OK)
		;
	else if (entry == NULL)
		rc = cli_usage_error(_("unknown command '%s'"), cmd);
	else
		rc = dispatch(&o, entry);
	free(args);
	free(o.dirs);
	return cli_exit(rc);
}
