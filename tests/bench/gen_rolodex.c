/*
 * gen_rolodex.c - the benchmarks' deterministic generator of realistic
 * rolodexes.  Card i is a pure function of (seed, i), so every size is a
 * prefix of the bigger ones and two runs write identical files.
 *
 * It writes the same contacts four ways: a rolodex database through the
 * model API (card_insert, note_add, touch_add in one transaction, so the
 * rows and the FTS index are exactly what rolodex itself writes), one vCard
 * 3.0 file written by rolodex's own vCard writer (notes and touches as
 * X-ROLODEX-* properties, see vcard.h), a vdir (one .vcf per card, for
 * khard) and an abook addressbook.
 *
 * usage: gen_rolodex -n COUNT [--seed S] [--db FILE] [--vcf FILE]
 *                    [--vdir DIR] [--abook FILE] [--info FILE]
 * --info writes facts the benchmark script needs (first card's name, a
 * query string that selects a single card ...) as key=value lines.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rolodex/card.h"
#include "rolodex/browse.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "rolodex/status.h"
#include "rolodex/vcard.h"
#include "rolodex/xalloc.h"

/* "Now" for every timestamp the generator writes: runs stay identical. */
#define GEN_NOW "2026-11-01T09:00:00Z"
#define GEN_TODAY_Y 2026
#define GEN_TODAY_M 11
#define GEN_TODAY_D 1

/* ---- deterministic randomness ----------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	/* splitmix64: good enough spread, trivially seekable per card. */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

