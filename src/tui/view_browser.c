/*
 * view_browser.c - the card browser, the start screen and the bottom of the
 * view stack: one card at a time with a flip animation, the A-Z tab strip,
 * an optional list pane, search as you type, filters, marks for bulk
 * touches, trash with undo, and the welcome card of an empty rolodex.
 *
 * It never loads all cards: the current card is a position in sort order
 * (struct card_key) and every move is one keyset query (card_page), a jump
 * is card_first_in_tab.  Nothing that grows with the rolodex runs before a
 * paint: the count, the position (after a jump or a change) and the tabs
 * with cards are worked out in idle time, a slice at a time (the idle op),
 * and shown as "…" until then; a flip moves a known position by one.  A
 * search keystroke only records the text: the search runs when no key is
 * waiting, and stops when one arrives.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/browse.h"
#include "rolodex/db.h"
#include "rolodex/import.h"
#include "rolodex/listing.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/card_draw.h"
#include "tui/config.h"
#include "tui/dialog_contacted.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/order.h"
#include "tui/view.h"
#include "tui/view_addresses.h"
#include "tui/view_browser.h"
#include "tui/view_duplicates.h"
#include "tui/view_filter.h"
#include "tui/view_form.h"
#include "tui/view_note.h"
#include "tui/view_pager.h"
#include "tui/view_prompt.h"
#include "tui/view_review.h"
#include "tui/view_tags.h"
#include "tui/view_timeline.h"


/* The list pane's columns, in the order they stand on screen. */
enum { LIST_COL_NAME, LIST_COL_ORG, LIST_COL_LAST, LIST_COL_DUE, LIST_COLS };
#define LIST_COL_GAP 2

#define ANIM_FRAMES 4
#define ANIM_FRAME_MS 22

struct browser {
	/* What is shown. */
	struct card_filter filter;
	char *query;        /* owned copy behind filter.query */
	char *tag;          /* owned copy behind filter.tag */
	int64_t search_from; /* card before a search started, to return on Esc */
	char *query_before; /* filter text before the search, restored on Esc */

	int64_t id;         /* current card, 0 when the filter selects none */
	struct card_key key;
	int64_t position;   /* 1-based, when position_known */
	bool position_known;
	/* While the position is unknown: cards before pos_anchor are being
	 * counted, and flips since then moved pos_delta cards. */
	struct card_key pos_anchor;
	struct slice_count pos_count;
	int64_t pos_delta;
	int64_t count;      /* when count_known; "at least" when count_capped */
	bool count_known;
	bool count_capped;
	struct slice_count all_count;
	bool any;           /* live cards exist (else the welcome card) */
	bool tabs[TAB_COUNT];
	int tabs_next;      /* next tab to look at in idle time; TAB_COUNT: all known */
	bool search_pending; /* the search text changed: its first card is not found yet */
	bool prepared;      /* card_browse_prepare done since the last change */
	bool searching;     /* the search prompt is open */
	bool list_auto;     /* list pane by screen width, until Tab says otherwise */

	/* The order shown: by name through the keyset queries above, else
	 * the ids in `order` (order.h) with the current card at order_at. */
	enum listing_sort sort;
	struct order order;
	size_t order_at;
	bool order_stale;   /* the data changed: read the order again in idle time */
	/* o asked for sort_wanted: its order is read in idle time (a big
	 * rolodex takes seconds), the cards staying in the old order and
	 * the status line saying "sorting by …" until then. */
	enum listing_sort sort_wanted;
	bool sort_pending;
	bool sort_from_start; /* then show its first card (the order at start) */
	/* What the order was built for: a rebuild for the same keeps places. */
	struct {
		bool valid;
		enum listing_sort sort;
		char *query, *tag;
		bool due_only, trash, has_birthday;
	} basis;

	struct card_display disp;
	int64_t disp_id;
	int scroll;
	bool list;          /* list pane on */

	/* The list pane's rows around the current card, with their status. */
	struct card_row *rows;
	struct card_status *row_status;
	size_t nrows;
	/* Its columns' widest texts so far (they only grow until the filter,
	 * the order or the size changes, so the pane keeps still while the
	 * user flips), and the pane width they want. */
	int col_widest[LIST_COLS];
	int list_want;
	int64_t rows_for;   /* id the rows were fetched around */
	int rows_height;

	/* Flip animation: frame heights shown while anim_frame > 0. */
	int anim_height;
	bool anim_up;
	struct card_display anim_disp; /* the card flipping away */
	bool anim_old;

	int64_t *marks;
	size_t nmarks, capmarks;

	struct layout layout;
};

static struct browser *browser_of(struct app *app)
{
	return app->browser->data;
}

/* ---- position --------------------------------------------------------- */

static void browser_set_query(struct browser *b, const char *query)
{
	free(b->query);
	b->query = query != NULL && query[0] != '\0' ? xstrdup(query) : NULL;
	b->filter.query = b->query;
}

static void browser_set_tag(struct browser *b, const char *tag)
{
	free(b->tag);
	b->tag = tag != NULL && tag[0] != '\0' ? xstrdup(tag) : NULL;
	b->filter.tag = b->tag;
}

/* Loads the display of the current card when it changed. */
static void browser_load_display(struct browser *b, struct app *app, bool force)
{
	char *cause = NULL;

	if (b->id == 0) {
		card_display_done(&b->disp);
		card_display_init(&b->disp);
		b->disp_id = 0;
		return;
	}
	if (!force && b->disp_id == b->id)
		return;
	if (b->disp_id != b->id)
		b->scroll = 0;
	enum rdx_status st = card_display_load(app, b->id, &b->disp, &cause);
	if (st != RDX_OK) {
		app_fail(app, "cannot load the card", st, cause);
		b->disp_id = 0;
		return;
	}
	b->disp_id = b->id;
	b->disp.marked = false;
	for (size_t i = 0; i < b->nmarks; i++) {
		if (b->marks[i] == b->id)
			b->disp.marked = true;
	}
}

/* A search shows "10,000+" rather than count every match on a keystroke. */
#define SEARCH_COUNT_CAP 10000

static void browser_forget_position(struct browser *b)
{
	b->position_known = false;
	b->pos_delta = 0;
	slice_count_done(&b->pos_count);
	card_key_done(&b->pos_anchor);
	if (b->id != 0 && b->key.sort_key != NULL) {
		b->pos_anchor.sort_key = xstrdup(b->key.sort_key);
		b->pos_anchor.id = b->key.id;
	}
}

/* The filter or the data changed: counts, tabs and position are redone
 * in idle time. */
static void browser_forget_counts(struct browser *b)
{
	b->count_known = false;
	b->count_capped = false;
	memset(b->col_widest, 0, sizeof b->col_widest);
	slice_count_done(&b->all_count);
	b->tabs_next = 0;
	b->prepared = false;
	browser_forget_position(b);
}

/* ---- orders other than by name ----------------------------------------- */

static bool browser_sorted(const struct browser *b)
{
	return b->sort != LISTING_SORT_NAME;
}

/* What the status line and the list pane call an order. */
static const char *browser_sort_title(enum listing_sort sort)
{
	switch (sort) {
	case LISTING_SORT_LAST:
		return "last contacted";
	case LISTING_SORT_DUE:
		return "due date";
	case LISTING_SORT_NAME:
		break;
	}
	return "name";
}

/* Counts, position and tabs straight from the order. */
static void browser_order_sync(struct browser *b)
{
	b->count = (int64_t)b->order.n;
	b->count_known = true;
	b->count_capped = false;
	b->position = b->id != 0 ? (int64_t)b->order_at + 1 : 0;
	b->position_known = true;
	order_tabs_present(&b->order, b->tabs);
	b->tabs_next = TAB_COUNT;
}

