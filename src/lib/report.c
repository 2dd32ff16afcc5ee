/* The reports' data over one or more directories (report.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "mask.h"
#include "report.h"
#include "table.h"
#include "util.h"

/* ---- the directories ------------------------------------------------------ */

int
rdirs_load(struct rdir **dd, const char *const *dirs, size_t n, int want_reg,
	   struct wmsj_err *err)
{
	*dd = xcalloc(n + 1, sizeof **dd);
	for (size_t i = 0; i < n; i++) {
		struct rdir *d = &(*dd)[i];

		d->dir = dirs[i];
		if (config_load(&d->cfg, d->dir, err) != WMSJ_OK) {
			config_release(&d->cfg);
			return err->status;
		}
		if (want_reg && vreg_load(&d->reg, d->dir, err) != WMSJ_OK) {
			vreg_release(&d->reg);
			config_release(&d->cfg);
			return err->status;
		}
		d->ok = 1;
	}
	return WMSJ_OK;
}

void
rdirs_free(struct rdir *dd, size_t n)
{
	if (dd == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if (dd[i].ok) {
			vreg_release(&dd[i].reg);
			config_release(&dd[i].cfg);
		}
	free(dd);
}

int
rdirs_clash(const struct rdir *dd, size_t n, size_t *i, size_t *j, const char **code)
{
	for (*i = 0; *i < n; (*i)++)
		for (*j = 0; *j < *i; (*j)++)
			for (size_t a = 0; a < dd[*i].cfg.nstations; a++)
				if (config_station(&dd[*j].cfg, dd[*i].cfg.stations[a].code) != NULL) {
					*code = dd[*i].cfg.stations[a].code;
					return 1;
				}
	return 0;
}

int
rdirs_station_known(const struct rdir *dd, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (config_station(&dd[i].cfg, code) != NULL)
			return 1;
	return 0;
}

int
rdir_stations(const struct rdir *d, const struct vregister *reg, const char *from,
	      const char *to, struct fig_station **fs, struct wmsj_err *err)
{
	struct table acts;
	int rc = WMSJ_OK;

	*fs = xcalloc(d->cfg.nstations + 1, sizeof **fs);
	if (table_load(&acts, d->dir, ACTIVITY_FILE, activity_cols, err) != WMSJ_OK ||
	    fig_stations(d->dir, &d->cfg, reg, &acts, from, to, *fs, err) != WMSJ_OK)
		rc = err->status;
	table_release(&acts);
	return rc;
}

/* ---- stars ----------------------------------------------------------------- */

enum rules_why
report_star_today(const struct wmsj_config *cfg, const struct volunteer *v,
		  const struct account *a, struct standing_star *ss)
{
	return standing_star(cfg->rules.star_hours, vstatus_parse(v->status),
			     a != NULL ? a->cleared_year : 0, wmsj_today(), a != NULL ? a->hours : 0,
			     ss);
}

/* ---- the ranking ----------------------------------------------------------- */

static struct rank_row *
ranking_add(struct ranking *g, const char *id, int64_t points, int64_t hours, enum rules_why why)
{
	g->k = xgrow(g->k, &g->cap, g->n + 1, sizeof *g->k);
	g->r = xgrow(g->r, &g->rcap, g->n + 1, sizeof *g->r);
	memset(&g->k[g->n], 0, sizeof *g->k);
	memset(&g->r[g->n], 0, sizeof *g->r);
	g->k[g->n].id = id;
	g->k[g->n].points = points;
	g->k[g->n].hours = hours;
	g->k[g->n].withheld = why;
	g->k[g->n].idx = g->n;
	return &g->r[g->n++];
}

/* One directory's stations, with their volunteers and the year's figures. */
static void
ranking_stations(struct ranking *g, const struct rdir *d, const struct fig_year *fy)
{
	for (size_t i = 0; i < d->cfg.nstations; i++) {
		const struct wmsj_station *st = &d->cfg.stations[i];
		struct rank_row *r = ranking_add(g, st->code, i < fy->nst ? fy->st[i].earned : 0,
						 i < fy->nst ? fy->st[i].hours : 0, RW_OK);

		r->station = st->code;
		r->station_name = st->name;
		r->vols = (int64_t)fig_station_volunteers(&d->reg, st->code);
	}
}

/* One directory's volunteers listed for year (standing_rank_listed): with
 * all, also those withheld. */
static void
ranking_volunteers(struct ranking *g, const struct rdir *d, const struct fig_year *fy, int y,
		   int all)
{
	for (size_t i = 0; i < d->reg.n; i++) {
		const struct volunteer *v = &d->reg.v[i];
		const struct fig_year_vol *a = fig_year_get(fy, v->id);
		const struct wmsj_station *s = config_station(&d->cfg, v->station);
		struct rank_row *r;
		enum rules_why why;

		if (a == NULL ||
		    !standing_rank_listed(a->earned, a->hours, a->cleared, vstatus_parse(v->status), y,
					  &why) ||
		    (why != RW_OK && !all))
			continue;
		r = ranking_add(g, v->id, a->earned, a->hours, why);
		r->name = v->name;
		r->station = v->station;
		r->station_name = s != NULL ? s->name : "";
	}
}

int
ranking_build(struct ranking *g, const struct rdir *dd, size_t n, int year, int stations,
	      int all, enum standing_by by, struct wmsj_err *err)
{
	memset(g, 0, sizeof *g);
	for (size_t d = 0; d < n; d++) {
		struct fig_year fy;

		if (fig_year(&fy, dd[d].dir, &dd[d].cfg, year, err) != WMSJ_OK) {
			fig_year_release(&fy);
			return err->status;
		}
		if (stations)
			ranking_stations(g, &dd[d], &fy);
		else
			ranking_volunteers(g, &dd[d], &fy, year, all);
		fig_year_release(&fy);
	}
	standing_rank(g->k, g->n, by);
	return WMSJ_OK;
}

void
ranking_release(struct ranking *g)
{
	free(g->k);
	free(g->r);
	memset(g, 0, sizeof *g);
}

/* ---- the certificate --------------------------------------------------------- */

/* The ledger's rows of one volunteer: the awards (a row of 9 cells each:
 * certdoc's 8 and the txn) and the txns of the awards reversed. */
struct cert_ctx {
	const char *id;
	const struct table *acts;
	char ***rows;
	size_t n, cap;
	struct strmap reversed;
};

static int
cert_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct cert_ctx *c = arg;
	long ai;
	char **r;

	(void)err;
	if (strcmp(row->volunteer, c->id) != 0)
		return WMSJ_OK;
	if (row->kind == LK_REVERSE && row->reverses == LK_AWARD) {
		strmap_put(&c->reversed, row->ref, strlen(row->ref), 1);
		return WMSJ_OK;
	}
	if (row->kind != LK_AWARD)
		return WMSJ_OK;
	ai = table_find(c->acts, AC_ID, row->activity);
	c->rows = xgrow(c->rows, &c->cap, c->n + 1, sizeof *c->rows);
	r = c->rows[c->n++] = xcalloc(9, sizeof *r);
	r[0] = xstrdup(row->date);
	r[1] = xstrdup(ai >= 0 ? c->acts->rows[ai][AC_TITLE] : row->activity);
	r[2] = xstrdup(ai >= 0 ? c->acts->rows[ai][AC_PLATFORM] : "");
	r[3] = xstrdup(ai >= 0 ? c->acts->rows[ai][AC_PLACE] : "");
	r[4] = ndoc_fmt_hours(row->hours);
	r[5] = ndoc_fmt_i64(row->points);
	r[6] = xstrdup(row->certifier);
	r[7] = xstrdup(row->supervisor);
	r[8] = xstrdup(row->txn);
	return WMSJ_OK;
}

