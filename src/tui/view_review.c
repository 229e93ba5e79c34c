/*
 * view_review.c - the review screen: one card at a time from the review's
 * fixed queue, why it is there, a progress bar ("Review · 7 of 42"), and
 * one-key actions.  At the end of the due cards it offers the walk through
 * every other card; at the very end it shows the summary.
 *
 * All state is in the database through review.h: this view holds a copy
 * of the review to draw from and calls review_* for every step, which
 * commits before returning.  Pausing (q) just closes the view; `r` in the
 * browser or `rolodex review` resumes at the same card.  Sub-views (mark
 * contacted, note editor, card form, cadence prompt) are the shared ones
 * from view.h; when they report VIEW_SAVED the step is recorded here.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/date.h"
#include "rolodex/note.h"
#include "rolodex/review.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/card_draw.h"
#include "tui/dialog_contacted.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view.h"
#include "tui/view_browser.h"
#include "tui/view_form.h"
#include "tui/view_note.h"
#include "tui/view_prompt.h"
#include "tui/view_review.h"

enum review_mode {
	MODE_CARD,    /* a card of the queue */
	MODE_OFFER,   /* end of the due cards: go on through every other card? */
	MODE_SUMMARY, /* finished */
	MODE_EMPTY,   /* nobody is due */
	MODE_STALE,   /* resumed in a later month: refresh, start over, or go on? */
};

struct review_view {
	struct review *review; /* NULL in MODE_EMPTY */
	enum review_mode mode;
	struct card_display display;
	bool display_loaded;
	int64_t display_id;
	int scroll;
	int64_t walk_count;    /* MODE_OFFER: cards the walk would add */
	struct review_summary summary;
	char summary_text[512];
	bool started_all;      /* MODE_EMPTY: was it --all already? */
	bool offer_new;        /* MODE_SUMMARY of a review finished earlier today:
				  y starts a new one */
	char *skipped_names;   /* MODE_SUMMARY: "Ann Lee, Bob Roe", owned */
	char *snoozed_names;
	struct review_refresh stale; /* MODE_STALE: what a refresh would do */
	bool any_cards;        /* MODE_EMPTY: the rolodex has cards to walk */
};

/* ---- state ------------------------------------------------------------ */

static void display_drop(struct review_view *rv)
{
	if (rv->display_loaded)
		card_display_done(&rv->display);
	rv->display_loaded = false;
	rv->display_id = 0;
}

/* Loads the card under the cursor when it is not the one loaded. */
static void display_refresh(struct review_view *rv, struct app *app, bool force)
{
	const struct review_item *it = rv->review != NULL ? review_current(rv->review) : NULL;
	char *cause = NULL;
	enum rdx_status st;

	if (it == NULL) {
		display_drop(rv);
		return;
	}
	if (!force && rv->display_loaded && rv->display_id == it->card_id)
		return;
	if (rv->display_id != it->card_id)
		rv->scroll = 0;
	display_drop(rv);
	card_display_init(&rv->display);
	st = card_display_load(app, it->card_id, &rv->display, &cause);
	if (st != RDX_OK) {
		card_display_done(&rv->display);
		app_fail(app, "could not load the card", st, cause);
		return;
	}
	rv->display_loaded = true;
	rv->display_id = it->card_id;
}

/* "Ann Lee, Bob Roe and 3 more": the cards the review left at action.
 * Caller frees; NULL when none. */
static char *names_with(struct app *app, const struct review *r, enum review_action action)
{
	enum { NAMES_MAX = 40 };
	char *out = NULL;
	size_t count = 0, shown = 0;

	for (size_t i = 0; i < r->count; i++) {
		if (r->items[i].action != action)
			continue;
		count++;
		if (shown == NAMES_MAX)
			continue;
		struct card card;
		char *cause = NULL;
		/* card_load initialises the card itself. */
		if (card_load(app->db, r->items[i].card_id, &card, &cause) == RDX_OK) {
			char *next = xasprintf("%s%s%s", out != NULL ? out : "", out != NULL ? ", " : "", card.name);
			free(out);
			out = next;
			shown++;
		}
		free(cause);
		card_done(&card);
	}
	if (out != NULL && count > shown) {
		char *next = xasprintf("%s and %zu more", out, count - shown);
		free(out);
		out = next;
	}
	return out;
}

