/* report: the directories of a report taken together (a station code in two
 * of them found), the ranking's rows in their order, and a certificate's
 * record (a reversed award left out, the account, the seal, the ID number
 * masked unless revealed), on scratch data directories. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "bank.h"
#include "clock.h"
#include "fsio.h"
#include "mask.h"
#include "report.h"
#include "store.h"
#include "table.h"
#include "volunteer.h"
#include "scratch.h"

#define EAST "610724109001"
#define WEST "610724109003"
#define NORTH "610724110001"
#define V1 "V610724109001-0001"         /* Zhang San: A1 20 points; A2 reversed */
#define V2 "V610724109001-0002"         /* Li Si: A2 25 points */
#define V3 "V610724109003-0001"         /* Wang Wu: nothing */
#define A1 "A610724109001-0001"
#define A2 "A610724109001-0002"
#define ID1 "11010519491231002X"

static char sub[4][4200];               /* the town, two more, one that clashes */

static const char *const yamls[] = {
	"center: County\ninstitute: Town\nstations:\n"
	"  - {code: \"" EAST "\", name: East, population: 1000, supervisors: [Chen]}\n"
	"  - {code: \"" WEST "\", name: West, population: 800, supervisors: [Liu]}\n"
	"goods:\n  - {code: G01, name: Soap, points: 30}\n",
	"center: County\ninstitute: North town\nstations:\n"
	"  - {code: \"" NORTH "\", name: North, population: 500, supervisors: [Ma]}\n",
	"center: County\ninstitute: Other\nstations:\n"
	"  - {code: \"610724110002\", name: Other, population: 500, supervisors: [Ma]}\n",
	"center: County\ninstitute: Again\nstations:\n"
	"  - {code: \"" WEST "\", name: West again, population: 500, supervisors: [Ma]}\n",
};

static int
write_yaml(const char *d, const char *yaml)
{
	char *path = fsio_path(d, "wmsj.yaml");
	FILE *f = fopen(path, "w");

	free(path);
	return f == NULL || fputs(yaml, f) < 0 || fclose(f) != 0 ? -1 : 0;
}

static void
add_volunteer(struct vregister *r, const char *name, const char *idnum, const char *st)
{
	struct volunteer v;

	memset(&v, 0, sizeof v);
	v.id = vreg_next_id(r, st);
	v.card_no = vreg_next_card(r, st, NULL);
	v.name = (char *)name; v.id_number = (char *)idnum; v.phone = (char *)"13812345678";
	v.station = (char *)st; v.tags = (char *)""; v.platform_no = (char *)"";
	v.status = (char *)"active"; v.reason = (char *)""; v.registered = (char *)"2026-01-02";
	v.updated = (char *)"2026-01-02T10:00:00"; v.old_cards = (char *)"";
	vreg_add(r, &v);
	free(v.id);
	free(v.card_no);
}

/* One bank operation on the town, recorded: 0 award V1 A1, 1 V1 A2, 2 V2
 * A2, 3 reverse T00000002. */
static int
bank_step(int step)
{
	struct store s;
	struct bank_award a;
	struct bank_award_req req;
	struct bank_reverse q;
	struct bank_entries b;
	struct wmsj_errlist bad;
	struct wmsj_err err;
	size_t refused;
	int rc;

	if (store_open(&s, sub[0], 1, 1, &err) != WMSJ_OK)
		return -1;
	bank_entries_init(&b);
	wmsj_errlist_init(&bad);
	memset(&a, 0, sizeof a);
	memset(&req, 0, sizeof req);
	req.key = step == 2 ? V2 : V1;
	a.activity = step == 0 ? A1 : A2;
	a.certifier = "Chen";
	a.supervisor = "Chen";
	a.reqs = &req;
	a.n = 1;
	memset(&q, 0, sizeof q);
	q.seq = 2;
	q.reason = "wrong volunteer";
	q.approver = "Chen";
	rc = step < 3 ? bank_award(&s, &a, &b, &bad, &refused) : bank_reverse(&s, &q, &b, &bad);
	if (rc == WMSJ_OK && (rc = bank_record(&s, &b, &err)) == WMSJ_OK)
		rc = store_commit(&s, &err);
	bank_entries_release(&b);
	wmsj_errlist_release(&bad);
	store_close(&s);
	return rc == WMSJ_OK ? 0 : -1;
}

