/*
 * snapshot.h - a read transaction around a long series of reads (an
 * export, a sync's scan), so SQLite takes its shared lock once instead of
 * once per statement, and every read sees the same state of the database.
 * Works on read-only handles too.  No writes may happen in between.
 */
#ifndef ROLODEX_SNAPSHOT_H
#define ROLODEX_SNAPSHOT_H

#include <stdbool.h>

#include "rolodex/status.h"

struct db;

/* Starts a deferred read transaction when none is open; *began says
 * whether this call started one (pass it to db_snapshot_end). */
enum rdx_status db_snapshot_begin(struct db *db, bool *began, char **cause);
/* Ends the read transaction started by db_snapshot_begin (when began). */
void db_snapshot_end(struct db *db, bool began);

#endif
