/*
 * keymap.c - keys as ints, their names, and the keymap tables that turn keys
 * into actions.  Dispatch (app.c), the `?` help overlay (view_help.c) and the
 * status-line hints all read these same tables, so help cannot drift from
 * what the keys do.  No drawing here; unit tests use it without a terminal.
 */
#include <curses.h>
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
		int n = snprintf(out + used, outsize - used, "%s%s", k > 0 ? " " : "", name);
		if (n < 0 || (size_t)n >= outsize - used)
			break;
		used += (size_t)n;
	}
}

/* Appends one hint ("←→ flip") when it fits in columns; returns false when
 * it did not. */
static bool hint_append(char *out, size_t outsize, int *width, int columns, const char *keys, const char *hint)
{
	char piece[96];
	int n = snprintf(piece, sizeof piece, "%s%s %s", *width > 0 ? "  " : "", keys, hint);
	int w = text_width(piece);
	size_t used = strlen(out);

	if (n < 0 || *width + w > columns || used + (size_t)n + 1 > outsize)
		return false;
	memcpy(out + used, piece, (size_t)n + 1);
	*width += w;
	return true;
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

/* Hints of map's bindings, leaving out keys that `over` binds itself. */
static bool hints_from(const struct keymap *map, const struct keymap *over, int columns, char *out, size_t outsize,
		       int *width)
{
	if (map == NULL)
		return true;
	for (size_t i = 0; i < map->count; i++) {
		const struct keybinding *b = &map->bindings[i];
		if (b->hint == NULL || b->keys[0] == 0 || keymap_binds(over, b->keys[0]))
			continue;
		char keys[64];
		key_label(b->keys[0], keys, sizeof keys);
		/* Adjacent bindings with the same hint share it: "←→ flip". */
		while (i + 1 < map->count && map->bindings[i + 1].hint != NULL &&
		       strcmp(map->bindings[i + 1].hint, b->hint) == 0) {
			char more[32];
			key_label(map->bindings[i + 1].keys[0], more, sizeof more);
			strncat(keys, more, sizeof keys - strlen(keys) - 1);
			i++;
		}
		if (!hint_append(out, outsize, width, columns, keys, b->hint))
			return false;
	}
	return true;
}

void keymap_hints(const struct keymap *map, int columns, char *out, size_t outsize)
{
	char generic[128] = "";
	int gwidth = 0;
	int width = 0;

	if (outsize == 0)
		return;
	out[0] = '\0';
	/* The generic hints (help, quit) always show, at the end. */
	hints_from(&keymap_generic, map != &keymap_generic ? map : NULL, columns, generic, sizeof generic, &gwidth);
	if (map != &keymap_generic)
		hints_from(map, NULL, columns - gwidth - 2, out, outsize, &width);
	if (generic[0] != '\0' && width + 2 + gwidth <= columns)
		snprintf(out + strlen(out), outsize - strlen(out), "%s%s", width > 0 ? "  " : "", generic);
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
	{ .action = ACTION_HELP, .keys = { '?', KEY_FN(KEY_F(1)) }, .help = "show every key", .hint = "help" },
	{ .action = ACTION_REDRAW, .keys = { KEY_CTRL('l') }, .help = "redraw the screen" },
	{ .action = ACTION_QUIT, .keys = { 'q', KEY_CTRL('c') }, .help = "quit (close this view)", .hint = "quit" },
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
	{ .action = ACTION_PREV, .keys = { KEY_FN(KEY_LEFT), 'h', KEY_FN(KEY_BACKSPACE), 127 }, .help = "previous card", .hint = "flip" },
	{ .action = ACTION_NEXT, .keys = { KEY_FN(KEY_RIGHT), 'l', ' ' }, .help = "next card", .hint = "flip" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), '<' }, .help = "first card" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), '>' }, .help = "last card" },
	{ .action = ACTION_JUMP_TAB, .keys = { 'A', '#' }, .help = "jump to a letter: upper case A to Z, # for other initials" },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "scroll the card (list: next name)" },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "scroll the card back (list: previous name)" },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE) }, .help = "a page forward" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page back" },
	{ .action = ACTION_SEARCH, .keys = { '/' }, .help = "search as you type (Enter keeps, Esc clears)", .hint = "search" },
	{ .action = ACTION_FILTER, .keys = { 'f' }, .help = "filter: tag, due, birthday, trash" },
	{ .action = ACTION_FILTER_DUE, .keys = { '!' }, .help = "due cards only (toggle)" },
	{ .action = ACTION_CLEAR, .keys = { KEY_ESCAPE }, .help = "clear marks, then the filter" },
	{ .action = ACTION_LIST_PANE, .keys = { '\t', 'v' }, .help = "list of names (toggle)" },
	{ .action = ACTION_CONTACTED, .keys = { 'c' }, .help = "mark contacted (the marked cards, if any)", .hint = "contacted" },
	{ .action = ACTION_NOTE, .keys = { 'n' }, .help = "new note", .hint = "note" },
	{ .action = ACTION_EDIT, .keys = { 'e' }, .help = "edit the card", .hint = "edit" },
	{ .action = ACTION_ADD, .keys = { 'a' }, .help = "add a card", .hint = "add" },
	{ .action = ACTION_DELETE, .keys = { 'd', KEY_FN(KEY_DC) }, .help = "move to the trash (in the trash: restore)" },
	{ .action = ACTION_UNDO, .keys = { 'u' }, .help = "undo the last trash or restore" },
	{ .action = ACTION_TIMELINE, .keys = { 'i' }, .help = "timeline: every note and touch, newest first (read, edit, delete)" },
	{ .action = ACTION_LATEST_NOTE, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "the newest note in full (e edits it, d deletes it)" },
	{ .action = ACTION_BIRTHDAYS, .keys = { 'b' }, .help = "birthdays in the coming weeks" },
	{ .action = ACTION_DUPLICATES, .keys = { '=' }, .help = "likely duplicate cards, to merge" },
	{ .action = ACTION_MARK, .keys = { 'm' }, .help = "mark or unmark the card (for a bulk touch)" },
	{ .action = ACTION_ADDRESSES, .keys = { 'y' }, .help = "email addresses of the marked cards (or the filter)" },
	{ .action = ACTION_REVIEW, .keys = { 'r' }, .help = "start or resume the review", .hint = "review" },
	{ .action = ACTION_LOAD_DEMO, .keys = { KEY_CTRL('d') }, .help = "load the demo cards (empty rolodex)" },
};

