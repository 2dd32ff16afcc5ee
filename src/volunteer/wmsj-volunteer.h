/* wmsj-volunteer, private: the options every command reads, what the
 * command groups share (common.c) and each group's commands, which the
 * tool's entry (src/wmsj-volunteer.c) dispatches to.  Only the tool
 * includes it. */
#ifndef WMSJ_TOOL_VOLUNTEER_H
#define WMSJ_TOOL_VOLUNTEER_H

#include <stddef.h>

#include "cli.h"
#include "config.h"
#include "out.h"
#include "store.h"
#include "volunteer.h"

/* The command line: the common options, each option as typed, and the
 * arguments after the command word. */
struct opts {
	struct cli_common c;
	char idbuf[256], phonebuf[256];  /* --id-number -, --phone -: read from stdin */
	char keybuf[256];                /* KEY - */
	const char *name, *idnum, *phone, *station, *tags, *platform, *date, *status, *tag, *reason;
	int dry_run, reveal, eligible;
	const char *doc;      /* card: --format html or svg */
	char **args;
	size_t nargs;
	const char *cmd;      /* the command word: the history's action (save) */
};

/* ---- common.c: each prints a failure and returns its status ------------------ */

/* The columns of a volunteer's record, and the record as a row (masked
 * unless reveal). */
#define NLIST 11
extern const char *const list_cols[NLIST];
void print_one(struct out *o, const struct wmsj_config *cfg, const struct volunteer *v,
	       int reveal);
/* The data directory opened as mode says (store.h: STORE_READ, or
 * STORE_REGISTER for a change); onekey with STORE_READ: that volunteer's
 * record alone when the register's index has it. */
int open_reg(struct store *s, const struct opts *o, int mode, const char *onekey);
/* Before allocating ids or cards: learn what the ledger has seen. */
int learn_ledger(struct store *s);
/* The register's changes saved (the commit point), with o->cmd and o->date. */
int save(struct store *s, const struct opts *o);
/* The volunteer KEY names, or NULL after printing why not. */
struct volunteer *lookup(struct store *s, const char *key);

/* ---- the command groups ------------------------------------------------------- */

/* register.c */
int cmd_init(struct opts *o);
int cmd_add(struct opts *o);
int cmd_import(struct opts *o);
/* list.c */
int cmd_list(struct opts *o);
int cmd_card(struct opts *o);
/* change.c: the commands on one KEY */
enum change { CH_SHOW, CH_UPDATE, CH_REISSUE, CH_SUSPEND, CH_RESUME, CH_WITHDRAW };
int cmd_key(struct opts *o, enum change ch);
int cmd_correct_id(struct opts *o);

#endif
