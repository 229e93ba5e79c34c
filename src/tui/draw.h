/*
 * draw.h - drawing on the screen by role: sanitized text cut by columns,
 * boxes, separators and dialogs (draw.c).  Text from the database reaches
 * curses only through these.  Private to src/tui.
 */
#ifndef ROLODEX_TUI_DRAW_H
#define ROLODEX_TUI_DRAW_H

#include <stdbool.h>

#include "tui/layout.h"

struct app;

/* Colour pairs / attributes by role; monochrome when colours are off. */
/* Colour pairs / attributes by role; monochrome when colours are off. */
enum role {
	ROLE_NORMAL,
	ROLE_BORDER,
	ROLE_NAME,
	ROLE_LABEL,
	ROLE_DIM,
	ROLE_ACCENT,     /* current tab, selection */
	ROLE_TAB_ON,     /* a letter that has cards */
	ROLE_TAB_OFF,    /* a letter without cards */
	ROLE_DUE,
	ROLE_OK,
	ROLE_STATUS,     /* the status line */
	ROLE_ERROR,
	ROLE_SELECTED,   /* list selection, focused form field */
	ROLE_MARKED,
	ROLE_COUNT
};

/* ---- drawing helpers (draw.c) ---------------------------------------- */

/* Chooses rounded Unicode line glyphs (true) or ASCII ones (vt100, linux
 * console, non-UTF-8 locale).  Called once at start. */
void draw_init(bool unicode);

/* Draws text (UTF-8 from anywhere) sanitized and cut to `columns` with an
 * ellipsis at (y, x) in role; returns the columns written. */
int draw_text(struct app *app, int y, int x, int columns, enum role role, const char *text);
/* Same, padded with spaces to exactly `columns`. */
int draw_text_pad(struct app *app, int y, int x, int columns, enum role role, const char *text);
/* Draws text right-aligned so that it ends at column x + columns. */
int draw_text_right(struct app *app, int y, int x, int columns, enum role role, const char *text);
/* Fills a rectangle with spaces in role. */
void draw_fill(struct app *app, const struct rect *r, enum role role);
/* Rounded box (╭╮╰╯ when UTF-8, ACS otherwise) around r, in role. */
void draw_box(struct app *app, const struct rect *r, enum role role);
/* Horizontal separator ├──┤ across row y of box r. */
void draw_separator(struct app *app, const struct rect *r, int y, enum role role);
/* The edge of the card behind: ╰──╯ on row y, inset by one column. */
void draw_back_edge(struct app *app, int y, int x, int w, enum role role);
/* A centred overlay box with a title; returns the inner rectangle. */
struct rect draw_dialog(struct app *app, int h, int w, const char *title);

#endif
