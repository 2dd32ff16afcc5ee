/* Unit tests for strsplit.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "strsplit.h"

static void
test_split(void **state)
{
	char **v;
	size_t n;

	(void)state;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
