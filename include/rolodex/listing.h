/*
 * listing.h - streaming lists for the commands that print many cards
 * (list, due, birthdays): one SQL statement per list, walked row by row,
 * each row carrying everything those commands print about a card, so a
 * list of any length costs one walk instead of a load per card.
 *
 * Cards are selected with the browsing filter (struct card_filter in
 * browse.h), so a list shows the same cards as a page or a count with the
 * same filter.  filter->today is today for the derived status and for
 * birthdays.
 */
#ifndef ROLODEX_LISTING_H
#define ROLODEX_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/card.h"
#include "rolodex/browse.h"
#include "rolodex/date.h"
#include "rolodex/note.h"
#include "rolodex/status.h"

struct db;

/*
 * What a walk fetches besides the card's own columns (id, name,
 * organization, title, sort key, birthday), which come free with its row.
 * Each costs a look-up per card, so a command asks only for what it
 * prints.
 */
enum listing_want {
	LISTING_EMAIL = 1 << 0,  /* first email */
	LISTING_PHONE = 1 << 1,  /* first phone */
	LISTING_TAGS = 1 << 2,   /* tags, in the card's order */
	LISTING_STATUS = 1 << 3, /* last contact, effective cadence, snooze, due */
	LISTING_ALL = LISTING_EMAIL | LISTING_PHONE | LISTING_TAGS | LISTING_STATUS,
};

/*
 * One card of a list.  Everything is borrowed from the walk and valid only
 * until the callback returns; strings are never NULL ("" when empty or not
 * asked for).
 */
struct listing_row {
	int64_t id;
	const char *name;
	const char *org;
	const char *title;
	const char *sort_key;
	const char *email;        /* first email (LISTING_EMAIL) */
	const char *phone;        /* first phone (LISTING_PHONE) */
	const char *const *tags;  /* as card_load orders them (LISTING_TAGS) */
	size_t ntags;
	struct birthday birthday; /* month 0: none */
	int birthday_next;        /* birthday_next(&birthday, today) when month != 0 */
	struct card_status status; /* what card_status_get gives (LISTING_STATUS);
				    * zero otherwise */
};

/* Called for each row; returning non-zero stops the walk with RDX_OK. */
typedef int (*listing_fn)(void *ctx, const struct listing_row *row);

/*
 * Every card the filter selects, in sort order (sort key, then id), as
 * card_foreach walks them.  filter must not be NULL.
 */
enum rdx_status listing_walk(struct db *db, const struct card_filter *filter, unsigned want, listing_fn fn,
			     void *ctx, char **cause);

/*
 * The same cards in no particular order (the order they are stored in,
 * read sequentially: cheaper than a walk), for totals and column widths.
 */
enum rdx_status listing_scan(struct db *db, const struct card_filter *filter, unsigned want, listing_fn fn,
			     void *ctx, char **cause);

/*
 * The same cards in the same order as listing_walk, read as listing_scan
 * reads them and sorted: for lists that print every card.  A walk seeks
 * for each card's row and each extra column at random places in the file,
 * which costs several times a sequential read and, to be fast, a page
 * cache as large as the rolodex; the sort keeps within the default page
 * cache and spills the rest to a temporary file, so memory stays the same
 * whatever the number of cards.  The first row comes once all are read.
 */
enum rdx_status listing_sorted(struct db *db, const struct card_filter *filter, unsigned want, listing_fn fn,
			       void *ctx, char **cause);

/* The orders a list can be read in (`rolodex list --sort`, the list pane's `o`). */
enum listing_sort {
	LISTING_SORT_NAME, /* sort key, then id: listing_sorted */
	LISTING_SORT_LAST, /* last contact, the longest ago first, never contacted before all */
	LISTING_SORT_DUE,  /* next due date, soonest first: never contacted with a rhythm first,
			    * cards without a rhythm last */
};
/* "name", "last", "due" to a listing_sort; false when unknown. */
bool listing_sort_parse(const char *text, enum listing_sort *out);
/* As listing_sorted, in the order `by`; ties by sort key, then id. */
enum rdx_status listing_sorted_by(struct db *db, const struct card_filter *filter, enum listing_sort by,
				  unsigned want, listing_fn fn, void *ctx, char **cause);

/*
 * The due cards among the filter's (filter->due_only is implied): the
 * never contacted first, then the longest overdue first; ties by id.  The
 * status is always filled in.
 */
enum rdx_status listing_due(struct db *db, const struct card_filter *filter, unsigned want, listing_fn fn,
			    void *ctx, char **cause);

/*
 * The cards among the filter's (filter->has_birthday is implied) whose
 * next birthday falls within `days` days of today: birthday_next(b, today)
 * - today <= days (0: today only; 29 Feb falls on 28 Feb in common years).
 * Soonest first, ties by id.  days < 0 selects none.
 */
enum rdx_status listing_birthdays(struct db *db, const struct card_filter *filter, int days, unsigned want,
				  listing_fn fn, void *ctx, char **cause);

/* The largest id among the filter's cards, 0 when it selects none. */
enum rdx_status listing_last_id(struct db *db, const struct card_filter *filter, int64_t *id, char **cause);

/*
 * One card in full, as card_load, note_list and touch_list give it but
 * with notes and touches oldest first.  Everything is borrowed from the
 * walk and valid only until the callback returns; never card_done it.
 */
struct listing_card {
	struct card card;
	const struct note *notes;
	size_t nnotes;
	const struct touch *touches;
	size_t ntouches;
};

typedef int (*listing_card_fn)(void *ctx, const struct listing_card *card);

/*
 * Every live card in full, in id order (the order they are stored in),
 * for exports: one sequential pass over each table (cards, fields, tags,
 * kept vCard lines, notes, touches) walked in step by card id, instead of
 * six look-ups per card.  Memory is one card, whatever the number of
 * cards.  Run it inside db_snapshot_begin so that the passes read one
 * state of the database.  fn returning non-zero stops the walk (RDX_OK).
 */
enum rdx_status listing_cards(struct db *db, listing_card_fn fn, void *ctx, char **cause);

#endif
