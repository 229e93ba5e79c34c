/*
 * test_tui_logic.c - the TUI's logic without a terminal: layout arithmetic
 * at every size from 20x5 up, the keymap tables (no key bound twice, help
 * and hints generated from them), word wrap and the line editor's UTF-8
 * cursor, word and line deletes, and the config parser.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curses.h>

#include "rolodex/text.h"
#include "rolodex/date.h"
#include "tui/card_draw.h"
#include "tui/lineedit.h"
#include "tui/order.h"
#include "tui/view_browser.h"
#include "tui/config.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view.h"

static bool rect_inside(const struct rect *r, int rows, int cols)
{
	return r->y >= 0 && r->x >= 0 && r->y + r->h <= rows && r->x + r->w <= cols;
}

static bool rects_overlap(const struct rect *a, const struct rect *b)
{
	if (a->w == 0 || b->w == 0 || a->h == 0 || b->h == 0)
		return false;
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void test_layout_every_size(void **state)
{
	(void)state;
	for (int rows = 5; rows <= 60; rows++) {
		for (int cols = 20; cols <= 240; cols += 3) {
			for (int list = 0; list < 2; list++) {
				struct layout l;
				layout_compute(rows, cols, list, &l);
				if (rows < SCREEN_MIN_ROWS || cols < SCREEN_MIN_COLS) {
					assert_true(l.too_small);
					continue;
				}
				assert_false(l.too_small);
				assert_true(rect_inside(&l.card, rows, cols));
				assert_true(rect_inside(&l.list, rows, cols));
				assert_true(rect_inside(&l.status, rows, cols));
				assert_false(rects_overlap(&l.card, &l.list));
				assert_false(rects_overlap(&l.card, &l.status));
				assert_false(rects_overlap(&l.card, &l.tabs));
				assert_int_equal(l.status.y, rows >= 12 ? rows - 2 : rows - 1);
				if (!list || cols >= LIST_BESIDE_MIN_COLS) {
					assert_true(l.card.w >= CARD_MIN_WIDTH);
					assert_true(l.card.w <= CARD_MAX_WIDTH);
					assert_true(l.card.h >= 4);
					assert_true(l.card.h <= CARD_BASE_HEIGHT);
					/* Grown to the full room, the card stays on screen,
					 * clear of the tabs and the status line. */
					struct rect big = layout_card_fit(&l, 1000);
					assert_true(big.h >= l.card.h);
					assert_true(big.y >= l.card_top);
					assert_true(big.y + big.h <= l.status.y);
					assert_false(rects_overlap(&big, &l.tabs));
					assert_false(rects_overlap(&big, &l.list));
				} else {
					assert_int_equal(l.card.w, 0); /* narrow: the list replaces the card */
				}
				/* The back edge row under the card stays above the status line. */
				assert_true(l.card.y + l.card.h <= l.status.y);
			}
		}
	}
}

static void test_layout_80x24(void **state)
{
	struct layout l;
	(void)state;
	layout_compute(24, 80, false, &l);
	assert_int_equal(l.card.w, 64);
	assert_int_equal(l.card.x, 8);
	assert_int_equal(l.tab_step, 2);
	assert_int_equal(l.hints.y, 23);
	assert_int_equal(l.status.y, 22);
	/* Beside the card, the pane takes the width the card does not need:
	 * 132 - (64 + 8) = 60 columns, capped at LIST_MAX_WIDTH. */
	layout_compute(40, 132, true, &l);
	assert_int_equal(l.list.x, 1);
	assert_int_equal(l.list.w, 60);
	assert_int_equal(l.card.w, CARD_MAX_WIDTH);
	assert_true(l.card.x > l.list.x + l.list.w);
	layout_compute(40, 100, true, &l);
	assert_int_equal(l.list.w, LIST_WIDTH);
	layout_compute(50, 240, true, &l);
	assert_int_equal(l.list.w, LIST_MAX_WIDTH);
}

/* The list pane beside the card is as wide as its table wants, within
 * what the card leaves; below LIST_BESIDE_MIN_COLS it replaces the card. */
static void test_layout_list_want(void **state)
{
	struct layout l;
	(void)state;
	layout_compute_list(50, 200, 84, &l);
	assert_int_equal(l.list.w, 84);
	assert_true(l.card.x > l.list.x + l.list.w);
	assert_int_equal(l.card.w, CARD_MAX_WIDTH);
	/* More than the card leaves: what it leaves. */
	layout_compute_list(40, 120, 84, &l);
	assert_int_equal(l.list.w, 120 - (CARD_MAX_WIDTH + 8));
	/* A narrow table still gets the least pane. */
	layout_compute_list(50, 200, 10, &l);
	assert_int_equal(l.list.w, LIST_WIDTH);
	/* Never wider than LIST_WIDE_MAX_WIDTH, however wide the screen. */
	layout_compute_list(60, 400, 300, &l);
	assert_int_equal(l.list.w, LIST_WIDE_MAX_WIDTH);
	/* 80 columns: the pane is the screen. */
	layout_compute_list(24, 80, 84, &l);
	assert_int_equal(l.list.w, 78);
	assert_int_equal(l.card.w, 0);
	/* 0 wants nothing in particular: layout_compute's pane. */
	struct layout plain;
	layout_compute_list(40, 132, 0, &l);
	layout_compute(40, 132, true, &plain);
	assert_int_equal(l.list.w, plain.list.w);
}

