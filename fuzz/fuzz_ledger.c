/* libFuzzer harness: the ledger row parser over an arbitrary buffer, with
 * and without chain verification, and the state built from it.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/lib \
 *     fuzz/fuzz_ledger.c build/libwmsj.a -lcsv -lyaml -lcrypto */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ledger_reader *r;
	struct ledger_row row;
	struct ledger_state st;
	struct wmsj_err err;
	int rc;

	for (unsigned flags = 0; flags <= LEDGER_VERIFY; flags++) {
		if (ledger_open_buffer(&r, "fuzz", (const char *)data, size, flags, &err) != WMSJ_OK)
			return 0;
		ledger_state_init(&st);
		while ((rc = ledger_next(r, &row, &err)) == 1) {
			/* Every field is a NUL-terminated string inside the row. */
			if (strlen(row.hash) != 64 || row.line < 2)
				__builtin_trap();
			if (ledger_state_apply(&st, &row, &err) != WMSJ_OK)
				break;
		}
		if (rc > 1 && (err.status < WMSJ_USAGE || strchr(err.msg, '\n') != NULL))
			__builtin_trap();
		ledger_state_release(&st);
		ledger_close(r);
	}
	return 0;
}
