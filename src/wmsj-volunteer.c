/* wmsj-volunteer: register volunteers and issue their points cards.
 * Options and dispatch only; the register lives in lib/volunteer.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>

#include "card.h"
#include "cardno.h"
#include "cli.h"
#include "config.h"
#include "csvin.h"
#include "fsio.h"
#include "i18n.h"
#include "importmap.h"
#include "labels.h"
#include "ledger.h"
#include "mask.h"
#include "figures.h"
#include "out.h"
#include "roster.h"
#include "store.h"
#include "rules.h"
#include "util.h"
#include "validate.h"
#include "vfind.h"
#include "vindex.h"
#include "views.h"
#include "volunteer.h"
#include "xlsx.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_("usage: wmsj-volunteer [-d DIR] COMMAND [OPTIONS]\n");
/* The command table: the synopsis names every option a command takes (cli.h). */
enum cmd_id {
	C_INIT, C_ADD, C_IMPORT, C_LIST, C_SHOW, C_UPDATE, C_REISSUE, C_SUSPEND, C_RESUME,
	C_WITHDRAW, C_CORRECT_ID, C_CARD
};
static const struct cli_cmd cmds[] = {
	{"init", "init", C_INIT},
	{"add", "add --name N --id-number ID|- --phone P|- --station CODE [--tags T1,T2]\n"
	 "      [--platform-no NO] [--date D] [--reveal]", C_ADD},
	{"import", "import FILE|- [--dry-run] [--date D] [--encoding auto|utf-8|gb18030]\n"
	 "       [--reveal]", C_IMPORT},
	{"list", "list [--name PART] [--station CODE] [--status active|suspended|withdrawn]\n"
	 "       [--tag T] [--eligible [--date D]] [--reveal]", C_LIST},
	{"show", "show KEY [--reveal]", C_SHOW},
	{"update", "update KEY [--name N] [--phone P|-] [--station CODE] [--tags T1,T2]\n"
	 "         [--platform-no NO] [--date D] [--reveal]", C_UPDATE},
	{"reissue", "reissue KEY [--date D] [--reveal]", C_REISSUE},
	{"suspend", "suspend KEY --reason R [--date D] [--reveal]", C_SUSPEND},
	{"resume", "resume KEY [--date D] [--reveal]", C_RESUME},
	{"withdraw", "withdraw KEY --reason R [--date D] [--reveal]", C_WITHDRAW},
	{"correct-id", "correct-id KEY --id-number ID|- --reason R [--date D]\n"
	 "             [--reveal]", C_CORRECT_ID},
	{"card", "card [--station CODE] [KEY...] [--format html|svg]", C_CARD},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])
static const char *const usage_tail = N_(
	"ID or P given as - is read from standard input; left out on a terminal,\n"
	"it is asked for.\n"
	"common options: -d DIR, --data DIR; --format table|csv|xlsx; --bom;\n"
	"  --header en|zh; --wide; --wait SECONDS; -h, --help; --version\n"
	"KEY is a volunteer id, a card number, an ID number or a name that only one\n"
	"volunteer has; - reads it from standard input (then --phone - or\n"
	"--id-number - reads the next line).\n");

enum {
	O_NAME = OPT_COMMON_LAST + 1, O_IDNUM, O_PHONE, O_STATION, O_TAGS, O_PLATFORM, O_DATE,
	O_DRYRUN, O_STATUS, O_TAG, O_REVEAL, O_REASON, O_ELIGIBLE
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"name", 1, 0, O_NAME}, {"id-number", 1, 0, O_IDNUM}, {"phone", 1, 0, O_PHONE},
	{"station", 1, 0, O_STATION}, {"tags", 1, 0, O_TAGS}, {"platform-no", 1, 0, O_PLATFORM},
	{"date", 1, 0, O_DATE}, {"dry-run", 0, 0, O_DRYRUN}, {"status", 1, 0, O_STATUS},
	{"tag", 1, 0, O_TAG}, {"reveal", 0, 0, O_REVEAL}, {"reason", 1, 0, O_REASON},
	{"eligible", 0, 0, O_ELIGIBLE},
	{0, 0, 0, 0}
};

