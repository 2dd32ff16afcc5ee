/* wmsj-points clear and reverse: the approver's corrections. */
#include <stdint.h>
#include <string.h>

#include "bank.h"
#include "cli.h"
#include "i18n.h"
#include "ledger.h"
#include "store.h"
#include "wmsj-points.h"

int
cmd_clear(struct opts *o)
{
	struct store s;
	struct bank_clear c;
	struct bank_entries b;
	struct wmsj_errlist bad;
	int rc;

	if (o->nargs != 1)
		return cli_usage_error(_("clear needs one KEY"));
	if (o->reason == NULL || strlen(o->reason) != 1 || strchr("ABC", o->reason[0]) == NULL)
		return cli_usage_error(_("--reason must be A, B or C (see --help)"));
	if ((rc = need_text("--note", o->note)) != WMSJ_OK ||
	    (rc = need_text("--approver", o->approver)) != WMSJ_OK)
		return rc;
	if ((rc = open_store(&s, o, 1)) == WMSJ_OK) {
		memset(&c, 0, sizeof c);
		c.key = o->args[0];
		c.reason = o->reason;
		c.note = o->note;
		c.approver = o->approver;
		c.date = o->date;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		rc = finish(&s, o, bank_clear(&s, &c, &b, &bad), &b, &bad);
	}
	store_close(&s);
	return rc;
}

int
cmd_reverse(struct opts *o)
{
	struct store s;
	struct bank_reverse q;
	struct bank_entries b;
	struct wmsj_errlist bad;
	uint64_t seq;
	int rc;

	if (o->nargs != 1 || ledger_txn_parse(o->args[0], &seq) != 0)
		return cli_usage_error(_("reverse needs one transaction id like T00000012"));
	if ((rc = need_text("--reason", o->reason)) != WMSJ_OK ||
	    (rc = need_text("--approver", o->approver)) != WMSJ_OK)
		return rc;
	if ((rc = open_store(&s, o, 1)) == WMSJ_OK) {
		memset(&q, 0, sizeof q);
		q.seq = seq;
		q.reason = o->reason;
		q.approver = o->approver;
		q.date = o->date;
		bank_entries_init(&b);
		wmsj_errlist_init(&bad);
		rc = finish(&s, o, bank_reverse(&s, &q, &b, &bad), &b, &bad);
	}
	store_close(&s);
	return rc;
}
