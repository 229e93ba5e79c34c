/*
 * test_journal.c - unit tests for the change journal behind undo
 * (src/model/journal.c): every kind of change is reversed exactly (the
 * database compared before and after), a bulk action or an import is one
 * undo, undo goes further back each time, refuses a change made since by
 * something outside the journal, works across connections and processes,
 * keeps what journal.h promises and forgets an erased card.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/db_internal.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/import.h"
#include "rolodex/journal.h"
#include "rolodex/merge.h"
#include "rolodex/note.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-12-05T10:00:00Z";
static const char LATER[] = "2026-12-05T11:00:00Z";

/* The clock the journal stamps entries with; tests move it. */
static char clock_text[TIMESTAMP_TEXT_SIZE] = "2026-12-05T10:00:00Z";

static void test_clock(char out[TIMESTAMP_TEXT_SIZE])
{
	memcpy(out, clock_text, TIMESTAMP_TEXT_SIZE);
}

static int D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void ok(enum rdx_status got, char **cause, const char *what)
{
	expect(RDX_OK, got, cause, what);
}

static struct db *open_path(const char *path)
{
	struct db *db = NULL;
	char *cause = NULL;
	ok(db_open(path, 0, &db, &cause), &cause, "db_open");
	journal_set_clock(db, test_clock);
	return db;
}

static int64_t sql_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Appends every row of `sql` (quoted values) to *out. */
static void dump_query(struct db *db, const char *sql, char **out)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db_sqlite(db)));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(st, 0);
		char *joined = xasprintf("%s%s\n", *out, row ? row : "NULL");
		free(*out);
		*out = joined;
	}
	sqlite3_finalize(st);
}

/*
 * Everything a user wrote, as text: every column of every table the
 * journal covers, except the card's revision (a change counter: undo
 * counts as a change), and the full-text index as searches see it.
 */
static char *dump(struct db *db)
{
	char *out = xstrdup("");
	dump_query(db,
		   "SELECT quote(id)||quote(uid)||quote(name)||quote(given)||quote(family)||quote(nickname)||"
		   "quote(org)||quote(title)||quote(how_met)||quote(sort_key)||quote(bday_year)||quote(bday_month)||"
		   "quote(bday_day)||quote(cadence)||quote(snooze_until)||quote(trashed_at)||quote(created_at)||"
		   "quote(updated_at) FROM card ORDER BY id",
		   &out);
	dump_query(db,
		   "SELECT quote(id)||quote(card_id)||quote(kind)||quote(value)||quote(label)||quote(position) "
		   "FROM card_field ORDER BY id",
		   &out);
	dump_query(db, "SELECT quote(name)||quote(cadence) FROM tag ORDER BY name", &out);
	dump_query(db, "SELECT quote(card_id)||quote(tag)||quote(position) FROM card_tag ORDER BY 1", &out);
	dump_query(db, "SELECT quote(card_id)||quote(position)||quote(line) FROM card_extra ORDER BY 1", &out);
	dump_query(db, "SELECT quote(id)||quote(card_id)||quote(at)||quote(body) FROM note ORDER BY id", &out);
	dump_query(db,
		   "SELECT quote(id)||quote(card_id)||quote(date)||quote(channel)||quote(note)||quote(at) "
		   "FROM touch ORDER BY id",
		   &out);
	dump_query(db,
		   "SELECT quote(rowid)||quote(name)||quote(org)||quote(emails)||quote(tags)||quote(notes) "
		   "FROM card_fts ORDER BY rowid",
		   &out);
	return out;
}

static int64_t add_card(struct db *db, const char *name, const char *email, const char *tag)
{
	struct card c;
	card_init(&c);
	card_set(&c.name, name);
	if (email != NULL)
		card_add_field(&c, FIELD_EMAIL, email, "work");
	if (tag != NULL)
		card_add_tag(&c, tag);
	card_add_extra(&c, "X-KEPT:verbatim");
	char *cause = NULL;
	ok(card_insert(db, &c, NOW, &cause), &cause, name);
	int64_t id = c.id;
	card_done(&c);
	return id;
}

