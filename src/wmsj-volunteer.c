/* wmsj-volunteer: register volunteers and issue their points cards.
 * The command table, options and dispatch; each command group is a file of
 * src/volunteer/ (wmsj-volunteer.h), the register is the library's. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "util.h"
#include "validate.h"
#include "volunteer/wmsj-volunteer.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_("usage: wmsj-volunteer [-d DIR] COMMAND [OPTIONS]\n");
/* The command table: the synopsis names every option a command takes (cli.h). */
enum cmd_id {
	C_INIT, C_ADD, C_IMPORT, C_LIST, C_SHOW, C_UPDATE, C_REISSUE, C_SUSPEND, C_RESUME,
	C_WITHDRAW, C_CORRECT_ID, C_CARD
};
static const struct cli_cmd cmds[] = {
	{"init", "init", C_INIT},
	{"add", "add --name N --id-number ID|- --phone P|- --station CODE [--tags T1,T2]\n"
	 "      [--platform-no NO] [--date D] [--reveal]", C_ADD},
	{"import", "import FILE|- [--dry-run] [--date D] [--encoding auto|utf-8|gb18030]\n"
	 "       [--reveal]", C_IMPORT},
	{"list", "list [--name PART] [--station CODE] [--status active|suspended|withdrawn]\n"
	 "       [--tag T] [--eligible [--date D]] [--reveal]", C_LIST},
	{"show", "show KEY [--reveal]", C_SHOW},
	{"update", "update KEY [--name N] [--phone P|-] [--station CODE] [--tags T1,T2]\n"
	 "         [--platform-no NO] [--date D] [--reveal]", C_UPDATE},
	{"reissue", "reissue KEY [--date D] [--reveal]", C_REISSUE},
	{"suspend", "suspend KEY --reason R [--date D] [--reveal]", C_SUSPEND},
	{"resume", "resume KEY [--date D] [--reveal]", C_RESUME},
	{"withdraw", "withdraw KEY --reason R [--date D] [--reveal]", C_WITHDRAW},
	{"correct-id", "correct-id KEY --id-number ID|- --reason R [--date D]\n"
	 "             [--reveal]", C_CORRECT_ID},
	{"card", "card [--station CODE] [KEY...] [--format html|svg]", C_CARD},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])
static const char *const usage_tail = N_(
	"ID or P given as - is read from standard input; left out on a terminal,\n"
	"it is asked for.\n"
	"common options: -d DIR, --data DIR; --format table|csv|xlsx; --bom;\n"
	"  --header en|zh; --wide; --wait SECONDS; -h, --help; --version\n"
	"KEY is a volunteer id, a card number, an ID number or a name that only one\n"
	"volunteer has; - reads it from standard input (then --phone - or\n"
	"--id-number - reads the next line).\n");

