/* The registers' files as views of the history: see views.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "apps.h"
#include "fsio.h"
#include "history.h"
#include "i18n.h"
#include "table.h"
#include "util.h"
#include "views.h"
#include "volunteer.h"

/* One register, whatever its kind: rows of strings under columns. */
struct flat {
	const char *file;
	size_t ncols;
	const char *const *cols;
	const char **cell;       /* n * ncols */
	size_t *line;
	size_t n;
};

static void
flat_from_vreg(struct flat *f, const struct vregister *r)
{
	static const char *cols[VREG_NCOLS + 1];

	for (size_t k = 0; k < VREG_NCOLS; k++)
		cols[k] = vreg_col(k);
	memset(f, 0, sizeof *f);
	f->file = VREG_FILE;
	f->ncols = VREG_NCOLS;
	f->cols = cols;
	f->n = r->n;
	f->cell = xcalloc(r->n * VREG_NCOLS + 1, sizeof *f->cell);
	f->line = xcalloc(r->n + 1, sizeof *f->line);
	for (size_t i = 0; i < r->n; i++) {
		for (size_t k = 0; k < VREG_NCOLS; k++)
			f->cell[i * VREG_NCOLS + k] = vreg_field(&r->v[i], k);
		f->line[i] = r->v[i].line;
	}
}

static void
flat_from_table(struct flat *f, const struct table *t)
{
	memset(f, 0, sizeof *f);
	f->file = t->file;
	f->ncols = t->ncols;
	f->cols = t->cols;
	f->n = t->n;
	f->cell = xcalloc(t->n * t->ncols + 1, sizeof *f->cell);
	f->line = xcalloc(t->n + 1, sizeof *f->line);
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->ncols; k++)
			f->cell[i * t->ncols + k] = t->rows[i][k];
		f->line[i] = t->lines[i];
	}
}

static void
flat_release(struct flat *f)
{
	free(f->cell);
	free(f->line);
}

/* Compare the file's rows (view) with the history's (want), by id. */
static void
compare(const struct flat *want, const struct flat *view, views_diff_cb cb, void *arg)
{
	struct strmap pos, seen;
	char msg[1024];

	strmap_init(&pos);
	strmap_init(&seen);
	for (size_t i = 0; i < want->n; i++)
		strmap_put(&pos, want->cell[i * want->ncols], strlen(want->cell[i * want->ncols]), i);
	for (size_t i = 0; i < view->n; i++) {
		const char *id = view->cell[i * view->ncols];
		size_t w, nd = 0;
		struct sb fields;

		if (!strmap_get(&pos, id, strlen(id), &w)) {
			snprintf(msg, sizeof msg,
				 _("the row of '%s' is not in the register's history: added by hand"), id);
			cb(arg, "error", view->file, view->line[i], id, msg);
			continue;
		}
		if (strmap_get(&seen, id, strlen(id), &w)) {
			snprintf(msg, sizeof msg, _("'%s' is on more than one row: copied by hand"), id);
			cb(arg, "error", view->file, view->line[i], id, msg);
			continue;
		}
		strmap_get(&pos, id, strlen(id), &w);
		strmap_put(&seen, id, strlen(id), i);
		sb_init(&fields);
		for (size_t k = 1; k < want->ncols; k++)
			if (strcmp(want->cell[w * want->ncols + k], view->cell[i * view->ncols + k]) != 0) {
				if (nd++ > 0)
					sb_adds(&fields, ", ");
				sb_adds(&fields, want->cols[k]);
			}
		if (nd > 0) {
			snprintf(msg, sizeof msg,
				 _("the row of '%s' differs from the register's history in %s: changed by hand"),
				 id, fields.buf);
			cb(arg, "error", view->file, view->line[i], id, msg);
		}
		sb_release(&fields);
	}
	for (size_t i = 0; i < want->n; i++) {
		const char *id = want->cell[i * want->ncols];
		size_t w;

		if (!strmap_get(&seen, id, strlen(id), &w)) {
			snprintf(msg, sizeof msg,
				 _("'%s' of the register's history has no row in the file: deleted by hand"),
				 id);
			cb(arg, "error", view->file, 0, id, msg);
		}
	}
	strmap_release(&pos);
	strmap_release(&seen);
}

static int
file_missing(const char *dir, const char *file)
{
	char *p = fsio_path(dir, file);
	struct stat st;
	int missing = lstat(p, &st) != 0 && errno == ENOENT;

	free(p);
	return missing;
}

