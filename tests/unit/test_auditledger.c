/* auditledger: the audit's checks of the ledger: the chain byte by byte
 * (a changed, removed or torn row), and the row checks, one scenario a
 * table row: what each check finds in a ledger written without the rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "auditledger.h"
#include "clock.h"
#include "fsio.h"
#include "ledger.h"
#include "util.h"
#include "scratch.h"

static const char yaml[] =
	"institute: 镇\nstations:\n  - {code: \"610724109001\", name: 村}\n"
	"rules:\n  max_points: 50\n  max_participants: 2\n";

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("auditledger"), 0);
	assert_int_equal(wmsj_clock_set("2026-11-22", "2026-11-22T10:00:00"), 0);
	ledger_no_snapshot(0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(scratch_remove(), 0);
	return 0;
}

/* A row as the table gives it (NULL kind ends a list). */
struct row {
	enum ledger_kind kind;
	const char *vol, *date;
	int64_t points;
	const char *activity, *ref;
	enum ledger_kind rev;
	const char *supervisor;
};

static void
write_rows(const struct row *rows)
{
	struct ledger_writer *w;
	struct wmsj_err err;

	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (const struct row *r = rows; r->kind != LK_NONE; r++) {
		struct ledger_entry e;

		memset(&e, 0, sizeof e);
		e.kind = r->kind;
		e.volunteer = r->vol;
		e.date = r->date;
		e.points = r->points;
		e.activity = r->activity;
		e.ref = r->ref;
		e.reverses = r->rev;
		e.recorder = "clerk";
		e.supervisor = r->supervisor;
		if (r->kind == LK_REDEEM) {
			e.item = "G01";
			e.qty = -1;
		}
		if (r->kind == LK_STOCK) {
			e.item = "G01";
			e.qty = r->points;
			e.points = 0;
		}
		if (ledger_writer_add(w, &e, NULL, &err) != WMSJ_OK)
			fail_msg("add: %s", err.msg);
	}
	if (ledger_writer_commit(w, &err) != WMSJ_OK)
		fail_msg("commit: %s", err.msg);
	ledger_writer_release(w);
}

static void
remove_ledger(void)
{
	char *p = fsio_path(dir, LEDGER_FILE);

	unlink(p);
	free(p);
}

#define END {LK_NONE, NULL, NULL, 0, NULL, NULL, LK_NONE, NULL}
#define AW(vol, date, pts, act) {LK_AWARD, vol, date, pts, act, NULL, LK_NONE, "主任"}

static void
test_rows(void **state)
{
	static const struct {
		struct row rows[8];
		const char *check[4];      /* the checks found, with their counts */
		size_t n[4];
	} cases[] = {
		{{AW("V1", "2026-03-01", 10, "A1"), END},
		 {"unknown-volunteer", "duplicate-award", "over-cap"}, {1, 0, 0}},
		{{{LK_AWARD, "V1", "2026-03-01", 10, "A1", NULL, LK_NONE, NULL}, END},
		 {"no-supervisor", "unknown-volunteer"}, {1, 1}},
		{{AW("V1", "2026-03-01", 60, "A1"), END}, {"over-cap"}, {1}},
		{{AW("V1", "2026-03-01", 10, "A1"), AW("V1", "2026-03-01", 10, "A1"), END},
		 {"duplicate-award", "unknown-volunteer"}, {1, 2}},
		/* reversed, the award may be given again */
		{{AW("V1", "2026-03-01", 10, "A1"),
		  {LK_REVERSE, "V1", "2026-03-02", -10, "A1", "T00000001", LK_AWARD, NULL},
		  AW("V1", "2026-03-01", 10, "A1"), END},
		 {"duplicate-award", "reverse"}, {0, 0}},
		{{AW("V1", "2026-03-01", 10, "A1"),
		  {LK_REVERSE, "V1", "2026-03-02", -10, "A1", "T00000001", LK_AWARD, NULL},
		  {LK_REVERSE, "V1", "2026-03-02", -10, "A1", "T00000001", LK_AWARD, NULL}, END},
		 {"reverse", "negative-balance"}, {1, 1}},
		{{AW("V1", "2026-03-01", 10, "A1"),
		  {LK_REVERSE, "V1", "2026-03-02", -10, "A1", "T00000009", LK_AWARD, NULL}, END},
		 {"reverse"}, {1}},
		{{AW("V1", "2026-03-01", 10, "A1"), AW("V2", "2026-03-01", 10, "A1"),
		  AW("V3", "2026-03-01", 10, "A1"), AW("V4", "2026-03-01", 10, "A1"), END},
		 {"participants"}, {1}},
		{{{LK_STOCK, NULL, "2026-03-01", 5, NULL, NULL, LK_NONE, NULL},
		  AW("V1", "2026-03-01", 10, "A1"),
		  {LK_REDEEM, "V1", "2026-03-02", -20, NULL, NULL, LK_NONE, NULL}, END},
		 {"over-redeem", "stock"}, {1, 0}},
		{{AW("V1", "2026-03-01", 10, "A1"),
		  {LK_REDEEM, "V1", "2026-03-02", -5, NULL, NULL, LK_NONE, NULL}, END},
		 {"over-redeem", "stock"}, {0, 1}},
		/* a clearing is the volunteer's latest row, and nothing is dated
		 * before it afterwards (but its reversal) */
		{{AW("V1", "2026-03-05", 10, "A1"),
		  {LK_CLEAR, "V1", "2026-03-01", -10, NULL, NULL, LK_NONE, NULL}, END},
		 {"clear-date"}, {1}},
		{{AW("V1", "2026-03-01", 10, "A1"),
		  {LK_CLEAR, "V1", "2026-03-05", -10, NULL, NULL, LK_NONE, NULL},
		  AW("V1", "2026-03-02", 10, "A2"), END},
		 {"clear-date", "award-cleared"}, {1, 1}},
		{{AW("V1", "2026-03-01", 10, "A1"),
		  {LK_CLEAR, "V1", "2026-03-05", -10, NULL, NULL, LK_NONE, NULL},
		  {LK_REVERSE, "V1", "2026-03-05", 10, NULL, "T00000002", LK_CLEAR, NULL},
		  AW("V1", "2026-03-02", 10, "A2"), END},
		 {"clear-date", "award-cleared"}, {0, 0}},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wmsj_config cfg;
		struct vregister reg;
		struct findings f;
		struct audit_ctx c;
		struct wmsj_err err;

		remove_ledger();
		write_rows(cases[i].rows);
		assert_int_equal(config_parse(&cfg, "t", yaml, strlen(yaml), &err), WMSJ_OK);
		assert_int_equal(vreg_load(&reg, dir, &err), WMSJ_OK);   /* empty */
		findings_init(&f, 0, NULL, AL_INFO);
		audit_ctx_init(&c, &f, dir, &cfg, &reg);
		assert_int_equal(audit_chain(&c, &err), WMSJ_OK);
		audit_rows(&c, 0, 1);
		for (int k = 0; k < 4 && cases[i].check[k] != NULL; k++)
			if (findings_count(&f, cases[i].check[k]) != cases[i].n[k])
				fail_msg("case %zu: %zu '%s', expected %zu", i,
					 findings_count(&f, cases[i].check[k]), cases[i].check[k],
					 cases[i].n[k]);
		assert_int_equal(findings_count(&f, "chain"), 0);
		audit_ctx_release(&c);
		findings_release(&f);
		vreg_release(&reg);
		config_release(&cfg);
	}
}

