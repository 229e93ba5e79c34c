/*
 * view_tags.c - the tags screen (the browser's `t`): one line per tag from
 * tag_list, with how many cards carry it and the rhythm those cards
 * inherit.  Enter shows the tag's cards in the browser (its tag filter);
 * e renames the tag on every card (tag_rename; a name that is already a
 * tag merges the two after a yes/no question); r sets or clears the rhythm
 * (tag_set_cadence).  Every change is one commit, so `u` undoes it, and
 * the list is read again afterwards (reload).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view.h"
#include "tui/view_browser.h"
#include "tui/view_prompt.h"
#include "tui/view_tags.h"

/* Columns between two columns of the table, when there is room. */
#define TAGS_GAP 3
/* A name column keeps at least this many columns, however narrow. */
#define TAGS_NAME_MIN 6
/* Columns of a tag name inside a prompt, a question or a message. */
#define TAGS_NAME_SHORT 30
/* The box is as wide as the other lists at most. */
#define TAGS_BOX_MAX_WIDTH 100

struct tags_view {
	struct tag_info *tags;
	size_t n;
	bool failed;  /* the last read failed (the status line says why) */
	size_t sel, top;
	int height;   /* rows of tags shown at the last draw */
	/* The rename waiting for its prompt or its yes/no answer (owned). */
	char *from;
	char *to;
	/* The tag the selection moves to at the next read (owned), e.g. the
	 * new name after a rename. */
	char *follow;
};

/* The index of the tag called name, or t->n. */
static size_t tags_find(const struct tags_view *t, const char *name)
{
	for (size_t i = 0; name != NULL && i < t->n; i++) {
		if (strcmp(t->tags[i].name, name) == 0)
			return i;
	}
	return t->n;
}

/* Reads the tags again.  The selection moves to t->follow when that is
 * set and still there, else stays on the tag it was on, else in its place,
 * clamped.  On failure the list is empty and the status line says why. */
static void tags_load(struct tags_view *t, struct app *app)
{
	char *cause = NULL;
	char *was = t->sel < t->n ? xstrdup(t->tags[t->sel].name) : NULL;

	tag_list_free(t->tags, t->n);
	t->tags = NULL;
	t->n = 0;
	enum rdx_status st = tag_list(app->db, &t->tags, &t->n, &cause);
	t->failed = st != RDX_OK;
	if (t->failed)
		app_fail(app, "cannot list the tags", st, cause);
	size_t at = tags_find(t, t->follow);
	if (at == t->n)
		at = tags_find(t, was);
	free(t->follow);
	t->follow = NULL;
	if (at < t->n)
		t->sel = at;
	if (t->sel >= t->n)
		t->sel = t->n > 0 ? t->n - 1 : 0;
	free(was);
}

/* "every 3 months" (short: "3m"), or "—" for a tag without a rhythm. */
static void tags_rhythm_text(const struct tag_info *tag, bool short_form, char *out, size_t outsize)
{
	if (!tag->has_cadence)
		snprintf(out, outsize, "—");
	else if (short_form)
		cadence_format(&tag->cadence, out, outsize);
	else
		cadence_describe(&tag->cadence, out, outsize);
}

/* The widths of the three columns: the widest name, count and rhythm, or
 * the heading when that is wider. */
static void tags_column_widths(const struct tags_view *t, bool short_rhythm, int *name_w, int *count_w,
			       int *rhythm_w)
{
	*name_w = text_width("tag");
	*count_w = text_width("cards");
	*rhythm_w = text_width("rhythm");
	for (size_t i = 0; i < t->n; i++) {
		char count[32], rhythm[64];
		text_format_count(t->tags[i].cards, count, sizeof count);
		tags_rhythm_text(&t->tags[i], short_rhythm, rhythm, sizeof rhythm);
		int nw = text_width(t->tags[i].name), cw = text_width(count), rw = text_width(rhythm);
		*name_w = nw > *name_w ? nw : *name_w;
		*count_w = cw > *count_w ? cw : *count_w;
		*rhythm_w = rw > *rhythm_w ? rw : *rhythm_w;
	}
}

