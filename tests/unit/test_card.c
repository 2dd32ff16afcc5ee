/* card: a volunteer's card face (its station's name, the institute), and a
 * sheet of cards: one page per eight, in html and svg. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "card.h"
#include "config.h"

static char s_code[] = "610724109001", s_name[] = "East";
static struct wmsj_station stn = {.code = s_code, .name = s_name};
static char institute[] = "Town institute";

static void
test_face(void **state)
{
	static const struct {
		const char *name, *card, *station, *shown;
	} cases[] = {
		{"张三", "610724109001-12345678", "610724109001", "East"},
		{"Li Si", "C2", "610724109009", "610724109009"},     /* no longer configured */
	};
	struct wmsj_config cfg;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.stations = &stn;
	cfg.nstations = 1;
	cfg.institute = institute;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct volunteer v;
		struct card_face f;

		memset(&v, 0, sizeof v);
		v.name = (char *)cases[i].name;
		v.card_no = (char *)cases[i].card;
		v.station = (char *)cases[i].station;
		card_face_of(&f, &cfg, &v);
		assert_string_equal(f.name, cases[i].name);
		assert_string_equal(f.card_no, cases[i].card);
		assert_string_equal(f.station, cases[i].shown);
		assert_string_equal(f.issuer, institute);
	}
}

/* Pages: one for none (an empty page), one for eight, two for nine. */
static void
test_sheet(void **state)
{
	static const struct {
		size_t n;
		enum card_doc doc;
		size_t pages;
	} cases[] = {
		{0, CARD_HTML, 1}, {8, CARD_HTML, 1}, {9, CARD_HTML, 2}, {9, CARD_SVG, 2},
	};
	struct card_face faces[9];

	(void)state;
	for (size_t i = 0; i < 9; i++) {
		faces[i].name = "张三";
		faces[i].card_no = "610724109001-12345678";
		faces[i].station = "East";
		faces[i].issuer = institute;
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sb sb;
		struct wmsj_err err;
		size_t pages = 0;
		const char *p;

		sb_init(&sb);
		assert_int_equal(card_sheet(&sb, faces, cases[i].n, cases[i].doc, &err), WMSJ_OK);
		/* html: a page is an <svg class="page">; svg: the pages one below
		 * the other, a dashed cut line between two */
		if (cases[i].doc == CARD_SVG)
			pages++;
		for (p = sb.buf; (p = strstr(p, cases[i].doc == CARD_HTML ? "<svg class=\"page\""
					    : "stroke-dasharray")) != NULL; p++)
			pages++;
		if (pages != cases[i].pages)
			fail_msg("case %zu: %zu pages, expected %zu", i, pages, cases[i].pages);
		sb_release(&sb);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_face),
		cmocka_unit_test(test_sheet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
