/*
 * rank.h - private to src/model: every live card's place in sort order,
 * in memory, so a search's matches can be put in order without reading
 * each card's row.
 *
 * Sorting a search's matches by (sort_key, id) in SQL reads the card row
 * of every match (the only index by sort key is keyed by it, not by id),
 * a random read each, which adds up for a short word that matches many
 * cards.  With the map it is an array look-up per match.  The map costs 4 bytes per card id and
 * one walk of the card_live index to build (idle work); it belongs to the
 * connection and is dropped when the data changes.
 */
#ifndef ROLODEX_MODEL_RANK_H
#define ROLODEX_MODEL_RANK_H

#include <stdbool.h>
#include <stdint.h>

#include "rolodex/status.h"

struct db;

/* Builds the map if the data changed since it was built (O(cards)). */
enum rdx_status rank_map_build(struct db *db, char **cause);
/*
 * The map when it is current, else NULL: rank[id] is the 1-based place of
 * live card id in sort order, 0 for ids that are not live cards; ids at or
 * past *size have no place.  Borrowed until the next write or build.
 */
const uint32_t *rank_map_current(struct db *db, int64_t *size);
/* The connection wrote `n` rows to its own temporary tables (a search
 * cache): not a change of the data. */
void rank_map_note_temp_changes(struct db *db, int64_t n);

#endif