struct opts {
	struct cli_common c;
	char idbuf[256], phonebuf[256];  /* --id-number -, --phone -: read from stdin */
	char keybuf[256];                /* KEY - */
	const char *name, *idnum, *phone, *station, *tags, *platform, *date, *status, *tag, *reason;
	int dry_run, reveal, eligible;
	const char *doc;      /* card: --format html or svg */
	char **args;
	size_t nargs;
	const char *onekey;   /* show: only this volunteer's record is needed */
};

static const char *const list_cols[] = {
	"id", "card_no", "name", "id_number", "phone", "station", "station_name", "status",
	"tags", "platform_no", "registered"
};
#define NLIST (sizeof list_cols / sizeof list_cols[0])

static void
print_one(struct out *o, const struct wmsj_config *cfg, const struct volunteer *v, int reveal)
{
	const struct wmsj_station *st = config_station(cfg, v->station);
	char *idm = reveal ? xstrdup(v->id_number) : mask_idnum(v->id_number);
	char *phm = reveal ? xstrdup(v->phone) : mask_phone(v->phone);
	const char *vals[NLIST] = {v->id, v->card_no, v->name, idm, phm, v->station,
				   st != NULL ? st->name : "", v->status, v->tags, v->platform_no,
				   v->registered};

	out_row(o, vals);
	free(idm);
	free(phm);
}

/* Lock, load config and register.  On failure prints and returns status. */
struct session {
	struct wmsj_config cfg;
	struct vregister reg;
	struct wmsj_lock lock;
	int have_cfg, have_reg;
};

