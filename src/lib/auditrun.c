/* auditrun: the integrity checks of one data directory, on two cores
 * (auditrun.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "auditledger.h"
#include "auditreg.h"
#include "auditrun.h"
#include "auditseal.h"
#include "clock.h"
#include "seal.h"
#include "util.h"

struct audit_bg {
	struct audit_ctx ctx;          /* the caller's, copied: its own logs */
	struct findings chain, hist, list;   /* the logs of its checks */
	int chain_rc, hist_rc;
	struct wmsj_err chain_err, hist_err;
	pthread_t tid;
	int threaded;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int hist_done;                 /* under mu: h and h_ok are set */
	struct history h;              /* the history read, handed over */
	int h_ok;
	/* The seals, each month's findings in its own log: the newest (with
	 * its snapshot's recomputation) on the other thread, the rest by
	 * whichever thread is free first (next_month, under mu). */
	char **months;
	size_t nmonths, next_month;
	struct findings *mlog;
};

/* Months of the seals until none is left. */
static void
seal_work(struct audit_ctx *c, struct audit_bg *b)
{
	struct findings *f = c->f;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&b->mu);
		i = b->next_month < b->nmonths ? b->next_month++ : SIZE_MAX;
		pthread_mutex_unlock(&b->mu);
		if (i == SIZE_MAX)
			break;
		c->f = &b->mlog[i];
		audit_seal_month(c, b->months[i], 0);
	}
	c->f = f;
}

/* The history first (the row pass needs it, from its first close row),
 * then the views and the index against it, the chain, the newest snapshot
 * against a recomputation of its month, and the seals left.  The history
 * is shared with the caller's thread, read only on both; the caller
 * releases it. */
static void *
bg_main(void *arg)
{
	struct audit_bg *b = arg;

	audit_history_load(&b->ctx);
	pthread_mutex_lock(&b->mu);
	b->h = b->ctx.hist;
	b->h_ok = b->ctx.hist_ok;
	b->hist_done = 1;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	b->ctx.f = &b->hist;
	b->hist_rc = audit_history(&b->ctx, &b->hist_err);
	b->ctx.hist_ok = 0;   /* the caller's now */
	b->ctx.f = &b->chain;
	b->chain_rc = audit_chain(&b->ctx, &b->chain_err);
	if (b->nmonths > 0) {
		b->ctx.f = &b->mlog[0];
		audit_seal_month(&b->ctx, b->months[0], 1);
	}
	seal_work(&b->ctx, b);
	return NULL;
}

static void audit_integrity_abandon(struct audit_ctx *c);

void
audit_integrity_start(struct audit_ctx *c)
{
	struct audit_bg *b;
	struct wmsj_err err;

	if (c->bg != NULL)
		return;
	b = xcalloc(1, sizeof *b);
	b->ctx = *c;
	b->ctx.bg = NULL;
	b->ctx.bg_drop = NULL;
	b->ctx.hist_ok = 0;
	findings_log_init(&b->chain);
	findings_log_init(&b->hist);
	findings_log_init(&b->list);
	if (seal_list(c->dir, &b->months, &b->nmonths, &err) != WMSJ_OK)
		findings_add(&b->list, "error", "seal", SEAL_DIR, NULL, NULL, NULL, "%s", err.msg);
	b->mlog = xcalloc(b->nmonths + 1, sizeof *b->mlog);
	for (size_t i = 0; i < b->nmonths; i++)
		findings_log_init(&b->mlog[i]);
	b->next_month = 1;   /* the newest is bg_main's */
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	c->bg = b;
	c->bg_drop = audit_integrity_abandon;
	/* the run's clock is read once, here, not on two threads at once */
	(void)wmsj_today();
	(void)wmsj_now();
	if (pthread_create(&b->tid, NULL, bg_main, b) == 0)
		b->threaded = 1;
	else
		bg_main(b);
}

/* The history, once the other thread has read it (audit_hist: the row
 * pass needs it at its first close row, not before). */
static void
take_history(struct audit_ctx *c)
{
	struct audit_bg *b = c->bg;

	pthread_mutex_lock(&b->mu);
	while (!b->hist_done)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
	if (c->hist_ok)
		hist_release(&c->hist);
	c->hist = b->h;
	c->hist_ok = b->h_ok;
	b->h_ok = 0;
}

/* Wait for the other thread and drop what it found (c->bg_drop, called
 * by audit_ctx_release, and the end of audit_integrity_finish). */
static void
audit_integrity_abandon(struct audit_ctx *c)
{
	struct audit_bg *b = c->bg;

	if (b == NULL)
		return;
	if (b->threaded)
		pthread_join(b->tid, NULL);
	c->hist_wait = NULL;
	if (b->h_ok)   /* never taken */
		hist_release(&b->h);
	findings_release(&b->chain);
	findings_release(&b->hist);
	findings_release(&b->list);
	for (size_t i = 0; i < b->nmonths; i++) {
		findings_release(&b->mlog[i]);
		free(b->months[i]);
	}
	free(b->mlog);
	free(b->months);
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
	free(b);
	c->bg = NULL;
	c->bg_drop = NULL;
}

int
audit_integrity_finish(struct audit_ctx *c, int year, int full, struct wmsj_err *err)
{
	struct findings *f = c->f, reg, rows;
	struct audit_bg *b;
	int rc;

	audit_integrity_start(c);
	b = c->bg;
	findings_log_init(&reg);
	findings_log_init(&rows);
	c->f = &reg;
	audit_register(c);
	c->hist_wait = take_history;
	c->f = &rows;
	audit_rows(c, year, full);
	(void)audit_hist(c);
	seal_work(c, b);
	if (b->threaded)
		pthread_join(b->tid, NULL);
	b->threaded = 0;
	rc = b->chain_rc;
	if (rc == AUDIT_NO_LEDGER) {
		c->f = &b->chain;
		audit_missing_ledger(c);
		rc = WMSJ_OK;
	}
	c->f = f;
	if (rc != WMSJ_OK)
		*err = b->chain_err;
	else if ((rc = b->hist_rc) != WMSJ_OK)
		*err = b->hist_err;
	/* In the order of the checks run one after the other: the chain, the
	 * history, the seals (the newest, its snapshot, the others), the
	 * register, the rows. */
	if (rc == WMSJ_OK) {
		findings_replay(f, &b->chain);
		findings_replay(f, &b->hist);
		findings_replay(f, &b->list);
		for (size_t i = 0; i < b->nmonths; i++)
			findings_replay(f, &b->mlog[i]);
		findings_replay(f, &reg);
		findings_replay(f, &rows);
	}
	findings_release(&reg);
	findings_release(&rows);
	audit_integrity_abandon(c);
	return rc;
}
