/* wmsj-points close: a month sealed. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "out.h"
#include "seal.h"
#include "store.h"
#include "util.h"
#include "validate.h"
#include "wmsj-points.h"

static const char *const close_cols[] = {
	"month", "txn", "rows", "awards", "earned", "redeemed", "cleared", "hours", "stock_in",
	"stock_out", "volunteers", "snapshot", "seal"
};

int
cmd_close(struct opts *o)
{
	struct store s;
	struct seal_result res;
	struct wmsj_err err;
	struct out out;
	int rc;

	if (o->month == NULL || wmsj_month_parse(o->month, NULL, NULL) != 0)
		return cli_usage_error(_("close needs --month YYYY-MM"));
	if ((rc = need_text("--clerk", o->clerk)) != WMSJ_OK)
		return rc;
	if ((rc = open_store(&s, o, 1)) != WMSJ_OK)
		goto out;
	if ((rc = seal_close(s.w, o->month, o->clerk, &res, &err)) != WMSJ_OK) {
		rc = cli_report(&err);
		goto out;
	}
	if (res.snapshot_error[0] != '\0')
		cli_warn(_("month '%s' is sealed, but its snapshot was not saved (%s); queries read "
			   "the rows instead"), o->month, res.snapshot_error);
	{
		char rows[32], aw[32], e[32], r[32], c[32], h[32], si[32], so[32], n[32];
		const char *v[13];
		xsnprintf(rows, sizeof rows, "%" PRIu64, res.month.rows);
		xsnprintf(aw, sizeof aw, "%" PRIu64, res.month.awards);
		xsnprintf(e, sizeof e, "%" PRId64, res.month.earned);
		xsnprintf(r, sizeof r, "%" PRId64, res.month.redeemed);
		xsnprintf(c, sizeof c, "%" PRId64, res.month.cleared);
		wmsj_hours_format(res.month.hours, h);
		xsnprintf(si, sizeof si, "%" PRId64, res.month.stock_in);
		xsnprintf(so, sizeof so, "%" PRId64, res.month.stock_out);
		xsnprintf(n, sizeof n, "%zu", res.accounts);
		v[0] = o->month; v[1] = res.txn; v[2] = rows; v[3] = aw; v[4] = e; v[5] = r; v[6] = c;
		v[7] = h; v[8] = si; v[9] = so; v[10] = n; v[11] = res.snapshot_hash; v[12] = res.hash;
		out_init(&out, o->c.fmt, o->c.bom, close_cols, 13);
		out_row(&out, v);
		rc = cli_out_finish(&out);
	}
out:
	store_close(&s);
	return rc;
}
