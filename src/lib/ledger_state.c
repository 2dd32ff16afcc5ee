/* The ledger's state: accounts, shelves and totals, and the rules by which a
 * row changes them.  See ledger.h (state). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ledger.h"
#include "ledger_int.h"
#include "util.h"

void
ledger_state_init(struct ledger_state *st)
{
	memset(st, 0, sizeof *st);
	st->last_account = SIZE_MAX;
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
	size_t n, i = st->last_account;

	/* A row's callback asks for the account the row just changed. */
	if (i < st->naccounts && strcmp(st->ids[i], id) == 0)
		return &st->accounts[i];
	n = strlen(id);
	i = afind(st, id, n, idhash(id, n));
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
	st->last_account = SIZE_MAX;
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
	if (a != NULL) {
		*a = acc;
		st->last_account = (size_t)(a - st->accounts);
	}
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
	if (e->date == NULL || !ledger_date_ok(e->date, strlen(e->date)))
		return wmsj_err_set(err, WMSJ_REFUSED, _("date '%s' is not a real YYYY-MM-DD"),
				    e->date ? e->date : "");
	if (e->kind == LK_CLOSE && e->ref != NULL && ledger_month_ok(e->ref) &&
	    strcmp(e->ref, st->sealed) > 0)
		memcpy(st->sealed, e->ref, 8);
	if (apply(st, &x, 0) != 0)
		return wmsj_err_set(err, WMSJ_REFUSED, _("a total would overflow"));
	return WMSJ_OK;
}

int
ledger_state_count(struct ledger_state *st, const struct ledger_row *row, int in_period)
{
	struct fx x;

	fx_from_row(&x, row);
	return apply(st, &x, in_period);
}

/* ---- prefetch hints for a scan ------------------------------------------------- */

#if defined(__GNUC__)
#define PREFETCH(p, w) __builtin_prefetch((p), (w))
#else
#define PREFETCH(p, w) ((void)(p))
#endif

uint64_t
ledger_state_prefetch_slot(const struct ledger_state *st, const char *id, size_t n)
{
	uint64_t h;

	if (st->acap_tab == 0)
		return 0;
	h = idhash(id, n);
	PREFETCH((const struct aent *)st->atab + ((size_t)(h >> 7) & (st->acap_tab - 1)), 0);
	return h;
}

void
ledger_state_prefetch_account(const struct ledger_state *st, const char *id, size_t n, uint64_t h)
{
	size_t i = afind(st, id, n, h);

	if (i != SIZE_MAX) {
		PREFETCH(&st->accounts[i], 1);
		PREFETCH((const char *)&st->accounts[i] + sizeof st->accounts[i] - 1, 1);
	}
}
