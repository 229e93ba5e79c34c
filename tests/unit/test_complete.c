/*
 * test_complete.c - unit tests for Tab completion of tag names
 * (src/tui/complete.c): the longest shared prefix, a unique name whole,
 * each name in turn on further Tabs, case and accents ignored, only after
 * "tag:" in the search line, and Tab bound in the line editor's table.
 */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/complete.h"
#include "tui/keymap.h"
#include "tui/lineedit.h"

/* As tag_list gives them: folded, in name order. */
static const char *const tags[] = { "acme-alumni", "acme-board", "cafe-team", "client", "close", "mentor" };
#define NTAGS (sizeof tags / sizeof tags[0])

/* A line with the cursor where "|" is. */
static void edit_at(struct line_edit *e, const char *text)
{
	const char *bar = strchr(text, '|');
	line_edit_init(e, NULL, 200);
	if (bar == NULL) {
		line_edit_set(e, text);
		return;
	}
	char before[128];
	snprintf(before, sizeof before, "%.*s", (int)(bar - text), text);
	line_edit_set(e, before);
	line_edit_insert(e, bar + 1);
	e->cursor = strlen(before);
}

static void assert_line(const struct line_edit *e, const char *want)
{
	const char *bar = strchr(want, '|');
	char got[256];
	snprintf(got, sizeof got, "%.*s|%s", (int)e->cursor, e->buf, e->buf + e->cursor);
	if (bar == NULL)
		snprintf(got, sizeof got, "%s", e->buf);
	assert_string_equal(got, want);
}

