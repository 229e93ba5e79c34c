/*
 * view_note.c - the inline note editor: lines of line_edit, soft-wrapped
 * at the editor's width (a long line shows on several rows, never scrolls
 * sideways), Enter splits a line, Backspace at a line's start joins it to
 * the one above, ↑/↓ move between rows, Ctrl-S saves (note_add, or
 * note_update when editing a note), Esc cancels and asks first when text
 * would be lost, Ctrl-E hands the text to $EDITOR in a 0600 temporary file
 * and takes the result back into the editor.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rolodex/card.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/view.h"
#include "tui/view_note.h"
#include "tui/view_prompt.h"

struct note_editor {
	int64_t card_id;
	int64_t note_id; /* the note being edited; 0 for a new note */
	char *original;  /* its text as loaded (""), owned */
	char *who;
	struct line_edit *lines;
	size_t n, cap;
	size_t cur;      /* line with the cursor */
	size_t top;      /* first row shown (rows are wrapped lines) */
	int width;       /* columns a row holds, from the last draw */
	struct view_done done;
	int cursor_y, cursor_x;
};

/* One screen row of the editor: part of a line, soft-wrapped. */
struct note_row {
	size_t line;
	size_t start, len; /* bytes of the line's text */
};

static void note_insert_line(struct note_editor *e, size_t at, const char *text)
{
	e->lines = xgrow(e->lines, &e->cap, e->n + 1, sizeof *e->lines);
	memmove(&e->lines[at + 1], &e->lines[at], (e->n - at) * sizeof *e->lines);
	line_edit_init(&e->lines[at], text, NOTE_TEXT_MAX);
	e->n++;
}

static void note_remove_line(struct note_editor *e, size_t at)
{
	line_edit_done(&e->lines[at]);
	memmove(&e->lines[at], &e->lines[at + 1], (e->n - at - 1) * sizeof *e->lines);
	e->n--;
}

/* The whole text, lines joined by '\n'.  Caller frees. */
static char *note_text(const struct note_editor *e)
{
	size_t len = 0;
	for (size_t i = 0; i < e->n; i++)
		len += e->lines[i].len + 1;
	char *out = xmalloc(len + 1);
	size_t used = 0;
	for (size_t i = 0; i < e->n; i++) {
		memcpy(out + used, e->lines[i].buf, e->lines[i].len);
		used += e->lines[i].len;
		if (i + 1 < e->n)
			out[used++] = '\n';
	}
	out[used] = '\0';
	return out;
}

static bool note_is_empty(const struct note_editor *e)
{
	for (size_t i = 0; i < e->n; i++) {
		for (size_t k = 0; k < e->lines[i].len; k++) {
			if (e->lines[i].buf[k] != ' ')
				return false;
		}
	}
	return true;
}

/* True when Esc loses nothing: a new note still empty, or an edited note
 * as it was loaded. */
static bool note_unchanged(const struct note_editor *e)
{
	if (e->note_id == 0)
		return note_is_empty(e);
	char *text = note_text(e);
	bool same = strcmp(text, e->original) == 0;
	free(text);
	return same;
}

static void note_set_text(struct note_editor *e, const char *text)
{
	while (e->n > 0)
		note_remove_line(e, e->n - 1);
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		char *line = nl != NULL ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		note_insert_line(e, e->n, line);
		free(line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	/* Drop the trailing empty line an editor leaves after the last newline. */
	if (e->n > 1 && e->lines[e->n - 1].len == 0)
		note_remove_line(e, e->n - 1);
	e->cur = e->n - 1;
	e->top = 0;
}

/*
 * The rows the text takes at `width` columns: each line wrapped at a space
 * when one is in reach (layout_wrap), the spaces kept at the end of the
 * row so that every byte has a row to put the cursor on.  Caller frees.
 */
static struct note_row *note_rows(const struct note_editor *e, int width, size_t *count)
{
	struct note_row *rows = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < e->n; i++) {
		const char *buf = e->lines[i].buf;
		size_t len = e->lines[i].len, at = 0;
		do {
			size_t skip;
			size_t take = layout_wrap(buf + at, width, &skip);
			if (at + take + skip < len && take + skip == 0)
				take = 1; /* never stall */
			rows = xgrow(rows, &cap, n + 1, sizeof *rows);
			rows[n++] = (struct note_row){ .line = i, .start = at, .len = take + skip };
			at += take + skip;
		} while (at < len);
	}
	*count = n;
	return rows;
}

/* The row holding the cursor and its column there. */
static size_t note_cursor_row(const struct note_editor *e, const struct note_row *rows, size_t count, int *col)
{
	const struct line_edit *l = &e->lines[e->cur];
	size_t found = 0;

	for (size_t r = 0; r < count; r++) {
		if (rows[r].line != e->cur)
			continue;
		found = r;
		if (l->cursor < rows[r].start + rows[r].len)
			break;
	}
	size_t from = rows[found].start;
	*col = text_width_n(l->buf + from, l->cursor - from);
	return found;
}

