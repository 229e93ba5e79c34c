/*
 * db.h - opening the rolodex database, transactions, schema versions.
 *
 * One struct db per open database.  Every write goes through db_begin /
 * db_commit: the outermost begin is BEGIN IMMEDIATE (so two processes never
 * meet "database is locked" half-way through a write), inner ones only count
 * depth.  Only src/model includes sqlite3.h; other layers see struct db as
 * opaque.
 */
#ifndef ROLODEX_DB_H
#define ROLODEX_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "rolodex/status.h"

struct db;

/* Schema version this build writes (PRAGMA user_version). */
#define DB_SCHEMA_VERSION 6
/* PRAGMA application_id: "RLDX". */
#define DB_APPLICATION_ID 0x524c4458

enum db_open_flags {
	DB_OPEN_READONLY = 1 << 0, /* never write; fails if the file is missing */
	DB_OPEN_NO_CHECK = 1 << 1, /* skip every integrity check (used by `check` itself) */
	DB_OPEN_QUICK_CHECK = 1 << 2, /* run PRAGMA quick_check now, whatever the day */
	/* With DB_OPEN_READONLY: one read transaction from open to close, so
	 * a short reading command sees one state of the file and takes its
	 * lock once instead of once a statement.  Not for a long-lived handle
	 * (the TUI): a rollback-journal writer waits for it to end. */
	DB_OPEN_SNAPSHOT = 1 << 3,
};

/*
 * Opens (creating when missing, unless DB_OPEN_READONLY) the database at
 * path; ":memory:" opens a private in-memory database.  A new file is created
 * 0600 before SQLite opens it, its folder 0700.  Refuses a file that is not a
 * rolodex database (RDX_FOREIGN), a newer schema (RDX_NEWER) and a damaged
 * one (RDX_CORRUPT), leaving the file untouched.  An older schema is copied
 * to "<path>.v<N>.bak" (0600) and migrated in one transaction.  The full
 * PRAGMA quick_check reads the whole file, so it runs when asked
 * (DB_OPEN_QUICK_CHECK) and through db_check_daily, not on every open.  When the file
 * cannot be written, it is opened read-only and db_is_readonly() says so.
 * On success *out owns the handle (db_close).
 */
enum rdx_status db_open(const char *path, int flags, struct db **out, char **cause);
void db_close(struct db *db); /* NULL is a no-op */

bool db_is_readonly(const struct db *db);
const char *db_path(const struct db *db);   /* borrowed */
const char *db_journal_mode(const struct db *db); /* "wal" or "delete" */

/* Nested transactions.  db_commit at depth 1 commits; db_rollback at any
 * depth rolls the whole transaction back (inner failures abort the outer). */
enum rdx_status db_begin(struct db *db, char **cause);
enum rdx_status db_commit(struct db *db, char **cause);
void db_rollback(struct db *db);

/* PRAGMA data_version: changes when another connection commits.  The TUI
 * polls it to reload. */
int64_t db_data_version(struct db *db);

/* Runs PRAGMA integrity_check and foreign_key_check; on problems returns
 * RDX_CORRUPT with the report in *cause. */
enum rdx_status db_check(struct db *db, char **cause);

/*
 * Runs PRAGMA quick_check, which reads the whole file, on the first
 * writing open of a day (recorded in the meta table), so damage is noticed
 * before more is written over it without every open paying for a full
 * read.  A read-only handle skips it: reading commands open read-only, and
 * a damaged page they read fails with RDX_CORRUPT ("... is damaged; run
 * `rolodex check`") from db_error, so damage is reported, never shown as
 * missing cards; `rolodex check` reads everything.  RDX_CORRUPT with the
 * report.
 */
enum rdx_status db_check_daily(struct db *db, int today, char **cause);

/* Online backup (sqlite3_backup_*) to a new file created 0600. */
enum rdx_status db_backup(struct db *db, const char *dest_path, char **cause);

/* Number of cards not in the trash (cheap). */
enum rdx_status db_card_count(struct db *db, int64_t *count, char **cause);

/* Free-form metadata key/value (e.g. "last_sync"); value caller-owned. */
enum rdx_status db_meta_get(struct db *db, const char *key, char **value, char **cause);
enum rdx_status db_meta_set(struct db *db, const char *key, const char *value, char **cause);

/* SQLite library version string, e.g. "3.40.1". */
const char *db_sqlite_version(void);
/* Journal mode chosen for this library: WAL from 3.51.3 on (fixed WAL-reset
 * bug), the rollback journal before. */
const char *db_preferred_journal_mode(void);

#endif
