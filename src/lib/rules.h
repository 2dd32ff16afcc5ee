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

#include <stddef.h>
#include <stdint.h>

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

/* ==== the bank's rules: award, redeem, clear, reverse ======================
 *
 * What wmsj-points refuses before it records a row (and wmsj-audit flags in
 * a row already written), one small function per rule.  Pure like the
 * table above: "today", the seals and every figure come from the caller
 * (bank.h loads them).  Each returns RC_OK or the reason, and fills r (may
 * be NULL) with what its message names; rules_refusal_explain() turns it
 * into the message the tools print.  Strings in r point at the caller's. */

enum rules_code {
	RC_OK,
	RC_DATE_FORMAT,         /* not a date YYYY-MM-DD (a usage error) */
	RC_FUTURE,              /* the date is after today */
	RC_BEFORE_FIRST,        /* before FIG_DATE_MIN, the bank's first day */
	RC_SEALED,              /* in a sealed month */
	RC_ACT_FUTURE,          /* the activity awarded for is dated after today */
	RC_ACT_SEALED,          /* ... in a sealed month */
	RC_POINTS_CAP,          /* an award's points over rules.max_points */
	RC_HOURS_CAP,           /* ... its hours over rules.max_hours */
	RC_DUPLICATE,           /* the volunteer already has an award for the activity */
	RC_TWICE,               /* the volunteer is twice in one batch */
	RC_SELF_CERT,           /* the certifier is the volunteer */
	RC_CLEARED_ALREADY,     /* a second clearing in one year */
	RC_CLEAR_NOT_LAST,      /* a clearing dated before the volunteer's last row */
	RC_REV_KIND,            /* a reversal or a close row cannot be reversed */
	RC_REV_AGAIN,           /* already reversed */
	RC_REV_BEFORE,          /* a reversal dated before the row it reverses */
	RC_REV_CLEARED,         /* ... before the volunteer's clearing */
	RC_REV_BALANCE,         /* ... that would leave a balance below zero */
	RC_REV_STOCK,           /* ... that would leave a shelf below zero */
	RC_BALANCE,             /* a redemption over the balance */
	RC_STOCK,               /* ... over the stock (every shelf together) */
	RC_SHELF_STOCK,         /* ... over the stock of the volunteer's station's shelf */
	RC_REV_NOT_EARLIER,     /* a reversal names no earlier row (wmsj-audit) */
	RC_BEFORE_CLEARING      /* a row dated before the volunteer's clearing (wmsj-audit) */
};

/* A refusal and what its message names (unused fields NULL / 0). */
struct rules_refusal {
	enum rules_code code;
	const char *where;      /* "<stdin>:LINE: " before a batch's line, or NULL */
	const char *who;        /* the volunteer, activity or transaction refused */
	const char *date;       /* the date refused */
	const char *other;      /* sealed through, the last row's date, the reversing
				 * txn, the clearing's date, the date of a minimum */
	const char *what;       /* activity, item's name, a row's kind (its label);
				 * RC_HOURS_CAP: the hours as typed, when the
				 * message names them so (NULL: n formatted) */
	const char *shelf, *shelf_name;
	int64_t n, limit, need; /* the amount, the cap or what there is, what is asked */
};

/* The date a command records (today when none is given): a real date, not
 * after today, not before the bank's first day, not in a sealed month
 * (sealed "YYYY-MM"; NULL or "": none sealed).  A sealed month's last day is
 * refused, the next day is open. */
enum rules_code rules_date_open(const char *date, const char *today, const char *sealed,
				struct rules_refusal *r);
/* Only the seal (sealed as above): for a date the caller has checked
 * otherwise (an activity published for a later day), and an activity's
 * date (act named: RC_ACT_SEALED). */
enum rules_code rules_date_unsealed(const char *date, const char *sealed, struct rules_refusal *r);
enum rules_code rules_activity_unsealed(const char *act, const char *date, const char *sealed,
					struct rules_refusal *r);
/* An activity's date (the register's, already a date), for awarding for
 * it: the same, with the activity named. */
