/* Unit tests for ledger_index.c: a volunteer's rows and account through the
 * index equal a full scan's, whether the index is current, behind, far
 * behind, stale, truncated, forged or gone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "fsio.h"
#include "ledger.h"
#include "ledger_index.h"
#include "sidx.h"
#include "util.h"
#include "scratch.h"
#include "ledgergen.h"

#define NVOL 7

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("lidx"), 0);
	assert_int_equal(wmsj_clock_set("2026-06-10", "2026-06-10T09:00:00"), 0);
	ledger_index_off(0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(scratch_remove(), 0);
	return 0;
}

static const char *
vol(int i)
{
	static char v[NVOL][8];

	snprintf(v[i], sizeof v[i], "V%d", i + 1);
	return v[i];
}

static void
append(int n, int first)
{
	ledgergen_append(dir, n, first, NVOL, 28);
}

/* The rows of id by a full scan with no index at all, as "T..;" text. */
static char *
scanned(const char *id)
{
	struct ledger_rows rows;
	struct wmsj_err err;
	struct sb s;
	unsigned how;

	ledger_index_off(1);
	assert_int_equal(ledger_volunteer_rows(dir, id, &rows, &how, &err), WMSJ_OK);
	ledger_index_off(0);
	assert_int_equal(how, LIX_SCANNED);
	sb_init(&s);
	for (size_t i = 0; i < rows.n; i++) {
		sb_adds(&s, rows.r[i].row.raw);
		sb_adds(&s, "\n");
	}
	ledger_rows_release(&rows);
	return sb_detach(&s);
}

/* Every volunteer's rows as the index gives them equal the scan's; the
 * bits of how are OR-ed over the volunteers (the first lookup's alone in
 * first_how). */
static unsigned first_how;

static unsigned
check_all(void)
{
	unsigned all = 0;

	for (int i = 0; i < NVOL + 1; i++) {
		const char *id = i < NVOL ? vol(i) : "V99";
		char *want = scanned(id);
		struct ledger_rows rows;
		struct wmsj_err err;
		struct sb got;
		unsigned how;

		assert_int_equal(ledger_volunteer_rows(dir, id, &rows, &how, &err), WMSJ_OK);
		sb_init(&got);
		for (size_t k = 0; k < rows.n; k++) {
			sb_adds(&got, rows.r[k].row.raw);
			sb_adds(&got, "\n");
		}
		assert_string_equal(got.buf, want);
		sb_release(&got);
		ledger_rows_release(&rows);
		free(want);
		if (i == 0)
			first_how = how;
		all |= how;
	}
	return all;
}

static void
test_current_behind_far_behind(void **state)
{
	unsigned how;

	(void)state;
	append(300, 0);
	/* no index yet: scanned and written; then used */
	how = check_all();
	assert_true(how & LIX_SCANNED);
	assert_true(how & LIX_WRITTEN);
	how = check_all();
	assert_int_equal(how, LIX_USED);
	/* rows since: the tail read from the ledger */
	append(50, 300);
	assert_int_equal(check_all(), LIX_USED);
	/* far behind: the next reader writes a new one from the old and the tail */
	append(LEDGER_INDEX_TAIL + 10, 350);
	how = check_all();
	assert_int_equal(how & (LIX_USED | LIX_WRITTEN | LIX_SCANNED), LIX_USED | LIX_WRITTEN);
	assert_int_equal(check_all(), LIX_USED);
}

static void
test_account_equals_state(void **state)
{
	const char *dates[] = { NULL, "2026-01-15", "2026-03-01", "2025-12-31" };

	(void)state;
	append(400, 0);
	for (size_t d = 0; d < sizeof dates / sizeof dates[0]; d++) {
		struct ledger_state st;
		struct ledger_state_opts o;
		struct wmsj_err err;

		memset(&o, 0, sizeof o);
		o.as_of = dates[d];
		ledger_state_init(&st);
		assert_int_equal(ledger_state_load(&st, dir, &o, &err), WMSJ_OK);
		for (int i = 0; i < NVOL; i++) {
			const struct account *a = ledger_state_account(&st, vol(i));
			struct account b;

			assert_int_equal(ledger_volunteer_account(dir, vol(i), dates[d], &b, NULL, &err),
					 WMSJ_OK);
			if (a == NULL) {
				assert_int_equal(b.rows, 0);
				continue;
			}
			assert_int_equal(a->balance, b.balance);
			assert_int_equal(a->earned, b.earned);
			assert_int_equal(a->redeemed, b.redeemed);
			assert_int_equal(a->cleared, b.cleared);
			assert_int_equal(a->hours, b.hours);
			assert_int_equal(a->cleared_year, b.cleared_year);
			assert_int_equal(a->rows, b.rows);
		}
		ledger_state_release(&st);
	}
}

