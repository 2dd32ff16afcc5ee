/* An application's decision, as the ledger records it: see apps.h. */
#include <stdlib.h>
#include <string.h>

#include "apps.h"
#include "ledger.h"
#include "ledger_index.h"
#include "util.h"

struct overlay {
	struct table *apps;
	struct strmap pending;    /* application id -> row */
	size_t changed;
};

static int
award_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct overlay *o = arg;
	size_t i;

	(void)err;
	if (row->kind != LK_AWARD || row->ref[0] == '\0' ||
	    !strmap_get(&o->pending, row->ref, strlen(row->ref), &i))
		return WMSJ_OK;
	if (strcmp(o->apps->rows[i][AP_VOLUNTEER], row->volunteer) != 0 ||
	    strcmp(o->apps->rows[i][AP_ACTIVITY], row->activity) != 0)
		return WMSJ_OK;   /* not this application's award */
	if (strcmp(o->apps->rows[i][AP_STATUS], "pending") == 0)
		o->changed++;
	table_set(o->apps, i, AP_STATUS, "approved");
	table_set(o->apps, i, AP_REASON, "");
	table_set(o->apps, i, AP_DECIDED, row->recorded);
	table_set(o->apps, i, AP_TXN, row->txn);
	return WMSJ_OK;
}

int
apps_from_ledger(struct table *apps, const struct table *acts, const char *dir, size_t *changed,
		 struct wmsj_err *err)
{
	struct overlay o;
	struct ledger_state st;
	struct ledger_state_opts lo;
	const char *from = NULL;
	int rc = WMSJ_OK;

	memset(&o, 0, sizeof o);
	o.apps = apps;
	strmap_init(&o.pending);
	for (size_t i = 0; i < apps->n; i++) {
		long a;

		if (strcmp(apps->rows[i][AP_STATUS], "pending") != 0)
			continue;
		if ((a = table_find(acts, AC_ID, apps->rows[i][AP_ACTIVITY])) < 0)
			continue;   /* no activity: nothing can have awarded it */
		strmap_put(&o.pending, apps->rows[i][AP_ID], strlen(apps->rows[i][AP_ID]), i);
		if (from == NULL || strcmp(acts->rows[a][AC_DATE], from) < 0)
			from = acts->rows[a][AC_DATE];
	}
	if (from != NULL) {
		memset(&lo, 0, sizeof lo);
		const char **ids = xcalloc(LEDGER_FOR_MAX + 1, sizeof *ids);
		struct strmap seen;
		size_t n = 0;

		lo.cb = award_cb;
		lo.cb_arg = &o;
		lo.cb_from = from;
		/* An approval is the award row whose ref is the application:
		 * the ledger's index lists those rows by application
		 * (LEDGER_APP_KEY), so only the pending applications' own
		 * decisions are read when they are not too many. */
		struct arena keys;

		arena_init(&keys);
		strmap_init(&seen);
		for (size_t i = 0; i < apps->n && n <= LEDGER_FOR_MAX; i++) {
			const char *id = apps->rows[i][AP_ID];
			char *k;

			if (strlen(id) + 2 > 31)
				n = LEDGER_FOR_MAX + 1;   /* not indexed: the whole ledger */
			if (!strmap_get(&o.pending, id, strlen(id), NULL) ||
			    strmap_get(&seen, id, strlen(id), NULL))
				continue;
			strmap_put(&seen, id, strlen(id), 1);
			k = arena_alloc(&keys, strlen(id) + 2);
			k[0] = LEDGER_APP_KEY;
			memcpy(k + 1, id, strlen(id) + 1);
			if (n < LEDGER_FOR_MAX)
				ids[n] = k;
			n++;
		}
		strmap_release(&seen);
		ledger_state_init(&st);
		if (n > 0 && n <= LEDGER_FOR_MAX)
			rc = ledger_state_load_for(&st, dir, ids, n, &lo, 0, err);
		else
			rc = ledger_state_load(&st, dir, &lo, err);
		ledger_state_release(&st);
		arena_release(&keys);
		free(ids);
	}
	strmap_release(&o.pending);
	if (changed != NULL)
		*changed = o.changed;
	return rc;
}
