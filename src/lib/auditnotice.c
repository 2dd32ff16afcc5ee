/* auditnotice: a published notice, as wmsj-audit checks it (auditnotice.h). */
#include <dirent.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditnotice.h"
#include "clock.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "mask.h"
#include "util.h"
#include "validate.h"

enum { CQ, CS, CSN, CID, CN, CCARD, CE, CR, CC, CB, CH, CSEAL };

/* One notice being checked. */
struct nfile {
	struct audit_ctx *c;
	const char *wname;
	struct csv_table t;
	int col[NOTICE_CSV_NCOLS];
	int y, q;
	uint64_t seq, rseq;
	char shash[65], rhash[65];
};

/* The figures of quarter y, q sealed with seq and rseq: the last ones built
 * (c->nc) when they are those. */
static struct notice_set *
notice_cached(struct audit_ctx *c, int y, int q, uint64_t seq, uint64_t rseq,
	      struct wmsj_err *err)
{
	if (c->nc.valid && c->nc.y == y && c->nc.q == q && c->nc.seq == seq && c->nc.rseq == rseq)
		return &c->nc.set;
	if (c->nc.valid)
		notice_release(&c->nc.set);
	c->nc.valid = 0;
	if (notice_build(&c->nc.set, c->cfg, c->dir, NULL, y, q, seq, rseq, err) != WMSJ_OK) {
		notice_release(&c->nc.set);
		return NULL;
	}
	c->nc.valid = 1;
	c->nc.y = y;
	c->nc.q = q;
	c->nc.seq = seq;
	c->nc.rseq = rseq;
	return &c->nc.set;
}

static void
nfile_add(struct nfile *nf, const char *check, const char *where, const char *st,
	  const char *id, const char *txn, const char *fmt, ...) WMSJ_PRINTF(7, 8);

static void
nfile_add(struct nfile *nf, const char *check, const char *where, const char *st,
	  const char *id, const char *txn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findings_vadd(nf->c->f, "error", check, where, st, id, txn, fmt, ap);
	va_end(ap);
}

/* A final notice: its quarter and seal parsed, not a preview, its quarter
 * over.  0, or -1 after a finding. */
static int
nfile_final(struct nfile *nf)
{
	const struct csv_record *r0 = &nf->t.rows[0];
	const char *quarter = csv_get(r0, nf->col[CQ]);
	int cp = csv_table_col(&nf->t, "preview");
	const char *pv = cp >= 0 ? csv_get(r0, cp) : "";
	char where[4200], from[11], to[11];

	snprintf(where, sizeof where, "%s:%zu", nf->wname, r0->line);
	if (wmsj_quarter_parse(quarter, &nf->y, &nf->q) != 0 ||
	    notice_seal_parse(csv_get(r0, nf->col[CSEAL]), &nf->seq, nf->shash, &nf->rseq,
			      nf->rhash) != 0) {
		nfile_add(nf, "notice", where, NULL, NULL, NULL, _("the quarter or the seal is malformed"));
		return -1;
	}
	/* A preview (wmsj-report notice --preview) is never final: it says
	 * so in its own column, and its quarter is not over. */
	if (*pv != '\0') {
		nfile_add(nf, "notice", where, NULL, NULL, NULL,
			  _("the notice is a preview (%s), not a final notice"), pv);
		return -1;
	}
	if (!notice_quarter_over(nf->y, nf->q, wmsj_today())) {
		wmsj_quarter_range(nf->y, nf->q, from, to);
		nfile_add(nf, "notice", nf->wname, NULL, NULL, NULL,
			  _("quarter '%s' has not ended (it ends on %s): no notice of it is final yet"),
			  quarter, to);
		return -1;
	}
	return 0;
}

/* The seal still holds: the ledger row it names, with its hash, and the
 * register history's event.  0, or -1 after a finding. */
