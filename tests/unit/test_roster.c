/* roster: the volunteer transitions as one table (every status × change,
 * allowed and refused, with the exact message), and the operations that
 * apply them to a register: a refusal leaves the record as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "clock.h"
#include "config.h"
#include "csvin.h"
#include "importmap.h"
#include "roster.h"
#include "vfind.h"
#include "volunteer.h"
#include "scratch.h"

#define ST "610724109201"      /* the template's station */

enum { A = VS_ACTIVE, S = VS_SUSPENDED, W = VS_WITHDRAWN, I = VS_INVALID };

static const struct {
	int from;
	enum roster_change ch;
	enum roster_why why;
	int to;                  /* allowed: the status after */
	enum roster_reason reason;
} table[] = {
	{A, RC_UPDATE, RO_OK, A, RR_KEEP},
	{A, RC_TRANSFER, RO_OK, A, RR_KEEP},
	{A, RC_REISSUE, RO_OK, A, RR_KEEP},
	{A, RC_CARD, RO_OK, A, RR_KEEP},
	{A, RC_SUSPEND, RO_OK, S, RR_SET},
	{A, RC_RESUME, RO_NOT_SUSPENDED, 0, RR_KEEP},
	{A, RC_WITHDRAW, RO_OK, W, RR_SET},
	{A, RC_CORRECT_ID, RO_OK, A, RR_KEEP},

	{S, RC_UPDATE, RO_OK, S, RR_KEEP},
	{S, RC_TRANSFER, RO_OK, S, RR_KEEP},
	{S, RC_REISSUE, RO_OK, S, RR_KEEP},
	{S, RC_CARD, RO_OK, S, RR_KEEP},
	{S, RC_SUSPEND, RO_NOT_ACTIVE, 0, RR_KEEP},
	{S, RC_RESUME, RO_OK, A, RR_CLEAR},
	{S, RC_WITHDRAW, RO_OK, W, RR_SET},
	{S, RC_CORRECT_ID, RO_OK, S, RR_KEEP},

	{W, RC_UPDATE, RO_FROZEN, 0, RR_KEEP},
	{W, RC_TRANSFER, RO_FROZEN, 0, RR_KEEP},
	{W, RC_REISSUE, RO_NO_CARD, 0, RR_KEEP},
	{W, RC_CARD, RO_NO_CARD, 0, RR_KEEP},
	{W, RC_SUSPEND, RO_NOT_ACTIVE, 0, RR_KEEP},
	{W, RC_RESUME, RO_NOT_SUSPENDED, 0, RR_KEEP},
	{W, RC_WITHDRAW, RO_ALREADY_WITHDRAWN, 0, RR_KEEP},
	{W, RC_CORRECT_ID, RO_OK, W, RR_KEEP},

	{I, RC_UPDATE, RO_OK, I, RR_KEEP},
	{I, RC_TRANSFER, RO_OK, I, RR_KEEP},
	{I, RC_REISSUE, RO_OK, I, RR_KEEP},
	{I, RC_CARD, RO_OK, I, RR_KEEP},
	{I, RC_SUSPEND, RO_NOT_ACTIVE, 0, RR_KEEP},
	{I, RC_RESUME, RO_NOT_SUSPENDED, 0, RR_KEEP},
	{I, RC_WITHDRAW, RO_OK, W, RR_SET},
	{I, RC_CORRECT_ID, RO_OK, I, RR_KEEP},
};

