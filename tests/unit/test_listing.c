/*
 * test_listing.c - unit tests for the streaming lists (listing.h): every
 * row agrees with card_load and card_status_get for the same card, in the
 * order card_foreach walks; due lists agree with the status of every card;
 * birthday windows agree with birthday_next() for every day of the year
 * across year ends, leap and common years; and the query plans walk an
 * index without sorting and reach other tables only through indexes.
 */
#include <locale.h>
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
#include "rolodex/listing.h"
#include "rolodex/note.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-01-15T10:00:00Z";

/* ---- helpers ------------------------------------------------------------ */

static int D(int y, int m, int d)
{
	assert_true(date_valid(y, m, d));
	return date_from_ymd(y, m, d);
}

static int64_t insert(struct db *db, struct card *c)
{
	char *cause = NULL;
	card_split_name(c);
	expect_ok(card_insert(db, c, NOW, &cause), &cause, "card_insert");
	int64_t id = c->id;
	card_done(c);
	return id;
}

/* A row copied out of a walk, to compare after it. */
struct got {
	int64_t id;
	char *name, *org, *title, *email, *phone;
	char **tags;
	size_t ntags;
	struct birthday birthday;
	int birthday_next;
	struct card_status status;
};

struct gots {
	struct got *items;
	size_t n, cap;
	size_t stop_after; /* 0: never stop */
};

static int collect(void *arg, const struct listing_row *row)
{
	struct gots *g = arg;
	g->items = xgrow(g->items, &g->cap, g->n + 1, sizeof *g->items);
	struct got *o = &g->items[g->n++];
	o->id = row->id;
	o->name = xstrdup(row->name);
	o->org = xstrdup(row->org);
	o->title = xstrdup(row->title);
	o->email = xstrdup(row->email);
	o->phone = xstrdup(row->phone);
	o->ntags = row->ntags;
	o->tags = xcalloc(row->ntags + 1, sizeof *o->tags);
	for (size_t i = 0; i < row->ntags; i++)
		o->tags[i] = xstrdup(row->tags[i]);
	o->birthday = row->birthday;
	o->birthday_next = row->birthday_next;
	o->status = row->status;
	return g->stop_after != 0 && g->n >= g->stop_after;
}

static void gots_free(struct gots *g)
{
	for (size_t i = 0; i < g->n; i++) {
		struct got *o = &g->items[i];
		free(o->name);
		free(o->org);
		free(o->title);
		free(o->email);
		free(o->phone);
		for (size_t k = 0; k < o->ntags; k++)
			free(o->tags[k]);
		free(o->tags);
	}
	free(g->items);
	memset(g, 0, sizeof *g);
}

struct ids {
	int64_t *id;
	size_t n, cap;
};

static int collect_id(void *arg, const struct card_row *row)
{
	struct ids *ids = arg;
	ids->id = xgrow(ids->id, &ids->cap, ids->n + 1, sizeof *ids->id);
	ids->id[ids->n++] = row->id;
	return 0;
}

static void assert_status_equal(const struct card_status *a, const struct card_status *b, int64_t id)
{
	if (a->contacted != b->contacted || (a->contacted && a->last_date != b->last_date) ||
	    strcmp(a->last_channel, b->last_channel) != 0 || a->has_cadence != b->has_cadence ||
	    (a->has_cadence && (a->cadence.n != b->cadence.n || a->cadence.unit != b->cadence.unit)) ||
	    a->cadence_from_tag != b->cadence_from_tag || a->snoozed != b->snoozed ||
	    a->snooze_until != b->snooze_until || a->due != b->due || a->next_due != b->next_due ||
	    a->overdue_days != b->overdue_days)
		fail_msg("card %lld: the listing's status differs from card_status_get", (long long)id);
}

/* Checks a walked row against card_load and card_status_get. */
static void assert_row_matches(struct db *db, const struct got *o, unsigned want, int today)
{
	char *cause = NULL;
	struct card c;
	expect_ok(card_load(db, o->id, &c, &cause), &cause, "card_load");
	assert_string_equal(o->name, c.name);
	assert_string_equal(o->org, c.org);
	assert_string_equal(o->title, c.title);
	const struct card_field *email = card_first_field(&c, FIELD_EMAIL);
	const struct card_field *phone = card_first_field(&c, FIELD_PHONE);
	assert_string_equal(o->email, (want & LISTING_EMAIL) && email != NULL ? email->value : "");
	assert_string_equal(o->phone, (want & LISTING_PHONE) && phone != NULL ? phone->value : "");
	if (want & LISTING_TAGS) {
		assert_int_equal(o->ntags, c.ntags);
		for (size_t i = 0; i < c.ntags; i++)
			assert_string_equal(o->tags[i], c.tags[i]);
	} else {
		assert_int_equal(o->ntags, 0);
	}
	assert_int_equal(o->birthday.month, c.birthday.month);
	if (c.birthday.month != 0) {
		assert_int_equal(o->birthday.day, c.birthday.day);
		assert_int_equal(o->birthday.year, c.birthday.year);
		assert_int_equal(o->birthday_next, birthday_next(&c.birthday, today));
	}
	card_done(&c);
	struct card_status st;
	if (want & LISTING_STATUS)
		expect_ok(card_status_get(db, o->id, today, &st, &cause), &cause, "card_status_get");
	else
		memset(&st, 0, sizeof st);
	assert_status_equal(&o->status, &st, o->id);
}

