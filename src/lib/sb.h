/* Growable NUL-terminated strings.  Owner: h5a (sb.c). */
#ifndef WMSJ_SB_H
#define WMSJ_SB_H

#include <stddef.h>

/* A growable NUL-terminated byte string.  sb_init() then sb_release(). */
struct sb {
	char *buf;   /* always NUL-terminated once initialised */
	size_t len, cap;
};
void sb_init(struct sb *sb);
void sb_release(struct sb *sb);
void sb_reset(struct sb *sb);                 /* len = 0, keeps memory */
void sb_add(struct sb *sb, const void *p, size_t n);
void sb_adds(struct sb *sb, const char *s);
void sb_addc(struct sb *sb, int c);
void sb_addf(struct sb *sb, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Take the string (caller frees); sb is left empty with no memory (buf NULL):
 * sb_add* may be used again, sb_release is then optional. */
char *sb_detach(struct sb *sb);

#endif
