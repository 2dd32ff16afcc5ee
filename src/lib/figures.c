/* The bank's figures, each defined once: see figures.h and wmsj(7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "figures.h"
#include "ledger_index.h"
#include "rules.h"
#include "i18n.h"
#include "util.h"
#include "validate.h"

int
fig_date_check(const char *date, struct wmsj_err *err)
{
	if (strcmp(date, FIG_DATE_MIN) < 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("the date %s is before %s, the earliest date the points bank records"),
				    date, FIG_DATE_MIN);
	return WMSJ_OK;
}

int
fig_cleared_in(const struct account *a, int year)
{
	return a != NULL && a->cleared_year != 0 && a->cleared_year == year;
}

int
fig_station_member(const struct volunteer *v, const char *station)
{
	return strcmp(v->station, station) == 0 && vstatus_parse(v->status) != VS_WITHDRAWN;
}

size_t
fig_station_volunteers(const struct vregister *reg, const char *station)
{
	size_t n = 0;

	for (size_t i = 0; i < reg->n; i++)
		n += (size_t)fig_station_member(&reg->v[i], station);
	return n;
}

int32_t
fig_date_num(const char *d)
{
	return (int32_t)((d[0] - '0') * 10000000 + (d[1] - '0') * 1000000 + (d[2] - '0') * 100000 +
			 (d[3] - '0') * 10000 + (d[5] - '0') * 1000 + (d[6] - '0') * 100 +
			 (d[8] - '0') * 10 + (d[9] - '0'));
}

void
fig_date_str(int32_t n, char out[11])
{
	out[0] = (char)('0' + n / 10000000 % 10);
	out[1] = (char)('0' + n / 1000000 % 10);
	out[2] = (char)('0' + n / 100000 % 10);
	out[3] = (char)('0' + n / 10000 % 10);
	out[4] = '-';
	out[5] = (char)('0' + n / 1000 % 10);
	out[6] = (char)('0' + n / 100 % 10);
	out[7] = '-';
	out[8] = (char)('0' + n / 10 % 10);
	out[9] = (char)('0' + n % 10);
	out[10] = '\0';
}

/* ---- the dated replay ----------------------------------------------------- */

static int
ev_before(const struct fig_event *a, const struct fig_event *b)
{
	return a->date < b->date || (a->date == b->date && a->seq < b->seq);
}

static int
ev_cmp(const void *x, const void *y)
{
	const struct fig_event *a = x, *b = y;

	return ev_before(a, b) ? -1 : ev_before(b, a) ? 1 : 0;
}

void
fig_replay_push(struct fig_replay *r, const struct fig_event *e)
{
	if (r->nrun == 0 || !ev_before(e, &r->run[r->nrun - 1])) {
		r->run = xgrow(r->run, &r->crun, r->nrun + 1, sizeof *r->run);
		r->run[r->nrun++] = *e;
	} else {
		r->late = xgrow(r->late, &r->clate, r->nlate + 1, sizeof *r->late);
		r->late[r->nlate++] = *e;
	}
}

int
fig_replay_flush(struct fig_replay *r, int32_t upto,
		 int (*cb)(void *arg, const struct fig_event *e), void *arg)
{
	size_t i = 0, j = 0, k = 0;
	int rc = WMSJ_OK;

	if (r->nlate > 1)
		qsort(r->late, r->nlate, sizeof *r->late, ev_cmp);
	/* Merge: emit what is due, keep the rest (in order) in tmp. */
	r->tmp = xgrow(r->tmp, &r->ctmp, r->nrun + r->nlate + 1, sizeof *r->tmp);
	while (i < r->nrun || j < r->nlate) {
		const struct fig_event *e;

		if (j >= r->nlate || (i < r->nrun && ev_before(&r->run[i], &r->late[j])))
			e = &r->run[i++];
		else
			e = &r->late[j++];
		if (e->date <= upto && rc == WMSJ_OK)
			rc = cb(arg, e);
		else if (e->date > upto)
			r->tmp[k++] = *e;
	}
	{
		struct fig_event *t = r->run;
		size_t c = r->crun;

		r->run = r->tmp;
		r->crun = r->ctmp;
		r->tmp = t;
		r->ctmp = c;
	}
	r->nrun = k;
	r->nlate = 0;
	return rc;
}

