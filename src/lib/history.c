/* The register history: see history.h. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "clock.h"
#include "csvin.h"
#include "fsio.h"
#include "history.h"
#include "history_int.h"
#include "i18n.h"
#include "ledger.h"
#include "validate.h"

static const char *const reg_names[HR_NONE] = {"volunteer", "activity", "application"};
static const char *const reg_files[HR_NONE] = {"volunteers.csv", "activities.csv",
					       "applications.csv"};

const char *
hist_reg_name(enum hist_reg r)
{
	return r < HR_NONE ? reg_names[r] : "";
}

const char *
hist_reg_file(enum hist_reg r)
{
	return r < HR_NONE ? reg_files[r] : "";
}

static enum hist_reg
reg_parse(const char *s)
{
	for (int i = 0; i < HR_NONE; i++)
		if (strcmp(s, reg_names[i]) == 0)
			return (enum hist_reg)i;
	return HR_NONE;
}

void
hist_seq_format(uint64_t seq, char out[24])
{
	xsnprintf(out, 24, "R%08" PRIu64, seq);
}

int
hist_seq_parse(const char *s, uint64_t *seq)
{
	uint64_t v = 0;
	size_t i;

	if (s[0] != 'R' || s[1] == '\0')
		return -1;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i > 20 || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*seq = v;
	return 0;
}

/* Split one CSV record s[0..n) (RFC 4180 quoting, no line breaks) into at
 * most max fields, decoded in place: a decoded field is never longer than
 * its text, so each is written over its own bytes and NUL-terminated (over
 * the comma after it, or s[n], which the caller owns).  -1 when malformed. */
static int
split_inplace(char *s, size_t n, char **f, size_t max, size_t *nf)
{
	size_t i = 0, k = 0;

	for (;;) {
		char *w = s + i;

		if (k == max)
			return -1;
		f[k++] = w;
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				const char *q;

				if (i >= n)
					return -1;
				/* copy up to the next quote in one step */
				q = memchr(s + i, '"', n - i);
				if (q == NULL)
					return -1;
				memmove(w, s + i, (size_t)(q - (s + i)));
				w += q - (s + i);
				i = (size_t)(q - s);
				if (i + 1 < n && s[i + 1] == '"') {
					*w++ = '"';
					i += 2;
					continue;
				}
				i++;
				break;
			}
			if (i < n && s[i] != ',')
				return -1;
		} else {
			const char *c = memchr(s + i, ',', n - i);
			size_t e = c != NULL ? (size_t)(c - s) : n;

			if (memchr(s + i, '"', e - i) != NULL)
				return -1;
			w = s + e;
			i = e;
		}
		*w = '\0';
		if (i >= n)
			break;
		i++;   /* the comma */
	}
	*nf = k;
	return 0;
}

/* Values keep every character; a line break or a backslash is escaped
 * (\n, \r, \\) so that an event stays one physical line. */
static void
escape_value(struct sb *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n')
			sb_adds(sb, "\\n");
		else if (*s == '\r')
			sb_adds(sb, "\\r");
		else if (*s == '\\')
			sb_adds(sb, "\\\\");
		else
			sb_addc(sb, *s);
	}
	sb_addc(sb, '\0');
}

/* Undo escape_value in place (the value only shrinks). */
static const char *
unescape_inplace(char *s)
{
	char *w, *r = strchr(s, '\\');

	if (r == NULL)
		return s;
	for (w = r; *r != '\0'; r++) {
		if (*r == '\\' && r[1] != '\0') {
			r++;
			*w++ = *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return s;
}

#define NCOLS 8
#define MAX_KV 64

/* For an event of a register outside mask: its first six columns and its
 * hash cut at the commas without decoding (the tools write them without
 * quotes), its fields left undecoded.  0 (decode it all) when the line does
 * not look like that or its register is in mask. */
static int
quick_fields(char *line, size_t n, char **f, unsigned mask)
{
	char *p = line, *end = line + n, *comma[6];
	char reg[16];
	enum hist_reg r;

	if (n < 66 || line[n - 65] != ',')
		return 0;
	/* look first, cut after: a line this does not take stays intact */
	for (int k = 0; k < 6; k++) {
		char *c = memchr(p, ',', (size_t)(end - p));

		if (c == NULL || c > end - 65 || memchr(p, '"', (size_t)(c - p)) != NULL)
			return 0;
		f[k] = p;
		comma[k] = c;
		p = c + 1;
	}
	if ((size_t)(comma[2] - f[2]) >= sizeof reg)
		return 0;
	memcpy(reg, f[2], (size_t)(comma[2] - f[2]));
	reg[comma[2] - f[2]] = '\0';
	if ((r = reg_parse(reg)) == HR_NONE || (mask & (1u << r)))
		return 0;
	for (int k = 0; k < 6; k++)
		*comma[k] = '\0';
	f[6] = p;
	line[n - 65] = '\0';
	f[7] = line + n - 64;
	line[n] = '\0';
	return 1;
}

/* Parse the event line[0..n) in place (line[n] is its '\n', which the
 * parse may overwrite).  The fields of an event whose register is not in
 * mask are left unparsed (kv NULL, nkv 0). */
static int
parse_line(struct history *h, char *line, size_t n, size_t lineno, unsigned mask,
	   struct hist_event *e, struct wmsj_err *err)
{
	char *f[NCOLS], *kv[2 * MAX_KV];
	size_t nf, nkv;
	uint64_t seq;
	int y, m, d;

	memset(e, 0, sizeof *e);
	e->line = lineno;
	if ((mask == HIST_ALL || !quick_fields(line, n, f, mask)) &&
	    (split_inplace(line, n, f, NCOLS, &nf) != 0 || nf != NCOLS))
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s:%zu: line is not the history's own format (%s fields)"),
				    HIST_FILE, lineno, HIST_HEADER);
	if (hist_seq_parse(f[0], &seq) != 0)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: bad sequence '%s'"), HIST_FILE,
				    lineno, f[0]);
	e->seq = seq;
	e->date = f[1];
	if (wmsj_date_parse(e->date, &y, &m, &d) != 0)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: bad date '%s'"), HIST_FILE, lineno,
				    e->date);
	e->reg = reg_parse(f[2]);
	if (e->reg == HR_NONE)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: unknown register '%s'"), HIST_FILE,
				    lineno, f[2]);
	e->id = f[3];
	e->action = f[4];
	e->recorded = f[5];
	e->hash = f[7];
	if (e->id[0] == '\0' || strlen(e->hash) != 64)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: an event needs an id and a hash"),
				    HIST_FILE, lineno);
	if (!(mask & (1u << e->reg)))
		return WMSJ_OK;
	if (split_inplace(f[6], strlen(f[6]), kv, 2 * MAX_KV, &nkv) != 0 || nkv % 2 != 0)
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s:%zu: the fields are not name,value pairs"), HIST_FILE,
				    lineno);
	e->nkv = nkv / 2;
	e->kv = arena_alloc(&h->a, (nkv > 0 ? nkv : 1) * sizeof *e->kv);
	for (size_t i = 0; i < nkv; i++)
		e->kv[i] = i % 2 == 1 ? unescape_inplace(kv[i]) : kv[i];
	return WMSJ_OK;
}

