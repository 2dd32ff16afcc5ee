/* wmsj-audit: prove the registers untampered and consistent, and check the
 * stations against their standards.  Exit 0 clean, 1 findings, >= 2 could
 * not run. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "activity.h"
#include "auditsel.h"
#include "cli.h"
#include "config.h"
#include "csvin.h"
#include "figures.h"
#include "findings.h"
#include "fsio.h"
#include "history.h"
#include "views.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "mask.h"
#include "notice.h"
#include "out.h"
#include "rules.h"
#include "seal.h"
#include "standing.h"
#include "table.h"
#include "util.h"
#include "validate.h"
#include "volunteer.h"
#include "witness.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_(
	"usage: wmsj-audit [-d DIR]... [COMMAND] [OPTIONS]\n"
	"no command: every check; verify: integrity only; notice: a published\n"
	"notice; seal: hand-over lines (a close, notices, the head)\n");
/* The command table: the synopsis names every option a command takes (cli.h). */
enum cmd_id { C_ALL, C_VERIFY, C_NOTICE, C_SEAL };
static const struct cli_cmd cmds[] = {
	{"", "[--year YYYY] [--station CODE] [--notices DIR] [--severity LEVEL]\n"
	 "    [--limit N] [--witness FILE]...", C_ALL},
	{"verify", "verify [--station CODE] [--notices DIR] [--severity LEVEL] [--limit N]\n"
	 "         [--witness FILE]...", C_VERIFY},
	{"notice", "notice FILE|- [--station CODE] [--severity LEVEL] [--limit N]", C_NOTICE},
	{"seal", "seal [--month YYYY-MM] [NOTICE.csv]...", C_SEAL},
};
#define NCMDS (sizeof cmds / sizeof cmds[0])
static const char *const usage_tail = N_(
	"--witness FILE: each seal of FILE that names the directory's institute must\n"
	"  still hold (repeatable; - = stdin); --notices DIR: published notices,\n"
	"  default DIR/notices; --severity error|anomaly|warning|info: show that or\n"
	"  worse (default info, all); --limit N: findings of one check in a table\n"
	"  (default 20; 0 = all; csv and xlsx always hold all)\n"
	"common options: --format table|csv|xlsx; --bom; --header en|zh; --wide;\n"
	"  -h, --help; --version\n"
	"exit status: 0 clean, 1 findings (of those shown), 2 usage, 3 bad input,\n"
	"  4 system error\n");

enum { O_YEAR = OPT_COMMON_LAST + 1, O_STATION, O_NOTICES, O_LIMIT, O_SEVERITY, O_WITNESS, O_MONTH };

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"year", 1, 0, O_YEAR}, {"station", 1, 0, O_STATION}, {"notices", 1, 0, O_NOTICES},
	{"limit", 1, 0, O_LIMIT}, {"severity", 1, 0, O_SEVERITY}, {"witness", 1, 0, O_WITNESS},
	{"month", 1, 0, O_MONTH},
	{0, 0, 0, 0}
};

struct opts {
	struct cli_common c;
	const char *year, *station, *notices, *severity, *month;
	const char **witness;      /* every --witness FILE */
	size_t nwitness;
	long limit;
	char **args;
	size_t nargs;
	const char **dirs;         /* every -d, in order (a county audits its towns) */
	size_t ndirs;
};

/* ---- findings ----------------------------------------------------------------- */

static struct findings F;
/* The register history of the directory being audited (close rows name
 * its head). */
static struct history audit_hist;
static int audit_hist_ok;

#define add(...) findings_add(&F, __VA_ARGS__)

static int
print_findings(const struct opts *o)
{
	struct out out;
	struct wmsj_err err;

	findings_finish(&F);
	if (F.n == 0) {
		findings_release(&F);
		return WMSJ_OK;
	}
	out_init(&out, o->c.fmt, o->c.bom, findings_cols, FINDING_NCOLS);
	for (size_t i = 0; i < F.n; i++)
		out_row(&out, (const char *const *)F.v[i].f);
	findings_release(&F);
	if (out_finish(&out, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

static void
where_line(char *buf, size_t n, size_t line)
{
	snprintf(buf, n, "%s:%zu", LEDGER_FILE, line);
}

/* check_chain's "there is no ledger.csv" (not a status of the run). */
#define WMSJ_ENOENT_LEDGER (-1)

/* ---- integrity: the chain, byte by byte ------------------------------------------ */

static int
is_hex64(const char *s)
{
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0' || s[64] == '\r';
}

/* The published notices' directory: --notices DIR, else DIR/notices.
 * -1 when the name does not fit buf (n bytes; longer than a path may be):
 * with report, that is a finding; the notices are then not read. */
static int
notices_dir(const struct opts *o, char *buf, size_t n, int report)
{
	int r = o->notices != NULL ? snprintf(buf, n, "%s", o->notices)
				   : snprintf(buf, n, "%s/notices", o->c.data);

	if (r >= 0 && (size_t)r < n)
		return 0;
	if (report)
		add("error", "notice", o->notices != NULL ? "--notices" : "notices", NULL, NULL, NULL,
		    "%s", _("the notices directory's name is longer than a path may be"));
	buf[0] = '\0';
	return -1;
}

/* What says a history was kept: activities (wmsj-points creates the
 * ledger before it writes one), sealed months, published notices.  With
 * any of them and no ledger, the ledger was deleted (and with its seals,
 * verify would otherwise have nothing to check). */
static void
check_missing_ledger(const struct opts *o, const struct vregister *reg)
{
	struct table acts;
	struct wmsj_err err;
	char **months = NULL, ndir[4096];
	size_t nmonths = 0, nacts = 0, nnotices = 0;
	DIR *dp;
	struct dirent *de;

	if (table_load(&acts, o->c.data, ACTIVITY_FILE, activity_cols, &err) == WMSJ_OK)
		nacts = acts.n;
	table_release(&acts);
	if (seal_list(o->c.data, &months, &nmonths, &err) == WMSJ_OK) {
		for (size_t i = 0; i < nmonths; i++)
			free(months[i]);
		free(months);
	}
	if (notices_dir(o, ndir, sizeof ndir, 0) == 0 && (dp = opendir(ndir)) != NULL) {
		while ((de = readdir(dp)) != NULL)
			nnotices += de->d_name[0] != '.';
		closedir(dp);
	}
	/* Volunteers alone are no sign: registering them (wmsj-volunteer)
	 * writes no ledger; publishing an activity, sealing a month or a
	 * notice come from one. */
	if (nacts > 0 || nmonths > 0 || nnotices > 0)
		add("error", "history", LEDGER_FILE, NULL, NULL, NULL,
		    _("the ledger is missing, but there are %zu volunteers, %zu activities, %zu sealed months and %zu published notices"),
		    reg->n, nacts, nmonths, nnotices);
}

static int
check_chain(const char *dir)
{
	char *path = fsio_path(dir, LEDGER_FILE), *jpath = fsio_path(dir, ".ledger.csv.journal");
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);   /* never through a link */
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	char *line = NULL, where[64];
	size_t cap = 0, lineno = 0;
	uint64_t seq;
	ssize_t len;
	struct stat st;
	struct ledger_chain chain;

	ledger_chain_start(&chain, NULL, 1);
	if (stat(jpath, &st) == 0)
		add("error", "torn-tail", ".ledger.csv.journal", NULL, NULL, NULL,
		    _("an interrupted append is pending; the next wmsj-points command will roll it back"));
	free(jpath);
	if (f == NULL) {
		int e = errno;

		free(path);
		if (e == ENOENT)
			return WMSJ_ENOENT_LEDGER;   /* no ledger: fine only if nothing else was kept */
		cli_warn(_("cannot read '%s'"), LEDGER_FILE);
		return WMSJ_SYSERR;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		int nl = line[len - 1] == '\n';

		lineno++;
		if (nl)
			line[--len] = '\0';
		if (lineno == 1) {
			if (strcmp(line, LEDGER_HEADER) != 0)
				add("error", "format", "ledger.csv:1", NULL, NULL, NULL,
				    _("the header is not the ledger's own"));
			continue;
		}
		where_line(where, sizeof where, lineno);
		if (!nl) {
			add("error", "torn-tail", where, NULL, NULL, NULL,
			    _("the last line is incomplete (no newline): a torn or damaged tail"));
			break;
		}
		{
			char *comma = strrchr(line, ','), txn[LEDGER_TXN_MAX], e[LEDGER_TXN_MAX];
			const char *c1 = strchr(line, ',');
			unsigned bad;
			int txn_ok;

			if (comma == NULL || c1 == NULL || (size_t)(c1 - line) >= sizeof txn ||
			    !is_hex64(comma + 1)) {
				add("error", "format", where, NULL, NULL, NULL,
				    _("row is not the ledger's own format"));
				continue;
			}
			memcpy(txn, line, (size_t)(c1 - line));
			txn[c1 - line] = '\0';
			txn_ok = ledger_txn_parse(txn, &seq) == 0;
			if (!txn_ok)
				add("error", "format", where, NULL, NULL, NULL, _("'%s' is not a transaction id"), txn);
			ledger_txn_format(chain.next_seq, e);
			bad = ledger_chain_step(&chain, txn_ok ? &seq : NULL, line, (size_t)(comma - line),
						comma + 1, 1);
			if (bad & (LEDGER_CHAIN_BACK | LEDGER_CHAIN_GAP))
				add("error", "sequence", where, NULL, NULL, txn,
				    (bad & LEDGER_CHAIN_BACK) ? _("sequence '%s' where '%s' was expected: a duplicated or reordered row")
							      : _("sequence '%s' where '%s' was expected: rows are missing"),
				    txn, e);
			if (bad & LEDGER_CHAIN_HASH)
				add("error", "chain", where, NULL, NULL, txn,
				    _("hash does not match the row and the one before it: the row was changed, or a row before it was removed, inserted or reordered"));
		}
	}
	free(line);
	if (ferror(f)) {
		fclose(f);
		free(path);
		cli_warn(_("cannot read '%s'"), LEDGER_FILE);
		return WMSJ_SYSERR;
	}
	fclose(f);
	free(path);
	return WMSJ_OK;
}

static void
check_seals(const char *dir)
{
	char **months = NULL;
	size_t n = 0;
	struct wmsj_err err;

	if (seal_list(dir, &months, &n, &err) != WMSJ_OK) {
		add("error", "seal", SEAL_DIR, NULL, NULL, NULL, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct seal_info si;
		char where[64];

		snprintf(where, sizeof where, "%s/%s.csv", SEAL_DIR, months[i]);
		if (seal_verify(dir, months[i], &si, &err) != WMSJ_OK) {
			add("error", "seal", where, NULL, NULL, NULL, "%s", err.msg);
		} else if (i == 0 && si.version >= 2) {
			/* The newest snapshot's figures against a full recomputation
			 * (one of the format before stock per shelf is bound to
			 * its close row but never loaded: nothing to compare). */
			struct ledger_state a, b;
			struct ledger_state_opts lo;
			struct seal_info si2;
			char end[16];
			int y = atoi(months[i]), m = atoi(months[i] + 5);

			xsnprintf(end, sizeof end, "%04d-%02d-%02d", y % 10000, m % 100,
				 wmsj_days_in_month(y, m) % 100);
			memset(&lo, 0, sizeof lo);
			lo.as_of = end;
			lo.flags = LEDGER_NO_SNAPSHOT;
			ledger_state_init(&a);
			ledger_state_init(&b);
			if (ledger_state_load(&a, dir, &lo, &err) == WMSJ_OK &&
			    seal_load(dir, months[i], &b, &si2, &err) == WMSJ_OK) {
				for (size_t k = 0; k < a.naccounts; k++) {
					const struct account *x = &a.accounts[k];
					const struct account *s = ledger_state_account(&b, a.ids[k]);
					if (s == NULL || s->balance != x->balance || s->earned != x->earned ||
					    s->hours != x->hours)
						add("error", "snapshot", where, NULL, a.ids[k], NULL,
						    _("the snapshot's balance of volunteer '%s' differs from the ledger's"),
						    a.ids[k]);
				}
				if (b.naccounts != a.naccounts)
					add("error", "snapshot", where, NULL, NULL, NULL,
					    _("the snapshot holds %zu accounts, the ledger %zu"), b.naccounts,
					    a.naccounts);
				for (size_t k = 0; k < a.nitems; k++)
					if (ledger_state_shelf_stock(&b, a.items[k].station,
								     a.items[k].item) != a.items[k].qty)
						add("error", "snapshot", where, a.items[k].station, NULL,
						    NULL,
						    _("the snapshot's stock of '%s' differs from the ledger's"),
						    a.items[k].item);
			} else {
				add("error", "snapshot", where, NULL, NULL, NULL, "%s", err.msg);
			}
			ledger_state_release(&a);
			ledger_state_release(&b);
		}
		free(months[i]);
	}
	free(months);
}

static void
check_register(const struct vregister *r, const struct wmsj_config *cfg)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct volunteer *v = &r->v[i];
		char where[64], norm[19];
		struct wmsj_err err;

		snprintf(where, sizeof where, "%s:%zu", VREG_FILE, v->line);
		if (wmsj_idnum_check(v->id_number, norm, NULL, &err) != WMSJ_OK)
			add("error", "register", where, v->station, v->id, NULL, "%s: %s", v->id, err.msg);
		if (config_station(cfg, v->station) == NULL)
			add("error", "register", where, v->station, v->id, NULL,
			    _("volunteer '%s' belongs to unknown station '%s'"), v->id, v->station);
		if (wmsj_phone_check(v->phone, norm, &err) != WMSJ_OK)
			add("warning", "register", where, v->station, v->id, NULL, "%s: %s", v->id, err.msg);
	}
}

/* ---- anomalies: one pass over the rows ------------------------------------------- */

/* A set of 64-bit keys (award fingerprints, reversed sequences). */
struct u64set {
	uint64_t *k;
	size_t cap, n;
};

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x | 1; /* never 0: 0 marks an empty slot */
}

