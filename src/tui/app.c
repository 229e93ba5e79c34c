/*
 * app.c - tui_run: sets up curses, owns the one loop that draws, reads a
 * key (wget_wch with a one-second timeout), dispatches it through the view
 * stack and handles KEY_RESIZE, and restores the terminal on every way out
 * (q, Ctrl-C, SIGTERM/SIGHUP/SIGINT, a fatal error).  Between keys it polls
 * PRAGMA data_version so another process's change shows within a second.
 */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rolodex/clock.h"
#include "rolodex/browse.h"
#include "rolodex/db.h"
#include "rolodex/journal.h"
#include "rolodex/review.h"
#include "rolodex/text.h"
#include "rolodex/tui.h"
#include "rolodex/xalloc.h"
#include "tui/config.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view.h"
#include "tui/view_browser.h"
#include "tui/view_pager.h"
#include "tui/view_review.h"

/* Set by the signal handler; the loop ends when it is non-zero.  The only
 * global state: a signal handler has no context pointer. */
static volatile sig_atomic_t got_signal;
static bool curses_active;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* The fatal hook (xalloc.h): give the terminal back before the message. */
static void tui_fatal_hook(void)
{
	if (curses_active) {
		endwin();
		curses_active = false;
	}
}

/* ---- the view stack --------------------------------------------------- */

struct view *app_push(struct app *app, const struct view_ops *ops, void *data)
{
	struct view *view = xcalloc(1, sizeof *view);

	view->ops = ops;
	view->data = data;
	view->below = app->top;
	app->top = view;
	if (ops->open != NULL)
		ops->open(view, app);
	return view;
}

void app_pop(struct app *app, struct view *view)
{
	(void)app;
	view->closing = true;
}

/* Frees the views marked closing; the browser at the bottom stays. */
static void app_reap(struct app *app)
{
	struct view **link = &app->top;

	while (*link != NULL) {
		struct view *v = *link;
		if (v->closing && v != app->browser) {
			*link = v->below;
			if (v->ops->close != NULL)
				v->ops->close(v, app);
			free(v);
		} else {
			link = &v->below;
		}
	}
}

static void app_free_views(struct app *app)
{
	while (app->top != NULL) {
		struct view *v = app->top;
		app->top = v->below;
		if (v->ops->close != NULL)
			v->ops->close(v, app);
		free(v);
	}
}

/* ---- messages and small services ------------------------------------- */

static void app_vmessage(struct app *app, enum message_priority priority, const char *fmt, va_list ap)
{
	char buf[1024];

	/* One slot: what a key did is not covered by a lesser message the
	 * same key caused (a count after "2 marked", a reload after an
	 * error). */
	if (app->status != NULL && app->status_key == app->key_serial && priority < app->status_priority)
		return;
	vsnprintf(buf, sizeof buf, fmt, ap);
	free(app->status);
	app->status = xstrdup(buf);
	app->status_priority = priority;
	app->status_key = app->key_serial;
	app->status_serial++;
}

void app_message(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vmessage(app, MESSAGE_INFO, fmt, ap);
	va_end(ap);
}

void app_error(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vmessage(app, MESSAGE_ERROR, fmt, ap);
	va_end(ap);
}

void app_note(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vmessage(app, MESSAGE_NOTE, fmt, ap);
	va_end(ap);
}

/* Columns the message takes at the right of a status line of `width`
 * (its text and a gap of 3), leaving `keep`. */
static int message_columns(const struct app *app, int width, int keep)
{
	if (app->status == NULL || app->status[0] == '\0')
		return 0;
	int want = text_width(app->status) + 3;
	if (want > width - keep)
		want = width - keep;
	return want < 0 ? 0 : want;
}

int app_status_room(struct app *app, int keep)
{
	int width = app->cols - 2;
	int room = width - message_columns(app, width, keep);
	app->status_owned = room;
	return room;
}