static int
setup(void **state)
{
	struct vregister r;
	struct table t;
	struct wmsj_err err;

	(void)state;
	if (scratch_make("report") != 0)
		return -1;
	wmsj_clock_set("2026-03-05", "2026-03-05T10:00:00");
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C", 1);
	for (int i = 0; i < 4; i++) {
		snprintf(sub[i], sizeof sub[i], "%s/d%d", dir, i);
		if (mkdir(sub[i], 0700) != 0 || write_yaml(sub[i], yamls[i]) != 0)
			return -1;
	}
	if (vreg_load(&r, sub[0], &err) != WMSJ_OK)
		return -1;
	add_volunteer(&r, "Zhang San", ID1, EAST);
	add_volunteer(&r, "Li Si", "440524188001010014", EAST);
	add_volunteer(&r, "Wang Wu", "610724199001011232", WEST);
	if (vreg_save(&r, &err) != WMSJ_OK)
		return -1;
	vreg_release(&r);
	if (table_load(&t, sub[0], ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK)
		return -1;
	{
		const char *v1[AC_CHANGES + 1] = {A1, EAST, "2026-01-10", "theory", "Talk", "20", "2",
						  "Hall", "", "", "", "", "2026-01-02T10:00:00", "", "",
						  ""};
		const char *v2[AC_CHANGES + 1] = {A2, EAST, "2026-02-10", "culture", "Song", "25", "3",
						  "Square", "", "", "", "", "2026-01-02T10:00:00", "",
						  "", ""};
		table_add(&t, v1);
		table_add(&t, v2);
	}
	t.action = "publish";
	if (table_save(&t, &err) != WMSJ_OK)
		return -1;
	table_release(&t);
	for (int step = 0; step < 4; step++)
		if (bank_step(step) != 0)
			return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

/* Directories together: which (indices into sub), the clash expected
 * (i, j, code; code NULL: none). */
static const struct dirs {
	int which[3];
	size_t n;
	const char *code;
	size_t i, j;
} dirsets[] = {
	{{0}, 1, NULL, 0, 0},
	{{0, 1, 2}, 3, NULL, 0, 0},
	{{0, 3}, 2, WEST, 1, 0},
	{{1, 0, 3}, 3, WEST, 2, 1},
	{{1, 2}, 2, NULL, 0, 0},
};

static void
test_dirs(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof dirsets / sizeof dirsets[0]; k++) {
		const struct dirs *t = &dirsets[k];
		const char *names[3];
		struct rdir *dd;
		struct wmsj_err err;
		const char *code = NULL;
		size_t i, j;

		for (size_t m = 0; m < t->n; m++)
			names[m] = sub[t->which[m]];
		if (rdirs_load(&dd, names, t->n, 1, &err) != WMSJ_OK)
			fail_msg("set %zu: %s", k, err.msg);
		if (t->code == NULL) {
			if (rdirs_clash(dd, t->n, &i, &j, &code))
				fail_msg("set %zu: clash on '%s'", k, code);
		} else {
			assert_true(rdirs_clash(dd, t->n, &i, &j, &code));
			assert_string_equal(code, t->code);
			assert_int_equal(i, t->i);
			assert_int_equal(j, t->j);
		}
		assert_true(rdirs_station_known(dd, t->n, dd[t->n - 1].cfg.stations[0].code));
		assert_false(rdirs_station_known(dd, t->n, "610724999999"));
		rdirs_free(dd, t->n);
	}
}

/* A directory without a configuration: its status, and those before it
 * released by rdirs_free. */
static void
test_dirs_missing(void **state)
{
	char none[4300];
	const char *names[2] = {sub[0], none};
	struct rdir *dd;
	struct wmsj_err err;

	(void)state;
	snprintf(none, sizeof none, "%s/none", dir);
	assert_int_not_equal(rdirs_load(&dd, names, 2, 1, &err), WMSJ_OK);
	assert_int_equal(dd[0].ok, 1);
	assert_int_equal(dd[1].ok, 0);
	rdirs_free(dd, 2);
}

/* The ranking of 2026: stations or volunteers, by points or hours. */
static const struct rank {
	int stations, all;
	enum standing_by by;
	size_t n;
	const char *ids[3];
	int64_t points[3];
	size_t ranks[3];
	int64_t vols[3];
} ranks[] = {
	{0, 0, SB_POINTS, 2, {V2, V1}, {25, 20}, {1, 2}, {0, 0}},
	{0, 0, SB_HOURS, 2, {V2, V1}, {25, 20}, {1, 2}, {0, 0}},
	{1, 0, SB_POINTS, 2, {EAST, WEST}, {45, 0}, {1, 2}, {2, 1}},
};

static void
test_ranking(void **state)
{
	const char *names[1] = {sub[0]};
	struct rdir *dd;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(rdirs_load(&dd, names, 1, 1, &err), WMSJ_OK);
	for (size_t k = 0; k < sizeof ranks / sizeof ranks[0]; k++) {
		const struct rank *t = &ranks[k];
		struct ranking g;

		assert_int_equal(ranking_build(&g, dd, 1, 2026, t->stations, t->all, t->by, &err),
				 WMSJ_OK);
		assert_int_equal(g.n, t->n);
		for (size_t i = 0; i < t->n; i++) {
			const struct rank_row *r = &g.r[g.k[i].idx];

			assert_string_equal(g.k[i].id, t->ids[i]);
			assert_int_equal(g.k[i].points, t->points[i]);
			assert_int_equal(g.k[i].rank, t->ranks[i]);
			if (t->stations)
				assert_int_equal(r->vols, t->vols[i]);
			else
				assert_string_equal(r->station, EAST);
		}
		ranking_release(&g);
	}
	/* another year: nobody */
	{
		struct ranking g;

		assert_int_equal(ranking_build(&g, dd, 1, 2025, 0, 1, SB_POINTS, &err), WMSJ_OK);
		assert_int_equal(g.n, 0);
		ranking_release(&g);
	}
	rdirs_free(dd, 1);
}

static void
test_cert(void **state)
{
	const char *names[1] = {sub[0]};
	struct rdir *dd;
	struct wmsj_err err;
	struct cert c;
	char *m = mask_idnum(ID1);

	(void)state;
	assert_int_equal(rdirs_load(&dd, names, 1, 1, &err), WMSJ_OK);
	for (int reveal = 0; reveal < 2; reveal++) {
		assert_int_equal(cert_build(&c, dd, vreg_find(&dd->reg, V1), reveal, &err), WMSJ_OK);
		/* A2's award was reversed: only A1's */
		assert_int_equal(c.doc.nrows, 1);
		assert_string_equal(c.doc.rows[0][0], "2026-01-10");
		assert_string_equal(c.doc.rows[0][1], "Talk");
		assert_string_equal(c.doc.rows[0][2], "theory");
		assert_string_equal(c.doc.rows[0][3], "Hall");
		assert_string_equal(c.doc.rows[0][4], "2");
		assert_string_equal(c.doc.rows[0][5], "20");
		assert_string_equal(c.doc.rows[0][8], "T00000001");
		assert_int_equal(c.doc.earned, 20);
		assert_int_equal(c.doc.balance, 20);
		assert_int_equal(c.doc.hours, 200);
		assert_string_equal(c.doc.station_name, "East");
		assert_string_equal(c.doc.id_shown, reveal ? ID1 : m);
		assert_ptr_equal(c.doc.seal, c.seal);
		assert_memory_equal(c.seal, "T00000004:", 10);
		assert_int_equal(strlen(c.seal), 10 + 64);
		cert_release(&c);
	}
	/* Wang Wu: no record */
	assert_int_equal(cert_build(&c, dd, vreg_find(&dd->reg, V3), 0, &err), WMSJ_OK);
	assert_int_equal(c.doc.nrows, 0);
	assert_int_equal(c.doc.earned, 0);
	assert_string_equal(c.doc.station_name, "West");
	cert_release(&c);
	free(m);
	rdirs_free(dd, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dirs),
		cmocka_unit_test(test_dirs_missing),
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_cert),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
