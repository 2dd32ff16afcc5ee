/* libFuzzer harness: dates, months, quarters, ID numbers, phones, amounts,
 * and masking of whatever text arrives. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	free(s);
	return 0;
}
