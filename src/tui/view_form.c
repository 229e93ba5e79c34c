/*
 * view_form.c - the card form for adding and editing: one row per value,
 * each with real line editing (lineedit.c); emails, phones, addresses and
 * URLs take as many rows as needed (^N adds one, ^K removes one), each
 * with a label.  Tab/↓ and Shift-Tab/↑ move, Ctrl-S saves from anywhere,
 * Esc cancels.  Saving validates first (card_validate) and keeps the form
 * open with the reason when something is wrong, so nothing typed is lost.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/view.h"
#include "tui/view_form.h"
#include "tui/view_prompt.h"

enum slot { SLOT_NAME, SLOT_ORG, SLOT_TITLE, SLOT_FIELD, SLOT_BIRTHDAY, SLOT_TAGS, SLOT_CADENCE, SLOT_NICKNAME, SLOT_HOW_MET };

struct form_row {
	enum slot slot;
	enum field_kind kind;  /* SLOT_FIELD */
	struct line_edit value;
	struct line_edit label; /* SLOT_FIELD */
};

struct form {
	int64_t card_id;       /* 0: new card */
	struct card card;      /* as loaded (edit), keeps what the form does not show */
	struct form_row *rows;
	size_t n, cap;
	size_t cur;
	bool on_label;         /* focus in the row's label editor */
	size_t top;
	struct view_done done;
	int cursor_y, cursor_x;
	char *as_opened;       /* form_snapshot when opened: Esc asks when it differs */
};

static const char *const slot_names[] = {
	[SLOT_NAME] = "Full name", [SLOT_ORG] = "Organization", [SLOT_TITLE] = "Title",
	[SLOT_FIELD] = "", [SLOT_BIRTHDAY] = "Birthday", [SLOT_TAGS] = "Tags",
	[SLOT_CADENCE] = "Rhythm", [SLOT_NICKNAME] = "Nickname", [SLOT_HOW_MET] = "How we met",
};

static const char *const kind_titles[FIELD_KIND_COUNT] = {
	[FIELD_EMAIL] = "Email", [FIELD_PHONE] = "Phone", [FIELD_ADDRESS] = "Address", [FIELD_URL] = "Web",
};

static const char *const slot_hints[] = {
	[SLOT_BIRTHDAY] = "YYYY-MM-DD or --MM-DD",
	[SLOT_TAGS] = "comma separated",
	[SLOT_CADENCE] = "3m, 6w, 1y, none; empty: from tags",
};

static void form_insert(struct form *f, size_t at, enum slot slot, enum field_kind kind, const char *value, const char *label)
{
	f->rows = xgrow(f->rows, &f->cap, f->n + 1, sizeof *f->rows);
	memmove(&f->rows[at + 1], &f->rows[at], (f->n - at) * sizeof *f->rows);
	struct form_row *r = &f->rows[at];
	memset(r, 0, sizeof *r);
	r->slot = slot;
	r->kind = kind;
	line_edit_init(&r->value, value, slot == SLOT_NAME ? CARD_NAME_MAX : slot == SLOT_HOW_MET ? CARD_TEXT_MAX : CARD_FIELD_MAX);
	line_edit_init(&r->label, label, CARD_LABEL_MAX);
	f->n++;
}

static void form_remove(struct form *f, size_t at)
{
	line_edit_done(&f->rows[at].value);
	line_edit_done(&f->rows[at].label);
	memmove(&f->rows[at], &f->rows[at + 1], (f->n - at - 1) * sizeof *f->rows);
	f->n--;
}

