/*
 * import_expect.h - checks a folder of contact files (vcard/ and csv/)
 * against a table of what each file means: how many cards are good and bad,
 * one card's name, e-mail, phone, birthday, organization, title, note and
 * tag; that importing the file again changes nothing; and that the card
 * survives our own vCard export.  Used by test_fixtures (our fixtures) and
 * test_corpus (the shared corpus beside the source tree); test_io uses its
 * card and export helpers.
 */
#ifndef ROLODEX_TEST_IMPORT_EXPECT_H
#define ROLODEX_TEST_IMPORT_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "rolodex/card.h"
#include "rolodex/db.h"
#include "rolodex/export.h"
#include "rolodex/import.h"

/* What a file means.  NULL skips a check; bday "" means none. */
struct expect {
	const char *file;   /* "vcard/NAME.vcf" or "csv/NAME.csv" */
	int good, bad;      /* cards read well and refused */
	const char *name;   /* one card that must be there */
	const char *email, *phone, *bday, *org, *note, *tag;
	const char *title;
};

/* The path of rel under $ROLODEX_SOURCE_ROOT (caller frees). */
char *expect_source_path(const char *rel);

/* Loads the live card named `name` into *c (caller card_done's); false
 * when there is none. */
bool expect_find_card(struct db *db, const char *name, struct card *c);

/* True when c has a field of kind with exactly this value; a tag. */
bool expect_has_value(const struct card *c, enum field_kind kind, const char *value);
bool expect_has_tag(const struct card *c, const char *tag);

/* The whole database exported (caller frees); fails the test when the
 * export fails. */
char *expect_export_text(struct db *db, enum export_format format, enum vcard_version version);

/* Imports path (skip_bad) into db; fails the test when the import fails.
 * *r is initialised here; the caller frees it. */
void expect_import(struct db *db, const char *path, struct import_report *r);

/* Fails the test unless every file under root/vcard and root/csv has an
 * entry in x, and every entry holds for its file. */
void expect_check_all(const char *root, const struct expect *x, size_t n);

#endif
