/*
 * cli.c - the command table and the helpers every command shares: option
 * parsing, opening the database on first use, resolving CARD arguments,
 * printing card text without letting control sequences reach a terminal,
 * and one-line error reports.
 *
 * `rolodex --help` and `rolodex NAME --help` are generated from the table
 * below, so the listing cannot drift from what dispatches.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rolodex/clock.h"
#include "rolodex/db.h"
#include "rolodex/journal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/*
 * The commands, one entry each; the order here is the order of
 * `rolodex --help`.
 */
const struct cli_command cli_commands[] = {
	{
		.name = "review",
		.summary = "open the monthly review, or resume the one in progress",
		.usage = "review [--all] [--tag T]\n"
			 "       rolodex review --status [--format text|json]\n"
			 "       rolodex review --abandon",
		.help = "  --all            every card: the due ones first, then all the others,\n"
			"                   longest untouched first\n"
			"  --tag T          only cards tagged T\n"
			"  --status         progress of the current review (or the last one), without\n"
			"                   a terminal: position, total, contacted, noted, snoozed,\n"
			"                   skipped, started_at, finished_at\n"
			"  --format F       with --status: text (default) or json\n"
			"  --abandon        drop the review in progress (what was done at its cards,\n"
			"                   touches and notes, stays); the next review starts afresh\n"
			"The queue is fixed when the review starts: cards that are due, birthdays in\n"
			"the next 30 days, and cards with a cadence never contacted.  Every step is\n"
			"saved at once; quitting (q) pauses, and `rolodex review` resumes.  A review\n"
			"resumed in a later month offers to refresh its queue or start over.",
		.run = cmd_review,
	},
	{
		.name = "add",
		.summary = "create a card and print its id",
		.usage = "add NAME [--email E]... [--phone P]... [--org O] [--title T] [--tag T]...\n"
			 "    [--birthday YYYY-MM-DD|--MM-DD] [--cadence C] [--note TEXT]",
		.help = "  --email E        an email address (repeatable); \"E;label=work\" adds a label\n"
			"  --phone P        a phone number (repeatable; \";label=mobile\" as for --email)\n"
			"  --org O          organization\n"
			"  --title T        job title\n"
			"  --tag T          a tag (repeatable)\n"
			"  --birthday D     YYYY-MM-DD, or --MM-DD when the year is unknown\n"
			"  --cadence C      keep-in-touch rhythm: 45d, 2w, 3m, 1y, monthly, quarterly,\n"
			"                   yearly, weekly or none\n"
			"  --note TEXT      a first note",
		.run = cmd_add,
	},
	{
		.name = "list",
		.summary = "list cards",
		.usage = "list [--due] [--tag T] [--search Q] [--trash] [--sort name|last|due]\n"
			 "    [--format table|tsv|json|emails|to]",
		.help = "  --due            only cards that are due\n"
			"  --tag T          only cards tagged T\n"
			"  --search Q       search names, organizations, titles, emails, phone numbers\n"
			"                   (by their digits), tags and notes; Cyrillic and Greek names\n"
			"                   also by their Latin spelling.  Qualifiers: tag:T (tags\n"
			"                   starting with T), org:O, due:yes, due:no, is:trash,\n"
			"                   last:>6m (last contact longer ago, or never), last:<2w,\n"
			"                   last:never, last:2026 (a contact in 2026)\n"
			"  --trash          the trash instead of the live cards\n"
			"  --sort S         name (default); last: last contacted, longest ago first,\n"
			"                   never contacted before all; due: next due date, soonest\n"
			"                   first, cards without a rhythm last\n"
			"  --format F       table (default): aligned columns id, name, organization, email\n"
			"                   tsv: id, name, org, first email, then each tag, tab-separated,\n"
			"                        tabs and newlines inside values replaced by spaces\n"
			"                   json: an array of card objects (as show --format json)\n"
			"                   emails: \"Name <address>\" one per line, for an invitation\n"
			"                   to: the same as one comma-separated line for a mail's To:\n"
			"                       field, each address once; who has no email goes to\n"
			"                       standard error",
		.run = cmd_list,
	},
	{
		.name = "show",
		.summary = "show one card with its notes and touches",
		.usage = "show CARD [--format text|json|vcard]",
		.help = "  --format F       text (default): the card, then touches and notes, newest first\n"
			"                   json: one card object (see rolodex(1) for its keys)\n"
			"                   vcard: a vCard 4.0, as export writes it",
		.run = cmd_show,
	},
	{
		.name = "edit",
		.summary = "change a card's fields",
		.usage = "edit CARD [--set FIELD=VALUE]... [--add FIELD=VALUE]... [--remove FIELD=VALUE]...",
		.help = "  --set FIELD=VALUE     replace a field; an empty VALUE clears it\n"
			"  --add FIELD=VALUE     add a value to a multi-valued field\n"
			"  --remove FIELD=VALUE  remove a value from a multi-valued field\n"
			"Single fields: name, given, family, nickname, org, title, how_met,\n"
			"  birthday (YYYY-MM-DD or --MM-DD), cadence (3m, 45d, none, inherit),\n"
			"  snooze (YYYY-MM-DD; empty to clear).\n"
			"Multi-valued fields: email, phone, url, address (VALUE may end in\n"
			"  \";label=LABEL\"), and tags.  --set email=E replaces all emails with E;\n"
			"  --set tags=a,b replaces the tags; --add tag=x and --remove tag=x change one.",
		.run = cmd_edit,
	},
	{
		.name = "contacted",
		.summary = "record that you contacted someone",
		.usage = "contacted CARD [--via CHANNEL] [--date DATE] [--note TEXT]\n"
			 "       rolodex contacted --edit TOUCH_ID [--via CHANNEL] [--date DATE] [--note TEXT]\n"
			 "       rolodex contacted --delete TOUCH_ID",
		.help = "  --via CHANNEL    email, call, coffee, lunch, meeting, card, message, event\n"
			"                   or other (default: other)\n"
			"  --date DATE      the day of the contact (default: today): YYYY-MM-DD, today,\n"
			"                   yesterday, a weekday (mon = the last Monday), -3d, -2w,\n"
			"                   2 Dec; never in the future\n"
			"  --note TEXT      what it was about\n"
			"  --edit TOUCH_ID  correct a touch (ids: show CARD --format json); what is not\n"
			"                   given stays as it was\n"
			"  --delete TOUCH_ID  delete a touch\n"
			"The card's last contact and due date follow at once.",
		.run = cmd_contacted,
	},
	{
		.name = "note",
		.summary = "add a note to a card, or correct or delete one",
		.usage = "note CARD [TEXT]\n"
			 "       rolodex note --edit NOTE_ID [TEXT]\n"
			 "       rolodex note --delete NOTE_ID",
		.help = "  TEXT             the note; read from standard input when omitted\n"
			"  --edit NOTE_ID   replace a note's text (ids: show CARD --format json)\n"
			"  --delete NOTE_ID delete a note",
		.run = cmd_note,
	},
	{
		.name = "undo",
		.summary = "take back the last change, or list the recent ones",
		.usage = "undo\n"
			 "       rolodex undo --list [--limit N] [--format text|json]",
		.help = "  --list           the recent changes, newest first (the journal keeps the last\n"
			"                   100, and every change of the last 90 days)\n"
			"  --limit N        with --list: at most N changes (default 20)\n"
			"  --format F       with --list: text (default) or json (ISO dates)\n"
			"Each change is one action: a touch (or a bulk touch on marked cards), a note\n"
			"added, edited or deleted, a card edited, trashed or restored, a rhythm, a\n"
			"snooze, a merge, a whole import.  Undo again goes further back.  It refuses,\n"
			"changing nothing, when what the change wrote was changed since by a sync or\n"
			"another program.",
		.run = cmd_undo,
	},
	{
		.name = "due",
		.summary = "list the cards due for a touch",
		.usage = "due",
		.help = NULL,
		.run = cmd_due,
	},
	{
		.name = "birthdays",
		.summary = "list the coming birthdays",
		.usage = "birthdays [--days N]",
		.help = "  --days N         how far ahead to look (default 30, at most 366)",
		.run = cmd_birthdays,
	},
	{
		.name = "calendar",
		.summary = "write birthdays, due contacts and the review day as calendar events",
		.usage = "calendar (-o FILE.ics | --vdir DIR) [--days N] [--no-birthdays] [--no-due]\n"
			 "                 [--no-review]",
		.help = "  -o FILE.ics      one iCalendar file, to import into a calendar program;\n"
			"                   a file rolodex did not write is never replaced\n"
			"  --vdir DIR       one .ics per event, for khal and vdirsyncer; a second run\n"
			"                   rewrites only the events that changed and removes those\n"
			"                   that are gone, never touching files it did not write\n"
			"  --days N         due contacts up to N days ahead (default 60)\n"
			"  --no-birthdays, --no-due, --no-review   leave those events out\n"
			"Birthdays recur yearly; a contact appears on the day it falls due (today\n"
			"when overdue, the end of a snooze when snoozed); the review day recurs\n"
			"monthly.  Config keys: review_day (first saturday, or 15), calendar_alarm\n"
			"(9:00, or none), calendar_include_note (off: notes stay out of events).\n"
			"For cron:  0 6 * * *  rolodex calendar --vdir ~/.calendars/rolodex",
		.run = cmd_calendar,
	},
	{
		.name = "remind",
		.summary = "a short digest of what needs attention, for cron or the desktop",
		.usage = "remind [--days N] [--notify]",
		.help = "  --days N         birthdays up to N days ahead (default 7)\n"
			"  --notify         send the digest to the desktop through notify-send\n"
			"Lists the contacts that are due, the coming birthdays, and a reminder when\n"
			"the last review is over a month old.  Prints nothing when nothing needs\n"
			"attention, so cron sends no mail:\n"
			"  0 8 * * *  rolodex remind",
		.run = cmd_remind,
	},
	{
		.name = "tags",
		.summary = "list every tag with its number of cards and default rhythm",
		.usage = "tags [--format table|json]",
		.help = "  --format F       table (default): tag, cards, rhythm;\n"
			"                   json: an array of {name, cards, cadence}",
		.run = cmd_tags,
	},
	{
		.name = "tag",
		.summary = "rename a tag on every card, or set the rhythm its cards inherit",
		.usage = "tag --rename OLD NEW\n"
			 "       rolodex tag --cadence TAG RHYTHM",
		.help = "  --rename OLD NEW     OLD becomes NEW on every card (the trash included);\n"
			"                       a card with both keeps one\n"
			"  --cadence TAG R      the default keep-in-touch rhythm of TAG's cards: 45d, 2w,\n"
			"                       3m, 1y, monthly, quarterly, yearly, weekly, or none to\n"
			"                       clear it.  A card's own rhythm wins; with several tags\n"
			"                       the shortest applies.",
		.run = cmd_tag,
	},
	{
		.name = "delete",
		.summary = "move a card to the trash, or erase a trashed card",
		.usage = "delete CARD [--purge]",
		.help = "  --purge          erase a card that is already in the trash, for good",
		.run = cmd_delete,
	},
	{
		.name = "restore",
		.summary = "take a card out of the trash",
		.usage = "restore CARD",
		.help = NULL,
		.run = cmd_restore,
	},
	{ .name = "duplicates", .summary = "list likely duplicate cards (same email, or same name and phone)", .usage = "duplicates [--format table|json]", .help = "  --format F       table (default): id, name, id, name, why; json: an array of\n                   {a: {id, name}, b: {id, name}, reason}\nMerge a pair with rolodex merge CARD INTO-CARD.", .run = cmd_duplicates },
	{ .name = "merge", .summary = "merge a card into another, notes and touches included", .usage = "merge CARD INTO-CARD", .help = "Empty fields of INTO-CARD are filled from CARD; emails, phones, tags and\nkept vCard properties are joined; notes and touches move.  Values both hold\ndifferently stay as INTO-CARD has them and CARD's go into a note.  CARD goes\nto the trash.", .run = cmd_merge },
	/* import, export, sync, query, add-email: cmd_io.c adds its entries here */
	{
		.name = "import",
		.summary = "bring in vCard, vdir or CSV (LinkedIn, Google, Outlook) contacts",
		.usage = "import FILE|DIR... [--tag T] [--dry-run] [--skip-bad] [--format auto|vcard|csv]",
		.help = "  --tag T          tag every imported card (e.g. acme-alumni)\n"
			"  --dry-run        report what would happen; change nothing\n"
			"  --skip-bad       import the good cards and list the bad ones\n"
			"                   (default: one bad card and nothing is imported; a full\n"
			"                   disk or a read error always ends the import, unchanged)\n"
			"  --format F       auto (from the content), vcard or csv\n"
			"  -q, --quiet      list only problems\n"
			"Files in UTF-8, UTF-16 (with or without a byte-order mark) or Windows-1252;\n"
			"Outlook CSV in English, German, French, Spanish, Italian, Dutch, Portuguese.\n"
			"Cards that match one in the rolodex (UID, email, LinkedIn profile, name and\n"
			"phone, or the same entry imported before) are merged: missing fields filled,\n"
			"organization and title taken from the file, notes and touches kept.  The\n"
			"same file imported again changes nothing.  FILE - reads stdin.",
		.run = cmd_import,
	},
	{
		.name = "export",
		.summary = "write every card out as vCard, CSV or JSON",
		.usage = "export [--format vcard|csv|json] [--vcard-version 3.0|4.0] [-o FILE [--force]] [--vdir DIR]",
		.help = "  --format F       vcard (default), csv or json\n"
			"  --vcard-version  4.0 (default) or 3.0\n"
			"  -o FILE          write to FILE (0600) instead of standard output;\n"
			"                   an existing FILE is refused unless --force\n"
			"  --vdir DIR       one .vcf per card in DIR (khard, vdirsyncer)",
		.run = cmd_export,
	},
	{
		.name = "sync",
		.summary = "sync both ways with a vdir (vdirsyncer, khard)",
		.usage = "sync DIR",
		.help = "Changes on either side since the last sync are carried over; a card\n"
			"changed on both sides keeps both versions (the folder's is tagged\n"
			"sync-conflict).",
		.run = cmd_sync,
	},
	{
		.name = "query",
		.summary = "addresses for mutt's query_command",
		.usage = "query STRING",
		.help = "Prints a status line, then address<TAB>name<TAB>organization lines.\n"
			"In muttrc: set query_command = \"rolodex query %s\"",
		.run = cmd_query,
	},
	{
		.name = "add-email",
		.summary = "add the sender of a mail read on standard input",
		.usage = "add-email [--tag T]",
		.help = "For a mutt macro:\n"
			"  macro index,pager A \"<pipe-message>rolodex add-email<enter>\"\n"
			"A known address merges into its card.",
		.run = cmd_add_email,
	},
	{
		.name = "scan",
		.summary = "find touches in sent mail, calendars and LinkedIn messages",
		.usage = "scan PATH... [--me ADDRESS]... [--since DATE] [--received] [--recursive]\n"
			 "    [--dry-run] [--files-from FILE|-] [--unknown] [-q]",
		.help = "  PATH             a Maildir, a folder of Maildirs (with --recursive), an mbox,\n"
			"                   an iCalendar file, a vdir calendar (khal, vdirsyncer),\n"
			"                   LinkedIn's messages.csv, or - (one message or an mbox on\n"
			"                   standard input); told apart by their content\n"
			"  --me ADDRESS     one of your addresses (repeatable; else `me =` in the config)\n"
			"  --since DATE     leave out what is older than DATE (YYYY-MM-DD)\n"
			"  --received       mail from a card's address to you counts too\n"
			"                   (config: scan_received = yes)\n"
			"  -r, --recursive  every Maildir under PATH (mbsync, offlineimap, Maildir++)\n"
			"  --dry-run        list the touches it would add; change nothing\n"
			"  --files-from F   message files one a line (- reads standard input), e.g.\n"
			"                   notmuch search --output=files from:me | rolodex scan --files-from -\n"
			"  --unknown        list the people you write to most who have no card\n"
			"                   (name, address, messages, last date); change nothing\n"
			"  -q, --quiet      print only problems\n"
			"Mail you sent to a card's address becomes an email touch on its Date's day\n"
			"(note: the Subject); a past event with a card among its attendees a meeting\n"
			"(coffee, lunch or call when its summary says so); a LinkedIn message a\n"
			"message.  One touch per card, day and channel.  Only headers are read.\n"
			"Scanning again adds nothing twice, and a found touch you delete is not\n"
			"found again.  A scan is all or nothing.",
		.run = cmd_scan,
	},
	{
		.name = "check",
		.summary = "check the database's integrity",
		.usage = "check",
		.help = "Reports problems and exits 1 on a damaged database; never writes.",
		.run = cmd_check,
	},
	{
		.name = "backup",
		.summary = "copy the database to a new file while in use",
		.usage = "backup FILE",
		.help = "  FILE             the new file (created 0600; an existing file is refused)",
		.run = cmd_backup,
	},
	{ .name = NULL },
};