static int
nfile_sealed(struct nfile *nf)
{
	struct ledger_found fd;
	struct wmsj_err err;
	char txn[LEDGER_TXN_MAX];
	uint64_t by;
	int same;

	ledger_txn_format(nf->seq, txn);
	/* Sequence 0 is the seal of an empty ledger: it binds the figures to
	 * nothing, so it can certify nothing. */
	if (nf->seq == 0) {
		nfile_add(nf, "notice-seal", nf->wname, NULL, NULL, txn,
			  _("the notice's seal '%s' names no ledger row: it certifies nothing"), txn);
		return -1;
	}
	if (ledger_find_txn(nf->c->dir, nf->seq, &fd, &by, &err) != WMSJ_OK) {
		nfile_add(nf, "notice-seal", nf->wname, NULL, NULL, txn,
			  _("the ledger no longer holds '%s' that the notice was sealed with: it was cut short or rewritten"),
			  txn);
		return -1;
	}
	same = strcmp(fd.row.hash, nf->shash) == 0;
	ledger_found_release(&fd);
	if (!same) {
		nfile_add(nf, "notice-seal", nf->wname, NULL, NULL, txn,
			  _("row '%s' no longer has the hash the notice was sealed with: the ledger was rewritten"),
			  txn);
		return -1;
	}
	/* The register history's part: that event must still carry that
	 * hash, else the registers were rewritten or cut. */
	if (nf->rseq != 0) {
		struct history h;
		int hrc = hist_load(&h, nf->c->dir, 0, &err);

		if (hrc == WMSJ_OK)
			hrc = hist_check_seal(&h, nf->rseq, nf->rhash, &err);
		hist_release(&h);
		if (hrc != WMSJ_OK) {
			nfile_add(nf, "notice-seal", nf->wname, NULL, NULL, NULL, "%s", err.msg);
			return -1;
		}
	}
	return 0;
}

/* The row of a station that lists nobody: it carries the seal, and only
 * when nobody is to be listed, every figure 0. */
static void
nfile_empty_row(struct nfile *nf, const struct csv_record *r, const struct notice *n,
		const char *where, const char *st)
{
	if (n->nlines > 0 || nf->t.nrows > 1) {
		nfile_add(nf, "notice", where, st, NULL, NULL,
			  _("a row with no volunteer on a notice that lists volunteers"));
		return;
	}
	for (int k = CE; k <= CH; k++) {
		const char *v = csv_get(r, nf->col[k]);

		if (strcmp(v, "0") != 0 && strcmp(v, "0.00") != 0 && strcmp(v, "0.0") != 0)
			nfile_add(nf, "notice", where, st, NULL, NULL,
				  _("'%s' of the row with no volunteer is %s, not 0"),
				  notice_csv_cols[k], v);
	}
}

/* Every column of a volunteer's row, the masked name and card as published
 * included: rows whose names were swapped are found. */
static void
nfile_figures(struct nfile *nf, const struct csv_record *r, const struct notice_line *l,
	      const char *where, const char *st, const char *id)
{
	char *mname = mask_name(l->v->name), *mcard = mask_card(l->v->card_no);
	const char *published[2] = {mname, mcard};
	static const char *const pnames[2] = {"name", "card_no"};
	int pcols[2] = {nf->col[CN], nf->col[CCARD]};
	int64_t vals[4] = {l->earned, l->redeemed, l->cleared, l->balance};
	int cols[4] = {nf->col[CE], nf->col[CR], nf->col[CC], nf->col[CB]};
	static const char *const names[4] = {"earned", "redeemed", "cleared", "balance"};
	char h[32];

	for (int k = 0; k < 2; k++)
		if (strcmp(csv_get(r, pcols[k]), published[k]) != 0)
			nfile_add(nf, "notice", where, st, id, NULL,
				  _("volunteer '%s': %s is %s on the notice, %s in the register"), id,
				  pnames[k], csv_get(r, pcols[k]), published[k]);
	free(mname);
	free(mcard);
	for (int k = 0; k < 4; k++) {
		char b[32];

		xsnprintf(b, sizeof b, "%" PRId64, vals[k]);
		if (strcmp(csv_get(r, cols[k]), b) != 0)
			nfile_add(nf, "notice", where, st, id, NULL,
				  _("volunteer '%s': %s is %s on the notice, %s in the ledger"), id,
				  wmsj_column_label(names[k]), csv_get(r, cols[k]), b);
	}
	wmsj_hours_format(l->hours, h);
	if (strcmp(csv_get(r, nf->col[CH]), h) != 0)
		nfile_add(nf, "notice", where, st, id, NULL,
			  _("volunteer '%s': hours is %s on the notice, %s in the ledger"), id,
			  csv_get(r, nf->col[CH]), h);
}

