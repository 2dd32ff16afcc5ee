/* exchange: an exchange day on a scratch data directory — each scan one
 * redemption committed on its own, the holder's line it prints, a refusal
 * counted with its reason and the day going on, and the day's summary. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bank.h"
#include "clock.h"
#include "exchange.h"
#include "fsio.h"
#include "mask.h"
#include "store.h"
#include "table.h"
#include "volunteer.h"
#include "scratch.h"

#define EAST "610724109001"
#define V1 "V610724109001-0001"         /* Zhang San, 50 points */
#define V2 "V610724109001-0002"         /* Li Si, 50 points */
#define V3 "V610724109001-0003"         /* Wang Wu, no points */
#define A1 "A610724109001-0001"

static const char yaml[] =
	"center: County\n"
	"institute: Town\n"
	"stations:\n"
	"  - code: \"" EAST "\"\n"
	"    name: East\n"
	"    population: 1000\n"
	"    supervisors: [Chen]\n"
	"goods:\n"
	"  - {code: G01, name: Soap, points: 30}\n"
	"  - {code: G02, name: Towel, points: 10}\n";

static const char *const names[] = {"Zhang San", "Li Si", "Wang Wu"};
static char cards[3][64];

static void
add_volunteer(struct vregister *r, const char *name, const char *idnum)
{
	struct volunteer v;

	memset(&v, 0, sizeof v);
	v.id = vreg_next_id(r, EAST);
	v.card_no = vreg_next_card(r, EAST, NULL);
	v.name = (char *)name; v.id_number = (char *)idnum; v.phone = (char *)"13812345678";
	v.station = (char *)EAST; v.tags = (char *)""; v.platform_no = (char *)"";
	v.status = (char *)"active"; v.reason = (char *)""; v.registered = (char *)"2026-01-02";
	v.updated = (char *)"2026-01-02T10:00:00"; v.old_cards = (char *)"";
	vreg_add(r, &v);
	free(v.id);
	free(v.card_no);
}

/* A1 (50 points) awarded to V1 and V2; 5 x G01 and 5 x G02 on the shelf. */
static int
give_points(void)
{
	static const struct bank_award_req req[] = {{V1, NULL, NULL}, {V2, NULL, NULL}};
	struct store s;
	struct bank_award a;
	struct bank_stock k;
	struct bank_entries b;
	struct wmsj_errlist bad;
	struct wmsj_err err;
	size_t refused;
	int rc;

	memset(&a, 0, sizeof a);
	a.activity = A1;
	a.certifier = "Chen";
	a.supervisor = "Chen";
	a.reqs = req;
	a.n = 2;
	for (int step = 0; step < 3; step++) {
		if (store_open(&s, dir, 1, 1, &err) != WMSJ_OK)
			return -1;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		memset(&k, 0, sizeof k);
		k.item = step == 1 ? "G01" : "G02";
		k.qty = 5;
		k.donor = "a shop";
		k.recorder = "Chen";
		rc = step == 0 ? bank_award(&s, &a, &b, &bad, &refused) : bank_stock(&s, &k, &b, &bad);
		if (rc == WMSJ_OK && (rc = bank_record(&s, &b, &err)) == WMSJ_OK)
			rc = store_commit(&s, &err);
		bank_entries_release(&b);
		wmsj_errlist_release(&bad);
		store_close(&s);
		if (rc != WMSJ_OK)
			return -1;
	}
	return 0;
}

