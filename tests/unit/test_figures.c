/* Unit tests for figures.c: each figure's definition, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "figures.h"
#include "clock.h"
#include "fsio.h"
#include "ledger.h"
#include "util.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("figures"), 0);
	assert_int_equal(wmsj_clock_set("2026-11-22", "2026-11-22T10:00:00"), 0);
	ledger_no_snapshot(0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(scratch_remove(), 0);
	return 0;
}

static void
test_date_check(void **state)
{
	static const struct { const char *date; int status; } t[] = {
		{ "0001-01-01", WMSJ_REFUSED }, { "1999-12-31", WMSJ_REFUSED },
		{ "2000-01-01", WMSJ_OK }, { "2026-11-22", WMSJ_OK }, { "9999-12-31", WMSJ_OK },
	};
	struct wmsj_err err;

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_int_equal(fig_date_check(t[i].date, &err), t[i].status);
		if (t[i].status != WMSJ_OK)
			assert_non_null(strstr(err.msg, "earliest date"));
	}
}

static void
test_cleared_in(void **state)
{
	static const struct { int cleared_year, year, want; } t[] = {
		{ 0, 2026, 0 }, { 2026, 2026, 1 }, { 2026, 2027, 0 }, { 2025, 2026, 0 },
		{ 2026, 2025, 0 },
	};
	struct account a;

	(void)state;
	assert_int_equal(fig_cleared_in(NULL, 2026), 0);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&a, 0, sizeof a);
		a.cleared_year = t[i].cleared_year;
		assert_int_equal(fig_cleared_in(&a, t[i].year), t[i].want);
	}
}

static void
test_station_member(void **state)
{
	static const struct { const char *station, *status; int want; } t[] = {
		{ "S1", "active", 1 }, { "S2", "active", 0 }, { "S1", "suspended", 1 },
		{ "S1", "withdrawn", 0 }, { "S2", "suspended", 0 },
	};
	struct vregister reg;

	(void)state;
	memset(&reg, 0, sizeof reg);
	reg.v = xcalloc(sizeof t / sizeof t[0], sizeof *reg.v);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct volunteer *v = &reg.v[i];

		v->station = (char *)t[i].station;
		v->status = (char *)t[i].status;
		assert_int_equal(fig_station_member(v, "S1"), t[i].want);
	}
	reg.n = sizeof t / sizeof t[0];
	assert_int_equal(fig_station_volunteers(&reg, "S1"), 2);
	assert_int_equal(fig_station_volunteers(&reg, "S2"), 2);
	free(reg.v);
}

/* The dated replay: what goes in in entry order comes out in (date, seq)
 * order, up to the date asked, the rest kept for later. */
struct seen {
	uint64_t seq[16];
	size_t n;
};

static int
seen_cb(void *arg, const struct fig_event *e)
{
	struct seen *s = arg;

	s->seq[s->n++] = e->seq;
	return WMSJ_OK;
}

