/*
 * order.h - the browser's cards in an order other than by name (order.c):
 * the ids of the filter's cards as listing_sorted_by gives them (by last
 * contact or by due date; the one rule for those orders), with each card's
 * tab letter, so flipping, positions, counts and the A-Z tabs need no
 * query.  No curses.  Private to src/tui.
 *
 * The order is kept while the user works: when the data changes under the
 * same filter and order, order_merge keeps every card that is still
 * selected in its place (a card just contacted does not jump to the end
 * while the user goes on to the next one), drops the ones that left and
 * puts new ones where the fresh order has them.
 */
#ifndef ROLODEX_TUI_ORDER_H
#define ROLODEX_TUI_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/browse.h"
#include "rolodex/listing.h"
#include "rolodex/status.h"

struct db;

struct order_entry {
	int64_t id;
	char tab; /* 'A'..'Z' or '#': card_tab_of its sort key */
};

struct order {
	struct order_entry *entries; /* owned */
	size_t n, cap;
};

void order_init(struct order *o);
void order_done(struct order *o);

/* Appends a card (for order_build and tests). */
void order_add(struct order *o, int64_t id, char tab);

/*
 * Fills *o (emptied first) with the filter's cards in the order `by`
 * (listing_sorted_by).  On failure *o is empty and *cause says why.
 */
enum rdx_status order_build(struct order *o, struct db *db, const struct card_filter *filter,
			    enum listing_sort by, char **cause);

/*
 * Makes *fresh keep the places of *old: the cards of both in old's order,
 * each card only in fresh just before the card that follows it in fresh
 * and is also in old (at the end when none does); cards only in old are
 * left out.  O(n log n).
 */
void order_merge(struct order *fresh, const struct order *old);

/* Takes out the card at index i (i < o->n). */
void order_remove(struct order *o, size_t i);

/* Index of card id, or o->n when it is not there. */
size_t order_find(const struct order *o, int64_t id);

/* Index of the first card (in this order) under tab, else under the next
 * tab after it that has cards (A..Z then #); o->n when none. */
size_t order_first_in_tab(const struct order *o, char tab);

/* Which tabs have cards: present[i] for 'A'+i, present[26] for '#'. */
void order_tabs_present(const struct order *o, bool present[27]);

#endif
