/*
 * test_vcard.c - the vCard reader and writer on edge cases: folding, line
 * endings, quoted-printable and charsets, escapes, parameters, Apple
 * groups, birthdays, names, shadows of lossy properties, round trips, and
 * every kind of bad input the reader must refuse with a file and line.
 * No database: the parser only fills structs.
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
#include "rolodex/text.h"
#include "rolodex/vcard.h"
#include "rolodex/xalloc.h"

/* ---- helpers --------------------------------------------------------------- */

struct parsed {
	struct vcard_entry e[8];
	size_t n;
	enum rdx_status err[8]; /* statuses of bad cards, in order */
	char *why[8];
	size_t nerr;
	char *tail_warning; /* the first warning of the end of input, or NULL */
};

static void parse_buf(const char *buf, size_t len, struct parsed *p)
{
	memset(p, 0, sizeof *p);
	FILE *fp = fmemopen((void *)buf, len, "rb");
	assert_non_null(fp);
	struct vcard_reader *r = vcard_reader_new(fp, "t.vcf");
	for (int guard = 0; guard < 100; guard++) {
		struct vcard_entry e;
		bool done;
		char *cause = NULL;
		enum rdx_status st = vcard_reader_next(r, &e, &done, &cause);
		if (st == RDX_OK && done) {
			if (e.nwarnings > 0)
				p->tail_warning = xstrdup(e.warnings[0]);
			vcard_entry_done(&e);
			break;
		}
		if (st == RDX_OK) {
			assert_true(p->n < 8);
			p->e[p->n++] = e;
		} else {
			vcard_entry_done(&e);
			assert_true(p->nerr < 8);
			p->err[p->nerr] = st;
			p->why[p->nerr++] = cause;
			if (st != RDX_INVALID)
				break;
		}
	}
	vcard_reader_free(r);
	fclose(fp);
}

static void parse(const char *text, struct parsed *p)
{
	parse_buf(text, strlen(text), p);
}

static void parsed_done(struct parsed *p)
{
	free(p->tail_warning);
	for (size_t i = 0; i < p->n; i++)
		vcard_entry_done(&p->e[i]);
	for (size_t i = 0; i < p->nerr; i++)
		free(p->why[i]);
}

static const struct card_field *field(const struct card *c, enum field_kind kind, size_t nth)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].kind == kind && nth-- == 0)
			return &c->fields[i];
	return NULL;
}

static bool has_extra(const struct card *c, const char *line)
{
	for (size_t i = 0; i < c->nextras; i++)
		if (!strcmp(c->extras[i], line))
			return true;
	return false;
}

/* Writes a card to a string (caller frees). */
static char *write_card(const struct vcard_entry *e, enum vcard_version v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	char *cause = NULL;
	assert_int_equal(vcard_write(fp, &e->card, e->notes, e->nnotes, e->touches, e->ntouches, v, &cause), RDX_OK);
	fclose(fp);
	return buf;
}

/* ---- reading ------------------------------------------------------------------- */

static void test_folding_and_line_ends(void **state)
{
	(void)state;
	struct parsed p;
	/* CRLF, LF and a mix; folds with a space and with a tab. */
	parse("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n  Lovelace\nNOTE:one two\r\n\tthree\nEND:VCARD\n", &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.e[0].card.name, "Ada Lovelace");
	assert_int_equal(p.e[0].nnotes, 1);
	assert_string_equal(p.e[0].notes[0].text, "one twothree");
	parsed_done(&p);
}

static void test_many_cards_and_no_final_newline(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\nEND:VCARD\nBEGIN:vCard\nFN:C\nEND:vCard", &p);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.e[2].card.name, "C");
	assert_int_equal(p.e[1].line, 4);
	parsed_done(&p);
}

