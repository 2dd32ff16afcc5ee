/* The points ledger, DIR/ledger.csv: one append-only journal of every
 * movement of points and goods, hash-chained.  Owner: h5a (ledger.c).
 *
 * Columns (exactly this header, this order; documented in wmsj(5)):
 *   txn        T + sequence number, 8+ digits: T00000001 is the first row
 *              (line 2).  Consecutive; a gap or repeat is tampering.
 *   date       event date YYYY-MM-DD
 *   kind       award | redeem | stock | clear | reverse | close
 *   volunteer  volunteer id (empty for stock and close)
 *   station    station code (the volunteer's station when recorded; the shelf's
 *              station for stock, may be empty; empty for close)
 *   points     signed integer: + earned, - redeemed/cleared; reverse = -original
 *   hours      signed exact decimal (award hours; reverse = -original)
 *   item       goods code (stock, redeem, and their reversals)
 *   qty        signed change of the shelf: stock +N, redeem -N, reverse -original;
 *              the shelf is the row's station ("" = the institute's shelf),
 *              see struct ledger_stock
 *   activity   activity id (award)
 *   ref        reverse: txn reversed; close: the month sealed YYYY-MM;
 *              redeem: card number used; clear: reason A|B|C;
 *              award: application id when approved from an application
 *   reverses   for kind=reverse, the kind of the row reversed; else empty
 *   recorded   YYYY-MM-DDTHH:MM:SS when the row was written
 *   recorder   who recorded it (clerk / certifier / approver)
 *   certifier  award: 认定人
 *   supervisor award: 监督员
 *   approver   clear, reverse: who approved
 *   note       free text (no control characters): donor, reason, close totals
 *   hash       lowercase hex SHA-256 of: previous row's hash (64 '0' for the
 *              first row) + the row's bytes up to and excluding ",hash\n"
 *
 * Every row is exactly one physical line (free text may be quoted for commas
 * and quotes but never holds a newline), so line = sequence + 1.
 * Empty points/hours/qty read as 0.  The file is LF-terminated UTF-8, no BOM;
 * a stream (ledger_open_stream) may have a BOM and CRLF line ends.
 *
 * A close row (kind=close) is dated the last day of the month it seals, has
 * ref = that month, and its note reads
 *   "rows=N;earned=N;redeemed=N;cleared=N;hours=H;snapshot=HEX64"
 * (the month's totals and the SHA-256 of DIR/seals/MONTH.csv, see seal.h).
 * Invariant kept by every writer: once month M is closed, no row is dated in
 * M or earlier (ledger_state.sealed says which month that is). */
#ifndef WMSJ_LEDGER_H
#define WMSJ_LEDGER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "err.h"
#include "util.h"

#define LEDGER_FILE "ledger.csv"
#define LEDGER_HEADER "txn,date,kind,volunteer,station,points,hours,item,qty,activity," \
	"ref,reverses,recorded,recorder,certifier,supervisor,approver,note,hash"
#define LEDGER_NCOLS 19
#define LEDGER_TXN_MAX 24      /* "T" + up to 20 digits + NUL */
#define LEDGER_TEXT_MAX 400    /* bytes in one free-text field (note, names) */
#define LEDGER_POINTS_MAX INT64_C(1000000000000)   /* |points|, |qty|, |centi-hours| */

enum ledger_kind { LK_AWARD, LK_REDEEM, LK_STOCK, LK_CLEAR, LK_REVERSE, LK_CLOSE, LK_NONE };
/* "award" ... "close"; "" for LK_NONE. */
const char *ledger_kind_name(enum ledger_kind k);
/* LK_NONE when s[0..n) is not a kind name. */
enum ledger_kind ledger_kind_parse(const char *s, size_t n);

/* "T%08llu" into out (LEDGER_TXN_MAX bytes).  Parse returns 0 and the
 * sequence number, or -1 when s is not T followed by 1-20 digits. */
void ledger_txn_format(uint64_t seq, char out[LEDGER_TXN_MAX]);
int ledger_txn_parse(const char *s, uint64_t *seq);