static uint64_t
fp2(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (; *b; b++)
		h = (h ^ (unsigned char)*b) * 1099511628211ULL;
	return mix(h);
}

/* 1 if inserted, 0 if present; remove=1 deletes (returns 1 if it was there). */
static int
u64set_op(struct u64set *s, uint64_t key, int remove)
{
	size_t i;

	key = mix(key);
	if (!remove && (s->n + 1) * 2 > s->cap) {
		struct u64set b = {xcalloc(s->cap ? s->cap * 2 : 1024, sizeof *b.k), s->cap ? s->cap * 2 : 1024, 0};
		for (size_t j = 0; j < s->cap; j++)
			if (s->k[j] != 0) {
				size_t p = (size_t)s->k[j] & (b.cap - 1);
				while (b.k[p] != 0)
					p = (p + 1) & (b.cap - 1);
				b.k[p] = s->k[j];
				b.n++;
			}
		free(s->k);
		*s = b;
	}
	if (s->cap == 0)
		return 0;
	for (i = (size_t)key & (s->cap - 1); s->k[i] != 0; i = (i + 1) & (s->cap - 1))
		if (s->k[i] == key) {
			if (remove) {
				s->k[i] = 2; /* tombstone that matches nothing real (mix() keeps bit 0 set) */
				s->n--;
			}
			return remove ? 1 : 0;
		}
	if (remove)
		return 0;
	s->k[i] = key;
	s->n++;
	return 1;
}

/* Awards dated in one month not yet sealed: who got one for which activity,
 * and how many took part in each activity.  An award is dated on its
 * activity's day and nothing may be dated into a sealed month (a row that is
 * gets its own finding), so a month's sets are dropped when it is sealed:
 * memory follows the open months, not the years of history. */
struct open_month {
	int ym;                      /* year * 100 + month */
	struct u64set awards;        /* fp2(activity, volunteer) */
	struct strmap participants;  /* activity -> awards */
};

static struct open_month *
open_month_get(struct open_month **v, size_t *n, size_t *cap, const char *date)
{
	int ym = atoi(date) * 100 + atoi(date + 5);

	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].ym == ym)
			return &(*v)[i];
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	memset(&(*v)[*n], 0, sizeof **v);
	(*v)[*n].ym = ym;
	strmap_init(&(*v)[*n].participants);
	return &(*v)[(*n)++];
}

/* Drop the months up to and including sealed (YYYY-MM). */
static void
open_month_seal(struct open_month *v, size_t *n, const char *sealed)
{
	int ym = atoi(sealed) * 100 + atoi(sealed + 5);
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		if (v[i].ym <= ym) {
			free(v[i].awards.k);
			strmap_release(&v[i].participants);
		} else {
			v[k++] = v[i];
		}
	}
	*n = k;
}

static int
minutes_of(const char *recorded)
{
	if (strlen(recorded) < 16 || recorded[10] != 'T')
		return -1;
	return atoi(recorded + 11) * 60 + atoi(recorded + 14);
}

/* What the anomaly pass keeps while the ledger state is rebuilt row by row
 * (the state holds each volunteer's balance and clearing after each row). */
struct rows_ctx {
	const char *dir;
	const struct wmsj_config *cfg;
	const struct vregister *reg;
	int year, full;
	struct ledger_state *st;
	const struct volunteer **vols;   /* by account index; &not_looked = not yet */
	size_t nvols;
	struct strmap bursts, actday;
	struct table *acts;
	struct open_month *om;
	size_t nom, com;
	char burst_day[11], sealed[8];
	struct u64set reversed;
	/* The dated replay: balances and stock in (date, txn) order. */
	struct fig_replay replay;
	struct dated_acc *dacc;         /* by account index */
	size_t ndacc;
	int64_t *dstock;                /* by shelf index */
	size_t ndstock;
	/* shelf "\n" item -> index in dstock and shelf_of: the station's own
	 * shelf, or "" for every row's goods with exchange: shared (fig_shelf) */
	struct strmap shelves;
	struct shelf_of {
		char *station;          /* NULL: the shared shelf */
		char *item;
	} *shelf_of;
	size_t nshelves, cshelves;
	struct strmap stations;         /* station code -> index in station_codes */
	char **station_codes;
	size_t nstations, cstations;
	struct clearing {               /* every clearing (rare): the latest one of a */
		uint32_t acc;           /* volunteer not reversed, when one is reversed */
		int32_t date;
		uint64_t seq;
		int reversed;
	} *clears;
	size_t nclears, cclears;
};

/* Per volunteer: the dated balance, and (in entry order) the latest date of
 * a row and the latest-dated clearing not reversed. */
struct dated_acc {
	int64_t balance;
	int32_t last, cleared;
	uint64_t cleared_seq;
};

static const struct volunteer not_looked;

