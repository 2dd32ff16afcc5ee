/* The columns of a volunteer import and the header names a sheet gives them.
 *
 * An import (wmsj-volunteer import, from CSV or a spreadsheet) is a table
 * whose first row names its columns.  Sheets are made by people: the
 * contract's English names in any case and spacing ("ID Number"), or the
 * Chinese ones of a 花名册 (姓名, 身份证号 ...), among columns the import does
 * not use (序号, 性别, 备注), followed by rows of empty cells that Excel
 * and WPS leave after the data.  Any reader that produces the header row and
 * the rows as strings (csvin, an .xlsx reader) maps them here, so every
 * input accepts the same names. */
#ifndef WMSJ_IMPORTMAP_H
#define WMSJ_IMPORTMAP_H

#include <stddef.h>
#include "err.h"

struct csv_table;

enum import_col {
	IMPORT_NAME,          /* required */
	IMPORT_ID_NUMBER,     /* required */
	IMPORT_PHONE,         /* required */
	IMPORT_STATION,       /* required */
	IMPORT_TAGS,
	IMPORT_PLATFORM_NO,
	IMPORT_NCOLS
};

struct import_map {
	int col[IMPORT_NCOLS]; /* index of the header cell for each column, -1 if none */
	size_t header_line;    /* import_map_table: where the header row is */
	size_t first, end;     /* import_map_table: the data are t->rows[first..end) */
};

/* Map a header row of ncells cells to the import's columns.  A cell names a
 * column when, compared without ASCII case, spaces (ASCII, full-width,
 * no-break), '_', '-' and a byte-order mark, it is one of:
 *
 *   name         姓名 志愿者姓名
 *   id_number    身份证号 身份证号码 公民身份号码
 *   phone        手机号 手机号码 手机 (联系电话)
 *   station      站点代码 (站点 所属站点)
 *   tags         标签
 *   platform_no  平台编号
 *
 * A name in brackets counts only when no other name of its column is there
 * (a roster may have both 手机号码 and 联系电话, a landline; both 站点代码 and
 * 所属站点).  Other cells are ignored.  WMSJ_BADDATA "FILE:LINE: missing column 'x' (or
 * '中文')" for a required column, "FILE:LINE: two columns are 'x': 'a' and
 * 'b'" when two cells name the same column; file and line (the header's)
 * are for messages. */
int import_map_header(struct import_map *m, const char *const *cells, size_t ncells,
		      const char *file, size_t line, struct wmsj_err *err);

/* The contract's name of a column ("id_number"). */
const char *import_col_name(enum import_col c);

/* 1 if every cell is empty or white space (ASCII, full-width, no-break). */
int import_row_blank(const char *const *cells, size_t ncells);

/* The number of t's rows that are data: all but the blank rows at the end.
 * A blank row before that is left in, for the caller to report. */
size_t import_rows_used(const struct csv_table *t);

/* All of it for a table read by csvin or the .xlsx reader: the header row
 * mapped by import_map_header() (its line is t->header_line, 1 if that is
 * 0); when it does not map and holds at most one non-empty cell, it is a
 * title above the header (某某村志愿者花名册) and the next row is tried, up
 * to IMPORT_TITLE_ROWS of them.  The data are the rows after the header
 * but for the blank rows at the end (import_rows_used()).  Errors as
 * import_map_header() gives them for the first row tried. */
#define IMPORT_TITLE_ROWS 3
int import_map_table(struct import_map *m, const struct csv_table *t, const char *file,
		     struct wmsj_err *err);

#endif
