/* audit: the context the audit's checks share (audit.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "ledger.h"

void
audit_ctx_init(struct audit_ctx *c, struct findings *f, const char *dir,
	       const struct wmsj_config *cfg, const struct vregister *reg)
{
	memset(c, 0, sizeof *c);
	c->f = f;
	c->dir = dir;
	c->cfg = cfg;
	c->reg = reg;
}

void
audit_ctx_release(struct audit_ctx *c)
{
	if (c->bg_drop != NULL)
		c->bg_drop(c);   /* before the history: the other thread may read it */
	c->snap.due = 0;
	if (c->nc.valid)
		notice_release(&c->nc.set);
	c->nc.valid = 0;
	if (c->hist_ok)
		hist_release(&c->hist);
	c->hist_ok = 0;
}

void
audit_add(struct audit_ctx *c, const char *sev, const char *check, const char *where,
	  const char *station, const char *vol, const char *txn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findings_vadd(c->f, sev, check, where, station, vol, txn, fmt, ap);
	va_end(ap);
}

const struct history *
audit_hist(struct audit_ctx *c)
{
	if (c->hist_wait != NULL) {
		void (*w)(struct audit_ctx *) = c->hist_wait;

		c->hist_wait = NULL;
		w(c);
	}
	return c->hist_ok ? &c->hist : NULL;
}

int
audit_notices_dir(struct audit_ctx *c, char *buf, size_t n, int report)
{
	int r = c->notices != NULL ? snprintf(buf, n, "%s", c->notices)
				   : snprintf(buf, n, "%s/notices", c->dir);

	if (r >= 0 && (size_t)r < n)
		return 0;
	if (report)
		audit_add(c, "error", "notice", c->notices != NULL ? "--notices" : "notices", NULL,
			  NULL, NULL, "%s",
			  _("the notices directory's name is longer than a path may be"));
	buf[0] = '\0';
	return -1;
}

void
audit_ledger_where(char *buf, size_t n, size_t line)
{
	snprintf(buf, n, "%s:%zu", LEDGER_FILE, line);
}