static void test_quoted_printable_and_charset(void **state)
{
	(void)state;
	struct parsed p;
	/* Soft line break, CHARSET=ISO-8859-1, and UTF-8 given as QP bytes. */
	parse("BEGIN:VCARD\r\nVERSION:2.1\r\n"
	      "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg\r\n"
	      "NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline=\r\n two=\r\n three\r\n"
	      "FN;CHARSET=UTF-8;QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller\r\n"
	      "END:VCARD\r\n",
	      &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.e[0].card.family, "Müller");
	assert_string_equal(p.e[0].card.given, "Jörg");
	assert_string_equal(p.e[0].card.name, "Jörg Müller");
	assert_string_equal(p.e[0].notes[0].text, "line one\nline two three");
	parsed_done(&p);
}

static void test_shift_jis_backslash_bytes(void **state)
{
	(void)state;
	struct parsed p;
	/* 0x95 0x5C is one Shift_JIS character whose second byte is '\'; it
	 * must not escape the ';' after it. */
	const char text[] = "BEGIN:VCARD\nVERSION:3.0\nN;CHARSET=SHIFT_JIS:\x95\x5C;\x83\x5C;;;\nEND:VCARD\n";
	parse(text, &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.e[0].card.family, "表");
	assert_string_equal(p.e[0].card.given, "ソ");
	parsed_done(&p);
}

static void test_windows_1252_fallback(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nVERSION:3.0\nFN:Ren\xe9 \x93Quote\x94\nEND:VCARD\n", &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.e[0].card.name, "René “Quote”");
	assert_true(p.e[0].nwarnings >= 1);
	assert_non_null(strstr(p.e[0].warnings[0], "Windows-1252"));
	parsed_done(&p);
}

static void test_escapes(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nVERSION:4.0\nFN:Smith\\, John\nN:Smith;John;;;\n"
	      "ORG:ACME\\; Inc.;Research\\, Dev;Lab\n"
	      "NOTE:a\\nb\\\\c\\,d\\;e\\Nf\nCATEGORIES:client,old\\,team,mentor\nEND:VCARD\n",
	      &p);
	const struct card *c = &p.e[0].card;
	assert_string_equal(c->name, "Smith, John");
	assert_string_equal(c->org, "ACME; Inc., Research, Dev, Lab");
	assert_string_equal(p.e[0].notes[0].text, "a\nb\\c,d;e\nf");
	assert_int_equal(c->ntags, 3);
	assert_string_equal(c->tags[1], "old,team");
	parsed_done(&p);
}

static void test_params_and_labels(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nVERSION:3.0\nFN:X\n"
	      "TEL;TYPE=CELL:1\nTEL;WORK;VOICE:2\nTEL;type=HOME;type=FAX:3\nEMAIL;TYPE=INTERNET,WORK:w@x.org\n"
	      "item1.EMAIL;type=INTERNET:o@x.org\nitem1.X-ABLabel:_$!<Other>!$_\n"
	      "item2.TEL:4\nitem2.X-ABLabel:GRAND_CENTRAL\n"
	      "TEL;TYPE=\"work,voice\";PREF=1:5\nEND:VCARD\n",
	      &p);
	const struct card *c = &p.e[0].card;
	/* The preferred phone comes first. */
	assert_string_equal(field(c, FIELD_PHONE, 0)->value, "5");
	assert_string_equal(field(c, FIELD_PHONE, 0)->label, "work");
	assert_string_equal(field(c, FIELD_PHONE, 1)->label, "mobile");
	assert_string_equal(field(c, FIELD_PHONE, 2)->label, "work");
	assert_string_equal(field(c, FIELD_PHONE, 3)->label, "fax");
	assert_string_equal(field(c, FIELD_PHONE, 4)->label, "GRAND_CENTRAL");
	assert_string_equal(field(c, FIELD_EMAIL, 0)->label, "work");
	assert_string_equal(field(c, FIELD_EMAIL, 1)->value, "o@x.org");
	assert_string_equal(field(c, FIELD_EMAIL, 1)->label, "other");
	parsed_done(&p);
}

