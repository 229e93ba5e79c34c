/*
 * view_prompt.c - one-line questions in the status line: a text prompt
 * (search as you type, a tag name) that reports every edit and the final
 * Enter or Esc, and a yes/no confirmation.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/view.h"
#include "tui/view_prompt.h"

struct prompt {
	char *label;
	struct line_edit edit;
	struct prompt_callbacks cb;
	int cursor_y, cursor_x;
};

static struct rect bottom_rows(struct app *app, struct rect *hints)
{
	struct layout l;
	layout_compute(app->rows, app->cols, false, &l);
	*hints = l.hints;
	return l.status;
}

static void prompt_draw(struct view *view, struct app *app)
{
	struct prompt *p = view->data;
	struct rect hints;
	struct rect r = bottom_rows(app, &hints);

	draw_fill(app, &r, ROLE_NORMAL);
	int lw = draw_text(app, r.y, 1, r.w / 2, ROLE_ACCENT, p->label);
	int width = r.w - 2 - lw;
	int col = line_edit_scroll(&p->edit, width);
	draw_text(app, r.y, 1 + lw, width, ROLE_NORMAL, p->edit.buf + p->edit.first);
	p->cursor_y = r.y;
	p->cursor_x = 1 + lw + col;
	if (hints.h > 0) {
		draw_fill(app, &hints, ROLE_NORMAL);
		draw_text(app, hints.y, 1, hints.w - 2, ROLE_DIM,
			  p->cb.on_change != NULL ? "type to search · Enter keeps the filter · Esc clears it"
						  : "Enter accepts · Esc cancels · ^U clears");
	}
}

static bool prompt_cursor(struct view *view, struct app *app, int *y, int *x)
{
	struct prompt *p = view->data;
	(void)app;
	*y = p->cursor_y;
	*x = p->cursor_x;
	return true;
}

static enum view_result prompt_key(struct view *view, struct app *app, int key)
{
	struct prompt *p = view->data;

	if (key == '\r' || key == '\n' || key == KEY_FN(KEY_ENTER)) {
		app_pop(app, view);
		if (p->cb.on_done != NULL)
			p->cb.on_done(app, p->cb.ctx, VIEW_SAVED, p->edit.buf);
		return VIEW_HANDLED;
	}
	if (key == KEY_ESCAPE) {
		app_pop(app, view);
		if (p->cb.on_done != NULL)
			p->cb.on_done(app, p->cb.ctx, VIEW_CANCELLED, NULL);
		return VIEW_HANDLED;
	}
	/* on_change hears every key, not only those that change the text:
	 * the key cleared the message line, and the search puts its count
	 * back there. */
	line_edit_key(&p->edit, key);
	if (p->cb.on_change != NULL)
		p->cb.on_change(app, p->cb.ctx, p->edit.buf);
	return VIEW_HANDLED;
}

static void prompt_close(struct view *view, struct app *app)
{
	struct prompt *p = view->data;
	(void)app;
	free(p->label);
	line_edit_done(&p->edit);
	free(p);
}

static const struct view_ops prompt_ops = {
	.name = "prompt",
	.overlay = true,
	.draw = prompt_draw,
	.key = prompt_key,
	.cursor = prompt_cursor,
	.close = prompt_close,
};

void view_prompt_open(struct app *app, const char *label, const char *initial, struct prompt_callbacks cb)
{
	struct prompt *p = xcalloc(1, sizeof *p);

	p->label = xstrdup(label);
	p->cb = cb;
	line_edit_init(&p->edit, initial, CARD_FIELD_MAX);
	app_push(app, &prompt_ops, p);
}

/* ---- yes/no ----------------------------------------------------------- */

struct confirm {
	char *question;
	struct view_done done;
};

static void confirm_draw(struct view *view, struct app *app)
{
	struct confirm *c = view->data;
	struct rect hints;
	struct rect r = bottom_rows(app, &hints);

	draw_fill(app, &r, ROLE_NORMAL);
	int w = draw_text(app, r.y, 1, r.w - 12, ROLE_DUE, c->question);
	draw_text(app, r.y, 2 + w, r.w - 3 - w, ROLE_ACCENT, "(y/n)");
}

static enum view_result confirm_key(struct view *view, struct app *app, int key)
{
	struct confirm *c = view->data;
	enum view_outcome outcome;

	if (key == 'y' || key == 'Y')
		outcome = VIEW_SAVED;
	else if (key == 'n' || key == 'N' || key == KEY_ESCAPE)
		outcome = VIEW_CANCELLED;
	else
		return VIEW_HANDLED;
	app_pop(app, view);
	if (c->done.fn != NULL)
		c->done.fn(app, c->done.ctx, outcome, 0);
	return VIEW_HANDLED;
}

static void confirm_close(struct view *view, struct app *app)
{
	struct confirm *c = view->data;
	(void)app;
	free(c->question);
	free(c);
}

static const struct view_ops confirm_ops = {
	.name = "confirm",
	.overlay = true,
	.draw = confirm_draw,
	.key = confirm_key,
	.close = confirm_close,
};

void view_confirm_open(struct app *app, const char *question, struct view_done done)
{
	struct confirm *c = xcalloc(1, sizeof *c);

	c->question = xstrdup(question);
	c->done = done;
	app_push(app, &confirm_ops, c);
}
