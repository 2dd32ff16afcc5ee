/* The volunteer register: see volunteer.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cardno.h"
#include "csvin.h"
#include "fsio.h"
#include "i18n.h"
#include "history.h"
#include "serials.h"
#include "validate.h"
#include "rules.h"
#include "volunteer.h"

static const char *const cols[] = {
	"id", "card_no", "name", "id_number", "phone", "station", "tags", "platform_no",
	"status", "reason", "registered", "updated", "old_cards", "id_corrections", NULL
};
#define NCOLS 14

static char **
field_ptr(struct volunteer *v, size_t i)
{
	char **f[NCOLS] = {&v->id, &v->card_no, &v->name, &v->id_number, &v->phone, &v->station,
			   &v->tags, &v->platform_no, &v->status, &v->reason, &v->registered,
			   &v->updated, &v->old_cards, &v->id_corrections};
	return f[i];
}

const char *
vreg_col(size_t k)
{
	return k < NCOLS ? cols[k] : NULL;
}

const char *
vreg_field(const struct volunteer *v, size_t k)
{
	return k < NCOLS ? *field_ptr((struct volunteer *)v, k) : NULL;
}

static void
index_one(struct vregister *r, size_t i, struct wmsj_errlist *dups)
{
	struct volunteer *v = &r->v[i];
	size_t j;

	if (strmap_swap(&r->by_id, v->id, strlen(v->id), i, &j) && dups != NULL)
		wmsj_errlist_add(dups, WMSJ_BADDATA, _("%s:%zu: volunteer id '%s' also on line %zu"),
				 VREG_FILE, v->line, v->id, r->v[j].line);
	if (v->card_no[0] != '\0') {
		size_t n = strlen(v->card_no);

		if ((strmap_swap(&r->by_card, v->card_no, n, i, &j) ||
		     (r->by_oldcard.n > 0 && strmap_get(&r->by_oldcard, v->card_no, n, &j))) &&
		    dups != NULL)
			wmsj_errlist_add(dups, WMSJ_BADDATA, _("%s:%zu: card number '%s' also on line %zu"),
					 VREG_FILE, v->line, v->card_no, r->v[j].line);
	}
	if (v->id_number[0] != '\0' &&
	    strmap_swap(&r->by_idnum, v->id_number, strlen(v->id_number), i, &j) && dups != NULL)
		wmsj_errlist_add(dups, WMSJ_BADDATA, _("%s:%zu: the same ID number as line %zu"),
				 VREG_FILE, v->line, r->v[j].line);
	if (v->old_cards[0] != '\0') {
		size_t n;
		char **old = wmsj_split(v->old_cards, ' ', &n);
		for (size_t k = 0; k < n; k++)
			strmap_put(&r->by_oldcard, old[k], strlen(old[k]), i);
		free(old);
	}
}

void
vreg_reindex(struct vregister *r)
{
	strmap_release(&r->by_id);
	strmap_release(&r->by_card);
	strmap_release(&r->by_idnum);
	strmap_release(&r->by_oldcard);
	strmap_release(&r->id_serial);
	r->serials_built = 0;
	for (size_t i = 0; i < r->n; i++)
		index_one(r, i, NULL);
}

static int
valid_status(const char *s)
{
	return vstatus_parse(s) != VS_INVALID;
}

/* Check every record and build the indexes (after either loader). */
static int
finish_load(struct vregister *r, const char *file, struct wmsj_err *err)
{
	struct wmsj_errlist dups;
	int rc = WMSJ_OK;

	for (size_t i = 0; i < r->n; i++) {
		struct volunteer *v = &r->v[i];
		if (v->id[0] == '\0' || v->card_no[0] == '\0' || !valid_status(v->status))
			return wmsj_err_set(err, WMSJ_BADDATA,
			    _("%s:%zu: a volunteer needs an id, a card number and a status of active, suspended or withdrawn"),
			    file, v->line);
	}
	wmsj_errlist_init(&dups);
	strmap_reserve(&r->by_id, r->n);
	strmap_reserve(&r->by_card, r->n);
	strmap_reserve(&r->by_idnum, r->n);
	for (size_t i = 0; i < r->n; i++)
		index_one(r, i, &dups);
	if (dups.n > 0)
		rc = wmsj_err_set(err, WMSJ_BADDATA, "%s", dups.msgs[0]);
	wmsj_errlist_release(&dups);
	return rc;
}