/* ---- a small rolodex with every kind of card ---------------------------- */

struct people {
	struct db *db;
	int today;
	int64_t ada, grace, alan, solo, trashed, snoozed, tagged, tie;
};

static int64_t person(struct db *db, const char *name, const char *org, const char *cadence, const char *bday)
{
	struct card c;
	card_init(&c);
	card_set(&c.name, name);
	if (org != NULL)
		card_set(&c.org, org);
	if (cadence != NULL) {
		assert_true(cadence_parse(cadence, &c.cadence));
		c.cadence_set = true;
	}
	if (bday != NULL)
		assert_true(birthday_parse(bday, &c.birthday));
	return insert(db, &c);
}

static void touch(struct db *db, int64_t id, int date, enum channel ch)
{
	char *cause = NULL;
	expect_ok(touch_add(db, id, date, ch, NULL, NOW, NULL, &cause), &cause, "touch_add");
}

static int setup_people(void **state)
{
	struct people *p = xcalloc(1, sizeof *p);
	struct db *db = p->db = open_memory();
	char *cause = NULL;
	p->today = D(2026, 3, 10);

	struct card c;
	card_init(&c);
	card_set(&c.name, "Ada Lovelace");
	card_set(&c.org, "Analytical Engines");
	card_set(&c.title, "Countess");
	/* Fields out of kind order: the first email is not the first field. */
	card_add_field(&c, FIELD_PHONE, "+44 20 7946 0000", "work");
	card_add_field(&c, FIELD_EMAIL, "ada@engines.example", "work");
	card_add_field(&c, FIELD_EMAIL, "ada@home.example", "home");
	card_add_field(&c, FIELD_PHONE, "+44 20 7946 0001", "");
	/* Tags whose own order is not alphabetical, one starting with digits
	 * like the encoding's "POSITION LENGTH" numbers. */
	card_add_tag(&c, "zeta");
	card_add_tag(&c, "12 7 x");
	card_add_tag(&c, "alpha");
	card_add_tag(&c, "mötley crüe");
	assert_true(birthday_parse("1815-12-10", &c.birthday));
	assert_true(cadence_parse("3m", &c.cadence));
	c.cadence_set = true;
	p->ada = insert(db, &c);
	touch(db, p->ada, D(2025, 10, 1), CHANNEL_EMAIL);
	touch(db, p->ada, D(2025, 11, 20), CHANNEL_COFFEE);
	touch(db, p->ada, D(2025, 11, 20), CHANNEL_CALL); /* same day, recorded later */

	p->grace = person(db, "Grace Hopper", "Navy", "1m", "--02-29");
	touch(db, p->grace, D(2026, 2, 10), CHANNEL_MEETING); /* due 2026-03-10: today */
	p->alan = person(db, "Alan Turing", NULL, "2w", "1912-06-23"); /* never contacted */
	p->solo = person(db, "Madonna", NULL, NULL, NULL);
	p->trashed = person(db, "Trashed Person", NULL, "1w", NULL);
	expect_ok(card_trash(db, p->trashed, NOW, &cause), &cause, "trash");
	p->snoozed = person(db, "Snoozy Sleeper", NULL, "1w", "2000-03-12");
	expect_ok(card_snooze(db, p->snoozed, "2026-04-01", NOW, &cause), &cause, "snooze");

	/* A cadence inherited from the shortest of its tags' defaults. */
	struct cadence quarterly = { 3, 'm' }, monthly = { 1, 'm' }, days30 = { 30, 'd' };
	expect_ok(tag_set_cadence(db, "client", &quarterly, &cause), &cause, "tag cadence");
	expect_ok(tag_set_cadence(db, "friend", &monthly, &cause), &cause, "tag cadence");
	card_init(&c);
	card_set(&c.name, "Tim Tagged");
	card_add_tag(&c, "client");
	card_add_tag(&c, "friend");
	p->tagged = insert(db, &c);
	touch(db, p->tagged, D(2026, 2, 15), CHANNEL_LUNCH); /* due 15 Mar */
	/* Two tags of the same nominal length but different rhythms. */
	expect_ok(tag_set_cadence(db, "thirty", &days30, &cause), &cause, "tag cadence");
	card_init(&c);
	card_set(&c.name, "Tess Tie");
	card_add_tag(&c, "thirty");
	card_add_tag(&c, "friend");
	p->tie = insert(db, &c);
	touch(db, p->tie, D(2026, 1, 31), CHANNEL_MESSAGE);
	*state = p;
	return 0;
}

