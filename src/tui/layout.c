/*
 * layout.c - where the browser's parts go for a screen size: tab strip,
 * card box, list pane, status line and hints.  Pure arithmetic, no curses,
 * so the unit tests can check every size from 20x5 up.
 */
#include <string.h>

#include "rolodex/text.h"
#include "tui/layout.h"

char layout_tab_char(int i)
{
	return i < 26 ? (char)('A' + i) : '#';
}

static void layout_compute_want(int rows, int cols, bool list_pane, int list_want, struct layout *out);

void layout_compute(int rows, int cols, bool list_pane, struct layout *out)
{
	layout_compute_want(rows, cols, list_pane, 0, out);
}

void layout_compute_list(int rows, int cols, int list_want, struct layout *out)
{
	layout_compute_want(rows, cols, true, list_want, out);
}

static void layout_compute_want(int rows, int cols, bool list_pane, int list_want, struct layout *out)
{
	memset(out, 0, sizeof *out);
	if (rows < SCREEN_MIN_ROWS || cols < SCREEN_MIN_COLS) {
		out->too_small = true;
		return;
	}

	/* Bottom: hints on the last row when there is room, status above. */
	bool roomy = rows >= 12;
	out->hints = (struct rect){ .y = rows - 1, .x = 0, .h = roomy ? 1 : 0, .w = roomy ? cols : 0 };
	out->status = (struct rect){ .y = roomy ? rows - 2 : rows - 1, .x = 0, .h = 1, .w = cols };

	/* Top: the tab strip, two columns a tab when it fits. */
	out->tabs = (struct rect){ .y = 0, .x = 0, .h = 1, .w = cols };
	out->tab_step = cols >= 2 * TAB_COUNT + 12 ? 2 : 1;
	for (int i = 0; i < TAB_COUNT; i++)
		out->tab_x[i] = 1 + i * out->tab_step;

	/* The middle: rows between the strip and the status line.  A blank row
	 * under the strip and a row for the card's back edge when there is
	 * room. */
	int top = roomy ? 2 : 1;
	int bottom = out->status.y; /* exclusive */
	int avail = bottom - top;
	int area_x = 0;
	int area_w = cols;

	if (list_pane) {
		if (cols >= LIST_BESIDE_MIN_COLS) {
			/* The pane takes what the card does not need. */
			int lw = cols - (CARD_MAX_WIDTH + 8);
			if (list_want > 0) {
				/* As wide as its table, when the card leaves room. */
				lw = lw > list_want ? list_want : lw;
				lw = lw < LIST_WIDTH ? LIST_WIDTH : lw > LIST_WIDE_MAX_WIDTH ? LIST_WIDE_MAX_WIDTH : lw;
			} else {
				lw = lw < LIST_WIDTH ? LIST_WIDTH : lw > LIST_MAX_WIDTH ? LIST_MAX_WIDTH : lw;
			}
			out->list = (struct rect){ .y = top, .x = 1, .h = avail, .w = lw };
			area_x = lw + 2;
			area_w = cols - area_x;
		} else {
			out->list = (struct rect){ .y = top, .x = 1, .h = avail, .w = cols - 2 };
			return;
		}
	}

	int room = avail - (roomy ? 1 : 0); /* keep the back edge row */
	int h = room > CARD_BASE_HEIGHT ? CARD_BASE_HEIGHT : room;
	int w = area_w - 4;
	if (w > CARD_MAX_WIDTH)
		w = CARD_MAX_WIDTH;
	if (w < CARD_MIN_WIDTH)
		w = area_w - 2 < CARD_MIN_WIDTH ? area_w - 2 : CARD_MIN_WIDTH;
	out->card = (struct rect){ .y = top + (room - h) / 3, .x = area_x + (area_w - w) / 2, .h = h, .w = w };
	out->card_top = top;
	out->card_room = room;
}

struct rect layout_card_fit(const struct layout *layout, int height)
{
	struct rect r = layout->card;

	if (r.w == 0 || height <= r.h)
		return r;
	r.h = height > layout->card_room ? layout->card_room : height;
	r.y = layout->card_top + (layout->card_room - r.h) / 3;
	return r;
}

int layout_tab_at(const struct layout *layout, int x)
{
	if (layout->too_small || layout->tab_step == 0)
		return -1;
	for (int i = 0; i < TAB_COUNT; i++) {
		/* A tab owns its letter's column and the gap after it. */
		if (x >= layout->tab_x[i] && x < layout->tab_x[i] + layout->tab_step)
			return i;
	}
	return -1;
}

size_t layout_wrap(const char *s, int width, size_t *skip)
{
	size_t len = strlen(s);
	size_t i = 0;
	size_t last_space = 0;
	int cols = 0;

	*skip = 0;
	if (width < 1)
		width = 1;
	while (i < len && s[i] != '\n') {
		uint32_t cp;
		size_t l = text_decode(s + i, len - i, &cp);
		int w = text_cp_width(cp);
		if (cols + w > width) {
			if (last_space > 0) {
				/* Break at the last space; skip the spaces. */
				size_t end = last_space;
				size_t k = end;
				while (k < len && s[k] == ' ')
					k++;
				*skip = k - end;
				return end;
			}
			if (i == 0) /* one character wider than the line */
				i = l;
			return i;
		}
		if (cp == ' ')
			last_space = i;
		cols += w;
		i += l;
	}
	if (i < len && s[i] == '\n')
		*skip = 1;
	return i;
}

int layout_wrap_rows(const char *s, int width)
{
	int rows = 0;
	for (const char *p = s; *p != '\0'; rows++) {
		size_t skip;
		size_t n = layout_wrap(p, width, &skip);
		p += n + skip;
	}
	return rows > 0 ? rows : 1;
}

void layout_columns(int width, int gap, size_t n, const struct column_want *want, const size_t *priority,
		    int *widths)
{
	int used = 0;
	bool any = false;

	for (size_t i = 0; i < n; i++)
		widths[i] = 0;
	for (size_t p = 0; p < n; p++) {
		size_t c = priority[p];
		int least = want[c].least > want[c].widest ? want[c].widest : want[c].least;
		if (least <= 0)
			continue;
		int need = least + (any ? gap : 0);
		if (!any && need > width)
			need = least = width;
		if (least <= 0 || used + need > width)
			continue;
		widths[c] = least;
		used += need;
		any = true;
	}
	for (size_t p = 0; p < n && used < width; p++) {
		size_t c = priority[p];
		if (widths[c] == 0)
			continue;
		int more = want[c].widest - widths[c];
		if (more > width - used)
			more = width - used;
		if (more > 0) {
			widths[c] += more;
			used += more;
		}
	}
}

bool layout_move(enum action action, size_t *pos, size_t last, size_t page)
{
	switch (action) {
	case ACTION_SCROLL_DOWN:
		if (*pos < last)
			(*pos)++;
		return true;
	case ACTION_SCROLL_UP:
		if (*pos > 0)
			(*pos)--;
		return true;
	case ACTION_PAGE_DOWN:
		*pos = *pos + page > last ? last : *pos + page;
		return true;
	case ACTION_PAGE_UP:
		*pos = *pos > page ? *pos - page : 0;
		return true;
	case ACTION_FIRST:
		*pos = 0;
		return true;
	case ACTION_LAST:
		*pos = last;
		return true;
	default:
		return false;
	}
}

bool layout_is_move(enum action action)
{
	size_t pos = 0;
	return layout_move(action, &pos, 0, 0);
}