/* The register as its file volunteers.csv has it (a register older than
 * its history, or a view to check). */
static int
fill_view(struct vregister *r, struct csv_table *t, struct wmsj_err *err)
{
	int idx[NCOLS], rc;

	r->view_exists = 1;
	for (size_t i = 0; i < NCOLS; i++) {
		idx[i] = csv_table_col(t, cols[i]);
		if (idx[i] < 0 && i < 9) {
			rc = wmsj_err_set(err, WMSJ_BADDATA, _("%s:1: missing column '%s'"), VREG_FILE,
					  cols[i]);
			csv_table_release(t);
			return rc;
		}
	}
	r->cap = t->nrows;
	r->v = xcalloc(t->nrows + 1, sizeof *r->v);
	for (size_t i = 0; i < t->nrows; i++) {
		struct volunteer *v = &r->v[i];
		for (size_t k = 0; k < NCOLS; k++)
			*field_ptr(v, k) = arena_strdup(&r->strings, csv_get(&t->rows[i], idx[k]));
		v->line = t->rows[i].line;
		r->n = i + 1;
	}
	csv_table_release(t);
	return WMSJ_OK;
}

static int
load_view(struct vregister *r, const char *dir, struct wmsj_err *err)
{
	struct csv_table t;
	int rc, absent;

	rc = csv_table_read_in(&t, dir, VREG_FILE, &absent, err);
	if (rc != WMSJ_OK || absent) {
		csv_table_release(&t);
		return rc;
	}
	return fill_view(r, &t, err);
}

static int
col_index(const char *name)
{
	for (int k = 0; k < NCOLS; k++)
		if (strcmp(cols[k], name) == 0)
			return k;
	return -1;
}

int
vreg_from_history(struct vregister *r, const struct history *h, const char *as_of,
		  uint64_t max_seq)
{
	struct strmap pos;
	const char **val = NULL;   /* n * NCOLS values, into h's arena */
	size_t n = 0, cap = 0;

	strmap_init(&pos);
	for (size_t i = 0; i < h->n; i++) {
		const struct hist_event *e = &h->ev[i];
		size_t *slot;
		int isnew;

		if (e->reg != HR_VOLUNTEER || !hist_event_counts(e, as_of, max_seq))
			continue;
		slot = strmap_ref(&pos, e->id, strlen(e->id), &isnew);
		if (isnew) {
			val = xgrow(val, &cap, (n + 1) * NCOLS, sizeof *val);
			for (size_t k = 0; k < NCOLS; k++)
				val[n * NCOLS + k] = "";
			val[n * NCOLS] = e->id;
			*slot = n++;
		}
		for (size_t k = 0; k < e->nkv; k++) {
			int c = col_index(e->kv[2 * k]);
			if (c > 0)
				val[*slot * NCOLS + (size_t)c] = e->kv[2 * k + 1];
		}
	}
	strmap_release(&pos);
	r->cap = n;
	r->v = xcalloc(n + 1, sizeof *r->v);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < NCOLS; k++)
			*field_ptr(&r->v[i], k) = arena_strdup(&r->strings, val[i * NCOLS + k]);
		r->v[i].line = i + 2;
	}
	r->n = n;
	free(val);
	return WMSJ_OK;
}

int
vreg_load_hist(struct vregister *r, const char *dir, const struct history *h, const char *as_of,
	       uint64_t max_seq, struct wmsj_err *err)
{
	int rc;

	memset(r, 0, sizeof *r);
	r->dir = xstrdup(dir);
	if (h->count[HR_VOLUNTEER] > 0) {
		if ((rc = hist_view_check(dir, VREG_FILE, err)) != WMSJ_OK)
			return rc;
		vreg_from_history(r, h, as_of, max_seq);
		rc = finish_load(r, HIST_FILE, err);
	} else {
		/* Only a missing register is an empty one (csv_table_read_in). */
		r->legacy = 1;
		rc = load_view(r, dir, err);
		if (rc == WMSJ_OK)
			rc = finish_load(r, VREG_FILE, err);
	}
	if (rc == WMSJ_OK) {
		r->norig = r->n;
		r->orig = xcalloc(r->n + 1, sizeof *r->orig);
		if (r->n > 0)
			memcpy(r->orig, r->v, r->n * sizeof *r->v);
	}
	return rc;
}

