/* wmsj-points activity add, list, cancel, correct: the activity menu. */
#include <string.h>

#include "bank.h"
#include "cli.h"
#include "config.h"
#include "activity.h"
#include "figures.h"
#include "i18n.h"
#include "ledger.h"
#include "out.h"
#include "store.h"
#include "table.h"
#include "validate.h"
#include "wmsj-points.h"

static void
print_activities(struct out *o, const struct table *t, const struct wmsj_config *cfg, size_t i)
{
	const struct wmsj_station *st = config_station(cfg, t->rows[i][AC_STATION]);
	const char *v[15];

	for (int c = 0; c < 13; c++)
		v[c] = t->rows[i][c];
	v[13] = st != NULL ? st->name : "";
	v[14] = t->rows[i][AC_STATUS];
	out_row(o, v);
}

static const char *const act_out_cols[] = {
	"id", "station", "date", "platform", "title", "points", "hours", "place", "target",
	"content", "organizer", "responsible", "created", "station_name", "status"
};
#define NACT_OUT 15

/* The menu's row shown after a change. */
static int
print_activity(const struct opts *o, const struct table *t, const struct wmsj_config *cfg,
	       size_t row)
{
	struct out out;

	out_init(&out, o->c.fmt, o->c.bom, act_out_cols, NACT_OUT);
	print_activities(&out, t, cfg, row);
	return cli_out_finish(&out);
}

/* The menu changed by the bank (add, cancel, correct): saved (the commit
 * point), then its row shown. */
static int
activity_commit(const struct opts *o, struct store *s, int rc, struct table *t, size_t row,
		struct wmsj_errlist *bad)
{
	struct wmsj_err err;

	if (rc != WMSJ_OK)
		rc = report(bad);
	else if (table_save(t, &err) != WMSJ_OK)
		rc = cli_report(&err);
	else
		rc = print_activity(o, t, &s->cfg, row);
	table_release(t);
	wmsj_errlist_release(bad);
	return rc;
}

/* activity cancel ACT --reason R / activity correct ACT [--date] [--title]
 * [--points]: the rules are activity.h's. */
static int
activity_change(struct opts *o, int cancel)
{
	struct store s;
	struct table t;
	struct wmsj_err err;
	struct wmsj_errlist bad;
	struct bank_activity a;
	size_t row = 0;
	int rc;

	if (o->nargs != 2)
		return cli_usage_error(_("activity %s needs one ACT"), o->args[0]);
	memset(&a, 0, sizeof a);
	a.id = o->args[1];
	if (cancel) {
		if (o->reason == NULL || *o->reason == '\0')
			return cli_usage_error(_("a reason is required: --reason TEXT"));
		if ((rc = need_text("--reason", o->reason)) != WMSJ_OK)
			return rc;
	} else {
		if (o->date == NULL && o->title == NULL && o->points == NULL)
			return cli_usage_error(_("activity correct needs at least one of --date, --title, --points"));
		if (o->title != NULL && (rc = need_text("--title", o->title)) != WMSJ_OK)
			return rc;
		if (o->points != NULL && (wmsj_points_parse(o->points, &a.points) != 0 || a.points < 0))
			return cli_usage_error(_("--points needs a whole number, not '%s'"), o->points);
		if (o->date != NULL && wmsj_date_parse(o->date, NULL, NULL, NULL) != 0)
			return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), o->date);
		if (o->date != NULL && fig_date_check(o->date, &err) != WMSJ_OK)
			return cli_report(&err);
		a.date = o->date;
		a.title = o->title;
		a.points_text = o->points;
	}
	a.reason = o->reason;
	if ((rc = open_store(&s, o, 1)) == WMSJ_OK) {
		memset(&t, 0, sizeof t);
		wmsj_errlist_init(&bad);
		rc = bank_activity_change(&s, &a, cancel, &t, &row, &bad);
		rc = activity_commit(o, &s, rc, &t, row, &bad);
	}
	store_close(&s);
	return rc;
}

