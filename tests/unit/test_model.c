/*
 * test_model.c - unit tests for the model layer's cards, notes, touches,
 * tags, derived due status, trash and database utilities.
 *
 * Every test opens its own database (":memory:" unless the test is about
 * files) and passes fixed `now` timestamps and `today` day numbers, so
 * nothing depends on the clock.  Search and browsing live in test_search.c,
 * opening and migrating files in test_migrate.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/db_internal.h"
#include "rolodex/browse.h"
#include "rolodex/bulk.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-01-15T10:00:00Z";
static const char LATER[] = "2026-01-16T11:30:00Z";

/* ---- helpers ------------------------------------------------------------ */

static int64_t add_named(struct db *db, const char *name)
{
	struct card c;
	char *cause = NULL;
	card_init(&c);
	card_set(&c.name, name);
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, name);
	int64_t id = c.id;
	assert_true(id > 0);
	card_done(&c);
	return id;
}

static int D(int y, int m, int d)
{
	assert_true(date_valid(y, m, d));
	return date_from_ymd(y, m, d);
}

/* One integer from SQL run directly on the connection. */
static int64_t sql_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *repeat_char(char ch, size_t n)
{
	char *s = xmalloc(n + 1);
	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

static char *make_temp_dir(void)
{
	char *dir = xstrdup("/tmp/rdx-model-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void remove_tree(char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		buf = xgrow(buf, &cap, n + 4096, 1);
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

static bool bytes_contain(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

/* ---- insert / load / update ----------------------------------------------- */

static void fill_full_card(struct card *c)
{
	card_init(c);
	card_set(&c->name, "Ada Lovelace");
	card_set(&c->nickname, "Enchantress of Numbers");
	card_set(&c->org, "Analytical Engines Ltd");
	card_set(&c->title, "Mathematician");
	card_set(&c->how_met, "Met at Babbage's soirée.\nTalked about looms.");
	card_add_field(c, FIELD_EMAIL, "ada@example.org", "work");
	card_add_field(c, FIELD_EMAIL, "ada.l@home.example", "home");
	card_add_field(c, FIELD_PHONE, "+44 20 7946 0000", "mobile");
	card_add_field(c, FIELD_PHONE, "+44 20 7946 0001", "");
	card_add_field(c, FIELD_ADDRESS, "12 St James's Square\nLondon", "home");
	card_add_field(c, FIELD_URL, "https://www.linkedin.com/in/ada", "linkedin");
	card_add_tag(c, "Mentor");
	card_add_tag(c, "  ACME Alumni ");
	card_add_tag(c, "mentor");
	card_add_tag(c, "MENTOR");
	card_add_tag(c, "Ünïcode");
	c->birthday = (struct birthday){ .year = 1815, .month = 12, .day = 10 };
	c->cadence_set = true;
	c->cadence = (struct cadence){ .n = 3, .unit = 'm' };
	snprintf(c->snooze_until, sizeof c->snooze_until, "%s", "2026-03-01");
	card_add_extra(c, "X-FOO;TYPE=bar:baz\\,qux");
	card_add_extra(c, "X-SOCIALPROFILE;TYPE=mastodon:https://example.social/@ada");
}

static void test_insert_load_round_trip(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	struct card c, got;
	fill_full_card(&c);
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	assert_true(c.id > 0);
	assert_int_equal(c.revision, 1);
	/* The name was split and a UID generated. */
	assert_string_equal(c.given, "Ada");
	assert_string_equal(c.family, "Lovelace");
	assert_int_equal(strlen(c.uid), 36);

	expect_ok(card_load(db, c.id, &got, &cause), &cause, "load");
	assert_int_equal(got.id, c.id);
	assert_string_equal(got.uid, c.uid);
	assert_string_equal(got.name, "Ada Lovelace");
	assert_string_equal(got.given, "Ada");
	assert_string_equal(got.family, "Lovelace");
	assert_string_equal(got.nickname, "Enchantress of Numbers");
	assert_string_equal(got.org, "Analytical Engines Ltd");
	assert_string_equal(got.title, "Mathematician");
	assert_string_equal(got.how_met, "Met at Babbage's soirée.\nTalked about looms.");
	assert_int_equal(got.nfields, 6);
	for (size_t i = 0; i < got.nfields; i++) {
		assert_int_equal(got.fields[i].kind, c.fields[i].kind);
		assert_string_equal(got.fields[i].value, c.fields[i].value);
		assert_string_equal(got.fields[i].label, c.fields[i].label);
	}
	assert_string_equal(card_first_field(&got, FIELD_PHONE)->value, "+44 20 7946 0000");
	assert_string_equal(card_first_field(&got, FIELD_URL)->label, "linkedin");
	/* Tags: folded, trimmed, spaces made dashes, each once, in order. */
	assert_int_equal(got.ntags, 3);
	assert_string_equal(got.tags[0], "mentor");
	assert_string_equal(got.tags[1], "acme-alumni");
	assert_string_equal(got.tags[2], "unicode");
	assert_int_equal(got.birthday.year, 1815);
	assert_int_equal(got.birthday.month, 12);
	assert_int_equal(got.birthday.day, 10);
	assert_true(got.cadence_set);
	assert_int_equal(got.cadence.n, 3);
	assert_int_equal(got.cadence.unit, 'm');
	assert_string_equal(got.snooze_until, "2026-03-01");
	assert_string_equal(got.trashed_at, "");
	assert_string_equal(got.created_at, NOW);
	assert_string_equal(got.updated_at, NOW);
	assert_int_equal(got.revision, 1);
	assert_int_equal(got.nextras, 2);
	assert_string_equal(got.extras[0], "X-FOO;TYPE=bar:baz\\,qux");
	assert_string_equal(got.extras[1], "X-SOCIALPROFILE;TYPE=mastodon:https://example.social/@ada");
	card_done(&got);
	card_done(&c);
	db_close(db);
}

static void test_birthday_and_cadence_variants(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	struct card c, got;

	/* Birthday without a year, explicit "none" cadence. */
	card_init(&c);
	card_set(&c.name, "Grace Hopper");
	c.birthday = (struct birthday){ .year = 0, .month = 2, .day = 29 };
	c.cadence_set = true;
	c.cadence = (struct cadence){ 0, 0 };
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	expect_ok(card_load(db, c.id, &got, &cause), &cause, "load");
	assert_int_equal(got.birthday.year, 0);
	assert_int_equal(got.birthday.month, 2);
	assert_int_equal(got.birthday.day, 29);
	assert_true(got.cadence_set);
	assert_int_equal(got.cadence.n, 0);
	assert_string_equal(got.snooze_until, "");
	card_done(&got);
	card_done(&c);

	/* No birthday, inherited cadence, every unit. */
	const char *cadences[] = { "45d", "2w", "1m", "1y" };
	for (size_t i = 0; i < 4; i++) {
		card_init(&c);
		card_set(&c.name, "Someone Else");
		c.cadence_set = true;
		assert_true(cadence_parse(cadences[i], &c.cadence));
		expect_ok(card_insert(db, &c, NOW, &cause), &cause, cadences[i]);
		expect_ok(card_load(db, c.id, &got, &cause), &cause, "load");
		char text[16];
		cadence_format(&got.cadence, text, sizeof text);
		assert_string_equal(text, cadences[i]);
		assert_int_equal(got.birthday.month, 0);
		card_done(&got);
		card_done(&c);
	}
	card_init(&c);
	card_set(&c.name, "Inherits Rhythm");
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	expect_ok(card_load(db, c.id, &got, &cause), &cause, "load");
	assert_false(got.cadence_set);
	card_done(&got);
	card_done(&c);
	db_close(db);
}

static void test_update_replaces_children(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	struct card c, got;
	fill_full_card(&c);
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	int64_t id = c.id;
	card_done(&c);

	expect_ok(card_load(db, id, &c, &cause), &cause, "load");
	card_set(&c.name, "Augusta Ada King");
	card_set(&c.given, "");
	card_set(&c.family, "");
	card_set(&c.org, "");
	while (c.nfields > 0)
		card_remove_field(&c, 0);
	card_add_field(&c, FIELD_EMAIL, "countess@example.org", "");
	card_remove_tag(&c, "Mentor");
	card_add_tag(&c, "client");
	for (size_t i = 0; i < c.nextras; i++)
		free(c.extras[i]);
	c.nextras = 0;
	c.birthday = (struct birthday){ 0, 0, 0 };
	c.cadence_set = false;
	c.snooze_until[0] = '\0';
	expect_ok(card_update(db, &c, c.revision, LATER, &cause), &cause, "update");
	assert_int_equal(c.revision, 2);
	assert_string_equal(c.updated_at, LATER);

	expect_ok(card_load(db, id, &got, &cause), &cause, "load");
	assert_string_equal(got.name, "Augusta Ada King");
	assert_string_equal(got.given, "Augusta Ada");
	assert_string_equal(got.family, "King");
	assert_string_equal(got.org, "");
	assert_int_equal(got.nfields, 1);
	assert_string_equal(got.fields[0].value, "countess@example.org");
	assert_int_equal(got.ntags, 3);
	assert_string_equal(got.tags[0], "acme-alumni");
	assert_string_equal(got.tags[1], "unicode");
	assert_string_equal(got.tags[2], "client");
	assert_int_equal(got.nextras, 0);
	assert_int_equal(got.birthday.month, 0);
	assert_false(got.cadence_set);
	assert_string_equal(got.snooze_until, "");
	assert_int_equal(got.revision, 2);
	assert_string_equal(got.created_at, NOW);
	assert_string_equal(got.updated_at, LATER);
	card_done(&got);
	/* No orphan child rows were left behind. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_field"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_tag"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_extra"), 0);

	/* A second update bumps again; -1 skips the conflict check. */
	card_set(&c.title, "Countess");
	expect_ok(card_update(db, &c, -1, LATER, &cause), &cause, "update");
	assert_int_equal(c.revision, 3);

	/* Taking another card's UID is refused and changes nothing. */
	int64_t other = add_named(db, "Grace Hopper");
	struct card g;
	expect_ok(card_load(db, other, &g, &cause), &cause, "load other");
	char *mine = xstrdup(c.uid);
	card_set(&c.uid, g.uid);
	card_set(&c.title, "Never saved");
	expect(RDX_INVALID, card_update(db, &c, c.revision, LATER, &cause), &cause, "duplicate uid");
	card_set(&c.uid, mine);
	free(mine);
	card_done(&g);
	expect_ok(card_load(db, id, &got, &cause), &cause, "load");
	assert_string_equal(got.title, "Countess");
	assert_int_equal(got.revision, 3);
	card_done(&got);
	card_done(&c);

	/* Updating a card that does not exist. */
	card_init(&c);
	card_set(&c.name, "Nobody");
	c.id = 999;
	expect(RDX_NOT_FOUND, card_update(db, &c, -1, LATER, &cause), &cause, "update missing");
	card_done(&c);
	db_close(db);
}

/* An update that leaves a card's fields, tags and extras as they are
 * keeps their rows (an import merge that changes only the organization);
 * one that changes their order or a value writes them again. */
static void test_update_keeps_unchanged_rows(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	struct card c, got;
	fill_full_card(&c);
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	int64_t first_field = sql_int(db, "SELECT min(id) FROM card_field");
	int64_t rows = sql_int(db, "SELECT count(*) FROM card_field");
	/* Another card's row after them: a row written again gets a higher id. */
	struct card other;
	card_init(&other);
	card_set(&other.name, "Grace Hopper");
	card_add_field(&other, FIELD_EMAIL, "grace@example.org", "");
	expect_ok(card_insert(db, &other, NOW, &cause), &cause, "insert other");
	card_done(&other);
	int64_t other_field = sql_int(db, "SELECT max(id) FROM card_field");

	card_set(&c.org, "Babbage & Co");
	expect_ok(card_update(db, &c, c.revision, LATER, &cause), &cause, "update org");
	assert_int_equal(sql_int(db, "SELECT min(id) FROM card_field"), first_field);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_field"), rows + 1);
	expect_ok(card_load(db, c.id, &got, &cause), &cause, "load");
	assert_string_equal(got.org, "Babbage & Co");
	assert_int_equal(got.nfields, c.nfields);
	for (size_t i = 0; i < got.nfields; i++)
		assert_string_equal(got.fields[i].value, c.fields[i].value);
	card_done(&got);

	/* The first two fields swapped, the tags turned round, one extra's
	 * text changed: all written again, in the new order. */
	struct card_field f = c.fields[0];
	c.fields[0] = c.fields[1];
	c.fields[1] = f;
	char *t = c.tags[0];
	c.tags[0] = c.tags[c.ntags - 1];
	c.tags[c.ntags - 1] = t;
	card_set(&c.extras[0], "X-FOO:changed");
	expect_ok(card_update(db, &c, c.revision, LATER, &cause), &cause, "update order");
	assert_true(sql_int(db, "SELECT min(id) FROM card_field WHERE card_id = 1") > other_field);
	expect_ok(card_load(db, c.id, &got, &cause), &cause, "load");
	assert_int_equal(got.nfields, c.nfields);
	for (size_t i = 0; i < got.nfields; i++) {
		assert_int_equal(got.fields[i].kind, c.fields[i].kind);
		assert_string_equal(got.fields[i].value, c.fields[i].value);
		assert_string_equal(got.fields[i].label, c.fields[i].label);
	}
	assert_int_equal(got.ntags, c.ntags);
	for (size_t i = 0; i < got.ntags; i++)
		assert_string_equal(got.tags[i], c.tags[i]);
	assert_int_equal(got.nextras, c.nextras);
	assert_string_equal(got.extras[0], "X-FOO:changed");
	card_done(&got);

	/* A field's label alone changed: written again. */
	card_set(&c.fields[2].label, "work");
	expect_ok(card_update(db, &c, c.revision, LATER, &cause), &cause, "update label");
	expect_ok(card_load(db, c.id, &got, &cause), &cause, "load");
	assert_string_equal(got.fields[2].label, "work");
	card_done(&got);
	card_done(&c);
	db_close(db);
}

static void test_update_conflict(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t id = add_named(db, "Ada Lovelace");
	struct card a, b, got;
	expect_ok(card_load(db, id, &a, &cause), &cause, "load a");
	expect_ok(card_load(db, id, &b, &cause), &cause, "load b");
	card_set(&a.org, "First Editor");
	expect_ok(card_update(db, &a, a.revision, LATER, &cause), &cause, "update a");

	card_set(&b.org, "Second Editor");
	card_add_field(&b, FIELD_EMAIL, "stale@example.org", "");
	card_add_tag(&b, "stale");
	enum rdx_status st = card_update(db, &b, b.revision, LATER, &cause);
	assert_int_equal(st, RDX_CONFLICT);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "Ada Lovelace"));
	free(cause);
	cause = NULL;
	assert_int_equal(b.revision, 1);

	expect_ok(card_load(db, id, &got, &cause), &cause, "load");
	assert_string_equal(got.org, "First Editor");
	assert_int_equal(got.nfields, 0);
	assert_int_equal(got.ntags, 0);
	assert_int_equal(got.revision, 2);
	card_done(&got);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_tag"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM tag WHERE name = 'stale'"), 0);

	/* Trash bumps the revision too, so an edit begun before is refused. */
	expect_ok(card_trash(db, id, LATER, &cause), &cause, "trash");
	expect(RDX_CONFLICT, card_update(db, &a, a.revision, LATER, &cause), &cause, "stale after trash");
	card_done(&a);
	card_done(&b);
	db_close(db);
}

