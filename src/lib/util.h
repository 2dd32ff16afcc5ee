/* Allocation and string buffers.
 *
 * The x* allocators never return NULL: on exhaustion they print
 * "wmsj: out of memory" and exit with WMSJ_SYSERR (the one place library code
 * may exit; like git's xmalloc).  Everything they return is freed by the caller. */
#ifndef WMSJ_UTIL_H
#define WMSJ_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (an array of *cap elements of size sz) to hold at least need elements. */
void *xgrow(void *p, size_t *cap, size_t need, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

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

/* Split s on sep into a NULL-terminated array of trimmed, non-empty parts.
 * The array and its strings are one allocation: free(result) once. */
char **wmsj_split(const char *s, char sep, size_t *n);

/* Open-addressing string -> size_t map, for id lookups over millions of rows.
 * Keys are copied.  Memory is bounded by the number of distinct keys. */
struct strmap {
	char **keys;
	size_t *vals;
	size_t cap, n;
};
void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Insert or overwrite. */
void strmap_put(struct strmap *m, const char *key, size_t len, size_t val);
/* Returns 1 and sets *val when found. */
int strmap_get(const struct strmap *m, const char *key, size_t len, size_t *val);

#endif