static int teardown_people(void **state)
{
	struct people *p = *state;
	db_close(p->db);
	free(p);
	return 0;
}

/* Walks with the filter and checks order and content against the
 * browsing API. */
static void check_walk(struct db *db, const struct card_filter *f, unsigned want)
{
	char *cause = NULL;
	struct ids ids = { 0 };
	expect_ok(card_foreach(db, f, collect_id, &ids, &cause), &cause, "card_foreach");
	struct gots g = { 0 };
	expect_ok(listing_walk(db, f, want, collect, &g, &cause), &cause, "listing_walk");
	assert_int_equal(g.n, ids.n);
	for (size_t i = 0; i < g.n; i++) {
		assert_int_equal(g.items[i].id, ids.id[i]);
		assert_row_matches(db, &g.items[i], want, f->today);
	}
	gots_free(&g);

	/* Sorted: the walk's cards in the walk's order. */
	expect_ok(listing_sorted(db, f, want, collect, &g, &cause), &cause, "listing_sorted");
	assert_int_equal(g.n, ids.n);
	for (size_t i = 0; i < g.n; i++) {
		assert_int_equal(g.items[i].id, ids.id[i]);
		assert_row_matches(db, &g.items[i], want, f->today);
	}
	gots_free(&g);

	/* A scan gives the same cards in some order. */
	expect_ok(listing_scan(db, f, want, collect, &g, &cause), &cause, "listing_scan");
	assert_int_equal(g.n, ids.n);
	for (size_t i = 0; i < g.n; i++) {
		size_t k = 0;
		while (k < ids.n && ids.id[k] != g.items[i].id)
			k++;
		assert_true(k < ids.n);
		ids.id[k] = -1; /* each card once */
		assert_row_matches(db, &g.items[i], want, f->today);
	}
	gots_free(&g);
	free(ids.id);
}

static void test_walk_matches_load(void **state)
{
	struct people *p = *state;
	const struct card_filter filters[] = {
		{ .today = p->today },
		{ .today = p->today, .tag = "friend" },
		{ .today = p->today, .query = "ada" },
		{ .today = p->today, .query = "org:navy" },
		{ .today = p->today, .trash = true },
		{ .today = p->today, .due_only = true },
		{ .today = p->today, .has_birthday = true },
		{ .today = D(2026, 6, 1), .due_only = true },
	};
	const unsigned wants[] = { 0, LISTING_EMAIL, LISTING_TAGS, LISTING_STATUS, LISTING_ALL };
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		for (size_t k = 0; k < sizeof wants / sizeof wants[0]; k++)
			check_walk(p->db, &filters[i], wants[k]);
}

static int64_t cache_size(struct db *db)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), "PRAGMA cache_size", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t size = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return size;
}

static void test_walk_details(void **state)
{
	struct people *p = *state;
	char *cause = NULL;
	int64_t cache_before = cache_size(p->db);
	struct card_filter f = { .today = p->today, .query = "lovelace" };
	struct gots g = { 0 };
	expect_ok(listing_walk(p->db, &f, LISTING_ALL, collect, &g, &cause), &cause, "walk");
	assert_int_equal(g.n, 1);
	struct got *o = &g.items[0];
	assert_string_equal(o->email, "ada@engines.example");
	assert_string_equal(o->phone, "+44 20 7946 0000");
	assert_int_equal(o->ntags, 4);
	assert_string_equal(o->tags[0], "zeta");
	assert_string_equal(o->tags[1], "12-7-x"); /* spaces become dashes */
	assert_string_equal(o->tags[2], "alpha");
	assert_string_equal(o->tags[3], "motley-crue"); /* folded */
	assert_true(o->status.contacted);
	assert_int_equal(o->status.last_date, D(2025, 11, 20));
	assert_string_equal(o->status.last_channel, "call");
	assert_int_equal(o->birthday_next, D(2026, 12, 10));
	gots_free(&g);

	/* A callback that returns non-zero stops the walk. */
	f = (struct card_filter){ .today = p->today };
	g.stop_after = 2;
	expect_ok(listing_walk(p->db, &f, LISTING_ALL, collect, &g, &cause), &cause, "stopped walk");
	assert_int_equal(g.n, 2);
	gots_free(&g);

	/* The walk's larger page cache is given back. */
	assert_int_equal(cache_size(p->db), cache_before);

	int64_t last = -1;
	expect_ok(listing_last_id(p->db, &f, &last, &cause), &cause, "last id");
	assert_int_equal(last, p->tie);
	f.has_birthday = true;
	expect_ok(listing_last_id(p->db, &f, &last, &cause), &cause, "last id with a birthday");
	assert_int_equal(last, p->snoozed);
	f.query = "nobody-by-this-name";
	expect_ok(listing_last_id(p->db, &f, &last, &cause), &cause, "last id of none");
	assert_int_equal(last, 0);
}

