/* What the four tools share on the command line: the program name for
 * messages, the common options, and printing diagnostics.  Only tools use
 * this (it prints); library code reports through struct wmsj_err. */
#ifndef WMSJ_CLI_H
#define WMSJ_CLI_H

#include <stdio.h>

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

/* One command of a tool: a row of the tool's command table.  The synopsis
 * is what --help prints for it (after two spaces; continuation lines carry
 * their own indentation) and what the man page's SYNOPSIS states: the
 * options it names ("--x") are exactly the options the command takes, so
 * the help, the man page and what is accepted cannot drift apart
 * (tests/cli/t-usage.sh compares the man pages with --help).  Common
 * options (CLI_COMMON_LONGOPTS) are taken by every command. */
struct cli_cmd {
	const char *name;       /* "award"; "activity add" for a command with a verb;
				 * "" for what a tool does given no command */
	const char *synopsis;   /* "award --activity ACT ... KEY...|-" */
	int id;                 /* the tool's code, for its dispatch */
};

/* The entry a command line names: "cmd verb" when the table has it, else
 * "cmd".  NULL when neither: an unknown command, or a command with verbs
 * ("activity") given none of them. */
const struct cli_cmd *cli_cmd_find(const struct cli_cmd *cmds, size_t n, const char *cmd,
				   const char *verb);
/* Whether the command cmd (verb: as cli_cmd_find) takes the long option
 * opt (its name without "--"): its entry's synopsis names it, or, when cmd
 * has verbs and verb is none of them, one of cmd's entries does.  -1 when
 * the table has no command cmd. */
int cli_cmd_takes(const struct cli_cmd *cmds, size_t n, const char *cmd, const char *verb,
		  const char *opt);
/* Every option of seen (the long names of the tool's own options as typed,
 * in order; n of them) must be one cmd takes: otherwise print the usage
 * error "'CMD' does not take the option '--OPT'" for the first that is
 * not (cmd "", a tool run without a command: "the option '--OPT' needs a
 * command") and return WMSJ_USAGE.  WMSJ_OK when all are taken or cmd is not in
 * the table (its dispatch reports the unknown command). */
int cli_cmd_check_options(const struct cli_cmd *cmds, size_t n, const char *cmd, const char *verb,
			  const char *const *seen, size_t nseen);
/* --help's command lines: "  SYNOPSIS\n" for each entry, in table order. */
void cli_cmd_print_synopses(const struct cli_cmd *cmds, size_t n, FILE *f);

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

/* Who records an entry whose command names no clerk (a stock entry): given
 * when it is not empty, else $WMSJ_CLERK when that is not empty, else the
 * user's login name, else "unknown".  Points into given, the environment or
 * the password database (valid until the next getpw* call). */
const char *cli_clerk(const char *given);

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
