/*
 * bulk.h - tuning the database connection for one long writing
 * transaction, an import (bulk.c).
 */
#ifndef ROLODEX_BULK_H
#define ROLODEX_BULK_H

#include <stdbool.h>
#include <stdint.h>

#include "rolodex/status.h"

struct db;

/*
 * Around one long writing transaction (an import), called before its
 * db_begin and after its commit or rollback: raises SQLite's page cache to
 * CARD_BULK_CACHE_KIB, so the pages of the indexes that grow in random
 * order stay in memory instead of being written out and read back before
 * the commit, and keeps statement journals in memory (temp_store).  Bounded
 * whatever the file's size; only memory, so failing to set either is
 * harmless.  It also turns off the schema's CHECK on card_field.kind for
 * the connection (card_validate rejects a kind outside the enum, and the
 * text written is field_kind_name's): SQLite evaluates that IN list by
 * building a temporary table on every INSERT, which an import of many
 * fields would otherwise pay for each row.
 * card_bulk_end puts all three back.
 */
#define CARD_BULK_CACHE_KIB (32 * 1024)
struct card_bulk {
	int64_t saved_cache;   /* PRAGMA cache_size before; 0: unchanged */
	int64_t saved_temp_store; /* PRAGMA temp_store before; -1: unchanged */
	bool checks_off;          /* ignore_check_constraints turned on here */
};
void card_bulk_begin(struct db *db, struct card_bulk *bulk);
/* Puts the connection back as card_bulk_begin found it.  RDX_DB when the
 * CHECK constraints cannot be turned back on (the cache and temp_store are
 * only memory: failing to restore them is harmless). */
enum rdx_status card_bulk_end(struct db *db, struct card_bulk *bulk, char **cause);

#endif