/* Undoes the newest change; returns its description (owned). */
static char *undo(struct db *db)
{
	struct journal_entry e;
	char *cause = NULL;
	ok(journal_undo(db, LATER, &e, &cause), &cause, "undo");
	char text[256];
	journal_describe(&e, D(2026, 12, 5), text, sizeof text);
	journal_entry_done(&e);
	return xstrdup(text);
}

/* The world a test starts from: two cards with fields, tags, notes and
 * touches. */
struct world {
	struct db *db;
	int64_t ada, grace, note, touch, old_touch;
};

static void world_open(struct world *w)
{
	w->db = open_path(":memory:");
	char *cause = NULL;
	w->ada = add_card(w->db, "Ada Lovelace", "ada@example.org", "mentor");
	w->grace = add_card(w->db, "Grace Hopper", "grace@example.org", "navy");
	ok(note_add(w->db, w->ada, "Likes looms", NOW, &w->note, &cause), &cause, "note");
	ok(touch_add(w->db, w->ada, D(2026, 10, 1), CHANNEL_EMAIL, "", NOW, &w->old_touch, &cause), &cause, "touch");
	ok(touch_add(w->db, w->ada, D(2026, 11, 20), CHANNEL_COFFEE, "engines", NOW, &w->touch, &cause), &cause,
	   "touch");
}

/* Does `change`, checks it changed something, undoes it, checks the
 * database is exactly as before and the message is `want`. */
#define CHECK_REVERSED(w, want, change)                                                                       \
	do {                                                                                                   \
		char *before_ = dump((w)->db);                                                                 \
		char *cause = NULL;                                                                            \
		change;                                                                                        \
		free(cause);                                                                                   \
		char *after_ = dump((w)->db);                                                                  \
		if (strcmp(before_, after_) == 0)                                                              \
			fail_msg("%s: the change changed nothing", want);                                      \
		char *said_ = undo((w)->db);                                                                   \
		assert_string_equal(said_, want);                                                              \
		char *undone_ = dump((w)->db);                                                                 \
		assert_string_equal(undone_, before_);                                                         \
		free(before_);                                                                                 \
		free(after_);                                                                                  \
		free(said_);                                                                                   \
		free(undone_);                                                                                 \
	} while (0)

