/* audit: one data directory being audited, as wmsj-audit's checks share it
 * (auditledger, auditreg, auditseal, auditstd, auditnotice): the directory,
 * its configuration and register (the caller's), the witness lines, where
 * the findings go (findings.h), and what the checks keep between them: the
 * register history that close rows seal, and the last notice figures built
 * (the notices kept for one quarter share their seal: the ledger is read
 * once a quarter, not once a station).  No check prints or exits; a check
 * that cannot run returns its status and fills err. */
#ifndef WMSJ_AUDIT_H
#define WMSJ_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "csvin.h"
#include "err.h"
#include "findings.h"
#include "history.h"
#include "ledger.h"
#include "notice.h"
#include "volunteer.h"
#include "witness.h"

struct audit_ctx {
	struct findings *f;             /* the caller's: every finding goes here */
	const char *dir;                /* the data directory */
	const char *notices;            /* --notices DIR; NULL: DIR/notices */
	enum wmsj_encoding enc;         /* of a notice file read */
	const struct wmsj_config *cfg;
	const struct vregister *reg;
	const struct witness *wit;      /* the --witness files' lines (may be empty) */
	struct history hist;            /* the register history, for the close rows */
	int hist_ok;                    /* hist loaded */
	/* set while another thread still reads hist (auditrun.h): call it
	 * (once) before hist is used */
	void (*hist_wait)(struct audit_ctx *c);
	struct {                        /* the newest snapshot, to be compared (auditseal) */
		int due;                /* named by audit_seal_month */
		char month[8], end[11], where[64];
	} snap;
	struct audit_bg *bg;            /* audit_integrity_start's other thread */
	void (*bg_drop)(struct audit_ctx *c);   /* joins and frees it (auditrun) */
	struct {                        /* the last notice figures built (auditnotice) */
		int valid, y, q;
		uint64_t seq, rseq;
		struct notice_set set;
	} nc;
};

/* Everything but the history and the notice figures, which the checks
 * load; audit_ctx_release() drops them (before the register is released:
 * the notice figures point into it). */
void audit_ctx_init(struct audit_ctx *c, struct findings *f, const char *dir,
		    const struct wmsj_config *cfg, const struct vregister *reg);
void audit_ctx_release(struct audit_ctx *c);

/* A finding of this directory (findings_add). */
void audit_add(struct audit_ctx *c, const char *sev, const char *check, const char *where,
	       const char *station, const char *vol, const char *txn, const char *fmt, ...)
	WMSJ_PRINTF(8, 9);

/* The register history (NULL: it could not be read), once another
 * thread reading it is done (hist_wait). */
const struct history *audit_hist(struct audit_ctx *c);

/* The published notices' directory into buf (n bytes): --notices DIR, else
 * DIR/notices.  -1 and "" when the name does not fit (longer than a path
 * may be): with report, that is a finding. */
int audit_notices_dir(struct audit_ctx *c, char *buf, size_t n, int report);

/* "ledger.csv:LINE" into buf (n bytes). */
void audit_ledger_where(char *buf, size_t n, size_t line);

#endif
