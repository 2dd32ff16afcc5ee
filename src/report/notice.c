/* wmsj-report notice and exchanges: the quarter's public notice and its
 * redemptions (notice.h, noticedoc.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "fsio.h"
#include "i18n.h"
#include "mask.h"
#include "notice.h"
#include "noticedoc.h"
#include "out.h"
#include "report.h"
#include "util.h"
#include "validate.h"
#include "wmsj-report.h"

/* --station CODE, when given, must be a station of one of the directories. */
static int
station_known(struct opts *o, struct rdir *dd)
{
	if (o->station == NULL || rdirs_station_known(dd, o->ndirs, o->station))
		return 1;
	cli_warn(_("unknown station '%s'"), o->station);
	return 0;
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

int
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

int
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
