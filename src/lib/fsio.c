/* Locking, atomic rewrites and all-or-nothing appends: see fsio.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsio.h"
#include "i18n.h"
#include "util.h"

char *
fsio_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = xmalloc(a + b + 2);

	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* ---- what this process committed ------------------------------------------ */

static unsigned long commits;
static int writing;

int
fsio_writing(void)
{
	return writing > 0;
}
static char commit_warning[1024];

unsigned long
fsio_committed(void)
{
	return commits;
}

const char *
fsio_commit_warning(void)
{
	return commit_warning;
}

/* The commit point of one change has passed. */
static void
committed(void)
{
	commits++;
}

void
fsio_commit_warn(const char *msg)
{
	if (commit_warning[0] == '\0')
		snprintf(commit_warning, sizeof commit_warning, "%s", msg);
}

/* The change is committed but its directory entry could not be synced. */
static void
committed_unsynced(const char *dir, int e)
{
	struct wmsj_err w;

	wmsj_err_sys(&w, e, _("the change is recorded, but it may not survive a power failure: "
			      "cannot sync directory '%s'"), dir);
	memcpy(commit_warning, w.msg, sizeof commit_warning);
}

/* ---- fault points (test builds only) ---------------------------------------- */

#ifdef WMSJ_TESTING
int
fsio_fault(const char *point)
{
	static unsigned hits;
	static char last[128];
	const char *f = getenv("WMSJ_FAULT"), *at, *colon;
	size_t n = strlen(point);
	unsigned want = 1;

	if (f != NULL && strncmp(f, last, sizeof last) != 0) {
		snprintf(last, sizeof last, "%s", f);   /* a new setting: count afresh */
		hits = 0;
	}
	if (f == NULL || strncmp(f, point, n) != 0 || (f[n] != '\0' && f[n] != '@' && f[n] != ':'))
		return 0;
	at = f[n] == '@' ? f + n + 1 : NULL;
	if (at != NULL)
		want = (unsigned)strtoul(at, NULL, 10);
	if (++hits != want)
		return 0;
	colon = strchr(f + n, ':');
	if (colon == NULL) {
		raise(SIGKILL);
	} else if (strcmp(colon + 1, "stop") == 0) {
		raise(SIGSTOP);
	} else if (strcmp(colon + 1, "eio") == 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}
#endif

int
fsio_open_in(const char *dir, const char *name, int flags, mode_t mode, struct wmsj_err *err)
{
	char *path = fsio_path(dir, name);
	int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, mode), e = errno;

	if (fd < 0) {
		if (e == ELOOP)
			wmsj_err_set(err, WMSJ_SYSERR,
			    _("'%s' is a symbolic link; a data directory holds only regular files (remove the link)"),
			    path);
		else if ((flags & O_ACCMODE) == O_RDONLY)
			wmsj_err_sys(err, e, _("cannot open '%s'"), path);
		else
			wmsj_err_sys(err, e, _("cannot write '%s'"), path);
	}
	free(path);
	errno = e;
	return fd;
}

/* Read fd to its end into a NUL-terminated buffer; hint: the size fstat
 * gave (the buffer is sized once for it, and grows if the file did). */
