/*
 * lineedit.c - the line editor behind every text field (see lineedit.h).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/keymap.h"
#include "tui/lineedit.h"

static void reserve(struct line_edit *e, size_t need)
{
	if (need + 1 > e->cap)
		e->buf = xgrow(e->buf, &e->cap, need + 1, 1);
}

void line_edit_init(struct line_edit *e, const char *text, size_t max)
{
	memset(e, 0, sizeof *e);
	e->max = max;
	reserve(e, 32);
	e->buf[0] = '\0';
	line_edit_set(e, text);
}

void line_edit_done(struct line_edit *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

void line_edit_set(struct line_edit *e, const char *text)
{
	e->len = 0;
	e->cursor = 0;
	e->first = 0;
	e->buf[0] = '\0';
	if (text != NULL)
		line_edit_insert(e, text);
}

enum line_edit_result line_edit_insert(struct line_edit *e, const char *text)
{
	size_t n = strlen(text);
	size_t add = 0;
	char *clean = xmalloc(n + 1);

	/* Keep whole characters, drop controls (a paste of several lines into a
	 * one-line field becomes one line). */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = text_decode(text + i, n - i, &cp);
		if (cp == '\n' || cp == '\t') {
			clean[add++] = ' ';
		} else if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0)) {
			memcpy(clean + add, text + i, l);
			add += l;
		}
		i += l;
	}
	if (add == 0) {
		free(clean);
		return LINE_EDIT_IGNORED;
	}
	if (e->max > 0 && e->len + add > e->max) {
		free(clean);
		return LINE_EDIT_REFUSED;
	}
	reserve(e, e->len + add);
	memmove(e->buf + e->cursor + add, e->buf + e->cursor, e->len - e->cursor + 1);
	memcpy(e->buf + e->cursor, clean, add);
	e->len += add;
	e->cursor += add;
	free(clean);
	return LINE_EDIT_CHANGED;
}

static void delete_range(struct line_edit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	if (e->cursor > to)
		e->cursor -= to - from;
	else if (e->cursor > from)
		e->cursor = from;
	if (e->first > e->cursor)
		e->first = e->cursor;
}

enum line_edit_result line_edit_replace(struct line_edit *e, size_t from, size_t to, const char *text)
{
	if (to > e->len)
		to = e->len;
	if (from > to)
		from = to;
	if (e->max > 0 && e->len - (to - from) + strlen(text) > e->max)
		return LINE_EDIT_REFUSED;
	delete_range(e, from, to);
	e->cursor = from;
	if (e->first > e->cursor)
		e->first = e->cursor;
	line_edit_insert(e, text);
	return LINE_EDIT_CHANGED;
}

static size_t encode_utf8(unsigned int c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

enum line_edit_result line_edit_key(struct line_edit *e, int key)
{
	switch (keymap_lookup(&keymap_line_edit, key)) {
	case ACTION_CURSOR_LEFT:
		if (e->cursor > 0)
			e->cursor = text_prev_char(e->buf, e->len, e->cursor);
		return LINE_EDIT_MOVED;
	case ACTION_CURSOR_RIGHT:
		e->cursor = text_next_char(e->buf, e->len, e->cursor);
		return LINE_EDIT_MOVED;
	case ACTION_LINE_START:
		e->cursor = 0;
		return LINE_EDIT_MOVED;
	case ACTION_LINE_END:
		e->cursor = e->len;
		return LINE_EDIT_MOVED;
	case ACTION_DELETE_BACK:
		if (e->cursor == 0)
			return LINE_EDIT_MOVED;
		delete_range(e, text_prev_char(e->buf, e->len, e->cursor), e->cursor);
		return LINE_EDIT_CHANGED;
	case ACTION_DELETE_FORWARD:
		if (e->cursor == e->len)
			return LINE_EDIT_MOVED;
		delete_range(e, e->cursor, text_next_char(e->buf, e->len, e->cursor));
		return LINE_EDIT_CHANGED;
	case ACTION_DELETE_WORD:
		if (e->cursor == 0)
			return LINE_EDIT_MOVED;
		delete_range(e, text_prev_word(e->buf, e->len, e->cursor), e->cursor);
		return LINE_EDIT_CHANGED;
	case ACTION_DELETE_TO_START:
		if (e->cursor == 0)
			return LINE_EDIT_MOVED;
		delete_range(e, 0, e->cursor);
		return LINE_EDIT_CHANGED;
	case ACTION_COMPLETE:
		return LINE_EDIT_COMPLETE;
	default:
		break;
	}
	if (key_is_fn(key) || key < 0x20 || key == 0x7f || (key >= 0x80 && key < 0xa0) || key > 0x10ffff)
		return LINE_EDIT_IGNORED;
	char buf[5];
	size_t n = encode_utf8((unsigned int)key, buf);
	buf[n] = '\0';
	return line_edit_insert(e, buf);
}

int line_edit_cursor_col(const struct line_edit *e)
{
	return text_width_n(e->buf, e->cursor);
}

int line_edit_scroll(struct line_edit *e, int width)
{
	if (width < 2)
		width = 2;
	if (e->first > e->cursor)
		e->first = e->cursor;
	/* Keep the cursor inside the window, with one column to spare for it
	 * at the end of the text. */
	while (text_width_n(e->buf + e->first, e->cursor - e->first) > width - 1)
		e->first = text_next_char(e->buf, e->len, e->first);
	/* Scroll back when there is room again (after deletes). */
	while (e->first > 0) {
		size_t prev = text_prev_char(e->buf, e->len, e->first);
		if (text_width_n(e->buf + prev, e->len - prev) > width - 1)
			break;
		e->first = prev;
	}
	return text_width_n(e->buf + e->first, e->cursor - e->first);
}

char *line_edit_split(struct line_edit *e)
{
	char *rest = xstrdup(e->buf + e->cursor);
	e->buf[e->cursor] = '\0';
	e->len = e->cursor;
	if (e->first > e->len)
		e->first = 0;
	return rest;
}
