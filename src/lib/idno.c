/* ID numbers (GB 11643) and mainland mobile numbers.  See idno.h. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "date.h"
#include "i18n.h"
#include "idno.h"

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
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
