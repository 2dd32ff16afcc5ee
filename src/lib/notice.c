/* The quarterly notice's figures: see notice.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "history.h"
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
	if (e->v == NULL)
		e->v = vreg_find(c->set->shared ? &c->set->reg : &c->set->reg_all, row->volunteer);
	e->qty = -row->qty;
	e->points = -row->points;
	if (wmsj_add_checked(&n->ex_qty, e->qty) != 0 || wmsj_add_checked(&n->ex_points, e->points) != 0)
		return wmsj_err_set(err, WMSJ_BADDATA, _("ledger.csv:%zu: a total overflows"), row->line);
	return WMSJ_OK;
}

int
notice_seal_parse(const char *seal, uint64_t *seq, char hash[65], uint64_t *rseq, char rhash[65])
{
	const char *colon = strchr(seal, ':'), *slash;
	char txn[LEDGER_TXN_MAX];

	*rseq = 0;
	rhash[0] = '\0';
	if (colon == NULL || (size_t)(colon - seal) >= sizeof txn)
		return -1;
	memcpy(txn, seal, (size_t)(colon - seal));
	txn[colon - seal] = '\0';
	if (ledger_txn_parse(txn, seq) != 0)
		return -1;
	slash = strchr(colon, '/');
	if ((slash != NULL ? (size_t)(slash - colon - 1) : strlen(colon + 1)) != 64)
		return -1;
	memcpy(hash, colon + 1, 64);
	hash[64] = '\0';
	if (slash != NULL) {
		const char *c2 = strchr(slash, ':');
		char r[24];

		if (c2 == NULL || (size_t)(c2 - slash - 1) >= sizeof r || strlen(c2 + 1) != 64)
			return -1;
		memcpy(r, slash + 1, (size_t)(c2 - slash - 1));
		r[c2 - slash - 1] = '\0';
		if (hist_seq_parse(r, rseq) != 0 || *rseq == 0)
			return -1;
		memcpy(rhash, c2 + 1, 65);
	}
	return 0;
}

int
notice_build(struct notice_set *set, const struct wmsj_config *cfg, const char *dir,
	     const char *stream, int year, int quarter, uint64_t max_seq, uint64_t reg_seq,
	     struct wmsj_err *err)
{
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct collect c;
	struct history h;
	const struct vregister *reg = &set->reg, *all;
	int rc, used;

	memset(set, 0, sizeof *set);
	set->year = year;
	set->quarter = quarter;
	wmsj_quarter_range(year, quarter, set->from, set->to);
	/* The register as it stood on the quarter's last day, in the history
	 * as it stood when the notice was sealed (reg_seq). */
	/* When the view vouches for the register as of the quarter's end up
	 * to the seal (no event after either: history.h), it is both
	 * registers, and its history's part of the seal is the last event. */
	rc = vreg_load_fresh(&set->reg, dir, set->to, reg_seq, set->reg_seal, &used, err);
	set->have_reg = 1;
	if (used || rc != WMSJ_OK) {
		set->shared = 1;
		if (rc != WMSJ_OK)
			return rc;
		goto figures;
	}
	vreg_release(&set->reg);
	set->have_reg = 0;
	rc = hist_load_regs(&h, dir, 0, 1u << HR_VOLUNTEER, err);
	if (rc == WMSJ_OK) {
		rc = vreg_load_hist(&set->reg, dir, &h, set->to, reg_seq, err);
		set->have_reg = 1;
	}
	/* and everyone it held then, for those registered after the quarter
	 * who have figures in it */
	if (rc == WMSJ_OK) {
		rc = vreg_load_hist(&set->reg_all, dir, &h, NULL, reg_seq, err);
		set->have_reg |= 2;
	}
	if (rc == WMSJ_OK && h.last_seq > 0) {
		/* The history's part of the seal: its event reg_seq (or its
		 * last), which must still carry this hash. */
		const struct hist_event *e = NULL;
		char r[24];

		for (size_t i = h.n; i > 0; i--)
			if (reg_seq == 0 || h.ev[i - 1].seq <= reg_seq) {
				e = &h.ev[i - 1];
				break;
			}
		if (e != NULL) {
			hist_seq_format(e->seq, r);
			snprintf(set->reg_seal, sizeof set->reg_seal, "%s:%s", r, e->hash);
		}
	}
	hist_release(&h);
	if (rc != WMSJ_OK)
		return rc;
figures:
	all = set->shared ? &set->reg : &set->reg_all;
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
		snprintf(set->seal, sizeof set->seal, "%s:%s%s%s", txn, st.last_hash,
			 set->reg_seal[0] != '\0' ? "/" : "", set->reg_seal);
	}
	for (size_t i = 0; i < all->n; i++) {
		const struct volunteer *later = &all->v[i];
		const struct volunteer *v = vreg_find(reg, later->id);
		const struct account *a = ledger_state_account(&st, later->id);
		int registered = v != NULL;
		struct notice *n;
		struct notice_line *l;
		size_t cap;

		if (v == NULL)
			v = later;
		if ((n = by_station(set, v->station)) == NULL)
			continue;
		/* The station's volunteers, and anyone else with a figure
		 * (figures.h). */
		if (!(registered && fig_station_member(v, v->station)) &&
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
	if (set->have_reg & 1)
		vreg_release(&set->reg);
	if (set->have_reg & 2)
		vreg_release(&set->reg_all);
	memset(set, 0, sizeof *set);
}
