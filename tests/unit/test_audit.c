/* audit: the context's notices directory (--notices, else DIR/notices; a
 * name too long is "" and, when asked, a finding) and a ledger place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audit.h"

static void
test_notices_dir(void **state)
{
	static const struct {
		const char *dir, *notices;
		size_t n;                  /* the buffer's size */
		int report;
		int rc;
		const char *want, *where;  /* where: the finding's, NULL none */
	} cases[] = {
		{"town", NULL, 64, 1, 0, "town/notices", NULL},
		{"town", "/pub", 64, 1, 0, "/pub", NULL},
		{"town", NULL, 13, 1, 0, "town/notices", NULL},   /* just fits */
		{"town", NULL, 12, 1, -1, "", "notices"},
		{"town", NULL, 12, 0, -1, "", NULL},
		{"town", "/published", 10, 1, -1, "", "--notices"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct findings f;
		struct audit_ctx c;
		char buf[64];

		findings_init(&f, 0, NULL, AL_INFO);
		audit_ctx_init(&c, &f, cases[i].dir, NULL, NULL);
		c.notices = cases[i].notices;
		assert_int_equal(audit_notices_dir(&c, buf, cases[i].n, cases[i].report), cases[i].rc);
		assert_string_equal(buf, cases[i].want);
		assert_int_equal(f.n, cases[i].where != NULL);
		if (cases[i].where != NULL) {
			assert_string_equal(f.v[0].f[1], "notice");
			assert_string_equal(f.v[0].f[2], cases[i].where);
		}
		audit_ctx_release(&c);
		audit_ctx_release(&c);     /* nothing loaded, nothing twice */
		findings_release(&f);
	}
}

static void
test_where(void **state)
{
	static const struct { size_t line; const char *want; } cases[] = {
		{1, "ledger.csv:1"}, {27, "ledger.csv:27"}, {1000000, "ledger.csv:1000000"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[64];

		audit_ledger_where(buf, sizeof buf, cases[i].line);
		assert_string_equal(buf, cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notices_dir),
		cmocka_unit_test(test_where),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