/* Where nothing is tagged yet: how a card gets a tag. */
static void tags_draw_empty(struct tags_view *t, struct app *app, const struct rect *box)
{
	static const char *const lines[] = {
		"No tags yet.",
		"",
		"A tag groups cards: acme-alumni, client, close. Give a card its tags in "
		"the card form (e on the card, the Tags field) or with rolodex add NAME --tag TAG.",
		"",
		"Here you will then see every tag with its cards, rename it, show its cards, "
		"and set a rhythm that all its cards inherit.",
	};
	int width = box->w - 4;
	int y = box->y + 1;
	int bottom = box->y + box->h - 1;

	if (t->failed) {
		draw_text(app, y, box->x + 2, width, ROLE_DIM, "(could not read the tags)");
		return;
	}
	for (size_t i = 0; i < sizeof lines / sizeof lines[0] && y < bottom; i++) {
		const char *s = lines[i];
		if (*s == '\0') {
			y++;
			continue;
		}
		while (*s != '\0' && y < bottom) {
			size_t skip;
			size_t len = layout_wrap(s, width, &skip);
			char line[256];
			snprintf(line, sizeof line, "%.*s", (int)len, s);
			draw_text(app, y++, box->x + 2, width, i == 0 ? ROLE_NAME : ROLE_NORMAL, line);
			s += len + skip;
		}
	}
}

static void tags_draw(struct view *view, struct app *app)
{
	struct tags_view *t = view->data;
	struct layout lay;

	layout_compute(app->rows, app->cols, false, &lay);
	int w = app->cols - 2 > TAGS_BOX_MAX_WIDTH ? TAGS_BOX_MAX_WIDTH : app->cols - 2;
	struct rect box = { .y = 1, .x = (app->cols - w) / 2, .h = lay.status.y - 1, .w = w };
	draw_fill(app, &box, ROLE_NORMAL);
	draw_box(app, &box, ROLE_BORDER);

	char count[32], title[96];
	text_format_count((int64_t)t->n, count, sizeof count);
	/* The title drops its tip, whole, when the box is too narrow. */
	if (t->n == 0)
		snprintf(title, sizeof title, " Tags ");
	else
		snprintf(title, sizeof title, " Tags · %s %s · Enter shows a tag's cards ", count, t->n == 1 ? "tag" : "tags");
	if (t->n > 0 && text_width(title) > box.w - 4)
		snprintf(title, sizeof title, " Tags · %s %s ", count, t->n == 1 ? "tag" : "tags");
	draw_text(app, box.y, box.x + 2, box.w - 4, ROLE_NAME, title);
	if (t->n == 0) {
		t->height = 1;
		tags_draw_empty(t, app, &box);
		return;
	}

	/* Three columns, each as wide as its widest content or heading.  When
	 * they do not fit, a long name gives way down to half the line, then
	 * the rhythm takes its short form ("3m"), then the gaps narrow, then
	 * the name gives way further; the rhythm is cut last. */
	int inner = box.w - 4;
	bool short_rhythm = false;
	int gap = TAGS_GAP;
	int name_w, count_w, rhythm_w;
	tags_column_widths(t, false, &name_w, &count_w, &rhythm_w);
	int name_room = inner - count_w - rhythm_w - 2 * gap;
	if (name_w > name_room && name_room >= (name_w < inner / 2 ? name_w : inner / 2)) {
		name_w = name_room;
	} else if (name_w > name_room) {
		short_rhythm = true;
		tags_column_widths(t, true, &name_w, &count_w, &rhythm_w);
		while (gap > 1 && name_w + count_w + rhythm_w + 2 * gap > inner)
			gap--;
		name_room = inner - count_w - rhythm_w - 2 * gap;
		if (name_w > name_room)
			name_w = name_room < TAGS_NAME_MIN ? TAGS_NAME_MIN : name_room;
	}
	int count_x = box.x + 2 + name_w + gap;
	int rhythm_x = count_x + count_w + gap;
	int rhythm_room = box.x + 2 + inner - rhythm_x;

	int head = box.y + 1;
	draw_text_pad(app, head, box.x + 2, name_w, ROLE_LABEL, "tag");
	draw_text_right(app, head, count_x, count_w, ROLE_LABEL, "cards");
	if (rhythm_room > 0)
		draw_text(app, head, rhythm_x, rhythm_room, ROLE_LABEL, "rhythm");

	int rows = box.h - 3;
	t->height = rows < 1 ? 1 : rows;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + (size_t)t->height)
		t->top = t->sel - (size_t)t->height + 1;
	if (t->n > (size_t)t->height && t->top > t->n - (size_t)t->height)
		t->top = t->n - (size_t)t->height;
	for (int i = 0; i < rows && t->top + (size_t)i < t->n; i++) {
		size_t idx = t->top + (size_t)i;
		const struct tag_info *tag = &t->tags[idx];
		int y = head + 1 + i;
		enum role role = idx == t->sel ? ROLE_SELECTED : ROLE_NORMAL;
		char rhythm[64];

		if (role == ROLE_SELECTED) {
			struct rect r = { .y = y, .x = box.x + 1, .h = 1, .w = box.w - 2 };
			draw_fill(app, &r, role);
		}
		draw_text_pad(app, y, box.x + 2, name_w, role, tag->name);
		text_format_count(tag->cards, count, sizeof count);
		draw_text_right(app, y, count_x, count_w, role, count);
		tags_rhythm_text(tag, short_rhythm, rhythm, sizeof rhythm);
		if (rhythm_room > 0)
			draw_text(app, y, rhythm_x, rhythm_room, role == ROLE_SELECTED || tag->has_cadence ? role : ROLE_DIM,
				  rhythm);
	}
	if (t->top > 0)
		draw_text(app, box.y, box.x + box.w - 5, 3, ROLE_ACCENT, "↑");
	if (t->top + (size_t)rows < t->n)
		draw_text(app, box.y + box.h - 1, box.x + box.w - 5, 3, ROLE_ACCENT, "↓");
}

