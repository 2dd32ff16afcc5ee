/* Card numbers: see cardno.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/rand.h>

#include "alloc.h"
#include "cardno.h"
#include "i18n.h"
#include "sha.h"

/* Damm's quasigroup of order 10 (H. M. Damm, 2004), weakly totally
 * anti-symmetric with a zero diagonal: the interim digit of a number
 * followed by its check digit is 0. */
static const unsigned char damm[10][10] = {
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
};

static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
cardno_form(const char *s)
{
	const char *dash = strchr(s, '-');
	size_t st, rest;

	if (dash == NULL || dash == s)
		return CARDNO_OTHER;
	st = (size_t)(dash - s);
	rest = strlen(dash + 1);
	if (!all_digits(s, st) || !all_digits(dash + 1, rest))
		return CARDNO_OTHER;
	if (rest == CARDNO_RANDOM + 1)
		return CARDNO_NEW;
	if (rest == 6)
		return CARDNO_LEGACY;
	return CARDNO_OTHER;
}

int
cardno_damm(const char *s)
{
	int interim = 0;

	for (; *s != '\0'; s++)
		if (*s >= '0' && *s <= '9')
			interim = damm[interim][*s - '0'];
	return interim;
}

int
cardno_valid(const char *s)
{
	return cardno_form(s) == CARDNO_NEW && cardno_damm(s) == 0;
}

int
cardno_typed(const char *s, struct wmsj_err *err)
{
	if (cardno_form(s) == CARDNO_NEW && cardno_damm(s) != 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("card number '%s' has a wrong check digit: mistyped?"), s);
	return WMSJ_OK;
}

/* The fixed sequence of a seed: SHA-256 of the seed and a block counter. */
static struct {
	int on;
	char seed[128];
	uint64_t block;
	unsigned char buf[32];   /* one SHA-256 */
	size_t pos;
} fixed;

void
cardno_seed(const char *seed)
{
	fixed.on = seed != NULL;
	snprintf(fixed.seed, sizeof fixed.seed, "%s", seed != NULL ? seed : "");
	fixed.block = 0;
	fixed.pos = sizeof fixed.buf;
}

static void
fixed_bytes(unsigned char *out, size_t n)
{
	while (n > 0) {
		if (fixed.pos == sizeof fixed.buf) {
			unsigned char in[sizeof fixed.seed + 8];
			size_t len = strlen(fixed.seed);

			memcpy(in, fixed.seed, len);
			for (int i = 0; i < 8; i++)
				in[len + (size_t)i] = (unsigned char)(fixed.block >> (8 * i));
			wmsj_sha256(in, len + 8, fixed.buf);
			fixed.block++;
			fixed.pos = 0;
		}
		*out++ = fixed.buf[fixed.pos++];
		n--;
	}
}

/* A uniform number below 10^9. */
static int
draw_digits(uint32_t *v, struct wmsj_err *err)
{
	for (;;) {
		unsigned char b[4];
		uint32_t x;

		if (fixed.on)
			fixed_bytes(b, sizeof b);
		else if (RAND_bytes(b, (int)sizeof b) != 1)
			return wmsj_err_set(err, WMSJ_SYSERR,
			    _("cannot draw a card number: the system's random number generator failed"));
		x = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
		/* 4 000 000 000 is the largest multiple of 10^9 below 2^32 */
		if (x < 4000000000u) {
			*v = x % 1000000000u;
			return WMSJ_OK;
		}
	}
}

int
cardno_draw(const char *station, char out[CARDNO_MAX], struct wmsj_err *err)
{
	size_t n = strlen(station);
	uint32_t v = 0;
	int rc, len;

	out[0] = '\0';
	if (n == 0 || n > 40 || !all_digits(station, n))
		return wmsj_err_set(err, WMSJ_USAGE, _("station code '%s' is not digits"), station);
	if ((rc = draw_digits(&v, err)) != WMSJ_OK)
		return rc;
	len = snprintf(out, CARDNO_MAX, "%s-%09lu", station, (unsigned long)v);
	xsnprintf(out + len, CARDNO_MAX - (size_t)len, "%d", cardno_damm(out));
	return WMSJ_OK;
}
