/* A volunteer's and a station's standing: star levels, the year's ranking
 * order, and the station standards (wmsj(7); wmsj-report stars, ranking,
 * stats and certificate; wmsj-audit's standards).  Pure: no I/O, "today"
 * and every figure come from the caller (figures.h computes the figures).
 *
 * Stars.  A volunteer with h hours in all has level k (1-5) when h is at
 * least star_hours[k-1] whole hours (config.h), 0 below the first.  A level
 * is a commendation (rules.h RULES_COMMEND): a volunteer suspended,
 * withdrawn or cleared in today's year has none (the hours stay the record).
 *
 * Ranking (a year).  A volunteer is listed when they earned something in
 * the year (points or hours above zero, neither negative); one who may not
 * be commended at the year's end is listed only with --all, unranked, after
 * the ranked.  The order: by points (or by hours), then by the other,
 * then by id; the rank is shared by those with the same points (hours):
 * 1, 2, 2, 4 ("competition" ranking).  A station's entries rank the same
 * way (never withheld).
 *
 * Station standards.  Participation: a station's volunteers are at least
 * participation_target of its population — decided exactly, in integers:
 * the target is the decimal fraction it was written as (0.13 = 13/100, up
 * to 15 places), so 13 of 100 meets 0.13 and 12 of 100 (or 1299 of 10000)
 * does not.  A station without a population counts as participation 0.
 * Team: at least min_team volunteers.  A month: at least
 * activities_per_month activities held in it.  Exchange day: at least one
 * redemption in the month. */
#ifndef WMSJ_STANDING_H
#define WMSJ_STANDING_H

#include <stddef.h>
#include <stdint.h>
#include "rules.h"

struct wmsj_rules;

/* ---- stars -------------------------------------------------------------- */

/* The level (0-5) of centi hours against star_hours (whole hours, rising). */
int standing_star_level(const long star_hours[5], int64_t centi);

struct standing_star {
	struct rules_verdict why;   /* RW_OK: commended (rules_may, RULES_COMMEND) */
	int level;                  /* 0-5; 0 when not commended */
	int64_t next;               /* centi-hours to the next level; -1 at level 5
				     * or when not commended */
};

/* A volunteer of status st, cleared in cleared_year (0: never), with centi
 * hours in all, on date today: out filled, returns out->why.why. */
enum rules_why standing_star(const long star_hours[5], enum vstatus st, int cleared_year,
			     const char *today, int64_t centi, struct standing_star *out);

/* ---- ranking ------------------------------------------------------------ */

enum standing_by { SB_POINTS, SB_HOURS };

struct standing_entry {
	const char *id;             /* a volunteer id, or a station code */
	int64_t points, hours;
	enum rules_why withheld;    /* RW_OK: ranked */
	size_t rank;                /* standing_rank: 1...; 0 when withheld */
	size_t idx;                 /* the caller's: where the rest of the row is */
};

/* Is a volunteer with the year's figures (earned points, hours, cleared in
 * the year or not) listed in the year's ranking?  0: not at all; 1: listed,
 * *why RW_OK when ranked, else why they are withheld (listed by --all). */
int standing_rank_listed(int64_t earned, int64_t hours, int cleared, enum vstatus st, int year,
			 enum rules_why *why);

/* The order: <0 when x comes before y, 0 only for the same id. */
int standing_rank_cmp(const struct standing_entry *x, const struct standing_entry *y,
		      enum standing_by by);

/* Sort e[0..n) in that order (stable) and number the ranked. */
void standing_rank(struct standing_entry *e, size_t n, enum standing_by by);

/* ---- station standards -------------------------------------------------- */

/* volunteers / population >= target, exactly (target as written: see above). */
int standing_participation_met(size_t volunteers, long population, double target);

struct standing_station {
	int participation_met;      /* standing_participation_met */
	int team_met;               /* volunteers >= min_team */
	size_t months_with_activity;/* months (of months_held, bits 1-12) with a held activity */
	int months;                 /* months of the year so far: 12 for a past year, 0 for
				     * a future one, today's month in today's year */
};

/* A station's standing in year (today: "YYYY-MM-DD"): its volunteers and
 * population, and months_held as figures.h gives it. */
void standing_station(const struct wmsj_rules *r, size_t volunteers, long population,
		      unsigned months_held, int year, const char *today,
		      struct standing_station *out);

/* A month's activities (held) meet the standard. */
int standing_month_met(const struct wmsj_rules *r, long held);

#endif
