/*
 * cmd_review.c - `rolodex review`: `review [--all] [--tag T]` opens the
 * review screen (through ctx->run_tui, so the CLI never links curses);
 * `review --status [--format text|json]` reports the review in progress,
 * or the last one, without a terminal; `review --abandon` drops the review
 * in progress.  The state itself lives in
 * src/review (review.h); this file only reads and prints it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rolodex/json.h"
#include "rolodex/date.h"
#include "rolodex/review.h"

enum {
	OPT_ALL = 1,
	OPT_TAG,
	OPT_STATUS,
	OPT_FORMAT,
	OPT_ABANDON,
};

static const struct cli_option review_options[] = {
	{ .name = "all", .id = OPT_ALL },
	{ .name = "tag", .has_value = true, .id = OPT_TAG },
	{ .name = "status", .id = OPT_STATUS },
	{ .name = "format", .has_value = true, .id = OPT_FORMAT },
	{ .name = "abandon", .id = OPT_ABANDON },
	{ .name = NULL },
};

static void status_json(struct cli_ctx *ctx, const struct review *r, const struct review_summary *s)
{
	struct json j;
	char day[DATE_TEXT_SIZE];

	json_init(&j, ctx->out, true);
	json_object_begin(&j);
	json_key(&j, "active");
	json_bool(&j, r != NULL && !review_is_finished(r));
	json_key(&j, "id");
	if (r != NULL)
		json_int(&j, r->id);
	else
		json_null(&j);
	json_key(&j, "date");
	if (r != NULL) {
		date_format(r->today, day);
		json_string(&j, day);
	} else {
		json_null(&j);
	}
	json_key(&j, "scope");
	json_string(&j, r == NULL ? NULL : r->all ? "all" : "due");
	json_key(&j, "tag");
	json_string(&j, r != NULL ? r->tag : NULL);
	json_key(&j, "position");
	json_int(&j, r != NULL ? (int64_t)review_position(r) : 0);
	json_key(&j, "total");
	json_int(&j, (int64_t)s->total);
	json_key(&j, "due_total");
	json_int(&j, r != NULL ? (int64_t)r->due_total : 0);
	json_key(&j, "extended");
	json_bool(&j, r != NULL && r->extended);
	json_key(&j, "contacted");
	json_int(&j, (int64_t)s->contacted);
	json_key(&j, "channels");
	json_object_begin(&j);
	for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
		if (s->by_channel[ch] == 0)
			continue;
		json_key(&j, channel_name((enum channel)ch));
		json_int(&j, (int64_t)s->by_channel[ch]);
	}
	json_object_end(&j);
	json_key(&j, "noted");
	json_int(&j, (int64_t)s->noted);
	json_key(&j, "snoozed");
	json_int(&j, (int64_t)s->snoozed);
	json_key(&j, "skipped");
	json_int(&j, (int64_t)s->skipped);
	json_key(&j, "edited");
	json_int(&j, (int64_t)s->edited);
	json_key(&j, "still_due");
	json_int(&j, (int64_t)s->still_due);
	json_key(&j, "started_at");
	json_string(&j, r != NULL ? r->started_at : NULL);
	json_key(&j, "finished_at");
	json_string_or_null(&j, r != NULL ? r->finished_at : NULL);
	json_object_end(&j);
	json_done(&j);
}

static void status_text(struct cli_ctx *ctx, const struct review *r, const struct review_summary *s)
{
	char when[32], line[512];

	if (r == NULL) {
		fprintf(ctx->out, "No review yet: `rolodex review` starts one.\n");
		return;
	}
	date_format_short(r->today, ctx->today, when, sizeof when);
	fprintf(ctx->out, "Review of %s (%s", when, r->all ? "every card" : "due cards");
	if (r->tag != NULL) {
		fprintf(ctx->out, ", tag ");
		cli_put(ctx, r->tag, false);
	}
	fprintf(ctx->out, ")\n");
	if (review_is_finished(r))
		fprintf(ctx->out, "finished %s, %zu cards\n", r->finished_at, r->count);
	else if (review_at_end(r))
		fprintf(ctx->out, "in progress: all %zu cards seen; `rolodex review` finishes it\n", r->count);
	else
		fprintf(ctx->out, "in progress: %zu of %zu; `rolodex review` resumes it\n", review_position(r),
			r->count);
	review_summary_format(s, line, sizeof line);
	fprintf(ctx->out, "%s\n", line);
}

static int review_status(struct cli_ctx *ctx, bool json)
{
	struct db *db;
	struct review *r = NULL;
	struct review_summary s = { 0 };
	char *cause = NULL;
	enum rdx_status rs;
	int status = cli_db(ctx, CLI_READ, &db);

	if (status != CLI_EXIT_OK)
		return status;
	rs = review_load_latest(db, &r, &cause);
	if (rs == RDX_NOT_FOUND) {
		free(cause);
		cause = NULL;
		rs = RDX_OK;
	} else if (rs == RDX_OK) {
		rs = review_summarize(db, r, ctx->today, &s, &cause);
	}
	if (rs != RDX_OK) {
		review_free(r);
		return cli_fail(rs, cause);
	}
	if (json)
		status_json(ctx, r, &s);
	else
		status_text(ctx, r, &s);
	review_free(r);
	return CLI_EXIT_OK;
}

/* Drops the review in progress; what was done at its cards stays. */
static int review_abandon_active(struct cli_ctx *ctx)
{
	struct db *db;
	struct review *r = NULL;
	char *cause = NULL;
	char when[32];
	enum rdx_status rs;
	int status = cli_db(ctx, CLI_WRITE, &db);

	if (status != CLI_EXIT_OK)
		return status;
	rs = review_load_latest(db, &r, &cause);
	if (rs == RDX_NOT_FOUND || (rs == RDX_OK && review_is_finished(r))) {
		free(cause);
		review_free(r);
		return cli_error("no review in progress");
	}
	if (rs == RDX_OK)
		rs = review_abandon(db, r, &cause);
	if (rs != RDX_OK) {
		review_free(r);
		return cli_fail(rs, cause);
	}
	date_format_short(r->today, ctx->today, when, sizeof when);
	size_t done = 0;
	for (size_t i = 0; i < r->count; i++)
		done += r->items[i].action != REVIEW_ACTION_NONE;
	fprintf(ctx->out, "Abandoned the review of %s (%zu of %zu cards done; what was done stays)\n", when, done,
		r->count);
	review_free(r);
	return CLI_EXIT_OK;
}

