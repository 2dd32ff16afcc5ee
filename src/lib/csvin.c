/* Reading CSV registers and imports through libcsv: see csvin.h. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvin.h"
#include "utf8.h"
#include "fsio.h"
#include "i18n.h"
#include "util.h"

int
wmsj_encoding_parse(const char *name, enum wmsj_encoding *enc)
{
	if (strcasecmp(name, "auto") == 0)
		*enc = WMSJ_ENC_AUTO;
	else if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
		*enc = WMSJ_ENC_UTF8;
	else if (strcasecmp(name, "gb18030") == 0 || strcasecmp(name, "gbk") == 0 ||
		 strcasecmp(name, "gb2312") == 0)
		*enc = WMSJ_ENC_GB18030;
	else
		return -1;
	return 0;
}

/* Line ends: LF, CRLF or a lone CR (old Mac, Excel's "CSV (Macintosh)"),
 * each one line.  The next line start is found with two cached memchr
 * positions, so a file of any ending is scanned once at memchr speed. */
struct eolscan {
	const char *buf;
	size_t len, cr, lf; /* next CR / LF at or after the last position; len if none */
};

#define EOL_UNKNOWN ((size_t)-1)

static void
eol_init(struct eolscan *e, const char *buf, size_t len)
{
	e->buf = buf;
	e->len = len;
	e->cr = e->lf = EOL_UNKNOWN;
}

static size_t
eol_find(const struct eolscan *e, size_t pos, int c)
{
	const char *p = pos < e->len ? memchr(e->buf + pos, c, e->len - pos) : NULL;

	return p != NULL ? (size_t)(p - e->buf) : e->len;
}

/* The start of the line after the one holding pos (len at the end). */
static size_t
eol_next(struct eolscan *e, size_t pos)
{
	size_t end;

	if (e->cr == EOL_UNKNOWN || e->cr < pos)
		e->cr = eol_find(e, pos, '\r');
	if (e->lf == EOL_UNKNOWN || e->lf < pos)
		e->lf = eol_find(e, pos, '\n');
	end = e->cr < e->lf ? e->cr : e->lf;
	if (end == e->len)
		return e->len;
	if (end == e->cr && e->lf == end + 1)
		return end + 2;
	return end + 1;
}

/* Line number (from 1) of byte off of [buf, buf+len), and where it starts. */
static size_t
line_of(const char *buf, size_t len, size_t off, size_t *start)
{
	struct eolscan e;
	size_t line = 1, pos = 0, next;

	eol_init(&e, buf, len);
	while (pos < len && (next = eol_next(&e, pos)) <= off) {
		pos = next;
		line++;
	}
	if (start != NULL)
		*start = pos;
	return line;
}

static const char *
shown(const char *name)
{
	return strcmp(name, "-") == 0 ? "<stdin>" : name;
}

/* 1 if [s, s+n) has the shape of GB18030: ASCII, two-byte characters
 * (81-FE, 40-7E or 80-FE) and four-byte ones (81-FE 30-39 81-FE 30-39). */
static int
gb18030_shaped(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
		} else if (s[i] == 0x80 || s[i] == 0xff || i + 1 >= n) {
			return 0;
		} else if (s[i + 1] >= 0x30 && s[i + 1] <= 0x39) {
			if (i + 3 >= n || s[i + 2] < 0x81 || s[i + 2] == 0xff || s[i + 3] < 0x30 ||
			    s[i + 3] > 0x39)
				return 0;
			i += 4;
		} else if (s[i + 1] >= 0x40 && s[i + 1] != 0x7f && s[i + 1] != 0xff) {
			i += 2;
		} else {
			return 0;
		}
	}
	return 1;
}

/* 1 if the run [s, s+n) of non-ASCII bytes, not valid UTF-8, is still
 * mostly UTF-8: at least two well-formed characters covering 70% of it.
 * UTF-8 text with a stray byte is (60-95%: one bad byte among threes); a
 * run of GBK text is valid UTF-8 in places by chance, rarely that much
 * (measured on this project's Chinese texts and the seed documents). */
static int
mostly_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, good = 0, chars = 0;

	while (i < n) {
		if ((k = wmsj_utf8_seq(s + i, n - i)) != 0) {
			good += k;
			chars++;
			i += k;
		} else {
			i++;
		}
	}
	return chars >= 2 && good * 10 >= n * 7;
}