const struct cli_command *cli_command_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name != NULL; c++) {
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

void cli_print_help(FILE *f)
{
	fputs("usage: rolodex [--db PATH] [COMMAND [ARGS...]]\n"
	      "       rolodex --version | --help | COMMAND --help\n"
	      "\n"
	      "A terminal rolodex.  Without a command it opens the card browser.\n"
	      "\n"
	      "Options:\n"
	      "  --db PATH        the database (default: $ROLODEX_DB, else\n"
	      "                   $XDG_DATA_HOME/rolodex/rolodex.db, ~/.local/share/...)\n"
	      "  --version        print the version, the SQLite version and journal mode\n"
	      "  --help           print this help\n"
	      "\n"
	      "Commands:\n",
	      f);
	int width = 0;
	for (const struct cli_command *c = cli_commands; c->name != NULL; c++) {
		int len = (int)strlen(c->name);
		if (len > width)
			width = len;
	}
	for (const struct cli_command *c = cli_commands; c->name != NULL; c++)
		fprintf(f, "  %-*s  %s\n", width, c->name, c->summary);
	fputs("\n"
	      "CARD is an id or an unambiguous part of a name.  ROLODEX_TODAY=YYYY-MM-DD\n"
	      "overrides today's date.  Exit status: 0 ok, 1 error, 2 usage error.\n"
	      "See rolodex COMMAND --help and rolodex(1).\n",
	      f);
}

void cli_print_command_help(FILE *f, const struct cli_command *command)
{
	fprintf(f, "usage: rolodex %s\n\n%s.\n", command->usage, command->summary);
	if (command->help != NULL)
		fprintf(f, "\n%s\n", command->help);
}

int cli_dispatch(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *command = cli_command_find(argv[0]);
	if (command == NULL) {
		cli_error("unknown command '%s' (see rolodex --help)", argv[0]);
		return CLI_EXIT_USAGE;
	}
	ctx->command = command;
	return command->run(ctx, argc, argv);
}

/* A newly allocated printf result. */
static char *vformat(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (len < 0)
		len = 0;
	char *text = xmalloc((size_t)len + 1);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	return text;
}

/* ---- options -------------------------------------------------------- */

void cli_parser_init(struct cli_parser *p, struct cli_ctx *ctx, int argc, char **argv,
		     const struct cli_option *options)
{
	*p = (struct cli_parser){
		.ctx = ctx,
		.argc = argc,
		.argv = argv,
		.index = 1,
		.options = options,
	};
}

static bool arg_is_utf8(const char *s)
{
	return text_valid_utf8(s, strlen(s));
}

static int parser_stop(struct cli_parser *p, int exit_status)
{
	p->exit = exit_status;
	return CLI_STOP;
}

int cli_next(struct cli_parser *p, const char **value)
{
	*value = NULL;
	if (p->index >= p->argc)
		return CLI_END;
	char *arg = p->argv[p->index++];

	if (p->options_done || arg[0] != '-' || arg[1] == '\0') {
		if (!p->positional_paths && !arg_is_utf8(arg))
			return parser_stop(p, cli_error("argument %d is not valid UTF-8", p->index - 1));
		*value = arg;
		return CLI_ARG;
	}
	if (strcmp(arg, "--") == 0) {
		p->options_done = true;
		return cli_next(p, value);
	}
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		cli_print_command_help(p->ctx->out, p->ctx->command);
		return parser_stop(p, CLI_EXIT_OK);
	}

	const struct cli_option *found = NULL;
	const char *inline_value = NULL;
	if (arg[1] == '-') {
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
		for (const struct cli_option *o = p->options; o != NULL && o->name != NULL; o++) {
			if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) {
				found = o;
				break;
			}
		}
		if (found != NULL && eq != NULL) {
			if (!found->has_value)
				return parser_stop(p, cli_usage_error(p->ctx, "option --%s takes no value", found->name));
			inline_value = eq + 1;
		}
	} else if (arg[2] == '\0') {
		for (const struct cli_option *o = p->options; o != NULL && o->name != NULL; o++) {
			if (o->letter != 0 && o->letter == arg[1]) {
				found = o;
				break;
			}
		}
	}
	if (found == NULL) {
		char *shown = text_sanitize(arg, false);
		int status = cli_usage_error(p->ctx, "unknown option '%s'", shown);
		free(shown);
		return parser_stop(p, status);
	}
	if (found->has_value) {
		if (inline_value == NULL) {
			if (p->index >= p->argc)
				return parser_stop(p, cli_usage_error(p->ctx, "option --%s needs a value", found->name));
			inline_value = p->argv[p->index++];
		}
		if (!found->is_path && !arg_is_utf8(inline_value))
			return parser_stop(p, cli_error("the value of --%s is not valid UTF-8", found->name));
		*value = inline_value;
	}
	return found->id;
}

