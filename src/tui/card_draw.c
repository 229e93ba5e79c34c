/*
 * card_draw.c - a card drawn as a rolodex card: the box, the name large at
 * the top with a badge (DUE), organization and title, then labelled
 * fields, birthday, tags, last contact, rhythm and the newest notes (as many
 * as fit whole, the rest counted), which scroll inside the box when even
 * the newest note does not fit.  The browser, the review and
 * the animation frames all draw cards through card_box_draw.
 */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/date.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/card_draw.h"
#include "tui/draw.h"
#include "tui/layout.h"
#include "tui/view.h"

#define LABEL_COLS 8

void card_display_init(struct card_display *d)
{
	memset(d, 0, sizeof *d);
	card_init(&d->card);
}

void card_display_done(struct card_display *d)
{
	card_done(&d->card);
	note_list_free(d->notes, d->nnotes);
	free(d->touch_note);
	memset(d, 0, sizeof *d);
}

enum rdx_status card_display_load(struct app *app, int64_t id, struct card_display *d, char **cause)
{
	struct note *notes = NULL;
	struct touch *touches = NULL;
	size_t n = 0;
	enum rdx_status st;

	card_display_done(d);
	/* card_load initialises the card itself. */
	st = card_load(app->db, id, &d->card, cause);
	if (st != RDX_OK)
		return st;
	if (card_status_get(app->db, id, app->today, &d->status, cause) == RDX_OK)
		d->has_status = true;
	else
		rdx_cause_drop(cause);
	if (note_list(app->db, id, 0, &notes, &n, cause) == RDX_OK) {
		d->notes = notes;
		d->nnotes = n;
	}
	rdx_cause_drop(cause);
	n = 0;
	if (touch_list(app->db, id, 1, &touches, &n, cause) == RDX_OK && n > 0 && touches[0].note[0] != '\0')
		d->touch_note = xstrdup(touches[0].note);
	touch_list_free(touches, n);
	rdx_cause_drop(cause);
	return RDX_OK;
}

/* ---- content lines ---------------------------------------------------- */

struct card_line {
	char label[24];  /* left column: "email", "2 Nov" */
	char *text;      /* owned */
	char right[24];  /* right column: "work" */
	enum role role;
};

struct card_lines {
	struct card_line *v;
	size_t n, cap;
};

static void lines_add(struct card_lines *ls, const char *label, const char *text, const char *right, enum role role)
{
	ls->v = xgrow(ls->v, &ls->cap, ls->n + 1, sizeof *ls->v);
	struct card_line *l = &ls->v[ls->n++];
	snprintf(l->label, sizeof l->label, "%s", label != NULL ? label : "");
	snprintf(l->right, sizeof l->right, "%s", right != NULL ? right : "");
	l->text = xstrdup(text != NULL ? text : "");
	l->role = role;
}

/* Adds text wrapped to width, the label on the first line only. */
static void lines_add_wrapped(struct card_lines *ls, const char *label, const char *text, int width, enum role role)
{
	const char *p = text;
	bool first = true;

	while (*p != '\0') {
		size_t skip;
		size_t n = layout_wrap(p, width, &skip);
		char *piece = xstrndup(p, n);
		lines_add(ls, first ? label : "", piece, NULL, role);
		free(piece);
		first = false;
		p += n + skip;
	}
	if (first)
		lines_add(ls, label, "", NULL, role);
}

/* Tags as whole words, "a · b · c", as many to a line as fit in width:
 * a line never ends in a separator and a tag is never split (one wider
 * than the line is cut with "…" when drawn).  At most max_lines lines. */
static void lines_add_tags(struct card_lines *ls, const struct card *c, int width, int max_lines)
{
	char line[512];
	size_t used = 0;
	int w = 0, count = 0;

	line[0] = '\0';
	for (size_t i = 0; i <= c->ntags; i++) {
		int tw = i < c->ntags ? text_width(c->tags[i]) : 0;
		/* The line is full (or the tags are done): out it goes. */
		if (used > 0 && (i == c->ntags || w + 3 + tw > width)) {
			if (count == max_lines) {
				lines_add(ls, "", "…", NULL, ROLE_DIM);
				return;
			}
			lines_add(ls, count == 0 ? "tags" : "", line, NULL, ROLE_ACCENT);
			count++;
			used = 0;
			w = 0;
		}
		if (i == c->ntags)
			break;
		const char *sep = used > 0 ? " · " : "";
		int n = snprintf(line + used, sizeof line - used, "%s%s", sep, c->tags[i]);
		if (n < 0 || (size_t)n >= sizeof line - used)
			break;
		used += (size_t)n;
		w += text_width(sep) + tw;
	}
}