int
vreg_load_fresh(struct vregister *r, const char *dir, const char *as_of, uint64_t max_seq,
		char head[96], int *used, struct wmsj_err *err)
{
	char *buf;
	size_t len;

	*used = hist_view_fresh(dir, HR_VOLUNTEER, as_of, max_seq, head, &buf, &len);
	if (!*used) {
		memset(r, 0, sizeof *r);
		r->dir = xstrdup(dir);
		return WMSJ_OK;
	}
	return vreg_parse_view(r, dir, buf, len, err);
}

int
vreg_parse_view(struct vregister *r, const char *dir, char *buf, size_t len, struct wmsj_err *err)
{
	struct csv_table t;
	int rc;

	memset(r, 0, sizeof *r);
	r->dir = xstrdup(dir);
	rc = csv_table_parse_owned(&t, dir, VREG_FILE, buf, len, err);
	if (rc == WMSJ_OK)
		rc = fill_view(r, &t, err);
	else
		csv_table_release(&t);
	if (rc == WMSJ_OK)
		rc = finish_load(r, VREG_FILE, err);
	if (rc == WMSJ_OK) {
		r->norig = r->n;
		r->orig = xcalloc(r->n + 1, sizeof *r->orig);
		if (r->n > 0)
			memcpy(r->orig, r->v, r->n * sizeof *r->v);
	}
	return rc;
}

int
vreg_load_asof(struct vregister *r, const char *dir, const char *as_of, uint64_t max_seq,
	       struct wmsj_err *err)
{
	struct history h;
	int rc, used;

	/* The view, when its stamp says it is exactly the history's register
	 * (history.h, hist_view_fresh): the same records, read faster. */
	rc = vreg_load_fresh(r, dir, as_of, max_seq, NULL, &used, err);
	if (used || rc != WMSJ_OK)
		return rc;
	vreg_release(r);
	rc = hist_load_regs(&h, dir, 0, 1u << HR_VOLUNTEER, err);
	if (rc != WMSJ_OK) {
		hist_release(&h);
		memset(r, 0, sizeof *r);
		r->dir = xstrdup(dir);
		return rc;
	}
	rc = vreg_load_hist(r, dir, &h, as_of, max_seq, err);
	hist_release(&h);
	return rc;
}

int
vreg_load(struct vregister *r, const char *dir, struct wmsj_err *err)
{
	return vreg_load_asof(r, dir, NULL, 0, err);
}

int
vreg_load_view(struct vregister *r, const char *dir, struct wmsj_err *err)
{
	memset(r, 0, sizeof *r);
	r->dir = xstrdup(dir);
	return load_view(r, dir, err);
}

void
vreg_release(struct vregister *r)
{
	free(r->v);
	free(r->orig);
	arena_release(&r->strings);
	free(r->dir);
	strmap_release(&r->by_id);
	strmap_release(&r->by_card);
	strmap_release(&r->by_idnum);
	strmap_release(&r->by_oldcard);
	strmap_release(&r->id_serial);
	if (r->seen != NULL) {
		ledger_serials_release(r->seen);
		free(r->seen);
	}
	memset(r, 0, sizeof *r);
}

int
vreg_learn_ledger(struct vregister *r, struct wmsj_err *err)
{
	struct ledger_serials *s = xcalloc(1, sizeof *s);
	int rc = ledger_serials_load(s, r->dir, err);

	if (rc != WMSJ_OK) {
		ledger_serials_release(s);
		free(s);
		return rc;
	}
	if (r->seen != NULL) {
		ledger_serials_release(r->seen);
		free(r->seen);
	}
	r->seen = s;
	return WMSJ_OK;
}

void
vreg_serialize(const struct volunteer *v, size_t n, struct sb *sb)
{
	for (size_t i = 0; i < NCOLS; i++) {
		if (i > 0)
			sb_addc(sb, ',');
		sb_adds(sb, cols[i]);
	}
	sb_addc(sb, '\n');
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < NCOLS; k++) {
			if (k > 0)
				sb_addc(sb, ',');
			csv_sb_field(sb, *field_ptr((struct volunteer *)&v[i], k));
		}
		sb_addc(sb, '\n');
	}
}

