/*
 * view_pager.c - read-only lists in a box: the `?` help (generated from the
 * keymap tables that dispatch uses), the coming birthdays, and any list of lines (addresses).
 * Lists whose lines stand for cards let Enter open that card.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/browse.h"
#include "rolodex/date.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view.h"
#include "tui/view_browser.h"
#include "tui/view_pager.h"

/* A row of the help before it is laid out: a heading (keys NULL), a key
 * and what it does, or a blank. */
struct help_entry {
	char *keys;
	char *text;
	enum role role;
};

struct pager {
	char *title;
	/* The help: its entries, laid out into lines for the width they were
	 * last drawn at (help_layout). */
	struct help_entry *entries;
	size_t nentries, capentries;
	int laid_out_width;
	char **lines;
	enum role *roles;
	int64_t *ids;     /* per line, 0 for none; NULL when no line is a card */
	size_t n, cap;
	size_t top;
	size_t sel;       /* selected line (lists of cards) */
	int height;       /* rows shown at the last draw */
};

static void pager_add(struct pager *p, const char *line, enum role role, int64_t id)
{
	size_t cap = p->cap;
	p->lines = xgrow(p->lines, &cap, p->n + 1, sizeof *p->lines);
	size_t cap2 = p->cap;
	p->roles = xgrow(p->roles, &cap2, p->n + 1, sizeof *p->roles);
	size_t cap3 = p->cap;
	p->ids = xgrow(p->ids, &cap3, p->n + 1, sizeof *p->ids);
	p->cap = cap;
	p->lines[p->n] = xstrdup(line);
	p->roles[p->n] = role;
	p->ids[p->n] = id;
	p->n++;
}

static bool pager_has_ids(const struct pager *p)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->ids[i] != 0)
			return true;
	}
	return false;
}

static void help_layout(struct pager *p, int width);

static void pager_draw(struct view *view, struct app *app)
{
	struct pager *p = view->data;
	struct layout lay;

	layout_compute(app->rows, app->cols, false, &lay);
	int w = app->cols - 2 > 100 ? 100 : app->cols - 2;
	struct rect box = { .y = 1, .x = (app->cols - w) / 2, .h = lay.status.y - 1, .w = w };
	if (p->entries != NULL && p->laid_out_width != box.w - 4)
		help_layout(p, box.w - 4);
	draw_fill(app, &box, ROLE_NORMAL);
	draw_box(app, &box, ROLE_BORDER);
	char t[256];
	snprintf(t, sizeof t, " %s ", p->title);
	draw_text(app, box.y, box.x + 2, box.w - 4, ROLE_NAME, t);
	int rows = box.h - 2;
	p->height = rows < 1 ? 1 : rows;
	bool cards = pager_has_ids(p);
	if (cards) {
		if (p->sel < p->top)
			p->top = p->sel;
		if (p->sel >= p->top + (size_t)p->height)
			p->top = p->sel - (size_t)p->height + 1;
	}
	if (p->n > (size_t)p->height && p->top > p->n - (size_t)p->height)
		p->top = p->n - (size_t)p->height;
	for (int i = 0; i < rows && p->top + (size_t)i < p->n; i++) {
		size_t idx = p->top + (size_t)i;
		enum role role = p->roles[idx];
		if (cards && idx == p->sel)
			role = ROLE_SELECTED;
		if (role == ROLE_SELECTED) {
			struct rect line = { .y = box.y + 1 + i, .x = box.x + 1, .h = 1, .w = box.w - 2 };
			draw_fill(app, &line, role);
		}
		draw_text(app, box.y + 1 + i, box.x + 2, box.w - 4, role, p->lines[idx]);
	}
	if (p->n == 0)
		draw_text(app, box.y + 1, box.x + 2, box.w - 4, ROLE_DIM, "(nothing here)");
	if (p->top > 0)
		draw_text(app, box.y, box.x + box.w - 5, 3, ROLE_ACCENT, "↑");
	if (p->top + (size_t)rows < p->n)
		draw_text(app, box.y + box.h - 1, box.x + box.w - 5, 3, ROLE_ACCENT, "↓");
}

static enum view_result pager_action(struct view *view, struct app *app, enum action action)
{
	struct pager *p = view->data;
	bool cards = pager_has_ids(p);
	size_t page = (size_t)(p->height > 1 ? p->height - 1 : 1);
	size_t *pos = cards ? &p->sel : &p->top;
	size_t last = cards ? (p->n > 0 ? p->n - 1 : 0) : (p->n > (size_t)p->height ? p->n - (size_t)p->height : 0);

	if (layout_move(action, pos, last, page))
		return VIEW_HANDLED;
	switch (action) {
	case ACTION_SELECT:
		if (cards && p->sel < p->n && p->ids[p->sel] != 0) {
			int64_t id = p->ids[p->sel];
			app_pop(app, view);
			view_browser_show(app, id);
		}
		break;
	default:
		return VIEW_UNHANDLED;
	}
	return VIEW_HANDLED;
}

