/*
 * view_filter.c - the filter menu: a small overlay where one key picks a
 * filter (a tag, due cards, birthdays, the trash, or none), drawn from and
 * dispatched through keymap_filter.  It knows nothing of the browser: the
 * choice goes back through a callback.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view_filter.h"

struct filter_menu {
	void (*on_choice)(struct app *app, void *ctx, enum filter_choice choice);
	void *ctx;
};

static void filter_menu_draw(struct view *view, struct app *app)
{
	(void)view;
	struct rect in = draw_dialog(app, (int)keymap_filter.count + 4, 40, "Filter");
	for (size_t i = 0; i < keymap_filter.count; i++) {
		const struct keybinding *b = &keymap_filter.bindings[i];
		char key[32];
		key_label(b->keys[0], key, sizeof key);
		draw_text(app, in.y + 1 + (int)i, in.x, 3, ROLE_ACCENT, key);
		draw_text(app, in.y + 1 + (int)i, in.x + 4, in.w - 4, ROLE_NORMAL, b->help);
	}
}

/* The choice an action of keymap_filter makes; false for any other. */
static bool filter_menu_choice(enum action action, enum filter_choice *choice)
{
	switch (action) {
	case ACTION_FILTER_TAG:
		*choice = FILTER_CHOICE_TAG;
		return true;
	case ACTION_TAGS:
		*choice = FILTER_CHOICE_TAG_LIST;
		return true;
	case ACTION_FILTER_DUE:
		*choice = FILTER_CHOICE_DUE;
		return true;
	case ACTION_FILTER_BIRTHDAY:
		*choice = FILTER_CHOICE_BIRTHDAY;
		return true;
	case ACTION_FILTER_TRASH:
		*choice = FILTER_CHOICE_TRASH;
		return true;
	case ACTION_FILTER_ALL:
		*choice = FILTER_CHOICE_ALL;
		return true;
	default:
		return false;
	}
}

static enum view_result filter_menu_key(struct view *view, struct app *app, int key)
{
	struct filter_menu *m = view->data;
	enum filter_choice choice;

	/* Any key closes the menu; the callback may push a prompt over it. */
	app_pop(app, view);
	if (filter_menu_choice(keymap_lookup(&keymap_filter, key), &choice))
		m->on_choice(app, m->ctx, choice);
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