/* Makes the order's card i current; false when there is none. */
static bool browser_order_set(struct browser *b, struct app *app, size_t i)
{
	char *cause = NULL;
	struct card_key key;

	if (i >= b->order.n)
		return false;
	if (card_key_of(app->db, b->order.entries[i].id, &key, &cause) != RDX_OK) {
		free(cause);
		return false;
	}
	card_key_done(&b->key);
	b->key = key;
	b->id = b->order.entries[i].id;
	b->order_at = i;
	browser_order_sync(b);
	return true;
}

static bool text_same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Whether the order was built for the filter and order shown now. */
static bool browser_order_current(const struct browser *b)
{
	return b->basis.valid && b->basis.sort == b->sort && text_same(b->basis.query, b->query) &&
	       text_same(b->basis.tag, b->tag) && b->basis.due_only == b->filter.due_only &&
	       b->basis.trash == b->filter.trash && b->basis.has_birthday == b->filter.has_birthday;
}

/*
 * Reads the filter's cards in b->sort's order.  For the same filter and
 * order as before (the data changed) the cards keep their places
 * (order_merge); *merged says so.  False when the query failed (said
 * unless a key interrupted it): the order is then by name.
 */
static bool browser_order_rebuild(struct browser *b, struct app *app, bool *merged)
{
	struct order fresh;
	char *cause = NULL;

	*merged = false;
	order_init(&fresh);
	enum rdx_status st = order_build(&fresh, app->db, &b->filter, b->sort, &cause);
	if (st != RDX_OK) {
		order_done(&fresh);
		if (app->interrupted) {
			free(cause);
			return false;
		}
		app_fail(app, "cannot sort the cards", st, cause);
		b->sort = LISTING_SORT_NAME;
		order_done(&b->order);
		b->basis.valid = false;
		return false;
	}
	if (browser_order_current(b)) {
		order_merge(&fresh, &b->order);
		*merged = true;
	}
	b->order_stale = false;
	order_done(&b->order);
	b->order = fresh;
	free(b->basis.query);
	free(b->basis.tag);
	b->basis.valid = true;
	b->basis.sort = b->sort;
	b->basis.query = b->query != NULL ? xstrdup(b->query) : NULL;
	b->basis.tag = b->tag != NULL ? xstrdup(b->tag) : NULL;
	b->basis.due_only = b->filter.due_only;
	b->basis.trash = b->filter.trash;
	b->basis.has_birthday = b->filter.has_birthday;
	return true;
}

/* Nothing to show: no current card, counted at once. */
static void browser_show_none(struct browser *b)
{
	b->id = 0;
	card_key_done(&b->key);
	b->count = 0;
	b->count_known = true;
	b->position = 0;
	b->position_known = true;
}

/* Makes id current; its position is worked out in idle time. */
static bool browser_goto(struct browser *b, struct app *app, int64_t id)
{
	char *cause = NULL;
	struct card_key key;

	if (browser_sorted(b))
		return browser_order_set(b, app, order_find(&b->order, id));

	if (card_key_of(app->db, id, &key, &cause) != RDX_OK) {
		free(cause);
		return false;
	}
	card_key_done(&b->key);
	b->key = key;
	b->id = id;
	browser_forget_position(b);
	return true;
}

/* One keyset step from the current card (or from an end when from is
 * NULL).  Returns false when there is no card that way. */
static bool browser_step(struct browser *b, struct app *app, bool forward, bool from_end)
{
	struct card_row *rows = NULL;
	size_t n = 0;
	char *cause = NULL;

	if (browser_sorted(b)) {
		size_t i;
		if (from_end || b->id == 0)
			i = forward || b->order.n == 0 ? 0 : b->order.n - 1;
		else if (forward)
			i = b->order_at + 1;
		else if (b->order_at == 0)
			return false;
		else
			i = b->order_at - 1;
		return browser_order_set(b, app, i);
	}
	enum rdx_status st = card_page(app->db, &b->filter, from_end || b->id == 0 ? NULL : &b->key, forward, 1,
				       &rows, &n, &cause);
	if (st != RDX_OK) {
		if (app->interrupted)
			free(cause);
		else
			app_fail(app, "cannot read the cards", st, cause);
		return false;
	}
	if (n == 0) {
		card_rows_free(rows, n);
		return false;
	}
	b->id = rows[0].id;
	card_key_done(&b->key);
	b->key.sort_key = xstrdup(rows[0].sort_key);
	b->key.id = rows[0].id;
	card_rows_free(rows, n);
	if (from_end && forward) {
		browser_forget_position(b);
		b->position = 1;
		b->position_known = true;
	} else if (from_end) {
		browser_forget_position(b);
		b->position = b->count;
		b->position_known = b->count_known && !b->count_capped;
	} else if (b->position_known) {
		b->position += forward ? 1 : -1;
	} else {
		b->pos_delta += forward ? 1 : -1;
	}
	return true;
}

/* After a filter or data change: keeps the current card when the filter
 * still selects it, else takes its neighbour in sort order.  Counts, tabs
 * and the position follow in idle time. */
static void browser_refresh(struct browser *b, struct app *app)
{
	char *cause = NULL;
	bool keep = false;

	b->filter.today = app->today;
	b->search_pending = false;
	if (card_any(app->db, &b->any, &cause) != RDX_OK) {
		free(cause);
		cause = NULL;
		b->any = true;
	}
	browser_forget_counts(b);
	b->rows_for = -1;
	bool merged;
	size_t at = browser_sorted(b) && b->id != 0 ? order_find(&b->order, b->id) : b->order.n;
	if (browser_sorted(b) && browser_order_current(b) && at < b->order.n) {
		/* The data changed under the same filter and order: reading
		 * the order again takes a while on a big rolodex, so it waits
		 * for idle time (order_stale).  Meanwhile the card stays, or
		 * gives its slot to the next when it left the filter. */
		bool still = false;
		if (card_selected(app->db, &b->filter, b->id, &still, &cause) != RDX_OK) {
			free(cause);
			cause = NULL;
			still = false;
		}
		if (!still)
			order_remove(&b->order, at);
		b->order_stale = true;
		if (!browser_order_set(b, app, at < b->order.n ? at : b->order.n - 1))
			browser_show_none(b);
		browser_load_display(b, app, true);
		return;
	}
	if (browser_sorted(b) && !browser_order_current(b)) {
		/* A new filter: its cards by name at once, in the order once
		 * that is read in idle time (browser_sort_pending). */
		b->sort_wanted = b->sort;
		b->sort_pending = true;
		b->sort = LISTING_SORT_NAME;
		b->order_stale = false;
		order_done(&b->order);
		b->basis.valid = false;
	}
	if (browser_sorted(b) && browser_order_rebuild(b, app, &merged)) {
		/* The card stays when still there; else, when the order kept
		 * its places, the next card takes its slot; else the first. */
		size_t i = b->id != 0 ? order_find(&b->order, b->id) : b->order.n;
		if (i == b->order.n)
			i = merged && b->order_at < b->order.n ? b->order_at : 0;
		if (!browser_order_set(b, app, i))
			browser_show_none(b);
		browser_load_display(b, app, true);
		return;
	}
	if (b->id != 0 && card_selected(app->db, &b->filter, b->id, &keep, &cause) != RDX_OK) {
		free(cause);
		cause = NULL;
		keep = false;
	}
	if (keep) {
		browser_goto(b, app, b->id); /* its sort key may have changed */
	} else {
		/* The card left the filter: its successor, else the first. */
		if (b->id == 0 || b->key.sort_key == NULL || !browser_step(b, app, true, false)) {
			if (!browser_step(b, app, true, true))
				browser_show_none(b);
		}
		if (!b->position_known)
			browser_forget_position(b); /* count up to the card now shown */
	}
	browser_load_display(b, app, true);
}

