/* auditstd: the station standards, as wmsj-audit checks them (auditstd.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "auditstd.h"
#include "clock.h"
#include "figures.h"
#include "i18n.h"
#include "ledger.h"
#include "standing.h"
#include "table.h"
#include "util.h"

/* What the standards read: the menu, the year's redemptions per station
 * and month, which activities were held. */
struct monthly {
	struct audit_ctx *c;
	int year, last;         /* last: the year's months that are over */
	struct table acts;
	int (*redeems)[13];
	struct act_awards aw;   /* awards standing per activity: which were held */
	char ndir[4096];        /* the notices' directory ("" when too long) */
};

static int
std_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct monthly *m = arg;
	const struct wmsj_config *cfg = m->c->cfg;

	(void)err;
	act_awards_row(&m->aw, row);
	if (row->kind != LK_REDEEM || atoi(row->date) != m->year)
		return WMSJ_OK;
	for (size_t i = 0; i < cfg->nstations; i++)
		if (strcmp(cfg->stations[i].code, row->station) == 0)
			m->redeems[i][atoi(row->date + 5) % 13]++;
	return WMSJ_OK;
}

/* Team size and participation of station s. */
static void
std_team(struct monthly *m, const struct wmsj_station *stn)
{
	const struct wmsj_config *cfg = m->c->cfg;
	/* A station's volunteers on a date, as every report counts them. */
	size_t vols = fig_station_volunteers(m->c->reg, stn->code);
	struct standing_station ss;

	/* the standards as the report's statistics judge them (standing.h) */
	standing_station(&cfg->rules, vols, stn->population, 0, m->year, wmsj_today(), &ss);
	if (!ss.team_met)
		audit_add(m->c, "warning", "team-size", stn->code, stn->code, NULL, NULL,
			  _("station '%s' has %zu volunteers; the standard is at least %ld"),
			  stn->code, vols, cfg->rules.min_team);
	if (stn->population > 0 && !ss.participation_met)
		audit_add(m->c, "warning", "participation", stn->code, stn->code, NULL, NULL,
			  _("station '%s': %zu volunteers of %ld residents is %.1f%%, below the %.1f%% target"),
			  stn->code, vols, stn->population,
			  100.0 * (double)vols / (double)stn->population,
			  100.0 * cfg->rules.participation_target);
}

/* Activities held and an exchange day in each month over of station s. */
static void
std_months(struct monthly *m, size_t s, const struct wmsj_station *stn)
{
	const struct wmsj_config *cfg = m->c->cfg;
	int year = m->year;

	for (int mo = 1; mo <= m->last; mo++) {
		char month[16], mfrom[16], mto[16];
		long n;

		if (!audit_standard_due(m->c->f->first, year, mo))
			continue;
		xsnprintf(month, sizeof month, "%04d-%02d", year % 10000, mo % 100);
		xsnprintf(mfrom, sizeof mfrom, "%04d-%02d-01", year % 10000, mo % 100);
		xsnprintf(mto, sizeof mto, "%04d-%02d-31", year % 10000, mo % 100);
		/* held only: not cancelled, somebody took part (activity.h) */
		n = (long)activity_held(&m->acts, &m->aw, stn->code, mfrom, mto);
		if (!standing_month_met(&cfg->rules, n))
			audit_add(m->c, "warning", "monthly-activity", stn->code, stn->code, NULL, NULL,
				  _("station '%s' held %ld activities in %s; the standard is %ld a month"),
				  stn->code, n, month, cfg->rules.activities_per_month);
		if (m->redeems[s][mo] == 0)
			audit_add(m->c, "warning", "exchange-day", stn->code, stn->code, NULL, NULL,
				  _("station '%s' recorded no exchange in %s (a monthly exchange day is the standard)"),
				  stn->code, month);
	}
}

/* A published notice for each quarter over of station s. */
static void
std_notices(struct monthly *m, const struct wmsj_station *stn)
{
	int year = m->year;

	for (int q = 1; q <= 4 && q * 3 <= m->last; q++) {
		char prefix[64];
		int found = 0;
		DIR *dp;
		struct dirent *de;

		if (!audit_standard_due(m->c->f->first, year, q * 3))
			continue;
		dp = opendir(m->ndir);
		snprintf(prefix, sizeof prefix, "%dQ%d-%s.", year, q, stn->code);
		while (dp != NULL && (de = readdir(dp)) != NULL)
			found |= strncmp(de->d_name, prefix, strlen(prefix)) == 0;
		if (dp != NULL)
			closedir(dp);
		if (!found)
			audit_add(m->c, "warning", "notice", stn->code, stn->code, NULL, NULL,
				  _("no published notice for %dQ%d of station '%s' in '%s'"), year, q,
				  stn->code, m->ndir);
	}
}

/* The year's redemptions and activities held, from the ledger. */
static void
std_ledger(struct monthly *m)
{
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct wmsj_err err;
	char from[16];

	xsnprintf(from, sizeof from, "%04d-01-01", m->year % 10000);
	memset(&lo, 0, sizeof lo);
	lo.cb = std_cb;
	lo.cb_arg = m;
	lo.cb_from = from;
	ledger_state_init(&st);
	if (ledger_state_load(&st, m->c->dir, &lo, &err) != WMSJ_OK)
		audit_add(m->c, "error", "format", LEDGER_FILE, NULL, NULL, NULL, "%s", err.msg);
	ledger_state_release(&st);
}

void
audit_standards(struct audit_ctx *c, int year)
{
	const char *today = wmsj_today();
	int ty = atoi(today), tm = atoi(today + 5);
	const struct wmsj_config *cfg = c->cfg;
	struct wmsj_err err;
	struct monthly m;

	if (year > ty)
		return;
	memset(&m, 0, sizeof m);
	m.c = c;
	m.year = year;
	m.last = year < ty ? 12 : tm - 1;   /* months that are over */
	if (table_load(&m.acts, c->dir, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK) {
		audit_add(c, "error", "format", ACTIVITY_FILE, NULL, NULL, NULL, "%s", err.msg);
		table_release(&m.acts);
		return;
	}
	/* Due from the first record (auditsel.h): the ledger's rows were noted
	 * by audit_rows; the register and the menu here. */
	for (size_t i = 0; i < c->reg->n; i++)
		audit_first_note(c->f->first, c->reg->v[i].registered);
	for (size_t i = 0; i < m.acts.n; i++)
		audit_first_note(c->f->first, m.acts.rows[i][AC_DATE]);
	if (!audit_standard_due(c->f->first, year, 0)) {
		table_release(&m.acts);
		return;
	}
	m.redeems = xcalloc(cfg->nstations + 1, sizeof *m.redeems);
	act_awards_init(&m.aw, NULL);
	std_ledger(&m);
	(void)audit_notices_dir(c, m.ndir, sizeof m.ndir, 0);   /* "": no notice found */
	for (size_t s = 0; s < cfg->nstations; s++) {
		std_team(&m, &cfg->stations[s]);
		std_months(&m, s, &cfg->stations[s]);
		std_notices(&m, &cfg->stations[s]);
	}
	free(m.redeems);
	act_awards_release(&m.aw);
	table_release(&m.acts);
}
