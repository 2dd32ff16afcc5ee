/* ledger_ckpt: the ledger's state after any row, kept beside it in
 * DIR/.ledger.state, so that the balances of everyone cost the rows written
 * since, whether or not a month was ever closed (a month's seal is such a
 * state too, but only at a close row).
 *
 * Format (LF lines):
 *   wmsj-state,1
 *   row,T...,OFFSET,HEX64   the last row it covers: txn, byte offset, hash
 *   sealed,YYYY-MM          the newest month closed by then (empty: none)
 *   body,HEX64              the SHA-256 of every line after this one
 *   totals,... / accounts,N ... / shelves,N ...   (a snapshot's body, seal.h)
 *
 * It is believed only when it parses, its body's SHA-256 matches, and the
 * row at OFFSET of ledger.csv is that row, its hash chained from the line
 * before it (ledger_row_at).  It is derived, like the indexes
 * (ledger_index.h): written by a reader that read more than
 * LEDGER_INDEX_TAIL rows past where it started, atomically, mode 0600, only
 * into a directory this user owns; never used with $WMSJ_NO_INDEX or
 * $WMSJ_NO_SNAPSHOT; deleting it changes only the speed.  Only readers use
 * it (the balances of everyone): a writer's checks stand on the seals and
 * the chain alone.  Nothing in it is vouched for by the chain but the row
 * it names, so wmsj-audit compares it with its own state at that row: one
 * bound to this ledger that says otherwise is a finding (`index`). */
#ifndef WMSJ_LEDGER_CKPT_H
#define WMSJ_LEDGER_CKPT_H

#include <stddef.h>

#include "err.h"
#include "ledger.h"

#define LEDGER_CKPT_FILE ".ledger.state"
#define LEDGER_CKPT_MAGIC "wmsj-state,1"

/* st (initialised, empty) as ledger_state_load(st, dir, NULL) gives it,
 * from the newest of the checkpoint and the newest seal, then the rows
 * after; the checkpoint written again when more than LEDGER_INDEX_TAIL rows
 * were read. */
int ledger_state_load_ckpt(struct ledger_state *st, const char *dir, struct wmsj_err *err);

/* Write DIR/.ledger.state from st, the state after its last row (as
 * ledger_state_load gives it with no options).  WMSJ_OK, or the status of
 * what kept it from being written (err set); nothing when st has no row. */
int ledger_ckpt_write(const char *dir, const struct ledger_state *st, struct wmsj_err *err);

/* wmsj-audit: the checkpoint against the state of its own pass over every
 * row (ledger_state_load with LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS, whose
 * callback sees each row after it is counted): open, give every row with
 * the state then, close for the verdict (LIX_CHECK_* of ledger_index.h)
 * and, when it DIFFERS, the ledger.csv line of the row it names. */
struct ledger_ckpt_check;
struct ledger_ckpt_check *ledger_ckpt_check_open(const char *dir);
void ledger_ckpt_check_row(struct ledger_ckpt_check *c, const struct ledger_row *row,
			   const struct ledger_state *st);
int ledger_ckpt_check_close(struct ledger_ckpt_check *c, size_t *line);

#endif
