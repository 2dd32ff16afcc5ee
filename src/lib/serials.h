/* The highest serial numbers the ledger has seen, per station code, and the
 * card numbers it has seen.
 *
 *   vol   volunteer ids   V<station>-NNNN    (column volunteer, any row)
 *   act   activity ids    A<station>-NNNN    (column activity, any row)
 *   card  every card number in column ref of a redeem row (the set: the
 *         value is 1)
 *
 * New ids and activity ids are allocated above these as well as above the
 * register's own (vreg_next_id, activity add), and a new card number is none
 * of these cards (vreg_next_card): a register that lost rows (truncated,
 * deleted, restored from an old copy) must never hand out again an id or
 * card the ledger already holds points for.  One pass over the ledger (no
 * chain check: that is the writer's and the audit's); memory is one entry
 * per station, and one per card ever redeemed with (bounded by the cards
 * issued, not by the rows). */
#ifndef WMSJ_SERIALS_H
#define WMSJ_SERIALS_H

#include <stddef.h>
#include "err.h"
#include "util.h"

struct ledger_serials {
	struct strmap vol, card, act;   /* station code -> highest serial */
};

/* Fill s (zeroed or released before) from DIR/ledger.csv; a missing ledger
 * leaves it empty.  BADDATA/SYSERR as ledger_next. */
int ledger_serials_load(struct ledger_serials *s, const char *dir, struct wmsj_err *err);
void ledger_serials_release(struct ledger_serials *s);
/* The highest serial in m for station (0 when none). */
size_t ledger_serials_max(const struct strmap *m, const char *station);
/* Note "<prefix><station>-<digits>" in m (prefix: 'V', 'A' or 0 for none);
 * anything else is ignored. */
void ledger_serials_note(struct strmap *m, const char *s, char prefix);

#endif
