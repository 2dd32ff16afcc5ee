/* UTF-8 and code points.  Owner: h5a (utf8.c).  No module below this one:
 * the error module (message masking) and the CSV reader use it. */
#ifndef WMSJ_UTF8_H
#define WMSJ_UTF8_H

#include <stddef.h>

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

/* 1 for a space character (Zs): U+0020, U+00A0, U+1680, U+2000-U+200A,
 * U+202F, U+205F, U+3000. */
int wmsj_cp_space(unsigned long c);

/* 1 if [s, s+n) is valid UTF-8 (no overlongs, no surrogates); the length
 * of its valid prefix. */
int wmsj_utf8_valid(const char *s, size_t n);
size_t wmsj_utf8_prefix(const unsigned char *s, size_t n);
/* Length (2 to 4) of the well-formed multi-byte UTF-8 character at s, which
 * has n > 0 bytes left and s[0] >= 0x80; 0 if there is none (no overlongs,
 * no surrogates). */
static inline size_t
wmsj_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], cp;
	size_t k;

	if ((c & 0xe0) == 0xc0) {
		k = 1; cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		k = 2; cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		k = 3; cp = c & 0x07;
	} else {
		return 0;
	}
	if (k >= n)
		return 0;
	for (size_t j = 1; j <= k; j++) {
		if ((s[j] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[j] & 0x3f);
	}
	if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k + 1;
}
/* Display width of a UTF-8 string in terminal columns (East Asian Wide and
 * Fullwidth 2, combining marks 0; the same in every locale). */
size_t wmsj_display_width(const char *s);

#endif
