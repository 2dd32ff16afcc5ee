/* Command-line plumbing shared by the four tools: see cli.h. */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cardno.h"
#include "cli.h"
#include "clock.h"
#include "fsio.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "history.h"
#include "ledger_index.h"
#include "vindex.h"
#include "mask.h"

#ifndef WMSJ_VERSION
#define WMSJ_VERSION "0"
#endif

const char *wmsj_progname = "wmsj";

/* A process that holds the register must leave no copy of its memory: no
 * core file (RLIMIT_CORE 0), and not dumpable (no core, no ptrace or
 * /proc/PID/mem by other processes of the same user). */
static void
no_core_dumps(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
#ifdef __linux__
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

/* What the environment says to a tool, passed to the library (which never
 * reads it): the terminal width, a full scan instead of snapshots, the size
 * a writer verifies whole; and in test builds only the test hooks: the
 * clock ($WMSJ_TODAY, $WMSJ_NOW; a malformed value is ignored) and the card
 * numbers' seed. */
static void
env_settings(void)
{
	const char *e;

	out_set_columns(getenv("COLUMNS"));
	e = getenv("WMSJ_NO_SNAPSHOT");
	ledger_no_snapshot(e != NULL && *e != '\0');
	e = getenv("WMSJ_NO_INDEX");
	ledger_index_off(e != NULL && *e != '\0');
	vindex_off(e != NULL && *e != '\0');
	hist_index_off(e != NULL && *e != '\0');
	ledger_writer_verify_limit(getenv("WMSJ_VERIFY_LIMIT"));
#ifdef WMSJ_TESTING
	if ((e = getenv("WMSJ_TODAY")) != NULL)
		(void)wmsj_clock_set(e, NULL);
	if ((e = getenv("WMSJ_NOW")) != NULL)
		(void)wmsj_clock_set(NULL, e);
	if ((e = getenv("WMSJ_CARD_SEED")) != NULL && *e != '\0')
		cardno_seed(e);
#endif
}

void
cli_init(struct cli_common *c, const char *argv0)
{
	const char *s = argv0 != NULL ? strrchr(argv0, '/') : NULL;
	const char *d = getenv("WMSJ_DATA");

	no_core_dumps();
	env_settings();
	wmsj_i18n_init(getenv("WMSJ_LOCALEDIR"));
	if (argv0 != NULL)
		wmsj_progname = s != NULL ? s + 1 : argv0;
	c->data = d != NULL && *d != '\0' ? d : ".";
	c->fmt = WMSJ_FMT_AUTO;
	c->bom = 0;
	c->wait = 10;
	c->enc = WMSJ_ENC_AUTO;
}

int
cli_common_option(struct cli_common *c, int opt, const char *arg)
{
	char *end;

	switch (opt) {
	case 'd':
		if (*arg == '\0') {
			cli_usage_error(_("option '%s' needs a directory"), "--data");
			return -1;
		}
		c->data = arg;
		return 1;
	case OPT_FORMAT:
		if (wmsj_format_parse(arg, &c->fmt) != 0) {
			cli_usage_error(_("unknown format '%s' (use table or csv)"), arg);
			return -1;
		}
		if (c->fmt == WMSJ_FMT_XLSX && cli_xlsx_to_terminal())
			return -1;
		return 1;
	case OPT_BOM:
		c->bom = 1;
		return 1;
	case OPT_WAIT:
		c->wait = strtod(arg, &end);
		if (*arg == '\0' || *end != '\0' || c->wait < 0 || c->wait > 86400) {
			cli_usage_error(_("--wait needs a number of seconds, not '%s'"), arg);
			return -1;
		}
		return 1;
	case OPT_ENCODING:
		if (wmsj_encoding_parse(arg, &c->enc) != 0) {
			cli_usage_error(_("unknown encoding '%s' (use auto, utf-8 or gb18030)"), arg);
			return -1;
		}
		return 1;
	case OPT_HEADER: {
		enum wmsj_header h;
		if (wmsj_header_parse(arg, &h) != 0) {
			cli_usage_error(_("--header must be en or zh, not '%s'"), arg);
			return -1;
		}
		out_set_header(h);
		return 1;
	}
	case OPT_WIDE:
		out_set_wide(1);
		return 1;
	case OPT_VERSION:
		printf("%s (wmsj) %s\n", wmsj_progname, WMSJ_VERSION);
		exit(wmsj_close_stdout(NULL));
	default:
		return 0;
	}
}

int
cli_xlsx_to_terminal(void)
{
	if (!isatty(1))
		return 0;
	cli_usage_error(_("an .xlsx workbook is not for a terminal: redirect standard output to a file (> FILE.xlsx)"));
	return 1;
}

/* "prog: msg\n" on stderr, with anything that looks like an ID number or a
 * phone masked (mask_personal_text). */
static void
vwarn(const char *fmt, va_list ap)
{
	char msg[2048];

	vsnprintf(msg, sizeof msg, fmt, ap);
	mask_personal_text(msg);
	fprintf(stderr, "%s: %s\n", wmsj_progname, msg);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

int
cli_report(const struct wmsj_err *err)
{
	if (err->msg[0] != '\0')
		cli_warn("%s", err->msg);
	return err->status;
}

int
cli_report_list(const struct wmsj_errlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		cli_warn("%s", l->msgs[i]);
	return l->status;
}

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, _("Try '%s --help'.\n"), wmsj_progname);
	return WMSJ_USAGE;
}

