/* wmsj.yaml, the data directory's configuration, through libyaml.
 *
 * Schema (every key below; anything else is an error naming its line):
 *
 *   center: TEXT                      county centre (optional)
 *   institute: TEXT                   town institute (required)
 *   stations:                         (required, at least one)
 *     - code: "610724109201"          12-digit division code, quoted; unique
 *       name: TEXT
 *       population: INT               resident population, >= 0 (default 0)
 *       supervisors:                  optional list of names (监督员)
 *         - TEXT
 *       exchange_point: TEXT          optional name of the 积分兑换点
 *   exchange: per-station             where goods are stocked and redeemed: per-station
 *                                     (default; each station's exchange point has its
 *                                     own shelf) or shared (one exchange point of the
 *                                     institute, one shelf for the town)
 *   exchange_point: TEXT              optional name of the shared point (needs
 *                                     exchange: shared)
 *   goods:                            the exchange shelf (optional)
 *     - code: G01                     unique
 *       name: TEXT
 *       points: INT                   > 0
 *   rules:                            all optional, defaults shown
 *     max_points: 50                  cap on one award's points
 *     max_hours: 12                   cap on one award's hours (decimal)
 *     participation_target: 0.13      volunteers / population
 *     min_team: 20                    minimum volunteers per station
 *     activities_per_month: 1
 *     star_hours: [100, 300, 600, 1000, 1500]
 *     max_participants: 200           an activity with more awards is implausible
 *     activity_horizon_days: 90       an activity is dated at most this far ahead
 *     office_hours: "08:00-18:00"     recordings outside are flagged in bursts
 *     burst: 50                       awards by one clerk outside office hours in one day
 *   notice:                           all optional
 *     publicity_days: 7               公示期 in days
 *     issuer: TEXT                    issuing body (default: institute)
 *     contact: TEXT                   phone/address for objections (public, not personal)
 *     supervisors:                    shown on every notice in addition to the station's
 *       - TEXT
 *     mask: [name, card_no]           what is masked in public outputs; name and
 *                                     card_no can be listed, ID numbers and phones
 *                                     are never shown at all
 *
 * Integers are plain decimal; decimals use '.'; strings may be quoted.
 * Wrong types, out-of-range values, duplicate codes, a key given twice in
 * any mapping, unknown keys, nesting deeper than CONFIG_MAX_DEPTH and a
 * second YAML document are WMSJ_BADDATA "wmsj.yaml:LINE: ...". */

/* Collections inside collections, the root mapping counted (the schema uses 4). */
#define CONFIG_MAX_DEPTH 16
#ifndef WMSJ_CONFIG_H
#define WMSJ_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

struct wmsj_station {
	char *code;            /* 12 digits */
	char *name;
	long population;
	char **supervisors;    /* NULL-terminated, may be empty */
	size_t nsupervisors;
	char *exchange_point;  /* may be NULL */
};

struct wmsj_goods {
	char *code;
	char *name;
	long points;
};

struct wmsj_rules {
	long max_points;             /* default 50 */
	int64_t max_hours;           /* centi-hours; default 1200 (12 h) */
	double participation_target; /* default 0.13 */
	long min_team;               /* default 20 */
	long activities_per_month;   /* default 1 */
	long star_hours[5];          /* whole hours; default 100 300 600 1000 1500 */
	long max_participants;       /* default 200 */
	long activity_horizon_days;  /* default 90: how far ahead an activity may be dated */
	int office_start, office_end;/* minutes after midnight; default 480, 1080 */
	long burst;                  /* default 50 */
};

struct wmsj_notice_cfg {
	long publicity_days;   /* default 7 */
	char *issuer;          /* default: institute */
	char *contact;         /* may be NULL */
	char **supervisors;    /* NULL-terminated */
	size_t nsupervisors;
	int mask_name;         /* default 1 */
	int mask_card;         /* default 1 */
};

struct wmsj_config {
	char *path;            /* DIR/wmsj.yaml */
	char *center;          /* may be NULL */
	char *institute;
	struct wmsj_station *stations;
	size_t nstations;
	struct wmsj_goods *goods;
	size_t ngoods;
	struct wmsj_rules rules;
	struct wmsj_notice_cfg notice;
	int exchange_shared;   /* exchange: shared (default 0: per-station shelves) */
	char *exchange_point;  /* the shared point's name; NULL unless shared */
};

/* Load DIR/wmsj.yaml.  A missing file is WMSJ_BADDATA with a message saying
 * "... not a wmsj data directory (no wmsj.yaml); create one with
 * 'wmsj-volunteer init -d DIR'". */
int config_load(struct wmsj_config *c, const char *dir, struct wmsj_err *err);
/* Parse from a buffer (tests, fuzzers); name is used in messages. */
int config_parse(struct wmsj_config *c, const char *name, const char *buf, size_t len,
		 struct wmsj_err *err);
void config_release(struct wmsj_config *c);

const struct wmsj_station *config_station(const struct wmsj_config *c, const char *code);
/* A station as a person names it in a sheet: its code, else its name (white
 * space around it ignored), else its name without the common suffix
 * 新时代文明实践站 ("堰口社区" for 堰口社区新时代文明实践站) — the first of
 * these that exactly one station fits; NULL if none does. */
const struct wmsj_station *config_station_find(const struct wmsj_config *c, const char *text);
const struct wmsj_goods *config_goods(const struct wmsj_config *c, const char *code);

/* The starter wmsj.yaml written by 'wmsj-volunteer init' (a valid config). */
extern const char wmsj_config_template[];

#endif