static bool rng_chance(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

#define PICK(r, arr) ((arr)[rng_below((r), sizeof(arr) / sizeof((arr)[0]))])

/* ---- name pools: native spelling and a Latin form for addresses -------- */

struct name {
	const char *native;
	const char *latin;
};

/* Latin script, many with accents and other diacritics. */
static const struct name latin_given[] = {
	{ "Ada", "ada" },         { "José", "jose" },       { "Zoë", "zoe" },         { "François", "francois" },
	{ "Björn", "bjorn" },     { "Łukasz", "lukasz" },   { "Søren", "soren" },     { "Chloé", "chloe" },
	{ "Ana", "ana" },         { "Mia", "mia" },         { "Noah", "noah" },       { "Émile", "emile" },
	{ "Inês", "ines" },       { "Jürgen", "jurgen" },   { "Aoife", "aoife" },     { "Oğuz", "oguz" },
	{ "Tomás", "tomas" },     { "Hanna", "hanna" },     { "Liam", "liam" },       { "Maëlle", "maelle" },
	{ "Dagný", "dagny" },     { "Piotr", "piotr" },     { "Sofia", "sofia" },     { "Ngọc", "ngoc" },
	{ "Grace", "grace" },     { "Kwame", "kwame" },     { "Priya", "priya" },     { "Mateo", "mateo" },
	{ "Åsa", "asa" },         { "Ilse", "ilse" },       { "Rafał", "rafal" },     { "Nuño", "nuno" },
};
static const struct name latin_family[] = {
	{ "García", "garcia" },       { "Müller", "muller" },       { "Nørgaard", "norgaard" },
	{ "Dvořák", "dvorak" },       { "Łukasiewicz", "lukasiewicz" }, { "O'Brien", "obrien" },
	{ "Smith", "smith" },         { "Johnson", "johnson" },     { "Lovelace", "lovelace" },
	{ "Lindqvist", "lindqvist" }, { "Nguyễn", "nguyen" },       { "Silva", "silva" },
	{ "Fernández", "fernandez" }, { "Kowalski", "kowalski" },   { "Öztürk", "ozturk" },
	{ "Brontë", "bronte" },       { "van der Berg", "vanderberg" }, { "Mensah", "mensah" },
	{ "Patel", "patel" },         { "Rossi", "rossi" },         { "Dubois", "dubois" },
	{ "Þórsdóttir", "thorsdottir" }, { "Schäfer", "schafer" }, { "Zieliński", "zielinski" },
	{ "Abara", "abara" },         { "Kim", "kim" },             { "Hernández", "hernandez" },
	{ "Ødegaard", "odegaard" },   { "Walsh", "walsh" },         { "Yilmaz", "yilmaz" },
	{ "Costa", "costa" },         { "Béranger", "beranger" },
};
static const struct name cjk_given[] = {
	{ "伟", "wei" },   { "芳", "fang" },   { "娜", "na" },       { "秀英", "xiuying" }, { "敏", "min" },
	{ "静", "jing" },  { "磊", "lei" },    { "花子", "hanako" }, { "一郎", "ichiro" },  { "美咲", "misaki" },
	{ "민준", "minjun" }, { "서연", "seoyeon" },
};
static const struct name cjk_family[] = {
	{ "王", "wang" },   { "李", "li" },       { "张", "zhang" },  { "刘", "liu" },   { "陈", "chen" },
	{ "佐藤", "sato" }, { "鈴木", "suzuki" }, { "高橋", "takahashi" }, { "김", "kim" }, { "박", "park" },
};
static const struct name cyrillic_given[] = {
	{ "Иван", "ivan" },   { "Ольга", "olga" },     { "Дмитрий", "dmitry" }, { "Анна", "anna" },
	{ "Сергей", "sergey" }, { "Наталья", "natalya" }, { "Тарас", "taras" },  { "Ксения", "kseniya" },
};
static const struct name cyrillic_family[] = {
	{ "Петров", "petrov" },     { "Смирнова", "smirnova" }, { "Иванов", "ivanov" },
	{ "Кузнецова", "kuznetsova" }, { "Шевченко", "shevchenko" }, { "Попов", "popov" },
	{ "Соколова", "sokolova" }, { "Ёлкин", "yolkin" },
};
static const struct name greek_given[] = {
	{ "Νίκος", "nikos" }, { "Ελένη", "eleni" }, { "Γιώργος", "giorgos" }, { "Μαρία", "maria" },
	{ "Δημήτρης", "dimitris" }, { "Σοφία", "sofia" },
};
static const struct name greek_family[] = {
	{ "Παπαδόπουλος", "papadopoulos" }, { "Οικονόμου", "oikonomou" }, { "Γεωργίου", "georgiou" },
	{ "Νικολάου", "nikolaou" },         { "Βλάχου", "vlachou" },
};
static const struct name arabic_given[] = {
	{ "محمد", "mohammed" }, { "فاطمة", "fatima" }, { "أحمد", "ahmed" }, { "ليلى", "layla" },
	{ "يوسف", "youssef" },  { "مريم", "maryam" },
};
static const struct name arabic_family[] = {
	{ "العلي", "alali" }, { "حداد", "haddad" }, { "الخطيب", "alkhatib" }, { "منصور", "mansour" },
	{ "النجار", "alnajjar" },
};

static const char *const orgs[] = {
	"Acme Corp", "Globex", "Initech", "Umbrella Analytics", "Stark Industries", "Wayne Enterprises",
	"Hooli", "Pied Piper", "Vandelay Industries", "Soylent", "Tyrell", "Cyberdyne Systems",
	"Massive Dynamic", "Aperture Science", "Nakatomi Trading", "Oceanic Airlines", "Blue Sun",
	"Weyland-Yutani", "Gringotts", "Monsters, Inc.", "Société Générale des Œuvres", "Müller & Söhne GmbH",
	"北京科技有限公司", "ООО «Ромашка»",
};
static const char *const titles[] = {
	"Engineer", "Senior Engineer", "Engineering Manager", "Product Manager", "Designer", "Recruiter",
	"Sales Director", "Account Executive", "CFO", "CTO", "Consultant", "Data Scientist", "Founder",
	"VP Marketing", "Head of People", "Analyst", "Researcher", "Partner",
};
static const char *const domains[] = {
	"example.com", "example.org", "example.net", "acme.example", "globex.example", "initech.example",
	"mail.example", "corp.example",
};
static const char *const tags[] = {
	"client", "acme-alumni", "globex-alumni", "initech-alumni", "conference", "mentor", "close",
	"network", "recruiter", "investor", "friend", "university",
};
static const char *const note_texts[] = {
	"Kids: two boys, both into football. Ask about the marathon.",
	"Wants to move into product management; offered an intro to Sam.",
	"Coffee at the station café. Talked about the reorg and the new CTO.",
	"Sent the article on pricing; they replied with a long thread of ideas.",
	"Moving to Lisbon in spring. Knows everyone in the fintech scene there.",
	"Met at the conference dinner; shares an interest in old typewriters.",
	"Looking for a senior designer — maybe Chloé?",
	"Birthday card sent.\nRemember: prefers calls to email.",
	"Their team is hiring two engineers; forward the job post to the alumni list.",
	"Talked about 日本 trip plans and the best ramen in Kyoto.",
};
static const char *const touch_notes[] = {
	"", "", "", "quick catch-up", "sent congratulations on the new role", "intro to the hiring manager",
	"lunch near the office", "asked for feedback on the deck",
};
static const char *const how_met_texts[] = {
	"", "", "", "Worked together at Acme", "University friend", "Met at PyCon", "Client from the Globex deal",
	"Introduced by Ada",
};

/* ---- one generated contact --------------------------------------------- */

struct gen_note {
	char at[TIMESTAMP_TEXT_SIZE];
	const char *text;
};

struct gen_touch {
	int date;
	enum channel channel;
	const char *note;
	char at[TIMESTAMP_TEXT_SIZE];
};

struct contact {
	struct card card;
	char emails[3][128];
	size_t nemails;
	struct gen_note notes[2];
	size_t nnotes;
	struct gen_touch touches[3];
	size_t ntouches;
};

static int gen_today(void)
{
	return date_from_ymd(GEN_TODAY_Y, GEN_TODAY_M, GEN_TODAY_D);
}

static void timestamp_of_day(int day, int seconds, char out[TIMESTAMP_TEXT_SIZE])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(out, TIMESTAMP_TEXT_SIZE, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (seconds / 3600) % 24,
		 (seconds / 60) % 60, seconds % 60);
}