/* ---- validation ----------------------------------------------------------- */

static enum rdx_status validate_name(const char *name)
{
	struct card c;
	card_init(&c);
	card_set(&c.name, name);
	enum rdx_status st = card_validate(&c, NULL);
	card_done(&c);
	return st;
}

static void test_validate(void **state)
{
	(void)state;
	struct card c;
	char *cause = NULL;

	assert_int_equal(validate_name("Ada"), RDX_OK);
	assert_int_equal(validate_name(""), RDX_INVALID);
	assert_int_equal(validate_name("   \t "), RDX_INVALID);
	assert_int_equal(validate_name("Ada\xff"), RDX_INVALID);
	assert_int_equal(validate_name("Ada \xc3"), RDX_INVALID);    /* truncated sequence */
	assert_int_equal(validate_name("\xc0\xaf"), RDX_INVALID);    /* overlong '/' */
	assert_int_equal(validate_name("\xed\xa0\x80"), RDX_INVALID); /* surrogate */
	assert_int_equal(validate_name("Ada\nLovelace"), RDX_INVALID);

	char *name = repeat_char('a', CARD_NAME_MAX);
	assert_int_equal(validate_name(name), RDX_OK);
	free(name);
	name = repeat_char('a', CARD_NAME_MAX + 1);
	card_init(&c);
	card_set(&c.name, name);
	assert_int_equal(card_validate(&c, &cause), RDX_TOO_LONG);
	assert_non_null(strstr(cause, "name"));
	free(cause);
	cause = NULL;
	card_done(&c);
	free(name);

	struct {
		size_t offset;
		size_t max;
	} limits[] = {
		{ offsetof(struct card, org), CARD_FIELD_MAX },
		{ offsetof(struct card, title), CARD_FIELD_MAX },
		{ offsetof(struct card, nickname), CARD_FIELD_MAX },
		{ offsetof(struct card, given), CARD_NAME_MAX },
		{ offsetof(struct card, family), CARD_NAME_MAX },
		{ offsetof(struct card, how_met), CARD_TEXT_MAX },
	};
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		card_init(&c);
		card_set(&c.name, "Ada");
		char **slot = (char **)((char *)&c + limits[i].offset);
		char *text = repeat_char('x', limits[i].max);
		card_set(slot, text);
		assert_int_equal(card_validate(&c, NULL), RDX_OK);
		free(text);
		text = repeat_char('x', limits[i].max + 1);
		card_set(slot, text);
		assert_int_equal(card_validate(&c, NULL), RDX_TOO_LONG);
		card_set(slot, "bad \xfe byte");
		assert_int_equal(card_validate(&c, NULL), RDX_INVALID);
		free(text);
		card_done(&c);
	}

	/* Fields: value and label limits, UTF-8, emptiness, count. */
	card_init(&c);
	card_set(&c.name, "Ada");
	char *value = repeat_char('v', CARD_FIELD_MAX + 1);
	card_add_field(&c, FIELD_EMAIL, value, "");
	assert_int_equal(card_validate(&c, NULL), RDX_TOO_LONG);
	card_remove_field(&c, 0);
	free(value);
	char *label = repeat_char('l', CARD_LABEL_MAX + 1);
	card_add_field(&c, FIELD_PHONE, "123", label);
	assert_int_equal(card_validate(&c, NULL), RDX_TOO_LONG);
	card_remove_field(&c, 0);
	free(label);
	card_add_field(&c, FIELD_URL, "http://\x80", "");
	assert_int_equal(card_validate(&c, NULL), RDX_INVALID);
	card_remove_field(&c, 0);
	card_add_field(&c, FIELD_EMAIL, "  ", "");
	assert_int_equal(card_validate(&c, NULL), RDX_INVALID);
	card_remove_field(&c, 0);
	card_add_field(&c, FIELD_ADDRESS, "1 Main St\nSpringfield", "home");
	assert_int_equal(card_validate(&c, NULL), RDX_OK);
	card_remove_field(&c, 0);
	for (int i = 0; i < CARD_MAX_FIELDS; i++)
		card_add_field(&c, FIELD_PHONE, "555", "");
	assert_int_equal(card_validate(&c, NULL), RDX_OK);
	card_add_field(&c, FIELD_PHONE, "556", "");
	assert_int_equal(card_validate(&c, NULL), RDX_TOO_LONG);
	card_done(&c);

	/* Tags: count and length. */
	card_init(&c);
	card_set(&c.name, "Ada");
	for (int i = 0; i < CARD_MAX_TAGS; i++) {
		char tag[16];
		snprintf(tag, sizeof tag, "t%d", i);
		card_add_tag(&c, tag);
	}
	assert_int_equal(c.ntags, CARD_MAX_TAGS);
	assert_int_equal(card_validate(&c, NULL), RDX_OK);
	card_add_tag(&c, "one-more");
	assert_int_equal(card_validate(&c, NULL), RDX_TOO_LONG);
	card_done(&c);
	card_init(&c);
	card_set(&c.name, "Ada");
	char *tag = repeat_char('t', CARD_TAG_MAX + 1);
	card_add_tag(&c, tag);
	assert_int_equal(card_validate(&c, NULL), RDX_TOO_LONG);
	free(tag);
	card_done(&c);

	/* Birthdays. */
	struct {
		struct birthday b;
		enum rdx_status want;
	} bdays[] = {
		{ { 2026, 2, 30 }, RDX_INVALID },
		{ { 2025, 2, 29 }, RDX_INVALID },
		{ { 1900, 2, 29 }, RDX_INVALID },
		{ { 2024, 2, 29 }, RDX_OK },
		{ { 2000, 2, 29 }, RDX_OK },
		{ { 0, 2, 29 }, RDX_OK },
		{ { 0, 2, 30 }, RDX_INVALID },
		{ { 0, 4, 31 }, RDX_INVALID },
		{ { 0, 13, 1 }, RDX_INVALID },
		{ { 0, 1, 0 }, RDX_INVALID },
		{ { 0, -1, 5 }, RDX_INVALID },
		{ { -5, 3, 5 }, RDX_INVALID },
		{ { 10000, 3, 5 }, RDX_INVALID },
		{ { 1815, 12, 10 }, RDX_OK },
		{ { 0, 0, 0 }, RDX_OK },
	};
	for (size_t i = 0; i < sizeof bdays / sizeof bdays[0]; i++) {
		card_init(&c);
		card_set(&c.name, "Ada");
		c.birthday = bdays[i].b;
		if (card_validate(&c, NULL) != bdays[i].want)
			fail_msg("birthday %d-%d-%d", bdays[i].b.year, bdays[i].b.month, bdays[i].b.day);
		card_done(&c);
	}

	/* Cadence and snooze. */
	card_init(&c);
	card_set(&c.name, "Ada");
	c.cadence_set = true;
	c.cadence = (struct cadence){ .n = 3, .unit = 'x' };
	assert_int_equal(card_validate(&c, NULL), RDX_INVALID);
	c.cadence = (struct cadence){ .n = -2, .unit = 'm' };
	assert_int_equal(card_validate(&c, NULL), RDX_INVALID);
	c.cadence = (struct cadence){ .n = 5000, .unit = 'd' };
	assert_int_equal(card_validate(&c, NULL), RDX_INVALID);
	c.cadence = (struct cadence){ .n = 6, .unit = 'w' };
	assert_int_equal(card_validate(&c, NULL), RDX_OK);
	snprintf(c.snooze_until, sizeof c.snooze_until, "%s", "2026-02-30");
	assert_int_equal(card_validate(&c, NULL), RDX_INVALID);
	card_done(&c);
}