/* ---- rename ------------------------------------------------------------ */

/* Renames t->from to t->to with the model's rule and says what happened;
 * the browser's tag filter follows the new name. */
static void tags_rename_now(struct tags_view *t, struct app *app, bool merge)
{
	char now[TIMESTAMP_TEXT_SIZE], from[TAGS_NAME_SHORT * 4 + 8], to[TAGS_NAME_SHORT * 4 + 8], cards[32];
	char *cause = NULL;
	int64_t n = 0;

	app_now(app, now);
	enum rdx_status st = tag_rename(app->db, t->from, t->to, now, &n, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not rename the tag", st, cause);
		tags_load(t, app);
		return;
	}
	text_fit(t->from, TAGS_NAME_SHORT, from, sizeof from);
	text_fit(t->to, TAGS_NAME_SHORT, to, sizeof to);
	text_format_count(n, cards, sizeof cards);
	if (merge)
		app_message(app, "Merged %s into %s: %s %s retagged · u undoes", from, to, cards, n == 1 ? "card" : "cards");
	else
		app_message(app, "Renamed %s to %s: %s %s retagged · u undoes", from, to, cards, n == 1 ? "card" : "cards");
	view_browser_tag_renamed(app, t->from, t->to);
	free(t->follow);
	t->follow = xstrdup(t->to);
	app_changed(app);
}

/* The yes/no answer to "Merge the tag X into Y?". */
static void on_merge_confirmed(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	struct tags_view *t = ctx;

	(void)card_id;
	if (outcome != VIEW_SAVED) {
		app_message(app, "Nothing renamed");
		return;
	}
	tags_rename_now(t, app, true);
}

/* The new name typed for t->from: unchanged, a new name (renamed at once)
 * or a tag that exists (merged after a question). */