/* Fills *c with card number i (0-based) of the rolodex of this seed. */
static void contact_make(struct contact *c, uint64_t seed, uint64_t i)
{
	struct rng r = { .s = seed ^ (i * 0xd1342543de82ef95ULL) };
	rng_next(&r);
	memset(c, 0, sizeof *c);
	card_init(&c->card);
	struct card *card = &c->card;

	char uid[64];
	snprintf(uid, sizeof uid, "rolodex-bench-%08llu", (unsigned long long)i);
	card_set(&card->uid, uid);
	snprintf(card->created_at, sizeof card->created_at, "%s", GEN_NOW);
	snprintf(card->updated_at, sizeof card->updated_at, "%s", GEN_NOW);

	/* 60% Latin script (half of them accented pools), then CJK,
	 * Cyrillic, Greek and Arabic. */
	unsigned script = rng_below(&r, 100);
	const struct name *g, *f;
	bool family_first = false;
	if (script < 60) {
		g = &PICK(&r, latin_given);
		f = &PICK(&r, latin_family);
	} else if (script < 72) {
		g = &PICK(&r, cjk_given);
		f = &PICK(&r, cjk_family);
		family_first = true;
	} else if (script < 84) {
		g = &PICK(&r, cyrillic_given);
		f = &PICK(&r, cyrillic_family);
	} else if (script < 92) {
		g = &PICK(&r, greek_given);
		f = &PICK(&r, greek_family);
	} else {
		g = &PICK(&r, arabic_given);
		f = &PICK(&r, arabic_family);
	}
	char *name = family_first ? xasprintf("%s%s", f->native, g->native) : xasprintf("%s %s", g->native, f->native);
	card_set(&card->name, name);
	free(name);
	card_set(&card->given, g->native);
	card_set(&card->family, f->native);
	if (rng_chance(&r, 8))
		card_set(&card->nickname, g->latin);
	if (rng_chance(&r, 80))
		card_set(&card->org, PICK(&r, orgs));
	if (rng_chance(&r, 70))
		card_set(&card->title, PICK(&r, titles));
	card_set(&card->how_met, PICK(&r, how_met_texts));

	/* 1-3 emails; the first one carries the card number, so that any
	 * card can be found by a query string unique to it. */
	c->nemails = 1 + rng_below(&r, 3);
	static const char *const email_labels[] = { "work", "home", "" };
	for (size_t k = 0; k < c->nemails; k++) {
		if (k == 0)
			snprintf(c->emails[k], sizeof c->emails[k], "%s.%s%llu@%s", g->latin, f->latin,
				 (unsigned long long)i, PICK(&r, domains));
		else
			snprintf(c->emails[k], sizeof c->emails[k], "%s%c%u@%s", g->latin, f->latin[0],
				 rng_below(&r, 1000), PICK(&r, domains));
		card_add_field(card, FIELD_EMAIL, c->emails[k], email_labels[k]);
	}
	unsigned nphones = rng_below(&r, 3);
	static const char *const phone_labels[] = { "mobile", "work", "home" };
	for (unsigned k = 0; k < nphones; k++) {
		char phone[40];
		snprintf(phone, sizeof phone, "+%u %03u %03u %04u", 1 + rng_below(&r, 49), 100 + rng_below(&r, 900),
			 100 + rng_below(&r, 900), rng_below(&r, 10000));
		card_add_field(card, FIELD_PHONE, phone, phone_labels[k]);
	}
	if (rng_chance(&r, 10)) {
		char url[160];
		snprintf(url, sizeof url, "https://www.linkedin.com/in/%s-%s-%llu", g->latin, f->latin,
			 (unsigned long long)i);
		card_add_field(card, FIELD_URL, url, "linkedin");
	}

	/* Birthdays: 60% have one, a third of those without the year. */
	if (rng_chance(&r, 60)) {
		card->birthday.month = 1 + (int)rng_below(&r, 12);
		card->birthday.day = 1 + (int)rng_below(&r, (unsigned)date_days_in_month(2001, card->birthday.month));
		card->birthday.year = rng_chance(&r, 33) ? 0 : 1950 + (int)rng_below(&r, 55);
	}

	unsigned ntags = rng_below(&r, 4);
	for (unsigned k = 0; k < ntags; k++)
		card_add_tag(card, PICK(&r, tags));

	if (rng_chance(&r, 15)) {
		static const struct cadence cadences[] = {
			{ 1, 'm' }, { 3, 'm' }, { 6, 'm' }, { 1, 'y' }, { 45, 'd' }, { 0, 'd' },
		};
		card->cadence_set = true;
		card->cadence = PICK(&r, cadences);
	}

	int today = gen_today();
	c->nnotes = rng_below(&r, 3);
	for (size_t k = 0; k < c->nnotes; k++) {
		timestamp_of_day(today - 1 - (int)rng_below(&r, 700), (int)rng_below(&r, 86400), c->notes[k].at);
		c->notes[k].text = PICK(&r, note_texts);
	}
	c->ntouches = rng_below(&r, 4);
	for (size_t k = 0; k < c->ntouches; k++) {
		struct gen_touch *t = &c->touches[k];
		t->date = today - 1 - (int)rng_below(&r, 730);
		t->channel = (enum channel)rng_below(&r, CHANNEL_COUNT);
		t->note = PICK(&r, touch_notes);
		timestamp_of_day(t->date, 8 * 3600 + (int)rng_below(&r, 36000), t->at);
	}
}

