/* Small registers kept whole in memory and rewritten atomically: the activity
 * menu (activities.csv) and the applications (applications.csv).
 *
 * A struct table holds rows of strings under a fixed list of columns.  Loading
 * reads the columns by header name (extra columns in the file are dropped, a
 * missing one is BADDATA naming file:1); a missing file is an empty table.
 * Saving rewrites DIR/FILE with fsio_rewrite (caller holds the lock). */
#ifndef WMSJ_TABLE_H
#define WMSJ_TABLE_H

#include <stddef.h>
#include "err.h"

struct table {
	char *dir;
	const char *file;           /* e.g. "activities.csv" (static string) */
	const char *const *cols;    /* NULL-terminated, static */
	size_t ncols;
	char ***rows;               /* rows[i][c], owned */
	size_t *lines;              /* line of each row in the file (0 = new) */
	size_t n, cap;
};

int table_load(struct table *t, const char *dir, const char *file, const char *const *cols,
	       struct wmsj_err *err);
int table_save(const struct table *t, struct wmsj_err *err);
void table_release(struct table *t);
/* Column index by name; -1 if not one of t->cols. */
int table_col(const struct table *t, const char *name);
/* Row whose column col equals val, or -1. */
long table_find(const struct table *t, int col, const char *val);
/* Append a row (values copied; NULL = ""); returns its index. */
size_t table_add(struct table *t, const char *const *vals);
/* Replace one cell. */
void table_set(struct table *t, size_t row, int col, const char *val);

/* The activity menu: columns of activities.csv. */
#define ACTIVITY_FILE "activities.csv"
extern const char *const activity_cols[];
enum { AC_ID, AC_STATION, AC_DATE, AC_PLATFORM, AC_TITLE, AC_POINTS, AC_HOURS, AC_PLACE,
       AC_TARGET, AC_CONTENT, AC_ORGANIZER, AC_RESPONSIBLE, AC_CREATED,
       /* optional (a missing column reads as empty): activity.h */
       AC_STATUS,     /* "" or "cancelled" */
       AC_REASON,     /* why it was cancelled */
       AC_CHANGES     /* corrections: "NOW FIELD OLD -> NEW", joined by "; " */
};
/* The five practice platforms (Chinese names) and their English keys. */
extern const char *const activity_platforms[5][2];

/* Applications for points: columns of applications.csv. */
#define APPLY_FILE "applications.csv"
extern const char *const apply_cols[];
enum { AP_ID, AP_ACTIVITY, AP_VOLUNTEER, AP_STATUS, AP_REASON, AP_CREATED, AP_DECIDED, AP_TXN };

#endif