/* The due list is exactly the due cards, never contacted first, then the
 * longest overdue, ties by id. */
static void check_due(struct db *db, int today)
{
	char *cause = NULL;
	struct card_filter all = { .today = today };
	struct gots every = { 0 };
	expect_ok(listing_walk(db, &all, LISTING_STATUS, collect, &every, &cause), &cause, "walk");
	struct gots due = { 0 };
	expect_ok(listing_due(db, &all, 0, collect, &due, &cause), &cause, "due");
	size_t expected = 0;
	for (size_t i = 0; i < every.n; i++)
		expected += every.items[i].status.due;
	assert_int_equal(due.n, expected);
	for (size_t i = 0; i < due.n; i++) {
		const struct got *o = &due.items[i];
		assert_true(o->status.due);
		assert_row_matches(db, o, LISTING_STATUS, today);
		if (i == 0)
			continue;
		const struct got *prev = &due.items[i - 1];
		int kp = prev->status.contacted ? -prev->status.overdue_days : -1000000;
		int ko = o->status.contacted ? -o->status.overdue_days : -1000000;
		assert_true(kp < ko || (kp == ko && prev->id < o->id));
	}
	gots_free(&every);
	gots_free(&due);
}

static void test_due(void **state)
{
	struct people *p = *state;
	const int todays[] = { p->today, D(2026, 1, 1), D(2026, 4, 2), D(2027, 2, 28), D(2024, 2, 29) };
	for (size_t i = 0; i < sizeof todays / sizeof todays[0]; i++)
		check_due(p->db, todays[i]);

	/* Today: Alan (never contacted), then Ada (overdue since 20 Feb),
	 * Grace (due today); Tim's and Tess's tag rhythms are not yet due, and
	 * the snoozed and trashed cards are not listed. */
	char *cause = NULL;
	struct card_filter f = { .today = p->today };
	struct gots g = { 0 };
	expect_ok(listing_due(p->db, &f, 0, collect, &g, &cause), &cause, "due");
	assert_int_equal(g.n, 4);
	assert_int_equal(g.items[0].id, p->alan);
	assert_int_equal(g.items[1].id, p->ada);
	assert_int_equal(g.items[1].status.overdue_days, 18);
	assert_int_equal(g.items[2].id, p->tie); /* 30 days after 31 Jan */
	assert_int_equal(g.items[3].id, p->grace);
	assert_int_equal(g.items[3].status.overdue_days, 0);
	gots_free(&g);
	/* A filter narrows the due list. */
	f.tag = "friend";
	expect_ok(listing_due(p->db, &f, 0, collect, &g, &cause), &cause, "due with a tag");
	assert_int_equal(g.n, 1);
	assert_int_equal(g.items[0].id, p->tie);
	gots_free(&g);
}

/* ---- birthdays: every day of the year against birthday_next() ------------ */

struct year_of_birthdays {
	struct db *db;
	size_t n;
	int64_t ids[400];
	struct birthday b[400];
};

static int setup_year(void **state)
{
	struct year_of_birthdays *y = xcalloc(1, sizeof *y);
	y->db = open_memory();
	char *cause = NULL;
	expect_ok(db_begin(y->db, &cause), &cause, "begin");
	/* Every day of a leap year (29 Feb included), some with a year, in an
	 * order unrelated to the date; and cards without a birthday. */
	for (int k = 0; k < 366; k++) {
		int day = (k * 97) % 366; /* 97 and 366 are coprime */
		int dm, dd, yy;
		date_to_ymd(D(2024, 1, 1) + day, &yy, &dm, &dd);
		struct card c;
		card_init(&c);
		char *name = xasprintf("Person %03d", k);
		card_set(&c.name, name);
		free(name);
		c.birthday = (struct birthday){ .year = k % 3 == 0 ? 1950 + k % 60 : 0, .month = dm, .day = dd };
		y->b[y->n] = c.birthday;
		y->ids[y->n++] = insert(y->db, &c);
		if (k % 50 == 0) {
			card_init(&c);
			card_set(&c.name, "No Birthday");
			insert(y->db, &c);
		}
	}
	/* A second card on 29 Feb and one on 28 Feb: they tie in common
	 * years and must then come in id order. */
	for (int k = 0; k < 2; k++) {
		struct card c;
		card_init(&c);
		card_set(&c.name, k == 0 ? "Leap Second" : "Feb Last");
		c.birthday = (struct birthday){ .month = 2, .day = k == 0 ? 29 : 28 };
		y->b[y->n] = c.birthday;
		y->ids[y->n++] = insert(y->db, &c);
	}
	expect_ok(db_commit(y->db, &cause), &cause, "commit");
	*state = y;
	return 0;
}

