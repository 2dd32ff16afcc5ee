/* The ledger's per-volunteer index: build, check, use.  See ledger_index.h. */
#include <inttypes.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "amount.h"
#include "fsio.h"
#include "ledger.h"
#include "ledger_index.h"
#include "ledger_int.h"
#include "sidx.h"
#include "util.h"

static int index_off;

void
ledger_index_off(int off)
{
	index_off = off;
}

int
ledger_index_is_off(void)
{
	return index_off;
}

/* ---- each volunteer's offsets ---------------------------------------------- */

struct plist {
	char *id;
	uint64_t *off;
	size_t n, cap;
};

struct postings {
	struct strmap ids;     /* id -> index in p[] */
	struct arena names;
	struct plist *p;
	size_t n, cap;
};

static void
post_init(struct postings *ps)
{
	memset(ps, 0, sizeof *ps);
	strmap_init(&ps->ids);
	arena_init(&ps->names);
}

static void
post_release(struct postings *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->p[i].off);
	free(ps->p);
	strmap_release(&ps->ids);
	arena_release(&ps->names);
}

static void
post_add(struct postings *ps, const char *id, uint64_t off)
{
	size_t len = strlen(id), *slot;
	struct plist *l;
	int isnew;

	slot = strmap_ref(&ps->ids, id, len, &isnew);
	if (isnew) {
		ps->p = xgrow(ps->p, &ps->cap, ps->n + 1, sizeof *ps->p);
		memset(&ps->p[ps->n], 0, sizeof ps->p[ps->n]);
		ps->p[ps->n].id = arena_strndup(&ps->names, id, len);
		*slot = ps->n++;
	}
	l = &ps->p[*slot];
	l->off = xgrow(l->off, &l->cap, l->n + 1, sizeof *l->off);
	l->off[l->n++] = off;
}

/* An award approved from an application names it in ref (P...): the index
 * also lists such rows under "\002" + the application's id, so that an
 * application's decision is found without reading its volunteer's rows.
 * The key into buf (SIDX_KEY bytes), or NULL. */
static const char *
app_key(const struct ledger_row *row, char buf[SIDX_KEY])
{
	size_t n = strlen(row->ref);

	if (row->kind != LK_AWARD || row->ref[0] != 'P' || n + 1 >= SIDX_KEY)
		return NULL;
	buf[0] = '\002';
	memcpy(buf + 1, row->ref, n + 1);
	return buf;
}

/* A row's postings: its volunteer's, and its application's. */
static void
post_row(struct postings *ps, const struct ledger_row *row)
{
	char k[SIDX_KEY];

	if (row->volunteer[0] != '\0')
		post_add(ps, row->volunteer, (uint64_t)row->offset);
	if (app_key(row, k) != NULL)
		post_add(ps, k, (uint64_t)row->offset);
}

static int
plist_cmp(const void *a, const void *b)
{
	const struct plist *x = a, *y = b;
	unsigned char kx[SIDX_KEY], ky[SIDX_KEY];

	sidx_key_text(kx, x->id, strlen(x->id));
	sidx_key_text(ky, y->id, strlen(y->id));
	return memcmp(kx, ky, SIDX_KEY);
}

/* ---- the state the index keeps: sealed month, latest date, shelves ------ */

/* The key of the state entry: no volunteer id starts with \001. */
static const char state_key[] = "\001state";

struct lstate {
	char sealed[8], maxdate[11];
	struct strmap shelf;    /* station "\n" item -> index */
	struct lshelf {
		char *station, *item;
		int64_t qty;
	} *sh;
	size_t n, cap;
	int bad;                /* a quantity overflowed: keep no state */
};

static void
ls_init(struct lstate *ls)
{
	memset(ls, 0, sizeof *ls);
	strmap_init(&ls->shelf);
}

static void
ls_release(struct lstate *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		free(ls->sh[i].station);
		free(ls->sh[i].item);
	}
	free(ls->sh);
	strmap_release(&ls->shelf);
}

static void
ls_shelf(struct lstate *ls, const char *station, const char *item, int64_t qty)
{
	struct sb k;
	size_t *slot;
	int isnew;

	sb_init(&k);
	sb_adds(&k, station);
	sb_addc(&k, '\n');
	sb_adds(&k, item);
	slot = strmap_ref(&ls->shelf, k.buf, k.len, &isnew);
	sb_release(&k);
	if (isnew) {
		ls->sh = xgrow(ls->sh, &ls->cap, ls->n + 1, sizeof *ls->sh);
		ls->sh[ls->n].station = xstrdup(station);
		ls->sh[ls->n].item = xstrdup(item);
		ls->sh[ls->n].qty = 0;
		*slot = ls->n++;
	}
	if (wmsj_add_checked(&ls->sh[*slot].qty, qty) != 0)
		ls->bad = 1;
}