/* Columns by priority: shown at their least width when that fits, left
 * out whole when not, then widened towards their widest. */
static void test_layout_columns(void **state)
{
	/* name, org, last, due */
	const struct column_want want[4] = { { 23, 23 }, { 22, 12 }, { 11, 11 }, { 19, 19 } };
	const size_t by_name[4] = { 0, 1, 3, 2 };
	const size_t by_last[4] = { 0, 2, 1, 3 };
	int w[4];
	(void)state;

	/* Room for all at their widest. */
	layout_columns(200, 2, 4, want, by_name, w);
	assert_int_equal(w[0], 23);
	assert_int_equal(w[1], 22);
	assert_int_equal(w[2], 11);
	assert_int_equal(w[3], 19);
	/* 80 columns: the org column gives way by two, nothing is left out. */
	layout_columns(79, 2, 4, want, by_name, w);
	assert_int_equal(w[0] + w[1] + w[2] + w[3] + 3 * 2, 79);
	assert_int_equal(w[1], 20);
	assert_int_equal(w[2], 11);
	/* 45: name and org; last contact does not fit whole and is left out
	 * (not cut), so the org column keeps the room. */
	layout_columns(45, 2, 4, want, by_name, w);
	assert_int_equal(w[0], 23);
	assert_int_equal(w[1], 20);
	assert_int_equal(w[2], 0);
	assert_int_equal(w[3], 0);
	/* Sorted by last contact, that column comes before the org. */
	layout_columns(45, 2, 4, want, by_last, w);
	assert_int_equal(w[0], 23);
	assert_int_equal(w[2], 11);
	assert_int_equal(w[1], 0);
	/* Too narrow even for the name: the name alone, cut to the width. */
	layout_columns(10, 2, 4, want, by_name, w);
	assert_int_equal(w[0], 10);
	assert_int_equal(w[1] + w[2] + w[3], 0);
	/* An empty column (nobody has a rhythm) is never shown. */
	const struct column_want empty_due[4] = { { 10, 10 }, { 8, 8 }, { 6, 6 }, { 0, 0 } };
	layout_columns(200, 2, 4, empty_due, by_name, w);
	assert_int_equal(w[3], 0);
	assert_int_equal(w[2], 6);
}

/* The order's merge keeps every remaining card in its place, drops the
 * cards that left, and puts new ones before the card that follows them in
 * the fresh order. */
static void test_order_merge(void **state)
{
	struct order old, fresh;
	(void)state;

	order_init(&old);
	order_init(&fresh);
	/* Shown: 1 2 3 4.  Card 1 was contacted (it moves to the end of a
	 * fresh "last contacted" order), 3 was trashed, 5 is new, and the
	 * fresh order puts it before 2. */
	for (int64_t id = 1; id <= 4; id++)
		order_add(&old, id, 'A');
	order_add(&fresh, 5, 'B');
	order_add(&fresh, 2, 'A');
	order_add(&fresh, 4, 'C'); /* renamed: a new tab */
	order_add(&fresh, 1, 'A');
	order_merge(&fresh, &old);
	assert_int_equal(fresh.n, 4);
	const int64_t want[4] = { 1, 5, 2, 4 };
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(fresh.entries[i].id, want[i]);
	assert_int_equal(fresh.entries[3].tab, 'C');
	assert_int_equal(order_find(&fresh, 2), 2);
	assert_int_equal(order_find(&fresh, 3), fresh.n);
	/* A card that leaves gives its slot to the next. */
	order_remove(&fresh, 1);
	assert_int_equal(fresh.n, 3);
	assert_int_equal(fresh.entries[1].id, 2);
	order_remove(&fresh, 2);
	assert_int_equal(fresh.n, 2);
	assert_int_equal(fresh.entries[1].id, 2);

	/* New cards after every old one go at the end, in fresh order. */
	order_done(&old);
	order_init(&old);
	order_add(&old, 7, 'A');
	struct order next;
	order_init(&next);
	order_add(&next, 7, 'A');
	order_add(&next, 9, 'A');
	order_add(&next, 8, 'A');
	order_merge(&next, &old);
	assert_int_equal(next.n, 3);
	assert_int_equal(next.entries[0].id, 7);
	assert_int_equal(next.entries[1].id, 9);
	assert_int_equal(next.entries[2].id, 8);
	order_done(&next);
	order_done(&old);
	order_done(&fresh);
}

