/* Excel/WPS workbooks: see xlsx.h. */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libxml/xmlreader.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "fsio.h"
#include "i18n.h"
#include "labels.h"
#include "out.h"
#include "util.h"
#include "xlsx.h"

/* Bounds on what a workbook may make us hold: a part of the archive (a zip
 * bomb is refused before it is inflated), the columns of a sheet. */
#define XLSX_PART_MAX ((zip_uint64_t)512 << 20)
#define XLSX_COLS_MAX 16384
#define XLSX_ROWS_MAX 1048576

int
xlsx_sniff(const char *buf, size_t len)
{
	return len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0;
}

static const char *
shown(const char *name)
{
	return strcmp(name, "-") == 0 ? "<stdin>" : name;
}

/* ---- the archive ------------------------------------------------------------ */

/* Read the member called name (case-insensitive) into a malloc'ed buffer.
 * *out NULL when there is no such member. */
static int
zip_part(zip_t *z, const char *fname, const char *name, char **out, size_t *len,
	 struct wmsj_err *err)
{
	zip_stat_t st;
	zip_file_t *zf;
	zip_int64_t idx, n;
	char *buf;

	*out = NULL;
	*len = 0;
	idx = zip_name_locate(z, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return WMSJ_OK;
	zip_stat_init(&st);
	if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s: damaged workbook: cannot read '%s'"),
				    shown(fname), name);
	if (st.size > XLSX_PART_MAX)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s: '%s' is too large to be a sheet we read"),
				    shown(fname), name);
	if ((zf = zip_fopen_index(z, (zip_uint64_t)idx, 0)) == NULL)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s: damaged workbook: cannot read '%s'"),
				    shown(fname), name);
	buf = xmalloc((size_t)st.size + 1);
	n = st.size > 0 ? zip_fread(zf, buf, st.size) : 0;
	if (n < 0 || (zip_uint64_t)n != st.size) {
		zip_fclose(zf);
		free(buf);
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s: damaged workbook: cannot read '%s'"),
				    shown(fname), name);
	}
	if (zip_fclose(zf) != 0) { /* CRC mismatch */
		free(buf);
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s: damaged workbook: cannot read '%s'"),
				    shown(fname), name);
	}
	buf[st.size] = '\0';
	*out = buf;
	*len = (size_t)st.size;
	return WMSJ_OK;
}

/* ---- XML through xmlTextReader ---------------------------------------------- */

static void
quiet(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	(void)arg;
	(void)msg;
	(void)sev;
	(void)loc;
}

static xmlTextReaderPtr
reader_new(const char *buf, size_t len)
{
	xmlTextReaderPtr r;

	if (len > INT32_MAX)
		return NULL;
	/* No entity substitution, no DTD loading, no network. */
	r = xmlReaderForMemory(buf, (int)len, NULL, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (r != NULL)
		xmlTextReaderSetErrorHandler(r, quiet, NULL);
	return r;
}

static int
is(xmlTextReaderPtr r, const char *local)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);

	return n != NULL && strcmp((const char *)n, local) == 0;
}

/* Value of the attribute with this local name (any namespace), malloc'ed. */
static char *
attr(xmlTextReaderPtr r, const char *local)
{
	char *v = NULL;

	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return NULL;
	do {
		if (is(r, local)) {
			const xmlChar *x = xmlTextReaderConstValue(r);
			v = xstrdup(x != NULL ? (const char *)x : "");
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
	return v;
}

static int
is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static void
add_value(xmlTextReaderPtr r, struct sb *sb)
{
	const xmlChar *v = xmlTextReaderConstValue(r);

	if (v != NULL)
		sb_adds(sb, (const char *)v);
}

/* ---- workbook.xml and its relationships: which part is the first sheet ------- */

/* The r:id of the first <sheet> in xl/workbook.xml; NULL if none. */
static char *
first_sheet_rid(const char *xml, size_t len)
{
	xmlTextReaderPtr r = reader_new(xml, len);
	char *rid = NULL;

	if (r == NULL)
		return NULL;
	while (rid == NULL && xmlTextReaderRead(r) == 1)
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is(r, "sheet"))
			rid = attr(r, "id");
	xmlFreeTextReader(r);
	return rid;
}

/* The part name of relationship id (or of the first relationship whose type
 * ends in type_suffix when id is NULL), resolved against "xl/". */
static char *
rel_target(const char *xml, size_t len, const char *id, const char *type_suffix)
{
	xmlTextReaderPtr r = reader_new(xml, len);
	char *target = NULL;

	if (r == NULL)
		return NULL;
	while (target == NULL && xmlTextReaderRead(r) == 1) {
		char *rid, *type, *t;
		int match;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !is(r, "Relationship"))
			continue;
		rid = attr(r, "Id");
		type = attr(r, "Type");
		if (id != NULL) {
			match = rid != NULL && strcmp(rid, id) == 0;
		} else {
			size_t tl = type != NULL ? strlen(type) : 0, sl = strlen(type_suffix);
			match = tl >= sl && strcmp(type + tl - sl, type_suffix) == 0;
		}
		if (match && (t = attr(r, "Target")) != NULL) {
			struct sb sb;

			sb_init(&sb);
			if (t[0] == '/')
				sb_adds(&sb, t + 1);
			else {
				sb_adds(&sb, "xl/");
				sb_adds(&sb, t);
			}
			target = sb_detach(&sb);
			free(t);
		}
		free(rid);
		free(type);
	}
	xmlFreeTextReader(r);
	return target;
}

