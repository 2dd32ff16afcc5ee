/* Unit tests for ledger_ckpt.c: the state through the checkpoint equals a
 * full scan's whether the checkpoint is current, behind, far behind
 * (written again), older than a seal, stale (another ledger), truncated,
 * changed, forged or gone; it is written only past LEDGER_INDEX_TAIL rows,
 * 0600, never through a link; and the audit's check finds a forged one. */
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
#include "ledger_ckpt.h"
#include "ledger_index.h"
#include "sb.h"
#include "seal.h"
#include "util.h"
#include "scratch.h"
#include "ledgergen.h"

#define NVOL 7

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("lckpt"), 0);
	assert_int_equal(wmsj_clock_set("2026-06-10", "2026-06-10T09:00:00"), 0);
	ledger_index_off(0);
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
append(int n, int first)
{
	ledgergen_append(dir, n, first, NVOL, 2000);
}

/* The state as text (the snapshot body, with the sealed month and last
 * row), by a full scan or through the checkpoint; *used: st.used. */
static char *
state_text(int through_ckpt, unsigned *used)
{
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct wmsj_err err;
	struct sb s;

	ledger_state_init(&st);
	memset(&lo, 0, sizeof lo);
	lo.flags = LEDGER_NO_SNAPSHOT;
	if (through_ckpt)
		assert_int_equal(ledger_state_load_ckpt(&st, dir, &err), WMSJ_OK);
	else
		assert_int_equal(ledger_state_load(&st, dir, &lo, &err), WMSJ_OK);
	if (used != NULL)
		*used = st.used;
	sb_init(&s);
	sb_addf(&s, "sealed=%s last=%llu %s size=%lld\n", st.sealed,
		(unsigned long long)st.last_seq, st.last_hash, (long long)st.size);
	seal_state_text(&s, &st);
	ledger_state_release(&st);
	return sb_detach(&s);
}

/* Through the checkpoint equals a full scan; returns st.used. */
static unsigned
same_as_scan(void)
{
	char *want = state_text(0, NULL), *got;
	unsigned used;

	got = state_text(1, &used);
	assert_string_equal(got, want);
	free(want);
	free(got);
	return used;
}

static int
ckpt_exists(void)
{
	char path[4200];
	struct stat sb;

	snprintf(path, sizeof path, "%s/%s", dir, LEDGER_CKPT_FILE);
	if (lstat(path, &sb) != 0)
		return 0;
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0600);
	return 1;
}

static void
ckpt_remove(void)
{
	char path[4200];

	snprintf(path, sizeof path, "%s/%s", dir, LEDGER_CKPT_FILE);
	unlink(path);
}

static void
test_current_behind_far_behind(void **state)
{
	(void)state;
	append(100, 0);
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);
	assert_false(ckpt_exists());   /* 100 rows: not worth one */
	append(LEDGER_INDEX_TAIL + 10, 100);
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);
	assert_true(ckpt_exists());    /* written after the long read */
	assert_true(same_as_scan() & LS_USED_CHECKPOINT);   /* current */
	append(30, 5000);
	assert_true(same_as_scan() & LS_USED_CHECKPOINT);   /* behind: the tail read */
	append(LEDGER_INDEX_TAIL + 1, 6000);
	assert_true(same_as_scan() & LS_USED_CHECKPOINT);   /* far behind: and written again */
	assert_true(same_as_scan() & LS_USED_CHECKPOINT);
	ckpt_remove();
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);   /* gone: a scan */
}

/* A file's first from replaced by to (the same length). */
static void
edit_ckpt(const char *from, const char *to)
{
	char *buf, *p, path[4200];
	size_t len;
	struct wmsj_err err;
	FILE *fp;

	assert_int_equal(fsio_read_in(dir, LEDGER_CKPT_FILE, &buf, &len, &err), WMSJ_OK);
	assert_non_null(buf);
	assert_non_null(p = strstr(buf, from));
	memcpy(p, to, strlen(to));
	snprintf(path, sizeof path, "%s/%s", dir, LEDGER_CKPT_FILE);
	assert_non_null(fp = fopen(path, "w"));
	fwrite(buf, 1, len, fp);
	fclose(fp);
	free(buf);
}

/* The checkpoint's body with one balance changed and its hash recomputed:
 * what only something other than the tools writes. */
static void
forge_ckpt(void)
{
	char *buf, *body, sha[65], path[4200];
	size_t len;
	struct wmsj_err err;
	FILE *fp;
	char *acc;

	assert_int_equal(fsio_read_in(dir, LEDGER_CKPT_FILE, &buf, &len, &err), WMSJ_OK);
	assert_non_null(body = strstr(buf, "\ntotals,"));
	body++;
	assert_non_null(acc = strstr(body, "\nV3,"));
	acc[4] = acc[4] == '9' ? '8' : '9';   /* V3's earned, one digit */
	seal_sha_hex(body, len - (size_t)(body - buf), sha);
	memcpy(strstr(buf, "\nbody,") + 6, sha, 64);
	snprintf(path, sizeof path, "%s/%s", dir, LEDGER_CKPT_FILE);
	assert_non_null(fp = fopen(path, "w"));
	fwrite(buf, 1, len, fp);
	fclose(fp);
	free(buf);
}

