/*
 * note.h - timestamped free-text notes on a card, and touches ("I contacted
 * them": date, channel, optional note).  A card's last contact is its newest
 * touch; nothing stores it twice.
 */
#ifndef ROLODEX_NOTE_H
#define ROLODEX_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/card.h"
#include "rolodex/status.h"

struct db;

struct note {
	int64_t id;
	int64_t card_id;
	char at[TIMESTAMP_TEXT_SIZE]; /* when written */
	char *text;                    /* owned, multi-line */
};

/* Adds a note (non-empty, valid UTF-8, at most NOTE_TEXT_MAX bytes; trailing
 * white space trimmed).  *id may be NULL. */
enum rdx_status note_add(struct db *db, int64_t card_id, const char *text, const char *now, int64_t *id, char **cause);
/* Adds notes[0..n) (their text and at; at "" means now) to card_id in one
 * transaction, several rows a statement (an import).  Each text is checked
 * and trimmed as note_add does; nothing is added when one is bad. */
enum rdx_status note_add_many(struct db *db, int64_t card_id, const struct note *notes, size_t n, const char *now,
			      char **cause);
enum rdx_status note_update(struct db *db, int64_t note_id, const char *text, char **cause);
enum rdx_status note_delete(struct db *db, int64_t note_id, char **cause);
/* Newest first; limit 0 = all.  Caller frees with note_list_free. */
enum rdx_status note_list(struct db *db, int64_t card_id, size_t limit, struct note **out, size_t *count, char **cause);
void note_list_free(struct note *notes, size_t count);
/* One note by id; out->text owned (free it).  RDX_NOT_FOUND when none. */
enum rdx_status note_get(struct db *db, int64_t note_id, struct note *out, char **cause);

enum channel {
	CHANNEL_EMAIL,
	CHANNEL_CALL,
	CHANNEL_COFFEE,
	CHANNEL_LUNCH,
	CHANNEL_MEETING,
	CHANNEL_CARD,
	CHANNEL_MESSAGE,
	CHANNEL_EVENT,
	CHANNEL_OTHER,
	CHANNEL_COUNT
};
/* "email", "call", ... */
const char *channel_name(enum channel channel);
bool channel_parse(const char *name, enum channel *out);
/* The one key that picks a channel in the TUI ('e', 'c', 'f' for coffee ...). */
char channel_key(enum channel channel);

/* Who recorded a touch: the user, or `rolodex scan` from what it found. */
enum touch_origin {
	TOUCH_ORIGIN_USER,
	TOUCH_ORIGIN_MAIL,
	TOUCH_ORIGIN_CALENDAR,
	TOUCH_ORIGIN_LINKEDIN,
	TOUCH_ORIGIN_COUNT
};
/* The database's word for an origin ("mail", "calendar", "linkedin"; NULL
 * for the user). */
const char *touch_origin_name(enum touch_origin origin);
enum touch_origin touch_origin_parse(const char *name); /* NULL or unknown: TOUCH_ORIGIN_USER */
/* What a screen shows after the channel ("from mail"); "" for the user. */
const char *touch_origin_phrase(enum touch_origin origin);

struct touch {
	int64_t id;
	int64_t card_id;
	int date;                    /* day number */
	enum channel channel;
	char *note;                  /* owned, "" when none */
	char at[TIMESTAMP_TEXT_SIZE]; /* when recorded */
	enum touch_origin origin;    /* touch_list fills it; touch_add records the user's */
};

/* Records a touch; note may be NULL or "".  *id may be NULL. */
enum rdx_status touch_add(struct db *db, int64_t card_id, int date, enum channel channel, const char *note,
			  const char *now, int64_t *id, char **cause);
/* Records touches[0..n) (date, channel, note, at; at "" means now) on
 * card_id in one transaction, as touch_add would one by one (an import). */
enum rdx_status touch_add_many(struct db *db, int64_t card_id, const struct touch *touches, size_t n,
			       const char *now, char **cause);
/* Changes a touch's date, channel and note (NULL or "" = none), checked as
 * touch_add checks them; the time it was recorded stays. */
enum rdx_status touch_update(struct db *db, int64_t touch_id, int date, enum channel channel, const char *note,
			     char **cause);
enum rdx_status touch_delete(struct db *db, int64_t touch_id, char **cause);
/* Newest first (by date, then recording time); limit 0 = all. */
enum rdx_status touch_list(struct db *db, int64_t card_id, size_t limit, struct touch **out, size_t *count, char **cause);
void touch_list_free(struct touch *touches, size_t count);
/* One touch by id; out->note owned (free it).  RDX_NOT_FOUND when none. */
enum rdx_status touch_get(struct db *db, int64_t touch_id, struct touch *out, char **cause);

#endif
