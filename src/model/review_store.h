/*
 * review_store.h - the SQL behind the monthly review (review_store.c).
 * Internal: for the review layer (src/review) only, not a public header.
 *
 * The review layer (src/review) holds the state machine; this module only
 * reads and writes the review and review_item tables and streams the facts
 * the queue is built from, one query for the whole rolodex so that starting
 * a review over 10,000 cards does not stall.  Every write is its own
 * transaction unless the caller has one open (db_begin nests).
 */
#ifndef ROLODEX_REVIEW_STORE_H
#define ROLODEX_REVIEW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/status.h"

struct db;

/*
 * What the queue builder needs to know about one live card: its status on
 * the day asked for (card_status_derive, the rule card_status_get uses) and
 * its birthday.  All text is borrowed and valid only during the callback.
 */
struct review_fact {
	int64_t id;
	const char *name;
	const char *sort_key;
	struct card_status status; /* on `today`; cadence_from_tag not set */
	struct birthday birthday;  /* month 0 when none */
};

/*
 * Calls fn for every live card (in the trash: never), narrowed to the cards
 * tagged `tag` when tag is not NULL, and to the cards of review review_id
 * when review_id > 0, with its status on `today`.  fn returning non-zero
 * stops early (RDX_OK).
 */
enum rdx_status review_store_facts(struct db *db, const char *tag, int64_t review_id, int today,
				   int (*fn)(void *ctx, const struct review_fact *fact), void *ctx,
				   char **cause);

/*
 * The due count behind the review reminder, in slices so that a large
 * rolodex never holds up a key: looks at the next `limit` cards by id
 * after *after_id (live or not), adds the live ones that are due on
 * `today` to *due, moves *after_id on and sets *done when no card is
 * left.  Start with *after_id = 0 and *due = 0.  "Due" is card_status_derive's
 * rule over the card_state view, through rdx_is_due.  An interruption through
 * the progress handler (card_browse_interrupt) fails the slice and leaves
 * *after_id and *due as they were: the caller runs it again later.
 */
enum rdx_status review_store_count_due(struct db *db, int today, int64_t limit, int64_t *after_id,
				       int64_t *due, bool *done, char **cause);

/* One queue entry as stored. */
struct review_store_item {
	int64_t position;           /* key within the review, 0-based */
	int64_t card_id;
	char reason[12];            /* "overdue", "birthday", "never", "walk" */
	char reason_date[DATE_TEXT_SIZE]; /* "" when none */
	char action[12];            /* "" when none, else "contacted" ... */
	char channel[16];           /* "" when none */
};

/* The review row. */
struct review_store_head {
	int64_t id;
	char started_at[TIMESTAMP_TEXT_SIZE];
	char finished_at[TIMESTAMP_TEXT_SIZE]; /* "" while active */
	char today[DATE_TEXT_SIZE];
	char scope[8];              /* "due" or "all" */
	char *tag;                  /* owned; NULL when none */
	int64_t position;           /* cursor: position key of the current item */
	bool extended;
	int64_t due_total;
};
void review_store_head_done(struct review_store_head *head);

/*
 * Creates a review from *head (id, finished_at ignored) with its items, in
 * one transaction; sets head->id.
 */
enum rdx_status review_store_create(struct db *db, struct review_store_head *head,
				    const struct review_store_item *items, size_t count, char **cause);

/*
 * Appends the "walk": every other live card (tag-narrowed like the review)
 * that is not in the review yet and existed when it started, longest
 * untouched first (never contacted first, then oldest last touch, then by
 * name), as items with reason "walk" after the last position.  Sets the
 * review's extended flag.  *added (may be NULL) gets how many were added.
 * One transaction.
 */
enum rdx_status review_store_append_walk(struct db *db, int64_t review_id, int64_t *added, char **cause);

/* The review in progress (newest with no finished_at): RDX_NOT_FOUND when none. */
enum rdx_status review_store_find_active(struct db *db, int64_t *id, char **cause);
/* The newest review, finished or not: RDX_NOT_FOUND when none. */
enum rdx_status review_store_find_last(struct db *db, int64_t *id, char **cause);
/* finished_at of the newest finished review ("" when none) into out. */
enum rdx_status review_store_last_finished(struct db *db, char out[TIMESTAMP_TEXT_SIZE], char **cause);

/*
 * Loads review id: *head (caller calls review_store_head_done) and its items
 * in position order (*items owned by the caller, free()).
 */
enum rdx_status review_store_load(struct db *db, int64_t id, struct review_store_head *head,
				  struct review_store_item **items, size_t *count, char **cause);

/* Saves the cursor. */
enum rdx_status review_store_set_position(struct db *db, int64_t id, int64_t position, char **cause);
/* Deletes review id and its items (abandoning it), one transaction. */
enum rdx_status review_store_delete(struct db *db, int64_t id, char **cause);
/*
 * Refreshes review head->id in one transaction: deletes the items at the
 * positions drop[0..ndrop), inserts add[0..nadd) (their positions after
 * every other item's; action and channel ignored) and stores head's today,
 * position and due_total.
 */
enum rdx_status review_store_requeue(struct db *db, const struct review_store_head *head, const int64_t *drop,
				     size_t ndrop, const struct review_store_item *add, size_t nadd, char **cause);
/* Records what was done at an item (action "" clears; channel may be ""). */
enum rdx_status review_store_set_action(struct db *db, int64_t id, int64_t position, const char *action,
					const char *channel, const char *acted_at, char **cause);
/* Marks the review finished at `now`. */
enum rdx_status review_store_finish(struct db *db, int64_t id, const char *now, char **cause);

/* Whether card id exists and is not in the trash. */
enum rdx_status review_store_card_live(struct db *db, int64_t card_id, bool *live, char **cause);

/* How many cards review_store_append_walk would add now. */
enum rdx_status review_store_count_walk(struct db *db, int64_t review_id, int64_t *count, char **cause);

#endif
