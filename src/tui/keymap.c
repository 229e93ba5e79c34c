/*
 * keymap.c - keys as ints, their names, and the keymap tables that turn keys
 * into actions.  Dispatch (app.c), the `?` help overlay (view_help.c) and the
 * status-line hints all read these same tables, so help cannot drift from
 * what the keys do.  No drawing here; unit tests use it without a terminal.
 */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "rolodex/text.h"
#include "tui/keymap.h"

#define ACTION_NAME(name, text) [ACTION_##name] = text,
static const char *const action_names[ACTION_COUNT] = { ACTION_LIST(ACTION_NAME) };
#undef ACTION_NAME

const char *action_name(enum action action)
{
	if ((int)action < 0 || action >= ACTION_COUNT)
		return "?";
	return action_names[action];
}

int key_encode(int status, unsigned int ch)
{
	if (status == KEY_CODE_YES)
		return KEY_FN((int)ch);
	return (int)ch;
}

bool key_is_fn(int key)
{
	return key >= KEY_FN_BASE;
}

/* Names of the function keys a keymap may use. */
static const struct {
	int code;
	const char *name;
} fn_names[] = {
	{ KEY_LEFT, "←" },  { KEY_RIGHT, "→" },   { KEY_UP, "↑" },	 { KEY_DOWN, "↓" },
	{ KEY_HOME, "Home" }, { KEY_END, "End" }, { KEY_NPAGE, "PgDn" }, { KEY_PPAGE, "PgUp" },
	{ KEY_DC, "Del" },   { KEY_IC, "Ins" },   { KEY_BTAB, "S-Tab" }, { KEY_ENTER, "Enter" },
	{ KEY_BACKSPACE, "Backspace" }, { KEY_F(1), "F1" }, { KEY_RESIZE, "resize" },
	{ KEY_MOUSE, "mouse" },
};

void key_label(int key, char *out, size_t outsize)
{
	if (outsize == 0)
		return;
	if (key_is_fn(key)) {
		int code = key - KEY_FN_BASE;
		for (size_t i = 0; i < sizeof fn_names / sizeof fn_names[0]; i++) {
			if (fn_names[i].code == code) {
				snprintf(out, outsize, "%s", fn_names[i].name);
				return;
			}
		}
		snprintf(out, outsize, "key%d", code);
		return;
	}
	switch (key) {
	case ' ':
		snprintf(out, outsize, "space");
		return;
	case '\t':
		snprintf(out, outsize, "Tab");
		return;
	case '\r':
	case '\n':
		snprintf(out, outsize, "Enter");
		return;
	case KEY_ESCAPE:
		snprintf(out, outsize, "Esc");
		return;
	case 127:
		snprintf(out, outsize, "Backspace");
		return;
	default:
		break;
	}
	if (key > 0 && key < 32) {
		snprintf(out, outsize, "^%c", key + '@');
		return;
	}
	/* Printable: encode as UTF-8. */
	char buf[8];
	unsigned int c = (unsigned int)key;
	if (c < 0x80) {
		buf[0] = (char)c;
		buf[1] = '\0';
	} else if (c < 0x800) {
		buf[0] = (char)(0xc0 | (c >> 6));
		buf[1] = (char)(0x80 | (c & 0x3f));
		buf[2] = '\0';
	} else if (c < 0x10000) {
		buf[0] = (char)(0xe0 | (c >> 12));
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (c & 0x3f));
		buf[3] = '\0';
	} else {
		buf[0] = (char)(0xf0 | (c >> 18));
		buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		buf[3] = (char)(0x80 | (c & 0x3f));
		buf[4] = '\0';
	}
	snprintf(out, outsize, "%s", buf);
}

enum action keymap_lookup(const struct keymap *map, int key)
{
	if (map == NULL || key == 0)
		return ACTION_NONE;
	for (size_t i = 0; i < map->count; i++) {
		const struct keybinding *b = &map->bindings[i];
		for (int k = 0; k < KEYBINDING_MAX_KEYS && b->keys[k] != 0; k++) {
			if (b->keys[k] == key)
				return b->action;
		}
	}
	return ACTION_NONE;
}