static void
missing_view(const char *file, size_t n, views_diff_cb cb, void *arg)
{
	char msg[512];

	snprintf(msg, sizeof msg,
		 _("the file is missing (the history holds %zu records); the next command that "
		   "writes rebuilds it"), n);
	cb(arg, "warning", file, 0, NULL, msg);
}

static void
behind(const char *file, views_diff_cb cb, void *arg)
{
	cb(arg, "warning", file, 0, NULL,
	   _("the file may be behind the register's history (a command was interrupted after "
	     "recording its change); the next command that writes brings it up to date"));
}

static void
not_chained(const char *file, size_t n, views_diff_cb cb, void *arg)
{
	char msg[512];

	snprintf(msg, sizeof msg,
		 ngettext("%zu record is not in the register's history yet (a register older "
			  "than history.csv): the next command that changes it records it",
			  "%zu records are not in the register's history yet (a register older "
			  "than history.csv): the next command that changes it records them",
			  (unsigned long)n), n);
	cb(arg, "warning", file, 0, NULL, msg);
}

int
views_check(const char *dir, views_diff_cb cb, void *arg, struct wmsj_err *err)
{
	struct history h;
	struct wmsj_err e2;
	int rc;

	{
		char *jp = fsio_path(dir, ".history.csv.journal");
		struct stat st;

		if (lstat(jp, &st) == 0)
			cb(arg, "error", ".history.csv.journal", 0, NULL,
			   _("an interrupted append is pending; the next command that writes rolls it back"));
		free(jp);
	}
	rc = hist_load(&h, dir, HIST_VERIFY, &e2);
	if (rc == WMSJ_SYSERR) {
		hist_release(&h);
		*err = e2;
		return rc;
	}
	if (rc != WMSJ_OK) {
		size_t line = 0;
		const char *colon = strchr(e2.msg, ':');
		if (colon != NULL)
			line = strtoul(colon + 1, NULL, 10);
		cb(arg, "error", HIST_FILE, line, NULL, e2.msg);
		hist_release(&h);
		return WMSJ_OK;
	}
	/* Volunteers. */
	{
		struct vregister want, view;
		struct flat fw, fv;

		memset(&want, 0, sizeof want);
		want.dir = xstrdup(dir);
		vreg_from_history(&want, &h, NULL, 0);
		rc = vreg_load_view(&view, dir, err);
		if (rc == WMSJ_OK) {
			if (h.count[HR_VOLUNTEER] == 0) {
				if (view.n > 0)
					not_chained(VREG_FILE, view.n, cb, arg);
			} else if (!view.view_exists) {
				missing_view(VREG_FILE, want.n, cb, arg);
			} else {
				if (!hist_view_current(&h, dir, HR_VOLUNTEER))
					behind(VREG_FILE, cb, arg);
				flat_from_vreg(&fw, &want);
				flat_from_vreg(&fv, &view);
				compare(&fw, &fv, cb, arg);
				flat_release(&fw);
				flat_release(&fv);
			}
		}
		vreg_release(&want);
		vreg_release(&view);
	}
	/* Activities, then applications (with the ledger's approvals). */
	for (int k = 0; k < 2 && rc == WMSJ_OK; k++) {
		enum hist_reg hr = k == 0 ? HR_ACTIVITY : HR_APPLICATION;
		const char *file = hist_reg_file(hr);
		const char *const *cols = k == 0 ? activity_cols : apply_cols;
		struct table want, view, acts;

		memset(&acts, 0, sizeof acts);
		memset(&want, 0, sizeof want);
		rc = table_load_view(&view, dir, file, cols, err);
		/* want: the history's rows (table_load reads the history when it
		 * holds events of this register) */
		if (rc == WMSJ_OK && h.count[hr] > 0)
			rc = table_load(&want, dir, file, cols, err);
		if (rc == WMSJ_OK && hr == HR_APPLICATION && h.count[HR_APPLICATION] > 0) {
			/* The ledger decides an approval (apps.h), in the history's
			 * rows and in the file's alike: a file a writer killed
			 * after its award left saying "pending" is not an edit. */
			rc = table_load(&acts, dir, ACTIVITY_FILE, activity_cols, err);
			if (rc == WMSJ_OK)
				rc = apps_from_ledger(&want, &acts, dir, NULL, err);
			if (rc == WMSJ_OK)
				rc = apps_from_ledger(&view, &acts, dir, NULL, err);
		}
		if (rc == WMSJ_OK) {
			if (h.count[hr] == 0) {
				if (view.n > 0)
					not_chained(file, view.n, cb, arg);
			} else if (!view.view_exists) {
				missing_view(file, want.n, cb, arg);
			} else {
				struct flat fw, fv;
				if (!hist_view_current(&h, dir, hr))
					behind(file, cb, arg);
				flat_from_table(&fw, &want);
				flat_from_table(&fv, &view);
				compare(&fw, &fv, cb, arg);
				flat_release(&fw);
				flat_release(&fv);
			}
		}
		table_release(&want);
		table_release(&view);
		table_release(&acts);
	}
	hist_release(&h);
	return rc;
}

