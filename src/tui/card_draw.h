/*
 * card_draw.h - a card drawn as a rolodex card (card_draw.c): what the box
 * shows, loaded in one go, and the drawing itself.  Used by the browser and
 * the review.  Private to src/tui.
 */
#ifndef ROLODEX_TUI_CARD_DRAW_H
#define ROLODEX_TUI_CARD_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include "rolodex/card.h"
#include "rolodex/note.h"
#include "rolodex/status.h"
#include "tui/layout.h"

struct app;

/* ---- the card box (card_draw.c) -------------------------------------- */

/*
 * Everything the card box shows, loaded in one go (one card, its status,
 * its notes and latest touch).  card_display_load fills it (card_display_init
 * first); card_display_done frees it.
 */
struct card_display {
	struct card card;
	struct card_status status;
	bool has_status;
	struct note *notes;   /* newest first, owned (note_list) */
	size_t nnotes;
	char *touch_note;     /* latest touch's note or NULL, owned */
	bool marked;          /* drawn with a marker in the corner */
};
void card_display_init(struct card_display *d);
void card_display_done(struct card_display *d);
enum rdx_status card_display_load(struct app *app, int64_t id, struct card_display *d, char **cause);

/*
 * Draws the card as a rolodex card in r (border included; a second edge
 * below it when r leaves room) scrolled down by *scroll lines; *scroll is
 * clamped to the content.  `badge` (e.g. "DUE", "REVIEW 7/42") is drawn at
 * the top right when not NULL, empty uses the card's own due badge.  The
 * newest notes are shown whole, as many as fit in r; the others are
 * counted on a last line ("+3 older notes · i").  Returns the number of
 * content lines (for scrolling).
 */
int card_box_draw(struct app *app, const struct rect *r, const struct card_display *d, int *scroll, const char *badge);
/*
 * The height (border included) the card box wants to show everything,
 * every note included, at box width w; at least min_h and at most max_h
 * (then the oldest notes give way to the "+N older notes" line).
 */
int card_box_height(struct app *app, const struct card_display *d, int w, int min_h, int max_h);

/*
 * Where a card with a rhythm stands, in words, as the card's rhythm line
 * and the list pane say it: "overdue by 2 months", "due today", "snoozed
 * until 2 Dec", "due now (never contacted)", "next in 3 weeks (12 Jan)";
 * brief drops what the list pane has a column for or no room for ("due
 * now", "next 12 Jan").  "" when the card has no rhythm.
 */
void card_due_describe(const struct card_status *s, int today, bool brief, char *out, size_t size);
/* When the card was last contacted, for a column: "25 May", "12 Nov 2025",
 * "today" or "never". */
void card_last_describe(const struct card_status *s, int today, char *out, size_t size);

#endif