int cmd_review(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_parser p;
	struct cli_screen options = { .review = true };
	const char *value, *format = NULL;
	bool status = false, abandon = false;
	int id;

	cli_parser_init(&p, ctx, argc, argv, review_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			return cli_usage_error(ctx, "unexpected argument: %s", value);
		case OPT_ALL:
			options.review_all = true;
			break;
		case OPT_TAG:
			if (*value == '\0')
				return cli_usage_error(ctx, "--tag needs a tag name");
			options.review_tag = value;
			break;
		case OPT_STATUS:
			status = true;
			break;
		case OPT_FORMAT:
			format = value;
			break;
		case OPT_ABANDON:
			abandon = true;
			break;
		}
	}
	if (abandon) {
		if (status || format != NULL || options.review_all || options.review_tag != NULL)
			return cli_usage_error(ctx, "--abandon takes no other option");
		return review_abandon_active(ctx);
	}
	if (status) {
		if (options.review_all || options.review_tag != NULL)
			return cli_usage_error(ctx, "--status takes no --all or --tag");
		bool json = false;
		int usage = format != NULL ? cli_format_json(ctx, format, "text", &json) : CLI_EXIT_OK;
		if (usage != CLI_EXIT_OK)
			return usage;
		return review_status(ctx, json);
	}
	if (format != NULL)
		return cli_usage_error(ctx, "--format goes with --status");
	return ctx->run_tui(ctx, &options);
}
