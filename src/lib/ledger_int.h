/* Private to the ledger's modules (ledger_row.c, ledger_read.c,
 * ledger_write.c, ledger_state.c, ledger_load.c): what one of them needs of
 * another beyond ledger.h.  Nothing outside the ledger includes this. */
#ifndef WMSJ_LEDGER_INT_H
#define WMSJ_LEDGER_INT_H

#include <stddef.h>
#include <stdint.h>
#include "ledger.h"
#include "util.h"

/* ---- ledger_row.c --------------------------------------------------------- */

/* "T" and 1-20 digits in s[0..n): 0 and *seq, else -1. */
int ledger_parse_seq(const char *s, size_t n, uint64_t *seq);
/* YYYY-MM-DD, a real date from 1900; YYYY-MM. */
int ledger_date_ok(const char *s, size_t n);
int ledger_month_ok(const char *s);
/* Signed integer (|v| <= LEDGER_POINTS_MAX) / exact decimal with at most two
 * decimals in centi-units; empty = 0.  0 or -1. */
int ledger_parse_int(const char *s, size_t n, int64_t *v);
int ledger_parse_centi(const char *s, size_t n, int64_t *v);
/* Split buf[0..n) (NUL-terminated, changed in place: unquoted fields,
 * NUL-terminated) into LEDGER_NCOLS fields f[i], fl[i]; *hashin = the length
 * of the hashed prefix; *quoted has bit i set for a quoted field i.  NULL, or
 * what is wrong (translated). */
const char *ledger_row_split(char *buf, size_t n, char **f, size_t *fl, size_t *hashin,
			     unsigned *quoted);
/* The split fields checked for the ledger's own format and set in row (all
 * but line, offset, raw, rawlen).  NULL, or what is wrong (translated). */
const char *ledger_row_fields(char *const *f, const size_t *fl, unsigned quoted,
			      struct ledger_row *row);
/* The rules of ledger_writer_add (ledger.h), REFUSED naming the field. */
int ledger_entry_check(const struct ledger_entry *e, struct wmsj_err *err);
/* The row of e as sequence seq, recorded at recorded, chained from the hash
 * prev: its bytes, hash and "\n" appended to sb; the hash into hash_out. */
void ledger_row_format(struct sb *sb, uint64_t seq, const struct ledger_entry *e,
		       const char *recorded, const char prev[65], char hash_out[65]);

/* ---- ledger_read.c -------------------------------------------------------- */

/* The mapped (or caller's) bytes a reader covers and the offset of its next
 * line; NULL for a stream. */
const char *ledger_reader_map(const struct ledger_reader *r, size_t *len, size_t *pos);
/* Where the reader's chain stands: the next sequence and the last hash. */
const struct ledger_chain *ledger_reader_chain(const struct ledger_reader *r);

/* ---- ledger_state.c ------------------------------------------------------- */

/* Count one row read (as ledger_state_apply), and in the period totals too
 * when in_period.  0, or -1 on overflow (st unchanged). */
int ledger_state_count(struct ledger_state *st, const struct ledger_row *row, int in_period);
/* Prefetch hints for a scan: the index slot of a volunteer id (its hash is
 * returned, 0 when the index is empty), then that volunteer's account. */
uint64_t ledger_state_prefetch_slot(const struct ledger_state *st, const char *id, size_t n);
void ledger_state_prefetch_account(const struct ledger_state *st, const char *id, size_t n,
				   uint64_t h);

#endif