static int teardown_year(void **state)
{
	struct year_of_birthdays *y = *state;
	db_close(y->db);
	free(y);
	return 0;
}

struct expected_bday {
	int64_t id;
	int next;
};

static int expected_compare(const void *a, const void *b)
{
	const struct expected_bday *x = a, *y = b;
	if (x->next != y->next)
		return x->next < y->next ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void test_birthdays_agree_with_birthday_next(void **state)
{
	struct year_of_birthdays *y = *state;
	char *cause = NULL;
	const int todays[] = {
		D(2026, 1, 1),  D(2026, 2, 27), D(2026, 2, 28), D(2026, 3, 1),  D(2026, 6, 15),
		D(2026, 12, 2), D(2026, 12, 31), D(2027, 2, 28), D(2027, 3, 1), D(2027, 12, 31),
		D(2028, 2, 28), D(2028, 2, 29), D(2028, 3, 1),  D(2028, 12, 31), D(2099, 12, 31),
		D(2100, 2, 28), D(2023, 3, 1),  D(2025, 11, 22),
	};
	const int spans[] = { -1, 0, 1, 2, 6, 30, 59, 60, 61, 180, 364, 365, 366 };
	struct expected_bday want[400];
	size_t checked = 0;
	for (size_t ti = 0; ti < sizeof todays / sizeof todays[0]; ti++) {
		int today = todays[ti];
		for (size_t si = 0; si < sizeof spans / sizeof spans[0]; si++) {
			int days = spans[si];
			size_t nwant = 0;
			for (size_t i = 0; i < y->n; i++) {
				int next = birthday_next(&y->b[i], today);
				if (days >= 0 && next - today <= days)
					want[nwant++] = (struct expected_bday){ y->ids[i], next };
			}
			qsort(want, nwant, sizeof want[0], expected_compare);
			struct card_filter f = { .today = today };
			struct gots g = { 0 };
			expect_ok(listing_birthdays(y->db, &f, days, 0, collect, &g, &cause), &cause, "birthdays");
			if (g.n != nwant) {
				char date[DATE_TEXT_SIZE];
				date_format(today, date);
				fail_msg("from %s for %d days: %zu birthdays, birthday_next() says %zu", date, days,
					 g.n, nwant);
			}
			for (size_t i = 0; i < nwant; i++) {
				assert_int_equal(g.items[i].id, want[i].id);
				assert_int_equal(g.items[i].birthday_next, want[i].next);
			}
			checked += nwant;
			gots_free(&g);
		}
	}
	assert_true(checked > 10000); /* the windows were not all empty */
}

/* ---- query plans ------------------------------------------------------------ */

#define MAX_TRACED 16

struct traced {
	char *sql[MAX_TRACED];
	size_t n;
};

static int trace_stmt(unsigned type, void *ctx, void *p, void *x)
{
	(void)x;
	struct traced *t = ctx;
	const char *sql = sqlite3_sql((sqlite3_stmt *)p);
	/* The list's own statement, not the pragmas around it. */
	if (type == SQLITE_TRACE_STMT && sql != NULL && strstr(sql, " FROM card c") != NULL && t->n < MAX_TRACED)
		t->sql[t->n++] = xstrdup(sql);
	return 0;
}

/*
 * The plan of the one statement traced: the cards come from `main_scan`;
 * every other table is searched through an index (a SCAN is only of a
 * subquery's own few rows); no temporary b-tree unless allow_sort.
 */
static void check_plan(struct db *db, struct traced *t, const char *main_scan, bool allow_sort, const char *what)
{
	sqlite3 *sql = db_sqlite(db);
	sqlite3_trace_v2(sql, 0, NULL, NULL);
	assert_int_equal(t->n, 1);
	char *eqp = xasprintf("EXPLAIN QUERY PLAN %s", t->sql[0]);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(sql, eqp, -1, &st, NULL), SQLITE_OK);
	char *plan = xstrdup("");
	bool bad = false, main_seen = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		char *next = xasprintf("%s\n    %s", plan, detail);
		free(plan);
		plan = next;
		if (strcmp(detail, main_scan) == 0)
			main_seen = true;
		else if (strncmp(detail, "SCAN ", 5) == 0 && strncmp(detail, "SCAN (subquery-", 15) != 0)
			bad = true;
		if (!allow_sort && strstr(detail, "TEMP B-TREE") != NULL)
			bad = true;
	}
	sqlite3_finalize(st);
	if (bad || !main_seen)
		fail_msg("%s: a bad plan for\n  %s%s", what, t->sql[0], plan);
	free(plan);
	free(eqp);
	free(t->sql[0]);
	t->n = 0;
}

