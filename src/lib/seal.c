/* Month seals and balance snapshots: see seal.h. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "fsio.h"
#include "i18n.h"
#include "history.h"
#include "ledger.h"
#include "seal.h"
#include "util.h"
#include "validate.h"

#define SEAL_MAGIC "wmsj-seal,2"
/* The format before stock was kept per shelf: still bound to its close row
 * (seal_verify), never loaded (seal_load: the rows are read instead). */
#define SEAL_MAGIC_1 "wmsj-seal,1"

static int
is_month(const char *s, size_t n)
{
	int m;

	if (n != 7 || s[4] != '-')
		return 0;
	for (size_t i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	return m >= 1 && m <= 12 && s[0] >= '1';
}

static void
month_first_last(const char *m, char first[11], char last[11])
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = atoi(m), mo = atoi(m + 5), d;

	d = dm[mo - 1];
	if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		d = 29;
	memcpy(first, m, 7);
	memcpy(first + 7, "-01", 4);
	memcpy(last, m, 7);
	last[7] = '-';
	last[8] = (char)('0' + d / 10);
	last[9] = (char)('0' + d % 10);
	last[10] = '\0';
}

static void
sha_hex(const void *p, size_t n, char out[65])
{
	static const char hx[] = "0123456789abcdef";
	unsigned char md[32];

	SHA256(p, n, md);
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
		    !is_month(de->d_name, 7))
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
	sha_hex(buf, len, info->file_hash);
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

	snprintf(name, sizeof name, "%.7s.csv", month);
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
seal_verify(const char *dir, const char *month, struct seal_info *info, struct wmsj_err *err)
{
	struct cursor c;
	char *buf;
	size_t len;
	int rc;

	if (!is_month(month, strlen(month)))
		return wmsj_err_set(err, WMSJ_USAGE, _("'%s' is not a month YYYY-MM"), month);
	rc = read_snapshot(dir, month, &buf, &len, err);
	if (rc != WMSJ_OK)
		return rc;
	rc = verify_buf(dir, month, buf, len, &c, info, err);
	free(buf);
	return rc;
}

int
seal_load(const char *dir, const char *month, struct ledger_state *st, struct seal_info *info,
	  struct wmsj_err *err)
{
	struct cursor c;
	char *buf;
	const char *v, *f[12];
	size_t len, n, fl[12], na, ni;
	int64_t x[12];
	int rc;

