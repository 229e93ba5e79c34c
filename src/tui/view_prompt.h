/*
 * view_prompt.h - a one-line prompt at the bottom of the screen and a
 * yes/no question (view_prompt.c).  Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_PROMPT_H
#define ROLODEX_TUI_VIEW_PROMPT_H

#include "tui/view.h"

/* A one-line prompt at the bottom: calls on_change after each key (search
 * as you type; the text may be unchanged) when set, on_done with the text
 * on Enter (VIEW_SAVED) or NULL on Esc (VIEW_CANCELLED).  Text passed to
 * callbacks is borrowed. */
enum prompt_completion {
	PROMPT_COMPLETE_NONE,
	PROMPT_COMPLETE_SEARCH_TAGS, /* Tab completes tag names after "tag:" */
	PROMPT_COMPLETE_TAG,         /* Tab completes the line as a tag name */
};
struct prompt_callbacks {
	void (*on_change)(struct app *app, void *ctx, const char *text);
	void (*on_done)(struct app *app, void *ctx, enum view_outcome outcome, const char *text);
	void *ctx;
	enum prompt_completion complete; /* tag names from the model, read at the first Tab */
};
void view_prompt_open(struct app *app, const char *label, const char *initial, struct prompt_callbacks cb);

/* A yes/no question; on_done gets VIEW_SAVED for yes. */
void view_confirm_open(struct app *app, const char *question, struct view_done done);

#endif
