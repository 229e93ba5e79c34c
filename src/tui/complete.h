/*
 * complete.h - Tab completion of tag names in a line being edited
 * (complete.c): the `tag:` words of the search line and the filter's tag
 * prompt.  As a shell completes: the first Tab extends what is typed to
 * the longest prefix the matching names share (a unique match whole); when
 * several names match, each further Tab puts the next of them in its
 * place.  Matching ignores case and accents, as search does (text_fold).
 * No curses calls and no database: the caller passes the names, so unit
 * tests drive it.  Private to src/tui.
 */
#ifndef ROLODEX_TUI_COMPLETE_H
#define ROLODEX_TUI_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/lineedit.h"

/* What is completed: a search line's words that start with "tag:", or
 * the whole line as one tag name (the filter's tag prompt). */
enum completion_scope { COMPLETE_SEARCH_TAGS, COMPLETE_TAG };

enum completion_result {
	COMPLETION_NOT_HERE,  /* the cursor is not at a tag: word: nothing done */
	COMPLETION_NO_MATCH,  /* no name starts with what is typed */
	COMPLETION_UNIQUE,    /* the one matching name, whole */
	COMPLETION_SEVERAL,   /* several: extended to the prefix they share */
	COMPLETION_NEXT,      /* a further Tab: the next of them */
};

struct completion {
	enum completion_scope scope;
	char **names;   /* the candidates, owned */
	size_t nnames;
	/* The names matching the last first Tab (indexes into names), and
	 * while Tabs follow one another, where the name being cycled starts
	 * and which comes next. */
	size_t *hits;
	size_t nhits;
	bool cycling;
	size_t start;
	size_t next;
};

/* Copies the candidate names (tags as the model lists them). */
void completion_init(struct completion *c, enum completion_scope scope, const char *const *names, size_t count);
void completion_done(struct completion *c);
/* A key other than Tab: the next Tab starts again from what is typed. */
void completion_reset(struct completion *c);
/* Tab in e: completes the word before the cursor (see above). */
enum completion_result completion_tab(struct completion *c, struct line_edit *e);
/* The names matching the last first Tab, in the candidates' order, and
 * the one the last COMPLETION_NEXT put in (its index among them). */
const char *completion_hit(const struct completion *c, size_t i);
size_t completion_current(const struct completion *c);

#endif
