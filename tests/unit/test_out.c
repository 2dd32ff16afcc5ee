/* Output: display width, table alignment, CSV quoting and injection. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "out.h"

static char *
render(enum wmsj_format fmt, const char *const *cols, size_t nc, const char *const *rows, size_t nr)
{
	char *buf = NULL;
	size_t len = 0;
	struct out o;
	struct wmsj_err err;

	out_init(&o, fmt, 0, cols, nc);
	o.fp = open_memstream(&buf, &len);
	for (size_t r = 0; r < nr; r++)
		out_row(&o, rows + r * nc);
	{
		FILE *f = o.fp;
		assert_int_equal(out_finish(&o, &err), WMSJ_OK);
		fclose(f);
	}
	return buf;
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(wmsj_display_width("abc"), 3);
	assert_int_equal(wmsj_display_width("张三"), 4);
	assert_int_equal(wmsj_display_width("李𠮷"), 4);
	assert_int_equal(wmsj_display_width("阿依·买"), 7);  /* the middle dot is narrow */
}

static void
test_table(void **state)
{
	static const char *const cols[] = {"name", "points"};
	static const char *const rows[] = {"张三", "10", "Li", "5"};
	char *s = render(WMSJ_FMT_TABLE, cols, 2, rows, 2);

	(void)state;
	assert_string_equal(s,
		"name  points\n"
		"----  ------\n"
		"张三      10\n"
		"Li         5\n");
	free(s);
}

static void
test_csv(void **state)
{
	static const char *const cols[] = {"a", "b", "c"};
	static const char *const rows[] = {"=1+1", "-12", "x,\"y\"", "@SUM(A1)", "+3.5", "-x"};
	char *s = render(WMSJ_FMT_CSV, cols, 3, rows, 2);

	(void)state;
	assert_string_equal(s, "a,b,c\n'=1+1,-12,\"x,\"\"y\"\"\"\n'@SUM(A1),+3.5,'-x\n");
	free(s);
}

static void
test_full(void **state)
{
	static const char *const cols[] = {"a"};
	struct out o;
	struct wmsj_err err;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(f);
	out_init(&o, WMSJ_FMT_CSV, 0, cols, 1);
	o.fp = f;
	assert_int_equal(out_finish(&o, &err), WMSJ_SYSERR);
	assert_string_equal(err.msg, "write error: No space left on device");
	fclose(f);
}

static void
test_format_names(void **state)
{
	enum wmsj_format f;

	(void)state;
	assert_int_equal(wmsj_format_parse("table", &f), 0);
	assert_int_equal(f, WMSJ_FMT_TABLE);
	assert_int_equal(wmsj_format_parse("json", &f), -1);
}

/* What a terminal table shows for text holding controls and overrides. */
static void
test_tty_escapes(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{"张三", "张三"},
		{"a\tb", "a\\u0009b"},
		{"\x1b[31mred", "\\u001b[31mred"},
		{"a\xc2\x9b" "31mb", "a\\u009b31mb"},          /* C1 CSI */
		{"\xc2\x85", "\\u0085"},                     /* NEL */
		{"\xe2\x80\xae张三", "\\u202e张三"},        /* RLO */
		{"x\xe2\x81\xa6y", "x\\u2066y"},            /* LRI */
		{"\xef\xbb\xbfid", "\\ufeffid"},            /* BOM */
		{"a\xe2\x80\x8b" "b", "a\\u200bb"},            /* zero width space */
		{"\xff\xc2", "\\xff\\xc2"},                /* not UTF-8 */
		{"a\\b", "a\\b"},
	};
	static const char *const cols[] = {"v"};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *got = out_tty_text(t[i].in), *tab, want[128];
		const char *row[] = {t[i].in};

		assert_string_equal(got, t[i].want);
		free(got);
		tab = render(WMSJ_FMT_TABLE, cols, 1, row, 1);
		snprintf(want, sizeof want, "%s\n", t[i].want);
		assert_non_null(strstr(tab, want));
		free(tab);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_tty_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
