/* Writing CSV: one field quoted the way a file needs.  Owner: h5a
 * (csvout.c).  Every CSV field the library writes goes through csv_field:
 * registers, the history, exports and tables (csv_sb_field,
 * csv_write_field, out.c) and the ledger's rows (ledger_row.c). */
#ifndef WMSJ_CSVOUT_H
#define WMSJ_CSVOUT_H

#include <stdio.h>
#include "sb.h"

/* When a field is quoted (RFC 4180: in double quotes, a quote doubled).
 * Both are parts of file formats: the bytes they give never change.
 *   CSV_QUOTE_CELL    a comma, a quote, CR or LF, or a space at either end
 *                     (a reader that trims must not lose it): registers,
 *                     the history, exports
 *   CSV_QUOTE_LEDGER  a comma or a quote only: the rows of ledger.csv,
 *                     whose bytes are hashed (its text never holds CR or
 *                     LF, and a space at an end is kept as it is) */
enum csv_quote { CSV_QUOTE_CELL, CSV_QUOTE_LEDGER };
/* 1 when s is quoted in that style. */
int csv_needs_quote(const char *s, enum csv_quote style);
/* Append s to sb as one field, quoted when the style says so. */
void csv_field(struct sb *sb, const char *s, enum csv_quote style);
/* csv_field(sb, s, CSV_QUOTE_CELL) / the same written to f. */
void csv_sb_field(struct sb *sb, const char *s);
void csv_write_field(FILE *f, const char *s);

#endif
