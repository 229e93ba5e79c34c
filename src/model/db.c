/*
 * db.c - opening the database safely, the statement wrapper, transactions,
 * migrations, checks and backups.
 *
 * Opening is where most promises are kept: private file modes, refusing
 * foreign and newer files untouched, a copy before migrating, a journal
 * mode chosen from the library's version, FULL sync and a busy timeout so
 * two processes share the file.
 */
#include "model/db_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/fts.h"
#include "model/schema.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* How long a writer waits for another process's transaction (ms). */
#define DB_BUSY_TIMEOUT_MS 5000

sqlite3 *db_sqlite(struct db *db)
{
	return db->sql;
}

bool db_is_readonly(const struct db *db)
{
	return db->readonly;
}

const char *db_path(const struct db *db)
{
	return db->path;
}

const char *db_journal_mode(const struct db *db)
{
	return db->journal_mode;
}

const char *db_sqlite_version(void)
{
	return sqlite3_libversion();
}

const char *db_preferred_journal_mode(void)
{
	/* SQLite before 3.51.3 can corrupt a WAL database when a checkpoint
	 * races a WAL reset; use the rollback journal there. */
	return sqlite3_libversion_number() >= 3051003 ? "wal" : "delete";
}

enum rdx_status db_error(struct db *db, int rc, const char *what, char **cause)
{
	int saved_errno = errno;
	const char *msg = db != NULL && db->sql != NULL ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return rdx_fail(cause, RDX_BUSY, "%s: the database is busy (another program holds its lock); try again", what);
	case SQLITE_READONLY:
		return rdx_fail(cause, RDX_READONLY, "%s: the database is read-only", what);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return rdx_fail(cause, RDX_CORRUPT, "%s: %s is damaged (%s); run `rolodex check`", what,
				db != NULL ? db->path : "the database", msg);
	case SQLITE_FULL:
		return rdx_fail(cause, RDX_IO, "%s: the disk is full", what);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		/* "disk I/O error" alone hides the cause: EFBIG past
		 * `ulimit -f`, EIO from the device, EACCES ... */
		if (db != NULL && db->sql != NULL && sqlite3_system_errno(db->sql) != 0)
			return rdx_fail(cause, RDX_IO, "%s: %s (%s)", what, msg,
					strerror(sqlite3_system_errno(db->sql)));
		/* A write failing inside COMMIT (a big transaction spills
		 * nothing before) leaves SQLite's record at 0; the write's
		 * errno is still current when the caller maps the code at
		 * once.  Only errors of writing, never a probe's ENOENT. */
		if ((rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE) &&
		    (saved_errno == EFBIG || saved_errno == EIO || saved_errno == EDQUOT))
			return rdx_fail(cause, RDX_IO, "%s: %s (%s)", what, msg, strerror(saved_errno));
		return rdx_fail(cause, RDX_IO, "%s: %s", what, msg);
	case SQLITE_NOMEM:
		return rdx_fail(cause, RDX_NOMEM, "%s: out of memory", what);
	case SQLITE_CONSTRAINT:
		return rdx_fail(cause, RDX_INVALID, "%s: %s", what, msg);
	default:
		return rdx_fail(cause, RDX_DB, "%s: %s", what, msg);
	}
}

/* ---- statements ------------------------------------------------------ */

