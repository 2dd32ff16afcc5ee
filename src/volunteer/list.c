/* wmsj-volunteer list and card: the register read, listed or printed as
 * a sheet of points cards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "cli.h"
#include "config.h"
#include "figures.h"
#include "i18n.h"
#include "out.h"
#include "roster.h"
#include "store.h"
#include "util.h"
#include "validate.h"
#include "vfind.h"
#include "wmsj-volunteer.h"

int
cmd_list(struct opts *o)
{
	struct store s;
	struct out out;
	struct wmsj_err err;
	struct fig_clearings fc;
	struct roster_filter f;
	const char *date = o->date != NULL ? o->date : wmsj_today();
	char *pat = NULL;
	int rc;

	if (o->name != NULL && vfind_pattern(o->name, &pat, &err) != WMSJ_OK)
		return cli_usage_error("%s", err.msg);
	if (o->status != NULL && vstatus_parse(o->status) == VS_INVALID) {
		free(pat);
		return cli_usage_error(_("--status must be active, suspended or withdrawn, not '%s'"),
				       o->status);
	}
	if (o->date != NULL && !o->eligible) {
		free(pat);
		return cli_usage_error(_("list takes --date only with --eligible"));
	}
	if (o->eligible && wmsj_date_parse(date, NULL, NULL, NULL) != 0) {
		free(pat);
		return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), date);
	}
	if ((rc = open_reg(&s, o, STORE_READ, NULL)) != WMSJ_OK) {
		free(pat);
		store_close(&s);
		return rc;
	}
	if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
		cli_warn(_("unknown station '%s'"), o->station);
		free(pat);
		store_close(&s);
		return WMSJ_REFUSED;
	}
	/* --eligible: who may earn on the date (rules.h), so that the list
	 * piped to wmsj-points award holds nobody it would refuse for it. */
	if (o->eligible && fig_clearings_load(&fc, o->c.data, &err) != WMSJ_OK) {
		free(pat);
		fig_clearings_release(&fc);
		store_close(&s);
		return cli_report(&err);
	}
	f.pat = pat;
	f.station = o->station;
	f.status = o->status;
	f.tag = o->tag;
	f.date = date;
	f.fc = o->eligible ? &fc : NULL;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	for (size_t i = 0; i < s.reg.n; i++)
		if (roster_listed(&f, &s.reg.v[i]))
			print_one(&out, &s.cfg, &s.reg.v[i], o->reveal);
	free(pat);
	if (o->eligible)
		fig_clearings_release(&fc);
	rc = cli_out_finish(&out);
	store_close(&s);
	return rc;
}

/* The points cards of a station (or of the volunteers named) for an A4
 * sheet: card.h.  Read-only; the document goes to stdout. */
int
cmd_card(struct opts *o)
{
	struct store s;
	struct card_face *faces;
	const struct volunteer **who;
	struct wmsj_err err;
	struct sb sb;
	size_t n = 0;
	int rc;

	if (o->c.fmt != WMSJ_FMT_AUTO)
		return cli_usage_error(_("card formats are html and svg"));
	if ((rc = open_reg(&s, o, STORE_READ, NULL)) != WMSJ_OK) {
		store_close(&s);
		return rc;
	}
	if (o->station != NULL && config_station(&s.cfg, o->station) == NULL) {
		cli_warn(_("unknown station '%s'"), o->station);
		store_close(&s);
		return WMSJ_REFUSED;
	}
	faces = xcalloc(s.reg.n + o->nargs + 1, sizeof *faces);
	who = xcalloc(s.reg.n + o->nargs + 1, sizeof *who);
	for (size_t i = 0; i < o->nargs; i++) {
		struct volunteer *v = lookup(&s, o->args[i]);

		if (v == NULL) {
			rc = WMSJ_REFUSED;
			continue;
		}
		if (roster_check(v, RC_CARD, &err) != WMSJ_OK) {
			rc = cli_report(&err);
			continue;
		}
		who[n++] = v;
	}
	if (o->nargs == 0)
		n = roster_sheet(&s.reg, o->station, who);
	for (size_t i = 0; i < n; i++)
		card_face_of(&faces[i], &s.cfg, who[i]);
	if (rc == WMSJ_OK) {
		sb_init(&sb);
		if (card_sheet(&sb, faces, n, o->doc != NULL && strcmp(o->doc, "svg") == 0 ? CARD_SVG
											  : CARD_HTML,
			       &err) != WMSJ_OK)
			rc = cli_report(&err);
		else if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len)
			rc = wmsj_close_stdout(NULL);
		sb_release(&sb);
		if (rc == WMSJ_OK && n == 0)
			cli_warn(_("no active volunteers: an empty sheet"));
	}
	free(faces);
	free(who);
	store_close(&s);
	return rc;
}
