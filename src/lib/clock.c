/* The clock of one run: see clock.h. */
#include <string.h>
#include <time.h>

#include "clock.h"
#include "date.h"

static char today_buf[11], now_buf[20];
static int today_set, now_set;
static int have_real;
static struct tm real_tm;

/* The real local time, read once per process. */
static const struct tm *
real_time(void)
{
	if (!have_real) {
		time_t t = time(NULL);

		localtime_r(&t, &real_tm);
		have_real = 1;
	}
	return &real_tm;
}

static int
valid_today(const char *s)
{
	return s != NULL && wmsj_date_parse(s, NULL, NULL, NULL) == 0;
}

static int
valid_now(const char *s)
{
	char d[11];

	if (s == NULL || strlen(s) != 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return 0;
	memcpy(d, s, 10);
	d[10] = '\0';
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return valid_today(d) && strncmp(s + 11, "24", 2) < 0 && strncmp(s + 14, "60", 2) < 0 &&
	       strncmp(s + 17, "60", 2) < 0;
}

int
wmsj_clock_set(const char *today, const char *now)
{
	if ((today != NULL && !valid_today(today)) || (now != NULL && !valid_now(now)))
		return -1;
	if (today != NULL) {
		memcpy(today_buf, today, 11);
		today_set = 1;
	}
	if (now != NULL) {
		memcpy(now_buf, now, 20);
		now_set = 1;
	}
	return 0;
}

const char *
wmsj_today(void)
{
	if (!today_set) {
		strftime(today_buf, sizeof today_buf, "%Y-%m-%d", real_time());
		today_set = 1;
	}
	return today_buf;
}

const char *
wmsj_now(void)
{
	if (!now_set) {
		strftime(now_buf, sizeof now_buf, "%Y-%m-%dT%H:%M:%S", real_time());
		now_set = 1;
	}
	return now_buf;
}
