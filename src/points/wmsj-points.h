/* wmsj-points, private: the options every command reads, what the command
 * groups share (common.c) and each group's commands, which the tool's
 * entry (src/wmsj-points.c) dispatches to.  Only the tool includes it. */
#ifndef WMSJ_TOOL_POINTS_H
#define WMSJ_TOOL_POINTS_H

#include <stddef.h>

#include "bank.h"
#include "cli.h"
#include "ledger.h"
#include "store.h"

/* The command line: the common options, each option's value as typed (NULL:
 * not given), and the arguments after the command word. */
struct opts {
	struct cli_common c;
	const char *station, *date, *platform, *title, *points, *hours, *place, *target, *content;
	const char *organizer, *responsible, *month, *activity, *certifier, *supervisor, *reason;
	const char *item, *qty, *donor, *card, *clerk, *note, *approver, *asof, *from, *to, *quarter;
	char **args;
	size_t nargs;
};

/* ---- common.c: each prints a failure and returns its status ------------------ */

/* Why KEY found no volunteer: a card number with a wrong check digit is a
 * typo, anything else is unknown. */
void warn_unknown(const char *key);
/* The data directory, opened once per command (store.h). */
int open_store(struct store *s, const struct opts *o, int write);
/* To write about the volunteers keys[0..n) only (an award of a few, a
 * redemption): their records alone when the register's index has them. */
int open_store_for(struct store *s, const struct opts *o, const char *const *keys, size_t n);
/* To read about the one volunteer key names. */
int open_store_key(struct store *s, const struct opts *o, const char *key);
/* What a bank operation refused: a usage error, or the list's messages. */
int report(const struct wmsj_errlist *l);
int report_err(const struct wmsj_err *err);
/* A free-text option that is required: given, and text a ledger field takes. */
int need_text(const char *opt, const char *val);
/* The ledger's state (lo NULL: today's). */
int load_state(struct ledger_state *st, const char *dir, const struct ledger_state_opts *lo);
/* The bank's entries recorded and committed: the command's commit point. */
int commit_entries(struct store *s, struct bank_entries *b);
/* The entries as records, one row each. */
int print_entries(const struct opts *o, const struct bank_entries *b);
/* A bank operation's outcome (rc): its refusals, or its entries committed
 * and shown; b and bad released. */
int finish(struct store *s, const struct opts *o, int rc, struct bank_entries *b,
	   struct wmsj_errlist *bad);

/* ---- the command groups ------------------------------------------------------- */

/* activity.c: activity add|list|cancel|correct (o->args[0] the verb). */
int cmd_activity(struct opts *o);
/* award.c: award; apply, pending, approve, reject (cmd the command word). */
int cmd_award(struct opts *o);
int cmd_apps(struct opts *o, const char *cmd);
/* goods.c: stock, redeem, the exchange day. */
int cmd_stock(struct opts *o);
int cmd_redeem(struct opts *o);
int cmd_exchange(struct opts *o);
/* clear.c: clear, reverse. */
int cmd_clear(struct opts *o);
int cmd_reverse(struct opts *o);
/* query.c: balance, history, export. */
int cmd_balance(struct opts *o);
int cmd_history(struct opts *o);
int cmd_export(struct opts *o);
/* close.c: close. */
int cmd_close(struct opts *o);

#endif
