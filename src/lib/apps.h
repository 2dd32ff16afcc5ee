/* An application's decision, as the ledger records it.
 *
 * Approving an application is one change of one file: the award row appended
 * to the ledger names the application in its ref column.  The status, decided
 * and txn columns of applications.csv are only a view of that row: an
 * application whose register row says "pending" but whose id is the ref of
 * an award row IS approved (decided = the row's recorded time, txn = its
 * txn), whatever the register says, so a writer killed between the ledger
 * and the register (or a register restored from a copy) can never leave an
 * award whose application can still be rejected or approved again.
 * Rejection is a change of the register alone and is refused once the
 * ledger holds the award. */
#ifndef WMSJ_APPS_H
#define WMSJ_APPS_H

#include <stddef.h>
#include "err.h"
#include "table.h"

/* Overlay the ledger's awards on apps (applications.csv, loaded) for every
 * row whose status is "pending"; acts (activities.csv) gives each
 * application's activity date, from which on the ledger is read (awards are
 * dated on their activity's date).  *changed (may be NULL) receives the
 * number of rows it set to approved.  BADDATA/SYSERR from the ledger. */
int apps_from_ledger(struct table *apps, const struct table *acts, const char *dir,
		     size_t *changed, struct wmsj_err *err);

#endif