enum rdx_status stmt_prepare(struct db *db, struct stmt *stmt, const char *sql, char **cause)
{
	stmt->db = db;
	stmt->st = NULL;
	stmt->entry = NULL;
	/* Callers pass string literals (insert_rows keeps its generated texts
	 * too): the entry holding the same pointer is compared first, so the
	 * many look-ups an import makes per card compare the text once each
	 * instead of with every entry in turn.  A pointer is only a hint; the
	 * text decides. */
	for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
		struct stmt_cache_entry *e = &db->cache[i];
		if (e->key == sql && e->stmt != NULL && !e->busy && strcmp(e->sql, sql) == 0) {
			e->busy = true;
			stmt->st = e->stmt;
			stmt->entry = e;
			return RDX_OK;
		}
	}
	for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
		struct stmt_cache_entry *e = &db->cache[i];
		if (e->stmt != NULL && !e->busy && strcmp(e->sql, sql) == 0) {
			e->key = sql;
			e->busy = true;
			stmt->st = e->stmt;
			stmt->entry = e;
			return RDX_OK;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(db, rc, "preparing a query", cause);
	stmt->st = st;
	/* Cache it in a free slot, else evict round-robin a slot not in use. */
	for (size_t n = 0; n < STMT_CACHE_SIZE; n++) {
		struct stmt_cache_entry *e = &db->cache[db->cache_next];
		db->cache_next = (db->cache_next + 1) % STMT_CACHE_SIZE;
		if (e->busy)
			continue;
		if (e->stmt != NULL) {
			sqlite3_finalize(e->stmt);
			free(e->sql);
		}
		e->sql = xstrdup(sql);
		e->key = sql;
		e->stmt = st;
		e->busy = true;
		stmt->entry = e;
		break;
	}
	return RDX_OK;
}

void stmt_done(struct stmt *stmt)
{
	if (stmt->st == NULL)
		return;
	sqlite3_reset(stmt->st);
	sqlite3_clear_bindings(stmt->st);
	if (stmt->entry != NULL)
		stmt->entry->busy = false;
	else
		sqlite3_finalize(stmt->st);
	stmt->st = NULL;
	stmt->entry = NULL;
}

static int stmt_param(struct stmt *stmt, const char *name)
{
	int index = sqlite3_bind_parameter_index(stmt->st, name);
	if (index == 0)
		fatal("internal error: query has no parameter %s", name);
	return index;
}

void stmt_bind_text(struct stmt *stmt, const char *name, const char *value)
{
	int index = stmt_param(stmt, name);
	if (value == NULL)
		sqlite3_bind_null(stmt->st, index);
	else
		sqlite3_bind_text(stmt->st, index, value, -1, SQLITE_TRANSIENT);
}

void stmt_bind_int(struct stmt *stmt, const char *name, int64_t value)
{
	sqlite3_bind_int64(stmt->st, stmt_param(stmt, name), value);
}

void stmt_bind_null(struct stmt *stmt, const char *name)
{
	sqlite3_bind_null(stmt->st, stmt_param(stmt, name));
}

int stmt_step(struct stmt *stmt)
{
	return sqlite3_step(stmt->st);
}

enum rdx_status stmt_exec(struct stmt *stmt, char **cause)
{
	int rc;
	while ((rc = sqlite3_step(stmt->st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		return db_error(stmt->db, rc, "writing to the database", cause);
	return RDX_OK;
}

const char *stmt_text(struct stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt->st, column);
	return text != NULL ? (const char *)text : "";
}

char *stmt_text_dup(struct stmt *stmt, int column)
{
	const char *text = stmt_text(stmt, column);
	return xstrndup(text, (size_t)sqlite3_column_bytes(stmt->st, column));
}

int64_t stmt_int(struct stmt *stmt, int column)
{
	return sqlite3_column_int64(stmt->st, column);
}

bool stmt_is_null(struct stmt *stmt, int column)
{
	return sqlite3_column_type(stmt->st, column) == SQLITE_NULL;
}

enum rdx_status db_exec(struct db *db, const char *sql, char **cause)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		enum rdx_status st = db_error(db, rc, "database", cause);
		sqlite3_free(err);
		return st;
	}
	return RDX_OK;
}

