/* activity: the rules of the menu (horizon, duplicates), corrections kept
 * visible, and which activities were held (an award standing). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "activity.h"

static void
menu(struct table *t)
{
	static const char *const rows[][5] = {
		/* id, station, date, title, status */
		{"A1", "S1", "2026-11-10", "植树", ""},
		{"A2", "S1", "2026-11-12", "清扫", ""},
		{"A3", "S1", "2026-10-10", "空活动", ""},
		{"A4", "S1", "2026-11-20", "宣讲", "cancelled"},
		{"A5", "S2", "2026-11-10", "植树", ""},
	};

	memset(t, 0, sizeof *t);
	t->file = ACTIVITY_FILE;
	t->cols = activity_cols;
	while (activity_cols[t->ncols] != NULL)
		t->ncols++;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *v[AC_CHANGES + 1] = {0};

		v[AC_ID] = rows[i][0];
		v[AC_STATION] = rows[i][1];
		v[AC_DATE] = rows[i][2];
		v[AC_TITLE] = rows[i][3];
		v[AC_STATUS] = rows[i][4];
		table_add(t, v);
	}
}

static void
test_check(void **state)
{
	static const struct {
		long self;
		const char *station, *date, *title;
		long horizon;
		int status;
		const char *msg;
	} cases[] = {
		{-1, "S1", "2027-02-20", "新", 90, WMSJ_OK, NULL},
		{-1, "S1", "2027-02-21", "新", 90, WMSJ_REFUSED,
		 "the date 2027-02-21 is more than 90 days after today (rules.activity_horizon_days)"},
		{-1, "S1", "2026-11-23", "新", 0, WMSJ_REFUSED, NULL},
		{-1, "S1", "2026-11-22", "新", 0, WMSJ_OK, NULL},
		{-1, "S1", "2020-01-01", "新", 0, WMSJ_OK, NULL},   /* the past is no horizon's */
		{-1, "S1", "2026-11-10", "植树", 90, WMSJ_REFUSED,
		 "activity 'A1' has the same station, date and title; an activity is published once"},
		{0, "S1", "2026-11-10", "植树", 90, WMSJ_OK, NULL},   /* itself */
		{-1, "S1", "2026-11-10", "植树节", 90, WMSJ_OK, NULL},
		{-1, "S1", "2026-11-11", "植树", 90, WMSJ_OK, NULL},
		{-1, "S3", "2026-11-10", "植树", 90, WMSJ_OK, NULL},
		{-1, "S1", "2026-11-20", "宣讲", 90, WMSJ_OK, NULL},  /* A4 was cancelled */
		{-1, "S1", "2026-02-30", "新", 90, WMSJ_REFUSED, NULL},
	};
	struct table t;
	struct wmsj_err err;

	(void)state;
	menu(&t);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = activity_check(&t, cases[i].self, cases[i].station, cases[i].date,
					cases[i].title, "2026-11-22", cases[i].horizon, &err);

		if (rc != cases[i].status)
			fail_msg("case %zu: status %d, expected %d (%s)", i, rc, cases[i].status,
				 rc != WMSJ_OK ? err.msg : "");
		if (cases[i].msg != NULL)
			assert_string_equal(err.msg, cases[i].msg);
	}
	table_release(&t);
}

static void
test_correct(void **state)
{
	struct table t;

	(void)state;
	menu(&t);
	activity_correct(&t, 0, AC_TITLE, "植树节", "2026-11-22T10:00:00");
	activity_correct(&t, 0, AC_TITLE, "植树节", "2026-11-22T10:00:01");   /* no change */
	activity_correct(&t, 0, AC_DATE, "2026-11-11", "2026-11-22T10:05:00");
	assert_string_equal(t.rows[0][AC_TITLE], "植树节");
	assert_string_equal(t.rows[0][AC_DATE], "2026-11-11");
	assert_string_equal(t.rows[0][AC_CHANGES],
			    "2026-11-22T10:00:00 title 植树 -> 植树节; "
			    "2026-11-22T10:05:00 date 2026-11-10 -> 2026-11-11");
	assert_false(activity_cancelled(&t, 1));
	activity_cancel(&t, 1, "下雨");
	assert_true(activity_cancelled(&t, 1));
	assert_string_equal(t.rows[1][AC_REASON], "下雨");
	table_release(&t);
}

static void
row(struct act_awards *a, enum ledger_kind k, const char *txn, const char *act, const char *ref)
{
	struct ledger_row r;

	memset(&r, 0, sizeof r);
	r.kind = k;
	r.reverses = k == LK_REVERSE ? LK_AWARD : LK_NONE;
	r.txn = txn;
	r.activity = act;
	r.ref = ref;
	act_awards_row(a, &r);
}

static void
test_held(void **state)
{
	struct table t;
	struct act_awards a;

	(void)state;
	menu(&t);
	act_awards_init(&a, "A1");
	row(&a, LK_AWARD, "T1", "A1", "");
	row(&a, LK_AWARD, "T2", "A1", "");
	row(&a, LK_AWARD, "T3", "A2", "");
	row(&a, LK_AWARD, "T4", "A4", "");       /* cancelled later: not held */
	row(&a, LK_AWARD, "T5", "A5", "");
	row(&a, LK_REVERSE, "T6", "A1", "T1");
	row(&a, LK_REVERSE, "T7", "A2", "T3");   /* A2: nobody stands */
	row(&a, LK_REDEEM, "T8", "", "");
	assert_int_equal(act_awards_live(&a, "A1"), 1);
	assert_int_equal(act_awards_ever(&a, "A1"), 2);
	assert_int_equal(act_awards_live(&a, "A2"), 0);
	assert_int_equal(act_awards_ever(&a, "A2"), 1);
	assert_int_equal(act_awards_live(&a, "A3"), 0);
	assert_string_equal(act_awards_txns(&a), "T2");
	/* S1 in November: A1 held; A2 reversed, A4 cancelled; A3 is October's */
	assert_int_equal(activity_held(&t, &a, "S1", "2026-11-01", "2026-11-30"), 1);
	assert_int_equal(activity_held(&t, &a, "S1", "2026-10-01", "2026-10-31"), 0);
	assert_int_equal(activity_held(&t, &a, "S2", NULL, NULL), 1);
	row(&a, LK_REVERSE, "T9", "A1", "T2");
	assert_string_equal(act_awards_txns(&a), "");
	assert_int_equal(activity_held(&t, &a, "S1", NULL, NULL), 0);
	act_awards_release(&a);
	table_release(&t);
}

/* A platform by its Chinese name or English key: the Chinese name. */
static void
test_platform(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"theory", "理论宣讲"}, {"理论宣讲", "理论宣讲"}, {"education", "教育体育"},
		{"culture", "文化文艺"}, {"science", "科技与科普"}, {"科技与科普", "科技与科普"},
		{"health", "卫生健康"}, {"Health", NULL}, {"", NULL}, {"sport", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = activity_platform(cases[i].in);

		if (cases[i].out == NULL)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_correct),
		cmocka_unit_test(test_held),
		cmocka_unit_test(test_platform),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