void app_fail(struct app *app, const char *what, enum rdx_status status, char *cause)
{
	/* The cause may hold several lines (ambiguous names): keep the first. */
	char *detail = xstrdup(rdx_cause_or_message(status, cause));
	char *nl = strchr(detail, '\n');
	if (nl != NULL)
		*nl = '\0';
	app_error(app, "%s: %s", what, detail);
	free(detail);
	free(cause);
}

void app_now(struct app *app, char out[TIMESTAMP_TEXT_SIZE])
{
	(void)app;
	clock_now(out);
}

void app_changed(struct app *app)
{
	for (struct view *v = app->top; v != NULL; v = v->below) {
		if (!v->closing && v->ops->reload != NULL)
			v->ops->reload(v, app);
	}
	/* Our own writes do not move data_version; remember it anyway so a
	 * concurrent change is not reported twice. */
	app->data_version = db_data_version(app->db);
}

void app_undo(struct app *app)
{
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;
	char what[256];
	struct journal_entry entry;

	app_now(app, now);
	enum rdx_status st = journal_undo(app->db, now, &entry, &cause);
	if (st == RDX_NOT_FOUND) {
		free(cause);
		app_message(app, "Nothing to undo");
		return;
	}
	if (st == RDX_CONFLICT) {
		journal_describe(&entry, app->today, what, sizeof what);
		journal_entry_done(&entry);
		app_error(app, "Cannot undo %s: %s", what, rdx_cause_or_message(st, cause));
		free(cause);
		return;
	}
	if (st != RDX_OK) {
		app_fail(app, "cannot undo", st, cause);
		return;
	}
	journal_describe(&entry, app->today, what, sizeof what);
	journal_entry_done(&entry);
	app_message(app, "Undid: %s", what);
	app_changed(app);
}

void app_quit(struct app *app)
{
	app->quit = true;
}

bool app_key_waiting(struct app *app)
{
	wint_t ch;

	if (app->pending_key != 0)
		return true;
	timeout(0);
	int st = wget_wch(stdscr, &ch);
	timeout(1000);
	if (st == ERR)
		return false;
	app->pending_key = key_encode(st, (unsigned int)ch);
	if (app->pending_key == 0)
		app->pending_key = KEY_CTRL('@') | 0x100000; /* never 0 */
	return true;
}

bool app_pause(struct app *app, int ms)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	if (got_signal || app_key_waiting(app))
		return true;
	int n = poll(&pfd, 1, ms);
	/* A signal (SIGWINCH included) or input ends the wait early. */
	return n != 0 || got_signal;
}

/* ---- idle work --------------------------------------------------------- */

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The model's progress hook: has a key (or a signal) come in?  Looks at
 * the terminal without reading from it, so curses still gets the key. */
static int app_key_arrived(void *ctx)
{
	struct app *app = ctx;
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	if (got_signal || poll(&pfd, 1, 0) > 0) {
		app->interrupted = true;
		return 1;
	}
	return 0;
}

void app_interruptible_begin(struct app *app)
{
	app->interrupted = false;
	card_browse_interrupt(app->db, app_key_arrived, app);
}

void app_interruptible_end(struct app *app)
{
	card_browse_interrupt(app->db, NULL, NULL);
}

bool slice_count_step(struct app *app, const struct card_filter *filter, struct slice_count *c,
		      const struct card_key *to, bool *failed)
{
	char *cause = NULL;
	int64_t counted = 0;
	bool done = false;

	*failed = false;
	if (c->done)
		return true;
	if (c->limit <= 0)
		c->limit = 1000;
	long long t0 = now_us();
	app_interruptible_begin(app);
	enum rdx_status st = card_count_slice(app->db, filter, &c->from, to, c->limit, &counted, &done, &cause);
	app_interruptible_end(app);
	free(cause);
	if (st != RDX_OK) {
		*failed = !app->interrupted;
		return false;
	}
	c->total += counted;
	c->done = done;
	/* Size the next slice to take about IDLE_SLICE_MS. */
	long long spent = now_us() - t0;
	if (spent < 1)
		spent = 1;
	double next = (double)c->limit * (IDLE_SLICE_MS * 1000.0) / (double)spent;
	if (next > 4.0 * (double)c->limit)
		next = 4.0 * (double)c->limit;
	c->limit = next < 64 ? 64 : next > 1000000 ? 1000000 : (int64_t)next;
	return done;
}

