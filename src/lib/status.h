/* Exit statuses shared by the four tools and returned by library calls.
 * Any status >= WMSJ_USAGE means the output cannot be trusted and nothing
 * was half-written. */
#ifndef WMSJ_STATUS_H
#define WMSJ_STATUS_H

enum wmsj_status {
	WMSJ_OK = 0,      /* success */
	WMSJ_REFUSED = 1, /* a rule or a validation refused it; audit: findings */
	WMSJ_USAGE = 2,   /* unknown option, missing argument */
	WMSJ_BADDATA = 3, /* malformed input file: CSV/YAML syntax, columns, encoding */
	WMSJ_SYSERR = 4,  /* permissions, disk full, write error, out of memory */
	WMSJ_LOCKED = 5   /* registers locked by another process longer than --wait */
};

#endif
