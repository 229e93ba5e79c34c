/*
 * test_migrate.c - unit tests for opening database files: schema versions
 * and migrations from every earlier version, refusing newer, foreign,
 * damaged and non-database files untouched, private file modes, read-only
 * files, and two connections sharing one file.
 *
 * Files live in a fresh temporary folder per test.  Earlier schema
 * versions are built by hand from the private migration texts
 * (model/schema.h) with plain sqlite3 calls, as an older rolodex would have
 * left them.
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/db_internal.h"
#include "model/schema.h"
#include "rolodex/browse.h"
#include "rolodex/card.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-01-15T10:00:00Z";

/* ---- helpers ------------------------------------------------------------ */

static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* A fresh folder per test, removed (with everything in it) afterwards. */
static int setup_dir(void **state)
{
	char *dir = xstrdup("/tmp/rdx-migrate-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

static int teardown_dir(void **state)
{
	char *dir = *state;
	/* Give back permissions a test took away so everything can go. */
	chmod(dir, 0700);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return 0;
}

static char *path_in(void **state, const char *name)
{
	return xasprintf("%s/%s", (const char *)*state, name);
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

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Snapshot of a file's bytes, to prove a refusal left it untouched. */
struct snapshot {
	char *bytes;
	size_t len;
};

static struct snapshot snapshot_take(const char *path)
{
	struct snapshot s;
	s.bytes = read_file(path, &s.len);
	return s;
}

static void snapshot_check(struct snapshot *s, const char *path)
{
	size_t len = 0;
	char *now = read_file(path, &len);
	if (len != s->len || memcmp(now, s->bytes, len) != 0)
		fail_msg("%s changed (%zu bytes before, %zu after)", path, s->len, len);
	free(now);
	free(s->bytes);
	s->bytes = NULL;
}

static bool exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

/* Runs SQL on a file with plain sqlite3 (no rolodex functions). */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(raw, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("raw SQL failed: %s\n%s", err, sql);
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);
}

static int64_t raw_int(const char *path, const char *sql)
{
	sqlite3 *raw = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return v;
}

static int64_t add_named(struct db *db, const char *name)
{
	struct card c;
	char *cause = NULL;
	card_init(&c);
	card_set(&c.name, name);
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, name);
	int64_t id = c.id;
	card_done(&c);
	return id;
}

/* A database as rolodex left it at schema `version`: migrations up to
 * it, one card with a note and a touch, its index row. */
static void build_old_database(const char *path, size_t version)
{
	char *sql = xstrdup("");
	for (size_t v = 0; v < version; v++) {
		const char *m = schema_migration(v);
		assert_non_null(m);
		char *next = xasprintf("%s%s\n", sql, m);
		free(sql);
		sql = next;
	}
	char *all = xasprintf("BEGIN;\n%s"
			      "INSERT INTO card(id, uid, name, given, family, org, sort_key, cadence, created_at, "
			      "updated_at) VALUES (1, 'old-uid-1', 'Ada Lovelace', 'Ada', 'Lovelace', "
			      "'Analytical Engines', 'lovelace' || char(1) || 'ada', '3m', '%s', '%s');\n"
			      "INSERT INTO card_field(card_id, kind, value, label, position) VALUES (1, 'phone', "
			      "'+1 (212) 555-1234', '', 0);\n"
			      "INSERT INTO note(card_id, at, body) VALUES (1, '%s', 'Written by an older rolodex');\n"
			      "INSERT INTO touch(card_id, date, channel, note, at) VALUES (1, '2025-12-01', 'coffee', "
			      "'', '%s');\n"
			      "INSERT INTO card_fts(rowid, name, org, title, emails, tags, notes) VALUES (1, "
			      "'Ada Lovelace Ada Lovelace', 'Analytical Engines', '', '', '', "
			      "'Written by an older rolodex');\n"
			      "PRAGMA user_version = %zu;\nPRAGMA application_id = %d;\nCOMMIT;\n",
			      sql, NOW, NOW, NOW, NOW, version, DB_APPLICATION_ID);
	raw_exec(path, all);
	free(all);
	free(sql);
}

/* ---- fresh databases ---------------------------------------------------- */

static void test_fresh_database(void **state)
{
	char *path = path_in(state, "rolodex.db");
	struct db *db = NULL;
	char *cause = NULL;
	assert_int_equal(schema_migration_count(), DB_SCHEMA_VERSION);
	assert_null(schema_migration(DB_SCHEMA_VERSION));
	expect_ok(db_open(path, 0, &db, &cause), &cause, "open");
	assert_false(db_is_readonly(db));
	assert_string_equal(db_path(db), path);
	assert_string_equal(db_journal_mode(db), db_preferred_journal_mode());
	assert_non_null(db_sqlite_version());
	add_named(db, "Ada Lovelace");
	db_close(db);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "PRAGMA application_id"), DB_APPLICATION_ID);
	assert_int_equal(raw_int(path, "PRAGMA foreign_keys"), 0); /* a connection setting, not stored */
	/* Opening again changes nothing and keeps the card. */
	expect_ok(db_open(path, 0, &db, &cause), &cause, "reopen");
	int64_t count = 0;
	expect_ok(db_card_count(db, &count, &cause), &cause, "count");
	assert_int_equal(count, 1);
	db_close(db);
	/* No backup is made for a new database. */
	char *bak = xasprintf("%s.v0.bak", path);
	assert_false(exists(bak));
	free(bak);
	free(path);

	/* In memory: the same schema. */
	expect_ok(db_open(":memory:", 0, &db, &cause), &cause, "memory");
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), DB_SCHEMA_VERSION);
	sqlite3_finalize(st);
	db_close(db);
}

