/* Locking, atomic rewrite, journalled append and its recovery. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "fsio.h"
#include "scratch.h"
#include "serials.h"

static int
setup(void **state)
{
	(void)state;
	return scratch_make("fsio");
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

static char *
slurp(const char *name, size_t *len)
{
	char *p = fsio_path(dir, name), *buf;
	struct wmsj_err err;

	assert_int_equal(fsio_read_all(p, &buf, len, &err), WMSJ_OK);
	free(p);
	return buf;
}

static void
test_rewrite(void **state)
{
	struct wmsj_err err;
	struct stat st;
	char *p = fsio_path(dir, "r.csv"), *b;
	size_t n;
	mode_t old = umask(0);

	(void)state;
	assert_int_equal(fsio_rewrite(dir, "r.csv", "one\n", 4, &err), WMSJ_OK);
	assert_int_equal(fsio_rewrite(dir, "r.csv", "two\n", 4, &err), WMSJ_OK);
	umask(old);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	b = slurp("r.csv", &n);
	assert_string_equal(b, "two\n");
	free(b);
	/* A failure leaves the original and no temp file behind. */
	assert_int_equal(fsio_rewrite("/nonexistent/dir", "r.csv", "x", 1, &err), WMSJ_SYSERR);
	assert_non_null(strstr(err.msg, "cannot write"));
	assert_int_equal(fsio_create_new(dir, "r.csv", "x", 1, &err), WMSJ_REFUSED);
	assert_non_null(strstr(err.msg, "already exists"));
	free(p);
}

static void
test_append_recover(void **state)
{
	struct wmsj_err err;
	char *b, *lp = fsio_path(dir, "l.csv"), *jp = fsio_path(dir, ".l.csv.journal");
	size_t n;
	int repaired;
	FILE *f;

	(void)state;
	assert_int_equal(fsio_append(dir, "l.csv", "h\n", 2, &err), WMSJ_OK);
	assert_int_equal(fsio_append(dir, "l.csv", "a\nb\n", 4, &err), WMSJ_OK);
	assert_int_equal(access(jp, F_OK), -1);           /* no journal left */
	/* A crash after the journal was written, in the middle of an append. */
	f = fopen(jp, "w");
	fputs("6\n", f);
	fclose(f);
	f = fopen(lp, "a");
	fputs("c\nd", f);
	fclose(f);
	assert_int_equal(fsio_stable_size(dir, "l.csv", &err), 6);
	assert_int_equal(fsio_recover(dir, "l.csv", &repaired, &err), WMSJ_OK);
	assert_int_equal(repaired, 1);
	b = slurp("l.csv", &n);
	assert_string_equal(b, "h\na\nb\n");
	free(b);
	/* A damaged journal is reported, not guessed at. */
	f = fopen(jp, "w");
	fputs("garbage", f);
	fclose(f);
	assert_int_equal(fsio_recover(dir, "l.csv", &repaired, &err), WMSJ_BADDATA);
	unlink(jp);
	free(lp);
	free(jp);
}

static void
test_lock(void **state)
{
	struct wmsj_lock l;
	struct wmsj_err err;
	struct timespec a, b;
	int fds[2];
	pid_t pid;
	char c;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	if (pid == 0) {
		struct wmsj_lock h;
		if (fsio_lock(&h, dir, 1, NULL) != WMSJ_OK)
			_exit(1);
		(void)!write(fds[1], "x", 1);
		sleep(3);
		_exit(0);
	}
	assert_int_equal(read(fds[0], &c, 1), 1);
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(fsio_lock(&l, dir, 0.3, &err), WMSJ_LOCKED);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9 >= 0.29);
	assert_non_null(strstr(err.msg, "locked by another process"));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(fsio_lock(&l, dir, 1, &err), WMSJ_OK);   /* released by the kill */
	fsio_unlock(&l);
	close(fds[0]);
	close(fds[1]);
}

/* Appends of 100-line records killed at random moments: after recovery the
 * file is always a whole number of records. */
static void
test_sigkill(void **state)
{
	char rec[100 * 16 + 1], *b;
	struct wmsj_err err;
	size_t n;

	(void)state;
	for (int i = 0; i < 100; i++)
		memcpy(rec + i * 16, "0123456789abcde\n", 16);
	rec[1600] = '\0';
	srand(7);
	for (int trial = 0; trial < 5; trial++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (;;)
				if (fsio_append(dir, "k.csv", rec, 1600, NULL) != WMSJ_OK)
					_exit(1);
		}
		usleep((useconds_t)(1000 + rand() % 20000));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		assert_int_equal(fsio_recover(dir, "k.csv", NULL, &err), WMSJ_OK);
		{
			/* Killed before its first append (a busy machine): no file is
			 * the "before" state and just as whole. */
			char *p = fsio_path(dir, "k.csv");
			int exists = access(p, F_OK) == 0;

			free(p);
			if (!exists)
				continue;
		}
		b = slurp("k.csv", &n);
		assert_int_equal(n % 1600, 0);
		free(b);
	}
}

