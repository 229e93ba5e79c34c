/*
 * merge.h - likely duplicates already in the rolodex, and merging one card
 * into another with its notes and touches.
 *
 * Import merges what comes in against what is there (import.h); this is
 * for duplicates that got in anyway: two imports from sources that shared
 * no UID, a sync conflict copy, a card typed twice.  Two live cards are a
 * likely pair when they share an email address (ASCII case ignored) or
 * when their folded names (the sort key: family then given name) and a
 * phone number (its last 8 digits, at least 4) are the same.
 */
#ifndef ROLODEX_MERGE_H
#define ROLODEX_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "rolodex/status.h"

struct db;

struct merge_pair {
	int64_t a, b;  /* card ids, a < b */
	char *name_a;  /* owned */
	char *name_b;  /* owned */
	char *reason;  /* owned: "same email ada@example.org", "same name and phone +44 20 7946 0018" */
};

/*
 * Lists likely duplicate pairs among the live cards, ordered by a then b.
 * A group of k cards sharing an address gives k - 1 pairs (each with the
 * group's lowest id), not k^2: merging them one by one empties the group.
 * Costs one pass over the emails in index order and one over the phones
 * (sorted in memory), O(n log n) for n fields.  Caller frees with
 * merge_pairs_free.
 */
enum rdx_status merge_find_duplicates(struct db *db, struct merge_pair **out, size_t *count, char **cause);
void merge_pairs_free(struct merge_pair *pairs, size_t count);

/*
 * Merges live card from_id into live card into_id in one transaction:
 * empty fields of into are filled from from; emails, phones, addresses,
 * urls, tags and unknown vCard properties are unioned (from's property
 * groups renamed when into already uses them); from's notes and touches
 * move to into (those into already has stay behind); from goes to the
 * trash.  A value both cards hold differently is kept as into has it, and
 * from's value is written into a note on into, so nothing is lost
 * silently.  *conflicts (caller frees) describes those values, NULL when
 * none; it may be NULL when the caller does not want it.  RDX_INVALID
 * when the ids are the same or either card is in the trash, RDX_NOT_FOUND
 * when either is missing.  Nothing changes on failure.
 */
enum rdx_status merge_cards(struct db *db, int64_t from_id, int64_t into_id, const char *now, char **conflicts,
			    char **cause);

#endif