/* ---- migrating --------------------------------------------------------------- */

static void test_migrate_from_every_version(void **state)
{
	for (size_t version = 1; version < DB_SCHEMA_VERSION; version++) {
		char name[32];
		snprintf(name, sizeof name, "v%zu.db", version);
		char *path = path_in(state, name);
		build_old_database(path, version);
		struct snapshot before = snapshot_take(path);

		struct db *db = NULL;
		char *cause = NULL;
		expect_ok(db_open(path, 0, &db, &cause), &cause, "open old");

		/* The card, its note and its search entry survived. */
		struct card c;
		expect_ok(card_load(db, 1, &c, &cause), &cause, "load");
		assert_string_equal(c.name, "Ada Lovelace");
		assert_string_equal(c.org, "Analytical Engines");
		assert_true(c.cadence_set);
		assert_int_equal(c.cadence.n, 3);
		card_done(&c);
		struct note *notes = NULL;
		size_t n = 0;
		expect_ok(note_list(db, 1, 0, &notes, &n, &cause), &cause, "notes");
		assert_int_equal(n, 1);
		assert_string_equal(notes[0].text, "Written by an older rolodex");
		note_list_free(notes, n);
		struct card_filter f = { .query = "lovel" };
		int64_t count = 0;
		expect_ok(card_count(db, &f, &count, &cause), &cause, "search");
		assert_int_equal(count, 1);
		/* The index was rebuilt from card_fts_row (version 6): the
		 * phone, which older indexes did not hold, is found by its
		 * digits. */
		f.query = "555-1234";
		expect_ok(card_count(db, &f, &count, &cause), &cause, "search a phone");
		assert_int_equal(count, 1);
		struct card_status s;
		expect_ok(card_status_get(db, 1, date_from_ymd(2026, 1, 15), &s, &cause), &cause, "status");
		assert_true(s.contacted);
		assert_int_equal(s.next_due, date_from_ymd(2026, 3, 1));
		/* The new schema works: new cards, and the review tables. */
		add_named(db, "Grace Hopper");
		expect_ok(db_check(db, &cause), &cause, "check");
		db_close(db);
		assert_int_equal(raw_int(path, "PRAGMA user_version"), DB_SCHEMA_VERSION);
		assert_int_equal(raw_int(path, "SELECT count(*) FROM review"), 0);
		assert_int_equal(raw_int(path, "SELECT count(*) FROM card"), 2);

		/* A private copy of the old file was kept first. */
		char *bak = xasprintf("%s.v%zu.bak", path, version);
		assert_true(exists(bak));
		assert_int_equal(mode_of(bak), 0600);
		assert_int_equal(raw_int(bak, "PRAGMA user_version"), (int64_t)version);
		assert_int_equal(raw_int(bak, "SELECT count(*) FROM card"), 1);
		/* The copy is the old schema: without the tables of later
		 * migrations (review came with 2, card_import_key with 4, the
		 * change journal with 5, card_fts_row with 6). */
		assert_int_equal(raw_int(bak, "SELECT count(*) FROM sqlite_schema WHERE name = 'review'"), version >= 2);
		assert_int_equal(raw_int(bak, "SELECT count(*) FROM sqlite_schema WHERE name = 'card_import_key'"),
				 version >= 4);
		assert_int_equal(raw_int(bak, "SELECT count(*) FROM sqlite_schema WHERE name = 'journal'"), version >= 5);
		assert_int_equal(raw_int(bak, "SELECT count(*) FROM sqlite_schema WHERE name = 'card_fts_row'"), version >= 6);
		assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'card_fts_row'"), 1);
		assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'card_import_key'"), 1);
		assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'journal'"), 1);
		free(before.bytes);
		free(bak);
		free(path);
	}
}

