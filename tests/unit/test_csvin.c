/* CSV input: quoting, line numbers, encodings, column lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
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

/* A NUL byte is refused with its line in every encoding: it would cut the
 * field short ("...002X\0junk" read as a valid ID number).  A UTF-16 file
 * (Excel's "Unicode text") is full of them and is named as such. */
static void
test_nul(void **state)
{
	static const struct {
		const char *buf;
		size_t len;
		const char *msg;
	} cases[] = {
#define C(s, m) {s, sizeof s - 1, m}
		C("name,id\na,11010519491231002X\0junk\n",
		  "t.csv:2: a NUL byte (byte 21 of the line); the file is not text: save it as CSV"),
		C("\0name\n", "t.csv:1: a NUL byte (byte 1 of the line); the file is not text: save it as CSV"),
		C("a\r\nb\r\n\"c\nd\0\"\r\n",
		  "t.csv:4: a NUL byte (byte 2 of the line); the file is not text: save it as CSV"),
		C("a\rb\rc\0\r", "t.csv:3: a NUL byte (byte 2 of the line); the file is not text: save it as CSV"),
		C("\xd5\xc5\0\n", "t.csv:1: a NUL byte (byte 3 of the line); the file is not text: save it as CSV"),
		C("\xff\xfen\0a\0m\0e\0\n\0",
		  "t.csv: the file is UTF-16 (Excel's \"Unicode text\"); save it as CSV (UTF-8) or CSV"),
		C("\xfe\xff\0n\0a\0m\0e\0\n",
		  "t.csv: the file is UTF-16 (Excel's \"Unicode text\"); save it as CSV (UTF-8) or CSV"),
#undef C
	};
	static const enum wmsj_encoding encs[] = {WMSJ_ENC_AUTO, WMSJ_ENC_UTF8, WMSJ_ENC_GB18030};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (size_t e = 0; e < 3; e++) {
			struct csv_table t;
			struct wmsj_err err;

			print_message("case %zu encoding %zu\n", i, e);
			assert_int_equal(csv_table_parse(&t, "t.csv", cases[i].buf, cases[i].len, encs[e],
							 &err), WMSJ_BADDATA);
			assert_string_equal(err.msg, cases[i].msg);
			csv_table_release(&t);
		}
}

/* Lines end in LF, CRLF or a lone CR (old Mac / Excel "CSV (Macintosh)"):
 * the same file gives the same line numbers in all three. */
static void
test_line_endings(void **state)
{
	static const char *const eols[] = {"\n", "\r\n", "\r"};
	/* {text with '|' for a line end, expected message} */
	static const struct {
		const char *text, *msg;
		size_t lines[3];
	} cases[] = {
		{"a,b|1,2|3,4|5,6,7|", "t.csv:4: 3 fields, the header has 2", {0}},
		{"a,b|1,\"x|y\"|3,4|5|", "t.csv:5: 1 fields, the header has 2", {0}},
		{"a,b||1,2||3,4|", NULL, {3, 5, 0}},
		{"a,b|1,\"two|lines\"|3,4", NULL, {2, 4, 0}},
		{"a,b|1,2|3,\"4|", "t.csv:3: malformed CSV: a quoted field is not closed", {0}},
		{"a,b|1,2|3,4\"x\"|", "t.csv:3: malformed CSV: a quote in the middle of a field", {0}},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (size_t e = 0; e < 3; e++) {
			char buf[200], *p = buf;
			struct csv_table t;
			struct wmsj_err err;
			int rc;

			for (const char *c = cases[i].text; *c; c++)
				if (*c == '|')
					p = stpcpy(p, eols[e]);
				else
					*p++ = *c;
			*p = '\0';
			print_message("case %zu eol %zu\n", i, e);
			rc = parse(&t, buf, WMSJ_ENC_AUTO, &err);
			if (cases[i].msg != NULL) {
				assert_int_equal(rc, WMSJ_BADDATA);
				assert_string_equal(err.msg, cases[i].msg);
			} else {
				assert_int_equal(rc, WMSJ_OK);
				for (size_t k = 0; cases[i].lines[k] != 0; k++) {
					assert_true(k < t.nrows);
					assert_int_equal(t.rows[k].line, cases[i].lines[k]);
				}
				if (i == 3) { /* a line end inside quotes is kept as it is */
					char want[20];
					snprintf(want, sizeof want, "two%slines", eols[e]);
					assert_string_equal(t.rows[0].fields[1], want);
				}
			}
			csv_table_release(&t);
		}
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
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_encoding_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