/* What a row changes of the kept state (as ledger_state_apply would). */
static void
ls_row(struct lstate *ls, const struct ledger_row *row)
{
	if (row->kind == LK_CLOSE && strlen(row->ref) == 7 && strcmp(row->ref, ls->sealed) > 0)
		memcpy(ls->sealed, row->ref, 8);
	if (strcmp(row->date, ls->maxdate) > 0)
		memcpy(ls->maxdate, row->date, 11);
	if (row->kind != LK_CLOSE && row->item[0] != '\0' && row->qty != 0)
		ls_shelf(ls, row->station, row->item, row->qty);
}

/* As text: "sealed\tM\nmaxdate\tD\n" and "station\titem\tqty\n" per
 * shelf, NUL-padded to whole 8-byte elements. */
static void
ls_format(const struct lstate *ls, struct sb *out)
{
	sb_addf(out, "sealed\t%s\nmaxdate\t%s\n", ls->sealed, ls->maxdate);
	for (size_t i = 0; i < ls->n; i++)
		sb_addf(out, "%s\t%s\t%" PRId64 "\n", ls->sh[i].station, ls->sh[i].item,
			ls->sh[i].qty);
	while (out->len % 8 != 0)
		sb_addc(out, '\0');
}

static int
ls_parse(struct lstate *ls, const char *p, size_t len)
{
	char *buf = xmalloc(len + 1), *line, *save = NULL;
	int rc = 0, k = 0;

	memcpy(buf, p, len);
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save), k++) {
		char *t1 = strchr(line, '\t'), *t2, *end;
		long long q;

		if (t1 == NULL) {
			rc = -1;
			break;
		}
		*t1++ = '\0';
		if (k == 0 && strcmp(line, "sealed") == 0 && strlen(t1) < sizeof ls->sealed) {
			strcpy(ls->sealed, t1);
			continue;
		}
		if (k == 1 && strcmp(line, "maxdate") == 0 && strlen(t1) < sizeof ls->maxdate) {
			strcpy(ls->maxdate, t1);
			continue;
		}
		t2 = strchr(t1, '\t');
		if (k < 2 || t2 == NULL) {
			rc = -1;
			break;
		}
		*t2++ = '\0';
		q = strtoll(t2, &end, 10);
		if (*end != '\0' || end == t2) {
			rc = -1;
			break;
		}
		ls_shelf(ls, line, t1, (int64_t)q);
	}
	free(buf);
	return rc == 0 && k >= 2 && !ls->bad ? 0 : -1;
}

/* The state entry of index x: 0, or -1 (none, or it does not check out). */
static int
ls_load(struct lstate *ls, const struct sidx *x)
{
	unsigned char key[SIDX_KEY];
	const void *p;
	uint64_t n;

	sidx_key_text(key, state_key, strlen(state_key));
	if (sidx_find(x, key, &p, &n) != 1)
		return -1;
	return ls_parse(ls, p, n * 8);
}

/* ---- what an index covers ------------------------------------------------ */

/* ---- rows ------------------------------------------------------------------ */

static void
row_copy(const struct ledger_row *row, struct ledger_rows *out)
{
	const char **ptrs[14];
	const struct ledger_row *src = row;
	struct ledger_found *f;
	size_t need = row->rawlen + 1, at;
	char *buf;

	out->r = xgrow(out->r, &out->cap, out->n + 1, sizeof *out->r);
	f = &out->r[out->n++];
	f->row = *src;
	ptrs[0] = &f->row.txn; ptrs[1] = &f->row.date; ptrs[2] = &f->row.volunteer;
	ptrs[3] = &f->row.station; ptrs[4] = &f->row.item; ptrs[5] = &f->row.activity;
	ptrs[6] = &f->row.ref; ptrs[7] = &f->row.recorded; ptrs[8] = &f->row.recorder;
	ptrs[9] = &f->row.certifier; ptrs[10] = &f->row.supervisor; ptrs[11] = &f->row.approver;
	ptrs[12] = &f->row.note; ptrs[13] = &f->row.hash;
	for (size_t i = 0; i < 14; i++)
		need += strlen(*ptrs[i]) + 1;
	buf = xmalloc(need);
	memcpy(buf, row->raw, row->rawlen);
	buf[row->rawlen] = '\0';
	f->row.raw = buf;
	at = row->rawlen + 1;
	for (size_t i = 0; i < 14; i++) {
		size_t l = strlen(*ptrs[i]);

		memcpy(buf + at, *ptrs[i], l + 1);
		*ptrs[i] = buf + at;
		at += l + 1;
	}
	f->buf = buf;
}

void
ledger_rows_release(struct ledger_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		ledger_found_release(&rows->r[i]);
	free(rows->r);
	memset(rows, 0, sizeof *rows);
}

/* ---- the index used ------------------------------------------------------- */

