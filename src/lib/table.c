/* Small whole-file registers: see table.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "fsio.h"
#include "i18n.h"
#include "table.h"
#include "util.h"

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

int
table_load(struct table *t, const char *dir, const char *file, const char *const *cols,
	   struct wmsj_err *err)
{
	struct csv_table ct;
	int *idx, rc, absent;

	memset(t, 0, sizeof *t);
	t->dir = xstrdup(dir);
	t->file = file;
	t->cols = cols;
	while (cols[t->ncols] != NULL)
		t->ncols++;
	rc = csv_table_read_in(&ct, dir, file, &absent, err);
	if (rc != WMSJ_OK || absent) {
		csv_table_release(&ct);
		return rc;
	}
	idx = xcalloc(t->ncols, sizeof *idx);
	for (size_t c = 0; c < t->ncols; c++) {
		idx[c] = csv_table_col(&ct, cols[c]);
		/* a menu written before cancel/correct existed has none of these */
		if (idx[c] < 0 && !(cols == activity_cols && c >= AC_STATUS)) {
			rc = wmsj_err_set(err, WMSJ_BADDATA, _("%s:1: missing column '%s'"), file, cols[c]);
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

int
table_save(const struct table *t, struct wmsj_err *err)
{
	struct sb sb;
	int rc;

	sb_init(&sb);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c > 0)
			sb_addc(&sb, ',');
		sb_adds(&sb, t->cols[c]);
	}
	sb_addc(&sb, '\n');
	for (size_t i = 0; i < t->n; i++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c > 0)
				sb_addc(&sb, ',');
			csv_sb_field(&sb, t->rows[i][c]);
		}
		sb_addc(&sb, '\n');
	}
	rc = fsio_rewrite(t->dir, t->file, sb.buf, sb.len, err);
	sb_release(&sb);
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
