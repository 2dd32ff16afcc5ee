/* What every tool gets from cli_init before it touches a register. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <pwd.h>
#include <unistd.h>
#include <cmocka.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cli.h"
#include "status.h"
#include "clock.h"
#include "labels.h"

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

/* A command table as the tools write one. */
static const struct cli_cmd cmds[] = {
	{"", "[--year YYYY] [--station CODE]", 0},
	{"activity add", "activity add --station CODE --date D\n               [--hours H]", 1},
	{"activity list", "activity list [--station CODE] [--month YYYY-MM]", 1},
	{"award", "award --activity ACT [--points N] KEY...|-", 2},
	{"ranking", "ranking --year YYYY [--stations | --all]", 3},
	{"list", "list [--eligible [--date D]] [--status active|suspended]", 4},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])

static void
test_cmd_find(void **state)
{
	(void)state;
	assert_int_equal(cli_cmd_find(cmds, NCMDS, "award", "V1")->id, 2);
	assert_string_equal(cli_cmd_find(cmds, NCMDS, "activity", "list")->name, "activity list");
	assert_null(cli_cmd_find(cmds, NCMDS, "activity", NULL));
	assert_null(cli_cmd_find(cmds, NCMDS, "activity", "frob"));
	assert_null(cli_cmd_find(cmds, NCMDS, "awar", NULL));
	assert_null(cli_cmd_find(cmds, NCMDS, "act", "list"));
	assert_string_equal(cli_cmd_find(cmds, NCMDS, "", NULL)->name, "");
}

/* The synopsis is the option table: an option is taken when the synopsis
 * names it whole (not a longer option it begins), on any of its lines. */
static const struct {
	const char *cmd, *verb, *opt;
	int takes;
} takes[] = {
	{"award", NULL, "activity", 1},
	{"award", NULL, "points", 1},
	{"award", NULL, "act", 0},            /* a prefix of --activity */
	{"award", NULL, "station", 0},
	{"ranking", NULL, "stations", 1},
	{"ranking", NULL, "station", 0},      /* --stations is another option */
	{"ranking", NULL, "all", 1},          /* after "|" */
	{"list", NULL, "date", 1},            /* nested brackets */
	{"list", NULL, "eligible", 1},
	{"list", NULL, "active", 0},          /* a value, not an option */
	{"activity", "add", "hours", 1},      /* a continuation line */
	{"activity", "add", "month", 0},
	{"activity", "list", "month", 1},
	{"activity", NULL, "month", 1},       /* no verb: any of the family */
	{"activity", "frob", "hours", 1},
	{"activity", NULL, "year", 0},
	{"", NULL, "year", 1},
	{"", NULL, "points", 0},
	{"nosuch", NULL, "year", -1},
};

static void
test_cmd_takes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof takes / sizeof takes[0]; i++) {
		int got = cli_cmd_takes(cmds, NCMDS, takes[i].cmd, takes[i].verb, takes[i].opt);

		if (got != takes[i].takes)
			fail_msg("%s %s --%s: %d, expected %d", takes[i].cmd,
				 takes[i].verb ? takes[i].verb : "", takes[i].opt, got, takes[i].takes);
	}
}

static void
test_cmd_check_options(void **state)
{
	const char *ok[] = {"activity", "points"};
	const char *bad[] = {"activity", "year"};

	(void)state;
	assert_int_equal(cli_cmd_check_options(cmds, NCMDS, "award", NULL, ok, 2), WMSJ_OK);
	assert_int_equal(cli_cmd_check_options(cmds, NCMDS, "award", NULL, bad, 2), WMSJ_USAGE);
	assert_int_equal(cli_cmd_check_options(cmds, NCMDS, "", NULL, bad + 1, 1), WMSJ_OK);
	assert_int_equal(cli_cmd_check_options(cmds, NCMDS, "", NULL, ok, 1), WMSJ_USAGE);
	/* an unknown command is the dispatch's to report */
	assert_int_equal(cli_cmd_check_options(cmds, NCMDS, "nosuch", NULL, bad, 2), WMSJ_OK);
}

/* The environment is the tool's: cli_init passes it to the library, which
 * never reads it.  In a test build (as this one) the clock's hooks count;
 * a malformed value is ignored. */
static void
test_env_passed(void **state)
{
	struct cli_common c;
	FILE *f = tmpfile();

	(void)state;
	setenv("WMSJ_TODAY", "2031-02-03", 1);
	setenv("WMSJ_NOW", "2031-02-03T04:05:06", 1);
	setenv("COLUMNS", "77", 1);
	cli_init(&c, "wmsj-points");
	assert_string_equal(wmsj_today(), "2031-02-03");
	assert_string_equal(wmsj_now(), "2031-02-03T04:05:06");
	assert_non_null(f);
	assert_int_equal(out_term_width(f), 77);
	setenv("WMSJ_TODAY", "2031-02-30", 1);
	unsetenv("COLUMNS");
	cli_init(&c, "wmsj-points");
	assert_string_equal(wmsj_today(), "2031-02-03");
	assert_int_equal(out_term_width(f), 0);
	/* once set, the library keeps its clock whatever the environment says */
	setenv("WMSJ_TODAY", "2040-01-01", 1);
	assert_string_equal(wmsj_today(), "2031-02-03");
	unsetenv("WMSJ_TODAY");
	unsetenv("WMSJ_NOW");
	fclose(f);
}

/* The clerk of an entry that names none: the option, $WMSJ_CLERK, the login. */
static void
test_clerk(void **state)
{
	struct passwd *pw = getpwuid(getuid());
	const char *login = pw != NULL ? pw->pw_name : "unknown";
	char *want = strdup(login);

	(void)state;
	setenv("WMSJ_CLERK", "刘专干", 1);
	assert_string_equal(cli_clerk("王芳"), "王芳");
	assert_string_equal(cli_clerk(NULL), "刘专干");
	assert_string_equal(cli_clerk(""), "刘专干");
	setenv("WMSJ_CLERK", "", 1);
	assert_string_equal(cli_clerk(NULL), want);
	unsetenv("WMSJ_CLERK");
	assert_string_equal(cli_clerk(""), want);
	assert_string_equal(cli_clerk("王芳"), "王芳");
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_core_dumps),
		cmocka_unit_test(test_cmd_find),
		cmocka_unit_test(test_cmd_takes),
		cmocka_unit_test(test_cmd_check_options),
		cmocka_unit_test(test_env_passed),
		cmocka_unit_test(test_clerk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
