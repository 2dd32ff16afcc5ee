/* Locale and message catalogue set-up: see i18n.h. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

void
wmsj_i18n_init(void)
{
	const char *dir = getenv("WMSJ_LOCALEDIR");

	setlocale(LC_ALL, "");
	bindtextdomain("wmsj", dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	bind_textdomain_codeset("wmsj", "UTF-8");
	textdomain("wmsj");
}

int
wmsj_i18n_chinese(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);

	return l != NULL && strncmp(l, "zh", 2) == 0;
}
