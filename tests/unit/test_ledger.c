/* Unit tests for the ledger (ledger_row.c, ledger_read.c, ledger_write.c,
 * ledger_state.c, ledger_load.c): rows, the hash chain, the writer, the state. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "fsio.h"
#include "ledger.h"
#include "util.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("ledger"), 0);
	assert_int_equal(wmsj_clock_set("2026-03-05", "2026-03-05T10:00:00"), 0);
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

static char *
slurp(const char *name, size_t *len)
{
	char *path = fsio_path(dir, name), *buf = NULL;
	struct wmsj_err err;

	assert_int_equal(fsio_read_all(path, &buf, len, &err), WMSJ_OK);
	free(path);
	return buf;
}

static void
spit(const char *name, const char *buf, size_t len)
{
	char *path = fsio_path(dir, name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static struct ledger_entry
award(const char *vol, const char *date, int64_t points, int64_t centi)
{
	struct ledger_entry e;

	memset(&e, 0, sizeof e);
	e.kind = LK_AWARD;
	e.reverses = LK_NONE;
	e.date = date;
	e.volunteer = vol;
	e.station = "610724109201";
	e.points = points;
	e.hours = centi;
	e.activity = "A0001";
	e.recorder = "王芳";
	e.certifier = "王芳";
	e.supervisor = "李明";
	return e;
}

/* Write n awards of 10 points to V1..V3 in turn, dated 2026-01-01 + i days. */
static void
write_rows(int n)
{
	struct ledger_writer *w;
	struct wmsj_err err;
	char date[16], vol[8];

	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (int i = 0; i < n; i++) {
		struct ledger_entry e;

		snprintf(date, sizeof date, "2026-01-%02d", 1 + i % 28);
		snprintf(vol, sizeof vol, "V%d", 1 + i % 3);
		e = award(vol, date, 10, 150);
		assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	}
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
}

/* Read the whole ledger with LEDGER_VERIFY; returns the status (0 = intact). */
static int
verify(struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct ledger_row row;
	int rc;

	rc = ledger_open(&r, dir, LEDGER_VERIFY, err);
	if (rc != WMSJ_OK)
		return rc;
	while ((rc = ledger_next(r, &row, err)) == 1)
		;
	ledger_close(r);
	return rc;
}

/* Line i (1-based) of buf: start and length including '\n'. */
static void
line_span(const char *buf, int i, size_t *start, size_t *len)
{
	const char *p = buf, *nl;

	for (int k = 1; k < i; k++)
		p = strchr(p, '\n') + 1;
	nl = strchr(p, '\n');
	*start = (size_t)(p - buf);
	*len = (size_t)(nl - p) + 1;
}

static void
test_write_read(void **state)
{
	struct ledger_writer *w;
	struct ledger_reader *r;
	struct ledger_row row;
	struct ledger_entry e;
	struct wmsj_err err;
	struct stat st;
	char txn[LEDGER_TXN_MAX], *path;
	int rc;

	(void)state;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	path = fsio_path(dir, LEDGER_FILE);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
	assert_int_equal(ledger_writer_next_seq(w), 1);
	e = award("V1", "2026-01-10", 20, 250);
	e.note = "sweeping, \"clean\" streets";
	assert_int_equal(ledger_writer_add(w, &e, txn, &err), WMSJ_OK);
	assert_string_equal(txn, "T00000001");
	memset(&e, 0, sizeof e);
	e.kind = LK_STOCK;
	e.date = "2026-01-11";
	e.item = "G01";
	e.qty = 5;
	e.note = "爱心企业";
	assert_int_equal(ledger_writer_add(w, &e, txn, &err), WMSJ_OK);
	assert_string_equal(txn, "T00000002");
	assert_int_equal(ledger_writer_pending(w), 2);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);

	assert_int_equal(ledger_open(&r, dir, LEDGER_VERIFY, &err), WMSJ_OK);
	assert_int_equal(ledger_next(r, &row, &err), 1);
	assert_int_equal(row.line, 2);
	assert_int_equal(row.seq, 1);
	assert_int_equal(row.kind, LK_AWARD);
	assert_string_equal(row.volunteer, "V1");
	assert_int_equal(row.points, 20);
	assert_int_equal(row.hours, 250);
	assert_string_equal(row.note, "sweeping, \"clean\" streets");
	assert_string_equal(row.recorded, "2026-03-05T10:00:00");
	assert_string_equal(row.certifier, "王芳");
	assert_int_equal(ledger_next(r, &row, &err), 1);
	assert_int_equal(row.kind, LK_STOCK);
	assert_int_equal(row.qty, 5);
	assert_string_equal(row.volunteer, "");
	rc = ledger_next(r, &row, &err);
	assert_int_equal(rc, 0);
	ledger_close(r);
}

