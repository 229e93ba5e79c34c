/*
 * lineedit.h - one line of editable UTF-8 text with a cursor: the engine of
 * the form fields, prompts and the note editor.  Cursor moves and deletes go
 * by whole characters (text_prev_char/text_next_char), never bytes; the
 * cursor's screen column is the display width of the text before it.  It uses curses'
 * key codes only (no screen), so unit tests drive it with keys.
 */
#ifndef ROLODEX_TUI_LINEEDIT_H
#define ROLODEX_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

struct line_edit {
	char *buf;      /* owned, NUL-terminated */
	size_t len;     /* bytes */
	size_t cap;
	size_t cursor;  /* byte offset, on a character boundary */
	size_t max;     /* byte limit (typing beyond it is refused) */
	size_t first;   /* first byte shown when the line scrolls */
};

enum line_edit_result {
	LINE_EDIT_IGNORED, /* not an editing key */
	LINE_EDIT_MOVED,   /* the cursor moved */
	LINE_EDIT_CHANGED, /* the text changed */
	LINE_EDIT_REFUSED, /* would exceed max: nothing changed */
	LINE_EDIT_COMPLETE, /* Tab: the field's owner completes the word (complete.h) */
};

/* Starts with a copy of text (NULL: empty), cursor at the end. */
void line_edit_init(struct line_edit *e, const char *text, size_t max);
void line_edit_done(struct line_edit *e);
/* Replaces the text; cursor at the end. */
void line_edit_set(struct line_edit *e, const char *text);
/* Replaces the bytes [from, to) (on character boundaries, to >= from) with
 * text and puts the cursor after it; the text is kept as it was when it
 * would exceed max. */
enum line_edit_result line_edit_replace(struct line_edit *e, size_t from, size_t to, const char *text);
/* Inserts UTF-8 text at the cursor (control characters dropped). */
enum line_edit_result line_edit_insert(struct line_edit *e, const char *text);
/*
 * Applies an editing key: a printable character is typed, the keys of
 * keymap_line_edit (keymap.c) move and delete; anything else is ignored.
 */
enum line_edit_result line_edit_key(struct line_edit *e, int key);
/* Display column of the cursor from the start of the text. */
int line_edit_cursor_col(const struct line_edit *e);
/* Adjusts e->first so the cursor is visible in `width` columns; returns the
 * cursor's column inside that window. */
int line_edit_scroll(struct line_edit *e, int width);
/* Splits at the cursor: the text after it moves into a new heap string
 * (caller frees) and is removed here.  For Enter in the note editor. */
char *line_edit_split(struct line_edit *e);

#endif