/* The search text changed and no key is waiting: its first card, unless
 * a key arrives first (then this runs again after it). */
static void browser_search(struct browser *b, struct app *app)
{
	bool merged;
	app_interruptible_begin(app);
	if (browser_sorted(b))
		browser_order_rebuild(b, app, &merged);
	bool found = !app->interrupted && browser_step(b, app, true, true);
	app_interruptible_end(app);
	if (app->interrupted)
		return;
	b->search_pending = false;
	b->rows_for = -1;
	if (!found) {
		b->id = 0;
		card_key_done(&b->key);
		b->count = 0;
		b->count_known = true;
		b->position = 0;
		b->position_known = true;
		if (b->searching)
			app_error(app, "no match");
	}
	browser_load_display(b, app, false);
}

static void browser_say_position(struct browser *b, struct app *app)
{
	char pos[32], count[32];

	if (!b->searching || b->id == 0)
		return;
	if (b->position_known)
		text_format_count(b->position, pos, sizeof pos);
	else
		snprintf(pos, sizeof pos, "…");
	text_format_count(b->count, count, sizeof count);
	/* A qualifier being typed narrows nothing yet: say what it takes. */
	const char *problem = card_filter_problem(&b->filter);
	app_note(app, "%s of %s%s%s%s", pos, count, b->count_capped ? "+" : "", problem != NULL ? " · " : "",
		 problem != NULL ? problem : "");
}

/* The tabs with cards, one probe per slice: the first card from tab i on
 * tells that the tabs before its own have none. */
static void browser_probe_tab(struct browser *b, struct app *app)
{
	int64_t id;
	char *cause = NULL;
	struct card_key key = { 0 };

	app_interruptible_begin(app);
	enum rdx_status st = card_first_in_tab(app->db, &b->filter, layout_tab_char(b->tabs_next), &id, &cause);
	if (st == RDX_OK)
		st = card_key_of(app->db, id, &key, &cause);
	app_interruptible_end(app);
	free(cause);
	if (app->interrupted)
		return;
	int found = TAB_COUNT;
	if (st == RDX_OK) {
		char tab = card_tab_of(key.sort_key);
		for (int i = b->tabs_next; i < TAB_COUNT; i++) {
			if (layout_tab_char(i) == tab)
				found = i;
		}
	}
	card_key_done(&key);
	for (int i = b->tabs_next; i < TAB_COUNT && i <= found; i++)
		b->tabs[i] = i == found;
	b->tabs_next = found < TAB_COUNT ? found + 1 : TAB_COUNT;
	if (st != RDX_OK) {
		for (int i = b->tabs_next; i < TAB_COUNT; i++)
			b->tabs[i] = false;
		b->tabs_next = TAB_COUNT;
	}
}

/* Idle time after o: the order wanted, read (a key interrupts it, and it
 * runs again later), the card shown keeping its place in it. */
static void browser_sort_pending(struct browser *b, struct app *app)
{
	enum listing_sort before = b->sort;
	bool merged;

	b->sort = b->sort_wanted;
	app_interruptible_begin(app);
	bool built = browser_order_rebuild(b, app, &merged);
	app_interruptible_end(app);
	if (app->interrupted) {
		b->sort = before;
		return;
	}
	b->sort_pending = false;
	if (!built) {
		browser_refresh(b, app); /* by name now */
		return;
	}
	browser_forget_counts(b);
	b->rows_for = -1;
	size_t i = b->id != 0 && !b->sort_from_start ? order_find(&b->order, b->id) : b->order.n;
	b->sort_from_start = false;
	if (!browser_order_set(b, app, i < b->order.n ? i : 0))
		browser_show_none(b);
	browser_load_display(b, app, false);
}

/* Idle time after a change: the order read again (a key interrupts it, and
 * it runs again later), each card keeping its place. */
static void browser_order_refresh(struct browser *b, struct app *app)
{
	bool merged;

	app_interruptible_begin(app);
	bool built = browser_order_rebuild(b, app, &merged);
	app_interruptible_end(app);
	if (app->interrupted)
		return;
	b->order_stale = false;
	if (!built) {
		browser_refresh(b, app); /* by name now */
		return;
	}
	b->rows_for = -1;
	size_t i = b->id != 0 ? order_find(&b->order, b->id) : b->order.n;
	if (i == b->order.n)
		i = b->order_at < b->order.n ? b->order_at : 0;
	if (!browser_order_set(b, app, i))
		browser_show_none(b);
	browser_load_display(b, app, false);
}

static bool browser_idle(struct view *view, struct app *app)
{
	struct browser *b = view->data;
	bool failed = false;

	if (b->search_pending) {
		browser_search(b, app);
		return true;
	}
	if (b->sort_pending) {
		browser_sort_pending(b, app);
		return true;
	}
	if (browser_sorted(b) && b->order_stale) {
		browser_order_refresh(b, app);
		return true;
	}
	if (browser_sorted(b) && (!b->count_known || b->tabs_next < TAB_COUNT || !b->position_known)) {
		/* The order holds all of it. */
		browser_order_sync(b);
		browser_say_position(b, app);
		return true;
	}
	if (!b->count_known && b->query != NULL) {
		/* A search: count up to the cap, in one go (at most about
		 * SEARCH_COUNT_CAP steps). */
		char *cause = NULL;
		int64_t n = 0;
		app_interruptible_begin(app);
		enum rdx_status st = card_count_capped(app->db, &b->filter, SEARCH_COUNT_CAP + 1, &n, &cause);
		app_interruptible_end(app);
		free(cause);
		if (app->interrupted)
			return true;
		b->count_known = true;
		b->count_capped = st != RDX_OK || n > SEARCH_COUNT_CAP;
		b->count = n > SEARCH_COUNT_CAP ? SEARCH_COUNT_CAP : n;
		browser_say_position(b, app);
		return true;
	}
	if (!b->count_known) {
		if (slice_count_step(app, &b->filter, &b->all_count, NULL, &failed) || failed) {
			b->count = b->all_count.total;
			b->count_known = true;
			b->count_capped = failed;
		}
		return true;
	}
	if (b->tabs_next < TAB_COUNT) {
		browser_probe_tab(b, app);
		return true;
	}
	if (!b->position_known && b->id != 0) {
		if (b->pos_anchor.sort_key == NULL) {
			b->position_known = true; /* nothing to count from */
			return true;
		}
		if (slice_count_step(app, &b->filter, &b->pos_count, &b->pos_anchor, &failed)) {
			b->position = b->pos_count.total + 1 + b->pos_delta;
			b->position_known = true;
			browser_say_position(b, app);
		} else if (failed) {
			b->position_known = true;
			b->position = 0;
		}
		return true;
	}
	if (!b->prepared) {
		/* Last: the sort order in memory, so the next search's pages
		 * are quick however many cards it matches. */
		char *cause = NULL;
		app_interruptible_begin(app);
		card_browse_prepare(app->db, &cause);
		app_interruptible_end(app);
		/* A failure only leaves searches slower: no message. */
		free(cause);
		if (!app->interrupted)
			b->prepared = true;
		return true;
	}
	return false;
}

/* ---- flip animation --------------------------------------------------- */

/* Whether a flip may animate now: allowed by the config, room enough, and
 * no keys already waiting (holding a key flips as fast as keys come). */
