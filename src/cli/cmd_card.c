/*
 * cmd_card.c - the card commands: add, list, show, edit, delete, restore.
 *
 * Input is checked completely before the database is opened for writing, so
 * bad input leaves the file untouched.  Output formats: table and text for
 * people (always sanitized when stdout is a terminal), tsv, emails and to
 * for scripts and mail clients, json through json.c.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rolodex/addrlist.h"
#include "rolodex/browse.h"
#include "rolodex/card_json.h"
#include "rolodex/json.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/listing.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/vcard.h"
#include "rolodex/xalloc.h"

/* ---- shared: a card with everything shown about it ------------------- */

struct card_view {
	struct card card;
	struct card_status status;
	struct note *notes;
	size_t nnotes;
	struct touch *touches;
	size_t ntouches;
};

/* Loads card id with its notes and touches; its status too, unless the
 * caller has it already (status != NULL, from a listing row). */
static enum rdx_status card_view_load(struct cli_ctx *ctx, struct db *db, int64_t id,
				      const struct card_status *status, struct card_view *v, char **cause)
{
	memset(v, 0, sizeof(*v));
	/* card_load initialises the card, also when it fails. */
	enum rdx_status rs = card_load(db, id, &v->card, cause);
	if (rs == RDX_OK && status != NULL)
		v->status = *status;
	else if (rs == RDX_OK)
		rs = card_status_get(db, id, ctx->today, &v->status, cause);
	if (rs == RDX_OK)
		rs = note_list(db, id, 0, &v->notes, &v->nnotes, cause);
	if (rs == RDX_OK)
		rs = touch_list(db, id, 0, &v->touches, &v->ntouches, cause);
	return rs;
}

static void card_view_done(struct card_view *v)
{
	card_done(&v->card);
	note_list_free(v->notes, v->nnotes);
	touch_list_free(v->touches, v->ntouches);
}

/*
 * A field value from the command line: "VALUE" or "VALUE;label=LABEL".
 * *value and *label are newly allocated.
 */
static void field_arg_split(const char *arg, char **value, char **label)
{
	const char *mark = strstr(arg, ";label=");
	if (mark == NULL) {
		*value = xstrdup(arg);
		*label = xstrdup("");
	} else {
		*value = xstrndup(arg, (size_t)(mark - arg));
		*label = xstrdup(mark + strlen(";label="));
	}
	text_trim(*value);
	text_trim(*label);
}

static int add_field_arg(struct card *card, enum field_kind kind, const char *arg)
{
	char *value, *label;
	field_arg_split(arg, &value, &label);
	int status = CLI_EXIT_OK;
	if (*value == '\0')
		status = cli_error("an empty %s is not allowed", field_kind_name(kind));
	else
		card_add_field(card, kind, value, label);
	free(value);
	free(label);
	return status;
}

static int parse_birthday_arg(const char *arg, struct birthday *out)
{
	if (*arg == '\0') {
		*out = (struct birthday){ 0 };
		return CLI_EXIT_OK;
	}
	if (!birthday_parse(arg, out))
		return cli_error("not a birthday: '%s' (use YYYY-MM-DD, or --MM-DD without a year)", arg);
	return CLI_EXIT_OK;
}

static int parse_cadence_arg(const char *arg, struct cadence *out)
{
	if (!cadence_parse(arg, out))
		return cli_error("not a cadence: '%s' (use e.g. 45d, 2w, 3m, 1y, monthly, quarterly or none)", arg);
	return CLI_EXIT_OK;
}

static int validate(struct card *card)
{
	char *cause = NULL;
	enum rdx_status rs = card_validate(card, &cause);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);
	return CLI_EXIT_OK;
}

/* ---- add -------------------------------------------------------------- */

enum { ADD_EMAIL = 1, ADD_PHONE, ADD_ORG, ADD_TITLE, ADD_TAG, ADD_BIRTHDAY, ADD_CADENCE, ADD_NOTE };

static const struct cli_option add_options[] = {
	{ .name = "email", .has_value = true, .id = ADD_EMAIL },
	{ .name = "phone", .has_value = true, .id = ADD_PHONE },
	{ .name = "org", .has_value = true, .id = ADD_ORG },
	{ .name = "title", .has_value = true, .id = ADD_TITLE },
	{ .name = "tag", .has_value = true, .id = ADD_TAG },
	{ .name = "birthday", .has_value = true, .id = ADD_BIRTHDAY },
	{ .name = "cadence", .has_value = true, .id = ADD_CADENCE },
	{ .name = "note", .has_value = true, .id = ADD_NOTE },
	{ .name = NULL },
};

