/* wmsj-report: the quarterly public notice and the station reports.
 * Options, loading and dispatch; the notice figures are lib/notice.c, the
 * documents (notice, certificate) lib/noticedoc.c. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "figures.h"
#include "fsio.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "mask.h"
#include "notice.h"
#include "noticedoc.h"
#include "out.h"
#include "qr.h"
#include "report.h"
#include "rules.h"
#include "standing.h"
#include "table.h"
#include "util.h"
#include "validate.h"
#include "volunteer.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_("usage: wmsj-report [-d DIR]... COMMAND [OPTIONS]\n");
/* The command table: the synopsis names every option a command takes (cli.h). */
enum cmd_id { C_NOTICE, C_EXCHANGES, C_MONTHLY, C_RANKING, C_STARS, C_STATS, C_CERTIFICATE };
static const struct cli_cmd cmds[] = {
	{"notice", "notice --quarter YYYYQn [--station CODE] [--format text|csv|md|html|xlsx]\n"
	 "         [--out DIR] [--preview] [-]", C_NOTICE},
	{"exchanges", "exchanges --quarter YYYYQn [--station CODE]", C_EXCHANGES},
	{"monthly", "monthly --month YYYY-MM", C_MONTHLY},
	{"ranking", "ranking --year YYYY [--by points|hours] [--top N] [--stations | --all]", C_RANKING},
	{"stars", "stars [--station CODE]", C_STARS},
	{"stats", "stats [--year YYYY] [--station CODE]", C_STATS},
	{"certificate", "certificate KEY [--format text|md|html] [--reveal]", C_CERTIFICATE},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])
static const char *const usage_tail = N_(
	"-d DIR may be given several times: the reports merge the data directories\n"
	"(a county centre collecting its towns).\n"
	"common options: --format table|csv|xlsx; --bom; --header en|zh; --wide;\n"
	"  -h, --help; --version\n");

enum {
	O_QUARTER = OPT_COMMON_LAST + 1, O_STATION, O_OUT, O_MONTH, O_YEAR, O_BY, O_TOP,
	O_STATIONS, O_REVEAL, O_PREVIEW, O_ALL
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"quarter", 1, 0, O_QUARTER}, {"station", 1, 0, O_STATION}, {"out", 1, 0, O_OUT},
	{"month", 1, 0, O_MONTH}, {"year", 1, 0, O_YEAR}, {"by", 1, 0, O_BY}, {"top", 1, 0, O_TOP},
	{"stations", 0, 0, O_STATIONS}, {"reveal", 0, 0, O_REVEAL}, {"preview", 0, 0, O_PREVIEW},
	{"all", 0, 0, O_ALL},
	{0, 0, 0, 0}
};


struct opts {
	struct cli_common c;
	const char **dirs;
	size_t ndirs;
	const char *quarter, *station, *outdir, *month, *year, *by, *top, *format;
	int stations, reveal, preview, all;
	char **args;
	size_t nargs;
};

/* The configuration of every directory and, with want_reg, today's
 * register (the notice reads the register as of its quarter's end itself,
 * exchanges none): report.h. */
static int
load_dirs(struct opts *o, struct rdir **dd, int want_reg)
{
	struct wmsj_err err;
	const char *code;
	size_t i, j;

	if (rdirs_load(dd, o->dirs, o->ndirs, want_reg, &err) != WMSJ_OK)
		return cli_report(&err);
	/* Codes must stay unique across directories: they are division codes. */
	if (rdirs_clash(*dd, o->ndirs, &i, &j, &code)) {
		cli_warn(_("station '%s' is in both '%s' and '%s'"), code, (*dd)[j].dir, (*dd)[i].dir);
		return WMSJ_BADDATA;
	}
	return WMSJ_OK;
}

static int
station_known(struct opts *o, struct rdir *dd)
{
	if (o->station == NULL || rdirs_station_known(dd, o->ndirs, o->station))
		return 1;
	cli_warn(_("unknown station '%s'"), o->station);
	return 0;
}

/* ---- the notice ---------------------------------------------------------------- */

static void
i64(char *buf, size_t n, int64_t v)
{
	xsnprintf(buf, n, "%" PRId64, v);
}