/* A letter jumps to the first card under it in the order, or under the
 * next letter that has cards; the tabs with cards come from the order. */
static void test_order_tabs(void **state)
{
	struct order o;
	bool present[27];
	(void)state;

	order_init(&o);
	order_add(&o, 1, 'M');
	order_add(&o, 2, 'B');
	order_add(&o, 3, 'M');
	order_add(&o, 4, '#');
	assert_int_equal(order_first_in_tab(&o, 'M'), 0);
	assert_int_equal(order_first_in_tab(&o, 'B'), 1);
	assert_int_equal(order_first_in_tab(&o, 'A'), 1); /* B is next */
	assert_int_equal(order_first_in_tab(&o, 'N'), 3); /* then # */
	assert_int_equal(order_first_in_tab(&o, '#'), 3);
	order_tabs_present(&o, present);
	assert_true(present['B' - 'A']);
	assert_true(present['M' - 'A']);
	assert_false(present['A' - 'A']);
	assert_true(present[26]);
	order_done(&o);
	order_init(&o);
	assert_int_equal(order_first_in_tab(&o, 'A'), 0);
	order_done(&o);
}

/* The list pane's last-contact and due columns say what the card says,
 * shorter. */
static void test_due_describe(void **state)
{
	int today = date_from_ymd(2026, 11, 22);
	struct card_status s = { .contacted = true, .last_date = date_from_ymd(2026, 5, 25), .has_cadence = true,
				 .cadence = { .n = 3, .unit = 'm' }, .due = true, .overdue_days = 60 };
	char out[96];
	(void)state;

	card_due_describe(&s, today, true, out, sizeof out);
	assert_string_equal(out, "overdue by 2 months");
	card_last_describe(&s, today, out, sizeof out);
	assert_string_equal(out, "25 May");
	s.last_date = date_from_ymd(2025, 12, 20);
	card_last_describe(&s, today, out, sizeof out);
	assert_string_equal(out, "20 Dec 2025");
	s.last_date = today;
	card_last_describe(&s, today, out, sizeof out);
	assert_string_equal(out, "today");
	s.due = false;
	s.next_due = date_from_ymd(2027, 1, 9);
	card_due_describe(&s, today, true, out, sizeof out);
	assert_string_equal(out, "next 9 Jan 2027");
	card_due_describe(&s, today, false, out, sizeof out);
	assert_non_null(strstr(out, "(9 Jan 2027)"));
	s.contacted = false;
	s.due = true;
	card_last_describe(&s, today, out, sizeof out);
	assert_string_equal(out, "never");
	card_due_describe(&s, today, true, out, sizeof out);
	assert_string_equal(out, "due now");
	card_due_describe(&s, today, false, out, sizeof out);
	assert_string_equal(out, "due now (never contacted)");
	s.has_cadence = false;
	card_due_describe(&s, today, true, out, sizeof out);
	assert_string_equal(out, "");
}

static void test_layout_tabs(void **state)
{
	struct layout l;
	(void)state;
	layout_compute(24, 80, false, &l);
	assert_int_equal(layout_tab_at(&l, 1), 0);      /* A */
	assert_int_equal(layout_tab_at(&l, 2), 0);      /* the gap after A */
	assert_int_equal(layout_tab_at(&l, 3), 1);      /* B */
	assert_int_equal(layout_tab_at(&l, 1 + 26 * 2), 26); /* # */
	assert_int_equal(layout_tab_at(&l, 0), -1);
	assert_int_equal(layout_tab_at(&l, 79), -1);
	assert_int_equal(layout_tab_char(0), 'A');
	assert_int_equal(layout_tab_char(25), 'Z');
	assert_int_equal(layout_tab_char(26), '#');
	layout_compute(24, 40, false, &l);
	assert_int_equal(l.tab_step, 1);
	assert_int_equal(layout_tab_at(&l, 27), 26);
}

static void test_wrap(void **state)
{
	size_t skip;
	(void)state;
	assert_int_equal(layout_wrap("hello world", 8, &skip), 5);
	assert_int_equal(skip, 1);
	assert_int_equal(layout_wrap("hello", 8, &skip), 5);
	assert_int_equal(skip, 0);
	assert_int_equal(layout_wrap("line\nnext", 20, &skip), 4);
	assert_int_equal(skip, 1);
	assert_int_equal(layout_wrap("\nx", 20, &skip), 0);
	assert_int_equal(skip, 1);
	/* No space in reach: cut at a character boundary, by columns. */
	assert_int_equal(layout_wrap("abcdefghij", 4, &skip), 4);
	/* The rows the same breaks make, one at least. */
	assert_int_equal(layout_wrap_rows("abcdefghij", 4), 3);
	assert_int_equal(layout_wrap_rows("one two\nthree", 20), 2);
	assert_int_equal(layout_wrap_rows("", 20), 1);
	/* CJK: two columns each; 5 columns hold two characters (6 bytes). */
	assert_int_equal(layout_wrap("王小明王小明", 5, &skip), 6);
	/* A character wider than the line still moves forward. */
	assert_int_equal(layout_wrap("王", 1, &skip), 3);
}

