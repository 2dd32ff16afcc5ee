/* util (arena, strmap, sb, split, hash) and err (messages, lists). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"
#include "util.h"

static void
test_arena(void **state)
{
	struct arena a;
	char *s[5000], *big;
	void *p;

	(void)state;
	arena_init(&a);
	/* Many small strings: each keeps its own bytes. */
	for (int i = 0; i < 5000; i++) {
		char buf[32];
		snprintf(buf, sizeof buf, "V610724109001-%04d", i);
		s[i] = arena_strdup(&a, buf);
	}
	for (int i = 0; i < 5000; i++) {
		char buf[32];
		snprintf(buf, sizeof buf, "V610724109001-%04d", i);
		assert_string_equal(s[i], buf);
	}
	/* strndup stops at n and terminates; embedded text after n is not copied. */
	assert_string_equal(arena_strndup(&a, "吉𠮷祥,more", 10), "吉𠮷祥");
	assert_string_equal(arena_strndup(&a, "", 0), "");
	/* Aligned for any object. */
	p = arena_alloc(&a, 3);
	assert_int_equal((uintptr_t)p % sizeof(max_align_t), 0);
	p = arena_alloc(&a, sizeof(long double));
	assert_int_equal((uintptr_t)p % sizeof(max_align_t), 0);
	/* A block bigger than a chunk gets its own; the strings before it survive. */
	big = arena_alloc(&a, 3u << 20);
	memset(big, 'x', 3u << 20);
	assert_string_equal(s[0], "V610724109001-0000");
	assert_string_equal(s[4999], "V610724109001-4999");
	/* Small allocations after a big one still work. */
	assert_string_equal(arena_strdup(&a, "after"), "after");
	arena_release(&a);
	assert_null(a.head);
	/* Sizes between the first chunk and a dedicated block (found by
	 * fuzz_csv: a 18 KB field overran a 16 KB first chunk). */
	arena_release(&a);
	{
		char *text = malloc(20000);
		memset(text, 'q', 20000);
		assert_int_equal(strlen(arena_strndup(&a, text, 20000)), 20000);
		free(text);
	}
	for (size_t n = 16 * 1024 - 8; n < 300 * 1024; n = n * 3 / 2) {
		char *p1 = arena_alloc(&a, n), *p2;

		memset(p1, 'a', n);
		p2 = arena_alloc(&a, n);
		memset(p2, 'b', n);
		assert_int_equal(p1[n - 1], 'a');
		assert_int_equal(p2[0], 'b');
	}
	/* A released (or zeroed) arena is usable again. */
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_release(&a);
}

static void
test_strmap(void **state)
{
	struct strmap m;
	size_t v = 0, seen = 0, sum = 0;
	const char *k;
	int isnew;

	(void)state;
	strmap_init(&m);
	assert_int_equal(strmap_get(&m, "x", 1, &v), 0); /* empty map */
	for (size_t i = 0; i < 100000; i++) {
		char key[32];
		int n = snprintf(key, sizeof key, "610724109001-%06zu", i);
		strmap_put(&m, key, (size_t)n, i);
	}
	assert_int_equal(m.n, 100000);
	for (size_t i = 0; i < 100000; i += 997) {
		char key[32];
		int n = snprintf(key, sizeof key, "610724109001-%06zu", i);
		assert_int_equal(strmap_get(&m, key, (size_t)n, &v), 1);
		assert_int_equal(v, i);
	}
	/* A key is matched whole: a prefix or an extension is another key. */
	assert_int_equal(strmap_get(&m, "610724109001-00000", 18, NULL), 0);
	assert_int_equal(strmap_get(&m, "610724109001-0000000", 20, NULL), 0);
	/* The length given counts, not a NUL further on. */
	assert_int_equal(strmap_get(&m, "610724109001-000007,x", 19, &v), 1);
	assert_int_equal(v, 7);
	/* swap: overwrite and say what was there. */
	assert_int_equal(strmap_swap(&m, "610724109001-000007", 19, 70, &v), 1);
	assert_int_equal(v, 7);
	assert_int_equal(strmap_swap(&m, "new", 3, 1, &v), 0);
	assert_int_equal(m.n, 100001);
	/* ref: a counter in one probe. */
	(*strmap_ref(&m, "count", 5, &isnew))++;
	assert_int_equal(isnew, 1);
	(*strmap_ref(&m, "count", 5, &isnew))++;
	assert_int_equal(isnew, 0);
	assert_int_equal(strmap_get(&m, "count", 5, &v), 1);
	assert_int_equal(v, 2);
	/* The empty key is a key like any other. */
	strmap_put(&m, "", 0, 42);
	assert_int_equal(strmap_get(&m, "", 0, &v), 1);
	assert_int_equal(v, 42);
	/* Iteration visits every entry once. */
	for (size_t i = 0; i < m.cap; i++)
		if (strmap_at(&m, i, &k, &v)) {
			seen++;
			if (strcmp(k, "count") == 0)
				sum += v;
		}
	assert_int_equal(seen, m.n);
	assert_int_equal(sum, 2);
	assert_int_equal(strmap_at(&m, m.cap, &k, &v), 0);
	strmap_release(&m);
	assert_int_equal(m.n, 0);

	/* reserve: no growth afterwards, entries kept. */
	strmap_init(&m);
	strmap_put(&m, "a", 1, 1);
	strmap_reserve(&m, 1000);
	assert_true(m.cap >= 2000);
	{
		size_t cap = m.cap;
		for (size_t i = 0; i < 999; i++) {
			char key[16];
			int n = snprintf(key, sizeof key, "k%zu", i);
			strmap_put(&m, key, (size_t)n, i);
		}
		assert_int_equal(m.cap, cap);
	}
	assert_int_equal(strmap_get(&m, "a", 1, &v), 1);
	assert_int_equal(v, 1);
	strmap_release(&m);
}

