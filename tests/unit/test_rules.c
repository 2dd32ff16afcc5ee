/* rules: a volunteer's status parsed once, and who may earn, redeem and be
 * commended on a date, with the reason when not: one table, every branch. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "rules.h"

static void
test_status(void **state)
{
	static const struct {
		const char *s;
		enum vstatus st;
		const char *name;
	} cases[] = {
		{"active", VS_ACTIVE, "active"},
		{"suspended", VS_SUSPENDED, "suspended"},
		{"withdrawn", VS_WITHDRAWN, "withdrawn"},
		{"Active", VS_INVALID, ""},
		{"active ", VS_INVALID, ""},
		{"", VS_INVALID, ""},
		{NULL, VS_INVALID, ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(vstatus_parse(cases[i].s), cases[i].st);
		assert_string_equal(vstatus_name(cases[i].st), cases[i].name);
	}
	assert_string_equal(vstatus_name((enum vstatus)42), "");
}

enum { E = RULES_EARN, R = RULES_REDEEM, C = RULES_COMMEND };

static void
test_may(void **state)
{
	static const struct {
		int act;
		enum vstatus st;
		int cyear;              /* -1: no clearing given (NULL) */
		const char *cdate;
		const char *date;
		enum rules_why why;
		int year;
		const char *vdate;
	} cases[] = {
		/* active, never cleared */
		{E, VS_ACTIVE, -1, NULL, "2026-06-01", RW_OK, 0, ""},
		{R, VS_ACTIVE, 0, NULL, "2026-06-01", RW_OK, 0, ""},
		{C, VS_ACTIVE, 0, "", "2026-06-01", RW_OK, 0, ""},
		/* suspended, withdrawn: nothing, whatever the clearing */
		{E, VS_SUSPENDED, -1, NULL, "2026-06-01", RW_SUSPENDED, 0, ""},
		{R, VS_SUSPENDED, 0, NULL, "2026-06-01", RW_SUSPENDED, 0, ""},
		{C, VS_SUSPENDED, 0, NULL, "2026-06-01", RW_SUSPENDED, 0, ""},
		{E, VS_WITHDRAWN, 0, NULL, "2026-06-01", RW_WITHDRAWN, 0, ""},
		{R, VS_WITHDRAWN, 0, NULL, "2026-06-01", RW_WITHDRAWN, 0, ""},
		{C, VS_WITHDRAWN, 0, NULL, "2026-06-01", RW_WITHDRAWN, 0, ""},
		{E, VS_SUSPENDED, 2026, "2026-03-01", "2026-06-01", RW_SUSPENDED, 0, ""},
		{E, VS_INVALID, 0, NULL, "2026-06-01", RW_INVALID, 0, ""},
		/* cleared in 2026: nothing dated in 2026, before or after the clearing */
		{E, VS_ACTIVE, 2026, "2026-03-01", "2026-06-01", RW_CLEARED, 2026, ""},
		{E, VS_ACTIVE, 2026, NULL, "2026-01-01", RW_CLEARED, 2026, ""},
		{E, VS_ACTIVE, 2026, "2026-03-01", "2026-02-01", RW_CLEARED, 2026, ""},
		{E, VS_ACTIVE, 2026, NULL, "2026-12-31", RW_CLEARED, 2026, ""},
		{R, VS_ACTIVE, 2026, NULL, "2026-12-31", RW_CLEARED, 2026, ""},
		{C, VS_ACTIVE, 2026, NULL, "2026-12-31", RW_CLEARED, 2026, ""},
		/* ... and rolls over on 1 January */
		{E, VS_ACTIVE, 2026, "2026-03-01", "2027-01-01", RW_OK, 0, ""},
		{R, VS_ACTIVE, 2026, NULL, "2027-01-01", RW_OK, 0, ""},
		{C, VS_ACTIVE, 2026, NULL, "2027-01-01", RW_OK, 0, ""},
		{E, VS_ACTIVE, 2025, "2025-12-31", "2026-01-01", RW_OK, 0, ""},
		/* a clearing of a later year: nothing dated before it (not for commendation) */
		{E, VS_ACTIVE, 2027, "2027-01-05", "2026-12-31", RW_BEFORE_CLEARING, 0, "2027-01-05"},
		{R, VS_ACTIVE, 2027, "2027-01-05", "2026-12-31", RW_BEFORE_CLEARING, 0, "2027-01-05"},
		{C, VS_ACTIVE, 2027, "2027-01-05", "2026-12-31", RW_OK, 0, ""},
		/* its date unknown: the year alone decides */
		{E, VS_ACTIVE, 2027, NULL, "2026-12-31", RW_OK, 0, ""},
		/* an earlier year's clearing is no bar */
		{E, VS_ACTIVE, 2025, "2025-06-01", "2026-06-01", RW_OK, 0, ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_clearing c = {cases[i].cyear, cases[i].cdate};
		struct rules_verdict v;
		enum rules_why w;

		memset(&v, 0x5a, sizeof v);
		w = rules_may((enum rules_act)cases[i].act, cases[i].st,
			      cases[i].cyear < 0 ? NULL : &c, cases[i].date, &v);
		if (w != cases[i].why)
			fail_msg("case %zu: %s, expected %s", i, rules_why_name(w),
				 rules_why_name(cases[i].why));
		assert_int_equal(v.why, w);
		assert_int_equal(v.year, cases[i].year);
		assert_string_equal(v.date, cases[i].vdate);
		assert_int_equal(rules_may((enum rules_act)cases[i].act, cases[i].st,
					   cases[i].cyear < 0 ? NULL : &c, cases[i].date, NULL), w);
	}
}