/* Moving in a list stops at both ends; a page is `page` steps. */
static void test_layout_move(void **state)
{
	size_t pos = 0;

	(void)state;
	assert_true(layout_move(ACTION_SCROLL_UP, &pos, 9, 4));
	assert_int_equal(pos, 0);
	assert_true(layout_move(ACTION_SCROLL_DOWN, &pos, 9, 4));
	assert_int_equal(pos, 1);
	assert_true(layout_move(ACTION_PAGE_DOWN, &pos, 9, 4));
	assert_int_equal(pos, 5);
	assert_true(layout_move(ACTION_PAGE_DOWN, &pos, 9, 4));
	assert_int_equal(pos, 9);
	assert_true(layout_move(ACTION_SCROLL_DOWN, &pos, 9, 4));
	assert_int_equal(pos, 9);
	assert_true(layout_move(ACTION_PAGE_UP, &pos, 9, 4));
	assert_int_equal(pos, 5);
	assert_true(layout_move(ACTION_FIRST, &pos, 9, 4));
	assert_int_equal(pos, 0);
	assert_true(layout_move(ACTION_LAST, &pos, 9, 4));
	assert_int_equal(pos, 9);
	assert_false(layout_move(ACTION_SELECT, &pos, 9, 4));
	assert_int_equal(pos, 9);
	assert_true(layout_is_move(ACTION_PAGE_UP));
	assert_false(layout_is_move(ACTION_SWAP));
}

/* Every table (the man page and `?` list them all): a title, no key
 * bound twice, and each row a key and help text. */
static void test_keymaps_complete(void **state)
{
	(void)state;
	assert_true(keymap_all_count > 0);
	for (size_t i = 0; i < keymap_all_count; i++) {
		const struct keymap *map = keymap_all[i];
		assert_non_null(map->title);
		if (keymap_has_duplicates(map))
			fail_msg("keymap \"%s\" binds a key twice", map->title);
		for (size_t j = 0; j < map->count; j++) {
			const struct keybinding *b = &map->bindings[j];
			if (b->keys[0] == 0 || b->help == NULL || b->help[0] == '\0')
				fail_msg("keymap \"%s\", row %zu (%s): no key or no help text", map->title, j,
					 action_name(b->action));
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(keymap_all[k]->title, map->title) == 0)
				fail_msg("two keymaps are titled \"%s\"", map->title);
	}
}

/* keymap_has_duplicates sees a key twice in one row and in two rows. */
static void test_keymap_has_duplicates(void **state)
{
	static const struct keybinding same_row[] = {
		{ .action = ACTION_NEXT, .keys = { 'l', ' ', 'l' }, .help = "next" },
	};
	static const struct keybinding two_rows[] = {
		{ .action = ACTION_NEXT, .keys = { 'l', ' ' }, .help = "next" },
		{ .action = ACTION_PREV, .keys = { 'h', ' ' }, .help = "previous" },
	};
	static const struct keybinding distinct[] = {
		{ .action = ACTION_NEXT, .keys = { 'l', ' ' }, .help = "next" },
		{ .action = ACTION_PREV, .keys = { 'h' }, .help = "previous" },
	};
	const struct keymap a = { .title = "a", .bindings = same_row, .count = 1 };
	const struct keymap b = { .title = "b", .bindings = two_rows, .count = 2 };
	const struct keymap c = { .title = "c", .bindings = distinct, .count = 2 };

	(void)state;
	assert_true(keymap_has_duplicates(&a));
	assert_true(keymap_has_duplicates(&b));
	assert_false(keymap_has_duplicates(&c));
}

static void test_keymap_browser_keys(void **state)
{
	(void)state;
	assert_int_equal(keymap_lookup(&keymap_browser, '='), ACTION_DUPLICATES);
	assert_int_equal(keymap_lookup(&keymap_browser, 't'), ACTION_TAGS);
	assert_int_equal(keymap_lookup(&keymap_tags, 'e'), ACTION_EDIT);
	assert_int_equal(keymap_lookup(&keymap_tags, 'r'), ACTION_CADENCE);
	assert_int_equal(keymap_lookup(&keymap_tags, '\r'), ACTION_SELECT);
	/* The tags screen leaves undo to the generic table. */
	assert_int_equal(keymap_lookup(&keymap_tags, 'u'), ACTION_NONE);
	/* Browser keys do not shadow the generic help and quit. */
	assert_int_equal(keymap_lookup(&keymap_browser, '?'), ACTION_NONE);
	assert_int_equal(keymap_lookup(&keymap_browser, 'q'), ACTION_NONE);
	/* Commands are lower case; upper case is the jump scheme. */
	for (int c = 'B'; c <= 'Z'; c++)
		assert_int_equal(keymap_lookup(&keymap_browser, c), ACTION_NONE);
}

