/* Chinese labels of columns and values; fitting a table to the terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "labels.h"

static void
test_columns(void **state)
{
	static const char *const t[][2] = {
		{"name", "姓名"}, {"card_no", "积分卡号"}, {"status", "状态"},
		{"id_number", "身份证号"}, {"phone", "手机号"}, {"kind", "类别"},
		{"activities", "活动数"}, {"year", "年度"}, {"txn", "流水号"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		assert_string_equal(wmsj_column_zh(t[i][0]), t[i][1]);
	assert_null(wmsj_column_zh("no_such_column"));
	assert_null(wmsj_column_zh(""));
}

static void
test_values(void **state)
{
	static const char *const t[][3] = {
		{"status", "active", "正常"}, {"status", "suspended", "暂停"},
		{"status", "withdrawn", "退出"}, {"kind", "award", "认定"},
		{"kind", "redeem", "兑换"}, {"kind", "clear", "清零"},
		{"kind", "reverse", "冲正"}, {"kind", "stock", "捐赠入库"},
		{"severity", "error", "错误"}, {"meets_target", "no", "否"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		assert_string_equal(wmsj_value_zh(t[i][0], t[i][1]), t[i][2]);
	assert_null(wmsj_value_zh("name", "active")); /* only in its own column */
	assert_null(wmsj_value_zh("status", "Active"));
}

static void
test_header_choice(void **state)
{
	(void)state;
	out_set_header(WMSJ_HDR_ZH);
	assert_string_equal(out_header_label("name", 0), "姓名");
	assert_string_equal(out_header_label("name", 1), "姓名");
	assert_string_equal(out_header_label("xyz", 0), "xyz");
	out_set_header(WMSJ_HDR_EN);
	assert_string_equal(out_header_label("name", 1), "name");
	out_set_header(WMSJ_HDR_AUTO); /* the C locale of the test: English */
	assert_string_equal(out_header_label("name", 0), "name");
	assert_string_equal(out_value_label("status", "active"), "active");
}

/* out_fit on a stream that is not a terminal: $COLUMNS (as cli_init passes
 * it to out_set_columns) decides. */
static void
test_fit(void **state)
{
	const char *cols[] = {"id", "name", "tags", "phone", "station_name"};
	static const struct {
		const char *columns;
		int wide;
		size_t hidden;
		int hide[5];
		size_t w4;
	} t[] = {
		{NULL, 0, 0, {0, 0, 0, 0, 0}, 24},  /* width unknown: all */
		{"200", 0, 0, {0, 0, 0, 0, 0}, 24}, /* fits */
		{"70", 0, 1, {0, 0, 1, 0, 0}, 24},  /* tags go first (76 → 65) */
		{"55", 0, 2, {0, 0, 1, 1, 0}, 24},  /* then the phone (→ 52) */
		{"40", 0, 3, {1, 0, 1, 1, 0}, 24},  /* then the id (→ 32) */
		{"30", 0, 3, {1, 0, 1, 1, 0}, 22},  /* then the widest text narrows */
		{"10", 0, 3, {1, 0, 1, 1, 0}, 10},  /* but not below 10, and only text */
		{"40", 1, 0, {0, 0, 0, 0, 0}, 24},  /* --wide */
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t w[] = {18, 6, 9, 11, 24};
		int hide[5];
		FILE *f = tmpfile();

		assert_non_null(f);
		out_set_columns(t[i].columns);
		out_set_wide(t[i].wide);
		assert_int_equal(out_fit(f, cols, w, 5, hide), t[i].hidden);
		assert_memory_equal(hide, t[i].hide, sizeof hide);
		assert_int_equal(w[4], t[i].w4);
		fclose(f);
	}
	out_set_wide(0);
	out_set_columns(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_header_choice),
		cmocka_unit_test(test_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