static int stop_at_once(void *ctx, const struct listing_row *row)
{
	(void)ctx;
	(void)row;
	return 1;
}

static void test_query_plans(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	char *cause = NULL;
	struct traced t = { .n = 0 };
	const unsigned wants[] = { 0, LISTING_EMAIL | LISTING_TAGS, LISTING_ALL };
	for (size_t k = 0; k < sizeof wants / sizeof wants[0]; k++) {
		struct card_filter f = { .today = p->today };
		sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, trace_stmt, &t);
		expect_ok(listing_walk(db, &f, wants[k], stop_at_once, NULL, &cause), &cause, "walk");
		check_plan(db, &t, "SCAN c USING INDEX card_live", false, "listing_walk");

		sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, trace_stmt, &t);
		expect_ok(listing_scan(db, &f, wants[k], stop_at_once, NULL, &cause), &cause, "scan");
		check_plan(db, &t, "SCAN c", false, "listing_scan");

		/* Sorted, every live card: its head down the index, unsorted
		 * (the rest, a scan and one sort, test_sorted_head_then_rest). */
		sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, trace_stmt, &t);
		expect_ok(listing_sorted(db, &f, wants[k], stop_at_once, NULL, &cause), &cause, "sorted");
		check_plan(db, &t, "SCAN c USING INDEX card_live", false, "listing_sorted");

		/* Sorted, some cards: a scan, then one sort of what it selected. */
		f.has_birthday = true;
		sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, trace_stmt, &t);
		expect_ok(listing_sorted(db, &f, wants[k], stop_at_once, NULL, &cause), &cause, "sorted birthdays");
		check_plan(db, &t, "SCAN c", true, "listing_sorted of the cards with a birthday");
		f.has_birthday = false;

		f.trash = true;
		sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, trace_stmt, &t);
		expect_ok(listing_walk(db, &f, wants[k], stop_at_once, NULL, &cause), &cause, "walk the trash");
		check_plan(db, &t, "SCAN c USING INDEX card_trashed", false, "listing_walk of the trash");

		/* Due and birthday lists look at every live card once and sort
		 * only those they select. */
		f = (struct card_filter){ .today = p->today };
		sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, trace_stmt, &t);
		expect_ok(listing_due(db, &f, wants[k], stop_at_once, NULL, &cause), &cause, "due");
		check_plan(db, &t, "SCAN c", true, "listing_due");

		sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, trace_stmt, &t);
		expect_ok(listing_birthdays(db, &f, 30, wants[k], stop_at_once, NULL, &cause), &cause, "birthdays");
		check_plan(db, &t, "SCAN c", true, "listing_birthdays");
	}
}

/*
 * A sorted list of every live card longer than the head it walks down the
 * index: the same cards in the same order as the walk, the trashed ones
 * left out on both sides of the seam, and a stop in the sorted rest stops.
 */
static void test_sorted_head_then_rest(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	expect_ok(db_begin(db, &cause), &cause, "begin");
	/* Ids in one order, names in another: family names count down. */
	for (int i = 0; i < 2600; i++) {
		struct card c;
		card_init(&c);
		char name[64];
		snprintf(name, sizeof name, "Person %c%04d", 'a' + (i * 7) % 26, 9999 - i);
		card_set(&c.name, name);
		int64_t id = insert(db, &c);
		if (i % 97 == 0)
			expect_ok(card_trash(db, id, NOW, &cause), &cause, "trash");
	}
	expect_ok(db_commit(db, &cause), &cause, "commit");
	struct card_filter f = { .today = D(2026, 1, 15) };
	struct gots walked = { 0 }, sorted = { 0 };
	expect_ok(listing_walk(db, &f, LISTING_EMAIL | LISTING_TAGS, collect, &walked, &cause), &cause, "walk");
	expect_ok(listing_sorted(db, &f, LISTING_EMAIL | LISTING_TAGS, collect, &sorted, &cause), &cause, "sorted");
	assert_int_equal(walked.n, 2600 - (2600 + 96) / 97);
	assert_int_equal(sorted.n, walked.n);
	for (size_t i = 0; i < walked.n; i++)
		assert_int_equal(sorted.items[i].id, walked.items[i].id);
	gots_free(&sorted);
	sorted.stop_after = 1500;
	expect_ok(listing_sorted(db, &f, 0, collect, &sorted, &cause), &cause, "sorted, stopped");
	assert_int_equal(sorted.n, 1500);
	assert_int_equal(sorted.items[1499].id, walked.items[1499].id);
	gots_free(&sorted);
	gots_free(&walked);
	db_close(db);
}

