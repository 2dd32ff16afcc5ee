/* A data directory opened once for one command: its configuration, its
 * volunteer register and, for a writer, the lock, the ledger's writer (its
 * journal recovered; not for a change of the registers alone) and every
 * register's view restored (views.h), in this order (HACKING: "Every writer").  The tools' session: a command opens the
 * store, calls the bank (bank.h), then commits and prints.
 *
 * Owns what it opens; store_close releases everything (also after a failed
 * store_open) and gives the lock back.  Nothing is written by store_open
 * except the views a missing or stale one needs. */
#ifndef WMSJ_STORE_H
#define WMSJ_STORE_H

#include "config.h"
#include "err.h"
#include "fsio.h"
#include "ledger.h"
#include "volunteer.h"

struct store {
	const char *dir;
	struct wmsj_config cfg;
	struct vregister reg;
	struct wmsj_lock lock;
	struct ledger_writer *w;        /* NULL: opened to read */
	int have_cfg, have_reg;
	int one;                        /* reg holds only the record a key named */
};

/* How a command opens the store: to read; to write (the lock, waiting up to
 * wait seconds, the ledger's writer, the views restored); or to change the
 * registers only (wmsj-volunteer: the lock and the views, no ledger writer,
 * so that a register's change never touches ledger.csv). */
enum store_mode { STORE_READ = 0, STORE_WRITE = 1, STORE_REGISTER = 2 };

/* Open dir as mode says (0 / 1: STORE_READ / STORE_WRITE).  Any status of
 * config_load, fsio_lock, ledger_writer_open, views_restore or vreg_load,
 * with err filled. */
int store_open(struct store *s, const char *dir, double wait, int mode, struct wmsj_err *err);
/* Open dir to read what concerns the volunteer key names (vindex.h): reg
 * holds that record alone (one = 1) or the whole register (one = 0: the
 * key is not an id, card number or ID number the index has, or there is
 * no index to believe).  Statuses as store_open. */
int store_open_key(struct store *s, const char *dir, const char *key, struct wmsj_err *err);
/* store_open for a command about the volunteers keys[0..n) only (an award
 * of a few, a redemption; STORE_READ: wmsj-volunteer show KEY): reg holds
 * their records alone when the index has them all (one = 1), else the whole
 * register.  A writer that changes the register must not use it. */
int store_open_keys(struct store *s, const char *dir, double wait, int mode, const char *const *keys,
		    size_t nkeys, struct wmsj_err *err);
/* Commit the rows the bank added to the writer: the command's commit point. */
int store_commit(struct store *s, struct wmsj_err *err);
void store_close(struct store *s);

/* wmsj-volunteer init: make dir (0700) if it is not there, lock it (the
 * lock refuses a directory others can write or that is not ours: init
 * never adopts one), and create wmsj.yaml (the template: REFUSED when
 * there is one), then the register and the ledger (their headers) unless
 * they exist; nothing that exists is changed.  WMSJ_OK, or the first
 * failure's status, err filled. */
int store_init(const char *dir, double wait, struct wmsj_err *err);

#endif