static void
rewrite_file(const char *name, const char *buf, size_t len)
{
	char *path = fsio_path(dir, name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	free(path);
}

static void
test_damaged_never_believed(void **state)
{
	char *path = fsio_path(dir, LEDGER_INDEX_FILE), *idx, *led;
	size_t ilen, llen;
	struct wmsj_err err;
	unsigned how;

	(void)state;
	append(300, 0);
	check_all();
	assert_int_equal(fsio_read_all(path, &idx, &ilen, &err), WMSJ_OK);
	/* truncated */
	rewrite_file(LEDGER_INDEX_FILE, idx, ilen - 9);
	check_all();
	assert_int_equal(first_how, LIX_SCANNED | LIX_WRITTEN);
	/* one offset changed: its volunteer's rows are not believed */
	idx[ilen - 3] ^= 1;
	rewrite_file(LEDGER_INDEX_FILE, idx, ilen);
	how = check_all();
	assert_true(how & LIX_REJECTED);
	/* stale: bound to a ledger that is no longer there (the ledger cut
	 * back and written again differently) */
	{
		char *lp = fsio_path(dir, LEDGER_FILE);

		assert_int_equal(fsio_read_all(lp, &led, &llen, &err), WMSJ_OK);
		rewrite_file(LEDGER_INDEX_FILE, idx, ilen);   /* the good one, for 300 rows */
		idx[ilen - 3] ^= 1;
		rewrite_file(LEDGER_INDEX_FILE, idx, ilen);
		unlink(lp);
		append(310, 1000);
		check_all();
		assert_int_equal(first_how, LIX_REJECTED | LIX_SCANNED | LIX_WRITTEN);
		free(lp);
		free(led);
	}
	/* gone */
	unlink(path);
	check_all();
	assert_int_equal(first_how, LIX_SCANNED | LIX_WRITTEN);
	free(idx);
	free(path);
}

/* The index rewritten with its digests made again: entry `at` loses its
 * last row (cut), or is given entry `from`'s rows. */
static void
forge(uint64_t at, uint64_t from, int cut)
{
	struct wmsj_err err;
	struct sidx x;
	struct sidx_build b;
	const unsigned char *kf;
	const void *pf;
	uint64_t nf;
	char bind[SIDX_BIND_MAX + 1];

	assert_int_equal(sidx_open(&x, dir, LEDGER_INDEX_FILE, LEDGER_INDEX_KIND, 8), 0);
	assert_int_equal(sidx_entry(&x, from, &kf, &pf, &nf), 0);
	sidx_build_init(&b, LEDGER_INDEX_KIND, 8);
	for (uint64_t i = 0; i < x.nent; i++) {
		const unsigned char *key;
		const void *p;
		uint64_t n;

		assert_int_equal(sidx_entry(&x, i, &key, &p, &n), 0);
		if (i == at && cut)
			n--;
		else if (i == at)
			p = pf, n = nf;
		assert_int_equal(sidx_build_add(&b, key, p, n), 0);
	}
	strcpy(bind, x.bind);
	sidx_close(&x);
	assert_int_equal(sidx_build_write(&b, dir, LEDGER_INDEX_FILE, bind, &err), WMSJ_OK);
	sidx_build_release(&b);
}

/* An index that leaves a row out, its digests made again: the rows it
 * names check out, so a lookup cannot tell — the comparison with the
 * verified chain does (wmsj-audit). */
static void
test_forged_omission_found_by_check(void **state)
{
	struct wmsj_err err;
	int differs;

	(void)state;
	append(200, 0);
	check_all();
	assert_int_equal(ledger_index_rebuild(dir, 1, &differs, &err), WMSJ_OK);
	assert_int_equal(differs, 0);
	forge(2, 2, 1);   /* V2's last row left out */
	assert_int_equal(ledger_index_rebuild(dir, 1, &differs, &err), WMSJ_OK);
	assert_int_equal(differs, 1);
	/* rebuilt: the same as the chain again */
	assert_int_equal(ledger_index_rebuild(dir, 0, &differs, &err), WMSJ_OK);
	assert_int_equal(ledger_index_rebuild(dir, 1, &differs, &err), WMSJ_OK);
	assert_int_equal(differs, 0);
	assert_int_equal(check_all(), LIX_USED);
}

/* An index whose digests are made again over another volunteer's rows:
 * the rows it points to are not that volunteer's, so it is not believed. */
static void
test_forged_offsets_not_believed(void **state)
{
	(void)state;
	append(200, 0);
	check_all();
	forge(1, 2, 0);   /* V1 (the first key after the state's) is given V2's rows */
	check_all();
	assert_int_equal(first_how, LIX_REJECTED | LIX_SCANNED | LIX_WRITTEN);
}

/* The state for some volunteers equals the whole ledger's in what it
 * promises: their accounts, the sealed month, every shelf, and the rows the
 * callback gets are theirs, dated from cb_from. */
struct seen {
	const char *id;
	struct sb rows;
};

static int
seen_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct seen *s = arg;

	(void)err;
	if (s->id == NULL || strcmp(row->volunteer, s->id) == 0) {
		sb_adds(&s->rows, row->txn);
		sb_addc(&s->rows, ';');
	}
	return WMSJ_OK;
}