static void test_keymap_lookup(void **state)
{
	(void)state;
	assert_int_equal(keymap_lookup(&keymap_browser, KEY_FN(KEY_RIGHT)), ACTION_NEXT);
	assert_int_equal(keymap_lookup(&keymap_browser, 'l'), ACTION_NEXT);
	assert_int_equal(keymap_lookup(&keymap_browser, ' '), ACTION_NEXT);
	assert_int_equal(keymap_lookup(&keymap_browser, 'h'), ACTION_PREV);
	assert_int_equal(keymap_lookup(&keymap_browser, KEY_FN(KEY_HOME)), ACTION_FIRST);
	assert_int_equal(keymap_lookup(&keymap_browser, KEY_FN(KEY_END)), ACTION_LAST);
	assert_int_equal(keymap_lookup(&keymap_browser, '/'), ACTION_SEARCH);
	assert_int_equal(keymap_lookup(&keymap_browser, 'c'), ACTION_CONTACTED);
	assert_int_equal(keymap_lookup(&keymap_browser, 'n'), ACTION_NOTE);
	assert_int_equal(keymap_lookup(&keymap_browser, 'e'), ACTION_EDIT);
	assert_int_equal(keymap_lookup(&keymap_browser, 'a'), ACTION_ADD);
	assert_int_equal(keymap_lookup(&keymap_browser, 'r'), ACTION_REVIEW);
	assert_int_equal(keymap_lookup(&keymap_generic, '?'), ACTION_HELP);
	assert_int_equal(keymap_lookup(&keymap_generic, 'q'), ACTION_QUIT);
	assert_int_equal(keymap_lookup(&keymap_form, KEY_CTRL('s')), ACTION_SELECT);
	assert_int_equal(keymap_lookup(&keymap_form, KEY_FN(KEY_BTAB)), ACTION_PREV);
	assert_int_equal(keymap_lookup(&keymap_note, KEY_CTRL('e')), ACTION_EDIT);
	assert_int_equal(keymap_lookup(NULL, 'x'), ACTION_NONE);
	/* A function key never matches the character with the same number. */
	assert_int_equal(keymap_lookup(&keymap_browser, KEY_RIGHT), ACTION_NONE);
	assert_string_equal(action_name(ACTION_CONTACTED), "contacted");
	/* Every binding has help text. */
	const struct keymap *maps[] = { &keymap_generic, &keymap_browser, &keymap_pager, &keymap_form, &keymap_note };
	for (size_t m = 0; m < sizeof maps / sizeof maps[0]; m++) {
		for (size_t i = 0; i < maps[m]->count; i++) {
			assert_non_null(maps[m]->bindings[i].help);
			assert_true(maps[m]->bindings[i].keys[0] != 0);
		}
	}
}

static void test_key_labels(void **state)
{
	char out[32];
	(void)state;
	key_label(KEY_FN(KEY_LEFT), out, sizeof out);
	assert_string_equal(out, "←");
	key_label(' ', out, sizeof out);
	assert_string_equal(out, "space");
	key_label(KEY_CTRL('s'), out, sizeof out);
	assert_string_equal(out, "^S");
	key_label(KEY_ESCAPE, out, sizeof out);
	assert_string_equal(out, "Esc");
	key_label(0x00e9, out, sizeof out);
	assert_string_equal(out, "é");
	assert_int_equal(key_encode(KEY_CODE_YES, KEY_UP), KEY_FN(KEY_UP));
	assert_int_equal(key_encode(OK, 'x'), 'x');
}

static bool offers_state(void *ctx, enum action action)
{
	return browser_state_offers(ctx, action);
}

/* A rolodex with cards, one on the screen. */
static struct browser_state browsing = { .any = true, .card_shown = true };

static void test_hints(void **state)
{
	char out[256];
	(void)state;
	keymap_hints(&keymap_browser, true, offers_state, &browsing, 78, out, sizeof out);
	/* Adjacent bindings with one hint share it. */
	assert_non_null(strstr(out, "←→ flip"));
	assert_non_null(strstr(out, "/ search"));
	/* Help and quit make it, at the end. */
	assert_non_null(strstr(out, "? help  q quit"));
	assert_true(text_width(out) <= 78);
	keymap_hints(&keymap_browser, true, offers_state, &browsing, 30, out, sizeof out);
	assert_true(text_width(out) <= 30);
	assert_non_null(strstr(out, "←→ flip"));
	keymap_hints(&keymap_browser, true, offers_state, &browsing, 5, out, sizeof out);
	assert_true(text_width(out) <= 5);
}