int cmd_add(struct cli_ctx *ctx, int argc, char **argv)
{
	struct card card;
	card_init(&card);
	const char *name = NULL, *note = NULL;
	int status = CLI_EXIT_OK;
	struct cli_parser p;
	const char *value;
	int id;

	cli_parser_init(&p, ctx, argc, argv, add_options);
	while (status == CLI_EXIT_OK && (id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			status = p.exit;
			if (status == CLI_EXIT_OK)
				goto out;
			break;
		case CLI_ARG:
			if (name != NULL)
				status = cli_usage_error(ctx, "one NAME only (quote a name with spaces)");
			name = value;
			break;
		case ADD_EMAIL:
			status = add_field_arg(&card, FIELD_EMAIL, value);
			break;
		case ADD_PHONE:
			status = add_field_arg(&card, FIELD_PHONE, value);
			break;
		case ADD_ORG:
			card_set(&card.org, value);
			break;
		case ADD_TITLE:
			card_set(&card.title, value);
			break;
		case ADD_TAG:
			if (*value == '\0' || strchr(value, ',') != NULL)
				status = cli_error("not a tag: '%s' (one non-empty tag per --tag)", value);
			else
				card_add_tag(&card, value);
			break;
		case ADD_BIRTHDAY:
			status = parse_birthday_arg(value, &card.birthday);
			break;
		case ADD_CADENCE:
			status = parse_cadence_arg(value, &card.cadence);
			card.cadence_set = true;
			break;
		case ADD_NOTE:
			note = value;
			break;
		}
	}
	if (status != CLI_EXIT_OK)
		goto out;
	if (name == NULL) {
		status = cli_usage_error(ctx, "a NAME is needed");
		goto out;
	}
	card_set(&card.name, name);
	text_trim(card.name);
	if (*card.name == '\0') {
		status = cli_error("a card needs a name; nothing was added");
		goto out;
	}
	if (note != NULL) {
		if (strlen(note) > NOTE_TEXT_MAX) {
			status = cli_error("the note is longer than %d bytes", NOTE_TEXT_MAX);
			goto out;
		}
		char *trimmed = text_trim(xstrdup(note));
		bool empty = *trimmed == '\0';
		free(trimmed);
		if (empty)
			note = NULL;
	}
	card_split_name(&card);
	status = validate(&card);
	if (status != CLI_EXIT_OK)
		goto out;

	struct db *db;
	status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		goto out;
	char *cause = NULL;
	enum rdx_status rs = db_begin(db, &cause);
	if (rs == RDX_OK)
		rs = card_insert(db, &card, ctx->now, &cause);
	if (rs == RDX_OK && note != NULL)
		rs = note_add(db, card.id, note, ctx->now, NULL, &cause);
	if (rs == RDX_OK)
		rs = db_commit(db, &cause);
	if (rs != RDX_OK) {
		db_rollback(db);
		status = cli_fail(rs, cause);
		goto out;
	}
	fprintf(ctx->out, "%lld\n", (long long)card.id);
out:
	card_done(&card);
	return status;
}

/* ---- the JSON object of a card --------------------------------------- */

static void card_view_json(struct json *j, const struct card_view *v)
{
	card_json_write(j, &v->card, &v->status, v->notes, v->nnotes, v->touches, v->ntouches);
}

/* ---- list ------------------------------------------------------------- */

enum list_format { LIST_TABLE, LIST_TSV, LIST_JSON, LIST_EMAILS, LIST_TO };

struct list_run {
	struct cli_ctx *ctx;
	struct db *db;
	enum list_format format;
	struct json json;
	struct addrlist to; /* --format to: the list, printed at the end */
	int width_id, width_name, width_org; /* table: measured in a first pass */
	bool measuring;
	enum rdx_status status;
	char *cause;
};

enum { TABLE_NAME_MAX = 32, TABLE_ORG_MAX = 28, TABLE_EMAIL_MAX = 40 };

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* Writes s for a tsv cell: tabs and line breaks become spaces (so a row
 * stays a row); sanitized on a terminal. */
static void put_tsv_cell(struct cli_ctx *ctx, const char *s)
{
	/* Most cells have nothing to replace: no copy for them. */
	if (strpbrk(s, "\t\n\r") == NULL) {
		cli_put(ctx, s, false);
		return;
	}
	char *copy = xstrdup(s);
	for (char *q = copy; *q != '\0'; q++) {
		if (*q == '\t' || *q == '\n' || *q == '\r')
			*q = ' ';
	}
	cli_put(ctx, copy, false);
	free(copy);
}

