/* store: a data directory made by store_init (wmsj-volunteer init) — the
 * template, the register's and the ledger's headers, nothing that exists
 * changed — then opened to read and to write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "clock.h"
#include "fsio.h"
#include "store.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	wmsj_clock_set("2026-03-05", "2026-03-05T10:00:00");
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C", 1);
	return scratch_make("store");
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

/* The whole of a file in d, or NULL. */
static char *
slurp(const char *d, const char *name)
{
	char *path = fsio_path(d, name), *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r"), *m = open_memstream(&buf, &len);
	int c;

	free(path);
	if (f == NULL) {
		fclose(m);
		free(buf);
		return NULL;
	}
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

/* Where init is run, what it returns, and what each file holds after it
 * (NULL: no file; "=": as before). */
static const struct init {
	const char *sub;
	const char *before_reg;         /* the register written first (NULL: none) */
	int status;
	const char *reg, *ledger;
} inits[] = {
	{"new", NULL, WMSJ_OK,
	 "id,card_no,name,id_number,phone,station,tags,platform_no,status,reason,registered,"
	 "updated,old_cards\n", LEDGER_HEADER "\n"},
	/* again: wmsj.yaml is there, refused, nothing changed */
	{"new", NULL, WMSJ_REFUSED, "=", "="},
	/* a register already there (a yaml lost) is kept */
	{"kept", "id\n", WMSJ_OK, "id\n", LEDGER_HEADER "\n"},
	/* a parent that does not exist */
	{"no/such", NULL, WMSJ_SYSERR, NULL, NULL},
};

static void
test_init(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof inits / sizeof inits[0]; i++) {
		const struct init *t = &inits[i];
		char d[4300], *reg0, *led0, *yaml, *reg, *led;
		struct wmsj_err err;
		int rc;

		snprintf(d, sizeof d, "%s/%s", dir, t->sub);
		if (t->before_reg != NULL) {
			char *path = fsio_path(d, "volunteers.csv");
			FILE *f;

			assert_int_equal(mkdir(d, 0700), 0);
			f = fopen(path, "w");
			free(path);
			assert_non_null(f);
			fputs(t->before_reg, f);
			fclose(f);
		}
		reg0 = slurp(d, "volunteers.csv");
		led0 = slurp(d, "ledger.csv");
		rc = store_init(d, 1, &err);
		if (rc != t->status)
			fail_msg("init %zu: %d, expected %d (%s)", i, rc, t->status, err.msg);
		yaml = slurp(d, "wmsj.yaml");
		reg = slurp(d, "volunteers.csv");
		led = slurp(d, "ledger.csv");
		if (t->status == WMSJ_SYSERR) {
			assert_null(yaml);
			assert_non_null(strstr(err.msg, "cannot create '"));
		} else {
			assert_non_null(yaml);
			assert_non_null(strstr(yaml, "stations:"));
		}
		if (t->reg == NULL) {
			assert_null(reg);
			assert_null(led);
		} else {
			assert_string_equal(reg, strcmp(t->reg, "=") == 0 ? reg0 : t->reg);
			assert_string_equal(led, strcmp(t->ledger, "=") == 0 ? led0 : t->ledger);
		}
		free(reg0); free(led0); free(yaml); free(reg); free(led);
	}
}

/* What init made opens, to read and to write. */
static void
test_open(void **state)
{
	char d[4300];
	struct store s;
	struct wmsj_err err;

	(void)state;
	snprintf(d, sizeof d, "%s/new", dir);
	for (int write = 0; write < 2; write++) {
		if (store_open(&s, d, 1, write, &err) != WMSJ_OK)
			fail_msg("open (write %d): %s", write, err.msg);
		assert_int_equal(s.reg.n, 0);
		assert_true(s.cfg.nstations > 0);
		if (write)
			assert_non_null(s.w);
		else
			assert_null(s.w);
		store_close(&s);
	}
}

/* Opened to change the registers alone (wmsj-volunteer): the lock, and no
 * ledger writer, so that a ledger the writer would refuse (a torn last
 * line) is not read; opened to write, it is refused. */
static void
test_open_register(void **state)
{
	char d[4300], *path;
	struct store s;
	struct wmsj_err err;
	FILE *f;

	(void)state;
	snprintf(d, sizeof d, "%s/new", dir);
	path = fsio_path(d, LEDGER_FILE);
	assert_non_null(f = fopen(path, "a"));
	fputs("T00000001,torn", f);
	fclose(f);
	if (store_open(&s, d, 1, STORE_REGISTER, &err) != WMSJ_OK)
		fail_msg("open (register): %s", err.msg);
	assert_true(s.lock.fd >= 0);
	assert_null(s.w);
	assert_int_equal(s.reg.n, 0);
	store_close(&s);
	assert_true(s.lock.fd < 0);
	assert_int_equal(store_open(&s, d, 1, STORE_WRITE, &err), WMSJ_BADDATA);
	store_close(&s);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_open_register),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
