/* SHA-256 in one call without the EVP layer (sha.h). */
#define OPENSSL_SUPPRESS_DEPRECATED 1   /* SHA256_Init & co.: no provider to load */
#include <openssl/sha.h>

#include "sha.h"

void
wmsj_sha256(const void *p, size_t n, unsigned char out[32])
{
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, p, n);
	SHA256_Final(out, &c);
}
