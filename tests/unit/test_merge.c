/*
 * test_merge.c - unit tests for finding likely duplicates and merging two
 * cards (src/model/merge.c): which pairs are found and which are not, that
 * the search uses the index instead of comparing every pair, and that a
 * merge unions values, moves notes and touches, keeps the differing values
 * visible, trashes the merged card and updates the search index - or
 * changes nothing when it fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/db_internal.h"
#include "rolodex/browse.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/merge.h"
#include "rolodex/note.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-01-15T10:00:00Z";
static const char LATER[] = "2026-02-01T09:00:00Z";

/* Adds a card: fields as "email:x", "phone:x", "tag:x", "org:x", "title:x",
 * "extra:LINE", "bday:YYYY-MM-DD" (or --MM-DD); NULL ends the list. */
static int64_t add(struct db *db, const char *name, ...)
{
	struct card c;
	card_init(&c);
	card_set(&c.name, name);
	va_list ap;
	va_start(ap, name);
	const char *a;
	while ((a = va_arg(ap, const char *))) {
		if (!strncmp(a, "email:", 6))
			card_add_field(&c, FIELD_EMAIL, a + 6, "");
		else if (!strncmp(a, "phone:", 6))
			card_add_field(&c, FIELD_PHONE, a + 6, "");
		else if (!strncmp(a, "tag:", 4))
			card_add_tag(&c, a + 4);
		else if (!strncmp(a, "org:", 4))
			card_set(&c.org, a + 4);
		else if (!strncmp(a, "title:", 6))
			card_set(&c.title, a + 6);
		else if (!strncmp(a, "extra:", 6))
			card_add_extra(&c, a + 6);
		else if (!strncmp(a, "bday:", 5))
			assert_true(birthday_parse(a + 5, &c.birthday));
		else
			fail_msg("bad spec %s", a);
	}
	va_end(ap);
	char *cause = NULL;
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, name);
	int64_t id = c.id;
	card_done(&c);
	return id;
}

static bool has_pair(const struct merge_pair *p, size_t n, int64_t a, int64_t b, const char *reason_start)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].a == a && p[i].b == b)
			return !reason_start || !strncmp(p[i].reason, reason_start, strlen(reason_start));
	return false;
}

static void find(struct db *db, struct merge_pair **p, size_t *n)
{
	char *cause = NULL;
	expect_ok(merge_find_duplicates(db, p, n, &cause), &cause, "merge_find_duplicates");
}

/* ---- finding ------------------------------------------------------------------ */

static void test_duplicates_email_and_phone(void **state)
{
	(void)state;
	struct db *db = open_memory();
	struct merge_pair *p;
	size_t n;
	find(db, &p, &n);
	assert_int_equal(n, 0);
	merge_pairs_free(p, n);

	int64_t ada = add(db, "Ada Lovelace", "email:Ada@Example.org", "phone:+44 20 7946 0018", NULL);
	int64_t ada2 = add(db, "A. Lovelace", "email:ada@example.ORG", NULL);
	/* Same folded name (family, given) and the same number written
	 * another way. */
	int64_t ada3 = add(db, "Lovelace, Ada", "phone:020 7946 0018", NULL);
	/* Same name, other number; same number, other name: not pairs. */
	int64_t other1 = add(db, "Ada Lovelace", "phone:555 1234 9999", NULL);
	int64_t other2 = add(db, "Charles Babbage", "phone:020 7946 0018", NULL);
	/* Too short to be a number worth matching. */
	int64_t short1 = add(db, "Mary Short", "phone:12", NULL);
	int64_t short2 = add(db, "Mary Short", "phone:x12", NULL);
	/* Meets ada by email and by name + phone: one pair, the email reason. */
	int64_t both = add(db, "Ada Lovelace", "email:ADA@example.org", "phone:2079460018", NULL);
	find(db, &p, &n);
	assert_true(has_pair(p, n, ada, ada2, "same email"));
	assert_true(has_pair(p, n, ada, ada3, "same name and phone"));
	assert_true(has_pair(p, n, ada, both, "same email"));
	assert_false(has_pair(p, n, ada2, ada3, NULL));
	assert_false(has_pair(p, n, ada, other1, NULL));
	assert_false(has_pair(p, n, ada3, other2, NULL));
	assert_false(has_pair(p, n, ada, other2, NULL));
	assert_false(has_pair(p, n, short1, short2, NULL));
	/* Each card of the email group pairs with the lowest id only. */
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		assert_true(p[i].a < p[i].b);
		assert_true(i == 0 || p[i - 1].a < p[i].a || p[i - 1].b < p[i].b);
		assert_string_equal(p[i].name_a, "Ada Lovelace");
	}
	for (size_t i = 0; i < n; i++)
		if (p[i].b == ada2)
			assert_string_equal(p[i].name_b, "A. Lovelace");
	merge_pairs_free(p, n);

	/* Trashed cards are not listed. */
	char *cause = NULL;
	expect_ok(card_trash(db, ada2, NOW, &cause), &cause, "trash");
	find(db, &p, &n);
	assert_false(has_pair(p, n, ada, ada2, NULL));
	assert_int_equal(n, 2);
	merge_pairs_free(p, n);
	/* One card with an address twice is not a pair with itself. */
	int64_t twice = add(db, "Twice", "email:t@example.org", "email:T@example.org", NULL);
	find(db, &p, &n);
	for (size_t i = 0; i < n; i++)
		assert_true(p[i].a != twice && p[i].b != twice);
	merge_pairs_free(p, n);
	db_close(db);
}

