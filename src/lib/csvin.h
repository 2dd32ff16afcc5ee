/* Reading CSV registers and imports through libcsv.
 *
 * RFC 4180: commas, quotes and newlines inside quoted fields.  UTF-8 with or
 * without BOM, LF or CRLF.  GB18030/GBK (as written by Chinese Excel/WPS) is
 * converted to UTF-8 with iconv.  The first record is the header; columns are
 * looked up by name.  Line numbers are physical lines of the file (1 = header),
 * so a record spanning lines is named by the line it starts on. */
#ifndef WMSJ_CSVIN_H
#define WMSJ_CSVIN_H

#include <stddef.h>
#include <stdio.h>
#include "err.h"
#include "csvout.h"
#include "utf8.h"
#include "util.h"

enum wmsj_encoding {
	WMSJ_ENC_AUTO = 0, /* valid UTF-8 stays UTF-8, otherwise GB18030 */
	WMSJ_ENC_UTF8,
	WMSJ_ENC_GB18030
};

/* Parse "auto", "utf-8"/"utf8", "gb18030"/"gbk" (case-insensitive).
 * Returns 0 and sets *enc, or -1 for an unknown name. */
int wmsj_encoding_parse(const char *name, enum wmsj_encoding *enc);

/* Convert a whole buffer to UTF-8 in place of *buf (realloc'ed; *len updated).
 * Strips a leading UTF-8 BOM.  With AUTO, valid UTF-8 is kept, else GB18030 is
 * tried.  Undecodable bytes: WMSJ_BADDATA, "NAME:LINE: cannot decode ..." where
 * name is used only for the message. */
int wmsj_to_utf8(char **buf, size_t *len, enum wmsj_encoding enc, const char *name,
		 struct wmsj_err *err);

/* wmsj_utf8_valid: utf8.h (included here). */

/* One record: fields[i] is NUL-terminated UTF-8; line is where it starts. */
struct csv_record {
	char **fields;
	size_t nfields;
	size_t line;
};

/* A whole CSV file in memory.  csv_table_release() frees everything. */
struct csv_table {
	char *name;               /* for messages: the path as given, or "-" → "<stdin>" */
	char **header;            /* header fields, trimmed */
	size_t ncols;
	size_t header_line;       /* where the header is (after blank lines); 0: unknown, 1 */
	struct csv_record *rows;  /* data records, header excluded */
	size_t nrows;
	struct arena mem;         /* the header's and records' fields and strings */
};

/* Read path ("-" = stdin) into t.  Empty lines are skipped.  Errors:
 * WMSJ_SYSERR (cannot open/read: "cannot open 'path': ..."),
 * WMSJ_BADDATA (syntax, encoding, empty file with no header: "path:LINE: ...").
 * A record with a different number of fields than the header is BADDATA
 * naming its line.  If progress is non-NULL it is called now and then with
 * bytes read so far and the total (0 if unknown). */
int csv_table_read(struct csv_table *t, const char *path, enum wmsj_encoding enc,
		   void (*progress)(size_t done, size_t total, void *ud), void *ud,
		   struct wmsj_err *err);
/* A register of a data directory: DIR/FILE read with fsio_read_in (never
 * through a link), UTF-8.  A missing file sets *absent = 1 and returns
 * WMSJ_OK with an empty t; any other failure to read is WMSJ_SYSERR — a
 * register that cannot be read is never taken for an empty one.  Messages
 * name DIR/FILE. */
int csv_table_read_in(struct csv_table *t, const char *dir, const char *file, int *absent,
		      struct wmsj_err *err);
/* Same from a buffer already in memory (used by tests and fuzzers); name is for messages. */
int csv_table_parse(struct csv_table *t, const char *name, const char *buf, size_t len,
		    enum wmsj_encoding enc, struct wmsj_err *err);
/* csv_table_read_in of bytes already read from DIR/FILE (buf, len): the
 * table takes buf (frees it, whatever the outcome). */
/* Lines with no quote are split without libcsv, exactly as libcsv would
 * (a fast path for the tools' own files); csv_fast_path(0) sends every line
 * through libcsv (the tests and the fuzzer compare both). */
void csv_fast_path(int on);
int csv_table_parse_owned(struct csv_table *t, const char *dir, const char *file, char *buf,
			  size_t len, struct wmsj_err *err);
void csv_table_release(struct csv_table *t);

/* Index of column name (exact match after trimming), or -1. */
int csv_table_col(const struct csv_table *t, const char *name);
/* Check that every name in the NULL-terminated list exists; else BADDATA
 * "path:1: missing column 'x'". */
int csv_table_require(const struct csv_table *t, const char *const *names, struct wmsj_err *err);
/* Field value or "" when col < 0. */
const char *csv_get(const struct csv_record *r, int col);

/* Writing CSV fields: csvout.h (included here). */

#endif