/* ---- shared strings ------------------------------------------------------------ */

struct sst {
	char **s;
	size_t n, cap;
};

static int
sst_parse(struct sst *sst, struct arena *mem, const char *xml, size_t len)
{
	xmlTextReaderPtr r = reader_new(xml, len);
	struct sb sb;
	int in_si = 0, in_t = 0, in_rph = 0, rc;

	if (r == NULL)
		return -1;
	sb_init(&sb);
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);

		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (is(r, "si")) {
				sb_reset(&sb);
				in_si = !empty;
				in_t = in_rph = 0;
				if (empty) {
					sst->s = xgrow(sst->s, &sst->cap, sst->n + 1, sizeof *sst->s);
					sst->s[sst->n++] = arena_strdup(mem, "");
				}
			} else if (is(r, "rPh") && !empty) {
				in_rph++;
			} else if (is(r, "t") && !empty) {
				in_t = 1;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (is(r, "si") && in_si) {
				sst->s = xgrow(sst->s, &sst->cap, sst->n + 1, sizeof *sst->s);
				sst->s[sst->n++] = arena_strndup(mem, sb.buf, sb.len);
				in_si = 0;
			} else if (is(r, "rPh") && in_rph > 0) {
				in_rph--;
			} else if (is(r, "t")) {
				in_t = 0;
			}
		} else if (is_text(type) && in_si && in_t && in_rph == 0) {
			add_value(r, &sb);
		}
	}
	sb_release(&sb);
	xmlFreeTextReader(r);
	return rc == 0 ? 0 : -1;
}

/* ---- numbers ---------------------------------------------------------------------- */

/* The text of a number cell's value v into sb (see xlsx.h). */
static void
number_text(const char *v, struct sb *sb)
{
	char dig[64];
	const char *p = v;
	size_t nd = 0, nint = 0, lead = 0;
	long e = 0;
	int neg = 0, has_exp = 0, ok = 1;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, nint++)
		if (nd < sizeof dig)
			dig[nd++] = *p;
		else
			ok = 0;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (nd < sizeof dig)
				dig[nd++] = *p;
			else
				ok = 0;
	}
	if (*p == 'E' || *p == 'e') {
		char *end;
		has_exp = 1;
		errno = 0;
		e = strtol(p + 1, &end, 10);
		if (end == p + 1 || errno != 0 || e > 300 || e < -300)
			ok = 0;
		p = end;
	}
	if (!ok || *p != '\0' || nd == 0) {
		sb_adds(sb, v);
		return;
	}
	/* value = 0.dig[lead..] * 10^pos, with pos digits before the point */
	while (lead < nd && dig[lead] == '0')
		lead++;
	while (nd > lead && dig[nd - 1] == '0')
		nd--;
	if (lead == nd) {
		sb_addc(sb, '0');
		return;
	}
	{
		long pos = (long)nint - (long)lead + e;
		size_t nsig = nd - lead;

		if (pos < (long)nsig) { /* a fraction: as written */
			sb_adds(sb, v);
			return;
		}
		if (pos > 15 && (has_exp || nsig <= 15)) {
			/* more digits than a spreadsheet number keeps: the digits
			 * after the 15th were lost; say so in exponent form */
			if (has_exp) {
				sb_adds(sb, v);
			} else {
				if (neg)
					sb_addc(sb, '-');
				sb_addc(sb, dig[lead]);
				sb_addc(sb, '.');
				sb_add(sb, dig + lead + 1, nsig - 1);
				if (nsig == 1)
					sb_addc(sb, '0');
				sb_addf(sb, "E+%ld", pos - 1);
			}
			return;
		}
		if (neg)
			sb_addc(sb, '-');
		sb_add(sb, dig + lead, nsig);
		for (long i = (long)nsig; i < pos; i++)
			sb_addc(sb, '0');
	}
}

