/* wmsj-report ranking, stars and certificate: the volunteers' standing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "i18n.h"
#include "ledger.h"
#include "noticedoc.h"
#include "out.h"
#include "report.h"
#include "rules.h"
#include "standing.h"
#include "util.h"
#include "validate.h"
#include "volunteer.h"
#include "wmsj-report.h"

/* ---- ranking, stars, stats ---------------------------------------------------- */

static const char *const rank_cols[] = {"rank", "id", "name", "station", "station_name", "points", "hours",
					"withheld"};
static const char *const rank_st_cols[] = {
	"rank", "station", "station_name", "volunteers", "points", "hours", "points_per_volunteer"
};

static void
ranking_print(struct out *out, const struct ranking *g, const struct opts *o, long top)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct standing_entry *k = &g->k[i];
		const struct rank_row *e = &g->r[k->idx];
		char r[32], p[32], h[32], v[32], pc[32];
		const char *vals[8];

		if (k->withheld == RW_OK) {
			if (top > 0 && k->rank > (size_t)top)
				continue;       /* the unranked (--all) still follow */
			xsnprintf(r, sizeof r, "%zu", k->rank);
		} else {
			r[0] = '\0';
		}
		i64(p, sizeof p, k->points);
		wmsj_hours_format(k->hours, h);
		if (o->stations) {
			i64(v, sizeof v, e->vols);
			if (e->vols > 0)
				xsnprintf(pc, sizeof pc, "%.2f", (double)k->points / (double)e->vols);
			else
				xsnprintf(pc, sizeof pc, "0");
			vals[0] = r; vals[1] = e->station; vals[2] = e->station_name; vals[3] = v;
			vals[4] = p; vals[5] = h; vals[6] = pc;
		} else {
			vals[0] = r; vals[1] = k->id; vals[2] = e->name; vals[3] = e->station;
			vals[4] = e->station_name; vals[5] = p; vals[6] = h;
			vals[7] = rules_why_name(k->withheld);
		}
		out_row(out, vals);
	}
}

int
cmd_ranking(struct opts *o, struct rdir *dd)
{
	struct ranking g;
	struct wmsj_err err;
	struct out out;
	long top = 0;
	int y;

	if (o->year == NULL || wmsj_year_parse(o->year, &y) != 0)
		return cli_usage_error(_("ranking needs --year YYYY"));
	if (o->by != NULL && strcmp(o->by, "points") != 0 && strcmp(o->by, "hours") != 0)
		return cli_usage_error(_("--by must be points or hours, not '%s'"), o->by);
	if (o->top != NULL && ((top = strtol(o->top, NULL, 10)) <= 0))
		return cli_usage_error(_("--top needs a number above 0, not '%s'"), o->top);
	if (o->all && o->stations)
		return cli_usage_error(_("--all lists volunteers; it does not go with --stations"));
	if (ranking_build(&g, dd, o->ndirs, y, o->stations, o->all,
			  o->by != NULL && strcmp(o->by, "hours") == 0 ? SB_HOURS : SB_POINTS,
			  &err) != WMSJ_OK) {
		ranking_release(&g);
		return cli_report(&err);
	}
	if (o->stations)
		out_init(&out, o->c.fmt, o->c.bom, rank_st_cols, 7);
	else
		out_init(&out, o->c.fmt, o->c.bom, rank_cols, o->all ? 8 : 7);
	ranking_print(&out, &g, o, top);
	ranking_release(&g);
	return cli_out_finish(&out);
}

static const char *const star_cols[] = {"id", "name", "station", "station_name", "hours", "stars",
					"next_level_hours", "withheld"};

int
cmd_stars(struct opts *o, struct rdir *dd)
{
	struct out out;

	out_init(&out, o->c.fmt, o->c.bom, star_cols, 8);
	for (size_t d = 0; d < o->ndirs; d++) {
		struct ledger_state st;
		struct wmsj_err err;

		ledger_state_init(&st);
		if (ledger_state_load(&st, dd[d].dir, NULL, &err) != WMSJ_OK) {
			ledger_state_release(&st);
			out_release(&out);
			return cli_report(&err);
		}
		for (size_t i = 0; i < dd[d].reg.n; i++) {
			const struct volunteer *v = &dd[d].reg.v[i];
			const struct account *a = ledger_state_account(&st, v->id);
			const struct wmsj_station *s = config_station(&dd[d].cfg, v->station);
			struct standing_star ss;
			char hs[32], ls[16], nx[32];
			const char *vals[8];

			if (o->station != NULL && strcmp(v->station, o->station) != 0)
				continue;
			report_star_today(&dd[d].cfg, v, a, &ss);
			wmsj_hours_format(a != NULL ? a->hours : 0, hs);
			xsnprintf(ls, sizeof ls, "%d", ss.level);
			if (ss.next >= 0)
				wmsj_hours_format(ss.next, nx);
			else
				nx[0] = '\0';
			vals[0] = v->id; vals[1] = v->name; vals[2] = v->station;
			vals[3] = s ? s->name : ""; vals[4] = hs; vals[5] = ls; vals[6] = nx;
			vals[7] = rules_why_name(ss.why.why);
			out_row(&out, vals);
		}
		ledger_state_release(&st);
	}
	return cli_out_finish(&out);
}

/* ---- certificate -------------------------------------------------------------- */

int
cmd_certificate(struct opts *o, struct rdir *dd)
{
	const struct volunteer *v = NULL;
	struct rdir *d = NULL;
	struct wmsj_err err;
	enum nfmt fmt = NF_TEXT;
	struct cert c;

	if (o->nargs != 1)
		return cli_usage_error(_("certificate needs one KEY"));
	if (o->format != NULL) {
		if (strcmp(o->format, "md") == 0) fmt = NF_MD;
		else if (strcmp(o->format, "html") == 0) fmt = NF_HTML;
		else if (strcmp(o->format, "text") == 0 || strcmp(o->format, "table") == 0) fmt = NF_TEXT;
		else
			return cli_usage_error(_("certificate formats are text, md and html, not '%s'"), o->format);
	}
	for (size_t i = 0; i < o->ndirs && v == NULL; i++)
		if ((v = vreg_find(&dd[i].reg, o->args[0])) != NULL)
			d = &dd[i];
	if (v == NULL) {
		cli_warn(_("unknown volunteer '%s'"), o->args[0]);
		return WMSJ_REFUSED;
	}
	if (cert_build(&c, d, v, o->reveal, &err) != WMSJ_OK)
		return cli_report(&err);
	certdoc_render(stdout, fmt, &c.doc);
	cert_release(&c);
	return WMSJ_OK;
}