int
hist_parse_event(struct history *h, char *line, size_t n, size_t lineno, unsigned mask,
		 struct hist_event *e, struct wmsj_err *err)
{
	return parse_line(h, line, n, lineno, mask, e, err);
}

int
hist_load(struct history *h, const char *dir, unsigned flags, struct wmsj_err *err)
{
	return hist_load_regs(h, dir, flags, HIST_ALL, err);
}

int
hist_load_regs(struct history *h, const char *dir, unsigned flags, unsigned mask,
	       struct wmsj_err *err)
{
	char *buf = NULL, *p, *end;
	size_t len = 0, lineno = 1;
	off_t stable;
	int rc;

	memset(h, 0, sizeof *h);
	memcpy(h->last_hash, ledger_zero_hash, 65);
	h->mask = mask;
	stable = fsio_stable_size(dir, HIST_FILE, err);
	if (stable < 0)
		return WMSJ_SYSERR;
	rc = fsio_read_in(dir, HIST_FILE, &buf, &len, err);
	if (rc != WMSJ_OK)
		return rc;
	if (buf == NULL)
		return WMSJ_OK;
	/* The events' strings point into the file's bytes (parsed in place). */
	h->buf = buf;
	h->exists = 1;
	if ((off_t)len > stable)
		len = (size_t)stable;
	h->size = (off_t)len;
	p = buf;
	end = buf + len;
	{
		/* one event a line: size the array once */
		size_t lines = 0;
		const char *q = buf;

		while (q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
			lines++;
			q++;
		}
		if (lines > 1)
			h->ev = xgrow(h->ev, &h->cap, lines, sizeof *h->ev);
	}
	if (len > 0) {
		const char *eol = memchr(p, '\n', len);
		if (eol == NULL || (size_t)(eol - p) != strlen(HIST_HEADER) ||
		    memcmp(p, HIST_HEADER, strlen(HIST_HEADER)) != 0)
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:1: the header is not '%s'"),
					    HIST_FILE, HIST_HEADER);
		p = (char *)eol + 1;
	}
	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		char hex[65];
		struct hist_event e;
		size_t n, upto = 0;

		lineno++;
		if (eol == NULL) {
			rc = wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: last line is incomplete"),
					  HIST_FILE, lineno);
			break;
		}
		n = (size_t)(eol - p);
		if (!wmsj_utf8_valid(p, n)) {
			rc = wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: not valid UTF-8"), HIST_FILE,
					  lineno);
			break;
		}
		if (flags & HIST_VERIFY) {
			/* the chain covers the bytes as written: hash them before
			 * the parse decodes them in place */
			upto = n >= 65 ? n - 65 : 0;   /* ",<64 hex>" */
			ledger_hash(h->last_hash, p, upto, hex);
			if (p[upto] != ',')
				hex[0] = '\0';
		}
		rc = parse_line(h, p, n, lineno, mask, &e, err);
		if (rc != WMSJ_OK)
			break;
		e.off = (off_t)(p - buf);
		if (flags & HIST_VERIFY) {
			if (e.seq != h->last_seq + 1) {
				char want[24], got[24];
				hist_seq_format(h->last_seq + 1, want);
				hist_seq_format(e.seq, got);
				rc = wmsj_err_set(err, WMSJ_BADDATA,
						  _("%s:%zu: sequence '%s' where '%s' was expected"),
						  HIST_FILE, lineno, got, want);
				break;
			}
			if (strcmp(hex, e.hash) != 0) {
				rc = wmsj_err_set(err, WMSJ_BADDATA,
						  _("%s:%zu: hash does not match the event"), HIST_FILE,
						  lineno);
				break;
			}
		}
		h->ev = xgrow(h->ev, &h->cap, h->n + 1, sizeof *h->ev);
		h->ev[h->n++] = e;
		h->count[e.reg]++;
		h->last_seq = e.seq;
		memcpy(h->last_hash, e.hash, 65);
		p = eol + 1;
	}
	return rc;
}

