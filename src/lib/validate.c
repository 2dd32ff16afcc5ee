/* Validation of what people type: see validate.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "csvin.h"
#include "i18n.h"
#include "util.h"
#include "validate.h"

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

	snprintf(from, 11, "%04u-%02u-01", uy, um);
	snprintf(to, 11, "%04u-%02u-%02u", uy, um, ud);
}

void
wmsj_quarter_range(int y, int q, char from[11], char to[11])
{
	char tmp[11];

	wmsj_month_range(y, q * 3 - 2, from, tmp);
	wmsj_month_range(y, q * 3, tmp, to);
}

char
wmsj_idnum_checkchar(const char *d)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (d[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

int
wmsj_idnum_check(const char *in, char out[19], const char *today, struct wmsj_err *err)
{
	size_t n = in != NULL ? strlen(in) : 0;
	char birth[11], c;
	int y, m, d;

	if (n > 0 && strspn(in, "0123456789.+-Ee") == n && strpbrk(in, "Ee") != NULL)
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("invalid ID number: the spreadsheet stored it as a number (like 4.10E+17) and lost its last digits; format the column as text and enter the numbers again"));
	if (n == 15) {
		int all = 1;
		for (size_t i = 0; i < 15; i++)
			all &= isdig(in[i]);
		if (all)
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("invalid ID number: the 15-digit form was retired; use the 18-digit number"));
	}
	if (n != 18)
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("invalid ID number: it must have 18 characters, not %zu"), n);
	for (int i = 0; i < 17; i++)
		if (!isdig(in[i]))
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("invalid ID number: the first 17 characters must be digits"));
	c = in[17] == 'x' ? 'X' : in[17];
	if (!isdig(c) && c != 'X')
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("invalid ID number: the last character must be a digit or X"));
	snprintf(birth, sizeof birth, "%.4s-%.2s-%.2s", in + 6, in + 10, in + 12);
	if (wmsj_date_parse(birth, &y, &m, &d) != 0 || y < 1800)
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("invalid ID number: the birth date is not a real date"));
	if (today == NULL)
		today = wmsj_today();
	if (strcmp(birth, today) > 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("invalid ID number: the birth date is in the future"));
	if (wmsj_idnum_checkchar(in) != c)
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("invalid ID number: the check character does not match (GB 11643)"));
	memcpy(out, in, 17);
	out[17] = c;
	out[18] = '\0';
	return WMSJ_OK;
}

int
wmsj_phone_check(const char *in, char out[12], struct wmsj_err *err)
{
	char buf[32];
	size_t n = 0;
	const char *p = in != NULL ? in : "";

	if (*p == '+')
		p++;
	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (!isdig(*p) || n + 1 >= sizeof buf)
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("invalid phone number: a mainland mobile number has 11 digits starting with 1"));
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (n == 13 && strncmp(buf, "86", 2) == 0) {
		memmove(buf, buf + 2, 12);
		n = 11;
	}
	if (n != 11 || buf[0] != '1' || buf[1] < '3')
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("invalid phone number: a mainland mobile number has 11 digits starting with 1"));
	memcpy(out, buf, 12);
	return WMSJ_OK;
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
wmsj_hours_format(int64_t c, char out[32])
{
	unsigned long long a = c < 0 ? (unsigned long long)-(c + 1) + 1 : (unsigned long long)c;
	const char *sign = c < 0 ? "-" : "";

	if (a % 100 == 0)
		snprintf(out, 32, "%s%llu", sign, a / 100);
	else if (a % 10 == 0)
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

int
wmsj_text_check(const char *s, size_t maxlen, struct wmsj_err *err)
{
	size_t n = strlen(s);

	if (n > maxlen)
		return wmsj_err_set(err, WMSJ_REFUSED, _("text is longer than %zu bytes"), maxlen);
	if (!wmsj_utf8_valid(s, n))
		return wmsj_err_set(err, WMSJ_REFUSED, _("text is not valid UTF-8"));
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f ||
		    ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] >= 0x80 &&
		     (unsigned char)s[i + 1] <= 0x9f))      /* C1: U+0080-U+009F */
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("text may not hold control characters (newline, tab)"));
	return WMSJ_OK;
}

long
wmsj_utf8_decode(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t k;

	*len = 1;
	if (p[0] < 0x80)
		return p[0];
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		k = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		k = 4, c = p[0] & 0x07;
	else
		return -1;
	if (n < k)
		return -1;
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) || (k == 4 && (c < 0x10000 || c > 0x10ffff)))
		return -1;
	*len = k;
	return (long)c;
}

int
wmsj_cp_invisible(unsigned long c)
{
	/* Cc, Cf (Unicode 15) and Zl/Zp, as ranges. */
	static const unsigned long r[][2] = {
		{0x0000, 0x001f}, {0x007f, 0x009f}, {0x00ad, 0x00ad}, {0x0600, 0x0605},
		{0x061c, 0x061c}, {0x06dd, 0x06dd}, {0x070f, 0x070f}, {0x0890, 0x0891},
		{0x08e2, 0x08e2}, {0x180e, 0x180e}, {0x200b, 0x200f}, {0x2028, 0x202e},
		{0x2060, 0x2064}, {0x2066, 0x206f}, {0xfeff, 0xfeff}, {0xfff9, 0xfffb},
		{0x110bd, 0x110bd}, {0x110cd, 0x110cd}, {0x13430, 0x1343f}, {0x1bca0, 0x1bca3},
		{0x1d173, 0x1d17a}, {0xe0001, 0xe0001}, {0xe0020, 0xe007f},
	};

	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		if (c >= r[i][0] && c <= r[i][1])
			return 1;
	return 0;
}

int
wmsj_cp_space(unsigned long c)
{
	return c == 0x20 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

#define NAME_MAX_BYTES 200

int
wmsj_name_normalize(const char *in, char **out, struct wmsj_err *err)
{
	size_t n = strlen(in), k;
	struct sb sb;
	int space = 0;

	*out = NULL;
	if (!wmsj_utf8_valid(in, n))
		return wmsj_err_set(err, WMSJ_REFUSED, _("text is not valid UTF-8"));
	sb_init(&sb);
	for (size_t i = 0; i < n; i += k) {
		unsigned long c = (unsigned long)wmsj_utf8_decode(in + i, n - i, &k);

		if (wmsj_cp_space(c)) {
			space = sb.len > 0;
			continue;
		}
		if (wmsj_cp_invisible(c)) {
			sb_release(&sb);
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("a name may not hold control, format or direction characters (U+%04lX)"), c);
		}
		if (c == ',' || c == '"') {
			sb_release(&sb);
			return wmsj_err_set(err, WMSJ_REFUSED, _("a name may not hold commas or quotes"));
		}
		if (space)
			sb_addc(&sb, ' ');
		space = 0;
		sb_add(&sb, in + i, k);
	}
	if (sb.len == 0) {
		sb_release(&sb);
		return wmsj_err_set(err, WMSJ_REFUSED, _("a name is required"));
	}
	if (sb.len > NAME_MAX_BYTES) {
		sb_release(&sb);
		return wmsj_err_set(err, WMSJ_REFUSED, _("text is longer than %zu bytes"),
				    (size_t)NAME_MAX_BYTES);
	}
	*out = sb_detach(&sb);
	return WMSJ_OK;
}