static void
test_text_rules(void **state)
{
	struct ledger_writer *w;
	struct ledger_entry e;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	e = award("V1", "2026-01-10", 20, 0);
	e.note = "two\nlines";
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "note"));
	e.note = "tab\there";
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	e.note = "\xff\xfe";
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	e.note = NULL;
	e.volunteer = "V1,V2";
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	e = award("V1", "2026-02-30", 20, 0);
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	e = award("V1", "2026-02-03", -5, 0);
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	e = award("V1", "2026-02-03", LEDGER_POINTS_MAX + 1, 0);
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	e = award(NULL, "2026-02-03", 5, 0);
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	memset(&e, 0, sizeof e);
	e.kind = LK_REVERSE;
	e.reverses = LK_CLOSE;
	e.date = "2026-02-03";
	e.ref = "T00000001";
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_REFUSED);
	assert_int_equal(ledger_writer_pending(w), 0);
	assert_int_equal(ledger_writer_next_seq(w), 1);
	ledger_writer_release(w);
}

static void
expect_break(const char *buf, size_t len, const char *want)
{
	struct wmsj_err err;
	struct ledger_writer *w;

	spit(LEDGER_FILE, buf, len);
	assert_int_equal(verify(&err), WMSJ_BADDATA);
	if (strstr(err.msg, want) == NULL)
		fail_msg("'%s' does not contain '%s'", err.msg, want);
	/* The writer refuses a broken chain too. */
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_BADDATA);
	if (strstr(err.msg, want) == NULL)
		fail_msg("writer: '%s' does not contain '%s'", err.msg, want);
}

static void
test_chain_tamper(void **state)
{
	struct wmsj_err err;
	char *orig, *buf;
	size_t len, s3, l3, s4, l4;

	(void)state;
	write_rows(5);
	assert_int_equal(verify(&err), WMSJ_OK);
	orig = slurp(LEDGER_FILE, &len);
	buf = xmalloc(len + 512);

	/* A changed byte in row T00000002 (line 3): points 10 -> 90. */
	memcpy(buf, orig, len);
	line_span(buf, 3, &s3, &l3);
	{
		char *p = strstr(buf + s3, ",10,");

		assert_non_null(p);
		p[1] = '9';
	}
	expect_break(buf, len, "ledger.csv:3: hash does not match");

	/* A removed row (line 3). */
	memcpy(buf, orig, s3);
	memcpy(buf + s3, orig + s3 + l3, len - s3 - l3);
	expect_break(buf, len - l3, "ledger.csv:3: sequence 'T00000003' where 'T00000002'");

	/* A duplicated row (line 3 twice). */
	memcpy(buf, orig, s3 + l3);
	memcpy(buf + s3 + l3, orig + s3, len - s3);
	expect_break(buf, len + l3, "ledger.csv:4: sequence 'T00000002' where 'T00000003'");

	/* Two rows swapped (lines 3 and 4). */
	line_span(orig, 4, &s4, &l4);
	memcpy(buf, orig, s3);
	memcpy(buf + s3, orig + s4, l4);
	memcpy(buf + s3 + l4, orig + s3, l3);
	memcpy(buf + s3 + l4 + l3, orig + s4 + l4, len - s4 - l4);
	expect_break(buf, len, "ledger.csv:3: sequence 'T00000003' where 'T00000002'");

	/* An inserted row, renumbered and rehashed after it: caught by the hash. */
	{
		struct sb sb;
		char h[65], prev[65];
		const char *p = orig;

		sb_init(&sb);
		sb_add(&sb, orig, s3);
		/* prev hash = last 64 chars of line 2 */
		memcpy(prev, orig + s3 - 65, 64);
		prev[64] = '\0';
		{
			const char *row = "T00000002,2026-01-02,award,V9,610724109201,500,1,,,A0001,,,"
				"2026-03-05T10:00:00,x,x,y,,";

			ledger_hash(prev, row, strlen(row), h);
			sb_addf(&sb, "%s,%s\n", row, h);
		}
		(void)p;
		sb_add(&sb, orig + s3, len - s3);
		expect_break(sb.buf, sb.len, "ledger.csv:4: sequence 'T00000002' where 'T00000003'");
		sb_release(&sb);
	}

	/* A torn last line without a journal: refused as damage. */
	memcpy(buf, orig, len);
	expect_break(buf, len - 10, "last line is incomplete");

	/* Not the ledger's format. */
	memcpy(buf, orig, len);
	line_span(buf, 2, &s3, &l3);
	buf[s3 + 11] = 'X';  /* date */
	expect_break(buf, len, "ledger.csv:2: row is not the ledger's own format");

	/* Restored: intact again. */
	spit(LEDGER_FILE, orig, len);
	assert_int_equal(verify(&err), WMSJ_OK);
	free(buf);
	free(orig);
}

