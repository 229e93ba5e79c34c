/*
 * test_review.c - the monthly review below the TUI: queue building and
 * reasons across dates (month ends, 29 February, year-less birthdays,
 * snoozes, cadences in days, weeks, months and years), state transitions,
 * resume after quitting and after other processes changed cards, the walk,
 * the summary and the browser's reminder.  `:memory:` databases; dates are
 * arguments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rolodex/card.h"
#include "rolodex/browse.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "rolodex/review.h"
#include "model/review_store.h"
#include "unit_helpers.h"

static int D(const char *text)
{
	int days = 0;
	assert_true(date_parse(text, &days));
	return days;
}

/* A timestamp on day `text` (the model orders writes by it). */
static const char *at(const char *text)
{
	static char buf[TIMESTAMP_TEXT_SIZE];
	snprintf(buf, sizeof buf, "%sT09:00:00Z", text);
	return buf;
}

/* Adds a card created on 2020-01-01; cadence NULL inherits, "" none;
 * birthday NULL for none; tag may be NULL. */
static int64_t add(struct db *db, const char *name, const char *cadence, const char *birthday, const char *tag)
{
	struct card c;
	char *cause = NULL;

	card_init(&c);
	card_set(&c.name, name);
	if (cadence != NULL) {
		c.cadence_set = true;
		if (*cadence != '\0')
			assert_true(cadence_parse(cadence, &c.cadence));
	}
	if (birthday != NULL)
		assert_true(birthday_parse(birthday, &c.birthday));
	if (tag != NULL)
		card_add_tag(&c, tag);
	expect_ok(card_insert(db, &c, "2020-01-01T00:00:00Z", &cause), &cause, "card_insert");
	int64_t id = c.id;
	card_done(&c);
	return id;
}

static void touch(struct db *db, int64_t id, const char *date, enum channel ch)
{
	char *cause = NULL;
	expect_ok(touch_add(db, id, D(date), ch, NULL, at(date), NULL, &cause), &cause, "touch_add");
}

static struct review *start(struct db *db, const struct review_options *o, const char *today,
			    enum review_start expect)
{
	struct review *r = NULL;
	enum review_start how;
	char *cause = NULL;

	expect_ok(review_open(db, o, D(today), at(today), &r, &how, &cause), &cause, "review_open");
	assert_int_equal(how, expect);
	if (expect == REVIEW_EMPTY)
		assert_null(r);
	else
		assert_non_null(r);
	return r;
}

static void expect_queue(const struct review *r, const int64_t *ids, const enum review_reason *reasons, size_t n)
{
	assert_int_equal(r->count, n);
	for (size_t i = 0; i < n; i++) {
		if (r->items[i].card_id != ids[i])
			fail_msg("item %zu: card %lld, expected %lld", i, (long long)r->items[i].card_id,
				 (long long)ids[i]);
		assert_int_equal(r->items[i].reason, reasons[i]);
	}
}

static void test_snooze_until(void **state)
{
	(void)state;
	assert_int_equal(review_snooze_until(D("2026-11-22")), D("2026-12-01"));
	assert_int_equal(review_snooze_until(D("2026-11-01")), D("2026-12-01"));
	assert_int_equal(review_snooze_until(D("2026-12-31")), D("2027-01-01"));
	assert_int_equal(review_snooze_until(D("2028-01-31")), D("2028-02-01"));
}

/* ---- queue building ------------------------------------------------- */

static void test_queue_order_and_reasons(void **state)
{
	struct db *db = open_memory();
	(void)state;

	/* overdue by different amounts */
	int64_t little = add(db, "Lou Little", "1m", NULL, NULL);
	touch(db, little, "2026-10-20", CHANNEL_EMAIL);  /* due 11-20: 2 days */
	int64_t lots = add(db, "Lola Lots", "3m", NULL, NULL);
	touch(db, lots, "2026-06-01", CHANNEL_COFFEE);    /* due 09-01: 82 days */
	/* birthdays: year-less in 9 days, with a year in 3 days, 31 days away (out) */
	int64_t bday_far = add(db, "Bea Far", NULL, "--12-01", NULL);
	int64_t bday_near = add(db, "Ben Near", NULL, "1980-11-25", NULL);
	add(db, "Out Of Range", NULL, "--12-23", NULL);
	/* never contacted with a cadence; two of them, ordered by name */
	int64_t never_z = add(db, "Zed Never", "6m", NULL, NULL);
	int64_t never_a = add(db, "Abe Never", "1y", NULL, NULL);
	/* no cadence, no birthday: not queued */
	add(db, "No Rhythm", NULL, NULL, NULL);
	/* contacted recently: not due */
	int64_t fresh = add(db, "Fresh Contact", "3m", NULL, NULL);
	touch(db, fresh, "2026-11-01", CHANNEL_CALL);
	/* snoozed until next month: not queued */
	int64_t snoozed = add(db, "Sno Zed", "1m", NULL, NULL);
	char *cause = NULL;
	expect_ok(card_snooze(db, snoozed, "2026-12-01", at("2026-11-20"), &cause), &cause, "card_snooze");
	/* in the trash: not queued */
	int64_t trashed = add(db, "Trash Can", "1m", NULL, NULL);
	expect_ok(card_trash(db, trashed, at("2026-11-20"), &cause), &cause, "card_trash");

	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	const int64_t ids[] = { lots, little, bday_near, bday_far, never_a, never_z };
	const enum review_reason reasons[] = { REVIEW_REASON_OVERDUE, REVIEW_REASON_OVERDUE,
					       REVIEW_REASON_BIRTHDAY, REVIEW_REASON_BIRTHDAY,
					       REVIEW_REASON_NEVER, REVIEW_REASON_NEVER };
	expect_queue(r, ids, reasons, 6);
	assert_int_equal(r->due_total, 6);
	assert_int_equal(r->cursor, 0);
	assert_int_equal(review_position(r), 1);
	assert_int_equal(r->items[0].reason_date, D("2026-09-01"));
	assert_int_equal(r->items[2].reason_date, D("2026-11-25"));
	assert_int_equal(r->items[3].reason_date, D("2026-12-01"));
	assert_false(r->extended);
	review_free(r);
	db_close(db);
}

