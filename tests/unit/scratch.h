/* A scratch data directory for the unit tests that write files: `dir`,
 * made under $TMPDIR (default /tmp) by scratch_make() in a test's setup and
 * removed with everything in it by scratch_remove() in its teardown. */
#ifndef WMSJ_TEST_SCRATCH_H
#define WMSJ_TEST_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>

static char dir[4096];

static int
scratch_make(const char *name)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/wmsj-%s.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp", name);
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
scratch_remove(void)
{
	char cmd[sizeof dir + 16];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
