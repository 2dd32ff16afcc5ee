/* wmsj.yaml: the template, defaults, and every kind of error with its line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"

static int
parse(const char *s, struct wmsj_err *err)
{
	struct wmsj_config c;
	int rc = config_parse(&c, "wmsj.yaml", s, strlen(s), err);

	config_release(&c);
	return rc;
}

static void
test_template(void **state)
{
	struct wmsj_config c;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(config_parse(&c, "t", wmsj_config_template, strlen(wmsj_config_template), &err),
			 WMSJ_OK);
	assert_int_equal(c.nstations, 1);
	assert_string_equal(c.stations[0].code, "610724109201");
	assert_int_equal(c.stations[0].population, 2350);
	assert_non_null(config_goods(&c, "G02"));
	assert_null(config_goods(&c, "G99"));
	assert_int_equal(c.rules.max_points, 50);
	assert_int_equal(c.rules.max_hours, 1200);
	assert_int_equal(c.rules.star_hours[4], 1500);
	assert_string_equal(c.notice.issuer, c.institute);
	config_release(&c);
}

static void
test_defaults(void **state)
{
	struct wmsj_config c;
	struct wmsj_err err;
	const char *s = "institute: 镇\nstations:\n  - {code: \"610724109001\", name: 村}\n"
			"rules:\n  max_hours: 8.5\n  office_hours: \"07:30-17:00\"\n";

	(void)state;
	assert_int_equal(config_parse(&c, "t", s, strlen(s), &err), WMSJ_OK);
	assert_int_equal(c.rules.max_hours, 850);
	assert_int_equal(c.rules.office_start, 450);
	assert_int_equal(c.rules.min_team, 20);
	assert_true(c.rules.participation_target > 0.1299 && c.rules.participation_target < 0.1301);
	assert_int_equal(c.ngoods, 0);
	config_release(&c);
}

static void
test_errors(void **state)
{
	struct wmsj_err err;

	(void)state;
	assert_int_equal(parse("institute: x\nfoo: 1\n", &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:2: unknown key 'foo'");
	assert_int_equal(parse("institute: x\nstations:\n  - code: \"610724109001\"\n    name: a\n"
			       "    population: many\n", &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:5: 'population' must be a whole number, not 'many'");
	assert_int_equal(parse("institute: x\nstations:\n  - code: 610724\n    name: a\n", &err),
			 WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:3: station code '610724' must be a 12-digit division code (quote it)");
	assert_int_equal(parse("institute: x\nstations:\n  - {code: \"610724109001\", name: a}\n"
			       "  - {code: \"610724109001\", name: b}\n", &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:4: station code '610724109001' appears twice");
	assert_int_equal(parse("stations:\n  - {code: \"610724109001\", name: a}\n", &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:1: missing key 'institute'");
	assert_int_equal(parse("institute: x\nstations: [\n", &err), WMSJ_BADDATA);
	assert_non_null(strstr(err.msg, "YAML syntax error"));
	assert_int_equal(parse("institute: x\nstations:\n  - {code: \"610724109001\", name: a}\n"
			       "rules:\n  star_hours: [1, 2]\n", &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:5: 'star_hours' must be a list of 5 whole numbers of hours");
	assert_int_equal(parse("institute: x\nstations:\n  - {code: \"610724109001\", name: a}\n"
			       "notice:\n  mask: [phone]\n", &err), WMSJ_BADDATA);
	assert_int_equal(parse("institute: x\nstations:\n  - {code: \"610724109001\", name: a}\n"
			       "goods:\n  - {code: G1, name: b, points: -3}\n", &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:5: 'points' is out of range: '-3'");
	/* found by fuzz_config: a repeated top-level list leaked the first one */
	assert_int_equal(parse("institute: x\nstations:\n  - {code: \"610724109001\", name: a}\n"
			       "goods: [{code: G1, name: b, points: 3}]\ngoods: []\n", &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:5: key 'goods' appears twice");
}

static void
test_missing(void **state)
{
	struct wmsj_config c;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(config_load(&c, "/nonexistent", &err), WMSJ_BADDATA);
	assert_non_null(strstr(err.msg, "wmsj-volunteer init -d /nonexistent"));
	config_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
