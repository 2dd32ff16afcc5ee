/* auditledger: wmsj-audit's checks of the ledger (audit.h): the chain byte
 * by byte, and one pass over every row rebuilding the state (no snapshot
 * trusted), each row checked against what came before it with the rules
 * wmsj-points applies (rules.h) and, in (date, txn) order, the dated replay
 * (figures.h): no balance and no shelf below zero as of any date.  Memory
 * follows the volunteers and the open months, not the years of history. */
#ifndef WMSJ_AUDITLEDGER_H
#define WMSJ_AUDITLEDGER_H

#include "audit.h"

/* audit_chain's "there is no ledger.csv" (not a status of the run). */
#define AUDIT_NO_LEDGER (-1)

/* The ledger's header, each row's format, sequence and hash (the one chain
 * verifier, ledger.h), a torn tail, a pending journal.  WMSJ_OK (findings
 * or not), AUDIT_NO_LEDGER, or WMSJ_SYSERR in err when it cannot be read. */
int audit_chain(struct audit_ctx *c, struct wmsj_err *err);

/* Every row: dates, sealed months, close rows (their snapshot, the
 * register history they seal: c->hist), unknown volunteers, reversals,
 * clearings; with full, of the rows dated in year (0: every year), what
 * wmsj-points refuses (status, clearing, self-certification, caps, one
 * award per activity) and the anomalies (participants, bursts outside
 * office hours); the dated replay's balances and stock of year. */
void audit_rows(struct audit_ctx *c, int year, int full);

#endif
