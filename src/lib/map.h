/* Hashing short keys and the string map.  Owner: h5a (map.c). */
#ifndef WMSJ_MAP_H
#define WMSJ_MAP_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"

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