int
hist_load_for_write(struct history *h, const char *dir, struct wmsj_err *err)
{
	int repaired = 0, rc;

	/* An append a writer was killed in is rolled back first. */
	rc = fsio_recover(dir, HIST_FILE, &repaired, err);
	if (rc != WMSJ_OK) {
		memset(h, 0, sizeof *h);
		return rc;
	}
	return hist_load(h, dir, HIST_VERIFY, err);
}

/* ---- the head for a writer ------------------------------------------------ */

/* pread len bytes at off into a malloc'ed, NUL-terminated buffer; NULL on
 * a short read. */
static char *
read_at(int fd, off_t off, size_t len)
{
	char *b = xmalloc(len + 1);

	if (fsio_pread_full(fd, b, len, off) != 0) {
		free(b);
		return NULL;
	}
	b[len] = '\0';
	return b;
}

struct hchk {
	uint64_t seq;
	off_t off;
	char hash[65], prev[65];
	char maxdate[HR_NONE][11];
};

/* The checkpoint, believed: 0 and *c (prev: the hash of the line before
 * the event), or -1. */
static int
chk_load(const char *dir, int fd, off_t size, struct hchk *c)
{
	struct wmsj_err e2;
	char *buf = NULL, md[HR_NONE][16];
	size_t len, hl = strlen(HIST_HEADER) + 1;
	unsigned long long seq, off;
	uint64_t lseq;
	int ok;

	if (fsio_read_in(dir, HIST_CHK_FILE, &buf, &len, &e2) != WMSJ_OK || buf == NULL) {
		free(buf);
		return -1;
	}
	ok = sscanf(buf, "%llu,%llu,%64[0-9a-f],%15[-0-9],%15[-0-9],%15[-0-9]", &seq, &off, c->hash,
		    md[0], md[1], md[2]) == 6 && strlen(c->hash) == 64;
	free(buf);
	if (!ok)
		return -1;
	for (int r = 0; r < HR_NONE; r++) {
		if (strcmp(md[r], "-") == 0)
			c->maxdate[r][0] = '\0';
		else if (strlen(md[r]) == 10)
			memcpy(c->maxdate[r], md[r], 11);
		else
			return -1;
	}
	/* the hash of the line before, and the event's line */
	if ((off_t)off >= size || ledger_prev_hash_at(fd, (off_t)off, hl, c->prev) != 0)
		return -1;
	{
		size_t n;
		char *ev = fsio_pread_line(fd, (off_t)off, 1u << 20, &n), *comma;

		ok = ev != NULL && (off_t)(off + n) < size && n > 66 && ev[n - 65] == ',' &&
		     memcmp(ev + n - 64, c->hash, 64) == 0 && (comma = memchr(ev, ',', n)) != NULL;
		if (ok) {
			*comma = '\0';
			ok = hist_seq_parse(ev, &lseq) == 0 && lseq == seq;
		}
		free(ev);
	}
	if (!ok)
		return -1;
	c->seq = seq;
	c->off = (off_t)off;
	return 0;
}

static void
chk_write(const char *dir, uint64_t seq, off_t off, const char *hash,
	  char maxdate[HR_NONE][11])
{
	char line[256];
	struct wmsj_err e2;
	int k = snprintf(line, sizeof line, "%llu,%lld,%s,%s,%s,%s\n", (unsigned long long)seq,
			 (long long)off, hash, maxdate[0][0] ? maxdate[0] : "-",
			 maxdate[1][0] ? maxdate[1] : "-", maxdate[2][0] ? maxdate[2] : "-");

	if (k > 0 && (size_t)k < sizeof line)
		(void)fsio_rewrite_aside(dir, HIST_CHK_FILE, line, (size_t)k, &e2);
}

/* Verify the events in buf[0..len) (starting at file offset base, line
 * lineno the first), chained from h's head; h's head and maxdate move on.
 * *last_off: the offset of the last event.  WMSJ_OK or BADDATA. */
static int
verify_events(struct history *h, char *buf, size_t len, off_t base, size_t lineno,
	      off_t *last_off, uint64_t *count, struct wmsj_err *err)
{
	char *p = buf, *end = buf + len;

	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		char hex[65];
		struct hist_event e;
		size_t n, upto;
		int rc;

		if (eol == NULL)
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: last line is incomplete"),
					    HIST_FILE, lineno);
		n = (size_t)(eol - p);
		if (!wmsj_utf8_valid(p, n))
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: not valid UTF-8"), HIST_FILE,
					    lineno);
		upto = n >= 65 ? n - 65 : 0;
		ledger_hash(h->last_hash, p, upto, hex);
		if (p[upto] != ',')
			hex[0] = '\0';
		*last_off = base + (off_t)(p - buf);
		rc = parse_line(h, p, n, lineno, 0, &e, err);
		if (rc != WMSJ_OK)
			return rc;
		if (e.seq != h->last_seq + 1) {
			char want[24], got[24];

			hist_seq_format(h->last_seq + 1, want);
			hist_seq_format(e.seq, got);
			return wmsj_err_set(err, WMSJ_BADDATA,
					    _("%s:%zu: sequence '%s' where '%s' was expected"), HIST_FILE,
					    lineno, got, want);
		}
		if (strcmp(hex, e.hash) != 0)
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: hash does not match the event"),
					    HIST_FILE, lineno);
		if (strcmp(e.date, h->maxdate[e.reg]) > 0)
			snprintf(h->maxdate[e.reg], 11, "%s", e.date);
		h->count[e.reg]++;
		h->last_seq = e.seq;
		memcpy(h->last_hash, e.hash, 65);
		(*count)++;
		lineno++;
		p = eol + 1;
	}
	return WMSJ_OK;
}