static void test_failed_migration_changes_nothing(void **state)
{
	char *path = path_in(state, "v1.db");
	build_old_database(path, 1);
	/* Something in the way of migration 2: it must fail half-way and
	 * roll back completely. */
	raw_exec(path, "CREATE TABLE review_item (x);");
	struct snapshot before = snapshot_take(path);
	struct db *db = NULL;
	char *cause = NULL;
	enum rdx_status st = db_open(path, 0, &db, &cause);
	assert_int_not_equal(st, RDX_OK);
	assert_null(db);
	assert_non_null(cause);
	free(cause);
	snapshot_check(&before, path);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 1);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'review'"), 0);
	free(path);
}

static void test_old_read_only_not_migrated(void **state)
{
	char *path = path_in(state, "v1.db");
	build_old_database(path, 1);
	struct snapshot before = snapshot_take(path);
	struct db *db = NULL;
	char *cause = NULL;
	expect(RDX_READONLY, db_open(path, DB_OPEN_READONLY, &db, &cause), &cause, "old, read-only");
	assert_null(db);
	snapshot_check(&before, path);
	char *bak = xasprintf("%s.v1.bak", path);
	assert_false(exists(bak));
	free(bak);
	free(path);
}

/* ---- refusing files ---------------------------------------------------------- */

static void test_newer_refused(void **state)
{
	char *path = path_in(state, "newer.db");
	struct db *db = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &db, &cause), &cause, "create");
	add_named(db, "Ada Lovelace");
	db_close(db);
	raw_exec(path, "PRAGMA user_version = 99;");

	struct snapshot before = snapshot_take(path);
	assert_int_equal(db_open(path, 0, &db, &cause), RDX_NEWER);
	assert_null(db);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "newer"));
	free(cause);
	cause = NULL;
	snapshot_check(&before, path);
	before = snapshot_take(path);
	expect(RDX_NEWER, db_open(path, DB_OPEN_READONLY, &db, &cause), &cause, "read-only");
	snapshot_check(&before, path);
	char *bak = xasprintf("%s.v99.bak", path);
	assert_false(exists(bak));
	free(bak);

	/* A newer rolodex on a newer SQLite may use WAL: still untouched,
	 * journal mode included. */
	raw_exec(path, "PRAGMA journal_mode = WAL;");
	before = snapshot_take(path);
	expect(RDX_NEWER, db_open(path, 0, &db, &cause), &cause, "newer in WAL mode");
	snapshot_check(&before, path);
	size_t len = 0;
	char *bytes = read_file(path, &len);
	assert_true(len >= 100);
	assert_int_equal(bytes[18], 2); /* WAL write version */
	assert_int_equal(bytes[19], 2); /* WAL read version */
	free(bytes);
	free(path);
}

