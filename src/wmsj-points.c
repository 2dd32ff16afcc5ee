/* wmsj-points: publish activities, certify, redeem, clear, reverse and seal.
 * Options, rules and dispatch; the ledger itself is lib/ledger.c. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apps.h"
#include "cardno.h"
#include "cli.h"
#include "config.h"
#include "csvin.h"
#include "figures.h"
#include "fsio.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "mask.h"
#include "out.h"
#include "rules.h"
#include "seal.h"
#include "serials.h"
#include "table.h"
#include "util.h"
#include "activity.h"
#include "validate.h"
#include "views.h"
#include "volunteer.h"

/* Why KEY found no volunteer: a card number of the new form with a wrong
 * check digit is a typo (cardno.h), anything else is unknown. */
static void
warn_unknown(const char *key)
{
	struct wmsj_err err;

	if (cardno_typed(key, &err) != WMSJ_OK)
		cli_report(&err);
	else
		cli_warn(_("unknown volunteer '%s'"), key);
}

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_("usage: wmsj-points [-d DIR] COMMAND [OPTIONS]\n");
static const char usage_cmds[] =
	"  activity add --station CODE --date D --platform P --title T --points N\n"
	"               [--hours H] [--place X] [--target X] [--content X]\n"
	"               [--organizer X] [--responsible X]\n"
	"  activity list [--station CODE] [--month YYYY-MM]\n"
	"  activity cancel ACT --reason R\n"
	"  activity correct ACT [--date D] [--title T] [--points N]\n"
	"  award --activity ACT --certifier NAME --supervisor NAME [--points N]\n"
	"        [--hours H] KEY...|-\n"
	"  apply --activity ACT KEY\n"
	"  pending\n"
	"  approve APP... --certifier NAME --supervisor NAME\n"
	"  reject APP --reason R\n"
	"  stock [--item CODE --qty N --donor NAME [--station CODE] [--date D]]\n"
	"  redeem --card CARD_NO --item CODE [--qty N] --clerk NAME [--date D]\n"
	"  exchange --clerk NAME [--item CODE] [--qty N] [--date D] < scans\n"
	"  clear KEY --reason A|B|C --note TEXT --approver NAME [--date D]\n"
	"  reverse TXN --reason R --approver NAME [--date D]\n"
	"  balance [KEY...] [--station CODE] [--as-of D]\n"
	"  history KEY\n"
	"  export [--from D] [--to D] [--quarter YYYYQn] [--month YYYY-MM]\n"
	"         [--station CODE]\n"
	"  close --month YYYY-MM --clerk NAME\n";
static const char *const usage_tail = N_(
	"common options: -d DIR, --data DIR; --format table|csv|xlsx; --bom;\n"
	"  --header en|zh; --wide; --wait SECONDS; --encoding auto|utf-8|gb18030;\n"
	"  -h, --help; --version\n"
	"platforms: 理论宣讲 (theory), 教育体育 (education), 文化文艺 (culture),\n"
	"  科技与科普 (science), 卫生健康 (health)\n"
	"clearing reasons: A illegal or disciplinary behaviour, or a penalty at\n"
	"  county level or above; B immoral behaviour exposed on the\n"
	"  uncivil-behaviour board; C other circumstances that make further\n"
	"  participation unsuitable.\n");

enum {
	O_STATION = OPT_COMMON_LAST + 1, O_DATE, O_PLATFORM, O_TITLE, O_POINTS, O_HOURS, O_PLACE,
	O_TARGET, O_CONTENT, O_ORGANIZER, O_RESPONSIBLE, O_MONTH, O_ACTIVITY, O_CERTIFIER,
	O_SUPERVISOR, O_REASON, O_ITEM, O_QTY, O_DONOR, O_CARD, O_CLERK, O_NOTE, O_APPROVER,
	O_ASOF, O_FROM, O_TO, O_QUARTER
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"station", 1, 0, O_STATION}, {"date", 1, 0, O_DATE}, {"platform", 1, 0, O_PLATFORM},
	{"title", 1, 0, O_TITLE}, {"points", 1, 0, O_POINTS}, {"hours", 1, 0, O_HOURS},
	{"place", 1, 0, O_PLACE}, {"target", 1, 0, O_TARGET}, {"content", 1, 0, O_CONTENT},
	{"organizer", 1, 0, O_ORGANIZER}, {"organiser", 1, 0, O_ORGANIZER},
	{"responsible", 1, 0, O_RESPONSIBLE}, {"month", 1, 0, O_MONTH},
	{"activity", 1, 0, O_ACTIVITY}, {"certifier", 1, 0, O_CERTIFIER},
	{"supervisor", 1, 0, O_SUPERVISOR}, {"reason", 1, 0, O_REASON}, {"item", 1, 0, O_ITEM},
	{"qty", 1, 0, O_QTY}, {"donor", 1, 0, O_DONOR}, {"card", 1, 0, O_CARD},
	{"clerk", 1, 0, O_CLERK}, {"note", 1, 0, O_NOTE}, {"approver", 1, 0, O_APPROVER},
	{"as-of", 1, 0, O_ASOF}, {"from", 1, 0, O_FROM}, {"to", 1, 0, O_TO},
	{"quarter", 1, 0, O_QUARTER},
	{0, 0, 0, 0}
};

struct opts {
	struct cli_common c;
	const char *station, *date, *platform, *title, *points, *hours, *place, *target, *content;
	const char *organizer, *responsible, *month, *activity, *certifier, *supervisor, *reason;
	const char *item, *qty, *donor, *card, *clerk, *note, *approver, *asof, *from, *to, *quarter;
	char **args;
	size_t nargs;
};

/* Everything a writing command needs, opened in this order. */
struct session {
	struct wmsj_config cfg;
	struct vregister reg;
	struct wmsj_lock lock;
	struct ledger_writer *w;
	int have_cfg, have_reg;
};