/* One row as read.  String fields point into the reader's buffer, unquoted
 * and NUL-terminated (empty string when the field is empty), valid until the
 * next ledger_next()/ledger_close() call. */
struct ledger_row {
	size_t line;           /* physical line in the file (2 = first row) */
	off_t offset;          /* byte offset of the line */
	uint64_t seq;          /* from txn */
	enum ledger_kind kind;
	enum ledger_kind reverses;  /* LK_NONE unless kind == LK_REVERSE */
	int64_t points, hours, qty; /* hours in centi-hours */
	const char *txn, *date, *volunteer, *station, *item, *activity, *ref;
	const char *recorded, *recorder, *certifier, *supervisor, *approver, *note, *hash;
	const char *raw;       /* the whole line without "\n" (as in the file) */
	size_t rawlen;
};

/* ---- reader ---------------------------------------------------------------
 *
 * Sequential reader over DIR/ledger.csv (mmap of the stable size, see
 * fsio_stable_size: a reader never sees a half-appended batch), or over any
 * stream with the same header (wmsj-points export | ...).  Every row is
 * checked for the ledger's own format (19 fields, txn, date, kind, numbers,
 * hash); a bad row is WMSJ_BADDATA "NAME:LINE: row is not the ledger's own
 * format (...)".  With LEDGER_VERIFY the chain and the sequence are checked
 * as rows are read, and the first break is BADDATA "ledger.csv:LINE: hash does
 * not match the row" / "sequence 'T..' where 'T..' was expected" / "last line
 * is incomplete".  A missing ledger reads as empty.  Memory: one line. */
enum {
	LEDGER_VERIFY = 1,       /* check chain + sequence while reading */
	LEDGER_NO_SNAPSHOT = 2,  /* ledger_state_load: never use a seal snapshot
				  * (also after ledger_no_snapshot(1): the tools'
				  * cli_init when $WMSJ_NO_SNAPSHOT is non-empty) */
	LEDGER_ALL_ROWS = 4,     /* ledger_state_load: read every row (full scan) */
	LEDGER_RANDOM = 8        /* ledger_open: rows will be read here and there
				  * (ledger_seek), not front to back: no
				  * read-ahead of the whole file */
};
struct ledger_reader;
int ledger_open(struct ledger_reader **r, const char *dir, unsigned flags, struct wmsj_err *err);
/* path "-" = stdin, shown as "-" in messages.  No chain or sequence check
 * (a stream may be filtered); rows are still format-checked. */
int ledger_open_stream(struct ledger_reader **r, const char *path, struct wmsj_err *err);
/* Over a caller's buffer (kept by the caller until ledger_close); name is
 * used in messages.  flags as ledger_open.  For tests and the fuzzer. */
int ledger_open_buffer(struct ledger_reader **r, const char *name, const char *buf, size_t len,
		       unsigned flags, struct wmsj_err *err);
/* Continue reading at byte offset (the start of a line: a seal's start
 * offset), where the row before has hash prev_hash (64 hex; NULL = all zero)
 * and the next row is sequence next_seq.  Not for stdin streams. */
int ledger_seek(struct ledger_reader *r, off_t offset, const char *prev_hash, uint64_t next_seq,
		struct wmsj_err *err);
/* 1 = a row, 0 = end; on error returns the wmsj status (>= 2) with err set.
 * (rc = ledger_next(r, &row, err); if (rc > 1) fail; if (rc == 0) done.) */
int ledger_next(struct ledger_reader *r, struct ledger_row *row, struct wmsj_err *err);
/* Size in bytes of what the reader covers (0 for a stream). */
off_t ledger_size(const struct ledger_reader *r);
void ledger_close(struct ledger_reader *r);

