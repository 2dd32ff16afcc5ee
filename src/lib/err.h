/* Error reporting from library code.
 *
 * Library functions never print and never exit: they fill a struct wmsj_err
 * and return its status.  The tool's main() prints "prog: msg" and exits.
 * Messages are already translated (callers pass _("...") formats), lowercase,
 * and quote their subject as '%s'.  A message about a place in a file starts
 * with "FILE:LINE: ".  Nothing personal (ID numbers, phones) goes in a
 * message: whatever looks like one is masked when the message is made
 * (mask_personal_text), here and in the tools' cli_warn. */
#ifndef WMSJ_ERR_H
#define WMSJ_ERR_H

#include <stddef.h>
#include "status.h"

struct wmsj_err {
	int status;          /* enum wmsj_status */
	char msg[1024];      /* one line, no trailing newline, no program name */
};

#if defined(__GNUC__)
#define WMSJ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WMSJ_PRINTF(a, b)
#endif

/* Set err (if non-NULL) and return status. */
int wmsj_err_set(struct wmsj_err *err, int status, const char *fmt, ...) WMSJ_PRINTF(3, 4);
/* Same, appending ": strerror(errno_value)". */
int wmsj_err_sys(struct wmsj_err *err, int errno_value, const char *fmt, ...) WMSJ_PRINTF(3, 4);
void wmsj_err_clear(struct wmsj_err *err);

/* A list of messages, for operations that report every bad record (imports,
 * award batches, audits) rather than stopping at the first. */
struct wmsj_errlist {
	char **msgs;
	size_t n, cap;
	int status; /* the worst (highest) status added; WMSJ_OK when empty */
};
void wmsj_errlist_init(struct wmsj_errlist *l);
void wmsj_errlist_add(struct wmsj_errlist *l, int status, const char *fmt, ...) WMSJ_PRINTF(3, 4);
void wmsj_errlist_release(struct wmsj_errlist *l);

#endif
