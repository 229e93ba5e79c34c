/*
 * test_search.c - unit tests for finding and browsing cards: full-text
 * search (prefixes, accents, CJK and other scripts, FTS syntax typed by a
 * user), qualifiers, keyset paging over a thousand cards in both
 * directions, counts, positions, A-Z tabs, and the query plans of the
 * browser's hot paths.
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

#include "model/db_internal.h"
#include "rolodex/browse.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-01-15T10:00:00Z";

/* ---- helpers ------------------------------------------------------------ */

static int D(int y, int m, int d)
{
	assert_true(date_valid(y, m, d));
	return date_from_ymd(y, m, d);
}

struct spec {
	const char *name;
	const char *org;
	const char *title;
	const char *email;
	const char *tags[3];
	const char *cadence; /* NULL: inherit */
};

static int64_t add_spec(struct db *db, const struct spec *s)
{
	struct card c;
	char *cause = NULL;
	card_init(&c);
	card_set(&c.name, s->name);
	if (s->org != NULL)
		card_set(&c.org, s->org);
	if (s->title != NULL)
		card_set(&c.title, s->title);
	if (s->email != NULL)
		card_add_field(&c, FIELD_EMAIL, s->email, "work");
	for (size_t i = 0; i < 3 && s->tags[i] != NULL; i++)
		card_add_tag(&c, s->tags[i]);
	if (s->cadence != NULL) {
		c.cadence_set = true;
		assert_true(cadence_parse(s->cadence, &c.cadence));
	}
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, s->name);
	int64_t id = c.id;
	card_done(&c);
	return id;
}

static int64_t add_named(struct db *db, const char *name)
{
	struct spec s = { .name = name };
	return add_spec(db, &s);
}

/* Ids the filter selects, in order, through card_page; also checks that
 * card_count agrees.  Caller frees. */
static int64_t *select_ids(struct db *db, const struct card_filter *f, size_t *n)
{
	struct card_row *rows = NULL;
	size_t count = 0;
	char *cause = NULL;
	expect_ok(card_page(db, f, NULL, true, 5000, &rows, &count, &cause), &cause, f->query ? f->query : "page");
	int64_t total = -1;
	expect_ok(card_count(db, f, &total, &cause), &cause, "count");
	assert_int_equal(total, (int64_t)count);
	int64_t *ids = xcalloc(count + 1, sizeof *ids);
	for (size_t i = 0; i < count; i++)
		ids[i] = rows[i].id;
	card_rows_free(rows, count);
	*n = count;
	return ids;
}

/* Checks that `query` selects exactly the listed ids (0-terminated). */
static void check_query_filter(struct db *db, struct card_filter f, const int64_t *want)
{
	size_t n = 0;
	int64_t *got = select_ids(db, &f, &n);
	size_t nwant = 0;
	while (want[nwant] != 0)
		nwant++;
	bool same = n == nwant;
	for (size_t i = 0; same && i < nwant; i++) {
		bool found = false;
		for (size_t j = 0; j < n; j++)
			found = found || got[j] == want[i];
		same = found;
	}
	if (!same) {
		print_error("query \"%s\" (tag %s, due %d, trash %d) selected %zu cards:", f.query ? f.query : "",
			    f.tag ? f.tag : "-", f.due_only, f.trash, n);
		for (size_t j = 0; j < n; j++)
			print_error(" %lld", (long long)got[j]);
		print_error("; wanted");
		for (size_t i = 0; i < nwant; i++)
			print_error(" %lld", (long long)want[i]);
		print_error("\n");
		free(got);
		fail();
	}
	free(got);
}

static void check_query(struct db *db, const char *query, const int64_t *want)
{
	struct card_filter f = { .query = query, .today = D(2026, 1, 15) };
	check_query_filter(db, f, want);
}

/* ---- the small fixture ------------------------------------------------------- */

enum { ADA, GRACE, ZOE, MULLER, YAMADA, KIM, SOCRATES, IVANOV, EMILE, NPEOPLE };

struct people {
	struct db *db;
	int64_t id[NPEOPLE];
};

static int setup_people(void **state)
{
	static const struct spec specs[NPEOPLE] = {
		[ADA] = { "Ada Lovelace", "Analytical Engines", "Mathematician", "ada@example.org",
			  { "Mentor", "acme-alumni", NULL }, "3m" },
		[GRACE] = { "Grace Hopper", "US Navy", "Rear Admiral", "grace@navy.example", { "client", NULL, NULL },
			    "1m" },
		[ZOE] = { "Zoë Quinn", NULL, NULL, NULL, { NULL, NULL, NULL }, NULL },
		[MULLER] = { "Thomas Müller", "FC Bayern", NULL, "thomas.mueller@example.de", { NULL, NULL, NULL },
			     NULL },
		[YAMADA] = { "山田太郎", "株式会社テスト", NULL, NULL, { NULL, NULL, NULL }, NULL },
		[KIM] = { "김민준", NULL, NULL, NULL, { NULL, NULL, NULL }, NULL },
		[SOCRATES] = { "Σωκράτης Παππάς", NULL, NULL, NULL, { NULL, NULL, NULL }, NULL },
		[IVANOV] = { "Дмитрий Иванов", NULL, NULL, NULL, { NULL, NULL, NULL }, NULL },
		[EMILE] = { "Émile Zola", "Acme Corp", "Novelist", "emile@acme.example", { "acme-alumni", NULL, NULL },
			    NULL },
	};
	struct people *p = xcalloc(1, sizeof *p);
	p->db = open_memory();
	for (int i = 0; i < NPEOPLE; i++)
		p->id[i] = add_spec(p->db, &specs[i]);
	char *cause = NULL;
	expect_ok(note_add(p->db, p->id[ADA], "Kids: Byron and Annabella", NOW, NULL, &cause), &cause, "note");
	expect_ok(touch_add(p->db, p->id[ADA], D(2026, 1, 2), CHANNEL_EVENT, "Went to the opera together", NOW, NULL,
			    &cause),
		  &cause, "touch");
	*state = p;
	return 0;
}

static int teardown_people(void **state)
{
	struct people *p = *state;
	db_close(p->db);
	free(p);
	return 0;
}

static int64_t add_with_phone(struct db *db, const char *name, const char *phone)
{
	struct card c;
	char *cause = NULL;
	card_init(&c);
	card_set(&c.name, name);
	card_add_field(&c, FIELD_PHONE, phone, "mobile");
	expect_ok(card_insert(db, &c, NOW, &cause), &cause, name);
	int64_t id = c.id;
	card_done(&c);
	return id;
}

static void check_problem(const char *query, const char *want)
{
	struct card_filter f = { .query = query, .today = D(2026, 1, 15) };
	const char *got = card_filter_problem(&f);
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(got, want) != 0)
		fail_msg("query \"%s\": problem \"%s\", wanted \"%s\"", query, got ? got : "(none)",
			 want ? want : "(none)");
}

/* Phone numbers by their digits, whatever the separators, with + or 00. */
static void test_search_phones(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	int64_t paul = add_with_phone(db, "Paul Newman", "+1 (212) 555-1234");
	int64_t marie = add_with_phone(db, "Marie Curie", "0033 1 23 45 67 89");
	int64_t hans = add_with_phone(db, "Hans Berger", "030.9876.5432");
	check_query(db, "555 1234", (int64_t[]){ paul, 0 });
	check_query(db, "555-1234", (int64_t[]){ paul, 0 });
	check_query(db, "(212) 555", (int64_t[]){ paul, 0 });
	check_query(db, "212-555-1234", (int64_t[]){ paul, 0 });
	check_query(db, "+1 212", (int64_t[]){ paul, 0 });
	check_query(db, "+12125551234", (int64_t[]){ paul, 0 });
	check_query(db, "001 212 555", (int64_t[]){ paul, 0 });
	check_query(db, "+33", (int64_t[]){ marie, 0 });
	check_query(db, "0033 1 23", (int64_t[]){ marie, 0 });
	check_query(db, "+33 1 23 45 67 89", (int64_t[]){ marie, 0 });
	check_query(db, "9876", (int64_t[]){ hans, 0 });
	check_query(db, "9876-5432", (int64_t[]){ hans, 0 });
	check_query(db, "030 9876", (int64_t[]){ hans, 0 });
	check_query(db, "+49", (int64_t[]){ 0 });
	check_query(db, "0033", (int64_t[]){ marie, 0 });
	check_query(db, "0012125551234", (int64_t[]){ paul, 0 });
	/* Digits after 00 in a name are the name's, not a country's. */
	int64_t agent = add_named(db, "Agent 001999");
	check_query(db, "001999", (int64_t[]){ agent, 0 });
	check_query(db, "5432 paul", (int64_t[]){ 0 });
	/* The digits of a phone never stand for an email or a name. */
	check_query(db, "newman", (int64_t[]){ paul, 0 });
}