/* At 80 columns the review-day key stays: hints are left out by rank, not
 * cut from the right; the ones kept stay in the table's order. */
static void test_hints_by_importance(void **state)
{
	char out[256];
	(void)state;
	keymap_hints(&keymap_browser, true, offers_state, &browsing, 78, out, sizeof out);
	assert_string_equal(out, "←→ flip  / search  c contacted  n note  e edit  r review  ? help  q quit");
	keymap_hints(&keymap_browser, true, offers_state, &browsing, 40, out, sizeof out);
	assert_string_equal(out, "←→ flip  / search  c contacted  r review");
	keymap_hints(&keymap_browser, true, offers_state, &browsing, 200, out, sizeof out);
	assert_string_equal(out, "←→ flip  / search  o sort  c contacted  n note  e edit  a add  r review  ? help  q quit");
}

/* An empty rolodex offers no flip, c, n or e (they do nothing there),
 * but adding a card and the demo cards. */
static void test_hints_empty_rolodex(void **state)
{
	char out[256];
	struct browser_state empty = { .any = false };
	(void)state;
	keymap_hints(&keymap_browser, true, offers_state, &empty, 200, out, sizeof out);
	assert_string_equal(out, "a add  ^D demo cards  ? help  q quit");
	assert_false(browser_state_offers(&empty, ACTION_NEXT));
	assert_false(browser_state_offers(&empty, ACTION_CONTACTED));
	assert_false(browser_state_offers(&empty, ACTION_NOTE));
	assert_false(browser_state_offers(&empty, ACTION_EDIT));
	assert_false(browser_state_offers(&empty, ACTION_REVIEW));
	assert_false(browser_state_offers(&empty, ACTION_TAGS));
	assert_true(browser_state_offers(&empty, ACTION_LOAD_DEMO));

	/* Cards, but the search matches none: nothing to flip or edit. */
	struct browser_state none = { .any = true, .filtered = true };
	keymap_hints(&keymap_browser, true, offers_state, &none, 200, out, sizeof out);
	assert_string_equal(out, "/ search  Esc clear  a add  r review  ? help  q quit");
	/* Marked cards can be marked contacted together from there. */
	none.marks = 2;
	keymap_hints(&keymap_browser, true, offers_state, &none, 200, out, sizeof out);
	assert_non_null(strstr(out, "c contacted"));

	struct browser_state full = { .any = true, .card_shown = true };
	keymap_hints(&keymap_browser, true, offers_state, &full, 78, out, sizeof out);
	assert_string_equal(out, "←→ flip  / search  c contacted  n note  e edit  r review  ? help  q quit");
	assert_false(browser_state_offers(&full, ACTION_LOAD_DEMO));
	/* The tags screen is there whenever there are cards, shown or not. */
	assert_true(browser_state_offers(&full, ACTION_TAGS));
	assert_true(browser_state_offers(&none, ACTION_TAGS));
}

/* The form and the note editor type '?' and 'q': no "? help  q quit". */
static void test_hints_text_entry(void **state)
{
	char out[256];
	(void)state;
	keymap_hints(&keymap_form, false, NULL, NULL, 200, out, sizeof out);
	assert_string_equal(out, "Tab next  ^S save  ^N add value  Esc cancel");
	keymap_hints(&keymap_note, false, NULL, NULL, 200, out, sizeof out);
	assert_string_equal(out, "^S save  ^E $EDITOR  Esc cancel");
	assert_null(strstr(out, "help"));
	/* The yes/no question: its own answers. */
	keymap_hints(&keymap_confirm, true, NULL, NULL, 200, out, sizeof out);
	assert_string_equal(out, "y yes  n no  ? help  q quit");
}

/* Help names each key once: '\r', '\n' and KEY_ENTER are one "Enter". */
static void test_keys_text_once(void **state)
{
	char out[128];
	(void)state;
	for (size_t i = 0; i < keymap_pager.count; i++) {
		if (keymap_pager.bindings[i].action == ACTION_SELECT) {
			keymap_keys_text(&keymap_pager.bindings[i], out, sizeof out);
			assert_string_equal(out, "Enter");
		}
	}
	keymap_keys_text(&keymap_browser.bindings[0], out, sizeof out);
	assert_string_equal(out, "← h Backspace");
}

/* One message slot: a lesser message the same key caused does not cover
 * what the key did; the next key's message replaces anything. */
static void test_message_priority(void **state)
{
	struct app app = { .cols = 80 };
	(void)state;
	app_message(&app, "Saved Ada Lovelace");
	app_note(&app, "1 of 40");
	assert_string_equal(app.status, "Saved Ada Lovelace");
	app_error(&app, "could not save: disk full");
	app_message(&app, "Saved Ada Lovelace");
	assert_string_equal(app.status, "could not save: disk full");
	app.key_serial++;
	app_note(&app, "1 of 40");
	assert_string_equal(app.status, "1 of 40");
	app_message(&app, "2 marked");
	assert_string_equal(app.status, "2 marked");
	free(app.status);
}

