/*
 * view_filter.h - the filter menu (view_filter.c): one key picks which
 * cards the browser shows.  The menu only reports the choice; the browser
 * applies it.  Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_FILTER_H
#define ROLODEX_TUI_VIEW_FILTER_H

#include "tui/view.h"

enum filter_choice {
	FILTER_CHOICE_TAG,      /* cards with a tag (the browser asks which) */
	FILTER_CHOICE_TAG_LIST, /* a tag picked on the tags screen */
	FILTER_CHOICE_DUE,      /* toggles: due cards */
	FILTER_CHOICE_BIRTHDAY, /* toggles: cards with a birthday */
	FILTER_CHOICE_TRASH,    /* toggles: the trash */
	FILTER_CHOICE_ALL,      /* clears every filter */
};

/* Opens the menu over the stack; on_choice hears the key picked (a key
 * that picks nothing just closes the menu). */
void view_filter_open(struct app *app, void (*on_choice)(struct app *app, void *ctx, enum filter_choice choice),
		      void *ctx);

#endif