static void lines_free(struct card_lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->v[i].text);
	free(ls->v);
	memset(ls, 0, sizeof *ls);
}

static const char *const kind_labels[FIELD_KIND_COUNT] = {
	[FIELD_EMAIL] = "email",
	[FIELD_PHONE] = "phone",
	[FIELD_ADDRESS] = "address",
	[FIELD_URL] = "web",
};

static void describe_birthday(const struct card_display *d, int today, char *out, size_t size)
{
	const struct birthday *b = &d->card.birthday;
	char when[48], date[BIRTHDAY_TEXT_SIZE];
	int next = birthday_next(b, today);
	int in = next - today;
	int age = birthday_next_age(b, today);

	if (age > 120) /* a historical figure, not a friend's birthday */
		age = 0;

	if (in == 0)
		snprintf(when, sizeof when, "birthday today!");
	else if (in == 1)
		snprintf(when, sizeof when, "birthday tomorrow");
	else
		snprintf(when, sizeof when, "birthday in %d days", in);
	birthday_format_human(b, date);
	if (b->year > 0)
		snprintf(out, size, "%s (%s%s%.0d)", date, when, age > 0 ? ", turns " : "", age > 0 ? age : 0);
	else
		snprintf(out, size, "%s (%s)", date, when);
}

static void describe_last(const struct card_display *d, int today, char *out, size_t size)
{
	char ago[48], day[32];

	if (!d->has_status || !d->status.contacted) {
		snprintf(out, size, "never contacted");
		return;
	}
	date_describe_relative(d->status.last_date, today, ago, sizeof ago);
	date_format_short(d->status.last_date, today, day, sizeof day);
	if (d->status.last_date == today)
		snprintf(out, size, "%s, today", d->status.last_channel);
	else
		snprintf(out, size, "%s, %s (%s)", d->status.last_channel, ago, day);
}

void card_due_describe(const struct card_status *s, int today, bool brief, char *out, size_t size)
{
	char span[48], day[32];

	if (size == 0)
		return;
	out[0] = '\0';
	if (!s->has_cadence || s->cadence.n == 0)
		return;
	if (s->snoozed) {
		date_format_short(s->snooze_until, today, day, sizeof day);
		snprintf(out, size, "snoozed until %s", day);
	} else if (!s->contacted) {
		snprintf(out, size, "%s", brief ? "due now" : "due now (never contacted)");
	} else if (s->due && s->overdue_days > 0) {
		date_describe_span(s->overdue_days, span, sizeof span);
		snprintf(out, size, "overdue by %s", span);
	} else if (s->due) {
		snprintf(out, size, "due today");
	} else if (brief) {
		date_format_short(s->next_due, today, day, sizeof day);
		snprintf(out, size, "next %s", day);
	} else {
		date_describe_relative(s->next_due, today, span, sizeof span);
		date_format_short(s->next_due, today, day, sizeof day);
		snprintf(out, size, "next %s (%s)", span, day);
	}
}

void card_last_describe(const struct card_status *s, int today, char *out, size_t size)
{
	if (!s->contacted)
		snprintf(out, size, "never");
	else if (s->last_date == today)
		snprintf(out, size, "today");
	else
		date_format_short(s->last_date, today, out, size);
}

static bool describe_rhythm(const struct card_display *d, int today, char *out, size_t size)
{
	const struct card_status *s = &d->status;
	char every[48], due[96];

	if (!d->has_status || !s->has_cadence || s->cadence.n == 0)
		return false;
	cadence_describe(&s->cadence, every, sizeof every);
	card_due_describe(s, today, false, due, sizeof due);
	snprintf(out, size, "%s, %s", every, due);
	return true;
}

static void card_notes(struct app *app, const struct card_display *d, int textw, int room, struct card_lines *ls);

/* Body lines (everything under the header) for inner text width w, with as
 * many notes as fit in room lines. */