static bool browser_may_animate(struct browser *b, struct app *app)
{
	if (!app->config.animation || b->list || b->layout.too_small || b->layout.card.h < 10)
		return false;
	return !app_key_waiting(app);
}

static void browser_flip(struct browser *b, struct app *app, bool forward, bool to_end)
{
	int64_t old = b->id;
	bool animate = browser_may_animate(b, app);

	if (animate) {
		card_display_done(&b->anim_disp);
		b->anim_disp = b->disp; /* keep the old card for the first frames */
		card_display_init(&b->disp);
		b->disp_id = 0;
	}
	if (!browser_step(b, app, forward, to_end)) {
		if (animate) {
			card_display_done(&b->disp);
			b->disp = b->anim_disp;
			card_display_init(&b->anim_disp);
			b->disp_id = b->id;
		}
		if (b->id != 0)
			app_message(app, forward ? "That was the last card" : "That was the first card");
		return;
	}
	browser_load_display(b, app, false);
	if (!animate || old == b->id)
		return;

	/* Frames: the old card folds away, the new one unfolds.  Any key or
	 * signal (a resize too) ends the animation at once. */
	int full = b->layout.card.h;
	int heights[ANIM_FRAMES] = { full * 2 / 3, full / 3, full / 3, full * 2 / 3 };
	b->anim_up = !forward;
	for (int f = 0; f < ANIM_FRAMES; f++) {
		b->anim_old = f < ANIM_FRAMES / 2;
		b->anim_height = heights[f] < 3 ? 3 : heights[f];
		app_draw_now(app);
		if (app_pause(app, ANIM_FRAME_MS))
			break;
	}
	b->anim_height = 0;
	card_display_done(&b->anim_disp);
	card_display_init(&b->anim_disp);
}

/* ---- drawing ---------------------------------------------------------- */

/* The layout for the screen, the list pane as wide as its table wants. */
static void browser_layout(struct browser *b, struct app *app)
{
	if (b->list)
		layout_compute_list(app->rows, app->cols, b->list_want, &b->layout);
	else
		layout_compute(app->rows, app->cols, false, &b->layout);
}

static void browser_draw_tabs(struct browser *b, struct app *app)
{
	const struct layout *l = &b->layout;
	char current = b->id != 0 && b->key.sort_key != NULL ? card_tab_of(b->key.sort_key) : 0;
	int end = 0;

	for (int i = 0; i < TAB_COUNT; i++) {
		char letter[2] = { layout_tab_char(i), '\0' };
		enum role role = b->tabs[i] ? ROLE_TAB_ON : ROLE_TAB_OFF;
		if (l->tab_x[i] >= app->cols)
			break;
		if (letter[0] == current) {
			role = ROLE_SELECTED;
			/* Brackets in the gaps, for monochrome and screen readers. */
			if (l->tab_step == 2) {
				draw_text(app, 0, l->tab_x[i] - 1, 1, ROLE_ACCENT, "[");
				draw_text(app, 0, l->tab_x[i] + 1, 1, ROLE_ACCENT, "]");
			}
		}
		draw_text(app, 0, l->tab_x[i], 1, role, letter);
		end = l->tab_x[i] + 1;
	}
	const char *title = "rolodex";
	int tw = text_width(title);
	if (app->cols - tw - 1 > end + 2)
		draw_text(app, 0, app->cols - tw - 1, tw, ROLE_ACCENT, title);
}

/* The last occurrence of needle in s, or NULL. */
static char *strrchr_text(char *s, const char *needle)
{
	char *last = NULL;
	for (char *p = strstr(s, needle); p != NULL; p = strstr(p + 1, needle))
		last = p;
	return last;
}

static void browser_draw_status(struct browser *b, struct app *app)
{
	char buf[512];
	size_t used = 0;

	if (b->id != 0) {
		/* "12 of 340"; "…" for what idle time has not counted yet. */
		char pos[32], count[32];
		if (b->position_known && b->position > 0)
			text_format_count(b->position, pos, sizeof pos);
		else
			snprintf(pos, sizeof pos, "…");
		if (b->count_known)
			text_format_count(b->count, count, sizeof count);
		else
			snprintf(count, sizeof count, "…");
		used += (size_t)snprintf(buf, sizeof buf, "%s of %s%s", pos, count, b->count_capped ? "+" : "");
	} else if (b->search_pending) {
		used += (size_t)snprintf(buf, sizeof buf, "searching…");
	} else
		used += (size_t)snprintf(buf, sizeof buf, "no cards");
	if (b->sort_pending)
		used += (size_t)snprintf(buf + used, sizeof buf - used, " · sorting by %s…",
					 browser_sort_title(b->sort_wanted));
	else if (browser_sorted(b))
		used += (size_t)snprintf(buf + used, sizeof buf - used, " · sorted by %s", browser_sort_title(b->sort));
	if (b->filter.trash && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used, " · trash");
	if (b->tag != NULL && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used, " · tag:%s", b->tag);
	if (b->filter.due_only && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used, " · due");
	if (b->filter.has_birthday && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used, " · with birthday");
	if (b->query != NULL && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used, " · \"%s\"", b->query);
	/* A qualifier still being typed, or one with an unknown value,
	 * narrows nothing: say what it takes. */
	const char *problem = card_filter_problem(&b->filter);
	if (problem != NULL && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used, " · %s", problem);
	if (b->nmarks > 0 && used < sizeof buf) {
		char marks[32];
		text_format_count((int64_t)b->nmarks, marks, sizeof marks);
		snprintf(buf + used, sizeof buf - used, " · %s marked", marks);
	}
	/* The position always stays; the filters give way to a message,
	 * whole words at a time. */
	char *dot = strstr(buf, " · ");
	int keep = dot != NULL ? text_width_n(buf, (size_t)(dot - buf)) + 1 : text_width(buf);
	char fitted[512];
	int room = app_status_room(app, keep);
	/* Whole parts give way first ("· sorted by due date" goes, it is
	 * not cut to "· sorted…"), then words. */
	char *cut;
	while (text_width(buf) > room && (cut = strrchr_text(buf, " · ")) != NULL && cut > buf)
		*cut = '\0';
	text_fit_words(buf, room, fitted, sizeof fitted);
	draw_text(app, b->layout.status.y, 1, b->layout.status.w - 2, ROLE_STATUS, fitted);
}

/* The rows' last contact and due status (card_status_get: the one due
 * rule), a look-up each. */
static void browser_fetch_status(struct browser *b, struct app *app)
{
	b->row_status = xcalloc(b->nrows + 1, sizeof *b->row_status);
	for (size_t i = 0; i < b->nrows; i++) {
		char *cause = NULL;
		if (card_status_get(app->db, b->rows[i].id, app->today, &b->row_status[i], &cause) != RDX_OK)
			memset(&b->row_status[i], 0, sizeof b->row_status[i]);
		free(cause);
	}
}

