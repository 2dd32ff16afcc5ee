/* auditseal: wmsj-audit's checks of the seals (audit.h): the month
 * snapshots in seals/ (each verified, the newest against a full
 * recomputation), the seals witnessed elsewhere (witness.h), and the
 * hand-over lines of `wmsj-audit seal`. */
#ifndef WMSJ_AUDITSEAL_H
#define WMSJ_AUDITSEAL_H

#include <stddef.h>

#include "audit.h"
#include "sb.h"

/* Every snapshot of seals/ (audit_seal_month, newest first), or a
 * finding when the list cannot be read. */
void audit_seals(struct audit_ctx *c);
/* The snapshot of month verified (a finding when it does not hold); the
 * newest (newest = 1) is then compared with a full recomputation
 * (audit_snapshot_check). */
void audit_seal_month(struct audit_ctx *c, const char *month, int newest);
/* The snapshot c->snap names against a full recomputation of the
 * ledger's figures as of its month's end. */
void audit_snapshot_check(struct audit_ctx *c);
/* Every line of c->wit that names this directory's institute must still
 * hold; a directory that no line names is an error; a summary is an info
 * finding.  Nothing when there are no witness lines. */
void audit_witness(struct audit_ctx *c);

/* The hand-over lines (witness.h) of directory dir, appended to out: the
 * close of month (NULL: none), each notice of notices[0..n) (read with
 * enc), or, neither given, the head (the ledger's last row).  The chain is
 * verified first.  All or nothing: on a refusal out is left as it was and
 * err holds the message (REFUSED: no close of the month, an empty ledger;
 * BADDATA: a notice without rows or with a malformed seal, quarter or
 * station; the notice's seal not holding; the status of a read). */
int audit_seal_lines(const char *dir, const struct wmsj_config *cfg, const char *month,
		     char *const *notices, size_t n, enum wmsj_encoding enc, struct sb *out,
		     struct wmsj_err *err);

#endif
