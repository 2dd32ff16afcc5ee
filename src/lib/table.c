/* Small whole-file registers: see table.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "csvin.h"
#include "history.h"
#include "fsio.h"
#include "i18n.h"
#include "table.h"
#include "util.h"
#include "validate.h"

const char *const activity_cols[] = {
	"id", "station", "date", "platform", "title", "points", "hours", "place", "target",
	"content", "organizer", "responsible", "created", "status", "reason", "changes", NULL
};

const char *const activity_platforms[5][2] = {
	{"理论宣讲", "theory"}, {"教育体育", "education"}, {"文化文艺", "culture"},
	{"科技与科普", "science"}, {"卫生健康", "health"}
};

const char *const apply_cols[] = {
	"id", "activity", "volunteer", "status", "reason", "created", "decided", "txn", NULL
};

static enum hist_reg
file_reg(const char *file)
{
	if (strcmp(file, ACTIVITY_FILE) == 0)
		return HR_ACTIVITY;
	if (strcmp(file, APPLY_FILE) == 0)
		return HR_APPLICATION;
	return HR_NONE;
}

static void
init_table(struct table *t, const char *dir, const char *file, const char *const *cols)
{
	memset(t, 0, sizeof *t);
	t->dir = xstrdup(dir);
	t->file = file;
	t->cols = cols;
	while (cols[t->ncols] != NULL)
		t->ncols++;
	t->reg = file_reg(file);
}

/* The rows of DIR/file as the file has them. */
static int
load_file(struct table *t, char *buf, size_t len, struct wmsj_err *err)
{
	struct csv_table ct;
	int *idx, rc, absent = 0;

	if (buf != NULL)
		rc = csv_table_parse_owned(&ct, t->dir, t->file, buf, len, err);
	else
		rc = csv_table_read_in(&ct, t->dir, t->file, &absent, err);
	if (rc != WMSJ_OK || absent) {
		csv_table_release(&ct);
		return rc;
	}
	t->view_exists = 1;
	idx = xcalloc(t->ncols, sizeof *idx);
	for (size_t c = 0; c < t->ncols; c++) {
		idx[c] = csv_table_col(&ct, t->cols[c]);
		/* a menu written before cancel/correct existed has none of these */
		if (idx[c] < 0 && !(t->cols == activity_cols && c >= AC_STATUS)) {
			rc = wmsj_err_set(err, WMSJ_BADDATA, _("%s:1: missing column '%s'"), t->file,
					  t->cols[c]);
			goto out;
		}
	}
	for (size_t i = 0; i < ct.nrows; i++) {
		const char **vals = xcalloc(t->ncols, sizeof *vals);
		size_t r;

		for (size_t c = 0; c < t->ncols; c++)
			vals[c] = csv_get(&ct.rows[i], idx[c]);
		r = table_add(t, vals);
		t->lines[r] = ct.rows[i].line;
		free(vals);
	}
out:
	free(idx);
	csv_table_release(&ct);
	return rc;
}

void
table_from_history(struct table *t, const struct history *h, const char *as_of, uint64_t max_seq)
{
	struct strmap pos;
	const char **vals = xcalloc(t->ncols, sizeof *vals);

	strmap_init(&pos);
	for (size_t i = 0; i < h->n; i++) {
		const struct hist_event *e = &h->ev[i];
		size_t *slot;
		int isnew;

		if ((int)e->reg != t->reg || !hist_event_counts(e, as_of, max_seq))
			continue;
		slot = strmap_ref(&pos, e->id, strlen(e->id), &isnew);
		if (isnew) {
			for (size_t c = 0; c < t->ncols; c++)
				vals[c] = "";
			vals[0] = e->id;
			*slot = table_add(t, vals);
			t->lines[*slot] = *slot + 2;
		}
		for (size_t k = 0; k < e->nkv; k++) {
			int c = table_col(t, e->kv[2 * k]);
			if (c > 0)
				table_set(t, *slot, c, e->kv[2 * k + 1]);
		}
	}
	strmap_release(&pos);
	free(vals);
	/* The line of each row in the file as written (a value may hold a
	 * line break). */
	{
		size_t line = 2;
		for (size_t i = 0; i < t->n; i++) {
			t->lines[i] = line++;
			for (size_t c = 0; c < t->ncols; c++)
				for (const char *p = t->rows[i][c]; (p = strchr(p, '\n')) != NULL; p++)
					line++;
		}
	}
}