struct lix {
	struct sidx x;
	struct sidx_cover c;
	struct lstate ls;       /* the state as of what it covers */
};

static void
lix_close(struct lix *l)
{
	sidx_close(&l->x);
	ls_release(&l->ls);
}

/* Open the index and check its binding against ledger.csv (fd, len). */
static int
lix_open(struct lix *l, const char *dir, int fd, size_t len)
{
	struct ledger_row row;
	struct ledger_onerow o = { NULL, NULL };
	int ok;

	ls_init(&l->ls);
	if (sidx_open(&l->x, dir, LEDGER_INDEX_FILE, LEDGER_INDEX_KIND, sizeof(uint64_t)) != 0)
		return -1;
	ok = sidx_cover_parse(l->x.bind, &l->c) == 0 && l->c.size <= len &&
	     ledger_row_at(fd, len, l->c.off, &o, &row) && row.seq == l->c.seq &&
	     strcmp(row.hash, l->c.hash) == 0 && l->c.off + row.rawlen + 1 == l->c.size &&
	     ls_load(&l->ls, &l->x) == 0;
	ledger_onerow_release(&o);
	if (!ok) {
		lix_close(l);
		return -1;
	}
	return 0;
}

/* Is row one of key's: its volunteer, or (key "\002" + an application's
 * id) the award approved from that application? */
static int
row_is(const struct ledger_row *row, const char *key)
{
	char k[SIDX_KEY];

	if (key[0] == '\002')
		return app_key(row, k) != NULL && strcmp(k, key) == 0;
	return strcmp(row->volunteer, key) == 0;
}

/* The volunteer's rows the index lists, each checked; 0, or -1 (not
 * believed: out is emptied). */
static int
lix_rows(struct lix *l, const char *id, int fd, size_t len, struct ledger_rows *out)
{
	unsigned char key[SIDX_KEY];
	struct ledger_onerow o = { NULL, NULL };
	const void *p;
	uint64_t n, last = 0;
	int f;

	if (sidx_key_text(key, id, strlen(id)) != 0)
		return -1;
	f = sidx_find(&l->x, key, &p, &n);
	if (f < 0)
		return -1;
	for (uint64_t i = 0; f == 1 && i < n; i++) {
		struct ledger_row row;
		uint64_t off;

		memcpy(&off, (const unsigned char *)p + i * sizeof off, sizeof off);
		if (off >= l->c.size || !ledger_row_at(fd, len, off, &o, &row) || row.seq <= last ||
		    !row_is(&row, id)) {
			ledger_onerow_release(&o);
			ledger_rows_release(out);
			return -1;
		}
		last = row.seq;
		row_copy(&row, out);
	}
	ledger_onerow_release(&o);
	return 0;
}

/* ---- writing an index --------------------------------------------------- */

static int
write_index(const char *dir, struct postings *ps, const struct sidx_cover *c, const struct lstate *ls,
	    struct wmsj_err *err)
{
	struct sidx_build b;
	char bind[SIDX_BIND_MAX + 1];
	unsigned char skey[SIDX_KEY];
	struct sb st;
	int rc = WMSJ_OK;

	if (ls->bad)
		return wmsj_err_set(err, WMSJ_BADDATA, "a shelf overflows: no index");
	if (ps->n > 1)          /* p is NULL when no row names a volunteer */
		qsort(ps->p, ps->n, sizeof *ps->p, plist_cmp);
	sidx_build_init(&b, LEDGER_INDEX_KIND, sizeof(uint64_t));
	sb_init(&st);
	ls_format(ls, &st);
	sidx_key_text(skey, state_key, strlen(state_key));
	sidx_build_add(&b, skey, st.buf, st.len / 8);
	sb_release(&st);
	for (size_t i = 0; i < ps->n && rc == WMSJ_OK; i++) {
		unsigned char key[SIDX_KEY];

		if (sidx_key_text(key, ps->p[i].id, strlen(ps->p[i].id)) != 0 ||
		    sidx_build_add(&b, key, ps->p[i].off, ps->p[i].n) != 0)
			rc = wmsj_err_set(err, WMSJ_BADDATA, "volunteer id '%.40s' cannot be indexed",
					  ps->p[i].id);
	}
	if (rc == WMSJ_OK) {
		sidx_cover_text(c, bind);
		rc = sidx_build_write(&b, dir, LEDGER_INDEX_FILE, bind, err);
	}
	sidx_build_release(&b);
	return rc;
}

/* The old index's lists with the tail's appended: the postings of a new
 * index (0), or -1 when an entry of the old one does not check out. */
