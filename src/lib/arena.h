/* The arena.  Owner: h5a (arena.c). */
#ifndef WMSJ_ARENA_H
#define WMSJ_ARENA_H

#include <stddef.h>

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

#endif
