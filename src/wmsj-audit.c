/* wmsj-audit: prove the registers untampered and consistent, and check the
 * stations against their standards.  Exit 0 clean, 1 findings, >= 2 could
 * not run. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auditledger.h"
#include "auditnotice.h"
#include "auditreg.h"
#include "auditrun.h"
#include "auditseal.h"
#include "auditstd.h"
#include "auditsel.h"
#include "cli.h"
#include "history.h"
#include "vindex.h"
#include "ledger_index.h"
#include "clock.h"
#include "config.h"
#include "findings.h"
#include "fsio.h"
#include "i18n.h"
#include "out.h"
#include "util.h"
#include "validate.h"
#include "volunteer.h"
#include "witness.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_(
	"usage: wmsj-audit [-d DIR]... [COMMAND] [OPTIONS]\n"
	"no command: every check; verify: integrity only; notice: a published\n"
	"notice; seal: hand-over lines (a close, notices, the head)\n");
/* The command table: the synopsis names every option a command takes (cli.h). */
enum cmd_id { C_ALL, C_VERIFY, C_NOTICE, C_SEAL };
static const struct cli_cmd cmds[] = {
	{"", "[--year YYYY] [--station CODE] [--notices DIR] [--severity LEVEL]\n"
	 "    [--limit N] [--witness FILE]...", C_ALL},
	{"verify", "verify [--station CODE] [--notices DIR] [--severity LEVEL] [--limit N]\n"
	 "         [--witness FILE]...", C_VERIFY},
	{"notice", "notice FILE|- [--station CODE] [--severity LEVEL] [--limit N]", C_NOTICE},
	{"seal", "seal [--month YYYY-MM] [NOTICE.csv]...", C_SEAL},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])
static const char *const usage_tail = N_(
	"--witness FILE: each seal of FILE that names the directory's institute must\n"
	"  still hold (repeatable; - = stdin); --notices DIR: published notices,\n"
	"  default DIR/notices; --severity error|anomaly|warning|info: show that or\n"
	"  worse (default info, all); --limit N: findings of one check in a table\n"
	"  (default 20; 0 = all; csv and xlsx always hold all)\n"
	"common options: --format table|csv|xlsx; --bom; --header en|zh; --wide;\n"
	"  -h, --help; --version\n"
	"exit status: 0 clean, 1 findings (of those shown), 2 usage, 3 bad input,\n"
	"  4 system error\n");

enum { O_YEAR = OPT_COMMON_LAST + 1, O_STATION, O_NOTICES, O_LIMIT, O_SEVERITY, O_WITNESS, O_MONTH };

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"year", 1, 0, O_YEAR}, {"station", 1, 0, O_STATION}, {"notices", 1, 0, O_NOTICES},
	{"limit", 1, 0, O_LIMIT}, {"severity", 1, 0, O_SEVERITY}, {"witness", 1, 0, O_WITNESS},
	{"month", 1, 0, O_MONTH},
	{0, 0, 0, 0}
};

struct opts {
	struct cli_common c;
	const char *year, *station, *notices, *severity, *month;
	const char **witness;      /* every --witness FILE */
	size_t nwitness;
	long limit;
	char **args;
	size_t nargs;
	const char **dirs;         /* every -d, in order (a county audits its towns) */
	size_t ndirs;
};

/* One run: the findings of every directory audited, the witness lines
 * (loaded before any directory is), the command and its year. */
struct run {
	struct findings f;
	struct witness wit;
	enum audit_level show;     /* --severity */
	const char *cmd;           /* NULL: every check */
	int year;                  /* --year; 0: this year */
};

