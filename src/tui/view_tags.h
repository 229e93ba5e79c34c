/*
 * view_tags.h - the tags screen (view_tags.c): every tag with its card
 * count and the rhythm its cards inherit; rename a tag, set or clear its
 * rhythm, show its cards in the browser.  Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_TAGS_H
#define ROLODEX_TUI_VIEW_TAGS_H

#include "tui/view.h"

/* Opens the tags screen over the stack (the browser's `t`); says why in
 * the status line and opens nothing when the tags cannot be read. */
void view_tags_open(struct app *app);

#endif
