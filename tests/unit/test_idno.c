/* ID numbers (GB 11643) and phones (idno.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "idno.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idnum),
		cmocka_unit_test(test_phone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