static void form_build(struct form *f)
{
	const struct card *c = &f->card;
	char buf[CARD_TAG_MAX * CARD_MAX_TAGS + 8];

	form_insert(f, f->n, SLOT_NAME, 0, c->name, NULL);
	form_insert(f, f->n, SLOT_ORG, 0, c->org, NULL);
	form_insert(f, f->n, SLOT_TITLE, 0, c->title, NULL);
	for (int kind = 0; kind < FIELD_KIND_COUNT; kind++) {
		bool any = false;
		for (size_t i = 0; i < c->nfields; i++) {
			if ((int)c->fields[i].kind == kind) {
				form_insert(f, f->n, SLOT_FIELD, (enum field_kind)kind, c->fields[i].value, c->fields[i].label);
				any = true;
			}
		}
		if (!any)
			form_insert(f, f->n, SLOT_FIELD, (enum field_kind)kind, "", "");
	}
	birthday_format(&c->birthday, buf);
	form_insert(f, f->n, SLOT_BIRTHDAY, 0, buf, NULL);
	buf[0] = '\0';
	for (size_t i = 0; i < c->ntags; i++) {
		if (i > 0)
			strncat(buf, ", ", sizeof buf - strlen(buf) - 1);
		strncat(buf, c->tags[i], sizeof buf - strlen(buf) - 1);
	}
	form_insert(f, f->n, SLOT_TAGS, 0, buf, NULL);
	buf[0] = '\0';
	if (c->cadence_set) {
		if (c->cadence.n == 0)
			snprintf(buf, sizeof buf, "none");
		else
			cadence_format(&c->cadence, buf, sizeof buf);
	}
	form_insert(f, f->n, SLOT_CADENCE, 0, buf, NULL);
	form_insert(f, f->n, SLOT_NICKNAME, 0, c->nickname, NULL);
	form_insert(f, f->n, SLOT_HOW_MET, 0, c->how_met, NULL);
}

/* ---- drawing ---------------------------------------------------------- */

#define LABEL_W 14
#define FIELD_LABEL_W 10

static void form_draw(struct view *view, struct app *app)
{
	struct form *f = view->data;
	char title[160];
	struct layout lay;

	layout_compute(app->rows, app->cols, false, &lay);
	int w = app->cols - 4 > 76 ? 76 : app->cols - 4;
	struct rect box = { .y = 1, .x = (app->cols - w) / 2, .h = lay.status.y - 1, .w = w };
	draw_fill(app, &box, ROLE_NORMAL);
	draw_box(app, &box, ROLE_BORDER);
	if (f->card_id == 0)
		snprintf(title, sizeof title, " New card ");
	else
		snprintf(title, sizeof title, " Edit %s ", f->card.name);
	draw_text(app, box.y, box.x + 2, box.w - 4, ROLE_NAME, title);

	int rows = box.h - 2;
	if (rows < 1)
		return;
	if (f->cur < f->top)
		f->top = f->cur;
	if (f->cur >= f->top + (size_t)rows)
		f->top = f->cur - (size_t)rows + 1;
	int x = box.x + 2;
	int inner = box.w - 4;
	bool narrow = inner < LABEL_W + FIELD_LABEL_W + 12;
	int labelw = narrow ? 9 : LABEL_W;
	for (int i = 0; i < rows && f->top + (size_t)i < f->n; i++) {
		size_t idx = f->top + (size_t)i;
		struct form_row *r = &f->rows[idx];
		int y = box.y + 1 + i;
		bool focus = idx == f->cur;
		const char *name = r->slot == SLOT_FIELD ? kind_titles[r->kind] : slot_names[r->slot];
		/* A kind's title only on its first row. */
		if (r->slot == SLOT_FIELD && idx > 0 && f->rows[idx - 1].slot == SLOT_FIELD && f->rows[idx - 1].kind == r->kind)
			name = "";
		draw_text(app, y, x, labelw - 1, focus ? ROLE_ACCENT : ROLE_LABEL, name);
		int vw = inner - labelw - (r->slot == SLOT_FIELD && !narrow ? FIELD_LABEL_W + 1 : 0);
		struct rect field = { .y = y, .x = x + labelw, .h = 1, .w = vw };
		enum role role = focus && !f->on_label ? ROLE_SELECTED : ROLE_NORMAL;
		draw_fill(app, &field, role);
		int col = line_edit_scroll(&r->value, vw);
		if (r->value.len == 0 && r->slot < sizeof slot_hints / sizeof slot_hints[0] && slot_hints[r->slot] != NULL)
			draw_text(app, y, field.x, vw, focus && !f->on_label ? role : ROLE_DIM, slot_hints[r->slot]);
		else
			draw_text(app, y, field.x, vw, role, r->value.buf + r->value.first);
		if (focus && !f->on_label) {
			f->cursor_y = y;
			f->cursor_x = field.x + col;
		}
		if (r->slot == SLOT_FIELD && !narrow) {
			struct rect lf = { .y = y, .x = field.x + vw + 1, .h = 1, .w = FIELD_LABEL_W };
			enum role lrole = focus && f->on_label ? ROLE_SELECTED : ROLE_DIM;
			draw_fill(app, &lf, lrole);
			int lc = line_edit_scroll(&r->label, lf.w);
			draw_text(app, y, lf.x, lf.w, lrole, r->label.len > 0 ? r->label.buf + r->label.first : (focus && f->on_label ? "" : "label"));
			if (focus && f->on_label) {
				f->cursor_y = y;
				f->cursor_x = lf.x + lc;
			}
		}
	}
	if (f->top > 0)
		draw_text(app, box.y, box.x + box.w - 5, 3, ROLE_ACCENT, "↑");
	if (f->top + (size_t)rows < f->n)
		draw_text(app, box.y + box.h - 1, box.x + box.w - 5, 3, ROLE_ACCENT, "↓");
}