void keymap_keys_text(const struct keybinding *binding, char *out, size_t outsize)
{
	size_t used = 0;

	if (outsize == 0)
		return;
	out[0] = '\0';
	for (int k = 0; k < KEYBINDING_MAX_KEYS && binding->keys[k] != 0; k++) {
		char name[32];
		key_label(binding->keys[k], name, sizeof name);
		/* Keys that look the same ('\r', '\n' and KEY_ENTER are all
		 * "Enter") are named once. */
		bool seen = false;
		for (int j = 0; j < k && !seen; j++) {
			char earlier[32];
			key_label(binding->keys[j], earlier, sizeof earlier);
			seen = strcmp(earlier, name) == 0;
		}
		if (seen)
			continue;
		int n = snprintf(out + used, outsize - used, "%s%s", used > 0 ? " " : "", name);
		if (n < 0 || (size_t)n >= outsize - used)
			break;
		used += (size_t)n;
	}
}

/* True when map binds key (a view's own binding wins over the generic). */
static bool keymap_binds(const struct keymap *map, int key)
{
	for (size_t i = 0; map != NULL && i < map->count; i++)
		for (int k = 0; k < KEYBINDING_MAX_KEYS && map->bindings[i].keys[k] != 0; k++)
			if (map->bindings[i].keys[k] == key)
				return true;
	return false;
}

#define HINTS_MAX 48

/* One hint that may go on the line: "←→ flip", its width and rank. */
struct hint_item {
	char text[96];
	int width;
	int rank;
	bool chosen;
};

struct hint_list {
	struct hint_item v[HINTS_MAX];
	size_t n;
};

/* Hints of map's bindings that are offered, leaving out keys that `over`
 * binds itself. */
static void hints_collect(struct hint_list *list, const struct keymap *map, const struct keymap *over,
			  action_offered_fn offered, void *ctx)
{
	for (size_t i = 0; map != NULL && i < map->count; i++) {
		const struct keybinding *b = &map->bindings[i];
		char keys[64] = "";
		int rank = 0;
		bool any = false;
		/* Adjacent bindings with the same hint share it: "←→ flip";
		 * only the ones offered now lend it their key. */
		size_t j = i;
		while (j < map->count && map->bindings[j].hint != NULL && b->hint != NULL &&
		       strcmp(map->bindings[j].hint, b->hint) == 0) {
			const struct keybinding *m = &map->bindings[j];
			if (m->keys[0] != 0 && !keymap_binds(over, m->keys[0]) &&
			    (offered == NULL || offered(ctx, m->action))) {
				char name[32];
				key_label(m->keys[0], name, sizeof name);
				strncat(keys, name, sizeof keys - strlen(keys) - 1);
				if (m->rank > 0 && (rank == 0 || m->rank < rank))
					rank = m->rank;
				any = true;
			}
			j++;
		}
		if (j > i)
			i = j - 1;
		if (!any || list->n == HINTS_MAX)
			continue;
		struct hint_item *h = &list->v[list->n++];
		snprintf(h->text, sizeof h->text, "%s %s", keys, b->hint);
		h->width = text_width(h->text);
		h->rank = rank > 0 ? rank : INT_MAX;
		h->chosen = false;
	}
}

