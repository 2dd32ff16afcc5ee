/* auditledger: the ledger's chain and rows, as wmsj-audit checks them
 * (auditledger.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "activity.h"
#include "auditledger.h"
#include "ledger_ckpt.h"
#include "ledger_index.h"
#include "figures.h"
#include "fsio.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "rules.h"
#include "seal.h"
#include "table.h"
#include "util.h"

/* ---- the chain, byte by byte ------------------------------------------------ */

/* One row (line, its newline removed) at line lineno.  The place and the
 * expected sequence are formatted only for a finding: most rows have none. */
static void
chain_row(struct audit_ctx *c, struct ledger_chain *chain, char *line, size_t lineno)
{
	char *comma = strrchr(line, ','), txn[LEDGER_TXN_MAX], e[LEDGER_TXN_MAX], where[64];
	const char *c1 = strchr(line, ',');
	uint64_t seq, expected = chain->next_seq;
	unsigned bad;
	int txn_ok;

	/* the hash: 64 hex digits, then the end or a CR */
	if (comma == NULL || c1 == NULL || (size_t)(c1 - line) >= sizeof txn ||
	    strnlen(comma + 1, 64) != 64 || !ledger_is_hash(comma + 1, 64) ||
	    (comma[65] != '\0' && comma[65] != '\r')) {
		audit_ledger_where(where, sizeof where, lineno);
		audit_add(c, "error", "format", where, NULL, NULL, NULL,
			  _("row is not the ledger's own format"));
		return;
	}
	memcpy(txn, line, (size_t)(c1 - line));
	txn[c1 - line] = '\0';
	txn_ok = ledger_txn_parse(txn, &seq) == 0;
	if (!txn_ok) {
		audit_ledger_where(where, sizeof where, lineno);
		audit_add(c, "error", "format", where, NULL, NULL, NULL,
			  _("'%s' is not a transaction id"), txn);
	}
	bad = ledger_chain_step(chain, txn_ok ? &seq : NULL, line, (size_t)(comma - line), comma + 1,
				1);
	if (bad == 0)
		return;
	audit_ledger_where(where, sizeof where, lineno);
	ledger_txn_format(expected, e);
	if (bad & (LEDGER_CHAIN_BACK | LEDGER_CHAIN_GAP))
		audit_add(c, "error", "sequence", where, NULL, NULL, txn,
			  (bad & LEDGER_CHAIN_BACK)
			  ? _("sequence '%s' where '%s' was expected: a duplicated or reordered row")
			  : _("sequence '%s' where '%s' was expected: rows are missing"),
			  txn, e);
	if (bad & LEDGER_CHAIN_HASH)
		audit_add(c, "error", "chain", where, NULL, NULL, txn,
			  _("hash does not match the row and the one before it: the row was changed, or a row before it was removed, inserted or reordered"));
}

/* Every line of f: WMSJ_SYSERR on a read error. */
static int
chain_lines(struct audit_ctx *c, FILE *f)
{
	char *line = NULL, where[64];
	size_t cap = 0, lineno = 0;
	ssize_t len;
	struct ledger_chain chain;

	ledger_chain_start(&chain, NULL, 1);
	while ((len = getline(&line, &cap, f)) > 0) {
		int nl = line[len - 1] == '\n';

		lineno++;
		if (nl)
			line[--len] = '\0';
		if (lineno == 1) {
			if (strcmp(line, LEDGER_HEADER) != 0)
				audit_add(c, "error", "format", "ledger.csv:1", NULL, NULL, NULL,
					  _("the header is not the ledger's own"));
			continue;
		}
		if (!nl) {
			audit_ledger_where(where, sizeof where, lineno);
			audit_add(c, "error", "torn-tail", where, NULL, NULL, NULL,
				  _("the last line is incomplete (no newline): a torn or damaged tail"));
			break;
		}
		chain_row(c, &chain, line, lineno);
	}
	free(line);
	return ferror(f) ? WMSJ_SYSERR : WMSJ_OK;
}