enum {
	O_NAME = OPT_COMMON_LAST + 1, O_IDNUM, O_PHONE, O_STATION, O_TAGS, O_PLATFORM, O_DATE,
	O_DRYRUN, O_STATUS, O_TAG, O_REVEAL, O_REASON, O_ELIGIBLE
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"name", 1, 0, O_NAME}, {"id-number", 1, 0, O_IDNUM}, {"phone", 1, 0, O_PHONE},
	{"station", 1, 0, O_STATION}, {"tags", 1, 0, O_TAGS}, {"platform-no", 1, 0, O_PLATFORM},
	{"date", 1, 0, O_DATE}, {"dry-run", 0, 0, O_DRYRUN}, {"status", 1, 0, O_STATUS},
	{"tag", 1, 0, O_TAG}, {"reveal", 0, 0, O_REVEAL}, {"reason", 1, 0, O_REASON},
	{"eligible", 0, 0, O_ELIGIBLE},
	{0, 0, 0, 0}
};

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
		switch (c) {
		case 1: o->args[o->nargs++] = optarg; break;
		case 'h':
			fputs(_(usage_head), stdout);
			cli_cmd_print_synopses(cmds, NCMDS, stdout);
			fputs(_(usage_tail), stdout);
			rc = -1;
			break;
		case O_NAME: o->name = optarg; break;
		case O_IDNUM: o->idnum = optarg; break;
		case O_PHONE: o->phone = optarg; break;
		case O_STATION: o->station = optarg; break;
		case O_TAGS: o->tags = optarg; break;
		case O_PLATFORM: o->platform = optarg; break;
		case O_DATE: o->date = optarg; break;
		case O_DRYRUN: o->dry_run = 1; break;
		case O_STATUS: o->status = optarg; break;
		case O_ELIGIBLE: o->eligible = 1; break;
		case O_TAG: o->tag = optarg; break;
		case O_REVEAL: o->reveal = 1; break;
		case O_REASON: o->reason = optarg; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "html") == 0 || strcmp(optarg, "svg") == 0)
				o->doc = optarg; /* the card sheet's formats */
			else if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
			break;
		case '?':
			if (optopt != 0)
				rc = cli_usage_error(_("unknown option or missing argument: '%s'"),
						     argv[optind - 1]);
			else
				rc = cli_usage_error(_("unknown option '%s'"), argv[optind - 1]);
			break;
		case ':':
			rc = cli_usage_error(_("option '%s' needs an argument"), argv[optind - 1]);
			break;
		default:
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
		}
	}
	if (rc == WMSJ_OK && o->nargs == 0)
		rc = cli_usage_error(_("a command is needed: init, add, import, list, show, update, reissue, suspend, resume, withdraw, correct-id or card"));
	if (rc == WMSJ_OK)
		rc = cli_cmd_check_options(cmds, NCMDS, o->args[0], NULL, seen, nseen);
	free(seen);
	return rc;
}

/* Run command cmd (its table entry, NULL when unknown) on o's arguments
 * (the command word already taken off). */
static int
dispatch(struct opts *o, const struct cli_cmd *entry, const char *cmd)
{
	if (o->doc != NULL && strcmp(cmd, "card") != 0)
		return cli_usage_error(_("unknown format '%s' (use table or csv)"), o->doc);
	o->cmd = cmd;
	/* The day a change takes effect, recorded in the register's history
	 * (a suspension as of a date): a real date, not after today.  For
	 * list --eligible it is the day asked about, which may lie ahead. */
	if (o->date != NULL && strcmp(cmd, "list") != 0 &&
	    (wmsj_date_parse(o->date, NULL, NULL, NULL) != 0 || strcmp(o->date, wmsj_today()) > 0))
		return cli_usage_error(_("--date needs a date YYYY-MM-DD not after today, not '%s'"),
				       o->date);
	switch (entry != NULL ? entry->id : -1) {
	case C_INIT:
		return o->nargs == 0 ? cmd_init(o) : cli_usage_error(_("init takes no arguments; use -d DIR"));
	case C_ADD:
		return o->nargs == 0 ? cmd_add(o) : cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	case C_IMPORT: return cmd_import(o);
	case C_LIST:
		return o->nargs == 0 ? cmd_list(o) : cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	case C_SHOW: return cmd_key(o, CH_SHOW);
	case C_UPDATE: return cmd_key(o, CH_UPDATE);
	case C_REISSUE: return cmd_key(o, CH_REISSUE);
	case C_SUSPEND: return cmd_key(o, CH_SUSPEND);
	case C_RESUME: return cmd_key(o, CH_RESUME);
	case C_WITHDRAW: return cmd_key(o, CH_WITHDRAW);
	case C_CARD: return cmd_card(o);
	case C_CORRECT_ID: return cmd_correct_id(o);
	default: return cli_usage_error(_("unknown command '%s'"), cmd);
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	char **args;
	const char *cmd;
	int rc;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.args = args = xcalloc((size_t)argc + 1, sizeof *o.args);
	rc = parse_args(&o, argc, argv);
	if (rc != WMSJ_OK) {
		free(args);
		return rc == -1 ? wmsj_close_stdout(NULL) : rc;
	}
	cmd = o.args[0];
	o.args++;
	o.nargs--;
	rc = dispatch(&o, cli_cmd_find(cmds, NCMDS, cmd, NULL), cmd);
	free(args);
	return cli_exit(rc);
}
