/*
 * journal.c - the change journal behind undo (see journal.h).
 *
 * Each connection makes TEMP triggers on the tables that hold what a user
 * wrote: card, tag, and every table whose rows belong to a card (a foreign
 * key to card), found in the schema when the first change begins, so a
 * table or column a later migration adds is journaled without more code.
 * For every row a change inserts, updates or deletes, a trigger writes a
 * journal_row: the row's key, the SQL that puts the row back, and the row
 * as the change left it (quoted values, compared when undoing).  The rows
 * of one transaction share an entry id, taken when its first row is
 * written; the entry itself (its label, time, card count) is written just
 * before COMMIT.  TEMP triggers, not ones in the file: a program that does
 * not know the journal (the sqlite3 shell) can still write, and what it
 * writes is what undo then refuses to overwrite.
 *
 * A card's `revision` counts changes: undo bumps it like any change rather
 * than putting an old number back, and it is left out of the comparison.
 *
 * A card the change inserts is one journal row, however many rows it
 * holds (an import adds 100,000 cards with fields, tags, notes and
 * touches): undoing it deletes the card and its rows go with it.  So the
 * triggers skip every row of such a card, and at commit the card's row
 * gets, instead of its image, a digest of the card and all its rows
 * ("digest:" and 16 hex digits, a sum of 64-bit hashes of the rows'
 * values); undo recomputes it to refuse a card changed since.
 */
#include "rolodex/journal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "model/fts.h"
#include "rolodex/date.h"
#include "rolodex/xalloc.h"

/* Rows of the review session belong to a card but are the review's own
 * bookkeeping, not something a user wrote. */
static const char *const unjournaled_tables[] = { "review_item" };

enum { KEY_MAX = 3 };

/* What the triggers and undo need to know about one table. */
struct jtable {
	char *name;
	char **columns; /* all, in schema order */
	size_t ncolumns;
	char *keys[KEY_MAX]; /* primary key columns, or "rowid" */
	size_t nkeys;
	const char *card_column; /* "id" (card), "card_id" or NULL */
};

static void jtable_done(struct jtable *t)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		free(t->columns[i]);
	free(t->columns);
	for (size_t i = 0; i < t->nkeys; i++)
		free(t->keys[i]);
	free(t->name);
	memset(t, 0, sizeof *t);
}

static bool is_counter(const char *column)
{
	return strcmp(column, "revision") == 0;
}

