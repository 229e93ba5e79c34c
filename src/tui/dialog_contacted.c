/*
 * dialog_contacted.c - "mark contacted": a small dialog that takes the channel
 * with one key (channel_key from the model, Enter for the configured
 * default), then the day it happened (empty: today; "yesterday", "mon",
 * "-3d", "2 Dec" as date_parse_day reads them, never a future day) and a
 * one-line note, Tab moving between the two; Enter records the touch on
 * each card (bulk: one transaction, so one undo), Esc cancels without
 * writing.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/date.h"
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
	struct line_edit date; /* empty: today */
	struct line_edit note;
	bool on_date;          /* the date field has the cursor (else the note) */
	bool tried;            /* Enter was pressed on a bad date: say why in red */
	struct view_done done;
	int cursor_y, cursor_x;
};

/* The day the date field names (empty: today); NULL when it is one, else
 * what is wrong with it. */
static const char *contact_date(const struct contact *c, int today, int *day)
{
	if (c->date.len == 0) {
		*day = today;
		return NULL;
	}
	if (!date_parse_day(c->date.buf, today, day))
		return "not a date: yesterday, mon, -3d, 2 Dec, 2026-12-02";
	if (*day > today)
		return "that is in the future: a touch is recorded once it happened";
	return NULL;
}

static void contact_draw(struct view *view, struct app *app)
{
	struct contact *c = view->data;
	char title[160];
	char buf[96];

	snprintf(title, sizeof title, "Contacted %s", c->who);
	struct rect in = draw_dialog(app, 11, 60, title);
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
	draw_text(app, in.y, in.x, in.w, ROLE_NAME, channel_name(c->channel));

	/* The day: the field, what it reads as, and help or the problem. */
	const int label_w = 6, date_w = 16;
	draw_text(app, in.y + 2, in.x, label_w, ROLE_NORMAL, "Date:");
	struct rect dfield = { .y = in.y + 2, .x = in.x + label_w, .h = 1, .w = date_w };
	draw_fill(app, &dfield, c->on_date ? ROLE_SELECTED : ROLE_LABEL);
	int dcol = line_edit_scroll(&c->date, dfield.w);
	if (c->date.len == 0)
		draw_text(app, dfield.y, dfield.x, dfield.w, ROLE_DIM, "today");
	else
		draw_text(app, dfield.y, dfield.x, dfield.w, c->on_date ? ROLE_SELECTED : ROLE_NORMAL,
			  c->date.buf + c->date.first);
	int day = 0;
	const char *problem = contact_date(c, app->today, &day);
	int right = in.x + label_w + date_w + 2;
	if (problem == NULL) {
		char when[32], ago[32];
		date_format_short(day, app->today, when, sizeof when);
		date_describe_relative(day, app->today, ago, sizeof ago);
		snprintf(buf, sizeof buf, "%s, %s", when, ago);
		draw_text(app, in.y + 2, right, in.x + in.w - right, ROLE_NAME, buf);
		draw_text(app, in.y + 3, in.x + label_w, in.w - label_w, ROLE_DIM, "yesterday, mon, -3d, 2 Dec, 2026-12-02");
	} else {
		draw_text(app, in.y + 3, in.x + label_w, in.w - label_w, c->tried ? ROLE_ERROR : ROLE_DIM, problem);
	}

	draw_text(app, in.y + 5, in.x, in.w, ROLE_NORMAL, "Note (optional):");
	struct rect field = { .y = in.y + 6, .x = in.x, .h = 1, .w = in.w };
	draw_fill(app, &field, c->on_date ? ROLE_LABEL : ROLE_SELECTED);
	int col = line_edit_scroll(&c->note, field.w);
	draw_text(app, field.y, field.x, field.w, c->on_date ? ROLE_NORMAL : ROLE_SELECTED, c->note.buf + c->note.first);
	c->cursor_y = c->on_date ? dfield.y : field.y;
	c->cursor_x = c->on_date ? dfield.x + dcol : field.x + col;
	draw_text(app, in.y + in.h - 1, in.x, in.w, ROLE_DIM, "Enter saves · Tab: date or note · Esc cancels");
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

static void contact_save(struct contact *c, struct app *app, int day)
{
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;
	enum rdx_status st;

	app_now(app, now);
	st = db_begin(app->db, &cause);
	for (size_t i = 0; st == RDX_OK && i < c->count; i++)
		st = touch_add(app->db, c->ids[i], day, c->channel, c->note.buf, now, NULL, &cause);
	if (st == RDX_OK)
		st = db_commit(app->db, &cause);
	else
		db_rollback(app->db);
	if (st != RDX_OK) {
		app_fail(app, "could not record the touch", st, cause);
		return;
	}
	if (day == app->today) {
		app_message(app, "Recorded: %s with %s today · u undoes", channel_name(c->channel), c->who);
	} else {
		char when[32];
		date_format_short(day, app->today, when, sizeof when);
		app_message(app, "Recorded: %s with %s on %s · u undoes", channel_name(c->channel), c->who, when);
	}
	app_changed(app);
	if (c->done.fn != NULL)
		c->done.fn(app, c->done.ctx, VIEW_SAVED, c->ids[0]);
}

static enum view_result contact_key(struct view *view, struct app *app, int key)
{
	struct contact *c = view->data;
	enum action action = keymap_lookup(&keymap_contacted, key);

	if (action == ACTION_CANCEL) {
		app_pop(app, view);
		if (c->done.fn != NULL)
			c->done.fn(app, c->done.ctx, VIEW_CANCELLED, 0);
		return VIEW_HANDLED;
	}
	if (!c->have_channel) {
		if (action == ACTION_SELECT) {
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
	if (action == ACTION_SELECT) {
		int day = 0;
		if (contact_date(c, app->today, &day) != NULL) {
			/* Stay, on the field that needs fixing. */
			c->tried = true;
			c->on_date = true;
			return VIEW_HANDLED;
		}
		app_pop(app, view);
		contact_save(c, app, day);
		return VIEW_HANDLED;
	}
	if (action == ACTION_NEXT) {
		c->on_date = !c->on_date;
		return VIEW_HANDLED;
	}
	if (line_edit_key(c->on_date ? &c->date : &c->note, key) == LINE_EDIT_CHANGED && c->on_date)
		c->tried = false;
	return VIEW_HANDLED;
}

static void contact_close(struct view *view, struct app *app)
{
	struct contact *c = view->data;
	(void)app;
	free(c->ids);
	free(c->who);
	line_edit_done(&c->note);
	line_edit_done(&c->date);
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
		/* card_load initialises the card itself. */
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
	line_edit_init(&c->date, NULL, 32);
	app_push(app, &contact_ops, c);
}
