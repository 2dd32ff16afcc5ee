/* The points ledger: reader, hash chain, writer, state.  See ledger.h. */
#define OPENSSL_SUPPRESS_DEPRECATED 1   /* SHA256_Init & co.: the fastest path */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "fsio.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "seal.h"
#include "util.h"
#include "validate.h"

#define LINE_MAX_BYTES 65536          /* longest row accepted */
#define STREAM_CHUNK (4u << 20)

const char ledger_zero_hash[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char *const kind_names[] = {
	"award", "redeem", "stock", "clear", "reverse", "close", ""
};

const char *
ledger_kind_name(enum ledger_kind k)
{
	if ((unsigned)k > LK_NONE)
		k = LK_NONE;
	return kind_names[k];
}

enum ledger_kind
ledger_kind_parse(const char *s, size_t n)
{
	for (int k = 0; k < LK_NONE; k++)
		if (strlen(kind_names[k]) == n && memcmp(kind_names[k], s, n) == 0)
			return (enum ledger_kind)k;
	return LK_NONE;
}

void
ledger_txn_format(uint64_t seq, char out[LEDGER_TXN_MAX])
{
	snprintf(out, LEDGER_TXN_MAX, "T%08llu", (unsigned long long)seq);
}

static int
parse_seq(const char *s, size_t n, uint64_t *seq)
{
	uint64_t v = 0;

	if (n < 2 || n > 21 || s[0] != 'T')
		return -1;
	for (size_t i = 1; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*seq = v;
	return 0;
}

int
ledger_txn_parse(const char *s, uint64_t *seq)
{
	return parse_seq(s, strlen(s), seq);
}

/* ---- hashing --------------------------------------------------------------- */

static const char hexdigits[] = "0123456789abcdef";

static void
hex32(const unsigned char md[32], char out[65])
{
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hexdigits[md[i] >> 4];
		out[2 * i + 1] = hexdigits[md[i] & 15];
	}
	out[64] = '\0';
}

void
ledger_hash(const char prev_hex[65], const char *line, size_t len, char out_hex[65])
{
	SHA256_CTX c;
	unsigned char md[32];

	SHA256_Init(&c);
	SHA256_Update(&c, prev_hex, 64);
	SHA256_Update(&c, line, len);
	SHA256_Final(md, &c);
	hex32(md, out_hex);
}

/* 64 lowercase hex digits; branch-free (hash digits are random). */
static int
is_hash(const char *s, size_t n)
{
	unsigned acc = 0;

	if (n != 64)
		return 0;
	for (size_t i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)s[i];

		acc |= (unsigned)((unsigned char)(c - '0') > 9) &
			(unsigned)((unsigned char)(c - 'a') > 5);
	}
	return acc == 0;
}

/* ---- small parsers --------------------------------------------------------- */

static int
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if ((unsigned char)s[i] - '0' > 9)
			return 0;
	return 1;
}

static int
days_in(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* YYYY-MM-DD, a real date. */
static int
date_ok(const char *s, size_t n)
{
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
	    !digits(s + 8, 2))
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
}

static int
month_ok(const char *s)
{
	int m;

	if (strlen(s) != 7 || s[4] != '-' || !digits(s, 4) || !digits(s + 5, 2))
		return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	return m >= 1 && m <= 12 && (s[0] - '0') * 1000 + (s[1] - '0') * 100 >= 1900;
}

/* Signed integer, |v| <= LEDGER_POINTS_MAX; empty = 0. */
static int
parse_int(const char *s, size_t n, int64_t *v)
{
	int neg = 0;
	int64_t x = 0;

	if (n == 0) {
		*v = 0;
		return 0;
	}
	if (*s == '-') {
		neg = 1;
		s++;
		n--;
	}
	if (n == 0 || n > 13)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return -1;
		x = x * 10 + d;
	}
	if (x > LEDGER_POINTS_MAX)
		return -1;
	*v = neg ? -x : x;
	return 0;
}

/* Exact decimal with at most two decimals -> centi-units; empty = 0. */
static int
parse_centi(const char *s, size_t n, int64_t *v)
{
	int neg = 0, frac = -1;
	int64_t x = 0;
	size_t nd = 0;

	if (n == 0) {
		*v = 0;
		return 0;
	}
	if (*s == '-') {
		neg = 1;
		s++;
		n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (s[i] == '.' && frac < 0 && nd > 0 && i + 1 < n) {
			frac = 0;
			continue;
		}
		if (d > 9 || ++nd > 13 || (frac >= 0 && ++frac > 2))
			return -1;
		x = x * 10 + d;
	}
	if (nd == 0)
		return -1;
	for (int f = frac < 0 ? 0 : frac; f < 2; f++)
		x *= 10;
	if (x > LEDGER_POINTS_MAX)
		return -1;
	*v = neg ? -x : x;
	return 0;
}

static void
format_centi(int64_t c, char out[32])
{
	uint64_t a = c < 0 ? (uint64_t)0 - (uint64_t)c : (uint64_t)c;
	int n;

	n = snprintf(out, 32, "%s%llu", c < 0 ? "-" : "", (unsigned long long)(a / 100));
	if (a % 100 != 0) {
		if (a % 10 == 0)
			snprintf(out + n, 32 - (size_t)n, ".%llu", (unsigned long long)(a % 100 / 10));
		else
			snprintf(out + n, 32 - (size_t)n, ".%02llu", (unsigned long long)(a % 100));
	}
}

/* ---- reader ---------------------------------------------------------------- */

struct ledger_reader {
	char *name;             /* for messages */
	const char *base;       /* mmap or caller buffer: the whole file */
	size_t len;
	void *map;              /* to munmap */
	size_t maplen;
	int fd;                 /* stream: fd read in chunks; else -1 */
	int close_fd;
	char *sbuf;             /* stream buffer */
	size_t scap, slen, spos;
	int seof;
	off_t sbase;            /* file offset of sbuf[0] */
	size_t pos;             /* next line (mmap/buffer) */
	size_t line;            /* line number of the next line */
	unsigned flags;
	int stream;             /* no sequence/chain check; BOM/CRLF allowed */
	int started;            /* header read */
	int need_nl;            /* a last line without newline is damage */
	uint64_t next_seq;
	char prev[65];
	char *fbuf;
	size_t fcap;
};

static int
bad_row(struct ledger_reader *r, size_t line, const char *what, struct wmsj_err *err)
{
	return wmsj_err_set(err, WMSJ_BADDATA,
			    _("%s:%zu: row is not the ledger's own format (%s)"), r->name, line, what);
}

static struct ledger_reader *
reader_new(const char *name, unsigned flags)
{
	struct ledger_reader *r = xcalloc(1, sizeof *r);

	r->name = xstrdup(name);
	r->fd = -1;
	r->flags = flags;
	r->line = 1;
	r->next_seq = 1;
	memcpy(r->prev, ledger_zero_hash, 65);
	return r;
}

int
ledger_open_buffer(struct ledger_reader **rp, const char *name, const char *buf, size_t len,
		   unsigned flags, struct wmsj_err *err)
{
	struct ledger_reader *r = reader_new(name, flags);

	r->base = buf;
	r->len = len;
	r->need_nl = 1;
	*rp = r;
	return WMSJ_OK;
}

