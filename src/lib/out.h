/* Printing records for people (aligned table) or pipes (CSV).
 *
 * Usage: out_init(&o, fmt, columns); out_row(&o, values) for each record;
 * out_finish(&o, &err) prints (tables are buffered to compute widths; CSV
 * streams), flushes and checks stdout for write errors (EPIPE, ENOSPC,
 * /dev/full): WMSJ_SYSERR "write error: ...".  While the process holds the
 * registers' write lock (fsio_writing), CSV rows are held in memory too and
 * reach stdout only in out_finish: a writer prints only what it committed.
 *
 * Tables align by display width (wcwidth: a CJK character takes two columns).
 * A table is for a terminal: a control or format character (C0, DEL, C1,
 * zero-width and direction marks, overrides, isolates: wmsj_cp_invisible)
 * shows as the escape \uXXXX and a byte that is not UTF-8 as \xHH, so that
 * no cell can move the cursor, recolour or reorder the line.
 * CSV output neutralises spreadsheet formula injection: a cell from user text
 * starting with = + - @ (or TAB/CR) gets a leading apostrophe, except cells
 * that are plain numbers (-12, +3.5) which stay numbers.  Stored data is not
 * changed, only what is printed. */
#ifndef WMSJ_OUT_H
#define WMSJ_OUT_H

#include <stdio.h>
#include "err.h"
#include "utf8.h"

enum wmsj_format { WMSJ_FMT_AUTO = 0, WMSJ_FMT_TABLE, WMSJ_FMT_CSV, WMSJ_FMT_XLSX };

/* Parse "table"/"csv"/"xlsx"; -1 for anything else.  xlsx (xlsx.h) buffers
 * the rows and writes a workbook with Chinese headers at out_finish. */
int wmsj_format_parse(const char *name, enum wmsj_format *fmt);
/* AUTO → TABLE when fd 1 is a terminal, else CSV. */
enum wmsj_format wmsj_format_resolve(enum wmsj_format fmt);

struct out {
	enum wmsj_format fmt; /* resolved: TABLE or CSV */
	int bom;              /* CSV: write a UTF-8 BOM first */
	FILE *fp;             /* default stdout */
	char **cols;          /* copied header */
	size_t ncols;
	char ***rows;         /* table and xlsx mode: buffered copies */
	size_t nrows, cap;
	int started;          /* CSV: header printed */
	int numeric_right;    /* table: right-align cells that look numeric (default 1) */
	FILE *held;           /* CSV of a writer (fsio_writing): rows held here until finish */
	char *hbuf;
	size_t hlen;
};

void out_init(struct out *o, enum wmsj_format fmt, int bom, const char *const *cols, size_t ncols);
void out_row(struct out *o, const char *const *vals);
/* Print what is buffered, fflush, check ferror; out_release is implied. */
int out_finish(struct out *o, struct wmsj_err *err);
void out_release(struct out *o);

/* s as a table shows it on a terminal (escapes above); malloc'ed. */
char *out_tty_text(const char *s);
/* wmsj_display_width: utf8.h (included here). */
/* Write s to f for a CSV cell with formula neutralisation (see above). */
void out_csv_cell(FILE *f, const char *s);

/* Flush and check stdout at exit for tools that print without struct out. */
int wmsj_close_stdout(struct wmsj_err *err);

/* Progress on stderr when it is a terminal: "\r<label> 45%". Cheap to call often. */
struct progress {
	const char *label;
	int enabled;
	int last_pct;
};
void progress_init(struct progress *p, const char *label);
void progress_update(struct progress *p, size_t done, size_t total);
void progress_done(struct progress *p);
/* Adapter for csv_table_read's progress callback (ud = struct progress *). */
void progress_cb(size_t done, size_t total, void *ud);

#endif
