/*
 * view_timeline.c - a card's timeline: its notes, touches and creation in
 * one list, newest first by the day they happened, each entry wrapped to
 * the width.  Enter opens an entry in full; from the list or the open
 * entry, e edits it (the note editor for a note, the touch dialog for a
 * touch) and d deletes it after a question.  The browser also opens the
 * newest note directly (view_timeline_open_latest_note).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/dialog_touch.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view.h"
#include "tui/view_note.h"
#include "tui/view_prompt.h"
#include "tui/view_timeline.h"

enum entry_kind { ENTRY_NOTE, ENTRY_TOUCH, ENTRY_CREATED };

struct entry {
	enum entry_kind kind;
	int64_t id;                   /* the note's or the touch's; 0 for ENTRY_CREATED */
	int day;                      /* the day it happened (a touch's date) */
	char at[TIMESTAMP_TEXT_SIZE]; /* when it was written down: orders one day */
	enum channel channel;         /* ENTRY_TOUCH */
	enum touch_origin origin;     /* ENTRY_TOUCH: the user's, or found by rolodex scan */
	char *text;                   /* owned; "" when a touch has no note */
};

struct timeline {
	int64_t card_id;
	char *name;                   /* the card's, owned */
	struct entry *v;
	size_t n, cap;
	size_t sel;                   /* selected entry */
	size_t top;                   /* first entry shown */
	int page;                     /* entries shown at the last draw */
	bool open;                    /* the selected entry in full */
	bool close_with_entry;        /* opened on one entry: Esc closes the view */
	int scroll;                   /* open entry: first row shown */
	int max_scroll;
};

/* Columns of a list row: the date, the kind, then the text. */
#define DATE_COLS 11 /* "22 Nov 2025" */
#define KIND_COLS 7  /* "meeting" */
#define NARROW_TEXT_COLS 24

/* ---- entries ---------------------------------------------------------- */

static void entries_free(struct timeline *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

static struct entry *entry_add(struct timeline *t, enum entry_kind kind, int64_t id, const char *at, const char *text)
{
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	struct entry *e = &t->v[t->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->id = id;
	snprintf(e->at, sizeof e->at, "%s", at);
	e->text = xstrdup(text != NULL ? text : "");
	char date[DATE_TEXT_SIZE];
	snprintf(date, sizeof date, "%.10s", at);
	if (!date_parse(date, &e->day))
		e->day = 0;
	return e;
}

/* Newest first: by the day it happened, then by when it was written down;
 * the card's creation goes below what happened on its day. */
static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->day != y->day)
		return x->day > y->day ? -1 : 1;
	if ((x->kind == ENTRY_CREATED) != (y->kind == ENTRY_CREATED))
		return x->kind == ENTRY_CREATED ? 1 : -1;
	int c = strcmp(y->at, x->at);
	if (c != 0)
		return c;
	return x->id > y->id ? -1 : x->id < y->id ? 1 : 0;
}

/* (Re)reads the card's timeline; keeps the selection on the same entry
 * when it is still there. */
static enum rdx_status timeline_load(struct timeline *t, struct app *app, char **cause)
{
	struct note *notes = NULL;
	struct touch *touches = NULL;
	size_t nn = 0, nt = 0;
	struct card card;
	enum entry_kind kind = t->n > 0 ? t->v[t->sel].kind : ENTRY_NOTE;
	int64_t id = t->n > 0 ? t->v[t->sel].id : -1;

	card_init(&card);
	enum rdx_status st = card_load(app->db, t->card_id, &card, cause);
	if (st == RDX_OK)
		st = note_list(app->db, t->card_id, 0, &notes, &nn, cause);
	if (st == RDX_OK)
		st = touch_list(app->db, t->card_id, 0, &touches, &nt, cause);
	if (st != RDX_OK) {
		card_done(&card);
		note_list_free(notes, nn);
		return st;
	}
	free(t->name);
	t->name = xstrdup(card.name);
	entries_free(t);
	for (size_t i = 0; i < nn; i++)
		entry_add(t, ENTRY_NOTE, notes[i].id, notes[i].at, notes[i].text);
	for (size_t i = 0; i < nt; i++) {
		struct entry *e = entry_add(t, ENTRY_TOUCH, touches[i].id, touches[i].at, touches[i].note);
		e->day = touches[i].date;
		e->channel = touches[i].channel;
		e->origin = touches[i].origin;
	}
	if (card.created_at[0] != '\0')
		entry_add(t, ENTRY_CREATED, 0, card.created_at, "card created");
	qsort(t->v, t->n, sizeof *t->v, entry_cmp);
	card_done(&card);
	note_list_free(notes, nn);
	touch_list_free(touches, nt);