static bool form_cursor(struct view *view, struct app *app, int *y, int *x)
{
	struct form *f = view->data;
	(void)app;
	*y = f->cursor_y;
	*x = f->cursor_x;
	return true;
}

/* ---- saving ----------------------------------------------------------- */

static bool form_fill(struct form *f, struct card *c, struct app *app)
{
	for (size_t i = 0; i < f->n; i++) {
		struct form_row *r = &f->rows[i];
		char *v = xstrdup(r->value.buf);
		text_trim(v);
		switch (r->slot) {
		case SLOT_NAME:
			if (strcmp(c->name, v) != 0) {
				card_set(&c->given, "");
				card_set(&c->family, "");
			}
			card_set(&c->name, v);
			break;
		case SLOT_ORG:
			card_set(&c->org, v);
			break;
		case SLOT_TITLE:
			card_set(&c->title, v);
			break;
		case SLOT_NICKNAME:
			card_set(&c->nickname, v);
			break;
		case SLOT_HOW_MET:
			card_set(&c->how_met, v);
			break;
		case SLOT_FIELD:
			if (v[0] != '\0') {
				char *label = xstrdup(r->label.buf);
				card_add_field(c, r->kind, v, text_trim(label));
				free(label);
			}
			break;
		case SLOT_BIRTHDAY:
			if (v[0] == '\0') {
				c->birthday = (struct birthday){ 0 };
			} else if (!birthday_parse(v, &c->birthday)) {
				app_error(app, "Birthday: use YYYY-MM-DD, or --MM-DD without the year");
				f->cur = i;
				free(v);
				return false;
			}
			break;
		case SLOT_TAGS: {
			while (c->ntags > 0)
				card_remove_tag(c, c->tags[0]);
			char *save = NULL;
			for (char *t = strtok_r(v, ", ", &save); t != NULL; t = strtok_r(NULL, ", ", &save))
				card_add_tag(c, t);
			break;
		}
		case SLOT_CADENCE:
			if (v[0] == '\0') {
				c->cadence_set = false;
			} else if (!cadence_parse(v, &c->cadence)) {
				app_error(app, "Rhythm: use 2w, 3m, 1y, 45d or none");
				f->cur = i;
				free(v);
				return false;
			} else {
				c->cadence_set = true;
			}
			break;
		}
		free(v);
	}
	return true;
}