/* Moving is offered when there is somewhere to go: another card to
 * select, or more lines than the box shows; Enter on a list of cards. */
static bool pager_offers(struct view *view, struct app *app, enum action action)
{
	struct pager *p = view->data;

	(void)app;
	if (layout_is_move(action))
		return pager_has_ids(p) ? p->n > 1 : p->n > (size_t)p->height;
	switch (action) {
	case ACTION_SELECT:
		return pager_has_ids(p);
	default:
		return true;
	}
}

static void pager_close(struct view *view, struct app *app)
{
	struct pager *p = view->data;
	(void)app;
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->roles);
	free(p->ids);
	for (size_t i = 0; i < p->nentries; i++) {
		free(p->entries[i].keys);
		free(p->entries[i].text);
	}
	free(p->entries);
	free(p->title);
	free(p);
}

static const struct view_ops pager_ops = {
	.name = "pager",
	.keymap = &keymap_pager,
	.draw = pager_draw,
	.action = pager_action,
	.close = pager_close,
	.offers = pager_offers,
};

static struct pager *pager_new(const char *title)
{
	struct pager *p = xcalloc(1, sizeof *p);
	p->title = xstrdup(title);
	return p;
}

void view_text_open(struct app *app, const char *title, char **lines, size_t count)
{
	struct pager *p = pager_new(title);
	for (size_t i = 0; i < count; i++)
		pager_add(p, lines[i], ROLE_NORMAL, 0);
	app_push(app, &pager_ops, p);
}

/* ---- help ------------------------------------------------------------- */

static void help_add(struct pager *p, const char *keys, const char *text, enum role role)
{
	p->entries = xgrow(p->entries, &p->capentries, p->nentries + 1, sizeof *p->entries);
	p->entries[p->nentries++] = (struct help_entry){
		.keys = keys != NULL ? xstrdup(keys) : NULL,
		.text = xstrdup(text),
		.role = role,
	};
}

static void help_add_map(struct pager *p, const struct keymap *map)
{
	char keys[128];

	help_add(p, NULL, map->title, ROLE_ACCENT);
	for (size_t i = 0; i < map->count; i++) {
		const struct keybinding *b = &map->bindings[i];
		keymap_keys_text(b, keys, sizeof keys);
		help_add(p, keys, b->help, ROLE_NORMAL);
	}
	help_add(p, NULL, "", ROLE_NORMAL);
}

/* Lines of the help for `width` columns: the key column as wide as the
 * widest keys (at most a third of the line), each description wrapped
 * beside it between words. */
static void help_layout(struct pager *p, int width)
{
	int keyw = 1;

	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	p->n = 0;
	p->laid_out_width = width;
	for (size_t i = 0; i < p->nentries; i++) {
		int w = p->entries[i].keys != NULL ? text_width(p->entries[i].keys) : 0;
		keyw = w > keyw ? w : keyw;
	}
	if (keyw > (width - 2) / 3)
		keyw = (width - 2) / 3;
	int textw = width - 2 - keyw - 2;
	if (textw < 8)
		textw = 8;
	for (size_t i = 0; i < p->nentries; i++) {
		const struct help_entry *e = &p->entries[i];
		if (e->keys == NULL) {
			pager_add(p, e->text, e->role, 0);
			continue;
		}
		char keys[256];
		const char *t = e->text;
		bool first = true;
		if (text_width(e->keys) > keyw) {
			/* Keys wider than the column (a narrow screen) take a
			 * line of their own, whole; the description goes under
			 * them. */
			char *line = xasprintf("  %s", e->keys);
			pager_add(p, line, e->role, 0);
			free(line);
			first = false;
		}
		text_fit_pad(e->keys, keyw, keys, sizeof keys);
		do {
			size_t skip;
			size_t n = layout_wrap(t, textw, &skip);
			char *piece = xstrndup(t, n);
			char *line = first ? xasprintf("  %s  %s", keys, piece) : xasprintf("  %*s  %s", keyw, "", piece);
			pager_add(p, line, e->role, 0);
			free(line);
			free(piece);
			t += n + skip;
			first = false;
		} while (*t != '\0');
	}
}

