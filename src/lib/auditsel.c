/* Which audit findings are shown: see auditsel.h. */
#include <stdlib.h>
#include <string.h>

#include "auditsel.h"
#include "validate.h"

int
audit_level_parse(const char *s, enum audit_level *out)
{
	static const char *const names[] = {"error", "anomaly", "warning", "info"};

	for (int i = 0; i < 4; i++)
		if (s != NULL && strcmp(s, names[i]) == 0) {
			*out = (enum audit_level)i;
			return 0;
		}
	return -1;
}

int
audit_is_standard(const char *check)
{
	static const char *const std[] = {"team-size", "participation", "monthly-activity",
					  "exchange-day", "notice"};

	for (size_t i = 0; i < sizeof std / sizeof std[0]; i++)
		if (strcmp(check, std[i]) == 0)
			return 1;
	return 0;
}

enum audit_level
audit_level_of(const char *sev, const char *check)
{
	if (strcmp(sev, "error") == 0)
		return AL_ERROR;
	if (strcmp(sev, "warning") == 0)
		return audit_is_standard(check) ? AL_WARNING : AL_ANOMALY;
	return AL_INFO;
}

void
audit_first_note(char first[11], const char *date)
{
	/* the comparison first: most dates are not earlier (a ledger's rows) */
	if (date == NULL || (first[0] != '\0' && strcmp(date, first) >= 0))
		return;
	if (wmsj_date_parse(date, NULL, NULL, NULL) == 0) {
		memcpy(first, date, 10);
		first[10] = '\0';
	}
}

int
audit_standard_due(const char *first, int year, int month)
{
	int fy, fm;

	if (first == NULL || first[0] == '\0')
		return 0;      /* nothing recorded yet: no standard is due */
	fy = atoi(first);
	fm = atoi(first + 5);
	if (year != fy)
		return year > fy;
	return month == 0 || month >= fm;
}
