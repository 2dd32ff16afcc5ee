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
#include "rules.h"
#include "util.h"
#include "validate.h"
#include "vfind.h"
#include "views.h"
#include "volunteer.h"
#include "xlsx.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_("usage: wmsj-volunteer [-d DIR] COMMAND [OPTIONS]\n");
static const char usage_cmds[] =
	"  init\n"
	"  add --name N --id-number ID|- --phone P|- --station CODE [--tags T1,T2]\n"
	"      [--platform-no NO] [--date D]\n"
	"  import FILE|- [--dry-run] [--encoding auto|utf-8|gb18030]\n"
	"  list [--name PART] [--station CODE] [--status active|suspended|withdrawn]\n"
	"       [--tag T] [--eligible [--date D]] [--reveal]\n"
	"  show KEY [--reveal]\n"
	"  update KEY [--name N] [--phone P|-] [--station CODE] [--tags T1,T2]\n"
	"         [--platform-no NO] [--date D]\n"
	"  reissue KEY [--date D]\n"
	"  suspend KEY --reason R [--date D]\n"
	"  resume KEY [--date D]\n"
	"  withdraw KEY --reason R [--date D]\n"
	"  correct-id KEY --id-number ID|- --reason R [--date D]\n"
	"  card [--station CODE] [KEY...] [--format html|svg]\n";
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

/* Normalise a tag list "a, b,,c" → "a,b,c"; NULL when a tag holds a control char. */
static char *
norm_tags(const char *s)
{
	size_t n;
	char **v = wmsj_split(s, ',', &n);
	struct sb sb;

	sb_init(&sb);
	for (size_t i = 0; i < n; i++) {
		if (wmsj_text_check(v[i], 200, NULL) != WMSJ_OK) {
			free(v);
			sb_release(&sb);
			return NULL;
		}
		if (i > 0)
			sb_addc(&sb, ',');
		sb_adds(&sb, v[i]);
	}
	free(v);
	return sb_detach(&sb);
}

/* Validate one new volunteer's fields into v (strings owned by the caller's
 * buffers).  Messages go into err; returns WMSJ_OK or WMSJ_REFUSED. */
struct newvol {
	char idnum[19], phone[12];
	char *name;     /* normalised (wmsj_name_normalize) */
	char *tags;
};

static void
newvol_release(struct newvol *nv)
{
	free(nv->name);
	free(nv->tags);
	nv->name = nv->tags = NULL;
}

