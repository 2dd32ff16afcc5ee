/* Closing a month: the close row and its snapshot, and a missing snapshot
 * restored.  See seal.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "amount.h"
#include "clock.h"
#include "date.h"
#include "fsio.h"
#include "i18n.h"
#include "history.h"
#include "ledger.h"
#include "seal.h"
#include "util.h"


/* The snapshot of month: the state st as of its end, bound to the close
 * row (close_seq at close_off) and to where reading resumes.  version 1 is
 * the format before stock per shelf (to restore a month sealed then). */
static void
snap_text(struct sb *snap, const struct ledger_state *st, const char *month, uint64_t close_seq,
	  off_t close_off, uint64_t start_seq, off_t start_off, const char *start_prev,
	  int version)
{
	char txn[LEDGER_TXN_MAX];

	ledger_txn_format(close_seq, txn);
	sb_addf(snap, "%s\nmonth,%s\nclose_txn,%s\nclose_offset,%lld\nstart_offset,%lld\n",
		version == 1 ? SEAL_MAGIC_1 : SEAL_MAGIC, month, txn, (long long)close_off,
		(long long)start_off);
	ledger_txn_format(start_seq, txn);
	sb_addf(snap, "start_txn,%s\nstart_prev_hash,%s\n", txn, start_prev);
	if (version != 1) {
		seal_state_text(snap, st);
		return;
	}
	/* the format before stock per shelf: one town-wide count per item, in
	 * the order of its first row */
	seal_totals_text(snap, st);
	seal_accounts_text(snap, st);
	{
		size_t n = 0;

		for (size_t i = 0; i < st->nitems; i++) {
			size_t k;

			for (k = 0; k < i && strcmp(st->items[k].item, st->items[i].item) != 0; k++)
				;
			n += k == i;
		}
		sb_addf(snap, "items,%zu\n", n);
		for (size_t i = 0; i < st->nitems; i++) {
			size_t k;

			for (k = 0; k < i && strcmp(st->items[k].item, st->items[i].item) != 0; k++)
				;
			if (k == i)
				sb_addf(snap, "%s,%lld\n", st->items[i].item,
					(long long)ledger_state_stock(st, st->items[i].item));
		}
	}
}

/* The close row of a month, found by a scan (a repair is rare). */
struct close_find {
	const char *month;
	int found;
	uint64_t seq;
	off_t offset;
	char hash[65], prev[65], last[65], snap_hash[65];
};

static int
close_find_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct close_find *f = arg;
	struct ledger_totals t;

	(void)err;
	if (row->kind == LK_CLOSE && strncmp(row->ref, f->month, 7) == 0 && row->ref[7] == '\0' &&
	    seal_parse_note(row->note, &t, f->snap_hash) == 0) {
		f->found = 1;
		f->seq = row->seq;
		f->offset = row->offset;
		memcpy(f->hash, row->hash, 65);
		memcpy(f->prev, f->last, 65);
	}
	memcpy(f->last, row->hash, 65);
	return WMSJ_OK;
}

/* A month sealed whose snapshot file is missing (a process killed between
 * the close row's commit and the snapshot's write, or a file deleted):
 * rebuild the snapshot from the rows before its close row; it is written
 * only if its SHA-256 is the one the close row vouches for.  WMSJ_OK and
 * res filled as by the close (*found 0: the month has no close row of its
 * own, it was sealed by a later month's); WMSJ_REFUSED when the rows no
 * longer give the sealed snapshot. */
static int
seal_restore(const char *dir, const char *month, struct seal_result *res, int *found,
	     struct wmsj_err *err)
{
	struct ledger_state st, scan;
	struct ledger_state_opts o;
	struct close_find f;
	struct sb snap;
	char first[11], last[11], name[32], hash[65], *sdir;
	int rc;

