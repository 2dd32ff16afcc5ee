/* Unit tests for seal.c: closing months, snapshots equal to full scans,
 * forged and stale snapshots never believed. */
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
#include <openssl/sha.h>

#include "clock.h"
#include "fsio.h"
#include "ledger.h"
#include "seal.h"
#include "util.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("seal"), 0);
	assert_int_equal(wmsj_clock_set("2026-04-10", "2026-04-10T09:00:00"), 0);
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
add(struct ledger_writer *w, enum ledger_kind k, const char *vol, const char *date, int64_t points,
    int64_t hours, const char *item, int64_t qty, const char *ref, enum ledger_kind rev)
{
	struct ledger_entry e;
	struct wmsj_err err;

	memset(&e, 0, sizeof e);
	e.kind = k;
	e.reverses = rev;
	e.volunteer = vol;
	e.date = date;
	e.points = points;
	e.hours = hours;
	e.item = item;
	e.qty = qty;
	e.ref = ref;
	/* goods on two shelves: a station's and the institute's */
	if (k == LK_STOCK || k == LK_REDEEM)
		e.station = date[9] % 2 ? "610724109201" : "";
	e.recorder = "clerk";
	if (ledger_writer_add(w, &e, NULL, &err) != WMSJ_OK)
		fail_msg("add: %s", err.msg);
}

/* Some months of activity for volunteers V1..V6; day d of month m. */
static void
month_rows(struct ledger_writer *w, int m, int from_day, int to_day)
{
	char date[16], vol[8];

	for (int d = from_day; d <= to_day; d++) {
		snprintf(date, sizeof date, "2026-%02d-%02d", m, d);
		snprintf(vol, sizeof vol, "V%d", 1 + (d + m) % 6);
		add(w, LK_AWARD, vol, date, 10 + d, 100 + d, NULL, 0, NULL, LK_NONE);
		if (d % 7 == 0)
			add(w, LK_REDEEM, vol, date, -5, 0, "G01", -1, NULL, LK_NONE);
		if (d == 3)
			add(w, LK_STOCK, NULL, date, 0, 0, "G01", 20, NULL, LK_NONE);
	}
}

static void
commit(struct ledger_writer *w)
{
	struct wmsj_err err;

	if (ledger_writer_commit(w, &err) != WMSJ_OK)
		fail_msg("commit: %s", err.msg);
}

static void
close_month(struct ledger_writer *w, const char *m, struct seal_result *res)
{
	struct wmsj_err err;

	if (seal_close(w, m, "会计", res, &err) != WMSJ_OK)
		fail_msg("close %s: %s", m, err.msg);
}

/* Build: Jan rows, a few Feb rows, close Jan, more Feb, a Jan-dated row
 * after the seal (a writer that broke the rule), close Feb, March, April. */
static void
build(struct seal_result *r1, struct seal_result *r2)
{
	struct ledger_writer *w;
	struct wmsj_err err;

	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	month_rows(w, 1, 1, 31);
	add(w, LK_CLEAR, "V3", "2026-01-30", -40, 0, NULL, 0, "A", LK_NONE);
	month_rows(w, 2, 1, 4);
	commit(w);
	close_month(w, "2026-01", r1);
	month_rows(w, 2, 5, 28);
	add(w, LK_REVERSE, "V2", "2026-02-20", -11, -101, NULL, 0, "T00000001", LK_AWARD);
	add(w, LK_AWARD, "V6", "2026-01-31", 7, 0, NULL, 0, NULL, LK_NONE);
	commit(w);
	close_month(w, "2026-02", r2);
	month_rows(w, 3, 1, 31);
	month_rows(w, 4, 1, 9);
	commit(w);
	ledger_writer_release(w);
}

static void
load(struct ledger_state *st, const char *as_of, const char *pf, const char *pt, unsigned flags)
{
	struct ledger_state_opts o;
	struct wmsj_err err;

	memset(&o, 0, sizeof o);
	o.as_of = as_of;
	o.period_from = pf;
	o.period_to = pt;
	o.flags = flags;
	ledger_state_init(st);
	if (ledger_state_load(st, dir, &o, &err) != WMSJ_OK)
		fail_msg("load: %s", err.msg);
}