/* The status line is shared, not overwritten: the message takes the right
 * end, the view keeps the rest and at least what it asks for. */
static void test_status_room(void **state)
{
	struct app app = { .cols = 80 };
	(void)state;
	assert_int_equal(app_status_room(&app, 10), 78);
	app_message(&app, "c logs one touch for the marked · y lists their addresses");
	/* 57 columns of message and a gap of 3 leave 18 of 78. */
	assert_int_equal(app_status_room(&app, 10), 18);
	assert_int_equal(app.status_owned, 18);
	/* A view that needs more keeps it; the message is cut instead. */
	assert_int_equal(app_status_room(&app, 40), 40);
	free(app.status);
}

static void test_line_edit_utf8(void **state)
{
	struct line_edit e;
	(void)state;
	line_edit_init(&e, NULL, 100);
	assert_int_equal(line_edit_key(&e, 0x738b), LINE_EDIT_CHANGED); /* 王 */
	line_edit_insert(&e, "小x明");
	assert_string_equal(e.buf, "王小x明");
	assert_int_equal(line_edit_cursor_col(&e), 7);
	line_edit_key(&e, KEY_FN(KEY_LEFT));
	assert_int_equal(line_edit_cursor_col(&e), 5);
	line_edit_key(&e, KEY_FN(KEY_BACKSPACE));
	assert_string_equal(e.buf, "王小明");
	assert_int_equal(e.cursor, 6);
	line_edit_key(&e, KEY_FN(KEY_HOME));
	assert_int_equal(e.cursor, 0);
	line_edit_key(&e, KEY_FN(KEY_DC));
	assert_string_equal(e.buf, "小明");
	line_edit_key(&e, KEY_FN(KEY_END));
	assert_int_equal(e.cursor, strlen("小明"));
	/* Combining marks: e + U+0301 is one column. */
	line_edit_set(&e, "e\xcc\x81");
	assert_int_equal(line_edit_cursor_col(&e), 1);
	/* Controls are never inserted. */
	assert_int_equal(line_edit_key(&e, 0x1b), LINE_EDIT_IGNORED);
	assert_int_equal(line_edit_key(&e, 0x9b), LINE_EDIT_IGNORED);
	assert_int_equal(line_edit_key(&e, KEY_FN(KEY_F(5))), LINE_EDIT_IGNORED);
	line_edit_set(&e, "");
	line_edit_insert(&e, "a\x1b[2Jb\tc");
	assert_string_equal(e.buf, "a[2Jb c");
	line_edit_done(&e);
}

static void test_line_edit_words(void **state)
{
	struct line_edit e;
	(void)state;
	line_edit_init(&e, "Ada  Lovelace  ", 100);
	line_edit_key(&e, KEY_CTRL('w'));
	assert_string_equal(e.buf, "Ada  ");
	line_edit_key(&e, KEY_CTRL('w'));
	assert_string_equal(e.buf, "");
	line_edit_set(&e, "one two three");
	line_edit_key(&e, KEY_FN(KEY_LEFT));
	line_edit_key(&e, KEY_FN(KEY_LEFT));
	line_edit_key(&e, KEY_CTRL('u'));
	assert_string_equal(e.buf, "ee");
	assert_int_equal(e.cursor, 0);
	line_edit_key(&e, KEY_FN(KEY_RIGHT));
	/* ^K means "remove this value" in the form and is no editing key. */
	assert_int_equal(line_edit_key(&e, KEY_CTRL('k')), LINE_EDIT_IGNORED);
	assert_string_equal(e.buf, "ee");
	line_edit_done(&e);
}

/* Every key of the line-editing table does something in the editor, and
 * the form, whose own table is consulted first, rebinds none of them but
 * Tab. */
static void test_line_edit_keymap(void **state)
{
	struct line_edit e;
	(void)state;
	assert_false(keymap_has_duplicates(&keymap_line_edit));
	line_edit_init(&e, NULL, 100);
	for (size_t i = 0; i < keymap_line_edit.count; i++) {
		const struct keybinding *b = &keymap_line_edit.bindings[i];
		for (int k = 0; k < KEYBINDING_MAX_KEYS && b->keys[k] != 0; k++) {
			line_edit_set(&e, "one two");
			e.cursor = 3;
			assert_int_not_equal(line_edit_key(&e, b->keys[k]), LINE_EDIT_IGNORED);
			/* Tab completes tag names in the search and tag
			 * prompts; the form, where nothing completes, keeps
			 * it for the next field. */
			if (b->action == ACTION_COMPLETE)
				assert_int_equal(keymap_lookup(&keymap_form, b->keys[k]), ACTION_NEXT);
			else
				assert_int_equal(keymap_lookup(&keymap_form, b->keys[k]), ACTION_NONE);
		}
	}
	line_edit_set(&e, "one two");
	line_edit_key(&e, KEY_CTRL('b'));
	line_edit_key(&e, KEY_CTRL('d'));
	assert_string_equal(e.buf, "one tw");
	line_edit_key(&e, KEY_CTRL('a'));
	line_edit_key(&e, KEY_CTRL('f'));
	line_edit_key(&e, KEY_CTRL('h'));
	assert_string_equal(e.buf, "ne tw");
	line_edit_key(&e, KEY_CTRL('e'));
	assert_int_equal(e.cursor, e.len);
	assert_int_equal(keymap_lookup(&keymap_form, KEY_CTRL('k')), ACTION_DELETE);
	line_edit_done(&e);
}