/* A large ledger's writer starts verifying at its checkpoint
 * (.ledger.chk), which it moves up after verifying many rows; a checkpoint
 * that does not name a row of the ledger is ignored, so a broken row before
 * it is found again. */
static void
test_writer_checkpoint(void **state)
{
	struct ledger_writer *w;
	struct wmsj_err err;
	char *chk, *orig, *buf;
	size_t clen, len, s, l;

	(void)state;
	ledger_writer_verify_limit("1000");   /* bytes: every ledger here is "large" */
	write_rows(5000);
	/* the next writer verifies 5000 rows from the start: it leaves a checkpoint */
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	ledger_writer_release(w);
	chk = slurp(".ledger.chk", &clen);
	assert_true(strncmp(chk, "5000,", 5) == 0);
	/* a row before the checkpoint changed: not this writer's to find (the
	 * audit's), a row after it is */
	orig = slurp(LEDGER_FILE, &len);
	buf = xmalloc(len);
	memcpy(buf, orig, len);
	line_span(buf, 3, &s, &l);
	buf[s + l - 3] = buf[s + l - 3] == 'a' ? 'b' : 'a';   /* its hash */
	spit(LEDGER_FILE, buf, len);
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	ledger_writer_release(w);
	/* the checkpoint forged (another hash): ignored, the break is found */
	spit(".ledger.chk", "5000,1,0000000000000000000000000000000000000000000000000000000000000000\n",
	     strlen("5000,1,0000000000000000000000000000000000000000000000000000000000000000\n"));
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_BADDATA);
	assert_non_null(strstr(err.msg, "ledger.csv:3: hash does not match"));
	/* gone: the same */
	spit(LEDGER_FILE, buf, len);
	{
		char *p = fsio_path(dir, ".ledger.chk");

		unlink(p);
		free(p);
	}
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_BADDATA);
	/* restored: a writer again, from the start (no checkpoint) */
	spit(LEDGER_FILE, orig, len);
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	ledger_writer_release(w);
	ledger_writer_verify_limit(NULL);
	free(buf);
	free(orig);
	free(chk);
}

static void
test_batch_all_or_nothing(void **state)
{
	struct ledger_writer *w;
	struct ledger_entry e;
	struct wmsj_err err;
	struct rlimit old, lim;
	char *before, *after, txn[LEDGER_TXN_MAX];
	size_t blen, alen;

	(void)state;
	write_rows(3);
	before = slurp(LEDGER_FILE, &blen);
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (int i = 0; i < 50; i++) {
		e = award("V7", "2026-02-01", 1, 0);
		assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	}
	/* A full disk: writes past the current size fail (EFBIG). */
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)blen + 100;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_SYSERR);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	after = slurp(LEDGER_FILE, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(after);
	/* The writer forgot the batch and chains the next one correctly. */
	assert_int_equal(ledger_writer_next_seq(w), 4);
	e = award("V7", "2026-02-01", 1, 0);
	assert_int_equal(ledger_writer_add(w, &e, txn, &err), WMSJ_OK);
	assert_string_equal(txn, "T00000004");
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
	assert_int_equal(verify(&err), WMSJ_OK);
	free(before);
}

