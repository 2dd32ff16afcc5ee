/* The exchange day: one redemption per scan, each under its own lock, and
 * the day's tally (exchange.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "exchange.h"
#include "i18n.h"
#include "mask.h"
#include "store.h"
#include "util.h"

void
exch_day_init(struct exch_day *d, const char *dir, double wait, const char *clerk,
	      const char *date)
{
	memset(d, 0, sizeof *d);
	d->dir = dir;
	d->wait = wait;
	d->clerk = clerk;
	d->date = date;
}

void
exch_day_release(struct exch_day *d)
{
	for (size_t k = 0; k < d->nitems; k++) {
		free(d->items[k].code);
		free(d->items[k].name);
	}
	free(d->items);
	d->items = NULL;
	d->nitems = d->cap = 0;
}

/* A redemption of r's qty x item for points, in the day's tally. */
static void
exch_tally(struct exch_day *d, const struct bank_redeem *r, int64_t points)
{
	size_t k;

	d->done++;
	d->points += points;
	for (k = 0; k < d->nitems && strcmp(d->items[k].code, r->g->code) != 0; k++)
		;
	if (k == d->nitems) {
		d->items = xgrow(d->items, &d->cap, d->nitems + 1, sizeof *d->items);
		d->items[k].code = xstrdup(r->g->code);
		d->items[k].name = xstrdup(r->g->name);
		d->items[k].qty = d->items[k].points = 0;
		d->nitems++;
	}
	d->items[k].qty += r->qty;
	d->items[k].points += points;
}

/* The holder and the outcome of one scan (st: the bank's or the record's). */
static void
exch_show(FILE *f, const struct bank_redeem *r, const struct bank_entries *b, int st)
{
	if (r->v != NULL) {
		char *nm = mask_name(r->v->name);
		if (r->have_balance)
			fprintf(f, _("%s  %s  balance %" PRId64), r->card, nm, r->balance);
		else
			fprintf(f, "%s  %s", r->card, nm);
		free(nm);
	} else {
		fprintf(f, "%s", r->card);
	}
	if (st != WMSJ_OK) {
		fprintf(f, _(": refused\n"));
		return;
	}
	fprintf(f, _(": redeemed %" PRId64 " x %s for %" PRId64 " points, balance %" PRId64 " (%s)\n"),
		r->qty, r->g->name, -b->e[0].points, r->balance + b->e[0].points, b->txn[0]);
}

int
exch_scan(struct exch_day *d, FILE *f, const char *card, const char *item, int64_t qty,
	  struct wmsj_err *err)
{
	struct store s;
	struct bank_redeem r;
	struct bank_entries b;
	struct wmsj_errlist bad;
	int rc, st;

	memset(&r, 0, sizeof r);
	r.card = card;
	r.item = item;
	r.qty = qty;
	r.date = d->date;
	r.clerk = d->clerk;
	/* the card's holder alone (store_open_keys): one scan costs the same
	 * whatever the county's size */
	if ((rc = store_open_keys(&s, d->dir, d->wait, 1, &card, 1, err)) != WMSJ_OK) {
		store_close(&s);
		return rc;
	}
	bank_entries_init(&b);
	wmsj_errlist_init(&bad);
	err->msg[0] = '\0';
	if ((st = bank_redeem(&s, &r, &b, &bad)) != WMSJ_OK)
		snprintf(err->msg, sizeof err->msg, "%s", bad.msgs[bad.n - 1]);
	else if ((st = bank_record(&s, &b, err)) == WMSJ_OK)
		rc = store_commit(&s, err);
	if (rc == WMSJ_OK) {
		exch_show(f, &r, &b, st);
		if (st == WMSJ_OK)
			exch_tally(d, &r, -b.e[0].points);
		else if (st == WMSJ_REFUSED)
			d->refused++;
		err->status = rc = st;
	}
	bank_entries_release(&b);
	wmsj_errlist_release(&bad);
	store_close(&s);
	return rc;
}

void
exch_day_summary(const struct exch_day *d, FILE *f)
{
	fprintf(f, _("exchange day %s: %zu scans, %zu redeemed for %" PRId64 " points, %zu refused\n"),
		d->date, d->scans, d->done, d->points, d->refused);
	for (size_t k = 0; k < d->nitems; k++)
		fprintf(f, _("  %s %s: %" PRId64 " (%" PRId64 " points)\n"), d->items[k].code,
			d->items[k].name, d->items[k].qty, d->items[k].points);
}
