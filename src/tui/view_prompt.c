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
#include "tui/complete.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/view.h"
#include "tui/view_prompt.h"

/* Columns a prompt's value keeps at least, however long its label. */
#define PROMPT_MIN_VALUE 16

struct prompt {
	char *label;
	struct line_edit edit;
	struct prompt_callbacks cb;
	struct completion completion; /* read at the first Tab */
	bool completion_loaded;
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
	/* The value keeps room for what it holds (at least PROMPT_MIN_VALUE
	 * columns); a long label gives way, cut between words. */
	int want = text_width(p->edit.buf) + 2;
	if (want < PROMPT_MIN_VALUE)
		want = PROMPT_MIN_VALUE;
	int keep = text_width(p->label) + want;
	int room = app_status_room(app, keep < r.w - 2 ? keep : r.w - 2);
	char label[512];
	text_fit_words(p->label, room - want, label, sizeof label);
	int lw = draw_text(app, r.y, 1, room, ROLE_ACCENT, label);
	if (lw > 0 && label[strlen(label) - 1] != ' ') {
		draw_text(app, r.y, 1 + lw, 1, ROLE_ACCENT, " ");
		lw++;
	}
	int width = room - lw;
	int col = line_edit_scroll(&p->edit, width);
	draw_text(app, r.y, 1 + lw, width, ROLE_NORMAL, p->edit.buf + p->edit.first);
	p->cursor_y = r.y;
	p->cursor_x = 1 + lw + col;
	if (hints.h > 0) {
		char text[128];
		draw_fill(app, &hints, ROLE_NORMAL);
		const char *hint = p->cb.on_change != NULL ? "type to search · Enter keeps the filter · Esc clears it"
							   : "Enter accepts · Esc cancels · ^U clears";
		if (p->cb.complete == PROMPT_COMPLETE_SEARCH_TAGS)
			hint = "type to search · Enter keeps the filter · Esc clears it · Tab completes tag:";
		else if (p->cb.complete == PROMPT_COMPLETE_TAG)
			hint = "Enter accepts · Esc cancels · Tab completes · ^U clears";
		text_fit_words(hint, hints.w - 2, text, sizeof text);
		draw_text(app, hints.y, 1, hints.w - 2, ROLE_DIM, text);
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

/* The tag names, read once per prompt at its first Tab. */
static bool prompt_load_tags(struct prompt *p, struct app *app)
{
	struct tag_info *tags = NULL;
	size_t count = 0;
	char *cause = NULL;

	if (p->completion_loaded)
		return true;
	enum rdx_status st = tag_list(app->db, &tags, &count, &cause);
	if (st != RDX_OK) {
		app_fail(app, "cannot read the tags", st, cause);
		return false;
	}
	const char **names = xcalloc(count > 0 ? count : 1, sizeof *names);
	for (size_t i = 0; i < count; i++)
		names[i] = tags[i].name;
	completion_done(&p->completion);
	completion_init(&p->completion,
			p->cb.complete == PROMPT_COMPLETE_TAG ? COMPLETE_TAG : COMPLETE_SEARCH_TAGS, names, count);
	free(names);
	tag_list_free(tags, count);
	p->completion_loaded = true;
	return true;
}

/* The names a Tab found, as many as the message line holds: "acme-alumni
 * acme-board …"; while Tabs go through them, which one the line holds. */
static void prompt_show_hits(struct prompt *p, struct app *app, bool cycling)
{
	const struct completion *c = &p->completion;
	char list[512] = "";
	size_t used = 0;
	for (size_t k = 0; k < c->nhits && used + 2 < sizeof list; k++) {
		const char *name = completion_hit(c, k);
		int n = snprintf(list + used, sizeof list - used, "%s%s", k > 0 ? "  " : "", name);
		if (n < 0 || (size_t)n >= sizeof list - used)
			break;
		used += (size_t)n;
	}
	if (cycling)
		app_message(app, "%zu of %zu tags: %s", completion_current(c) + 1, c->nhits, list);
	else
		app_message(app, "%zu tags (Tab again: each in turn): %s", c->nhits, list);
}

/* Tab: the tag name at the cursor completed, and what it found said. */
static void prompt_complete(struct prompt *p, struct app *app)
{
	char typed[64];

	if (!prompt_load_tags(p, app))
		return;
	switch (completion_tab(&p->completion, &p->edit)) {
	case COMPLETION_NOT_HERE:
		app_message(app, "Tab completes a tag name after tag:");
		return;
	case COMPLETION_NO_MATCH: {
		/* The word as typed, for the message. */
		size_t start = p->edit.cursor;
		while (start > 0 && p->edit.buf[start - 1] != ' ' && p->edit.buf[start - 1] != ':')
			start--;
		char *word = xstrndup(p->edit.buf + start, p->edit.cursor - start);
		text_fit(word, 30, typed, sizeof typed);
		free(word);
		if (p->completion.nnames == 0)
			app_message(app, "No card has a tag yet");
		else
			app_message(app, "No tag starts with \"%s\"", typed);
		return;
	}
	case COMPLETION_UNIQUE:
		break;
	case COMPLETION_SEVERAL:
		prompt_show_hits(p, app, false);
		break;
	case COMPLETION_NEXT:
		prompt_show_hits(p, app, true);
		break;
	}
}

static enum view_result prompt_key(struct view *view, struct app *app, int key)
{
	struct prompt *p = view->data;

	switch (keymap_lookup(&keymap_prompt, key)) {
	case ACTION_SELECT:
		app_pop(app, view);
		if (p->cb.on_done != NULL)
			p->cb.on_done(app, p->cb.ctx, VIEW_SAVED, p->edit.buf);
		return VIEW_HANDLED;
	case ACTION_CANCEL:
		app_pop(app, view);
		if (p->cb.on_done != NULL)
			p->cb.on_done(app, p->cb.ctx, VIEW_CANCELLED, NULL);
		return VIEW_HANDLED;
	default:
		break;
	}
	/* on_change hears every key, not only those that change the text:
	 * the key cleared the message line, and the search puts its count
	 * back there. */
	enum line_edit_result r = line_edit_key(&p->edit, key);
	if (r != LINE_EDIT_COMPLETE)
		completion_reset(&p->completion);
	else if (p->cb.complete != PROMPT_COMPLETE_NONE)
		prompt_complete(p, app);
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
	completion_done(&p->completion);
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

/* The question on the status line when it fits there, else in a box
 * above it, wrapped at spaces. */
static void confirm_draw(struct view *view, struct app *app)
{
	struct confirm *c = view->data;
	struct rect hints;
	struct rect r = bottom_rows(app, &hints);
	const char *yn = "(y/n)";
	int qw = text_width(c->question), ynw = text_width(yn);

	draw_fill(app, &r, ROLE_NORMAL);
	if (qw + 1 + ynw <= r.w - 2) {
		app_status_room(app, r.w - 2);
		draw_text(app, r.y, 1, qw, ROLE_DUE, c->question);
		draw_text(app, r.y, 2 + qw, ynw, ROLE_ACCENT, yn);
		return;
	}
	int w = r.w - 2 < 64 ? r.w - 2 : 64;
	int inner = w - 4;
	int lines = layout_wrap_rows(c->question, inner);
	struct rect in = draw_dialog(app, lines + 4, w, NULL);
	int y = in.y;
	for (const char *p = c->question; *p != '\0' && y < in.y + in.h - 2; y++) {
		size_t skip;
		size_t n = layout_wrap(p, in.w, &skip);
		char *piece = xstrndup(p, n);
		draw_text(app, y, in.x, in.w, ROLE_DUE, piece);
		free(piece);
		p += n + skip;
	}
	draw_text(app, in.y + in.h - 1, in.x, in.w, ROLE_ACCENT, yn);
}

/* Only the answer: help and quit wait until the question is answered. */
static bool confirm_offers(struct view *view, struct app *app, enum action action)
{
	(void)view;
	(void)app;
	return action == ACTION_SELECT || action == ACTION_CANCEL;
}

static enum view_result confirm_action(struct view *view, struct app *app, enum action action)
{
	struct confirm *c = view->data;
	enum view_outcome outcome;

	if (action == ACTION_SELECT)
		outcome = VIEW_SAVED;
	else if (action == ACTION_CANCEL)
		outcome = VIEW_CANCELLED;
	else
		return VIEW_HANDLED; /* nothing else until it is answered */
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
	.keymap = &keymap_confirm,
	.draw = confirm_draw,
	.action = confirm_action,
	.offers = confirm_offers,
	.close = confirm_close,
};

void view_confirm_open(struct app *app, const char *question, struct view_done done)
{
	struct confirm *c = xcalloc(1, sizeof *c);

	c->question = xstrdup(question);
	c->done = done;
	app_push(app, &confirm_ops, c);
}
