/* The import's header row as sheets write it, and the blank rows Excel leaves. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "csvin.h"
#include "importmap.h"

#define MAXC 10

/* cols: the expected cell of name, id_number, phone, station, tags,
 * platform_no (-1: none). */
static void
test_header(void **state)
{
	static const struct {
		const char *cells[MAXC]; /* NULL-terminated */
		int cols[IMPORT_NCOLS];
		const char *msg;
	} cases[] = {
		/* the contract's names */
		{{"name", "id_number", "phone", "station", "tags", "platform_no"}, {0, 1, 2, 3, 4, 5}, NULL},
		{{"station", "phone", "id_number", "name"}, {3, 2, 1, 0, -1, -1}, NULL},
		/* case and spaces, a BOM left on the first cell */
		{{"\xef\xbb\xbfName", " ID Number ", "PHONE", "Station", "Platform No"}, {0, 1, 2, 3, -1, 4}, NULL},
		{{"NAME", "Id-Number", "phone\t", "station", "TAGS"}, {0, 1, 2, 3, 4, -1}, NULL},
		/* a Chinese sheet, with columns the import does not use */
		{{"序号", "姓名", "性别", "身份证号", "手机号", "站点", "标签", "平台编号", "备注"},
		 {1, 3, 4, 5, 6, 7}, NULL},
		{{"姓名", "公民身份号码", "手机号码", "站点代码"}, {0, 1, 2, 3, -1, -1}, NULL},
		{{"姓 名", "身份证号码", "联系电话", "所属站点"}, {0, 1, 2, 3, -1, -1}, NULL},
		{{"\xef\xbb\xbf姓名\xe3\x80\x80", "身份证号", "手机", "站点", ""}, {0, 1, 2, 3, -1, -1}, NULL},
		/* a mobile and a landline, a station's code and its name: the
		 * more particular one is the field, the other is ignored */
		{{"姓名", "身份证号", "联系电话", "手机号码", "所属站点", "站点代码"}, {0, 1, 3, 5, -1, -1}, NULL},
		{{"姓名", "身份证号", "手机号码", "联系电话", "站点代码", "站点"}, {0, 1, 2, 4, -1, -1}, NULL},
		/* mixed */
		{{"姓名", "id_number", "手机号", "station"}, {0, 1, 2, 3, -1, -1}, NULL},
		/* refusals */
		{{"姓名", "身份证", "手机号", "站点"}, {0},
		 "t.csv:1: missing column 'id_number' (or '身份证号')"},
		{{"name", "id_number", "station"}, {0}, "t.csv:1: missing column 'phone' (or '手机号')"},
		{{"姓名", "name", "id_number", "phone", "station"}, {0},
		 "t.csv:1: two columns are 'name': '姓名' and 'name'"},
		{{"name", "id_number", "手机号码", "手机号", "station"}, {0},
		 "t.csv:1: two columns are 'phone': '手机号码' and '手机号'"},
		{{"name", "id_number", "phone", "站点", "所属站点"}, {0},
		 "t.csv:1: two columns are 'station': '站点' and '所属站点'"},
		{{"name", "id_number", "phone"}, {0}, "t.csv:1: missing column 'station' (or '站点代码')"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct import_map m;
		struct wmsj_err err;
		size_t n = 0;
		int rc;

		print_message("case %zu\n", i);
		while (n < MAXC && cases[i].cells[n] != NULL)
			n++;
		rc = import_map_header(&m, cases[i].cells, n, "t.csv", 1, &err);
		if (cases[i].msg != NULL) {
			assert_int_equal(rc, WMSJ_BADDATA);
			assert_string_equal(err.msg, cases[i].msg);
		} else {
			assert_int_equal(rc, WMSJ_OK);
			for (int c = 0; c < IMPORT_NCOLS; c++)
				assert_int_equal(m.col[c], cases[i].cols[c]);
		}
	}
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(import_col_name(IMPORT_NAME), "name");
	assert_string_equal(import_col_name(IMPORT_PLATFORM_NO), "platform_no");
}

/* Excel leaves rows of empty cells (",,,,") after the data: they are not
 * rows; one in the middle, with data after it, still is (and is reported). */
static void
test_blank_rows(void **state)
{
	static const struct {
		const char *csv;
		size_t used;
		size_t blank_line; /* the first blank row left among the used ones, 0 if none */
	} cases[] = {
		{"a,b\n1,2\n3,4\n", 2, 0},
		{"a,b\n1,2\n3,4\n,\n,\n , \n", 2, 0},
		{"a,b\r\n1,2\r\n,\r\n3,4\r\n,\r\n", 3, 3},
		{"a,b\n,\n,\n", 0, 0},
		{"a,b\n\"\",\n1,2\n", 2, 2},
		{"a,b\n1,\n", 1, 0},                      /* a row with one cell is not blank */
		{"a,b\n1,2\n\xe3\x80\x80,\t\n", 1, 0},      /* full-width space, tab */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct csv_table t;
		struct wmsj_err err;
		size_t used, first = 0;

		print_message("case %zu\n", i);
		assert_int_equal(csv_table_parse(&t, "t.csv", cases[i].csv, strlen(cases[i].csv),
						 WMSJ_ENC_UTF8, &err), WMSJ_OK);
		used = import_rows_used(&t);
		assert_int_equal(used, cases[i].used);
		for (size_t r = 0; r < used && first == 0; r++)
			if (import_row_blank((const char *const *)t.rows[r].fields, t.rows[r].nfields))
				first = t.rows[r].line;
		assert_int_equal(first, cases[i].blank_line);
		csv_table_release(&t);
	}
}

/* A whole table: a title row above the header (某某村志愿者花名册, as a sheet
 * printed for the wall has), the data, the blank rows at the end. */
static void
test_table(void **state)
{
	static const struct {
		const char *csv;
		size_t header_line, first, end;
		int name_col;
		const char *msg;
	} cases[] = {
		{"name,id_number,phone,station\n1,2,3,4\n", 1, 0, 1, 0, NULL},
		{"\n\nname,id_number,phone,station\n1,2,3,4\n,,,\n", 3, 0, 1, 0, NULL},
		{"堰口社区志愿者花名册,,,\n序号,姓名,身份证号,手机号,站点\n", 0, 0, 0, 0,
		 "t.csv:2: 5 fields, the header has 4"},
		{"堰口社区志愿者花名册,,,,\n序号,姓名,身份证号,手机号,站点\n1,a,b,c,d\n,,,,\n", 2, 1, 2, 1, NULL},
		{"花名册,,,,\n2026年11月,,,,\n,,,,\n序号,姓名,身份证号,手机号,站点\n1,a,b,c,d\n", 4, 3, 4, 1, NULL},
		{"a,,,,\nb,,,,\n,,,,\nc,,,,\n序号,姓名,身份证号,手机号,站点\n1,a,b,c,d\n", 0, 0, 0, 0,
		 "t.csv:1: missing column 'name' (or '姓名')"},
		{"花名册,2026,,\nname,id_number,phone,station\n", 0, 0, 0, 0,
		 "t.csv:1: missing column 'name' (or '姓名')"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct csv_table t;
		struct import_map m;
		struct wmsj_err err;
		int rc;

		print_message("case %zu\n", i);
		rc = csv_table_parse(&t, "t.csv", cases[i].csv, strlen(cases[i].csv), WMSJ_ENC_UTF8, &err);
		if (rc == WMSJ_OK)
			rc = import_map_table(&m, &t, "t.csv", &err);
		if (cases[i].msg != NULL) {
			assert_int_equal(rc, WMSJ_BADDATA);
			assert_string_equal(err.msg, cases[i].msg);
		} else {
			assert_int_equal(rc, WMSJ_OK);
			assert_int_equal(m.header_line, cases[i].header_line);
			assert_int_equal(m.first, cases[i].first);
			assert_int_equal(m.end, cases[i].end);
			assert_int_equal(m.col[IMPORT_NAME], cases[i].name_col);
		}
		csv_table_release(&t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_blank_rows),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
