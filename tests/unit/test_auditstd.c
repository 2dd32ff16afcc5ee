/* auditstd: the station standards, each due only from the first record
 * and for the months that are over (today 2026-04-10: January to March). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "auditstd.h"
#include "clock.h"
#include "util.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("auditstd"), 0);
	assert_int_equal(wmsj_clock_set("2026-04-10", "2026-04-10T10:00:00"), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(scratch_remove(), 0);
	return 0;
}

static void
test_standards(void **state)
{
	static const char *const checks[5] = {
		"team-size", "participation", "monthly-activity", "exchange-day", "notice"
	};
	static const struct {
		size_t vols;
		long population;
		const char *registered;    /* the first record */
		int year, notice;          /* notice: 2026Q1's is published */
		size_t n[5];               /* findings of each check, in checks' order */
	} cases[] = {
		{3, 10, "2026-01-05", 2026, 0, {0, 0, 3, 3, 1}},
		{1, 100, "2026-01-05", 2026, 0, {1, 1, 3, 3, 1}},
		{3, 0, "2026-01-05", 2026, 0, {0, 0, 3, 3, 1}},     /* no population given */
		{3, 10, "2026-03-15", 2026, 0, {0, 0, 1, 1, 1}},     /* due from March */
		{3, 10, "2026-04-01", 2026, 0, {0, 0, 0, 0, 0}},     /* no month over yet */
		{3, 10, "2026-01-05", 2026, 1, {0, 0, 3, 3, 0}},
		{1, 100, "2026-01-05", 2027, 0, {0, 0, 0, 0, 0}},    /* a year to come */
		{1, 100, "2026-01-05", 2025, 0, {0, 0, 0, 0, 0}},    /* before the first record */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char yaml[256], ndir[4200], path[4300];
		struct wmsj_config cfg;
		struct vregister reg;
		struct volunteer v[3];
		struct findings f;
		struct audit_ctx c;
		struct wmsj_err err;

		snprintf(yaml, sizeof yaml,
			 "institute: 镇\nstations:\n  - {code: \"610724109001\", name: 村, population: %ld}\n"
			 "rules:\n  min_team: 2\n", cases[i].population);
		assert_int_equal(config_parse(&cfg, "t", yaml, strlen(yaml), &err), WMSJ_OK);
		memset(v, 0, sizeof v);
		for (size_t k = 0; k < 3; k++) {
			v[k].id = (char *)"V";
			v[k].station = (char *)"610724109001";
			v[k].status = (char *)"active";
			v[k].registered = (char *)cases[i].registered;
		}
		memset(&reg, 0, sizeof reg);
		reg.v = v;
		reg.n = cases[i].vols;
		snprintf(ndir, sizeof ndir, "%s/notices%zu", dir, i);
		assert_int_equal(mkdir(ndir, 0700), 0);
		if (cases[i].notice) {
			FILE *fp;

			snprintf(path, sizeof path, "%s/2026Q1-610724109001.csv", ndir);
			assert_non_null(fp = fopen(path, "w"));
			fclose(fp);
		}
		findings_init(&f, 0, NULL, AL_INFO);
		audit_ctx_init(&c, &f, dir, &cfg, &reg);
		c.notices = ndir;
		audit_standards(&c, cases[i].year);
		for (int k = 0; k < 5; k++)
			if (findings_count(&f, checks[k]) != cases[i].n[k])
				fail_msg("case %zu: %zu '%s', expected %zu", i,
					 findings_count(&f, checks[k]), checks[k], cases[i].n[k]);
		for (size_t k = 0; k < f.n; k++) {
			assert_string_equal(f.v[k].f[0], "warning");
			assert_string_equal(f.v[k].f[4], "610724109001");
		}
		findings_release(&f);
		config_release(&cfg);
	}
}

static void
test_messages(void **state)
{
	static const char yaml[] =
		"institute: 镇\nstations:\n  - {code: \"610724109001\", name: 村, population: 100}\n";
	struct wmsj_config cfg;
	struct vregister reg;
	struct volunteer v;
	struct findings f;
	struct audit_ctx c;
	struct wmsj_err err;

	(void)state;
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C", 1);
	assert_int_equal(config_parse(&cfg, "t", yaml, strlen(yaml), &err), WMSJ_OK);
	memset(&v, 0, sizeof v);
	v.id = (char *)"V";
	v.station = (char *)"610724109001";
	v.status = (char *)"active";
	v.registered = (char *)"2026-03-02";
	memset(&reg, 0, sizeof reg);
	reg.v = &v;
	reg.n = 1;
	findings_init(&f, 0, NULL, AL_INFO);
	audit_ctx_init(&c, &f, dir, &cfg, &reg);
	audit_standards(&c, 2026);
	assert_int_equal(f.n, 5);
	assert_string_equal(f.v[0].f[3],
			    "station '610724109001' has 1 volunteers; the standard is at least 20");
	assert_string_equal(f.v[1].f[3], "station '610724109001': 1 volunteers of 100 residents is "
			    "1.0%, below the 13.0% target");
	assert_string_equal(f.v[2].f[3], "station '610724109001' held 0 activities in 2026-03; the "
			    "standard is 1 a month");
	assert_string_equal(f.v[3].f[3], "station '610724109001' recorded no exchange in 2026-03 (a "
			    "monthly exchange day is the standard)");
	assert_non_null(strstr(f.v[4].f[3], "no published notice for 2026Q1 of station '610724109001' in '"));
	findings_release(&f);
	config_release(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_standards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_messages, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