static void test_line_edit_limits(void **state)
{
	struct line_edit e;
	(void)state;
	line_edit_init(&e, "abcd", 5);
	assert_int_equal(line_edit_key(&e, 'e'), LINE_EDIT_CHANGED);
	assert_int_equal(line_edit_key(&e, 'f'), LINE_EDIT_REFUSED);
	/* A 3-byte character does not fit in the last byte either. */
	line_edit_key(&e, KEY_FN(KEY_BACKSPACE));
	assert_int_equal(line_edit_key(&e, 0x738b), LINE_EDIT_REFUSED);
	assert_string_equal(e.buf, "abcd");
	line_edit_done(&e);
}

static void test_line_edit_scroll(void **state)
{
	struct line_edit e;
	(void)state;
	line_edit_init(&e, "0123456789abcdefghij", 100);
	int col = line_edit_scroll(&e, 10);
	assert_true(col <= 9);
	assert_int_equal(text_width(e.buf + e.first) - (int)(e.len - e.cursor), col);
	line_edit_key(&e, KEY_FN(KEY_HOME));
	assert_int_equal(line_edit_scroll(&e, 10), 0);
	assert_int_equal(e.first, 0);
	/* Wide characters never split across the window's edge. */
	line_edit_set(&e, "王小明王小明王小明");
	col = line_edit_scroll(&e, 7);
	assert_true(col <= 6);
	assert_int_equal(e.first % 3, 0);
	char *rest;
	line_edit_set(&e, "left right");
	e.cursor = 4;
	rest = line_edit_split(&e);
	assert_string_equal(e.buf, "left");
	assert_string_equal(rest, " right");
	free(rest);
	line_edit_done(&e);
}

static void test_config(void **state)
{
	struct config c;
	char path[] = "/tmp/rolodex-test-config-XXXXXX";
	char *cause = NULL;
	(void)state;

	config_defaults(&c);
	assert_true(c.animation);
	assert_int_equal(config_load(&c, "/nonexistent/rolodex/config", &cause), RDX_OK);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "# comment\nanimation = off   # trailing comment\n\ncolor=off\ndefault_channel = coffee\n"
			   "list = on\nbogus = 1\naccent = magenta\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(config_load(&c, path, &cause), RDX_INVALID);
	assert_non_null(strstr(cause, "line 7"));
	free(cause);
	/* The good lines still applied. */
	assert_false(c.animation);
	assert_int_equal(c.color, CONFIG_OFF);
	assert_int_equal(c.list_pane, CONFIG_ON);
	assert_int_equal(c.default_channel, CHANNEL_COFFEE);
	assert_int_equal(c.accent, COLOR_MAGENTA);
	unlink(path);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_every_size),
		cmocka_unit_test(test_layout_80x24),
		cmocka_unit_test(test_layout_tabs),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_layout_move),
		cmocka_unit_test(test_keymaps_complete),
		cmocka_unit_test(test_keymap_has_duplicates),
		cmocka_unit_test(test_keymap_browser_keys),
		cmocka_unit_test(test_keymap_lookup),
		cmocka_unit_test(test_key_labels),
		cmocka_unit_test(test_hints),
		cmocka_unit_test(test_hints_by_importance),
		cmocka_unit_test(test_hints_empty_rolodex),
		cmocka_unit_test(test_layout_list_want),
		cmocka_unit_test(test_layout_columns),
		cmocka_unit_test(test_order_merge),
		cmocka_unit_test(test_order_tabs),
		cmocka_unit_test(test_due_describe),
		cmocka_unit_test(test_hints_text_entry),
		cmocka_unit_test(test_keys_text_once),
		cmocka_unit_test(test_message_priority),
		cmocka_unit_test(test_status_room),
		cmocka_unit_test(test_line_edit_utf8),
		cmocka_unit_test(test_line_edit_words),
		cmocka_unit_test(test_line_edit_keymap),
		cmocka_unit_test(test_line_edit_limits),
		cmocka_unit_test(test_line_edit_scroll),
		cmocka_unit_test(test_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