	size_t keep = t->sel < t->n ? t->sel : (t->n > 0 ? t->n - 1 : 0);
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].kind == kind && t->v[i].id == id)
			keep = i;
	}
	t->sel = keep;
	return RDX_OK;
}

static const char *entry_kind_text(const struct entry *e)
{
	switch (e->kind) {
	case ENTRY_NOTE:
		return "note";
	case ENTRY_TOUCH:
		return channel_name(e->channel);
	case ENTRY_CREATED:
		break;
	}
	return "";
}

static enum role entry_role(const struct entry *e)
{
	return e->kind == ENTRY_TOUCH ? ROLE_ACCENT : e->kind == ENTRY_CREATED ? ROLE_DIM : ROLE_NORMAL;
}

/* "the note of 5 Dec", "the coffee of 2 Aug 2025": for questions and
 * messages. */
static void entry_describe(const struct entry *e, int today, char *out, size_t size)
{
	char day[32];
	date_format_short(e->day, today, day, sizeof day);
	snprintf(out, size, "the %s of %s", entry_kind_text(e), day);
}

/* ---- drawing ---------------------------------------------------------- */

/* Draws text wrapped to width from row y, skipping the first `skip` rows,
 * at most `rows` rows; returns the rows drawn. */
static int draw_wrapped(struct app *app, int y, int x, int width, int skip, int rows, enum role role, const char *text)
{
	int drawn = 0;
	const char *p = text;
	for (int row = 0; *p != '\0' && drawn < rows; row++) {
		size_t gap;
		size_t n = layout_wrap(p, width, &gap);
		if (row >= skip) {
			char *piece = xstrndup(p, n);
			draw_text(app, y + drawn, x, width, role, piece);
			free(piece);
			drawn++;
		}
		p += n + gap;
	}
	return drawn;
}

struct columns {
	bool narrow;  /* the text goes under the date and kind */
	int text_x;   /* offset of the text from the inner left edge */
	int text_w;
};

static struct columns timeline_columns(int inner)
{
	struct columns c = { .text_x = DATE_COLS + 2 + KIND_COLS + 2 };
	c.text_w = inner - c.text_x;
	if (c.text_w < NARROW_TEXT_COLS) {
		c.narrow = true;
		c.text_x = 2;
		c.text_w = inner - 2;
	}
	return c;
}

/* What a list row shows after the kind: a found touch says where it was
 * found before its note ("from mail · Re: lunch?").  Caller frees. */
static char *entry_list_text(const struct entry *e)
{
	if (e->kind == ENTRY_TOUCH && e->origin != TOUCH_ORIGIN_USER)
		return xasprintf("%s%s%s", touch_origin_phrase(e->origin), e->text[0] ? " · " : "", e->text);
	return xstrdup(e->text);
}

static int entry_rows(const struct entry *e, const struct columns *c)
{
	char *shown = entry_list_text(e);
	int text = shown[0] != '\0' ? layout_wrap_rows(shown, c->text_w) : 0;
	free(shown);
	if (c->narrow)
		return 1 + text;
	return text > 0 ? text : 1;
}

static struct rect timeline_box(struct app *app)
{
	struct layout lay;
	layout_compute(app->rows, app->cols, false, &lay);
	int w = app->cols - 2 > 100 ? 100 : app->cols - 2;
	return (struct rect){ .y = 1, .x = (app->cols - w) / 2, .h = lay.status.y - 1, .w = w };
}