/* Appends printf-style text to *buf (NULL: empty). */
static void __attribute__((format(printf, 2, 3))) append(char **buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("internal error: formatting the journal's SQL");
	size_t have = *buf != NULL ? strlen(*buf) : 0;
	char *out = xrealloc(*buf, have + (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(out + have, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*buf = out;
}

/* Reads a table's columns and key.  RDX_DB when its key is wider than the
 * journal keeps (a table the journal would silently not undo). */
static enum rdx_status jtable_load(struct db *db, const char *name, struct jtable *t, char **cause)
{
	memset(t, 0, sizeof *t);
	t->name = xstrdup(name);
	char *sql = xasprintf("SELECT name, pk FROM pragma_table_info('%s', 'main') ORDER BY cid", name);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return db_error(db, rc, "reading the schema", cause);
	size_t cap = 0;
	char *by_pk[8] = { 0 };
	int widest = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *column = (const char *)sqlite3_column_text(st, 0);
		int pk = sqlite3_column_int(st, 1);
		t->columns = xgrow(t->columns, &cap, t->ncolumns + 1, sizeof *t->columns);
		t->columns[t->ncolumns++] = xstrdup(column);
		if (strcmp(column, "card_id") == 0)
			t->card_column = "card_id";
		if (pk > 0 && pk <= 8) {
			by_pk[pk - 1] = t->columns[t->ncolumns - 1];
			widest = pk > widest ? pk : widest;
		} else if (pk > 8) {
			widest = pk;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, "reading the schema", cause);
	if (widest > KEY_MAX)
		return rdx_fail(cause, RDX_DB, "the table %s has a key of %d columns; the change journal keeps at most %d",
				name, widest, KEY_MAX);
	for (int i = 0; i < widest; i++)
		t->keys[t->nkeys++] = xstrdup(by_pk[i]);
	if (t->nkeys == 0)
		t->keys[t->nkeys++] = xstrdup("rowid");
	if (strcmp(name, "card") == 0)
		t->card_column = "id";
	return RDX_OK;
}

/* quote(P."a")||','||quote(P."b")... : the row as text, counters left out. */
static char *image_sql(const struct jtable *t, const char *p)
{
	char *out = NULL;
	for (size_t i = 0; i < t->ncolumns; i++) {
		if (is_counter(t->columns[i]))
			continue;
		append(&out, "%squote(%s.\"%s\")", out == NULL ? "" : "||','||", p, t->columns[i]);
	}
	return out;
}

/* SQL that yields SQL text: 'k = '||quote(P.k)||' AND ...' */
static char *key_condition_sql(const struct jtable *t, const char *p)
{
	char *out = NULL;
	for (size_t i = 0; i < t->nkeys; i++)
		append(&out, "%s'%s%s = '||quote(%s.%s)", i ? "||" : "", i ? " AND " : "", t->keys[i], p, t->keys[i]);
	return out;
}

/* SQL yielding the statement that puts OLD back when it was deleted. */
static char *reinsert_sql(const struct jtable *t)
{
	char *names = NULL, *values = NULL;
	if (strcmp(t->keys[0], "rowid") == 0) {
		append(&names, "rowid");
		append(&values, "quote(OLD.rowid)");
	}
	for (size_t i = 0; i < t->ncolumns; i++) {
		append(&names, "%s\"%s\"", names == NULL ? "" : ",", t->columns[i]);
		append(&values, is_counter(t->columns[i]) ? "%squote(OLD.\"%s\" + 1)" : "%squote(OLD.\"%s\")",
		       values == NULL ? "" : "||','||", t->columns[i]);
	}
	char *out = xasprintf("'INSERT INTO main.\"%s\"(%s) VALUES ('||%s||')'", t->name, names, values);
	free(names);
	free(values);
	return out;
}

/* SQL yielding the statement that puts OLD's values back over NEW. */
static char *restore_sql(const struct jtable *t)
{
	char *names = NULL, *values = NULL, *counters = NULL;
	append(&counters, "%s", "");
	for (size_t i = 0; i < t->ncolumns; i++) {
		if (is_counter(t->columns[i])) {
			append(&counters, ", \"%s\" = \"%s\" + 1", t->columns[i], t->columns[i]);
			continue;
		}
		append(&names, "%s\"%s\"", names == NULL ? "" : ",", t->columns[i]);
		append(&values, "%squote(OLD.\"%s\")", values == NULL ? "" : "||','||", t->columns[i]);
	}
	char *where = key_condition_sql(t, "NEW");
	/* A table always has a column besides its counter: its key. */
	char *out = xasprintf("'UPDATE main.\"%s\" SET (%s) = ('||%s||')%s WHERE '||%s", t->name, names ? names : "",
			      values ? values : "''", counters, where ? where : "''");
	free(names);
	free(values);
	free(counters);
	free(where);
	return out;
}

/* NEW.k1, NEW.k2, NULL ... for the k1..k3 columns. */
static char *key_values_sql(const struct jtable *t, const char *p)
{
	char *out = NULL;
	for (size_t i = 0; i < KEY_MAX; i++) {
		if (i < t->nkeys)
			append(&out, "%s%s.%s", i ? ", " : "", p, t->keys[i]);
		else
			append(&out, "%sNULL", i ? ", " : "");
	}
	return out;
}

/* OLD.k1 IS NEW.k1 AND ... */
static char *same_key_sql(const struct jtable *t)
{
	char *out = NULL;
	for (size_t i = 0; i < t->nkeys; i++)
		append(&out, "%sOLD.%s IS NEW.%s", i ? " AND " : "", t->keys[i], t->keys[i]);
	return out;
}

/* The condition of a trigger: rows of a card the open transaction
 * inserted are not journaled (see the top of the file). */
static char *when_sql(const struct jtable *t, const char *op)
{
	if (t->card_column == NULL || (t->card_column[0] == 'i' && strcmp(op, "insert") == 0))
		return xstrdup("rdx_journal_entry() IS NOT NULL");
	if (strcmp(op, "update") == 0)
		return xasprintf("rdx_journal_card_row(OLD.\"%s\") IS NOT NULL OR rdx_journal_card_row(NEW.\"%s\") IS NOT NULL",
				 t->card_column, t->card_column);
	return xasprintf("rdx_journal_card_row(%s.\"%s\") IS NOT NULL", strcmp(op, "insert") == 0 ? "NEW" : "OLD",
			 t->card_column);
}

static enum rdx_status make_triggers(struct db *db, const struct jtable *t, char **cause)
{
	char card_new[64] = "NULL", card_old[64] = "NULL";
	if (t->card_column != NULL) {
		snprintf(card_new, sizeof card_new, "NEW.\"%s\"", t->card_column);
		snprintf(card_old, sizeof card_old, "OLD.\"%s\"", t->card_column);
	}
	bool is_card = t->card_column != NULL && strcmp(t->card_column, "id") == 0;
	char *image_new = image_sql(t, "NEW");
	/* A new card's row waits for its digest (journal_commit). */
	char *inserted = is_card ? xstrdup("rdx_journal_created(NEW.id)") : xstrdup(image_new);
	char *keys_new = key_values_sql(t, "NEW");
	char *keys_old = key_values_sql(t, "OLD");
	char *reinsert = reinsert_sql(t);
	char *restore = restore_sql(t);
	char *same = same_key_sql(t);
	char *when_insert = when_sql(t, "insert");
	char *when_delete = when_sql(t, "delete");
	char *when_update = when_sql(t, "update");
	const char *head = "INSERT INTO journal_row(entry_id, tbl, op, card_id, k1, k2, k3, undo_sql, after)";
	char *sql = xasprintf(
		"CREATE TEMP TRIGGER IF NOT EXISTS \"journal_%s_insert\" AFTER INSERT ON main.\"%s\" "
		"WHEN %s BEGIN "
		"%s VALUES (rdx_journal_entry(), '%s', 'insert', %s, %s, NULL, %s); END;\n"
		"CREATE TEMP TRIGGER IF NOT EXISTS \"journal_%s_delete\" AFTER DELETE ON main.\"%s\" "
		"WHEN %s BEGIN "
		"%s VALUES (rdx_journal_entry(), '%s', 'delete', %s, %s, %s, NULL); END;\n"
		/* A key that changes is the old row deleted and a new one
		 * inserted: each location is then undone on its own. */
		"CREATE TEMP TRIGGER IF NOT EXISTS \"journal_%s_update\" AFTER UPDATE ON main.\"%s\" "
		"WHEN %s BEGIN "
		"%s SELECT rdx_journal_entry(), '%s', 'update', %s, %s, %s, %s WHERE %s; "
		"%s SELECT rdx_journal_entry(), '%s', 'delete', %s, %s, %s, NULL WHERE NOT (%s); "
		"%s SELECT rdx_journal_entry(), '%s', 'insert', %s, %s, NULL, %s WHERE NOT (%s); END;",
		t->name, t->name, when_insert, head, t->name, card_new, keys_new, inserted, /* insert */
		t->name, t->name, when_delete, head, t->name, card_old, keys_old, reinsert, /* delete */
		t->name, t->name, when_update, head, t->name, card_new, keys_new, restore, image_new, same, /* update */
		head, t->name, card_old, keys_old, reinsert, same, head, t->name, card_new, keys_new, image_new, same);
	enum rdx_status s = db_exec(db, sql, cause);
	free(sql);
	free(image_new);
	free(inserted);
	free(keys_new);
	free(keys_old);
	free(reinsert);
	free(restore);
	free(same);
	free(when_insert);
	free(when_delete);
	free(when_update);
	return s;
}

/* The tables the journal covers, in schema order.  *out owned. */
static enum rdx_status journaled_tables(struct db *db, char ***out, size_t *count, char **cause)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql,
				    "SELECT s.name FROM main.sqlite_schema s WHERE s.type = 'table' "
				    "AND s.name NOT LIKE 'sqlite%' AND s.name NOT LIKE 'journal%' "
				    "AND (s.name IN ('card', 'tag') OR EXISTS (SELECT 1 FROM pragma_foreign_key_list(s.name) f "
				    "WHERE f.\"table\" = 'card')) ORDER BY s.rowid",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(db, rc, "reading the schema", cause);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		bool skip = false;
		for (size_t i = 0; i < sizeof unjournaled_tables / sizeof unjournaled_tables[0]; i++)
			skip = skip || strcmp(name, unjournaled_tables[i]) == 0;
		if (skip)
			continue;
		*out = xgrow(*out, &cap, *count + 1, sizeof **out);
		(*out)[(*count)++] = xstrdup(name);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *count; i++)
			free((*out)[i]);
		free(*out);
		*out = NULL;
		*count = 0;
		return db_error(db, rc, "reading the schema", cause);
	}
	return RDX_OK;
}

