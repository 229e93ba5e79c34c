/*
 * cmd_io.c - the contact ecosystem on the command line: import, export,
 * sync with a vdir, mutt's query_command, and add-email for a mutt macro.
 *
 * The work is in src/io; these commands parse options, print the io
 * layer's reports, and show progress on stderr only when it is a terminal.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rolodex/browse.h"
#include "rolodex/card.h"
#include "rolodex/db.h"
#include "rolodex/export.h"
#include "rolodex/import.h"
#include "rolodex/mail.h"
#include "rolodex/sync.h"
#include "rolodex/text.h"
#include "rolodex/vcard.h"
#include "rolodex/xalloc.h"

/* ---- import ------------------------------------------------------------- */

enum { IMP_TAG = 1, IMP_DRY, IMP_SKIP, IMP_FORMAT, IMP_QUIET };

static const struct cli_option import_options[] = {
	{ .name = "tag", .has_value = true, .id = IMP_TAG },
	{ .name = "dry-run", .id = IMP_DRY },
	{ .name = "skip-bad", .id = IMP_SKIP },
	{ .name = "format", .has_value = true, .id = IMP_FORMAT },
	{ .name = "quiet", .letter = 'q', .id = IMP_QUIET },
	{ .name = NULL },
};

static void show_progress(void *ctx, uint64_t done, uint64_t total, size_t cards)
{
	(void)ctx;
	if (total)
		fprintf(stderr, "\rimporting: %3d%%  %zu cards", (int)(done * 100 / total), cards);
	else
		fprintf(stderr, "\rimporting: %zu cards", cards);
	fflush(stderr);
}

static const char *outcome_word(enum import_outcome o)
{
	switch (o) {
	case IMPORT_ADDED:
		return "added";
	case IMPORT_MERGED:
		return "merged";
	case IMPORT_UNCHANGED:
		return "unchanged";
	case IMPORT_SKIPPED:
		return "skipped";
	default:
		return "warning";
	}
}

/* One report line, sanitized: names and reasons come from the files. */
static void print_item(FILE *f, const struct import_item *it)
{
	char *file = text_sanitize(it->file, false);
	/* A name is shown to recognise the card: a few words are enough, and
	 * a 1 MB name from a hostile file would flood the terminal. */
	char name_fit[512];
	text_fit(it->name, 60, name_fit, sizeof name_fit);
	char *name = xstrdup(name_fit);
	char *reason = text_sanitize(it->reason, false);
	fprintf(f, "%-9s ", outcome_word(it->outcome));
	if (reason[0] && !strncmp(reason, file, strlen(file)) && !name[0]) {
		/* The reason names file and line itself. */
		fprintf(f, "%s\n", reason);
		free(file);
		free(name);
		free(reason);
		return;
	}
	fputs(file, f);
	if (it->line)
		fprintf(f, ":%d", it->line);
	if (name[0])
		fprintf(f, "  %s", name);
	if (it->card_id)
		fprintf(f, " (#%lld)", (long long)it->card_id);
	if (reason[0])
		fprintf(f, ": %s", reason);
	fputc('\n', f);
	free(file);
	free(name);
	free(reason);
}

int cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
	struct import_options opt = { .format = IMPORT_AUTO, .now = ctx->now };
	bool quiet = false;
	const char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
	size_t npaths = 0;
	struct cli_parser p;
	const char *value;
	int id;

	cli_parser_init(&p, ctx, argc, argv, import_options);
	p.positional_paths = true;
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			free(paths);
			return p.exit;
		case CLI_ARG:
			paths[npaths++] = value;
			break;
		case IMP_TAG:
			if (!value[0] || strlen(value) > CARD_TAG_MAX) {
				free(paths);
				return cli_usage_error(ctx, "--tag needs a tag of 1 to %d bytes", CARD_TAG_MAX);
			}
			opt.tag = value;
			break;
		case IMP_DRY:
			opt.dry_run = true;
			break;
		case IMP_SKIP:
			opt.skip_bad = true;
			break;
		case IMP_FORMAT:
			if (!import_format_parse(value, &opt.format)) {
				free(paths);
				return cli_usage_error(ctx, "--format is auto, vcard or csv");
			}
			break;
		case IMP_QUIET:
			quiet = true;
			break;
		}
	}
	if (npaths == 0) {
		free(paths);
		return cli_usage_error(ctx, "which FILE or DIR? (- reads standard input)");
	}
	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK) {
		free(paths);
		return status;
	}
	if (isatty(STDERR_FILENO) && !quiet)
		opt.progress = show_progress;
	struct import_report report;
	import_report_init(&report);
	char *cause = NULL;
	enum rdx_status st = import_paths(db, paths, npaths, &opt, &report, &cause);
	free(paths);
	if (opt.progress)
		fputs("\r\033[K", stderr);
	/* Details: what went wrong or was repaired always (stderr); what was
	 * merged on stdout, unless --quiet or the import was rolled back (a
	 * "merged" line would claim a change that was not saved). */
	for (size_t i = 0; i < report.nitems; i++) {
		const struct import_item *it = &report.items[i];
		if (it->outcome == IMPORT_SKIPPED || it->outcome == IMPORT_WARNING)
			print_item(stderr, it);
		else if (!quiet && st == RDX_OK && it->outcome != IMPORT_ADDED)
			print_item(ctx->out, it);
	}
	if (report.dropped_items)
		fprintf(stderr, "(%zu more lines not shown)\n", report.dropped_items);
	if (st != RDX_OK) {
		import_report_done(&report);
		if (st != RDX_INVALID && st != RDX_TOO_LONG) {
			/* Reading or writing failed (a full disk, an I/O error, the
			 * database): one message, and no --skip-bad hint, since no
			 * card was at fault. */
			char *why = xasprintf("nothing was imported: %s", rdx_cause_or_message(st, cause));
			free(cause);
			return cli_fail(st, why);
		}
		int rc = cli_fail(st, cause);
		fprintf(stderr, "rolodex: nothing was imported%s\n", opt.skip_bad ? "" : " (--skip-bad imports the good cards)");
		return rc;
	}
	fprintf(ctx->out, "%s%zu read: %zu added, %zu merged, %zu unchanged, %zu skipped\n",
		opt.dry_run ? "dry run, nothing changed: " : "", report.read, report.imported, report.merged,
		report.unchanged, report.skipped);
	import_report_done(&report);
	return CLI_EXIT_OK;
}

/* ---- export ------------------------------------------------------------- */

static void discard_temp_and_die(int sig)
{
	export_discard_temp();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* An export or sync stopped by ^C, kill or a closed terminal removes the
 * file it was half-way through writing; the files it finished are whole. */
static void discard_temp_on_signals(void)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
		struct sigaction old, sa = { .sa_handler = discard_temp_and_die };
		sigemptyset(&sa.sa_mask);
		/* A signal the caller ignored (nohup) stays ignored. */
		if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(signals[i], &sa, NULL);
	}
}

enum { EXP_FORMAT = 1, EXP_VERSION, EXP_OUTPUT, EXP_VDIR, EXP_FORCE };

static const struct cli_option export_options[] = {
	{ .name = "format", .has_value = true, .id = EXP_FORMAT },
	{ .name = "vcard-version", .has_value = true, .id = EXP_VERSION },
	{ .name = "output", .letter = 'o', .has_value = true, .is_path = true, .id = EXP_OUTPUT },
	{ .name = "vdir", .has_value = true, .is_path = true, .id = EXP_VDIR },
	{ .name = "force", .letter = 'f', .id = EXP_FORCE },
	{ .name = NULL },
};

