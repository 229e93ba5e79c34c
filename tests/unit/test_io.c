/*
 * test_io.c - import, export and sync against real databases: one
 * transaction, dry runs, --skip-bad, --tag, duplicate matching and merging,
 * rolodex -> vCard -> rolodex identity, vdirs, safe file writes, two-way
 * sync with conflicts and mail senders.  Files of real clients are checked
 * by test_fixtures (ours) and test_corpus (the shared corpus).
 */
#include <dirent.h>
#include <errno.h>
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

#include "import_expect.h"
#include "io/io_internal.h"
#include "rolodex/card.h"
#include "rolodex/browse.h"
#include "rolodex/db.h"
#include "rolodex/export.h"
#include "rolodex/import.h"
#include "rolodex/mail.h"
#include "rolodex/note.h"
#include "rolodex/sync.h"
#include "rolodex/vcard.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-11-22T10:00:00Z";

/* ---- helpers ---------------------------------------------------------------- */

static enum rdx_status import_text(struct db *db, const char *text, struct import_options *opt,
				   struct import_report *r, char **cause)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "rb");
	assert_non_null(fp);
	if (!opt->now)
		opt->now = NOW;
	import_report_init(r);
	enum rdx_status st = import_stream(db, fp, "t.vcf", opt, r, cause);
	fclose(fp);
	return st;
}

static int64_t count_cards(struct db *db)
{
	int64_t n = -1;
	assert_int_equal(db_card_count(db, &n, NULL), RDX_OK);
	return n;
}

/* Drops REV lines (the time of the last write differs between databases). */
static void strip_rev(char *s)
{
	char *w = s;
	for (char *line = s; *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
		if (strncmp(line, "REV:", 4) != 0) {
			memmove(w, line, len);
			w += len;
		}
		line += len;
	}
	*w = '\0';
}

static int rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static char *temp_dir(void)
{
	char *t = xstrdup("/tmp/rolodex-test-io-XXXXXX");
	assert_non_null(mkdtemp(t));
	return t;
}