/* rules.h for a row as it was written: the volunteer's status when the
 * register's last change (it keeps no other) is dated before the row, else
 * active; the clearing as the ledger held it when the row was appended (the
 * state so far: a clearing dated after the row is a clear-date finding). */
static enum rules_why
row_rule(enum rules_act act, const struct volunteer *v, const struct account *a,
	 const struct ledger_row *row, struct rules_verdict *rv)
{
	struct rules_clearing cl;
	enum vstatus st = VS_ACTIVE;

	if (v != NULL && memcmp(v->updated, row->date, 10) < 0)
		st = vstatus_parse(v->status);
	cl.year = a != NULL ? a->cleared_year : 0;
	cl.date = NULL;
	return rules_may(act, st, &cl, row->date, rv);
}

/* A row of the dated replay, checked in (date, txn) order: no balance and
 * no stock may be negative as of any date. */
static int
dated_check(void *arg, const struct fig_event *e)
{
	struct rows_ctx *c = arg;
	char where[64], txn[LEDGER_TXN_MAX];
	const char *station = e->station != UINT32_MAX ? c->station_codes[e->station] : "";
	int in_year = c->year == 0 || e->date / 10000 == c->year;

	/* formatted only for a finding: most rows have none */
#define PLACE (where_line(where, sizeof where, e->line), ledger_txn_format(e->seq, txn), where)
	if (e->acc != UINT32_MAX) {
		struct dated_acc *d = &c->dacc[e->acc];
		const char *vol = c->st->ids[e->acc];
		int64_t before = d->balance;

		if (__builtin_add_overflow(d->balance, e->points, &d->balance))
			d->balance = before;
		if (e->points < 0 && d->balance < 0 && in_year)
			add("error", e->kind == LK_REDEEM ? "over-redeem" : "negative-balance", PLACE,
			    station, vol, txn,
			    e->kind == LK_REDEEM
			    ? _("volunteer '%s' redeemed %" PRId64 " points with a balance of %" PRId64)
			    : _("volunteer '%s' went to a balance of %" PRId64 " (was %" PRId64 ")"),
			    vol, e->kind == LK_REDEEM ? -e->points : d->balance, before);
	}
	if (e->item != UINT32_MAX) {
		int64_t *stock = &c->dstock[e->item], b = *stock;
		const struct shelf_of *sh = &c->shelf_of[e->item];

		if (__builtin_add_overflow(*stock, e->qty, stock))
			*stock = b;
		if (*stock < 0 && e->qty < 0 && in_year && sh->station != NULL && *sh->station)
			add("error", "stock", PLACE, station,
			    e->acc != UINT32_MAX ? c->st->ids[e->acc] : NULL, txn,
			    _("'%s' given out at station '%s' beyond what its shelf received (stock %"
			      PRId64 ")"), sh->item, sh->station, *stock);
		else if (*stock < 0 && e->qty < 0 && in_year)
			add("error", "stock", PLACE, station,
			    e->acc != UINT32_MAX ? c->st->ids[e->acc] : NULL, txn,
			    _("'%s' given out beyond what was received (stock %" PRId64 ")"),
			    sh->item, *stock);
	}
#undef PLACE
	return WMSJ_OK;
}

/* Queue a row for the dated replay; check the clearing's date in entry
 * order (a clearing is the volunteer's latest row: nothing of theirs is
 * dated after it when it is written, nor before it afterwards). */
static void
replay_push(struct rows_ctx *c, const struct ledger_row *row, const struct account *a)
{
	struct fig_event e;
	size_t i;
	int isnew;

	memset(&e, 0, sizeof e);
	e.seq = row->seq;
	e.line = row->line;
	e.date = fig_date_num(row->date);
	e.kind = row->kind;
	e.reverses = row->reverses;
	e.points = row->points;
	e.hours = row->hours;
	e.qty = row->qty;
	e.acc = e.item = e.station = UINT32_MAX;
	if (row->kind == LK_REVERSE)
		(void)ledger_txn_parse(row->ref, &e.ref);
	if (row->station[0] != '\0') {
		size_t *p = strmap_ref(&c->stations, row->station, strlen(row->station), &isnew);

		if (isnew) {
			c->station_codes = xgrow(c->station_codes, &c->cstations, c->nstations + 1,
						 sizeof *c->station_codes);
			c->station_codes[c->nstations] = xstrdup(row->station);
			*p = c->nstations++;
		}
		e.station = (uint32_t)*p;
	}
	if (a != NULL) {
		struct dated_acc *d;
		char where[64], day[11];

		i = (size_t)(a - c->st->accounts);
		if (i >= c->ndacc) {
			size_t n = c->ndacc;

			c->dacc = xgrow(c->dacc, &c->ndacc, i + 1, sizeof *c->dacc);
			memset(c->dacc + n, 0, (c->ndacc - n) * sizeof *c->dacc);
		}
		e.acc = (uint32_t)i;
		d = &c->dacc[i];
		if (row->kind == LK_CLEAR)
			fig_date_str(d->last, day);
		/* a clearing is the volunteer's latest row (rules.h) */
		if (row->kind == LK_CLEAR &&
		    rules_may_clear(row->volunteer, 0, row->date, day, NULL) == RC_CLEAR_NOT_LAST) {
			where_line(where, sizeof where, row->line);
			add("error", "clear-date", where, row->station, row->volunteer, row->txn,
			    _("clearing of volunteer '%s' dated %s while they have a row dated %s"),
			    row->volunteer, row->date, day);
		} else if (e.date < d->cleared && !(row->kind == LK_REVERSE && e.ref == d->cleared_seq)) {
			fig_date_str(d->cleared, day);
			where_line(where, sizeof where, row->line);
			add("error", "clear-date", where, row->station, row->volunteer, row->txn,
			    _("row dated %s for volunteer '%s', before their clearing of %s"), row->date,
			    row->volunteer, day);
		}
		if (e.date > d->last)
			d->last = e.date;
		if (row->kind == LK_CLEAR) {
			c->clears = xgrow(c->clears, &c->cclears, c->nclears + 1, sizeof *c->clears);
			c->clears[c->nclears++] = (struct clearing){ e.acc, e.date, row->seq, 0 };
			if (e.date >= d->cleared) {
				d->cleared = e.date;
				d->cleared_seq = row->seq;
			}
		} else if (row->kind == LK_REVERSE && row->reverses == LK_CLEAR) {
			for (size_t k = 0; k < c->nclears; k++)
				c->clears[k].reversed |= c->clears[k].seq == e.ref;
			if (e.ref == d->cleared_seq) {
				/* the latest one that stands */
				d->cleared = 0;
				d->cleared_seq = 0;
				for (size_t k = 0; k < c->nclears; k++)
					if (c->clears[k].acc == e.acc && !c->clears[k].reversed &&
					    c->clears[k].date >= d->cleared) {
						d->cleared = c->clears[k].date;
						d->cleared_seq = c->clears[k].seq;
					}
			}
		}
	}
	if (row->item[0] != '\0' && row->qty != 0) {
		const char *shelf = fig_shelf(c->cfg, row->station);
		struct sb key;
		size_t *p;

		sb_init(&key);
		sb_adds(&key, shelf != NULL ? shelf : "");
		sb_addc(&key, '\n');
		sb_adds(&key, row->item);
		p = strmap_ref(&c->shelves, key.buf, key.len, &isnew);
		sb_release(&key);
		if (isnew) {
			c->shelf_of = xgrow(c->shelf_of, &c->cshelves, c->nshelves + 1,
					    sizeof *c->shelf_of);
			c->shelf_of[c->nshelves].station = shelf != NULL ? xstrdup(shelf) : NULL;
			c->shelf_of[c->nshelves].item = xstrdup(row->item);
			*p = c->nshelves++;
		}
		i = *p;
		if (i >= c->ndstock) {
			size_t n = c->ndstock;

			c->dstock = xgrow(c->dstock, &c->ndstock, i + 1, sizeof *c->dstock);
			memset(c->dstock + n, 0, (c->ndstock - n) * sizeof *c->dstock);
		}
		e.item = (uint32_t)i;
	}
	fig_replay_push(&c->replay, &e);
}

