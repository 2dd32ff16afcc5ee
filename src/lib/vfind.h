/* Finding volunteers the way a clerk knows them (by name), and correcting an
 * ID number typed wrong.  The rules of `wmsj-volunteer list --name`,
 * `show NAME` and `correct-id` (wmsj-volunteer(1), wmsj(7)).
 *
 * Names are compared as registered: the pattern is normalised like a name
 * (wmsj_name_normalize: spaces trimmed and folded), then
 *   - list --name P matches every name that contains P (so also a prefix:
 *     a surname);
 *   - a KEY that is no id, card number or ID number is a name, matched
 *     exactly; it names a volunteer only when exactly one has that name.
 *
 * An ID number correction is an event with a reason, kept in the record
 * itself (column id_corrections, volunteer.h): "DATE OLD_NUMBER REASON",
 * oldest first, joined by "; ".  One rewrite of volunteers.csv is its one
 * commit point.  The old number no longer finds the volunteer (it may be
 * someone else's, who can then be registered). */
#ifndef WMSJ_VFIND_H
#define WMSJ_VFIND_H

#include <stddef.h>
#include "err.h"
#include "volunteer.h"

/* Normalise a name pattern (malloc'ed into *out); REFUSED for an empty or
 * unusable one, naming the rule. */
int vfind_pattern(const char *in, char **out, struct wmsj_err *err);
/* 1 when name contains the normalised pattern pat (byte substring of UTF-8:
 * whole characters only match whole characters). */
int vfind_name_match(const char *name, const char *pat);
/* The volunteers whose name is exactly name (normalised): their indices into
 * r->v, in register order, up to max of them in idx; returns how many there
 * are in all. */
size_t vfind_by_name(const struct vregister *r, const char *name, size_t *idx, size_t max);

/* What a KEY of a command on one volunteer names: an id, a card number or
 * an ID number (vreg_find: VK_FOUND, *v); a card reissued since
 * (VK_REISSUED, *v its holder now); a name (vfind_by_name) only one
 * volunteer has (VK_FOUND) or several share (VK_SHARED: *n of them, the
 * first max in idx); else VK_NONE.  *n is set for a name only. */
enum vfind_key { VK_FOUND, VK_REISSUED, VK_SHARED, VK_NONE };
enum vfind_key vfind_key(const struct vregister *r, const char *key, struct volunteer **v,
			 size_t *idx, size_t max, size_t *n);

/* Correct v's ID number to in (as typed: GB 11643, x or X) on date for
 * reason.  REFUSED, naming the rule: an invalid number (the message never
 * repeats it); the volunteer's own number already; a number registered to
 * another volunteer ("already registered as volunteer 'ID'"); an empty
 * reason, one holding ';' or control characters; a bad date.  On WMSJ_OK the
 * record holds the new number, the correction appended to id_corrections,
 * updated = now, and r is re-indexed; the caller saves. */
int vreg_correct_idnum(struct vregister *r, struct volunteer *v, const char *in, const char *date,
		       const char *reason, struct wmsj_err *err);

#endif