/* Cyrillic and Greek names by their Latin spelling, accents still folded. */
static void test_search_transliterated(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	const int64_t *id = p->id;
	int64_t alex = add_named(db, "Αλέξανδρος Παπαδόπουλος");
	check_query(db, "ivanov", (int64_t[]){ id[IVANOV], 0 });
	check_query(db, "Ivanov", (int64_t[]){ id[IVANOV], 0 });
	check_query(db, "dmitry ivanov", (int64_t[]){ id[IVANOV], 0 });
	check_query(db, "Иванов", (int64_t[]){ id[IVANOV], 0 });
	check_query(db, "papadopoulos", (int64_t[]){ alex, 0 });
	check_query(db, "alexandros", (int64_t[]){ alex, 0 });
	check_query(db, "pappas", (int64_t[]){ id[SOCRATES], 0 });
	check_query(db, "sokratis", (int64_t[]){ id[SOCRATES], 0 });
	check_query(db, "emile", (int64_t[]){ id[EMILE], 0 });
	check_query(db, "muller", (int64_t[]){ id[MULLER], 0 });
}

/* last: and due:, and qualifiers still being typed. */
static void test_search_last_and_due(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	const int64_t *id = p->id;
	/* As of 15 Jan 2026 only Ada was contacted, on 2 Jan 2026. */
	check_query(db, "last:<2w", (int64_t[]){ id[ADA], 0 });
	check_query(db, "last:<1w", (int64_t[]){ 0 });
	check_query(db, "last:>1w ada", (int64_t[]){ id[ADA], 0 });
	check_query(db, "last:>6m ada", (int64_t[]){ 0 });
	check_query(db, "last:>6m grace", (int64_t[]){ id[GRACE], 0 }); /* never counts as long ago */
	check_query(db, "last:never grace", (int64_t[]){ id[GRACE], 0 });
	check_query(db, "last:never ada", (int64_t[]){ 0 });
	check_query(db, "last:2026", (int64_t[]){ id[ADA], 0 });
	check_query(db, "last:2025", (int64_t[]){ 0 });
	check_query(db, "last:2026 tag:mentor", (int64_t[]){ id[ADA], 0 });
	check_query(db, "last:<2w last:>1w", (int64_t[]){ id[ADA], 0 });
	check_problem("last:<2w", NULL);
	check_problem("last:never", NULL);
	check_problem("last:2026", NULL);

	check_query(db, "due:no ada", (int64_t[]){ id[ADA], 0 });
	check_query(db, "due:no grace", (int64_t[]){ 0 });
	check_query(db, "due:yes grace", (int64_t[]){ id[GRACE], 0 });
	check_problem("due:yes", NULL);
	check_problem("due:no", NULL);

	/* Half typed or unknown: a hint, and no narrowing at all. */
	static const char *const typing[] = { "due:", "due:y", "due:ye", "due:n", "due:yesx", "due:maybe" };
	for (size_t i = 0; i < sizeof typing / sizeof typing[0]; i++) {
		char *q = xasprintf("%s ada", typing[i]);
		check_query(db, q, (int64_t[]){ id[ADA], 0 });
		check_problem(typing[i], "due: yes or no");
		free(q);
	}
	static const char *const last_typing[] = { "last:", "last:>", "last:>6", "last:<2x", "last:ne", "last:26" };
	for (size_t i = 0; i < sizeof last_typing / sizeof last_typing[0]; i++) {
		char *q = xasprintf("%s grace", last_typing[i]);
		check_query(db, q, (int64_t[]){ id[GRACE], 0 });
		check_problem(last_typing[i], "last: >6m, <2w, never or a year (2026)");
		free(q);
	}
	check_problem("is:tr", "is: trash or due");
	check_problem("ada lovelace", NULL);
}

static void test_search_fields(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	const int64_t *id = p->id;
	check_query(db, "lov", (int64_t[]){ id[ADA], 0 });
	check_query(db, "Lovelace", (int64_t[]){ id[ADA], 0 });
	check_query(db, "anal", (int64_t[]){ id[ADA], 0 });              /* organization */
	check_query(db, "mathem", (int64_t[]){ id[ADA], 0 });            /* title */
	check_query(db, "ada@example", (int64_t[]){ id[ADA], 0 });       /* email */
	check_query(db, "navy", (int64_t[]){ id[GRACE], 0 });             /* org and email */
	check_query(db, "mueller", (int64_t[]){ id[MULLER], 0 });         /* email only */
	check_query(db, "mentor", (int64_t[]){ id[ADA], 0 });             /* tag */
	check_query(db, "acme", (int64_t[]){ id[ADA], id[EMILE], 0 });    /* tag, org */
	check_query(db, "alumni", (int64_t[]){ id[ADA], id[EMILE], 0 });
	check_query(db, "annab", (int64_t[]){ id[ADA], 0 });              /* note */
	check_query(db, "opera", (int64_t[]){ id[ADA], 0 });              /* touch note */
	check_query(db, "ada lov", (int64_t[]){ id[ADA], 0 });            /* every word */
	check_query(db, "ada hopper", (int64_t[]){ 0 });
	check_query(db, "novel", (int64_t[]){ id[EMILE], 0 });
	check_query(db, "nobodyatall", (int64_t[]){ 0 });
	check_query(db, "\"grace hopper\"", (int64_t[]){ id[GRACE], 0 }); /* quoted phrase */
}

static void test_search_follows_changes(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	const int64_t *id = p->id;
	char *cause = NULL;
	int64_t note_id = 0, touch_id = 0;
	expect_ok(note_add(db, id[GRACE], "Likes nanoseconds and COBOL", NOW, &note_id, &cause), &cause, "note");
	check_query(db, "nanosec", (int64_t[]){ id[GRACE], 0 });
	expect_ok(note_update(db, note_id, "Likes compilers", &cause), &cause, "update");
	check_query(db, "nanosec", (int64_t[]){ 0 });
	check_query(db, "compil", (int64_t[]){ id[GRACE], 0 });
	expect_ok(note_delete(db, note_id, &cause), &cause, "delete");
	check_query(db, "compil", (int64_t[]){ 0 });

	expect_ok(touch_add(db, id[ZOE], D(2026, 1, 3), CHANNEL_CALL, "Talked about Depression Quest", NOW, &touch_id,
			    &cause),
		  &cause, "touch");
	check_query(db, "depression", (int64_t[]){ id[ZOE], 0 });
	expect_ok(touch_delete(db, touch_id, &cause), &cause, "delete touch");
	check_query(db, "depression", (int64_t[]){ 0 });

	struct card c;
	expect_ok(card_load(db, id[MULLER], &c, &cause), &cause, "load");
	card_set(&c.org, "Bayer Leverkusen");
	card_add_tag(&c, "footballer");
	expect_ok(card_update(db, &c, c.revision, NOW, &cause), &cause, "update");
	card_done(&c);
	check_query(db, "fc", (int64_t[]){ 0 });
	check_query(db, "leverk", (int64_t[]){ id[MULLER], 0 });
	check_query(db, "footb", (int64_t[]){ id[MULLER], 0 });
}

static void test_search_folding(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	const int64_t *id = p->id;
	check_query(db, "zoe", (int64_t[]){ id[ZOE], 0 });
	check_query(db, "ZOË", (int64_t[]){ id[ZOE], 0 });
	check_query(db, "Zoë", (int64_t[]){ id[ZOE], 0 });
	check_query(db, "MULLER", (int64_t[]){ id[MULLER], 0 });
	check_query(db, "müll", (int64_t[]){ id[MULLER], 0 });
	check_query(db, "emile", (int64_t[]){ id[EMILE], 0 });
	check_query(db, "ÉMILE", (int64_t[]){ id[EMILE], 0 });
	check_query(db, "LoVeLaCe", (int64_t[]){ id[ADA], 0 });
}

