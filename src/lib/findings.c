/* findings: the audit's list of findings (findings.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "i18n.h"
#include "mask.h"
#include "sb.h"
#include "util.h"

const char *const findings_cols[FINDING_NCOLS] = {
	"severity", "check", "where", "message", "station", "volunteer", "txn"
};

void
findings_init(struct findings *f, long limit, const char *station, enum audit_level show)
{
	memset(f, 0, sizeof *f);
	strmap_init(&f->per_check);
	f->limit = limit;
	f->station = station;
	f->show = show;
}

/* "DIR: message" (raw_where), in place in msg (n bytes). */
static void
prefix_dir(char *msg, size_t n, const char *dir)
{
	size_t dl = strlen(dir);

	if (dl + 2 < n) {
		memmove(msg + dl + 2, msg, n - dl - 2);
		msg[n - 1] = '\0';
		memcpy(msg, dir, dl);
		msg[dl] = ':';
		msg[dl + 1] = ' ';
	}
}

/* where as the finding names it: "DIR/where" with several directories. */
static char *
where_of(const struct findings *f, const char *where)
{
	struct sb w;
	char *s;

	if (f->dir == NULL || f->raw_where)
		return xstrdup(where != NULL ? where : "");
	if (where != NULL && *where == '/')
		return xstrdup(where);
	sb_init(&w);
	sb_adds(&w, f->dir);
	if (where != NULL && *where != '\0') {
		sb_addc(&w, '/');
		sb_adds(&w, where);
	}
	s = xstrdup(w.buf);
	sb_release(&w);
	return s;
}

static void
push(struct findings *f, const char *sev, const char *check, char *where, const char *msg,
     const char *station, const char *vol, const char *txn)
{
	struct finding *x;

	f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
	x = &f->v[f->n++];
	x->f[0] = xstrdup(sev);
	x->f[1] = xstrdup(check);
	x->f[2] = where;
	x->f[3] = xstrdup(msg);
	x->f[4] = xstrdup(station != NULL ? station : "");
	x->f[5] = xstrdup(vol != NULL ? vol : "");
	x->f[6] = xstrdup(txn != NULL ? txn : "");
}

void
findings_vadd(struct findings *f, const char *sev, const char *check, const char *where,
	      const char *station, const char *vol, const char *txn, const char *fmt, va_list ap)
{
	char msg[1024];
	size_t cnt;

	if (f->log) {
		vsnprintf(msg, sizeof msg, fmt, ap);
		push(f, sev, check, xstrdup(where != NULL ? where : ""), msg, station, vol, txn);
		return;
	}
	if (f->station != NULL && station != NULL && *station != '\0' &&
	    strcmp(station, f->station) != 0)
		return;
	if (audit_level_of(sev, check) > f->show)
		return;
	cnt = (*strmap_ref(&f->per_check, check, strlen(check), NULL))++;
	if (strcmp(sev, "info") != 0)
		f->serious = 1;
	if (f->limit > 0 && cnt >= (size_t)f->limit)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	mask_personal_text(msg);
	if (f->dir != NULL && f->raw_where)
		prefix_dir(msg, sizeof msg, f->dir);
	push(f, sev, check, where_of(f, where), msg, station, vol, txn);
}

void
findings_add(struct findings *f, const char *sev, const char *check, const char *where,
	     const char *station, const char *vol, const char *txn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findings_vadd(f, sev, check, where, station, vol, txn, fmt, ap);
	va_end(ap);
}

size_t
findings_count(const struct findings *f, const char *check)
{
	size_t n = 0;

	return strmap_get(&f->per_check, check, strlen(check), &n) ? n : 0;
}

static int
by_check(const void *a, const void *b)
{
	return strcmp(((const struct finding *)a)->f[1], ((const struct finding *)b)->f[1]);
}

void
findings_finish(struct findings *f)
{
	size_t first = f->n;

	for (size_t i = 0; i < f->per_check.cap; i++) {
		const char *k;
		size_t nk;
		char msg[256];

		if (!strmap_at(&f->per_check, i, &k, &nk) || f->limit <= 0 ||
		    nk <= (size_t)f->limit || f->show < AL_INFO)
			continue;   /* --severity: the note is info */
		xsnprintf(msg, sizeof msg, _("... and %zu more findings of this check"),
			  nk - (size_t)f->limit);
		push(f, "info", k, xstrdup(""), msg, NULL, NULL, NULL);
	}
	if (f->n > first)
		qsort(f->v + first, f->n - first, sizeof *f->v, by_check);
}

void
findings_log_init(struct findings *log)
{
	findings_init(log, 0, NULL, AL_INFO);
	log->log = 1;
}

void
findings_replay(struct findings *f, struct findings *log)
{
	for (size_t i = 0; i < log->n; i++) {
		char *const *x = log->v[i].f;

		findings_add(f, x[0], x[1], x[2], x[4], x[5], x[6], "%s", x[3]);
	}
	audit_first_note(f->first, log->first[0] != '\0' ? log->first : NULL);
	findings_release(log);
	strmap_init(&log->per_check);
	log->first[0] = '\0';
}

void
findings_release(struct findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		for (int k = 0; k < FINDING_NCOLS; k++)
			free(f->v[i].f[k]);
	free(f->v);
	strmap_release(&f->per_check);
	f->v = NULL;
	f->n = f->cap = 0;
}
