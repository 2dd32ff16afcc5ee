/* The ledger's export: a period's rows as CSV (export.h). */
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "out.h"
#include "validate.h"

enum export_bad
export_period(const char *quarter, const char *month, const char *first, const char *last,
	      char from[11], char to[11])
{
	int y, m;

	if (quarter != NULL) {
		if (wmsj_quarter_parse(quarter, &y, &m) != 0)
			return EXP_BAD_QUARTER;
		wmsj_quarter_range(y, m, from, to);
	}
	if (month != NULL) {
		if (wmsj_month_parse(month, &y, &m) != 0)
			return EXP_BAD_MONTH;
		wmsj_month_range(y, m, from, to);
	}
	if (first != NULL) {
		if (wmsj_date_parse(first, NULL, NULL, NULL) != 0)
			return EXP_BAD_FROM;
		if (strcmp(first, from) > 0)
			snprintf(from, 11, "%s", first);
	}
	if (last != NULL) {
		if (wmsj_date_parse(last, NULL, NULL, NULL) != 0)
			return EXP_BAD_TO;
		if (strcmp(last, to) < 0)
			snprintf(to, 11, "%s", last);
	}
	return EXP_OK;
}

int
export_needs_cells(const char *raw, size_t len)
{
	const char *p = raw, *e = raw + len, *q;

	while (p < e) {
		switch (*p) {
		case '=': case '@': case '\t': case '\r': case '"':
			return 1;
		case '-': case '+':
			for (q = p + 1; q < e && *q >= '0' && *q <= '9'; q++)
				;
			if (q < e && *q == '.')
				for (q++; q < e && *q >= '0' && *q <= '9'; q++)
					;
			if (q == p + 1 || (q < e && *q != ','))
				return 1;
			break;
		}
		if ((q = memchr(p, ',', (size_t)(e - p))) == NULL)
			break;
		p = q + 1;
	}
	return 0;
}

void
export_line(FILE *f, const char *raw, size_t len, struct sb *cell)
{
	size_t i = 0;

	if (!export_needs_cells(raw, len)) {
		fwrite(raw, 1, len, f);
		putc('\n', f);
		return;
	}
	for (;;) {
		sb_reset(cell);
		if (i < len && raw[i] == '"') {
			for (i++; i < len; i++) {
				if (raw[i] == '"' && (i + 1 >= len || raw[i + 1] != '"')) {
					i++;
					break;
				}
				if (raw[i] == '"')
					i++;
				sb_addc(cell, raw[i]);
			}
		}
		while (i < len && raw[i] != ',')
			sb_addc(cell, raw[i++]);
		out_csv_cell(f, cell->buf);
		if (i >= len)
			break;
		putc(',', f);
		i++;
	}
	putc('\n', f);
}

int
export_rows(struct ledger_reader *r, FILE *f, const char *from, const char *to,
	    const char *station, int cells, struct wmsj_err *err)
{
	struct ledger_row row;
	struct sb cell;
	int rc;

	fputs(LEDGER_HEADER "\n", f);
	sb_init(&cell);
	while ((rc = ledger_next(r, &row, err)) == 1) {
		if (strcmp(row.date, from) < 0 || strcmp(row.date, to) > 0)
			continue;
		if (station != NULL && strcmp(row.station, station) != 0)
			continue;
		if (cells) {
			export_line(f, row.raw, row.rawlen, &cell);
		} else {
			fwrite(row.raw, 1, row.rawlen, f);
			putc('\n', f);
		}
	}
	sb_release(&cell);
	return rc > 1 ? rc : WMSJ_OK;
}
