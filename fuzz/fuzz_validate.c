/* libFuzzer harness: dates, months, quarters, ID numbers, phones, amounts,
 * names, and masking and escaping of whatever text arrives. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "out.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8 with no character that is invisible or reorders the line. */
static int
shows_safely(const char *s)
{
	size_t n = strlen(s), k;

	for (size_t i = 0; i < n; i += k) {
		long c = wmsj_utf8_decode(s + i, n - i, &k);
		if (c < 0 || wmsj_cp_invisible((unsigned long)c))
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), id[19], ph[12], buf[32];
	int y, m, d;
	int64_t v;
	struct wmsj_err err;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (wmsj_date_parse(s, &y, &m, &d) == 0 && (m < 1 || m > 12 || d < 1 || d > wmsj_days_in_month(y, m)))
		__builtin_trap();
	(void)wmsj_month_parse(s, &y, &m);
	(void)wmsj_quarter_parse(s, &y, &m);
	if (wmsj_idnum_check(s, id, "2026-11-22", &err) == WMSJ_OK &&
	    (strlen(id) != 18 || wmsj_idnum_checkchar(id) != id[17]))
		__builtin_trap();
	if (wmsj_phone_check(s, ph, &err) == WMSJ_OK && (strlen(ph) != 11 || ph[0] != '1'))
		__builtin_trap();
	if (wmsj_points_parse(s, &v) == 0 && (v > 1000000000000LL || v < -1000000000000LL))
		__builtin_trap();
	if (wmsj_hours_parse(s, &v) == 0) {
		int64_t back;
		wmsj_hours_format(v, buf);
		if (wmsj_hours_parse(buf, &back) != 0 || back != v)
			__builtin_trap();
	}
	if (wmsj_text_check(s, 1000, &err) == WMSJ_OK) {
		char *a = mask_name(s), *b = mask_card(s), *c = mask_idnum(s), *e = mask_phone(s);
		if (strlen(s) >= 2 && strcmp(a, s) == 0 && strchr(s, ' ') == NULL)
			; /* a one-character name stays itself */
		free(a);
		free(b);
		free(c);
		free(e);
	}
	{
		/* Names: normalised once is normalised; masks and tty escapes show safely. */
		char *nm = NULL, *again = NULL, *mk = mask_name(s), *tt = out_tty_text(s), *msg = strdup(s);
		size_t len = strlen(s);

		if (!shows_safely(mk) || !shows_safely(tt))
			__builtin_trap();
		if (wmsj_name_normalize(s, &nm, &err) == WMSJ_OK) {
			size_t nl = strlen(nm);
			if (!shows_safely(nm) || nl == 0 || nm[0] == ' ' || nm[nl - 1] == ' ' ||
			    strstr(nm, "  ") != NULL || wmsj_name_normalize(nm, &again, &err) != WMSJ_OK ||
			    strcmp(again, nm) != 0)
				__builtin_trap();
		} else if (nm != NULL) {
			__builtin_trap();
		}
		if (msg != NULL) {
			mask_personal_text(msg);
			if (strlen(msg) != len)
				__builtin_trap();
		}
		free(nm);
		free(again);
		free(mk);
		free(tt);
		free(msg);
	}
	free(s);
	return 0;
}