int
audit_chain(struct audit_ctx *c, struct wmsj_err *err)
{
	char *path = fsio_path(c->dir, LEDGER_FILE), *jpath = fsio_path(c->dir, ".ledger.csv.journal");
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);   /* never through a link */
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	struct stat st;
	int rc;

	if (stat(jpath, &st) == 0)
		audit_add(c, "error", "torn-tail", ".ledger.csv.journal", NULL, NULL, NULL,
			  _("an interrupted append is pending; the next wmsj-points command will roll it back"));
	free(jpath);
	if (f == NULL) {
		int e = errno;

		free(path);
		if (e == ENOENT)
			return AUDIT_NO_LEDGER;   /* fine only if nothing else was kept */
		return wmsj_err_set(err, WMSJ_SYSERR, _("cannot read '%s'"), LEDGER_FILE);
	}
	rc = chain_lines(c, f);
	fclose(f);
	free(path);
	if (rc != WMSJ_OK)
		return wmsj_err_set(err, WMSJ_SYSERR, _("cannot read '%s'"), LEDGER_FILE);
	return WMSJ_OK;
}

/* ---- the rows: sets kept while they are read --------------------------------- */

/* A set of 64-bit keys (award fingerprints, reversed sequences). */
struct u64set {
	uint64_t *k;
	size_t cap, n;
};

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x | 1; /* never 0: 0 marks an empty slot */
}

static uint64_t
fp2(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (; *b; b++)
		h = (h ^ (unsigned char)*b) * 1099511628211ULL;
	return mix(h);
}

static void
u64set_grow(struct u64set *s)
{
	struct u64set b = {xcalloc(s->cap ? s->cap * 2 : 1024, sizeof *b.k), s->cap ? s->cap * 2 : 1024, 0};

	for (size_t j = 0; j < s->cap; j++)
		if (s->k[j] != 0) {
			size_t p = (size_t)s->k[j] & (b.cap - 1);
			while (b.k[p] != 0)
				p = (p + 1) & (b.cap - 1);
			b.k[p] = s->k[j];
			b.n++;
		}
	free(s->k);
	*s = b;
}

/* 1 if inserted, 0 if present; remove=1 deletes (returns 1 if it was there). */
static int
u64set_op(struct u64set *s, uint64_t key, int remove)
{
	size_t i;

	key = mix(key);
	if (!remove && (s->n + 1) * 2 > s->cap)
		u64set_grow(s);
	if (s->cap == 0)
		return 0;
	for (i = (size_t)key & (s->cap - 1); s->k[i] != 0; i = (i + 1) & (s->cap - 1))
		if (s->k[i] == key) {
			if (remove) {
				s->k[i] = 2; /* tombstone that matches nothing real (mix() keeps bit 0 set) */
				s->n--;
			}
			return remove ? 1 : 0;
		}
	if (remove)
		return 0;
	s->k[i] = key;
	s->n++;
	return 1;
}

/* Awards dated in one month not yet sealed: who got one for which activity,
 * and how many took part in each activity.  An award is dated on its
 * activity's day and nothing may be dated into a sealed month (a row that is
 * gets its own finding), so a month's sets are dropped when it is sealed:
 * memory follows the open months, not the years of history. */
struct open_month {
	int ym;                      /* year * 100 + month */
	struct u64set awards;        /* fp2(activity, volunteer) */
	struct strmap participants;  /* activity -> awards */
};

static struct open_month *
open_month_get(struct open_month **v, size_t *n, size_t *cap, const char *date)
{
	int ym = atoi(date) * 100 + atoi(date + 5);

	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].ym == ym)
			return &(*v)[i];
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	memset(&(*v)[*n], 0, sizeof **v);
	(*v)[*n].ym = ym;
	strmap_init(&(*v)[*n].participants);
	return &(*v)[(*n)++];
}

/* Drop the months up to and including sealed (YYYY-MM). */
static void
open_month_seal(struct open_month *v, size_t *n, const char *sealed)
{
	int ym = atoi(sealed) * 100 + atoi(sealed + 5);
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		if (v[i].ym <= ym) {
			free(v[i].awards.k);
			strmap_release(&v[i].participants);
		} else {
			v[k++] = v[i];
		}
	}
	*n = k;
}

static int
minutes_of(const char *recorded)
{
	if (strlen(recorded) < 16 || recorded[10] != 'T')
		return -1;
	return atoi(recorded + 11) * 60 + atoi(recorded + 14);
}

/* Per volunteer: the dated balance, and (in entry order) the latest date of
 * a row and the latest-dated clearing not reversed. */
struct dated_acc {
	int64_t balance;
	int32_t last, cleared;
	uint64_t cleared_seq;
};

/* What the row pass keeps while the ledger state is rebuilt row by row
 * (the state holds each volunteer's balance and clearing after each row). */
