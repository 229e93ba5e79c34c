/*
 * view_duplicates.c - the likely duplicates already in the rolodex (the
 * browser's `=`): one line per pair from merge_find_duplicates, the card
 * that is kept on the left.  Enter merges the right card into the left one
 * after a yes/no question (merge_cards: notes and touches move over, the
 * merged card goes to the trash); x or Tab swaps which card is kept.  After
 * a merge the list is read again, and the status line says what happened
 * and which values the merge kept aside in a note, as `rolodex merge` does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/merge.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view.h"
#include "tui/view_duplicates.h"
#include "tui/view_prompt.h"

/* Widest name column; the reason takes what is left of the line. */
#define DUPLICATES_NAME_MAX 30
/* Columns of a name inside the yes/no question and the status line. */
#define DUPLICATES_NAME_SHORT 28

struct duplicates {
	struct merge_pair *pairs;
	size_t n;
	bool *swapped;    /* per pair: keep b and merge a into it */
	bool failed;      /* the last read failed (the status line says why) */
	size_t sel, top;
	int height;       /* rows of pairs shown at the last draw */
	/* The merge waiting for its yes/no answer. */
	int64_t from_id, into_id;
	char from_name[DUPLICATES_NAME_SHORT * 4 + 8];
	char into_name[DUPLICATES_NAME_SHORT * 4 + 8];
};

static void duplicates_free_pairs(struct duplicates *d)
{
	merge_pairs_free(d->pairs, d->n);
	free(d->swapped);
	d->pairs = NULL;
	d->swapped = NULL;
	d->n = 0;
}

/* Reads the pairs again; the selection keeps its place, clamped.  On
 * failure the list is empty and the status line says why. */
static void duplicates_load(struct duplicates *d, struct app *app)
{
	char *cause = NULL;

	duplicates_free_pairs(d);
	enum rdx_status st = merge_find_duplicates(app->db, &d->pairs, &d->n, &cause);
	d->failed = st != RDX_OK;
	if (d->failed) {
		d->pairs = NULL;
		d->n = 0;
		app_fail(app, "cannot list duplicates", st, cause);
	}
	d->swapped = xcalloc(d->n > 0 ? d->n : 1, sizeof *d->swapped);
	if (d->sel >= d->n)
		d->sel = d->n > 0 ? d->n - 1 : 0;
}

/* The ids and names of the selected pair: the card kept and the one merged
 * into it. */
static void duplicates_sides(const struct duplicates *d, size_t i, int64_t *keep, const char **keep_name,
			     int64_t *merge, const char **merge_name)
{
	const struct merge_pair *p = &d->pairs[i];
	bool swap = d->swapped[i];

	*keep = swap ? p->b : p->a;
	*keep_name = swap ? p->name_b : p->name_a;
	*merge = swap ? p->a : p->b;
	*merge_name = swap ? p->name_a : p->name_b;
}

static void duplicates_draw(struct view *view, struct app *app)
{
	struct duplicates *d = view->data;
	struct layout lay;

	layout_compute(app->rows, app->cols, false, &lay);
	int w = app->cols - 2 > 100 ? 100 : app->cols - 2;
	struct rect box = { .y = 1, .x = (app->cols - w) / 2, .h = lay.status.y - 1, .w = w };
	draw_fill(app, &box, ROLE_NORMAL);
	draw_box(app, &box, ROLE_BORDER);
	char title[96];
	if (d->n == 1)
		snprintf(title, sizeof title, " Likely duplicates · 1 pair · Enter merges right into left ");
	else
		snprintf(title, sizeof title, " Likely duplicates · %zu pairs · Enter merges right into left ", d->n);
	draw_text(app, box.y, box.x + 2, box.w - 4, ROLE_NAME, title);

	int inner = box.w - 4;
	int rows = box.h - 2;
	d->height = rows < 1 ? 1 : rows;
	if (d->n == 0) {
		draw_text(app, box.y + 1, box.x + 2, inner, ROLE_DIM,
			  d->failed ? "(could not read the cards)" : "No likely duplicates");
		return;
	}
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + (size_t)d->height)
		d->top = d->sel - (size_t)d->height + 1;

	/* "keep  ⇄  merge   reason": two name columns as wide as the longest
	 * name (at most a third of the line each), the reason after. */
	int name_w = 4;
	for (size_t i = 0; i < d->n; i++) {
		int wa = text_width(d->pairs[i].name_a), wb = text_width(d->pairs[i].name_b);
		name_w = wa > name_w ? wa : name_w;
		name_w = wb > name_w ? wb : name_w;
	}
	int third = (inner - 8) / 3;
	if (name_w > third)
		name_w = third;
	if (name_w > DUPLICATES_NAME_MAX)
		name_w = DUPLICATES_NAME_MAX;
	if (name_w < 4)
		name_w = 4;
	int reason_w = inner - 2 * name_w - 8;
	for (int i = 0; i < rows && d->top + (size_t)i < d->n; i++) {
		size_t idx = d->top + (size_t)i;
		int64_t keep, merge;
		const char *keep_name, *merge_name;
		char left[DUPLICATES_NAME_MAX * 4 + 8], right[DUPLICATES_NAME_MAX * 4 + 8];
		char reason[512], line[1024];

		duplicates_sides(d, idx, &keep, &keep_name, &merge, &merge_name);
		text_fit_pad(keep_name, name_w, left, sizeof left);
		text_fit_pad(merge_name, name_w, right, sizeof right);
		text_fit(d->pairs[idx].reason, reason_w, reason, sizeof reason);
		snprintf(line, sizeof line, "%s  ⇄  %s   %s", left, right, reason);
		enum role role = idx == d->sel ? ROLE_SELECTED : ROLE_NORMAL;
		if (role == ROLE_SELECTED) {
			struct rect r = { .y = box.y + 1 + i, .x = box.x + 1, .h = 1, .w = box.w - 2 };
			draw_fill(app, &r, role);
		}
		draw_text(app, box.y + 1 + i, box.x + 2, inner, role, line);
	}
	if (d->top > 0)
		draw_text(app, box.y, box.x + box.w - 5, 3, ROLE_ACCENT, "↑");
	if (d->top + (size_t)rows < d->n)
		draw_text(app, box.y + box.h - 1, box.x + box.w - 5, 3, ROLE_ACCENT, "↓");
}

