/*
 * view.h - the TUI's view framework: the application context, a stack of
 * views, keymaps that turn keys into named actions, and the reusable pieces
 * (card box, "mark contacted" prompt, note editor, card form, one-line
 * prompt) that every screen builds on.  Private to src/tui.
 *
 * How a key travels (tig's view driver, tmux's window modes):
 *  1. app.c's loop reads one key with wget_wch and encodes it (key_encode).
 *  2. The top view's ops->key gets the raw key first, when it has one (text
 *     entry needs every character).  VIEW_HANDLED ends the trip.
 *  3. Otherwise the key is looked up in the top view's keymap and then in
 *     the shared keymap (keymap_generic); the action goes to the top view's
 *     ops->action, and when that returns VIEW_UNHANDLED, to the shared
 *     handler (quit, help, redraw).
 * Help (`?`) and status-line hints are generated from the same tables, so
 * they cannot drift from what dispatch does.
 *
 * Drawing: every frame is drawn from scratch from the current screen size
 * (app->rows, app->cols): the views of the stack are drawn bottom to top
 * (a view with ops->overlay draws over the ones below it; otherwise views
 * below are not drawn), then the status line.  Views never call refresh();
 * the loop does.  Text from the database only reaches curses through
 * draw_text()/draw_text_fit(), which sanitize and cut it by columns.
 *
 * Writing a view: define a static struct view_ops with designated
 * initializers at the end of view_<name>.c and an opener, e.g.
 *
 *	void view_timeline_open(struct app *app, int64_t card_id)
 *	{
 *		struct timeline *t = xcalloc(1, sizeof *t);
 *		...
 *		app_push(app, &timeline_ops, t);
 *	}
 *
 * A view closes itself with app_pop(app, view); the loop frees it (calling
 * ops->close) after the current dispatch returns, so a view may pop itself
 * from inside its own callbacks.
 */
#ifndef ROLODEX_TUI_VIEW_H
#define ROLODEX_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/card.h"
#include "rolodex/note.h"
#include "rolodex/status.h"
#include "rolodex/tui.h"

struct db;
struct app;
struct view;

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
	_(CLEAR, "clear")                       \
	_(LIST_PANE, "list-pane")               \
	_(ADD, "add")                           \
	_(EDIT, "edit")                         \
	_(CONTACTED, "contacted")               \
	_(NOTE, "note")                         \
	_(DELETE, "delete")                     \
	_(UNDO, "undo")                         \
	_(TIMELINE, "timeline")                 \
	_(BIRTHDAYS, "birthdays")               \
	_(DUPLICATES, "duplicates")             \
	_(SWAP, "swap")                         \
	_(MARK, "mark")                         \
	_(ADDRESSES, "addresses")               \
	_(REVIEW, "review")                     \
	_(SKIP, "skip")                         \
	_(BACK, "back")                         \
	_(SNOOZE, "snooze")                     \
	_(CADENCE, "cadence")                   \
	_(PAUSE, "pause")                       \
	_(LOAD_DEMO, "load-demo")               \
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
 * a help line, and an optional short status-line hint ("flip").  Entries
 * whose hints are equal and adjacent share one hint ("←→ flip").  The
 * first key is the one shown in hints.
 */
