/* libFuzzer harness: wmsj.yaml. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wmsj_config c;
	struct wmsj_err err;
	int rc = config_parse(&c, "wmsj.yaml", (const char *)data, size, &err);

	if (rc == WMSJ_OK) {
		if (c.institute == NULL || c.nstations == 0 || c.notice.issuer == NULL)
			__builtin_trap();
		for (size_t i = 0; i < c.nstations; i++)
			if (strlen(c.stations[i].code) != 12 || config_station(&c, c.stations[i].code) == NULL)
				__builtin_trap();
	} else if (rc != WMSJ_BADDATA || strncmp(err.msg, "wmsj.yaml:", 10) != 0) {
		__builtin_trap();
	}
	config_release(&c);
	return 0;
}
