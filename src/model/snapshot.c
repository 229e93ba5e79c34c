/*
 * snapshot.c - a read snapshot for the io layer's bulk reads (export and
 * vdir sync), see snapshot.h.
 *
 * A plain BEGIN (deferred) takes no lock until the first read and then a
 * shared one; it is outside db_begin's depth counting on purpose, since
 * nothing inside the snapshot writes.
 */
#include "rolodex/snapshot.h"

#include <stddef.h>

#include "model/db_internal.h"

enum rdx_status db_snapshot_begin(struct db *db, bool *began, char **cause)
{
	rdx_cause_clear(cause);
	*began = false;
	if (db->depth > 0 || !sqlite3_get_autocommit(db->sql))
		return RDX_OK;
	int rc = sqlite3_exec(db->sql, "BEGIN DEFERRED", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_error(db, rc, "starting a read", cause);
	*began = true;
	return RDX_OK;
}

void db_snapshot_end(struct db *db, bool began)
{
	if (!began || sqlite3_get_autocommit(db->sql))
		return;
	/* Nothing was written, so a COMMIT that fails loses nothing; but the
	 * connection must not keep the transaction (and its shared lock)
	 * open, so it is rolled back instead. */
	if (sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}
