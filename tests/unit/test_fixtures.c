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

#include <cmocka.h>

#include "import_expect.h"

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
