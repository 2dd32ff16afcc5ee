/* Allocation, string buffers, splitting and a string map: see util.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "status.h"
#include "util.h"

static void
oom(void)
{
	fputs("wmsj: out of memory\n", stderr);
	exit(WMSJ_SYSERR);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void
wmsj_hugepages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + n) & ~(huge - 1);

	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xgrow(void *p, size_t *cap, size_t need, size_t sz)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 16)
		c = 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / sz)
			oom();
		c *= 2;
	}
	p = xrealloc(p, c * sz);
	*cap = c;
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
sb_init(struct sb *sb)
{
	sb->cap = 64;
	sb->len = 0;
	sb->buf = xmalloc(sb->cap);
	sb->buf[0] = '\0';
}

void
sb_release(struct sb *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
sb_reset(struct sb *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

void
sb_add(struct sb *sb, const void *p, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
		sb->buf = xgrow(sb->buf, &sb->cap, sb->len + n + 1, 1);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
sb_adds(struct sb *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_addc(struct sb *sb, int c)
{
	char ch = (char)c;

	sb_add(sb, &ch, 1);
}

void
sb_addf(struct sb *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->buf == NULL)
		sb_init(sb);
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sb->cap - sb->len) {
		sb->buf = xgrow(sb->buf, &sb->cap, sb->len + (size_t)n + 1, 1);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

char *
sb_detach(struct sb *sb)
{
	char *p = sb->buf;

	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

char **
wmsj_split(const char *s, char sep, size_t *np)
{
	size_t len = strlen(s), parts = 1, n = 0;
	char **v, *buf;

	for (const char *p = s; *p; p++)
		parts += *p == sep;
	v = xmalloc((parts + 1) * sizeof *v + len + 1);
	buf = (char *)(v + parts + 1);
	memcpy(buf, s, len + 1);
	for (char *p = buf;;) {
		char *e = strchr(p, sep), *b = p, *t;

		if (e != NULL)
			*e = '\0';
		while (is_space(*b))
			b++;
		t = b + strlen(b);
		while (t > b && is_space(t[-1]))
			*--t = '\0';
		if (*b != '\0')
			v[n++] = b;
		if (e == NULL)
			break;
		p = e + 1;
	}
	v[n] = NULL;
	if (np != NULL)
		*np = n;
	return v;
}

/* ---- arena ----------------------------------------------------------------- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

#define ARENA_FIRST ((size_t)16 * 1024)
#define ARENA_MAX ((size_t)1024 * 1024)

void
arena_init(struct arena *a)
{
	memset(a, 0, sizeof *a);
}

void
arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	memset(a, 0, sizeof *a);
}

static void *
bump(struct arena *a, size_t n, size_t al)
{
	struct arena_chunk *c = a->head;
	size_t at;

	if (c != NULL) {
		at = (c->used + al - 1) / al * al;
		if (at <= c->cap && c->cap - at >= n) {
			c->used = at + n;
			return (char *)c->data + at;
		}
	}
	if (n > ARENA_MAX / 4) {
		/* A big block gets a chunk of its own, kept behind the current
		 * one so that the current chunk's free space is not lost. */
		if (n > SIZE_MAX - sizeof *c)
			oom();
		c = xmalloc(sizeof *c + n);
		c->cap = c->used = n;
		if (a->head != NULL) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = NULL;
			a->head = c;
		}
		return c->data;
	}
	{
		size_t cap = a->next_size ? a->next_size : ARENA_FIRST;

		while (cap < n)   /* n <= ARENA_MAX / 4 here */
			cap *= 2;
		c = xmalloc(sizeof *c + cap);
		c->cap = cap;
		a->next_size = cap < ARENA_MAX ? cap * 2 : ARENA_MAX;
	}
	c->used = n;
	c->next = a->head;
	a->head = c;
	return c->data;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return bump(a, n, sizeof(max_align_t));
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		oom();
	p = bump(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

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
			oom();
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