/* Moves the cursor to row r, as near column col as its characters allow. */
static void note_cursor_to(struct note_editor *e, const struct note_row *row, int col)
{
	struct line_edit *t = &e->lines[row->line];
	size_t end = row->start + row->len;
	e->cur = row->line;
	t->cursor = row->start;
	while (t->cursor < end) {
		size_t next = text_next_char(t->buf, t->len, t->cursor);
		if (text_width_n(t->buf + row->start, next - row->start) > col)
			break;
		/* A wrapped row ends before its last space: stay on this row. */
		if (next == end && end < t->len)
			break;
		t->cursor = next;
	}
}

static void note_draw(struct view *view, struct app *app)
{
	struct note_editor *e = view->data;
	char title[160];

	snprintf(title, sizeof title, "%s %s", e->note_id != 0 ? "Edit note on" : "Note on", e->who);
	int h = app->rows - 4;
	if (h > 16)
		h = 16;
	struct rect in = draw_dialog(app, h, app->cols - 4 > 72 ? 72 : app->cols - 4, title);
	int height = in.h - 1;
	if (height < 1)
		height = 1;
	/* One column stays free for the cursor after a full row. */
	e->width = in.w > 2 ? in.w - 1 : 1;
	size_t count;
	struct note_row *rows = note_rows(e, e->width, &count);
	int col;
	size_t cr = note_cursor_row(e, rows, count, &col);
	if (cr < e->top)
		e->top = cr;
	if (cr >= e->top + (size_t)height)
		e->top = cr - (size_t)height + 1;
	for (int i = 0; i < height && e->top + (size_t)i < count; i++) {
		const struct note_row *r = &rows[e->top + (size_t)i];
		char *piece = xstrndup(e->lines[r->line].buf + r->start, r->len);
		draw_text(app, in.y + i, in.x, in.w, ROLE_NORMAL, piece);
		free(piece);
	}
	e->cursor_y = in.y + (int)(cr - e->top);
	e->cursor_x = in.x + (col < in.w ? col : in.w - 1);
	free(rows);
	draw_text(app, in.y + in.h - 1, in.x, in.w, ROLE_DIM, "^S saves · Enter new line · ^E $EDITOR · Esc cancels");
}

static bool note_cursor(struct view *view, struct app *app, int *y, int *x)
{
	struct note_editor *e = view->data;
	(void)app;
	*y = e->cursor_y;
	*x = e->cursor_x;
	return true;
}

static void note_save(struct note_editor *e, struct view *view, struct app *app)
{
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;

	if (note_is_empty(e)) {
		if (e->note_id != 0) {
			app_error(app, "A note cannot be empty: d in the timeline deletes it");
			return;
		}
		app_message(app, "Empty note: nothing saved");
		app_pop(app, view);
		return;
	}
	char *text = note_text(e);
	app_now(app, now);
	enum rdx_status st = e->note_id != 0 ? note_update(app->db, e->note_id, text, &cause)
					     : note_add(app->db, e->card_id, text, now, NULL, &cause);
	free(text);
	if (st != RDX_OK) {
		/* Keep the editor open: the words are not lost. */
		app_fail(app, "could not save the note", st, cause);
		return;
	}
	app_pop(app, view);
	app_message(app, e->note_id != 0 ? "Note changed" : "Note saved");
	app_changed(app);
	if (e->done.fn != NULL)
		e->done.fn(app, e->done.ctx, VIEW_SAVED, e->card_id);
}

static void on_discard(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	struct view *view = ctx;
	struct note_editor *e = view->data;
	(void)card_id;
	if (outcome != VIEW_SAVED)
		return;
	app_pop(app, view);
	if (e->done.fn != NULL)
		e->done.fn(app, e->done.ctx, VIEW_CANCELLED, e->card_id);
}

/* Runs $EDITOR (then $VISUAL, then vi) on the text in a private temporary
 * file and reads it back. */
static void note_external(struct note_editor *e, struct app *app)
{
	const char *editor = getenv("VISUAL");
	if (editor == NULL || editor[0] == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || editor[0] == '\0')
		editor = "vi";
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/rolodex-note-XXXXXX", tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	mode_t old = umask(077);
	int fd = mkstemp(path); /* 0600 */
	umask(old);
	if (fd < 0) {
		app_error(app, "cannot create a temporary file: %s", strerror(errno));
		free(path);
		return;
	}
	char *text = note_text(e);
	size_t len = strlen(text);
	bool ok = write(fd, text, len) == (ssize_t)len && (len == 0 || write(fd, "\n", 1) == 1);
	close(fd);
	free(text);
	if (!ok) {
		app_error(app, "cannot write the temporary file");
		unlink(path);
		free(path);
		return;
	}

	def_prog_mode();
	endwin();
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$0 \"$1\"", editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();

	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		app_error(app, "the editor did not finish cleanly; the note is unchanged");
	} else {
		FILE *f = fopen(path, "r");
		if (f != NULL) {
			char *buf = xmalloc(NOTE_TEXT_MAX + 1);
			size_t n = fread(buf, 1, NOTE_TEXT_MAX, f);
			buf[n] = '\0';
			fclose(f);
			note_set_text(e, buf);
			free(buf);
			app_message(app, "Back from the editor: ^S saves the note");
		}
	}
	unlink(path);
	free(path);
}

