/* auditrun: the integrity checks of one data directory, on two cores.
 *
 * The register history (read, verified and replayed into the views), the
 * ledger's chain (a SHA-256 a row, strictly in order) and the newest seal
 * with its snapshot's recomputation need nothing but the files; the
 * register's own checks and the row pass need the register the caller
 * loads.  audit_integrity_start() begins the first three on another thread,
 * before the caller loads the register; audit_integrity_finish() runs the
 * others on this one, then both threads verify the older seals, whichever
 * is free taking the next month; it waits, and adds
 * every finding to c->f in the order the checks have when they run one
 * after the other: the chain (and a missing ledger's note), the history,
 * the seals and the newest snapshot, the register, the rows.  Each check
 * writes into its own log (findings_log_init) and the logs are replayed in
 * that order, so the list is the same whichever thread finishes first.
 *
 * The row pass needs the history only at close rows; it waits for the
 * history (read first on the other thread, the chain after it), not for
 * the chain.  When no thread can be started, the other thread's checks run
 * in audit_integrity_start() itself. */
#ifndef WMSJ_AUDITRUN_H
#define WMSJ_AUDITRUN_H

#include "audit.h"
#include "err.h"

/* Begin the chain and the history of c->dir.  c must stay where it is
 * until audit_integrity_finish() or audit_ctx_release(). */
void audit_integrity_start(struct audit_ctx *c);
/* The seals, the register (c->reg, loaded by now) and the rows (year,
 * full: audit_rows), then the findings of every check in c->f.  WMSJ_OK,
 * or the status of what kept the chain or the history from being read
 * (err set; no finding of this directory is added then).  Starts the
 * other checks here when audit_integrity_start() was not called. */
int audit_integrity_finish(struct audit_ctx *c, int year, int full, struct wmsj_err *err);

#endif
