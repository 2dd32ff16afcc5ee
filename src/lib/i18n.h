/* Message translation through gettext, text domain "wmsj".
 *
 * wmsj_i18n_init(dir) calls setlocale(LC_ALL, "") and binds the domain to
 * dir if not NULL or empty (cli_init passes $WMSJ_LOCALEDIR: tests use it), else to the catalogue next to the
 * running executable (wmsj_i18n_localedir), else to LOCALEDIR from the build.
 * Use _("...") for messages and N_("...") for strings in static tables. */
#ifndef WMSJ_I18N_H
#define WMSJ_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

void wmsj_i18n_init(const char *dir);
/* 1 when messages are Chinese (LC_MESSAGES is zh_*). */
int wmsj_i18n_chinese(void);
/* The catalogue directory for the executable at path exe (NULL: this
 * process, /proc/self/exe): exe's ../share/locale (an install under any
 * PREFIX), else ../locale (the build tree), when that directory exists;
 * else LOCALEDIR.  Returns a static buffer or LOCALEDIR. */
const char *wmsj_i18n_localedir(const char *exe);

#endif