int
views_restore(const char *dir, struct wmsj_err *err)
{
	struct history h;
	int rc, cur;

	for (int k = 0; k < HR_NONE; k++)
		if ((rc = hist_view_check(dir, hist_reg_file((enum hist_reg)k), err)) != WMSJ_OK)
			return rc;
	if (hist_views_fresh_all(dir))
		return WMSJ_OK;
	/* the events' heads only (their fields are read when a view is
	 * rewritten): what every writer pays when the views are current */
	rc = hist_load_regs(&h, dir, 0, 0, err);
	if (rc != WMSJ_OK) {
		hist_release(&h);
		return rc;
	}
	/* current views whose stamps lag behind the head move up to it; a
	 * register without events says so */
	for (int k = 0; k < HR_NONE; k++) {
		hist_view_restamp(&h, dir, (enum hist_reg)k);
		hist_mark_empty(&h, dir, (enum hist_reg)k);
	}
	/* A view that is missing, behind the history, or not the file its
	 * stamp names (copied, restored, edited, never stamped) is written
	 * again from the history; an edit of a current one is said. */
	cur = !file_missing(dir, VREG_FILE) && hist_view_current(&h, dir, HR_VOLUNTEER);
	if (h.count[HR_VOLUNTEER] > 0 && (!cur || !hist_view_stamped(dir, HR_VOLUNTEER))) {
		struct vregister r;
		struct sb sb;

		hist_release(&h);
		if ((rc = hist_load_regs(&h, dir, 0, 1u << HR_VOLUNTEER, err)) != WMSJ_OK) {
			hist_release(&h);
			return rc;
		}

		memset(&r, 0, sizeof r);
		r.dir = xstrdup(dir);
		vreg_from_history(&r, &h, NULL, 0);
		sb_init(&sb);
		vreg_serialize(r.v, r.n, &sb);
		char maxdate[11];

		hist_reg_maxdate(&h, HR_VOLUNTEER, maxdate);
		rc = hist_view_write(dir, VREG_FILE, cur ? &sb : NULL, &sb, 0, h.last_seq, h.last_hash,
				     maxdate, NULL, err);
		sb_release(&sb);
		vreg_release(&r);
	}
	for (int k = 0; k < 2 && rc == WMSJ_OK; k++) {
		enum hist_reg hr = k == 0 ? HR_ACTIVITY : HR_APPLICATION;
		const char *file = hist_reg_file(hr);
		struct table t, acts;

		if (h.count[hr] == 0 || (!file_missing(dir, file) && hist_view_current(&h, dir, hr) &&
					 hist_view_stamped(dir, hr)))
			continue;
		rc = table_load(&t, dir, file, k == 0 ? activity_cols : apply_cols, err);
		if (rc == WMSJ_OK && hr == HR_APPLICATION) {
			rc = table_load(&acts, dir, ACTIVITY_FILE, activity_cols, err);
			if (rc == WMSJ_OK)
				rc = apps_from_ledger(&t, &acts, dir, NULL, err);
			table_release(&acts);
		}
		if (rc == WMSJ_OK) {
			struct sb sb;

			sb_init(&sb);
			table_serialize(&t, t.rows, t.n, &sb);
			char maxdate[11];

			hist_reg_maxdate(&h, hr, maxdate);
			rc = hist_view_write(dir, file, NULL, &sb, 0, h.last_seq, h.last_hash, maxdate,
					     NULL, err);
			sb_release(&sb);
		}
		table_release(&t);
	}
	hist_release(&h);
	return rc;
}
