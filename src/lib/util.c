/* Allocation, string buffers, splitting and a string map: see util.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* FNV-1a: short keys (ids, card numbers), fast and good enough here. */
static uint64_t
hash(const char *k, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)k[i];
		h *= 1099511628211ULL;
	}
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
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

static size_t
slot(const struct strmap *m, const char *key, size_t len)
{
	size_t i = (size_t)hash(key, len) & (m->cap - 1);

	while (m->keys[i] != NULL &&
	       (strncmp(m->keys[i], key, len) != 0 || m->keys[i][len] != '\0'))
		i = (i + 1) & (m->cap - 1);
	return i;
}

void
strmap_put(struct strmap *m, const char *key, size_t len, size_t val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct strmap big;

		big.cap = m->cap ? m->cap * 2 : 64;
		big.n = 0;
		big.keys = xcalloc(big.cap, sizeof *big.keys);
		big.vals = xcalloc(big.cap, sizeof *big.vals);
		for (size_t j = 0; j < m->cap; j++) {
			if (m->keys[j] == NULL)
				continue;
			i = slot(&big, m->keys[j], strlen(m->keys[j]));
			big.keys[i] = m->keys[j];
			big.vals[i] = m->vals[j];
			big.n++;
		}
		free(m->keys);
		free(m->vals);
		*m = big;
	}
	i = slot(m, key, len);
	if (m->keys[i] == NULL) {
		m->keys[i] = xstrndup(key, len);
		m->n++;
	}
	m->vals[i] = val;
}

int
strmap_get(const struct strmap *m, const char *key, size_t len, size_t *val)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = slot(m, key, len);
	if (m->keys[i] == NULL)
		return 0;
	if (val != NULL)
		*val = m->vals[i];
	return 1;
}