static void
keep_orig(struct table *t)
{
	t->norig = t->n;
	t->orig = xcalloc(t->n + 1, sizeof *t->orig);
	for (size_t i = 0; i < t->n; i++) {
		t->orig[i] = xcalloc(t->ncols, sizeof **t->orig);
		for (size_t c = 0; c < t->ncols; c++)
			t->orig[i][c] = xstrdup(t->rows[i][c]);
	}
}

int
table_load_asof(struct table *t, const char *dir, const char *file, const char *const *cols,
		const char *as_of, uint64_t max_seq, struct wmsj_err *err)
{
	struct history h;
	int rc;

	init_table(t, dir, file, cols);
	/* The activities' view, when its stamp says it is exactly the
	 * history's register (history.h, hist_view_fresh): the same rows,
	 * without reading the history.  (The applications' view also carries
	 * the ledger's approvals: it is never the history's register.) */
	if (t->reg == HR_ACTIVITY) {
		char *buf;
		size_t len;

		if (hist_view_fresh(dir, (enum hist_reg)t->reg, as_of, max_seq, NULL, &buf, &len)) {
			rc = load_file(t, buf, len, err);
			if (rc == WMSJ_OK)
				keep_orig(t);
			return rc;
		}
	}
	/* a plain table (t->reg HR_NONE) has no history, nor a register whose
	 * stamp says it has no event yet (history.h): read from its file */
	if (t->reg != HR_NONE && !hist_reg_empty(dir, (enum hist_reg)t->reg))
		rc = hist_load_table(&h, dir, (enum hist_reg)t->reg, err);
	else
		rc = (memset(&h, 0, sizeof h), WMSJ_OK);
	if (rc == WMSJ_OK && t->reg != HR_NONE && h.count[t->reg] > 0) {
		rc = hist_view_check(dir, file, err);
		if (rc == WMSJ_OK)
			table_from_history(t, &h, as_of, max_seq);
	}
	else if (rc == WMSJ_OK) {
		t->legacy = 1;
		rc = load_file(t, NULL, 0, err);
	}
	hist_release(&h);
	if (rc == WMSJ_OK)
		keep_orig(t);
	return rc;
}

int
table_load(struct table *t, const char *dir, const char *file, const char *const *cols,
	   struct wmsj_err *err)
{
	return table_load_asof(t, dir, file, cols, NULL, 0, err);
}

int
table_load_view(struct table *t, const char *dir, const char *file, const char *const *cols,
		struct wmsj_err *err)
{
	init_table(t, dir, file, cols);
	return load_file(t, NULL, 0, err);
}

void
table_serialize(const struct table *t, char ***rows, size_t n, struct sb *sb)
{
	for (size_t c = 0; c < t->ncols; c++) {
		if (c > 0)
			sb_addc(sb, ',');
		sb_adds(sb, t->cols[c]);
	}
	sb_addc(sb, '\n');
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c > 0)
				sb_addc(sb, ',');
			csv_sb_field(sb, rows[i][c]);
		}
		sb_addc(sb, '\n');
	}
}

/* An application's status, decided and txn once approved are the ledger's
 * (apps.h): never events of the history. */
static int
ledger_owned(const struct table *t, size_t row, size_t c)
{
	return t->reg == HR_APPLICATION && strcmp(t->rows[row][AP_STATUS], "approved") == 0 &&
	       (c == AP_STATUS || c == AP_DECIDED || c == AP_TXN);
}

/* The date a row's event takes effect: the command's, else today. */
static const char *
row_date(const struct table *t, char out[11])
{
	snprintf(out, 11, "%s", t->event_date != NULL ? t->event_date : wmsj_today());
	return out;
}