void keymap_hints(const struct keymap *map, bool generic, action_offered_fn offered, void *ctx, int columns,
		  char *out, size_t outsize)
{
	struct hint_list list = { .n = 0 };
	int width = 0;

	if (outsize == 0)
		return;
	out[0] = '\0';
	if (map != &keymap_generic)
		hints_collect(&list, map, NULL, offered, ctx);
	if (generic || map == &keymap_generic)
		hints_collect(&list, &keymap_generic, map != &keymap_generic ? map : NULL, offered, ctx);

	/* Most important first (the table's order among equals), each one
	 * that still fits. */
	for (;;) {
		struct hint_item *best = NULL;
		for (size_t i = 0; i < list.n; i++) {
			struct hint_item *h = &list.v[i];
			if (!h->chosen && h->rank != -1 && (best == NULL || h->rank < best->rank))
				best = h;
		}
		if (best == NULL)
			break;
		int need = best->width + (width > 0 ? 2 : 0);
		if (width + need <= columns) {
			best->chosen = true;
			width += need;
		} else {
			best->rank = -1; /* does not fit: never again */
		}
	}
	size_t used = 0;
	for (size_t i = 0; i < list.n; i++) {
		if (!list.v[i].chosen)
			continue;
		int n = snprintf(out + used, outsize - used, "%s%s", used > 0 ? "  " : "", list.v[i].text);
		if (n < 0 || (size_t)n >= outsize - used)
			break;
		used += (size_t)n;
	}
}

bool keymap_has_duplicates(const struct keymap *map)
{
	for (size_t i = 0; i < map->count; i++) {
		const struct keybinding *a = &map->bindings[i];
		for (int k = 0; k < KEYBINDING_MAX_KEYS && a->keys[k] != 0; k++) {
			for (size_t j = i; j < map->count; j++) {
				const struct keybinding *b = &map->bindings[j];
				for (int l = (j == i ? k + 1 : 0); l < KEYBINDING_MAX_KEYS && b->keys[l] != 0; l++) {
					if (a->keys[k] == b->keys[l])
						return true;
				}
			}
		}
	}
	return false;
}

/* ---- the tables ------------------------------------------------------ */

static const struct keybinding generic_bindings[] = {
	{ .action = ACTION_HELP, .keys = { '?', KEY_FN(KEY_F(1)) }, .help = "show every key", .hint = "help", .rank = 6 },
	{ .action = ACTION_REDRAW, .keys = { KEY_CTRL('l') }, .help = "redraw the screen" },
	{ .action = ACTION_UNDO, .keys = { 'u' }, .help = "undo the last change (again: the one before)" },
	{ .action = ACTION_QUIT, .keys = { 'q', KEY_CTRL('c') }, .help = "quit (close this view)", .hint = "quit", .rank = 7 },
};

const struct keymap keymap_generic = {
	.title = "Everywhere",
	.bindings = generic_bindings,
	.count = sizeof generic_bindings / sizeof generic_bindings[0],
};

/*
 * The browser.  Letters in lower case are commands; upper-case letters
 * A-Z and '#' jump to that tab (handled by the browser before this table,
 * listed here for help as ACTION_JUMP_TAB).
 */
