/*
 * browse.h - which cards a screen or command looks at (a filter), and
 * walking them in sort order through keyset queries, never loading a whole
 * table (browse.c): pages, counts, positions, tabs and streaming.
 */
#ifndef ROLODEX_BROWSE_H
#define ROLODEX_BROWSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/status.h"

struct db;

/*
 * Which cards a screen or command looks at.  query is the search text as a
 * user typed it: words are matched as prefixes over name, nickname,
 * organization, title, emails, phone numbers (by their digits: "555-1234",
 * "+33"), tags and note text (FTS5, case- and accent-insensitive; Cyrillic
 * and Greek names also by their Latin spelling); qualifiers narrow it:
 * `tag:T` (tags starting with T), `org:O`, `due:yes`, `due:no`, `is:trash`,
 * `is:due`, `last:>6m` (last contact longer ago, or never), `last:<2w`,
 * `last:never`, `last:2026` (a contact that year).  Nothing a user types
 * produces an SQL or FTS syntax error; a qualifier with a value it does
 * not know, or one still being typed, narrows nothing (card_filter_problem).
 */
struct card_filter {
	const char *query; /* NULL or "" for all */
	const char *tag;   /* NULL for any; the whole tag */
	bool due_only;
	bool trash;        /* the trash instead of live cards */
	bool has_birthday;
	int today;         /* for due_only, `due:` and `last:` */
};

/*
 * What is wrong with a qualifier in filter->query, as a short hint for the
 * user ("due: yes or no"), or NULL when nothing is.  Such a qualifier
 * narrows nothing.  A static string.
 */
const char *card_filter_problem(const struct card_filter *filter);

/* Position in sort order: (sort_key, id).  sort_key is family name then
 * given name, folded; cards with a single name sort by it. */
struct card_key {
	char *sort_key; /* owned */
	int64_t id;
};
void card_key_done(struct card_key *key);

/* A row of a list: enough to draw a list pane or a table. */
struct card_row {
	int64_t id;
	char *name;     /* owned */
	char *org;      /* owned */
	char *email;    /* first email or "" */
	char *sort_key; /* owned */
	char tab;       /* 'A'..'Z' or '#' */
};
void card_rows_free(struct card_row *rows, size_t count);
/* The row of card id, into *row (RDX_NOT_FOUND when there is none); its
 * strings are the caller's, freed with their array by card_rows_free. */
enum rdx_status card_row_get(struct db *db, int64_t id, struct card_row *row, char **cause);

/*
 * Up to `limit` rows after (forward) or before (backward) `from` in sort
 * order; from == NULL starts at the first (forward) or the last (backward)
 * card.  Rows come back in sort order in both directions.  Caller frees
 * with card_rows_free.
 */
enum rdx_status card_page(struct db *db, const struct card_filter *filter, const struct card_key *from,
			  bool forward, size_t limit, struct card_row **rows, size_t *count, char **cause);

/* Number of cards the filter selects. */
enum rdx_status card_count(struct db *db, const struct card_filter *filter, int64_t *count, char **cause);
/*
 * Number of cards the filter selects, counting no further than cap: a
 * result equal to cap means "cap or more".  Costs at most about cap steps,
 * so a search can say "10,000+" on every keystroke.
 */
enum rdx_status card_count_capped(struct db *db, const struct card_filter *filter, int64_t cap, int64_t *count,
				  char **cause);
/*
 * Counting a slice at a time, for counts and positions over big rolodexes
 * in idle moments: counts up to `limit` of the filter's cards after *from
 * in sort order (from the first when from->sort_key is NULL) and before
 * `to` (NULL: to the end).  *counted gets how many; *from moves to the last
 * one counted (its sort_key is replaced, owned by the caller as before), so
 * the next call goes on; *done is true when nothing is left.  Each call
 * costs about `limit` index steps.
 */
enum rdx_status card_count_slice(struct db *db, const struct card_filter *filter, struct card_key *from,
				 const struct card_key *to, int64_t limit, int64_t *counted, bool *done, char **cause);
/* Whether the filter selects card id (false for no such card); O(log n). */
enum rdx_status card_selected(struct db *db, const struct card_filter *filter, int64_t id, bool *selected,
			      char **cause);
/* Whether there is at least one live card (O(1), unlike db_card_count). */
enum rdx_status card_any(struct db *db, bool *any, char **cause);
/*
 * While fn is set (NULL clears it), the browsing queries call fn(ctx) every
 * few thousand SQLite steps and stop with an error when it returns
 * non-zero: the browser uses it to drop a long search when a key arrives.
 * Only for reads; clear it before writing.
 */
void card_browse_interrupt(struct db *db, int (*fn)(void *ctx), void *ctx);
/*
 * Idle work that makes the pages of a search quick whatever its matches:
 * keeps every live card's place in sort order in memory (4 bytes per card,
 * freed with the connection).  O(cards) the first time and after each
 * change of the data, nearly nothing otherwise; interruptible as above.
 * Without it searches are right, only slower when their matches are many
 * and far down the sort order.
 */
enum rdx_status card_browse_prepare(struct db *db, char **cause);
/* 1-based position of card id among the filter's cards in sort order
 * (RDX_NOT_FOUND when the filter does not select it). */
enum rdx_status card_position(struct db *db, const struct card_filter *filter, int64_t id, int64_t *position, char **cause);
/* The sort key of card id. */
enum rdx_status card_key_of(struct db *db, int64_t id, struct card_key *key, char **cause);
/* First card whose tab is `tab` ('A'..'Z', '#'), or the next tab after it
 * that has cards; RDX_NOT_FOUND when none. */
enum rdx_status card_first_in_tab(struct db *db, const struct card_filter *filter, char tab, int64_t *id, char **cause);
/* present[i] for 'A'+i (i < 26) and present[26] for '#'. */
enum rdx_status card_tabs_present(struct db *db, const struct card_filter *filter, bool present[27], char **cause);

/* Calls fn for every selected card in sort order (streaming, one row in
 * memory at a time); fn returning non-zero stops with RDX_OK. */
enum rdx_status card_foreach(struct db *db, const struct card_filter *filter,
			     int (*fn)(void *ctx, const struct card_row *row), void *ctx, char **cause);

/* One e-mail address of a selected card; the strings are borrowed for the
 * callback only. */
struct card_email_row {
	int64_t card_id;
	const char *name, *org;
	const char *email, *label;
};
/* Calls fn for every e-mail address of every selected card: the cards in
 * sort order, each card's addresses in its order (as card_load lists
 * them).  fn returning non-zero stops with RDX_OK. */
enum rdx_status card_email_foreach(struct db *db, const struct card_filter *filter,
				   int (*fn)(void *ctx, const struct card_email_row *row), void *ctx, char **cause);

#endif
