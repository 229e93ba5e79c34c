/*
 * layout.h - screen geometry: rectangles, the browser's layout for a
 * screen size, the tab strip and word wrap (layout.c, pure arithmetic, no
 * curses).  Private to src/tui.
 */
#ifndef ROLODEX_TUI_LAYOUT_H
#define ROLODEX_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/keymap.h"

/* ---- geometry -------------------------------------------------------- */

struct rect {
	int y, x, h, w;
};

/* Below this the screen shows "terminal too small" and nothing else. */
#define SCREEN_MIN_ROWS 8
#define SCREEN_MIN_COLS 30

/*
 * The browser's layout for a screen size (layout.c, pure arithmetic, unit
 * tested).  Row 0 is the tab strip, the last two rows the status line and
 * the hints; the card box is centred in between, at most CARD_MAX_WIDTH
 * wide; the list pane sits left of the card when the screen is wide enough
 * (LIST_BESIDE_MIN_COLS), otherwise it replaces the card.  The card is
 * CARD_BASE_HEIGHT rows high (less on a small screen) and grows up to
 * card_room rows when its content wants more (layout_card_fit).
 */
#define CARD_MAX_WIDTH 64
#define CARD_BASE_HEIGHT 18
#define CARD_MIN_WIDTH 24
#define LIST_WIDTH 34     /* the list pane beside the card, at least */
#define LIST_MAX_WIDTH 72 /* and at most, however wide the screen */
#define LIST_BESIDE_MIN_COLS 100
#define LIST_DEFAULT_MIN_COLS 120 /* list = auto shows it from here on */
#define TAB_COUNT 27 /* A..Z and # */

struct layout {
	bool too_small;
	struct rect tabs;  /* the A-Z strip */
	struct rect card;  /* the card box, border included; w == 0 when hidden */
	int card_top;      /* the card may grow from this row ... */
	int card_room;     /* ... to this many rows (its back edge below) */
	struct rect list;  /* the list pane; w == 0 when hidden */
	struct rect status; /* status line (position, filter, message) */
	struct rect hints;  /* key hints; h == 0 when there is no room */
	int tab_x[TAB_COUNT]; /* column of each tab letter */
	int tab_step;      /* columns per tab (1 or 2) */
};
void layout_compute(int rows, int cols, bool list_pane, struct layout *out);
/* The layout with the list pane sized for a table list_want columns wide
 * (0: as layout_compute): beside the card it takes that many columns,
 * from LIST_WIDTH up to what the card leaves or LIST_WIDE_MAX_WIDTH. */
#define LIST_WIDE_MAX_WIDTH 132
void layout_compute_list(int rows, int cols, int list_want, struct layout *out);
/* The card box for a card that wants `height` rows (border included):
 * layout->card's columns, between layout->card.h and card_room rows high,
 * placed as layout_compute places the card. */
struct rect layout_card_fit(const struct layout *layout, int height);
/* The tab (0..26, 26 is '#') at screen column x of the strip, or -1. */
int layout_tab_at(const struct layout *layout, int x);
/* Tab letter of index i: 'A'..'Z', '#'. */
char layout_tab_char(int i);
/*
 * Word wrap: the number of bytes of s that make its next line in `width`
 * columns, breaking after a space when one is in reach, else at a character
 * boundary (never inside a UTF-8 sequence); stops at '\n' (not counted).
 * Returns 0 for an empty s or an empty line (then *skip is 1).  *skip gets how many bytes to skip after
 * the line (the newline or the spaces it broke at).
 */
size_t layout_wrap(const char *s, int width, size_t *skip);
/* The lines layout_wrap breaks s into at width; one at least (an empty s
 * still takes its line). */
int layout_wrap_rows(const char *s, int width);

/*
 * The selection (or first row) of a list, *pos from 0 to last, moved by a
 * movement action: a step (scroll), a page of `page` steps, the first or
 * the last.  False, *pos untouched, for any other action.
 */
bool layout_move(enum action action, size_t *pos, size_t last, size_t page);
/* True for the actions layout_move handles (a view offers them when there
 * is somewhere to move). */
bool layout_is_move(enum action action);

/* ---- table columns ---------------------------------------------------- */

/* What a column of a table needs, measured from what it will show. */
struct column_want {
	int widest; /* its widest text, heading included */
	int least;  /* the narrowest it may be drawn; == widest: never cut */
};
/*
 * Widths of n columns side by side in `width` columns, `gap` columns
 * between the shown ones.  By `priority` (n indexes into want, the most
 * important first) each column is shown at its least width when that
 * still fits beside those already shown, else left out (width 0); the room
 * left then widens the shown ones towards their widest, again by priority.
 * The first by priority is always shown, at most `width` wide.
 */
void layout_columns(int width, int gap, size_t n, const struct column_want *want, const size_t *priority,
		    int *widths);

#endif