/* ---- the chain ------------------------------------------------------------
 *
 * The one chain verifier: the reader (LEDGER_VERIFY and the sequence), the
 * writer's check before it appends, a seal's close row and wmsj-audit's
 * byte-by-byte check all step a struct ledger_chain over the rows.
 * ledger_chain_start: the row before has hash prev_hash (NULL = the zero
 * hash) and the next row must be sequence next_seq.  ledger_chain_step
 * checks one row: its sequence seq (NULL when its txn does not parse: no
 * sequence check), and when check_hash, that hash (64 hex) is the hash of
 * row[0..hashin) chained from the one before.  Returns 0 or LEDGER_CHAIN_*
 * bits, and always moves on: the next row follows this one (next_seq =
 * *seq + 1, prev = hash), so a scan can report every break. */
/* s[0..n) is a hash as rows carry it: 64 lowercase hex digits. */
int ledger_is_hash(const char *s, size_t n);
struct ledger_chain {
	uint64_t next_seq;
	char prev[65];
};
enum {
	LEDGER_CHAIN_BACK = 1,   /* the sequence is below the expected one */
	LEDGER_CHAIN_GAP = 2,    /* the sequence is above it */
	LEDGER_CHAIN_HASH = 4    /* the hash does not match the row */
};
void ledger_chain_start(struct ledger_chain *c, const char *prev_hash, uint64_t next_seq);
unsigned ledger_chain_step(struct ledger_chain *c, const uint64_t *seq, const char *row,
			   size_t hashin, const char *hash, int check_hash);

/* hash = sha256(prev_hex || line[0..len)) as 64 lowercase hex + NUL, where
 * line[0..len) is the row up to and excluding ",hash". */
void ledger_hash(const char prev_hex[65], const char *line, size_t len, char out_hex[65]);
/* The hash a chained line at off of fd was chained from: the zero hash
 * when off is the first line after a header of header_len bytes (its '\n'
 * included), else the hash that ends the line before (",HEX64\n" right
 * before off).  0, or -1 when the bytes there are not that.  The ledger's
 * index and the history's read single lines with it. */
int ledger_prev_hash_at(int fd, off_t off, size_t header_len, char prev[65]);
/* One row read with pread (not through a map: it touches only the bytes
 * it reads, whatever the ledger's size) and checked by a one-line reader;
 * the row's strings live until ledger_onerow_release.  ledger_row_at: the
 * row at offset off of ledger.csv (fd, size bytes), its format and its hash
 * chained from the line before it checked: 1 and *row (o released first),
 * or 0 (not a row that checks out).  For the derived files bound to a row
 * (ledger_index.h, ledger_ckpt.h). */
struct ledger_onerow {
	struct ledger_reader *r;
	char *buf;
};
int ledger_row_at(int fd, uint64_t size, uint64_t off, struct ledger_onerow *o,
		  struct ledger_row *row);
void ledger_onerow_release(struct ledger_onerow *o);
/* The all-zero hash that precedes the first row. */
extern const char ledger_zero_hash[65];

/* Find the row with sequence seq in DIR/ledger.csv (binary search on the
 * sequence, O(log rows)); copies it into *out (strings owned by out, free
 * with ledger_found_release).  *reversed_by receives the sequence of a later
 * reverse row whose ref is this txn, 0 if none (that part is a scan of the
 * rows after it).  Returns WMSJ_OK, WMSJ_REFUSED "no ledger row 'T..'", or
 * BADDATA/SYSERR. */
struct ledger_found {
	struct ledger_row row;
	char *buf;   /* owns the row's strings */
};
int ledger_find_txn(const char *dir, uint64_t seq, struct ledger_found *out, uint64_t *reversed_by,
		    struct wmsj_err *err);
void ledger_found_release(struct ledger_found *f);

/* ---- writer ---------------------------------------------------------------
 *
 * The caller holds fsio_lock(dir).  ledger_writer_open runs fsio_recover on
 * ledger.csv, creates it with its header (0600) when missing, refuses a last
 * line without newline (BADDATA: damaged or torn), and verifies the chain and
 * sequence from the newest trusted seal (or from the first row) to the end:
 * a broken chain is BADDATA naming ledger.csv:LINE and what is wrong, and the
 * ledger is then not written.  (Whole-file verification is wmsj-audit's.)
 *
 * ledger_writer_add validates and buffers one row: assigns txn = next
 * sequence (copied to txn_out when non-NULL), recorded = wmsj_now(), the hash
 * chained from the previous row (or the previous buffered row).
 * ledger_writer_commit writes the whole batch with ONE fsio_append: all rows
 * or none.  After commit the writer may take another batch.
 * ledger_writer_release discards an uncommitted batch and frees w. */