static void test_birthdays_across_dates(void **state)
{
	struct db *db = open_memory();
	(void)state;

	/* 29 February falls on 28 February in a common year */
	int64_t leap = add(db, "Leap Day", NULL, "--02-29", NULL);
	/* across the year end */
	int64_t jan = add(db, "Jan Uary", NULL, "1990-01-05", NULL);
	/* today itself */
	int64_t today = add(db, "To Day", NULL, "--02-10", NULL);
	/* just past: next one is a year away */
	add(db, "Just Past", NULL, "--02-09", NULL);

	struct review *r = start(db, NULL, "2027-02-10", REVIEW_STARTED);
	const int64_t ids[] = { today, leap };
	const enum review_reason reasons[] = { REVIEW_REASON_BIRTHDAY, REVIEW_REASON_BIRTHDAY };
	expect_queue(r, ids, reasons, 2);
	assert_int_equal(r->items[1].reason_date, D("2027-02-28"));
	review_free(r);

	/* In a leap year it is the 29th. */
	struct db *db2 = open_memory();
	leap = add(db2, "Leap Day", NULL, "--02-29", NULL);
	r = start(db2, NULL, "2028-02-20", REVIEW_STARTED);
	assert_int_equal(r->count, 1);
	assert_int_equal(r->items[0].reason_date, D("2028-02-29"));
	review_free(r);
	db_close(db2);

	/* 20 December: 5 January is 16 days away */
	struct db *db3 = open_memory();
	jan = add(db3, "Jan Uary", NULL, "1990-01-05", NULL);
	r = start(db3, NULL, "2026-12-20", REVIEW_STARTED);
	assert_int_equal(r->count, 1);
	assert_int_equal(r->items[0].card_id, jan);
	assert_int_equal(r->items[0].reason_date, D("2027-01-05"));
	review_free(r);
	db_close(db3);
	db_close(db);
}

static void test_tag_and_empty(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	struct review *r;
	(void)state;

	int64_t a = add(db, "Acme One", "1m", NULL, "acme-alumni");
	add(db, "Other One", "1m", NULL, "client");

	/* --tag narrows; the tag is folded like stored tags */
	struct review_options o = { .tag = "ACME-Alumni" };
	r = start(db, &o, "2026-11-22", REVIEW_STARTED);
	assert_int_equal(r->count, 1);
	assert_int_equal(r->items[0].card_id, a);
	assert_string_equal(r->tag, "acme-alumni");
	expect_ok(review_finish(db, r, at("2026-11-22"), &cause), &cause, "review_finish");
	review_free(r);

	/* a tag nobody has: nothing is due, nothing stored */
	struct review_options none = { .tag = "nobody" };
	r = start(db, &none, "2026-11-23", REVIEW_EMPTY);
	struct review *last = NULL;
	expect_ok(review_load_latest(db, &last, &cause), &cause, "review_load_latest");
	assert_int_equal(last->id, 1);
	review_free(last);

	/* --all over an empty tag is empty as well */
	struct review_options all_none = { .all = true, .tag = "nobody" };
	start(db, &all_none, "2026-11-23", REVIEW_EMPTY);
	db_close(db);

	/* a fresh rolodex where nobody is due */
	db = open_memory();
	add(db, "Calm Person", NULL, NULL, NULL);
	start(db, NULL, "2026-11-22", REVIEW_EMPTY);
	assert_int_equal(review_load_latest(db, &last, &cause), RDX_NOT_FOUND);
	free(cause);
	db_close(db);
}

/* ---- steps ------------------------------------------------------------ */