static void test_search_scripts(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	const int64_t *id = p->id;
	check_query(db, "山田太郎", (int64_t[]){ id[YAMADA], 0 });
	check_query(db, "太郎", (int64_t[]){ id[YAMADA], 0 });
	check_query(db, "山田", (int64_t[]){ id[YAMADA], 0 });
	check_query(db, "田太", (int64_t[]){ id[YAMADA], 0 });
	check_query(db, "郎", (int64_t[]){ id[YAMADA], 0 });
	check_query(db, "テスト", (int64_t[]){ id[YAMADA], 0 }); /* katakana organization */
	check_query(db, "太田", (int64_t[]){ 0 });
	check_query(db, "민준", (int64_t[]){ id[KIM], 0 });
	check_query(db, "김", (int64_t[]){ id[KIM], 0 });
	check_query(db, "σωκ", (int64_t[]){ id[SOCRATES], 0 });
	check_query(db, "ΣΩΚ", (int64_t[]){ id[SOCRATES], 0 });
	check_query(db, "παππάς", (int64_t[]){ id[SOCRATES], 0 });
	check_query(db, "иван", (int64_t[]){ id[IVANOV], 0 });
	check_query(db, "ИВАНОВ", (int64_t[]){ id[IVANOV], 0 });
	check_query(db, "дмитрий иванов", (int64_t[]){ id[IVANOV], 0 });
}

/* Every browsing call on a filter with this query must succeed. */
static void check_harmless(struct db *db, const char *query)
{
	struct card_filter f = { .query = query, .today = D(2026, 1, 15) };
	char *cause = NULL;
	struct card_row *rows = NULL;
	size_t n = 0;
	int64_t count = 0;
	bool present[27];
	int64_t first = 0;
	expect_ok(card_page(db, &f, NULL, true, 50, &rows, &n, &cause), &cause, query);
	expect_ok(card_count(db, &f, &count, &cause), &cause, query);
	assert_int_equal(count, (int64_t)n);
	if (n > 0) {
		struct card_key key = { .sort_key = rows[n - 1].sort_key, .id = rows[n - 1].id };
		struct card_row *back = NULL;
		size_t nb = 0;
		expect_ok(card_page(db, &f, &key, false, 50, &back, &nb, &cause), &cause, query);
		assert_int_equal(nb, n - 1);
		card_rows_free(back, nb);
		int64_t pos = 0;
		expect_ok(card_position(db, &f, rows[n - 1].id, &pos, &cause), &cause, query);
		assert_int_equal(pos, (int64_t)n);
	}
	card_rows_free(rows, n);
	expect_ok(card_tabs_present(db, &f, present, &cause), &cause, query);
	enum rdx_status st = card_first_in_tab(db, &f, 'A', &first, &cause);
	if (st != RDX_OK && st != RDX_NOT_FOUND)
		expect_ok(st, &cause, query);
	free(cause);
}

static void test_search_syntax_is_harmless(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	const char *queries[] = {
		"\"", "*", "-", "(", ")", "NEAR", "AND", "OR", "NOT", ":", "^", "{", "}", "'", "\"\"", "\"\" \"\"",
		"", "   ", "\t\n", "ada\"", "\"ada", "ada*", "*ada", "-ada", "(ada", "ada)", "ada OR grace",
		"ada AND", "NOT ada", "ada NOT grace", "NEAR(ada grace)", "NEAR/3", "ada + grace", "name:ada",
		"col:", "org:", "tag:", "tag:\"", "due:", "is:", "is:nothing", "org:(", "org:\"", "org:*",
		"tag:'", "^ada", "{name}:ada", "ada:", "\\", "%", "_", "'; DROP TABLE card; --", "x' OR '1'='1",
		"\"unterminated phrase", "…", "—", "😀", "a\x01b", "\xff\xfe", "ada \xc3", "rowid:1",
		"card_fts:ada", "\"\"\"", "''", "0", "-1", "1e99", "NEAR(\"a\" \"b\", 2)",
	};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
		check_harmless(db, queries[i]);

	/* Long queries: 10 KB of words, of one word, of CJK, of quotes. */
	size_t size = 10 * 1024;
	char *big = xmalloc(size + 1);
	const char *word = "lovelace ";
	for (size_t i = 0; i < size; i++)
		big[i] = word[i % strlen(word)];
	big[size] = '\0';
	check_harmless(db, big);
	memset(big, 'a', size);
	check_harmless(db, big);
	memset(big, '"', size);
	check_harmless(db, big);
	for (size_t i = 0; i < size; i++)
		big[i] = "(*-\" :^"[i % 7];
	check_harmless(db, big);
	free(big);
	char *cjk = xmalloc(3 * 3500 + 1);
	for (size_t i = 0; i < 3500; i++)
		memcpy(cjk + 3 * i, "太", 3);
	cjk[3 * 3500] = '\0';
	check_harmless(db, cjk);
	free(cjk);

	/* Repeated words count once, and the words after them still count. */
	const int64_t *pid = p->id;
	char *repeated = xmalloc(9 * 1200 + 16);
	for (size_t i = 0; i < 1200; i++)
		memcpy(repeated + 9 * i, "lovelace ", 9);
	strcpy(repeated + 9 * 1200, "ada");
	check_query(db, repeated, (int64_t[]){ pid[ADA], 0 });
	strcpy(repeated + 9 * 1200, "hopper");
	check_query(db, repeated, (int64_t[]){ 0 });
	free(repeated);

	/* The user's text never became SQL: everything is still there. */
	int64_t count = 0;
	char *cause = NULL;
	expect_ok(db_card_count(db, &count, &cause), &cause, "count");
	assert_int_equal(count, NPEOPLE);

	/* Syntax characters around a real word do not hide it. */
	const int64_t *id = p->id;
	check_query(db, "\"ada", (int64_t[]){ id[ADA], 0 });
	check_query(db, "ada*", (int64_t[]){ id[ADA], 0 });
	check_query(db, "(ada)", (int64_t[]){ id[ADA], 0 });
	check_query(db, "-lovelace", (int64_t[]){ id[ADA], 0 });
	check_query(db, "ada -", (int64_t[]){ id[ADA], 0 });
	check_query(db, "ada \"", (int64_t[]){ id[ADA], 0 });
	check_query(db, "ada OR", (int64_t[]){ id[ADA], 0 });
	check_query(db, "ada …", (int64_t[]){ id[ADA], 0 });
	check_query(db, "— ada", (int64_t[]){ id[ADA], 0 });
	check_query(db, "ada 😀", (int64_t[]){ id[ADA], 0 });
	check_query(db, "", (int64_t[]){ id[ADA], id[GRACE], id[ZOE], id[MULLER], id[YAMADA], id[KIM], id[SOCRATES],
					id[IVANOV], id[EMILE], 0 });
	check_query(db, "  \"  ", (int64_t[]){ id[ADA], id[GRACE], id[ZOE], id[MULLER], id[YAMADA], id[KIM],
					      id[SOCRATES], id[IVANOV], id[EMILE], 0 });
}

