/* auditreg: wmsj-audit's checks of the registers (audit.h): the volunteers'
 * register (ID numbers, phones, stations), the register history and its
 * views (views.h), and a ledger missing where a history was kept. */
#ifndef WMSJ_AUDITREG_H
#define WMSJ_AUDITREG_H

#include "audit.h"

/* Every volunteer: a valid ID number and a known station (errors), a valid
 * phone (a warning). */
void audit_register(struct audit_ctx *c);
/* The history and the views checked against it (a finding each), then the
 * history loaded into c->hist for the close rows (auditledger) unless
 * audit_history_load() did, and its index checked.  WMSJ_OK, or the status
 * in err when the views cannot be checked. */
int audit_history(struct audit_ctx *c, struct wmsj_err *err);
/* The history into c->hist (c->hist_ok: it could be read), no finding. */
void audit_history_load(struct audit_ctx *c);
/* There is no ledger: an error when activities, sealed months or published
 * notices say a history was kept (volunteers alone are no sign). */
void audit_missing_ledger(struct audit_ctx *c);

#endif