void view_help_open(struct app *app)
{
	struct pager *p = pager_new("Keys · Esc or q closes");
	const struct keymap *mine = view_keymap(app->top);
	char keys[16], text[64];

	if (mine != NULL)
		help_add_map(p, mine);
	if (mine == &keymap_browser) {
		/* Channels of "mark contacted", from the model's own keys. */
		help_add(p, NULL, "Mark contacted (c), then one key", ROLE_ACCENT);
		for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
			snprintf(keys, sizeof keys, "%c", channel_key((enum channel)ch));
			snprintf(text, sizeof text, "%s%s", channel_name((enum channel)ch),
				 (enum channel)ch == app->config.default_channel ? " (also Enter)" : "");
			help_add(p, keys, text, ROLE_NORMAL);
		}
		help_add(p, NULL, "", ROLE_NORMAL);
		help_add_map(p, &keymap_contacted);
		help_add_map(p, &keymap_filter);
		help_add_map(p, &keymap_form);
		help_add_map(p, &keymap_note);
		help_add_map(p, &keymap_line_edit);
		help_add_map(p, &keymap_prompt);
	}
	help_add_map(p, &keymap_pager);
	help_add_map(p, &keymap_generic);
	app_push(app, &pager_ops, p);
}

/* ---- birthdays -------------------------------------------------------- */

#define BIRTHDAY_DAYS 60
#define BIRTHDAY_NAME_MAX 30 /* columns of the name at most */

struct birthday_entry {
	int64_t id;
	int next;
	int age;
	char *name;
	struct birthday b;
};

struct birthday_scan {
	struct app *app;
	struct birthday_entry *v;
	size_t n, cap;
};

static int birthday_row(void *ctx, const struct card_row *row)
{
	struct birthday_scan *s = ctx;
	struct card card;
	char *cause = NULL;

	card_init(&card);
	if (card_load(s->app->db, row->id, &card, &cause) == RDX_OK && card.birthday.month != 0) {
		int next = birthday_next(&card.birthday, s->app->today);
		if (next - s->app->today <= BIRTHDAY_DAYS) {
			s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
			s->v[s->n++] = (struct birthday_entry){
				.id = row->id,
				.next = next,
				.age = birthday_next_age(&card.birthday, s->app->today),
				.name = xstrdup(card.name),
				.b = card.birthday,
			};
		}
	}
	free(cause);
	card_done(&card);
	return 0;
}

static int birthday_cmp(const void *a, const void *b)
{
	const struct birthday_entry *x = a, *y = b;
	if (x->next != y->next)
		return x->next < y->next ? -1 : 1;
	return strcmp(x->name, y->name);
}

void view_birthdays_open(struct app *app)
{
	struct birthday_scan s = { .app = app };
	struct card_filter filter = { .has_birthday = true, .today = app->today };
	char *cause = NULL;

	enum rdx_status st = card_foreach(app->db, &filter, birthday_row, &s, &cause);
	if (st != RDX_OK) {
		app_fail(app, "cannot read birthdays", st, cause);
		for (size_t i = 0; i < s.n; i++)
			free(s.v[i].name);
		free(s.v);
		return;
	}
	qsort(s.v, s.n, sizeof *s.v, birthday_cmp);
	struct pager *p = pager_new("Birthdays · the next 60 days · Enter opens the card");
	/* Columns as wide as their widest entry: a date next year ("6 Jan
	 * 2027") widens the date column for every row. */
	char (*day)[32] = xcalloc(s.n > 0 ? s.n : 1, sizeof *day);
	char (*when)[32] = xcalloc(s.n > 0 ? s.n : 1, sizeof *when);
	int dayw = 0, whenw = 0, namew = 0;
	for (size_t i = 0; i < s.n; i++) {
		date_format_short(s.v[i].next, app->today, day[i], sizeof day[i]);
		int in = s.v[i].next - app->today;
		if (in == 0)
			snprintf(when[i], sizeof when[i], "today");
		else if (in == 1)
			snprintf(when[i], sizeof when[i], "tomorrow");
		else
			snprintf(when[i], sizeof when[i], "in %d days", in);
		int dw = text_width(day[i]), ww = text_width(when[i]), nw = text_width(s.v[i].name);
		dayw = dw > dayw ? dw : dayw;
		whenw = ww > whenw ? ww : whenw;
		namew = nw > namew ? nw : namew;
	}
	if (namew > BIRTHDAY_NAME_MAX)
		namew = BIRTHDAY_NAME_MAX;
	for (size_t i = 0; i < s.n; i++) {
		char dcol[64], wcol[64], name[256], line[512];
		int in = s.v[i].next - app->today;
		text_fit_pad(day[i], dayw, dcol, sizeof dcol);
		text_fit_pad(when[i], whenw, wcol, sizeof wcol);
		text_fit_pad(s.v[i].name, namew, name, sizeof name);
		if (s.v[i].age > 0)
			snprintf(line, sizeof line, "%s  %s  %s  turns %d", dcol, wcol, name, s.v[i].age);
		else
			snprintf(line, sizeof line, "%s  %s  %s", dcol, wcol, name);
		pager_add(p, line, in <= 7 ? ROLE_DUE : ROLE_NORMAL, s.v[i].id);
		free(s.v[i].name);
	}
	free(day);
	free(when);
	free(s.v);
	app_push(app, &pager_ops, p);
}
