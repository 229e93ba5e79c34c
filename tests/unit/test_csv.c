/*
 * test_csv.c - the CSV record reader (RFC 4180 quoting, BOM, delimiters,
 * Windows-1252) and the mapping of LinkedIn, Google, Outlook and generic
 * headers onto cards, plus CSV export read back by our own importer.
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

#include "rolodex/card.h"
#include "rolodex/csv.h"
#include "rolodex/xalloc.h"

static FILE *mem(const char *s)
{
	FILE *fp = fmemopen((void *)s, strlen(s), "rb");
	assert_non_null(fp);
	return fp;
}

static void test_records(void **state)
{
	(void)state;
	FILE *fp = mem("\xEF\xBB\xBF" "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
		       "\"multi\r\nline\",,x\r\n\r\nlast,row,\"\"\n");
	struct csv_reader *r = csv_reader_new(fp, "t.csv");
	char **f;
	size_t n;
	int line;
	bool done;
	char *cause = NULL;
	assert_int_equal(csv_read_record(r, &f, &n, &line, &done, &cause), RDX_OK);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b,c");
	assert_string_equal(f[2], "say \"hi\"");
	assert_int_equal(csv_read_record(r, &f, &n, &line, &done, &cause), RDX_OK);
	assert_int_equal(line, 2);
	assert_string_equal(f[0], "multi\nline");
	assert_string_equal(f[1], "");
	assert_int_equal(csv_read_record(r, &f, &n, &line, &done, &cause), RDX_OK);
	assert_int_equal(line, 5);
	assert_string_equal(f[2], "");
	assert_int_equal(csv_read_record(r, &f, &n, &line, &done, &cause), RDX_OK);
	assert_true(done);
	csv_reader_free(r);
	fclose(fp);
}

static void test_unbalanced_quote(void **state)
{
	(void)state;
	FILE *fp = mem("Name,Email\nAda,\"ada@example.org\nGrace,grace@example.com\n");
	struct csv_reader *r = csv_reader_new(fp, "t.csv");
	char **f;
	size_t n;
	int line;
	bool done;
	char *cause = NULL;
	assert_int_equal(csv_read_record(r, &f, &n, &line, &done, &cause), RDX_OK);
	assert_int_equal(csv_read_record(r, &f, &n, &line, &done, &cause), RDX_INVALID);
	assert_string_equal(cause, "t.csv:3: unbalanced quote: the field opened in the record at line 2 never closes");
	free(cause);
	csv_reader_free(r);
	fclose(fp);
}

static void test_semicolons_and_cp1252(void **state)
{
	(void)state;
	FILE *fp = mem("First Name;Last Name;E-Mail\n\xd6zdemir;\xdcgl\xfc;oe@example.tr\n");
	struct csv_contacts *c;
	char *cause = NULL;
	assert_int_equal(csv_contacts_open(fp, "t.csv", &c, &cause), RDX_OK);
	struct vcard_entry e;
	bool done;
	assert_int_equal(csv_contacts_next(c, &e, &done, &cause), RDX_OK);
	assert_false(done);
	assert_string_equal(e.card.name, "Özdemir Üglü");
	assert_string_equal(e.card.fields[0].value, "oe@example.tr");
	assert_true(csv_contacts_legacy_charset(c));
	vcard_entry_done(&e);
	csv_contacts_close(c);
	fclose(fp);
}

static void test_linkedin(void **state)
{
	(void)state;
	FILE *fp = mem("Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses "
		       "are missing.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
		       "Grace,Hopper ,https://www.linkedin.com/in/gh,grace@example.com,US Navy,Rear Admiral,09 Dec 2023\r\n"
		       ",,,,,,02 Jun 2022\r\n"
		       "Alan,\"Turing, OBE\",,,\"Bletchley Park, GC&CS\",Cryptanalyst,23 Jun 2022\r\n");
	struct csv_contacts *c;
	char *cause = NULL;
	assert_int_equal(csv_contacts_open(fp, "c.csv", &c, &cause), RDX_OK);
	assert_string_equal(csv_contacts_layout(c), "LinkedIn");
	struct vcard_entry e;
	bool done;
	assert_int_equal(csv_contacts_next(c, &e, &done, &cause), RDX_OK);
	assert_string_equal(e.card.name, "Grace Hopper");
	assert_string_equal(e.card.org, "US Navy");
	assert_string_equal(e.card.title, "Rear Admiral");
	assert_string_equal(e.card.how_met, "Connected on LinkedIn on 09 Dec 2023");
	assert_string_equal(card_first_field(&e.card, FIELD_URL)->label, "linkedin");
	assert_string_equal(card_first_field(&e.card, FIELD_EMAIL)->value, "grace@example.com");
	vcard_entry_done(&e);
	/* The date-only row is no contact. */
	assert_int_equal(csv_contacts_next(c, &e, &done, &cause), RDX_INVALID);
	assert_string_equal(cause, "c.csv:6: row has no name, email, phone or organization");
	free(cause);
	cause = NULL;
	vcard_entry_done(&e);
	assert_int_equal(csv_contacts_next(c, &e, &done, &cause), RDX_OK);
	assert_string_equal(e.card.family, "Turing, OBE");
	assert_string_equal(e.card.org, "Bletchley Park, GC&CS");
	vcard_entry_done(&e);
	csv_contacts_close(c);
	fclose(fp);
}