/* One `Name <address>` line (addrlist.h holds the rule); an email that is
 * not an address is left out, as in --format to. */
static void put_mailbox(struct cli_ctx *ctx, const char *name, const char *address)
{
	char *mailbox = addrlist_mailbox(name, address);
	if (mailbox == NULL)
		return;
	cli_put(ctx, mailbox, false);
	fputc('\n', ctx->out);
	free(mailbox);
}

static int list_row(void *arg, const struct listing_row *row)
{
	struct list_run *run = arg;
	struct cli_ctx *ctx = run->ctx;

	switch (run->format) {
	case LIST_TABLE: {
		if (run->measuring) {
			char idtext[24];
			int n = snprintf(idtext, sizeof(idtext), "%lld", (long long)row->id);
			if (n > run->width_id)
				run->width_id = n;
			run->width_name = min_int(TABLE_NAME_MAX, max_int(run->width_name, cli_width(row->name)));
			run->width_org = min_int(TABLE_ORG_MAX, max_int(run->width_org, cli_width(row->org)));
			return 0;
		}
		fprintf(ctx->out, "%*lld  ", run->width_id, (long long)row->id);
		cli_put_padded(ctx, row->name, run->width_name);
		fputs("  ", ctx->out);
		if (run->width_org > 0) {
			cli_put_padded(ctx, row->org, run->width_org);
			fputs("  ", ctx->out);
		}
		char email[TABLE_EMAIL_MAX * 4 + 8];
		text_fit(row->email, TABLE_EMAIL_MAX, email, sizeof(email));
		/* No trailing spaces when the last column is empty. */
		fputs(email, ctx->out);
		fputc('\n', ctx->out);
		return 0;
	}
	case LIST_EMAILS:
		if (*row->email != '\0')
			put_mailbox(ctx, row->name, row->email);
		return 0;
	case LIST_TO:
		addrlist_add(&run->to, row->name, row->email);
		return 0;
	case LIST_TSV:
		fprintf(ctx->out, "%lld\t", (long long)row->id);
		put_tsv_cell(ctx, row->name);
		fputc('\t', ctx->out);
		put_tsv_cell(ctx, row->org);
		fputc('\t', ctx->out);
		put_tsv_cell(ctx, row->email);
		for (size_t i = 0; i < row->ntags; i++) {
			fputc('\t', ctx->out);
			put_tsv_cell(ctx, row->tags[i]);
		}
		fputc('\n', ctx->out);
		return 0;
	case LIST_JSON:
		break;
	}

	/* JSON carries the whole card with its notes and touches. */
	struct card_view v;
	run->status = card_view_load(ctx, run->db, row->id, &row->status, &v, &run->cause);
	if (run->status != RDX_OK) {
		card_view_done(&v);
		return 1;
	}
	card_view_json(&run->json, &v);
	card_view_done(&v);
	return 0;
}

/* --format to: the addresses as one line, and on standard error who the
 * mail will miss (the list is still good to use: exit 0). */
static void list_put_to(struct cli_ctx *ctx, const struct addrlist *to)
{
	if (to->count > 0) {
		char *text = addrlist_text(to);
		cli_put(ctx, text, false);
		fputc('\n', ctx->out);
		free(text);
	}
	char *left_out = addrlist_left_out_text(to);
	if (left_out != NULL) {
		fflush(ctx->out);
		fprintf(stderr, "rolodex: %s\n", left_out);
		free(left_out);
	}
}

enum { LIST_DUE = 1, LIST_TAG, LIST_SEARCH, LIST_TRASH, LIST_FORMAT, LIST_SORT };

static const struct cli_option list_options[] = {
	{ .name = "due", .id = LIST_DUE },
	{ .name = "tag", .has_value = true, .id = LIST_TAG },
	{ .name = "search", .has_value = true, .id = LIST_SEARCH },
	{ .name = "trash", .id = LIST_TRASH },
	{ .name = "format", .has_value = true, .id = LIST_FORMAT },
	{ .name = "sort", .has_value = true, .id = LIST_SORT },
	{ .name = NULL },
};