/* A process killed in the middle of an append (SIGXFSZ past RLIMIT_FSIZE)
 * leaves a torn tail and fsio's journal: readers see the old ledger, and the
 * next writer repairs it before anything else. */
static void
test_torn_tail_repaired(void **state)
{
	struct ledger_writer *w;
	struct ledger_reader *r;
	struct ledger_row row;
	struct wmsj_err err;
	char *before, *after;
	size_t blen, alen;
	pid_t pid;
	int status, rc, n = 0;

	(void)state;
	write_rows(4);
	before = slurp(LEDGER_FILE, &blen);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit lim;
		struct ledger_entry e;

		signal(SIGXFSZ, SIG_DFL);
		if (ledger_writer_open(&w, dir, &err) != WMSJ_OK)
			_exit(10);
		for (int i = 0; i < 20; i++) {
			e = award("V8", "2026-02-02", 3, 0);
			if (ledger_writer_add(w, &e, NULL, &err) != WMSJ_OK)
				_exit(11);
		}
		getrlimit(RLIMIT_FSIZE, &lim);
		lim.rlim_cur = (rlim_t)blen + 300;
		setrlimit(RLIMIT_FSIZE, &lim);
		_exit(ledger_writer_commit(w, &err) == WMSJ_OK ? 12 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));
	/* A reader without the lock sees the ledger as it was. */
	assert_int_equal(ledger_open(&r, dir, LEDGER_VERIFY, &err), WMSJ_OK);
	while ((rc = ledger_next(r, &row, &err)) == 1)
		n++;
	assert_int_equal(rc, 0);
	assert_int_equal(n, 4);
	ledger_close(r);
	/* The writer repairs and goes on. */
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	assert_int_equal(ledger_writer_next_seq(w), 5);
	ledger_writer_release(w);
	after = slurp(LEDGER_FILE, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(after);
	free(before);
}

static void
test_uncommitted_discarded(void **state)
{
	struct ledger_writer *w;
	struct ledger_entry e;
	struct wmsj_err err;
	char *buf;
	size_t len;

	(void)state;
	write_rows(2);
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	e = award("V1", "2026-02-01", 1, 0);
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	ledger_writer_release(w);
	buf = slurp(LEDGER_FILE, &len);
	assert_null(strstr(buf, "T00000003"));
	free(buf);
}