int
hist_head_for_write(struct history *h, const char *dir, struct wmsj_err *err)
{
	struct wmsj_err e2;
	struct hchk c;
	off_t stable, start, last_off = -1;
	size_t hl = strlen(HIST_HEADER) + 1, lineno = 2;
	uint64_t count = 0;
	char *buf;
	int repaired = 0, fd, rc;

	memset(h, 0, sizeof *h);
	memcpy(h->last_hash, ledger_zero_hash, 65);
	h->head_only = 1;
	rc = fsio_recover(dir, HIST_FILE, &repaired, err);
	if (rc != WMSJ_OK)
		return rc;
	stable = fsio_stable_size(dir, HIST_FILE, err);
	if (stable < 0)
		return WMSJ_SYSERR;
	fd = fsio_open_in(dir, HIST_FILE, O_RDONLY, 0, &e2);
	if (fd < 0) {
		if (errno == ENOENT)
			return WMSJ_OK;
		*err = e2;
		return WMSJ_SYSERR;
	}
	h->exists = 1;
	h->size = stable;
	start = (off_t)hl;
	if (stable > ledger_writer_verify_bytes() && chk_load(dir, fd, stable, &c) == 0) {
		/* from the checkpoint's event, chained from the line before it */
		start = c.off;
		h->last_seq = c.seq - 1;
		memcpy(h->last_hash, c.prev, 65);
		memcpy(h->maxdate, c.maxdate, sizeof h->maxdate);
		lineno = (size_t)c.seq + 1;
	} else if (stable > 0) {
		char *head = read_at(fd, 0, stable < (off_t)hl ? (size_t)stable : hl);

		if (head == NULL || stable < (off_t)hl || memcmp(head, HIST_HEADER, hl - 1) != 0 ||
		    head[hl - 1] != '\n') {
			free(head);
			close(fd);
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:1: the header is not '%s'"),
					    HIST_FILE, HIST_HEADER);
		}
		free(head);
	}
	if (stable <= start) {
		close(fd);
		return WMSJ_OK;
	}
	buf = read_at(fd, start, (size_t)(stable - start));
	close(fd);
	if (buf == NULL)
		return wmsj_err_sys(err, EIO, _("cannot read '%s'"), HIST_FILE);
	rc = verify_events(h, buf, (size_t)(stable - start), start, lineno, &last_off, &count, err);
	free(buf);
	if (rc == WMSJ_OK && count > HIST_CHK_EVERY && last_off >= 0)
		chk_write(dir, h->last_seq, last_off, h->last_hash, h->maxdate);
	return rc;
}

void
hist_release(struct history *h)
{
	arena_release(&h->a);
	free(h->buf);
	free(h->ev);
	memset(h, 0, sizeof *h);
}

int
hist_event_counts(const struct hist_event *e, const char *as_of, uint64_t max_seq)
{
	if (max_seq != 0 && e->seq > max_seq)
		return 0;
	return as_of == NULL || strcmp(e->date, as_of) <= 0;
}

void
hist_reg_maxdate(const struct history *h, enum hist_reg reg, char out[11])
{
	out[0] = '\0';
	for (size_t i = 0; i < h->n; i++)
		if (h->ev[i].reg == reg && strcmp(h->ev[i].date, out) > 0)
			snprintf(out, 11, "%s", h->ev[i].date);
}

void
hist_batch_init(struct hist_batch *b, const struct history *h)
{
	memset(b, 0, sizeof *b);
	sb_init(&b->rows);
	if (h->head_only)
		memcpy(b->maxdate, h->maxdate, sizeof b->maxdate);
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->ev[i].date, b->maxdate[h->ev[i].reg]) > 0)
			snprintf(b->maxdate[h->ev[i].reg], 11, "%s", h->ev[i].date);
	b->next_seq = h->last_seq + 1;
	memcpy(b->last_hash, h->last_hash, 65);
	b->prev_seq = h->last_seq;
	memcpy(b->prev_hash, h->last_hash, 65);
}

void
hist_batch_release(struct hist_batch *b)
{
	sb_release(&b->rows);
	memset(b, 0, sizeof *b);
}

static int
value_ok(const char *s)
{
	return wmsj_utf8_valid(s, strlen(s));
}

