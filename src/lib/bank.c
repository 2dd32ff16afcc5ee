/* The bank's operations: see bank.h. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "activity.h"
#include "apps.h"
#include "bank.h"
#include "cardno.h"
#include "clock.h"
#include "figures.h"
#include "i18n.h"
#include "labels.h"
#include "ledger_index.h"
#include "rules.h"
#include "serials.h"
#include "validate.h"

/* ---- the entries ------------------------------------------------------------ */

void
bank_entries_init(struct bank_entries *b)
{
	memset(b, 0, sizeof *b);
	arena_init(&b->mem);
}

void
bank_entries_release(struct bank_entries *b)
{
	free(b->e);
	free(b->name);
	free(b->txn);
	arena_release(&b->mem);
	memset(b, 0, sizeof *b);
}

static const char *
keep(struct bank_entries *b, const char *s)
{
	return s != NULL ? arena_strdup(&b->mem, s) : NULL;
}

/* Add a copy of e (and of every string it points at). */
static void
entries_add(struct bank_entries *b, const struct ledger_entry *e, const char *name)
{
	struct ledger_entry *d;

	if (b->n == b->cap) {
		b->cap = b->cap != 0 ? 2 * b->cap : 8;
		b->e = xrealloc(b->e, b->cap * sizeof *b->e);
		b->name = xrealloc(b->name, b->cap * sizeof *b->name);
		b->txn = xrealloc(b->txn, b->cap * sizeof *b->txn);
	}
	d = &b->e[b->n];
	*d = *e;
	d->date = keep(b, e->date);
	d->volunteer = keep(b, e->volunteer);
	d->station = keep(b, e->station);
	d->item = keep(b, e->item);
	d->activity = keep(b, e->activity);
	d->ref = keep(b, e->ref);
	d->recorder = keep(b, e->recorder);
	d->certifier = keep(b, e->certifier);
	d->supervisor = keep(b, e->supervisor);
	d->approver = keep(b, e->approver);
	d->note = keep(b, e->note);
	b->name[b->n] = keep(b, name);
	b->txn[b->n][0] = '\0';
	b->n++;
}

int
bank_record(struct store *s, struct bank_entries *b, struct wmsj_err *err)
{
	int rc;

	for (size_t i = 0; i < b->n; i++)
		if ((rc = ledger_writer_add(s->w, &b->e[i], b->txn[i], err)) != WMSJ_OK)
			return rc;
	return WMSJ_OK;
}

int
bank_date(const char *given, const char *sealed, const char **date, struct wmsj_err *err)
{
	const char *d = given != NULL ? given : wmsj_today();
	struct rules_refusal r;

	if (rules_date_open(d, wmsj_today(), sealed, &r) != RC_OK)
		return rules_refusal_explain(&r, err);
	*date = d;
	return WMSJ_OK;
}

/* err into the list; its status. */
static int
add_err(struct wmsj_errlist *bad, const struct wmsj_err *err)
{
	wmsj_errlist_add(bad, err->status, "%s", err->msg);
	return err->status;
}

static int
add_refusal(struct wmsj_errlist *bad, const struct rules_refusal *r)
{
	struct wmsj_err err;

	rules_refusal_explain(r, &err);
	return add_err(bad, &err);
}

/* KEY found no volunteer: a card number of the new form with a wrong check
 * digit is a typo (cardno.h), anything else is unknown. */
static int
unknown_volunteer(struct wmsj_errlist *bad, const char *key)
{
	struct wmsj_err err;

	if (cardno_typed(key, &err) != WMSJ_OK)
		wmsj_errlist_add(bad, WMSJ_REFUSED, "%s", err.msg);
	else
		wmsj_errlist_add(bad, WMSJ_REFUSED, _("unknown volunteer '%s'"), key);
	return WMSJ_REFUSED;
}

static int
load_state(struct ledger_state *st, const char *dir, const struct ledger_state_opts *lo,
	   struct wmsj_err *err)
{
	struct ledger_state_opts none;

	memset(&none, 0, sizeof none);
	ledger_state_init(st);
	return ledger_state_load(st, dir, lo != NULL ? lo : &none, err);
}

/* ---- awards ----------------------------------------------------------------- */

/* Award rows already in the ledger for the activities checked, net of
 * reversals, and the clearings dated after the earliest of them. */
struct awarded {
	struct strmap acts;     /* activity -> 1 */
	int32_t from;           /* the earliest activity's date, YYYYMMDD */
	struct strmap by_txn;   /* award txn -> index in award_act */
	char **award_act;       /* each award's activity */
	size_t naw, caw;
	struct strmap live;     /* "activity\nvolunteer" -> awards standing */
	struct strmap clears;   /* clear txn dated after from -> index in clr */
	struct awarded_clear {
		char *volunteer;
		int32_t date;
		int reversed;
	} *clr;
	size_t nclr, cclr;
};

static size_t *
live_ref(struct awarded *a, const char *act, const char *vol)
{
	struct sb key;
	size_t *p;

	sb_init(&key);
	sb_adds(&key, act);
	sb_addc(&key, '\n');
	sb_adds(&key, vol);
	p = strmap_ref(&a->live, key.buf, key.len, NULL);
	sb_release(&key);
	return p;
}

static size_t
live_count(const struct awarded *a, const char *act, const char *vol)
{
	struct sb key;
	size_t n = 0;

	sb_init(&key);
	sb_adds(&key, act);
	sb_addc(&key, '\n');
	sb_adds(&key, vol);
	strmap_get(&a->live, key.buf, key.len, &n);
	sb_release(&key);
	return n;
}

/* The latest date of a clearing of vol dated after date and not reversed,
 * 0 if none. */
static int32_t
awarded_cleared(const struct awarded *a, const char *vol, int32_t date)
{
	int32_t d = 0;

	for (size_t i = 0; i < a->nclr; i++)
		if (!a->clr[i].reversed && a->clr[i].date > date && a->clr[i].date > d &&
		    strcmp(a->clr[i].volunteer, vol) == 0)
			d = a->clr[i].date;
	return d;
}

