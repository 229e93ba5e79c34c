/*
 * merge.c - likely duplicates among the live cards, and merging one card
 * into another (see merge.h for the rules).
 *
 * Finding pairs never compares every card with every other: emails are
 * walked in the order of the card_field_value index (kind, value NOCASE),
 * so equal addresses come out next to each other; phones are keyed by the
 * card's sort key plus the number's last digits and sorted in memory.
 * Merging reuses card_load/card_update/card_trash and note_add, and moves
 * notes and touches with one UPDATE each, all inside one transaction.
 */
#include "rolodex/merge.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/db_internal.h"
#include "model/fts.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/journal.h"
#include "rolodex/note.h"
#include "rolodex/snapshot.h"
#include "rolodex/xalloc.h"

/* ASCII case-insensitive equality, as SQLite's NOCASE compares. */
static bool ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* ---- finding pairs ----------------------------------------------------- */

struct pair_list {
	struct merge_pair *v;
	size_t n, cap;
};

static void pair_add(struct pair_list *l, int64_t a, int64_t b, char *reason)
{
	if (a > b) {
		int64_t t = a;
		a = b;
		b = t;
	}
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = (struct merge_pair){ .a = a, .b = b, .reason = reason };
}

/* A run of cards that share a key: each pairs with the run's lowest id. */
struct run {
	int64_t *ids;
	size_t n, cap;
	char *value; /* the shared value as the first row had it */
};

static void run_flush(struct run *r, struct pair_list *pairs, const char *why)
{
	int64_t low = 0;
	for (size_t i = 0; i < r->n; i++)
		if (low == 0 || r->ids[i] < low)
			low = r->ids[i];
	for (size_t i = 0; i < r->n; i++) {
		if (r->ids[i] == low)
			continue;
		/* The same card twice in a run (two spellings of one address)
		 * is not a pair. */
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = r->ids[k] == r->ids[i];
		if (!seen)
			pair_add(pairs, low, r->ids[i], xasprintf("%s %s", why, r->value));
	}
	r->n = 0;
	free(r->value);
	r->value = NULL;
}

static void run_add(struct run *r, int64_t id, const char *value)
{
	if (r->n == 0)
		r->value = xstrdup(value);
	r->ids = xgrow(r->ids, &r->cap, r->n + 1, sizeof *r->ids);
	r->ids[r->n++] = id;
}

static enum rdx_status pairs_by_email(struct db *db, struct pair_list *pairs, char **cause)
{
	struct stmt st;
	/* ORDER BY matches the card_field_value index, so no sorting. */
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT f.value, f.card_id FROM card_field f JOIN card c ON c.id = f.card_id "
					 "WHERE f.kind = 'email' AND c.trashed_at IS NULL "
					 "ORDER BY f.kind, f.value COLLATE NOCASE",
					 cause);
	if (s != RDX_OK)
		return s;
	struct run r = { 0 };
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		const char *value = stmt_text(&st, 0);
		if (!value[0])
			continue;
		if (r.n && !ascii_ieq(r.value, value))
			run_flush(&r, pairs, "same email");
		run_add(&r, stmt_int(&st, 1), value);
	}
	if (rc != SQLITE_DONE)
		s = db_error(db, rc, "looking for duplicate emails", cause);
	run_flush(&r, pairs, "same email");
	free(r.ids);
	stmt_done(&st);
	return s;
}

struct phone_row {
	char *key; /* sort key, '\x02', last digits */
	char *value;
	int64_t id;
};

