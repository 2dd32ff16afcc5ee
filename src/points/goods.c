/* wmsj-points stock, redeem and the exchange day: the goods. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bank.h"
#include "cli.h"
#include "config.h"
#include "exchange.h"
#include "i18n.h"
#include "ledger.h"
#include "out.h"
#include "store.h"
#include "util.h"
#include "validate.h"
#include "wmsj-points.h"

static const char *const shelf_cols[] = {
	"station", "station_name", "item", "name", "points", "stock"
};

/* One shelf's goods (shelf as fig_shelf: NULL = every shelf together). */
static void
shelf_rows(struct out *out, const struct wmsj_config *cfg, const struct ledger_state *st,
	   const char *code, const char *name, const char *shelf)
{
	for (size_t i = 0; i < cfg->ngoods; i++) {
		char p[32], q[32];
		const char *v[6];

		xsnprintf(p, sizeof p, "%ld", cfg->goods[i].points);
		xsnprintf(q, sizeof q, "%" PRId64, ledger_state_shelf_stock(st, shelf,
									  cfg->goods[i].code));
		v[0] = code; v[1] = name; v[2] = cfg->goods[i].code; v[3] = cfg->goods[i].name;
		v[4] = p; v[5] = q;
		out_row(out, v);
	}
}

/* stock with no item: the shelves (bank_shelves). */
static int
list_stock(struct opts *o)
{
	struct store s;
	struct ledger_state st;
	struct bank_shelf *sh = NULL;
	struct wmsj_errlist bad;
	struct out out;
	size_t n = 0;
	int rc;

	wmsj_errlist_init(&bad);
	ledger_state_init(&st);
	if ((rc = open_store(&s, o, 0)) != WMSJ_OK)
		goto out;
	if (bank_shelves(&s, o->station, &st, &sh, &n, &bad) != WMSJ_OK) {
		rc = report(&bad);
		goto out;
	}
	out_init(&out, o->c.fmt, o->c.bom, shelf_cols, 6);
	for (size_t i = 0; i < n; i++)
		shelf_rows(&out, &s.cfg, &st, sh[i].code, sh[i].name, sh[i].shelf);
	rc = cli_out_finish(&out);
out:
	free(sh);
	ledger_state_release(&st);
	wmsj_errlist_release(&bad);
	store_close(&s);
	return rc;
}

int
cmd_stock(struct opts *o)
{
	struct store s;
	struct bank_stock k;
	struct bank_entries b;
	struct wmsj_errlist bad;
	int64_t qty;
	int rc;

	if (o->item == NULL && o->qty == NULL && o->donor == NULL)
		return list_stock(o);
	if (o->item == NULL || o->qty == NULL)
		return cli_usage_error(_("stock needs --item CODE --qty N --donor NAME"));
	if ((rc = need_text("--donor", o->donor)) != WMSJ_OK)
		return rc;
	if (wmsj_points_parse(o->qty, &qty) != 0 || qty <= 0)
		return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
	if ((rc = open_store(&s, o, 1)) == WMSJ_OK) {
		memset(&k, 0, sizeof k);
		k.item = o->item;
		k.station = o->station;
		k.donor = o->donor;
		k.recorder = cli_clerk(o->clerk);
		k.date = o->date;
		k.qty = qty;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		rc = finish(&s, o, bank_stock(&s, &k, &b, &bad), &b, &bad);
	}
	store_close(&s);
	return rc;
}

int
cmd_redeem(struct opts *o)
{
	struct store s;
	struct bank_redeem r;
	struct bank_entries b;
	struct wmsj_errlist bad;
	int64_t qty = 1;
	int rc;

	if (o->card == NULL || o->item == NULL)
		return cli_usage_error(_("redeem needs --card CARD_NO --item CODE --clerk NAME"));
	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if (o->qty != NULL && (wmsj_points_parse(o->qty, &qty) != 0 || qty <= 0 || qty > 1000000))
		return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
	if ((rc = open_store_for(&s, o, (const char *const *)&o->card, 1)) == WMSJ_OK) {
		memset(&r, 0, sizeof r);
		r.card = o->card;
		r.item = o->item;
		r.qty = qty;
		r.date = o->date;
		r.clerk = o->clerk;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		rc = finish(&s, o, bank_redeem(&s, &r, &b, &bad), &b, &bad);
	}
	store_close(&s);
	return rc;
}