struct keybinding {
	enum action action;
	int keys[KEYBINDING_MAX_KEYS];
	const char *help;
	const char *hint;
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
/* The duplicates view's: move, merge, swap which card is kept, close. */
extern const struct keymap keymap_duplicates;

/* The action bound to key in map, ACTION_NONE when unbound.  map may be
 * NULL. */
enum action keymap_lookup(const struct keymap *map, int key);
/* All key names of a binding joined by " ", e.g. "→ l space". */
void keymap_keys_text(const struct keybinding *binding, char *out, size_t outsize);
/*
 * Status-line hints for map (then the generic map), at most `columns`
 * display columns, whole hints only: "←→ flip  / search  ? help  q quit".
 */
void keymap_hints(const struct keymap *map, int columns, char *out, size_t outsize);
/* True when two bindings in map (or map and the generic map, for keys
 * that map does not override on purpose) share a key; used by tests. */
bool keymap_has_duplicates(const struct keymap *map);

/* ---- geometry -------------------------------------------------------- */

struct rect {
	int y, x, h, w;
};

/* Below this the screen shows "terminal too small" and nothing else. */
#define SCREEN_MIN_ROWS 8
#define SCREEN_MIN_COLS 30

/*
 * The browser's layout for a screen size (layout.c, pure arithmetic, unit
 * tested).  Row 0 is the tab strip, the last two rows the status line and
 * the hints; the card box is centred in between, at most CARD_MAX_WIDTH
 * wide; the list pane sits left of the card when the screen is wide enough
 * (LIST_BESIDE_MIN_COLS), otherwise it replaces the card.  The card is
 * CARD_BASE_HEIGHT rows high (less on a small screen) and grows up to
 * card_room rows when its content wants more (layout_card_fit).
 */
#define CARD_MAX_WIDTH 64
#define CARD_BASE_HEIGHT 18
#define CARD_MIN_WIDTH 24
#define LIST_WIDTH 34     /* the list pane beside the card, at least */
#define LIST_MAX_WIDTH 72 /* and at most, however wide the screen */
#define LIST_BESIDE_MIN_COLS 100
#define LIST_DEFAULT_MIN_COLS 120 /* list = auto shows it from here on */
#define TAB_COUNT 27 /* A..Z and # */

struct layout {
	bool too_small;
	struct rect tabs;  /* the A-Z strip */
	struct rect card;  /* the card box, border included; w == 0 when hidden */
	int card_top;      /* the card may grow from this row ... */
	int card_room;     /* ... to this many rows (its back edge below) */
	struct rect list;  /* the list pane; w == 0 when hidden */
	struct rect status; /* status line (position, filter, message) */
	struct rect hints;  /* key hints; h == 0 when there is no room */
	int tab_x[TAB_COUNT]; /* column of each tab letter */
	int tab_step;      /* columns per tab (1 or 2) */
};
void layout_compute(int rows, int cols, bool list_pane, struct layout *out);
/* The card box for a card that wants `height` rows (border included):
 * layout->card's columns, between layout->card.h and card_room rows high,
 * placed as layout_compute places the card. */
struct rect layout_card_fit(const struct layout *layout, int height);
/* The tab (0..26, 26 is '#') at screen column x of the strip, or -1. */
int layout_tab_at(const struct layout *layout, int x);
/* Tab letter of index i: 'A'..'Z', '#'. */
char layout_tab_char(int i);
/*
 * Word wrap: the number of bytes of s that make its next line in `width`
 * columns, breaking after a space when one is in reach, else at a character
 * boundary (never inside a UTF-8 sequence); stops at '\n' (not counted).
 * Returns 0 for an empty s or an empty line (then *skip is 1).  *skip gets how many bytes to skip after
 * the line (the newline or the spaces it broke at).
 */
size_t layout_wrap(const char *s, int width, size_t *skip);

/* ---- configuration --------------------------------------------------- */

enum config_tristate { CONFIG_AUTO, CONFIG_ON, CONFIG_OFF };

struct config {
	bool animation;            /* animation = on|off */
	enum config_tristate color; /* color = auto|on|off (auto: NO_COLOR, terminal) */
	enum config_tristate list_pane; /* list = auto|on|off at start */
	bool mouse;                /* mouse = on|off */
	bool review_reminder;      /* review_reminder = on|off */
	enum channel default_channel; /* default_channel = coffee */
	int accent;                /* accent = cyan|blue|green|magenta|yellow|red|white */
};

/* Defaults, then the file at path when it exists.  A bad line is reported
 * in *cause (file and line) and skipped; the rest still applies. */
void config_defaults(struct config *config);
enum rdx_status config_load(struct config *config, const char *path, char **cause);

/* ---- the application context ---------------------------------------- */

/* Colour pairs / attributes by role; monochrome when colours are off. */
enum role {
	ROLE_NORMAL,
	ROLE_BORDER,
	ROLE_NAME,
	ROLE_LABEL,
	ROLE_DIM,
	ROLE_ACCENT,     /* current tab, selection */
	ROLE_TAB_ON,     /* a letter that has cards */
	ROLE_TAB_OFF,    /* a letter without cards */
	ROLE_DUE,
	ROLE_OK,
	ROLE_STATUS,     /* the status line */
	ROLE_ERROR,
	ROLE_SELECTED,   /* list selection, focused form field */
	ROLE_MARKED,
	ROLE_COUNT
};

struct view {
	const struct view_ops *ops;
	void *data;         /* the view's own state, owned by it */
	bool closing;       /* set by app_pop; freed by the loop */
	struct view *below; /* next view down the stack */
};

/* A finished sub-view (form, prompt, note editor) reports back. */
enum view_outcome { VIEW_SAVED, VIEW_CANCELLED };
struct view_done {
	void (*fn)(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id);
	void *ctx;
};

struct app {
	struct db *db;
	const struct tui_options *options;
	struct config config;
	int today;                 /* clock_today() at start and after midnight */
	int rows, cols;            /* screen size, updated on KEY_RESIZE */
	bool color;                /* colours in use */
	int attrs[ROLE_COUNT];     /* curses attribute per role */

