/*
 * clock.c - today's date and timestamps, with the ROLODEX_TODAY override.
 */
#include "rolodex/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rolodex/date.h"

static bool today_fixed;
static int fixed_today;

enum rdx_status clock_init(char **cause)
{
	rdx_cause_clear(cause);
	const char *text = getenv("ROLODEX_TODAY");
	today_fixed = false;
	if (text == NULL || *text == '\0')
		return RDX_OK;
	if (!date_parse(text, &fixed_today))
		return rdx_fail(cause, RDX_USAGE, "ROLODEX_TODAY is not a date of the form YYYY-MM-DD: %s", text);
	today_fixed = true;
	return RDX_OK;
}

int clock_today(void)
{
	int days = 0;
	if (today_fixed)
		return fixed_today;
	date_today(NULL, &days);
	return days;
}

void clock_now(char out[TIMESTAMP_TEXT_SIZE])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	int year = tm.tm_year + 1900, month = tm.tm_mon + 1, day = tm.tm_mday;
	if (today_fixed)
		date_to_ymd(fixed_today, &year, &month, &day);
	/* Every field is in range, so the text always has 20 characters; the
	 * wider buffer only keeps the compiler's truncation check quiet. */
	char text[64];
	snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", year % 10000, month % 100, day % 100,
		 tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100);
	memcpy(out, text, TIMESTAMP_TEXT_SIZE - 1);
	out[TIMESTAMP_TEXT_SIZE - 1] = '\0';
}
