/*
 * view_filter.c - the filter menu: a small overlay where one key picks a
 * filter (a tag, due cards, birthdays, the trash, or none).  It knows
 * nothing of the browser: the choice goes back through a callback.
 */
#include <stdlib.h>

#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/layout.h"
#include "tui/view_filter.h"

struct filter_menu {
	void (*on_choice)(struct app *app, void *ctx, enum filter_choice choice);
	void *ctx;
};

/* The keys, the choice each makes and the line that explains it. */
static const struct {
	int key;
	enum filter_choice choice;
	const char *text;
} filter_rows[] = {
	{ 't', FILTER_CHOICE_TAG, "cards with a tag…" },
	{ 'l', FILTER_CHOICE_TAG_LIST, "a tag from the list of tags…" },
	{ 'd', FILTER_CHOICE_DUE, "due cards" },
	{ 'b', FILTER_CHOICE_BIRTHDAY, "cards with a birthday" },
	{ 'x', FILTER_CHOICE_TRASH, "the trash" },
	{ 'a', FILTER_CHOICE_ALL, "all cards (clear filters)" },
};
#define FILTER_ROWS (sizeof filter_rows / sizeof filter_rows[0])

static void filter_menu_draw(struct view *view, struct app *app)
{
	(void)view;
	struct rect in = draw_dialog(app, (int)FILTER_ROWS + 4, 40, "Filter");
	for (size_t i = 0; i < FILTER_ROWS; i++) {
		char key[2] = { (char)filter_rows[i].key, '\0' };
		draw_text(app, in.y + 1 + (int)i, in.x, 3, ROLE_ACCENT, key);
		draw_text(app, in.y + 1 + (int)i, in.x + 4, in.w - 4, ROLE_NORMAL, filter_rows[i].text);
	}
}

static enum view_result filter_menu_key(struct view *view, struct app *app, int key)
{
	struct filter_menu *m = view->data;

	/* Any key closes the menu; the callback may push a prompt over it. */
	app_pop(app, view);
	for (size_t i = 0; i < FILTER_ROWS; i++) {
		if (filter_rows[i].key == key) {
			m->on_choice(app, m->ctx, filter_rows[i].choice);
			break;
		}
	}
	return VIEW_HANDLED;
}

static void filter_menu_close(struct view *view, struct app *app)
{
	(void)app;
	free(view->data);
}

static const struct view_ops filter_menu_ops = {
	.name = "filter",
	.overlay = true,
	.draw = filter_menu_draw,
	.key = filter_menu_key,
	.close = filter_menu_close,
};

void view_filter_open(struct app *app, void (*on_choice)(struct app *app, void *ctx, enum filter_choice choice),
		      void *ctx)
{
	struct filter_menu *m = xcalloc(1, sizeof *m);
	m->on_choice = on_choice;
	m->ctx = ctx;
	app_push(app, &filter_menu_ops, m);
}
