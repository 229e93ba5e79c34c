/*
 * import_expect.c - see import_expect.h.
 */
#include "import_expect.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rolodex/browse.h"
#include "rolodex/card.h"
#include "rolodex/db.h"
#include "rolodex/export.h"
#include "rolodex/import.h"
#include "rolodex/note.h"
#include "rolodex/vcard.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-11-22T10:00:00Z";

char *expect_source_path(const char *rel)
{
	const char *root = getenv("ROLODEX_SOURCE_ROOT");
	return xasprintf("%s/%s", root ? root : ".", rel);
}

struct ids {
	int64_t *v;
	size_t n;
};

static int collect(void *ctx, const struct card_row *row)
{
	struct ids *l = ctx;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = row->id;
	return 0;
}

bool expect_find_card(struct db *db, const char *name, struct card *c)
{
	struct ids l = {0};
	struct card_filter all = {0};
	assert_int_equal(card_foreach(db, &all, collect, &l, NULL), RDX_OK);
	bool found = false;
	for (size_t i = 0; i < l.n && !found; i++) {
		assert_int_equal(card_load(db, l.v[i], c, NULL), RDX_OK);
		if (!strcmp(c->name, name))
			found = true;
		else
			card_done(c);
	}
	free(l.v);
	return found;
}

bool expect_has_value(const struct card *c, enum field_kind kind, const char *value)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].kind == kind && !strcmp(c->fields[i].value, value))
			return true;
	return false;
}

bool expect_has_tag(const struct card *c, const char *tag)
{
	for (size_t i = 0; i < c->ntags; i++)
		if (!strcmp(c->tags[i], tag))
			return true;
	return false;
}

char *expect_export_text(struct db *db, enum export_format format, enum vcard_version version)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct export_options opt = {.format = format, .version = version};
	char *cause = NULL;
	assert_non_null(fp);
	expect_ok(export_stream(db, fp, &opt, NULL, &cause), &cause, "export");
	fclose(fp);
	return buf;
}

void expect_import(struct db *db, const char *path, struct import_report *r)
{
	const char *file = path;
	struct import_options opt = {.now = NOW, .skip_bad = true};
	import_report_init(r);
	char *cause = NULL;
	const char *paths[] = {path};
	if (import_paths(db, paths, 1, &opt, r, &cause) != RDX_OK)
		fail_msg("%s: %s", file, cause);
}

static void check_card(struct db *db, const struct expect *x)
{
	struct card c;
	if (!expect_find_card(db, x->name, &c))
		fail_msg("%s: no card named %s", x->file, x->name);
	if (x->email && !expect_has_value(&c, FIELD_EMAIL, x->email))
		fail_msg("%s: no email %s", x->file, x->email);
	if (x->phone && !expect_has_value(&c, FIELD_PHONE, x->phone))
		fail_msg("%s: no phone %s", x->file, x->phone);
	if (x->bday) {
		char b[DATE_TEXT_SIZE];
		birthday_format(&c.birthday, b);
		if (strcmp(b, x->bday) != 0)
			fail_msg("%s: birthday %s, want %s", x->file, b, x->bday);
	}
	if (x->org && strcmp(c.org, x->org) != 0)
		fail_msg("%s: org \"%s\", want \"%s\"", x->file, c.org, x->org);
	if (x->title && strcmp(c.title, x->title) != 0)
		fail_msg("%s: title \"%s\", want \"%s\"", x->file, c.title, x->title);
	if (x->tag && !expect_has_tag(&c, x->tag))
		fail_msg("%s: no tag %s", x->file, x->tag);
	if (x->note) {
		struct note *notes;
		size_t n;
		assert_int_equal(note_list(db, c.id, 0, &notes, &n, NULL), RDX_OK);
		bool found = false;
		for (size_t i = 0; i < n; i++)
			found |= strstr(notes[i].text, x->note) != NULL;
		note_list_free(notes, n);
		if (!found)
			fail_msg("%s: no note with \"%s\"", x->file, x->note);
	}
	/* Foreign -> rolodex -> vCard -> rolodex keeps the card. */
	char *out = expect_export_text(db, EXPORT_VCARD, VCARD_40);
	struct db *again = open_memory();
	struct import_report r2;
	struct import_options o2 = {.now = NOW};
	import_report_init(&r2);
	FILE *fp = fmemopen(out, strlen(out), "rb");
	char *cause = NULL;
	if (import_stream(again, fp, "export.vcf", &o2, &r2, &cause) != RDX_OK)
		fail_msg("%s: our export does not import: %s", x->file, cause);
	fclose(fp);
	import_report_done(&r2);
	struct card d;
	if (!expect_find_card(again, x->name, &d))
		fail_msg("%s: %s lost on the way back", x->file, x->name);
	/* Fields come back; every unknown property comes back as it was.
	 * Shadows (original forms of modelled values) may be replaced by our
	 * own form when the original was 2.1 syntax. */
	if (d.nfields != c.nfields)
		fail_msg("%s: %zu fields came back, want %zu", x->file, d.nfields, c.nfields);
	for (size_t i = 0, k = 0; i < c.nextras; i++) {
		if (c.extras[i][0] == VCARD_SHADOW_MARK)
			continue;
		while (k < d.nextras && d.extras[k][0] == VCARD_SHADOW_MARK)
			k++;
		if (k == d.nextras || strcmp(d.extras[k], c.extras[i]) != 0)
			fail_msg("%s: extra \"%s\" did not come back", x->file, c.extras[i]);
		k++;
	}
	card_done(&d);
	db_close(again);
	free(out);
	card_done(&c);
}

