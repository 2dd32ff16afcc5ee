/* The volunteer register's rules: who may be registered, and how a
 * volunteer's status moves (wmsj-volunteer(1), wmsj(7) ELIGIBILITY).
 *
 * The transitions, one table (roster_move), from the status in the register
 * and the change asked for:
 *
 *                       active      suspended   withdrawn
 *   update (details)    yes         yes         no: the record can no longer change
 *   transfer (station)  yes         yes         no: the record can no longer change
 *   reissue (new card)  yes         yes         no: no card is issued
 *   card (print it)     yes         yes         no: no card is issued
 *   on a station's sheet yes        no          no     (roster_on_sheet)
 *   suspend             →suspended  no (1)      no (1)
 *   resume              no (2)      →active     no (2)
 *   withdraw            →withdrawn  →withdrawn  no: already withdrawn
 *   correct-id          yes         yes         yes
 *
 *   (1) only an active volunteer can be suspended
 *   (2) only a suspended volunteer can resume
 *
 * A suspension and a withdrawal record their reason; a resumption clears it.
 * A status the register does not know (VS_INVALID; the register refuses
 * one when it is read) is neither active nor suspended nor withdrawn: it can
 * only change its details, get a card and be withdrawn.
 *
 * The operations apply a change to a loaded register (struct vregister,
 * volunteer.h): they check the rule and the values, change the record (its
 * `updated` set to now) and leave saving to the caller (vreg_save: one
 * commit point).  A refusal is WMSJ_REFUSED with the message in err, and
 * the record is untouched.  The messages, translated by the caller's
 * catalogue:
 *   "volunteer 'V' has withdrawn; the record can no longer change"
 *   "volunteer 'V' has withdrawn; no card is issued"
 *   "volunteer 'V' is S; only an active volunteer can be suspended"
 *   "volunteer 'V' is S; only a suspended volunteer can resume"
 *   "volunteer 'V' has already withdrawn"
 * (S: the status as labels.h names it, 暂停 in Chinese). */
#ifndef WMSJ_ROSTER_H
#define WMSJ_ROSTER_H

#include <stddef.h>
#include "err.h"
#include "rules.h"
#include "figures.h"
#include "volunteer.h"

struct wmsj_config;
struct csv_table;
struct import_map;

/* A change to a registered volunteer. */
enum roster_change {
	RC_UPDATE,              /* name, phone, tags, platform number */
	RC_TRANSFER,            /* another station (update --station) */
	RC_REISSUE,             /* a new card number, the old one kept as old */
	RC_CARD,                /* print the points card */
	RC_SUSPEND,
	RC_RESUME,
	RC_WITHDRAW,
	RC_CORRECT_ID,          /* an ID number typed wrong (vfind.h) */
	RC_NCHANGES
};

/* Why a change is refused (RO_OK: it is allowed). */
enum roster_why {
	RO_OK,
	RO_FROZEN,              /* withdrawn: the record can no longer change */
	RO_NO_CARD,             /* withdrawn: no card is issued */
	RO_NOT_ACTIVE,          /* only an active volunteer can be suspended */
	RO_NOT_SUSPENDED,       /* only a suspended volunteer can resume */
	RO_ALREADY_WITHDRAWN
};

/* What a change does to the reason column. */
enum roster_reason {
	RR_KEEP,                /* left as it is */
	RR_SET,                 /* the reason given (suspend, withdraw) */
	RR_CLEAR                /* emptied (resume) */
};

struct roster_move {
	enum roster_why why;
	enum vstatus to;        /* the status after the change (allowed ones) */
	enum roster_reason reason;
};

/* The table's entry for change ch from status from (pure; never NULL:
 * anything out of range is refused as RO_FROZEN). */
const struct roster_move *roster_move(enum vstatus from, enum roster_change ch);

/* The refusal why as a message about volunteer id whose register status
 * reads status (REFUSED in err; WMSJ_OK and err untouched for RO_OK). */