static void names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static bool journal_table_exists(struct db *db)
{
	sqlite3_stmt *st = NULL;
	bool found = false;
	if (sqlite3_prepare_v2(db->sql, "SELECT 1 FROM main.sqlite_schema WHERE name = 'journal_row'", -1, &st,
			       NULL) == SQLITE_OK)
		found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static enum rdx_status install(struct db *db, char **cause)
{
	char **names = NULL;
	size_t n = 0;
	enum rdx_status s = journaled_tables(db, &names, &n, cause);
	for (size_t i = 0; i < n && s == RDX_OK; i++) {
		struct jtable t;
		s = jtable_load(db, names[i], &t, cause);
		if (s == RDX_OK)
			s = make_triggers(db, &t, cause);
		jtable_done(&t);
	}
	names_free(names, n);
	return s;
}

/* ---- hooks of db.c ------------------------------------------------------ */

static void sql_journal_entry(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	struct db *db = sqlite3_user_data(ctx);
	struct journal_state *j = &db->journal;
	if (j->paused || j->skip || db->depth == 0) {
		sqlite3_result_null(ctx);
		return;
	}
	if (j->entry == 0) {
		/* Under the write lock: no other process takes the same id. */
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db->sql,
					    "SELECT max(coalesce((SELECT max(id) FROM main.journal), 0), "
					    "coalesce((SELECT max(entry_id) FROM main.journal_row), 0)) + 1",
					    -1, &st, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
			j->entry = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (j->entry == 0) {
			sqlite3_result_error(ctx, "cannot number the change in the journal", -1);
			return;
		}
	}
	sqlite3_result_int64(ctx, j->entry);
}

/* ---- the cards the open transaction inserted ---------------------------- */

static size_t created_slot(const struct journal_created *set, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15u;
	size_t mask = set->cap - 1;
	size_t i = (size_t)(h >> 17) & mask;
	while (set->slots[i].id != 0 && set->slots[i].id != id)
		i = (i + 1) & mask;
	return i;
}

static struct journal_card_sum *created_find(const struct journal_created *set, int64_t id)
{
	if (set->n == 0)
		return NULL;
	struct journal_card_sum *slot = &set->slots[created_slot(set, id)];
	return slot->id == id ? slot : NULL;
}

static void created_add(struct journal_created *set, int64_t id)
{
	if (id == 0)
		return;
	if ((set->n + 1) * 2 > set->cap) {
		struct journal_card_sum *old = set->slots;
		size_t old_cap = set->cap;
		set->cap = old_cap ? old_cap * 2 : 1024;
		set->slots = xcalloc(set->cap, sizeof *set->slots);
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].id != 0)
				set->slots[created_slot(set, old[i].id)] = old[i];
		free(old);
	}
	struct journal_card_sum *slot = &set->slots[created_slot(set, id)];
	if (slot->id == 0) {
		slot->id = id;
		set->n++;
	}
}

static void created_clear(struct journal_created *set)
{
	free(set->slots);
	memset(set, 0, sizeof *set);
}

/* rdx_journal_created(id): the card trigger's note that the change
 * inserted card id; NULL, the card row's image until journal_commit. */
static void sql_journal_created(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct db *db = sqlite3_user_data(ctx);
	created_add(&db->journal.created, sqlite3_value_int64(argv[0]));
	sqlite3_result_null(ctx);
}

/* rdx_journal_card_row(card_id): the entry a row of that card is
 * journaled under; NULL when not journaling or when the change inserted
 * the card (undoing it deletes the whole card). */
