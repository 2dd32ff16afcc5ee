/* bank: the operations of wmsj-points on a scratch data directory — every
 * batch all or nothing, each refusal with its message, and the entries
 * returned (recorded through bank_record and store_commit as the tool does). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bank.h"
#include "clock.h"
#include "fsio.h"
#include "seal.h"
#include "store.h"
#include "table.h"
#include "volunteer.h"
#include "scratch.h"

#define EAST "610724109001"
#define WEST "610724109003"
#define V1 "V610724109001-0001"         /* Zhang San, active */
#define V2 "V610724109001-0002"         /* Li Si, active */
#define V3 "V610724109003-0001"         /* Wang Wu, suspended */

static const char yaml[] =
	"center: County\n"
	"institute: Town\n"
	"stations:\n"
	"  - code: \"" EAST "\"\n"
	"    name: East\n"
	"    population: 1000\n"
	"    supervisors: [Chen]\n"
	"  - code: \"" WEST "\"\n"
	"    name: West\n"
	"    population: 800\n"
	"    supervisors: [Liu]\n"
	"goods:\n"
	"  - {code: G01, name: Soap, points: 30}\n";

#define A1 "A610724109001-0001"
#define A2 "A610724109001-0002"
#define A3 "A610724109001-0003"

/* Activities: id, station, date, points, hours (A3 in the future). */
static const char *const acts[][5] = {
	{A1, EAST, "2026-01-10", "20", "2"},
	{A2, EAST, "2026-02-10", "25", "3"},
	{A3, EAST, "2026-04-01", "10", "1"},
};

static void
add_volunteer(struct vregister *r, const char *name, const char *idnum, const char *st,
	      const char *status)
{
	struct volunteer v;

	memset(&v, 0, sizeof v);
	v.id = vreg_next_id(r, st);
	v.card_no = vreg_next_card(r, st, NULL);
	v.name = (char *)name; v.id_number = (char *)idnum; v.phone = (char *)"13812345678";
	v.station = (char *)st; v.tags = (char *)""; v.platform_no = (char *)"";
	v.status = (char *)status; v.reason = (char *)""; v.registered = (char *)"2026-01-02";
	v.updated = (char *)"2026-01-02T10:00:00"; v.old_cards = (char *)"";
	vreg_add(r, &v);
	free(v.id);
	free(v.card_no);
}