static void test_invalid_insert_writes_nothing(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	struct card c;
	card_init(&c);
	card_set(&c.name, "");
	card_add_tag(&c, "never-stored");
	card_add_field(&c, FIELD_EMAIL, "x@example.org", "");
	assert_int_equal(card_insert(db, &c, NOW, &cause), RDX_INVALID);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(c.id, 0);
	card_set(&c.name, "Ada");
	c.birthday = (struct birthday){ 2025, 2, 29 };
	assert_int_equal(card_insert(db, &c, NOW, NULL), RDX_INVALID);
	card_done(&c);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM tag"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_field"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_fts"), 0);

	/* A bulk import turns the schema's CHECK on the kind off; card_validate
	 * is then what keeps an unknown kind out, and the CHECK comes back. */
	struct card_bulk bulk;
	card_bulk_begin(db, &bulk);
	assert_int_equal(sql_int(db, "PRAGMA ignore_check_constraints"), 1);
	card_init(&c);
	card_set(&c.name, "Ada");
	card_add_field(&c, (enum field_kind)FIELD_KIND_COUNT, "x@example.org", "");
	assert_int_equal(card_insert(db, &c, NOW, &cause), RDX_INVALID);
	assert_non_null(strstr(cause, "unknown kind"));
	free(cause);
	cause = NULL;
	card_done(&c);
	expect_ok(card_bulk_end(db, &bulk, &cause), &cause, "bulk end");
	assert_int_equal(sql_int(db, "PRAGMA ignore_check_constraints"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card"), 0);
	card_init(&c);
	card_set(&c.name, "Bea");
	assert_int_equal(card_insert(db, &c, NOW, NULL), RDX_OK);
	char sql[128];
	snprintf(sql, sizeof sql, "INSERT INTO card_field(card_id, kind, value, position) VALUES (%lld, '%s', 'x', 0)",
		 (long long)c.id, "%s");
	char bad[160];
	snprintf(bad, sizeof bad, sql, "fax");
	assert_int_equal(sqlite3_exec(db->sql, bad, NULL, NULL, NULL), SQLITE_CONSTRAINT_CHECK);
	assert_int_equal(card_trash(db, c.id, NOW, NULL), RDX_OK);
	assert_int_equal(card_purge(db, c.id, NULL), RDX_OK);
	card_done(&c);

	/* A duplicate UID is refused and leaves nothing behind. */
	int64_t id = add_named(db, "Ada Lovelace");
	struct card first;
	expect_ok(card_load(db, id, &first, &cause), &cause, "load");
	card_init(&c);
	card_set(&c.name, "Impostor");
	card_set(&c.uid, first.uid);
	card_add_tag(&c, "impostor");
	assert_int_equal(card_insert(db, &c, NOW, &cause), RDX_INVALID);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(c.id, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_tag"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_fts"), 1);
	card_done(&c);
	card_done(&first);
	db_close(db);
}

static void check_split(const char *name, const char *given, const char *family)
{
	struct card c;
	card_init(&c);
	card_set(&c.name, name);
	card_split_name(&c);
	if (strcmp(c.given, given) != 0 || strcmp(c.family, family) != 0)
		fail_msg("split \"%s\": given \"%s\" family \"%s\", wanted \"%s\" / \"%s\"", name, c.given, c.family,
			 given, family);
	card_done(&c);
}

static void test_split_name(void **state)
{
	(void)state;
	check_split("Ada Lovelace", "Ada", "Lovelace");
	check_split("Lovelace, Ada", "Ada", "Lovelace");
	check_split("Madonna", "Madonna", "");
	check_split("Jean-Luc Picard", "Jean-Luc", "Picard");
	check_split("  Grace   Hopper  ", "Grace", "Hopper");
	check_split("Émile Zola", "Émile", "Zola");
	check_split("山田太郎", "山田太郎", "");

	/* Given or family already set: left alone. */
	struct card c;
	card_init(&c);
	card_set(&c.name, "Ada Lovelace");
	card_set(&c.family, "King");
	card_split_name(&c);
	assert_string_equal(c.given, "");
	assert_string_equal(c.family, "King");
	card_done(&c);
}

/* ---- sort keys and tabs ---------------------------------------------------- */

static char *sort_key_of_name(const char *name)
{
	struct card c;
	card_init(&c);
	card_set(&c.name, name);
	card_split_name(&c);
	char *key = card_sort_key(&c);
	card_done(&c);
	return key;
}

static void check_tab(const char *name, char tab)
{
	char *key = sort_key_of_name(name);
	if (card_tab_of(key) != tab)
		fail_msg("\"%s\" (key \"%s\") is under '%c', wanted '%c'", name, key, card_tab_of(key), tab);
	free(key);
}

static void test_phone_key(void **state)
{
	(void)state;
	char a[CARD_PHONE_KEY_DIGITS + 1], b[CARD_PHONE_KEY_DIGITS + 1];
	assert_true(card_phone_key("+44 20 7946 0018", a));
	assert_true(card_phone_key("020 7946 0018", b));
	assert_string_equal(a, "79460018");
	assert_string_equal(a, b);
	assert_false(card_phone_key("ext. 12", a));
	assert_string_equal(a, "12");
	assert_false(card_phone_key("reception", a));
	assert_string_equal(a, "");
	assert_true(card_field_same(FIELD_PHONE, "+1 (555) 010-4477", "555.010.4477"));
	assert_false(card_field_same(FIELD_PHONE, "555 0101", "555 0102"));
	assert_true(card_field_same(FIELD_PHONE, "reception", "Reception"));
	assert_true(card_field_same(FIELD_EMAIL, "Ada@Example.org", "ada@example.org"));
	assert_false(card_field_same(FIELD_EMAIL, "ada@example.org", "ada@example.com"));
}

static void test_sort_keys_and_tabs(void **state)
{
	(void)state;
	char *hopper = sort_key_of_name("Grace Hopper");
	char *lovelace = sort_key_of_name("Ada Lovelace");
	assert_true(strcmp(hopper, lovelace) < 0);
	free(hopper);
	free(lovelace);

	/* Family first, then given: "Lovelace Ada" before "Lovelace Byron"
	 * before "Lovelaces Bo". */
	const char *ordered[] = { "Ada Lovelace", "Byron Lovelace", "Bo Lovelaces", "Émile Zola", "Zoë Zola" };
	for (size_t i = 0; i + 1 < sizeof ordered / sizeof ordered[0]; i++) {
		char *a = sort_key_of_name(ordered[i]);
		char *b = sort_key_of_name(ordered[i + 1]);
		if (strcmp(a, b) >= 0)
			fail_msg("\"%s\" should sort before \"%s\"", ordered[i], ordered[i + 1]);
		free(a);
		free(b);
	}
	/* Case and accents do not change a key. */
	char *a = sort_key_of_name("émile zola");
	char *b = sort_key_of_name("EMILE ZOLA");
	assert_string_equal(a, b);
	free(a);
	free(b);

	check_tab("Grace Hopper", 'H');
	check_tab("Ada Lovelace", 'L');
	check_tab("Madonna", 'M');
	check_tab("Émile Zola", 'Z');
	check_tab("Ørjan Ødegaard", 'O');
	check_tab("'Ziggy", 'Z');
	check_tab("...Zack", 'Z');
	check_tab("(Bob) \"Bobby\" O'Neil", 'O');
	check_tab("Ann -", 'A');
	check_tab("山田太郎", '#');
	check_tab("김민준", '#');
	check_tab("Σωκράτης", '#');
	check_tab("Дмитрий Иванов", '#');
	check_tab("007", '#');
	check_tab("!!!", '#');

	/* Everything under '#' sorts after every Latin key. */
	const char *others[] = { "山田太郎", "Σωκράτης", "Дмитрий Иванов", "007", "!!!" };
	char *zz = sort_key_of_name("Zzzz Zzzz");
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		char *k = sort_key_of_name(others[i]);
		if (strcmp(zz, k) >= 0)
			fail_msg("\"%s\" should sort after Z", others[i]);
		free(k);
	}
	free(zz);
	assert_int_equal(card_tab_of("~"), '#');
	assert_int_equal(card_tab_of(""), '#');
}

