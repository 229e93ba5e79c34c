/*
 * cli.h - the command line: the context every command runs in, the command
 * table, and the helpers commands share (option parsing, opening the
 * database, printing card text safely, reporting errors).
 *
 * main.c parses the global options (--db, --version, --help), fills a
 * struct cli_ctx and calls cli_dispatch.  Each command lives in a family
 * file (cmd_card.c, cmd_touch.c, cmd_due.c, cmd_admin.c, cmd_review.c,
 * cmd_io.c) as `int cmd_xxx(struct cli_ctx *ctx, int argc, char **argv)`
 * and has one line in the table in cli.c.  argv[0] is the command name, as
 * for main().  A command returns its exit status: CLI_EXIT_OK, CLI_EXIT_ERROR
 * after printing "rolodex: ..." on stderr, or CLI_EXIT_USAGE.
 *
 * No curses here: the CLI must work without a terminal.
 */
#ifndef ROLODEX_CLI_CLI_H
#define ROLODEX_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "rolodex/card.h"
#include "rolodex/status.h"

struct db;

enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_ERROR = 1,
	CLI_EXIT_USAGE = 2,
};

/* What a command does with the database; decides how cli_db opens it. */
enum cli_access {
	CLI_READ,  /* read-only: works on a read-only file, never writes */
	CLI_WRITE, /* read-write: refuses a read-only file up front */
	CLI_BROWSE, /* read-write when possible, else read-only (the TUI checks db_is_readonly) */
};

struct cli_command;

/* Which screen the full-screen interface opens on (main.c turns it into
 * the TUI's own options, so this layer needs no TUI header). */
struct cli_screen {
	bool review;            /* `rolodex review`: start or resume a review */
	bool review_all;        /* review --all */
	const char *review_tag; /* review --tag T, or NULL; borrowed */
};

struct cli_ctx {
	const char *db_path;     /* resolved: --db, $ROLODEX_DB or the XDG default; borrowed */
	bool db_path_explicit;   /* db_path came from --db or $ROLODEX_DB, not the XDG default */
	const char *config_path; /* $XDG_CONFIG_HOME/rolodex/config (may not exist); borrowed */
	struct db *db;           /* NULL until cli_db opens it; closed by main */
	bool db_writable;        /* db was opened for writing */
	int today;               /* day number (ROLODEX_TODAY or the clock) */
	char now[TIMESTAMP_TEXT_SIZE]; /* "YYYY-MM-DDTHH:MM:SSZ" at start */
	bool tty;                /* out is a terminal: card text is sanitized */
	FILE *out;               /* where results go (stdout) */
	const struct cli_command *command; /* the command running, for its --help */
	/*
	 * Starts the full-screen interface on ctx's database (set by main.c, so
	 * the cli layer never links the TUI): checks that stdout is a terminal,
	 * opens the database, runs tui_run, prints its error after the terminal
	 * is restored, returns the exit status.
	 */
	int (*run_tui)(struct cli_ctx *ctx, const struct cli_screen *screen);
};

