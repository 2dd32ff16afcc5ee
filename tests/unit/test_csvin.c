/* CSV input: quoting, line numbers, encodings, column lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csvin.h"

static int
parse(struct csv_table *t, const char *s, enum wmsj_encoding enc, struct wmsj_err *err)
{
	return csv_table_parse(t, "t.csv", s, strlen(s), enc, err);
}

static void
test_quoting(void **state)
{
	struct csv_table t;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(parse(&t, "a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n3,4,5\n",
			       WMSJ_ENC_AUTO, &err), WMSJ_OK);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[0].fields[0], "x,1");
	assert_string_equal(t.rows[0].fields[1], "say \"hi\"");
	assert_string_equal(t.rows[0].fields[2], "two\nlines");
	assert_int_equal(t.rows[0].line, 2);
	assert_int_equal(t.rows[1].line, 4);     /* the record after a two-line field */
	assert_int_equal(csv_table_col(&t, "c"), 2);
	assert_int_equal(csv_table_col(&t, "d"), -1);
	assert_string_equal(csv_get(&t.rows[1], -1), "");
	csv_table_release(&t);

	/* Long fields (a pasted paragraph; fuzz_csv found an 18 KB one overran
	 * the first arena chunk), header and rows alike. */
	{
		size_t sizes[] = {100, 16 * 1024, 18278, 70000, 300000};
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
			size_t n = sizes[k];
			char *buf = malloc(2 * n + 16), *p = buf;

			memset(p, 'h', n); p += n;
			memcpy(p, ",b\n\"", 4); p += 4;
			memset(p, 'v', n); p += n;
			memcpy(p, "\",2\n", 4); p += 4;
			assert_int_equal(csv_table_parse(&t, "long.csv", buf, (size_t)(p - buf),
							 WMSJ_ENC_UTF8, &err), WMSJ_OK);
			assert_int_equal(strlen(t.header[0]), n);
			assert_int_equal(strlen(t.rows[0].fields[0]), n);
			assert_string_equal(t.rows[0].fields[1], "2");
			csv_table_release(&t);
			free(buf);
		}
	}
}

static void
test_bom_crlf_blank(void **state)
{
	struct csv_table t;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(parse(&t, "\xef\xbb\xbfname , phone\r\n张三,138\r\n\r\n李𠮷,139\r\n",
			       WMSJ_ENC_AUTO, &err), WMSJ_OK);
	assert_string_equal(t.header[0], "name");
	assert_string_equal(t.header[1], "phone");
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[1].fields[0], "李𠮷");
	assert_string_equal(t.rows[1].fields[1], "139");
	csv_table_release(&t);
}

static void
test_gb18030(void **state)
{
	struct csv_table t;
	struct wmsj_err err;

	(void)state;
	/* "name\n张三\n" in GB18030 */
	assert_int_equal(parse(&t, "name\n\xd5\xc5\xc8\xfd\n", WMSJ_ENC_AUTO, &err), WMSJ_OK);
	assert_string_equal(t.rows[0].fields[0], "张三");
	csv_table_release(&t);
	assert_int_equal(parse(&t, "name\n\xd5\xc5\xc8\xfd\n", WMSJ_ENC_UTF8, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "t.csv:2: cannot decode text as UTF-8");
	csv_table_release(&t);
	/* 0xff is no GB18030 lead byte: undecodable, with its line */
	assert_int_equal(parse(&t, "name\nok\n\xff\xff\n", WMSJ_ENC_AUTO, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "t.csv:3: cannot decode text as UTF-8 or GB18030");
	csv_table_release(&t);
}

static void
test_errors(void **state)
{
	struct csv_table t;
	struct wmsj_err err;
	static const char *const req[] = {"a", "zz", NULL};

	(void)state;
	assert_int_equal(parse(&t, "a,b\n1,2\n1,2,3\n", WMSJ_ENC_AUTO, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "t.csv:3: 3 fields, the header has 2");
	csv_table_release(&t);
	assert_int_equal(parse(&t, "a,b\n1,\"2\n", WMSJ_ENC_AUTO, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "t.csv:2: malformed CSV: a quoted field is not closed");
	csv_table_release(&t);
	assert_int_equal(parse(&t, "", WMSJ_ENC_AUTO, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "t.csv: empty file, expected a header row");
	csv_table_release(&t);
	assert_int_equal(parse(&t, "a,b\n", WMSJ_ENC_AUTO, &err), WMSJ_OK);
	assert_int_equal(csv_table_require(&t, req, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "t.csv:1: missing column 'zz'");
	csv_table_release(&t);
}

static void
test_encoding_names(void **state)
{
	enum wmsj_encoding e;

	(void)state;
	assert_int_equal(wmsj_encoding_parse("GBK", &e), 0);
	assert_int_equal(e, WMSJ_ENC_GB18030);
	assert_int_equal(wmsj_encoding_parse("utf8", &e), 0);
	assert_int_equal(e, WMSJ_ENC_UTF8);
	assert_int_equal(wmsj_encoding_parse("latin1", &e), -1);
	assert_true(wmsj_utf8_valid("𠮷", strlen("𠮷")));
	assert_false(wmsj_utf8_valid("\xc0\xaf", 2));       /* overlong */
	assert_false(wmsj_utf8_valid("\xed\xa0\x80", 3));   /* surrogate */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_bom_crlf_blank),
		cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_encoding_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
