/*
 * dialog_contacted.c - "mark contacted": a small dialog that takes the channel
 * with one key (channel_key from the model, Enter for the configured
 * default), then a one-line note; Enter records a touch dated today for
 * each card (bulk: one transaction), Esc cancels without writing.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/dialog_contacted.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/view.h"

struct contact {
	int64_t *ids;
	size_t count;
	char *who;            /* "Ada Lovelace" or "5 cards" */
	bool have_channel;
	enum channel channel;
	struct line_edit note;
	struct view_done done;
	int cursor_y, cursor_x;
};

static void contact_draw(struct view *view, struct app *app)
{
	struct contact *c = view->data;
	char title[160];
	char buf[64];

	snprintf(title, sizeof title, "Contacted %s", c->who);
	struct rect in = draw_dialog(app, c->have_channel ? 8 : 11, 56, title);
	if (!c->have_channel) {
		draw_text(app, in.y, in.x, in.w, ROLE_NORMAL, "How? One key:");
		for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
			int row = in.y + 2 + ch % 5;
			int col = in.x + (ch / 5) * 24;
			snprintf(buf, sizeof buf, "%c", channel_key((enum channel)ch));
			draw_text(app, row, col, 2, ROLE_ACCENT, buf);
			bool def = (enum channel)ch == app->config.default_channel;
			snprintf(buf, sizeof buf, "%s%s", channel_name((enum channel)ch), def ? " (Enter)" : "");
			draw_text(app, row, col + 2, 21, def ? ROLE_NAME : ROLE_NORMAL, buf);
		}
		draw_text(app, in.y + in.h - 1, in.x, in.w, ROLE_DIM, "Esc cancels");
		return;
	}
	char day[32];
	date_format_short(app->today, app->today + 1, day, sizeof day);
	snprintf(buf, sizeof buf, "%s, today (%s)", channel_name(c->channel), day);
	draw_text(app, in.y, in.x, in.w, ROLE_NAME, buf);
	draw_text(app, in.y + 2, in.x, in.w, ROLE_NORMAL, "Note (optional):");
	struct rect field = { .y = in.y + 3, .x = in.x, .h = 1, .w = in.w };
	draw_fill(app, &field, ROLE_SELECTED);
	int col = line_edit_scroll(&c->note, field.w);
	draw_text(app, field.y, field.x, field.w, ROLE_SELECTED, c->note.buf + c->note.first);
	c->cursor_y = field.y;
	c->cursor_x = field.x + col;
	draw_text(app, in.y + in.h - 1, in.x, in.w, ROLE_DIM, "Enter saves · Esc cancels");
}

static bool contact_cursor(struct view *view, struct app *app, int *y, int *x)
{
	struct contact *c = view->data;
	(void)app;
	if (!c->have_channel)
		return false;
	*y = c->cursor_y;
	*x = c->cursor_x;
	return true;
}

static void contact_save(struct contact *c, struct app *app)
{
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;
	enum rdx_status st;

	app_now(app, now);
	st = db_begin(app->db, &cause);
	for (size_t i = 0; st == RDX_OK && i < c->count; i++)
		st = touch_add(app->db, c->ids[i], app->today, c->channel, c->note.buf, now, NULL, &cause);
	if (st == RDX_OK)
		st = db_commit(app->db, &cause);
	else
		db_rollback(app->db);
	if (st != RDX_OK) {
		app_fail(app, "could not record the touch", st, cause);
		return;
	}
	app_message(app, "Recorded: %s with %s today", channel_name(c->channel), c->who);
	app_changed(app);
	if (c->done.fn != NULL)
		c->done.fn(app, c->done.ctx, VIEW_SAVED, c->ids[0]);
}

static enum view_result contact_key(struct view *view, struct app *app, int key)
{
	struct contact *c = view->data;

	if (key == KEY_ESCAPE) {
		app_pop(app, view);
		if (c->done.fn != NULL)
			c->done.fn(app, c->done.ctx, VIEW_CANCELLED, 0);
		return VIEW_HANDLED;
	}
	bool enter = key == '\r' || key == '\n' || key == KEY_FN(KEY_ENTER);
	if (!c->have_channel) {
		if (enter) {
			c->channel = app->config.default_channel;
			c->have_channel = true;
			return VIEW_HANDLED;
		}
		for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
			if (key == channel_key((enum channel)ch)) {
				c->channel = (enum channel)ch;
				c->have_channel = true;
				return VIEW_HANDLED;
			}
		}
		return key == '?' ? VIEW_UNHANDLED : VIEW_HANDLED;
	}
	if (enter) {
		app_pop(app, view);
		contact_save(c, app);
		return VIEW_HANDLED;
	}
	line_edit_key(&c->note, key);
	return VIEW_HANDLED;
}

static void contact_close(struct view *view, struct app *app)
{
	struct contact *c = view->data;
	(void)app;
	free(c->ids);
	free(c->who);
	line_edit_done(&c->note);
	free(c);
}

static const struct view_ops contact_ops = {
	.name = "contacted",
	.overlay = true,
	.draw = contact_draw,
	.key = contact_key,
	.cursor = contact_cursor,
	.close = contact_close,
};

void dialog_contacted_open(struct app *app, const int64_t *ids, size_t count, struct view_done done)
{
	struct contact *c;
	char *cause = NULL;

	if (count == 0)
		return;
	c = xcalloc(1, sizeof *c);
	c->ids = xcalloc(count, sizeof *c->ids);
	memcpy(c->ids, ids, count * sizeof *ids);
	c->count = count;
	c->done = done;
	if (count == 1) {
		struct card card;
		card_init(&card);
		if (card_load(app->db, ids[0], &card, &cause) == RDX_OK)
			c->who = xstrdup(card.name);
		else
			c->who = xstrdup("this card");
		free(cause);
		card_done(&card);
	} else {
		c->who = xasprintf("%zu cards", count);
	}
	line_edit_init(&c->note, NULL, CARD_FIELD_MAX);
	app_push(app, &contact_ops, c);
}
