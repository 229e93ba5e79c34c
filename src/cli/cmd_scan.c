/*
 * cmd_scan.c - `rolodex scan`: touches found in mail, calendars and
 * LinkedIn messages (the work is src/io/scan.c); prints the report, the
 * touches a --dry-run would add, or with --unknown the people written to
 * most who have no card.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "rolodex/config.h"
#include "rolodex/date.h"
#include "rolodex/scan.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

enum { SCAN_ME = 1, SCAN_SINCE, SCAN_RECEIVED, SCAN_DRY, SCAN_FILES_FROM, SCAN_RECURSIVE, SCAN_UNKNOWN, SCAN_QUIET };

static const struct cli_option scan_options[] = {
	{ .name = "me", .has_value = true, .id = SCAN_ME },
	{ .name = "since", .has_value = true, .id = SCAN_SINCE },
	{ .name = "received", .id = SCAN_RECEIVED },
	{ .name = "dry-run", .id = SCAN_DRY },
	{ .name = "files-from", .has_value = true, .is_path = true, .id = SCAN_FILES_FROM },
	{ .name = "recursive", .letter = 'r', .id = SCAN_RECURSIVE },
	{ .name = "unknown", .id = SCAN_UNKNOWN },
	{ .name = "quiet", .letter = 'q', .id = SCAN_QUIET },
	{ .name = NULL },
};

/* One touch a dry run would add: "2026-10-14  Ada Lovelace  email · from mail  Re: lunch?" */
static void print_added(struct cli_ctx *ctx, const struct scan_added *a)
{
	char date[DATE_TEXT_SIZE];
	date_format(a->day, date);
	fprintf(ctx->out, "%s  ", date);
	cli_put_padded(ctx, a->card_name, 24);
	fprintf(ctx->out, "  %s · %s  ", channel_name(a->channel), touch_origin_phrase(a->origin));
	char *note = text_sanitize(a->note, false);
	cli_put(ctx, note, false);
	free(note);
	fputs(a->joined ? "  (joins a touch that day)\n" : "\n", ctx->out);
}

static void print_unknown(struct cli_ctx *ctx, const struct scan_report *r)
{
	for (size_t i = 0; i < r->nunknown; i++) {
		const struct scan_unknown *u = &r->unknown[i];
		char date[DATE_TEXT_SIZE] = "";
		if (u->last_day >= 0)
			date_format(u->last_day, date);
		cli_put_padded(ctx, u->name, 24);
		fputs("  ", ctx->out);
		cli_put_padded(ctx, u->address, 32);
		fprintf(ctx->out, "  %5zu  %s\n", u->count, date);
	}
}

static void print_problems(const struct scan_report *r)
{
	for (size_t i = 0; i < r->nproblems; i++) {
		char *where = text_sanitize(r->problems[i].where, false);
		char *what = text_sanitize(r->problems[i].what, false);
		fprintf(stderr, "rolodex: %s: %s\n", where, what);
		free(where);
		free(what);
	}
}

/* "1 touch", "2 touches". */
static void count(FILE *f, size_t n, const char *one, const char *many)
{
	fprintf(f, "%zu %s", n, n == 1 ? one : many);
}

static void print_summary(struct cli_ctx *ctx, const struct scan_options *o, const struct scan_report *r)
{
	FILE *f = ctx->out;
	fputs("read ", f);
	count(f, r->messages, "message", "messages");
	fputs(", ", f);
	count(f, r->events, "event", "events");
	fputs(" and ", f);
	count(f, r->linkedin, "LinkedIn message", "LinkedIn messages");
	if (r->nproblems > 0) {
		fputs("; ", f);
		count(f, r->nproblems, "could not be used", "could not be used");
		fputs(" (on standard error)", f);
	}
	fputs(o->dry_run ? "\nwould add " : "\nadded ", f);
	count(f, r->touches_added, "touch", "touches");
	fputs(" for ", f);
	count(f, r->cards, "card", "cards");
	if (r->touches_joined > 0) {
		fputs(" (", f);
		count(f, r->touches_joined, "more joins a touch", "more join touches");
		fputs(" the card had that day)", f);
	}
	fputs(o->dry_run ? "; nothing was changed\n" : "\n", f);
	if (r->unknown_addresses > 0) {
		count(f, r->unknown_addresses, "address is", "addresses are");
		fputs(" on no card (rolodex scan --unknown lists them)\n", f);
	}
}

/* No address of the user's: says which it would take; on a terminal asks
 * to take the first.  True when the user said yes. */
