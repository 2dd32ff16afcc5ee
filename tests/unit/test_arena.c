/* Unit tests for arena.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "alloc.h"

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
	assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
	p = arena_alloc(&a, sizeof(long double));
	assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