struct rows {
	struct lix_check *ix;      /* the ledger's index, checked row by row */
	struct ledger_ckpt_check *ck;   /* the state checkpoint, at its row */
	struct audit_ctx *a;
	int year, full;
	struct ledger_state *st;
	const struct volunteer **vols;   /* by account index; &not_looked = not yet */
	size_t nvols;
	struct strmap bursts, actday;
	struct table acts;
	struct open_month *om;
	size_t nom, com;
	char burst_day[11], sealed[8];
	struct u64set reversed;
	/* The dated replay: balances and stock in (date, txn) order. */
	struct fig_replay replay;
	struct dated_acc *dacc;         /* by account index */
	size_t ndacc;
	int64_t *dstock;                /* by shelf index */
	size_t ndstock;
	/* shelf "\n" item -> index in dstock and shelf_of: the station's own
	 * shelf, or "" for every row's goods with exchange: shared (fig_shelf) */
	struct strmap shelves;
	struct shelf_of {
		char *station;          /* NULL: the shared shelf */
		char *item;
	} *shelf_of;
	size_t nshelves, cshelves;
	struct strmap stations;         /* station code -> index in station_codes */
	char **station_codes;
	size_t nstations, cstations;
	struct clearing {               /* every clearing (rare): the latest one of a */
		uint32_t acc;           /* volunteer not reversed, when one is reversed */
		int32_t date;
		uint64_t seq;
		int reversed;
	} *clears;
	size_t nclears, cclears;
};

static const struct volunteer not_looked;

/* ---- the dated replay ---------------------------------------------------------- */

/* rules.h for a row as it was written: the volunteer's status when the
 * register's last change (it keeps no other) is dated before the row, else
 * active; the clearing as the ledger held it when the row was appended (the
 * state so far: a clearing dated after the row is a clear-date finding). */
static enum rules_why
row_rule(enum rules_act act, const struct volunteer *v, const struct account *a,
	 const struct ledger_row *row, struct rules_verdict *rv)
{
	struct rules_clearing cl;
	enum vstatus st = VS_ACTIVE;

	if (v != NULL && memcmp(v->updated, row->date, 10) < 0)
		st = vstatus_parse(v->status);
	cl.year = a != NULL ? a->cleared_year : 0;
	cl.date = NULL;
	return rules_may(act, st, &cl, row->date, rv);
}

/* formatted only for a finding: most rows have none */
#define PLACE (audit_ledger_where(where, sizeof where, e->line), ledger_txn_format(e->seq, txn), where)

static void
dated_balance(struct rows *c, const struct fig_event *e, const char *station, int in_year)
{
	struct dated_acc *d = &c->dacc[e->acc];
	const char *vol = c->st->ids[e->acc];
	int64_t before = d->balance;
	char where[64], txn[LEDGER_TXN_MAX];

	if (__builtin_add_overflow(d->balance, e->points, &d->balance))
		d->balance = before;
	if (e->points < 0 && d->balance < 0 && in_year)
		audit_add(c->a, "error", e->kind == LK_REDEEM ? "over-redeem" : "negative-balance",
			  PLACE, station, vol, txn,
			  e->kind == LK_REDEEM
			  ? _("volunteer '%s' redeemed %" PRId64 " points with a balance of %" PRId64)
			  : _("volunteer '%s' went to a balance of %" PRId64 " (was %" PRId64 ")"),
			  vol, e->kind == LK_REDEEM ? -e->points : d->balance, before);
}

static void
dated_stock(struct rows *c, const struct fig_event *e, const char *station, int in_year)
{
	int64_t *stock = &c->dstock[e->item], b = *stock;
	const struct shelf_of *sh = &c->shelf_of[e->item];
	const char *vol = e->acc != UINT32_MAX ? c->st->ids[e->acc] : NULL;
	char where[64], txn[LEDGER_TXN_MAX];

	if (__builtin_add_overflow(*stock, e->qty, stock))
		*stock = b;
	if (*stock < 0 && e->qty < 0 && in_year && sh->station != NULL && *sh->station)
		audit_add(c->a, "error", "stock", PLACE, station, vol, txn,
			  _("'%s' given out at station '%s' beyond what its shelf received (stock %"
			    PRId64 ")"), sh->item, sh->station, *stock);
	else if (*stock < 0 && e->qty < 0 && in_year)
		audit_add(c->a, "error", "stock", PLACE, station, vol, txn,
			  _("'%s' given out beyond what was received (stock %" PRId64 ")"),
			  sh->item, *stock);
}
#undef PLACE

