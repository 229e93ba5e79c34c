/*
 * view_form.h - the card form, to add or edit a card (view_form.c).
 * Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_FORM_H
#define ROLODEX_TUI_VIEW_FORM_H

#include <stdint.h>

#include "tui/view.h"

/* The card form: card_id 0 adds a new card (first field: full name),
 * otherwise edits it.  Ctrl-S saves from any field, Esc cancels.  done gets
 * the new or edited card's id. */
void view_form_open(struct app *app, int64_t card_id, struct view_done done);

#endif
