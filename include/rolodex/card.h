/*
 * card.h - cards (card.c): one person each, with labelled multi-valued
 * fields, tags, birthday, cadence, snooze and trash; reading, writing and
 * validating them, their derived status and the tags' cadences.  Browsing
 * them in sort order is browse.h; a bulk import's tuning is bulk.h.
 *
 * Times: `today` is a day number (date.h); `now` is a timestamp text
 * "YYYY-MM-DDTHH:MM:SSZ".  Only main.c reads the clock.
 */
#ifndef ROLODEX_CARD_H
#define ROLODEX_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/date.h"
#include "rolodex/limits.h"
#include "rolodex/status.h"

struct db;

enum field_kind { FIELD_EMAIL, FIELD_PHONE, FIELD_ADDRESS, FIELD_URL, FIELD_KIND_COUNT };

/* "email", "phone", "address", "url". */
const char *field_kind_name(enum field_kind kind);
bool field_kind_parse(const char *name, enum field_kind *out);

struct card_field {
	enum field_kind kind;
	char *value; /* owned */
	char *label; /* owned, "" when none: "work", "home", "mobile" ... */
};

/*
 * A card as held in memory.  All strings are owned by the struct, never
 * NULL after card_init ("" when empty); card_done frees them.
 */
struct card {
	int64_t id;          /* 0 until inserted */
	char *uid;           /* stable vCard UID; generated when empty */
	char *name;          /* display name (FN), required */
	char *given;         /* given name; derived from name when both empty */
	char *family;        /* family name */
	char *nickname;
	char *org;
	char *title;
	char *how_met;
	struct birthday birthday;
	bool cadence_set;    /* false: inherit from tags */
	struct cadence cadence; /* when cadence_set; n == 0 is "none" */
	char snooze_until[DATE_TEXT_SIZE]; /* "" when not snoozed */
	char trashed_at[TIMESTAMP_TEXT_SIZE]; /* "" when not in the trash */
	char created_at[TIMESTAMP_TEXT_SIZE];
	char updated_at[TIMESTAMP_TEXT_SIZE];
	int64_t revision;    /* bumped by every update; for conflict checks */

	struct card_field *fields;
	size_t nfields;
	char **tags;         /* folded to lower case, unique */
	size_t ntags;
	/* Unknown vCard properties kept verbatim (unfolded lines), for export. */
	char **extras;
	size_t nextras;
};

void card_init(struct card *card);
void card_done(struct card *card);
/* Setters copy their argument. */
void card_set(char **slot, const char *value);
void card_add_field(struct card *card, enum field_kind kind, const char *value, const char *label);
void card_remove_field(struct card *card, size_t index);
/* Adds a tag (folded, trimmed) unless present. */
void card_add_tag(struct card *card, const char *tag);
void card_remove_tag(struct card *card, const char *tag);
void card_add_extra(struct card *card, const char *line);
/* First field of a kind, or NULL. Borrowed. */
const struct card_field *card_first_field(const struct card *card, enum field_kind kind);

/*
 * Checks a card before writing: non-empty name, valid UTF-8 everywhere,
 * sizes within limits, a real birthday, a sane cadence.  RDX_INVALID or
 * RDX_TOO_LONG with the field named in *cause.
 */
enum rdx_status card_validate(const struct card *card, char **cause);

/* Derives given/family from a display name when both are empty
 * ("Ada Lovelace" -> given "Ada", family "Lovelace"; "Madonna" -> given;
 * "Lovelace, Ada" -> family "Lovelace", given "Ada"). */
void card_split_name(struct card *card);

/* Digits that identify a phone number: the last 8, so "+44 20 7946 0018"
 * and "020 7946 0018" meet.  Fewer than CARD_PHONE_KEY_MIN digits do not
 * identify anyone (an extension, a short code). */
#define CARD_PHONE_KEY_DIGITS 8
#define CARD_PHONE_KEY_MIN 4