/* --encoding auto, for a file that is not valid UTF-8 throughout: is it
 * UTF-8 with some bad bytes (refused: reading it as GB18030 would turn its
 * valid text into other characters) or GB18030/GBK?
 *
 * A line that is valid UTF-8 but cannot be GB18030 settles it as UTF-8
 * (three Chinese UTF-8 lines in four are such: a character is three bytes,
 * GB18030 pairs them).  Otherwise each run of non-ASCII bytes (a field's
 * Chinese text) votes: for UTF-8 when it is valid UTF-8 or mostly so, for
 * GB18030 when not.  GBK text is valid UTF-8 only by chance, in short runs
 * (谢强 is); UTF-8 with a stray byte has one bad run among good ones, or is
 * mostly UTF-8 even when it is the only run.  GB18030 needs more votes; a
 * tie is refused rather than guessed.  On 40000 simulated small files (one
 * to eight rows), no UTF-8 file with a stray byte was read as GB18030 and
 * 0.2% of the GBK ones were refused. */
static int
utf8_like(const char *buf, size_t len)
{
	struct eolscan e;
	size_t pos = 0, next, utf8 = 0, gb = 0;

	eol_init(&e, buf, len);
	for (; pos < len; pos = next) {
		const unsigned char *l = (const unsigned char *)buf + pos;
		size_t n, i = 0, runs = 0, bad = 0;

		next = eol_next(&e, pos);
		n = next - pos;
		while (i < n) {
			size_t k = i;

			if (l[i] < 0x80) {
				i++;
				continue;
			}
			while (k < n && l[k] >= 0x80)
				k++;
			runs++;
			if (wmsj_utf8_prefix(l + i, k - i) == k - i) {
				utf8++;
			} else {
				bad++;
				if (mostly_utf8(l + i, k - i))
					utf8++;
				else
					gb++;
			}
			i = k;
		}
		if (runs > 0 && bad == 0 && !gb18030_shaped(l, n))
			return 1;
	}
	return utf8 >= gb;
}

/* "NAME:LINE: invalid UTF-8 at column C (byte 0xXX)": C counts characters. */
static int
utf8_error(const char *buf, size_t len, size_t bad, const char *fmt, const char *name,
	   struct wmsj_err *err)
{
	size_t start, col = 1, line = line_of(buf, len, bad, &start);

	for (size_t i = start; i < bad; i++)
		col += ((unsigned char)buf[i] & 0xc0) != 0x80;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	/* fmt is one of wmsj_to_utf8's two _("...") formats */
	return wmsj_err_set(err, WMSJ_BADDATA, fmt, shown(name), line, col,
			    (unsigned)(unsigned char)buf[bad]);
#pragma GCC diagnostic pop
}

int
wmsj_to_utf8(char **bufp, size_t *lenp, enum wmsj_encoding enc, const char *name,
	     struct wmsj_err *err)
{
	char *buf = *bufp;
	size_t len = *lenp, ok, start;
	const char *nul;

	if (len >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 || memcmp(buf, "\xfe\xff", 2) == 0))
		return wmsj_err_set(err, WMSJ_BADDATA,
		    _("%s: the file is UTF-16 (Excel's \"Unicode text\"); save it as CSV (UTF-8) or CSV"),
		    shown(name));
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		memmove(buf, buf + 3, len - 3);
		len -= 3;
		buf[len] = '\0';
		if (enc == WMSJ_ENC_AUTO)
			enc = WMSJ_ENC_UTF8;
	}
	*lenp = len;
	/* Every later step stops at a NUL: a field "...002X\0junk" would pass
	 * the checks as "...002X". */
	if ((nul = memchr(buf, '\0', len)) != NULL) {
		size_t line = line_of(buf, len, (size_t)(nul - buf), &start);

		return wmsj_err_set(err, WMSJ_BADDATA,
		    _("%s:%zu: a NUL byte (byte %zu of the line); the file is not text: save it as CSV"),
		    shown(name), line, (size_t)(nul - buf) - start + 1);
	}
	if (enc != WMSJ_ENC_GB18030) {
		ok = wmsj_utf8_prefix((unsigned char *)buf, len);
		if (ok == len)
			return WMSJ_OK;
		if (enc == WMSJ_ENC_UTF8)
			return utf8_error(buf, len, ok, _("%s:%zu: invalid UTF-8 at column %zu (byte 0x%02X)"),
					  name, err);
		if (utf8_like(buf, len))
			return utf8_error(buf, len, ok,
			    _("%s:%zu: invalid UTF-8 at column %zu (byte 0x%02X) though the rest of the file looks like UTF-8; correct it, or give --encoding gb18030 if the file is GBK"),
			    name, err);
	}
	/* GB18030 (a superset of GBK and GB2312). */
	{
		iconv_t cd = iconv_open("UTF-8", "GB18030");
		size_t cap = len * 2 + 16, inleft = len, outleft;
		char *out, *in = buf, *o;

		if (cd == (iconv_t)-1)
			return wmsj_err_sys(err, errno, _("cannot convert from gb18030"));
		out = xmalloc(cap + 1);
		o = out;
		outleft = cap;
		while (inleft > 0) {
			if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
				if (errno == E2BIG) {
					size_t used = (size_t)(o - out);
					cap *= 2;
					out = xrealloc(out, cap + 1);
					o = out + used;
					outleft = cap - used;
					continue;
				}
				iconv_close(cd);
				free(out);
				return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s:%zu: cannot decode text as UTF-8 or GB18030"), shown(name),
				    line_of(buf, len, (size_t)(in - buf), NULL));
			}
		}
		iconv_close(cd);
		*o = '\0';
		free(buf);
		*bufp = out;
		*lenp = (size_t)(o - out);
	}
	return WMSJ_OK;
}

