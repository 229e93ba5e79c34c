/*
 * card.h - cards: one person each, with labelled multi-valued fields, tags,
 * birthday, cadence, snooze and trash; plus browsing them in sort order
 * through keyset queries (never loading a whole table).
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
#include "rolodex/status.h"

struct db;

/* Size limits (bytes), checked by card_validate and the setters. */
#define CARD_NAME_MAX 1024
#define CARD_FIELD_MAX 4096   /* org, title, nickname, a field value */
#define CARD_LABEL_MAX 64
#define CARD_TAG_MAX 64
#define CARD_TEXT_MAX 65536   /* how we met */
#define NOTE_TEXT_MAX 1048576 /* one note: 1 MiB */
#define CARD_MAX_FIELDS 1000
#define CARD_MAX_TAGS 100
#define CARD_EXTRA_MAX 262144 /* one verbatim vCard line */

#define TIMESTAMP_TEXT_SIZE 21 /* "YYYY-MM-DDTHH:MM:SSZ" */

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
 * Around one long writing transaction (an import), called before its
 * db_begin and after its commit or rollback: raises SQLite's page cache to
 * CARD_BULK_CACHE_KIB, so the pages of the indexes that grow in random
 * order stay in memory instead of being written out and read back before
 * the commit, and keeps statement journals in memory (temp_store).  Bounded
 * whatever the file's size; only memory, so failing to set either is
 * harmless.  It also turns off the schema's CHECK on card_field.kind for
 * the connection (card_validate rejects a kind outside the enum, and the
 * text written is field_kind_name's): SQLite evaluates that IN list by
 * building a temporary table on every INSERT, 12% of an import's work.
 * card_bulk_end puts all three back.
 */
#define CARD_BULK_CACHE_KIB (32 * 1024)
struct card_bulk {
	int64_t saved_cache;   /* PRAGMA cache_size before; 0: unchanged */
	int64_t saved_temp_store; /* PRAGMA temp_store before; -1: unchanged */
	bool checks_off;          /* ignore_check_constraints turned on here */
};
void card_bulk_begin(struct db *db, struct card_bulk *bulk);
void card_bulk_end(struct db *db, struct card_bulk *bulk);

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
/* Whether any live card has an effective cadence (its own or a tag's):
 * without one, nothing can ever be due. */
enum rdx_status card_any_cadence(struct db *db, bool *any, char **cause);

/* Tags with their card counts and default cadences. */
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

/* ---- browsing -------------------------------------------------------- */

/*
 * Which cards a screen or command looks at.  query is the search text as a
 * user typed it: words are matched as prefixes over name, nickname,
 * organization, title, emails, tags and note text (FTS5, case- and
 * accent-insensitive); qualifiers narrow it: `tag:T`, `org:O`, `due:yes`,
 * `is:trash`.  Nothing a user types produces an SQL or FTS syntax error.
 */
struct card_filter {
	const char *query; /* NULL or "" for all */
	const char *tag;   /* NULL for any */
	bool due_only;
	bool trash;        /* the trash instead of live cards */
	bool has_birthday;
	int today;         /* for due_only and `due:` */
};

/* Position in sort order: (sort_key, id).  sort_key is family name then
 * given name, folded; cards with a single name sort by it. */
struct card_key {
	char *sort_key; /* owned */
	int64_t id;
};
void card_key_done(struct card_key *key);

/* A row of a list: enough to draw a list pane or a table. */
struct card_row {
	int64_t id;
	char *name;     /* owned */
	char *org;      /* owned */
	char *email;    /* first email or "" */
	char *sort_key; /* owned */
	char tab;       /* 'A'..'Z' or '#' */
};
void card_rows_free(struct card_row *rows, size_t count);

/*
 * Up to `limit` rows after (forward) or before (backward) `from` in sort
 * order; from == NULL starts at the first (forward) or the last (backward)
 * card.  Rows come back in sort order in both directions.  Caller frees
 * with card_rows_free.
 */
enum rdx_status card_page(struct db *db, const struct card_filter *filter, const struct card_key *from,
			  bool forward, size_t limit, struct card_row **rows, size_t *count, char **cause);

/* Number of cards the filter selects. */
enum rdx_status card_count(struct db *db, const struct card_filter *filter, int64_t *count, char **cause);
/*
 * Number of cards the filter selects, counting no further than cap: a
 * result equal to cap means "cap or more".  Costs at most about cap steps,
 * so a search can say "10,000+" on every keystroke.
 */
enum rdx_status card_count_capped(struct db *db, const struct card_filter *filter, int64_t cap, int64_t *count,
				  char **cause);
/*
 * Counting a slice at a time, for counts and positions over big rolodexes
 * in idle moments: counts up to `limit` of the filter's cards after *from
 * in sort order (from the first when from->sort_key is NULL) and before
 * `to` (NULL: to the end).  *counted gets how many; *from moves to the last
 * one counted (its sort_key is replaced, owned by the caller as before), so
 * the next call goes on; *done is true when nothing is left.  Each call
 * costs about `limit` index steps.
 */
enum rdx_status card_count_slice(struct db *db, const struct card_filter *filter, struct card_key *from,
				 const struct card_key *to, int64_t limit, int64_t *counted, bool *done, char **cause);
/* Whether the filter selects card id (false for no such card); O(log n). */
enum rdx_status card_selected(struct db *db, const struct card_filter *filter, int64_t id, bool *selected,
			      char **cause);
/* Whether there is at least one live card (O(1), unlike db_card_count). */
enum rdx_status card_any(struct db *db, bool *any, char **cause);
/*
 * While fn is set (NULL clears it), the browsing queries call fn(ctx) every
 * few thousand SQLite steps and stop with an error when it returns
 * non-zero: the browser uses it to drop a long search when a key arrives.
 * Only for reads; clear it before writing.
 */
void card_browse_interrupt(struct db *db, int (*fn)(void *ctx), void *ctx);
/*
 * Idle work that makes the pages of a search quick whatever its matches:
 * keeps every live card's place in sort order in memory (4 bytes per card,
 * freed with the connection).  O(cards) the first time and after each
 * change of the data, nearly nothing otherwise; interruptible as above.
 * Without it searches are right, only slower when their matches are many
 * and far down the sort order.
 */
enum rdx_status card_browse_prepare(struct db *db, char **cause);
/* 1-based position of card id among the filter's cards in sort order
 * (RDX_NOT_FOUND when the filter does not select it). */
enum rdx_status card_position(struct db *db, const struct card_filter *filter, int64_t id, int64_t *position, char **cause);
/* The sort key of card id. */
enum rdx_status card_key_of(struct db *db, int64_t id, struct card_key *key, char **cause);
/* First card whose tab is `tab` ('A'..'Z', '#'), or the next tab after it
 * that has cards; RDX_NOT_FOUND when none. */
enum rdx_status card_first_in_tab(struct db *db, const struct card_filter *filter, char tab, int64_t *id, char **cause);
/* present[i] for 'A'+i (i < 26) and present[26] for '#'. */
enum rdx_status card_tabs_present(struct db *db, const struct card_filter *filter, bool present[27], char **cause);

/* Calls fn for every selected card in sort order (streaming, one row in
 * memory at a time); fn returning non-zero stops with RDX_OK. */
enum rdx_status card_foreach(struct db *db, const struct card_filter *filter,
			     int (*fn)(void *ctx, const struct card_row *row), void *ctx, char **cause);

/* The tab a sort key falls under. */
char card_tab_of(const char *sort_key);
/* Computes the sort key of a card (caller frees). */
char *card_sort_key(const struct card *card);

/* Generates a new random UID ("urn:uuid:..." form without the prefix). */
char *card_new_uid(void);

#endif