static void draw_entry(struct app *app, const struct entry *e, const struct columns *c, int y, int x, int inner,
		       int skip, int rows, bool selected)
{
	char day[32];
	enum role role = selected ? ROLE_SELECTED : entry_role(e);
	enum role dim = selected ? ROLE_SELECTED : ROLE_DIM;
	int total = entry_rows(e, c);

	if (selected) {
		int h = total - skip < rows ? total - skip : rows;
		struct rect band = { .y = y, .x = x - 1, .h = h, .w = inner + 2 };
		draw_fill(app, &band, ROLE_SELECTED);
	}
	date_format_short(e->day, app->today, day, sizeof day);
	if (skip == 0) {
		draw_text(app, y, x, DATE_COLS, dim, day);
		draw_text(app, y, x + DATE_COLS + 2, KIND_COLS, role, entry_kind_text(e));
	}
	char *text = entry_list_text(e);
	if (c->narrow) {
		int head = skip == 0 ? 1 : 0;
		draw_wrapped(app, y + head, x + c->text_x, c->text_w, skip > 0 ? skip - 1 : 0, rows - head,
			     e->kind == ENTRY_CREATED ? dim : (selected ? role : ROLE_NORMAL), text);
	} else {
		draw_wrapped(app, y, x + c->text_x, c->text_w, skip, rows,
			     e->kind == ENTRY_CREATED ? dim : (selected ? role : ROLE_NORMAL), text);
	}
	free(text);
}

static void draw_list(struct timeline *t, struct app *app, const struct rect *box)
{
	int inner = box->w - 4;
	int x = box->x + 2;
	int rows = box->h - 2;
	struct columns c = timeline_columns(inner);

	if (t->n == 0) {
		draw_text(app, box->y + 1, x, inner, ROLE_DIM, "(nothing here yet)");
		return;
	}
	/* The selected entry shows from its first row: scroll whole entries. */
	if (t->sel < t->top)
		t->top = t->sel;
	for (;;) {
		int used = 0;
		for (size_t i = t->top; i <= t->sel; i++)
			used += entry_rows(&t->v[i], &c);
		if (used <= rows || t->top == t->sel)
			break;
		t->top++;
	}
	/* Near the end, fill the box from the bottom rather than leave it
	 * half empty. */
	while (t->top > 0) {
		int used = 0;
		for (size_t i = t->top - 1; i < t->n; i++)
			used += entry_rows(&t->v[i], &c);
		if (used > rows)
			break;
		t->top--;
	}
	int y = box->y + 1;
	int shown = 0;
	size_t i = t->top;
	for (; i < t->n && y < box->y + 1 + rows; i++) {
		int left = box->y + 1 + rows - y;
		int need = entry_rows(&t->v[i], &c);
		draw_entry(app, &t->v[i], &c, y, x, inner, 0, left, i == t->sel);
		y += need < left ? need : left;
		shown++;
	}
	t->page = shown > 1 ? shown - 1 : 1;
	if (t->top > 0)
		draw_text(app, box->y, box->x + box->w - 5, 3, ROLE_ACCENT, "↑");
	if (i < t->n)
		draw_text(app, box->y + box->h - 1, box->x + box->w - 5, 3, ROLE_ACCENT, "↓");
}