/* Every named fault point, killed and failing: the append is whole or
 * absent after recovery, and it counts as committed exactly when the
 * commit point (journal removed / rename) was passed. */
static const struct {
	const char *fault;
	int killed;          /* the process dies at the point */
	int rc;              /* else fsio_append's / fsio_rewrite's status */
	int done;            /* the change is there (after recovery) */
	int warned;          /* fsio_commit_warning() set */
} faults[] = {
	{"before-journal", 1, 0, 0, 0},
	{"after-journal", 1, 0, 0, 0},
	{"after-append", 1, 0, 0, 0},
	{"after-commit", 1, 0, 1, 0},
	{"before-journal:eio", 0, WMSJ_SYSERR, 0, 0},
	{"after-journal:eio", 0, WMSJ_SYSERR, 0, 0},
	{"after-append:eio", 0, WMSJ_SYSERR, 0, 0},
	{"after-commit:eio", 0, WMSJ_OK, 1, 1},
	{"before-rename", 1, 0, 0, 0},
	{"after-rename", 1, 0, 1, 0},
	{"before-rename:eio", 0, WMSJ_SYSERR, 0, 0},
	{"after-rename:eio", 0, WMSJ_OK, 1, 1},
	{"after-commit@2", 1, 0, 1, 0},      /* the second append dies */
	{"after-commit@3", 0, WMSJ_OK, 1, 0}, /* never reached */
};

static void
test_fault_points(void **state)
{
	(void)state;
#ifndef WMSJ_TESTING
	skip();
#else
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		const int rewrite = strstr(faults[i].fault, "rename") != NULL;
		struct wmsj_err err;
		unsigned long before;
		char *b;
		size_t n;
		int st, rc;
		pid_t pid;

		assert_int_equal(fsio_rewrite(dir, "f.csv", "h\n", 2, &err), WMSJ_OK);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			setenv("WMSJ_FAULT", faults[i].fault, 1);
			before = fsio_committed();
			if (rewrite)
				rc = fsio_rewrite(dir, "f.csv", "h\nnew\n", 6, &err);
			else if (strchr(faults[i].fault, '@') == NULL ||
				 (rc = fsio_append(dir, "f.csv", "x\n", 2, &err)) == WMSJ_OK)
				rc = fsio_append(dir, "f.csv", "new\n", 4, &err);
			if (rc != faults[i].rc)
				_exit(10);
			if ((fsio_committed() > before) != (rc == WMSJ_OK))
				_exit(11);
			if ((fsio_commit_warning()[0] != '\0') != faults[i].warned)
				_exit(12);
			_exit(0);
		}
		assert_int_equal(waitpid(pid, &st, 0), pid);
		if (faults[i].killed) {
			if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
				fail_msg("%s: not killed", faults[i].fault);
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fail_msg("%s: exit %d", faults[i].fault, WEXITSTATUS(st));
		}
		assert_int_equal(fsio_recover(dir, "f.csv", NULL, &err), WMSJ_OK);
		b = slurp("f.csv", &n);
		if (faults[i].done != (strstr(b, "new\n") != NULL))
			fail_msg("%s: file holds '%s'", faults[i].fault, b);
		free(b);
	}
#endif
}

/* fsio_rewrite_mode: the mode is the file's from its first byte (set on the
 * descriptor), whatever the umask, and a link at the target is replaced,
 * never followed. */