/* A row of the dated replay, checked in (date, txn) order: no balance and
 * no stock may be negative as of any date. */
static int
dated_check(void *arg, const struct fig_event *e)
{
	struct rows *c = arg;
	const char *station = e->station != UINT32_MAX ? c->station_codes[e->station] : "";
	int in_year = c->year == 0 || e->date / 10000 == c->year;

	if (e->acc != UINT32_MAX)
		dated_balance(c, e, station, in_year);
	if (e->item != UINT32_MAX)
		dated_stock(c, e, station, in_year);
	return WMSJ_OK;
}

static uint32_t
station_index(struct rows *c, const char *code)
{
	int isnew;
	size_t *p = strmap_ref(&c->stations, code, strlen(code), &isnew);

	if (isnew) {
		c->station_codes = xgrow(c->station_codes, &c->cstations, c->nstations + 1,
					 sizeof *c->station_codes);
		c->station_codes[c->nstations] = xstrdup(code);
		*p = c->nstations++;
	}
	return (uint32_t)*p;
}

static uint32_t
shelf_index(struct rows *c, const struct ledger_row *row)
{
	const char *shelf = fig_shelf(c->a->cfg, row->station);
	struct sb key;
	size_t *p, i;
	int isnew;

	sb_init(&key);
	sb_adds(&key, shelf != NULL ? shelf : "");
	sb_addc(&key, '\n');
	sb_adds(&key, row->item);
	p = strmap_ref(&c->shelves, key.buf, key.len, &isnew);
	sb_release(&key);
	if (isnew) {
		c->shelf_of = xgrow(c->shelf_of, &c->cshelves, c->nshelves + 1, sizeof *c->shelf_of);
		c->shelf_of[c->nshelves].station = shelf != NULL ? xstrdup(shelf) : NULL;
		c->shelf_of[c->nshelves].item = xstrdup(row->item);
		*p = c->nshelves++;
	}
	i = *p;
	if (i >= c->ndstock) {
		size_t n = c->ndstock;

		c->dstock = xgrow(c->dstock, &c->ndstock, i + 1, sizeof *c->dstock);
		memset(c->dstock + n, 0, (c->ndstock - n) * sizeof *c->dstock);
	}
	return (uint32_t)i;
}

/* The row's date against the volunteer's clearings, in entry order (a
 * clearing is the volunteer's latest row: nothing of theirs is dated after
 * it when it is written, nor before it afterwards; rules.h). */
static void
clear_dates(struct rows *c, const struct ledger_row *row, const struct fig_event *e,
	    const struct dated_acc *d)
{
	char where[64], day[11] = "";

	if (row->kind == LK_CLEAR)
		fig_date_str(d->last, day);
	if (row->kind == LK_CLEAR &&
	    rules_may_clear(row->volunteer, 0, row->date, day, NULL) == RC_CLEAR_NOT_LAST) {
		audit_ledger_where(where, sizeof where, row->line);
		audit_add(c->a, "error", "clear-date", where, row->station, row->volunteer, row->txn,
			  _("clearing of volunteer '%s' dated %s while they have a row dated %s"),
			  row->volunteer, row->date, day);
		return;
	}
	if (d->cleared == 0)
		return;
	fig_date_str(d->cleared, day);
	if (rules_after_clearing(row->volunteer, row->date, day,
				 row->kind == LK_REVERSE && e->ref == d->cleared_seq,
				 NULL) == RC_BEFORE_CLEARING) {
		audit_ledger_where(where, sizeof where, row->line);
		audit_add(c->a, "error", "clear-date", where, row->station, row->volunteer, row->txn,
			  _("row dated %s for volunteer '%s', before their clearing of %s"), row->date,
			  row->volunteer, day);
	}
}

/* A volunteer's latest clearing not reversed, after row (a clearing, or
 * the reversal of one). */