static int
merge_old(const struct sidx *x, struct postings *tail, struct postings *all)
{
	for (uint64_t i = 0; i < x->nent; i++) {
		const unsigned char *key;
		const void *p;
		uint64_t n;
		char id[SIDX_KEY + 1];
		size_t t;

		if (sidx_entry(x, i, &key, &p, &n) != 0)
			return -1;
		memcpy(id, key, SIDX_KEY);
		id[SIDX_KEY] = '\0';
		if (id[0] == state_key[0])
			continue;
		for (uint64_t k = 0; k < n; k++) {
			uint64_t off;

			memcpy(&off, (const unsigned char *)p + k * sizeof off, sizeof off);
			post_add(all, id, off);
		}
		if (strmap_get(&tail->ids, id, strlen(id), &t))
			for (size_t k = 0; k < tail->p[t].n; k++)
				post_add(all, id, tail->p[t].off[k]);
	}
	for (size_t t = 0; t < tail->n; t++) {
		size_t dummy;

		if (!strmap_get(&all->ids, tail->p[t].id, strlen(tail->p[t].id), &dummy))
			for (size_t k = 0; k < tail->p[t].n; k++)
				post_add(all, tail->p[t].id, tail->p[t].off[k]);
	}
	return 0;
}

/* ---- reading --------------------------------------------------------------- */

struct scan {
	const char *id;           /* NULL: no rows wanted (or those of want) */
	const struct strmap *want;
	struct ledger_rows *out;
	struct postings ps;
	struct sidx_cover c;
	struct lstate *ls;        /* the kept state, moved along */
	uint64_t rows;
};

/* Read rows from where r stands to the end: id's rows into out, every row's
 * volunteer into ps, the last row into c. */
static int
scan_rows(struct ledger_reader *r, struct scan *sc, struct wmsj_err *err)
{
	struct ledger_row row;
	int rc;

	while ((rc = ledger_next(r, &row, err)) == 1) {
		sc->rows++;
		if (sc->ls != NULL)
			ls_row(sc->ls, &row);
		post_row(&sc->ps, &row);
		if (row.volunteer[0] != '\0') {
			char k[SIDX_KEY];

			if ((sc->id != NULL && strcmp(row.volunteer, sc->id) == 0) ||
			    (sc->want != NULL &&
			     (strmap_get(sc->want, row.volunteer, strlen(row.volunteer), NULL) ||
			      (app_key(&row, k) != NULL && strmap_get(sc->want, k, strlen(k), NULL)))))
				row_copy(&row, sc->out);
		}
		sc->c.off = (uint64_t)row.offset;
		sc->c.seq = row.seq;
		memcpy(sc->c.hash, row.hash, 65);
	}
	return rc == 0 ? WMSJ_OK : rc;
}

/* The whole ledger read; the index written from it (when it can be). */
static int
full_scan(const char *dir, const char *id, struct ledger_rows *out, unsigned *how,
	  struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct scan sc;
	struct lstate ls;
	int rc;

	memset(&sc, 0, sizeof sc);
	sc.id = id;
	sc.out = out;
	ls_init(&ls);
	sc.ls = &ls;
	post_init(&sc.ps);
	*how |= LIX_SCANNED;
	rc = ledger_open(&r, dir, 0, err);
	if (rc == WMSJ_OK) {
		rc = scan_rows(r, &sc, err);
		sc.c.size = (uint64_t)ledger_size(r);
		ledger_close(r);
	}
	if (rc == WMSJ_OK && !index_off && sc.rows > 0) {
		struct wmsj_err e2;

		if (write_index(dir, &sc.ps, &sc.c, &ls, &e2) == WMSJ_OK)
			*how |= LIX_WRITTEN;
	}
	post_release(&sc.ps);
	ls_release(&ls);
	return rc;
}

/* A tail longer than LEDGER_INDEX_TAIL rows: write the index again from
 * the old one and the tail (its state moved along in l->ls).  1 if
 * written. */
static int
renew(const char *dir, struct lix *l, struct scan *sc)
{
	struct postings all;
	struct wmsj_err e2;
	int done = 0;

	if (sc->rows <= LEDGER_INDEX_TAIL || index_off)
		return 0;
	post_init(&all);
	if (merge_old(&l->x, &sc->ps, &all) == 0 &&
	    write_index(dir, &all, &sc->c, &l->ls, &e2) == WMSJ_OK)
		done = 1;
	post_release(&all);
	return done;
}