/* ---- the sheet ------------------------------------------------------------------- */

/* Column index of a cell reference "AB12" (0-based); -1 when malformed. */
static long
ref_col(const char *ref)
{
	long c = 0;
	const char *p = ref;

	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		c = c * 26 + ((*p | 0x20) - 'a' + 1);
		if (c > XLSX_COLS_MAX)
			return -1;
	}
	if (p == ref)
		return -1;
	return c - 1;
}

static void
col_name(long c, char out[8])
{
	char tmp[8];
	size_t n = 0;

	c++;
	while (c > 0 && n < sizeof tmp - 1) {
		tmp[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static int
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

static char *
trimdup(struct arena *a, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

struct sheet {
	struct csv_table *t;
	const struct sst *sst;
	char **cells;          /* the current row, indexed by column */
	size_t ncells, cap;    /* ncells: 1 + the highest column used */
	size_t rcap;
	int header_done;
	struct wmsj_err *err;
};

static void
row_clear(struct sheet *s)
{
	for (size_t i = 0; i < s->ncells; i++)
		s->cells[i] = NULL;
	s->ncells = 0;
}

static int
row_end(struct sheet *s, unsigned long rownum)
{
	struct csv_table *t = s->t;
	size_t last = 0;
	int any = 0;
	char **f;

	for (size_t i = 0; i < s->ncells; i++)
		if (s->cells[i] != NULL && !blank(s->cells[i])) {
			any = 1;
			last = i + 1;
		}
	if (!any)
		goto done; /* an empty row: skipped, like an empty line of a CSV */
	if (!s->header_done) {
		t->ncols = last;
		t->header = arena_alloc(&t->mem, last * sizeof *t->header);
		for (size_t i = 0; i < last; i++)
			t->header[i] = trimdup(&t->mem, s->cells[i] != NULL ? s->cells[i] : "");
		t->header_line = rownum;
		s->header_done = 1;
		goto done;
	}
	if (last > t->ncols) {
		char cn[8];
		col_name((long)last - 1, cn);
		row_clear(s);
		return wmsj_err_set(s->err, WMSJ_BADDATA,
				    _("%s:%lu: a value in column %s, right of the last header column"),
				    shown(t->name), rownum, cn);
	}
	f = arena_alloc(&t->mem, (t->ncols > 0 ? t->ncols : 1) * sizeof *f);
	for (size_t i = 0; i < t->ncols; i++)
		f[i] = i < s->ncells && s->cells[i] != NULL ? s->cells[i] : (char *)"";
	t->rows = xgrow(t->rows, &s->rcap, t->nrows + 1, sizeof *t->rows);
	t->rows[t->nrows].fields = f;
	t->rows[t->nrows].nfields = t->ncols;
	t->rows[t->nrows].line = rownum;
	t->nrows++;
done:
	row_clear(s);
	return WMSJ_OK;
}

static int
cell_end(struct sheet *s, unsigned long rownum, long col, const char *type, struct sb *val,
	 int have_v)
{
	struct csv_table *t = s->t;
	char *text;

	if (type != NULL && strcmp(type, "s") == 0) {
		char *end;
		unsigned long i;

		if (!have_v)
			return WMSJ_OK;
		errno = 0;
		i = strtoul(val->buf, &end, 10);
		if (end == val->buf || *end != '\0' || errno != 0 || i >= s->sst->n)
			return wmsj_err_set(s->err, WMSJ_BADDATA,
					    _("%s:%lu: damaged workbook: a cell refers to a missing shared string"),
					    shown(t->name), rownum);
		text = s->sst->s[i];
	} else if (type != NULL && strcmp(type, "b") == 0) {
		text = (char *)(strcmp(val->buf, "1") == 0 ? "TRUE" : "FALSE");
	} else if (type == NULL || strcmp(type, "n") == 0) {
		struct sb num;

		if (val->len == 0)
			return WMSJ_OK;
		sb_init(&num);
		number_text(val->buf, &num);
		text = arena_strndup(&t->mem, num.buf, num.len);
		sb_release(&num);
	} else { /* inlineStr, str (a formula's result), e (an error like #N/A), d */
		text = arena_strndup(&t->mem, val->buf, val->len);
	}
	if ((size_t)col >= s->cap) {
		size_t old = s->cap;
		s->cells = xgrow(s->cells, &s->cap, (size_t)col + 1, sizeof *s->cells);
		for (size_t i = old; i < s->cap; i++)
			s->cells[i] = NULL;
	}
	s->cells[col] = text;
	if ((size_t)col + 1 > s->ncells)
		s->ncells = (size_t)col + 1;
	return WMSJ_OK;
}

static int
sheet_parse(struct sheet *s, const char *xml, size_t len)
{
	struct csv_table *t = s->t;
	xmlTextReaderPtr r = reader_new(xml, len);
	struct sb val;
	char *type = NULL;
	unsigned long rownum = 0;
	long col = -1, next_col = 0;
	int in_row = 0, in_c = 0, in_v = 0, in_is = 0, in_t = 0, in_rph = 0, have_v = 0;
	int rc = WMSJ_OK, rr;

	if (r == NULL)
		return wmsj_err_set(s->err, WMSJ_BADDATA, _("%s: damaged workbook: the sheet is not XML"),
				    shown(t->name));
	sb_init(&val);
	while (rc == WMSJ_OK && (rr = xmlTextReaderRead(r)) == 1) {
		int nt = xmlTextReaderNodeType(r);

		if (nt == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);

			if (is(r, "row")) {
				char *rs = attr(r, "r"), *end;
				unsigned long n = rownum + 1;

				if (rs != NULL) {
					errno = 0;
					n = strtoul(rs, &end, 10);
					if (end == rs || *end != '\0' || errno != 0)
						n = 0;
					free(rs);
				}
				if (n == 0 || n > XLSX_ROWS_MAX || n <= rownum) {
					rc = wmsj_err_set(s->err, WMSJ_BADDATA,
							  _("%s: damaged workbook: row numbers out of order after row %lu"),
							  shown(t->name), rownum);
					break;
				}
				rownum = n;
				next_col = 0;
				in_row = !empty;
				if (empty)
					rc = row_end(s, rownum);
			} else if (is(r, "c") && in_row) {
				char *ref = attr(r, "r");

				col = ref != NULL ? ref_col(ref) : next_col;
				free(ref);
				if (col < 0 || col >= XLSX_COLS_MAX) {
					rc = wmsj_err_set(s->err, WMSJ_BADDATA,
							  _("%s:%lu: damaged workbook: a cell reference is malformed"),
							  shown(t->name), rownum);
					break;
				}
				next_col = col + 1;
				free(type);
				type = attr(r, "t");
				sb_reset(&val);
				have_v = 0;
				in_c = !empty;
				in_is = in_t = in_rph = in_v = 0;
			} else if (in_c && is(r, "v") && !empty) {
				in_v = 1;
				have_v = 1;
				sb_reset(&val);
			} else if (in_c && is(r, "is") && !empty) {
				in_is = 1;
			} else if (in_is && is(r, "rPh") && !empty) {
				in_rph++;
			} else if (in_is && is(r, "t") && !empty) {
				in_t = 1;
			}
		} else if (nt == XML_READER_TYPE_END_ELEMENT) {
			if (is(r, "row") && in_row) {
				in_row = 0;
				rc = row_end(s, rownum);
			} else if (is(r, "c") && in_c) {
				in_c = 0;
				rc = cell_end(s, rownum, col, type, &val, have_v);
			} else if (is(r, "v")) {
				in_v = 0;
			} else if (is(r, "is")) {
				in_is = 0;
			} else if (is(r, "rPh") && in_rph > 0) {
				in_rph--;
			} else if (is(r, "t")) {
				in_t = 0;
			}
		} else if (is_text(nt) && in_c) {
			if (in_v || (in_is && in_t && in_rph == 0))
				add_value(r, &val);
		}
	}
	if (rc == WMSJ_OK && rr != 0)
		rc = wmsj_err_set(s->err, WMSJ_BADDATA,
				  _("%s: damaged workbook: the sheet's XML is malformed"), shown(t->name));
	free(type);
	sb_release(&val);
	xmlFreeTextReader(r);
	return rc;
}

int
xlsx_table_parse(struct csv_table *t, const char *name, const char *buf, size_t len,
		 struct wmsj_err *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	char *wb = NULL, *rels = NULL, *ss = NULL, *sh = NULL, *rid = NULL, *part = NULL;
	size_t wblen, relslen, sslen, shlen;
	struct sst sst = {0};
	struct sheet s;
	int rc;

	memset(t, 0, sizeof *t);
	t->name = xstrdup(name);
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(buf, len, 0, &ze)) == NULL) {
		zip_error_fini(&ze);
		return wmsj_err_set(err, WMSJ_SYSERR, _("out of memory"));
	}
	if ((z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze)) == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s: not a workbook that can be read (not an .xlsx zip archive)"),
				    shown(name));
	}
	zip_error_fini(&ze);
	if ((rc = zip_part(z, name, "xl/workbook.xml", &wb, &wblen, err)) != WMSJ_OK)
		goto out;
	if ((rc = zip_part(z, name, "xl/_rels/workbook.xml.rels", &rels, &relslen, err)) != WMSJ_OK)
		goto out;
	if (wb != NULL && rels != NULL && (rid = first_sheet_rid(wb, wblen)) != NULL)
		part = rel_target(rels, relslen, rid, NULL);
	if (part == NULL)
		part = xstrdup("xl/worksheets/sheet1.xml");
	if ((rc = zip_part(z, name, part, &sh, &shlen, err)) != WMSJ_OK)
		goto out;
	if (sh == NULL) {
		rc = wmsj_err_set(err, WMSJ_BADDATA, _("%s: not a workbook that can be read (no worksheet)"),
				  shown(name));
		goto out;
	}
	free(part);
	part = rels != NULL ? rel_target(rels, relslen, NULL, "/sharedStrings") : NULL;
	if ((rc = zip_part(z, name, part != NULL ? part : "xl/sharedStrings.xml", &ss, &sslen,
			   err)) != WMSJ_OK)
		goto out;
	if (ss != NULL && sst_parse(&sst, &t->mem, ss, sslen) != 0) {
		rc = wmsj_err_set(err, WMSJ_BADDATA,
				  _("%s: damaged workbook: the shared strings are malformed"), shown(name));
		goto out;
	}
	memset(&s, 0, sizeof s);
	s.t = t;
	s.sst = &sst;
	s.err = err;
	rc = sheet_parse(&s, sh, shlen);
	free(s.cells);
	if (rc == WMSJ_OK && !s.header_done)
		rc = wmsj_err_set(err, WMSJ_BADDATA, _("%s: empty file, expected a header row"),
				  shown(name));