int
ledger_open(struct ledger_reader **rp, const char *dir, unsigned flags, struct wmsj_err *err)
{
	struct ledger_reader *r;
	char *path;
	off_t size;
	int fd;

	*rp = NULL;
	size = fsio_stable_size(dir, LEDGER_FILE, err);
	if (size < 0)
		return err != NULL && err->status ? err->status : WMSJ_SYSERR;
	r = reader_new(LEDGER_FILE, flags);
	r->need_nl = 1;
	if (size == 0) {
		*rp = r;
		return WMSJ_OK;
	}
	path = fsio_path(dir, LEDGER_FILE);
	fd = fsio_open_in(dir, LEDGER_FILE, O_RDONLY, 0, err);
	if (fd < 0) {
		int e = errno;

		ledger_close(r);
		free(path);
		if (e == ENOENT) {
			wmsj_err_clear(err);
			*rp = reader_new(LEDGER_FILE, flags);
			return WMSJ_OK;
		}
		return WMSJ_SYSERR;
	}
	r->map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (r->map == MAP_FAILED) {
		int e = errno;

		r->map = NULL;
		close(fd);
		ledger_close(r);
		wmsj_err_sys(err, e, _("cannot read '%s'"), path);
		free(path);
		return WMSJ_SYSERR;
	}
	close(fd);
	free(path);
	madvise(r->map, (size_t)size, MADV_SEQUENTIAL | MADV_WILLNEED);
	r->maplen = (size_t)size;
	r->base = r->map;
	r->len = (size_t)size;
	*rp = r;
	return WMSJ_OK;
}

int
ledger_open_stream(struct ledger_reader **rp, const char *path, struct wmsj_err *err)
{
	struct ledger_reader *r;
	int fd;

	*rp = NULL;
	if (strcmp(path, "-") == 0) {
		fd = 0;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return wmsj_err_sys(err, errno, _("cannot open '%s'"), path);
	}
	r = reader_new(path, 0);
	r->fd = fd;
	r->close_fd = fd != 0;
	r->stream = 1;
	r->scap = STREAM_CHUNK;
	r->sbuf = xmalloc(r->scap);
	*rp = r;
	return WMSJ_OK;
}

off_t
ledger_size(const struct ledger_reader *r)
{
	return r->fd >= 0 ? 0 : (off_t)r->len;
}

void
ledger_close(struct ledger_reader *r)
{
	if (r == NULL)
		return;
	if (r->map != NULL)
		munmap(r->map, r->maplen);
	if (r->close_fd && r->fd >= 0)
		close(r->fd);
	free(r->sbuf);
	free(r->fbuf);
	free(r->name);
	free(r);
}

int
ledger_seek(struct ledger_reader *r, off_t offset, const char *prev_hash, uint64_t next_seq,
	    struct wmsj_err *err)
{
	if (r->fd >= 0 || offset < 0 || (size_t)offset > r->len ||
	    (offset > 0 && r->base[offset - 1] != '\n') || next_seq == 0)
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s: offset %lld is not the start of a row"), r->name,
				    (long long)offset);
	r->pos = (size_t)offset;
	r->started = 1;
	r->next_seq = next_seq;
	r->line = (size_t)next_seq + 1;
	memcpy(r->prev, prev_hash != NULL ? prev_hash : ledger_zero_hash, 64);
	r->prev[64] = '\0';
	return WMSJ_OK;
}

/* Next physical line from a stream into *p, *n (without '\n'); 1 = line,
 * 0 = end, else status. */
static int
stream_line(struct ledger_reader *r, const char **p, size_t *n, off_t *off, struct wmsj_err *err)
{
	for (;;) {
		char *s = r->sbuf + r->spos;
		size_t avail = r->slen - r->spos;
		char *nl = memchr(s, '\n', avail);
		ssize_t got;

		if (nl != NULL) {
			*p = s;
			*n = (size_t)(nl - s);
			*off = r->sbase + (off_t)r->spos;
			r->spos += *n + 1;
			return 1;
		}
		if (r->seof) {
			if (avail == 0)
				return 0;
			*p = s;
			*n = avail;
			*off = r->sbase + (off_t)r->spos;
			r->spos = r->slen;
			return 1;
		}
		if (avail > LINE_MAX_BYTES)
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: line too long"),
					    r->name, r->line);
		memmove(r->sbuf, s, avail);
		r->sbase += (off_t)r->spos;
		r->spos = 0;
		r->slen = avail;
		do
			got = read(r->fd, r->sbuf + r->slen, r->scap - r->slen);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return wmsj_err_sys(err, errno, _("cannot read '%s'"), r->name);
		if (got == 0)
			r->seof = 1;
		r->slen += (size_t)got;
	}
}

static int
next_line(struct ledger_reader *r, const char **p, size_t *n, off_t *off, struct wmsj_err *err)
{
	const char *s, *nl;

	if (r->fd >= 0)
		return stream_line(r, p, n, off, err);
	if (r->pos >= r->len)
		return 0;
	s = r->base + r->pos;
	nl = memchr(s, '\n', r->len - r->pos);
	*p = s;
	*off = (off_t)r->pos;
	if (nl == NULL) {
		*n = r->len - r->pos;
		r->pos = r->len;
		if (r->need_nl)
			return wmsj_err_set(err, WMSJ_BADDATA,
					    _("%s:%zu: last line is incomplete (no newline): the "
					      "ledger is damaged or was cut short"), r->name, r->line);
		return 1;
	}
	*n = (size_t)(nl - s);
	r->pos += *n + 1;
	return 1;
}

/* Split line into fields (copied to r->fbuf, unquoted, NUL-terminated).
 * f[i] = start, fl[i] = length; *hashin = length of the hashed prefix. */
static int
split(struct ledger_reader *r, const char *line, size_t n, char **f, size_t *fl, size_t *hashin,
      unsigned *quoted, struct wmsj_err *err)
{
	char *b, *end, *q;
	int i;

	*quoted = 0;
	if (n + 2 > r->fcap) {
		r->fcap = n + 256;
		free(r->fbuf);
		r->fbuf = xmalloc(r->fcap);
	}
	memcpy(r->fbuf, line, n);
	r->fbuf[n] = '\0';
	b = r->fbuf;
	end = b + n;
	for (i = 0; i < LEDGER_NCOLS - 1; i++) {
		if (*b == '"') {
			char *w = b;

			q = b + 1;
			for (;;) {
				if (q >= end)
					return bad_row(r, r->line, _("unterminated quoted field"), err);
				if (*q == '"') {
					if (q + 1 < end && q[1] == '"') {
						*w++ = '"';
						q += 2;
						continue;
					}
					q++;
					break;
				}
				*w++ = *q++;
			}
			if (q >= end || *q != ',')
				return bad_row(r, r->line, _("text after a quoted field"), err);
			*w = '\0';
			f[i] = b;
			fl[i] = (size_t)(w - b);
			b = q + 1;
			*quoted |= 1u << i;
			continue;
		}
		q = b;
		while (q < end && *q != ',')
			q++;
		if (q >= end)
			return bad_row(r, r->line, _("too few fields"), err);
		*q = '\0';
		f[i] = b;
		fl[i] = (size_t)(q - b);
		b = q + 1;
	}
	*hashin = (size_t)(b - r->fbuf) - 1;
	f[i] = b;
	fl[i] = (size_t)(end - b);
	return WMSJ_OK;
}

