/* The bank's operations: the rules (rules.h) applied to the registers and
 * the ledger of an opened store (store.h).
 *
 * Each operation checks everything first and returns the ledger entries to
 * record (struct bank_entries) and every refusal (struct wmsj_errlist, in
 * the order wmsj-points prints them); it records nothing itself.  All or
 * nothing: when anything is refused, no entry is returned.  The tool then
 * adds the entries to the store's writer (bank_record), commits
 * (store_commit, the one commit point) and prints.  A register change
 * (apply, reject, approve's applications) is made in the loaded table and
 * saved by the tool (table_save / table_save_view).
 *
 * Refusals are WMSJ_REFUSED; a value the user typed that is not one
 * (--points, --hours, --date; "stock needs --station") is WMSJ_USAGE and the
 * list's last message; data and system errors (3, 4) stop the operation
 * and are the list's last message too.  Dates: NULL means today
 * (wmsj_today(), clock.h), and every date a command records is checked by
 * rules_date_open: real, not in the future, not before the bank's first
 * day, not in a month already sealed. */
#ifndef WMSJ_BANK_H
#define WMSJ_BANK_H

#include <stddef.h>
#include <stdint.h>

#include "csvin.h"
#include "err.h"
#include "ledger.h"
#include "store.h"
#include "table.h"
#include "util.h"

/* The rows an operation would record, with their strings (owned). */
struct bank_entries {
	struct ledger_entry *e;
	const char **name;              /* the volunteer's name, NULL for none */
	char (*txn)[LEDGER_TXN_MAX];    /* set by bank_record */
	size_t n, cap;
	struct arena mem;
};
void bank_entries_init(struct bank_entries *b);
void bank_entries_release(struct bank_entries *b);
/* Add every entry to the store's writer (buffered, not committed: the tool
 * commits) and set its txn. */
int bank_record(struct store *s, struct bank_entries *b, struct wmsj_err *err);

/* The date a command records: given, or today when NULL; checked by
 * rules_date_open against sealed (NULL: not yet).  *date is given or today. */
int bank_date(const char *given, const char *sealed, const char **date, struct wmsj_err *err);

/* ---- awards ----------------------------------------------------------------
 *
 * One award per volunteer: KEY is an id or a card number (a reissued card is
 * refused naming the current one's holder), where a line of a sheet
 * ("<stdin>:3") or NULL.  The activity (not cancelled) gives the points,
 * hours and date unless points/hours (as typed) override them; then the
 * caps, the activity's date, and for each volunteer: may earn on the date
 * (status, clearing: rules_may), one award per activity, once in the batch,
 * not self-certified.  The refusals: one of the activity, or every
 * volunteer's (*refused counts them). */
struct bank_award_req {
	const char *key, *ref, *where;
};
struct bank_award {
	const char *activity;
	const char *points, *hours;     /* NULL: the activity's */
	const char *certifier, *supervisor;
	const struct bank_award_req *reqs;
	size_t n;
};
int bank_award(struct store *s, const struct bank_award *a, struct bank_entries *out,
	       struct wmsj_errlist *bad, size_t *refused);
/* An award's volunteers as requests: keys[0..n) as typed, or, for the one
 * key "-", the rows of a CSV on standard input (read in enc): its 'id'
 * column, else its 'card_no' column, each row's place "<stdin>:LINE" its
 * where.  BADDATA "<stdin>:1: needs an 'id' or a 'card_no' column", or a
 * status of csv_table_read.  The keys stay the caller's; release q also
 * after a failure. */
struct bank_award_reqs {
	struct bank_award_req *r;
	size_t n;
	struct csv_table t;             /* the CSV read */
	char (*where)[64];
};
int bank_award_reqs(struct bank_award_reqs *q, char *const *keys, size_t n,
		    enum wmsj_encoding enc, struct wmsj_err *err);
void bank_award_reqs_release(struct bank_award_reqs *q);

/* ---- applications (apps.h: their status is the ledger's) -------------------- */

struct bank_apps {
	struct table apps, acts;        /* applications.csv, activities.csv */
};
/* Load both registers and overlay the ledger's awards (apps_from_ledger). */
int bank_apps_load(struct store *s, struct bank_apps *ba, struct wmsj_err *err);
void bank_apps_release(struct bank_apps *ba);
/* apply: key (id or card) for activity act, refused as an award would be on
 * the activity's date, and once (a rejected application may be made again).
 * Adds the pending row to ba->apps (*row). */
int bank_apply(struct store *s, struct bank_apps *ba, const char *act, const char *key,
	       size_t *row, struct wmsj_errlist *bad);
