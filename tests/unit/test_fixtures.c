/*
 * test_fixtures.c - our own contact files (tests/fixtures: invented people,
 * example.* domains), one for each trait of real exports the importers
 * handle, each checked for what it means and imported twice without
 * change.  The traits come from real files of LinkedIn, Google, Outlook
 * (seven languages), Apple, Android, Japanese feature phones and others.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "import_expect.h"
#include "rolodex/date.h"
#include "rolodex/note.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-11-22T10:00:00Z";

static int64_t card_count_all(struct db *db)
{
	int64_t n = 0;
	assert_int_equal(db_card_count(db, &n, NULL), RDX_OK);
	return n;
}

/* What the user added to a card after the first import: a note, a touch
 * and a rhythm, which a newer export must leave alone. */
static void work_on(struct db *db, const char *name)
{
	struct card c;
	if (!expect_find_card(db, name, &c))
		fail_msg("no card %s", name);
	assert_int_equal(note_add(db, c.id, "Coffee in March", NOW, NULL, NULL), RDX_OK);
	assert_int_equal(touch_add(db, c.id, date_from_ymd(2026, 3, 2), CHANNEL_COFFEE, "", NOW, NULL, NULL), RDX_OK);
	assert_true(cadence_parse("3m", &c.cadence));
	c.cadence_set = true;
	assert_int_equal(card_update(db, &c, -1, NOW, NULL), RDX_OK);
	card_done(&c);
}

static void check_worked_on(struct db *db, const char *name, const char *org, const char *title)
{
	struct card c;
	if (!expect_find_card(db, name, &c))
		fail_msg("no card %s", name);
	assert_string_equal(c.org, org);
	assert_string_equal(c.title, title);
	assert_true(c.cadence_set);
	assert_int_equal(c.cadence.n, 3);
	struct note *notes;
	size_t nnotes;
	assert_int_equal(note_list(db, c.id, 0, &notes, &nnotes, NULL), RDX_OK);
	assert_int_equal(nnotes, 1);
	assert_string_equal(notes[0].text, "Coffee in March");
	note_list_free(notes, nnotes);
	struct touch *touches;
	size_t ntouches;
	assert_int_equal(touch_list(db, c.id, 0, &touches, &ntouches, NULL), RDX_OK);
	assert_int_equal(ntouches, 1);
	touch_list_free(touches, ntouches);
	card_done(&c);
}

static size_t count_outcome(const struct import_report *r, enum import_outcome outcome, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nitems; i++)
		n += r->items[i].outcome == outcome && (!name || !strcmp(r->items[i].name, name));
	return n;
}

/* A newer LinkedIn export of the same network: people who changed job or
 * title, one who shared an e-mail, one new connection.  Most rows have no
 * e-mail: the profile URL is who they are. */
static void test_newer_linkedin_export(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *old = expect_source_path("tests/fixtures/csv/linkedin_connections.csv");
	char *newer = expect_source_path("tests/fixtures/csv/linkedin_connections_newer.csv");
	struct import_report r;
	expect_import(db, old, &r);
	assert_int_equal(r.imported, 5);
	import_report_done(&r);
	work_on(db, "Aiko Tanaka");
	work_on(db, "Jonas Becker");
	expect_import(db, newer, &r);
	assert_int_equal(r.imported, 1);
	assert_int_equal(count_outcome(&r, IMPORT_ADDED, "Diego Salas"), 1);
	assert_int_equal(r.merged, 3); /* Priya's title, Jonas's e-mail, Aiko's job */
	assert_int_equal(count_outcome(&r, IMPORT_MERGED, "Aiko Tanaka"), 1);
	assert_int_equal(r.unchanged, 2);
	import_report_done(&r);
	assert_int_equal(card_count_all(db), 6);
	check_worked_on(db, "Aiko Tanaka", "Kaze Legal", "General Counsel");
	check_worked_on(db, "Jonas Becker", "Helix GmbH", "Product Manager");
	struct card c;
	assert_true(expect_find_card(db, "Jonas Becker", &c));
	assert_int_equal(c.nfields, 2); /* the profile URL and the new e-mail */
	card_done(&c);
	assert_true(expect_find_card(db, "Priya Raman", &c));
	assert_string_equal(c.title, "Principal Engineer");
	card_done(&c);
	/* The newer file again: nothing left to do. */
	expect_import(db, newer, &r);
	assert_int_equal(r.imported + r.merged, 0);
	assert_int_equal(r.unchanged, 6);
	import_report_done(&r);
	free(old);
	free(newer);
	db_close(db);
}

/* The same for vCards from a phone: one card by UID, one by e-mail, one
 * with only a short number (by the fingerprint its card remembers). */
