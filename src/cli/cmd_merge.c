/*
 * cmd_merge.c - duplicates already in the rolodex: `duplicates` lists the
 * likely pairs (same email, or same name and phone), `merge CARD INTO`
 * folds one card into another, notes and touches included (merge.h has the
 * rules; the merged card goes to the trash).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rolodex/json.h"
#include "rolodex/merge.h"
#include "rolodex/xalloc.h"

enum { DUPLICATES_FORMAT = 1 };

static const struct cli_option duplicates_options[] = {
	{ .name = "format", .has_value = true, .id = DUPLICATES_FORMAT },
	{ .name = NULL },
};

static int id_width(int64_t id)
{
	char text[24];
	return snprintf(text, sizeof text, "%lld", (long long)id);
}

static void print_table(struct cli_ctx *ctx, const struct merge_pair *p, size_t n)
{
	if (n == 0) {
		fputs("No likely duplicates.\n", ctx->out);
		return;
	}
	int wid = 1, wname = 4;
	for (size_t i = 0; i < n; i++) {
		int w = id_width(p[i].b);
		wid = w > wid ? w : wid;
		w = cli_width(p[i].name_a);
		wname = w > wname ? w : wname;
		w = cli_width(p[i].name_b);
		wname = w > wname ? w : wname;
	}
	if (wname > 32)
		wname = 32;
	for (size_t i = 0; i < n; i++) {
		fprintf(ctx->out, "%*lld  ", wid, (long long)p[i].a);
		cli_put_padded(ctx, p[i].name_a, wname);
		fprintf(ctx->out, "  %*lld  ", wid, (long long)p[i].b);
		cli_put_padded(ctx, p[i].name_b, wname);
		fputs("  ", ctx->out);
		cli_put(ctx, p[i].reason, false);
		fputc('\n', ctx->out);
	}
}

static void print_json(struct cli_ctx *ctx, const struct merge_pair *p, size_t n)
{
	struct json j;
	json_init(&j, ctx->out, ctx->tty);
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(&j);
		json_key(&j, "a");
		json_object_begin(&j);
		json_key(&j, "id");
		json_int(&j, p[i].a);
		json_key(&j, "name");
		json_string(&j, p[i].name_a);
		json_object_end(&j);
		json_key(&j, "b");
		json_object_begin(&j);
		json_key(&j, "id");
		json_int(&j, p[i].b);
		json_key(&j, "name");
		json_string(&j, p[i].name_b);
		json_object_end(&j);
		json_key(&j, "reason");
		json_string(&j, p[i].reason);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_done(&j);
}

int cmd_duplicates(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	struct cli_parser p;
	const char *value;
	int id;
	cli_parser_init(&p, ctx, argc, argv, duplicates_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit;
		if (id == CLI_ARG)
			return cli_usage_error(ctx, "unexpected argument '%s'", value);
		int usage = cli_format_json(ctx, value, "table", &json);
		if (usage != CLI_EXIT_OK)
			return usage;
	}
	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	struct merge_pair *pairs;
	size_t n;
	char *cause = NULL;
	enum rdx_status rs = merge_find_duplicates(db, &pairs, &n, &cause);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);
	if (json)
		print_json(ctx, pairs, n);
	else
		print_table(ctx, pairs, n);
	merge_pairs_free(pairs, n);
	return CLI_EXIT_OK;
}

static const struct cli_option merge_options[] = {
	{ .name = NULL },
};

/* The name of card id, or NULL (caller frees). */
static char *name_of(struct db *db, int64_t id)
{
	struct card c;
	char *name = NULL;
	if (card_load(db, id, &c, NULL) == RDX_OK)
		name = xstrdup(c.name);
	card_done(&c);
	return name;
}

int cmd_merge(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *refs[2] = { NULL, NULL };
	size_t nrefs = 0;
	struct cli_parser p;
	const char *value;
	int id;
	cli_parser_init(&p, ctx, argc, argv, merge_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit;
		if (nrefs == 2)
			return cli_usage_error(ctx, "unexpected argument '%s'", value);
		refs[nrefs++] = value;
	}
	if (nrefs < 2)
		return cli_usage_error(ctx, "which CARD goes INTO which card?");
	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	int64_t from, into;
	if ((status = cli_card(ctx, db, refs[0], false, &from)) != CLI_EXIT_OK)
		return status;
	if ((status = cli_card(ctx, db, refs[1], false, &into)) != CLI_EXIT_OK)
		return status;
	char *from_name = name_of(db, from);
	char *cause = NULL, *conflicts = NULL;
	enum rdx_status rs = merge_cards(db, from, into, ctx->now, &conflicts, &cause);
	if (rs != RDX_OK) {
		free(from_name);
		return cli_fail(rs, cause);
	}
	char *into_name = name_of(db, into);
	fprintf(ctx->out, "merged %lld (", (long long)from);
	cli_put(ctx, from_name ? from_name : "", false);
	fprintf(ctx->out, ") into %lld (", (long long)into);
	cli_put(ctx, into_name ? into_name : "", false);
	fprintf(ctx->out, "); %lld is in the trash\n", (long long)from);
	if (conflicts) {
		fprintf(ctx->out, "kept %lld's values; a note on it records what %lld had: ", (long long)into,
			(long long)from);
		cli_put(ctx, conflicts, false);
		fputc('\n', ctx->out);
	}
	free(conflicts);
	free(from_name);
	free(into_name);
	return CLI_EXIT_OK;
}
