/* The ledger's writer: a verified tail, a batch of rows, one append.  See
 * ledger.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fsio.h"
#include "ledger.h"
#include "ledger_int.h"
#include "seal.h"
#include "util.h"

struct ledger_writer {
	char *dir;
	struct sb batch;
	size_t pending;
	uint64_t next_seq, committed_seq;
	char last[65], committed_last[65];
	off_t committed_size;
};

/* Bytes up to which a writer verifies the whole chain (default 64 MiB,
 * about 280,000 rows; ledger_writer_verify_limit). */
static off_t verify_limit = (off_t)64 << 20;

void
ledger_writer_verify_limit(const char *bytes)
{
	char *end;
	long long v;

	verify_limit = (off_t)64 << 20;
	if (bytes != NULL && *bytes != '\0') {
		v = strtoll(bytes, &end, 10);
		if (*end == '\0' && v >= 0)
			verify_limit = (off_t)v;
	}
}

/* Verify from the newest seal that checks out (or the start) to the end. */
static int
verify_tail(struct ledger_writer *w, struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct ledger_row row;
	char **months = NULL;
	size_t nm = 0;
	int rc;

	rc = ledger_open(&r, w->dir, LEDGER_VERIFY, err);
	if (rc != WMSJ_OK)
		return rc;
	/* A station's ledger is small: verify all of it before extending it.
	 * Only a large one (a province's) starts at the newest seal and leaves
	 * the older rows to the nightly 'wmsj-audit verify'. */
	if (ledger_size(r) > verify_limit &&
	    seal_list(w->dir, &months, &nm, NULL) == WMSJ_OK) {
		for (size_t i = 0; i < nm; i++) {
			struct seal_info si;
			struct wmsj_err e2;

			/* The close row's hash recomputes from the row before it:
			 * verification can start there. */
			if (seal_verify(w->dir, months[i], &si, &e2) != WMSJ_OK)
				continue;
			if (ledger_seek(r, si.close_offset, si.close_prev_hash, si.close_seq,
					NULL) == WMSJ_OK)
				break;
		}
		for (size_t i = 0; i < nm; i++)
			free(months[i]);
		free(months);
	}
	while ((rc = ledger_next(r, &row, err)) == 1)
		;
	if (rc == 0) {
		const struct ledger_chain *c = ledger_reader_chain(r);

		w->next_seq = c->next_seq;
		memcpy(w->last, c->prev, 65);
		w->committed_size = ledger_size(r);
	}
	ledger_close(r);
	return rc;
}

int
ledger_writer_open(struct ledger_writer **wp, const char *dir, struct wmsj_err *err)
{
	struct ledger_writer *w;
	int repaired = 0, rc;
	off_t size;

	*wp = NULL;
	rc = fsio_recover(dir, LEDGER_FILE, &repaired, err);
	if (rc != WMSJ_OK)
		return rc;
	size = fsio_stable_size(dir, LEDGER_FILE, err);
	if (size < 0)
		return err != NULL && err->status ? err->status : WMSJ_SYSERR;
	if (size == 0) {
		rc = fsio_append(dir, LEDGER_FILE, LEDGER_HEADER "\n", strlen(LEDGER_HEADER) + 1, err);
		if (rc != WMSJ_OK)
			return rc;
	}
	w = xcalloc(1, sizeof *w);
	w->dir = xstrdup(dir);
	sb_init(&w->batch);
	rc = verify_tail(w, err);
	if (rc != WMSJ_OK) {
		ledger_writer_release(w);
		return rc;
	}
	w->committed_seq = w->next_seq;
	memcpy(w->committed_last, w->last, 65);
	*wp = w;
	return WMSJ_OK;
}

void
ledger_writer_release(struct ledger_writer *w)
{
	if (w == NULL)
		return;
	sb_release(&w->batch);
	free(w->dir);
	free(w);
}

uint64_t
ledger_writer_next_seq(const struct ledger_writer *w)
{
	return w->next_seq;
}

const char *
ledger_writer_last_hash(const struct ledger_writer *w)
{
	return w->last;
}

size_t
ledger_writer_pending(const struct ledger_writer *w)
{
	return w->pending;
}

off_t
ledger_writer_offset(const struct ledger_writer *w)
{
	return w->committed_size + (off_t)w->batch.len;
}

const char *
ledger_writer_dir(const struct ledger_writer *w)
{
	return w->dir;
}
int
ledger_writer_add(struct ledger_writer *w, const struct ledger_entry *e,
		  char txn_out[LEDGER_TXN_MAX], struct wmsj_err *err)
{
	char h[65];
	int rc;

	rc = ledger_entry_check(e, err);
	if (rc != WMSJ_OK)
		return rc;
	ledger_row_format(&w->batch, w->next_seq, e, wmsj_now(), w->last, h);
	if (txn_out != NULL)
		ledger_txn_format(w->next_seq, txn_out);
	memcpy(w->last, h, 65);
	w->next_seq++;
	w->pending++;
	return WMSJ_OK;
}

int
ledger_writer_commit(struct ledger_writer *w, struct wmsj_err *err)
{
	int rc;

	if (w->pending == 0)
		return WMSJ_OK;
	rc = fsio_append(w->dir, LEDGER_FILE, w->batch.buf, w->batch.len, err);
	if (rc != WMSJ_OK) {
		/* Nothing was written: forget the batch. */
		w->next_seq = w->committed_seq;
		memcpy(w->last, w->committed_last, 65);
	} else {
		w->committed_size += (off_t)w->batch.len;
		w->committed_seq = w->next_seq;
		memcpy(w->committed_last, w->last, 65);
	}
	sb_reset(&w->batch);
	w->pending = 0;
	return rc;
}
