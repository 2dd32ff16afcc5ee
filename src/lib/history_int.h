/* Private to the history's modules (history.c, hist_index.c): what one
 * needs of the other beyond history.h.  Nothing else includes this. */
#ifndef WMSJ_HISTORY_INT_H
#define WMSJ_HISTORY_INT_H

#include "history.h"

/* Parse the event line[0..n) in place (line[n] may be overwritten): its
 * fields when its register is in mask (kv in h's arena).  BADDATA naming
 * history.csv:lineno. */
int hist_parse_event(struct history *h, char *line, size_t n, size_t lineno, unsigned mask,
		     struct hist_event *e, struct wmsj_err *err);

#endif
