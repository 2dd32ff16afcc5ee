/* auditrun: the integrity checks on two threads find exactly what they
 * find one after the other, in the same order: a directory with findings
 * of every check (the chain, the history and views, a seal, the newest
 * snapshot, the register, the rows), in several states, audited both ways. */
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
#include "auditreg.h"
#include "auditrun.h"
#include "auditseal.h"
#include "clock.h"
#include "fsio.h"
#include "ledger.h"
#include "seal.h"
#include "util.h"
#include "volunteer.h"
#include "scratch.h"

static const char yaml[] =
	"institute: 镇\nstations:\n  - {code: \"610724109001\", name: 村}\n"
	"rules:\n  max_points: 50\n";

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("auditrun"), 0);
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

/* Awards in months 2026-01..03 (one to a volunteer the register lacks,
 * one without a supervisor), months 01 and 02 closed. */
static void
make_dir(void)
{
	static const char *const vols[] = {"V1", "V2", "V9"};
	struct ledger_writer *w;
	struct seal_result res;
	struct wmsj_err err;

	write_file("wmsj.yaml", yaml);
	/* a register no history vouches for, one phone malformed */
	write_file("volunteers.csv",
		   "id,card_no,name,id_number,phone,station,status,tags,platform_no,registered,updated\n"
		   "V1,C1,甲,11010519491231002X,13812345678,610724109001,active,,,2025-01-01,2025-01-01\n"
		   "V2,C2,乙,110105198001010016,12,610724109001,active,,,2025-01-01,2025-01-01\n");
	for (int m = 1; m <= 3; m++) {
		char date[16];

		snprintf(date, sizeof date, "2026-%02d-05", m % 100);
		assert_int_equal(ledger_writer_open(&w, dir, &err), WMSJ_OK);
		for (int k = 0; k < 6; k++) {
			struct ledger_entry e;

			memset(&e, 0, sizeof e);
			e.kind = LK_AWARD;
			e.volunteer = vols[k % 3];
			e.date = date;
			e.points = 5 + k;
			e.activity = k < 3 ? "A1" : "A2";
			e.recorder = "clerk";
			e.certifier = "王";
			e.supervisor = k == 4 ? "" : "李";
			assert_int_equal(ledger_writer_add(w, &e, NULL, &err), WMSJ_OK);
		}
		assert_int_equal(ledger_writer_commit(w, &err), WMSJ_OK);
		if (m < 3)
			assert_int_equal(seal_close(w, m == 1 ? "2026-01" : "2026-02", "clerk", &res,
						    &err), WMSJ_OK);
		ledger_writer_release(w);
	}
}

/* Replace the first from in file name by to (the same length: no offset
 * moves). */
static void
edit(const char *name, const char *from, const char *to)
{
	char path[4200], *buf, *p;
	size_t len;
	struct wmsj_err err;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(fsio_read_in(dir, name, &buf, &len, &err), WMSJ_OK);
	assert_non_null(p = strstr(buf, from));
	assert_int_equal(strlen(from), strlen(to));
	memcpy(p, to, strlen(to));
	{
		FILE *fp = fopen(path, "w");

		assert_non_null(fp);
		fwrite(buf, 1, len, fp);
		fclose(fp);
	}
	free(buf);
}

/* One after the other, as wmsj-audit ran them before auditrun. */
static int
sequential(struct findings *f, const struct wmsj_config *cfg, const struct vregister *reg)
{
	struct audit_ctx c;
	struct wmsj_err err;
	int rc;

	audit_ctx_init(&c, f, dir, cfg, reg);
	rc = audit_chain(&c, &err);
	if (rc == AUDIT_NO_LEDGER) {
		audit_missing_ledger(&c);
		rc = WMSJ_OK;
	}
	if (rc == WMSJ_OK)
		rc = audit_history(&c, &err);
	if (rc == WMSJ_OK) {
		audit_seals(&c);
		audit_register(&c);
		audit_rows(&c, 0, 1);
	}
	audit_ctx_release(&c);
	return rc;
}

static int
has(const struct findings *f, const char *check)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].f[1], check) == 0)
			return 1;
	return 0;
}

static void
test_same_findings(void **state)
{
	static const struct {
		const char *file, *from, *to;   /* NULL: as written */
		const char *check;              /* a finding of this check is among them */
	} steps[] = {
		{NULL, NULL, NULL, "no-supervisor"},
		{NULL, NULL, NULL, "unknown-volunteer"},
		{NULL, NULL, NULL, "register-view"},
		{SEAL_DIR "/2026-01.csv", "V1,", "V7,", "seal"},
		{LEDGER_FILE, ",2026-01-05,award,V2,", ",2026-01-05,award,V1,", "chain"},
		{LEDGER_FILE, ",2026-02-05,award,V2,", ",2026-02-05,award,V1,", "snapshot"},
	};
	struct wmsj_config cfg;
	struct wmsj_err err;

	(void)state;
	make_dir();
	assert_int_equal(config_load(&cfg, dir, &err), WMSJ_OK);
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		struct findings one, two;
		struct vregister reg;
		struct audit_ctx c;
		int rc1, rc2;

		if (steps[s].file != NULL)
			edit(steps[s].file, steps[s].from, steps[s].to);
		if (vreg_load(&reg, dir, &err) != WMSJ_OK)
			fail_msg("%s", err.msg);
		findings_init(&one, 2, NULL, AL_INFO);
		findings_init(&two, 2, NULL, AL_INFO);
		rc1 = sequential(&one, &cfg, &reg);
		audit_ctx_init(&c, &two, dir, &cfg, &reg);
		audit_integrity_start(&c);
		rc2 = audit_integrity_finish(&c, 0, 1, &err);
		audit_ctx_release(&c);
		assert_int_equal(rc1, WMSJ_OK);
		assert_int_equal(rc2, WMSJ_OK);
		findings_finish(&one);
		findings_finish(&two);
		for (size_t k = 0; k <= s; k++)
			if (!has(&one, steps[k].check))
				fail_msg("step %zu: no finding of '%s'", s, steps[k].check);
		assert_int_equal(two.n, one.n);
		assert_int_equal(two.serious, one.serious);
		for (size_t i = 0; i < one.n; i++)
			for (int k = 0; k < FINDING_NCOLS; k++)
				assert_string_equal(two.v[i].f[k], one.v[i].f[k]);
		findings_release(&one);
		findings_release(&two);
		vreg_release(&reg);
	}
	config_release(&cfg);
}

/* Started and dropped (an error before the checks): nothing leaks or
 * hangs; finish without start starts them. */
static void
test_abandon(void **state)
{
	struct wmsj_config cfg;
	struct wmsj_err err;
	struct vregister reg;
	struct findings f;
	struct audit_ctx c;

	(void)state;
	make_dir();
	assert_int_equal(config_load(&cfg, dir, &err), WMSJ_OK);
	assert_int_equal(vreg_load(&reg, dir, &err), WMSJ_OK);
	findings_init(&f, 0, NULL, AL_INFO);
	audit_ctx_init(&c, &f, dir, &cfg, &reg);
	audit_integrity_start(&c);
	audit_ctx_release(&c);
	assert_int_equal(f.n, 0);
	audit_ctx_init(&c, &f, dir, &cfg, &reg);
	assert_int_equal(audit_integrity_finish(&c, 0, 1, &err), WMSJ_OK);
	audit_ctx_release(&c);
	assert_true(has(&f, "unknown-volunteer"));
	findings_release(&f);
	vreg_release(&reg);
	config_release(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abandon, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
