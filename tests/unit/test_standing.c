/* standing: star levels at each boundary, the ranking order and its ties,
 * and the station standards decided exactly (participation at the target
 * and one below). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "config.h"
#include "standing.h"

static const long stars[5] = {100, 300, 600, 1000, 1500};

static void
test_star_level(void **state)
{
	static const struct {
		int64_t centi;
		int level;
		int64_t next;
	} cases[] = {
		{-250, 0, 10250},
		{0, 0, 10000},
		{9999, 0, 1},           /* 99.99 h */
		{10000, 1, 20000},      /* 100 h: one star */
		{29999, 1, 1},
		{30000, 2, 30000},
		{59999, 2, 1},
		{60000, 3, 40000},
		{99999, 3, 1},
		{100000, 4, 50000},
		{149999, 4, 1},
		{150000, 5, -1},        /* the top: no next level */
		{900000, 5, -1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct standing_star ss;

		assert_int_equal(standing_star_level(stars, cases[i].centi), cases[i].level);
		assert_int_equal(standing_star(stars, VS_ACTIVE, 0, "2026-11-22", cases[i].centi, &ss),
				 RW_OK);
		assert_int_equal(ss.level, cases[i].level);
		assert_int_equal(ss.next, cases[i].next);
	}
}

static void
test_star_withheld(void **state)
{
	static const struct {
		enum vstatus st;
		int cleared;
		const char *today;
		enum rules_why why;
		int level;
	} cases[] = {
		{VS_ACTIVE, 0, "2026-11-22", RW_OK, 3},
		{VS_ACTIVE, 2025, "2026-11-22", RW_OK, 3},
		{VS_ACTIVE, 2026, "2026-11-22", RW_CLEARED, 0},
		{VS_ACTIVE, 2026, "2026-12-31", RW_CLEARED, 0},
		{VS_ACTIVE, 2026, "2027-01-01", RW_OK, 3},        /* free again on 1 January */
		{VS_SUSPENDED, 0, "2026-11-22", RW_SUSPENDED, 0},
		{VS_WITHDRAWN, 0, "2026-11-22", RW_WITHDRAWN, 0},
		{VS_INVALID, 0, "2026-11-22", RW_INVALID, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct standing_star ss;

		assert_int_equal(standing_star(stars, cases[i].st, cases[i].cleared, cases[i].today,
					       70000, &ss), cases[i].why);
		assert_int_equal(ss.why.why, cases[i].why);
		assert_int_equal(ss.level, cases[i].level);
		if (cases[i].why != RW_OK)
			assert_int_equal(ss.next, -1);
		if (cases[i].why == RW_CLEARED)
			assert_int_equal(ss.why.year, 2026);
	}
}

static void
test_rank_listed(void **state)
{
	static const struct {
		int64_t earned, hours;
		int cleared;
		enum vstatus st;
		int listed;
		enum rules_why why;
	} cases[] = {
		{10, 100, 0, VS_ACTIVE, 1, RW_OK},
		{10, 0, 0, VS_ACTIVE, 1, RW_OK},
		{0, 100, 0, VS_ACTIVE, 1, RW_OK},
		{0, 0, 0, VS_ACTIVE, 0, RW_OK},              /* nothing earned */
		{-5, 100, 0, VS_ACTIVE, 0, RW_OK},           /* never a negative */
		{10, -100, 0, VS_ACTIVE, 0, RW_OK},
		{10, 100, 1, VS_ACTIVE, 1, RW_CLEARED},      /* cleared in the year */
		{10, 100, 0, VS_SUSPENDED, 1, RW_SUSPENDED},
		{10, 100, 0, VS_WITHDRAWN, 1, RW_WITHDRAWN},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum rules_why why = (enum rules_why)-1;

		assert_int_equal(standing_rank_listed(cases[i].earned, cases[i].hours, cases[i].cleared,
						      cases[i].st, 2026, &why), cases[i].listed);
		if (cases[i].listed)
			assert_int_equal(why, cases[i].why);
	}
}

#define NR 7

static void
check_ranking(enum standing_by by, const char *order, const size_t *ranks)
{
	/* V1 and V2 tie on points, V2 has more hours; V3 ties V2 on both;
	 * V5 is withheld with the most points; V6 ties V4 on hours. */
	struct standing_entry e[NR] = {
		{"V4", 30, 500, RW_OK, 0, 0},
		{"V2", 50, 300, RW_OK, 0, 1},
		{"V5", 99, 900, RW_CLEARED, 0, 2},
		{"V1", 50, 200, RW_OK, 0, 3},
		{"V3", 50, 300, RW_OK, 0, 4},
		{"V6", 20, 500, RW_OK, 0, 5},
		{"V7", 10, 100, RW_SUSPENDED, 0, 6},
	};
	char got[NR + 1];

	standing_rank(e, NR, by);
	for (size_t i = 0; i < NR; i++) {
		got[i] = e[i].id[1];
		assert_int_equal(e[i].rank, ranks[i]);
	}
	got[NR] = '\0';
	assert_string_equal(got, order);
	for (size_t i = 0; i + 1 < NR; i++)
		assert_true(standing_rank_cmp(&e[i], &e[i + 1], by) < 0);
}

static void
test_ranking(void **state)
{
	/* by points: 50/300 V2, V3 (tie on both: by id), 50/200 V1 shares
	 * their rank; then 30, 20; the withheld last, unranked, in order */
	static const size_t by_points[NR] = {1, 1, 1, 4, 5, 0, 0};
	/* by hours: 500 V4 (30 points) before V6 (20 points), one rank */
	static const size_t by_hours[NR] = {1, 1, 3, 3, 5, 0, 0};

	(void)state;
	check_ranking(SB_POINTS, "2314657", by_points);
	check_ranking(SB_HOURS, "4623157", by_hours);
	standing_rank(NULL, 0, SB_POINTS);
}

static void
test_participation(void **state)
{
	static const struct {
		size_t vols;
		long pop;
		double target;
		int met;
	} cases[] = {
		{13, 100, 0.13, 1},             /* exactly at 13 % */
		{12, 100, 0.13, 0},             /* one below */
		{14, 100, 0.13, 1},
		{1300, 10000, 0.13, 1},
		{1299, 10000, 0.13, 0},
		{39, 300, 0.13, 1},             /* 39/300 is 0.13, not quite in binary */
		{38, 300, 0.13, 0},
		{306, 2350, 0.13, 1},           /* 0.1302 */
		{305, 2350, 0.13, 0},           /* 0.12979 */
		{13000000, 100000000, 0.13, 1},
		{12999999, 100000000, 0.13, 0},
		/* 1e-13 below the target: "+ 1e-12" called it met */
		{1299999999999, 10000000000000L, 0.13, 0},
		{1300000000000, 10000000000000L, 0.13, 1},
		{1, 3, 0.3333, 1},
		{3333, 10000, 0.3333, 1},
		{3332, 10000, 0.3333, 0},
		{7, 7, 1, 1},
		{6, 7, 1, 0},
		{0, 100, 0, 1},
		{0, 0, 0, 1},                   /* no population: participation 0 */
		{5, 0, 0.13, 0},
		{0, 100, 0.01, 0},
		{1, 100, 0.01, 1},
		{SIZE_MAX / 4, 1000000, 0.13, 1},
	};

	(void)state;
	/* every target of whole per cent as wmsj.yaml writes it (strtod),
	 * exactly at it and one below, on populations 100 and 3700 */
	for (int k = 1; k <= 100; k++) {
		char txt[16];
		double t;

		snprintf(txt, sizeof txt, k < 100 ? "0.%02d" : "1", k);
		t = strtod(txt, NULL);
		assert_true(standing_participation_met((size_t)k, 100, t));
		assert_false(standing_participation_met((size_t)k - 1, 100, t));
		assert_true(standing_participation_met((size_t)k * 37, 3700, t));
		assert_false(standing_participation_met((size_t)k * 37 - 1, 3700, t));
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(standing_participation_met(cases[i].vols, cases[i].pop,
							    cases[i].target), cases[i].met);
}

static void
test_station(void **state)
{
	struct wmsj_rules r;
	struct standing_station ss;

	(void)state;
	memset(&r, 0, sizeof r);
	r.participation_target = 0.13;
	r.min_team = 20;
	r.activities_per_month = 2;
	/* held in January, March and December (bits 1, 3, 12); bit 0 ignored */
	standing_station(&r, 20, 100, (1u << 0) | (1u << 1) | (1u << 3) | (1u << 12), 2026,
			 "2026-11-22", &ss);
	assert_true(ss.participation_met);
	assert_true(ss.team_met);
	assert_int_equal(ss.months_with_activity, 3);
	assert_int_equal(ss.months, 11);
	standing_station(&r, 19, 200, 0, 2025, "2026-11-22", &ss);
	assert_false(ss.participation_met);
	assert_false(ss.team_met);
	assert_int_equal(ss.months_with_activity, 0);
	assert_int_equal(ss.months, 12);
	standing_station(&r, 19, 200, 0, 2027, "2026-11-22", &ss);
	assert_int_equal(ss.months, 0);
	assert_false(standing_month_met(&r, 1));
	assert_true(standing_month_met(&r, 2));
	assert_true(standing_month_met(&r, 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star_level),
		cmocka_unit_test(test_star_withheld),
		cmocka_unit_test(test_rank_listed),
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_participation),
		cmocka_unit_test(test_station),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