int
hist_batch_add(struct hist_batch *b, const char *date, enum hist_reg reg, const char *id,
	       const char *action, const char *const *kv, size_t nkv, struct wmsj_err *err)
{
	struct sb fields;
	char seq[24], hex[65];
	size_t start = b->rows.len;
	int y, m, d;

	if (date == NULL || wmsj_date_parse(date, &y, &m, &d) != 0)
		return wmsj_err_set(err, WMSJ_REFUSED, _("a register change needs a date"));
	if (nkv > MAX_KV)
		return wmsj_err_set(err, WMSJ_REFUSED, _("too many fields in one change"));
	for (size_t i = 0; i < 2 * nkv; i++)
		if (!value_ok(kv[i] != NULL ? kv[i] : ""))
			return wmsj_err_set(err, WMSJ_REFUSED, _("'%s' is not valid UTF-8"),
					    kv[i & ~(size_t)1]);
	if (strpbrk(id, "\r\n,\"") != NULL || !value_ok(id))
		return wmsj_err_set(err, WMSJ_REFUSED, _("an id may not hold a line break, a comma or a quote"));
	sb_init(&fields);
	{
		struct sb v;

		sb_init(&v);
		for (size_t i = 0; i < 2 * nkv; i++) {
			if (i > 0)
				sb_addc(&fields, ',');
			sb_reset(&v);
			escape_value(&v, kv[i] != NULL ? kv[i] : "");
			csv_sb_field(&fields, v.buf);
		}
		sb_release(&v);
	}
	sb_addc(&fields, '\0');
	hist_seq_format(b->next_seq, seq);
	sb_adds(&b->rows, seq);
	sb_addc(&b->rows, ',');
	sb_adds(&b->rows, date);
	sb_addc(&b->rows, ',');
	sb_adds(&b->rows, hist_reg_name(reg));
	sb_addc(&b->rows, ',');
	csv_sb_field(&b->rows, id);
	sb_addc(&b->rows, ',');
	sb_adds(&b->rows, action);
	sb_addc(&b->rows, ',');
	sb_adds(&b->rows, wmsj_now());
	sb_addc(&b->rows, ',');
	csv_sb_field(&b->rows, fields.buf);
	sb_release(&fields);
	ledger_hash(b->last_hash, b->rows.buf + start, b->rows.len - start, hex);
	sb_addc(&b->rows, ',');
	sb_adds(&b->rows, hex);
	sb_addc(&b->rows, '\n');
	memcpy(b->last_hash, hex, 65);
	b->next_seq++;
	b->n++;
	b->regs |= 1u << reg;
	if (strcmp(date, b->maxdate[reg]) > 0)
		snprintf(b->maxdate[reg], 11, "%s", date);
	return WMSJ_OK;
}

int
hist_batch_commit(struct hist_batch *b, const char *dir, struct wmsj_err *err)
{
	int rc;

	if (b->n == 0)
		return WMSJ_OK;
	if (b->next_seq - b->n == 1) {
		/* The first events: the header goes in the same append, so a
		 * history is never a header alone left by a failed command. */
		struct sb all;

		sb_init(&all);
		sb_adds(&all, HIST_HEADER "\n");
		sb_add(&all, b->rows.buf, b->rows.len);
		rc = fsio_append(dir, HIST_FILE, all.buf, all.len, err);
		sb_release(&all);
	} else {
		rc = fsio_append(dir, HIST_FILE, b->rows.buf, b->rows.len, err);
	}
	return rc;
}

void
hist_head(const struct history *h, char out[96])
{
	char seq[24];

	out[0] = '\0';
	if (h->last_seq == 0)
		return;
	hist_seq_format(h->last_seq, seq);
	snprintf(out, 96, "%s:%s", seq, h->last_hash);
}

int
hist_check_seal(const struct history *h, uint64_t seq, const char *hash, struct wmsj_err *err)
{
	char s[24];

	hist_seq_format(seq, s);
	if (seq == 0)
		return wmsj_err_set(err, WMSJ_REFUSED, _("a seal of sequence 0 certifies nothing"));
	if (seq > h->last_seq || h->n == 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("%s: the history has no event '%s' (cut off?)"), HIST_FILE, s);
	/* Events are consecutive from R00000001 when the chain holds. */
	{
		const struct hist_event *e = &h->ev[seq - 1 < h->n ? seq - 1 : h->n - 1];
		if (e->seq != seq) {
			for (size_t i = 0; i < h->n; i++)
				if (h->ev[i].seq == seq) {
					e = &h->ev[i];
					break;
				}
		}
		if (e->seq != seq)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("%s: the history has no event '%s' (cut off?)"),
					    HIST_FILE, s);
		if (strcmp(e->hash, hash) != 0)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("%s:%zu: event '%s' no longer carries the sealed hash "
					      "(the history was rewritten)"), HIST_FILE, e->line, s);
	}
	return WMSJ_OK;
}

/* The first line where the file's bytes differ from want (1-based). */
static size_t
first_diff_line(const char *a, size_t na, const char *b, size_t nb)
{
	size_t line = 1, n = na < nb ? na : nb;

	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i])
			return line;
		if (a[i] == '\n')
			line++;
	}
	return na == nb ? 0 : line;
}

int
hist_view_check(const char *dir, const char *file, struct wmsj_err *err)
{
	struct stat st;
	int fd = fsio_open_in(dir, file, O_RDONLY | O_NONBLOCK, 0, err), rc = WMSJ_OK;

	if (fd < 0) {
		if (errno == ENOENT) {
			wmsj_err_clear(err);
			return WMSJ_OK;
		}
		return WMSJ_SYSERR;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		char *path = fsio_path(dir, file);
		rc = wmsj_err_set(err, WMSJ_SYSERR, _("cannot read '%s': not a regular file"), path);
		free(path);
	}
	close(fd);
	return rc;
}

