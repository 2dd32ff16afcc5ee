/* A ledger for the index and checkpoint tests: rows k = first..first+n-1
 * appended to DIR/ledger.csv, month by month (rows_per_month rows dated in
 * each of five months, day 1 + k % 28), volunteers V1..Vnvol in turn:
 * awards, a redemption every 11th row, stock every 13th (no volunteer),
 * a clearing at row 40. */
#ifndef WMSJ_TEST_LEDGERGEN_H
#define WMSJ_TEST_LEDGERGEN_H

#include <stdio.h>
#include <string.h>

#include "ledger.h"

static void
ledgergen_append(const char *d, int n, int first, int nvol, int rows_per_month)
{
	struct ledger_writer *w;
	struct wmsj_err err;

	assert_int_equal(ledger_writer_open(&w, d, &err), WMSJ_OK);
	for (int k = first; k < first + n; k++) {
		struct ledger_entry e;
		char date[16], v[16];

		memset(&e, 0, sizeof e);
		snprintf(date, sizeof date, "2026-%02d-%02d", 1 + (k / rows_per_month) % 5,
			 1 + k % 28);
		snprintf(v, sizeof v, "V%d", 1 + k % nvol);
		e.date = date;
		e.recorder = "clerk";
		e.volunteer = v;
		e.kind = LK_AWARD;
		e.points = 1 + k % 9;
		e.hours = 50;
		if (k % 11 == 0) {
			e.kind = LK_REDEEM;
			e.points = -2;
			e.hours = 0;
			e.item = "G01";
			e.qty = -1;
		} else if (k % 13 == 0) {
			e.kind = LK_STOCK;
			e.volunteer = NULL;
			e.points = 0;
			e.hours = 0;
			e.item = "G01";
			e.qty = 5;
		} else if (k == 40) {
			e.kind = LK_CLEAR;
			e.points = -3;
			e.hours = 0;
			e.ref = "A";
		}
		if (ledger_writer_add(w, &e, NULL, &err) != WMSJ_OK)
			fail_msg("add: %s", err.msg);
	}
	if (ledger_writer_commit(w, &err) != WMSJ_OK)
		fail_msg("commit: %s", err.msg);
	ledger_writer_release(w);
}

#endif
