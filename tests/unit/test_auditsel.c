/* auditsel: which findings --severity shows, and from when the station
 * standards are due. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "auditsel.h"

static void
test_levels(void **state)
{
	static const struct {
		const char *sev, *check;
		enum audit_level level;
	} cases[] = {
		{"error", "chain", AL_ERROR}, {"error", "notice", AL_ERROR},
		{"error", "duplicate-award", AL_ERROR},
		{"warning", "over-cap", AL_ANOMALY}, {"warning", "burst", AL_ANOMALY},
		{"warning", "participants", AL_ANOMALY}, {"warning", "register", AL_ANOMALY},
		{"warning", "team-size", AL_WARNING}, {"warning", "participation", AL_WARNING},
		{"warning", "monthly-activity", AL_WARNING}, {"warning", "exchange-day", AL_WARNING},
		{"warning", "notice", AL_WARNING},
		{"info", "over-cap", AL_INFO},
	};
	static const struct {
		const char *name;
		int rc;
		enum audit_level level;
	} names[] = {
		{"error", 0, AL_ERROR}, {"anomaly", 0, AL_ANOMALY}, {"warning", 0, AL_WARNING},
		{"info", 0, AL_INFO}, {"Error", -1, AL_INFO}, {"", -1, AL_INFO}, {"errors", -1, AL_INFO},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (audit_level_of(cases[i].sev, cases[i].check) != cases[i].level)
			fail_msg("%s %s: level %d, expected %d", cases[i].sev, cases[i].check,
				 (int)audit_level_of(cases[i].sev, cases[i].check), (int)cases[i].level);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		enum audit_level l = AL_INFO;

		assert_int_equal(audit_level_parse(names[i].name, &l), names[i].rc);
		assert_int_equal(l, names[i].level);
	}
}

static void
test_due(void **state)
{
	static const struct {
		const char *first;
		int year, month, due;
	} cases[] = {
		{"", 2026, 10, 0}, {"", 2026, 0, 0},
		{"2026-09-05", 2026, 8, 0}, {"2026-09-05", 2026, 9, 1}, {"2026-09-05", 2026, 12, 1},
		{"2026-09-05", 2026, 0, 1}, {"2026-09-05", 2025, 12, 0}, {"2026-09-05", 2025, 0, 0},
		{"2026-09-05", 2027, 1, 1}, {"2026-09-05", 2027, 0, 1},
	};
	char first[11] = "";

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (audit_standard_due(cases[i].first, cases[i].year, cases[i].month) != cases[i].due)
			fail_msg("first %s, %d-%d: expected %d", cases[i].first, cases[i].year,
				 cases[i].month, cases[i].due);
	audit_first_note(first, "2026-11-22");
	audit_first_note(first, "not a date");
	audit_first_note(first, "2026-02-30");
	audit_first_note(first, "2026-12-01");
	assert_string_equal(first, "2026-11-22");
	audit_first_note(first, "2026-03-01");
	audit_first_note(first, NULL);
	assert_string_equal(first, "2026-03-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_due),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
