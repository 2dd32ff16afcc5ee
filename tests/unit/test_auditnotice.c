/* auditnotice: a published notice refused before its figures are compared:
 * no rows, a malformed quarter or seal, a preview, a quarter not over, a
 * seal that names no row or one the ledger no longer holds, a file that
 * cannot be read (a finding when kept, the status when named). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "auditnotice.h"
#include "clock.h"
#include "util.h"
#include "scratch.h"

#define HEAD "quarter,station,station_name,id,name,card_no,earned,redeemed,cleared,balance,hours,seal"
#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define Z64 "0000000000000000000000000000000000000000000000000000000000000000"

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("auditnotice"), 0);
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
test_refused(void **state)
{
	static const struct {
		const char *text;          /* the file, NULL: none */
		int soft;
		int status;
		const char *check, *where, *msg;   /* the one finding (msg: its start) */
	} cases[] = {
		{HEAD "\n", 0, WMSJ_OK, "notice", "n.csv", "the notice has no rows"},
		{HEAD "\n2026Q5,S,N,V1,x,x,0,0,0,0,0,T00000001:" H64 "\n", 0, WMSJ_OK, "notice",
		 "n.csv:2", "the quarter or the seal is malformed"},
		{HEAD "\n2026Q1,S,N,V1,x,x,0,0,0,0,0,T1:abc\n", 0, WMSJ_OK, "notice", "n.csv:2",
		 "the quarter or the seal is malformed"},
		{HEAD ",preview\n2026Q1,S,N,V1,x,x,0,0,0,0,0,T00000001:" H64 ",2026-03-01\n", 0,
		 WMSJ_OK, "notice", "n.csv:2",
		 "the notice is a preview (2026-03-01), not a final notice"},
		{HEAD "\n2026Q2,S,N,V1,x,x,0,0,0,0,0,T00000001:" H64 "\n", 0, WMSJ_OK, "notice",
		 "n.csv", "quarter '2026Q2' has not ended (it ends on 2026-06-30)"},
		{HEAD "\n2026Q1,S,N,V1,x,x,0,0,0,0,0,T00000000:" Z64 "\n", 0, WMSJ_OK, "notice-seal",
		 "n.csv", "the notice's seal 'T00000000' names no ledger row: it certifies nothing"},
		{HEAD "\n2026Q1,S,N,V1,x,x,0,0,0,0,0,T00000005:" H64 "\n", 0, WMSJ_OK, "notice-seal",
		 "n.csv", "the ledger no longer holds 'T00000005'"},
		{"quarter,station\n2026Q1,S\n", 1, WMSJ_OK, "notice", "n.csv", ""},
		{NULL, 1, WMSJ_OK, "notice", "n.csv", ""},
		{NULL, 0, -1, NULL, NULL, NULL},                     /* the status, no finding */
		{"quarter,station\n2026Q1,S\n", 0, -1, NULL, NULL, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[4200];
		struct findings f;
		struct audit_ctx c;
		struct wmsj_err err;
		int rc;

		snprintf(path, sizeof path, "%s/n%zu.csv", dir, i);
		if (cases[i].text != NULL) {
			FILE *fp = fopen(path, "w");

			assert_non_null(fp);
			fputs(cases[i].text, fp);
			fclose(fp);
		}
		findings_init(&f, 0, NULL, AL_INFO);
		audit_ctx_init(&c, &f, dir, NULL, NULL);
		rc = audit_notice_file(&c, path, "n.csv", cases[i].soft, &err);
		if (cases[i].status >= 0) {
			assert_int_equal(rc, cases[i].status);
		} else {
			assert_true(rc > WMSJ_REFUSED);
			assert_int_equal(rc, err.status);
			assert_true(err.msg[0] != '\0');
		}
		if (cases[i].check == NULL) {
			assert_int_equal(f.n, 0);
		} else {
			if (f.n != 1)
				fail_msg("case %zu: %zu findings", i, f.n);
			assert_string_equal(f.v[0].f[0], "error");
			assert_string_equal(f.v[0].f[1], cases[i].check);
			assert_string_equal(f.v[0].f[2], cases[i].where);
			if (strncmp(f.v[0].f[3], cases[i].msg, strlen(cases[i].msg)) != 0)
				fail_msg("case %zu: '%s'", i, f.v[0].f[3]);
		}
		audit_ctx_release(&c);
		findings_release(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
