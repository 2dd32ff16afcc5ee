/* The ledger's reader (file, stream, buffer; a row by its txn) and the one
 * chain verifier.  See ledger.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "i18n.h"
#include "ledger.h"
#include "ledger_int.h"
#include "util.h"

#define LINE_MAX_BYTES 65536          /* longest row accepted */
#define STREAM_CHUNK (4u << 20)

/* ---- the chain ------------------------------------------------------------- */

void
ledger_chain_start(struct ledger_chain *c, const char *prev_hash, uint64_t next_seq)
{
	c->next_seq = next_seq;
	memcpy(c->prev, prev_hash != NULL ? prev_hash : ledger_zero_hash, 64);
	c->prev[64] = '\0';
}

unsigned
ledger_chain_step(struct ledger_chain *c, const uint64_t *seq, const char *row, size_t hashin,
		  const char *hash, int check_hash)
{
	unsigned bad = 0;

	if (seq != NULL && *seq != c->next_seq)
		bad |= *seq < c->next_seq ? LEDGER_CHAIN_BACK : LEDGER_CHAIN_GAP;
	if (check_hash) {
		char h[65];

		ledger_hash(c->prev, row, hashin, h);
		if (memcmp(h, hash, 64) != 0)
			bad |= LEDGER_CHAIN_HASH;
	}
	if (seq != NULL)
		c->next_seq = *seq + 1;
	memcpy(c->prev, hash, 64);
	c->prev[64] = '\0';
	return bad;
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
	struct ledger_chain chain;
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
	ledger_chain_start(&r->chain, NULL, 1);
	return r;
}

int
ledger_open_buffer(struct ledger_reader **rp, const char *name, const char *buf, size_t len,
		   unsigned flags, struct wmsj_err *err)
{
	struct ledger_reader *r = reader_new(name, flags);

	(void)err;   /* reading a buffer cannot fail; the signature is open()'s */
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
	if (!(flags & LEDGER_RANDOM))
		madvise(r->map, (size_t)size, MADV_SEQUENTIAL | MADV_WILLNEED);
	else
		madvise(r->map, (size_t)size, MADV_RANDOM);   /* no read-around */
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
	r->line = (size_t)next_seq + 1;
	ledger_chain_start(&r->chain, prev_hash, next_seq);
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
/* The line at p[0..n) (at file offset off) into row: fields copied to
 * r->fbuf, the format checked, then (not for streams) the sequence and, with
 * LEDGER_VERIFY, the chain. */
static int
parse_row(struct ledger_reader *r, const char *line, size_t n, off_t off, struct ledger_row *row,
	  struct wmsj_err *err)
{
	char *f[LEDGER_NCOLS];
	size_t fl[LEDGER_NCOLS], hashin;
	unsigned quoted, bad;
	uint64_t want_seq = r->chain.next_seq;
	const char *what;

	if (n + 2 > r->fcap) {
		r->fcap = n + 256;
		free(r->fbuf);
		r->fbuf = xmalloc(r->fcap);
	}
	memcpy(r->fbuf, line, n);
	r->fbuf[n] = '\0';
	what = ledger_row_split(r->fbuf, n, f, fl, &hashin, &quoted);
	if (what == NULL)
		what = ledger_row_fields(f, fl, quoted, row);
	if (what != NULL)
		return bad_row(r, r->line, what, err);
	row->line = r->line;
	row->offset = off;
	row->raw = line;
	row->rawlen = n;
	if (r->stream)
		return WMSJ_OK;
	bad = ledger_chain_step(&r->chain, &row->seq, line, hashin, row->hash,
				(r->flags & LEDGER_VERIFY) != 0);
	if (bad & (LEDGER_CHAIN_BACK | LEDGER_CHAIN_GAP)) {
		char want[LEDGER_TXN_MAX];

		ledger_txn_format(want_seq, want);
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s:%zu: sequence '%s' where '%s' was expected (a row was "
				      "removed, inserted, repeated or reordered)"),
				    r->name, r->line, row->txn, want);
	}
	if (bad & LEDGER_CHAIN_HASH)
		return wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s:%zu: hash does not match the row (the row or one "
				      "before it was changed)"), r->name, r->line);
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

	if (c == NULL || ledger_parse_seq(s, (size_t)(c - s), &v) != 0)
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
	if ((size_t)(eol - s) + 2 > r->fcap) {
		r->fcap = (size_t)(eol - s) + 256;
		free(r->fbuf);
		r->fbuf = xmalloc(r->fcap);
	}
	memcpy(r->fbuf, s, (size_t)(eol - s));
	r->fbuf[eol - s] = '\0';
	if (ledger_row_split(r->fbuf, (size_t)(eol - s), f, fl, &hashin, &quoted) != NULL)
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


const char *
ledger_reader_map(const struct ledger_reader *r, size_t *len, size_t *pos)
{
	if (r->base == NULL || r->fd >= 0)
		return NULL;
	*len = r->len;
	*pos = r->pos;
	return r->base;
}

const struct ledger_chain *
ledger_reader_chain(const struct ledger_reader *r)
{
	return &r->chain;
}

/* One row read with pread (not through the map: a lookup touches only the
 * bytes it reads, whatever the ledger's size) and checked by a one-line
 * reader; the row's strings live until onerow_release. */
void
ledger_onerow_release(struct ledger_onerow *o)
{
	if (o->r != NULL)
		ledger_close(o->r);
	free(o->buf);
	o->r = NULL;
	o->buf = NULL;
}

/* The row at offset off of ledger.csv (fd, size bytes), read and checked:
 * its format, its hash chained from the line before it.  1 and *row (o
 * released first), or 0 (not a row that checks out). */
int
ledger_row_at(int fd, uint64_t size, uint64_t off, struct ledger_onerow *o, struct ledger_row *row)
{
	char prev[65], *c;
	size_t n;
	uint64_t seq;
	struct wmsj_err e2;

	ledger_onerow_release(o);
	if (off >= size || ledger_prev_hash_at(fd, (off_t)off, strlen(LEDGER_HEADER) + 1, prev) != 0 ||
	    (o->buf = fsio_pread_line(fd, (off_t)off, 1u << 20, &n)) == NULL || off + n + 1 > size)
		return 0;
	n++;   /* with its '\n' */
	c = memchr(o->buf, ',', n < 32 ? n : 32);
	if (c == NULL || ledger_parse_seq(o->buf, (size_t)(c - o->buf), &seq) != 0)
		return 0;
	if (ledger_open_buffer(&o->r, LEDGER_FILE, o->buf, n, LEDGER_VERIFY, &e2) != WMSJ_OK ||
	    ledger_seek(o->r, 0, prev, seq, &e2) != WMSJ_OK || ledger_next(o->r, row, &e2) != 1)
		return 0;
	row->offset = (off_t)off;
	return 1;
}
