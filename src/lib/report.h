/* The reports' data (wmsj-report): one or more data directories taken
 * together (a county centre collecting its towns), and what a report
 * assembles from them before it prints: a period's figures per station, the
 * ranking's rows in their order, the star level today, and a volunteer's
 * certificate (the awards not reversed, the account, the star, the seal).
 * The figures are figures.c's and the ledger state's, the rules
 * standing.h's; nothing here prints or exits.
 *
 * Ownership: rdirs_load's array owns each directory's configuration and
 * register (rdirs_free, also after a failed load); dir names are borrowed.
 * A ranking owns its arrays; its strings are the directories' (keep them
 * loaded while it is used): ranking_release.  A certificate owns its rows,
 * the ID number as shown and its seal; its volunteer and station name are
 * the directory's: cert_release. */
#ifndef WMSJ_REPORT_H
#define WMSJ_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "figures.h"
#include "ledger.h"
#include "noticedoc.h"
#include "rules.h"
#include "standing.h"
#include "volunteer.h"

/* ---- the directories ------------------------------------------------------ */

struct rdir {
	const char *dir;
	struct wmsj_config cfg;
	struct vregister reg;           /* loaded with want_reg only */
	int ok;                         /* loaded: rdirs_free releases it */
};

/* *dd: n directories, each one's configuration and, with want_reg, today's
 * register, loaded in order (*dd always allocated: rdirs_free it).  The
 * first failure's status, err filled. */
int rdirs_load(struct rdir **dd, const char *const *dirs, size_t n, int want_reg,
	       struct wmsj_err *err);
void rdirs_free(struct rdir *dd, size_t n);
/* Station codes are division codes: unique across the directories.  1 when
 * dd[*i] repeats *code of the earlier dd[*j] (the first found), else 0. */
int rdirs_clash(const struct rdir *dd, size_t n, size_t *i, size_t *j, const char **code);
/* 1 when a directory configures station code. */
int rdirs_station_known(const struct rdir *dd, size_t n, const char *code);

/* The stations' figures of [from, to] (fig_stations; reg NULL: without the
 * register's counts): *fs has cfg.nstations + 1 entries (the last: goods on
 * no station's shelf), malloc'd (free it, also after a failure). */
int rdir_stations(const struct rdir *d, const struct vregister *reg, const char *from,
		  const char *to, struct fig_station **fs, struct wmsj_err *err);

/* ---- stars ----------------------------------------------------------------- */

/* The star level today (standing_star): a commendation, none in the year of
 * a clearing, nor while suspended or withdrawn; a (NULL: no account) hours
 * stay the record. */
enum rules_why report_star_today(const struct wmsj_config *cfg, const struct volunteer *v,
				 const struct account *a, struct standing_star *ss);

/* ---- the ranking ----------------------------------------------------------- */

/* A row of the ranking besides what it is ranked by (k[i].idx: its row). */
struct rank_row {
	const char *name, *station, *station_name;
	int64_t vols;                   /* stations: their volunteers */
};

struct ranking {
	struct standing_entry *k;       /* in the ranking's order */
	struct rank_row *r;
	size_t n, cap, rcap;
};

/* The year's ranking over the directories (fig_year), ordered by by
 * (standing_rank): with stations each configured station (its earned
 * points, hours and volunteers), else the volunteers listed for the year
 * (standing_rank_listed), with all also those withheld.  The first
 * failure's status, err filled; g is released by the caller either way. */
int ranking_build(struct ranking *g, const struct rdir *dd, size_t n, int year, int stations,
		  int all, enum standing_by by, struct wmsj_err *err);
void ranking_release(struct ranking *g);

/* ---- the certificate --------------------------------------------------------- */

struct cert {
	struct certdoc doc;             /* what certdoc_render prints */
	struct standing_star star;
	char seal[160];
	char *id_shown;
};

/* v's certificate from its directory d: the awards not reversed with their
 * activities (certdoc's rows), the account today, the star today, the
 * ledger's last row as the seal, the ID number masked unless reveal.
 * WMSJ_OK or the status of reading the activities or the ledger. */
int cert_build(struct cert *c, const struct rdir *d, const struct volunteer *v, int reveal,
	       struct wmsj_err *err);
void cert_release(struct cert *c);

#endif