/* With the index: its rows, then the tail's; -1 when it is not believed. */
static int
with_index(const char *dir, const char *id, struct ledger_rows *out, unsigned *how,
	   struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct lix l;
	struct scan sc;
	struct wmsj_err e2;
	const char *base;
	size_t len, pos;
	int rc, fd;

	if (ledger_open(&r, dir, LEDGER_RANDOM, err) != WMSJ_OK)
		return -1;
	base = ledger_reader_map(r, &len, &pos);
	fd = base != NULL && len > 0 ? fsio_open_in(dir, LEDGER_FILE, O_RDONLY, 0, &e2) : -1;
	if (fd < 0 || lix_open(&l, dir, fd, len) != 0) {
		if (fd >= 0 && sidx_open(&l.x, dir, LEDGER_INDEX_FILE, LEDGER_INDEX_KIND, 8) == 0) {
			sidx_close(&l.x);
			*how |= LIX_REJECTED;
		}
		if (fd >= 0)
			close(fd);
		ledger_close(r);
		return -1;
	}
	if (lix_rows(&l, id, fd, len, out) != 0) {
		*how |= LIX_REJECTED;
		lix_close(&l);
		close(fd);
		ledger_close(r);
		return -1;
	}
	close(fd);
	memset(&sc, 0, sizeof sc);
	sc.id = id;
	sc.out = out;
	sc.c = l.c;
	sc.ls = &l.ls;
	post_init(&sc.ps);
	/* the tail is read as a full scan reads it: format, not chain */
	rc = ledger_seek(r, (off_t)l.c.size, l.c.hash, l.c.seq + 1, err);
	if (rc == WMSJ_OK)
		rc = scan_rows(r, &sc, err);
	sc.c.size = (uint64_t)len;
	*how |= LIX_USED;
	if (rc == WMSJ_OK && renew(dir, &l, &sc))
		*how |= LIX_WRITTEN;
	post_release(&sc.ps);
	lix_close(&l);
	ledger_close(r);
	return rc;
}

int
ledger_volunteer_rows(const char *dir, const char *id, struct ledger_rows *out, unsigned *how,
		      struct wmsj_err *err)
{
	unsigned h = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!index_off) {
		rc = with_index(dir, id, out, &h, err);
		if (rc >= 0) {
			if (how != NULL)
				*how = h;
			if (rc != WMSJ_OK)
				ledger_rows_release(out);
			return rc;
		}
		ledger_rows_release(out);
	}
	rc = full_scan(dir, id, out, &h, err);
	if (rc != WMSJ_OK)
		ledger_rows_release(out);
	if (how != NULL)
		*how = h;
	return rc;
}

/* ---- rebuild / compare ---------------------------------------------------- */

/* Does entry i differ from the ledger's list of its volunteer (the rows
 * before size)? */
static int
entry_differs(const struct sidx *x, uint64_t i, const struct postings *ps, uint64_t size)
{
	const unsigned char *key;
	const void *p;
	uint64_t n, k = 0;
	char id[SIDX_KEY + 1];
	size_t t;
	const struct plist *l;

	if (sidx_entry(x, i, &key, &p, &n) != 0)
		return 1;
	memcpy(id, key, SIDX_KEY);
	id[SIDX_KEY] = '\0';
	if (!strmap_get(&ps->ids, id, strlen(id), &t))
		return 1;
	l = &ps->p[t];
	for (; k < l->n && l->off[k] < size; k++) {
		uint64_t off;

		if (k >= n)
			return 1;
		memcpy(&off, (const unsigned char *)p + k * sizeof off, sizeof off);
		if (off != l->off[k])
			return 1;
	}
	return k != n;
}

/* Does the index's state entry differ from the state text want? */
static int
state_differs(const struct sidx *x, const struct sb *want)
{
	unsigned char key[SIDX_KEY];
	const void *p;
	uint64_t n;

	sidx_key_text(key, state_key, strlen(state_key));
	return sidx_find(x, key, &p, &n) != 1 || n * 8 != want->len || memcmp(p, want->buf, want->len) != 0;
}

int
ledger_index_rebuild(const char *dir, int check, int *differs, struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct ledger_row row;
	struct postings ps;
	struct lstate ls;
	struct sidx_cover c, at;
	struct sidx x;
	struct sb state;
	int rc, have = 0;

	*differs = 0;
	memset(&c, 0, sizeof c);
	memset(&at, 0, sizeof at);
	if (check) {
		if (sidx_open(&x, dir, LEDGER_INDEX_FILE, LEDGER_INDEX_KIND, sizeof(uint64_t)) != 0)
			return WMSJ_OK;   /* no index: nothing to differ */
		have = 1;
		if (sidx_cover_parse(x.bind, &c) != 0)
			*differs = 1;
	}
	post_init(&ps);
	ls_init(&ls);
	sb_init(&state);
	rc = ledger_open(&r, dir, LEDGER_VERIFY, err);
	while (rc == WMSJ_OK && (rc = ledger_next(r, &row, err)) == 1) {
		rc = WMSJ_OK;
		/* the state as of the index's last row, to compare */
		if (check && (uint64_t)row.offset >= c.size && state.len == 0)
			ls_format(&ls, &state);
		ls_row(&ls, &row);
		post_row(&ps, &row);
		at.off = (uint64_t)row.offset;
		at.seq = row.seq;
		memcpy(at.hash, row.hash, 65);
	}
	if (rc == 0)
		rc = WMSJ_OK;
	if (rc == WMSJ_OK) {
		at.size = (uint64_t)ledger_size(r);
		if (check && state.len == 0)
			ls_format(&ls, &state);
	}
	if (r != NULL)
		ledger_close(r);
	if (rc == WMSJ_OK && !check && at.seq > 0)
		rc = write_index(dir, &ps, &at, &ls, err);
	if (rc == WMSJ_OK && have && !*differs) {
		/* Every entry must be the ledger's list of that volunteer up to
		 * what the index covers, every volunteer with a row there must
		 * have one, and the state must be the ledger's there. */
		uint64_t want = 1;

		if (c.size > at.size)
			*differs = 1;
		for (size_t t = 0; !*differs && t < ps.n; t++)
			if (ps.p[t].off[0] < c.size)
				want++;
		if (!*differs && (want != x.nent || state_differs(&x, &state)))
			*differs = 1;
		for (uint64_t i = 1; !*differs && i < x.nent; i++)
			*differs = entry_differs(&x, i, &ps, c.size);
	}
	if (have)
		sidx_close(&x);
	sb_release(&state);
	ls_release(&ls);
	post_release(&ps);
	return rc;
}

