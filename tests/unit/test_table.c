/* table: the activity menu and applications registers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fsio.h"
#include "status.h"
#include "table.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	return scratch_make("table");
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

static void
write_file(const char *name, const char *text)
{
	char *path = fsio_path(dir, name);
	FILE *f = fopen(path, "w");

	free(path);
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void
test_missing_is_empty(void **state)
{
	struct table t;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(table_load(&t, dir, ACTIVITY_FILE, activity_cols, &err), WMSJ_OK);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.ncols, AC_CHANGES + 1);
	assert_int_equal(table_col(&t, "title"), AC_TITLE);
	assert_int_equal(table_col(&t, "nosuch"), -1);
	assert_int_equal(table_find(&t, AC_ID, "A1"), -1);
	table_release(&t);
}

static void
test_roundtrip(void **state)
{
	struct table t, u;
	struct wmsj_err err;
	const char *row[AC_CHANGES + 1] = {
		"A610724109001-0001", "610724109001", "2026-11-10", "theory",
		"宣讲,\"党的二十大\"\n精神", "5", "2.5", NULL, "村民", "=HYPERLINK(\"x\")", "", "", ""
	};
	char *path;
	struct stat st;

	(void)state;
	assert_int_equal(table_load(&t, dir, ACTIVITY_FILE, activity_cols, &err), WMSJ_OK);
	assert_int_equal(table_add(&t, row), 0);
	row[0] = "A610724109001-0002";
	assert_int_equal(table_add(&t, row), 1);
	table_set(&t, 1, AC_POINTS, "8");
	assert_int_equal(table_save(&t, &err), WMSJ_OK);
	table_release(&t);

	/* Registers are private (they sit beside ID numbers). */
	path = fsio_path(dir, ACTIVITY_FILE);
	assert_int_equal(stat(path, &st), 0);
	free(path);
	assert_int_equal(st.st_mode & 077, 0);

	assert_int_equal(table_load(&u, dir, ACTIVITY_FILE, activity_cols, &err), WMSJ_OK);
	assert_int_equal(u.n, 2);
	/* Commas, quotes and newlines come back as they went in; stored data is
	 * never altered (formula neutralising is for output only). */
	assert_string_equal(u.rows[0][AC_TITLE], "宣讲,\"党的二十大\"\n精神");
	assert_string_equal(u.rows[0][AC_CONTENT], "=HYPERLINK(\"x\")");
	assert_string_equal(u.rows[0][AC_PLACE], "");
	assert_string_equal(u.rows[1][AC_POINTS], "8");
	assert_int_equal(table_find(&u, AC_ID, "A610724109001-0002"), 1);
	assert_int_equal(u.lines[0], 2);
	assert_int_equal(u.lines[1], 4);   /* the first row spans two lines */
	table_release(&u);
}

static void
test_columns_by_name(void **state)
{
	struct table t;
	struct wmsj_err err;

	(void)state;
	/* Any column order; extra columns dropped. */
	write_file(APPLY_FILE, "extra,txn,decided,created,reason,status,volunteer,activity,id\r\n"
			       "x,,,2026-11-01T09:00:00,,pending,V1,A1,P1\r\n");
	assert_int_equal(table_load(&t, dir, APPLY_FILE, apply_cols, &err), WMSJ_OK);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.rows[0][AP_ID], "P1");
	assert_string_equal(t.rows[0][AP_STATUS], "pending");
	assert_string_equal(t.rows[0][AP_ACTIVITY], "A1");
	table_release(&t);

	/* A menu written before cancel/correct: status, reason, changes read
	 * as empty; any other missing column is still refused. */
	write_file(ACTIVITY_FILE, "id,station,date,platform,title,points,hours,place,target,content,"
				  "organizer,responsible,created\nA1,S1,2026-11-10,理论宣讲,植树,5,2,,,,,,\n");
	assert_int_equal(table_load(&t, dir, ACTIVITY_FILE, activity_cols, &err), WMSJ_OK);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.rows[0][AC_STATUS], "");
	assert_string_equal(t.rows[0][AC_CHANGES], "");
	table_release(&t);
	write_file(ACTIVITY_FILE, "id,station,date,platform,points,hours,place,target,content,"
				  "organizer,responsible,created,status\n");
	assert_int_equal(table_load(&t, dir, ACTIVITY_FILE, activity_cols, &err), WMSJ_BADDATA);
	assert_non_null(strstr(err.msg, "'title'"));
	table_release(&t);

	/* A missing column names the file and line 1. */
	write_file(APPLY_FILE, "id,activity,volunteer,status\nP1,A1,V1,pending\n");
	assert_int_equal(table_load(&t, dir, APPLY_FILE, apply_cols, &err), WMSJ_BADDATA);
	assert_non_null(strstr(err.msg, "applications.csv:1"));
	assert_non_null(strstr(err.msg, "reason"));
	table_release(&t);

	/* A malformed row names its line. */
	write_file(APPLY_FILE, "id,activity,volunteer,status,reason,created,decided,txn\n"
			       "P1,A1,V1,pending,,,,\nP2,A1\n");
	assert_int_equal(table_load(&t, dir, APPLY_FILE, apply_cols, &err), WMSJ_BADDATA);
	assert_non_null(strstr(err.msg, ":3:"));
	table_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_by_name, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
