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
#include <stdint.h>
#include "err.h"

struct table {
	char *dir;
	const char *file;           /* e.g. "activities.csv" (static string) */
	const char *const *cols;    /* NULL-terminated, static */
	size_t ncols;
	char ***rows;               /* rows[i][c], owned */
	size_t *lines;              /* line of each row in the file (0 = new) */
	size_t n, cap;
	/* The register's history (history.h): the rows as loaded, whether they
	 * were read from the file (no history of this register yet), and what
	 * the command sets before table_save (action; date, NULL = today). */
	int reg;                    /* enum hist_reg; HR_NONE (3) for other tables */
	char ***orig;
	size_t norig;
	int legacy, view_exists;
	const char *action, *event_date;
};

/* activities.csv and applications.csv are views of the register history
 * (history.h): table_load reads the history (or, for a register older than
 * its history, the file), table_save records every row added or changed
 * since the load as events in one append — the commit point — then rewrites
 * the file.  table_save_view only rewrites the file (approve: the ledger's
 * award row is the change, apps.h).  Other files are plain tables. */
int table_load(struct table *t, const char *dir, const char *file, const char *const *cols,
	       struct wmsj_err *err);
/* As of a date (NULL = all) as the history stood at event max_seq (0 = all). */
int table_load_asof(struct table *t, const char *dir, const char *file, const char *const *cols,
		    const char *as_of, uint64_t max_seq, struct wmsj_err *err);
/* The file as it is (wmsj-audit compares it with the history). */
int table_load_view(struct table *t, const char *dir, const char *file, const char *const *cols,
		    struct wmsj_err *err);
struct history;
struct sb;
void table_from_history(struct table *t, const struct history *h, const char *as_of,
			uint64_t max_seq);
void table_serialize(const struct table *t, char ***rows, size_t n, struct sb *sb);
int table_save(const struct table *t, struct wmsj_err *err);
int table_save_view(const struct table *t, struct wmsj_err *err);
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
