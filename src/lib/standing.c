/* Star levels, the ranking order and the station standards: see standing.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "standing.h"
#include "util.h"

/* ---- stars -------------------------------------------------------------- */

int
standing_star_level(const long star_hours[5], int64_t centi)
{
	int s = 0;

	for (int i = 0; i < 5; i++)
		if (centi >= (int64_t)star_hours[i] * 100)
			s = i + 1;
	return s;
}

enum rules_why
standing_star(const long star_hours[5], enum vstatus st, int cleared_year, const char *today,
	      int64_t centi, struct standing_star *out)
{
	struct rules_clearing cl;

	cl.year = cleared_year;
	cl.date = NULL;
	memset(out, 0, sizeof *out);
	out->next = -1;
	if (rules_may(RULES_COMMEND, st, &cl, today, &out->why) != RW_OK)
		return out->why.why;
	out->level = standing_star_level(star_hours, centi);
	if (out->level < 5)
		out->next = (int64_t)star_hours[out->level] * 100 - centi;
	return RW_OK;
}

/* ---- ranking ------------------------------------------------------------ */

int
standing_rank_listed(int64_t earned, int64_t hours, int cleared, enum vstatus st, int year,
		     enum rules_why *why)
{
	struct rules_clearing cl;
	char yend[16];

	/* what was earned in the year, never a negative */
	if (earned < 0 || hours < 0 || (earned == 0 && hours == 0))
		return 0;
	xsnprintf(yend, sizeof yend, "%04d-12-31", year % 10000);
	cl.year = cleared ? year : 0;
	cl.date = NULL;
	*why = rules_may(RULES_COMMEND, st, &cl, yend, NULL);
	return 1;
}

int
standing_rank_cmp(const struct standing_entry *x, const struct standing_entry *y,
		  enum standing_by by)
{
	int64_t kx = by == SB_HOURS ? x->hours : x->points, ky = by == SB_HOURS ? y->hours : y->points;
	int64_t sx = by == SB_HOURS ? x->points : x->hours, sy = by == SB_HOURS ? y->points : y->hours;

	if ((x->withheld != RW_OK) != (y->withheld != RW_OK))
		return x->withheld != RW_OK ? 1 : -1;   /* the unranked last */
	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Merge sort of e[0..n) through tmp (stable: entries of the same id keep
 * their order). */
static void
msort(struct standing_entry *e, struct standing_entry *tmp, size_t n, enum standing_by by)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	msort(e, tmp, h, by);
	msort(e + h, tmp, n - h, by);
	while (i < h && j < n)
		tmp[k++] = standing_rank_cmp(&e[j], &e[i], by) < 0 ? e[j++] : e[i++];
	while (i < h)
		tmp[k++] = e[i++];
	while (j < n)
		tmp[k++] = e[j++];
	memcpy(e, tmp, n * sizeof *e);
}

void
standing_rank(struct standing_entry *e, size_t n, enum standing_by by)
{
	struct standing_entry *tmp;
	size_t rank = 1;

	if (n > 1) {
		tmp = xcalloc(n, sizeof *tmp);
		msort(e, tmp, n, by);
		free(tmp);
	}
	for (size_t i = 0; i < n; i++) {
		if (e[i].withheld != RW_OK) {
			e[i].rank = 0;
			continue;
		}
		/* a new rank where the figure ranked by changes */
		if (i > 0 && standing_rank_cmp(&e[i - 1], &e[i], by) != 0 &&
		    (by == SB_HOURS ? e[i - 1].hours != e[i].hours : e[i - 1].points != e[i].points))
			rank = i + 1;
		e[i].rank = rank;
	}
}

/* ---- station standards -------------------------------------------------- */

/* The target as the decimal fraction num / den it was written as: the
 * fewest places (up to 15) whose value reads back as the same double. */
static void
target_fraction(double t, uint64_t *num, uint64_t *den)
{
	uint64_t d = 1;

	if (!(t > 0)) {
		*num = 0;
		*den = 1;
		return;
	}
	if (t >= 1) {
		*num = 1;
		*den = 1;
		return;
	}
	for (int k = 0; k <= 15; k++, d *= 10) {
		uint64_t n = (uint64_t)(t * (double)d + 0.5);

		if ((double)n / (double)d == t || k == 15) {
			*num = n;
			*den = d;
			return;
		}
	}
}

/* Compare a/b with c/d exactly (b, d > 0): <0, 0, >0.  By their continued
 * fractions, so that nothing is multiplied (no overflow). */
static int
frac_cmp(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	int sign = 1;

	for (;;) {
		uint64_t qa = a / b, qc = c / d, t;

		if (qa != qc)
			return qa < qc ? -sign : sign;
		a %= b;
		c %= d;
		if (a == 0 || c == 0)
			return a == c ? 0 : a == 0 ? -sign : sign;
		/* a/b vs c/d (both below 1) is b/a vs d/c the other way round */
		t = a; a = b; b = t;
		t = c; c = d; d = t;
		sign = -sign;
	}
}

int
standing_participation_met(size_t volunteers, long population, double target)
{
	uint64_t num, den;

	target_fraction(target, &num, &den);
	if (population <= 0)
		return num == 0;   /* participation 0 */
	return frac_cmp((uint64_t)volunteers, (uint64_t)population, num, den) >= 0;
}

void
standing_station(const struct wmsj_rules *r, size_t volunteers, long population,
		 unsigned months_held, int year, const char *today, struct standing_station *out)
{
	int ty = atoi(today);

	memset(out, 0, sizeof *out);
	out->participation_met = standing_participation_met(volunteers, population,
							    r->participation_target);
	out->team_met = (long)volunteers >= r->min_team;
	for (int m = 1; m <= 12; m++)
		out->months_with_activity += (months_held >> m) & 1u;
	out->months = year < ty ? 12 : year > ty ? 0 : atoi(today + 5);
}

int
standing_month_met(const struct wmsj_rules *r, long held)
{
	return held >= r->activities_per_month;
}
