/* Which audit findings are shown: the rules of wmsj-audit --severity and of
 * the station standards' first month (wmsj-audit(1), wmsj(7)).
 *
 * Levels, most serious first:
 *   error     integrity and rule breaches (severity "error")
 *   anomaly   warnings about rows and records: over a cap, a burst of
 *             entries outside office hours, too many participants ...
 *   warning   every warning, also the station standards (team-size,
 *             participation, monthly-activity, exchange-day, notice):
 *             standing warnings that stay until a station meets them
 *   info      everything (notes such as "... and N more")
 * --severity LEVEL shows the findings at LEVEL or more serious; the exit
 * status then reflects only the findings shown.
 *
 * Station standards are due from the data directory's first record (the
 * earliest of: a volunteer registered, an activity's date, a ledger row's
 * date): never for a month before that record's month, nor for a year
 * before its year. */
#ifndef WMSJ_AUDITSEL_H
#define WMSJ_AUDITSEL_H

enum audit_level { AL_ERROR, AL_ANOMALY, AL_WARNING, AL_INFO };

/* "error", "anomaly", "warning", "info" -> 0 and *out; -1 otherwise. */
int audit_level_parse(const char *s, enum audit_level *out);
/* 1 when check is a station standard (of severity warning). */
int audit_is_standard(const char *check);
/* The level of a finding of severity sev ("error", "warning", "info")
 * and check. */
enum audit_level audit_level_of(const char *sev, const char *check);

/* Track the first record: keep in first (11 bytes, "" = none yet) the
 * earliest valid YYYY-MM-DD date given. */
void audit_first_note(char first[11], const char *date);
/* 1 when the standards are due for month (1-12) of year given the first
 * record; month 0 asks about the year as a whole (due from first's year). */
int audit_standard_due(const char *first, int year, int month);

#endif
