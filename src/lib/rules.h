/* Who may do what: a volunteer's status and their clearing against a date,
 * one table for every tool (documented in wmsj(7) ELIGIBILITY).
 *
 *                   active   suspended   withdrawn   cleared in the date's year
 *   earn (award)     yes        no          no        no, until 1 January
 *   redeem           yes        no          no        no, until 1 January
 *   be commended     yes        no          no        no, until 1 January
 *     (ranking, stars, the certificate's star level)
 *
 * "Cleared in Y": the volunteer's latest-dated clearing that is not
 * reversed (ledger.h: account.cleared_year) is dated in Y; the volunteer
 * earns, redeems and is commended for nothing dated in Y, and may again from
 * 1 January of Y+1.  And a clearing is the volunteer's latest row: nothing
 * of theirs may be earned or redeemed dated before it (a clearing dated after
 * the date, in a later year, refuses too; commendation does not look at it).
 * Status first: a suspended volunteer who was also cleared is "suspended".
 *
 * wmsj-points (award, apply, approve, redeem, exchange) refuses what this
 * says no to, wmsj-audit turns the same answer for a row into a finding
 * (award-status, award-cleared, redeem-status, redeem-cleared), wmsj-report
 * ranks and stars only who may be commended, and `wmsj-volunteer list
 * --eligible` lists who may earn.
 *
 * Pure: no I/O, "today" and every date come from the caller. */
#ifndef WMSJ_RULES_H
#define WMSJ_RULES_H

#include "err.h"

/* A volunteer's status, parsed once from the register's string. */
enum vstatus {
	VS_ACTIVE,
	VS_SUSPENDED,
	VS_WITHDRAWN,
	VS_INVALID              /* anything else (the register refuses it) */
};
enum vstatus vstatus_parse(const char *s);
/* "active", "suspended", "withdrawn" (the register's word); "" for VS_INVALID. */
const char *vstatus_name(enum vstatus s);

/* What a volunteer asks to do. */
enum rules_act {
	RULES_EARN,             /* an award (award, approve; an application) */
	RULES_REDEEM,           /* a redemption (redeem, exchange) */
	RULES_COMMEND           /* ranking, stars, a certificate's star level */
};

/* Why not (RW_OK: they may). */
enum rules_why {
	RW_OK,
	RW_SUSPENDED,
	RW_WITHDRAWN,
	RW_INVALID,             /* a status the register does not know */
	RW_CLEARED,             /* cleared in the date's year */
	RW_BEFORE_CLEARING      /* the date is before a later year's clearing */
};

/* The volunteer's clearing as the ledger holds it. */
struct rules_clearing {
	int year;               /* year of the latest-dated clearing not reversed, 0 if none */
	const char *date;       /* its date "YYYY-MM-DD" when the caller knows it
				 * (at least when it is dated after the date
				 * asked about); NULL or "" when not known */
};

struct rules_verdict {
	enum rules_why why;
	int year;               /* RW_CLEARED: the year cleared (free again on 1 January year+1) */
	char date[11];          /* RW_BEFORE_CLEARING: the clearing's date */
};

/* May a volunteer of status st, with clearing c (NULL: none), do act on
 * date ("YYYY-MM-DD")?  Fills out (may be NULL) and returns out->why. */
enum rules_why rules_may(enum rules_act act, enum vstatus st, const struct rules_clearing *c,
			 const char *date, struct rules_verdict *out);

/* The refusal as a message naming volunteer id and the rule, for the tool
 * to print (REFUSED in err; WMSJ_OK and err untouched for RW_OK):
 *   earn     "volunteer 'V' is suspended; only active volunteers earn points"
 *            "volunteer 'V' was cleared in Y and earns nothing until 1 January Y+1"
 *   redeem   "volunteer 'V' is suspended; the card cannot be used"
 *            "volunteer 'V' was cleared in Y; the card cannot be used until 1 January Y+1"
 *   commend  "volunteer 'V' is suspended and is not commended"
 *            "volunteer 'V' was cleared in Y and is not commended until 1 January Y+1"
 *   both     "volunteer 'V' was cleared on D; nothing may be dated before the clearing" */
int rules_explain(const struct rules_verdict *v, enum rules_act act, const char *id,
		  struct wmsj_err *err);

/* The refusal in a word, for a column ("withheld"): "", "suspended",
 * "withdrawn", "cleared", "before-clearing", "invalid". */
const char *rules_why_name(enum rules_why why);

#endif