static void test_newer_vcard_export(void **state)
{
	(void)state;
	struct db *db = open_memory();
	static const char first[] =
		"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Kofi Mensah\r\nORG:Harbor Bank\r\n"
		"TITLE:Teller\r\nEND:VCARD\r\n"
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Elif Demir\r\nEMAIL:elif@demir.example.com.tr\r\n"
		"ORG:Bosphorus Media\r\nEND:VCARD\r\n"
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Front Desk\r\nTEL:110\r\nEND:VCARD\r\n";
	static const char second[] =
		"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Kofi Mensah\r\nORG:Harbor Bank\r\n"
		"TITLE:Branch Manager\r\nEND:VCARD\r\n"
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Elif Demir\r\nEMAIL:elif@demir.example.com.tr\r\n"
		"ORG:Golden Horn Studios\r\nTITLE:Producer\r\nEND:VCARD\r\n"
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Front Desk\r\nTEL:110\r\nEND:VCARD\r\n"
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nia Kamau\r\nTEL:+254 20 555 0199\r\nEND:VCARD\r\n";
	struct import_options opt = {.now = NOW};
	struct import_report r;
	char *cause = NULL;
	FILE *fp = fmemopen((void *)first, sizeof first - 1, "rb");
	import_report_init(&r);
	assert_int_equal(import_stream(db, fp, "phone.vcf", &opt, &r, &cause), RDX_OK);
	fclose(fp);
	assert_int_equal(r.imported, 3);
	import_report_done(&r);
	work_on(db, "Kofi Mensah");
	work_on(db, "Elif Demir");
	fp = fmemopen((void *)second, sizeof second - 1, "rb");
	import_report_init(&r);
	assert_int_equal(import_stream(db, fp, "phone-newer.vcf", &opt, &r, &cause), RDX_OK);
	fclose(fp);
	assert_int_equal(r.imported, 1);
	assert_int_equal(count_outcome(&r, IMPORT_ADDED, "Nia Kamau"), 1);
	assert_int_equal(r.merged, 2);
	assert_int_equal(r.unchanged, 1);
	import_report_done(&r);
	assert_int_equal(card_count_all(db), 4);
	check_worked_on(db, "Kofi Mensah", "Harbor Bank", "Branch Manager");
	check_worked_on(db, "Elif Demir", "Golden Horn Studios", "Producer");
	db_close(db);
}