int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *message = vformat(fmt, ap);
	va_end(ap);
	/* One line, as every error: the synopsis is one --help away. */
	if (ctx != NULL && ctx->command != NULL)
		cli_error("%s; see rolodex %s --help", message, ctx->command->name);
	else
		cli_error("%s; see rolodex --help", message);
	free(message);
	return CLI_EXIT_USAGE;
}

int cli_format(struct cli_ctx *ctx, const char *value, const char *const formats[], int *index)
{
	char names[256] = "";
	size_t used = 0;
	int n = 0;

	for (n = 0; formats[n] != NULL; n++) {
		if (strcmp(value, formats[n]) == 0) {
			*index = n;
			return CLI_EXIT_OK;
		}
	}
	for (int i = 0; i < n; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int w = snprintf(names + used, sizeof names - used, "%s%s", sep, formats[i]);
		if (w < 0 || (size_t)w >= sizeof names - used)
			break;
		used += (size_t)w;
	}
	return cli_usage_error(ctx, "unknown format '%s' (%s)", value, names);
}

int cli_format_json(struct cli_ctx *ctx, const char *value, const char *plain, bool *json)
{
	const char *const formats[] = { plain, "json", NULL };
	int index = 0;
	int usage = cli_format(ctx, value, formats, &index);
	*json = index == 1;
	return usage;
}

