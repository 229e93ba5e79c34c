/*
 * journal.h - the change journal behind undo.
 *
 * Every committed transaction that changes a card, its fields, tags, notes
 * or touches, or a tag's rhythm is one entry: one user action (a touch, an
 * edit, a bulk touch on twenty marked cards, a whole import).  Each entry
 * holds, row by row, what puts the database back as it was, and the rows as
 * the change left them.  Writers need do nothing to be undoable: the model
 * records every row a transaction changes (journal.c), and a bulk action is
 * one entry because it is one transaction.
 *
 * Undo reverses the newest entry not yet undone, whoever made it (this
 * process, an earlier one, another rolodex), and is itself a committed
 * change.  It refuses, changing nothing, when a row the entry wrote was
 * changed since by something that is not in the journal (a sync, another
 * program).  The journal keeps every entry among the newest
 * JOURNAL_KEEP_ENTRIES or younger than JOURNAL_KEEP_DAYS days.
 */
#ifndef ROLODEX_JOURNAL_H
#define ROLODEX_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/card.h"
#include "rolodex/status.h"

struct db;

#define JOURNAL_KEEP_ENTRIES 100
#define JOURNAL_KEEP_DAYS 90

struct journal_entry {
	int64_t id;
	char at[TIMESTAMP_TEXT_SIZE];        /* when the change was made */
	char *label;                         /* owned: "coffee with Ada Lovelace" */
	int date;                            /* the day it is about (a touch's), 0 when none */
	int64_t cards;                       /* cards it changed */
	char undone_at[TIMESTAMP_TEXT_SIZE]; /* "" while it stands */
};

/* The clock entries are stamped with (clock_now in the program, a fixed
 * one in tests).  Without one, SQLite's UTC clock. */
void journal_set_clock(struct db *db, void (*now)(char out[TIMESTAMP_TEXT_SIZE]));

/*
 * Names the change the open transaction makes, for undo's messages: `what`
 * followed by the card's name ("coffee with" + "Ada Lovelace"), or by "N
 * cards" when the change reached several; with card_id 0, `what` is the
 * whole name.  date: the day the change is about, 0 when none.  The first
 * name given in a transaction stands, except that a whole name (card_id 0)
 * replaces one made from a card: a bulk action (an import, a merge) names
 * itself around the writes it wraps.  Outside a transaction it does nothing.
 */
void journal_label(struct db *db, const char *what, int64_t card_id, int date);

/* The open transaction is not journaled: a sync mirrors another store (its
 * changes are what undo must not overwrite), an erased card must leave no
 * copy behind. */
void journal_skip(struct db *db);

/* Forgets every entry that changed card_id (before it is erased: the
 * journal keeps no copy of an erased card's text).  Inside a transaction. */
enum rdx_status journal_forget_card(struct db *db, int64_t card_id, char **cause);

/*
 * Undoes the newest entry not yet undone, in one transaction, and marks it
 * undone at `now`.  *entry (journal_entry_done) describes it on success and
 * on RDX_CONFLICT.  RDX_NOT_FOUND when there is nothing to undo;
 * RDX_CONFLICT, changing nothing, when a row it wrote was changed since.
 */
enum rdx_status journal_undo(struct db *db, const char *now, struct journal_entry *entry, char **cause);

/* The newest `limit` entries (0 = all), newest first, undone ones too.
 * Caller frees with journal_list_free. */
enum rdx_status journal_list(struct db *db, size_t limit, struct journal_entry **out, size_t *count, char **cause);
void journal_list_free(struct journal_entry *entries, size_t count);
void journal_entry_done(struct journal_entry *entry);

/* "coffee with Ada Lovelace on 5 Dec" (the year shown when it is not
 * today's). */
void journal_describe(const struct journal_entry *entry, int today, char *out, size_t outsize);

#endif
