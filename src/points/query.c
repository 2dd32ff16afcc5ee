/* wmsj-points balance, history and export: the readers. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "csvin.h"
#include "export.h"
#include "figures.h"
#include "i18n.h"
#include "ledger.h"
#include "ledger_index.h"
#include "out.h"
#include "store.h"
#include "util.h"
#include "validate.h"
#include "volunteer.h"
#include "wmsj-points.h"

static const char *const bal_cols[] = {
	"id", "name", "card_no", "station", "status", "earned", "redeemed", "cleared", "balance",
	"hours"
};

static void
print_balance(struct out *out, const struct volunteer *v, const struct account *a)
{
	char e[32], r[32], c[32], b[32], h[32];
	const char *vals[10];
	static const struct account zero;

	if (a == NULL)
		a = &zero;
	xsnprintf(e, sizeof e, "%" PRId64, a->earned);
	xsnprintf(r, sizeof r, "%" PRId64, a->redeemed);
	xsnprintf(c, sizeof c, "%" PRId64, a->cleared);
	xsnprintf(b, sizeof b, "%" PRId64, a->balance);
	wmsj_hours_format(a->hours, h);
	vals[0] = v->id; vals[1] = v->name; vals[2] = v->card_no; vals[3] = v->station;
	vals[4] = v->status; vals[5] = e; vals[6] = r; vals[7] = c; vals[8] = b; vals[9] = h;
	out_row(out, vals);
}

int
cmd_balance(struct opts *o)
{
	struct store s;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct out out;
	int rc;

	if (o->asof != NULL && wmsj_date_parse(o->asof, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--as-of needs a date YYYY-MM-DD, not '%s'"), o->asof);
	if ((rc = o->nargs == 1 ? open_store_key(&s, o, o->args[0]) : open_store(&s, o, 0)) !=
	    WMSJ_OK)
		goto out;
	if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
		cli_warn(_("unknown station '%s'"), o->station);
		rc = WMSJ_REFUSED;
		goto out;
	}
	for (size_t i = 0; i < o->nargs; i++)
		if (vreg_find(&s.reg, o->args[i]) == NULL) {
			warn_unknown(o->args[i]);
			rc = WMSJ_REFUSED;
			goto out;
		}
	out_init(&out, o->c.fmt, o->c.bom, bal_cols, 10);
	if (o->nargs > 0) {
		/* One volunteer's rows each (ledger_index.h), not the county's. */
		for (size_t i = 0; i < o->nargs; i++) {
			const struct volunteer *v = vreg_find(&s.reg, o->args[i]);
			struct account a;
			struct wmsj_err err;

			if ((rc = ledger_volunteer_account(o->c.data, v->id, o->asof, &a, NULL,
							   &err)) != WMSJ_OK) {
				out_release(&out);
				rc = cli_report(&err);
				goto out;
			}
			print_balance(&out, v, &a);
		}
		rc = cli_out_finish(&out);
		goto out;
	}
	memset(&lo, 0, sizeof lo);
	lo.as_of = o->asof;
	if ((rc = load_state(&st, o->c.data, &lo)) != WMSJ_OK) {
		out_release(&out);
		goto out;
	}
	for (size_t i = 0; i < s.reg.n; i++) {
		const struct volunteer *v = &s.reg.v[i];
		if (o->station != NULL && strcmp(v->station, o->station) != 0)
			continue;
		print_balance(&out, v, ledger_state_account(&st, v->id));
	}
	rc = cli_out_finish(&out);
	ledger_state_release(&st);
out:
	store_close(&s);
	return rc;
}

static const char *const hist_cols[] = {
	"txn", "date", "kind", "points", "hours", "balance", "item", "qty", "activity", "ref", "note"
};

/* One row of the statement (figures.h) and the balance after it. */
static void
print_statement_row(struct out *out, const struct fig_statement_row *s)
{
	const struct ledger_row *r = s->row;
	char p[32], hr[32], b[32], q[32];
	const char *vals[11];

	xsnprintf(p, sizeof p, "%" PRId64, r->points);
	wmsj_hours_format(r->hours, hr);
	xsnprintf(b, sizeof b, "%" PRId64, s->balance);
	xsnprintf(q, sizeof q, "%" PRId64, r->qty);
	vals[0] = r->txn; vals[1] = r->date; vals[2] = ledger_kind_name(r->kind); vals[3] = p;
	vals[4] = hr; vals[5] = b; vals[6] = r->item; vals[7] = r->qty ? q : "";
	vals[8] = r->activity; vals[9] = r->ref; vals[10] = r->note;
	out_row(out, vals);
}

