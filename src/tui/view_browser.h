/*
 * view_browser.h - the card browser, the bottom of the view stack
 * (view_browser.c).  Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_BROWSER_H
#define ROLODEX_TUI_VIEW_BROWSER_H

#include <stdint.h>

#include "tui/view.h"

/* The card browser (bottom of the stack). */
void view_browser_open(struct app *app);
/* Makes the browser show card id (after a review, a form ...). */
void view_browser_show(struct app *app, int64_t id);

#endif
