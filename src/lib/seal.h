/* Month seals and balance snapshots.  Owner: h5a (seal.c).
 *
 * `wmsj-points close --month M` seals M and every month before it: it appends
 * one close row to ledger.csv (kind=close, dated the last day of M, ref=M,
 * note "rows=N;earned=N;redeemed=N;cleared=N;hours=H;snapshot=HEX64" with
 * the month's totals) and writes the snapshot DIR/seals/M.csv (0600, atomic):
 * the state as of the end of M, so that later queries read only the rows
 * after it.  The snapshot is bound to the chain: HEX64 in the close row is
 * the SHA-256 of the whole snapshot file, and the close row is itself chained.
 *
 * seal.c lists, verifies and loads snapshots (below the ledger's loader,
 * ledger_load.c, which calls seal_load); seal_close.c closes a month (above
 * the loader and the writer).
 *
 * Snapshot format (LF lines, fields split on ','; ids never hold , or "):
 *   wmsj-seal,2
 *   month,YYYY-MM
 *   close_txn,T...          the close row's txn
 *   close_offset,N          byte offset of the close row in ledger.csv
 *   start_offset,N          where reading resumes: the first row in file order
 *                           dated after M, or the close row if none is earlier
 *   start_txn,T...          the row at start_offset
 *   start_prev_hash,HEX64   the hash of the row before start_offset
 *   totals,rows,earned,redeemed,cleared,hours,stock_in,stock_out,awards,redeems,clears,reverses,stocks
 *                           (12 numbers after the tag: struct ledger_totals as of end of M)
 *   accounts,N
 *   N lines: volunteer,earned,redeemed,cleared,balance,hours,cleared_year,cleared_seq,rows
 *   shelves,N
 *   N lines: station,item,qty   the stock per shelf (struct ledger_stock;
 *                           station empty = the institute's shelf)
 * hours are centi-hours here.  Format 1 ("wmsj-seal,1", written before
 * stock was kept per shelf) ended in "items,N" and N lines "item,qty", the
 * town's stock: seal_verify still checks its binding (a month sealed then
 * stays sealed, and closing it again restores it in that format), but
 * seal_load never believes it, so the rows are read instead.  Rows before start_offset are all dated <= M
 * and are in the snapshot; rows from start_offset up to the close row dated
 * <= M are in it too; every other row is not.
 *
 * A snapshot is believed only when: the file parses, its SHA-256 equals the
 * snapshot= hash of the row at close_offset, that row is the close row of M
 * with txn close_txn, its hash recomputes from its bytes and the previous
 * row's hash, the row at start_offset is start_txn, and the row before it
 * has hash start_prev_hash.  Anything else: not believed (full scan). */
#ifndef WMSJ_SEAL_H
#define WMSJ_SEAL_H

#include <stdint.h>
#include <sys/types.h>
#include "err.h"
#include "ledger.h"

#define SEAL_DIR "seals"
#define SEAL_MAGIC "wmsj-seal,2"
/* The format before stock was kept per shelf: still bound to its close row
 * (seal_verify), never loaded (seal_load: the rows are read instead). */
#define SEAL_MAGIC_1 "wmsj-seal,1"

struct seal_info {
	char month[8];
	uint64_t close_seq;
	off_t close_offset;
	uint64_t start_seq;
	off_t start_offset;
	char start_prev_hash[65];
	char close_hash[65];       /* the close row's hash (seal_verify fills it) */
	char close_prev_hash[65];  /* the hash of the row before the close row */
	char file_hash[65];        /* SHA-256 of the snapshot file */
	int version;               /* 2, or 1 (never loaded) */
};

struct seal_result {
	char txn[LEDGER_TXN_MAX];  /* the close row */
	char hash[65];             /* its chained hash: the seal to publish */
	char snapshot_hash[65];
	struct ledger_totals month;   /* the month's totals (rows dated in M) */
	struct ledger_totals total;   /* everything dated <= end of M */
	size_t accounts, items;
	/* Set when the month was sealed but its snapshot file could not be
	 * written (e.g. a full disk): the seal stands, queries read more rows. */
	char snapshot_error[1024];
};

/* Close month (YYYY-MM).  The caller holds the lock and an open writer with
 * no pending rows (ledger_writer_open has recovered and verified the ledger).
 * Refuses (WMSJ_REFUSED): a malformed month; a month not yet over (its last
 * day >= wmsj_today()); a month at or before the one already sealed.
 * Computes the state as of the month's end, appends and commits the close
 * row (recorder = clerk) whose note holds the snapshot's SHA-256, then writes
 * DIR/seals/M.csv.  If the commit fails nothing is sealed and nothing written.
 * If only the snapshot cannot be written the month is sealed all the same:
 * WMSJ_OK with res->snapshot_error set. */
int seal_close(struct ledger_writer *w, const char *month, const char *clerk,
	       struct seal_result *res, struct wmsj_err *err);

/* A snapshot's body: totals, accounts and shelves of st, as the format
 * above gives them (seal_totals_text, seal_accounts_text: one part), and
 * parsed back into st (empty): 0, or -1 when it does not parse or lists a
 * volunteer or a shelf twice.  The state checkpoint (ledger_ckpt.h) holds
 * the same body. */
struct sb;
void seal_state_text(struct sb *out, const struct ledger_state *st);
void seal_totals_text(struct sb *out, const struct ledger_state *st);
void seal_accounts_text(struct sb *out, const struct ledger_state *st);
int seal_state_parse(const char *buf, size_t len, struct ledger_state *st);

/* Months with a snapshot file in DIR/seals, newest first (malloc'ed array of
 * malloc'ed "YYYY-MM"; free each and the array).  No seals dir = 0 months. */
int seal_list(const char *dir, char ***months, size_t *n, struct wmsj_err *err);

/* Check the binding of DIR/seals/MONTH.csv to ledger.csv (see above).
 * WMSJ_OK and *info filled, or WMSJ_REFUSED with a message saying what does
 * not check out ("seals/2026-03.csv: ..."), or SYSERR. */
int seal_verify(const char *dir, const char *month, struct seal_info *info, struct wmsj_err *err);

/* The head of DIR/seals/MONTH.csv alone (close_offset, start_offset, ...),
 * nothing verified: 0, or -1.  For a writer that only needs to know
 * whether its own checkpoint is newer than the seal. */
int seal_head(const char *dir, const char *month, struct seal_info *info);

/* Verify, then load the snapshot's accounts, items and totals into st (which
 * must be empty).  Used by ledger_state_load; REFUSED as seal_verify. */
int seal_load(const char *dir, const char *month, struct ledger_state *st, struct seal_info *info,
	      struct wmsj_err *err);

/* Parse a close row's note: the month totals and the snapshot hash (65 bytes,
 * "" if absent).  0 on success, -1 when the note is not a close note. */
int seal_parse_note(const char *note, struct ledger_totals *t, char snapshot_hash[65]);
/* The register history's head a close note names ("history=R<seq>:<hex>;",
 * written before "snapshot=" since the history exists): 1 and the
 * sequence and hash, 0 when the note names none, -1 when malformed. */
int seal_note_history(const char *note, uint64_t *seq, char hash[65]);

/* For seal.c and seal_close.c: a month "YYYY-MM" in s[0..n) (from year
 * 1000); the SHA-256 of p[0..n) as 64 hex + NUL. */
int seal_is_month(const char *s, size_t n);
void seal_sha_hex(const void *p, size_t n, char out[65]);

#endif