static int
parse_row(struct ledger_reader *r, const char *line, size_t n, off_t off, struct ledger_row *row,
	  struct wmsj_err *err)
{
	char *f[LEDGER_NCOLS];
	size_t fl[LEDGER_NCOLS], hashin;
	unsigned quoted;
	int rc;

	rc = split(r, line, n, f, fl, &hashin, &quoted, err);
	if (rc != WMSJ_OK)
		return rc;
	if (!is_hash(f[18], fl[18]))
		return bad_row(r, r->line, memchr(f[18], ',', fl[18]) != NULL ?
			       _("too many fields") : _("hash is not 64 hex digits"), err);
	if (parse_seq(f[0], fl[0], &row->seq) != 0)
		return bad_row(r, r->line, _("txn is not T and digits"), err);
	if (!date_ok(f[1], fl[1]))
		return bad_row(r, r->line, _("date is not a real YYYY-MM-DD"), err);
	row->kind = ledger_kind_parse(f[2], fl[2]);
	if (row->kind == LK_NONE)
		return bad_row(r, r->line, _("unknown kind"), err);
	if (parse_int(f[5], fl[5], &row->points) != 0)
		return bad_row(r, r->line, _("points is not an integer in range"), err);
	if (parse_centi(f[6], fl[6], &row->hours) != 0)
		return bad_row(r, r->line, _("hours is not a decimal in range"), err);
	if (parse_int(f[8], fl[8], &row->qty) != 0)
		return bad_row(r, r->line, _("qty is not an integer in range"), err);
	row->reverses = LK_NONE;
	if (row->kind == LK_REVERSE) {
		row->reverses = ledger_kind_parse(f[11], fl[11]);
		if (row->reverses == LK_NONE || row->reverses == LK_REVERSE ||
		    row->reverses == LK_CLOSE)
			return bad_row(r, r->line, _("reverses is not a kind that can be reversed"),
				       err);
	} else if (fl[11] != 0) {
		return bad_row(r, r->line, _("reverses set on a row that is not a reversal"), err);
	}
	if (row->kind == LK_CLOSE && !(fl[10] == 7 && month_ok(f[10])))
		return bad_row(r, r->line, _("close row without a YYYY-MM month"), err);
	/* Ids are written unquoted: a quoted one may hold a comma or a quote. */
	if ((quoted & ((1u << 3) | (1u << 7))) &&
	    (strpbrk(f[3], ",\"") != NULL || strpbrk(f[7], ",\"") != NULL))
		return bad_row(r, r->line, _("an id holds a comma or a quote"), err);
	row->line = r->line;
	row->offset = off;
	row->txn = f[0];
	row->date = f[1];
	row->volunteer = f[3];
	row->station = f[4];
	row->item = f[7];
	row->activity = f[9];
	row->ref = f[10];
	row->recorded = f[12];
	row->recorder = f[13];
	row->certifier = f[14];
	row->supervisor = f[15];
	row->approver = f[16];
	row->note = f[17];
	row->hash = f[18];
	row->raw = line;
	row->rawlen = n;
	if (r->stream)
		return WMSJ_OK;
	if (row->seq != r->next_seq) {
		char want[LEDGER_TXN_MAX];

		ledger_txn_format(r->next_seq, want);
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s:%zu: sequence '%s' where '%s' was expected (a row was "
				      "removed, inserted, repeated or reordered)"),
				    r->name, r->line, row->txn, want);
	}
	if (r->flags & LEDGER_VERIFY) {
		char h[65];

		ledger_hash(r->prev, line, hashin, h);
		if (memcmp(h, row->hash, 64) != 0)
			return wmsj_err_set(err, WMSJ_BADDATA,
					    _("%s:%zu: hash does not match the row (the row or one "
					      "before it was changed)"), r->name, r->line);
	}
	memcpy(r->prev, row->hash, 64);
	r->next_seq++;
	return WMSJ_OK;
}

int
ledger_next(struct ledger_reader *r, struct ledger_row *row, struct wmsj_err *err)
{
	const char *p;
	size_t n;
	off_t off;
	int rc;

	if (!r->started) {
		rc = next_line(r, &p, &n, &off, err);
		if (rc != 1)
			return rc;
		if (r->stream && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			n -= 3;
		}
		if (r->stream && n > 0 && p[n - 1] == '\r')
			n--;
		if (n != strlen(LEDGER_HEADER) || memcmp(p, LEDGER_HEADER, n) != 0)
			return wmsj_err_set(err, WMSJ_BADDATA,
					    _("%s:1: not a ledger: the header must be '%s'"),
					    r->name, LEDGER_HEADER);
		r->started = 1;
		r->line = 2;
	}
	rc = next_line(r, &p, &n, &off, err);
	if (rc != 1)
		return rc;
	if (r->stream && n > 0 && p[n - 1] == '\r')
		n--;
	if (n > LINE_MAX_BYTES)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: line too long"), r->name, r->line);
	rc = parse_row(r, p, n, off, row, err);
	if (rc != WMSJ_OK)
		return rc;
	r->line++;
	return 1;
}

/* ---- find a txn -------------------------------------------------------------- */

static uint64_t
line_seq(const char *s, const char *end)
{
	uint64_t v;
	const char *c = memchr(s, ',', (size_t)(end - s));

	if (c == NULL || parse_seq(s, (size_t)(c - s), &v) != 0)
		return 0;
	return v;
}

static const char *
after_nl(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));

	return nl == NULL ? end : nl + 1;
}

/* Is the line at s a reverse row whose ref is txn?  Cheap prefix test first. */
static int
reverses_txn(struct ledger_reader *r, const char *s, const char *eol, const char *txn)
{
	const char *c = memchr(s, ',', (size_t)(eol - s));
	char *f[LEDGER_NCOLS];
	size_t fl[LEDGER_NCOLS], hashin;
	unsigned quoted;

	if (c == NULL || eol - c < 20 || memcmp(c + 11, ",reverse,", 9) != 0)
		return 0;
	if (split(r, s, (size_t)(eol - s), f, fl, &hashin, &quoted, NULL) != WMSJ_OK)
		return 0;
	return strcmp(f[10], txn) == 0;
}

int
ledger_find_txn(const char *dir, uint64_t seq, struct ledger_found *out, uint64_t *reversed_by,
		struct wmsj_err *err)
{
	struct ledger_reader *r;
	const char *base, *end, *lo, *hi, *s;
	char txn[LEDGER_TXN_MAX];
	int rc;

