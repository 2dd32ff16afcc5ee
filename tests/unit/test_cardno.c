/* Card numbers: the forms, Damm's check digit, the draw. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cardno.h"
#include "mask.h"

/* Valid numbers: the check digit worked out by hand from Damm's table, and
 * the worked example of the algorithm (572 -> 4). */
static const char *const valid[] = {
	"610724109001-0000000005",
	"610724109001-1234567895",
	"610724109201-9999999993",
	"430725110202-5830171621",
	"5-7240",
};

static void
test_forms(void **state)
{
	static const struct { const char *s; int form; } t[] = {
		{"610724109001-000012", CARDNO_LEGACY},
		{"610724109001-1234567896", CARDNO_NEW},
		{"610724109001-1234567890", CARDNO_NEW},      /* form only, check not looked at */
		{"1-000001", CARDNO_LEGACY},
		{"610724109001-12345678", CARDNO_OTHER},      /* 8 digits: a digit dropped */
		{"610724109001-123456789", CARDNO_OTHER},
		{"610724109001-12345678961", CARDNO_OTHER},
		{"610724109001-12345a7896", CARDNO_OTHER},
		{"61072410900X-1234567896", CARDNO_OTHER},
		{"-1234567896", CARDNO_OTHER},
		{"V610724109001-0001", CARDNO_OTHER},
		{"11010519491231002X", CARDNO_OTHER},
		{"610724109001-12345-67896", CARDNO_OTHER},
		{"", CARDNO_OTHER},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (cardno_form(t[i].s) != t[i].form)
			fail_msg("'%s': form %d, expected %d", t[i].s, cardno_form(t[i].s), t[i].form);
}

static void
test_damm(void **state)
{
	(void)state;
	assert_int_equal(cardno_damm("572"), 4);      /* Damm's worked example */
	assert_int_equal(cardno_damm("5724"), 0);
	assert_int_equal(cardno_damm(""), 0);
	assert_int_equal(cardno_damm("610724109001-000000000"), 5);
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		struct wmsj_err err;

		assert_int_equal(cardno_damm(valid[i]), 0);
		assert_int_equal(cardno_typed(valid[i], &err), WMSJ_OK);
	}
	assert_true(cardno_valid("610724109001-1234567895"));
	assert_false(cardno_valid("610724109001-1234567896"));
	assert_false(cardno_valid("610724109001-000012"));   /* legacy: no check digit */
}

/* Every single-digit change of every valid number is refused, and so is
 * every transposition of two adjacent different digits (across the '-' too:
 * the '-' is skipped). */
static void
test_typos_refused(void **state)
{
	struct wmsj_err err;
	size_t tried = 0;

	(void)state;
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		char s[CARDNO_MAX];
		size_t n = strlen(valid[i]);

		if (cardno_form(valid[i]) != CARDNO_NEW)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (valid[i][k] == '-')
				continue;
			for (char d = '0'; d <= '9'; d++) {
				if (d == valid[i][k])
					continue;
				strcpy(s, valid[i]);
				s[k] = d;
				tried++;
				if (cardno_typed(s, &err) != WMSJ_REFUSED)
					fail_msg("'%s' (one digit of '%s') accepted", s, valid[i]);
			}
		}
		for (size_t k = 0; k + 1 < n; k++) {
			size_t j = k + 1;
			char c;

			if (valid[i][j] == '-')
				j++;
			if (valid[i][k] == '-' || valid[i][k] == valid[i][j])
				continue;
			strcpy(s, valid[i]);
			c = s[k];
			s[k] = s[j];
			s[j] = c;
			tried++;
			if (cardno_typed(s, &err) != WMSJ_REFUSED)
				fail_msg("'%s' (digits %zu and %zu of '%s' swapped) accepted", s, k, j, valid[i]);
		}
	}
	assert_true(tried > 4 * 22 * 9);
	assert_int_equal(cardno_typed("610724109001-1234567890", &err), WMSJ_REFUSED);
	assert_string_equal(err.msg, "card number '610724109001-1234567890' has a wrong check digit: mistyped?");
	/* a legacy number, an id, an ID number: left to the lookup */
	assert_int_equal(cardno_typed("610724109001-000013", &err), WMSJ_OK);
	assert_int_equal(cardno_typed("V610724109001-0001", &err), WMSJ_OK);
	assert_int_equal(cardno_typed("11010519491231002X", &err), WMSJ_OK);
}