struct cli_command {
	const char *name;
	const char *summary; /* one line for `rolodex --help` */
	const char *usage;   /* synopsis after "rolodex ", may hold several lines */
	const char *help;    /* options and details for `rolodex NAME --help`, or NULL */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

/* The table, in the order `rolodex --help` lists it; NULL-name terminated. */
extern const struct cli_command cli_commands[];

/* The command named name, or NULL. */
const struct cli_command *cli_command_find(const char *name);

/* Runs argv[0] as a command (argv[0] is the command name).  Unknown
 * commands are a usage error.  Returns the exit status. */
int cli_dispatch(struct cli_ctx *ctx, int argc, char **argv);

/* `rolodex --help`: synopsis, global options and every command. */
void cli_print_help(FILE *f);
/* `rolodex NAME --help`. */
void cli_print_command_help(FILE *f, const struct cli_command *command);

/* ---- options -------------------------------------------------------- */

/*
 * One option a command accepts.  Long options are "--name VALUE" or
 * "--name=VALUE"; a short letter (optional) is "-x VALUE".  Values and
 * positional arguments must be valid UTF-8 unless marked as paths.
 * "--help" is understood by every command; "--" ends the options.
 */
struct cli_option {
	const char *name; /* without "--"; NULL ends the list */
	char letter;      /* 0 when none */
	bool has_value;
	bool is_path;     /* value is a file name: not checked for UTF-8 */
	int id;           /* > 0, returned by cli_next */
};

enum {
	CLI_ARG = 0,   /* a positional argument, in *value */
	CLI_END = -1,  /* no more arguments */
	CLI_STOP = -2, /* --help was printed or an error was reported: return p->exit */
};

struct cli_parser {
	struct cli_ctx *ctx;
	int argc;
	char **argv;
	int index;                /* next argv element */
	bool options_done;        /* after "--" */
	bool positional_paths;    /* positionals are file names (not checked for UTF-8) */
	const struct cli_option *options;
	int exit;                 /* what to return after CLI_STOP */
};

/* Starts parsing argv[1..argc-1] against options (NULL-name terminated). */
void cli_parser_init(struct cli_parser *p, struct cli_ctx *ctx, int argc, char **argv,
		     const struct cli_option *options);
/*
 * Next argument: an option id (> 0) with its value in *value (NULL when the
 * option takes none), CLI_ARG with a positional in *value, CLI_END, or
 * CLI_STOP after printing the command's help (p->exit = 0) or a usage error
 * (p->exit = 2).
 */
int cli_next(struct cli_parser *p, const char **value);

/* Prints "rolodex: <message>; see rolodex COMMAND --help" (one line) on
 * stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The value of a --format option: *index gets its place in formats (a
 * NULL-terminated list) and CLI_EXIT_OK comes back; an unknown value is a
 * usage error naming them all ("unknown format 'xml' (table, tsv or
 * json)"). */
int cli_format(struct cli_ctx *ctx, const char *value, const char *const formats[], int *index);
/* cli_format for the commands that write `plain` ("table", "text") or
 * json: *json says which. */
int cli_format_json(struct cli_ctx *ctx, const char *value, const char *plain, bool *json);

/* ---- errors --------------------------------------------------------- */

/* Prints "rolodex: <message>" on stderr as one sanitized line (control
 * characters and newlines made visible); returns CLI_EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same for a message that is a list by design (one item per line). */
int cli_error_lines(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a failed status with its cause ("rolodex: <cause>"; several lines
 * only for RDX_AMBIGUOUS candidates and RDX_CORRUPT reports), frees cause,
 * and returns the exit status for it (2 for RDX_USAGE, else 1). */
int cli_fail(enum rdx_status status, char *cause);

/* ---- database -------------------------------------------------------- */

/*
 * Opens ctx->db_path on first use: read-only for CLI_READ, read-write for
 * CLI_WRITE (refusing a read-only file or folder with a clear message).
 * A missing file at the XDG default reads as an empty rolodex and is created,
 * folders included, by the first write.  A missing file at a path the user
 * named (--db, $ROLODEX_DB) is an error for reading ("no rolodex at PATH"),
 * and a write creates it only inside a folder that exists: a typo must not
 * pass for an empty rolodex nor scatter folders.
 * Reports errors itself (naming the path) and returns the exit status:
 * CLI_EXIT_OK with *db set (owned by ctx), else CLI_EXIT_ERROR.
 */
int cli_db(struct cli_ctx *ctx, enum cli_access access, struct db **db);

/*
 * Resolves a CARD argument (id, UID or unambiguous part of a name) through
 * card_resolve; prints "not found" or the ambiguous candidates itself.
 * Returns CLI_EXIT_OK with *id set, else CLI_EXIT_ERROR.
 */
int cli_card(struct cli_ctx *ctx, struct db *db, const char *ref, bool include_trash, int64_t *id);

/* ---- output ---------------------------------------------------------- */

/* Writes card text to ctx->out sanitized (control characters made
 * visible, keep_newlines for multi-line notes), whether or not it is a
 * terminal: text formats are for reading. */
void cli_put(struct cli_ctx *ctx, const char *s, bool keep_newlines);
/* Writes s fitted and padded to exactly `columns` display columns
 * (always sanitized: a table is for reading). */
void cli_put_padded(struct cli_ctx *ctx, const char *s, int columns);
/* Display width s would take through cli_put_padded. */
int cli_width(const char *s);

/*
 * For output from a writer that knows nothing of terminals (the io layer's
 * vCard, CSV and JSON): cli_capture_begin returns where to write, ctx->out
 * when piped (byte for byte) or a memory stream when ctx->tty;
 * cli_capture_end shows what was captured through text_sanitize (CRLF line
 * ends as LF) and closes it.  Returns false when out of memory.
 */
struct cli_capture {
	FILE *f;
	char *buf;
	size_t len;
};
bool cli_capture_begin(struct cli_ctx *ctx, struct cli_capture *cap);
bool cli_capture_end(struct cli_ctx *ctx, struct cli_capture *cap);

/* Reads all of stream into a new NUL-terminated string (caller frees);
 * RDX_TOO_LONG past max bytes, RDX_INVALID when it holds a NUL byte,
 * RDX_IO on a read error. */
enum rdx_status cli_read_all(FILE *stream, size_t max, char **out, char **cause);

/* ---- commands -------------------------------------------------------- */

/* cmd_card.c */
int cmd_add(struct cli_ctx *ctx, int argc, char **argv);
int cmd_list(struct cli_ctx *ctx, int argc, char **argv);
int cmd_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_edit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_delete(struct cli_ctx *ctx, int argc, char **argv);
int cmd_restore(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_touch.c */
int cmd_contacted(struct cli_ctx *ctx, int argc, char **argv);
int cmd_note(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_undo.c */
int cmd_undo(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_due.c */
int cmd_due(struct cli_ctx *ctx, int argc, char **argv);
int cmd_birthdays(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_calendar.c */
int cmd_calendar(struct cli_ctx *ctx, int argc, char **argv);
int cmd_remind(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_admin.c */
int cmd_check(struct cli_ctx *ctx, int argc, char **argv);
int cmd_backup(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_review.c */
int cmd_review(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_merge.c */
int cmd_duplicates(struct cli_ctx *ctx, int argc, char **argv);
int cmd_merge(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_tag.c */
int cmd_tags(struct cli_ctx *ctx, int argc, char **argv);
int cmd_tag(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_io.c */
int cmd_import(struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(struct cli_ctx *ctx, int argc, char **argv);
int cmd_sync(struct cli_ctx *ctx, int argc, char **argv);
int cmd_query(struct cli_ctx *ctx, int argc, char **argv);
int cmd_add_email(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_scan.c */
int cmd_scan(struct cli_ctx *ctx, int argc, char **argv);

#endif
