/*
 * review.h - the monthly review: a persisted walk through the rolodex with a
 * queue fixed when it starts, a cursor, and what was done at each card.
 *
 * The state lives in the database (review, review_item), never only in
 * memory: every step below commits before it returns, so a review survives
 * quitting, crashes and `kill -9` and resumes at the same card.  The TUI
 * (src/tui/view_review.c) draws it and the CLI (`review --status`) reports
 * it; neither holds review state of its own.
 *
 * Time is an argument: `today` is a day number (date.h), `now` a timestamp
 * "YYYY-MM-DDTHH:MM:SSZ".  A review keeps the date it started on (its
 * `today`); actions use the date they happen on, so a review that spans a
 * month boundary dates its touches correctly.
 */
#ifndef ROLODEX_REVIEW_H
#define ROLODEX_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rolodex/card.h"
#include "rolodex/note.h"
#include "rolodex/status.h"

struct db;

/* A card's birthday within this many days (today included) queues it. */
#define REVIEW_BIRTHDAY_DAYS 30
/* The browser reminds when the last finished review is older than this. */
#define REVIEW_REMIND_DAYS 30

/* Why a card is in the queue.  The queue is ordered by this first. */
enum review_reason {
	REVIEW_REASON_OVERDUE,  /* contacted, and the cadence has run out */
	REVIEW_REASON_BIRTHDAY, /* birthday within REVIEW_BIRTHDAY_DAYS */
	REVIEW_REASON_NEVER,    /* has a cadence, never contacted */
	REVIEW_REASON_WALK,     /* every other card, after the due ones */
};
/* "overdue", "birthday", "never", "walk" (as stored). */
const char *review_reason_name(enum review_reason reason);

/*
 * What was done at a card, ordered by weight: recording an action never
 * replaces a heavier one (skipping past a card marked contacted leaves it
 * contacted; a note after a snooze leaves it snoozed).
 */
enum review_action {
	REVIEW_ACTION_NONE,
	REVIEW_ACTION_SKIPPED,
	REVIEW_ACTION_EDITED,   /* card edited or its cadence set */
	REVIEW_ACTION_NOTED,
	REVIEW_ACTION_SNOOZED,
	REVIEW_ACTION_CONTACTED,
};
/* "" for NONE, else "skipped", "edited", "noted", "snoozed", "contacted". */
const char *review_action_name(enum review_action action);

struct review_item {
	int64_t position;          /* key within the review (0-based, stored) */
	int64_t card_id;
	enum review_reason reason;
	bool has_reason_date;
	int reason_date;           /* overdue: due since; birthday: the date;
				      walk: last touch */
	enum review_action action;
	char channel[16];          /* when contacted: "coffee" ... */
};

/*
 * A review in memory: a copy of what is stored.  Owned by the caller of
 * review_open / review_load; free with review_free.  Read the fields; change
 * them only through the functions below.
 */
struct review {
	int64_t id;
	char started_at[TIMESTAMP_TEXT_SIZE];
	char finished_at[TIMESTAMP_TEXT_SIZE]; /* "" while active */
	int today;                 /* the date it started on */
	bool all;                  /* started with --all */
	char *tag;                 /* --tag, or NULL; owned */
	bool extended;             /* the walk through every other card was added */
	size_t due_total;          /* items before the walk */
	struct review_item *items; /* in queue order; owned */
	size_t count;
	size_t cursor;             /* index of the current item; == count at the end */
};

struct review_options {
	bool all;        /* every card: the due ones, then all the others */
	const char *tag; /* only cards with this tag, or NULL */
};

enum review_start {
	REVIEW_STARTED, /* a new review was stored */
	REVIEW_RESUMED, /* the one in progress was loaded (options ignored) */
	REVIEW_EMPTY,   /* nothing to review: nothing stored, *out is NULL */
};

/*
 * Resumes the review in progress or, when there is none, builds the queue
 * as of `today` and stores a new review, in one transaction.  Default scope:
 * cards that are due, cards with a birthday within REVIEW_BIRTHDAY_DAYS, and
 * cards with a cadence never contacted, ordered most overdue first, then
 * birthdays by date, then never-contacted cards, each group by name;
 * options->all appends every other card (the walk) at once, options->tag
 * narrows both to one tag.  On resume the cursor passes over cards trashed
 * meanwhile.  *how says which happened; *out (NULL when REVIEW_EMPTY) is
 * owned by the caller.
 */