static void form_save(struct form *f, struct view *view, struct app *app)
{
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;
	struct card c;
	enum rdx_status st;

	/* Work on a copy: a refused save leaves the form as typed.  card_load
	 * initialises the card itself. */
	if (f->card_id == 0) {
		card_init(&c);
	} else {
		st = card_load(app->db, f->card_id, &c, &cause);
		if (st != RDX_OK) {
			card_done(&c);
			app_fail(app, "cannot load the card", st, cause);
			return;
		}
		c.revision = f->card.revision;
		while (c.nfields > 0)
			card_remove_field(&c, c.nfields - 1);
	}
	if (!form_fill(f, &c, app)) {
		card_done(&c);
		return;
	}
	if (c.name[0] == '\0') {
		card_done(&c);
		app_error(app, "A card needs a name");
		f->cur = 0;
		return;
	}
	card_split_name(&c);
	st = card_validate(&c, &cause);
	app_now(app, now);
	if (st == RDX_OK) {
		if (f->card_id == 0)
			st = card_insert(app->db, &c, now, &cause);
		else
			st = card_update(app->db, &c, f->card.revision, now, &cause);
	}
	if (st != RDX_OK) {
		card_done(&c);
		if (st == RDX_CONFLICT)
			app_error(app, "Someone else changed this card meanwhile: Esc, then edit again");
		else
			app_fail(app, "cannot save", st, cause);
		if (st != RDX_CONFLICT)
			return;
		free(cause);
		return;
	}
	int64_t id = c.id;
	char name[96];
	text_fit(c.name, 60, name, sizeof name);
	app_message(app, f->card_id == 0 ? "Added %s" : "Saved %s", name);
	card_done(&c);
	app_pop(app, view);
	app_changed(app);
	if (f->done.fn != NULL)
		f->done.fn(app, f->done.ctx, VIEW_SAVED, id);
}

/* ---- keys ------------------------------------------------------------- */

static void form_move(struct form *f, bool forward)
{
	struct form_row *r = &f->rows[f->cur];
	if (forward) {
		if (r->slot == SLOT_FIELD && !f->on_label) {
			f->on_label = true;
		} else if (f->cur + 1 < f->n) {
			f->cur++;
			f->on_label = false;
		}
	} else {
		if (f->on_label) {
			f->on_label = false;
		} else if (f->cur > 0) {
			f->cur--;
			f->on_label = f->rows[f->cur].slot == SLOT_FIELD;
		}
	}
}

/* Every value and label in order: two snapshots differ exactly when
 * something was typed, removed or added.  Caller frees. */
static char *form_snapshot(const struct form *f)
{
	size_t len = 1;
	for (size_t i = 0; i < f->n; i++)
		len += f->rows[i].value.len + f->rows[i].label.len + 2;
	char *out = xmalloc(len);
	size_t used = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct form_row *r = &f->rows[i];
		memcpy(out + used, r->value.buf, r->value.len);
		used += r->value.len;
		out[used++] = '\x1f';
		memcpy(out + used, r->label.buf, r->label.len);
		used += r->label.len;
		out[used++] = '\x1e';
	}
	out[used] = '\0';
	return out;
}

static bool form_changed(const struct form *f)
{
	char *now = form_snapshot(f);
	bool changed = strcmp(now, f->as_opened) != 0;
	free(now);
	return changed;
}

static void form_cancel(struct app *app, void *ctx, enum view_outcome outcome, int64_t unused)
{
	struct view *view = ctx;
	struct form *f = view->data;

	(void)unused;
	if (outcome != VIEW_SAVED)
		return;
	app_pop(app, view);
	if (f->done.fn != NULL)
		f->done.fn(app, f->done.ctx, VIEW_CANCELLED, f->card_id);
}

/* Removes the value under the cursor: the row when its kind has others,
 * else its text and label. */
static void form_remove_value(struct form *f)
{
	struct form_row *r = &f->rows[f->cur];
	bool others = (f->cur > 0 && f->rows[f->cur - 1].slot == SLOT_FIELD && f->rows[f->cur - 1].kind == r->kind) ||
		      (f->cur + 1 < f->n && f->rows[f->cur + 1].slot == SLOT_FIELD && f->rows[f->cur + 1].kind == r->kind);
	if (others) {
		form_remove(f, f->cur);
		if (f->cur >= f->n)
			f->cur = f->n - 1;
	} else {
		line_edit_set(&r->value, "");
		line_edit_set(&r->label, "");
	}
	f->on_label = false;
}

static void form_remove_confirmed(struct app *app, void *ctx, enum view_outcome outcome, int64_t unused)
{
	struct view *view = ctx;
	(void)unused;
	if (outcome == VIEW_SAVED) {
		form_remove_value(view->data);
		app_message(app, "Removed (Esc then discards every change, ^S saves)");
	}
}

/* ↓/↑: the row below or above, in the same column when it has one. */
static void form_row_move(struct form *f, bool down)
{
	if (down && f->cur + 1 < f->n)
		f->cur++;
	else if (!down && f->cur > 0)
		f->cur--;
	else
		return;
	f->on_label = f->on_label && f->rows[f->cur].slot == SLOT_FIELD;
}