static void test_sort_order_in_database(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	const char *names[] = { "山田太郎", "Ada Lovelace", "Madonna", "Grace Hopper", "'Ziggy", "Émile Zola",
				"Byron Lovelace", "007" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		add_named(db, names[i]);
	const char *want[] = { "Grace Hopper", "Ada Lovelace", "Byron Lovelace", "Madonna", "'Ziggy", "Émile Zola",
			       "007", "山田太郎" };
	const char want_tabs[] = "HLLMZZ##";
	struct card_row *rows = NULL;
	size_t n = 0;
	expect_ok(card_page(db, NULL, NULL, true, 100, &rows, &n, &cause), &cause, "page");
	assert_int_equal(n, 8);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].name, want[i]) != 0)
			fail_msg("row %zu is \"%s\", wanted \"%s\"", i, rows[i].name, want[i]);
		assert_int_equal(rows[i].tab, want_tabs[i]);
	}
	card_rows_free(rows, n);
	db_close(db);
}

/* ---- trash, restore, purge -------------------------------------------------- */

static void test_trash_restore_purge(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	struct card c;
	card_init(&c);
	card_set(&c.name, "Ada Lovelace");
	card_add_tag(&c, "solo");
	card_add_tag(&c, "shared");
	card_add_tag(&c, "rhythmic");
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	int64_t id = c.id;
	card_done(&c);
	card_init(&c);
	card_set(&c.name, "Grace Hopper");
	card_add_tag(&c, "shared");
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	int64_t other = c.id;
	card_done(&c);
	struct cadence monthly = { 1, 'm' };
	expect_ok(tag_set_cadence(db, "rhythmic", &monthly, &cause), &cause, "tag cadence");
	expect_ok(note_add(db, id, "Kids: Byron and Annabella", NOW, NULL, &cause), &cause, "note");
	expect_ok(touch_add(db, id, D(2026, 1, 2), CHANNEL_COFFEE, "at the engine", NOW, NULL, &cause), &cause,
		  "touch");
	int64_t count = 0;

	/* Purge refuses a live card and changes nothing. */
	expect(RDX_NOT_FOUND, card_purge(db, id, &cause), &cause, "purge live");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card"), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_fts WHERE card_fts MATCH 'lovelace'"), 1);

	expect_ok(card_trash(db, id, LATER, &cause), &cause, "trash");
	expect(RDX_NOT_FOUND, card_trash(db, id, LATER, &cause), &cause, "trash twice");
	expect_ok(db_card_count(db, &count, &cause), &cause, "count");
	assert_int_equal(count, 1);
	expect_ok(card_load(db, id, &c, &cause), &cause, "load trashed");
	assert_string_equal(c.trashed_at, LATER);
	assert_int_equal(c.revision, 2);
	card_done(&c);
	struct card_filter trash = { .trash = true };
	expect_ok(card_count(db, &trash, &count, &cause), &cause, "count trash");
	assert_int_equal(count, 1);

	expect_ok(card_restore(db, id, LATER, &cause), &cause, "restore");
	expect(RDX_NOT_FOUND, card_restore(db, id, LATER, &cause), &cause, "restore twice");
	expect_ok(card_load(db, id, &c, &cause), &cause, "load restored");
	assert_string_equal(c.trashed_at, "");
	card_done(&c);
	expect_ok(db_card_count(db, &count, &cause), &cause, "count");
	assert_int_equal(count, 2);

	expect_ok(card_trash(db, id, LATER, &cause), &cause, "trash");
	expect_ok(card_purge(db, id, &cause), &cause, "purge");
	expect(RDX_NOT_FOUND, card_load(db, id, &c, &cause), &cause, "load purged");
	card_done(&c);
	expect(RDX_NOT_FOUND, card_purge(db, id, &cause), &cause, "purge twice");
	expect(RDX_NOT_FOUND, card_restore(db, id, LATER, &cause), &cause, "restore purged");
	/* Children and the index row went with it. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM note"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM touch"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_fts"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card_fts WHERE card_fts MATCH 'lovelace OR annabella'"), 0);
	assert_int_equal(sql_int(db, "SELECT rowid FROM card_fts"), other);
	/* A tag only the erased card had goes; shared ones and tags with a
	 * default rhythm stay. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM tag WHERE name = 'solo'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM tag WHERE name IN ('shared', 'rhythmic')"), 2);
	expect_ok(card_count(db, &trash, &count, &cause), &cause, "count trash");
	assert_int_equal(count, 0);

	expect(RDX_NOT_FOUND, card_trash(db, 12345, LATER, &cause), &cause, "trash missing");
	db_close(db);
}

static void test_purge_leaves_no_text_in_file(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *path = xasprintf("%s/rolodex.db", dir);
	struct db *db = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &db, &cause), &cause, "open");
	/* Some neighbours so the purged card shares pages with live ones. */
	for (int i = 0; i < 40; i++) {
		char name[64];
		snprintf(name, sizeof name, "Neighbour Number%02d", i);
		int64_t nid = add_named(db, name);
		expect_ok(note_add(db, nid, "an ordinary note about ordinary things", NOW, NULL, &cause), &cause,
			  "note");
	}
	struct card c;
	card_init(&c);
	card_set(&c.name, "Quixotic Zanzibarwright");
	card_set(&c.org, "Obscurantium Holdings");
	card_add_field(&c, FIELD_EMAIL, "quixotic@zanzibarwright.example", "");
	card_add_tag(&c, "secretagentfile");
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	int64_t id = c.id;
	card_done(&c);
	expect_ok(note_add(db, id, "Confided the plan for Xylophonica", NOW, NULL, &cause), &cause, "note");
	expect_ok(touch_add(db, id, D(2026, 1, 3), CHANNEL_CALL, "Flibbertigibbet call", NOW, NULL, &cause), &cause,
		  "touch");
	expect_ok(card_trash(db, id, LATER, &cause), &cause, "trash");
	expect_ok(card_purge(db, id, &cause), &cause, "purge");
	db_close(db);

	size_t len = 0;
	char *bytes = read_file(path, &len);
	const char *secrets[] = { "Zanzibarwright", "zanzibarwright", "Quixotic", "quixotic", "Obscurantium",
				  "obscurantium", "secretagentfile", "Xylophonica", "xylophonica",
				  "Flibbertigibbet", "flibbertigibbet" };
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
		if (bytes_contain(bytes, len, secrets[i]))
			fail_msg("\"%s\" is still in the database file after the purge", secrets[i]);
	/* The neighbours are still there (the check can find text). */
	assert_true(bytes_contain(bytes, len, "Neighbour Number07"));
	free(bytes);
	free(path);
	remove_tree(dir);
}

/* ---- resolving ---------------------------------------------------------------- */

