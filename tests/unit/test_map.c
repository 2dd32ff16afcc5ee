/* Unit tests for map.c: the key hash and the string map. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "map.h"
#include "alloc.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
