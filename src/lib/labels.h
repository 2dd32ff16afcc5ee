/* Records for people: column names and values in Chinese, and tables that
 * fit the terminal.  Used by out.c and by any output format that wants
 * Chinese headers (a sheet for Excel).
 *
 * Headers: a table under a Chinese locale shows each column's Chinese label
 * (name → 姓名); CSV keeps the contract's English names unless --header zh
 * asks for the labels; --header en keeps a table English.
 * Values: in a table under a Chinese locale, the cells of the columns whose
 * values are words of the data format (status, kind, severity,
 * meets_target, the audit's check) show their labels (active → 正常,
 * award → 认定, team-size → 队伍规模).  CSV never
 * changes a value.  Messages name such values through wmsj_value_label(), so
 * a Chinese message never carries an English word of the data format.
 * Width: a table wider than the terminal (TIOCGWINSZ on its stream, else
 * $COLUMNS) leaves out low-value columns, least useful first, until it
 * fits, and says which; --wide shows every column. */
#ifndef WMSJ_LABELS_H
#define WMSJ_LABELS_H

#include <stddef.h>
#include <stdio.h>

enum wmsj_header { WMSJ_HDR_AUTO = 0, WMSJ_HDR_EN, WMSJ_HDR_ZH };

/* "en" / "zh"; -1 for anything else. */
int wmsj_header_parse(const char *name, enum wmsj_header *h);

/* The process-wide choices of the command line (--header, --wide). */
void out_set_header(enum wmsj_header h);
void out_set_wide(int wide);

/* The Chinese label of column col, or NULL when it has none. */
const char *wmsj_column_zh(const char *col);
/* The Chinese label of value v of column col, or NULL. */
const char *wmsj_value_zh(const char *col, const char *v);

/* The header to print for column col in a table (is_table) or in CSV. */
const char *out_header_label(const char *col, int is_table);
/* The value to show for v of column col in a table (v or its label). */
const char *out_value_label(const char *col, const char *v);
/* For a message: v's label when messages are Chinese, else v. */
const char *wmsj_value_label(const char *col, const char *v);
/* For a message: column col's label when messages are Chinese, else col. */
const char *wmsj_column_label(const char *col);

/* Terminal width of fp: TIOCGWINSZ, else $COLUMNS (as cli_init passes it
 * to out_set_columns: a number 1-9999, else unset), else 0 (unknown). */
size_t out_term_width(FILE *fp);
void out_set_columns(const char *columns);
/* A table of n columns named cols, of display widths w (two spaces between
 * columns), for stream fp: sets hide[i] = 1 for the columns to leave out so
 * the rest fit the terminal (as many as it takes, or every low-value one
 * when even that is not enough); returns how many.  None with --wide or
 * when the width is unknown (not a terminal, $COLUMNS unset). */
size_t out_fit(FILE *fp, const char *const *cols, size_t *w, size_t n, int *hide);
/* If the columns left are still too wide, out_fit narrows the widest of
 * their free-text columns (station_name, title, message...; not below
 * OUT_MIN_WIDTH) in w; a longer cell is cut and ends in "…".  Identifiers
 * and figures are never cut: such a table stays wider than the terminal. */
#define OUT_MIN_WIDTH 10

#endif
