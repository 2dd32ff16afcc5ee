/* Text checks.  REFUSED names the rule.  Owner: h5a (text.c). */
#ifndef WMSJ_TEXT_H
#define WMSJ_TEXT_H

#include <stddef.h>
#include "err.h"

/* A person's name as registered (add, import, update): valid UTF-8; spaces
 * (ASCII, no-break U+00A0, ideographic U+3000 and the other Zs) trimmed at
 * both ends and each run collapsed to one ASCII space; no control, format or
 * direction character (wmsj_cp_invisible: the message names it, "U+202E");
 * no comma or double quote; at most 200 bytes; not empty.  On WMSJ_OK *out
 * is the normalised name (malloc'ed); on WMSJ_REFUSED it is NULL. */
int wmsj_name_normalize(const char *in, char **out, struct wmsj_err *err);
/* Free text stored in registers: valid UTF-8, no control characters
 * (no newline, tab, NUL, DEL, C1), at most maxlen bytes.  REFUSED names the rule. */
int wmsj_text_check(const char *s, size_t maxlen, struct wmsj_err *err);

#endif
