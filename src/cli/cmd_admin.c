/*
 * cmd_admin.c - looking after the file: `check` runs SQLite's integrity
 * check without writing anything (a damaged file is reported, never
 * repaired or replaced), `backup` copies the database with SQLite's online
 * backup API, so it is consistent even while another rolodex writes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rolodex/db.h"

static const struct cli_option no_options[] = {
	{ .name = NULL },
};

int cmd_check(struct cli_ctx *ctx, int argc, char **argv)
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

	/* Not through cli_db: check never creates a file and skips the
	 * quick_check on open so that it can give the full report itself. */
	struct stat st;
	if (stat(ctx->db_path, &st) != 0)
		return cli_error("%s: %s", ctx->db_path, errno == ENOENT ? "no database here" : strerror(errno));
	if (S_ISDIR(st.st_mode))
		return cli_error("%s: is a directory, not a database file", ctx->db_path);

	struct db *db = NULL;
	char *cause = NULL;
	enum rdx_status rs = db_open(ctx->db_path, DB_OPEN_READONLY | DB_OPEN_NO_CHECK, &db, &cause);
	if (rs == RDX_OK)
		rs = db_check(db, &cause);
	if (rs != RDX_OK) {
		const char *why = rdx_cause_or_message(rs, cause);
		if (rs == RDX_CORRUPT)
			cli_error_lines("%s: the database is damaged; it was not changed (keep a copy before repairing):\n%s",
					ctx->db_path, why);
		else if (strstr(why, ctx->db_path) != NULL)
			cli_error("%s", why);
		else
			cli_error("%s: %s", ctx->db_path, why);
		free(cause);
		db_close(db);
		return CLI_EXIT_ERROR;
	}
	int64_t cards = 0;
	rs = db_card_count(db, &cards, &cause);
	if (rs != RDX_OK) {
		db_close(db);
		return cli_fail(rs, cause);
	}
	fputs("ok: ", ctx->out);
	cli_put(ctx, ctx->db_path, false);
	fprintf(ctx->out, " (%lld cards, schema version %d, %s journal)\n", (long long)cards, DB_SCHEMA_VERSION,
		db_journal_mode(db));
	db_close(db);
	return CLI_EXIT_OK;
}

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *dest = NULL;
	struct cli_parser p;
	const char *value;
	int id;
	cli_parser_init(&p, ctx, argc, argv, no_options);
	p.positional_paths = true;
	while ((id = cli_next(&p, &value)) != CLI_END) {
		if (id == CLI_STOP)
			return p.exit;
		if (dest != NULL)
			return cli_usage_error(ctx, "one FILE only");
		dest = value;
	}
	if (dest == NULL)
		return cli_usage_error(ctx, "where to? give the FILE to create");
	struct stat st;
	if (lstat(dest, &st) == 0)
		return cli_error("%s already exists; a backup never overwrites a file", dest);

	struct db *db;
	int status = cli_db(ctx, CLI_READ, &db);
	if (status != CLI_EXIT_OK)
		return status;
	char *cause = NULL;
	enum rdx_status rs = db_backup(db, dest, &cause);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);
	fputs("backed up to ", ctx->out);
	cli_put(ctx, dest, false);
	fputc('\n', ctx->out);
	return CLI_EXIT_OK;
}
