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

struct pager {
	char *title;
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

static void pager_draw(struct view *view, struct app *app)
{
	struct pager *p = view->data;
	struct layout lay;

	layout_compute(app->rows, app->cols, false, &lay);
	int w = app->cols - 2 > 100 ? 100 : app->cols - 2;
	struct rect box = { .y = 1, .x = (app->cols - w) / 2, .h = lay.status.y - 1, .w = w };
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

	switch (action) {
	case ACTION_SCROLL_DOWN:
		if (*pos < last)
			(*pos)++;
		break;
	case ACTION_SCROLL_UP:
		if (*pos > 0)
			(*pos)--;
		break;
	case ACTION_PAGE_DOWN:
		*pos = *pos + page > last ? last : *pos + page;
		break;
	case ACTION_PAGE_UP:
		*pos = *pos > page ? *pos - page : 0;
		break;
	case ACTION_FIRST:
		*pos = 0;
		break;
	case ACTION_LAST:
		*pos = last;
		break;
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

static void pager_close(struct view *view, struct app *app)
{
	struct pager *p = view->data;
	(void)app;
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->roles);
	free(p->ids);
	free(p->title);
	free(p);
}

static const struct view_ops pager_ops = {
	.name = "pager",
	.keymap = &keymap_pager,
	.draw = pager_draw,
	.action = pager_action,
	.close = pager_close,
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

static void help_add_map(struct pager *p, const struct keymap *map)
{
	char keys[128], line[512];

	pager_add(p, map->title, ROLE_ACCENT, 0);
	for (size_t i = 0; i < map->count; i++) {
		const struct keybinding *b = &map->bindings[i];
		keymap_keys_text(b, keys, sizeof keys);
		char padded[160];
		text_fit_pad(keys, 18, padded, sizeof padded);
		snprintf(line, sizeof line, "  %s %s", padded, b->help);
		pager_add(p, line, ROLE_NORMAL, 0);
	}
	pager_add(p, "", ROLE_NORMAL, 0);
}

void view_help_open(struct app *app)
{
	struct pager *p = pager_new("Keys · Esc or q closes");
	const struct keymap *mine = app->top->ops->keymap;
	char line[256];

	if (mine != NULL)
		help_add_map(p, mine);
	if (mine == &keymap_browser) {
		/* Channels of "mark contacted", from the model's own keys. */
		pager_add(p, "Mark contacted (c), then one key", ROLE_ACCENT, 0);
		for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
			snprintf(line, sizeof line, "  %-18c %s%s", channel_key((enum channel)ch), channel_name((enum channel)ch),
				 (enum channel)ch == app->config.default_channel ? " (also Enter)" : "");
			pager_add(p, line, ROLE_NORMAL, 0);
		}
		pager_add(p, "", ROLE_NORMAL, 0);
		help_add_map(p, &keymap_form);
		help_add_map(p, &keymap_note);
	}
	help_add_map(p, &keymap_pager);
	help_add_map(p, &keymap_generic);
	app_push(app, &pager_ops, p);
}

/* ---- birthdays -------------------------------------------------------- */

#define BIRTHDAY_DAYS 60

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
	for (size_t i = 0; i < s.n; i++) {
		char day[32], when[48], age[24] = "", line[512];
		char name[256];
		date_format_short(s.v[i].next, app->today, day, sizeof day);
		int in = s.v[i].next - app->today;
		if (in == 0)
			snprintf(when, sizeof when, "today");
		else if (in == 1)
			snprintf(when, sizeof when, "tomorrow");
		else
			snprintf(when, sizeof when, "in %d days", in);
		if (s.v[i].age > 0)
			snprintf(age, sizeof age, "turns %d", s.v[i].age);
		text_fit_pad(s.v[i].name, 30, name, sizeof name);
		snprintf(line, sizeof line, "%-8s %-12s %s  %s", day, when, name, age);
		pager_add(p, line, in <= 7 ? ROLE_DUE : ROLE_NORMAL, s.v[i].id);
		free(s.v[i].name);
	}
	free(s.v);
	app_push(app, &pager_ops, p);
}
