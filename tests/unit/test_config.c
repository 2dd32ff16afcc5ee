/* wmsj.yaml: the template, defaults, and every kind of error with its line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
	assert_int_equal(c.exchange_shared, 0);   /* a new town: per-station shelves */
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

#define HEAD "institute: x\nstations:\n  - {code: \"610724109001\", name: a}\n"

/* Where goods are stocked and redeemed: per-station shelves unless the
 * configuration names one shared exchange point of the institute. */
static void
test_exchange(void **state)
{
	static const struct {
		const char *yaml;
		int rc, shared;
		const char *point, *msg;
	} t[] = {
		{ HEAD, WMSJ_OK, 0, NULL, NULL },
		{ HEAD "exchange: per-station\n", WMSJ_OK, 0, NULL, NULL },
		{ HEAD "exchange: shared\n", WMSJ_OK, 1, NULL, NULL },
		{ HEAD "exchange: shared\nexchange_point: 镇积分兑换点\n", WMSJ_OK, 1, "镇积分兑换点", NULL },
		{ "exchange_point: 镇积分兑换点\nexchange: shared\n" HEAD, WMSJ_OK, 1, "镇积分兑换点", NULL },
		{ HEAD "exchange: both\n", WMSJ_BADDATA, 0, NULL,
		  "wmsj.yaml:4: 'exchange' must be per-station or shared, not 'both'" },
		{ HEAD "exchange: [shared]\n", WMSJ_BADDATA, 0, NULL,
		  "wmsj.yaml:4: 'exchange' must be per-station or shared, not ''" },
		{ HEAD "exchange_point: 点\n", WMSJ_BADDATA, 0, NULL,
		  "wmsj.yaml:4: 'exchange_point' names the institute's one shared exchange point: it "
		  "needs 'exchange: shared'" },
		{ HEAD "exchange: shared\nexchange: shared\n", WMSJ_BADDATA, 0, NULL,
		  "wmsj.yaml:5: key 'exchange' appears twice" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct wmsj_config c;
		struct wmsj_err err;
		int rc = config_parse(&c, "wmsj.yaml", t[i].yaml, strlen(t[i].yaml), &err);

		assert_int_equal(rc, t[i].rc);
		if (rc == WMSJ_OK) {
			assert_int_equal(c.exchange_shared, t[i].shared);
			if (t[i].point != NULL)
				assert_string_equal(c.exchange_point, t[i].point);
			else
				assert_null(c.exchange_point);
		} else {
			assert_string_equal(err.msg, t[i].msg);
		}
		config_release(&c);
	}
}

/* A key given twice in any mapping is refused with its second line, never
 * last-wins (a station's name, a price, a cap silently replaced). */
static void
test_duplicate_keys(void **state)
{
	static const struct {
		const char *yaml, *msg;
	} cases[] = {
		{"institute: x\nstations:\n  - code: \"610724109001\"\n    name: a\n    name: b\n",
		 "wmsj.yaml:5: key 'name' appears twice in stations[1]"},
		{"institute: x\nstations:\n  - {code: \"610724109001\", name: a}\n"
		 "  - {code: \"610724109002\", code: \"610724109003\", name: b}\n",
		 "wmsj.yaml:4: key 'code' appears twice in stations[2]"},
		{"institute: x\nstations:\n  - code: \"610724109001\"\n    name: a\n"
		 "    supervisors: [p]\n    population: 3\n    supervisors: [q]\n",
		 "wmsj.yaml:7: key 'supervisors' appears twice in stations[1]"},
		{HEAD "goods:\n  - code: G1\n    name: b\n    points: 3\n    points: 300\n",
		 "wmsj.yaml:8: key 'points' appears twice in goods[1]"},
		{HEAD "rules:\n  max_points: 50\n  max_hours: 8\n  max_points: 5000\n",
		 "wmsj.yaml:7: key 'max_points' appears twice in rules"},
		{HEAD "notice:\n  mask: [name]\n  mask: []\n",
		 "wmsj.yaml:6: key 'mask' appears twice in notice"},
		{HEAD "institute: y\n", "wmsj.yaml:4: key 'institute' appears twice"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wmsj_err err;

		print_message("case %zu\n", i);
		assert_int_equal(parse(cases[i].yaml, &err), WMSJ_BADDATA);
		assert_string_equal(err.msg, cases[i].msg);
	}
}

/* Nesting is bounded (libyaml's scanner is quadratic in it: 20000 levels took
 * seconds, 100000 ran for minutes); the schema itself needs four levels. */
static void
test_depth(void **state)
{
	static const struct {
		const char *open, *close; /* one level */
		int block;                /* one line per level */
		size_t levels;
		int ok;
		size_t line;
	} cases[] = {
		{"[", "]", 0, 15, 1, 0},      /* under 'x': refused as an unknown key, not for depth */
		{"[", "]", 0, 16, 0, 4},
		{"[", "]", 0, 100000, 0, 4},
		{"{a: ", "}", 0, 15, 1, 0},
		{"{a: ", "}", 0, 16, 0, 4},
		{"{a: ", "}", 0, 50000, 0, 4},
		{"a:", "", 1, 15, 1, 0},      /* one mapping a line, indented */
		{"a:", "", 1, 16, 0, 20},
		{"a:", "", 1, 1000, 0, 20},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wmsj_config c;
		struct wmsj_err err;
		size_t lo = strlen(cases[i].open), lc = strlen(cases[i].close);
		size_t cap = strlen(HEAD) + 16 + cases[i].levels * (lo + lc + 2) +
			     (cases[i].block ? cases[i].levels * cases[i].levels : 0);
		char *buf = malloc(cap), *p = buf;
		char want[80];
		int rc;

		p += sprintf(p, "%sx:", HEAD);
		for (size_t l = 0; l < cases[i].levels; l++) {
			if (cases[i].block) {
				*p++ = '\n';
				memset(p, ' ', 2 * (l + 1));
				p += 2 * (l + 1);
			} else if (l == 0) {
				*p++ = ' ';
			}
			memcpy(p, cases[i].open, lo);
			p += lo;
		}
		p += sprintf(p, " b");
		for (size_t l = 0; l < cases[i].levels; l++) {
			memcpy(p, cases[i].close, lc);
			p += lc;
		}
		*p++ = '\n';
		print_message("case %zu\n", i);
		rc = config_parse(&c, "wmsj.yaml", buf, (size_t)(p - buf), &err);
		config_release(&c);
		free(buf);
		assert_int_equal(rc, WMSJ_BADDATA);
		if (cases[i].ok) {
			assert_string_equal(err.msg, "wmsj.yaml:4: unknown key 'x'");
		} else {
			snprintf(want, sizeof want, "wmsj.yaml:%zu: nested deeper than 16 levels",
				 cases[i].line);
			assert_string_equal(err.msg, want);
		}
	}
}

/* A second document would be silently ignored by the loader. */
static void
test_one_document(void **state)
{
	struct wmsj_err err;

	(void)state;
	assert_int_equal(parse(HEAD "---\ninstitute: y\n", &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "wmsj.yaml:4: a second YAML document ('---'); wmsj.yaml holds one");
	assert_int_equal(parse("---\n" HEAD "...\n", &err), WMSJ_OK);
}

/* An import's 站点 column may hold a station's name rather than its code: the
 * configured name, or without the common suffix, when only one fits. */
static void
test_station_find(void **state)
{
	static const char yaml[] =
		"institute: x\nstations:\n"
		"  - {code: \"610724109001\", name: 堰口社区新时代文明实践站}\n"
		"  - {code: \"610724109204\", name: 肖家湾村新时代文明实践站}\n"
		"  - {code: \"610724109205\", name: 南坝村}\n"
		"  - {code: \"610724109206\", name: 南坝村新时代文明实践站}\n"
		"  - {code: \"610724109207\", name: 西河村新时代文明实践站}\n"
		"  - {code: \"610724109208\", name: 西河村新时代文明实践站}\n";
	static const struct {
		const char *text, *code; /* code NULL: none */
	} cases[] = {
		{"610724109001", "610724109001"},
		{"堰口社区新时代文明实践站", "610724109001"},
		{"堰口社区", "610724109001"},
		{" 肖家湾村 ", "610724109204"},
		{"肖家湾村新时代文明实践站\xe3\x80\x80", "610724109204"},
		{"南坝村", "610724109205"},       /* the name as it is comes first */
		{"西河村", NULL},                 /* two stations fit */
		{"西河村新时代文明实践站", NULL},
		{"南坝村新时代文明实践站", "610724109206"},
		{"堰口", NULL},
		{"", NULL},
		{"新时代文明实践站", NULL},
		{"610724109299", NULL},
	};
	struct wmsj_config c;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(config_parse(&c, "t", yaml, strlen(yaml), &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct wmsj_station *st = config_station_find(&c, cases[i].text);

		print_message("case %zu\n", i);
		if (cases[i].code == NULL) {
			assert_null(st);
		} else {
			assert_non_null(st);
			assert_string_equal(st->code, cases[i].code);
		}
	}
	config_release(&c);
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
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_exchange),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_one_document),
		cmocka_unit_test(test_station_find),
		cmocka_unit_test(test_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
