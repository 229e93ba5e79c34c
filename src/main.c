/*
 * main.c - the entry point: reads the global options (--db, --version,
 * --help), finds the database and config paths, reads the clock once, then
 * runs a command from the cli layer or starts the full-screen interface.
 *
 * This is the only file that joins the cli layer and the TUI: the cli layer
 * reaches tui_run through ctx.run_tui, so it never links curses.
 */
#include <errno.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "rolodex/clock.h"
#include "rolodex/db.h"
#include "rolodex/text.h"
#include "rolodex/tui.h"
#include "rolodex/xalloc.h"

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	if (home != NULL && *home != '\0')
		return home;
	struct passwd *pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir != NULL)
		return pw->pw_dir;
	return "/";
}

/* $VAR/rolodex/name when $VAR is an absolute path (the XDG spec ignores
 * relative ones), else ~/fallback/rolodex/name.  Caller frees. */
static char *xdg_path(const char *var, const char *fallback, const char *name)
{
	const char *base = getenv(var);
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/rolodex/%s", base, name);
	return xasprintf("%s/%s/rolodex/%s", home_dir(), fallback, name);
}

static int run_tui(struct cli_ctx *ctx, const struct cli_screen *screen)
{
	struct tui_options options = {
		.start = screen->review ? TUI_START_REVIEW : TUI_START_BROWSER,
		.review_all = screen->review_all,
		.review_tag = screen->review_tag,
		.config_path = ctx->config_path,
	};
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_error("the card browser needs a terminal; for scripts see rolodex --help");
	struct db *db;
	int status = cli_db(ctx, CLI_BROWSE, &db);
	if (status != CLI_EXIT_OK)
		return status;
	char *cause = NULL;
	status = tui_run(db, &options, &cause);
	/* The terminal is restored by now: errors can be printed. */
	if (cause != NULL) {
		cli_error("%s", cause);
		free(cause);
		if (status == 0)
			status = CLI_EXIT_ERROR;
	}
	return status;
}

static void print_version(void)
{
	printf("rolodex %s\nSQLite %s, journal mode %s\n", ROLODEX_VERSION, db_sqlite_version(),
	       db_preferred_journal_mode());
}

static int global_usage(const char *fmt, const char *arg)
{
	char *message = xasprintf(fmt, arg);
	cli_error("%s; see rolodex --help", message);
	free(message);
	return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	/* Only the character set matters (text width, curses' wide
	 * characters, nl_langinfo(CODESET)): every other category would be
	 * a file to load on each start, and LC_NUMERIC would change how
	 * numbers parse. */
	setlocale(LC_CTYPE, "");
	/* Past `ulimit -f` the kernel sends SIGXFSZ, which kills by default:
	 * ignored, the write fails with EFBIG and the transaction rolls back
	 * with a message.  A reader that went away (`rolodex list | head -1`)
	 * ends us quietly, as any filter, even when the parent ignored SIGPIPE;
	 * writing commands print only after their commit. */
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_DFL);

	char *cause = NULL;
	enum rdx_status rs = clock_init(&cause);
	if (rs != RDX_OK)
		return cli_fail(rs, cause);

	const char *db_option = NULL;
	int i = 1;
	for (; i < argc; i++) {
		const char *arg = argv[i];
		if (arg[0] != '-' || arg[1] == '\0')
			break;
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(arg, "--version") == 0) {
			print_version();
			return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_ERROR;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cli_print_help(stdout);
			return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_ERROR;
		}
		if (strcmp(arg, "--db") == 0) {
			if (i + 1 >= argc)
				return global_usage("option --db needs a value%s", "");
			db_option = argv[++i];
		} else if (strncmp(arg, "--db=", 5) == 0) {
			db_option = arg + 5;
		} else {
			return global_usage("unknown option '%s'", arg);
		}
		if (*db_option == '\0')
			return global_usage("option --db needs a file name%s", "");
	}

	char *db_path;
	const char *env_db = getenv("ROLODEX_DB");
	if (db_option != NULL)
		db_path = xstrdup(db_option);
	else if (env_db != NULL && *env_db != '\0')
		db_path = xstrdup(env_db);
	else
		db_path = xdg_path("XDG_DATA_HOME", ".local/share", "rolodex.db");
	char *config_path = xdg_path("XDG_CONFIG_HOME", ".config", "config");

	struct cli_ctx ctx = {
		.db_path = db_path,
		.db_path_explicit = db_option != NULL || (env_db != NULL && *env_db != '\0'),
		.config_path = config_path,
		.today = clock_today(),
		.tty = isatty(STDOUT_FILENO),
		.out = stdout,
		.run_tui = run_tui,
	};
	clock_now(ctx.now);

	int status;
	if (i >= argc) {
		status = run_tui(&ctx, &(struct cli_screen){ .review = false });
	} else {
		status = cli_dispatch(&ctx, argc - i, argv + i);
	}

	db_close(ctx.db);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* One message: a failed command has said why already. */
		if (status == CLI_EXIT_OK) {
			cli_error("cannot write the output: %s", strerror(errno));
			status = CLI_EXIT_ERROR;
		}
	}
	free(db_path);
	free(config_path);
	return status;
}
