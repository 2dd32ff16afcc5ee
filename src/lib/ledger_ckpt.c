/* ledger_ckpt: the ledger's state after any row, beside it (ledger_ckpt.h). */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "ledger.h"
#include "ledger_ckpt.h"
#include "ledger_index.h"
#include "sb.h"
#include "seal.h"
#include "util.h"

/* A checkpoint read: the row it names and the state after it (st). */
struct ckpt {
	uint64_t seq;
	off_t row_offset;
	char hash[65];
	char sealed[8];
	struct ledger_state st;
};

/* The next line of [*p, end) (without '\n') into *line, *n: 0, or -1. */
static int
line_of(const char **p, const char *end, const char **line, size_t *n)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));

	if (nl == NULL)
		return -1;
	*line = *p;
	*n = (size_t)(nl - *p);
	*p = nl + 1;
	return 0;
}

/* "TAG,rest" -> rest, or NULL. */
static const char *
tag(const char *line, size_t n, const char *t, size_t *rn)
{
	size_t tl = strlen(t);

	if (n <= tl || memcmp(line, t, tl) != 0 || line[tl] != ',')
		return NULL;
	*rn = n - tl - 1;
	return line + tl + 1;
}

/* The checkpoint in buf (len bytes) into k (k->st initialised): 0, or -1
 * when it is not one (its body's hash included). */
static int
ckpt_parse(const char *buf, size_t len, struct ckpt *k)
{
	const char *p = buf, *end = buf + len, *l, *v;
	size_t n, vn;
	char sha[65], body[65], txn[LEDGER_TXN_MAX];
	long long off;
	int used = 0;

	if (line_of(&p, end, &l, &n) != 0 || n != strlen(LEDGER_CKPT_MAGIC) ||
	    memcmp(l, LEDGER_CKPT_MAGIC, n) != 0)
		return -1;
	/* row,TXN,OFFSET,HASH */
	if (line_of(&p, end, &l, &n) != 0 || (v = tag(l, n, "row", &vn)) == NULL || vn > 200)
		return -1;
	{
		char tmp[256];

		memcpy(tmp, v, vn);
		tmp[vn] = '\0';
		if (sscanf(tmp, "%23[^,],%lld,%64[0-9a-f]%n", txn, &off, k->hash, &used) != 3 ||
		    (size_t)used != vn || off < 0 || strlen(k->hash) != 64 ||
		    ledger_txn_parse(txn, &k->seq) != 0)
			return -1;
		k->row_offset = (off_t)off;
	}
	if (line_of(&p, end, &l, &n) != 0 || (v = tag(l, n, "sealed", &vn)) == NULL ||
	    (vn != 0 && vn != 7))
		return -1;
	memcpy(k->sealed, v, vn);
	k->sealed[vn] = '\0';
	if (line_of(&p, end, &l, &n) != 0 || (v = tag(l, n, "body", &vn)) == NULL || vn != 64)
		return -1;
	memcpy(body, v, 64);
	body[64] = '\0';
	seal_sha_hex(p, (size_t)(end - p), sha);
	if (strcmp(sha, body) != 0)
		return -1;
	return seal_state_parse(p, (size_t)(end - p), &k->st);
}

/* DIR/.ledger.state read and parsed into k: 0, or -1 (none, a link, not
 * one). */
static int
ckpt_read(const char *dir, struct ckpt *k)
{
	char *buf = NULL;
	size_t len = 0;
	struct wmsj_err e2;
	int r;

	memset(k, 0, sizeof *k);
	ledger_state_init(&k->st);
	if (fsio_read_in(dir, LEDGER_CKPT_FILE, &buf, &len, &e2) != WMSJ_OK || buf == NULL)
		return -1;
	r = ckpt_parse(buf, len, k);
	free(buf);
	return r;
}

/* The row k names is in ledger.csv (fd, size bytes), with that hash,
 * chained from the line before it: the offset after it into *next, 1; or
 * 0. */
static int
ckpt_bound(const struct ckpt *k, int fd, uint64_t size, off_t *next)
{
	struct ledger_onerow o = { NULL, NULL };
	struct ledger_row row;
	int ok = ledger_row_at(fd, size, (uint64_t)k->row_offset, &o, &row) && row.seq == k->seq &&
		 strcmp(row.hash, k->hash) == 0;

	if (ok)
		*next = k->row_offset + (off_t)strlen(o.buf);
	ledger_onerow_release(&o);
	return ok;
}

/* The close row of the newest seal, or -1 when there is none. */
static off_t
newest_seal(const char *dir)
{
	char **months = NULL;
	size_t n = 0;
	off_t off = -1;
	struct seal_info si;

	if (seal_list(dir, &months, &n, NULL) != WMSJ_OK)
		return -1;
	if (n > 0 && seal_head(dir, months[0], &si) == 0)
		off = si.close_offset;
	for (size_t i = 0; i < n; i++)
		free(months[i]);
	free(months);
	return off;
}

int
ledger_ckpt_write(const char *dir, const struct ledger_state *st, struct wmsj_err *err)
{
	struct sb body, all;
	char sha[65], txn[LEDGER_TXN_MAX];
	int rc;

	if (st->last_seq == 0)
		return WMSJ_OK;
	if ((rc = fsio_check_dir(dir, 1, err)) != WMSJ_OK)
		return rc;
	sb_init(&body);
	sb_init(&all);
	seal_state_text(&body, st);
	seal_sha_hex(body.buf, body.len, sha);
	ledger_txn_format(st->last_seq, txn);
	sb_addf(&all, "%s\nrow,%s,%lld,%s\nsealed,%s\nbody,%s\n", LEDGER_CKPT_MAGIC, txn,
		(long long)st->last_offset, st->last_hash, st->sealed, sha);
	sb_add(&all, body.buf, body.len);
	rc = fsio_rewrite_aside(dir, LEDGER_CKPT_FILE, all.buf, all.len, err);
	sb_release(&body);
	sb_release(&all);
	return rc;
}

