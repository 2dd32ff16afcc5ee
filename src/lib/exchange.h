/* The exchange day (wmsj-points exchange): a clerk's session of scans at the
 * exchange point, and its tally.
 *
 * Each scan is one redemption (bank_redeem) recorded on its own: the data
 * directory is opened and locked for that scan only (store.h), the entry
 * recorded and committed, the store closed, so that other clerks can work in
 * between.  A refusal is counted and the day goes on; anything else (the
 * directory cannot be opened, the commit fails) ends it.  The day keeps
 * what its summary prints: scans, redemptions, points, refusals, and per
 * item the quantity and points, in the order the items were first redeemed.
 *
 * Formats: the holder's line of a scan ("CARD  masked name  balance N: ..."),
 * and the summary, both as wmsj-points prints them, written only to the
 * FILE * given (never stdout by name).  Parsing a scanner's line (CARD
 * [ITEM [QTY]]) and the messages about a malformed one are the tool's.
 *
 * Ownership: dir, clerk and date are borrowed and must outlive the day; the
 * items' codes and names are copies (the configuration is loaded again for
 * each scan), freed by exch_day_release. */
#ifndef WMSJ_EXCHANGE_H
#define WMSJ_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

struct exch_item {
	char *code, *name;
	int64_t qty, points;
};

struct exch_day {
	const char *dir, *clerk, *date;
	double wait;                    /* for the lock, each scan */
	int64_t points;                 /* redeemed today */
	struct exch_item *items;
	size_t nitems, cap;
	size_t scans, done, refused;    /* scans counted by the caller */
};

void exch_day_init(struct exch_day *d, const char *dir, double wait, const char *clerk,
		   const char *date);
void exch_day_release(struct exch_day *d);

/* Redeem qty x item for card (one scan), under the lock for it only, and
 * write the holder's line to f once the bank was asked (the card unknown:
 * the card alone; then ": redeemed ..." or ": refused").  WMSJ_OK:
 * redeemed, committed and tallied.  WMSJ_REFUSED: refused (counted in
 * d->refused), err->msg the reason, nothing recorded.  Any other status
 * ends the day, err filled. */
int exch_scan(struct exch_day *d, FILE *f, const char *card, const char *item, int64_t qty,
	      struct wmsj_err *err);

/* The day's summary to f: a line of totals, then a line per item. */
void exch_day_summary(const struct exch_day *d, FILE *f);

#endif
