/* Dates: parsing, day numbers, month arithmetic (date.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clock.h"
#include "date.h"

static void
test_dates(void **state)
{
	int y, m, d, q;
	char a[11], b[11];

	(void)state;
	assert_int_equal(wmsj_date_parse("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(wmsj_date_parse("2026-02-29", &y, &m, &d), -1);
	assert_int_equal(wmsj_date_parse("1900-02-29", &y, &m, &d), -1);
	assert_int_equal(wmsj_date_parse("2000-02-29", &y, &m, &d), 0);
	assert_int_equal(wmsj_date_parse("2026-9-1", &y, &m, &d), -1);
	assert_int_equal(wmsj_month_parse("2026-13", &y, &m), -1);
	assert_int_equal(wmsj_quarter_parse("2026q3", &y, &q), 0);
	assert_int_equal(q, 3);
	assert_int_equal(wmsj_quarter_parse("2026Q5", &y, &q), -1);
	wmsj_quarter_range(2026, 1, a, b);
	assert_string_equal(a, "2026-01-01");
	assert_string_equal(b, "2026-03-31");
	wmsj_month_range(2024, 2, a, b);
	assert_string_equal(b, "2024-02-29");
	assert_int_equal(wmsj_clock_set("2026-11-22", NULL), 0);
	assert_string_equal(wmsj_today(), "2026-11-22");
	assert_int_equal(wmsj_clock_set("2026-02-30", NULL), -1);
	assert_int_equal(wmsj_clock_set(NULL, "2026-11-22T24:00:00"), -1);
	assert_string_equal(wmsj_today(), "2026-11-22");
}

static void
test_day_numbers(void **state)
{
	char end[11];
	int y, m, d;

	(void)state;
	assert_int_equal(wmsj_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(wmsj_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(wmsj_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(wmsj_date_days("2026-11-22") - wmsj_date_days("2026-01-01"), 325);
	assert_int_equal(wmsj_date_days("2026-02-29"), LONG_MIN);
	assert_int_equal(wmsj_date_days("x"), LONG_MIN);
	/* round trip over leap days and centuries */
	for (long n = -800000; n <= 800000; n += 997) {
		wmsj_civil_from_days(n, &y, &m, &d);
		assert_int_equal(wmsj_days_from_civil(y, m, d), n);
	}
	wmsj_civil_from_days(wmsj_days_from_civil(2024, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	wmsj_civil_from_days(wmsj_days_from_civil(2100, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 21000301);
	wmsj_month_end("2024-02", end);
	assert_string_equal(end, "2024-02-29");
	wmsj_month_end("2026-12", end);
	assert_string_equal(end, "2026-12-31");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_day_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
