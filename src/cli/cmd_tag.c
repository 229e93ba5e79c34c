/*
 * cmd_tag.c - tags as a whole: `tags` lists every tag with its card count
 * and default rhythm; `tag` renames one on every card, or sets or clears
 * the rhythm its cards inherit.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/json.h"

enum { TAGS_FORMAT = 1 };

static const struct cli_option tags_options[] = {
	{ .name = "format", .has_value = true, .id = TAGS_FORMAT },
	{ .name = NULL },
};

int cmd_tags(struct cli_ctx *ctx, int argc, char **argv)
{
	bool as_json = false;
	struct cli_parser p;
	const char *value;
	int id;
	cli_parser_init(&p, ctx, argc, argv, tags_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			return cli_usage_error(ctx, "unexpected argument '%s'", value);
		case TAGS_FORMAT: {
			int usage = cli_format_json(ctx, value, "table", &as_json);
			if (usage != CLI_EXIT_OK)
				return usage;
			break;
		}
		}
	}
	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	struct tag_info *tags;
	size_t count;
	char *cause = NULL;
	enum rdx_status rs = tag_list(db, &tags, &count, &cause);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);

	if (as_json) {
		struct json j;
		json_init(&j, ctx->out, ctx->tty);
		json_array_begin(&j);
		for (size_t i = 0; i < count; i++) {
			char rhythm[16];
			cadence_format(&tags[i].cadence, rhythm, sizeof rhythm);
			json_object_begin(&j);
			json_key(&j, "name");
			json_string(&j, tags[i].name);
			json_key(&j, "cards");
			json_int(&j, tags[i].cards);
			json_key(&j, "cadence");
			json_string_or_null(&j, rhythm);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_done(&j);
		fputc('\n', ctx->out);
		tag_list_free(tags, count);
		return CLI_EXIT_OK;
	}

	int width = 3;
	for (size_t i = 0; i < count; i++) {
		int w = cli_width(tags[i].name);
		if (w > width)
			width = w < 40 ? w : 40;
	}
	for (size_t i = 0; i < count; i++) {
		char rhythm[64] = "";
		if (tags[i].has_cadence)
			cadence_describe(&tags[i].cadence, rhythm, sizeof rhythm);
		cli_put_padded(ctx, tags[i].name, width);
		const char *unit = tags[i].cards == 1 ? "card" : "cards";
		if (*rhythm != '\0')
			fprintf(ctx->out, "  %6lld %-5s  %s\n", (long long)tags[i].cards, unit, rhythm);
		else
			fprintf(ctx->out, "  %6lld %s\n", (long long)tags[i].cards, unit);
	}
	tag_list_free(tags, count);
	return CLI_EXIT_OK;
}

enum { TAG_RENAME = 1, TAG_CADENCE };

static const struct cli_option tag_options[] = {
	{ .name = "rename", .id = TAG_RENAME },
	{ .name = "cadence", .id = TAG_CADENCE },
	{ .name = NULL },
};

int cmd_tag(struct cli_ctx *ctx, int argc, char **argv)
{
	int action = 0;
	const char *args[2];
	size_t nargs = 0;
	struct cli_parser p;
	const char *value;
	int id;
	cli_parser_init(&p, ctx, argc, argv, tag_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			if (nargs == 2)
				return cli_usage_error(ctx, "unexpected argument '%s'", value);
			args[nargs++] = value;
			break;
		case TAG_RENAME:
		case TAG_CADENCE:
			if (action != 0 && action != id)
				return cli_usage_error(ctx, "--rename and --cadence go one at a time");
			action = id;
			break;
		}
	}
	if (action == 0)
		return cli_usage_error(ctx, "--rename OLD NEW or --cadence TAG RHYTHM?");
	if (nargs != 2)
		return cli_usage_error(ctx, action == TAG_RENAME ? "--rename needs OLD and NEW" : "--cadence needs TAG and RHYTHM");

	struct cadence cadence;
	if (action == TAG_CADENCE && !cadence_parse(args[1], &cadence))
		return cli_error("not a cadence: '%s' (use e.g. 45d, 2w, 3m, 1y, monthly, quarterly or none)", args[1]);

	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	char *cause = NULL;
	enum rdx_status rs;
	if (action == TAG_RENAME) {
		int64_t cards = 0;
		rs = tag_rename(db, args[0], args[1], ctx->now, &cards, &cause);
		if (rs != RDX_OK)
			return cli_fail(rs, cause);
		fprintf(ctx->out, "%lld %s retagged\n", (long long)cards, cards == 1 ? "card" : "cards");
		return CLI_EXIT_OK;
	}
	rs = tag_set_cadence(db, args[0], cadence.n > 0 ? &cadence : NULL, &cause);
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
}