static void contact_done(struct contact *c)
{
	card_done(&c->card);
}

/* ---- vCard 3.0 through rolodex's own writer (io layer) ----------------- */

static void vcard_write_contact(FILE *out, const struct contact *c)
{
	struct note notes[2];
	struct touch touches[3];
	for (size_t k = 0; k < c->nnotes; k++) {
		notes[k] = (struct note){ .id = 0, .card_id = c->card.id, .text = (char *)c->notes[k].text };
		snprintf(notes[k].at, sizeof notes[k].at, "%s", c->notes[k].at);
	}
	for (size_t k = 0; k < c->ntouches; k++) {
		const struct gen_touch *t = &c->touches[k];
		touches[k] = (struct touch){ .card_id = c->card.id, .date = t->date, .channel = t->channel,
					     .note = (char *)t->note };
		snprintf(touches[k].at, sizeof touches[k].at, "%s", t->at);
	}
	char *cause = NULL;
	if (vcard_write(out, &c->card, notes, c->nnotes, touches, c->ntouches, VCARD_30, &cause) != RDX_OK)
		fatal("writing a vCard: %s", cause != NULL ? cause : "error");
}

/* ---- abook ------------------------------------------------------------- */

/* abook's file is INI-like: one value per line, no escapes, so line breaks
 * in a value become spaces and commas separate emails. */
static void abook_value(FILE *fp, const char *key, const char *value)
{
	if (value[0] == '\0')
		return;
	fprintf(fp, "%s=", key);
	for (const char *p = value; *p != '\0'; p++)
		fputc(*p == '\n' || *p == '\r' ? ' ' : *p, fp);
	fputc('\n', fp);
}

