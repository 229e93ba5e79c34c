/*
 * view_review.h - the monthly review, card by card (view_review.c).
 * Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_REVIEW_H
#define ROLODEX_TUI_VIEW_REVIEW_H

#include "tui/view.h"

/* Starts or resumes the review app->options asks for. */
void view_review_open(struct app *app);

#endif