static int phone_row_cmp(const void *x, const void *y)
{
	const struct phone_row *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static enum rdx_status pairs_by_phone(struct db *db, struct pair_list *pairs, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT c.sort_key, f.value, f.card_id FROM card_field f "
					 "JOIN card c ON c.id = f.card_id "
					 "WHERE f.kind = 'phone' AND c.trashed_at IS NULL",
					 cause);
	if (s != RDX_OK)
		return s;
	struct phone_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		char digits[CARD_PHONE_KEY_DIGITS + 1];
		if (!card_phone_key(stmt_text(&st, 1), digits))
			continue;
		rows = xgrow(rows, &cap, n + 1, sizeof *rows);
		rows[n++] = (struct phone_row){
			.key = xasprintf("%s\x02%s", stmt_text(&st, 0), digits),
			.value = stmt_text_dup(&st, 1),
			.id = stmt_int(&st, 2),
		};
	}
	if (rc != SQLITE_DONE)
		s = db_error(db, rc, "looking for duplicate phones", cause);
	stmt_done(&st);
	if (s == RDX_OK && n)
		qsort(rows, n, sizeof *rows, phone_row_cmp);
	struct run r = { 0 };
	for (size_t i = 0; s == RDX_OK && i < n; i++) {
		if (r.n && strcmp(rows[i - 1].key, rows[i].key) != 0)
			run_flush(&r, pairs, "same name and phone");
		run_add(&r, rows[i].id, rows[i].value);
	}
	run_flush(&r, pairs, "same name and phone");
	free(r.ids);
	for (size_t i = 0; i < n; i++) {
		free(rows[i].key);
		free(rows[i].value);
	}
	free(rows);
	return s;
}

static int pair_cmp(const void *x, const void *y)
{
	const struct merge_pair *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static enum rdx_status card_name(struct db *db, int64_t id, char **name, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT name FROM card WHERE id = :id", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*name = stmt_text_dup(&st, 0);
	else
		s = db_error(db, rc, "reading a card's name", cause);
	stmt_done(&st);
	return s;
}

void merge_pairs_free(struct merge_pair *pairs, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(pairs[i].name_a);
		free(pairs[i].name_b);
		free(pairs[i].reason);
	}
	free(pairs);
}

enum rdx_status merge_find_duplicates(struct db *db, struct merge_pair **out, size_t *count, char **cause)
{
	rdx_cause_clear(cause);
	*out = NULL;
	*count = 0;
	struct pair_list l = { 0 };
	/* One read transaction, so both passes see the same rolodex. */
	bool began;
	enum rdx_status s = db_snapshot_begin(db, &began, cause);
	if (s != RDX_OK)
		return s;
	s = pairs_by_email(db, &l, cause);
	if (s == RDX_OK)
		s = pairs_by_phone(db, &l, cause);
	/* Two cards can meet twice (an email and a phone): keep the first
	 * reason, the email. */
	size_t kept = 0;
	if (s == RDX_OK && l.n) {
		qsort(l.v, l.n, sizeof *l.v, pair_cmp);
		for (size_t i = 0; i < l.n; i++) {
			if (kept && l.v[kept - 1].a == l.v[i].a && l.v[kept - 1].b == l.v[i].b) {
				free(l.v[i].reason);
				continue;
			}
			l.v[kept++] = l.v[i];
		}
		l.n = kept;
	}
	for (size_t i = 0; s == RDX_OK && i < l.n; i++) {
		s = card_name(db, l.v[i].a, &l.v[i].name_a, cause);
		if (s == RDX_OK)
			s = card_name(db, l.v[i].b, &l.v[i].name_b, cause);
	}
	db_snapshot_end(db, began);
	if (s != RDX_OK) {
		merge_pairs_free(l.v, l.n);
		return s;
	}
	*out = l.v;
	*count = l.n;
	return RDX_OK;
}

/* ---- merging ------------------------------------------------------------- */

/* Adds `what "value"` to the list of values into kept over from's. */
static void differ(char **list, const char *what, const char *value)
{
	char *item = xasprintf("%s%s%s \"%s\"", *list ? *list : "", *list ? "; " : "", what, value);
	free(*list);
	*list = item;
}

/* Fills an empty slot from `from`; a different non-empty value is kept
 * and from's noted. */
