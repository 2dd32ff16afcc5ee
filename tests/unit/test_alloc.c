/* Unit tests for alloc.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xgrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