static int
setup(void **state)
{
	struct vregister r;
	struct table t;
	struct wmsj_err err;
	char *path;
	FILE *f;

	(void)state;
	if (scratch_make("bank") != 0)
		return -1;
	wmsj_clock_set("2026-03-05", "2026-03-05T10:00:00");
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C", 1);
	path = fsio_path(dir, "wmsj.yaml");
	f = fopen(path, "w");
	free(path);
	if (f == NULL || fputs(yaml, f) < 0 || fclose(f) != 0)
		return -1;
	if (vreg_load(&r, dir, &err) != WMSJ_OK)
		return -1;
	add_volunteer(&r, "Zhang San", "11010519491231002X", EAST, "active");
	add_volunteer(&r, "Li Si", "440524188001010014", EAST, "active");
	add_volunteer(&r, "Wang Wu", "610724199001011232", WEST, "suspended");
	if (vreg_save(&r, &err) != WMSJ_OK)
		return -1;
	vreg_release(&r);
	if (table_load(&t, dir, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK)
		return -1;
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
		const char *v[AC_CHANGES + 1] = {acts[i][0], acts[i][1], acts[i][2], "theory", "Talk",
						 acts[i][3], acts[i][4], "", "", "", "", "",
						 "2026-01-02T10:00:00", "", "", ""};
		table_add(&t, v);
	}
	t.action = "publish";
	if (table_save(&t, &err) != WMSJ_OK)
		return -1;
	table_release(&t);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

/* One command: the store, the operation's outcome, its refusals. */
struct cmd {
	struct store s;
	struct bank_entries b;
	struct wmsj_errlist bad;
	int rc;
};

static void
cmd_open(struct cmd *c)
{
	struct wmsj_err err;

	assert_int_equal(store_open(&c->s, dir, 1, 1, &err), WMSJ_OK);
	c->rc = WMSJ_OK;
	bank_entries_init(&c->b);
	wmsj_errlist_init(&c->bad);
}

/* Record what was returned (nothing refused), or check the refusals: the
 * status, then the messages in order (NULL ends them). */
static void
cmd_close(struct cmd *c, int status, ...)
{
	struct wmsj_err err;
	va_list ap;
	size_t i = 0;
	const char *m;

	assert_int_equal(c->rc, status);
	assert_int_equal(c->bad.status, status);
	va_start(ap, status);
	while ((m = va_arg(ap, const char *)) != NULL) {
		if (i >= c->bad.n)
			fail_msg("missing refusal '%s'", m);
		if (strcmp(c->bad.msgs[i], m) != 0)
			fail_msg("refusal %zu: '%s', expected '%s'", i, c->bad.msgs[i], m);
		i++;
	}
	va_end(ap);
	assert_int_equal(c->bad.n, i);
	if (status == WMSJ_OK) {
		assert_int_equal(bank_record(&c->s, &c->b, &err), WMSJ_OK);
		assert_int_equal(store_commit(&c->s, &err), WMSJ_OK);
	} else {
		assert_int_equal(c->b.n, 0);   /* all or nothing */
	}
	bank_entries_release(&c->b);
	wmsj_errlist_release(&c->bad);
	store_close(&c->s);
}

static int
award(struct cmd *c, const char *act, const char *points, const char *certifier,
      const char *const *keys, size_t n, size_t *refused)
{
	struct bank_award a;
	struct bank_award_req req[8];

	memset(&a, 0, sizeof a);
	memset(req, 0, sizeof req);
	for (size_t i = 0; i < n; i++)
		req[i].key = keys[i];
	a.activity = act;
	a.points = points;
	a.certifier = certifier;
	a.supervisor = "Chen";
	a.reqs = req;
	a.n = n;
	return c->rc = bank_award(&c->s, &a, &c->b, &c->bad, refused);
}

/* The number of rows in the ledger. */
static size_t
ledger_rows(void)
{
	struct store s;
	struct wmsj_err err;
	size_t n;

	assert_int_equal(store_open(&s, dir, 1, 1, &err), WMSJ_OK);
	n = (size_t)(ledger_writer_next_seq(s.w) - 1);
	store_close(&s);
	return n;
}

static void
test_award(void **state)
{
	static const char *const two[] = {V1, V2}, *const mixed[] = {V1, V3, "V9", V2, V1};
	struct cmd c;
	size_t refused;

	(void)state;
	/* a batch: one entry each, the activity's points, hours and date */
	cmd_open(&c);
	assert_int_equal(award(&c, A1, NULL, "Chen", two, 2, &refused), WMSJ_OK);
	assert_int_equal(refused, 0);
	assert_int_equal(c.b.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(c.b.e[i].kind, LK_AWARD);
		assert_string_equal(c.b.e[i].volunteer, two[i]);
		assert_string_equal(c.b.e[i].date, "2026-01-10");
		assert_string_equal(c.b.e[i].activity, A1);
		assert_string_equal(c.b.e[i].station, EAST);
		assert_int_equal(c.b.e[i].points, 20);
		assert_int_equal(c.b.e[i].hours, 200);
		assert_string_equal(c.b.e[i].certifier, "Chen");
		assert_string_equal(c.b.e[i].supervisor, "Chen");
		assert_null(c.b.e[i].ref);
	}
	assert_string_equal(c.b.name[0], "Zhang San");
	cmd_close(&c, WMSJ_OK, NULL);
	assert_int_equal(ledger_rows(), 2);

	/* every volunteer's refusal, in order, and nothing recorded */
	cmd_open(&c);
	award(&c, A2, NULL, "Li Si", mixed, 5, &refused);
	assert_int_equal(refused, 4);
	cmd_close(&c, WMSJ_REFUSED,
		  "volunteer '" V3 "' is suspended; only active volunteers earn points",
		  "unknown volunteer 'V9'",
		  "volunteer '" V2 "': the certifier may not certify their own points",
		  "volunteer '" V1 "' appears twice in this batch", NULL);
	assert_int_equal(ledger_rows(), 2);

	/* one award per volunteer and activity */
	cmd_open(&c);
	award(&c, A1, NULL, "Chen", two + 1, 1, &refused);
	cmd_close(&c, WMSJ_REFUSED,
		  "volunteer '" V2 "' already has an award for activity '" A1 "'", NULL);
}

static void
test_award_activity(void **state)
{
	static const char *const one[] = {V1};
	struct cmd c;
	size_t refused = 99;

	(void)state;
	/* the cap: 50 allowed, 51 refused (the activity's refusal: no count) */
	cmd_open(&c);
	award(&c, A2, "51", "Chen", one, 1, &refused);
	assert_int_equal(refused, 0);
	cmd_close(&c, WMSJ_REFUSED, "51 points is over the cap of 50 (rules.max_points)", NULL);
	cmd_open(&c);
	award(&c, A2, "50", "Chen", one, 1, &refused);
	assert_int_equal(c.b.e[0].points, 50);
	cmd_close(&c, WMSJ_OK, NULL);

	cmd_open(&c);
	award(&c, A2, "many", "Chen", one, 1, &refused);
	cmd_close(&c, WMSJ_USAGE, "--points needs a whole number, not 'many'", NULL);
	cmd_open(&c);
	award(&c, A3, NULL, "Chen", one, 1, &refused);
	cmd_close(&c, WMSJ_REFUSED,
		  "activity '" A3 "' is dated 2026-04-01, in the future; award after it has taken place",
		  NULL);
	cmd_open(&c);
	award(&c, "A9", NULL, "Chen", one, 1, &refused);
	cmd_close(&c, WMSJ_REFUSED, "no activity 'A9' (see 'wmsj-points activity list')", NULL);
}

/* approve P1 P2, P1's activity in a closed month: both refused, nothing
 * recorded, and the applications stay pending. */
static void
test_approve(void **state)
{
	struct bank_apps ba;
	struct seal_result res;
	struct wmsj_err err;
	struct cmd c;
	size_t row;
	char *ids[] = {"P000001", "P000002"};

	(void)state;
	cmd_open(&c);
	assert_int_equal(bank_apps_load(&c.s, &ba, &err), WMSJ_OK);
	assert_int_equal(bank_apply(&c.s, &ba, A1, V1, &row, &c.bad), WMSJ_OK);
	assert_int_equal(bank_apply(&c.s, &ba, A2, V2, &row, &c.bad), WMSJ_OK);
	assert_string_equal(ba.apps.rows[row][AP_ID], "P000002");
	assert_int_equal(table_save(&ba.apps, &err), WMSJ_OK);
	/* once: a second application is refused */
	c.rc = bank_apply(&c.s, &ba, A2, V2, &row, &c.bad);
	bank_apps_release(&ba);
	cmd_close(&c, WMSJ_REFUSED,
		  "volunteer '" V2 "' already applied for activity '" A2 "' (P000002)", NULL);

	cmd_open(&c);
	assert_int_equal(seal_close(c.s.w, "2026-01", "Chen", &res, &err), WMSJ_OK);
	cmd_close(&c, WMSJ_OK, NULL);

	cmd_open(&c);
	assert_int_equal(bank_apps_load(&c.s, &ba, &err), WMSJ_OK);
	c.rc = bank_approve(&c.s, &ba, ids, 2, NULL, NULL, "Chen", "Liu", &c.b, &c.bad);
	bank_apps_release(&ba);
	cmd_close(&c, WMSJ_REFUSED,
		  "activity '" A1 "' is dated 2026-01-10, in a closed month (sealed through 2026-01)",
		  NULL);

	/* P2 alone: approved, its award names it */
	cmd_open(&c);
	assert_int_equal(bank_apps_load(&c.s, &ba, &err), WMSJ_OK);
	c.rc = bank_approve(&c.s, &ba, ids + 1, 1, NULL, NULL, "Chen", "Liu", &c.b, &c.bad);
	assert_int_equal(c.b.n, 1);
	assert_string_equal(c.b.e[0].ref, "P000002");
	assert_string_equal(c.b.e[0].volunteer, V2);
	assert_int_equal(bank_record(&c.s, &c.b, &err), WMSJ_OK);
	bank_approved(&ba, ids + 1, 1, &c.b);
	assert_string_equal(ba.apps.rows[1][AP_STATUS], "approved");
	assert_string_equal(ba.apps.rows[1][AP_TXN], c.b.txn[0]);
	bank_apps_release(&ba);
	c.b.n = 0;      /* recorded above */
	cmd_close(&c, WMSJ_OK, NULL);

	/* given twice, not pending */
	cmd_open(&c);
	assert_int_equal(bank_apps_load(&c.s, &ba, &err), WMSJ_OK);
	{
		char *again[] = {"P000002", "P000009", "P000009"};

		c.rc = bank_approve(&c.s, &ba, again, 3, NULL, NULL, "Chen", "Liu", &c.b, &c.bad);
	}
	bank_apps_release(&ba);
	cmd_close(&c, WMSJ_REFUSED, "application 'P000002' is not pending", "no application 'P000009'",
		  "no application 'P000009'", "application 'P000009' given twice", NULL);
}

static void
test_goods(void **state)
{
	struct bank_stock k;
	struct bank_redeem r;
	struct cmd c;

	(void)state;
	/* V1 has 70 points: 20 for A1, 50 for A2 */

	memset(&k, 0, sizeof k);
	k.item = "G01";
	k.qty = 2;
	k.donor = "a shop";
	k.recorder = "Chen";
	cmd_open(&c);
	c.rc = bank_stock(&c.s, &k, &c.b, &c.bad);   /* two stations: which shelf? */
	cmd_close(&c, WMSJ_USAGE, "stock needs --station CODE: each station's exchange point has its "
		  "own shelf (or set 'exchange: shared' in wmsj.yaml)", NULL);
	k.station = EAST;
	k.date = "2026-01-31";
	cmd_open(&c);
	c.rc = bank_stock(&c.s, &k, &c.b, &c.bad);    /* a sealed month's last day */
	cmd_close(&c, WMSJ_REFUSED, "the month of 2026-01-31 is closed (sealed through 2026-01); "
		  "nothing may be dated into it", NULL);
	k.date = "2026-02-01";                        /* the next day is open */
	cmd_open(&c);
	c.rc = bank_stock(&c.s, &k, &c.b, &c.bad);
	assert_int_equal(c.b.e[0].qty, 2);
	assert_string_equal(c.b.e[0].station, EAST);
	assert_string_equal(c.b.e[0].note, "a shop");
	cmd_close(&c, WMSJ_OK, NULL);

	cmd_open(&c);
	memset(&r, 0, sizeof r);
	r.card = vreg_find(&c.s.reg, V1)->card_no;
	r.item = "G01";
	r.qty = 3;
	r.clerk = "Chen";
	c.rc = bank_redeem(&c.s, &r, &c.b, &c.bad);
	assert_int_equal(r.balance, 70);
	cmd_close(&c, WMSJ_REFUSED, "volunteer '" V1 "' has 70 points on 2026-03-05; 3 x 'Soap' needs 90",
		  NULL);
	cmd_open(&c);
	r.card = vreg_find(&c.s.reg, V1)->card_no;
	r.qty = 1;
	r.date = NULL;
	c.rc = bank_redeem(&c.s, &r, &c.b, &c.bad);
	assert_int_equal(c.b.e[0].points, -30);
	assert_int_equal(c.b.e[0].qty, -1);
	assert_string_equal(c.b.e[0].date, "2026-03-05");
	assert_ptr_equal(r.g, r.g);
	assert_string_equal(r.g->code, "G01");
	cmd_close(&c, WMSJ_OK, NULL);

	cmd_open(&c);
	memset(&r, 0, sizeof r);
	r.card = "no-such-card";
	r.item = "G01";
	r.qty = 1;
	c.rc = bank_redeem(&c.s, &r, &c.b, &c.bad);
	assert_null(r.v);
	cmd_close(&c, WMSJ_REFUSED,
		  "unknown card 'no-such-card' (points are redeemed only by card number)", NULL);
}

static void
test_clear_reverse(void **state)
{
	struct bank_clear cl;
	struct bank_reverse q;
	struct cmd c;
	size_t refused;
	uint64_t seq;
	char t1[LEDGER_TXN_MAX], t2[LEDGER_TXN_MAX], msg[256];
	static const char *const one[] = {V2};

	(void)state;
	/* V2 has 45 points: 20 for A1, 25 for A2 (approved) */
	memset(&cl, 0, sizeof cl);
	cl.key = V2;
	cl.reason = "A";
	cl.note = "a penalty";
	cl.approver = "Chen";
	cl.date = "2026-02-09";          /* before the award of 2026-02-10 */
	cmd_open(&c);
	c.rc = bank_clear(&c.s, &cl, &c.b, &c.bad);
	cmd_close(&c, WMSJ_REFUSED, "volunteer '" V2 "' has rows dated after 2026-02-09 (the last on "
		  "2026-02-10); a clearing is dated on or after the volunteer's last row", NULL);
	cl.date = "2026-03-01";
	cmd_open(&c);
	c.rc = bank_clear(&c.s, &cl, &c.b, &c.bad);
	assert_int_equal(c.b.e[0].kind, LK_CLEAR);
	assert_int_equal(c.b.e[0].points, -45);
	assert_string_equal(c.b.e[0].ref, "A");
	seq = ledger_writer_next_seq(c.s.w);
	cmd_close(&c, WMSJ_OK, NULL);
	ledger_txn_format(seq, t1);
	ledger_txn_format(seq + 1, t2);
	cmd_open(&c);
	c.rc = bank_clear(&c.s, &cl, &c.b, &c.bad);
	cmd_close(&c, WMSJ_REFUSED, "volunteer '" V2 "' was already cleared in 2026", NULL);

	/* cleared in 2026: earns nothing dated in 2026 */
	cmd_open(&c);
	award(&c, A2, "1", "Chen", one, 1, &refused);
	assert_int_equal(refused, 1);
	cmd_close(&c, WMSJ_REFUSED,
		  "volunteer '" V2 "' was cleared in 2026 and earns nothing until 1 January 2027", NULL);

	memset(&q, 0, sizeof q);
	q.seq = seq;
	q.reason = "entered by mistake";
	q.approver = "Chen";
	q.date = "2026-02-28";
	cmd_open(&c);
	c.rc = bank_reverse(&c.s, &q, &c.b, &c.bad);
	snprintf(msg, sizeof msg, "'%s' is dated 2026-03-01; a reversal is dated on or after the row "
		 "it reverses", t1);
	cmd_close(&c, WMSJ_REFUSED, msg, NULL);
	q.date = NULL;
	cmd_open(&c);
	c.rc = bank_reverse(&c.s, &q, &c.b, &c.bad);
	assert_int_equal(c.b.e[0].kind, LK_REVERSE);
	assert_int_equal(c.b.e[0].reverses, LK_CLEAR);
	assert_int_equal(c.b.e[0].points, 45);
	assert_string_equal(c.b.e[0].ref, t1);
	assert_string_equal(c.b.name[0], "Li Si");
	cmd_close(&c, WMSJ_OK, NULL);
	cmd_open(&c);
	c.rc = bank_reverse(&c.s, &q, &c.b, &c.bad);
	snprintf(msg, sizeof msg, "'%s' was already reversed by '%s'", t1, t2);
	cmd_close(&c, WMSJ_REFUSED, msg, NULL);
	q.seq = seq + 1;
	cmd_open(&c);
	c.rc = bank_reverse(&c.s, &q, &c.b, &c.bad);
	snprintf(msg, sizeof msg, "'%s' is a reverse row; only award, redeem, stock and clear rows "
		 "can be reversed", t2);
	cmd_close(&c, WMSJ_REFUSED, msg, NULL);
}

static void
test_activities(void **state)
{
	struct bank_activity a;
	struct table t;
	struct cmd c;
	size_t row;

	(void)state;
	memset(&a, 0, sizeof a);
	a.station = "610724109999";
	a.date = "2026-03-10";
	a.platform = "theory";
	a.title = "Reading";
	a.points = 10;
	cmd_open(&c);
	c.rc = bank_activity_add(&c.s, &a, &t, &row, &c.bad);
	table_release(&t);
	cmd_close(&c, WMSJ_REFUSED, "unknown station '610724109999'", NULL);
	a.station = EAST;
	a.hours = 1250;
	a.hours_text = "12.50";
	cmd_open(&c);
	c.rc = bank_activity_add(&c.s, &a, &t, &row, &c.bad);
	table_release(&t);
	cmd_close(&c, WMSJ_REFUSED, "12.50 hours is over the cap of 12 (rules.max_hours)", NULL);
	a.hours = 100;
	a.date = "2026-01-31";
	cmd_open(&c);
	c.rc = bank_activity_add(&c.s, &a, &t, &row, &c.bad);
	table_release(&t);
	cmd_close(&c, WMSJ_REFUSED, "the month of 2026-01-31 is closed (sealed through 2026-01); "
		  "nothing may be dated into it", NULL);
	a.date = "2026-03-10";
	cmd_open(&c);
	c.rc = bank_activity_add(&c.s, &a, &t, &row, &c.bad);
	assert_int_equal(c.rc, WMSJ_OK);
	assert_string_equal(t.rows[row][AC_ID], "A610724109001-0004");
	assert_string_equal(t.rows[row][AC_HOURS], "1");
	table_release(&t);
	cmd_close(&c, WMSJ_OK, NULL);

	/* A2 has awards standing; A3 has none */
	memset(&a, 0, sizeof a);
	a.id = A2;
	a.reason = "rain";
	cmd_open(&c);
	c.rc = bank_activity_change(&c.s, &a, 1, &t, &row, &c.bad);
	table_release(&t);
	assert_int_equal(c.bad.n, 1);
	assert_int_equal(c.rc, WMSJ_REFUSED);
	assert_non_null(strstr(c.bad.msgs[0], "activity '" A2 "' has awards standing: T"));
	wmsj_errlist_release(&c.bad);
	bank_entries_release(&c.b);
	store_close(&c.s);
	a.id = A3;
	cmd_open(&c);
	c.rc = bank_activity_change(&c.s, &a, 1, &t, &row, &c.bad);
	assert_int_equal(c.rc, WMSJ_OK);
	assert_string_equal(t.rows[row][AC_STATUS], "cancelled");
	table_release(&t);
	cmd_close(&c, WMSJ_OK, NULL);
	a.points = 51;
	a.points_text = "51";
	a.id = A1;
	cmd_open(&c);
	c.rc = bank_activity_change(&c.s, &a, 0, &t, &row, &c.bad);
	table_release(&t);
	cmd_close(&c, WMSJ_REFUSED,
		  "activity '" A1 "' is dated 2026-01-10, in a closed month (sealed through 2026-01)",
		  NULL);
}

/* An award's volunteers: the keys as typed, or a CSV on standard input by
 * its id column, else its card_no column, each row's place its line. */
static void
test_award_reqs(void **state)
{
	static const struct { const char *csv; int status; const char *keys[3], *msg; } t[] = {
		{ "name,id\nZhang," V1 "\n\nLi," V2 "\n", WMSJ_OK, {V1, V2, NULL}, NULL },
		{ "card_no,name\n00012,Zhang\n", WMSJ_OK, {"00012", NULL, NULL}, NULL },
		{ "id,card_no\nV9,00012\n", WMSJ_OK, {"V9", NULL, NULL}, NULL },
		{ "name\nZhang\n", WMSJ_BADDATA, {NULL, NULL, NULL},
		  "<stdin>:1: needs an 'id' or a 'card_no' column" },
	};
	static const char *const where[][3] = {
		{"<stdin>:2", "<stdin>:4", NULL}, {"<stdin>:2", NULL, NULL}, {"<stdin>:2", NULL, NULL},
		{NULL, NULL, NULL},
	};
	char *keys[] = {(char *)V1, (char *)"00012"}, *dash[] = {(char *)"-"};
	char path[4200];
	struct bank_award_reqs q;
	struct wmsj_err err;
	int in = dup(0);

	(void)state;
	assert_int_equal(bank_award_reqs(&q, keys, 2, WMSJ_ENC_AUTO, &err), WMSJ_OK);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.r[0].key, V1);
	assert_string_equal(q.r[1].key, "00012");
	assert_null(q.r[0].where);
	bank_award_reqs_release(&q);
	snprintf(path, sizeof path, "%s/keys.csv", dir);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		FILE *f = fopen(path, "w");
		size_t n = 0;

		assert_non_null(f);
		fputs(t[i].csv, f);
		fclose(f);
		assert_non_null(freopen(path, "r", stdin));
		assert_int_equal(bank_award_reqs(&q, dash, 1, WMSJ_ENC_AUTO, &err), t[i].status);
		if (t[i].msg != NULL)
			assert_string_equal(err.msg, t[i].msg);
		while (n < 3 && t[i].keys[n] != NULL) {
			assert_string_equal(q.r[n].key, t[i].keys[n]);
			assert_string_equal(q.r[n].where, where[i][n]);
			n++;
		}
		assert_int_equal(q.n, n);
		bank_award_reqs_release(&q);
	}
	assert_int_equal(dup2(in, 0), 0);
	close(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_award),
		cmocka_unit_test(test_award_activity),
		cmocka_unit_test(test_approve),
		cmocka_unit_test(test_goods),
		cmocka_unit_test(test_clear_reverse),
		cmocka_unit_test(test_activities),
		cmocka_unit_test(test_award_reqs),
	};
	/* one data directory, the tests in order: each builds on the last */
	return cmocka_run_group_tests(tests, setup, teardown);
}