static void test_steps_and_resume(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t ids[5];
	(void)state;

	for (int i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof name, "Person %c", 'A' + i);
		ids[i] = add(db, name, "3m", NULL, NULL);
	}
	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	assert_int_equal(r->count, 5);

	/* contacted with a note: a touch dated today, then the next card */
	expect_ok(review_contacted(db, r, D("2026-11-22"), CHANNEL_COFFEE, "talked about the move",
				   at("2026-11-22"), &cause), &cause, "review_contacted");
	assert_int_equal(r->cursor, 1);
	assert_int_equal(r->items[0].action, REVIEW_ACTION_CONTACTED);
	assert_string_equal(r->items[0].channel, "coffee");
	struct touch *touches = NULL;
	size_t n = 0;
	expect_ok(touch_list(db, ids[0], 0, &touches, &n, &cause), &cause, "touch_list");
	assert_int_equal(n, 1);
	assert_int_equal(touches[0].date, D("2026-11-22"));
	assert_int_equal(touches[0].channel, CHANNEL_COFFEE);
	assert_string_equal(touches[0].note, "talked about the move");
	touch_list_free(touches, n);

	/* a note stays on the card */
	expect_ok(review_note(db, r, "Kids: Byron and Annabella", at("2026-11-22"), &cause), &cause, "review_note");
	assert_int_equal(r->cursor, 1);
	assert_int_equal(r->items[1].action, REVIEW_ACTION_NOTED);
	/* skipping a noted card leaves it noted */
	expect_ok(review_skip(db, r, at("2026-11-22"), &cause), &cause, "review_skip");
	assert_int_equal(r->cursor, 2);
	assert_int_equal(r->items[1].action, REVIEW_ACTION_NOTED);

	/* snooze: first of next month, then the next card */
	expect_ok(review_snooze(db, r, D("2026-11-22"), at("2026-11-22"), &cause), &cause, "review_snooze");
	assert_int_equal(r->cursor, 3);
	struct card c;
	expect_ok(card_load(db, ids[2], &c, &cause), &cause, "card_load");
	assert_string_equal(c.snooze_until, "2026-12-01");
	card_done(&c);

	/* back, and going back past the start stays at the first card */
	expect_ok(review_back(db, r, &cause), &cause, "review_back");
	assert_int_equal(r->cursor, 2);
	expect_ok(review_skip(db, r, at("2026-11-22"), &cause), &cause, "review_skip");
	assert_int_equal(r->items[2].action, REVIEW_ACTION_SNOOZED);

	/* set a cadence on card 3: edited, stays */
	struct cadence yearly = { 1, 'y' };
	expect_ok(review_set_cadence(db, r, &yearly, at("2026-11-22"), &cause), &cause, "review_set_cadence");
	assert_int_equal(r->cursor, 3);
	assert_int_equal(r->items[3].action, REVIEW_ACTION_EDITED);
	expect_ok(review_skip(db, r, at("2026-11-22"), &cause), &cause, "review_skip");

	/* "quit" here and resume: the same card, the same marks */
	int64_t id = r->id;
	review_free(r);
	r = start(db, NULL, "2026-11-22", REVIEW_RESUMED);
	assert_int_equal(r->id, id);
	assert_int_equal(r->cursor, 4);
	assert_int_equal(review_position(r), 5);
	assert_int_equal(r->items[0].action, REVIEW_ACTION_CONTACTED);
	assert_int_equal(r->items[1].action, REVIEW_ACTION_NOTED);
	assert_int_equal(r->items[2].action, REVIEW_ACTION_SNOOZED);
	assert_int_equal(r->items[3].action, REVIEW_ACTION_EDITED);
	char words[128];
	review_describe_resume(r, D("2026-11-23"), words, sizeof words);
	assert_string_equal(words, "Resuming your review of 22 Nov — 5 of 5");

	/* the last card skipped: the end, still active */
	expect_ok(review_skip(db, r, at("2026-11-22"), &cause), &cause, "review_skip");
	assert_true(review_at_end(r));
	assert_null(review_current(r));
	assert_int_equal(review_position(r), 5);
	assert_int_equal(review_skip(db, r, at("2026-11-22"), &cause), RDX_INVALID);
	free(cause);
	cause = NULL;

	struct review_summary s;
	expect_ok(review_summarize(db, r, D("2026-11-22"), &s, &cause), &cause, "review_summarize");
	assert_int_equal(s.total, 5);
	assert_int_equal(s.contacted, 1);
	assert_int_equal(s.by_channel[CHANNEL_COFFEE], 1);
	assert_int_equal(s.noted, 1);
	assert_int_equal(s.snoozed, 1);
	assert_int_equal(s.edited, 1);
	assert_int_equal(s.skipped, 1);
	/* B (noted), D (now yearly, never contacted) and E remain due */
	assert_int_equal(s.still_due, 3);
	char text[256];
	review_summary_format(&s, text, sizeof text);
	assert_string_equal(text, "contacted 1 — coffee 1; notes 1; snoozed 1; edited 1; skipped 1; still due 3");

	expect_ok(review_finish(db, r, at("2026-11-22"), &cause), &cause, "review_finish");
	assert_true(review_is_finished(r));
	review_free(r);
	/* finished: the next `review` starts a new one (A and C are no longer due) */
	r = start(db, NULL, "2026-11-23", REVIEW_STARTED);
	assert_int_equal(r->count, 3);
	assert_int_not_equal(r->id, id);
	review_free(r);
	db_close(db);
}

/* A card trashed (or purged) by another process while the review runs is
 * passed over; a card added meanwhile is not added. */
static void test_trashed_meanwhile(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t ids[4];
	(void)state;

	for (int i = 0; i < 4; i++) {
		char name[16];
		snprintf(name, sizeof name, "Person %c", 'A' + i);
		ids[i] = add(db, name, "1m", NULL, NULL);
	}
	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	expect_ok(review_skip(db, r, at("2026-11-22"), &cause), &cause, "review_skip");
	assert_int_equal(r->cursor, 1);
	review_free(r);

	/* meanwhile: B (under the cursor) trashed, C purged, a new card */
	expect_ok(card_trash(db, ids[1], at("2026-11-22"), &cause), &cause, "card_trash");
	expect_ok(card_trash(db, ids[2], at("2026-11-22"), &cause), &cause, "card_trash");
	expect_ok(card_purge(db, ids[2], &cause), &cause, "card_purge");
	add(db, "New Comer", "1m", NULL, NULL);

	r = start(db, NULL, "2026-11-22", REVIEW_RESUMED);
	assert_int_equal(r->count, 3); /* the purged card's item went with it */
	assert_non_null(review_current(r));
	assert_int_equal(review_current(r)->card_id, ids[3]);
	assert_int_equal(review_position(r), 3);
	/* back passes over the trashed card to A */
	expect_ok(review_back(db, r, &cause), &cause, "review_back");
	assert_int_equal(review_current(r)->card_id, ids[0]);
	/* forward passes over it too */
	expect_ok(review_skip(db, r, at("2026-11-22"), &cause), &cause, "review_skip");
	assert_int_equal(review_current(r)->card_id, ids[3]);

	/* the card on screen trashed by someone else: sync moves on */
	expect_ok(card_trash(db, ids[3], at("2026-11-22"), &cause), &cause, "card_trash");
	expect_ok(review_sync(db, r, &cause), &cause, "review_sync");
	assert_true(review_at_end(r));
	review_free(r);
	db_close(db);
}