static void test_google_multi_values(void **state)
{
	(void)state;
	FILE *fp = mem("First Name,Last Name,Birthday,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,"
		       "Phone 1 - Value,Address 1 - Label,Address 1 - Formatted\n"
		       "José,García,--04-15,* myContacts ::: Friends ::: acme,* Work,jose@example.es ::: pepe@example.net,"
		       "Home Fax,+34 1,Home,\"Calle 1\nMadrid\"\n");
	struct csv_contacts *c;
	char *cause = NULL;
	assert_int_equal(csv_contacts_open(fp, "g.csv", &c, &cause), RDX_OK);
	assert_string_equal(csv_contacts_layout(c), "Google");
	struct vcard_entry e;
	bool done;
	assert_int_equal(csv_contacts_next(c, &e, &done, &cause), RDX_OK);
	const struct card *k = &e.card;
	assert_int_equal(k->birthday.year, 0);
	assert_int_equal(k->birthday.month, 4);
	assert_int_equal(k->ntags, 2);
	assert_string_equal(k->tags[0], "friends");
	assert_int_equal(k->nfields, 4);
	assert_string_equal(k->fields[0].label, "work");
	assert_string_equal(k->fields[1].value, "pepe@example.net");
	assert_string_equal(k->fields[2].label, "fax");
	assert_string_equal(k->fields[3].value, "Calle 1, Madrid");
	vcard_entry_done(&e);
	csv_contacts_close(c);
	fclose(fp);
}

static void test_outlook_dates_and_title(void **state)
{
	(void)state;
	FILE *fp = mem("\"Title\",\"First Name\",\"Last Name\",\"Job Title\",\"Business Street\",\"Business City\","
		       "\"Birthday\",\"Categories\",\"Mobile Phone\"\n"
		       "\"Mr.\",\"Ren\xe9\",\"Descartes\",\"CEO\",\"1 Rue\",\"Paris\",\"8/17/1936\",\"Business;VIP\","
		       "\"+33 6\"\n"
		       "\"\",\"Zed\",\"\",\"\",\"\",\"\",\"0/0/00\",\"\",\"\"\n");
	struct csv_contacts *c;
	char *cause = NULL;
	assert_int_equal(csv_contacts_open(fp, "o.csv", &c, &cause), RDX_OK);
	assert_string_equal(csv_contacts_layout(c), "Outlook");
	struct vcard_entry e;
	bool done;
	assert_int_equal(csv_contacts_next(c, &e, &done, &cause), RDX_OK);
	assert_string_equal(e.card.name, "René Descartes");
	assert_string_equal(e.card.title, "CEO"); /* "Title" is Mr. here */
	assert_int_equal(e.card.birthday.year, 1936);
	assert_int_equal(e.card.birthday.month, 8);
	assert_int_equal(e.card.birthday.day, 17);
	assert_string_equal(card_first_field(&e.card, FIELD_ADDRESS)->value, "1 Rue, Paris");
	assert_string_equal(card_first_field(&e.card, FIELD_ADDRESS)->label, "work");
	assert_string_equal(card_first_field(&e.card, FIELD_PHONE)->label, "mobile");
	assert_int_equal(e.card.ntags, 2);
	vcard_entry_done(&e);
	assert_int_equal(csv_contacts_next(c, &e, &done, &cause), RDX_OK);
	assert_int_equal(e.card.birthday.month, 0);
	assert_int_equal(e.nwarnings, 0);
	vcard_entry_done(&e);
	csv_contacts_close(c);
	fclose(fp);
}

static void test_no_header(void **state)
{
	(void)state;
	FILE *fp = mem("just,some,numbers\n1,2,3\n");
	struct csv_contacts *c;
	char *cause = NULL;
	assert_int_equal(csv_contacts_open(fp, "x.csv", &c, &cause), RDX_INVALID);
	assert_non_null(strstr(cause, "x.csv: no CSV header"));
	free(cause);
	fclose(fp);
}

static void test_export_reads_back(void **state)
{
	(void)state;
	struct card k;
	card_init(&k);
	card_set(&k.name, "Ada \"The Countess\" Lovelace");
	card_set(&k.given, "Ada");
	card_set(&k.family, "Lovelace");
	card_set(&k.org, "Engines, Ltd");
	card_add_field(&k, FIELD_EMAIL, "a1@x.org", "work");
	card_add_field(&k, FIELD_EMAIL, "a2@x.org", "home");
	card_add_field(&k, FIELD_EMAIL, "a3@x.org", "");
	card_add_field(&k, FIELD_EMAIL, "a4@x.org", "");
	card_add_tag(&k, "acme-alumni");
	k.birthday = (struct birthday){0, 12, 10};
	struct note n = {.text = "line one\nline two"};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	char *cause = NULL;
	assert_int_equal(csv_write_header(out, &cause), RDX_OK);
	assert_int_equal(csv_write_card(out, &k, &n, 1, &cause), RDX_OK);
	fclose(out);
	FILE *in = fmemopen(buf, len, "rb");
	struct csv_contacts *c;
	assert_int_equal(csv_contacts_open(in, "e.csv", &c, &cause), RDX_OK);
	struct vcard_entry e;
	bool done;
	assert_int_equal(csv_contacts_next(c, &e, &done, &cause), RDX_OK);
	assert_string_equal(e.card.name, k.name);
	assert_string_equal(e.card.org, "Engines, Ltd");
	assert_int_equal(e.card.nfields, 4);
	assert_string_equal(e.card.fields[3].value, "a4@x.org");
	assert_int_equal(e.card.birthday.month, 12);
	assert_int_equal(e.card.birthday.year, 0);
	assert_string_equal(e.notes[0].text, "line one\nline two");
	assert_string_equal(e.card.tags[0], "acme-alumni");
	vcard_entry_done(&e);
	csv_contacts_close(c);
	fclose(in);
	free(buf);
	card_done(&k);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_unbalanced_quote),
		cmocka_unit_test(test_semicolons_and_cp1252),
		cmocka_unit_test(test_linkedin),
		cmocka_unit_test(test_google_multi_values),
		cmocka_unit_test(test_outlook_dates_and_title),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_export_reads_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
