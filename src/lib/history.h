/* The register history, DIR/history.csv: every change to a register — a
 * volunteer registered, updated, moved, suspended, resumed, withdrawn, a card
 * reissued, an ID number corrected; an activity published, corrected or
 * cancelled; an application filed or rejected — as one appended,
 * hash-chained event.  The registers a clerk opens in a spreadsheet
 * (volunteers.csv, activities.csv, applications.csv) are views of it: the
 * tools read the history, write the view after every change, and wmsj-audit
 * checks every row of a view against it (a hand edit is a finding naming
 * the row).  Points and goods are the ledger's (ledger.h); an approval is
 * the ledger's award row (apps.h), so no command writes both files.
 *
 * Columns (exactly this header, this order; documented in wmsj(5)):
 *   seq       R + sequence number, 8+ digits: R00000001 is the first event
 *             (line 2).  Consecutive; a gap or a repeat is tampering.
 *   date      the day the change takes effect (registered, suspended on, ...)
 *   register  volunteer | activity | application
 *   id        the record's id (V..., A..., P...)
 *   action    the command that made it: add, import, update, reissue,
 *             suspend, resume, withdraw, correct-id, publish, correct,
 *             cancel, apply, reject; adopt for a register that existed
 *             before its history (hist_adopt)
 *   recorded  YYYY-MM-DDTHH:MM:SS when the event was written
 *   fields    the fields the event sets, as one CSV record of name,value
 *             pairs (a new record: all of its fields)
 *   hash      lowercase hex SHA-256 of the previous event's hash (64 zeros
 *             before the first) followed by this line's bytes up to the
 *             comma before the hash — the ledger's chain rule (ledger_hash)
 *
 * Every event is one physical line (values hold no line breaks).  The state
 * of a register as of a date D, as the history stood at event S, is the
 * events with date <= D and sequence <= S applied in file order.
 *
 * A data directory written before the history existed has registers and
 * no history.csv (or a history without events of some register): such a
 * register is read from its file, as before, and the first command that
 * changes it writes its whole content to the history first (action adopt,
 * dated its registered/created date; a status other than active as a second
 * event dated the record's last update), in the same append as its change.
 *
 * Appends use fsio_append (one journalled append per command: all events or
 * none) under the data directory's lock; the writer verifies the whole
 * chain before it appends. */
#ifndef WMSJ_HISTORY_H
#define WMSJ_HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "err.h"
#include "util.h"

#define HIST_FILE "history.csv"
#define HIST_HEADER "seq,date,register,id,action,recorded,fields,hash"

enum hist_reg { HR_VOLUNTEER, HR_ACTIVITY, HR_APPLICATION, HR_NONE };
const char *hist_reg_name(enum hist_reg r);
/* The view a register is shown in: volunteers.csv, ... */
const char *hist_reg_file(enum hist_reg r);

struct hist_event {
	size_t line;            /* physical line in history.csv */
	off_t off;              /* its byte offset */
	uint64_t seq;
	enum hist_reg reg;
	const char *date, *id, *action, *recorded, *hash;
	const char **kv;        /* nkv name,value pairs: kv[2i] name, kv[2i+1] value */
	size_t nkv;
};

/* The whole history in memory (strings in an arena). */
struct history {
	struct arena a;
	struct hist_event *ev;
	size_t n, cap;
	size_t count[HR_NONE];  /* events of each register */
	int exists;             /* history.csv exists */
	char *buf;              /* the file's bytes; the events' strings point in */
	unsigned mask;          /* registers whose events have their fields */
	uint64_t last_seq;
	char last_hash[65];
	off_t size;
	/* hist_head_for_write: the head only (n = 0), with each register's
	 * latest event date. */
	int head_only;
	char maxdate[HR_NONE][11];
};

enum { HIST_VERIFY = 1 };
/* A mask of registers: 1u << HR_VOLUNTEER, ... */
#define HIST_ALL 7u

/* Load DIR/history.csv (a missing file: empty, exists = 0).  Readers read
 * the stable size (fsio_stable_size), so an append in flight is not seen.
 * Every line is format-checked; with HIST_VERIFY the chain and the sequence
 * are checked too, and the first break is BADDATA "history.csv:LINE: ...". */
