/* Month seals and balance snapshots: listing, verifying and loading a
 * snapshot, a close row's note.  See seal.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "fsio.h"
#include "i18n.h"
#include "history.h"
#include "ledger.h"
#include "sb.h"
#include "sha.h"
#include "seal.h"
#include "util.h"
#include "date.h"


int
seal_is_month(const char *s, size_t n)
{
	char m[8];
	int y;

	if (n != 7)
		return 0;
	memcpy(m, s, 7);
	m[7] = '\0';
	return wmsj_month_parse(m, &y, NULL) == 0 && y >= 1000;
}

void
seal_sha_hex(const void *p, size_t n, char out[65])
{
	static const char hx[] = "0123456789abcdef";
	unsigned char md[32];

	wmsj_sha256(p, n, md);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hx[md[i] >> 4];
		out[2 * i + 1] = hx[md[i] & 15];
	}
	out[64] = '\0';
}

static int
cmp_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

int
seal_list(const char *dir, char ***months, size_t *n, struct wmsj_err *err)
{
	char *path = fsio_path(dir, SEAL_DIR);
	DIR *d = opendir(path);
	struct dirent *de;
	size_t cap = 0;

	*months = NULL;
	*n = 0;
	if (d == NULL) {
		int e = errno;

		if (e == ENOENT || e == ENOTDIR) {
			free(path);
			return WMSJ_OK;
		}
		wmsj_err_sys(err, e, _("cannot read '%s'"), path);
		free(path);
		return WMSJ_SYSERR;
	}
	while ((de = readdir(d)) != NULL) {
		if (strlen(de->d_name) != 11 || strcmp(de->d_name + 7, ".csv") != 0 ||
		    !seal_is_month(de->d_name, 7))
			continue;
		*months = xgrow(*months, &cap, *n + 1, sizeof **months);
		(*months)[(*n)++] = xstrndup(de->d_name, 7);
	}
	closedir(d);
	free(path);
	if (*n > 1)
		qsort(*months, *n, sizeof **months, cmp_desc);
	return WMSJ_OK;
}

/* ---- parsing the snapshot ------------------------------------------------- */

struct cursor {
	const char *p, *end;
};

/* Next line (without '\n') or NULL at the end / on a missing newline. */
static const char *
next_line(struct cursor *c, size_t *n)
{
	const char *s = c->p, *nl;

	if (s >= c->end)
		return NULL;
	nl = memchr(s, '\n', (size_t)(c->end - s));
	if (nl == NULL)
		return NULL;
	*n = (size_t)(nl - s);
	c->p = nl + 1;
	return s;
}

/* "tag,value" line: returns value and its length, or NULL. */
static const char *
tagged(struct cursor *c, const char *tag, size_t *vn)
{
	size_t n, tl = strlen(tag);
	const char *s = next_line(c, &n);

	if (s == NULL || n <= tl || memcmp(s, tag, tl) != 0 || s[tl] != ',')
		return NULL;
	*vn = n - tl - 1;
	return s + tl + 1;
}

static int
num_i64(const char *s, size_t n, int64_t *v)
{
	int neg = 0;
	uint64_t x = 0;

	if (n > 0 && *s == '-') {
		neg = 1;
		s++;
		n--;
	}
	if (n == 0 || n > 19)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return -1;
		x = x * 10 + d;
	}
	if (x > (uint64_t)INT64_MAX)
		return -1;
	*v = neg ? -(int64_t)x : (int64_t)x;
	return 0;
}

/* Split a line into exactly nf comma-separated fields; 0 or -1. */
static int
fields(const char *s, size_t n, const char **f, size_t *fl, size_t nf)
{
	const char *end = s + n;
	size_t i = 0;

	for (;;) {
		const char *c = memchr(s, ',', (size_t)(end - s));

		if (i == nf)
			return -1;
		f[i] = s;
		fl[i] = (size_t)((c ? c : end) - s);
		i++;
		if (c == NULL)
			break;
		s = c + 1;
	}
	return i == nf ? 0 : -1;
}

