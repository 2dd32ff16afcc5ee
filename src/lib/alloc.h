/* Allocation.  Owner: h5a (alloc.c).
 *
 * The x* allocators never return NULL: on exhaustion they print
 * "wmsj: out of memory" and exit with WMSJ_SYSERR (the one place library code
 * may exit; like git's xmalloc).  Everything they return is freed by the caller. */
#ifndef WMSJ_ALLOC_H
#define WMSJ_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (an array of *cap elements of size sz) to hold at least need elements. */
void *xgrow(void *p, size_t *cap, size_t need, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Ask the kernel for transparent huge pages behind a big table that is
 * accessed at random (an account index over a million volunteers): fewer TLB
 * misses.  A hint only; nothing happens for small or unaligned ranges. */
void wmsj_hugepages(void *p, size_t n);

/* The allocation failure path: "wmsj: out of memory" on stderr, exit
 * WMSJ_SYSERR.  For a module that allocates otherwise (out.c's streams). */
void wmsj_oom(void)
#if defined(__GNUC__)
	__attribute__((noreturn))
#endif
	;

/* snprintf into a fixed buffer where the value always fits (a number, a
 * date, an id of bounded length): a truncation is a bug in the caller, so
 * it is not returned but stops the process ("wmsj: BUG: FILE:LINE: output
 * truncated" on stderr, abort), like git's xsnprintf.  What a user supplies
 * (a path, a name) is formatted with a checked snprintf or an sb instead.
 * Returns the length written. */
#define xsnprintf(buf, n, ...) wmsj_xsnprintf(__FILE__, __LINE__, buf, n, __VA_ARGS__)
int wmsj_xsnprintf(const char *file, int line, char *buf, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

#endif
