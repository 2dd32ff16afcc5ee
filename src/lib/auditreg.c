/* auditreg: the registers, as wmsj-audit checks them (auditreg.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "auditreg.h"
#include "vindex.h"
#include "i18n.h"
#include "ledger.h"
#include "seal.h"
#include "table.h"
#include "validate.h"
#include "views.h"

void
audit_register(struct audit_ctx *c)
{
	const struct vregister *r = c->reg;

	for (size_t i = 0; i < r->n; i++) {
		const struct volunteer *v = &r->v[i];
		char where[64], norm[19];
		struct wmsj_err err;

		snprintf(where, sizeof where, "%s:%zu", VREG_FILE, v->line);
		if (wmsj_idnum_check(v->id_number, norm, NULL, &err) != WMSJ_OK)
			audit_add(c, "error", "register", where, v->station, v->id, NULL, "%s: %s", v->id,
				  err.msg);
		if (config_station(c->cfg, v->station) == NULL)
			audit_add(c, "error", "register", where, v->station, v->id, NULL,
				  _("volunteer '%s' belongs to unknown station '%s'"), v->id, v->station);
		if (wmsj_phone_check(v->phone, norm, &err) != WMSJ_OK)
			audit_add(c, "warning", "register", where, v->station, v->id, NULL, "%s: %s",
				  v->id, err.msg);
	}
	/* The register's index (vindex.h): derived, checked before use; one
	 * bound to today's view that is not its index was made by something
	 * else (a stale one is no finding: never used, written again). */
	switch (vindex_check(c->dir)) {
	case VIX_CHECK_DIFFERS:
		audit_add(c, "error", "index", VINDEX_FILE, NULL, NULL, NULL,
			  _("%s is not the index of volunteers.csv: it was not written by the tools; "
			    "delete it, the next command writes it again"), VINDEX_FILE);
		break;
	default:
		break;
	}
}

static void
view_finding(void *arg, const char *sev, const char *file, size_t line, const char *id,
	     const char *msg)
{
	struct audit_ctx *c = arg;
	char where[4200];

	if (line > 0)
		snprintf(where, sizeof where, "%s:%zu", file, line);
	else
		snprintf(where, sizeof where, "%s", file);
	audit_add(c, sev, strcmp(file, HIST_FILE) == 0 ? "history" : "register-view", where, NULL,
		  id, NULL, "%s", msg);
}

void
audit_history_load(struct audit_ctx *c)
{
	struct wmsj_err e2;

	if (c->hist_ok)
		hist_release(&c->hist);
	c->hist_ok = hist_load_regs(&c->hist, c->dir, 0, 0, &e2) == WMSJ_OK;
}

int
audit_history(struct audit_ctx *c, struct wmsj_err *err)
{
	if (views_check(c->dir, view_finding, c, err) != WMSJ_OK)
		return err->status;
	/* For the close rows, which seal the history's head. */
	if (!c->hist_ok)
		audit_history_load(c);
	/* The history's index (hist_index.c): bound to this history and not
	 * its lists, it was made by something else; a stale one is never used. */
	if (c->hist_ok && hist_index_check(c->dir, &c->hist) == HIDX_CHECK_DIFFERS)
		audit_add(c, "error", "index", ".history.idx", NULL, NULL, NULL,
			  _("%s is not the index of history.csv: it was not written by the tools; "
			    "delete it, the next command writes it again"), ".history.idx");
	return WMSJ_OK;
}

void
audit_missing_ledger(struct audit_ctx *c)
{
	struct table acts;
	struct wmsj_err err;
	char **months = NULL, ndir[4096];
	size_t nmonths = 0, nacts = 0, nnotices = 0;
	DIR *dp;
	struct dirent *de;

	if (table_load(&acts, c->dir, ACTIVITY_FILE, activity_cols, &err) == WMSJ_OK)
		nacts = acts.n;
	table_release(&acts);
	if (seal_list(c->dir, &months, &nmonths, &err) == WMSJ_OK) {
		for (size_t i = 0; i < nmonths; i++)
			free(months[i]);
		free(months);
	}
	if (audit_notices_dir(c, ndir, sizeof ndir, 0) == 0 && (dp = opendir(ndir)) != NULL) {
		while ((de = readdir(dp)) != NULL)
			nnotices += de->d_name[0] != '.';
		closedir(dp);
	}
	/* Volunteers alone are no sign: registering them (wmsj-volunteer)
	 * writes no ledger; publishing an activity, sealing a month or a
	 * notice come from one. */
	if (nacts > 0 || nmonths > 0 || nnotices > 0)
		audit_add(c, "error", "history", LEDGER_FILE, NULL, NULL, NULL,
			  _("the ledger is missing, but there are %zu volunteers, %zu activities, %zu sealed months and %zu published notices"),
			  c->reg->n, nacts, nmonths, nnotices);
}