int cmd_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct card_filter filter = { .today = ctx->today };
	struct list_run run = { .ctx = ctx, .format = LIST_TABLE };
	enum listing_sort sort = LISTING_SORT_NAME;
	struct cli_parser p;
	const char *value;
	int id;

	cli_parser_init(&p, ctx, argc, argv, list_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			return cli_usage_error(ctx, "unexpected argument '%s'", value);
		case LIST_DUE:
			filter.due_only = true;
			break;
		case LIST_TAG:
			filter.tag = value;
			break;
		case LIST_SEARCH:
			filter.query = value;
			break;
		case LIST_TRASH:
			filter.trash = true;
			break;
		case LIST_FORMAT: {
			/* In the order of enum list_format. */
			static const char *const formats[] = { "table", "tsv", "json", "emails", "to", NULL };
			int format;
			int usage = cli_format(ctx, value, formats, &format);
			if (usage != CLI_EXIT_OK)
				return usage;
			run.format = (enum list_format)format;
			break;
		}
		case LIST_SORT:
			if (!listing_sort_parse(value, &sort))
				return cli_usage_error(ctx, "unknown sort '%s' (name, last or due)", value);
			break;
		}
	}

	/* A qualifier it cannot read would narrow nothing: say so instead of
	 * listing every card as if it had. */
	const char *problem = card_filter_problem(&filter);
	if (problem != NULL)
		return cli_usage_error(ctx, "--search: %s", problem);

	int status = cli_db(ctx, CLI_READ, &run.db);
	if (status != CLI_EXIT_OK)
		return status;

	/* What each format prints, fetched in the same walk. */
	static const unsigned want[] = {
		[LIST_TABLE] = LISTING_EMAIL,
		[LIST_TSV] = LISTING_EMAIL | LISTING_TAGS,
		[LIST_JSON] = LISTING_STATUS,
		[LIST_EMAILS] = LISTING_EMAIL,
		[LIST_TO] = LISTING_EMAIL,
	};
	enum rdx_status rs = RDX_OK;
	if (run.format == LIST_TABLE) {
		/* Column widths first: any order will do. */
		run.measuring = true;
		rs = listing_scan(run.db, &filter, 0, list_row, &run, &run.cause);
		run.measuring = false;
	}
	if (run.format == LIST_JSON) {
		json_init(&run.json, ctx->out, true);
		json_array_begin(&run.json);
	}
	/* Live cards are read in storage order and sorted: every page once,
	 * in bounded memory.  The trash is walked down its own index, which
	 * holds only the few trashed cards, rather than reading every card
	 * to find them. */
	if (rs == RDX_OK && sort != LISTING_SORT_NAME)
		rs = listing_sorted_by(run.db, &filter, sort, want[run.format], list_row, &run, &run.cause);
	else if (rs == RDX_OK && filter.trash)
		rs = listing_walk(run.db, &filter, want[run.format], list_row, &run, &run.cause);
	else if (rs == RDX_OK)
		rs = listing_sorted(run.db, &filter, want[run.format], list_row, &run, &run.cause);
	if (rs == RDX_OK && run.status != RDX_OK)
		rs = run.status;
	if (run.format == LIST_JSON) {
		json_array_end(&run.json);
		json_done(&run.json);
	}
	if (run.format == LIST_TO && rs == RDX_OK)
		list_put_to(ctx, &run.to);
	addrlist_done(&run.to);
	if (rs != RDX_OK)
		return cli_fail(rs, run.cause);
	return CLI_EXIT_OK;
}

/* ---- show ------------------------------------------------------------- */

static void show_line(struct cli_ctx *ctx, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	fprintf(ctx->out, "%-9s", label);
	cli_put(ctx, value, false);
	fputc('\n', ctx->out);
}

static void show_fields(struct cli_ctx *ctx, const struct card *c, enum field_kind kind)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const struct card_field *f = &c->fields[i];
		if (f->kind != kind)
			continue;
		fprintf(ctx->out, "%-9s", field_kind_name(kind));
		cli_put(ctx, f->value, false);
		if (*f->label != '\0') {
			fputs("  (", ctx->out);
			cli_put(ctx, f->label, false);
			fputc(')', ctx->out);
		}
		fputc('\n', ctx->out);
	}
}

/* Writes multi-line text indented by `indent` columns after the first line. */
static void put_indented(struct cli_ctx *ctx, const char *text, int indent)
{
	const char *line = text;
	for (;;) {
		const char *nl = strchr(line, '\n');
		char *one = xstrndup(line, nl != NULL ? (size_t)(nl - line) : strlen(line));
		cli_put(ctx, one, false);
		free(one);
		fputc('\n', ctx->out);
		if (nl == NULL)
			break;
		line = nl + 1;
		fprintf(ctx->out, "%*s", indent, "");
	}
}

