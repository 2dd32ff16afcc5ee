/* Dates: parsing, day numbers, month arithmetic.  Owner: h5a (date.c).
 * A date is stored as its text "YYYY-MM-DD" (which sorts as the date) or as
 * a day number, days since 1970-01-01. */
#ifndef WMSJ_DATE_H
#define WMSJ_DATE_H

int wmsj_date_parse(const char *s, int *y, int *m, int *d);       /* YYYY-MM-DD, real date */
int wmsj_month_parse(const char *s, int *y, int *m);              /* YYYY-MM */
int wmsj_quarter_parse(const char *s, int *y, int *q);            /* YYYYQn, n 1-4 (also lowercase q) */
int wmsj_year_parse(const char *s, int *y);                       /* YYYY */
/* Each *_parse returns 0 on success, -1 on a malformed or impossible value. */
int wmsj_days_in_month(int y, int m);
/* First and last day of a quarter / month as "YYYY-MM-DD" (out: 11 bytes each). */
void wmsj_quarter_range(int y, int q, char from[11], char to[11]);
void wmsj_month_range(int y, int m, char from[11], char to[11]);

/* The last day of month "YYYY-MM" (a month as wmsj_month_parse takes it)
 * as "YYYY-MM-DD" (out: 11 bytes). */
void wmsj_month_end(const char *month, char out[11]);
/* Day numbers: days since 1970-01-01 of a calendar date (proleptic
 * Gregorian), and back. */
long wmsj_days_from_civil(int y, int m, int d);
void wmsj_civil_from_days(long days, int *y, int *m, int *d);
/* The day number of a "YYYY-MM-DD" date; LONG_MIN when it is no real date. */
long wmsj_date_days(const char *s);

#endif
