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
#include "status.h"

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

/* ---- the bank's rules: each rule's edges, and its message ---------------- */

static void
check_msg(const struct rules_refusal *r, int status, const char *msg, size_t i)
{
	struct wmsj_err err;

	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C", 1);
	assert_int_equal(rules_refusal_explain(r, &err), status);
	if (strcmp(err.msg, msg) != 0)
		fail_msg("case %zu: '%s', expected '%s'", i, err.msg, msg);
}

static void
test_date_open(void **state)
{
	static const struct {
		const char *date, *today, *sealed;
		enum rules_code code;
		const char *msg;
	} cases[] = {
		{"2026-06-15", "2026-06-15", NULL, RC_OK, NULL},
		{"2026-06-16", "2026-06-15", NULL, RC_FUTURE, "the date 2026-06-16 is in the future"},
		{"2027-01-01", "2026-12-31", "", RC_FUTURE, "the date 2027-01-01 is in the future"},
		{"2026-6-15", "2026-06-15", NULL, RC_DATE_FORMAT,
		 "--date needs a date YYYY-MM-DD, not '2026-6-15'"},
		{"2026-02-30", "2026-06-15", NULL, RC_DATE_FORMAT,
		 "--date needs a date YYYY-MM-DD, not '2026-02-30'"},
		{"1999-12-31", "2026-06-15", NULL, RC_BEFORE_FIRST,
		 "the date 1999-12-31 is before 2000-01-01, the earliest date the points bank records"},
		{"2000-01-01", "2026-06-15", NULL, RC_OK, NULL},
		/* a sealed month's last day is refused, the next day is open */
		{"2026-04-30", "2026-06-15", "2026-04", RC_SEALED,
		 "the month of 2026-04-30 is closed (sealed through 2026-04); nothing may be dated into it"},
		{"2026-05-01", "2026-06-15", "2026-04", RC_OK, NULL},
		{"2025-12-31", "2026-06-15", "2026-04", RC_SEALED,
		 "the month of 2025-12-31 is closed (sealed through 2026-04); nothing may be dated into it"},
		{"2026-12-31", "2027-01-02", "2026-12", RC_SEALED,
		 "the month of 2026-12-31 is closed (sealed through 2026-12); nothing may be dated into it"},
		{"2027-01-01", "2027-01-02", "2026-12", RC_OK, NULL},
		/* the future is checked before the seal */
		{"2026-07-01", "2026-06-15", "2026-07", RC_FUTURE, "the date 2026-07-01 is in the future"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_refusal r;
		enum rules_code c = rules_date_open(cases[i].date, cases[i].today, cases[i].sealed, &r);

		if (c != cases[i].code)
			fail_msg("case %zu: %s: code %d, expected %d", i, cases[i].date, c, cases[i].code);
		assert_int_equal(rules_date_open(cases[i].date, cases[i].today, cases[i].sealed, NULL), c);
		if (c != RC_OK)
			check_msg(&r, c == RC_DATE_FORMAT ? WMSJ_USAGE : WMSJ_REFUSED, cases[i].msg, i);
	}
}

static void
test_award_date(void **state)
{
	static const struct {
		const char *date, *today, *sealed;
		enum rules_code code;
		const char *msg;
	} cases[] = {
		{"2026-06-15", "2026-06-15", "", RC_OK, NULL},
		{"2026-06-16", "2026-06-15", "", RC_ACT_FUTURE,
		 "activity 'A1-0001' is dated 2026-06-16, in the future; award after it has taken place"},
		{"2026-03-31", "2026-06-15", "2026-03", RC_ACT_SEALED,
		 "activity 'A1-0001' is dated 2026-03-31, in a closed month (sealed through 2026-03)"},
		{"2026-04-01", "2026-06-15", "2026-03", RC_OK, NULL},
		{"1999-06-01", "2026-06-15", NULL, RC_BEFORE_FIRST,
		 "the date 1999-06-01 is before 2000-01-01, the earliest date the points bank records"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_refusal r;
		enum rules_code c = rules_award_date("A1-0001", cases[i].date, cases[i].today,
						     cases[i].sealed, &r);

		if (c != cases[i].code)
			fail_msg("case %zu: code %d, expected %d", i, c, cases[i].code);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, cases[i].msg, i);
	}
}

static void
test_unsealed(void **state)
{
	static const struct {
		const char *date, *sealed;
		enum rules_code code;
	} cases[] = {
		{"2026-04-30", "2026-04", RC_SEALED},
		{"2026-05-01", "2026-04", RC_OK},
		{"2026-01-01", "2026-04", RC_SEALED},
		{"2099-12-31", "2026-04", RC_OK},   /* no future check here */
		{"2026-04-30", "", RC_OK},
		{"2026-04-30", NULL, RC_OK},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_refusal r;
		enum rules_code c = rules_date_unsealed(cases[i].date, cases[i].sealed, &r);

		if (c != cases[i].code)
			fail_msg("case %zu: code %d, expected %d", i, c, cases[i].code);
		c = rules_activity_unsealed("A1", cases[i].date, cases[i].sealed, &r);
		assert_int_equal(c, cases[i].code == RC_SEALED ? RC_ACT_SEALED : RC_OK);
	}
	{
		struct rules_refusal r;

		rules_activity_unsealed("A1", "2026-04-30", "2026-04", &r);
		check_msg(&r, WMSJ_REFUSED,
			  "activity 'A1' is dated 2026-04-30, in a closed month (sealed through 2026-04)", 0);
		/* the hours as typed, when given */
		assert_int_equal(rules_award_caps(10, 1250, 50, 1200, &r), RC_HOURS_CAP);
		r.what = "12.50";
		check_msg(&r, WMSJ_REFUSED, "12.50 hours is over the cap of 12 (rules.max_hours)", 0);
	}
}

static void
test_award_caps(void **state)
{
	/* wmsj.yaml's defaults (config.h): 50 points, 12 hours (1200 centi-hours) */
	static const struct {
		int64_t points, hours;
		long max_points;
		int64_t max_hours;
		enum rules_code code;
		const char *msg;
	} cases[] = {
		{50, 1200, 50, 1200, RC_OK, NULL},
		{51, 0, 50, 1200, RC_POINTS_CAP, "51 points is over the cap of 50 (rules.max_points)"},
		{0, 0, 50, 1200, RC_OK, NULL},
		{50, 1201, 50, 1200, RC_HOURS_CAP, "12.01 hours is over the cap of 12 (rules.max_hours)"},
		{50, 1250, 50, 1200, RC_HOURS_CAP, "12.5 hours is over the cap of 12 (rules.max_hours)"},
		/* points first */
		{60, 9999, 50, 1200, RC_POINTS_CAP, "60 points is over the cap of 50 (rules.max_points)"},
		{100, 250, 100, 250, RC_OK, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_refusal r;
		enum rules_code c = rules_award_caps(cases[i].points, cases[i].hours,
						     cases[i].max_points, cases[i].max_hours, &r);

		if (c != cases[i].code)
			fail_msg("case %zu: code %d, expected %d", i, c, cases[i].code);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, cases[i].msg, i);
	}
}

static void
test_award_once_self(void **state)
{
	static const struct {
		const char *where;
		size_t live;
		int in_batch;
		const char *certifier;
		enum rules_code once, self;
		const char *msg;
	} cases[] = {
		{NULL, 0, 0, "Li Si", RC_OK, RC_OK, NULL},
		{NULL, 1, 0, "Li Si", RC_DUPLICATE, RC_OK,
		 "volunteer 'V000001' already has an award for activity 'A1-0001'"},
		{"<stdin>:3: ", 2, 1, "Li Si", RC_DUPLICATE, RC_OK,
		 "<stdin>:3: volunteer 'V000001' already has an award for activity 'A1-0001'"},
		{NULL, 0, 1, "Li Si", RC_TWICE, RC_OK, "volunteer 'V000001' appears twice in this batch"},
		{"<stdin>:4: ", 0, 1, "Li Si", RC_TWICE, RC_OK,
		 "<stdin>:4: volunteer 'V000001' appears twice in this batch"},
		/* self-certification: the certifier is the volunteer, by name */
		{NULL, 0, 0, "Zhang San", RC_OK, RC_SELF_CERT,
		 "volunteer 'V000001': the certifier may not certify their own points"},
		{"<stdin>:2: ", 0, 0, "Zhang San", RC_OK, RC_SELF_CERT,
		 "<stdin>:2: volunteer 'V000001': the certifier may not certify their own points"},
		{NULL, 0, 0, "Zhang San ", RC_OK, RC_OK, NULL},
		{NULL, 0, 0, "zhang san", RC_OK, RC_OK, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_refusal r;
		enum rules_code c;

		c = rules_award_once(cases[i].where, "V000001", "A1-0001", cases[i].live,
				     cases[i].in_batch, &r);
		if (c != cases[i].once)
			fail_msg("case %zu: once %d, expected %d", i, c, cases[i].once);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, cases[i].msg, i);
		c = rules_self_certified(cases[i].where, "V000001", "Zhang San", cases[i].certifier, &r);
		if (c != cases[i].self)
			fail_msg("case %zu: self %d, expected %d", i, c, cases[i].self);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, cases[i].msg, i);
	}
}