static int
rows_cb(void *arg, const struct ledger_row *rw, struct wmsj_err *err)
{
	struct rows_ctx *c = arg;
	const struct ledger_row row = *rw;
	const struct wmsj_config *cfg = c->cfg;
	int in_year = c->year == 0 || atoi(row.date) == c->year, full = c->full;
	const struct volunteer *v = NULL;
	const struct account *a = NULL;
	char where[64];

	audit_first_note(F.first, row.date);
	/* formatted only for a finding: most rows have none */
#define WHERE (where_line(where, sizeof where, row.line), where)
	size_t idx;

	(void)err;
	if (memcmp(row.date, FIG_DATE_MIN, 10) < 0)
		add("error", "date", WHERE, row.station, row.volunteer, row.txn,
		    _("row dated %s, before %s, the earliest date the points bank records"), row.date,
		    FIG_DATE_MIN);
	/* Rows dated into a month already sealed when they were written. */
	if (row.kind != LK_CLOSE && rules_date_unsealed(row.date, c->sealed, NULL) != RC_OK)
		add("error", "sealed-month", WHERE, row.station, row.volunteer, row.txn,
		    _("row dated %s was written after %s was closed"), row.date, c->sealed);
	if (row.kind == LK_CLOSE) {
		char *snap, name[64];
		struct stat sst;

		/* A close row binds its snapshot (seal.h): one deleted is no
		 * longer bound to anything, and the month's state unprovable
		 * from it. */
		snprintf(name, sizeof name, "%s/%.7s.csv", SEAL_DIR, row.ref);
		snap = fsio_path(c->dir, name);
		if (lstat(snap, &sst) != 0 && errno == ENOENT)
			add("error", "seal", name, NULL, NULL, row.txn,
			    _("the close row of %.7s (%s:%zu) has no snapshot: closing the month again restores it"), row.ref, LEDGER_FILE,
			    row.line);
		free(snap);
		/* and the register history's head when it was closed */
		{
			uint64_t rseq;
			char rhash[65];
			struct wmsj_err e2;
			int k = seal_note_history(row.note, &rseq, rhash);

			if (k < 0)
				add("error", "format", WHERE, NULL, NULL, row.txn,
				    _("the close row's history part is malformed"));
			else if (k > 0 && audit_hist_ok &&
				 hist_check_seal(&audit_hist, rseq, rhash, &e2) != WMSJ_OK)
				add("error", "history", WHERE, NULL, NULL, row.txn,
				    _("the close row of %.7s seals the register history, but: %s"),
				    row.ref, e2.msg);
		}
		if (memcmp(row.ref, c->sealed, 7) > 0)
			memcpy(c->sealed, row.ref, 8);
		open_month_seal(c->om, &c->nom, row.ref);
		/* Nothing may be dated into a sealed month: the rows up to its
		 * end can be replayed in date order now. */
		return fig_replay_flush(&c->replay, fig_date_num(row.date), dated_check, c);
	}
	if (row.volunteer[0] != '\0' && (a = ledger_state_account(c->st, row.volunteer)) != NULL) {
		size_t i = (size_t)(a - c->st->accounts);

		if (i >= c->nvols) {
			size_t n = c->nvols;

			c->vols = xgrow(c->vols, &c->nvols, i + 1, sizeof *c->vols);
			for (; n < c->nvols; n++)
				c->vols[n] = &not_looked;
		}
		if (c->vols[i] == &not_looked)
			c->vols[i] = vreg_find(c->reg, row.volunteer);
		v = c->vols[i];
		if (v == NULL && in_year)
			add("error", "unknown-volunteer", WHERE, row.station, row.volunteer, row.txn,
			    _("%s for volunteer '%s', who is not in the register"),
			    wmsj_value_label("kind", ledger_kind_name(row.kind)), row.volunteer);
	}
	replay_push(c, &row, a);
	if (row.kind == LK_REVERSE) {
		uint64_t ref;
		if (ledger_txn_parse(row.ref, &ref) != 0 || ref >= row.seq)
			add("error", "reverse", WHERE, row.station, row.volunteer, row.txn,
			    _("reverses '%s', which is not an earlier row"), row.ref);
		else if (!u64set_op(&c->reversed, ref, 0))
			add("error", "reverse", WHERE, row.station, row.volunteer, row.txn,
			    _("'%s' is reversed a second time"), row.ref);
	}
	if (row.kind == LK_AWARD) {
		size_t cnt = 0;
		int mins = minutes_of(row.recorded);
		const char *aday = row.date;
		struct open_month *m;

		if (in_year && full) {
			struct rules_verdict rv;

			/* What wmsj-points refuses (rules.h), as a finding. */
			if (row_rule(RULES_EARN, v, a, &row, &rv) == RW_CLEARED)
				add("error", "award-cleared", WHERE, row.station, row.volunteer, row.txn,
				    _("award to volunteer '%s', cleared in %d"), row.volunteer, rv.year);
			else if (rv.why != RW_OK)
				add("error", "award-status", WHERE, row.station, row.volunteer, row.txn,
				    _("award to volunteer '%s', %s since %.10s"), row.volunteer,
				    wmsj_value_label("status", v->status), v->updated);
			if (v != NULL && rules_self_certified(NULL, row.volunteer, v->name,
							      row.certifier, NULL) != RC_OK)
				add("error", "self-certification", WHERE, row.station, row.volunteer, row.txn,
				    _("volunteer '%s' certified their own points"), row.volunteer);
			if (row.supervisor[0] == '\0')
				add("error", "no-supervisor", WHERE, row.station, row.volunteer, row.txn,
				    _("certification without a supervisor"));
			if (rules_award_caps(row.points, 0, cfg->rules.max_points,
					     cfg->rules.max_hours, NULL) == RC_POINTS_CAP)
				add("warning", "over-cap", WHERE, row.station, row.volunteer, row.txn,
				    _("%" PRId64 " points is over the cap of %ld"), row.points,
				    cfg->rules.max_points);
			if (rules_award_caps(0, row.hours, cfg->rules.max_points,
					     cfg->rules.max_hours, NULL) == RC_HOURS_CAP)
				add("warning", "over-cap", WHERE, row.station, row.volunteer, row.txn,
				    _("hours over the cap (rules.max_hours)"));
		}
		if (strmap_get(&c->actday, row.activity, strlen(row.activity), &idx))
			aday = c->acts->rows[idx][AC_DATE];
		if (aday != row.date &&
		    rules_activity_unsealed(row.activity, aday, c->sealed, NULL) != RC_OK &&
		    rules_date_unsealed(row.date, c->sealed, NULL) == RC_OK)
			add("error", "sealed-month", WHERE, row.station, row.volunteer, row.txn,
			    _("award for activity '%s' of %.10s, written after %s was closed"),
			    row.activity, aday, c->sealed);
		m = open_month_get(&c->om, &c->nom, &c->com, aday);
		if (rules_award_once(NULL, row.volunteer, row.activity,
				     !u64set_op(&m->awards, fp2(row.activity, row.volunteer), 0), 0,
				     NULL) != RC_OK && in_year && full)
			add("error", "duplicate-award", WHERE, row.station, row.volunteer, row.txn,
			    _("a second award to volunteer '%s' for activity '%s'"), row.volunteer,
			    row.activity);
		cnt = (*strmap_ref(&m->participants, row.activity, strlen(row.activity), NULL))++;
		if ((long)cnt + 1 == cfg->rules.max_participants + 1 && in_year && full)
			add("warning", "participants", WHERE, row.station, NULL, row.txn,
			    _("activity '%s' has more than %ld participants"), row.activity,
			    cfg->rules.max_participants);
		if (mins >= 0 && (mins < cfg->rules.office_start || mins >= cfg->rules.office_end)) {
			char key[512];

			/* Rows are appended in recording order: one day's counts at a time. */
			if (strncmp(row.recorded, c->burst_day, 10) > 0) {
				strmap_release(&c->bursts);
				snprintf(c->burst_day, sizeof c->burst_day, "%.10s", row.recorded);
			}
			snprintf(key, sizeof key, "%s|%.10s", row.recorder, row.recorded);
			cnt = (*strmap_ref(&c->bursts, key, strlen(key), NULL))++;
			if ((long)cnt + 1 == cfg->rules.burst && in_year && full)
				add("warning", "burst", WHERE, row.station, NULL, row.txn,
				    _("%ld awards recorded by '%s' outside office hours on %.10s"),
				    cfg->rules.burst, row.recorder, row.recorded);
		}
	} else if (row.kind == LK_REDEEM && in_year && full) {
		struct rules_verdict rv;

		if (row_rule(RULES_REDEEM, v, a, &row, &rv) == RW_CLEARED)
			add("error", "redeem-cleared", WHERE, row.station, row.volunteer, row.txn,
			    _("redemption by volunteer '%s', cleared in %d"), row.volunteer, rv.year);
		else if (rv.why != RW_OK)
			add("error", "redeem-status", WHERE, row.station, row.volunteer, row.txn,
			    _("redemption by volunteer '%s', %s since %.10s"), row.volunteer,
			    wmsj_value_label("status", v->status), v->updated);
	} else if (row.kind == LK_REVERSE && row.reverses == LK_AWARD) {
		uint64_t fp = fp2(row.activity, row.volunteer);

		for (size_t i = 0; i < c->nom; i++)
			if (u64set_op(&c->om[i].awards, fp, 1))
				break;
	}
	return WMSJ_OK;
}
#undef WHERE

/* One pass over every row: the state is rebuilt (no snapshot trusted) and
 * each row is checked against what came before it. */
