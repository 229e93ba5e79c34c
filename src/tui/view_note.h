/*
 * view_note.h - the inline note editor (view_note.c).  Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_NOTE_H
#define ROLODEX_TUI_VIEW_NOTE_H

#include <stdint.h>

#include "tui/view.h"

/* Inline multi-line note editor for card_id: Enter new line, Ctrl-S saves,
 * Esc cancels (asks first when text would be lost), Ctrl-E opens $EDITOR
 * on a 0600 temporary file. */
void view_note_open(struct app *app, int64_t card_id, struct view_done done);
/* The same editor on note note_id of card_id, starting from its text
 * (borrowed); Ctrl-S saves it back (note_update), Esc asks first when the
 * text changed. */
void view_note_edit_open(struct app *app, int64_t card_id, int64_t note_id, const char *text, struct view_done done);

#endif