enum rules_code rules_award_date(const char *act, const char *date, const char *today,
				 const char *sealed, struct rules_refusal *r);
/* One award's points and hours (centi-hours) against the caps of wmsj.yaml. */
enum rules_code rules_award_caps(int64_t points, int64_t hours, long max_points, int64_t max_hours,
				 struct rules_refusal *r);
/* One award per volunteer and activity: live = the volunteer's awards for it
 * not reversed, in_batch = already in the batch being checked. */
enum rules_code rules_award_once(const char *where, const char *vol, const char *act, size_t live,
				 int in_batch, struct rules_refusal *r);
/* Nobody certifies their own points: the certifier is not the volunteer
 * (by name, as the register spells it). */
enum rules_code rules_self_certified(const char *where, const char *vol, const char *vol_name,
				     const char *certifier, struct rules_refusal *r);
/* A redemption of qty x item (item_name, need points in all) by vol: the
 * balance's least value from the date on (bal_min, first reached on
 * bal_date) and then the shelf's (stock_min on stock_date; shelf NULL:
 * every shelf together). */
enum rules_code rules_may_redeem(const char *vol, int64_t bal_min, const char *bal_date,
				 int64_t qty, const char *item_name, int64_t need,
				 struct rules_refusal *r);
enum rules_code rules_shelf_holds(int64_t stock_min, const char *stock_date, int64_t qty,
				  const char *item_name, const char *shelf, const char *shelf_name,
				  struct rules_refusal *r);
/* A clearing of vol dated date: not a second one in a year (cleared_year,
 * 0: none), and the volunteer's latest row (last: their last row's date,
 * "" for none). */
enum rules_code rules_may_clear(const char *vol, int cleared_year, const char *date,
				const char *last, struct rules_refusal *r);
/* Reversing the row txn: not a reversal or a close row (kind_name its
 * label), not one already reversed (by: the reversal's txn, NULL or ""). */
enum rules_code rules_reversible(const char *txn, int is_reversal_or_close, const char *kind_name,
				 const char *by, struct rules_refusal *r);
/* ... dated date, on or after the row's date row_date. */
enum rules_code rules_reverse_date(const char *txn, const char *row_date, const char *date,
				   struct rules_refusal *r);
/* ... and what it leaves from its date on: vol ("" for a row of nobody's)
 * not cleared after it (cleared: the clearing's date, "" none), the
 * balance's least value bal_min minus the row's points (when it gave
 * points) not below zero, and for a stock row the shelf's least value
 * stock_min minus its qty not below zero. */
enum rules_code rules_reverse_leaves(const char *txn, const char *vol, const char *cleared,
				     int64_t points, int64_t bal_min, int is_stock,
				     const char *item, int64_t qty, int64_t stock_min,
				     struct rules_refusal *r);

/* What wmsj-audit checks in rows already written (wmsj-points never writes
 * them: it takes the txn and the date it records from the ledger's state).
 * A reversal row reverses an earlier row: its ref (as written) parsed
 * (parsed: a transaction id, ref_seq its sequence) and below the row's own
 * sequence seq; a second reversal of one row is rules_reversible's
 * RC_REV_AGAIN. */
enum rules_code rules_reverse_target(const char *ref, int parsed, uint64_t ref_seq, uint64_t seq,
				     struct rules_refusal *r);
/* A row of vol dated date while their latest clearing not reversed is dated
 * cleared ("" none): nothing of theirs may be dated before the clearing,
 * but the reversal of that clearing itself (reverses_it). */
enum rules_code rules_after_clearing(const char *vol, const char *date, const char *cleared,
				     int reverses_it, struct rules_refusal *r);

/* The refusal as the tools print it (err; the status is WMSJ_USAGE for
 * RC_DATE_FORMAT, WMSJ_REFUSED otherwise; WMSJ_OK and err untouched for
 * RC_OK). */
int rules_refusal_explain(const struct rules_refusal *r, struct wmsj_err *err);

#endif