static void test_qualifiers(void **state)
{
	struct people *p = *state;
	struct db *db = p->db;
	const int64_t *id = p->id;
	char *cause = NULL;
	check_query(db, "tag:mentor", (int64_t[]){ id[ADA], 0 });
	check_query(db, "tag:MENTOR", (int64_t[]){ id[ADA], 0 });
	check_query(db, "tag:acme-alumni", (int64_t[]){ id[ADA], id[EMILE], 0 });
	/* A tag prefix finds the tags starting with it. */
	check_query(db, "tag:acme", (int64_t[]){ id[ADA], id[EMILE], 0 });
	check_query(db, "tag:acme-al", (int64_t[]){ id[ADA], id[EMILE], 0 });
	check_query(db, "tag:alumni", (int64_t[]){ 0 });
	check_query(db, "tag:men", (int64_t[]){ id[ADA], 0 });
	/* The filter's own tag (the filter menu, --tag) is the whole tag. */
	struct card_filter whole = { .tag = "acme", .today = D(2026, 1, 15) };
	check_query_filter(db, whole, (int64_t[]){ 0 });
	check_query(db, "tag:acme-alumni zola", (int64_t[]){ id[EMILE], 0 });
	check_query(db, "tag:acme-alumni tag:mentor", (int64_t[]){ id[ADA], 0 });
	check_query(db, "org:acme", (int64_t[]){ id[EMILE], 0 }); /* not Ada's tag */
	check_query(db, "org:anal", (int64_t[]){ id[ADA], 0 });
	check_query(db, "org:ANALYTICAL", (int64_t[]){ id[ADA], 0 });
	check_query(db, "org:navy", (int64_t[]){ id[GRACE], 0 });
	check_query(db, "org:lovelace", (int64_t[]){ 0 });
	check_query(db, "org:\"US Navy\"", (int64_t[]){ id[GRACE], 0 });
	check_query(db, "org:テスト", (int64_t[]){ id[YAMADA], 0 });

	/* due: Grace (1m) and Ada (3m, touched 2 Jan) as of 15 Jan. */
	check_query(db, "due:yes", (int64_t[]){ id[GRACE], 0 });
	check_query(db, "due:true", (int64_t[]){ id[GRACE], 0 });
	check_query(db, "is:due", (int64_t[]){ id[GRACE], 0 });
	struct card_filter later = { .query = "due:yes", .today = D(2026, 4, 2) };
	check_query_filter(db, later, (int64_t[]){ id[ADA], id[GRACE], 0 });
	later.query = "due:yes ada";
	check_query_filter(db, later, (int64_t[]){ id[ADA], 0 });
	struct card_filter due_only = { .due_only = true, .today = D(2026, 4, 2) };
	check_query_filter(db, due_only, (int64_t[]){ id[ADA], id[GRACE], 0 });
	/* tag + due + words, through the struct as well as qualifiers. */
	struct card_filter combined = { .query = "lov", .tag = "Mentor", .due_only = true, .today = D(2026, 4, 2) };
	check_query_filter(db, combined, (int64_t[]){ id[ADA], 0 });
	combined.today = D(2026, 1, 15);
	check_query_filter(db, combined, (int64_t[]){ 0 });
	combined = (struct card_filter){ .query = "hopper", .tag = "mentor", .today = D(2026, 4, 2) };
	check_query_filter(db, combined, (int64_t[]){ 0 });

	/* Trash. */
	expect_ok(card_trash(db, id[ZOE], NOW, &cause), &cause, "trash");
	check_query(db, "is:trash", (int64_t[]){ id[ZOE], 0 });
	check_query(db, "is:trash zoe", (int64_t[]){ id[ZOE], 0 });
	check_query(db, "is:trash ada", (int64_t[]){ 0 });
	/* A qualifier still being typed narrows nothing yet. */
	check_query(db, "is:tr zoe", (int64_t[]){ 0 });
	check_query(db, "is:tr ada", (int64_t[]){ id[ADA], 0 });
	check_query(db, "is: ada", (int64_t[]){ id[ADA], 0 });
	check_query(db, "is:d ada", (int64_t[]){ id[ADA], 0 });
	check_query(db, "zoe", (int64_t[]){ 0 });
	struct card_filter trash = { .trash = true };
	check_query_filter(db, trash, (int64_t[]){ id[ZOE], 0 });
	expect_ok(card_restore(db, id[ZOE], NOW, &cause), &cause, "restore");
	check_query(db, "zoe", (int64_t[]){ id[ZOE], 0 });

	/* Birthdays. */
	struct card c;
	expect_ok(card_load(db, id[KIM], &c, &cause), &cause, "load");
	c.birthday = (struct birthday){ 0, 5, 17 };
	expect_ok(card_update(db, &c, c.revision, NOW, &cause), &cause, "update");
	card_done(&c);
	struct card_filter bday = { .has_birthday = true };
	check_query_filter(db, bday, (int64_t[]){ id[KIM], 0 });
}

/* ---- tabs on a small rolodex ----------------------------------------------- */

static void test_tabs_small(void **state)
{
	(void)state;
	struct db *db = open_memory();
	char *cause = NULL;
	int64_t id = 0;
	bool present[27];
	struct card_filter all = { 0 };

	expect(RDX_NOT_FOUND, card_first_in_tab(db, &all, 'A', &id, &cause), &cause, "empty rolodex");
	expect_ok(card_tabs_present(db, &all, present, &cause), &cause, "tabs");
	for (int i = 0; i < 27; i++)
		assert_false(present[i]);

	int64_t ada = add_named(db, "Ada Lovelace");
	int64_t mary = add_named(db, "Mary Somerville");
	int64_t yamada = add_named(db, "山田太郎");
	expect_ok(card_tabs_present(db, NULL, present, &cause), &cause, "tabs");
	for (int i = 0; i < 27; i++)
		assert_int_equal(present[i], i == 'L' - 'A' || i == 'S' - 'A' || i == 26);

	expect_ok(card_first_in_tab(db, NULL, 'A', &id, &cause), &cause, "A");
	assert_int_equal(id, ada);
	expect_ok(card_first_in_tab(db, NULL, 'L', &id, &cause), &cause, "L");
	assert_int_equal(id, ada);
	expect_ok(card_first_in_tab(db, NULL, 'm', &id, &cause), &cause, "m");
	assert_int_equal(id, mary);
	expect_ok(card_first_in_tab(db, NULL, 'T', &id, &cause), &cause, "T");
	assert_int_equal(id, yamada);
	expect_ok(card_first_in_tab(db, NULL, '#', &id, &cause), &cause, "#");
	assert_int_equal(id, yamada);

	/* With a filter, tabs and jumps see only the selected cards. */
	struct card_filter f = { .query = "lovelace" };
	expect_ok(card_tabs_present(db, &f, present, &cause), &cause, "tabs");
	for (int i = 0; i < 27; i++)
		assert_int_equal(present[i], i == 'L' - 'A');
	expect(RDX_NOT_FOUND, card_first_in_tab(db, &f, 'M', &id, &cause), &cause, "after the last");

	/* Positions of cards the filter does not select. */
	int64_t pos = 0;
	expect(RDX_NOT_FOUND, card_position(db, &f, mary, &pos, &cause), &cause, "not selected");
	expect(RDX_NOT_FOUND, card_position(db, NULL, 999, &pos, &cause), &cause, "no such card");
	expect_ok(card_trash(db, mary, NOW, &cause), &cause, "trash");
	expect(RDX_NOT_FOUND, card_position(db, NULL, mary, &pos, &cause), &cause, "trashed");
	struct card_filter trash = { .trash = true };
	expect_ok(card_position(db, &trash, mary, &pos, &cause), &cause, "in the trash");
	assert_int_equal(pos, 1);
	expect_ok(card_position(db, NULL, yamada, &pos, &cause), &cause, "position");
	assert_int_equal(pos, 2);

	/* Paging an empty selection and a zero limit. */
	struct card_row *rows = NULL;
	size_t n = 7;
	struct card_filter none = { .query = "nobody" };
	expect_ok(card_page(db, &none, NULL, true, 10, &rows, &n, &cause), &cause, "empty page");
	assert_int_equal(n, 0);
	card_rows_free(rows, n);
	expect_ok(card_page(db, NULL, NULL, false, 0, &rows, &n, &cause), &cause, "zero limit");
	assert_int_equal(n, 0);
	card_rows_free(rows, n);
	db_close(db);
}

/* ---- a thousand cards ------------------------------------------------------------ */

#define MANY 2200

struct many {
	struct db *db;
	int64_t ids[MANY];
	char *keys[MANY];
};

/* Families cover every letter but Q and X, so those tabs are empty. */
static const char *const families[] = {
	"Adams", "Baker", "Clark", "Davis", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Kim", "Lopez",
	"Miller", "Nguyen", "O'Brien", "Patel", "Rossi", "Smith", "Taylor", "Ueda", "Vargas", "Wright", "Young",
	"Zhang", "Østergaard", "de la Cruz", "Ángel",
};
static const char *const givens[] = {
	"Ada", "Grace", "Émile", "Zoë", "Li", "Jean-Luc", "Mary", "Omar", "Chiara", "Björn", "Ngozi", "Tomás",
};
static const char *const singles[] = { "Cher", "Madonna", "Prince", "Sting", "山田太郎", "Σωκράτης", "Дмитрий", "007" };

