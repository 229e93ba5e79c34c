/*
 * cmd_calendar.c - reminders where the user already looks: `calendar`
 * writes birthdays, due contacts and the review day as iCalendar events
 * (a file or a vdir, calendar.h), `remind` prints a short digest of what
 * needs attention, for cron or the desktop (notify-send).
 */
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "rolodex/calendar.h"
#include "rolodex/config.h"
#include "rolodex/date.h"
#include "rolodex/listing.h"
#include "rolodex/review.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

extern char **environ;

/* Reads the config; a line no command understands is reported and
 * skipped (as the browser does), so a typo does not stop a cron job. */
static struct config_file *read_config(struct cli_ctx *ctx)
{
	struct config_file *config;
	char *cause = NULL;
	if (config_file_read(ctx->config_path, &config, &cause) != RDX_OK) {
		cli_error("config: %s", cause);
		free(cause);
	}
	return config;
}

/* The calendar's settings from the config; CLI_EXIT_ERROR after saying
 * which line is wrong. */
static int calendar_config(struct cli_ctx *ctx, struct calendar_options *opt)
{
	struct config_file *config = read_config(ctx);
	char *cause = NULL;
	enum rdx_status rs = config_file_time(config, "calendar_alarm", &opt->alarm_minutes, &cause);
	if (rs == RDX_OK)
		rs = config_file_bool(config, "calendar_include_note", &opt->include_note, &cause);
	const char *review_day = config_file_get(config, "review_day");
	if (rs == RDX_OK && review_day != NULL && !review_day_parse(review_day, &opt->review_day))
		rs = config_file_invalid(config, "review_day",
					 "a day of the month from 1 to 28, or first, second, third, fourth or last and "
					 "a weekday, such as first saturday",
					 &cause);
	config_file_free(config);
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
}

/* --days N: 0 to 3660. */
static bool parse_days(const char *value, int *days)
{
	char *end;
	long n = strtol(value, &end, 10);
	if (*value < '0' || *value > '9' || *end != '\0' || n > 3660)
		return false;
	*days = (int)n;
	return true;
}

enum { CAL_OUTPUT = 1, CAL_VDIR, CAL_DAYS, CAL_NO_BIRTHDAYS, CAL_NO_DUE, CAL_NO_REVIEW };

static const struct cli_option calendar_options[] = {
	{ .name = "output", .letter = 'o', .has_value = true, .is_path = true, .id = CAL_OUTPUT },
	{ .name = "vdir", .has_value = true, .is_path = true, .id = CAL_VDIR },
	{ .name = "days", .has_value = true, .id = CAL_DAYS },
	{ .name = "no-birthdays", .id = CAL_NO_BIRTHDAYS },
	{ .name = "no-due", .id = CAL_NO_DUE },
	{ .name = "no-review", .id = CAL_NO_REVIEW },
	{ .name = NULL },
};

int cmd_calendar(struct cli_ctx *ctx, int argc, char **argv)
{
	struct calendar_options opt;
	const char *output = NULL, *vdir = NULL, *value;
	struct cli_parser p;
	int id;

	calendar_options_default(&opt, ctx->today, ctx->now);
	cli_parser_init(&p, ctx, argc, argv, calendar_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			return cli_usage_error(ctx, "unexpected argument '%s'", value);
		case CAL_OUTPUT:
			output = value;
			break;
		case CAL_VDIR:
			vdir = value;
			break;
		case CAL_DAYS:
			if (!parse_days(value, &opt.days))
				return cli_usage_error(ctx, "--days takes a number from 0 to 3660, not '%s'", value);
			break;
		case CAL_NO_BIRTHDAYS:
			opt.birthdays = false;
			break;
		case CAL_NO_DUE:
			opt.due = false;
			break;
		case CAL_NO_REVIEW:
			opt.review = false;
			break;
		}
	}
	if ((output == NULL) == (vdir == NULL))
		return cli_usage_error(ctx, "give either -o FILE.ics or --vdir DIR");
	if ((output != NULL && *output == '\0') || (vdir != NULL && *vdir == '\0'))
		return cli_usage_error(ctx, "the file or folder name is empty");
	int status = calendar_config(ctx, &opt);
	if (status != CLI_EXIT_OK)
		return status;

	struct db *db;
	status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	char *cause = NULL;
	enum rdx_status rs;
	if (output != NULL) {
		size_t count;
		rs = calendar_write_file(db, output, &opt, &count, &cause);
		/* Quiet when piped: a cron job mails only trouble. */
		if (rs == RDX_OK && ctx->tty)
			fprintf(ctx->out, "%zu %s written to %s\n", count, count == 1 ? "event" : "events", output);
	} else {
		struct calendar_vdir_report report;
		rs = calendar_write_vdir(db, vdir, &opt, &report, &cause);
		if (rs == RDX_OK && ctx->tty)
			fprintf(ctx->out, "%zu %s in %s: %zu written, %zu unchanged, %zu removed\n", report.events,
				report.events == 1 ? "event" : "events", vdir, report.written, report.unchanged,
				report.removed);
	}
	return rs == RDX_OK ? CLI_EXIT_OK : cli_fail(rs, cause);
}

