/* auditseal: the seals, as wmsj-audit checks and hands them over
 * (auditseal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditseal.h"
#include "clock.h"
#include "i18n.h"
#include "ledger.h"
#include "seal.h"
#include "util.h"
#include "validate.h"

/* ---- the snapshots ------------------------------------------------------------ */

/* The figures of snapshot b against the ledger's a, recomputed. */
static void
snapshot_compare(struct audit_ctx *c, const char *where, struct ledger_state *a,
		 struct ledger_state *b)
{
	for (size_t k = 0; k < a->naccounts; k++) {
		const struct account *x = &a->accounts[k];
		const struct account *s = ledger_state_account(b, a->ids[k]);

		if (s == NULL || s->balance != x->balance || s->earned != x->earned ||
		    s->hours != x->hours)
			audit_add(c, "error", "snapshot", where, NULL, a->ids[k], NULL,
				  _("the snapshot's balance of volunteer '%s' differs from the ledger's"),
				  a->ids[k]);
	}
	if (b->naccounts != a->naccounts)
		audit_add(c, "error", "snapshot", where, NULL, NULL, NULL,
			  _("the snapshot holds %zu accounts, the ledger %zu"), b->naccounts,
			  a->naccounts);
	for (size_t k = 0; k < a->nitems; k++)
		if (ledger_state_shelf_stock(b, a->items[k].station, a->items[k].item) !=
		    a->items[k].qty)
			audit_add(c, "error", "snapshot", where, a->items[k].station, NULL, NULL,
				  _("the snapshot's stock of '%s' differs from the ledger's"),
				  a->items[k].item);
}

/* The newest snapshot's figures against a full recomputation as of its
 * month's end (one of the format before stock per shelf is bound to its
 * close row but never loaded: nothing to compare). */
void
audit_snapshot_check(struct audit_ctx *c)
{
	struct ledger_state a, b;
	struct ledger_state_opts lo;
	struct seal_info si2;
	struct wmsj_err err;

	if (!c->snap.due)
		return;
	memset(&lo, 0, sizeof lo);
	lo.as_of = c->snap.end;
	lo.flags = LEDGER_NO_SNAPSHOT;
	ledger_state_init(&a);
	ledger_state_init(&b);
	if (ledger_state_load(&a, c->dir, &lo, &err) == WMSJ_OK &&
	    seal_load(c->dir, c->snap.month, &b, &si2, &err) == WMSJ_OK)
		snapshot_compare(c, c->snap.where, &a, &b);
	else
		audit_add(c, "error", "snapshot", c->snap.where, NULL, NULL, NULL, "%s", err.msg);
	ledger_state_release(&a);
	ledger_state_release(&b);
	c->snap.due = 0;
}

/* The newest snapshot, to be compared (audit_snapshot_check). */
static void
snapshot_due(struct audit_ctx *c, const char *month, const char *where)
{
	int y = atoi(month), m = atoi(month + 5);

	c->snap.due = 1;
	snprintf(c->snap.month, sizeof c->snap.month, "%.7s", month);
	xsnprintf(c->snap.end, sizeof c->snap.end, "%04d-%02d-%02d", y % 10000, m % 100,
		  wmsj_days_in_month(y, m) % 100);
	snprintf(c->snap.where, sizeof c->snap.where, "%s", where);
}

void
audit_seal_month(struct audit_ctx *c, const char *month, int newest)
{
	struct seal_info si;
	struct wmsj_err err;
	char where[64];

	snprintf(where, sizeof where, "%s/%s.csv", SEAL_DIR, month);
	if (seal_verify(c->dir, month, &si, &err) != WMSJ_OK)
		audit_add(c, "error", "seal", where, NULL, NULL, NULL, "%s", err.msg);
	else if (newest && si.version >= 2) {
		snapshot_due(c, month, where);
		audit_snapshot_check(c);
	}
}

