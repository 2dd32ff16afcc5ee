/* Unit tests for sb.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sb.h"
#include "alloc.h"

static void
test_sb(void **state)
{
	struct sb sb;
	char *s;

	(void)state;
	sb_init(&sb);
	assert_string_equal(sb.buf, "");
	sb_adds(&sb, "积分");
	sb_addc(&sb, ':');
	sb_addf(&sb, "%d/%s", 42, "银行");
	sb_add(&sb, "xyz", 2);
	assert_string_equal(sb.buf, "积分:42/银行xy");
	assert_int_equal(sb.len, strlen(sb.buf));
	sb_reset(&sb);
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 10000; i++)
		sb_addc(&sb, 'a' + i % 26);
	assert_int_equal(sb.len, 10000);
	s = sb_detach(&sb);
	assert_null(sb.buf);
	assert_int_equal(strlen(s), 10000);
	free(s);
	sb_adds(&sb, "again");   /* usable after detach */
	assert_string_equal(sb.buf, "again");
	sb_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
