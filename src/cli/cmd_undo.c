/*
 * cmd_undo.c - `undo` takes back the last change (whatever made it: a
 * command, the TUI, an import), `undo --list` shows the recent changes
 * from the change journal (journal.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rolodex/db.h"
#include "rolodex/journal.h"
#include "rolodex/json.h"
#include "rolodex/xalloc.h"

enum { UNDO_LIST = 1, UNDO_FORMAT, UNDO_LIMIT };

static const struct cli_option undo_options[] = {
	{ .name = "list", .id = UNDO_LIST },
	{ .name = "format", .has_value = true, .id = UNDO_FORMAT },
	{ .name = "limit", .has_value = true, .id = UNDO_LIMIT },
	{ .name = NULL },
};

enum { UNDO_LIST_DEFAULT = 20 };

static void list_json(struct cli_ctx *ctx, const struct journal_entry *e, size_t n)
{
	struct json j;
	json_init(&j, ctx->out, true);
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		char text[512], date[DATE_TEXT_SIZE];
		json_object_begin(&j);
		json_key(&j, "id");
		json_int(&j, e[i].id);
		json_key(&j, "at");
		json_string(&j, e[i].at);
		json_key(&j, "change");
		journal_describe(&e[i], ctx->today, text, sizeof text);
		json_string(&j, text);
		json_key(&j, "label");
		json_string(&j, e[i].label);
		json_key(&j, "date");
		if (e[i].date != 0) {
			date_format(e[i].date, date);
			json_string(&j, date);
		} else {
			json_null(&j);
		}
		json_key(&j, "cards");
		json_int(&j, e[i].cards);
		json_key(&j, "undone_at");
		json_string_or_null(&j, e[i].undone_at);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_done(&j);
}

/* "2026-12-05 14:02  coffee with Ada Lovelace on 5 Dec  (undone)" */
static void list_text(struct cli_ctx *ctx, const struct journal_entry *e, size_t n)
{
	if (n == 0) {
		fputs("No changes to undo.\n", ctx->out);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char text[512];
		journal_describe(&e[i], ctx->today, text, sizeof text);
		fprintf(ctx->out, "%.10s %.5s  ", e[i].at, e[i].at + 11);
		cli_put(ctx, text, false);
		fputs(e[i].undone_at[0] ? "  (undone)\n" : "\n", ctx->out);
	}
}

int cmd_undo(struct cli_ctx *ctx, int argc, char **argv)
{
	bool list = false, json = false, format_given = false;
	size_t limit = UNDO_LIST_DEFAULT;
	bool limit_given = false;
	struct cli_parser p;
	const char *value;
	int id;

	cli_parser_init(&p, ctx, argc, argv, undo_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			return cli_usage_error(ctx, "unexpected argument '%s'", value);
		case UNDO_LIST:
			list = true;
			break;
		case UNDO_FORMAT: {
			int usage = cli_format_json(ctx, value, "text", &json);
			if (usage != CLI_EXIT_OK)
				return usage;
			format_given = true;
			break;
		}
		case UNDO_LIMIT: {
			char *end = NULL;
			long v = strtol(value, &end, 10);
			if (*value < '0' || *value > '9' || *end != '\0' || v < 1 || v > 100000)
				return cli_usage_error(ctx, "--limit takes a number from 1 on, not '%s'", value);
			limit = (size_t)v;
			limit_given = true;
			break;
		}
		}
	}
	if (!list && (format_given || limit_given))
		return cli_usage_error(ctx, "--format and --limit go with --list");

	struct db *db;
	char *cause = NULL;
	int status = cli_db(ctx, list ? CLI_READ : CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	if (list) {
		struct journal_entry *entries = NULL;
		size_t n = 0;
		enum rdx_status rs = journal_list(db, limit, &entries, &n, &cause);
		if (rs != RDX_OK)
			return cli_fail(rs, cause);
		if (json)
			list_json(ctx, entries, n);
		else
			list_text(ctx, entries, n);
		journal_list_free(entries, n);
		return CLI_EXIT_OK;
	}
	struct journal_entry entry;
	enum rdx_status rs = journal_undo(db, ctx->now, &entry, &cause);
	char text[512];
	if (rs == RDX_OK) {
		journal_describe(&entry, ctx->today, text, sizeof text);
		fputs("Undid: ", ctx->out);
		cli_put(ctx, text, false);
		fputc('\n', ctx->out);
		journal_entry_done(&entry);
		return CLI_EXIT_OK;
	}
	if (rs == RDX_CONFLICT) {
		journal_describe(&entry, ctx->today, text, sizeof text);
		char *why = xasprintf("cannot undo %s: %s", text, rdx_cause_or_message(rs, cause));
		journal_entry_done(&entry);
		free(cause);
		return cli_fail(rs, why);
	}
	return cli_fail(rs, cause);
}