/* ---- the walk ----------------------------------------------------------- */

static void test_walk(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t count;
	(void)state;

	int64_t due = add(db, "Due Person", "1m", NULL, NULL);
	int64_t old = add(db, "Old Touch", NULL, NULL, NULL);
	touch(db, old, "2024-01-01", CHANNEL_LUNCH);
	int64_t recent = add(db, "Recent Touch", NULL, NULL, NULL);
	touch(db, recent, "2026-11-01", CHANNEL_EMAIL);
	int64_t never_b = add(db, "Bob Never", NULL, NULL, NULL);
	int64_t never_a = add(db, "Al Never", NULL, NULL, NULL);

	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	assert_int_equal(r->count, 1);
	expect_ok(review_skip(db, r, at("2026-11-22"), &cause), &cause, "review_skip");
	assert_true(review_at_end(r));

	/* a card added after the start is not part of the walk */
	struct card c;
	card_init(&c);
	card_set(&c.name, "Late Comer");
	expect_ok(card_insert(db, &c, "2026-11-22T23:59:59Z", &cause), &cause, "card_insert");
	card_done(&c);

	expect_ok(review_walk_count(db, r, &count, &cause), &cause, "review_walk_count");
	assert_int_equal(count, 4);
	expect_ok(review_extend(db, r, &count, &cause), &cause, "review_extend");
	assert_int_equal(count, 4);
	assert_true(r->extended);
	assert_int_equal(r->count, 5);
	assert_int_equal(r->due_total, 1);
	assert_int_equal(r->cursor, 1);
	assert_int_equal(review_position(r), 2);
	const int64_t ids[] = { due, never_a, never_b, old, recent };
	const enum review_reason reasons[] = { REVIEW_REASON_NEVER,
					       REVIEW_REASON_WALK, REVIEW_REASON_WALK, REVIEW_REASON_WALK,
					       REVIEW_REASON_WALK };
	expect_queue(r, ids, reasons, 5);
	expect_ok(review_walk_count(db, r, &count, &cause), &cause, "review_walk_count");
	assert_int_equal(count, 0);

	/* resume keeps the walk and the cursor */
	int64_t id = r->id;
	expect_ok(review_skip(db, r, at("2026-11-22"), &cause), &cause, "review_skip");
	review_free(r);
	r = start(db, NULL, "2026-11-22", REVIEW_RESUMED);
	assert_int_equal(r->id, id);
	assert_int_equal(r->count, 5);
	assert_int_equal(review_current(r)->card_id, never_b);
	review_free(r);
	db_close(db);

	/* --all starts with the walk in place */
	db = open_memory();
	due = add(db, "Due Person", "1m", NULL, NULL);
	old = add(db, "Calm Person", NULL, NULL, NULL);
	struct review_options all = { .all = true };
	r = start(db, &all, "2026-11-22", REVIEW_STARTED);
	assert_true(r->all);
	assert_true(r->extended);
	assert_int_equal(r->due_total, 1);
	assert_int_equal(r->count, 2);
	assert_int_equal(r->items[1].card_id, old);
	review_free(r);
	db_close(db);

	/* --all when nobody is due is the walk alone */
	db = open_memory();
	old = add(db, "Calm Person", NULL, NULL, NULL);
	r = start(db, &all, "2026-11-22", REVIEW_STARTED);
	assert_int_equal(r->count, 1);
	assert_int_equal(r->due_total, 0);
	assert_int_equal(r->items[0].reason, REVIEW_REASON_WALK);
	review_free(r);
	db_close(db);
}

/* A review that starts on 30 November and goes on in December. */
static void test_month_boundary(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	(void)state;

	int64_t a = add(db, "Ann", "1m", NULL, NULL);
	int64_t b = add(db, "Bob", "1m", NULL, NULL);
	touch(db, a, "2026-10-15", CHANNEL_EMAIL);
	touch(db, b, "2026-10-20", CHANNEL_EMAIL);

	struct review *r = start(db, NULL, "2026-11-30", REVIEW_STARTED);
	assert_int_equal(r->count, 2);
	expect_ok(review_contacted(db, r, D("2026-11-30"), CHANNEL_CALL, NULL, at("2026-11-30"), &cause), &cause,
		  "review_contacted");
	review_free(r);

	r = start(db, NULL, "2026-12-01", REVIEW_RESUMED);
	assert_int_equal(r->today, D("2026-11-30"));
	char words[160];
	review_describe_resume(r, D("2026-12-01"), words, sizeof words);
	assert_string_equal(words, "Resuming your review of 30 Nov — 2 of 2");
	expect_ok(review_snooze(db, r, D("2026-12-01"), at("2026-12-01"), &cause), &cause, "review_snooze");
	struct card c;
	expect_ok(card_load(db, b, &c, &cause), &cause, "card_load");
	assert_string_equal(c.snooze_until, "2027-01-01");
	card_done(&c);
	review_free(r);
	db_close(db);
}

/* ---- words ------------------------------------------------------------- */

