/* libFuzzer harness: a published notice as wmsj-audit reads it (CSV with a
 * BOM or GB18030, the quarter and the seal of its first row). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csvin.h"
#include "ledger.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const req[] = {"quarter", "station", "id", "earned", "redeemed",
					  "cleared", "balance", "hours", "seal", NULL};
	struct csv_table t;
	struct wmsj_err err;

	if (csv_table_parse(&t, "notice.csv", (const char *)data, size, WMSJ_ENC_AUTO, &err) == WMSJ_OK &&
	    csv_table_require(&t, req, &err) == WMSJ_OK) {
		for (size_t i = 0; i < t.nrows; i++) {
			const char *seal = csv_get(&t.rows[i], csv_table_col(&t, "seal"));
			const char *colon = strchr(seal, ':');
			char txn[LEDGER_TXN_MAX];
			uint64_t seq;
			int y, q;
			int64_t v;

			(void)wmsj_quarter_parse(csv_get(&t.rows[i], csv_table_col(&t, "quarter")), &y, &q);
			(void)wmsj_points_parse(csv_get(&t.rows[i], csv_table_col(&t, "earned")), &v);
			(void)wmsj_hours_parse(csv_get(&t.rows[i], csv_table_col(&t, "hours")), &v);
			if (colon != NULL && (size_t)(colon - seal) < sizeof txn) {
				memcpy(txn, seal, (size_t)(colon - seal));
				txn[colon - seal] = '\0';
				(void)ledger_txn_parse(txn, &seq);
			}
		}
	}
	csv_table_release(&t);
	return 0;
}