static int
read_fd(int fd, char **bufp, size_t *lenp, off_t hint)
{
	size_t len = 0, cap = hint > 0 && (uintmax_t)hint < SIZE_MAX - 65536 ?
				      (size_t)hint + 65536 : 65536;
	char *buf = xmalloc(cap);

	for (;;) {
		ssize_t n;

		if (cap - len < 2)
			buf = xgrow(buf, &cap, len + 65536, 1);
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int
fsio_read_in(const char *dir, const char *name, char **bufp, size_t *lenp, struct wmsj_err *err)
{
	struct stat st;
	char *path;
	int fd, e, rc = WMSJ_OK;

	*bufp = NULL;
	*lenp = 0;
	/* O_NONBLOCK: a FIFO planted in place of a register must not hang us. */
	fd = fsio_open_in(dir, name, O_RDONLY | O_NONBLOCK, 0, err);
	if (fd < 0) {
		if (errno == ENOENT) {
			wmsj_err_clear(err);
			return WMSJ_OK;   /* not created yet: the only failure that means "empty" */
		}
		return WMSJ_SYSERR;
	}
	path = fsio_path(dir, name);
	if (fstat(fd, &st) != 0) {
		rc = wmsj_err_sys(err, errno, _("cannot read '%s'"), path);
	} else if (!S_ISREG(st.st_mode)) {
		rc = wmsj_err_set(err, WMSJ_SYSERR, _("cannot read '%s': not a regular file"), path);
	} else if (read_fd(fd, bufp, lenp, st.st_size) != 0) {
		e = errno;
		rc = wmsj_err_sys(err, e, _("cannot read '%s'"), path);
	}
	close(fd);
	free(path);
	return rc;
}

static const char *
user_name(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		xsnprintf(buf, n, "%lu", (unsigned long)uid);
	return buf;
}

int
fsio_check_dir(const char *dir, int for_write, struct wmsj_err *err)
{
	struct stat st;
	char who[64], me[64];

	if (stat(dir, &st) != 0)
		return wmsj_err_sys(err, errno, _("cannot open '%s'"), dir);
	if (!S_ISDIR(st.st_mode))
		return wmsj_err_set(err, WMSJ_SYSERR, _("'%s' is not a directory"), dir);
	if (for_write && st.st_uid != geteuid())
		return wmsj_err_set(err, WMSJ_SYSERR,
		    _("'%s' belongs to user '%s', not to '%s'; run the command as '%s'"),
		    dir, user_name(st.st_uid, who, sizeof who), user_name(geteuid(), me, sizeof me),
		    who);
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
		return wmsj_err_set(err, WMSJ_SYSERR,
		    _("'%s' can be written by other users, who could replace the registers; run 'chmod go-w %s'"),
		    dir, dir);
	return WMSJ_OK;
}

/* ".NAME.tmp.PID": a temp copy written by fsio_rewrite / fsio_create_new. */
static int
is_temp_name(const char *s)
{
	const char *t = strstr(s, ".tmp.");
	const char *last = t;

	if (s[0] != '.' || t == NULL)
		return 0;
	while ((t = strstr(t + 1, ".tmp.")) != NULL)
		last = t;
	t = last + 5;
	if (*t == '\0' || last == s)
		return 0;
	for (; *t != '\0'; t++)
		if (*t < '0' || *t > '9')
			return 0;
	return 1;
}

static void
remove_temps(const char *dir)
{
	/* Never through a link: seals/ replaced by a link to another directory
	 * must not have that directory's files removed. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct dirent *de;
	int fd;

	if (d == NULL) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	fd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		struct stat st;

		if (!is_temp_name(de->d_name) ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
			continue;
		unlinkat(fd, de->d_name, 0);
	}
	closedir(d);
}

void
fsio_remove_temps(const char *dir)
{
	char *seals = fsio_path(dir, "seals");

	remove_temps(dir);
	remove_temps(seals);
	free(seals);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
lock(struct wmsj_lock *l, const char *dir, double wait_seconds, int shared, struct wmsj_err *err)
{
	char *path;
	double start = now_s();
	int fd;

	l->fd = -1;
	l->shared = shared;
	/* A writer works only in a directory nobody else can write: no one
	 * else can plant links, FIFOs or forged files where it works. */
	if (!shared && fsio_check_dir(dir, 1, err) != WMSJ_OK)
		return WMSJ_SYSERR;
	fd = shared ? fsio_open_in(dir, ".wmsj.lock", O_RDONLY, 0, err)
		    : fsio_open_in(dir, ".wmsj.lock", O_RDWR | O_CREAT, 0600, err);
	if (fd < 0 && shared && (errno == ENOENT || errno == EACCES || errno == EPERM)) {
		wmsj_err_clear(err);
		return WMSJ_OK;
	}
	if (fd < 0) {
		int e = errno;

		if (e != ELOOP) {
			path = fsio_path(dir, ".wmsj.lock");
			wmsj_err_sys(err, e, _("cannot lock '%s'"), path);
			free(path);
		}
		return WMSJ_SYSERR;
	}
	for (;;) {
		if (flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int e = errno;
			close(fd);
			return wmsj_err_sys(err, e, _("cannot lock registers in '%s'"), dir);
		}
		if (now_s() - start >= wait_seconds) {
			close(fd);
			return wmsj_err_set(err, WMSJ_LOCKED,
			    _("registers in '%s' are locked by another process (waited %g s); try again later"),
			    dir, wait_seconds);
		}
		usleep(50000);
	}
	l->fd = fd;
	l->shared = shared;
	if (!shared) {
		writing++;
		/* Every writer holds the lock while its temp files exist, so any
		 * left now belong to a writer that died: full copies of a
		 * register, with ID numbers, which must not stay behind. */
		fsio_remove_temps(dir);
	}
	return WMSJ_OK;
}

int
fsio_lock(struct wmsj_lock *l, const char *dir, double wait_seconds, struct wmsj_err *err)
{
	return lock(l, dir, wait_seconds, 0, err);
}

int
fsio_lock_shared(struct wmsj_lock *l, const char *dir, double wait_seconds, struct wmsj_err *err)
{
	return lock(l, dir, wait_seconds, 1, err);
}

void
fsio_unlock(struct wmsj_lock *l)
{
	if (l->fd >= 0) {
		if (!l->shared)
			writing--;
		flock(l->fd, LOCK_UN);
		close(l->fd);
		l->fd = -1;
	}
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	if (rc != 0 && (errno == EINVAL || errno == EROFS))
		rc = 0; /* some file systems cannot sync a directory */
	close(fd);
	return rc;
}

/* Write data into a new temp file in dir; returns its path or NULL (err set). */
static char *
write_temp(const char *dir, const char *name, const void *data, size_t len, mode_t mode,
	   struct wmsj_err *err)
{
	char tmpname[PATH_MAX];
	char *tmp, *target = fsio_path(dir, name);
	int fd, e;

	snprintf(tmpname, sizeof tmpname, ".%s.tmp.%ld", name, (long)getpid());
	tmp = fsio_path(dir, tmpname);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		e = errno;
		wmsj_err_sys(err, e, _("cannot write '%s'"), target);
		goto fail;
	}
	if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		wmsj_err_sys(err, e, _("cannot write '%s'"), target);
		goto fail;
	}
	if (close(fd) != 0) {
		e = errno;
		unlink(tmp);
		wmsj_err_sys(err, e, _("cannot write '%s'"), target);
		goto fail;
	}
	free(target);
	return tmp;
fail:
	free(tmp);
	free(target);
	return NULL;
}

