/*
 * cmd_touch.c - recording what happened with someone: `contacted` logs a
 * touch (date, channel, optional note), `note` adds free text to a card;
 * both also correct (--edit) or delete (--delete) one by its id (the ids
 * `show --format json` gives).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

enum { CONTACTED_VIA = 1, CONTACTED_DATE, CONTACTED_NOTE, CONTACTED_EDIT, CONTACTED_DELETE };

static const struct cli_option contacted_options[] = {
	{ .name = "via", .has_value = true, .id = CONTACTED_VIA },
	{ .name = "date", .has_value = true, .id = CONTACTED_DATE },
	{ .name = "note", .has_value = true, .id = CONTACTED_NOTE },
	{ .name = "edit", .has_value = true, .id = CONTACTED_EDIT },
	{ .name = "delete", .has_value = true, .id = CONTACTED_DELETE },
	{ .name = NULL },
};

/* A NOTE_ID or TOUCH_ID argument: a positive whole number. */
static bool parse_id(const char *text, int64_t *id)
{
	char *end = NULL;
	if (text[0] < '0' || text[0] > '9')
		return false;
	long long v = strtoll(text, &end, 10);
	if (*end != '\0' || v <= 0)
		return false;
	*id = v;
	return true;
}

/* A touch's day as typed (date_parse_day); never after today. */
static int parse_touch_date(struct cli_ctx *ctx, const char *value, int *date)
{
	if (!date_parse_day(value, ctx->today, date))
		return cli_error("not a date: '%s' (YYYY-MM-DD, today, yesterday, a weekday such as mon, -3d, "
				 "or 2 Dec)",
				 value);
	if (*date > ctx->today)
		return cli_error("%s is in the future; record a contact once it happened", value);
	return CLI_EXIT_OK;
}

/* "email, call, ..." for messages. */
static void channel_names(char *out, size_t size)
{
	out[0] = '\0';
	for (int c = 0; c < CHANNEL_COUNT; c++) {
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s%s", c > 0 ? ", " : "", channel_name((enum channel)c));
	}
}

/* contacted --edit: what was not given stays as it is. */
static int edit_touch(struct cli_ctx *ctx, int64_t touch_id, const enum channel *channel, const int *date,
		      const char *note)
{
	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	struct touch t;
	char *cause = NULL;
	enum rdx_status rs = touch_get(db, touch_id, &t, &cause);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);
	rs = touch_update(db, touch_id, date != NULL ? *date : t.date, channel != NULL ? *channel : t.channel,
			  note != NULL ? note : t.note, &cause);
	free(t.note);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);
	return CLI_EXIT_OK;
}

int cmd_contacted(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *ref = NULL, *note = NULL, *edit = NULL, *delete = NULL;
	enum channel channel = CHANNEL_OTHER;
	int date = ctx->today;
	bool have_channel = false, have_date = false;
	struct cli_parser p;
	const char *value;
	int id;

	cli_parser_init(&p, ctx, argc, argv, contacted_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			if (ref != NULL)
				return cli_usage_error(ctx, "one CARD only");
			ref = value;
			break;
		case CONTACTED_VIA:
			if (!channel_parse(value, &channel)) {
				char names[160];
				channel_names(names, sizeof(names));
				return cli_error("not a channel: '%s' (one of %s)", value, names);
			}
			have_channel = true;
			break;
		case CONTACTED_DATE: {
			int status = parse_touch_date(ctx, value, &date);
			if (status != CLI_EXIT_OK)
				return status;
			have_date = true;
			break;
		}
		case CONTACTED_NOTE:
			note = value;
			break;
		case CONTACTED_EDIT:
			edit = value;
			break;
		case CONTACTED_DELETE:
			delete = value;
			break;
		}
	}
	if (note != NULL && strlen(note) > NOTE_TEXT_MAX)
		return cli_error("the note is longer than %d bytes; nothing was recorded", NOTE_TEXT_MAX);
	int64_t touch_id = 0;
	if (edit != NULL || delete != NULL) {
		if (edit != NULL && delete != NULL)
			return cli_usage_error(ctx, "--edit or --delete, not both");
		if (ref != NULL)
			return cli_usage_error(ctx, "--%s takes a TOUCH_ID, not a CARD", edit != NULL ? "edit" : "delete");
		if (!parse_id(edit != NULL ? edit : delete, &touch_id))
			return cli_usage_error(ctx, "not a TOUCH_ID: '%s' (the id from show --format json)",
					       edit != NULL ? edit : delete);
		if (delete != NULL && (have_channel || have_date || note != NULL))
			return cli_usage_error(ctx, "--delete takes no --via, --date or --note");
		if (edit != NULL && !have_channel && !have_date && note == NULL)
			return cli_usage_error(ctx, "--edit needs --via, --date or --note");
	} else if (ref == NULL) {
		return cli_usage_error(ctx, "which CARD?");
	}
	if (edit != NULL)
		return edit_touch(ctx, touch_id, have_channel ? &channel : NULL, have_date ? &date : NULL, note);

	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	char *cause = NULL;
	enum rdx_status rs;
	if (delete != NULL) {
		rs = touch_delete(db, touch_id, &cause);
		return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
	}
	int64_t card_id;
	status = cli_card(ctx, db, ref, false, &card_id);
	if (status != CLI_EXIT_OK)
		return status;
	rs = touch_add(db, card_id, date, channel, note, ctx->now, NULL, &cause);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);
	return CLI_EXIT_OK;
}

