/*
 * fts.h - private to src/model: keeping the full-text index in step with
 * cards, and turning what a user typed into a safe FTS5 query.
 */
#ifndef ROLODEX_MODEL_FTS_H
#define ROLODEX_MODEL_FTS_H

#include <stdint.h>

#include "rolodex/status.h"

struct db;

/* Rebuilds card id's row of the index (name, org, title, emails, tags,
 * note and touch text).  Call inside the transaction that changed it. */
enum rdx_status fts_refresh(struct db *db, int64_t id, char **cause);
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