static int
write_public(const char *dir, const char *name, char *buf, size_t len)
{
	struct wmsj_err err;

	/* A public notice (masked data only) is mode 0644, set on the temp
	 * file's descriptor before the rename: never chmod by path, which would
	 * follow a link planted by anyone who can write the directory. */
	if (fsio_rewrite_mode(dir, name, buf, len, 0644, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* What notice was asked for: the quarter, a preview, the format, a stream. */
struct notice_req {
	enum nfmt fmt;
	int y, q, preview;
	const char *stream;
	size_t ncols;
};

static int
notice_args(struct opts *o, struct notice_req *r)
{
	memset(r, 0, sizeof *r);
	r->fmt = NF_TEXT;
	if (o->quarter == NULL || wmsj_quarter_parse(o->quarter, &r->y, &r->q) != 0)
		return cli_usage_error(_("notice needs --quarter YYYYQn"));
	if (!notice_quarter_over(r->y, r->q, wmsj_today())) {
		char from[11], to[11];

		wmsj_quarter_range(r->y, r->q, from, to);
		if (!o->preview) {
			cli_warn(_("quarter '%s' has not ended (it ends on %s): its notice would not be final; --preview prints one marked as a preview"),
				 o->quarter, to);
			return WMSJ_REFUSED;
		}
		r->preview = 1;
	}
	if (o->format != NULL) {
		if (strcmp(o->format, "text") == 0) r->fmt = NF_TEXT;
		else if (strcmp(o->format, "csv") == 0) r->fmt = NF_CSV;
		else if (strcmp(o->format, "md") == 0) r->fmt = NF_MD;
		else if (strcmp(o->format, "html") == 0) r->fmt = NF_HTML;
		else if (strcmp(o->format, "table") == 0) r->fmt = NF_TEXT;
		else if (strcmp(o->format, "xlsx") == 0) r->fmt = NF_XLSX;
		else
			return cli_usage_error(_("notice formats are text, csv, md, html and xlsx, not '%s'"), o->format);
	} else if (!isatty(1) && o->outdir == NULL) {
		r->fmt = NF_CSV;
	}
	if (o->nargs == 1 && strcmp(o->args[0], "-") == 0) {
		r->stream = "-";
		if (o->ndirs != 1)
			return cli_usage_error(_("a ledger stream on standard input needs exactly one -d DIR"));
	} else if (o->nargs > 0) {
		return cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	}
	r->ncols = r->preview ? NOTICE_CSV_NCOLS_PREVIEW : NOTICE_CSV_NCOLS;
	return WMSJ_OK;
}

/* --out DIR: a file per station, its path printed. */
static int
notice_files(const struct opts *o, const struct notice_req *r, const struct rdir *d,
	     const struct notice_set *set, const struct notice **list, size_t nl)
{
	struct wmsj_err err;
	int rc = WMSJ_OK;

	for (size_t i = 0; i < nl && rc == WMSJ_OK; i++) {
		char *buf, name[128];
		size_t len;

		if ((rc = noticedoc_file(r->fmt, o->c.bom, &d->cfg, set, list[i], r->ncols, &buf,
					 &len, &err)) != WMSJ_OK) {
			free(buf);
			return cli_report(&err);
		}
		noticedoc_filename(name, sizeof name, r->y, r->q, list[i]->station->code, r->preview,
				   r->fmt);
		rc = write_public(o->outdir, name, buf, len);
		if (rc == WMSJ_OK)
			printf("%s/%s\n", o->outdir, name);
		free(buf);
	}
	return rc;
}

static int
cmd_notice(struct opts *o, struct rdir *dd)
{
	struct notice_req r;
	struct out xo;
	int rc, csv_header = 1, book;

	if ((rc = notice_args(o, &r)) != WMSJ_OK)
		return rc;
	if (!station_known(o, dd))
		return WMSJ_REFUSED;
	if (o->outdir != NULL && mkdir(o->outdir, 0755) != 0 && errno != EEXIST) {
		struct wmsj_err err;
		wmsj_err_sys(&err, errno, _("cannot create '%s'"), o->outdir);
		return cli_report(&err);
	}
	if ((book = r.fmt == NF_XLSX && o->outdir == NULL))
		out_init(&xo, WMSJ_FMT_XLSX, 0, notice_csv_cols, r.ncols);
	for (size_t d = 0; d < o->ndirs && rc == WMSJ_OK; d++) {
		struct notice_set set;
		struct wmsj_err err;
		const struct notice **list;
		size_t nl = 0;

		if (notice_build(&set, &dd[d].cfg, dd[d].dir, r.stream, r.y, r.q, 0, 0, &err) != WMSJ_OK) {
			notice_release(&set);
			if (book)
				out_release(&xo);
			return cli_report(&err);
		}
		if (r.preview)
			snprintf(set.preview, sizeof set.preview, "%s", wmsj_today());
		list = xcalloc(set.count + 1, sizeof *list);
		for (size_t i = 0; i < set.count; i++)
			if (o->station == NULL || strcmp(set.n[i].station->code, o->station) == 0)
				list[nl++] = &set.n[i];
		if (o->outdir != NULL)
			rc = notice_files(o, &r, &dd[d], &set, list, nl);
		else if (book)
			noticedoc_rows(&xo, &set, list, nl);
		else if (nl > 0)
			noticedoc_render(stdout, r.fmt, o->c.bom, &dd[d].cfg, &set, list, nl, &csv_header);
		free(list);
		notice_release(&set);
	}
	if (book) {
		if (rc == WMSJ_OK)
			rc = cli_out_finish(&xo);
		else
			out_release(&xo);
	}
	if (rc == WMSJ_OK && r.fmt == NF_CSV && csv_header && o->outdir == NULL) {
		/* no stations: still a header */
		for (size_t c = 0; c < r.ncols; c++)
			printf("%s%s", c ? "," : "", notice_csv_cols[c]);
		putchar('\n');
	}
	return rc;
}

/* ---- exchanges ----------------------------------------------------------------- */

static const char *const ex_cols[] = {
	"date", "station", "station_name", "name", "card_no", "item", "item_name", "qty", "points"
};

static int
cmd_exchanges(struct opts *o, struct rdir *dd)
{
	struct out out;
	int y, q;

	if (o->quarter == NULL || wmsj_quarter_parse(o->quarter, &y, &q) != 0)
		return cli_usage_error(_("exchanges needs --quarter YYYYQn"));
	if (!station_known(o, dd))
		return WMSJ_REFUSED;
	out_init(&out, o->c.fmt, o->c.bom, ex_cols, 9);
	for (size_t d = 0; d < o->ndirs; d++) {
		struct notice_set set;
		struct wmsj_err err;

		if (notice_build(&set, &dd[d].cfg, dd[d].dir, NULL, y, q, 0, 0, &err) != WMSJ_OK) {
			notice_release(&set);
			out_release(&out);
			return cli_report(&err);
		}
		for (size_t i = 0; i < set.count; i++) {
			const struct notice *n = &set.n[i];
			if (o->station != NULL && strcmp(n->station->code, o->station) != 0)
				continue;
			for (size_t k = 0; k < n->nex; k++) {
				const struct notice_exchange *e = &n->ex[k];
				const struct wmsj_goods *g = config_goods(&dd[d].cfg, e->item);
				char *nm = e->v ? mask_name(e->v->name) : xstrdup("");
				char *cd = e->v ? mask_card(e->v->card_no) : xstrdup("");
				char qt[32], pt[32];
				const char *v[9];
				i64(qt, sizeof qt, e->qty);
				i64(pt, sizeof pt, e->points);
				v[0] = e->date; v[1] = n->station->code; v[2] = n->station->name; v[3] = nm;
				v[4] = cd; v[5] = e->item; v[6] = g ? g->name : ""; v[7] = qt; v[8] = pt;
				out_row(&out, v);
				free(nm);
				free(cd);
			}
		}
		notice_release(&set);
	}
	return cli_out_finish(&out);
}

/* ---- monthly ------------------------------------------------------------------- */

static const char *const monthly_cols[] = {
	"month", "station", "station_name", "activities", "awards", "volunteers", "earned",
	"redeemed", "cleared", "hours", "reversals"
};

static int
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

static int
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

static int
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

static int
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

/* ---- certificate -------------------------------------------------------------- */

static int
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

/* The command line into o (o->args and o->dirs allocated by the caller,
 * argc + 1 each): WMSJ_OK; the status after a usage message; or -1 after
 * --help. */
static int
parse_args(struct opts *o, int argc, char **argv)
{
	const char **seen = xcalloc((size_t)argc + 1, sizeof *seen);
	size_t nseen = 0;
	int c, li, rc = WMSJ_OK;

	opterr = 0;
	while (rc == WMSJ_OK && (c = getopt_long(argc, argv, "-d:h", longopts, &li)) != -1) {
		if (c > OPT_COMMON_LAST)
			seen[nseen++] = longopts[li].name;
		switch (c) {
		case 1: o->args[o->nargs++] = optarg; break;
		case 'd': o->dirs[o->ndirs++] = optarg; break;
		case 'h':
			fputs(_(usage_head), stdout);
			cli_cmd_print_synopses(cmds, NCMDS, stdout);
			fputs(_(usage_tail), stdout);
			rc = -1;
			break;
		case OPT_FORMAT: o->format = optarg;
			if (strcmp(optarg, "table") == 0 || strcmp(optarg, "csv") == 0)
				cli_common_option(&o->c, c, optarg);
			else if (strcmp(optarg, "xlsx") == 0)
				o->c.fmt = WMSJ_FMT_XLSX; /* terminal checked below */
			break;
		case O_QUARTER: o->quarter = optarg; break;
		case O_STATION: o->station = optarg; break;
		case O_OUT: o->outdir = optarg; break;
		case O_MONTH: o->month = optarg; break;
		case O_YEAR: o->year = optarg; break;
		case O_BY: o->by = optarg; break;
		case O_TOP: o->top = optarg; break;
		case O_STATIONS: o->stations = 1; break;
		case O_PREVIEW: o->preview = 1; break;
		case O_ALL: o->all = 1; break;
		case O_REVEAL: o->reveal = 1; break;
		case '?':
			rc = cli_usage_error(_("unknown option or missing argument: '%s'"), argv[optind - 1]);
			break;
		default:
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
		}
	}
	if (o->ndirs == 0)
		o->dirs[o->ndirs++] = o->c.data;
	if (rc == WMSJ_OK && o->nargs == 0)
		rc = cli_usage_error(_("a command is needed (see --help)"));
	if (rc == WMSJ_OK)
		rc = cli_cmd_check_options(cmds, NCMDS, o->args[0], NULL, seen, nseen);
	free(seen);
	return rc;
}

/* The output format asked for, checked against the command: WMSJ_OK or
 * the status after a usage message. */
static int
check_format(const struct opts *o, const char *cmd)
{
	if (o->format != NULL && strcmp(cmd, "notice") != 0 && strcmp(cmd, "certificate") != 0 &&
	    strcmp(o->format, "table") != 0 && strcmp(o->format, "csv") != 0 &&
	    strcmp(o->format, "xlsx") != 0)
		return cli_usage_error(_("unknown format '%s' (use table or csv)"), o->format);
	if (o->c.fmt == WMSJ_FMT_XLSX && strcmp(cmd, "certificate") == 0)
		return cli_usage_error(_("a certificate is text, not a workbook"));
	if (o->c.fmt == WMSJ_FMT_XLSX && o->outdir == NULL && cli_xlsx_to_terminal())
		return WMSJ_USAGE;
	return WMSJ_OK;
}

/* Load the directories and run command entry (the command word taken off). */
static int
dispatch(struct opts *o, const struct cli_cmd *entry)
{
	struct rdir *dd = NULL;
	int rc = load_dirs(o, &dd, entry->id != C_NOTICE && entry->id != C_EXCHANGES);

	if (rc == WMSJ_OK) {
		switch (entry->id) {
		case C_NOTICE: rc = cmd_notice(o, dd); break;
		case C_EXCHANGES: rc = cmd_exchanges(o, dd); break;
		case C_MONTHLY: rc = cmd_monthly(o, dd); break;
		case C_RANKING: rc = cmd_ranking(o, dd); break;
		case C_STARS: rc = cmd_stars(o, dd); break;
		case C_STATS: rc = cmd_stats(o, dd); break;
		default: rc = cmd_certificate(o, dd); break;
		}
	}
	rdirs_free(dd, o->ndirs);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	char **args;
	const struct cli_cmd *entry;
	const char *cmd;
	int rc;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.args = args = xcalloc((size_t)argc + 1, sizeof *o.args);
	o.dirs = xcalloc((size_t)argc + 1, sizeof *o.dirs);
	rc = parse_args(&o, argc, argv);
	if (rc != WMSJ_OK) {
		free(args);
		free(o.dirs);
		return rc == -1 ? wmsj_close_stdout(NULL) : rc;
	}
	cmd = o.args[0];
	entry = cli_cmd_find(cmds, NCMDS, cmd, NULL);
	o.args++;
	o.nargs--;
	if ((rc = check_format(&o, cmd)) != WMSJ_OK)
		;
	else if (entry == NULL)
		rc = cli_usage_error(_("unknown command '%s'"), cmd);
	else
		rc = dispatch(&o, entry);
	free(args);
	free(o.dirs);
	return cli_exit(rc);
}
