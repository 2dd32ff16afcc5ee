/* findings: the audit's list: the station and severity filters, the cap
 * per check and its notes, where with several directories, serious. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "findings.h"

static void
test_filters(void **state)
{
	static const struct {
		const char *station;        /* --station */
		enum audit_level show;      /* --severity */
		const char *sev, *check, *fstation;
		int kept, serious;
	} cases[] = {
		{NULL, AL_INFO, "error", "chain", NULL, 1, 1},
		{NULL, AL_INFO, "info", "witness", NULL, 1, 0},
		{NULL, AL_INFO, "warning", "burst", "S01", 1, 1},
		{"S01", AL_INFO, "warning", "burst", "S01", 1, 1},
		{"S01", AL_INFO, "warning", "burst", "S02", 0, 0},
		{"S01", AL_INFO, "error", "chain", "", 1, 1},       /* no station: kept */
		{"S01", AL_INFO, "error", "chain", NULL, 1, 1},
		{NULL, AL_ERROR, "warning", "burst", NULL, 0, 0},
		{NULL, AL_ANOMALY, "warning", "burst", NULL, 1, 1},
		{NULL, AL_ANOMALY, "warning", "team-size", NULL, 0, 0},
		{NULL, AL_WARNING, "warning", "team-size", NULL, 1, 1},
		{NULL, AL_WARNING, "info", "witness", NULL, 0, 0},
		{NULL, AL_ERROR, "error", "seal", NULL, 1, 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct findings f;

		findings_init(&f, 20, cases[i].station, cases[i].show);
		findings_add(&f, cases[i].sev, cases[i].check, "ledger.csv:2", cases[i].fstation,
			     "V1", "T1", "message %d", (int)i);
		assert_int_equal(f.n, (size_t)cases[i].kept);
		assert_int_equal(f.serious, cases[i].serious);
		assert_int_equal(findings_count(&f, cases[i].check), (size_t)cases[i].kept);
		if (cases[i].kept) {
			char msg[32];

			snprintf(msg, sizeof msg, "message %d", (int)i);
			assert_string_equal(f.v[0].f[0], cases[i].sev);
			assert_string_equal(f.v[0].f[1], cases[i].check);
			assert_string_equal(f.v[0].f[2], "ledger.csv:2");
			assert_string_equal(f.v[0].f[3], msg);
			assert_string_equal(f.v[0].f[4], cases[i].fstation ? cases[i].fstation : "");
			assert_string_equal(f.v[0].f[5], "V1");
			assert_string_equal(f.v[0].f[6], "T1");
		}
		findings_release(&f);
	}
}