static int
awarded_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct awarded *a = arg;
	size_t n;

	(void)err;
	if (row->kind == LK_AWARD &&
	    strmap_get(&a->acts, row->activity, strlen(row->activity), NULL)) {
		a->award_act = xgrow(a->award_act, &a->caw, a->naw + 1, sizeof *a->award_act);
		a->award_act[a->naw] = xstrdup(row->activity);
		strmap_put(&a->by_txn, row->txn, strlen(row->txn), a->naw++);
		(*live_ref(a, row->activity, row->volunteer))++;
	} else if (row->kind == LK_REVERSE && row->reverses == LK_AWARD &&
		   strmap_get(&a->by_txn, row->ref, strlen(row->ref), &n)) {
		size_t *p = live_ref(a, a->award_act[n], row->volunteer);

		if (*p > 0)
			(*p)--;
	} else if (row->kind == LK_CLEAR && fig_date_num(row->date) > a->from) {
		/* A clearing is the volunteer's latest row: nothing is dated before it. */
		a->clr = xgrow(a->clr, &a->cclr, a->nclr + 1, sizeof *a->clr);
		a->clr[a->nclr].volunteer = xstrdup(row->volunteer);
		a->clr[a->nclr].date = fig_date_num(row->date);
		a->clr[a->nclr].reversed = 0;
		strmap_put(&a->clears, row->txn, strlen(row->txn), a->nclr++);
	} else if (row->kind == LK_REVERSE && row->reverses == LK_CLEAR &&
		   strmap_get(&a->clears, row->ref, strlen(row->ref), &n)) {
		a->clr[n].reversed = 1;
	}
	return WMSJ_OK;
}

static void
awarded_release(struct awarded *a)
{
	strmap_release(&a->acts);
	strmap_release(&a->by_txn);
	strmap_release(&a->live);
	strmap_release(&a->clears);
	for (size_t i = 0; i < a->naw; i++)
		free(a->award_act[i]);
	free(a->award_act);
	for (size_t i = 0; i < a->nclr; i++)
		free(a->clr[i].volunteer);
	free(a->clr);
}

/* The awards for one activity: a batch's, or one application's. */
struct award_group {
	const char *act;
	const struct bank_award_req *reqs;
	size_t n;
	const char *date;       /* the activity's */
	int64_t pts, hrs;
	int ok;                 /* passed the activity's checks */
	char *msg;              /* the activity's refusal, NULL when none */
	int status;
	const struct volunteer **v;     /* per request, once accepted */
};

/* What an award for the group's activity takes, before the ledger is read. */
static int
group_activity(const struct table *acts, const struct wmsj_config *cfg, struct award_group *g,
	       const char *points, const char *hours, struct wmsj_err *err)
{
	struct rules_refusal r;
	long ai;

	if ((ai = table_find(acts, AC_ID, g->act)) < 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("no activity '%s' (see 'wmsj-points activity list')"), g->act);
	if (activity_cancelled(acts, (size_t)ai))
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("activity '%s' was cancelled (%s); nothing can be awarded for it"),
				    g->act, acts->rows[ai][AC_REASON]);
	g->date = acts->rows[ai][AC_DATE];
	g->pts = 0;
	wmsj_points_parse(acts->rows[ai][AC_POINTS], &g->pts);
	if (wmsj_hours_parse(acts->rows[ai][AC_HOURS], &g->hrs) != 0)
		g->hrs = 0;
	if (points != NULL && (wmsj_points_parse(points, &g->pts) != 0 || g->pts < 0))
		return wmsj_err_set(err, WMSJ_USAGE, _("--points needs a whole number, not '%s'"),
				    points);
	if (hours != NULL && (wmsj_hours_parse(hours, &g->hrs) != 0 || g->hrs < 0))
		return wmsj_err_set(err, WMSJ_USAGE,
				    _("--hours needs a number of hours (at most 2 decimals), not '%s'"),
				    hours);
	if (rules_award_caps(g->pts, g->hrs, cfg->rules.max_points, cfg->rules.max_hours, &r) !=
	    RC_OK ||
	    rules_award_date(g->act, g->date, wmsj_today(), NULL, &r) != RC_OK)
		return rules_refusal_explain(&r, err);
	return WMSJ_OK;
}

/* One volunteer of a group: found, may earn on the date, once. */
static void
award_volunteer(struct store *s, const struct ledger_state *st, const struct awarded *aw,
		struct award_group *g, size_t i, struct strmap *batch, const char *certifier,
		struct wmsj_errlist *bad)
{
	const struct bank_award_req *q = &g->reqs[i];
	const struct volunteer *v = vreg_find(&s->reg, q->key);
	const struct account *a;
	struct rules_clearing cl;
	struct rules_verdict rv;
	struct rules_refusal r;
	struct wmsj_err err;
	char where[128], cday[11];
	int32_t cd;

	if (q->where != NULL)
		snprintf(where, sizeof where, "%s: ", q->where);
	else
		where[0] = '\0';
	if (v == NULL) {
		const struct volunteer *old = vreg_find_oldcard(&s->reg, q->key);

		if (old != NULL)
			wmsj_errlist_add(bad, WMSJ_REFUSED,
			    _("%svolunteer '%s': card '%s' was reissued; use the current card"),
			    where, old->id, q->key);
		else if (cardno_typed(q->key, &err) != WMSJ_OK)
			wmsj_errlist_add(bad, WMSJ_REFUSED, "%s%s", where, err.msg);
		else
			wmsj_errlist_add(bad, WMSJ_REFUSED, _("%sunknown volunteer '%s'"), where, q->key);
		return;
	}
	/* rules.h: status, then the clearing (its year, and one dated after
	 * the activity) */
	a = ledger_state_account(st, v->id);
	cl.year = a != NULL ? a->cleared_year : 0;
	cl.date = NULL;
	if ((cd = awarded_cleared(aw, v->id, fig_date_num(g->date))) != 0) {
		fig_date_str(cd, cday);
		cl.date = cday;
	}
	if (rules_may(RULES_EARN, vstatus_parse(v->status), &cl, g->date, &rv) != RW_OK) {
		rules_explain(&rv, RULES_EARN, v->id, &err);
		wmsj_errlist_add(bad, WMSJ_REFUSED, "%s%s", where, err.msg);
		return;
	}
	if (rules_award_once(where, v->id, g->act, live_count(aw, g->act, v->id),
			     strmap_get(batch, v->id, strlen(v->id), NULL), &r) != RC_OK) {
		add_refusal(bad, &r);
		return;
	}
	strmap_put(batch, v->id, strlen(v->id), i);
	if (rules_self_certified(where, v->id, v->name, certifier, &r) != RC_OK) {
		add_refusal(bad, &r);
		return;
	}
	g->v[i] = v;
}

