/*
 * test_scan.c - unit tests for what `rolodex scan` records
 * (src/model/scan_store.c) and tells the review (review_found_since_last):
 * one touch per card, day and channel, the "and N more" note counting every
 * source, the user's own touch kept as written when found sources join it,
 * sources remembered after their touch is deleted (the tombstone), and the
 * review's opening line.
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
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "rolodex/review.h"
#include "rolodex/scan_store.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-11-01T10:00:00Z";
static const char LATER[] = "2026-11-20T09:00:00Z";

static struct db *open_with_card(int64_t *card_id)
{
	struct db *db = open_memory();
	char *cause = NULL;
	struct card c;
	card_init(&c);
	card_set(&c.name, "Ada Lovelace");
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "card_insert");
	*card_id = c.id;
	card_done(&c);
	return db;
}

static bool add_found(struct db *db, int64_t card, int day, enum channel channel, const char *note,
		      const char *const *sources, size_t n, const char *now)
{
	struct found_touch t = { .card_id = card, .day = day, .channel = channel, .origin = TOUCH_ORIGIN_MAIL,
				 .first_note = note, .sources = sources, .nsources = n };
	bool added = false;
	char *cause = NULL;
	expect_ok(scan_store_add_touch(db, &t, now, &added, &cause), &cause, "scan_store_add_touch");
	return added;
}

static void test_note_phrase(void **state)
{
	(void)state;
	char *one = found_note_compose("lunch?", 1);
	char *thirty = found_note_compose("lunch?", 30);
	assert_string_equal(one, "lunch?");
	assert_string_equal(thirty, "lunch? and 29 more");
	free(one);
	free(thirty);
}

static void test_one_touch_per_day_counts_every_source(void **state)
{
	(void)state;
	int64_t ada;
	struct db *db = open_with_card(&ada);
	int day = date_from_ymd(2026, 11, 3);
	const char *first[] = { "mid:a", "mid:b" };
	const char *later[] = { "mid:c", "mid:d", "mid:e" };
	assert_true(add_found(db, ada, day, CHANNEL_EMAIL, "lunch?", first, 2, NOW));
	assert_false(add_found(db, ada, day, CHANNEL_EMAIL, "Re: lunch?", later, 3, LATER));
	/* Another channel the same day is another touch. */
	assert_true(add_found(db, ada, day, CHANNEL_COFFEE, "coffee", (const char *[]){ "ical:x/1" }, 1, NOW));

	struct touch *t = NULL;
	size_t n = 0;
	char *cause = NULL;
	expect_ok(touch_list(db, ada, 0, &t, &n, &cause), &cause, "touch_list");
	assert_int_equal(n, 2);
	const struct touch *email = t[0].channel == CHANNEL_EMAIL ? &t[0] : &t[1];
	assert_string_equal(email->note, "lunch? and 4 more");
	assert_int_equal(email->origin, TOUCH_ORIGIN_MAIL);
	touch_list_free(t, n);
	db_close(db);
}

static void test_user_touch_is_kept_as_written(void **state)
{
	(void)state;
	int64_t ada;
	struct db *db = open_with_card(&ada);
	char *cause = NULL;
	int day = date_from_ymd(2026, 11, 3);
	expect_ok(touch_add(db, ada, day, CHANNEL_EMAIL, "sent the plans", NOW, NULL, &cause), &cause, "touch_add");
	assert_false(add_found(db, ada, day, CHANNEL_EMAIL, "plans", (const char *[]){ "mid:p" }, 1, NOW));
	struct touch *t = NULL;
	size_t n = 0;
	expect_ok(touch_list(db, ada, 0, &t, &n, &cause), &cause, "touch_list");
	assert_int_equal(n, 1);
	assert_string_equal(t[0].note, "sent the plans");
	assert_int_equal(t[0].origin, TOUCH_ORIGIN_USER);
	touch_list_free(t, n);
	db_close(db);
}

static bool count_source(void *arg, const char *source, int64_t card_id)
{
	(void)card_id;
	if (strcmp(source, "mid:gone") == 0)
		(*(int *)arg)++;
	return true;
}

static void test_deleted_touch_leaves_its_sources(void **state)
{
	(void)state;
	int64_t ada;
	struct db *db = open_with_card(&ada);
	char *cause = NULL;
	add_found(db, ada, date_from_ymd(2026, 10, 1), CHANNEL_EMAIL, "gone", (const char *[]){ "mid:gone" }, 1, NOW);
	struct touch *t = NULL;
	size_t n = 0;
	expect_ok(touch_list(db, ada, 0, &t, &n, &cause), &cause, "touch_list");
	assert_int_equal(n, 1);
	expect_ok(touch_delete(db, t[0].id, &cause), &cause, "touch_delete");
	touch_list_free(t, n);
	int seen = 0;
	expect_ok(scan_store_each_source(db, count_source, &seen, &cause), &cause, "each_source");
	assert_int_equal(seen, 1);
	db_close(db);
}

static void test_review_opening_line(void **state)
{
	(void)state;
	int64_t ada;
	struct db *db = open_with_card(&ada);
	char *cause = NULL;
	char *message = NULL;
	expect_ok(review_found_since_last(db, &message, &cause), &cause, "nothing found");
	assert_null(message);
	add_found(db, ada, date_from_ymd(2026, 10, 1), CHANNEL_EMAIL, "hi", (const char *[]){ "mid:1" }, 1, NOW);
	struct found_touch t = { .card_id = ada, .day = date_from_ymd(2026, 10, 2), .channel = CHANNEL_MEETING,
				 .origin = TOUCH_ORIGIN_CALENDAR, .first_note = "review",
				 .sources = (const char *[]){ "ical:r/1" }, .nsources = 1 };
	expect_ok(scan_store_add_touch(db, &t, NOW, NULL, &cause), &cause, "calendar touch");
	expect_ok(review_found_since_last(db, &message, &cause), &cause, "before any review");
	assert_string_equal(message, "Scans found 2 touches in mail and calendar for 1 card");
	free(message);

	/* A review finished after them: only what came later counts. */
	struct review *rv = NULL;
	enum review_start how;
	struct review_options all = { .all = true };
	expect_ok(review_open(db, &all, date_from_ymd(2026, 11, 5), "2026-11-05T08:00:00Z", &rv, &how, &cause), &cause,
	   "review_open");
	expect_ok(review_finish(db, rv, "2026-11-05T09:00:00Z", &cause), &cause, "review_finish");
	review_free(rv);
	expect_ok(review_found_since_last(db, &message, &cause), &cause, "after the review");
	assert_null(message);
	add_found(db, ada, date_from_ymd(2026, 11, 10), CHANNEL_EMAIL, "again", (const char *[]){ "mid:2" }, 1, LATER);
	expect_ok(review_found_since_last(db, &message, &cause), &cause, "since the review");
	assert_string_equal(message, "Since your last review: 1 touch found in mail for 1 card");
	free(message);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_note_phrase),
		cmocka_unit_test(test_one_touch_per_day_counts_every_source),
		cmocka_unit_test(test_user_touch_is_kept_as_written),
		cmocka_unit_test(test_deleted_touch_leaves_its_sources),
		cmocka_unit_test(test_review_opening_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