/* ---- every card in full ------------------------------------------------- */

/* listing_cards' cards, checked as they come against the per-card API. */
struct full_check {
	struct db *db;
	int64_t *ids; /* card_foreach's cards, sorted by id */
	size_t nids;
	size_t seen;
	size_t stop_after; /* 0: never stop */
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int check_full_card(void *arg, const struct listing_card *lc)
{
	struct full_check *fc = arg;
	const struct card *got = &lc->card;
	char *cause = NULL;
	assert_true(fc->seen < fc->nids);
	assert_int_equal(got->id, fc->ids[fc->seen]);
	fc->seen++;

	struct card c;
	expect_ok(card_load(fc->db, got->id, &c, &cause), &cause, "card_load");
	const char *g[] = { got->uid, got->name, got->given, got->family, got->nickname, got->org, got->title,
			    got->how_met, got->snooze_until, got->trashed_at, got->created_at, got->updated_at };
	const char *w[] = { c.uid, c.name, c.given, c.family, c.nickname, c.org, c.title,
			    c.how_met, c.snooze_until, c.trashed_at, c.created_at, c.updated_at };
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
		assert_string_equal(g[i], w[i]);
	assert_memory_equal(&got->birthday, &c.birthday, sizeof c.birthday);
	assert_int_equal(got->cadence_set, c.cadence_set);
	assert_int_equal(got->cadence.n, c.cadence.n);
	assert_int_equal(got->cadence.unit, c.cadence.unit);
	assert_int_equal(got->revision, c.revision);
	assert_int_equal(got->nfields, c.nfields);
	for (size_t i = 0; i < c.nfields; i++) {
		assert_int_equal(got->fields[i].kind, c.fields[i].kind);
		assert_string_equal(got->fields[i].value, c.fields[i].value);
		assert_string_equal(got->fields[i].label, c.fields[i].label);
	}
	assert_int_equal(got->ntags, c.ntags);
	for (size_t i = 0; i < c.ntags; i++)
		assert_string_equal(got->tags[i], c.tags[i]);
	assert_int_equal(got->nextras, c.nextras);
	for (size_t i = 0; i < c.nextras; i++)
		assert_string_equal(got->extras[i], c.extras[i]);
	card_done(&c);

	/* Notes and touches: note_list and touch_list backwards. */
	struct note *notes;
	size_t nnotes;
	expect_ok(note_list(fc->db, got->id, 0, &notes, &nnotes, &cause), &cause, "note_list");
	assert_int_equal(lc->nnotes, nnotes);
	for (size_t i = 0; i < nnotes; i++) {
		const struct note *a = &lc->notes[i], *b = &notes[nnotes - 1 - i];
		assert_int_equal(a->id, b->id);
		assert_int_equal(a->card_id, b->card_id);
		assert_string_equal(a->at, b->at);
		assert_string_equal(a->text, b->text);
	}
	note_list_free(notes, nnotes);
	struct touch *touches;
	size_t ntouches;
	expect_ok(touch_list(fc->db, got->id, 0, &touches, &ntouches, &cause), &cause, "touch_list");
	assert_int_equal(lc->ntouches, ntouches);
	for (size_t i = 0; i < ntouches; i++) {
		const struct touch *a = &lc->touches[i], *b = &touches[ntouches - 1 - i];
		assert_int_equal(a->id, b->id);
		assert_int_equal(a->card_id, b->card_id);
		assert_int_equal(a->date, b->date);
		assert_int_equal(a->channel, b->channel);
		assert_string_equal(a->note, b->note);
		assert_string_equal(a->at, b->at);
	}
	touch_list_free(touches, ntouches);
	return fc->stop_after != 0 && fc->seen >= fc->stop_after;
}

static void test_cards_match_load(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	char *cause = NULL;

	/* Rows of one card out of id order: Ada rewritten after the others
	 * (new field and tag rows), notes written out of time order, and the
	 * trashed card's rows between live cards' rows. */
	struct card c;
	expect_ok(card_load(db, p->ada, &c, &cause), &cause, "card_load");
	card_add_field(&c, FIELD_URL, "https://ada.example", "");
	card_add_field(&c, FIELD_EMAIL, "countess@example.org", "other");
	card_add_tag(&c, "beta");
	card_add_extra(&c, "X-TWITTER:@ada");
	card_add_extra(&c, "PHOTO;VALUE=uri:https://ada.example/ada.png");
	card_set(&c.how_met, "At a party\nin London");
	expect_ok(card_update(db, &c, -1, "2026-02-01T09:00:00Z", &cause), &cause, "card_update");
	card_done(&c);
	expect_ok(note_add(db, p->ada, "later note", "2026-02-03T10:00:00Z", NULL, &cause), &cause, "note");
	expect_ok(note_add(db, p->ada, "earlier note", "2026-01-03T10:00:00Z", NULL, &cause), &cause, "note");
	expect_ok(note_add(db, p->ada, "same time", "2026-01-03T10:00:00Z", NULL, &cause), &cause, "note");
	expect_ok(note_add(db, p->trashed, "a note in the trash", NOW, NULL, &cause), &cause, "note");
	expect_ok(touch_add(db, p->trashed, D(2026, 1, 2), CHANNEL_CALL, "trash", NOW, NULL, &cause), &cause,
		  "touch");
	expect_ok(touch_add(db, p->grace, D(2026, 1, 2), CHANNEL_CALL, "with a note", NOW, NULL, &cause), &cause,
		  "touch");

	struct ids ids = { 0 };
	struct card_filter all = { .today = p->today };
	expect_ok(card_foreach(db, &all, collect_id, &ids, &cause), &cause, "card_foreach");
	qsort(ids.id, ids.n, sizeof *ids.id, cmp_id);
	struct full_check fc = { .db = db, .ids = ids.id, .nids = ids.n };
	expect_ok(listing_cards(db, check_full_card, &fc, &cause), &cause, "listing_cards");
	assert_int_equal(fc.seen, ids.n);

	/* Stopping early stops. */
	fc = (struct full_check){ .db = db, .ids = ids.id, .nids = ids.n, .stop_after = 2 };
	expect_ok(listing_cards(db, check_full_card, &fc, &cause), &cause, "listing_cards, stopped");
	assert_int_equal(fc.seen, 2);
	free(ids.id);

	/* An empty rolodex walks nothing. */
	struct db *empty = open_memory();
	fc = (struct full_check){ .db = empty };
	expect_ok(listing_cards(empty, check_full_card, &fc, &cause), &cause, "listing_cards, empty");
	assert_int_equal(fc.seen, 0);
	db_close(empty);
}

/* Every pass of listing_cards reads its table in order: a SCAN, never a
 * temporary b-tree (which would sort a whole table in memory). */
static int trace_passes(unsigned type, void *ctx, void *p, void *x)
{
	(void)x;
	struct db *db = ctx;
	const char *sql = sqlite3_sql((sqlite3_stmt *)p);
	if (type != SQLITE_TRACE_STMT || sql == NULL || strncmp(sql, "SELECT", 6) != 0)
		return 0;
	char *eqp = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *st = NULL;
	/* A second connection would not see :memory:; the plan of a
	 * statement does not disturb the ones stepping. */
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), eqp, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		if (strstr(detail, "TEMP B-TREE") != NULL || strncmp(detail, "SCAN ", 5) != 0)
			fail_msg("listing_cards sorts or searches: %s\n    %s", sql, detail);
	}
	sqlite3_finalize(st);
	free(eqp);
	return 0;
}