int roster_explain(enum roster_why why, const char *id, const char *status,
		   struct wmsj_err *err);

/* Is a volunteer of status st on a station's sheet of cards (wmsj-volunteer
 * card --station, or with no KEY)?  Only the active: a suspended
 * volunteer's card is printed when asked for by KEY. */
int roster_on_sheet(enum vstatus st);

/* The volunteers of a station's sheet of cards (station NULL: every
 * station), in register order: those roster_on_sheet.  Their pointers into
 * r in out (room for r->n); returns how many. */
size_t roster_sheet(const struct vregister *r, const char *station,
		    const struct volunteer **out);

/* wmsj-volunteer list: which volunteers it shows.  Each given field
 * narrows it (NULL: any): pat a name pattern (vfind_pattern, normalised),
 * station, status (active, suspended, withdrawn as vstatus_parse reads
 * them), tag one of the volunteer's comma-separated tags, and with fc (the
 * clearings loaded: --eligible) who may earn on date (rules_may). */
struct roster_filter {
	const char *pat, *station, *status, *tag, *date;
	const struct fig_clearings *fc;
};
int roster_listed(const struct roster_filter *f, const struct volunteer *v);

/* May v undergo ch?  WMSJ_OK, or REFUSED with the message. */
int roster_check(const struct volunteer *v, enum roster_change ch, struct wmsj_err *err);

/* suspend, resume, withdraw: the status change of the table (reason: the
 * reason given for suspend and withdraw, ignored for resume). */
int roster_set_status(struct vregister *r, struct volunteer *v, enum roster_change ch,
		      const char *reason, struct wmsj_err *err);

/* The details of a volunteer, as typed (NULL: not given). */
struct roster_fields {
	const char *name, *idnum, *phone, *station, *tags, *platform;
};

/* update (and transfer when f->station is given): every value checked
 * before anything changes, in this order: the status (withdrawn: refused),
 * phone, station known to cfg, platform number (no commas, quotes or control
 * characters), tags (no control characters), name.  f->idnum is ignored
 * (correct-id changes it). */
int roster_update(struct vregister *r, struct volunteer *v, const struct wmsj_config *cfg,
		  const struct roster_fields *f, struct wmsj_err *err);

/* reissue: a new card number (vreg_next_card: call vreg_learn_ledger
 * first), the current one appended to old_cards, r re-indexed.  SYSERR when
 * the random generator fails. */
int roster_reissue(struct vregister *r, struct volunteer *v, struct wmsj_err *err);

/* correct-id: vreg_correct_idnum (vfind.h) after the table's check. */
int roster_correct_id(struct vregister *r, struct volunteer *v, const char *idnum,
		      const char *date, const char *reason, struct wmsj_err *err);

/* add: check a new volunteer's fields (all but station required), refuse
 * an ID number already registered ("the ID number is already registered as
 * volunteer 'V'"), then append the record, active, registered on date, with
 * a new id and card (call vreg_learn_ledger first).  On WMSJ_OK the new
 * record is r->v[r->n - 1]. */
int roster_add(struct vregister *r, const struct wmsj_config *cfg, const struct roster_fields *f,
	       const char *date, struct wmsj_err *err);

/* import: the rows m maps of sheet t (read from file, as messages name it),
 * each checked as add checks it, and against the rows above it (the same ID
 * number twice); a row of nothing between rows of data is refused.  A
 * station may be given by its name.  Every refused row goes into bad as
 * "FILE:LINE: why" (REFUSED); once one is refused no more rows are added,
 * so that with bad->n > 0 the caller saves nothing.  Returns WMSJ_OK, or
 * the generator's failure (SYSERR in err; rows added before it are in r). */
int roster_import(struct vregister *r, const struct wmsj_config *cfg, const struct csv_table *t,
		  const struct import_map *m, const char *file, const char *date,
		  struct wmsj_errlist *bad, struct wmsj_err *err);

#endif
