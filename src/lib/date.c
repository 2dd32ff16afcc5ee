/* Dates: parsing, day numbers, month arithmetic.  See date.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "date.h"

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

int
wmsj_days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int
num(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdig(s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
wmsj_date_parse(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    num(s, 4, &yy) || num(s + 5, 2, &mm) || num(s + 8, 2, &dd))
		return -1;
	if (yy < 1 || mm < 1 || mm > 12 || dd < 1 || dd > wmsj_days_in_month(yy, mm))
		return -1;
	if (y) *y = yy;
	if (m) *m = mm;
	if (d) *d = dd;
	return 0;
}

int
wmsj_month_parse(const char *s, int *y, int *m)
{
	int yy, mm;

	if (s == NULL || strlen(s) != 7 || s[4] != '-' || num(s, 4, &yy) || num(s + 5, 2, &mm) ||
	    yy < 1 || mm < 1 || mm > 12)
		return -1;
	if (y) *y = yy;
	if (m) *m = mm;
	return 0;
}

int
wmsj_quarter_parse(const char *s, int *y, int *q)
{
	int yy;

	if (s == NULL || strlen(s) != 6 || (s[4] != 'Q' && s[4] != 'q') || num(s, 4, &yy) ||
	    yy < 1 || s[5] < '1' || s[5] > '4')
		return -1;
	if (y) *y = yy;
	if (q) *q = s[5] - '0';
	return 0;
}

int
wmsj_year_parse(const char *s, int *y)
{
	int yy;

	if (s == NULL || strlen(s) != 4 || num(s, 4, &yy) || yy < 1)
		return -1;
	if (y) *y = yy;
	return 0;
}

void
wmsj_month_range(int y, int m, char from[11], char to[11])
{
	unsigned uy = (unsigned)y % 10000, um = (unsigned)m % 100;
	unsigned ud = (unsigned)wmsj_days_in_month(y, m) % 100;

	xsnprintf(from, 11, "%04u-%02u-01", uy, um);
	xsnprintf(to, 11, "%04u-%02u-%02u", uy, um, ud);
}

void
wmsj_quarter_range(int y, int q, char from[11], char to[11])
{
	char tmp[11];

	wmsj_month_range(y, q * 3 - 2, from, tmp);
	wmsj_month_range(y, q * 3, tmp, to);
}

void
wmsj_month_end(const char *month, char out[11])
{
	char first[11];
	int y = atoi(month), m = atoi(month + 5);

	if (m < 1 || m > 12)
		m = 1;
	wmsj_month_range(y, m, first, out);
}

/* H. Hinnant's days_from_civil and civil_from_days. */
long
wmsj_days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
wmsj_civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

long
wmsj_date_days(const char *s)
{
	int y, m, d;

	if (wmsj_date_parse(s, &y, &m, &d) != 0)
		return LONG_MIN;
	return wmsj_days_from_civil(y, m, d);
}