/* file, good, bad, name, email, phone, bday, org, note, tag, title */
static const struct expect fixtures[] = {
	/* UTF-16 big-endian without a byte-order mark, CRLF (Mac Address
	 * Book); an Apple year-less birthday. */
	{"vcard/utf16be_nobom_mac.vcf", 2, 0, "Chidi Okafor", "chidi@northwind.example.com", "+1 555 010 2211",
	 "--04-15", "Northwind Analytics", NULL, NULL, "Data Lead"},
	/* UTF-16 little-endian with a byte-order mark. */
	{"vcard/utf16le_bom.vcf", 2, 0, "Mira Lindqvist", NULL, "+46 8 555 010 49", "", "Fjord Tools AB",
	 "Prefers calls after 3pm", NULL, NULL},
	{"vcard/utf8_bom.vcf", 1, 0, "Zoë Ferreira", "zoe.ferreira@example.org", NULL, "", NULL, NULL, NULL, NULL},
	/* A line before the first BEGIN:VCARD and one between cards. */
	{"vcard/stray_lines.vcf", 2, 0, "Amara Nwosu", NULL, "+234 555 010 7788", NULL, NULL, NULL, NULL, NULL},
	/* Google's \" and \' escapes. */
	{"vcard/google_escapes.vcf", 1, 0, "Rafael \"Rafa\" Montoya", "rafa@montoya.example.com", NULL, NULL,
	 "O'Brien & Montoya, LLP", "Said \"let's do lunch\" twice.\nKids: Lucia, Mateo.tTab stays.", NULL,
	 "Partner; Litigation"},
	{"vcard/apple_omit_year.vcf", 1, 0, "Leila Haddad", "leila@cedar.example.com", NULL, "--04-15",
	 "Cedar Robotics, Research", NULL, NULL, NULL},
	/* Shift_JIS, three-digit numbers, no UID or e-mail; a card with a
	 * name only. */
	{"vcard/feature_phone_sjis.vcf", 3, 0, "山田 花子", NULL, "117", NULL, NULL, NULL, NULL, NULL},
	{"vcard/outlook_21_qp.vcf", 1, 0, "Hélène Beaumont", "helene@lumiere.example.fr", "(555) 010-3131",
	 "1978-03-22", "Maison Lumière, Ventes", "Rencontrée au salon\nde Lyon, 2019.", NULL, "Directrice"},
	/* No BEGIN:VCARD on the first card, a comment line, a backslash
	 * continuation. */
	{"vcard/android_21.vcf", 2, 0, "Yusuf Ibrahim", NULL, "+20 555 010 3344", NULL, NULL, NULL, NULL, NULL},
	/* 4.0: PREF, tel: URI, year-less BDAY, a group card, a card cut off. */
	{"vcard/v40_mixed.vcf", 2, 1, "Sun-hee Park", "sunhee@park.example.kr", "+82-2-555-0199", "--09-07", NULL,
	 NULL, "mentor", NULL},
	{"vcard/legacy_1252.vcf", 1, 0, "Søren Ærø", "soren@aero.example.dk", NULL, NULL, "Bjørn & Søn", NULL, NULL,
	 NULL},
	/* LinkedIn: the "Notes:" preamble, most rows without an e-mail, a
	 * date-only row, quoted commas and doubled quotes. */
	{"csv/linkedin_connections.csv", 5, 0, "Marcus O'Neil, MBA", NULL, NULL, NULL, "Brightside™", NULL, NULL,
	 "Head of \"Growth\""},
	{"csv/linkedin_connections_newer.csv", 6, 0, "Diego Salas", NULL, NULL, NULL, "Puerto Logistics", NULL, NULL,
	 "Analyst"},
	/* Google 2023+: BOM, " ::: " multi-values, year-less birthday, a row
	 * with only an e-mail. */
	{"csv/google_2024.csv", 3, 0, "Noor Al-Sayed", "noor.home@example.net", "+971 55 501 0123", "--04-15",
	 "Orchid Health, Cardiology", "Two kids.", "running", "Nurse Practitioner"},
	{"csv/google_legacy.csv", 1, 0, "Ines Carvalho", "ines@carvalho.example.pt", "+351 91 555 0101",
	 "1985-07-09", "Azulejo Studio", "Said \"hi\" at the gate", "clients", "Designer"},
	/* Outlook, English: 92 columns, Windows-1252, 0/0/00, M/D/YYYY. */
	{"csv/outlook_en.csv", 2, 0, "Émile Durand", "emile@quai.example.fr", "+33 6 55 50 10 21", "1961-08-17",
	 "Quai Consulting", "Paris meetup", "clients", "Partner"},
	/* Outlook in other languages, rows shorter than the header. */
	{"csv/outlook_de.csv", 3, 0, "Anja Schröder", "anja@nordlicht.example.de", NULL, "1975-05-03",
	 "Nordlicht GmbH", NULL, NULL, "Geschäftsführerin"},
	{"csv/outlook_fr.csv", 1, 0, "Camille Lefèvre", "camille@seine.example.fr", "+33 6 55 50 30 40", NULL,
	 "Atelier Seine", NULL, NULL, "Architecte"},
	{"csv/outlook_es.csv", 1, 0, "Lucía Márquez Ortega", "lucia@olivo.example.es", "+34 655 501 020", NULL,
	 "Olivo Energía", NULL, NULL, "Ingeniera"},
	{"csv/outlook_it.csv", 1, 0, "Giulia Bianchi", "giulia@vela.example.it", "+39 347 555 0110", NULL,
	 "Vela Design", NULL, NULL, "Art Director"},
	{"csv/outlook_nl.csv", 1, 0, "Sanne de Vries", "sanne@polder.example.nl", "+31 6 5550 1234", NULL,
	 "Polder Data", NULL, NULL, "Analist"},
	{"csv/outlook_pt.csv", 1, 0, "Thiago Moreira", "thiago@ipe.example.com.br", "+55 11 95555 0123", NULL,
	 "Ipê Sistemas", NULL, NULL, "Desenvolvedor"},
	{"csv/thunderbird.csv", 1, 0, "Oskar Nilsson", "oskar@nilsson.example.se", "+46 31 555 0120", "1982-11-04",
	 "Västkust AB, Procurement", NULL, NULL, "Buyer"},
	/* Semicolons, Windows-1252, German generic headers. */
	{"csv/semicolon_1252.csv", 2, 0, "Zoë Ångström", "zoe@angstrom.example.se", NULL, NULL, NULL, NULL, NULL,
	 NULL},
	{"csv/utf16le_nobom.csv", 2, 0, "Lena Vogel", "lena@vogel.example.de", NULL, NULL, "Vogel & Co", NULL, NULL,
	 NULL},
	{"csv/utf16be_bom.csv", 1, 0, "Ruth Abebe", "ruth@abebe.example.com", NULL, NULL, "Blue Nile Coffee", NULL,
	 NULL, NULL},
};

static void test_fixtures(void **state)
{
	(void)state;
	char *root = expect_source_path("tests/fixtures");
	expect_check_all(root, fixtures, sizeof fixtures / sizeof fixtures[0]);
	free(root);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_newer_linkedin_export),
		cmocka_unit_test(test_newer_vcard_export),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