static void show_text(struct cli_ctx *ctx, const struct card_view *v)
{
	const struct card *c = &v->card;
	const struct card_status *st = &v->status;
	char buf[256], when[128], span[64];

	cli_put(ctx, c->name, false);
	fprintf(ctx->out, "  #%lld%s\n", (long long)c->id, *c->trashed_at != '\0' ? "  (in the trash)" : "");
	if (*c->title != '\0' || *c->org != '\0') {
		if (*c->title != '\0')
			cli_put(ctx, c->title, false);
		if (*c->title != '\0' && *c->org != '\0')
			fputs(" \xc2\xb7 ", ctx->out); /* a middle dot */
		if (*c->org != '\0')
			cli_put(ctx, c->org, false);
		fputc('\n', ctx->out);
	}
	fputc('\n', ctx->out);
	show_line(ctx, "nickname", c->nickname);
	show_fields(ctx, c, FIELD_EMAIL);
	show_fields(ctx, c, FIELD_PHONE);
	show_fields(ctx, c, FIELD_ADDRESS);
	show_fields(ctx, c, FIELD_URL);
	if (c->birthday.month != 0) {
		char date[BIRTHDAY_TEXT_SIZE];
		birthday_format_human(&c->birthday, date);
		int next = birthday_next(&c->birthday, ctx->today);
		date_describe_relative(next, ctx->today, when, sizeof(when));
		int age = birthday_next_age(&c->birthday, ctx->today);
		if (age > 0)
			snprintf(buf, sizeof(buf), "%s (turns %d %s)", date, age, when);
		else
			snprintf(buf, sizeof(buf), "%s (birthday %s)", date, when);
		show_line(ctx, "born", buf);
	}
	if (c->ntags > 0) {
		fprintf(ctx->out, "%-9s", "tags");
		for (size_t i = 0; i < c->ntags; i++) {
			if (i > 0)
				fputs(", ", ctx->out);
			cli_put(ctx, c->tags[i], false);
		}
		fputc('\n', ctx->out);
	}
	if (*c->how_met != '\0') {
		fprintf(ctx->out, "%-9s", "met");
		put_indented(ctx, c->how_met, 9);
	}

	if (st->contacted) {
		date_describe_relative(st->last_date, ctx->today, when, sizeof(when));
		char date[DATE_TEXT_SIZE];
		date_format(st->last_date, date);
		snprintf(buf, sizeof(buf), "%s, %s (%s)", st->last_channel, when, date);
		show_line(ctx, "last", buf);
	} else {
		show_line(ctx, "last", "never contacted");
	}
	if (st->has_cadence && st->cadence.n > 0) {
		char rhythm[64];
		cadence_describe(&st->cadence, rhythm, sizeof(rhythm));
		if (st->snoozed) {
			char date[DATE_TEXT_SIZE];
			date_format(st->snooze_until, date);
			snprintf(when, sizeof(when), "snoozed until %s", date);
		} else if (st->due && st->contacted && st->overdue_days > 0) {
			date_describe_span(st->overdue_days, span, sizeof(span));
			snprintf(when, sizeof(when), "overdue by %s", span);
		} else if (st->due) {
			snprintf(when, sizeof(when), "due now");
		} else {
			char date[DATE_TEXT_SIZE];
			date_format(st->next_due, date);
			snprintf(when, sizeof(when), "next due %s", date);
		}
		snprintf(buf, sizeof(buf), "%s%s, %s", rhythm, st->cadence_from_tag ? " (from a tag)" : "", when);
		show_line(ctx, "rhythm", buf);
	} else {
		show_line(ctx, "rhythm", "none");
	}

	if (v->ntouches > 0) {
		fputs("\nTouches\n", ctx->out);
		for (size_t i = 0; i < v->ntouches; i++) {
			const struct touch *t = &v->touches[i];
			char date[DATE_TEXT_SIZE];
			date_format(t->date, date);
			if (t->origin != TOUCH_ORIGIN_USER)
				fprintf(ctx->out, "  %s  %s · %s ", date, channel_name(t->channel),
					touch_origin_phrase(t->origin));
			else
				fprintf(ctx->out, "  %s  %-8s", date, channel_name(t->channel));
			if (*t->note != '\0') {
				fputs(" ", ctx->out);
				put_indented(ctx, t->note, 23);
			} else {
				fputc('\n', ctx->out);
			}
		}
	}
	if (v->nnotes > 0) {
		fputs("\nNotes\n", ctx->out);
		for (size_t i = 0; i < v->nnotes; i++) {
			/* "YYYY-MM-DD HH:MM" of the UTC timestamp */
			fprintf(ctx->out, "  %.10s %.5s  ", v->notes[i].at, v->notes[i].at + 11);
			put_indented(ctx, v->notes[i].text, 20);
		}
	}
}