/* A write error on stdout: status 4 for a reader; for a command whose
 * change is already committed, a warning and status 0 (running it again
 * would do the change twice). */
static int output_reported;

static int
output_failed(const struct wmsj_err *err)
{
	output_reported = 1;
	if (fsio_committed() == 0)
		return cli_report(err);
	cli_warn(_("the change is recorded, but its output could not be written (%s); "
		   "do not run the command again"), err->msg);
	return WMSJ_OK;
}

int
cli_out_finish(struct out *o)
{
	struct wmsj_err err;

	if (out_finish(o, &err) != WMSJ_OK)
		return output_failed(&err);
	return WMSJ_OK;
}

int
cli_exit(int rc)
{
	struct wmsj_err err;
	const char *w = fsio_commit_warning();

	if (w[0] != '\0')
		cli_warn("%s", w);
	if (rc == WMSJ_OK && !output_reported && wmsj_close_stdout(&err) != WMSJ_OK)
		rc = output_failed(&err);
	return rc;
}

int
cli_private_value(const char **val, const char *opt, const char *what, const char *prompt,
		  char *buf, size_t n)
{
	int tty = isatty(0);
	size_t len;

	if (*val != NULL && strcmp(*val, "-") != 0)
		return 0;
	if (*val == NULL && !tty)
		return 0;
	if (tty) {
		fflush(stdout);
		fputs(prompt, stderr);
		fflush(stderr);
	}
	if (fgets(buf, (int)n, stdin) == NULL) {
		if (tty)
			fputc('\n', stderr);
		if (*val == NULL)
			return 0;
		cli_usage_error(_("no %s on standard input for '%s -'"), what, opt);
		return -1;
	}
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (!feof(stdin)) {
		cli_usage_error(_("the %s on standard input for '%s -' is too long"), what, opt);
		return -1;
	}
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	*val = buf;
	return 0;
}

/* ---- command tables ------------------------------------------------------ */

/* Does "cmd verb" name entry e?  verb NULL matches only a one-word entry. */
static int
cmd_is(const struct cli_cmd *e, const char *cmd, const char *verb)
{
	size_t l = strlen(cmd);

	if (strncmp(e->name, cmd, l) != 0)
		return 0;
	if (e->name[l] == '\0')
		return 1;
	return e->name[l] == ' ' && verb != NULL && strcmp(e->name + l + 1, verb) == 0;
}

/* Is entry e one of command cmd's (its first word is cmd)? */
static int
cmd_family(const struct cli_cmd *e, const char *cmd)
{
	size_t l = strlen(cmd);

	return strncmp(e->name, cmd, l) == 0 && (e->name[l] == '\0' || e->name[l] == ' ');
}

const struct cli_cmd *
cli_cmd_find(const struct cli_cmd *cmds, size_t n, const char *cmd, const char *verb)
{
	const struct cli_cmd *plain = NULL;

	for (size_t i = 0; i < n; i++) {
		if (!cmd_is(&cmds[i], cmd, verb))
			continue;
		if (strchr(cmds[i].name, ' ') != NULL)
			return &cmds[i];
		plain = &cmds[i];
	}
	return plain;
}

/* Does synopsis s name the option "--opt" (not a longer one it begins)? */
static int
synopsis_names(const char *s, const char *opt)
{
	size_t l = strlen(opt);

	for (const char *p = strstr(s, "--"); p != NULL; p = strstr(p + 2, "--")) {
		const char *e = p + 2 + l;

		if ((p == s || p[-1] == ' ' || p[-1] == '[' || p[-1] == '|') &&
		    strncmp(p + 2, opt, l) == 0 && *e != '-' && *e != '_' &&
		    !(*e >= 'a' && *e <= 'z') && !(*e >= '0' && *e <= '9'))
			return 1;
	}
	return 0;
}

int
cli_cmd_takes(const struct cli_cmd *cmds, size_t n, const char *cmd, const char *verb,
	      const char *opt)
{
	const struct cli_cmd *e = cli_cmd_find(cmds, n, cmd, verb);
	int family = 0;

	if (e != NULL)
		return synopsis_names(e->synopsis, opt);
	for (size_t i = 0; i < n; i++) {
		if (!cmd_family(&cmds[i], cmd))
			continue;
		family = 1;
		if (synopsis_names(cmds[i].synopsis, opt))
			return 1;
	}
	return family ? 0 : -1;
}

int
cli_cmd_check_options(const struct cli_cmd *cmds, size_t n, const char *cmd, const char *verb,
		      const char *const *seen, size_t nseen)
{
	const struct cli_cmd *e = cli_cmd_find(cmds, n, cmd, verb);

	for (size_t i = 0; i < nseen; i++)
		if (cli_cmd_takes(cmds, n, cmd, verb, seen[i]) != 0)
			continue;
		else if (*cmd == '\0')
			return cli_usage_error(_("the option '--%s' needs a command"), seen[i]);
		else
			return cli_usage_error(_("'%s' does not take the option '--%s'"),
					       e != NULL ? e->name : cmd, seen[i]);
	return WMSJ_OK;
}

void
cli_cmd_print_synopses(const struct cli_cmd *cmds, size_t n, FILE *f)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %s\n", cmds[i].synopsis);
}

const char *
cli_clerk(const char *given)
{
	const char *e = getenv("WMSJ_CLERK");
	struct passwd *pw;

	if (given != NULL && *given != '\0')
		return given;
	if (e != NULL && *e != '\0')
		return e;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : "unknown";
}