static void test_birthdays(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		int y, m, d;
	} cases[] = {
		{"BDAY:--0415", 0, 4, 15},
		{"BDAY:--04-15", 0, 4, 15},
		{"BDAY:19800415", 1980, 4, 15},
		{"BDAY:1980-04-15", 1980, 4, 15},
		{"BDAY:1980-04-15T00:00:00Z", 1980, 4, 15},
		{"BDAY;VALUE=DATE:19800415T120000", 1980, 4, 15},
		{"BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15", 0, 4, 15},
		{"BDAY:1604-04-15", 0, 4, 15},
		{"BDAY:1900-04-15", 0, 4, 15},
		{"BDAY:--0229", 0, 2, 29},
		{"BDAY:1981-02-29", 0, 0, 0}, /* not a date: kept as an extra */
		{"BDAY;VALUE=text:circa 1980", 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[256];
		snprintf(text, sizeof text, "BEGIN:VCARD\nVERSION:4.0\nFN:X\n%s\nEND:VCARD\n", cases[i].line);
		struct parsed p;
		parse(text, &p);
		assert_int_equal(p.n, 1);
		const struct birthday *b = &p.e[0].card.birthday;
		if (b->year != cases[i].y || b->month != cases[i].m || b->day != cases[i].d)
			fail_msg("%s: got %d-%d-%d", cases[i].line, b->year, b->month, b->day);
		if (cases[i].m == 0)
			assert_true(has_extra(&p.e[0].card, cases[i].line));
		parsed_done(&p);
	}
}

static void test_names_fill_in(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nN:Lovelace;Ada;;;\nEND:VCARD\n"
	      "BEGIN:VCARD\nFN:Grace Hopper\nEND:VCARD\n"
	      "BEGIN:VCARD\nN:;;;;\nORG:Apple Computer AG;\nEND:VCARD\n"
	      "BEGIN:VCARD\nEMAIL:only@example.org\nEND:VCARD\n"
	      "BEGIN:VCARD\nNOTE:nobody\nEND:VCARD\n",
	      &p);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.e[0].card.name, "Ada Lovelace");
	assert_string_equal(p.e[1].card.given, "Grace");
	assert_string_equal(p.e[1].card.family, "Hopper");
	assert_string_equal(p.e[2].card.name, "Apple Computer AG");
	assert_string_equal(p.e[3].card.name, "only@example.org");
	assert_int_equal(p.nerr, 1);
	assert_non_null(strstr(p.why[0], "t.vcf:14: card has no name"));
	parsed_done(&p);
}

static void test_unknown_properties_kept(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nVERSION:3.0\nFN:X\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg\n  ABAQ\n"
	      "X-CUSTOM;FOO=bar:value\\, with comma\nIMPP:xmpp:x@y\nPRODID:-//Other//EN\nREV:2020\nEND:VCARD\n",
	      &p);
	const struct card *c = &p.e[0].card;
	assert_true(has_extra(c, "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg ABAQ"));
	assert_true(has_extra(c, "X-CUSTOM;FOO=bar:value\\, with comma"));
	assert_true(has_extra(c, "IMPP:xmpp:x@y"));
	assert_int_equal(c->nextras, 3); /* PRODID and REV are ours to write */
	parsed_done(&p);
}

static void test_android_quirks(void **state)
{
	(void)state;
	struct parsed p;
	/* '#' comments, a QP soft break whose next line starts with '#',
	 * backslash continuations, nested cards. */
	parse("BEGIN:VCARD\r\nVERSION:2.1\r\nN:parent\r\n# comment\r\n"
	      "NOTE;ENCODING=QUOTED-PRINTABLE:a (sharp ->=\r\n#<- sharp) b\r\n"
	      "ADR;HOME:;;Street 1\\\r\nFlat 2;Town;;;\r\n"
	      "BEGIN:VCARD\r\nVERSION:2.1\r\nN:nested\r\nEND:VCARD\r\nTEL:1\r\nEND:VCARD\r\n",
	      &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.e[0].card.name, "nested");
	assert_string_equal(p.e[1].card.name, "parent");
	assert_string_equal(p.e[1].notes[0].text, "a (sharp ->#<- sharp) b");
	assert_string_equal(field(&p.e[1].card, FIELD_ADDRESS, 0)->value, "Street 1, Flat 2, Town");
	assert_string_equal(field(&p.e[1].card, FIELD_PHONE, 0)->value, "1");
	parsed_done(&p);
}