enum rdx_status review_open(struct db *db, const struct review_options *options, int today, const char *now,
			    struct review **out, enum review_start *how, char **cause);

/* Loads review id as stored (nothing is written).  Caller frees. */
enum rdx_status review_load(struct db *db, int64_t id, struct review **out, char **cause);
/* Loads the review in progress, else the newest one; RDX_NOT_FOUND when
 * there has never been one.  Nothing is written.  Caller frees. */
enum rdx_status review_load_latest(struct db *db, struct review **out, char **cause);
void review_free(struct review *review); /* NULL is a no-op */

/*
 * Re-reads the review from the database (another process may have moved it
 * on or extended it) and passes over the current card when it was trashed
 * meanwhile.  For the TUI's reload after data_version changed.
 */
enum rdx_status review_sync(struct db *db, struct review *review, char **cause);

/* The item under the cursor, or NULL at the end.  Borrowed. */
const struct review_item *review_current(const struct review *review);
/* 1-based position of the current card for "Review · 7 of 42"; at the end
 * the total. */
size_t review_position(const struct review *review);
bool review_at_end(const struct review *review);
bool review_is_finished(const struct review *review);

/*
 * Records an action at the current card (unless a heavier one is there) and,
 * when advance is true, moves on to the next card that is not in the trash,
 * saving the cursor, all in one transaction.  channel: the touch's channel
 * name for REVIEW_ACTION_CONTACTED, else NULL.  For actions another view
 * carried out (the contact prompt, the note editor, the card form).
 * RDX_INVALID at the end of the queue.
 */
enum rdx_status review_mark(struct db *db, struct review *review, enum review_action action, const char *channel,
			    bool advance, const char *now, char **cause);

/* Skip (s, →): marks the card skipped unless something was done, moves on. */
enum rdx_status review_skip(struct db *db, struct review *review, const char *now, char **cause);
/* Back (←): the previous card not in the trash; stays at the first. */
enum rdx_status review_back(struct db *db, struct review *review, char **cause);
/* Contacted: records a touch dated today (note may be NULL or ""), marks the
 * card and moves on; one transaction. */
enum rdx_status review_contacted(struct db *db, struct review *review, int today, enum channel channel,
				 const char *note, const char *now, char **cause);
/* Adds a note to the current card and marks it noted; stays on the card. */
enum rdx_status review_note(struct db *db, struct review *review, const char *text, const char *now, char **cause);
/* Snooze: not due again until next month's review, i.e. snooze_until is the
 * first day of the month after `today` (review_snooze_until); moves on. */
enum rdx_status review_snooze(struct db *db, struct review *review, int today, const char *now, char **cause);
/* Sets the current card's cadence (NULL: inherit from its tags); marks it
 * edited; stays on the card. */
enum rdx_status review_set_cadence(struct db *db, struct review *review, const struct cadence *cadence,
				   const char *now, char **cause);

/* The day a snooze on `today` ends: the first of the next month. */
int review_snooze_until(int today);
/* Snooze until a chosen day (the card is due again on `until`); moves on. */
enum rdx_status review_snooze_to(struct db *db, struct review *review, int until, const char *now, char **cause);
/*
 * How long a snooze asked for lasts: "" is review_snooze_until(today);
 * a span ("1w", "2w", "1m", "3m", "45d") counts from today; a date
 * (YYYY-MM-DD) must be after today.  False when text is none of these.
 */
bool review_snooze_parse(const char *text, int today, int *until);

/*
 * A review still in progress that started in an earlier month than
 * `today`: its queue was fixed then, so cards have become due since and
 * others are no longer due.
 */
bool review_is_stale(const struct review *review, int today);
/* What a refresh did, or would do. */
struct review_refresh {
	size_t added;   /* cards due now that were not queued */
	size_t dropped; /* queued cards nothing was done at, no longer due */
	size_t done;    /* cards something was done at: kept */
};
/* What review_refresh would change as of today; nothing is written. */
enum rdx_status review_refresh_preview(struct db *db, const struct review *review, int today,
				       struct review_refresh *out, char **cause);
/*
 * Brings the queue up to `today`, in one transaction: appends the cards
 * that are due now and were not queued (in a new review's order), drops
 * the queued cards nothing was done at that are no longer due (the walk
 * stays), keeps everything that was done, and puts the cursor on the
 * first card nothing was done at.  The review's date becomes today.
 */