static void
test_redeem(void **state)
{
	static const struct {
		int64_t bal, qty, need, stock;
		const char *shelf, *shelf_name;
		enum rules_code bcode, scode;
		const char *msg;
	} cases[] = {
		{30, 1, 30, 1, "S01", "East", RC_OK, RC_OK, NULL},
		{29, 1, 30, 5, "S01", "East", RC_BALANCE, RC_OK,
		 "volunteer 'V000001' has 29 points on 2026-05-02; 1 x 'Soap' needs 30"},
		{0, 2, 60, 5, NULL, NULL, RC_BALANCE, RC_OK,
		 "volunteer 'V000001' has 0 points on 2026-05-02; 2 x 'Soap' needs 60"},
		{100, 3, 90, 2, "S01", "East", RC_OK, RC_SHELF_STOCK,
		 "only 2 of 'Soap' in stock at station 'S01' (East) on 2026-05-03; 3 asked"},
		{100, 3, 90, 2, NULL, NULL, RC_OK, RC_STOCK,
		 "only 2 of 'Soap' in stock on 2026-05-03; 3 asked"},
		{100, 3, 90, 3, NULL, NULL, RC_OK, RC_OK, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_refusal r;
		enum rules_code c;

		c = rules_may_redeem("V000001", cases[i].bal, "2026-05-02", cases[i].qty, "Soap",
				     cases[i].need, &r);
		if (c != cases[i].bcode)
			fail_msg("case %zu: balance %d, expected %d", i, c, cases[i].bcode);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, cases[i].msg, i);
		c = rules_shelf_holds(cases[i].stock, "2026-05-03", cases[i].qty, "Soap",
				      cases[i].shelf, cases[i].shelf_name, &r);
		if (c != cases[i].scode)
			fail_msg("case %zu: stock %d, expected %d", i, c, cases[i].scode);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, cases[i].msg, i);
	}
}