/* Replace DIR/NAME: with faults = 1 it is a change of the caller's (named
 * fault points, counted as a commit); 0 for the journal's own bookkeeping. */
static int
rewrite(const char *dir, const char *name, const void *data, size_t len, mode_t mode, int faults,
	struct wmsj_err *err)
{
	char *tmp = write_temp(dir, name, data, len, mode, err);
	char *target;
	int rc = WMSJ_OK;

	if (tmp == NULL)
		return WMSJ_SYSERR;
	target = fsio_path(dir, name);
	if ((faults && FSIO_FAULT("before-rename") != 0) || rename(tmp, target) != 0) {
		int e = errno;
		unlink(tmp);
		rc = wmsj_err_sys(err, e, _("cannot replace '%s'"), target);
	} else if (!faults) {
		if (sync_dir(dir) != 0)
			rc = wmsj_err_sys(err, errno, _("cannot sync directory '%s'"), dir);
	} else {
		committed();
		if (FSIO_FAULT("after-rename") != 0 || sync_dir(dir) != 0)
			committed_unsynced(dir, errno);
	}
	free(tmp);
	free(target);
	return rc;
}

int
fsio_rewrite(const char *dir, const char *name, const void *data, size_t len, struct wmsj_err *err)
{
	return rewrite(dir, name, data, len, 0600, 1, err);
}

int
fsio_rewrite_aside(const char *dir, const char *name, const void *data, size_t len,
		   struct wmsj_err *err)
{
	return rewrite(dir, name, data, len, 0600, 0, err);
}

int
fsio_rewrite_mode(const char *dir, const char *name, const void *data, size_t len, mode_t mode,
		  struct wmsj_err *err)
{
	return rewrite(dir, name, data, len, mode, 1, err);
}

