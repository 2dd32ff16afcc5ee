/* SHA-256 of a buffer in one call, through OpenSSL's low-level functions
 * rather than its EVP layer: SHA256() and EVP_Digest() make OpenSSL 3
 * read its configuration and load a provider on their first use, about
 * 0.8 ms of every process that reads an index; this costs nothing first. */
#ifndef WMSJ_SHA_H
#define WMSJ_SHA_H

#include <stddef.h>

void wmsj_sha256(const void *p, size_t n, unsigned char out[32]);

#endif