static void summary_names(struct review_view *rv, struct app *app)
{
	free(rv->skipped_names);
	free(rv->snoozed_names);
	rv->skipped_names = names_with(app, rv->review, REVIEW_ACTION_SKIPPED);
	rv->snoozed_names = names_with(app, rv->review, REVIEW_ACTION_SNOOZED);
}

static void enter_summary(struct review_view *rv, struct app *app)
{
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;
	enum rdx_status st = RDX_OK;

	app_now(app, now);
	if (!review_is_finished(rv->review))
		st = review_finish(app->db, rv->review, now, &cause);
	if (st == RDX_OK)
		st = review_summarize(app->db, rv->review, app->today, &rv->summary, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not finish the review", st, cause);
		return;
	}
	review_summary_format(&rv->summary, rv->summary_text, sizeof rv->summary_text);
	summary_names(rv, app);
	rv->mode = MODE_SUMMARY;
	display_drop(rv);
	app_message(app, "Review done: %s", rv->summary_text);
}

/* After every step: the next card, the offer of the walk, or the end. */
static void settle(struct review_view *rv, struct app *app)
{
	char *cause = NULL;
	enum rdx_status st;

	if (rv->review == NULL || rv->mode == MODE_SUMMARY || rv->mode == MODE_EMPTY)
		return;
	if (review_is_finished(rv->review)) {
		enter_summary(rv, app);
		return;
	}
	if (!review_at_end(rv->review)) {
		rv->mode = MODE_CARD;
		display_refresh(rv, app, false);
		return;
	}
	st = review_walk_count(app->db, rv->review, &rv->walk_count, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not count the other cards", st, cause);
		rv->walk_count = 0;
	}
	display_drop(rv);
	if (rv->walk_count > 0)
		rv->mode = MODE_OFFER;
	else
		enter_summary(rv, app);
}

/* Starts or resumes; MODE_EMPTY when nobody is due. */
static void review_begin(struct review_view *rv, struct app *app, bool all)
{
	struct review_options options = {
		.all = all,
		.tag = app->options != NULL ? app->options->review_tag : NULL,
	};
	char now[TIMESTAMP_TEXT_SIZE], words[160];
	enum review_start how;
	char *cause = NULL;
	enum rdx_status st;

	app_now(app, now);
	st = review_open(app->db, &options, app->today, now, &rv->review, &how, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not start the review", st, cause);
		rv->mode = MODE_EMPTY;
		rv->started_all = true; /* nothing to offer */
		return;
	}
	if (how == REVIEW_EMPTY) {
		rv->mode = MODE_EMPTY;
		rv->started_all = all;
		if (card_any(app->db, &rv->any_cards, &cause) != RDX_OK) {
			rdx_cause_drop(&cause);
			rv->any_cards = true;
		}
		return;
	}
	if (how == REVIEW_RESUMED && review_is_stale(rv->review, app->today)) {
		st = review_refresh_preview(app->db, rv->review, app->today, &rv->stale, &cause);
		if (st == RDX_OK) {
			rv->mode = MODE_STALE;
			display_drop(rv);
			return;
		}
		app_fail(app, "could not compare the review with today", st, cause);
	}
	if (how == REVIEW_RESUMED) {
		review_describe_resume(rv->review, app->today, words, sizeof words);
		app_message(app, "%s", words);
	} else {
		/* A new review opens with what scans found since the last one. */
		char *found = NULL;
		char count[32];
		text_format_count((int64_t)rv->review->count, count, sizeof count);
		st = review_found_since_last(app->db, &found, &cause);
		if (st != RDX_OK)
			app_fail(app, "could not count the touches scans found", st, cause);
		else if (found != NULL)
			app_message(app, "%s", found);
		else
			app_message(app, "Review of %s card%s — c contacted, s skip, z snooze, q pauses", count,
				    rv->review->count == 1 ? "" : "s");
		free(found);
	}
	app_changed(app);
	rv->mode = MODE_CARD;
	settle(rv, app);
}

