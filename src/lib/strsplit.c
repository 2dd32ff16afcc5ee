/* A list split on a separator.  See strsplit.h. */
#include <string.h>

#include "alloc.h"
#include "strsplit.h"

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