static void browser_fetch_rows(struct browser *b, struct app *app, int height)
{
	struct card_row *before = NULL, *after = NULL;
	size_t nb = 0, na = 0;
	char *cause = NULL;

	if (b->rows_for == b->id && b->rows_height == height)
		return;
	card_rows_free(b->rows, b->nrows);
	b->rows = NULL;
	free(b->row_status);
	b->row_status = NULL;
	b->nrows = 0;
	b->rows_for = b->id;
	b->rows_height = height;
	if (b->id == 0 || height <= 0)
		return;
	size_t want_before = (size_t)(height / 2);
	if (browser_sorted(b)) {
		/* The order's neighbours, as by name: half a pane before. */
		size_t first = b->order_at > want_before ? b->order_at - want_before : 0;
		size_t end = first + (size_t)height;
		if (end > b->order.n)
			end = b->order.n;
		b->rows = xcalloc(end - first + 1, sizeof *b->rows);
		for (size_t i = first; i < end; i++) {
			if (card_row_get(app->db, b->order.entries[i].id, &b->rows[b->nrows], &cause) == RDX_OK)
				b->nrows++;
			free(cause);
			cause = NULL;
		}
		browser_fetch_status(b, app);
		return;
	}
	if (card_page(app->db, &b->filter, &b->key, false, want_before, &before, &nb, &cause) != RDX_OK) {
		free(cause);
		cause = NULL;
		nb = 0;
	}
	/* The current card and those after it. */
	struct card_key from = { .sort_key = b->key.sort_key, .id = b->key.id };
	if (card_page(app->db, &b->filter, &from, true, (size_t)height - nb - 1, &after, &na, &cause) != RDX_OK) {
		free(cause);
		na = 0;
	}
	b->rows = xcalloc(nb + na + 1, sizeof *b->rows);
	for (size_t i = 0; i < nb; i++)
		b->rows[b->nrows++] = before[i];
	struct card_row *c = &b->rows[b->nrows++];
	c->id = b->id;
	c->name = xstrdup(b->disp.card.name != NULL ? b->disp.card.name : "");
	c->org = xstrdup(b->disp.card.org != NULL ? b->disp.card.org : "");
	c->email = xstrdup("");
	c->sort_key = xstrdup(b->key.sort_key);
	for (size_t i = 0; i < na; i++)
		b->rows[b->nrows++] = after[i];
	free(before);
	free(after);
	browser_fetch_status(b, app);
}

static bool browser_marked(const struct browser *b, int64_t id)
{
	for (size_t i = 0; i < b->nmarks; i++) {
		if (b->marks[i] == id)
			return true;
	}
	return false;
}

/* What row i of the list pane shows in column c. */
static const char *browser_list_cell(const struct browser *b, const struct app *app, size_t i, int c, char *buf,
				     size_t size)
{
	const struct card_row *row = &b->rows[i];

	switch (c) {
	case LIST_COL_NAME:
		return row->name;
	case LIST_COL_ORG:
		return row->org;
	case LIST_COL_LAST:
		card_last_describe(&b->row_status[i], app->today, buf, size);
		return buf;
	default:
		card_due_describe(&b->row_status[i], app->today, true, buf, size);
		return buf;
	}
}

static const char *const list_headings[LIST_COLS] = { "name", "organization", "last", "due" };

/* Measures the rows into col_widest (a column nobody fills stays 0) and
 * works out the pane width the table wants. */
static void browser_list_measure(struct browser *b, struct app *app)
{
	char buf[128];

	for (size_t i = 0; i < b->nrows; i++) {
		for (int c = 0; c < LIST_COLS; c++) {
			const char *text = browser_list_cell(b, app, i, c, buf, sizeof buf);
			int w = text[0] != '\0' ? text_width(text) : 0;
			if (w > 0 && w < text_width(list_headings[c]))
				w = text_width(list_headings[c]);
			if (w > b->col_widest[c])
				b->col_widest[c] = w;
		}
	}
	int want = 3; /* the mark's two columns and a margin */
	for (int c = 0; c < LIST_COLS; c++)
		want += b->col_widest[c] > 0 ? b->col_widest[c] + LIST_COL_GAP : 0;
	/* Nothing to measure (no cards): the pane's usual width. */
	b->list_want = b->col_widest[LIST_COL_NAME] > 0 ? want - LIST_COL_GAP : 0;
}

/* The columns shown in a pane w wide: the name first, then the column the
 * cards are sorted by, the organization, and the rest. */
static void browser_list_widths(const struct browser *b, int w, int widths[LIST_COLS])
{
	static const size_t by_name[LIST_COLS] = { LIST_COL_NAME, LIST_COL_ORG, LIST_COL_DUE, LIST_COL_LAST };
	static const size_t by_last[LIST_COLS] = { LIST_COL_NAME, LIST_COL_LAST, LIST_COL_ORG, LIST_COL_DUE };
	static const size_t by_due[LIST_COLS] = { LIST_COL_NAME, LIST_COL_DUE, LIST_COL_ORG, LIST_COL_LAST };
	struct column_want want[LIST_COLS];

	for (int c = 0; c < LIST_COLS; c++) {
		int widest = b->col_widest[c];
		/* A name shows whole up to a long name's width, an
		 * organization gives way down to a readable width (both cut at
		 * a word); dates and due status show whole or not at all. */
		int least = c == LIST_COL_NAME ? 24 : c == LIST_COL_ORG ? 12 : widest;
		want[c] = (struct column_want){ .widest = widest, .least = least < widest ? least : widest };
	}
	layout_columns(w - 3, LIST_COL_GAP, LIST_COLS, want,
		       b->sort == LISTING_SORT_LAST  ? by_last
		       : b->sort == LISTING_SORT_DUE ? by_due
						     : by_name,
		       widths);
}

static enum role browser_list_role(const struct browser *b, size_t i, int c, bool cur)
{
	const struct card_status *s = &b->row_status[i];

	if (cur)
		return ROLE_SELECTED;
	if (c == LIST_COL_ORG || (c == LIST_COL_LAST && !s->contacted))
		return ROLE_DIM;
	if (c == LIST_COL_DUE && s->due && !s->snoozed)
		return ROLE_DUE;
	return ROLE_NORMAL;
}

static void browser_draw_list(struct browser *b, struct app *app)
{
	const struct rect *r = &b->layout.list;
	int widths[LIST_COLS];
	char buf[128], fitted[512];
	static const int sorted_col[] = {
		[LISTING_SORT_NAME] = LIST_COL_NAME,
		[LISTING_SORT_LAST] = LIST_COL_LAST,
		[LISTING_SORT_DUE] = LIST_COL_DUE,
	};

	browser_list_widths(b, r->w, widths);
	/* The headings, the sorted column's in the accent colour. */
	int x = r->x + 2;
	for (int c = 0; c < LIST_COLS; c++) {
		if (widths[c] == 0)
			continue;
		text_fit_words(list_headings[c], widths[c], fitted, sizeof fitted);
		draw_text(app, r->y, x, widths[c], c == sorted_col[b->sort] ? ROLE_ACCENT : ROLE_DIM, fitted);
		x += widths[c] + LIST_COL_GAP;
	}
	for (size_t i = 0; i < b->nrows && (int)i < r->h - 1; i++) {
		const struct card_row *row = &b->rows[i];
		bool cur = row->id == b->id;
		enum role role = cur ? ROLE_SELECTED : ROLE_NORMAL;
		int y = r->y + 1 + (int)i;
		draw_text_pad(app, y, r->x, r->w, role, "");
		draw_text(app, y, r->x, 2, browser_marked(b, row->id) ? ROLE_MARKED : role,
			  browser_marked(b, row->id) ? "✓" : " ");
		x = r->x + 2;
		for (int c = 0; c < LIST_COLS; c++) {
			if (widths[c] == 0)
				continue;
			/* Cut at a word, when cut at all. */
			text_fit_words(browser_list_cell(b, app, i, c, buf, sizeof buf), widths[c], fitted, sizeof fitted);
			draw_text(app, y, x, widths[c], browser_list_role(b, i, c, cur), fitted);
			x += widths[c] + LIST_COL_GAP;
		}
	}
}