	memset(&f, 0, sizeof f);
	f.month = month;
	memcpy(f.last, ledger_zero_hash, 65);
	memset(&o, 0, sizeof o);
	o.flags = LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS;
	o.cb = close_find_cb;
	o.cb_arg = &f;
	ledger_state_init(&scan);
	rc = ledger_state_load(&scan, dir, &o, err);
	ledger_state_release(&scan);
	if (rc != WMSJ_OK)
		return rc;
	*found = f.found;
	if (!f.found)
		return WMSJ_OK;   /* sealed through a later month: nothing to restore */
	wmsj_month_range(atoi(month), atoi(month + 5), first, last);
	memset(&o, 0, sizeof o);
	o.flags = LEDGER_NO_SNAPSHOT;
	o.as_of = last;
	o.period_from = first;
	o.period_to = last;
	o.max_seq = f.seq - 1;
	ledger_state_init(&st);
	if (f.seq > 1)
		rc = ledger_state_load(&st, dir, &o, err);
	if (rc != WMSJ_OK) {
		ledger_state_release(&st);
		return rc;
	}
	sb_init(&snap);
	/* this format, else the one before stock per shelf (a month sealed
	 * then): whichever the close row vouches for */
	for (int version = 2; version >= 1; version--) {
		sb_reset(&snap);
		if (f.seq > 1 && st.after_seq <= st.last_seq)
			snap_text(&snap, &st, month, f.seq, f.offset, st.after_seq, st.after_offset,
				  st.after_prev_hash, version);
		else
			snap_text(&snap, &st, month, f.seq, f.offset, f.seq, f.offset, f.prev,
				  version);
		seal_sha_hex(snap.buf, snap.len, hash);
		if (strcmp(hash, f.snap_hash) == 0)
			break;
	}
	if (strcmp(hash, f.snap_hash) != 0) {
		rc = wmsj_err_set(err, WMSJ_REFUSED,
				  _("the snapshot of '%s' cannot be restored: the rows before its close row no longer give what was sealed"),
				  month);
		goto out;
	}
	memset(res, 0, sizeof *res);
	ledger_txn_format(f.seq, res->txn);
	memcpy(res->hash, f.hash, 65);
	memcpy(res->snapshot_hash, hash, 65);
	res->month = st.period;
	res->total = st.total;
	res->accounts = st.naccounts;
	res->items = st.nitems;
	sdir = fsio_path(dir, SEAL_DIR);
	snprintf(name, sizeof name, "%s.csv", month);
	if (mkdir(sdir, 0700) != 0 && errno != EEXIST)
		rc = wmsj_err_sys(err, errno, _("cannot create '%s'"), SEAL_DIR);
	else
		rc = fsio_rewrite(sdir, name, snap.buf, snap.len, err);
	free(sdir);
out:
	sb_release(&snap);
	ledger_state_release(&st);
	return rc;
}

int
seal_close(struct ledger_writer *w, const char *month, const char *clerk,
	   struct seal_result *res, struct wmsj_err *err)
{
	struct ledger_state st;
	struct ledger_state_opts o;
	struct ledger_entry e;
	struct sb snap, note;
	char first[11], last[11], name[32], hours[32];
	char *sdir = NULL;
	const char *dir = ledger_writer_dir(w);
	off_t close_off, start_off;
	uint64_t close_seq, start_seq;
	const char *start_prev;
	int rc;