out:
	zip_discard(z);
	free(sst.s);
	free(wb);
	free(rels);
	free(ss);
	free(sh);
	free(rid);
	free(part);
	return rc;
}

int
sheet_table_read(struct csv_table *t, const char *path, enum wmsj_encoding enc,
		 void (*progress)(size_t done, size_t total, void *ud), void *ud,
		 struct wmsj_err *err)
{
	char *buf;
	size_t len;
	int rc;

	if ((rc = fsio_read_all(path, &buf, &len, err)) != WMSJ_OK) {
		memset(t, 0, sizeof *t);
		return rc;
	}
	if (xlsx_sniff(buf, len)) {
		rc = xlsx_table_parse(t, path, buf, len, err);
		if (progress != NULL)
			progress(len, len, ud);
	} else {
		rc = csv_table_parse(t, path, buf, len, enc, err);
		if (progress != NULL)
			progress(len, len, ud);
	}
	free(buf);
	return rc;
}

/* ---- writing ------------------------------------------------------------------- */

int
xlsx_cell_is_number(const char *s)
{
	size_t digits = 0;
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0' && p[1] != '\0' && p[1] != '.')
		return 0; /* a leading zero is part of a code */
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (digits == 0)
		return 0;
	if (*p == '.') {
		size_t frac = 0;
		for (p++; *p >= '0' && *p <= '9'; p++)
			frac++;
		if (frac == 0)
			return 0;
		digits += frac;
	}
	return *p == '\0' && digits <= 10;
}