static void
clear_track(struct rows *c, const struct ledger_row *row, const struct fig_event *e,
	    struct dated_acc *d)
{
	if (row->kind == LK_CLEAR) {
		c->clears = xgrow(c->clears, &c->cclears, c->nclears + 1, sizeof *c->clears);
		c->clears[c->nclears++] = (struct clearing){ e->acc, e->date, row->seq, 0 };
		if (e->date >= d->cleared) {
			d->cleared = e->date;
			d->cleared_seq = row->seq;
		}
		return;
	}
	if (row->kind != LK_REVERSE || row->reverses != LK_CLEAR)
		return;
	for (size_t k = 0; k < c->nclears; k++)
		c->clears[k].reversed |= c->clears[k].seq == e->ref;
	if (e->ref != d->cleared_seq)
		return;
	/* the latest one that stands */
	d->cleared = 0;
	d->cleared_seq = 0;
	for (size_t k = 0; k < c->nclears; k++)
		if (c->clears[k].acc == e->acc && !c->clears[k].reversed &&
		    c->clears[k].date >= d->cleared) {
			d->cleared = c->clears[k].date;
			d->cleared_seq = c->clears[k].seq;
		}
}

static void
replay_account(struct rows *c, const struct ledger_row *row, const struct account *a,
	       struct fig_event *e)
{
	size_t i = (size_t)(a - c->st->accounts);
	struct dated_acc *d;

	if (i >= c->ndacc) {
		size_t n = c->ndacc;

		c->dacc = xgrow(c->dacc, &c->ndacc, i + 1, sizeof *c->dacc);
		memset(c->dacc + n, 0, (c->ndacc - n) * sizeof *c->dacc);
	}
	e->acc = (uint32_t)i;
	d = &c->dacc[i];
	clear_dates(c, row, e, d);
	if (e->date > d->last)
		d->last = e->date;
	clear_track(c, row, e, d);
}

/* Queue a row for the dated replay; check the clearing's date in entry
 * order. */
static void
replay_push(struct rows *c, const struct ledger_row *row, const struct account *a)
{
	struct fig_event e;

	memset(&e, 0, sizeof e);
	e.seq = row->seq;
	e.line = row->line;
	e.date = fig_date_num(row->date);
	e.kind = row->kind;
	e.reverses = row->reverses;
	e.points = row->points;
	e.hours = row->hours;
	e.qty = row->qty;
	e.acc = e.item = e.station = UINT32_MAX;
	if (row->kind == LK_REVERSE)
		(void)ledger_txn_parse(row->ref, &e.ref);
	if (row->station[0] != '\0')
		e.station = station_index(c, row->station);
	if (a != NULL)
		replay_account(c, row, a, &e);
	if (row->item[0] != '\0' && row->qty != 0)
		e.item = shelf_index(c, row);
	fig_replay_push(&c->replay, &e);
}

/* ---- one row -------------------------------------------------------------------- */

/* formatted only for a finding: most rows have none */
#define WHERE (audit_ledger_where(where, sizeof where, row->line), where)
#define ADD(sev, check, ...) \
	audit_add(c->a, sev, check, WHERE, row->station, row->volunteer, row->txn, __VA_ARGS__)

/* A close row binds its snapshot (seal.h) and the register history's head
 * when it was closed; the rows up to its month's end can be replayed in
 * date order now (nothing may be dated into a sealed month). */
static int
row_close(struct rows *c, const struct ledger_row *row)
{
	char *snap, name[64], where[64];
	struct stat sst;
	uint64_t rseq;
	char rhash[65];
	struct wmsj_err e2;
	const struct history *h;
	int k;

	/* one deleted is no longer bound to anything, and the month's state
	 * unprovable from it */
	snprintf(name, sizeof name, "%s/%.7s.csv", SEAL_DIR, row->ref);
	snap = fsio_path(c->a->dir, name);
	if (lstat(snap, &sst) != 0 && errno == ENOENT)
		audit_add(c->a, "error", "seal", name, NULL, NULL, row->txn,
			  _("the close row of %.7s (%s:%zu) has no snapshot: closing the month again restores it"), row->ref, LEDGER_FILE,
			  row->line);
	free(snap);
	k = seal_note_history(row->note, &rseq, rhash);
	if (k < 0)
		audit_add(c->a, "error", "format", WHERE, NULL, NULL, row->txn,
			  _("the close row's history part is malformed"));
	else if (k > 0 && (h = audit_hist(c->a)) != NULL && hist_check_seal(h, rseq, rhash, &e2) != WMSJ_OK)
		audit_add(c->a, "error", "history", WHERE, NULL, NULL, row->txn,
			  _("the close row of %.7s seals the register history, but: %s"), row->ref,
			  e2.msg);
	if (memcmp(row->ref, c->sealed, 7) > 0)
		memcpy(c->sealed, row->ref, 8);
	open_month_seal(c->om, &c->nom, row->ref);
	return fig_replay_flush(&c->replay, fig_date_num(row->date), dated_check, c);
}

