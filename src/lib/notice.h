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
	char seal[192];                /* "T00001234:hex", and "/R00000056:hex" when the
					* register history has events: the ledger row
					* and the history event it was computed from
					* ("T00000000:000…" when the ledger is empty) */
	char reg_seal[96];             /* the "R...:hex" part, "" when none */
	struct vregister reg;          /* the register as of the quarter's end */
	struct vregister reg_all;      /* every record the history held at the seal */
	int have_reg;
	int shared;                    /* reg is reg_all too (reg_all not loaded) */
	char preview[11];              /* "": a final notice; else the date a preview is as of */
	struct notice *n;              /* one per station of the configuration, in its order */
	size_t count;
};

/* Build the notices of every station.  stream: NULL to read DIR's ledger,
 * else a ledger stream path ("-" = stdin).  max_seq: the ledger's rows up
 * to this sequence (0 = everything); reg_seq: the register history's events
 * up to this sequence (0 = everything).  The lines are the volunteers of
 * the register as of the quarter's last day (history.h), never one
 * registered later, nor at another station on that day — and anyone with a
 * figure in the quarter (a volunteer registered later with rows in it is
 * listed by their first station). */
int notice_build(struct notice_set *set, const struct wmsj_config *cfg, const char *dir,
		 const char *stream, int year, int quarter, uint64_t max_seq, uint64_t reg_seq,
		 struct wmsj_err *err);
/* Split a seal "T<seq>:<hex>[/R<seq>:<hex>]": 0, or -1 when malformed.
 * *rseq = 0 and rhash "" when there is no register part. */
int notice_seal_parse(const char *seal, uint64_t *seq, char hash[65], uint64_t *rseq,
		      char rhash[65]);
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