/* ---- remind ------------------------------------------------------------ */

/* Due contacts and birthdays listed by name in the digest; the rest are
 * counted. */
#define REMIND_SHOWN 10

/* A growing string. */
struct text_buf {
	char *s;
	size_t len;
};

struct digest {
	int today;
	size_t due_count, birthday_count;
	struct text_buf due, birthdays;
};

static void text_add(struct text_buf *t, const char *s)
{
	size_t n = strlen(s);
	t->s = xrealloc(t->s, t->len + n + 1);
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

static int digest_due(void *arg, const struct listing_row *row)
{
	struct digest *d = arg;
	const struct card_status *st = &row->status;
	char rhythm[64], line[CARD_NAME_MAX * 4 + 160];

	if (++d->due_count > REMIND_SHOWN)
		return 0;
	char *name = text_sanitize(row->name, false);
	cadence_describe(&st->cadence, rhythm, sizeof rhythm);
	if (st->contacted) {
		char when[32];
		date_format_short(st->last_date, d->today, when, sizeof when);
		snprintf(line, sizeof line, "  %s (%s, last %s on %s)\n", name, rhythm, st->last_channel, when);
	} else {
		snprintf(line, sizeof line, "  %s (%s, never contacted)\n", name, rhythm);
	}
	free(name);
	text_add(&d->due, line);
	return 0;
}

static int digest_birthday(void *arg, const struct listing_row *row)
{
	struct digest *d = arg;
	char date[32], when[32], age[32] = "", line[CARD_NAME_MAX * 4 + 160];

	if (++d->birthday_count > REMIND_SHOWN)
		return 0;
	char *name = text_sanitize(row->name, false);
	date_format_short(row->birthday_next, d->today, date, sizeof date);
	date_describe_relative(row->birthday_next, d->today, when, sizeof when);
	int turns = birthday_next_age(&row->birthday, d->today);
	if (turns > 0)
		snprintf(age, sizeof age, ", turns %d", turns);
	snprintf(line, sizeof line, "  %s, %s: %s%s\n", when, date, name, age);
	free(name);
	text_add(&d->birthdays, line);
	return 0;
}

/* Where a program is on $PATH, or NULL (caller frees). */
static char *find_program(const char *name)
{
	const char *path = getenv("PATH");
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path; *p != '\0';) {
		size_t n = strcspn(p, ":");
		char *candidate = xasprintf("%.*s/%s", (int)n, p, name);
		if (n > 0 && access(candidate, X_OK) == 0)
			return candidate;
		free(candidate);
		p += n;
		if (*p == ':')
			p++;
	}
	return NULL;
}

/* The body of a notification is markup for most notification daemons. */
static char *markup_escape(const char *s)
{
	struct text_buf t = { 0 };
	text_add(&t, "");
	for (; *s != '\0'; s++) {
		char one[2] = { *s, '\0' };
		text_add(&t, *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : one);
	}
	return t.s;
}