/*
 * The match key of a phone number, the one rule by which import, merge and
 * duplicate finding tell two numbers are the same: its last
 * CARD_PHONE_KEY_DIGITS digits into out ("" when it has none).  True when
 * the key has at least CARD_PHONE_KEY_MIN digits.
 */
bool card_phone_key(const char *phone, char out[CARD_PHONE_KEY_DIGITS + 1]);

/*
 * How search finds phone numbers by their digits (spaces, dashes, dots,
 * parentheses ignored).  card_phone_search_text gives the words the search
 * index holds for a card's phones (newline-separated): the digits from each
 * group of the number to its end ("+1 (212) 555-1234": 12125551234,
 * 2125551234, 5551234, 1234), the last 4 and 7 digits, and for a number
 * written with + or 00 its international form "x" + country code and number
 * (x12125551234), and for one written with + its 00 spelling too
 * (0012125551234).  card_phone_search_word turns a search word that is a
 * piece of a phone number ("555-1234", "+33", "0033-1") into the word to
 * look up (5551234, x33, 00331); false for other words, plain digits
 * included ("0033", "001999"), which are looked up as they are and so
 * find names, notes and a number's 00 spelling alike.  Caller frees the
 * text.
 */
char *card_phone_search_text(const char *phones);
bool card_phone_search_word(const char *word, char *out, size_t size);

/* Whether two values of a field of `kind` are the same: phones by their
 * match key (when either has digits), everything else ignoring ASCII case. */
bool card_field_same(enum field_kind kind, const char *a, const char *b);

/* Inserts; sets card->id (and uid/created_at when empty).  One transaction. */
enum rdx_status card_insert(struct db *db, struct card *card, const char *now, char **cause);
/*
 * Replaces the stored card card->id with *card (fields, tags, extras
 * included).  When expected_revision >= 0 and the stored revision differs,
 * nothing is written and RDX_CONFLICT is returned (another process edited
 * the card meanwhile).  Bumps card->revision on success.
 */
enum rdx_status card_update(struct db *db, struct card *card, int64_t expected_revision, const char *now, char **cause);
/* Loads card id (trashed or not) into *card (card_init'ed by the callee). */
enum rdx_status card_load(struct db *db, int64_t id, struct card *card, char **cause);
/* Finds by UID; RDX_NOT_FOUND when none. */
enum rdx_status card_find_uid(struct db *db, const char *uid, int64_t *id, char **cause);

/*
 * Import identities: keys by which an import recognises a card whose file
 * gives no UID, e-mail, profile URL or long phone number (see import.c).
 * card_import_key_add remembers key for card id (a key already remembered
 * keeps its card); card_import_key_foreach calls fn with every key of a
 * card not in the trash (key borrowed for the call; a non-zero return
 * stops the walk).
 */
enum rdx_status card_import_key_add(struct db *db, int64_t id, const char *key, char **cause);
enum rdx_status card_import_key_foreach(struct db *db, int (*fn)(void *ctx, const char *key, int64_t id), void *ctx,
					char **cause);

/*
 * The fields an import recognises a card by (e-mail, phone, profile URL),
 * with the card's name, for every card not in the trash: the cards oldest
 * first (by id), each card's fields of a kind in their order, so a key two
 * cards share goes to the older one.  One pass down the card table and the
 * field index instead of a card_load a card, for the import's duplicate
 * map.  The row's strings are borrowed for the call; a non-zero return
 * stops the walk.
 */
struct card_identity_row {
	int64_t card_id;
	const char *name;
	enum field_kind kind;
	const char *value;
};
enum rdx_status card_identity_foreach(struct db *db, int (*fn)(void *ctx, const struct card_identity_row *row),
				      void *ctx, char **cause);

/* Trash, restore, erase for good (purge works on trashed cards only). */
enum rdx_status card_trash(struct db *db, int64_t id, const char *now, char **cause);
enum rdx_status card_restore(struct db *db, int64_t id, const char *now, char **cause);
enum rdx_status card_purge(struct db *db, int64_t id, char **cause);