/* A date for an event: d when it is a date, else the date part of the
 * timestamp t, else today. */
static void
event_date(const char *d, const char *t, char out[11])
{
	int y, m, dd;

	if (d != NULL && wmsj_date_parse(d, &y, &m, &dd) == 0) {
		snprintf(out, 11, "%s", d);
		return;
	}
	if (t != NULL && strlen(t) >= 10) {
		snprintf(out, 11, "%.10s", t);
		if (wmsj_date_parse(out, &y, &m, &dd) == 0)
			return;
	}
	snprintf(out, 11, "%s", wmsj_today());
}

/* The events that turn orig into the register r, into b. */
static int
diff_events(const struct vregister *r, struct hist_batch *b, struct wmsj_err *err)
{
	const char *kv[2 * NCOLS];
	char date[11];
	int rc = WMSJ_OK;

	if (r->legacy) {
		/* The register as it stood before its history: adopted. */
		for (size_t i = 0; i < r->norig && rc == WMSJ_OK; i++) {
			struct volunteer *o = &r->orig[i];
			size_t n = 0;
			for (size_t k = 1; k < NCOLS; k++) {
				const char *val = *field_ptr(o, k);
				if (k == 8)
					val = vstatus_name(VS_ACTIVE);
				else if (k == 9)
					val = "";
				kv[2 * n] = cols[k];
				kv[2 * n++ + 1] = val;
			}
			event_date(o->registered, o->updated, date);
			rc = hist_batch_add(b, date, HR_VOLUNTEER, o->id, "adopt", kv, n, err);
			if (rc == WMSJ_OK && vstatus_parse(o->status) != VS_ACTIVE) {
				kv[0] = "status"; kv[1] = o->status;
				kv[2] = "reason"; kv[3] = o->reason;
				event_date(NULL, o->updated, date);
				rc = hist_batch_add(b, date, HR_VOLUNTEER, o->id, "adopt", kv, 2, err);
			}
		}
	}
	for (size_t i = 0; i < r->n && rc == WMSJ_OK; i++) {
		struct volunteer *v = &r->v[i];
		size_t n = 0;

		if (i >= r->norig) {
			for (size_t k = 1; k < NCOLS; k++) {
				kv[2 * n] = cols[k];
				kv[2 * n++ + 1] = *field_ptr(v, k);
			}
			event_date(v->registered, NULL, date);
		} else {
			for (size_t k = 1; k < NCOLS; k++) {
				const char *a = *field_ptr(&r->orig[i], k), *c = *field_ptr(v, k);
				if (strcmp(a, c) != 0) {
					kv[2 * n] = cols[k];
					kv[2 * n++ + 1] = c;
				}
			}
			if (n == 0)
				continue;
			event_date(r->event_date, NULL, date);
		}
		rc = hist_batch_add(b, date, HR_VOLUNTEER, v->id,
				    r->action != NULL ? r->action : "update", kv, n, err);
	}
	return rc;
}

int
vreg_save(const struct vregister *r, struct wmsj_err *err)
{
	struct history h;
	struct hist_batch b;
	struct sb before, after;
	int rc;

	rc = hist_load_for_write(&h, r->dir, err);
	if (rc != WMSJ_OK) {
		hist_release(&h);
		return rc;
	}
	hist_batch_init(&b, &h);
	hist_release(&h);
	rc = diff_events(r, &b, err);
	if (rc == WMSJ_OK)
		rc = hist_batch_commit(&b, r->dir, err);
	if (rc != WMSJ_OK) {
		hist_batch_release(&b);
		return rc;
	}
	sb_init(&before);
	sb_init(&after);
	vreg_serialize(r->orig, r->norig, &before);
	vreg_serialize(r->v, r->n, &after);
	rc = hist_view_write(r->dir, VREG_FILE, &before, &after, r->legacy, b.next_seq - 1,
			     b.last_hash, b.maxdate[HR_VOLUNTEER], &b, err);
	hist_batch_release(&b);
	sb_release(&before);
	sb_release(&after);
	return rc;
}