/* ---- bad input ------------------------------------------------------------------ */

static void test_missing_end(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nFN:Cut\nEMAIL:a@b.c\n", &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.nerr, 1);
	assert_string_equal(p.why[0], "t.vcf:3: card starting at line 1 has no END:VCARD (file ends)");
	parsed_done(&p);
	/* A card cut off, then a good one: only the bad one is lost. */
	parse("BEGIN:VCARD\nFN:Cut\nBEGIN:VCARD\nFN:Good\nEND:VCARD\n", &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.e[0].card.name, "Good");
	assert_int_equal(p.nerr, 1);
	parsed_done(&p);
}

static void test_missing_begin(void **state)
{
	(void)state;
	struct parsed p;
	parse("VERSION:3.0\nFN:Frank\nEND:VCARD\n", &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.e[0].card.name, "Frank");
	assert_non_null(strstr(p.e[0].warnings[0], "no BEGIN:VCARD"));
	parsed_done(&p);
}

static void test_broken_qp(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nVERSION:2.1\nFN:X\nNOTE;ENCODING=QUOTED-PRINTABLE:bad =ZZ here\nEND:VCARD\n"
	      "BEGIN:VCARD\nFN:Y\nEND:VCARD\n",
	      &p);
	assert_int_equal(p.nerr, 1);
	assert_string_equal(p.why[0], "t.vcf:4: broken quoted-printable in NOTE");
	assert_int_equal(p.n, 1);
	assert_string_equal(p.e[0].card.name, "Y");
	parsed_done(&p);
}

static void test_garbage_and_binary(void **state)
{
	(void)state;
	struct parsed p;
	/* Text alone is no card and no error: the import says the file
	 * holds no vCard. */
	parse("hello world\nmore text\n", &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.nerr, 0);
	assert_string_equal(p.tail_warning, "line 1: \"hello world\" is outside any card; skipped");
	parsed_done(&p);
	static const char bin[] = "BEGIN:VCARD\nFN:A\x00\x01\x02\nEND:VCARD\n";
	parse_buf(bin, sizeof bin - 1, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.nerr, 1);
	assert_non_null(strstr(p.why[0], "t.vcf:2: binary data"));
	parsed_done(&p);
	parse("", &p);
	assert_int_equal(p.n + p.nerr, 0);
	parsed_done(&p);
}

/* An exporter's banner before the first card (and a trailer between
 * cards) is skipped with a warning naming its line; every card is read. */
static void test_stray_lines_outside_cards(void **state)
{
	(void)state;
	struct parsed p;
	parse("ENCODING:UTF-8\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tomasz\r\nEND:VCARD\r\n"
	      "exported by PhoneSync\r\nsecond line\r\nBEGIN:VCARD\r\nFN:Amara\r\nEND:VCARD\r\ntrailer\r\n",
	      &p);
	assert_int_equal(p.nerr, 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.e[0].card.name, "Tomasz");
	assert_int_equal(p.e[0].nwarnings, 1);
	assert_string_equal(p.e[0].warnings[0], "line 1: \"ENCODING:UTF-8\" is outside any card; skipped");
	assert_string_equal(p.e[1].card.name, "Amara");
	assert_int_equal(p.e[1].nwarnings, 1);
	assert_string_equal(p.e[1].warnings[0], "line 6: \"exported by PhoneSync\" is outside any card; skipped");
	assert_string_equal(p.tail_warning, "line 11: \"trailer\" is outside any card; skipped");
	parsed_done(&p);
	assert_true(vcard_sniff("ENCODING:UTF-8\r\nBEGIN:VCARD\r\n", 28));
	assert_false(vcard_sniff("Name,Email\r\nAda,ada@example.org\r\n", 34));
}

/* Google escapes double quotes (and other writers quotes and tabs) in 3.0
 * values: read as the character, as the common readers do. */
