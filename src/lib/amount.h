/* Amounts.  Owner: h5a (amount.c). */
#ifndef WMSJ_AMOUNT_H
#define WMSJ_AMOUNT_H

#include <stdint.h>

/* Amounts.  Points are integers (int64, |v| <= 10^12); hours are exact
 * decimals stored as centi-hours (hundredths).  Parse returns 0, or -1 for
 * malformed, more than two decimals, or out of range (overflow). */
int wmsj_points_parse(const char *s, int64_t *v);
int wmsj_hours_parse(const char *s, int64_t *centi);
/* The one hours formatter (out: 32 bytes).  Whole hours have no decimals
 * in either style; the styles differ in a whole tenth:
 *   WMSJ_HOURS_SHORT   "3", "2.5", "1.25", "-0.5": ledger rows, every table
 *   WMSJ_HOURS_CENTI   "3", "2.50", "1.25", "-0.50": the hours= of a close
 *                      row's note (seal.h).
 * Both are parts of file formats and of hashes: they never change. */
enum wmsj_hours_style { WMSJ_HOURS_SHORT, WMSJ_HOURS_CENTI };
void wmsj_hours_fmt(int64_t centi, enum wmsj_hours_style style, char out[32]);
/* wmsj_hours_fmt(centi, WMSJ_HOURS_SHORT, out). */
static inline void
wmsj_hours_format(int64_t centi, char out[32])
{
	wmsj_hours_fmt(centi, WMSJ_HOURS_SHORT, out);
}
/* Checked arithmetic: returns -1 on overflow, leaving *acc unchanged. */
int wmsj_add_checked(int64_t *acc, int64_t v);

#endif