static void test_resolve(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t ada = add_named(db, "Ada Lovelace");
	int64_t byron = add_named(db, "Ada Byron");
	int64_t emile = add_named(db, "Émile Zola");
	int64_t grace = add_named(db, "Grace Hopper");
	int64_t agent = add_named(db, "Agent 47");
	int64_t got = 0;

	char ref[32];
	snprintf(ref, sizeof ref, "%lld", (long long)grace);
	expect_ok(card_resolve(db, ref, false, &got, &cause), &cause, "by id");
	assert_int_equal(got, grace);
	snprintf(ref, sizeof ref, "#%lld", (long long)emile);
	expect_ok(card_resolve(db, ref, false, &got, &cause), &cause, "by #id");
	assert_int_equal(got, emile);

	struct card c;
	expect_ok(card_load(db, byron, &c, &cause), &cause, "load");
	expect_ok(card_resolve(db, c.uid, false, &got, &cause), &cause, "by uid");
	assert_int_equal(got, byron);
	expect_ok(card_find_uid(db, c.uid, &got, &cause), &cause, "find uid");
	assert_int_equal(got, byron);
	expect(RDX_NOT_FOUND, card_find_uid(db, "no-such-uid", &got, &cause), &cause, "find uid missing");
	card_done(&c);

	expect_ok(card_resolve(db, "Ada Lovelace", false, &got, &cause), &cause, "exact");
	assert_int_equal(got, ada);
	expect_ok(card_resolve(db, "ada lovelace", false, &got, &cause), &cause, "exact folded");
	assert_int_equal(got, ada);
	expect_ok(card_resolve(db, "love", false, &got, &cause), &cause, "part");
	assert_int_equal(got, ada);
	expect_ok(card_resolve(db, "HOPP", false, &got, &cause), &cause, "part upper");
	assert_int_equal(got, grace);
	expect_ok(card_resolve(db, "emile", false, &got, &cause), &cause, "accent");
	assert_int_equal(got, emile);
	expect_ok(card_resolve(db, "ÉMILE", false, &got, &cause), &cause, "accent upper");
	assert_int_equal(got, emile);
	/* No card 47: the digits are a part of a name. */
	expect_ok(card_resolve(db, "47", false, &got, &cause), &cause, "digits in a name");
	assert_int_equal(got, agent);

	got = -1;
	enum rdx_status st = card_resolve(db, "ada", false, &got, &cause);
	assert_int_equal(st, RDX_AMBIGUOUS);
	assert_int_equal(got, -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "Ada Lovelace"));
	assert_non_null(strstr(cause, "Ada Byron"));
	assert_null(strstr(cause, "Grace"));
	free(cause);
	cause = NULL;

	expect(RDX_NOT_FOUND, card_resolve(db, "nobody", false, &got, &cause), &cause, "no match");
	expect(RDX_NOT_FOUND, card_resolve(db, "9999", false, &got, &cause), &cause, "no id");
	assert_int_not_equal(card_resolve(db, "", false, &got, NULL), RDX_OK);
	assert_int_not_equal(card_resolve(db, "   ", false, &got, NULL), RDX_OK);

	/* An exact name wins over cards that merely contain it. */
	int64_t plain = add_named(db, "Ada");
	expect_ok(card_resolve(db, "ada", false, &got, &cause), &cause, "exact beats part");
	assert_int_equal(got, plain);

	/* Two cards with the same exact name are ambiguous. */
	int64_t twin = add_named(db, "Ada");
	assert_int_equal(card_resolve(db, "Ada", false, &got, &cause), RDX_AMBIGUOUS);
	free(cause);
	cause = NULL;
	expect_ok(card_trash(db, twin, LATER, &cause), &cause, "trash twin");
	expect_ok(card_resolve(db, "Ada", false, &got, &cause), &cause, "twin in the trash");
	assert_int_equal(got, plain);

	/* Many candidates: at most ten listed. */
	for (int i = 0; i < 12; i++) {
		char name[32];
		snprintf(name, sizeof name, "Smith Number%d", i);
		add_named(db, name);
	}
	assert_int_equal(card_resolve(db, "smith", false, &got, &cause), RDX_AMBIGUOUS);
	size_t lines = 0;
	for (const char *p = cause; *p != '\0'; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 10);
	free(cause);
	cause = NULL;

	/* Trashed cards: only with include_trash, by name, id and uid. */
	expect_ok(card_load(db, grace, &c, &cause), &cause, "load");
	expect_ok(card_trash(db, grace, LATER, &cause), &cause, "trash");
	expect(RDX_NOT_FOUND, card_resolve(db, "hopper", false, &got, &cause), &cause, "trashed by name");
	expect_ok(card_resolve(db, "hopper", true, &got, &cause), &cause, "trashed by name, trash included");
	assert_int_equal(got, grace);
	snprintf(ref, sizeof ref, "%lld", (long long)grace);
	expect(RDX_NOT_FOUND, card_resolve(db, ref, false, &got, &cause), &cause, "trashed by id");
	expect_ok(card_resolve(db, ref, true, &got, &cause), &cause, "trashed by id, trash included");
	assert_int_equal(got, grace);
	expect(RDX_NOT_FOUND, card_resolve(db, c.uid, false, &got, &cause), &cause, "trashed by uid");
	expect_ok(card_resolve(db, c.uid, true, &got, &cause), &cause, "trashed by uid, trash included");
	assert_int_equal(got, grace);
	card_done(&c);
	db_close(db);
}

/* ---- derived status: last contact and due ------------------------------------ */

static int64_t add_with_cadence(struct db *db, const char *name, const char *cadence)
{
	struct card c;
	char *cause = NULL;
	card_init(&c);
	card_set(&c.name, name);
	if (cadence != NULL) {
		c.cadence_set = true;
		assert_true(cadence_parse(cadence, &c.cadence));
	}
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, name);
	int64_t id = c.id;
	card_done(&c);
	return id;
}

static struct card_status status_of(struct db *db, int64_t id, int today)
{
	struct card_status s;
	char *cause = NULL;
	expect_ok(card_status_get(db, id, today, &s, &cause), &cause, "status");
	return s;
}

static void touch_on(struct db *db, int64_t id, int day, enum channel ch)
{
	char *cause = NULL;
	expect_ok(touch_add(db, id, day, ch, NULL, NOW, NULL, &cause), &cause, "touch");
}

static void test_status_basics(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int today = D(2026, 1, 15);
	int64_t never = add_with_cadence(db, "Never Contacted", "1m");
	int64_t rhythmless = add_with_cadence(db, "No Rhythm", NULL);
	int64_t recent = add_with_cadence(db, "Recent Contact", "1m");

	struct card_status s = status_of(db, never, today);
	assert_false(s.contacted);
	assert_true(s.has_cadence);
	assert_false(s.cadence_from_tag);
	assert_int_equal(s.cadence.n, 1);
	assert_int_equal(s.cadence.unit, 'm');
	assert_true(s.due);
	assert_int_equal(s.overdue_days, 0);
	assert_false(s.snoozed);

	s = status_of(db, rhythmless, today);
	assert_false(s.has_cadence);
	assert_false(s.due);
	touch_on(db, rhythmless, D(2020, 1, 1), CHANNEL_CALL);
	s = status_of(db, rhythmless, today);
	assert_true(s.contacted);
	assert_false(s.due);

	touch_on(db, recent, D(2026, 1, 5), CHANNEL_LUNCH);
	s = status_of(db, recent, today);
	assert_true(s.contacted);
	assert_int_equal(s.last_date, D(2026, 1, 5));
	assert_string_equal(s.last_channel, "lunch");
	assert_int_equal(s.next_due, D(2026, 2, 5));
	assert_false(s.due);
	assert_int_equal(s.overdue_days, 0);
	s = status_of(db, recent, D(2026, 2, 5));
	assert_true(s.due);
	assert_int_equal(s.overdue_days, 0);
	s = status_of(db, recent, D(2026, 3, 1));
	assert_true(s.due);
	assert_int_equal(s.overdue_days, 24);

	expect(RDX_NOT_FOUND, card_status_get(db, 4242, today, &s, &cause), &cause, "status missing");
	db_close(db);
}

/* The due rule itself, from the texts the database stores. */
static bool due_on(const char *cadence, const char *last, const char *snooze, int today, struct card_status *out)
{
	struct card_status s;
	card_status_derive(cadence, last, snooze, today, out != NULL ? out : &s);
	return out != NULL ? out->due : s.due;
}

static void test_due_rule(void **state)
{
	(void)state;
	struct card_status s;

	/* days, weeks, months, years */
	assert_false(due_on("45d", "2026-10-01", NULL, D(2026, 11, 14), &s));
	assert_int_equal(s.next_due, D(2026, 11, 15));
	assert_true(due_on("45d", "2026-10-01", NULL, D(2026, 11, 15), NULL));
	assert_false(due_on("2w", "2026-11-01", NULL, D(2026, 11, 14), NULL));
	assert_true(due_on("2w", "2026-11-01", NULL, D(2026, 11, 15), NULL));
	assert_false(due_on("1y", "2025-11-23", NULL, D(2026, 11, 22), NULL));
	assert_true(due_on("1y", "2025-11-22", NULL, D(2026, 11, 22), NULL));
	/* month ends: 31 Jan + 1 month is the end of February */
	assert_true(due_on("1m", "2027-01-31", NULL, D(2027, 2, 28), &s));
	assert_int_equal(s.next_due, D(2027, 2, 28));
	assert_int_equal(s.overdue_days, 0);
	assert_false(due_on("1m", "2028-01-31", NULL, D(2028, 2, 28), &s));
	assert_int_equal(s.next_due, D(2028, 2, 29));
	/* never contacted with a cadence: due; without one (none, "", junk): never */
	assert_true(due_on("3m", NULL, NULL, D(2026, 11, 22), &s));
	assert_false(s.contacted);
	assert_false(due_on(NULL, NULL, NULL, D(2026, 11, 22), &s));
	assert_false(s.has_cadence);
	assert_int_equal(s.cadence.n, 0);
	assert_false(due_on("", NULL, NULL, D(2026, 11, 22), NULL));
	assert_false(due_on("0d", NULL, NULL, D(2026, 11, 22), NULL));
	assert_false(due_on("often", NULL, NULL, D(2026, 11, 22), NULL));
	/* snoozed until a later day: not due; on that day: due again */
	assert_false(due_on("1m", "2026-01-01", "2026-12-01", D(2026, 11, 22), &s));
	assert_true(s.snoozed);
	assert_int_equal(s.snooze_until, D(2026, 12, 1));
	assert_true(due_on("1m", "2026-01-01", "2026-12-01", D(2026, 12, 1), NULL));
	assert_true(due_on("1m", "2026-01-01", "2026-11-01", D(2026, 11, 22), &s));
	assert_false(s.snoozed);
	assert_int_equal(s.overdue_days, D(2026, 11, 22) - D(2026, 2, 1));
}