static void test_unknown_escapes(void **state)
{
	(void)state;
	struct parsed p;
	parse("BEGIN:VCARD\nVERSION:3.0\nFN:Rafael \\\"Rafa\\\" Montoya\nORG:O\\'Brien\\, LLP\n"
	      "NOTE:a\\;b\\\\c\\nd\\Ne\\tf\nEND:VCARD\n"
	      "BEGIN:VCARD\nVERSION:2.1\nFN:Back\\slash \\\"kept\\\"\nEND:VCARD\n",
	      &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.e[0].card.name, "Rafael \"Rafa\" Montoya");
	assert_string_equal(p.e[0].card.org, "O'Brien, LLP");
	assert_string_equal(p.e[0].notes[0].text, "a;b\\c\nd\netf");
	/* 2.1 has no such escapes: the backslashes are text. */
	assert_string_equal(p.e[1].card.name, "Back\\slash \\\"kept\\\"");
	parsed_done(&p);
}

static void test_line_too_long(void **state)
{
	(void)state;
	size_t big = 11u * 1024 * 1024;
	char *buf = xmalloc(big + 64);
	size_t n = (size_t)sprintf(buf, "BEGIN:VCARD\nNOTE:");
	memset(buf + n, 'x', big);
	n += big;
	n += (size_t)sprintf(buf + n, "\nEND:VCARD\n");
	struct parsed p;
	parse_buf(buf, n, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.nerr, 1);
	assert_int_equal(p.err[0], RDX_TOO_LONG);
	assert_string_equal(p.why[0], "t.vcf:2: line longer than 10 MB");
	parsed_done(&p);
	free(buf);
}

static void test_too_many_properties(void **state)
{
	(void)state;
	size_t count = 100000;
	size_t cap = count * 16 + 64;
	char *buf = xmalloc(cap);
	size_t n = (size_t)sprintf(buf, "BEGIN:VCARD\nFN:Big\n");
	for (size_t i = 0; i < count; i++)
		n += (size_t)sprintf(buf + n, "X-P:%zu\n", i);
	n += (size_t)sprintf(buf + n, "END:VCARD\nBEGIN:VCARD\nFN:After\nEND:VCARD\n");
	struct parsed p;
	parse_buf(buf, n, &p);
	assert_int_equal(p.nerr, 1);
	assert_non_null(strstr(p.why[0], "more than 10000 properties"));
	assert_int_equal(p.n, 1);
	assert_string_equal(p.e[0].card.name, "After");
	parsed_done(&p);
	free(buf);
}

/* ---- writing ----------------------------------------------------------------------- */

static void test_fold_never_splits_utf8(void **state)
{
	(void)state;
	struct vcard_entry e;
	vcard_entry_init(&e);
	card_set(&e.card.name, "山田 太郎");
	card_set(&e.card.uid, "u1");
	char text[2048] = "";
	for (int i = 0; i < 100; i++)
		strcat(text, "日本語é");
	vcard_entry_add_note(&e, "", text);
	char *out = write_card(&e, VCARD_40);
	/* Every physical line is at most 75 octets, valid UTF-8 on its own,
	 * and ends with CRLF. */
	int lines = 0;
	for (char *line = out; *line;) {
		char *end = strstr(line, "\r\n");
		assert_non_null(end);
		assert_true(end - line <= 75);
		assert_true(text_valid_utf8(line, (size_t)(end - line)));
		line = end + 2;
		lines++;
	}
	assert_true(lines > 20);
	/* And it reads back to the same note. */
	struct parsed p;
	parse(out, &p);
	assert_string_equal(p.e[0].notes[0].text, text);
	parsed_done(&p);
	free(out);
	vcard_entry_done(&e);
}