static void
check_rows(const struct opts *o, const struct wmsj_config *cfg, const struct vregister *reg, int year,
	   int full)
{
	struct rows_ctx c;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct wmsj_err err;
	struct table acts;

	memset(&c, 0, sizeof c);
	c.dir = o->c.data;
	c.cfg = cfg;
	c.reg = reg;
	c.year = year;
	c.full = full;
	c.st = &st;
	c.acts = &acts;
	strmap_init(&c.bursts);
	strmap_init(&c.actday);
	/* Each activity's day: its awards are dated on it and belong to its month. */
	if (table_load(&acts, o->c.data, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK)
		add("error", "format", ACTIVITY_FILE, NULL, NULL, NULL, "%s", err.msg);
	for (size_t i = 0; i < acts.n; i++)
		if (strlen(acts.rows[i][AC_DATE]) == 10)
			strmap_put(&c.actday, acts.rows[i][AC_ID], strlen(acts.rows[i][AC_ID]), i);
	memset(&lo, 0, sizeof lo);
	lo.flags = LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS;
	lo.cb = rows_cb;
	lo.cb_arg = &c;
	strmap_init(&c.stations);
	strmap_init(&c.shelves);
	ledger_state_init(&st);
	if (ledger_state_load(&st, o->c.data, &lo, &err) != WMSJ_OK)
		add("error", "format", LEDGER_FILE, NULL, NULL, NULL, "%s", err.msg);
	else
		fig_replay_flush(&c.replay, INT32_MAX, dated_check, &c);
	ledger_state_release(&st);
	fig_replay_release(&c.replay);
	free(c.dacc);
	free(c.dstock);
	for (size_t i = 0; i < c.nshelves; i++) {
		free(c.shelf_of[i].station);
		free(c.shelf_of[i].item);
	}
	free(c.shelf_of);
	strmap_release(&c.shelves);
	free(c.clears);
	for (size_t i = 0; i < c.nstations; i++)
		free(c.station_codes[i]);
	free(c.station_codes);
	strmap_release(&c.stations);
	free(c.vols);
	open_month_seal(c.om, &c.nom, "9999-12");
	free(c.om);
	free(c.reversed.k);
	strmap_release(&c.bursts);
	strmap_release(&c.actday);
	table_release(&acts);
}

/* ---- station standards ------------------------------------------------------------- */

struct monthly {
	const struct wmsj_config *cfg;
	int year;
	int (*redeems)[13];
	struct act_awards aw;   /* awards standing per activity: which were held */
};

static int
std_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct monthly *m = arg;

	(void)err;
	act_awards_row(&m->aw, row);
	if (row->kind != LK_REDEEM || atoi(row->date) != m->year)
		return WMSJ_OK;
	for (size_t i = 0; i < m->cfg->nstations; i++)
		if (strcmp(m->cfg->stations[i].code, row->station) == 0)
			m->redeems[i][atoi(row->date + 5) % 13]++;
	return WMSJ_OK;
}