struct ledger_entry {
	enum ledger_kind kind;
	enum ledger_kind reverses;    /* kind == LK_REVERSE: kind of the row reversed */
	const char *date;             /* YYYY-MM-DD, required */
	const char *volunteer;        /* required for award, redeem, clear */
	const char *station;
	int64_t points, hours, qty;   /* hours in centi-hours */
	const char *item, *activity, *ref;
	const char *recorder, *certifier, *supervisor, *approver, *note;
	/* NULL string = empty field */
};
/* Rules checked by ledger_writer_add (REFUSED, naming the field):
 *   date a real YYYY-MM-DD; kind not LK_NONE; award/redeem/clear have a
 *   volunteer, stock/close have none; |points|,|qty|,|hours| <= LEDGER_POINTS_MAX;
 *   award points >= 0 and hours >= 0; redeem points <= 0, qty <= 0 and an item;
 *   clear points <= 0; stock qty > 0 and an item; reverse: ref is a txn and
 *   reverses is award|redeem|stock|clear; close: ref YYYY-MM;
 *   text fields: valid UTF-8, no control characters, <= LEDGER_TEXT_MAX bytes,
 *   ids/codes (volunteer, station, item, activity, ref) without , or ".
 * Rows are written with RFC 4180 quoting where a field holds , or ". */
struct ledger_writer;
int ledger_writer_open(struct ledger_writer **w, const char *dir, struct wmsj_err *err);
int ledger_writer_add(struct ledger_writer *w, const struct ledger_entry *e,
		      char txn_out[LEDGER_TXN_MAX], struct wmsj_err *err);
int ledger_writer_commit(struct ledger_writer *w, struct wmsj_err *err);
void ledger_writer_release(struct ledger_writer *w);
/* The sequence the next added row gets; the hash of the last row (committed
 * or buffered; ledger_zero_hash when empty); the number of buffered rows;
 * the file size committed plus buffered (= offset of the next row). */
/* The size (decimal bytes; NULL or malformed = the default, 16 MiB) up to
 * which ledger_writer_open verifies the whole chain; a larger ledger is
 * verified from the newest of its newest seal that checks out and the
 * writer's checkpoint (DIR/.ledger.chk: the last row a writer verified,
 * believed only when that row is there with that hash chained from the
 * line before it; moved up after 4096 rows verified).  The tools' cli_init passes
 * $WMSJ_VERIFY_LIMIT. */
void ledger_writer_verify_limit(const char *bytes);
/* That size (the history's writer uses it too). */
off_t ledger_writer_verify_bytes(void);
uint64_t ledger_writer_next_seq(const struct ledger_writer *w);
const char *ledger_writer_last_hash(const struct ledger_writer *w);
size_t ledger_writer_pending(const struct ledger_writer *w);
off_t ledger_writer_offset(const struct ledger_writer *w);
const char *ledger_writer_dir(const struct ledger_writer *w);

