/* The notice's rules that need no ledger: when a quarter is over. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "notice.h"

/* Only a quarter whose last day is before today has a final notice. */
static void
test_quarter_over(void **state)
{
	static const struct { int y, q; const char *today; int over; } t[] = {
		{2026, 3, "2026-09-30", 0},   /* its last day: not over yet */
		{2026, 3, "2026-10-01", 1},
		{2026, 4, "2026-11-22", 0},
		{2026, 4, "2026-12-31", 0},
		{2026, 4, "2027-01-01", 1},
		{2026, 1, "2026-03-31", 0},
		{2026, 1, "2026-04-01", 1},
		{2027, 1, "2026-11-22", 0},   /* a quarter to come */
		{2025, 4, "2026-11-22", 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		assert_int_equal(notice_quarter_over(t[i].y, t[i].q, t[i].today), t[i].over);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quarter_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
