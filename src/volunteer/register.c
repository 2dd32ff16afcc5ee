/* wmsj-volunteer init, add and import: volunteers registered. */
#include <string.h>

#include "cli.h"
#include "csvin.h"
#include "i18n.h"
#include "importmap.h"
#include "out.h"
#include "roster.h"
#include "store.h"
#include "util.h"
#include "validate.h"
#include "xlsx.h"
#include "wmsj-volunteer.h"

int
cmd_init(struct opts *o)
{
	struct wmsj_err err;

	if (store_init(o->c.data, o->c.wait, &err) != WMSJ_OK)
		return cli_report(&err);
	cli_warn(_("created a data directory in '%s': edit wmsj.yaml for your stations and goods"),
		 o->c.data);
	return WMSJ_OK;
}

int
cmd_add(struct opts *o)
{
	struct store s;
	struct wmsj_err err;
	struct roster_fields f;
	struct out out;
	const char *date = o->date != NULL ? o->date : wmsj_today();
	int rc;

	if (o->name == NULL || o->station == NULL)
		return cli_usage_error(_("add needs --name, --id-number, --phone and --station"));
	/* Out of argv (ps shows it to every user): "-" reads standard input,
	 * and on a terminal the tool asks.  Before the lock: a person types. */
	if (cli_private_value(&o->idnum, "--id-number", _("ID number"), _("ID number: "),
			      o->idbuf, sizeof o->idbuf) != 0 ||
	    cli_private_value(&o->phone, "--phone", _("phone"), _("phone: "), o->phonebuf,
			      sizeof o->phonebuf) != 0)
		return WMSJ_USAGE;
	if (o->idnum == NULL || o->phone == NULL)
		return cli_usage_error(_("add needs --name, --id-number, --phone and --station"));
	if (wmsj_date_parse(date, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), date);
	if ((rc = open_reg(&s, o, STORE_REGISTER, NULL)) != WMSJ_OK || (rc = learn_ledger(&s)) != WMSJ_OK)
		goto out;
	f.name = o->name;
	f.idnum = o->idnum;
	f.phone = o->phone;
	f.station = o->station;
	f.tags = o->tags;
	f.platform = o->platform;
	if (roster_add(&s.reg, &s.cfg, &f, date, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = save(&s, o)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	print_one(&out, &s.cfg, &s.reg.v[s.reg.n - 1], o->reveal);
	rc = cli_out_finish(&out);
out:
	store_close(&s);
	return rc;
}

/* The sheet of an import (its own header names, 姓名, ID Number ..., a
 * title row above them, the blank rows a spreadsheet leaves at the end:
 * importmap.h), read and mapped; on failure printed and released. */
static int
read_sheet(struct opts *o, struct csv_table *t, struct import_map *m)
{
	struct wmsj_err err;
	struct progress pg;
	int rc;

	progress_init(&pg, o->args[0]);
	rc = sheet_table_read(t, o->args[0], o->c.enc, progress_cb, &pg, &err);
	progress_done(&pg);
	if (rc == WMSJ_OK)
		rc = import_map_table(m, t, strcmp(o->args[0], "-") == 0 ? "<stdin>" : o->args[0],
				      &err);
	if (rc != WMSJ_OK) {
		csv_table_release(t);
		return cli_report(&err);
	}
	return WMSJ_OK;
}

int
cmd_import(struct opts *o)
{
	struct store s;
	struct csv_table t;
	struct import_map m;
	struct wmsj_err err;
	struct wmsj_errlist bad;
	struct out out;
	size_t first_new, nrows;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("import needs one FILE (or - for standard input)"));
	if ((rc = open_reg(&s, o, o->dry_run ? STORE_READ : STORE_REGISTER, NULL)) != WMSJ_OK || (rc = learn_ledger(&s)) != WMSJ_OK ||
	    (rc = read_sheet(o, &t, &m)) != WMSJ_OK) {
		store_close(&s);
		return rc;
	}
	nrows = m.end - m.first;
	wmsj_errlist_init(&bad);
	first_new = s.reg.n;
	rc = roster_import(&s.reg, &s.cfg, &t, &m, o->args[0],
			   o->date != NULL ? o->date : wmsj_today(), &bad, &err);
	if (rc != WMSJ_OK) {
		cli_report(&err);       /* the generator failed, nothing is written */
	} else if (bad.n > 0) {
		cli_report_list(&bad);
		cli_warn(_("%zu of %zu rows refused; nothing imported"), bad.n, nrows);
		rc = WMSJ_REFUSED;
	} else if (o->dry_run) {
		cli_warn(_("%zu rows checked; all can be imported (dry run, nothing written)"), nrows);
	} else if ((rc = save(&s, o)) == WMSJ_OK) {
		out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
		for (size_t i = first_new; i < s.reg.n; i++)
			print_one(&out, &s.cfg, &s.reg.v[i], o->reveal);
		rc = cli_out_finish(&out);
		if (rc == WMSJ_OK)
			cli_warn(_("imported %zu volunteers"), s.reg.n - first_new);
	}
	wmsj_errlist_release(&bad);
	csv_table_release(&t);
	store_close(&s);
	return rc;
}
