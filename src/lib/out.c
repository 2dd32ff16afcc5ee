/* Printing records as aligned tables or CSV: see out.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csvin.h"
#include "i18n.h"
#include "fsio.h"
#include "labels.h"
#include "out.h"
#include "util.h"
#include "validate.h"
#include "xlsx.h"

int
wmsj_format_parse(const char *name, enum wmsj_format *fmt)
{
	if (strcasecmp(name, "table") == 0)
		*fmt = WMSJ_FMT_TABLE;
	else if (strcasecmp(name, "csv") == 0)
		*fmt = WMSJ_FMT_CSV;
	else if (strcasecmp(name, "xlsx") == 0)
		*fmt = WMSJ_FMT_XLSX;
	else
		return -1;
	return 0;
}

enum wmsj_format
wmsj_format_resolve(enum wmsj_format fmt)
{
	if (fmt != WMSJ_FMT_AUTO)
		return fmt;
	return isatty(1) ? WMSJ_FMT_TABLE : WMSJ_FMT_CSV;
}

static int
is_number(const char *s)
{
	int digits = 0, dot = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && !dot)
			dot = 1;
		else
			return 0;
	}
	return digits > 0;
}

void
out_csv_cell(FILE *f, const char *s)
{
	if ((*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r') &&
	    !is_number(s)) {
		struct sb sb;

		sb_init(&sb);
		sb_addc(&sb, '\'');
		sb_adds(&sb, s);
		csv_write_field(f, sb.buf);
		sb_release(&sb);
		return;
	}
	csv_write_field(f, s);
}

char *
out_tty_text(const char *s)
{
	size_t n = strlen(s), k;
	struct sb sb;

	sb_init(&sb);
	for (size_t i = 0; i < n; i += k) {
		long c = wmsj_utf8_decode(s + i, n - i, &k);

		if (c < 0)
			sb_addf(&sb, "\\x%02x", (unsigned char)s[i]);
		else if (wmsj_cp_invisible((unsigned long)c))
			sb_addf(&sb, "\\u%04lx", (unsigned long)c);
		else
			sb_add(&sb, s + i, k);
	}
	return sb_detach(&sb);
}

void
out_init(struct out *o, enum wmsj_format fmt, int bom, const char *const *cols, size_t ncols)
{
	memset(o, 0, sizeof *o);
	o->fmt = wmsj_format_resolve(fmt);
	o->bom = bom;
	o->fp = stdout;
	o->ncols = ncols;
	o->cols = xcalloc(ncols, sizeof *o->cols);
	for (size_t i = 0; i < ncols; i++)
		o->cols[i] = xstrdup(cols[i]);
	o->numeric_right = 1;
}

static void
csv_line(struct out *o, const char *const *vals)
{
	for (size_t i = 0; i < o->ncols; i++) {
		if (i > 0)
			putc(',', o->fp);
		out_csv_cell(o->fp, vals[i] != NULL ? vals[i] : "");
	}
	putc('\n', o->fp);
}

static void
csv_start(struct out *o)
{
	const char **hdr;

	if (o->started)
		return;
	o->started = 1;
	if (fsio_writing() && o->fp == stdout) {
		/* A writer: nothing reaches stdout before out_finish, which
		 * the writer calls after its commit. */
		o->held = open_memstream(&o->hbuf, &o->hlen);
		if (o->held == NULL)
			wmsj_oom();   /* like xmalloc */
		o->fp = o->held;
	}
	if (o->bom)
		fputs("\xef\xbb\xbf", o->fp);
	hdr = xcalloc(o->ncols, sizeof *hdr);
	for (size_t i = 0; i < o->ncols; i++)
		hdr[i] = out_header_label(o->cols[i], 0); /* English unless --header zh */
	csv_line(o, hdr);
	free(hdr);
}

void
out_row(struct out *o, const char *const *vals)
{
	char **copy;

	if (o->fmt == WMSJ_FMT_CSV) {
		csv_start(o);
		csv_line(o, vals);
		return;
	}
	copy = xcalloc(o->ncols, sizeof *copy);
	for (size_t i = 0; i < o->ncols; i++) {
		const char *v = vals[i] != NULL ? vals[i] : "";

		/* a workbook's cell keeps the text; a table shows it for a tty,
		 * the words of the data format in the user's language */
		copy[i] = o->fmt == WMSJ_FMT_XLSX ? xstrdup(v) :
		    out_tty_text(out_value_label(o->cols[i], v));
	}
	o->rows = xgrow(o->rows, &o->cap, o->nrows + 1, sizeof *o->rows);
	o->rows[o->nrows++] = copy;
}

static void
pad(FILE *f, size_t n)
{
	while (n-- > 0)
		putc(' ', f);
}

/* Print the longest prefix of s that with "…" fits w columns; its width. */
static size_t
put_cut(FILE *f, const char *s, size_t w)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0;

	while (*p) {
		const unsigned char *q = p + 1;
		char ch[5];
		size_t cw;

		while ((*q & 0xc0) == 0x80 && q - p < 4)
			q++;
		memcpy(ch, p, (size_t)(q - p));
		ch[q - p] = '\0';
		cw = wmsj_display_width(ch);
		if (used + cw + 1 > w)
			break;
		fputs(ch, f);
		used += cw;
		p = q;
	}
	fputs("\xe2\x80\xa6", f); /* … */
	return used + 1;
}