static int
bad_snap(const char *month, const char *what, struct wmsj_err *err)
{
	return wmsj_err_set(err, WMSJ_REFUSED, _("%s/%s.csv: snapshot not believed: %s"), SEAL_DIR,
			    month, what);
}

/* Parse the snapshot's head into info; c is left at the totals line. */
static int
parse_head(struct cursor *c, const char *month, struct seal_info *info, struct wmsj_err *err)
{
	const char *v;
	size_t n;
	int64_t x;
	char tmp[LEDGER_TXN_MAX];

	memset(info, 0, sizeof *info);
	v = next_line(c, &n);
	if (v != NULL && n == strlen(SEAL_MAGIC) && memcmp(v, SEAL_MAGIC, n) == 0)
		info->version = 2;
	else if (v != NULL && n == strlen(SEAL_MAGIC_1) && memcmp(v, SEAL_MAGIC_1, n) == 0)
		info->version = 1;
	else
		return bad_snap(month, _("not a seal snapshot"), err);
	v = tagged(c, "month", &n);
	if (v == NULL || n != 7 || memcmp(v, month, 7) != 0)
		return bad_snap(month, _("it is for another month"), err);
	memcpy(info->month, month, 8);
	v = tagged(c, "close_txn", &n);
	if (v == NULL || n >= sizeof tmp)
		return bad_snap(month, _("no close_txn"), err);
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	if (ledger_txn_parse(tmp, &info->close_seq) != 0 || info->close_seq == 0)
		return bad_snap(month, _("bad close_txn"), err);
	v = tagged(c, "close_offset", &n);
	if (v == NULL || num_i64(v, n, &x) != 0 || x < 0)
		return bad_snap(month, _("bad close_offset"), err);
	info->close_offset = (off_t)x;
	v = tagged(c, "start_offset", &n);
	if (v == NULL || num_i64(v, n, &x) != 0 || x < 0 || x > (int64_t)info->close_offset)
		return bad_snap(month, _("bad start_offset"), err);
	info->start_offset = (off_t)x;
	v = tagged(c, "start_txn", &n);
	if (v == NULL || n >= sizeof tmp)
		return bad_snap(month, _("no start_txn"), err);
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	if (ledger_txn_parse(tmp, &info->start_seq) != 0 || info->start_seq == 0 ||
	    info->start_seq > info->close_seq)
		return bad_snap(month, _("bad start_txn"), err);
	v = tagged(c, "start_prev_hash", &n);
	if (v == NULL || n != 64)
		return bad_snap(month, _("bad start_prev_hash"), err);
	memcpy(info->start_prev_hash, v, 64);
	info->start_prev_hash[64] = '\0';
	return WMSJ_OK;
}

/* A region [from, to) of ledger.csv read into memory. */
struct region {
	char *p;
	off_t from, to;
};

static int
region_read(int fd, off_t size, off_t at, struct region *g)
{
	size_t want;
	ssize_t got;

	g->from = at > 66 ? at - 66 : 0;
	g->to = at + 65600 < size ? at + 65600 : size;
	if (g->to <= g->from)
		return -1;
	want = (size_t)(g->to - g->from);
	g->p = xmalloc(want);
	got = pread(fd, g->p, want, g->from);
	if (got < 0 || (size_t)got != want) {
		free(g->p);
		g->p = NULL;
		return -1;
	}
	return 0;
}

/* The row at offset (within g): its line (without '\n') and the hash of the
 * row before (zero hash for the first row).  0 or -1. */