void slice_count_done(struct slice_count *c)
{
	card_key_done(&c->from);
	memset(c, 0, sizeof *c);
}

static void app_review_reminder(struct app *app);

/* Idle work: the review reminder the first time, then the views' (top
 * first), then the reminder's count.  True when something was done. */
static bool app_idle(struct app *app)
{
	if (app->reminder_pending) {
		app->reminder_pending = false;
		if (app->status_serial == app->reminder_pending_serial) {
			app_review_reminder(app);
			return true;
		}
	}
	for (struct view *v = app->top; v != NULL; v = v->below) {
		if (!v->closing && v->ops->idle != NULL && v->ops->idle(v, app))
			return true;
	}
	if (!app->reminder_counting)
		return false;
	if (app->status_serial != app->reminder_serial) {
		/* The reminder has gone from the screen: no need to count. */
		app->reminder_counting = false;
		return false;
	}
	bool done = false;
	char *cause = NULL;
	if (app->reminder_limit <= 0)
		app->reminder_limit = 1000;
	long long t0 = now_us();
	app_interruptible_begin(app);
	enum rdx_status st = review_count_due_slice(app->db, app->today, app->reminder_limit, &app->reminder_after,
						    &app->reminder_due, &done, &cause);
	app_interruptible_end(app);
	free(cause);
	cause = NULL;
	if (st != RDX_OK) {
		/* A key came in: the slice runs again after it. */
		if (!app->interrupted)
			app->reminder_counting = false;
		return true;
	}
	/* Size the next slice to take about IDLE_SLICE_MS. */
	long long spent = now_us() - t0;
	double next = (double)app->reminder_limit * (IDLE_SLICE_MS * 1000.0) / (double)(spent < 1 ? 1 : spent);
	if (next > 4.0 * (double)app->reminder_limit)
		next = 4.0 * (double)app->reminder_limit;
	app->reminder_limit = next < 64 ? 64 : next > 1000000 ? 1000000 : (int64_t)next;
	if (done) {
		char *message = NULL;
		app->reminder_counting = false;
		if (review_reminder_counted(app->db, app->today, app->reminder_due, &message, &cause) == RDX_OK &&
		    message != NULL) {
			app_note(app, "%s", message);
			app->reminder_serial = app->status_serial;
		}
		free(message);
		free(cause);
	}
	return true;
}

/* ---- drawing ---------------------------------------------------------- */

static void draw_too_small(struct app *app)
{
	const char *msg = "terminal too small";
	erase();
	int w = text_width(msg);
	int y = app->rows / 2;
	int x = (app->cols - w) / 2;
	if (x < 0)
		x = 0;
	draw_text(app, y, x, app->cols - x, ROLE_DUE, msg);
	if (app->rows >= 3) {
		char want[64];
		snprintf(want, sizeof want, "need %dx%d", SCREEN_MIN_COLS, SCREEN_MIN_ROWS);
		int ww = text_width(want);
		draw_text(app, y + 1, ww < app->cols ? (app->cols - ww) / 2 : 0, app->cols, ROLE_DIM, want);
	}
}

const struct keymap *view_keymap(struct view *view)
{
	if (view->ops->keymap_now != NULL)
		return view->ops->keymap_now(view);
	return view->ops->keymap;
}

struct offer_ctx {
	struct view *view;
	struct app *app;
};

/* The top view's offers op in the shape keymap_hints asks for. */
static bool view_offers(void *ctx, enum action action)
{
	struct offer_ctx *o = ctx;
	return o->view->ops->offers(o->view, o->app, action);
}

