/* wmsj-points: what the commands share: opening the store, reporting the
 * bank's refusals, the ledger entries committed and shown. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "cardno.h"
#include "cli.h"
#include "i18n.h"
#include "ledger.h"
#include "ledger_ckpt.h"
#include "out.h"
#include "store.h"
#include "util.h"
#include "validate.h"
#include "wmsj-points.h"

/* Why KEY found no volunteer: a card number of the new form with a wrong
 * check digit is a typo (cardno.h), anything else is unknown. */
void
warn_unknown(const char *key)
{
	struct wmsj_err err;

	if (cardno_typed(key, &err) != WMSJ_OK)
		cli_report(&err);
	else
		cli_warn(_("unknown volunteer '%s'"), key);
}

/* The data directory, opened once per command (store.h); a failure printed. */
int
open_store(struct store *s, const struct opts *o, int write)
{
	struct wmsj_err err;

	if (store_open(s, o->c.data, o->c.wait, write, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* To write about a few volunteers only (an award of a few, a redemption):
 * their records alone when the register's index has them (store_open_keys). */
int
open_store_for(struct store *s, const struct opts *o, const char *const *keys, size_t n)
{
	struct wmsj_err err;

	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], "-") == 0)
			n = 0;
	if (n > 64)
		n = 0;
	if (store_open_keys(s, o->c.data, o->c.wait, 1, n > 0 ? keys : NULL, n, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* To read about the one volunteer key names (store_open_key). */
int
open_store_key(struct store *s, const struct opts *o, const char *key)
{
	struct wmsj_err err;

	if (store_open_key(s, o->c.data, key, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* What a bank operation refused (bank.h): a usage error, the list's last
 * message, with its hint. */
int
report(const struct wmsj_errlist *l)
{
	for (size_t i = 0; i + 1 < l->n; i++)
		cli_warn("%s", l->msgs[i]);
	if (l->n > 0 && l->status == WMSJ_USAGE)
		return cli_usage_error("%s", l->msgs[l->n - 1]);
	if (l->n > 0)
		cli_warn("%s", l->msgs[l->n - 1]);
	return l->status;
}

int
report_err(const struct wmsj_err *err)
{
	if (err->status == WMSJ_USAGE)
		return cli_usage_error("%s", err->msg);
	return cli_report(err);
}

int
need_text(const char *opt, const char *val)
{
	struct wmsj_err err;

	if (val == NULL || *val == '\0')
		return cli_usage_error(_("%s is required"), opt);
	if (wmsj_text_check(val, LEDGER_TEXT_MAX, &err) != WMSJ_OK)
		return cli_usage_error("%s: %s", opt, err.msg);
	return WMSJ_OK;
}

int
load_state(struct ledger_state *st, const char *dir, const struct ledger_state_opts *lo)
{
	struct wmsj_err err;
	struct ledger_state_opts none;

	memset(&none, 0, sizeof none);
	ledger_state_init(st);
	/* Everyone as of now: from the newest state checkpoint or seal
	 * (ledger_ckpt.h), whether or not a month was ever closed. */
	if (lo == NULL || memcmp(lo, &none, sizeof none) == 0) {
		if (ledger_state_load_ckpt(st, dir, &err) != WMSJ_OK)
			return cli_report(&err);
		return WMSJ_OK;
	}
	if (ledger_state_load(st, dir, lo, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

static const char *const txn_cols[] = {
	"txn", "date", "kind", "volunteer", "name", "station", "points", "hours", "item", "qty",
	"activity", "ref", "note"
};

static void
print_entry(struct out *o, const char *txn, const struct ledger_entry *e, const char *name)
{
	char p[32], h[32], q[32];
	const char *v[13];

	xsnprintf(p, sizeof p, "%" PRId64, e->points);
	wmsj_hours_format(e->hours, h);
	xsnprintf(q, sizeof q, "%" PRId64, e->qty);
	v[0] = txn; v[1] = e->date; v[2] = ledger_kind_name(e->kind);
	v[3] = e->volunteer ? e->volunteer : ""; v[4] = name ? name : "";
	v[5] = e->station ? e->station : ""; v[6] = p; v[7] = h;
	v[8] = e->item ? e->item : ""; v[9] = e->qty ? q : "";
	v[10] = e->activity ? e->activity : ""; v[11] = e->ref ? e->ref : "";
	v[12] = e->note ? e->note : "";
	out_row(o, v);
}

/* Add the bank's entries to the writer and commit: the command's commit point. */
int
commit_entries(struct store *s, struct bank_entries *b)
{
	struct wmsj_err err;

	if (bank_record(s, b, &err) != WMSJ_OK || store_commit(s, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

int
print_entries(const struct opts *o, const struct bank_entries *b)
{
	struct out out;

	out_init(&out, o->c.fmt, o->c.bom, txn_cols, 13);
	for (size_t i = 0; i < b->n; i++)
		print_entry(&out, b->txn[i], &b->e[i], b->name[i]);
	return cli_out_finish(&out);
}

/* A bank operation's outcome: its refusals, or its entries committed and shown. */
int
finish(struct store *s, const struct opts *o, int rc, struct bank_entries *b,
       struct wmsj_errlist *bad)
{
	if (rc != WMSJ_OK)
		rc = report(bad);
	else if ((rc = commit_entries(s, b)) == WMSJ_OK)
		rc = print_entries(o, b);
	bank_entries_release(b);
	wmsj_errlist_release(bad);
	return rc;
}