static void sql_journal_card_row(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db *db = sqlite3_user_data(ctx);
	if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER && created_find(&db->journal.created, sqlite3_value_int64(argv[0])) != NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sql_journal_entry(ctx, argc, argv);
}

static void sql_journal_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv);

void journal_register(struct db *db)
{
	sqlite3_create_function(db->sql, "rdx_journal_entry", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, db,
				sql_journal_entry, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_journal_created", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, db,
				sql_journal_created, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_journal_card_row", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, db,
				sql_journal_card_row, NULL, NULL);
	sqlite3_create_function(db->sql, "rdx_journal_digest", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, db,
				sql_journal_digest, NULL, NULL);
}

enum rdx_status journal_begin(struct db *db, char **cause)
{
	struct journal_state *j = &db->journal;
	j->entry = 0;
	j->skip = false;
	j->made_now = false;
	if (j->ready || j->paused || !journal_table_exists(db))
		return RDX_OK;
	enum rdx_status s = install(db, cause);
	if (s == RDX_OK) {
		j->ready = true;
		j->made_now = true;
	}
	return s;
}

void journal_end(struct db *db, bool committed)
{
	struct journal_state *j = &db->journal;
	/* A rollback takes back the triggers made in the transaction too. */
	if (!committed && j->made_now)
		j->ready = false;
	j->made_now = false;
	j->entry = 0;
	j->skip = false;
	free(j->what);
	j->what = NULL;
	j->card_id = 0;
	j->date = 0;
	created_clear(&j->created);
}

static void stamp(struct db *db, char out[TIMESTAMP_TEXT_SIZE])
{
	if (db->journal.clock != NULL) {
		db->journal.clock(out);
		return;
	}
	snprintf(out, TIMESTAMP_TEXT_SIZE, "1970-01-01T00:00:00Z");
	struct stmt st;
	if (stmt_prepare(db, &st, "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", NULL) != RDX_OK)
		return;
	if (stmt_step(&st) == SQLITE_ROW)
		snprintf(out, TIMESTAMP_TEXT_SIZE, "%s", stmt_text(&st, 0));
	stmt_done(&st);
}

/* The name of a card, "a card" when it is gone.  Owned. */
static char *card_name(struct db *db, int64_t id)
{
	struct stmt st;
	char *name = NULL;
	if (stmt_prepare(db, &st, "SELECT name FROM card WHERE id = :id", NULL) == RDX_OK) {
		stmt_bind_int(&st, ":id", id);
		if (stmt_step(&st) == SQLITE_ROW)
			name = stmt_text_dup(&st, 0);
		stmt_done(&st);
	}
	return name != NULL ? name : xstrdup("a card");
}