enum rdx_status stmt_run(struct db *db, const char *sql, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	if (s != RDX_OK)
		return s;
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

/* ---- transactions ---------------------------------------------------- */

enum rdx_status db_begin(struct db *db, char **cause)
{
	rdx_cause_clear(cause);
	if (db->readonly)
		return rdx_fail(cause, RDX_READONLY, "%s is read-only: nothing can be changed", db->path);
	if (db->depth > 0) {
		db->depth++;
		return RDX_OK;
	}
	/* IMMEDIATE takes the write lock now, so a second process waits here
	 * (busy timeout) instead of failing half-way through. */
	int rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_error(db, rc, "starting a change", cause);
	db->depth = 1;
	db->rollback_only = false;
	enum rdx_status st = journal_begin(db, cause);
	if (st != RDX_OK)
		db_rollback(db);
	return st;
}

enum rdx_status db_commit(struct db *db, char **cause)
{
	rdx_cause_clear(cause);
	if (db->depth == 0)
		fatal("internal error: commit without begin");
	if (--db->depth > 0)
		return RDX_OK;
	if (db->rollback_only) {
		fts_forget(db);
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		journal_end(db, false);
		return rdx_fail(cause, RDX_DB, "the change was rolled back");
	}
	enum rdx_status flushed = journal_commit(db, cause);
	if (flushed == RDX_OK)
		flushed = fts_flush(db, cause);
	else
		fts_forget(db);
	if (flushed != RDX_OK) {
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		journal_end(db, false);
		return flushed;
	}
	int rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum rdx_status st = db_error(db, rc, "saving the change", cause);
		/* A failed COMMIT may leave the transaction open; end it so the
		 * database is as it was before. */
		if (!sqlite3_get_autocommit(db->sql))
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		journal_end(db, false);
		return st;
	}
	journal_end(db, true);
	return RDX_OK;
}

void db_rollback(struct db *db)
{
	if (db->depth == 0)
		return;
	if (--db->depth > 0) {
		db->rollback_only = true;
		return;
	}
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	db->rollback_only = false;
	fts_forget(db);
	journal_end(db, false);
}

int64_t db_data_version(struct db *db)
{
	struct stmt st;
	int64_t version = -1;
	if (stmt_prepare(db, &st, "PRAGMA data_version", NULL) != RDX_OK)
		return -1;
	if (stmt_step(&st) == SQLITE_ROW)
		version = stmt_int(&st, 0);
	stmt_done(&st);
	return version;
}

/* ---- SQL functions ----------------------------------------------------- */

static bool sql_cadence(sqlite3_value *value, struct cadence *c)
{
	const unsigned char *text = sqlite3_value_text(value);
	return text != NULL && *text != '\0' && cadence_parse((const char *)text, c) && c->n > 0;
}

/* rdx_cadence_days(cadence) -> nominal days, NULL when none. */
static void sql_cadence_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct cadence c;
	if (sql_cadence(argv[0], &c))
		sqlite3_result_int(ctx, cadence_days(&c));
	else
		sqlite3_result_null(ctx);
}

/* rdx_next_due(last_date, cadence) -> YYYY-MM-DD, NULL when none: the
 * next_due of card_status_derive, for ordering by it. */