static enum view_result form_key(struct view *view, struct app *app, int key)
{
	struct form *f = view->data;
	struct form_row *r = &f->rows[f->cur];
	char question[256], name[96];

	switch (keymap_lookup(&keymap_form, key)) {
	case ACTION_NEXT:
		form_move(f, true);
		return VIEW_HANDLED;
	case ACTION_PREV:
		form_move(f, false);
		return VIEW_HANDLED;
	case ACTION_SCROLL_DOWN:
		form_row_move(f, true);
		return VIEW_HANDLED;
	case ACTION_SCROLL_UP:
		form_row_move(f, false);
		return VIEW_HANDLED;
	case ACTION_SELECT:
		form_save(f, view, app);
		return VIEW_HANDLED;
	case ACTION_CANCEL:
		if (!form_changed(f)) {
			form_cancel(app, view, VIEW_SAVED, 0);
			return VIEW_HANDLED;
		}
		if (f->card_id != 0) {
			text_fit(f->card.name, 60, name, sizeof name);
			snprintf(question, sizeof question, "Discard changes to %s?", name);
		} else {
			snprintf(question, sizeof question, "Discard this new card?");
		}
		view_confirm_open(app, question, (struct view_done){ .fn = form_cancel, .ctx = view });
		return VIEW_HANDLED;
	case ACTION_ADD:
		if (r->slot == SLOT_FIELD) {
			form_insert(f, f->cur + 1, SLOT_FIELD, r->kind, "", "");
			f->cur++;
			f->on_label = false;
		} else {
			app_message(app, "^N adds a value on an email, phone, address or web row");
		}
		return VIEW_HANDLED;
	case ACTION_DELETE:
		if (r->slot != SLOT_FIELD)
			return VIEW_HANDLED;
		if (r->value.len == 0 && r->label.len == 0) {
			form_remove_value(f);
			return VIEW_HANDLED;
		}
		/* A whole value goes: ask, so a stray ^K loses nothing. */
		text_fit(r->value.len > 0 ? r->value.buf : r->label.buf, 48, name, sizeof name);
		snprintf(question, sizeof question, "Remove the %s %s?", field_kind_name(r->kind), name);
		view_confirm_open(app, question, (struct view_done){ .fn = form_remove_confirmed, .ctx = view });
		return VIEW_HANDLED;
	default:
		break;
	}
	if (line_edit_key(f->on_label ? &r->label : &r->value, key) == LINE_EDIT_REFUSED)
		app_error(app, "That is as long as this field gets");
	return VIEW_HANDLED;
}

/* ^N and ^K work on email, phone, address and web rows only. */
static bool form_offers(struct view *view, struct app *app, enum action action)
{
	struct form *f = view->data;

	(void)app;
	if (action == ACTION_ADD || action == ACTION_DELETE)
		return f->rows[f->cur].slot == SLOT_FIELD;
	return true;
}

static void form_close(struct view *view, struct app *app)
{
	struct form *f = view->data;
	(void)app;
	while (f->n > 0)
		form_remove(f, f->n - 1);
	free(f->rows);
	card_done(&f->card);
	free(f->as_opened);
	free(f);
}

static const struct view_ops form_ops = {
	.name = "form",
	.keymap = &keymap_form,
	.text_entry = true,
	.draw = form_draw,
	.key = form_key,
	.cursor = form_cursor,
	.close = form_close,
	.offers = form_offers,
};

void view_form_open(struct app *app, int64_t card_id, struct view_done done)
{
	struct form *f = xcalloc(1, sizeof *f);
	char *cause = NULL;

	f->card_id = card_id;
	f->done = done;
	if (card_id == 0) {
		card_init(&f->card);
	} else {
		/* card_load initialises the card itself. */
		enum rdx_status st = card_load(app->db, card_id, &f->card, &cause);
		if (st != RDX_OK) {
			app_fail(app, "cannot load the card", st, cause);
			card_done(&f->card);
			free(f);
			return;
		}
	}
	form_build(f);
	f->as_opened = form_snapshot(f);
	app_push(app, &form_ops, f);
}