/* ---- state ----------------------------------------------------------------
 *
 * Balances, hours, stock and the seal as of a date, net of reversals, from one
 * pass over the ledger.  A row counts when its date <= as_of (NULL = all).
 * Effects (category = kind, or for reverse rows the kind reversed):
 *   balance += points for every row;  award: earned += points, hours += hours;
 *   redeem: redeemed -= points;  clear: cleared -= points;  item stock += qty.
 *   cleared_year = year of the latest-dated clear row (the last entered among
 *   those of that year; 0 after that clear is reversed).
 * The period [period_from, period_to] (either may be NULL = open) collects
 * per-account and overall totals of the rows dated in it (for notices and
 * month totals).  Overflow of any total is BADDATA naming the row.
 *
 * Snapshots: unless LEDGER_NO_SNAPSHOT / LEDGER_ALL_ROWS / ledger_no_snapshot(1),
 * the newest seal snapshot DIR/seals/M.csv with end(M) <= as_of and
 * end(M) < period_from and end(M) < cb_from whose binding to the chain checks
 * out (seal.h) is loaded and only the rows after its start offset are read;
 * the result is identical to a full scan.  A snapshot that does not check out
 * is never believed: the next older one is tried, then a full scan, and
 * LS_SNAPSHOT_REJECTED with snapshot_problem says why (for wmsj-audit).
 *
 * Callback: when cb is set it is called, in file order, for every row read
 * that is dated in [cb_from, as_of] (cb_from NULL = from the first row, which
 * forces a full scan); a return other than WMSJ_OK stops the load and is
 * returned (the callback fills err).  With LEDGER_ALL_ROWS it sees every row
 * whatever its date. */
struct account {
	int64_t earned, redeemed, cleared, balance, hours;
	int cleared_year;      /* year of the latest-dated clear not reversed, 0 if none */
	uint64_t cleared_seq;  /* sequence of that clear row, 0 if none */
	/* Within [period_from, period_to]: */
	int64_t p_earned, p_redeemed, p_cleared, p_hours;
	uint64_t rows;         /* rows counted for this volunteer */
};
struct ledger_totals {
	int64_t earned, redeemed, cleared, hours, stock_in, stock_out;
	uint64_t rows, awards, redeems, clears, reverses, stocks;
};
/* Stock is kept per shelf and item.  A row's shelf is its station column:
 * a station's code (stock received at that station's exchange point, and
 * redemptions of that station's volunteers), or "" for the institute's
 * shelf (stock rows with no station).  Which shelf a station's exchange
 * point gives out from is the configuration's (exchange: in wmsj.yaml,
 * fig_shelf in figures.h): its own, or, with one shared point, every
 * shelf together (the town's goods). */
struct ledger_stock {
	char *station;         /* the shelf: station code, "" = the institute's */
	char *item;
	int64_t qty;           /* on the shelf as of as_of */
	int64_t p_in, p_out;   /* received / given out (>= 0) within the period */
};
enum {
	LS_USED_SNAPSHOT = 1,        /* a snapshot was used (snapshot_month) */
	LS_SNAPSHOT_REJECTED = 2,    /* a snapshot did not check out (snapshot_problem) */
	LS_USED_INDEX = 4,           /* ledger_state_load_for through the index
				      * (ledger_index.h): some accounts only */
	LS_USED_CHECKPOINT = 8       /* resumed from a state checkpoint
				      * (ledger_ckpt.h) */
};
/* Where ledger_state_load resumes instead of from the start or a seal: st
 * already holds the state after the row at row_offset (sequence seq, hash
 * hash, the newest month sealed by then sealed), and reading goes on at
 * offset, the byte after it.  The caller vouches for st (ledger_ckpt.h). */
