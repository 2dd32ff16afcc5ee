/* The rules of the activity menu (activities.csv, table.h): publishing,
 * cancelling and correcting an activity, and which activities were held.
 * Documented in wmsj-points(1) and wmsj(7).
 *
 *   - An activity may be published up to rules.activity_horizon_days (90)
 *     after today, not later; and only once: a second one with the same
 *     station, date and title is refused.
 *   - It may be cancelled (status "cancelled", with a reason) or corrected
 *     (date, title, points) while no award for it stands; an award stands
 *     until it is reversed.  The date of one that ever had an award does not
 *     change (its reversed awards stay dated on it).  Neither its old nor its
 *     new date may lie in a closed month.  A cancelled activity earns nothing.
 *   - An activity is held when it is not cancelled and at least one award
 *     for it stands: only held activities count toward a station's activities
 *     (the monthly standard, stats, monthly). */
#ifndef WMSJ_ACTIVITY_H
#define WMSJ_ACTIVITY_H

#include <stddef.h>
#include "err.h"
#include "ledger.h"
#include "table.h"
#include "util.h"

/* The platform p names (its Chinese name or English key, table.h's
 * activity_platforms): its Chinese name, as the menu records it; NULL for
 * none. */
const char *activity_platform(const char *p);

/* Refuse a date beyond the horizon (today + horizon days) and a duplicate of
 * another row of t (same station, date, title; row self is skipped, -1 for a
 * new activity; cancelled rows are no duplicates).  REFUSED naming the rule. */
int activity_check(const struct table *t, long self, const char *station, const char *date,
		   const char *title, const char *today, long horizon, struct wmsj_err *err);

/* Set a field of row i (AC_DATE, AC_TITLE, AC_POINTS) to val, noting the
 * change in AC_CHANGES ("NOW NAME OLD -> NEW", joined by "; ") so that a
 * correction stays visible in the menu.  Nothing when val is the same. */
void activity_correct(struct table *t, size_t i, int col, const char *val, const char *now);
/* Cancel row i for reason (status "cancelled", reason). */
void activity_cancel(struct table *t, size_t i, const char *reason);

/* 1 when row i of the menu is cancelled. */
int activity_cancelled(const struct table *t, size_t i);

/* The standing awards of activities, fed row by row (ledger order).  A
 * reverse row of an award carries the award's activity (wmsj-points
 * reverse copies it), so nothing is kept per row: memory is bounded by the
 * activities, plus the awards of the one watched activity. */
struct act_awards {
	struct strmap live;     /* activity -> awards standing */
	struct strmap ever;     /* activity -> awards ever written */
	const char *watch;      /* activity whose award txns are kept, or NULL */
	struct strmap wtxn;     /* its award txn -> index in wlist */
	char **wlist;           /* its award txns in ledger order (NULL once reversed) */
	size_t nw, capw;
	struct sb txns;         /* act_awards_txns */
};
void act_awards_init(struct act_awards *a, const char *watch);
void act_awards_row(struct act_awards *a, const struct ledger_row *row);
/* Awards standing / ever written for activity id. */
size_t act_awards_live(const struct act_awards *a, const char *id);
size_t act_awards_ever(const struct act_awards *a, const char *id);
/* The watched activity's standing award txns, ", "-separated (owned by a). */
const char *act_awards_txns(struct act_awards *a);
void act_awards_release(struct act_awards *a);
/* A ledger_state callback feeding act_awards (arg = struct act_awards *). */
int act_awards_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err);

/* Held activities (not cancelled, an award standing) of station dated in
 * [from, to] (YYYY-MM-DD; a NULL bound is open). */
size_t activity_held(const struct table *t, const struct act_awards *a, const char *station,
		     const char *from, const char *to);

#endif