/* Excel column width (in characters) for text of display width w. */
static double
col_width(size_t w)
{
	if (w < 4)
		w = 4;
	if (w > 60)
		w = 60;
	return (double)w + 2;
}

static int
copy_fd(int fd, FILE *f, struct wmsj_err *err)
{
	char buf[65536];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return wmsj_err_sys(err, errno, _("cannot write the workbook"));
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (fwrite(buf, 1, (size_t)n, f) != (size_t)n)
			return wmsj_err_sys(err, errno ? errno : EIO, _("write error"));
	if (n < 0)
		return wmsj_err_sys(err, errno, _("cannot write the workbook"));
	return WMSJ_OK;
}

int
xlsx_write(FILE *f, const char *const *cols, size_t ncols, char ***rows, size_t nrows,
	   struct wmsj_err *err)
{
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *text;
	lxw_error le = LXW_NO_ERROR;
	char path[64];
	size_t *w;
	int fd, rc = WMSJ_OK;

	if (nrows >= XLSX_ROWS_MAX || ncols > XLSX_COLS_MAX)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("%zu rows do not fit on one sheet (at most %d)"), nrows,
				    XLSX_ROWS_MAX - 1);
	/* The workbook is assembled in an anonymous memory file: libxlsxwriter
	 * needs a seekable file by name, and nothing may be left behind in a
	 * directory (the cells may hold ID numbers). */
	fd = memfd_create("wmsj-xlsx", MFD_CLOEXEC);
	if (fd < 0)
		return wmsj_err_sys(err, errno, _("cannot write the workbook"));
	xsnprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if ((wb = workbook_new(path)) == NULL) {
		close(fd);
		return wmsj_err_set(err, WMSJ_SYSERR, _("cannot write the workbook"));
	}
	ws = workbook_add_worksheet(wb, NULL);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_num_format(head, "@");
	text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	w = xcalloc(ncols + 1, sizeof *w);
	for (size_t c = 0; c < ncols; c++) {
		w[c] = wmsj_display_width(cols[c]);
		if (le == LXW_NO_ERROR)
			le = worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], head);
	}
	for (size_t r = 0; r < nrows && le == LXW_NO_ERROR; r++)
		for (size_t c = 0; c < ncols && le == LXW_NO_ERROR; c++) {
			const char *v = rows[r][c] != NULL ? rows[r][c] : "";
			size_t dw = wmsj_display_width(v);

			if (dw > w[c])
				w[c] = dw;
			if (*v == '\0')
				continue;
			if (xlsx_cell_is_number(v))
				le = worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
							    strtod(v, NULL), NULL);
			else
				le = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v,
							    text);
		}
	for (size_t c = 0; c < ncols && le == LXW_NO_ERROR; c++)
		le = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_width(w[c]), NULL);
	free(w);
	if (le == LXW_NO_ERROR)
		worksheet_freeze_panes(ws, 1, 0);
	if (le != LXW_NO_ERROR) {
		rc = wmsj_err_set(err, WMSJ_SYSERR, _("cannot write the workbook: %s"),
				  lxw_strerror(le));
		workbook_close(wb);
	} else if ((le = workbook_close(wb)) != LXW_NO_ERROR) {
		rc = wmsj_err_set(err, WMSJ_SYSERR, _("cannot write the workbook: %s"),
				  lxw_strerror(le));
	} else {
		rc = copy_fd(fd, f, err);
	}
	close(fd);
	return rc;
}

const char *
xlsx_header_label(const char *col)
{
	const char *zh = wmsj_column_zh(col); /* one list of headings: labels.c */

	return zh != NULL ? zh : col;
}

int
xlsx_write_out(FILE *f, const char *const *cols, size_t ncols, char ***rows, size_t nrows,
	       struct wmsj_err *err)
{
	const char **head = xcalloc(ncols + 1, sizeof *head);
	int rc;

	for (size_t c = 0; c < ncols; c++)
		head[c] = xlsx_header_label(cols[c]);
	rc = xlsx_write(f, head, ncols, rows, nrows, err);
	free(head);
	return rc;
}