/* Sets or clears (date "" ) the snooze. */
enum rdx_status card_snooze(struct db *db, int64_t id, const char *until, const char *now, char **cause);
/* Sets the card's cadence; NULL means inherit from tags. */
enum rdx_status card_set_cadence(struct db *db, int64_t id, const struct cadence *cadence, const char *now, char **cause);

/*
 * Resolves a CARD argument: an id ("42" or "#42"), a UID, or an unambiguous
 * part of a name (case- and accent-insensitive).  An ambiguous reference
 * returns RDX_AMBIGUOUS with up to 10 candidates listed one per line in
 * *cause ("  12  Ada Lovelace").  Trashed cards match only when
 * include_trash.
 */
enum rdx_status card_resolve(struct db *db, const char *ref, bool include_trash, int64_t *id, char **cause);

/*
 * What is derived, never stored: last contact, effective cadence (the
 * card's own, else the shortest default of its tags), due.
 */
struct card_status {
	bool contacted;                  /* has at least one touch */
	int last_date;                   /* day number, when contacted */
	char last_channel[16];
	bool has_cadence;
	struct cadence cadence;          /* effective */
	bool cadence_from_tag;
	bool snoozed;                    /* snooze_until > today */
	int snooze_until;                /* when snoozed */
	bool due;
	int next_due;                    /* day number; when has_cadence and contacted */
	int overdue_days;                /* today - next_due when due and contacted */
};
enum rdx_status card_status_get(struct db *db, int64_t id, int today, struct card_status *out, char **cause);
/*
 * The due rule, defined here once and used by every path: card_status_get,
 * the listings, the review queue, and SQL through rdx_is_due (db.c).  From
 * the card's effective cadence as stored ("3m"; NULL, "" or unparsable:
 * none; the card_state view picks it from the card's own and its tags'),
 * its newest touch's date ("YYYY-MM-DD", NULL when never contacted) and
 * its snooze date (NULL when none), fills *out; last_channel and
 * cadence_from_tag are the caller's to set.  A card with a cadence is due
 * when it was never contacted or its cadence has run out since the last
 * touch (today >= next_due), unless snoozed past today.
 */
void card_status_derive(const char *cadence, const char *last_date, const char *snooze_until, int today,
			struct card_status *out);
/* Whether any live card has an effective cadence (its own or a tag's):
 * without one, nothing can ever be due. */
enum rdx_status card_any_cadence(struct db *db, bool *any, char **cause);

/* A tag as it is stored: folded (lower case, Latin accents removed) with
 * spaces as '-'; two names that normalize alike are one tag.  Caller
 * frees. */
char *tag_normalize(const char *tag);

/* Tags with their card counts and default cadences, by name. */
struct tag_info {
	char *name;
	int64_t cards;
	bool has_cadence;
	struct cadence cadence;
};
enum rdx_status tag_list(struct db *db, struct tag_info **out, size_t *count, char **cause);
void tag_list_free(struct tag_info *tags, size_t count);
/* Sets (or with NULL clears) a tag's default cadence. */
enum rdx_status tag_set_cadence(struct db *db, const char *tag, const struct cadence *cadence, char **cause);
/*
 * Renames tag `from` to `to` on every card that has it (the trash
 * included), in one transaction.  A card that already has `to` keeps one.
 * The default cadence goes with the name unless `to` already has one.
 * Each card changed counts as edited at `now` (sync carries it over).
 * *cards gets how many cards were retagged.  RDX_NOT_FOUND when no card
 * and no setting uses `from`; RDX_INVALID when either name is empty.
 */
enum rdx_status tag_rename(struct db *db, const char *from, const char *to, const char *now, int64_t *cards,
			   char **cause);

/* The tab a sort key falls under. */
char card_tab_of(const char *sort_key);
/* Computes the sort key of a card (caller frees). */
char *card_sort_key(const struct card *card);

/* Generates a new random UID ("urn:uuid:..." form without the prefix). */
char *card_new_uid(void);

#endif