static void test_reason_words(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL, text[200];
	struct card_status st;
	int today = D("2026-11-22");
	(void)state;

	int64_t over = add(db, "Ada", "3m", NULL, NULL);
	touch(db, over, "2026-08-02", CHANNEL_COFFEE);
	int64_t bday = add(db, "Bea", NULL, "--11-27", NULL);
	int64_t never = add(db, "Cy", "3m", NULL, NULL);
	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	assert_int_equal(r->count, 3);

	expect_ok(card_status_get(db, over, today, &st, &cause), &cause, "card_status_get");
	review_describe_reason(&r->items[0], &st, today, text, sizeof text);
	assert_string_equal(text, "overdue by 2 weeks — every 3 months, last: coffee on 2 Aug");

	expect_ok(card_status_get(db, bday, today, &st, &cause), &cause, "card_status_get");
	review_describe_reason(&r->items[1], &st, today, text, sizeof text);
	assert_string_equal(text, "birthday on 27 Nov, in 5 days — send a card");
	review_describe_reason(&r->items[1], &st, D("2026-11-27"), text, sizeof text);
	assert_string_equal(text, "birthday today — send a card");

	expect_ok(card_status_get(db, never, today, &st, &cause), &cause, "card_status_get");
	review_describe_reason(&r->items[2], &st, today, text, sizeof text);
	assert_string_equal(text, "never contacted — every 3 months");

	struct review_item walk = { .reason = REVIEW_REASON_WALK };
	expect_ok(card_status_get(db, over, today, &st, &cause), &cause, "card_status_get");
	review_describe_reason(&walk, &st, today, text, sizeof text);
	assert_string_equal(text, "last contacted 3 months ago (coffee on 2 Aug) — every 3 months");
	review_free(r);
	db_close(db);
}

static void test_summary_format(void **state)
{
	struct review_summary s = { 0 };
	char text[200];
	(void)state;

	s.contacted = 5;
	s.by_channel[CHANNEL_COFFEE] = 2;
	s.by_channel[CHANNEL_EMAIL] = 3;
	s.noted = 4;
	s.snoozed = 2;
	s.skipped = 29;
	s.still_due = 7;
	review_summary_format(&s, text, sizeof text);
	assert_string_equal(text, "contacted 5 — email 3, coffee 2; notes 4; snoozed 2; skipped 29; still due 7");
	memset(&s, 0, sizeof s);
	review_summary_format(&s, text, sizeof text);
	assert_string_equal(text, "contacted 0; still due 0");
	/* cut, never overflowing */
	s.contacted = 1;
	review_summary_format(&s, text, 8);
	assert_string_equal(text, "contact");
}

/* ---- the reminder -------------------------------------------------------- */

static void test_reminder(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL, *msg = NULL;
	(void)state;

	/* never a review, nobody due: quiet */
	add(db, "Calm", NULL, NULL, NULL);
	expect_ok(review_reminder(db, D("2026-11-22"), &msg, &cause), &cause, "review_reminder");
	assert_null(msg);

	/* never a review, cards due */
	add(db, "Due One", "1m", NULL, NULL);
	add(db, "Due Two", "1m", NULL, NULL);
	expect_ok(review_reminder(db, D("2026-11-22"), &msg, &cause), &cause, "review_reminder");
	assert_string_equal(msg, "2 cards are due — r starts your first review");
	free(msg);
	/* The count in the style of every other count on the screen. */
	expect_ok(review_reminder_counted(db, D("2026-11-22"), 8137, &msg, &cause), &cause, "review_reminder_counted");
	assert_string_equal(msg, "8,137 cards are due — r starts your first review");
	free(msg);

	/* in progress */
	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	expect_ok(review_reminder(db, D("2026-11-22"), &msg, &cause), &cause, "review_reminder");
	assert_string_equal(msg, "A review is in progress (1 of 2) — r resumes it");
	free(msg);
	expect_ok(review_finish(db, r, at("2026-11-22"), &cause), &cause, "review_finish");
	review_free(r);

	/* finished 30 days ago: quiet; 31 days: reminded */
	expect_ok(review_reminder(db, D("2026-12-22"), &msg, &cause), &cause, "review_reminder");
	assert_null(msg);
	expect_ok(review_reminder(db, D("2026-12-23"), &msg, &cause), &cause, "review_reminder");
	assert_string_equal(msg, "Your last review was 4 weeks ago — 2 cards are due; r starts a review");
	free(msg);
	db_close(db);
}

/* ---- bigger ------------------------------------------------------------- */

static void test_many_cards(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	(void)state;

	expect_ok(db_begin(db, &cause), &cause, "db_begin");
	for (int i = 0; i < 2000; i++) {
		char name[32];
		snprintf(name, sizeof name, "Person %04d", i);
		int64_t id = add(db, name, i % 2 ? "1m" : NULL, NULL, NULL);
		if (i % 4 == 1)
			touch(db, id, i % 8 == 1 ? "2026-01-01" : "2026-11-01", CHANNEL_EMAIL);
	}
	expect_ok(db_commit(db, &cause), &cause, "db_commit");
	struct review_options all = { .all = true };
	struct review *r = start(db, &all, "2026-11-22", REVIEW_STARTED);
	assert_int_equal(r->count, 2000);
	/* odd cards have a cadence: 1 in 4 was touched recently, so 750 due */
	assert_int_equal(r->due_total, 750);
	/* the overdue ones first, then the never contacted ones */
	assert_int_equal(r->items[0].reason, REVIEW_REASON_OVERDUE);
	assert_int_equal(r->items[249].reason, REVIEW_REASON_OVERDUE);
	assert_int_equal(r->items[250].reason, REVIEW_REASON_NEVER);
	assert_int_equal(r->items[750].reason, REVIEW_REASON_WALK);
	for (size_t i = 1; i < r->count; i++)
		assert_true(r->items[i].position > r->items[i - 1].position);
	review_free(r);
	db_close(db);
}