static void
test_cap(void **state)
{
	static const struct {
		long limit;
		enum audit_level show;
		size_t nb, na;              /* findings of check "b", then of "a" */
		size_t rows;                /* after findings_finish */
		const char *note1, *note2;  /* the notes, in check order */
	} cases[] = {
		{20, AL_INFO, 3, 2, 5, NULL, NULL},
		{2, AL_INFO, 3, 2, 5, "b", NULL},
		{2, AL_INFO, 5, 4, 6, "a", "b"},
		{0, AL_INFO, 30, 25, 55, NULL, NULL},                /* 0: all */
		{1, AL_WARNING, 3, 2, 2, NULL, NULL},                /* the note is info */
		{1, AL_INFO, 1, 1, 2, NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct findings f;
		size_t kept;

		findings_init(&f, cases[i].limit, NULL, cases[i].show);
		for (size_t k = 0; k < cases[i].nb; k++)
			findings_add(&f, "error", "b", "x", NULL, NULL, NULL, "b%zu", k);
		for (size_t k = 0; k < cases[i].na; k++)
			findings_add(&f, "error", "a", "x", NULL, NULL, NULL, "a%zu", k);
		assert_int_equal(findings_count(&f, "b"), cases[i].nb);
		assert_int_equal(findings_count(&f, "a"), cases[i].na);
		assert_int_equal(findings_count(&f, "c"), 0);
		kept = f.n;
		findings_finish(&f);
		assert_int_equal(f.n, cases[i].rows);
		/* the findings in the order added, then the notes */
		assert_string_equal(f.v[0].f[3], "b0");
		if (cases[i].note1 != NULL) {
			char msg[64];
			const char *c = cases[i].note1;
			size_t more = (strcmp(c, "a") == 0 ? cases[i].na : cases[i].nb) -
				      (size_t)cases[i].limit;

			snprintf(msg, sizeof msg, "... and %zu more findings of this check", more);
			assert_string_equal(f.v[kept].f[0], "info");
			assert_string_equal(f.v[kept].f[1], c);
			assert_string_equal(f.v[kept].f[2], "");
			assert_string_equal(f.v[kept].f[3], msg);
		}
		if (cases[i].note2 != NULL)
			assert_string_equal(f.v[kept + 1].f[1], cases[i].note2);
		findings_release(&f);
	}
}

static void
test_where(void **state)
{
	static const struct {
		const char *dir;
		int raw;
		const char *where, *want_where, *want_msg;
	} cases[] = {
		{NULL, 0, "ledger.csv:7", "ledger.csv:7", "m"},
		{NULL, 0, NULL, "", "m"},
		{"town", 0, "ledger.csv:7", "town/ledger.csv:7", "m"},
		{"town", 0, "", "town", "m"},
		{"town", 0, NULL, "town", "m"},
		{"town", 0, "/abs/notice.csv", "/abs/notice.csv", "m"},
		{"town", 1, "w.txt:3", "w.txt:3", "town: m"},
		{NULL, 1, "w.txt:3", "w.txt:3", "m"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct findings f;

		findings_init(&f, 0, NULL, AL_INFO);
		f.dir = cases[i].dir;
		f.raw_where = cases[i].raw;
		findings_add(&f, "error", "chain", cases[i].where, NULL, NULL, NULL, "%s", "m");
		assert_int_equal(f.n, 1);
		assert_string_equal(f.v[0].f[2], cases[i].want_where);
		assert_string_equal(f.v[0].f[3], cases[i].want_msg);
		findings_release(&f);
	}
}

/* Findings added through logs, replayed in order, make the same list as
 * the same findings added directly: filters, caps and their notes, the
 * directory in where, masking, serious and the first record. */
static void
add_some(struct findings *f, int from, int to)
{
	static const struct {
		const char *sev, *check, *station, *msg;
	} adds[] = {
		{"error", "chain", NULL, "row 1 changed"},
		{"warning", "burst", "S02", "burst at S02"},
		{"error", "chain", NULL, "row 2 changed"},
		{"info", "witness", NULL, "a note"},
		{"error", "chain", NULL, "ID 110101199003077777 in a message"},
		{"error", "snapshot", "S01", "snapshot of S01"},
		{"error", "chain", NULL, "row 3 changed"},
	};

	for (int i = from; i < to; i++)
		findings_add(f, adds[i].sev, adds[i].check, i % 2 ? "ledger.csv:9" : "seals/2026-01.csv",
			     adds[i].station, i % 3 ? "V7" : NULL, NULL, "%s", adds[i].msg);
	if (from == 0)
		memcpy(f->first, to > 3 ? "2025-03-01" : "2025-04-01", 11);
}

static void
test_log_replay(void **state)
{
	static const struct {
		long limit;
		const char *station, *dir;
		enum audit_level show;
	} cases[] = {
		{0, NULL, NULL, AL_INFO}, {2, NULL, NULL, AL_INFO}, {1, "S01", NULL, AL_INFO},
		{2, NULL, "town-a", AL_ERROR}, {0, "S02", "town-b", AL_WARNING},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct findings direct, via, a, b;

		findings_init(&direct, cases[i].limit, cases[i].station, cases[i].show);
		findings_init(&via, cases[i].limit, cases[i].station, cases[i].show);
		direct.dir = via.dir = cases[i].dir;
		add_some(&direct, 0, 7);
		findings_log_init(&a);
		findings_log_init(&b);
		add_some(&b, 4, 7);   /* the later checks may finish first */
		add_some(&a, 0, 4);
		assert_int_equal(a.n, 4);   /* a log keeps everything, as added */
		assert_string_equal(a.v[2].f[3], "row 2 changed");
		findings_replay(&via, &a);
		findings_replay(&via, &b);
		assert_int_equal(a.n, 0);
		findings_finish(&direct);
		findings_finish(&via);
		assert_int_equal(via.n, direct.n);
		assert_int_equal(via.serious, direct.serious);
		assert_string_equal(via.first, "2025-03-01");
		assert_string_equal(direct.first, "2025-03-01");
		for (size_t k = 0; k < direct.n; k++)
			for (int c = 0; c < FINDING_NCOLS; c++)
				assert_string_equal(via.v[k].f[c], direct.v[k].f[c]);
		findings_release(&direct);
		findings_release(&via);
		findings_release(&a);
		findings_release(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_log_replay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