static unsigned lcg(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

static int setup_many(void **state)
{
	struct many *m = xcalloc(1, sizeof *m);
	m->db = open_memory();
	char *cause = NULL;
	unsigned seed = 42;
	struct cadence monthly = { 1, 'm' };
	expect_ok(tag_set_cadence(m->db, "close", &monthly, &cause), &cause, "tag cadence");
	expect_ok(db_begin(m->db, &cause), &cause, "begin");
	for (int i = 0; i < MANY; i++) {
		struct card c;
		card_init(&c);
		unsigned r = lcg(&seed);
		if (r % 13 == 0) {
			card_set(&c.name, singles[lcg(&seed) % (sizeof singles / sizeof singles[0])]);
		} else {
			char *name = xasprintf("%s %s", givens[lcg(&seed) % (sizeof givens / sizeof givens[0])],
					       families[lcg(&seed) % (sizeof families / sizeof families[0])]);
			card_set(&c.name, name);
			free(name);
		}
		if (i % 2 == 0)
			card_add_tag(&c, "even");
		if (i % 5 == 0)
			card_add_tag(&c, "close");
		switch (i % 7) {
		case 0:
			c.cadence_set = true;
			c.cadence = (struct cadence){ 1, 'm' };
			break;
		case 1:
			c.cadence_set = true;
			c.cadence = (struct cadence){ 0, 0 }; /* none, even when tagged close */
			break;
		case 2:
			c.cadence_set = true;
			c.cadence = (struct cadence){ 45, 'd' };
			break;
		default:
			break;
		}
		if (i % 11 == 0)
			snprintf(c.snooze_until, sizeof c.snooze_until, "%s", i % 22 == 0 ? "2026-02-01" : "2026-01-10");
		char email[64];
		snprintf(email, sizeof email, "person%04d@example.org", i);
		card_add_field(&c, FIELD_EMAIL, email, "");
		expect_ok(card_insert(m->db, &c, NOW, &cause), &cause, c.name);
		m->ids[i] = c.id;
		m->keys[i] = card_sort_key(&c);
		card_done(&c);
		if (i % 3 == 0) {
			/* Touches around month ends, some long ago. */
			int day = D(2025, 12, 31) - (int)(lcg(&seed) % 120);
			expect_ok(touch_add(m->db, m->ids[i], day, CHANNEL_EMAIL, NULL, NOW, NULL, &cause), &cause,
				  "touch");
		}
	}
	expect_ok(db_commit(m->db, &cause), &cause, "commit");
	*state = m;
	return 0;
}

static int teardown_many(void **state)
{
	struct many *m = *state;
	for (int i = 0; i < MANY; i++)
		free(m->keys[i]);
	db_close(m->db);
	free(m);
	return 0;
}

static int tab_rank(char tab)
{
	return tab == '#' ? 26 : tab - 'A';
}

/* Walks the whole selection page by page; returns the rows in order.
 * Checks each page is in order and pages join without gaps. */
static struct card_row *walk(struct db *db, const struct card_filter *f, bool forward, size_t page, size_t *total)
{
	struct card_row *all = NULL;
	size_t n = 0, cap = 0;
	char *cause = NULL;
	struct card_key key = { 0 };
	bool have_key = false;
	for (;;) {
		struct card_row *rows = NULL;
		size_t count = 0;
		expect_ok(card_page(db, f, have_key ? &key : NULL, forward, page, &rows, &count, &cause), &cause,
			  "page");
		assert_true(count <= page);
		if (count == 0) {
			card_rows_free(rows, count);
			break;
		}
		all = xgrow(all, &cap, n + count, sizeof *all);
		if (forward) {
			memcpy(all + n, rows, count * sizeof *rows);
		} else {
			memmove(all + count, all, n * sizeof *all);
			memcpy(all, rows, count * sizeof *rows);
		}
		n += count;
		free(rows);
		/* The next page starts after the last row (forward) or before
		 * the first (backward) of the walk so far. */
		const struct card_row *edge = forward ? &all[n - 1] : &all[0];
		free(key.sort_key);
		key.sort_key = xstrdup(edge->sort_key);
		key.id = edge->id;
		have_key = true;
		if (count < page)
			break;
	}
	free(key.sort_key);
	*total = n;
	return all;
}

static void check_sorted(const struct card_row *rows, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		int cmp = strcmp(rows[i].sort_key, rows[i + 1].sort_key);
		if (cmp > 0 || (cmp == 0 && rows[i].id >= rows[i + 1].id))
			fail_msg("rows %zu and %zu out of order: \"%s\" #%lld, \"%s\" #%lld", i, i + 1, rows[i].sort_key,
				 (long long)rows[i].id, rows[i + 1].sort_key, (long long)rows[i + 1].id);
		assert_true(tab_rank(rows[i].tab) <= tab_rank(rows[i + 1].tab));
	}
}

static int index_of(const struct many *m, int64_t id)
{
	for (int i = 0; i < MANY; i++)
		if (m->ids[i] == id)
			return i;
	return -1;
}