static void on_rename_done(struct app *app, void *ctx, enum view_outcome outcome, const char *text)
{
	struct tags_view *t = ctx;

	if (outcome != VIEW_SAVED)
		return;
	free(t->to);
	t->to = tag_normalize(text);
	if (t->to[0] == '\0') {
		app_error(app, "A tag name cannot be empty (Esc keeps the old one)");
		return;
	}
	if (strcmp(t->to, t->from) == 0) {
		app_message(app, "Nothing renamed: that is its name");
		return;
	}
	size_t into = tags_find(t, t->to);
	size_t from = tags_find(t, t->from);
	if (into == t->n || from == t->n) {
		tags_rename_now(t, app, false);
		return;
	}
	/* Merging: say how many cards each has and whose rhythm stays, as
	 * tag_rename decides it (the target keeps its own when it has one). */
	const struct tag_info *a = &t->tags[from], *b = &t->tags[into];
	char ca[32], cb[32], rhythm[64], question[1024];
	text_format_count(a->cards, ca, sizeof ca);
	text_format_count(b->cards, cb, sizeof cb);
	if (b->has_cadence)
		cadence_describe(&b->cadence, rhythm, sizeof rhythm);
	else if (a->has_cadence)
		cadence_describe(&a->cadence, rhythm, sizeof rhythm);
	else
		rhythm[0] = '\0';
	int used = snprintf(question, sizeof question,
			    "%s is already a tag. Merge %s (%s %s) into %s (%s %s)? A card with both keeps one", t->to,
			    t->from, ca, a->cards == 1 ? "card" : "cards", t->to, cb, b->cards == 1 ? "card" : "cards");
	if (rhythm[0] != '\0' && used > 0 && (size_t)used < sizeof question)
		snprintf(question + used, sizeof question - (size_t)used, "; the rhythm is %s.", rhythm);
	else if (used > 0 && (size_t)used < sizeof question)
		snprintf(question + used, sizeof question - (size_t)used, ".");
	view_confirm_open(app, question, (struct view_done){ .fn = on_merge_confirmed, .ctx = t });
}

/* ---- rhythm ------------------------------------------------------------ */

static void on_rhythm_done(struct app *app, void *ctx, enum view_outcome outcome, const char *text)
{
	struct tags_view *t = ctx;
	struct cadence cadence = { 0, 0 };
	char *cause = NULL, name[TAGS_NAME_SHORT * 4 + 8], words[64];

	if (outcome != VIEW_SAVED)
		return;
	char *typed = xstrdup(text != NULL ? text : "");
	text_trim(typed);
	/* Empty clears, as "none" does. */
	if (typed[0] != '\0' && !cadence_parse(typed, &cadence)) {
		app_error(app, "not a rhythm: %s (try 3m, 45d, 2w, 1y or none)", typed);
		free(typed);
		return;
	}
	free(typed);
	text_fit(t->from, TAGS_NAME_SHORT, name, sizeof name);
	/* The same rhythm again writes nothing (and leaves nothing to undo). */
	size_t at = tags_find(t, t->from);
	if (at < t->n && t->tags[at].has_cadence == (cadence.n > 0) &&
	    (cadence.n == 0 || (t->tags[at].cadence.n == cadence.n && t->tags[at].cadence.unit == cadence.unit))) {
		if (cadence.n > 0) {
			cadence_describe(&cadence, words, sizeof words);
			app_message(app, "Rhythm of %s stays %s", name, words);
		} else {
			app_message(app, "%s has no rhythm", name);
		}
		return;
	}
	enum rdx_status st = tag_set_cadence(app->db, t->from, cadence.n > 0 ? &cadence : NULL, &cause);
	if (st != RDX_OK) {
		app_fail(app, "could not set the rhythm", st, cause);
		return;
	}
	if (cadence.n > 0) {
		cadence_describe(&cadence, words, sizeof words);
		app_message(app, "Rhythm of %s: %s · u undoes", name, words);
	} else {
		app_message(app, "%s has no rhythm now · u undoes", name);
	}
	app_changed(app);
}