static void sql_next_due(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct card_status status;
	card_status_derive((const char *)sqlite3_value_text(argv[1]), (const char *)sqlite3_value_text(argv[0]), NULL,
			   0, &status);
	if (!status.has_cadence || !status.contacted) {
		sqlite3_result_null(ctx);
		return;
	}
	char out[DATE_TEXT_SIZE];
	date_format(status.next_due, out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* rdx_is_due(cadence, last_date, snooze_until, today) -> 0 or 1: the due
 * rule of card_status_derive, for queries (filters, counts). */
static void sql_is_due(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int today;
	const unsigned char *today_text = sqlite3_value_text(argv[3]);
	if (today_text == NULL || !date_parse((const char *)today_text, &today)) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	struct card_status status;
	card_status_derive((const char *)sqlite3_value_text(argv[0]), (const char *)sqlite3_value_text(argv[1]),
			   (const char *)sqlite3_value_text(argv[2]), today, &status);
	sqlite3_result_int(ctx, status.due);
}

/* rdx_fold(text) -> text_fold(text), for name matching. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *text = sqlite3_value_text(argv[0]);
	if (text == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	char *folded = text_fold((const char *)text);
	sqlite3_result_text(ctx, folded, -1, free);
}

/* rdx_segment(text) -> text_fts_segment(text), for the FTS index. */
static void sql_segment(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *text = sqlite3_value_text(argv[0]);
	if (text == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, text_fts_segment((const char *)text), -1, free);
}

/* rdx_translit(text) -> text_translit(text): Latin spellings of Cyrillic
 * and Greek words, for the search index. */
static void sql_translit(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *text = sqlite3_value_text(argv[0]);
	if (text == NULL) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	sqlite3_result_text(ctx, text_translit((const char *)text), -1, free);
}

/* rdx_phone_words(phones, newline-separated) -> card_phone_search_text. */
static void sql_phone_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *text = sqlite3_value_text(argv[0]);
	if (text == NULL) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	sqlite3_result_text(ctx, card_phone_search_text((const char *)text), -1, free);
}

static void db_register_functions(struct db *db)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	sqlite3_create_function(db->sql, "rdx_cadence_days", 1, flags, NULL, sql_cadence_days, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_next_due", 2, flags, NULL, sql_next_due, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_is_due", 4, flags, NULL, sql_is_due, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_fold", 1, flags, NULL, sql_fold, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_segment", 1, flags, NULL, sql_segment, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_translit", 1, flags, NULL, sql_translit, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_phone_words", 1, flags, NULL, sql_phone_words, NULL, NULL);
	journal_register(db);
}

/* ---- opening ------------------------------------------------------------ */

static int64_t pragma_int(struct db *db, const char *pragma, int *rc_out)
{
	sqlite3_stmt *st = NULL;
	int64_t value = 0;
	int rc = sqlite3_prepare_v2(db->sql, pragma, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			value = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	if (rc_out != NULL)
		*rc_out = rc;
	return value;
}

/* Creates missing folders of path's parent, each 0700 whatever the umask. */
static enum rdx_status make_parent_dirs(const char *path, char **cause)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir) {
		free(dir);
		return RDX_OK;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		bool end = *p == '\0';
		if (*p == '/' || end) {
			char saved = *p;
			*p = '\0';
			struct stat sb;
			if (stat(dir, &sb) != 0) {
				if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
					enum rdx_status st = rdx_fail(cause, RDX_IO, "cannot create folder %s: %s", dir,
								      strerror(errno));
					free(dir);
					return st;
				}
				/* mkdir's mode passes through the umask: say 0700. */
				if (chmod(dir, 0700) != 0) {
					enum rdx_status st = rdx_fail(cause, RDX_IO, "cannot make folder %s private: %s",
								      dir, strerror(errno));
					free(dir);
					return st;
				}
			} else if (!S_ISDIR(sb.st_mode)) {
				enum rdx_status st = rdx_fail(cause, RDX_IO, "%s is not a folder", dir);
				free(dir);
				return st;
			}
			*p = saved;
		}
		if (end)
			break;
	}
	free(dir);
	return RDX_OK;
}

/* Creates an empty file 0600 so that SQLite's journal and WAL files, which
 * copy the database file's mode, are private too. */
static enum rdx_status create_private_file(const char *path, char **cause)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return RDX_OK;
		return rdx_fail(cause, RDX_IO, "cannot create %s: %s", path, strerror(errno));
	}
	/* open's mode passes through the umask: say 0600. */
	enum rdx_status st = RDX_OK;
	if (fchmod(fd, 0600) != 0)
		st = rdx_fail(cause, RDX_IO, "cannot make %s private: %s", path, strerror(errno));
	close(fd);
	return st;
}