/* Due date after a touch on `last` with cadence text, checked by status. */
static void check_next_due(struct db *db, const char *cadence, int last, int want)
{
	int64_t id = add_with_cadence(db, "Rhythm Check", cadence);
	touch_on(db, id, last, CHANNEL_EMAIL);
	struct card_status s = status_of(db, id, last);
	char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
	date_format(s.next_due, a);
	date_format(want, b);
	if (s.next_due != want)
		fail_msg("cadence %s: next due %s, wanted %s", cadence, a, b);
	assert_false(status_of(db, id, want - 1).due);
	s = status_of(db, id, want);
	assert_true(s.due);
	assert_int_equal(s.overdue_days, 0);
	s = status_of(db, id, want + 10);
	assert_true(s.due);
	assert_int_equal(s.overdue_days, 10);
}

static void test_due_arithmetic(void **state)
{
	(void)state;
	struct db *db = open_memory();
	/* Calendar months clamp to the end of the month. */
	check_next_due(db, "1m", D(2026, 1, 31), D(2026, 2, 28));
	check_next_due(db, "1m", D(2024, 1, 31), D(2024, 2, 29));
	check_next_due(db, "1m", D(2026, 3, 31), D(2026, 4, 30));
	check_next_due(db, "3m", D(2025, 11, 30), D(2026, 2, 28));
	check_next_due(db, "1m", D(2025, 12, 15), D(2026, 1, 15));
	check_next_due(db, "12m", D(2024, 2, 29), D(2025, 2, 28));
	check_next_due(db, "1y", D(2024, 2, 29), D(2025, 2, 28));
	check_next_due(db, "4y", D(2024, 2, 29), D(2028, 2, 29));
	check_next_due(db, "1y", D(2025, 6, 1), D(2026, 6, 1));
	/* Days and weeks are plain day counts, across a leap day. */
	check_next_due(db, "45d", D(2024, 2, 1), D(2024, 3, 17));
	check_next_due(db, "45d", D(2025, 2, 1), D(2025, 3, 18));
	check_next_due(db, "2w", D(2024, 2, 20), D(2024, 3, 5));
	check_next_due(db, "1d", D(2025, 12, 31), D(2026, 1, 1));
	db_close(db);
}

static void test_due_from_tags(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int today = D(2026, 1, 15);
	struct cadence monthly = { 1, 'm' }, quarterly = { 3, 'm' }, fourweeks = { 4, 'w' };
	expect_ok(tag_set_cadence(db, "Close", &monthly, &cause), &cause, "tag cadence");
	expect_ok(tag_set_cadence(db, "network", &quarterly, &cause), &cause, "tag cadence");

	struct card c;
	card_init(&c);
	card_set(&c.name, "Tagged Inheritor");
	card_add_tag(&c, "network");
	card_add_tag(&c, "close");
	card_add_tag(&c, "no-rhythm-tag");
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	int64_t inherit = c.id;
	card_done(&c);

	card_init(&c);
	card_set(&c.name, "Explicitly None");
	card_add_tag(&c, "close");
	c.cadence_set = true;
	c.cadence = (struct cadence){ 0, 0 };
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	int64_t none = c.id;
	card_done(&c);

	card_init(&c);
	card_set(&c.name, "Own Rhythm");
	card_add_tag(&c, "close");
	c.cadence_set = true;
	c.cadence = (struct cadence){ 6, 'm' };
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
	int64_t own = c.id;
	card_done(&c);

	struct card_status s = status_of(db, inherit, today);
	assert_true(s.has_cadence);
	assert_true(s.cadence_from_tag);
	assert_int_equal(s.cadence.n, 1);
	assert_int_equal(s.cadence.unit, 'm');
	assert_true(s.due);

	touch_on(db, inherit, D(2026, 1, 1), CHANNEL_EMAIL);
	s = status_of(db, inherit, today);
	assert_false(s.due);
	assert_int_equal(s.next_due, D(2026, 2, 1));

	/* A shorter tag default takes over (4 weeks < 1 month). */
	expect_ok(tag_set_cadence(db, "network", &fourweeks, &cause), &cause, "tag cadence");
	s = status_of(db, inherit, today);
	assert_int_equal(s.cadence.n, 4);
	assert_int_equal(s.cadence.unit, 'w');
	assert_int_equal(s.next_due, D(2026, 1, 29));
	/* Clearing both defaults leaves the card without a rhythm. */
	expect_ok(tag_set_cadence(db, "network", NULL, &cause), &cause, "clear");
	expect_ok(tag_set_cadence(db, "close", NULL, &cause), &cause, "clear");
	s = status_of(db, inherit, today);
	assert_false(s.has_cadence);
	assert_false(s.due);
	expect_ok(tag_set_cadence(db, "close", &monthly, &cause), &cause, "tag cadence");

	s = status_of(db, none, today);
	assert_false(s.has_cadence);
	assert_false(s.due);

	s = status_of(db, own, today);
	assert_true(s.has_cadence);
	assert_false(s.cadence_from_tag);
	assert_int_equal(s.cadence.n, 6);

	/* card_set_cadence: NULL inherits again, a value overrides. */
	expect_ok(card_set_cadence(db, own, NULL, LATER, &cause), &cause, "inherit");
	s = status_of(db, own, today);
	assert_true(s.cadence_from_tag);
	assert_int_equal(s.cadence.n, 1);
	struct cadence zero = { 0, 0 };
	expect_ok(card_set_cadence(db, own, &zero, LATER, &cause), &cause, "none");
	s = status_of(db, own, today);
	assert_false(s.has_cadence);
	expect_ok(card_load(db, own, &c, &cause), &cause, "load");
	assert_true(c.cadence_set);
	assert_int_equal(c.cadence.n, 0);
	assert_int_equal(c.revision, 3);
	card_done(&c);
	expect(RDX_NOT_FOUND, card_set_cadence(db, 999, &monthly, LATER, &cause), &cause, "missing");
	db_close(db);
}

static void test_snooze(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int today = D(2026, 1, 15);
	int64_t id = add_with_cadence(db, "Snoozy Person", "1m");
	touch_on(db, id, D(2025, 10, 1), CHANNEL_CALL);
	assert_true(status_of(db, id, today).due);

	expect_ok(card_snooze(db, id, "2026-01-20", LATER, &cause), &cause, "snooze");
	struct card_status s = status_of(db, id, today);
	assert_true(s.snoozed);
	assert_int_equal(s.snooze_until, D(2026, 1, 20));
	assert_false(s.due);
	assert_false(status_of(db, id, D(2026, 1, 19)).due);
	/* On the snooze date it is due again. */
	s = status_of(db, id, D(2026, 1, 20));
	assert_false(s.snoozed);
	assert_true(s.due);

	/* A never-contacted card snoozes too. */
	int64_t fresh = add_with_cadence(db, "Fresh Face", "2w");
	expect_ok(card_snooze(db, fresh, "2026-02-01", LATER, &cause), &cause, "snooze");
	assert_false(status_of(db, fresh, today).due);
	assert_true(status_of(db, fresh, D(2026, 2, 1)).due);

	/* Clearing the snooze. */
	expect_ok(card_snooze(db, id, "", LATER, &cause), &cause, "clear");
	assert_true(status_of(db, id, today).due);
	struct card c;
	expect_ok(card_load(db, id, &c, &cause), &cause, "load");
	assert_string_equal(c.snooze_until, "");
	card_done(&c);
	expect_ok(card_snooze(db, id, "2026-01-30", LATER, &cause), &cause, "snooze");
	expect_ok(card_snooze(db, id, NULL, LATER, &cause), &cause, "clear with NULL");
	assert_true(status_of(db, id, today).due);

	expect(RDX_INVALID, card_snooze(db, id, "2026-02-30", LATER, &cause), &cause, "bad date");
	expect(RDX_INVALID, card_snooze(db, id, "soon", LATER, &cause), &cause, "not a date");
	expect(RDX_NOT_FOUND, card_snooze(db, 999, "2026-02-01", LATER, &cause), &cause, "missing");
	db_close(db);
}

/* ---- notes and touches ------------------------------------------------------ */