/*
 * Every path that asks "is it due?" applies the one rule
 * (card_status_derive over card_state) to the same cards: the reminder's
 * count (review_store_count_due, in slices by id), `rolodex due`
 * (card_count with the due filter), the review queue's overdue and
 * never-contacted items and card_status_get, on a generated rolodex: own cadences (none, set,
 * inherited), tags with and without default cadences (the shortest wins),
 * touches before and after the due date, snoozes past and future, cards in
 * the trash.
 */
static uint32_t draw(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

static void test_due_count_agrees(void **state)
{
	static const char *const own[] = { NULL, NULL, NULL, "", "2w", "1m", "3m", "45d", "1y" };
	static const char *const tags[] = { "close", "client", "family", "plain" };
	static const char *const dates[] = { "2025-06-30", "2026-05-01", "2026-08-20", "2026-10-25",
					     "2026-11-10", "2026-11-21" };
	struct cadence weekly = { 1, 'w' }, monthly = { 1, 'm' }, fortnight = { 2, 'w' };
	const char *today_text = "2026-11-22";
	int today = D(today_text);
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t ids[600];
	size_t n = sizeof ids / sizeof ids[0];
	uint32_t seed = 12345;
	(void)state;

	expect_ok(tag_set_cadence(db, "close", &weekly, &cause), &cause, "tag_set_cadence");
	expect_ok(tag_set_cadence(db, "client", &monthly, &cause), &cause, "tag_set_cadence");
	expect_ok(tag_set_cadence(db, "family", &fortnight, &cause), &cause, "tag_set_cadence");
	expect_ok(db_begin(db, &cause), &cause, "db_begin");
	for (size_t i = 0; i < n; i++) {
		struct card c;
		char name[32];

		card_init(&c);
		snprintf(name, sizeof name, "Person %03zu", i);
		card_set(&c.name, name);
		const char *cad = own[draw(&seed) % 9];
		if (cad != NULL) {
			c.cadence_set = true;
			if (*cad != '\0')
				assert_true(cadence_parse(cad, &c.cadence));
		}
		uint32_t tagged = draw(&seed);
		for (unsigned k = 0; k < 4; k++)
			if ((tagged >> k) & 1)
				card_add_tag(&c, tags[(k + i) % 4]);
		expect_ok(card_insert(db, &c, "2020-01-01T00:00:00Z", &cause), &cause, "card_insert");
		ids[i] = c.id;
		card_done(&c);
		for (uint32_t k = draw(&seed) % 4; k > 0; k--)
			touch(db, ids[i], dates[draw(&seed) % 6], CHANNEL_EMAIL);
		if (draw(&seed) % 7 == 0)
			expect_ok(card_snooze(db, ids[i], draw(&seed) % 2 ? "2026-12-01" : "2026-11-01", at("2026-11-01"),
					      &cause), &cause, "card_snooze");
		if (draw(&seed) % 13 == 0)
			expect_ok(card_trash(db, ids[i], at("2026-11-02"), &cause), &cause, "card_trash");
	}
	expect_ok(db_commit(db, &cause), &cause, "db_commit");

	/* the card screens' rule, card by card */
	int64_t expected = 0;
	for (size_t i = 0; i < n; i++) {
		struct card_status st;
		struct card c; /* card_load initialises it */
		expect_ok(card_load(db, ids[i], &c, &cause), &cause, "card_load");
		bool trashed = c.trashed_at[0] != '\0';
		card_done(&c);
		expect_ok(card_status_get(db, ids[i], today, &st, &cause), &cause, "card_status_get");
		if (st.due && !trashed)
			expected++;
	}
	/* the mix must exercise both sides */
	if (expected < 50 || expected > (int64_t)n - 50)
		fail_msg("%lld of %zu cards due: the mix is off", (long long)expected, n);

	/* `rolodex due` */
	struct card_filter due = { .due_only = true, .today = today };
	int64_t listed = 0;
	expect_ok(card_count(db, &due, &listed, &cause), &cause, "card_count");
	assert_int_equal(listed, expected);

	/* the count in slices of several sizes, and in one */
	static const int64_t limits[] = { 1, 7, 64, 1000 };
	for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
		int64_t after = 0, counted = 0;
		bool done = false;
		int rounds = 0;
		while (!done) {
			expect_ok(review_store_count_due(db, today, limits[k], &after, &counted, &done, &cause), &cause,
				  "review_store_count_due");
			assert_true(++rounds <= (int)n + 1);
		}
		if (counted != expected)
			fail_msg("slices of %lld: counted %lld, expected %lld", (long long)limits[k], (long long)counted,
				 (long long)expected);
	}

	/* the review queue: its overdue and never-contacted items */
	struct review *r = start(db, NULL, today_text, REVIEW_STARTED);
	int64_t queued = 0;
	for (size_t j = 0; j < r->count; j++)
		queued += r->items[j].reason == REVIEW_REASON_OVERDUE || r->items[j].reason == REVIEW_REASON_NEVER;
	assert_int_equal(queued, expected);
	review_free(r);
	db_close(db);
}

