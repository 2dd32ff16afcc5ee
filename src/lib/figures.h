/* The bank's figures, each defined once (and documented once, in wmsj(7)):
 * what a report prints and what a command checks on the date it records.
 *
 *   balance as of D    sum of the signed points of the volunteer's rows dated
 *                      <= D (ledger_state with as_of = D); a clearing's points
 *                      are minus the balance as of its date
 *   stock as of D      sum of the signed qty of the item's rows dated <= D
 *                      on the shelf (ledger.h, struct ledger_stock): a
 *                      station's exchange point gives out from its own
 *                      shelf, or with exchange: shared from every shelf
 *                      together (fig_shelf)
 *   the dated replay   the rows in (date, txn) order: entry order breaks the
 *                      ties.  A command's checks hold on the date it records
 *                      and at every later date of this replay (fig_load_dated);
 *                      the audit replays the whole ledger this way
 *                      (fig_replay) and flags any row that breaks them
 *   cleared            a volunteer cleared in year Y (by the latest-DATED
 *                      clearing that is not reversed) earns, redeems and is
 *                      commended for nothing until 1 January of Y+1: asked
 *                      of rules_may (rules.h) with the account's
 *                      cleared_year (fig_cleared_in: cleared in Y at all)
 *   a station's volunteers
 *                      the register's volunteers whose station is S and who
 *                      are not withdrawn (active or suspended), as the
 *                      register stands (it keeps no history of statuses):
 *                      fig_station_volunteers
 *   a station's figures over a period
 *                      by the station on each ledger row (where the
 *                      volunteer was when it was recorded), rows dated in the
 *                      period: earned and hours net of reversals dated in the
 *                      period, redeemed, cleared, award rows, reversal rows
 *                      (fig_stations)
 *   a volunteer's year (the ranking)
 *                      the awards dated in the year net of their reversals,
 *                      whenever dated: a reversal belongs to the year of the
 *                      award it takes back, so no figure is negative
 *                      (fig_year)
 *   a volunteer's statement
 *                      the volunteer's rows in date order, ties in entry
 *                      order, each with the running balance: the balance
 *                      as of its date once the day's last row is counted
 *                      (fig_statement)
 *
 * Library code: no printing, no exit. */
#ifndef WMSJ_FIGURES_H
#define WMSJ_FIGURES_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "err.h"
#include "ledger.h"
#include "ledger_index.h"
#include "rules.h"
#include "table.h"
#include "volunteer.h"

/* The earliest date the bank records: REFUSED "the date D is before
 * 2000-01-01, ..." for an earlier one. */
#define FIG_DATE_MIN "2000-01-01"
int fig_date_check(const char *date, struct wmsj_err *err);

/* 1 when the account was cleared in year (no earning, redeeming or
 * ranking in that year). */
int fig_cleared_in(const struct account *a, int year);

/* Is v one of station's volunteers?  How many are there? */
int fig_station_member(const struct volunteer *v, const char *station);
size_t fig_station_volunteers(const struct vregister *reg, const char *station);

/* ---- the exchange shelves ------------------------------------------------ */

/* The shelf station's exchange point stocks and gives out from, for
 * ledger_state_shelf_stock and fig_load_dated_shelf: the station's code
 * with per-station shelves (the default), NULL (every shelf together, the
 * town's goods) with exchange: shared. */
const char *fig_shelf(const struct wmsj_config *cfg, const char *station);
/* The stock of every item on a shelf (NULL = every shelf: the town's). */
int64_t fig_shelf_total(const struct ledger_state *st, const char *shelf);

/* ---- a command's date: the balance and the stock from that date on ------- */

struct fig_dated {
	int64_t at;            /* as of the date */
	int64_t min;           /* the least as of the date or any later date */
	char min_date[11];     /* the first date where min is reached */
	char last[11];         /* the latest date of a row (of the volunteer /
				* of the item) dated on or after the date, "" if none */
	char cleared[11];      /* volunteer: the latest date of a clearing not
				* reversed dated after the date, "" if none */
};
/* Load the whole state into st (initialised, empty; as in ledger_state_load
 * with no as_of) and, for the volunteer and the item (either may be NULL),
 * their figures from date on.  Memory: the volunteer's and the item's rows
 * dated on or after date. */
int fig_load_dated(struct ledger_state *st, const char *dir, const char *date,
		   const char *volunteer, const char *item, struct fig_dated *vol,
		   struct fig_dated *stock, struct wmsj_err *err);
/* The same with the item's stock on one shelf (fig_shelf; NULL = every
 * shelf together, as fig_load_dated). */
int fig_load_dated_shelf(struct ledger_state *st, const char *dir, const char *date,
			 const char *volunteer, const char *item, const char *shelf,
			 struct fig_dated *vol, struct fig_dated *stock, struct wmsj_err *err);

