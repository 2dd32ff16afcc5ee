/* The quarterly notice and the certificate as documents: plain text, Markdown
 * and HTML (A4, self-contained: the seal's QR code is a data: URI), and the
 * notice's CSV and workbook rows (the columns of notice.h).
 *
 * Every function writes only to the FILE * (or struct out) it is given, never
 * to stdout by name, and never exits; a write error is left in the stream for
 * the caller to check (ferror, out_finish).  Names and card numbers are
 * masked here (mask.h) as the notice publishes them.  Text from the data
 * (names, titles, places) is escaped for the format: in every document a
 * character that is invisible or reorders the line, or a byte that is not
 * UTF-8, shows as U+FFFD. */
#ifndef WMSJ_NOTICEDOC_H
#define WMSJ_NOTICEDOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "notice.h"
#include "out.h"
#include "standing.h"
#include "volunteer.h"

/* A document's format.  NF_DEFAULT and NF_TABLE are the tools' (what the
 * options said); the functions below treat anything but NF_CSV, NF_MD and
 * NF_HTML as plain text, and NF_XLSX is written with noticedoc_rows. */
enum nfmt { NF_DEFAULT, NF_TEXT, NF_CSV, NF_MD, NF_HTML, NF_TABLE, NF_XLSX };

/* An ISO date YYYY-MM-DD as "2026年3月31日" (anything else copied as is);
 * out holds 64 bytes. */
void ndoc_cn_date(const char *iso, char out[64]);

/* s escaped: HTML (< > & " ' as entities), Markdown (every character that
 * could start markup, | included, backslash-escaped; a newline is kept),
 * plain text (controls and newlines escaped as a terminal table shows them,
 * out_tty_text). */
void ndoc_html_esc(FILE *f, const char *s);
void ndoc_md_esc(FILE *f, const char *s);
void ndoc_text_esc(FILE *f, const char *s);

/* A table of nr rows of nc cells under head: an HTML <table> (columns from
 * the third on that hold a number right-aligned), a Markdown table, or an
 * aligned text table (out.h), each followed by a blank line in md and text.
 * The caller keeps head and rows. */
void ndoc_table(FILE *f, enum nfmt fmt, const char *const *head, size_t nc, char ***rows,
		size_t nr);

/* nr rows of nc cells, every cell NULL, for ndoc_table; ndoc_rows_free frees
 * the rows and every cell (free(NULL) for those never set). */
char ***ndoc_rows_new(size_t nr, size_t nc);
void ndoc_rows_free(char ***rows, size_t nr, size_t nc);
/* A cell: the integer, or the hours as amount.h formats them; malloc'ed. */
char *ndoc_fmt_i64(int64_t v);
char *ndoc_fmt_hours(int64_t v);

/* The head of an HTML document (doctype, the A4 style, <body>), with title
 * escaped; the caller writes "</body>\n</html>\n" at the end. */
void ndoc_html_open(FILE *f, const char *title);
/* A paragraph: <p> in HTML, else the text escaped and a blank line. */
void ndoc_para(FILE *f, enum nfmt fmt, const char *text);
/* A heading of level 1 or 2: <h1>/<h2>, "#"/"##", or the text with a line
 * of '=' under level 1, then a blank line. */
void ndoc_heading(FILE *f, enum nfmt fmt, int level, const char *text);

/* The notices list[0..nl-1] of set (nl >= 1 except for csv) to f:
 * NF_CSV: the CSV notice, its header line first (with a UTF-8 BOM if bom)
 * while *csv_header is set, which is then cleared, so that several sets
 * make one file; a station that lists nobody has one row without a
 * volunteer that carries the seal.  NF_HTML: one HTML document, a page per
 * notice.  Otherwise a Markdown (NF_MD) or plain text document per notice.
 * "Today" (wmsj_today) dates the publicity period and the signature.
 * cfg is the configuration the set was built from.  Returns WMSJ_OK. */
int noticedoc_render(FILE *f, enum nfmt fmt, int bom, const struct wmsj_config *cfg,
		     const struct notice_set *set, const struct notice **list, size_t nl,
		     int *csv_header);
/* The CSV notice's rows of list[0..nl-1] into out (a workbook: --format
 * xlsx), whose columns the caller set to notice_csv_cols (ncols
 * NOTICE_CSV_NCOLS, or NOTICE_CSV_NCOLS_PREVIEW for a preview). */
void noticedoc_rows(struct out *out, const struct notice_set *set, const struct notice **list,
		    size_t nl);

/* One notice n of set as a published file's bytes (wmsj-report notice
 * --out DIR): fmt's document with its own CSV header (noticedoc_render), or
 * for NF_XLSX a workbook of its rows in ncols columns (noticedoc_rows).
 * *buf is malloc'd (free it, also after a failure: it may be set).
 * WMSJ_OK, or out of memory / the workbook not written (err filled). */
int noticedoc_file(enum nfmt fmt, int bom, const struct wmsj_config *cfg,
		   const struct notice_set *set, const struct notice *n, size_t ncols, char **buf,
		   size_t *len, struct wmsj_err *err);
/* Its file's name: "2026Q1-CODE.csv", "-preview" before the extension of a
 * preview (never taken for the published file); the extension fmt's (txt
 * for plain text). */
void noticedoc_filename(char *name, size_t size, int y, int q, const char *code, int preview,
			enum nfmt fmt);

/* A volunteer's record of service, as wmsj-report certificate prints it.
 * The caller owns everything it points to. */
struct certdoc {
	const struct volunteer *v;     /* name, id, card, registered, status */
	const char *station_name;      /* the station's name (its code if unknown) */
	const char *id_shown;          /* the ID number as printed (masked unless revealed) */
	int64_t hours, earned, balance;        /* the account's: all time, today */
	const struct standing_star *star;      /* the star level today (standing.h) */
	char ***rows;                  /* the awards not reversed: date, activity,
					* platform, place, hours, points, certifier,
					* supervisor (8 cells used of each row) */
	size_t nrows;
	const char *seal;              /* "T<seq>:<hash>", the ledger's last row */
	const char *issuer;            /* who signs */
};
/* The certificate as one document (fmt NF_HTML, NF_MD, else plain text):
 * the statement, the record table, the seal, the issuer and today's date
 * (wmsj_today). */
void certdoc_render(FILE *f, enum nfmt fmt, const struct certdoc *c);

#endif