enum { SHOW_FORMAT = 1 };

static const struct cli_option show_options[] = {
	{ .name = "format", .has_value = true, .id = SHOW_FORMAT },
	{ .name = NULL },
};

int cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *ref = NULL;
	enum { SHOW_TEXT, SHOW_JSON, SHOW_VCARD } format = SHOW_TEXT;
	struct cli_parser p;
	const char *value;
	int id;

	cli_parser_init(&p, ctx, argc, argv, show_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			if (ref != NULL)
				return cli_usage_error(ctx, "one CARD only");
			ref = value;
			break;
		case SHOW_FORMAT: {
			/* In the order of SHOW_TEXT, SHOW_JSON, SHOW_VCARD. */
			static const char *const formats[] = { "text", "json", "vcard", NULL };
			int chosen;
			int usage = cli_format(ctx, value, formats, &chosen);
			if (usage != CLI_EXIT_OK)
				return usage;
			format = chosen;
			break;
		}
		}
	}
	if (ref == NULL)
		return cli_usage_error(ctx, "which CARD?");

	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	int64_t card_id;
	status = cli_card(ctx, db, ref, true, &card_id);
	if (status != CLI_EXIT_OK)
		return status;
	struct card_view v;
	char *cause = NULL;
	enum rdx_status rs = card_view_load(ctx, db, card_id, NULL, &v, &cause);
	if (rs != RDX_OK) {
		card_view_done(&v);
		return cli_fail(rs, cause);
	}
	if (format == SHOW_JSON) {
		struct json j;
		json_init(&j, ctx->out, true);
		card_view_json(&j, &v);
		json_done(&j);
	} else if (format == SHOW_VCARD) {
		/* The io layer's writer, as export uses it: vCard 4.0 keeps a
		 * birthday without a year. */
		struct cli_capture cap;
		if (!cli_capture_begin(ctx, &cap)) {
			card_view_done(&v);
			return cli_error("out of memory");
		}
		rs = vcard_write(cap.f, &v.card, v.notes, v.nnotes, v.touches, v.ntouches, VCARD_40, &cause);
		if (!cli_capture_end(ctx, &cap) && rs == RDX_OK)
			rs = rdx_fail(&cause, RDX_NOMEM, "out of memory");
	} else {
		show_text(ctx, &v);
	}
	card_view_done(&v);
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
}

/* ---- edit ------------------------------------------------------------- */

enum edit_op { EDIT_SET = 1, EDIT_ADD, EDIT_REMOVE };

static const struct cli_option edit_options[] = {
	{ .name = "set", .has_value = true, .id = EDIT_SET },
	{ .name = "add", .has_value = true, .id = EDIT_ADD },
	{ .name = "remove", .has_value = true, .id = EDIT_REMOVE },
	{ .name = NULL },
};

/* The text slot of a single-valued text field, or NULL. */
static char **edit_text_slot(struct card *c, const char *field)
{
	if (strcmp(field, "name") == 0)
		return &c->name;
	if (strcmp(field, "given") == 0)
		return &c->given;
	if (strcmp(field, "family") == 0)
		return &c->family;
	if (strcmp(field, "nickname") == 0)
		return &c->nickname;
	if (strcmp(field, "org") == 0)
		return &c->org;
	if (strcmp(field, "title") == 0)
		return &c->title;
	if (strcmp(field, "how_met") == 0)
		return &c->how_met;
	return NULL;
}

static bool edit_is_tags(const char *field)
{
	return strcmp(field, "tags") == 0 || strcmp(field, "tag") == 0;
}

static int edit_tags_set(struct card *c, const char *list)
{
	while (c->ntags > 0)
		card_remove_tag(c, c->tags[c->ntags - 1]);
	char *copy = xstrdup(list);
	int status = CLI_EXIT_OK;
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
		text_trim(t);
		if (*t != '\0')
			card_add_tag(c, t);
	}
	free(copy);
	return status;
}

static int edit_remove_field(struct card *c, enum field_kind kind, const char *arg)
{
	char *value, *label;
	field_arg_split(arg, &value, &label);
	bool removed = false;
	for (size_t i = c->nfields; i-- > 0;) {
		if (c->fields[i].kind == kind && strcmp(c->fields[i].value, value) == 0) {
			card_remove_field(c, i);
			removed = true;
		}
	}
	int status = CLI_EXIT_OK;
	if (!removed)
		status = cli_error("the card has no %s '%s'; nothing was changed", field_kind_name(kind), value);
	free(value);
	free(label);
	return status;
}

