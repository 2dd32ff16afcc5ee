/* export: the period asked for, which ledger lines go cell by cell (a
 * formula neutralised, a signed number left alone), and the rows of a
 * period and a station written as the ledger has them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export.h"

static const struct period {
	const char *quarter, *month, *first, *last;
	enum export_bad bad;
	const char *from, *to;
} periods[] = {
	{NULL, NULL, NULL, NULL, EXP_OK, "", "9999-12-31"},
	{"2026Q2", NULL, NULL, NULL, EXP_OK, "2026-04-01", "2026-06-30"},
	{NULL, "2024-02", NULL, NULL, EXP_OK, "2024-02-01", "2024-02-29"},
	{NULL, NULL, "2026-03-05", "2026-03-09", EXP_OK, "2026-03-05", "2026-03-09"},
	/* the intersection: --from and --to only narrow the quarter */
	{"2026Q1", NULL, "2026-02-10", "2026-12-31", EXP_OK, "2026-02-10", "2026-03-31"},
	{"2026Q1", NULL, "2025-12-01", "2026-01-15", EXP_OK, "2026-01-01", "2026-01-15"},
	/* the month is taken after the quarter: it replaces it */
	{"2026Q1", "2026-08", NULL, NULL, EXP_OK, "2026-08-01", "2026-08-31"},
	{"2026Q5", NULL, NULL, NULL, EXP_BAD_QUARTER, NULL, NULL},
	{NULL, "2026-13", NULL, NULL, EXP_BAD_MONTH, NULL, NULL},
	{NULL, NULL, "2026-02-30", NULL, EXP_BAD_FROM, NULL, NULL},
	{NULL, NULL, NULL, "tomorrow", EXP_BAD_TO, NULL, NULL},
	/* checked in order: the quarter's fault before the month's */
	{"Q1", "2026-13", "x", "y", EXP_BAD_QUARTER, NULL, NULL},
};

static void
test_period(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		const struct period *p = &periods[i];
		char from[11] = "", to[11] = "9999-12-31";
		enum export_bad bad = export_period(p->quarter, p->month, p->first, p->last, from, to);

		if (bad != p->bad)
			fail_msg("period %zu: %d, expected %d", i, (int)bad, (int)p->bad);
		if (p->bad != EXP_OK)
			continue;
		assert_string_equal(from, p->from);
		assert_string_equal(to, p->to);
	}
}

/* A line, whether it goes cell by cell, and what it becomes. */
static const struct line {
	const char *raw;
	int cells;
	const char *out;
} lines[] = {
	{"T1,2026-01-10,award,20,,x", 0, "T1,2026-01-10,award,20,,x\n"},
	{"T2,redeem,-30,-1,+2.5", 0, "T2,redeem,-30,-1,+2.5\n"},
	{"", 0, "\n"},
	{"T3,=1+2,x", 1, "T3,'=1+2,x\n"},
	{"@sum,b", 1, "'@sum,b\n"},
	{"a,-2+3", 1, "a,'-2+3\n"},
	{"a,-", 1, "a,'-\n"},
	{"a,+x,b", 1, "a,'+x,b\n"},
	{"a,-1.5x", 1, "a,'-1.5x\n"},
	/* a quoted cell is unquoted and written again as the CSV writer does */
	{"a,\"x, \"\"y\"\"\",b", 1, "a,\"x, \"\"y\"\"\",b\n"},
	{"a,\"=cmd\"", 1, "a,'=cmd\n"},
	{"a,\tb", 1, "a,'\tb\n"},
};

static void
test_line(void **state)
{
	struct sb cell;

	(void)state;
	sb_init(&cell);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		const struct line *l = &lines[i];
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		if (export_needs_cells(l->raw, strlen(l->raw)) != l->cells)
			fail_msg("line %zu '%s': cells %d expected", i, l->raw, l->cells);
		export_line(f, l->raw, strlen(l->raw), &cell);
		assert_int_equal(fclose(f), 0);
		if (strcmp(buf, l->out) != 0)
			fail_msg("line %zu: '%s', expected '%s'", i, buf, l->out);
		free(buf);
	}
	sb_release(&cell);
}

#define H64 "0000000000000000000000000000000000000000000000000000000000000000"
#define R1 "T00000001,2026-01-10,award,V610724109001-0001,610724109001,20,2,,,A610724109001-0001,,," \
	"2026-01-10T10:00:00,Chen,Chen,Liu,,=note," H64
#define R2 "T00000002,2026-02-03,stock,,610724109003,0,,G01,5,,,,2026-02-03T10:00:00,Chen,,,,a shop," H64
#define R3 "T00000003,2026-04-01,stock,,610724109001,0,,G01,2,,,,2026-04-01T10:00:00,Chen,,,,donor," H64
#define R1_CELLS "T00000001,2026-01-10,award,V610724109001-0001,610724109001,20,2,,,A610724109001-0001,,," \
	"2026-01-10T10:00:00,Chen,Chen,Liu,,'=note," H64

static const char ledger[] = LEDGER_HEADER "\n" R1 "\n" R2 "\n" R3 "\n";

static const struct rows {
	const char *from, *to, *station;
	int cells;
	const char *out;
} rows[] = {
	{"", "9999-12-31", NULL, 1, LEDGER_HEADER "\n" R1_CELLS "\n" R2 "\n" R3 "\n"},
	{"", "9999-12-31", NULL, 0, LEDGER_HEADER "\n" R1 "\n" R2 "\n" R3 "\n"},
	{"2026-01-11", "2026-04-01", NULL, 1, LEDGER_HEADER "\n" R2 "\n" R3 "\n"},
	{"2026-01-10", "2026-02-02", NULL, 0, LEDGER_HEADER "\n" R1 "\n"},
	{"", "9999-12-31", "610724109001", 0, LEDGER_HEADER "\n" R1 "\n" R3 "\n"},
	{"2026-05-01", "2026-05-31", NULL, 1, LEDGER_HEADER "\n"},
};

static void
test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct rows *t = &rows[i];
		struct ledger_reader *r;
		struct wmsj_err err;
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		if (ledger_open_buffer(&r, "ledger.csv", ledger, sizeof ledger - 1, 0, &err) != WMSJ_OK)
			fail_msg("open: %s", err.msg);
		if (export_rows(r, f, t->from, t->to, t->station, t->cells, &err) != WMSJ_OK)
			fail_msg("rows %zu: %s", i, err.msg);
		ledger_close(r);
		assert_int_equal(fclose(f), 0);
		if (strcmp(buf, t->out) != 0)
			fail_msg("rows %zu:\n%s\nexpected\n%s", i, buf, t->out);
		free(buf);
	}
}

/* A row the reader refuses: its status and message, the rows before it written. */
static void
test_rows_bad(void **state)
{
	static const char bad[] = LEDGER_HEADER "\n" R1 "\nT00000002,2026-02-31,stock\n";
	struct ledger_reader *r;
	struct wmsj_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(ledger_open_buffer(&r, "ledger.csv", bad, sizeof bad - 1, 0, &err), WMSJ_OK);
	assert_int_equal(export_rows(r, f, "", "9999-12-31", NULL, 0, &err), WMSJ_BADDATA);
	ledger_close(r);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(err.msg, "ledger.csv:3"));
	assert_string_equal(buf, LEDGER_HEADER "\n" R1 "\n");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_rows_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