int
fsio_create_new(const char *dir, const char *name, const void *data, size_t len,
		struct wmsj_err *err)
{
	char *tmp = write_temp(dir, name, data, len, 0600, err);
	char *target;
	int rc = WMSJ_OK;

	if (tmp == NULL)
		return WMSJ_SYSERR;
	target = fsio_path(dir, name);
	if (link(tmp, target) != 0) {
		int e = errno;
		if (e == EEXIST)
			rc = wmsj_err_set(err, WMSJ_REFUSED, _("'%s' already exists"), target);
		else
			rc = wmsj_err_sys(err, e, _("cannot create '%s'"), target);
	} else {
		committed();
		if (sync_dir(dir) != 0)
			committed_unsynced(dir, errno);
	}
	unlink(tmp);
	free(tmp);
	free(target);
	return rc;
}

static char *
journal_name(const char *name)
{
	size_t n = strlen(name);
	char *j = xmalloc(n + 10);

	snprintf(j, n + 10, ".%s.journal", name);
	return j;
}

/* Read the journalled size: 1 = present (size set), 0 = absent, -1 = error. */
static int
read_journal(const char *jpath, off_t *size)
{
	char buf[64];
	ssize_t n;
	char *end;
	long long v;
	int fd = open(jpath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -2;
	buf[n] = '\0';
	v = strtoll(buf, &end, 10);
	if (end == buf || *end != '\n' || v < 0)
		return -2;
	*size = (off_t)v;
	return 1;
}

int
fsio_recover(const char *dir, const char *name, int *repaired, struct wmsj_err *err)
{
	char *jn = journal_name(name), *jpath = fsio_path(dir, jn), *path = fsio_path(dir, name);
	off_t size = 0;
	struct stat st;
	int rc = WMSJ_OK, j = read_journal(jpath, &size);

	if (repaired != NULL)
		*repaired = 0;
	if (j == -1) {
		rc = wmsj_err_sys(err, errno, _("cannot read '%s'"), jpath);
	} else if (j == -2) {
		/* The journal is written complete (temp + rename) before any
		 * append starts, so an unreadable one is damage, not a crash. */
		rc = wmsj_err_set(err, WMSJ_BADDATA, _("'%s' is damaged; remove it after checking '%s'"),
				  jpath, path);
	} else if (j == 1) {
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > size) {
			int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0 || ftruncate(fd, size) != 0 || fsync(fd) != 0) {
				rc = wmsj_err_sys(err, errno, _("cannot repair '%s'"), path);
				if (fd >= 0)
					close(fd);
				goto out;
			}
			close(fd);
			if (repaired != NULL)
				*repaired = 1;
		}
		if (unlink(jpath) != 0 || sync_dir(dir) != 0)
			rc = wmsj_err_sys(err, errno, _("cannot remove '%s'"), jpath);
	}
out:
	free(jn);
	free(jpath);
	free(path);
	return rc;
}

/* A reader holds no lock, so a writer may pass between its looks: journal,
 * size, journal again, size again.  While a journal is seen, its size is the
 * committed one.  With none seen twice, the size is committed unless a whole
 * append (journal written, data, journal removed) ran between the first size
 * and the second journal look; then the data is complete and committed, or a
 * failed write was truncated back, and the second size tells: equal sizes are
 * the committed size, different ones are looked at again. */
off_t
fsio_stable_size(const char *dir, const char *name, struct wmsj_err *err)
{
	char *jn = journal_name(name), *jpath = fsio_path(dir, jn), *path = fsio_path(dir, name);
	off_t size = 0, js;
	struct stat st, st2;
	int j1, j2;

	for (;;) {
		j1 = read_journal(jpath, &js);
		if (lstat(path, &st) != 0) {
			if (errno == ENOENT) {
				size = 0;
			} else {
				wmsj_err_sys(err, errno, _("cannot read '%s'"), path);
				size = -1;
			}
			break;
		}
		size = st.st_size;
		if (j1 == 1) {
			if (js < size)
				size = js;
			break;
		}
		j2 = read_journal(jpath, &js);
		if (j2 == 1) {
			if (js < size)
				size = js;
			break;
		}
		if (lstat(path, &st2) != 0 || st2.st_size == st.st_size)
			break;
	}
	free(jn);
	free(jpath);
	free(path);
	return size;
}

