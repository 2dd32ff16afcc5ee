/* Message translation through gettext, text domain "wmsj".
 *
 * wmsj_i18n_init() calls setlocale(LC_ALL, "") and binds the domain to
 * $WMSJ_LOCALEDIR if set (tests use it), else to LOCALEDIR from the build.
 * Use _("...") for messages and N_("...") for strings in static tables. */
#ifndef WMSJ_I18N_H
#define WMSJ_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

void wmsj_i18n_init(void);
/* 1 when messages are Chinese (LC_MESSAGES is zh_*). */
int wmsj_i18n_chinese(void);

#endif
