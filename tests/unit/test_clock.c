/* The clock never reads the environment: not in a production build, and
 * not in a test build either (the tools' cli_init passes $WMSJ_TODAY and
 * $WMSJ_NOW to wmsj_clock_set in test builds only: test_cli.c).
 *
 * The library these tests link against is a test build (-DWMSJ_TESTING), so
 * this file compiles the clock's source a second time without it: its
 * definitions take the place of the library's, and what is checked here is
 * exactly what `make` and `make install` ship. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#undef WMSJ_TESTING
#include "clock.c"

static void
real_date(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void
test_production_ignores_env(void **state)
{
	char before[11], after[11];
	const char *today, *now;

	(void)state;
	setenv("WMSJ_TODAY", "2099-12-31", 1);
	setenv("WMSJ_NOW", "2099-12-31T03:00:00", 1);
	real_date(before);
	today = wmsj_today();
	now = wmsj_now();
	real_date(after);
	assert_string_not_equal(today, "2099-12-31");
	assert_true(strcmp(today, before) == 0 || strcmp(today, after) == 0);
	assert_string_not_equal(now, "2099-12-31T03:00:00");
	assert_memory_equal(now, today, 10);
	assert_int_equal(strlen(now), 19);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_production_ignores_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