int hist_load(struct history *h, const char *dir, unsigned flags, struct wmsj_err *err);
/* hist_load with the fields (kv) of the events of the registers in mask
 * only; the other events have kv NULL, nkv 0 (every line is still
 * format-checked and, with HIST_VERIFY, chained). */
int hist_load_regs(struct history *h, const char *dir, unsigned flags, unsigned mask,
		   struct wmsj_err *err);
/* For a writer holding the lock: roll back an append a killed writer left
 * (fsio_recover), then load with HIST_VERIFY. */
int hist_load_for_write(struct history *h, const char *dir, struct wmsj_err *err);
/* The events of one table register (HR_ACTIVITY, HR_APPLICATION) with
 * their fields, as hist_load_regs(h, dir, 0, 1u << reg) gives them, read
 * through the history's index DIR/.history.idx (hist_index.c) when it can
 * be believed, else by reading the whole history (which writes the index).
 * Through the index, other registers' events are not in h (their counts
 * are 0); read whole, they are there without their fields, as
 * hist_load_regs gives them. */
int hist_load_table(struct history *h, const char *dir, enum hist_reg reg, struct wmsj_err *err);
/* wmsj-audit: DIR/.history.idx against h (the whole history, loaded):
 * none there, OK, UNBOUND (not bound to an event of this history: never
 * believed, rewritten), DIFFERS (bound, but not the lists h gives). */
enum { HIDX_CHECK_NONE, HIDX_CHECK_OK, HIDX_CHECK_UNBOUND, HIDX_CHECK_DIFFERS };
int hist_index_check(const char *dir, const struct history *h);
/* WMSJ_NO_INDEX: hist_load_table reads the whole history. */
void hist_index_off(int off);

/* For a writer holding the lock that appends events without reading the
 * registers from the history (a table's save): roll back an interrupted
 * append, verify the chain (and every event's format) from the newest
 * place that lets it start to the end, and fill h with the head alone:
 * last_seq, last_hash, size, exists, each register's latest event date
 * (head_only; n = 0).  Where it starts: the first event for a history up
 * to the writers' verification limit (ledger_writer_verify_limit), else
 * the writer's checkpoint DIR/.history.chk ("SEQ,OFFSET,HASH" and the
 * registers' latest dates as of that event: believed only when the event
 * at OFFSET is R<SEQ> with hash HASH, chained from the line before it),
 * moved up after HIST_CHK_EVERY events verified.  A break is BADDATA
 * "history.csv:LINE: ..." as hist_load_for_write says it. */
#define HIST_CHK_FILE ".history.chk"
#define HIST_CHK_EVERY 4096
int hist_head_for_write(struct history *h, const char *dir, struct wmsj_err *err);
void hist_release(struct history *h);

/* "R%08llu" (out: 24 bytes); parse: 0 and the sequence, -1 if not R+digits. */
void hist_seq_format(uint64_t seq, char out[24]);
int hist_seq_parse(const char *s, uint64_t *seq);

/* Does the event count for a state as of date as_of (NULL = any) and
 * sequence max_seq (0 = any)? */
int hist_event_counts(const struct hist_event *e, const char *as_of, uint64_t max_seq);

/* ---- writing: one batch of events, one append ------------------------- */
struct hist_batch {
	struct sb rows;         /* the lines to append */
	uint64_t next_seq;
	char last_hash[65];
	size_t n;
	uint64_t prev_seq;      /* the head before the batch */
	char prev_hash[65];
	unsigned regs;          /* registers the batch changes (1u << reg) */
	char maxdate[HR_NONE][11];  /* each register's latest event date, after */
};
/* Start a batch after the history h (loaded with HIST_VERIFY, under the
 * lock). */
void hist_batch_init(struct hist_batch *b, const struct history *h);
void hist_batch_release(struct hist_batch *b);
/* Add one event; kv holds nkv name,value pairs.  REFUSED when a value
 * holds a line break or is not valid UTF-8. */
int hist_batch_add(struct hist_batch *b, const char *date, enum hist_reg reg, const char *id,
		   const char *action, const char *const *kv, size_t nkv, struct wmsj_err *err);
/* Append the batch to DIR/history.csv (created with its header, 0600, when
 * missing) in one journalled append: the commit point.  Nothing to do when
 * the batch is empty. */