static const struct keybinding browser_bindings[] = {
	{ .action = ACTION_PREV, .keys = { KEY_FN(KEY_LEFT), 'h', KEY_FN(KEY_BACKSPACE), 127 }, .help = "previous card", .hint = "flip", .rank = 1 },
	{ .action = ACTION_NEXT, .keys = { KEY_FN(KEY_RIGHT), 'l', ' ' }, .help = "next card", .hint = "flip", .rank = 1 },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), '<' }, .help = "first card" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), '>' }, .help = "last card" },
	{ .action = ACTION_JUMP_TAB, .keys = { 'A', '#' }, .help = "jump to a letter: upper case A to Z, # for other initials" },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "scroll the card (list: next name)" },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "scroll the card back (list: previous name)" },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE) }, .help = "a page forward" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page back" },
	{ .action = ACTION_SEARCH, .keys = { '/' }, .help = "search as you type: words, phone digits, tag: org: due: last: is: (Enter keeps, Esc clears)", .hint = "search", .rank = 4 },
	{ .action = ACTION_FILTER, .keys = { 'f' }, .help = "filter: tag, list of tags, due, birthday, trash" },
	{ .action = ACTION_FILTER_DUE, .keys = { '!' }, .help = "due cards only (toggle)" },
	{ .action = ACTION_CLEAR, .keys = { KEY_ESCAPE }, .help = "clear marks, then the filter", .hint = "clear", .rank = 10 },
	{ .action = ACTION_LIST_PANE, .keys = { '\t', 'v' }, .help = "list of names (toggle)" },
	{ .action = ACTION_SORT, .keys = { 'o' }, .help = "sort by name, last contacted or due date (A to Z then jump within that order)", .hint = "sort", .rank = 11 },
	{ .action = ACTION_CONTACTED, .keys = { 'c' }, .help = "mark contacted (the marked cards, if any)", .hint = "contacted", .rank = 3 },
	{ .action = ACTION_NOTE, .keys = { 'n' }, .help = "new note", .hint = "note", .rank = 5 },
	{ .action = ACTION_EDIT, .keys = { 'e' }, .help = "edit the card", .hint = "edit", .rank = 8 },
	{ .action = ACTION_ADD, .keys = { 'a' }, .help = "add a card", .hint = "add", .rank = 9 },
	{ .action = ACTION_DELETE, .keys = { 'd', KEY_FN(KEY_DC) }, .help = "move to the trash (in the trash: restore)" },
	{ .action = ACTION_TIMELINE, .keys = { 'i' }, .help = "timeline: every note and touch, newest first (read, edit, delete)" },
	{ .action = ACTION_LATEST_NOTE, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "the newest note in full (e edits it, d deletes it)" },
	{ .action = ACTION_BIRTHDAYS, .keys = { 'b' }, .help = "birthdays in the coming weeks" },
	{ .action = ACTION_DUPLICATES, .keys = { '=' }, .help = "likely duplicate cards, to merge" },
	{ .action = ACTION_TAGS, .keys = { 't' }, .help = "tags with their cards and rhythms: rename, set, filter" },
	{ .action = ACTION_MARK, .keys = { 'm' }, .help = "mark or unmark the card (for a bulk touch)" },
	{ .action = ACTION_ADDRESSES, .keys = { 'y' }, .help = "addresses of the marked cards (or the filter) as one To: line, to copy or save" },
	{ .action = ACTION_REVIEW, .keys = { 'r' }, .help = "start or resume the review", .hint = "review", .rank = 2 },
	{ .action = ACTION_LOAD_DEMO, .keys = { KEY_CTRL('d') }, .help = "load the demo cards (empty rolodex)", .hint = "demo cards", .rank = 2 },
};

const struct keymap keymap_browser = {
	.title = "Card browser",
	.bindings = browser_bindings,
	.count = sizeof browser_bindings / sizeof browser_bindings[0],
};

/* Lists, timelines and help: move and close. */
static const struct keybinding pager_bindings[] = {
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "down", .hint = "scroll", .rank = 2 },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "up", .hint = "scroll", .rank = 2 },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE), ' ' }, .help = "a page down" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page up" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), 'g' }, .help = "top" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), 'G' }, .help = "bottom" },
	{ .action = ACTION_SELECT, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "open the card", .hint = "open", .rank = 3 },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "close", .hint = "close", .rank = 1 },
};

const struct keymap keymap_pager = {
	.title = "Lists and timelines",
	.bindings = pager_bindings,
	.count = sizeof pager_bindings / sizeof pager_bindings[0],
};

/* The card form's own keys; text editing is keymap_line_edit's. */
static const struct keybinding form_bindings[] = {
	{ .action = ACTION_NEXT, .keys = { '\t', '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "next field (a value, then its label)", .hint = "next", .rank = 3 },
	{ .action = ACTION_PREV, .keys = { KEY_FN(KEY_BTAB) }, .help = "previous field" },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN) }, .help = "the field below" },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP) }, .help = "the field above" },
	{ .action = ACTION_SELECT, .keys = { KEY_CTRL('s') }, .help = "save", .hint = "save", .rank = 1 },
	{ .action = ACTION_ADD, .keys = { KEY_CTRL('n') }, .help = "add another value of this kind (email, phone ...)", .hint = "add value", .rank = 4 },
	{ .action = ACTION_DELETE, .keys = { KEY_CTRL('k') }, .help = "remove this value (asks first when it has text)" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "cancel (asks first when something changed)", .hint = "cancel", .rank = 2 },
};