	if (!is_month(month, strlen(month)))
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
	v = tagged(&c, "totals", &n);
	if (v == NULL || fields(v, n, f, fl, 12) != 0)
		goto bad;
	for (int i = 0; i < 12; i++)
		if (num_i64(f[i], fl[i], &x[i]) != 0)
			goto bad;
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
	v = tagged(&c, "accounts", &n);
	if (v == NULL || num_i64(v, n, &x[0]) != 0 || x[0] < 0)
		goto bad;
	na = (size_t)x[0];
	for (size_t k = 0; k < na; k++) {
		struct account *a;
		size_t before = st->naccounts;

		v = next_line(&c, &n);
		if (v == NULL || fields(v, n, f, fl, 9) != 0 || fl[0] == 0)
			goto bad;
		for (int i = 1; i < 9; i++)
			if (num_i64(f[i], fl[i], &x[i]) != 0)
				goto bad;
		a = ledger_state_account_add(st, f[0], fl[0]);
		if (st->naccounts == before)
			goto bad;   /* a volunteer listed twice */
		a->earned = x[1];
		a->redeemed = x[2];
		a->cleared = x[3];
		a->balance = x[4];
		a->hours = x[5];
		a->cleared_year = (int)x[6];
		a->cleared_seq = (uint64_t)x[7];
		a->rows = (uint64_t)x[8];
	}
	v = tagged(&c, "shelves", &n);
	if (v == NULL || num_i64(v, n, &x[0]) != 0 || x[0] < 0)
		goto bad;
	ni = (size_t)x[0];
	for (size_t k = 0; k < ni; k++) {
		struct ledger_stock *it;
		size_t before = st->nitems;

		v = next_line(&c, &n);
		if (v == NULL || fields(v, n, f, fl, 3) != 0 || fl[1] == 0 ||
		    num_i64(f[2], fl[2], &x[2]) != 0)
			goto bad;
		it = ledger_state_shelf_add(st, f[0], fl[0], f[1], fl[1]);
		if (st->nitems == before)
			goto bad;   /* a shelf's item listed twice */
		it->qty = x[2];
	}
	if (c.p != c.end)
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

/* ---- closing a month ----------------------------------------------------------- */

static void
hours_text(int64_t c, char out[32])
{
	uint64_t a = c < 0 ? (uint64_t)0 - (uint64_t)c : (uint64_t)c;

	if (a % 100 == 0)
		snprintf(out, 32, "%s%llu", c < 0 ? "-" : "", (unsigned long long)(a / 100));
	else
		snprintf(out, 32, "%s%llu.%02llu", c < 0 ? "-" : "", (unsigned long long)(a / 100),
			 (unsigned long long)(a % 100));
}

/* The snapshot of month: the state st as of its end, bound to the close
 * row (close_seq at close_off) and to where reading resumes.  version 1 is
 * the format before stock per shelf (to restore a month sealed then). */
static void
snap_text(struct sb *snap, const struct ledger_state *st, const char *month, uint64_t close_seq,
	  off_t close_off, uint64_t start_seq, off_t start_off, const char *start_prev,
	  int version)
{
	char txn[LEDGER_TXN_MAX];

	ledger_txn_format(close_seq, txn);
	sb_addf(snap, "%s\nmonth,%s\nclose_txn,%s\nclose_offset,%lld\nstart_offset,%lld\n",
		version == 1 ? SEAL_MAGIC_1 : SEAL_MAGIC, month, txn, (long long)close_off,
		(long long)start_off);
	ledger_txn_format(start_seq, txn);
	sb_addf(snap, "start_txn,%s\nstart_prev_hash,%s\n", txn, start_prev);
	sb_addf(snap, "totals,%llu,%lld,%lld,%lld,%lld,%lld,%lld,%llu,%llu,%llu,%llu,%llu\n",
		(unsigned long long)st->total.rows, (long long)st->total.earned,
		(long long)st->total.redeemed, (long long)st->total.cleared, (long long)st->total.hours,
		(long long)st->total.stock_in, (long long)st->total.stock_out,
		(unsigned long long)st->total.awards, (unsigned long long)st->total.redeems,
		(unsigned long long)st->total.clears, (unsigned long long)st->total.reverses,
		(unsigned long long)st->total.stocks);
	sb_addf(snap, "accounts,%zu\n", st->naccounts);
	for (size_t i = 0; i < st->naccounts; i++) {
		const struct account *a = &st->accounts[i];

		sb_addf(snap, "%s,%lld,%lld,%lld,%lld,%lld,%d,%llu,%llu\n", st->ids[i],
			(long long)a->earned, (long long)a->redeemed, (long long)a->cleared,
			(long long)a->balance, (long long)a->hours, a->cleared_year,
			(unsigned long long)a->cleared_seq, (unsigned long long)a->rows);
	}
	if (version == 1) {
		/* one town-wide count per item, in the order of its first row */
		size_t n = 0;

		for (size_t i = 0; i < st->nitems; i++) {
			size_t k;

			for (k = 0; k < i && strcmp(st->items[k].item, st->items[i].item) != 0; k++)
				;
			n += k == i;
		}
		sb_addf(snap, "items,%zu\n", n);
		for (size_t i = 0; i < st->nitems; i++) {
			size_t k;

			for (k = 0; k < i && strcmp(st->items[k].item, st->items[i].item) != 0; k++)
				;
			if (k == i)
				sb_addf(snap, "%s,%lld\n", st->items[i].item,
					(long long)ledger_state_stock(st, st->items[i].item));
		}
		return;
	}
	sb_addf(snap, "shelves,%zu\n", st->nitems);
	for (size_t i = 0; i < st->nitems; i++)
		sb_addf(snap, "%s,%s,%lld\n", st->items[i].station, st->items[i].item,
			(long long)st->items[i].qty);
}

/* The close row of a month, found by a scan (a repair is rare). */
struct close_find {
	const char *month;
	int found;
	uint64_t seq;
	off_t offset;
	char hash[65], prev[65], last[65], snap_hash[65];
};

static int
close_find_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct close_find *f = arg;
	struct ledger_totals t;

	(void)err;
	if (row->kind == LK_CLOSE && strncmp(row->ref, f->month, 7) == 0 && row->ref[7] == '\0' &&
	    seal_parse_note(row->note, &t, f->snap_hash) == 0) {
		f->found = 1;
		f->seq = row->seq;
		f->offset = row->offset;
		memcpy(f->hash, row->hash, 65);
		memcpy(f->prev, f->last, 65);
	}
	memcpy(f->last, row->hash, 65);
	return WMSJ_OK;
}