void
audit_seals(struct audit_ctx *c)
{
	char **months = NULL;
	size_t n = 0;
	struct wmsj_err err;

	if (seal_list(c->dir, &months, &n, &err) != WMSJ_OK) {
		audit_add(c, "error", "seal", SEAL_DIR, NULL, NULL, NULL, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		audit_seal_month(c, months[i], i == 0);
		free(months[i]);
	}
	free(months);
}

/* ---- witnessed seals ------------------------------------------------------------ */

/* One line of this institute: 1 when it holds. */
static int
witness_holds(struct audit_ctx *c, const struct wline *l)
{
	char txn[LEDGER_TXN_MAX], where[4200];
	struct wmsj_err err;
	int ok = 1;

	ledger_txn_format(l->seal.tseq, txn);
	snprintf(where, sizeof where, "%s:%zu", l->file, l->line);
	c->f->raw_where = 1;
	if (seal_check_ledger_part(c->dir, l->seal.tseq, l->seal.thash, &err) != WMSJ_OK) {
		ok = 0;
		audit_add(c, "error", "witness", where, NULL, NULL, txn, _("witnessed seal of %s %s: %s"),
			  wline_kind_name(l->kind), l->what, err.msg);
	}
	if (l->seal.has_r &&
	    seal_check_register_part(c->dir, l->seal.rseq, l->seal.rhash, &err) != WMSJ_OK) {
		ok = 0;
		audit_add(c, "error", "witness", where, NULL, NULL, txn, _("witnessed seal of %s %s: %s"),
			  wline_kind_name(l->kind), l->what, err.msg);
	}
	c->f->raw_where = 0;
	return ok;
}

/* The summary: how many of this institute's lines hold, the newest. */
static void
witness_summary(struct audit_ctx *c, size_t mine, size_t hold, size_t others,
		const struct wline *newest)
{
	char txn[LEDGER_TXN_MAX];

	c->f->raw_where = 1;
	if (newest == NULL) {
		audit_add(c, "info", "witness", "", NULL, NULL, NULL,
			  _("witnessed seals of this institute: %zu, still holding: 0; lines of other institutes ignored: %zu"),
			  mine, others);
	} else {
		ledger_txn_format(newest->seal.tseq, txn);
		if (hold == mine)
			audit_add(c, "info", "witness", "", NULL, NULL, txn,
				  _("witnessed seals of this institute: %zu, all hold (the newest: '%s', %s %s); lines of other institutes ignored: %zu"),
				  mine, txn, wline_kind_name(newest->kind), newest->what, others);
		else
			audit_add(c, "info", "witness", "", NULL, NULL, txn,
				  _("witnessed seals of this institute: %zu, still holding: %zu (the newest: '%s', %s %s); lines of other institutes ignored: %zu"),
				  mine, hold, txn, wline_kind_name(newest->kind), newest->what, others);
	}
	c->f->raw_where = 0;
}

void
audit_witness(struct audit_ctx *c)
{
	const struct wmsj_config *cfg = c->cfg;
	size_t mine = 0, hold = 0, others = 0;
	const struct wline *newest = NULL;

	if (c->wit == NULL || c->wit->n == 0)
		return;
	for (size_t i = 0; i < c->wit->n; i++) {
		const struct wline *l = &c->wit->v[i];

		if (!wline_names(l, cfg->institute, cfg->center)) {
			others++;
			continue;
		}
		mine++;
		if (witness_holds(c, l)) {
			hold++;
			if (newest == NULL || l->seal.tseq > newest->seal.tseq)
				newest = l;
		}
	}
	if (mine == 0 && cfg->center != NULL && *cfg->center != '\0')
		audit_add(c, "error", "witness", "wmsj.yaml", NULL, NULL, NULL,
			  _("no line of the witness files names institute '%s' of '%s': its seals were never handed over, or wmsj.yaml's institute was changed"),
			  cfg->institute, cfg->center);
	else if (mine == 0)
		audit_add(c, "error", "witness", "wmsj.yaml", NULL, NULL, NULL,
			  _("no line of the witness files names institute '%s': its seals were never handed over, or wmsj.yaml's institute was changed"),
			  cfg->institute);
	else
		witness_summary(c, mine, hold, others, newest);
}

/* ---- hand-over lines ---------------------------------------------------------- */

/* The ledger's head (its last row, head_date its date) and the close row of
 * month (NULL: none; have_close), the chain verified on the way. */
static int
seal_scan(const char *dir, const char *month, struct wseal *head, char head_date[11],
	  struct wseal *close, int *have_close, struct wmsj_err *err)
{
	struct ledger_reader *r = NULL;
	struct ledger_row row;
	int rc;

	if ((rc = ledger_open(&r, dir, LEDGER_VERIFY, err)) != WMSJ_OK)
		return rc;
	while ((rc = ledger_next(r, &row, err)) == 1) {
		head->tseq = row.seq;
		memcpy(head->thash, row.hash, 65);
		memcpy(head_date, row.date, 11);
		if (month != NULL && row.kind == LK_CLOSE && strcmp(row.ref, month) == 0) {
			close->tseq = row.seq;
			memcpy(close->thash, row.hash, 65);
			*have_close = 1;
		}
	}
	ledger_close(r);
	return rc != 0 ? err->status : WMSJ_OK;
}

/* The seal of notice file t's first row, checked against the ledger, as a
 * line (*line, allocated). */
static int
notice_line(const char *dir, const struct wmsj_config *cfg, const char *file,
	    const struct csv_table *t, char **line, struct wmsj_err *err)
{
	const struct csv_record *r0 = &t->rows[0];
	const char *q = csv_get(r0, csv_table_col(t, "quarter"));
	const char *st = csv_get(r0, csv_table_col(t, "station"));
	const char *seal = csv_get(r0, csv_table_col(t, "seal"));
	const char *why;
	struct wseal ns;
	struct wmsj_err e2;
	char what[64];
	int rc;

	snprintf(what, sizeof what, "%s-%s", q, st);
	why = wseal_parse(seal, strlen(seal), &ns);
	if (why != NULL)
		return wmsj_err_set(err, WMSJ_BADDATA, "%s:%zu: %s", file, r0->line, _(why));
	if ((rc = seal_check_ledger_part(dir, ns.tseq, ns.thash, &e2)) != WMSJ_OK) {
		wmsj_err_set(err, rc, _("%s: the notice's seal does not hold, it is not handed over: %s"),
			     file, e2.msg);
		return rc;
	}
	return wline_format(cfg->institute, cfg->center, WL_NOTICE, what, &ns, wmsj_today(), line, err);
}

/* The line of one notice file, appended to b. */
static int
seal_notice(const char *dir, const struct wmsj_config *cfg, const char *file,
	    enum wmsj_encoding enc, struct sb *b, struct wmsj_err *err)
{
	static const char *const req[] = {"quarter", "station", "seal", NULL};
	struct csv_table t;
	struct wline chk;
	const char *w2;
	char *line;
	int rc;

	if ((rc = csv_table_read(&t, file, enc, NULL, NULL, err)) != WMSJ_OK ||
	    (rc = csv_table_require(&t, req, err)) != WMSJ_OK) {
		csv_table_release(&t);
		return rc;
	}
	if (t.nrows == 0) {
		csv_table_release(&t);
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s: the notice has no rows"), file);
	}
	rc = notice_line(dir, cfg, file, &t, &line, err);
	csv_table_release(&t);
	if (rc != WMSJ_OK)
		return rc;
	/* the quarter and station as the notice has them, checked as a line */
	if (wline_parse(line, strlen(line) - 1, &chk, &w2) != 1) {
		free(line);
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s: the notice's quarter or station is malformed"), file);
	}
	wline_release(&chk);
	sb_adds(b, line);
	free(line);
	return WMSJ_OK;
}

/* The line of kind naming what and seal s, appended to b. */
static int
seal_add(const struct wmsj_config *cfg, enum wline_kind kind, const char *what,
	 const struct wseal *s, struct sb *b, struct wmsj_err *err)
{
	char *line;
	int rc = wline_format(cfg->institute, cfg->center, kind, what, s, wmsj_today(), &line, err);

	if (rc == WMSJ_OK) {
		sb_adds(b, line);
		free(line);
	}
	return rc;
}

int
audit_seal_lines(const char *dir, const struct wmsj_config *cfg, const char *month,
		 char *const *notices, size_t n, enum wmsj_encoding enc, struct sb *out,
		 struct wmsj_err *err)
{
	struct wseal head, close;
	char head_date[11] = "";
	int rc, have_close = 0;
	struct sb b;

	memset(&head, 0, sizeof head);
	memset(&close, 0, sizeof close);
	if ((rc = seal_scan(dir, month, &head, head_date, &close, &have_close, err)) != WMSJ_OK)
		return rc;
	if (month != NULL && !have_close)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("month '%s' is not closed: there is no close row to hand over"),
				    month);
	if (month == NULL && n == 0 && head.tseq == 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("the ledger is empty: there is no seal to hand over"));
	sb_init(&b);
	if (month != NULL)
		rc = seal_add(cfg, WL_CLOSE, month, &close, &b, err);
	for (size_t i = 0; rc == WMSJ_OK && i < n; i++)
		rc = seal_notice(dir, cfg, notices[i], enc, &b, err);
	if (rc == WMSJ_OK && month == NULL && n == 0)
		rc = seal_add(cfg, WL_HEAD, head_date, &head, &b, err);
	if (rc == WMSJ_OK)
		sb_adds(out, b.buf);
	sb_release(&b);
	return rc;
}
