/* Who may do what: see rules.h and wmsj(7) ELIGIBILITY. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "labels.h"
#include "rules.h"

static const char *const vstatus_names[] = {"active", "suspended", "withdrawn"};

enum vstatus
vstatus_parse(const char *s)
{
	if (s != NULL)
		for (int i = VS_ACTIVE; i < VS_INVALID; i++)
			if (strcmp(s, vstatus_names[i]) == 0)
				return (enum vstatus)i;
	return VS_INVALID;
}

const char *
vstatus_name(enum vstatus s)
{
	return s >= VS_ACTIVE && s < VS_INVALID ? vstatus_names[s] : "";
}

static int
year_of(const char *date)
{
	return (int)strtol(date, NULL, 10);
}

enum rules_why
rules_may(enum rules_act act, enum vstatus st, const struct rules_clearing *c, const char *date,
	  struct rules_verdict *out)
{
	struct rules_verdict v;
	int y = year_of(date);

	memset(&v, 0, sizeof v);
	if (st == VS_SUSPENDED)
		v.why = RW_SUSPENDED;
	else if (st == VS_WITHDRAWN)
		v.why = RW_WITHDRAWN;
	else if (st != VS_ACTIVE)
		v.why = RW_INVALID;
	else if (c != NULL && c->year != 0 && c->year == y) {
		/* cleared in the date's year, before or after the date */
		v.why = RW_CLEARED;
		v.year = c->year;
	} else if (act != RULES_COMMEND && c != NULL && c->date != NULL && c->date[0] != '\0' &&
		   strncmp(c->date, date, 10) > 0) {
		/* a clearing is the latest row: nothing dated before it */
		v.why = RW_BEFORE_CLEARING;
		memcpy(v.date, c->date, 10);
		v.date[10] = '\0';
	}
	if (out != NULL)
		*out = v;
	return v.why;
}

int
rules_explain(const struct rules_verdict *v, enum rules_act act, const char *id,
	      struct wmsj_err *err)
{
	const char *label;

	switch (v->why) {
	case RW_OK:
		return WMSJ_OK;
	case RW_SUSPENDED:
	case RW_WITHDRAWN:
	case RW_INVALID:
		label = v->why == RW_INVALID ? "?" :
			wmsj_value_label("status", vstatus_name(v->why == RW_SUSPENDED ? VS_SUSPENDED
										      : VS_WITHDRAWN));
		if (act == RULES_EARN)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("volunteer '%s' is %s; only active volunteers earn points"),
					    id, label);
		if (act == RULES_REDEEM)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("volunteer '%s' is %s; the card cannot be used"), id, label);
		return wmsj_err_set(err, WMSJ_REFUSED, _("volunteer '%s' is %s and is not commended"),
				    id, label);
	case RW_CLEARED:
		if (act == RULES_EARN)
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("volunteer '%s' was cleared in %d and earns nothing until 1 January %d"),
			    id, v->year, v->year + 1);
		if (act == RULES_REDEEM)
			return wmsj_err_set(err, WMSJ_REFUSED,
			    _("volunteer '%s' was cleared in %d; the card cannot be used until 1 January %d"),
			    id, v->year, v->year + 1);
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("volunteer '%s' was cleared in %d and is not commended until 1 January %d"),
		    id, v->year, v->year + 1);
	case RW_BEFORE_CLEARING:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("volunteer '%s' was cleared on %s; nothing may be dated before the clearing"),
		    id, v->date);
	}
	return WMSJ_OK;
}

const char *
rules_why_name(enum rules_why why)
{
	switch (why) {
	case RW_OK: return "";
	case RW_SUSPENDED: return "suspended";
	case RW_WITHDRAWN: return "withdrawn";
	case RW_INVALID: return "invalid";
	case RW_CLEARED: return "cleared";
	case RW_BEFORE_CLEARING: return "before-clearing";
	}
	return "";
}