const struct keymap keymap_form = {
	.title = "Card form",
	.bindings = form_bindings,
	.count = sizeof form_bindings / sizeof form_bindings[0],
};

static const struct keybinding note_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { KEY_CTRL('s') }, .help = "save the note", .hint = "save", .rank = 1 },
	{ .action = ACTION_EDIT, .keys = { KEY_CTRL('e') }, .help = "edit in $EDITOR", .hint = "$EDITOR", .rank = 3 },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "cancel (asks first when text would be lost)", .hint = "cancel", .rank = 2 },
	{ .action = ACTION_NEW_LINE, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "new line (the text after the cursor goes with it)" },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP) }, .help = "a screen row up (a wrapped line row by row)" },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN) }, .help = "a screen row down" },
};

const struct keymap keymap_note = {
	.title = "Note editor",
	.bindings = note_bindings,
	.count = sizeof note_bindings / sizeof note_bindings[0],
};

/*
 * Text editing, the same in the card form, every prompt and the note
 * editor: lineedit.c dispatches on this table.  ^K is not here: it means
 * "remove this value" in the form and nothing elsewhere.
 */
static const struct keybinding line_edit_bindings[] = {
	{ .action = ACTION_CURSOR_LEFT, .keys = { KEY_FN(KEY_LEFT), KEY_CTRL('b') }, .help = "a character left" },
	{ .action = ACTION_CURSOR_RIGHT, .keys = { KEY_FN(KEY_RIGHT), KEY_CTRL('f') }, .help = "a character right" },
	{ .action = ACTION_LINE_START, .keys = { KEY_FN(KEY_HOME), KEY_CTRL('a') }, .help = "start of the line" },
	{ .action = ACTION_LINE_END, .keys = { KEY_FN(KEY_END), KEY_CTRL('e') }, .help = "end of the line (notes: End only)" },
	{ .action = ACTION_DELETE_BACK, .keys = { KEY_FN(KEY_BACKSPACE), 127, KEY_CTRL('h') }, .help = "delete the character before the cursor" },
	{ .action = ACTION_DELETE_FORWARD, .keys = { KEY_FN(KEY_DC), KEY_CTRL('d') }, .help = "delete the character under the cursor" },
	{ .action = ACTION_DELETE_WORD, .keys = { KEY_CTRL('w') }, .help = "delete the word before the cursor" },
	{ .action = ACTION_DELETE_TO_START, .keys = { KEY_CTRL('u') }, .help = "delete to the start of the line" },
	{ .action = ACTION_COMPLETE, .keys = { '\t' }, .help = "complete a tag name after tag: in the search, and in the filter's tag (again: the next name)" },
};

const struct keymap keymap_line_edit = {
	.title = "Text fields (forms, prompts, notes)",
	.bindings = line_edit_bindings,
	.count = sizeof line_edit_bindings / sizeof line_edit_bindings[0],
};

/* The address list: one To: line to copy or save. */
static const struct keybinding addresses_bindings[] = {
	{ .action = ACTION_COPY, .keys = { 'y', 'c' }, .help = "copy the To: line to the clipboard through the terminal (OSC 52; needs clipboard = on in the config)", .hint = "copy", .rank = 1 },
	{ .action = ACTION_SAVE_FILE, .keys = { 's', 'w' }, .help = "save the To: line to a file (asks before replacing one)", .hint = "save to a file", .rank = 2 },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "down", .hint = "scroll", .rank = 4 },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "up", .hint = "scroll", .rank = 4 },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE), ' ' }, .help = "a page down" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page up" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), 'g' }, .help = "top" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), 'G' }, .help = "bottom" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "close", .hint = "close", .rank = 3 },
};