/* "email" or "emails", "phone" or "phones" ... */
static bool edit_field_kind(const char *field, enum field_kind *kind)
{
	if (field_kind_parse(field, kind))
		return true;
	size_t len = strlen(field);
	if (len < 2 || field[len - 1] != 's')
		return false;
	char *singular = xstrndup(field, len - 1);
	bool ok = field_kind_parse(singular, kind);
	free(singular);
	return ok;
}

/* Applies one --set/--add/--remove to the card in memory. */
static int edit_apply(struct cli_ctx *ctx, struct card *c, enum edit_op op, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (eq == NULL)
		return cli_usage_error(ctx, "expected FIELD=VALUE, not '%s'", arg);
	char *field = xstrndup(arg, (size_t)(eq - arg));
	const char *value = eq + 1;
	int status = CLI_EXIT_OK;
	enum field_kind kind;
	char **slot = edit_text_slot(c, field);

	if (slot != NULL || strcmp(field, "birthday") == 0 || strcmp(field, "cadence") == 0 ||
	    strcmp(field, "snooze") == 0) {
		if (op != EDIT_SET) {
			status = cli_usage_error(ctx, "%s has one value: use --set %s=VALUE", field, field);
		} else if (slot != NULL) {
			card_set(slot, value);
			text_trim(*slot);
			if (slot == &c->name && **slot == '\0')
				status = cli_error("a card needs a name; nothing was changed");
		} else if (strcmp(field, "birthday") == 0) {
			status = parse_birthday_arg(value, &c->birthday);
		} else if (strcmp(field, "cadence") == 0) {
			if (strcmp(value, "inherit") == 0 || *value == '\0') {
				c->cadence_set = false;
				c->cadence = (struct cadence){ 0 };
			} else {
				status = parse_cadence_arg(value, &c->cadence);
				c->cadence_set = true;
			}
		} else {
			int days;
			if (*value == '\0')
				c->snooze_until[0] = '\0';
			else if (!date_parse(value, &days))
				status = cli_error("not a date: '%s' (use YYYY-MM-DD)", value);
			else
				date_format(days, c->snooze_until);
		}
	} else if (edit_is_tags(field)) {
		if (op == EDIT_SET) {
			status = edit_tags_set(c, value);
		} else if (*value == '\0' || strchr(value, ',') != NULL) {
			status = cli_error("not a tag: '%s' (one non-empty tag each)", value);
		} else if (op == EDIT_ADD) {
			card_add_tag(c, value);
		} else {
			char *folded = text_fold(value);
			bool found = false;
			for (size_t i = 0; i < c->ntags; i++)
				found = found || strcmp(c->tags[i], folded) == 0 || strcmp(c->tags[i], value) == 0;
			free(folded);
			if (!found)
				status = cli_error("the card has no tag '%s'; nothing was changed", value);
			else
				card_remove_tag(c, value);
		}
	} else if (edit_field_kind(field, &kind)) {
		if (op == EDIT_SET) {
			for (size_t i = c->nfields; i-- > 0;) {
				if (c->fields[i].kind == kind)
					card_remove_field(c, i);
			}
			if (*value != '\0')
				status = add_field_arg(c, kind, value);
		} else if (op == EDIT_ADD) {
			status = add_field_arg(c, kind, value);
		} else {
			status = edit_remove_field(c, kind, value);
		}
	} else {
		status = cli_usage_error(ctx, "unknown field '%s' (see rolodex edit --help)", field);
	}
	free(field);
	return status;
}