void
fig_replay_release(struct fig_replay *r)
{
	free(r->run);
	free(r->late);
	free(r->tmp);
	memset(r, 0, sizeof *r);
}

/* ---- the exchange shelves -------------------------------------------------- */

const char *
fig_shelf(const struct wmsj_config *cfg, const char *station)
{
	return cfg->exchange_shared ? NULL : station;
}

int64_t
fig_shelf_total(const struct ledger_state *st, const char *shelf)
{
	int64_t n = 0;

	for (size_t i = 0; i < st->nitems; i++)
		if (shelf == NULL || strcmp(st->items[i].station, shelf) == 0)
			(void)wmsj_add_checked(&n, st->items[i].qty);
	return n;
}

/* ---- a command's date ----------------------------------------------------- */

struct dated_ctx {
	const char *vol, *item, *shelf;
	struct fig_event *v, *s;
	size_t nv, cv, ns, cs;
};

static int
dated_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct dated_ctx *c = arg;
	struct fig_event e;
	uint64_t ref = 0;

	(void)err;
	memset(&e, 0, sizeof e);
	e.seq = row->seq;
	e.date = fig_date_num(row->date);
	e.kind = row->kind;
	e.reverses = row->reverses;
	e.points = row->points;
	e.qty = row->qty;
	if (row->kind == LK_REVERSE && ledger_txn_parse(row->ref, &ref) == 0)
		e.ref = ref;
	if (c->vol != NULL && strcmp(row->volunteer, c->vol) == 0) {
		c->v = xgrow(c->v, &c->cv, c->nv + 1, sizeof *c->v);
		c->v[c->nv++] = e;
	}
	if (c->item != NULL && row->qty != 0 && strcmp(row->item, c->item) == 0 &&
	    (c->shelf == NULL || strcmp(row->station, c->shelf) == 0)) {
		c->s = xgrow(c->s, &c->cs, c->ns + 1, sizeof *c->s);
		c->s[c->ns++] = e;
	}
	return WMSJ_OK;
}

/* From the total now and the rows dated on or after d (any order). */
static void
profile(struct fig_event *ev, size_t n, int64_t now, int32_t d, int stock, struct fig_dated *out)
{
	int64_t later = 0, run;
	int32_t last = 0, cleared = 0;

	memset(out, 0, sizeof *out);
	if (n > 1)
		qsort(ev, n, sizeof *ev, ev_cmp);
	for (size_t i = 0; i < n; i++) {
		if (ev[i].date > d)
			later += stock ? ev[i].qty : ev[i].points;
		if (ev[i].date > last)
			last = ev[i].date;
	}
	run = now - later;
	out->at = out->min = run;
	fig_date_str(d, out->min_date);
	for (size_t i = 0; i < n; i++) {
		if (ev[i].date <= d)
			continue;
		run += stock ? ev[i].qty : ev[i].points;
		/* the balance of a date is after its last row */
		if ((i + 1 == n || ev[i + 1].date != ev[i].date) && run < out->min) {
			out->min = run;
			fig_date_str(ev[i].date, out->min_date);
		}
	}
	if (last != 0)
		fig_date_str(last, out->last);
	if (!stock) {
		/* Clearings dated after d that were not reversed. */
		for (size_t i = 0; i < n; i++) {
			int rev = 0;

			if (ev[i].kind != LK_CLEAR || ev[i].date <= d)
				continue;
			for (size_t k = 0; k < n; k++)
				rev |= ev[k].kind == LK_REVERSE && ev[k].ref == ev[i].seq;
			if (!rev && ev[i].date > cleared)
				cleared = ev[i].date;
		}
		if (cleared != 0)
			fig_date_str(cleared, out->cleared);
	}
}

int
fig_load_dated(struct ledger_state *st, const char *dir, const char *date,
	       const char *volunteer, const char *item, struct fig_dated *vol,
	       struct fig_dated *stock, struct wmsj_err *err)
{
	return fig_load_dated_shelf(st, dir, date, volunteer, item, NULL, vol, stock, err);
}