const struct keymap keymap_addresses = {
	.title = "Address list",
	.bindings = addresses_bindings,
	.count = sizeof addresses_bindings / sizeof addresses_bindings[0],
};

/* The duplicates list: Enter merges the right card into the left one. */
static const struct keybinding duplicates_bindings[] = {
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "previous pair", .hint = "move", .rank = 2 },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "next pair", .hint = "move", .rank = 2 },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE), ' ' }, .help = "a page down" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page up" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), 'g' }, .help = "first pair" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), 'G' }, .help = "last pair" },
	{ .action = ACTION_SELECT, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "merge the right card into the left one (asks first)", .hint = "merge", .rank = 1 },
	{ .action = ACTION_SWAP, .keys = { 'x', '\t' }, .help = "swap which card is kept", .hint = "swap", .rank = 3 },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "close", .hint = "close", .rank = 1 },
};

const struct keymap keymap_duplicates = {
	.title = "Duplicates",
	.bindings = duplicates_bindings,
	.count = sizeof duplicates_bindings / sizeof duplicates_bindings[0],
};

/* The tags screen: Enter filters the browser by the tag. */
static const struct keybinding tags_bindings[] = {
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "previous tag", .hint = "move", .rank = 5 },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "next tag", .hint = "move", .rank = 5 },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE), ' ' }, .help = "a page down" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page up" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), 'g' }, .help = "first tag" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), 'G' }, .help = "last tag" },
	{ .action = ACTION_SELECT, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "show the tag's cards in the browser (Esc there clears the filter)", .hint = "show cards", .rank = 1 },
	{ .action = ACTION_EDIT, .keys = { 'e' }, .help = "rename the tag on every card (to a tag that exists: merges the two, asking first)", .hint = "rename", .rank = 3 },
	{ .action = ACTION_CADENCE, .keys = { 'r' }, .help = "set the rhythm the tag's cards inherit (3m, 45d, 1y; none or empty clears it)", .hint = "rhythm", .rank = 4 },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "close", .hint = "close", .rank = 2 },
};

const struct keymap keymap_tags = {
	.title = "Tags",
	.bindings = tags_bindings,
	.count = sizeof tags_bindings / sizeof tags_bindings[0],
};

/* "Mark contacted": one key picks the channel (channel_key, listed beside
 * this table in help), then these. */
static const struct keybinding contacted_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "pick the default channel; then record the touch" },
	{ .action = ACTION_NEXT, .keys = { '\t', KEY_FN(KEY_BTAB), KEY_FN(KEY_DOWN), KEY_FN(KEY_UP) }, .help = "the other field: the day or the note" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "cancel, recording nothing" },
};

const struct keymap keymap_contacted = {
	.title = "Mark contacted",
	.bindings = contacted_bindings,
	.count = sizeof contacted_bindings / sizeof contacted_bindings[0],
};

/* The filter menu (f in the browser): one key, then the menu closes. */
static const struct keybinding filter_bindings[] = {
	{ .action = ACTION_FILTER_TAG, .keys = { 't' }, .help = "cards with a tag…" },
	{ .action = ACTION_TAGS, .keys = { 'l' }, .help = "a tag from the list of tags…" },
	{ .action = ACTION_FILTER_DUE, .keys = { 'd' }, .help = "due cards" },
	{ .action = ACTION_FILTER_BIRTHDAY, .keys = { 'b' }, .help = "cards with a birthday" },
	{ .action = ACTION_FILTER_TRASH, .keys = { 'x' }, .help = "the trash" },
	{ .action = ACTION_FILTER_ALL, .keys = { 'a' }, .help = "all cards (clear filters)" },
};

const struct keymap keymap_filter = {
	.title = "Filter menu (f)",
	.bindings = filter_bindings,
	.count = sizeof filter_bindings / sizeof filter_bindings[0],
};

/* A one-line prompt: search, rhythm, snooze, a tag. */
static const struct keybinding prompt_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "accept (search: keep the filter)" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "cancel (search: clear it)" },
};