static void
test_replay(void **state)
{
	static const struct {
		int32_t date[8];           /* by seq 1.., 0 ends */
		int32_t upto;
		uint64_t want[8];          /* 0 ends */
		uint64_t rest[8];          /* after a final flush */
	} t[] = {
		/* in order: nothing sorted */
		{ { 20261001, 20261002, 20261003, 0 }, 20261002, { 1, 2, 0 }, { 3, 0 } },
		/* a backdated row goes before, ties stay in entry order */
		{ { 20261010, 20261020, 20261010, 20261005, 0 }, 20261031, { 4, 1, 3, 2, 0 }, { 0 } },
		/* late rows beyond the flush date are kept, in order */
		{ { 20261101, 20261001, 20261102, 20261030, 20261015, 0 }, 20261031,
		  { 2, 5, 4, 0 }, { 1, 3, 0 } },
		/* nothing due */
		{ { 20261201, 20261130, 0 }, 20261031, { 0 }, { 2, 1, 0 } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct fig_replay r;
		struct seen s;
		size_t k;

		memset(&r, 0, sizeof r);
		memset(&s, 0, sizeof s);
		for (k = 0; t[i].date[k] != 0; k++) {
			struct fig_event e;

			memset(&e, 0, sizeof e);
			e.seq = k + 1;
			e.date = t[i].date[k];
			fig_replay_push(&r, &e);
		}
		assert_int_equal(fig_replay_flush(&r, t[i].upto, seen_cb, &s), WMSJ_OK);
		for (k = 0; t[i].want[k] != 0; k++)
			assert_int_equal(s.seq[k], t[i].want[k]);
		assert_int_equal(s.n, k);
		memset(&s, 0, sizeof s);
		assert_int_equal(fig_replay_flush(&r, INT32_MAX, seen_cb, &s), WMSJ_OK);
		for (k = 0; t[i].rest[k] != 0; k++)
			assert_int_equal(s.seq[k], t[i].rest[k]);
		assert_int_equal(s.n, k);
		fig_replay_release(&r);
	}
}

static struct ledger_entry
row(enum ledger_kind kind, const char *vol, const char *date, int64_t points, const char *item,
    int64_t qty)
{
	struct ledger_entry e;

	memset(&e, 0, sizeof e);
	e.kind = kind;
	e.reverses = LK_NONE;
	e.date = date;
	e.volunteer = vol;
	e.station = "610724109201";
	e.points = points;
	e.item = item;
	e.qty = qty;
	e.activity = kind == LK_AWARD ? "A1" : NULL;
	e.ref = kind == LK_CLEAR ? "A" : NULL;
	e.recorder = "王芳";
	e.certifier = kind == LK_AWARD ? "王芳" : NULL;
	e.supervisor = kind == LK_AWARD ? "李明" : NULL;
	return e;
}

/* The balance and the stock on a date and their least value from it on. */
static void
test_load_dated(void **state)
{
	static const struct {
		const char *date;
		int64_t at, min;
		const char *min_date, *last, *cleared;
		int64_t s_at, s_min;
		const char *s_min_date;
	} t[] = {
		{ "2026-10-01", 0, 0, "2026-10-01", "2026-10-30", "", 5, 4, "2026-10-25" },
		{ "2026-10-10", 5, 5, "2026-10-10", "2026-10-30", "", 5, 4, "2026-10-25" },
		{ "2026-10-20", 15, 5, "2026-10-25", "2026-10-30", "", 5, 4, "2026-10-25" },
		{ "2026-10-25", 5, 5, "2026-10-25", "2026-10-30", "", 4, 4, "2026-10-25" },
		{ "2026-10-26", 5, 5, "2026-10-26", "2026-10-30", "", 4, 4, "2026-10-26" },
		{ "2026-10-31", 5, 5, "2026-10-31", "", "", 4, 4, "2026-10-31" },
	};
	struct ledger_writer *w;
	struct wmsj_err err;
	struct ledger_entry e[] = {
		row(LK_STOCK, NULL, "2026-10-01", 0, "G06", 5),
		row(LK_AWARD, "V1", "2026-10-20", 10, NULL, 0),
		row(LK_AWARD, "V1", "2026-10-10", 5, NULL, 0),
		row(LK_REDEEM, "V1", "2026-10-25", -10, "G06", -1),
		row(LK_AWARD, "V2", "2026-10-30", 7, NULL, 0),
		row(LK_CLEAR, "V2", "2026-10-30", -7, NULL, 0),
		row(LK_AWARD, "V1", "2026-10-30", 0, NULL, 0),
	};

	(void)state;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		assert_int_equal(ledger_writer_add(w, &e[i], NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct ledger_state st;
		struct fig_dated v, s;

		ledger_state_init(&st);
		assert_int_equal(fig_load_dated(&st, dir, t[i].date, "V1", "G06", &v, &s, &err), WMSJ_OK);
		assert_int_equal(v.at, t[i].at);
		assert_int_equal(v.min, t[i].min);
		assert_string_equal(v.min_date, t[i].min_date);
		assert_string_equal(v.last, t[i].last);
		assert_string_equal(v.cleared, t[i].cleared);
		assert_int_equal(s.at, t[i].s_at);
		assert_int_equal(s.min, t[i].s_min);
		assert_string_equal(s.min_date, t[i].s_min_date);
		ledger_state_release(&st);
	}
	{
		struct ledger_state st;
		struct fig_dated v;

		ledger_state_init(&st);
		assert_int_equal(fig_load_dated(&st, dir, "2026-10-29", "V2", NULL, &v, NULL, &err), WMSJ_OK);
		assert_string_equal(v.cleared, "2026-10-30");
		assert_int_equal(v.min, 0);
		ledger_state_release(&st);
	}
}

/* Stock per shelf: a row's station is its shelf ("" the institute's); a
 * station's exchange point gives out from its own shelf, or, with one
 * shared point, from every shelf together; the dated figures of a shelf
 * see its rows only; stations' stock adds up to the town's. */
static void
test_shelves(void **state)
{
	static const char A[] = "610724109201", B[] = "610724109202";
	static const struct {
		const char *shelf;    /* NULL: every shelf */
		const char *item, *date;
		int64_t now, at, min;
		const char *min_date;
	} t[] = {
		{ A, "G06", "2026-10-01", 3, 5, 3, "2026-10-20" },
		{ B, "G06", "2026-10-01", 1, 0, 0, "2026-10-01" },
		{ B, "G06", "2026-10-15", 1, 2, 1, "2026-10-20" },
		{ "", "G06", "2026-10-01", 4, 4, 4, "2026-10-01" },
		{ NULL, "G06", "2026-10-01", 8, 9, 8, "2026-10-20" },
		{ A, "G01", "2026-10-01", 0, 0, 0, "2026-10-01" },
		{ B, "G01", "2026-10-30", 1, 1, 1, "2026-10-30" },
	};
	static const struct { int shared; int64_t a, b, rest; } fs_t[] = {
		{ 0, 3, 2, 4 },   /* A: G06 3; B: G06 1 + G01 1; the institute's: 4 */
		{ 1, 0, 0, 9 },   /* one shared shelf: the town's */
	};
	struct wmsj_station stations[2];
	struct wmsj_config cfg;
	struct ledger_writer *w;
	struct wmsj_err err;
	struct ledger_entry e[] = {
		row(LK_STOCK, NULL, "2026-10-01", 0, "G06", 5),
		row(LK_STOCK, NULL, "2026-10-10", 0, "G06", 2),
		row(LK_STOCK, NULL, "2026-10-01", 0, "G06", 4),
		row(LK_AWARD, "V1", "2026-10-01", 50, NULL, 0),
		row(LK_REDEEM, "V1", "2026-10-20", -20, "G06", -2),
		row(LK_REDEEM, "V2", "2026-10-20", -10, "G06", -1),
		row(LK_STOCK, NULL, "2026-10-30", 0, "G01", 1),
	};
	const char *station[] = { A, B, "", A, A, B, B };
	struct ledger_state st;

	(void)state;
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		e[i].station = station[i];
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		assert_int_equal(ledger_writer_add(w, &e[i], NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct fig_dated s;

		ledger_state_init(&st);
		assert_int_equal(fig_load_dated_shelf(&st, dir, t[i].date, NULL, t[i].item, t[i].shelf,
						      NULL, &s, &err), WMSJ_OK);
		assert_int_equal(ledger_state_shelf_stock(&st, t[i].shelf, t[i].item), t[i].now);
		assert_int_equal(s.at, t[i].at);
		assert_int_equal(s.min, t[i].min);
		assert_string_equal(s.min_date, t[i].min_date);
		ledger_state_release(&st);
	}
	ledger_state_init(&st);
	assert_int_equal(ledger_state_load(&st, dir, NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_state_stock(&st, "G06"), 8);
	assert_int_equal(fig_shelf_total(&st, A), 3);
	assert_int_equal(fig_shelf_total(&st, NULL), 9);
	ledger_state_release(&st);

	memset(&cfg, 0, sizeof cfg);
	memset(stations, 0, sizeof stations);
	stations[0].code = (char *)A;
	stations[1].code = (char *)B;
	cfg.stations = stations;
	cfg.nstations = 2;
	for (size_t i = 0; i < sizeof fs_t / sizeof fs_t[0]; i++) {
		struct fig_station fs[3];

		cfg.exchange_shared = fs_t[i].shared;
		assert_true(fig_shelf(&cfg, A) == (fs_t[i].shared ? NULL : A));
		assert_int_equal(fig_stations(dir, &cfg, NULL, NULL, "2026-01-01", "2026-12-31", fs,
					      &err), WMSJ_OK);
		assert_int_equal(fs[0].stock, fs_t[i].a);
		assert_int_equal(fs[1].stock, fs_t[i].b);
		assert_int_equal(fs[2].stock, fs_t[i].rest);
		assert_null(fs[2].code);
		assert_int_equal(fs[0].stock + fs[1].stock + fs[2].stock, 9);
	}
}

/* The latest-dated clearing decides, whatever the order of entry. */
static void
test_latest_dated_clearing(void **state)
{
	static const struct { const char *first, *second; int want; } t[] = {
		{ "2026-01-05", "2025-12-20", 2026 },
		{ "2025-12-20", "2026-01-05", 2026 },
		{ "2026-01-05", "2026-03-01", 2026 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct ledger_state st;
		struct ledger_entry a = row(LK_CLEAR, "V1", t[i].first, 0, NULL, 0);
		struct ledger_entry b = row(LK_CLEAR, "V1", t[i].second, 0, NULL, 0);
		struct wmsj_err err;

		ledger_state_init(&st);
		assert_int_equal(ledger_state_apply_entry(&st, &a, 1, &err), WMSJ_OK);
		assert_int_equal(ledger_state_apply_entry(&st, &b, 2, &err), WMSJ_OK);
		assert_int_equal(ledger_state_account(&st, "V1")->cleared_year, t[i].want);
		assert_int_equal(fig_cleared_in(ledger_state_account(&st, "V1"), t[i].want), 1);
		ledger_state_release(&st);
	}
}

static struct ledger_entry
at(struct ledger_entry e, const char *station, int64_t centi)
{
	e.station = station;
	e.hours = centi;
	return e;
}

static struct ledger_entry
reversal(const char *txn, const char *vol, const char *date, const char *station, int64_t points,
	 int64_t centi)
{
	struct ledger_entry e = row(LK_REVERSE, vol, date, points, NULL, 0);

	e.reverses = LK_AWARD;
	e.ref = txn;
	e.station = station;
	e.hours = centi;
	e.approver = "所长";
	return e;
}

/* A station's figures by the row's station; a volunteer's year with the
 * reversals of its awards, whenever dated. */
static void
test_year_and_stations(void **state)
{
	static const char SA[] = "610724109201", SB[] = "610724109202";
	struct wmsj_station stations[2] = { { (char *)SA, (char *)"A", 100, NULL, 0, NULL },
					    { (char *)SB, (char *)"B", 100, NULL, 0, NULL } };
	struct wmsj_config cfg;
	struct ledger_writer *w;
	struct wmsj_err err;
	struct ledger_entry e[] = {
		at(row(LK_AWARD, "V1", "2025-12-10", 10, NULL, 0), SA, 800),    /* T1 */
		at(row(LK_AWARD, "V2", "2025-12-10", 10, NULL, 0), SA, 100),    /* T2 */
		reversal("T00000001", "V1", "2026-01-10", SA, -10, -800),       /* T3 */
		at(row(LK_AWARD, "V1", "2026-03-01", 5, NULL, 0), SB, 100),     /* T4: moved */
		at(row(LK_AWARD, "V3", "2026-03-01", 7, NULL, 0), SA, 100),     /* T5 */
		at(row(LK_CLEAR, "V3", "2026-04-01", -7, NULL, 0), SA, 0),      /* T6 */
		at(row(LK_AWARD, "V2", "2026-03-02", 4, NULL, 0), SA, 100),     /* T7 */
		reversal("T00000007", "V2", "2026-03-05", SA, -4, -100),        /* T8 */
	};
	static const struct {
		int year;
		const char *id;
		int found;
		int64_t earned, hours;
		int cleared;
	} yt[] = {
		{ 2025, "V1", 1, 0, 0, 0 }, { 2025, "V2", 1, 10, 100, 0 }, { 2025, "V3", 0, 0, 0, 0 },
		{ 2026, "V1", 1, 5, 100, 0 }, { 2026, "V2", 1, 0, 0, 0 }, { 2026, "V3", 1, 7, 100, 1 },
	};
	static const struct {
		int year;
		int64_t a_earned, b_earned;
	} ys[] = { { 2025, 10, 0 }, { 2026, 7, 5 } };
	static const struct {
		const char *from, *to;
		size_t st;
		uint64_t awards, reversals;
		int64_t earned, cleared, hours;
		size_t awarded;
	} st[] = {
		{ "2026-03-01", "2026-03-31", 0, 2, 1, 7, 0, 100, 2 },
		{ "2026-03-01", "2026-03-31", 1, 1, 0, 5, 0, 100, 1 },
		{ "2026-01-01", "2026-01-31", 0, 0, 1, -10, 0, -800, 0 },
		{ "2026-01-01", "2026-12-31", 0, 2, 2, -3, 7, -700, 2 },
	};

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.stations = stations;
	cfg.nstations = 2;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		assert_int_equal(ledger_writer_add(w, &e[i], NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
	for (size_t i = 0; i < sizeof yt / sizeof yt[0]; i++) {
		struct fig_year y;
		const struct fig_year_vol *v;

		assert_int_equal(fig_year(&y, dir, &cfg, yt[i].year, &err), WMSJ_OK);
		v = fig_year_get(&y, yt[i].id);
		assert_int_equal(v != NULL, yt[i].found);
		if (v != NULL) {
			assert_int_equal(v->earned, yt[i].earned);
			assert_int_equal(v->hours, yt[i].hours);
			assert_int_equal(v->cleared, yt[i].cleared);
		}
		fig_year_release(&y);
	}
	for (size_t i = 0; i < sizeof ys / sizeof ys[0]; i++) {
		struct fig_year y;

		assert_int_equal(fig_year(&y, dir, &cfg, ys[i].year, &err), WMSJ_OK);
		assert_int_equal(y.st[0].earned, ys[i].a_earned);
		assert_int_equal(y.st[1].earned, ys[i].b_earned);
		fig_year_release(&y);
	}
	for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
		struct fig_station fs[3];   /* the stations, then the rest (figures.h) */
		const struct fig_station *f = &fs[st[i].st];

		assert_int_equal(fig_stations(dir, &cfg, NULL, NULL, st[i].from, st[i].to, fs, &err),
				 WMSJ_OK);
		assert_int_equal(f->awards, st[i].awards);
		assert_int_equal(f->reversals, st[i].reversals);
		assert_int_equal(f->earned, st[i].earned);
		assert_int_equal(f->cleared, st[i].cleared);
		assert_int_equal(f->hours, st[i].hours);
		assert_int_equal(f->awarded, st[i].awarded);
	}
}

/* A volunteer's statement: the rows in (date, txn) order, the running
 * balance after each; another volunteer's rows left out.  (A balance that
 * overflows, BADDATA, needs millions of rows of LEDGER_POINTS_MAX.) */
static void
test_statement(void **state)
{
	static const struct { const char *txn, *date; int64_t balance; } want[] = {
		{ "T00000003", "2026-10-10", 5 }, { "T00000002", "2026-10-20", 15 },
		{ "T00000004", "2026-10-20", 5 }, { "T00000007", "2026-10-30", 5 },
	};
	struct ledger_writer *w;
	struct wmsj_err err;
	struct fig_statement s;
	struct ledger_entry e[] = {
		row(LK_STOCK, NULL, "2026-10-01", 0, "G06", 5),
		row(LK_AWARD, "V1", "2026-10-20", 10, NULL, 0),
		row(LK_AWARD, "V1", "2026-10-10", 5, NULL, 0),
		row(LK_REDEEM, "V1", "2026-10-20", -10, "G06", -1),
		row(LK_AWARD, "V2", "2026-10-05", 7, NULL, 0),
		row(LK_AWARD, "V3", "2026-10-05", 3, NULL, 0),
		row(LK_AWARD, "V1", "2026-10-30", 0, NULL, 0),
		row(LK_AWARD, "V3", "2026-10-01", 1, NULL, 0),
	};

	(void)state;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		assert_int_equal(ledger_writer_add(w, &e[i], NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
	assert_int_equal(fig_statement_load(&s, dir, "V1", &err), WMSJ_OK);
	assert_int_equal(s.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < s.n; i++) {
		assert_string_equal(s.r[i].row->txn, want[i].txn);
		assert_string_equal(s.r[i].row->date, want[i].date);
		assert_string_equal(s.r[i].row->volunteer, "V1");
		assert_int_equal(s.r[i].balance, want[i].balance);
	}
	fig_statement_release(&s);
	assert_int_equal(fig_statement_load(&s, dir, "V9", &err), WMSJ_OK);
	assert_int_equal(s.n, 0);
	fig_statement_release(&s);
	assert_int_equal(fig_statement_load(&s, dir, "V3", &err), WMSJ_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.r[0].row->txn, "T00000008");
	assert_int_equal(s.r[0].balance, 1);
	assert_string_equal(s.r[1].row->txn, "T00000006");
	assert_int_equal(s.r[1].balance, 4);
	fig_statement_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_check),
		cmocka_unit_test(test_cleared_in),
		cmocka_unit_test(test_station_member),
		cmocka_unit_test(test_replay),
		cmocka_unit_test_setup_teardown(test_load_dated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shelves, setup, teardown),
		cmocka_unit_test(test_latest_dated_clearing),
		cmocka_unit_test_setup_teardown(test_year_and_stations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statement, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