static void
test_hash(void **state)
{
	struct strmap m;
	size_t low[64] = {0};

	(void)state;
	assert_int_equal(wmsj_hash("abc", 3), wmsj_hash("abcd", 3));
	assert_int_not_equal(wmsj_hash("abc", 3), wmsj_hash("abd", 3));
	assert_int_not_equal(wmsj_hash("", 0), wmsj_hash("\0", 1));
	/* Sequential ids spread over the low bits (what a table index uses). */
	for (int i = 0; i < 6400; i++) {
		char key[32];
		int n = snprintf(key, sizeof key, "V610724109001-%04d", i);
		low[wmsj_hash(key, (size_t)n) & 63]++;
	}
	for (int b = 0; b < 64; b++)
		assert_true(low[b] > 50 && low[b] < 150);
	strmap_init(&m);
	strmap_release(&m);
}

static void
test_sb_split(void **state)
{
	struct sb sb;
	char **v, *s;
	size_t n;

	(void)state;
	sb_init(&sb);
	assert_string_equal(sb.buf, "");
	sb_adds(&sb, "积分");
	sb_addc(&sb, ':');
	sb_addf(&sb, "%d/%s", 42, "银行");
	sb_add(&sb, "xyz", 2);
	assert_string_equal(sb.buf, "积分:42/银行xy");
	assert_int_equal(sb.len, strlen(sb.buf));
	sb_reset(&sb);
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 10000; i++)
		sb_addc(&sb, 'a' + i % 26);
	assert_int_equal(sb.len, 10000);
	s = sb_detach(&sb);
	assert_null(sb.buf);
	assert_int_equal(strlen(s), 10000);
	free(s);
	sb_adds(&sb, "again");   /* usable after detach */
	assert_string_equal(sb.buf, "again");
	sb_release(&sb);

	v = wmsj_split("  a, b ,,c  ,", ',', &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[1], "b");
	assert_string_equal(v[2], "c");
	assert_null(v[3]);
	free(v);
	v = wmsj_split("", ' ', &n);
	assert_int_equal(n, 0);
	assert_null(v[0]);
	free(v);
}

static void
test_xgrow(void **state)
{
	int *a = NULL;
	size_t cap = 0;

	(void)state;
	for (size_t i = 0; i < 100000; i++) {
		a = xgrow(a, &cap, i + 1, sizeof *a);
		assert_true(cap >= i + 1);
		a[i] = (int)i;
	}
	assert_int_equal(a[99999], 99999);
	free(a);
}

static void
test_err(void **state)
{
	struct wmsj_err err;
	struct wmsj_errlist l;
	char longer[3000];

	(void)state;
	assert_int_equal(wmsj_err_set(&err, WMSJ_BADDATA, "%s:%d: unknown station '%s'",
				      "volunteers.csv", 12, "999"), WMSJ_BADDATA);
	assert_int_equal(err.status, WMSJ_BADDATA);
	assert_string_equal(err.msg, "volunteers.csv:12: unknown station '999'");
	assert_int_equal(wmsj_err_sys(&err, ENOSPC, "cannot write '%s'", "ledger.csv"), WMSJ_SYSERR);
	assert_non_null(strstr(err.msg, "cannot write 'ledger.csv': "));
	assert_non_null(strstr(err.msg, strerror(ENOSPC)));
	/* A NULL err is allowed: only the status comes back. */
	assert_int_equal(wmsj_err_set(NULL, WMSJ_REFUSED, "x"), WMSJ_REFUSED);
	/* An over-long message is cut, never overflows. */
	memset(longer, 'z', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	wmsj_err_set(&err, WMSJ_BADDATA, "%s", longer);
	assert_int_equal(strlen(err.msg), sizeof err.msg - 1);
	wmsj_err_clear(&err);
	assert_int_equal(err.status, WMSJ_OK);

	wmsj_errlist_init(&l);
	assert_int_equal(l.status, WMSJ_OK);
	wmsj_errlist_add(&l, WMSJ_REFUSED, "row %d", 2);
	wmsj_errlist_add(&l, WMSJ_BADDATA, "row %d", 5);
	wmsj_errlist_add(&l, WMSJ_REFUSED, "row %d", 9);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.status, WMSJ_BADDATA);   /* the worst one */
	assert_string_equal(l.msgs[1], "row 5");
	wmsj_errlist_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_sb_split),
		cmocka_unit_test(test_xgrow),
		cmocka_unit_test(test_err),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
