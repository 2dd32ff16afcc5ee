/* Locale and message catalogue set-up: see i18n.h. */
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static char exe_localedir[PATH_MAX];

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
wmsj_i18n_localedir(const char *exe)
{
	static const char *const rel[] = {
		"/../share/locale", /* PREFIX/bin/wmsj-x → PREFIX/share/locale */
		"/../locale",       /* the build tree: build/bin → build/locale */
	};
	char buf[PATH_MAX];
	const char *slash;
	ssize_t n;

	if (exe == NULL) {
		n = readlink("/proc/self/exe", buf, sizeof buf - 1);
		if (n <= 0)
			return LOCALEDIR;
		buf[n] = '\0';
		exe = buf;
	}
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return LOCALEDIR;
	for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
		size_t len = (size_t)(slash - exe);
		if (len + strlen(rel[i]) + 1 > sizeof exe_localedir)
			break;
		memcpy(exe_localedir, exe, len);
		strcpy(exe_localedir + len, rel[i]);
		if (is_dir(exe_localedir))
			return exe_localedir;
	}
	return LOCALEDIR;
}

void
wmsj_i18n_init(const char *dir)
{
	setlocale(LC_ALL, "");
	bindtextdomain("wmsj", dir != NULL && *dir != '\0' ? dir : wmsj_i18n_localedir(NULL));
	bind_textdomain_codeset("wmsj", "UTF-8");
	textdomain("wmsj");
}

int
wmsj_i18n_chinese(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);

	return l != NULL && strncmp(l, "zh", 2) == 0;
}
