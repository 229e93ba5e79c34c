/*
 * cmd_touch.c - recording what happened with someone: `contacted` logs a
 * touch (date, channel, optional note), `note` adds free text to a card.
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

enum { CONTACTED_VIA = 1, CONTACTED_DATE, CONTACTED_NOTE };

static const struct cli_option contacted_options[] = {
	{ .name = "via", .has_value = true, .id = CONTACTED_VIA },
	{ .name = "date", .has_value = true, .id = CONTACTED_DATE },
	{ .name = "note", .has_value = true, .id = CONTACTED_NOTE },
	{ .name = NULL },
};

/* "email, call, ..." for messages. */
static void channel_names(char *out, size_t size)
{
	out[0] = '\0';
	for (int c = 0; c < CHANNEL_COUNT; c++) {
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s%s", c > 0 ? ", " : "", channel_name((enum channel)c));
	}
}

int cmd_contacted(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *ref = NULL, *note = NULL;
	enum channel channel = CHANNEL_OTHER;
	int date = ctx->today;
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
			break;
		case CONTACTED_DATE:
			if (!date_parse(value, &date))
				return cli_error("not a date: '%s' (use YYYY-MM-DD)", value);
			if (date > ctx->today)
				return cli_error("%s is in the future; record a contact once it happened", value);
			break;
		case CONTACTED_NOTE:
			note = value;
			break;
		}
	}
	if (ref == NULL)
		return cli_usage_error(ctx, "which CARD?");
	if (note != NULL && strlen(note) > NOTE_TEXT_MAX)
		return cli_error("the note is longer than %d bytes; nothing was recorded", NOTE_TEXT_MAX);

	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	int64_t card_id;
	status = cli_card(ctx, db, ref, false, &card_id);
	if (status != CLI_EXIT_OK)
		return status;
	char *cause = NULL;
	enum rdx_status rs = touch_add(db, card_id, date, channel, note, ctx->now, NULL, &cause);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);
	return CLI_EXIT_OK;
}

static const struct cli_option note_options[] = {
	{ .name = NULL },
};

int cmd_note(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *ref = NULL;
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
		if (ref == NULL) {
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
	if (ref == NULL)
		return cli_usage_error(ctx, "which CARD?");

	char *cause = NULL;
	enum rdx_status rs;
	if (text == NULL) {
		if (isatty(STDIN_FILENO))
			fputs("Type the note; end it with Ctrl-D on a line of its own.\n", stderr);
		rs = cli_read_all(stdin, NOTE_TEXT_MAX, &text, &cause);
		if (rs != RDX_OK)
			return cli_fail(rs, cause);
		if (!text_valid_utf8(text, strlen(text))) {
			free(text);
			return cli_error("the note on standard input is not valid UTF-8; nothing was saved");
		}
	}
	if (strlen(text) > NOTE_TEXT_MAX) {
		free(text);
		return cli_error("the note is longer than %d bytes; nothing was saved", NOTE_TEXT_MAX);
	}
	char *trimmed = text_trim(xstrdup(text));
	bool empty = *trimmed == '\0';
	free(trimmed);
	if (empty) {
		free(text);
		return cli_error("the note is empty; nothing was saved");
	}

	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	int64_t card_id = 0;
	if (status == CLI_EXIT_OK)
		status = cli_card(ctx, db, ref, false, &card_id);
	if (status == CLI_EXIT_OK) {
		rs = note_add(db, card_id, text, ctx->now, NULL, &cause);
		if (rs != RDX_OK)
			status = cli_fail(rs, cause);
	}
	free(text);
	return status;
}