	memset(out, 0, sizeof *out);
	if (reversed_by != NULL)
		*reversed_by = 0;
	ledger_txn_format(seq, txn);
	rc = ledger_open(&r, dir, 0, err);
	if (rc != WMSJ_OK)
		return rc;
	base = r->base;
	end = base + r->len;
	lo = r->len ? after_nl(base, end) : end;
	hi = end;
	while (hi - lo > 8192) {
		const char *mid = lo + (hi - lo) / 2;
		uint64_t v;

		s = after_nl(mid, hi);
		if (s >= hi)
			break;
		v = line_seq(s, hi);
		if (v == seq) {
			lo = s;
			break;
		}
		if (v == 0)
			break;
		if (v < seq)
			lo = s;
		else
			hi = s;
	}
	for (s = lo; s < end; s = after_nl(s, end)) {
		uint64_t v = line_seq(s, end);

		if (v == seq)
			break;
		if (v > seq) {
			s = end;
			break;
		}
	}
	if (s >= end) {
		ledger_close(r);
		return wmsj_err_set(err, WMSJ_REFUSED, _("no ledger row '%s'"), txn);
	}
	{
		const char *eol = after_nl(s, end);
		size_t n = (size_t)(eol - s) - (eol[-1] == '\n');

		r->line = (size_t)seq + 1;
		r->stream = 1;   /* no sequence check for this one row */
		out->buf = xmalloc(n + 1);
		memcpy(out->buf, s, n);
		out->buf[n] = '\0';
		rc = parse_row(r, out->buf, n, (off_t)(s - base), &out->row, err);
		if (rc != WMSJ_OK) {
			ledger_close(r);
			ledger_found_release(out);
			return rc;
		}
		/* The row's strings point into r->fbuf: hand that buffer over. */
		{
			char *fields = r->fbuf;
			struct ledger_row *row = &out->row;
			const char **ptrs[] = {
				&row->txn, &row->date, &row->volunteer, &row->station, &row->item,
				&row->activity, &row->ref, &row->recorded, &row->recorder,
				&row->certifier, &row->supervisor, &row->approver, &row->note,
				&row->hash
			};
			char *keep = xmalloc(r->fcap + n + 1);

			memcpy(keep, fields, r->fcap);
			memcpy(keep + r->fcap, out->buf, n + 1);
			for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
				*ptrs[i] = keep + (*ptrs[i] - fields);
			row->raw = keep + r->fcap;
			free(out->buf);
			out->buf = keep;
		}
		if (reversed_by != NULL) {
			for (s = eol; s < end; s = eol) {
				eol = after_nl(s, end);
				if (reverses_txn(r, s, eol - (eol[-1] == '\n'), txn)) {
					*reversed_by = line_seq(s, end);
					break;
				}
			}
		}
	}
	ledger_close(r);
	return WMSJ_OK;
}

void
ledger_found_release(struct ledger_found *f)
{
	free(f->buf);
	memset(f, 0, sizeof *f);
}

/* ---- writer -------------------------------------------------------------------- */

struct ledger_writer {
	char *dir;
	struct sb batch;
	size_t pending;
	uint64_t next_seq, committed_seq;
	char last[65], committed_last[65];
	off_t committed_size;
};

/* Bytes up to which a writer verifies the whole chain ($WMSJ_VERIFY_LIMIT,
 * default 64 MiB, about 280,000 rows). */
static off_t
writer_full_verify_limit(void)
{
	const char *e = getenv("WMSJ_VERIFY_LIMIT");
	char *end;
	long long v;

	if (e != NULL && *e != '\0') {
		v = strtoll(e, &end, 10);
		if (*end == '\0' && v >= 0)
			return (off_t)v;
	}
	return (off_t)64 << 20;
}

/* Verify from the newest seal that checks out (or the start) to the end. */
static int
verify_tail(struct ledger_writer *w, struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct ledger_row row;
	char **months = NULL;
	size_t nm = 0;
	int rc;

	rc = ledger_open(&r, w->dir, LEDGER_VERIFY, err);
	if (rc != WMSJ_OK)
		return rc;
	/* A station's ledger is small: verify all of it before extending it.
	 * Only a large one (a province's) starts at the newest seal and leaves
	 * the older rows to the nightly 'wmsj-audit verify'. */
	if ((off_t)r->len > writer_full_verify_limit() &&
	    seal_list(w->dir, &months, &nm, NULL) == WMSJ_OK) {
		for (size_t i = 0; i < nm; i++) {
			struct seal_info si;
			struct wmsj_err e2;

			/* The close row's hash recomputes from the row before it:
			 * verification can start there. */
			if (seal_verify(w->dir, months[i], &si, &e2) != WMSJ_OK)
				continue;
			if (ledger_seek(r, si.close_offset, si.close_prev_hash, si.close_seq,
					NULL) == WMSJ_OK)
				break;
		}
		for (size_t i = 0; i < nm; i++)
			free(months[i]);
		free(months);
	}
	while ((rc = ledger_next(r, &row, err)) == 1)
		;
	if (rc == 0) {
		w->next_seq = r->next_seq;
		memcpy(w->last, r->prev, 65);
		w->committed_size = (off_t)r->len;
	}
	ledger_close(r);
	return rc;
}

int
ledger_writer_open(struct ledger_writer **wp, const char *dir, struct wmsj_err *err)
{
	struct ledger_writer *w;
	int repaired = 0, rc;
	off_t size;

	*wp = NULL;
	rc = fsio_recover(dir, LEDGER_FILE, &repaired, err);
	if (rc != WMSJ_OK)
		return rc;
	size = fsio_stable_size(dir, LEDGER_FILE, err);
	if (size < 0)
		return err != NULL && err->status ? err->status : WMSJ_SYSERR;
	if (size == 0) {
		rc = fsio_append(dir, LEDGER_FILE, LEDGER_HEADER "\n", strlen(LEDGER_HEADER) + 1, err);
		if (rc != WMSJ_OK)
			return rc;
	}
	w = xcalloc(1, sizeof *w);
	w->dir = xstrdup(dir);
	sb_init(&w->batch);
	rc = verify_tail(w, err);
	if (rc != WMSJ_OK) {
		ledger_writer_release(w);
		return rc;
	}
	w->committed_seq = w->next_seq;
	memcpy(w->committed_last, w->last, 65);
	*wp = w;
	return WMSJ_OK;
}

void
ledger_writer_release(struct ledger_writer *w)
{
	if (w == NULL)
		return;
	sb_release(&w->batch);
	free(w->dir);
	free(w);
}

uint64_t
ledger_writer_next_seq(const struct ledger_writer *w)
{
	return w->next_seq;
}

const char *
ledger_writer_last_hash(const struct ledger_writer *w)
{
	return w->last;
}

size_t
ledger_writer_pending(const struct ledger_writer *w)
{
	return w->pending;
}

off_t
ledger_writer_offset(const struct ledger_writer *w)
{
	return w->committed_size + (off_t)w->batch.len;
}

const char *
ledger_writer_dir(const struct ledger_writer *w)
{
	return w->dir;
}

/* Valid UTF-8 without control characters. */
static int
text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p;
		int n;

		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		else
			return 0;
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0) ||
		    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
			return 0;
		p += n + 1;
	}
	return 1;
}

static int
check_text(const char *field, const char *s, int id, struct wmsj_err *err)
{
	if (s == NULL)
		return WMSJ_OK;
	if (strlen(s) > LEDGER_TEXT_MAX)
		return wmsj_err_set(err, WMSJ_REFUSED, _("'%s' is longer than %d bytes"), field,
				    LEDGER_TEXT_MAX);
	if (!text_ok(s))
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("'%s' holds a control character or is not valid UTF-8"), field);
	if (id && strpbrk(s, ",\"") != NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("'%s' may not hold a comma or a quote"),
				    field);
	return WMSJ_OK;
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static int
in_range(int64_t v)
{
	return v >= -LEDGER_POINTS_MAX && v <= LEDGER_POINTS_MAX;
}