static void
test_state(void **state)
{
	struct ledger_writer *w;
	struct ledger_entry e;
	struct ledger_state st;
	struct ledger_state_opts o;
	struct wmsj_err err;
	const struct account *a;
	char t_award[LEDGER_TXN_MAX], t_clear[LEDGER_TXN_MAX], t_red[LEDGER_TXN_MAX];

	(void)state;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	e = award("V1", "2026-01-05", 30, 200);
	assert_int_equal(ledger_writer_add(w, &e, t_award, &err), WMSJ_OK);
	e = award("V1", "2026-01-20", 15, 125);
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	memset(&e, 0, sizeof e);
	e.kind = LK_STOCK;
	e.date = "2026-01-02";
	e.item = "G01";
	e.qty = 10;
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	memset(&e, 0, sizeof e);
	e.kind = LK_REDEEM;
	e.date = "2026-02-02";
	e.volunteer = "V1";
	e.item = "G01";
	e.qty = -2;
	e.points = -20;
	e.ref = "C123";
	assert_int_equal(ledger_writer_add(w, &e, t_red, &err), WMSJ_OK);
	e = award("V2", "2026-01-07", 50, 300);
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	memset(&e, 0, sizeof e);
	e.kind = LK_CLEAR;
	e.date = "2026-02-10";
	e.volunteer = "V2";
	e.points = -50;
	e.ref = "B";
	assert_int_equal(ledger_writer_add(w, &e, t_clear, &err), WMSJ_OK);
	/* Reverse the first award and the redemption. */
	memset(&e, 0, sizeof e);
	e.kind = LK_REVERSE;
	e.reverses = LK_AWARD;
	e.date = "2026-02-15";
	e.volunteer = "V1";
	e.points = -30;
	e.hours = -200;
	e.ref = t_award;
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	memset(&e, 0, sizeof e);
	e.kind = LK_REVERSE;
	e.reverses = LK_REDEEM;
	e.date = "2026-02-16";
	e.volunteer = "V1";
	e.points = 20;
	e.item = "G01";
	e.qty = 2;
	e.ref = t_red;
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);

	/* Everything. */
	ledger_state_init(&st);
	assert_int_equal(ledger_state_load(&st, dir, NULL, &err), WMSJ_OK);
	a = ledger_state_account(&st, "V1");
	assert_non_null(a);
	assert_int_equal(a->earned, 15);
	assert_int_equal(a->redeemed, 0);
	assert_int_equal(a->balance, 15);
	assert_int_equal(a->hours, 125);
	a = ledger_state_account(&st, "V2");
	assert_int_equal(a->cleared, 50);
	assert_int_equal(a->balance, 0);
	assert_int_equal(a->cleared_year, 2026);
	assert_null(ledger_state_account(&st, "V3"));
	assert_int_equal(ledger_state_stock(&st, "G01"), 10);
	assert_int_equal(st.last_seq, 8);
	assert_int_equal(st.total.earned, 15 + 50);
	assert_string_equal(st.sealed, "");
	ledger_state_release(&st);

	/* As of 2026-02-05: the redemption counted, no reversal, no clear;
	 * period January. */
	ledger_state_init(&st);
	memset(&o, 0, sizeof o);
	o.as_of = "2026-02-05";
	o.period_from = "2026-01-01";
	o.period_to = "2026-01-31";
	assert_int_equal(ledger_state_load(&st, dir, &o, &err), WMSJ_OK);
	a = ledger_state_account(&st, "V1");
	assert_int_equal(a->earned, 45);
	assert_int_equal(a->redeemed, 20);
	assert_int_equal(a->balance, 25);
	assert_int_equal(a->p_earned, 45);
	assert_int_equal(a->p_redeemed, 0);
	assert_int_equal(a->p_hours, 325);
	assert_int_equal(ledger_state_stock(&st, "G01"), 8);
	a = ledger_state_account(&st, "V2");
	assert_int_equal(a->balance, 50);
	assert_int_equal(a->cleared_year, 0);
	assert_int_equal(st.period.earned, 95);
	assert_int_equal(st.period.awards, 3);
	assert_int_equal(st.period.stocks, 1);
	/* The first row dated after as_of in file order is the clear, T00000006. */
	assert_int_equal(st.after_seq, 6);
	assert_int_equal(st.last_seq, 8);
	ledger_state_release(&st);

	/* A reversed clear restores eligibility. */
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	memset(&e, 0, sizeof e);
	e.kind = LK_REVERSE;
	e.reverses = LK_CLEAR;
	e.date = "2026-02-20";
	e.volunteer = "V2";
	e.points = 50;
	e.ref = t_clear;
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
	ledger_state_init(&st);
	assert_int_equal(ledger_state_load(&st, dir, NULL, &err), WMSJ_OK);
	a = ledger_state_account(&st, "V2");
	assert_int_equal(a->cleared, 0);
	assert_int_equal(a->balance, 50);
	assert_int_equal(a->cleared_year, 0);

	/* Batch check: applying entries; overflow refused. */
	e = award("V2", "2026-03-01", 10, 0);
	assert_int_equal(ledger_state_apply_entry(&st, &e, 10, &err), WMSJ_OK);
	assert_int_equal(ledger_state_account(&st, "V2")->balance, 60);
	ledger_state_account_add(&st, "V9", 2)->balance = INT64_MAX - 5;
	e = award("V9", "2026-03-01", 10, 0);
	assert_int_equal(ledger_state_apply_entry(&st, &e, 11, &err), WMSJ_REFUSED);
	assert_int_equal(ledger_state_account(&st, "V9")->balance, INT64_MAX - 5);
	ledger_state_release(&st);

	/* Bad option dates. */
	ledger_state_init(&st);
	o.as_of = "2026-13-01";
	assert_int_equal(ledger_state_load(&st, dir, &o, &err), WMSJ_USAGE);
	ledger_state_release(&st);
}

struct collect {
	int n;
	char last[LEDGER_TXN_MAX];
};