/* Every single-digit error and adjacent transposition over all numbers of
 * a short length: the table itself, not only the examples above. */
static void
test_damm_exhaustive(void **state)
{
	(void)state;
	for (int v = 0; v < 100000; v++) {
		char s[16];
		int c;

		snprintf(s, sizeof s, "%05d", v);
		c = cardno_damm(s);
		s[5] = (char)('0' + c);
		s[6] = '\0';
		assert_int_equal(cardno_damm(s), 0);
		for (int k = 0; k < 6; k++) {
			char t[8];

			for (char d = '0'; d <= '9'; d++) {
				if (d == s[k])
					continue;
				memcpy(t, s, 7);
				t[k] = d;
				if (cardno_damm(t) == 0)
					fail_msg("'%s' from '%s' passes", t, s);
			}
			if (k < 5 && s[k] != s[k + 1]) {
				memcpy(t, s, 7);
				t[k] = s[k + 1];
				t[k + 1] = s[k];
				if (cardno_damm(t) == 0)
					fail_msg("'%s' from '%s' passes", t, s);
			}
		}
	}
}

static void
test_draw(void **state)
{
	struct wmsj_err err;
	char a[CARDNO_MAX], b[CARDNO_MAX], c[CARDNO_MAX];

	(void)state;
	/* the system's generator */
	cardno_seed(NULL);
	assert_int_equal(cardno_draw("610724109001", a, &err), WMSJ_OK);
	assert_int_equal(strlen(a), 23);
	assert_int_equal(cardno_form(a), CARDNO_NEW);
	assert_true(cardno_valid(a));
	assert_memory_equal(a, "610724109001-", 13);
	assert_int_equal(cardno_draw("610724109001", b, &err), WMSJ_OK);
	assert_true(cardno_valid(b));
	assert_string_not_equal(a, b);
	/* the masked form shows the station only, and no message masking
	 * mistakes a card for a phone */
	{
		char *m = mask_card(a);
		char txt[96];

		assert_string_equal(m, "610724109001-**********");
		free(m);
		snprintf(txt, sizeof txt, "card '%s'", a);
		mask_personal_text(txt);
		assert_memory_equal(txt + 6, a, strlen(a));
	}

	/* a seed: the same sequence every time it is set */
	cardno_seed("t");
	assert_int_equal(cardno_draw("610724109001", a, &err), WMSJ_OK);
	assert_int_equal(cardno_draw("610724109001", b, &err), WMSJ_OK);
	assert_string_not_equal(a, b);
	cardno_seed("t");
	assert_int_equal(cardno_draw("610724109001", c, &err), WMSJ_OK);
	assert_string_equal(a, c);
	cardno_seed("u");
	assert_int_equal(cardno_draw("610724109001", c, &err), WMSJ_OK);
	assert_string_not_equal(a, c);

	assert_int_equal(cardno_draw("61072410900X", a, &err), WMSJ_USAGE);
	assert_string_equal(a, "");
	assert_int_equal(cardno_draw("", a, &err), WMSJ_USAGE);
	cardno_seed(NULL);
}

/* No modulo bias and no favourite digit: over many draws, each digit of each
 * position comes up about a tenth of the time (a loose bound: 10% off the
 * mean fails once in far more runs than this suite will ever see). */
static void
test_draw_spread(void **state)
{
	struct wmsj_err err;
	size_t count[CARDNO_RANDOM][10];
	const size_t n = 20000;

	(void)state;
	memset(count, 0, sizeof count);
	cardno_seed("spread");
	for (size_t i = 0; i < n; i++) {
		char s[CARDNO_MAX];

		assert_int_equal(cardno_draw("1", s, &err), WMSJ_OK);
		for (size_t k = 0; k < CARDNO_RANDOM; k++)
			count[k][s[2 + k] - '0']++;
	}
	for (size_t k = 0; k < CARDNO_RANDOM; k++)
		for (size_t d = 0; d < 10; d++)
			if (count[k][d] < n / 10 * 9 / 10 || count[k][d] > n / 10 * 11 / 10)
				fail_msg("digit %zu at %zu: %zu of %zu", d, k, count[k][d], n);
	cardno_seed(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_damm),
		cmocka_unit_test(test_typos_refused),
		cmocka_unit_test(test_damm_exhaustive),
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_draw_spread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