static void
test_table(void **state)
{
	int seen[VS_INVALID + 1][RC_NCHANGES];

	(void)state;
	memset(seen, 0, sizeof seen);
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const struct roster_move *m = roster_move((enum vstatus)table[i].from, table[i].ch);

		assert_int_equal(m->why, table[i].why);
		if (m->why == RO_OK) {
			assert_int_equal(m->to, table[i].to);
			assert_int_equal(m->reason, table[i].reason);
		}
		seen[table[i].from][table[i].ch]++;
	}
	/* the test's table covers the whole of the module's, once */
	for (int f = 0; f <= VS_INVALID; f++)
		for (int c = 0; c < RC_NCHANGES; c++)
			assert_int_equal(seen[f][c], 1);
	/* a station's sheet of cards: the active only */
	assert_true(roster_on_sheet(VS_ACTIVE));
	assert_false(roster_on_sheet(VS_SUSPENDED));
	assert_false(roster_on_sheet(VS_WITHDRAWN));
	assert_false(roster_on_sheet(VS_INVALID));
	/* out of range: refused, never NULL */
	assert_int_equal(roster_move((enum vstatus)9, RC_UPDATE)->why, RO_FROZEN);
	assert_int_equal(roster_move(VS_ACTIVE, RC_NCHANGES)->why, RO_FROZEN);
}

static void
test_explain(void **state)
{
	static const struct {
		enum roster_why why;
		const char *status, *msg;
	} cases[] = {
		{RO_FROZEN, "withdrawn", "volunteer 'V1' has withdrawn; the record can no longer change"},
		{RO_NO_CARD, "withdrawn", "volunteer 'V1' has withdrawn; no card is issued"},
		{RO_NOT_ACTIVE, "suspended",
		 "volunteer 'V1' is suspended; only an active volunteer can be suspended"},
		{RO_NOT_ACTIVE, "withdrawn",
		 "volunteer 'V1' is withdrawn; only an active volunteer can be suspended"},
		{RO_NOT_SUSPENDED, "active",
		 "volunteer 'V1' is active; only a suspended volunteer can resume"},
		{RO_ALREADY_WITHDRAWN, "withdrawn", "volunteer 'V1' has already withdrawn"},
	};
	struct wmsj_err err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(roster_explain(cases[i].why, "V1", cases[i].status, &err),
				 WMSJ_REFUSED);
		assert_int_equal(err.status, WMSJ_REFUSED);
		assert_string_equal(err.msg, cases[i].msg);
	}
	strcpy(err.msg, "untouched");
	assert_int_equal(roster_explain(RO_OK, "V1", "active", &err), WMSJ_OK);
	assert_string_equal(err.msg, "untouched");
}

static struct wmsj_config cfg;

static int
setup(void **state)
{
	struct wmsj_err err;

	(void)state;
	wmsj_clock_set("2026-11-22", "2026-11-22T10:00:00");
	if (scratch_make("roster") != 0)
		return -1;
	return config_parse(&cfg, "wmsj.yaml", wmsj_config_template, strlen(wmsj_config_template),
			    &err) == WMSJ_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	config_release(&cfg);
	return scratch_remove();
}

static void
make(struct vregister *r)
{
	static const char *const idnums[] = {"11010519491231002X", "440524188001010014",
					     "610724199001011232"};
	struct roster_fields f;
	struct wmsj_err err;

	memset(r, 0, sizeof *r);
	r->dir = strdup(dir);
	memset(&f, 0, sizeof f);
	f.name = "张三";
	f.phone = "13812345678";
	f.station = ST;
	for (size_t i = 0; i < 3; i++) {
		f.idnum = idnums[i];
		assert_int_equal(roster_add(r, &cfg, &f, "2026-01-10", &err), WMSJ_OK);
	}
}

/* Every status change from every status through the operation: the
 * table's answer, the record changed as it says or not at all. */
static void
test_set_status(void **state)
{
	static const char *const from[] = {"active", "suspended", "withdrawn"};
	static const enum roster_change chs[] = {RC_SUSPEND, RC_RESUME, RC_WITHDRAW};

	(void)state;
	for (size_t f = 0; f < 3; f++)
		for (size_t c = 0; c < 3; c++) {
			struct vregister r;
			struct volunteer *v;
			struct wmsj_err err;
			const struct roster_move *m = roster_move((enum vstatus)f, chs[c]);
			int rc;

			make(&r);
			v = &r.v[1];
			vreg_set(&r, &v->status, from[f]);
			vreg_set(&r, &v->reason, f == 0 ? "" : "old reason");
			vreg_set(&r, &v->updated, "2026-01-10T00:00:00");
			rc = roster_set_status(&r, v, chs[c], "new reason", &err);
			if (m->why != RO_OK) {
				assert_int_equal(rc, WMSJ_REFUSED);
				assert_string_equal(v->status, from[f]);
				assert_string_equal(v->reason, f == 0 ? "" : "old reason");
				assert_string_equal(v->updated, "2026-01-10T00:00:00");
			} else {
				assert_int_equal(rc, WMSJ_OK);
				assert_string_equal(v->status, vstatus_name(m->to));
				assert_string_equal(v->reason, chs[c] == RC_RESUME ? "" : "new reason");
				assert_string_equal(v->updated, "2026-11-22T10:00:00");
			}
			vreg_release(&r);
		}
}

