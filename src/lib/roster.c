/* The volunteer register's rules and the changes that apply them: see
 * roster.h. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "csvin.h"
#include "i18n.h"
#include "importmap.h"
#include "labels.h"
#include "roster.h"
#include "util.h"
#include "validate.h"
#include "vfind.h"

#define OK(to)  {RO_OK, to, RR_KEEP}
#define NO(why) {why, VS_INVALID, RR_KEEP}

/* [from][change]; "to" of a change that keeps the status is the status. */
static const struct roster_move moves[VS_INVALID + 1][RC_NCHANGES] = {
	[VS_ACTIVE] = {
		[RC_UPDATE] = OK(VS_ACTIVE),
		[RC_TRANSFER] = OK(VS_ACTIVE),
		[RC_REISSUE] = OK(VS_ACTIVE),
		[RC_CARD] = OK(VS_ACTIVE),
		[RC_SUSPEND] = {RO_OK, VS_SUSPENDED, RR_SET},
		[RC_RESUME] = NO(RO_NOT_SUSPENDED),
		[RC_WITHDRAW] = {RO_OK, VS_WITHDRAWN, RR_SET},
		[RC_CORRECT_ID] = OK(VS_ACTIVE),
	},
	[VS_SUSPENDED] = {
		[RC_UPDATE] = OK(VS_SUSPENDED),
		[RC_TRANSFER] = OK(VS_SUSPENDED),
		[RC_REISSUE] = OK(VS_SUSPENDED),
		[RC_CARD] = OK(VS_SUSPENDED),
		[RC_SUSPEND] = NO(RO_NOT_ACTIVE),
		[RC_RESUME] = {RO_OK, VS_ACTIVE, RR_CLEAR},
		[RC_WITHDRAW] = {RO_OK, VS_WITHDRAWN, RR_SET},
		[RC_CORRECT_ID] = OK(VS_SUSPENDED),
	},
	[VS_WITHDRAWN] = {
		[RC_UPDATE] = NO(RO_FROZEN),
		[RC_TRANSFER] = NO(RO_FROZEN),
		[RC_REISSUE] = NO(RO_NO_CARD),
		[RC_CARD] = NO(RO_NO_CARD),
		[RC_SUSPEND] = NO(RO_NOT_ACTIVE),
		[RC_RESUME] = NO(RO_NOT_SUSPENDED),
		[RC_WITHDRAW] = NO(RO_ALREADY_WITHDRAWN),
		[RC_CORRECT_ID] = OK(VS_WITHDRAWN),
	},
	[VS_INVALID] = {
		[RC_UPDATE] = OK(VS_INVALID),
		[RC_TRANSFER] = OK(VS_INVALID),
		[RC_REISSUE] = OK(VS_INVALID),
		[RC_CARD] = OK(VS_INVALID),
		[RC_SUSPEND] = NO(RO_NOT_ACTIVE),
		[RC_RESUME] = NO(RO_NOT_SUSPENDED),
		[RC_WITHDRAW] = {RO_OK, VS_WITHDRAWN, RR_SET},
		[RC_CORRECT_ID] = OK(VS_INVALID),
	},
};

const struct roster_move *
roster_move(enum vstatus from, enum roster_change ch)
{
	static const struct roster_move out_of_range = NO(RO_FROZEN);

	if ((int)from < VS_ACTIVE || from > VS_INVALID || (int)ch < 0 || ch >= RC_NCHANGES)
		return &out_of_range;
	return &moves[from][ch];
}

int
roster_explain(enum roster_why why, const char *id, const char *status, struct wmsj_err *err)
{
	switch (why) {
	case RO_OK:
		return WMSJ_OK;
	case RO_FROZEN:
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("volunteer '%s' has withdrawn; the record can no longer change"), id);
	case RO_NO_CARD:
		return wmsj_err_set(err, WMSJ_REFUSED, _("volunteer '%s' has withdrawn; no card is issued"),
				    id);
	case RO_NOT_ACTIVE:
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("volunteer '%s' is %s; only an active volunteer can be suspended"), id,
				    wmsj_value_label("status", status));
	case RO_NOT_SUSPENDED:
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("volunteer '%s' is %s; only a suspended volunteer can resume"), id,
				    wmsj_value_label("status", status));
	case RO_ALREADY_WITHDRAWN:
		return wmsj_err_set(err, WMSJ_REFUSED, _("volunteer '%s' has already withdrawn"), id);
	}
	return WMSJ_OK;
}