/* ---- actions carried out by sub-views --------------------------------- */

static struct review_view *top_review(struct app *app)
{
	for (struct view *v = app->top; v != NULL; v = v->below)
		if (strcmp(v->ops->name, "review") == 0 && !v->closing)
			return v->data;
	return NULL;
}

/* Records an action another view carried out on the current card, unless
 * the review moved on meanwhile (another process). */
static void record(struct app *app, int64_t card_id, enum review_action action, const char *channel, bool advance)
{
	struct review_view *rv = top_review(app);
	const struct review_item *it;
	char now[TIMESTAMP_TEXT_SIZE];
	char *cause = NULL;
	enum rdx_status st;

	if (rv == NULL || rv->review == NULL)
		return;
	it = review_current(rv->review);
	if (it == NULL || (card_id != 0 && it->card_id != card_id))
		return;
	app_now(app, now);
	st = review_mark(app->db, rv->review, action, channel, advance, now, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not save the review step", st, cause);
		return;
	}
	display_refresh(rv, app, true);
	settle(rv, app);
}

static void contacted_done(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	struct touch *touches = NULL;
	size_t n = 0;
	char *cause = NULL;
	char channel[16] = "";

	(void)ctx;
	if (outcome != VIEW_SAVED)
		return;
	/* The prompt recorded the touch; its channel is the newest touch's. */
	if (touch_list(app->db, card_id, 1, &touches, &n, &cause) == RDX_OK && n > 0)
		snprintf(channel, sizeof channel, "%s", channel_name(touches[0].channel));
	free(cause);
	touch_list_free(touches, n);
	record(app, card_id, REVIEW_ACTION_CONTACTED, channel, true);
}

static void noted_done(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	(void)ctx;
	if (outcome == VIEW_SAVED)
		record(app, card_id, REVIEW_ACTION_NOTED, NULL, false);
}

static void edited_done(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	(void)ctx;
	if (outcome == VIEW_SAVED)
		record(app, card_id, REVIEW_ACTION_EDITED, NULL, false);
}

static void cadence_done(struct app *app, void *ctx, enum view_outcome outcome, const char *text)
{
	struct review_view *rv = top_review(app);
	struct cadence cadence;
	const struct cadence *set = &cadence;
	char now[TIMESTAMP_TEXT_SIZE], words[64];
	char *cause = NULL, *t;
	enum rdx_status st;

	(void)ctx;
	if (outcome != VIEW_SAVED || rv == NULL || rv->review == NULL || review_current(rv->review) == NULL)
		return;
	t = xstrdup(text != NULL ? text : "");
	text_trim(t);
	if (strcmp(t, "inherit") == 0 || strcmp(t, "tags") == 0) {
		set = NULL;
	} else if (!cadence_parse(t, &cadence)) {
		app_error(app, "not a rhythm: %s (try 3m, 45d, 2w, 1y, none or inherit)", t);
		free(t);
		return;
	}
	free(t);
	app_now(app, now);
	st = review_set_cadence(app->db, rv->review, set, now, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not set the rhythm", st, cause);
		return;
	}
	if (set == NULL)
		app_message(app, "Rhythm: from the card's tags");
	else {
		cadence_describe(set, words, sizeof words);
		app_message(app, "Rhythm: %s", words);
	}
	app_changed(app);
	display_refresh(rv, app, true);
}

static void snooze_done(struct app *app, void *ctx, enum view_outcome outcome, const char *text)
{
	struct review_view *rv = top_review(app);
	char now[TIMESTAMP_TEXT_SIZE], day[32];
	char *cause = NULL;
	int until;

	(void)ctx;
	if (outcome != VIEW_SAVED || rv == NULL || rv->review == NULL || review_current(rv->review) == NULL)
		return;
	if (!review_snooze_parse(text, app->today, &until)) {
		app_error(app, "not a snooze: %s (try 1w, 2w, 1m, 3m or a date after today, YYYY-MM-DD)", text);
		return;
	}
	app_now(app, now);
	enum rdx_status st = review_snooze_to(app->db, rv->review, until, now, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not snooze", st, cause);
		return;
	}
	date_format_short(until, app->today, day, sizeof day);
	app_message(app, "Snoozed until %s", day);
	app_changed(app);
	display_refresh(rv, app, true);
	settle(rv, app);
}

