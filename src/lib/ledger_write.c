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

/* The writer's checkpoint, DIR/.ledger.chk: "SEQ,OFFSET,HASH" of a row up
 * to which a writer verified the whole chain (from the first row, from a
 * seal or from an older checkpoint).  Like a seal's close row, it is only a
 * place to start: believed when the row at OFFSET is T<SEQ> with hash HASH
 * chained from the line before it; anything else and it is ignored. */
#define CHK_FILE ".ledger.chk"
/* Rows verified beyond the checkpoint before a writer moves it up. */
#define CHK_EVERY 4096

struct start {
	off_t offset;
	uint64_t seq;
	char prev[65];
};

/* Where the checkpoint lets verification start, in *st: 0, or -1. */
static int
checkpoint_start(const char *dir, const struct ledger_reader *r, struct start *st)
{
	struct wmsj_err e2;
	char *buf, hash[65], *line;
	size_t len, n, maplen, pos;
	unsigned long long seq, off;
	const char *base = ledger_reader_map(r, &maplen, &pos), *nl;
	uint64_t lseq;
	size_t hl = strlen(LEDGER_HEADER) + 1;
	int ok;

	buf = NULL;
	if (base == NULL || fsio_read_in(dir, CHK_FILE, &buf, &len, &e2) != WMSJ_OK || buf == NULL) {
		free(buf);
		return -1;
	}
	ok = sscanf(buf, "%llu,%llu,%64[0-9a-f]", &seq, &off, hash) == 3 && strlen(hash) == 64;
	free(buf);
	if (!ok || off < hl || off >= maplen || base[off - 1] != '\n')
		return -1;
	line = (char *)base + off;
	nl = memchr(line, '\n', maplen - off);
	if (nl == NULL || (n = (size_t)(nl - line)) < 66 || memcmp(nl - 64, hash, 64) != 0 ||
	    nl[-65] != ',')
		return -1;
	{
		const char *c = memchr(line, ',', n);

		if (c == NULL || ledger_parse_seq(line, (size_t)(c - line), &lseq) != 0 || lseq != seq)
			return -1;
	}
	if (off == hl) {
		memcpy(st->prev, ledger_zero_hash, 65);
	} else {
		if (off < hl + 66 || base[off - 66] != ',')
			return -1;
		memcpy(st->prev, base + off - 65, 64);
		st->prev[64] = '\0';
	}
	st->offset = (off_t)off;
	st->seq = seq;
	return 0;
}

/* Where the newest seal that checks out lets verification start: 0 or -1. */
static int
seal_start(const char *dir, struct start *st)
{
	char **months = NULL;
	size_t nm = 0;
	int found = -1;

	if (seal_list(dir, &months, &nm, NULL) != WMSJ_OK)
		return -1;
	for (size_t i = 0; i < nm && found != 0; i++) {
		struct seal_info si;
		struct wmsj_err e2;

		/* The close row's hash recomputes from the row before it:
		 * verification can start there. */
		if (seal_verify(dir, months[i], &si, &e2) != WMSJ_OK)
			continue;
		st->offset = si.close_offset;
		st->seq = si.close_seq;
		memcpy(st->prev, si.close_prev_hash, 65);
		found = 0;
	}
	for (size_t i = 0; i < nm; i++)
		free(months[i]);
	free(months);
	return found;
}

/* May the newest seal start after offset (or can its head not be read)?
 * Only then is it worth verifying. */
static int
seal_newer(const char *dir, off_t offset)
{
	char **months = NULL;
	size_t nm = 0;
	struct seal_info si;
	int newer = 0;

	if (seal_list(dir, &months, &nm, NULL) != WMSJ_OK)
		return 1;
	if (nm > 0)
		newer = seal_head(dir, months[0], &si) != 0 || si.close_offset > offset;
	for (size_t i = 0; i < nm; i++)
		free(months[i]);
	free(months);
	return newer;
}

/* Verify from the newest place that lets it start (a seal that checks out,
 * the writer's checkpoint) or from the start, to the end; move the
 * checkpoint up when many rows were verified past it. */
static int
verify_tail(struct ledger_writer *w, struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct ledger_row row;
	off_t last_off = -1;
	uint64_t rows = 0;
	int rc;

	rc = ledger_open(&r, w->dir, LEDGER_VERIFY, err);
	if (rc != WMSJ_OK)
		return rc;
	/* A station's ledger is small: verify all of it before extending it.
	 * Only a large one (a county's) starts at the newest seal or
	 * checkpoint and leaves the older rows to the nightly
	 * 'wmsj-audit verify'. */
	if (ledger_size(r) > ledger_writer_verify_bytes()) {
		struct start a, b, *use = NULL;

		if (checkpoint_start(w->dir, r, &b) == 0 && !seal_newer(w->dir, b.offset))
			use = &b;   /* no seal to verify: the checkpoint is newer */
		else {
			if (seal_start(w->dir, &a) == 0)
				use = &a;
			if (checkpoint_start(w->dir, r, &b) == 0 &&
			    (use == NULL || b.offset > use->offset))
				use = &b;
		}
		/* (a seek that fails leaves the reader at the start) */
		if (use != NULL)
			(void)ledger_seek(r, use->offset, use->prev, use->seq, NULL);
	}
	while ((rc = ledger_next(r, &row, err)) == 1) {
		rows++;
		last_off = row.offset;
	}
	if (rc == 0) {
		const struct ledger_chain *c = ledger_reader_chain(r);

		w->next_seq = c->next_seq;
		memcpy(w->last, c->prev, 65);
		w->committed_size = ledger_size(r);
		if (rows > CHK_EVERY && last_off >= 0) {
			char chk[128];
			struct wmsj_err e2;
			int k = snprintf(chk, sizeof chk, "%llu,%lld,%s\n",
					 (unsigned long long)(c->next_seq - 1), (long long)last_off,
					 c->prev);

			if (k > 0 && (size_t)k < sizeof chk)
				(void)fsio_rewrite_aside(w->dir, CHK_FILE, chk, (size_t)k, &e2);
		}
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