static void fill(char **slot, const char *from, const char *what, char **differences)
{
	if (!from[0] || !strcmp(*slot, from))
		return;
	if (!(*slot)[0])
		card_set(slot, from);
	else
		differ(differences, what, from);
}

static void merge_birthday(struct card *into, const struct card *from, char **differences)
{
	const struct birthday *a = &into->birthday, *b = &from->birthday;
	if (!b->month)
		return;
	if (!a->month) {
		into->birthday = *b;
	} else if (a->month == b->month && a->day == b->day) {
		if (!a->year)
			into->birthday.year = b->year;
		else if (b->year && a->year != b->year)
			goto differs;
	} else {
		goto differs;
	}
	return;
differs:;
	char text[DATE_TEXT_SIZE];
	birthday_format(b, text);
	differ(differences, "birthday", text);
}

/* Length of the property group that starts line ("item1" in
 * "item1.EMAIL:..."), 0 when it has none. */
static size_t group_length(const char *line)
{
	size_t n = 0;
	while (isalnum((unsigned char)line[n]) || line[n] == '-')
		n++;
	return n && line[n] == '.' ? n : 0;
}

static const char *unmarked(const char *line)
{
	return line[0] == '=' ? line + 1 : line; /* VCARD_SHADOW_MARK, see vcard.h */
}

static bool group_used(const struct card *c, const char *group, size_t len)
{
	for (size_t i = 0; i < c->nextras; i++) {
		const char *line = unmarked(c->extras[i]);
		if (group_length(line) == len && !strncasecmp(line, group, len))
			return true;
	}
	return false;
}

/* Adds from's unknown properties that into lacks.  A group name into
 * already uses ("item1", Apple's labels) is renamed, so from's label does
 * not attach to into's property. */
static void merge_extras(struct card *into, const struct card *from)
{
	size_t own = into->nextras;
	for (size_t i = 0; i < from->nextras; i++) {
		const char *line = from->extras[i];
		bool have = false;
		for (size_t k = 0; k < into->nextras && !have; k++)
			have = !strcmp(into->extras[k], line);
		if (have)
			continue;
		const char *body = unmarked(line);
		size_t glen = group_length(body);
		struct card mine = { .extras = into->extras, .nextras = own };
		if (glen && group_used(&mine, body, glen)) {
			char *renamed = xasprintf("%.*s%.*s-m%lld%s", (int)(body - line), line, (int)glen, body,
						  (long long)from->id, body + glen);
			card_add_extra(into, renamed);
			free(renamed);
		} else {
			card_add_extra(into, line);
		}
	}
}

/* Everything of `from` that fits into `into`; values kept over from's go
 * to *differences. */
static void merge_card_values(struct card *into, const struct card *from, char **differences)
{
	if (strcmp(into->name, from->name) != 0)
		differ(differences, "name", from->name);
	if (!into->given[0] && !into->family[0]) {
		card_set(&into->given, from->given);
		card_set(&into->family, from->family);
	}
	fill(&into->nickname, from->nickname, "nickname", differences);
	fill(&into->org, from->org, "organization", differences);
	fill(&into->title, from->title, "title", differences);
	fill(&into->how_met, from->how_met, "how we met", differences);
	merge_birthday(into, from, differences);
	if (!into->cadence_set && from->cadence_set) {
		into->cadence_set = true;
		into->cadence = from->cadence;
	}
	if (!into->snooze_until[0])
		memcpy(into->snooze_until, from->snooze_until, sizeof into->snooze_until);
	for (size_t i = 0; i < from->nfields; i++) {
		const struct card_field *f = &from->fields[i];
		struct card_field *same = NULL;
		for (size_t k = 0; k < into->nfields && !same; k++)
			if (into->fields[k].kind == f->kind && card_field_same(f->kind, into->fields[k].value, f->value))
				same = &into->fields[k];
		if (!same)
			card_add_field(into, f->kind, f->value, f->label);
		else if (!same->label[0] && f->label[0])
			card_set(&same->label, f->label);
	}
	for (size_t i = 0; i < from->ntags; i++)
		card_add_tag(into, from->tags[i]);
	merge_extras(into, from);
}