/* What wmsj-audit's pass says of the checkpoint. */
static int
audit_check(size_t *line)
{
	struct ledger_ckpt_check *c = ledger_ckpt_check_open(dir);
	struct ledger_reader *r;
	struct ledger_state st;
	struct ledger_row row;
	struct wmsj_err err;
	int rc;

	ledger_state_init(&st);
	assert_int_equal(ledger_open(&r, dir, 0, &err), WMSJ_OK);
	while ((rc = ledger_next(r, &row, &err)) == 1) {
		assert_int_equal(ledger_state_apply(&st, &row, &err), WMSJ_OK);
		ledger_ckpt_check_row(c, &row, &st);
	}
	assert_int_equal(rc, 0);
	ledger_close(r);
	ledger_state_release(&st);
	return ledger_ckpt_check_close(c, line);
}

static void
test_damaged_never_believed(void **state)
{
	static const struct {
		const char *from, *to;
	} edits[] = {
		{"wmsj-state,1", "wmsj-state,9"},   /* another format */
		{"\nrow,T", "\nrow,X"},             /* the row unreadable */
		{"\nsealed,", "\nsealeD,"},
		{"\naccounts,", "\naccounts;"},      /* the body: its hash no longer matches */
	};
	size_t line;

	(void)state;
	append(LEDGER_INDEX_TAIL + 10, 0);
	(void)same_as_scan();
	assert_true(ckpt_exists());
	assert_int_equal(audit_check(&line), LIX_CHECK_OK);
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		assert_true(ckpt_exists());
		edit_ckpt(edits[i].from, edits[i].to);
		assert_int_equal(audit_check(&line), LIX_CHECK_NONE);   /* not one: no finding */
		assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);   /* and written again */
	}
	/* truncated */
	assert_true(same_as_scan() & LS_USED_CHECKPOINT);
	{
		char path[4200];

		snprintf(path, sizeof path, "%s/%s", dir, LEDGER_CKPT_FILE);
		assert_int_equal(truncate(path, 200), 0);
	}
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);
	/* forged, its hash recomputed: believed by a reader (derived, like
	 * the indexes), found by the audit at the row it names */
	ckpt_remove();
	append(LEDGER_INDEX_TAIL + 1, 40000);
	(void)same_as_scan();
	forge_ckpt();
	{
		char *want = state_text(0, NULL), *got = state_text(1, NULL);

		assert_string_not_equal(got, want);
		free(want);
		free(got);
	}
	assert_int_equal(audit_check(&line), LIX_CHECK_DIFFERS);
	assert_true(line > 1);
	/* off: never used */
	ledger_index_off(1);
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);
	ledger_index_off(0);
	ledger_no_snapshot(1);
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);
	ledger_no_snapshot(0);
}

/* Another ledger's checkpoint (the same row number, another hash): stale,
 * never believed, no finding. */
static void
test_stale(void **state)
{
	char other[4200], cmd[8500];
	size_t line;

	(void)state;
	append(LEDGER_INDEX_TAIL + 10, 0);
	(void)same_as_scan();
	snprintf(other, sizeof other, "%s.ckpt", dir);
	snprintf(cmd, sizeof cmd, "cp '%s/%s' '%s'", dir, LEDGER_CKPT_FILE, other);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "rm -f '%s/ledger.csv' '%s/%s'", dir, dir, LEDGER_CKPT_FILE);
	assert_int_equal(system(cmd), 0);
	append(LEDGER_INDEX_TAIL + 10, 7);   /* another ledger, as long */
	snprintf(cmd, sizeof cmd, "mv '%s' '%s/%s'", other, dir, LEDGER_CKPT_FILE);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(audit_check(&line), LIX_CHECK_UNBOUND);
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);
}

/* A seal newer than the checkpoint is used instead; one older is not. */
static void
test_seal_newer(void **state)
{
	struct ledger_writer *w;
	struct seal_result res;
	struct wmsj_err err;

	(void)state;
	append(LEDGER_INDEX_TAIL + 10, 0);   /* January to March */
	(void)same_as_scan();
	assert_true(ckpt_exists());
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	assert_int_equal(seal_close(w, "2026-03", "clerk", &res, &err), WMSJ_OK);
	ledger_writer_release(w);
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);   /* the seal */
	append(LEDGER_INDEX_TAIL + 10, 8000);   /* April and May */
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);   /* seal, long tail */
	assert_true(same_as_scan() & LS_USED_CHECKPOINT);   /* the newer checkpoint */
}

/* Never written through a link, nor into a directory another user owns
 * (fsio_check_dir; root's case is the tools' tests). */
static void
test_link_planted(void **state)
{
	char target[4200], link[4200];
	struct stat sb;
	FILE *fp;

	(void)state;
	snprintf(target, sizeof target, "%s.target", dir);
	snprintf(link, sizeof link, "%s/%s", dir, LEDGER_CKPT_FILE);
	assert_non_null(fp = fopen(target, "w"));
	fputs("keep\n", fp);
	fclose(fp);
	assert_int_equal(symlink(target, link), 0);
	append(LEDGER_INDEX_TAIL + 10, 0);
	assert_int_equal(same_as_scan() & LS_USED_CHECKPOINT, 0);
	assert_int_equal(lstat(target, &sb), 0);
	assert_int_equal(sb.st_size, 5);   /* the target untouched */
	unlink(target);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_current_behind_far_behind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_never_believed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seal_newer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_planted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
