/*
 * clock.h - the one place that reads the clock and ROLODEX_TODAY.
 *
 * Only the outermost layers (main.c, src/cli, src/tui) call these; the model
 * and review layers take `today` and `now` as arguments so tests can fix
 * them.
 */
#ifndef ROLODEX_CLOCK_H
#define ROLODEX_CLOCK_H

#include <stdbool.h>

#include "rolodex/date.h"
#include "rolodex/status.h"

/* Reads ROLODEX_TODAY once.  RDX_USAGE with a message when it is set but is
 * not a real YYYY-MM-DD date. */
enum rdx_status clock_init(char **cause);
/* Today's day number: ROLODEX_TODAY when set, else the local date. */
int clock_today(void);
/* "YYYY-MM-DDTHH:MM:SSZ": today's date (as above) with the current UTC time
 * of day, so that fixed-date runs still order their writes. */
void clock_now(char out[TIMESTAMP_TEXT_SIZE]);

#endif
