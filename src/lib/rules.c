/* Who may do what: see rules.h and wmsj(7) ELIGIBILITY. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "i18n.h"
#include "labels.h"
#include "rules.h"
#include "validate.h"

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

/* ==== the bank's rules: award, redeem, clear, reverse (rules.h) ============ */

static enum rules_code
refuse(struct rules_refusal *r, enum rules_code code, const struct rules_refusal *what)
{
	if (r != NULL) {
		*r = *what;
		r->code = code;
	}
	return code;
}

static enum rules_code
date_open(const char *date, const char *today, const char *sealed, int parse)
{
	if (parse && wmsj_date_parse(date, NULL, NULL, NULL) != 0)
		return RC_DATE_FORMAT;
	if (strcmp(date, today) > 0)
		return RC_FUTURE;
	if (strcmp(date, FIG_DATE_MIN) < 0)
		return RC_BEFORE_FIRST;
	return rules_date_unsealed(date, sealed, NULL);
}

enum rules_code
rules_date_open(const char *date, const char *today, const char *sealed, struct rules_refusal *r)
{
	enum rules_code c = date_open(date, today, sealed, 1);
	struct rules_refusal w = {.date = date, .other = sealed};

	return c == RC_OK ? RC_OK : refuse(r, c, &w);
}

enum rules_code
rules_date_unsealed(const char *date, const char *sealed, struct rules_refusal *r)
{
	struct rules_refusal w = {.date = date, .other = sealed};

	if (sealed != NULL && sealed[0] != '\0' && strncmp(date, sealed, 7) <= 0)
		return refuse(r, RC_SEALED, &w);
	return RC_OK;
}

enum rules_code
rules_activity_unsealed(const char *act, const char *date, const char *sealed,
			struct rules_refusal *r)
{
	struct rules_refusal w = {.who = act, .date = date, .other = sealed};

	if (rules_date_unsealed(date, sealed, NULL) != RC_OK)
		return refuse(r, RC_ACT_SEALED, &w);
	return RC_OK;
}

enum rules_code
rules_award_date(const char *act, const char *date, const char *today, const char *sealed,
		 struct rules_refusal *r)
{
	enum rules_code c = date_open(date, today, sealed, 0);
	struct rules_refusal w = {.who = act, .date = date, .other = sealed};

	if (c == RC_FUTURE)
		c = RC_ACT_FUTURE;
	else if (c == RC_SEALED)
		c = RC_ACT_SEALED;
	return c == RC_OK ? RC_OK : refuse(r, c, &w);
}

enum rules_code
rules_award_caps(int64_t points, int64_t hours, long max_points, int64_t max_hours,
		 struct rules_refusal *r)
{
	struct rules_refusal w = {.n = points, .limit = max_points};

	if (points > max_points)
		return refuse(r, RC_POINTS_CAP, &w);
	w.n = hours;
	w.limit = max_hours;
	if (hours > max_hours)
		return refuse(r, RC_HOURS_CAP, &w);
	return RC_OK;
}

enum rules_code
rules_award_once(const char *where, const char *vol, const char *act, size_t live, int in_batch,
		 struct rules_refusal *r)
{
	struct rules_refusal w = {.where = where, .who = vol, .what = act};

	if (live > 0)
		return refuse(r, RC_DUPLICATE, &w);
	if (in_batch)
		return refuse(r, RC_TWICE, &w);
	return RC_OK;
}

enum rules_code
rules_self_certified(const char *where, const char *vol, const char *vol_name,
		     const char *certifier, struct rules_refusal *r)
{
	struct rules_refusal w = {.where = where, .who = vol};

	if (certifier != NULL && vol_name != NULL && strcmp(certifier, vol_name) == 0)
		return refuse(r, RC_SELF_CERT, &w);
	return RC_OK;
}

enum rules_code
rules_may_redeem(const char *vol, int64_t bal_min, const char *bal_date, int64_t qty,
		 const char *item_name, int64_t need, struct rules_refusal *r)
{
	struct rules_refusal w = {.who = vol, .other = bal_date, .what = item_name, .n = qty,
				  .limit = bal_min, .need = need};

	return bal_min < need ? refuse(r, RC_BALANCE, &w) : RC_OK;
}