static void
table_line(struct out *o, char **vals, const size_t *w, const int *hide, int header)
{
	size_t last = o->ncols;
	int first = 1;

	/* No trailing blanks: a line ends with its last cell that shows. */
	while (last > 0 && (hide[last - 1] || (!header && vals[last - 1][0] == '\0')))
		last--;
	for (size_t i = 0; i < last; i++) {
		size_t dw;
		int right;

		if (hide[i])
			continue;
		dw = wmsj_display_width(vals[i]);
		right = !header && o->numeric_right && is_number(vals[i]);
		if (!first)
			fputs("  ", o->fp);
		first = 0;
		if (dw > w[i]) { /* narrowed to fit the terminal */
			dw = put_cut(o->fp, vals[i], w[i]);
			right = 0;
		} else {
			if (right)
				pad(o->fp, w[i] - dw);
			fputs(vals[i], o->fp);
		}
		if (!right && i + 1 < last)
			pad(o->fp, w[i] - dw);
	}
	putc('\n', o->fp);
}

static void
table_print(struct out *o)
{
	size_t *w = xcalloc(o->ncols, sizeof *w);
	int *hide = xcalloc(o->ncols, sizeof *hide);
	char **hdr = xcalloc(o->ncols, sizeof *hdr);
	size_t hidden;
	int first = 1;

	for (size_t i = 0; i < o->ncols; i++) {
		hdr[i] = (char *)out_header_label(o->cols[i], 1);
		w[i] = wmsj_display_width(hdr[i]);
		for (size_t r = 0; r < o->nrows; r++) {
			size_t dw = wmsj_display_width(o->rows[r][i]);
			if (dw > w[i])
				w[i] = dw;
		}
	}
	hidden = out_fit(o->fp, (const char *const *)o->cols, w, o->ncols, hide);
	table_line(o, hdr, w, hide, 1);
	for (size_t i = 0; i < o->ncols; i++) {
		if (hide[i])
			continue;
		if (!first)
			fputs("  ", o->fp);
		first = 0;
		for (size_t k = 0; k < w[i]; k++)
			putc('-', o->fp);
	}
	putc('\n', o->fp);
	for (size_t r = 0; r < o->nrows; r++)
		table_line(o, o->rows[r], w, hide, 0);
	if (hidden > 0) {
		struct sb names;

		sb_init(&names);
		for (size_t i = 0; i < o->ncols; i++)
			if (hide[i]) {
				if (names.len > 0)
					sb_adds(&names, _(", "));
				sb_adds(&names, hdr[i]);
			}
		fprintf(o->fp, _("(not shown: %s; --wide shows every column)\n"), names.buf);
		sb_release(&names);
	}
	free(hdr);
	free(hide);
	free(w);
}

int
out_finish(struct out *o, struct wmsj_err *err)
{
	int rc = WMSJ_OK;

	if (o->fmt == WMSJ_FMT_CSV)
		csv_start(o);
	else if (o->fmt == WMSJ_FMT_XLSX)
		rc = xlsx_write_out(o->fp, (const char *const *)o->cols, o->ncols, o->rows, o->nrows,
				    err);
	else
		table_print(o);
	if (o->held != NULL) {
		if (fclose(o->held) != 0)
			wmsj_oom();   /* like xmalloc */
		o->held = NULL;
		o->fp = stdout;
		if (rc == WMSJ_OK)
			fwrite(o->hbuf, 1, o->hlen, o->fp);
	}
	errno = 0;
	if (rc == WMSJ_OK && (fflush(o->fp) != 0 || ferror(o->fp)))
		rc = wmsj_err_sys(err, errno ? errno : EIO, _("write error"));
	out_release(o);
	return rc;
}

void
out_release(struct out *o)
{
	if (o->held != NULL)
		fclose(o->held);
	free(o->hbuf);
	for (size_t r = 0; r < o->nrows; r++) {
		for (size_t i = 0; i < o->ncols; i++)
			free(o->rows[r][i]);
		free(o->rows[r]);
	}
	free(o->rows);
	if (o->cols != NULL)
		for (size_t i = 0; i < o->ncols; i++)
			free(o->cols[i]);
	free(o->cols);
	memset(o, 0, sizeof *o);
}

int
wmsj_close_stdout(struct wmsj_err *err)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno ? errno : EIO;
		if (err != NULL)
			return wmsj_err_sys(err, e, _("write error"));
		fprintf(stderr, "%s: %s\n", _("write error"), strerror(e));
		return WMSJ_SYSERR;
	}
	return WMSJ_OK;
}

void
progress_init(struct progress *p, const char *label)
{
	p->label = label;
	p->enabled = isatty(2);
	p->last_pct = -1;
}

void
progress_update(struct progress *p, size_t done, size_t total)
{
	int pct;

	if (!p->enabled || total == 0)
		return;
	pct = (int)((double)done * 100.0 / (double)total);
	if (pct == p->last_pct)
		return;
	p->last_pct = pct;
	fprintf(stderr, "\r%s %3d%%", p->label, pct);
	fflush(stderr);
}

void
progress_done(struct progress *p)
{
	if (p->enabled && p->last_pct >= 0) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->last_pct = -1;
}

void
progress_cb(size_t done, size_t total, void *ud)
{
	progress_update(ud, done, total);
}
