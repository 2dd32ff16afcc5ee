/* Error values for library code: see err.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mask.h"
#include "util.h"

static void
vset(struct wmsj_err *err, int status, const char *fmt, va_list ap)
{
	err->status = status;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	mask_personal_text(err->msg);
}

int
wmsj_err_set(struct wmsj_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		va_start(ap, fmt);
		vset(err, status, fmt, ap);
		va_end(ap);
	}
	return status;
}

int
wmsj_err_sys(struct wmsj_err *err, int errno_value, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (err != NULL) {
		va_start(ap, fmt);
		vset(err, WMSJ_SYSERR, fmt, ap);
		va_end(ap);
		n = strlen(err->msg);
		snprintf(err->msg + n, sizeof err->msg - n, ": %s", strerror(errno_value));
	}
	return WMSJ_SYSERR;
}

void
wmsj_err_clear(struct wmsj_err *err)
{
	if (err != NULL) {
		err->status = WMSJ_OK;
		err->msg[0] = '\0';
	}
}

void
wmsj_errlist_init(struct wmsj_errlist *l)
{
	memset(l, 0, sizeof *l);
}

void
wmsj_errlist_add(struct wmsj_errlist *l, int status, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	mask_personal_text(buf);
	l->msgs = xgrow(l->msgs, &l->cap, l->n + 1, sizeof *l->msgs);
	l->msgs[l->n++] = xstrdup(buf);
	if (status > l->status)
		l->status = status;
}

void
wmsj_errlist_release(struct wmsj_errlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->msgs[i]);
	free(l->msgs);
	memset(l, 0, sizeof *l);
}
