/* wmsj-points award, and the applications: apply, pending, approve, reject. */
#include <stdlib.h>
#include <string.h>

#include "apps.h"
#include "bank.h"
#include "cli.h"
#include "csvin.h"
#include "i18n.h"
#include "out.h"
#include "store.h"
#include "table.h"
#include "util.h"
#include "volunteer.h"
#include "wmsj-points.h"

int
cmd_award(struct opts *o)
{
	struct store s;
	struct bank_award a;
	struct bank_award_reqs q;
	struct bank_entries b;
	struct wmsj_errlist bad;
	struct wmsj_err err;
	size_t refused = 0;
	int rc;

	if (o->activity == NULL)
		return cli_usage_error(_("award needs --activity ACT"));
	if ((rc = need_text("--certifier", o->certifier)) != WMSJ_OK ||
	    (rc = need_text("--supervisor", o->supervisor)) != WMSJ_OK)
		return rc;
	if (o->nargs == 0)
		return cli_usage_error(_("award needs volunteers: ids, card numbers, or - for a CSV on standard input"));
	memset(&q, 0, sizeof q); /* released at out: also when the store fails */
	if ((rc = open_store_for(&s, o, (const char *const *)o->args, o->nargs)) != WMSJ_OK)
		goto out;
	/* the keys from the command line, or a CSV on stdin (bank.h) */
	if (bank_award_reqs(&q, o->args, o->nargs, o->c.enc, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	memset(&a, 0, sizeof a);
	a.activity = o->activity;
	a.points = o->points;
	a.hours = o->hours;
	a.certifier = o->certifier;
	a.supervisor = o->supervisor;
	a.reqs = q.r;
	a.n = q.n;
	bank_entries_init(&b);
	wmsj_errlist_init(&bad);
	rc = bank_award(&s, &a, &b, &bad, &refused);
	if (rc != WMSJ_OK && refused > 0) {
		rc = report(&bad);
		cli_warn(_("%zu of %zu refused; nothing recorded"), refused, q.n);
		bank_entries_release(&b);
		wmsj_errlist_release(&bad);
	} else {
		rc = finish(&s, o, rc, &b, &bad);
	}
out:
	bank_award_reqs_release(&q);
	store_close(&s);
	return rc;
}

/* ---- applications ---------------------------------------------------------- */

static const char *const app_out_cols[] = {
	"id", "activity", "title", "date", "volunteer", "name", "status", "reason", "created", "txn"
};

static void
print_app(struct out *o, const struct table *apps, size_t i, const struct table *acts,
	  const struct vregister *reg)
{
	long ai = table_find(acts, AC_ID, apps->rows[i][AP_ACTIVITY]);
	const struct volunteer *v = vreg_find(reg, apps->rows[i][AP_VOLUNTEER]);
	const char *vals[10] = {
		apps->rows[i][AP_ID], apps->rows[i][AP_ACTIVITY], ai >= 0 ? acts->rows[ai][AC_TITLE] : "",
		ai >= 0 ? acts->rows[ai][AC_DATE] : "", apps->rows[i][AP_VOLUNTEER],
		v != NULL ? v->name : "", apps->rows[i][AP_STATUS], apps->rows[i][AP_REASON],
		apps->rows[i][AP_CREATED], apps->rows[i][AP_TXN]
	};
	out_row(o, vals);
}

/* apply and reject change the applications' register (the commit point),
 * then show the row. */
static int
apps_change(const struct opts *o, struct store *s, struct bank_apps *ba, int apply)
{
	struct wmsj_errlist bad;
	struct wmsj_err err;
	struct out out;
	size_t row = 0;
	int rc;

	wmsj_errlist_init(&bad);
	if (apply)
		rc = bank_apply(s, ba, o->activity, o->args[0], &row, &bad);
	else
		rc = bank_reject(ba, o->args[0], o->reason, &row, &bad);
	if (rc != WMSJ_OK)
		rc = report(&bad);
	else if (table_save(&ba->apps, &err) != WMSJ_OK)
		rc = cli_report(&err);
	else {
		out_init(&out, o->c.fmt, o->c.bom, app_out_cols, 10);
		print_app(&out, &ba->apps, row, &ba->acts, &s->reg);
		rc = cli_out_finish(&out);
	}
	wmsj_errlist_release(&bad);
	return rc;
}

/* approve: all or nothing over every application, one ledger append. */
static int
apps_approve(const struct opts *o, struct store *s, struct bank_apps *ba)
{
	struct wmsj_errlist bad;
	struct bank_entries b;
	struct wmsj_err err;
	int rc;

	wmsj_errlist_init(&bad);
	bank_entries_init(&b);
	rc = bank_approve(s, ba, o->args, o->nargs, o->points, o->hours, o->certifier,
			  o->supervisor, &b, &bad);
	if (rc != WMSJ_OK) {
		if ((rc = report(&bad)) == WMSJ_REFUSED)
			cli_warn(_("nothing approved"));
	} else if ((rc = commit_entries(s, &b)) == WMSJ_OK) {
		/* the commit point: the awards name their applications; the
		 * register's copy of the status is a view of the ledger */
		bank_approved(ba, o->args, o->nargs, &b);
		if (table_save_view(&ba->apps, &err) != WMSJ_OK)
			cli_warn(_("the approval is recorded, but '%s' could not be updated (%s); "
				   "the ledger's award row decides the status"), APPLY_FILE, err.msg);
		rc = print_entries(o, &b);
	}
	bank_entries_release(&b);
	wmsj_errlist_release(&bad);
	return rc;
}

int
cmd_apps(struct opts *o, const char *cmd)
{
	struct store s;
	struct bank_apps ba;
	struct wmsj_err err;
	struct out out;
	int write = strcmp(cmd, "pending") != 0, rc;

	memset(&ba, 0, sizeof ba);
	if (strcmp(cmd, "apply") == 0 && (o->activity == NULL || o->nargs != 1))
		return cli_usage_error(_("apply needs --activity ACT and one KEY"));
	if (strcmp(cmd, "approve") == 0) {
		if ((rc = need_text("--certifier", o->certifier)) != WMSJ_OK ||
		    (rc = need_text("--supervisor", o->supervisor)) != WMSJ_OK)
			return rc;
		if (o->nargs == 0)
			return cli_usage_error(_("approve needs application ids"));
	}
	if (strcmp(cmd, "reject") == 0) {
		if (o->nargs != 1)
			return cli_usage_error(_("reject needs one application id"));
		if ((rc = need_text("--reason", o->reason)) != WMSJ_OK)
			return rc;
	}
	/* apply is about one volunteer: their record alone will do */
	if ((rc = strcmp(cmd, "apply") == 0
		  ? open_store_for(&s, o, (const char *const *)o->args, o->nargs)
		  : open_store(&s, o, write)) != WMSJ_OK)
		goto out;
	if (bank_apps_load(&s, &ba, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if (strcmp(cmd, "pending") == 0) {
		out_init(&out, o->c.fmt, o->c.bom, app_out_cols, 10);
		for (size_t i = 0; i < ba.apps.n; i++)
			if (strcmp(ba.apps.rows[i][AP_STATUS], "pending") == 0)
				print_app(&out, &ba.apps, i, &ba.acts, &s.reg);
		rc = cli_out_finish(&out);
	} else if (strcmp(cmd, "approve") == 0) {
		rc = apps_approve(o, &s, &ba);
	} else {
		rc = apps_change(o, &s, &ba, strcmp(cmd, "apply") == 0);
	}
out:
	bank_apps_release(&ba);
	store_close(&s);
	return rc;
}