static void
test_state_for_equals_state(void **state)
{
	struct wmsj_err err;

	(void)state;
	append(600, 0);
	/* a month sealed by a close row: the sealed month comes from it */
	{
		struct ledger_writer *w;
		struct ledger_entry e;

		assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
		memset(&e, 0, sizeof e);
		e.kind = LK_CLOSE;
		e.date = "2026-05-31";
		e.ref = "2026-05";
		e.recorder = "clerk";
		e.note = "rows=0";
		assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
		assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
		ledger_writer_release(w);
	}
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < NVOL; i++) {
			struct ledger_state full, part;
			struct ledger_state_opts o;
			struct seen a, b;
			const char *id = vol(i);

			memset(&o, 0, sizeof o);
			o.cb = seen_cb;
			o.cb_from = "2026-03-01";
			a.id = id;
			sb_init(&a.rows);
			o.cb_arg = &a;
			ledger_state_init(&full);
			assert_int_equal(ledger_state_load(&full, dir, &o, &err), WMSJ_OK);
			b.id = NULL;
			sb_init(&b.rows);
			o.cb_arg = &b;
			ledger_state_init(&part);
			assert_int_equal(ledger_state_load_for(&part, dir, &id, 1, &o, 0, &err), WMSJ_OK);
			assert_true(part.used & LS_USED_INDEX);
			assert_string_equal(a.rows.buf, b.rows.buf);
			assert_string_equal(full.sealed, part.sealed);
			assert_string_equal(full.sealed, "2026-05");
			assert_memory_equal(ledger_state_account(&full, id), ledger_state_account(&part, id),
					    sizeof(struct account));
			assert_int_equal(full.nitems, part.nitems);
			for (size_t k = 0; k < full.nitems; k++)
				assert_int_equal(ledger_state_shelf_stock(&full, full.items[k].station,
									  full.items[k].item),
						 ledger_state_shelf_stock(&part, full.items[k].station,
									  full.items[k].item));
			assert_int_equal(full.last_seq, part.last_seq);
			ledger_state_release(&full);
			ledger_state_release(&part);
			sb_release(&a.rows);
			sb_release(&b.rows);
		}
		/* the second round with rows after the index (its tail) */
		append(30, 2000);
	}
	/* others: rows of anyone dated after cb_from are wanted, and there
	 * are some: the whole ledger is read (no LS_USED_INDEX) */
	{
		struct ledger_state st;
		struct ledger_state_opts o;
		struct seen a;
		const char *id = vol(0);

		memset(&o, 0, sizeof o);
		o.cb = seen_cb;
		o.cb_from = "2026-01-05";
		a.id = NULL;
		sb_init(&a.rows);
		o.cb_arg = &a;
		ledger_state_init(&st);
		assert_int_equal(ledger_state_load_for(&st, dir, &id, 1, &o, 1, &err), WMSJ_OK);
		assert_false(st.used & LS_USED_INDEX);
		ledger_state_release(&st);
		sb_release(&a.rows);
	}
}

/* An application's decision by its id: the award whose ref names it, and
 * nothing else, through the index and from its tail. */