int
fsio_append(const char *dir, const char *name, const void *data, size_t len, struct wmsj_err *err)
{
	char *jn = journal_name(name), *path = fsio_path(dir, name), *jp = NULL;
	char jbuf[32];
	struct stat st;
	off_t size = 0;
	int fd = -1, rc = WMSJ_OK, created = 0, e;

	if (lstat(path, &st) == 0)
		size = st.st_size;
	else if (errno == ENOENT)
		created = 1;
	else {
		rc = wmsj_err_sys(err, errno, _("cannot write '%s'"), path);
		goto out;
	}
	xsnprintf(jbuf, sizeof jbuf, "%lld\n", (long long)size);
	if (FSIO_FAULT("before-journal") != 0) {
		jp = fsio_path(dir, jn);
		rc = wmsj_err_sys(err, errno, _("cannot write '%s'"), jp);
		goto out;
	}
	rc = rewrite(dir, jn, jbuf, strlen(jbuf), 0600, 0, err);
	if (rc != WMSJ_OK)
		goto out;
	fd = fsio_open_in(dir, name, O_WRONLY | O_APPEND | O_CREAT, 0600, err);
	if (fd < 0) {
		rc = WMSJ_SYSERR;
		goto undo;
	}
	if (FSIO_FAULT("after-journal") != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		e = errno;
		rc = wmsj_err_sys(err, e, _("cannot write '%s'"), path);
		if (ftruncate(fd, size) == 0)
			fsync(fd);
		goto undo;
	}
	if (close(fd) != 0) {
		e = errno;
		fd = -1;
		rc = wmsj_err_sys(err, e, _("cannot write '%s'"), path);
		goto undo;
	}
	fd = -1;
	if (created && sync_dir(dir) != 0) {
		rc = wmsj_err_sys(err, errno, _("cannot sync directory '%s'"), dir);
		goto undo;
	}
	/* The commit point: once the journal is gone the batch stays. */
	jp = fsio_path(dir, jn);
	if (FSIO_FAULT("after-append") != 0 || unlink(jp) != 0) {
		rc = wmsj_err_sys(err, errno, _("cannot remove '%s'"), jp);
		goto undo;
	}
	committed();
	if (FSIO_FAULT("after-commit") != 0 || sync_dir(dir) != 0)
		committed_unsynced(dir, errno);
	goto out;
undo:
	if (fd >= 0)
		close(fd);
	fsio_recover(dir, name, NULL, NULL);
out:
	free(jp);
	free(jn);
	free(path);
	return rc;
}

int
fsio_read_all(const char *path, char **bufp, size_t *lenp, struct wmsj_err *err)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0, cap = 65536;
	char *buf;

	if (fd < 0)
		return wmsj_err_sys(err, errno, _("cannot open '%s'"), path);
	buf = xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (cap - len < 2)
			buf = xgrow(buf, &cap, len + 65536, 1);
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			int e = errno;
			if (e == EINTR)
				continue;
			free(buf);
			if (fd != 0)
				close(fd);
			return wmsj_err_sys(err, e, _("cannot read '%s'"), path);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (fd != 0)
		close(fd);
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return WMSJ_OK;
}

int
fsio_pread_full(int fd, void *buf, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, (char *)buf + got, n - got, off + (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

char *
fsio_pread_line(int fd, off_t off, size_t max, size_t *n)
{
	size_t cap = 1024, got = 0;
	char *b = xmalloc(cap + 1), *nl;

	for (;;) {
		ssize_t k = pread(fd, b + got, cap - got, off + (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if ((nl = memchr(b + got, '\n', (size_t)k)) != NULL) {
			*n = (size_t)(nl - b);
			nl[1] = '\0';
			return b;
		}
		got += (size_t)k;
		if (got == cap) {
			if (cap >= max)
				break;
			cap *= 2;
			b = xrealloc(b, cap + 1);
		}
	}
	free(b);
	return NULL;
}