static void test_foreign_refused(void **state)
{
	const char *setups[] = {
		/* another application's id */
		"PRAGMA application_id = 305419896; CREATE TABLE inventory (id INTEGER PRIMARY KEY, item TEXT); "
		"INSERT INTO inventory(item) VALUES ('hammer');",
		/* tables but no id at all */
		"CREATE TABLE card (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO card(name) VALUES ('not ours');",
		/* an id but no tables */
		"PRAGMA application_id = 1;",
	};
	for (size_t i = 0; i < sizeof setups / sizeof setups[0]; i++) {
		char name[32];
		snprintf(name, sizeof name, "foreign%zu.db", i);
		char *path = path_in(state, name);
		raw_exec(path, setups[i]);
		struct snapshot before = snapshot_take(path);
		struct db *db = NULL;
		char *cause = NULL;
		assert_int_equal(db_open(path, 0, &db, &cause), RDX_FOREIGN);
		assert_null(db);
		assert_non_null(cause);
		assert_non_null(strstr(cause, path));
		free(cause);
		cause = NULL;
		snapshot_check(&before, path);
		before = snapshot_take(path);
		expect(RDX_FOREIGN, db_open(path, DB_OPEN_READONLY, &db, &cause), &cause, "read-only");
		snapshot_check(&before, path);
		free(path);
	}
}

static void test_not_a_database_refused(void **state)
{
	char *text_path = path_in(state, "notes.txt");
	char text[6000];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = "Dear diary, today I met Ada.\n"[i % 29];
	write_file(text_path, text, sizeof text);
	char *zero_path = path_in(state, "zeros.db");
	char *zeros = xcalloc(1, 8192);
	write_file(zero_path, zeros, 8192);
	free(zeros);
	char *short_path = path_in(state, "short.db");
	write_file(short_path, "SQLite format 3", 15);

	const char *paths[] = { text_path, zero_path, short_path };
	for (size_t i = 0; i < 3; i++) {
		struct snapshot before = snapshot_take(paths[i]);
		struct db *db = NULL;
		char *cause = NULL;
		enum rdx_status st = db_open(paths[i], 0, &db, &cause);
		if (st == RDX_OK)
			fail_msg("%s was opened as a database", paths[i]);
		assert_null(db);
		assert_non_null(cause);
		free(cause);
		snapshot_check(&before, paths[i]);
	}
	free(text_path);
	free(zero_path);
	free(short_path);
}

static void test_corrupt_refused(void **state)
{
	char *path = path_in(state, "corrupt.db");
	struct db *db = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &db, &cause), &cause, "create");
	expect_ok(db_begin(db, &cause), &cause, "begin");
	for (int i = 0; i < 300; i++) {
		char name[64];
		snprintf(name, sizeof name, "Person Number%03d", i);
		int64_t id = add_named(db, name);
		expect_ok(note_add(db, id, "A note long enough to fill some pages of the file, again and again.", NOW,
				   NULL, &cause),
			  &cause, "note");
	}
	expect_ok(db_commit(db, &cause), &cause, "commit");
	db_close(db);
	int64_t page_size = raw_int(path, "PRAGMA page_size");
	int64_t pages = raw_int(path, "PRAGMA page_count");
	assert_true(pages > 10);

	/* Scribble over the middle of every other page past the schema. */
	size_t len = 0;
	char *bytes = read_file(path, &len);
	for (int64_t p = 2; p < pages; p += 2)
		memset(bytes + p * page_size + 8, 0xa5, (size_t)page_size / 2);
	write_file(path, bytes, len);
	free(bytes);

	struct snapshot before = snapshot_take(path);
	enum rdx_status st = db_open(path, 0, &db, &cause);
	assert_int_equal(st, RDX_CORRUPT);
	assert_null(db);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	snapshot_check(&before, path);

	/* `check` opens without the quick check and reports the damage. */
	before = snapshot_take(path);
	st = db_open(path, DB_OPEN_NO_CHECK | DB_OPEN_READONLY, &db, &cause);
	if (st == RDX_OK) {
		assert_int_equal(db_check(db, &cause), RDX_CORRUPT);
		assert_non_null(cause);
		free(cause);
		cause = NULL;
		db_close(db);
	} else {
		/* Damage so deep that even the header is unreadable is
		 * reported as such, never opened. */
		assert_int_equal(st, RDX_CORRUPT);
		free(cause);
	}
	snapshot_check(&before, path);
	free(path);
}

