/*
 * view_note.c - the inline note editor: lines of line_edit, Enter splits a
 * line, Backspace at a line's start joins it to the one above, ↑/↓ move
 * between lines, Ctrl-S saves (note_add), Esc cancels and asks first when
 * text would be lost, Ctrl-E hands the text to $EDITOR in a 0600 temporary
 * file and takes the result back into the editor.
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
	char *who;
	struct line_edit *lines;
	size_t n, cap;
	size_t cur;      /* line with the cursor */
	size_t top;      /* first line shown */
	struct view_done done;
	int cursor_y, cursor_x;
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

static void note_draw(struct view *view, struct app *app)
{
	struct note_editor *e = view->data;
	char title[160];

	snprintf(title, sizeof title, "Note on %s", e->who);
	int h = app->rows - 4;
	if (h > 16)
		h = 16;
	struct rect in = draw_dialog(app, h, app->cols - 4 > 72 ? 72 : app->cols - 4, title);
	int rows = in.h - 1;
	if (rows < 1)
		rows = 1;
	if (e->cur < e->top)
		e->top = e->cur;
	if (e->cur >= e->top + (size_t)rows)
		e->top = e->cur - (size_t)rows + 1;
	for (int i = 0; i < rows && e->top + (size_t)i < e->n; i++) {
		struct line_edit *l = &e->lines[e->top + (size_t)i];
		int col = line_edit_scroll(l, in.w);
		draw_text(app, in.y + i, in.x, in.w, ROLE_NORMAL, l->buf + l->first);
		if (e->top + (size_t)i == e->cur) {
			e->cursor_y = in.y + i;
			e->cursor_x = in.x + col;
		}
	}
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
		app_message(app, "Empty note: nothing saved");
		app_pop(app, view);
		return;
	}
	char *text = note_text(e);
	app_now(app, now);
	enum rdx_status st = note_add(app->db, e->card_id, text, now, NULL, &cause);
	free(text);
	if (st != RDX_OK) {
		/* Keep the editor open: the words are not lost. */
		app_fail(app, "could not save the note", st, cause);
		return;
	}
	app_pop(app, view);
	app_message(app, "Note saved");
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

static enum view_result note_key(struct view *view, struct app *app, int key)
{
	struct note_editor *e = view->data;
	struct line_edit *l = &e->lines[e->cur];

	switch (key) {
	case KEY_CTRL('s'):
		note_save(e, view, app);
		return VIEW_HANDLED;
	case KEY_CTRL('e'):
		note_external(e, app);
		return VIEW_HANDLED;
	case KEY_ESCAPE:
		if (note_is_empty(e)) {
			on_discard(app, view, VIEW_SAVED, 0);
		} else {
			view_confirm_open(app, "Discard this note?", (struct view_done){ .fn = on_discard, .ctx = view });
		}
		return VIEW_HANDLED;
	case '\r':
	case '\n':
	case KEY_FN(KEY_ENTER): {
		char *rest = line_edit_split(l);
		note_insert_line(e, e->cur + 1, rest);
		free(rest);
		e->cur++;
		e->lines[e->cur].cursor = 0;
		return VIEW_HANDLED;
	}
	case KEY_FN(KEY_UP):
	case KEY_FN(KEY_DOWN): {
		bool up = key == KEY_FN(KEY_UP);
		if ((up && e->cur == 0) || (!up && e->cur + 1 >= e->n))
			return VIEW_HANDLED;
		int col = line_edit_cursor_col(l);
		e->cur += up ? (size_t)-1 : 1;
		struct line_edit *t = &e->lines[e->cur];
		t->cursor = 0;
		while (t->cursor < t->len && text_width_n(t->buf, text_next_char(t->buf, t->len, t->cursor)) <= col)
			t->cursor = text_next_char(t->buf, t->len, t->cursor);
		return VIEW_HANDLED;
	}
	case KEY_FN(KEY_BACKSPACE):
	case 127:
	case KEY_CTRL('h'):
		if (l->cursor == 0 && e->cur > 0) {
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
			return VIEW_HANDLED;
		}
		break;
	default:
		break;
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
	free(e);
}

static const struct view_ops note_ops = {
	.name = "note",
	.keymap = &keymap_note,
	.overlay = true,
	.draw = note_draw,
	.key = note_key,
	.cursor = note_cursor,
	.close = note_close,
};

void view_note_open(struct app *app, int64_t card_id, struct view_done done)
{
	struct note_editor *e = xcalloc(1, sizeof *e);
	struct card card;
	char *cause = NULL;

	e->card_id = card_id;
	e->done = done;
	card_init(&card);
	e->who = xstrdup(card_load(app->db, card_id, &card, &cause) == RDX_OK ? card.name : "this card");
	free(cause);
	card_done(&card);
	note_insert_line(e, 0, "");
	app_push(app, &note_ops, e);
}
