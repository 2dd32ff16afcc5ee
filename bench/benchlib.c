/* benchlib DIR MODE — time the ledger library alone (make bench).
 *   state      ledger_state_load, full scan (LEDGER_NO_SNAPSHOT)
 *   snapshot   ledger_state_load from the newest seal snapshot
 *   verify     every row read with LEDGER_VERIFY (chain + sequence)
 *   find       ledger_find_txn of the middle row (binary search + reversal scan)
 *   register   the volunteers' register as the tools load it (vreg_load: its
 *              view when the view's stamp vouches for it, else history.csv;
 *              WMSJ_NO_VIEW_STAMP=1 forces the history)
 * Prints one line of results; exit 3 on a broken ledger. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "ledger.h"
#include "volunteer.h"

int
main(int argc, char **argv)
{
	struct ledger_state st;
	struct ledger_state_opts o;
	struct wmsj_err err;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: benchlib DIR state|snapshot|verify|find|register\n");
		return 2;
	}
	memset(&o, 0, sizeof o);
	if (strcmp(argv[2], "verify") == 0) {
		struct ledger_reader *r;
		struct ledger_row row;
		unsigned long long n = 0;

		rc = ledger_open(&r, argv[1], LEDGER_VERIFY, &err);
		if (rc == WMSJ_OK) {
			while ((rc = ledger_next(r, &row, &err)) == 1)
				n++;
			ledger_close(r);
		}
		if (rc != 0) {
			fprintf(stderr, "benchlib: %s\n", err.msg);
			return rc;
		}
		printf("verified %llu rows\n", n);
		return 0;
	}
	if (strcmp(argv[2], "find") == 0) {
		struct ledger_found f;
		uint64_t rev;

		ledger_state_init(&st);
		o.flags = 0;
		if ((rc = ledger_state_load(&st, argv[1], &o, &err)) != WMSJ_OK ||
		    (rc = ledger_find_txn(argv[1], st.last_seq / 2 + 1, &f, &rev, &err)) != WMSJ_OK) {
			fprintf(stderr, "benchlib: %s\n", err.msg);
			return rc;
		}
		printf("found %s (reversed by %llu)\n", f.row.txn, (unsigned long long)rev);
		ledger_found_release(&f);
		ledger_state_release(&st);
		return 0;
	}
	if (strcmp(argv[2], "register") == 0) {
		struct vregister reg;

		if ((rc = vreg_load(&reg, argv[1], &err)) != WMSJ_OK) {
			fprintf(stderr, "benchlib: %s\n", err.msg);
			return rc;
		}
		printf("%zu volunteers\n", reg.n);
		vreg_release(&reg);
		return 0;
	}
	if (strcmp(argv[2], "state") == 0)
		o.flags = LEDGER_NO_SNAPSHOT;
	else if (strcmp(argv[2], "snapshot") != 0) {
		fprintf(stderr, "benchlib: unknown mode '%s'\n", argv[2]);
		return 2;
	}
	ledger_state_init(&st);
	rc = ledger_state_load(&st, argv[1], &o, &err);
	if (rc != WMSJ_OK) {
		fprintf(stderr, "benchlib: %s\n", err.msg);
		return rc;
	}
	printf("%zu accounts, %zu items, %llu rows read, last %llu, sealed '%s', snapshot '%s'%s\n",
	       st.naccounts, st.nitems, (unsigned long long)st.rows_read,
	       (unsigned long long)st.last_seq, st.sealed, st.snapshot_month,
	       st.used & LS_SNAPSHOT_REJECTED ? " (a snapshot was rejected)" : "");
	ledger_state_release(&st);
	return 0;
}
