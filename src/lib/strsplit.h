/* A list split on a separator.  Owner: h5a (strsplit.c). */
#ifndef WMSJ_STRSPLIT_H
#define WMSJ_STRSPLIT_H

#include <stddef.h>

/* Split s on sep into a NULL-terminated array of trimmed, non-empty parts.
 * The array and its strings are one allocation: free(result) once. */
char **wmsj_split(const char *s, char sep, size_t *n);

#endif