enum rdx_status review_refresh(struct db *db, struct review *review, int today, struct review_refresh *out,
			       char **cause);
/* Abandons the review in progress: it and its queue are deleted (what was
 * done at its cards, touches and notes, stays).  The review struct is then
 * stale: free it. */
enum rdx_status review_abandon(struct db *db, struct review *review, char **cause);

/* How many cards the walk would add now (0 once extended). */
enum rdx_status review_walk_count(struct db *db, const struct review *review, int64_t *count, char **cause);
/*
 * Goes on through every other card, longest untouched first: appends them
 * after the queue (cards added since the review started are left out) and
 * moves the cursor to the first of them.  *added may be NULL.
 */
enum rdx_status review_extend(struct db *db, struct review *review, int64_t *added, char **cause);
/* Ends the review: it goes into the history with its counts. */
enum rdx_status review_finish(struct db *db, struct review *review, const char *now, char **cause);

/* What a review did; still_due counts its cards due as of `today`. */
struct review_summary {
	size_t total;
	size_t contacted, noted, snoozed, skipped, edited;
	size_t by_channel[CHANNEL_COUNT]; /* contacted, per channel */
	size_t still_due;
};
enum rdx_status review_summarize(struct db *db, const struct review *review, int today,
				 struct review_summary *out, char **cause);
/* "contacted 5 — coffee 2, email 3; notes 4; snoozed 2; skipped 29; still
 * due 7" (parts with zero counts left out, except contacted). */
void review_summary_format(const struct review_summary *summary, char *out, size_t outsize);

/*
 * Why the current card is in the queue, in words, from the stored reason and
 * the card's status as of today: "overdue by 2 months — every 3 months,
 * last: coffee on 2 Aug", "birthday on 27 Nov, in 5 days — send a card",
 * "never contacted — every 3 months", "last contacted 5 months ago".
 */
void review_describe_reason(const struct review_item *item, const struct card_status *status, int today,
			    char *out, size_t outsize);
/*
 * What `rolodex scan` found since the last review, for a review's opening:
 * *message (caller frees) is e.g. "Since your last review: 214 touches found
 * in mail and calendar for 97 cards" ("Scans found 9 touches in mail for 2
 * cards" before the first review), NULL when nothing was found.
 */
enum rdx_status review_found_since_last(struct db *db, char **message, char **cause);

/* "Resuming your review of 3 Nov — 12 of 42". */
void review_describe_resume(const struct review *review, int today, char *out, size_t outsize);

/*
 * The browser's reminder on open: *message is NULL when there is nothing to
 * say, else (caller frees) e.g. "Your last review was 2 months ago — 7 cards
 * are due; r starts a review", "7 cards are due — r starts your first
 * review", or "A review is in progress (12 of 42) — r resumes it".
 */
enum rdx_status review_reminder(struct db *db, int today, char **message, char **cause);
/* The same reminder worded for a command line or a notification ("Your
 * last review was 2 months ago — 7 cards are due; rolodex review starts
 * one"), given the number of due cards (as listing_due counts them), for
 * `rolodex remind`. */
enum rdx_status review_reminder_command(struct db *db, int today, int64_t due, char **message, char **cause);

/*
 * The same reminder in two steps, so that the browser paints before it
 * counts anything.  review_reminder_quick never counts: it looks at the
 * review history and, when a reminder is due, for the first due card (a
 * few thousand cards at most); *message is then e.g. "Cards are due — r
 * starts your first review" (caller frees; NULL when quiet) and
 * *count_later says that a count would add the number.  With that number
 * (from review_count_due_slice, in idle time)
 * review_reminder_counted words the full reminder as review_reminder does.
 */
enum rdx_status review_reminder_quick(struct db *db, int today, char **message, bool *count_later, char **cause);
enum rdx_status review_reminder_counted(struct db *db, int today, int64_t due, char **message, char **cause);
/*
 * The count review_reminder_counted takes, a slice of cards at a time so a
 * large rolodex never holds up a key: looks at the next `limit` cards by id
 * after *after_id, adds the live ones due on `today` to *due, moves
 * *after_id on and sets *done when no card is left.  Start with both at 0.
 * A slice stopped by the model's progress handler (card_browse_interrupt)
 * fails and changes neither: run it again later.
 */
enum rdx_status review_count_due_slice(struct db *db, int today, int64_t limit, int64_t *after_id, int64_t *due,
				       bool *done, char **cause);

#endif