/* A month sealed whose snapshot file is missing (a process killed between
 * the close row's commit and the snapshot's write, or a file deleted):
 * rebuild the snapshot from the rows before its close row; it is written
 * only if its SHA-256 is the one the close row vouches for.  WMSJ_OK and
 * res filled as by the close (*found 0: the month has no close row of its
 * own, it was sealed by a later month's); WMSJ_REFUSED when the rows no
 * longer give the sealed snapshot. */
static int
seal_restore(const char *dir, const char *month, struct seal_result *res, int *found,
	     struct wmsj_err *err)
{
	struct ledger_state st, scan;
	struct ledger_state_opts o;
	struct close_find f;
	struct sb snap;
	char first[11], last[11], name[32], hash[65], *sdir;
	int rc;

	memset(&f, 0, sizeof f);
	f.month = month;
	memcpy(f.last, ledger_zero_hash, 65);
	memset(&o, 0, sizeof o);
	o.flags = LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS;
	o.cb = close_find_cb;
	o.cb_arg = &f;
	ledger_state_init(&scan);
	rc = ledger_state_load(&scan, dir, &o, err);
	ledger_state_release(&scan);
	if (rc != WMSJ_OK)
		return rc;
	*found = f.found;
	if (!f.found)
		return WMSJ_OK;   /* sealed through a later month: nothing to restore */
	month_first_last(month, first, last);
	memset(&o, 0, sizeof o);
	o.flags = LEDGER_NO_SNAPSHOT;
	o.as_of = last;
	o.period_from = first;
	o.period_to = last;
	o.max_seq = f.seq - 1;
	ledger_state_init(&st);
	if (f.seq > 1)
		rc = ledger_state_load(&st, dir, &o, err);
	if (rc != WMSJ_OK) {
		ledger_state_release(&st);
		return rc;
	}
	sb_init(&snap);
	/* this format, else the one before stock per shelf (a month sealed
	 * then): whichever the close row vouches for */
	for (int version = 2; version >= 1; version--) {
		sb_reset(&snap);
		if (f.seq > 1 && st.after_seq <= st.last_seq)
			snap_text(&snap, &st, month, f.seq, f.offset, st.after_seq, st.after_offset,
				  st.after_prev_hash, version);
		else
			snap_text(&snap, &st, month, f.seq, f.offset, f.seq, f.offset, f.prev,
				  version);
		sha_hex(snap.buf, snap.len, hash);
		if (strcmp(hash, f.snap_hash) == 0)
			break;
	}
	if (strcmp(hash, f.snap_hash) != 0) {
		rc = wmsj_err_set(err, WMSJ_REFUSED,
				  _("the snapshot of '%s' cannot be restored: the rows before its close row no longer give what was sealed"),
				  month);
		goto out;
	}
	memset(res, 0, sizeof *res);
	ledger_txn_format(f.seq, res->txn);
	memcpy(res->hash, f.hash, 65);
	memcpy(res->snapshot_hash, hash, 65);
	res->month = st.period;
	res->total = st.total;
	res->accounts = st.naccounts;
	res->items = st.nitems;
	sdir = fsio_path(dir, SEAL_DIR);
	snprintf(name, sizeof name, "%s.csv", month);
	if (mkdir(sdir, 0700) != 0 && errno != EEXIST)
		rc = wmsj_err_sys(err, errno, _("cannot create '%s'"), SEAL_DIR);
	else
		rc = fsio_rewrite(sdir, name, snap.buf, snap.len, err);
	free(sdir);
out:
	sb_release(&snap);
	ledger_state_release(&st);
	return rc;
}

int
seal_close(struct ledger_writer *w, const char *month, const char *clerk,
	   struct seal_result *res, struct wmsj_err *err)
{
	struct ledger_state st;
	struct ledger_state_opts o;
	struct ledger_entry e;
	struct sb snap, note;
	char first[11], last[11], name[32], hours[32];
	char *sdir = NULL;
	const char *dir = ledger_writer_dir(w);
	off_t close_off, start_off;
	uint64_t close_seq, start_seq;
	const char *start_prev;
	int rc;

