/*
 * view_addresses.c - the address list behind `y`: the marked cards' (or the
 * filter's) addresses as one To: line (addrlist.h makes it), wrapped here
 * for reading, copied whole to the clipboard with the terminal's OSC 52
 * escape when the config allows it, or saved to a file.  Below the line,
 * who the mail will miss: the cards without a usable address.
 */
#include <curses.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rolodex/addrlist.h"
#include "rolodex/card.h"
#include "rolodex/listing.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/view.h"
#include "tui/view_addresses.h"
#include "tui/view_prompt.h"

/* The widest the box grows, as the other lists. */
#define ADDRESSES_WIDTH_MAX 100

struct addresses {
	struct addrlist list;
	char *text;     /* the To: line, as copied and saved */
	char *left_out; /* who has no usable address, or NULL */
	char *shared;   /* who is reached through another card's address, or NULL */
	char *title;
	/* The text laid out for the width it was last drawn at. */
	char **lines;
	enum role *roles;
	size_t n, cap;
	int laid_out_width;
	size_t top;
	int height;       /* rows shown at the last draw */
	char *save_path;  /* the path being saved to, while asking to replace it */
};

static void lines_clear(struct addresses *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->lines[i]);
	a->n = 0;
}

static void lines_add(struct addresses *a, char *line, enum role role)
{
	size_t cap = a->cap;
	a->lines = xgrow(a->lines, &cap, a->n + 1, sizeof *a->lines);
	a->roles = xgrow(a->roles, &a->cap, a->n + 1, sizeof *a->roles);
	a->lines[a->n] = line;
	a->roles[a->n] = role;
	a->n++;
}

/* Words of text wrapped to width, one line each. */
static void lines_add_wrapped(struct addresses *a, const char *text, int width, enum role role)
{
	while (*text != '\0') {
		size_t skip;
		size_t n = layout_wrap(text, width, &skip);
		lines_add(a, xstrndup(text, n), role);
		text += n + skip;
	}
}

/* The To: line broken between addresses (after their commas), so no
 * address is split unless it is wider than a line by itself. */
static void layout_text(struct addresses *a, int width)
{
	lines_clear(a);
	a->laid_out_width = width;
	char *line = NULL;
	int used = 0;
	for (size_t i = 0; i < a->list.count; i++) {
		char *piece = i + 1 < a->list.count ? xasprintf("%s,", a->list.mailboxes[i]) : xstrdup(a->list.mailboxes[i]);
		int w = text_width(piece);
		if (line != NULL && used + 1 + w <= width) {
			char *longer = xasprintf("%s %s", line, piece);
			free(line);
			line = longer;
			used += 1 + w;
		} else {
			if (line != NULL)
				lines_add(a, line, ROLE_NORMAL);
			line = NULL;
			used = 0;
			if (w <= width) {
				line = xstrdup(piece);
				used = w;
			} else {
				lines_add_wrapped(a, piece, width, ROLE_NORMAL);
			}
		}
		free(piece);
	}
	if (line != NULL)
		lines_add(a, line, ROLE_NORMAL);
	if (a->left_out != NULL || a->shared != NULL)
		lines_add(a, xstrdup(""), ROLE_NORMAL);
	if (a->left_out != NULL)
		lines_add_wrapped(a, a->left_out, width, ROLE_DUE);
	if (a->shared != NULL)
		lines_add_wrapped(a, a->shared, width, ROLE_DIM);
}

static struct rect addresses_box(struct app *app)
{
	struct layout lay;
	layout_compute(app->rows, app->cols, false, &lay);
	int w = app->cols - 2 > ADDRESSES_WIDTH_MAX ? ADDRESSES_WIDTH_MAX : app->cols - 2;
	return (struct rect){ .y = 1, .x = (app->cols - w) / 2, .h = lay.status.y - 1, .w = w };
}

static void addresses_draw(struct view *view, struct app *app)
{
	struct addresses *a = view->data;
	struct rect box = addresses_box(app);

	if (a->laid_out_width != box.w - 4)
		layout_text(a, box.w - 4);
	draw_fill(app, &box, ROLE_NORMAL);
	draw_box(app, &box, ROLE_BORDER);
	char title[256];
	snprintf(title, sizeof title, " %s ", a->title);
	draw_text(app, box.y, box.x + 2, box.w - 4, ROLE_NAME, title);
	int rows = box.h - 2;
	a->height = rows < 1 ? 1 : rows;
	if (a->n > (size_t)a->height && a->top > a->n - (size_t)a->height)
		a->top = a->n - (size_t)a->height;
	for (int i = 0; i < rows && a->top + (size_t)i < a->n; i++) {
		size_t idx = a->top + (size_t)i;
		draw_text(app, box.y + 1 + i, box.x + 2, box.w - 4, a->roles[idx], a->lines[idx]);
	}
	if (a->top > 0)
		draw_text(app, box.y, box.x + box.w - 5, 3, ROLE_ACCENT, "↑");
	if (a->top + (size_t)rows < a->n)
		draw_text(app, box.y + box.h - 1, box.x + box.w - 5, 3, ROLE_ACCENT, "↓");
}