int
cmd_history(struct opts *o)
{
	struct store s;
	struct wmsj_err err;
	struct out out;
	struct fig_statement h;
	const struct volunteer *v;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("history needs one KEY"));
	memset(&h, 0, sizeof h);
	if ((rc = open_store_key(&s, o, o->args[0])) != WMSJ_OK)
		goto out;
	if ((v = vreg_find(&s.reg, o->args[0])) == NULL) {
		warn_unknown(o->args[0]);
		rc = WMSJ_REFUSED;
		goto out;
	}
	if (fig_statement_load(&h, o->c.data, v->id, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	out_init(&out, o->c.fmt, o->c.bom, hist_cols, 11);
	for (size_t i = 0; i < h.n; i++)
		print_statement_row(&out, &h.r[i]);
	rc = cli_out_finish(&out);
out:
	fig_statement_release(&h);
	store_close(&s);
	return rc;
}

/* --quarter, --month, --from, --to: the period [from, to] (export.h). */
static int
export_opts(const struct opts *o, char from[11], char to[11])
{
	switch (export_period(o->quarter, o->month, o->from, o->to, from, to)) {
	case EXP_BAD_QUARTER:
		return cli_usage_error(_("--quarter needs YYYYQn, not '%s'"), o->quarter);
	case EXP_BAD_MONTH:
		return cli_usage_error(_("--month needs YYYY-MM, not '%s'"), o->month);
	case EXP_BAD_FROM:
		return cli_usage_error(_("--from needs a date YYYY-MM-DD, not '%s'"), o->from);
	case EXP_BAD_TO:
		return cli_usage_error(_("--to needs a date YYYY-MM-DD, not '%s'"), o->to);
	default:
		return WMSJ_OK;
	}
}

/* The rows gathered (CSV in buf) as a workbook. */
static int
export_xlsx(const struct opts *o, char *xbuf, size_t xlen)
{
	struct csv_table t;
	struct wmsj_err err;
	struct out out;
	int rc;

	rc = csv_table_parse(&t, "ledger.csv", xbuf, xlen, WMSJ_ENC_UTF8, &err);
	free(xbuf);
	if (rc != WMSJ_OK) {
		csv_table_release(&t);
		return cli_report(&err);
	}
	out_init(&out, o->c.fmt, 0, (const char *const *)t.header, t.ncols);
	for (size_t i = 0; i < t.nrows; i++)
		out_row(&out, (const char *const *)t.rows[i].fields);
	csv_table_release(&t);
	return cli_out_finish(&out);
}

int
cmd_export(struct opts *o)
{
	struct ledger_reader *r;
	struct wmsj_err err;
	struct wmsj_config cfg;
	char from[11] = "", to[11] = "9999-12-31";
	char *xbuf = NULL;
	size_t xlen = 0;
	FILE *f;
	int rc;

	if ((rc = export_opts(o, from, to)) != WMSJ_OK)
		return rc;
	if (config_load(&cfg, o->c.data, &err) != WMSJ_OK) {
		config_release(&cfg);
		return cli_report(&err);
	}
	config_release(&cfg);
	if (ledger_open(&r, o->c.data, 0, &err) != WMSJ_OK)
		return cli_report(&err);
	/* A workbook gets the same rows, gathered first and split into cells. */
	f = o->c.fmt == WMSJ_FMT_XLSX ? open_memstream(&xbuf, &xlen) : stdout;
	if (f == NULL) {
		ledger_close(r);
		wmsj_err_sys(&err, errno, _("out of memory"));
		return cli_report(&err);
	}
	if (o->c.bom && f == stdout)
		fputs("\xef\xbb\xbf", f);
	rc = export_rows(r, f, from, to, o->station, f == stdout, &err);
	ledger_close(r);
	if (f != stdout)
		fclose(f);
	if (rc != WMSJ_OK) {
		free(xbuf);
		return cli_report(&err);
	}
	return f != stdout ? export_xlsx(o, xbuf, xlen) : WMSJ_OK;
}