static void
test_clear(void **state)
{
	static const struct {
		int cyear;
		const char *date, *last;
		enum rules_code code;
		const char *msg;
	} cases[] = {
		{0, "2026-03-01", "", RC_OK, NULL},
		{0, "2026-03-01", "2026-03-01", RC_OK, NULL},
		{0, "2026-03-01", "2026-03-02", RC_CLEAR_NOT_LAST,
		 "volunteer 'V000001' has rows dated after 2026-03-01 (the last on 2026-03-02); a "
		 "clearing is dated on or after the volunteer's last row"},
		/* one clearing a year: the year rolls over on 1 January */
		{2026, "2026-12-31", "", RC_CLEARED_ALREADY, "volunteer 'V000001' was already cleared in 2026"},
		{2026, "2027-01-01", "2026-12-31", RC_OK, NULL},
		{2025, "2026-01-01", "", RC_OK, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_refusal r;
		enum rules_code c = rules_may_clear("V000001", cases[i].cyear, cases[i].date,
						    cases[i].last, &r);

		if (c != cases[i].code)
			fail_msg("case %zu: code %d, expected %d", i, c, cases[i].code);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, cases[i].msg, i);
	}
}

static void
test_reverse(void **state)
{
	static const struct {
		int kind_bad;
		const char *by, *row_date, *date, *vol, *cleared;
		int64_t points, bal_min;
		int is_stock;
		int64_t qty, stock_min;
		enum rules_code code;
		const char *msg;
	} cases[] = {
		{0, NULL, "2026-03-01", "2026-03-01", "V000001", "", 10, 10, 0, 0, 0, RC_OK, NULL},
		{1, NULL, "2026-03-01", "2026-03-01", "V000001", "", 10, 10, 0, 0, 0, RC_REV_KIND,
		 "'T00000007' is a close row; only award, redeem, stock and clear rows can be reversed"},
		{0, "T00000009", "2026-03-01", "2026-03-01", "V000001", "", 10, 10, 0, 0, 0, RC_REV_AGAIN,
		 "'T00000007' was already reversed by 'T00000009'"},
		{0, "", "2026-03-02", "2026-03-01", "V000001", "", 10, 10, 0, 0, 0, RC_REV_BEFORE,
		 "'T00000007' is dated 2026-03-02; a reversal is dated on or after the row it reverses"},
		{0, NULL, "2026-03-01", "2026-03-01", "V000001", "2026-04-01", 10, 10, 0, 0, 0,
		 RC_REV_CLEARED,
		 "volunteer 'V000001' was cleared on 2026-04-01; nothing may be dated before the clearing"},
		{0, NULL, "2026-03-01", "2026-03-01", "V000001", "", 10, 9, 0, 0, 0, RC_REV_BALANCE,
		 "reversing 'T00000007' would leave volunteer 'V000001' with -1 points; reverse the "
		 "redemptions first"},
		/* a redemption's reversal gives points back: no balance check */
		{0, NULL, "2026-03-01", "2026-03-01", "V000001", "", -30, 0, 0, -1, 0, RC_OK, NULL},
		{0, NULL, "2026-03-01", "2026-03-01", "", "", 0, 0, 1, 5, 4, RC_REV_STOCK,
		 "reversing 'T00000007' would leave less than nothing of 'SOAP' on the shelf"},
		{0, NULL, "2026-03-01", "2026-03-01", "", "", 0, 0, 1, 5, 5, RC_OK, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_refusal r;
		enum rules_code c;

		c = rules_reversible("T00000007", cases[i].kind_bad, "close", cases[i].by, &r);
		if (c == RC_OK)
			c = rules_reverse_date("T00000007", cases[i].row_date, cases[i].date, &r);
		if (c == RC_OK)
			c = rules_reverse_leaves("T00000007", cases[i].vol, cases[i].cleared,
						 cases[i].points, cases[i].bal_min, cases[i].is_stock,
						 "SOAP", cases[i].qty, cases[i].stock_min, &r);
		if (c != cases[i].code)
			fail_msg("case %zu: code %d, expected %d", i, c, cases[i].code);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, cases[i].msg, i);
	}
	{
		struct rules_refusal ok = {.code = RC_OK};
		struct wmsj_err err = {0, "untouched"};

		assert_int_equal(rules_refusal_explain(&ok, &err), WMSJ_OK);
		assert_string_equal(err.msg, "untouched");
	}
}