/* reject: a pending application, with a reason (*row set). */
int bank_reject(struct bank_apps *ba, const char *id, const char *reason, size_t *row,
		struct wmsj_errlist *bad);
/* approve: every application pending, none given twice, then each one's
 * award checked as bank_award does (an activity table and one ledger state
 * for all of them): all or nothing.  One entry per application, in order. */
int bank_approve(struct store *s, struct bank_apps *ba, char *const *ids, size_t n,
		 const char *points, const char *hours, const char *certifier,
		 const char *supervisor, struct bank_entries *out, struct wmsj_errlist *bad);
/* Once the awards are committed: the applications' view (approved, decided
 * now, the award's txn), for table_save_view. */
void bank_approved(struct bank_apps *ba, char *const *ids, size_t n, const struct bank_entries *e);

/* ---- goods ------------------------------------------------------------------ */

/* stock: qty (> 0) of a configured item to a station's shelf (station NULL:
 * the only station's, or the shared shelf with exchange: shared; with
 * several stations a usage error). */
struct bank_stock {
	const char *item, *station, *donor, *recorder, *date;
	int64_t qty;
};
int bank_stock(struct store *s, const struct bank_stock *k, struct bank_entries *out,
	       struct wmsj_errlist *bad);

/* The shelves to list (station NULL: all): with per-station shelves each
 * configured station's (--station: one), then every other shelf that holds
 * goods (the institute's from before shelves were per station; a station no
 * longer configured); with exchange: shared the one shared shelf (shelf
 * NULL).  *shelves is malloc'd; st is loaded (initialise it; release it). */
struct bank_shelf {
	const char *code, *name, *shelf;
};
int bank_shelves(struct store *s, const char *station, struct ledger_state *st,
		 struct bank_shelf **shelves, size_t *n, struct wmsj_errlist *bad);

/* redeem: qty x item by card number on date (NULL: today).  v and balance
 * (as of the date, before) are set as soon as the card is known, g once the
 * item is, whatever the outcome (the exchange day shows them). */
struct bank_redeem {
	const char *card, *item, *date, *clerk;
	int64_t qty;
	const struct volunteer *v;
	const struct wmsj_goods *g;
	int64_t balance;
	int have_balance;
};
int bank_redeem(struct store *s, struct bank_redeem *r, struct bank_entries *out,
		struct wmsj_errlist *bad);

/* ---- clearing, reversal ----------------------------------------------------- */

/* clear: the balance as of the date to zero (reason A, B or C); one clearing
 * a year, and the volunteer's latest row. */
struct bank_clear {
	const char *key, *reason, *note, *approver, *date;
};
int bank_clear(struct store *s, const struct bank_clear *c, struct bank_entries *out,
	       struct wmsj_errlist *bad);

/* reverse: the row seq (award, redeem, stock or clear; not already
 * reversed), dated on or after it, leaving nothing negative from its date on. */
struct bank_reverse {
	uint64_t seq;
	const char *reason, *approver, *date;
};
int bank_reverse(struct store *s, const struct bank_reverse *r, struct bank_entries *out,
		 struct wmsj_errlist *bad);

/* ---- activities (activity.h) ------------------------------------------------- */

/* An activity published, cancelled or corrected.  points and hours are
 * parsed by the caller (hours in centi-hours); points_text and hours_text
 * are what was typed (NULL: not given). */
struct bank_activity {
	const char *id;                 /* cancel, correct: the activity */
	const char *station, *date, *platform, *title;
	int64_t points, hours;
	const char *points_text, *hours_text;
	const char *place, *target, *content, *organizer, *responsible;
	const char *reason;             /* cancel */
};
/* add: a configured station, the caps, a date in no sealed month, the menu's
 * rules (activity_check: the horizon, no duplicate) and a new id above the
 * menu's and the ledger's.  t is the menu loaded (release it, also after a
 * refusal), the new row *row, t->action set: the caller saves it. */
int bank_activity_add(struct store *s, const struct bank_activity *a, struct table *t,
		      size_t *row, struct wmsj_errlist *bad);
/* cancel (cancel != 0: a->reason) or correct (a->date, a->title,
 * a->points_text: those given) activity a->id: not cancelled, neither its
 * date nor the new one in a sealed month, no award standing, the date of
 * one that ever had an award unchanged, the cap, the menu's rules.  t and
 * *row as for bank_activity_add. */
int bank_activity_change(struct store *s, const struct bank_activity *a, int cancel,
			 struct table *t, size_t *row, struct wmsj_errlist *bad);

#endif
