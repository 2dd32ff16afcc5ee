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

/* Ask the kernel for transparent huge pages behind a big table that is
 * accessed at random (an account index over a million volunteers): fewer TLB
 * misses.  A hint only; nothing happens for small or unaligned ranges. */
void wmsj_hugepages(void *p, size_t n);

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

/* A bump allocator for millions of small strings that live and die together
 * (a register's fields, a map's keys): one malloc per chunk instead of one
 * per string.  Zero-initialised (memset or = {0}) is an empty arena; nothing
 * is freed until arena_release(). */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t next_size;        /* size of the next chunk (grows to 1 MiB) */
};
void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* n bytes aligned for any object; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

/* A fast 64-bit hash of short keys (ids, codes); well mixed in every bit. */
uint64_t wmsj_hash(const char *k, size_t n);

/* Open-addressing string -> size_t map, for id lookups over millions of rows.
 * Keys are copied (into the map's arena); each slot keeps the key's hash so a
 * probe touches the key only on a likely match.  Memory is bounded by the
 * number of distinct keys. */
struct strmap_slot {
	uint64_t h;       /* the key's hash */
	char *key;        /* NULL = empty slot */
	size_t val;
};
struct strmap {
	struct strmap_slot *slots;
	size_t cap, n;
	struct arena keyspace;
};
void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Make room for n keys in all without growing again. */
void strmap_reserve(struct strmap *m, size_t n);
/* The value slot of key, inserted with value 0 (and *isnew = 1) when absent.
 * The pointer is valid until the next insertion. */
size_t *strmap_ref(struct strmap *m, const char *key, size_t len, int *isnew);
/* Insert or overwrite. */
void strmap_put(struct strmap *m, const char *key, size_t len, size_t val);
/* Insert or overwrite; returns 1 and the value it replaced in *old (when not
 * NULL) if the key was there, else 0.  One probe instead of get + put. */
int strmap_swap(struct strmap *m, const char *key, size_t len, size_t val, size_t *old);
/* Returns 1 and sets *val when found. */
int strmap_get(const struct strmap *m, const char *key, size_t len, size_t *val);
/* Iterate: for i in [0, m->cap), returns 1 and sets *key, *val when slot i
 * holds an entry (in no particular order). */
int strmap_at(const struct strmap *m, size_t i, const char **key, size_t *val);

#endif