static void test_each_change_reversed(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	struct db *db = w.db;

	CHECK_REVERSED(&w, "coffee with Ada Lovelace on 2 Dec",
		       ok(touch_add(db, w.ada, D(2026, 12, 2), CHANNEL_COFFEE, "plans", NOW, NULL, &cause), &cause,
			  "touch"));
	CHECK_REVERSED(&w, "note on Grace Hopper",
		       ok(note_add(db, w.grace, "Compilers", NOW, NULL, &cause), &cause, "note"));
	CHECK_REVERSED(&w, "note edit on Ada Lovelace",
		       ok(note_update(db, w.note, "Likes looms and engines", &cause), &cause, "note edit"));
	CHECK_REVERSED(&w, "note deletion on Ada Lovelace", ok(note_delete(db, w.note, &cause), &cause, "note delete"));
	CHECK_REVERSED(&w, "touch edit for Ada Lovelace",
		       ok(touch_update(db, w.touch, D(2026, 9, 1), CHANNEL_LUNCH, "moved", &cause), &cause,
			  "touch edit"));
	CHECK_REVERSED(&w, "touch deletion for Ada Lovelace",
		       ok(touch_delete(db, w.touch, &cause), &cause, "touch delete"));
	/* Named as the change left the card. */
	CHECK_REVERSED(&w, "edit of Ada King", {
		struct card c;
		ok(card_load(db, w.ada, &c, &cause), &cause, "load");
		card_set(&c.name, "Ada King");
		card_set(&c.org, "Analytical Engines");
		card_add_field(&c, FIELD_PHONE, "+44 20 7946 0000", "mobile");
		card_add_tag(&c, "poet");
		ok(card_update(db, &c, c.revision, NOW, &cause), &cause, "edit");
		card_done(&c);
	});
	struct cadence monthly = { .n = 1, .unit = 'm' };
	char *why_not = NULL;
	CHECK_REVERSED(&w, "rhythm change for Ada Lovelace",
		       ok(card_set_cadence(db, w.ada, &monthly, NOW, &cause), &cause, "rhythm"));
	CHECK_REVERSED(&w, "rhythm change for the tag navy",
		       ok(tag_set_cadence(db, "navy", &monthly, &cause), &cause, "tag rhythm"));
	/* A rename is one change, named for the tag; a merge into a tag
	 * that exists (with its rhythm) too. */
	int64_t retagged = 0;
	CHECK_REVERSED(&w, "renaming the tag navy to us-navy",
		       ok(tag_rename(db, "navy", "US Navy", NOW, &retagged, &cause), &cause, "tag rename"));
	assert_int_equal(retagged, 1);
	ok(tag_set_cadence(db, "navy", &monthly, &why_not), &why_not, "tag rhythm");
	CHECK_REVERSED(&w, "renaming the tag navy to mentor",
		       ok(tag_rename(db, "navy", "mentor", NOW, &retagged, &cause), &cause, "tag merge"));
	CHECK_REVERSED(&w, "snooze of Grace Hopper",
		       ok(card_snooze(db, w.grace, "2027-01-01", NOW, &cause), &cause, "snooze"));
	CHECK_REVERSED(&w, "trashing Grace Hopper", ok(card_trash(db, w.grace, NOW, &cause), &cause, "trash"));
	char *why = NULL;
	ok(card_trash(db, w.grace, NOW, &why), &why, "trash");
	CHECK_REVERSED(&w, "restoring Grace Hopper", ok(card_restore(db, w.grace, NOW, &cause), &cause, "restore"));
	free(undo(db)); /* the trash above */
	ok(note_add(db, w.grace, "Grace's own note", NOW, NULL, &why), &why, "note");
	CHECK_REVERSED(&w, "merge of Grace Hopper into Ada Lovelace",
		       ok(merge_cards(db, w.grace, w.ada, NOW, NULL, &cause), &cause, "merge"));
	CHECK_REVERSED(&w, "adding Alan Turing", add_card(db, "Alan Turing", NULL, "mentor"));
	/* A bulk touch on marked cards is one transaction: one undo. */
	CHECK_REVERSED(&w, "coffee with 2 cards on 4 Dec", {
		ok(db_begin(db, &cause), &cause, "begin");
		ok(touch_add(db, w.ada, D(2026, 12, 4), CHANNEL_COFFEE, "", NOW, NULL, &cause), &cause, "touch");
		ok(touch_add(db, w.grace, D(2026, 12, 4), CHANNEL_COFFEE, "", NOW, NULL, &cause), &cause, "touch");
		ok(db_commit(db, &cause), &cause, "commit");
	});
	db_close(db);
}

/* A whole import is one change. */
static void test_import_is_one_change(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	static const char vcf[] = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alan Turing\r\nEMAIL:alan@example.org\r\n"
				  "NOTE:Codes\r\nEND:VCARD\r\n"
				  "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\n"
				  "TEL:+44 20 7946 0001\r\nCATEGORIES:poet\r\nEND:VCARD\r\n"
				  "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Katherine Johnson\r\nEND:VCARD\r\n";
	struct import_options opt = { .format = IMPORT_VCARD, .now = NOW };
	struct import_report report;
	import_report_init(&report);
	CHECK_REVERSED(&w, "import of 3 cards from people.vcf", {
		FILE *fp = fmemopen((void *)vcf, sizeof vcf - 1, "r");
		assert_non_null(fp);
		ok(import_stream(w.db, fp, "people.vcf", &opt, &report, &cause), &cause, "import");
		fclose(fp);
		assert_int_equal(report.imported, 2);
		assert_int_equal(report.merged, 1);
	});
	import_report_done(&report);
	db_close(w.db);
}

/* Undo again goes further back; each undo is a committed change that is
 * itself not undone by the next one. */