static void card_body(struct app *app, const struct card_display *d, int w, int room, struct card_lines *ls)
{
	const struct card *c = &d->card;
	int textw = w - LABEL_COLS;
	char buf[512];

	if (textw < 4)
		textw = 4;
	for (int kind = 0; kind < FIELD_KIND_COUNT; kind++) {
		for (size_t i = 0; i < c->nfields; i++) {
			const struct card_field *f = &c->fields[i];
			if ((int)f->kind != kind)
				continue;
			/* Addresses keep their lines joined: one row each. */
			char *value = xstrdup(f->value);
			for (char *p = value; *p != '\0'; p++) {
				if (*p == '\n' || *p == '\r')
					*p = ',';
			}
			lines_add(ls, kind_labels[kind], value, f->label, ROLE_NORMAL);
			free(value);
		}
	}
	if (c->birthday.month != 0) {
		describe_birthday(d, app->today, buf, sizeof buf);
		int next = birthday_next(&c->birthday, app->today);
		lines_add(ls, "born", buf, NULL, next - app->today <= 14 ? ROLE_DUE : ROLE_NORMAL);
	}
	if (c->ntags > 0)
		lines_add_tags(ls, c, textw, 3);
	if (c->nickname[0] != '\0')
		lines_add(ls, "aka", c->nickname, NULL, ROLE_NORMAL);
	if (c->how_met[0] != '\0')
		lines_add_wrapped(ls, "met", c->how_met, textw, ROLE_NORMAL);

	if (ls->n > 0)
		lines_add(ls, "", "", NULL, ROLE_NORMAL);
	describe_last(d, app->today, buf, sizeof buf);
	lines_add(ls, "last", buf, NULL, d->has_status && d->status.contacted ? ROLE_NORMAL : ROLE_DIM);
	if (d->touch_note != NULL)
		lines_add_wrapped(ls, "", d->touch_note, textw, ROLE_DIM);
	if (describe_rhythm(d, app->today, buf, sizeof buf))
		lines_add(ls, "rhythm", buf, NULL, d->status.due && !d->status.snoozed ? ROLE_DUE : ROLE_NORMAL);
	else
		lines_add(ls, "rhythm", "none (this card never nags)", NULL, ROLE_DIM);

	card_notes(app, d, textw, room, ls);
}

/* The day a note was written, as the card shows it ("5 Dec", "5 Dec 2024"). */
static void note_day(const struct note *n, int today, char *out, size_t size)
{
	char date[DATE_TEXT_SIZE];
	int days;

	snprintf(date, sizeof date, "%.10s", n->at);
	if (date_parse(date, &days))
		date_format_short(days, today, out, size);
	else
		snprintf(out, size, "note");
}

/*
 * The newest notes, each after a blank line, as many as fit whole in `room`
 * lines of content (the newest always, scrolling when it alone is too
 * long); the rest are counted on a last line.  A date too wide for the
 * label column (another year) goes on a line of its own.
 */
static void card_notes(struct app *app, const struct card_display *d, int textw, int room, struct card_lines *ls)
{
	size_t shown = 0;

	for (; shown < d->nnotes; shown++) {
		const struct note *n = &d->notes[shown];
		char day[32];
		note_day(n, app->today, day, sizeof day);
		bool day_fits = text_width(day) < LABEL_COLS;
		int need = 1 + (day_fits ? 0 : 1) + layout_wrap_rows(n->text, textw);
		bool more_after = shown + 1 < d->nnotes;
		if (shown > 0 && (int)ls->n + need + (more_after ? 1 : 0) > room)
			break;
		lines_add(ls, "", "", NULL, ROLE_NORMAL);
		if (!day_fits)
			lines_add(ls, day, "", NULL, ROLE_NORMAL);
		lines_add_wrapped(ls, day_fits ? day : "", n->text, textw, ROLE_NORMAL);
	}
	if (shown < d->nnotes) {
		char more[64];
		size_t rest = d->nnotes - shown;
		snprintf(more, sizeof more, "+%zu older note%s · i", rest, rest == 1 ? "" : "s");
		lines_add(ls, "", more, NULL, ROLE_DIM);
	}
}

/* Rows above the body: name, then title · org (or a blank line when the
 * box has room), then the separator is at this offset from the top. */
static int card_head_rows(const struct card_display *d, int h)
{
	return d->card.title[0] != '\0' || d->card.org[0] != '\0' || h >= 8 ? 3 : 2;
}

int card_box_height(struct app *app, const struct card_display *d, int w, int min_h, int max_h)
{
	struct card_lines ls = { 0 };
	card_body(app, d, w - 4, INT_MAX, &ls);
	int want = (int)ls.n + card_head_rows(d, max_h) + 2;
	lines_free(&ls);
	if (want > max_h)
		want = max_h;
	if (want < min_h)
		want = min_h < max_h ? min_h : max_h;
	return want;
}

