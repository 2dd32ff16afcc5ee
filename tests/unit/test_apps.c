/* An application's status is what the ledger records (apps.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "apps.h"
#include "ledger.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	return scratch_make("apps");
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

/* Award rows in the ledger: volunteer, activity, ref. */
static const char *const awards[][3] = {
	{"V1", "A1", "P1"},     /* P1's award */
	{"V9", "A1", "P2"},     /* names P2 but is another volunteer's: not P2's */
	{"V3", "A1", "P3"},     /* P3 was rejected in the register: stays rejected */
	{"V5", "A2", "P5"},     /* P5's award, its activity dated later */
	{"V6", "A1", ""},       /* an award without an application */
};

/* Applications: id, activity, volunteer, status in the register, then the
 * status and txn expected after the overlay. */
static const char *const cases[][6] = {
	{"P1", "A1", "V1", "pending", "approved", "T00000001"},
	{"P2", "A1", "V2", "pending", "pending", ""},
	{"P3", "A1", "V3", "rejected", "rejected", ""},
	{"P4", "A1", "V4", "pending", "pending", ""},
	{"P5", "A2", "V5", "pending", "approved", "T00000004"},
	{"P6", "A9", "V6", "pending", "pending", ""},   /* unknown activity */
	{"P7", "A1", "V7", "approved", "approved", "T00000099"},   /* kept */
};

static void
test_from_ledger(void **state)
{
	struct ledger_writer *w;
	struct wmsj_err err;
	struct table apps, acts;
	const char *a1[AC_CHANGES + 1] = {"A1", "", "2026-09-15"}, *a2[AC_CHANGES + 1] = {"A2", "", "2026-10-12"};
	size_t changed;

	(void)state;
	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof awards / sizeof awards[0]; i++) {
		struct ledger_entry e;

		memset(&e, 0, sizeof e);
		e.kind = LK_AWARD;
		e.reverses = LK_NONE;
		e.date = strcmp(awards[i][1], "A1") == 0 ? "2026-09-15" : "2026-10-12";
		e.volunteer = awards[i][0];
		e.points = 10;
		e.activity = awards[i][1];
		e.ref = awards[i][2][0] != '\0' ? awards[i][2] : NULL;
		e.recorder = e.certifier = "王芳";
		e.supervisor = "李明";
		assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	}
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);

	assert_int_equal(table_load(&acts, dir, ACTIVITY_FILE, activity_cols, &err), WMSJ_OK);
	table_add(&acts, a1);
	table_add(&acts, a2);
	assert_int_equal(table_load(&apps, dir, APPLY_FILE, apply_cols, &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *v[8] = {cases[i][0], cases[i][1], cases[i][2], cases[i][3], "", "", "",
				    strcmp(cases[i][3], "approved") == 0 ? cases[i][5] : ""};
		table_add(&apps, v);
	}
	assert_int_equal(apps_from_ledger(&apps, &acts, dir, &changed, &err), WMSJ_OK);
	assert_int_equal(changed, 2);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_equal(apps.rows[i][AP_ID], cases[i][0]);
		if (strcmp(apps.rows[i][AP_STATUS], cases[i][4]) != 0 ||
		    strcmp(apps.rows[i][AP_TXN], cases[i][5]) != 0)
			fail_msg("%s: %s %s, expected %s %s", cases[i][0], apps.rows[i][AP_STATUS],
				 apps.rows[i][AP_TXN], cases[i][4], cases[i][5]);
	}
	table_release(&apps);
	table_release(&acts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_from_ledger, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