static int count_card(void *ctx, const struct listing_card *lc)
{
	(void)lc;
	(*(size_t *)ctx)++;
	return 0;
}

static void test_cards_plans(void **state)
{
	struct people *p = *state;
	char *cause = NULL;
	size_t n = 0;
	sqlite3_trace_v2(db_sqlite(p->db), SQLITE_TRACE_STMT, trace_passes, p->db);
	expect_ok(listing_cards(p->db, count_card, &n, &cause), &cause, "listing_cards");
	sqlite3_trace_v2(db_sqlite(p->db), 0, NULL, NULL);
	assert_int_equal(n, 7); /* the live cards */
}

int main(void)
{
	if (setlocale(LC_ALL, "") == NULL || MB_CUR_MAX == 1)
		setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest people_tests[] = {
		cmocka_unit_test_setup_teardown(test_walk_matches_load, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_walk_details, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_due, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_query_plans, setup_people, teardown_people),
		cmocka_unit_test(test_sorted_head_then_rest),
		cmocka_unit_test_setup_teardown(test_cards_match_load, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_cards_plans, setup_people, teardown_people),
	};
	const struct CMUnitTest year_tests[] = {
		cmocka_unit_test_setup_teardown(test_birthdays_agree_with_birthday_next, setup_year, teardown_year),
	};
	int failed = cmocka_run_group_tests_name("listing", people_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("birthdays", year_tests, NULL, NULL);
	return failed;
}
