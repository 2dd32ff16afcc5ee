/* Validation of what people type, one header for all: dates (date.h),
 * amounts (amount.h), ID numbers and phones (idno.h), text and names
 * (text.h), UTF-8 and code points (utf8.h), and the clock (clock.h).  Each
 * has its own .c file; include the one you need or this one.  Checks return
 * WMSJ_OK or WMSJ_REFUSED with a translated message that names the rule
 * (never a bare "invalid"); the caller adds the subject/place. */
#ifndef WMSJ_VALIDATE_H
#define WMSJ_VALIDATE_H

#include "amount.h"
#include "clock.h"
#include "date.h"
#include "err.h"
#include "idno.h"
#include "text.h"
#include "utf8.h"

#endif