static int
row_at(const struct region *g, off_t offset, uint64_t seq, const char **line, size_t *n,
       char prev[65])
{
	const char *s, *nl, *c;
	size_t o;
	uint64_t v;
	char txn[LEDGER_TXN_MAX];

	if (offset <= g->from || offset >= g->to)
		return -1;
	o = (size_t)(offset - g->from);
	if (g->p[o - 1] != '\n')
		return -1;
	s = g->p + o;
	nl = memchr(s, '\n', (size_t)(g->to - offset));
	if (nl == NULL)
		return -1;
	*line = s;
	*n = (size_t)(nl - s);
	c = memchr(s, ',', *n);
	if (c == NULL || (size_t)(c - s) >= sizeof txn)
		return -1;
	memcpy(txn, s, (size_t)(c - s));
	txn[c - s] = '\0';
	if (ledger_txn_parse(txn, &v) != 0 || v != seq)
		return -1;
	if (seq == 1) {
		memcpy(prev, ledger_zero_hash, 65);
		return 0;
	}
	/* The previous line ends with ",HASH\n" right before offset. */
	if (o < 66 || g->p[o - 66] != ',')
		return -1;
	memcpy(prev, g->p + o - 65, 64);
	prev[64] = '\0';
	for (int i = 0; i < 64; i++)
		if (!((prev[i] >= '0' && prev[i] <= '9') || (prev[i] >= 'a' && prev[i] <= 'f')))
			return -1;
	return 0;
}

/* Check the close row (chained from the row before it, this month's close,
 * its note holding the snapshot's hash); fills close_hash/close_prev_hash. */
static int
check_close(const struct region *g, const char *month, struct seal_info *info,
	    struct wmsj_err *err)
{
	struct ledger_reader *one;
	struct ledger_row row;
	struct ledger_totals t;
	struct wmsj_err e2;
	const char *line;
	size_t n;
	char prev[65], note_hash[65], why[300];
	int rc;

	if (row_at(g, info->close_offset, info->close_seq, &line, &n, prev) != 0)
		return bad_snap(month, _("no close row at its close_offset"), err);
	rc = ledger_open_buffer(&one, LEDGER_FILE, line, n + 1, LEDGER_VERIFY, &e2);
	if (rc == WMSJ_OK) {
		rc = ledger_seek(one, 0, prev, info->close_seq, &e2);
		if (rc == WMSJ_OK && (rc = ledger_next(one, &row, &e2)) == 1)
			rc = WMSJ_OK;
		else if (rc == 0)
			rc = WMSJ_BADDATA;
	}
	if (rc != WMSJ_OK) {
		ledger_close(one);
		snprintf(why, sizeof why, _("its close row does not check out (%.200s)"), e2.msg);
		return bad_snap(month, why, err);
	}
	if (row.kind != LK_CLOSE || strcmp(row.ref, month) != 0) {
		ledger_close(one);
		return bad_snap(month, _("the row at close_offset is not this month's close row"),
				err);
	}
	if (seal_parse_note(row.note, &t, note_hash) != 0 ||
	    strcmp(note_hash, info->file_hash) != 0) {
		ledger_close(one);
		return bad_snap(month, _("its hash is not the one recorded in the close row "
					 "(changed or stale)"), err);
	}
	memcpy(info->close_hash, row.hash, 65);
	memcpy(info->close_prev_hash, prev, 65);
	ledger_close(one);
	return WMSJ_OK;
}

/* Verify the snapshot in buf against the ledger in dir; c is left at the body. */
static int
verify_buf(const char *dir, const char *month, const char *buf, size_t len, struct cursor *c,
	   struct seal_info *info, struct wmsj_err *err)
{
	struct region g = { NULL, 0, 0 }, h = { NULL, 0, 0 };
	const char *line;
	size_t n;
	char prev[65], *path;
	off_t size;
	int fd, rc;

