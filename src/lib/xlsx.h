/* Excel/WPS workbooks (.xlsx): reading a sheet as a table, writing records.
 *
 * Reading goes through libzip (the archive) and libxml2's xmlTextReader (the
 * XML, streamed; no DTD, no entities from outside, no network).  The first
 * worksheet of the workbook is read, with shared strings, inline strings,
 * formula results, booleans and numbers.  A number cell becomes the text of
 * the number: an integer as its digits ("13800138000"); a number written in
 * exponent form is expanded when it is an exact integer of at most 15
 * digits; one with more digits than a spreadsheet keeps (the 4.10E+17 an ID
 * number becomes when typed into a number cell) keeps its exponent form, so
 * that the check of the field refuses it and says why.  Rows whose cells are
 * all empty are skipped; the first non-empty row is the header (trimmed), and
 * a record's line is its row number in the sheet, as Excel shows it.
 *
 * Writing goes through libxlsxwriter: one worksheet, a bold header row, the
 * cells as text except plain numbers of at most 10 digits without a leading
 * zero (points, hours, quantities), so that ID numbers, card numbers, phones
 * and station codes are never turned into 4.1E+17 by Excel.  Column widths
 * follow the widest cell (a CJK character counts two).
 */
#ifndef WMSJ_XLSX_H
#define WMSJ_XLSX_H

#include <stddef.h>
#include <stdio.h>
#include "csvin.h"
#include "err.h"

/* 1 if buf starts like a zip archive, as every .xlsx does. */
int xlsx_sniff(const char *buf, size_t len);

/* Parse a whole .xlsx in memory into t (see csvin.h for struct csv_table).
 * name is for messages.  WMSJ_BADDATA "NAME: ..." for a file that is not a
 * workbook or is damaged, "NAME:ROW: ..." for a bad row. */
int xlsx_table_parse(struct csv_table *t, const char *name, const char *buf, size_t len,
		     struct wmsj_err *err);

/* Read path ("-" = stdin) as an .xlsx workbook when it is one (by content),
 * else as CSV in encoding enc (csv_table_read). */
int sheet_table_read(struct csv_table *t, const char *path, enum wmsj_encoding enc,
		     void (*progress)(size_t done, size_t total, void *ud), void *ud,
		     struct wmsj_err *err);

/* 1 if a cell would be written as a number (see above), 0 as text. */
int xlsx_cell_is_number(const char *s);

/* Write a workbook of one sheet to f: the header cols (already in the words
 * the reader should see), then nrows rows of ncols cells each.  The workbook
 * is built in an anonymous memory file and copied to f only when complete.
 * WMSJ_SYSERR on failure. */
int xlsx_write(FILE *f, const char *const *cols, size_t ncols, char ***rows, size_t nrows,
	       struct wmsj_err *err);

/* The Chinese heading of a record column ("id_number" → "身份证号"); the
 * name itself when it has none. */
const char *xlsx_header_label(const char *col);
/* xlsx_write with the record columns cols headed by their Chinese labels
 * (struct out's xlsx format). */
int xlsx_write_out(FILE *f, const char *const *cols, size_t ncols, char ***rows, size_t nrows,
		   struct wmsj_err *err);

#endif
