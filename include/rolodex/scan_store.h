/*
 * scan_store.h - what `rolodex scan` keeps in the database: found touches
 * with the sources they stand for (a Message-ID, an event occurrence, a
 * LinkedIn conversation's day), and what earlier scans read, so that a
 * rescan opens no file it has seen.
 *
 * The rules a user relies on live here: one touch per card, day and
 * channel; a source already recorded for a card is never added again, even
 * when the user deleted its touch; a scan is one transaction (the caller
 * wraps its calls in db_begin/db_commit).
 */
#ifndef ROLODEX_SCAN_STORE_H
#define ROLODEX_SCAN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/note.h"
#include "rolodex/status.h"

struct db;

/*
 * Calls fn for every email address, URL and name of every live card:
 * kind is "email", "url" or "name"; strings are borrowed for the call.
 * fn returning false stops.
 */
enum rdx_status scan_store_each_contact(struct db *db,
					bool (*fn)(void *arg, int64_t card_id, const char *kind, const char *value),
					void *arg, char **cause);

/* A message an earlier scan read (a row of scan_seen). */
struct scan_seen {
	const char *key;     /* Maildir unique name, "mbox:PATH:OFFSET" or "file:PATH" */
	const char *source;  /* "mid:..." (as touch_source) */
	int day;             /* the Date header's day; -1 when it had none usable */
	int64_t time;        /* the Date in seconds since 1970 */
	const char *subject;
	const char *people;  /* "ROLE\tADDRESS\tNAME\n" lines */
};

/* Calls fn for every remembered message (strings borrowed for the call). */
enum rdx_status scan_store_each_seen(struct db *db, bool (*fn)(void *arg, const struct scan_seen *seen), void *arg,
				     char **cause);
/* Remembers a message (replacing a row with the same key). */
enum rdx_status scan_store_add_seen(struct db *db, const struct scan_seen *seen, char **cause);
/* Forgets every message whose key starts with prefix (an mbox rewritten). */
enum rdx_status scan_store_forget_seen(struct db *db, const char *prefix, char **cause);

/* Where the last scan of an mbox ended: RDX_NOT_FOUND when it was never
 * read; *tail newly allocated (caller frees). */
enum rdx_status scan_store_mbox_get(struct db *db, const char *path, int64_t *size, char **tail, char **cause);
enum rdx_status scan_store_mbox_set(struct db *db, const char *path, int64_t size, const char *tail, char **cause);

/* Calls fn for every (source, card) already recorded, deleted touches'
 * included. */
enum rdx_status scan_store_each_source(struct db *db, bool (*fn)(void *arg, const char *source, int64_t card_id),
				       void *arg, char **cause);

/* A touch found on card_id: channel on day, standing for sources[0..n). */
struct found_touch {
	int64_t card_id;
	int day;
	enum channel channel;
	enum touch_origin origin;
	const char *first_note;     /* the first message's subject or the event's summary */
	const char *const *sources; /* new ones only (not yet recorded for this card) */
	size_t nsources;            /* >= 1 */
};

/*
 * Records t: when the card has a touch on that day with that channel
 * already, the sources join it (a found one's note then counts them all:
 * "Re: lunch? and 29 more"); else a new touch is added.  *added tells
 * which (may be NULL).
 */
enum rdx_status scan_store_add_touch(struct db *db, const struct found_touch *t, const char *now, bool *added,
				     char **cause);

/* "Re: lunch?" for one source, "Re: lunch? and 29 more" for 30 (caller
 * frees).  The one place the phrase is written. */
char *found_note_compose(const char *first_note, size_t count);

/* Found touches recorded after `since` (a timestamp; "" for all), the
 * number of cards they are on, and where they were found (bit 1 << origin
 * for each origin among them; may be NULL). */
enum rdx_status scan_store_found_since(struct db *db, const char *since, int64_t *touches, int64_t *cards,
				       unsigned *origins, char **cause);

#endif