static void draw_open(struct timeline *t, struct app *app, const struct rect *box)
{
	const struct entry *e = &t->v[t->sel];
	int inner = box->w - 4;
	int x = box->x + 2;
	int rows = box->h - 4; /* a header row and a blank row */
	char day[32], head[160];

	date_format_short(e->day, app->today, day, sizeof day);
	if (e->kind == ENTRY_TOUCH && e->origin != TOUCH_ORIGIN_USER)
		snprintf(head, sizeof head, "%s · %s · %s", channel_name(e->channel), touch_origin_phrase(e->origin), day);
	else if (e->kind == ENTRY_TOUCH)
		snprintf(head, sizeof head, "%s · %s", channel_name(e->channel), day);
	else
		snprintf(head, sizeof head, "%s · %s", e->kind == ENTRY_NOTE ? "Note" : "Card created", day);
	draw_text(app, box->y + 1, x, inner, entry_role(e) == ROLE_NORMAL ? ROLE_LABEL : entry_role(e), head);
	if (rows < 1)
		return;
	int total = e->text[0] != '\0' ? layout_wrap_rows(e->text, inner) : 0;
	t->max_scroll = total > rows ? total - rows : 0;
	if (t->scroll > t->max_scroll)
		t->scroll = t->max_scroll;
	if (e->text[0] == '\0')
		draw_text(app, box->y + 3, x, inner, ROLE_DIM, "(no note)");
	else
		draw_wrapped(app, box->y + 3, x, inner, t->scroll, rows, ROLE_NORMAL, e->text);
	if (t->scroll > 0)
		draw_text(app, box->y, box->x + box->w - 5, 3, ROLE_ACCENT, "↑");
	if (t->scroll < t->max_scroll)
		draw_text(app, box->y + box->h - 1, box->x + box->w - 5, 3, ROLE_ACCENT, "↓");
}

static void timeline_draw(struct view *view, struct app *app)
{
	struct timeline *t = view->data;
	struct rect box = timeline_box(app);
	char title[256];

	if (box.h < 3 || box.w < 8)
		return;
	draw_fill(app, &box, ROLE_NORMAL);
	draw_box(app, &box, ROLE_BORDER);
	snprintf(title, sizeof title, " Timeline · %s ", t->name);
	draw_text(app, box.y, box.x + 2, box.w - 8, ROLE_NAME, title);
	if (t->open && t->sel < t->n)
		draw_open(t, app, &box);
	else
		draw_list(t, app, &box);
}

/* ---- changes ---------------------------------------------------------- */

static void timeline_reload(struct view *view, struct app *app)
{
	struct timeline *t = view->data;
	char *cause = NULL;
	enum rdx_status st = timeline_load(t, app, &cause);
	if (st == RDX_NOT_FOUND) {
		/* The card itself went (merged, purged by another rolodex). */
		free(cause);
		app_pop(app, view);
		return;
	}
	if (st != RDX_OK)
		app_fail(app, "cannot read the timeline", st, cause);
	if (t->n == 0)
		t->open = false;
}

static void on_delete(struct app *app, void *ctx, enum view_outcome outcome, int64_t unused)
{
	struct view *view = ctx;
	struct timeline *t = view->data;
	char what[96];
	char *cause = NULL;
	enum rdx_status st;

	(void)unused;
	if (outcome != VIEW_SAVED || t->sel >= t->n)
		return;
	const struct entry *e = &t->v[t->sel];
	entry_describe(e, app->today, what, sizeof what);
	if (e->kind == ENTRY_NOTE)
		st = note_delete(app->db, e->id, &cause);
	else
		st = touch_delete(app->db, e->id, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not delete", st, cause);
		return;
	}
	app_message(app, "Deleted %s", what);
	t->open = false;
	if (t->close_with_entry)
		app_pop(app, view);
	app_changed(app);
}

static void on_edited(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	(void)app;
	(void)ctx;
	(void)outcome;
	(void)card_id;
	/* app_changed (from the editor) reloads the timeline. */
}

static void entry_edit(struct timeline *t, struct app *app)
{
	const struct entry *e = &t->v[t->sel];

	if (e->kind == ENTRY_NOTE)
		view_note_edit_open(app, t->card_id, e->id, e->text, (struct view_done){ .fn = on_edited });
	else if (e->kind == ENTRY_TOUCH)
		dialog_touch_open(app, t->card_id, e->id, e->day, e->channel, e->text,
				  (struct view_done){ .fn = on_edited });
	else
		app_message(app, "The card's creation cannot be edited");
}

static void entry_delete(struct view *view, struct timeline *t, struct app *app)
{
	const struct entry *e = &t->v[t->sel];
	char what[96], question[160];

	if (e->kind == ENTRY_CREATED) {
		app_message(app, "The card's creation cannot be deleted (d in the browser trashes the card)");
		return;
	}
	entry_describe(e, app->today, what, sizeof what);
	snprintf(question, sizeof question, "Delete %s on %s?", what, t->name);
	view_confirm_open(app, question, (struct view_done){ .fn = on_delete, .ctx = view });
}

