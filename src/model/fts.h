/*
 * fts.h - private to src/model: keeping the full-text index in step with
 * cards, and turning what a user typed into a safe FTS5 query.
 */
#ifndef ROLODEX_MODEL_FTS_H
#define ROLODEX_MODEL_FTS_H

#include <stdbool.h>
#include <stdint.h>

#include "rolodex/status.h"

struct db;

/* Schedules card id's row of the index (name, org, title, emails, tags,
 * note and touch text) to be rebuilt when the transaction that changed it
 * commits, so an import or a card with many notes rebuilds it once.
 * is_new: the card was just inserted and has no row yet.  Call inside a
 * db_begin/db_commit pair. */
void fts_schedule(struct db *db, int64_t id, bool is_new);
/* Rebuilds the scheduled rows; db_commit calls it before COMMIT. */
enum rdx_status fts_flush(struct db *db, char **cause);
/* Forgets the scheduled rows (the transaction rolled back). */
void fts_forget(struct db *db);
/* Drops card id's row (before a purge). */
enum rdx_status fts_remove(struct db *db, int64_t id, char **cause);

/*
 * Builds an FTS5 MATCH expression from user words: each word becomes a
 * quoted phrase with a prefix star ("ada"*), so operators and syntax
 * characters typed by the user are plain text; CJK runs are segmented like
 * the index.  `column` (NULL for all) restricts to one column ("org").
 * Appends " AND " between terms to *expr (caller frees, may start NULL).
 * Words without any letter or digit are dropped.
 */
void fts_append_term(char **expr, const char *word, const char *column);

#endif