static void check_selection(struct many *m, const struct card_filter *f, bool (*selected)(int i), size_t page)
{
	char *cause = NULL;
	size_t n = 0, nb = 0;
	struct card_row *rows = walk(m->db, f, true, page, &n);
	check_sorted(rows, n);
	/* No duplicates, no gaps: exactly the selected cards. */
	bool *seen = xcalloc(MANY, sizeof *seen);
	size_t want = 0;
	for (int i = 0; i < MANY; i++)
		want += selected(i);
	assert_int_equal(n, want);
	for (size_t r = 0; r < n; r++) {
		int i = index_of(m, rows[r].id);
		assert_true(i >= 0);
		assert_false(seen[i]);
		assert_true(selected(i));
		seen[i] = true;
		assert_string_equal(rows[r].sort_key, m->keys[i]);
		assert_int_equal(rows[r].tab, card_tab_of(m->keys[i]));
	}
	free(seen);

	/* Backward gives the same order. */
	struct card_row *back = walk(m->db, f, false, page, &nb);
	assert_int_equal(nb, n);
	for (size_t r = 0; r < n; r++)
		assert_int_equal(back[r].id, rows[r].id);
	card_rows_free(back, nb);

	/* Count and positions agree with the walk. */
	int64_t count = 0;
	expect_ok(card_count(m->db, f, &count, &cause), &cause, "count");
	assert_int_equal(count, (int64_t)n);
	for (size_t r = 0; r < n; r += 7) {
		int64_t pos = 0;
		expect_ok(card_position(m->db, f, rows[r].id, &pos, &cause), &cause, "position");
		assert_int_equal(pos, (int64_t)r + 1);
	}
	if (n > 0) {
		int64_t pos = 0;
		expect_ok(card_position(m->db, f, rows[n - 1].id, &pos, &cause), &cause, "last position");
		assert_int_equal(pos, (int64_t)n);
	}

	/* Pages from a key in the middle, both ways, across the boundary. */
	if (n > 40) {
		size_t mid = n / 2;
		struct card_key key = { .sort_key = rows[mid].sort_key, .id = rows[mid].id };
		struct card_row *pg = NULL;
		size_t count_pg = 0;
		expect_ok(card_page(m->db, f, &key, true, 10, &pg, &count_pg, &cause), &cause, "page after");
		assert_int_equal(count_pg, 10);
		for (size_t k = 0; k < 10; k++)
			assert_int_equal(pg[k].id, rows[mid + 1 + k].id);
		card_rows_free(pg, count_pg);
		expect_ok(card_page(m->db, f, &key, false, 10, &pg, &count_pg, &cause), &cause, "page before");
		assert_int_equal(count_pg, 10);
		for (size_t k = 0; k < 10; k++)
			assert_int_equal(pg[k].id, rows[mid - 10 + k].id);
		card_rows_free(pg, count_pg);
		/* Near the ends: short pages. */
		key = (struct card_key){ .sort_key = rows[2].sort_key, .id = rows[2].id };
		expect_ok(card_page(m->db, f, &key, false, 10, &pg, &count_pg, &cause), &cause, "page at start");
		assert_int_equal(count_pg, 2);
		assert_int_equal(pg[0].id, rows[0].id);
		card_rows_free(pg, count_pg);
		key = (struct card_key){ .sort_key = rows[n - 1].sort_key, .id = rows[n - 1].id };
		expect_ok(card_page(m->db, f, &key, true, 10, &pg, &count_pg, &cause), &cause, "page at end");
		assert_int_equal(count_pg, 0);
		card_rows_free(pg, count_pg);
	}

	/* Tabs present and first-in-tab, against the walk. */
	bool present[27], want_present[27] = { false };
	for (size_t r = 0; r < n; r++)
		want_present[tab_rank(rows[r].tab)] = true;
	expect_ok(card_tabs_present(m->db, f, present, &cause), &cause, "tabs");
	for (int t = 0; t < 27; t++)
		assert_int_equal(present[t], want_present[t]);
	const char tabs[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ#";
	for (int t = 0; t < 27; t++) {
		int64_t first = 0;
		size_t r = 0;
		while (r < n && tab_rank(rows[r].tab) < t)
			r++;
		enum rdx_status st = card_first_in_tab(m->db, f, tabs[t], &first, &cause);
		if (r == n) {
			expect(RDX_NOT_FOUND, st, &cause, "first in tab past the end");
		} else {
			expect_ok(st, &cause, "first in tab");
			if (first != rows[r].id)
				fail_msg("first in tab %c: #%lld, wanted #%lld (%s)", tabs[t], (long long)first,
					 (long long)rows[r].id, rows[r].name);
		}
	}

	card_rows_free(rows, n);
}

static bool sel_all(int i)
{
	(void)i;
	return true;
}

static bool sel_even(int i)
{
	return i % 2 == 0;
}

static void test_paging_all(void **state)
{
	struct many *m = *state;
	check_selection(m, NULL, sel_all, 37);
	struct card_filter all = { 0 };
	check_selection(m, &all, sel_all, 100);
	check_selection(m, &all, sel_all, 1);
}

static bool sel_close(int i)
{
	return i % 5 == 0;
}

static bool sel_none(int i)
{
	(void)i;
	return false;
}

/* "even" has more cards than TAG_RARE_CARDS (browse.c), tested card by
 * card along the sort order; "close" fewer, read from the tag's index and
 * sorted; a tag no card has selects nothing. */
static void test_paging_tag(void **state)
{
	struct many *m = *state;
	struct card_filter f = { .tag = "even" };
	check_selection(m, &f, sel_even, 37);
	struct card_filter q = { .query = "tag:EVEN" };
	check_selection(m, &q, sel_even, 50);
	struct card_filter rare = { .tag = "close" };
	check_selection(m, &rare, sel_close, 37);
	struct card_filter rare_q = { .query = "tag:close" };
	check_selection(m, &rare_q, sel_close, 1);
	/* tag: takes a prefix: "tag:clo" finds the close cards. */
	struct card_filter typed = { .query = "tag:clo" };
	check_selection(m, &typed, sel_close, 10);
	struct card_filter none = { .query = "tag:closer" };
	check_selection(m, &none, sel_none, 10);
}

/* Emails person0000..person0999: the prefix "person00" selects the first
 * hundred cards. */
static bool sel_email_0(int i)
{
	return i < 100;
}

static void test_paging_search(void **state)
{
	struct many *m = *state;
	struct card_filter f = { .query = "person00" };
	check_selection(m, &f, sel_email_0, 13);
}

/*
 * A search's pages come from two paths (browse.c): a walk of the sort
 * order testing each card's full-text row, while the search's matches are
 * not read yet, and the matches read from the index.  Both must give the
 * same cards in the same order.
 */

/* Makes the next page of f walk: the cache then holds another search. */
static void forget_hits(struct db *db)
{
	struct card_filter other = { .query = "qqqnothing" };
	int64_t n = 0;
	char *cause = NULL;
	expect_ok(card_count(db, &other, &n, &cause), &cause, "count another search");
	assert_int_equal(n, 0);
}

struct ref_rows {
	int64_t *ids;
	char **keys;
	size_t n, cap;
};

static int collect_ref(void *ctx, const struct card_row *row)
{
	struct ref_rows *r = ctx;
	if (r->n == r->cap) {
		r->cap = r->cap * 2 + 64;
		r->ids = xrealloc(r->ids, r->cap * sizeof *r->ids);
		r->keys = xrealloc(r->keys, r->cap * sizeof *r->keys);
	}
	r->ids[r->n] = row->id;
	r->keys[r->n++] = xstrdup(row->sort_key);
	return 0;
}

/* Whether (key, id) comes after `from` in sort order. */
static int key_cmp(const char *key, int64_t id, const struct card_key *from)
{
	int c = strcmp(key, from->sort_key);
	return c != 0 ? c : (id > from->id) - (id < from->id);
}

/*
 * One page of f from `from` (NULL: an end) by the walk (the matches not
 * read yet) and again once they are read, both against the same cards in
 * sort order from card_foreach (the index's matches joined in SQL).
 */
static void check_walk_vs_hits(struct db *db, const struct card_filter *f, const struct card_key *from, bool forward,
			       size_t limit)
{
	struct ref_rows ref = { 0 };
	char *cause = NULL;
	expect_ok(card_foreach(db, f, collect_ref, &ref, &cause), &cause, "reference");
	/* The expected page: ref[lo, hi). */
	size_t lo = 0, hi = ref.n;
	if (forward) {
		if (from != NULL)
			while (lo < ref.n && key_cmp(ref.keys[lo], ref.ids[lo], from) <= 0)
				lo++;
		hi = lo + limit < ref.n ? lo + limit : ref.n;
	} else {
		if (from != NULL)
			while (hi > 0 && key_cmp(ref.keys[hi - 1], ref.ids[hi - 1], from) >= 0)
				hi--;
		lo = hi > limit ? hi - limit : 0;
	}
	for (int pass = 0; pass < 2; pass++) {
		struct card_row *a = NULL;
		size_t na = 0;
		int64_t total = 0;
		if (pass == 0)
			forget_hits(db);
		else
			expect_ok(card_count(db, f, &total, &cause), &cause, "count (reads the hits)");
		expect_ok(card_page(db, f, from, forward, limit, &a, &na, &cause), &cause, "page");
		if (na != hi - lo)
			fail_msg("\"%s\" %s %zu %s: %zu cards, wanted %zu", f->query, forward ? "forward" : "back",
				 limit, pass == 0 ? "by walking" : "from the hits", na, hi - lo);
		for (size_t i = 0; i < na; i++)
			if (a[i].id != ref.ids[lo + i])
				fail_msg("\"%s\" row %zu %s: #%lld, wanted #%lld", f->query, i,
					 pass == 0 ? "by walking" : "from the hits", (long long)a[i].id,
					 (long long)ref.ids[lo + i]);
		card_rows_free(a, na);
	}
	for (size_t i = 0; i < ref.n; i++)
		free(ref.keys[i]);
	free(ref.keys);
	free(ref.ids);
}

static void check_walk_all(struct many *m)
{
	/* Dense ("p": every email), every tenth card scattered in sort
	 * order (the walk runs out of budget and hands over), a hundred,
	 * one card, none, and words with qualifiers. */
	const char *queries[] = { "p", "person", "person09", "person00", "person0123", "person0123 per",
				  "nothingmatches", "person05 tag:even", "tag:close person1" };
	const size_t limits[] = { 1, 5, 40, 5000 };
	struct card_row *all = NULL;
	size_t n = 0;
	char *cause = NULL;
	struct card_filter none = { 0 };
	expect_ok(card_page(m->db, &none, NULL, true, 5000, &all, &n, &cause), &cause, "all");
	struct card_key mid = { .sort_key = all[n / 2].sort_key, .id = all[n / 2].id };
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		struct card_filter f = { .query = queries[q] };
		for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
			check_walk_vs_hits(m->db, &f, NULL, true, limits[l]);
			check_walk_vs_hits(m->db, &f, NULL, false, limits[l]);
		}
		/* From a card in the middle of the sort order, both ways. */
		check_walk_vs_hits(m->db, &f, &mid, true, 40);
		check_walk_vs_hits(m->db, &f, &mid, false, 40);
	}
	/* With a tag filter, due cards and in the trash. */
	struct card_filter even = { .query = "person0", .tag = "even" };
	check_walk_vs_hits(m->db, &even, NULL, true, 40);
	struct card_filter due = { .query = "person0", .due_only = true, .today = D(2026, 1, 15) };
	struct card_filter due_words = { .query = "due:yes person1 tag:close", .today = D(2026, 1, 15) };
	const struct card_filter *dues[] = { &due, &due_words };
	struct card_filter words = { .query = "person0" };
	int64_t n_due = 0, n_words = 0;
	expect_ok(card_count(m->db, &due, &n_due, &cause), &cause, "due count");
	expect_ok(card_count(m->db, &words, &n_words, &cause), &cause, "words count");
	assert_true(n_due > 40 && n_due < n_words); /* some due, some not: the test is not empty */
	for (size_t i = 0; i < 2; i++) {
		for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
			check_walk_vs_hits(m->db, dues[i], NULL, true, limits[l]);
			check_walk_vs_hits(m->db, dues[i], NULL, false, limits[l]);
		}
		check_walk_vs_hits(m->db, dues[i], &mid, true, 40);
		check_walk_vs_hits(m->db, dues[i], &mid, false, 40);
	}
	struct card_filter trash = { .query = "p", .trash = true };
	check_walk_vs_hits(m->db, &trash, NULL, true, 40);
	card_rows_free(all, n);
}