/* ---- parsing -------------------------------------------------------------- */

struct pstate {
	struct csv_table *t;
	const char *buf;
	size_t line;          /* line of the current byte position */
	size_t rec_line;      /* line where the current record started */
	int in_record;
	char **fields;
	size_t nf, cap;
	int status;
	struct wmsj_err *err;
	int header_done;
	size_t rcap;
};

static char *
trimdup(struct arena *a, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(a, s, n);
}

static void
field_cb(void *s, size_t n, void *ud)
{
	struct pstate *p = ud;

	if (p->status != WMSJ_OK)
		return;
	if (!p->in_record) {
		p->in_record = 1;
	}
	p->fields = xgrow(p->fields, &p->cap, p->nf + 1, sizeof *p->fields);
	p->fields[p->nf++] = p->header_done ? arena_strndup(&p->t->mem, s ? s : "", s ? n : 0)
					    : trimdup(&p->t->mem, s ? s : "", s ? n : 0);
}

/* The record's fields move into the table's arena; p->fields is reused. */
static char **
keep_fields(struct pstate *p)
{
	char **f = arena_alloc(&p->t->mem, p->nf * sizeof *f);

	memcpy(f, p->fields, p->nf * sizeof *f);
	return f;
}

static void
record_cb(int c, void *ud)
{
	struct pstate *p = ud;
	struct csv_table *t = p->t;

	(void)c;
	if (p->status != WMSJ_OK)
		goto reset;
	if (p->nf == 0 || (p->nf == 1 && p->fields[0][0] == '\0'))
		goto reset; /* empty line */
	if (!p->header_done) {
		t->header = keep_fields(p);
		t->ncols = p->nf;
		t->header_line = p->rec_line;
		p->header_done = 1;
		goto reset;
	}
	if (p->nf != t->ncols) {
		p->status = wmsj_err_set(p->err, WMSJ_BADDATA,
		    _("%s:%zu: %zu fields, the header has %zu"), shown(t->name), p->rec_line, p->nf,
		    t->ncols);
		goto reset;
	}
	t->rows = xgrow(t->rows, &p->rcap, t->nrows + 1, sizeof *t->rows);
	t->rows[t->nrows].fields = keep_fields(p);
	t->rows[t->nrows].nfields = p->nf;
	t->rows[t->nrows].line = p->rec_line;
	t->nrows++;
reset:
	p->nf = 0;
	p->in_record = 0;
}

static int fast_off;   /* csv_fast_path(0): every line through libcsv */

void
csv_fast_path(int on)
{
	fast_off = !on;
}

/* A line with no quote as libcsv parses it (CSV_STRICT, spaces and tabs
 * around a field trimmed, a line of blanks no record): its fields and its
 * record to the callbacks, without libcsv's byte-by-byte state machine.
 * The tools' own files (the register's view, written by csvout) are such
 * lines.  0, or -1 when the line is not one (a quote, a NUL): libcsv
 * then. */