static void test_search_unique(void **state)
{
	struct completion c;
	struct line_edit e;
	(void)state;

	completion_init(&c, COMPLETE_SEARCH_TAGS, tags, NTAGS);
	edit_at(&e, "ada tag:men|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_UNIQUE);
	/* Whole, and a space to go on typing. */
	assert_line(&e, "ada tag:mentor |");
	line_edit_done(&e);

	/* In the middle of the line: no space added, the rest kept. */
	edit_at(&e, "tag:caf| ada");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_UNIQUE);
	assert_line(&e, "tag:cafe-team| ada");
	line_edit_done(&e);

	/* Case and accents as search ignores them. */
	completion_reset(&c);
	edit_at(&e, "tag:CAFÉ|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_UNIQUE);
	assert_line(&e, "tag:cafe-team |");
	line_edit_done(&e);
	completion_done(&c);
}

static void test_search_several(void **state)
{
	struct completion c;
	struct line_edit e;
	(void)state;

	completion_init(&c, COMPLETE_SEARCH_TAGS, tags, NTAGS);
	edit_at(&e, "tag:a|");
	/* First Tab: the prefix they share, and which they are. */
	assert_int_equal(completion_tab(&c, &e), COMPLETION_SEVERAL);
	assert_line(&e, "tag:acme-|");
	assert_int_equal(c.nhits, 2);
	assert_string_equal(completion_hit(&c, 0), "acme-alumni");
	assert_string_equal(completion_hit(&c, 1), "acme-board");
	assert_null(completion_hit(&c, 2));
	/* Further Tabs: each in turn, round again. */
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NEXT);
	assert_line(&e, "tag:acme-alumni|");
	assert_int_equal(completion_current(&c), 0);
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NEXT);
	assert_line(&e, "tag:acme-board|");
	assert_int_equal(completion_current(&c), 1);
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NEXT);
	assert_line(&e, "tag:acme-alumni|");
	/* Another key ends the round: the next Tab starts from the text. */
	completion_reset(&c);
	line_edit_key(&e, KEY_FN(KEY_BACKSPACE));
	line_edit_key(&e, KEY_FN(KEY_BACKSPACE));
	line_edit_key(&e, KEY_FN(KEY_BACKSPACE));
	line_edit_key(&e, KEY_FN(KEY_BACKSPACE));
	line_edit_key(&e, KEY_FN(KEY_BACKSPACE));
	line_edit_key(&e, KEY_FN(KEY_BACKSPACE));
	assert_line(&e, "tag:acme-|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_SEVERAL);
	assert_line(&e, "tag:acme-|");
	line_edit_done(&e);

	/* "cl": client and close share only what is typed. */
	completion_reset(&c);
	edit_at(&e, "tag:cl|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_SEVERAL);
	assert_line(&e, "tag:cl|");
	assert_int_equal(c.nhits, 2);
	line_edit_done(&e);

	/* "tag:" alone: every tag. */
	completion_reset(&c);
	edit_at(&e, "tag:|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_SEVERAL);
	assert_int_equal(c.nhits, NTAGS);
	line_edit_done(&e);
	completion_done(&c);
}

static void test_search_not_here(void **state)
{
	struct completion c;
	struct line_edit e;
	(void)state;

	completion_init(&c, COMPLETE_SEARCH_TAGS, tags, NTAGS);
	/* Not a tag: word: nothing changes. */
	edit_at(&e, "ada|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NOT_HERE);
	assert_line(&e, "ada|");
	line_edit_done(&e);
	edit_at(&e, "org:acme|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NOT_HERE);
	line_edit_done(&e);
	edit_at(&e, "xtag:a|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NOT_HERE);
	line_edit_done(&e);
	/* The cursor after the word's space: a new word. */
	edit_at(&e, "tag:acme |");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NOT_HERE);
	line_edit_done(&e);
	/* Nothing starts so. */
	edit_at(&e, "tag:zz|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NO_MATCH);
	assert_line(&e, "tag:zz|");
	line_edit_done(&e);
	completion_done(&c);

	/* No tags at all. */
	completion_init(&c, COMPLETE_SEARCH_TAGS, NULL, 0);
	edit_at(&e, "tag:a|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NO_MATCH);
	line_edit_done(&e);
	completion_done(&c);
}

static void test_tag_prompt(void **state)
{
	struct completion c;
	struct line_edit e;
	(void)state;

	/* The filter's tag prompt: the whole line is one tag, no space added. */
	completion_init(&c, COMPLETE_TAG, tags, NTAGS);
	edit_at(&e, "Men|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_UNIQUE);
	assert_line(&e, "mentor|");
	line_edit_done(&e);
	edit_at(&e, "|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_SEVERAL);
	assert_int_equal(c.nhits, NTAGS);
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NEXT);
	assert_line(&e, "acme-alumni|");
	line_edit_done(&e);
	completion_reset(&c);
	edit_at(&e, "  clo|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_UNIQUE);
	assert_line(&e, "  close|");
	line_edit_done(&e);
	/* Two words are no tag. */
	edit_at(&e, "acme alu|");
	assert_int_equal(completion_tab(&c, &e), COMPLETION_NOT_HERE);
	line_edit_done(&e);
	completion_done(&c);
}

static void test_tab_in_line_edit(void **state)
{
	struct line_edit e;
	(void)state;

	/* Tab is in the line editor's table (help and the man page list
	 * it) and asks the field's owner to complete; it types nothing. */
	assert_int_equal(keymap_lookup(&keymap_line_edit, '\t'), ACTION_COMPLETE);
	line_edit_init(&e, "tag:a", 100);
	assert_int_equal(line_edit_key(&e, '\t'), LINE_EDIT_COMPLETE);
	assert_string_equal(e.buf, "tag:a");
	/* A replacement that would pass the limit is refused whole. */
	line_edit_done(&e);
	line_edit_init(&e, "tag:a", 8);
	assert_int_equal(line_edit_replace(&e, 4, 5, "acme-alumni"), LINE_EDIT_REFUSED);
	assert_string_equal(e.buf, "tag:a");
	assert_int_equal(line_edit_replace(&e, 4, 5, "acme"), LINE_EDIT_CHANGED);
	assert_string_equal(e.buf, "tag:acme");
	assert_int_equal(e.cursor, 8);
	line_edit_done(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_unique),
		cmocka_unit_test(test_search_several),
		cmocka_unit_test(test_search_not_here),
		cmocka_unit_test(test_tag_prompt),
		cmocka_unit_test(test_tab_in_line_edit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