static void test_directory_refused(void **state)
{
	struct db *db = NULL;
	char *cause = NULL;
	const char *dir = *state;
	assert_int_equal(db_open(dir, 0, &db, &cause), RDX_IO);
	assert_null(db);
	assert_non_null(strstr(cause, "folder"));
	free(cause);
	cause = NULL;
	assert_int_not_equal(db_open(dir, DB_OPEN_READONLY, &db, &cause), RDX_OK);
	free(cause);
	cause = NULL;

	/* A path below a regular file cannot be created. */
	char *file = path_in(state, "plain");
	write_file(file, "x", 1);
	char *below = xasprintf("%s/sub/rolodex.db", file);
	assert_int_not_equal(db_open(below, 0, &db, &cause), RDX_OK);
	assert_null(db);
	free(cause);
	free(below);
	free(file);
}

/* ---- file modes -------------------------------------------------------------- */

static void test_private_modes(void **state)
{
	char *path = path_in(state, "deep/er/rolodex.db");
	char *deep = path_in(state, "deep");
	char *deeper = path_in(state, "deep/er");
	mode_t old = umask(0);
	struct db *db = NULL;
	char *cause = NULL;
	enum rdx_status st = db_open(path, 0, &db, &cause);
	if (st == RDX_OK) {
		add_named(db, "Ada Lovelace");
		db_close(db);
	}
	umask(old);
	expect_ok(st, &cause, "open under umask 0");
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(mode_of(deep), 0700);
	assert_int_equal(mode_of(deeper), 0700);

	/* A database created under a restrictive umask is still usable. */
	char *other = path_in(state, "restricted/rolodex.db");
	old = umask(0777);
	st = db_open(other, 0, &db, &cause);
	umask(old);
	expect_ok(st, &cause, "open under umask 0777");
	add_named(db, "Grace Hopper");
	db_close(db);
	assert_int_equal(mode_of(other), 0600);
	char *restricted = path_in(state, "restricted");
	assert_int_equal(mode_of(restricted), 0700);
	free(restricted);
	free(other);
	free(deeper);
	free(deep);
	free(path);
}

/* ---- read-only ------------------------------------------------------------------- */

static void check_read_only(const char *path, int flags)
{
	struct db *db = NULL;
	char *cause = NULL;
	struct snapshot before = snapshot_take(path);
	expect_ok(db_open(path, flags, &db, &cause), &cause, "open read-only");
	assert_true(db_is_readonly(db));
	/* Reading works. */
	int64_t count = 0;
	expect_ok(db_card_count(db, &count, &cause), &cause, "count");
	assert_int_equal(count, 1);
	struct card c;
	expect_ok(card_load(db, 1, &c, &cause), &cause, "load");
	assert_string_equal(c.name, "Ada Lovelace");
	/* Every kind of write is refused with RDX_READONLY. */
	card_set(&c.org, "Changed");
	expect(RDX_READONLY, card_update(db, &c, c.revision, NOW, &cause), &cause, "update");
	card_done(&c);
	card_init(&c);
	card_set(&c.name, "Grace Hopper");
	expect(RDX_READONLY, card_insert(db, &c, NOW, &cause), &cause, "insert");
	card_done(&c);
	expect(RDX_READONLY, note_add(db, 1, "a note", NOW, NULL, &cause), &cause, "note");
	expect(RDX_READONLY, touch_add(db, 1, date_from_ymd(2026, 1, 1), CHANNEL_CALL, NULL, NOW, NULL, &cause),
	       &cause, "touch");
	expect(RDX_READONLY, card_trash(db, 1, NOW, &cause), &cause, "trash");
	expect(RDX_READONLY, db_meta_set(db, "k", "v", &cause), &cause, "meta");
	struct cadence monthly = { 1, 'm' };
	expect(RDX_READONLY, tag_set_cadence(db, "close", &monthly, &cause), &cause, "tag");
	db_close(db);
	snapshot_check(&before, path);
}

