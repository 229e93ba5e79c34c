/*
 * view_duplicates.h - likely duplicate pairs (view_duplicates.c).  Private
 * to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_DUPLICATES_H
#define ROLODEX_TUI_VIEW_DUPLICATES_H

#include "tui/view.h"

/* Likely duplicate pairs (merge.h); Enter merges one card into the other
 * after a yes/no question. */
void view_duplicates_open(struct app *app);

#endif
