/*
 * test_corpus.c - the shared corpus of real client exports
 * (../shared/corpus beside the source tree, not part of the repository):
 * each file checked for what it means, imported twice without change.
 * Reported as skipped (exit status 77) when the corpus is not there, as in
 * a clone of the project alone; tests/fixtures holds our own files with
 * the same traits, and test_fixtures runs them everywhere.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "import_expect.h"

static const struct expect corpus[] = {
	{"vcard/android__v21_adr_multiple_line.vcf", 1, 0, "bogus", NULL, NULL, "2008-12-03", NULL, NULL, NULL, NULL},
	{"vcard/android__v21_backslash.vcf", 1, 0, "A;B\\C\\;D:E\\\\", NULL, NULL, "", NULL, NULL, NULL, NULL},
	{"vcard/android__v21_blackberry_photo.vcf", 1, 0, "boogie", "forrestgump@walladalla.com", "+5555555", NULL,
	 NULL, NULL, NULL, NULL},
	{"vcard/android__v21_invalid_comment_line.vcf", 1, 0, "Conference Call", NULL, NULL, NULL, NULL,
	 "This is an (sharp ->#<- sharp) example. This message must NOT be ignored.", NULL, NULL},
	{"vcard/android__v21_invalid_multiple_line.vcf", 1, 0, "Omega", "omega@example.com", NULL, NULL, NULL, NULL,
	 NULL, NULL},
	{"vcard/android__v21_japanese_1.vcf", 1, 0, "安藤ロイド", NULL, "0300000000", NULL, NULL, NULL, NULL, NULL},
	{"vcard/android__v21_malformed_photo.vcf", 1, 0, "fullname", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/android__v21_nest.vcf", 3, 0, "parent", NULL, "1", NULL, NULL, NULL, NULL, NULL},
	{"vcard/android__v21_pref_handling.vcf", 1, 0, "Smith", "test@example.com", "2", NULL, "Company", NULL, NULL, NULL},
	{"vcard/android__v21_simple_1.vcf", 1, 0, "Roid Ando", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/android__v21_winmo_65.vcf", 1, 0, "Example", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/android__v21_x_android_custom_after_photo.vcf", 1, 0, "Roid Ando", NULL, NULL, "1975-08-20", NULL, NULL,
	 NULL, NULL},
	{"vcard/android__v30_japanese.vcf", 1, 0, "伊能 圭一 伊予", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/android__v40_sort_as.vcf", 1, 0, "安藤 ロイド", NULL, NULL, NULL, "グーグル, 検索部門", NULL, NULL, NULL},
	{"vcard/eds__name-only.vcf", 1, 0, "John Doe", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/eds__photo-1.vcf", 1, 0, "photo", "photo@no.where", NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/eds__vcard-10.vcf", 1, 0, "Frank Dawson", NULL, "+1-919-676-9515", NULL,
	 "Lotus Development Corporation", NULL, NULL, NULL},
	{"vcard/eds__vcard-11.vcf", 1, 0, "Invalid AttributeParam", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/eds__vcard-3.vcf", 1, 0, "Nat", "nat@nat.org", "617 679 1984", "1977-08-06", NULL, NULL, NULL, NULL},
	{"vcard/eds__vcard-4.vcf", 1, 0, "canada address", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/eds__vcard-6.vcf", 1, 0, "Frank Dawson", "Frank_Dawson@Lotus.com", "+1-919-676-9564", NULL, NULL, NULL,
	 NULL, NULL},
	{"vcard/eds__vcard-7.vcf", 1, 0, "Frank Dawson", "fdawson@earthlink.net", NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/eds__vcard-8.vcf", 0, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/eds__vcard-9.vcf", 0, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/ezvcard__John_Doe_BLACK_BERRY.vcf", 1, 0, "John Doe", NULL, "+96123456789", NULL, "Acme Solutions", NULL,
	 NULL, NULL},
	{"vcard/ezvcard__John_Doe_LOTUS_NOTES.vcf", 1, 0, "Mr. Doe John I Johny", "john.doe@ibm.com", NULL,
	 "1980-05-21", "IBM, SUN", "THIS SOFTWARE IS PROVIDED", NULL, NULL},
	{"vcard/ezvcard__John_Doe_MAC_ADDRESS_BOOK.vcf", 1, 0, "Mr. John Richter,James Doe Sr.", "john.doe@ibm.com",
	 "905-555-1234", "2012-06-06", "IBM, Accounting", NULL, NULL, NULL},
	{"vcard/ezvcard__gmail-single.vcf", 1, 0, "Greg Dartmouth", "gdartmouth@hotmail.com", "555 555 1111",
	 "1960-09-10", "TheCompany", "It should be added as a NOTE type.", NULL, NULL},
	{"vcard/ezvcard__gmail-single2.vcf", 1, 0, "VCard Test", "workemail@example.com", "5555551121", "1912-06-23",
	 "TheCompany", "CustomField: field value", NULL, NULL},
	{"vcard/ezvcard__gmail-list.vcf", 3, 0, "Doug White", "dwhite@gmail.com", NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/ezvcard__outlook-2007.vcf", 1, 0, "Mr. Michael Angstadt Jr.", "mike.angstadt@gmail.com",
	 "(111) 555-4444", "1922-03-10", "TheCompany, TheDepartment", "This is the NOTE field\t\nI assume", NULL, NULL},
	{"vcard/ezvcard__fullcontact.vcf", 1, 0, "Prefix FirstName MiddleName LastName Suffix", "custom@example.com",
	 "555-555-1119", "2016-08-01", "Organization1, Department1", "Notes line 1\nNotes line 2", "tag", NULL},
	{"vcard/ezvcard__rfc2426-example.vcf", 2, 0, "Tim Howes", "howes@netscape.com", "+1-415-937-3419", NULL,
	 "Netscape Communications Corp.", NULL, NULL, NULL},
	{"vcard/ezvcard__issue114.vcf", 1, 0, "Dummy, Dummy", "dummy.dummy@dummy.com", "+49 1234 56789", NULL,
	 "Dummy GmbH", NULL, NULL, NULL},
	{"vcard/khard__photov4.vcf", 1, 0, "with photo v4", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/khard__altid.vcf", 1, 0, "altid", NULL, NULL, NULL, NULL, "RFC6350", NULL, NULL},
	{"vcard/khard__unparsable.vcf", 0, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/khard__labels.vcf", 1, 0, "labeled guy", NULL, NULL, NULL, "Test Inc", NULL, NULL, NULL},
	{"vcard/khard__korean-c.vcf", 1, 0, "최유림", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/roundcube__apple.vcf", 1, 0, "Apple Computer AG", NULL, NULL, NULL, "Apple Computer AG", NULL, NULL, NULL},
	/* The Bat! writes ISO-8859-2 without saying so: =F1 is n-acute there,
	 * but without a CHARSET we read legacy bytes as Windows-1252 (n-tilde)
	 * and warn; the rest of the card is right. */
	{"vcard/roundcube__thebat.vcf", 1, 0, "Piotr Iksiñski", "piotr.iksinski@somedomain.com", NULL, NULL, NULL, NULL,
	 NULL, NULL},
	{"vcard/roundcube__photo.vcf", 1, 0, "Apple Computer AG", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/roundcube__contacts.vcf", 2, 0, "Sylvester Stalone", "s.stalone@rambo.tv", NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/tine20__HerrStephanLaunig.vcf", 1, 0, "Läunig, Stephan", "s.leunig@badvilbel.de", "0132/2312321", NULL,
	 NULL, NULL, NULL, NULL},
	{"vcard/tine20__ios_5_addressbook.vcf", 1, 0, "Titel AAASync AAASync", "andere@mail.de", "+49 MOBIL", NULL,
	 "Organisation, Department", "Notes\nwith\nLine Break", NULL, NULL},
	{"vcard/tine20__telefonbuch.vcf", 1, 0, "Michael", "m.spahn@metaways.de", "040 12345", NULL, NULL, NULL, NULL, NULL},
	{"vcard/tine20__contactUmlaut.vcf", 1, 0, "Hans Müller - Mein Schiff", "hans@schiff.de", NULL, NULL,
	 "Mein Schiff", NULL, NULL, NULL},
	{"vcard/tine20__without_N_property.vcf", 1, 0, "Hans Müller", "hans@schiff.de", NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/tine20__rcube_contacts-3.vcf", 2, 0, "Some.One@telekom.de", "some.one@mytine.de", NULL, NULL, NULL,
	 "Dieser Kontakt wurde automatisch", NULL, NULL},
	{"vcard/vobject__vcard40_full.vcf", 1, 0, "Dr. John Q. Public, III", "john.public@example.com",
	 "+1-555-123-4567", NULL, "Example Corp., North Division, Marketing", "He likes vCards.", "networking", NULL},
	{"vcard/vobject__vcard40_group.vcf", 1, 0, "The Doe Family", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"vcard/vobject__vcard40_multilang.vcf", 1, 0, "Yamada Taro", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"csv/constructed__google_contacts_2024.csv", 3, 0, "José María García-López", "pepe@example.net",
	 "+34 600 111 222", "--04-15", "Acme, S.L., Ventas", NULL, NULL, NULL},
	{"csv/constructed__linkedin_connections_simple.csv", 3, 0, "Alan Turing", NULL, NULL, NULL,
	 "Bletchley Park, GC&CS", NULL, NULL, NULL},
	{"csv/constructed__outlook_en.csv", 2, 0, "René Descartes", "cogito@example.org", "+33 1 45 55 01 23", NULL,
	 NULL, NULL, NULL, NULL},
	{"csv/roundcube__all.csv", 1, 0, "Display Name", "work@example.com", "500", "1991-01-20", "Company, Department",
	 "Notes", "test", NULL},
	{"csv/roundcube__gmail.csv", 1, 0, "Prefix Firstname Middle Lastname Suffix", "unknown@email.com", "workfax",
	 "1975-12-12", "company", "note\"note", "test", NULL},
	{"csv/roundcube__outlook.csv", 1, 0, "test1@domain.tld", "test3@domain.tld", NULL, NULL, NULL, NULL, NULL, NULL},
	{"csv/roundcube__tb_plain.csv", 1, 0, "Displayname", "next@domain.tld", "mobile", "1970-11-15",
	 "Organization, department", NULL, NULL, NULL},
	{"csv/tine20__importtest_win1252.csv", 4, 0, "ÖzdemirÖ Üglü", "oezdemir@ueglue.tu", NULL, NULL, NULL, NULL, NULL, NULL},
};

static void test_corpus(void **state)
{
	(void)state;
	char *root = expect_source_path("../shared/corpus");
	expect_check_all(root, corpus, sizeof corpus / sizeof corpus[0]);
	free(root);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	char *root = expect_source_path("../shared/corpus");
	struct stat sb;
	bool present = stat(root, &sb) == 0;
	free(root);
	if (!present) {
		printf("the shared corpus is not beside the source tree: skipped\n");
		return 77; /* meson's "skipped" */
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