static void test_yearless_birthday_per_version(void **state)
{
	(void)state;
	struct vcard_entry e;
	vcard_entry_init(&e);
	card_set(&e.card.name, "X");
	e.card.birthday = (struct birthday){.year = 0, .month = 4, .day = 15};
	char *v4 = write_card(&e, VCARD_40);
	char *v3 = write_card(&e, VCARD_30);
	assert_non_null(strstr(v4, "\r\nBDAY:--0415\r\n"));
	assert_non_null(strstr(v3, "\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15\r\n"));
	struct parsed p;
	parse(v3, &p);
	assert_int_equal(p.e[0].card.birthday.year, 0);
	assert_int_equal(p.e[0].card.birthday.month, 4);
	parsed_done(&p);
	e.card.birthday.year = 1980;
	free(v4);
	v4 = write_card(&e, VCARD_40);
	assert_non_null(strstr(v4, "\r\nBDAY:19800415\r\n"));
	free(v4);
	free(v3);
	vcard_entry_done(&e);
}

static void test_rolodex_properties_round_trip(void **state)
{
	(void)state;
	struct vcard_entry e;
	vcard_entry_init(&e);
	struct card *c = &e.card;
	card_set(&c->uid, "urn:uuid:1234");
	card_set(&c->name, "Ada Lovelace");
	card_set(&c->given, "Ada");
	card_set(&c->family, "Lovelace");
	card_set(&c->nickname, "Countess");
	card_set(&c->org, "Engines; Ltd");
	card_set(&c->title, "Mathematician");
	card_set(&c->how_met, "Royal Society,\nlecture on engines");
	card_add_field(c, FIELD_EMAIL, "ada@example.org", "work");
	card_add_field(c, FIELD_EMAIL, "ada@home.example", "home");
	card_add_field(c, FIELD_PHONE, "+44 20 7946 0000", "mobile");
	card_add_field(c, FIELD_PHONE, "+44 20 7946 0001", "main");
	card_add_field(c, FIELD_ADDRESS, "12 St James's Square, London", "home");
	card_add_field(c, FIELD_URL, "https://example.org/ada", "Blog");
	card_add_tag(c, "acme-alumni");
	card_add_tag(c, "mentor");
	c->cadence_set = true;
	c->cadence = (struct cadence){.n = 3, .unit = 'm'};
	strcpy(c->snooze_until, "2026-12-01");
	c->birthday = (struct birthday){1815, 12, 10};
	card_add_extra(c, "X-FOO;BAR=baz:keep me");
	vcard_entry_add_note(&e, "2026-01-02T03:04:05Z", "Kids: Byron; Annabella.\nSecond line, with comma.");
	e.touches = xcalloc(1, sizeof *e.touches);
	e.ntouches = 1;
	e.touches[0].date = date_from_ymd(2026, 8, 2);
	e.touches[0].channel = CHANNEL_COFFEE;
	e.touches[0].note = xstrdup("talked; about, engines");
	strcpy(e.touches[0].at, "2026-08-02T20:00:00Z");
	for (int v = 0; v < 2; v++) {
		char *out = write_card(&e, v ? VCARD_30 : VCARD_40);
		struct parsed p;
		parse(out, &p);
		assert_int_equal(p.n, 1);
		const struct card *r = &p.e[0].card;
		assert_string_equal(r->uid, c->uid);
		assert_string_equal(r->name, c->name);
		assert_string_equal(r->given, "Ada");
		assert_string_equal(r->family, "Lovelace");
		assert_string_equal(r->nickname, c->nickname);
		assert_string_equal(r->org, c->org);
		assert_string_equal(r->title, c->title);
		assert_string_equal(r->how_met, c->how_met);
		assert_int_equal(r->nfields, c->nfields);
		for (size_t i = 0; i < c->nfields; i++) {
			assert_int_equal(r->fields[i].kind, c->fields[i].kind);
			assert_string_equal(r->fields[i].value, c->fields[i].value);
			assert_string_equal(r->fields[i].label, c->fields[i].label);
		}
		assert_int_equal(r->ntags, 2);
		assert_true(r->cadence_set);
		assert_int_equal(r->cadence.n, 3);
		assert_string_equal(r->snooze_until, "2026-12-01");
		assert_int_equal(r->birthday.year, 1815);
		/* Nothing but the verbatim extra: no shadows for our own lines. */
		assert_int_equal(r->nextras, 1);
		assert_string_equal(r->extras[0], "X-FOO;BAR=baz:keep me");
		assert_int_equal(p.e[0].nnotes, 1);
		assert_string_equal(p.e[0].notes[0].at, "2026-01-02T03:04:05Z");
		assert_string_equal(p.e[0].notes[0].text, e.notes[0].text);
		assert_int_equal(p.e[0].ntouches, 1);
		assert_int_equal(p.e[0].touches[0].date, e.touches[0].date);
		assert_int_equal(p.e[0].touches[0].channel, CHANNEL_COFFEE);
		assert_string_equal(p.e[0].touches[0].note, "talked; about, engines");
		assert_string_equal(p.e[0].touches[0].at, "2026-08-02T20:00:00Z");
		/* Writing what was read gives the same text again. */
		char *again = write_card(&p.e[0], v ? VCARD_30 : VCARD_40);
		assert_string_equal(again, out);
		free(again);
		parsed_done(&p);
		free(out);
	}
	vcard_entry_done(&e);
}

