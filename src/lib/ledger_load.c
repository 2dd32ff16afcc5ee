/* The ledger's state loaded: from the newest snapshot that fits and checks
 * out, or by a full scan.  Above the reader, the state and the seals, so
 * that none of them calls back into another.  See ledger.h (state). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "ledger.h"
#include "ledger_int.h"
#include "seal.h"
#include "util.h"

static int no_snapshot;   /* ledger_no_snapshot() */

void
ledger_no_snapshot(int on)
{
	no_snapshot = on;
}

int
ledger_no_snapshot_is_on(void)
{
	return no_snapshot;
}

/* May the snapshot of month m serve these options? */
static int
snapshot_fits(const char *m, const struct ledger_state_opts *o)
{
	char end[11];

	wmsj_month_end(m, end);
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
struct ahead {
	size_t next;          /* start of line N+2 in the map, or SIZE_MAX */
	uint64_t h1;          /* hash of row N+1's volunteer, 0 = none */
	size_t n1;
	const char *id1;
};

/* The volunteer field (4th) of the line at off, or NULL. */
static const char *
peek_volunteer(const char *base, size_t len, size_t off, size_t *n, size_t *eol)
{
	const char *s = base + off, *end = base + len, *nl, *p = s;

	if (off >= len || (nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
		return NULL;
	*eol = (size_t)(nl - base) + 1;
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
	size_t n2 = 0, eol = SIZE_MAX, len, pos;
	const char *id2, *base = ledger_reader_map(r, &len, &pos);

	if (base == NULL || st->acap_tab == 0)
		return;
	/* Row N+1: its slot should be in cache; fetch its account. */
	if (a->h1 != 0)
		ledger_state_prefetch_account(st, a->id1, a->n1, a->h1);
	/* Row N+2: start fetching its slot. */
	if (a->next == SIZE_MAX) {
		const char *nl = pos < len ? memchr(base + pos, '\n', len - pos) : NULL;
		a->next = nl != NULL ? (size_t)(nl - base) + 1 : len;
	}
	id2 = peek_volunteer(base, len, a->next, &n2, &eol);
	a->h1 = 0;
	if (id2 != NULL && n2 > 0) {
		a->h1 = ledger_state_prefetch_slot(st, id2, n2);
		a->id1 = id2;
		a->n1 = n2;
	}
	a->next = eol;
}

static int
in_range_date(const char *d, const char *from, const char *to)
{
	return (from == NULL || memcmp(d, from, 10) >= 0) && (to == NULL || memcmp(d, to, 10) <= 0);
}

static int
load_rows(struct ledger_state *st, struct ledger_reader *r, const struct ledger_state_opts *o,
	  const struct seal_info *si, struct wmsj_err *err)
{
	struct ledger_row row;
	int rc, have_after = 0;
	char sealed_end[11] = "";
	struct ahead ah = { SIZE_MAX, 0, 0, NULL };

	if (si != NULL)
		wmsj_month_end(si->month, sealed_end);
	while ((rc = ledger_next(r, &row, err)) == 1) {
		int counted;

		prefetch_step(st, r, &ah);
		if (o->max_seq != 0 && row.seq > o->max_seq) {
			rc = 0;
			break;
		}
		st->rows_read++;
		st->last_seq = row.seq;
		st->last_offset = row.offset;
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
			if (ledger_state_count(st, &row, (o->period_from != NULL || o->period_to != NULL) &&
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
		if (d[i] != NULL && !ledger_date_ok(d[i], strlen(d[i])))
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
	char problem[sizeof st->snapshot_problem] = "";

	if (o == NULL)
		o = &none;
	rc = opts_check(o, err);
	if (rc != WMSJ_OK)
		return rc;
	if (o->resume != NULL && (o->as_of != NULL || o->period_from != NULL ||
				  o->period_to != NULL || o->cb != NULL || o->max_seq != 0))
		return wmsj_err_set(err, WMSJ_USAGE, "ledger_state_load: resume with other options");
	rc = ledger_open(&r, dir, o->flags & LEDGER_VERIFY, err);
	if (rc != WMSJ_OK)
		return rc;
	if (o->resume != NULL) {
		const struct ledger_resume *rs = o->resume;

		rc = ledger_seek(r, rs->offset, rs->hash, rs->seq + 1, err);
		if (rc == WMSJ_OK) {
			st->used |= LS_USED_CHECKPOINT;
			memcpy(st->sealed, rs->sealed, 8);
			st->last_seq = rs->seq;
			st->last_offset = rs->row_offset;
			memcpy(st->last_hash, rs->hash, 65);
			memcpy(st->after_prev_hash, rs->hash, 65);
			rc = load_rows(st, r, o, NULL, err);
		}
		ledger_close(r);
		return rc;
	}
	if (!(o->flags & (LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS)) && !no_snapshot &&
	    o->max_seq == 0 && ledger_size(r) > 0) {
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
