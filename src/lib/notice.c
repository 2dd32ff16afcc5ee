/* The quarterly notice's figures: see notice.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "i18n.h"
#include "notice.h"
#include "util.h"
#include "validate.h"

const char *const notice_csv_cols[] = {
	"quarter", "station", "station_name", "id", "name", "card_no", "earned", "redeemed",
	"cleared", "balance", "hours", "seal", "preview"
};

int
notice_quarter_over(int year, int quarter, const char *today)
{
	char from[11], to[11];

	wmsj_quarter_range(year, quarter, from, to);
	return strcmp(to, today) < 0;
}

void
notice_quarter_name(int year, int quarter, char out[64])
{
	static const char *const q[] = {"一", "二", "三", "四"};

	snprintf(out, 64, "%d年第%s季度", year, q[(quarter - 1) & 3]);
}

struct collect {
	struct notice_set *set;
	const struct wmsj_config *cfg;
	const struct vregister *reg;
	const char *to;
};

static struct notice *
by_station(struct notice_set *set, const char *code)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->n[i].station->code, code) == 0)
			return &set->n[i];
	return NULL;
}

static int
collect_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct collect *c = arg;
	struct notice *n;
	struct notice_exchange *e;
	size_t cap;

	if (memcmp(row->date, c->set->from, 10) < 0 || memcmp(row->date, c->to, 10) > 0)
		return WMSJ_OK;
	if (!(row->kind == LK_REDEEM || (row->kind == LK_REVERSE && row->reverses == LK_REDEEM)))
		return WMSJ_OK;
	if ((n = by_station(c->set, row->station)) == NULL)
		return WMSJ_OK;
	cap = n->nex;
	n->ex = xgrow(n->ex, &cap, n->nex + 1, sizeof *n->ex);
	e = &n->ex[n->nex++];
	memset(e, 0, sizeof *e);
	memcpy(e->date, row->date, 10);
	e->volunteer = xstrdup(row->volunteer);
	e->item = xstrdup(row->item);
	e->v = vreg_find(c->reg, row->volunteer);
	e->qty = -row->qty;
	e->points = -row->points;
	if (wmsj_add_checked(&n->ex_qty, e->qty) != 0 || wmsj_add_checked(&n->ex_points, e->points) != 0)
		return wmsj_err_set(err, WMSJ_BADDATA, _("ledger.csv:%zu: a total overflows"), row->line);
	return WMSJ_OK;
}

int
notice_build(struct notice_set *set, const struct wmsj_config *cfg, const struct vregister *reg,
	     const char *dir, const char *stream, int year, int quarter, uint64_t max_seq,
	     struct wmsj_err *err)
{
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct collect c;
	int rc;

	memset(set, 0, sizeof *set);
	set->year = year;
	set->quarter = quarter;
	wmsj_quarter_range(year, quarter, set->from, set->to);
	set->count = cfg->nstations;
	set->n = xcalloc(cfg->nstations + 1, sizeof *set->n);
	for (size_t i = 0; i < cfg->nstations; i++)
		set->n[i].station = &cfg->stations[i];
	c.set = set;
	c.cfg = cfg;
	c.reg = reg;
	c.to = set->to;
	memset(&lo, 0, sizeof lo);
	lo.as_of = set->to;
	lo.period_from = set->from;
	lo.period_to = set->to;
	lo.cb = collect_cb;
	lo.cb_arg = &c;
	lo.cb_from = set->from;
	lo.max_seq = max_seq;
	ledger_state_init(&st);
	rc = stream != NULL ? ledger_state_load_stream(&st, stream, &lo, err)
			    : ledger_state_load(&st, dir, &lo, err);
	if (rc != WMSJ_OK) {
		ledger_state_release(&st);
		return rc;
	}
	{
		char txn[LEDGER_TXN_MAX];
		ledger_txn_format(st.last_seq, txn);
		snprintf(set->seal, sizeof set->seal, "%s:%s", txn, st.last_hash);
	}
	for (size_t i = 0; i < reg->n; i++) {
		const struct volunteer *v = &reg->v[i];
		const struct account *a = ledger_state_account(&st, v->id);
		struct notice *n = by_station(set, v->station);
		struct notice_line *l;
		size_t cap;

		if (n == NULL)
			continue;
		/* The station's volunteers, and anyone else with a figure
		 * (figures.h). */
		if (!fig_station_member(v, v->station) &&
		    (a == NULL || (a->p_earned == 0 && a->p_redeemed == 0 && a->p_cleared == 0 &&
				   a->balance == 0 && a->p_hours == 0)))
			continue;
		cap = n->nlines;
		n->lines = xgrow(n->lines, &cap, n->nlines + 1, sizeof *n->lines);
		l = &n->lines[n->nlines++];
		memset(l, 0, sizeof *l);
		l->v = v;
		if (a != NULL) {
			l->earned = a->p_earned;
			l->redeemed = a->p_redeemed;
			l->cleared = a->p_cleared;
			l->balance = a->balance;
			l->hours = a->p_hours;
		}
		if (wmsj_add_checked(&n->earned, l->earned) != 0 ||
		    wmsj_add_checked(&n->redeemed, l->redeemed) != 0 ||
		    wmsj_add_checked(&n->cleared, l->cleared) != 0 ||
		    wmsj_add_checked(&n->balance, l->balance) != 0 ||
		    wmsj_add_checked(&n->hours, l->hours) != 0) {
			ledger_state_release(&st);
			return wmsj_err_set(err, WMSJ_BADDATA, _("a notice total overflows"));
		}
	}
	ledger_state_release(&st);
	return WMSJ_OK;
}

void
notice_release(struct notice_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		for (size_t k = 0; k < set->n[i].nex; k++) {
			free(set->n[i].ex[k].volunteer);
			free(set->n[i].ex[k].item);
		}
		free(set->n[i].ex);
		free(set->n[i].lines);
	}
	free(set->n);
	memset(set, 0, sizeof *set);
}