static void test_notes(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t id = add_named(db, "Ada Lovelace");
	int64_t n1 = 0, n2 = 0, n3 = 0;
	expect_ok(note_add(db, id, "First note", "2026-01-01T09:00:00Z", &n1, &cause), &cause, "note 1");
	expect_ok(note_add(db, id, "Third note, trailing space   \n\n\t", "2026-01-03T09:00:00Z", &n3, &cause),
		  &cause, "note 3");
	expect_ok(note_add(db, id, "Second note\nover two lines", "2026-01-02T09:00:00Z", &n2, &cause), &cause,
		  "note 2");
	assert_true(n1 > 0 && n2 > 0 && n3 > 0);
	expect_ok(note_add(db, id, "no id wanted", "2025-12-01T00:00:00Z", NULL, &cause), &cause, "note without id");

	struct note *notes = NULL;
	size_t n = 0;
	expect_ok(note_list(db, id, 0, &notes, &n, &cause), &cause, "list");
	assert_int_equal(n, 4);
	assert_int_equal(notes[0].id, n3);
	assert_string_equal(notes[0].text, "Third note, trailing space");
	assert_string_equal(notes[0].at, "2026-01-03T09:00:00Z");
	assert_int_equal(notes[0].card_id, id);
	assert_int_equal(notes[1].id, n2);
	assert_string_equal(notes[1].text, "Second note\nover two lines");
	assert_int_equal(notes[2].id, n1);
	assert_string_equal(notes[3].text, "no id wanted");
	note_list_free(notes, n);
	expect_ok(note_list(db, id, 2, &notes, &n, &cause), &cause, "list 2");
	assert_int_equal(n, 2);
	assert_int_equal(notes[1].id, n2);
	note_list_free(notes, n);

	/* Refused: empty, blank, invalid UTF-8, too long; nothing written. */
	expect(RDX_INVALID, note_add(db, id, "", NOW, NULL, &cause), &cause, "empty");
	expect(RDX_INVALID, note_add(db, id, "  \n\t\n ", NOW, NULL, &cause), &cause, "blank");
	expect(RDX_INVALID, note_add(db, id, "bad \xff", NOW, NULL, &cause), &cause, "utf-8");
	char *big = repeat_char('n', NOTE_TEXT_MAX + 1);
	expect(RDX_TOO_LONG, note_add(db, id, big, NOW, NULL, &cause), &cause, "too long");
	big[NOTE_TEXT_MAX] = '\0';
	int64_t bigid = 0;
	expect_ok(note_add(db, id, big, NOW, &bigid, &cause), &cause, "at the limit");
	free(big);
	expect(RDX_NOT_FOUND, note_add(db, 999, "orphan", NOW, NULL, &cause), &cause, "missing card");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM note"), 5);
	expect_ok(note_delete(db, bigid, &cause), &cause, "delete big");

	/* Update. */
	expect_ok(note_update(db, n1, "First note, edited  ", &cause), &cause, "update");
	expect(RDX_INVALID, note_update(db, n1, " ", &cause), &cause, "update to blank");
	expect(RDX_NOT_FOUND, note_update(db, 999, "x", &cause), &cause, "update missing");
	expect_ok(note_list(db, id, 0, &notes, &n, &cause), &cause, "list");
	assert_int_equal(n, 4);
	assert_string_equal(notes[2].text, "First note, edited");
	assert_string_equal(notes[2].at, "2026-01-01T09:00:00Z");
	note_list_free(notes, n);

	/* Delete. */
	expect_ok(note_delete(db, n2, &cause), &cause, "delete");
	expect(RDX_NOT_FOUND, note_delete(db, n2, &cause), &cause, "delete twice");
	expect_ok(note_list(db, id, 0, &notes, &n, &cause), &cause, "list");
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(notes[i].id, n2);
	note_list_free(notes, n);

	/* A card without notes lists nothing. */
	int64_t other = add_named(db, "Grace Hopper");
	expect_ok(note_list(db, other, 0, &notes, &n, &cause), &cause, "list empty");
	assert_int_equal(n, 0);
	note_list_free(notes, n);
	db_close(db);
}

static void test_touches(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t id = add_with_cadence(db, "Ada Lovelace", "3m");
	int64_t t_mid = 0, t_old = 0, t_new = 0, t_same = 0;
	/* Recorded out of date order: the newest by date is the last contact. */
	expect_ok(touch_add(db, id, D(2026, 1, 10), CHANNEL_COFFEE, "Talked about looms  ", "2026-01-10T08:00:00Z",
			    &t_new, &cause),
		  &cause, "touch");
	expect_ok(touch_add(db, id, D(2025, 12, 1), CHANNEL_EMAIL, NULL, "2026-01-11T08:00:00Z", &t_old, &cause),
		  &cause, "touch");
	expect_ok(touch_add(db, id, D(2026, 1, 5), CHANNEL_CALL, "", "2026-01-12T08:00:00Z", &t_mid, &cause), &cause,
		  "touch");

	struct touch *t = NULL;
	size_t n = 0;
	expect_ok(touch_list(db, id, 0, &t, &n, &cause), &cause, "list");
	assert_int_equal(n, 3);
	assert_int_equal(t[0].id, t_new);
	assert_int_equal(t[0].date, D(2026, 1, 10));
	assert_int_equal(t[0].channel, CHANNEL_COFFEE);
	assert_string_equal(t[0].note, "Talked about looms");
	assert_string_equal(t[0].at, "2026-01-10T08:00:00Z");
	assert_int_equal(t[0].card_id, id);
	assert_int_equal(t[1].id, t_mid);
	assert_string_equal(t[1].note, "");
	assert_int_equal(t[2].id, t_old);
	assert_string_equal(t[2].note, "");
	touch_list_free(t, n);

	struct card_status s = status_of(db, id, D(2026, 1, 15));
	assert_int_equal(s.last_date, D(2026, 1, 10));
	assert_string_equal(s.last_channel, "coffee");

	/* Same date: the later recording is newer. */
	expect_ok(touch_add(db, id, D(2026, 1, 10), CHANNEL_MESSAGE, "follow-up", "2026-01-13T08:00:00Z", &t_same,
			    &cause),
		  &cause, "touch");
	expect_ok(touch_list(db, id, 1, &t, &n, &cause), &cause, "list 1");
	assert_int_equal(n, 1);
	assert_int_equal(t[0].id, t_same);
	touch_list_free(t, n);
	s = status_of(db, id, D(2026, 1, 15));
	assert_string_equal(s.last_channel, "message");

	/* Deleting the newest moves the last contact back. */
	expect_ok(touch_delete(db, t_same, &cause), &cause, "delete");
	expect_ok(touch_delete(db, t_new, &cause), &cause, "delete");
	expect(RDX_NOT_FOUND, touch_delete(db, t_new, &cause), &cause, "delete twice");
	s = status_of(db, id, D(2026, 1, 15));
	assert_int_equal(s.last_date, D(2026, 1, 5));
	assert_string_equal(s.last_channel, "call");
	assert_int_equal(s.next_due, D(2026, 4, 5));

	/* Moving the newest touch into the past makes the next one the last
	 * contact; its note and channel change, its recording time stays. */
	expect_ok(touch_update(db, t_mid, D(2025, 11, 20), CHANNEL_LUNCH, "Lunch at the club \n", &cause), &cause,
		  "update");
	s = status_of(db, id, D(2026, 1, 15));
	assert_int_equal(s.last_date, D(2025, 12, 1));
	assert_string_equal(s.last_channel, "email");
	assert_int_equal(s.next_due, D(2026, 3, 1));
	expect_ok(touch_list(db, id, 0, &t, &n, &cause), &cause, "list");
	assert_int_equal(n, 2);
	assert_int_equal(t[1].id, t_mid);
	assert_int_equal(t[1].date, D(2025, 11, 20));
	assert_int_equal(t[1].channel, CHANNEL_LUNCH);
	assert_string_equal(t[1].note, "Lunch at the club");
	assert_string_equal(t[1].at, "2026-01-12T08:00:00Z");
	touch_list_free(t, n);
	expect_ok(touch_update(db, t_mid, D(2026, 1, 5), CHANNEL_CALL, NULL, &cause), &cause, "update back");
	expect(RDX_NOT_FOUND, touch_update(db, t_new, D(2026, 1, 5), CHANNEL_CALL, NULL, &cause), &cause,
	       "update missing");
	expect(RDX_INVALID, touch_update(db, t_mid, D(2026, 1, 5), CHANNEL_COUNT, NULL, &cause), &cause,
	       "update bad channel");
	expect(RDX_INVALID, touch_update(db, t_mid, D(2026, 1, 5), CHANNEL_CALL, "bad \xff", &cause), &cause,
	       "update bad utf-8");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM touch WHERE note = '' AND channel = 'call'"), 1);

	/* Refused. */
	expect(RDX_INVALID, touch_add(db, id, D(2026, 1, 1), CHANNEL_COUNT, NULL, NOW, NULL, &cause), &cause,
	       "bad channel");
	expect(RDX_INVALID, touch_add(db, id, D(2026, 1, 1), CHANNEL_CALL, "\xc3(", NOW, NULL, &cause), &cause,
	       "bad utf-8");
	char *big = repeat_char('x', CARD_TEXT_MAX + 1);
	expect(RDX_TOO_LONG, touch_add(db, id, D(2026, 1, 1), CHANNEL_CALL, big, NOW, NULL, &cause), &cause,
	       "too long");
	free(big);
	expect(RDX_NOT_FOUND, touch_add(db, 999, D(2026, 1, 1), CHANNEL_CALL, NULL, NOW, NULL, &cause), &cause,
	       "missing card");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM touch"), 2);
	db_close(db);
}