/* A step that fails changes nothing: not the card, not the review. */
static void test_failed_steps_change_nothing(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	(void)state;

	int64_t a = add(db, "Ann", "1m", NULL, NULL);
	add(db, "Bob", "1m", NULL, NULL);
	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);

	/* an empty note */
	assert_int_equal(review_note(db, r, "  ", at("2026-11-22"), &cause), RDX_INVALID);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	/* a channel that does not exist: no touch, no mark, no move */
	assert_int_equal(review_contacted(db, r, D("2026-11-22"), CHANNEL_COUNT, "x", at("2026-11-22"), &cause),
			 RDX_INVALID);
	free(cause);
	cause = NULL;
	assert_int_equal(r->cursor, 0);
	assert_int_equal(r->items[0].action, REVIEW_ACTION_NONE);
	struct touch *touches = NULL;
	size_t n = 0;
	expect_ok(touch_list(db, a, 0, &touches, &n, &cause), &cause, "touch_list");
	assert_int_equal(n, 0);
	touch_list_free(touches, n);
	review_free(r);
	r = start(db, NULL, "2026-11-22", REVIEW_RESUMED);
	assert_int_equal(r->cursor, 0);
	assert_int_equal(r->items[0].action, REVIEW_ACTION_NONE);

	/* a finished review takes no more steps */
	expect_ok(review_finish(db, r, at("2026-11-22"), &cause), &cause, "review_finish");
	assert_int_equal(review_skip(db, r, at("2026-11-22"), &cause), RDX_INVALID);
	free(cause);
	cause = NULL;
	assert_int_equal(review_extend(db, r, NULL, &cause), RDX_INVALID);
	free(cause);
	review_free(r);
	db_close(db);
}

/* ---- a review from an earlier month ------------------------------------ */

static void test_stale_refresh(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	struct review_refresh what;
	(void)state;

	int64_t a = add(db, "Ann Still", "1m", NULL, NULL);
	touch(db, a, "2026-09-25", CHANNEL_EMAIL); /* due 10-25, still due in Nov */
	int64_t b = add(db, "Bob Gone", "1m", NULL, NULL);
	touch(db, b, "2026-09-28", CHANNEL_EMAIL); /* due 10-28, touched outside the review */
	int64_t c = add(db, "Cal Newly", "1m", NULL, NULL);
	touch(db, c, "2026-10-15", CHANNEL_EMAIL); /* due 11-15: not queued in October */
	int64_t d = add(db, "Dot Done", "1m", NULL, NULL);
	touch(db, d, "2026-09-20", CHANNEL_EMAIL); /* due 10-20: contacted in the review */

	struct review *r = start(db, NULL, "2026-10-30", REVIEW_STARTED);
	const int64_t before[] = { d, a, b };
	const enum review_reason overdue3[] = { REVIEW_REASON_OVERDUE, REVIEW_REASON_OVERDUE, REVIEW_REASON_OVERDUE };
	expect_queue(r, before, overdue3, 3);
	expect_ok(review_contacted(db, r, D("2026-10-30"), CHANNEL_COFFEE, NULL, at("2026-10-30"), &cause), &cause,
		  "review_contacted");
	assert_false(review_is_stale(r, D("2026-10-31")));
	touch(db, b, "2026-11-05", CHANNEL_CALL);

	/* November: stale; the preview writes nothing. */
	assert_true(review_is_stale(r, D("2026-11-22")));
	expect_ok(review_refresh_preview(db, r, D("2026-11-22"), &what, &cause), &cause, "review_refresh_preview");
	assert_int_equal(what.added, 1);
	assert_int_equal(what.dropped, 1);
	assert_int_equal(what.done, 1);
	struct review *again = start(db, NULL, "2026-11-22", REVIEW_RESUMED);
	expect_queue(again, before, overdue3, 3);
	review_free(again);

	/* Refreshed: Dot kept (done), Ann kept, Bob dropped, Cal added; the
	 * cursor on Ann, the first card nothing was done at. */
	expect_ok(review_refresh(db, r, D("2026-11-22"), &what, &cause), &cause, "review_refresh");
	assert_int_equal(what.added, 1);
	assert_int_equal(what.dropped, 1);
	const int64_t after[] = { d, a, c };
	expect_queue(r, after, overdue3, 3);
	assert_int_equal(r->items[0].action, REVIEW_ACTION_CONTACTED);
	assert_int_equal(r->cursor, 1);
	assert_int_equal(r->due_total, 3);
	assert_int_equal(r->today, D("2026-11-22"));
	assert_int_equal(r->items[2].reason_date, D("2026-11-15"));
	assert_false(review_is_stale(r, D("2026-11-22")));
	/* Stored so: another process resumes the same queue. */
	again = start(db, NULL, "2026-11-22", REVIEW_RESUMED);
	expect_queue(again, after, overdue3, 3);
	assert_int_equal(again->cursor, 1);
	review_free(again);

	/* A second refresh the same day changes nothing. */
	expect_ok(review_refresh(db, r, D("2026-11-22"), &what, &cause), &cause, "review_refresh");
	assert_int_equal(what.added, 0);
	assert_int_equal(what.dropped, 0);
	expect_queue(r, after, overdue3, 3);

	/* Abandoned: gone, and the next review starts afresh (the touches
	 * made during it stay). */
	expect_ok(review_abandon(db, r, &cause), &cause, "review_abandon");
	review_free(r);
	struct review *none = NULL;
	assert_int_equal(review_load_latest(db, &none, &cause), RDX_NOT_FOUND);
	free(cause);
	cause = NULL;
	r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	const int64_t fresh[] = { a, c };
	expect_queue(r, fresh, overdue3, 2);
	review_free(r);
	db_close(db);
}

static void test_stale_edges(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	(void)state;

	int64_t a = add(db, "Ann", "1m", NULL, NULL);
	touch(db, a, "2026-11-01", CHANNEL_EMAIL);
	struct review *r = start(db, NULL, "2026-12-31", REVIEW_STARTED);
	assert_false(review_is_stale(r, D("2026-12-31")));
	assert_true(review_is_stale(r, D("2027-01-01"))); /* a new year is a new month */
	assert_false(review_is_stale(r, D("2026-12-01"))); /* a clock set back */
	expect_ok(review_skip(db, r, at("2026-12-31"), &cause), &cause, "review_skip");
	expect_ok(review_finish(db, r, at("2026-12-31"), &cause), &cause, "review_finish");
	assert_false(review_is_stale(r, D("2027-02-01"))); /* finished: nothing to refresh */
	struct review_refresh what;
	assert_int_equal(review_refresh(db, r, D("2027-02-01"), &what, &cause), RDX_INVALID);
	free(cause);
	cause = NULL;
	assert_int_equal(review_abandon(db, r, &cause), RDX_INVALID);
	free(cause);
	review_free(r);
	db_close(db);
}