static int
setup(void **state)
{
	static const char *const ids[] = {"11010519491231002X", "440524188001010014",
					  "610724199001011232"};
	struct vregister r;
	struct table t;
	struct wmsj_err err;
	char *path;
	FILE *f;

	(void)state;
	if (scratch_make("exchange") != 0)
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
	for (int i = 0; i < 3; i++)
		add_volunteer(&r, names[i], ids[i]);
	if (vreg_save(&r, &err) != WMSJ_OK)
		return -1;
	for (int i = 0; i < 3; i++)
		snprintf(cards[i], sizeof cards[i], "%s", r.v[i].card_no);
	vreg_release(&r);
	if (table_load(&t, dir, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK)
		return -1;
	{
		const char *v[AC_CHANGES + 1] = {A1, EAST, "2026-01-10", "theory", "Talk", "50", "2",
						 "", "", "", "", "", "2026-01-02T10:00:00", "", "", ""};
		table_add(&t, v);
	}
	t.action = "publish";
	if (table_save(&t, &err) != WMSJ_OK)
		return -1;
	table_release(&t);
	return give_points();
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

/* The day's scans in order: who (0..2: a volunteer's card; -1: card as
 * given), the item and quantity, the outcome, the holder's line (after
 * "CARD  masked name  " for a volunteer's card) and the reason. */
static const struct scan {
	int who;
	const char *card, *item;
	int64_t qty;
	int status;
	const char *line, *msg;
} day[] = {
	{0, NULL, "G01", 1, WMSJ_OK,
	 "balance 50: redeemed 1 x Soap for 30 points, balance 20 (T00000005)\n", NULL},
	{0, NULL, "G01", 1, WMSJ_REFUSED, "balance 20: refused\n",
	 "volunteer '" V1 "' has 20 points on 2026-03-05; 1 x 'Soap' needs 30"},
	{-1, "no-such-card", "G01", 1, WMSJ_REFUSED, "no-such-card: refused\n",
	 "unknown card 'no-such-card' (points are redeemed only by card number)"},
	{1, NULL, "G02", 2, WMSJ_OK,
	 "balance 50: redeemed 2 x Towel for 20 points, balance 30 (T00000006)\n", NULL},
	{0, NULL, "G02", 2, WMSJ_OK,
	 "balance 20: redeemed 2 x Towel for 20 points, balance 0 (T00000007)\n", NULL},
	{2, NULL, "G01", 1, WMSJ_REFUSED, "balance 0: refused\n",
	 "volunteer '" V3 "' has 0 points on 2026-03-05; 1 x 'Soap' needs 30"},
	{1, NULL, "G01", 1, WMSJ_OK,
	 "balance 30: redeemed 1 x Soap for 30 points, balance 0 (T00000008)\n", NULL},
};

static void
test_day(void **state)
{
	struct exch_day d;
	struct wmsj_err err;
	char *buf = NULL, want[512];
	size_t len = 0;
	FILE *f;

	(void)state;
	exch_day_init(&d, dir, 1, "Chen", "2026-03-05");
	for (size_t i = 0; i < sizeof day / sizeof day[0]; i++) {
		const struct scan *s = &day[i];
		const char *card = s->who >= 0 ? cards[s->who] : s->card;
		char *nm = s->who >= 0 ? mask_name(names[s->who]) : NULL;
		int rc;

		f = open_memstream(&buf, &len);
		assert_non_null(f);
		d.scans++;
		rc = exch_scan(&d, f, card, s->item, s->qty, &err);
		assert_int_equal(fclose(f), 0);
		if (rc != s->status)
			fail_msg("scan %zu: status %d, expected %d (%s)", i, rc, s->status, err.msg);
		if (s->who >= 0)
			snprintf(want, sizeof want, "%s  %s  %s", card, nm, s->line);
		else
			snprintf(want, sizeof want, "%s", s->line);
		assert_string_equal(buf, want);
		if (s->msg != NULL)
			assert_string_equal(err.msg, s->msg);
		free(buf);
		free(nm);
	}
	assert_int_equal(d.scans, 7);
	assert_int_equal(d.done, 4);
	assert_int_equal(d.refused, 3);
	assert_int_equal(d.points, 100);
	f = open_memstream(&buf, &len);
	exch_day_summary(&d, f);
	assert_int_equal(fclose(f), 0);
	/* the items in the order first redeemed */
	assert_string_equal(buf, "exchange day 2026-03-05: 7 scans, 4 redeemed for 100 points, "
			    "3 refused\n"
			    "  G01 Soap: 2 (60 points)\n"
			    "  G02 Towel: 4 (40 points)\n");
	free(buf);
	exch_day_release(&d);
}

/* A directory that cannot be opened ends the day: its status, nothing
 * printed, nothing counted. */
static void
test_no_dir(void **state)
{
	struct exch_day d;
	struct wmsj_err err;
	char *buf = NULL, path[4200];
	size_t len = 0;
	FILE *f;
	int rc;

	(void)state;
	snprintf(path, sizeof path, "%s/none", dir);
	exch_day_init(&d, path, 0, "Chen", "2026-03-05");
	f = open_memstream(&buf, &len);
	rc = exch_scan(&d, f, cards[0], "G01", 1, &err);
	assert_int_equal(fclose(f), 0);
	assert_int_not_equal(rc, WMSJ_OK);
	assert_int_not_equal(rc, WMSJ_REFUSED);
	assert_int_equal(err.status, rc);
	assert_string_equal(buf, "");
	assert_int_equal(d.done + d.refused + d.nitems, 0);
	free(buf);
	exch_day_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day),
		cmocka_unit_test(test_no_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