static void test_channels_and_kinds(void **state)
{
	(void)state;
	for (int i = 0; i < CHANNEL_COUNT; i++) {
		enum channel ch;
		assert_true(channel_parse(channel_name((enum channel)i), &ch));
		assert_int_equal(ch, i);
		for (int j = 0; j < i; j++)
			assert_int_not_equal(channel_key((enum channel)i), channel_key((enum channel)j));
	}
	enum channel ch;
	assert_false(channel_parse("pigeon", &ch));
	assert_false(channel_parse("", &ch));
	for (int k = 0; k < FIELD_KIND_COUNT; k++) {
		enum field_kind kind;
		assert_true(field_kind_parse(field_kind_name((enum field_kind)k), &kind));
		assert_int_equal(kind, k);
	}
	enum field_kind kind;
	assert_false(field_kind_parse("fax", &kind));
	char *a = card_new_uid();
	char *b = card_new_uid();
	assert_int_equal(strlen(a), 36);
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');
	free(a);
	free(b);
}

/* ---- tags ---------------------------------------------------------------------- */

static const struct tag_info *find_tag(const struct tag_info *tags, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(tags[i].name, name) == 0)
			return &tags[i];
	return NULL;
}

static void test_tags(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	const char *cards[][3] = {
		{ "Ada Lovelace", "client", "Mentor" },
		{ "Grace Hopper", "client", NULL },
		{ "Émile Zola", "client", "mentor" },
	};
	int64_t ids[3];
	for (size_t i = 0; i < 3; i++) {
		struct card c;
		card_init(&c);
		card_set(&c.name, cards[i][0]);
		card_add_tag(&c, cards[i][1]);
		if (cards[i][2] != NULL)
			card_add_tag(&c, cards[i][2]);
		expect_ok(card_insert(db, &c, NOW, &cause), &cause, "insert");
		ids[i] = c.id;
		card_done(&c);
	}
	expect_ok(card_trash(db, ids[2], LATER, &cause), &cause, "trash");
	struct cadence quarterly = { 3, 'm' };
	expect_ok(tag_set_cadence(db, "Close Friends", &quarterly, &cause), &cause, "new tag");
	expect(RDX_INVALID, tag_set_cadence(db, "   ", &quarterly, &cause), &cause, "empty tag");

	struct tag_info *tags = NULL;
	size_t n = 0;
	expect_ok(tag_list(db, &tags, &n, &cause), &cause, "tag_list");
	assert_int_equal(n, 3);
	/* Sorted by name. */
	assert_string_equal(tags[0].name, "client");
	assert_string_equal(tags[1].name, "close-friends");
	assert_string_equal(tags[2].name, "mentor");
	const struct tag_info *t = find_tag(tags, n, "client");
	assert_int_equal(t->cards, 2); /* the trashed card does not count */
	assert_false(t->has_cadence);
	t = find_tag(tags, n, "mentor");
	assert_int_equal(t->cards, 1);
	t = find_tag(tags, n, "close-friends");
	assert_int_equal(t->cards, 0);
	assert_true(t->has_cadence);
	assert_int_equal(t->cadence.n, 3);
	assert_int_equal(t->cadence.unit, 'm');
	tag_list_free(tags, n);

	struct cadence monthly = { 1, 'm' };
	expect_ok(tag_set_cadence(db, "CLIENT", &monthly, &cause), &cause, "set");
	expect_ok(tag_set_cadence(db, "close-friends", NULL, &cause), &cause, "clear");
	expect_ok(tag_list(db, &tags, &n, &cause), &cause, "tag_list");
	assert_int_equal(n, 3);
	t = find_tag(tags, n, "client");
	assert_true(t->has_cadence);
	assert_int_equal(t->cadence.n, 1);
	assert_int_equal(t->cards, 2);
	assert_false(find_tag(tags, n, "close-friends")->has_cadence);
	tag_list_free(tags, n);

	/* The tag default now makes its cards due. */
	assert_true(status_of(db, ids[1], D(2026, 1, 15)).due);
	db_close(db);
}

/* ---- database utilities ------------------------------------------------------- */

static void test_meta(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	char *value = NULL;
	expect(RDX_NOT_FOUND, db_meta_get(db, "last_sync", &value, &cause), &cause, "missing");
	assert_null(value);
	expect_ok(db_meta_set(db, "last_sync", "2026-01-15T10:00:00Z", &cause), &cause, "set");
	expect_ok(db_meta_get(db, "last_sync", &value, &cause), &cause, "get");
	assert_string_equal(value, "2026-01-15T10:00:00Z");
	free(value);
	expect_ok(db_meta_set(db, "last_sync", "", &cause), &cause, "overwrite");
	expect_ok(db_meta_get(db, "last_sync", &value, &cause), &cause, "get");
	assert_string_equal(value, "");
	free(value);
	expect_ok(db_meta_set(db, "ünïcødé key", "välue\nwith newline", &cause), &cause, "set unicode");
	expect_ok(db_meta_get(db, "ünïcødé key", &value, &cause), &cause, "get unicode");
	assert_string_equal(value, "välue\nwith newline");
	free(value);
	db_close(db);
}

static void test_transactions_nest(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	/* An inner failure rolls back the whole outer transaction. */
	expect_ok(db_begin(db, &cause), &cause, "begin");
	add_named(db, "Inside Outer");
	expect_ok(db_begin(db, &cause), &cause, "inner begin");
	db_rollback(db);
	assert_int_not_equal(db_commit(db, &cause), RDX_OK);
	free(cause);
	cause = NULL;
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card"), 0);
	/* And a clean nest commits. */
	expect_ok(db_begin(db, &cause), &cause, "begin");
	add_named(db, "Committed One");
	add_named(db, "Committed Two");
	expect_ok(db_commit(db, &cause), &cause, "commit");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card"), 2);
	assert_true(sqlite3_get_autocommit(db_sqlite(db)));
	db_close(db);
}

static void test_check_and_backup(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *path = xasprintf("%s/rolodex.db", dir);
	char *copy = xasprintf("%s/copy.db", dir);
	struct db *db = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &db, &cause), &cause, "open");
	int64_t id = add_named(db, "Ada Lovelace");
	expect_ok(note_add(db, id, "backed up note", NOW, NULL, &cause), &cause, "note");
	expect_ok(db_check(db, &cause), &cause, "check");

	mode_t old = umask(0);
	expect_ok(db_backup(db, copy, &cause), &cause, "backup");
	umask(old);
	struct stat sb;
	assert_int_equal(stat(copy, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);

	/* A second backup to the same name is refused; the copy is kept. */
	size_t len_before = 0, len_after = 0;
	char *before = read_file(copy, &len_before);
	add_named(db, "Grace Hopper");
	assert_int_equal(db_backup(db, copy, &cause), RDX_IO);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "exists"));
	free(cause);
	cause = NULL;
	char *after = read_file(copy, &len_after);
	assert_int_equal(len_before, len_after);
	assert_memory_equal(before, after, len_before);
	free(before);
	free(after);
	/* A backup into a folder that does not exist fails cleanly. */
	char *nowhere = xasprintf("%s/no/such/folder/x.db", dir);
	assert_int_not_equal(db_backup(db, nowhere, &cause), RDX_OK);
	free(cause);
	cause = NULL;
	assert_int_not_equal(access(nowhere, F_OK), 0);
	free(nowhere);
	db_close(db);

	/* The copy is a working rolodex with the card and its note. */
	struct db *back = NULL;
	expect_ok(db_open(copy, 0, &back, &cause), &cause, "open copy");
	int64_t count = 0;
	expect_ok(db_card_count(back, &count, &cause), &cause, "count");
	assert_int_equal(count, 1);
	struct note *notes = NULL;
	size_t n = 0;
	expect_ok(note_list(back, id, 0, &notes, &n, &cause), &cause, "notes");
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].text, "backed up note");
	note_list_free(notes, n);
	expect_ok(db_check(back, &cause), &cause, "check copy");
	db_close(back);

	free(copy);
	free(path);
	remove_tree(dir);
}

static void test_check_finds_problems(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	add_named(db, "Ada Lovelace");
	/* A row that refers to a missing card (written with foreign keys
	 * off, as a damaged file might hold). */
	assert_int_equal(sqlite3_exec(db_sqlite(db),
				      "PRAGMA foreign_keys = OFF; INSERT INTO note(card_id, at, body) "
				      "VALUES (777, '2026-01-01T00:00:00Z', 'orphan'); PRAGMA foreign_keys = ON;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(db_check(db, &cause), RDX_CORRUPT);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "note"));
	free(cause);
	db_close(db);
}

int main(void)
{
	if (setlocale(LC_ALL, "") == NULL || MB_CUR_MAX == 1)
		setlocale(LC_ALL, "C.UTF-8");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_load_round_trip),
		cmocka_unit_test(test_birthday_and_cadence_variants),
		cmocka_unit_test(test_update_replaces_children),
		cmocka_unit_test(test_update_keeps_unchanged_rows),
		cmocka_unit_test(test_update_conflict),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_invalid_insert_writes_nothing),
		cmocka_unit_test(test_split_name),
		cmocka_unit_test(test_phone_key),
		cmocka_unit_test(test_sort_keys_and_tabs),
		cmocka_unit_test(test_sort_order_in_database),
		cmocka_unit_test(test_trash_restore_purge),
		cmocka_unit_test(test_purge_leaves_no_text_in_file),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_due_rule),
		cmocka_unit_test(test_status_basics),
		cmocka_unit_test(test_due_arithmetic),
		cmocka_unit_test(test_due_from_tags),
		cmocka_unit_test(test_snooze),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_touches),
		cmocka_unit_test(test_channels_and_kinds),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_transactions_nest),
		cmocka_unit_test(test_check_and_backup),
		cmocka_unit_test(test_check_finds_problems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