/* One row of the notice against the figures set. */
static void
nfile_row(struct nfile *nf, const struct csv_record *r, const struct notice_set *set)
{
	const struct csv_record *r0 = &nf->t.rows[0];
	const char *st = csv_get(r, nf->col[CS]), *id = csv_get(r, nf->col[CID]);
	const struct notice_line *l = NULL;
	const struct notice *n = NULL;
	char where[4200];

	snprintf(where, sizeof where, "%s:%zu", nf->wname, r->line);
	if (strcmp(csv_get(r, nf->col[CSEAL]), csv_get(r0, nf->col[CSEAL])) != 0 ||
	    strcmp(csv_get(r, nf->col[CQ]), csv_get(r0, nf->col[CQ])) != 0)
		nfile_add(nf, "notice", where, st, id, NULL,
			  _("the row's seal or quarter differs from the first row's"));
	for (size_t s = 0; s < set->count; s++) {
		if (strcmp(set->n[s].station->code, st) != 0)
			continue;
		n = &set->n[s];
		for (size_t k = 0; k < n->nlines; k++)
			if (strcmp(n->lines[k].v->id, id) == 0)
				l = &n->lines[k];
	}
	if (n == NULL) {
		nfile_add(nf, "notice", where, st, id, NULL, _("unknown station '%s'"), st);
		return;
	}
	if (*id == '\0') {
		nfile_empty_row(nf, r, n, where, st);
		return;
	}
	if (strcmp(csv_get(r, nf->col[CSN]), n->station->name) != 0)
		nfile_add(nf, "notice", where, st, id, NULL,
			  _("the station's name is %s on the notice, %s in the configuration"),
			  csv_get(r, nf->col[CSN]), n->station->name);
	if (l == NULL) {
		nfile_add(nf, "notice", where, st, id, NULL,
			  _("volunteer '%s' is on the notice but not in the ledger's figures"), id);
		return;
	}
	nfile_figures(nf, r, l, where, st, id);
}

/* Volunteers the ledger lists for the notice's stations but the notice
 * lacks (seen: the ids on the notice). */
static void
nfile_missing(struct nfile *nf, const struct notice_set *set, const struct strmap *seen)
{
	for (size_t s = 0; s < set->count; s++) {
		int present = 0;

		for (size_t i = 0; i < nf->t.nrows && !present; i++)
			present = strcmp(csv_get(&nf->t.rows[i], nf->col[CS]),
					 set->n[s].station->code) == 0;
		if (!present)
			continue;
		for (size_t k = 0; k < set->n[s].nlines; k++) {
			const char *id = set->n[s].lines[k].v->id;

			if (!strmap_get(seen, id, strlen(id), NULL))
				nfile_add(nf, "notice", nf->wname, set->n[s].station->code, id, NULL,
					  _("volunteer '%s' is missing from the notice"), id);
		}
	}
}