static void abandon_done(struct app *app, void *ctx, enum view_outcome outcome, int64_t unused)
{
	struct view *view = ctx;
	struct review_view *rv = view->data;
	char *cause = NULL;

	(void)unused;
	if (outcome != VIEW_SAVED || rv->review == NULL)
		return;
	enum rdx_status st = review_abandon(app->db, rv->review, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not abandon the review", st, cause);
		return;
	}
	app_message(app, "Review abandoned; what was done stays — r starts a new one");
	app_pop(app, view);
	review_free(rv->review);
	rv->review = NULL;
	display_drop(rv);
	app_changed(app);
}

/* Nobody is due: the walk through every card is offered when there are
 * cards and this was not the walk already. */
static bool review_offers_walk(const struct review_view *rv)
{
	return rv->mode == MODE_EMPTY && !rv->started_all && rv->any_cards;
}

/* ---- drawing ----------------------------------------------------------- */

/* "Review · 7 of 42  ━━━━━━━────────" across row y. */
static void draw_progress(struct review_view *rv, struct app *app, int y)
{
	const struct review *r = rv->review;
	char label[96], bar[1024];
	size_t pos = review_position(r), total = r->count;
	int lw, bw, filled;

	char at[32], of[32];
	text_format_count((int64_t)pos, at, sizeof at);
	text_format_count((int64_t)total, of, sizeof of);
	bool going = rv->mode == MODE_CARD || rv->mode == MODE_STALE;
	if (going)
		snprintf(label, sizeof label, "Review · %s of %s", at, of);
	else
		snprintf(label, sizeof label, "Review · %s of %s · done", of, of);
	lw = draw_text(app, y, 1, app->cols - 2, ROLE_NAME, label);
	bw = app->cols - lw - 5;
	if (bw > 200)
		bw = 200;
	if (bw < 4)
		return;
	filled = total == 0 ? 0 : (int)((going ? pos - 1 : total) * (size_t)bw / total);
	bar[0] = '\0';
	for (int i = 0; i < bw; i++)
		strcat(bar, i < filled ? "━" : "─");
	draw_text(app, y, lw + 3, bw, ROLE_ACCENT, bar);
}

static void draw_card_mode(struct review_view *rv, struct app *app, int bottom)
{
	const struct review_item *it = review_current(rv->review);
	char reason[512], done[64];
	int w, x, y = 1;

	if (it == NULL)
		return;
	if (rv->display_loaded && rv->display.has_status)
		review_describe_reason(it, &rv->display.status, app->today, reason, sizeof reason);
	else
		review_describe_reason(it, NULL, app->today, reason, sizeof reason);
	draw_text(app, y++, 1, app->cols - 2,
		  it->reason == REVIEW_REASON_WALK ? ROLE_DIM : ROLE_DUE, reason);
	done[0] = '\0';
	if (it->action == REVIEW_ACTION_CONTACTED)
		snprintf(done, sizeof done, "✓ contacted%s%s", it->channel[0] ? " by " : "", it->channel);
	else if (it->action != REVIEW_ACTION_NONE)
		snprintf(done, sizeof done, "✓ %s", review_action_name(it->action));
	if (done[0] != '\0' && bottom - y > 6)
		draw_text(app, y++, 1, app->cols - 2, ROLE_OK, done);

	if (!rv->display_loaded)
		return;
	w = app->cols - 2 < CARD_MAX_WIDTH ? app->cols - 2 : CARD_MAX_WIDTH;
	x = (app->cols - w) / 2;
	/* As tall as the card's content, every note included, within the
	 * screen; the oldest notes give way otherwise. */
	int h = card_box_height(app, &rv->display, w, 0, bottom - y);
	struct rect box = { .y = y, .x = x, .w = w, .h = h };
	if (box.h >= 3 && box.w >= 6)
		card_box_draw(app, &box, &rv->display, &rv->scroll, NULL);
}