/* Drops what is older than both limits of journal.h. */
static enum rdx_status prune(struct db *db, int64_t newest, const char *now, char **cause)
{
	int today = 0;
	char day[DATE_TEXT_SIZE];
	snprintf(day, sizeof day, "%.10s", now);
	if (!date_parse(day, &today))
		return RDX_OK;
	char cutoff[DATE_TEXT_SIZE];
	date_format(today - JOURNAL_KEEP_DAYS, cutoff);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT max(id) FROM journal WHERE id <= :last AND at < :cutoff", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":last", newest - JOURNAL_KEEP_ENTRIES);
	stmt_bind_text(&st, ":cutoff", cutoff);
	int64_t upto = 0;
	if (stmt_step(&st) == SQLITE_ROW)
		upto = stmt_int(&st, 0);
	stmt_done(&st);
	if (upto <= 0)
		return RDX_OK;
	if ((s = stmt_prepare(db, &st, "DELETE FROM journal_row WHERE entry_id <= :upto", cause)) != RDX_OK)
		return s;
	stmt_bind_int(&st, ":upto", upto);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	if (s != RDX_OK)
		return s;
	if ((s = stmt_prepare(db, &st, "DELETE FROM journal WHERE id <= :upto", cause)) != RDX_OK)
		return s;
	stmt_bind_int(&st, ":upto", upto);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

/* ---- digests of the cards a change inserted ------------------------------ */

#define DIGEST_PREFIX "digest:"
/* The journal rows of an entry that stand for a card it inserted: waiting
 * for their digest or holding it. */
#define INSERTED_CARDS                                                                                    \
	"SELECT k1 FROM journal_row WHERE entry_id = :entry AND tbl = 'card' AND op = 'insert' "          \
	"AND (after IS NULL OR substr(after, 1, 7) = '" DIGEST_PREFIX "')"

/* The rows of the card table, trash included. */
static enum rdx_status db_card_rows(struct db *db, int64_t *count, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT count(*) FROM main.card", cause);
	if (s != RDX_OK)
		return s;
	*count = stmt_step(&st) == SQLITE_ROW ? stmt_int(&st, 0) : 0;
	stmt_done(&st);
	return RDX_OK;
}

static uint64_t fnv_add(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

/* A row's share of its card's digest: FNV-1a of the table's name and each
 * column's type and value, mixed so that the sum of a card's rows spreads.
 * Column 0 of the statement is the card's id; the row's columns follow. */
static uint64_t row_hash(const char *table, sqlite3_stmt *st)
{
	uint64_t h = fnv_add(0xcbf29ce484222325u, table, strlen(table) + 1);
	int n = sqlite3_column_count(st);
	for (int i = 1; i < n; i++) {
		unsigned char type = (unsigned char)sqlite3_column_type(st, i);
		h = fnv_add(h, &type, 1);
		if (type == SQLITE_INTEGER) {
			int64_t v = sqlite3_column_int64(st, i);
			h = fnv_add(h, &v, sizeof v);
		} else if (type == SQLITE_FLOAT) {
			double v = sqlite3_column_double(st, i);
			h = fnv_add(h, &v, sizeof v);
		} else if (type != SQLITE_NULL) {
			const void *v = sqlite3_column_blob(st, i);
			size_t len = (size_t)sqlite3_column_bytes(st, i);
			h = fnv_add(h, &len, sizeof len);
			h = fnv_add(h, v, len);
		}
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

/* t."a", t."b", ...: the columns of a row, its counter left out. */
static char *columns_sql(const struct jtable *t)
{
	char *out = NULL;
	for (size_t i = 0; i < t->ncolumns; i++)
		if (!is_counter(t->columns[i]))
			append(&out, "%st.\"%s\"", out == NULL ? "" : ", ", t->columns[i]);
	return out;
}

/*
 * Adds up the digest of every card in `set` (a card of entry's): the sum
 * of the hashes of its own row and of its rows in every journaled table,
 * so the order the rows are read in does not matter.  A card whose row is
 * gone stays unseen.
 */
static enum rdx_status digest_cards(struct db *db, int64_t entry, struct journal_created *set, char **cause)
{
	/* When the cards are a good part of the rolodex (an import into an
	 * empty one), reading whole tables in order beats a look-up a card. */
	int64_t cards = 0;
	enum rdx_status s = db_card_rows(db, &cards, cause);
	bool whole = s == RDX_OK && (int64_t)set->n * 4 >= cards;
	char **names = NULL;
	size_t n = 0;
	if (s == RDX_OK)
		s = journaled_tables(db, &names, &n, cause);
	for (size_t i = 0; i < n && s == RDX_OK; i++) {
		struct jtable t;
		s = jtable_load(db, names[i], &t, cause);
		if (s != RDX_OK || t.card_column == NULL) {
			jtable_done(&t);
			continue;
		}
		bool is_card = strcmp(t.card_column, "id") == 0;
		char *columns = columns_sql(&t);
		char *sql = whole ? xasprintf("SELECT t.\"%s\", %s FROM main.\"%s\" t WHERE :entry IS NOT NULL",
					      t.card_column, columns, t.name)
				  : xasprintf("SELECT t.\"%s\", %s FROM main.\"%s\" t WHERE t.\"%s\" IN (" INSERTED_CARDS ")",
					      t.card_column, columns, t.name, t.card_column);
		free(columns);
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
		free(sql);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":entry"), entry);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				struct journal_card_sum *card = created_find(set, sqlite3_column_int64(st, 0));
				if (card == NULL)
					continue;
				card->sum += row_hash(t.name, st);
				card->seen = card->seen || is_card;
			}
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			s = db_error(db, rc, "reading the cards for the change journal", cause);
		jtable_done(&t);
	}
	names_free(names, n);
	return s;
}

/* The digest text of a card of `set` ("digest:" and 16 hex digits); NULL
 * when its row is gone. */
static bool digest_text(const struct journal_created *set, int64_t id, char out[32])
{
	const struct journal_card_sum *card = created_find(set, id);
	if (card == NULL || !card->seen)
		return false;
	snprintf(out, 32, DIGEST_PREFIX "%016llx", (unsigned long long)card->sum);
	return true;
}

/* rdx_journal_digest(card_id): the digest of a card the open transaction
 * inserted, once journal_commit has added it up. */
static void sql_journal_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct db *db = sqlite3_user_data(ctx);
	char text[32];
	if (digest_text(&db->journal.created, sqlite3_value_int64(argv[0]), text))
		sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/* Gives the rows of the cards the change inserted their digests; a card
 * deleted again by the same change leaves nothing to undo. */
static enum rdx_status seal_inserted_cards(struct db *db, char **cause)
{
	struct journal_state *j = &db->journal;
	enum rdx_status s = digest_cards(db, j->entry, &j->created, cause);
	static const char *const steps[] = {
		"UPDATE journal_row SET after = rdx_journal_digest(k1) "
		"WHERE entry_id = :entry AND tbl = 'card' AND op = 'insert' AND after IS NULL",
		"DELETE FROM journal_row WHERE entry_id = :entry AND tbl = 'card' AND op = 'insert' AND after IS NULL",
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0] && s == RDX_OK; i++) {
		struct stmt st;
		if ((s = stmt_prepare(db, &st, steps[i], cause)) != RDX_OK)
			break;
		stmt_bind_int(&st, ":entry", j->entry);
		s = stmt_exec(&st, cause);
		stmt_done(&st);
	}
	return s;
}