static int
validate_new(const struct wmsj_config *cfg, const char *name, const char *idnum,
	     const char *phone, const char *station, const char *tags, const char *platform,
	     struct newvol *nv, struct wmsj_err *err)
{
	nv->tags = NULL;
	if (wmsj_name_normalize(name, &nv->name, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (wmsj_idnum_check(idnum, nv->idnum, NULL, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (wmsj_phone_check(phone, nv->phone, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (config_station(cfg, station) == NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("unknown station '%s'"), station);
	if (platform != NULL && wmsj_text_check(platform, 100, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (platform != NULL && strpbrk(platform, ",\"") != NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("a platform number may not hold commas or quotes"));
	nv->tags = norm_tags(tags != NULL ? tags : "");
	if (nv->tags == NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("tags may not hold control characters"));
	return WMSJ_OK;
}

/* On failure (the random generator) nothing is left to free. */
static int
fill_new(struct volunteer *v, const struct vregister *r, const char *station,
	 const struct newvol *nv, const char *platform, const char *date, struct wmsj_err *err)
{
	memset(v, 0, sizeof *v);
	if ((v->card_no = vreg_next_card(r, station, err)) == NULL)
		return err->status;
	v->id = vreg_next_id(r, station);
	v->name = nv->name;
	v->id_number = (char *)nv->idnum;
	v->phone = (char *)nv->phone;
	v->station = (char *)station;
	v->tags = nv->tags;
	v->platform_no = (char *)(platform != NULL ? platform : "");
	v->status = (char *)vstatus_name(VS_ACTIVE);
	v->reason = (char *)"";
	v->registered = (char *)date;
	v->updated = (char *)wmsj_now();
	v->old_cards = (char *)"";
	v->id_corrections = (char *)"";
	return WMSJ_OK;
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
	rc = vreg_load(&s->reg, o->c.data, &err);
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
	static const char vh[] = "id,card_no,name,id_number,phone,station,tags,platform_no,"
				 "status,reason,registered,updated,old_cards\n";
	static const char lh[] = LEDGER_HEADER "\n";
	struct wmsj_err err;
	struct wmsj_lock lock;
	int rc;

	if (mkdir(o->c.data, 0700) != 0 && errno != EEXIST) {
		wmsj_err_sys(&err, errno, _("cannot create '%s'"), o->c.data);
		return cli_report(&err);
	}
	/* The lock refuses a directory others can write or that is not ours:
	 * init never adopts one. */
	if (fsio_lock(&lock, o->c.data, o->c.wait, &err) != WMSJ_OK)
		return cli_report(&err);
	rc = fsio_create_new(o->c.data, "wmsj.yaml", wmsj_config_template,
			     strlen(wmsj_config_template), &err);
	if (rc == WMSJ_OK &&
	    (rc = fsio_create_new(o->c.data, VREG_FILE, vh, strlen(vh), &err)) == WMSJ_REFUSED)
		rc = WMSJ_OK;
	if (rc == WMSJ_OK &&
	    (rc = fsio_create_new(o->c.data, LEDGER_FILE, lh, strlen(lh), &err)) == WMSJ_REFUSED)
		rc = WMSJ_OK;
	fsio_unlock(&lock);
	if (rc != WMSJ_OK)
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
	struct newvol nv;
	struct volunteer v, *dup;
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
	if (validate_new(&s.cfg, o->name, o->idnum, o->phone, o->station, o->tags, o->platform, &nv,
			 &err) != WMSJ_OK) {
		newvol_release(&nv);
		rc = cli_report(&err);
		goto out;
	}
	if ((dup = vreg_find(&s.reg, nv.idnum)) != NULL && strcmp(dup->id_number, nv.idnum) == 0) {
		cli_warn(_("the ID number is already registered as volunteer '%s'"), dup->id);
		newvol_release(&nv);
		rc = WMSJ_REFUSED;
		goto out;
	}
	if (fill_new(&v, &s.reg, o->station, &nv, o->platform, date, &err) != WMSJ_OK) {
		newvol_release(&nv);
		rc = cli_report(&err);
		goto out;
	}
	vreg_add(&s.reg, &v);
	free(v.id);
	free(v.card_no);
	newvol_release(&nv);
	if ((rc = save(&s)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	print_one(&out, &s.cfg, &s.reg.v[s.reg.n - 1], o->reveal);
	rc = cli_out_finish(&out);
out:
	close_session(&s);
	return rc;
}

static int
cmd_import(struct opts *o)
{
	struct session s;
	struct csv_table t;
	struct import_map m;
	struct wmsj_err err;
	struct wmsj_errlist bad;
	struct strmap seen;
	struct progress pg;
	struct out out;
	size_t first_new, nrows;
	int rc, cname, cid, cphone, cst, ctags, cplat;

	if (o->nargs != 1)
		return cli_usage_error(_("import needs one FILE (or - for standard input)"));
	if ((rc = open_session(&s, o, !o->dry_run)) != WMSJ_OK || (rc = learn_ledger(&s)) != WMSJ_OK) {
		close_session(&s);
		return rc;
	}
	progress_init(&pg, o->args[0]);
	rc = sheet_table_read(&t, o->args[0], o->c.enc, progress_cb, &pg, &err);
	progress_done(&pg);
	/* The sheet's own header names (姓名, ID Number ...), a title row above
	 * them, the blank rows a spreadsheet leaves at the end: importmap.h. */
	if (rc == WMSJ_OK)
		rc = import_map_table(&m, &t, strcmp(o->args[0], "-") == 0 ? "<stdin>" : o->args[0],
				      &err);
	if (rc != WMSJ_OK) {
		csv_table_release(&t);
		close_session(&s);
		return cli_report(&err);
	}
	cname = m.col[IMPORT_NAME];
	cid = m.col[IMPORT_ID_NUMBER];
	cphone = m.col[IMPORT_PHONE];
	cst = m.col[IMPORT_STATION];
	ctags = m.col[IMPORT_TAGS];
	cplat = m.col[IMPORT_PLATFORM_NO];
	nrows = m.end - m.first;
	wmsj_errlist_init(&bad);
	strmap_init(&seen);
	first_new = s.reg.n;
	for (size_t i = m.first; i < m.end; i++) {
		const struct csv_record *r = &t.rows[i];
		const char *plat = csv_get(r, cplat);
		struct newvol nv;
		struct volunteer v, *dup;
		const struct wmsj_station *st;
		const char *station;
		size_t prev;

		if (import_row_blank((const char *const *)r->fields, r->nfields)) {
			wmsj_errlist_add(&bad, WMSJ_REFUSED,
					 _("%s:%zu: an empty row between rows of data; delete it"),
					 o->args[0], r->line);
			continue;
		}
		/* a sheet's 站点 may name the station rather than give its code */
		st = config_station_find(&s.cfg, csv_get(r, cst));
		station = st != NULL ? st->code : csv_get(r, cst);
		if (validate_new(&s.cfg, csv_get(r, cname), csv_get(r, cid), csv_get(r, cphone), station,
				 csv_get(r, ctags), *plat ? plat : NULL, &nv, &err) != WMSJ_OK) {
			wmsj_errlist_add(&bad, WMSJ_REFUSED, "%s:%zu: %s", o->args[0], r->line, err.msg);
			newvol_release(&nv);
			continue;
		}
		if (strmap_get(&seen, nv.idnum, 18, &prev)) {
			wmsj_errlist_add(&bad, WMSJ_REFUSED, _("%s:%zu: the same ID number as line %zu"),
					 o->args[0], r->line, t.rows[prev].line);
			newvol_release(&nv);
			continue;
		}
		strmap_put(&seen, nv.idnum, 18, i);
		if ((dup = vreg_find(&s.reg, nv.idnum)) != NULL && strcmp(dup->id_number, nv.idnum) == 0) {
			wmsj_errlist_add(&bad, WMSJ_REFUSED,
					 _("%s:%zu: the ID number is already registered as volunteer '%s'"),
					 o->args[0], r->line, dup->id);
			newvol_release(&nv);
			continue;
		}
		if (bad.n == 0) {
			if (fill_new(&v, &s.reg, station, &nv, *plat ? plat : NULL,
				     o->date != NULL ? o->date : wmsj_today(), &err) != WMSJ_OK) {
				newvol_release(&nv);
				rc = cli_report(&err);
				break;
			}
			vreg_add(&s.reg, &v);
			free(v.id);
			free(v.card_no);
		}
		newvol_release(&nv);
	}
	strmap_release(&seen);
	if (rc != WMSJ_OK) {
		/* reported: the generator failed, nothing is written */
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
has_tag(const char *tags, const char *tag)
{
	size_t n;
	char **v = wmsj_split(tags, ',', &n);
	int found = 0;

	for (size_t i = 0; i < n && !found; i++)
		found = strcmp(v[i], tag) == 0;
	free(v);
	return found;
}

static int
cmd_list(struct opts *o)
{
	struct session s;
	struct out out;
	struct wmsj_err err;
	struct fig_clearings fc;
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
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	for (size_t i = 0; i < s.reg.n; i++) {
		const struct volunteer *v = &s.reg.v[i];
		if (pat != NULL && !vfind_name_match(v->name, pat))
			continue;
		if (o->eligible) {
			struct rules_clearing cl;

			fig_clearing(&fc, v->id, &cl);
			if (rules_may(RULES_EARN, vstatus_parse(v->status), &cl, date, NULL) != RW_OK)
				continue;
		}
		if (o->station != NULL && strcmp(v->station, o->station) != 0)
			continue;
		if (o->status != NULL && vstatus_parse(v->status) != vstatus_parse(o->status))
			continue;
		if (o->tag != NULL && !has_tag(v->tags, o->tag))
			continue;
		print_one(&out, &s.cfg, v, o->reveal);
	}
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

	if (cardno_typed(key, &err) != WMSJ_OK) {
		cli_report(&err);
		return NULL;
	}
	if ((v = vreg_find(&s->reg, key)) != NULL)
		return v;
	if ((v = vreg_find_oldcard(&s->reg, key)) != NULL) {
		cli_warn(_("card '%s' was reissued; the current card of volunteer '%s' is '%s'"), key,
			 v->id, v->card_no);
		return NULL;
	}
	{
		size_t idx[20], n = vfind_by_name(&s->reg, key, idx, 20);

		if (n == 1)
			return &s->reg.v[idx[0]];
		if (n > 1) {
			cli_warn(_("the name '%s' is shared by %zu volunteers; give one of their ids:"), key,
				 n);
			for (size_t i = 0; i < n && i < 20; i++) {
				const struct volunteer *c = &s->reg.v[idx[i]];
				char *m = mask_idnum(c->id_number);

				fprintf(stderr, "  %s  %s  %s\n", c->id, c->station, m);
				free(m);
			}
			if (n > 20)
				fprintf(stderr, "  ...\n");
			return NULL;
		}
	}
	cli_warn(_("no volunteer '%s' (give a volunteer id, a card number, an ID number or a name)"),
		 key);
	return NULL;
}

enum change { CH_SHOW, CH_UPDATE, CH_REISSUE, CH_SUSPEND, CH_RESUME, CH_WITHDRAW };

static int
cmd_key(struct opts *o, enum change ch)
{
	static const char *const cmdname[] = {"show", "update", "reissue", "suspend", "resume",
					      "withdraw"};
	struct session s;
	struct volunteer *v;
	struct wmsj_err err;
	struct out out;
	const char *key;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("this command needs one KEY (volunteer id, card number or ID number)"));
	key = o->args[0];
	if ((ch == CH_SUSPEND || ch == CH_WITHDRAW) && (o->reason == NULL || *o->reason == '\0'))
		return cli_usage_error(_("a reason is required: --reason TEXT"));
	if (o->reason != NULL && wmsj_text_check(o->reason, 500, &err) != WMSJ_OK)
		return cli_usage_error("--reason: %s", err.msg);
	/* KEY "-": the key (an ID number, say) from standard input, not argv. */
	if (strcmp(key, "-") == 0 &&
	    cli_private_value(&key, cmdname[ch], _("KEY"), "", o->keybuf, sizeof o->keybuf) != 0)
		return WMSJ_USAGE;
	if (ch == CH_UPDATE && o->phone != NULL &&
	    cli_private_value(&o->phone, "--phone", _("phone"), _("phone: "), o->phonebuf,
			      sizeof o->phonebuf) != 0)
		return WMSJ_USAGE;
	if ((rc = open_session(&s, o, ch != CH_SHOW)) != WMSJ_OK)
		goto out;
	if ((v = lookup(&s, key)) == NULL) {
		rc = WMSJ_REFUSED;
		goto out;
	}
	switch (ch) {
	case CH_SHOW:
		break;
	case CH_UPDATE: {
		char phone[12];
		char *tags = NULL, *name = NULL;

		if (o->name == NULL && o->phone == NULL && o->station == NULL && o->tags == NULL &&
		    o->platform == NULL) {
			rc = cli_usage_error(_("update needs at least one of --name, --phone, --station, --tags, --platform-no"));
			goto out;
		}
		if (vstatus_parse(v->status) == VS_WITHDRAWN) {
			cli_warn(_("volunteer '%s' has withdrawn; the record can no longer change"), v->id);
			rc = WMSJ_REFUSED;
			goto out;
		}
		if (o->phone != NULL && wmsj_phone_check(o->phone, phone, &err) != WMSJ_OK) {
			rc = cli_report(&err);
			goto out;
		}
		if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
			cli_warn(_("unknown station '%s'"), o->station);
			rc = WMSJ_REFUSED;
			goto out;
		}
		if (o->platform != NULL && (wmsj_text_check(o->platform, 100, &err) != WMSJ_OK ||
					    strpbrk(o->platform, ",\"") != NULL)) {
			cli_warn(_("a platform number may not hold commas, quotes or control characters"));
			rc = WMSJ_REFUSED;
			goto out;
		}
		if (o->tags != NULL && (tags = norm_tags(o->tags)) == NULL) {
			cli_warn(_("tags may not hold control characters"));
			rc = WMSJ_REFUSED;
			goto out;
		}
		if (o->name != NULL && wmsj_name_normalize(o->name, &name, &err) != WMSJ_OK) {
			free(tags);
			rc = cli_report(&err);
			goto out;
		}
		if (name != NULL) {
			vreg_set(&s.reg, &v->name, name);
			free(name);
		}
		if (o->phone != NULL)
			vreg_set(&s.reg, &v->phone, phone);
		if (o->station != NULL)
			vreg_set(&s.reg, &v->station, o->station);
		if (o->platform != NULL)
			vreg_set(&s.reg, &v->platform_no, o->platform);
		if (o->tags != NULL) {
			vreg_set(&s.reg, &v->tags, tags);
			free(tags);
		}
		break;
	}
	case CH_REISSUE: {
		struct sb sb;
		char *card;

		if (vstatus_parse(v->status) == VS_WITHDRAWN) {
			cli_warn(_("volunteer '%s' has withdrawn; no card is issued"), v->id);
			rc = WMSJ_REFUSED;
			goto out;
		}
		if ((rc = learn_ledger(&s)) != WMSJ_OK)
			goto out;
		if ((card = vreg_next_card(&s.reg, v->station, &err)) == NULL) {
			rc = cli_report(&err);
			goto out;
		}
		sb_init(&sb);
		sb_adds(&sb, v->old_cards);
		if (sb.len > 0)
			sb_addc(&sb, ' ');
		sb_adds(&sb, v->card_no);
		vreg_set(&s.reg, &v->old_cards, sb.buf);
		sb_release(&sb);
		vreg_set(&s.reg, &v->card_no, card);
		free(card);
		vreg_reindex(&s.reg);
		break;
	}
	case CH_SUSPEND:
		if (vstatus_parse(v->status) != VS_ACTIVE) {
			cli_warn(_("volunteer '%s' is %s; only an active volunteer can be suspended"), v->id,
				 wmsj_value_label("status", v->status));
			rc = WMSJ_REFUSED;
			goto out;
		}
		vreg_set(&s.reg, &v->status, vstatus_name(VS_SUSPENDED));
		vreg_set(&s.reg, &v->reason, o->reason);
		break;
	case CH_RESUME:
		if (vstatus_parse(v->status) != VS_SUSPENDED) {
			cli_warn(_("volunteer '%s' is %s; only a suspended volunteer can resume"), v->id,
				 wmsj_value_label("status", v->status));
			rc = WMSJ_REFUSED;
			goto out;
		}
		vreg_set(&s.reg, &v->status, vstatus_name(VS_ACTIVE));
		vreg_set(&s.reg, &v->reason, "");
		break;
	case CH_WITHDRAW:
		if (vstatus_parse(v->status) == VS_WITHDRAWN) {
			cli_warn(_("volunteer '%s' has already withdrawn"), v->id);
			rc = WMSJ_REFUSED;
			goto out;
		}
		vreg_set(&s.reg, &v->status, vstatus_name(VS_WITHDRAWN));
		vreg_set(&s.reg, &v->reason, o->reason);
		break;
	}
	if (ch != CH_SHOW) {
		vreg_set(&s.reg, &v->updated, wmsj_now());
		if ((rc = save(&s)) != WMSJ_OK)
			goto out;
	}
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
	if (vreg_correct_idnum(&s.reg, v, o->idnum, date, o->reason, &err) != WMSJ_OK) {
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
	for (size_t i = 0; i < o->nargs; i++) {
		struct volunteer *v = lookup(&s, o->args[i]);

		if (v == NULL) {
			rc = WMSJ_REFUSED;
			continue;
		}
		if (vstatus_parse(v->status) == VS_WITHDRAWN) {
			cli_warn(_("volunteer '%s' has withdrawn; no card is issued"), v->id);
			rc = WMSJ_REFUSED;
			continue;
		}
		faces[n++].name = (const char *)v;
	}
	if (o->nargs == 0)
		for (size_t i = 0; i < s.reg.n; i++) {
			const struct volunteer *v = &s.reg.v[i];
			if (vstatus_parse(v->status) != VS_ACTIVE)
				continue;
			if (o->station != NULL && strcmp(v->station, o->station) != 0)
				continue;
			faces[n++].name = (const char *)v;
		}
	for (size_t i = 0; i < n; i++) {
		const struct volunteer *v = (const struct volunteer *)faces[i].name;
		const struct wmsj_station *st = config_station(&s.cfg, v->station);

		faces[i].name = v->name;
		faces[i].card_no = v->card_no;
		faces[i].station = st != NULL ? st->name : v->station;
		faces[i].issuer = s.cfg.institute;
	}
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
	close_session(&s);
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
		case 1:
			o.args[o.nargs++] = optarg;
			break;
		case 'h':
			fputs(_(usage_head), stdout);
			fputs(usage_cmds, stdout);
			fputs(_(usage_tail), stdout);
			free(o.args);
			return wmsj_close_stdout(NULL);
		case O_NAME: o.name = optarg; break;
		case O_IDNUM: o.idnum = optarg; break;
		case O_PHONE: o.phone = optarg; break;
		case O_STATION: o.station = optarg; break;
		case O_TAGS: o.tags = optarg; break;
		case O_PLATFORM: o.platform = optarg; break;
		case O_DATE: o.date = optarg; break;
		case O_DRYRUN: o.dry_run = 1; break;
		case O_STATUS: o.status = optarg; break;
		case O_ELIGIBLE: o.eligible = 1; break;
		case O_TAG: o.tag = optarg; break;
		case O_REVEAL: o.reveal = 1; break;
		case O_REASON: o.reason = optarg; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "html") == 0 || strcmp(optarg, "svg") == 0) {
				o.doc = optarg; /* the card sheet's formats */
				break;
			}
			if (cli_common_option(&o.c, c, optarg) < 0) {
				free(o.args);
				return WMSJ_USAGE;
			}
			break;
		case '?':
			free(o.args);
			if (optopt != 0)
				return cli_usage_error(_("unknown option or missing argument: '%s'"),
						       argv[optind - 1]);
			return cli_usage_error(_("unknown option '%s'"), argv[optind - 1]);
		case ':':
			free(o.args);
			return cli_usage_error(_("option '%s' needs an argument"), argv[optind - 1]);
		default:
			rc = cli_common_option(&o.c, c, optarg);
			if (rc < 0) {
				free(o.args);
				return WMSJ_USAGE;
			}
		}
	}
	if (o.nargs == 0) {
		free(o.args);
		return cli_usage_error(_("a command is needed: init, add, import, list, show, update, reissue, suspend, resume, withdraw, correct-id or card"));
	}
	cmd = o.args[0];
	o.args++;
	o.nargs--;
	if (o.doc != NULL && strcmp(cmd, "card") != 0) {
		free(o.args - 1);
		return cli_usage_error(_("unknown format '%s' (use table or csv)"), o.doc);
	}
	g_cmd = cmd;
	g_date = o.date;
	/* The day a change takes effect, recorded in the register's history
	 * (a suspension as of a date): a real date, not after today.  For
	 * list --eligible it is the day asked about, which may lie ahead. */
	if (o.date != NULL && strcmp(cmd, "list") != 0 &&
	    (wmsj_date_parse(o.date, NULL, NULL, NULL) != 0 ||
	     strcmp(o.date, wmsj_today()) > 0)) {
		free(o.args - 1);
		return cli_usage_error(_("--date needs a date YYYY-MM-DD not after today, not '%s'"),
				       o.date);
	}
	if (strcmp(cmd, "init") == 0)
		rc = o.nargs == 0 ? cmd_init(&o) : cli_usage_error(_("init takes no arguments; use -d DIR"));
	else if (strcmp(cmd, "add") == 0)
		rc = o.nargs == 0 ? cmd_add(&o) : cli_usage_error(_("unexpected argument '%s'"), o.args[0]);
	else if (strcmp(cmd, "import") == 0)
		rc = cmd_import(&o);
	else if (strcmp(cmd, "list") == 0)
		rc = o.nargs == 0 ? cmd_list(&o) : cli_usage_error(_("unexpected argument '%s'"), o.args[0]);
	else if (strcmp(cmd, "show") == 0)
		rc = cmd_key(&o, CH_SHOW);
	else if (strcmp(cmd, "update") == 0)
		rc = cmd_key(&o, CH_UPDATE);
	else if (strcmp(cmd, "reissue") == 0)
		rc = cmd_key(&o, CH_REISSUE);
	else if (strcmp(cmd, "suspend") == 0)
		rc = cmd_key(&o, CH_SUSPEND);
	else if (strcmp(cmd, "resume") == 0)
		rc = cmd_key(&o, CH_RESUME);
	else if (strcmp(cmd, "withdraw") == 0)
		rc = cmd_key(&o, CH_WITHDRAW);
	else if (strcmp(cmd, "card") == 0)
		rc = cmd_card(&o);
	else if (strcmp(cmd, "correct-id") == 0)
		rc = cmd_correct_id(&o);
	else
		rc = cli_usage_error(_("unknown command '%s'"), cmd);
	free(o.args - 1);
	return cli_exit(rc);
}