/* ---- keys ------------------------------------------------------------- */

static enum view_result tags_action(struct view *view, struct app *app, enum action action)
{
	struct tags_view *t = view->data;
	size_t page = (size_t)(t->height > 1 ? t->height - 1 : 1);
	size_t last = t->n > 0 ? t->n - 1 : 0;
	char label[256], name[TAGS_NAME_SHORT * 4 + 8], initial[16];

	switch (action) {
	case ACTION_SCROLL_DOWN:
		if (t->sel < last)
			t->sel++;
		break;
	case ACTION_SCROLL_UP:
		if (t->sel > 0)
			t->sel--;
		break;
	case ACTION_PAGE_DOWN:
		t->sel = t->sel + page > last ? last : t->sel + page;
		break;
	case ACTION_PAGE_UP:
		t->sel = t->sel > page ? t->sel - page : 0;
		break;
	case ACTION_FIRST:
		t->sel = 0;
		break;
	case ACTION_LAST:
		t->sel = last;
		break;
	case ACTION_SELECT:
		if (t->sel < t->n) {
			view_browser_filter_tag(app, t->tags[t->sel].name);
			app_pop(app, view);
		}
		break;
	case ACTION_EDIT:
		if (t->sel < t->n) {
			free(t->from);
			t->from = xstrdup(t->tags[t->sel].name);
			text_fit(t->from, TAGS_NAME_SHORT, name, sizeof name);
			snprintf(label, sizeof label, "Rename the tag %s to: ", name);
			view_prompt_open(app, label, t->from, (struct prompt_callbacks){ .on_done = on_rename_done, .ctx = t });
		}
		break;
	case ACTION_CADENCE:
		if (t->sel < t->n) {
			const struct tag_info *tag = &t->tags[t->sel];
			free(t->from);
			t->from = xstrdup(tag->name);
			text_fit(t->from, TAGS_NAME_SHORT, name, sizeof name);
			cadence_format(&tag->cadence, initial, sizeof initial);
			snprintf(label, sizeof label, "%s: keep in touch every (3m, 45d, 1y, none): ", name);
			view_prompt_open(app, label, initial, (struct prompt_callbacks){ .on_done = on_rhythm_done, .ctx = t });
		}
		break;
	default:
		return VIEW_UNHANDLED;
	}
	return VIEW_HANDLED;
}

/* Without a tag there is nothing to move to, show, rename or set. */
static bool tags_offers(struct view *view, struct app *app, enum action action)
{
	struct tags_view *t = view->data;

	(void)app;
	switch (action) {
	case ACTION_SCROLL_DOWN:
	case ACTION_SCROLL_UP:
	case ACTION_PAGE_DOWN:
	case ACTION_PAGE_UP:
	case ACTION_FIRST:
	case ACTION_LAST:
		return t->n > 1;
	case ACTION_SELECT:
	case ACTION_EDIT:
	case ACTION_CADENCE:
		return t->n > 0;
	default:
		return true;
	}
}

static void tags_reload(struct view *view, struct app *app)
{
	tags_load(view->data, app);
}

static void tags_close(struct view *view, struct app *app)
{
	struct tags_view *t = view->data;

	(void)app;
	tag_list_free(t->tags, t->n);
	free(t->from);
	free(t->to);
	free(t->follow);
	free(t);
}

static const struct view_ops tags_ops = {
	.name = "tags",
	.keymap = &keymap_tags,
	.draw = tags_draw,
	.action = tags_action,
	.reload = tags_reload,
	.close = tags_close,
	.offers = tags_offers,
};

void view_tags_open(struct app *app)
{
	struct tags_view *t = xcalloc(1, sizeof *t);

	tags_load(t, app);
	if (t->failed) {
		tags_close(&(struct view){ .data = t }, app);
		return;
	}
	app_push(app, &tags_ops, t);
}
