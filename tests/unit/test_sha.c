/* Unit tests for sha.c: the one-call SHA-256 gives the standard's digests
 * (FIPS 180-2 examples) and the EVP layer's on every length up to a few
 * blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "sha.h"

static void
hex(const unsigned char d[32], char out[65])
{
	static const char hx[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[64] = '\0';
}

static void
test_known_answers(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned char d[32];
		char h[65];

		wmsj_sha256(cases[i].in, strlen(cases[i].in), d);
		hex(d, h);
		assert_string_equal(h, cases[i].want);
	}
}

static void
test_same_as_evp(void **state)
{
	unsigned char buf[300];

	(void)state;
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	for (size_t n = 0; n <= sizeof buf; n++) {
		unsigned char a[32], b[32];
		unsigned int bl = 0;

		wmsj_sha256(buf, n, a);
		assert_int_equal(EVP_Digest(buf, n, b, &bl, EVP_sha256(), NULL), 1);
		assert_int_equal(bl, 32);
		assert_memory_equal(a, b, 32);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_same_as_evp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