struct ledger_resume {
	off_t row_offset, offset;
	uint64_t seq;
	char hash[65];
	char sealed[8];
};
typedef int (*ledger_row_cb)(void *arg, const struct ledger_row *row, struct wmsj_err *err);
struct ledger_state_opts {
	const char *as_of;            /* YYYY-MM-DD or NULL */
	const char *period_from, *period_to;
	unsigned flags;               /* LEDGER_VERIFY | LEDGER_NO_SNAPSHOT | LEDGER_ALL_ROWS */
	ledger_row_cb cb;
	void *cb_arg;
	const char *cb_from;
	uint64_t max_seq;             /* non-zero: stop after the row with this sequence
				       * (the ledger as it was then; no snapshot used) */
	const struct ledger_resume *resume;   /* non-NULL: resume there, no
					       * snapshot (no as_of, period,
					       * callback or max_seq with it) */
};
struct ledger_state {
	/* volunteer id -> index in accounts[]: look up with ledger_state_account().
	 * (An open-addressing table of hashes and indexes, private to ledger.c:
	 * faster than a strmap at 10M rows.) */
	void *atab;
	size_t acap_tab;
	char **ids;                   /* ids[i] is accounts[i]'s volunteer id */
	struct arena idspace;         /* the strings of ids[] */
	struct account *accounts;
	size_t naccounts, acap;
	size_t last_account;          /* the account the last row counted changed
				       * (SIZE_MAX: none): ledger_state_account
				       * tries it first */
	struct strmap item_index;     /* station "\n" item -> index in items[]
				       * (ledger_state_shelf_add) */
	struct ledger_stock *items;   /* per shelf and item, in the order of
				       * their first row */
	size_t nitems, icap;
	struct ledger_totals total;   /* all rows counted (<= as_of) */
	struct ledger_totals period;  /* rows dated within the period */
	char sealed[8];               /* newest month closed "YYYY-MM", "" if none;
				       * from every close row, whatever as_of */
	uint64_t last_seq;            /* last row of the file (0 = empty ledger) */
	char last_hash[65];           /* its hash (ledger_zero_hash when empty) */
	off_t last_offset;            /* its offset (0 when empty) */
	off_t size;                   /* bytes of ledger.csv covered */
	uint64_t rows_read;           /* rows actually read (not from a snapshot) */
	/* File position of the first row dated after as_of (seal.c uses it);
	 * after_offset == size when there is none. */
	off_t after_offset;
	uint64_t after_seq;
	char after_prev_hash[65];
	unsigned used;                /* LS_* */
	char snapshot_month[8];       /* the snapshot used, "" if none */
	char snapshot_problem[512];   /* why the newest rejected snapshot was rejected */
};
/* on: no ledger_state_load of this process uses a snapshot (as with
 * LEDGER_NO_SNAPSHOT); the tools' cli_init sets it when $WMSJ_NO_SNAPSHOT is
 * non-empty, so that any output can be compared with a full scan's. */
void ledger_no_snapshot(int on);
/* 1 after ledger_no_snapshot(1). */
int ledger_no_snapshot_is_on(void);
void ledger_state_init(struct ledger_state *st);
void ledger_state_release(struct ledger_state *st);
/* Fill st (initialised, empty) from DIR/ledger.csv. */
int ledger_state_load(struct ledger_state *st, const char *dir, const struct ledger_state_opts *o,
		      struct wmsj_err *err);
/* Fill st from a ledger stream (ledger_open_stream; no snapshot, no chain
 * check); path "-" = stdin. */
int ledger_state_load_stream(struct ledger_state *st, const char *path,
			     const struct ledger_state_opts *o, struct wmsj_err *err);
/* The account of id / the stock of item on a shelf (station code, "" = the
 * institute's), created empty when new (for loaders and batch checks).
 * ledger_state_item_add is the institute's shelf. */
struct account *ledger_state_account_add(struct ledger_state *st, const char *id, size_t len);
struct ledger_stock *ledger_state_shelf_add(struct ledger_state *st, const char *station,
					    size_t slen, const char *item, size_t len);
struct ledger_stock *ledger_state_item_add(struct ledger_state *st, const char *item, size_t len);
/* The account of a volunteer, NULL when the ledger has no row for them. */
const struct account *ledger_state_account(const struct ledger_state *st, const char *id);
/* The stock of an item on one shelf (station code, "" = the institute's;
 * NULL = every shelf together); 0 when unknown.  ledger_state_stock is
 * the item on every shelf: the town's. */
int64_t ledger_state_shelf_stock(const struct ledger_state *st, const char *shelf,
				 const char *item);
int64_t ledger_state_stock(const struct ledger_state *st, const char *item);
/* Apply a row (as read) or an entry (as buffered by the writer) to st with
 * the rules above, ignoring as_of, so a batch can be checked row by row
 * (e.g. two redemptions in one batch).  BADDATA/REFUSED on overflow. */
int ledger_state_apply(struct ledger_state *st, const struct ledger_row *row, struct wmsj_err *err);
int ledger_state_apply_entry(struct ledger_state *st, const struct ledger_entry *e, uint64_t seq,
			     struct wmsj_err *err);

#endif