static void test_read_only(void **state)
{
	char *path = path_in(state, "ro.db");
	struct db *db = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &db, &cause), &cause, "create");
	add_named(db, "Ada Lovelace");
	db_close(db);

	/* Asked for read-only. */
	check_read_only(path, DB_OPEN_READONLY);
	/* A file that cannot be written opens read-only by itself.  root
	 * writes through any mode bits, so there the flag above is the only
	 * way to reach the read-only path. */
	if (geteuid() != 0) {
		assert_int_equal(chmod(path, 0400), 0);
		check_read_only(path, 0);
		assert_int_equal(chmod(path, 0600), 0);
		/* A folder SQLite cannot write its journal into, too. */
		assert_int_equal(chmod((const char *)*state, 0500), 0);
		check_read_only(path, 0);
		assert_int_equal(chmod((const char *)*state, 0700), 0);
	}

	/* Read-only never creates a file. */
	char *missing = path_in(state, "missing.db");
	assert_int_equal(db_open(missing, DB_OPEN_READONLY, &db, &cause), RDX_NOT_FOUND);
	assert_null(db);
	free(cause);
	assert_false(exists(missing));
	free(missing);
	free(path);
}

/* ---- two connections -------------------------------------------------------------- */

static void test_two_connections(void **state)
{
	char *path = path_in(state, "shared.db");
	struct db *a = NULL, *b = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &a, &cause), &cause, "open a");
	expect_ok(db_open(path, 0, &b, &cause), &cause, "open b");
	int64_t a_version = db_data_version(a);
	int64_t b_version = db_data_version(b);
	assert_true(a_version >= 0 && b_version >= 0);

	int64_t id = add_named(a, "Ada Lovelace");
	/* b sees that someone else changed the file, and the change. */
	assert_int_not_equal(db_data_version(b), b_version);
	int64_t count = 0;
	expect_ok(db_card_count(b, &count, &cause), &cause, "count in b");
	assert_int_equal(count, 1);
	struct card c;
	expect_ok(card_load(b, id, &c, &cause), &cause, "load in b");
	assert_string_equal(c.name, "Ada Lovelace");
	/* a's own write does not look like an outside change to a. */
	assert_int_equal(db_data_version(a), a_version);

	/* And the other way round, with an edit. */
	a_version = db_data_version(a);
	card_set(&c.org, "Analytical Engines");
	expect_ok(card_update(b, &c, c.revision, NOW, &cause), &cause, "update in b");
	card_done(&c);
	assert_int_not_equal(db_data_version(a), a_version);
	expect_ok(card_load(a, id, &c, &cause), &cause, "load in a");
	assert_string_equal(c.org, "Analytical Engines");
	assert_int_equal(c.revision, 2);
	card_done(&c);
	struct card_filter f = { .query = "analyt" };
	expect_ok(card_count(a, &f, &count, &cause), &cause, "search in a");
	assert_int_equal(count, 1);

	/* A stale edit from a is refused: b changed the card meanwhile. */
	struct card stale;
	expect_ok(card_load(a, id, &stale, &cause), &cause, "load");
	expect_ok(card_load(b, id, &c, &cause), &cause, "load");
	card_set(&c.title, "Countess");
	expect_ok(card_update(b, &c, c.revision, NOW, &cause), &cause, "update in b");
	card_set(&stale.title, "Mathematician");
	expect(RDX_CONFLICT, card_update(a, &stale, stale.revision, NOW, &cause), &cause, "stale update in a");
	card_done(&stale);
	card_done(&c);

	db_close(a);
	db_close(b);
	free(path);
}