enum { NOTE_EDIT = 1, NOTE_DELETE };

static const struct cli_option note_options[] = {
	{ .name = "edit", .has_value = true, .id = NOTE_EDIT },
	{ .name = "delete", .has_value = true, .id = NOTE_DELETE },
	{ .name = NULL },
};

/* The note's text: the argument, else standard input, checked before the
 * database is opened.  CLI_EXIT_OK with *text owned. */
static int note_text(char **text)
{
	char *cause = NULL;
	if (*text == NULL) {
		if (isatty(STDIN_FILENO))
			fputs("Type the note; end it with Ctrl-D on a line of its own.\n", stderr);
		enum rdx_status rs = cli_read_all(stdin, NOTE_TEXT_MAX, text, &cause);
		if (rs != RDX_OK)
			return cli_fail(rs, cause);
		if (!text_valid_utf8(*text, strlen(*text)))
			return cli_error("the note on standard input is not valid UTF-8; nothing was saved");
	}
	if (strlen(*text) > NOTE_TEXT_MAX)
		return cli_error("the note is longer than %d bytes; nothing was saved", NOTE_TEXT_MAX);
	char *trimmed = text_trim(xstrdup(*text));
	bool empty = *trimmed == '\0';
	free(trimmed);
	if (empty)
		return cli_error("the note is empty; nothing was saved");
	return CLI_EXIT_OK;
}

int cmd_note(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *ref = NULL, *edit = NULL, *delete = NULL;
	char *text = NULL;
	struct cli_parser p;
	const char *value;
	int id;

	cli_parser_init(&p, ctx, argc, argv, note_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP) {
			free(text);
			return p.exit;
		}
		if (id == NOTE_EDIT) {
			edit = value;
		} else if (id == NOTE_DELETE) {
			delete = value;
		} else if (ref == NULL && edit == NULL) {
			ref = value;
		} else if (text == NULL) {
			text = xstrdup(value);
		} else {
			/* Unquoted words: one note of all of them. */
			char *joined = xasprintf("%s %s", text, value);
			free(text);
			text = joined;
		}
	}
	int64_t note_id = 0;
	if (edit != NULL || delete != NULL) {
		const char *given = edit != NULL ? edit : delete;
		int usage = CLI_EXIT_OK;
		if (edit != NULL && delete != NULL)
			usage = cli_usage_error(ctx, "--edit or --delete, not both");
		else if (delete != NULL && (ref != NULL || text != NULL))
			usage = cli_usage_error(ctx, "--delete takes a NOTE_ID only");
		else if (edit != NULL && ref != NULL)
			usage = cli_usage_error(ctx, "--edit takes a NOTE_ID, not a CARD");
		else if (!parse_id(given, &note_id))
			usage = cli_usage_error(ctx, "not a NOTE_ID: '%s' (the id from show --format json)", given);
		if (usage != CLI_EXIT_OK) {
			free(text);
			return usage;
		}
	} else if (ref == NULL) {
		free(text);
		return cli_usage_error(ctx, "which CARD?");
	}
	if (delete == NULL) {
		int status = note_text(&text);
		if (status != CLI_EXIT_OK) {
			free(text);
			return status;
		}
	}

	struct db *db;
	char *cause = NULL;
	int status = cli_db(ctx, CLI_WRITE, &db);
	enum rdx_status rs = RDX_OK;
	if (status == CLI_EXIT_OK && delete != NULL) {
		rs = note_delete(db, note_id, &cause);
	} else if (status == CLI_EXIT_OK && edit != NULL) {
		rs = note_update(db, note_id, text, &cause);
	} else if (status == CLI_EXIT_OK) {
		int64_t card_id = 0;
		status = cli_card(ctx, db, ref, false, &card_id);
		if (status == CLI_EXIT_OK)
			rs = note_add(db, card_id, text, ctx->now, NULL, &cause);
	}
	if (rs != RDX_OK)
		status = cli_fail(rs, cause);
	free(text);
	return status;
}
