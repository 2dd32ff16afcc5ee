/* Text checks: free text stored in registers, a person's name.  See
 * text.h. */
#include <string.h>

#include "i18n.h"
#include "sb.h"
#include "text.h"
#include "utf8.h"

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