static int
print_findings(const struct opts *o, struct findings *f)
{
	struct out out;
	struct wmsj_err err;

	findings_finish(f);
	if (f->n == 0) {
		findings_release(f);
		return WMSJ_OK;
	}
	out_init(&out, o->c.fmt, o->c.bom, findings_cols, FINDING_NCOLS);
	for (size_t i = 0; i < f->n; i++)
		out_row(&out, (const char *const *)f->v[i].f);
	findings_release(f);
	if (out_finish(&out, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* `seal`: hand-over lines (witness.h) on stdout, for the institute or the
 * county centre to keep: the close of --month, each notice's seal, or
 * (neither given) the head, the ledger's last row.  All or nothing. */
static int
cmd_seal(const struct opts *o, const struct wmsj_config *cfg)
{
	struct wmsj_err err;
	struct sb b;
	int rc;

	sb_init(&b);
	rc = audit_seal_lines(o->c.data, cfg, o->month, o->args, o->nargs, o->c.enc, &b, &err);
	if (rc == WMSJ_OK)
		fputs(b.buf, stdout);
	sb_release(&b);
	return rc == WMSJ_OK ? WMSJ_OK : cli_report(&err);
}

/* Every check of one data directory (o->c.data): the ledger's chain, the
 * history and views, the seals, the register, the rows, the standards (no
 * command), the notices kept, the witnessed seals. */
static int
check_all(struct audit_ctx *c, const struct run *run)
{
	struct wmsj_err err;

	if (audit_integrity_finish(c, run->cmd == NULL ? run->year : 0, run->cmd == NULL, &err) !=
	    WMSJ_OK)
		return cli_report(&err);
	if (run->cmd == NULL)
		audit_standards(c, run->year != 0 ? run->year : atoi(wmsj_today()));
	audit_kept_notices(c);
	audit_witness(c);
	return WMSJ_OK;
}

/* Every check of one data directory (o->c.data), its findings added to
 * run->f.  WMSJ_OK when the checks ran (findings or not), else the status
 * of what kept them from running (already reported). */
static int
audit_dir(const struct opts *o, struct run *run)
{
	struct wmsj_config cfg;
	struct vregister reg;
	struct wmsj_err err;
	struct wmsj_lock lock;
	struct audit_ctx c;
	int rc;

	run->f.first[0] = '\0';   /* each directory's own first record */
	/* Read under the lock, shared: a writer in progress is waited for,
	 * never taken for damage (a journal still present is a dead writer's). */
	if (fsio_lock_shared(&lock, o->c.data, o->c.wait, &err) != WMSJ_OK)
		return cli_report(&err);
	if (config_load(&cfg, o->c.data, &err) != WMSJ_OK) {
		fsio_unlock(&lock);
		config_release(&cfg);
		return cli_report(&err);
	}
	audit_ctx_init(&c, &run->f, o->c.data, &cfg, &reg);
	c.notices = o->notices;
	c.enc = o->c.enc;
	c.wit = &run->wit;
	/* the chain and the history need only the files: on the other core
	 * while the register is read */
	if (run->cmd == NULL || strcmp(run->cmd, "verify") == 0)
		audit_integrity_start(&c);
	if (vreg_load(&reg, o->c.data, &err) != WMSJ_OK) {
		audit_add(&c, "error", "register", VREG_FILE, NULL, NULL, NULL, "%s", err.msg);
		vreg_release(&reg);
		vreg_load(&reg, "/nonexistent-wmsj-dir", NULL); /* an empty register */
	}
	if (run->cmd != NULL && strcmp(run->cmd, "notice") == 0) {
		rc = audit_notice_file(&c, o->args[0], o->args[0], 0, &err);
		if (rc != WMSJ_OK)
			rc = cli_report(&err);
	} else if (run->cmd != NULL && strcmp(run->cmd, "seal") == 0) {
		rc = cmd_seal(o, &cfg);
	} else {
		rc = check_all(&c, run);
	}
	fsio_unlock(&lock);
	audit_ctx_release(&c);
	vreg_release(&reg);
	config_release(&cfg);
	return rc;
}

/* The command line into o (the arrays allocated by the caller, argc + 1
 * each): WMSJ_OK; the status after a usage message; or -1 after --help. */
static int
parse_args(struct opts *o, int argc, char **argv, const char **limit_s)
{
	const char **seen = xcalloc((size_t)argc + 1, sizeof *seen);
	const struct cli_cmd *entry;
	size_t nseen = 0;
	int c, li, rc = WMSJ_OK;

	opterr = 0;
	while (rc == WMSJ_OK && (c = getopt_long(argc, argv, "-d:h", longopts, &li)) != -1) {
		if (c > OPT_COMMON_LAST)
			seen[nseen++] = longopts[li].name;
		switch (c) {
		case 1: o->args[o->nargs++] = optarg; break;
		case 'd':
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
			else
				o->dirs[o->ndirs++] = o->c.data;
			break;
		case 'h':
			fputs(_(usage_head), stdout);
			cli_cmd_print_synopses(cmds, NCMDS, stdout);
			fputs(_(usage_tail), stdout);
			rc = -1;
			break;
		case O_YEAR: o->year = optarg; break;
		case O_STATION: o->station = optarg; break;
		case O_NOTICES: o->notices = optarg; break;
		case O_LIMIT: *limit_s = optarg; break;
		case O_SEVERITY: o->severity = optarg; break;
		case O_WITNESS: o->witness[o->nwitness++] = optarg; break;
		case O_MONTH: o->month = optarg; break;
		case '?':
			rc = cli_usage_error(_("unknown option or missing argument: '%s'"), argv[optind - 1]);
			break;
		default:
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
		}
	}
	if (rc == WMSJ_OK) {
		entry = cli_cmd_find(cmds, NCMDS, o->nargs > 0 ? o->args[0] : "", NULL);
		if (entry == NULL)
			rc = cli_usage_error(_("unknown command '%s' (verify, notice, seal, or none for every check)"),
					     o->args[0]);
		else
			rc = cli_cmd_check_options(cmds, NCMDS, entry->name, NULL, seen, nseen);
	}
	free(seen);
	return rc;
}

/* The command's arguments and the options' values: WMSJ_OK, or the status
 * after a usage message.  Sets run->show and run->year (0: this year). */
static int
check_args(struct opts *o, struct run *run, const char *limit_s)
{
	const char *cmd = run->cmd;
	char *end;

	if (cmd != NULL && ((strcmp(cmd, "notice") == 0 && o->nargs != 1) ||
			    (strcmp(cmd, "verify") == 0 && o->nargs != 0)))
		/* seal takes any number of notices */
		return cli_usage_error(_("notice needs one FILE; verify takes no arguments"));
	if (cmd != NULL && strcmp(cmd, "notice") == 0 && o->ndirs > 1)
		return cli_usage_error(_("a notice is checked against one data directory: give one -d DIR"));
	if (cmd != NULL && strcmp(cmd, "seal") == 0 && o->ndirs > 1)
		return cli_usage_error(_("seal hands over the seals of one data directory: give one -d DIR"));
	if (limit_s != NULL) {
		errno = 0;
		o->limit = strtol(limit_s, &end, 10);
		if (end == limit_s || *end != '\0' || errno != 0 || o->limit < 0)
			return cli_usage_error(_("--limit needs a number of findings (0 = all), not '%s'"),
					       limit_s);
	}
	if (o->month != NULL && wmsj_month_parse(o->month, NULL, NULL) != 0)
		return cli_usage_error(_("--month needs YYYY-MM, not '%s'"), o->month);
	run->show = AL_INFO;
	if (o->severity != NULL && audit_level_parse(o->severity, &run->show) != 0)
		return cli_usage_error(_("--severity must be error, anomaly, warning or info, not '%s'"),
				       o->severity);
	run->year = 0;
	if (o->year != NULL && wmsj_year_parse(o->year, &run->year) != 0)
		return cli_usage_error(_("--year needs YYYY, not '%s'"), o->year);
	return WMSJ_OK;
}

/* Every directory audited (a county: each town's on its own, every finding
 * named with its directory), the findings printed: the worst status. */
static int
audit_all(struct opts *o, struct run *run)
{
	int rc = WMSJ_OK;

	/* The cap is for people reading a table; csv and xlsx hold every
	 * finding (a script or a spreadsheet counts them). */
	findings_init(&run->f, wmsj_format_resolve(o->c.fmt) == WMSJ_FMT_TABLE ? o->limit : 0,
		      o->station, run->show);
	if (o->ndirs == 0)
		o->dirs[o->ndirs++] = o->c.data;
	for (size_t d = 0; d < o->ndirs; d++) {
		int r;

		o->c.data = o->dirs[d];
		run->f.dir = o->ndirs > 1 ? o->dirs[d] : NULL;
		r = audit_dir(o, run);
		if (r != WMSJ_OK && (rc == WMSJ_OK || r > rc))
			rc = r;
	}
	run->f.dir = NULL;
	/* What the other directories' audits found is shown even when one of
	 * them could not be audited. */
	if (rc == WMSJ_OK || o->ndirs > 1) {
		int r = print_findings(o, &run->f);

		if (rc == WMSJ_OK)
			rc = r;
	}
	findings_release(&run->f);
	if (rc == WMSJ_OK && run->f.serious)
		rc = WMSJ_REFUSED;
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct run run;
	char **args;
	const char *limit_s = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	cli_init(&o.c, argv[0]);
	/* The audit reads every register whole and checks the derived indexes
	 * against them: it neither uses nor writes one (a lookup would rewrite
	 * an index it does not believe before the check could see it). */
	ledger_index_off(1);
	vindex_off(1);
	hist_index_off(1);
	o.limit = 20;
	o.args = args = xcalloc((size_t)argc + 1, sizeof *o.args);
	o.dirs = xcalloc((size_t)argc + 1, sizeof *o.dirs);
	o.witness = xcalloc((size_t)argc + 1, sizeof *o.witness);
	witness_init(&run.wit);
	rc = parse_args(&o, argc, argv, &limit_s);
	if (rc == WMSJ_OK && o.nargs > 0) {
		run.cmd = o.args[0];
		o.args++;
		o.nargs--;
	}
	if (rc == WMSJ_OK)
		rc = check_args(&o, &run, limit_s);
	for (size_t i = 0; rc == WMSJ_OK && i < o.nwitness; i++) {
		struct wmsj_err err;

		if (witness_load(&run.wit, o.witness[i], &err) != WMSJ_OK)
			rc = cli_report(&err);
	}
	if (rc == WMSJ_OK)
		rc = audit_all(&o, &run);
	free(o.dirs);
	free(o.witness);
	witness_release(&run.wit);
	free(args);
	if (rc == -1)
		return wmsj_close_stdout(NULL);
	if (rc <= WMSJ_REFUSED) {
		int r2 = wmsj_close_stdout(NULL);

		if (r2 != WMSJ_OK)
			rc = r2;
	}
	return rc;
}
