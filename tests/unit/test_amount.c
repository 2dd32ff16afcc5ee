/* Amounts: points and hours parsed, hours formatted (amount.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "amount.h"

static void
test_amounts(void **state)
{
	int64_t v, sum = 0;
	char buf[32];

	(void)state;
	assert_int_equal(wmsj_points_parse("+15", &v), 0);
	assert_int_equal(v, 15);
	assert_int_equal(wmsj_points_parse("1000000000001", &v), -1);
	assert_int_equal(wmsj_points_parse("99999999999999999999999", &v), -1);
	assert_int_equal(wmsj_points_parse("1.5", &v), -1);
	assert_int_equal(wmsj_hours_parse("0.1", &v), 0);
	sum += v;
	assert_int_equal(wmsj_hours_parse("0.2", &v), 0);
	sum += v;
	assert_int_equal(sum, 30);              /* 0.1 + 0.2 is exactly 0.3 */
	assert_int_equal(wmsj_hours_parse("2.505", &v), -1);
	assert_int_equal(wmsj_hours_parse("3.", &v), -1);
	wmsj_hours_format(250, buf);
	assert_string_equal(buf, "2.5");
	wmsj_hours_format(-125, buf);
	assert_string_equal(buf, "-1.25");
	wmsj_hours_format(300, buf);
	assert_string_equal(buf, "3");
	v = INT64_MAX - 1;
	assert_int_equal(wmsj_add_checked(&v, 2), -1);
	assert_int_equal(v, INT64_MAX - 1);
}

/* The one hours formatter: the two styles differ only in a whole tenth.
 * Both are file formats (ledger rows, close notes): these bytes never change. */
static void
test_hours_styles(void **state)
{
	static const struct { int64_t c; const char *s, *centi; } t[] = {
		{ 0, "0", "0" }, { 300, "3", "3" }, { 250, "2.5", "2.50" },
		{ 125, "1.25", "1.25" }, { -50, "-0.5", "-0.50" }, { -5, "-0.05", "-0.05" },
		{ 100000000000000, "1000000000000", "1000000000000" },
		{ INT64_MIN, "-92233720368547758.08", "-92233720368547758.08" },
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		wmsj_hours_fmt(t[i].c, WMSJ_HOURS_SHORT, out);
		assert_string_equal(out, t[i].s);
		wmsj_hours_format(t[i].c, out);
		assert_string_equal(out, t[i].s);
		wmsj_hours_fmt(t[i].c, WMSJ_HOURS_CENTI, out);
		assert_string_equal(out, t[i].centi);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_hours_styles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
