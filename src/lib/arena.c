/* The arena: a bump allocator for strings that live and die together.  See
 * arena.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"


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
			wmsj_oom();
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
		wmsj_oom();
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