	memset(res, 0, sizeof *res);
	if (month == NULL || !is_month(month, strlen(month)))
		return wmsj_err_set(err, WMSJ_USAGE, _("'%s' is not a month YYYY-MM"),
				    month ? month : "");
	month_first_last(month, first, last);
	if (strcmp(last, wmsj_today()) >= 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("month '%s' is not over yet (its last day is %s)"), month, last);
	if (ledger_writer_pending(w) != 0)
		return wmsj_err_set(err, WMSJ_USAGE, _("a month is closed in a batch of its own"));
	ledger_state_init(&st);
	memset(&o, 0, sizeof o);
	o.as_of = last;
	o.period_from = first;
	o.period_to = last;
	rc = ledger_state_load(&st, dir, &o, err);
	if (rc != WMSJ_OK)
		goto out;
	if (st.sealed[0] != '\0' && strcmp(st.sealed, month) >= 0) {
		char *sp, sname[32];
		struct stat sst;

		/* Closing a sealed month again restores its missing snapshot. */
		snprintf(sname, sizeof sname, "%s/%s.csv", SEAL_DIR, month);
		sp = fsio_path(dir, sname);
		rc = lstat(sp, &sst) != 0 && errno == ENOENT;
		free(sp);
		if (rc) {
			int found = 0;

			rc = seal_restore(dir, month, res, &found, err);
			if (rc != WMSJ_OK || found)
				goto out;
		}
		rc = wmsj_err_set(err, WMSJ_REFUSED,
				  _("month '%s' is already sealed (the ledger is sealed through '%s')"),
				  month, st.sealed);
		goto out;
	}
	close_off = ledger_writer_offset(w);
	close_seq = ledger_writer_next_seq(w);
	if (st.size != close_off || st.last_seq + 1 != close_seq) {
		rc = wmsj_err_set(err, WMSJ_SYSERR, _("'%s' changed while the month was being sealed"),
				  LEDGER_FILE);
		goto out;
	}
	if (st.after_offset < close_off) {
		start_off = st.after_offset;
		start_seq = st.after_seq;
		start_prev = st.after_prev_hash;
	} else {
		start_off = close_off;
		start_seq = close_seq;
		start_prev = ledger_writer_last_hash(w);
	}
	sb_init(&snap);
	sb_init(&note);
	snap_text(&snap, &st, month, close_seq, close_off, start_seq, start_off, start_prev, 2);
	sha_hex(snap.buf, snap.len, res->snapshot_hash);

	/* The close row first: the month is sealed once it is committed.  The
	 * snapshot is written after it, so a process killed in between leaves a
	 * sealed month without a snapshot (queries then read more rows), never
	 * a snapshot that no close row vouches for. */
	hours_text(st.period.hours, hours);
	sb_addf(&note, "rows=%llu;earned=%lld;redeemed=%lld;cleared=%lld;hours=%s;",
		(unsigned long long)st.period.rows, (long long)st.period.earned,
		(long long)st.period.redeemed, (long long)st.period.cleared, hours);
	/* The seal covers the registers too: the head of their history. */
	{
		struct history h;
		char head[96];

		rc = hist_load_for_write(&h, ledger_writer_dir(w), err);
		hist_head(&h, head);
		hist_release(&h);
		if (rc != WMSJ_OK)
			goto out2;
		if (head[0] != '\0')
			sb_addf(&note, "history=%s;", head);
	}
	sb_addf(&note, "snapshot=%s", res->snapshot_hash);
	memset(&e, 0, sizeof e);
	e.kind = LK_CLOSE;
	e.reverses = LK_NONE;
	e.date = last;
	e.ref = month;
	e.recorder = clerk;
	e.note = note.buf;
	rc = ledger_writer_add(w, &e, res->txn, err);
	if (rc == WMSJ_OK)
		rc = ledger_writer_commit(w, err);
	if (rc != WMSJ_OK)
		goto out2;
	memcpy(res->hash, ledger_writer_last_hash(w), 65);
	res->month = st.period;
	res->total = st.total;
	res->accounts = st.naccounts;
	res->items = st.nitems;

	sdir = fsio_path(dir, SEAL_DIR);
	snprintf(name, sizeof name, "%s.csv", month);
	if (mkdir(sdir, 0700) != 0 && errno != EEXIST)
		wmsj_err_sys(err, errno, _("cannot create '%s'"), SEAL_DIR);
	else if (fsio_rewrite(sdir, name, snap.buf, snap.len, err) == WMSJ_OK)
		goto out2;
	/* The month is sealed all the same: a warning, not an error. */
	snprintf(res->snapshot_error, sizeof res->snapshot_error, "%s", err->msg);
	wmsj_err_clear(err);
out2:
	free(sdir);
	sb_release(&snap);
	sb_release(&note);
out:
	ledger_state_release(&st);
	return rc;
}
