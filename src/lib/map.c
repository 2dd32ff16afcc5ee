/* The hash of short keys and the string map.  See map.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "map.h"

uint64_t
wmsj_hash(const char *k, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	while (n >= 8) {
		memcpy(&w, k, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		k += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, k, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	/* final avalanche (MurmurHash3's fmix64): every bit reaches the low ones */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

void
strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void
strmap_release(struct strmap *m)
{
	free(m->slots);
	arena_release(&m->keyspace);
	memset(m, 0, sizeof *m);
}

static size_t
slot(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
	const struct strmap_slot *t = m->slots;
	size_t i = (size_t)h & (m->cap - 1);

	while (t[i].key != NULL &&
	       (t[i].h != h || memcmp(t[i].key, key, len) != 0 || t[i].key[len] != '\0'))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
resize(struct strmap *m, size_t cap)
{
	struct strmap_slot *t = xcalloc(cap, sizeof *t);
	size_t i;

	wmsj_hugepages(t, cap * sizeof *t);
	for (size_t j = 0; j < m->cap; j++) {
		if (m->slots[j].key == NULL)
			continue;
		for (i = (size_t)m->slots[j].h & (cap - 1); t[i].key != NULL; i = (i + 1) & (cap - 1))
			;
		t[i] = m->slots[j];
	}
	free(m->slots);
	m->slots = t;
	m->cap = cap;
}

void
strmap_reserve(struct strmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 64;

	while (cap / 2 < n) {
		if (cap > SIZE_MAX / 4)
			wmsj_oom();
		cap *= 2;
	}
	if (cap > m->cap)
		resize(m, cap);
}

size_t *
strmap_ref(struct strmap *m, const char *key, size_t len, int *isnew)
{
	uint64_t h = wmsj_hash(key, len);
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		resize(m, m->cap ? m->cap * 2 : 64);
	i = slot(m, key, len, h);
	if (isnew != NULL)
		*isnew = m->slots[i].key == NULL;
	if (m->slots[i].key == NULL) {
		m->slots[i].key = arena_strndup(&m->keyspace, key, len);
		m->slots[i].h = h;
		m->slots[i].val = 0;
		m->n++;
	}
	return &m->slots[i].val;
}

int
strmap_swap(struct strmap *m, const char *key, size_t len, size_t val, size_t *old)
{
	int isnew;
	size_t *v = strmap_ref(m, key, len, &isnew);

	if (!isnew && old != NULL)
		*old = *v;
	*v = val;
	return !isnew;
}

void
strmap_put(struct strmap *m, const char *key, size_t len, size_t val)
{
	strmap_swap(m, key, len, val, NULL);
}

int
strmap_get(const struct strmap *m, const char *key, size_t len, size_t *val)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = slot(m, key, len, wmsj_hash(key, len));
	if (m->slots[i].key == NULL)
		return 0;
	if (val != NULL)
		*val = m->slots[i].val;
	return 1;
}

int
strmap_at(const struct strmap *m, size_t i, const char **key, size_t *val)
{
	if (i >= m->cap || m->slots[i].key == NULL)
		return 0;
	*key = m->slots[i].key;
	if (val != NULL)
		*val = m->slots[i].val;
	return 1;
}