static int
session_open(struct session *s, const struct opts *o, int write)
{
	struct wmsj_err err;

	memset(s, 0, sizeof *s);
	s->lock.fd = -1;
	if (config_load(&s->cfg, o->c.data, &err) != WMSJ_OK) {
		config_release(&s->cfg);
		return cli_report(&err);
	}
	s->have_cfg = 1;
	if (write) {
		if (fsio_lock(&s->lock, o->c.data, o->c.wait, &err) != WMSJ_OK)
			return cli_report(&err);
		if (ledger_writer_open(&s->w, o->c.data, &err) != WMSJ_OK) {
			s->w = NULL;
			return cli_report(&err);
		}
		/* A register's file that is missing is written again from the
		 * history (its view). */
		if (views_restore(o->c.data, &err) != WMSJ_OK)
			return cli_report(&err);
	}
	s->have_reg = 1;
	if (vreg_load(&s->reg, o->c.data, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

static void
session_close(struct session *s)
{
	if (s->w != NULL)
		ledger_writer_release(s->w);
	if (s->have_reg)
		vreg_release(&s->reg);
	if (s->have_cfg)
		config_release(&s->cfg);
	fsio_unlock(&s->lock);
}

static const char *
recorder(const char *given)
{
	const char *e = getenv("WMSJ_CLERK");
	struct passwd *pw;

	if (given != NULL && *given != '\0')
		return given;
	if (e != NULL && *e != '\0')
		return e;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : "unknown";
}

static int
need_text(const char *opt, const char *val)
{
	struct wmsj_err err;

	if (val == NULL || *val == '\0')
		return cli_usage_error(_("%s is required"), opt);
	if (wmsj_text_check(val, LEDGER_TEXT_MAX, &err) != WMSJ_OK)
		return cli_usage_error("%s: %s", opt, err.msg);
	return WMSJ_OK;
}

/* REFUSED when date d falls into a sealed month (sealed: "YYYY-MM" or ""). */
static int
date_unsealed(const char *d, const char *sealed, struct wmsj_err *err)
{
	if (sealed != NULL && sealed[0] != '\0' && strncmp(d, sealed, 7) <= 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("the month of %s is closed (sealed through %s); nothing may be dated into it"),
		    d, sealed);
	return WMSJ_OK;
}

/* The event date: --date or today; real, not in the future, not before the
 * bank's first day, not sealed (sealed NULL: checked later, date_open). */
static int
event_date(const struct opts *o, const char *sealed, const char **date)
{
	const char *d = o->date != NULL ? o->date : wmsj_today();
	struct wmsj_err err;

	if (wmsj_date_parse(d, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), d);
	if (strcmp(d, wmsj_today()) > 0) {
		cli_warn(_("the date %s is in the future"), d);
		return WMSJ_REFUSED;
	}
	if (fig_date_check(d, &err) != WMSJ_OK)
		return cli_report(&err);
	if (date_unsealed(d, sealed, &err) != WMSJ_OK)
		return cli_report(&err);
	*date = d;
	return WMSJ_OK;
}

static int
load_state(struct ledger_state *st, const char *dir, const struct ledger_state_opts *lo)
{
	struct wmsj_err err;
	struct ledger_state_opts none;

	memset(&none, 0, sizeof none);
	ledger_state_init(st);
	if (ledger_state_load(st, dir, lo != NULL ? lo : &none, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* ---- activities ----------------------------------------------------------- */

static const char *
platform_name(const char *p)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(p, activity_platforms[i][0]) == 0 || strcmp(p, activity_platforms[i][1]) == 0)
			return activity_platforms[i][0];
	return NULL;
}

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

/* activity cancel ACT --reason R / activity correct ACT [--date] [--title]
 * [--points]: the rules are activity.h's. */
static int
activity_change(struct opts *o, int cancel)
{
	struct session s;
	struct table t;
	struct wmsj_err err;
	struct out out;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct act_awards aw;
	const char *act, *odate;
	int64_t pts = 0;
	long ai;
	int rc;

	if (o->nargs != 2)
		return cli_usage_error(_("activity %s needs one ACT"), o->args[0]);
	act = o->args[1];
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
		if (o->points != NULL && (wmsj_points_parse(o->points, &pts) != 0 || pts < 0))
			return cli_usage_error(_("--points needs a whole number, not '%s'"), o->points);
		if (o->date != NULL && wmsj_date_parse(o->date, NULL, NULL, NULL) != 0)
			return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), o->date);
		if (o->date != NULL && fig_date_check(o->date, &err) != WMSJ_OK)
			return cli_report(&err);
	}
	if ((rc = session_open(&s, o, 1)) != WMSJ_OK) {
		session_close(&s);
		return rc;
	}
	if (table_load(&t, o->c.data, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out_t;
	}
	if ((ai = table_find(&t, AC_ID, act)) < 0) {
		cli_warn(_("no activity '%s' (see 'wmsj-points activity list')"), act);
		rc = WMSJ_REFUSED;
		goto out_t;
	}
	odate = t.rows[ai][AC_DATE];
	if (activity_cancelled(&t, (size_t)ai)) {
		cli_warn(_("activity '%s' is already cancelled"), act);
		rc = WMSJ_REFUSED;
		goto out_t;
	}
	act_awards_init(&aw, act);
	memset(&lo, 0, sizeof lo);
	lo.cb = act_awards_cb;
	lo.cb_arg = &aw;
	lo.cb_from = odate;
	if ((rc = load_state(&st, o->c.data, &lo)) != WMSJ_OK)
		goto out_aw;
	rc = WMSJ_REFUSED;
	if (st.sealed[0] != '\0' && strncmp(odate, st.sealed, 7) <= 0)
		cli_warn(_("activity '%s' is dated %s, in a closed month (sealed through %s)"), act, odate,
			 st.sealed);
	else if (o->date != NULL && !cancel && st.sealed[0] != '\0' &&
		 strncmp(o->date, st.sealed, 7) <= 0)
		cli_warn(_("the month of %s is closed (sealed through %s); nothing may be dated into it"),
			 o->date, st.sealed);
	else if (act_awards_live(&aw, act) > 0)
		cli_warn(_("activity '%s' has awards standing: %s; reverse them first (wmsj-points reverse TXN)"),
			 act, act_awards_txns(&aw));
	else if (!cancel && o->date != NULL && strcmp(o->date, odate) != 0 &&
		 act_awards_ever(&aw, act) > 0)
		cli_warn(_("activity '%s' has had awards; its date cannot change (cancel it and publish a new one)"),
			 act);
	else if (!cancel && pts > s.cfg.rules.max_points)
		cli_warn(_("%" PRId64 " points is over the cap of %ld (rules.max_points)"), pts,
			 s.cfg.rules.max_points);
	else if (!cancel &&
		 activity_check(&t, ai, t.rows[ai][AC_STATION], o->date ? o->date : odate,
				o->title ? o->title : t.rows[ai][AC_TITLE], wmsj_today(),
				o->date != NULL ? s.cfg.rules.activity_horizon_days : LONG_MAX,
				&err) != WMSJ_OK)
		cli_report(&err);
	else
		rc = WMSJ_OK;
	ledger_state_release(&st);
	if (rc != WMSJ_OK)
		goto out_aw;
	if (cancel) {
		activity_cancel(&t, (size_t)ai, o->reason);
	} else {
		char ptxt[32];
		const char *now = wmsj_now();

		if (o->date != NULL)
			activity_correct(&t, (size_t)ai, AC_DATE, o->date, now);
		if (o->title != NULL)
			activity_correct(&t, (size_t)ai, AC_TITLE, o->title, now);
		if (o->points != NULL) {
			snprintf(ptxt, sizeof ptxt, "%" PRId64, pts);
			activity_correct(&t, (size_t)ai, AC_POINTS, ptxt, now);
		}
	}
	t.action = cancel ? "cancel" : "correct";
	if (table_save(&t, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out_aw;
	}
	out_init(&out, o->c.fmt, o->c.bom, act_out_cols, NACT_OUT);
	print_activities(&out, &t, &s.cfg, (size_t)ai);
	rc = cli_out_finish(&out);
out_aw:
	act_awards_release(&aw);
out_t:
	table_release(&t);
	session_close(&s);
	return rc;
}

static int
cmd_activity(struct opts *o)
{
	struct session s;
	struct table t;
	struct wmsj_err err;
	struct out out;
	int rc;

	if (o->nargs >= 1 && strcmp(o->args[0], "cancel") == 0)
		return activity_change(o, 1);
	if (o->nargs >= 1 && strcmp(o->args[0], "correct") == 0)
		return activity_change(o, 0);
	if (o->nargs < 1 || (strcmp(o->args[0], "add") != 0 && strcmp(o->args[0], "list") != 0))
		return cli_usage_error(_("activity needs 'add', 'list', 'cancel' or 'correct'"));
	if (strcmp(o->args[0], "list") == 0) {
		if (o->month != NULL && wmsj_month_parse(o->month, NULL, NULL) != 0)
			return cli_usage_error(_("--month needs YYYY-MM, not '%s'"), o->month);
		if ((rc = session_open(&s, o, 0)) != WMSJ_OK)
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
		goto out;
	}
	/* add */
	{
		int64_t pts, hrs = 0;
		const char *plat, *date;
		char id[64], ptxt[32], htxt[32];
		struct ledger_state st;
		unsigned long max = 0;
		size_t row;

		if (o->station == NULL || o->date == NULL || o->platform == NULL || o->title == NULL ||
		    o->points == NULL)
			return cli_usage_error(_("activity add needs --station, --date, --platform, --title and --points"));
		if ((rc = need_text("--title", o->title)) != WMSJ_OK)
			return rc;
		if ((plat = platform_name(o->platform)) == NULL)
			return cli_usage_error(_("unknown platform '%s' (理论宣讲, 教育体育, 文化文艺, 科技与科普, 卫生健康)"),
					       o->platform);
		if (wmsj_points_parse(o->points, &pts) != 0 || pts < 0)
			return cli_usage_error(_("--points needs a whole number, not '%s'"), o->points);
		if (o->hours != NULL && (wmsj_hours_parse(o->hours, &hrs) != 0 || hrs < 0))
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
		if ((rc = session_open(&s, o, 1)) != WMSJ_OK)
			goto out;
		if (config_station(&s.cfg, o->station) == NULL) {
			cli_warn(_("unknown station '%s'"), o->station);
			rc = WMSJ_REFUSED;
			goto out;
		}
		if (pts > s.cfg.rules.max_points) {
			cli_warn(_("%" PRId64 " points is over the cap of %ld (rules.max_points)"), pts,
				 s.cfg.rules.max_points);
			rc = WMSJ_REFUSED;
			goto out;
		}
		if (hrs > s.cfg.rules.max_hours) {
			wmsj_hours_format(s.cfg.rules.max_hours, htxt);
			cli_warn(_("%s hours is over the cap of %s (rules.max_hours)"), o->hours, htxt);
			rc = WMSJ_REFUSED;
			goto out;
		}
		if ((rc = load_state(&st, o->c.data, NULL)) != WMSJ_OK)
			goto out;
		if (s.w != NULL && st.sealed[0] != '\0' && strncmp(o->date, st.sealed, 7) <= 0) {
			cli_warn(_("the month of %s is closed (sealed through %s); nothing may be dated into it"),
				 o->date, st.sealed);
			ledger_state_release(&st);
			rc = WMSJ_REFUSED;
			goto out;
		}
		ledger_state_release(&st);
		if (table_load(&t, o->c.data, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK) {
			rc = cli_report(&err);
			table_release(&t);
			goto out;
		}
		if (activity_check(&t, -1, o->station, o->date, o->title, wmsj_today(),
				   s.cfg.rules.activity_horizon_days, &err) != WMSJ_OK) {
			rc = cli_report(&err);
			table_release(&t);
			goto out;
		}
		{
			/* Above the menu's ids and the ledger's: a menu that lost
			 * rows must not reuse an id that has awards. */
			struct ledger_serials seen;

			if (ledger_serials_load(&seen, o->c.data, &err) != WMSJ_OK) {
				rc = cli_report(&err);
				table_release(&t);
				goto out;
			}
			max = ledger_serials_max(&seen.act, o->station);
			ledger_serials_release(&seen);
		}
		for (size_t i = 0; i < t.n; i++) {
			const char *a = t.rows[i][AC_ID], *dash = strrchr(a, '-');
			if (a[0] == 'A' && dash != NULL && strncmp(a + 1, o->station, strlen(o->station)) == 0) {
				unsigned long v = strtoul(dash + 1, NULL, 10);
				if (v > max)
					max = v;
			}
		}
		snprintf(id, sizeof id, "A%s-%04lu", o->station, max + 1);
		snprintf(ptxt, sizeof ptxt, "%" PRId64, pts);
		wmsj_hours_format(hrs, htxt);
		date = o->date;
		{
			const char *vals[] = {id, o->station, date, plat, o->title, ptxt, htxt, o->place,
					      o->target, o->content, o->organizer, o->responsible,
					      wmsj_now(), NULL, NULL, NULL};
			row = table_add(&t, vals);
		}
		t.action = "publish";
		if (table_save(&t, &err) != WMSJ_OK) {
			rc = cli_report(&err);
			table_release(&t);
			goto out;
		}
		out_init(&out, o->c.fmt, o->c.bom, act_out_cols, NACT_OUT);
		print_activities(&out, &t, &s.cfg, row);
		rc = cli_out_finish(&out);
		table_release(&t);
	}
out:
	session_close(&s);
	return rc;
}

/* ---- awards --------------------------------------------------------------- */

/* Award rows already in the ledger for one activity, net of reversals. */
struct awarded {
	const char *activity;
	int32_t date;           /* the activity's date, YYYYMMDD */
	struct strmap by_txn;   /* award txn -> index in vols */
	struct strmap vols;     /* volunteer -> count of live awards */
	struct strmap clears;   /* clear txn dated after the activity -> index in clr */
	struct awarded_clear {
		char *volunteer;
		int32_t date;
		int reversed;
	} *clr;                 /* those clearings */
	size_t nclr, cclr;
};

/* The latest date of a clearing of vol dated after the activity and not
 * reversed, 0 if none. */
static int32_t
awarded_cleared(const struct awarded *a, const char *vol)
{
	int32_t d = 0;

	for (size_t i = 0; i < a->nclr; i++)
		if (!a->clr[i].reversed && a->clr[i].date > d && strcmp(a->clr[i].volunteer, vol) == 0)
			d = a->clr[i].date;
	return d;
}

static int
awarded_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct awarded *a = arg;
	size_t n;
	const char *vol = row->volunteer;

	if (row->kind == LK_AWARD && strcmp(row->activity, a->activity) == 0) {
		strmap_put(&a->by_txn, row->txn, strlen(row->txn), 1);
		n = 0;
		strmap_get(&a->vols, vol, strlen(vol), &n);
		strmap_put(&a->vols, vol, strlen(vol), n + 1);
	} else if (row->kind == LK_REVERSE && row->reverses == LK_AWARD &&
		   strmap_get(&a->by_txn, row->ref, strlen(row->ref), NULL)) {
		n = 0;
		strmap_get(&a->vols, vol, strlen(vol), &n);
		if (n > 0)
			strmap_put(&a->vols, vol, strlen(vol), n - 1);
	} else if (row->kind == LK_CLEAR && fig_date_num(row->date) > a->date) {
		/* A clearing is the volunteer's latest row: nothing is dated before it. */
		a->clr = xgrow(a->clr, &a->cclr, a->nclr + 1, sizeof *a->clr);
		a->clr[a->nclr].volunteer = xstrdup(vol);
		a->clr[a->nclr].date = fig_date_num(row->date);
		a->clr[a->nclr].reversed = 0;
		strmap_put(&a->clears, row->txn, strlen(row->txn), a->nclr++);
	} else if (row->kind == LK_REVERSE && row->reverses == LK_CLEAR &&
		   strmap_get(&a->clears, row->ref, strlen(row->ref), &n)) {
		a->clr[n].reversed = 1;
	}
	return WMSJ_OK;
}

struct award_req {
	const char *key;        /* as given */
	const char *ref;        /* application id or NULL */
	const char *where;      /* "<stdin>:LINE" or NULL */
};

static const char *const txn_cols[] = {
	"txn", "date", "kind", "volunteer", "name", "station", "points", "hours", "item", "qty",
	"activity", "ref", "note"
};

static void
print_entry(struct out *o, const char *txn, const struct ledger_entry *e, const char *name)
{
	char p[32], h[32], q[32];
	const char *v[13];

	snprintf(p, sizeof p, "%" PRId64, e->points);
	wmsj_hours_format(e->hours, h);
	snprintf(q, sizeof q, "%" PRId64, e->qty);
	v[0] = txn; v[1] = e->date; v[2] = ledger_kind_name(e->kind);
	v[3] = e->volunteer ? e->volunteer : ""; v[4] = name ? name : "";
	v[5] = e->station ? e->station : ""; v[6] = p; v[7] = h;
	v[8] = e->item ? e->item : ""; v[9] = e->qty ? q : "";
	v[10] = e->activity ? e->activity : ""; v[11] = e->ref ? e->ref : "";
	v[12] = e->note ? e->note : "";
	out_row(o, v);
}

/* Check and record awards for one activity.  Every refusal is collected in
 * bad; nothing is added to the writer unless all pass (caller commits). */
static int
award_core(struct session *s, const struct opts *o, const char *act, const struct award_req *reqs,
	   size_t nreq, struct wmsj_errlist *bad, struct out *out, const char **vols_out)
{
	struct table t;
	struct wmsj_err err;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct awarded aw;
	struct strmap batch;
	long ai;
	int64_t pts, hrs;
	int rc = WMSJ_OK;
	const char **ids;

	if (table_load(&t, o->c.data, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK) {
		table_release(&t);
		return cli_report(&err);
	}
	if ((ai = table_find(&t, AC_ID, act)) < 0) {
		cli_warn(_("no activity '%s' (see 'wmsj-points activity list')"), act);
		table_release(&t);
		return WMSJ_REFUSED;
	}
	if (activity_cancelled(&t, (size_t)ai)) {
		cli_warn(_("activity '%s' was cancelled (%s); nothing can be awarded for it"), act,
			 t.rows[ai][AC_REASON]);
		table_release(&t);
		return WMSJ_REFUSED;
	}
	const char *date = t.rows[ai][AC_DATE];
	wmsj_points_parse(t.rows[ai][AC_POINTS], &pts);
	if (wmsj_hours_parse(t.rows[ai][AC_HOURS], &hrs) != 0)
		hrs = 0;
	if (o->points != NULL && (wmsj_points_parse(o->points, &pts) != 0 || pts < 0)) {
		table_release(&t);
		return cli_usage_error(_("--points needs a whole number, not '%s'"), o->points);
	}
	if (o->hours != NULL && (wmsj_hours_parse(o->hours, &hrs) != 0 || hrs < 0)) {
		table_release(&t);
		return cli_usage_error(_("--hours needs a number of hours (at most 2 decimals), not '%s'"),
				       o->hours);
	}
	if (pts > s->cfg.rules.max_points) {
		cli_warn(_("%" PRId64 " points is over the cap of %ld (rules.max_points)"), pts,
			 s->cfg.rules.max_points);
		table_release(&t);
		return WMSJ_REFUSED;
	}
	if (hrs > s->cfg.rules.max_hours) {
		char cap[32], h[32];
		wmsj_hours_format(s->cfg.rules.max_hours, cap);
		wmsj_hours_format(hrs, h);
		cli_warn(_("%s hours is over the cap of %s (rules.max_hours)"), h, cap);
		table_release(&t);
		return WMSJ_REFUSED;
	}
	if (strcmp(date, wmsj_today()) > 0) {
		cli_warn(_("activity '%s' is dated %s, in the future; award after it has taken place"), act, date);
		table_release(&t);
		return WMSJ_REFUSED;
	}
	if (fig_date_check(date, &err) != WMSJ_OK) {
		table_release(&t);
		return cli_report(&err);
	}
	memset(&aw, 0, sizeof aw);
	aw.activity = act;
	aw.date = fig_date_num(date);
	memset(&lo, 0, sizeof lo);
	lo.cb = awarded_cb;
	lo.cb_arg = &aw;
	lo.cb_from = date;
	if ((rc = load_state(&st, o->c.data, &lo)) != WMSJ_OK)
		goto out;
	if (st.sealed[0] != '\0' && strncmp(date, st.sealed, 7) <= 0) {
		cli_warn(_("activity '%s' is dated %s, in a closed month (sealed through %s)"), act, date,
			 st.sealed);
		rc = WMSJ_REFUSED;
		goto out_st;
	}
	strmap_init(&batch);
	ids = xcalloc(nreq + 1, sizeof *ids);
	for (size_t i = 0; i < nreq; i++) {
		const struct volunteer *v = vreg_find(&s->reg, reqs[i].key);
		const struct account *a;
		struct rules_clearing cl;
		struct rules_verdict rv;
		char where[128], cday[11];
		size_t cnt = 0;

		if (reqs[i].where != NULL)
			snprintf(where, sizeof where, "%s: ", reqs[i].where);
		else
			where[0] = '\0';
		if (v == NULL) {
			const struct volunteer *old = vreg_find_oldcard(&s->reg, reqs[i].key);
			struct wmsj_err typo;

			if (old != NULL)
				wmsj_errlist_add(bad, WMSJ_REFUSED,
				    _("%svolunteer '%s': card '%s' was reissued; use the current card"),
				    where, old->id, reqs[i].key);
			else if (cardno_typed(reqs[i].key, &typo) != WMSJ_OK)
				wmsj_errlist_add(bad, WMSJ_REFUSED, "%s%s", where, typo.msg);
			else
				wmsj_errlist_add(bad, WMSJ_REFUSED, _("%sunknown volunteer '%s'"), where,
						 reqs[i].key);
			continue;
		}
		/* rules.h: status, then the clearing (its year, and one dated
		 * after the activity) */
		a = ledger_state_account(&st, v->id);
		cl.year = a != NULL ? a->cleared_year : 0;
		cl.date = NULL;
		if (awarded_cleared(&aw, v->id) != 0) {
			fig_date_str(awarded_cleared(&aw, v->id), cday);
			cl.date = cday;
		}
		if (rules_may(RULES_EARN, vstatus_parse(v->status), &cl, date, &rv) != RW_OK) {
			rules_explain(&rv, RULES_EARN, v->id, &err);
			wmsj_errlist_add(bad, WMSJ_REFUSED, "%s%s", where, err.msg);
			continue;
		}
		if ((strmap_get(&aw.vols, v->id, strlen(v->id), &cnt) && cnt > 0)) {
			wmsj_errlist_add(bad, WMSJ_REFUSED, _("%svolunteer '%s' already has an award for activity '%s'"),
					 where, v->id, act);
			continue;
		}
		if (strmap_get(&batch, v->id, strlen(v->id), NULL)) {
			wmsj_errlist_add(bad, WMSJ_REFUSED, _("%svolunteer '%s' appears twice in this batch"),
					 where, v->id);
			continue;
		}
		strmap_put(&batch, v->id, strlen(v->id), i);
		if (strcmp(o->certifier, v->name) == 0) {
			wmsj_errlist_add(bad, WMSJ_REFUSED,
			    _("%svolunteer '%s': the certifier may not certify their own points"), where, v->id);
			continue;
		}
		ids[i] = v->id;
	}
	if (bad->n == 0) {
		for (size_t i = 0; i < nreq; i++) {
			const struct volunteer *v = vreg_find(&s->reg, ids[i]);
			struct ledger_entry e;
			char txn[LEDGER_TXN_MAX];

			memset(&e, 0, sizeof e);
			e.kind = LK_AWARD;
			e.reverses = LK_NONE;
			e.date = date;
			e.volunteer = v->id;
			e.station = v->station;
			e.points = pts;
			e.hours = hrs;
			e.activity = act;
			e.ref = reqs[i].ref;
			e.recorder = o->certifier;
			e.certifier = o->certifier;
			e.supervisor = o->supervisor;
			if (ledger_writer_add(s->w, &e, txn, &err) != WMSJ_OK) {
				wmsj_errlist_add(bad, err.status, "%s", err.msg);
				break;
			}
			if (vols_out != NULL)
				vols_out[i] = v->id;
			print_entry(out, txn, &e, v->name);
		}
	}
	free(ids);
	strmap_release(&batch);
	rc = bad->status;
out_st:
	ledger_state_release(&st);
out:
	strmap_release(&aw.by_txn);
	strmap_release(&aw.vols);
	strmap_release(&aw.clears);
	for (size_t i = 0; i < aw.nclr; i++)
		free(aw.clr[i].volunteer);
	free(aw.clr);
	table_release(&t);
	return rc;
}

/* Keys from the command line, or a CSV on stdin with an id or card_no column. */
static int
collect_keys(const struct opts *o, struct csv_table *t, struct award_req **reqs, size_t *n,
	     char (**where)[64])
{
	struct wmsj_err err;

	memset(t, 0, sizeof *t);
	*where = NULL;
	if (o->nargs == 1 && strcmp(o->args[0], "-") == 0) {
		int col;

		if (csv_table_read(t, "-", o->c.enc, NULL, NULL, &err) != WMSJ_OK)
			return cli_report(&err);
		col = csv_table_col(t, "id");
		if (col < 0)
			col = csv_table_col(t, "card_no");
		if (col < 0) {
			cli_warn(_("<stdin>:1: needs an 'id' or a 'card_no' column"));
			return WMSJ_BADDATA;
		}
		*reqs = xcalloc(t->nrows + 1, sizeof **reqs);
		*where = xcalloc(t->nrows + 1, sizeof **where);
		for (size_t i = 0; i < t->nrows; i++) {
			(*reqs)[i].key = csv_get(&t->rows[i], col);
			snprintf((*where)[i], 64, "<stdin>:%zu", t->rows[i].line);
			(*reqs)[i].where = (*where)[i];
		}
		*n = t->nrows;
		return WMSJ_OK;
	}
	*reqs = xcalloc(o->nargs + 1, sizeof **reqs);
	for (size_t i = 0; i < o->nargs; i++)
		(*reqs)[i].key = o->args[i];
	*n = o->nargs;
	return WMSJ_OK;
}

static int
commit(struct session *s)
{
	struct wmsj_err err;

	if (ledger_writer_commit(s->w, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

static int
cmd_award(struct opts *o)
{
	struct session s;
	struct csv_table t;
	struct award_req *reqs = NULL;
	char (*where)[64] = NULL;
	size_t n = 0;
	struct wmsj_errlist bad;
	struct out out;
	int rc;

	if (o->activity == NULL)
		return cli_usage_error(_("award needs --activity ACT"));
	if ((rc = need_text("--certifier", o->certifier)) != WMSJ_OK ||
	    (rc = need_text("--supervisor", o->supervisor)) != WMSJ_OK)
		return rc;
	if (o->nargs == 0)
		return cli_usage_error(_("award needs volunteers: ids, card numbers, or - for a CSV on standard input"));
	memset(&t, 0, sizeof t); /* released at out: also when the session fails */
	if ((rc = session_open(&s, o, 1)) != WMSJ_OK)
		goto out;
	if ((rc = collect_keys(o, &t, &reqs, &n, &where)) != WMSJ_OK)
		goto out;
	wmsj_errlist_init(&bad);
	out_init(&out, o->c.fmt, o->c.bom, txn_cols, 13);
	rc = award_core(&s, o, o->activity, reqs, n, &bad, &out, NULL);
	if (bad.n > 0) {
		cli_report_list(&bad);
		cli_warn(_("%zu of %zu refused; nothing recorded"), bad.n, n);
		rc = bad.status;
	}
	if (rc == WMSJ_OK)
		rc = commit(&s);
	if (rc == WMSJ_OK)
		rc = cli_out_finish(&out);
	else
		out_release(&out);
	wmsj_errlist_release(&bad);
out:
	csv_table_release(&t);
	free(reqs);
	free(where);
	session_close(&s);
	return rc;
}

/* ---- applications ---------------------------------------------------------- */

static const char *const app_out_cols[] = {
	"id", "activity", "title", "date", "volunteer", "name", "status", "reason", "created", "txn"
};

static void
print_app(struct out *o, const struct table *apps, size_t i, const struct table *acts,
	  const struct vregister *reg)
{
	long ai = table_find(acts, AC_ID, apps->rows[i][AP_ACTIVITY]);
	const struct volunteer *v = vreg_find(reg, apps->rows[i][AP_VOLUNTEER]);
	const char *vals[10] = {
		apps->rows[i][AP_ID], apps->rows[i][AP_ACTIVITY], ai >= 0 ? acts->rows[ai][AC_TITLE] : "",
		ai >= 0 ? acts->rows[ai][AC_DATE] : "", apps->rows[i][AP_VOLUNTEER],
		v != NULL ? v->name : "", apps->rows[i][AP_STATUS], apps->rows[i][AP_REASON],
		apps->rows[i][AP_CREATED], apps->rows[i][AP_TXN]
	};
	out_row(o, vals);
}

/* May v earn on the activity's date (rules.h)?  Printed when not. */
static int
apply_may(const struct opts *o, const struct volunteer *v, const char *date)
{
	struct ledger_state st;
	struct fig_dated vd;
	struct rules_clearing cl;
	struct rules_verdict rv;
	struct wmsj_err err;
	const struct account *a;
	int rc;

	ledger_state_init(&st);
	if (fig_load_dated(&st, o->c.data, date, v->id, NULL, &vd, NULL, &err) != WMSJ_OK) {
		ledger_state_release(&st);
		return cli_report(&err);
	}
	a = ledger_state_account(&st, v->id);
	cl.year = a != NULL ? a->cleared_year : 0;
	cl.date = vd.cleared;
	rc = WMSJ_OK;
	if (rules_may(RULES_EARN, vstatus_parse(v->status), &cl, date, &rv) != RW_OK) {
		rules_explain(&rv, RULES_EARN, v->id, &err);
		rc = cli_report(&err);
	}
	ledger_state_release(&st);
	return rc;
}

static int
cmd_apps(struct opts *o, const char *cmd)
{
	struct session s;
	struct table apps, acts;
	struct wmsj_err err;
	struct out out;
	int write = strcmp(cmd, "pending") != 0, rc;

	memset(&apps, 0, sizeof apps);
	memset(&acts, 0, sizeof acts);
	memset(&out, 0, sizeof out);
	if (strcmp(cmd, "apply") == 0 && (o->activity == NULL || o->nargs != 1))
		return cli_usage_error(_("apply needs --activity ACT and one KEY"));
	if (strcmp(cmd, "approve") == 0) {
		if ((rc = need_text("--certifier", o->certifier)) != WMSJ_OK ||
		    (rc = need_text("--supervisor", o->supervisor)) != WMSJ_OK)
			return rc;
		if (o->nargs == 0)
			return cli_usage_error(_("approve needs application ids"));
	}
	if (strcmp(cmd, "reject") == 0) {
		if (o->nargs != 1)
			return cli_usage_error(_("reject needs one application id"));
		if ((rc = need_text("--reason", o->reason)) != WMSJ_OK)
			return rc;
	}
	if ((rc = session_open(&s, o, write)) != WMSJ_OK)
		goto out;
	/* The status of an application is what the ledger says (apps.h). */
	if (table_load(&apps, o->c.data, APPLY_FILE, apply_cols, &err) != WMSJ_OK ||
	    table_load(&acts, o->c.data, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK ||
	    apps_from_ledger(&apps, &acts, o->c.data, NULL, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	out_init(&out, o->c.fmt, o->c.bom, app_out_cols, 10);
	if (strcmp(cmd, "pending") == 0) {
		for (size_t i = 0; i < apps.n; i++)
			if (strcmp(apps.rows[i][AP_STATUS], "pending") == 0)
				print_app(&out, &apps, i, &acts, &s.reg);
		rc = cli_out_finish(&out);
	} else if (strcmp(cmd, "apply") == 0) {
		const struct volunteer *v = vreg_find(&s.reg, o->args[0]);
		char id[32];
		size_t r;

		long ai = table_find(&acts, AC_ID, o->activity);

		if (ai < 0) {
			cli_warn(_("no activity '%s' (see 'wmsj-points activity list')"), o->activity);
			rc = WMSJ_REFUSED;
		} else if (activity_cancelled(&acts, (size_t)ai)) {
			cli_warn(_("activity '%s' was cancelled (%s); nothing can be awarded for it"),
				 o->activity, acts.rows[ai][AC_REASON]);
			rc = WMSJ_REFUSED;
		} else if (v == NULL) {
			warn_unknown(o->args[0]);
			rc = WMSJ_REFUSED;
		} else if ((rc = apply_may(o, v, acts.rows[ai][AC_DATE])) != WMSJ_OK) {
			/* refused as an award would be (rules.h) */
		} else {
			for (size_t i = 0; i < apps.n; i++)
				if (strcmp(apps.rows[i][AP_ACTIVITY], o->activity) == 0 &&
				    strcmp(apps.rows[i][AP_VOLUNTEER], v->id) == 0 &&
				    strcmp(apps.rows[i][AP_STATUS], "rejected") != 0) {
					cli_warn(_("volunteer '%s' already applied for activity '%s' (%s)"), v->id,
						 o->activity, apps.rows[i][AP_ID]);
					rc = WMSJ_REFUSED;
				}
		}
		if (rc == WMSJ_OK) {
			const char *vals[8];
			snprintf(id, sizeof id, "P%06zu", apps.n + 1);
			vals[AP_ID] = id; vals[AP_ACTIVITY] = o->activity; vals[AP_VOLUNTEER] = v->id;
			vals[AP_STATUS] = "pending"; vals[AP_REASON] = ""; vals[AP_CREATED] = wmsj_now();
			vals[AP_DECIDED] = ""; vals[AP_TXN] = "";
			r = table_add(&apps, vals);
			apps.action = "apply";
			if (table_save(&apps, &err) != WMSJ_OK)
				rc = cli_report(&err);
			else {
				print_app(&out, &apps, r, &acts, &s.reg);
				rc = cli_out_finish(&out);
			}
		}
	} else if (strcmp(cmd, "reject") == 0) {
		long i = table_find(&apps, AP_ID, o->args[0]);

		if (i < 0 || strcmp(apps.rows[i][AP_STATUS], "pending") != 0) {
			cli_warn(i < 0 ? _("no application '%s'") : _("application '%s' is not pending"),
				 o->args[0]);
			rc = WMSJ_REFUSED;
		} else {
			table_set(&apps, (size_t)i, AP_STATUS, "rejected");
			table_set(&apps, (size_t)i, AP_REASON, o->reason);
			table_set(&apps, (size_t)i, AP_DECIDED, wmsj_now());
			apps.action = "reject";
			if (table_save(&apps, &err) != WMSJ_OK)
				rc = cli_report(&err);
			else {
				print_app(&out, &apps, (size_t)i, &acts, &s.reg);
				rc = cli_out_finish(&out);
			}
		}
	} else { /* approve: all or nothing over every application, one ledger append */
		struct wmsj_errlist bad;
		struct out tout;
		int worst = WMSJ_OK;

		wmsj_errlist_init(&bad);
		out_init(&tout, o->c.fmt, o->c.bom, txn_cols, 13);
		for (size_t k = 0; k < o->nargs; k++) {
			long i = table_find(&apps, AP_ID, o->args[k]);
			if (i < 0)
				wmsj_errlist_add(&bad, WMSJ_REFUSED, _("no application '%s'"), o->args[k]);
			else if (strcmp(apps.rows[i][AP_STATUS], "pending") != 0)
				wmsj_errlist_add(&bad, WMSJ_REFUSED, _("application '%s' is not pending"),
						 o->args[k]);
			for (size_t j = 0; j < k; j++)
				if (strcmp(o->args[j], o->args[k]) == 0)
					wmsj_errlist_add(&bad, WMSJ_REFUSED, _("application '%s' given twice"),
							 o->args[k]);
		}
		/* Every application is checked; a refusal of any (a closed
		 * month, a cap, ...) records none. */
		int ids_ok = bad.n == 0;
		for (size_t k = 0; k < o->nargs && ids_ok && worst <= WMSJ_REFUSED; k++) {
			long i = table_find(&apps, AP_ID, o->args[k]);
			struct award_req req;
			int r;

			req.key = apps.rows[i][AP_VOLUNTEER];
			req.ref = apps.rows[i][AP_ID];
			req.where = NULL;
			r = award_core(&s, o, apps.rows[i][AP_ACTIVITY], &req, 1, &bad, &tout, NULL);
			if (r > worst)
				worst = r;
		}
		if (bad.status > worst)
			worst = bad.status;
		if (worst == WMSJ_REFUSED) {
			cli_report_list(&bad);
			cli_warn(_("nothing approved"));
		}
		rc = worst;
		if (rc == WMSJ_OK)
			rc = commit(&s);   /* the commit point: the awards name their applications */
		if (rc == WMSJ_OK) {
			uint64_t seq = ledger_writer_next_seq(s.w) - o->nargs;
			for (size_t k = 0; k < o->nargs; k++) {
				long i = table_find(&apps, AP_ID, o->args[k]);
				char txn[LEDGER_TXN_MAX];
				ledger_txn_format(seq + k, txn);
				table_set(&apps, (size_t)i, AP_STATUS, "approved");
				table_set(&apps, (size_t)i, AP_DECIDED, wmsj_now());
				table_set(&apps, (size_t)i, AP_TXN, txn);
			}
			/* The register's copy of the status: a view of the ledger. */
			if (table_save_view(&apps, &err) != WMSJ_OK)
				cli_warn(_("the approval is recorded, but '%s' could not be updated (%s); "
					   "the ledger's award row decides the status"), APPLY_FILE, err.msg);
			rc = cli_out_finish(&tout);
		} else {
			out_release(&tout);
		}
		wmsj_errlist_release(&bad);
	}
out:
	out_release(&out);
	table_release(&apps);
	table_release(&acts);
	session_close(&s);
	return rc;
}

/* ---- goods, redemptions, clearing, reversal -------------------------------- */

static const char *const shelf_cols[] = {
	"station", "station_name", "item", "name", "points", "stock"
};

/* One shelf's goods (shelf as fig_shelf: NULL = every shelf together). */
static void
shelf_rows(struct out *out, const struct wmsj_config *cfg, const struct ledger_state *st,
	   const char *code, const char *name, const char *shelf)
{
	for (size_t i = 0; i < cfg->ngoods; i++) {
		char p[32], q[32];
		const char *v[6];

		snprintf(p, sizeof p, "%ld", cfg->goods[i].points);
		snprintf(q, sizeof q, "%" PRId64, ledger_state_shelf_stock(st, shelf,
									  cfg->goods[i].code));
		v[0] = code; v[1] = name; v[2] = cfg->goods[i].code; v[3] = cfg->goods[i].name;
		v[4] = p; v[5] = q;
		out_row(out, v);
	}
}

/* The shelves: with per-station shelves each station's (--station: one),
 * then any other shelf that holds goods (the institute's, from before
 * shelves were per station; a station no longer configured); with
 * exchange: shared the one shared shelf. */
static void
list_shelves(struct out *out, const struct wmsj_config *cfg, const struct ledger_state *st,
	     const char *station)
{
	if (cfg->exchange_shared) {
		shelf_rows(out, cfg, st, "", cfg->exchange_point ? cfg->exchange_point : cfg->institute,
			   NULL);
		return;
	}
	for (size_t i = 0; i < cfg->nstations; i++)
		if (station == NULL || strcmp(cfg->stations[i].code, station) == 0)
			shelf_rows(out, cfg, st, cfg->stations[i].code, cfg->stations[i].name,
				   cfg->stations[i].code);
	for (size_t i = 0; station == NULL && i < st->nitems; i++) {
		const char *sh = st->items[i].station;
		size_t k;

		if (config_station(cfg, sh) != NULL)
			continue;
		for (k = 0; k < i && strcmp(st->items[k].station, sh) != 0; k++)
			;
		if (k < i)
			continue;   /* listed with its first item */
		for (k = i; k < st->nitems; k++)
			if (strcmp(st->items[k].station, sh) == 0 && st->items[k].qty != 0)
				break;
		if (k < st->nitems)
			shelf_rows(out, cfg, st, sh, *sh ? "" : cfg->institute, sh);
	}
}

static int
cmd_stock(struct opts *o)
{
	struct session s;
	struct ledger_state st;
	struct wmsj_err err;
	struct out out;
	int rc;

	if (o->item == NULL && o->qty == NULL && o->donor == NULL) {
		/* The shelves. */
		if ((rc = session_open(&s, o, 0)) != WMSJ_OK)
			goto out;
		if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
			cli_warn(_("unknown station '%s'"), o->station);
			rc = WMSJ_REFUSED;
			goto out;
		}
		if ((rc = load_state(&st, o->c.data, NULL)) != WMSJ_OK)
			goto out;
		out_init(&out, o->c.fmt, o->c.bom, shelf_cols, 6);
		list_shelves(&out, &s.cfg, &st, o->station);
		rc = cli_out_finish(&out);
		ledger_state_release(&st);
		goto out;
	}
	{
		int64_t qty;
		const char *date;
		struct ledger_entry e;
		char txn[LEDGER_TXN_MAX];

		if (o->item == NULL || o->qty == NULL)
			return cli_usage_error(_("stock needs --item CODE --qty N --donor NAME"));
		if ((rc = need_text("--donor", o->donor)) != WMSJ_OK)
			return rc;
		if (wmsj_points_parse(o->qty, &qty) != 0 || qty <= 0)
			return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
		if ((rc = session_open(&s, o, 1)) != WMSJ_OK)
			goto out;
		if (config_goods(&s.cfg, o->item) == NULL) {
			cli_warn(_("unknown item '%s' (goods in wmsj.yaml)"), o->item);
			rc = WMSJ_REFUSED;
			goto out;
		}
		if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
			cli_warn(_("unknown station '%s'"), o->station);
			rc = WMSJ_REFUSED;
			goto out;
		}
		/* Each station's exchange point has its own shelf: say which
		 * (a town of one station needs not). */
		if (o->station == NULL && !s.cfg.exchange_shared) {
			if (s.cfg.nstations != 1) {
				rc = cli_usage_error(_("stock needs --station CODE: each station's "
						       "exchange point has its own shelf (or set "
						       "'exchange: shared' in wmsj.yaml)"));
				goto out;
			}
			o->station = s.cfg.stations[0].code;
		}
		if ((rc = load_state(&st, o->c.data, NULL)) != WMSJ_OK)
			goto out;
		rc = event_date(o, st.sealed, &date);
		ledger_state_release(&st);
		if (rc != WMSJ_OK)
			goto out;
		memset(&e, 0, sizeof e);
		e.kind = LK_STOCK;
		e.reverses = LK_NONE;
		e.date = date;
		e.station = o->station;
		e.item = o->item;
		e.qty = qty;
		e.recorder = recorder(o->clerk);
		e.note = o->donor;
		if (ledger_writer_add(s.w, &e, txn, &err) != WMSJ_OK) {
			rc = cli_report(&err);
			goto out;
		}
		if ((rc = commit(&s)) != WMSJ_OK)
			goto out;
		out_init(&out, o->c.fmt, o->c.bom, txn_cols, 13);
		print_entry(&out, txn, &e, NULL);
		rc = cli_out_finish(&out);
	}
out:
	session_close(&s);
	return rc;
}

/* One redemption by card number (redeem, and each scan of an exchange
 * session).  In: card, item, qty, date (checked by event_date, not yet
 * against the seals).  Out: v and balance (as of the date, before) as soon
 * as the card is known, then the ledger row added to the session's writer
 * (not committed) and its txn.  A refusal is WMSJ_REFUSED with the reason in
 * err; anything else is an error of the data or the system. */
struct redeem {
	const char *card, *item;
	int64_t qty;
	const char *date;
	struct volunteer *v;
	const struct wmsj_goods *g;
	int64_t balance;
	int have_balance;
	struct ledger_entry e;
	char txn[LEDGER_TXN_MAX];
};

static int
redeem_add(struct session *s, const struct opts *o, struct redeem *r, struct wmsj_err *err)
{
	struct ledger_state st;
	struct volunteer *v;
	const struct wmsj_goods *g;
	const struct account *a;
	struct fig_dated vd, sd;
	struct rules_clearing cl;
	struct rules_verdict rv;
	const char *shelf;
	int64_t need;
	int rc;

	r->v = NULL;
	r->g = NULL;
	r->have_balance = 0;
	/* a mistyped or guessed number of the new form, before any lookup */
	if ((rc = cardno_typed(r->card, err)) != WMSJ_OK)
		return rc;
	v = vreg_find(&s->reg, r->card);
	if (v == NULL || strcmp(v->card_no, r->card) != 0) {
		const struct volunteer *old = vreg_find_oldcard(&s->reg, r->card);
		if (old != NULL)
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("card '%s' was reissued and no longer works (volunteer '%s')"), r->card,
			    old->id);
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("unknown card '%s' (points are redeemed only by card number)"), r->card);
	}
	r->v = v;
	g = config_goods(&s->cfg, r->item);
	/* The balance and the stock on the date recorded and every later date
	 * (the balance is shown on the exchange day whatever the outcome). */
	ledger_state_init(&st);
	shelf = fig_shelf(&s->cfg, v->station);
	if ((rc = fig_load_dated_shelf(&st, o->c.data, r->date, v->id, g != NULL ? g->code : NULL,
				       shelf, &vd, g != NULL ? &sd : NULL, err)) != WMSJ_OK)
		goto out;
	r->balance = vd.at;
	r->have_balance = 1;
	/* rules.h: status, then the clearing (its year, and one dated after
	 * the date) */
	a = ledger_state_account(&st, v->id);
	cl.year = a != NULL ? a->cleared_year : 0;
	cl.date = vd.cleared;
	if (rules_may(RULES_REDEEM, vstatus_parse(v->status), &cl, r->date, &rv) == RW_SUSPENDED ||
	    rv.why == RW_WITHDRAWN || rv.why == RW_INVALID) {
		rc = rules_explain(&rv, RULES_REDEEM, v->id, err);
		goto out;
	}
	if (g == NULL) {
		rc = wmsj_err_set(err, WMSJ_REFUSED, _("unknown item '%s' (goods in wmsj.yaml)"),
				  r->item);
		goto out;
	}
	r->g = g;
	if ((rc = date_unsealed(r->date, st.sealed, err)) != WMSJ_OK)
		goto out;
	if (rv.why != RW_OK) {
		rc = rules_explain(&rv, RULES_REDEEM, v->id, err);
		goto out;
	}
	need = g->points * r->qty;
	if (vd.min < need) {
		rc = wmsj_err_set(err, WMSJ_REFUSED,
		    _("volunteer '%s' has %" PRId64 " points on %s; %" PRId64 " x '%s' needs %" PRId64),
		    v->id, vd.min, vd.min_date, r->qty, g->name, need);
		goto out;
	}
	if (sd.min < r->qty && shelf != NULL) {
		const struct wmsj_station *sn = config_station(&s->cfg, shelf);

		rc = wmsj_err_set(err, WMSJ_REFUSED,
		    _("only %" PRId64 " of '%s' in stock at station '%s' (%s) on %s; %" PRId64
		      " asked"), sd.min, g->name, shelf, sn != NULL ? sn->name : "?", sd.min_date,
		    r->qty);
		goto out;
	}
	if (sd.min < r->qty) {
		rc = wmsj_err_set(err, WMSJ_REFUSED,
		    _("only %" PRId64 " of '%s' in stock on %s; %" PRId64 " asked"), sd.min, g->name,
		    sd.min_date, r->qty);
		goto out;
	}
	memset(&r->e, 0, sizeof r->e);
	r->e.kind = LK_REDEEM;
	r->e.reverses = LK_NONE;
	r->e.date = r->date;
	r->e.volunteer = v->id;
	r->e.station = v->station;
	r->e.points = -need;
	r->e.item = g->code;
	r->e.qty = -r->qty;
	r->e.ref = v->card_no;
	r->e.recorder = o->clerk;
	rc = ledger_writer_add(s->w, &r->e, r->txn, err);
out:
	ledger_state_release(&st);
	return rc;
}

static int
cmd_redeem(struct opts *o)
{
	struct session s;
	struct wmsj_err err;
	struct out out;
	struct redeem r;
	int64_t qty = 1;
	int rc;

	if (o->card == NULL || o->item == NULL)
		return cli_usage_error(_("redeem needs --card CARD_NO --item CODE --clerk NAME"));
	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if (o->qty != NULL && (wmsj_points_parse(o->qty, &qty) != 0 || qty <= 0 || qty > 1000000))
		return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
	if ((rc = session_open(&s, o, 1)) != WMSJ_OK)
		goto out;
	memset(&r, 0, sizeof r);
	r.card = o->card;
	r.item = o->item;
	r.qty = qty;
	if ((rc = event_date(o, NULL, &r.date)) != WMSJ_OK)
		goto out;
	if ((rc = redeem_add(&s, o, &r, &err)) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = commit(&s)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, txn_cols, 13);
	print_entry(&out, r.txn, &r.e, r.v->name);
	rc = cli_out_finish(&out);
out:
	session_close(&s);
	return rc;
}

/* ---- the exchange day -----------------------------------------------------------
 *
 * A USB scanner types the card number and Enter.  Each line of standard input
 * is one redemption: "CARD", or "CARD ITEM [QTY]" to override --item and
 * --qty.  Before its outcome the holder's masked name and balance are shown;
 * a refusal is reported with its reason and the session goes on.  Every
 * accepted redemption is committed on its own, under the lock for that line
 * only (other clerks can work in between).  At the end of input: the day's
 * summary; exit status 1 when anything was refused. */

struct exch_item {
	char *code, *name;   /* copies: the configuration is reloaded for each scan */
	int64_t qty, points;
};

static int
cmd_exchange(struct opts *o)
{
	struct exch_item *items = NULL;
	size_t nitems = 0, cap = 0, lineno = 0, scans = 0, done = 0, refused = 0;
	int64_t qty0 = 1, points = 0;
	const char *date;
	char *line = NULL;
	size_t lcap = 0;
	int rc = WMSJ_OK;

	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if (o->qty != NULL && (wmsj_points_parse(o->qty, &qty0) != 0 || qty0 <= 0 || qty0 > 1000000))
		return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
	if (o->nargs > 0)
		return cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	if ((rc = event_date(o, NULL, &date)) != WMSJ_OK)
		return rc;
	{
		/* a data directory that cannot be read fails before the first scan */
		struct session s;

		rc = session_open(&s, o, 0);
		session_close(&s);
		if (rc != WMSJ_OK)
			return rc;
	}
	if (isatty(0))
		fprintf(stderr, _("scan a card (or type CARD ITEM [QTY]) and press Enter; Ctrl-D ends the day\n"));
	while (rc == WMSJ_OK && getline(&line, &lcap, stdin) > 0) {
		char *tok[4] = {NULL, NULL, NULL, NULL}, *save = NULL, *t;
		struct session s;
		struct redeem r;
		struct wmsj_err err;
		size_t nt = 0;
		int64_t qty = qty0;
		int st;

		lineno++;
		for (t = strtok_r(line, " \t\r\n", &save); t != NULL && nt < 4;
		     t = strtok_r(NULL, " \t\r\n", &save))
			tok[nt++] = t;
		if (nt == 0)
			continue;
		scans++;
		if (nt > 3) {
			cli_warn(_("line %zu: expected CARD [ITEM [QTY]]"), lineno);
			refused++;
			continue;
		}
		if (nt == 3 && (wmsj_points_parse(tok[2], &qty) != 0 || qty <= 0 || qty > 1000000)) {
			cli_warn(_("line %zu: the quantity must be a whole number above 0, not '%s'"), lineno,
				 tok[2]);
			refused++;
			continue;
		}
		if (nt == 1 && o->item == NULL) {
			cli_warn(_("line %zu: no item: give --item CODE or scan CARD ITEM"), lineno);
			refused++;
			continue;
		}
		memset(&r, 0, sizeof r);
		r.card = tok[0];
		r.item = nt >= 2 ? tok[1] : o->item;
		r.qty = qty;
		r.date = date;
		if ((rc = session_open(&s, o, 1)) != WMSJ_OK) {
			session_close(&s);
			break;
		}
		st = redeem_add(&s, o, &r, &err);
		if (st == WMSJ_OK && (rc = commit(&s)) != WMSJ_OK) {
			session_close(&s);
			break;
		}
		if (r.v != NULL) {
			char *nm = mask_name(r.v->name);
			if (r.have_balance)
				printf(_("%s  %s  balance %" PRId64), r.card, nm, r.balance);
			else
				printf("%s  %s", r.card, nm);
			free(nm);
		} else {
			printf("%s", r.card);
		}
		if (st == WMSJ_OK) {
			size_t k;

			printf(_(": redeemed %" PRId64 " x %s for %" PRId64 " points, balance %" PRId64
				 " (%s)\n"),
			       r.qty, r.g->name, -r.e.points, r.balance + r.e.points, r.txn);
			done++;
			points += -r.e.points;
			for (k = 0; k < nitems && strcmp(items[k].code, r.g->code) != 0; k++)
				;
			if (k == nitems) {
				items = xgrow(items, &cap, nitems + 1, sizeof *items);
				items[nitems].code = xstrdup(r.g->code);
				items[nitems].name = xstrdup(r.g->name);
				items[nitems].qty = items[nitems].points = 0;
				nitems++;
			}
			items[k].qty += r.qty;
			items[k].points += -r.e.points;
		} else {
			printf(_(": refused\n"));
			if (st == WMSJ_REFUSED) {
				cli_warn(_("line %zu: %s"), lineno, err.msg);
				refused++;
			} else {
				rc = cli_report(&err);
			}
		}
		fflush(stdout);
		session_close(&s);
	}
	if (rc == WMSJ_OK && ferror(stdin)) {
		struct wmsj_err err;

		wmsj_err_sys(&err, errno, _("cannot read standard input"));
		rc = cli_report(&err);
	}
	free(line);
	printf(_("exchange day %s: %zu scans, %zu redeemed for %" PRId64 " points, %zu refused\n"),
	       date, scans, done, points, refused);
	for (size_t k = 0; k < nitems; k++) {
		printf(_("  %s %s: %" PRId64 " (%" PRId64 " points)\n"), items[k].code, items[k].name,
		       items[k].qty, items[k].points);
		free(items[k].code);
		free(items[k].name);
	}
	free(items);
	if (rc == WMSJ_OK && refused > 0)
		rc = WMSJ_REFUSED;
	return rc;
}

static int
cmd_clear(struct opts *o)
{
	struct session s;
	struct ledger_state st;
	struct wmsj_err err;
	struct out out;
	struct volunteer *v;
	const struct account *a;
	struct ledger_entry e;
	struct fig_dated vd;
	char txn[LEDGER_TXN_MAX];
	const char *date;
	int rc, have_st = 0;

	if (o->nargs != 1)
		return cli_usage_error(_("clear needs one KEY"));
	if (o->reason == NULL || strlen(o->reason) != 1 || strchr("ABC", o->reason[0]) == NULL)
		return cli_usage_error(_("--reason must be A, B or C (see --help)"));
	if ((rc = need_text("--note", o->note)) != WMSJ_OK ||
	    (rc = need_text("--approver", o->approver)) != WMSJ_OK)
		return rc;
	if ((rc = session_open(&s, o, 1)) != WMSJ_OK)
		goto out;
	if ((rc = event_date(o, NULL, &date)) != WMSJ_OK)
		goto out;
	if ((v = vreg_find(&s.reg, o->args[0])) == NULL) {
		warn_unknown(o->args[0]);
		rc = WMSJ_REFUSED;
		goto out;
	}
	ledger_state_init(&st);
	have_st = 1;
	if (fig_load_dated(&st, o->c.data, date, v->id, NULL, &vd, NULL, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = event_date(o, st.sealed, &date)) != WMSJ_OK)
		goto out;
	a = ledger_state_account(&st, v->id);
	if (fig_cleared_in(a, atoi(date))) {
		cli_warn(_("volunteer '%s' was already cleared in %d"), v->id, a->cleared_year);
		rc = WMSJ_REFUSED;
		goto out;
	}
	/* A clearing clears the balance as of its date: it is the volunteer's
	 * latest row, so that what it cleared stays what it cleared. */
	if (strcmp(vd.last, date) > 0) {
		cli_warn(_("volunteer '%s' has rows dated after %s (the last on %s); a clearing is dated "
			   "on or after the volunteer's last row"), v->id, date, vd.last);
		rc = WMSJ_REFUSED;
		goto out;
	}
	memset(&e, 0, sizeof e);
	e.kind = LK_CLEAR;
	e.reverses = LK_NONE;
	e.date = date;
	e.volunteer = v->id;
	e.station = v->station;
	e.points = -vd.at;
	e.ref = o->reason;
	e.recorder = o->approver;
	e.approver = o->approver;
	e.note = o->note;
	if (ledger_writer_add(s.w, &e, txn, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = commit(&s)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, txn_cols, 13);
	print_entry(&out, txn, &e, v->name);
	rc = cli_out_finish(&out);
out:
	if (have_st)
		ledger_state_release(&st);
	session_close(&s);
	return rc;
}

static int
cmd_reverse(struct opts *o)
{
	struct session s;
	struct ledger_state st;
	struct ledger_found f;
	struct wmsj_err err;
	struct out out;
	struct ledger_entry e;
	char txn[LEDGER_TXN_MAX];
	const char *date;
	struct fig_dated vd, sd;
	uint64_t seq, by = 0;
	int rc, have_st = 0, have_f = 0;

	if (o->nargs != 1 || ledger_txn_parse(o->args[0], &seq) != 0)
		return cli_usage_error(_("reverse needs one transaction id like T00000012"));
	if ((rc = need_text("--reason", o->reason)) != WMSJ_OK ||
	    (rc = need_text("--approver", o->approver)) != WMSJ_OK)
		return rc;
	if ((rc = session_open(&s, o, 1)) != WMSJ_OK)
		goto out;
	if ((rc = ledger_find_txn(o->c.data, seq, &f, &by, &err)) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	have_f = 1;
	if (f.row.kind == LK_REVERSE || f.row.kind == LK_CLOSE) {
		cli_warn(_("'%s' is a %s row; only award, redeem, stock and clear rows can be reversed"),
			 f.row.txn, wmsj_value_label("kind", ledger_kind_name(f.row.kind)));
		rc = WMSJ_REFUSED;
		goto out;
	}
	if (by != 0) {
		char t2[LEDGER_TXN_MAX];
		ledger_txn_format(by, t2);
		cli_warn(_("'%s' was already reversed by '%s'"), f.row.txn, t2);
		rc = WMSJ_REFUSED;
		goto out;
	}
	if ((rc = event_date(o, NULL, &date)) != WMSJ_OK)
		goto out;
	if (strcmp(date, f.row.date) < 0) {
		cli_warn(_("'%s' is dated %s; a reversal is dated on or after the row it reverses"),
			 f.row.txn, f.row.date);
		rc = WMSJ_REFUSED;
		goto out;
	}
	/* The balance and the stock on the date recorded and every later date. */
	ledger_state_init(&st);
	have_st = 1;
	if (fig_load_dated_shelf(&st, o->c.data, date, f.row.volunteer[0] ? f.row.volunteer : NULL,
				 f.row.item[0] ? f.row.item : NULL, fig_shelf(&s.cfg, f.row.station),
				 &vd, &sd, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = event_date(o, st.sealed, &date)) != WMSJ_OK)
		goto out;
	if (f.row.volunteer[0] != '\0' && vd.cleared[0] != '\0') {
		cli_warn(_("volunteer '%s' was cleared on %s; nothing may be dated before the clearing"),
			 f.row.volunteer, vd.cleared);
		rc = WMSJ_REFUSED;
		goto out;
	}
	if (f.row.volunteer[0] != '\0' && f.row.points > 0 && vd.min - f.row.points < 0) {
		cli_warn(_("reversing '%s' would leave volunteer '%s' with %" PRId64
			   " points; reverse the redemptions first"), f.row.txn, f.row.volunteer,
			 vd.min - f.row.points);
		rc = WMSJ_REFUSED;
		goto out;
	}
	if (f.row.kind == LK_STOCK && sd.min - f.row.qty < 0) {
		cli_warn(_("reversing '%s' would leave less than nothing of '%s' on the shelf"),
			 f.row.txn, f.row.item);
		rc = WMSJ_REFUSED;
		goto out;
	}
	memset(&e, 0, sizeof e);
	e.kind = LK_REVERSE;
	e.reverses = f.row.kind;
	e.date = date;
	e.volunteer = f.row.volunteer[0] ? f.row.volunteer : NULL;
	e.station = f.row.station;
	e.points = -f.row.points;
	e.hours = -f.row.hours;
	e.qty = -f.row.qty;
	e.item = f.row.item;
	e.activity = f.row.activity;
	e.ref = f.row.txn;
	e.recorder = o->approver;
	e.approver = o->approver;
	e.note = o->reason;
	if (ledger_writer_add(s.w, &e, txn, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = commit(&s)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, txn_cols, 13);
	{
		const struct volunteer *v = e.volunteer ? vreg_find(&s.reg, e.volunteer) : NULL;
		print_entry(&out, txn, &e, v != NULL ? v->name : NULL);
	}
	rc = cli_out_finish(&out);
out:
	if (have_f)
		ledger_found_release(&f);
	if (have_st)
		ledger_state_release(&st);
	session_close(&s);
	return rc;
}

/* ---- queries --------------------------------------------------------------- */

static const char *const bal_cols[] = {
	"id", "name", "card_no", "station", "status", "earned", "redeemed", "cleared", "balance",
	"hours"
};

static void
print_balance(struct out *out, const struct volunteer *v, const struct account *a)
{
	char e[32], r[32], c[32], b[32], h[32];
	const char *vals[10];
	static const struct account zero;

	if (a == NULL)
		a = &zero;
	snprintf(e, sizeof e, "%" PRId64, a->earned);
	snprintf(r, sizeof r, "%" PRId64, a->redeemed);
	snprintf(c, sizeof c, "%" PRId64, a->cleared);
	snprintf(b, sizeof b, "%" PRId64, a->balance);
	wmsj_hours_format(a->hours, h);
	vals[0] = v->id; vals[1] = v->name; vals[2] = v->card_no; vals[3] = v->station;
	vals[4] = v->status; vals[5] = e; vals[6] = r; vals[7] = c; vals[8] = b; vals[9] = h;
	out_row(out, vals);
}

static int
cmd_balance(struct opts *o)
{
	struct session s;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct out out;
	int rc;

	if (o->asof != NULL && wmsj_date_parse(o->asof, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--as-of needs a date YYYY-MM-DD, not '%s'"), o->asof);
	if ((rc = session_open(&s, o, 0)) != WMSJ_OK)
		goto out;
	if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
		cli_warn(_("unknown station '%s'"), o->station);
		rc = WMSJ_REFUSED;
		goto out;
	}
	for (size_t i = 0; i < o->nargs; i++)
		if (vreg_find(&s.reg, o->args[i]) == NULL) {
			warn_unknown(o->args[i]);
			rc = WMSJ_REFUSED;
			goto out;
		}
	memset(&lo, 0, sizeof lo);
	lo.as_of = o->asof;
	if ((rc = load_state(&st, o->c.data, &lo)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, bal_cols, 10);
	if (o->nargs > 0) {
		for (size_t i = 0; i < o->nargs; i++) {
			const struct volunteer *v = vreg_find(&s.reg, o->args[i]);
			print_balance(&out, v, ledger_state_account(&st, v->id));
		}
	} else {
		for (size_t i = 0; i < s.reg.n; i++) {
			const struct volunteer *v = &s.reg.v[i];
			if (o->station != NULL && strcmp(v->station, o->station) != 0)
				continue;
			print_balance(&out, v, ledger_state_account(&st, v->id));
		}
	}
	rc = cli_out_finish(&out);
	ledger_state_release(&st);
out:
	session_close(&s);
	return rc;
}

/* The statement: the volunteer's rows in date order (ties in entry order),
 * so that the running balance on every row is the balance as of its date. */
struct hist_row {
	uint64_t seq;
	size_t line;
	int64_t points, hours, qty;
	char *f[8];    /* txn, date, kind, item, activity, ref, note */
};

struct hist {
	const char *id;
	struct hist_row *r;
	size_t n, cap;
};

static const char *const hist_cols[] = {
	"txn", "date", "kind", "points", "hours", "balance", "item", "qty", "activity", "ref", "note"
};

static int
hist_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct hist *h = arg;
	struct hist_row *r;

	(void)err;
	if (strcmp(row->volunteer, h->id) != 0)
		return WMSJ_OK;
	h->r = xgrow(h->r, &h->cap, h->n + 1, sizeof *h->r);
	r = &h->r[h->n++];
	r->seq = row->seq;
	r->line = row->line;
	r->points = row->points;
	r->hours = row->hours;
	r->qty = row->qty;
	r->f[0] = xstrdup(row->txn);
	r->f[1] = xstrdup(row->date);
	r->f[2] = xstrdup(ledger_kind_name(row->kind));
	r->f[3] = xstrdup(row->item);
	r->f[4] = xstrdup(row->activity);
	r->f[5] = xstrdup(row->ref);
	r->f[6] = xstrdup(row->note);
	return WMSJ_OK;
}

static int
hist_cmp(const void *a, const void *b)
{
	const struct hist_row *x = a, *y = b;
	int c = strcmp(x->f[1], y->f[1]);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
cmd_history(struct opts *o)
{
	struct session s;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct wmsj_err err;
	struct out out;
	struct hist h;
	const struct volunteer *v;
	int64_t balance = 0;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("history needs one KEY"));
	if ((rc = session_open(&s, o, 0)) != WMSJ_OK)
		goto out;
	if ((v = vreg_find(&s.reg, o->args[0])) == NULL) {
		warn_unknown(o->args[0]);
		rc = WMSJ_REFUSED;
		goto out;
	}
	memset(&h, 0, sizeof h);
	h.id = v->id;
	memset(&lo, 0, sizeof lo);
	lo.cb = hist_cb;
	lo.cb_arg = &h;
	lo.flags = LEDGER_ALL_ROWS;
	ledger_state_init(&st);
	rc = ledger_state_load(&st, o->c.data, &lo, &err);
	ledger_state_release(&st);
	if (rc != WMSJ_OK) {
		rc = cli_report(&err);
		goto free_rows;
	}
	if (h.n > 1)
		qsort(h.r, h.n, sizeof *h.r, hist_cmp);
	out_init(&out, o->c.fmt, o->c.bom, hist_cols, 11);
	for (size_t i = 0; i < h.n; i++) {
		struct hist_row *r = &h.r[i];
		char p[32], hr[32], b[32], q[32];
		const char *vals[11];

		if (wmsj_add_checked(&balance, r->points) != 0) {
			wmsj_err_set(&err, WMSJ_BADDATA, _("ledger.csv:%zu: balance overflows"), r->line);
			out_release(&out);
			rc = cli_report(&err);
			goto free_rows;
		}
		snprintf(p, sizeof p, "%" PRId64, r->points);
		wmsj_hours_format(r->hours, hr);
		snprintf(b, sizeof b, "%" PRId64, balance);
		snprintf(q, sizeof q, "%" PRId64, r->qty);
		vals[0] = r->f[0]; vals[1] = r->f[1]; vals[2] = r->f[2]; vals[3] = p; vals[4] = hr;
		vals[5] = b; vals[6] = r->f[3]; vals[7] = r->qty ? q : ""; vals[8] = r->f[4];
		vals[9] = r->f[5]; vals[10] = r->f[6];
		out_row(&out, vals);
	}
	rc = cli_out_finish(&out);
free_rows:
	for (size_t i = 0; i < h.n; i++)
		for (int k = 0; k < 7; k++)
			free(h.r[i].f[k]);
	free(h.r);
out:
	session_close(&s);
	return rc;
}

/* 1 when a cell of the ledger line raw[0..len) may start a spreadsheet
 * formula (or is quoted and so might): the line must go cell by cell.  A
 * signed number (the points of a redemption) is no formula.  Looks only at
 * the first byte of each cell: export stays as fast as a copy. */
static int
export_needs_cells(const char *raw, size_t len)
{
	const char *p = raw, *e = raw + len, *q;

	while (p < e) {
		switch (*p) {
		case '=': case '@': case '\t': case '\r': case '"':
			return 1;
		case '-': case '+':
			for (q = p + 1; q < e && *q >= '0' && *q <= '9'; q++)
				;
			if (q < e && *q == '.')
				for (q++; q < e && *q >= '0' && *q <= '9'; q++)
					;
			if (q == p + 1 || (q < e && *q != ','))
				return 1;
			break;
		}
		if ((q = memchr(p, ',', (size_t)(e - p))) == NULL)
			break;
		p = q + 1;
	}
	return 0;
}

/* Print one ledger line (one physical line, RFC 4180, as the reader checked
 * it) through the CSV cell writer, which neutralises formulas in text cells
 * and leaves signed numbers alone.  cell is scratch space. */
static void
export_line(FILE *f, const char *raw, size_t len, struct sb *cell)
{
	size_t i = 0;

	if (!export_needs_cells(raw, len)) {
		fwrite(raw, 1, len, f);
		putc('\n', f);
		return;
	}
	for (;;) {
		sb_reset(cell);
		if (i < len && raw[i] == '"') {
			for (i++; i < len; i++) {
				if (raw[i] == '"' && (i + 1 >= len || raw[i + 1] != '"')) {
					i++;
					break;
				}
				if (raw[i] == '"')
					i++;
				sb_addc(cell, raw[i]);
			}
		}
		while (i < len && raw[i] != ',')
			sb_addc(cell, raw[i++]);
		out_csv_cell(f, cell->buf);
		if (i >= len)
			break;
		putc(',', f);
		i++;
	}
	putc('\n', f);
}

static int
cmd_export(struct opts *o)
{
	struct ledger_reader *r;
	struct ledger_row row;
	struct sb cell;
	struct wmsj_err err;
	struct wmsj_config cfg;
	char from[11] = "", to[11] = "9999-12-31";
	char *xbuf = NULL;
	size_t xlen = 0;
	FILE *f;
	int y, m, rc;

	if (o->quarter != NULL) {
		if (wmsj_quarter_parse(o->quarter, &y, &m) != 0)
			return cli_usage_error(_("--quarter needs YYYYQn, not '%s'"), o->quarter);
		wmsj_quarter_range(y, m, from, to);
	}
	if (o->month != NULL) {
		if (wmsj_month_parse(o->month, &y, &m) != 0)
			return cli_usage_error(_("--month needs YYYY-MM, not '%s'"), o->month);
		wmsj_month_range(y, m, from, to);
	}
	if (o->from != NULL) {
		if (wmsj_date_parse(o->from, NULL, NULL, NULL) != 0)
			return cli_usage_error(_("--from needs a date YYYY-MM-DD, not '%s'"), o->from);
		if (strcmp(o->from, from) > 0)
			snprintf(from, sizeof from, "%s", o->from);
	}
	if (o->to != NULL) {
		if (wmsj_date_parse(o->to, NULL, NULL, NULL) != 0)
			return cli_usage_error(_("--to needs a date YYYY-MM-DD, not '%s'"), o->to);
		if (strcmp(o->to, to) < 0)
			snprintf(to, sizeof to, "%s", o->to);
	}
	if (config_load(&cfg, o->c.data, &err) != WMSJ_OK) {
		config_release(&cfg);
		return cli_report(&err);
	}
	config_release(&cfg);
	if (ledger_open(&r, o->c.data, 0, &err) != WMSJ_OK)
		return cli_report(&err);
	/* A workbook gets the same rows, gathered first and split into cells. */
	f = o->c.fmt == WMSJ_FMT_XLSX ? open_memstream(&xbuf, &xlen) : stdout;
	if (f == NULL) {
		ledger_close(r);
		wmsj_err_sys(&err, errno, _("out of memory"));
		return cli_report(&err);
	}
	if (o->c.bom && f == stdout)
		fputs("\xef\xbb\xbf", f);
	fputs(LEDGER_HEADER "\n", f);
	sb_init(&cell);
	while ((rc = ledger_next(r, &row, &err)) == 1) {
		if (strcmp(row.date, from) < 0 || strcmp(row.date, to) > 0)
			continue;
		if (o->station != NULL && strcmp(row.station, o->station) != 0)
			continue;
		if (f == stdout) {
			export_line(stdout, row.raw, row.rawlen, &cell);
		} else { /* a workbook's text cells are never formulas */
			fwrite(row.raw, 1, row.rawlen, f);
			putc('\n', f);
		}
	}
	ledger_close(r);
	sb_release(&cell);
	if (f != stdout)
		fclose(f);
	if (rc > 1) {
		free(xbuf);
		return cli_report(&err);
	}
	if (f != stdout) {
		struct csv_table t;
		struct out out;

		rc = csv_table_parse(&t, "ledger.csv", xbuf, xlen, WMSJ_ENC_UTF8, &err);
		free(xbuf);
		if (rc != WMSJ_OK) {
			csv_table_release(&t);
			return cli_report(&err);
		}
		out_init(&out, o->c.fmt, 0, (const char *const *)t.header, t.ncols);
		for (size_t i = 0; i < t.nrows; i++)
			out_row(&out, (const char *const *)t.rows[i].fields);
		csv_table_release(&t);
		return cli_out_finish(&out);
	}
	return WMSJ_OK;
}

static const char *const close_cols[] = {
	"month", "txn", "rows", "awards", "earned", "redeemed", "cleared", "hours", "stock_in",
	"stock_out", "volunteers", "snapshot", "seal"
};

static int
cmd_close(struct opts *o)
{
	struct session s;
	struct seal_result res;
	struct wmsj_err err;
	struct out out;
	int rc;

	if (o->month == NULL || wmsj_month_parse(o->month, NULL, NULL) != 0)
		return cli_usage_error(_("close needs --month YYYY-MM"));
	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if ((rc = session_open(&s, o, 1)) != WMSJ_OK)
		goto out;
	if ((rc = seal_close(s.w, o->month, o->clerk, &res, &err)) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if (res.snapshot_error[0] != '\0')
		cli_warn(_("month '%s' is sealed, but its snapshot was not saved (%s); queries read "
			   "the rows instead"), o->month, res.snapshot_error);
	{
		char rows[32], aw[32], e[32], r[32], c[32], h[32], si[32], so[32], n[32];
		const char *v[13];
		snprintf(rows, sizeof rows, "%" PRIu64, res.month.rows);
		snprintf(aw, sizeof aw, "%" PRIu64, res.month.awards);
		snprintf(e, sizeof e, "%" PRId64, res.month.earned);
		snprintf(r, sizeof r, "%" PRId64, res.month.redeemed);
		snprintf(c, sizeof c, "%" PRId64, res.month.cleared);
		wmsj_hours_format(res.month.hours, h);
		snprintf(si, sizeof si, "%" PRId64, res.month.stock_in);
		snprintf(so, sizeof so, "%" PRId64, res.month.stock_out);
		snprintf(n, sizeof n, "%zu", res.accounts);
		v[0] = o->month; v[1] = res.txn; v[2] = rows; v[3] = aw; v[4] = e; v[5] = r; v[6] = c;
		v[7] = h; v[8] = si; v[9] = so; v[10] = n; v[11] = res.snapshot_hash; v[12] = res.hash;
		out_init(&out, o->c.fmt, o->c.bom, close_cols, 13);
		out_row(&out, v);
		rc = cli_out_finish(&out);
	}
out:
	session_close(&s);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	const char *cmd;
	int c, rc;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.args = xcalloc((size_t)argc + 1, sizeof *o.args);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 1: o.args[o.nargs++] = optarg; break;
		case 'h':
			fputs(_(usage_head), stdout);
			fputs(usage_cmds, stdout);
			fputs(_(usage_tail), stdout);
			free(o.args);
			return wmsj_close_stdout(NULL);
		case O_STATION: o.station = optarg; break;
		case O_DATE: o.date = optarg; break;
		case O_PLATFORM: o.platform = optarg; break;
		case O_TITLE: o.title = optarg; break;
		case O_POINTS: o.points = optarg; break;
		case O_HOURS: o.hours = optarg; break;
		case O_PLACE: o.place = optarg; break;
		case O_TARGET: o.target = optarg; break;
		case O_CONTENT: o.content = optarg; break;
		case O_ORGANIZER: o.organizer = optarg; break;
		case O_RESPONSIBLE: o.responsible = optarg; break;
		case O_MONTH: o.month = optarg; break;
		case O_ACTIVITY: o.activity = optarg; break;
		case O_CERTIFIER: o.certifier = optarg; break;
		case O_SUPERVISOR: o.supervisor = optarg; break;
		case O_REASON: o.reason = optarg; break;
		case O_ITEM: o.item = optarg; break;
		case O_QTY: o.qty = optarg; break;
		case O_DONOR: o.donor = optarg; break;
		case O_CARD: o.card = optarg; break;
		case O_CLERK: o.clerk = optarg; break;
		case O_NOTE: o.note = optarg; break;
		case O_APPROVER: o.approver = optarg; break;
		case O_ASOF: o.asof = optarg; break;
		case O_FROM: o.from = optarg; break;
		case O_TO: o.to = optarg; break;
		case O_QUARTER: o.quarter = optarg; break;
		case '?':
			free(o.args);
			return cli_usage_error(_("unknown option or missing argument: '%s'"), argv[optind - 1]);
		default:
			if (cli_common_option(&o.c, c, optarg) < 0) {
				free(o.args);
				return WMSJ_USAGE;
			}
		}
	}
	if (o.nargs == 0) {
		free(o.args);
		return cli_usage_error(_("a command is needed (see --help)"));
	}
	cmd = o.args[0];
	o.args++;
	o.nargs--;
	if (strcmp(cmd, "activity") == 0)
		rc = cmd_activity(&o);
	else if (strcmp(cmd, "award") == 0)
		rc = cmd_award(&o);
	else if (strcmp(cmd, "apply") == 0 || strcmp(cmd, "pending") == 0 ||
		 strcmp(cmd, "approve") == 0 || strcmp(cmd, "reject") == 0)
		rc = cmd_apps(&o, cmd);
	else if (strcmp(cmd, "stock") == 0)
		rc = cmd_stock(&o);
	else if (strcmp(cmd, "redeem") == 0)
		rc = cmd_redeem(&o);
	else if (strcmp(cmd, "exchange") == 0)
		rc = cmd_exchange(&o);
	else if (strcmp(cmd, "clear") == 0)
		rc = cmd_clear(&o);
	else if (strcmp(cmd, "reverse") == 0)
		rc = cmd_reverse(&o);
	else if (strcmp(cmd, "balance") == 0)
		rc = cmd_balance(&o);
	else if (strcmp(cmd, "history") == 0)
		rc = cmd_history(&o);
	else if (strcmp(cmd, "export") == 0)
		rc = cmd_export(&o);
	else if (strcmp(cmd, "close") == 0)
		rc = cmd_close(&o);
	else
		rc = cli_usage_error(_("unknown command '%s'"), cmd);
	free(o.args - 1);
	return cli_exit(rc);
}
