/* Unit tests for sidx.c: a sorted index file found through, and every
 * damaged part refused: head, page, slice, length, kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fsio.h"
#include "sidx.h"
#include "util.h"
#include "scratch.h"

#define NKEYS 200   /* four pages */

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(scratch_make("sidx"), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(scratch_remove(), 0);
	return 0;
}

static void
key_of(unsigned char k[SIDX_KEY], int i)
{
	char s[16];

	snprintf(s, sizeof s, "V%05d", i);
	assert_int_equal(sidx_key_text(k, s, strlen(s)), 0);
}

/* Keys V00000, V00002, ... (even numbers); key i has i % 5 elements
 * i*10, i*10+1, ... */
static void
write_sample(const char *bind)
{
	struct sidx_build b;
	struct wmsj_err err;

	sidx_build_init(&b, "test", sizeof(uint64_t));
	for (int i = 0; i < 2 * NKEYS; i += 2) {
		unsigned char k[SIDX_KEY];
		uint64_t v[5];

		key_of(k, i);
		for (int j = 0; j < i % 5; j++)
			v[j] = (uint64_t)(i * 10 + j);
		assert_int_equal(sidx_build_add(&b, k, v, (uint64_t)(i % 5)), 0);
	}
	assert_int_equal(sidx_build_write(&b, dir, "t.idx", bind, &err), WMSJ_OK);
	sidx_build_release(&b);
}

static void
test_found_and_missing(void **state)
{
	struct sidx x;

	(void)state;
	write_sample("bound to this");
	assert_int_equal(sidx_open(&x, dir, "t.idx", "test", sizeof(uint64_t)), 0);
	assert_string_equal(x.bind, "bound to this");
	assert_int_equal(x.nent, NKEYS);
	for (int i = 0; i < 2 * NKEYS + 2; i++) {
		unsigned char k[SIDX_KEY];
		const void *p;
		uint64_t n;

		key_of(k, i);
		if (i % 2 == 1 || i >= 2 * NKEYS) {
			assert_int_equal(sidx_find(&x, k, &p, &n), 0);
			continue;
		}
		assert_int_equal(sidx_find(&x, k, &p, &n), 1);
		assert_int_equal(n, (uint64_t)(i % 5));
		for (uint64_t j = 0; j < n; j++) {
			uint64_t v;

			memcpy(&v, (const char *)p + j * 8, 8);
			assert_int_equal(v, (uint64_t)(i * 10) + j);
		}
	}
	sidx_close(&x);
}

static void
test_keys(void **state)
{
	unsigned char a[SIDX_KEY], b[SIDX_KEY];
	struct sidx_build sb;

	(void)state;
	assert_int_equal(sidx_key_text(a, "1234567890123456789012345678901", 31), 0);
	assert_int_equal(sidx_key_text(a, "12345678901234567890123456789012", 32), -1);
	/* a digest key depends on its tag */
	sidx_key_hash(a, "id", "610724199001010004", 18);
	sidx_key_hash(b, "card", "610724199001010004", 18);
	assert_memory_not_equal(a, b, SIDX_KEY);
	/* keys must rise */
	sidx_build_init(&sb, "test", 8);
	key_of(a, 2);
	key_of(b, 1);
	assert_int_equal(sidx_build_add(&sb, a, NULL, 0), 0);
	assert_int_equal(sidx_build_add(&sb, b, NULL, 0), -1);
	assert_int_equal(sidx_build_add(&sb, a, NULL, 0), -1);
	sidx_build_release(&sb);
}

/* Flip one byte at off of the file and look key 2*k up. */
static int
damaged_find(long off, int k, int *opened)
{
	char *path = fsio_path(dir, "t.idx"), *buf;
	size_t len;
	struct wmsj_err err;
	struct sidx x;
	unsigned char key[SIDX_KEY];
	const void *p;
	uint64_t n;
	int f = -2;
	FILE *fp;

	write_sample("b");
	assert_int_equal(fsio_read_all(path, &buf, &len, &err), WMSJ_OK);
	if (off < 0)
		off += (long)len;
	buf[off] ^= 0x20;
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, len, fp), len);
	fclose(fp);
	free(buf);
	free(path);
	*opened = sidx_open(&x, dir, "t.idx", "test", 8) == 0;
	if (*opened) {
		key_of(key, 2 * k);
		f = sidx_find(&x, key, &p, &n);
		sidx_close(&x);
	}
	return f;
}

static void
test_damage(void **state)
{
	int opened;

	(void)state;
	/* the head: magic, kind, counts, binding; the page table */
	assert_int_equal(damaged_find(0, 3, &opened), -2);
	assert_false(opened);
	assert_int_equal(damaged_find(16, 3, &opened), -2);
	assert_int_equal(damaged_find(40, 3, &opened), -2);
	assert_int_equal(damaged_find(80, 3, &opened), -2);
	assert_int_equal(damaged_find(512 + 3, 3, &opened), -2);
	/* an entry of the first page: that page is refused, another is not */
	{
		long ents = 512 + 4 * 64 + 32;

		assert_int_equal(damaged_find(ents + 5 * 64 + 40, 3, &opened), -1);
		assert_true(opened);
		assert_int_equal(damaged_find(ents + 5 * 64 + 40, 100, &opened), 1);
	}
	/* the payload's last byte: the last key's slice */
	assert_int_equal(damaged_find(-1, NKEYS - 1, &opened), -1);
	assert_int_equal(damaged_find(-1, 3, &opened), 1);
}

static void
test_not_an_index(void **state)
{
	struct sidx x;
	struct wmsj_err err;
	char *path;

	(void)state;
	assert_int_equal(sidx_open(&x, dir, "none.idx", "test", 8), -1);
	write_sample("b");
	assert_int_equal(sidx_open(&x, dir, "t.idx", "other", 8), -1);
	assert_int_equal(sidx_open(&x, dir, "t.idx", "test", 16), -1);
	/* truncated by one byte */
	path = fsio_path(dir, "t.idx");
	assert_int_equal(truncate(path, 512 + 4 * 64 + 32 + NKEYS * 64), 0);
	assert_int_equal(sidx_open(&x, dir, "t.idx", "test", 8), -1);
	/* a link planted in its place is not followed */
	unlink(path);
	assert_int_equal(fsio_rewrite(dir, "real.idx", "x", 1, &err), WMSJ_OK);
	assert_int_equal(symlink("real.idx", path), 0);
	assert_int_equal(sidx_open(&x, dir, "t.idx", "test", 8), -1);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_found_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_an_index, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
