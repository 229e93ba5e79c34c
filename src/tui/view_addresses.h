/*
 * view_addresses.h - the address list (view_addresses.c): the marked
 * cards' or the filter's addresses as one To: line, to copy or save.
 * Private to src/tui.
 */
#ifndef ROLODEX_TUI_VIEW_ADDRESSES_H
#define ROLODEX_TUI_VIEW_ADDRESSES_H

#include <stddef.h>
#include <stdint.h>

#include "rolodex/browse.h"
#include "tui/view.h"

/*
 * Opens the list of the cards ids (nids > 0: the marked cards, in that
 * order) or else of the cards the filter selects, in sort order.  `filtered`
 * says whether the filter narrows anything (for the title).  When no card
 * has an address, says so in the status line instead.
 */
void view_addresses_open(struct app *app, const int64_t *ids, size_t nids, const struct card_filter *filter,
			 bool filtered);

#endif