static int
entry_check(const struct ledger_entry *e, struct wmsj_err *err)
{
	static const struct { const char *name; size_t off; int id; } tf[] = {
		{ "volunteer", offsetof(struct ledger_entry, volunteer), 1 },
		{ "station", offsetof(struct ledger_entry, station), 1 },
		{ "item", offsetof(struct ledger_entry, item), 1 },
		{ "activity", offsetof(struct ledger_entry, activity), 1 },
		{ "ref", offsetof(struct ledger_entry, ref), 1 },
		{ "recorder", offsetof(struct ledger_entry, recorder), 0 },
		{ "certifier", offsetof(struct ledger_entry, certifier), 0 },
		{ "supervisor", offsetof(struct ledger_entry, supervisor), 0 },
		{ "approver", offsetof(struct ledger_entry, approver), 0 },
		{ "note", offsetof(struct ledger_entry, note), 0 },
	};
	uint64_t seq;
	int rc;

	if ((unsigned)e->kind >= LK_NONE)
		return wmsj_err_set(err, WMSJ_REFUSED, _("ledger row without a kind"));
	if (e->date == NULL || !date_ok(e->date, strlen(e->date)))
		return wmsj_err_set(err, WMSJ_REFUSED, _("date '%s' is not a real YYYY-MM-DD"),
				    e->date ? e->date : "");
	for (size_t i = 0; i < sizeof tf / sizeof tf[0]; i++) {
		const char *s = *(const char *const *)((const char *)e + tf[i].off);

		rc = check_text(tf[i].name, s, tf[i].id, err);
		if (rc != WMSJ_OK)
			return rc;
	}
	if (!in_range(e->points) || !in_range(e->hours) || !in_range(e->qty))
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("points, hours or quantity out of range (at most %lld)"),
				    (long long)LEDGER_POINTS_MAX);
	switch (e->kind) {
	case LK_AWARD:
		if (e->points < 0 || e->hours < 0)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("an award's points and hours may not be negative"));
		break;
	case LK_REDEEM:
		if (e->points > 0 || e->qty > 0 || empty(e->item))
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("a redemption takes points and goods (negative) and an item"));
		break;
	case LK_CLEAR:
		if (e->points > 0)
			return wmsj_err_set(err, WMSJ_REFUSED, _("a clear may not add points"));
		break;
	case LK_STOCK:
		if (e->qty <= 0 || empty(e->item) || e->points != 0)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("a stock row adds a positive quantity of an item"));
		break;
	case LK_REVERSE:
		if (empty(e->ref) || ledger_txn_parse(e->ref, &seq) != 0 || seq == 0 ||
		    e->reverses == LK_NONE || e->reverses == LK_REVERSE || e->reverses == LK_CLOSE ||
		    (unsigned)e->reverses > LK_NONE)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("a reversal names the txn and the kind it reverses"));
		break;
	case LK_CLOSE:
		if (empty(e->ref) || !month_ok(e->ref) || e->points || e->hours || e->qty)
			return wmsj_err_set(err, WMSJ_REFUSED, _("a close row names a month YYYY-MM"));
		break;
	default:
		break;
	}
	if ((e->kind == LK_AWARD || e->kind == LK_REDEEM || e->kind == LK_CLEAR) &&
	    empty(e->volunteer))
		return wmsj_err_set(err, WMSJ_REFUSED, _("a '%s' row names a volunteer"),
				    wmsj_value_label("kind", ledger_kind_name(e->kind)));
	if ((e->kind == LK_STOCK || e->kind == LK_CLOSE) && !empty(e->volunteer))
		return wmsj_err_set(err, WMSJ_REFUSED, _("a '%s' row names no volunteer"),
				    wmsj_value_label("kind", ledger_kind_name(e->kind)));
	if (e->kind != LK_REVERSE && e->reverses != LK_NONE && e->reverses != LK_AWARD)
		return wmsj_err_set(err, WMSJ_REFUSED, _("only a reversal says what it reverses"));
	return WMSJ_OK;
}

/* Append a field (quoted when needed) preceded by a comma unless first. */
static void
add_field(struct sb *sb, const char *s, int first)
{
	if (!first)
		sb_addc(sb, ',');
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"") == NULL) {
		sb_adds(sb, s);
		return;
	}
	sb_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

int
ledger_writer_add(struct ledger_writer *w, const struct ledger_entry *e,
		  char txn_out[LEDGER_TXN_MAX], struct wmsj_err *err)
{
	char txn[LEDGER_TXN_MAX], num[32], h[65];
	size_t start = w->batch.len;
	int rc;

	rc = entry_check(e, err);
	if (rc != WMSJ_OK)
		return rc;
	ledger_txn_format(w->next_seq, txn);
	add_field(&w->batch, txn, 1);
	add_field(&w->batch, e->date, 0);
	add_field(&w->batch, ledger_kind_name(e->kind), 0);
	add_field(&w->batch, e->volunteer, 0);
	add_field(&w->batch, e->station, 0);
	snprintf(num, sizeof num, "%lld", (long long)e->points);
	add_field(&w->batch, num, 0);
	format_centi(e->hours, num);
	add_field(&w->batch, e->hours != 0 || e->kind == LK_AWARD ? num : NULL, 0);
	add_field(&w->batch, e->item, 0);
	snprintf(num, sizeof num, "%lld", (long long)e->qty);
	add_field(&w->batch, e->qty != 0 || !empty(e->item) ? num : NULL, 0);
	add_field(&w->batch, e->activity, 0);
	add_field(&w->batch, e->ref, 0);
	add_field(&w->batch, e->kind == LK_REVERSE ? ledger_kind_name(e->reverses) : NULL, 0);
	add_field(&w->batch, wmsj_now(), 0);
	add_field(&w->batch, e->recorder, 0);
	add_field(&w->batch, e->certifier, 0);
	add_field(&w->batch, e->supervisor, 0);
	add_field(&w->batch, e->approver, 0);
	add_field(&w->batch, e->note, 0);
	ledger_hash(w->last, w->batch.buf + start, w->batch.len - start, h);
	sb_addc(&w->batch, ',');
	sb_add(&w->batch, h, 64);
	sb_addc(&w->batch, '\n');
	memcpy(w->last, h, 65);
	w->next_seq++;
	w->pending++;
	if (txn_out != NULL)
		memcpy(txn_out, txn, LEDGER_TXN_MAX);
	return WMSJ_OK;
}

int
ledger_writer_commit(struct ledger_writer *w, struct wmsj_err *err)
{
	int rc;

	if (w->pending == 0)
		return WMSJ_OK;
	rc = fsio_append(w->dir, LEDGER_FILE, w->batch.buf, w->batch.len, err);
	if (rc != WMSJ_OK) {
		/* Nothing was written: forget the batch. */
		w->next_seq = w->committed_seq;
		memcpy(w->last, w->committed_last, 65);
	} else {
		w->committed_size += (off_t)w->batch.len;
		w->committed_seq = w->next_seq;
		memcpy(w->committed_last, w->last, 65);
	}
	sb_reset(&w->batch);
	w->pending = 0;
	return rc;
}

/* ---- state ----------------------------------------------------------------------- */

void
ledger_state_init(struct ledger_state *st)
{
	memset(st, 0, sizeof *st);
	strmap_init(&st->item_index);
	memcpy(st->last_hash, ledger_zero_hash, 65);
	memcpy(st->after_prev_hash, ledger_zero_hash, 65);
}