static void
test_update(void **state)
{
	static const struct {
		const char *status;
		struct roster_fields f;
		int rc;
		const char *msg;
	} cases[] = {
		{"withdrawn", {.name = "李四"}, WMSJ_REFUSED,
		 "volunteer 'V610724109201-0002' has withdrawn; the record can no longer change"},
		{"withdrawn", {.station = ST}, WMSJ_REFUSED,
		 "volunteer 'V610724109201-0002' has withdrawn; the record can no longer change"},
		{"active", {.station = "610724109999"}, WMSJ_REFUSED,
		 "unknown station '610724109999'"},
		{"active", {.platform = "a,b"}, WMSJ_REFUSED,
		 "a platform number may not hold commas, quotes or control characters"},
		{"active", {.platform = "a\x01"}, WMSJ_REFUSED,
		 "a platform number may not hold commas, quotes or control characters"},
		{"active", {.tags = "a,b\x01"}, WMSJ_REFUSED, "tags may not hold control characters"},
		{"active", {.phone = "123"}, WMSJ_REFUSED, NULL},
		{"active", {.name = "  "}, WMSJ_REFUSED, NULL},
		{"suspended", {.name = " 李  四 ", .tags = "党员, 五老,,", .platform = "P9",
			       .phone = "13900000000", .station = ST}, WMSJ_OK, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct vregister r;
		struct volunteer *v;
		struct wmsj_err err;

		make(&r);
		v = &r.v[1];
		vreg_set(&r, &v->status, cases[i].status);
		memset(&err, 0, sizeof err);
		assert_int_equal(roster_update(&r, v, &cfg, &cases[i].f, &err), cases[i].rc);
		if (cases[i].msg != NULL)
			assert_string_equal(err.msg, cases[i].msg);
		if (cases[i].rc != WMSJ_OK) {
			assert_string_equal(v->name, "张三");
			assert_string_equal(v->phone, "13812345678");
			assert_string_equal(v->tags, "");
		} else {
			assert_string_equal(v->name, "李 四");
			assert_string_equal(v->phone, "13900000000");
			assert_string_equal(v->tags, "党员,五老");
			assert_string_equal(v->platform_no, "P9");
			assert_string_equal(v->status, "suspended");
		}
		vreg_release(&r);
	}
}

static void
test_reissue(void **state)
{
	struct vregister r;
	struct wmsj_err err;
	char *first;

	(void)state;
	make(&r);
	first = strdup(r.v[0].card_no);
	assert_int_equal(roster_reissue(&r, &r.v[0], &err), WMSJ_OK);
	assert_string_not_equal(r.v[0].card_no, first);
	assert_string_equal(r.v[0].old_cards, first);
	assert_ptr_equal(vreg_find_oldcard(&r, first), &r.v[0]);
	assert_ptr_equal(vreg_find(&r, r.v[0].card_no), &r.v[0]);
	assert_int_equal(roster_reissue(&r, &r.v[0], &err), WMSJ_OK);
	assert_non_null(strstr(r.v[0].old_cards, first));
	assert_non_null(strchr(r.v[0].old_cards, ' '));
	free(first);

	vreg_set(&r, &r.v[1].status, "withdrawn");
	first = strdup(r.v[1].card_no);
	assert_int_equal(roster_reissue(&r, &r.v[1], &err), WMSJ_REFUSED);
	assert_string_equal(err.msg, "volunteer 'V610724109201-0002' has withdrawn; no card is issued");
	assert_string_equal(r.v[1].card_no, first);
	assert_string_equal(r.v[1].old_cards, "");
	assert_int_equal(roster_check(&r.v[1], RC_CARD, &err), WMSJ_REFUSED);
	assert_int_equal(roster_check(&r.v[0], RC_CARD, &err), WMSJ_OK);
	free(first);
	/* withdrawn: the ID number may still be corrected */
	assert_int_equal(roster_correct_id(&r, &r.v[1], "610724199001014564", "2026-11-20", "typo",
					   &err), WMSJ_OK);
	assert_string_equal(r.v[1].id_number, "610724199001014564");
	vreg_release(&r);
}

static void
test_add(void **state)
{
	static const struct {
		struct roster_fields f;
		int rc;
		const char *msg;
	} cases[] = {
		{{"王五", "61072419850305123X", "13812345678", ST, "a, b", "P1"}, WMSJ_OK, NULL},
		{{"王五", "61072419850305123x", "13812345678", ST, NULL, NULL}, WMSJ_REFUSED,
		 "the ID number is already registered as volunteer 'V610724109201-0004'"},
		{{"王五", "440524188001010014", "13812345678", ST, NULL, NULL}, WMSJ_REFUSED,
		 "the ID number is already registered as volunteer 'V610724109201-0002'"},
		{{"王五", "610724199001014564", "13812345678", "610724109999", NULL, NULL},
		 WMSJ_REFUSED, "unknown station '610724109999'"},
		{{"王五", "610724199001014564", "13812345678", ST, NULL, "a\"b"}, WMSJ_REFUSED,
		 "a platform number may not hold commas or quotes"},
		{{"王五", "610724199001014564", "13812345678", ST, "x\x02", NULL}, WMSJ_REFUSED,
		 "tags may not hold control characters"},
		{{"王五", "610724199001014565", "13812345678", ST, NULL, NULL}, WMSJ_REFUSED, NULL},
		{{"王五", "610724199001014564", "1381234567", ST, NULL, NULL}, WMSJ_REFUSED, NULL},
		{{"", "610724199001014564", "13812345678", ST, NULL, NULL}, WMSJ_REFUSED, NULL},
	};
	struct vregister r;
	struct wmsj_err err;

	(void)state;
	make(&r);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = r.n;

		memset(&err, 0, sizeof err);
		assert_int_equal(roster_add(&r, &cfg, &cases[i].f, "2026-11-01", &err), cases[i].rc);
		if (cases[i].msg != NULL)
			assert_string_equal(err.msg, cases[i].msg);
		assert_int_equal(r.n, n + (cases[i].rc == WMSJ_OK));
	}
	assert_string_equal(r.v[3].id, "V610724109201-0004");
	assert_string_equal(r.v[3].status, "active");
	assert_string_equal(r.v[3].reason, "");
	assert_string_equal(r.v[3].tags, "a,b");
	assert_string_equal(r.v[3].platform_no, "P1");
	assert_string_equal(r.v[3].registered, "2026-11-01");
	vreg_release(&r);
}

