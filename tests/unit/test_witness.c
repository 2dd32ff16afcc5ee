/* Seals and hand-over lines (witness.h): the parser, table-driven, and the
 * checks that need no ledger. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"
#include "history.h"
#include "witness.h"
#include "scratch.h"

#define H1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static void
test_seals(void **state)
{
	static const struct {
		const char *in;
		const char *why;       /* NULL: valid; else a word of the reason */
		uint64_t tseq, rseq;   /* rseq 0: no R part */
	} t[] = {
		{"T00000025:" H1, NULL, 25, 0},
		{"T1:" H1, NULL, 1, 0},
		{"T000000000000000000001:" H1, "1 to 20", 0, 0},    /* 21 digits */
		{"T18446744073709551615:" H1, NULL, UINT64_C(18446744073709551615), 0},
		{"T18446744073709551616:" H1, "too large", 0, 0},
		{"T00000025:" H1 "/R00000003:" H2, NULL, 25, 3},
		{"T00000000:" H1, "sequence 0", 0, 0},
		{"T00000025:" H1 "/R00000000:" H2, "sequence 0", 0, 0},
		{"T00000025:" H1 "/T00000003:" H2, "'R'", 0, 0},
		{"T00000025:" H1 "/", "'R'", 0, 0},
		{"T00000025:" H1 "/R3:" H2 "/R4:" H2, "hex", 0, 0},
		{"X00000025:" H1, "'T'", 0, 0},
		{"", "'T'", 0, 0},
		{"T:" H1, "1 to 20", 0, 0},
		{"T00000025" H1, "':'", 0, 0},
		{"T00000025:" H1 "0", "64 hex", 0, 0},
		{"T00000025:0123", "64 hex", 0, 0},
		{"T00000025:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "lowercase", 0, 0},
		{"T00000025:" H1 " ", "64 hex", 0, 0},
		{"T-1:" H1, "1 to 20", 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct wseal s;
		const char *why = wseal_parse(t[i].in, strlen(t[i].in), &s);

		if (t[i].why == NULL) {
			char back[WSEAL_MAX];

			if (why != NULL)
				fail_msg("'%s': %s", t[i].in, why);
			assert_int_equal(s.tseq, t[i].tseq);
			assert_int_equal(s.has_r, t[i].rseq != 0);
			assert_int_equal(s.rseq, t[i].rseq);
			assert_memory_equal(s.thash, H1, 65);
			if (s.has_r)
				assert_memory_equal(s.rhash, H2, 65);
			wseal_format(&s, back);
			if (t[i].tseq == 25)
				assert_string_equal(back, t[i].in);
		} else {
			if (why == NULL || strstr(why, t[i].why) == NULL)
				fail_msg("'%s': expected '%s', got %s", t[i].in, t[i].why, why ? why : "valid");
		}
	}
}

#define SEAL "T00000025:" H1
#define INST "堰口镇新时代文明实践所"
#define CTR "西乡县新时代文明实践中心"

static void
test_lines(void **state)
{
	static const struct {
		const char *in;
		int rc;                /* 1 a line, 0 blank or comment, -1 malformed */
		const char *why;       /* a word of the reason */
		const char *center, *what;
		enum wline_kind kind;
	} t[] = {
		{INST "\t" CTR "\tclose\t2026-09\t" SEAL "\t2026-10-08", 1, NULL, CTR, "2026-09", WL_CLOSE},
		{INST "\t\tclose\t2026-09\t" SEAL "\t2026-10-08", 1, NULL, "", "2026-09", WL_CLOSE},
		{INST "\t" CTR "\tnotice\t2026Q3-610724109001\t" SEAL "\t2026-10-01", 1, NULL, CTR,
		 "2026Q3-610724109001", WL_NOTICE},
		{INST "\t" CTR "\thead\t2026-11-21\t" SEAL "/R00000002:" H2 "\t2026-11-22", 1, NULL, CTR,
		 "2026-11-21", WL_HEAD},
		{INST "\t" CTR "\tclose\t2026-09\t" SEAL "\t2026-10-08\r", 1, NULL, CTR, "2026-09", WL_CLOSE},
		{"\xef\xbb\xbf" INST "\t\tclose\t2026-09\t" SEAL "\t2026-10-08", 1, NULL, "", "2026-09", WL_CLOSE},
		{"", 0, NULL, NULL, NULL, WL_CLOSE},
		{"\r", 0, NULL, NULL, NULL, WL_CLOSE},
		{"  \t ", 0, NULL, NULL, NULL, WL_CLOSE},
		{"# 西乡县 witness file", 0, NULL, NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026-09\t" SEAL, -1, "6 fields", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026-09\t" SEAL "\t2026-10-08\tx", -1, "more", NULL, NULL, WL_CLOSE},
		{INST " " CTR " close 2026-09 " SEAL " 2026-10-08", -1, "6 fields", NULL, NULL, WL_CLOSE},
		{"\t" CTR "\tclose\t2026-09\t" SEAL "\t2026-10-08", -1, "institute", NULL, NULL, WL_CLOSE},
		{INST "\x01\t" CTR "\tclose\t2026-09\t" SEAL "\t2026-10-08", -1, "plain", NULL, NULL, WL_CLOSE},
		{INST "\xff\t" CTR "\tclose\t2026-09\t" SEAL "\t2026-10-08", -1, "plain", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tseal\t2026-09\t" SEAL "\t2026-10-08", -1, "kind", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026-13\t" SEAL "\t2026-10-08", -1, "month", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026Q3\t" SEAL "\t2026-10-08", -1, "month", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tnotice\t2026Q5-610724109001\t" SEAL "\t2026-10-08", -1, "quarter", NULL, NULL,
		 WL_CLOSE},
		{INST "\t" CTR "\tnotice\t2026Q3\t" SEAL "\t2026-10-08", -1, "quarter", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tnotice\t2026Q3-6107/x\t" SEAL "\t2026-10-08", -1, "quarter", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\thead\t2026-02-30\t" SEAL "\t2026-10-08", -1, "head", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026-09\tT00000000:" H1 "\t2026-10-08", -1, "sequence 0", NULL, NULL,
		 WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026-09\t" SEAL "/R0:" H2 "\t2026-10-08", -1, "sequence 0", NULL, NULL,
		 WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026-09\tT25\t2026-10-08", -1, "':'", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026-09\t" SEAL "\t2026-10-32", -1, "date", NULL, NULL, WL_CLOSE},
		{INST "\t" CTR "\tclose\t2026-09\t" SEAL "\t20261008", -1, "date", NULL, NULL, WL_CLOSE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct wline l;
		const char *why = NULL;
		int rc = wline_parse(t[i].in, strlen(t[i].in), &l, &why);

		if (rc != t[i].rc)
			fail_msg("line %zu: %d, expected %d (%s)", i, rc, t[i].rc, why ? why : "");
		if (rc < 0 && strstr(why, t[i].why) == NULL)
			fail_msg("line %zu: expected '%s' in '%s'", i, t[i].why, why);
		if (rc == 1) {
			assert_string_equal(l.institute, INST);
			assert_string_equal(l.center, t[i].center);
			assert_string_equal(l.what, t[i].what);
			assert_int_equal(l.kind, t[i].kind);
			assert_int_equal(l.seal.tseq, 25);
			wline_release(&l);
		}
	}
}

/* What wmsj-audit seal writes reads back as the same line. */
static void
test_format(void **state)
{
	struct wseal s;
	struct wline l;
	struct wmsj_err err;
	const char *why;
	char *line;

	(void)state;
	assert_null(wseal_parse(SEAL "/R00000002:" H2, strlen(SEAL "/R00000002:" H2), &s));
	assert_int_equal(wline_format(INST, NULL, WL_NOTICE, "2026Q3-610724109001", &s, "2026-10-01", &line, &err),
			 WMSJ_OK);
	assert_string_equal(line, INST "\t\tnotice\t2026Q3-610724109001\t" SEAL "/R00000002:" H2 "\t2026-10-01\n");
	assert_int_equal(wline_parse(line, strlen(line) - 1, &l, &why), 1);
	assert_int_equal(l.seal.rseq, 2);
	assert_true(wline_names(&l, INST, CTR));     /* a line without a centre names it */
	assert_true(wline_names(&l, INST, NULL));
	assert_false(wline_names(&l, "别的镇新时代文明实践所", NULL));
	free(l.center);
	l.center = strdup(CTR);
	assert_true(wline_names(&l, INST, CTR));
	assert_true(wline_names(&l, INST, ""));
	assert_false(wline_names(&l, INST, "别的县新时代文明实践中心"));
	wline_release(&l);
	free(line);
	assert_int_equal(wline_format("堰口\t镇", NULL, WL_CLOSE, "2026-09", &s, "2026-10-01", &line, &err),
			 WMSJ_BADDATA);
	assert_int_equal(wline_format("", NULL, WL_CLOSE, "2026-09", &s, "2026-10-01", &line, &err),
			 WMSJ_BADDATA);
}

static int
setup(void **state)
{
	(void)state;
	return scratch_make("witness");
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

/* A witness file: lines kept with their numbers; a bad line is BADDATA
 * naming FILE:LINE; a missing file SYSERR. */
static void
test_load(void **state)
{
	char path[4200];
	FILE *f;
	struct witness w;
	struct wmsj_err err;

	(void)state;
	snprintf(path, sizeof path, "%s/w.txt", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "# county witness\n\n%s\t\tclose\t2026-09\t%s\t2026-10-08\n"
		   "别的镇\t\tclose\t2026-09\t%s\t2026-10-08\n", INST, SEAL, SEAL);
	fclose(f);
	witness_init(&w);
	assert_int_equal(witness_load(&w, path, &err), WMSJ_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.v[0].line, 3);
	assert_int_equal(w.v[1].line, 4);
	f = fopen(path, "a");
	fprintf(f, "%s\t\tclose\t2026-09\tT00000000:%s\t2026-10-08\n", INST, H1);
	fclose(f);
	assert_int_equal(witness_load(&w, path, &err), WMSJ_BADDATA);
	assert_non_null(strstr(err.msg, "w.txt:5: "));
	assert_non_null(strstr(err.msg, "sequence 0"));
	witness_release(&w);
	witness_init(&w);
	snprintf(path, sizeof path, "%s/none.txt", dir);
	assert_int_equal(witness_load(&w, path, &err), WMSJ_SYSERR);
	witness_release(&w);
}

/* Without a ledger no seal holds; without history.csv no R part does:
 * findings (REFUSED), not failures. */
static void
test_checks(void **state)
{
	struct wmsj_err err;
	char path[4200];
	FILE *f;

	(void)state;
	assert_int_equal(seal_check_ledger_part(dir, 25, H1, &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "'T00000025'"));
	assert_int_equal(seal_check_register_part(dir, 3, H2, &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "holds no register history"));
	assert_non_null(strstr(err.msg, "'R00000003'"));
	/* A history of three events: the third's hash holds, another not. */
	{
		struct history h;
		struct hist_batch b;
		const char *kv[2] = {"title", "t"};
		char hash3[65];

		assert_int_equal(hist_load(&h, dir, HIST_VERIFY, &err), WMSJ_OK);
		hist_batch_init(&b, &h);
		hist_release(&h);
		for (int i = 0; i < 3; i++)
			assert_int_equal(hist_batch_add(&b, "2026-09-01", HR_ACTIVITY, "A1", "publish",
							kv, 1, &err), WMSJ_OK);
		memcpy(hash3, b.last_hash, 65);
		assert_int_equal(hist_batch_commit(&b, dir, &err), WMSJ_OK);
		hist_batch_release(&b);
		assert_int_equal(seal_check_register_part(dir, 3, hash3, &err), WMSJ_OK);
		assert_int_equal(seal_check_register_part(dir, 3, H2, &err), WMSJ_REFUSED);
		assert_non_null(strstr(err.msg, "the history was rewritten"));
		assert_int_equal(seal_check_register_part(dir, 9, hash3, &err), WMSJ_REFUSED);
		assert_non_null(strstr(err.msg, "cut off"));
	}
	(void)path;
	(void)f;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seals),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_format),
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
