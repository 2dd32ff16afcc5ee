/* The volunteer register, DIR/volunteers.csv.
 *
 * Columns (header row, in this order when written; read by name):
 *   id           V + registering station's 12-digit code + '-' + serial (4+ digits),
 *                e.g. V610724109201-0007.  Stable, unique across a county
 *                (division codes are unique), never reused.
 *   card_no      current points card (cardno.h): station code + '-' + 9 random
 *                digits + a check digit, e.g. 610724109201-3058294712; cards
 *                issued before issue 11 hold station code + '-' + a 6-digit
 *                serial (610724109201-000012) and keep working.  A reissue
 *                draws a new number; old numbers move to old_cards and never
 *                come back.
 *   name         as given, every character kept (𠮷, ·)
 *   id_number    GB 11643, 18 characters, uppercase X
 *   phone        11 digits
 *   station      current station code
 *   tags         comma-separated group tags (党员,五老,...)
 *   platform_no  number on the national volunteer site (optional)
 *   status       active | suspended | withdrawn
 *   reason       reason of the last suspend/withdraw (empty when active)
 *   registered   YYYY-MM-DD
 *   updated      YYYY-MM-DDTHH:MM:SS of the last change
 *   old_cards    space-separated card numbers no longer valid
 *   id_corrections  the ID numbers corrected (vfind.h, vreg_correct_idnum):
 *                "DATE OLD_NUMBER REASON" per correction, oldest first,
 *                joined by "; " (empty when never corrected; a register
 *                written before this column reads as empty)
 *
 * The register is rewritten atomically (fsio_rewrite) under the lock. */
#ifndef WMSJ_VOLUNTEER_H
#define WMSJ_VOLUNTEER_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "util.h"

struct ledger_serials;

#define VREG_FILE "volunteers.csv"

struct volunteer {
	char *id, *card_no, *name, *id_number, *phone, *station, *tags, *platform_no;
	char *status, *reason, *registered, *updated, *old_cards, *id_corrections;
	size_t line;           /* line in volunteers.csv, 0 for a new record */
};

struct vregister {
	char *dir;
	struct volunteer *v;   /* owned; strings live in strings */
	struct arena strings;  /* every field of every record (vreg_set adds) */
	size_t n, cap;
	struct strmap by_id, by_card, by_idnum, by_oldcard; /* → index into v */
	/* Cache for vreg_next_id: station → highest id serial ever used. */
	struct strmap id_serial;
	int serials_built;
	struct ledger_serials *seen;  /* vreg_learn_ledger; NULL before */
	/* The records as loaded (vreg_save writes the difference as events
	 * of the register's history, history.h). */
	struct volunteer *orig;
	size_t norig;
	int legacy;            /* read from volunteers.csv: no history of it yet */
	int view_exists;       /* vreg_load_view: the file exists */
	/* Set by the command before vreg_save: its name (history action) and
	 * the date its change takes effect (NULL: today; a new record is dated
	 * its registered date). */
	const char *action, *event_date;
};

/* Load the register from the history (history.h), or, for a register older
 * than its history, from DIR/volunteers.csv (a missing file is an empty
 * register).  BADDATA for a malformed file, naming file:line. */
int vreg_load(struct vregister *r, const char *dir, struct wmsj_err *err);
/* The register from the bytes of a view (volunteers.csv's format; r takes
 * buf, whatever the outcome): records checked and indexed as vreg_load. */
int vreg_parse_view(struct vregister *r, const char *dir, char *buf, size_t len,
		    struct wmsj_err *err);
/* The register as of date as_of (NULL = today's) as the history stood at
 * event max_seq (0 = all of it).  A register older than its history is
 * read from its file whatever the date. */
struct history;
int vreg_load_asof(struct vregister *r, const char *dir, const char *as_of, uint64_t max_seq,
		   struct wmsj_err *err);
/* The register from its view when the view's stamp vouches that it is the
 * register as of as_of up to max_seq (hist_view_fresh): *used 1, head the
 * history's last event; else *used 0 and r is empty (release it, then read
 * the history). */
int vreg_load_fresh(struct vregister *r, const char *dir, const char *as_of, uint64_t max_seq,
		    char head[96], int *used, struct wmsj_err *err);
/* The records of DIR/volunteers.csv as the file has them, unchecked and not
 * indexed (wmsj-audit compares the view with the history). */
int vreg_load_view(struct vregister *r, const char *dir, struct wmsj_err *err);
/* vreg_load_asof from a loaded history. */
int vreg_load_hist(struct vregister *r, const char *dir, const struct history *h,
		   const char *as_of, uint64_t max_seq, struct wmsj_err *err);
/* Fill r (zeroed, dir set) from a loaded history. */
int vreg_from_history(struct vregister *r, const struct history *h, const char *as_of,
		      uint64_t max_seq);
/* The file's bytes for records v[0..n), header included. */
void vreg_serialize(const struct volunteer *v, size_t n, struct sb *sb);
void vreg_release(struct vregister *r);
/* Record the change (every record added or changed since the load) as
 * events of the history in one append — the commit point — then rewrite
 * DIR/volunteers.csv, its view.  Caller holds the lock. */
int vreg_save(const struct vregister *r, struct wmsj_err *err);

/* The register's columns in order (VREG_NCOLS), and a record's field k. */
#define VREG_NCOLS 14
const char *vreg_col(size_t k);
const char *vreg_field(const struct volunteer *v, size_t k);

/* Look up by volunteer id, current card number, or ID number (any case of x).
 * Returns NULL when none matches. */
struct volunteer *vreg_find(const struct vregister *r, const char *key);
/* The volunteer whose old (reissued) card this is, or NULL. */
struct volunteer *vreg_find_oldcard(const struct vregister *r, const char *card);

/* Learn the ids and card numbers DIR/ledger.csv has seen (serials.h), so
 * that vreg_next_id allocates above them and vreg_next_card avoids them.  Every command
 * that allocates calls it first: a register that lost rows must not hand out
 * an id or card the ledger already holds points for.  BADDATA/SYSERR when the
 * ledger cannot be read. */
int vreg_learn_ledger(struct vregister *r, struct wmsj_err *err);

/* New id for a station, never used before in this register nor (after
 * vreg_learn_ledger) in the ledger (malloc'ed). */
char *vreg_next_id(const struct vregister *r, const char *station);
/* New card number for a station, of the new form (cardno.h): drawn at
 * random, and again while it is a current or old card of this register or
 * (after vreg_learn_ledger) a card the ledger has seen.  Malloc'ed; NULL
 * with err set (WMSJ_SYSERR) when the system's random generator fails. */
char *vreg_next_card(const struct vregister *r, const char *station, struct wmsj_err *err);

/* Set one field of a record of r (e.g. &v->status) to a copy of val; the
 * old value is not freed (it belongs to the register until vreg_release). */
void vreg_set(struct vregister *r, char **field, const char *val);

/* Append a copy of v (strings duplicated) and index it; returns its index. */
size_t vreg_add(struct vregister *r, const struct volunteer *v);
/* Re-index after changing a record's card_no/old_cards/id_number in place. */
void vreg_reindex(struct vregister *r);

#endif
