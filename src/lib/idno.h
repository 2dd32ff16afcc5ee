/* ID numbers and phones.  Functions return WMSJ_OK or WMSJ_REFUSED with a
 * translated message that names the rule (never a bare "invalid"); the
 * caller adds the subject/place.  Owner: h5a (idno.c). */
#ifndef WMSJ_IDNO_H
#define WMSJ_IDNO_H

#include "err.h"

/* GB 11643-1999 citizen ID number.  in may have a lowercase x; out (19 bytes)
 * receives the normalised form (uppercase X).  Rules: 18 characters, 17 digits
 * then digit or X; the 15-digit pre-1999 form is refused with a message that
 * says it is retired and to use the 18-digit number; birth date is a real
 * calendar date, not after today (today = "YYYY-MM-DD", NULL = the real date)
 * and not before 1900; ISO 7064 MOD 11-2 check character.  A number in
 * exponent form (4.10E+17: a spreadsheet kept the ID number as a number and
 * lost its last digits) is refused with a message saying so.
 * The message never repeats the number. */
int wmsj_idnum_check(const char *in, char out[19], const char *today, struct wmsj_err *err);
/* The check character for 17 digits ('0'-'9' or 'X'). */
char wmsj_idnum_checkchar(const char *digits17);

/* Mainland mobile: 11 digits, "1" then [3-9]; spaces/dashes and a leading
 * +86/86 are accepted and stripped; out (12 bytes) receives the 11 digits. */
int wmsj_phone_check(const char *in, char out[12], struct wmsj_err *err);

#endif