enum rdx_status journal_commit(struct db *db, char **cause)
{
	struct journal_state *j = &db->journal;
	if (j->entry == 0)
		return RDX_OK;
	if (j->created.n > 0) {
		enum rdx_status sealed = seal_inserted_cards(db, cause);
		if (sealed != RDX_OK)
			return sealed;
	}
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT count(DISTINCT card_id), min(card_id) FROM journal_row "
					 "WHERE entry_id = :entry",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":entry", j->entry);
	int64_t cards = 0, some_card = 0;
	if (stmt_step(&st) == SQLITE_ROW) {
		cards = stmt_int(&st, 0);
		some_card = stmt_int(&st, 1);
	}
	stmt_done(&st);

	char *label;
	if (j->what != NULL && j->card_id == 0) {
		label = xstrdup(j->what);
	} else {
		const char *what = j->what != NULL ? j->what : "change to";
		if (cards > 1) {
			label = xasprintf("%s %lld cards", what, (long long)cards);
		} else if (cards == 1 || j->card_id != 0) {
			char *name = card_name(db, j->card_id != 0 ? j->card_id : some_card);
			label = xasprintf("%s %s", what, name);
			free(name);
		} else {
			label = xstrdup(j->what != NULL ? j->what : "change to tags");
		}
	}
	char now[TIMESTAMP_TEXT_SIZE];
	stamp(db, now);
	s = stmt_prepare(db, &st,
			 "INSERT INTO journal(id, at, label, date, cards) VALUES (:id, :at, :label, :date, :cards)", cause);
	if (s == RDX_OK) {
		char date[DATE_TEXT_SIZE];
		stmt_bind_int(&st, ":id", j->entry);
		stmt_bind_text(&st, ":at", now);
		stmt_bind_text(&st, ":label", label);
		if (j->date != 0) {
			date_format(j->date, date);
			stmt_bind_text(&st, ":date", date);
		} else {
			stmt_bind_null(&st, ":date");
		}
		stmt_bind_int(&st, ":cards", cards);
		s = stmt_exec(&st, cause);
		stmt_done(&st);
	}
	free(label);
	if (s == RDX_OK)
		s = prune(db, j->entry, now, cause);
	return s;
}

/* ---- the public side ---------------------------------------------------- */

void journal_set_clock(struct db *db, void (*now)(char out[TIMESTAMP_TEXT_SIZE]))
{
	db->journal.clock = now;
}

void journal_label(struct db *db, const char *what, int64_t card_id, int date)
{
	struct journal_state *j = &db->journal;
	if (db->depth == 0)
		return;
	if (j->what != NULL && !(card_id == 0 && j->card_id != 0))
		return;
	free(j->what);
	j->what = xstrdup(what);
	j->card_id = card_id;
	j->date = date;
}

void journal_skip(struct db *db)
{
	if (db->depth > 0)
		db->journal.skip = true;
}

enum rdx_status journal_forget_card(struct db *db, int64_t card_id, char **cause)
{
	rdx_cause_clear(cause);
	/* Labels name the card too: whole entries go, not just its rows. */
	enum rdx_status s = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS journal_forget (id INTEGER PRIMARY KEY)", cause);
	struct stmt st;
	if (s == RDX_OK && (s = stmt_prepare(db, &st,
					     "INSERT OR IGNORE INTO temp.journal_forget(id) "
					     "SELECT entry_id FROM journal_row WHERE card_id = :card",
					     cause)) == RDX_OK) {
		stmt_bind_int(&st, ":card", card_id);
		s = stmt_exec(&st, cause);
		stmt_done(&st);
	}
	if (s == RDX_OK)
		s = db_exec(db,
			    "DELETE FROM journal_row WHERE entry_id IN (SELECT id FROM temp.journal_forget); "
			    "DELETE FROM journal WHERE id IN (SELECT id FROM temp.journal_forget); "
			    "DELETE FROM temp.journal_forget;",
			    cause);
	return s;
}

static void entry_read(struct stmt *st, struct journal_entry *e)
{
	e->id = stmt_int(st, 0);
	snprintf(e->at, sizeof e->at, "%s", stmt_text(st, 1));
	e->label = stmt_text_dup(st, 2);
	if (stmt_is_null(st, 3) || !date_parse(stmt_text(st, 3), &e->date))
		e->date = 0;
	e->cards = stmt_int(st, 4);
	snprintf(e->undone_at, sizeof e->undone_at, "%s", stmt_text(st, 5));
}

#define ENTRY_COLUMNS "id, at, label, date, cards, undone_at"

enum rdx_status journal_list(struct db *db, size_t limit, struct journal_entry **out, size_t *count, char **cause)
{
	rdx_cause_clear(cause);
	*out = NULL;
	*count = 0;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT " ENTRY_COLUMNS " FROM journal ORDER BY id DESC LIMIT :limit", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":limit", limit == 0 ? -1 : (int64_t)limit);
	size_t cap = 0;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *count + 1, sizeof **out);
		entry_read(&st, &(*out)[(*count)++]);
	}
	stmt_done(&st);
	if (rc != SQLITE_DONE) {
		journal_list_free(*out, *count);
		*out = NULL;
		*count = 0;
		return db_error(db, rc, "reading the change journal", cause);
	}
	return RDX_OK;
}

void journal_entry_done(struct journal_entry *entry)
{
	free(entry->label);
	entry->label = NULL;
}

void journal_list_free(struct journal_entry *entries, size_t count)
{
	for (size_t i = 0; i < count; i++)
		journal_entry_done(&entries[i]);
	free(entries);
}

void journal_describe(const struct journal_entry *entry, int today, char *out, size_t outsize)
{
	if (entry->date == 0) {
		snprintf(out, outsize, "%s", entry->label);
		return;
	}
	char day[32];
	date_format_short(entry->date, today, day, sizeof day);
	snprintf(out, outsize, "%s on %s", entry->label, day);
}

/* ---- undo ------------------------------------------------------------------ */

/* One row of an entry, as undo reads it. */
struct jrow {
	char *tbl;
	char op;
	int64_t card_id;
	sqlite3_value *keys[KEY_MAX];
	char *undo_sql;
};

static void jrows_free(struct jrow *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].tbl);
		free(rows[i].undo_sql);
		for (size_t k = 0; k < KEY_MAX; k++)
			sqlite3_value_free(rows[i].keys[k]);
	}
	free(rows);
}

/* A.k1 = Pk1 AND ... for a table's key ("t", "r.k" gives t.id = r.k1).
 * Owned. */
