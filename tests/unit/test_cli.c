/* What every tool gets from cli_init before it touches a register. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/resource.h>
#include <cmocka.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cli.h"

static void
test_no_core_dumps(void **state)
{
	struct cli_common c;
	struct rlimit rl;

	(void)state;
	cli_init(&c, "/usr/bin/wmsj-volunteer");
	assert_string_equal(wmsj_progname, "wmsj-volunteer");
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_true(rl.rlim_cur == 0);
	assert_true(rl.rlim_max == 0);
#ifdef __linux__
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_core_dumps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
