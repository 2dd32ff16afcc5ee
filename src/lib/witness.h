/* Seals that leave the machine: the hand-over line and the witness check.
 * Owner: witness (witness.c).
 *
 * A seal names a row of a chain and its chained hash:
 *   T<seq>:<64 hex>                 the ledger (ledger.h): row T<seq>
 *   T<seq>:<64 hex>/R<seq>:<64 hex> and the register history (history.csv)
 * seq is 1-20 digits (ledger_txn_format writes 8+), hex lowercase.
 *
 * A hand-over line (wmsj(5), "Hand-over files") is one seal as it leaves the
 * data directory for the institute or the county centre; a witness file is
 * any number of them, from any number of towns, concatenated:
 *   INSTITUTE <TAB> CENTER <TAB> KIND <TAB> WHAT <TAB> SEAL <TAB> DATE
 * INSTITUTE and CENTER as in wmsj.yaml (CENTER empty when there is none);
 * KIND close (WHAT = the month sealed, YYYY-MM), notice (WHAT = YYYYQn-CODE,
 * the quarter and station of the notice the seal was taken from) or head
 * (WHAT = the date, YYYY-MM-DD, of the ledger's last row then); DATE the day
 * the line was written.  Blank lines and lines starting with '#' are
 * ignored; a CR before the LF and a UTF-8 BOM at the start are accepted.
 *
 * What a witnessed seal proves (wmsj(7)): while it still holds (the row of
 * its sequence carries its hash) and the chain verifies, no row up to that
 * one was changed, removed, inserted or reordered since it left the machine.
 * Rows after the newest witnessed seal are proved by nothing but the chain. */
#ifndef WMSJ_WITNESS_H
#define WMSJ_WITNESS_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

struct wseal {
	uint64_t tseq;          /* >= 1 */
	char thash[65];
	int has_r;              /* the "/R<seq>:<hex>" part was given */
	uint64_t rseq;
	char rhash[65];
};

/* Parse a seal (the whole of s[0..n)).  NULL on success, else why it is
 * malformed (a static English text to pass to _()).  A sequence 0 (the seal
 * of an empty chain, which certifies nothing) is refused here. */
const char *wseal_parse(const char *s, size_t n, struct wseal *out);
/* "T00000025:hex[/R00000003:hex]" into out (at least WSEAL_MAX bytes). */
#define WSEAL_MAX 200
void wseal_format(const struct wseal *s, char out[WSEAL_MAX]);

enum wline_kind { WL_CLOSE, WL_NOTICE, WL_HEAD };

struct wline {
	char *institute, *center;      /* center "" when none */
	enum wline_kind kind;
	char *what;                    /* YYYY-MM | YYYYQn-CODE | YYYY-MM-DD */
	struct wseal seal;
	char date[11];
	size_t line;                   /* in its file */
	const char *file;              /* the file's name (not owned) */
};

/* "close", "notice", "head". */
const char *wline_kind_name(enum wline_kind k);

/* Parse one line (without its LF; a trailing CR is ignored).  Returns 1 and
 * fills *out (strings malloc'ed: wline_release), 0 for a blank or comment
 * line, -1 with *why (static English, for _()) when it is malformed. */
int wline_parse(const char *s, size_t n, struct wline *out, const char **why);
void wline_release(struct wline *l);

/* The witness files given to wmsj-audit --witness: every line of each. */
struct witness {
	struct wline *v;
	size_t n, cap;
};
void witness_init(struct witness *w);
/* Read FILE ("-" = stdin) and add its lines.  A malformed line is BADDATA
 * "FILE:LINE: ..."; a file that cannot be read SYSERR. */
int witness_load(struct witness *w, const char *file, struct wmsj_err *err);
void witness_release(struct witness *w);

/* 1 when a line names the data directory of this institute and center
 * (center NULL or "" = none): the institutes are equal, and the centres
 * too unless one of them has none. */
int wline_names(const struct wline *l, const char *institute, const char *center);

/* Check a seal's T part against DIR/ledger.csv: WMSJ_OK when the row of
 * that sequence is there with that hash; WMSJ_REFUSED with err saying
 * which (the ledger has no such row: cut short; the row's hash differs:
 * rewritten); BADDATA/SYSERR when the ledger cannot be read. */
int seal_check_ledger_part(const char *dir, uint64_t seq, const char hash[65], struct wmsj_err *err);

/* Check a seal's R part against DIR's register history (history.csv): the
 * event with that sequence must be there with that hash (REFUSED saying
 * which: no history, cut short, rewritten).  Same returns as
 * seal_check_ledger_part. */
int seal_check_register_part(const char *dir, uint64_t seq, const char hash[65], struct wmsj_err *err);

/* One hand-over line into out (malloc'ed, with its LF).  BADDATA when a
 * field would hold a tab or a line break (an institute name with a tab). */
int wline_format(const char *institute, const char *center, enum wline_kind kind, const char *what,
		 const struct wseal *seal, const char *date, char **out, struct wmsj_err *err);

#endif