static void test_undo_goes_back(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	struct db *db = w.db;
	char *cause = NULL;
	char *s0 = dump(db);
	ok(note_add(db, w.ada, "one", NOW, NULL, &cause), &cause, "note");
	char *s1 = dump(db);
	ok(touch_add(db, w.grace, D(2026, 12, 1), CHANNEL_CALL, "", NOW, NULL, &cause), &cause, "touch");
	char *s2 = dump(db);
	ok(card_trash(db, w.ada, NOW, &cause), &cause, "trash");

	char *said = undo(db);
	assert_string_equal(said, "trashing Ada Lovelace");
	free(said);
	char *now = dump(db);
	assert_string_equal(now, s2);
	free(now);
	said = undo(db);
	assert_string_equal(said, "call with Grace Hopper on 1 Dec");
	free(said);
	now = dump(db);
	assert_string_equal(now, s1);
	free(now);
	said = undo(db);
	assert_string_equal(said, "note on Ada Lovelace");
	free(said);
	now = dump(db);
	assert_string_equal(now, s0);
	free(now);

	/* The list shows them newest first, undone with their time. */
	struct journal_entry *e = NULL;
	size_t n = 0;
	ok(journal_list(db, 3, &e, &n, &cause), &cause, "list");
	assert_int_equal(n, 3);
	assert_string_equal(e[0].label, "trashing Ada Lovelace");
	assert_string_equal(e[0].undone_at, LATER);
	assert_string_equal(e[1].label, "call with Grace Hopper");
	assert_int_equal(e[1].date, D(2026, 12, 1));
	assert_string_equal(e[2].label, "note on Ada Lovelace");
	assert_string_equal(e[2].at, clock_text);
	journal_list_free(e, n);

	/* A new change after undos is the next one undone. */
	ok(note_add(db, w.grace, "two", NOW, NULL, &cause), &cause, "note");
	said = undo(db);
	assert_string_equal(said, "note on Grace Hopper");
	free(said);
	now = dump(db);
	assert_string_equal(now, s0);
	free(now);
	free(s0);
	free(s1);
	free(s2);

	/* Back to the beginning, then nothing is left. */
	while (sql_int(db, "SELECT count(*) FROM journal WHERE undone_at IS NULL") > 0)
		free(undo(db));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card"), 0);
	struct journal_entry none;
	expect(RDX_NOT_FOUND, journal_undo(db, LATER, &none, &cause), &cause, "nothing to undo");
	db_close(db);
}

static void path_free(char *path)
{
	unlink(path);
	char *journal = xasprintf("%s-journal", path);
	unlink(journal);
	free(journal);
	free(path);
}

static char *temp_db(void)
{
	char *path = xstrdup("/tmp/rolodex-journal-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	return path;
}

/* Runs sql on the file through a plain SQLite connection: what a program
 * that does not know the journal would write. */
static void outside_write(const char *path, const char *sql)
{
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(raw, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(raw);
}

/* A row the change wrote was changed since by something outside the
 * journal: undo refuses and changes nothing. */
static void test_conflict_refused(void **state)
{
	(void)state;
	char *path = temp_db();
	struct db *db = open_path(path);
	char *cause = NULL;
	int64_t ada = add_card(db, "Ada Lovelace", "ada@example.org", NULL);
	int64_t touch = 0;
	ok(touch_add(db, ada, D(2026, 12, 4), CHANNEL_COFFEE, "plans", NOW, &touch, &cause), &cause, "touch");

	outside_write(path, "UPDATE touch SET note = 'from the sync'");
	char *before = dump(db);
	struct journal_entry e;
	enum rdx_status st = journal_undo(db, LATER, &e, &cause);
	assert_int_equal(st, RDX_CONFLICT);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "Ada Lovelace was changed since"));
	free(cause);
	cause = NULL;
	assert_string_equal(e.label, "coffee with Ada Lovelace");
	journal_entry_done(&e);
	char *after = dump(db);
	assert_string_equal(after, before);
	free(after);
	free(before);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE undone_at IS NOT NULL"), 0);

	/* Put back as the change left it, the undo goes through. */
	outside_write(path, "UPDATE touch SET note = 'plans'");
	free(undo(db));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM touch"), 0);

	/* A card edited behind the journal's back: its adding is not undone
	 * (that would delete the edit with it). */
	outside_write(path, "UPDATE card SET org = 'Engines', revision = revision + 1");
	expect(RDX_CONFLICT, journal_undo(db, LATER, &e, &cause), &cause, "edited since");
	journal_entry_done(&e);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM card"), 1);

	/* Nor a deleted note brought back over a note that took its place. */
	int64_t note = 0;
	ok(note_add(db, ada, "first", NOW, &note, &cause), &cause, "note");
	ok(note_delete(db, note, &cause), &cause, "delete");
	char *sql = xasprintf("INSERT INTO note(id, card_id, at, body) VALUES (%lld, %lld, 'x', 'y')", (long long)note,
			      (long long)ada);
	outside_write(path, sql);
	free(sql);
	expect(RDX_CONFLICT, journal_undo(db, LATER, &e, &cause), &cause, "key taken");
	journal_entry_done(&e);
	db_close(db);

	/* A sync writes without a journal entry: nothing to undo for it. */
	db = open_path(path);
	ok(db_begin(db, &cause), &cause, "begin");
	journal_skip(db);
	ok(note_add(db, ada, "synced", NOW, NULL, &cause), &cause, "note");
	ok(db_commit(db, &cause), &cause, "commit");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal_row WHERE tbl = 'note' AND after LIKE '%synced%'"),
			 0);
	db_close(db);
	path_free(path);
}

