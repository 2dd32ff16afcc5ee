/* The registers' files as views of the register history (history.h):
 * checking them against it (wmsj-audit) and writing the ones that are
 * missing (every writer, under the lock).
 *
 * Above history, volunteer, table and apps; nothing below calls it. */
#ifndef WMSJ_VIEWS_H
#define WMSJ_VIEWS_H

#include <stddef.h>
#include "err.h"

/* One difference between a view and the history: file, line in it (0 when
 * the whole file or a record missing from it), the record's id (may be
 * NULL), severity ("error" for a change by hand, "warning" for a file
 * missing or a register not chained yet) and a message that names fields,
 * never their values (they hold ID numbers and phones). */
typedef void (*views_diff_cb)(void *arg, const char *severity, const char *file, size_t line,
			      const char *id, const char *msg);

/* Check the history's chain (HIST_VERIFY: a break is reported through cb,
 * as "error" with file history.csv and its line) and every view against
 * the history.  Returns WMSJ_OK when the check ran (differences go to cb),
 * SYSERR when a file cannot be read. */
int views_check(const char *dir, views_diff_cb cb, void *arg, struct wmsj_err *err);

/* Write the view of every register whose history has events and whose file
 * is missing, or older than its history (a writer killed between its
 * history append and its view: hist_view_current).  Caller holds the lock.  A view that cannot be written is a
 * commit warning, not a failure (see hist_view_write). */
int views_restore(const char *dir, struct wmsj_err *err);

#endif