const struct keymap keymap_prompt = {
	.title = "Prompts (search, rhythm, snooze, tag)",
	.bindings = prompt_bindings,
	.count = sizeof prompt_bindings / sizeof prompt_bindings[0],
};

/* A yes/no question. */
static const struct keybinding confirm_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { 'y', 'Y' }, .help = "yes", .hint = "yes", .rank = 1 },
	{ .action = ACTION_CANCEL, .keys = { 'n', 'N', KEY_ESCAPE }, .help = "no", .hint = "no", .rank = 2 },
};

const struct keymap keymap_confirm = {
	.title = "Question",
	.bindings = confirm_bindings,
	.count = sizeof confirm_bindings / sizeof confirm_bindings[0],
};

/* A card's timeline of notes and touches. */
static const struct keybinding timeline_bindings[] = {
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "next (older) entry; in an open entry: scroll", .hint = "move" },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "previous (newer) entry; in an open entry: scroll back", .hint = "move" },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE), ' ' }, .help = "a page down" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page up" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), 'g' }, .help = "newest" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), 'G' }, .help = "oldest" },
	{ .action = ACTION_SELECT, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "open the entry in full", .hint = "open" },
	{ .action = ACTION_EDIT, .keys = { 'e' }, .help = "edit the note, or the touch's date, channel and note", .hint = "edit" },
	{ .action = ACTION_DELETE, .keys = { 'd', KEY_FN(KEY_DC) }, .help = "delete the note or touch (asks first)", .hint = "delete" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "close (an open entry: back to the list)", .hint = "close" },
};

const struct keymap keymap_timeline = {
	.title = "Timeline",
	.bindings = timeline_bindings,
	.count = sizeof timeline_bindings / sizeof timeline_bindings[0],
};

/* Correcting a touch: its date, channel and note. */
static const struct keybinding touch_bindings[] = {
	{ .action = ACTION_NEXT, .keys = { '\t', KEY_FN(KEY_DOWN) }, .help = "next field", .hint = "next" },
	{ .action = ACTION_PREV, .keys = { KEY_FN(KEY_BTAB), KEY_FN(KEY_UP) }, .help = "previous field" },
	{ .action = ACTION_SELECT, .keys = { KEY_CTRL('s') }, .help = "save", .hint = "save" },
	{ .action = ACTION_NEXT_OR_SAVE, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "next field; on the note: save" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "cancel (asks first when something changed)", .hint = "cancel" },
};

const struct keymap keymap_touch = {
	.title = "Touch",
	.bindings = touch_bindings,
	.count = sizeof touch_bindings / sizeof touch_bindings[0],
};

/*
 * The keys of each state: a card of the queue; the offer to go on through
 * every other card; and the end (the summary, or nobody due).  Dispatch,
 * hints and help read the table of the state the review is in.
 */
static const struct keybinding review_bindings[] = {
	{ .action = ACTION_CONTACTED, .keys = { 'c' }, .help = "mark contacted (channel, optional note), then the next card", .hint = "contacted", .rank = 1 },
	{ .action = ACTION_NOTE, .keys = { 'n' }, .help = "write a note on this card", .hint = "note", .rank = 3 },
	{ .action = ACTION_SKIP, .keys = { 's', KEY_FN(KEY_RIGHT), 'l', ' ' }, .help = "skip to the next card", .hint = "skip", .rank = 2 },
	{ .action = ACTION_BACK, .keys = { KEY_FN(KEY_LEFT), 'h' }, .help = "back to the previous card", .hint = "back", .rank = 7 },
	{ .action = ACTION_SNOOZE, .keys = { 'z' }, .help = "snooze: asks how long (1w, 2w, 1m, 3m, a date; Enter: until next month's review)", .hint = "snooze", .rank = 4 },
	{ .action = ACTION_EDIT, .keys = { 'e' }, .help = "edit the card", .hint = "edit", .rank = 8 },
	{ .action = ACTION_CADENCE, .keys = { 'r' }, .help = "set the keep-in-touch rhythm (3m, 45d, none, inherit)", .hint = "rhythm", .rank = 6 },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "scroll the card" },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "scroll the card back" },
	{ .action = ACTION_PAUSE, .keys = { 'q', KEY_ESCAPE }, .help = "pause the review (r or `rolodex review` resumes it)", .hint = "pause", .rank = 5 },
	{ .action = ACTION_ABANDON, .keys = { 'X' }, .help = "abandon the review (asks first; what was done at its cards stays)" },
};

