/* Masking for public outputs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"
#include "mask.h"

static void
eq(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

/* Every name is masked so that no full given name shows, whatever it holds. */
static void
test_names(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{"张三", "张*"},
		{"王小国", "王*国"},
		{"欧阳小华", "欧阳*华"},
		{"欧阳华", "欧阳*"},
		{"阿依古丽·买买提", "阿*丽·买*提"},
		{"李𠮷", "李*"},
		{"吉𠮷祥", "吉*祥"},
		{"John Smith", "J*** S****"},
		/* single-character parts: only a leading surname or initial shows */
		{"𠮷", "*"},
		{"李·四", "李·*"},
		{"李・四", "李・*"},
		{"W X", "W *"},
		{"X", "*"},
		{"Li", "L*"},
		/* spaces: trimmed, collapsed, and insignificant between Chinese characters */
		{"王 明", "王*"},
		{"王　明", "王*"},                      /* U+3000 ideographic space */
		{"  王   明  ", "王*"},
		{"欧阳 小华", "欧阳*华"},
		{"王\xc2\xa0小国", "王*国"},           /* no-break space */
		/* names that predate the rules: invisible and direction characters dropped */
		{"\xe2\x80\xae张三", "张*"},          /* U+202E */
		{"王\xe2\x80\x8b明", "王*"},          /* U+200B */
		{"\xef\xbb\xbf李四", "李*"},          /* U+FEFF */
		{"\xe2\x81\xa6张三\xe2\x81\xa9", "张*"},  /* U+2066 ... U+2069 */
		{"张\t三", "张*"},
		{"a\xc2\x9b" "b", "a*"},
		{"\xff王明", "王*"},                    /* not UTF-8 */
		{"", ""},
		{"   ", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *got = mask_name(t[i].in);

		if (strcmp(got, t[i].want) != 0)
			print_error("mask_name case %zu: got '%s', want '%s'\n", i, got, t[i].want);
		assert_string_equal(got, t[i].want);
		free(got);
	}
}

static void
test_numbers(void **state)
{
	(void)state;
	eq(mask_idnum("11010519491231002X"), "110105********002X");
	eq(mask_phone("13812345678"), "138****5678");
	eq(mask_card("610724109001-000012"), "610724109001-******");
	eq(mask_card("AB123456"), "AB******");
	eq(mask_card("4301-1"), "4301-*");
	eq(mask_card("AB1"), "***");
}

/* Messages: whatever looks like an ID number or a phone is masked, wherever
 * the message is made; codes, cards, ids, dates and hashes stay. */
static void
test_messages(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{"x.csv:2: unknown station '440524188001010014'", "x.csv:2: unknown station '440524********0014'"},
		{"unknown station '11010519491231002X'", "unknown station '110105********002X'"},
		{"unknown station '11010519491231002x'", "unknown station '110105********002x'"},
		{"no volunteer '110105491231002'", "no volunteer '110105*****1002'"},
		{"unknown station '13812345679'", "unknown station '138****5679'"},
		{"phone 138-1234-5679 and 138 1234 5679", "phone 138-****-5679 and 138 **** 5679"},
		{"phone 8613812345679, +86 138 1234 5679", "phone 86138****5679, +86 138 **** 5679"},
		{"电话13812345679。", "电话138****5679。"},
		{"station '610724109001'", "station '610724109001'"},
		{"card '610724109001-000012'", "card '610724109001-000012'"},
		{"volunteer 'V610724109001-0001'", "volunteer 'V610724109001-0001'"},
		{"T00000012:1381234567912345678ab", "T00000012:1381234567912345678ab"},
		{"2026-11-22T10:00:00 sequence T13812345679", "2026-11-22T10:00:00 sequence T13812345679"},
		{"12812345679 138123456790 1381234567", "12812345679 138123456790 1381234567"},
		{"abc13812345679 1101051949123100211", "abc13812345679 1101051949123100211"},
		{"", ""},
	};
	struct wmsj_err err;
	struct wmsj_errlist l;

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char buf[256];

		snprintf(buf, sizeof buf, "%s", t[i].in);
		mask_personal_text(buf);
		if (strcmp(buf, t[i].want) != 0)
			print_error("case %zu: got '%s'\n", i, buf);
		assert_string_equal(buf, t[i].want);
	}
	/* at the shared level: every message a library function makes */
	wmsj_err_set(&err, WMSJ_REFUSED, "unknown station '%s'", "440524188001010014");
	assert_string_equal(err.msg, "unknown station '440524********0014'");
	wmsj_err_sys(&err, 2, "cannot open '%s'", "13812345679.csv");
	assert_string_equal(err.msg, "cannot open '138****5679.csv': No such file or directory");
	wmsj_errlist_init(&l);
	wmsj_errlist_add(&l, WMSJ_REFUSED, "%s:%d: unknown station '%s'", "a.csv", 2, "13812345679");
	assert_string_equal(l.msgs[0], "a.csv:2: unknown station '138****5679'");
	wmsj_errlist_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
