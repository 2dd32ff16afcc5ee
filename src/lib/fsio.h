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
 * All files are created mode 0600 (registers hold ID numbers). */
#ifndef WMSJ_FSIO_H
#define WMSJ_FSIO_H

#include <stddef.h>
#include <sys/types.h>
#include "err.h"

struct wmsj_lock {
	int fd;   /* -1 when not held */
};

/* Wait up to wait_seconds (0 = try once).  Returns WMSJ_OK or WMSJ_LOCKED/SYSERR. */
int fsio_lock(struct wmsj_lock *l, const char *dir, double wait_seconds, struct wmsj_err *err);
void fsio_unlock(struct wmsj_lock *l);

/* Atomically replace DIR/NAME with len bytes of data. */
int fsio_rewrite(const char *dir, const char *name, const void *data, size_t len,
		 struct wmsj_err *err);

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

/* "DIR/NAME" in a malloc'ed string. */
char *fsio_path(const char *dir, const char *name);

#endif
