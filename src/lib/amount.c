/* Amounts: points and hours parsed, hours formatted, checked sums.  See
 * amount.h. */
#include <stdio.h>

#include "amount.h"

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

#define AMOUNT_MAX 1000000000000LL

int
wmsj_points_parse(const char *s, int64_t *v)
{
	int neg = 0;
	int64_t x = 0;

	if (s == NULL || *s == '\0')
		return -1;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (!isdig(*s))
			return -1;
		x = x * 10 + (*s - '0');
		if (x > AMOUNT_MAX)
			return -1;
	}
	*v = neg ? -x : x;
	return 0;
}

int
wmsj_hours_parse(const char *s, int64_t *centi)
{
	int neg = 0, dec = -1;
	int64_t x = 0;

	if (s == NULL || *s == '\0')
		return -1;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (!isdig(*s))
		return -1;
	for (; *s; s++) {
		if (*s == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (!isdig(*s) || dec >= 2)
			return -1;
		if (dec >= 0)
			dec++;
		x = x * 10 + (*s - '0');
		if (x > AMOUNT_MAX)
			return -1;
	}
	if (dec == 0)
		return -1;
	for (int i = dec < 0 ? 0 : dec; i < 2; i++)
		x *= 10;
	*centi = neg ? -x : x;
	return 0;
}

void
wmsj_hours_fmt(int64_t c, enum wmsj_hours_style style, char out[32])
{
	unsigned long long a = c < 0 ? (unsigned long long)-(c + 1) + 1 : (unsigned long long)c;
	const char *sign = c < 0 ? "-" : "";

	if (a % 100 == 0)
		snprintf(out, 32, "%s%llu", sign, a / 100);
	else if (a % 10 == 0 && style == WMSJ_HOURS_SHORT)
		snprintf(out, 32, "%s%llu.%llu", sign, a / 100, (a % 100) / 10);
	else
		snprintf(out, 32, "%s%llu.%02llu", sign, a / 100, a % 100);
}

int
wmsj_add_checked(int64_t *acc, int64_t v)
{
	int64_t r;

	if (__builtin_add_overflow(*acc, v, &r))
		return -1;
	*acc = r;
	return 0;
}
