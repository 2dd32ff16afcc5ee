/* Validation: GB 11643 ID numbers, phones, dates, exact amounts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "validate.h"

static void
test_idnum(void **state)
{
	char out[19];
	struct wmsj_err err;

	(void)state;
	/* Published examples: 11010519491231002X (GB 11643 annex), 440524188001010014. */
	assert_int_equal(wmsj_idnum_check("11010519491231002X", out, "2026-11-22", &err), WMSJ_OK);
	assert_int_equal(wmsj_idnum_check("11010519491231002x", out, "2026-11-22", &err), WMSJ_OK);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(wmsj_idnum_check("440524188001010014", out, "2026-11-22", &err), WMSJ_OK);
	assert_int_equal(wmsj_idnum_checkchar("11010519491231002"), 'X');
	assert_int_equal(wmsj_idnum_check("110105194912310021", out, "2026-11-22", &err), WMSJ_REFUSED);
	assert_string_equal(err.msg, "invalid ID number: the check character does not match (GB 11643)");
	assert_int_equal(wmsj_idnum_check("110105491231002", out, "2026-11-22", &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "15-digit form was retired"));
	assert_int_equal(wmsj_idnum_check("11010519490230002X", out, "2026-11-22", &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "not a real date"));
	/* born tomorrow */
	assert_int_equal(wmsj_idnum_check("610724202611230018", out, "2026-11-22", &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "in the future"));
	assert_int_equal(wmsj_idnum_check("1101051949123100", out, NULL, &err), WMSJ_REFUSED);
	assert_int_equal(wmsj_idnum_check("1101051949123100AX", out, NULL, &err), WMSJ_REFUSED);
	/* the message never repeats the number */
	assert_null(strstr(err.msg, "110105"));
}

static void
test_phone(void **state)
{
	char out[12];
	struct wmsj_err err;

	(void)state;
	assert_int_equal(wmsj_phone_check("138-1234-5678", out, &err), WMSJ_OK);
	assert_string_equal(out, "13812345678");
	assert_int_equal(wmsj_phone_check("+86 139 1234 5678", out, &err), WMSJ_OK);
	assert_string_equal(out, "13912345678");
	assert_int_equal(wmsj_phone_check("12812345678", out, &err), WMSJ_REFUSED);
	assert_int_equal(wmsj_phone_check("1381234567", out, &err), WMSJ_REFUSED);
	assert_int_equal(wmsj_phone_check("0916-1234567", out, &err), WMSJ_REFUSED);
}

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

static void
test_text(void **state)
{
	struct wmsj_err err;

	(void)state;
	assert_int_equal(wmsj_text_check("爱心超市 𠮷", 100, &err), WMSJ_OK);
	assert_int_equal(wmsj_text_check("a\nb", 100, &err), WMSJ_REFUSED);
	assert_int_equal(wmsj_text_check("\xff", 100, &err), WMSJ_REFUSED);
	assert_int_equal(wmsj_text_check("a\xc2\x9b" "31m", 100, &err), WMSJ_REFUSED);   /* C1 CSI */
	assert_int_equal(wmsj_text_check("\xc2\xa0", 100, &err), WMSJ_OK);              /* NBSP */
	assert_int_equal(wmsj_text_check("abcdef", 3, &err), WMSJ_REFUSED);
}

/* Names at registration, import and update: normalised, or refused with the rule. */
static void
test_names(void **state)
{
	static const struct { const char *in, *want, *msg; } t[] = {
		{"张三", "张三", NULL},
		{"  王   明 ", "王 明", NULL},
		{"王　明", "王 明", NULL},                       /* U+3000 */
		{"王\xc2\xa0明", "王 明", NULL},                /* U+00A0 */
		{"阿依古丽·买买提", "阿依古丽·买买提", NULL},
		{"John  Smith", "John Smith", NULL},
		{"", NULL, "a name is required"},
		{"  \xe3\x80\x80 ", NULL, "a name is required"},
		{"\xe2\x80\xae张三", NULL, "a name may not hold control, format or direction characters (U+202E)"},
		{"王\xe2\x80\x8b明", NULL, "a name may not hold control, format or direction characters (U+200B)"},
		{"王\xe2\x80\x8f明", NULL, "a name may not hold control, format or direction characters (U+200F)"},
		{"\xe2\x80\xaa王明", NULL, "a name may not hold control, format or direction characters (U+202A)"},
		{"\xe2\x81\xa6王明\xe2\x81\xa9", NULL, "a name may not hold control, format or direction characters (U+2066)"},
		{"王明\xd8\x9c", NULL, "a name may not hold control, format or direction characters (U+061C)"},
		{"\xef\xbb\xbf王明", NULL, "a name may not hold control, format or direction characters (U+FEFF)"},
		{"张\t三", NULL, "a name may not hold control, format or direction characters (U+0009)"},
		{"张\xc2\x85三", NULL, "a name may not hold control, format or direction characters (U+0085)"},
		{"张\xc2\xad三", NULL, "a name may not hold control, format or direction characters (U+00AD)"},
		{"张,三", NULL, "a name may not hold commas or quotes"},
		{"张\"三", NULL, "a name may not hold commas or quotes"},
		{"\xff", NULL, "text is not valid UTF-8"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct wmsj_err err;
		char *out = NULL;
		int rc = wmsj_name_normalize(t[i].in, &out, &err);

		if (t[i].want != NULL) {
			assert_int_equal(rc, WMSJ_OK);
			assert_string_equal(out, t[i].want);
			free(out);
		} else {
			assert_int_equal(rc, WMSJ_REFUSED);
			assert_null(out);
			assert_string_equal(err.msg, t[i].msg);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idnum),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