static void draw_bottom(struct app *app)
{
	struct layout lay;
	layout_compute(app->rows, app->cols, false, &lay);

	if (app->status != NULL) {
		/* The message slot, right-aligned beside what the view keeps
		 * of the line (app_status_room); cut between words when even
		 * the whole line is too short. */
		struct rect r = lay.status;
		int width = r.w - 2;
		int cols = app->status_owned >= 0 ? width - app->status_owned : message_columns(app, width, 0);
		char text[1024];
		int w = text_fit_words(app->status, cols > 3 ? cols - 3 : cols, text, sizeof text);
		if (w > 0) {
			struct rect part = { .y = r.y, .x = r.x + r.w - 1 - cols, .h = 1, .w = cols };
			draw_fill(app, &part, ROLE_STATUS);
			enum role role = app->status_priority == MESSAGE_ERROR ? ROLE_ERROR : ROLE_OK;
			draw_text(app, r.y, r.x + r.w - 1 - w, w, role, text);
		}
	}
	const struct keymap *map = view_keymap(app->top);
	if (lay.hints.h > 0 && map != NULL) {
		char hints[512];
		struct offer_ctx ctx = { .view = app->top, .app = app };
		keymap_hints(map, !app->top->ops->text_entry, app->top->ops->offers != NULL ? view_offers : NULL, &ctx,
			     lay.hints.w - 2, hints, sizeof hints);
		draw_fill(app, &lay.hints, ROLE_NORMAL);
		draw_text(app, lay.hints.y, 1, lay.hints.w - 2, ROLE_DIM, hints);
	}
}

static void app_draw(struct app *app)
{
	struct view *stack[64];
	int n = 0;

	if (app->rows < SCREEN_MIN_ROWS || app->cols < SCREEN_MIN_COLS) {
		draw_too_small(app);
		curs_set(0);
		return;
	}
	erase();
	app->status_owned = -1;
	/* From the top down to the first view that covers the screen. */
	for (struct view *v = app->top; v != NULL && n < 64; v = v->below) {
		if (v->closing)
			continue;
		stack[n++] = v;
		if (!v->ops->overlay)
			break;
	}
	for (int i = n - 1; i >= 0; i--)
		stack[i]->ops->draw(stack[i], app);
	draw_bottom(app);

	int y, x;
	if (app->top->ops->cursor != NULL && app->top->ops->cursor(app->top, app, &y, &x)) {
		move(y, x);
		curs_set(1);
	} else {
		curs_set(0);
	}
}

void app_draw_now(struct app *app)
{
	app_draw(app);
	refresh();
}

/* ---- keys ------------------------------------------------------------- */

static void app_resize(struct app *app)
{
	getmaxyx(stdscr, app->rows, app->cols);
	for (struct view *v = app->top; v != NULL; v = v->below) {
		if (v->ops->resize != NULL)
			v->ops->resize(v, app);
	}
}

static void app_dispatch(struct app *app, int key)
{
	struct view *v = app->top;

	if (v->ops->key != NULL && v->ops->key(v, app, key) == VIEW_HANDLED)
		return;
	enum action action = keymap_lookup(view_keymap(v), key);
	if (action == ACTION_NONE && !v->ops->text_entry)
		action = keymap_lookup(&keymap_generic, key);
	if (action == ACTION_NONE)
		return;
	if (v->ops->action != NULL && v->ops->action(v, app, action) == VIEW_HANDLED)
		return;
	switch (action) {
	case ACTION_HELP:
		view_help_open(app);
		break;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACTION_UNDO:
		app_undo(app);
		break;
	case ACTION_QUIT:
	case ACTION_CANCEL:
		if (v == app->browser)
			app_quit(app);
		else
			app_pop(app, v);
		break;
	default:
		break;
	}
}

static void app_poll_data(struct app *app)
{
	int64_t version = db_data_version(app->db);
	int today = clock_today();

	if (version != app->data_version || today != app->today) {
		app->data_version = version;
		app->today = today;
		app_changed(app);
	}
}

/* ---- start and end ---------------------------------------------------- */