/* The state for the groups' volunteers: through the ledger's index when
 * they are few (their accounts, the seals, their rows to awarded_cb: all an
 * award reads), else the whole ledger. */
static int
load_state_for(struct ledger_state *st, struct store *s, const struct award_group *gs, size_t ng,
	       const struct ledger_state_opts *lo, struct wmsj_err *err)
{
	const char **ids = xcalloc(LEDGER_FOR_MAX + 1, sizeof *ids);
	size_t n = 0;
	struct strmap seen;
	int rc;

	strmap_init(&seen);
	for (size_t g = 0; g < ng && n <= LEDGER_FOR_MAX; g++)
		for (size_t i = 0; gs[g].ok && i < gs[g].n && n <= LEDGER_FOR_MAX; i++) {
			const struct volunteer *v = vreg_find(&s->reg, gs[g].reqs[i].key);

			if (v == NULL || strmap_get(&seen, v->id, strlen(v->id), NULL))
				continue;
			strmap_put(&seen, v->id, strlen(v->id), 1);
			if (n < LEDGER_FOR_MAX)
				ids[n] = v->id;
			n++;
		}
	strmap_release(&seen);
	if (n == 0 || n > LEDGER_FOR_MAX)
		rc = load_state(st, s->dir, lo, err);
	else {
		ledger_state_init(st);
		rc = ledger_state_load_for(st, s->dir, ids, n, lo, 0, err);
	}
	free(ids);
	return rc;
}

/* The ledger read once for every group that passed its activity's checks:
 * their seals, then each volunteer. */
static int
groups_volunteers(struct store *s, struct award_group *gs, size_t ng, const char *certifier,
		  struct wmsj_errlist *vbad, struct wmsj_err *err)
{
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct awarded aw;
	struct rules_refusal r;
	const char *from = NULL;
	int rc;

	memset(&aw, 0, sizeof aw);
	for (size_t g = 0; g < ng; g++)
		if (gs[g].ok) {
			strmap_put(&aw.acts, gs[g].act, strlen(gs[g].act), 1);
			if (from == NULL || strcmp(gs[g].date, from) < 0)
				from = gs[g].date;
		}
	if (from == NULL) {
		awarded_release(&aw);
		return WMSJ_OK;
	}
	aw.from = fig_date_num(from);
	memset(&lo, 0, sizeof lo);
	lo.cb = awarded_cb;
	lo.cb_arg = &aw;
	lo.cb_from = from;
	if ((rc = load_state_for(&st, s, gs, ng, &lo, err)) == WMSJ_OK)
		for (size_t g = 0; g < ng; g++) {
			struct strmap batch;

			if (!gs[g].ok)
				continue;
			if (rules_award_date(gs[g].act, gs[g].date, wmsj_today(), st.sealed, &r) !=
			    RC_OK) {
				struct wmsj_err e2;

				gs[g].status = rules_refusal_explain(&r, &e2);
				gs[g].msg = xstrdup(e2.msg);
				gs[g].ok = 0;
				continue;
			}
			strmap_init(&batch);
			for (size_t i = 0; i < gs[g].n; i++)
				award_volunteer(s, &st, &aw, &gs[g], i, &batch, certifier, vbad);
			strmap_release(&batch);
		}
	ledger_state_release(&st);
	awarded_release(&aw);
	return rc;
}

/* Check every group (the activity, then, with the ledger read once, each
 * volunteer) and return their entries when nothing is refused.  The list:
 * the activities' refusals in order, then the volunteers'; a usage, data or
 * system error stops at its group (the activities' refusals before it, then
 * it). */
static int
award_groups(struct store *s, const struct table *acts, struct award_group *gs, size_t ng,
	     const struct bank_award *a, struct bank_entries *out, struct wmsj_errlist *bad,
	     size_t *refused)
{
	struct wmsj_errlist vbad;
	struct wmsj_err err;
	size_t g, stop = ng;
	int rc = WMSJ_OK;

	wmsj_errlist_init(&vbad);
	for (g = 0; g < ng; g++) {
		gs[g].v = xcalloc(gs[g].n + 1, sizeof *gs[g].v);
		if ((gs[g].status = group_activity(acts, &s->cfg, &gs[g], a->points, a->hours,
						   &err)) == WMSJ_OK) {
			gs[g].ok = 1;
			continue;
		}
		gs[g].msg = xstrdup(err.msg);
		if (gs[g].status > WMSJ_REFUSED) {
			stop = g;
			break;
		}
	}
	if (stop == ng && (rc = groups_volunteers(s, gs, ng, a->certifier, &vbad, &err)) != WMSJ_OK) {
		/* the ledger cannot be read: after the refusals of the
		 * activities before the first it was read for */
		for (stop = 0; stop < ng && !gs[stop].ok; stop++)
			;
		free(gs[stop].msg);
		gs[stop].msg = xstrdup(err.msg);
		gs[stop].status = rc;
	}
	for (g = 0; g < ng && g <= stop; g++)
		if (gs[g].msg != NULL)
			wmsj_errlist_add(bad, gs[g].status, "%s", gs[g].msg);
	if (stop == ng)
		for (size_t i = 0; i < vbad.n; i++)
			wmsj_errlist_add(bad, vbad.status, "%s", vbad.msgs[i]);
	if (refused != NULL)
		*refused = stop == ng ? vbad.n : 0;
	if (bad->n == 0)
		for (g = 0; g < ng; g++)
			for (size_t i = 0; i < gs[g].n; i++) {
				const struct volunteer *v = gs[g].v[i];
				struct ledger_entry e;

				memset(&e, 0, sizeof e);
				e.kind = LK_AWARD;
				e.reverses = LK_NONE;
				e.date = gs[g].date;
				e.volunteer = v->id;
				e.station = v->station;
				e.points = gs[g].pts;
				e.hours = gs[g].hrs;
				e.activity = gs[g].act;
				e.ref = gs[g].reqs[i].ref;
				e.recorder = a->certifier;
				e.certifier = a->certifier;
				e.supervisor = a->supervisor;
				entries_add(out, &e, v->name);
			}
	for (g = 0; g < ng; g++) {
		free(gs[g].msg);
		free(gs[g].v);
	}
	wmsj_errlist_release(&vbad);
	return bad->status;
}