static int
open_session(struct session *s, const struct opts *o, int write)
{
	struct wmsj_err err;
	int rc;

	memset(s, 0, sizeof *s);
	s->lock.fd = -1;
	rc = config_load(&s->cfg, o->c.data, &err);
	if (rc != WMSJ_OK) {
		config_release(&s->cfg);
		return cli_report(&err);
	}
	s->have_cfg = 1;
	if (write && (rc = fsio_lock(&s->lock, o->c.data, o->c.wait, &err)) != WMSJ_OK)
		return cli_report(&err);
	/* A register's file that is missing is written again from the
	 * history (its view). */
	if (write && (rc = views_restore(o->c.data, &err)) != WMSJ_OK)
		return cli_report(&err);
	if (o->onekey != NULL && !write) {
		int one;

		rc = vreg_load_key(&s->reg, o->c.data, o->onekey, &one, &err);
	} else {
		rc = vreg_load(&s->reg, o->c.data, &err);
	}
	s->have_reg = 1;
	if (rc != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* Before allocating ids or cards: learn what the ledger has seen, so that a
 * register that lost rows never hands one out again. */
static int
learn_ledger(struct session *s)
{
	struct wmsj_err err;

	if (vreg_learn_ledger(&s->reg, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

static void
close_session(struct session *s)
{
	if (s->have_reg)
		vreg_release(&s->reg);
	if (s->have_cfg)
		config_release(&s->cfg);
	fsio_unlock(&s->lock);
}

/* The command being run and its --date: the register's history records
 * them with each change (vreg_save). */
static const char *g_cmd, *g_date;

static int
save(struct session *s)
{
	struct wmsj_err err;

	s->reg.action = g_cmd;
	s->reg.event_date = g_date;
	if (vreg_save(&s->reg, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

static int
cmd_init(struct opts *o)
{
	struct wmsj_err err;

	if (store_init(o->c.data, o->c.wait, &err) != WMSJ_OK)
		return cli_report(&err);
	cli_warn(_("created a data directory in '%s': edit wmsj.yaml for your stations and goods"),
		 o->c.data);
	return WMSJ_OK;
}

static int
cmd_add(struct opts *o)
{
	struct session s;
	struct wmsj_err err;
	struct roster_fields f;
	struct out out;
	const char *date = o->date != NULL ? o->date : wmsj_today();
	int rc;

	if (o->name == NULL || o->station == NULL)
		return cli_usage_error(_("add needs --name, --id-number, --phone and --station"));
	/* Out of argv (ps shows it to every user): "-" reads standard input,
	 * and on a terminal the tool asks.  Before the lock: a person types. */
	if (cli_private_value(&o->idnum, "--id-number", _("ID number"), _("ID number: "),
			      o->idbuf, sizeof o->idbuf) != 0 ||
	    cli_private_value(&o->phone, "--phone", _("phone"), _("phone: "), o->phonebuf,
			      sizeof o->phonebuf) != 0)
		return WMSJ_USAGE;
	if (o->idnum == NULL || o->phone == NULL)
		return cli_usage_error(_("add needs --name, --id-number, --phone and --station"));
	if (wmsj_date_parse(date, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), date);
	if ((rc = open_session(&s, o, 1)) != WMSJ_OK || (rc = learn_ledger(&s)) != WMSJ_OK)
		goto out;
	f.name = o->name;
	f.idnum = o->idnum;
	f.phone = o->phone;
	f.station = o->station;
	f.tags = o->tags;
	f.platform = o->platform;
	if (roster_add(&s.reg, &s.cfg, &f, date, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = save(&s)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	print_one(&out, &s.cfg, &s.reg.v[s.reg.n - 1], o->reveal);
	rc = cli_out_finish(&out);
out:
	close_session(&s);
	return rc;
}

/* The sheet of an import (its own header names, 姓名, ID Number ..., a
 * title row above them, the blank rows a spreadsheet leaves at the end:
 * importmap.h), read and mapped; on failure printed and released. */
static int
read_sheet(struct opts *o, struct csv_table *t, struct import_map *m)
{
	struct wmsj_err err;
	struct progress pg;
	int rc;

	progress_init(&pg, o->args[0]);
	rc = sheet_table_read(t, o->args[0], o->c.enc, progress_cb, &pg, &err);
	progress_done(&pg);
	if (rc == WMSJ_OK)
		rc = import_map_table(m, t, strcmp(o->args[0], "-") == 0 ? "<stdin>" : o->args[0],
				      &err);
	if (rc != WMSJ_OK) {
		csv_table_release(t);
		return cli_report(&err);
	}
	return WMSJ_OK;
}

static int
cmd_import(struct opts *o)
{
	struct session s;
	struct csv_table t;
	struct import_map m;
	struct wmsj_err err;
	struct wmsj_errlist bad;
	struct out out;
	size_t first_new, nrows;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("import needs one FILE (or - for standard input)"));
	if ((rc = open_session(&s, o, !o->dry_run)) != WMSJ_OK || (rc = learn_ledger(&s)) != WMSJ_OK ||
	    (rc = read_sheet(o, &t, &m)) != WMSJ_OK) {
		close_session(&s);
		return rc;
	}
	nrows = m.end - m.first;
	wmsj_errlist_init(&bad);
	first_new = s.reg.n;
	rc = roster_import(&s.reg, &s.cfg, &t, &m, o->args[0],
			   o->date != NULL ? o->date : wmsj_today(), &bad, &err);
	if (rc != WMSJ_OK) {
		cli_report(&err);       /* the generator failed, nothing is written */
	} else if (bad.n > 0) {
		cli_report_list(&bad);
		cli_warn(_("%zu of %zu rows refused; nothing imported"), bad.n, nrows);
		rc = WMSJ_REFUSED;
	} else if (o->dry_run) {
		cli_warn(_("%zu rows checked; all can be imported (dry run, nothing written)"), nrows);
	} else if ((rc = save(&s)) == WMSJ_OK) {
		out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
		for (size_t i = first_new; i < s.reg.n; i++)
			print_one(&out, &s.cfg, &s.reg.v[i], o->reveal);
		rc = cli_out_finish(&out);
		if (rc == WMSJ_OK)
			cli_warn(_("imported %zu volunteers"), s.reg.n - first_new);
	}
	wmsj_errlist_release(&bad);
	csv_table_release(&t);
	close_session(&s);
	return rc;
}

static int
cmd_list(struct opts *o)
{
	struct session s;
	struct out out;
	struct wmsj_err err;
	struct fig_clearings fc;
	struct roster_filter f;
	const char *date = o->date != NULL ? o->date : wmsj_today();
	char *pat = NULL;
	int rc;

	if (o->name != NULL && vfind_pattern(o->name, &pat, &err) != WMSJ_OK)
		return cli_usage_error("%s", err.msg);
	if (o->status != NULL && vstatus_parse(o->status) == VS_INVALID) {
		free(pat);
		return cli_usage_error(_("--status must be active, suspended or withdrawn, not '%s'"),
				       o->status);
	}
	if (o->date != NULL && !o->eligible) {
		free(pat);
		return cli_usage_error(_("list takes --date only with --eligible"));
	}
	if (o->eligible && wmsj_date_parse(date, NULL, NULL, NULL) != 0) {
		free(pat);
		return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), date);
	}
	if ((rc = open_session(&s, o, 0)) != WMSJ_OK) {
		free(pat);
		close_session(&s);
		return rc;
	}
	if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
		cli_warn(_("unknown station '%s'"), o->station);
		free(pat);
		close_session(&s);
		return WMSJ_REFUSED;
	}
	/* --eligible: who may earn on the date (rules.h), so that the list
	 * piped to wmsj-points award holds nobody it would refuse for it. */
	if (o->eligible && fig_clearings_load(&fc, o->c.data, &err) != WMSJ_OK) {
		free(pat);
		fig_clearings_release(&fc);
		close_session(&s);
		return cli_report(&err);
	}
	f.pat = pat;
	f.station = o->station;
	f.status = o->status;
	f.tag = o->tag;
	f.date = date;
	f.fc = o->eligible ? &fc : NULL;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	for (size_t i = 0; i < s.reg.n; i++)
		if (roster_listed(&f, &s.reg.v[i]))
			print_one(&out, &s.cfg, &s.reg.v[i], o->reveal);
	free(pat);
	if (o->eligible)
		fig_clearings_release(&fc);
	rc = cli_out_finish(&out);
	close_session(&s);
	return rc;
}

/* Find KEY or print why not: an id, a card number, an ID number, or a name
 * only one volunteer has (vfind.h). */
static struct volunteer *
lookup(struct session *s, const char *key)
{
	struct wmsj_err err;
	struct volunteer *v;
	size_t idx[20], n;

	if (cardno_typed(key, &err) != WMSJ_OK) {
		cli_report(&err);
		return NULL;
	}
	switch (vfind_key(&s->reg, key, &v, idx, 20, &n)) {
	case VK_FOUND:
		return v;
	case VK_REISSUED:
		cli_warn(_("card '%s' was reissued; the current card of volunteer '%s' is '%s'"), key,
			 v->id, v->card_no);
		return NULL;
	case VK_SHARED:
		cli_warn(_("the name '%s' is shared by %zu volunteers; give one of their ids:"), key, n);
		for (size_t i = 0; i < n && i < 20; i++) {
			const struct volunteer *c = &s->reg.v[idx[i]];
			char *m = mask_idnum(c->id_number);

			fprintf(stderr, "  %s  %s  %s\n", c->id, c->station, m);
			free(m);
		}
		if (n > 20)
			fprintf(stderr, "  ...\n");
		return NULL;
	default:
		break;
	}
	cli_warn(_("no volunteer '%s' (give a volunteer id, a card number, an ID number or a name)"),
		 key);
	return NULL;
}

enum change { CH_SHOW, CH_UPDATE, CH_REISSUE, CH_SUSPEND, CH_RESUME, CH_WITHDRAW };

/* The arguments of a command on one KEY, checked before the register is
 * opened; *key is the KEY (read from standard input for "-"). */
static int
key_args(struct opts *o, enum change ch, const char **key)
{
	static const char *const cmdname[] = {"show", "update", "reissue", "suspend", "resume",
					      "withdraw"};
	struct wmsj_err err;

	if (o->nargs != 1)
		return cli_usage_error(_("this command needs one KEY (volunteer id, card number or ID number)"));
	*key = o->args[0];
	if ((ch == CH_SUSPEND || ch == CH_WITHDRAW) && (o->reason == NULL || *o->reason == '\0'))
		return cli_usage_error(_("a reason is required: --reason TEXT"));
	if (o->reason != NULL && wmsj_text_check(o->reason, 500, &err) != WMSJ_OK)
		return cli_usage_error("--reason: %s", err.msg);
	/* KEY "-": the key (an ID number, say) from standard input, not argv. */
	if (strcmp(*key, "-") == 0 &&
	    cli_private_value(key, cmdname[ch], _("KEY"), "", o->keybuf, sizeof o->keybuf) != 0)
		return WMSJ_USAGE;
	if (ch == CH_UPDATE && o->phone != NULL &&
	    cli_private_value(&o->phone, "--phone", _("phone"), _("phone: "), o->phonebuf,
			      sizeof o->phonebuf) != 0)
		return WMSJ_USAGE;
	return WMSJ_OK;
}

/* The change ch to v (roster.h), printed when refused. */
static int
change(struct session *s, struct opts *o, enum change ch, struct volunteer *v)
{
	struct roster_fields f;
	struct wmsj_err err;
	int rc;

	switch (ch) {
	case CH_UPDATE:
		if (o->name == NULL && o->phone == NULL && o->station == NULL && o->tags == NULL &&
		    o->platform == NULL)
			return cli_usage_error(_("update needs at least one of --name, --phone, --station, --tags, --platform-no"));
		memset(&f, 0, sizeof f);
		f.name = o->name;
		f.phone = o->phone;
		f.station = o->station;
		f.tags = o->tags;
		f.platform = o->platform;
		rc = roster_update(&s->reg, v, &s->cfg, &f, &err);
		break;
	case CH_REISSUE:
		/* the rule before the ledger is read */
		if ((rc = roster_check(v, RC_REISSUE, &err)) != WMSJ_OK)
			break;
		if ((rc = learn_ledger(s)) != WMSJ_OK)
			return rc;
		rc = roster_reissue(&s->reg, v, &err);
		break;
	case CH_SUSPEND:
		rc = roster_set_status(&s->reg, v, RC_SUSPEND, o->reason, &err);
		break;
	case CH_RESUME:
		rc = roster_set_status(&s->reg, v, RC_RESUME, NULL, &err);
		break;
	case CH_WITHDRAW:
		rc = roster_set_status(&s->reg, v, RC_WITHDRAW, o->reason, &err);
		break;
	default:
		return WMSJ_OK;
	}
	if (rc != WMSJ_OK)
		return cli_report(&err);
	return save(s);
}

static int
cmd_key(struct opts *o, enum change ch)
{
	struct session s;
	struct volunteer *v;
	struct out out;
	const char *key;
	int rc;

	if ((rc = key_args(o, ch, &key)) != WMSJ_OK)
		return rc;
	if (ch == CH_SHOW)
		o->onekey = key;
	if ((rc = open_session(&s, o, ch != CH_SHOW)) != WMSJ_OK)
		goto out;
	if ((v = lookup(&s, key)) == NULL) {
		rc = WMSJ_REFUSED;
		goto out;
	}
	if ((rc = change(&s, o, ch, v)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	print_one(&out, &s.cfg, v, o->reveal);
	rc = cli_out_finish(&out);
out:
	close_session(&s);
	return rc;
}

/* correct-id KEY --id-number ID|- --reason R: an ID number typed wrong, an
 * event with a reason kept in the record (vfind.h). */
static int
cmd_correct_id(struct opts *o)
{
	struct session s;
	struct volunteer *v;
	struct wmsj_err err;
	struct out out;
	const char *date = o->date != NULL ? o->date : wmsj_today();
	const char *key;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("this command needs one KEY (volunteer id, card number or ID number)"));
	key = o->args[0];
	if (o->reason == NULL || *o->reason == '\0')
		return cli_usage_error(_("a reason is required: --reason TEXT"));
	if (wmsj_date_parse(date, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), date);
	/* KEY "-" first, then --id-number -: one line each (as update does). */
	if (strcmp(key, "-") == 0 &&
	    cli_private_value(&key, "correct-id", _("KEY"), "", o->keybuf, sizeof o->keybuf) != 0)
		return WMSJ_USAGE;
	if (cli_private_value(&o->idnum, "--id-number", _("ID number"), _("ID number: "), o->idbuf,
			      sizeof o->idbuf) != 0)
		return WMSJ_USAGE;
	if (o->idnum == NULL)
		return cli_usage_error(_("correct-id needs --id-number (- reads it from standard input)"));
	if ((rc = open_session(&s, o, 1)) != WMSJ_OK)
		goto out;
	if ((v = lookup(&s, key)) == NULL) {
		rc = WMSJ_REFUSED;
		goto out;
	}
	if (roster_correct_id(&s.reg, v, o->idnum, date, o->reason, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = save(&s)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	print_one(&out, &s.cfg, v, o->reveal);
	rc = cli_out_finish(&out);
out:
	close_session(&s);
	return rc;
}

/* The points cards of a station (or of the volunteers named) for an A4
 * sheet: card.h.  Read-only; the document goes to stdout. */
static int
cmd_card(struct opts *o)
{
	struct session s;
	struct card_face *faces;
	const struct volunteer **who;
	struct wmsj_err err;
	struct sb sb;
	size_t n = 0;
	int rc;

	if (o->c.fmt != WMSJ_FMT_AUTO)
		return cli_usage_error(_("card formats are html and svg"));
	if ((rc = open_session(&s, o, 0)) != WMSJ_OK) {
		close_session(&s);
		return rc;
	}
	if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
		cli_warn(_("unknown station '%s'"), o->station);
		close_session(&s);
		return WMSJ_REFUSED;
	}
	faces = xcalloc(s.reg.n + o->nargs + 1, sizeof *faces);
	who = xcalloc(s.reg.n + o->nargs + 1, sizeof *who);
	for (size_t i = 0; i < o->nargs; i++) {
		struct volunteer *v = lookup(&s, o->args[i]);

		if (v == NULL) {
			rc = WMSJ_REFUSED;
			continue;
		}
		if (roster_check(v, RC_CARD, &err) != WMSJ_OK) {
			rc = cli_report(&err);
			continue;
		}
		who[n++] = v;
	}
	if (o->nargs == 0)
		n = roster_sheet(&s.reg, o->station, who);
	for (size_t i = 0; i < n; i++)
		card_face_of(&faces[i], &s.cfg, who[i]);
	if (rc == WMSJ_OK) {
		sb_init(&sb);
		if (card_sheet(&sb, faces, n, o->doc != NULL && strcmp(o->doc, "svg") == 0 ? CARD_SVG
											  : CARD_HTML,
			       &err) != WMSJ_OK)
			rc = cli_report(&err);
		else if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len)
			rc = wmsj_close_stdout(NULL);
		sb_release(&sb);
		if (rc == WMSJ_OK && n == 0)
			cli_warn(_("no active volunteers: an empty sheet"));
	}
	free(faces);
	free(who);
	close_session(&s);
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
		switch (c) {
		case 1: o->args[o->nargs++] = optarg; break;
		case 'h':
			fputs(_(usage_head), stdout);
			cli_cmd_print_synopses(cmds, NCMDS, stdout);
			fputs(_(usage_tail), stdout);
			rc = -1;
			break;
		case O_NAME: o->name = optarg; break;
		case O_IDNUM: o->idnum = optarg; break;
		case O_PHONE: o->phone = optarg; break;
		case O_STATION: o->station = optarg; break;
		case O_TAGS: o->tags = optarg; break;
		case O_PLATFORM: o->platform = optarg; break;
		case O_DATE: o->date = optarg; break;
		case O_DRYRUN: o->dry_run = 1; break;
		case O_STATUS: o->status = optarg; break;
		case O_ELIGIBLE: o->eligible = 1; break;
		case O_TAG: o->tag = optarg; break;
		case O_REVEAL: o->reveal = 1; break;
		case O_REASON: o->reason = optarg; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "html") == 0 || strcmp(optarg, "svg") == 0)
				o->doc = optarg; /* the card sheet's formats */
			else if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
			break;
		case '?':
			if (optopt != 0)
				rc = cli_usage_error(_("unknown option or missing argument: '%s'"),
						     argv[optind - 1]);
			else
				rc = cli_usage_error(_("unknown option '%s'"), argv[optind - 1]);
			break;
		case ':':
			rc = cli_usage_error(_("option '%s' needs an argument"), argv[optind - 1]);
			break;
		default:
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
		}
	}
	if (rc == WMSJ_OK && o->nargs == 0)
		rc = cli_usage_error(_("a command is needed: init, add, import, list, show, update, reissue, suspend, resume, withdraw, correct-id or card"));
	if (rc == WMSJ_OK)
		rc = cli_cmd_check_options(cmds, NCMDS, o->args[0], NULL, seen, nseen);
	free(seen);
	return rc;
}

/* Run command cmd (its table entry, NULL when unknown) on o's arguments
 * (the command word already taken off). */
static int
dispatch(struct opts *o, const struct cli_cmd *entry, const char *cmd)
{
	if (o->doc != NULL && strcmp(cmd, "card") != 0)
		return cli_usage_error(_("unknown format '%s' (use table or csv)"), o->doc);
	g_cmd = cmd;
	g_date = o->date;
	/* The day a change takes effect, recorded in the register's history
	 * (a suspension as of a date): a real date, not after today.  For
	 * list --eligible it is the day asked about, which may lie ahead. */
	if (o->date != NULL && strcmp(cmd, "list") != 0 &&
	    (wmsj_date_parse(o->date, NULL, NULL, NULL) != 0 || strcmp(o->date, wmsj_today()) > 0))
		return cli_usage_error(_("--date needs a date YYYY-MM-DD not after today, not '%s'"),
				       o->date);
	switch (entry != NULL ? entry->id : -1) {
	case C_INIT:
		return o->nargs == 0 ? cmd_init(o) : cli_usage_error(_("init takes no arguments; use -d DIR"));
	case C_ADD:
		return o->nargs == 0 ? cmd_add(o) : cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	case C_IMPORT: return cmd_import(o);
	case C_LIST:
		return o->nargs == 0 ? cmd_list(o) : cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	case C_SHOW: return cmd_key(o, CH_SHOW);
	case C_UPDATE: return cmd_key(o, CH_UPDATE);
	case C_REISSUE: return cmd_key(o, CH_REISSUE);
	case C_SUSPEND: return cmd_key(o, CH_SUSPEND);
	case C_RESUME: return cmd_key(o, CH_RESUME);
	case C_WITHDRAW: return cmd_key(o, CH_WITHDRAW);
	case C_CARD: return cmd_card(o);
	case C_CORRECT_ID: return cmd_correct_id(o);
	default: return cli_usage_error(_("unknown command '%s'"), cmd);
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	char **args;
	const char *cmd;
	int rc;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.args = args = xcalloc((size_t)argc + 1, sizeof *o.args);
	rc = parse_args(&o, argc, argv);
	if (rc != WMSJ_OK) {
		free(args);
		return rc == -1 ? wmsj_close_stdout(NULL) : rc;
	}
	cmd = o.args[0];
	o.args++;
	o.nargs--;
	rc = dispatch(&o, cli_cmd_find(cmds, NCMDS, cmd, NULL), cmd);
	free(args);
	return cli_exit(rc);
}
