/* wmsj-points: publish activities, certify, redeem, clear, reverse and seal.
 * Options, rules and dispatch; the ledger itself is lib/ledger.c. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apps.h"
#include "bank.h"
#include "cardno.h"
#include "cli.h"
#include "config.h"
#include "csvin.h"
#include "exchange.h"
#include "export.h"
#include "figures.h"
#include "fsio.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "ledger_index.h"
#include "mask.h"
#include "out.h"
#include "rules.h"
#include "seal.h"
#include "serials.h"
#include "store.h"
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
/* The command table: the synopsis names every option a command takes (cli.h). */
enum cmd_id {
	C_ACTIVITY, C_AWARD, C_APPLY, C_PENDING, C_APPROVE, C_REJECT, C_STOCK, C_REDEEM,
	C_EXCHANGE, C_CLEAR, C_REVERSE, C_BALANCE, C_HISTORY, C_EXPORT, C_CLOSE
};
static const struct cli_cmd cmds[] = {
	{"activity add", "activity add --station CODE --date D --platform P --title T --points N\n"
	 "               [--hours H] [--place X] [--target X] [--content X]\n"
	 "               [--organizer X] [--responsible X]", C_ACTIVITY},
	{"activity list", "activity list [--station CODE] [--month YYYY-MM]", C_ACTIVITY},
	{"activity cancel", "activity cancel ACT --reason R", C_ACTIVITY},
	{"activity correct", "activity correct ACT [--date D] [--title T] [--points N]", C_ACTIVITY},
	{"award", "award --activity ACT --certifier NAME --supervisor NAME [--points N]\n"
	 "        [--hours H] KEY...|-", C_AWARD},
	{"apply", "apply --activity ACT KEY", C_APPLY},
	{"pending", "pending", C_PENDING},
	{"approve", "approve APP... --certifier NAME --supervisor NAME", C_APPROVE},
	{"reject", "reject APP --reason R", C_REJECT},
	{"stock", "stock [--item CODE --qty N --donor NAME [--station CODE] [--date D]]", C_STOCK},
	{"redeem", "redeem --card CARD_NO --item CODE [--qty N] --clerk NAME [--date D]", C_REDEEM},
	{"exchange", "exchange --clerk NAME [--item CODE] [--qty N] [--date D] < scans", C_EXCHANGE},
	{"clear", "clear KEY --reason A|B|C --note TEXT --approver NAME [--date D]", C_CLEAR},
	{"reverse", "reverse TXN --reason R --approver NAME [--date D]", C_REVERSE},
	{"balance", "balance [KEY...] [--station CODE] [--as-of D]", C_BALANCE},
	{"history", "history KEY", C_HISTORY},
	{"export", "export [--from D] [--to D] [--quarter YYYYQn] [--month YYYY-MM]\n"
	 "         [--station CODE]", C_EXPORT},
	{"close", "close --month YYYY-MM --clerk NAME", C_CLOSE},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])
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

/* Where each option's value goes: optfield[O_X - O_STATION]. */
#define F(x) offsetof(struct opts, x)
static const size_t optfield[] = {
	F(station), F(date), F(platform), F(title), F(points), F(hours), F(place), F(target),
	F(content), F(organizer), F(responsible), F(month), F(activity), F(certifier),
	F(supervisor), F(reason), F(item), F(qty), F(donor), F(card), F(clerk), F(note),
	F(approver), F(asof), F(from), F(to), F(quarter)
};
#undef F
_Static_assert(sizeof optfield / sizeof optfield[0] == O_QUARTER - O_STATION + 1,
	       "an option of O_STATION ... O_QUARTER without its field");