/* The row's volunteer in the register (NULL: not in it), looked up once. */
static const struct volunteer *
row_volunteer(struct rows *c, const struct ledger_row *row, const struct account *a, int in_year)
{
	size_t i = (size_t)(a - c->st->accounts);
	char where[64];

	if (i >= c->nvols) {
		size_t n = c->nvols;

		c->vols = xgrow(c->vols, &c->nvols, i + 1, sizeof *c->vols);
		for (; n < c->nvols; n++)
			c->vols[n] = &not_looked;
	}
	if (c->vols[i] == &not_looked)
		c->vols[i] = vreg_find(c->a->reg, row->volunteer);
	if (c->vols[i] == NULL && in_year)
		ADD("error", "unknown-volunteer", _("%s for volunteer '%s', who is not in the register"),
		    wmsj_value_label("kind", ledger_kind_name(row->kind)), row->volunteer);
	return c->vols[i];
}

/* A reversal reverses an earlier row, once (rules.h). */
static void
row_reverse(struct rows *c, const struct ledger_row *row)
{
	uint64_t ref = 0;
	int parsed = ledger_txn_parse(row->ref, &ref) == 0;
	char where[64];

	if (rules_reverse_target(row->ref, parsed, ref, row->seq, NULL) != RC_OK)
		ADD("error", "reverse", _("reverses '%s', which is not an earlier row"), row->ref);
	else if (rules_reversible(row->ref, 0, NULL,
				  u64set_op(&c->reversed, ref, 0) ? NULL : row->txn,
				  NULL) == RC_REV_AGAIN)
		ADD("error", "reverse", _("'%s' is reversed a second time"), row->ref);
}

/* What wmsj-points refuses in an award (rules.h), as findings. */
static void
award_rules(struct rows *c, const struct ledger_row *row, const struct volunteer *v,
	    const struct account *a)
{
	const struct wmsj_config *cfg = c->a->cfg;
	struct rules_verdict rv;
	char where[64];

	if (row_rule(RULES_EARN, v, a, row, &rv) == RW_CLEARED)
		ADD("error", "award-cleared", _("award to volunteer '%s', cleared in %d"),
		    row->volunteer, rv.year);
	else if (rv.why != RW_OK)
		ADD("error", "award-status", _("award to volunteer '%s', %s since %.10s"),
		    row->volunteer, wmsj_value_label("status", v->status), v->updated);
	if (v != NULL && rules_self_certified(NULL, row->volunteer, v->name, row->certifier, NULL) !=
	    RC_OK)
		ADD("error", "self-certification", _("volunteer '%s' certified their own points"),
		    row->volunteer);
	if (row->supervisor[0] == '\0')
		ADD("error", "no-supervisor", _("certification without a supervisor"));
	if (rules_award_caps(row->points, 0, cfg->rules.max_points, cfg->rules.max_hours, NULL) ==
	    RC_POINTS_CAP)
		ADD("warning", "over-cap", _("%" PRId64 " points is over the cap of %ld"), row->points,
		    cfg->rules.max_points);
	if (rules_award_caps(0, row->hours, cfg->rules.max_points, cfg->rules.max_hours, NULL) ==
	    RC_HOURS_CAP)
		ADD("warning", "over-cap", _("hours over the cap (rules.max_hours)"));
}

/* The award's activity in its month: sealed, one award per volunteer,
 * participants. */
static void
award_month(struct rows *c, const struct ledger_row *row, int check)
{
	const struct wmsj_config *cfg = c->a->cfg;
	const char *aday = row->date;
	struct open_month *m;
	size_t idx, cnt;
	char where[64];

	if (strmap_get(&c->actday, row->activity, strlen(row->activity), &idx))
		aday = c->acts.rows[idx][AC_DATE];
	if (aday != row->date && rules_activity_unsealed(row->activity, aday, c->sealed, NULL) != RC_OK &&
	    rules_date_unsealed(row->date, c->sealed, NULL) == RC_OK)
		ADD("error", "sealed-month", _("award for activity '%s' of %.10s, written after %s was closed"),
		    row->activity, aday, c->sealed);
	m = open_month_get(&c->om, &c->nom, &c->com, aday);
	if (rules_award_once(NULL, row->volunteer, row->activity,
			     !u64set_op(&m->awards, fp2(row->activity, row->volunteer), 0), 0,
			     NULL) != RC_OK && check)
		ADD("error", "duplicate-award", _("a second award to volunteer '%s' for activity '%s'"),
		    row->volunteer, row->activity);
	cnt = (*strmap_ref(&m->participants, row->activity, strlen(row->activity), NULL))++;
	if ((long)cnt + 1 == cfg->rules.max_participants + 1 && check)
		audit_add(c->a, "warning", "participants", WHERE, row->station, NULL, row->txn,
			  _("activity '%s' has more than %ld participants"), row->activity,
			  cfg->rules.max_participants);
}