static void
import(const char *csv, size_t added, const char *const *msgs, size_t nmsgs)
{
	struct vregister r;
	struct csv_table t;
	struct import_map m;
	struct wmsj_errlist bad;
	struct wmsj_err err;

	make(&r);
	assert_int_equal(csv_table_parse(&t, "s.csv", csv, strlen(csv), WMSJ_ENC_UTF8, &err), WMSJ_OK);
	assert_int_equal(import_map_table(&m, &t, "s.csv", &err), WMSJ_OK);
	wmsj_errlist_init(&bad);
	assert_int_equal(roster_import(&r, &cfg, &t, &m, "s.csv", "2026-11-02", &bad, &err), WMSJ_OK);
	assert_int_equal(bad.n, nmsgs);
	for (size_t i = 0; i < nmsgs; i++)
		if (msgs[i] != NULL)
			assert_string_equal(bad.msgs[i], msgs[i]);
	assert_int_equal(r.n, 3 + added);
	wmsj_errlist_release(&bad);
	csv_table_release(&t);
	vreg_release(&r);
}

static void
test_import(void **state)
{
	static const char *const dups[] = {
		"s.csv:3: the same ID number as line 2",
		"s.csv:4: the ID number is already registered as volunteer 'V610724109201-0001'",
		"s.csv:5: unknown station 'nowhere'",
	};

	(void)state;
	/* all good: the station by its code or its name */
	import("姓名,身份证号,手机号,站点\n"
	       "王五,61072419850305123X,13812345678," ST "\n"
	       "赵六,610724199001014564,13812345679,某某村新时代文明实践站\n", 2, NULL, 0);
	/* every row refused is listed; nothing is added after the first */
	import("姓名,身份证号,手机号,站点\n"
	       "王五,61072419850305123X,13812345678," ST "\n"
	       "王五,61072419850305123X,13812345678," ST "\n"
	       "张三,11010519491231002X,13812345678," ST "\n"
	       "赵六,610724199001014564,13812345679,nowhere\n", 1, dups, 3);
}