/* ---- errors --------------------------------------------------------- */

/* Messages quote user input (names, file names): never let them carry
 * escape sequences to the terminal, nor a newline that would split one
 * error into several lines unless the message is a list by design. */
static void error_print(const char *message, bool keep_newlines)
{
	char *clean = text_sanitize(message, keep_newlines);
	fflush(stdout);
	fprintf(stderr, "rolodex: %s\n", clean);
	free(clean);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *message = vformat(fmt, ap);
	va_end(ap);
	error_print(message, false);
	free(message);
	return CLI_EXIT_ERROR;
}

int cli_error_lines(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *message = vformat(fmt, ap);
	va_end(ap);
	error_print(message, true);
	free(message);
	return CLI_EXIT_ERROR;
}

int cli_fail(enum rdx_status status, char *cause)
{
	/* Candidates of an ambiguous name and integrity reports are lists. */
	error_print(rdx_cause_or_message(status, cause), status == RDX_AMBIGUOUS || status == RDX_CORRUPT);
	free(cause);
	return status == RDX_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
}

/* ---- database -------------------------------------------------------- */

/* 0 when the folder that would hold path exists, else the errno that says
 * why not (ENOTDIR when it is a file). */
static int parent_folder_exists(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	const char *folder = slash == NULL ? "." : (slash == dir ? "/" : (*slash = '\0', dir));
	struct stat st;
	int result = 0;
	if (stat(folder, &st) != 0)
		result = errno;
	else if (!S_ISDIR(st.st_mode))
		result = ENOTDIR;
	free(dir);
	return result;
}