	c->p = buf;
	c->end = buf + len;
	rc = parse_head(c, month, info, err);
	if (rc != WMSJ_OK)
		return rc;
	seal_sha_hex(buf, len, info->file_hash);
	size = fsio_stable_size(dir, LEDGER_FILE, err);
	if (size < 0)
		return err != NULL && err->status ? err->status : WMSJ_SYSERR;
	path = fsio_path(dir, LEDGER_FILE);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd < 0 || region_read(fd, size, info->close_offset, &g) != 0) {
		if (fd >= 0)
			close(fd);
		return bad_snap(month, _("its close_offset lies beyond the ledger's end"), err);
	}
	rc = check_close(&g, month, info, err);
	if (rc == WMSJ_OK) {
		if (info->start_offset == info->close_offset) {
			if (info->start_seq != info->close_seq ||
			    strcmp(info->close_prev_hash, info->start_prev_hash) != 0)
				rc = -1;
		} else if (region_read(fd, size, info->start_offset, &h) != 0 ||
			   row_at(&h, info->start_offset, info->start_seq, &line, &n, prev) != 0 ||
			   strcmp(prev, info->start_prev_hash) != 0) {
			rc = -1;
		}
		if (rc != WMSJ_OK)
			rc = bad_snap(month, _("its start row does not match the ledger"), err);
	}
	close(fd);
	free(g.p);
	free(h.p);
	return rc;
}

static int
read_snapshot(const char *dir, const char *month, char **buf, size_t *len, struct wmsj_err *err)
{
	char name[32], *sdir, *path;
	struct stat stt;
	int rc;

	xsnprintf(name, sizeof name, "%.7s.csv", month);
	sdir = fsio_path(dir, SEAL_DIR);
	path = fsio_path(sdir, name);
	free(sdir);
	if (stat(path, &stt) != 0) {
		free(path);
		return bad_snap(month, _("the file is missing"), err);
	}
	free(path);
	sdir = fsio_path(dir, SEAL_DIR);
	rc = fsio_read_in(sdir, name, buf, len, err);   /* never through a link */
	free(sdir);
	if (rc == WMSJ_OK && *buf == NULL)
		return bad_snap(month, _("the file is missing"), err);
	return rc;
}

int
seal_head(const char *dir, const char *month, struct seal_info *info)
{
	struct cursor c;
	struct wmsj_err e2;
	char name[32], *sdir, buf[2048];
	ssize_t n;
	int fd;

	if (!seal_is_month(month, strlen(month)))
		return -1;
	xsnprintf(name, sizeof name, "%.7s.csv", month);
	sdir = fsio_path(dir, SEAL_DIR);
	fd = fsio_open_in(sdir, name, O_RDONLY | O_NONBLOCK, 0, &e2);
	free(sdir);
	if (fd < 0)
		return -1;
	n = pread(fd, buf, sizeof buf, 0);
	close(fd);
	if (n <= 0)
		return -1;
	memset(&c, 0, sizeof c);
	c.p = buf;
	c.end = buf + n;
	return parse_head(&c, month, info, &e2) == WMSJ_OK ? 0 : -1;
}

int
seal_verify(const char *dir, const char *month, struct seal_info *info, struct wmsj_err *err)
{
	struct cursor c;
	char *buf;
	size_t len;
	int rc;

	if (!seal_is_month(month, strlen(month)))
		return wmsj_err_set(err, WMSJ_USAGE, _("'%s' is not a month YYYY-MM"), month);
	rc = read_snapshot(dir, month, &buf, &len, err);
	if (rc != WMSJ_OK)
		return rc;
	rc = verify_buf(dir, month, buf, len, &c, info, err);
	free(buf);
	return rc;
}

/* The body of a snapshot (totals, accounts, shelves) into st (empty):
 * 0, or -1 when it does not parse or lists a volunteer or shelf twice. */
