/* The register's index, DIR/.volunteers.idx: a volunteer id, card number
 * or ID number -> where the volunteer's line is in volunteers.csv, so that
 * a command about one volunteer reads one line and not the county's
 * register.  Derived, optional, rebuilt when missing or stale.
 *
 * The file (sidx.h, kind "volunteers"): keys are digests of ("id", id),
 * ("card", card number), ("idno", ID number) — no ID number is written out
 * — and each maps to the byte offset of the record's line.  Its binding:
 * the view's identity (inode, size, times; a view is only ever replaced
 * by a rename, never changed in place) and whether it is a view of the
 * history or a register older than its history — not the history's head,
 * which moves with every change of any register while the view stays the
 * same file.
 *
 * Believed only when: the view is today's register (hist_view_open: its
 * stamp vouches for it, or it has no history), the binding names exactly
 * that file, the digests check, and the line it points to parses
 * (with the file's header) into a record that the KEY finds.  A key the
 * index does not have is looked up in the whole register (by name, an old
 * card number, or a register the index does not cover): an index can make
 * a command faster, never change its answer.  It is written only from a
 * view that is valid UTF-8 with one physical line per record. */
#ifndef WMSJ_VINDEX_H
#define WMSJ_VINDEX_H

#include "err.h"
#include "volunteer.h"

#define VINDEX_FILE ".volunteers.idx"

/* Load into r the record KEY names, alone (*one = 1), or the whole register
 * as vreg_load does (*one = 0; then the index is rewritten when it was
 * missing or stale).  Statuses as vreg_load. */
int vreg_load_key(struct vregister *r, const char *dir, const char *key, int *one,
		  struct wmsj_err *err);
/* The same for the records of keys[0..n) (*one = 1: only those, each
 * once), or the whole register when the index lacks one of them. */
int vreg_load_keys(struct vregister *r, const char *dir, const char *const *keys, size_t n,
		   int *one, struct wmsj_err *err);
/* wmsj-audit: the index against the register's view: none there (or
 * WMSJ_NO_INDEX), OK (exactly the index of the view it is bound to),
 * UNBOUND (not an index of today's view: never believed, rebuilt by the
 * next command), DIFFERS (bound to today's view, not its index). */
enum { VIX_CHECK_NONE, VIX_CHECK_OK, VIX_CHECK_UNBOUND, VIX_CHECK_DIFFERS };
int vindex_check(const char *dir);
/* Off: vreg_load_key always loads the whole register (WMSJ_NO_INDEX). */
void vindex_off(int off);

#endif