/* The email pass walks the index in order (no temporary sort, no pair
 * loop), and a few thousand cards with a handful of duplicates give just
 * those. */
static void test_duplicates_scale(void **state)
{
	(void)state;
	struct db *db = open_memory();
	sqlite3_stmt *plan;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db),
					    "EXPLAIN QUERY PLAN SELECT f.value, f.card_id FROM card_field f "
					    "JOIN card c ON c.id = f.card_id WHERE f.kind = 'email' AND "
					    "c.trashed_at IS NULL ORDER BY f.kind, f.value COLLATE NOCASE",
					    -1, &plan, NULL),
			 SQLITE_OK);
	bool uses_index = false, sorts = false;
	while (sqlite3_step(plan) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(plan, 3);
		uses_index |= strstr(detail, "card_field_value") != NULL;
		sorts |= strstr(detail, "TEMP B-TREE") != NULL;
	}
	sqlite3_finalize(plan);
	assert_true(uses_index);
	assert_false(sorts);

	char *cause = NULL;
	expect_ok(db_begin(db, &cause), &cause, "begin");
	int64_t first = 0, dup_email = 0, dup_phone = 0, target_phone = 0;
	for (int i = 0; i < 4000; i++) {
		char name[64], email[64], phone[64];
		snprintf(name, sizeof name, "Person %d", i);
		snprintf(email, sizeof email, "email:p%d@example.org", i);
		snprintf(phone, sizeof phone, "phone:+1 555 %07d", i);
		int64_t id = add(db, name, email, phone, NULL);
		if (i == 17)
			first = id;
		if (i == 2345)
			target_phone = id;
	}
	dup_email = add(db, "Someone Else", "email:P17@EXAMPLE.org", NULL);
	dup_phone = add(db, "Person 2345", "phone:555-000-2345", NULL);
	expect_ok(db_commit(db, &cause), &cause, "commit");
	struct merge_pair *p;
	size_t n;
	find(db, &p, &n);
	assert_int_equal(n, 2);
	assert_true(has_pair(p, n, first, dup_email, "same email p17@example.org"));
	assert_true(has_pair(p, n, target_phone, dup_phone, "same name and phone"));
	merge_pairs_free(p, n);
	db_close(db);
}

/* ---- merging ------------------------------------------------------------------ */

static int64_t search_count(struct db *db, const char *query)
{
	struct card_filter f = { .query = query };
	int64_t count = -1;
	char *cause = NULL;
	expect_ok(card_count(db, &f, &count, &cause), &cause, query);
	return count;
}

static bool has_field(const struct card *c, enum field_kind kind, const char *value, const char *label)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].kind == kind && !strcmp(c->fields[i].value, value) &&
		    (!label || !strcmp(c->fields[i].label, label)))
			return true;
	return false;
}

static bool has_extra(const struct card *c, const char *line)
{
	for (size_t i = 0; i < c->nextras; i++)
		if (!strcmp(c->extras[i], line))
			return true;
	return false;
}

