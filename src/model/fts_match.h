/*
 * fts_match.h - private to src/model: testing one card's full-text row
 * against the search words without asking the index.
 *
 * The schema has no FTS5 prefix index, so a short prefix ("s"*) makes
 * FTS5 merge the lists of every word starting with it - the whole index -
 * even to answer "does card 7 match?".  Browsing needs only the first few
 * matches in sort order, and for a common prefix those are among the first
 * cards of the sort order, so it walks the cards and tests each row here:
 * the row's text goes through FTS5's own tokenizer (the table's unicode61
 * with the same arguments), and each word must appear as a phrase whose
 * last token is a prefix, as FTS5 reads the query fts_append_term builds.
 */
#ifndef ROLODEX_MODEL_FTS_MATCH_H
#define ROLODEX_MODEL_FTS_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "rolodex/status.h"

struct db;

/* The columns of card_fts, in order. */
#define FTS_MATCH_COLUMNS 6

/* A search compiled for testing rows; opaque. */
struct fts_matcher;

/*
 * Compiles the words (as typed, one per term) and their columns ("org", or
 * NULL for every column) into *out; the caller frees it with
 * fts_matcher_free.  *out is NULL when the words cannot be tested here
 * exactly (a word without tokens); the caller then asks the index.
 */
enum rdx_status fts_matcher_new(struct db *db, char *const *words, char *const *columns, size_t n,
				struct fts_matcher **out, char **cause);
void fts_matcher_free(struct fts_matcher *m);

/* Whether a row of card_fts (text[i] of len[i] bytes, column i) matches
 * every word. */
bool fts_matcher_test(struct fts_matcher *m, const char *const text[FTS_MATCH_COLUMNS],
		      const size_t len[FTS_MATCH_COLUMNS]);

#endif