int
ledger_volunteer_account(const char *dir, const char *id, const char *as_of, struct account *acc,
			 unsigned *how, struct wmsj_err *err)
{
	struct ledger_rows rows;
	struct ledger_state st;
	const struct account *a;
	int rc;

	memset(acc, 0, sizeof *acc);
	rc = ledger_volunteer_rows(dir, id, &rows, how, err);
	if (rc != WMSJ_OK)
		return rc;
	ledger_state_init(&st);
	for (size_t i = 0; i < rows.n && rc == WMSJ_OK; i++)
		if (as_of == NULL || strcmp(rows.r[i].row.date, as_of) <= 0)
			rc = ledger_state_apply(&st, &rows.r[i].row, err);
	if (rc == WMSJ_OK && (a = ledger_state_account(&st, id)) != NULL)
		*acc = *a;
	ledger_state_release(&st);
	ledger_rows_release(&rows);
	return rc;
}

/* ---- the state for some volunteers ---------------------------------------- */

static int
found_cmp(const void *a, const void *b)
{
	const struct ledger_found *x = a, *y = b;

	return x->row.seq < y->row.seq ? -1 : x->row.seq > y->row.seq;
}

/* st from the rows (in file order) of the volunteers ids and the state l
 * keeps; o->cb gets those rows. */
static int
fill_for(struct ledger_state *st, const char *const *ids, size_t n, struct ledger_rows *rows,
	 const struct lix *l, const struct scan *sc, const struct ledger_state_opts *o,
	 struct wmsj_err *err)
{
	struct ledger_state scratch;
	int rc = WMSJ_OK;

	if (rows->n > 1)        /* r is NULL when there is no row */
		qsort(rows->r, rows->n, sizeof *rows->r, found_cmp);
	ledger_state_init(&scratch);
	for (size_t i = 0; i < rows->n && rc == WMSJ_OK; i++)
		rc = ledger_state_apply(&scratch, &rows->r[i].row, err);
	for (size_t i = 0; i < n && rc == WMSJ_OK; i++) {
		const struct account *a = ledger_state_account(&scratch, ids[i]);

		if (a != NULL)
			*ledger_state_account_add(st, ids[i], strlen(ids[i])) = *a;
	}
	ledger_state_release(&scratch);
	for (size_t i = 0; i < l->ls.n && rc == WMSJ_OK; i++) {
		const struct lshelf *h = &l->ls.sh[i];

		ledger_state_shelf_add(st, h->station, strlen(h->station), h->item,
				       strlen(h->item))->qty = h->qty;
	}
	memcpy(st->sealed, l->ls.sealed, 8);
	st->last_seq = sc->c.seq;
	memcpy(st->last_hash, sc->c.hash, 65);
	st->size = (off_t)sc->c.size;
	st->after_offset = st->size;
	st->after_seq = st->last_seq + 1;
	st->used |= LS_USED_INDEX;
	for (size_t i = 0; i < rows->n && rc == WMSJ_OK && o->cb != NULL; i++)
		if (o->cb_from == NULL || strcmp(rows->r[i].row.date, o->cb_from) >= 0)
			rc = o->cb(o->cb_arg, &rows->r[i].row, err);
	return rc;
}