static void draw_lines(struct app *app, int y, int bottom, const char *const *lines, size_t count,
		       const enum role *roles)
{
	for (size_t i = 0; i < count && y < bottom; i++, y++)
		draw_text(app, y, 2, app->cols - 4, roles[i], lines[i]);
}

/* Draws text wrapped to the screen from row y, each row after the first
 * indented under the label; returns the row after it. */
static int draw_para(struct app *app, int y, int bottom, enum role role, const char *label, const char *text)
{
	int x = 2, lw = label != NULL ? text_width(label) + 1 : 0;
	int w = app->cols - 4 - lw;
	const char *p = text;

	if (w < 8)
		w = 8;
	if (label != NULL && y < bottom)
		draw_text(app, y, x, lw, ROLE_LABEL, label);
	while (*p != '\0' && y < bottom) {
		size_t skip;
		size_t n = layout_wrap(p, w, &skip);
		char *piece = xstrndup(p, n);
		draw_text(app, y++, x + lw, w, role, piece);
		free(piece);
		p += n + skip;
	}
	return y;
}

static void draw_stale(struct review_view *rv, struct app *app, int bottom)
{
	char day[32], text[320];
	size_t left = rv->review->count - rv->stale.done;
	int y = 2;

	date_format_short(rv->review->today, app->today, day, sizeof day);
	snprintf(text, sizeof text, "This review was queued on %s: %zu card%s, %zu done.", day, rv->review->count,
		 rv->review->count == 1 ? "" : "s", rv->stale.done);
	y = draw_para(app, y, bottom, ROLE_NAME, NULL, text);
	snprintf(text, sizeof text, "Since then %zu more card%s became due, and %zu of the %zu left %s no longer due.",
		 rv->stale.added, rv->stale.added == 1 ? "" : "s", rv->stale.dropped, left,
		 rv->stale.dropped == 1 ? "is" : "are");
	y = draw_para(app, y, bottom, ROLE_NORMAL, NULL, text);
	y++;
	snprintf(text, sizeof text, "refresh it: add the %zu, drop the %zu, keep the %zu done", rv->stale.added,
		 rv->stale.dropped, rv->stale.done);
	y = draw_para(app, y, bottom, ROLE_NORMAL, "y  ", text);
	y = draw_para(app, y, bottom, ROLE_NORMAL, "X  ", "start over: a new review of everyone due today");
	y = draw_para(app, y, bottom, ROLE_NORMAL, "Esc", "go on with it as it is");
	draw_para(app, y, bottom, ROLE_NORMAL, "q  ", "pause (resume later)");
}

static void draw_summary(struct review_view *rv, struct app *app, int bottom)
{
	char day[32], text[160];
	int y = 2;

	date_format_short(rv->review->today, app->today, day, sizeof day);
	snprintf(text, sizeof text, "Review of %s finished — %zu card%s.", day, rv->summary.total,
		 rv->summary.total == 1 ? "" : "s");
	y = draw_para(app, y, bottom, ROLE_NAME, NULL, text);
	y++;
	y = draw_para(app, y, bottom, ROLE_NORMAL, NULL, rv->summary_text);
	if (rv->snoozed_names != NULL || rv->skipped_names != NULL)
		y++;
	if (rv->snoozed_names != NULL)
		y = draw_para(app, y, bottom, ROLE_NORMAL, "snoozed", rv->snoozed_names);
	if (rv->skipped_names != NULL)
		y = draw_para(app, y, bottom, ROLE_NORMAL, "skipped", rv->skipped_names);
	y++;
	if (rv->offer_new) {
		y = draw_para(app, y, bottom, ROLE_NORMAL, "y  ", "start a new review anyway");
		draw_para(app, y, bottom, ROLE_DIM, "q  ", "back to the cards");
	} else {
		draw_para(app, y, bottom, ROLE_DIM, "q  ", "back to the cards");
	}
}