/* Awards recorded outside office hours, by one recorder on one day. */
static void
award_burst(struct rows *c, const struct ledger_row *row, int check)
{
	const struct wmsj_config *cfg = c->a->cfg;
	int mins = minutes_of(row->recorded);
	char key[512], where[64];
	size_t cnt;

	if (mins < 0 || (mins >= cfg->rules.office_start && mins < cfg->rules.office_end))
		return;
	/* Rows are appended in recording order: one day's counts at a time. */
	if (strncmp(row->recorded, c->burst_day, 10) > 0) {
		strmap_release(&c->bursts);
		snprintf(c->burst_day, sizeof c->burst_day, "%.10s", row->recorded);
	}
	snprintf(key, sizeof key, "%s|%.10s", row->recorder, row->recorded);
	cnt = (*strmap_ref(&c->bursts, key, strlen(key), NULL))++;
	if ((long)cnt + 1 == cfg->rules.burst && check)
		audit_add(c->a, "warning", "burst", WHERE, row->station, NULL, row->txn,
			  _("%ld awards recorded by '%s' outside office hours on %.10s"),
			  cfg->rules.burst, row->recorder, row->recorded);
}

static void
row_redeem(struct rows *c, const struct ledger_row *row, const struct volunteer *v,
	   const struct account *a)
{
	struct rules_verdict rv;
	char where[64];

	if (row_rule(RULES_REDEEM, v, a, row, &rv) == RW_CLEARED)
		ADD("error", "redeem-cleared", _("redemption by volunteer '%s', cleared in %d"),
		    row->volunteer, rv.year);
	else if (rv.why != RW_OK)
		ADD("error", "redeem-status", _("redemption by volunteer '%s', %s since %.10s"),
		    row->volunteer, wmsj_value_label("status", v->status), v->updated);
}

/* The row's date: not before the bank's first day, not into a month
 * already sealed when it was written. */
static void
row_date(struct rows *c, const struct ledger_row *row)
{
	char where[64];

	if (memcmp(row->date, FIG_DATE_MIN, 10) < 0)
		ADD("error", "date", _("row dated %s, before %s, the earliest date the points bank records"),
		    row->date, FIG_DATE_MIN);
	if (row->kind != LK_CLOSE && rules_date_unsealed(row->date, c->sealed, NULL) != RC_OK)
		ADD("error", "sealed-month", _("row dated %s was written after %s was closed"), row->date,
		    c->sealed);
}
#undef ADD
#undef WHERE

static int
rows_cb(void *arg, const struct ledger_row *rw, struct wmsj_err *err)
{
	struct rows *c = arg;
	const struct ledger_row row = *rw;
	int in_year = c->year == 0 || atoi(row.date) == c->year;
	const struct volunteer *v = NULL;
	const struct account *a = NULL;

	(void)err;
	if (row.volunteer[0] != '\0')
		a = ledger_state_account(c->st, row.volunteer);
	ledger_index_check_row(c->ix, rw, a != NULL ? (size_t)(a - c->st->accounts) : SIZE_MAX);
	ledger_ckpt_check_row(c->ck, rw, c->st);
	audit_first_note(c->a->f->first, row.date);
	row_date(c, &row);
	if (row.kind == LK_CLOSE)
		return row_close(c, &row);
	if (a != NULL)
		v = row_volunteer(c, &row, a, in_year);
	replay_push(c, &row, a);
	if (row.kind == LK_REVERSE)
		row_reverse(c, &row);
	if (row.kind == LK_AWARD) {
		if (in_year && c->full)
			award_rules(c, &row, v, a);
		award_month(c, &row, in_year && c->full);
		award_burst(c, &row, in_year && c->full);
	} else if (row.kind == LK_REDEEM && in_year && c->full) {
		row_redeem(c, &row, v, a);
	} else if (row.kind == LK_REVERSE && row.reverses == LK_AWARD) {
		uint64_t fp = fp2(row.activity, row.volunteer);

		for (size_t i = 0; i < c->nom; i++)
			if (u64set_op(&c->om[i].awards, fp, 1))
				break;
	}
	return WMSJ_OK;
}