static int
parse_state(struct cursor *c, struct ledger_state *st)
{
	const char *v, *f[12];
	size_t n, fl[12], na, ni;
	int64_t x[12];

	v = tagged(c, "totals", &n);
	if (v == NULL || fields(v, n, f, fl, 12) != 0)
		return -1;
	for (int i = 0; i < 12; i++)
		if (num_i64(f[i], fl[i], &x[i]) != 0)
			return -1;
	st->total.rows = (uint64_t)x[0];
	st->total.earned = x[1];
	st->total.redeemed = x[2];
	st->total.cleared = x[3];
	st->total.hours = x[4];
	st->total.stock_in = x[5];
	st->total.stock_out = x[6];
	st->total.awards = (uint64_t)x[7];
	st->total.redeems = (uint64_t)x[8];
	st->total.clears = (uint64_t)x[9];
	st->total.reverses = (uint64_t)x[10];
	st->total.stocks = (uint64_t)x[11];
	v = tagged(c, "accounts", &n);
	if (v == NULL || num_i64(v, n, &x[0]) != 0 || x[0] < 0)
		return -1;
	na = (size_t)x[0];
	for (size_t k = 0; k < na; k++) {
		struct account *a;
		size_t before = st->naccounts;

		v = next_line(c, &n);
		if (v == NULL || fields(v, n, f, fl, 9) != 0 || fl[0] == 0)
			return -1;
		for (int i = 1; i < 9; i++)
			if (num_i64(f[i], fl[i], &x[i]) != 0)
				return -1;
		a = ledger_state_account_add(st, f[0], fl[0]);
		if (st->naccounts == before)
			return -1;   /* a volunteer listed twice */
		a->earned = x[1];
		a->redeemed = x[2];
		a->cleared = x[3];
		a->balance = x[4];
		a->hours = x[5];
		a->cleared_year = (int)x[6];
		a->cleared_seq = (uint64_t)x[7];
		a->rows = (uint64_t)x[8];
	}
	v = tagged(c, "shelves", &n);
	if (v == NULL || num_i64(v, n, &x[0]) != 0 || x[0] < 0)
		return -1;
	ni = (size_t)x[0];
	for (size_t k = 0; k < ni; k++) {
		struct ledger_stock *it;
		size_t before = st->nitems;

		v = next_line(c, &n);
		if (v == NULL || fields(v, n, f, fl, 3) != 0 || fl[1] == 0 ||
		    num_i64(f[2], fl[2], &x[2]) != 0)
			return -1;
		it = ledger_state_shelf_add(st, f[0], fl[0], f[1], fl[1]);
		if (st->nitems == before)
			return -1;   /* a shelf's item listed twice */
		it->qty = x[2];
	}
	return c->p == c->end ? 0 : -1;
}

int
seal_state_parse(const char *buf, size_t len, struct ledger_state *st)
{
	struct cursor c;

	c.p = buf;
	c.end = buf + len;
	return parse_state(&c, st);
}

void
seal_state_text(struct sb *out, const struct ledger_state *st)
{
	seal_totals_text(out, st);
	seal_accounts_text(out, st);
	sb_addf(out, "shelves,%zu\n", st->nitems);
	for (size_t i = 0; i < st->nitems; i++)
		sb_addf(out, "%s,%s,%lld\n", st->items[i].station, st->items[i].item,
			(long long)st->items[i].qty);
}

void
seal_totals_text(struct sb *out, const struct ledger_state *st)
{
	sb_addf(out, "totals,%llu,%lld,%lld,%lld,%lld,%lld,%lld,%llu,%llu,%llu,%llu,%llu\n",
		(unsigned long long)st->total.rows, (long long)st->total.earned,
		(long long)st->total.redeemed, (long long)st->total.cleared, (long long)st->total.hours,
		(long long)st->total.stock_in, (long long)st->total.stock_out,
		(unsigned long long)st->total.awards, (unsigned long long)st->total.redeems,
		(unsigned long long)st->total.clears, (unsigned long long)st->total.reverses,
		(unsigned long long)st->total.stocks);
}

void
seal_accounts_text(struct sb *out, const struct ledger_state *st)
{
	sb_addf(out, "accounts,%zu\n", st->naccounts);
	for (size_t i = 0; i < st->naccounts; i++) {
		const struct account *a = &st->accounts[i];

		sb_addf(out, "%s,%lld,%lld,%lld,%lld,%lld,%d,%llu,%llu\n", st->ids[i],
			(long long)a->earned, (long long)a->redeemed, (long long)a->cleared,
			(long long)a->balance, (long long)a->hours, a->cleared_year,
			(unsigned long long)a->cleared_seq, (unsigned long long)a->rows);
	}
}