static void review_draw(struct view *view, struct app *app)
{
	struct review_view *rv = view->data;
	int bottom = app->rows - 2; /* the status line and hints below */
	struct rect all = { .y = 0, .x = 0, .h = bottom, .w = app->cols };
	char line1[160], line2[160];

	draw_fill(app, &all, ROLE_NORMAL);
	if (bottom < 1)
		return;
	if (rv->mode == MODE_EMPTY) {
		bool walk = review_offers_walk(rv);
		const char *lines[] = {
			rv->any_cards ? "Nobody is due — enjoy your month." : "There are no cards to review yet.",
			"",
			walk ? "y  go through every card anyway (rolodex review --all)"
			     : rv->any_cards ? "There are no cards to review." : "In the card browser, a adds a card and ^D loads the demo cards.",
			"q  back to the cards",
		};
		const enum role roles[] = { ROLE_NAME, ROLE_NORMAL, ROLE_NORMAL, ROLE_NORMAL };
		draw_lines(app, 1, bottom, lines, 4, roles);
		return;
	}
	draw_progress(rv, app, 0);
	if (rv->mode == MODE_CARD) {
		draw_card_mode(rv, app, bottom);
	} else if (rv->mode == MODE_OFFER) {
		snprintf(line1, sizeof line1, "That was everyone in the queue (%zu card%s).", rv->review->count,
			 rv->review->count == 1 ? "" : "s");
		char walk[32];
		text_format_count(rv->walk_count, walk, sizeof walk);
		snprintf(line2, sizeof line2, "y  go on through the other %s card%s, longest untouched first", walk,
			 rv->walk_count == 1 ? "" : "s");
		const char *lines[] = { line1, "", line2, "Esc  finish the review here", "q  pause (resume later)" };
		const enum role roles[] = { ROLE_NAME, ROLE_NORMAL, ROLE_NORMAL, ROLE_NORMAL, ROLE_NORMAL };
		draw_lines(app, 2, bottom, lines, 5, roles);
	} else if (rv->mode == MODE_STALE) {
		draw_stale(rv, app, bottom);
	} else {
		draw_summary(rv, app, bottom);
	}
}

/* ---- keys -------------------------------------------------------------- */

static void step_result(struct review_view *rv, struct app *app, enum rdx_status st, char *cause, const char *what)
{
	if (st != RDX_OK) {
		app_fail(app, what, st, cause);
		return;
	}
	app_changed(app);
	settle(rv, app);
}

static enum view_result card_action(struct review_view *rv, struct app *app, enum action action)
{
	const struct review_item *it = review_current(rv->review);
	char now[TIMESTAMP_TEXT_SIZE], label[128], initial[16] = "";
	char *cause = NULL;
	enum rdx_status st;

	app_now(app, now);
	switch (action) {
	case ACTION_SKIP:
		st = review_skip(app->db, rv->review, now, &cause);
		step_result(rv, app, st, cause, "could not skip");
		return VIEW_HANDLED;
	case ACTION_BACK:
		st = review_back(app->db, rv->review, &cause);
		step_result(rv, app, st, cause, "could not go back");
		return VIEW_HANDLED;
	case ACTION_SNOOZE: {
		char until[32];
		date_format_short(review_snooze_until(app->today), app->today, until, sizeof until);
		snprintf(label, sizeof label, "Snooze 1w/2w/1m/3m/date, Enter %s: ", until);
		view_prompt_open(app, label, "", (struct prompt_callbacks){ .on_done = snooze_done });
		return VIEW_HANDLED;
	}
	case ACTION_CONTACTED:
		dialog_contacted_open(app, &it->card_id, 1, (struct view_done){ .fn = contacted_done });
		return VIEW_HANDLED;
	case ACTION_NOTE:
		view_note_open(app, it->card_id, (struct view_done){ .fn = noted_done });
		return VIEW_HANDLED;
	case ACTION_EDIT:
		view_form_open(app, it->card_id, (struct view_done){ .fn = edited_done });
		return VIEW_HANDLED;
	case ACTION_CADENCE:
		if (rv->display_loaded && rv->display.card.cadence_set)
			cadence_format(&rv->display.card.cadence, initial, sizeof initial);
		if (rv->display_loaded && rv->display.card.cadence_set && initial[0] == '\0')
			snprintf(initial, sizeof initial, "none");
		snprintf(label, sizeof label, "Keep in touch every (3m, 45d, 1y, none, inherit): ");
		view_prompt_open(app, label, initial, (struct prompt_callbacks){ .on_done = cadence_done });
		return VIEW_HANDLED;
	case ACTION_SCROLL_DOWN:
		rv->scroll++;
		return VIEW_HANDLED;
	case ACTION_SCROLL_UP:
		if (rv->scroll > 0)
			rv->scroll--;
		return VIEW_HANDLED;
	default:
		return VIEW_UNHANDLED;
	}
}

