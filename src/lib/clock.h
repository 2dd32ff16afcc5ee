/* The clock: what "today" and "now" are for one run of a tool.
 *
 * The time is read once, on first use (or by wmsj_clock_set), so that every
 * row and every check of one command sees the same instant.  Owner: clock.c.
 *
 * The library never reads the clock from the environment.  The tools'
 * cli_init() (cli.c) sets it in test builds only (compiled with
 * -DWMSJ_TESTING, which `make check` sets and plain `make` / `make install`
 * never do): $WMSJ_TODAY (YYYY-MM-DD) fixes today and $WMSJ_NOW
 * (YYYY-MM-DDTHH:MM:SS) fixes now, each on its own, through
 * wmsj_clock_set().  In any other build the variables are ignored: an
 * installed tool cannot be made to seal months in the future or to forge the
 * recorded time.  Unit tests call wmsj_clock_set() themselves. */
#ifndef WMSJ_CLOCK_H
#define WMSJ_CLOCK_H

/* Today's date as "YYYY-MM-DD" in local time.  Static storage. */
const char *wmsj_today(void);
/* Now as "YYYY-MM-DDTHH:MM:SS" local time.  Static storage. */
const char *wmsj_now(void);
/* Fix the clock for the rest of the process, for programs that drive the
 * library with a date of their own (generators, unit tests): today
 * "YYYY-MM-DD" and now "YYYY-MM-DDTHH:MM:SS", either may be NULL (read the
 * real clock for it).  Returns 0, or -1 (nothing changed) when one is
 * malformed. */
int wmsj_clock_set(const char *today, const char *now);

#endif