/*
 * A card a change inserts is one journal row holding a digest of the card
 * and all its rows, not a row for each of them: undo deletes the card,
 * and refuses when any of its rows was changed since.
 */
static void test_inserted_card_is_one_row(void **state)
{
	(void)state;
	char *path = temp_db();
	struct db *db = open_path(path);
	char *cause = NULL;
	int64_t ada = add_card(db, "Ada Lovelace", "ada@example.org", "mentor");
	static const char vcf[] = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alan Turing\r\nEMAIL:alan@example.org\r\n"
				  "TEL:+44 20 7946 0002\r\nCATEGORIES:codes,mentor\r\nNOTE:Codes\r\n"
				  "X-KEPT:verbatim\r\nEND:VCARD\r\n"
				  "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Katherine Johnson\r\nEMAIL:kj@example.org\r\n"
				  "END:VCARD\r\n"
				  "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\n"
				  "TEL:+44 20 7946 0001\r\nEND:VCARD\r\n";
	struct import_options opt = { .format = IMPORT_VCARD, .now = NOW };
	struct import_report report;
	import_report_init(&report);
	char *before = dump(db);
	FILE *fp = fmemopen((void *)vcf, sizeof vcf - 1, "r");
	assert_non_null(fp);
	ok(import_stream(db, fp, "people.vcf", &opt, &report, &cause), &cause, "import");
	fclose(fp);
	assert_int_equal(report.imported, 2);
	assert_int_equal(report.merged, 1);
	char *imported = dump(db);
	int64_t entry = sql_int(db, "SELECT max(id) FROM journal");
	/* The new cards: one row each, a digest; their fields, tags, note
	 * and extra line have none.  The merged card's new phone has one. */
	char *sql = xasprintf("SELECT count(*) FROM journal_row WHERE entry_id = %lld AND card_id <> %lld",
			      (long long)entry, (long long)ada);
	assert_int_equal(sql_int(db, sql), 2);
	free(sql);
	sql = xasprintf("SELECT count(*) FROM journal_row WHERE entry_id = %lld AND tbl = 'card' AND op = 'insert' "
			"AND length(after) = 23 AND after LIKE 'digest:%%'",
			(long long)entry);
	assert_int_equal(sql_int(db, sql), 2);
	free(sql);
	sql = xasprintf("SELECT count(*) FROM journal_row WHERE entry_id = %lld AND card_id = %lld AND tbl = "
			"'card_field' AND op = 'insert' AND after LIKE '%%7946 0001%%'",
			(long long)entry, (long long)ada);
	assert_int_equal(sql_int(db, sql), 1);
	free(sql);
	assert_int_equal(sql_int(db, "SELECT cards FROM journal ORDER BY id DESC LIMIT 1"), 3);

	/* Any row of a new card changed behind the journal's back (here the
	 * tag, a row of its own table) refuses the undo, naming the card. */
	static const char *const edits[][2] = {
		{ "UPDATE card_tag SET position = 7 WHERE tag = 'codes'", "UPDATE card_tag SET position = 0 WHERE tag = 'codes'" },
		{ "UPDATE card_field SET label = 'home' WHERE value = 'alan@example.org'",
		  "UPDATE card_field SET label = '' WHERE value = 'alan@example.org'" },
		{ "UPDATE card_extra SET line = line || '!' WHERE card_id = (SELECT id FROM card WHERE name = 'Alan Turing')",
		  "UPDATE card_extra SET line = substr(line, 1, length(line) - 1) "
		  "WHERE card_id = (SELECT id FROM card WHERE name = 'Alan Turing')" },
		{ "UPDATE note SET body = 'Ciphers'", "UPDATE note SET body = 'Codes'" },
		{ "UPDATE card SET title = 'Fellow' WHERE name = 'Alan Turing'",
		  "UPDATE card SET title = '' WHERE name = 'Alan Turing'" },
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *was = dump(db);
		outside_write(path, edits[i][0]);
		struct journal_entry e;
		expect(RDX_CONFLICT, journal_undo(db, LATER, &e, &cause), &cause, edits[i][0]);
		journal_entry_done(&e);
		outside_write(path, edits[i][1]);
		char *now = dump(db);
		assert_string_equal(now, was);
		free(was);
		free(now);
	}
	char *again = dump(db);
	assert_string_equal(again, imported);
	free(again);
	char *said = undo(db);
	assert_string_equal(said, "import of 3 cards from people.vcf");
	free(said);
	char *undone = dump(db);
	assert_string_equal(undone, before);
	free(undone);
	free(imported);
	free(before);
	import_report_done(&report);
	db_close(db);
	path_free(path);
}