const struct keymap keymap_review = {
	.title = "Review",
	.bindings = review_bindings,
	.count = sizeof review_bindings / sizeof review_bindings[0],
};

static const struct keybinding review_offer_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { 'y', '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "go on through every other card, longest untouched first", .hint = "go on", .rank = 1 },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "finish the review here", .hint = "finish", .rank = 2 },
	{ .action = ACTION_BACK, .keys = { KEY_FN(KEY_LEFT), 'h' }, .help = "back to the last card", .hint = "back", .rank = 4 },
	{ .action = ACTION_PAUSE, .keys = { 'q' }, .help = "pause the review (r or `rolodex review` resumes it)", .hint = "pause", .rank = 3 },
};

const struct keymap keymap_review_offer = {
	.title = "Review: the due cards are done",
	.bindings = review_offer_bindings,
	.count = sizeof review_offer_bindings / sizeof review_offer_bindings[0],
};

static const struct keybinding review_end_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { 'y' }, .help = "go through every card anyway (when nobody is due)", .hint = "every card", .rank = 2 },
	{ .action = ACTION_CANCEL, .keys = { 'q', KEY_ESCAPE, '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "back to the cards", .hint = "back to the cards", .rank = 1 },
};

const struct keymap keymap_review_end = {
	.title = "Review: the end",
	.bindings = review_end_bindings,
	.count = sizeof review_end_bindings / sizeof review_end_bindings[0],
};

static const struct keybinding review_stale_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { 'y', '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "refresh the queue: add the cards due now, drop the ones no longer due, keep what was done", .hint = "refresh", .rank = 1 },
	{ .action = ACTION_ABANDON, .keys = { 'X' }, .help = "start over: a new review of everyone due today (what was done stays)", .hint = "start over", .rank = 2 },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "go on with the review as it was queued", .hint = "as it is", .rank = 3 },
	{ .action = ACTION_PAUSE, .keys = { 'q' }, .help = "pause the review (r or `rolodex review` resumes it)", .hint = "pause", .rank = 4 },
};

const struct keymap keymap_review_stale = {
	.title = "Review: queued in an earlier month",
	.bindings = review_stale_bindings,
	.count = sizeof review_stale_bindings / sizeof review_stale_bindings[0],
};

static const struct keybinding review_again_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { 'y' }, .help = "start a new review anyway", .hint = "new review", .rank = 2 },
	{ .action = ACTION_CANCEL, .keys = { 'q', KEY_ESCAPE, '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "back to the cards", .hint = "back to the cards", .rank = 1 },
};

const struct keymap keymap_review_again = {
	.title = "Review: finished today",
	.bindings = review_again_bindings,
	.count = sizeof review_again_bindings / sizeof review_again_bindings[0],
};

const struct keymap *const keymap_all[] = {
	&keymap_browser,
	&keymap_contacted,
	&keymap_filter,
	&keymap_line_edit,
	&keymap_prompt,
	&keymap_form,
	&keymap_note,
	&keymap_pager,
	&keymap_timeline,
	&keymap_touch,
	&keymap_duplicates,
	&keymap_addresses,
	&keymap_tags,
	&keymap_review,
	&keymap_review_offer,
	&keymap_review_stale,
	&keymap_review_end,
	&keymap_review_again,
	&keymap_confirm,
	&keymap_generic,
};

const size_t keymap_all_count = sizeof keymap_all / sizeof keymap_all[0];