/* A reading command's handle (DB_OPEN_SNAPSHOT) holds one read transaction
 * from open to close: it reads one state of the file whatever a writer
 * does meanwhile; a plain read-only handle (the TUI on a read-only file)
 * holds none between statements. */
static void test_snapshot_reads_one_state(void **state)
{
	char *path = path_in(state, "snap.db");
	struct db *w = NULL, *r = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &w, &cause), &cause, "create");
	add_named(w, "Ada Lovelace");
	/* The writer gives up quickly instead of after 5 s. */
	sqlite3_busy_timeout(db_sqlite(w), 50);

	expect_ok(db_open(path, DB_OPEN_READONLY | DB_OPEN_SNAPSHOT, &r, &cause), &cause, "open snapshot");
	assert_false(sqlite3_get_autocommit(db_sqlite(r)));
	int64_t count = 0;
	expect_ok(db_card_count(r, &count, &cause), &cause, "count");
	assert_int_equal(count, 1);

	struct card c;
	card_init(&c);
	card_set(&c.name, "Charles Babbage");
	enum rdx_status st = card_insert(w, &c, NOW, &cause);
	card_done(&c);
	if (strcmp(db_journal_mode(w), "wal") == 0) {
		/* WAL: the writer commits beside the reader. */
		expect_ok(st, &cause, "insert beside a WAL reader");
	} else {
		/* Rollback journal: the commit waits for the reader's lock. */
		expect(RDX_BUSY, st, &cause, "insert while a snapshot reads");
	}
	expect_ok(db_card_count(r, &count, &cause), &cause, "count again");
	assert_int_equal(count, 1);
	db_close(r);

	/* Closed, the lock is gone: the write goes through. */
	if (strcmp(db_journal_mode(w), "wal") != 0)
		add_named(w, "Charles Babbage");
	expect_ok(db_open(path, DB_OPEN_READONLY | DB_OPEN_SNAPSHOT, &r, &cause), &cause, "reopen");
	expect_ok(db_card_count(r, &count, &cause), &cause, "count after");
	assert_int_equal(count, 2);
	db_close(r);

	/* Without the flag, nothing is held between statements. */
	expect_ok(db_open(path, DB_OPEN_READONLY, &r, &cause), &cause, "open plain");
	assert_true(sqlite3_get_autocommit(db_sqlite(r)));
	expect_ok(db_card_count(r, &count, &cause), &cause, "count plain");
	add_named(w, "Grace Hopper");
	expect_ok(db_card_count(r, &count, &cause), &cause, "count plain again");
	assert_int_equal(count, 3);
	db_close(r);
	db_close(w);
	free(path);
}

/* The full check runs on the day's first writing open, never on a
 * read-only handle (which reports damage where it reads it). */