static void browser_draw_welcome(struct browser *b, struct app *app)
{
	struct rect r = b->layout.card;
	static const char *const lines[][2] = {
		{ "", "Your rolodex is empty. To begin:" },
		{ "", "" },
		{ "a", "add a card" },
		{ "^D", "load about 40 demo cards" },
		{ "", "" },
		{ "", "or from a shell:" },
		{ "", "rolodex import contacts.vcf" },
		{ "", "(vCard, LinkedIn, Google or Outlook CSV)" },
		{ "", "" },
		{ "?", "every key" },
		{ "q", "quit" },
	};

	draw_fill(app, &r, ROLE_NORMAL);
	draw_box(app, &r, ROLE_BORDER);
	draw_text(app, r.y + 1, r.x + 2, r.w - 4, ROLE_NAME, "Welcome to rolodex");
	draw_text(app, r.y + 2, r.x + 2, r.w - 4, ROLE_DIM, "keep in touch on purpose");
	draw_separator(app, &r, r.y + 3, ROLE_BORDER);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		int y = r.y + 4 + (int)i;
		if (y >= r.y + r.h - 1)
			break;
		draw_text(app, y, r.x + 2, 6, ROLE_ACCENT, lines[i][0]);
		draw_text(app, y, r.x + 8, r.w - 10, ROLE_NORMAL, lines[i][1]);
	}
}

static void browser_draw(struct view *view, struct app *app)
{
	struct browser *b = view->data;

	browser_layout(b, app);
	if (b->layout.too_small)
		return;
	if (b->list) {
		/* Rows first: the pane is as wide as what they show. */
		browser_fetch_rows(b, app, b->layout.list.h - 1);
		browser_list_measure(b, app);
		browser_layout(b, app);
	}
	browser_draw_tabs(b, app);
	browser_draw_status(b, app);
	if (b->list)
		browser_draw_list(b, app);
	struct rect r = b->layout.card;
	if (r.w == 0)
		return;
	if (!b->any && !b->filter.trash) {
		browser_draw_welcome(b, app);
		return;
	}
	if (b->id == 0) {
		draw_box(app, &r, ROLE_BORDER);
		const char *what = b->filter.trash ? "The trash is empty." : "No card matches.";
		draw_text(app, r.y + 2, r.x + 2, r.w - 4, ROLE_NAME, what);
		draw_text(app, r.y + 4, r.x + 2, r.w - 4, ROLE_DIM, "Esc clears the search and filters.");
		return;
	}
	const struct card_display *d = &b->disp;
	/* Taller than the base card when its notes want the room. */
	r = layout_card_fit(&b->layout, card_box_height(app, d, r.w, r.h, b->layout.card_room));
	if (b->anim_height > 0) {
		/* A frame of the flip: the card folds towards its back edge. */
		int h = b->anim_height;
		struct rect f = r;
		f.h = h;
		f.y = b->anim_up ? r.y : r.y + r.h - h;
		int scroll = 0;
		card_box_draw(app, &f, b->anim_old ? &b->anim_disp : d, &scroll, NULL);
	} else {
		card_box_draw(app, &r, d, &b->scroll, NULL);
	}
	if (r.y + r.h < b->layout.status.y)
		draw_back_edge(app, r.y + r.h, r.x, r.w, ROLE_BORDER);
}

/* ---- actions ---------------------------------------------------------- */

static void on_search_change(struct app *app, void *ctx, const char *text)
{
	struct browser *b = ctx;

	const char *before = b->query != NULL ? b->query : "";
	if (strcmp(before, text != NULL ? text : "") == 0) {
		/* A key that moved the cursor cleared the message line: the
		 * count beside the prompt stays. */
		if (!b->search_pending)
			browser_say_position(b, app);
		return;
	}
	browser_set_query(b, text);
	/* As you type: the first match, found in idle time (a key typed
	 * meanwhile goes first), then its count beside the prompt, which
	 * covers the status line. */
	b->search_pending = true;
	browser_forget_counts(b);
}

static void on_search_done(struct app *app, void *ctx, enum view_outcome outcome, const char *text)
{
	struct browser *b = ctx;

	b->searching = false;
	if (outcome == VIEW_SAVED) {
		/* The text is what on_search_change saw; a search still
		 * pending finishes in idle time. */
		const char *before = b->query != NULL ? b->query : "";
		if (strcmp(before, text != NULL ? text : "") != 0) {
			browser_set_query(b, text);
			b->search_pending = true;
			browser_forget_counts(b);
		}
	} else {
		/* Esc clears the search and goes back where it started. */
		browser_set_query(b, NULL);
		b->id = b->search_from;
		browser_refresh(b, app);
	}
	free(b->query_before);
	b->query_before = NULL;
}

static void on_tag_done(struct app *app, void *ctx, enum view_outcome outcome, const char *text)
{
	struct browser *b = ctx;

	if (outcome != VIEW_SAVED)
		return;
	char *t = xstrdup(text);
	browser_set_tag(b, text_trim(t));
	free(t);
	browser_refresh(b, app);
	if (b->tag != NULL && b->id == 0)
		app_message(app, "No card has the tag %s", b->tag);
}

/* The filter menu's choice, applied to the browser's filter. */
static void on_filter_choice(struct app *app, void *ctx, enum filter_choice choice)
{
	struct browser *b = ctx;

	switch (choice) {
	case FILTER_CHOICE_TAG:
		view_prompt_open(app, "tag: ", b->tag,
				 (struct prompt_callbacks){ .on_done = on_tag_done, .ctx = b, .complete = PROMPT_COMPLETE_TAG });
		return;
	case FILTER_CHOICE_TAG_LIST:
		view_tags_open(app);
		return;
	case FILTER_CHOICE_DUE:
		b->filter.due_only = !b->filter.due_only;
		break;
	case FILTER_CHOICE_BIRTHDAY:
		b->filter.has_birthday = !b->filter.has_birthday;
		break;
	case FILTER_CHOICE_TRASH:
		b->filter.trash = !b->filter.trash;
		b->id = 0;
		break;
	case FILTER_CHOICE_ALL:
		b->filter.due_only = false;
		b->filter.has_birthday = false;
		b->filter.trash = false;
		browser_set_tag(b, NULL);
		browser_set_query(b, NULL);
		break;
	}
	browser_refresh(b, app);
}

static void browser_toggle_mark(struct browser *b)
{
	for (size_t i = 0; i < b->nmarks; i++) {
		if (b->marks[i] == b->id) {
			b->marks[i] = b->marks[--b->nmarks];
			b->disp.marked = false;
			return;
		}
	}
	b->marks = xgrow(b->marks, &b->capmarks, b->nmarks + 1, sizeof *b->marks);
	b->marks[b->nmarks++] = b->id;
	b->disp.marked = true;
}

static void on_contact_done(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	struct browser *b = ctx;

	(void)card_id;
	if (outcome == VIEW_SAVED && b->nmarks > 0) {
		b->nmarks = 0;
		b->disp.marked = false;
	}
	browser_refresh(b, app);
}

static void on_form_done(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	struct browser *b = ctx;

	if (outcome != VIEW_SAVED)
		return;
	b->id = card_id;
	browser_refresh(b, app);
	if (b->id != card_id) {
		/* Saved, but the filter hides it: show it without the filter. */
		browser_set_query(b, NULL);
		browser_set_tag(b, NULL);
		b->filter.due_only = b->filter.has_birthday = b->filter.trash = false;
		b->id = card_id;
		browser_refresh(b, app);
	}
}

static void on_note_done(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	struct browser *b = ctx;

	(void)card_id;
	if (outcome == VIEW_SAVED)
		browser_load_display(b, app, true);
}