/* Note and touch times are written without colons (abook splits a line at
 * its first colon, quotes or not); the quoted form of older exports and
 * the new one both read back, and a bad time is dropped, not the note. */
static void test_rolodex_times_without_colons(void **state)
{
	(void)state;
	struct vcard_entry e;
	vcard_entry_init(&e);
	card_set(&e.card.name, "Ada");
	vcard_entry_add_note(&e, "2026-01-02T03:04:05Z", "hello");
	e.touches = xcalloc(1, sizeof *e.touches);
	e.ntouches = 1;
	e.touches[0].date = date_from_ymd(2026, 8, 2);
	e.touches[0].channel = CHANNEL_CALL;
	e.touches[0].note = xstrdup("");
	strcpy(e.touches[0].at, "2026-08-02T20:00:00Z");
	char *out = write_card(&e, VCARD_40);
	assert_non_null(strstr(out, "\r\nNOTE;X-ROLODEX-AT=20260102T030405Z:hello\r\n"));
	assert_non_null(strstr(out, "\r\nX-ROLODEX-TOUCH;X-ROLODEX-AT=20260802T200000Z:2026-08-02\\;call\\;\r\n"));
	free(out);
	vcard_entry_done(&e);

	struct parsed p;
	parse("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\n"
	      "NOTE;X-ROLODEX-AT=\"2025-05-06T07:08:09Z\":old form\r\n"
	      "NOTE;X-ROLODEX-AT=20250506T070810Z:new form\r\n"
	      "NOTE;X-ROLODEX-AT=20251306T070810Z:bad month\r\n"
	      "NOTE;X-ROLODEX-AT=2025050T070810Z:short\r\n"
	      "X-ROLODEX-TOUCH;X-ROLODEX-AT=20250506T070811Z:2025-05-06;email;x\r\n"
	      /* separators bare (older exports), note escaped */
	      "X-ROLODEX-TOUCH:2025-05-07;call;a\\; b\\, c\\\\d\\ne\r\n"
	      /* as Radicale writes it back: everything escaped once */
	      "X-ROLODEX-TOUCH:2025-05-08\\;lunch\\;f\\; g\\, h\r\n"
	      "X-ROLODEX-TOUCH:2025-05-09\\;nochannel\r\n"
	      "END:VCARD\r\n",
	      &p);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.e[0].nnotes, 4);
	assert_string_equal(p.e[0].notes[0].at, "2025-05-06T07:08:09Z");
	assert_string_equal(p.e[0].notes[1].at, "2025-05-06T07:08:10Z");
	assert_string_equal(p.e[0].notes[2].at, "");
	assert_string_equal(p.e[0].notes[2].text, "bad month");
	assert_string_equal(p.e[0].notes[3].at, "");
	assert_int_equal(p.e[0].ntouches, 3);
	assert_string_equal(p.e[0].touches[0].at, "2025-05-06T07:08:11Z");
	assert_string_equal(p.e[0].touches[0].note, "x");
	assert_int_equal(p.e[0].touches[1].channel, CHANNEL_CALL);
	assert_string_equal(p.e[0].touches[1].note, "a; b, c\\d\ne");
	assert_int_equal(p.e[0].touches[2].date, date_from_ymd(2025, 5, 8));
	assert_int_equal(p.e[0].touches[2].channel, CHANNEL_LUNCH);
	assert_string_equal(p.e[0].touches[2].note, "f; g, h");
	assert_true(has_extra(&p.e[0].card, "X-ROLODEX-TOUCH:2025-05-09\\;nochannel"));
	parsed_done(&p);
}