int
fig_load_dated_shelf(struct ledger_state *st, const char *dir, const char *date,
		     const char *volunteer, const char *item, const char *shelf,
		     struct fig_dated *vol, struct fig_dated *stock, struct wmsj_err *err)
{
	struct ledger_state_opts lo;
	struct dated_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.vol = volunteer;
	c.item = item;
	c.shelf = shelf;
	memset(&lo, 0, sizeof lo);
	lo.cb = dated_cb;
	lo.cb_arg = &c;
	lo.cb_from = date;
	/* One volunteer: their rows through the ledger's index (and, for a
	 * shelf's figures, only when no row of anyone is dated after date). */
	if (volunteer != NULL)
		rc = ledger_state_load_for(st, dir, &volunteer, 1, &lo,
					   stock != NULL && item != NULL, err);
	else
		rc = ledger_state_load(st, dir, &lo, err);
	if (rc == WMSJ_OK) {
		int32_t d = fig_date_num(date);

		if (vol != NULL) {
			const struct account *a = volunteer ? ledger_state_account(st, volunteer) : NULL;
			profile(c.v, c.nv, a != NULL ? a->balance : 0, d, 0, vol);
		}
		if (stock != NULL)
			profile(c.s, c.ns, item ? ledger_state_shelf_stock(st, shelf, item) : 0, d, 1,
				stock);
	}
	free(c.v);
	free(c.s);
	return rc;
}

/* ---- a station's figures over a period ------------------------------------ */

struct stn_ctx {
	struct act_awards aw;     /* awards standing per activity (activity.h) */
	struct fig_station *out;
	size_t n;
	struct strmap index;      /* station code -> index */
	struct strmap *awarded;   /* per station: volunteers with an award row */
};

static int
stn_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct stn_ctx *c = arg;
	struct fig_station *s;
	enum ledger_kind k = row->kind == LK_REVERSE ? row->reverses : row->kind;
	size_t i;
	int o = 0;

	act_awards_row(&c->aw, row);
	if (!strmap_get(&c->index, row->station, strlen(row->station), &i))
		return WMSJ_OK;
	s = &c->out[i];
	if (row->kind == LK_AWARD) {
		s->awards++;
		strmap_put(&c->awarded[i], row->volunteer, strlen(row->volunteer), 1);
	} else if (row->kind == LK_REVERSE) {
		s->reversals++;
	}
	if (k == LK_AWARD) {
		o |= wmsj_add_checked(&s->earned, row->points);
		o |= wmsj_add_checked(&s->hours, row->hours);
	} else if (k == LK_REDEEM) {
		o |= wmsj_add_checked(&s->redeemed, -row->points);
	} else if (k == LK_CLEAR) {
		o |= wmsj_add_checked(&s->cleared, -row->points);
	}
	if (o)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: a total overflows"), LEDGER_FILE,
				    row->line);
	return WMSJ_OK;
}

int
fig_stations(const char *dir, const struct wmsj_config *cfg, const struct vregister *reg,
	     const struct table *acts, const char *from, const char *to,
	     struct fig_station *out, struct wmsj_err *err)
{
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct stn_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	act_awards_init(&c.aw, NULL);
	c.out = out;
	c.n = cfg->nstations;
	strmap_init(&c.index);
	c.awarded = xcalloc(c.n + 1, sizeof *c.awarded);
	for (size_t i = 0; i < c.n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].code = cfg->stations[i].code;
		strmap_put(&c.index, out[i].code, strlen(out[i].code), i);
		strmap_init(&c.awarded[i]);
	}
	memset(&lo, 0, sizeof lo);
	lo.as_of = to;
	lo.cb = stn_cb;
	lo.cb_arg = &c;
	lo.cb_from = from;
	ledger_state_init(&st);
	rc = ledger_state_load(&st, dir, &lo, err);
	/* each station its own shelf; the rest (the shared shelf, or the
	 * institute's and those of stations no longer configured) after them */
	memset(&out[c.n], 0, sizeof out[c.n]);
	out[c.n].stock = fig_shelf_total(&st, NULL);
	for (size_t i = 0; i < c.n; i++) {
		out[i].awarded = c.awarded[i].n;
		out[i].stock = cfg->exchange_shared ? 0 : fig_shelf_total(&st, out[i].code);
		out[c.n].stock -= out[i].stock;
		if (reg != NULL)
			out[i].volunteers = fig_station_volunteers(reg, out[i].code);
		/* published (not cancelled), and held: an award standing as of
		 * the period's end */
		for (size_t k = 0; acts != NULL && k < acts->n; k++) {
			const char *d = acts->rows[k][AC_DATE];
			int m = atoi(d + 5);

			if (strcmp(acts->rows[k][AC_STATION], out[i].code) != 0 ||
			    activity_cancelled(acts, k) || strcmp(d, from) < 0 || strcmp(d, to) > 0)
				continue;
			out[i].activities++;
			if (act_awards_live(&c.aw, acts->rows[k][AC_ID]) == 0)
				continue;
			out[i].held++;
			if (m >= 1 && m <= 12)
				out[i].months_held |= 1u << m;
		}
		strmap_release(&c.awarded[i]);
	}
	act_awards_release(&c.aw);
	free(c.awarded);
	strmap_release(&c.index);
	ledger_state_release(&st);
	return rc;
}

