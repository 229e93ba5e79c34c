/*
 * draw.c - the only way text reaches curses: every string is sanitized and
 * cut to its columns by text_fit (text.h) before waddstr sees it, so nothing
 * stored in a card can move the cursor or send an escape sequence.  Also
 * boxes and dialogs with rounded corners when the locale is UTF-8 and the
 * terminal can show them.
 */
#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/layout.h"
#include "tui/view.h"

/* Line-drawing glyphs: Unicode rounded ones, or ASCII for vt100/linux
 * consoles and non-UTF-8 locales (set by draw_init). */
static struct {
	const char *h, *v, *tl, *tr, *bl, *br, *lt, *rt;
} glyphs = { "-", "|", "+", "+", "+", "+", "+", "+" };

void draw_init(bool unicode)
{
	if (unicode) {
		glyphs.h = "─";
		glyphs.v = "│";
		glyphs.tl = "╭";
		glyphs.tr = "╮";
		glyphs.bl = "╰";
		glyphs.br = "╯";
		glyphs.lt = "├";
		glyphs.rt = "┤";
	}
}

/* Writes already-safe text (our own glyphs or text_fit output). */
static void put(struct app *app, int y, int x, enum role role, const char *safe)
{
	if (y < 0 || y >= app->rows || x < 0 || x >= app->cols)
		return;
	attrset(app->attrs[role]);
	mvaddstr(y, x, safe);
}

int draw_text(struct app *app, int y, int x, int columns, enum role role, const char *text)
{
	char buf[4096];

	if (columns > app->cols - x)
		columns = app->cols - x;
	if (columns <= 0 || text == NULL)
		return 0;
	int w = text_fit(text, columns, buf, sizeof buf);
	put(app, y, x, role, buf);
	return w;
}

int draw_text_pad(struct app *app, int y, int x, int columns, enum role role, const char *text)
{
	char buf[4096];

	if (columns > app->cols - x)
		columns = app->cols - x;
	if (columns <= 0)
		return 0;
	int w = text_fit_pad(text != NULL ? text : "", columns, buf, sizeof buf);
	put(app, y, x, role, buf);
	return w;
}

int draw_text_right(struct app *app, int y, int x, int columns, enum role role, const char *text)
{
	char buf[4096];

	if (columns <= 0 || text == NULL)
		return 0;
	int w = text_fit(text, columns, buf, sizeof buf);
	put(app, y, x + columns - w, role, buf);
	return w;
}

/* Columns x0 .. x1-1 of row y, each the glyph g (our own, one column
 * wide), clipped to the screen.  The two end cells go through put() like
 * any text, so curses clears the other half of a wide character they cut;
 * the cells between them are then overwritten whole with mvhline_set, one
 * call instead of a waddstr per cell (the card's frame and fills are
 * most of the cells of the first paint). */
static void hline_glyph(struct app *app, int y, int x0, int x1, enum role role, const char *g)
{
	wchar_t wc[2] = { 0, 0 };
	mbstate_t ps;
	cchar_t cc;

	if (x0 < 0)
		x0 = 0;
	if (x1 > app->cols)
		x1 = app->cols;
	if (y < 0 || y >= app->rows || x0 >= x1)
		return;
	put(app, y, x0, role, g);
	if (x1 - 1 > x0)
		put(app, y, x1 - 1, role, g);
	if (x1 - 2 <= x0)
		return;
	memset(&ps, 0, sizeof ps);
	if (mbrtowc(&wc[0], g, strlen(g), &ps) > 0 && setcchar(&cc, wc, A_NORMAL, 0, NULL) == OK) {
		attrset(app->attrs[role]);
		mvhline_set(y, x0 + 1, &cc, x1 - 2 - x0);
	} else {
		for (int x = x0 + 1; x < x1 - 1; x++)
			put(app, y, x, role, g);
	}
}

void draw_fill(struct app *app, const struct rect *r, enum role role)
{
	for (int y = r->y; y < r->y + r->h; y++)
		hline_glyph(app, y, r->x, r->x + r->w, role, " ");
}

void draw_box(struct app *app, const struct rect *r, enum role role)
{
	if (r->w < 2 || r->h < 2)
		return;
	int right = r->x + r->w - 1;
	int bottom = r->y + r->h - 1;
	put(app, r->y, r->x, role, glyphs.tl);
	hline_glyph(app, r->y, r->x + 1, right, role, glyphs.h);
	put(app, r->y, right, role, glyphs.tr);
	for (int y = r->y + 1; y < bottom; y++) {
		put(app, y, r->x, role, glyphs.v);
		put(app, y, right, role, glyphs.v);
	}
	put(app, bottom, r->x, role, glyphs.bl);
	hline_glyph(app, bottom, r->x + 1, right, role, glyphs.h);
	put(app, bottom, right, role, glyphs.br);
}

void draw_separator(struct app *app, const struct rect *r, int y, enum role role)
{
	put(app, y, r->x, role, glyphs.lt);
	hline_glyph(app, y, r->x + 1, r->x + r->w - 1, role, glyphs.h);
	put(app, y, r->x + r->w - 1, role, glyphs.rt);
}

void draw_back_edge(struct app *app, int y, int x, int w, enum role role)
{
	/* The card behind this one: ╰────╯ one column in on each side. */
	if (w < 4)
		return;
	put(app, y, x + 1, role, glyphs.bl);
	hline_glyph(app, y, x + 2, x + w - 2, role, glyphs.h);
	put(app, y, x + w - 2, role, glyphs.br);
}

struct rect draw_dialog(struct app *app, int h, int w, const char *title)
{
	int avail_h = app->rows - 2;
	if (h > avail_h)
		h = avail_h;
	if (w > app->cols - 2)
		w = app->cols - 2;
	if (h < 3)
		h = 3;
	if (w < 8)
		w = 8;
	struct rect box = { .y = (avail_h - h) / 2, .x = (app->cols - w) / 2, .h = h, .w = w };
	if (box.y < 0)
		box.y = 0;
	draw_fill(app, &box, ROLE_NORMAL);
	draw_box(app, &box, ROLE_ACCENT);
	if (title != NULL && title[0] != '\0') {
		char t[256];
		text_fit(title, w - 6, t, sizeof t);
		put(app, box.y, box.x + 2, ROLE_ACCENT, " ");
		int tw = draw_text(app, box.y, box.x + 3, w - 6, ROLE_NAME, t);
		put(app, box.y, box.x + 3 + tw, ROLE_ACCENT, " ");
	}
	return (struct rect){ .y = box.y + 1, .x = box.x + 2, .h = h - 2, .w = w - 4 };
}