	struct view *top;          /* the view stack */
	struct view *browser;      /* the bottom view (card browser) */

	char *status;              /* message in the status line, owned */
	bool status_error;
	unsigned status_serial;    /* bumped whenever the message changes */
	bool interrupted;          /* idle database work stopped for a key */
	/* The review reminder is worked out after the first paint, as idle
	 * work, unless a key came first (status_serial moved on). */
	bool reminder_pending;
	unsigned reminder_pending_serial;
	bool reminder_counting;    /* the review reminder waits for its count */
	unsigned reminder_serial;  /* status_serial of the reminder shown */
	/* The count behind it, a slice of cards by id at a time
	 * (review_store_count_due): where it is, the total so far and the
	 * slice size, tuned to take about IDLE_SLICE_MS. */
	int64_t reminder_after, reminder_due, reminder_limit;
	int64_t data_version;      /* db_data_version at the last reload */
	bool data_changed;         /* set when data_version moved; views reload */
	int pending_key;           /* a key read ahead (animation), 0 when none */
	bool quit;
	int exit_status;
	char *exit_cause;          /* owned; handed to tui_run's caller */
	const char *assets_dir;    /* where demo.vcf lives, or NULL */
};

enum view_result { VIEW_UNHANDLED, VIEW_HANDLED };

/*
 * What a view does.  Every callback is optional except draw.
 *  - open: after the view is pushed (load data; may set a status message).
 *  - draw: draw the whole view in app->rows x app->cols minus the status
 *    line (rows 0 .. app->rows - 3); views with overlay = true draw over
 *    what is below (a box in the middle).
 *  - key: raw keys first (text entry); VIEW_UNHANDLED lets the keymap see it.
 *  - action: an action from the view's keymap or the generic one.
 *  - resize: the screen size changed (app->rows/cols are already new).
 *  - reload: another process or a view above changed the data.
 *  - close: free data (the struct view itself is freed by the loop).
 *  - cursor: where to place the visible cursor (text entry); false hides it.
 *  - idle: one short slice of deferred work (a count, a position, a search
 *    already typed) when no key is waiting; true when it did something, so
 *    the loop redraws and asks again.  Each slice stays within a few
 *    milliseconds, and database work in it stops when a key arrives.
 */
struct view_ops {
	const char *name;
	const struct keymap *keymap;
	bool overlay;
	void (*open)(struct view *view, struct app *app);
	void (*draw)(struct view *view, struct app *app);
	enum view_result (*key)(struct view *view, struct app *app, int key);
	enum view_result (*action)(struct view *view, struct app *app, enum action action);
	void (*resize)(struct view *view, struct app *app);
	void (*reload)(struct view *view, struct app *app);
	void (*close)(struct view *view, struct app *app);
	bool (*cursor)(struct view *view, struct app *app, int *y, int *x);
	bool (*idle)(struct view *view, struct app *app);
};

/* Pushes a new view over the stack (it takes ownership of data) and calls
 * ops->open.  Returns the view. */
struct view *app_push(struct app *app, const struct view_ops *ops, void *data);
/* Marks view for closing; the loop frees it after the current dispatch. */
void app_pop(struct app *app, struct view *view);
/* Sets the status-line message (printf style); replaces the previous one. */
void app_message(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shows a model failure: "could not save: <cause>"; frees cause. */
void app_fail(struct app *app, const char *what, enum rdx_status status, char *cause);
/* Fresh "now" timestamp (clock_now). */
void app_now(struct app *app, char out[TIMESTAMP_TEXT_SIZE]);
/* Tells every view that data changed (after a write from a view). */
void app_changed(struct app *app);
/* True when a key is already waiting (non-blocking); the key is kept in
 * app->pending_key for the loop.  Used to skip animation frames. */
bool app_key_waiting(struct app *app);
/* Waits up to ms milliseconds; returns early (true) when a key or signal
 * arrives.  For animation frames. */
bool app_pause(struct app *app, int ms);
/*
 * A count done a slice at a time in idle moments (card_count_slice), each
 * slice sized to take about IDLE_SLICE_MS.  Zero-initialise, then call
 * slice_count_step until it returns true (done) or fails; slice_count_done
 * frees the cursor.  `to` (borrowed, may be NULL) ends the range: a
 * position is the count before the card.
 */
#define IDLE_SLICE_MS 3
struct slice_count {
	struct card_key from;
	int64_t total;
	int64_t limit;
	bool done;
};
/* One slice: true when the count is complete; false when more remains or
 * it failed (*failed then; an interruption by a key is not a failure). */
bool slice_count_step(struct app *app, const struct card_filter *filter, struct slice_count *c,
		      const struct card_key *to, bool *failed);
void slice_count_done(struct slice_count *c);
/* Runs database reads that stop when a key arrives: between begin and end
 * the model's queries are interrupted (app->interrupted is then true). */
void app_interruptible_begin(struct app *app);
void app_interruptible_end(struct app *app);
/* Formats n with thousands separators ("1,000,000"). */
void format_count(int64_t n, char *out, size_t outsize);

/* Draws everything now and flushes it to the terminal (animations). */
void app_draw_now(struct app *app);
/* Asks the program to end. */
void app_quit(struct app *app);

/* ---- drawing helpers (draw.c) ---------------------------------------- */

/* Chooses rounded Unicode line glyphs (true) or ASCII ones (vt100, linux
 * console, non-UTF-8 locale).  Called once at start. */
void draw_init(bool unicode);

/* Draws text (UTF-8 from anywhere) sanitized and cut to `columns` with an
 * ellipsis at (y, x) in role; returns the columns written. */
int draw_text(struct app *app, int y, int x, int columns, enum role role, const char *text);
/* Same, padded with spaces to exactly `columns`. */
int draw_text_pad(struct app *app, int y, int x, int columns, enum role role, const char *text);
/* Draws text right-aligned so that it ends at column x + columns. */
int draw_text_right(struct app *app, int y, int x, int columns, enum role role, const char *text);
/* Fills a rectangle with spaces in role. */
void draw_fill(struct app *app, const struct rect *r, enum role role);
/* Rounded box (╭╮╰╯ when UTF-8, ACS otherwise) around r, in role. */
void draw_box(struct app *app, const struct rect *r, enum role role);
/* Horizontal separator ├──┤ across row y of box r. */
void draw_separator(struct app *app, const struct rect *r, int y, enum role role);
/* The edge of the card behind: ╰──╯ on row y, inset by one column. */
void draw_back_edge(struct app *app, int y, int x, int w, enum role role);
/* A centred overlay box with a title; returns the inner rectangle. */
struct rect draw_dialog(struct app *app, int h, int w, const char *title);

/* ---- the card box (view_card.c) -------------------------------------- */

/*
 * Everything the card box shows, loaded in one go (one card, its status,
 * its notes and latest touch).  card_display_load fills it (card_display_init
 * first); card_display_done frees it.
 */
struct card_display {
	struct card card;
	struct card_status status;
	bool has_status;
	struct note *notes;   /* newest first, owned (note_list) */
	size_t nnotes;
	char *touch_note;     /* latest touch's note or NULL, owned */
	bool marked;          /* drawn with a marker in the corner */
};
void card_display_init(struct card_display *d);
void card_display_done(struct card_display *d);
enum rdx_status card_display_load(struct app *app, int64_t id, struct card_display *d, char **cause);

/*
 * Draws the card as a rolodex card in r (border included; a second edge
 * below it when r leaves room) scrolled down by *scroll lines; *scroll is
 * clamped to the content.  `badge` (e.g. "DUE", "REVIEW 7/42") is drawn at
 * the top right when not NULL, empty uses the card's own due badge.  The
 * newest notes are shown whole, as many as fit in r; the others are
 * counted on a last line ("+3 older notes · i").  Returns the number of
 * content lines (for scrolling).
 */
int card_box_draw(struct app *app, const struct rect *r, const struct card_display *d, int *scroll, const char *badge);
/*
 * The height (border included) the card box wants to show everything,
 * every note included, at box width w; at least min_h and at most max_h
 * (then the oldest notes give way to the "+N older notes" line).
 */
int card_box_height(struct app *app, const struct card_display *d, int w, int min_h, int max_h);

/* ---- reusable sub-views ---------------------------------------------- */

/*
 * "Mark contacted": one key per channel (channel_key), Enter takes the
 * configured default; then a one-line note; Enter saves a touch dated today,
 * Esc cancels.  With several ids (bulk) one touch per card in one
 * transaction.  done (may have fn NULL) hears the outcome; ids are copied.
 */
void view_contact_open(struct app *app, const int64_t *ids, size_t count, struct view_done done);

/* Inline multi-line note editor for card_id: Enter new line, Ctrl-S saves,
 * Esc cancels (asks first when text would be lost), Ctrl-E opens $EDITOR
 * on a 0600 temporary file. */
void view_note_open(struct app *app, int64_t card_id, struct view_done done);

/* The card form: card_id 0 adds a new card (first field: full name),
 * otherwise edits it.  Ctrl-S saves from any field, Esc cancels.  done gets
 * the new or edited card's id. */
void view_form_open(struct app *app, int64_t card_id, struct view_done done);

/* A one-line prompt at the bottom: calls on_change after each key (search
 * as you type; the text may be unchanged) when set, on_done with the text
 * on Enter (VIEW_SAVED) or NULL on Esc (VIEW_CANCELLED).  Text passed to
 * callbacks is borrowed. */
struct prompt_callbacks {
	void (*on_change)(struct app *app, void *ctx, const char *text);
	void (*on_done)(struct app *app, void *ctx, enum view_outcome outcome, const char *text);
	void *ctx;
};
void view_prompt_open(struct app *app, const char *label, const char *initial, struct prompt_callbacks cb);

/* A yes/no question; on_done gets VIEW_SAVED for yes. */
void view_confirm_open(struct app *app, const char *question, struct view_done done);

/* Read-only views. */
void view_help_open(struct app *app);          /* keys of the view below */
void view_timeline_open(struct app *app, int64_t card_id);
void view_birthdays_open(struct app *app);
/* Likely duplicate pairs (merge.h); Enter merges one card into the other
 * after a yes/no question (view_duplicates.c). */
void view_duplicates_open(struct app *app);
/* Shows lines (borrowed titles, copied lines) in a scrollable overlay. */
void view_text_open(struct app *app, const char *title, char **lines, size_t count);

/* The card browser (bottom of the stack). */
void view_browser_open(struct app *app);
/* Makes the browser show card id (after a review, a form ...). */
void view_browser_show(struct app *app, int64_t id);

/*
 * The review, written in view_review.c (its own issue).  Built only when
 * that file exists; the meson build defines HAVE_VIEW_REVIEW then.
 */
#ifdef HAVE_VIEW_REVIEW
void view_review_open(struct app *app);
#endif

#endif
