/* auditseal: the hand-over lines (all or nothing: a refusal leaves the
 * output as it was) and the witnessed seals checked against the ledger. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "auditseal.h"
#include "clock.h"
#include "fsio.h"
#include "ledger.h"
#include "util.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("auditseal"), 0);
	assert_int_equal(wmsj_clock_set("2026-04-10", "2026-04-10T10:00:00"), 0);
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C", 1);
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
load_cfg(struct wmsj_config *cfg, const char *institute)
{
	char yaml[256];
	struct wmsj_err err;

	snprintf(yaml, sizeof yaml, "institute: %s\nstations:\n  - {code: \"610724109001\", name: 村}\n",
		 institute);
	assert_int_equal(config_parse(cfg, "t", yaml, strlen(yaml), &err), WMSJ_OK);
}

static void
awards(int n)
{
	struct ledger_writer *w;
	struct wmsj_err err;

	assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
	for (int i = 0; i < n; i++) {
		struct ledger_entry e;

		memset(&e, 0, sizeof e);
		e.kind = LK_AWARD;
		e.volunteer = "V1";
		e.date = "2026-03-01";
		e.points = 10;
		e.recorder = "clerk";
		assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
	}
	assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
	ledger_writer_release(w);
}

static void
write_file(const char *name, const char *text)
{
	char path[4200];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
}

static void
test_lines(void **state)
{
	static const struct {
		int rows;                  /* ledger rows written first (cumulative) */
		const char *month;
		const char *notice;        /* a notice file's text, NULL: none */
		int status;
		const char *msg;           /* the refusal, or the line's kind and what */
	} cases[] = {
		{0, NULL, NULL, WMSJ_REFUSED, "the ledger is empty: there is no seal to hand over"},
		{2, NULL, NULL, WMSJ_OK, "head 2026-03-01 T00000002"},
		{0, "2026-03", NULL, WMSJ_REFUSED,
		 "month '2026-03' is not closed: there is no close row to hand over"},
		{0, NULL, "quarter,station,seal\n", WMSJ_BADDATA, "the notice has no rows"},
		{0, NULL, "quarter,station,seal\n2026Q1,610724109001,T1:x\n", WMSJ_BADDATA, ":2: "},
		{0, NULL, "quarter,station,seal\n2026Q1,610724109001,T00000009:"
		 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", WMSJ_REFUSED,
		 "the notice's seal does not hold"},
	};
	struct wmsj_config cfg;

	(void)state;
	load_cfg(&cfg, "镇");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wmsj_err err;
		struct sb out;
		char path[4200];
		char *files[1] = {path};
		int rc;

		if (cases[i].rows > 0)
			awards(cases[i].rows);
		snprintf(path, sizeof path, "%s/n%zu.csv", dir, i);
		if (cases[i].notice != NULL) {
			char name[32];

			snprintf(name, sizeof name, "n%zu.csv", i);
			write_file(name, cases[i].notice);
		}
		sb_init(&out);
		sb_adds(&out, "before\n");
		rc = audit_seal_lines(dir, &cfg, cases[i].month, files, cases[i].notice != NULL,
				      WMSJ_ENC_AUTO, &out, &err);
		if (rc != cases[i].status)
			fail_msg("case %zu: status %d: %s", i, rc, err.msg);
		if (rc != WMSJ_OK) {
			assert_string_equal(out.buf, "before\n");
			if (strstr(err.msg, cases[i].msg) == NULL)
				fail_msg("case %zu: '%s'", i, err.msg);
		} else {
			struct wline l;
			const char *why;
			char *nl = strchr(out.buf + 7, '\n'), want[64];

			assert_non_null(nl);
			assert_int_equal(nl[1], '\0');   /* one line */
			assert_int_equal(wline_parse(out.buf + 7, (size_t)(nl - out.buf - 7), &l, &why), 1);
			assert_string_equal(l.institute, "镇");
			snprintf(want, sizeof want, "%s %s T%08llu", wline_kind_name(l.kind), l.what,
				 (unsigned long long)l.seal.tseq);
			assert_string_equal(want, cases[i].msg);
			wline_release(&l);
		}
		sb_release(&out);
	}
	config_release(&cfg);
}

static void
test_witness(void **state)
{
	static const struct {
		const char *institute;     /* of the directory audited */
		int more_rows;             /* rows appended after the hand-over */
		int forge;                 /* the ledger rewritten after it */
		const char *sev, *msg;
	} cases[] = {
		{"镇", 0, 0, "info", "witnessed seals of this institute: 1, all hold"},
		{"镇", 1, 0, "info", "witnessed seals of this institute: 1, all hold"},
		{"镇", 0, 1, "error", "witnessed seal of head 2026-03-01: "},
		{"乡", 0, 0, "error", "no line of the witness files names institute '乡'"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wmsj_config cfg, mine;
		struct witness wit;
		struct findings f;
		struct audit_ctx c;
		struct wmsj_err err;
		struct sb out;
		char wpath[4200], *lp;

		lp = fsio_path(dir, LEDGER_FILE);
		unlink(lp);
		awards(1);
		load_cfg(&mine, "镇");
		sb_init(&out);
		assert_int_equal(audit_seal_lines(dir, &mine, NULL, NULL, 0, WMSJ_ENC_AUTO, &out, &err),
				 WMSJ_OK);
		write_file("witness.txt", out.buf);
		sb_release(&out);
		config_release(&mine);
		if (cases[i].more_rows)
			awards(cases[i].more_rows);
		if (cases[i].forge) {
			/* the same txn written again: another hash (recorded later) */
			assert_int_equal(wmsj_clock_set("2026-04-11", "2026-04-11T10:00:00"), 0);
			unlink(lp);
			awards(1);
			assert_int_equal(wmsj_clock_set("2026-04-10", "2026-04-10T10:00:00"), 0);
		}
		free(lp);
		snprintf(wpath, sizeof wpath, "%s/witness.txt", dir);
		witness_init(&wit);
		assert_int_equal(witness_load(&wit, wpath, &err), WMSJ_OK);
		load_cfg(&cfg, cases[i].institute);
		findings_init(&f, 0, NULL, AL_INFO);
		audit_ctx_init(&c, &f, dir, &cfg, NULL);
		audit_witness(&c);            /* no lines: nothing */
		assert_int_equal(f.n, 0);
		c.wit = &wit;
		audit_witness(&c);
		if (f.n < 1)
			fail_msg("case %zu: no finding", i);
		assert_string_equal(f.v[0].f[0], cases[i].sev);
		assert_string_equal(f.v[0].f[1], "witness");
		if (strstr(f.v[0].f[3], cases[i].msg) == NULL)
			fail_msg("case %zu: '%s'", i, f.v[0].f[3]);
		findings_release(&f);
		config_release(&cfg);
		witness_release(&wit);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_witness, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