/* The yes/no answer to "Merge X into Y?". */
static void on_merge_confirmed(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	struct duplicates *d = ctx;
	char now[TIMESTAMP_TEXT_SIZE];
	char *conflicts = NULL, *cause = NULL;

	(void)card_id;
	if (outcome != VIEW_SAVED) {
		app_message(app, "Nothing merged");
		return;
	}
	app_now(app, now);
	enum rdx_status st = merge_cards(app->db, d->from_id, d->into_id, now, &conflicts, &cause);
	/* Read the list again either way: a failure often means another
	 * process changed one of the cards. */
	app_changed(app);
	if (st != RDX_OK) {
		app_fail(app, "could not merge", st, cause);
		return;
	}
	if (conflicts != NULL) {
		char kept[512];
		text_fit(conflicts, 200, kept, sizeof kept);
		app_message(app, "Merged %s into %s (now in the trash) · kept aside in a note: %s", d->from_name,
			    d->into_name, kept);
	} else {
		app_message(app, "Merged %s into %s (now in the trash)", d->from_name, d->into_name);
	}
	free(conflicts);
}

static void duplicates_merge(struct duplicates *d, struct app *app)
{
	int64_t keep, merge;
	const char *keep_name, *merge_name;
	char question[1024];

	if (d->n == 0 || d->sel >= d->n)
		return;
	duplicates_sides(d, d->sel, &keep, &keep_name, &merge, &merge_name);
	d->into_id = keep;
	d->from_id = merge;
	text_fit(keep_name, DUPLICATES_NAME_SHORT, d->into_name, sizeof d->into_name);
	text_fit(merge_name, DUPLICATES_NAME_SHORT, d->from_name, sizeof d->from_name);
	/* Whole names: the question wraps when it is longer than the line. */
	snprintf(question, sizeof question, "Merge %s into %s? Notes and touches move over; %s goes to the trash.",
		 merge_name, keep_name, merge_name);
	view_confirm_open(app, question, (struct view_done){ .fn = on_merge_confirmed, .ctx = d });
}

static enum view_result duplicates_action(struct view *view, struct app *app, enum action action)
{
	struct duplicates *d = view->data;
	size_t page = (size_t)(d->height > 1 ? d->height - 1 : 1);
	size_t last = d->n > 0 ? d->n - 1 : 0;

	if (layout_move(action, &d->sel, last, page))
		return VIEW_HANDLED;
	switch (action) {
	case ACTION_SWAP:
		if (d->sel < d->n)
			d->swapped[d->sel] = !d->swapped[d->sel];
		break;
	case ACTION_SELECT:
		duplicates_merge(d, app);
		break;
	default:
		return VIEW_UNHANDLED;
	}
	return VIEW_HANDLED;
}

/* With no pair there is nothing to move to, merge or swap. */
static bool duplicates_offers(struct view *view, struct app *app, enum action action)
{
	struct duplicates *d = view->data;

	(void)app;
	if (layout_is_move(action))
		return d->n > 1;
	switch (action) {
	case ACTION_SELECT:
	case ACTION_SWAP:
		return d->n > 0;
	default:
		return true;
	}
}

static void duplicates_reload(struct view *view, struct app *app)
{
	duplicates_load(view->data, app);
}

static void duplicates_close(struct view *view, struct app *app)
{
	struct duplicates *d = view->data;

	(void)app;
	duplicates_free_pairs(d);
	free(d);
}

static const struct view_ops duplicates_ops = {
	.name = "duplicates",
	.keymap = &keymap_duplicates,
	.draw = duplicates_draw,
	.action = duplicates_action,
	.reload = duplicates_reload,
	.close = duplicates_close,
	.offers = duplicates_offers,
};

void view_duplicates_open(struct app *app)
{
	struct duplicates *d = xcalloc(1, sizeof *d);

	duplicates_load(d, app);
	if (d->failed) {
		duplicates_free_pairs(d);
		free(d);
		return;
	}
	app_push(app, &duplicates_ops, d);
}
