/*
 * browse.c - walking cards in sort order for screens and commands: a filter
 * (search words, qualifiers, tag, due, trash) becomes one WHERE clause, and
 * pages, counts, positions and tabs are keyset queries over the
 * (sort_key, id) indexes, so nothing loads a whole table.
 */
#include "rolodex/card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "model/filter.h"
#include "model/fts.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

void compiled_filter_done(struct compiled_filter *cf)
{
	free(cf->where);
	free(cf->match);
	for (size_t i = 0; i < cf->ntags; i++)
		free(cf->tags[i]);
}

static void add_tag(struct compiled_filter *cf, const char *tag)
{
	if (cf->ntags >= FILTER_MAX_TAGS || *tag == '\0')
		return;
	char *folded = text_fold(tag);
	for (char *p = folded; *p != '\0'; p++)
		if (*p == ' ')
			*p = '-';
	cf->tags[cf->ntags++] = folded;
}

static bool word_is_yes(const char *v)
{
	return *v == '\0' || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	       strcmp(v, "now") == 0;
}

/*
 * At most this many different search words count; repeats count once.
 * Each word is a prefix query over the whole index, run for the page, the
 * count and every tab probe, so a pasted paragraph would otherwise stall
 * every keystroke; no one looks a person up by 33 different words.
 */
#define FILTER_MAX_TERMS 32

struct query_terms {
	char *term[FILTER_MAX_TERMS];
	size_t n;
};

static void add_term(struct query_terms *qt, const char *word, const char *column)
{
	char *term = NULL;
	fts_append_term(&term, word, column);
	if (term == NULL)
		return;
	for (size_t i = 0; i < qt->n; i++) {
		if (strcmp(qt->term[i], term) == 0) {
			free(term);
			return;
		}
	}
	if (qt->n < FILTER_MAX_TERMS)
		qt->term[qt->n++] = term;
	else
		free(term);
}

/* Splits the query into words (double quotes group words into one) and
 * sorts out the qualifiers. */
static void compile_query(struct compiled_filter *cf, const char *query, bool *trash)
{
	struct query_terms qt = { .n = 0 };
	char *copy = xstrdup(query);
	char *p = copy;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		char *word = p;
		if (*p == '"') {
			word = ++p;
			while (*p != '\0' && *p != '"')
				p++;
		} else {
			while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
				p++;
		}
		if (*p != '\0')
			*p++ = '\0';
		char *colon = strchr(word, ':');
		if (colon != NULL) {
			size_t klen = (size_t)(colon - word);
			const char *value = colon + 1;
			if (klen == 3 && strncmp(word, "tag", 3) == 0) {
				add_tag(cf, value);
				continue;
			}
			if (klen == 3 && strncmp(word, "org", 3) == 0) {
				add_term(&qt, value, "org");
				continue;
			}
			if (klen == 3 && strncmp(word, "due", 3) == 0) {
				cf->due = cf->due || word_is_yes(value);
				continue;
			}
			if (klen == 2 && strncmp(word, "is", 2) == 0 && strcmp(value, "trash") == 0) {
				*trash = true;
				continue;
			}
			if (klen == 2 && strncmp(word, "is", 2) == 0 && strcmp(value, "due") == 0) {
				cf->due = true;
				continue;
			}
		}
		add_term(&qt, word, NULL);
	}
	free(copy);
	for (size_t i = 0; i < qt.n; i++) {
		char *joined = cf->match == NULL ? xstrdup(qt.term[i]) : xasprintf("%s AND %s", cf->match, qt.term[i]);
		free(cf->match);
		cf->match = joined;
		free(qt.term[i]);
	}
}

void compile_filter(const struct card_filter *filter, struct compiled_filter *cf)
{
	memset(cf, 0, sizeof *cf);
	bool trash = false;
	if (filter != NULL) {
		trash = filter->trash;
		cf->due = filter->due_only;
		if (filter->tag != NULL)
			add_tag(cf, filter->tag);
		if (filter->query != NULL)
			compile_query(cf, filter->query, &trash);
		date_format(filter->today, cf->today);
	}
	char *where = xstrdup(trash ? "c.trashed_at IS NOT NULL" : "c.trashed_at IS NULL");
	char *next;
	if (cf->match != NULL) {
		next = xasprintf("%s AND c.id IN (SELECT rowid FROM card_fts WHERE card_fts MATCH :match)", where);
		free(where);
		where = next;
	}
	for (size_t i = 0; i < cf->ntags; i++) {
		next = xasprintf("%s AND EXISTS (SELECT 1 FROM card_tag t WHERE t.card_id = c.id AND t.tag = :tag%u)",
				 where, (unsigned)i);
		free(where);
		where = next;
	}
	if (filter != NULL && filter->has_birthday) {
		next = xasprintf("%s AND c.bday_month IS NOT NULL", where);
		free(where);
		where = next;
	}
	if (cf->due) {
		next = xasprintf("%s AND EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id AND "
				 "rdx_is_due(s.cadence, s.last_date, s.snooze_until, :today))",
				 where);
		free(where);
		where = next;
	}
	cf->where = where;
}

