/* What the four tools share on the command line: the program name for
 * messages, the common options, and printing diagnostics.  Only tools use
 * this (it prints); library code reports through struct wmsj_err. */
#ifndef WMSJ_CLI_H
#define WMSJ_CLI_H

#include "csvin.h"
#include "err.h"
#include "out.h"

extern const char *wmsj_progname;

/* Options common to all four tools.  Defaults: data = $WMSJ_DATA or ".",
 * fmt AUTO, bom 0, wait 10 s, enc AUTO. */
struct cli_common {
	const char *data;
	enum wmsj_format fmt;
	int bom;
	double wait;
	enum wmsj_encoding enc;
};

/* getopt_long codes for the long-only common options. */
enum {
	OPT_FORMAT = 0x1000, OPT_BOM, OPT_WAIT, OPT_ENCODING, OPT_VERSION, OPT_HEADER, OPT_WIDE,
	OPT_COMMON_LAST
};
/* Use in getopt_long tables:  CLI_COMMON_LONGOPTS, then the tool's own.
 * The short options "d:h" are the tool's to add to its optstring. */
#define CLI_COMMON_LONGOPTS \
	{"data", 1, 0, 'd'}, {"format", 1, 0, OPT_FORMAT}, {"bom", 0, 0, OPT_BOM}, \
	{"wait", 1, 0, OPT_WAIT}, {"encoding", 1, 0, OPT_ENCODING}, \
	{"help", 0, 0, 'h'}, {"version", 0, 0, OPT_VERSION}, \
	{"header", 1, 0, OPT_HEADER}, {"wide", 0, 0, OPT_WIDE}

/* Suppress core dumps (RLIMIT_CORE 0, and on Linux PR_SET_DUMPABLE 0: the
 * process holds ID numbers and phones), initialise i18n, set wmsj_progname
 * from argv0 (basename), fill defaults. */
void cli_init(struct cli_common *c, const char *argv0);
/* Handle a common option (d, OPT_FORMAT, ...; not 'h').  --header en|zh and
 * --wide set how records are shown (labels.h).  Returns 1 if it was
 * one (handled), 0 if not common, -1 after printing a usage error for a bad
 * value (caller exits WMSJ_USAGE).  OPT_VERSION prints and exits 0. */
int cli_common_option(struct cli_common *c, int opt, const char *arg);

/* --format xlsx with standard output on a terminal: print a usage error and
 * return 1 (the caller exits WMSJ_USAGE); 0 when stdout is not a terminal. */
int cli_xlsx_to_terminal(void);

/* out_finish(), reporting a write error; returns the status: 4 (SYSERR),
 * or, once this process has committed a change (fsio_committed), a warning
 * "the change is recorded, but its output could not be written" and 0.
 * Writers call it after their commit; their CSV is held until then. */
int cli_out_finish(struct out *o);
/* The end of main (return cli_exit(rc)): prints a committed change's
 * durability warning (fsio_commit_warning), flushes stdout and treats a
 * write error as cli_out_finish does; a failing rc is kept. */
int cli_exit(int rc);

/* A personal value (ID number, phone) kept out of argv, where every user
 * sees it in ps.  When *val is "-", read one line of standard input into buf
 * (n bytes; newline and CR stripped) and point *val at it; when *val is NULL
 * and standard input is a terminal, print prompt on stderr and do the same
 * (end of input leaves *val NULL).  what names the value in messages ("ID
 * number"), opt the option ("--id-number").  Returns 0, or -1 after a usage
 * message (nothing or too much on standard input). */
int cli_private_value(const char **val, const char *opt, const char *what, const char *prompt,
		      char *buf, size_t n);

/* "prog: msg\n" on stderr; anything that looks like an ID number or a phone
 * is masked (mask_personal_text). */
void cli_warn(const char *fmt, ...) WMSJ_PRINTF(1, 2);
/* Print err->msg with the program name; return err->status. */
int cli_report(const struct wmsj_err *err);
/* Print every message of l; return l->status. */
int cli_report_list(const struct wmsj_errlist *l);
/* "prog: msg\nTry 'prog --help'.\n" and return WMSJ_USAGE. */
int cli_usage_error(const char *fmt, ...) WMSJ_PRINTF(1, 2);

#endif
