/*
 * dialog_contacted.h - the "mark contacted" dialog (dialog_contacted.c).
 * Private to src/tui.
 */
#ifndef ROLODEX_TUI_DIALOG_CONTACTED_H
#define ROLODEX_TUI_DIALOG_CONTACTED_H

#include <stddef.h>
#include <stdint.h>

#include "tui/view.h"

/*
 * "Mark contacted": one key per channel (channel_key), Enter takes the
 * configured default; then the day (empty: today; date_parse_day, never
 * in the future) and a one-line note; Enter saves the touch, Esc cancels.  With several ids (bulk) one touch per card in one
 * transaction.  done (may have fn NULL) hears the outcome; ids are copied.
 */
void dialog_contacted_open(struct app *app, const int64_t *ids, size_t count, struct view_done done);

#endif