/* ---- a volunteer's year --------------------------------------------------- */

struct year_ctx {
	struct fig_year *y;
	char from[16], to[16];
	struct strmap index;      /* station code -> index */
	struct strmap awards;     /* award txn -> volunteer index << 16 | station index + 1 */
	struct strmap clears;     /* clear txn -> volunteer index */
};

static size_t
year_vol(struct fig_year *y, const char *id)
{
	int isnew;
	size_t *p = strmap_ref(&y->index, id, strlen(id), &isnew);

	if (isnew) {
		y->v = xgrow(y->v, &y->cap, y->n + 1, sizeof *y->v);
		memset(&y->v[y->n], 0, sizeof y->v[y->n]);
		*p = y->n++;
	}
	return *p;
}

static int
year_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct year_ctx *c = arg;
	struct fig_year *y = c->y;
	int in_year = memcmp(row->date, c->from, 10) >= 0 && memcmp(row->date, c->to, 10) <= 0;
	size_t v, s = 0, packed;
	int o = 0;

	if (row->kind == LK_AWARD && in_year) {
		v = year_vol(y, row->volunteer);
		if (strmap_get(&c->index, row->station, strlen(row->station), &s))
			s++;
		strmap_put(&c->awards, row->txn, strlen(row->txn), v << 16 | s);
	} else if (row->kind == LK_REVERSE && row->reverses == LK_AWARD &&
		   strmap_get(&c->awards, row->ref, strlen(row->ref), &packed)) {
		v = packed >> 16;
		s = packed & 0xffff;
	} else if (row->kind == LK_CLEAR && in_year) {
		v = year_vol(y, row->volunteer);
		y->v[v].cleared = 1;
		strmap_put(&c->clears, row->txn, strlen(row->txn), v);
		return WMSJ_OK;
	} else if (row->kind == LK_REVERSE && row->reverses == LK_CLEAR &&
		   strmap_get(&c->clears, row->ref, strlen(row->ref), &v)) {
		y->v[v].cleared = 0;
		return WMSJ_OK;
	} else {
		return WMSJ_OK;
	}
	o |= wmsj_add_checked(&y->v[v].earned, row->points);
	o |= wmsj_add_checked(&y->v[v].hours, row->hours);
	if (s > 0) {
		o |= wmsj_add_checked(&y->st[s - 1].earned, row->points);
		o |= wmsj_add_checked(&y->st[s - 1].hours, row->hours);
	}
	if (o)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: a total overflows"), LEDGER_FILE,
				    row->line);
	return WMSJ_OK;
}

int
fig_year(struct fig_year *y, const char *dir, const struct wmsj_config *cfg, int year,
	 struct wmsj_err *err)
{
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct year_ctx c;
	int rc;

	memset(y, 0, sizeof *y);
	strmap_init(&y->index);
	y->nst = cfg->nstations < 0xfffe ? cfg->nstations : 0xfffe;
	y->st = xcalloc(y->nst + 1, sizeof *y->st);
	memset(&c, 0, sizeof c);
	c.y = y;
	year = year < 0 ? 0 : year % 10000;
	xsnprintf(c.from, sizeof c.from, "%04d-01-01", year);
	xsnprintf(c.to, sizeof c.to, "%04d-12-31", year);
	strmap_init(&c.index);
	strmap_init(&c.awards);
	strmap_init(&c.clears);
	for (size_t i = 0; i < y->nst; i++) {
		y->st[i].code = cfg->stations[i].code;
		strmap_put(&c.index, y->st[i].code, strlen(y->st[i].code), i);
	}
	memset(&lo, 0, sizeof lo);
	lo.cb = year_cb;
	lo.cb_arg = &c;
	lo.cb_from = c.from;
	ledger_state_init(&st);
	rc = ledger_state_load(&st, dir, &lo, err);
	ledger_state_release(&st);
	strmap_release(&c.index);
	strmap_release(&c.awards);
	strmap_release(&c.clears);
	return rc;
}