static enum rdx_status backup_to(sqlite3 *from, const char *dest_path, char **cause)
{
	if (create_private_file(dest_path, cause) != RDX_OK)
		return RDX_IO;
	sqlite3 *to = NULL;
	int rc = sqlite3_open_v2(dest_path, &to, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
		if (b == NULL) {
			rc = sqlite3_errcode(to);
		} else {
			rc = sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		}
	}
	enum rdx_status st = RDX_OK;
	if (rc != SQLITE_OK)
		st = rdx_fail(cause, RDX_IO, "cannot back up to %s: %s", dest_path,
			      to != NULL ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
	sqlite3_close(to);
	if (st != RDX_OK)
		unlink(dest_path);
	return st;
}

/* Refuses a schema newer than this build's.  Runs before anything is
 * set on the file: even the journal mode is a change to a newer rolodex's
 * file (its header records WAL or not). */
static enum rdx_status db_refuse_newer(struct db *db, char **cause)
{
	int rc;
	int64_t version = pragma_int(db, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK)
		return db_error(db, rc, db->path, cause);
	size_t current = schema_migration_count();
	if (version > (int64_t)current)
		return rdx_fail(cause, RDX_NEWER,
				"%s was written by a newer rolodex (schema %lld, this one knows %zu); "
				"it was left untouched: upgrade rolodex",
				db->path, (long long)version, current);
	return RDX_OK;
}

/* Called after db_refuse_newer. */
static enum rdx_status db_migrate_paused(struct db *db, char **cause);

static enum rdx_status db_migrate(struct db *db, char **cause)
{
	enum rdx_status st = db_migrate_paused(db, cause);
	db->journal.paused = false;
	return st;
}

static enum rdx_status db_migrate_paused(struct db *db, char **cause)
{
	int rc;
	int64_t version = pragma_int(db, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK)
		return db_error(db, rc, db->path, cause);
	size_t current = schema_migration_count();
	if (version == (int64_t)current)
		return RDX_OK;
	if (db->readonly) {
		/* No schema at all: an empty file, or a new one whose first
		 * write was interrupted (its journal rolled back).  Nothing to
		 * read, and not a damaged rolodex. */
		if (version == 0 && pragma_int(db, "SELECT count(*) FROM sqlite_schema", &rc) == 0 && rc == SQLITE_OK)
			return rdx_fail(cause, RDX_NOT_FOUND, "%s is empty", db->path);
		return rdx_fail(cause, RDX_READONLY, "%s needs an upgrade of its schema but is read-only", db->path);
	}

	/* Keep a copy of an older database before changing it. */
	if (version > 0 && strcmp(db->path, ":memory:") != 0) {
		char *copy = xasprintf("%s.v%lld.bak", db->path, (long long)version);
		enum rdx_status st = backup_to(db->sql, copy, cause);
		free(copy);
		if (st != RDX_OK)
			return st;
	}
	/* The journal's triggers are made from the tables as they are: not
	 * before the migration has shaped them (nor is a migration undoable). */
	db->journal.paused = true;
	enum rdx_status st = db_begin(db, cause);
	if (st != RDX_OK)
		return st;
	/* Read again under the write lock: another process may have migrated
	 * (or created) the schema meanwhile, even to a newer version. */
	version = pragma_int(db, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		return db_error(db, rc, db->path, cause);
	}
	if (version > (int64_t)current) {
		db_rollback(db);
		return db_refuse_newer(db, cause);
	}
	for (size_t v = (size_t)version; v < current; v++) {
		st = db_exec(db, schema_migration(v), cause);
		if (st != RDX_OK) {
			db_rollback(db);
			return st;
		}
	}
	char *bump = xasprintf("PRAGMA user_version = %zu; PRAGMA application_id = %d;", current, DB_APPLICATION_ID);
	st = db_exec(db, bump, cause);
	free(bump);
	if (st != RDX_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db, cause);
}

/* Is this SQLite file ours, empty (new), or someone else's? */
static enum rdx_status db_check_identity(struct db *db, char **cause)
{
	int rc;
	int64_t app_id = pragma_int(db, "PRAGMA application_id", &rc);
	if (rc == SQLITE_NOTADB)
		return rdx_fail(cause, RDX_FOREIGN, "%s is not a rolodex database (not an SQLite file); left untouched",
				db->path);
	if (rc != SQLITE_OK)
		return db_error(db, rc, db->path, cause);
	if (app_id == DB_APPLICATION_ID)
		return RDX_OK;
	int64_t tables = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &rc);
	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return rdx_fail(cause, RDX_CORRUPT, "%s is damaged or not a database; left untouched", db->path);
	if (rc != SQLITE_OK)
		return db_error(db, rc, db->path, cause);
	if (app_id != 0 || tables != 0)
		return rdx_fail(cause, RDX_FOREIGN,
				"%s is an SQLite database of another application, not rolodex; left untouched", db->path);
	return RDX_OK;
}