static void
rows_release(struct rows *c)
{
	fig_replay_release(&c->replay);
	free(c->dacc);
	free(c->dstock);
	for (size_t i = 0; i < c->nshelves; i++) {
		free(c->shelf_of[i].station);
		free(c->shelf_of[i].item);
	}
	free(c->shelf_of);
	strmap_release(&c->shelves);
	free(c->clears);
	for (size_t i = 0; i < c->nstations; i++)
		free(c->station_codes[i]);
	free(c->station_codes);
	strmap_release(&c->stations);
	free(c->vols);
	open_month_seal(c->om, &c->nom, "9999-12");
	free(c->om);
	free(c->reversed.k);
	strmap_release(&c->bursts);
	strmap_release(&c->actday);
	table_release(&c->acts);
}

/* What the rows say of the ledger's index (ledger_index.h): a derived
 * file, never believed beyond what the chain vouches for; one that is
 * bound to this ledger and says otherwise was made by something else (a
 * stale one is no finding: it is never used, and written again). */
static void
index_finding(struct audit_ctx *a, int r, size_t line)
{
	char where[64];

	if (line > 0)
		audit_ledger_where(where, sizeof where, line);
	else
		snprintf(where, sizeof where, "%s", LEDGER_INDEX_FILE);
	if (r == LIX_CHECK_DIFFERS)
		audit_add(a, "error", "index", where, NULL, NULL, NULL,
			  _("%s is not the index of ledger.csv (a row it lists or leaves out, or its "
			    "stock, differs): it was not written by the tools; delete it, the next "
			    "command writes it again"), LEDGER_INDEX_FILE);
	/* LIX_CHECK_UNBOUND: another ledger's or an older one's, or not an
	 * index: never used, written again by the next command; no finding. */
}

void
audit_rows(struct audit_ctx *a, int year, int full)
{
	size_t line;
	struct rows c;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct wmsj_err err;

	memset(&c, 0, sizeof c);
	c.a = a;
	c.year = year;
	c.full = full;
	c.st = &st;
	strmap_init(&c.bursts);
	strmap_init(&c.actday);
	strmap_init(&c.stations);
	strmap_init(&c.shelves);
	/* Each activity's day: its awards are dated on it and belong to its month. */
	if (table_load(&c.acts, a->dir, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK)
		audit_add(a, "error", "format", ACTIVITY_FILE, NULL, NULL, NULL, "%s", err.msg);
	for (size_t i = 0; i < c.acts.n; i++)
		if (strlen(c.acts.rows[i][AC_DATE]) == 10)
			strmap_put(&c.actday, c.acts.rows[i][AC_ID], strlen(c.acts.rows[i][AC_ID]), i);
	memset(&lo, 0, sizeof lo);
	lo.flags = LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS;
	lo.cb = rows_cb;
	lo.cb_arg = &c;
	ledger_state_init(&st);
	c.ix = ledger_index_check_open(a->dir);
	c.ck = ledger_ckpt_check_open(a->dir);
	if (ledger_state_load(&st, a->dir, &lo, &err) != WMSJ_OK) {
		audit_add(a, "error", "format", LEDGER_FILE, NULL, NULL, NULL, "%s", err.msg);
		(void)ledger_index_check_close(c.ix, &line);
		(void)ledger_ckpt_check_close(c.ck, &line);
	} else {
		int r;

		fig_replay_flush(&c.replay, INT32_MAX, dated_check, &c);
		r = ledger_index_check_close(c.ix, &line);
		index_finding(a, r, line);
		r = ledger_ckpt_check_close(c.ck, &line);
		if (r == LIX_CHECK_DIFFERS) {
			char where[64];

			audit_ledger_where(where, sizeof where, line);
			audit_add(a, "error", "index", where, NULL, NULL, NULL,
				  _("%s is not the ledger's state after this row (a balance, a total or "
				    "a shelf's stock differs): it was not written by the tools; delete "
				    "it, the next command writes it again"), LEDGER_CKPT_FILE);
		}
	}
	ledger_state_release(&st);
	rows_release(&c);
}
