/* wmsj-volunteer show, update, reissue, suspend, resume, withdraw and
 * correct-id: the commands on one KEY. */
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "out.h"
#include "roster.h"
#include "store.h"
#include "text.h"
#include "validate.h"
#include "wmsj-volunteer.h"

/* The arguments of a command on one KEY, checked before the register is
 * opened; *key is the KEY (read from standard input for "-"). */
static int
key_args(struct opts *o, enum change ch, const char **key)
{
	static const char *const cmdname[] = {"show", "update", "reissue", "suspend", "resume",
					      "withdraw"};
	struct wmsj_err err;

	if (o->nargs != 1)
		return cli_usage_error(_("this command needs one KEY (volunteer id, card number or ID number)"));
	*key = o->args[0];
	if ((ch == CH_SUSPEND || ch == CH_WITHDRAW) && (o->reason == NULL || *o->reason == '\0'))
		return cli_usage_error(_("a reason is required: --reason TEXT"));
	if (o->reason != NULL && wmsj_text_check(o->reason, 500, &err) != WMSJ_OK)
		return cli_usage_error("--reason: %s", err.msg);
	/* KEY "-": the key (an ID number, say) from standard input, not argv. */
	if (strcmp(*key, "-") == 0 &&
	    cli_private_value(key, cmdname[ch], _("KEY"), "", o->keybuf, sizeof o->keybuf) != 0)
		return WMSJ_USAGE;
	if (ch == CH_UPDATE && o->phone != NULL &&
	    cli_private_value(&o->phone, "--phone", _("phone"), _("phone: "), o->phonebuf,
			      sizeof o->phonebuf) != 0)
		return WMSJ_USAGE;
	return WMSJ_OK;
}

/* The change ch to v (roster.h), printed when refused. */
static int
change(struct store *s, struct opts *o, enum change ch, struct volunteer *v)
{
	struct roster_fields f;
	struct wmsj_err err;
	int rc;

	switch (ch) {
	case CH_UPDATE:
		if (o->name == NULL && o->phone == NULL && o->station == NULL && o->tags == NULL &&
		    o->platform == NULL)
			return cli_usage_error(_("update needs at least one of --name, --phone, --station, --tags, --platform-no"));
		memset(&f, 0, sizeof f);
		f.name = o->name;
		f.phone = o->phone;
		f.station = o->station;
		f.tags = o->tags;
		f.platform = o->platform;
		rc = roster_update(&s->reg, v, &s->cfg, &f, &err);
		break;
	case CH_REISSUE:
		/* the rule before the ledger is read */
		if ((rc = roster_check(v, RC_REISSUE, &err)) != WMSJ_OK)
			break;
		if ((rc = learn_ledger(s)) != WMSJ_OK)
			return rc;
		rc = roster_reissue(&s->reg, v, &err);
		break;
	case CH_SUSPEND:
		rc = roster_set_status(&s->reg, v, RC_SUSPEND, o->reason, &err);
		break;
	case CH_RESUME:
		rc = roster_set_status(&s->reg, v, RC_RESUME, NULL, &err);
		break;
	case CH_WITHDRAW:
		rc = roster_set_status(&s->reg, v, RC_WITHDRAW, o->reason, &err);
		break;
	default:
		return WMSJ_OK;
	}
	if (rc != WMSJ_OK)
		return cli_report(&err);
	return save(s, o);
}

int
cmd_key(struct opts *o, enum change ch)
{
	struct store s;
	struct volunteer *v;
	struct out out;
	const char *key;
	int rc;

	if ((rc = key_args(o, ch, &key)) != WMSJ_OK)
		return rc;
	/* show reads the one record KEY names; a change loads the register */
	if ((rc = open_reg(&s, o, ch == CH_SHOW ? STORE_READ : STORE_REGISTER,
			   ch == CH_SHOW ? key : NULL)) != WMSJ_OK)
		goto out;
	if ((v = lookup(&s, key)) == NULL) {
		rc = WMSJ_REFUSED;
		goto out;
	}
	if ((rc = change(&s, o, ch, v)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	print_one(&out, &s.cfg, v, o->reveal);
	rc = cli_out_finish(&out);
out:
	store_close(&s);
	return rc;
}

/* correct-id KEY --id-number ID|- --reason R: an ID number typed wrong, an
 * event with a reason kept in the record (vfind.h). */
int
cmd_correct_id(struct opts *o)
{
	struct store s;
	struct volunteer *v;
	struct wmsj_err err;
	struct out out;
	const char *date = o->date != NULL ? o->date : wmsj_today();
	const char *key;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("this command needs one KEY (volunteer id, card number or ID number)"));
	key = o->args[0];
	if (o->reason == NULL || *o->reason == '\0')
		return cli_usage_error(_("a reason is required: --reason TEXT"));
	if (wmsj_date_parse(date, NULL, NULL, NULL) != 0)
		return cli_usage_error(_("--date needs a date YYYY-MM-DD, not '%s'"), date);
	/* KEY "-" first, then --id-number -: one line each (as update does). */
	if (strcmp(key, "-") == 0 &&
	    cli_private_value(&key, "correct-id", _("KEY"), "", o->keybuf, sizeof o->keybuf) != 0)
		return WMSJ_USAGE;
	if (cli_private_value(&o->idnum, "--id-number", _("ID number"), _("ID number: "), o->idbuf,
			      sizeof o->idbuf) != 0)
		return WMSJ_USAGE;
	if (o->idnum == NULL)
		return cli_usage_error(_("correct-id needs --id-number (- reads it from standard input)"));
	if ((rc = open_reg(&s, o, STORE_REGISTER, NULL)) != WMSJ_OK)
		goto out;
	if ((v = lookup(&s, key)) == NULL) {
		rc = WMSJ_REFUSED;
		goto out;
	}
	if (roster_correct_id(&s.reg, v, o->idnum, date, o->reason, &err) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if ((rc = save(&s, o)) != WMSJ_OK)
		goto out;
	out_init(&out, o->c.fmt, o->c.bom, list_cols, NLIST);
	print_one(&out, &s.cfg, v, o->reveal);
	rc = cli_out_finish(&out);
out:
	store_close(&s);
	return rc;
}