static void test_check_daily(void **state)
{
	char *path = path_in(state, "daily.db");
	struct db *db = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &db, &cause), &cause, "create");
	expect_ok(db_begin(db, &cause), &cause, "begin");
	for (int i = 0; i < 200; i++) {
		char name[64];
		snprintf(name, sizeof name, "Person Number%03d", i);
		add_named(db, name);
	}
	expect_ok(db_commit(db, &cause), &cause, "commit");
	db_close(db);
	/* Scribble over the empty index of trashed cards: no read of live
	 * cards goes through it, only the full check does. */
	int64_t page_size = raw_int(path, "PRAGMA page_size");
	int64_t root = raw_int(path, "SELECT rootpage FROM sqlite_schema WHERE name = 'card_trashed'");
	assert_true(root > 1);
	size_t len = 0;
	char *bytes = read_file(path, &len);
	memset(bytes + (root - 1) * page_size, 'A', (size_t)page_size);
	write_file(path, bytes, len);
	free(bytes);
	struct snapshot before = snapshot_take(path);

	int day = 20000;
	expect_ok(db_open(path, DB_OPEN_READONLY, &db, &cause), &cause, "open read-only");
	expect_ok(db_check_daily(db, day, &cause), &cause, "read-only: no full check");
	int64_t count = 0;
	expect_ok(db_card_count(db, &count, &cause), &cause, "read-only: live cards read");
	assert_int_equal(count, 200);
	db_close(db);

	expect_ok(db_open(path, 0, &db, &cause), &cause, "open to write");
	expect(RDX_CORRUPT, db_check_daily(db, day, &cause), &cause, "writing open: the full check finds it");
	db_close(db);
	snapshot_check(&before, path);
	free(path);

	/* A sound file: the passed check is recorded and not run again that
	 * day (later damage waits for the next day's check, or a read of
	 * it); the next day it runs again. */
	path = path_in(state, "sound.db");
	expect_ok(db_open(path, 0, &db, &cause), &cause, "create sound");
	for (int i = 0; i < 200; i++) {
		char name[64];
		snprintf(name, sizeof name, "Person Number%03d", i);
		add_named(db, name);
	}
	expect_ok(db_check_daily(db, day, &cause), &cause, "first check");
	char *last = NULL;
	expect_ok(db_meta_get(db, "quick_check_passed_on", &last, &cause), &cause, "recorded");
	free(last);
	db_close(db);
	root = raw_int(path, "SELECT rootpage FROM sqlite_schema WHERE name = 'card_trashed'");
	bytes = read_file(path, &len);
	memset(bytes + (root - 1) * page_size, 'A', (size_t)page_size);
	write_file(path, bytes, len);
	free(bytes);
	expect_ok(db_open(path, 0, &db, &cause), &cause, "reopen sound");
	expect_ok(db_check_daily(db, day, &cause), &cause, "same day: not run again");
	expect(RDX_CORRUPT, db_check_daily(db, day + 1, &cause), &cause, "next day: run again");
	db_close(db);
	free(path);
}

/* Two processes writing at once: the second waits for the first's
 * transaction (BEGIN IMMEDIATE and the busy timeout) instead of failing
 * with "database is locked". */
static void test_writers_wait_for_each_other(void **state)
{
	char *path = path_in(state, "busy.db");
	struct db *db = NULL;
	char *cause = NULL;
	expect_ok(db_open(path, 0, &db, &cause), &cause, "create");
	db_close(db);
	db = NULL;

	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* The child: hold the write lock for a while, then commit. */
		struct db *child = NULL;
		close(ready[0]);
		if (db_open(path, 0, &child, NULL) != RDX_OK)
			_exit(2);
		if (db_begin(child, NULL) != RDX_OK)
			_exit(3);
		struct card c;
		card_init(&c);
		card_set(&c.name, "Child Writer");
		if (card_insert(child, &c, NOW, NULL) != RDX_OK)
			_exit(4);
		card_done(&c);
		if (write(ready[1], "x", 1) != 1)
			_exit(5);
		usleep(300 * 1000);
		if (db_commit(child, NULL) != RDX_OK)
			_exit(6);
		db_close(child);
		_exit(0);
	}
	close(ready[1]);
	char byte;
	assert_int_equal(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	/* The child holds the write lock now. */
	expect_ok(db_open(path, 0, &db, &cause), &cause, "open while another writes");
	add_named(db, "Parent Writer");
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	int64_t count = 0;
	expect_ok(db_card_count(db, &count, &cause), &cause, "count");
	assert_int_equal(count, 2);
	db_close(db);
	free(path);
}

int main(void)
{
	if (setlocale(LC_ALL, "") == NULL || MB_CUR_MAX == 1)
		setlocale(LC_ALL, "C.UTF-8");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_database, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_migrate_from_every_version, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_failed_migration_changes_nothing, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_old_read_only_not_migrated, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_newer_refused, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_foreign_refused, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_not_a_database_refused, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_corrupt_refused, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_directory_refused, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_private_modes, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_read_only, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_two_connections, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_writers_wait_for_each_other, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_snapshot_reads_one_state, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_check_daily, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