/* ---- the dated replay ----------------------------------------------------
 *
 * Rows pushed in entry order come out in (date, seq) order.  Rows nearly in
 * date order cost O(1) each: a row dated on or after the last one in order
 * goes to the in-order run, only the others ("late" rows) are sorted, and
 * the two are merged when flushed.  Flush up to the end of each sealed month
 * (nothing may be dated into it afterwards), so that the buffer holds the
 * open months only. */
struct fig_event {
	uint64_t seq, ref;     /* ref: the sequence a reverse row reverses */
	size_t line;
	int32_t date;          /* YYYYMMDD */
	uint32_t acc, item, station;  /* caller's indexes (UINT32_MAX = none) */
	enum ledger_kind kind, reverses;
	int64_t points, hours, qty;
};
struct fig_replay {
	struct fig_event *run, *late, *tmp;
	size_t nrun, crun, nlate, clate, ctmp;
};
int32_t fig_date_num(const char *date);
/* YYYYMMDD -> "YYYY-MM-DD". */
void fig_date_str(int32_t n, char out[11]);
void fig_replay_push(struct fig_replay *r, const struct fig_event *e);
/* Call cb for every buffered event dated <= upto, in (date, seq) order,
 * and drop them; a return other than WMSJ_OK stops and is returned. */
int fig_replay_flush(struct fig_replay *r, int32_t upto,
		     int (*cb)(void *arg, const struct fig_event *e), void *arg);
void fig_replay_release(struct fig_replay *r);

/* ---- a station's figures over a period ------------------------------------ */

struct fig_station {
	const char *code;
	int64_t earned, redeemed, cleared, hours;
	uint64_t awards, reversals;
	uint64_t activities;   /* published in the period and not cancelled */
	uint64_t held;         /* of those, held (activity.h): an award standing as
				* of the period's end */
	unsigned months_held;  /* bit m (1-12): a held activity dated in month m */
	size_t awarded;        /* distinct volunteers with an award row */
	size_t volunteers;     /* fig_station_volunteers (reg given) */
	int64_t stock;         /* goods on the station's own shelf as of the
				* period's end (0 with exchange: shared) */
};
/* out: one per station of cfg, in its order, then one more,
 * out[cfg->nstations] (code NULL, only stock set): the goods on no station's
 * own shelf (the shared shelf with exchange: shared; else the institute's
 * shelf and those of stations no longer in cfg), so that the stock of all
 * cfg->nstations + 1 adds up to the town's.  reg and acts may be NULL
 * (volunteers, activities then 0). */
int fig_stations(const char *dir, const struct wmsj_config *cfg, const struct vregister *reg,
		 const struct table *acts, const char *from, const char *to,
		 struct fig_station *out, struct wmsj_err *err);

/* ---- a volunteer's year --------------------------------------------------- */

struct fig_year_vol {
	int64_t earned, hours;
	int cleared;           /* cleared in the year (not reversed) */
};
struct fig_year {
	struct strmap index;   /* volunteer id -> index in v */
	struct fig_year_vol *v;
	size_t n, cap;
	struct fig_station *st;  /* per station of cfg: earned and hours only */
	size_t nst;
};
int fig_year(struct fig_year *y, const char *dir, const struct wmsj_config *cfg, int year,
	     struct wmsj_err *err);
const struct fig_year_vol *fig_year_get(const struct fig_year *y, const char *id);
void fig_year_release(struct fig_year *y);

/* ---- every volunteer's clearing (rules.h) ---------------------------------
 *
 * The whole ledger's state and the date of each volunteer's latest-dated
 * clearing not reversed (account.cleared_seq), for rules_may on any date:
 * `wmsj-volunteer list --eligible`.  Memory: the state, plus one entry per
 * clear row (rare).  Reads every row (a clearing may be of any age). */
struct fig_clearings {
	struct ledger_state st;
	struct fig_clear_row {
		uint64_t seq;
		char date[11];
	} *rows;               /* clear rows in ledger (= seq) order */
	size_t n, cap;
};
int fig_clearings_load(struct fig_clearings *fc, const char *dir, struct wmsj_err *err);
/* id's clearing (year 0, date NULL when none); out->date points into fc. */
void fig_clearing(const struct fig_clearings *fc, const char *id, struct rules_clearing *out);
void fig_clearings_release(struct fig_clearings *fc);

/* ---- a volunteer's statement (wmsj-points history) ------------------------
 *
 * The volunteer's rows (ledger_volunteer_rows: through the ledger's index
 * when it can be believed) in (date, txn) order, each with the running
 * balance.  Memory: the volunteer's rows. */
struct fig_statement {
	struct ledger_rows rows;        /* as read, in file order */
	struct fig_statement_row {
		const struct ledger_row *row;   /* into rows */
		int64_t balance;                /* after this row */
	} *r;                           /* in statement order */
	size_t n;
};
/* BADDATA "ledger.csv:LINE: balance overflows" (nothing kept), or any
 * status of ledger_volunteer_rows.  Release s also after a failure. */
int fig_statement_load(struct fig_statement *s, const char *dir, const char *id,
		       struct wmsj_err *err);
void fig_statement_release(struct fig_statement *s);

#endif
