/* Masking for public outputs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

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
	eq(mask_card("610724109001-000012"), "610724109001-****12");
	eq(mask_card("AB123456"), "AB****56");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
