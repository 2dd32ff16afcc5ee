/* auditreg: the register's records (ID number, phone, station) and a
 * missing ledger where published notices say a history was kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "auditreg.h"
#include "clock.h"
#include "util.h"
#include "scratch.h"

static const char yaml[] = "institute: 镇\nstations:\n  - {code: \"610724109001\", name: 村}\n";

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("auditreg"), 0);
	assert_int_equal(wmsj_clock_set("2026-11-22", "2026-11-22T10:00:00"), 0);
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
test_register(void **state)
{
	static const struct {
		const char *idnum, *phone, *station;
		size_t errors, warnings;
	} cases[] = {
		{"11010519491231002X", "13812345678", "610724109001", 0, 0},
		{"110105194912310021", "13812345678", "610724109001", 1, 0},   /* check digit */
		{"11010519491231002X", "12", "610724109001", 0, 1},
		{"11010519491231002X", "13812345678", "610724109999", 1, 0},   /* no such station */
		{"1", "2", "610724109999", 2, 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wmsj_config cfg;
		struct vregister reg;
		struct volunteer v;
		struct findings f;
		struct audit_ctx c;
		struct wmsj_err err;
		size_t errors = 0, warnings = 0;

		assert_int_equal(config_parse(&cfg, "t", yaml, strlen(yaml), &err), WMSJ_OK);
		memset(&v, 0, sizeof v);
		v.id = (char *)"V1";
		v.id_number = (char *)cases[i].idnum;
		v.phone = (char *)cases[i].phone;
		v.station = (char *)cases[i].station;
		v.line = 2;
		memset(&reg, 0, sizeof reg);
		reg.v = &v;
		reg.n = 1;
		findings_init(&f, 0, NULL, AL_INFO);
		audit_ctx_init(&c, &f, dir, &cfg, &reg);
		audit_register(&c);
		for (size_t k = 0; k < f.n; k++) {
			assert_string_equal(f.v[k].f[1], "register");
			assert_string_equal(f.v[k].f[2], "volunteers.csv:2");
			assert_string_equal(f.v[k].f[5], "V1");
			errors += strcmp(f.v[k].f[0], "error") == 0;
			warnings += strcmp(f.v[k].f[0], "warning") == 0;
		}
		if (errors != cases[i].errors || warnings != cases[i].warnings)
			fail_msg("case %zu: %zu errors, %zu warnings", i, errors, warnings);
		findings_release(&f);
		config_release(&cfg);
	}
}

static void
test_missing_ledger(void **state)
{
	static const struct {
		int notices;               /* files in the notices directory */
		int opt;                   /* --notices elsewhere */
		size_t found;
	} cases[] = {
		{0, 0, 0},                 /* volunteers alone are no sign */
		{1, 0, 1},
		{2, 0, 1},
		{0, 1, 0},
		{1, 1, 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct vregister reg;
		struct findings f;
		struct audit_ctx c;
		char ndir[4200], file[4300], want[200];

		if (cases[i].opt)
			snprintf(ndir, sizeof ndir, "%s/elsewhere%zu", dir, i);
		else
			snprintf(ndir, sizeof ndir, "%s/notices", dir);
		assert_int_equal(mkdir(ndir, 0700), 0);
		for (int k = 0; k < cases[i].notices; k++) {
			FILE *fp;

			snprintf(file, sizeof file, "%s/2026Q%d-610724109001.csv", ndir, k + 1);
			assert_non_null(fp = fopen(file, "w"));
			fclose(fp);
		}
		memset(&reg, 0, sizeof reg);
		reg.n = 3;
		findings_init(&f, 0, NULL, AL_INFO);
		audit_ctx_init(&c, &f, dir, NULL, &reg);
		if (cases[i].opt)
			c.notices = ndir;
		audit_missing_ledger(&c);
		assert_int_equal(findings_count(&f, "history"), cases[i].found);
		if (cases[i].found) {
			snprintf(want, sizeof want, "the ledger is missing, but there are 3 volunteers, "
				 "0 activities, 0 sealed months and %d published notices",
				 cases[i].notices);
			assert_string_equal(f.v[0].f[3], want);
			assert_string_equal(f.v[0].f[2], "ledger.csv");
		}
		findings_release(&f);
		if (!cases[i].opt) {
			char cmd[4400];

			snprintf(cmd, sizeof cmd, "rm -rf '%s/notices'", dir);
			assert_int_equal(system(cmd), 0);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_ledger, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