int
seal_load(const char *dir, const char *month, struct ledger_state *st, struct seal_info *info,
	  struct wmsj_err *err)
{
	struct cursor c;
	char *buf;
	size_t len;
	int rc;

	if (!seal_is_month(month, strlen(month)))
		return wmsj_err_set(err, WMSJ_USAGE, _("'%s' is not a month YYYY-MM"), month);
	rc = read_snapshot(dir, month, &buf, &len, err);
	if (rc != WMSJ_OK)
		return rc;
	rc = verify_buf(dir, month, buf, len, &c, info, err);
	if (rc != WMSJ_OK)
		goto out;
	if (info->version != 2) {
		rc = bad_snap(month, _("it is of an older format, without stock per shelf"), err);
		goto out;
	}
	rc = WMSJ_REFUSED;
	if (parse_state(&c, st) != 0)
		goto bad;
	rc = WMSJ_OK;
	goto out;
bad:
	rc = bad_snap(month, _("its body does not parse"), err);
out:
	free(buf);
	return rc;
}

int
seal_note_history(const char *note, uint64_t *seq, char hash[65])
{
	const char *p = strstr(note, ";history=R"), *colon, *e;
	char r[24];

	*seq = 0;
	hash[0] = '\0';
	if (p == NULL)
		return 0;
	p += 9;
	colon = strchr(p, ':');
	e = strchr(p, ';');
	if (colon == NULL || e == NULL || colon > e || (size_t)(colon - p) >= sizeof r ||
	    e - colon - 1 != 64)
		return -1;
	memcpy(r, p, (size_t)(colon - p));
	r[colon - p] = '\0';
	if (hist_seq_parse(r, seq) != 0)
		return -1;
	memcpy(hash, colon + 1, 64);
	hash[64] = '\0';
	return 1;
}

int
seal_parse_note(const char *note, struct ledger_totals *t, char snapshot_hash[65])
{
	static const char *const keys[] = { "rows", "earned", "redeemed", "cleared", "hours" };
	const char *p = note;
	int64_t v[5];

	memset(t, 0, sizeof *t);
	snapshot_hash[0] = '\0';
	for (int i = 0; i < 5; i++) {
		size_t kl = strlen(keys[i]);
		const char *e;

		if (strncmp(p, keys[i], kl) != 0 || p[kl] != '=')
			return -1;
		p += kl + 1;
		e = strchr(p, ';');
		if (e == NULL)
			return -1;
		if (i == 4) {
			/* hours: decimal */
			const char *dot = memchr(p, '.', (size_t)(e - p));
			int64_t whole, frac = 0;
			size_t fn = 0;

			if (num_i64(p, (size_t)((dot ? dot : e) - p), &whole) != 0)
				return -1;
			if (dot != NULL) {
				fn = (size_t)(e - dot - 1);
				if (fn < 1 || fn > 2 || num_i64(dot + 1, fn, &frac) != 0 || frac < 0)
					return -1;
				if (fn == 1)
					frac *= 10;
			}
			v[i] = whole * 100 + (p[0] == '-' ? -frac : frac);
		} else if (num_i64(p, (size_t)(e - p), &v[i]) != 0) {
			return -1;
		}
		p = e + 1;
	}
	/* history=R<seq>:<hex>; (the register history's head when the month
	 * was closed), in close rows written since the history exists */
	if (strncmp(p, "history=", 8) == 0) {
		const char *e = strchr(p, ';');
		if (e == NULL)
			return -1;
		p = e + 1;
	}
	if (strncmp(p, "snapshot=", 9) != 0 || strlen(p + 9) != 64)
		return -1;
	memcpy(snapshot_hash, p + 9, 65);
	t->rows = (uint64_t)v[0];
	t->earned = v[1];
	t->redeemed = v[2];
	t->cleared = v[3];
	t->hours = v[4];
	return 0;
}