enum rules_code
rules_shelf_holds(int64_t stock_min, const char *stock_date, int64_t qty, const char *item_name,
		  const char *shelf, const char *shelf_name, struct rules_refusal *r)
{
	struct rules_refusal w = {.other = stock_date, .what = item_name, .shelf = shelf,
				  .shelf_name = shelf_name, .limit = stock_min, .need = qty};

	if (stock_min >= qty)
		return RC_OK;
	return refuse(r, shelf != NULL ? RC_SHELF_STOCK : RC_STOCK, &w);
}

enum rules_code
rules_may_clear(const char *vol, int cleared_year, const char *date, const char *last,
		struct rules_refusal *r)
{
	struct rules_refusal w = {.who = vol, .date = date, .other = last, .n = cleared_year};

	if (cleared_year != 0 && cleared_year == year_of(date))
		return refuse(r, RC_CLEARED_ALREADY, &w);
	/* a clearing is the volunteer's latest row: what it cleared stays so */
	if (last != NULL && strcmp(last, date) > 0)
		return refuse(r, RC_CLEAR_NOT_LAST, &w);
	return RC_OK;
}

enum rules_code
rules_reversible(const char *txn, int is_reversal_or_close, const char *kind_name, const char *by,
		 struct rules_refusal *r)
{
	struct rules_refusal w = {.who = txn, .what = kind_name, .other = by};

	if (is_reversal_or_close)
		return refuse(r, RC_REV_KIND, &w);
	if (by != NULL && by[0] != '\0')
		return refuse(r, RC_REV_AGAIN, &w);
	return RC_OK;
}

enum rules_code
rules_reverse_date(const char *txn, const char *row_date, const char *date, struct rules_refusal *r)
{
	struct rules_refusal w = {.who = txn, .date = date, .other = row_date};

	return strcmp(date, row_date) < 0 ? refuse(r, RC_REV_BEFORE, &w) : RC_OK;
}

enum rules_code
rules_reverse_leaves(const char *txn, const char *vol, const char *cleared, int64_t points,
		     int64_t bal_min, int is_stock, const char *item, int64_t qty,
		     int64_t stock_min, struct rules_refusal *r)
{
	struct rules_refusal w = {.who = txn, .what = vol, .other = cleared};

	if (vol != NULL && vol[0] != '\0' && cleared != NULL && cleared[0] != '\0')
		return refuse(r, RC_REV_CLEARED, &w);
	if (vol != NULL && vol[0] != '\0' && points > 0 && bal_min - points < 0) {
		w.n = bal_min - points;
		return refuse(r, RC_REV_BALANCE, &w);
	}
	if (is_stock && stock_min - qty < 0) {
		w.what = item;
		w.n = stock_min - qty;
		return refuse(r, RC_REV_STOCK, &w);
	}
	return RC_OK;
}

enum rules_code
rules_reverse_target(const char *ref, int parsed, uint64_t ref_seq, uint64_t seq,
		     struct rules_refusal *r)
{
	struct rules_refusal w = {.who = ref};

	return !parsed || ref_seq >= seq ? refuse(r, RC_REV_NOT_EARLIER, &w) : RC_OK;
}

enum rules_code
rules_after_clearing(const char *vol, const char *date, const char *cleared, int reverses_it,
		     struct rules_refusal *r)
{
	struct rules_refusal w = {.who = vol, .date = date, .other = cleared};

	if (cleared == NULL || cleared[0] == '\0' || reverses_it || strcmp(date, cleared) >= 0)
		return RC_OK;
	return refuse(r, RC_BEFORE_CLEARING, &w);
}

/* The refusals of clearing, reversing and redeeming, and of the rows the
 * audit checks (rules_refusal_explain's second half). */
