/* wmsj-report monthly and stats: the stations' figures over a month and a
 * year (figures.h, standing.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "figures.h"
#include "i18n.h"
#include "out.h"
#include "report.h"
#include "standing.h"
#include "util.h"
#include "validate.h"
#include "wmsj-report.h"

/* ---- monthly ------------------------------------------------------------------- */

static const char *const monthly_cols[] = {
	"month", "station", "station_name", "activities", "awards", "volunteers", "earned",
	"redeemed", "cleared", "hours", "reversals"
};

int
cmd_monthly(struct opts *o, struct rdir *dd)
{
	struct out out;
	int y, m;
	char from[11], to[11];

	if (o->month == NULL || wmsj_month_parse(o->month, &y, &m) != 0)
		return cli_usage_error(_("monthly needs --month YYYY-MM"));
	wmsj_month_range(y, m, from, to);
	out_init(&out, o->c.fmt, o->c.bom, monthly_cols, 11);
	for (size_t d = 0; d < o->ndirs; d++) {
		const struct wmsj_config *cfg = &dd[d].cfg;
		struct fig_station *fs;
		struct wmsj_err err;

		if (rdir_stations(&dd[d], NULL, from, to, &fs, &err) != WMSJ_OK) {
			free(fs);
			out_release(&out);
			return cli_report(&err);
		}
		for (size_t i = 0; i < cfg->nstations; i++) {
			const struct fig_station *t = &fs[i];
			char a[32], aw[32], v[32], e[32], r[32], c[32], h[32], rv[32];
			const char *vals[11];

			xsnprintf(a, sizeof a, "%" PRIu64, t->activities);
			xsnprintf(aw, sizeof aw, "%" PRIu64, t->awards);
			xsnprintf(v, sizeof v, "%zu", t->awarded);
			i64(e, sizeof e, t->earned);
			i64(r, sizeof r, t->redeemed);
			i64(c, sizeof c, t->cleared);
			wmsj_hours_format(t->hours, h);
			xsnprintf(rv, sizeof rv, "%" PRIu64, t->reversals);
			vals[0] = o->month; vals[1] = t->code; vals[2] = cfg->stations[i].name;
			vals[3] = a; vals[4] = aw; vals[5] = v; vals[6] = e; vals[7] = r; vals[8] = c;
			vals[9] = h; vals[10] = rv;
			out_row(&out, vals);
		}
		free(fs);
	}
	return cli_out_finish(&out);
}

static const char *const stats_cols[] = {
	"year", "station", "station_name", "population", "volunteers", "participation", "target",
	"meets_target", "activities", "months_with_activity", "activities_per_month", "earned",
	"redeemed", "cleared", "stock"
};

/* A station's row of the year's statistics: its figures (figures.h) and
 * its standing against the standards (standing.h). */
static void
stats_row(struct out *out, const struct wmsj_config *cfg, const struct wmsj_station *stn,
	  const struct fig_station *f, int y)
{
	struct standing_station ss;
	char ys[16], pop[32], vs[32], ps[32], tg[32], as[32], ms[32], apm[32], es[32], rs[32],
	     cs[32], sts[32];
	const char *vals[15];

	standing_station(&cfg->rules, f->volunteers, stn->population, f->months_held, y,
			 wmsj_today(), &ss);
	xsnprintf(ys, sizeof ys, "%d", y);
	xsnprintf(pop, sizeof pop, "%ld", stn->population);
	xsnprintf(vs, sizeof vs, "%zu", f->volunteers);
	xsnprintf(ps, sizeof ps, "%.4f",
		 stn->population > 0 ? (double)f->volunteers / (double)stn->population : 0);
	xsnprintf(tg, sizeof tg, "%.4f", cfg->rules.participation_target);
	/* the standard's measures: activities held (wmsj(7)) */
	xsnprintf(as, sizeof as, "%" PRIu64, f->held);
	xsnprintf(ms, sizeof ms, "%zu", ss.months_with_activity);
	xsnprintf(apm, sizeof apm, "%.2f", ss.months > 0 ? (double)f->held / ss.months : 0.0);
	i64(es, sizeof es, f->earned);
	i64(rs, sizeof rs, f->redeemed);
	i64(cs, sizeof cs, f->cleared);
	i64(sts, sizeof sts, f->stock);
	vals[0] = ys; vals[1] = stn->code; vals[2] = stn->name; vals[3] = pop; vals[4] = vs;
	vals[5] = ps; vals[6] = tg; vals[7] = ss.participation_met ? "yes" : "no";
	vals[8] = as; vals[9] = ms; vals[10] = apm; vals[11] = es; vals[12] = rs;
	vals[13] = cs; vals[14] = sts;
	out_row(out, vals);
}

/* The goods on no station's own shelf (the shared exchange point's, or the
 * institute's): a row of their own, so that the stock column adds up to
 * the town's. */
static void
stats_rest(struct out *out, const struct wmsj_config *cfg, int64_t stock, int y)
{
	char ys[16], ss[32];
	const char *vals[15];

	xsnprintf(ys, sizeof ys, "%d", y);
	i64(ss, sizeof ss, stock);
	vals[0] = ys; vals[1] = "";
	vals[2] = cfg->exchange_point ? cfg->exchange_point : cfg->institute;
	vals[3] = "0"; vals[4] = "0"; vals[5] = ""; vals[6] = ""; vals[7] = "";
	vals[8] = "0"; vals[9] = "0"; vals[10] = ""; vals[11] = "0"; vals[12] = "0";
	vals[13] = "0"; vals[14] = ss;
	out_row(out, vals);
}

int
cmd_stats(struct opts *o, struct rdir *dd)
{
	struct out out;
	char from[16], to[16];
	int y;

	if (o->year != NULL) {
		if (wmsj_year_parse(o->year, &y) != 0)
			return cli_usage_error(_("--year needs YYYY, not '%s'"), o->year);
	} else {
		y = atoi(wmsj_today());
	}
	xsnprintf(from, sizeof from, "%04d-01-01", y % 10000);
	xsnprintf(to, sizeof to, "%04d-12-31", y % 10000);
	out_init(&out, o->c.fmt, o->c.bom, stats_cols, 15);
	for (size_t d = 0; d < o->ndirs; d++) {
		struct wmsj_err err;
		const struct wmsj_config *cfg = &dd[d].cfg;
		struct fig_station *fs;

		if (rdir_stations(&dd[d], &dd[d].reg, from, to, &fs, &err) != WMSJ_OK) {
			free(fs);
			out_release(&out);
			return cli_report(&err);
		}
		for (size_t s = 0; s < cfg->nstations; s++)
			if (o->station == NULL || strcmp(cfg->stations[s].code, o->station) == 0)
				stats_row(&out, cfg, &cfg->stations[s], &fs[s], y);
		if (o->station == NULL && (cfg->exchange_shared || fs[cfg->nstations].stock != 0))
			stats_rest(&out, cfg, fs[cfg->nstations].stock, y);
		free(fs);
	}
	return cli_out_finish(&out);
}

