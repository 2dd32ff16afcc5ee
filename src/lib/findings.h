/* findings: what wmsj-audit found, as a list (one finding: severity, check,
 * where, message, station, volunteer, txn), filtered and capped as it is
 * added.  Nothing is printed here: the tool prints the list (out.h).
 *
 * A finding is dropped when it names a station other than the one asked
 * for (--station) or is below the level shown (--severity, auditsel.h).
 * Every finding kept is counted per check; past limit (0: no cap) only the
 * count grows, and findings_finish() adds one info note per capped check,
 * "... and N more findings of this check", sorted by check after the
 * findings.  serious is set by any finding shown that is not "info".
 *
 * With several data directories (dir set), where names the directory
 * ("DIR/ledger.csv:7"; a where that is an absolute path stays as it is);
 * with raw_where (a witness file's place, outside the directory) the
 * message starts with "DIR: " instead.  Messages are masked
 * (mask_personal_text). */
#ifndef WMSJ_FINDINGS_H
#define WMSJ_FINDINGS_H

#include <stdarg.h>
#include <stddef.h>

#include "auditsel.h"
#include "err.h"
#include "map.h"

enum { FINDING_NCOLS = 7 };
/* The columns: severity, check, where, message, station, volunteer, txn. */
extern const char *const findings_cols[FINDING_NCOLS];

struct finding {
	char *f[FINDING_NCOLS];
};

struct findings {
	struct finding *v;
	size_t n, cap;
	struct strmap per_check;   /* check -> findings added (shown or capped) */
	long limit;                /* findings of one check kept; 0 = all */
	const char *station;       /* NULL, or only findings of this station (or none) */
	enum audit_level show;     /* findings at this level or worse */
	int serious;               /* any error or warning shown */
	char first[11];            /* the data directory's first record (auditsel.h) */
	const char *dir;           /* with several directories: the one audited */
	int raw_where;             /* where names a file outside the directory */
	int log;                   /* a log (findings_log_init): kept as added */
};

void findings_init(struct findings *f, long limit, const char *station, enum audit_level show);
void findings_add(struct findings *f, const char *sev, const char *check, const char *where,
		  const char *station, const char *vol, const char *txn, const char *fmt, ...)
	WMSJ_PRINTF(8, 9);
void findings_vadd(struct findings *f, const char *sev, const char *check, const char *where,
		   const char *station, const char *vol, const char *txn, const char *fmt,
		   va_list ap) WMSJ_PRINTF(8, 0);
/* Findings of check added so far, capped ones included (0: none). */
size_t findings_count(const struct findings *f, const char *check);
/* The notes of the capped checks, after the findings, in check order. */
void findings_finish(struct findings *f);
void findings_release(struct findings *f);

/* A log: findings recorded as they are added, neither filtered, capped,
 * masked nor named with a directory, for findings_replay() to add to a
 * list later, in order.  A check run on another thread adds to its own
 * log, and the logs are replayed in the order the checks have in a run,
 * so the list is the same whichever thread finished first.  A log's
 * first (audit_first_note) is carried over too. */
void findings_log_init(struct findings *log);
/* Add log's findings to f, as findings_add would have, and empty log. */
void findings_replay(struct findings *f, struct findings *log);

#endif