/* Within one change a new card is written to, rows are merged into it
 * and from it into a card that was there before, and another new card is
 * deleted again: undo restores exactly. */
static void test_inserted_card_within_one_change(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	struct db *db = w.db;
	CHECK_REVERSED(&w, "merge of Grace Hopper into Alan Turing", {
		ok(db_begin(db, &cause), &cause, "begin");
		int64_t alan = add_card(db, "Alan Turing", "alan@example.org", "codes");
		ok(note_add(db, alan, "Codes", NOW, NULL, &cause), &cause, "note");
		struct card c;
		ok(card_load(db, alan, &c, &cause), &cause, "load");
		card_set(&c.org, "Bletchley Park");
		ok(card_update(db, &c, c.revision, NOW, &cause), &cause, "edit");
		card_done(&c);
		/* Grace's rows move to the new card, which is then merged into Ada:
		 * all of it lands on a card that was there before. */
		ok(merge_cards(db, w.grace, alan, NOW, NULL, &cause), &cause, "merge into new");
		ok(merge_cards(db, alan, w.ada, NOW, NULL, &cause), &cause, "merge new into old");
		/* (card_purge would forget the whole entry: it erases the card's
		 * history.) */
		int64_t gone = add_card(db, "Katherine Johnson", "kj@example.org", NULL);
		char *sql = xasprintf("DELETE FROM card WHERE id = %lld", (long long)gone);
		assert_int_equal(sqlite3_exec(db_sqlite(db), sql, NULL, NULL, NULL), SQLITE_OK);
		free(sql);
		ok(db_commit(db, &cause), &cause, "commit");
	});
	db_close(db);
}

/* The journal is in the file: another connection, and another process,
 * undo what this one did, and a change by the other is undone here. */