/* A review from an earlier month: y refreshes it, X starts over, Esc goes
 * on with it as it is. */
static enum view_result stale_action(struct view *view, struct review_view *rv, struct app *app, enum action action)
{
	struct review_refresh done;
	char *cause = NULL;
	enum rdx_status st;

	(void)view;
	switch (action) {
	case ACTION_SELECT:
		st = review_refresh(app->db, rv->review, app->today, &done, &cause);
		if (st != RDX_OK) {
			app_fail(app, "could not refresh the review", st, cause);
			return VIEW_HANDLED;
		}
		app_message(app, "Refreshed: %zu added, %zu no longer due dropped, %zu done kept", done.added,
			    done.dropped, done.done);
		app_changed(app);
		rv->mode = MODE_CARD;
		settle(rv, app);
		return VIEW_HANDLED;
	case ACTION_ABANDON:
		st = review_abandon(app->db, rv->review, &cause);
		if (st != RDX_OK) {
			app_fail(app, "could not start over", st, cause);
			return VIEW_HANDLED;
		}
		review_free(rv->review);
		rv->review = NULL;
		review_begin(rv, app, app->options != NULL && app->options->review_all);
		return VIEW_HANDLED;
	case ACTION_CANCEL:
		rv->mode = MODE_CARD;
		settle(rv, app);
		return VIEW_HANDLED;
	default:
		return VIEW_HANDLED;
	}
}

static void close_to_browser(struct view *view, struct app *app)
{
	struct review_view *rv = view->data;
	int64_t id = rv->display_id;

	app_pop(app, view);
	if (id != 0)
		view_browser_show(app, id);
}

static enum view_result review_action(struct view *view, struct app *app, enum action action)
{
	struct review_view *rv = view->data;
	char *cause = NULL;
	enum rdx_status st;

	if (action == ACTION_PAUSE) {
		if (rv->mode == MODE_CARD || rv->mode == MODE_OFFER) {
			char at[32], of[32];
			text_format_count((int64_t)review_position(rv->review), at, sizeof at);
			text_format_count((int64_t)rv->review->count, of, sizeof of);
			app_message(app, "Review paused at %s of %s — r resumes it", at, of);
		}
		close_to_browser(view, app);
		return VIEW_HANDLED;
	}
	if (action == ACTION_ABANDON && rv->mode != MODE_STALE) {
		if (rv->mode == MODE_CARD || rv->mode == MODE_OFFER)
			view_confirm_open(app, "Abandon this review? What was done at its cards stays.",
					  (struct view_done){ .fn = abandon_done, .ctx = view });
		return VIEW_HANDLED;
	}
	switch (rv->mode) {
	case MODE_STALE:
		return stale_action(view, rv, app, action);
	case MODE_CARD:
		return card_action(rv, app, action);
	case MODE_OFFER:
		if (action == ACTION_SELECT) {
			st = review_extend(app->db, rv->review, NULL, &cause);
			step_result(rv, app, st, cause, "could not go on");
			return VIEW_HANDLED;
		}
		if (action == ACTION_CANCEL) {
			enter_summary(rv, app);
			app_changed(app);
			return VIEW_HANDLED;
		}
		if (action == ACTION_BACK) {
			st = review_back(app->db, rv->review, &cause);
			step_result(rv, app, st, cause, "could not go back");
			return VIEW_HANDLED;
		}
		return VIEW_HANDLED;
	case MODE_EMPTY:
		if (action == ACTION_SELECT && review_offers_walk(rv))
			review_begin(rv, app, true);
		else if (action == ACTION_CANCEL)
			close_to_browser(view, app);
		return VIEW_HANDLED;
	case MODE_SUMMARY:
		if (action == ACTION_SELECT && rv->offer_new) {
			review_free(rv->review);
			rv->review = NULL;
			rv->offer_new = false;
			review_begin(rv, app, app->options != NULL && app->options->review_all);
		} else if (action == ACTION_SELECT || action == ACTION_CANCEL) {
			close_to_browser(view, app);
		}
		return VIEW_HANDLED;
	}
	return VIEW_UNHANDLED;
}

