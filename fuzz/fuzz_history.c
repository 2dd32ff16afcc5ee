/* libFuzzer harness: the register history (history.csv) over an arbitrary
 * file, with and without chain verification, and the three registers
 * rebuilt from it (today's and as of a date, up to an event).  The input is
 * written to DIR/history.csv of a scratch directory created once.
 *   sh fuzz/run.sh    (builds every fuzz/fuzz_*.c) */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "table.h"
#include "volunteer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/wmsj-fuzz-history.XXXXXX";
static int made;

static void
bad_err(int rc, const struct wmsj_err *err)
{
	/* a refusal names its place on one line, with a documented status */
	if (rc != WMSJ_OK && (err->status < WMSJ_REFUSED || strchr(err->msg, '\n') != NULL))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[96];
	struct history h;
	struct vregister r;
	struct table t;
	struct wmsj_err err;
	FILE *f;
	int rc;

	if (!made) {
		if (mkdtemp(dir) == NULL)
			abort();
		made = 1;
	}
	snprintf(path, sizeof path, "%s/history.csv", dir);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	for (unsigned flags = 0; flags <= HIST_VERIFY; flags++) {
		rc = hist_load(&h, dir, flags, &err);
		bad_err(rc, &err);
		if (rc == WMSJ_OK) {
			uint64_t prev = 0;

			for (size_t i = 0; i < h.n; i++) {
				const struct hist_event *e = &h.ev[i];

				/* every field a string; sequence numbers rise */
				if (e->reg >= HR_NONE || e->date == NULL || e->id == NULL ||
				    e->action == NULL || e->hash == NULL || e->kv == NULL ||
				    (flags & HIST_VERIFY && e->seq <= prev))
					__builtin_trap();
				for (size_t k = 0; k < 2 * e->nkv; k++)
					if (e->kv[k] == NULL)
						__builtin_trap();
				prev = e->seq;
			}
		}
		hist_release(&h);
	}
	rc = vreg_load_asof(&r, dir, NULL, 0, &err);
	bad_err(rc, &err);
	vreg_release(&r);   /* the caller releases, whatever the outcome */
	rc = vreg_load_asof(&r, dir, "2026-06-30", 3, &err);
	bad_err(rc, &err);
	vreg_release(&r);   /* the caller releases, whatever the outcome */
	rc = table_load_asof(&t, dir, "activities.csv", activity_cols, "2026-06-30", 0, &err);
	bad_err(rc, &err);
	table_release(&t);
	rc = table_load_asof(&t, dir, "applications.csv", apply_cols, NULL, 0, &err);
	bad_err(rc, &err);
	table_release(&t);
	return 0;
}