static void test_merge_cards(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t a = add(db, "Ada Lovelace", "email:ada@example.org", "phone:+44 20 7946 0018", "tag:friends",
			"title:Countess", "bday:--12-10", "extra:item1.X-ABLABEL:school", "extra:X-SKYPE:ada", NULL);
	int64_t b = add(db, "Augusta Ada King", "email:ADA@example.org", "email:ada@analytical.example",
			"phone:020 7946 0018", "tag:mathematicians", "tag:friends", "org:Analytical Engines",
			"title:Mathematician", "bday:1815-12-10", "extra:item1.X-ABLABEL:work",
			"extra:X-SKYPE:ada", "extra:X-TWITTER:@ada", NULL);
	int64_t bystander = add(db, "Charles Babbage", "email:charles@example.org", NULL);
	/* A label only b knows fills a's unlabelled field. */
	{
		struct card c;
		expect_ok(card_load(db, b, &c, &cause), &cause, "load b");
		card_set(&c.fields[2].label, "work");
		expect_ok(card_update(db, &c, -1, NOW, &cause), &cause, "label b");
		card_done(&c);
	}
	expect_ok(note_add(db, b, "Talked about the zebrafinch engine", NOW, NULL, &cause), &cause, "note b");
	expect_ok(note_add(db, b, "Shared note", NOW, NULL, &cause), &cause, "note b2");
	expect_ok(note_add(db, a, "Shared note", NOW, NULL, &cause), &cause, "note a");
	int day = 0;
	assert_true(date_parse("2025-12-01", &day));
	expect_ok(touch_add(db, b, day, CHANNEL_COFFEE, "at the Royal Society", NOW, NULL, &cause), &cause, "touch b");
	expect_ok(touch_add(db, b, day, CHANNEL_EMAIL, "", NOW, NULL, &cause), &cause, "touch b2");
	expect_ok(touch_add(db, a, day, CHANNEL_EMAIL, "", NOW, NULL, &cause), &cause, "touch a");
	assert_int_equal(search_count(db, "zebrafinch"), 1);

	char *conflicts = NULL;
	expect_ok(merge_cards(db, b, a, LATER, &conflicts, &cause), &cause, "merge");
	assert_non_null(conflicts);
	assert_non_null(strstr(conflicts, "name \"Augusta Ada King\""));
	assert_non_null(strstr(conflicts, "title \"Mathematician\""));
	assert_null(strstr(conflicts, "organization")); /* a had none: filled */
	assert_null(strstr(conflicts, "birthday"));      /* same day: the year is filled */

	struct card c;
	expect_ok(card_load(db, a, &c, &cause), &cause, "load a");
	assert_string_equal(c.name, "Ada Lovelace");
	assert_string_equal(c.title, "Countess");
	assert_string_equal(c.org, "Analytical Engines");
	assert_int_equal(c.birthday.year, 1815);
	assert_int_equal(c.birthday.month, 12);
	assert_true(has_field(&c, FIELD_EMAIL, "ada@example.org", NULL));
	assert_true(has_field(&c, FIELD_EMAIL, "ada@analytical.example", NULL));
	assert_true(has_field(&c, FIELD_PHONE, "+44 20 7946 0018", "work"));
	assert_int_equal(c.nfields, 3); /* ADA@example.org and the other phone were the same */
	assert_int_equal(c.ntags, 2);
	assert_true(has_extra(&c, "item1.X-ABLABEL:school"));
	/* b's item1 is renamed: it must not label a's item1 property. */
	char renamed[64];
	snprintf(renamed, sizeof renamed, "item1-m%lld.X-ABLABEL:work", (long long)b);
	assert_true(has_extra(&c, renamed));
	assert_true(has_extra(&c, "X-TWITTER:@ada"));
	assert_int_equal(c.nextras, 4); /* X-SKYPE:ada once */
	assert_string_equal(c.trashed_at, "");
	card_done(&c);

	expect_ok(card_load(db, b, &c, &cause), &cause, "load b");
	assert_string_equal(c.trashed_at, LATER);
	card_done(&c);

	/* Notes: b's own moved, the shared one not doubled, a note with
	 * b's differing values added. */
	struct note *notes;
	size_t nn;
	expect_ok(note_list(db, a, 0, &notes, &nn, &cause), &cause, "notes a");
	assert_int_equal(nn, 3);
	bool moved = false, merged_note = false;
	for (size_t i = 0; i < nn; i++) {
		moved |= strstr(notes[i].text, "zebrafinch") != NULL;
		merged_note |= strstr(notes[i].text, "Merged with card") && strstr(notes[i].text, "Mathematician");
	}
	assert_true(moved && merged_note);
	note_list_free(notes, nn);
	struct touch *t;
	size_t nt;
	expect_ok(touch_list(db, a, 0, &t, &nt, &cause), &cause, "touches a");
	assert_int_equal(nt, 2);
	touch_list_free(t, nt);
	expect_ok(touch_list(db, b, 0, &t, &nt, &cause), &cause, "touches b");
	assert_int_equal(nt, 1); /* the one a already had stays behind */
	touch_list_free(t, nt);

	/* The index follows: b's note and org find a, and only a. */
	struct card_filter f = { .query = "zebrafinch" };
	struct card_row *rows;
	size_t nrows;
	expect_ok(card_page(db, &f, NULL, true, 10, &rows, &nrows, &cause), &cause, "search");
	assert_int_equal(nrows, 1);
	assert_int_equal(rows[0].id, a);
	card_rows_free(rows, nrows);
	assert_int_equal(search_count(db, "analytical"), 1);
	assert_int_equal(search_count(db, "mathematicians"), 1);

	/* Nothing is left to pair. */
	struct merge_pair *p;
	size_t n;
	find(db, &p, &n);
	assert_int_equal(n, 0);
	merge_pairs_free(p, n);
	free(conflicts);
	(void)bystander;
	db_close(db);
}