int
bank_award(struct store *s, const struct bank_award *a, struct bank_entries *out,
	   struct wmsj_errlist *bad, size_t *refused)
{
	struct table t;
	struct award_group g;
	struct wmsj_err err;
	int rc;

	if (refused != NULL)
		*refused = 0;
	if ((rc = table_load(&t, s->dir, ACTIVITY_FILE, activity_cols, &err)) != WMSJ_OK) {
		table_release(&t);
		return add_err(bad, &err);
	}
	memset(&g, 0, sizeof g);
	g.act = a->activity;
	g.reqs = a->reqs;
	g.n = a->n;
	rc = award_groups(s, &t, &g, 1, a, out, bad, refused);
	table_release(&t);
	return rc;
}

int
bank_award_reqs(struct bank_award_reqs *q, char *const *keys, size_t n, enum wmsj_encoding enc,
		struct wmsj_err *err)
{
	struct csv_table *t = &q->t;
	int col, rc;

	memset(q, 0, sizeof *q);
	if (n != 1 || strcmp(keys[0], "-") != 0) {
		q->r = xcalloc(n + 1, sizeof *q->r);
		for (size_t i = 0; i < n; i++)
			q->r[i].key = keys[i];
		q->n = n;
		return WMSJ_OK;
	}
	if ((rc = csv_table_read(t, "-", enc, NULL, NULL, err)) != WMSJ_OK)
		return rc;
	if ((col = csv_table_col(t, "id")) < 0)
		col = csv_table_col(t, "card_no");
	if (col < 0)
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("<stdin>:1: needs an 'id' or a 'card_no' column"));
	q->r = xcalloc(t->nrows + 1, sizeof *q->r);
	q->where = xcalloc(t->nrows + 1, sizeof *q->where);
	for (size_t i = 0; i < t->nrows; i++) {
		q->r[i].key = csv_get(&t->rows[i], col);
		xsnprintf(q->where[i], sizeof q->where[i], "<stdin>:%zu", t->rows[i].line);
		q->r[i].where = q->where[i];
	}
	q->n = t->nrows;
	return WMSJ_OK;
}

void
bank_award_reqs_release(struct bank_award_reqs *q)
{
	csv_table_release(&q->t);
	free(q->r);
	free(q->where);
	memset(q, 0, sizeof *q);
}

/* ---- applications ----------------------------------------------------------- */

int
bank_apps_load(struct store *s, struct bank_apps *ba, struct wmsj_err *err)
{
	int rc;

	memset(ba, 0, sizeof *ba);
	/* The status of an application is what the ledger says (apps.h). */
	if ((rc = table_load(&ba->apps, s->dir, APPLY_FILE, apply_cols, err)) != WMSJ_OK ||
	    (rc = table_load(&ba->acts, s->dir, ACTIVITY_FILE, activity_cols, err)) != WMSJ_OK)
		return rc;
	return apps_from_ledger(&ba->apps, &ba->acts, s->dir, NULL, err);
}

void
bank_apps_release(struct bank_apps *ba)
{
	table_release(&ba->apps);
	table_release(&ba->acts);
}

/* May v earn on the activity's date (rules.h)? */
static int
apply_may(struct store *s, const struct volunteer *v, const char *date, struct wmsj_errlist *bad)
{
	struct ledger_state st;
	struct fig_dated vd;
	struct rules_clearing cl;
	struct rules_verdict rv;
	struct wmsj_err err;
	const struct account *a;
	int rc = WMSJ_OK;

	ledger_state_init(&st);
	if (fig_load_dated(&st, s->dir, date, v->id, NULL, &vd, NULL, &err) != WMSJ_OK) {
		ledger_state_release(&st);
		return add_err(bad, &err);
	}
	a = ledger_state_account(&st, v->id);
	cl.year = a != NULL ? a->cleared_year : 0;
	cl.date = vd.cleared;
	if (rules_may(RULES_EARN, vstatus_parse(v->status), &cl, date, &rv) != RW_OK) {
		rules_explain(&rv, RULES_EARN, v->id, &err);
		rc = add_err(bad, &err);
	}
	ledger_state_release(&st);
	return rc;
}

int
bank_apply(struct store *s, struct bank_apps *ba, const char *act, const char *key, size_t *row,
	   struct wmsj_errlist *bad)
{
	const struct volunteer *v = vreg_find(&s->reg, key);
	struct table *apps = &ba->apps;
	long ai = table_find(&ba->acts, AC_ID, act);
	const char *vals[8];
	char id[32];
	int rc;

	if (ai < 0) {
		wmsj_errlist_add(bad, WMSJ_REFUSED,
				 _("no activity '%s' (see 'wmsj-points activity list')"), act);
		return WMSJ_REFUSED;
	}
	if (activity_cancelled(&ba->acts, (size_t)ai)) {
		wmsj_errlist_add(bad, WMSJ_REFUSED,
				 _("activity '%s' was cancelled (%s); nothing can be awarded for it"),
				 act, ba->acts.rows[ai][AC_REASON]);
		return WMSJ_REFUSED;
	}
	if (v == NULL)
		return unknown_volunteer(bad, key);
	/* refused as an award would be (rules.h) */
	if ((rc = apply_may(s, v, ba->acts.rows[ai][AC_DATE], bad)) != WMSJ_OK)
		return rc;
	for (size_t i = 0; i < apps->n; i++)
		if (strcmp(apps->rows[i][AP_ACTIVITY], act) == 0 &&
		    strcmp(apps->rows[i][AP_VOLUNTEER], v->id) == 0 &&
		    strcmp(apps->rows[i][AP_STATUS], "rejected") != 0)
			wmsj_errlist_add(bad, WMSJ_REFUSED,
					 _("volunteer '%s' already applied for activity '%s' (%s)"), v->id,
					 act, apps->rows[i][AP_ID]);
	if (bad->n > 0)
		return bad->status;
	xsnprintf(id, sizeof id, "P%06zu", apps->n + 1);
	vals[AP_ID] = id; vals[AP_ACTIVITY] = act; vals[AP_VOLUNTEER] = v->id;
	vals[AP_STATUS] = "pending"; vals[AP_REASON] = ""; vals[AP_CREATED] = wmsj_now();
	vals[AP_DECIDED] = ""; vals[AP_TXN] = "";
	*row = table_add(apps, vals);
	apps->action = "apply";
	return WMSJ_OK;
}