static void
test_explain(void **state)
{
	static const struct {
		int act;
		enum rules_why why;
		int year;
		const char *date, *msg;
	} cases[] = {
		{E, RW_SUSPENDED, 0, "", "volunteer 'V1' is suspended; only active volunteers earn points"},
		{E, RW_WITHDRAWN, 0, "", "volunteer 'V1' is withdrawn; only active volunteers earn points"},
		{R, RW_SUSPENDED, 0, "", "volunteer 'V1' is suspended; the card cannot be used"},
		{R, RW_WITHDRAWN, 0, "", "volunteer 'V1' is withdrawn; the card cannot be used"},
		{C, RW_SUSPENDED, 0, "", "volunteer 'V1' is suspended and is not commended"},
		{C, RW_WITHDRAWN, 0, "", "volunteer 'V1' is withdrawn and is not commended"},
		{E, RW_CLEARED, 2026, "",
		 "volunteer 'V1' was cleared in 2026 and earns nothing until 1 January 2027"},
		{R, RW_CLEARED, 2026, "",
		 "volunteer 'V1' was cleared in 2026; the card cannot be used until 1 January 2027"},
		{C, RW_CLEARED, 2026, "",
		 "volunteer 'V1' was cleared in 2026 and is not commended until 1 January 2027"},
		{E, RW_BEFORE_CLEARING, 0, "2027-01-05",
		 "volunteer 'V1' was cleared on 2027-01-05; nothing may be dated before the clearing"},
		{R, RW_BEFORE_CLEARING, 0, "2027-01-05",
		 "volunteer 'V1' was cleared on 2027-01-05; nothing may be dated before the clearing"},
	};

	(void)state;
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C", 1);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_verdict v;
		struct wmsj_err err;

		memset(&v, 0, sizeof v);
		v.why = cases[i].why;
		v.year = cases[i].year;
		strcpy(v.date, cases[i].date);
		assert_int_equal(rules_explain(&v, (enum rules_act)cases[i].act, "V1", &err), WMSJ_REFUSED);
		assert_int_equal(err.status, WMSJ_REFUSED);
		assert_string_equal(err.msg, cases[i].msg);
	}
	{
		struct rules_verdict ok = {RW_OK, 0, ""};
		struct wmsj_err err = {0, "untouched"};

		assert_int_equal(rules_explain(&ok, RULES_EARN, "V1", &err), WMSJ_OK);
		assert_string_equal(err.msg, "untouched");
	}
	assert_string_equal(rules_why_name(RW_OK), "");
	assert_string_equal(rules_why_name(RW_CLEARED), "cleared");
	assert_string_equal(rules_why_name(RW_BEFORE_CLEARING), "before-clearing");
	assert_string_equal(rules_why_name(RW_SUSPENDED), "suspended");
	assert_string_equal(rules_why_name(RW_WITHDRAWN), "withdrawn");
	assert_string_equal(rules_why_name(RW_INVALID), "invalid");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_may),
		cmocka_unit_test(test_explain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