static void test_snooze_parse(void **state)
{
	int until = 0;
	const int today = D("2026-11-22");
	(void)state;

	assert_true(review_snooze_parse("", today, &until));
	assert_int_equal(until, D("2026-12-01"));
	assert_true(review_snooze_parse(" 1w ", today, &until));
	assert_int_equal(until, D("2026-11-29"));
	assert_true(review_snooze_parse("2w", today, &until));
	assert_int_equal(until, D("2026-12-06"));
	assert_true(review_snooze_parse("1m", today, &until));
	assert_int_equal(until, D("2026-12-22"));
	assert_true(review_snooze_parse("3m", today, &until));
	assert_int_equal(until, D("2027-02-22"));
	assert_true(review_snooze_parse("2027-01-15", today, &until));
	assert_int_equal(until, D("2027-01-15"));
	assert_false(review_snooze_parse("2026-11-22", today, &until)); /* not after today */
	assert_false(review_snooze_parse("2026-01-01", today, &until));
	assert_false(review_snooze_parse("soon", today, &until));
	assert_false(review_snooze_parse("none", today, &until));
}

/* The reason line follows the card's rhythm as it is now. */
static void test_reason_follows_rhythm(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	char words[256];
	struct card_status st;
	struct cadence six;
	(void)state;

	int64_t a = add(db, "Ann", "3m", NULL, NULL);
	touch(db, a, "2026-07-01", CHANNEL_EMAIL); /* due 10-01 */
	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	expect_ok(card_status_get(db, a, D("2026-11-22"), &st, &cause), &cause, "card_status_get");
	review_describe_reason(&r->items[0], &st, D("2026-11-22"), words, sizeof words);
	assert_non_null(strstr(words, "every 3 months"));
	assert_non_null(strstr(words, "overdue by"));
	assert_true(cadence_parse("6m", &six));
	expect_ok(review_set_cadence(db, r, &six, at("2026-11-22"), &cause), &cause, "review_set_cadence");
	expect_ok(card_status_get(db, a, D("2026-11-22"), &st, &cause), &cause, "card_status_get");
	review_describe_reason(&r->items[0], &st, D("2026-11-22"), words, sizeof words);
	assert_non_null(strstr(words, "every 6 months"));
	assert_null(strstr(words, "overdue"));
	assert_non_null(strstr(words, "no longer due (next on 1 Jan 2027)"));
	review_free(r);
	db_close(db);
}

/* A queued card touched outside the review since its day (the browser, a
 * scan) shows as contacted; deleting that touch puts it back. */
static void test_contacted_since(void **state)
{
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t touch_id = 0;
	(void)state;

	int64_t a = add(db, "Ann", "1m", NULL, NULL);
	int64_t b = add(db, "Bea", "1m", NULL, NULL);
	touch(db, a, "2026-09-01", CHANNEL_EMAIL);
	touch(db, b, "2026-09-01", CHANNEL_EMAIL);
	struct review *r = start(db, NULL, "2026-11-22", REVIEW_STARTED);
	assert_int_equal(r->count, 2);
	assert_int_equal(r->items[1].action, REVIEW_ACTION_NONE);

	/* Before the review's day: not a contact since. */
	touch(db, b, "2026-11-21", CHANNEL_CALL);
	expect_ok(review_sync(db, r, &cause), &cause, "review_sync");
	assert_int_equal(r->items[1].action, REVIEW_ACTION_NONE);

	expect_ok(touch_add(db, b, D("2026-11-22"), CHANNEL_COFFEE, NULL, at("2026-11-22"), &touch_id, &cause), &cause,
		  "touch_add");
	expect_ok(review_sync(db, r, &cause), &cause, "review_sync");
	assert_int_equal(r->items[0].action, REVIEW_ACTION_NONE);
	assert_int_equal(r->items[1].action, REVIEW_ACTION_CONTACTED);
	assert_string_equal(r->items[1].channel, "coffee");

	expect_ok(touch_delete(db, touch_id, &cause), &cause, "touch_delete");
	expect_ok(review_sync(db, r, &cause), &cause, "review_sync");
	assert_int_equal(r->items[1].action, REVIEW_ACTION_NONE);
	review_free(r);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snooze_until),
		cmocka_unit_test(test_queue_order_and_reasons),
		cmocka_unit_test(test_birthdays_across_dates),
		cmocka_unit_test(test_tag_and_empty),
		cmocka_unit_test(test_steps_and_resume),
		cmocka_unit_test(test_trashed_meanwhile),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_month_boundary),
		cmocka_unit_test(test_reason_words),
		cmocka_unit_test(test_summary_format),
		cmocka_unit_test(test_reminder),
		cmocka_unit_test(test_failed_steps_change_nothing),
		cmocka_unit_test(test_many_cards),
		cmocka_unit_test(test_due_count_agrees),
		cmocka_unit_test(test_stale_refresh),
		cmocka_unit_test(test_stale_edges),
		cmocka_unit_test(test_snooze_parse),
		cmocka_unit_test(test_reason_follows_rhythm),
		cmocka_unit_test(test_contacted_since),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
