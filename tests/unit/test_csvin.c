/* CSV input: quoting, line numbers, encodings, column lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <iconv.h>
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
	assert_string_equal(err.msg, "t.csv:2: invalid UTF-8 at column 1 (byte 0xD5)");
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

/* iconv the UTF-8 text s into charset to (a real GBK/GB18030 sample). */
static char *
recode(const char *s, const char *to, size_t *len)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t inleft = strlen(s), cap = 2 * inleft + 16, outleft = cap;
	char *out = malloc(cap), *in = (char *)s, *o = out;

	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

/* --encoding auto decides per file but never turns valid UTF-8 into other
 * characters: text that is UTF-8 but for a few bytes is refused naming the
 * first bad line and column, while a genuine GBK/GB18030 export (even one
 * with a line that happens to be valid UTF-8) still reads. */
static void
test_auto_encoding(void **state)
{
	/* Lines of a real import; '~' marks where a stray byte goes. */
	static const char sheet[] =
		"姓名,身份证号,手机号,站点,标签\n"
		"吉祥,610724198609086422,18900602677,610724109001,大学生\n"
		"阿依古丽·买买提,610724197305135411,17874526859,610724109003,\"党员,五老\"\n"
		"谢强,610724195404251718,18244730173,610724109001,\n"
		"欧阳明华~,610724198804256490,17937396401,610724109204,\"党员,乡贤\"\n"
		"莫珍德,610724196109107793,18428926937,610724109205,五老\n";
	static const struct {
		const char *what;
		const char *text;    /* UTF-8 */
		const char *charset; /* recode to this (NULL: keep UTF-8) */
		const char *stray;   /* replaces '~' (NULL: dropped) */
		enum wmsj_encoding enc;
		const char *msg;     /* NULL: reads back as text */
	} cases[] = {
		{"utf-8", sheet, NULL, NULL, WMSJ_ENC_AUTO, NULL},
		{"gbk from iconv", sheet, "GBK", NULL, WMSJ_ENC_AUTO, NULL},
		{"gb18030 from iconv", sheet, "GB18030", NULL, WMSJ_ENC_AUTO, NULL},
		{"gbk, CR line ends", "姓名,站点\r谢强,古城\r张三,堰口\r", "GBK", NULL, WMSJ_ENC_AUTO, NULL},
		/* 谢强 in GBK is valid UTF-8 by chance; the other lines are not */
		{"gbk, one line looks like utf-8", "姓名\n谢强\n欧阳明华\n莫珍德\n", "GBK", NULL,
		 WMSJ_ENC_AUTO, NULL},
		{"utf-8 and one stray 0xff", sheet, NULL, "\xff", WMSJ_ENC_AUTO,
		 "t.csv:5: invalid UTF-8 at column 5 (byte 0xFF) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		{"utf-8 and a latin-1 middle dot", sheet, NULL, "\xb7", WMSJ_ENC_AUTO,
		 "t.csv:5: invalid UTF-8 at column 5 (byte 0xB7) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		{"utf-8 and a cut character", sheet, NULL, "\xe5\xbc", WMSJ_ENC_AUTO,
		 "t.csv:5: invalid UTF-8 at column 5 (byte 0xE5) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		{"utf-8 and one gbk character", sheet, NULL, "\xd5\xc5", WMSJ_ENC_AUTO,
		 "t.csv:5: invalid UTF-8 at column 5 (byte 0xD5) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		/* every UTF-8 line here also reads as GB18030: the count decides */
		{"utf-8 names of two characters", "name\n张三\n李四\n王五~\n", NULL, "\xff",
		 WMSJ_ENC_AUTO,
		 "t.csv:4: invalid UTF-8 at column 3 (byte 0xFF) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		{"utf-8, stray byte at a line start", "a\n张三丰\n~张三\n", NULL, "\x80", WMSJ_ENC_AUTO,
		 "t.csv:3: invalid UTF-8 at column 1 (byte 0x80) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		{"utf-8, CR line ends", "a\r张三丰\r~李四\r", NULL, "\xff", WMSJ_ENC_AUTO,
		 "t.csv:3: invalid UTF-8 at column 1 (byte 0xFF) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		/* the only non-ASCII text of the file, but mostly UTF-8 */
		{"one utf-8 name and a stray byte", "name,id\n阿依古~丽,1\n", NULL, "\xb7", WMSJ_ENC_AUTO,
		 "t.csv:2: invalid UTF-8 at column 4 (byte 0xB7) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		{"utf-8 name, a cut character elsewhere", "name,no\n高德,ZY21~028993\n", NULL, "\xe5\xbc",
		 WMSJ_ENC_AUTO,
		 "t.csv:2: invalid UTF-8 at column 8 (byte 0xE5) though the rest of the file looks like UTF-8; "
		 "correct it, or give --encoding gb18030 if the file is GBK"},
		{"gbk and a byte no encoding has", "姓名\n谢强\n欧阳~\n", "GBK", "\xff", WMSJ_ENC_AUTO,
		 "t.csv:3: cannot decode text as UTF-8 or GB18030"},
		{"ascii and latin-1", "name\nJos~\n", NULL, "\xe9", WMSJ_ENC_AUTO,
		 "t.csv:2: cannot decode text as UTF-8 or GB18030"},
		{"explicit utf-8", sheet, NULL, "\xff", WMSJ_ENC_UTF8,
		 "t.csv:5: invalid UTF-8 at column 5 (byte 0xFF)"},
		{"explicit utf-8 on gbk", sheet, "GBK", NULL, WMSJ_ENC_UTF8,
		 "t.csv:1: invalid UTF-8 at column 1 (byte 0xD0)"},
		{"a BOM says utf-8", "\xef\xbb\xbf名\n~\n", NULL, "\xd5\xc5", WMSJ_ENC_AUTO,
		 "t.csv:2: invalid UTF-8 at column 1 (byte 0xD5)"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[1024], *p = text, *buf;
		size_t len;
		struct csv_table t, want;
		struct wmsj_err err;
		int rc;

		print_message("case %zu: %s\n", i, cases[i].what);
		/* '~' becomes \x01 (never part of a GBK character) to survive
		 * the recoding, then the stray bytes go in its place. */
		for (const char *c = cases[i].text; *c; c++)
			*p++ = *c == '~' ? '\x01' : *c;
		*p = '\0';
		if (cases[i].charset != NULL) {
			buf = recode(text, cases[i].charset, &len);
		} else {
			len = strlen(text);
			buf = malloc(len);
			memcpy(buf, text, len);
		}
		{
			const char *stray = cases[i].stray != NULL ? cases[i].stray : "";
			size_t ns = strlen(stray), n = 0;
			char *b = malloc(len + 8);

			for (size_t k = 0; k < len; k++)
				if (buf[k] == '\x01') {
					memcpy(b + n, stray, ns);
					n += ns;
				} else {
					b[n++] = buf[k];
				}
			free(buf);
			buf = b;
			len = n;
		}
		/* the text without the stray bytes, to compare with */
		for (p = text; *p; p++)
			if (*p == '\x01')
				memmove(p, p + 1, strlen(p));
		rc = csv_table_parse(&t, "t.csv", buf, len, cases[i].enc, &err);
		if (cases[i].msg != NULL) {
			assert_int_equal(rc, WMSJ_BADDATA);
			assert_string_equal(err.msg, cases[i].msg);
		} else {
			/* The same table as the UTF-8 text itself. */
			assert_int_equal(rc, WMSJ_OK);
			assert_int_equal(parse(&want, text, WMSJ_ENC_UTF8, &err), WMSJ_OK);
			assert_int_equal(t.ncols, want.ncols);
			assert_int_equal(t.nrows, want.nrows);
			for (size_t k = 0; k < t.ncols; k++)
				assert_string_equal(t.header[k], want.header[k]);
			for (size_t r = 0; r < t.nrows; r++)
				for (size_t k = 0; k < t.ncols; k++)
					assert_string_equal(t.rows[r].fields[k], want.rows[r].fields[k]);
			csv_table_release(&want);
		}
		csv_table_release(&t);
		free(buf);
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

/* Lines with no quote are split without libcsv: the same table, status
 * and message as libcsv gives, line for line. */
static void
test_fast_path_same(void **state)
{
	static const char *const inputs[] = {
		"a,b,c\n1,2,3\n",
		"a,b\n x , y \n\t1\t,2\n",              /* blanks around fields */
		"a,b\n\n   \n1,2\n\n",                 /* blank lines: no record */
		"a,b\r\n1,2\r\n3,4",                    /* CRLF, no final newline */
		"a,b\r1,2\r",                            /* CR alone */
		"a,b\n,\n1,\n,2\n",                     /* empty fields */
		"a,b\n1,2,3\n",                          /* too many fields */
		"a,b\n1\n",                              /* too few */
		"a,b\n\"x\ny\",2\n3,4\n",                /* a quoted field over lines */
		"a,b\n1,x\"y\n",                         /* a quote inside: libcsv's error */
		"a,b\n\"1\",\" 2 \"\n  ,  \n",          /* quoted blanks kept */
		"a, b ,c \n",                             /* a header alone */
		"\n\n",
		"名,站\n张三,610724109001\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct csv_table a, b;
		struct wmsj_err ea, eb;
		int ra, rb;

		csv_fast_path(1);
		ra = parse(&a, inputs[i], WMSJ_ENC_UTF8, &ea);
		csv_fast_path(0);
		rb = parse(&b, inputs[i], WMSJ_ENC_UTF8, &eb);
		csv_fast_path(1);
		assert_int_equal(ra, rb);
		if (ra != WMSJ_OK) {
			assert_string_equal(ea.msg, eb.msg);
		} else {
			assert_int_equal(a.ncols, b.ncols);
			assert_int_equal(a.nrows, b.nrows);
			for (size_t k = 0; k < a.ncols; k++)
				assert_string_equal(a.header[k], b.header[k]);
			for (size_t r = 0; r < a.nrows; r++) {
				assert_int_equal(a.rows[r].line, b.rows[r].line);
				for (size_t k = 0; k < a.ncols; k++)
					assert_string_equal(a.rows[r].fields[k], b.rows[r].fields[k]);
			}
		}
		csv_table_release(&a);
		csv_table_release(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_fast_path_same),
		cmocka_unit_test(test_bom_crlf_blank),
		cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_auto_encoding),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_encoding_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