int
bank_reject(struct bank_apps *ba, const char *id, const char *reason, size_t *row,
	    struct wmsj_errlist *bad)
{
	struct table *apps = &ba->apps;
	long i = table_find(apps, AP_ID, id);

	if (i < 0 || strcmp(apps->rows[i][AP_STATUS], "pending") != 0) {
		wmsj_errlist_add(bad, WMSJ_REFUSED,
				 i < 0 ? _("no application '%s'") : _("application '%s' is not pending"),
				 id);
		return WMSJ_REFUSED;
	}
	table_set(apps, (size_t)i, AP_STATUS, "rejected");
	table_set(apps, (size_t)i, AP_REASON, reason);
	table_set(apps, (size_t)i, AP_DECIDED, wmsj_now());
	apps->action = "reject";
	*row = (size_t)i;
	return WMSJ_OK;
}

int
bank_approve(struct store *s, struct bank_apps *ba, char *const *ids, size_t n,
	     const char *points, const char *hours, const char *certifier, const char *supervisor,
	     struct bank_entries *out, struct wmsj_errlist *bad)
{
	const struct table *apps = &ba->apps;
	struct bank_award_req *reqs;
	struct award_group *gs;
	struct bank_award a;
	int rc;

	for (size_t k = 0; k < n; k++) {
		long i = table_find(apps, AP_ID, ids[k]);

		if (i < 0)
			wmsj_errlist_add(bad, WMSJ_REFUSED, _("no application '%s'"), ids[k]);
		else if (strcmp(apps->rows[i][AP_STATUS], "pending") != 0)
			wmsj_errlist_add(bad, WMSJ_REFUSED, _("application '%s' is not pending"), ids[k]);
		for (size_t j = 0; j < k; j++)
			if (strcmp(ids[j], ids[k]) == 0)
				wmsj_errlist_add(bad, WMSJ_REFUSED, _("application '%s' given twice"),
						 ids[k]);
	}
	if (bad->n > 0)
		return bad->status;
	/* Every application is checked; a refusal of any (a closed month, a
	 * cap, ...) records none. */
	reqs = xcalloc(n + 1, sizeof *reqs);
	gs = xcalloc(n + 1, sizeof *gs);
	for (size_t k = 0; k < n; k++) {
		long i = table_find(apps, AP_ID, ids[k]);

		reqs[k].key = apps->rows[i][AP_VOLUNTEER];
		reqs[k].ref = apps->rows[i][AP_ID];
		gs[k].act = apps->rows[i][AP_ACTIVITY];
		gs[k].reqs = &reqs[k];
		gs[k].n = 1;
	}
	memset(&a, 0, sizeof a);
	a.points = points;
	a.hours = hours;
	a.certifier = certifier;
	a.supervisor = supervisor;
	rc = award_groups(s, &ba->acts, gs, n, &a, out, bad, NULL);
	free(gs);
	free(reqs);
	return rc;
}

void
bank_approved(struct bank_apps *ba, char *const *ids, size_t n, const struct bank_entries *e)
{
	for (size_t k = 0; k < n && k < e->n; k++) {
		long i = table_find(&ba->apps, AP_ID, ids[k]);

		table_set(&ba->apps, (size_t)i, AP_STATUS, "approved");
		table_set(&ba->apps, (size_t)i, AP_DECIDED, wmsj_now());
		table_set(&ba->apps, (size_t)i, AP_TXN, e->txn[k]);
	}
}

/* ---- goods ------------------------------------------------------------------ */

int
bank_stock(struct store *s, const struct bank_stock *k, struct bank_entries *out,
	   struct wmsj_errlist *bad)
{
	const struct wmsj_config *cfg = &s->cfg;
	const char *station = k->station, *date = NULL;
	struct ledger_state st;
	struct ledger_entry e;
	struct wmsj_err err;
	int rc;

	if (config_goods(cfg, k->item) == NULL) {
		wmsj_errlist_add(bad, WMSJ_REFUSED, _("unknown item '%s' (goods in wmsj.yaml)"),
				 k->item);
		return WMSJ_REFUSED;
	}
	if (station != NULL && config_station(cfg, station) == NULL) {
		wmsj_errlist_add(bad, WMSJ_REFUSED, _("unknown station '%s'"), station);
		return WMSJ_REFUSED;
	}
	/* Each station's exchange point has its own shelf: say which (a town
	 * of one station needs not). */
	if (station == NULL && !cfg->exchange_shared) {
		if (cfg->nstations != 1) {
			wmsj_errlist_add(bad, WMSJ_USAGE,
			    _("stock needs --station CODE: each station's exchange point has its own "
			      "shelf (or set 'exchange: shared' in wmsj.yaml)"));
			return WMSJ_USAGE;
		}
		station = cfg->stations[0].code;
	}
	if ((rc = load_state(&st, s->dir, NULL, &err)) != WMSJ_OK) {
		ledger_state_release(&st);
		return add_err(bad, &err);
	}
	rc = bank_date(k->date, st.sealed, &date, &err);
	ledger_state_release(&st);
	if (rc != WMSJ_OK)
		return add_err(bad, &err);
	memset(&e, 0, sizeof e);
	e.kind = LK_STOCK;
	e.reverses = LK_NONE;
	e.date = date;
	e.station = station;
	e.item = k->item;
	e.qty = k->qty;
	e.recorder = k->recorder;
	e.note = k->donor;
	entries_add(out, &e, NULL);
	return WMSJ_OK;
}

static void
shelf_add(struct bank_shelf **v, size_t *n, size_t *cap, const char *code, const char *name,
	  const char *shelf)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[*n].code = code;
	(*v)[*n].name = name;
	(*v)[(*n)++].shelf = shelf;
}

/* A shelf that is no configured station's and holds goods, once (listed
 * with its first item). */
static int
other_shelf(const struct wmsj_config *cfg, const struct ledger_state *st, size_t i)
{
	const char *sh = st->items[i].station;
	size_t k;

	if (config_station(cfg, sh) != NULL)
		return 0;
	for (k = 0; k < i && strcmp(st->items[k].station, sh) != 0; k++)
		;
	if (k < i)
		return 0;
	for (k = i; k < st->nitems; k++)
		if (strcmp(st->items[k].station, sh) == 0 && st->items[k].qty != 0)
			return 1;
	return 0;
}