static void abook_write_contact(FILE *fp, const struct contact *c, uint64_t i)
{
	const struct card *card = &c->card;
	fprintf(fp, "[%llu]\n", (unsigned long long)i);
	abook_value(fp, "name", card->name);
	fputs("email=", fp);
	for (size_t k = 0; k < c->nemails; k++)
		fprintf(fp, "%s%s", k > 0 ? "," : "", c->emails[k]);
	fputc('\n', fp);
	for (size_t k = 0; k < card->nfields; k++) {
		const struct card_field *f = &card->fields[k];
		if (f->kind == FIELD_PHONE) {
			const char *key = strcmp(f->label, "mobile") == 0 ? "mobile"
					  : strcmp(f->label, "work") == 0 ? "workphone"
									  : "phone";
			abook_value(fp, key, f->value);
		} else if (f->kind == FIELD_URL) {
			abook_value(fp, "url", f->value);
		}
	}
	abook_value(fp, "nick", card->nickname);
	if (card->birthday.month != 0) {
		char text[DATE_TEXT_SIZE];
		birthday_format(&card->birthday, text);
		abook_value(fp, "anniversary", text);
	}
	if (c->nnotes > 0)
		abook_value(fp, "notes", c->notes[0].text);
	fputc('\n', fp);
}

/* ---- the database ------------------------------------------------------ */

static void check(enum rdx_status s, char *cause, const char *what)
{
	if (s != RDX_OK)
		fatal("%s: %s", what, cause != NULL ? cause : rdx_status_message(s));
}

static void db_write_contact(struct db *db, struct contact *c)
{
	char *cause = NULL;
	check(card_insert(db, &c->card, GEN_NOW, &cause), cause, "card_insert");
	for (size_t k = 0; k < c->nnotes; k++)
		check(note_add(db, c->card.id, c->notes[k].text, c->notes[k].at, NULL, &cause), cause, "note_add");
	for (size_t k = 0; k < c->ntouches; k++) {
		const struct gen_touch *t = &c->touches[k];
		check(touch_add(db, c->card.id, t->date, t->channel, t->note, t->at, NULL, &cause), cause,
		      "touch_add");
	}
}

static void db_set_tag_cadences(struct db *db)
{
	static const struct {
		const char *tag;
		struct cadence cadence;
	} defaults[] = {
		{ .tag = "close", .cadence = { 1, 'm' } },
		{ .tag = "network", .cadence = { 3, 'm' } },
		{ .tag = "client", .cadence = { 2, 'm' } },
		{ .tag = "mentor", .cadence = { 6, 'm' } },
	};
	char *cause = NULL;
	for (size_t k = 0; k < sizeof defaults / sizeof defaults[0]; k++)
		check(tag_set_cadence(db, defaults[k].tag, &defaults[k].cadence, &cause), cause, "tag_set_cadence");
}

/* ---- main -------------------------------------------------------------- */

static FILE *open_out(const char *path)
{
	FILE *fp = fopen(path, "w");
	if (fp == NULL)
		fatal("%s: %s", path, strerror(errno));
	return fp;
}

static void close_out(FILE *fp, const char *path)
{
	if (fp != NULL && (ferror(fp) || fclose(fp) != 0))
		fatal("%s: write error", path);
}

static uint64_t parse_count(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		fatal("bad count: %s", s);
	if (*end == 'k' || *end == 'K')
		n *= 1000, end++;
	else if (*end == 'M' || *end == 'm')
		n *= 1000000, end++;
	if (*end != '\0' || n == 0)
		fatal("bad count: %s", s);
	return n;
}

