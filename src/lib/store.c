/* A data directory opened once for one command: see store.h. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "store.h"
#include "vindex.h"
#include "views.h"

int
store_open(struct store *s, const char *dir, double wait, int mode, struct wmsj_err *err)
{
	return store_open_keys(s, dir, wait, mode, NULL, 0, err);
}

int
store_open_keys(struct store *s, const char *dir, double wait, int mode, const char *const *keys,
		size_t nkeys, struct wmsj_err *err)
{
	int rc;

	memset(s, 0, sizeof *s);
	s->dir = dir;
	s->lock.fd = -1;
	if ((rc = config_load(&s->cfg, dir, err)) != WMSJ_OK) {
		config_release(&s->cfg);
		return rc;
	}
	s->have_cfg = 1;
	if (mode != STORE_READ) {
		if ((rc = fsio_lock(&s->lock, dir, wait, err)) != WMSJ_OK)
			return rc;
		if (mode == STORE_WRITE && (rc = ledger_writer_open(&s->w, dir, err)) != WMSJ_OK) {
			s->w = NULL;
			return rc;
		}
		/* A register's file that is missing is written again from the
		 * history (its view). */
		if ((rc = views_restore(dir, err)) != WMSJ_OK)
			return rc;
	}
	s->have_reg = 1;
	if (keys != NULL && nkeys > 0)
		return vreg_load_keys(&s->reg, dir, keys, nkeys, &s->one, err);
	return vreg_load(&s->reg, dir, err);
}

int
store_open_key(struct store *s, const char *dir, const char *key, struct wmsj_err *err)
{
	return store_open_keys(s, dir, 0, 0, &key, 1, err);
}

int
store_commit(struct store *s, struct wmsj_err *err)
{
	return ledger_writer_commit(s->w, err);
}

void
store_close(struct store *s)
{
	if (s->w != NULL)
		ledger_writer_release(s->w);
	s->w = NULL;
	if (s->have_reg)
		vreg_release(&s->reg);
	if (s->have_cfg)
		config_release(&s->cfg);
	s->have_reg = s->have_cfg = 0;
	fsio_unlock(&s->lock);
}

int
store_init(const char *dir, double wait, struct wmsj_err *err)
{
	static const char vh[] = "id,card_no,name,id_number,phone,station,tags,platform_no,"
				 "status,reason,registered,updated,old_cards\n";
	static const char lh[] = LEDGER_HEADER "\n";
	struct wmsj_lock lock;
	int rc;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return wmsj_err_sys(err, errno, _("cannot create '%s'"), dir);
	if ((rc = fsio_lock(&lock, dir, wait, err)) != WMSJ_OK)
		return rc;
	rc = fsio_create_new(dir, "wmsj.yaml", wmsj_config_template, strlen(wmsj_config_template),
			     err);
	if (rc == WMSJ_OK &&
	    (rc = fsio_create_new(dir, VREG_FILE, vh, strlen(vh), err)) == WMSJ_REFUSED)
		rc = WMSJ_OK;
	if (rc == WMSJ_OK &&
	    (rc = fsio_create_new(dir, LEDGER_FILE, lh, strlen(lh), err)) == WMSJ_REFUSED)
		rc = WMSJ_OK;
	fsio_unlock(&lock);
	return rc;
}