int
bank_shelves(struct store *s, const char *station, struct ledger_state *st,
	     struct bank_shelf **shelves, size_t *n, struct wmsj_errlist *bad)
{
	const struct wmsj_config *cfg = &s->cfg;
	struct wmsj_err err;
	size_t cap = 0;

	*shelves = NULL;
	*n = 0;
	if (station != NULL && config_station(cfg, station) == NULL) {
		wmsj_errlist_add(bad, WMSJ_REFUSED, _("unknown station '%s'"), station);
		return WMSJ_REFUSED;
	}
	if (load_state(st, s->dir, NULL, &err) != WMSJ_OK)
		return add_err(bad, &err);
	if (cfg->exchange_shared) {
		shelf_add(shelves, n, &cap, "", cfg->exchange_point ? cfg->exchange_point
								   : cfg->institute, NULL);
		return WMSJ_OK;
	}
	for (size_t i = 0; i < cfg->nstations; i++)
		if (station == NULL || strcmp(cfg->stations[i].code, station) == 0)
			shelf_add(shelves, n, &cap, cfg->stations[i].code, cfg->stations[i].name,
				  cfg->stations[i].code);
	for (size_t i = 0; station == NULL && i < st->nitems; i++)
		if (other_shelf(cfg, st, i)) {
			const char *sh = st->items[i].station;

			shelf_add(shelves, n, &cap, sh, *sh ? "" : cfg->institute, sh);
		}
	return WMSJ_OK;
}

/* The card: a mistyped number of the new form, a reissued card or an
 * unknown one is refused before anything is read. */
static int
redeem_card(struct store *s, const char *card, struct volunteer **v, struct wmsj_err *err)
{
	int rc;

	if ((rc = cardno_typed(card, err)) != WMSJ_OK)
		return rc;
	*v = vreg_find(&s->reg, card);
	if (*v == NULL || strcmp((*v)->card_no, card) != 0) {
		const struct volunteer *old = vreg_find_oldcard(&s->reg, card);

		*v = NULL;
		if (old != NULL)
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("card '%s' was reissued and no longer works (volunteer '%s')"), card,
			    old->id);
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("unknown card '%s' (points are redeemed only by card number)"), card);
	}
	return WMSJ_OK;
}

/* The rules of a redemption once the figures are read: status first (the
 * balance is shown whatever the outcome), the item, the seal, the clearing,
 * the balance and the shelf on the date and every later date. */
static int
redeem_rules(struct store *s, struct bank_redeem *r, const struct ledger_state *st,
	     const struct fig_dated *vd, const struct fig_dated *sd, const char *shelf,
	     struct wmsj_err *err)
{
	const struct volunteer *v = r->v;
	const struct account *a = ledger_state_account(st, v->id);
	const struct wmsj_goods *g = config_goods(&s->cfg, r->item);
	const struct wmsj_station *sn;
	struct rules_clearing cl;
	struct rules_verdict rv;
	struct rules_refusal rr;
	const char *d;
	int rc;

	cl.year = a != NULL ? a->cleared_year : 0;
	cl.date = vd->cleared;
	rules_may(RULES_REDEEM, vstatus_parse(v->status), &cl, r->date, &rv);
	if (rv.why == RW_SUSPENDED || rv.why == RW_WITHDRAWN || rv.why == RW_INVALID)
		return rules_explain(&rv, RULES_REDEEM, v->id, err);
	if (g == NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("unknown item '%s' (goods in wmsj.yaml)"),
				    r->item);
	r->g = g;
	if ((rc = bank_date(r->date, st->sealed, &d, err)) != WMSJ_OK)
		return rc;
	if (rv.why != RW_OK)
		return rules_explain(&rv, RULES_REDEEM, v->id, err);
	sn = shelf != NULL ? config_station(&s->cfg, shelf) : NULL;
	if (rules_may_redeem(v->id, vd->min, vd->min_date, r->qty, g->name, g->points * r->qty,
			     &rr) != RC_OK ||
	    rules_shelf_holds(sd->min, sd->min_date, r->qty, g->name, shelf,
			      sn != NULL ? sn->name : "?", &rr) != RC_OK)
		return rules_refusal_explain(&rr, err);
	return WMSJ_OK;
}

int
bank_redeem(struct store *s, struct bank_redeem *r, struct bank_entries *out,
	    struct wmsj_errlist *bad)
{
	struct ledger_state st;
	struct volunteer *v;
	struct fig_dated vd, sd;
	struct ledger_entry e;
	struct wmsj_err err;
	const struct wmsj_goods *g;
	const char *shelf;
	int rc;

	r->v = NULL;
	r->g = NULL;
	r->have_balance = 0;
	if ((rc = bank_date(r->date, NULL, &r->date, &err)) != WMSJ_OK ||
	    (rc = redeem_card(s, r->card, &v, &err)) != WMSJ_OK)
		return add_err(bad, &err);
	r->v = v;
	g = config_goods(&s->cfg, r->item);
	/* The balance and the stock on the date recorded and every later date
	 * (the balance is shown on the exchange day whatever the outcome). */
	ledger_state_init(&st);
	shelf = fig_shelf(&s->cfg, v->station);
	memset(&sd, 0, sizeof sd);
	if ((rc = fig_load_dated_shelf(&st, s->dir, r->date, v->id, g != NULL ? g->code : NULL,
				       shelf, &vd, g != NULL ? &sd : NULL, &err)) != WMSJ_OK)
		goto out;
	r->balance = vd.at;
	r->have_balance = 1;
	if ((rc = redeem_rules(s, r, &st, &vd, &sd, shelf, &err)) != WMSJ_OK)
		goto out;
	memset(&e, 0, sizeof e);
	e.kind = LK_REDEEM;
	e.reverses = LK_NONE;
	e.date = r->date;
	e.volunteer = v->id;
	e.station = v->station;
	e.points = -(g->points * r->qty);
	e.item = g->code;
	e.qty = -r->qty;
	e.ref = v->card_no;
	e.recorder = r->clerk;
	entries_add(out, &e, v->name);
out:
	ledger_state_release(&st);
	return rc != WMSJ_OK ? add_err(bad, &err) : WMSJ_OK;
}

