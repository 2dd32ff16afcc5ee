/* The rules of the activity menu: see activity.h. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "i18n.h"
#include "validate.h"

/* Days since 1970-01-01 of a YYYY-MM-DD date; -1 when it is no real date
 * (or before 1970: no activity is dated then). */
static long
days_of(const char *s)
{
	long n = s != NULL ? wmsj_date_days(s) : LONG_MIN;

	return n == LONG_MIN ? -1 : n;
}

int
activity_cancelled(const struct table *t, size_t i)
{
	return strcmp(t->rows[i][AC_STATUS], "cancelled") == 0;
}

int
activity_check(const struct table *t, long self, const char *station, const char *date,
	       const char *title, const char *today, long horizon, struct wmsj_err *err)
{
	long dn = days_of(date), tn = days_of(today);

	if (dn < 0 || tn < 0)
		return wmsj_err_set(err, WMSJ_REFUSED, _("--date needs a date YYYY-MM-DD, not '%s'"),
				    date);
	if (dn - tn > horizon)
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("the date %s is more than %ld days after today (rules.activity_horizon_days)"),
		    date, horizon);
	for (size_t i = 0; i < t->n; i++) {
		if ((long)i == self || activity_cancelled(t, i))
			continue;
		if (strcmp(t->rows[i][AC_STATION], station) == 0 &&
		    strcmp(t->rows[i][AC_DATE], date) == 0 && strcmp(t->rows[i][AC_TITLE], title) == 0)
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("activity '%s' has the same station, date and title; an activity is published once"),
			    t->rows[i][AC_ID]);
	}
	return WMSJ_OK;
}

void
activity_correct(struct table *t, size_t i, int col, const char *val, const char *now)
{
	struct sb sb;

	if (strcmp(t->rows[i][col], val) == 0)
		return;
	sb_init(&sb);
	sb_adds(&sb, t->rows[i][AC_CHANGES]);
	if (sb.len > 0)
		sb_adds(&sb, "; ");
	sb_adds(&sb, now);
	sb_addc(&sb, ' ');
	sb_adds(&sb, t->cols[col]);
	sb_addc(&sb, ' ');
	sb_adds(&sb, t->rows[i][col]);
	sb_adds(&sb, " -> ");
	sb_adds(&sb, val);
	table_set(t, i, AC_CHANGES, sb.buf);
	table_set(t, i, col, val);
	sb_release(&sb);
}

void
activity_cancel(struct table *t, size_t i, const char *reason)
{
	table_set(t, i, AC_STATUS, "cancelled");
	table_set(t, i, AC_REASON, reason);
}

void
act_awards_init(struct act_awards *a, const char *watch)
{
	memset(a, 0, sizeof *a);
	strmap_init(&a->live);
	strmap_init(&a->ever);
	strmap_init(&a->wtxn);
	sb_init(&a->txns);
	a->watch = watch;
}

void
act_awards_row(struct act_awards *a, const struct ledger_row *row)
{
	const char *act = row->activity;
	size_t n = strlen(act), *p, i;

	if (n == 0)
		return;
	if (row->kind == LK_AWARD) {
		(*strmap_ref(&a->live, act, n, NULL))++;
		(*strmap_ref(&a->ever, act, n, NULL))++;
		if (a->watch != NULL && strcmp(act, a->watch) == 0) {
			a->wlist = xgrow(a->wlist, &a->capw, a->nw + 1, sizeof *a->wlist);
			a->wlist[a->nw] = xstrdup(row->txn);
			strmap_put(&a->wtxn, row->txn, strlen(row->txn), a->nw++);
		}
	} else if (row->kind == LK_REVERSE && row->reverses == LK_AWARD) {
		p = strmap_ref(&a->live, act, n, NULL);
		if (*p > 0)
			(*p)--;
		if (a->watch != NULL && strcmp(act, a->watch) == 0 &&
		    strmap_get(&a->wtxn, row->ref, strlen(row->ref), &i)) {
			free(a->wlist[i]);
			a->wlist[i] = NULL;
		}
	}
}

int
act_awards_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	(void)err;
	act_awards_row(arg, row);
	return WMSJ_OK;
}

static size_t
count(const struct strmap *m, const char *id)
{
	size_t v = 0;

	strmap_get(m, id, strlen(id), &v);
	return v;
}

size_t
act_awards_live(const struct act_awards *a, const char *id)
{
	return count(&a->live, id);
}

size_t
act_awards_ever(const struct act_awards *a, const char *id)
{
	return count(&a->ever, id);
}

const char *
act_awards_txns(struct act_awards *a)
{
	a->txns.len = 0;
	sb_adds(&a->txns, "");
	for (size_t i = 0; i < a->nw; i++) {
		if (a->wlist[i] == NULL)
			continue;
		if (a->txns.len > 0)
			sb_adds(&a->txns, ", ");
		sb_adds(&a->txns, a->wlist[i]);
	}
	return a->txns.buf;
}

void
act_awards_release(struct act_awards *a)
{
	strmap_release(&a->live);
	strmap_release(&a->ever);
	strmap_release(&a->wtxn);
	for (size_t i = 0; i < a->nw; i++)
		free(a->wlist[i]);
	free(a->wlist);
	sb_release(&a->txns);
	memset(a, 0, sizeof *a);
}

size_t
activity_held(const struct table *t, const struct act_awards *a, const char *station,
	      const char *from, const char *to)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++) {
		const char *d = t->rows[i][AC_DATE];

		if (strcmp(t->rows[i][AC_STATION], station) != 0 || activity_cancelled(t, i))
			continue;
		if ((from != NULL && strcmp(d, from) < 0) || (to != NULL && strcmp(d, to) > 0))
			continue;
		n += act_awards_live(a, t->rows[i][AC_ID]) > 0;
	}
	return n;
}

const char *
activity_platform(const char *p)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(p, activity_platforms[i][0]) == 0 || strcmp(p, activity_platforms[i][1]) == 0)
			return activity_platforms[i][0];
	return NULL;
}