/* ---- keys ------------------------------------------------------------- */

static enum view_result open_action(struct view *view, struct timeline *t, struct app *app, enum action action)
{
	switch (action) {
	case ACTION_SCROLL_DOWN:
		if (t->scroll < t->max_scroll)
			t->scroll++;
		return VIEW_HANDLED;
	case ACTION_SCROLL_UP:
		if (t->scroll > 0)
			t->scroll--;
		return VIEW_HANDLED;
	case ACTION_PAGE_DOWN:
		t->scroll += 10;
		return VIEW_HANDLED;
	case ACTION_PAGE_UP:
		t->scroll = t->scroll > 10 ? t->scroll - 10 : 0;
		return VIEW_HANDLED;
	case ACTION_FIRST:
		t->scroll = 0;
		return VIEW_HANDLED;
	case ACTION_LAST:
		t->scroll = t->max_scroll;
		return VIEW_HANDLED;
	case ACTION_CANCEL:
	case ACTION_QUIT:
		if (t->close_with_entry)
			app_pop(app, view);
		t->open = false;
		return VIEW_HANDLED;
	default:
		return VIEW_UNHANDLED;
	}
}

static enum view_result timeline_action(struct view *view, struct app *app, enum action action)
{
	struct timeline *t = view->data;
	size_t last = t->n > 0 ? t->n - 1 : 0;

	if (t->n > 0 && (action == ACTION_EDIT || action == ACTION_DELETE)) {
		if (action == ACTION_EDIT)
			entry_edit(t, app);
		else
			entry_delete(view, t, app);
		return VIEW_HANDLED;
	}
	if (t->open && t->sel < t->n) {
		enum view_result r = open_action(view, t, app, action);
		if (r == VIEW_HANDLED || action == ACTION_SELECT)
			return VIEW_HANDLED;
	}
	if (layout_move(action, &t->sel, last, (size_t)t->page)) {
		if (action == ACTION_PAGE_DOWN)
			t->top = t->sel;
		return VIEW_HANDLED;
	}
	switch (action) {
	case ACTION_SELECT:
		if (t->n > 0) {
			t->open = true;
			t->scroll = 0;
		}
		break;
	case ACTION_CANCEL:
		app_pop(app, view);
		break;
	default:
		return VIEW_UNHANDLED;
	}
	return VIEW_HANDLED;
}

static void timeline_close(struct view *view, struct app *app)
{
	struct timeline *t = view->data;
	(void)app;
	entries_free(t);
	free(t->name);
	free(t);
}

static const struct view_ops timeline_ops = {
	.name = "timeline",
	.keymap = &keymap_timeline,
	.draw = timeline_draw,
	.action = timeline_action,
	.reload = timeline_reload,
	.close = timeline_close,
};

static struct timeline *timeline_new(struct app *app, int64_t card_id)
{
	struct timeline *t = xcalloc(1, sizeof *t);
	char *cause = NULL;

	t->card_id = card_id;
	enum rdx_status st = timeline_load(t, app, &cause);
	if (st != RDX_OK) {
		app_fail(app, "cannot read the timeline", st, cause);
		entries_free(t);
		free(t->name);
		free(t);
		return NULL;
	}
	return t;
}

void view_timeline_open(struct app *app, int64_t card_id)
{
	struct timeline *t = timeline_new(app, card_id);
	if (t != NULL)
		app_push(app, &timeline_ops, t);
}

void view_timeline_open_latest_note(struct app *app, int64_t card_id)
{
	struct timeline *t = timeline_new(app, card_id);
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].kind == ENTRY_NOTE) {
			t->sel = i;
			t->open = true;
			t->close_with_entry = true;
			app_push(app, &timeline_ops, t);
			return;
		}
	}
	app_message(app, "No notes on %s yet: n writes one", t->name);
	timeline_close(&(struct view){ .data = t }, app);
}