/* ---- clearing, reversal ----------------------------------------------------- */

int
bank_clear(struct store *s, const struct bank_clear *c, struct bank_entries *out,
	   struct wmsj_errlist *bad)
{
	struct ledger_state st;
	struct ledger_entry e;
	struct fig_dated vd;
	struct rules_refusal r;
	struct wmsj_err err;
	const struct account *a;
	const struct volunteer *v;
	const char *date = NULL;
	int rc;

	if ((rc = bank_date(c->date, NULL, &date, &err)) != WMSJ_OK)
		return add_err(bad, &err);
	if ((v = vreg_find(&s->reg, c->key)) == NULL)
		return unknown_volunteer(bad, c->key);
	ledger_state_init(&st);
	if ((rc = fig_load_dated(&st, s->dir, date, v->id, NULL, &vd, NULL, &err)) != WMSJ_OK ||
	    (rc = bank_date(c->date, st.sealed, &date, &err)) != WMSJ_OK)
		goto out;
	a = ledger_state_account(&st, v->id);
	/* A clearing clears the balance as of its date: it is the volunteer's
	 * latest row, so that what it cleared stays what it cleared. */
	if (rules_may_clear(v->id, a != NULL ? a->cleared_year : 0, date, vd.last, &r) != RC_OK) {
		rc = rules_refusal_explain(&r, &err);
		goto out;
	}
	memset(&e, 0, sizeof e);
	e.kind = LK_CLEAR;
	e.reverses = LK_NONE;
	e.date = date;
	e.volunteer = v->id;
	e.station = v->station;
	e.points = -vd.at;
	e.ref = c->reason;
	e.recorder = c->approver;
	e.approver = c->approver;
	e.note = c->note;
	entries_add(out, &e, v->name);
out:
	ledger_state_release(&st);
	return rc != WMSJ_OK ? add_err(bad, &err) : WMSJ_OK;
}

/* The row to reverse, and the rules that need no figures. */
static int
reverse_row(struct store *s, const struct bank_reverse *q, struct ledger_found *f,
	    const char **date, struct wmsj_err *err)
{
	struct rules_refusal r;
	uint64_t by = 0;
	char t2[LEDGER_TXN_MAX];
	int rc;

	if ((rc = ledger_find_txn(s->dir, q->seq, f, &by, err)) != WMSJ_OK)
		return rc;
	t2[0] = '\0';
	if (by != 0)
		ledger_txn_format(by, t2);
	if (rules_reversible(f->row.txn, f->row.kind == LK_REVERSE || f->row.kind == LK_CLOSE,
			     wmsj_value_label("kind", ledger_kind_name(f->row.kind)), t2,
			     &r) != RC_OK)
		return rules_refusal_explain(&r, err);
	if ((rc = bank_date(q->date, NULL, date, err)) != WMSJ_OK)
		return rc;
	if (rules_reverse_date(f->row.txn, f->row.date, *date, &r) != RC_OK)
		return rules_refusal_explain(&r, err);
	return WMSJ_OK;
}

int
bank_reverse(struct store *s, const struct bank_reverse *q, struct bank_entries *out,
	     struct wmsj_errlist *bad)
{
	struct ledger_state st;
	struct ledger_found f;
	struct ledger_entry e;
	struct fig_dated vd, sd;
	struct rules_refusal r;
	struct wmsj_err err;
	const struct ledger_row *row = &f.row;
	const struct volunteer *v;
	const char *date = NULL;
	int rc;

	memset(&f, 0, sizeof f);
	if ((rc = reverse_row(s, q, &f, &date, &err)) != WMSJ_OK) {
		ledger_found_release(&f);
		return add_err(bad, &err);
	}
	/* The balance and the stock on the date recorded and every later date. */
	ledger_state_init(&st);
	if ((rc = fig_load_dated_shelf(&st, s->dir, date, row->volunteer[0] ? row->volunteer : NULL,
				       row->item[0] ? row->item : NULL,
				       fig_shelf(&s->cfg, row->station), &vd, &sd, &err)) != WMSJ_OK ||
	    (rc = bank_date(q->date, st.sealed, &date, &err)) != WMSJ_OK)
		goto out;
	if (rules_reverse_leaves(row->txn, row->volunteer, vd.cleared, row->points, vd.min,
				 row->kind == LK_STOCK, row->item, row->qty, sd.min, &r) != RC_OK) {
		rc = rules_refusal_explain(&r, &err);
		goto out;
	}
	memset(&e, 0, sizeof e);
	e.kind = LK_REVERSE;
	e.reverses = row->kind;
	e.date = date;
	e.volunteer = row->volunteer[0] ? row->volunteer : NULL;
	e.station = row->station;
	e.points = -row->points;
	e.hours = -row->hours;
	e.qty = -row->qty;
	e.item = row->item;
	e.activity = row->activity;
	e.ref = row->txn;
	e.recorder = q->approver;
	e.approver = q->approver;
	e.note = q->reason;
	v = e.volunteer != NULL ? vreg_find(&s->reg, e.volunteer) : NULL;
	entries_add(out, &e, v != NULL ? v->name : NULL);
out:
	ledger_state_release(&st);
	ledger_found_release(&f);
	return rc != WMSJ_OK ? add_err(bad, &err) : WMSJ_OK;
}

/* ---- activities ------------------------------------------------------------- */

/* A new activity's id: above the menu's ids of the station and the
 * ledger's (a menu that lost rows must not reuse an id that has awards). */
static int
activity_next_id(struct store *s, const struct table *t, const char *station, char id[64],
		 struct wmsj_err *err)
{
	struct ledger_serials seen;
	unsigned long max;
	int rc;

	if ((rc = ledger_serials_load(&seen, s->dir, err)) != WMSJ_OK)
		return rc;
	max = ledger_serials_max(&seen.act, station);
	ledger_serials_release(&seen);
	for (size_t i = 0; i < t->n; i++) {
		const char *a = t->rows[i][AC_ID], *dash = strrchr(a, '-');

		if (a[0] == 'A' && dash != NULL && strncmp(a + 1, station, strlen(station)) == 0) {
			unsigned long v = strtoul(dash + 1, NULL, 10);

			if (v > max)
				max = v;
		}
	}
	snprintf(id, 64, "A%s-%04lu", station, max + 1);
	return WMSJ_OK;
}