static void card_badge(const struct card_display *d, char *out, size_t size)
{
	out[0] = '\0';
	if (d->card.trashed_at[0] != '\0')
		snprintf(out, size, "TRASH");
	else if (d->has_status && d->status.snoozed)
		snprintf(out, size, "snoozed");
	else if (d->has_status && d->status.due)
		snprintf(out, size, "DUE");
}

/* A mark on a border row of r, ending two columns before its right
 * corner: `mark`, or `narrow` (may be NULL) when mark does not fit. */
static void draw_border_mark(struct app *app, int y, const struct rect *r, const char *mark, const char *narrow)
{
	int w = text_width(mark);
	if (w > r->w - 4 && narrow != NULL) {
		mark = narrow;
		w = text_width(mark);
	}
	if (w > r->w - 4)
		return;
	draw_text(app, y, r->x + r->w - 2 - w, w, ROLE_ACCENT, mark);
}

int card_box_draw(struct app *app, const struct rect *r, const struct card_display *d, int *scroll, const char *badge)
{
	char own_badge[32];
	char sub[1024];
	int y = r->y;
	int x = r->x + 2;
	int w = r->w - 4; /* text width inside the border and a margin */

	if (r->w < 6 || r->h < 2)
		return 0;
	draw_fill(app, r, ROLE_NORMAL);
	draw_box(app, r, ROLE_BORDER);
	if (r->h < 3)
		return 0;

	/* Header: name and badge, then title · org. */
	if (badge == NULL || badge[0] == '\0') {
		card_badge(d, own_badge, sizeof own_badge);
		badge = own_badge;
	}
	int bw = badge[0] != '\0' ? text_width(badge) + 2 : 0;
	if (d->marked)
		bw += 2;
	draw_text(app, y + 1, x, w - bw, ROLE_NAME, d->card.name);
	if (badge[0] != '\0')
		draw_text_right(app, y + 1, x, w, strcmp(badge, "TRASH") == 0 ? ROLE_ERROR : ROLE_DUE, badge);
	if (d->marked)
		draw_text(app, y + 1, x + w - bw + (badge[0] != '\0' ? 0 : 1), 2, ROLE_MARKED, "✓");
	if (r->h < 4)
		return 0;
	const struct card *c = &d->card;
	if (c->title[0] != '\0' && c->org[0] != '\0')
		snprintf(sub, sizeof sub, "%s · %s", c->title, c->org);
	else
		snprintf(sub, sizeof sub, "%s", c->title[0] != '\0' ? c->title : c->org);
	int head = card_head_rows(d, r->h);
	if (head == 3)
		draw_text(app, y + 2, x, w, ROLE_DIM, sub);
	if (r->h < head + 3)
		return 0;
	draw_separator(app, r, y + head, ROLE_BORDER);

	/* Body, scrolled. */
	int room = r->h - head - 2; /* rows between the separator and the bottom */
	struct card_lines ls = { 0 };
	card_body(app, d, w, room, &ls);
	int max_scroll = (int)ls.n - room;
	if (max_scroll < 0)
		max_scroll = 0;
	if (*scroll > max_scroll)
		*scroll = max_scroll;
	if (*scroll < 0)
		*scroll = 0;
	for (int i = 0; i < room && *scroll + i < (int)ls.n; i++) {
		const struct card_line *l = &ls.v[*scroll + i];
		int row = y + head + 1 + i;
		int rw = l->right[0] != '\0' ? text_width(l->right) + 2 : 0;
		/* The label at the right ("work") gives way to the value. */
		if (rw > w / 3 || text_width(l->text) + rw > w - LABEL_COLS)
			rw = 0;
		/* A label alone on its row (a note's date with its year) may
		 * take the whole row. */
		draw_text(app, row, x, l->text[0] == '\0' ? w : LABEL_COLS - 1, ROLE_LABEL, l->label);
		draw_text(app, row, x + LABEL_COLS, w - LABEL_COLS - rw, l->role, l->text);
		if (rw > 0)
			draw_text_right(app, row, x, w, ROLE_DIM, l->right);
	}
	/* Scroll marks on the border, measured: " ↓ more " where it fits,
	 * else the arrow alone. */
	if (*scroll > 0)
		draw_border_mark(app, y + head, r, " ↑ ", NULL);
	if (*scroll < max_scroll)
		draw_border_mark(app, r->y + r->h - 1, r, " ↓ more ", " ↓ ");
	int n = (int)ls.n;
	lines_free(&ls);
	return n;
}