void
ledger_state_release(struct ledger_state *st)
{
	free(st->atab);
	strmap_release(&st->item_index);
	free(st->ids);
	arena_release(&st->idspace);
	free(st->accounts);
	for (size_t i = 0; i < st->nitems; i++) {
		free(st->items[i].station);
		free(st->items[i].item);
	}
	free(st->items);
	memset(st, 0, sizeof *st);
}

/* The account index: hashes (never 0) and slots, power-of-two capacity,
 * at most half full; linear probing. */
static uint64_t
idhash(const char *k, size_t n)
{
	return wmsj_hash(k, n) | 1;
}

/* One slot: the hash, the account index and, when it fits, the id itself,
 * so that a lookup touches one cache line (10M rows, 1M volunteers). */
struct aent {
	uint64_t h;             /* 0 = empty */
	uint32_t idx;
	uint8_t len;            /* id length, or 255 when it is not inline */
	char key[19];
};

static size_t
afind(const struct ledger_state *st, const char *id, size_t len, uint64_t h)
{
	const struct aent *t = st->atab;
	size_t mask = st->acap_tab - 1, j;

	if (st->acap_tab == 0)
		return SIZE_MAX;
	for (j = (size_t)(h >> 7) & mask; t[j].h != 0; j = (j + 1) & mask) {
		if (t[j].h != h)
			continue;
		if (t[j].len != 255) {
			if (t[j].len == len && memcmp(t[j].key, id, len) == 0)
				return t[j].idx;
		} else {
			const char *k = st->ids[t[j].idx];

			if (memcmp(k, id, len) == 0 && k[len] == '\0')
				return t[j].idx;
		}
	}
	return SIZE_MAX;
}

static void
aput(struct aent *t, size_t cap, const struct aent *e)
{
	size_t j;

	for (j = (size_t)(e->h >> 7) & (cap - 1); t[j].h != 0; j = (j + 1) & (cap - 1))
		;
	t[j] = *e;
}

static void
ainsert(struct ledger_state *st, uint64_t h, size_t i)
{
	struct aent e;
	size_t len = strlen(st->ids[i]);

	if ((st->naccounts + 1) * 2 > st->acap_tab) {
		size_t cap = st->acap_tab ? st->acap_tab * 2 : 1024;
		struct aent *t = xcalloc(cap, sizeof *t), *old = st->atab;

		wmsj_hugepages(t, cap * sizeof *t);

		for (size_t j = 0; j < st->acap_tab; j++)
			if (old[j].h != 0)
				aput(t, cap, &old[j]);
		free(st->atab);
		st->atab = t;
		st->acap_tab = cap;
	}
	memset(&e, 0, sizeof e);
	e.h = h;
	e.idx = (uint32_t)i;
	if (len <= sizeof e.key) {
		e.len = (uint8_t)len;
		memcpy(e.key, st->ids[i], len);
	} else {
		e.len = 255;
	}
	aput(st->atab, st->acap_tab, &e);
}

struct account *
ledger_state_account_add(struct ledger_state *st, const char *id, size_t len)
{
	uint64_t h = idhash(id, len);
	size_t i = afind(st, id, len, h);

	if (i != SIZE_MAX)
		return &st->accounts[i];
	if (st->naccounts >= UINT32_MAX - 1)
		abort();   /* 4 billion volunteers */
	if (st->naccounts == st->acap) {
		size_t cap = st->acap;

		st->accounts = xgrow(st->accounts, &cap, st->naccounts + 1, sizeof *st->accounts);
		wmsj_hugepages(st->accounts, cap * sizeof *st->accounts);
		st->ids = xrealloc(st->ids, cap * sizeof *st->ids);
		st->acap = cap;
	}
	i = st->naccounts++;
	memset(&st->accounts[i], 0, sizeof st->accounts[i]);
	st->ids[i] = arena_strndup(&st->idspace, id, len);
	ainsert(st, h, i);
	return &st->accounts[i];
}

/* The shelf's key in item_index: station "\n" item (no field of a row
 * holds a newline), in small when it fits, else malloc'ed. */
static char *
shelf_key(char small[128], const char *station, size_t slen, const char *item, size_t len,
	  size_t *n)
{
	char *key = small;

	*n = slen + 1 + len;
	if (*n > 128)
		key = xmalloc(*n);
	memcpy(key, station, slen);
	key[slen] = '\n';
	memcpy(key + slen + 1, item, len);
	return key;
}

struct ledger_stock *
ledger_state_shelf_add(struct ledger_state *st, const char *station, size_t slen,
		       const char *item, size_t len)
{
	char small[128], *key;
	size_t i, n;
	struct ledger_stock *it;

	key = shelf_key(small, station, slen, item, len, &n);
	if (strmap_get(&st->item_index, key, n, &i)) {
		if (key != small)
			free(key);
		return &st->items[i];
	}
	st->items = xgrow(st->items, &st->icap, st->nitems + 1, sizeof *st->items);
	i = st->nitems++;
	it = &st->items[i];
	memset(it, 0, sizeof *it);
	it->station = xstrndup(station, slen);
	it->item = xstrndup(item, len);
	strmap_put(&st->item_index, key, n, i);
	if (key != small)
		free(key);
	return it;
}

struct ledger_stock *
ledger_state_item_add(struct ledger_state *st, const char *item, size_t len)
{
	return ledger_state_shelf_add(st, "", 0, item, len);
}

const struct account *
ledger_state_account(const struct ledger_state *st, const char *id)
{
	size_t n = strlen(id), i = afind(st, id, n, idhash(id, n));

	return i != SIZE_MAX ? &st->accounts[i] : NULL;
}

int64_t
ledger_state_shelf_stock(const struct ledger_state *st, const char *shelf, const char *item)
{
	int64_t q = 0;

	if (shelf != NULL) {
		char small[128], *key;
		size_t i, n;
		int found;

		key = shelf_key(small, shelf, strlen(shelf), item, strlen(item), &n);
		found = strmap_get(&st->item_index, key, n, &i);
		if (key != small)
			free(key);
		return found ? st->items[i].qty : 0;
	}
	/* every shelf: a few stations times a few goods */
	for (size_t i = 0; i < st->nitems; i++)
		if (strcmp(st->items[i].item, item) == 0)
			q += st->items[i].qty;
	return q;
}

int64_t
ledger_state_stock(const struct ledger_state *st, const char *item)
{
	return ledger_state_shelf_stock(st, NULL, item);
}

/* What apply() needs of a row or an entry. */
struct fx {
	enum ledger_kind kind, reverses;
	int64_t points, hours, qty;
	const char *volunteer, *station, *item, *date, *ref;
	uint64_t seq;
};

#define ADD(a, v) __builtin_add_overflow((a), (v), &(a))

static int
add_totals(struct ledger_totals *t, const struct fx *x, enum ledger_kind cat)
{
	int o = 0;

	t->rows++;
	switch (x->kind) {
	case LK_AWARD: t->awards++; break;
	case LK_REDEEM: t->redeems++; break;
	case LK_CLEAR: t->clears++; break;
	case LK_REVERSE: t->reverses++; break;
	case LK_STOCK: t->stocks++; break;
	default: break;
	}
	if (cat == LK_AWARD) {
		o |= ADD(t->earned, x->points);
		o |= ADD(t->hours, x->hours);
	} else if (cat == LK_REDEEM) {
		o |= ADD(t->redeemed, -x->points);
	} else if (cat == LK_CLEAR) {
		o |= ADD(t->cleared, -x->points);
	}
	if (x->qty > 0)
		o |= ADD(t->stock_in, x->qty);
	else
		o |= ADD(t->stock_out, -x->qty);
	return o;
}