/* The checkpoint as a place to resume, when it is bound to this ledger and
 * newer than the newest seal: 1 and st, *rs filled; else 0 (st empty). */
static int
ckpt_resume(const char *dir, struct ledger_state *st, struct ledger_resume *rs)
{
	struct ckpt k;
	struct wmsj_err e2;
	struct stat sb;
	int fd, ok = 0;
	off_t next = 0;

	if (ckpt_read(dir, &k) != 0) {
		ledger_state_release(&k.st);
		return 0;
	}
	fd = fsio_open_in(dir, LEDGER_FILE, O_RDONLY | O_NONBLOCK, 0, &e2);
	if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    ckpt_bound(&k, fd, (uint64_t)sb.st_size, &next) && k.row_offset > newest_seal(dir))
		ok = 1;
	if (fd >= 0)
		close(fd);
	if (!ok) {
		ledger_state_release(&k.st);
		return 0;
	}
	ledger_state_release(st);
	*st = k.st;
	rs->row_offset = k.row_offset;
	rs->offset = next;
	rs->seq = k.seq;
	memcpy(rs->hash, k.hash, 65);
	memcpy(rs->sealed, k.sealed, 8);
	return 1;
}

int
ledger_state_load_ckpt(struct ledger_state *st, const char *dir, struct wmsj_err *err)
{
	struct ledger_resume rs;
	struct ledger_state_opts lo;
	int rc = -1;

	if (ledger_index_is_off() || ledger_no_snapshot_is_on())
		return ledger_state_load(st, dir, NULL, err);
	memset(&lo, 0, sizeof lo);
	if (ckpt_resume(dir, st, &rs)) {
		lo.resume = &rs;
		rc = ledger_state_load(st, dir, &lo, err);
		if (rc != WMSJ_OK) {   /* then as if there were none */
			ledger_state_release(st);
			ledger_state_init(st);
		}
	}
	if (rc != WMSJ_OK)
		rc = ledger_state_load(st, dir, NULL, err);
	if (rc == WMSJ_OK && st->rows_read > LEDGER_INDEX_TAIL) {
		struct wmsj_err e2;

		(void)ledger_ckpt_write(dir, st, &e2);   /* derived: only the speed */
	}
	return rc;
}

/* ---- wmsj-audit ----------------------------------------------------------------- */

struct ledger_ckpt_check {
	struct ckpt k;
	int bound, differs;
	size_t line;
};

struct ledger_ckpt_check *
ledger_ckpt_check_open(const char *dir)
{
	struct ledger_ckpt_check *c = xcalloc(1, sizeof *c);

	if (ckpt_read(dir, &c->k) != 0) {
		ledger_state_release(&c->k.st);
		free(c);
		return NULL;
	}
	return c;
}

static int
same_totals(const struct ledger_totals *a, const struct ledger_totals *b)
{
	return a->earned == b->earned && a->redeemed == b->redeemed && a->cleared == b->cleared &&
	       a->hours == b->hours && a->stock_in == b->stock_in && a->stock_out == b->stock_out &&
	       a->rows == b->rows && a->awards == b->awards && a->redeems == b->redeems &&
	       a->clears == b->clears && a->reverses == b->reverses && a->stocks == b->stocks;
}

/* The checkpoint's state against st, the state after the same row. */
static int
same_state(const struct ledger_state *k, const char *sealed, const struct ledger_state *st)
{
	if (k->naccounts != st->naccounts || k->nitems != st->nitems ||
	    strcmp(sealed, st->sealed) != 0 || !same_totals(&k->total, &st->total))
		return 0;
	for (size_t i = 0; i < st->naccounts; i++) {
		const struct account *a = &st->accounts[i], *b = ledger_state_account(k, st->ids[i]);

		if (b == NULL || a->earned != b->earned || a->redeemed != b->redeemed ||
		    a->cleared != b->cleared || a->balance != b->balance || a->hours != b->hours ||
		    a->cleared_year != b->cleared_year || a->cleared_seq != b->cleared_seq ||
		    a->rows != b->rows)
			return 0;
	}
	for (size_t i = 0; i < st->nitems; i++)
		if (ledger_state_shelf_stock(k, st->items[i].station, st->items[i].item) !=
		    st->items[i].qty)
			return 0;
	return 1;
}

void
ledger_ckpt_check_row(struct ledger_ckpt_check *c, const struct ledger_row *row,
		      const struct ledger_state *st)
{
	if (c == NULL || row->seq != c->k.seq || c->bound)
		return;
	if (row->offset != c->k.row_offset || strcmp(row->hash, c->k.hash) != 0)
		return;   /* another ledger's: stale, never believed */
	c->bound = 1;
	c->line = row->line;
	c->differs = !same_state(&c->k.st, c->k.sealed, st);
}

int
ledger_ckpt_check_close(struct ledger_ckpt_check *c, size_t *line)
{
	int r;

	*line = 0;
	if (c == NULL)
		return LIX_CHECK_NONE;
	r = !c->bound ? LIX_CHECK_UNBOUND : c->differs ? LIX_CHECK_DIFFERS : LIX_CHECK_OK;
	*line = c->line;
	ledger_state_release(&c->k.st);
	free(c);
	return r;
}