/* Replace the first from in the ledger's bytes by to. */
static void
edit_ledger(const char *from, const char *to)
{
	char *p = fsio_path(dir, LEDGER_FILE), *buf, *at;
	FILE *f = fopen(p, "rb");
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xcalloc((size_t)n + 1, 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	at = strstr(buf, from);
	assert_non_null(at);
	f = fopen(p, "wb");
	fwrite(buf, 1, (size_t)(at - buf), f);
	fputs(to, f);
	fputs(at + strlen(from), f);
	fclose(f);
	free(buf);
	free(p);
}

static void
test_chain(void **state)
{
	static const struct {
		const char *from, *to;     /* NULL: untouched */
		const char *check;
		size_t n;
	} cases[] = {
		{NULL, NULL, "chain", 0},
		{",2026-03-02,", ",2026-03-03,", "chain", 1},        /* a row changed */
		{"T00000002,", "T00000009,", "sequence", 2},       /* a gap, then back */
		{"T00000002,", "X2,", "format", 1},                  /* not a txn */
		{"txn,", "tx,", "format", 1},                        /* the header */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		static const struct row rows[] = {
			AW("V1", "2026-03-01", 10, "A1"), AW("V1", "2026-03-02", 10, "A2"),
			AW("V1", "2026-03-03", 10, "A3"), END,
		};
		struct findings f;
		struct audit_ctx c;
		struct wmsj_err err;

		remove_ledger();
		write_rows(rows);
		if (cases[i].from != NULL)
			edit_ledger(cases[i].from, cases[i].to);
		findings_init(&f, 0, NULL, AL_INFO);
		audit_ctx_init(&c, &f, dir, NULL, NULL);
		assert_int_equal(audit_chain(&c, &err), WMSJ_OK);
		if (findings_count(&f, cases[i].check) != cases[i].n)
			fail_msg("case %zu: %zu '%s', expected %zu", i,
				 findings_count(&f, cases[i].check), cases[i].check, cases[i].n);
		if (cases[i].n > 0)
			assert_true(f.serious);
		findings_release(&f);
	}
}

static void
test_torn_and_missing(void **state)
{
	static const struct row rows[] = {AW("V1", "2026-03-01", 10, "A1"), END};
	struct findings f;
	struct audit_ctx c;
	struct wmsj_err err;
	char *p;
	FILE *fp;

	(void)state;
	remove_ledger();
	findings_init(&f, 0, NULL, AL_INFO);
	audit_ctx_init(&c, &f, dir, NULL, NULL);
	assert_int_equal(audit_chain(&c, &err), AUDIT_NO_LEDGER);
	assert_int_equal(f.n, 0);
	write_rows(rows);
	p = fsio_path(dir, LEDGER_FILE);
	fp = fopen(p, "ab");
	fputs("T00000002,2026", fp);   /* no newline: a torn tail */
	fclose(fp);
	free(p);
	assert_int_equal(audit_chain(&c, &err), WMSJ_OK);
	assert_int_equal(findings_count(&f, "torn-tail"), 1);
	assert_string_equal(f.v[0].f[2], "ledger.csv:3");
	findings_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_and_missing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