static void
same_state(const struct ledger_state *a, const struct ledger_state *b)
{
	assert_int_equal(a->naccounts, b->naccounts);
	for (size_t i = 0; i < a->naccounts; i++) {
		const struct account *x = &a->accounts[i];
		const struct account *y = ledger_state_account(b, a->ids[i]);

		assert_non_null(y);
		assert_int_equal(x->earned, y->earned);
		assert_int_equal(x->redeemed, y->redeemed);
		assert_int_equal(x->cleared, y->cleared);
		assert_int_equal(x->balance, y->balance);
		assert_int_equal(x->hours, y->hours);
		assert_int_equal(x->cleared_year, y->cleared_year);
		assert_int_equal(x->p_earned, y->p_earned);
		assert_int_equal(x->p_redeemed, y->p_redeemed);
		assert_int_equal(x->p_hours, y->p_hours);
	}
	assert_int_equal(a->nitems, b->nitems);
	for (size_t i = 0; i < a->nitems; i++)
		assert_int_equal(a->items[i].qty, ledger_state_shelf_stock(b, a->items[i].station,
									   a->items[i].item));
	assert_memory_equal(&a->total, &b->total, sizeof a->total);
	assert_memory_equal(&a->period, &b->period, sizeof a->period);
	assert_string_equal(a->sealed, b->sealed);
	assert_int_equal(a->last_seq, b->last_seq);
	assert_string_equal(a->last_hash, b->last_hash);
	assert_int_equal(a->after_offset, b->after_offset);
	assert_int_equal(a->after_seq, b->after_seq);
	assert_string_equal(a->after_prev_hash, b->after_prev_hash);
}

/* Load with and without snapshots; expect the snapshot month used. */
static void
check_equal(const char *as_of, const char *pf, const char *pt, const char *used)
{
	struct ledger_state full, fast;

	load(&full, as_of, pf, pt, LEDGER_NO_SNAPSHOT);
	load(&fast, as_of, pf, pt, LEDGER_VERIFY);
	assert_int_equal(full.used, 0);
	same_state(&full, &fast);
	if (used == NULL) {
		assert_int_equal(fast.used & LS_USED_SNAPSHOT, 0);
	} else {
		assert_true(fast.used & LS_USED_SNAPSHOT);
		assert_string_equal(fast.snapshot_month, used);
		assert_true(fast.rows_read < full.rows_read);
	}
	assert_int_equal(fast.used & LS_SNAPSHOT_REJECTED, 0);
	ledger_state_release(&full);
	ledger_state_release(&fast);
}