/* ↑/↓: by screen rows, so a wrapped line is walked row by row. */
static void note_row_move(struct note_editor *e, bool up)
{
	size_t count;
	int col;
	struct note_row *rows = note_rows(e, e->width > 0 ? e->width : 60, &count);
	size_t r = note_cursor_row(e, rows, count, &col);
	if (up && r > 0)
		note_cursor_to(e, &rows[r - 1], col);
	else if (!up && r + 1 < count)
		note_cursor_to(e, &rows[r + 1], col);
	free(rows);
}

/* Backspace at the start of a line joins it to the line above. */
static void note_join_up(struct note_editor *e)
{
	struct line_edit *l = &e->lines[e->cur];
	struct line_edit *prev = &e->lines[e->cur - 1];
	char *text = xstrdup(l->buf);
	size_t at = prev->len;

	note_remove_line(e, e->cur);
	e->cur--;
	prev = &e->lines[e->cur];
	prev->cursor = prev->len;
	line_edit_insert(prev, text);
	prev->cursor = at;
	free(text);
}

static enum view_result note_key(struct view *view, struct app *app, int key)
{
	struct note_editor *e = view->data;
	struct line_edit *l = &e->lines[e->cur];
	enum action action = keymap_lookup(&keymap_note, key);

	switch (action) {
	case ACTION_SELECT:
		note_save(e, view, app);
		return VIEW_HANDLED;
	case ACTION_EDIT:
		note_external(e, app);
		return VIEW_HANDLED;
	case ACTION_CANCEL:
		if (note_unchanged(e)) {
			on_discard(app, view, VIEW_SAVED, 0);
		} else {
			view_confirm_open(app, e->note_id != 0 ? "Discard the changes to this note?" : "Discard this note?",
					  (struct view_done){ .fn = on_discard, .ctx = view });
		}
		return VIEW_HANDLED;
	case ACTION_NEW_LINE: {
		char *rest = line_edit_split(l);
		note_insert_line(e, e->cur + 1, rest);
		free(rest);
		e->cur++;
		e->lines[e->cur].cursor = 0;
		return VIEW_HANDLED;
	}
	case ACTION_SCROLL_UP:
	case ACTION_SCROLL_DOWN:
		note_row_move(e, action == ACTION_SCROLL_UP);
		return VIEW_HANDLED;
	default:
		break;
	}
	if (keymap_lookup(&keymap_line_edit, key) == ACTION_DELETE_BACK && l->cursor == 0 && e->cur > 0) {
		note_join_up(e);
		return VIEW_HANDLED;
	}
	line_edit_key(l, key);
	return VIEW_HANDLED;
}

static void note_close(struct view *view, struct app *app)
{
	struct note_editor *e = view->data;
	(void)app;
	while (e->n > 0)
		note_remove_line(e, e->n - 1);
	free(e->lines);
	free(e->who);
	free(e->original);
	free(e);
}

static const struct view_ops note_ops = {
	.name = "note",
	.keymap = &keymap_note,
	.text_entry = true,
	.overlay = true,
	.draw = note_draw,
	.key = note_key,
	.cursor = note_cursor,
	.close = note_close,
};

static struct note_editor *note_editor_new(struct app *app, int64_t card_id, struct view_done done)
{
	struct note_editor *e = xcalloc(1, sizeof *e);
	struct card card;
	char *cause = NULL;

	e->card_id = card_id;
	e->done = done;
	/* card_load initialises the card itself. */
	e->who = xstrdup(card_load(app->db, card_id, &card, &cause) == RDX_OK ? card.name : "this card");
	free(cause);
	card_done(&card);
	return e;
}

void view_note_open(struct app *app, int64_t card_id, struct view_done done)
{
	struct note_editor *e = note_editor_new(app, card_id, done);
	e->original = xstrdup("");
	note_insert_line(e, 0, "");
	app_push(app, &note_ops, e);
}

void view_note_edit_open(struct app *app, int64_t card_id, int64_t note_id, const char *text, struct view_done done)
{
	struct note_editor *e = note_editor_new(app, card_id, done);
	e->note_id = note_id;
	note_set_text(e, text);
	e->original = note_text(e);
	app_push(app, &note_ops, e);
}
