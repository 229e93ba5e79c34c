/*
 * cmd_due.c - what needs attention: `due` lists the cards whose rhythm says
 * it is time to get in touch (longest overdue first), `birthdays` the
 * birthdays in the coming days (soonest first).
 *
 * Both first collect the ids the model selects (a due list or the cards
 * with a birthday: a part of the rolodex, not all of it), then load each.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

struct pick {
	int64_t id;
	char *name;
	int key;   /* sort key: overdue days, or days until the birthday */
	bool shown;
	char line[256]; /* what to show after the name */
};

struct picks {
	struct pick *items;
	size_t count;
	size_t capacity;
};

static int picks_collect(void *arg, const struct card_row *row)
{
	struct picks *picks = arg;
	picks->items = xgrow(picks->items, &picks->capacity, picks->count + 1, sizeof(*picks->items));
	picks->items[picks->count++] = (struct pick){ .id = row->id, .name = xstrdup(row->name) };
	return 0;
}

static void picks_free(struct picks *picks)
{
	for (size_t i = 0; i < picks->count; i++)
		free(picks->items[i].name);
	free(picks->items);
}

static void picks_print(struct cli_ctx *ctx, const struct picks *picks, bool name_first)
{
	int width_id = 1, width_name = 0;
	for (size_t i = 0; i < picks->count; i++) {
		char idtext[24];
		int n = snprintf(idtext, sizeof(idtext), "%lld", (long long)picks->items[i].id);
		if (n > width_id)
			width_id = n;
		if (!picks->items[i].shown)
			continue;
		int w = cli_width(picks->items[i].name);
		if (w > width_name)
			width_name = w < 32 ? w : 32;
	}
	for (size_t i = 0; i < picks->count; i++) {
		const struct pick *pk = &picks->items[i];
		if (!pk->shown)
			continue;
		fprintf(ctx->out, "%*lld  ", width_id, (long long)pk->id);
		if (name_first) {
			cli_put_padded(ctx, pk->name, width_name);
			fprintf(ctx->out, "  %s\n", pk->line);
		} else {
			fprintf(ctx->out, "%s  ", pk->line);
			char *clean = text_sanitize(pk->name, false);
			fprintf(ctx->out, "%s\n", clean);
			free(clean);
		}
	}
}

/* Ascending by key, ties by id: qsort is not stable, so the order must be
 * total for the output to be the same on every run. */
static int pick_compare(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
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
	struct card_filter filter = { .due_only = true, .today = ctx->today };
	struct picks picks = { 0 };
	char *cause = NULL;
	enum rdx_status rs = card_foreach(db, &filter, picks_collect, &picks, &cause);
	for (size_t i = 0; rs == RDX_OK && i < picks.count; i++) {
		struct pick *pk = &picks.items[i];
		struct card_status st;
		pk->shown = true;
		rs = card_status_get(db, pk->id, ctx->today, &st, &cause);
		if (rs != RDX_OK)
			break;
		char rhythm[64], span[64], when[64], date[DATE_TEXT_SIZE];
		cadence_format(&st.cadence, rhythm, sizeof(rhythm));
		if (!st.contacted) {
			/* Never contacted: first in the list. */
			pk->key = -1000000;
			snprintf(pk->line, sizeof(pk->line), "never contacted (every %s)", rhythm);
		} else {
			pk->key = -st.overdue_days;
			date_format(st.last_date, date);
			date_describe_relative(st.last_date, ctx->today, when, sizeof(when));
			if (st.overdue_days > 0) {
				date_describe_span(st.overdue_days, span, sizeof(span));
				snprintf(pk->line, sizeof(pk->line), "overdue by %s; last %s %s (%s)", span,
					 st.last_channel, when, date);
			} else {
				snprintf(pk->line, sizeof(pk->line), "due today; last %s %s (%s)", st.last_channel, when,
					 date);
			}
		}
	}
	if (rs == RDX_OK) {
		qsort(picks.items, picks.count, sizeof(*picks.items), pick_compare);
		picks_print(ctx, &picks, true);
	}
	picks_free(&picks);
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
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
	struct picks picks = { 0 };
	char *cause = NULL;
	enum rdx_status rs = card_foreach(db, &filter, picks_collect, &picks, &cause);
	for (size_t i = 0; rs == RDX_OK && i < picks.count; i++) {
		struct pick *pk = &picks.items[i];
		struct card card;
		rs = card_load(db, pk->id, &card, &cause);
		if (rs == RDX_OK && card.birthday.month != 0) {
			int next = birthday_next(&card.birthday, ctx->today);
			if (next - ctx->today <= days) {
				char date[DATE_TEXT_SIZE], when[32], age[32] = "";
				date_format(next, date);
				date_describe_relative(next, ctx->today, when, sizeof(when));
				int turns = birthday_next_age(&card.birthday, ctx->today);
				if (turns > 0)
					snprintf(age, sizeof(age), "turns %d", turns);
				pk->key = next - ctx->today;
				pk->shown = true;
				snprintf(pk->line, sizeof(pk->line), "%s  %-11s  %-9s", date, when, age);
			}
		}
		card_done(&card);
	}
	if (rs == RDX_OK) {
		qsort(picks.items, picks.count, sizeof(*picks.items), pick_compare);
		picks_print(ctx, &picks, false);
	}
	picks_free(&picks);
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
}