void bind_filter(struct stmt *st, const struct compiled_filter *cf)
{
	if (cf->match != NULL)
		stmt_bind_text(st, ":match", cf->match);
	for (size_t i = 0; i < cf->ntags; i++) {
		char name[32];
		snprintf(name, sizeof name, ":tag%u", (unsigned)i);
		stmt_bind_text(st, name, cf->tags[i]);
	}
	if (cf->due)
		stmt_bind_text(st, ":today", cf->today);
}

void card_key_done(struct card_key *key)
{
	if (key == NULL)
		return;
	free(key->sort_key);
	key->sort_key = NULL;
}

void card_rows_free(struct card_row *rows, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(rows[i].name);
		free(rows[i].org);
		free(rows[i].email);
		free(rows[i].sort_key);
	}
	free(rows);
}

static const char row_columns[] =
	"c.id, c.name, c.org, coalesce((SELECT value FROM card_field f WHERE f.card_id = c.id AND "
	"f.kind = 'email' ORDER BY position LIMIT 1), ''), c.sort_key";

static void read_row(struct stmt *st, struct card_row *row)
{
	row->id = stmt_int(st, 0);
	row->name = stmt_text_dup(st, 1);
	row->org = stmt_text_dup(st, 2);
	row->email = stmt_text_dup(st, 3);
	row->sort_key = stmt_text_dup(st, 4);
	row->tab = card_tab_of(row->sort_key);
}

enum rdx_status card_page(struct db *db, const struct card_filter *filter, const struct card_key *from, bool forward,
			  size_t limit, struct card_row **rows, size_t *count, char **cause)
{
	rdx_cause_clear(cause);
	*rows = NULL;
	*count = 0;
	if (limit == 0)
		return RDX_OK;
	struct compiled_filter cf;
	compile_filter(filter, &cf);
	const char *after = from == NULL ? "" : forward ? " AND (c.sort_key, c.id) > (:key, :id)"
							: " AND (c.sort_key, c.id) < (:key, :id)";
	char *sql = xasprintf("SELECT %s FROM card c WHERE %s%s ORDER BY c.sort_key %s, c.id %s LIMIT :limit",
			      row_columns, cf.where, after, forward ? "ASC" : "DESC", forward ? "ASC" : "DESC");
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	if (s != RDX_OK) {
		compiled_filter_done(&cf);
		return s;
	}
	bind_filter(&st, &cf);
	if (from != NULL) {
		stmt_bind_text(&st, ":key", from->sort_key);
		stmt_bind_int(&st, ":id", from->id);
	}
	stmt_bind_int(&st, ":limit", (int64_t)limit);
	struct card_row *out = xcalloc(limit, sizeof *out);
	size_t n = 0;
	int rc;
	while (n < limit && (rc = stmt_step(&st)) == SQLITE_ROW)
		read_row(&st, &out[n++]);
	if (n < limit && rc != SQLITE_DONE)
		s = db_error(db, rc, "reading cards", cause);
	stmt_done(&st);
	compiled_filter_done(&cf);
	if (s != RDX_OK) {
		card_rows_free(out, n);
		return s;
	}
	if (!forward) {
		for (size_t i = 0; i < n / 2; i++) {
			struct card_row tmp = out[i];
			out[i] = out[n - 1 - i];
			out[n - 1 - i] = tmp;
		}
	}
	*rows = out;
	*count = n;
	return RDX_OK;
}

/* Runs a single-integer query over the filter with extra conditions. */
static enum rdx_status filter_scalar(struct db *db, const struct card_filter *filter, const char *select,
				     const char *extra, const struct card_key *key, const char *lo, const char *hi,
				     int64_t *value, bool *found, char **cause)
{
	struct compiled_filter cf;
	compile_filter(filter, &cf);
	char *sql = xasprintf("SELECT %s FROM card c WHERE %s%s", select, cf.where, extra);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	if (s != RDX_OK) {
		compiled_filter_done(&cf);
		return s;
	}
	bind_filter(&st, &cf);
	if (key != NULL) {
		stmt_bind_text(&st, ":key", key->sort_key);
		stmt_bind_int(&st, ":id", key->id);
	}
	if (lo != NULL)
		stmt_bind_text(&st, ":lo", lo);
	if (hi != NULL)
		stmt_bind_text(&st, ":hi", hi);
	int rc = stmt_step(&st);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		*value = stmt_int(&st, 0);
	else if (rc != SQLITE_DONE)
		s = db_error(db, rc, "reading cards", cause);
	stmt_done(&st);
	compiled_filter_done(&cf);
	return s;
}