int
bank_activity_add(struct store *s, const struct bank_activity *a, struct table *t, size_t *row,
		  struct wmsj_errlist *bad)
{
	const struct wmsj_config *cfg = &s->cfg;
	struct ledger_state st;
	struct rules_refusal r;
	struct wmsj_err err;
	char id[64], ptxt[32], htxt[32];
	int rc;

	memset(t, 0, sizeof *t);
	if (config_station(cfg, a->station) == NULL) {
		wmsj_errlist_add(bad, WMSJ_REFUSED, _("unknown station '%s'"), a->station);
		return WMSJ_REFUSED;
	}
	if (rules_award_caps(a->points, a->hours, cfg->rules.max_points, cfg->rules.max_hours,
			     &r) != RC_OK) {
		r.what = a->hours_text;
		return add_refusal(bad, &r);
	}
	if ((rc = load_state(&st, s->dir, NULL, &err)) != WMSJ_OK) {
		ledger_state_release(&st);
		return add_err(bad, &err);
	}
	r.code = RC_OK;
	if (s->w != NULL && rules_date_unsealed(a->date, st.sealed, &r) != RC_OK)
		rc = add_refusal(bad, &r);
	ledger_state_release(&st);
	if (rc != WMSJ_OK)
		return rc;
	if ((rc = table_load(t, s->dir, ACTIVITY_FILE, activity_cols, &err)) != WMSJ_OK ||
	    (rc = activity_check(t, -1, a->station, a->date, a->title, wmsj_today(),
				 cfg->rules.activity_horizon_days, &err)) != WMSJ_OK ||
	    (rc = activity_next_id(s, t, a->station, id, &err)) != WMSJ_OK)
		return add_err(bad, &err);
	xsnprintf(ptxt, sizeof ptxt, "%" PRId64, a->points);
	wmsj_hours_format(a->hours, htxt);
	{
		const char *vals[] = {id, a->station, a->date, a->platform, a->title, ptxt, htxt,
				      a->place, a->target, a->content, a->organizer,
				      a->responsible, wmsj_now(), NULL, NULL, NULL};

		*row = table_add(t, vals);
	}
	t->action = "publish";
	return WMSJ_OK;
}

/* What may stop a change of activity row ai (dated odate), the ledger read. */
static int
change_rules(struct store *s, const struct bank_activity *a, int cancel, const struct table *t,
	     long ai, struct wmsj_errlist *bad)
{
	const struct wmsj_config *cfg = &s->cfg;
	const char *odate = t->rows[ai][AC_DATE];
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct act_awards aw;
	struct rules_refusal r;
	struct wmsj_err err;
	int rc;

	act_awards_init(&aw, a->id);
	memset(&lo, 0, sizeof lo);
	lo.cb = act_awards_cb;
	lo.cb_arg = &aw;
	lo.cb_from = odate;
	if ((rc = load_state(&st, s->dir, &lo, &err)) != WMSJ_OK) {
		rc = add_err(bad, &err);
		goto out;
	}
	rc = WMSJ_REFUSED;
	if (rules_activity_unsealed(a->id, odate, st.sealed, &r) != RC_OK ||
	    (a->date != NULL && !cancel && rules_date_unsealed(a->date, st.sealed, &r) != RC_OK))
		add_refusal(bad, &r);
	else if (act_awards_live(&aw, a->id) > 0)
		wmsj_errlist_add(bad, WMSJ_REFUSED,
		    _("activity '%s' has awards standing: %s; reverse them first (wmsj-points reverse TXN)"),
		    a->id, act_awards_txns(&aw));
	else if (!cancel && a->date != NULL && strcmp(a->date, odate) != 0 &&
		 act_awards_ever(&aw, a->id) > 0)
		wmsj_errlist_add(bad, WMSJ_REFUSED,
		    _("activity '%s' has had awards; its date cannot change (cancel it and publish a new one)"),
		    a->id);
	else if (!cancel &&
		 rules_award_caps(a->points, 0, cfg->rules.max_points, cfg->rules.max_hours, &r) !=
		 RC_OK)
		add_refusal(bad, &r);
	else if (!cancel &&
		 activity_check(t, ai, t->rows[ai][AC_STATION], a->date ? a->date : odate,
				a->title ? a->title : t->rows[ai][AC_TITLE], wmsj_today(),
				a->date != NULL ? cfg->rules.activity_horizon_days : LONG_MAX,
				&err) != WMSJ_OK)
		add_err(bad, &err);
	else
		rc = WMSJ_OK;
	ledger_state_release(&st);
out:
	act_awards_release(&aw);
	return rc;
}

int
bank_activity_change(struct store *s, const struct bank_activity *a, int cancel, struct table *t,
		     size_t *row, struct wmsj_errlist *bad)
{
	struct wmsj_err err;
	const char *now = wmsj_now();
	long ai;
	int rc;

	if ((rc = table_load(t, s->dir, ACTIVITY_FILE, activity_cols, &err)) != WMSJ_OK)
		return add_err(bad, &err);
	if ((ai = table_find(t, AC_ID, a->id)) < 0) {
		wmsj_errlist_add(bad, WMSJ_REFUSED,
				 _("no activity '%s' (see 'wmsj-points activity list')"), a->id);
		return WMSJ_REFUSED;
	}
	if (activity_cancelled(t, (size_t)ai)) {
		wmsj_errlist_add(bad, WMSJ_REFUSED, _("activity '%s' is already cancelled"), a->id);
		return WMSJ_REFUSED;
	}
	if ((rc = change_rules(s, a, cancel, t, ai, bad)) != WMSJ_OK)
		return rc;
	if (cancel) {
		activity_cancel(t, (size_t)ai, a->reason);
	} else {
		char ptxt[32];

		if (a->date != NULL)
			activity_correct(t, (size_t)ai, AC_DATE, a->date, now);
		if (a->title != NULL)
			activity_correct(t, (size_t)ai, AC_TITLE, a->title, now);
		if (a->points_text != NULL) {
			xsnprintf(ptxt, sizeof ptxt, "%" PRId64, a->points);
			activity_correct(t, (size_t)ai, AC_POINTS, ptxt, now);
		}
	}
	t->action = cancel ? "cancel" : "correct";
	*row = (size_t)ai;
	return WMSJ_OK;
}