/* DIR/.views: for each view, the history's head when it was last known to
 * be the history's register ("volunteers.csv R00000061:<hex> <view hex>" a
 * line): the head's sequence and hash, and the hash of the view's bytes
 * (ledger_hash from 64 zeros).  A view a killed writer left behind its
 * history is known to be stale; a view whose stamp names the history's
 * last event and whose bytes still have the stamped hash is exactly the
 * register the history gives today (hist_view_fresh).  Only a shortcut:
 * a stamp that is missing, stale or cannot be written costs speed, never
 * an answer. */
#define STAMP_FILE ".views"

struct stamp {
	uint64_t seq;
	char hash[65], view[128];  /* view "" when the stamp has none */
	char maxdate[11];          /* its register's latest event date, "" unknown */
};

static int
stamp_parse(char *line, const char *file, struct stamp *st)
{
	size_t fl = strlen(file);
	char *colon, *sp;

	if (strncmp(line, file, fl) != 0 || line[fl] != ' ')
		return 0;
	colon = strchr(line + fl + 1, ':');
	if (colon == NULL)
		return 0;
	*colon = '\0';
	sp = strchr(colon + 1, ' ');
	if (sp != NULL)
		*sp = '\0';
	if (strlen(colon + 1) != 64 || hist_seq_parse(line + fl + 1, &st->seq) != 0 ||
	    (sp != NULL && strlen(sp + 1) >= sizeof st->view))
		return 0;
	memcpy(st->hash, colon + 1, 65);
	st->view[0] = st->maxdate[0] = '\0';
	if (sp != NULL) {
		char *d = strchr(sp + 1, ' ');

		if (d != NULL) {
			*d = '\0';
			if (d[1] == 'd' && strlen(d + 2) == 10 &&
			    wmsj_date_parse(d + 2, NULL, NULL, NULL) == 0)
				memcpy(st->maxdate, d + 2, 11);
		}
		snprintf(st->view, sizeof st->view, "%s", sp + 1);
	}
	return 1;
}

static int
stamp_get(const char *dir, const char *file, uint64_t *seq, char hash[65])
{
	struct stamp st;
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	struct wmsj_err e2;
	int found = 0;

	if (fsio_read_in(dir, STAMP_FILE, &buf, &len, &e2) != WMSJ_OK || buf == NULL) {
		free(buf);
		return 0;
	}
	for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		if (stamp_parse(line, file, &st)) {
			*seq = st.seq;
			memcpy(hash, st.hash, 65);
			found = 1;
		}
	free(buf);
	return found;
}

static int
stamp_get_full(const char *dir, const char *file, struct stamp *out)
{
	struct stamp st;
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	struct wmsj_err e2;
	int found = 0;

	if (fsio_read_in(dir, STAMP_FILE, &buf, &len, &e2) != WMSJ_OK || buf == NULL) {
		free(buf);
		return 0;
	}
	for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		if (stamp_parse(line, file, &st)) {
			*out = st;
			found = 1;
		}
	free(buf);
	return found;
}

static void
stamp_line(struct sb *sb, const char *file, uint64_t seq, const char *hash, const char *view,
	   const char *maxdate)
{
	char r[24];

	hist_seq_format(seq, r);
	if (view != NULL && view[0] != '\0' && maxdate != NULL && maxdate[0] != '\0')
		sb_addf(sb, "%s %s:%s %s d%s\n", file, r, hash, view, maxdate);
	else if (view != NULL && view[0] != '\0')
		sb_addf(sb, "%s %s:%s %s\n", file, r, hash, view);
	else
		sb_addf(sb, "%s %s:%s\n", file, r, hash);
}

/* Stamp FILE at seq:hash with token tok; with b (the batch just appended),
 * the other views that were current at the head before it move to its new
 * head in the same rewrite (the batch changed none of their registers). */
static void
stamp_put(const char *dir, const char *file, uint64_t seq, const char *hash, const char *view,
	  const char *maxdate, const struct hist_batch *b)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0, fl = strlen(file);
	struct wmsj_err e2;
	struct sb sb;

	sb_init(&sb);
	if (fsio_read_in(dir, STAMP_FILE, &buf, &len, &e2) == WMSJ_OK && buf != NULL)
		for (line = strtok_r(buf, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			char copy[256];
			struct stamp st;
			int done = 0;

			if (strncmp(line, file, fl) == 0 && line[fl] == ' ')
				continue;
			for (int r = 0; b != NULL && r < HR_NONE && !done; r++) {
				const char *other = hist_reg_file((enum hist_reg)r);

				snprintf(copy, sizeof copy, "%s", line);
				if (!(b->regs & (1u << r)) && stamp_parse(copy, other, &st) &&
				    st.seq == b->prev_seq && strcmp(st.hash, b->prev_hash) == 0) {
					stamp_line(&sb, other, b->next_seq - 1, b->last_hash, st.view,
						   st.maxdate);
					done = 1;
				}
			}
			if (!done)
				sb_addf(&sb, "%s\n", line);
		}
	free(buf);
	stamp_line(&sb, file, seq, hash, view, maxdate);
	fsio_rewrite_aside(dir, STAMP_FILE, sb.buf, sb.len, &e2);
	sb_release(&sb);
}

/* What a view's stamp binds it to, as git's index binds a file: its inode,
 * size and modification and change times (an edit, a copy or a restore
 * changes one of them; the change time cannot be set back). */
