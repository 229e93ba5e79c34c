/*
 * dialog_touch.h - the dialog that corrects a touch's date, channel and
 * note (dialog_touch.c).  Private to src/tui.
 */
#ifndef ROLODEX_TUI_DIALOG_TOUCH_H
#define ROLODEX_TUI_DIALOG_TOUCH_H

#include <stdint.h>

#include "rolodex/note.h"
#include "tui/view.h"

/* Opens the dialog on touch touch_id of card_id with its current date,
 * channel and note (borrowed); saving calls touch_update and done hears
 * VIEW_SAVED, Esc VIEW_CANCELLED. */
void dialog_touch_open(struct app *app, int64_t card_id, int64_t touch_id, int date, enum channel channel,
		       const char *note, struct view_done done);

#endif
