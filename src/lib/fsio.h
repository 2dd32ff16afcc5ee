/* Locking, atomic rewrites and all-or-nothing appends in a data directory.
 *
 * Lock: flock(LOCK_EX) on DIR/.wmsj.lock, polled until --wait seconds pass,
 * then WMSJ_LOCKED "registers in 'DIR' are locked by another process (waited N s)".
 * Every command that writes takes the lock before reading what it will change.
 * Readers take no lock: files only ever change by rename (rewrite) or by an
 * append that is repaired before anyone trusts it (see below), so a reader
 * never sees a half-written rewrite.
 *
 * Rewrite: write DIR/.NAME.tmp.PID (mode 0600), fsync, rename over NAME,
 * fsync DIR.  Any failure removes the temp file and leaves NAME untouched.
 *
 * Append (the ledger): the original size is first recorded in
 * DIR/.NAME.journal (fsync'd), then the bytes are written and fsync'd, then the
 * journal is removed.  If the process dies in between, the next
 * fsio_recover() (called under the lock by every writer, and by readers as a
 * read-only check) truncates NAME back to the journalled size: the batch is
 * in whole or not at all.  A failed write (ENOSPC, EIO) truncates back at once.
 *
 * All files are created mode 0600 (registers hold ID numbers).
 *
 * Commit points: a rewrite's change is committed at its rename, an append's
 * at the removal of its journal, fsio_create_new's at its link.  After that
 * point the call returns WMSJ_OK whatever happens next: when the directory
 * cannot be synced, fsio_commit_warning() says so (the tool prints it and
 * still exits 0, since repeating the command would do it twice).
 * fsio_committed() counts the changes this process committed, so that a
 * tool never reports "not done" (status 4) for a change that is done, only
 * that its output could not be written.
 *
 * Fault points (test builds, -DWMSJ_TESTING, only): the environment variable
 * WMSJ_FAULT=POINT[@N][:ACTION] acts at the Nth time (default the first) the
 * process passes the named point: no action = raise(SIGKILL), ":stop" =
 * raise(SIGSTOP) (a test then sees the writer hold the lock at that point),
 * ":eio" = the step fails with EIO.  The points, in order:
 *   fsio_append:  before-journal, after-journal (journal durable, data not
 *                 written), after-append (data durable, journal present),
 *                 after-commit (journal removed, directory not yet synced);
 *   fsio_rewrite: before-rename (temp durable), after-rename (renamed,
 *                 directory not yet synced).
 * In other builds FSIO_FAULT() is the constant 0.
 *
 * Safety of the data directory: nothing in it is opened through a symbolic
 * link (O_NOFOLLOW; a link is SYSERR "'PATH' is a symbolic link ...").
 * A directory that group or others can write is refused (SYSERR), and a
 * writer (fsio_lock) also refuses one it does not own: see fsio_check_dir.
 * Readers (fsio_read_in) treat only a missing file as "not created yet": any
 * other failure to read is SYSERR. */
#ifndef WMSJ_FSIO_H
#define WMSJ_FSIO_H

#include <stddef.h>
#include <sys/types.h>
#include "err.h"

struct wmsj_lock {
	int fd;   /* -1 when not held */
	int shared;
};

/* Check that dir is a directory that neither group nor others may write and,
 * when writing, that the effective user owns (root included: files root
 * made in a clerk's directory would lock the clerk out).  SYSERR with a
 * message saying how to fix it ("run 'chmod go-w DIR'", "run the command as
 * 'OWNER'").  fsio_lock checks for writing, config_load for reading. */
int fsio_check_dir(const char *dir, int for_write, struct wmsj_err *err);

/* open(DIR/NAME, flags | O_NOFOLLOW | O_CLOEXEC, mode).  Returns the fd, or -1
 * with errno kept and err set ("cannot open", "cannot write", or a symbolic
 * link named as such). */
int fsio_open_in(const char *dir, const char *name, int flags, mode_t mode, struct wmsj_err *err);

/* Read the regular file DIR/NAME whole (NUL-terminated; never through a link,
 * never blocking on a FIFO).  A missing file is WMSJ_OK with *buf = NULL;
 * any other failure (EACCES, EISDIR, EIO, a link, not a regular file) is
 * WMSJ_SYSERR naming the path. */
int fsio_read_in(const char *dir, const char *name, char **buf, size_t *len, struct wmsj_err *err);