static void test_search_walk_same_as_hits(void **state)
{
	check_walk_all(*state);
}

/* The same with the sort order in memory (card_browse_prepare), and after
 * a change that moves a match to the front, which the memory must not
 * outlive. */
static void test_search_by_rank(void **state)
{
	struct many *m = *state;
	char *cause = NULL;
	expect_ok(card_browse_prepare(m->db, &cause), &cause, "prepare");
	check_walk_all(m);
	expect_ok(card_browse_prepare(m->db, &cause), &cause, "prepare again");
	struct card_filter f = { .query = "person09" };
	check_walk_vs_hits(m->db, &f, NULL, true, 40);
	/* Rename a match so it sorts first; the pages must follow. */
	struct card_row *rows = NULL;
	size_t n = 0;
	expect_ok(card_page(m->db, &f, NULL, false, 1, &rows, &n, &cause), &cause, "last match");
	assert_int_equal(n, 1);
	int64_t id = rows[0].id;
	card_rows_free(rows, n);
	struct card c;
	expect_ok(card_load(m->db, id, &c, &cause), &cause, "load");
	card_set(&c.name, "Aaaaron Aaaberg");
	card_set(&c.given, "");
	card_set(&c.family, "");
	card_split_name(&c);
	expect_ok(card_update(m->db, &c, -1, NOW, &cause), &cause, "rename");
	card_done(&c);
	check_walk_vs_hits(m->db, &f, NULL, true, 40);
	expect_ok(card_page(m->db, &f, NULL, true, 1, &rows, &n, &cause), &cause, "first match");
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, id);
	card_rows_free(rows, n);
	expect_ok(card_browse_prepare(m->db, &cause), &cause, "prepare after the change");
	check_walk_vs_hits(m->db, &f, NULL, true, 40);
	check_walk_vs_hits(m->db, &f, NULL, false, 40);
}

static void test_search_walk_empty(void **state)
{
	struct many *m = *state;
	struct card_filter f = { .query = "zzzznobody" };
	struct card_row *rows = NULL;
	size_t n = 7;
	char *cause = NULL;
	forget_hits(m->db);
	expect_ok(card_page(m->db, &f, NULL, true, 10, &rows, &n, &cause), &cause, "page");
	assert_int_equal(n, 0);
	card_rows_free(rows, n);
	forget_hits(m->db);
	expect_ok(card_page(m->db, &f, NULL, false, 1, &rows, &n, &cause), &cause, "page back");
	assert_int_equal(n, 0);
	card_rows_free(rows, n);
}

/* One card matches, and it is the last in sort order: the walk from the
 * start looks at a few dozen cards, then the hits must find it. */
static void test_search_walk_last_card(void **state)
{
	struct many *m = *state;
	struct card_filter f = { .query = "lonewo" };
	struct card_row *rows = NULL;
	size_t n = 0;
	char *cause = NULL;
	struct card_filter none = { 0 };
	expect_ok(card_page(m->db, &none, NULL, false, 1, &rows, &n, &cause), &cause, "last card");
	assert_int_equal(n, 1);
	int64_t id = rows[0].id;
	card_rows_free(rows, n);
	expect_ok(note_add(m->db, id, "a loneword in a note", NOW, NULL, &cause), &cause, "note");

	forget_hits(m->db);
	expect_ok(card_page(m->db, &f, NULL, true, 1, &rows, &n, &cause), &cause, "first match");
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, id);
	struct card_key key = { .sort_key = xstrdup(rows[0].sort_key), .id = rows[0].id };
	card_rows_free(rows, n);
	/* Nothing after it, and it alone before the end. */
	forget_hits(m->db);
	expect_ok(card_page(m->db, &f, &key, true, 5, &rows, &n, &cause), &cause, "after it");
	assert_int_equal(n, 0);
	card_rows_free(rows, n);
	forget_hits(m->db);
	expect_ok(card_page(m->db, &f, NULL, false, 5, &rows, &n, &cause), &cause, "from the end");
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, id);
	card_rows_free(rows, n);
	card_key_done(&key);
	check_walk_vs_hits(m->db, &f, NULL, true, 3);
}

/* Empty tabs in the generated set: Q and X have no family names. */
static void test_first_in_empty_tab(void **state)
{
	struct many *m = *state;
	char *cause = NULL;
	int64_t q = 0, r = 0, x = 0, y = 0;
	bool present[27];
	expect_ok(card_tabs_present(m->db, NULL, present, &cause), &cause, "tabs");
	assert_false(present['Q' - 'A']);
	assert_false(present['X' - 'A']);
	assert_true(present['R' - 'A']);
	assert_true(present[26]);
	expect_ok(card_first_in_tab(m->db, NULL, 'Q', &q, &cause), &cause, "Q");
	expect_ok(card_first_in_tab(m->db, NULL, 'R', &r, &cause), &cause, "R");
	assert_int_equal(q, r);
	expect_ok(card_first_in_tab(m->db, NULL, 'X', &x, &cause), &cause, "X");
	expect_ok(card_first_in_tab(m->db, NULL, 'Y', &y, &cause), &cause, "Y");
	assert_int_equal(x, y);
}

struct foreach_state {
	int64_t *ids;
	size_t n;
	size_t stop_after; /* 0: never */
};

static int collect_row(void *ctx, const struct card_row *row)
{
	struct foreach_state *fs = ctx;
	fs->ids[fs->n++] = row->id;
	return fs->stop_after != 0 && fs->n >= fs->stop_after;
}