/* A foreign card keeps every property through rolodex and back. */
static void test_foreign_properties_survive(void **state)
{
	(void)state;
	const char *in = "BEGIN:VCARD\r\nVERSION:3.0\r\n"
			 "N:Doe;John;Richter,James;Mr.;Sr.\r\nFN:Mr. John Richter James Doe Sr.\r\n"
			 "ORG:IBM;Accounting\r\nNICKNAME:Johny,JJ\r\n"
			 "item1.EMAIL;type=INTERNET;type=pref:john@ibm.example\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
			 "TEL;type=WORK;type=pref:905-777-1234\r\n"
			 "item2.ADR;type=HOME:;;Silicon Alley 5;New York;NY;12345;USA\r\nitem2.X-ABADR:us\r\n"
			 "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\nX-ABUID:6B29\\:ABPerson\r\nEND:VCARD\r\n";
	struct parsed p;
	parse(in, &p);
	char *out = write_card(&p.e[0], VCARD_30);
	static const char *const keep[] = {
		"N:Doe;John;Richter,James;Mr.;Sr.", "ORG:IBM;Accounting", "NICKNAME:Johny,JJ",
		"item1.EMAIL;type=INTERNET;type=pref:john@ibm.example", "item1.X-ABLabel:_$!<Other>!$_",
		"TEL;type=WORK;type=pref:905-777-1234", "item2.ADR;type=HOME:;;Silicon Alley 5;New York;NY;12345;USA",
		"item2.X-ABADR:us", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ", "X-ABUID:6B29\\:ABPerson",
		"FN:Mr. John Richter James Doe Sr.",
	};
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		char *want = xasprintf("\r\n%s\r\n", keep[i]);
		if (!strstr(out, want))
			fail_msg("lost %s in:\n%s", keep[i], out);
		free(want);
	}
	/* Changing a value drops its stale original form. */
	card_set(&p.e[0].card.org, "Lotus");
	char *changed = write_card(&p.e[0], VCARD_40);
	assert_null(strstr(changed, "IBM;Accounting"));
	assert_non_null(strstr(changed, "\r\nORG:Lotus\r\n"));
	free(changed);
	free(out);
	parsed_done(&p);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folding_and_line_ends),
		cmocka_unit_test(test_many_cards_and_no_final_newline),
		cmocka_unit_test(test_quoted_printable_and_charset),
		cmocka_unit_test(test_shift_jis_backslash_bytes),
		cmocka_unit_test(test_windows_1252_fallback),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_params_and_labels),
		cmocka_unit_test(test_birthdays),
		cmocka_unit_test(test_names_fill_in),
		cmocka_unit_test(test_unknown_properties_kept),
		cmocka_unit_test(test_android_quirks),
		cmocka_unit_test(test_missing_end),
		cmocka_unit_test(test_missing_begin),
		cmocka_unit_test(test_broken_qp),
		cmocka_unit_test(test_garbage_and_binary),
		cmocka_unit_test(test_stray_lines_outside_cards),
		cmocka_unit_test(test_unknown_escapes),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_too_many_properties),
		cmocka_unit_test(test_fold_never_splits_utf8),
		cmocka_unit_test(test_yearless_birthday_per_version),
		cmocka_unit_test(test_rolodex_properties_round_trip),
		cmocka_unit_test(test_rolodex_times_without_colons),
		cmocka_unit_test(test_foreign_properties_survive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
