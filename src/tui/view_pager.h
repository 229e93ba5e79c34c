/*
 * view_pager.h - read-only scrolling overlays (view_pager.c): help,
 * birthdays, and any list of lines.  Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_PAGER_H
#define ROLODEX_TUI_VIEW_PAGER_H

#include <stddef.h>
#include <stdint.h>

#include "tui/view.h"

void view_help_open(struct app *app);          /* keys of the view below */
void view_birthdays_open(struct app *app);
/* Shows lines (borrowed titles, copied lines) in a scrollable overlay. */
void view_text_open(struct app *app, const char *title, char **lines, size_t count);

#endif