static enum rdx_status db_quick_check(struct db *db, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, "PRAGMA quick_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rdx_fail(cause, RDX_CORRUPT, "%s is damaged (%s); run `rolodex check`", db->path,
				sqlite3_errmsg(db->sql));
	enum rdx_status status = RDX_OK;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		if (text == NULL || strcmp(text, "ok") != 0)
			status = rdx_fail(cause, RDX_CORRUPT, "%s is damaged (%s); run `rolodex check`", db->path,
					  text != NULL ? text : "?");
	} else if (rc != SQLITE_DONE) {
		status = rdx_fail(cause, RDX_CORRUPT, "%s is damaged (%s); run `rolodex check`", db->path,
				  sqlite3_errmsg(db->sql));
	}
	sqlite3_finalize(st);
	return status;
}

/*
 * A process killed in the middle of a write leaves a hot journal beside the
 * file.  A read-only connection cannot roll it back (SQLITE_READONLY_ROLLBACK),
 * so after a crash every reading command would fail with "read-only" until
 * some write came along.  When we may write the file and its folder, one
 * read-write connection that reads the schema rolls the journal back, as the
 * next writer would; then the read-only open proceeds on a clean file.
 */
static void db_recover_hot_journal(const char *path)
{
	char *journal = xasprintf("%s-journal", path);
	struct stat sb;
	bool hot = stat(journal, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
	free(journal);
	if (!hot || access(path, W_OK) != 0)
		return;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	const char *d = slash == NULL ? "." : (slash == dir ? "/" : (*slash = '\0', dir));
	bool dir_writable = access(d, W_OK) == 0;
	free(dir);
	if (!dir_writable)
		return;
	sqlite3 *sql = NULL;
	if (sqlite3_open_v2(path, &sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(sql, DB_BUSY_TIMEOUT_MS);
		sqlite3_exec(sql, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	}
	sqlite3_close(sql);
}

enum rdx_status db_open(const char *path, int flags, struct db **out, char **cause)
{
	/* SQLite's memory statistics take a global mutex on every malloc and
	 * free, which a bulk import does millions of; nothing reads them.  Only possible before
	 * SQLite initialises; later calls fail harmlessly. */
	static bool configured;
	if (!configured) {
		configured = true;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	rdx_cause_clear(cause);
	*out = NULL;
	bool memory = strcmp(path, ":memory:") == 0;
	bool readonly = (flags & DB_OPEN_READONLY) != 0;
	enum rdx_status st;

	if (!memory) {
		struct stat sb;
		if (stat(path, &sb) == 0) {
			if (S_ISDIR(sb.st_mode))
				return rdx_fail(cause, RDX_IO, "%s is a folder, not a database file", path);
			if (!S_ISREG(sb.st_mode))
				return rdx_fail(cause, RDX_IO, "%s is not a regular file", path);
			if (access(path, R_OK) != 0)
				return rdx_fail(cause, RDX_IO, "cannot read %s: %s", path, strerror(errno));
			if (access(path, W_OK) != 0)
				readonly = true;
			else if (readonly)
				db_recover_hot_journal(path);
		} else if (errno != ENOENT) {
			return rdx_fail(cause, RDX_IO, "cannot open %s: %s", path, strerror(errno));
		} else if (readonly) {
			return rdx_fail(cause, RDX_NOT_FOUND, "%s does not exist", path);
		} else {
			st = make_parent_dirs(path, cause);
			if (st != RDX_OK)
				return st;
			st = create_private_file(path, cause);
			if (st != RDX_OK)
				return st;
		}
		/* A file in a folder we cannot write can be read but not
		 * changed: SQLite needs to create its journal beside it. */
		if (!readonly) {
			char *dir = xstrdup(path);
			char *slash = strrchr(dir, '/');
			const char *d = slash == NULL ? "." : (slash == dir ? "/" : (*slash = '\0', dir));
			if (access(d, W_OK) != 0)
				readonly = true;
			free(dir);
		}
	}

	struct db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->readonly = readonly;
	db->journal_mode = "delete";
	/* rolodex uses a connection from one thread only, so SQLite's own
	 * mutexes (one lock per column read) are pure cost. */
	int open_flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOFOLLOW |
			 SQLITE_OPEN_NOMUTEX;
	if (memory)
		open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &db->sql, open_flags, NULL);
	if (rc != SQLITE_OK) {
		st = db_error(db, rc, path, cause);
		db_close(db);
		return st;
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, DB_BUSY_TIMEOUT_MS);
	db_register_functions(db);

	/* A deferred BEGIN reads nothing yet: the checks below take the
	 * shared lock once, and the command's reads keep it.  foreign_keys
	 * is a no-op inside a transaction: set before. */
	if (readonly && (flags & DB_OPEN_SNAPSHOT) && !memory) {
		st = db_exec(db, "PRAGMA foreign_keys = ON; BEGIN", cause);
		if (st != RDX_OK) {
			db_close(db);
			return st;
		}
		db->snapshot = true;
	}
	st = db_check_identity(db, cause);
	if (st == RDX_OK && (flags & DB_OPEN_QUICK_CHECK) && !(flags & DB_OPEN_NO_CHECK) && !memory)
		st = db_quick_check(db, cause);
	if (st == RDX_OK)
		st = db_refuse_newer(db, cause);
	if (st == RDX_OK && !readonly) {
		/* Journal mode is a property of the file; set it before the
		 * first write.  FULL sync: an acknowledged write survives a
		 * power cut.  secure_delete: a purged card leaves no text. */
		const char *mode = db_preferred_journal_mode();
		char *pragmas = xasprintf("PRAGMA journal_mode = %s; PRAGMA synchronous = FULL; "
					  "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
					  memory ? "memory" : mode);
		st = db_exec(db, pragmas, cause);
		free(pragmas);
		db->journal_mode = memory ? "memory" : mode;
	} else if (st == RDX_OK && !db->snapshot) {
		st = db_exec(db, "PRAGMA foreign_keys = ON;", cause);
	}
	if (st == RDX_OK)
		st = db_migrate(db, cause);
	if (st != RDX_OK) {
		db_close(db);
		return st;
	}
	*out = db;
	return RDX_OK;
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->snapshot && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
		if (db->cache[i].stmt != NULL) {
			sqlite3_finalize(db->cache[i].stmt);
			free(db->cache[i].sql);
		}
	}
	sqlite3_close(db->sql);
	free(db->journal.what);
	free(db->journal.created.slots);
	free(db->fts_pending);
	free(db->path);
	free(db);
}

enum rdx_status db_check(struct db *db, char **cause)
{
	rdx_cause_clear(cause);
	const char *checks[] = { "PRAGMA integrity_check", "PRAGMA foreign_key_check" };
	char *report = NULL;
	size_t report_len = 0;
	for (size_t i = 0; i < 2; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db->sql, checks[i], -1, &st, NULL);
		if (rc != SQLITE_OK)
			return rdx_fail(cause, RDX_CORRUPT, "%s: %s", db->path, sqlite3_errmsg(db->sql));
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *text = (const char *)sqlite3_column_text(st, 0);
			if (i == 0 && text != NULL && strcmp(text, "ok") == 0)
				continue;
			char *line = i == 0 ? xasprintf("%s\n", text != NULL ? text : "?")
					    : xasprintf("row %lld of %s refers to a missing %s\n",
							(long long)sqlite3_column_int64(st, 1),
							(const char *)sqlite3_column_text(st, 0),
							(const char *)sqlite3_column_text(st, 2));
			size_t n = strlen(line);
			report = xrealloc(report, report_len + n + 1);
			memcpy(report + report_len, line, n + 1);
			report_len += n;
			free(line);
		}
		if (rc != SQLITE_DONE) {
			free(report);
			sqlite3_finalize(st);
			return rdx_fail(cause, RDX_CORRUPT, "%s: %s", db->path, sqlite3_errmsg(db->sql));
		}
		sqlite3_finalize(st);
	}
	if (report != NULL) {
		if (report_len > 0 && report[report_len - 1] == '\n')
			report[report_len - 1] = '\0';
		enum rdx_status st = rdx_fail(cause, RDX_CORRUPT, "%s has problems:\n%s", db->path, report);
		free(report);
		return st;
	}
	return RDX_OK;
}

