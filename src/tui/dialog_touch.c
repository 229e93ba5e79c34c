/*
 * dialog_touch.c - correcting a touch: a small dialog with its date, its
 * channel and its note, each a line editor.  Ctrl-S (or Enter on the last
 * field) checks the three and saves them with touch_update; a refused
 * value keeps the dialog open with the reason.  Esc cancels, asking first
 * when something was changed.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/date.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/dialog_touch.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/view.h"
#include "tui/view_prompt.h"

enum touch_field { FIELD_DATE, FIELD_CHANNEL, FIELD_NOTE, TOUCH_FIELDS };

struct touch_dialog {
	int64_t card_id;
	int64_t touch_id;
	struct line_edit fields[TOUCH_FIELDS];
	char *original[TOUCH_FIELDS]; /* as opened, to know whether Esc loses anything */
	int cur;
	struct view_done done;
	int cursor_y, cursor_x;
};

static const char *const field_names[TOUCH_FIELDS] = {
	[FIELD_DATE] = "Date",
	[FIELD_CHANNEL] = "Channel",
	[FIELD_NOTE] = "Note",
};

static void touch_draw(struct view *view, struct app *app)
{
	struct touch_dialog *t = view->data;
	char channels[160] = "";

	struct rect in = draw_dialog(app, 10, app->cols - 4 > 72 ? 72 : app->cols - 4, "Edit touch");
	int labelw = 9;
	int vw = in.w - labelw;
	for (int i = 0; i < TOUCH_FIELDS && i * 2 < in.h; i++) {
		int y = in.y + i * 2;
		bool focus = i == t->cur;
		draw_text(app, y, in.x, labelw - 1, focus ? ROLE_ACCENT : ROLE_LABEL, field_names[i]);
		struct rect field = { .y = y, .x = in.x + labelw, .h = 1, .w = vw };
		draw_fill(app, &field, focus ? ROLE_SELECTED : ROLE_NORMAL);
		int col = line_edit_scroll(&t->fields[i], vw);
		draw_text(app, y, field.x, vw, focus ? ROLE_SELECTED : ROLE_NORMAL, t->fields[i].buf + t->fields[i].first);
		if (focus) {
			t->cursor_y = y;
			t->cursor_x = field.x + col;
		}
	}
	/* Under the date and the channel: what they take. */
	if (in.h > 6) {
		draw_text(app, in.y + 1, in.x + labelw, vw, ROLE_DIM, "YYYY-MM-DD, not in the future");
		for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
			strncat(channels, channel_name((enum channel)ch), sizeof channels - strlen(channels) - 1);
			if (ch + 1 < CHANNEL_COUNT)
				strncat(channels, " ", sizeof channels - strlen(channels) - 1);
		}
		draw_text(app, in.y + 3, in.x + labelw, vw, ROLE_DIM, channels);
	}
	draw_text(app, in.y + in.h - 1, in.x, in.w, ROLE_DIM, "Tab next · ^S saves · Esc cancels");
}

static bool touch_cursor(struct view *view, struct app *app, int *y, int *x)
{
	struct touch_dialog *t = view->data;
	(void)app;
	*y = t->cursor_y;
	*x = t->cursor_x;
	return true;
}

static bool touch_changed(const struct touch_dialog *t)
{
	for (int i = 0; i < TOUCH_FIELDS; i++) {
		if (strcmp(t->fields[i].buf, t->original[i]) != 0)
			return true;
	}
	return false;
}

