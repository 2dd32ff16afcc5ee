/* vfind: names as a clerk types them, and the rules of an ID correction. */
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
#include "fsio.h"
#include "roster.h"
#include "vfind.h"
#include "volunteer.h"
#include "scratch.h"

static void
add(struct vregister *r, const char *name, const char *idnum)
{
	struct volunteer v;

	memset(&v, 0, sizeof v);
	v.id = vreg_next_id(r, "610724109001");
	v.card_no = vreg_next_card(r, "610724109001", NULL);
	v.name = (char *)name; v.id_number = (char *)idnum; v.phone = (char *)"13812345678";
	v.station = (char *)"610724109001"; v.status = (char *)"active";
	vreg_add(r, &v);
	free(v.id);
	free(v.card_no);
}

static void
make(struct vregister *r)
{
	memset(r, 0, sizeof *r);
	r->dir = strdup(dir);
	add(r, "张三", "11010519491231002X");
	add(r, "张三丰", "440524188001010014");
	add(r, "王张", "610724199001011232");
	add(r, "张三", "61072419850305123X");
}

static void
test_names(void **state)
{
	static const struct {
		const char *pattern, *hits;   /* hits: indices of matching names */
	} list[] = {
		{"张", "0123"}, {"张三", "013"}, {" 张三 ", "013"}, {"三丰", "1"}, {"王", "2"},
		{"李", ""},
	};
	static const struct {
		const char *key;
		size_t n;
		size_t first;
	} exact[] = {
		{"张三", 2, 0}, {"张三丰", 1, 1}, {"王张", 1, 2}, {" 王张", 1, 2}, {"张", 0, 0},
		{"", 0, 0},
	};
	struct vregister r;
	struct wmsj_err err;
	char *pat;

	(void)state;
	assert_int_equal(scratch_make("vfind"), 0);
	make(&r);
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
		char got[8] = "";
		size_t k = 0;

		assert_int_equal(vfind_pattern(list[i].pattern, &pat, &err), WMSJ_OK);
		for (size_t j = 0; j < r.n; j++)
			if (vfind_name_match(r.v[j].name, pat))
				got[k++] = (char)('0' + j);
		assert_string_equal(got, list[i].hits);
		free(pat);
	}
	assert_int_equal(vfind_pattern("", &pat, &err), WMSJ_REFUSED);
	assert_null(pat);
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
		size_t idx[1];
		size_t n = vfind_by_name(&r, exact[i].key, idx, 1);

		assert_int_equal(n, exact[i].n);
		if (n > 0)
			assert_int_equal(idx[0], exact[i].first);
	}
	vreg_release(&r);
	assert_int_equal(scratch_remove(), 0);
}

