/* libFuzzer harness: the derived index files (sidx.h) — .ledger.idx,
 * .volunteers.idx, .history.idx — opened, every entry walked and a few keys
 * looked up; whatever a lookup returns must lie inside the file. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sidx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
inside(const struct sidx *x, const void *p, uint64_t n)
{
	const unsigned char *q = p;

	if (n == 0)
		return;
	if (q < x->payload || q > x->payload + x->payload_len ||
	    n > (uint64_t)(x->payload + x->payload_len - q) / x->elem)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "ledger,2", "volunteers", "history" };

	for (size_t k = 0; k < 3; k++) {
		struct sidx x;
		unsigned char key[SIDX_KEY];
		const void *p;
		uint64_t n;

		if (sidx_open_mem(&x, data, size, kinds[k], sizeof(uint64_t)) != 0)
			continue;
		for (uint64_t i = 0; i < x.nent; i++) {
			const unsigned char *e;

			if (sidx_entry(&x, i, &e, &p, &n) != 0)
				break;
			inside(&x, p, n);
			if (sidx_find(&x, e, &p, &n) == 1)
				inside(&x, p, n);
		}
		memset(key, 0, sizeof key);
		if (sidx_find(&x, key, &p, &n) == 1)
			inside(&x, p, n);
		sidx_key_text(key, "V610724109001-0001", 18);
		if (sidx_find(&x, key, &p, &n) == 1)
			inside(&x, p, n);
		sidx_close(&x);
	}
	return 0;
}