static enum rdx_status run_sql(struct db *db, const char *sql, int64_t from, int64_t into, const char *what,
			       char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":from", from);
	stmt_bind_int(&st, ":into", into);
	int rc = stmt_step(&st);
	if (rc != SQLITE_DONE)
		s = db_error(db, rc, what, cause);
	stmt_done(&st);
	return s;
}

/* Moves from's notes and touches that into does not have already. */
static enum rdx_status move_history(struct db *db, int64_t from, int64_t into, char **cause)
{
	enum rdx_status s = run_sql(db,
				    "UPDATE note SET card_id = :into WHERE card_id = :from AND NOT EXISTS "
				    "(SELECT 1 FROM note n WHERE n.card_id = :into AND n.body = note.body)",
				    from, into, "moving notes", cause);
	if (s == RDX_OK)
		s = run_sql(db,
			    "UPDATE touch SET card_id = :into WHERE card_id = :from AND NOT EXISTS "
			    "(SELECT 1 FROM touch t WHERE t.card_id = :into AND t.date = touch.date "
			    "AND t.channel = touch.channel AND t.note = touch.note)",
			    from, into, "moving touches", cause);
	return s;
}

static enum rdx_status load_live(struct db *db, int64_t id, struct card *c, char **cause)
{
	enum rdx_status s = card_load(db, id, c, cause);
	if (s == RDX_OK && c->trashed_at[0])
		s = rdx_fail(cause, RDX_INVALID, "card %lld (%s) is in the trash", (long long)id, c->name);
	return s;
}

enum rdx_status merge_cards(struct db *db, int64_t from_id, int64_t into_id, const char *now, char **conflicts,
			    char **cause)
{
	rdx_cause_clear(cause);
	if (conflicts)
		*conflicts = NULL;
	if (from_id == into_id)
		return rdx_fail(cause, RDX_INVALID, "cannot merge card %lld into itself", (long long)from_id);
	struct card from, into;
	card_init(&from);
	card_init(&into);
	char *differences = NULL;
	enum rdx_status s = db_begin(db, cause);
	if (s != RDX_OK) {
		card_done(&from);
		card_done(&into);
		return s;
	}
	/* card_load initialises what it fills: let go of the empty cards. */
	card_done(&from);
	s = load_live(db, from_id, &from, cause);
	if (s == RDX_OK) {
		card_done(&into);
		s = load_live(db, into_id, &into, cause);
	}
	if (s == RDX_OK) {
		char *label = xasprintf("merge of %s into %s", from.name, into.name);
		journal_label(db, label, 0, 0);
		free(label);
		merge_card_values(&into, &from, &differences);
		s = card_update(db, &into, -1, now, cause);
	}
	if (s == RDX_OK)
		s = move_history(db, from_id, into_id, cause);
	if (s == RDX_OK && differences) {
		char *text = xasprintf("Merged with card %lld (%s), which also had: %s.", (long long)from_id,
				       from.name, differences);
		s = note_add(db, into_id, text, now, NULL, cause);
		free(text);
	}
	if (s == RDX_OK)
		s = card_trash(db, from_id, now, cause);
	if (s == RDX_OK) {
		/* Both rows of the index change with the notes that moved. */
		fts_schedule(db, into_id, false);
		fts_schedule(db, from_id, false);
	}
	card_done(&from);
	card_done(&into);
	if (s != RDX_OK) {
		free(differences);
		db_rollback(db);
		return s;
	}
	s = db_commit(db, cause);
	if (s == RDX_OK && conflicts)
		*conflicts = differences;
	else
		free(differences);
	return s;
}