static int64_t revision_of(struct db *db, int64_t id)
{
	struct card c;
	char *cause = NULL;
	expect_ok(card_load(db, id, &c, &cause), &cause, "load");
	int64_t r = c.revision;
	card_done(&c);
	return r;
}

static void test_merge_refused(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL, *conflicts = NULL;
	int64_t a = add(db, "Ada", "email:a@example.org", NULL);
	int64_t b = add(db, "Bea", "email:b@example.org", NULL);
	int64_t gone = add(db, "Gone", NULL);
	expect_ok(note_add(db, b, "b's note", NOW, NULL, &cause), &cause, "note");
	expect_ok(card_trash(db, gone, NOW, &cause), &cause, "trash");
	int64_t ra = revision_of(db, a), rb = revision_of(db, b);

	expect(RDX_INVALID, merge_cards(db, a, a, LATER, &conflicts, &cause), &cause, "itself");
	expect(RDX_INVALID, merge_cards(db, gone, a, LATER, &conflicts, &cause), &cause, "trashed from");
	expect(RDX_INVALID, merge_cards(db, a, gone, LATER, &conflicts, &cause), &cause, "trashed into");
	expect(RDX_NOT_FOUND, merge_cards(db, 999, a, LATER, &conflicts, &cause), &cause, "missing");
	assert_null(conflicts);

	/* Too many fields together: refused by validation, nothing moved. */
	struct card c;
	expect_ok(card_load(db, a, &c, &cause), &cause, "load a");
	for (int i = 0; i < CARD_MAX_FIELDS - 1; i++) {
		char v[32];
		snprintf(v, sizeof v, "a%d@example.org", i);
		card_add_field(&c, FIELD_EMAIL, v, "");
	}
	expect_ok(card_update(db, &c, -1, NOW, &cause), &cause, "fill a");
	card_done(&c);
	expect_ok(card_load(db, b, &c, &cause), &cause, "load b");
	card_add_field(&c, FIELD_EMAIL, "b2@example.org", "");
	expect_ok(card_update(db, &c, -1, NOW, &cause), &cause, "fill b");
	card_done(&c);
	ra = revision_of(db, a);
	rb = revision_of(db, b);
	expect(RDX_TOO_LONG, merge_cards(db, b, a, LATER, &conflicts, &cause), &cause, "too many");
	assert_int_equal(revision_of(db, a), ra);
	assert_int_equal(revision_of(db, b), rb);
	expect_ok(card_load(db, b, &c, &cause), &cause, "load b");
	assert_string_equal(c.trashed_at, "");
	card_done(&c);
	struct note *notes;
	size_t nn;
	expect_ok(note_list(db, b, 0, &notes, &nn, &cause), &cause, "notes b");
	assert_int_equal(nn, 1);
	note_list_free(notes, nn);

	/* Without a conflicts pointer, and without differences: no note. */
	int64_t x = add(db, "Xavier", "email:x@example.org", NULL);
	int64_t y = add(db, "Xavier", "phone:123456", NULL);
	expect_ok(merge_cards(db, y, x, LATER, NULL, &cause), &cause, "merge quiet");
	expect_ok(note_list(db, x, 0, &notes, &nn, &cause), &cause, "notes x");
	assert_int_equal(nn, 0);
	note_list_free(notes, nn);
	expect_ok(card_load(db, x, &c, &cause), &cause, "load x");
	assert_int_equal(c.nfields, 2);
	card_done(&c);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicates_email_and_phone),
		cmocka_unit_test(test_duplicates_scale),
		cmocka_unit_test(test_merge_cards),
		cmocka_unit_test(test_merge_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