static void
view_token(const struct stat *st, char out[128])
{
	xsnprintf(out, 128, "i%llu.%lld.%lld.%ld.%lld.%ld", (unsigned long long)st->st_ino,
		 (long long)st->st_size, (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec,
		 (long long)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec);
}

/* The history's last event (within its stable size), read from its end:
 * its sequence and hash.  0 when there is none or it cannot be read. */
static int
hist_tail(const char *dir, uint64_t *seq, char hash[65])
{
	char tail[4096 + 1];
	struct wmsj_err e2;
	off_t size, from;
	ssize_t got;
	int fd, ok = 0;

	size = fsio_stable_size(dir, HIST_FILE, &e2);
	if (size <= 0)
		return 0;
	fd = fsio_open_in(dir, HIST_FILE, O_RDONLY | O_NONBLOCK, 0, &e2);
	if (fd < 0)
		return 0;
	from = size > 4096 ? size - 4096 : 0;
	got = pread(fd, tail, (size_t)(size - from), from);
	close(fd);
	if (got == (ssize_t)(size - from) && got > 66 && tail[got - 1] == '\n') {
		char *start, *comma;

		tail[got - 1] = '\0';
		start = strrchr(tail, '\n');
		start = start != NULL ? start + 1 : (from == 0 ? tail : NULL);
		comma = start != NULL ? strchr(start, ',') : NULL;
		if (comma != NULL && (size_t)(tail + got - 1 - start) > 65 &&
		    tail[got - 1 - 65] == ',') {
			*comma = '\0';
			if (hist_seq_parse(start, seq) == 0) {
				memcpy(hash, tail + got - 64 - 1, 64);
				hash[64] = '\0';
				ok = 1;
			}
		}
	}
	return ok;
}

/* The view of reg, opened, when its stamp vouches for it as of as_of up to
 * max_seq: its fd (else -1), head and token filled. */
static int
view_open_fresh(const char *dir, enum hist_reg reg, const char *as_of, uint64_t max_seq,
		char head[96], char tok[128], off_t *size)
{
	struct stamp st;
	struct stat sb;
	uint64_t seq;
	char hash[65];
	struct wmsj_err e2;
	int fd;

	if (getenv("WMSJ_NO_VIEW_STAMP") != NULL)
		return -1;
	if (!stamp_get_full(dir, hist_reg_file(reg), &st) || st.view[0] != 'i' ||
	    !hist_tail(dir, &seq, hash) || seq != st.seq || strcmp(hash, st.hash) != 0 ||
	    (max_seq != 0 && max_seq < seq) ||
	    (as_of != NULL && (st.maxdate[0] == '\0' || strcmp(st.maxdate, as_of) > 0)))
		return -1;
	if (head != NULL) {
		char r[24];

		hist_seq_format(seq, r);
		snprintf(head, 96, "%s:%s", r, hash);
	}
	fd = fsio_open_in(dir, hist_reg_file(reg), O_RDONLY | O_NONBLOCK, 0, &e2);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (view_token(&sb, tok), 0) ||
	    strcmp(tok, st.view) != 0) {
		close(fd);
		return -1;
	}
	*size = sb.st_size;
	return fd;
}

int
hist_view_open(const char *dir, enum hist_reg reg, char head[96], char tok[128])
{
	struct stat sb;
	struct wmsj_err e2;
	off_t size;
	int fd = view_open_fresh(dir, reg, NULL, 0, head, tok, &size);

	if (fd >= 0 || !hist_reg_empty(dir, reg))
		return fd;
	/* A register older than its history: its file is the register. */
	fd = fsio_open_in(dir, hist_reg_file(reg), O_RDONLY | O_NONBLOCK, 0, &e2);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -1;
	}
	view_token(&sb, tok);
	snprintf(head, 96, "-");
	return fd;
}

