/*
 * view.h - the TUI's view framework (app.c): the application context, the
 * stack of views and what a view does (struct view_ops).  Keys and keymaps
 * are in keymap.h, drawing in draw.h, geometry in layout.h; each view has
 * its own small header with its opener (view_browser.h, view_form.h ...).
 * Private to src/tui.
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
#include "rolodex/browse.h"
#include "rolodex/status.h"
#include "rolodex/tui.h"
#include "tui/config.h"
#include "tui/draw.h"
#include "tui/keymap.h"

struct db;

/* What a status-line message is, from least to most important. */
enum message_priority {
	MESSAGE_NOTE,  /* a count beside the search, the review reminder */
	MESSAGE_INFO,  /* what a key did: "Saved Ada", "2 marked" */
	MESSAGE_ERROR, /* what went wrong */
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

	/* The one message slot, at the right of the status line: the message
	 * (owned), its priority, and the key it came after (a message of
	 * lower priority does not replace one from the same key). */
	char *status;
	enum message_priority status_priority;
	unsigned status_key;
	unsigned key_serial;       /* bumped for every key dispatched */
	/* The columns of the status line the view drawing there keeps for
	 * itself this frame (app_status_room), -1 when none claimed it. */
	int status_owned;
	unsigned status_serial;    /* bumped whenever the message changes */
	bool interrupted;          /* idle database work stopped for a key */
	/* The review reminder is worked out after the first paint, as idle
	 * work, unless a key came first (status_serial moved on). */
	bool reminder_pending;
	unsigned reminder_pending_serial;
	bool reminder_counting;    /* the review reminder waits for its count */
	unsigned reminder_serial;  /* status_serial of the reminder shown */
	/* The count behind it, a slice of cards by id at a time
	 * (review_count_due_slice): where it is, the total so far and the
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
 *  - offers: whether an action does something in the view's current state
 *    (no card to edit, nothing to merge); hints leave out what it refuses.
 *    NULL offers every action of the keymap.
 *  - keymap_now: the keymap of the view's current state when it changes
 *    with the state (the review's card, its offer, its end); NULL uses
 *    keymap.  Dispatch, hints and help all ask view_keymap().
 *  - idle: one short slice of deferred work (a count, a position, a search
 *    already typed) when no key is waiting; true when it did something, so
 *    the loop redraws and asks again.  Each slice stays within a few
 *    milliseconds, and database work in it stops when a key arrives.
 */
struct view_ops {
	const char *name;
	const struct keymap *keymap;
	bool overlay;
	/* Text entry: printable keys type text, so the generic keymap (? help,
	 * q quit) is neither reached nor hinted. */
	bool text_entry;
	void (*open)(struct view *view, struct app *app);
	void (*draw)(struct view *view, struct app *app);
	enum view_result (*key)(struct view *view, struct app *app, int key);
	enum view_result (*action)(struct view *view, struct app *app, enum action action);
	void (*resize)(struct view *view, struct app *app);
	void (*reload)(struct view *view, struct app *app);
	void (*close)(struct view *view, struct app *app);
	bool (*cursor)(struct view *view, struct app *app, int *y, int *x);
	bool (*idle)(struct view *view, struct app *app);
	bool (*offers)(struct view *view, struct app *app, enum action action);
	const struct keymap *(*keymap_now)(struct view *view);
};

/* The keymap of view in its current state (ops->keymap_now, else
 * ops->keymap); may be NULL. */
const struct keymap *view_keymap(struct view *view);

/* Pushes a new view over the stack (it takes ownership of data) and calls
 * ops->open.  Returns the view. */
struct view *app_push(struct app *app, const struct view_ops *ops, void *data);
/* Marks view for closing; the loop frees it after the current dispatch. */
void app_pop(struct app *app, struct view *view);
/* Sets the status-line message (printf style); replaces the previous one
 * unless that one came after the same key with a higher priority. */
void app_message(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A message of the lowest priority (a count, a reminder): it never
 * replaces a result or an error of the same key. */
void app_note(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * A view drawing its own text on the status line (position and filter, a
 * prompt) asks how many columns from column 1 it may use: the message slot
 * takes the right end first, but leaves the view at least `keep` columns.
 */
int app_status_room(struct app *app, int keep);
/* Shows a model failure: "could not save: <cause>"; frees cause. */
void app_fail(struct app *app, const char *what, enum rdx_status status, char *cause);
/* Fresh "now" timestamp (clock_now). */
void app_now(struct app *app, char out[TIMESTAMP_TEXT_SIZE]);
/* Tells every view that data changed (after a write from a view). */
void app_changed(struct app *app);
/* Undoes the newest change in the journal (u outside text entry) and says
 * what it was: "Undid: coffee with Ada Lovelace on 5 Dec". */
void app_undo(struct app *app);
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

/* Draws everything now and flushes it to the terminal (animations). */
void app_draw_now(struct app *app);
/* Asks the program to end. */
void app_quit(struct app *app);

#endif
