/* Unit tests for err.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"

static void
test_err(void **state)
{
	struct wmsj_err err;
	struct wmsj_errlist l;
	char longer[3000];

	(void)state;
	assert_int_equal(wmsj_err_set(&err, WMSJ_BADDATA, "%s:%d: unknown station '%s'",
				      "volunteers.csv", 12, "999"), WMSJ_BADDATA);
	assert_int_equal(err.status, WMSJ_BADDATA);
	assert_string_equal(err.msg, "volunteers.csv:12: unknown station '999'");
	assert_int_equal(wmsj_err_sys(&err, ENOSPC, "cannot write '%s'", "ledger.csv"), WMSJ_SYSERR);
	assert_non_null(strstr(err.msg, "cannot write 'ledger.csv': "));
	assert_non_null(strstr(err.msg, strerror(ENOSPC)));
	/* A NULL err is allowed: only the status comes back. */
	assert_int_equal(wmsj_err_set(NULL, WMSJ_REFUSED, "x"), WMSJ_REFUSED);
	/* An over-long message is cut, never overflows. */
	memset(longer, 'z', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	wmsj_err_set(&err, WMSJ_BADDATA, "%s", longer);
	assert_int_equal(strlen(err.msg), sizeof err.msg - 1);
	wmsj_err_clear(&err);
	assert_int_equal(err.status, WMSJ_OK);

	wmsj_errlist_init(&l);
	assert_int_equal(l.status, WMSJ_OK);
	wmsj_errlist_add(&l, WMSJ_REFUSED, "row %d", 2);
	wmsj_errlist_add(&l, WMSJ_BADDATA, "row %d", 5);
	wmsj_errlist_add(&l, WMSJ_REFUSED, "row %d", 9);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.status, WMSJ_BADDATA);   /* the worst one */
	assert_string_equal(l.msgs[1], "row 5");
	wmsj_errlist_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