/* Apply one counted row; in_period adds it to the period totals too.
 * Returns 0, or -1 on overflow. */
static int
apply(struct ledger_state *st, const struct fx *x, int in_period)
{
	enum ledger_kind cat = x->kind == LK_REVERSE ? x->reverses : x->kind;
	struct ledger_totals total = st->total, period = st->period;
	struct account acc, *a = NULL;
	struct ledger_stock item, *it = NULL;
	int o = 0;

	/* Work on copies: a row that overflows changes nothing. */
	if (x->kind == LK_CLOSE)
		return 0;
	o |= add_totals(&total, x, cat);
	if (in_period)
		o |= add_totals(&period, x, cat);
	if (x->volunteer[0] != '\0') {
		a = ledger_state_account_add(st, x->volunteer, strlen(x->volunteer));
		acc = *a;
		acc.rows++;
		o |= ADD(acc.balance, x->points);
		if (cat == LK_AWARD) {
			o |= ADD(acc.earned, x->points);
			o |= ADD(acc.hours, x->hours);
			if (in_period) {
				o |= ADD(acc.p_earned, x->points);
				o |= ADD(acc.p_hours, x->hours);
			}
		} else if (cat == LK_REDEEM) {
			o |= ADD(acc.redeemed, -x->points);
			if (in_period)
				o |= ADD(acc.p_redeemed, -x->points);
		} else if (cat == LK_CLEAR) {
			o |= ADD(acc.cleared, -x->points);
			if (in_period)
				o |= ADD(acc.p_cleared, -x->points);
			if (x->kind == LK_CLEAR) {
				int y = (x->date[0] - '0') * 1000 + (x->date[1] - '0') * 100 +
					(x->date[2] - '0') * 10 + (x->date[3] - '0');

				/* The latest-dated clearing decides, not the last entered. */
				if (y >= acc.cleared_year) {
					acc.cleared_year = y;
					acc.cleared_seq = x->seq;
				}
			} else {
				uint64_t s;

				if (ledger_txn_parse(x->ref, &s) == 0 && s == acc.cleared_seq) {
					acc.cleared_year = 0;
					acc.cleared_seq = 0;
				}
			}
		}
	}
	if (x->item[0] != '\0' && x->qty != 0) {
		it = ledger_state_shelf_add(st, x->station, strlen(x->station), x->item,
					    strlen(x->item));
		item = *it;
		o |= ADD(item.qty, x->qty);
		if (in_period) {
			if (x->qty > 0)
				o |= ADD(item.p_in, x->qty);
			else
				o |= ADD(item.p_out, -x->qty);
		}
	}
	if (o)
		return -1;
	st->total = total;
	st->period = period;
	if (a != NULL)
		*a = acc;
	if (it != NULL)
		*it = item;
	return 0;
}

static void
fx_from_row(struct fx *x, const struct ledger_row *row)
{
	x->kind = row->kind;
	x->reverses = row->reverses;
	x->points = row->points;
	x->hours = row->hours;
	x->qty = row->qty;
	x->volunteer = row->volunteer;
	x->station = row->station;
	x->item = row->item;
	x->date = row->date;
	x->ref = row->ref;
	x->seq = row->seq;
}

static int
in_range_date(const char *d, const char *from, const char *to)
{
	return (from == NULL || memcmp(d, from, 10) >= 0) && (to == NULL || memcmp(d, to, 10) <= 0);
}

int
ledger_state_apply(struct ledger_state *st, const struct ledger_row *row, struct wmsj_err *err)
{
	struct fx x;

	fx_from_row(&x, row);
	if (row->kind == LK_CLOSE && strlen(row->ref) == 7 && strcmp(row->ref, st->sealed) > 0)
		memcpy(st->sealed, row->ref, 8);
	if (apply(st, &x, 0) != 0)
		return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: a total overflows"), LEDGER_FILE,
				    row->line);
	return WMSJ_OK;
}

int
ledger_state_apply_entry(struct ledger_state *st, const struct ledger_entry *e, uint64_t seq,
			 struct wmsj_err *err)
{
	struct fx x;

	x.kind = e->kind;
	x.reverses = e->reverses;
	x.points = e->points;
	x.hours = e->hours;
	x.qty = e->qty;
	x.volunteer = e->volunteer ? e->volunteer : "";
	x.station = e->station ? e->station : "";
	x.item = e->item ? e->item : "";
	x.date = e->date;
	x.ref = e->ref ? e->ref : "";
	x.seq = seq;
	if (e->date == NULL || !date_ok(e->date, strlen(e->date)))
		return wmsj_err_set(err, WMSJ_REFUSED, _("date '%s' is not a real YYYY-MM-DD"),
				    e->date ? e->date : "");
	if (e->kind == LK_CLOSE && e->ref != NULL && month_ok(e->ref) &&
	    strcmp(e->ref, st->sealed) > 0)
		memcpy(st->sealed, e->ref, 8);
	if (apply(st, &x, 0) != 0)
		return wmsj_err_set(err, WMSJ_REFUSED, _("a total would overflow"));
	return WMSJ_OK;
}