struct volunteer *
vreg_find(const struct vregister *r, const char *key)
{
	size_t i;
	char up[64];
	size_t n = strlen(key);

	if (strmap_get(&r->by_id, key, n, &i) || strmap_get(&r->by_card, key, n, &i) ||
	    strmap_get(&r->by_idnum, key, n, &i))
		return &r->v[i];
	if (n == 18 && key[17] == 'x') {
		memcpy(up, key, 18);
		up[17] = 'X';
		up[18] = '\0';
		if (strmap_get(&r->by_idnum, up, 18, &i))
			return &r->v[i];
	}
	return NULL;
}

struct volunteer *
vreg_find_oldcard(const struct vregister *r, const char *card)
{
	size_t i;

	if (strmap_get(&r->by_oldcard, card, strlen(card), &i))
		return &r->v[i];
	return NULL;
}

/* Split "<prefix><digits>" where prefix ends at the last '-': station part
 * (without a leading 'V') and serial.  Returns 0 when s is not of that form. */
static unsigned long
serial_of(const char *s, int skip_v, const char **st, size_t *stlen)
{
	const char *dash = strrchr(s, '-');
	char *end;
	unsigned long v;

	if (dash == NULL || dash[1] < '0' || dash[1] > '9')
		return 0;
	v = strtoul(dash + 1, &end, 10);
	if (*end != '\0')
		return 0;
	if (skip_v && *s == 'V')
		s++;
	*st = s;
	*stlen = (size_t)(dash - s);
	return v;
}

static void
note_serial(struct strmap *m, const char *s, int skip_v)
{
	const char *st;
	size_t n, cur;
	unsigned long v = serial_of(s, skip_v, &st, &n);

	if (v == 0)
		return;
	if (!strmap_get(m, st, n, &cur) || cur < v)
		strmap_put(m, st, n, v);
}

static void
note_volunteer(struct vregister *r, const struct volunteer *v)
{
	note_serial(&r->id_serial, v->id, 1);
}

static void
build_serials(const struct vregister *cr)
{
	struct vregister *r = (struct vregister *)cr; /* a cache, not a change */

	if (r->serials_built)
		return;
	for (size_t i = 0; i < r->n; i++)
		note_volunteer(r, &r->v[i]);
	r->serials_built = 1;
}

char *
vreg_next_id(const struct vregister *r, const char *station)
{
	char out[96];
	size_t max = 0;

	build_serials(r);
	strmap_get(&r->id_serial, station, strlen(station), &max);
	if (r->seen != NULL && ledger_serials_max(&r->seen->vol, station) > max)
		max = ledger_serials_max(&r->seen->vol, station);
	snprintf(out, sizeof out, "V%s-%04zu", station, max + 1);
	return xstrdup(out);
}

/* A card number is never handed out twice: not a current or old card of
 * the register, nor one the ledger has redeemed with (a register that lost
 * rows).  With 10^9 numbers a station, a draw collides about never; the
 * bound keeps a broken generator from looping, and lets a fixed sequence
 * (cardno_seed) skip every card it drew in an earlier process. */
char *
vreg_next_card(const struct vregister *r, const char *station, struct wmsj_err *err)
{
	char out[CARDNO_MAX];
	size_t i, taken = r->by_card.n + r->by_oldcard.n + (r->seen != NULL ? r->seen->card.n : 0);

	for (size_t tries = 0; tries < taken + 1000; tries++) {
		size_t n;

		if (cardno_draw(station, out, err) != WMSJ_OK)
			return NULL;
		n = strlen(out);
		if (!strmap_get(&r->by_card, out, n, &i) && !strmap_get(&r->by_oldcard, out, n, &i) &&
		    (r->seen == NULL || !strmap_get(&r->seen->card, out, n, &i)))
			return xstrdup(out);
	}
	wmsj_err_set(err, WMSJ_SYSERR,
		     _("cannot draw a card number for station '%s': every draw was taken"), station);
	return NULL;
}

void
vreg_set(struct vregister *r, char **field, const char *val)
{
	*field = arena_strdup(&r->strings, val);
}

size_t
vreg_add(struct vregister *r, const struct volunteer *v)
{
	struct volunteer *n;

	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	n = &r->v[r->n];
	for (size_t k = 0; k < NCOLS; k++) {
		const char *s = *field_ptr((struct volunteer *)v, k);
		*field_ptr(n, k) = arena_strdup(&r->strings, s != NULL ? s : "");
	}
	n->line = 0;
	index_one(r, r->n, NULL);
	if (r->serials_built)
		note_volunteer(r, n);
	return r->n++;
}
