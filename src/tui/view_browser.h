/*
 * view_browser.h - the card browser, the bottom of the view stack
 * (view_browser.c).  Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_BROWSER_H
#define ROLODEX_TUI_VIEW_BROWSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/view.h"

/*
 * What the browser's keys can do in a state (pure; unit tested): with no
 * card shown there is nothing to flip, mark contacted, note or edit; in an
 * empty rolodex nothing to search or review, but demo cards to load.
 */
struct browser_state {
	bool any;        /* the rolodex has live cards */
	bool card_shown; /* a card is on the screen (the filter selects some) */
	bool filtered;   /* a search or filter is on */
	size_t marks;    /* cards marked for a bulk touch */
};
bool browser_state_offers(const struct browser_state *s, enum action action);

/* The card browser (bottom of the stack). */
void view_browser_open(struct app *app);
/* Makes the browser show card id (after a review, a form ...). */
void view_browser_show(struct app *app, int64_t id);
/* Makes the browser show the cards with tag (borrowed), and only those:
 * the search and the other filters are cleared (Esc clears the tag). */
void view_browser_filter_tag(struct app *app, const char *tag);
/* A tag was renamed: a tag filter for `from` follows it to `to`. */
void view_browser_tag_renamed(struct app *app, const char *from, const char *to);

#endif