enum rdx_status db_check_daily(struct db *db, int today, char **cause)
{
	rdx_cause_clear(cause);
	/* A reader cannot record the check, so it would pay a full read of
	 * the file on every open; it relies on SQLite reporting a damaged
	 * page it reads (db_error: RDX_CORRUPT, "is damaged"). */
	if (db->readonly || strcmp(db->path, ":memory:") == 0)
		return RDX_OK;
	char day[DATE_TEXT_SIZE];
	date_format(today, day);
	char *last = NULL;
	if (db_meta_get(db, "quick_check_passed_on", &last, NULL) == RDX_OK && strcmp(last, day) == 0) {
		free(last);
		return RDX_OK;
	}
	free(last);
	enum rdx_status st = db_quick_check(db, cause);
	if (st == RDX_OK)
		db_meta_set(db, "quick_check_passed_on", day, NULL);
	return st;
}

enum rdx_status db_backup(struct db *db, const char *dest_path, char **cause)
{
	rdx_cause_clear(cause);
	struct stat sb;
	if (lstat(dest_path, &sb) == 0)
		return rdx_fail(cause, RDX_IO, "%s already exists; choose another name", dest_path);
	return backup_to(db->sql, dest_path, cause);
}

enum rdx_status db_card_count(struct db *db, int64_t *count, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT count(*) FROM card WHERE trashed_at IS NULL", cause);
	if (s != RDX_OK)
		return s;
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*count = stmt_int(&st, 0);
	else
		s = db_error(db, rc, "counting cards", cause);
	stmt_done(&st);
	return s;
}

enum rdx_status db_meta_get(struct db *db, const char *key, char **value, char **cause)
{
	rdx_cause_clear(cause);
	*value = NULL;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT value FROM meta WHERE key = :key", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":key", key);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*value = stmt_text_dup(&st, 0);
	else if (rc == SQLITE_DONE)
		s = rdx_fail(cause, RDX_NOT_FOUND, "no value for %s", key);
	else
		s = db_error(db, rc, "reading settings", cause);
	stmt_done(&st);
	return s;
}

enum rdx_status db_meta_set(struct db *db, const char *key, const char *value, char **cause)
{
	enum rdx_status s = db_begin(db, cause);
	if (s != RDX_OK)
		return s;
	struct stmt st;
	s = stmt_prepare(db, &st,
			 "INSERT INTO meta(key, value) VALUES (:key, :value) "
			 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			 cause);
	if (s == RDX_OK) {
		stmt_bind_text(&st, ":key", key);
		stmt_bind_text(&st, ":value", value);
		s = stmt_exec(&st, cause);
		stmt_done(&st);
	}
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db, cause);
}