/* Last day of month "YYYY-MM" as "YYYY-MM-DD". */
static void
month_end(const char *m, char out[11])
{
	int y = atoi(m), mo = atoi(m + 5), d;

	if (mo < 1 || mo > 12)
		mo = 1;
	d = days_in(y, mo);
	memcpy(out, m, 7);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* May the snapshot of month m serve these options? */
static int
snapshot_fits(const char *m, const struct ledger_state_opts *o)
{
	char end[11];

	month_end(m, end);
	if (o->as_of != NULL && memcmp(end, o->as_of, 10) > 0)
		return 0;
	if (o->period_from != NULL && memcmp(end, o->period_from, 10) >= 0)
		return 0;
	if (o->cb != NULL && (o->cb_from == NULL || memcmp(end, o->cb_from, 10) >= 0))
		return 0;
	return 1;
}

/* Prefetching for the full scan of a mapped ledger: looking up a million
 * accounts at random is bound by cache misses, so while row N is applied the
 * account of row N+1 (whose index slot was fetched one row earlier) and the
 * index slot of row N+2 are already on their way.  Only hints: nothing here
 * changes what is computed. */
#if defined(__GNUC__)
#define PREFETCH(p, w) __builtin_prefetch((p), (w))
#else
#define PREFETCH(p, w) ((void)(p))
#endif

struct ahead {
	size_t next;          /* start of line N+2 in r->base, or SIZE_MAX */
	uint64_t h1;          /* hash of row N+1's volunteer, 0 = none */
	size_t n1;
	const char *id1;
};

/* The volunteer field (4th) of the line at off, or NULL. */
static const char *
peek_volunteer(const struct ledger_reader *r, size_t off, size_t *n, size_t *eol)
{
	const char *s = r->base + off, *end = r->base + r->len, *nl, *p = s;

	if (off >= r->len || (nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
		return NULL;
	*eol = (size_t)(nl - r->base) + 1;
	for (int k = 0; k < 3; k++) {
		p = memchr(p, ',', (size_t)(nl - p));
		if (p == NULL)
			return NULL;
		p++;
	}
	s = memchr(p, ',', (size_t)(nl - p));
	if (s == NULL || *p == '"')
		return NULL;
	*n = (size_t)(s - p);
	return p;
}

static void
prefetch_step(const struct ledger_state *st, const struct ledger_reader *r, struct ahead *a)
{
	size_t n2 = 0, eol = SIZE_MAX;
	const char *id2;

	if (r->base == NULL || r->fd >= 0 || st->acap_tab == 0)
		return;
	/* Row N+1: its slot should be in cache; fetch its account. */
	if (a->h1 != 0) {
		size_t i = afind(st, a->id1, a->n1, a->h1);
		if (i != SIZE_MAX) {
			PREFETCH(&st->accounts[i], 1);
			PREFETCH((const char *)&st->accounts[i] + sizeof st->accounts[i] - 1, 1);
		}
	}
	/* Row N+2: start fetching its slot. */
	if (a->next == SIZE_MAX) {
		const char *nl = r->pos < r->len ? memchr(r->base + r->pos, '\n', r->len - r->pos) : NULL;
		a->next = nl != NULL ? (size_t)(nl - r->base) + 1 : r->len;
	}
	id2 = peek_volunteer(r, a->next, &n2, &eol);
	a->h1 = 0;
	if (id2 != NULL && n2 > 0) {
		uint64_t h = idhash(id2, n2);
		PREFETCH((const struct aent *)st->atab + ((size_t)(h >> 7) & (st->acap_tab - 1)), 0);
		a->h1 = h;
		a->id1 = id2;
		a->n1 = n2;
	}
	a->next = eol;
}

static int
load_rows(struct ledger_state *st, struct ledger_reader *r, const struct ledger_state_opts *o,
	  const struct seal_info *si, struct wmsj_err *err)
{
	struct ledger_row row;
	struct fx x;
	int rc, have_after = 0;
	char sealed_end[11] = "";
	struct ahead ah = { SIZE_MAX, 0, 0, NULL };

	if (si != NULL)
		month_end(si->month, sealed_end);
	while ((rc = ledger_next(r, &row, err)) == 1) {
		int counted;

		prefetch_step(st, r, &ah);
		if (o->max_seq != 0 && row.seq > o->max_seq) {
			rc = 0;
			break;
		}
		st->rows_read++;
		st->last_seq = row.seq;
		memcpy(st->last_hash, row.hash, 65);
		if (row.kind == LK_CLOSE && memcmp(row.ref, st->sealed, 7) > 0)
			memcpy(st->sealed, row.ref, 8);
		counted = o->as_of == NULL || memcmp(row.date, o->as_of, 10) <= 0;
		if (!counted && !have_after) {
			have_after = 1;
			st->after_offset = row.offset;
			st->after_seq = row.seq;
		}
		if (!have_after)
			memcpy(st->after_prev_hash, row.hash, 65);
		if (si != NULL && row.offset <= si->close_offset && memcmp(row.date, sealed_end, 10) <= 0)
			continue;   /* already in the snapshot */
		if (counted) {
			fx_from_row(&x, &row);
			if (apply(st, &x, (o->period_from != NULL || o->period_to != NULL) &&
				  in_range_date(row.date, o->period_from, o->period_to)) != 0)
				return wmsj_err_set(err, WMSJ_BADDATA,
						    _("%s:%zu: a total overflows"), LEDGER_FILE, row.line);
		}
		if (o->cb != NULL &&
		    ((o->flags & LEDGER_ALL_ROWS) ||
		     (counted && (o->cb_from == NULL || memcmp(row.date, o->cb_from, 10) >= 0)))) {
			rc = o->cb(o->cb_arg, &row, err);
			if (rc != WMSJ_OK)
				return rc;
		}
	}
	if (rc != 0)
		return rc;
	st->size = ledger_size(r);
	if (!have_after) {
		st->after_offset = st->size;
		st->after_seq = st->last_seq + 1;
	}
	return WMSJ_OK;
}

static int
opts_check(const struct ledger_state_opts *o, struct wmsj_err *err)
{
	const char *d[] = { o->as_of, o->period_from, o->period_to, o->cb_from };

	for (size_t i = 0; i < 4; i++)
		if (d[i] != NULL && !date_ok(d[i], strlen(d[i])))
			return wmsj_err_set(err, WMSJ_USAGE, _("'%s' is not a real YYYY-MM-DD date"),
					    d[i]);
	return WMSJ_OK;
}

int
ledger_state_load(struct ledger_state *st, const char *dir, const struct ledger_state_opts *o,
		  struct wmsj_err *err)
{
	static const struct ledger_state_opts none;
	struct ledger_reader *r;
	struct seal_info si;
	int rc, use = 0, rejected = 0;
	const char *env = getenv("WMSJ_NO_SNAPSHOT");
	char problem[sizeof st->snapshot_problem] = "";

	if (o == NULL)
		o = &none;
	rc = opts_check(o, err);
	if (rc != WMSJ_OK)
		return rc;
	rc = ledger_open(&r, dir, o->flags & LEDGER_VERIFY, err);
	if (rc != WMSJ_OK)
		return rc;
	if (!(o->flags & (LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS)) && (env == NULL || *env == '\0') &&
	    o->max_seq == 0 && r->len > 0) {
		char **months = NULL;
		size_t nm = 0;

		if (seal_list(dir, &months, &nm, NULL) == WMSJ_OK) {
			for (size_t i = 0; i < nm && !use; i++) {
				struct wmsj_err e2;

				if (!snapshot_fits(months[i], o))
					continue;
				if (seal_load(dir, months[i], st, &si, &e2) == WMSJ_OK &&
				    ledger_seek(r, si.start_offset, si.start_prev_hash, si.start_seq,
						&e2) == WMSJ_OK) {
					use = 1;
					st->used |= LS_USED_SNAPSHOT;
					memcpy(st->snapshot_month, si.month, 8);
					memcpy(st->sealed, si.month, 8);
				} else {
					if (!rejected)
						snprintf(problem, sizeof problem, "%.500s", e2.msg);
					rejected = 1;
					ledger_state_release(st);
					ledger_state_init(st);
				}
			}
			for (size_t i = 0; i < nm; i++)
				free(months[i]);
			free(months);
		}
	}
	if (rejected) {
		st->used |= LS_SNAPSHOT_REJECTED;
		memcpy(st->snapshot_problem, problem, sizeof problem);
	}
	if (use)
		memcpy(st->after_prev_hash, si.start_prev_hash, 65);
	rc = load_rows(st, r, o, use ? &si : NULL, err);
	ledger_close(r);
	return rc;
}

int
ledger_state_load_stream(struct ledger_state *st, const char *path,
			 const struct ledger_state_opts *o, struct wmsj_err *err)
{
	static const struct ledger_state_opts none;
	struct ledger_reader *r;
	int rc;

	if (o == NULL)
		o = &none;
	rc = opts_check(o, err);
	if (rc != WMSJ_OK)
		return rc;
	rc = ledger_open_stream(&r, path, err);
	if (rc != WMSJ_OK)
		return rc;
	rc = load_rows(st, r, o, NULL, err);
	ledger_close(r);
	return rc;
}
