/* The quarterly public notice (季度公示): its figures, computed once and used
 * by wmsj-report (to print it) and wmsj-audit (to check a published one).
 *
 * For each station and quarter: one line per volunteer registered at the
 * station (by the register's current station) who is one of the station's
 * volunteers (figures.h: not withdrawn) or has any figure that is not zero — the quarter's earned, redeemed and cleared points
 * and hours (rows dated in the quarter, net of reversals) and the balance at
 * the quarter's end; the exchange ledger (兑换台账: redeem rows dated in the
 * quarter, and reversals of redemptions, by the row's station); the totals.
 *
 * The seal is "T<seq>:<hash>": the last ledger row the notice was computed
 * from and its chained hash.  Anyone can later check a notice: the row with
 * that sequence must still carry that hash (else the ledger was cut short or
 * rewritten), and the figures recomputed from the rows up to it must equal
 * the notice's (notice_build with max_seq = seq). */
#ifndef WMSJ_NOTICE_H
#define WMSJ_NOTICE_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "err.h"
#include "ledger.h"
#include "volunteer.h"

struct notice_line {
	const struct volunteer *v;     /* points into the register */
	int64_t earned, redeemed, cleared, balance, hours;
};

struct notice_exchange {
	char date[11];
	const struct volunteer *v;     /* NULL when the id is not in the register */
	char *volunteer, *item;
	int64_t qty, points;           /* qty given out (+), points spent (+); reversals negative */
};

struct notice {
	const struct wmsj_station *station;
	struct notice_line *lines;
	size_t nlines;
	struct notice_exchange *ex;
	size_t nex;
	int64_t earned, redeemed, cleared, balance, hours;   /* totals of the lines */
	int64_t ex_qty, ex_points;
};

struct notice_set {
	int year, quarter;
	char from[11], to[11];
	char seal[96];                 /* "T00001234:hex" ("T00000000:000…" when empty) */
	char preview[11];              /* "": a final notice; else the date a preview is as of */
	struct notice *n;              /* one per station of the configuration, in its order */
	size_t count;
};

/* Build the notices of every station.  stream: NULL to read DIR's ledger,
 * else a ledger stream path ("-" = stdin).  max_seq: 0 = everything. */
int notice_build(struct notice_set *set, const struct wmsj_config *cfg, const struct vregister *reg,
		 const char *dir, const char *stream, int year, int quarter, uint64_t max_seq,
		 struct wmsj_err *err);
void notice_release(struct notice_set *set);

/* 1 when the quarter is over on day today (YYYY-MM-DD: its last day is
 * before today), else 0.  Only a quarter that is over has a final notice;
 * one not over can be shown as a preview (set->preview) that says so. */
int notice_quarter_over(int year, int quarter, const char *today);

/* "2026年第三季度" style quarter name (out: 64 bytes). */
void notice_quarter_name(int year, int quarter, char out[64]);

/* The columns of the csv notice (one row per volunteer); a preview has one
 * more, "preview", saying so on every row. */
extern const char *const notice_csv_cols[];
#define NOTICE_CSV_NCOLS 12
#define NOTICE_CSV_NCOLS_PREVIEW 13

#endif