int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
	struct export_options opt = { .format = EXPORT_VCARD, .version = VCARD_40, .today = ctx->today };
	const char *output = NULL, *vdir = NULL;
	struct cli_parser p;
	const char *value;
	int id;

	cli_parser_init(&p, ctx, argc, argv, export_options);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		switch (id) {
		case CLI_STOP:
			return p.exit;
		case CLI_ARG:
			return cli_usage_error(ctx, "unexpected argument '%s' (use -o FILE)", value);
		case EXP_FORMAT:
			if (!export_format_parse(value, &opt.format))
				return cli_usage_error(ctx, "--format is vcard, csv or json");
			break;
		case EXP_VERSION:
			if (!strcmp(value, "4.0") || !strcmp(value, "4"))
				opt.version = VCARD_40;
			else if (!strcmp(value, "3.0") || !strcmp(value, "3"))
				opt.version = VCARD_30;
			else
				return cli_usage_error(ctx, "--vcard-version is 3.0 or 4.0");
			break;
		case EXP_OUTPUT:
			output = value;
			break;
		case EXP_VDIR:
			vdir = value;
			break;
		case EXP_FORCE:
			opt.force = true;
			break;
		}
	}
	if (vdir && (output || opt.format != EXPORT_VCARD))
		return cli_usage_error(ctx, "--vdir writes vCards; it goes without -o and --format");
	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	char *cause = NULL;
	size_t count = 0;
	enum rdx_status st;
	discard_temp_on_signals();
	if (vdir)
		st = export_vdir(db, vdir, opt.version, &count, &cause);
	else if (output && strcmp(output, "-") != 0)
		st = export_file(db, output, &opt, &count, &cause);
	else {
		/* On a terminal the export is sanitized like all CLI output:
		 * imported text can carry escape sequences. */
		struct cli_capture cap;
		if (!cli_capture_begin(ctx, &cap))
			return cli_error("out of memory");
		st = export_stream(db, cap.f, &opt, &count, &cause);
		if (!cli_capture_end(ctx, &cap) && st == RDX_OK)
			st = rdx_fail(&cause, RDX_NOMEM, "out of memory");
	}
	if (st != RDX_OK)
		return cli_fail(st, cause);
	if (vdir || (output && strcmp(output, "-") != 0))
		fprintf(stderr, "exported %zu cards to %s\n", count, vdir ? vdir : output);
	return CLI_EXIT_OK;
}

/* ---- sync --------------------------------------------------------------- */

int cmd_sync(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *dir = NULL;
	struct cli_parser p;
	const char *value;
	int id;
	static const struct cli_option none[] = { { .name = NULL } };

	cli_parser_init(&p, ctx, argc, argv, none);
	p.positional_paths = true;
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit;
		if (dir)
			return cli_usage_error(ctx, "one DIR only");
		dir = value;
	}
	if (!dir)
		return cli_usage_error(ctx, "which DIR?");
	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	struct sync_report r;
	sync_report_init(&r);
	char *cause = NULL;
	discard_temp_on_signals();
	enum rdx_status st = sync_vdir(db, dir, ctx->now, &r, &cause);
	for (size_t i = 0; i < r.nmessages; i++) {
		char *m = text_sanitize(r.messages[i], false);
		fprintf(stderr, "%s\n", m);
		free(m);
	}
	if (st != RDX_OK) {
		sync_report_done(&r);
		return cli_fail(st, cause);
	}
	fprintf(ctx->out,
		"synced: %zu new from the folder, %zu updated from it, %zu written to it, %zu trashed here, "
		"%zu removed there, %zu conflicts, %zu unchanged\n",
		r.pulled, r.updated_local, r.pushed, r.trashed_local, r.deleted_remote, r.conflicts, r.unchanged);
	sync_report_done(&r);
	return CLI_EXIT_OK;
}

/* ---- query (mutt) ----------------------------------------------------------- */

struct query_ctx {
	struct cli_ctx *cli;
	size_t matches;
	int64_t last_card;
	struct sbuf_lines {
		char *text;
		size_t len;
	} out;
	FILE *buf;
};

/* mutt reads TAB-separated fields: tabs and line breaks inside would
 * break the line. */
static void put_field(FILE *f, const char *s)
{
	char *clean = text_sanitize(s, false);
	for (char *p = clean; *p; p++)
		if (*p == '\t')
			*p = ' ';
	fputs(clean, f);
	free(clean);
}

static int query_row(void *vctx, const struct card_email_row *row)
{
	struct query_ctx *q = vctx;
	/* At most a thousand addresses, but a card's addresses together. */
	if (q->matches >= 1000 && row->card_id != q->last_card)
		return 1;
	q->last_card = row->card_id;
	put_field(q->buf, row->email);
	fputc('\t', q->buf);
	put_field(q->buf, row->name);
	fputc('\t', q->buf);
	put_field(q->buf, row->org[0] ? row->org : row->label);
	fputc('\n', q->buf);
	q->matches++;
	return 0;
}