static int
fast_line(struct pstate *p, const char *s, size_t n)
{
	const char *end = s + n, *f;

	while (end > s && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (memchr(s, '"', (size_t)(end - s)) != NULL || memchr(s, '\0', (size_t)(end - s)) != NULL)
		return -1;
	for (f = s; f < end && (*f == ' ' || *f == '\t'); f++)
		;
	if (f == end)
		return 0;   /* an empty line: no record */
	for (f = s;;) {
		const char *c = memchr(f, ',', (size_t)(end - f)), *e = c != NULL ? c : end;

		while (f < e && (*f == ' ' || *f == '\t'))
			f++;
		while (e > f && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		field_cb((void *)f, (size_t)(e - f), p);
		if (c == NULL)
			break;
		f = c + 1;
	}
	record_cb('\n', p);
	return 0;
}

static int
parse_utf8(struct csv_table *t, const char *buf, size_t len, struct wmsj_err *err,
	   void (*progress)(size_t, size_t, void *), void *ud)
{
	struct csv_parser cp;
	struct pstate p;
	struct eolscan eol;
	size_t pos = 0;

	memset(&p, 0, sizeof p);
	p.t = t;
	p.buf = buf;
	p.line = 1;
	p.rec_line = 1;
	p.err = err;
	if (csv_init(&cp, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0)
		return wmsj_err_set(err, WMSJ_SYSERR, _("out of memory"));
	/* Feed line by line (a line end whole) so that we know where each
	 * record starts. */
	eol_init(&eol, buf, len);
	while (pos < len && p.status == WMSJ_OK) {
		size_t n = eol_next(&eol, pos) - pos;

		if (cp.pstate == 0)
			p.rec_line = p.line;
		if (cp.pstate == 0 && !fast_off && fast_line(&p, buf + pos, n) == 0) {
			/* done without libcsv */
		} else if (csv_parse(&cp, buf + pos, n, field_cb, record_cb, &p) != n) {
			if (p.status == WMSJ_OK)
				p.status = wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s:%zu: malformed CSV: a quote in the middle of a field"),
				    shown(t->name), p.line);
			break;
		}
		pos += n;
		p.line++;
		if (progress != NULL && (p.line & 0x3fff) == 0)
			progress(pos, len, ud);
	}
	if (p.status == WMSJ_OK && csv_fini(&cp, field_cb, record_cb, &p) != 0)
		p.status = wmsj_err_set(err, WMSJ_BADDATA,
		    _("%s:%zu: malformed CSV: a quoted field is not closed"), shown(t->name),
		    p.rec_line);
	csv_free(&cp);
	free(p.fields);
	if (p.status == WMSJ_OK && !p.header_done)
		p.status = wmsj_err_set(err, WMSJ_BADDATA, _("%s: empty file, expected a header row"),
					shown(t->name));
	if (progress != NULL)
		progress(len, len, ud);
	return p.status;
}

int
csv_table_parse(struct csv_table *t, const char *name, const char *buf, size_t len,
		enum wmsj_encoding enc, struct wmsj_err *err)
{
	char *copy = xstrndup(buf, len);
	int rc;

	memset(t, 0, sizeof *t);
	t->name = xstrdup(name);
	rc = wmsj_to_utf8(&copy, &len, enc, name, err);
	if (rc == WMSJ_OK)
		rc = parse_utf8(t, copy, len, err, NULL, NULL);
	free(copy);
	return rc;
}

int
csv_table_read(struct csv_table *t, const char *path, enum wmsj_encoding enc,
	       void (*progress)(size_t done, size_t total, void *ud), void *ud,
	       struct wmsj_err *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(t, 0, sizeof *t);
	t->name = xstrdup(path);
	rc = fsio_read_all(path, &buf, &len, err);
	if (rc != WMSJ_OK)
		return rc;
	rc = wmsj_to_utf8(&buf, &len, enc, path, err);
	if (rc == WMSJ_OK)
		rc = parse_utf8(t, buf, len, err, progress, ud);
	free(buf);
	return rc;
}

int
csv_table_read_in(struct csv_table *t, const char *dir, const char *file, int *absent,
		  struct wmsj_err *err)
{
	char *buf, *path = fsio_path(dir, file);
	size_t len;
	int rc;

	memset(t, 0, sizeof *t);
	t->name = path;
	*absent = 0;
	rc = fsio_read_in(dir, file, &buf, &len, err);
	if (rc != WMSJ_OK)
		return rc;
	if (buf == NULL) {
		*absent = 1;
		return WMSJ_OK;
	}
	rc = wmsj_to_utf8(&buf, &len, WMSJ_ENC_UTF8, path, err);
	if (rc == WMSJ_OK)
		rc = parse_utf8(t, buf, len, err, NULL, NULL);
	free(buf);
	return rc;
}

int
csv_table_parse_owned(struct csv_table *t, const char *dir, const char *file, char *buf,
		      size_t len, struct wmsj_err *err)
{
	char *path = fsio_path(dir, file);
	int rc;

	memset(t, 0, sizeof *t);
	t->name = path;
	rc = wmsj_to_utf8(&buf, &len, WMSJ_ENC_UTF8, path, err);
	if (rc == WMSJ_OK)
		rc = parse_utf8(t, buf, len, err, NULL, NULL);
	free(buf);
	return rc;
}

void
csv_table_release(struct csv_table *t)
{
	free(t->rows);
	arena_release(&t->mem);
	free(t->name);
	memset(t, 0, sizeof *t);
}

int
csv_table_col(const struct csv_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return (int)i;
	return -1;
}

int
csv_table_require(const struct csv_table *t, const char *const *names, struct wmsj_err *err)
{
	for (; *names != NULL; names++)
		if (csv_table_col(t, *names) < 0)
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:1: missing column '%s'"),
					    shown(t->name), *names);
	return WMSJ_OK;
}

const char *
csv_get(const struct csv_record *r, int col)
{
	if (col < 0 || (size_t)col >= r->nfields)
		return "";
	return r->fields[col];
}