int cmd_edit(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *ref = NULL;
	struct cli_parser p;
	const char *value;
	int id;
	size_t nchanges = 0;

	/* First pass: syntax only, so a usage error never opens the database. */
	cli_parser_init(&p, ctx, argc, argv, edit_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit;
		if (id == CLI_ARG) {
			if (ref != NULL)
				return cli_usage_error(ctx, "one CARD only");
			ref = value;
		} else {
			nchanges++;
		}
	}
	if (ref == NULL)
		return cli_usage_error(ctx, "which CARD?");
	if (nchanges == 0)
		return cli_usage_error(ctx, "nothing to change: give --set, --add or --remove");

	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	int64_t card_id;
	status = cli_card(ctx, db, ref, false, &card_id);
	if (status != CLI_EXIT_OK)
		return status;

	struct card card;
	char *cause = NULL;
	enum rdx_status rs = card_load(db, card_id, &card, &cause);
	if (rs != RDX_OK) {
		card_done(&card);
		return cli_fail(rs, cause);
	}
	int64_t revision = card.revision;
	bool name_changed = false, parts_set = false;

	cli_parser_init(&p, ctx, argc, argv, edit_options);
	while (status == CLI_EXIT_OK && (id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_ARG)
			continue;
		name_changed = name_changed || strncmp(value, "name=", 5) == 0;
		parts_set = parts_set || strncmp(value, "given=", 6) == 0 || strncmp(value, "family=", 7) == 0;
		status = edit_apply(ctx, &card, (enum edit_op)id, value);
	}
	if (status == CLI_EXIT_OK && name_changed) {
		/* A new display name re-derives the sort name unless given/family
		 * were set explicitly in the same edit. */
		if (!parts_set) {
			card_set(&card.given, "");
			card_set(&card.family, "");
			card_split_name(&card);
		}
	}
	if (status == CLI_EXIT_OK)
		status = validate(&card);
	if (status == CLI_EXIT_OK) {
		rs = card_update(db, &card, revision, ctx->now, &cause);
		if (rs != RDX_OK)
			status = cli_fail(rs, cause);
	}
	card_done(&card);
	return status;
}

/* ---- delete, restore ------------------------------------------------- */

enum { DELETE_PURGE = 1 };

static const struct cli_option delete_options[] = {
	{ .name = "purge", .id = DELETE_PURGE },
	{ .name = NULL },
};

/* Parses "COMMAND CARD [flags]": exactly one CARD. */
static int parse_card_command(struct cli_ctx *ctx, int argc, char **argv, const struct cli_option *options,
			      const char **ref, bool *flag)
{
	struct cli_parser p;
	const char *value;
	int id;
	*ref = NULL;
	if (flag != NULL)
		*flag = false;
	cli_parser_init(&p, ctx, argc, argv, options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit == CLI_EXIT_OK ? -1 : p.exit;
		if (id == CLI_ARG) {
			if (*ref != NULL)
				return cli_usage_error(ctx, "one CARD only");
			*ref = value;
		} else if (flag != NULL) {
			*flag = true;
		}
	}
	if (*ref == NULL)
		return cli_usage_error(ctx, "which CARD?");
	return CLI_EXIT_OK;
}

/* The card's display name for a confirmation, sanitized.  Caller frees. */
static char *card_label(struct db *db, int64_t id)
{
	struct card card;
	char *label;
	if (card_load(db, id, &card, NULL) == RDX_OK)
		label = text_sanitize(card.name, false);
	else
		label = xasprintf("#%lld", (long long)id);
	card_done(&card);
	return label;
}

int cmd_delete(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *ref;
	bool purge;
	int status = parse_card_command(ctx, argc, argv, delete_options, &ref, &purge);
	if (status != CLI_EXIT_OK)
		return status < 0 ? CLI_EXIT_OK : status;

	struct db *db;
	status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	int64_t id;
	status = cli_card(ctx, db, ref, purge, &id);
	if (status != CLI_EXIT_OK)
		return status;
	char *label = card_label(db, id);
	char *cause = NULL;
	enum rdx_status rs;
	if (purge) {
		rs = card_purge(db, id, &cause);
		if (rs == RDX_OK)
			fprintf(ctx->out, "erased %s (#%lld) for good\n", label, (long long)id);
	} else {
		rs = card_trash(db, id, ctx->now, &cause);
		if (rs == RDX_OK)
			fprintf(ctx->out, "moved %s (#%lld) to the trash; rolodex restore %lld brings it back\n", label,
				(long long)id, (long long)id);
	}
	free(label);
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
}

static const struct cli_option restore_options[] = {
	{ .name = NULL },
};

int cmd_restore(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *ref;
	int status = parse_card_command(ctx, argc, argv, restore_options, &ref, NULL);
	if (status != CLI_EXIT_OK)
		return status < 0 ? CLI_EXIT_OK : status;

	struct db *db;
	status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	int64_t id;
	status = cli_card(ctx, db, ref, true, &id);
	if (status != CLI_EXIT_OK)
		return status;
	char *label = card_label(db, id);
	char *cause = NULL;
	enum rdx_status rs = card_restore(db, id, ctx->now, &cause);
	if (rs == RDX_OK)
		fprintf(ctx->out, "restored %s (#%lld)\n", label, (long long)id);
	free(label);
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
}