static void
test_close_and_equal(void **state)
{
	struct seal_result r1, r2;
	struct seal_info si;
	struct ledger_totals t;
	struct ledger_state st;
	struct wmsj_err err;
	struct stat sb;
	char h[65], *p;

	(void)state;
	build(&r1, &r2);
	/* January: 31 awards of 11..41 points, the clear. */
	assert_int_equal(r1.month.earned, (11 + 41) * 31 / 2);
	assert_int_equal(r1.month.cleared, 40);
	assert_int_equal(r1.month.awards, 31);
	assert_int_equal(r1.month.redeems, 4);
	p = fsio_path(dir, "seals/2026-01.csv");
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	free(p);

	assert_int_equal(seal_verify(dir, "2026-02", &si, &err), WMSJ_OK);
	assert_string_equal(si.close_hash, r2.hash);
	assert_string_equal(si.file_hash, r2.snapshot_hash);
	{
		struct ledger_found f;

		assert_int_equal(ledger_find_txn(dir, si.close_seq, &f, NULL, &err), WMSJ_OK);
		assert_int_equal(f.row.kind, LK_CLOSE);
		assert_string_equal(f.row.ref, "2026-02");
		assert_string_equal(f.row.date, "2026-02-28");
		assert_string_equal(f.row.txn, r2.txn);
		assert_int_equal(seal_parse_note(f.row.note, &t, h), 0);
		assert_string_equal(h, r2.snapshot_hash);
		assert_int_equal(t.earned, r2.month.earned);
		assert_int_equal(t.hours, r2.month.hours);
		ledger_found_release(&f);
	}

	check_equal(NULL, NULL, NULL, "2026-02");
	check_equal("2026-04-05", "2026-03-01", "2026-03-31", "2026-02");
	check_equal("2026-03-31", "2026-03-01", "2026-03-31", "2026-02");
	check_equal("2026-02-28", NULL, NULL, "2026-02");
	check_equal("2026-02-27", NULL, NULL, "2026-01");
	check_equal("2026-02-27", "2026-02-01", "2026-02-27", "2026-01");
	check_equal("2026-02-27", "2026-01-15", "2026-02-27", NULL);
	check_equal("2026-01-31", NULL, NULL, "2026-01");
	check_equal("2026-01-30", NULL, NULL, NULL);

	load(&st, NULL, NULL, NULL, 0);
	assert_string_equal(st.sealed, "2026-02");
	ledger_state_release(&st);
	load(&st, "2026-01-15", NULL, NULL, 0);
	assert_string_equal(st.sealed, "2026-02");   /* whatever as_of */
	ledger_state_release(&st);

	/* ledger_no_snapshot (the tools: $WMSJ_NO_SNAPSHOT) forces a full scan. */
	ledger_no_snapshot(1);
	load(&st, NULL, NULL, NULL, 0);
	assert_int_equal(st.used, 0);
	ledger_state_release(&st);
	ledger_no_snapshot(0);
}

static void
test_close_refusals(void **state)
{
	struct seal_result r1, r2, r;
	struct ledger_writer *w;
	struct ledger_entry e;
	struct wmsj_err err;
	size_t before;
	char *buf;

	(void)state;
	build(&r1, &r2);
	buf = NULL;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	assert_int_equal(seal_close(w, "2026-04", "x", &r, &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "not over"));
	assert_int_equal(seal_close(w, "2026-02", "x", &r, &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "already sealed"));
	assert_int_equal(seal_close(w, "2026-01", "x", &r, &err), WMSJ_REFUSED);
	assert_int_equal(seal_close(w, "2026-13", "x", &r, &err), WMSJ_USAGE);
	memset(&e, 0, sizeof e);
	e.kind = LK_STOCK;
	e.date = "2026-04-09";
	e.item = "G02";
	e.qty = 1;
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	assert_int_equal(seal_close(w, "2026-03", "x", &r, &err), WMSJ_USAGE);
	ledger_writer_release(w);
	/* Nothing was written by the refusals. */
	{
		size_t len;
		char *p = fsio_path(dir, LEDGER_FILE);

		assert_int_equal(fsio_read_all(p, &buf, &len, &err), WMSJ_OK);
		free(p);
		before = len;
		assert_null(strstr(buf, "G02"));
		assert_int_equal(access("seals/2026-03.csv", F_OK), -1);
	}
	(void)before;
	free(buf);
	/* March can be closed. */
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	assert_int_equal(seal_close(w, "2026-03", "x", &r, &err), WMSJ_OK);
	ledger_writer_release(w);
	check_equal(NULL, NULL, NULL, "2026-03");
}

static void
edit_file(const char *name, const char *from, const char *to)
{
	char *p = fsio_path(dir, name), *buf, *at;
	struct wmsj_err err;
	size_t len;
	FILE *f;

	assert_int_equal(fsio_read_all(p, &buf, &len, &err), WMSJ_OK);
	at = strstr(buf, from);
	assert_non_null(at);
	f = fopen(p, "wb");
	assert_non_null(f);
	fwrite(buf, 1, (size_t)(at - buf), f);
	fputs(to, f);
	fputs(at + strlen(from), f);
	fclose(f);
	free(buf);
	free(p);
}