/* Largest file the day's first writing open checks in full. */
#define CLI_DAILY_CHECK_MAX_BYTES (64LL * 1024 * 1024)

int cli_db(struct cli_ctx *ctx, enum cli_access mode, struct db **out)
{
	*out = NULL;
	if (ctx->db != NULL && (mode == CLI_READ || ctx->db_writable)) {
		*out = ctx->db;
		return CLI_EXIT_OK;
	}
	db_close(ctx->db);
	ctx->db = NULL;

	struct stat st;
	bool exists = stat(ctx->db_path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode))
		return cli_error("%s: is a directory, not a database file", ctx->db_path);
	if (!exists && errno != ENOENT)
		return cli_error("%s: %s", ctx->db_path, strerror(errno));
	if (exists && access(ctx->db_path, R_OK) != 0)
		return cli_error("%s: cannot read the database: %s", ctx->db_path, strerror(errno));

	if (!exists && ctx->db_path_explicit) {
		if (mode == CLI_READ)
			return cli_error("no rolodex at %s", ctx->db_path);
		int folder = parent_folder_exists(ctx->db_path);
		if (folder != 0)
			return cli_error("cannot create %s: its folder %s", ctx->db_path,
					 folder == ENOENT ? "does not exist" : folder == ENOTDIR ? "is not a folder" : strerror(folder));
	}

	/* Reading never creates anything: a rolodex that does not exist yet
	 * at the default place reads as an empty one. */
	const char *path = ctx->db_path;
	int flags = 0;
	if (mode == CLI_READ && exists)
		flags |= DB_OPEN_READONLY | DB_OPEN_SNAPSHOT;
	else if (mode == CLI_READ)
		path = ":memory:";
	char *cause = NULL;
	struct db *db = NULL;
	enum rdx_status status = db_open(path, flags, &db, &cause);
	if (status == RDX_NOT_FOUND && mode == CLI_READ) {
		/* An empty file (a first write killed before its commit) reads
		 * as an empty rolodex, like a missing one. */
		free(cause);
		cause = NULL;
		status = db_open(":memory:", 0, &db, &cause);
	}
	if (status != RDX_OK) {
		/* Name the file unless the model already did. */
		const char *why = rdx_cause_or_message(status, cause);
		if (strstr(why, ctx->db_path) != NULL)
			cli_error("%s", why);
		else
			cli_error("%s: %s", ctx->db_path, why);
		free(cause);
		return CLI_EXIT_ERROR;
	}
	if (mode == CLI_WRITE && db_is_readonly(db)) {
		db_close(db);
		return cli_error("%s: the database is read-only; nothing was changed", ctx->db_path);
	}
	/* A writing open checks the whole file once a day (db_check_daily),
	 * before anything is written over damage; a read-only one reports
	 * damage where it reads it, without a full scan on every command.
	 * The check reads every page, so its cost grows with the file: past
	 * CLI_DAILY_CHECK_MAX_BYTES it would hold up the day's first command
	 * or screen for noticeably long, so large files get it from
	 * `rolodex check` only. */
	if (strcmp(path, ":memory:") != 0 && stat(ctx->db_path, &st) == 0 && st.st_size <= CLI_DAILY_CHECK_MAX_BYTES) {
		status = db_check_daily(db, ctx->today, &cause);
		if (status != RDX_OK) {
			cli_error("%s", rdx_cause_or_message(status, cause));
			free(cause);
			db_close(db);
			return CLI_EXIT_ERROR;
		}
	}
	journal_set_clock(db, clock_now);
	ctx->db = db;
	ctx->db_writable = mode != CLI_READ && !db_is_readonly(db);
	*out = db;
	return CLI_EXIT_OK;
}