static int
diff_events(const struct table *t, struct hist_batch *b, struct wmsj_err *err)
{
	const char **kv = xcalloc(2 * t->ncols, sizeof *kv);
	char date[11];
	int rc = WMSJ_OK;

	if (t->legacy)
		for (size_t i = 0; i < t->norig && rc == WMSJ_OK; i++) {
			size_t n = 0;
			const char *created = t->orig[i][t->reg == HR_ACTIVITY ? AC_CREATED : AP_CREATED];
			int y, m, d;

			for (size_t c = 1; c < t->ncols; c++) {
				kv[2 * n] = t->cols[c];
				kv[2 * n++ + 1] = t->orig[i][c];
			}
			snprintf(date, sizeof date, "%.10s", created);
			if (wmsj_date_parse(date, &y, &m, &d) != 0)
				row_date(t, date);
			rc = hist_batch_add(b, date, t->reg, t->orig[i][0], "adopt", kv, n, err);
		}
	for (size_t i = 0; i < t->n && rc == WMSJ_OK; i++) {
		size_t n = 0;

		for (size_t c = 1; c < t->ncols; c++) {
			if (i < t->norig && (strcmp(t->orig[i][c], t->rows[i][c]) == 0 ||
					     ledger_owned(t, i, c)))
				continue;
			if (i >= t->norig && ledger_owned(t, i, c))
				continue;
			kv[2 * n] = t->cols[c];
			kv[2 * n++ + 1] = t->rows[i][c];
		}
		if (n == 0 && i < t->norig)
			continue;
		rc = hist_batch_add(b, row_date(t, date), t->reg, t->rows[i][0],
				    t->action != NULL ? t->action : "update", kv, n, err);
	}
	free(kv);
	return rc;
}

int
table_save_view(const struct table *t, struct wmsj_err *err)
{
	struct sb after;
	int rc;

	sb_init(&after);
	table_serialize(t, t->rows, t->n, &after);
	rc = fsio_rewrite(t->dir, t->file, after.buf, after.len, err);
	sb_release(&after);
	return rc;
}

int
table_save(const struct table *t, struct wmsj_err *err)
{
	struct history h;
	struct hist_batch b;
	struct sb after;
	int rc;

	if (t->reg == HR_NONE)
		return table_save_view(t, err);
	/* the head is enough: a table's events are its own diff */
	rc = hist_head_for_write(&h, t->dir, err);
	if (rc != WMSJ_OK) {
		hist_release(&h);
		return rc;
	}
	hist_batch_init(&b, &h);
	hist_release(&h);
	rc = diff_events(t, &b, err);
	if (rc == WMSJ_OK)
		rc = hist_batch_commit(&b, t->dir, err);
	if (rc != WMSJ_OK) {
		hist_batch_release(&b);
		return rc;
	}
	sb_init(&after);
	table_serialize(t, t->rows, t->n, &after);
	/* No hand-edit check here: an application's view also carries the
	 * ledger's approvals, which the history does not hold. */
	rc = hist_view_write(t->dir, t->file, NULL, &after, t->legacy, b.next_seq - 1, b.last_hash,
			     t->reg < HR_NONE ? b.maxdate[t->reg] : NULL, &b, err);
	hist_batch_release(&b);
	sb_release(&after);
	return rc;
}

void
table_release(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[i][c]);
		free(t->rows[i]);
	}
	free(t->rows);
	for (size_t i = 0; i < t->norig; i++) {
		for (size_t c = 0; c < t->ncols; c++)
			free(t->orig[i][c]);
		free(t->orig[i]);
	}
	free(t->orig);
	free(t->lines);
	free(t->dir);
	memset(t, 0, sizeof *t);
}

int
table_col(const struct table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c], name) == 0)
			return (int)c;
	return -1;
}

long
table_find(const struct table *t, int col, const char *val)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i][col], val) == 0)
			return (long)i;
	return -1;
}

size_t
table_add(struct table *t, const char *const *vals)
{
	size_t cap = t->cap;

	t->rows = xgrow(t->rows, &t->cap, t->n + 1, sizeof *t->rows);
	t->lines = xgrow(t->lines, &cap, t->n + 1, sizeof *t->lines);
	t->rows[t->n] = xcalloc(t->ncols, sizeof **t->rows);
	for (size_t c = 0; c < t->ncols; c++)
		t->rows[t->n][c] = xstrdup(vals[c] != NULL ? vals[c] : "");
	t->lines[t->n] = 0;
	return t->n++;
}

void
table_set(struct table *t, size_t row, int col, const char *val)
{
	free(t->rows[row][col]);
	t->rows[row][col] = xstrdup(val);
}