static char *key_match(const struct jtable *t, const char *alias, const char *value_prefix)
{
	char *out = NULL;
	for (size_t i = 0; i < t->nkeys; i++)
		append(&out, "%s%s%s = %s%zu", i ? " AND " : "", alias, t->keys[i], value_prefix, i + 1);
	return out;
}

/*
 * Checks that every row the entry wrote in table t is still as the entry
 * left it (the latest journal row of each key).  RDX_CONFLICT naming the
 * card when one is not.
 */
static enum rdx_status check_table(struct db *db, int64_t entry, const char *name, char **cause)
{
	struct jtable t;
	enum rdx_status s = jtable_load(db, name, &t, cause);
	if (s != RDX_OK) {
		jtable_done(&t);
		return s;
	}
	char *image = image_sql(&t, "t");
	char *match = key_match(&t, "t.", "r.k");
	char *sql = xasprintf("SELECT r.card_id, r.op FROM journal_row r LEFT JOIN main.\"%s\" t ON %s "
			      "WHERE r.entry_id = :entry AND r.tbl = :tbl AND r.id IN (SELECT max(id) FROM journal_row "
			      "WHERE entry_id = :entry AND tbl = :tbl GROUP BY k1, k2, k3) "
			      "AND NOT (r.op = 'insert' AND substr(r.after, 1, 7) IS '" DIGEST_PREFIX "') "
			      "AND (CASE WHEN t.%s IS NULL THEN NULL ELSE %s END) IS NOT r.after LIMIT 1",
			      name, match, t.keys[0], image);
	free(image);
	free(match);
	jtable_done(&t);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return db_error(db, rc, "reading the change journal", cause);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":entry"), entry);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":tbl"), name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int64_t card_id = sqlite3_column_int64(st, 0);
		bool has_card = sqlite3_column_type(st, 0) != SQLITE_NULL;
		sqlite3_finalize(st);
		if (!has_card)
			return rdx_fail(cause, RDX_CONFLICT,
					"the tags were changed since, by something that is not undoable here "
					"(a sync or another program); nothing was undone");
		char *who = card_name(db, card_id);
		s = rdx_fail(cause, RDX_CONFLICT,
			     "%s was changed since, by something that is not undoable here (a sync or another "
			     "program); nothing was undone",
			     who);
		free(who);
		return s;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, "reading the change journal", cause);
	return RDX_OK;
}

static enum rdx_status load_rows(struct db *db, int64_t entry, struct jrow **out, size_t *count, char **cause)
{
	*out = NULL;
	*count = 0;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT tbl, op, card_id, k1, k2, k3, undo_sql FROM journal_row "
					 "WHERE entry_id = :entry ORDER BY id DESC",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":entry", entry);
	size_t cap = 0;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *count + 1, sizeof **out);
		struct jrow *r = &(*out)[(*count)++];
		memset(r, 0, sizeof *r);
		r->tbl = stmt_text_dup(&st, 0);
		r->op = stmt_text(&st, 1)[0];
		r->card_id = stmt_is_null(&st, 2) ? 0 : stmt_int(&st, 2);
		for (int k = 0; k < KEY_MAX; k++) {
			r->keys[k] = sqlite3_value_dup(sqlite3_column_value(st.st, 3 + k));
			if (r->keys[k] == NULL)
				fatal("out of memory");
		}
		r->undo_sql = stmt_is_null(&st, 6) ? NULL : stmt_text_dup(&st, 6);
	}
	stmt_done(&st);
	if (rc != SQLITE_DONE) {
		jrows_free(*out, *count);
		*out = NULL;
		*count = 0;
		return db_error(db, rc, "reading the change journal", cause);
	}
	return RDX_OK;
}


/* The tables undo has read, so each is read once. */
struct jtables {
	struct jtable *v;
	size_t n, cap;
};

static enum rdx_status jtables_get(struct db *db, struct jtables *ts, const char *name, const struct jtable **out,
				   char **cause)
{
	for (size_t i = 0; i < ts->n; i++) {
		if (strcmp(ts->v[i].name, name) == 0) {
			*out = &ts->v[i];
			return RDX_OK;
		}
	}
	ts->v = xgrow(ts->v, &ts->cap, ts->n + 1, sizeof *ts->v);
	enum rdx_status s = jtable_load(db, name, &ts->v[ts->n], cause);
	if (s != RDX_OK) {
		jtable_done(&ts->v[ts->n]);
		return s;
	}
	*out = &ts->v[ts->n++];
	return RDX_OK;
}

static void jtables_done(struct jtables *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		jtable_done(&ts->v[i]);
	free(ts->v);
}

/* Deletes the row an insert made, found by its key. */
static enum rdx_status delete_inserted(struct db *db, const struct jtable *t, const struct jrow *r, char **cause)
{
	char *match = key_match(t, "", "?");
	char *sql = xasprintf("DELETE FROM main.\"%s\" WHERE %s", t->name, match);
	free(match);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	if (s != RDX_OK)
		return s;
	for (size_t k = 0; k < t->nkeys; k++)
		sqlite3_bind_value(st.st, (int)k + 1, r->keys[k]);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

/* The newest entry not undone: RDX_NOT_FOUND when there is none. */
static enum rdx_status newest_standing(struct db *db, struct journal_entry *entry, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT " ENTRY_COLUMNS " FROM journal WHERE undone_at IS NULL "
					 "ORDER BY id DESC LIMIT 1",
					 cause);
	if (s != RDX_OK)
		return s;
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		entry_read(&st, entry);
	else if (rc == SQLITE_DONE)
		s = rdx_fail(cause, RDX_NOT_FOUND, "nothing to undo");
	else
		s = db_error(db, rc, "reading the change journal", cause);
	stmt_done(&st);
	return s;
}