static void test_foreach(void **state)
{
	struct many *m = *state;
	char *cause = NULL;
	size_t n = 0;
	struct card_row *rows = walk(m->db, NULL, true, 200, &n);
	struct foreach_state fs = { .ids = xcalloc(MANY, sizeof(int64_t)) };
	expect_ok(card_foreach(m->db, NULL, collect_row, &fs, &cause), &cause, "foreach");
	assert_int_equal(fs.n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(fs.ids[i], rows[i].id);
	fs.n = 0;
	fs.stop_after = 10;
	expect_ok(card_foreach(m->db, NULL, collect_row, &fs, &cause), &cause, "foreach stop");
	assert_int_equal(fs.n, 10);
	fs.n = 0;
	fs.stop_after = 0;
	struct card_filter f = { .tag = "even" };
	expect_ok(card_foreach(m->db, &f, collect_row, &fs, &cause), &cause, "foreach tag");
	assert_int_equal(fs.n, MANY / 2);
	free(fs.ids);
	card_rows_free(rows, n);
}

/* The due filter (SQL) and card_status_get (C) agree on every card. */
static void test_due_filter_matches_status(void **state)
{
	struct many *m = *state;
	char *cause = NULL;
	const int days[] = { D(2026, 1, 15), D(2026, 1, 31), D(2026, 2, 1), D(2026, 2, 28), D(2026, 3, 1) };
	for (size_t d = 0; d < sizeof days / sizeof days[0]; d++) {
		struct card_filter f = { .due_only = true, .today = days[d] };
		size_t n = 0;
		int64_t *ids = select_ids(m->db, &f, &n);
		bool *in_filter = xcalloc(MANY, sizeof *in_filter);
		for (size_t k = 0; k < n; k++)
			in_filter[index_of(m, ids[k])] = true;
		size_t due = 0;
		for (int i = 0; i < MANY; i++) {
			struct card_status s;
			expect_ok(card_status_get(m->db, m->ids[i], days[d], &s, &cause), &cause, "status");
			if (s.due != in_filter[i])
				fail_msg("card %d: status says due=%d, the filter %d", i, s.due, in_filter[i]);
			due += s.due;
		}
		/* Some but not all: the fixture exercises both sides. */
		assert_true(due > 0 && due < MANY);
		free(in_filter);
		free(ids);
	}
}

/* ---- query plans -------------------------------------------------------------- */

#define MAX_TRACED 64

struct traced {
	char *sql[MAX_TRACED];
	size_t n;
};

static int trace_stmt(unsigned type, void *ctx, void *p, void *x)
{
	(void)x;
	struct traced *t = ctx;
	if (type != SQLITE_TRACE_STMT)
		return 0;
	const char *sql = sqlite3_sql((sqlite3_stmt *)p);
	if (sql == NULL || t->n >= MAX_TRACED)
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->sql[i], sql) == 0)
			return 0;
	t->sql[t->n++] = xstrdup(sql);
	return 0;
}

static void trace_start(struct db *db, struct traced *t)
{
	memset(t, 0, sizeof *t);
	sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, trace_stmt, t);
}

/* Checks the plan of every statement traced since trace_start: no full
 * scan of the card table and, unless allow_sort, no temporary b-tree. */
static void trace_check_plans(struct db *db, struct traced *t, bool allow_sort, const char *what)
{
	sqlite3 *sql = db_sqlite(db);
	sqlite3_trace_v2(sql, 0, NULL, NULL);
	assert_true(t->n > 0);
	for (size_t i = 0; i < t->n; i++) {
		char *eqp = xasprintf("EXPLAIN QUERY PLAN %s", t->sql[i]);
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(sql, eqp, -1, &st, NULL), SQLITE_OK);
		char *plan = xstrdup("");
		bool bad = false;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(st, 3);
			char *next = xasprintf("%s\n    %s", plan, detail);
			free(plan);
			plan = next;
			/* A full scan of the card table, or sorting cards; the
			 * cards of a rare tag are few (TAG_RARE_CARDS) and are
			 * sorted, but nothing may walk the table for them. */
			bool rare_tag = strstr(t->sql[i], "c.id IN (SELECT card_id FROM card_tag WHERE tag ") != NULL;
			if (strcmp(detail, "SCAN c") == 0 || strcmp(detail, "SCAN card") == 0 ||
			    (rare_tag && strncmp(detail, "SCAN c ", 7) == 0) ||
			    (!allow_sort && !rare_tag && strstr(detail, "TEMP B-TREE") != NULL))
				bad = true;
		}
		sqlite3_finalize(st);
		if (bad)
			fail_msg("%s: a bad plan for\n  %s%s", what, t->sql[i], plan);
		free(plan);
		free(eqp);
		free(t->sql[i]);
	}
	t->n = 0;
}

/* Whether a traced statement reads a tag's cards from its index. */
static bool traced_reads_tag_index(const struct traced *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (strstr(t->sql[i], "c.id IN (SELECT card_id FROM card_tag WHERE tag ") != NULL)
			return true;
	return false;
}

static void trace_check(struct db *db, struct traced *t, const char *what)
{
	trace_check_plans(db, t, false, what);
}

static void test_query_plans(void **state)
{
	struct many *m = *state;
	struct db *db = m->db;
	char *cause = NULL;
	struct traced t;
	struct card_key key = { .sort_key = m->keys[500], .id = m->ids[500] };
	const struct card_filter plain = { .today = D(2026, 1, 15) };
	const struct card_filter tagged = { .tag = "even", .today = D(2026, 1, 15) };
	const struct card_filter rare = { .tag = "close", .today = D(2026, 1, 15) };
	const struct card_filter typed = { .query = "tag:closer", .today = D(2026, 1, 15) };
	const struct card_filter *filters[] = { NULL, &plain, &tagged, &rare, &typed };
	for (size_t fi = 0; fi < sizeof filters / sizeof filters[0]; fi++) {
		const struct card_filter *f = filters[fi];
		struct card_row *rows = NULL;
		size_t n = 0;

		trace_start(db, &t);
		expect_ok(card_page(db, f, &key, true, 20, &rows, &n, &cause), &cause, "page forward");
		card_rows_free(rows, n);
		/* Rare tags from the tag's index, a common one along the order. */
		assert_int_equal(traced_reads_tag_index(&t), f == &rare || f == &typed);
		trace_check(db, &t, "card_page forward");

		trace_start(db, &t);
		expect_ok(card_page(db, f, &key, false, 20, &rows, &n, &cause), &cause, "page backward");
		card_rows_free(rows, n);
		trace_check(db, &t, "card_page backward");

		trace_start(db, &t);
		expect_ok(card_page(db, f, NULL, true, 20, &rows, &n, &cause), &cause, "first page");
		card_rows_free(rows, n);
		expect_ok(card_page(db, f, NULL, false, 20, &rows, &n, &cause), &cause, "last page");
		card_rows_free(rows, n);
		trace_check(db, &t, "card_page from an end");

		int64_t pos = 0;
		trace_start(db, &t);
		expect(f == &typed ? RDX_NOT_FOUND : RDX_OK, card_position(db, f, m->ids[0], &pos, &cause), &cause,
		       "position");
		trace_check(db, &t, "card_position");

		int64_t id = 0;
		trace_start(db, &t);
		expect(f == &typed ? RDX_NOT_FOUND : RDX_OK, card_first_in_tab(db, f, 'M', &id, &cause), &cause,
		       "first in tab");
		trace_check(db, &t, "card_first_in_tab");

		bool present[27];
		trace_start(db, &t);
		expect_ok(card_tabs_present(db, f, present, &cause), &cause, "tabs");
		trace_check(db, &t, "card_tabs_present");
	}
	struct card_status s;
	trace_start(db, &t);
	expect_ok(card_status_get(db, m->ids[3], D(2026, 1, 15), &s, &cause), &cause, "status");
	trace_check(db, &t, "card_status_get");
	struct card c;
	trace_start(db, &t);
	expect_ok(card_load(db, m->ids[3], &c, &cause), &cause, "load");
	card_done(&c);
	/* Loading one card sorts its own few fields by position: fine. */
	trace_check_plans(db, &t, true, "card_load");
}

int main(void)
{
	if (setlocale(LC_ALL, "") == NULL || MB_CUR_MAX == 1)
		setlocale(LC_ALL, "C.UTF-8");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search_fields, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_search_follows_changes, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_search_folding, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_search_scripts, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_search_syntax_is_harmless, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_qualifiers, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_search_phones, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_search_transliterated, setup_people, teardown_people),
		cmocka_unit_test_setup_teardown(test_search_last_and_due, setup_people, teardown_people),
		cmocka_unit_test(test_tabs_small),
	};
	const struct CMUnitTest many_tests[] = {
		cmocka_unit_test(test_paging_all),
		cmocka_unit_test(test_paging_tag),
		cmocka_unit_test(test_paging_search),
		cmocka_unit_test(test_search_walk_same_as_hits),
		cmocka_unit_test(test_search_walk_empty),
		cmocka_unit_test(test_first_in_empty_tab),
		cmocka_unit_test(test_foreach),
		cmocka_unit_test(test_due_filter_matches_status),
		cmocka_unit_test(test_query_plans),
		/* Last: they change cards. */
		cmocka_unit_test(test_search_walk_last_card),
		cmocka_unit_test(test_search_by_rank),
	};
	int failed = cmocka_run_group_tests_name("search", tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("browse a thousand cards", many_tests, setup_many, teardown_many);
	return failed;
}