/* The data directory, opened once per command (store.h); a failure printed. */
static int
open_store(struct store *s, const struct opts *o, int write)
{
	struct wmsj_err err;

	if (store_open(s, o->c.data, o->c.wait, write, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* To write about a few volunteers only (an award of a few, a redemption):
 * their records alone when the register's index has them (store_open_keys). */
static int
open_store_for(struct store *s, const struct opts *o, const char *const *keys, size_t n)
{
	struct wmsj_err err;

	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], "-") == 0)
			n = 0;
	if (n > 64)
		n = 0;
	if (store_open_keys(s, o->c.data, o->c.wait, 1, n > 0 ? keys : NULL, n, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* To read about the one volunteer key names (store_open_key). */
static int
open_store_key(struct store *s, const struct opts *o, const char *key)
{
	struct wmsj_err err;

	if (store_open_key(s, o->c.data, key, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* What a bank operation refused (bank.h): a usage error, the list's last
 * message, with its hint. */
static int
report(const struct wmsj_errlist *l)
{
	for (size_t i = 0; i + 1 < l->n; i++)
		cli_warn("%s", l->msgs[i]);
	if (l->n > 0 && l->status == WMSJ_USAGE)
		return cli_usage_error("%s", l->msgs[l->n - 1]);
	if (l->n > 0)
		cli_warn("%s", l->msgs[l->n - 1]);
	return l->status;
}

static int
report_err(const struct wmsj_err *err)
{
	if (err->status == WMSJ_USAGE)
		return cli_usage_error("%s", err->msg);
	return cli_report(err);
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

static int
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

/* ---- awards --------------------------------------------------------------- */

static const char *const txn_cols[] = {
	"txn", "date", "kind", "volunteer", "name", "station", "points", "hours", "item", "qty",
	"activity", "ref", "note"
};

static void
print_entry(struct out *o, const char *txn, const struct ledger_entry *e, const char *name)
{
	char p[32], h[32], q[32];
	const char *v[13];

	xsnprintf(p, sizeof p, "%" PRId64, e->points);
	wmsj_hours_format(e->hours, h);
	xsnprintf(q, sizeof q, "%" PRId64, e->qty);
	v[0] = txn; v[1] = e->date; v[2] = ledger_kind_name(e->kind);
	v[3] = e->volunteer ? e->volunteer : ""; v[4] = name ? name : "";
	v[5] = e->station ? e->station : ""; v[6] = p; v[7] = h;
	v[8] = e->item ? e->item : ""; v[9] = e->qty ? q : "";
	v[10] = e->activity ? e->activity : ""; v[11] = e->ref ? e->ref : "";
	v[12] = e->note ? e->note : "";
	out_row(o, v);
}

/* Add the bank's entries to the writer and commit: the command's commit point. */
static int
commit_entries(struct store *s, struct bank_entries *b)
{
	struct wmsj_err err;

	if (bank_record(s, b, &err) != WMSJ_OK || store_commit(s, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

static int
print_entries(const struct opts *o, const struct bank_entries *b)
{
	struct out out;

	out_init(&out, o->c.fmt, o->c.bom, txn_cols, 13);
	for (size_t i = 0; i < b->n; i++)
		print_entry(&out, b->txn[i], &b->e[i], b->name[i]);
	return cli_out_finish(&out);
}

/* A bank operation's outcome: its refusals, or its entries committed and shown. */
static int
finish(struct store *s, const struct opts *o, int rc, struct bank_entries *b,
       struct wmsj_errlist *bad)
{
	if (rc != WMSJ_OK)
		rc = report(bad);
	else if ((rc = commit_entries(s, b)) == WMSJ_OK)
		rc = print_entries(o, b);
	bank_entries_release(b);
	wmsj_errlist_release(bad);
	return rc;
}

/* Keys from the command line, or a CSV on stdin with an id or card_no column. */
static int
collect_keys(const struct opts *o, struct csv_table *t, struct bank_award_req **reqs, size_t *n,
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
			xsnprintf((*where)[i], 64, "<stdin>:%zu", t->rows[i].line);
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
cmd_award(struct opts *o)
{
	struct store s;
	struct csv_table t;
	struct bank_award a;
	struct bank_award_req *reqs = NULL;
	struct bank_entries b;
	struct wmsj_errlist bad;
	char (*where)[64] = NULL;
	size_t n = 0, refused = 0;
	int rc;

	if (o->activity == NULL)
		return cli_usage_error(_("award needs --activity ACT"));
	if ((rc = need_text("--certifier", o->certifier)) != WMSJ_OK ||
	    (rc = need_text("--supervisor", o->supervisor)) != WMSJ_OK)
		return rc;
	if (o->nargs == 0)
		return cli_usage_error(_("award needs volunteers: ids, card numbers, or - for a CSV on standard input"));
	memset(&t, 0, sizeof t); /* released at out: also when the store fails */
	if ((rc = open_store_for(&s, o, (const char *const *)o->args, o->nargs)) != WMSJ_OK ||
	    (rc = collect_keys(o, &t, &reqs, &n, &where)) != WMSJ_OK)
		goto out;
	memset(&a, 0, sizeof a);
	a.activity = o->activity;
	a.points = o->points;
	a.hours = o->hours;
	a.certifier = o->certifier;
	a.supervisor = o->supervisor;
	a.reqs = reqs;
	a.n = n;
	bank_entries_init(&b);
	wmsj_errlist_init(&bad);
	rc = bank_award(&s, &a, &b, &bad, &refused);
	if (rc != WMSJ_OK && refused > 0) {
		rc = report(&bad);
		cli_warn(_("%zu of %zu refused; nothing recorded"), refused, n);
		bank_entries_release(&b);
		wmsj_errlist_release(&bad);
	} else {
		rc = finish(&s, o, rc, &b, &bad);
	}
out:
	csv_table_release(&t);
	free(reqs);
	free(where);
	store_close(&s);
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

/* apply and reject change the applications' register (the commit point),
 * then show the row. */
static int
apps_change(const struct opts *o, struct store *s, struct bank_apps *ba, int apply)
{
	struct wmsj_errlist bad;
	struct wmsj_err err;
	struct out out;
	size_t row = 0;
	int rc;

	wmsj_errlist_init(&bad);
	if (apply)
		rc = bank_apply(s, ba, o->activity, o->args[0], &row, &bad);
	else
		rc = bank_reject(ba, o->args[0], o->reason, &row, &bad);
	if (rc != WMSJ_OK)
		rc = report(&bad);
	else if (table_save(&ba->apps, &err) != WMSJ_OK)
		rc = cli_report(&err);
	else {
		out_init(&out, o->c.fmt, o->c.bom, app_out_cols, 10);
		print_app(&out, &ba->apps, row, &ba->acts, &s->reg);
		rc = cli_out_finish(&out);
	}
	wmsj_errlist_release(&bad);
	return rc;
}

/* approve: all or nothing over every application, one ledger append. */
static int
apps_approve(const struct opts *o, struct store *s, struct bank_apps *ba)
{
	struct wmsj_errlist bad;
	struct bank_entries b;
	struct wmsj_err err;
	int rc;

	wmsj_errlist_init(&bad);
	bank_entries_init(&b);
	rc = bank_approve(s, ba, o->args, o->nargs, o->points, o->hours, o->certifier,
			  o->supervisor, &b, &bad);
	if (rc != WMSJ_OK) {
		if ((rc = report(&bad)) == WMSJ_REFUSED)
			cli_warn(_("nothing approved"));
	} else if ((rc = commit_entries(s, &b)) == WMSJ_OK) {
		/* the commit point: the awards name their applications; the
		 * register's copy of the status is a view of the ledger */
		bank_approved(ba, o->args, o->nargs, &b);
		if (table_save_view(&ba->apps, &err) != WMSJ_OK)
			cli_warn(_("the approval is recorded, but '%s' could not be updated (%s); "
				   "the ledger's award row decides the status"), APPLY_FILE, err.msg);
		rc = print_entries(o, &b);
	}
	bank_entries_release(&b);
	wmsj_errlist_release(&bad);
	return rc;
}

static int
cmd_apps(struct opts *o, const char *cmd)
{
	struct store s;
	struct bank_apps ba;
	struct wmsj_err err;
	struct out out;
	int write = strcmp(cmd, "pending") != 0, rc;

	memset(&ba, 0, sizeof ba);
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
	/* apply is about one volunteer: their record alone will do */
	if ((rc = strcmp(cmd, "apply") == 0
		  ? open_store_for(&s, o, (const char *const *)o->args, o->nargs)
		  : open_store(&s, o, write)) != WMSJ_OK)
		goto out;
	if (bank_apps_load(&s, &ba, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if (strcmp(cmd, "pending") == 0) {
		out_init(&out, o->c.fmt, o->c.bom, app_out_cols, 10);
		for (size_t i = 0; i < ba.apps.n; i++)
			if (strcmp(ba.apps.rows[i][AP_STATUS], "pending") == 0)
				print_app(&out, &ba.apps, i, &ba.acts, &s.reg);
		rc = cli_out_finish(&out);
	} else if (strcmp(cmd, "approve") == 0) {
		rc = apps_approve(o, &s, &ba);
	} else {
		rc = apps_change(o, &s, &ba, strcmp(cmd, "apply") == 0);
	}
out:
	bank_apps_release(&ba);
	store_close(&s);
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

		xsnprintf(p, sizeof p, "%ld", cfg->goods[i].points);
		xsnprintf(q, sizeof q, "%" PRId64, ledger_state_shelf_stock(st, shelf,
									  cfg->goods[i].code));
		v[0] = code; v[1] = name; v[2] = cfg->goods[i].code; v[3] = cfg->goods[i].name;
		v[4] = p; v[5] = q;
		out_row(out, v);
	}
}

/* stock with no item: the shelves (bank_shelves). */
static int
list_stock(struct opts *o)
{
	struct store s;
	struct ledger_state st;
	struct bank_shelf *sh = NULL;
	struct wmsj_errlist bad;
	struct out out;
	size_t n = 0;
	int rc;

	wmsj_errlist_init(&bad);
	ledger_state_init(&st);
	if ((rc = open_store(&s, o, 0)) != WMSJ_OK)
		goto out;
	if (bank_shelves(&s, o->station, &st, &sh, &n, &bad) != WMSJ_OK) {
		rc = report(&bad);
		goto out;
	}
	out_init(&out, o->c.fmt, o->c.bom, shelf_cols, 6);
	for (size_t i = 0; i < n; i++)
		shelf_rows(&out, &s.cfg, &st, sh[i].code, sh[i].name, sh[i].shelf);
	rc = cli_out_finish(&out);
out:
	free(sh);
	ledger_state_release(&st);
	wmsj_errlist_release(&bad);
	store_close(&s);
	return rc;
}

static int
cmd_stock(struct opts *o)
{
	struct store s;
	struct bank_stock k;
	struct bank_entries b;
	struct wmsj_errlist bad;
	int64_t qty;
	int rc;

	if (o->item == NULL && o->qty == NULL && o->donor == NULL)
		return list_stock(o);
	if (o->item == NULL || o->qty == NULL)
		return cli_usage_error(_("stock needs --item CODE --qty N --donor NAME"));
	if ((rc = need_text("--donor", o->donor)) != WMSJ_OK)
		return rc;
	if (wmsj_points_parse(o->qty, &qty) != 0 || qty <= 0)
		return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
	if ((rc = open_store(&s, o, 1)) == WMSJ_OK) {
		memset(&k, 0, sizeof k);
		k.item = o->item;
		k.station = o->station;
		k.donor = o->donor;
		k.recorder = recorder(o->clerk);
		k.date = o->date;
		k.qty = qty;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		rc = finish(&s, o, bank_stock(&s, &k, &b, &bad), &b, &bad);
	}
	store_close(&s);
	return rc;
}

static int
cmd_redeem(struct opts *o)
{
	struct store s;
	struct bank_redeem r;
	struct bank_entries b;
	struct wmsj_errlist bad;
	int64_t qty = 1;
	int rc;

	if (o->card == NULL || o->item == NULL)
		return cli_usage_error(_("redeem needs --card CARD_NO --item CODE --clerk NAME"));
	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if (o->qty != NULL && (wmsj_points_parse(o->qty, &qty) != 0 || qty <= 0 || qty > 1000000))
		return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
	if ((rc = open_store_for(&s, o, (const char *const *)&o->card, 1)) == WMSJ_OK) {
		memset(&r, 0, sizeof r);
		r.card = o->card;
		r.item = o->item;
		r.qty = qty;
		r.date = o->date;
		r.clerk = o->clerk;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		rc = finish(&s, o, bank_redeem(&s, &r, &b, &bad), &b, &bad);
	}
	store_close(&s);
	return rc;
}

/* ---- the exchange day -----------------------------------------------------------
 *
 * A USB scanner types the card number and Enter.  Each line of standard input
 * is one redemption: "CARD", or "CARD ITEM [QTY]" to override --item and
 * --qty.  Before its outcome the holder's masked name and balance are shown;
 * a refusal is reported with its reason and the session goes on.  Every
 * accepted redemption is committed on its own (exchange.h).  At the end of
 * input: the day's summary; exit status 1 when anything was refused. */

/* One scan (tok: CARD [ITEM [QTY]]).  A refusal is counted and the day goes
 * on; anything else ends it (returned). */
static int
exch_line(const struct opts *o, struct exch_day *d, int64_t qty0, char **tok, size_t nt,
	  size_t lineno)
{
	struct wmsj_err err;
	int64_t qty = qty0;
	int st;

	if (nt == 3 && (wmsj_points_parse(tok[2], &qty) != 0 || qty <= 0 || qty > 1000000)) {
		cli_warn(_("line %zu: the quantity must be a whole number above 0, not '%s'"), lineno,
			 tok[2]);
		d->refused++;
		return WMSJ_OK;
	}
	if (nt == 1 && o->item == NULL) {
		cli_warn(_("line %zu: no item: give --item CODE or scan CARD ITEM"), lineno);
		d->refused++;
		return WMSJ_OK;
	}
	st = exch_scan(d, stdout, tok[0], nt >= 2 ? tok[1] : o->item, qty, &err);
	if (st == WMSJ_REFUSED)
		cli_warn(_("line %zu: %s"), lineno, err.msg);
	else if (st != WMSJ_OK)
		return cli_report(&err);
	fflush(stdout);
	return WMSJ_OK;
}

static int
cmd_exchange(struct opts *o)
{
	struct exch_day d;
	struct wmsj_err err;
	const char *date;
	size_t lineno = 0, lcap = 0;
	char *line = NULL;
	int64_t qty0 = 1;
	int rc = WMSJ_OK;

	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if (o->qty != NULL && (wmsj_points_parse(o->qty, &qty0) != 0 || qty0 <= 0 ||
			       qty0 > 1000000))
		return cli_usage_error(_("--qty needs a whole number above 0, not '%s'"), o->qty);
	if (o->nargs > 0)
		return cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	if (bank_date(o->date, NULL, &date, &err) != WMSJ_OK)
		return report_err(&err);
	{
		/* a data directory that cannot be read fails before the first scan */
		struct store s;

		rc = open_store(&s, o, 0);
		store_close(&s);
		if (rc != WMSJ_OK)
			return rc;
	}
	exch_day_init(&d, o->c.data, o->c.wait, o->clerk, date);
	if (isatty(0))
		fprintf(stderr, _("scan a card (or type CARD ITEM [QTY]) and press Enter; Ctrl-D ends the day\n"));
	while (rc == WMSJ_OK && getline(&line, &lcap, stdin) > 0) {
		char *tok[4] = {NULL, NULL, NULL, NULL}, *save = NULL, *t;
		size_t nt = 0;

		lineno++;
		for (t = strtok_r(line, " \t\r\n", &save); t != NULL && nt < 4;
		     t = strtok_r(NULL, " \t\r\n", &save))
			tok[nt++] = t;
		if (nt == 0)
			continue;
		d.scans++;
		if (nt > 3) {
			cli_warn(_("line %zu: expected CARD [ITEM [QTY]]"), lineno);
			d.refused++;
			continue;
		}
		rc = exch_line(o, &d, qty0, tok, nt, lineno);
	}
	if (rc == WMSJ_OK && ferror(stdin)) {
		wmsj_err_sys(&err, errno, _("cannot read standard input"));
		rc = cli_report(&err);
	}
	free(line);
	exch_day_summary(&d, stdout);
	exch_day_release(&d);
	if (rc == WMSJ_OK && d.refused > 0)
		rc = WMSJ_REFUSED;
	return rc;
}

static int
cmd_clear(struct opts *o)
{
	struct store s;
	struct bank_clear c;
	struct bank_entries b;
	struct wmsj_errlist bad;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("clear needs one KEY"));
	if (o->reason == NULL || strlen(o->reason) != 1 || strchr("ABC", o->reason[0]) == NULL)
		return cli_usage_error(_("--reason must be A, B or C (see --help)"));
	if ((rc = need_text("--note", o->note)) != WMSJ_OK ||
	    (rc = need_text("--approver", o->approver)) != WMSJ_OK)
		return rc;
	if ((rc = open_store(&s, o, 1)) == WMSJ_OK) {
		memset(&c, 0, sizeof c);
		c.key = o->args[0];
		c.reason = o->reason;
		c.note = o->note;
		c.approver = o->approver;
		c.date = o->date;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		rc = finish(&s, o, bank_clear(&s, &c, &b, &bad), &b, &bad);
	}
	store_close(&s);
	return rc;
}

static int
cmd_reverse(struct opts *o)
{
	struct store s;
	struct bank_reverse q;
	struct bank_entries b;
	struct wmsj_errlist bad;
	uint64_t seq;
	int rc;

	if (o->nargs != 1 || ledger_txn_parse(o->args[0], &seq) != 0)
		return cli_usage_error(_("reverse needs one transaction id like T00000012"));
	if ((rc = need_text("--reason", o->reason)) != WMSJ_OK ||
	    (rc = need_text("--approver", o->approver)) != WMSJ_OK)
		return rc;
	if ((rc = open_store(&s, o, 1)) == WMSJ_OK) {
		memset(&q, 0, sizeof q);
		q.seq = seq;
		q.reason = o->reason;
		q.approver = o->approver;
		q.date = o->date;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		rc = finish(&s, o, bank_reverse(&s, &q, &b, &bad), &b, &bad);
	}
	store_close(&s);
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
	xsnprintf(e, sizeof e, "%" PRId64, a->earned);
	xsnprintf(r, sizeof r, "%" PRId64, a->redeemed);
	xsnprintf(c, sizeof c, "%" PRId64, a->cleared);
	xsnprintf(b, sizeof b, "%" PRId64, a->balance);
	wmsj_hours_format(a->hours, h);
	vals[0] = v->id; vals[1] = v->name; vals[2] = v->card_no; vals[3] = v->station;
	vals[4] = v->status; vals[5] = e; vals[6] = r; vals[7] = c; vals[8] = b; vals[9] = h;
	out_row(out, vals);
}

static int
cmd_balance(struct opts *o)
{
	struct store s;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct out out;
	int rc;

	if (o->asof != NULL && wmsj_date_parse(o->asof, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--as-of needs a date YYYY-MM-DD, not '%s'"), o->asof);
	if ((rc = o->nargs == 1 ? open_store_key(&s, o, o->args[0]) : open_store(&s, o, 0)) !=
	    WMSJ_OK)
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
	out_init(&out, o->c.fmt, o->c.bom, bal_cols, 10);
	if (o->nargs > 0) {
		/* One volunteer's rows each (ledger_index.h), not the county's. */
		for (size_t i = 0; i < o->nargs; i++) {
			const struct volunteer *v = vreg_find(&s.reg, o->args[i]);
			struct account a;
			struct wmsj_err err;

			if ((rc = ledger_volunteer_account(o->c.data, v->id, o->asof, &a, NULL,
							   &err)) != WMSJ_OK) {
				out_release(&out);
				rc = cli_report(&err);
				goto out;
			}
			print_balance(&out, v, &a);
		}
		rc = cli_out_finish(&out);
		goto out;
	}
	memset(&lo, 0, sizeof lo);
	lo.as_of = o->asof;
	if ((rc = load_state(&st, o->c.data, &lo)) != WMSJ_OK) {
		out_release(&out);
		goto out;
	}
	for (size_t i = 0; i < s.reg.n; i++) {
		const struct volunteer *v = &s.reg.v[i];
		if (o->station != NULL && strcmp(v->station, o->station) != 0)
			continue;
		print_balance(&out, v, ledger_state_account(&st, v->id));
	}
	rc = cli_out_finish(&out);
	ledger_state_release(&st);
out:
	store_close(&s);
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
	struct store s;
	struct wmsj_err err;
	struct out out;
	struct hist h;
	const struct volunteer *v;
	int64_t balance = 0;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("history needs one KEY"));
	if ((rc = open_store_key(&s, o, o->args[0])) != WMSJ_OK)
		goto out;
	if ((v = vreg_find(&s.reg, o->args[0])) == NULL) {
		warn_unknown(o->args[0]);
		rc = WMSJ_REFUSED;
		goto out;
	}
	memset(&h, 0, sizeof h);
	h.id = v->id;
	{
		struct ledger_rows rows;

		rc = ledger_volunteer_rows(o->c.data, v->id, &rows, NULL, &err);
		for (size_t i = 0; rc == WMSJ_OK && i < rows.n; i++)
			rc = hist_cb(&h, &rows.r[i].row, &err);
		ledger_rows_release(&rows);
	}
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
		xsnprintf(p, sizeof p, "%" PRId64, r->points);
		wmsj_hours_format(r->hours, hr);
		xsnprintf(b, sizeof b, "%" PRId64, balance);
		xsnprintf(q, sizeof q, "%" PRId64, r->qty);
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
	store_close(&s);
	return rc;
}

/* --quarter, --month, --from, --to: the period [from, to] (export.h). */
static int
export_opts(const struct opts *o, char from[11], char to[11])
{
	switch (export_period(o->quarter, o->month, o->from, o->to, from, to)) {
	case EXP_BAD_QUARTER:
		return cli_usage_error(_("--quarter needs YYYYQn, not '%s'"), o->quarter);
	case EXP_BAD_MONTH:
		return cli_usage_error(_("--month needs YYYY-MM, not '%s'"), o->month);
	case EXP_BAD_FROM:
		return cli_usage_error(_("--from needs a date YYYY-MM-DD, not '%s'"), o->from);
	case EXP_BAD_TO:
		return cli_usage_error(_("--to needs a date YYYY-MM-DD, not '%s'"), o->to);
	default:
		return WMSJ_OK;
	}
}

/* The rows gathered (CSV in buf) as a workbook. */
static int
export_xlsx(const struct opts *o, char *xbuf, size_t xlen)
{
	struct csv_table t;
	struct wmsj_err err;
	struct out out;
	int rc;

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

static int
cmd_export(struct opts *o)
{
	struct ledger_reader *r;
	struct wmsj_err err;
	struct wmsj_config cfg;
	char from[11] = "", to[11] = "9999-12-31";
	char *xbuf = NULL;
	size_t xlen = 0;
	FILE *f;
	int rc;

	if ((rc = export_opts(o, from, to)) != WMSJ_OK)
		return rc;
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
	rc = export_rows(r, f, from, to, o->station, f == stdout, &err);
	ledger_close(r);
	if (f != stdout)
		fclose(f);
	if (rc != WMSJ_OK) {
		free(xbuf);
		return cli_report(&err);
	}
	return f != stdout ? export_xlsx(o, xbuf, xlen) : WMSJ_OK;
}

static const char *const close_cols[] = {
	"month", "txn", "rows", "awards", "earned", "redeemed", "cleared", "hours", "stock_in",
	"stock_out", "volunteers", "snapshot", "seal"
};

static int
cmd_close(struct opts *o)
{
	struct store s;
	struct seal_result res;
	struct wmsj_err err;
	struct out out;
	int rc;

	if (o->month == NULL || wmsj_month_parse(o->month, NULL, NULL) != 0)
		return cli_usage_error(_("close needs --month YYYY-MM"));
	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if ((rc = open_store(&s, o, 1)) != WMSJ_OK)
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
		xsnprintf(rows, sizeof rows, "%" PRIu64, res.month.rows);
		xsnprintf(aw, sizeof aw, "%" PRIu64, res.month.awards);
		xsnprintf(e, sizeof e, "%" PRId64, res.month.earned);
		xsnprintf(r, sizeof r, "%" PRId64, res.month.redeemed);
		xsnprintf(c, sizeof c, "%" PRId64, res.month.cleared);
		wmsj_hours_format(res.month.hours, h);
		xsnprintf(si, sizeof si, "%" PRId64, res.month.stock_in);
		xsnprintf(so, sizeof so, "%" PRId64, res.month.stock_out);
		xsnprintf(n, sizeof n, "%zu", res.accounts);
		v[0] = o->month; v[1] = res.txn; v[2] = rows; v[3] = aw; v[4] = e; v[5] = r; v[6] = c;
		v[7] = h; v[8] = si; v[9] = so; v[10] = n; v[11] = res.snapshot_hash; v[12] = res.hash;
		out_init(&out, o->c.fmt, o->c.bom, close_cols, 13);
		out_row(&out, v);
		rc = cli_out_finish(&out);
	}
out:
	store_close(&s);
	return rc;
}

/* The command line into o (o->args allocated by the caller, argc + 1):
 * WMSJ_OK; the status after a usage message; or -1 after --help. */
static int
parse_args(struct opts *o, int argc, char **argv)
{
	const char **seen = xcalloc((size_t)argc + 1, sizeof *seen);
	size_t nseen = 0;
	int c, li, rc = WMSJ_OK;

	opterr = 0;
	while (rc == WMSJ_OK && (c = getopt_long(argc, argv, "-d:h", longopts, &li)) != -1) {
		if (c > OPT_COMMON_LAST)
			seen[nseen++] = longopts[li].name;
		if (c >= O_STATION && c <= O_QUARTER) {
			*(const char **)((char *)o + optfield[c - O_STATION]) = optarg;
			continue;
		}
		switch (c) {
		case 1: o->args[o->nargs++] = optarg; break;
		case 'h':
			fputs(_(usage_head), stdout);
			cli_cmd_print_synopses(cmds, NCMDS, stdout);
			fputs(_(usage_tail), stdout);
			rc = -1;
			break;
		case '?':
			rc = cli_usage_error(_("unknown option or missing argument: '%s'"), argv[optind - 1]);
			break;
		default:
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
		}
	}
	if (rc == WMSJ_OK && o->nargs == 0)
		rc = cli_usage_error(_("a command is needed (see --help)"));
	if (rc == WMSJ_OK)
		rc = cli_cmd_check_options(cmds, NCMDS, o->args[0], o->nargs > 1 ? o->args[1] : NULL,
					   seen, nseen);
	free(seen);
	return rc;
}

/* Run command id on o's arguments (the command word taken off). */
static int
dispatch(struct opts *o, int id)
{
	switch (id) {
	case C_ACTIVITY: return cmd_activity(o);
	case C_AWARD: return cmd_award(o);
	case C_APPLY: return cmd_apps(o, "apply");
	case C_PENDING: return cmd_apps(o, "pending");
	case C_APPROVE: return cmd_apps(o, "approve");
	case C_REJECT: return cmd_apps(o, "reject");
	case C_STOCK: return cmd_stock(o);
	case C_REDEEM: return cmd_redeem(o);
	case C_EXCHANGE: return cmd_exchange(o);
	case C_CLEAR: return cmd_clear(o);
	case C_REVERSE: return cmd_reverse(o);
	case C_BALANCE: return cmd_balance(o);
	case C_HISTORY: return cmd_history(o);
	case C_EXPORT: return cmd_export(o);
	default: return cmd_close(o);
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	char **args;
	const struct cli_cmd *cmd;
	int rc;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.args = args = xcalloc((size_t)argc + 1, sizeof *o.args);
	rc = parse_args(&o, argc, argv);
	if (rc != WMSJ_OK) {
		free(args);
		return rc == -1 ? wmsj_close_stdout(NULL) : rc;
	}
	cmd = cli_cmd_find(cmds, NCMDS, o.args[0], o.nargs > 1 ? o.args[1] : NULL);
	if (cmd == NULL && cli_cmd_takes(cmds, NCMDS, o.args[0], NULL, "") < 0) {
		rc = cli_usage_error(_("unknown command '%s'"), o.args[0]);
	} else {
		/* "activity" without a verb it knows: cmd_activity says which */
		o.args++;
		o.nargs--;
		rc = dispatch(&o, cmd != NULL ? cmd->id : C_ACTIVITY);
	}
	free(args);
	return cli_exit(rc);
}
