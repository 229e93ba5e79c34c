/*
 * import_expect.h - checks a folder of contact files (vcard/ and csv/)
 * against a table of what each file means: how many cards are good and bad,
 * one card's name, e-mail, phone, birthday, organization, title, note and
 * tag; that importing the file again changes nothing; and that the card
 * survives our own vCard export.  Used by test_fixtures (our fixtures) and
 * test_corpus (the shared corpus beside the source tree).
 */
#ifndef ROLODEX_TEST_IMPORT_EXPECT_H
#define ROLODEX_TEST_IMPORT_EXPECT_H

#include <stddef.h>

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

/* Fails the test unless every file under root/vcard and root/csv has an
 * entry in x, and every entry holds for its file. */
void expect_check_all(const char *root, const struct expect *x, size_t n);

#endif