/* "~/x" and "~user/x" to the home folder; anything else as it is.  NULL
 * when the user is unknown.  Caller frees. */
static char *expand_home(const char *path)
{
	if (path[0] != '~')
		return xstrdup(path);
	const char *slash = strchr(path, '/');
	size_t name_len = slash != NULL ? (size_t)(slash - path - 1) : strlen(path + 1);
	const char *rest = slash != NULL ? slash : "";
	if (name_len == 0) {
		const char *home = getenv("HOME");
		if (home == NULL || *home == '\0') {
			struct passwd *pw = getpwuid(getuid());
			home = pw != NULL ? pw->pw_dir : NULL;
		}
		return home != NULL ? xasprintf("%s%s", home, rest) : NULL;
	}
	char *name = xstrndup(path + 1, name_len);
	struct passwd *pw = getpwnam(name);
	free(name);
	return pw != NULL ? xasprintf("%s%s", pw->pw_dir, rest) : NULL;
}

/* The path as the user would type it: the home folder as "~".  Caller
 * frees. */
static char *tilde_path(const char *path)
{
	const char *home = getenv("HOME");
	size_t hl = home != NULL ? strlen(home) : 0;
	if (hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/')
		return xasprintf("~%s", path + hl);
	return xstrdup(path);
}

static void addresses_save(struct app *app, struct addresses *a, const char *path, bool replace)
{
	char *cause = NULL;
	char *shown = tilde_path(path);
	if (addrlist_save(path, a->text, replace, &cause) != RDX_OK) {
		/* The cause names the file in full; say it as the user typed it. */
		const char *detail = rdx_cause_or_message(RDX_IO, cause);
		const char *at = strstr(detail, path);
		if (at != NULL)
			app_error(app, "%.*s%s%s", (int)(at - detail), detail, shown, at + strlen(path));
		else
			app_error(app, "%s", detail);
		free(cause);
		free(shown);
		return;
	}
	char count[32];
	text_format_count((int64_t)a->list.count, count, sizeof count);
	app_message(app, "Saved %s address%s to %s", count, a->list.count == 1 ? "" : "es", shown);
	free(shown);
}

static void on_replace_answer(struct app *app, void *ctx, enum view_outcome outcome, int64_t card_id)
{
	struct addresses *a = ctx;
	(void)card_id;
	if (outcome == VIEW_SAVED)
		addresses_save(app, a, a->save_path, true);
	else
		app_message(app, "Not saved: the file is kept as it was");
	free(a->save_path);
	a->save_path = NULL;
}

static void on_save_path(struct app *app, void *ctx, enum view_outcome outcome, const char *text)
{
	struct addresses *a = ctx;

	if (outcome != VIEW_SAVED)
		return;
	char *typed = text_trim(xstrdup(text));
	if (*typed == '\0') {
		app_message(app, "Not saved: no file name");
		free(typed);
		return;
	}
	char *path = expand_home(typed);
	if (path == NULL) {
		app_error(app, "Not saved: no such user in %s", typed);
		free(typed);
		return;
	}
	free(typed);
	struct stat st;
	if (stat(path, &st) == 0) {
		char *shown = tilde_path(path);
		if (S_ISDIR(st.st_mode)) {
			app_error(app, "Not saved: %s is a folder; give a file name", shown);
			free(shown);
			free(path);
			return;
		}
		/* Ask first; the answer comes back to on_replace_answer. */
		free(a->save_path);
		a->save_path = path;
		char *question = xasprintf("%s exists. Replace it?", shown);
		view_confirm_open(app, question, (struct view_done){ .fn = on_replace_answer, .ctx = a });
		free(question);
		free(shown);
		return;
	}
	addresses_save(app, a, path, false);
	free(path);
}

/* Sends the To: line to the terminal's clipboard: OSC 52 with the text in
 * base64, written between two screen updates (curses has flushed its own
 * output by then).  The text holds no control characters (addrlist.h). */
static void addresses_copy(struct app *app, struct addresses *a)
{
	if (!app->config.clipboard) {
		char *config = tilde_path(app->options->config_path != NULL ? app->options->config_path : "the config");
		app_message(app, "Copying needs \"clipboard = on\" in %s", config);
		free(config);
		return;
	}
	char *osc = addrlist_osc52(a->text);
	fflush(stdout);
	fputs(osc, stdout);
	fflush(stdout);
	free(osc);
	char count[32];
	text_format_count((int64_t)a->list.count, count, sizeof count);
	app_message(app, "Sent %s address%s to the clipboard (the terminal must allow OSC 52)", count,
		    a->list.count == 1 ? "" : "es");
}

static enum view_result addresses_action(struct view *view, struct app *app, enum action action)
{
	struct addresses *a = view->data;
	size_t page = (size_t)(a->height > 1 ? a->height - 1 : 1);
	size_t last = a->n > (size_t)a->height ? a->n - (size_t)a->height : 0;

	if (layout_move(action, &a->top, last, page))
		return VIEW_HANDLED;
	switch (action) {
	case ACTION_COPY:
		addresses_copy(app, a);
		break;
	case ACTION_SAVE_FILE:
		view_prompt_open(app, "Save the To: line to", "~/addresses.txt",
				 (struct prompt_callbacks){ .on_done = on_save_path, .ctx = a });
		break;
	case ACTION_CANCEL:
		app_pop(app, view);
		break;
	default:
		return VIEW_UNHANDLED;
	}
	return VIEW_HANDLED;
}

/* Scrolling is offered when there is more than the box shows. */
static bool addresses_offers(struct view *view, struct app *app, enum action action)
{
	struct addresses *a = view->data;

	(void)app;
	if (layout_is_move(action))
		return a->n > (size_t)a->height;
	return true;
}

static void addresses_close(struct view *view, struct app *app)
{
	struct addresses *a = view->data;
	(void)app;
	lines_clear(a);
	free(a->lines);
	free(a->roles);
	addrlist_done(&a->list);
	free(a->text);
	free(a->left_out);
	free(a->shared);
	free(a->title);
	free(a->save_path);
	free(a);
}

static const struct view_ops addresses_ops = {
	.name = "addresses",
	.keymap = &keymap_addresses,
	.draw = addresses_draw,
	.action = addresses_action,
	.offers = addresses_offers,
	.close = addresses_close,
};

static int address_row(void *ctx, const struct listing_row *row)
{
	addrlist_add(ctx, row->name, row->email);
	return 0;
}

void view_addresses_open(struct app *app, const int64_t *ids, size_t nids, const struct card_filter *filter,
			 bool filtered)
{
	struct addresses *a = xcalloc(1, sizeof *a);
	char *cause = NULL;

	addrlist_init(&a->list);
	a->laid_out_width = -1;
	for (size_t i = 0; i < nids; i++) {
		struct card c;
		enum rdx_status st = card_load(app->db, ids[i], &c, &cause);
		if (st == RDX_OK) {
			const struct card_field *f = card_first_field(&c, FIELD_EMAIL);
			addrlist_add(&a->list, c.name, f != NULL ? f->value : NULL);
		}
		card_done(&c);
		if (st != RDX_OK && st != RDX_NOT_FOUND) {
			app_fail(app, "cannot list the addresses", st, cause);
			addresses_close(&(struct view){ .data = a }, app);
			return;
		}
		/* A marked card deleted meanwhile is simply not there. */
		free(cause);
		cause = NULL;
	}
	if (nids == 0) {
		/* As `rolodex list --format to` reads them: live cards in one
		 * sequential read, sorted; the few in the trash down their
		 * index. */
		enum rdx_status st =
			filter->trash ? listing_walk(app->db, filter, LISTING_EMAIL, address_row, &a->list, &cause)
				      : listing_sorted(app->db, filter, LISTING_EMAIL, address_row, &a->list, &cause);
		if (st != RDX_OK) {
			app_fail(app, "cannot list the addresses", st, cause);
			addresses_close(&(struct view){ .data = a }, app);
			return;
		}
	}
	size_t cards = a->list.count + a->list.shared.count + a->list.no_email.count + a->list.unusable.count;
	if (a->list.count == 0) {
		char *left_out = addrlist_left_out_text(&a->list);
		app_message(app, "No address to list: %s", left_out != NULL ? left_out : "no cards");
		free(left_out);
		addresses_close(&(struct view){ .data = a }, app);
		return;
	}
	a->text = addrlist_text(&a->list);
	a->left_out = addrlist_left_out_text(&a->list);
	a->shared = addrlist_shared_text(&a->list);
	/* Whose addresses: "the 3 marked cards", "the filter's 12 cards",
	 * "all 41 cards". */
	char count[32], addresses[32];
	text_format_count((int64_t)cards, count, sizeof count);
	text_format_count((int64_t)a->list.count, addresses, sizeof addresses);
	const char *plural = cards == 1 ? "" : "s";
	char *whose = nids > 0 ? xasprintf("the %s marked card%s", count, plural)
		      : filtered ? xasprintf("the filter's %s card%s", count, plural)
				 : xasprintf("all %s card%s", count, plural);
	a->title = xasprintf("To: %s address%s · %s", addresses, a->list.count == 1 ? "" : "es", whose);
	free(whose);
	app_push(app, &addresses_ops, a);
}