static bool confirm_me(const struct scan_report *r, bool stdin_is_input)
{
	fputs("rolodex: which addresses are yours?  Give --me ADDRESS (repeatable) or put\n"
	      "  me = ADDRESS, ADDRESS in the config.\n",
	      stderr);
	if (r->nsuggested == 0)
		return false;
	fputs("  The most frequent senders here:\n", stderr);
	for (size_t i = 0; i < r->nsuggested && i < 3; i++) {
		char *a = text_sanitize(r->suggested[i].address, false);
		fprintf(stderr, "    %s (%zu %s)\n", a, r->suggested[i].count,
			r->suggested[i].count == 1 ? "message" : "messages");
		free(a);
	}
	if (stdin_is_input || !isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return false;
	char *a = text_sanitize(r->suggested[0].address, false);
	fprintf(stderr, "Scan as %s? [y/N] ", a);
	free(a);
	char answer[16];
	return fgets(answer, sizeof answer, stdin) != NULL && (answer[0] == 'y' || answer[0] == 'Y');
}

/*
 * The config's `me` (addresses separated by commas or spaces, added to
 * me[] unless --me gave some: *owned keeps them for freeing) and
 * `scan_received`.  A bad line is a warning: the scan still runs.
 */
static void read_config(struct cli_ctx *ctx, struct scan_options *o, const char ***me, char **owned)
{
	struct config_file *config = NULL;
	char *cause = NULL;
	if (config_file_read(ctx->config_path, &config, &cause) != RDX_OK) {
		char *text = text_sanitize(cause != NULL ? cause : "", false);
		fprintf(stderr, "rolodex: %s\n", text);
		free(text);
		free(cause);
		cause = NULL;
	}
	const char *value = config_file_get(config, "me");
	if (value != NULL && o->nme == 0) {
		*owned = xstrdup(value);
		/* At most one address per two bytes of the value. */
		*me = xrealloc(*me, (strlen(value) / 2 + 2) * sizeof **me);
		for (char *save = NULL, *a = strtok_r(*owned, ", \t", &save); a != NULL; a = strtok_r(NULL, ", \t", &save))
			(*me)[o->nme++] = a;
	}
	bool received = false;
	if (config_file_bool(config, "scan_received", &received, &cause) != RDX_OK) {
		char *text = text_sanitize(cause != NULL ? cause : "", false);
		fprintf(stderr, "rolodex: %s\n", text);
		free(text);
		free(cause);
	}
	o->received = o->received || received;
	config_file_free(config);
}

/* Seconds into the day, local time: events that started before now are
 * past.  With ROLODEX_TODAY the day is fixed and starts at midnight. */
static int seconds_today(void)
{
	const char *fixed = getenv("ROLODEX_TODAY");
	if (fixed != NULL && fixed[0] != '\0')
		return 0;
	time_t t = time(NULL);
	struct tm tm;
	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

int cmd_scan(struct cli_ctx *ctx, int argc, char **argv)
{
	const char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
	/* --me values, else the config's addresses. */
	const char **me = NULL;
	char *config_me = NULL;
	struct scan_options o = { .since = -1, .today = ctx->today, .seconds = seconds_today(), .now = ctx->now };
	bool quiet = false;
	struct cli_parser p;
	const char *value;
	int id;
	int status = CLI_EXIT_OK;

	me = xcalloc((size_t)argc + 1, sizeof *me);
	cli_parser_init(&p, ctx, argc, argv, scan_options);
	p.positional_paths = true;
	while (status == CLI_EXIT_OK && (id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			free(paths);
			free(me);
			return p.exit;
		case CLI_ARG:
			paths[o.npaths++] = value;
			break;
		case SCAN_ME:
			if (strchr(value, '@') == NULL)
				status = cli_usage_error(ctx, "--me needs a mail address (got '%s')", value);
			else
				me[o.nme++] = value;
			break;
		case SCAN_SINCE:
			if (!date_parse(value, &o.since))
				status = cli_usage_error(ctx, "--since needs a date as YYYY-MM-DD");
			break;
		case SCAN_RECEIVED:
			o.received = true;
			break;
		case SCAN_DRY:
			o.dry_run = true;
			break;
		case SCAN_FILES_FROM:
			o.files_from = value;
			break;
		case SCAN_RECURSIVE:
			o.recursive = true;
			break;
		case SCAN_UNKNOWN:
			o.unknown = true;
			break;
		case SCAN_QUIET:
			quiet = true;
			break;
		}
	}
	bool stdin_is_input = o.files_from != NULL && strcmp(o.files_from, "-") == 0;
	for (size_t i = 0; i < o.npaths; i++)
		stdin_is_input = stdin_is_input || strcmp(paths[i], "-") == 0;
	if (status == CLI_EXIT_OK && o.npaths == 0 && o.files_from == NULL)
		status = cli_usage_error(ctx, "what should be scanned? (a Maildir, an mbox, a calendar, "
					      "LinkedIn's messages.csv, - or --files-from)");
	struct db *db = NULL;
	if (status == CLI_EXIT_OK)
		status = cli_db(ctx, o.unknown ? CLI_READ : CLI_WRITE, &db);
	if (status != CLI_EXIT_OK) {
		free(paths);
		free(me);
		return status;
	}
	read_config(ctx, &o, &me, &config_me);
	o.paths = paths;
	o.me = me;

	struct scan_report r;
	char *cause = NULL;
	enum rdx_status st = scan_run(db, &o, &r, &cause);
	if (st == RDX_OK && r.need_me) {
		if (confirm_me(&r, stdin_is_input)) {
			char *suggested = xstrdup(r.suggested[0].address);
			me[o.nme++] = suggested;
			scan_report_done(&r);
			st = scan_run(db, &o, &r, &cause);
			free(suggested);
		} else {
			scan_report_done(&r);
			free(paths);
			free(me);
			free(config_me);
			return CLI_EXIT_ERROR;
		}
	}
	free(paths);
	free(me);
	free(config_me);
	print_problems(&r);
	if (st != RDX_OK) {
		scan_report_done(&r);
		int rc = cli_fail(st, cause);
		if (!o.unknown)
			fputs("rolodex: nothing was recorded\n", stderr);
		return rc;
	}
	if (o.unknown) {
		print_unknown(ctx, &r);
	} else {
		if (o.dry_run)
			for (size_t i = 0; i < r.nadded; i++)
				print_added(ctx, &r.added[i]);
		if (!quiet || o.dry_run)
			print_summary(ctx, &o, &r);
	}
	scan_report_done(&r);
	return CLI_EXIT_OK;
}
