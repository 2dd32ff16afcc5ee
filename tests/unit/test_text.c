/* Text checks and names (text.c), UTF-8 and code points (utf8.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text.h"
#include "utf8.h"

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

static void
test_utf8(void **state)
{
	size_t k;

	(void)state;
	assert_int_equal(wmsj_utf8_valid("积分 ok", strlen("积分 ok")), 1);
	assert_int_equal(wmsj_utf8_valid("\xc0\xaf", 2), 0);          /* overlong */
	assert_int_equal(wmsj_utf8_valid("\xed\xa0\x80", 3), 0);      /* surrogate */
	assert_int_equal(wmsj_utf8_prefix((const unsigned char *)"ab\xe7\xa7", 4), 2);
	assert_int_equal(wmsj_utf8_decode("\xe7\xa7\xaf", 3, &k), 0x79ef);
	assert_int_equal(k, 3);
	assert_int_equal(wmsj_utf8_decode("\xff", 1, &k), -1);
	assert_int_equal(k, 1);
	assert_int_equal(wmsj_cp_invisible(0x202e), 1);
	assert_int_equal(wmsj_cp_invisible('a'), 0);
	assert_int_equal(wmsj_cp_space(0x3000), 1);
	assert_int_equal(wmsj_display_width("积分ab"), 6);
	assert_int_equal(wmsj_display_width("e\xcc\x81"), 1);          /* combining */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
