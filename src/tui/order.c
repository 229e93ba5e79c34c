/*
 * order.c - the browser's cards in an order other than by name (order.h):
 * built from listing_sorted_by, merged with the previous order after a
 * change so the user keeps their place, and searched for ids and tabs.
 */
#include "tui/order.h"

#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/xalloc.h"

void order_init(struct order *o)
{
	memset(o, 0, sizeof *o);
}

void order_done(struct order *o)
{
	free(o->entries);
	order_init(o);
}

void order_add(struct order *o, int64_t id, char tab)
{
	o->entries = xgrow(o->entries, &o->cap, o->n + 1, sizeof *o->entries);
	o->entries[o->n++] = (struct order_entry){ .id = id, .tab = tab };
}

static int order_row(void *ctx, const struct listing_row *row)
{
	order_add(ctx, row->id, card_tab_of(row->sort_key));
	return 0;
}

enum rdx_status order_build(struct order *o, struct db *db, const struct card_filter *filter,
			    enum listing_sort by, char **cause)
{
	o->n = 0;
	enum rdx_status st = listing_sorted_by(db, filter, by, 0, order_row, o, cause);
	if (st != RDX_OK)
		o->n = 0;
	return st;
}

/* An id and where it stands: for finding ids by binary search. */
struct placed {
	int64_t id;
	size_t index;
};

static int placed_by_id(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The entries' ids sorted, each with its index.  Caller frees. */
static struct placed *placed_index(const struct order *o)
{
	struct placed *p = xcalloc(o->n + 1, sizeof *p);
	for (size_t i = 0; i < o->n; i++)
		p[i] = (struct placed){ .id = o->entries[i].id, .index = i };
	qsort(p, o->n, sizeof *p, placed_by_id);
	return p;
}

/* Index in the order behind `index` of id; SIZE_MAX when absent. */
static size_t placed_find(const struct placed *index, size_t n, int64_t id)
{
	struct placed key = { .id = id };
	const struct placed *hit = bsearch(&key, index, n, sizeof key, placed_by_id);
	return hit != NULL ? hit->index : SIZE_MAX;
}

/* A card only in the fresh order: the old index it goes before (SIZE_MAX:
 * the end) and its fresh index, which orders several before one card. */
struct newcomer {
	size_t before;
	size_t fresh;
};

static int newcomer_cmp(const void *a, const void *b)
{
	const struct newcomer *x = a, *y = b;
	if (x->before != y->before)
		return x->before < y->before ? -1 : 1;
	return x->fresh < y->fresh ? -1 : x->fresh > y->fresh;
}

void order_merge(struct order *fresh, const struct order *old)
{
	struct placed *in_old = placed_index(old);
	struct placed *in_fresh = placed_index(fresh);
	struct newcomer *new = xcalloc(fresh->n + 1, sizeof *new);
	size_t nnew = 0;

	/* From the end: the nearest following card that old has. */
	size_t before = SIZE_MAX;
	for (size_t i = fresh->n; i-- > 0;) {
		size_t at = placed_find(in_old, old->n, fresh->entries[i].id);
		if (at != SIZE_MAX)
			before = at;
		else
			new[nnew++] = (struct newcomer){ .before = before, .fresh = i };
	}
	qsort(new, nnew, sizeof *new, newcomer_cmp);

	struct order out;
	order_init(&out);
	size_t k = 0;
	for (size_t i = 0; i <= old->n; i++) {
		while (k < nnew && (new[k].before == i || (i == old->n && new[k].before == SIZE_MAX))) {
			const struct order_entry *e = &fresh->entries[new[k].fresh];
			order_add(&out, e->id, e->tab);
			k++;
		}
		if (i == old->n)
			break;
		size_t at = placed_find(in_fresh, fresh->n, old->entries[i].id);
		if (at != SIZE_MAX)
			order_add(&out, old->entries[i].id, fresh->entries[at].tab); /* the tab may have changed */
	}
	free(new);
	free(in_old);
	free(in_fresh);
	order_done(fresh);
	*fresh = out;
}

void order_remove(struct order *o, size_t i)
{
	memmove(&o->entries[i], &o->entries[i + 1], (o->n - i - 1) * sizeof *o->entries);
	o->n--;
}

size_t order_find(const struct order *o, int64_t id)
{
	for (size_t i = 0; i < o->n; i++) {
		if (o->entries[i].id == id)
			return i;
	}
	return o->n;
}

/* A tab's place in the strip: 'A'..'Z' 0..25, '#' 26. */
static int tab_index(char tab)
{
	return tab >= 'A' && tab <= 'Z' ? tab - 'A' : 26;
}

size_t order_first_in_tab(const struct order *o, char tab)
{
	/* The first card of each tab, in one pass. */
	size_t first[27];
	for (int t = 0; t < 27; t++)
		first[t] = o->n;
	for (size_t i = o->n; i-- > 0;)
		first[tab_index(o->entries[i].tab)] = i;
	for (int t = tab_index(tab); t < 27; t++) {
		if (first[t] < o->n)
			return first[t];
	}
	return o->n;
}

void order_tabs_present(const struct order *o, bool present[27])
{
	for (int t = 0; t < 27; t++)
		present[t] = false;
	for (size_t i = 0; i < o->n; i++)
		present[tab_index(o->entries[i].tab)] = true;
}