int hist_batch_commit(struct hist_batch *b, const char *dir, struct wmsj_err *err);

/* The head of the history as a seal part "R<seq>:<hash>" (out: 96 bytes);
 * "" when the history is empty. */
void hist_head(const struct history *h, char out[96]);
/* Does the event with sequence seq still carry hash?  WMSJ_OK, or REFUSED
 * with a message saying what differs (cut off, rewritten). */
int hist_check_seal(const struct history *h, uint64_t seq, const char *hash, struct wmsj_err *err);

/* Write a register's view DIR/file (after its events are committed): after
 * is the new content; before (may be NULL) what the history held before
 * the command — a file that differs from it was edited by hand, and the
 * commit warning (fsio_commit_warn) names its first differing line.  A
 * view that cannot be written is a commit warning too (the change is in
 * the history; the next writer rebuilds the view): returns WMSJ_OK.
 * seq, hash: the history's head the view is written at (0: no stamp);
 * maxdate: the register's latest event date (NULL unknown); b: the batch
 * just appended, whose head the other views that were current before it
 * move to — NULL for a view rebuilt from the history (views_restore), which
 * is written aside (fsio_rewrite_aside), and not at all when the file is
 * already the history's (a copied or restored data directory). */
struct hist_batch;
int hist_view_write(const char *dir, const char *file, const struct sb *before,
		    const struct sb *after, int legacy, uint64_t seq, const char *hash,
		    const char *maxdate, const struct hist_batch *b, struct wmsj_err *err);
/* A view is a regular file the user can read, or missing: a link planted in
 * its place, a directory or an unreadable file is SYSERR naming it (as
 * fsio_open_in says it), so that nobody is misled by what a spreadsheet
 * shows.  Every load of a register checks its view. */
int hist_view_check(const char *dir, const char *file, struct wmsj_err *err);
/* The view was written after every event of its register (DIR/.views, a
 * stamp hist_view_write leaves: the history's head R<seq>:<hash> it was
 * written at, which must still be in the history).  0 when it may be stale
 * (a writer killed between its history append and its view) or unknown. */
/* The view of reg is exactly the register the history gives as of as_of
 * (NULL = today) up to event max_seq (0 = all): its stamp in DIR/.views
 * names the history's last event, the view is the very file stamped
 * (inode, size, modification and change times), max_seq covers the history
 * and no event of reg is dated after as_of.  Then head (if not NULL) is
 * the history's last event "R<seq>:<hash>" and the return is 1 with
 * the view's bytes in *buf (the caller frees), else 0 (read the history).
 * WMSJ_NO_VIEW_STAMP in the environment always says 0 (make bench). */
int hist_view_fresh(const char *dir, enum hist_reg reg, const char *as_of, uint64_t max_seq,
		    char head[96], char **buf, size_t *len);
/* The view of reg opened for reading (its fd, else -1) when it is today's
 * register: its stamp vouches for it as in hist_view_fresh (head filled as
 * there), or the register has no event and its file is the register (head
 * "-").  tok: the file's identity (inode, size, times) as stamped. */
int hist_view_open(const char *dir, enum hist_reg reg, char head[96], char tok[128]);
/* The latest date of an event of reg in h ("" when none). */
void hist_reg_maxdate(const struct history *h, enum hist_reg reg, char out[11]);
/* The view of reg is the file its stamp names and no event of reg came
 * after the stamp: stamp it at the history's head (a writer's session,
 * views_restore), so that readers take it again. */
/* Every register's stamp names the history's last event and vouches for
 * its view (or says the register has no event yet): a writer's session
 * has nothing to restore (views_restore). */
int hist_views_fresh_all(const char *dir);
/* reg has no event in the history, as a stamp at its last event says
 * (read the register's file without the history). */
int hist_reg_empty(const char *dir, enum hist_reg reg);
/* Stamp reg, which has no event in h, as such ("-"). */
void hist_mark_empty(const struct history *h, const char *dir, enum hist_reg reg);
/* The view of reg is the very file its stamp names (whatever event). */
int hist_view_stamped(const char *dir, enum hist_reg reg);
void hist_view_restamp(const struct history *h, const char *dir, enum hist_reg reg);
int hist_view_current(const struct history *h, const char *dir, enum hist_reg reg);

#endif