static void browser_trash(struct browser *b, struct app *app)
{
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;
	char name[128];
	enum rdx_status st;

	if (b->id == 0)
		return;
	text_fit(b->disp.card.name, 40, name, sizeof name);
	app_now(app, now);
	int64_t id = b->id;
	if (b->filter.trash) {
		st = card_restore(app->db, id, now, &cause);
		if (st != RDX_OK) {
			app_fail(app, "cannot restore", st, cause);
			return;
		}
		app_message(app, "Restored %s · u undoes", name);
	} else {
		st = card_trash(app->db, id, now, &cause);
		if (st != RDX_OK) {
			app_fail(app, "cannot move to the trash", st, cause);
			return;
		}
		app_message(app, "Moved %s to the trash · u undoes", name);
	}
	/* Stay in place: the next card takes the slot. */
	app_changed(app);
}

static struct browser_state browser_state_of(const struct browser *b);

/* The marked cards' addresses, or the filter's when none is marked. */
static void browser_addresses(struct browser *b, struct app *app)
{
	struct browser_state state = browser_state_of(b);
	view_addresses_open(app, b->marks, b->nmarks, &b->filter, state.filtered);
}

static void browser_load_demo(struct browser *b, struct app *app)
{
	if (b->any) {
		app_message(app, "The demo cards load into an empty rolodex only");
		return;
	}
	if (app->assets_dir == NULL) {
		app_error(app, "demo cards not found (set ROLODEX_ASSETS to the assets folder)");
		return;
	}
	char *path = xasprintf("%s/demo.vcf", app->assets_dir);
	const char *paths[] = { path };
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;
	struct import_report report;
	app_now(app, now);
	struct import_options opt = { .format = IMPORT_VCARD, .now = now };
	import_report_init(&report);
	enum rdx_status st = import_paths(app->db, paths, 1, &opt, &report, &cause);
	size_t added = report.imported;
	import_report_done(&report);
	free(path);
	if (st != RDX_OK) {
		app_fail(app, "cannot load the demo cards", st, cause);
		return;
	}
	b->id = 0;
	app_changed(app);
	app_message(app, "Loaded %zu demo cards · → flips, / searches, ? shows every key", added);
}

static void browser_jump(struct browser *b, struct app *app, char tab)
{
	int64_t id;
	char *cause = NULL;

	if (browser_sorted(b)) {
		/* Within the order: the first card under the letter in it. */
		if (!browser_order_set(b, app, order_first_in_tab(&b->order, tab)))
			app_message(app, "No cards under %c or after it", tab);
		else
			browser_load_display(b, app, false);
		return;
	}
	enum rdx_status st = card_first_in_tab(app->db, &b->filter, tab, &id, &cause);
	if (st == RDX_NOT_FOUND) {
		free(cause);
		app_message(app, "No cards under %c or after it", tab);
		return;
	}
	if (st != RDX_OK) {
		app_fail(app, "cannot jump", st, cause);
		return;
	}
	if (browser_goto(b, app, id))
		browser_load_display(b, app, false);
}

/* o: by name, by last contact, by due date, by name again.  The card
 * shown stays shown, at its place in the new order (read in idle time:
 * browser_sort_pending). */
static void browser_cycle_sort(struct browser *b, struct app *app)
{
	enum listing_sort next = (enum listing_sort)(((b->sort_pending ? b->sort_wanted : b->sort) + 1) % 3);
	b->sort_pending = false;
	b->sort_from_start = false;
	if (next != LISTING_SORT_NAME) {
		b->sort_wanted = next;
		b->sort_pending = true;
		return;
	}
	/* By name needs nothing read: at once. */
	b->sort = LISTING_SORT_NAME;
	b->rows_for = -1;
	order_done(&b->order);
	b->basis.valid = false;
	b->order_stale = false;
	browser_forget_counts(b);
	if (b->id != 0)
		browser_goto(b, app, b->id);
	app_message(app, "Sorted by name");
}


static void browser_open_review(struct app *app)
{
	view_review_open(app);
}

bool browser_state_offers(const struct browser_state *s, enum action action)
{
	switch (action) {
	case ACTION_NEXT:
	case ACTION_PREV:
	case ACTION_FIRST:
	case ACTION_LAST:
	case ACTION_SCROLL_DOWN:
	case ACTION_SCROLL_UP:
	case ACTION_PAGE_DOWN:
	case ACTION_PAGE_UP:
	case ACTION_NOTE:
	case ACTION_EDIT:
	case ACTION_DELETE:
	case ACTION_TIMELINE:
	case ACTION_MARK:
	case ACTION_LATEST_NOTE:
		return s->card_shown;
	case ACTION_CONTACTED:
		return s->card_shown || s->marks > 0;
	case ACTION_SORT:
		return s->card_shown;
	case ACTION_SEARCH:
	case ACTION_FILTER:
	case ACTION_FILTER_DUE:
	case ACTION_JUMP_TAB:
	case ACTION_REVIEW:
	case ACTION_BIRTHDAYS:
	case ACTION_DUPLICATES:
	case ACTION_TAGS:
	case ACTION_ADDRESSES:
		return s->any;
	case ACTION_CLEAR:
		return s->filtered || s->marks > 0;
	case ACTION_LOAD_DEMO:
		return !s->any;
	default:
		return true;
	}
}

static struct browser_state browser_state_of(const struct browser *b)
{
	return (struct browser_state){
		.any = b->any,
		.card_shown = b->id != 0,
		.filtered = b->query != NULL || b->tag != NULL || b->filter.due_only || b->filter.has_birthday ||
			    b->filter.trash,
		.marks = b->nmarks,
	};
}

static bool browser_offers(struct view *view, struct app *app, enum action action)
{
	struct browser_state s = browser_state_of(view->data);

	(void)app;
	return browser_state_offers(&s, action);
}

static enum view_result browser_action(struct view *view, struct app *app, enum action action)
{
	struct browser *b = view->data;
	bool empty = b->id == 0;
	struct browser_state state = browser_state_of(b);

	/* What the hints leave out says why when pressed anyway; clearing
	 * and the demo cards speak for themselves. */
	if (!browser_state_offers(&state, action) && action != ACTION_CLEAR && action != ACTION_LOAD_DEMO) {
		if (!b->any)
			app_message(app, "The rolodex is empty: a adds a card, ^D loads the demo cards");
		else
			app_message(app, "No card here: Esc clears the search and filters");
		return VIEW_HANDLED;
	}