const struct fig_year_vol *
fig_year_get(const struct fig_year *y, const char *id)
{
	size_t i;

	return strmap_get(&y->index, id, strlen(id), &i) ? &y->v[i] : NULL;
}

void
fig_year_release(struct fig_year *y)
{
	strmap_release(&y->index);
	free(y->v);
	free(y->st);
	memset(y, 0, sizeof *y);
}

/* ---- every volunteer's clearing ------------------------------------------ */

static int
clearings_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct fig_clearings *fc = arg;

	(void)err;
	if (row->kind == LK_CLEAR) {
		fc->rows = xgrow(fc->rows, &fc->cap, fc->n + 1, sizeof *fc->rows);
		fc->rows[fc->n].seq = row->seq;
		memcpy(fc->rows[fc->n].date, row->date, 10);
		fc->rows[fc->n].date[10] = '\0';
		fc->n++;
	}
	return WMSJ_OK;
}

int
fig_clearings_load(struct fig_clearings *fc, const char *dir, struct wmsj_err *err)
{
	struct ledger_state_opts lo;

	memset(fc, 0, sizeof *fc);
	ledger_state_init(&fc->st);
	memset(&lo, 0, sizeof lo);
	lo.cb = clearings_cb;
	lo.cb_arg = fc;
	lo.cb_from = NULL;     /* every row: a clearing may be of any age */
	return ledger_state_load(&fc->st, dir, &lo, err);
}

void
fig_clearing(const struct fig_clearings *fc, const char *id, struct rules_clearing *out)
{
	const struct account *a = ledger_state_account(&fc->st, id);
	size_t lo = 0, hi = fc->n;

	out->year = 0;
	out->date = NULL;
	if (a == NULL || a->cleared_year == 0)
		return;
	out->year = a->cleared_year;
	while (lo < hi) {      /* rows are in seq order */
		size_t mid = lo + (hi - lo) / 2;

		if (fc->rows[mid].seq < a->cleared_seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < fc->n && fc->rows[lo].seq == a->cleared_seq)
		out->date = fc->rows[lo].date;
}

void
fig_clearings_release(struct fig_clearings *fc)
{
	ledger_state_release(&fc->st);
	free(fc->rows);
	memset(fc, 0, sizeof *fc);
}

/* ---- a volunteer's statement ---------------------------------------------- */

static int
statement_cmp(const void *a, const void *b)
{
	const struct ledger_row *x = ((const struct fig_statement_row *)a)->row;
	const struct ledger_row *y = ((const struct fig_statement_row *)b)->row;
	int c = strcmp(x->date, y->date);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int
fig_statement_load(struct fig_statement *s, const char *dir, const char *id,
		   struct wmsj_err *err)
{
	int64_t balance = 0;
	int rc;

	memset(s, 0, sizeof *s);
	if ((rc = ledger_volunteer_rows(dir, id, &s->rows, NULL, err)) != WMSJ_OK)
		return rc;
	s->r = xcalloc(s->rows.n + 1, sizeof *s->r);
	for (size_t i = 0; i < s->rows.n; i++)
		if (strcmp(s->rows.r[i].row.volunteer, id) == 0)
			s->r[s->n++].row = &s->rows.r[i].row;
	if (s->n > 1)
		qsort(s->r, s->n, sizeof *s->r, statement_cmp);
	for (size_t i = 0; i < s->n; i++) {
		if (wmsj_add_checked(&balance, s->r[i].row->points) != 0) {
			s->n = 0;
			return wmsj_err_set(err, WMSJ_BADDATA, _("ledger.csv:%zu: balance overflows"),
					    s->r[i].row->line);
		}
		s->r[i].balance = balance;
	}
	return WMSJ_OK;
}

void
fig_statement_release(struct fig_statement *s)
{
	ledger_rows_release(&s->rows);
	free(s->r);
	memset(s, 0, sizeof *s);
}