static void test_across_connections_and_processes(void **state)
{
	(void)state;
	char *path = temp_db();
	struct db *one = open_path(path);
	struct db *two = open_path(path);
	char *cause = NULL;
	int64_t ada = add_card(one, "Ada Lovelace", NULL, NULL);
	char *s0 = dump(one);
	ok(note_add(one, ada, "from one", NOW, NULL, &cause), &cause, "note");
	char *said = undo(two);
	assert_string_equal(said, "note on Ada Lovelace");
	free(said);
	char *seen = dump(one);
	assert_string_equal(seen, s0);
	free(seen);

	/* Another process records a touch and exits; this one undoes it. */
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *child = NULL;
		char *why = NULL;
		if (db_open(path, 0, &child, &why) != RDX_OK)
			_exit(1);
		journal_set_clock(child, test_clock);
		enum rdx_status st = touch_add(child, ada, D(2026, 12, 3), CHANNEL_CALL, "", NOW, NULL, &why);
		db_close(child);
		_exit(st == RDX_OK ? 0 : 1);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(sql_int(one, "SELECT count(*) FROM touch"), 1);
	said = undo(one);
	assert_string_equal(said, "call with Ada Lovelace on 3 Dec");
	free(said);
	seen = dump(two);
	assert_string_equal(seen, s0);
	free(seen);
	free(s0);
	db_close(one);
	db_close(two);

	/* And after a restart. */
	struct db *again = open_path(path);
	said = undo(again);
	assert_string_equal(said, "adding Ada Lovelace");
	free(said);
	assert_int_equal(sql_int(again, "SELECT count(*) FROM card"), 0);
	db_close(again);
	path_free(path);
}

/* The newest 100 entries stay, and every entry of the last 90 days. */
static void test_retention(void **state)
{
	(void)state;
	struct db *db = open_path(":memory:");
	char *cause = NULL;
	int64_t ada = add_card(db, "Ada Lovelace", NULL, NULL); /* entry 1, dated 2026-12-05 */
	memcpy(clock_text, "2026-01-01T10:00:00Z", TIMESTAMP_TEXT_SIZE);
	for (int i = 0; i < 60; i++)
		ok(note_add(db, ada, "old", NOW, NULL, &cause), &cause, "old note");
	memcpy(clock_text, "2026-11-01T10:00:00Z", TIMESTAMP_TEXT_SIZE);
	for (int i = 0; i < 80; i++)
		ok(note_add(db, ada, "recent", NOW, NULL, &cause), &cause, "recent note");
	/* 141 entries: the 40 oldest of January are beyond the newest 100 and
	 * older than 90 days (entry 1, stamped later, goes with them: the
	 * journal is cut at an entry). */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 100);
	assert_int_equal(sql_int(db, "SELECT min(id) FROM journal"), 42);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal_row WHERE entry_id < 42"), 0);
	/* Within 90 days, more than 100 stay: the January ones go. */
	for (int i = 0; i < 30; i++)
		ok(note_add(db, ada, "more", NOW, NULL, &cause), &cause, "more");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 110);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE at LIKE '2026-11%'"), 110);
	memcpy(clock_text, "2026-12-05T10:00:00Z", TIMESTAMP_TEXT_SIZE);
	db_close(db);
}

/* Erasing a card is for good: not undoable, and no entry that held its
 * text stays. */
static void test_purge_forgets(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	struct db *db = w.db;
	char *cause = NULL;
	ok(card_trash(db, w.grace, NOW, &cause), &cause, "trash");
	ok(card_purge(db, w.grace, &cause), &cause, "purge");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE label LIKE '%Grace%'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal_row WHERE card_id = 2"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal_row WHERE undo_sql LIKE '%Grace%' "
				     "OR after LIKE '%Grace%' OR after LIKE '%navy%'"),
			 0);
	/* The newest standing change is Ada's touch. */
	char *said = undo(db);
	assert_string_equal(said, "coffee with Ada Lovelace on 20 Nov");
	free(said);
	db_close(db);
}

static void test_describe(void **state)
{
	(void)state;
	struct journal_entry e = { .label = "coffee with Ada Lovelace", .date = D(2025, 12, 5) };
	char text[128];
	journal_describe(&e, D(2026, 12, 5), text, sizeof text);
	assert_string_equal(text, "coffee with Ada Lovelace on 5 Dec 2025");
	e.date = 0;
	journal_describe(&e, D(2026, 12, 5), text, sizeof text);
	assert_string_equal(text, "coffee with Ada Lovelace");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_change_reversed),
		cmocka_unit_test(test_import_is_one_change),
		cmocka_unit_test(test_inserted_card_is_one_row),
		cmocka_unit_test(test_inserted_card_within_one_change),
		cmocka_unit_test(test_undo_goes_back),
		cmocka_unit_test(test_conflict_refused),
		cmocka_unit_test(test_across_connections_and_processes),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_purge_forgets),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
