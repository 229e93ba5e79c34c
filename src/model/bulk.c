/*
 * bulk.c - the connection tuned for one long writing transaction (an
 * import), see bulk.h: a larger page cache, statement journals in memory,
 * and the CHECK on card_field.kind off while card_validate guards it.
 */
#include "rolodex/bulk.h"

#include <stdio.h>

#include "model/db_internal.h"

/* Reads an integer pragma; 0 when it cannot. */
static int64_t pragma_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t value = 0;
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return value;
}

/* Sets temp_store; changing it drops the temporary tables and triggers,
 * so the full-text queue's table and the journal's triggers are made
 * again when next needed. */
static bool temp_store_set(struct db *db, int64_t value)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA temp_store = %lld", (long long)value);
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return false;
	db->fts_temp_ready = false;
	db->journal.ready = false;
	return true;
}

void card_bulk_begin(struct db *db, struct card_bulk *bulk)
{
	bulk->saved_cache = 0;
	bulk->saved_temp_store = -1;
	bulk->checks_off = pragma_int(db, "PRAGMA ignore_check_constraints") == 0 &&
			   sqlite3_exec(db->sql, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL) == SQLITE_OK;
	/* Multi-row INSERTs into tables with a foreign key keep a statement
	 * journal (a row may fail after others went in).  Past 64 KiB SQLite
	 * moves it to a temporary file, and from then on every page a
	 * statement touches is written there; with temp_store = MEMORY it
	 * stays a copy in memory.  The setting is
	 * read when a transaction begins: this comes before db_begin. */
	int64_t store = pragma_int(db, "PRAGMA temp_store");
	if (db->depth == 0 && store != 2 && temp_store_set(db, 2))
		bulk->saved_temp_store = store;
	int64_t size = pragma_int(db, "PRAGMA cache_size");
	int64_t page = pragma_int(db, "PRAGMA page_size");
	int64_t kib = size < 0 ? -size : size * page / 1024;
	if (size == 0 || kib >= CARD_BULK_CACHE_KIB)
		return;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", CARD_BULK_CACHE_KIB);
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) == SQLITE_OK)
		bulk->saved_cache = size;
}

enum rdx_status card_bulk_end(struct db *db, struct card_bulk *bulk, char **cause)
{
	enum rdx_status st = RDX_OK;
	if (bulk->saved_cache != 0) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)bulk->saved_cache);
		sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	}
	if (bulk->saved_temp_store >= 0 && db->depth == 0)
		temp_store_set(db, bulk->saved_temp_store);
	if (bulk->checks_off) {
		int rc = sqlite3_exec(db->sql, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			st = db_error(db, rc, "turning CHECK constraints back on", cause);
	}
	bulk->checks_off = false;
	bulk->saved_cache = 0;
	bulk->saved_temp_store = -1;
	return st;
}