static void
test_rewrite_mode(void **state)
{
	static const mode_t modes[] = {0644, 0600, 0640};
	struct wmsj_err err;
	struct stat st;
	char *p = fsio_path(dir, "n.csv"), *secret = fsio_path(dir, "secret"), *b;
	size_t n;
	mode_t old = umask(077);
	FILE *f;

	(void)state;
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		assert_int_equal(fsio_rewrite_mode(dir, "n.csv", "n\n", 2, modes[i], &err), WMSJ_OK);
		assert_int_equal(lstat(p, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		assert_int_equal(st.st_mode & 0777, modes[i]);
	}
	assert_non_null(f = fopen(secret, "w"));
	fputs("private\n", f);
	fclose(f);
	assert_int_equal(chmod(secret, 0600), 0);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink(secret, p), 0);
	assert_int_equal(fsio_rewrite_mode(dir, "n.csv", "pub\n", 4, 0644, &err), WMSJ_OK);
	umask(old);
	assert_int_equal(stat(secret, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	b = slurp("secret", &n);
	assert_string_equal(b, "private\n");
	free(b);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0644);
	free(p);
	free(secret);
}

/* fsio_check_dir: a directory others can write is refused for reading and
 * writing; one of another user only for writing. */
static void
test_check_dir(void **state)
{
	static const struct {
		mode_t mode;
		int read_rc, write_rc;
		const char *msg;
	} cases[] = {
		{0700, WMSJ_OK, WMSJ_OK, ""},
		{0750, WMSJ_OK, WMSJ_OK, ""},
		{0755, WMSJ_OK, WMSJ_OK, ""},
		{0770, WMSJ_SYSERR, WMSJ_SYSERR, "run 'chmod go-w "},
		{0702, WMSJ_SYSERR, WMSJ_SYSERR, "run 'chmod go-w "},
		{01777, WMSJ_SYSERR, WMSJ_SYSERR, "can be written by other users"},
		{02770, WMSJ_SYSERR, WMSJ_SYSERR, "can be written by other users"},
	};
	struct wmsj_err err;
	struct wmsj_lock l;
	char *p = fsio_path(dir, "sub"), *f = fsio_path(dir, "file");
	FILE *fp;

	(void)state;
	assert_int_equal(mkdir(p, 0700), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(chmod(p, cases[i].mode), 0);
		wmsj_err_clear(&err);
		if (fsio_check_dir(p, 0, &err) != cases[i].read_rc ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("%o read: '%s'", (unsigned)cases[i].mode, err.msg);
		wmsj_err_clear(&err);
		if (fsio_check_dir(p, 1, &err) != cases[i].write_rc ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("%o write: '%s'", (unsigned)cases[i].mode, err.msg);
		/* fsio_lock refuses before it creates anything */
		wmsj_err_clear(&err);
		assert_int_equal(fsio_lock(&l, p, 0, &err), cases[i].write_rc);
		fsio_unlock(&l);
	}
	assert_non_null(fp = fopen(f, "w"));
	fclose(fp);
	assert_int_equal(fsio_check_dir(f, 0, &err), WMSJ_SYSERR);
	assert_non_null(strstr(err.msg, "is not a directory"));
	if (geteuid() == 0) {   /* another owner: readable, not writable */
		assert_int_equal(chmod(p, 0755), 0);
		assert_int_equal(chown(p, 65534, 65534), 0);
		assert_int_equal(fsio_check_dir(p, 0, &err), WMSJ_OK);
		assert_int_equal(fsio_check_dir(p, 1, &err), WMSJ_SYSERR);
		assert_non_null(strstr(err.msg, "run the command as '"));
		assert_int_equal(fsio_lock(&l, p, 0, &err), WMSJ_SYSERR);
	}
	free(p);
	free(f);
}

/* fsio_lock removes the temp copies dead writers left, and nothing else. */
static void
test_lock_removes_temps(void **state)
{
	static const struct {
		const char *name;
		int removed;
	} files[] = {
		{".volunteers.csv.tmp.123", 1},
		{"..ledger.csv.journal.tmp.77", 1},
		{"seals/.2026-10.csv.tmp.9", 1},
		{".volunteers.csv.tmp.", 0},
		{".volunteers.csv.tmp.12x", 0},
		{"volunteers.csv.tmp.123", 0},
		{".tmp.123", 0},
		{"volunteers.csv", 0},
		{"seals/2026-10.csv", 0},
	};
	struct wmsj_err err;
	struct wmsj_lock l;
	char *s = fsio_path(dir, "seals");

	(void)state;
	assert_int_equal(mkdir(s, 0700), 0);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *p = fsio_path(dir, files[i].name);
		FILE *fp = fopen(p, "w");

		assert_non_null(fp);
		fclose(fp);
		free(p);
	}
	assert_int_equal(fsio_lock(&l, dir, 0, &err), WMSJ_OK);
	fsio_unlock(&l);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *p = fsio_path(dir, files[i].name);

		if ((access(p, F_OK) != 0) != files[i].removed)
			fail_msg("%s: %s", files[i].name, files[i].removed ? "kept" : "removed");
		free(p);
	}
	/* seals/ as a link to another directory: its files are not touched */
	{
		char *other = fsio_path(dir, "other"), *t = fsio_path(dir, "other/.x.csv.tmp.5");
		FILE *fp;

		assert_int_equal(mkdir(other, 0700), 0);
		assert_non_null(fp = fopen(t, "w"));
		fclose(fp);
		{
			char cmd[8192];

			snprintf(cmd, sizeof cmd, "rm -rf '%s' && ln -s other '%s'", s, s);
			assert_int_equal(system(cmd), 0);
		}
		assert_int_equal(fsio_lock(&l, dir, 0, &err), WMSJ_OK);
		fsio_unlock(&l);
		assert_int_equal(access(t, F_OK), 0);
		free(other);
		free(t);
	}
	free(s);
}

/* fsio_read_in: only a missing file reads as "not created yet"; every other
 * failure is SYSERR (a register that cannot be read is never empty). */
static void
test_read_in(void **state)
{
	static const struct {
		const char *name, *make;   /* shell command run in dir first (or NULL) */
		int rc, present;
		const char *msg;           /* a part of the message, or the content */
	} cases[] = {
		{"absent.csv", NULL, WMSJ_OK, 0, ""},
		{"r.csv", "printf 'a,b\\n' > r.csv", WMSJ_OK, 1, "a,b\n"},
		{"empty.csv", ": > empty.csv", WMSJ_OK, 1, ""},
		{"d.csv", "mkdir d.csv", WMSJ_SYSERR, 0, "not a regular file"},
		{"fifo.csv", "mkfifo fifo.csv", WMSJ_SYSERR, 0, "not a regular file"},
		{"link.csv", "printf x > t.csv; ln -s t.csv link.csv", WMSJ_SYSERR, 0,
		 "is a symbolic link"},
		{"dangling.csv", "ln -s nowhere.csv dangling.csv", WMSJ_SYSERR, 0,
		 "is a symbolic link"},
		{"noperm.csv", "printf x > noperm.csv; chmod 000 noperm.csv", -1, 0,
		 "Permission denied"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wmsj_err err;
		char cmd[8192], *buf = (char *)"unset";
		size_t len = 99;
		int rc, want = cases[i].rc;

		if (cases[i].make != NULL) {
			snprintf(cmd, sizeof cmd, "cd '%s' && %s", dir, cases[i].make);
			assert_int_equal(system(cmd), 0);
		}
		if (want == -1)   /* root reads a mode-000 file */
			want = geteuid() == 0 ? WMSJ_OK : WMSJ_SYSERR;
		wmsj_err_clear(&err);
		rc = fsio_read_in(dir, cases[i].name, &buf, &len, &err);
		if (rc != want)
			fail_msg("%s: status %d, expected %d (%s)", cases[i].name, rc, want, err.msg);
		if (rc != WMSJ_OK) {
			assert_null(buf);
			if (strstr(err.msg, cases[i].msg) == NULL)
				fail_msg("%s: message '%s' lacks '%s'", cases[i].name, err.msg,
					 cases[i].msg);
			assert_non_null(strstr(err.msg, cases[i].name));
		} else if (cases[i].rc == -1) {
			free(buf);
		} else if (!cases[i].present) {
			assert_null(buf);
			assert_int_equal(len, 0);
		} else {
			assert_non_null(buf);
			assert_string_equal(buf, cases[i].msg);
			assert_int_equal(len, strlen(cases[i].msg));
			free(buf);
		}
	}
}

/* The ledger's ids: "<prefix><station>-<digits>", highest per station. */
static void
test_serials_note(void **state)
{
	static const struct {
		const char *s;
		char prefix;
		const char *station;
		size_t max;
	} cases[] = {
		{"V610724109001-0007", 'V', "610724109001", 7},
		{"V610724109001-0003", 'V', "610724109001", 7},     /* lower: kept 7 */
		{"V610724109001-0012", 'V', "610724109001", 12},
		{"610724109001-000031", 0, "610724109001", 31},
		{"A610724109003-0002", 'A', "610724109003", 2},
		{"X610724109004-0009", 'V', "610724109004", 0},     /* wrong prefix */
		{"V610724109005-", 'V', "610724109005", 0},         /* no digits */
		{"V610724109006-12a", 'V', "610724109006", 0},      /* not digits */
		{"V-0005", 'V', "", 0},                             /* no station */
		{"V610724109007-99999999999999999999999", 'V', "610724109007", 0}, /* overflow */
	};
	struct strmap m;

	(void)state;
	strmap_init(&m);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ledger_serials_note(&m, cases[i].s, cases[i].prefix);
		if (ledger_serials_max(&m, cases[i].station) != cases[i].max)
			fail_msg("%s: max %zu, expected %zu", cases[i].s,
				 ledger_serials_max(&m, cases[i].station), cases[i].max);
	}
	strmap_release(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rewrite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_recover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigkill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_removes_temps, setup, teardown),
		cmocka_unit_test(test_serials_note),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
