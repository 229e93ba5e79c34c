/*
 * keymap.h - keys as ints, the named actions they trigger, and the tables
 * (keymap.c) that map one to the other per view.  Dispatch, the help
 * overlay and the status-line hints all read the same tables.  Private to
 * src/tui.
 */
#ifndef ROLODEX_TUI_KEYMAP_H
#define ROLODEX_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

/* ---- keys ------------------------------------------------------------- */

/*
 * A key is one int: a Unicode character as itself, a curses function key
 * (KEY_LEFT, KEY_RESIZE, KEY_MOUSE ...) as KEY_FN(code).  Function keys sit
 * above U+10FFFF so they never collide with characters.
 */
#define KEY_FN_BASE 0x200000
#define KEY_FN(code) (KEY_FN_BASE + (code))
#define KEY_CTRL(c) ((c) & 0x1f) /* KEY_CTRL('s') == 19 */
#define KEY_ESCAPE 27

/* Encodes what wget_wch returned (its status and the character). */
int key_encode(int status, unsigned int ch);
/* True when key is a function key (KEY_FN). */
bool key_is_fn(int key);
/* A readable name for help and hints: "→", "Home", "space", "^S", "a".
 * Writes into out (NUL-terminated). */
void key_label(int key, char *out, size_t outsize);

/* ---- actions and keymaps --------------------------------------------- */

/*
 * Every named thing a key can do.  Views handle the ones that make sense to
 * them; the review view uses the review-specific ones (skip, back, snooze,
 * pause).  X-macro: name, identifier used in the config and help.
 */
#define ACTION_LIST(_)                          \
	_(NONE, "none")                         \
	_(NEXT, "next")                         \
	_(PREV, "prev")                         \
	_(FIRST, "first")                       \
	_(LAST, "last")                         \
	_(SCROLL_DOWN, "scroll-down")           \
	_(SCROLL_UP, "scroll-up")               \
	_(PAGE_DOWN, "page-down")               \
	_(PAGE_UP, "page-up")                   \
	_(JUMP_TAB, "jump-to-letter")           \
	_(SEARCH, "search")                     \
	_(FILTER, "filter")                     \
	_(FILTER_DUE, "filter-due")             \
	_(FILTER_TAG, "filter-tag")             \
	_(FILTER_BIRTHDAY, "filter-birthday")   \
	_(FILTER_TRASH, "filter-trash")         \
	_(FILTER_ALL, "filter-all")             \
	_(CLEAR, "clear")                       \
	_(LIST_PANE, "list-pane")               \
	_(SORT, "sort")                         \
	_(ADD, "add")                           \
	_(EDIT, "edit")                         \
	_(CONTACTED, "contacted")               \
	_(NOTE, "note")                         \
	_(DELETE, "delete")                     \
	_(UNDO, "undo")                         \
	_(TIMELINE, "timeline")                 \
	_(LATEST_NOTE, "latest-note")           \
	_(BIRTHDAYS, "birthdays")               \
	_(DUPLICATES, "duplicates")             \
	_(TAGS, "tags")                         \
	_(SWAP, "swap")                         \
	_(MARK, "mark")                         \
	_(ADDRESSES, "addresses")               \
	_(REVIEW, "review")                     \
	_(SKIP, "skip")                         \
	_(BACK, "back")                         \
	_(SNOOZE, "snooze")                     \
	_(CADENCE, "cadence")                   \
	_(PAUSE, "pause")                       \
	_(ABANDON, "abandon")                   \
	_(LOAD_DEMO, "load-demo")               \
	_(COPY, "copy")                         \
	_(SAVE_FILE, "save-to-file")            \
	_(COMPLETE, "complete")                 \
	_(CURSOR_LEFT, "cursor-left")           \
	_(CURSOR_RIGHT, "cursor-right")         \
	_(LINE_START, "line-start")             \
	_(LINE_END, "line-end")                 \
	_(DELETE_BACK, "delete-back")           \
	_(DELETE_FORWARD, "delete-forward")     \
	_(DELETE_WORD, "delete-word")           \
	_(DELETE_TO_START, "delete-to-start")   \
	_(NEW_LINE, "new-line")                 \
	_(NEXT_OR_SAVE, "next-or-save")         \
	_(SELECT, "select")                     \
	_(CANCEL, "cancel")                     \
	_(HELP, "help")                         \
	_(REDRAW, "redraw")                     \
	_(QUIT, "quit")