static int
collect_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct collect *c = arg;

	(void)err;
	c->n++;
	snprintf(c->last, sizeof c->last, "%s", row->txn);
	return WMSJ_OK;
}

static int
stop_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	(void)arg;
	return wmsj_err_set(err, WMSJ_REFUSED, "stop at %s", row->txn);
}

static void
test_callback_and_find(void **state)
{
	struct ledger_state st;
	struct ledger_state_opts o;
	struct ledger_found f;
	struct ledger_writer *w;
	struct ledger_entry e;
	struct collect c = { 0, "" };
	struct wmsj_err err;
	uint64_t rev;

	(void)state;
	write_rows(300);
	memset(&o, 0, sizeof o);
	o.cb = collect_cb;
	o.cb_arg = &c;
	o.cb_from = "2026-01-27";
	ledger_state_init(&st);
	assert_int_equal(ledger_state_load(&st, dir, &o, &err), WMSJ_OK);
	/* days 27 and 28 of every 28-day cycle: 300 rows -> 11 cycles of 2 + rows 298,299?
	 * rows i with i%28 in {26,27}: i = 26,27,54,55,...,278,279 -> 20 rows */
	assert_int_equal(c.n, 20);
	assert_string_equal(c.last, "T00000280");
	ledger_state_release(&st);
	o.cb = stop_cb;
	ledger_state_init(&st);
	assert_int_equal(ledger_state_load(&st, dir, &o, &err), WMSJ_REFUSED);
	assert_string_equal(err.msg, "stop at T00000027");
	ledger_state_release(&st);

	for (uint64_t s = 1; s <= 300; s += 37) {
		char want[LEDGER_TXN_MAX];

		assert_int_equal(ledger_find_txn(dir, s, &f, &rev, &err), WMSJ_OK);
		ledger_txn_format(s, want);
		assert_string_equal(f.row.txn, want);
		assert_int_equal(f.row.seq, s);
		assert_int_equal(f.row.line, s + 1);
		assert_int_equal(rev, 0);
		ledger_found_release(&f);
	}
	assert_int_equal(ledger_find_txn(dir, 301, &f, &rev, &err), WMSJ_REFUSED);
	assert_string_equal(err.msg, "no ledger row 'T00000301'");

	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	memset(&e, 0, sizeof e);
	e.kind = LK_REVERSE;
	e.reverses = LK_AWARD;
	e.date = "2026-02-01";
	e.volunteer = "V2";
	e.points = -10;
	e.hours = -150;
	e.ref = "T00000005";
	e.approver = "张三, 所长";
	assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
	assert_int_equal(ledger_find_txn(dir, 5, &f, &rev, &err), WMSJ_OK);
	assert_int_equal(rev, 301);
	assert_string_equal(f.row.volunteer, "V2");
	assert_int_equal(f.row.points, 10);
	ledger_found_release(&f);
	assert_int_equal(ledger_find_txn(dir, 301, &f, &rev, &err), WMSJ_OK);
	assert_int_equal(f.row.kind, LK_REVERSE);
	assert_string_equal(f.row.approver, "张三, 所长");
	ledger_found_release(&f);
}

static void
test_stream(void **state)
{
	struct ledger_reader *r;
	struct ledger_row row;
	struct ledger_state st;
	struct wmsj_err err;
	struct sb sb;
	char *buf, *path;
	size_t len, s, l;
	int rc, n = 0;

	(void)state;
	write_rows(6);
	buf = slurp(LEDGER_FILE, &len);
	/* A filtered export: BOM, CRLF, rows 2 and 5 only. */
	sb_init(&sb);
	sb_adds(&sb, "\xef\xbb\xbf" LEDGER_HEADER "\r\n");
	line_span(buf, 3, &s, &l);
	sb_add(&sb, buf + s, l - 1);
	sb_adds(&sb, "\r\n");
	line_span(buf, 6, &s, &l);
	sb_add(&sb, buf + s, l - 1);
	sb_adds(&sb, "\r\n");
	spit("export.csv", sb.buf, sb.len);
	path = fsio_path(dir, "export.csv");
	assert_int_equal(ledger_open_stream(&r, path, &err), WMSJ_OK);
	while ((rc = ledger_next(r, &row, &err)) == 1)
		n++;
	assert_int_equal(rc, 0);
	assert_int_equal(n, 2);
	ledger_close(r);
	ledger_state_init(&st);
	assert_int_equal(ledger_state_load_stream(&st, path, NULL, &err), WMSJ_OK);
	assert_int_equal(ledger_state_account(&st, "V2")->earned, 20);
	ledger_state_release(&st);
	/* Not a ledger. */
	spit("export.csv", "a,b\n1,2\n", 8);
	assert_int_equal(ledger_open_stream(&r, path, &err), WMSJ_OK);
	assert_int_equal(ledger_next(r, &row, &err), WMSJ_BADDATA);
	assert_non_null(strstr(err.msg, ":1: not a ledger"));
	ledger_close(r);
	free(path);
	sb_release(&sb);
	free(buf);
}

