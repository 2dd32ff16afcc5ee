/* wmsj-volunteer: what the commands share: a record printed, the store
 * opened, a change saved, a KEY looked up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cardno.h"
#include "cli.h"
#include "config.h"
#include "i18n.h"
#include "mask.h"
#include "out.h"
#include "store.h"
#include "util.h"
#include "vfind.h"
#include "volunteer.h"
#include "wmsj-volunteer.h"

const char *const list_cols[NLIST] = {
	"id", "card_no", "name", "id_number", "phone", "station", "station_name", "status",
	"tags", "platform_no", "registered"
};

void
print_one(struct out *o, const struct wmsj_config *cfg, const struct volunteer *v, int reveal)
{
	const struct wmsj_station *st = config_station(cfg, v->station);
	char *idm = reveal ? xstrdup(v->id_number) : mask_idnum(v->id_number);
	char *phm = reveal ? xstrdup(v->phone) : mask_phone(v->phone);
	const char *vals[NLIST] = {v->id, v->card_no, v->name, idm, phm, v->station,
				   st != NULL ? st->name : "", v->status, v->tags, v->platform_no,
				   v->registered};

	out_row(o, vals);
	free(idm);
	free(phm);
}

/* The data directory opened (store.h) as mode says; with onekey, to read
 * that volunteer's record alone (store_open_keys).  A failure printed. */
int
open_reg(struct store *s, const struct opts *o, int mode, const char *onekey)
{
	struct wmsj_err err;
	int rc;

	if (onekey != NULL && mode == STORE_READ)
		rc = store_open_keys(s, o->c.data, o->c.wait, STORE_READ, &onekey, 1, &err);
	else
		rc = store_open(s, o->c.data, o->c.wait, mode, &err);
	if (rc != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* Before allocating ids or cards: learn what the ledger has seen, so that a
 * register that lost rows never hands one out again. */
int
learn_ledger(struct store *s)
{
	struct wmsj_err err;

	if (vreg_learn_ledger(&s->reg, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* The register saved with the command being run and its --date: the
 * register's history records them with each change (vreg_save). */
int
save(struct store *s, const struct opts *o)
{
	struct wmsj_err err;

	s->reg.action = o->cmd;
	s->reg.event_date = o->date;
	if (vreg_save(&s->reg, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

/* Find KEY or print why not: an id, a card number, an ID number, or a name
 * only one volunteer has (vfind.h). */
struct volunteer *
lookup(struct store *s, const char *key)
{
	struct wmsj_err err;
	struct volunteer *v;
	size_t idx[20], n;

	if (cardno_typed(key, &err) != WMSJ_OK) {
		cli_report(&err);
		return NULL;
	}
	switch (vfind_key(&s->reg, key, &v, idx, 20, &n)) {
	case VK_FOUND:
		return v;
	case VK_REISSUED:
		cli_warn(_("card '%s' was reissued; the current card of volunteer '%s' is '%s'"), key,
			 v->id, v->card_no);
		return NULL;
	case VK_SHARED:
		cli_warn(_("the name '%s' is shared by %zu volunteers; give one of their ids:"), key, n);
		for (size_t i = 0; i < n && i < 20; i++) {
			const struct volunteer *c = &s->reg.v[idx[i]];
			char *m = mask_idnum(c->id_number);

			fprintf(stderr, "  %s  %s  %s\n", c->id, c->station, m);
			free(m);
		}
		if (n > 20)
			fprintf(stderr, "  ...\n");
		return NULL;
	default:
		break;
	}
	cli_warn(_("no volunteer '%s' (give a volunteer id, a card number, an ID number or a name)"),
		 key);
	return NULL;
}
