/*
 * card_json.h - a card as JSON, the one shape every JSON rolodex writes a
 * card in: `show --format json`, `list --format json` and `export --format
 * json` (card_json.c).
 */
#ifndef ROLODEX_CARD_JSON_H
#define ROLODEX_CARD_JSON_H

#include <stddef.h>

#include "rolodex/card.h"
#include "rolodex/json.h"
#include "rolodex/note.h"

/*
 * Writes one object for card: its fields, its derived status (effective
 * cadence, last contact, due, next due) from *status, and the notes and
 * touches given, in the order given.  Everything borrowed.
 */
void card_json_write(struct json *j, const struct card *card, const struct card_status *status,
		     const struct note *notes, size_t nnotes, const struct touch *touches, size_t ntouches);

#endif