static void touch_save(struct touch_dialog *t, struct view *view, struct app *app)
{
	char *date = xstrdup(t->fields[FIELD_DATE].buf);
	char *name = xstrdup(t->fields[FIELD_CHANNEL].buf);
	char *note = xstrdup(t->fields[FIELD_NOTE].buf);
	char *cause = NULL;
	enum channel channel;
	int day;

	text_trim(date);
	text_trim(name);
	text_trim(note);
	if (!date_parse_day(date, app->today, &day)) {
		app_error(app, "Date: YYYY-MM-DD, yesterday, a weekday (mon), -3d or 2 Dec");
		t->cur = FIELD_DATE;
	} else if (day > app->today) {
		app_error(app, "Date: that is in the future");
		t->cur = FIELD_DATE;
	} else if (!channel_parse(name, &channel)) {
		app_error(app, "Channel: one of email, call, coffee, lunch, meeting, card, message, event, other");
		t->cur = FIELD_CHANNEL;
	} else {
		enum rdx_status st = touch_update(app->db, t->touch_id, day, channel, note, &cause);
		if (st != RDX_OK) {
			app_fail(app, "could not save the touch", st, cause);
		} else {
			char when[32];
			date_format_short(day, app->today, when, sizeof when);
			app_message(app, "Touch changed: %s on %s", channel_name(channel), when);
			app_pop(app, view);
			app_changed(app);
			if (t->done.fn != NULL)
				t->done.fn(app, t->done.ctx, VIEW_SAVED, t->card_id);
		}
	}
	free(date);
	free(name);
	free(note);
}

static void on_discard(struct app *app, void *ctx, enum view_outcome outcome, int64_t unused)
{
	struct view *view = ctx;
	struct touch_dialog *t = view->data;
	(void)unused;
	if (outcome != VIEW_SAVED)
		return;
	app_pop(app, view);
	if (t->done.fn != NULL)
		t->done.fn(app, t->done.ctx, VIEW_CANCELLED, t->card_id);
}

static enum view_result touch_key(struct view *view, struct app *app, int key)
{
	struct touch_dialog *t = view->data;

	switch (keymap_lookup(&keymap_touch, key)) {
	case ACTION_NEXT:
		t->cur = (t->cur + 1) % TOUCH_FIELDS;
		return VIEW_HANDLED;
	case ACTION_PREV:
		t->cur = (t->cur + TOUCH_FIELDS - 1) % TOUCH_FIELDS;
		return VIEW_HANDLED;
	case ACTION_SELECT:
		touch_save(t, view, app);
		return VIEW_HANDLED;
	case ACTION_CANCEL:
		if (touch_changed(t))
			view_confirm_open(app, "Discard the changes to this touch?",
					  (struct view_done){ .fn = on_discard, .ctx = view });
		else
			on_discard(app, view, VIEW_SAVED, 0);
		return VIEW_HANDLED;
	case ACTION_NEXT_OR_SAVE:
		if (t->cur + 1 < TOUCH_FIELDS)
			t->cur++;
		else
			touch_save(t, view, app);
		return VIEW_HANDLED;
	default:
		break;
	}
	if (line_edit_key(&t->fields[t->cur], key) == LINE_EDIT_REFUSED)
		app_error(app, "That is as long as this field gets");
	return VIEW_HANDLED;
}

static void touch_close(struct view *view, struct app *app)
{
	struct touch_dialog *t = view->data;
	(void)app;
	for (int i = 0; i < TOUCH_FIELDS; i++) {
		line_edit_done(&t->fields[i]);
		free(t->original[i]);
	}
	free(t);
}

static const struct view_ops touch_ops = {
	.name = "touch",
	.keymap = &keymap_touch,
	.overlay = true,
	.draw = touch_draw,
	.key = touch_key,
	.cursor = touch_cursor,
	.close = touch_close,
};

void dialog_touch_open(struct app *app, int64_t card_id, int64_t touch_id, int date, enum channel channel,
		       const char *note, struct view_done done)
{
	struct touch_dialog *t = xcalloc(1, sizeof *t);
	char day[DATE_TEXT_SIZE];

	t->card_id = card_id;
	t->touch_id = touch_id;
	t->done = done;
	date_format(date, day);
	line_edit_init(&t->fields[FIELD_DATE], day, DATE_TEXT_SIZE + 16);
	line_edit_init(&t->fields[FIELD_CHANNEL], channel_name(channel), 32);
	line_edit_init(&t->fields[FIELD_NOTE], note != NULL ? note : "", CARD_TEXT_MAX);
	for (int i = 0; i < TOUCH_FIELDS; i++)
		t->original[i] = xstrdup(t->fields[i].buf);
	t->cur = FIELD_NOTE;
	app_push(app, &touch_ops, t);
}