/* Another process (or a view above) changed the data: re-read the review
 * (it may have moved on, or its card may be in the trash now) and the card. */
static void review_reload(struct view *view, struct app *app)
{
	struct review_view *rv = view->data;
	char *cause = NULL;
	enum rdx_status st;

	if (rv->review == NULL || rv->mode == MODE_SUMMARY || rv->mode == MODE_STALE)
		return;
	st = review_sync(app->db, rv->review, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not reload the review", st, cause);
		return;
	}
	if (rv->mode == MODE_CARD || rv->mode == MODE_OFFER) {
		if (review_at_end(rv->review)) {
			if (rv->mode == MODE_CARD)
				settle(rv, app);
		} else {
			rv->mode = MODE_CARD;
			display_refresh(rv, app, true);
		}
	}
}

static const struct keymap *review_keymap_now(struct view *view)
{
	struct review_view *rv = view->data;

	switch (rv->mode) {
	case MODE_CARD:
		return &keymap_review;
	case MODE_OFFER:
		return &keymap_review_offer;
	case MODE_STALE:
		return &keymap_review_stale;
	case MODE_SUMMARY:
		if (rv->offer_new)
			return &keymap_review_again;
		break;
	case MODE_EMPTY:
		break;
	}
	return &keymap_review_end;
}

static bool review_offers(struct view *view, struct app *app, enum action action)
{
	struct review_view *rv = view->data;

	(void)app;
	if (rv->mode == MODE_EMPTY || rv->mode == MODE_SUMMARY)
		return action != ACTION_SELECT || review_offers_walk(rv);
	if (rv->mode == MODE_CARD && action == ACTION_BACK)
		return rv->review != NULL && review_position(rv->review) > 1;
	return true;
}

static void review_close(struct view *view, struct app *app)
{
	struct review_view *rv = view->data;

	(void)app;
	display_drop(rv);
	review_free(rv->review);
	free(rv->skipped_names);
	free(rv->snoozed_names);
	free(rv);
}

static const struct view_ops review_ops = {
	.name = "review",
	.keymap = &keymap_review,
	.keymap_now = review_keymap_now,
	.offers = review_offers,
	.draw = review_draw,
	.action = review_action,
	.reload = review_reload,
	.close = review_close,
};

/* The review finished earlier today, if there is one and none is in
 * progress: `r` then shows its summary and asks before a new one. */
static struct review *finished_today(struct app *app)
{
	struct review *r = NULL;
	char *cause = NULL;
	char day[DATE_TEXT_SIZE];
	int finished;

	if (review_load_latest(app->db, &r, &cause) != RDX_OK) {
		free(cause);
		return NULL;
	}
	snprintf(day, sizeof day, "%.10s", r->finished_at);
	if (!review_is_finished(r) || !date_parse(day, &finished) || finished != app->today) {
		review_free(r);
		return NULL;
	}
	return r;
}

void view_review_open(struct app *app)
{
	struct review_view *rv = xcalloc(1, sizeof *rv);
	char *cause = NULL;

	app_push(app, &review_ops, rv);
	rv->review = finished_today(app);
	if (rv->review != NULL) {
		enum rdx_status st = review_summarize(app->db, rv->review, app->today, &rv->summary, &cause);
		if (st == RDX_OK) {
			review_summary_format(&rv->summary, rv->summary_text, sizeof rv->summary_text);
			summary_names(rv, app);
			rv->mode = MODE_SUMMARY;
			rv->offer_new = true;
			app_message(app, "You finished a review today — y starts another, q goes back");
			return;
		}
		app_fail(app, "could not read today's review", st, cause);
		review_free(rv->review);
		rv->review = NULL;
	}
	review_begin(rv, app, app->options != NULL && app->options->review_all);
}
