/*
 * rank.c - the in-memory place of every live card in sort order (rank.h).
 *
 * The map hangs on the SQLite connection as the user data of a private SQL
 * function, so it lives and dies with the connection (SQLite calls its
 * destructor on close) without a field in struct db; the documented
 * pointer-passing handshake (as FTS5's `SELECT fts5(?1)`) fetches it.
 */
#include "model/rank.h"

#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "rolodex/xalloc.h"

struct rank_map {
	uint32_t *rank;
	int64_t size;
	bool built;
	/* What the map was built from: PRAGMA data_version (other
	 * connections) and this connection's changes, less its own writes
	 * to temporary tables, which change no card. */
	int64_t version, changes;
	int64_t temp_changes;
};

static const char map_fn_sql[] = "SELECT rdx_rank_map(:out)";

static void map_destroy(void *p)
{
	struct rank_map *m = p;
	free(m->rank);
	free(m);
}

static void map_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	struct rank_map **out = sqlite3_value_pointer(argv[0], "rdx_rank_map");
	if (out != NULL)
		*out = sqlite3_user_data(ctx);
	sqlite3_result_null(ctx);
}

static struct rank_map *map_of(struct db *db, bool create)
{
	struct rank_map *m = NULL;
	struct stmt st;
	if (stmt_prepare(db, &st, map_fn_sql, NULL) == RDX_OK) {
		sqlite3_bind_pointer(st.st, 1, (void *)&m, "rdx_rank_map", NULL);
		stmt_step(&st);
		stmt_done(&st);
		return m;
	}
	if (!create)
		return NULL;
	m = xcalloc(1, sizeof *m);
	/* On failure SQLite calls map_destroy itself. */
	if (sqlite3_create_function_v2(db_sqlite(db), "rdx_rank_map", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, m, map_fn,
				       NULL, NULL, map_destroy) != SQLITE_OK)
		return NULL;
	return m;
}

static int64_t own_changes(struct db *db, const struct rank_map *m)
{
	return (int64_t)sqlite3_total_changes64(db_sqlite(db)) - m->temp_changes;
}

static bool map_is_current(struct db *db, const struct rank_map *m)
{
	return m != NULL && m->built && own_changes(db, m) == m->changes && db_data_version(db) == m->version;
}

const uint32_t *rank_map_current(struct db *db, int64_t *size)
{
	struct rank_map *m = map_of(db, false);
	if (!map_is_current(db, m))
		return NULL;
	*size = m->size;
	return m->rank;
}

void rank_map_note_temp_changes(struct db *db, int64_t n)
{
	struct rank_map *m = map_of(db, false);
	if (m != NULL)
		m->temp_changes += n;
}

/* Ids beyond this many per card (plus a margin) are too sparse to map. */
#define MAP_SPARSE_FACTOR 8

enum rdx_status rank_map_build(struct db *db, char **cause)
{
	struct rank_map *m = map_of(db, true);
	if (m == NULL)
		return rdx_fail(cause, RDX_DB, "cannot keep the sort order in memory");
	if (map_is_current(db, m))
		return RDX_OK;
	m->built = false;
	int64_t version = db_data_version(db);
	int64_t changes = own_changes(db, m);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT max(id), count(*) FROM card", cause);
	if (s != RDX_OK)
		return s;
	int rc = stmt_step(&st);
	int64_t max_id = rc == SQLITE_ROW ? stmt_int(&st, 0) : 0;
	int64_t cards = rc == SQLITE_ROW ? stmt_int(&st, 1) : 0;
	if (rc != SQLITE_ROW)
		s = db_error(db, rc, "reading cards", cause);
	stmt_done(&st);
	if (s != RDX_OK)
		return s;
	if (max_id < 0 || max_id > cards * MAP_SPARSE_FACTOR + 1000000 || cards >= (int64_t)UINT32_MAX)
		return RDX_OK; /* no map: searches sort in SQL */
	int64_t size = max_id + 1;
	if (size != m->size) {
		free(m->rank);
		m->rank = xcalloc((size_t)size, sizeof *m->rank);
		m->size = size;
	} else {
		memset(m->rank, 0, (size_t)size * sizeof *m->rank);
	}
	s = stmt_prepare(db, &st, "SELECT id FROM card WHERE trashed_at IS NULL ORDER BY sort_key, id", cause);
	if (s != RDX_OK)
		return s;
	uint32_t r = 0;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		int64_t id = stmt_int(&st, 0);
		if (id > 0 && id < size)
			m->rank[id] = ++r;
	}
	if (rc != SQLITE_DONE)
		s = db_error(db, rc, "reading the sort order", cause);
	stmt_done(&st);
	if (s != RDX_OK)
		return s;
	m->version = version;
	m->changes = changes;
	m->built = true;
	return RDX_OK;
}
