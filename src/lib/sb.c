/* Growable strings.  See sb.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "sb.h"

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