static void app_colors(struct app *app)
{
	const char *no_color = getenv("NO_COLOR");
	bool want = app->config.color != CONFIG_OFF;

	if (app->config.color == CONFIG_AUTO && no_color != NULL && no_color[0] != '\0')
		want = false;
	app->color = want && has_colors();

	/* Monochrome: bold, dim, underline and reverse carry the meaning. */
	app->attrs[ROLE_NORMAL] = A_NORMAL;
	app->attrs[ROLE_BORDER] = A_NORMAL;
	app->attrs[ROLE_NAME] = A_BOLD;
	app->attrs[ROLE_LABEL] = A_DIM;
	app->attrs[ROLE_DIM] = A_DIM;
	app->attrs[ROLE_ACCENT] = A_BOLD;
	app->attrs[ROLE_TAB_ON] = A_BOLD;
	app->attrs[ROLE_TAB_OFF] = A_DIM;
	app->attrs[ROLE_DUE] = A_BOLD | A_UNDERLINE;
	app->attrs[ROLE_OK] = A_NORMAL;
	app->attrs[ROLE_STATUS] = A_NORMAL;
	app->attrs[ROLE_ERROR] = A_BOLD;
	app->attrs[ROLE_SELECTED] = A_REVERSE;
	app->attrs[ROLE_MARKED] = A_BOLD;
	if (!app->color)
		return;

	start_color();
	use_default_colors();
	short accent = (short)app->config.accent;
	init_pair(1, accent, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_RED, -1);
	init_pair(4, COLOR_GREEN, -1);
	init_pair(5, COLOR_BLACK, accent);
	init_pair(6, COLOR_MAGENTA, -1);
	app->attrs[ROLE_BORDER] = COLOR_PAIR(1);
	app->attrs[ROLE_ACCENT] = COLOR_PAIR(1) | A_BOLD;
	app->attrs[ROLE_TAB_ON] = A_BOLD;
	app->attrs[ROLE_DUE] = COLOR_PAIR(2) | A_BOLD;
	app->attrs[ROLE_ERROR] = COLOR_PAIR(3) | A_BOLD;
	app->attrs[ROLE_OK] = COLOR_PAIR(4);
	app->attrs[ROLE_SELECTED] = COLOR_PAIR(5) | A_BOLD;
	app->attrs[ROLE_MARKED] = COLOR_PAIR(6) | A_BOLD;
}

static bool terminal_unicode(void)
{
	const char *term = getenv("TERM");
	const char *codeset = nl_langinfo(CODESET);

	if (codeset == NULL || strcmp(codeset, "UTF-8") != 0)
		return false;
	/* The Linux console's font and a real vt100 lack the rounded corners. */
	if (term != NULL && (strcmp(term, "linux") == 0 || strncmp(term, "vt", 2) == 0))
		return false;
	return true;
}

/* Where demo.vcf lives: $ROLODEX_ASSETS (the tests point it at the source
 * tree's assets), else the installed data dir.  No build path is kept in
 * the binary. */
static const char *find_assets(void)
{
	const char *env = getenv("ROLODEX_ASSETS");
	if (env != NULL && env[0] != '\0')
		return env;
	if (access(ROLODEX_DATADIR "/demo.vcf", R_OK) == 0)
		return ROLODEX_DATADIR;
	return NULL;
}

/* "It's been a while": the last finished review is over a month old (or
 * there never was one) and cards are due.  The review layer words it.
 * Runs as the first idle work after the first paint (looking for a due
 * card may read a few thousand cards); the number of due cards is counted
 * later still, in idle slices, and only while the reminder is on the
 * screen. */
static void app_review_reminder(struct app *app)
{
	char *cause = NULL;
	char *message = NULL;
	bool count_later = false;

	if (!app->config.review_reminder)
		return;
	if (review_reminder_quick(app->db, app->today, &message, &count_later, &cause) != RDX_OK) {
		free(cause);
		return;
	}
	if (message != NULL)
		app_note(app, "%s", message);
	free(message);
	if (count_later) {
		app->reminder_after = 0;
		app->reminder_due = 0;
		app->reminder_limit = 0;
		app->reminder_counting = true;
		app->reminder_serial = app->status_serial;
	}
}

