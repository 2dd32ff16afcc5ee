/* Validation of what people type: ID numbers, phones, dates, amounts.
 * Functions return WMSJ_OK or WMSJ_REFUSED with a translated message that
 * names the rule (never a bare "invalid"); the caller adds the subject/place. */
#ifndef WMSJ_VALIDATE_H
#define WMSJ_VALIDATE_H

#include <stdint.h>
#include "clock.h"
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

/* Dates.  A date is stored as days since 1970-01-01 or as its text. */
int wmsj_date_parse(const char *s, int *y, int *m, int *d);       /* YYYY-MM-DD, real date */
int wmsj_month_parse(const char *s, int *y, int *m);              /* YYYY-MM */
int wmsj_quarter_parse(const char *s, int *y, int *q);            /* YYYYQn, n 1-4 (also lowercase q) */
int wmsj_year_parse(const char *s, int *y);                       /* YYYY */
/* Each *_parse returns 0 on success, -1 on a malformed or impossible value. */
int wmsj_days_in_month(int y, int m);
/* wmsj_today() and wmsj_now() are the clock's: clock.h (included above). */
/* First and last day of a quarter / month as "YYYY-MM-DD" (out: 11 bytes each). */
void wmsj_quarter_range(int y, int q, char from[11], char to[11]);
void wmsj_month_range(int y, int m, char from[11], char to[11]);

/* Amounts.  Points are integers (int64, |v| <= 10^12); hours are exact
 * decimals stored as centi-hours (hundredths).  Parse returns 0, or -1 for
 * malformed, more than two decimals, or out of range (overflow). */
int wmsj_points_parse(const char *s, int64_t *v);
int wmsj_hours_parse(const char *s, int64_t *centi);
/* Format centi-hours: "3", "2.5", "1.25", "-0.5" (out: 32 bytes). */
void wmsj_hours_format(int64_t centi, char out[32]);
/* Checked arithmetic: returns -1 on overflow, leaving *acc unchanged. */
int wmsj_add_checked(int64_t *acc, int64_t v);

/* One UTF-8 sequence at s (n > 0 bytes left): returns its code point and
 * sets *len to its length, or returns -1 with *len = 1 for a byte that does
 * not start a valid sequence (overlong, surrogate, truncated, stray). */
long wmsj_utf8_decode(const char *s, size_t n, size_t *len);
/* 1 for a code point that must never reach a name, a terminal or a public
 * document as itself, because it is invisible or changes how the text
 * around it shows: controls (Cc: U+0000-001F, U+007F-009F), format
 * characters (Cf: soft hyphen, U+200B-U+200F zero-width and direction marks,
 * U+202A-U+202E embeddings and overrides, U+2060-U+206F incl. the isolates
 * U+2066-U+2069, U+061C, U+FEFF, U+FFF9-U+FFFB, tags U+E0000-U+E007F, ...)
 * and the line and paragraph separators U+2028, U+2029. */
int wmsj_cp_invisible(unsigned long c);

/* A person's name as registered (add, import, update): valid UTF-8; spaces
 * (ASCII, no-break U+00A0, ideographic U+3000 and the other Zs) trimmed at
 * both ends and each run collapsed to one ASCII space; no control, format or
 * direction character (wmsj_cp_invisible: the message names it, "U+202E");
 * no comma or double quote; at most 200 bytes; not empty.  On WMSJ_OK *out
 * is the normalised name (malloc'ed); on WMSJ_REFUSED it is NULL. */
int wmsj_name_normalize(const char *in, char **out, struct wmsj_err *err);
/* 1 for a space character (Zs): U+0020, U+00A0, U+1680, U+2000-U+200A,
 * U+202F, U+205F, U+3000. */
int wmsj_cp_space(unsigned long c);

/* Free text stored in registers: valid UTF-8, no control characters
 * (no newline, tab, NUL, DEL, C1), at most maxlen bytes.  REFUSED names the rule. */
int wmsj_text_check(const char *s, size_t maxlen, struct wmsj_err *err);

#endif
