/* Unit tests for csvout.c: the one field quoting, in its two styles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csvout.h"

static void
test_styles(void **state)
{
	static const struct { const char *in, *cell, *ledger; } t[] = {
		{ "", "", "" },
		{ "plain 积分", "plain 积分", "plain 积分" },
		{ "a,b", "\"a,b\"", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\"" },
		{ " lead", "\" lead\"", " lead" },
		{ "trail ", "\"trail \"", "trail " },
		{ "two\nlines", "\"two\nlines\"", "two\nlines" },
		{ "cr\r", "\"cr\r\"", "cr\r" },
	};
	struct sb sb;

	(void)state;
	sb_init(&sb);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		sb_reset(&sb);
		csv_field(&sb, t[i].in, CSV_QUOTE_CELL);
		assert_string_equal(sb.buf, t[i].cell);
		sb_reset(&sb);
		csv_sb_field(&sb, t[i].in);
		assert_string_equal(sb.buf, t[i].cell);
		sb_reset(&sb);
		csv_field(&sb, t[i].in, CSV_QUOTE_LEDGER);
		assert_string_equal(sb.buf, t[i].ledger);
		assert_int_equal(csv_needs_quote(t[i].in, CSV_QUOTE_LEDGER),
				 strcmp(t[i].in, t[i].ledger) != 0);
	}
	sb_release(&sb);
}

static void
test_write_field(void **state)
{
	FILE *f = tmpfile();
	char buf[64];
	size_t n;

	(void)state;
	assert_non_null(f);
	csv_write_field(f, "x");
	fputc(',', f);
	csv_write_field(f, "a \"b\", c ");
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	assert_string_equal(buf, "x,\"a \"\"b\"\", c \"");
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_write_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