int cmd_query(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *query = NULL;
	struct cli_parser p;
	const char *value;
	int id;
	static const struct cli_option none[] = { { .name = NULL } };

	cli_parser_init(&p, ctx, argc, argv, none);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit;
		if (query)
			return cli_usage_error(ctx, "one STRING only (quote it)");
		query = value;
	}
	if (!query)
		return cli_usage_error(ctx, "which STRING?");
	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	struct query_ctx q = { .cli = ctx };
	q.buf = open_memstream(&q.out.text, &q.out.len);
	if (!q.buf)
		fatal("out of memory");
	struct card_filter filter = { .query = query, .today = ctx->today };
	char *cause = NULL;
	/* A damaged page is reported as such, not shown as a card without
	 * addresses: its read fails the walk. */
	enum rdx_status st = card_email_foreach(db, &filter, query_row, &q, &cause);
	fclose(q.buf);
	if (st != RDX_OK) {
		free(q.out.text);
		return cli_fail(st, cause);
	}
	/* mutt shows the first line as a message; no match is exit 1. */
	fprintf(ctx->out, "rolodex: %zu address%s\n", q.matches, q.matches == 1 ? "" : "es");
	fwrite(q.out.text, 1, q.out.len, ctx->out);
	free(q.out.text);
	return q.matches ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

/* ---- add-email (mutt macro) ---------------------------------------------------- */

int cmd_add_email(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *tag = NULL;
	struct cli_parser p;
	const char *value;
	int id;
	static const struct cli_option opts[] = {
		{ .name = "tag", .has_value = true, .id = 1 },
		{ .name = NULL },
	};

	cli_parser_init(&p, ctx, argc, argv, opts);
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit;
		if (id == CLI_ARG)
			return cli_usage_error(ctx, "the mail is read from standard input");
		tag = value;
	}
	char *msg = NULL, *cause = NULL;
	enum rdx_status st = cli_read_all(stdin, 64u * 1024 * 1024, &msg, &cause);
	if (st != RDX_OK)
		return cli_fail(st, cause);
	char *name = NULL, *address = NULL;
	st = mail_parse_from(msg, &name, &address, &cause);
	free(msg);
	if (st != RDX_OK)
		return cli_fail(st, cause);
	struct db *db;
	int status = cli_db(ctx, CLI_WRITE, &db);
	if (status != CLI_EXIT_OK) {
		free(name);
		free(address);
		return status;
	}
	/* Through the importer, so a known address merges into its card. */
	struct vcard_entry e;
	vcard_entry_init(&e);
	card_set(&e.card.name, name[0] ? name : address);
	card_add_field(&e.card, FIELD_EMAIL, address, "");
	card_split_name(&e.card);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		fatal("out of memory");
	st = vcard_write(mem, &e.card, NULL, 0, NULL, 0, VCARD_40, &cause);
	fclose(mem);
	vcard_entry_done(&e);
	if (st == RDX_OK) {
		FILE *in = fmemopen(buf, len, "rb");
		struct import_options opt = { .format = IMPORT_VCARD, .tag = tag, .now = ctx->now };
		struct import_report r;
		import_report_init(&r);
		st = import_stream(db, in, "(mail)", &opt, &r, &cause);
		fclose(in);
		if (st == RDX_OK && r.nitems > 0) {
			const struct import_item *it = &r.items[r.nitems - 1];
			char *shown = text_sanitize(it->name, false);
			char *addr = text_sanitize(address, false);
			fprintf(ctx->out, "%s %s <%s> (#%lld)\n",
				it->outcome == IMPORT_ADDED ? "added" : it->outcome == IMPORT_MERGED ? "merged into"
												    : "already known:",
				shown, addr, (long long)it->card_id);
			free(shown);
			free(addr);
		}
		import_report_done(&r);
	}
	free(buf);
	free(name);
	free(address);
	if (st != RDX_OK)
		return cli_fail(st, cause);
	return CLI_EXIT_OK;
}
