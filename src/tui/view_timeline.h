/*
 * view_timeline.h - a card's timeline of notes and touches, where each
 * can be read in full, edited or deleted (view_timeline.c).  Private to
 * src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_TIMELINE_H
#define ROLODEX_TUI_VIEW_TIMELINE_H

#include <stdint.h>

#include "tui/view.h"

/* Notes, touches and the card's creation, newest first. */
void view_timeline_open(struct app *app, int64_t card_id);
/* The card's newest note, open in full (e edits, d deletes, Esc closes);
 * a message when the card has no note. */
void view_timeline_open_latest_note(struct app *app, int64_t card_id);

#endif
