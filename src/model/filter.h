/*
 * filter.h - private to src/model: a struct card_filter compiled to one SQL
 * WHERE clause over `card c` and the values it binds (filter.c).  browse.c
 * (pages, counts, tabs) and listing.c (streaming lists for the command
 * line) share it, so a filter selects the same cards everywhere.
 */
#ifndef ROLODEX_MODEL_FILTER_H
#define ROLODEX_MODEL_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "model/db_internal.h"
#include "rolodex/browse.h"
#include "rolodex/date.h"

#define FILTER_MAX_TAGS 8
#define FILTER_MAX_LAST 4
/* At most this many different search words count (filter.c says why). */
#define FILTER_MAX_TERMS 32

/* A filter compiled to SQL text and the values it binds. */
struct compiled_filter {
	char *where;   /* "c.trashed_at IS NULL AND ..." */
	char *match;   /* FTS5 expression or NULL */
	/* The words behind match, as typed, and their columns ("org" or
	 * NULL), for testing rows without the index (fts_match.h). */
	char *words[FILTER_MAX_TERMS];
	char *word_columns[FILTER_MAX_TERMS];
	size_t nwords;
	char *tags[FILTER_MAX_TAGS];
	/* tag: in a search matches tags that start with it (tag:acme finds
	 * acme-alumni): tag_end[i] is tags[i] + "\xff", the range's end. */
	char *tag_end[FILTER_MAX_TAGS]; /* NULL: the whole tag */
	bool tag_rare[FILTER_MAX_TAGS]; /* few cards: tested through the tag's index */
	size_t ntags;
	bool due;
	bool not_due;  /* due:no */
	/* Conditions on a card's state besides words and tags (due:, last:):
	 * they are tested in SQL for each candidate. */
	bool state;
	/* last: cut-off dates, bound as :last0.. */
	char last_dates[FILTER_MAX_LAST][DATE_TEXT_SIZE];
	size_t nlast;
	/* A qualifier whose value is unknown or still being typed ("due:y",
	 * "last:>6"): what it takes, for the user; it narrows nothing. */
	const char *problem;
	char today[DATE_TEXT_SIZE];
};

/* Fills *cf from filter (NULL: every live card); free with
 * compiled_filter_done.  The WHERE text names the card table `c` and uses
 * the parameters :match, :tag0.. and :today, which bind_filter binds.
 * db (may be NULL) is asked how many cards carry each tag, which picks how
 * the tag is tested. */
void compile_filter(struct db *db, const struct card_filter *filter, struct compiled_filter *cf);
/* compile_filter with `match_sql` as the condition for the search words
 * instead of an FTS5 MATCH (browse.c tests them against its cached hits). */
void compile_filter_matching(struct db *db, const struct card_filter *filter, struct compiled_filter *cf,
			     const char *match_sql);
void compiled_filter_done(struct compiled_filter *cf);
void bind_filter(struct stmt *st, const struct compiled_filter *cf);

#endif