int cli_card(struct cli_ctx *ctx, struct db *db, const char *ref, bool include_trash, int64_t *id)
{
	(void)ctx;
	char *cause = NULL;
	enum rdx_status status = card_resolve(db, ref, include_trash, id, &cause);
	if (status == RDX_OK) {
		free(cause);
		return CLI_EXIT_OK;
	}
	if (status == RDX_AMBIGUOUS)
		return cli_fail(status, cause); /* the model lists the candidates */
	if (status == RDX_NOT_FOUND) {
		cli_error("no card matches '%s'%s", ref, include_trash ? "" : " (see list --trash for the trash)");
		free(cause);
		return CLI_EXIT_ERROR;
	}
	return cli_fail(status, cause);
}

/* ---- output ---------------------------------------------------------- */

void cli_put(struct cli_ctx *ctx, const char *s, bool keep_newlines)
{
	/* Piped text is made harmless too: it often ends on a terminal
	 * anyway (`rolodex show X | less -R`). */
	if (text_is_sanitized(s, keep_newlines)) {
		fputs(s, ctx->out);
		return;
	}
	char *clean = text_sanitize(s, keep_newlines);
	fputs(clean, ctx->out);
	free(clean);
}

bool cli_capture_begin(struct cli_ctx *ctx, struct cli_capture *cap)
{
	cap->buf = NULL;
	cap->len = 0;
	cap->f = ctx->tty ? open_memstream(&cap->buf, &cap->len) : ctx->out;
	return cap->f != NULL;
}

