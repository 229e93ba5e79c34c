/*
 * cmd_due.c - what needs attention: `due` lists the cards whose rhythm says
 * it is time to get in touch (longest overdue first), `birthdays` the
 * birthdays in the coming days (soonest first).
 *
 * Both print what one streaming query of the model gives (listing.h), in
 * the order it gives it; `due` keeps its list (a part of the rolodex) to
 * measure the name column before printing, `birthdays` prints as it goes.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rolodex/browse.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/listing.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

struct pick {
	int64_t id;
	char *name;
	char *line; /* what to show after the name */
};

/* The due list, kept to measure the name column before printing. */
struct picks {
	struct pick *items;
	size_t count;
	size_t capacity;
	int today;
	int width_id, width_name;
};

static void picks_free(struct picks *picks)
{
	for (size_t i = 0; i < picks->count; i++) {
		free(picks->items[i].name);
		free(picks->items[i].line);
	}
	free(picks->items);
}

/* Width of the id column: the digits of the largest id. */
static int id_width(int64_t id)
{
	char idtext[24];
	int n = snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	return n > 1 ? n : 1;
}

static int due_collect(void *arg, const struct listing_row *row)
{
	struct picks *picks = arg;
	const struct card_status *st = &row->status;
	picks->items = xgrow(picks->items, &picks->capacity, picks->count + 1, sizeof(*picks->items));
	struct pick *pk = &picks->items[picks->count++];
	pk->id = row->id;
	pk->name = xstrdup(row->name);
	int w = id_width(row->id);
	if (w > picks->width_id)
		picks->width_id = w;
	w = cli_width(row->name);
	if (w > picks->width_name)
		picks->width_name = w < 32 ? w : 32;

	char rhythm[64], span[64], when[64], date[DATE_TEXT_SIZE], line[256];
	cadence_format(&st->cadence, rhythm, sizeof(rhythm));
	if (!st->contacted) {
		snprintf(line, sizeof(line), "never contacted (every %s)", rhythm);
	} else {
		date_format(st->last_date, date);
		date_describe_relative(st->last_date, picks->today, when, sizeof(when));
		if (st->overdue_days > 0) {
			date_describe_span(st->overdue_days, span, sizeof(span));
			snprintf(line, sizeof(line), "overdue by %s; last %s %s (%s)", span, st->last_channel, when,
				 date);
		} else {
			snprintf(line, sizeof(line), "due today; last %s %s (%s)", st->last_channel, when, date);
		}
	}
	/* Only as long as it is: a due list can hold most of a big rolodex. */
	pk->line = xstrdup(line);
	return 0;
}

static const struct cli_option no_options[] = {
	{ .name = NULL },
};

int cmd_due(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_parser p;
	const char *value;
	int id;
	cli_parser_init(&p, ctx, argc, argv, no_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit;
		return cli_usage_error(ctx, "unexpected argument '%s'", value);
	}

	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	/* The model gives the due cards in order: never contacted first, then
	 * the longest overdue; ties by id. */
	struct card_filter filter = { .due_only = true, .today = ctx->today };
	struct picks picks = { .today = ctx->today, .width_id = 1 };
	char *cause = NULL;
	enum rdx_status rs = listing_due(db, &filter, 0, due_collect, &picks, &cause);
	for (size_t i = 0; rs == RDX_OK && i < picks.count; i++) {
		const struct pick *pk = &picks.items[i];
		fprintf(ctx->out, "%*lld  ", picks.width_id, (long long)pk->id);
		cli_put_padded(ctx, pk->name, picks.width_name);
		fprintf(ctx->out, "  %s\n", pk->line);
	}
	bool nothing_due = picks.count == 0;
	picks_free(&picks);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);
	/* An empty list must not pass for "all caught up" when no card could
	 * ever be due. */
	bool any_cadence = true;
	if (nothing_due && (rs = card_any_cadence(db, &any_cadence, &cause)) != RDX_OK)
		return cli_fail(rs, cause);
	if (!any_cadence) {
		fflush(ctx->out);
		fputs("rolodex: no card has a keep-in-touch rhythm, so none is ever due; set one with\n"
		      "  rolodex edit CARD --set cadence=3m   or for a tag:   rolodex tag --cadence TAG 3m\n",
		      stderr);
	}
	return CLI_EXIT_OK;
}

struct birthday_run {
	struct cli_ctx *ctx;
	int width_id;
};

static int birthday_print(void *arg, const struct listing_row *row)
{
	struct birthday_run *run = arg;
	struct cli_ctx *ctx = run->ctx;
	char date[DATE_TEXT_SIZE], when[32], age[32] = "";
	date_format(row->birthday_next, date);
	date_describe_relative(row->birthday_next, ctx->today, when, sizeof(when));
	int turns = birthday_next_age(&row->birthday, ctx->today);
	if (turns > 0)
		snprintf(age, sizeof(age), "turns %d", turns);
	fprintf(ctx->out, "%*lld  %s  %-11s  %-9s  ", run->width_id, (long long)row->id, date, when, age);
	char *clean = text_sanitize(row->name, false);
	fprintf(ctx->out, "%s\n", clean);
	free(clean);
	return 0;
}

enum { BIRTHDAYS_DAYS = 1 };

static const struct cli_option birthdays_options[] = {
	{ .name = "days", .has_value = true, .id = BIRTHDAYS_DAYS },
	{ .name = NULL },
};

int cmd_birthdays(struct cli_ctx *ctx, int argc, char **argv)
{
	int days = 30;
	struct cli_parser p;
	const char *value;
	int id;
	cli_parser_init(&p, ctx, argc, argv, birthdays_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			return cli_usage_error(ctx, "unexpected argument '%s'", value);
		case BIRTHDAYS_DAYS: {
			char *end;
			long n = strtol(value, &end, 10);
			if (*value == '\0' || *end != '\0' || n < 0 || n > 366)
				return cli_usage_error(ctx, "--days takes a number from 0 to 366, not '%s'", value);
			days = (int)n;
			break;
		}
		}
	}

	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	struct card_filter filter = { .has_birthday = true, .today = ctx->today };
	struct birthday_run run = { .ctx = ctx };
	char *cause = NULL;
	/* The id column is as wide as the largest id of any card with a
	 * birthday, shown or not, so it does not shift with --days. */
	int64_t last_id;
	enum rdx_status rs = listing_last_id(db, &filter, &last_id, &cause);
	run.width_id = id_width(last_id);
	if (rs == RDX_OK)
		rs = listing_birthdays(db, &filter, days, 0, birthday_print, &run, &cause);
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
}