static void check_expectation(const char *root, const struct expect *x)
{
	char *path = xasprintf("%s/%s", root, x->file);
	struct db *db = open_memory();
	struct import_report r;
	expect_import(db, path, &r);
	if ((int)(r.read - r.skipped) != x->good || (int)r.skipped != x->bad)
		fail_msg("%s: %zu read, %zu skipped; want %d good, %d bad", x->file, r.read, r.skipped, x->good, x->bad);
	const char *base = strchr(x->file, '/') ? strchr(x->file, '/') + 1 : x->file;
	for (size_t i = 0; i < r.nitems; i++)
		if (r.items[i].outcome == IMPORT_SKIPPED && !strstr(r.items[i].reason, base))
			fail_msg("%s: a refusal must name the file: %s", x->file, r.items[i].reason);
	import_report_done(&r);
	if (x->name)
		check_card(db, x);
	/* The same file again changes nothing: every good card is found. */
	expect_import(db, path, &r);
	if (r.imported != 0 || r.merged != 0 || (int)r.unchanged != x->good) {
		for (size_t i = 0; i < r.nitems; i++)
			if (r.items[i].outcome == IMPORT_ADDED || r.items[i].outcome == IMPORT_MERGED)
				print_message("%s: again: %s %s\n", x->file, r.items[i].name, r.items[i].reason);
		fail_msg("%s: imported again: %zu added, %zu merged, %zu unchanged; want 0 added, 0 merged, %d unchanged",
			 x->file, r.imported, r.merged, r.unchanged, x->good);
	}
	import_report_done(&r);
	db_close(db);
	free(path);
}

void expect_check_all(const char *root, const struct expect *x, size_t n)
{
	static const char *const kinds[] = {"vcard", "csv"};
	for (int k = 0; k < 2; k++) {
		char *dir = xasprintf("%s/%s", root, kinds[k]);
		DIR *d = opendir(dir);
		if (!d)
			fail_msg("cannot open %s", dir);
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			char *rel = xasprintf("%s/%s", kinds[k], de->d_name);
			bool known = false;
			for (size_t i = 0; i < n; i++)
				known |= !strcmp(x[i].file, rel);
			if (!known)
				fail_msg("no expectation for %s/%s", root, rel);
			free(rel);
		}
		closedir(d);
		free(dir);
	}
	for (size_t i = 0; i < n; i++)
		check_expectation(root, &x[i]);
}
