/*
 * db_internal.h - private to src/model (and the review store): the struct
 * behind the opaque `struct db`, and the statement wrapper.
 *
 * One wrapper for prepare/bind/step/column (after Fossil's db.c idea):
 * statements are cached by their SQL text, values are bound by name, text
 * is copied out before the next step.
 */
#ifndef ROLODEX_MODEL_DB_INTERNAL_H
#define ROLODEX_MODEL_DB_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/card.h"
#include "rolodex/db.h"

struct stmt_cache_entry {
	char *sql;
	const char *key; /* the caller's pointer to the text last time: only compared */
	sqlite3_stmt *stmt;
	bool busy; /* handed out and not yet released */
};

#define STMT_CACHE_SIZE 96

struct db {
	sqlite3 *sql;
	char *path;
	bool readonly;
	bool snapshot;       /* a read transaction spans the handle's life */
	int depth;           /* nesting of db_begin */
	bool rollback_only;  /* an inner level failed */
	const char *journal_mode;
	struct stmt_cache_entry cache[STMT_CACHE_SIZE];
	unsigned cache_next; /* round-robin eviction */
	/* Cards whose full-text row is rebuilt when the transaction commits
	 * (fts.h): once per card, however many changes it had. */
	struct fts_pending {
		int64_t id;
		bool is_new; /* no row to delete first */
	} *fts_pending;
	size_t fts_npending, fts_cap;
	bool fts_temp_ready; /* temp.fts_pending exists on this connection */
	/* The change journal (journal.c). */
	struct journal_state {
		bool ready;         /* this connection's triggers exist */
		bool made_now;      /* ... made in the open transaction (gone if it rolls back) */
		bool paused;        /* writes are not journaled (undo itself) */
		bool skip;          /* the open transaction is not journaled */
		int64_t entry;      /* the entry the open transaction writes, 0 before its first row */
		char *what;         /* journal_label's, owned */
		int64_t card_id;
		int date;
		void (*clock)(char out[TIMESTAMP_TEXT_SIZE]);
		/* Cards the open transaction inserted (open addressing, id 0
		 * for a free slot): their rows are not journaled one by one;
		 * undo deletes the card, checking a digest of it taken at commit. */
		struct journal_created {
			struct journal_card_sum {
				int64_t id;
				uint64_t sum;  /* the digest being added up */
				bool seen;     /* the card's own row was read */
			} *slots;
			size_t cap, n;
		} created;
	} journal;
};

/* Hooks of the change journal for db.c.  journal_begin runs after the
 * outermost BEGIN (it makes the connection's triggers when missing),
 * journal_commit before the outermost COMMIT (it writes the entry),
 * journal_end after either end of the transaction. */
enum rdx_status journal_begin(struct db *db, char **cause);
enum rdx_status journal_commit(struct db *db, char **cause);
void journal_end(struct db *db, bool committed);
/* Registers rdx_journal_entry(), which the triggers call. */
void journal_register(struct db *db);

/* The raw handle, for model files that need sqlite3 directly. */
sqlite3 *db_sqlite(struct db *db);

/* A prepared statement in use.  Release with stmt_done on every path. */
struct stmt {
	struct db *db;
	sqlite3_stmt *st;
	struct stmt_cache_entry *entry; /* NULL when not cached */
};

/* Prepares (or takes from the cache) sql.  RDX_DB with the SQLite message. */
enum rdx_status stmt_prepare(struct db *db, struct stmt *stmt, const char *sql, char **cause);
/* Resets, clears bindings and gives a cached statement back. */
void stmt_done(struct stmt *stmt);

/* Bind by parameter name (":name"); a missing name is a broken invariant.
 * stmt_bind_text with NULL binds SQL NULL. */
void stmt_bind_text(struct stmt *stmt, const char *name, const char *value);
void stmt_bind_int(struct stmt *stmt, const char *name, int64_t value);
void stmt_bind_null(struct stmt *stmt, const char *name);

/* sqlite3_step: SQLITE_ROW, SQLITE_DONE or an error code. */
int stmt_step(struct stmt *stmt);
/* Steps to completion; maps errors to a status. */
enum rdx_status stmt_exec(struct stmt *stmt, char **cause);
/* Columns.  stmt_text never returns NULL ("" for NULL) and is borrowed
 * until the next step; stmt_text_dup copies (caller frees). */
const char *stmt_text(struct stmt *stmt, int column);
char *stmt_text_dup(struct stmt *stmt, int column);
int64_t stmt_int(struct stmt *stmt, int column);
bool stmt_is_null(struct stmt *stmt, int column);

/* Maps an SQLite result code to a status with a message naming `what`. */
enum rdx_status db_error(struct db *db, int rc, const char *what, char **cause);

/* Runs SQL text without results (for schema and pragmas). */
enum rdx_status db_exec(struct db *db, const char *sql, char **cause);
/* Runs one statement that binds nothing and returns no rows through the
 * statement cache (stmt_prepare), for statements run again and again. */
enum rdx_status stmt_run(struct db *db, const char *sql, char **cause);

/*
 * Rows per multi-row INSERT.  One statement for several rows costs one
 * statement's fixed work (and one build of the list behind the
 * `kind IN (...)` check, which SQLite keeps in a temporary b-tree made
 * afresh for every statement) instead of one per row; at most this many so
 * the statement cache holds few variants of the SQL text.
 */
#define ROWS_PER_INSERT 8

/* "HEAD(?,?,...),(?,?,...)" for `rows` (1..ROWS_PER_INSERT) rows of `width`
 * values, generated once per (head, rows) and kept for the process: head
 * must be a string literal (it is told apart by its address, as the
 * statement cache finds the text by its address first). */
const char *insert_rows_sql(const char *head, int width, size_t rows);

#endif