int
roster_on_sheet(enum vstatus st)
{
	return st == VS_ACTIVE;
}

int
roster_check(const struct volunteer *v, enum roster_change ch, struct wmsj_err *err)
{
	const struct roster_move *m = roster_move(vstatus_parse(v->status), ch);

	return roster_explain(m->why, v->id, v->status, err);
}

int
roster_set_status(struct vregister *r, struct volunteer *v, enum roster_change ch,
		  const char *reason, struct wmsj_err *err)
{
	const struct roster_move *m = roster_move(vstatus_parse(v->status), ch);

	if (roster_explain(m->why, v->id, v->status, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (m->to != vstatus_parse(v->status))
		vreg_set(r, &v->status, vstatus_name(m->to));
	if (m->reason == RR_SET)
		vreg_set(r, &v->reason, reason != NULL ? reason : "");
	else if (m->reason == RR_CLEAR)
		vreg_set(r, &v->reason, "");
	vreg_set(r, &v->updated, wmsj_now());
	return WMSJ_OK;
}

/* Normalise a tag list "a, b,,c" → "a,b,c"; NULL when a tag holds a control char. */
static char *
norm_tags(const char *s)
{
	size_t n;
	char **v = wmsj_split(s, ',', &n);
	struct sb sb;

	sb_init(&sb);
	for (size_t i = 0; i < n; i++) {
		if (wmsj_text_check(v[i], 200, NULL) != WMSJ_OK) {
			free(v);
			sb_release(&sb);
			return NULL;
		}
		if (i > 0)
			sb_addc(&sb, ',');
		sb_adds(&sb, v[i]);
	}
	free(v);
	return sb_detach(&sb);
}

int
roster_update(struct vregister *r, struct volunteer *v, const struct wmsj_config *cfg,
	      const struct roster_fields *f, struct wmsj_err *err)
{
	char phone[12];
	char *tags = NULL, *name = NULL;

	if (roster_check(v, f->station != NULL ? RC_TRANSFER : RC_UPDATE, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (f->phone != NULL && wmsj_phone_check(f->phone, phone, err) != WMSJ_OK)
		return err->status;
	if (f->station != NULL && config_station(cfg, f->station) == NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("unknown station '%s'"), f->station);
	if (f->platform != NULL && (wmsj_text_check(f->platform, 100, err) != WMSJ_OK ||
				    strpbrk(f->platform, ",\"") != NULL))
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("a platform number may not hold commas, quotes or control characters"));
	if (f->tags != NULL && (tags = norm_tags(f->tags)) == NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("tags may not hold control characters"));
	if (f->name != NULL && wmsj_name_normalize(f->name, &name, err) != WMSJ_OK) {
		free(tags);
		return err->status;
	}
	if (name != NULL)
		vreg_set(r, &v->name, name);
	if (f->phone != NULL)
		vreg_set(r, &v->phone, phone);
	if (f->station != NULL)
		vreg_set(r, &v->station, f->station);
	if (f->platform != NULL)
		vreg_set(r, &v->platform_no, f->platform);
	if (tags != NULL)
		vreg_set(r, &v->tags, tags);
	free(name);
	free(tags);
	vreg_set(r, &v->updated, wmsj_now());
	return WMSJ_OK;
}

int
roster_reissue(struct vregister *r, struct volunteer *v, struct wmsj_err *err)
{
	struct sb sb;
	char *card;

	if (roster_check(v, RC_REISSUE, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if ((card = vreg_next_card(r, v->station, err)) == NULL)
		return err->status;
	sb_init(&sb);
	sb_adds(&sb, v->old_cards);
	if (sb.len > 0)
		sb_addc(&sb, ' ');
	sb_adds(&sb, v->card_no);
	vreg_set(r, &v->old_cards, sb.buf);
	sb_release(&sb);
	vreg_set(r, &v->card_no, card);
	free(card);
	vreg_reindex(r);
	vreg_set(r, &v->updated, wmsj_now());
	return WMSJ_OK;
}

int
roster_correct_id(struct vregister *r, struct volunteer *v, const char *idnum, const char *date,
		  const char *reason, struct wmsj_err *err)
{
	if (roster_check(v, RC_CORRECT_ID, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	return vreg_correct_idnum(r, v, idnum, date, reason, err);
}

/* ---- registration ----------------------------------------------------------- */

/* A new volunteer's checked values. */
struct newvol {
	char idnum[19], phone[12];
	char *name;     /* normalised (wmsj_name_normalize) */
	char *tags;     /* normalised (norm_tags) */
};

static void
newvol_release(struct newvol *nv)
{
	free(nv->name);
	free(nv->tags);
	nv->name = nv->tags = NULL;
}

/* Check f (station already resolved to a code) into nv: REFUSED naming the
 * first rule broken; nv is released either way by the caller. */
static int
validate_new(const struct wmsj_config *cfg, const struct roster_fields *f, struct newvol *nv,
	     struct wmsj_err *err)
{
	nv->name = nv->tags = NULL;
	if (wmsj_name_normalize(f->name, &nv->name, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (wmsj_idnum_check(f->idnum, nv->idnum, NULL, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (wmsj_phone_check(f->phone, nv->phone, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (config_station(cfg, f->station) == NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("unknown station '%s'"), f->station);
	if (f->platform != NULL && wmsj_text_check(f->platform, 100, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (f->platform != NULL && strpbrk(f->platform, ",\"") != NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("a platform number may not hold commas or quotes"));
	nv->tags = norm_tags(f->tags != NULL ? f->tags : "");
	if (nv->tags == NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("tags may not hold control characters"));
	return WMSJ_OK;
}

/* The volunteer already registered with nv's ID number, or NULL. */
static const struct volunteer *
registered_as(const struct vregister *r, const struct newvol *nv)
{
	const struct volunteer *dup = vreg_find(r, nv->idnum);

	return dup != NULL && strcmp(dup->id_number, nv->idnum) == 0 ? dup : NULL;
}

/* Append nv as a new active volunteer registered on date. */
static int
append_new(struct vregister *r, const char *station, const struct newvol *nv,
	   const char *platform, const char *date, struct wmsj_err *err)
{
	struct volunteer v;

	memset(&v, 0, sizeof v);
	if ((v.card_no = vreg_next_card(r, station, err)) == NULL)
		return err->status;
	v.id = vreg_next_id(r, station);
	v.name = nv->name;
	v.id_number = (char *)nv->idnum;
	v.phone = (char *)nv->phone;
	v.station = (char *)station;
	v.tags = nv->tags;
	v.platform_no = (char *)(platform != NULL ? platform : "");
	v.status = (char *)vstatus_name(VS_ACTIVE);
	v.reason = (char *)"";
	v.registered = (char *)date;
	v.updated = (char *)wmsj_now();
	v.old_cards = (char *)"";
	v.id_corrections = (char *)"";
	vreg_add(r, &v);
	free(v.id);
	free(v.card_no);
	return WMSJ_OK;
}

int
roster_add(struct vregister *r, const struct wmsj_config *cfg, const struct roster_fields *f,
	   const char *date, struct wmsj_err *err)
{
	struct newvol nv;
	const struct volunteer *dup;
	int rc;

	if (validate_new(cfg, f, &nv, err) != WMSJ_OK)
		rc = WMSJ_REFUSED;
	else if ((dup = registered_as(r, &nv)) != NULL)
		rc = wmsj_err_set(err, WMSJ_REFUSED,
				  _("the ID number is already registered as volunteer '%s'"), dup->id);
	else
		rc = append_new(r, f->station, &nv, f->platform, date, err);
	newvol_release(&nv);
	return rc;
}

/* One row of an import: checked (into bad when refused) and, while nothing
 * was refused, added.  seen maps the ID numbers of the rows above. */
static int
import_row(struct vregister *r, const struct wmsj_config *cfg, const struct csv_table *t,
	   const struct import_map *m, size_t i, const char *file, const char *date,
	   struct strmap *seen, struct wmsj_errlist *bad, struct wmsj_err *err)
{
	const struct csv_record *row = &t->rows[i];
	const char *plat = csv_get(row, m->col[IMPORT_PLATFORM_NO]);
	const char *st_cell = csv_get(row, m->col[IMPORT_STATION]);
	const struct wmsj_station *st;
	const struct volunteer *dup;
	struct roster_fields f;
	struct newvol nv;
	size_t prev;
	int rc = WMSJ_OK;

	if (import_row_blank((const char *const *)row->fields, row->nfields)) {
		wmsj_errlist_add(bad, WMSJ_REFUSED,
				 _("%s:%zu: an empty row between rows of data; delete it"), file,
				 row->line);
		return WMSJ_OK;
	}
	/* a sheet's 站点 may name the station rather than give its code */
	st = config_station_find(cfg, st_cell);
	f.name = csv_get(row, m->col[IMPORT_NAME]);
	f.idnum = csv_get(row, m->col[IMPORT_ID_NUMBER]);
	f.phone = csv_get(row, m->col[IMPORT_PHONE]);
	f.station = st != NULL ? st->code : st_cell;
	f.tags = csv_get(row, m->col[IMPORT_TAGS]);
	f.platform = *plat ? plat : NULL;
	if (validate_new(cfg, &f, &nv, err) != WMSJ_OK)
		wmsj_errlist_add(bad, WMSJ_REFUSED, "%s:%zu: %s", file, row->line, err->msg);
	else if (strmap_get(seen, nv.idnum, 18, &prev))
		wmsj_errlist_add(bad, WMSJ_REFUSED, _("%s:%zu: the same ID number as line %zu"), file,
				 row->line, t->rows[prev].line);
	else {
		strmap_put(seen, nv.idnum, 18, i);
		if ((dup = registered_as(r, &nv)) != NULL)
			wmsj_errlist_add(bad, WMSJ_REFUSED,
					 _("%s:%zu: the ID number is already registered as volunteer '%s'"),
					 file, row->line, dup->id);
		else if (bad->n == 0)
			rc = append_new(r, f.station, &nv, f.platform, date, err);
	}
	newvol_release(&nv);
	return rc;
}

int
roster_import(struct vregister *r, const struct wmsj_config *cfg, const struct csv_table *t,
	      const struct import_map *m, const char *file, const char *date,
	      struct wmsj_errlist *bad, struct wmsj_err *err)
{
	struct strmap seen;
	int rc = WMSJ_OK;

	strmap_init(&seen);
	for (size_t i = m->first; i < m->end && rc == WMSJ_OK; i++)
		rc = import_row(r, cfg, t, m, i, file, date, &seen, bad, err);
	strmap_release(&seen);
	return rc;
}

size_t
roster_sheet(const struct vregister *r, const char *station, const struct volunteer **out)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct volunteer *v = &r->v[i];
		if (!roster_on_sheet(vstatus_parse(v->status)))
			continue;
		if (station != NULL && strcmp(v->station, station) != 0)
			continue;
		out[n++] = v;
	}
	return n;
}

static int
has_tag(const char *tags, const char *tag)
{
	size_t n;
	char **v = wmsj_split(tags, ',', &n);
	int found = 0;

	for (size_t i = 0; i < n && !found; i++)
		found = strcmp(v[i], tag) == 0;
	free(v);
	return found;
}

int
roster_listed(const struct roster_filter *f, const struct volunteer *v)
{
	if (f->pat != NULL && !vfind_name_match(v->name, f->pat))
		return 0;
	if (f->fc != NULL) {
		struct rules_clearing cl;

		fig_clearing(f->fc, v->id, &cl);
		if (rules_may(RULES_EARN, vstatus_parse(v->status), &cl, f->date, NULL) != RW_OK)
			return 0;
	}
	if (f->station != NULL && strcmp(v->station, f->station) != 0)
		return 0;
	if (f->status != NULL && vstatus_parse(v->status) != vstatus_parse(f->status))
		return 0;
	if (f->tag != NULL && !has_tag(v->tags, f->tag))
		return 0;
	return 1;
}