/* What the audit checks in a row written: a reversal names an earlier
 * row, once; nothing dated before the volunteer's clearing. */
static void
test_audit_rows(void **state)
{
	static const struct {
		const char *ref;
		int parsed;
		uint64_t ref_seq, seq;
		enum rules_code code;
	} rev[] = {
		{"T00000003", 1, 3, 7, RC_OK},
		{"T00000006", 1, 6, 7, RC_OK},
		{"T00000007", 1, 7, 7, RC_REV_NOT_EARLIER},     /* itself */
		{"T00000009", 1, 9, 7, RC_REV_NOT_EARLIER},     /* a later row */
		{"X12", 0, 0, 7, RC_REV_NOT_EARLIER},           /* no transaction id */
	};
	static const struct {
		const char *date, *cleared;
		int reverses_it;
		enum rules_code code;
	} clr[] = {
		{"2026-03-01", "", 0, RC_OK},
		{"2026-03-01", NULL, 0, RC_OK},
		{"2026-03-01", "2026-03-01", 0, RC_OK},         /* the clearing's day */
		{"2026-03-02", "2026-03-01", 0, RC_OK},
		{"2026-02-28", "2026-03-01", 0, RC_BEFORE_CLEARING},
		{"2025-12-31", "2026-03-01", 0, RC_BEFORE_CLEARING},
		{"2026-02-28", "2026-03-01", 1, RC_OK},         /* reversing the clearing */
	};

	(void)state;
	for (size_t i = 0; i < sizeof rev / sizeof rev[0]; i++) {
		struct rules_refusal r;
		enum rules_code c = rules_reverse_target(rev[i].ref, rev[i].parsed, rev[i].ref_seq,
							 rev[i].seq, &r);
		char msg[128];

		if (c != rev[i].code)
			fail_msg("reverse case %zu: code %d, expected %d", i, c, rev[i].code);
		snprintf(msg, sizeof msg, "reverses '%s', which is not an earlier row", rev[i].ref);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, msg, i);
	}
	/* reversed twice: the bank's rule, the same for a row already written */
	assert_int_equal(rules_reversible("T00000003", 0, "award", "T00000008", NULL), RC_REV_AGAIN);
	assert_int_equal(rules_reversible("T00000003", 0, "award", NULL, NULL), RC_OK);
	for (size_t i = 0; i < sizeof clr / sizeof clr[0]; i++) {
		struct rules_refusal r;
		enum rules_code c = rules_after_clearing("V000001", clr[i].date, clr[i].cleared,
							 clr[i].reverses_it, &r);
		char msg[128];

		if (c != clr[i].code)
			fail_msg("clearing case %zu: code %d, expected %d", i, c, clr[i].code);
		snprintf(msg, sizeof msg, "row dated %s for volunteer 'V000001', before their clearing of %s",
			 clr[i].date, clr[i].cleared);
		if (c != RC_OK)
			check_msg(&r, WMSJ_REFUSED, msg, i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_may),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_date_open),
		cmocka_unit_test(test_award_date),
		cmocka_unit_test(test_unsealed),
		cmocka_unit_test(test_award_caps),
		cmocka_unit_test(test_award_once_self),
		cmocka_unit_test(test_redeem),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_reverse),
		cmocka_unit_test(test_audit_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