#define ACTION_ENUM(name, text) ACTION_##name,
enum action { ACTION_LIST(ACTION_ENUM) ACTION_COUNT };
#undef ACTION_ENUM

/* "next", "contacted" ... ; never NULL. */
const char *action_name(enum action action);

#define KEYBINDING_MAX_KEYS 6

/*
 * One row of a keymap: an action, the keys that trigger it (0-terminated),
 * a help line, and an optional short status-line hint ("flip") with its
 * importance (rank 1 is the most important; 0 counts as least).  Entries
 * whose hints are equal and adjacent share one hint ("←→ flip").  The
 * first key is the one shown in hints.
 */
struct keybinding {
	enum action action;
	int keys[KEYBINDING_MAX_KEYS];
	const char *help;
	const char *hint;
	int rank;
};

struct keymap {
	const char *title;  /* heading in the help overlay: "Card browser" */
	const struct keybinding *bindings;
	size_t count;
};

/* The shared keymap every view falls back to (help, redraw, quit). */
extern const struct keymap keymap_generic;
/* The browser's, the pagers' (timeline, birthdays, help), the form's and the
 * note editor's tables (keymap.c). */
extern const struct keymap keymap_browser;
extern const struct keymap keymap_pager;
extern const struct keymap keymap_form;
extern const struct keymap keymap_note;
/* Text editing in every field, prompt and note line (lineedit.c dispatches
 * on it); a view's own table is consulted first and must not rebind these
 * keys to something else, except the note editor's ^E and the form's Tab
 * (next field: nothing in the form completes). */
extern const struct keymap keymap_line_edit;
/* The address list (y in the browser): copy, save to a file, scroll, close. */
extern const struct keymap keymap_addresses;
/* The duplicates view's: move, merge, swap which card is kept, close. */
extern const struct keymap keymap_duplicates;
/* The tags screen's: move, show a tag's cards, rename, set the rhythm,
 * close. */
extern const struct keymap keymap_tags;
/* A yes/no question's: y, n or Esc. */
extern const struct keymap keymap_confirm;
/* "Mark contacted" after its channel key, and every one-line prompt
 * (search, rhythm, snooze, tag): both edit text with keymap_line_edit. */
extern const struct keymap keymap_contacted;
extern const struct keymap keymap_prompt;
/* The filter menu's: one key picks which cards the browser shows. */
extern const struct keymap keymap_filter;
/* A card's timeline, and the dialog correcting one of its touches. */
extern const struct keymap keymap_timeline;
extern const struct keymap keymap_touch;
/* The review's, one per state: a card of the queue; the offer to go on
 * through every other card; a review queued in an earlier month; the end;
 * a review already finished today. */
extern const struct keymap keymap_review;
extern const struct keymap keymap_review_offer;
extern const struct keymap keymap_review_stale;
extern const struct keymap keymap_review_end;
extern const struct keymap keymap_review_again;

/* Every table above, in the order the man page's KEYS section lists them
 * (it is generated from this list at build time, see keys_man.c); a new
 * table goes here too, or tests/keys_man.sh fails. */
extern const struct keymap *const keymap_all[];
extern const size_t keymap_all_count;

/* The action bound to key in map, ACTION_NONE when unbound.  map may be
 * NULL. */
enum action keymap_lookup(const struct keymap *map, int key);
/* All key names of a binding joined by " ", e.g. "→ l space". */
void keymap_keys_text(const struct keybinding *binding, char *out, size_t outsize);
/*
 * Status-line hints: the hinted bindings of map whose action `offered`
 * says does something now (NULL: all of them), then, when `generic` is
 * true, the generic map's (help, quit) for keys map does not bind itself.
 * When they do not all fit in `columns` display columns, the least
 * important (highest rank) are left out, whole; the rest keep the table's
 * order: "←→ flip  / search  c contacted  r review  ? help  q quit".
 */
typedef bool (*action_offered_fn)(void *ctx, enum action action);
void keymap_hints(const struct keymap *map, bool generic, action_offered_fn offered, void *ctx, int columns,
		  char *out, size_t outsize);
/* True when map binds a key twice (in one row or in two); used by tests.
 * A view's table may rebind a generic key on purpose (q pauses a review). */
bool keymap_has_duplicates(const struct keymap *map);

#endif