static void
test_correct(void **state)
{
	static const struct {
		size_t who;
		const char *idnum, *date, *reason;
		int status;
		const char *msg;   /* NULL: not compared */
	} cases[] = {
		{2, "610724199001014564", "2026-11-20", "", WMSJ_REFUSED, "a reason is required: --reason TEXT"},
		{2, "610724199001014564", "2026-11-20", "a;b", WMSJ_REFUSED, "a reason may not hold ';'"},
		{2, "610724199001014564", "2026-13-01", "r", WMSJ_REFUSED, NULL},
		{2, "610724199001014565", "2026-11-20", "r", WMSJ_REFUSED, NULL},
		{2, "610724199001011232", "2026-11-20", "r", WMSJ_REFUSED,
		 "volunteer 'V610724109001-0003' already has this ID number; nothing to correct"},
		{2, "440524188001010014", "2026-11-20", "r", WMSJ_REFUSED,
		 "the ID number is already registered as volunteer 'V610724109001-0002'"},
		{2, "610724199001014564", "2026-11-20", "录入错误", WMSJ_OK, NULL},
		{2, "61072419850305124x", "2026-11-21", "again", WMSJ_REFUSED, NULL}, /* bad check */
		{2, "610724198503051248", "2026-11-21", "再次更正", WMSJ_OK, NULL},
	};
	struct vregister r, r2;
	struct wmsj_err err;

	(void)state;
	assert_int_equal(scratch_make("vfind"), 0);
	make(&r);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct volunteer *v = &r.v[cases[i].who];
		char before[19], hist[200];
		int rc;

		snprintf(before, sizeof before, "%s", v->id_number);
		snprintf(hist, sizeof hist, "%s", v->id_corrections);
		rc = vreg_correct_idnum(&r, v, cases[i].idnum, cases[i].date, cases[i].reason,
					    &err);

		assert_int_equal(rc, cases[i].status);
		if (cases[i].msg != NULL)
			assert_string_equal(err.msg, cases[i].msg);
		if (rc != WMSJ_OK) {   /* a refusal changes nothing */
			assert_string_equal(v->id_number, before);
			assert_string_equal(v->id_corrections, hist);
		}
	}
	assert_string_equal(r.v[2].id_number, "610724198503051248");
	assert_string_equal(r.v[2].id_corrections,
			    "2026-11-20 610724199001011232 录入错误; "
			    "2026-11-21 610724199001014564 再次更正");
	/* the new number finds the volunteer; the old ones do not */
	assert_ptr_equal(vreg_find(&r, "610724198503051248"), &r.v[2]);
	assert_null(vreg_find(&r, "610724199001011232"));
	assert_null(vreg_find(&r, "610724199001014564"));
	/* and the history survives a save and a load */
	assert_int_equal(vreg_save(&r, &err), WMSJ_OK);
	assert_int_equal(vreg_load(&r2, dir, &err), WMSJ_OK);
	assert_string_equal(r2.v[2].id_corrections, r.v[2].id_corrections);
	assert_string_equal(r2.v[0].id_corrections, "");
	vreg_release(&r2);
	vreg_release(&r);
	assert_int_equal(scratch_remove(), 0);
}

/* What a KEY names: an id, a card, an ID number, a card reissued since, a
 * name one volunteer has, a name several share, nothing. */
static void
test_key(void **state)
{
	enum kind { K_ID, K_CARD, K_OLD, K_TEXT };
	static const struct {
		enum kind kind;
		size_t who;             /* whose id or card; K_TEXT: -- */
		const char *text;
		enum vfind_key found;
		size_t v, n;            /* *v: r.v[v]; *n */
		size_t idx[2];
	} cases[] = {
		{K_ID, 1, NULL, VK_FOUND, 1, 0, {0, 0}},
		{K_CARD, 2, NULL, VK_FOUND, 2, 0, {0, 0}},
		{K_TEXT, 0, "440524188001010014", VK_FOUND, 1, 0, {0, 0}},
		{K_OLD, 1, NULL, VK_REISSUED, 1, 0, {0, 0}},
		{K_TEXT, 0, "张三丰", VK_FOUND, 1, 1, {1, 0}},
		{K_TEXT, 0, " 王张 ", VK_FOUND, 2, 1, {2, 0}},
		{K_TEXT, 0, "张三", VK_SHARED, 0, 2, {0, 3}},
		{K_TEXT, 0, "李四", VK_NONE, 0, 0, {0, 0}},
		{K_TEXT, 0, "V610724109001-0009", VK_NONE, 0, 0, {0, 0}},
	};
	struct vregister r;
	struct wmsj_err err;
	char old[64];

	(void)state;
	assert_int_equal(scratch_make("vfind"), 0);
	make(&r);
	snprintf(old, sizeof old, "%s", r.v[1].card_no);
	assert_int_equal(roster_reissue(&r, &r.v[1], &err), WMSJ_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *key = cases[i].kind == K_ID ? r.v[cases[i].who].id :
				  cases[i].kind == K_CARD ? r.v[cases[i].who].card_no :
				  cases[i].kind == K_OLD ? old : cases[i].text;
		struct volunteer *v = NULL;
		size_t idx[2] = {99, 99}, n = 99;
		enum vfind_key got = vfind_key(&r, key, &v, idx, 2, &n);

		if (got != cases[i].found)
			fail_msg("case %zu '%s': %d, expected %d", i, key, (int)got, (int)cases[i].found);
		assert_int_equal(n, cases[i].n);
		if (got == VK_FOUND || got == VK_REISSUED)
			assert_ptr_equal(v, &r.v[cases[i].v]);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(idx[k], cases[i].idx[k]);
	}
	vreg_release(&r);
	assert_int_equal(scratch_remove(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_correct),
		cmocka_unit_test(test_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