const struct keymap keymap_browser = {
	.title = "Card browser",
	.bindings = browser_bindings,
	.count = sizeof browser_bindings / sizeof browser_bindings[0],
};

/* Lists, timelines and help: move and close. */
static const struct keybinding pager_bindings[] = {
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "down", .hint = "scroll" },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "up", .hint = "scroll" },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE), ' ' }, .help = "a page down" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page up" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), 'g' }, .help = "top" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), 'G' }, .help = "bottom" },
	{ .action = ACTION_SELECT, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "open the card" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "close", .hint = "close" },
};

const struct keymap keymap_pager = {
	.title = "Lists and timelines",
	.bindings = pager_bindings,
	.count = sizeof pager_bindings / sizeof pager_bindings[0],
};

/* Forms, prompts and editors: listed for help; text entry reads raw keys. */
static const struct keybinding form_bindings[] = {
	{ .action = ACTION_NEXT, .keys = { '\t' }, .help = "next field (a value, then its label)", .hint = "next" },
	{ .action = ACTION_PREV, .keys = { KEY_FN(KEY_BTAB) }, .help = "previous field" },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN) }, .help = "the field below" },
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP) }, .help = "the field above" },
	{ .action = ACTION_SELECT, .keys = { KEY_CTRL('s') }, .help = "save", .hint = "save" },
	{ .action = ACTION_ADD, .keys = { KEY_CTRL('n') }, .help = "add another value of this kind (email, phone ...)", .hint = "add value" },
	{ .action = ACTION_DELETE, .keys = { KEY_CTRL('k') }, .help = "remove this value (asks first when it has text)" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "cancel (asks first when something changed)", .hint = "cancel" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), KEY_CTRL('a') }, .help = "start of the line" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), KEY_CTRL('e') }, .help = "end of the line" },
	{ .action = ACTION_UNDO, .keys = { KEY_CTRL('w') }, .help = "delete the word before the cursor" },
	{ .action = ACTION_CLEAR, .keys = { KEY_CTRL('u') }, .help = "delete to the start of the line" },
};

const struct keymap keymap_form = {
	.title = "Card form",
	.bindings = form_bindings,
	.count = sizeof form_bindings / sizeof form_bindings[0],
};

static const struct keybinding note_bindings[] = {
	{ .action = ACTION_SELECT, .keys = { KEY_CTRL('s') }, .help = "save the note", .hint = "save" },
	{ .action = ACTION_EDIT, .keys = { KEY_CTRL('e') }, .help = "edit in $EDITOR", .hint = "$EDITOR" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "cancel (asks first when text would be lost)", .hint = "cancel" },
	{ .action = ACTION_NEXT, .keys = { '\r' }, .help = "new line" },
	{ .action = ACTION_UNDO, .keys = { KEY_CTRL('w') }, .help = "delete the word before the cursor" },
	{ .action = ACTION_CLEAR, .keys = { KEY_CTRL('u') }, .help = "delete to the start of the line" },
};

const struct keymap keymap_note = {
	.title = "Note editor",
	.bindings = note_bindings,
	.count = sizeof note_bindings / sizeof note_bindings[0],
};

/* The duplicates list: Enter merges the right card into the left one. */
static const struct keybinding duplicates_bindings[] = {
	{ .action = ACTION_SCROLL_UP, .keys = { KEY_FN(KEY_UP), 'k' }, .help = "previous pair", .hint = "move" },
	{ .action = ACTION_SCROLL_DOWN, .keys = { KEY_FN(KEY_DOWN), 'j' }, .help = "next pair", .hint = "move" },
	{ .action = ACTION_PAGE_DOWN, .keys = { KEY_FN(KEY_NPAGE), ' ' }, .help = "a page down" },
	{ .action = ACTION_PAGE_UP, .keys = { KEY_FN(KEY_PPAGE) }, .help = "a page up" },
	{ .action = ACTION_FIRST, .keys = { KEY_FN(KEY_HOME), 'g' }, .help = "first pair" },
	{ .action = ACTION_LAST, .keys = { KEY_FN(KEY_END), 'G' }, .help = "last pair" },
	{ .action = ACTION_SELECT, .keys = { '\r', '\n', KEY_FN(KEY_ENTER) }, .help = "merge the right card into the left one (asks first)", .hint = "merge" },
	{ .action = ACTION_SWAP, .keys = { 'x', '\t' }, .help = "swap which card is kept", .hint = "swap" },
	{ .action = ACTION_CANCEL, .keys = { KEY_ESCAPE }, .help = "close", .hint = "close" },
};

const struct keymap keymap_duplicates = {
	.title = "Duplicates",
	.bindings = duplicates_bindings,
	.count = sizeof duplicates_bindings / sizeof duplicates_bindings[0],
};