/* Through the index: a status, or -1 when it cannot serve. */
static int
for_index(struct ledger_state *st, const char *dir, const char *const *ids, size_t n,
	  const struct ledger_state_opts *o, int others, struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct ledger_rows rows;
	struct strmap want;
	struct scan sc;
	struct lix l;
	struct wmsj_err e2;
	const char *base;
	size_t len, pos;
	int rc = -1, fd;

	if (ledger_open(&r, dir, LEDGER_RANDOM, err) != WMSJ_OK)
		return -1;
	base = ledger_reader_map(r, &len, &pos);
	fd = base != NULL && len > 0 ? fsio_open_in(dir, LEDGER_FILE, O_RDONLY, 0, &e2) : -1;
	if (fd < 0 || lix_open(&l, dir, fd, len) != 0) {
		if (fd >= 0)
			close(fd);
		ledger_close(r);
		return -1;
	}
	memset(&rows, 0, sizeof rows);
	strmap_init(&want);
	for (size_t i = 0; i < n; i++) {
		if (lix_rows(&l, ids[i], fd, len, &rows) != 0) {
			close(fd);
			goto out;
		}
		strmap_put(&want, ids[i], strlen(ids[i]), i);
	}
	close(fd);
	memset(&sc, 0, sizeof sc);
	sc.want = &want;
	sc.out = &rows;
	sc.c = l.c;
	sc.ls = &l.ls;
	post_init(&sc.ps);
	rc = ledger_seek(r, (off_t)l.c.size, l.c.hash, l.c.seq + 1, err);
	if (rc == WMSJ_OK)
		rc = scan_rows(r, &sc, err);
	sc.c.size = (uint64_t)len;
	/* Rows of others dated after cb_from are wanted too: only when
	 * there are none does the index serve. */
	if (rc == WMSJ_OK && others && o->cb != NULL &&
	    (o->cb_from == NULL || strcmp(l.ls.maxdate, o->cb_from) > 0))
		rc = -1;
	if (rc == WMSJ_OK) {
		(void)renew(dir, &l, &sc);
		rc = fill_for(st, ids, n, &rows, &l, &sc, o, err);
	}
	post_release(&sc.ps);
out:
	ledger_rows_release(&rows);
	strmap_release(&want);
	lix_close(&l);
	ledger_close(r);
	return rc;
}

int
ledger_state_load_for(struct ledger_state *st, const char *dir, const char *const *ids, size_t n,
		      const struct ledger_state_opts *o, int others, struct wmsj_err *err)
{
	static const struct ledger_state_opts none;
	int rc = -1;

	if (o == NULL)
		o = &none;
	if (!index_off && n > 0 && n <= LEDGER_FOR_MAX && o->as_of == NULL &&
	    o->period_from == NULL && o->period_to == NULL && o->max_seq == 0 &&
	    !(o->flags & (LEDGER_ALL_ROWS | LEDGER_NO_SNAPSHOT))) {
		rc = for_index(st, dir, ids, n, o, others, err);
		if (rc == -1) {
			/* No index to believe: one full scan writes it. */
			struct ledger_rows none_rows;
			unsigned how = 0;

			ledger_state_release(st);
			ledger_state_init(st);
			memset(&none_rows, 0, sizeof none_rows);
			if (full_scan(dir, NULL, &none_rows, &how, err) == WMSJ_OK &&
			    (how & LIX_WRITTEN))
				rc = for_index(st, dir, ids, n, o, others, err);
			ledger_rows_release(&none_rows);
		}
	}
	if (rc != -1)
		return rc;
	ledger_state_release(st);
	ledger_state_init(st);
	return ledger_state_load(st, dir, o, err);
}

/* ---- the index checked against the rows as read (wmsj-audit) ------------ */

struct lix_check {
	struct sidx x;
	struct sidx_cover c;
	struct strmap ids;        /* volunteer id -> index in ent[] */
	struct lc_ent {
		const unsigned char *p;
		uint64_t n, at;       /* postings, how many matched so far */
	} *ent;
	size_t nent;
	/* The caller's account number of a row's volunteer -> 1 + its index
	 * in ent[] (0: not looked up yet): one string lookup per volunteer,
	 * not per row. */
	uint32_t *byacct;
	size_t nbyacct;
	struct lstate ls;
	struct sb state;          /* the state text as of the index's last row */
	int bound;                /* its binding names a row of this ledger */
	int differs;
	size_t first_line;        /* the first row found to differ (0: none yet) */
};