static void remove_tree(const char *dir)
{
	nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

static const char TWO_GOOD_ONE_BAD[] = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@example.org\nEND:VCARD\n"
				       "BEGIN:VCARD\nVERSION:2.1\nFN:Bad\nNOTE;ENCODING=QUOTED-PRINTABLE:=ZZ\nEND:VCARD\n"
				       "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEND:VCARD\n";

/* ---- import semantics ---------------------------------------------------------------- */

static void test_all_or_nothing(void **state)
{
	(void)state;
	struct db *db = open_memory();
	struct import_options opt = {0};
	struct import_report r;
	char *cause = NULL;
	assert_int_equal(import_text(db, TWO_GOOD_ONE_BAD, &opt, &r, &cause), RDX_INVALID);
	assert_string_equal(cause, "t.vcf:9: broken quoted-printable in NOTE");
	assert_int_equal(count_cards(db), 0);
	free(cause);
	cause = NULL;
	import_report_done(&r);

	opt.skip_bad = true;
	assert_int_equal(import_text(db, TWO_GOOD_ONE_BAD, &opt, &r, &cause), RDX_OK);
	assert_int_equal(count_cards(db), 2);
	assert_int_equal(r.read, 3);
	assert_int_equal(r.imported, 2);
	assert_int_equal(r.skipped, 1);
	bool listed = false;
	for (size_t i = 0; i < r.nitems; i++)
		if (r.items[i].outcome == IMPORT_SKIPPED && r.items[i].line == 6)
			listed = true;
	assert_true(listed);
	import_report_done(&r);
	db_close(db);
}

static void test_dry_run_changes_nothing(void **state)
{
	(void)state;
	struct db *db = open_memory();
	struct import_options opt = {.dry_run = true, .skip_bad = true};
	struct import_report r;
	char *cause = NULL;
	assert_int_equal(import_text(db, TWO_GOOD_ONE_BAD, &opt, &r, &cause), RDX_OK);
	assert_int_equal(r.imported, 2);
	assert_true(r.dry_run);
	assert_int_equal(count_cards(db), 0);
	import_report_done(&r);
	db_close(db);
}

static void test_tag_and_duplicates(void **state)
{
	(void)state;
	struct db *db = open_memory();
	struct import_options opt = {.tag = "acme-alumni"};
	struct import_report r;
	char *cause = NULL;
	const char *first = "BEGIN:VCARD\nVERSION:4.0\nUID:u-1\nFN:Ada Lovelace\nORG:Engines\n"
			    "EMAIL:ada@example.org\nTEL:+44 20 7946 0000\nEND:VCARD\n"
			    "BEGIN:VCARD\nVERSION:4.0\nFN:Grace Hopper\nTEL:+1 202 555 0101\nEND:VCARD\n";
	assert_int_equal(import_text(db, first, &opt, &r, &cause), RDX_OK);
	assert_int_equal(r.imported, 2);
	import_report_done(&r);
	/* Same file again: matched by UID and by name + phone, unchanged. */
	opt.tag = NULL;
	assert_int_equal(import_text(db, first, &opt, &r, &cause), RDX_OK);
	assert_int_equal(r.unchanged, 2);
	assert_int_equal(r.merged, 0);
	import_report_done(&r);
	/* By email, with a new phone, a different org and a note. */
	const char *second = "BEGIN:VCARD\nVERSION:4.0\nUID:other\nFN:A. Lovelace\nORG:Babbage & Co\n"
			     "EMAIL:ADA@example.org\nTEL:+44 20 7946 9999\nBDAY:--1210\nNOTE:Met at the lecture\n"
			     "END:VCARD\n"
			     "BEGIN:VCARD\nVERSION:4.0\nFN:grace  HOPPER\nTEL:(202) 555-0101\nCATEGORIES:navy\nEND:VCARD\n";
	assert_int_equal(import_text(db, second, &opt, &r, &cause), RDX_OK);
	assert_int_equal(r.merged, 2);
	assert_int_equal(r.imported, 0);
	bool saw_conflict = false;
	for (size_t i = 0; i < r.nitems; i++)
		if (strstr(r.items[i].reason, "matched by email ADA@example.org") &&
		    strstr(r.items[i].reason, "organization \"Engines\" is now \"Babbage & Co\""))
			saw_conflict = true;
	assert_true(saw_conflict);
	import_report_done(&r);
	assert_int_equal(count_cards(db), 2);
	struct card c;
	assert_true(expect_find_card(db, "Ada Lovelace", &c));
	assert_string_equal(c.org, "Babbage & Co"); /* the newer file's */
	assert_true(expect_has_value(&c, FIELD_PHONE, "+44 20 7946 9999"));
	assert_true(expect_has_tag(&c, "acme-alumni"));
	assert_int_equal(c.birthday.month, 12);
	struct note *notes;
	size_t nnotes;
	assert_int_equal(note_list(db, c.id, 0, &notes, &nnotes, NULL), RDX_OK);
	assert_int_equal(nnotes, 1);
	note_list_free(notes, nnotes);
	card_done(&c);
	assert_true(expect_find_card(db, "Grace Hopper", &c));
	assert_true(expect_has_tag(&c, "navy"));
	card_done(&c);
	db_close(db);
}

/* A card already in the rolodex, written with card_insert (no import). */
static int64_t put_card(struct db *db, const char *name, enum field_kind kind, const char *value)
{
	struct card c;
	card_init(&c);
	card_set(&c.name, name);
	card_add_field(&c, kind, value, "");
	char *cause = NULL;
	expect_ok(card_insert(db, &c, "2026-01-01T00:00:00Z", &cause), &cause, name);
	int64_t id = c.id;
	card_done(&c);
	return id;
}

/* The duplicate map an import builds from the rolodex's own cards (entries
 * without a UID are matched by e-mail, profile, or name and phone): the
 * older card keeps a key two cards share (not the first by name), the
 * trash is left out, and addresses are not identities. */
static void test_duplicate_index_from_rolodex(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t zed = put_card(db, "Zed Zimmer", FIELD_EMAIL, "shared@example.org");
	int64_t abe = put_card(db, "Abe Able", FIELD_EMAIL, "Shared@Example.org");
	int64_t tom = put_card(db, "Tom Trash", FIELD_EMAIL, "gone@example.org");
	expect_ok(card_trash(db, tom, "2026-01-02T00:00:00Z", &cause), &cause, "trash");
	int64_t pat = put_card(db, "Pat Profile", FIELD_URL, "https://www.linkedin.com/in/pat-profile");
	int64_t ann = put_card(db, "Ann Phone", FIELD_PHONE, "+1 202 555 0147");
	put_card(db, "Hal Home", FIELD_ADDRESS, "1 Main Street, Springfield");

	struct import_options opt = {0};
	struct import_report r;
	const char *file = "BEGIN:VCARD\nVERSION:4.0\nFN:Someone\nORG:Able & Co\nEMAIL:SHARED@example.org\nEND:VCARD\n"
			   "BEGIN:VCARD\nVERSION:4.0\nFN:Tom Trash\nEMAIL:gone@example.org\nEND:VCARD\n"
			   "BEGIN:VCARD\nVERSION:4.0\nFN:P. Profile\nURL:http://linkedin.com/in/Pat-Profile/\nEND:VCARD\n"
			   "BEGIN:VCARD\nVERSION:4.0\nFN:ann  PHONE\nTEL:(202) 555-0147\nEND:VCARD\n"
			   "BEGIN:VCARD\nVERSION:4.0\nFN:Hal Home\nADR:;;1 Main Street;Springfield;;;\nEND:VCARD\n";
	assert_int_equal(import_text(db, file, &opt, &r, &cause), RDX_OK);
	assert_int_equal(r.merged + r.unchanged, 3);
	assert_int_equal(r.imported, 2); /* Tom (his card is in the trash) and Hal (an address is no identity) */
	/* Each merge went to the card that has held the key longest. */
	int64_t merged_into[3];
	size_t nmerged = 0;
	for (size_t i = 0; i < r.nitems; i++)
		if ((r.items[i].outcome == IMPORT_MERGED || r.items[i].outcome == IMPORT_UNCHANGED) && nmerged < 3)
			merged_into[nmerged++] = r.items[i].card_id;
	assert_int_equal(nmerged, 3);
	assert_int_equal(merged_into[0], zed);
	assert_int_equal(merged_into[1], pat);
	assert_int_equal(merged_into[2], ann);
	import_report_done(&r);
	struct card c;
	assert_true(expect_find_card(db, "Zed Zimmer", &c));
	assert_string_equal(c.org, "Able & Co");
	card_done(&c);
	assert_true(expect_find_card(db, "Abe Able", &c));
	assert_string_equal(c.org, "");
	assert_int_equal(c.id, abe);
	card_done(&c);
	db_close(db);
}

/* The import's string map: the first id put under a key stays, every key
 * is found again after the map grows, keys longer than a block of key
 * storage are kept whole, and an empty or absent key finds nothing. */
static void test_idmap(void **state)
{
	(void)state;
	struct idmap m;
	idmap_init(&m);
	assert_int_equal(idmap_get(&m, "e:nobody@example.org"), 0);
	char key[64];
	for (int i = 1; i <= 50000; i++) {
		snprintf(key, sizeof key, "e:person%d@example.org", i);
		idmap_put(&m, key, i);
	}
	for (int i = 1; i <= 50000; i++) {
		snprintf(key, sizeof key, "e:person%d@example.org", i);
		idmap_put(&m, key, -i); /* the first one wins */
	}
	for (int i = 1; i <= 50000; i++) {
		snprintf(key, sizeof key, "e:person%d@example.org", i);
		assert_int_equal(idmap_get(&m, key), i);
	}
	assert_int_equal(m.count, 50000);
	size_t big = 200 * 1024;
	char *long_key = xmalloc(big + 1);
	memset(long_key, 'x', big);
	long_key[big] = '\0';
	idmap_put(&m, long_key, 7);
	idmap_put(&m, "", 8);
	idmap_put(&m, NULL, 9);
	assert_int_equal(idmap_get(&m, long_key), 7);
	long_key[big - 1] = 'y';
	assert_int_equal(idmap_get(&m, long_key), 0);
	assert_int_equal(idmap_get(&m, ""), 0);
	assert_int_equal(idmap_get(&m, NULL), 0);
	assert_int_equal(idmap_get(&m, "e:person1@example.org"), 1);
	assert_int_equal(m.count, 50001);
	free(long_key);
	idmap_done(&m);
	assert_int_equal(idmap_get(&m, "e:person1@example.org"), 0);
	/* Room made first, for fewer keys than come. */
	idmap_init(&m);
	idmap_reserve(&m, 3000);
	assert_true(m.cap * 3 / 4 >= 3000);
	idmap_put(&m, "e:early@example.org", 1);
	idmap_reserve(&m, 10); /* never shrinks */
	assert_int_equal(idmap_get(&m, "e:early@example.org"), 1);
	for (int i = 1; i <= 5000; i++) {
		snprintf(key, sizeof key, "p:name|%d", i);
		idmap_put(&m, key, i);
	}
	assert_int_equal(idmap_get(&m, "p:name|4999"), 4999);
	assert_int_equal(idmap_get(&m, "e:early@example.org"), 1);
	idmap_done(&m);
}

static void test_bad_files(void **state)
{
	(void)state;
	char *dir = temp_dir();
	struct db *db = open_memory();
	struct import_options opt = {.now = NOW};
	struct import_report r;
	char *cause = NULL;
	char *empty = xasprintf("%s/empty.vcf", dir);
	FILE *fp = fopen(empty, "w");
	fclose(fp);
	char *fifo = xasprintf("%s/pipe", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	char *garbage = xasprintf("%s/garbage.bin", dir);
	fp = fopen(garbage, "wb");
	fwrite("\x7f" "ELF\0\0\x01\x02", 1, 8, fp);
	fclose(fp);
	struct {
		const char *path;
		const char *want;
	} cases[] = {
		{empty, "empty file"},
		{fifo, "not a regular file"},
		{garbage, "binary data"},
		{"/nonexistent/x.vcf", "No such file"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		import_report_init(&r);
		const char *paths[] = {cases[i].path};
		assert_int_not_equal(import_paths(db, paths, 1, &opt, &r, &cause), RDX_OK);
		if (!strstr(cause, cases[i].want) || !strstr(cause, cases[i].path))
			fail_msg("%s: %s", cases[i].path, cause);
		free(cause);
		cause = NULL;
		import_report_done(&r);
	}
	assert_int_equal(count_cards(db), 0);
	free(empty);
	free(fifo);
	free(garbage);
	db_close(db);
	remove_tree(dir);
	free(dir);
}

/* ---- export -------------------------------------------------------------------------------- */

static void test_identity_through_vcard(void **state)
{
	(void)state;
	char *demo = expect_source_path("assets/demo.vcf");
	struct db *a = open_memory(), *b = open_memory();
	struct import_options opt = {.now = NOW};
	struct import_report r;
	char *cause = NULL;
	const char *paths[] = {demo};
	import_report_init(&r);
	assert_int_equal(import_paths(a, paths, 1, &opt, &r, &cause), RDX_OK);
	assert_int_equal(r.imported, 40);
	assert_int_equal(r.nitems, 40); /* no warnings on our own demo file */
	import_report_done(&r);
	for (int v = 0; v < 2; v++) {
		enum vcard_version version = v ? VCARD_30 : VCARD_40;
		char *one = expect_export_text(a, EXPORT_VCARD, version);
		struct db *c = open_memory();
		assert_int_equal(import_text(c, one, &opt, &r, &cause), RDX_OK);
		assert_int_equal(r.imported, 40);
		import_report_done(&r);
		char *two = expect_export_text(c, EXPORT_VCARD, version);
		strip_rev(one);
		strip_rev(two);
		assert_string_equal(one, two);
		free(one);
		free(two);
		db_close(c);
	}
	(void)b;
	db_close(b);
	/* JSON holds notes and touches. */
	char *json = expect_export_text(a, EXPORT_JSON, VCARD_40);
	assert_non_null(strstr(json, "\"name\":\"Ada Lovelace\""));
	assert_non_null(strstr(json, "\"date\":\"2026-08-02\",\"channel\":\"coffee\",\"note\":\"Talked about the engine\","));
	assert_non_null(strstr(json, "\"birthday\":\"--04-15\""));
	free(json);
	char *csv = expect_export_text(a, EXPORT_CSV, VCARD_40);
	assert_non_null(strstr(csv, "山田 太郎"));
	free(csv);
	db_close(a);
	free(demo);
}

static void test_export_file_safety(void **state)
{
	(void)state;
	char *dir = temp_dir();
	struct db *db = open_memory();
	struct import_options opt = {.now = NOW};
	struct import_report r;
	char *cause = NULL;
	assert_int_equal(import_text(db, "BEGIN:VCARD\nFN:Ada\nEND:VCARD\n", &opt, &r, &cause), RDX_OK);
	import_report_done(&r);
	char *path = xasprintf("%s/out.vcf", dir);
	FILE *fp = fopen(path, "w");
	fputs("precious", fp);
	fclose(fp);
	struct export_options eo = {.format = EXPORT_VCARD, .version = VCARD_40};
	size_t n;
	assert_int_equal(export_file(db, path, &eo, &n, &cause), RDX_INVALID);
	assert_non_null(strstr(cause, "exists; use --force"));
	free(cause);
	cause = NULL;
	fp = fopen(path, "r");
	char buf[16] = "";
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "precious");
	eo.force = true;
	assert_int_equal(export_file(db, path, &eo, &n, &cause), RDX_OK);
	assert_int_equal(n, 1);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* A folder that cannot be written leaves nothing behind. */
	char *bad = xasprintf("%s/missing/out.vcf", dir);
	assert_int_equal(export_file(db, bad, &eo, &n, &cause), RDX_IO);
	free(cause);
	/* vdir export and import. */
	char *vdir = xasprintf("%s/vdir", dir);
	assert_int_equal(export_vdir(db, vdir, VCARD_40, &n, &cause), RDX_OK);
	assert_int_equal(n, 1);
	struct db *other = open_memory();
	const char *paths[] = {vdir};
	import_report_init(&r);
	assert_int_equal(import_paths(other, paths, 1, &opt, &r, &cause), RDX_OK);
	assert_int_equal(r.imported, 1);
	import_report_done(&r);
	db_close(other);
	free(vdir);
	free(bad);
	free(path);
	db_close(db);
	remove_tree(dir);
	free(dir);
}

/* ---- sync ---------------------------------------------------------------------------------- */

static struct sync_report sync_ok(struct db *db, const char *dir)
{
	struct sync_report r;
	sync_report_init(&r);
	char *cause = NULL;
	if (sync_vdir(db, dir, NOW, &r, &cause) != RDX_OK)
		fail_msg("sync: %s", cause);
	return r;
}

static void test_sync_two_ways(void **state)
{
	(void)state;
	char *dir = temp_dir();
	char *vdir = xasprintf("%s/cards", dir);
	struct db *a = open_memory(), *b = open_memory();
	struct import_options opt = {.now = NOW};
	struct import_report ir;
	char *cause = NULL;
	assert_int_equal(import_text(a, "BEGIN:VCARD\nFN:Ada Lovelace\nEMAIL:ada@example.org\nEND:VCARD\n"
					"BEGIN:VCARD\nFN:Grace Hopper\nEND:VCARD\n",
				     &opt, &ir, &cause),
			 RDX_OK);
	import_report_done(&ir);
	struct sync_report r = sync_ok(a, vdir);
	assert_int_equal(r.pushed, 2);
	sync_report_done(&r);
	r = sync_ok(b, vdir);
	assert_int_equal(r.pulled, 2);
	sync_report_done(&r);
	/* Nothing changed: nothing moves. */
	r = sync_ok(a, vdir);
	assert_int_equal(r.unchanged, 2);
	sync_report_done(&r);
	/* A touch on b reaches a. */
	struct card c;
	assert_true(expect_find_card(b, "Ada Lovelace", &c));
	assert_int_equal(touch_add(b, c.id, date_from_ymd(2026, 11, 1), CHANNEL_CALL, "about the engine", NOW, NULL,
				   NULL),
			 RDX_OK);
	card_done(&c);
	r = sync_ok(b, vdir);
	assert_int_equal(r.pushed, 1);
	sync_report_done(&r);
	r = sync_ok(a, vdir);
	assert_int_equal(r.updated_local, 1);
	sync_report_done(&r);
	assert_true(expect_find_card(a, "Ada Lovelace", &c));
	struct touch *t;
	size_t nt;
	assert_int_equal(touch_list(a, c.id, 0, &t, &nt, NULL), RDX_OK);
	assert_int_equal(nt, 1);
	assert_string_equal(t[0].note, "about the engine");
	touch_list_free(t, nt);
	/* Both change the same card: both versions stay. */
	card_set(&c.org, "A side");
	assert_int_equal(card_update(a, &c, -1, NOW, NULL), RDX_OK);
	card_done(&c);
	assert_true(expect_find_card(b, "Ada Lovelace", &c));
	card_set(&c.org, "B side");
	assert_int_equal(card_update(b, &c, -1, NOW, NULL), RDX_OK);
	card_done(&c);
	sync_report_done(&(struct sync_report){0});
	r = sync_ok(a, vdir);
	sync_report_done(&r);
	r = sync_ok(b, vdir);
	assert_int_equal(r.conflicts, 1);
	assert_int_equal(r.nmessages, 1);
	assert_non_null(strstr(r.messages[0], "changed on both sides"));
	sync_report_done(&r);
	assert_int_equal(count_cards(b), 3);
	struct card_filter conflicts = {.tag = "sync-conflict"};
	int64_t n = 0;
	assert_int_equal(card_count(b, &conflicts, &n, NULL), RDX_OK);
	assert_int_equal(n, 1);
	/* Deleting on one side deletes on the other. */
	assert_true(expect_find_card(a, "Grace Hopper", &c));
	assert_int_equal(card_trash(a, c.id, NOW, NULL), RDX_OK);
	card_done(&c);
	r = sync_ok(a, vdir);
	assert_int_equal(r.deleted_remote, 1);
	sync_report_done(&r);
	r = sync_ok(b, vdir);
	assert_int_equal(r.trashed_local, 1);
	sync_report_done(&r);
	assert_false(expect_find_card(b, "Grace Hopper", &c));
	r = sync_ok(a, vdir);
	sync_report_done(&r);
	assert_int_equal(count_cards(a), count_cards(b));
	db_close(a);
	db_close(b);
	free(vdir);
	remove_tree(dir);
	free(dir);
}

/* ---- mail ----------------------------------------------------------------------------------- */

static void test_mail_from(void **state)
{
	(void)state;
	char *name, *addr, *cause = NULL;
	assert_int_equal(mail_parse_from("Subject: hi\r\nFrom: =?UTF-8?B?Sm9zw6k=?=\r\n =?ISO-8859-1?Q?Garc=EDa?= "
					 "<jose@example.es>\r\n\r\nFrom: body@example.org\r\n",
					 &name, &addr, &cause),
			 RDX_OK);
	assert_string_equal(name, "JoséGarcía");
	assert_string_equal(addr, "jose@example.es");
	free(name);
	free(addr);
	assert_int_equal(mail_parse_from("from: \"Lovelace, Ada\" <ada@example.org>\n\n", &name, &addr, &cause), RDX_OK);
	assert_string_equal(name, "Lovelace, Ada");
	free(name);
	free(addr);
	assert_int_equal(mail_parse_from("From: grace@example.com (Grace Hopper)\n", &name, &addr, &cause), RDX_OK);
	assert_string_equal(name, "Grace Hopper");
	assert_string_equal(addr, "grace@example.com");
	free(name);
	free(addr);
	assert_int_equal(mail_parse_from("Subject: none\n\nFrom: x@y.z\n", &name, &addr, &cause), RDX_NOT_FOUND);
	free(cause);
	cause = NULL;
	assert_int_equal(mail_parse_from("From: undisclosed\n", &name, &addr, &cause), RDX_INVALID);
	free(cause);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_or_nothing),
		cmocka_unit_test(test_dry_run_changes_nothing),
		cmocka_unit_test(test_tag_and_duplicates),
		cmocka_unit_test(test_duplicate_index_from_rolodex),
		cmocka_unit_test(test_idmap),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_identity_through_vcard),
		cmocka_unit_test(test_export_file_safety),
		cmocka_unit_test(test_sync_two_ways),
		cmocka_unit_test(test_mail_from),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