static void
expect_rejected(const char *used, const char *why)
{
	struct ledger_state full, fast;

	load(&full, NULL, NULL, NULL, LEDGER_NO_SNAPSHOT);
	load(&fast, NULL, NULL, NULL, 0);
	same_state(&full, &fast);
	assert_true(fast.used & LS_SNAPSHOT_REJECTED);
	if (strstr(fast.snapshot_problem, why) == NULL)
		fail_msg("'%s' does not say '%s'", fast.snapshot_problem, why);
	if (used != NULL)
		assert_string_equal(fast.snapshot_month, used);
	else
		assert_int_equal(fast.used & LS_USED_SNAPSHOT, 0);
	ledger_state_release(&full);
	ledger_state_release(&fast);
}

/* A snapshot of the format before stock per shelf (wmsj-seal,1): still
 * bound to its close row, never believed (the rows are read), and restored
 * in its own format when deleted. */
static void
test_old_format(void **state)
{
	static const struct { const char *from, *to; } v1[] = {
		{ "wmsj-seal,2\n", "wmsj-seal,1\n" },
		{ "shelves,2\n610724109201,G01,20\n,G01,-1\n", "items,1\nG01,19\n" },
	};
	struct ledger_writer *w;
	struct seal_result r;
	struct seal_info si;
	struct wmsj_err err;
	struct ledger_state full, fast;
	unsigned char md[32];
	char hex[65], prev[65], *lp, *buf, *old, *line, *h;
	size_t len, n;
	FILE *f;

	(void)state;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	month_rows(w, 1, 1, 4);    /* 20 G01 on 2026-01-03 (a station's), one given out on the 4th */
	add(w, LK_REDEEM, "V1", "2026-01-04", -5, 0, "G01", -1, NULL, LK_NONE);
	commit(w);
	close_month(w, "2026-01", &r);
	ledger_writer_release(w);
	/* the snapshot rewritten as the old format, and the close row (the
	 * last row) re-chained to vouch for it, as a close before shelves */
	edit_file("seals/2026-01.csv", v1[0].from, v1[0].to);
	edit_file("seals/2026-01.csv", v1[1].from, v1[1].to);
	lp = fsio_path(dir, "seals/2026-01.csv");
	assert_int_equal(fsio_read_all(lp, &old, &len, &err), WMSJ_OK);
	SHA256((const unsigned char *)old, len, md);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	free(lp);
	lp = fsio_path(dir, "ledger.csv");
	assert_int_equal(fsio_read_all(lp, &buf, &len, &err), WMSJ_OK);
	buf[len - 1] = '\0';
	line = strrchr(buf, '\n') + 1;        /* the close row */
	memcpy(prev, line - 65, 64);          /* the row before's hash */
	prev[64] = '\0';
	h = strstr(line, "snapshot=") + 9;
	memcpy(h, hex, 64);
	n = strlen(line) - 65;                 /* up to ",hash" */
	ledger_hash(prev, line, n, line + n + 1);
	f = fopen(lp, "wb");
	assert_non_null(f);
	fwrite(buf, 1, strlen(buf), f);
	fputc('\n', f);
	fclose(f);
	free(buf);
	free(lp);

	assert_int_equal(seal_verify(dir, "2026-01", &si, &err), WMSJ_OK);
	assert_int_equal(si.version, 1);
	ledger_state_init(&fast);
	assert_int_equal(seal_load(dir, "2026-01", &fast, &si, &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "older format"));
	ledger_state_release(&fast);
	expect_rejected(NULL, "older format");
	load(&full, NULL, NULL, NULL, LEDGER_NO_SNAPSHOT);
	assert_int_equal(ledger_state_shelf_stock(&full, "610724109201", "G01"), 20);
	assert_int_equal(ledger_state_shelf_stock(&full, "", "G01"), -1);
	ledger_state_release(&full);

	/* deleted, it is restored as it was sealed: in the old format */
	lp = fsio_path(dir, "seals/2026-01.csv");
	assert_int_equal(unlink(lp), 0);
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	assert_int_equal(seal_close(w, "2026-01", "会计", &r, &err), WMSJ_OK);
	ledger_writer_release(w);
	assert_int_equal(fsio_read_all(lp, &buf, &len, &err), WMSJ_OK);
	assert_int_equal(len, strlen(old));
	assert_memory_equal(buf, old, len);
	free(buf);
	free(old);
	free(lp);
}