/* The file read, its columns found: WMSJ_OK or the status in err. */
static int
nfile_read(struct nfile *nf, const char *file, struct wmsj_err *err)
{
	const char *req[NOTICE_CSV_NCOLS + 1];

	for (int k = 0; k < NOTICE_CSV_NCOLS; k++)
		req[k] = notice_csv_cols[k];
	req[NOTICE_CSV_NCOLS] = NULL;
	if (csv_table_read(&nf->t, file, nf->c->enc, NULL, NULL, err) != WMSJ_OK ||
	    csv_table_require(&nf->t, req, err) != WMSJ_OK)
		return err->status;
	for (int k = 0; k < NOTICE_CSV_NCOLS; k++)
		nf->col[k] = csv_table_col(&nf->t, notice_csv_cols[k]);
	return WMSJ_OK;
}

/* Every row against the figures: WMSJ_OK, or the status in err when they
 * cannot be built. */
static int
nfile_rows(struct nfile *nf, struct wmsj_err *err)
{
	struct notice_set *set = notice_cached(nf->c, nf->y, nf->q, nf->seq, nf->rseq, err);
	struct strmap seen;

	if (set == NULL)
		return err->status;
	strmap_init(&seen);
	for (size_t i = 0; i < nf->t.nrows; i++) {
		const char *id = csv_get(&nf->t.rows[i], nf->col[CID]);

		strmap_put(&seen, id, strlen(id), 1);
		nfile_row(nf, &nf->t.rows[i], set);
	}
	nfile_missing(nf, set, &seen);
	strmap_release(&seen);
	return WMSJ_OK;
}

int
audit_notice_file(struct audit_ctx *c, const char *file, const char *wname, int soft,
		  struct wmsj_err *err)
{
	struct nfile nf;
	int rc = WMSJ_OK;

	memset(&nf, 0, sizeof nf);
	nf.c = c;
	nf.wname = wname;
	if (nfile_read(&nf, file, err) != WMSJ_OK)
		rc = err->status;
	else if (nf.t.nrows == 0)
		nfile_add(&nf, "notice", wname, NULL, NULL, NULL, _("the notice has no rows"));
	else if (nfile_final(&nf) == 0 && nfile_sealed(&nf) == 0)
		rc = nfile_rows(&nf, err);
	csv_table_release(&nf.t);
	if (rc != WMSJ_OK && soft) {
		nfile_add(&nf, "notice", wname, NULL, NULL, NULL, "%s", err->msg);
		rc = WMSJ_OK;
	}
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The notices kept in ndir (YYYYQn-CODE.csv, as wmsj-report notice --out
 * names them), in name order: *n names, allocated. */
static char **
kept_names(const char *ndir, size_t *n)
{
	DIR *dp = opendir(ndir);
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (dp == NULL)
		return NULL;
	while ((de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		int y, q;
		char qs[8];

		if (len < 12 || strcmp(de->d_name + len - 4, ".csv") != 0 || de->d_name[6] != '-')
			continue;
		memcpy(qs, de->d_name, 6);
		qs[6] = '\0';
		if (wmsj_quarter_parse(qs, &y, &q) != 0)
			continue;
		names = xgrow(names, &cap, *n + 1, sizeof *names);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (*n > 0)
		qsort(names, *n, sizeof *names, name_cmp);
	return names;
}

void
audit_kept_notices(struct audit_ctx *c)
{
	char ndir[4096], **names;
	size_t n;

	if (audit_notices_dir(c, ndir, sizeof ndir, 1) != 0)
		return;
	names = kept_names(ndir, &n);
	for (size_t i = 0; i < n; i++) {
		char path[8200], wname[8200];
		struct wmsj_err err;

		snprintf(path, sizeof path, "%s/%s", ndir, names[i]);
		if (c->notices != NULL)
			snprintf(wname, sizeof wname, "%s", path);
		else
			snprintf(wname, sizeof wname, "notices/%s", names[i]);
		audit_notice_file(c, path, wname, 1, &err);
		free(names[i]);
	}
	free(names);
}