	switch (action) {
	case ACTION_NEXT:
		browser_flip(b, app, true, false);
		break;
	case ACTION_PREV:
		browser_flip(b, app, false, false);
		break;
	case ACTION_FIRST:
		browser_flip(b, app, true, true);
		break;
	case ACTION_LAST:
		browser_flip(b, app, false, true);
		break;
	case ACTION_SCROLL_DOWN:
		if (b->list)
			browser_step(b, app, true, false), browser_load_display(b, app, false);
		else
			b->scroll++;
		break;
	case ACTION_SCROLL_UP:
		if (b->list)
			browser_step(b, app, false, false), browser_load_display(b, app, false);
		else if (b->scroll > 0)
			b->scroll--;
		break;
	case ACTION_PAGE_DOWN:
	case ACTION_PAGE_UP:
		/* In the list: its rows under the headings, less one. */
		for (int i = 0; i < (b->list && b->layout.list.h > 3 ? b->layout.list.h - 2 : 5); i++) {
			if (!browser_step(b, app, action == ACTION_PAGE_DOWN, false))
				break;
		}
		browser_load_display(b, app, false);
		break;
	case ACTION_SEARCH:
		b->search_from = b->id;
		b->searching = true;
		view_prompt_open(app, "/", b->query,
				 (struct prompt_callbacks){ .on_change = on_search_change,
							    .on_done = on_search_done,
							    .ctx = b,
							    .complete = PROMPT_COMPLETE_SEARCH_TAGS });
		break;
	case ACTION_FILTER:
		view_filter_open(app, on_filter_choice, b);
		break;
	case ACTION_FILTER_DUE:
		b->filter.due_only = !b->filter.due_only;
		browser_refresh(b, app);
		break;
	case ACTION_CLEAR:
		if (b->nmarks > 0) {
			b->nmarks = 0;
			b->disp.marked = false;
			app_message(app, "Marks cleared");
			break;
		}
		browser_set_query(b, NULL);
		browser_set_tag(b, NULL);
		b->filter.due_only = b->filter.has_birthday = b->filter.trash = false;
		browser_refresh(b, app);
		break;
	case ACTION_SORT:
		browser_cycle_sort(b, app);
		break;
	case ACTION_LIST_PANE:
		b->list = !b->list;
		b->list_auto = false;
		b->rows_for = -1;
		break;
	case ACTION_ADD:
		view_form_open(app, 0, (struct view_done){ .fn = on_form_done, .ctx = b });
		break;
	case ACTION_EDIT:
		if (!empty)
			view_form_open(app, b->id, (struct view_done){ .fn = on_form_done, .ctx = b });
		break;
	case ACTION_CONTACTED:
		if (b->nmarks > 0)
			dialog_contacted_open(app, b->marks, b->nmarks, (struct view_done){ .fn = on_contact_done, .ctx = b });
		else if (!empty)
			dialog_contacted_open(app, &b->id, 1, (struct view_done){ .fn = on_contact_done, .ctx = b });
		break;
	case ACTION_NOTE:
		if (!empty)
			view_note_open(app, b->id, (struct view_done){ .fn = on_note_done, .ctx = b });
		break;
	case ACTION_DELETE:
		browser_trash(b, app);
		break;
	case ACTION_TIMELINE:
		if (!empty)
			view_timeline_open(app, b->id);
		break;
	case ACTION_LATEST_NOTE:
		if (!empty)
			view_timeline_open_latest_note(app, b->id);
		break;
	case ACTION_BIRTHDAYS:
		view_birthdays_open(app);
		break;
	case ACTION_DUPLICATES:
		view_duplicates_open(app);
		break;
	case ACTION_TAGS:
		view_tags_open(app);
		break;
	case ACTION_MARK:
		if (!empty) {
			browser_toggle_mark(b);
			app_message(app, "c logs one touch for the marked · y lists their addresses");
		}
		break;
	case ACTION_ADDRESSES:
		browser_addresses(b, app);
		break;
	case ACTION_REVIEW:
		browser_open_review(app);
		break;
	case ACTION_LOAD_DEMO:
		browser_load_demo(b, app);
		break;
	default:
		return VIEW_UNHANDLED;
	}
	return VIEW_HANDLED;
}

static void browser_mouse(struct browser *b, struct app *app)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		browser_flip(b, app, false, false);
		return;
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		browser_flip(b, app, true, false);
		return;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (ev.y == 0) {
		int tab = layout_tab_at(&b->layout, ev.x);
		if (tab >= 0)
			browser_jump(b, app, layout_tab_char(tab));
		return;
	}
	const struct rect *l = &b->layout.list;
	if (b->list && ev.y > l->y && ev.y < l->y + l->h && ev.x >= l->x && ev.x < l->x + l->w) {
		size_t i = (size_t)(ev.y - l->y - 1); /* under the headings */
		size_t cur = 0;
		while (cur < b->nrows && b->rows[cur].id != b->id)
			cur++;
		bool known = b->position_known && cur < b->nrows;
		int64_t pos = b->position + (int64_t)i - (int64_t)cur;
		if (i < b->nrows && browser_goto(b, app, b->rows[i].id)) {
			/* A row of the pane is a known distance away. */
			if (known) {
				b->position = pos;
				b->position_known = true;
			}
			browser_load_display(b, app, false);
		}
	}
}

static enum view_result browser_key(struct view *view, struct app *app, int key)
{
	struct browser *b = view->data;

	/* Upper-case letters and '#' jump to a tab: commands are lower case. */
	if ((key >= 'A' && key <= 'Z') || key == '#') {
		browser_jump(b, app, (char)key);
		return VIEW_HANDLED;
	}
	if (key == KEY_FN(KEY_MOUSE)) {
		browser_mouse(b, app);
		return VIEW_HANDLED;
	}
	return VIEW_UNHANDLED;
}

static void browser_reload(struct view *view, struct app *app)
{
	browser_refresh(view->data, app);
}

/* With `list = auto`, wide screens show the list beside the card. */
static bool browser_list_by_width(const struct app *app)
{
	return app->cols >= LIST_DEFAULT_MIN_COLS;
}

static void browser_resize(struct view *view, struct app *app)
{
	struct browser *b = view->data;

	if (b->list_auto)
		b->list = browser_list_by_width(app);
	memset(b->col_widest, 0, sizeof b->col_widest);
	b->list_want = 0;
	browser_layout(b, app);
	b->rows_for = -1;
}

static void browser_close(struct view *view, struct app *app)
{
	struct browser *b = view->data;

	(void)app;
	free(b->query);
	free(b->tag);
	free(b->query_before);
	card_key_done(&b->key);
	card_key_done(&b->pos_anchor);
	order_done(&b->order);
	free(b->basis.query);
	free(b->basis.tag);
	slice_count_done(&b->pos_count);
	slice_count_done(&b->all_count);
	card_display_done(&b->disp);
	card_display_done(&b->anim_disp);
	card_rows_free(b->rows, b->nrows);
	free(b->row_status);
	free(b->marks);
	free(b);
}

static void browser_open(struct view *view, struct app *app)
{
	struct browser *b = view->data;

	browser_layout(b, app);
	browser_refresh(b, app);
}

static const struct view_ops browser_ops = {
	.name = "browser",
	.keymap = &keymap_browser,
	.open = browser_open,
	.draw = browser_draw,
	.key = browser_key,
	.action = browser_action,
	.resize = browser_resize,
	.reload = browser_reload,
	.close = browser_close,
	.idle = browser_idle,
	.offers = browser_offers,
};

void view_browser_open(struct app *app)
{
	struct browser *b = xcalloc(1, sizeof *b);

	b->filter.today = app->today;
	card_display_init(&b->disp);
	card_display_init(&b->anim_disp);
	b->list_auto = app->config.list_pane == CONFIG_AUTO;
	b->list = app->config.list_pane == CONFIG_ON || (b->list_auto && browser_list_by_width(app));
	b->rows_for = -1;
	/* The configured order is read in idle time: the first screen comes
	 * at once, by name, and its first card follows. */
	order_init(&b->order);
	b->sort_wanted = app->config.sort;
	b->sort_pending = app->config.sort != LISTING_SORT_NAME;
	b->sort_from_start = b->sort_pending;
	app_push(app, &browser_ops, b);
}

void view_browser_show(struct app *app, int64_t id)
{
	struct browser *b = browser_of(app);

	b->id = id;
	browser_refresh(b, app);
}

void view_browser_filter_tag(struct app *app, const char *tag)
{
	struct browser *b = browser_of(app);

	browser_set_query(b, NULL);
	browser_set_tag(b, tag);
	b->filter.due_only = b->filter.has_birthday = b->filter.trash = false;
	browser_refresh(b, app);
	if (b->tag != NULL && b->id == 0)
		app_message(app, "No card has the tag %s (cards in the trash are not shown)", b->tag);
}

void view_browser_tag_renamed(struct app *app, const char *from, const char *to)
{
	struct browser *b = browser_of(app);

	if (b->tag != NULL && strcmp(b->tag, from) == 0)
		browser_set_tag(b, to);
}
