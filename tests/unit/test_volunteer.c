/* The volunteer register: ids and cards never reused, lookups, round trip;
 * new card numbers drawn (cardno.h) and drawn again on a collision. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cardno.h"
#include "fsio.h"
#include "serials.h"
#include "volunteer.h"
#include "scratch.h"

static void
add(struct vregister *r, const char *name, const char *idnum, const char *st)
{
	struct volunteer v;

	memset(&v, 0, sizeof v);
	v.id = vreg_next_id(r, st);
	v.card_no = vreg_next_card(r, st, NULL);
	assert_non_null(v.card_no);
	v.name = (char *)name; v.id_number = (char *)idnum; v.phone = (char *)"13812345678";
	v.station = (char *)st; v.tags = (char *)"党员,五老"; v.platform_no = (char *)"";
	v.status = (char *)"active"; v.reason = (char *)""; v.registered = (char *)"2026-11-22";
	v.updated = (char *)"2026-11-22T10:00:00"; v.old_cards = (char *)"";
	vreg_add(r, &v);
	free(v.id);
	free(v.card_no);
}

static void
test_register(void **state)
{
	struct vregister r, r2;
	struct wmsj_err err;
	struct volunteer *v;
	char *card, old[CARDNO_MAX];

	(void)state;
	assert_int_equal(scratch_make("vreg"), 0);
	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
	assert_int_equal(r.n, 0);
	add(&r, "吉𠮷祥", "11010519491231002X", "610724109001");
	add(&r, "阿依古丽·买买提", "440524188001010014", "610724109001");
	add(&r, "王五", "610724199001011232", "610724109003");
	assert_string_equal(r.v[1].id, "V610724109001-0002");
	for (size_t i = 0; i < 3; i++) {
		assert_true(cardno_valid(r.v[i].card_no));
		assert_memory_equal(r.v[i].card_no, r.v[i].station, 12);
	}
	assert_string_not_equal(r.v[0].card_no, r.v[1].card_no);
	assert_string_equal(r.v[2].id, "V610724109003-0001");
	/* reissue: the old card moves to old_cards, a new number is drawn */
	card = vreg_next_card(&r, "610724109001", &err);
	assert_true(cardno_valid(card));
	assert_string_not_equal(card, r.v[0].card_no);
	snprintf(old, sizeof old, "%s", r.v[0].card_no);
	r.v[0].old_cards = r.v[0].card_no;
	vreg_set(&r, &r.v[0].card_no, card);
	vreg_reindex(&r);
	assert_ptr_equal(vreg_find_oldcard(&r, old), &r.v[0]);
	assert_null(vreg_find(&r, old));
	assert_ptr_equal(vreg_find(&r, card), &r.v[0]);
	free(card);
	assert_ptr_equal(vreg_find(&r, "11010519491231002x"), &r.v[0]);
	assert_int_equal(vreg_save(&r, &err), WMSJ_OK);
	vreg_release(&r);

	assert_int_equal(vreg_load(&r2, dir, &err), WMSJ_OK);
	assert_int_equal(r2.n, 3);
	v = vreg_find(&r2, "V610724109001-0001");
	assert_non_null(v);
	assert_string_equal(v->name, "吉𠮷祥");
	assert_string_equal(v->tags, "党员,五老");
	assert_int_equal(v->line, 2);
	/* the old card is still taken after a reload */
	assert_ptr_equal(vreg_find_oldcard(&r2, old), vreg_find(&r2, "V610724109001-0001"));
	vreg_release(&r2);
	assert_int_equal(scratch_remove(), 0);
}

static void
test_duplicates(void **state)
{
	struct vregister r;
	struct wmsj_err err;
	static const char reg[] =
		"id,card_no,name,id_number,phone,station,tags,platform_no,status,reason,registered,updated,old_cards\n"
		"V1-0001,1-000001,a,11010519491231002X,13812345678,1,,,active,,,,\n"
		"V1-0002,1-000002,b,11010519491231002X,13812345678,1,,,active,,,,\n";

	(void)state;
	assert_int_equal(scratch_make("vreg"), 0);
	assert_int_equal(fsio_rewrite(dir, VREG_FILE, reg, strlen(reg), &err), WMSJ_OK);
	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "volunteers.csv:3: the same ID number as line 2");
	vreg_release(&r);
	assert_int_equal(scratch_remove(), 0);
}

/* Collisions forced with a seed: the fixed sequence starts again, so each
 * draw that is a current card, an old card or a card the ledger has seen is
 * drawn again; a register of legacy cards keeps them and gets the new form. */
static void
test_card_collisions(void **state)
{
	struct vregister r;
	struct wmsj_err err;
	char seq[4][CARDNO_MAX], *card;
	static const char reg[] =
		"id,card_no,name,id_number,phone,station,tags,platform_no,status,reason,registered,updated,old_cards\n"
		"V610724109001-0001,610724109001-000001,a,11010519491231002X,13812345678,610724109001,,,active,,,,610724109001-000002\n";

	(void)state;
	/* the sequence of the seed, station 610724109001 */
	cardno_seed("collide");
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(cardno_draw("610724109001", seq[i], &err), WMSJ_OK);
	for (size_t i = 0; i < 4; i++)
		for (size_t j = i + 1; j < 4; j++)
			assert_string_not_equal(seq[i], seq[j]);

	assert_int_equal(scratch_make("vreg"), 0);
	assert_int_equal(fsio_rewrite(dir, VREG_FILE, reg, strlen(reg), &err), WMSJ_OK);
	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
	/* legacy cards are still found */
	assert_non_null(vreg_find(&r, "610724109001-000001"));
	assert_non_null(vreg_find_oldcard(&r, "610724109001-000002"));
	cardno_seed("collide");
	card = vreg_next_card(&r, "610724109001", &err);
	assert_string_equal(card, seq[0]);          /* nothing taken: the first draw */
	free(card);

	/* seq[0] a current card, seq[1] an old card, seq[2] the ledger's */
	vreg_set(&r, &r.v[0].card_no, seq[0]);
	vreg_set(&r, &r.v[0].old_cards, seq[1]);
	vreg_reindex(&r);
	r.seen = calloc(1, sizeof *r.seen);
	assert_non_null(r.seen);
	strmap_put(&r.seen->card, seq[2], strlen(seq[2]), 1);
	cardno_seed("collide");
	card = vreg_next_card(&r, "610724109001", &err);
	assert_string_equal(card, seq[3]);
	free(card);
	/* the same digits at another station are another card */
	cardno_seed("collide");
	card = vreg_next_card(&r, "610724109003", &err);
	assert_memory_equal(card, "610724109003-", 13);
	assert_memory_equal(card + 13, seq[0] + 13, CARDNO_RANDOM);
	assert_true(cardno_valid(card));
	free(card);
	cardno_seed(NULL);
	vreg_release(&r);
	assert_int_equal(scratch_remove(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_card_collisions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