/* Every card the entry inserted is still as it left it: the digests
 * match.  RDX_CONFLICT naming the card when one does not. */
static enum rdx_status check_inserted_cards(struct db *db, int64_t entry, char **cause)
{
	struct journal_created set = { 0 };
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT k1, after FROM journal_row WHERE entry_id = :entry AND tbl = 'card' "
					 "AND op = 'insert' AND substr(after, 1, 7) = '" DIGEST_PREFIX "'",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":entry", entry);
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW)
		created_add(&set, stmt_int(&st, 0));
	stmt_done(&st);
	if (rc != SQLITE_DONE)
		s = db_error(db, rc, "reading the change journal", cause);
	if (s == RDX_OK && set.n > 0)
		s = digest_cards(db, entry, &set, cause);
	if (s == RDX_OK && set.n > 0 &&
	    (s = stmt_prepare(db, &st,
			      "SELECT k1, after FROM journal_row WHERE entry_id = :entry AND tbl = 'card' "
			      "AND op = 'insert' AND substr(after, 1, 7) = '" DIGEST_PREFIX "'",
			      cause)) == RDX_OK) {
		stmt_bind_int(&st, ":entry", entry);
		int64_t changed = 0;
		while (changed == 0 && (rc = stmt_step(&st)) == SQLITE_ROW) {
			char now[32];
			int64_t id = stmt_int(&st, 0);
			if (!digest_text(&set, id, now) || strcmp(now, stmt_text(&st, 1)) != 0)
				changed = id;
		}
		stmt_done(&st);
		if (changed == 0 && rc != SQLITE_DONE) {
			s = db_error(db, rc, "reading the change journal", cause);
		} else if (changed != 0) {
			char *who = card_name(db, changed);
			s = rdx_fail(cause, RDX_CONFLICT,
				     "%s was changed since, by something that is not undoable here (a sync or another "
				     "program); nothing was undone",
				     who);
			free(who);
		}
	}
	created_clear(&set);
	return s;
}

/* Every table the entry wrote is still as it left it. */
static enum rdx_status check_entry(struct db *db, int64_t entry, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT DISTINCT tbl FROM journal_row WHERE entry_id = :entry", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":entry", entry);
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = stmt_text_dup(&st, 0);
	}
	stmt_done(&st);
	if (rc != SQLITE_DONE)
		s = db_error(db, rc, "reading the change journal", cause);
	for (size_t i = 0; i < n && s == RDX_OK; i++)
		s = check_table(db, entry, names[i], cause);
	names_free(names, n);
	if (s == RDX_OK)
		s = check_inserted_cards(db, entry, cause);
	return s;
}

/* Runs the undo of every row, newest first. */
static enum rdx_status reverse_rows(struct db *db, int64_t entry, char **cause)
{
	struct jrow *rows = NULL;
	size_t n = 0;
	enum rdx_status s = load_rows(db, entry, &rows, &n, cause);
	/* Rows come back in the reverse order of their writing: a card may
	 * return after its notes do. */
	if (s == RDX_OK)
		s = db_exec(db, "PRAGMA defer_foreign_keys = ON", cause);
	struct jtables tables = { 0 };
	for (size_t i = 0; i < n && s == RDX_OK; i++) {
		const struct jrow *r = &rows[i];
		if (r->op == 'i') {
			const struct jtable *t = NULL;
			s = jtables_get(db, &tables, r->tbl, &t, cause);
			if (s == RDX_OK)
				s = delete_inserted(db, t, r, cause);
		} else if (r->undo_sql != NULL) {
			s = db_exec(db, r->undo_sql, cause);
		}
		if (s == RDX_OK && r->card_id != 0)
			fts_schedule(db, r->card_id, false);
	}
	jtables_done(&tables);
	jrows_free(rows, n);
	return s;
}

static enum rdx_status undo_newest(struct db *db, const char *now, struct journal_entry *entry, char **cause)
{
	enum rdx_status s = newest_standing(db, entry, cause);
	if (s == RDX_OK)
		s = check_entry(db, entry->id, cause);
	if (s == RDX_OK)
		s = reverse_rows(db, entry->id, cause);
	if (s == RDX_OK) {
		struct stmt st;
		if ((s = stmt_prepare(db, &st, "UPDATE journal SET undone_at = :now WHERE id = :id", cause)) == RDX_OK) {
			stmt_bind_text(&st, ":now", now);
			stmt_bind_int(&st, ":id", entry->id);
			s = stmt_exec(&st, cause);
			stmt_done(&st);
		}
		snprintf(entry->undone_at, sizeof entry->undone_at, "%s", now);
	}
	return s;
}

enum rdx_status journal_undo(struct db *db, const char *now, struct journal_entry *entry, char **cause)
{
	rdx_cause_clear(cause);
	memset(entry, 0, sizeof *entry);
	enum rdx_status s = db_begin(db, cause);
	if (s != RDX_OK)
		return s;
	/* Undo writes what the entry's rows say; those writes are not a new
	 * change to undo (u again goes further back). */
	db->journal.paused = true;
	s = undo_newest(db, now, entry, cause);
	if (s != RDX_OK)
		db_rollback(db);
	else
		s = db_commit(db, cause);
	db->journal.paused = false;
	if (s != RDX_OK && s != RDX_CONFLICT)
		journal_entry_done(entry);
	return s;
}
