/* auditnotice: wmsj-audit's check of a published notice (audit.h,
 * notice.h): a final notice whose seal still holds (the ledger row and the
 * register history event it names), every row's figures, masked name and
 * card against the figures recomputed from the ledger, no volunteer missing;
 * and every csv notice kept in the notices directory checked so. */
#ifndef WMSJ_AUDITNOTICE_H
#define WMSJ_AUDITNOTICE_H

#include "audit.h"

/* Check the csv notice file; wname names it in findings.  soft: a notice
 * kept in the data directory, whose unreadable file is a finding (WMSJ_OK);
 * else that is the status, in err. */
int audit_notice_file(struct audit_ctx *c, const char *file, const char *wname, int soft,
		      struct wmsj_err *err);
/* Every YYYYQn-CODE.csv of the notices directory, in name order. */
void audit_kept_notices(struct audit_ctx *c);

#endif