struct lix_check *
ledger_index_check_open(const char *dir)
{
	struct lix_check *k;

	k = xcalloc(1, sizeof *k);
	if (sidx_open(&k->x, dir, LEDGER_INDEX_FILE, LEDGER_INDEX_KIND, sizeof(uint64_t)) != 0) {
		/* a file there that is no index of ours at all: it differs */
		char *path = fsio_path(dir, LEDGER_INDEX_FILE);
		struct stat sb;
		int there = lstat(path, &sb) == 0;

		free(path);
		if (!there) {
			free(k);
			return NULL;
		}
		k->differs = 1;
		return k;
	}
	strmap_init(&k->ids);
	ls_init(&k->ls);
	sb_init(&k->state);
	if (sidx_cover_parse(k->x.bind, &k->c) != 0)
		k->differs = 1;
	k->ent = xcalloc(k->x.nent + 1, sizeof *k->ent);
	for (uint64_t i = 0; !k->differs && i < k->x.nent; i++) {
		const unsigned char *key;
		const void *p;
		uint64_t n;
		char id[SIDX_KEY + 1];

		if (sidx_entry(&k->x, i, &key, &p, &n) != 0) {
			k->differs = 1;
			break;
		}
		memcpy(id, key, SIDX_KEY);
		id[SIDX_KEY] = '\0';
		if (id[0] == state_key[0])
			continue;
		k->ent[k->nent].p = p;
		k->ent[k->nent].n = n;
		strmap_put(&k->ids, id, strlen(id), k->nent++);
	}
	return k;
}

/* The ent[] index of key (a volunteer's id when acct is its account
 * number, SIZE_MAX otherwise), or SIZE_MAX when the index has no such key. */
static size_t
check_ent(struct lix_check *k, const char *key, size_t acct)
{
	size_t i;

	if (acct != SIZE_MAX && acct < k->nbyacct && k->byacct[acct] != 0)
		return k->byacct[acct] - 1;
	if (!strmap_get(&k->ids, key, strlen(key), &i))
		return SIZE_MAX;
	if (acct != SIZE_MAX && acct < UINT32_MAX - 1) {
		if (acct >= k->nbyacct) {
			size_t n = k->nbyacct;

			k->byacct = xgrow(k->byacct, &k->nbyacct, acct + 1, sizeof *k->byacct);
			memset(k->byacct + n, 0, (k->nbyacct - n) * sizeof *k->byacct);
		}
		k->byacct[acct] = (uint32_t)i + 1;
	}
	return i;
}

void
ledger_index_check_row(struct lix_check *k, const struct ledger_row *row, size_t acct)
{
	if (k == NULL || k->x.map == NULL)
		return;
	if ((uint64_t)row->offset >= k->c.size) {
		if (k->state.len == 0)
			ls_format(&k->ls, &k->state);
		return;
	}
	ls_row(&k->ls, row);
	if ((uint64_t)row->offset == k->c.off)
		k->bound = row->seq == k->c.seq && strcmp(row->hash, k->c.hash) == 0 &&
			   (uint64_t)row->offset + row->rawlen + 1 == k->c.size;
	if (k->differs)
		return;
	{
		char ak[SIDX_KEY];
		const char *keys[2] = { row->volunteer[0] != '\0' ? row->volunteer : NULL,
					app_key(row, ak) };

		for (int j = 0; j < 2; j++) {
			struct lc_ent *e;
			uint64_t off;
			size_t i;

			if (keys[j] == NULL)
				continue;
			i = check_ent(k, keys[j], j == 0 ? acct : SIZE_MAX);
			if (i == SIZE_MAX) {
				k->differs = 1;
				k->first_line = row->line;
				return;
			}
			e = &k->ent[i];
			if (e->at < e->n)
				memcpy(&off, e->p + e->at * sizeof off, sizeof off);
			if (e->at >= e->n || off != (uint64_t)row->offset) {
				k->differs = 1;
				k->first_line = row->line;
				return;
			}
			e->at++;
		}
	}
}

int
ledger_index_check_close(struct lix_check *k, size_t *line)
{
	int r;

	*line = 0;
	if (k == NULL)
		return LIX_CHECK_NONE;
	if (!k->differs && k->x.map != NULL) {
		unsigned char key[SIDX_KEY];
		const void *p;
		uint64_t n;

		if (k->state.len == 0)
			ls_format(&k->ls, &k->state);
		for (size_t i = 0; i < k->nent && !k->differs; i++)
			if (k->ent[i].at != k->ent[i].n)
				k->differs = 1;
		sidx_key_text(key, state_key, strlen(state_key));
		if (!k->differs && (sidx_find(&k->x, key, &p, &n) != 1 || n * 8 != k->state.len ||
				    memcmp(p, k->state.buf, k->state.len) != 0))
			k->differs = 1;
	}
	/* Not an index, or not bound to a row of this ledger (another
	 * ledger's, or this one's before it was cut back): never believed,
	 * rebuilt by the next command.  Bound, and not what the rows give:
	 * made or changed by something other than the tools. */
	if (k->x.map == NULL || !k->bound)
		r = LIX_CHECK_UNBOUND;
	else
		r = k->differs ? LIX_CHECK_DIFFERS : LIX_CHECK_OK;
	*line = k->first_line;
	if (k->x.map != NULL) {
		strmap_release(&k->ids);
		ls_release(&k->ls);
		sb_release(&k->state);
		sidx_close(&k->x);
	}
	free(k->ent);
	free(k->byacct);
	free(k);
	return r;
}