/* wmsj-volunteer list's filter and a station's sheet of cards: 张三 (0,
 * active, tags "a,bb"), 张三 (1, suspended), 张三 (2, active, another
 * station).  Each case: the filter, the volunteers shown. */
static void
test_listed(void **state)
{
	static const struct {
		const char *name, *station, *status, *tag;
		int eligible;
		const char *shown;
	} cases[] = {
		{NULL, NULL, NULL, NULL, 0, "012"},
		{"张", NULL, NULL, NULL, 0, "012"},
		{"李", NULL, NULL, NULL, 0, ""},
		{NULL, ST, NULL, NULL, 0, "01"},
		{NULL, "610724109202", NULL, NULL, 0, "2"},
		{NULL, NULL, "active", NULL, 0, "02"},
		{NULL, NULL, "suspended", NULL, 0, "1"},
		{NULL, NULL, "withdrawn", NULL, 0, ""},
		{NULL, NULL, NULL, "bb", 0, "0"},
		{NULL, NULL, NULL, "b", 0, ""},         /* a whole tag, not a part */
		{NULL, NULL, NULL, NULL, 1, "02"},      /* the suspended may not earn */
		{NULL, ST, "active", "a", 1, "0"},
	};
	static const struct {
		const char *station, *on;
	} sheets[] = {
		{NULL, "02"}, {ST, "0"}, {"610724109202", "2"}, {"610724109203", ""},
	};
	struct vregister r;
	struct fig_clearings fc;
	struct wmsj_err err;
	const struct volunteer *on[4];

	(void)state;
	make(&r);
	vreg_set(&r, &r.v[0].tags, "a,bb");
	vreg_set(&r, &r.v[1].status, "suspended");
	vreg_set(&r, &r.v[2].station, "610724109202");
	assert_int_equal(fig_clearings_load(&fc, dir, &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct roster_filter f;
		char *pat = NULL, got[8] = "";
		size_t k = 0;

		if (cases[i].name != NULL)
			assert_int_equal(vfind_pattern(cases[i].name, &pat, &err), WMSJ_OK);
		memset(&f, 0, sizeof f);
		f.pat = pat;
		f.station = cases[i].station;
		f.status = cases[i].status;
		f.tag = cases[i].tag;
		f.date = "2026-11-22";
		f.fc = cases[i].eligible ? &fc : NULL;
		for (size_t j = 0; j < r.n; j++)
			if (roster_listed(&f, &r.v[j]))
				got[k++] = (char)('0' + j);
		if (strcmp(got, cases[i].shown) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, got, cases[i].shown);
		free(pat);
	}
	for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
		char got[8] = "";
		size_t n = roster_sheet(&r, sheets[i].station, on);

		for (size_t j = 0; j < n; j++)
			got[j] = (char)('0' + (on[j] - r.v));
		assert_string_equal(got, sheets[i].on);
	}
	fig_clearings_release(&fc);
	vreg_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_set_status),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_reissue),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_listed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