bool cli_capture_end(struct cli_ctx *ctx, struct cli_capture *cap)
{
	if (cap->f == ctx->out)
		return true;
	if (fclose(cap->f) != 0) {
		free(cap->buf);
		return false;
	}
	/* vCard and CSV end lines with CRLF: shown as LF, not as "␍". */
	char *w = cap->buf;
	for (size_t i = 0; i < cap->len; i++) {
		if (cap->buf[i] == '\r' && i + 1 < cap->len && cap->buf[i + 1] == '\n')
			continue;
		*w++ = cap->buf[i];
	}
	*w = '\0';
	cli_put(ctx, cap->buf, true);
	free(cap->buf);
	return true;
}

void cli_put_padded(struct cli_ctx *ctx, const char *s, int columns)
{
	/* Sanitizing turns one byte into at most three; padding adds a byte
	 * per column. */
	size_t size = strlen(s) * 3 + (size_t)columns + 8;
	char *buf = xmalloc(size);
	text_fit_pad(s, columns, buf, size);
	fputs(buf, ctx->out);
	free(buf);
}

int cli_width(const char *s)
{
	return text_width(s);
}

enum rdx_status cli_read_all(FILE *stream, size_t max, char **out, char **cause)
{
	rdx_cause_clear(cause);
	*out = NULL;
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap)
			buf = xgrow(buf, &cap, len + 4096, 1);
		size_t n = fread(buf + len, 1, cap - len - 1, stream);
		len += n;
		if (len > max) {
			free(buf);
			return rdx_fail(cause, RDX_TOO_LONG, "the text is longer than %zu bytes", max);
		}
		if (n == 0)
			break;
	}
	if (ferror(stream)) {
		free(buf);
		return rdx_fail(cause, RDX_IO, "cannot read standard input: %s", strerror(errno));
	}
	if (memchr(buf, '\0', len) != NULL) {
		free(buf);
		return rdx_fail(cause, RDX_INVALID, "the text contains a NUL byte");
	}
	buf[len] = '\0';
	*out = buf;
	return RDX_OK;
}