static int notify(const char *title, const char *body)
{
	char *program = find_program("notify-send");
	if (program == NULL)
		return cli_error("notify-send was not found on PATH (on Debian it is in the package libnotify-bin); "
				 "the digest was printed instead");
	char *escaped = markup_escape(body);
	char *title_arg = xstrdup(title); /* posix_spawn's argv is not const */
	char app_name[] = "--app-name=rolodex", end_options[] = "--";
	char *args[] = { program, app_name, end_options, title_arg, escaped, NULL };
	pid_t pid;
	int wstatus = 0;
	int err = posix_spawn(&pid, program, NULL, NULL, args, environ);
	if (err == 0) {
		while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
			;
	}
	free(escaped);
	free(title_arg);
	free(program);
	if (err != 0)
		return cli_error("cannot run notify-send: %s", strerror(err));
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
		return cli_error("notify-send failed (is there a desktop session? from cron it needs "
				 "DBUS_SESSION_BUS_ADDRESS)");
	return CLI_EXIT_OK;
}

enum { REMIND_DAYS = 1, REMIND_NOTIFY };

static const struct cli_option remind_options[] = {
	{ .name = "days", .has_value = true, .id = REMIND_DAYS },
	{ .name = "notify", .id = REMIND_NOTIFY },
	{ .name = NULL },
};

int cmd_remind(struct cli_ctx *ctx, int argc, char **argv)
{
	int days = 7;
	bool notify_desktop = false;
	const char *value;
	struct cli_parser p;
	int id;

	cli_parser_init(&p, ctx, argc, argv, remind_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			return cli_usage_error(ctx, "unexpected argument '%s'", value);
		case REMIND_DAYS:
			if (!parse_days(value, &days) || days > 366)
				return cli_usage_error(ctx, "--days takes a number from 0 to 366, not '%s'", value);
			break;
		case REMIND_NOTIFY:
			notify_desktop = true;
			break;
		}
	}

	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	struct digest d = { .today = ctx->today };
	char *cause = NULL, *review = NULL;
	struct card_filter due_filter = { .due_only = true, .today = ctx->today };
	struct card_filter birthday_filter = { .has_birthday = true, .today = ctx->today };
	enum rdx_status rs = listing_due(db, &due_filter, 0, digest_due, &d, &cause);
	if (rs == RDX_OK)
		rs = listing_birthdays(db, &birthday_filter, days, 0, digest_birthday, &d, &cause);
	if (rs == RDX_OK)
		rs = review_reminder_command(db, ctx->today, (int64_t)d.due_count, &review, &cause);
	if (rs != RDX_OK) {
		free(d.due.s);
		free(d.birthdays.s);
		return cli_fail(rs, cause);
	}

	struct text_buf digest = { 0 };
	char line[128];
	text_add(&digest, "");
	if (d.due_count > 0) {
		snprintf(line, sizeof line, "Reach out (%zu due):\n", d.due_count);
		text_add(&digest, line);
		text_add(&digest, d.due.s);
		if (d.due_count > REMIND_SHOWN) {
			snprintf(line, sizeof line, "  and %zu more: rolodex due\n", d.due_count - REMIND_SHOWN);
			text_add(&digest, line);
		}
	}
	if (d.birthdays.len > 0) {
		if (days == 0)
			snprintf(line, sizeof line, "Birthdays today:\n");
		else
			snprintf(line, sizeof line, "Birthdays in the next %d %s:\n", days, days == 1 ? "day" : "days");
		text_add(&digest, line);
		text_add(&digest, d.birthdays.s);
		if (d.birthday_count > REMIND_SHOWN) {
			snprintf(line, sizeof line, "  and %zu more: rolodex birthdays --days %d\n",
				 d.birthday_count - REMIND_SHOWN, days);
			text_add(&digest, line);
		}
	}
	if (review != NULL) {
		text_add(&digest, review);
		text_add(&digest, "\n");
	}
	free(d.due.s);
	free(d.birthdays.s);
	free(review);

	/* Nothing needs attention: no output, so cron sends no mail. */
	status = CLI_EXIT_OK;
	if (digest.len > 0) {
		if (notify_desktop) {
			status = notify("rolodex", digest.s);
			if (status != CLI_EXIT_OK)
				fputs(digest.s, ctx->out);
		} else {
			fputs(digest.s, ctx->out);
		}
	}
	free(digest.s);
	return status;
}