/* ---- the exchange day -----------------------------------------------------------
 *
 * A USB scanner types the card number and Enter.  Each line of standard input
 * is one redemption: "CARD", or "CARD ITEM [QTY]" to override --item and
 * --qty.  Before its outcome the holder's masked name and balance are shown;
 * a refusal is reported with its reason and the session goes on.  Every
 * accepted redemption is committed on its own (exchange.h).  At the end of
 * input: the day's summary; exit status 1 when anything was refused. */

/* One scan (tok: CARD [ITEM [QTY]]).  A refusal is counted and the day goes
 * on; anything else ends it (returned). */
static int
exch_line(const struct opts *o, struct exch_day *d, int64_t qty0, char **tok, size_t nt,
	  size_t lineno)
{
	struct wmsj_err err;
	int64_t qty = qty0;
	int st;

	if (nt == 3 && (wmsj_points_parse(tok[2], &qty) != 0 || qty <= 0 || qty > 1000000)) {
		cli_warn(_("line %zu: the quantity must be a whole number above 0, not '%s'"), lineno,
			 tok[2]);
		d->refused++;
		return WMSJ_OK;
	}
	if (nt == 1 && o->item == NULL) {
		cli_warn(_("line %zu: no item: give --item CODE or scan CARD ITEM"), lineno);
		d->refused++;
		return WMSJ_OK;
	}
	st = exch_scan(d, stdout, tok[0], nt >= 2 ? tok[1] : o->item, qty, &err);
	if (st == WMSJ_REFUSED)
		cli_warn(_("line %zu: %s"), lineno, err.msg);
	else if (st != WMSJ_OK)
		return cli_report(&err);
	fflush(stdout);
	return WMSJ_OK;
}

int
cmd_exchange(struct opts *o)
{
	struct exch_day d;
	struct wmsj_err err;
	const char *date;
	size_t lineno = 0, lcap = 0;
	char *line = NULL;
	int64_t qty0 = 1;
	int rc = WMSJ_OK;

	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if (o->qty != NULL && (wmsj_points_parse(o->qty, &qty0) != 0 || qty0 <= 0 ||
			       qty0 > 1000000))
		return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
	if (o->nargs > 0)
		return cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	if (bank_date(o->date, NULL, &date, &err) != WMSJ_OK)
		return report_err(&err);
	{
		/* a data directory that cannot be read fails before the first scan */
		struct store s;

		rc = open_store(&s, o, 0);
		store_close(&s);
		if (rc != WMSJ_OK)
			return rc;
	}
	exch_day_init(&d, o->c.data, o->c.wait, o->clerk, date);
	if (isatty(0))
		fprintf(stderr, _("scan a card (or type CARD ITEM [QTY]) and press Enter; Ctrl-D ends the day\n"));
	while (rc == WMSJ_OK && getline(&line, &lcap, stdin) > 0) {
		char *tok[4] = {NULL, NULL, NULL, NULL}, *save = NULL, *t;
		size_t nt = 0;

		lineno++;
		for (t = strtok_r(line, " \t\r\n", &save); t != NULL && nt < 4;
		     t = strtok_r(NULL, " \t\r\n", &save))
			tok[nt++] = t;
		if (nt == 0)
			continue;
		d.scans++;
		if (nt > 3) {
			cli_warn(_("line %zu: expected CARD [ITEM [QTY]]"), lineno);
			d.refused++;
			continue;
		}
		rc = exch_line(o, &d, qty0, tok, nt, lineno);
	}
	if (rc == WMSJ_OK && ferror(stdin)) {
		wmsj_err_sys(&err, errno, _("cannot read standard input"));
		rc = cli_report(&err);
	}
	free(line);
	exch_day_summary(&d, stdout);
	exch_day_release(&d);
	if (rc == WMSJ_OK && d.refused > 0)
		rc = WMSJ_REFUSED;
	return rc;
}