enum rdx_status card_count(struct db *db, const struct card_filter *filter, int64_t *count, char **cause)
{
	rdx_cause_clear(cause);
	bool found;
	*count = 0;
	return filter_scalar(db, filter, "count(*)", "", NULL, NULL, NULL, count, &found, cause);
}

enum rdx_status card_key_of(struct db *db, int64_t id, struct card_key *key, char **cause)
{
	rdx_cause_clear(cause);
	key->sort_key = NULL;
	key->id = id;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT sort_key FROM card WHERE id = :id", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		key->sort_key = stmt_text_dup(&st, 0);
	else if (rc == SQLITE_DONE)
		s = rdx_fail(cause, RDX_NOT_FOUND, "no card %lld", (long long)id);
	else
		s = db_error(db, rc, "reading a card", cause);
	stmt_done(&st);
	return s;
}

enum rdx_status card_position(struct db *db, const struct card_filter *filter, int64_t id, int64_t *position,
			      char **cause)
{
	rdx_cause_clear(cause);
	struct card_key key;
	enum rdx_status s = card_key_of(db, id, &key, cause);
	if (s != RDX_OK)
		return s;
	bool found;
	int64_t selected = 0;
	/* Is the card itself selected by the filter? */
	s = filter_scalar(db, filter, "c.id", " AND c.id = :id AND c.sort_key = :key", &key, NULL, NULL, &selected,
			  &found, cause);
	if (s == RDX_OK && !found)
		s = rdx_fail(cause, RDX_NOT_FOUND, "the card is not among these cards");
	if (s == RDX_OK) {
		int64_t before = 0;
		s = filter_scalar(db, filter, "count(*)", " AND (c.sort_key, c.id) < (:key, :id)", &key, NULL, NULL,
				  &before, &found, cause);
		*position = before + 1;
	}
	card_key_done(&key);
	return s;
}

/* The sort-key range of a tab: [lo, hi).  '#' is everything from '~'. */
static void tab_range(char tab, char lo[2], char hi[2])
{
	if (tab >= 'a' && tab <= 'z')
		tab = (char)(tab - 'a' + 'A');
	if (tab >= 'A' && tab <= 'Z') {
		lo[0] = (char)(tab - 'A' + 'a');
		hi[0] = (char)(lo[0] + 1);
	} else {
		lo[0] = '~';
		hi[0] = '\x7f';
	}
	lo[1] = hi[1] = '\0';
}

enum rdx_status card_first_in_tab(struct db *db, const struct card_filter *filter, char tab, int64_t *id,
				  char **cause)
{
	rdx_cause_clear(cause);
	char lo[2], hi[2];
	tab_range(tab, lo, hi);
	bool found;
	enum rdx_status s = filter_scalar(db, filter, "c.id", " AND c.sort_key >= :lo ORDER BY c.sort_key, c.id LIMIT 1",
					  NULL, lo, NULL, id, &found, cause);
	if (s == RDX_OK && !found)
		s = rdx_fail(cause, RDX_NOT_FOUND, "no cards from %c on", tab);
	return s;
}

enum rdx_status card_tabs_present(struct db *db, const struct card_filter *filter, bool present[27], char **cause)
{
	rdx_cause_clear(cause);
	for (int i = 0; i < 27; i++) {
		char lo[2], hi[2];
		tab_range(i < 26 ? (char)('A' + i) : '#', lo, hi);
		int64_t unused = 0;
		bool found = false;
		enum rdx_status s = filter_scalar(db, filter, "1",
						  " AND c.sort_key >= :lo AND c.sort_key < :hi LIMIT 1", NULL, lo, hi,
						  &unused, &found, cause);
		if (s != RDX_OK)
			return s;
		present[i] = found;
	}
	return RDX_OK;
}

enum rdx_status card_foreach(struct db *db, const struct card_filter *filter,
			     int (*fn)(void *ctx, const struct card_row *row), void *ctx, char **cause)
{
	rdx_cause_clear(cause);
	struct compiled_filter cf;
	compile_filter(filter, &cf);
	char *sql = xasprintf("SELECT %s FROM card c WHERE %s ORDER BY c.sort_key, c.id", row_columns, cf.where);
	/* Not cached: a long walk must not hold a cache slot, and the
	 * callback may run queries of its own. */
	sqlite3_stmt *raw = NULL;
	int rc = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &raw, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		compiled_filter_done(&cf);
		return db_error(db, rc, "reading cards", cause);
	}
	struct stmt st = { .db = db, .st = raw, .entry = NULL };
	bind_filter(&st, &cf);
	enum rdx_status s = RDX_OK;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		struct card_row row;
		read_row(&st, &row);
		int stop = fn(ctx, &row);
		free(row.name);
		free(row.org);
		free(row.email);
		free(row.sort_key);
		if (stop)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = db_error(db, rc, "reading cards", cause);
	stmt_done(&st);
	compiled_filter_done(&cf);
	return s;
}