static int
explain_clear_reverse(const struct rules_refusal *r, struct wmsj_err *err)
{
	switch (r->code) {
	case RC_CLEARED_ALREADY:
		return wmsj_err_set(err, WMSJ_REFUSED, _("volunteer '%s' was already cleared in %d"),
				    r->who, (int)r->n);
	case RC_CLEAR_NOT_LAST:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("volunteer '%s' has rows dated after %s (the last on %s); a clearing is dated "
		      "on or after the volunteer's last row"), r->who, r->date, r->other);
	case RC_REV_KIND:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("'%s' is a %s row; only award, redeem, stock and clear rows can be reversed"),
		    r->who, r->what);
	case RC_REV_AGAIN:
		return wmsj_err_set(err, WMSJ_REFUSED, _("'%s' was already reversed by '%s'"), r->who,
				    r->other);
	case RC_REV_BEFORE:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("'%s' is dated %s; a reversal is dated on or after the row it reverses"), r->who,
		    r->other);
	case RC_REV_CLEARED:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("volunteer '%s' was cleared on %s; nothing may be dated before the clearing"),
		    r->what, r->other);
	case RC_REV_BALANCE:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("reversing '%s' would leave volunteer '%s' with %" PRId64
		      " points; reverse the redemptions first"), r->who, r->what, r->n);
	case RC_REV_STOCK:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("reversing '%s' would leave less than nothing of '%s' on the shelf"), r->who,
		    r->what);
	case RC_BALANCE:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("volunteer '%s' has %" PRId64 " points on %s; %" PRId64 " x '%s' needs %" PRId64),
		    r->who, r->limit, r->other, r->n, r->what, r->need);
	case RC_STOCK:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("only %" PRId64 " of '%s' in stock on %s; %" PRId64 " asked"), r->limit, r->what,
		    r->other, r->need);
	case RC_SHELF_STOCK:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("only %" PRId64 " of '%s' in stock at station '%s' (%s) on %s; %" PRId64
		      " asked"), r->limit, r->what, r->shelf, r->shelf_name, r->other, r->need);
	case RC_REV_NOT_EARLIER:
		return wmsj_err_set(err, WMSJ_REFUSED, _("reverses '%s', which is not an earlier row"),
				    r->who);
	case RC_BEFORE_CLEARING:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("row dated %s for volunteer '%s', before their clearing of %s"), r->date, r->who,
		    r->other);
	default:
		break;
	}
	return WMSJ_OK;
}

int
rules_refusal_explain(const struct rules_refusal *r, struct wmsj_err *err)
{
	const char *where = r->where != NULL ? r->where : "";
	char a[32], b[32];

	switch (r->code) {
	case RC_OK:
		return WMSJ_OK;
	case RC_DATE_FORMAT:
		return wmsj_err_set(err, WMSJ_USAGE, _("--date needs a date YYYY-MM-DD, not '%s'"),
				    r->date);
	case RC_FUTURE:
		return wmsj_err_set(err, WMSJ_REFUSED, _("the date %s is in the future"), r->date);
	case RC_BEFORE_FIRST:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("the date %s is before %s, the earliest date the points bank records"),
		    r->date, FIG_DATE_MIN);
	case RC_SEALED:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("the month of %s is closed (sealed through %s); nothing may be dated into it"),
		    r->date, r->other);
	case RC_ACT_FUTURE:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("activity '%s' is dated %s, in the future; award after it has taken place"),
		    r->who, r->date);
	case RC_ACT_SEALED:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("activity '%s' is dated %s, in a closed month (sealed through %s)"), r->who,
		    r->date, r->other);
	case RC_POINTS_CAP:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("%" PRId64 " points is over the cap of %ld (rules.max_points)"), r->n,
		    (long)r->limit);
	case RC_HOURS_CAP:
		wmsj_hours_format(r->limit, a);
		wmsj_hours_format(r->n, b);
		return wmsj_err_set(err, WMSJ_REFUSED, _("%s hours is over the cap of %s (rules.max_hours)"),
				    r->what != NULL ? r->what : b, a);
	case RC_DUPLICATE:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("%svolunteer '%s' already has an award for activity '%s'"), where, r->who,
		    r->what);
	case RC_TWICE:
		return wmsj_err_set(err, WMSJ_REFUSED, _("%svolunteer '%s' appears twice in this batch"),
				    where, r->who);
	case RC_SELF_CERT:
		return wmsj_err_set(err, WMSJ_REFUSED,
		    _("%svolunteer '%s': the certifier may not certify their own points"), where,
		    r->who);
	default:
		return explain_clear_reverse(r, err);
	}
	return WMSJ_OK;
}
