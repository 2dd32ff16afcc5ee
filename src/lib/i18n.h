/* Message translation through gettext, text domain "wmsj".
 *
 * wmsj_i18n_init() calls setlocale(LC_ALL, "") and binds the domain to
 * $WMSJ_LOCALEDIR if set (tests use it), else to the catalogue next to the
 * running executable (wmsj_i18n_localedir), else to LOCALEDIR from the build.
 * Use _("...") for messages and N_("...") for strings in static tables. */
#ifndef WMSJ_I18N_H
#define WMSJ_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

void wmsj_i18n_init(void);
/* 1 when messages are Chinese (LC_MESSAGES is zh_*). */
int wmsj_i18n_chinese(void);
/* The catalogue directory for the executable at path exe (NULL: this
 * process, /proc/self/exe): exe's ../share/locale (an install under any
 * PREFIX), else ../locale (the build tree), when that directory exists;
 * else LOCALEDIR.  Returns a static buffer or LOCALEDIR. */
const char *wmsj_i18n_localedir(const char *exe);
/* A label for people: the translation of s in context ctx (a po entry with
 * msgctxt ctx), or s itself.  Contexts: "column" for a column name (name →
 * 姓名), a column name for its values ("status": active → 正常; "kind":
 * award → 认定).  Data values are shown through this, never pasted raw
 * into a translated message. */
const char *wmsj_label(const char *ctx, const char *s);

#endif