static void
check_standards(const struct opts *o, const struct wmsj_config *cfg, const struct vregister *reg,
		int year)
{
	const char *today = wmsj_today();
	int ty = atoi(today), tm = atoi(today + 5), last;
	struct table acts;
	struct wmsj_err err;
	struct monthly m;
	struct ledger_state st;
	struct ledger_state_opts lo;
	char from[16], ndir[4096];

	if (year > ty)
		return;
	last = year < ty ? 12 : tm - 1;   /* months that are over */
	if (table_load(&acts, o->c.data, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK) {
		add("error", "format", ACTIVITY_FILE, NULL, NULL, NULL, "%s", err.msg);
		table_release(&acts);
		return;
	}
	/* Due from the first record (auditsel.h): the ledger's rows were noted
	 * by check_rows; the register and the menu here. */
	for (size_t i = 0; i < reg->n; i++)
		audit_first_note(F.first, reg->v[i].registered);
	for (size_t i = 0; i < acts.n; i++)
		audit_first_note(F.first, acts.rows[i][AC_DATE]);
	if (!audit_standard_due(F.first, year, 0)) {
		table_release(&acts);
		return;
	}
	m.cfg = cfg;
	m.year = year;
	m.redeems = xcalloc(cfg->nstations + 1, sizeof *m.redeems);
	act_awards_init(&m.aw, NULL);
	xsnprintf(from, sizeof from, "%04d-01-01", year % 10000);
	memset(&lo, 0, sizeof lo);
	lo.cb = std_cb;
	lo.cb_arg = &m;
	lo.cb_from = from;
	ledger_state_init(&st);
	if (ledger_state_load(&st, o->c.data, &lo, &err) != WMSJ_OK)
		add("error", "format", LEDGER_FILE, NULL, NULL, NULL, "%s", err.msg);
	ledger_state_release(&st);
	(void)notices_dir(o, ndir, sizeof ndir, 0);   /* "" when too long: no notice found */
	for (size_t s = 0; s < cfg->nstations; s++) {
		const struct wmsj_station *stn = &cfg->stations[s];
		/* A station's volunteers on a date, as every report counts them. */
		size_t vols = fig_station_volunteers(reg, stn->code);
		struct standing_station ss;

		/* the standards as the report's statistics judge them (standing.h) */
		standing_station(&cfg->rules, vols, stn->population, 0, year, today, &ss);
		if (!ss.team_met)
			add("warning", "team-size", stn->code, stn->code, NULL, NULL,
			    _("station '%s' has %zu volunteers; the standard is at least %ld"),
			    stn->code, vols, cfg->rules.min_team);
		if (stn->population > 0 && !ss.participation_met)
			add("warning", "participation", stn->code, stn->code, NULL, NULL,
			    _("station '%s': %zu volunteers of %ld residents is %.1f%%, below the %.1f%% target"),
			    stn->code, vols, stn->population, 100.0 * (double)vols / (double)stn->population,
			    100.0 * cfg->rules.participation_target);
		for (int mo = 1; mo <= last; mo++) {
			char month[16];
			long n = 0;

			char mfrom[16], mto[16];

			if (!audit_standard_due(F.first, year, mo))
				continue;
			xsnprintf(month, sizeof month, "%04d-%02d", year % 10000, mo % 100);
			xsnprintf(mfrom, sizeof mfrom, "%04d-%02d-01", year % 10000, mo % 100);
			xsnprintf(mto, sizeof mto, "%04d-%02d-31", year % 10000, mo % 100);
			/* held only: not cancelled, somebody took part (activity.h) */
			n = (long)activity_held(&acts, &m.aw, stn->code, mfrom, mto);
			if (!standing_month_met(&cfg->rules, n))
				add("warning", "monthly-activity", stn->code, stn->code, NULL, NULL,
				    _("station '%s' held %ld activities in %s; the standard is %ld a month"),
				    stn->code, n, month, cfg->rules.activities_per_month);
			if (m.redeems[s][mo] == 0)
				add("warning", "exchange-day", stn->code, stn->code, NULL, NULL,
				    _("station '%s' recorded no exchange in %s (a monthly exchange day is the standard)"),
				    stn->code, month);
		}
		for (int q = 1; q <= 4 && q * 3 <= last; q++) {
			char prefix[64];
			int found = 0;
			DIR *dp;
			struct dirent *de;

			if (!audit_standard_due(F.first, year, q * 3))
				continue;
			dp = opendir(ndir);
			snprintf(prefix, sizeof prefix, "%dQ%d-%s.", year, q, stn->code);
			while (dp != NULL && (de = readdir(dp)) != NULL)
				found |= strncmp(de->d_name, prefix, strlen(prefix)) == 0;
			if (dp != NULL)
				closedir(dp);
			if (!found)
				add("warning", "notice", stn->code, stn->code, NULL, NULL,
				    _("no published notice for %dQ%d of station '%s' in '%s'"), year, q,
				    stn->code, ndir);
		}
	}
	free(m.redeems);
	act_awards_release(&m.aw);
	table_release(&acts);
}

/* ---- a published notice ------------------------------------------------------------ */

/* Check one published csv notice, file, against the ledger and the register;
 * where names it in findings.  soft: a notice kept in the data directory,
 * whose unreadable file is a finding (not the status of the run). */
/* The last notice figures built: the notices kept for one quarter (one
 * file a station, files in name order) share their seal, so the ledger is
 * read once a quarter, not once a station.  Points into the register:
 * dropped before it is released. */
static struct {
	int valid, y, q;
	uint64_t seq, rseq;
	struct notice_set set;
} NC;

static void
notice_cache_drop(void)
{
	if (NC.valid)
		notice_release(&NC.set);
	NC.valid = 0;
}

static struct notice_set *
notice_cached(const struct opts *o, const struct wmsj_config *cfg, int y, int q, uint64_t seq,
	      uint64_t rseq, struct wmsj_err *err)
{
	if (NC.valid && NC.y == y && NC.q == q && NC.seq == seq && NC.rseq == rseq)
		return &NC.set;
	notice_cache_drop();
	if (notice_build(&NC.set, cfg, o->c.data, NULL, y, q, seq, rseq, err) != WMSJ_OK) {
		notice_release(&NC.set);
		return NULL;
	}
	NC.valid = 1;
	NC.y = y;
	NC.q = q;
	NC.seq = seq;
	NC.rseq = rseq;
	return &NC.set;
}

static int
check_notice_file(const struct opts *o, const struct wmsj_config *cfg,
		  const char *file, const char *wname, int soft)
{
	struct csv_table t;
	struct wmsj_err err;
	struct ledger_found fd;
	struct notice_set *set;
	const char *seal;
	int col[NOTICE_CSV_NCOLS], y, q;
	uint64_t seq, by, rseq;
	char where[4200], txn[LEDGER_TXN_MAX], shash[65], rhash[65];
	struct strmap seen;
	enum { CQ, CS, CSN, CID, CN, CCARD, CE, CR, CC, CB, CH, CSEAL };

	const char *req[NOTICE_CSV_NCOLS + 1];

	for (int k = 0; k < NOTICE_CSV_NCOLS; k++)
		req[k] = notice_csv_cols[k];
	req[NOTICE_CSV_NCOLS] = NULL;
	if (csv_table_read(&t, file, o->c.enc, NULL, NULL, &err) != WMSJ_OK ||
	    csv_table_require(&t, req, &err) != WMSJ_OK) {
		csv_table_release(&t);
		if (!soft)
			return cli_report(&err);
		add("error", "notice", wname, NULL, NULL, NULL, "%s", err.msg);
		return WMSJ_OK;
	}
	for (int k = 0; k < NOTICE_CSV_NCOLS; k++)
		col[k] = csv_table_col(&t, notice_csv_cols[k]);
	if (t.nrows == 0) {
		add("error", "notice", wname, NULL, NULL, NULL, _("the notice has no rows"));
		csv_table_release(&t);
		return WMSJ_OK;
	}
	seal = csv_get(&t.rows[0], col[CSEAL]);
	{
		if (wmsj_quarter_parse(csv_get(&t.rows[0], col[CQ]), &y, &q) != 0 ||
		    notice_seal_parse(seal, &seq, shash, &rseq, rhash) != 0) {
			snprintf(where, sizeof where, "%s:%zu", wname, t.rows[0].line);
			add("error", "notice", where, NULL, NULL, NULL,
			    _("the quarter or the seal is malformed"));
			csv_table_release(&t);
			return WMSJ_OK;
		}
		/* A preview (wmsj-report notice --preview) is never final: it
		 * says so in its own column, and its quarter is not over. */
		{
			int cp = csv_table_col(&t, "preview");
			const char *pv = cp >= 0 ? csv_get(&t.rows[0], cp) : "";
			char from[11], to[11];

			if (*pv != '\0') {
				snprintf(where, sizeof where, "%s:%zu", wname, t.rows[0].line);
				add("error", "notice", where, NULL, NULL, NULL,
				    _("the notice is a preview (%s), not a final notice"), pv);
				csv_table_release(&t);
				return WMSJ_OK;
			}
			if (!notice_quarter_over(y, q, wmsj_today())) {
				wmsj_quarter_range(y, q, from, to);
				add("error", "notice", wname, NULL, NULL, NULL,
				    _("quarter '%s' has not ended (it ends on %s): no notice of it is final yet"),
				    csv_get(&t.rows[0], col[CQ]), to);
				csv_table_release(&t);
				return WMSJ_OK;
			}
		}
		ledger_txn_format(seq, txn);
		/* Sequence 0 is the seal of an empty ledger: it binds the
		 * figures to nothing, so it can certify nothing. */
		if (seq == 0) {
			add("error", "notice-seal", wname, NULL, NULL, txn,
			    _("the notice's seal '%s' names no ledger row: it certifies nothing"), txn);
			csv_table_release(&t);
			return WMSJ_OK;
		}
		if (ledger_find_txn(o->c.data, seq, &fd, &by, &err) != WMSJ_OK) {
			add("error", "notice-seal", wname, NULL, NULL, txn,
			    _("the ledger no longer holds '%s' that the notice was sealed with: it was cut short or rewritten"),
			    txn);
			csv_table_release(&t);
			return WMSJ_OK;
		}
		if (strcmp(fd.row.hash, shash) != 0) {
			add("error", "notice-seal", wname, NULL, NULL, txn,
			    _("row '%s' no longer has the hash the notice was sealed with: the ledger was rewritten"),
			    txn);
			ledger_found_release(&fd);
			csv_table_release(&t);
			return WMSJ_OK;
		}
		ledger_found_release(&fd);
		/* The register history's part: that event must still carry
		 * that hash, else the registers were rewritten or cut. */
		if (rseq != 0) {
			struct history h;
			int hrc = hist_load(&h, o->c.data, 0, &err);
			if (hrc == WMSJ_OK)
				hrc = hist_check_seal(&h, rseq, rhash, &err);
			hist_release(&h);
			if (hrc != WMSJ_OK) {
				add("error", "notice-seal", wname, NULL, NULL, NULL, "%s", err.msg);
				csv_table_release(&t);
				return WMSJ_OK;
			}
		}
	}
	if ((set = notice_cached(o, cfg, y, q, seq, rseq, &err)) == NULL) {
		csv_table_release(&t);
		if (!soft)
			return cli_report(&err);
		add("error", "notice", wname, NULL, NULL, NULL, "%s", err.msg);
		return WMSJ_OK;
	}
	strmap_init(&seen);
	for (size_t i = 0; i < t.nrows; i++) {
		const struct csv_record *r = &t.rows[i];
		const char *st = csv_get(r, col[CS]), *id = csv_get(r, col[CID]);
		const struct notice_line *l = NULL;
		const struct notice *n = NULL;

		snprintf(where, sizeof where, "%s:%zu", wname, r->line);
		if (strcmp(csv_get(r, col[CSEAL]), seal) != 0 ||
		    strcmp(csv_get(r, col[CQ]), csv_get(&t.rows[0], col[CQ])) != 0)
			add("error", "notice", where, st, id, NULL, _("the row's seal or quarter differs from the first row's"));
		for (size_t s = 0; s < set->count; s++) {
			if (strcmp(set->n[s].station->code, st) != 0)
				continue;
			n = &set->n[s];
			for (size_t k = 0; k < n->nlines; k++)
				if (strcmp(n->lines[k].v->id, id) == 0)
					l = &n->lines[k];
		}
		strmap_put(&seen, id, strlen(id), 1);
		if (n == NULL) {
			add("error", "notice", where, st, id, NULL, _("unknown station '%s'"), st);
			continue;
		}
		if (*id == '\0') {
			/* The row of a station that lists nobody: it carries the
			 * seal, and only when nobody is to be listed. */
			if (n->nlines > 0 || t.nrows > 1)
				add("error", "notice", where, st, NULL, NULL,
				    _("a row with no volunteer on a notice that lists volunteers"));
			else
				for (int k = CE; k <= CH; k++)
					if (strcmp(csv_get(r, col[k]), "0") != 0 &&
					    strcmp(csv_get(r, col[k]), "0.00") != 0 &&
					    strcmp(csv_get(r, col[k]), "0.0") != 0)
						add("error", "notice", where, st, NULL, NULL,
						    _("'%s' of the row with no volunteer is %s, not 0"),
						    notice_csv_cols[k], csv_get(r, col[k]));
			continue;
		}
		if (strcmp(csv_get(r, col[CSN]), n->station->name) != 0)
			add("error", "notice", where, st, id, NULL,
			    _("the station's name is %s on the notice, %s in the configuration"),
			    csv_get(r, col[CSN]), n->station->name);
		if (l == NULL) {
			add("error", "notice", where, st, id, NULL,
			    _("volunteer '%s' is on the notice but not in the ledger's figures"), id);
			continue;
		}
		{
			/* Every column, the masked name and card as published
			 * included: rows whose names were swapped are found. */
			char *mname = mask_name(l->v->name), *mcard = mask_card(l->v->card_no);
			const char *published[2] = {mname, mcard};
			static const char *const pnames[2] = {"name", "card_no"};
			int pcols[2] = {col[CN], col[CCARD]};
			int64_t vals[4] = {l->earned, l->redeemed, l->cleared, l->balance};
			int cols[4] = {col[CE], col[CR], col[CC], col[CB]};
			static const char *const names[4] = {"earned", "redeemed", "cleared", "balance"};
			char h[32];

			for (int k = 0; k < 2; k++)
				if (strcmp(csv_get(r, pcols[k]), published[k]) != 0)
					add("error", "notice", where, st, id, NULL,
					    _("volunteer '%s': %s is %s on the notice, %s in the register"), id,
					    pnames[k], csv_get(r, pcols[k]), published[k]);
			free(mname);
			free(mcard);
			for (int k = 0; k < 4; k++) {
				char b[32];
				xsnprintf(b, sizeof b, "%" PRId64, vals[k]);
				if (strcmp(csv_get(r, cols[k]), b) != 0)
					add("error", "notice", where, st, id, NULL,
					    _("volunteer '%s': %s is %s on the notice, %s in the ledger"), id,
					    wmsj_column_label(names[k]), csv_get(r, cols[k]), b);
			}
			wmsj_hours_format(l->hours, h);
			if (strcmp(csv_get(r, col[CH]), h) != 0)
				add("error", "notice", where, st, id, NULL,
				    _("volunteer '%s': hours is %s on the notice, %s in the ledger"), id,
				    csv_get(r, col[CH]), h);
		}
	}
	/* Volunteers the ledger lists for the notice's stations but the notice lacks. */
	for (size_t s = 0; s < set->count; s++) {
		int present = 0;
		for (size_t i = 0; i < t.nrows && !present; i++)
			present = strcmp(csv_get(&t.rows[i], col[CS]), set->n[s].station->code) == 0;
		if (!present)
			continue;
		for (size_t k = 0; k < set->n[s].nlines; k++) {
			const char *id = set->n[s].lines[k].v->id;
			if (!strmap_get(&seen, id, strlen(id), NULL))
				add("error", "notice", wname, set->n[s].station->code, id, NULL,
				    _("volunteer '%s' is missing from the notice"), id);
		}
	}
	strmap_release(&seen);
	csv_table_release(&t);
	return WMSJ_OK;
}

static int
check_notice(const struct opts *o, const struct wmsj_config *cfg)
{
	return check_notice_file(o, cfg, o->args[0], o->args[0], 0);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every csv notice kept in the notices directory (YYYYQn-CODE.csv, as
 * wmsj-report notice --out names them), checked as `notice FILE` checks one. */
static void
check_kept_notices(const struct opts *o, const struct wmsj_config *cfg)
{
	char ndir[4096];
	DIR *dp;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (notices_dir(o, ndir, sizeof ndir, 1) != 0 || (dp = opendir(ndir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		int y, q;
		char qs[8];

		if (len < 12 || strcmp(de->d_name + len - 4, ".csv") != 0 || de->d_name[6] != '-')
			continue;
		memcpy(qs, de->d_name, 6);
		qs[6] = '\0';
		if (wmsj_quarter_parse(qs, &y, &q) != 0)
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		char path[8200], wname[8200];

		snprintf(path, sizeof path, "%s/%s", ndir, names[i]);
		if (o->notices != NULL)
			snprintf(wname, sizeof wname, "%s", path);
		else
			snprintf(wname, sizeof wname, "notices/%s", names[i]);
		check_notice_file(o, cfg, path, wname, 1);
		free(names[i]);
	}
	free(names);
}

/* ---- witnessed seals ------------------------------------------------------------ */

/* The lines of every --witness file (loaded before any directory is audited). */
static struct witness WIT;

/* Every line of the witness files that names this directory's institute
 * (wline_names) must still hold: its T part against the ledger, its R part
 * against the register history.  Lines of other institutes are counted; a
 * directory that no line names is an error (its seals never left, or its
 * institute was renamed to escape them).  A summary is an info finding. */
static void
check_witness(const char *dir, const struct wmsj_config *cfg)
{
	size_t mine = 0, hold = 0, others = 0;
	const struct wline *newest = NULL;
	char txn[LEDGER_TXN_MAX], where[4200];
	struct wmsj_err err;

	if (WIT.n == 0)
		return;
	for (size_t i = 0; i < WIT.n; i++) {
		const struct wline *l = &WIT.v[i];
		int ok = 1;

		if (!wline_names(l, cfg->institute, cfg->center)) {
			others++;
			continue;
		}
		mine++;
		ledger_txn_format(l->seal.tseq, txn);
		snprintf(where, sizeof where, "%s:%zu", l->file, l->line);
		F.raw_where = 1;
		if (seal_check_ledger_part(dir, l->seal.tseq, l->seal.thash, &err) != WMSJ_OK) {
			ok = 0;
			add("error", "witness", where, NULL, NULL, txn, _("witnessed seal of %s %s: %s"),
			    wline_kind_name(l->kind), l->what, err.msg);
		}
		if (l->seal.has_r &&
		    seal_check_register_part(dir, l->seal.rseq, l->seal.rhash, &err) != WMSJ_OK) {
			ok = 0;
			add("error", "witness", where, NULL, NULL, txn, _("witnessed seal of %s %s: %s"),
			    wline_kind_name(l->kind), l->what, err.msg);
		}
		F.raw_where = 0;
		if (ok) {
			hold++;
			if (newest == NULL || l->seal.tseq > newest->seal.tseq)
				newest = l;
		}
	}
	if (mine == 0) {
		if (cfg->center != NULL && *cfg->center != '\0')
			add("error", "witness", "wmsj.yaml", NULL, NULL, NULL,
			    _("no line of the witness files names institute '%s' of '%s': its seals were never handed over, or wmsj.yaml's institute was changed"),
			    cfg->institute, cfg->center);
		else
			add("error", "witness", "wmsj.yaml", NULL, NULL, NULL,
			    _("no line of the witness files names institute '%s': its seals were never handed over, or wmsj.yaml's institute was changed"),
			    cfg->institute);
		return;
	}
	F.raw_where = 1;
	if (newest == NULL) {
		add("info", "witness", "", NULL, NULL, NULL,
		    _("witnessed seals of this institute: %zu, still holding: 0; lines of other institutes ignored: %zu"),
		    mine, others);
	} else {
		ledger_txn_format(newest->seal.tseq, txn);
		if (hold == mine)
			add("info", "witness", "", NULL, NULL, txn,
			    _("witnessed seals of this institute: %zu, all hold (the newest: '%s', %s %s); lines of other institutes ignored: %zu"),
			    mine, txn, wline_kind_name(newest->kind), newest->what, others);
		else
			add("info", "witness", "", NULL, NULL, txn,
			    _("witnessed seals of this institute: %zu, still holding: %zu (the newest: '%s', %s %s); lines of other institutes ignored: %zu"),
			    mine, hold, txn, wline_kind_name(newest->kind), newest->what, others);
	}
	F.raw_where = 0;
}

/* `seal`: hand-over lines (witness.h) on stdout, for the institute or the
 * county centre to keep: the close of --month, each notice's seal, or
 * (neither given) the head, the ledger's last row.  The chain is verified
 * first: a seal of a ledger that does not verify is never handed over.
 * All or nothing: nothing is printed unless every line can be. */
static int
cmd_seal(const struct opts *o, const struct wmsj_config *cfg)
{
	struct ledger_reader *r = NULL;
	struct ledger_row row;
	struct wmsj_err err;
	struct wseal head, close;
	char head_date[11] = "", *line;
	int rc, have_close = 0;
	struct sb b;

	memset(&head, 0, sizeof head);
	memset(&close, 0, sizeof close);
	if ((rc = ledger_open(&r, o->c.data, LEDGER_VERIFY, &err)) != WMSJ_OK)
		return cli_report(&err);
	while ((rc = ledger_next(r, &row, &err)) == 1) {
		head.tseq = row.seq;
		memcpy(head.thash, row.hash, 65);
		memcpy(head_date, row.date, 11);
		if (o->month != NULL && row.kind == LK_CLOSE && strcmp(row.ref, o->month) == 0) {
			close.tseq = row.seq;
			memcpy(close.thash, row.hash, 65);
			have_close = 1;
		}
	}
	ledger_close(r);
	if (rc != 0)
		return cli_report(&err);
	sb_init(&b);
	if (o->month != NULL) {
		if (!have_close) {
			sb_release(&b);
			cli_warn(_("month '%s' is not closed: there is no close row to hand over"), o->month);
			return WMSJ_REFUSED;
		}
		if ((rc = wline_format(cfg->institute, cfg->center, WL_CLOSE, o->month, &close, wmsj_today(),
				       &line, &err)) != WMSJ_OK) {
			sb_release(&b);
			return cli_report(&err);
		}
		sb_adds(&b, line);
		free(line);
	}
	for (size_t i = 0; i < o->nargs; i++) {
		struct csv_table t;
		static const char *const req[] = {"quarter", "station", "seal", NULL};
		const char *why;
		struct wseal ns;
		char what[64];

		if ((rc = csv_table_read(&t, o->args[i], o->c.enc, NULL, NULL, &err)) != WMSJ_OK ||
		    (rc = csv_table_require(&t, req, &err)) != WMSJ_OK) {
			csv_table_release(&t);
			sb_release(&b);
			return cli_report(&err);
		}
		if (t.nrows == 0) {
			csv_table_release(&t);
			sb_release(&b);
			cli_warn(_("%s: the notice has no rows"), o->args[i]);
			return WMSJ_BADDATA;
		}
		{
			const struct csv_record *r0 = &t.rows[0];
			const char *q = csv_get(r0, csv_table_col(&t, "quarter"));
			const char *st = csv_get(r0, csv_table_col(&t, "station"));
			const char *seal = csv_get(r0, csv_table_col(&t, "seal"));

			snprintf(what, sizeof what, "%s-%s", q, st);
			why = wseal_parse(seal, strlen(seal), &ns);
			if (why != NULL) {
				cli_warn("%s:%zu: %s", o->args[i], r0->line, _(why));
				csv_table_release(&t);
				sb_release(&b);
				return WMSJ_BADDATA;
			}
			if ((rc = seal_check_ledger_part(o->c.data, ns.tseq, ns.thash, &err)) != WMSJ_OK) {
				cli_warn(_("%s: the notice's seal does not hold, it is not handed over: %s"),
					 o->args[i], err.msg);
				csv_table_release(&t);
				sb_release(&b);
				return rc;
			}
			rc = wline_format(cfg->institute, cfg->center, WL_NOTICE, what, &ns, wmsj_today(), &line,
					  &err);
		}
		csv_table_release(&t);
		if (rc == WMSJ_OK) {
			/* the quarter and station as the notice has them, checked as a line */
			struct wline chk;
			const char *w2;

			if (wline_parse(line, strlen(line) - 1, &chk, &w2) != 1) {
				cli_warn(_("%s: the notice's quarter or station is malformed"), o->args[i]);
				free(line);
				sb_release(&b);
				return WMSJ_BADDATA;
			}
			wline_release(&chk);
			sb_adds(&b, line);
			free(line);
		} else {
			sb_release(&b);
			return cli_report(&err);
		}
	}
	if (o->month == NULL && o->nargs == 0) {
		if (head.tseq == 0) {
			sb_release(&b);
			cli_warn(_("the ledger is empty: there is no seal to hand over"));
			return WMSJ_REFUSED;
		}
		if ((rc = wline_format(cfg->institute, cfg->center, WL_HEAD, head_date, &head, wmsj_today(),
				       &line, &err)) != WMSJ_OK) {
			sb_release(&b);
			return cli_report(&err);
		}
		sb_adds(&b, line);
		free(line);
	}
	fputs(b.buf, stdout);
	sb_release(&b);
	return WMSJ_OK;
}

/* Every check of one data directory (o->c.data), its findings added to F.
 * WMSJ_OK when the checks ran (findings or not), else the status of what
 * kept them from running (already reported). */
/* ---- the register history and its views ---------------------------------- */
/* (declared with the findings, above the row checks that use it) */

static void
view_finding(void *arg, const char *sev, const char *file, size_t line, const char *id,
	     const char *msg)
{
	char where[4200];

	(void)arg;

	if (line > 0)
		snprintf(where, sizeof where, "%s:%zu", file, line);
	else
		snprintf(where, sizeof where, "%s", file);
	add(sev, strcmp(file, HIST_FILE) == 0 ? "history" : "register-view", where, NULL, id, NULL,
	    "%s", msg);
}

static int
check_history(const struct opts *o)
{
	struct wmsj_err err;

	if (views_check(o->c.data, view_finding, NULL, &err) != WMSJ_OK)
		return cli_report(&err);
	/* For the close rows, which seal the history's head (rows_cb). */
	audit_hist_ok = hist_load_regs(&audit_hist, o->c.data, 0, 0, &err) == WMSJ_OK;
	return WMSJ_OK;
}

static int
audit_dir(struct opts *o, const char *cmd, int year)
{
	struct wmsj_config cfg;
	struct vregister reg;
	struct wmsj_err err;
	struct wmsj_lock lock;
	int rc;

	F.first[0] = '\0';   /* each directory's own first record */
	/* Read under the lock, shared: a writer in progress is waited for,
	 * never taken for damage (a journal still present is a dead writer's). */
	if (fsio_lock_shared(&lock, o->c.data, o->c.wait, &err) != WMSJ_OK)
		return cli_report(&err);
	if (config_load(&cfg, o->c.data, &err) != WMSJ_OK) {
		fsio_unlock(&lock);
		config_release(&cfg);
		return cli_report(&err);
	}
	if (vreg_load(&reg, o->c.data, &err) != WMSJ_OK) {
		add("error", "register", VREG_FILE, NULL, NULL, NULL, "%s", err.msg);
		vreg_release(&reg);
		vreg_load(&reg, "/nonexistent-wmsj-dir", NULL); /* an empty register */
	}
	if (cmd != NULL && strcmp(cmd, "notice") == 0) {
		rc = check_notice(o, &cfg);
	} else if (cmd != NULL && strcmp(cmd, "seal") == 0) {
		rc = cmd_seal(o, &cfg);
	} else {
		rc = check_chain(o->c.data);
		if (rc == WMSJ_ENOENT_LEDGER) {
			check_missing_ledger(o, &reg);
			rc = WMSJ_OK;
		}
		if (rc == WMSJ_OK)
			rc = check_history(o);
		if (rc == WMSJ_OK) {
			check_seals(o->c.data);
			check_register(&reg, &cfg);
			check_rows(o, &cfg, &reg, cmd == NULL ? year : 0, cmd == NULL);
			if (cmd == NULL)
				check_standards(o, &cfg, &reg, year != 0 ? year : atoi(wmsj_today()));
			check_kept_notices(o, &cfg);
			check_witness(o->c.data, &cfg);
		}
	}
	fsio_unlock(&lock);
	notice_cache_drop();
	if (audit_hist_ok)
		hist_release(&audit_hist);
	audit_hist_ok = 0;
	vreg_release(&reg);
	config_release(&cfg);
	return rc;
}

/* The command line into o (the arrays allocated by the caller, argc + 1
 * each): WMSJ_OK; the status after a usage message; or -1 after --help. */
static int
parse_args(struct opts *o, int argc, char **argv, const char **limit_s)
{
	const char **seen = xcalloc((size_t)argc + 1, sizeof *seen);
	const struct cli_cmd *entry;
	size_t nseen = 0;
	int c, li, rc = WMSJ_OK;

	opterr = 0;
	while (rc == WMSJ_OK && (c = getopt_long(argc, argv, "-d:h", longopts, &li)) != -1) {
		if (c > OPT_COMMON_LAST)
			seen[nseen++] = longopts[li].name;
		switch (c) {
		case 1: o->args[o->nargs++] = optarg; break;
		case 'd':
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
			else
				o->dirs[o->ndirs++] = o->c.data;
			break;
		case 'h':
			fputs(_(usage_head), stdout);
			cli_cmd_print_synopses(cmds, NCMDS, stdout);
			fputs(_(usage_tail), stdout);
			rc = -1;
			break;
		case O_YEAR: o->year = optarg; break;
		case O_STATION: o->station = optarg; break;
		case O_NOTICES: o->notices = optarg; break;
		case O_LIMIT: *limit_s = optarg; break;
		case O_SEVERITY: o->severity = optarg; break;
		case O_WITNESS: o->witness[o->nwitness++] = optarg; break;
		case O_MONTH: o->month = optarg; break;
		case '?':
			rc = cli_usage_error(_("unknown option or missing argument: '%s'"), argv[optind - 1]);
			break;
		default:
			if (cli_common_option(&o->c, c, optarg) < 0)
				rc = WMSJ_USAGE;
		}
	}
	if (rc == WMSJ_OK) {
		entry = cli_cmd_find(cmds, NCMDS, o->nargs > 0 ? o->args[0] : "", NULL);
		if (entry == NULL)
			rc = cli_usage_error(_("unknown command '%s' (verify, notice, seal, or none for every check)"),
					     o->args[0]);
		else
			rc = cli_cmd_check_options(cmds, NCMDS, entry->name, NULL, seen, nseen);
	}
	free(seen);
	return rc;
}

/* The command's arguments and the options' values: WMSJ_OK, or the status
 * after a usage message.  Sets F.show and *year (0: this year). */
static int
check_args(struct opts *o, const char *cmd, const char *limit_s, int *year)
{
	char *end;

	if (cmd != NULL && ((strcmp(cmd, "notice") == 0 && o->nargs != 1) ||
			    (strcmp(cmd, "verify") == 0 && o->nargs != 0)))
		/* seal takes any number of notices */
		return cli_usage_error(_("notice needs one FILE; verify takes no arguments"));
	if (cmd != NULL && strcmp(cmd, "notice") == 0 && o->ndirs > 1)
		return cli_usage_error(_("a notice is checked against one data directory: give one -d DIR"));
	if (cmd != NULL && strcmp(cmd, "seal") == 0 && o->ndirs > 1)
		return cli_usage_error(_("seal hands over the seals of one data directory: give one -d DIR"));
	if (limit_s != NULL) {
		errno = 0;
		o->limit = strtol(limit_s, &end, 10);
		if (end == limit_s || *end != '\0' || errno != 0 || o->limit < 0)
			return cli_usage_error(_("--limit needs a number of findings (0 = all), not '%s'"),
					       limit_s);
	}
	if (o->month != NULL && wmsj_month_parse(o->month, NULL, NULL) != 0)
		return cli_usage_error(_("--month needs YYYY-MM, not '%s'"), o->month);
	F.show = AL_INFO;
	if (o->severity != NULL && audit_level_parse(o->severity, &F.show) != 0)
		return cli_usage_error(_("--severity must be error, anomaly, warning or info, not '%s'"),
				       o->severity);
	*year = 0;
	if (o->year != NULL && wmsj_year_parse(o->year, year) != 0)
		return cli_usage_error(_("--year needs YYYY, not '%s'"), o->year);
	return WMSJ_OK;
}

/* Every directory audited (a county: each town's on its own, every finding
 * named with its directory), the findings printed: the worst status. */
static int
audit_all(struct opts *o, const char *cmd, int year)
{
	int rc = WMSJ_OK;

	/* The cap is for people reading a table; csv and xlsx hold every
	 * finding (a script or a spreadsheet counts them). */
	findings_init(&F, wmsj_format_resolve(o->c.fmt) == WMSJ_FMT_TABLE ? o->limit : 0,
		      o->station, F.show);
	if (o->ndirs == 0)
		o->dirs[o->ndirs++] = o->c.data;
	for (size_t d = 0; d < o->ndirs; d++) {
		int r;

		o->c.data = o->dirs[d];
		F.dir = o->ndirs > 1 ? o->dirs[d] : NULL;
		r = audit_dir(o, cmd, year);
		if (r != WMSJ_OK && (rc == WMSJ_OK || r > rc))
			rc = r;
	}
	F.dir = NULL;
	/* What the other directories' audits found is shown even when one of
	 * them could not be audited. */
	if (rc == WMSJ_OK || o->ndirs > 1) {
		int r = print_findings(o);

		if (rc == WMSJ_OK)
			rc = r;
	}
	if (rc == WMSJ_OK && F.serious)
		rc = WMSJ_REFUSED;
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	char **args;
	const char *cmd = NULL, *limit_s = NULL;
	int rc, year = 0;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.limit = 20;
	o.args = args = xcalloc((size_t)argc + 1, sizeof *o.args);
	o.dirs = xcalloc((size_t)argc + 1, sizeof *o.dirs);
	o.witness = xcalloc((size_t)argc + 1, sizeof *o.witness);
	witness_init(&WIT);
	rc = parse_args(&o, argc, argv, &limit_s);
	if (rc == WMSJ_OK && o.nargs > 0) {
		cmd = o.args[0];
		o.args++;
		o.nargs--;
	}
	if (rc == WMSJ_OK)
		rc = check_args(&o, cmd, limit_s, &year);
	for (size_t i = 0; rc == WMSJ_OK && i < o.nwitness; i++) {
		struct wmsj_err err;

		if (witness_load(&WIT, o.witness[i], &err) != WMSJ_OK)
			rc = cli_report(&err);
	}
	if (rc == WMSJ_OK)
		rc = audit_all(&o, cmd, year);
	free(o.dirs);
	free(o.witness);
	witness_release(&WIT);
	free(args);
	if (rc == -1)
		return wmsj_close_stdout(NULL);
	if (rc <= WMSJ_REFUSED) {
		int r2 = wmsj_close_stdout(NULL);

		if (r2 != WMSJ_OK)
			rc = r2;
	}
	return rc;
}