int tui_run(struct db *db, const struct tui_options *options, char **cause)
{
	struct app app = { .db = db, .options = options };
	struct sigaction sa;
	char *config_cause = NULL;

	rdx_cause_clear(cause);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		rdx_fail(cause, RDX_USAGE, "the card browser needs a terminal");
		return 1;
	}
	config_defaults(&app.config);
	if (config_load(&app.config, options->config_path, &config_cause) != RDX_OK) {
		/* Shown in the status line once the screen is up. */
	}
	app.today = clock_today();
	app.assets_dir = find_assets();

	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		const char *term = getenv("TERM");
		rdx_fail(cause, RDX_IO, "cannot use the terminal type '%s'", term != NULL ? term : "");
		free(config_cause);
		return 1;
	}
	curses_active = true;
	fatal_set_hook(tui_fatal_hook);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a signal interrupts the key wait */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);

	keypad(stdscr, TRUE);
	timeout(1000);
	curs_set(0);
	if (app.config.mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	/* ncurses 6 flushes its output after every cursor move until the
	 * screen has been through endwin() once, so a frame reached the
	 * terminal as one write per line (42 for the first paint).  One
	 * endwin() before anything is drawn, and the first refresh() resumes:
	 * every frame is then one or two writes.  The cursor and the mouse
	 * are set before it (the resume sends them again) and the tty modes
	 * after it, so the terminal is raw from here on and no output waits
	 * to drain when the first refresh sets the modes again. */
	endwin();
	raw(); /* Ctrl-S and Ctrl-C arrive as keys */
	noecho();
	nonl();
	app_colors(&app);
	draw_init(terminal_unicode());
	getmaxyx(stdscr, app.rows, app.cols);
	app.data_version = db_data_version(db);

	view_browser_open(&app);
	app.browser = app.top;
	if (config_cause != NULL) {
		app_error(&app, "config: %s", config_cause);
		free(config_cause);
	} else if (options->start == TUI_START_BROWSER) {
		/* Not before the first paint: the first card comes first. */
		app.reminder_pending = true;
		app.reminder_pending_serial = app.status_serial;
	}
	if (options->start == TUI_START_REVIEW) {
		view_review_open(&app);
	}

	while (!app.quit && !got_signal) {
		app_reap(&app);
		app_draw(&app);
		refresh();

		int key = app.pending_key;
		app.pending_key = 0;
		/* Deferred work runs between keys, a slice at a time, and only
		 * while none is waiting (typeahead goes first). */
		if (key == 0 && !app_key_waiting(&app) && app_idle(&app))
			continue;
		if (key == 0) {
			key = app.pending_key;
			app.pending_key = 0;
		}
		if (key == 0) {
			wint_t ch;
			int st = wget_wch(stdscr, &ch);
			if (got_signal)
				break;
			if (st == ERR) {
				app_poll_data(&app);
				continue;
			}
			key = key_encode(st, (unsigned int)ch);
		}
		if (key == KEY_FN(KEY_RESIZE)) {
			app_resize(&app);
			continue;
		}
		if (key == KEY_CTRL('c')) {
			app_quit(&app);
			break;
		}
		/* A message lasts until the next key. */
		free(app.status);
		app.status = NULL;
		app.status_serial++;
		app.key_serial++;
		app_poll_data(&app);
		app_dispatch(&app, key);
	}

	app_free_views(&app);
	endwin();
	delscreen(screen);
	curses_active = false;
	fatal_set_hook(NULL);
	free(app.status);
	if (app.exit_cause != NULL) {
		*cause = app.exit_cause;
		return app.exit_status != 0 ? app.exit_status : 1;
	}
	if (got_signal != 0)
		return 128 + got_signal;
	return app.exit_status;
}