static void
test_application_rows(void **state)
{
	struct wmsj_err err;
	const char *ids[2] = { "\002P000002", "\002P000009" };

	(void)state;
	append(100, 0);
	for (int round = 0; round < 2; round++) {
		struct ledger_writer *w;
		struct ledger_entry e;
		char ref[16];

		assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
		for (int k = 1; k <= 3; k++) {
			memset(&e, 0, sizeof e);
			e.kind = LK_AWARD;
			e.date = "2026-05-20";
			e.volunteer = vol(k);
			e.points = 5;
			e.recorder = "clerk";
			snprintf(ref, sizeof ref, "P%06d", round * 3 + k);
			e.ref = ref;
			assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
		}
		assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
		ledger_writer_release(w);
		check_all();   /* the index covers round 0's rows; round 1's are its tail */
	}
	{
		struct ledger_state st;
		struct ledger_state_opts o;
		struct seen a;

		memset(&o, 0, sizeof o);
		o.cb = seen_cb;
		a.id = NULL;
		sb_init(&a.rows);
		o.cb_arg = &a;
		ledger_state_init(&st);
		assert_int_equal(ledger_state_load_for(&st, dir, ids, 2, &o, 0, &err), WMSJ_OK);
		assert_true(st.used & LS_USED_INDEX);
		/* P000002 is round 0's second award (T00000102), P000009 none */
		assert_string_equal(a.rows.buf, "T00000102;");
		ledger_state_release(&st);
		sb_release(&a.rows);
	}
	{
		struct ledger_state st;
		struct ledger_state_opts o;
		struct seen a;
		const char *five = "\002P000005";

		memset(&o, 0, sizeof o);
		o.cb = seen_cb;
		a.id = NULL;
		sb_init(&a.rows);
		o.cb_arg = &a;
		ledger_state_init(&st);
		assert_int_equal(ledger_state_load_for(&st, dir, &five, 1, &o, 0, &err), WMSJ_OK);
		assert_string_equal(a.rows.buf, "T00000105;");   /* from the tail */
		ledger_state_release(&st);
		sb_release(&a.rows);
	}
	/* the audit's comparison knows these lists too */
	{
		int differs;

		assert_int_equal(ledger_index_rebuild(dir, 1, &differs, &err), WMSJ_OK);
		assert_int_equal(differs, 0);
	}
}

/* ---- the audit's comparison, keyed by the caller's account numbers ---- */

struct ck {
	struct lix_check *k;
	struct ledger_state *st;
	int hinted;
};

static int
ck_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct ck *c = arg;
	const struct account *a = NULL;

	(void)err;
	if (row->volunteer[0] != '\0')
		a = ledger_state_account(c->st, row->volunteer);
	ledger_index_check_row(c->k, row,
			       c->hinted && a != NULL ? (size_t)(a - c->st->accounts) : SIZE_MAX);
	return WMSJ_OK;
}

/* What wmsj-audit's row pass says of the index: LIX_CHECK_*, *line. */
static int
audit_check(int hinted, size_t *line)
{
	struct ledger_state st;
	struct ledger_state_opts o;
	struct wmsj_err err;
	struct ck c;

	memset(&o, 0, sizeof o);
	o.flags = LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS;
	o.cb = ck_cb;
	o.cb_arg = &c;
	c.st = &st;
	c.hinted = hinted;
	ledger_state_init(&st);
	c.k = ledger_index_check_open(dir);
	assert_int_equal(ledger_state_load(&st, dir, &o, &err), WMSJ_OK);
	ledger_state_release(&st);
	return ledger_index_check_close(c.k, line);
}

/* The row pass's comparison gives the same verdict and the same first
 * line whether it looks volunteers up by id on every row or by the
 * account number it was given: intact, a row left out (V1's last, V3's
 * last), a volunteer given another's rows (V1 V2's, V2 V1's), the kept
 * state cut short (found at the end: no line).  Entry 0 is the state
 * (its key sorts first), then V1..V7. */
static void
test_audit_check_by_account(void **state)
{
	static const struct {
		int forged, cut;
		uint64_t at, from;
		int want, has_line;
	} cases[] = {
		{ 0, 0, 0, 0, LIX_CHECK_OK, 0 },
		{ 1, 1, 1, 1, LIX_CHECK_DIFFERS, 1 },
		{ 1, 1, 3, 3, LIX_CHECK_DIFFERS, 1 },
		{ 1, 0, 1, 2, LIX_CHECK_DIFFERS, 1 },
		{ 1, 0, 2, 1, LIX_CHECK_DIFFERS, 1 },
		{ 1, 1, 0, 0, LIX_CHECK_DIFFERS, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t by_id, by_acct;
		int r;

		assert_int_equal(scratch_remove(), 0);
		assert_int_equal(scratch_make("lidx"), 0);
		append(200, 0);
		check_all();
		if (cases[i].forged)
			forge(cases[i].at, cases[i].from, cases[i].cut);
		r = audit_check(0, &by_id);
		assert_int_equal(r, cases[i].want);
		assert_int_equal(audit_check(1, &by_acct), r);
		assert_int_equal(by_acct, by_id);
		assert_int_equal(by_id > 1, cases[i].has_line);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_current_behind_far_behind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_equals_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_never_believed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_omission_found_by_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_offsets_not_believed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_for_equals_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_application_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_check_by_account, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