/* Drop the reversed awards from the record. */
static void
cert_drop_reversed(struct cert_ctx *c)
{
	size_t live = 0;

	for (size_t i = 0; i < c->n; i++) {
		if (strmap_get(&c->reversed, c->rows[i][8], strlen(c->rows[i][8]), NULL)) {
			for (int k = 0; k < 9; k++)
				free(c->rows[i][k]);
			free(c->rows[i]);
		} else {
			c->rows[live++] = c->rows[i];
		}
	}
	c->n = live;
}

int
cert_build(struct cert *c, const struct rdir *d, const struct volunteer *v, int reveal,
	   struct wmsj_err *err)
{
	struct cert_ctx x;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct table acts;
	const struct wmsj_station *stn;
	const struct account *a;
	int rc = WMSJ_OK;

	memset(c, 0, sizeof *c);
	if (table_load(&acts, d->dir, ACTIVITY_FILE, activity_cols, err) != WMSJ_OK) {
		table_release(&acts);
		return err->status;
	}
	memset(&x, 0, sizeof x);
	x.id = v->id;
	x.acts = &acts;
	memset(&lo, 0, sizeof lo);
	lo.cb = cert_cb;
	lo.cb_arg = &x;
	lo.flags = LEDGER_ALL_ROWS;
	ledger_state_init(&st);
	if (ledger_state_load(&st, d->dir, &lo, err) != WMSJ_OK) {
		rc = err->status;
		goto out;
	}
	cert_drop_reversed(&x);
	a = ledger_state_account(&st, v->id);
	stn = config_station(&d->cfg, v->station);
	c->id_shown = reveal ? xstrdup(v->id_number) : mask_idnum(v->id_number);
	report_star_today(&d->cfg, v, a, &c->star);
	xsnprintf(c->seal, sizeof c->seal, "T%08" PRIu64 ":%s", st.last_seq, st.last_hash);
	c->doc.v = v;
	c->doc.station_name = stn != NULL ? stn->name : v->station;
	c->doc.id_shown = c->id_shown;
	c->doc.hours = a != NULL ? a->hours : 0;
	c->doc.earned = a != NULL ? a->earned : 0;
	c->doc.balance = a != NULL ? a->balance : 0;
	c->doc.star = &c->star;
	c->doc.rows = x.rows;
	c->doc.nrows = x.n;
	c->doc.seal = c->seal;
	c->doc.issuer = d->cfg.notice.issuer;
	x.rows = NULL;
	x.n = 0;
out:
	ndoc_rows_free(x.rows, x.n, 9);
	strmap_release(&x.reversed);
	ledger_state_release(&st);
	table_release(&acts);
	return rc;
}

void
cert_release(struct cert *c)
{
	ndoc_rows_free(c->doc.rows, c->doc.nrows, 9);
	free(c->id_shown);
	memset(c, 0, sizeof *c);
}