	memset(res, 0, sizeof *res);
	if (month == NULL || !seal_is_month(month, strlen(month)))
		return wmsj_err_set(err, WMSJ_USAGE, _("'%s' is not a month YYYY-MM"),
				    month ? month : "");
	wmsj_month_range(atoi(month), atoi(month + 5), first, last);
	if (strcmp(last, wmsj_today()) >= 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("month '%s' is not over yet (its last day is %s)"), month, last);
	if (ledger_writer_pending(w) != 0)
		return wmsj_err_set(err, WMSJ_USAGE, _("a month is closed in a batch of its own"));
	ledger_state_init(&st);
	memset(&o, 0, sizeof o);
	o.as_of = last;
	o.period_from = first;
	o.period_to = last;
	rc = ledger_state_load(&st, dir, &o, err);
	if (rc != WMSJ_OK)
		goto out;
	if (st.sealed[0] != '\0' && strcmp(st.sealed, month) >= 0) {
		char *sp, sname[32];
		struct stat sst;

		/* Closing a sealed month again restores its missing snapshot. */
		snprintf(sname, sizeof sname, "%s/%s.csv", SEAL_DIR, month);
		sp = fsio_path(dir, sname);
		rc = lstat(sp, &sst) != 0 && errno == ENOENT;
		free(sp);
		if (rc) {
			int found = 0;

			rc = seal_restore(dir, month, res, &found, err);
			if (rc != WMSJ_OK || found)
				goto out;
		}
		rc = wmsj_err_set(err, WMSJ_REFUSED,
				  _("month '%s' is already sealed (the ledger is sealed through '%s')"),
				  month, st.sealed);
		goto out;
	}
	close_off = ledger_writer_offset(w);
	close_seq = ledger_writer_next_seq(w);
	if (st.size != close_off || st.last_seq + 1 != close_seq) {
		rc = wmsj_err_set(err, WMSJ_SYSERR, _("'%s' changed while the month was being sealed"),
				  LEDGER_FILE);
		goto out;
	}
	if (st.after_offset < close_off) {
		start_off = st.after_offset;
		start_seq = st.after_seq;
		start_prev = st.after_prev_hash;
	} else {
		start_off = close_off;
		start_seq = close_seq;
		start_prev = ledger_writer_last_hash(w);
	}
	sb_init(&snap);
	sb_init(&note);
	snap_text(&snap, &st, month, close_seq, close_off, start_seq, start_off, start_prev, 2);
	seal_sha_hex(snap.buf, snap.len, res->snapshot_hash);

	/* The close row first: the month is sealed once it is committed.  The
	 * snapshot is written after it, so a process killed in between leaves a
	 * sealed month without a snapshot (queries then read more rows), never
	 * a snapshot that no close row vouches for. */
	wmsj_hours_fmt(st.period.hours, WMSJ_HOURS_CENTI, hours);
	sb_addf(&note, "rows=%llu;earned=%lld;redeemed=%lld;cleared=%lld;hours=%s;",
		(unsigned long long)st.period.rows, (long long)st.period.earned,
		(long long)st.period.redeemed, (long long)st.period.cleared, hours);
	/* The seal covers the registers too: the head of their history. */
	{
		struct history h;
		char head[96];

		rc = hist_load_for_write(&h, ledger_writer_dir(w), err);
		hist_head(&h, head);
		hist_release(&h);
		if (rc != WMSJ_OK)
			goto out2;
		if (head[0] != '\0')
			sb_addf(&note, "history=%s;", head);
	}
	sb_addf(&note, "snapshot=%s", res->snapshot_hash);
	memset(&e, 0, sizeof e);
	e.kind = LK_CLOSE;
	e.reverses = LK_NONE;
	e.date = last;
	e.ref = month;
	e.recorder = clerk;
	e.note = note.buf;
	rc = ledger_writer_add(w, &e, res->txn, err);
	if (rc == WMSJ_OK)
		rc = ledger_writer_commit(w, err);
	if (rc != WMSJ_OK)
		goto out2;
	memcpy(res->hash, ledger_writer_last_hash(w), 65);
	res->month = st.period;
	res->total = st.total;
	res->accounts = st.naccounts;
	res->items = st.nitems;

	sdir = fsio_path(dir, SEAL_DIR);
	snprintf(name, sizeof name, "%s.csv", month);
	if (mkdir(sdir, 0700) != 0 && errno != EEXIST)
		wmsj_err_sys(err, errno, _("cannot create '%s'"), SEAL_DIR);
	else if (fsio_rewrite(sdir, name, snap.buf, snap.len, err) == WMSJ_OK)
		goto out2;
	/* The month is sealed all the same: a warning, not an error. */
	snprintf(res->snapshot_error, sizeof res->snapshot_error, "%s", err->msg);
	wmsj_err_clear(err);
out2:
	free(sdir);
	sb_release(&snap);
	sb_release(&note);
out:
	ledger_state_release(&st);
	return rc;
}