static void
test_forged(void **state)
{
	struct seal_result r1, r2;
	struct seal_info si;
	struct wmsj_err err;
	char *p, *q, *buf, line[128];
	size_t len;

	(void)state;
	build(&r1, &r2);
	p = fsio_path(dir, "seals/2026-02.csv");
	assert_int_equal(fsio_read_all(p, &buf, &len, &err), WMSJ_OK);

	/* A balance raised in the snapshot. */
	q = strstr(buf, "\nV1,");
	assert_non_null(q);
	{
		const char *e = strchr(q + 1, '\n');

		snprintf(line, sizeof line, "%.*s", (int)(e - q - 1), q + 1);
	}
	{
		char forged[128];
		long long earned;
		const char *rest = strchr(line + 3, ',');

		earned = atoll(line + 3);
		snprintf(forged, sizeof forged, "V1,%lld%s", earned + 1000, rest);
		edit_file("seals/2026-02.csv", line, forged);
	}
	assert_int_equal(seal_verify(dir, "2026-02", &si, &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "seals/2026-02.csv"));
	expect_rejected("2026-01", "changed or stale");

	/* Both forged: a full scan. */
	edit_file("seals/2026-01.csv", "\nV1,", "\nV1,9");
	expect_rejected(NULL, "changed or stale");

	/* A stale one: January's snapshot as February's. */
	{
		char *p1 = fsio_path(dir, "seals/2026-01.csv");
		char cmd[256];

		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", p1, p);
		assert_int_equal(system(cmd), 0);
		free(p1);
	}
	expect_rejected(NULL, "another month");

	/* The original back, but a forged close offset. */
	{
		FILE *f = fopen(p, "wb");

		fwrite(buf, 1, len, f);
		fclose(f);
	}
	assert_int_equal(seal_verify(dir, "2026-02", &si, &err), WMSJ_OK);
	{
		char from[64], to[64];

		snprintf(from, sizeof from, "close_offset,%lld\n", (long long)si.close_offset);
		snprintf(to, sizeof to, "close_offset,%lld\n", (long long)si.close_offset - 1);
		edit_file("seals/2026-02.csv", from, to);
	}
	expect_rejected(NULL, "seals/2026-02.csv");
	free(buf);
	free(p);
}

static void
test_writer_after_seal(void **state)
{
	struct seal_result r1, r2;
	struct ledger_writer *w;
	struct ledger_state st;
	struct wmsj_err err;
	struct seal_info si;
	char *p, *buf, *row;
	size_t len;

	(void)state;
	build(&r1, &r2);
	assert_int_equal(seal_verify(dir, "2026-02", &si, &err), WMSJ_OK);
	/* A row after the seal changed: the writer refuses. */
	p = fsio_path(dir, LEDGER_FILE);
	assert_int_equal(fsio_read_all(p, &buf, &len, &err), WMSJ_OK);
	row = strstr(buf + si.close_offset, "2026-03-05,award,");
	assert_non_null(row);
	row[0] = '3';   /* 3026-03-05: still a real date */
	{
		FILE *f = fopen(p, "wb");

		fwrite(buf, 1, len, f);
		fclose(f);
	}
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_BADDATA);
	if (strstr(err.msg, "hash does not match") == NULL)
		fail_msg("%s", err.msg);
	/* And a verifying load says where. */
	{
		struct ledger_state_opts o;

		memset(&o, 0, sizeof o);
		o.flags = LEDGER_VERIFY;
		ledger_state_init(&st);
		assert_int_equal(ledger_state_load(&st, dir, &o, &err), WMSJ_BADDATA);
		assert_non_null(strstr(err.msg, "ledger.csv:"));
		ledger_state_release(&st);
	}
	free(buf);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_close_and_equal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_after_seal, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
