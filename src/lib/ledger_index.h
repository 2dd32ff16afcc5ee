/* The ledger's index of each volunteer's rows, DIR/.ledger.idx: derived
 * from ledger.csv, optional, and never believed beyond what the chain
 * vouches for.  It lets a command about one volunteer (balance KEY,
 * history KEY) read that volunteer's rows and not the county's.
 *
 * The file (sidx.h, kind LEDGER_INDEX_KIND): volunteer id -> the byte
 * offsets of the volunteer's rows in file order ("\002" + an application's
 * id -> the award approved from it), the state entry (sealed month, latest
 * date, shelves), and a binding "S,O,N,HASH": it covers the
 * first S bytes of ledger.csv, whose last row is sequence N at offset O
 * with hash HASH.
 *
 * Before it is used: the head's digest; the binding (the ledger's stable
 * size is at least S and the row at O is T<N>, chained from the row before
 * it, with hash HASH); the volunteer's page and slice digests; and every
 * row it points to is read from ledger.csv and checked: its format, its
 * hash chained from the row before it, its volunteer, sequences rising.
 * Rows after S (written since the index) are read from the ledger itself.
 * Any doubt and the answer comes from a full scan instead, which also
 * writes a new index; a reader that cannot write it answers all the same.
 * The index cannot prove that it lists every row of a volunteer:
 * wmsj-audit rebuilds it from the verified chain and reports a difference
 * (an index that is not the ledger's is then ignored after its rebuild).
 *
 * An index whose tail (rows after it) exceeds LEDGER_INDEX_TAIL rows is
 * rebuilt by the next command that reads it, from the old index and the
 * tail (not the whole ledger).  WMSJ_NO_INDEX (cli_init ->
 * ledger_index_off) makes every command scan, for comparison. */
#ifndef WMSJ_LEDGER_INDEX_H
#define WMSJ_LEDGER_INDEX_H

#include <stddef.h>
#include "err.h"
#include "ledger.h"

#define LEDGER_INDEX_FILE ".ledger.idx"
/* The file's kind (sidx.h): ",2" since it also lists approvals by
 * application (an index of the first kind is not believed, and rewritten). */
#define LEDGER_INDEX_KIND "ledger,2"
#define LEDGER_INDEX_TAIL 4096

/* How the rows were found (bits). */
enum {
	LIX_USED = 1,     /* the index served (and the tail was read) */
	LIX_SCANNED = 2,  /* the whole ledger was read */
	LIX_WRITTEN = 4,  /* a new index was written */
	LIX_REJECTED = 8  /* an index was there and was not believed */
};

void ledger_index_off(int off);
/* 1 after ledger_index_off(1). */
int ledger_index_is_off(void);

/* The rows of volunteer id in file order, as copies (free with
 * ledger_rows_release).  *how: LIX_* bits (may be NULL).  BADDATA/SYSERR
 * from reading the ledger. */
struct ledger_rows {
	struct ledger_found *r;
	size_t n, cap;
};
int ledger_volunteer_rows(const char *dir, const char *id, struct ledger_rows *out, unsigned *how,
			  struct wmsj_err *err);
void ledger_rows_release(struct ledger_rows *rows);

/* The account of volunteer id from its rows dated <= as_of (NULL: all),
 * as ledger_state_load would give it (all zero when it has no row). */
int ledger_volunteer_account(const char *dir, const char *id, const char *as_of, struct account *acc,
			     unsigned *how, struct wmsj_err *err);

/* The award approved from application P (its row's ref) is also listed,
 * under the key "\002P": passed among the ids below, such a key gives that
 * row to the callback (an application's decision without its volunteer's
 * rows). */
#define LEDGER_APP_KEY '\002'

/* ledger_state_load for a command about the volunteers ids[0..n) (at most
 * LEDGER_FOR_MAX): their accounts, the sealed month and every shelf are
 * what ledger_state_load gives, read through the index (st->used has
 * LS_USED_INDEX); the other accounts and the totals are left empty, and
 * o->cb gets only these volunteers' rows (dated from o->cb_from).  others:
 * the callback wants every row dated after o->cb_from, so the index serves
 * only when there is none.  Options it cannot serve (as_of, a period,
 * max_seq, every row), or no index to believe after one full scan that
 * writes it: ledger_state_load itself (st, initialised, as there). */
#define LEDGER_FOR_MAX 1024
int ledger_state_load_for(struct ledger_state *st, const char *dir, const char *const *ids, size_t n,
			  const struct ledger_state_opts *o, int others, struct wmsj_err *err);

/* Build the index from the whole ledger and write it (wmsj-audit, tests).
 * With check, compare instead: 0 when DIR's index is absent or is exactly
 * what the ledger gives, 1 when it differs (a finding), and write nothing. */
int ledger_index_rebuild(const char *dir, int check, int *differs, struct wmsj_err *err);

/* wmsj-audit: the index checked against the rows as the audit reads them
 * (every row, in file order, once): open (NULL when there is no index), a
 * row, then close, which frees it and says LIX_CHECK_*
 * (with the line of the first row found to differ, 0 if none named).
 * Memory follows the volunteers, not the rows.  acct: a number the
 * caller gives each volunteer id, the same for the same id on every row
 * (the audit's ledger_state account index), or SIZE_MAX: it spares a
 * lookup by string on every row. */
enum { LIX_CHECK_NONE, LIX_CHECK_OK, LIX_CHECK_UNBOUND, LIX_CHECK_DIFFERS };
struct lix_check;
struct lix_check *ledger_index_check_open(const char *dir);
void ledger_index_check_row(struct lix_check *k, const struct ledger_row *row, size_t acct);
int ledger_index_check_close(struct lix_check *k, size_t *line);

#endif