static void
test_hash_and_txn(void **state)
{
	char h[65];
	uint64_t s;

	(void)state;
	/* sha256("0"*64 + "abc") */
	ledger_hash(ledger_zero_hash, "abc", 3, h);
	assert_int_equal(strlen(h), 64);
	assert_string_equal(h, "b64374d04ef9c4f39fddb1e0d6be38a0130f6c057fc0f4ee467ea0e18bc758f1");
	assert_int_equal(ledger_txn_parse("T00000042", &s), 0);
	assert_int_equal(s, 42);
	assert_int_equal(ledger_txn_parse("T", &s), -1);
	assert_int_equal(ledger_txn_parse("X1", &s), -1);
	assert_int_equal(ledger_txn_parse("T99999999999999999999999", &s), -1);
	assert_int_equal(ledger_kind_parse("clear", 5), LK_CLEAR);
	assert_int_equal(ledger_kind_parse("clea", 4), LK_NONE);
	assert_string_equal(ledger_kind_name(LK_REVERSE), "reverse");
}

/* The one chain verifier: sequence and hash, and it moves on after a break. */
static void
test_chain_step(void **state)
{
	struct ledger_chain c;
	char h1[65], h2[65], h3[65], bad[65];
	uint64_t s;

	(void)state;
	ledger_hash(ledger_zero_hash, "T00000001,a", 11, h1);
	ledger_hash(h1, "T00000002,b", 11, h2);
	ledger_hash(h2, "T00000003,c", 11, h3);
	ledger_chain_start(&c, NULL, 1);
	s = 1;
	assert_int_equal(ledger_chain_step(&c, &s, "T00000001,a", 11, h1, 1), 0);
	assert_int_equal(c.next_seq, 2);
	assert_string_equal(c.prev, h1);
	/* a changed row: the hash breaks, the chain goes on from its hash */
	s = 2;
	assert_int_equal(ledger_chain_step(&c, &s, "T00000002,B", 11, h2, 1), LEDGER_CHAIN_HASH);
	s = 3;
	assert_int_equal(ledger_chain_step(&c, &s, "T00000003,c", 11, h3, 1), 0);
	/* a repeated and a missing sequence */
	ledger_chain_start(&c, h1, 2);
	s = 1;
	assert_int_equal(ledger_chain_step(&c, &s, "x", 1, h2, 0), LEDGER_CHAIN_BACK);
	assert_int_equal(c.next_seq, 2);
	s = 5;
	assert_int_equal(ledger_chain_step(&c, &s, "x", 1, h2, 0), LEDGER_CHAIN_GAP);
	assert_int_equal(c.next_seq, 6);
	/* no sequence (a txn that does not parse): only the hash, next_seq kept */
	ledger_chain_start(&c, h2, 3);
	assert_int_equal(ledger_chain_step(&c, NULL, "T00000003,c", 11, h3, 1), 0);
	assert_int_equal(c.next_seq, 3);
	memset(bad, 'f', 64);
	bad[64] = '\0';
	assert_int_equal(ledger_chain_step(&c, NULL, "T00000003,c", 11, bad, 1), LEDGER_CHAIN_HASH);
	assert_string_equal(c.prev, bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_and_txn),
		cmocka_unit_test(test_chain_step),
		cmocka_unit_test_setup_teardown(test_write_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_tamper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uncommitted_discarded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail_repaired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_and_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
