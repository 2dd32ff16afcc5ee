/* The ledger's export (wmsj-points export): the rows of a period, and of
 * one station, as CSV — the ledger's own header and lines.
 *
 * The period is the intersection of what was asked: a quarter, a month, a
 * first day (--from), a last day (--to); nothing asked is every date.  A
 * line goes out as the ledger has it (a copy: export is as fast as cat)
 * unless a cell of it could start a spreadsheet formula or is quoted: then
 * cell by cell through out_csv_cell, which neutralises formulas and leaves
 * signed numbers (a redemption's points) alone.  A workbook's rows are the
 * raw lines (a workbook's text cells are never formulas).
 *
 * Writes only to the FILE * it is given; the reader is the caller's (opened
 * with ledger_open, closed by the caller).  No allocation outlives a call. */
#ifndef WMSJ_EXPORT_H
#define WMSJ_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "ledger.h"
#include "sb.h"

/* Which value of export_period's was not one (EXP_OK: none). */
enum export_bad { EXP_OK, EXP_BAD_QUARTER, EXP_BAD_MONTH, EXP_BAD_FROM, EXP_BAD_TO };

/* The period [from, to] (YYYY-MM-DD each) of quarter (YYYYQn), month
 * (YYYY-MM), first and last (dates), each NULL when not given; from and to
 * come in as the widest period ("" and "9999-12-31") and are narrowed.  The
 * values are checked in that order: the first that is not one is returned. */
enum export_bad export_period(const char *quarter, const char *month, const char *first,
			      const char *last, char from[11], char to[11]);

/* 1 when a cell of the ledger line raw[0..len) may start a spreadsheet
 * formula (or is quoted and so might): the line must go cell by cell.
 * Looks only at the first byte of each cell (and a sign's number). */
int export_needs_cells(const char *raw, size_t len);

/* One ledger line (one physical line, RFC 4180, as the reader checked it)
 * to f with its newline: copied, or cell by cell (export_needs_cells).
 * cell is scratch space. */
void export_line(FILE *f, const char *raw, size_t len, struct sb *cell);

/* The header, then every row of r dated in [from, to] (and of station,
 * when not NULL): each through export_line when cells, else raw.  WMSJ_OK,
 * or the reader's status with err filled. */
int export_rows(struct ledger_reader *r, FILE *f, const char *from, const char *to,
		const char *station, int cells, struct wmsj_err *err);

#endif