static int
activity_list(struct opts *o)
{
	struct store s;
	struct table t;
	struct wmsj_err err;
	struct out out;
	int rc;

	if (o->month != NULL && wmsj_month_parse(o->month, NULL, NULL) != 0)
		return cli_usage_error(_("--month needs YYYY-MM, not '%s'"), o->month);
	if ((rc = open_store(&s, o, 0)) != WMSJ_OK)
		goto out;
	if (table_load(&t, o->c.data, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		table_release(&t);
		goto out;
	}
	out_init(&out, o->c.fmt, o->c.bom, act_out_cols, NACT_OUT);
	for (size_t i = 0; i < t.n; i++) {
		if (o->station != NULL && strcmp(t.rows[i][AC_STATION], o->station) != 0)
			continue;
		if (o->month != NULL && strncmp(t.rows[i][AC_DATE], o->month, 7) != 0)
			continue;
		print_activities(&out, &t, &s.cfg, i);
	}
	rc = cli_out_finish(&out);
	table_release(&t);
out:
	store_close(&s);
	return rc;
}

static int
activity_add(struct opts *o)
{
	struct store s;
	struct table t;
	struct wmsj_err err;
	struct wmsj_errlist bad;
	struct bank_activity a;
	size_t row = 0;
	int rc;

	if (o->station == NULL || o->date == NULL || o->platform == NULL || o->title == NULL ||
	    o->points == NULL)
		return cli_usage_error(_("activity add needs --station, --date, --platform, --title and --points"));
	if ((rc = need_text("--title", o->title)) != WMSJ_OK)
		return rc;
	memset(&a, 0, sizeof a);
	if ((a.platform = activity_platform(o->platform)) == NULL)
		return cli_usage_error(_("unknown platform '%s' (理论宣讲, 教育体育, 文化文艺, 科技与科普, 卫生健康)"),
				       o->platform);
	if (wmsj_points_parse(o->points, &a.points) != 0 || a.points < 0)
		return cli_usage_error(_("--points needs a whole number, not '%s'"), o->points);
	if (o->hours != NULL && (wmsj_hours_parse(o->hours, &a.hours) != 0 || a.hours < 0))
		return cli_usage_error(_("--hours needs a number of hours (at most 2 decimals), not '%s'"),
				       o->hours);
	if (wmsj_date_parse(o->date, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), o->date);
	if (fig_date_check(o->date, &err) != WMSJ_OK)
		return cli_report(&err);
	{
		const char *txt[] = {o->place, o->target, o->content, o->organizer, o->responsible};
		for (int i = 0; i < 5; i++)
			if (txt[i] != NULL && wmsj_text_check(txt[i], LEDGER_TEXT_MAX, &err) != WMSJ_OK)
				return cli_usage_error("%s", err.msg);
	}
	a.station = o->station; a.date = o->date; a.title = o->title;
	a.points_text = o->points; a.hours_text = o->hours;
	a.place = o->place; a.target = o->target; a.content = o->content;
	a.organizer = o->organizer; a.responsible = o->responsible;
	if ((rc = open_store(&s, o, 1)) == WMSJ_OK) {
		wmsj_errlist_init(&bad);
		rc = bank_activity_add(&s, &a, &t, &row, &bad);
		rc = activity_commit(o, &s, rc, &t, row, &bad);
	}
	store_close(&s);
	return rc;
}

int
cmd_activity(struct opts *o)
{
	if (o->nargs >= 1 && strcmp(o->args[0], "cancel") == 0)
		return activity_change(o, 1);
	if (o->nargs >= 1 && strcmp(o->args[0], "correct") == 0)
		return activity_change(o, 0);
	if (o->nargs >= 1 && strcmp(o->args[0], "list") == 0)
		return activity_list(o);
	if (o->nargs >= 1 && strcmp(o->args[0], "add") == 0)
		return activity_add(o);
	return cli_usage_error(_("activity needs 'add', 'list', 'cancel' or 'correct'"));
}