int
hist_view_fresh(const char *dir, enum hist_reg reg, const char *as_of, uint64_t max_seq,
		char head[96], char **buf, size_t *len)
{
	char tok[128];
	size_t cap, n = 0;
	off_t size;
	int fd;

	*buf = NULL;
	*len = 0;
	fd = view_open_fresh(dir, reg, as_of, max_seq, head, tok, &size);
	if (fd < 0)
		return 0;
	cap = (size_t)size + 1;
	*buf = xmalloc(cap);
	for (;;) {
		ssize_t got = read(fd, *buf + n, cap - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || (got == 0 && n != (size_t)size) || n + (size_t)got >= cap) {
			/* an error, or the file is not the size stamped: read the history */
			close(fd);
			free(*buf);
			*buf = NULL;
			return 0;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	*len = n;
	return 1;
}

/* Stamp checks for one register against the history's head: 1 when its
 * stamp names the head and (a view's stamp) the view is the file stamped,
 * or (a "-" stamp) the register has no event. */
static int
stamp_at_head(const char *dir, enum hist_reg reg, uint64_t seq, const char *hash, int *empty)
{
	struct stamp st;
	struct stat sb;
	char tok[128];
	struct wmsj_err e2;
	int fd, ok = 0;

	*empty = 0;
	if (!stamp_get_full(dir, hist_reg_file(reg), &st) || st.seq != seq ||
	    strcmp(st.hash, hash) != 0)
		return 0;
	if (strcmp(st.view, "-") == 0) {
		*empty = 1;
		return 1;
	}
	if (st.view[0] != 'i')
		return 0;
	fd = fsio_open_in(dir, hist_reg_file(reg), O_RDONLY | O_NONBLOCK, 0, &e2);
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		view_token(&sb, tok);
		ok = strcmp(tok, st.view) == 0;
	}
	close(fd);
	return ok;
}

int
hist_views_fresh_all(const char *dir)
{
	uint64_t seq;
	char hash[65];
	int empty;

	if (getenv("WMSJ_NO_VIEW_STAMP") != NULL || !hist_tail(dir, &seq, hash))
		return 0;
	for (int r = 0; r < HR_NONE; r++)
		if (!stamp_at_head(dir, (enum hist_reg)r, seq, hash, &empty))
			return 0;
	return 1;
}

int
hist_reg_empty(const char *dir, enum hist_reg reg)
{
	uint64_t seq;
	char hash[65];
	int empty;

	if (getenv("WMSJ_NO_VIEW_STAMP") != NULL || !hist_tail(dir, &seq, hash))
		return 0;
	return stamp_at_head(dir, reg, seq, hash, &empty) && empty;
}

void
hist_mark_empty(const struct history *h, const char *dir, enum hist_reg reg)
{
	if (h->n > 0 && h->count[reg] == 0)
		stamp_put(dir, hist_reg_file(reg), h->last_seq, h->last_hash, "-", NULL, NULL);
}

int
hist_view_stamped(const char *dir, enum hist_reg reg)
{
	struct stamp st;
	struct stat sb;
	char tok[128];
	struct wmsj_err e2;
	int fd, ok = 0;

	if (!stamp_get_full(dir, hist_reg_file(reg), &st) || st.view[0] != 'i')
		return 0;
	fd = fsio_open_in(dir, hist_reg_file(reg), O_RDONLY | O_NONBLOCK, 0, &e2);
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		view_token(&sb, tok);
		ok = strcmp(tok, st.view) == 0;
	}
	close(fd);
	return ok;
}

void
hist_view_restamp(const struct history *h, const char *dir, enum hist_reg reg)
{
	struct stamp st;
	struct stat sb;
	char tok[128];
	struct wmsj_err e2;
	int fd;

	if (h->n == 0 || !stamp_get_full(dir, hist_reg_file(reg), &st) || st.seq == h->last_seq ||
	    st.view[0] != 'i' || !hist_view_current(h, dir, reg))
		return;
	fd = fsio_open_in(dir, hist_reg_file(reg), O_RDONLY | O_NONBLOCK, 0, &e2);
	if (fd < 0)
		return;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (view_token(&sb, tok), 1) &&
	    strcmp(tok, st.view) == 0)
	{
		char maxdate[11];

		hist_reg_maxdate(h, reg, maxdate);
		stamp_put(dir, hist_reg_file(reg), h->last_seq, h->last_hash, tok, maxdate, NULL);
	}
	close(fd);
}

int
hist_view_current(const struct history *h, const char *dir, enum hist_reg reg)
{
	uint64_t seq;
	char hash[65];

	if (!stamp_get(dir, hist_reg_file(reg), &seq, hash) || seq == 0 || seq > h->last_seq ||
	    seq > h->n || h->ev[seq - 1].seq != seq || strcmp(h->ev[seq - 1].hash, hash) != 0)
		return 0;
	for (size_t i = seq; i < h->n; i++)
		if (h->ev[i].reg == reg)
			return 0;
	return 1;
}

int
hist_view_write(const char *dir, const char *file, const struct sb *before, const struct sb *after,
	      int legacy, uint64_t seq, const char *hash, const char *maxdate,
	      const struct hist_batch *b, struct wmsj_err *err)
{
	char *cur = NULL;
	size_t len = 0;
	struct wmsj_err e2;
	int same = 0, rc;

	if (fsio_read_in(dir, file, &cur, &len, &e2) == WMSJ_OK && cur != NULL) {
		/* A view that differs from what the history said before this
		 * command was edited by hand: say so, then write the history's. */
		if (!legacy && before != NULL) {
			size_t line = first_diff_line(cur, len, before->buf, before->len);
			if (line > 0) {
				char msg[512];
				snprintf(msg, sizeof msg,
					 _("%s:%zu: the file had been changed by hand; it is rewritten "
					   "from the register's history (make changes with the tools)"),
					 file, line);
				fsio_commit_warn(msg);
			}
		}
		/* a copied or restored view that is the history's already is
		 * only stamped */
		same = len == after->len && (len == 0 || memcmp(cur, after->buf, len) == 0);
	}
	free(cur);
	/* the command's own change is a commit point (with fault points); a
	 * view rebuilt by views_restore is written aside */
	rc = same ? WMSJ_OK
		  : b != NULL ? fsio_rewrite(dir, file, after->buf, after->len, err)
			      : fsio_rewrite_aside(dir, file, after->buf, after->len, err);
	if (rc != WMSJ_OK) {
		char msg[1024];
		snprintf(msg, sizeof msg,
			 _("the change is recorded in %s, but %s could not be rewritten (%s); the "
			   "next command that writes rebuilds it"), HIST_FILE, file, err->msg);
		fsio_commit_warn(msg);
	} else if (seq > 0) {
		char tok[128] = "";
		struct stat sb;
		struct wmsj_err e3;
		int fd = fsio_open_in(dir, file, O_RDONLY | O_NONBLOCK, 0, &e3);

		if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
			view_token(&sb, tok);
		if (fd >= 0)
			close(fd);
		stamp_put(dir, file, seq, hash, tok, maxdate, b);
	}
	return WMSJ_OK;
}