/* Remove the temp files (".NAME.tmp.PID") in dir and dir/seals.  Only for a
 * caller holding the lock: fsio_lock calls it, since under the lock every
 * temp file belongs to a writer that died. */
void fsio_remove_temps(const char *dir);

/* Check dir for writing (fsio_check_dir), wait up to wait_seconds (0 = try
 * once) for the lock (DIR/.wmsj.lock, never through a link), then remove dead
 * writers' temp files (fsio_remove_temps).  Returns WMSJ_OK or
 * WMSJ_LOCKED/SYSERR. */
int fsio_lock(struct wmsj_lock *l, const char *dir, double wait_seconds, struct wmsj_err *err);
void fsio_unlock(struct wmsj_lock *l);

/* Shared lock for a reader that must see no writer in progress (wmsj-audit
 * verify): waits like fsio_lock.  When the lock file cannot be opened for
 * reading (no writer ever ran, or a read-only directory of another user)
 * it returns WMSJ_OK without holding anything (l->fd == -1). */
int fsio_lock_shared(struct wmsj_lock *l, const char *dir, double wait_seconds,
		     struct wmsj_err *err);

/* Changes committed by this process so far; "" or why the last commit may
 * not be durable (see above). */
unsigned long fsio_committed(void);
/* 1 while this process holds an exclusive lock (it is a writer). */
int fsio_writing(void);
const char *fsio_commit_warning(void);
/* Set the commit warning (when none is set yet): a committed change whose
 * derived files could not be brought up to date (history.h views). */
void fsio_commit_warn(const char *msg);

#ifdef WMSJ_TESTING
int fsio_fault(const char *point);   /* 0, or -1 with errno = EIO */
#define FSIO_FAULT(point) fsio_fault(point)
#else
#define FSIO_FAULT(point) 0
#endif

/* Atomically replace DIR/NAME with len bytes of data (mode 0600). */
int fsio_rewrite(const char *dir, const char *name, const void *data, size_t len,
		 struct wmsj_err *err);
/* The same for a file beside the data that is only a shortcut (the views'
 * stamps, history.h): atomic too, but no fault points and not a commit of
 * the command's. */
int fsio_rewrite_aside(const char *dir, const char *name, const void *data, size_t len,
		       struct wmsj_err *err);
/* The same with the new file's mode (set with fchmod on the temp file before
 * the rename: never chmod by path, which would follow a planted link). */
int fsio_rewrite_mode(const char *dir, const char *name, const void *data, size_t len,
		      mode_t mode, struct wmsj_err *err);

/* Append len bytes to DIR/NAME (created 0600 if absent), all or nothing.
 * Caller holds the lock. */
int fsio_append(const char *dir, const char *name, const void *data, size_t len,
		struct wmsj_err *err);

/* Undo an interrupted append of DIR/NAME if its journal exists.  Caller holds
 * the lock.  Sets *repaired to 1 when it truncated something. */
int fsio_recover(const char *dir, const char *name, int *repaired, struct wmsj_err *err);

/* For readers without the lock: the size of DIR/NAME that is trustworthy
 * (the journalled size while an append is in flight, else the file size).
 * Returns -1 with err set on failure (missing file → size 0, no error). */
off_t fsio_stable_size(const char *dir, const char *name, struct wmsj_err *err);

/* Read a whole file into a malloc'ed buffer (NUL-terminated; *len excludes NUL).
 * path "-" reads stdin.  WMSJ_SYSERR on failure naming the path. */
int fsio_read_all(const char *path, char **buf, size_t *len, struct wmsj_err *err);

/* Write a new file DIR/NAME atomically only if it does not exist (init). */
int fsio_create_new(const char *dir, const char *name, const void *data, size_t len,
		    struct wmsj_err *err);

/* n bytes of fd at off into buf (EINTR retried): 0, or -1 on an error or
 * a short file. */
int fsio_pread_full(int fd, void *buf, size_t n, off_t off);
/* The line of fd starting at off, up to its '\n' (at most max bytes):
 * a malloc'ed buffer holding the line and its '\n' and a NUL after it, its
 * length without the '\n' in *n; NULL when there is no whole line there. */
char *fsio_pread_line(int fd, off_t off, size_t max, size_t *n);

/* "DIR/NAME" in a malloc'ed string. */
char *fsio_path(const char *dir, const char *name);

#endif