int main(int argc, char **argv)
{
	uint64_t count = 0;
	uint64_t seed = 20261101;
	const char *db_path = NULL, *vcf_path = NULL, *vdir_path = NULL, *abook_path = NULL, *info_path = NULL;
	for (int k = 1; k < argc; k++) {
		const char *a = argv[k];
		const char *v = k + 1 < argc ? argv[k + 1] : NULL;
		if (v == NULL)
			fatal("usage: gen_rolodex -n COUNT [--seed S] [--db F] [--vcf F] [--vdir D] [--abook F] [--info F]");
		if (strcmp(a, "-n") == 0)
			count = parse_count(v);
		else if (strcmp(a, "--seed") == 0)
			seed = strtoull(v, NULL, 10);
		else if (strcmp(a, "--db") == 0)
			db_path = v;
		else if (strcmp(a, "--vcf") == 0)
			vcf_path = v;
		else if (strcmp(a, "--vdir") == 0)
			vdir_path = v;
		else if (strcmp(a, "--abook") == 0)
			abook_path = v;
		else if (strcmp(a, "--info") == 0)
			info_path = v;
		else
			fatal("unknown option %s", a);
		k++;
	}
	if (count == 0)
		fatal("-n COUNT is required");

	struct db *db = NULL;
	char *cause = NULL;
	if (db_path != NULL) {
		if (remove(db_path) != 0 && errno != ENOENT)
			fatal("%s: %s", db_path, strerror(errno));
		check(db_open(db_path, 0, &db, &cause), cause, db_path);
		/* The whole rolodex is one transaction, as an import is. */
		check(db_begin(db, &cause), cause, "begin");
		db_set_tag_cadences(db);
	}
	FILE *vcf = vcf_path != NULL ? open_out(vcf_path) : NULL;
	FILE *abook = abook_path != NULL ? open_out(abook_path) : NULL;
	if (vdir_path != NULL && mkdir(vdir_path, 0700) != 0 && errno != EEXIST)
		fatal("%s: %s", vdir_path, strerror(errno));
	if (abook != NULL)
		fprintf(abook, "# abook addressbook file\n\n[format]\nprogram=abook\nversion=0.6.1\n\n\n");

	uint64_t emails = 0, notes = 0, touches = 0, with_birthday = 0;
	char *query = NULL;
	for (uint64_t i = 0; i < count; i++) {
		struct contact c;
		contact_make(&c, seed, i);
		emails += c.nemails;
		notes += c.nnotes;
		touches += c.ntouches;
		with_birthday += c.card.birthday.month != 0;
		if (i == count / 2) {
			/* The local part of the middle card's first email up to
			 * '@' selects that card alone in every tool. */
			const char *dot = strchr(c.emails[0], '.');
			const char *at = strchr(c.emails[0], '@');
			query = xasprintf("%.*s", (int)(at - dot - 1), dot + 1);
		}
		/* The card as stored (split name, revision) is what is written
		 * out; its id is dropped by the writer. */
		if (db != NULL)
			db_write_contact(db, &c);
		else
			card_split_name(&c.card);
		c.card.id = 0;
		c.card.revision = 1;
		if (vcf != NULL)
			vcard_write_contact(vcf, &c);
		if (vdir_path != NULL) {
			char *path = xasprintf("%s/%s.vcf", vdir_path, c.card.uid);
			FILE *fp = open_out(path);
			vcard_write_contact(fp, &c);
			close_out(fp, path);
			free(path);
		}
		if (abook != NULL)
			abook_write_contact(abook, &c, i);
		contact_done(&c);
	}
	char *first_name = NULL, *abook_first = NULL;
	{
		struct contact c;
		contact_make(&c, seed, 0);
		abook_first = xstrdup(c.card.name);
		contact_done(&c);
	}
	if (db != NULL) {
		check(db_commit(db, &cause), cause, "commit");
		/* The card the browser opens on: the first in sort order. */
		struct card_row *rows = NULL;
		size_t n = 0;
		check(card_page(db, NULL, NULL, true, 1, &rows, &n, &cause), cause, "card_page");
		if (n == 1)
			first_name = xstrdup(rows[0].name);
		card_rows_free(rows, n);
		db_close(db);
	}
	close_out(vcf, vcf_path);
	close_out(abook, abook_path);
	if (info_path != NULL) {
		FILE *fp = open_out(info_path);
		fprintf(fp, "cards=%llu\nemails=%llu\nnotes=%llu\ntouches=%llu\nbirthdays=%llu\nquery=%s\n",
			(unsigned long long)count, (unsigned long long)emails, (unsigned long long)notes,
			(unsigned long long)touches, (unsigned long long)with_birthday, query);
		/* Ids follow insertion order: card i has id i + 1. */
		fprintf(fp, "show_id=%llu\nabook_first=%s\n", (unsigned long long)(count / 2 + 1), abook_first);
		if (first_name != NULL)
			fprintf(fp, "first_name=%s\n", first_name);
		close_out(fp, info_path);
	}
	free(query);
	free(first_name);
	free(abook_first);
	return 0;
}
