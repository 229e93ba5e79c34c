/*
 * browse.c - walking cards in sort order for screens and commands: the
 * filter's WHERE clause (filter.c) meets the search hits cached per
 * connection, and pages, counts, positions and tabs are keyset queries
 * over the (sort_key, id) indexes, so nothing loads a whole table.  A
 * page takes one of four paths: straight through the sort order, by rank
 * in the in-memory sort order (rank.c), from the cached hits, or walking
 * and testing each card against the search words (fts_match.c).
 */
#include "rolodex/browse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "model/filter.h"
#include "model/fts.h"
#include "model/fts_match.h"
#include "model/rank.h"
#include "rolodex/card.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* ---- the search hits ---------------------------------------------------
 *
 * A short prefix ("t") matches most cards, and FTS5 (this schema has no
 * prefix index) merges the lists of every word starting with it each time
 * a statement runs, which grows with the rolodex and would be paid again
 * by every page, count, position and tab probe.  So browsing
 * reads the matches of the search words once into a temporary table of
 * card ids, kept for the connection until the words or the data change
 * (PRAGMA data_version for other connections, sqlite3_total_changes64 for
 * this one), and tests membership by id.  Knowing how many ids matched
 * also lets each query pick its plan: walk the sort order and test each
 * card when matches are many, or read the few matches and sort them.
 */

/* Whether the hits of `match` are read already (*cached), and how many. */
static enum rdx_status hits_lookup(struct db *db, const char *match, bool *cached, int64_t *hits, char **cause)
{
	sqlite3 *sql = db_sqlite(db);
	enum rdx_status s;
	struct stmt st;

	*cached = false;
	s = db_exec(db,
		    "CREATE TEMP TABLE IF NOT EXISTS rdx_hit (id INTEGER PRIMARY KEY);"
		    "CREATE TEMP TABLE IF NOT EXISTS rdx_hit_key (match TEXT, version INTEGER, changes INTEGER,"
		    " hits INTEGER);",
		    cause);
	if (s != RDX_OK)
		return s;
	s = stmt_prepare(db, &st, "SELECT hits FROM temp.rdx_hit_key WHERE match = :match AND version = :version"
				  " AND changes = :changes", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":match", match);
	stmt_bind_int(&st, ":version", db_data_version(db));
	stmt_bind_int(&st, ":changes", (int64_t)sqlite3_total_changes64(sql));
	int rc = stmt_step(&st);
	*cached = rc == SQLITE_ROW;
	if (*cached)
		*hits = stmt_int(&st, 0);
	else if (rc != SQLITE_DONE)
		s = db_error(db, rc, "reading the search cache", cause);
	stmt_done(&st);
	return s;
}

static enum rdx_status hits_fill(struct db *db, const char *match, int64_t *hits, char **cause)
{
	sqlite3 *sql = db_sqlite(db);
	struct stmt st;
	enum rdx_status s;
	int64_t version = db_data_version(db);

	/* The key goes first: an interrupted fill leaves no key, so the
	 * next search fills again. */
	s = stmt_run(db, "DELETE FROM temp.rdx_hit_key", cause);
	if (s == RDX_OK)
		s = stmt_run(db, "DELETE FROM temp.rdx_hit", cause);
	if (s != RDX_OK)
		return s;
	s = stmt_prepare(db, &st, "INSERT INTO temp.rdx_hit SELECT rowid FROM card_fts WHERE card_fts MATCH :match",
			 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":match", match);
	s = stmt_exec(&st, cause);
	*hits = (int64_t)sqlite3_changes64(sql);
	stmt_done(&st);
	if (s != RDX_OK)
		return s;
	s = stmt_prepare(db, &st, "INSERT INTO temp.rdx_hit_key VALUES (:match, :version, :changes, :hits)", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":match", match);
	stmt_bind_int(&st, ":version", version);
	/* This insert counts as one more change of our own. */
	stmt_bind_int(&st, ":changes", (int64_t)sqlite3_total_changes64(sql) + 1);
	stmt_bind_int(&st, ":hits", *hits);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

static enum rdx_status hits_ensure(struct db *db, const char *match, int64_t *hits, char **cause)
{
	bool cached;
	enum rdx_status s = hits_lookup(db, match, &cached, hits, cause);
	if (cached || s != RDX_OK)
		return s;
	int64_t before = (int64_t)sqlite3_total_changes64(db_sqlite(db));
	s = hits_fill(db, match, hits, cause);
	/* The cache's rows change no card: the sort order stays valid. */
	rank_map_note_temp_changes(db, (int64_t)sqlite3_total_changes64(db_sqlite(db)) - before);
	return s;
}

/* Walk the sort order testing membership, or read the matches and sort. */
static const char hits_walk_sql[] = "EXISTS (SELECT 1 FROM temp.rdx_hit h WHERE h.id = c.id)";
static const char hits_read_sql[] = "c.id IN (SELECT id FROM temp.rdx_hit)";

/* A cheap estimate of the number of cards (ids are never reused much). */
static int64_t cards_estimate(struct db *db)
{
	struct stmt st;
	int64_t n = 0;
	if (stmt_prepare(db, &st, "SELECT max(id) FROM card", NULL) != RDX_OK)
		return 0;
	if (stmt_step(&st) == SQLITE_ROW)
		n = stmt_int(&st, 0);
	stmt_done(&st);
	return n;
}

/* How a query meets the hits: chosen from their number, or forced. */
enum hits_plan { HITS_AUTO, HITS_WALK, HITS_READ };

/*
 * compile_filter for the browsing queries: search words become a test
 * against the cached hits (*hits gets their number, -1 without words).
 * `want` is how many cards the query needs in sort order (a probe's 1), 0
 * when it reads them all (a count).  HITS_AUTO walks the sort order when
 * want matches are likely within a few steps (want * cards / hits), and
 * reads the matches otherwise.
 */
static enum rdx_status browse_compile(struct db *db, const struct card_filter *filter, int64_t want,
				      enum hits_plan plan, struct compiled_filter *cf, int64_t *hits, char **cause)
{
	*hits = -1;
	compile_filter(db, filter, cf);
	if (cf->match == NULL)
		return RDX_OK;
	enum rdx_status s = hits_ensure(db, cf->match, hits, cause);
	if (s != RDX_OK) {
		compiled_filter_done(cf);
		memset(cf, 0, sizeof *cf);
		return s;
	}
	if (plan == HITS_AUTO)
		plan = want > 0 && (double)*hits * (double)*hits >= (double)want * (double)cards_estimate(db) ? HITS_WALK
													  : HITS_READ;
	compiled_filter_done(cf);
	compile_filter_matching(db, filter, cf, plan == HITS_WALK ? hits_walk_sql : hits_read_sql);
	/* The words are in the hits now: nothing to bind for them. */
	free(cf->match);
	cf->match = NULL;
	return RDX_OK;
}

/* ---- interrupting ------------------------------------------------------- */

void card_browse_interrupt(struct db *db, int (*fn)(void *ctx), void *ctx)
{
	/* Every few thousand virtual machine steps: tens of microseconds. */
	sqlite3_progress_handler(db_sqlite(db), fn != NULL ? 4000 : 0, fn, ctx);
}

enum rdx_status card_browse_prepare(struct db *db, char **cause)
{
	rdx_cause_clear(cause);
	return rank_map_build(db, cause);
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

static enum rdx_status row_of(struct db *db, int64_t id, struct card_row *row, bool *found, char **cause)
{
	struct stmt st;
	char *sql = xasprintf("SELECT %s FROM card c WHERE c.id = :id", row_columns);
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	*found = false;
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		read_row(&st, row);
		*found = true;
	} else if (rc != SQLITE_DONE) {
		s = db_error(db, rc, "reading a card", cause);
	}
	stmt_done(&st);
	return s;
}

enum rdx_status card_row_get(struct db *db, int64_t id, struct card_row *row, char **cause)
{
	rdx_cause_clear(cause);
	memset(row, 0, sizeof *row);
	bool found;
	enum rdx_status s = row_of(db, id, row, &found, cause);
	if (s == RDX_OK && !found)
		s = rdx_fail(cause, RDX_NOT_FOUND, "no card %lld", (long long)id);
	return s;
}

/* Up to 2,000 hits are read and sorted (about a millisecond); more are
 * met by walking the sort order, at most this many cards per query. */
#define HITS_READ_MAX 2000
#define HITS_WALK_BUDGET 8192

/*
 * One page query, appending to out[*n] up to limit rows after (forward) or
 * before `from` (NULL: an end).  With budget > 0 it looks at no more than
 * budget cards of the sort order (live or trashed, as the filter says) and
 * tests the rest of the filter on those only.
 */
static enum rdx_status page_query(struct db *db, const struct compiled_filter *cf, const struct card_key *from,
				  bool forward, size_t limit, int64_t budget, struct card_row *out, size_t *n,
				  char **cause)
{
	const char *after = from == NULL ? "" : forward ? " AND (c.sort_key, c.id) > (:key, :id)"
							: " AND (c.sort_key, c.id) < (:key, :id)";
	const char *dir = forward ? "ASC" : "DESC";
	/* Reading the hits sorts them: the sort carries ids only, and the
	 * rows (an email look-up each) are read for the page alone. */
	bool sorted = budget == 0 && strstr(cf->where, hits_read_sql) != NULL;
	const char *columns = sorted ? "c.id" : row_columns;
	char *sql;
	if (budget > 0) {
		const char *trash = strncmp(cf->where, "c.trashed_at IS NOT NULL", 24) == 0 ? "c.trashed_at IS NOT NULL"
											    : "c.trashed_at IS NULL";
		sql = xasprintf("SELECT %s FROM (SELECT * FROM card c WHERE %s%s ORDER BY c.sort_key %s, c.id %s"
				" LIMIT :budget) AS c WHERE %s ORDER BY c.sort_key %s, c.id %s LIMIT :limit",
				columns, trash, after, dir, dir, cf->where, dir, dir);
	} else {
		sql = xasprintf("SELECT %s FROM card c WHERE %s%s ORDER BY c.sort_key %s, c.id %s LIMIT :limit",
				columns, cf->where, after, dir, dir);
	}
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	if (s != RDX_OK)
		return s;
	bind_filter(&st, cf);
	if (from != NULL) {
		stmt_bind_text(&st, ":key", from->sort_key);
		stmt_bind_int(&st, ":id", from->id);
	}
	if (budget > 0)
		stmt_bind_int(&st, ":budget", budget);
	stmt_bind_int(&st, ":limit", (int64_t)limit);
	size_t end = *n + limit;
	int rc = SQLITE_DONE;
	while (s == RDX_OK && *n < end && (rc = stmt_step(&st)) == SQLITE_ROW) {
		if (!sorted) {
			read_row(&st, &out[(*n)++]);
			continue;
		}
		bool found;
		s = row_of(db, stmt_int(&st, 0), &out[*n], &found, cause);
		if (found)
			(*n)++;
	}
	if (s == RDX_OK && *n < end && rc != SQLITE_DONE)
		s = db_error(db, rc, "reading cards", cause);
	stmt_done(&st);
	return s;
}

struct ranked {
	uint32_t rank;
	int64_t id;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The rare tags of a search by rank, their cards read into sorted lists
 * (at most TAG_RARE_CARDS each) and tested in memory.  The rest of the
 * filter (common tags, due) is asked of the database for the few nearest
 * matches only (rank_probe).
 */
struct rank_tags {
	size_t n;
	int64_t *ids[FILTER_MAX_TAGS]; /* NULL: a common tag */
	size_t nids[FILTER_MAX_TAGS];
};

static void rank_tags_done(struct rank_tags *rt)
{
	for (size_t i = 0; i < rt->n; i++)
		free(rt->ids[i]);
}

static enum rdx_status rank_tags_load(struct db *db, const struct compiled_filter *cf, struct rank_tags *rt,
				      char **cause)
{
	memset(rt, 0, sizeof *rt);
	for (size_t i = 0; i < cf->ntags; i++) {
		rt->n++;
		if (!cf->tag_rare[i])
			continue;
		struct stmt st;
		/* In the index's order: no sorting. */
		enum rdx_status s = stmt_prepare(
			db, &st,
			cf->tag_end[i] != NULL
				? "SELECT DISTINCT card_id FROM card_tag WHERE tag >= :tag AND tag < :end ORDER BY card_id"
				: "SELECT card_id FROM card_tag WHERE tag = :tag ORDER BY card_id",
			cause);
		if (s != RDX_OK)
			return s;
		stmt_bind_text(&st, ":tag", cf->tags[i]);
		if (cf->tag_end[i] != NULL)
			stmt_bind_text(&st, ":end", cf->tag_end[i]);
		size_t cap = 0;
		rt->ids[i] = xgrow(NULL, &cap, 1, sizeof *rt->ids[i]);
		int rc;
		while ((rc = stmt_step(&st)) == SQLITE_ROW) {
			rt->ids[i] = xgrow(rt->ids[i], &cap, rt->nids[i] + 1, sizeof *rt->ids[i]);
			rt->ids[i][rt->nids[i]++] = stmt_int(&st, 0);
		}
		stmt_done(&st);
		if (rc != SQLITE_DONE)
			return db_error(db, rc, "reading a tag's cards", cause);
	}
	return RDX_OK;
}

/* Whether card id passes the rare tags (the ones held in memory). */
static bool rank_tags_rare_pass(const struct rank_tags *rt, int64_t id)
{
	for (size_t i = 0; i < rt->n; i++)
		if (rt->ids[i] != NULL && bsearch(&id, rt->ids[i], rt->nids[i], sizeof id, id_cmp) == NULL)
			return false;
	return true;
}

/* Whether card id passes the filter's conditions other than its words:
 * the filter's own WHERE text (compile_filter, words as "1") for one card. */
static enum rdx_status rank_probe(struct db *db, const struct compiled_filter *rest, int64_t id, bool *pass,
				  char **cause)
{
	struct stmt st;
	char *sql = xasprintf("SELECT 1 FROM card c WHERE c.id = :id AND %s", rest->where);
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	if (s != RDX_OK)
		return s;
	bind_filter(&st, rest);
	stmt_bind_int(&st, ":id", id);
	int rc = stmt_step(&st);
	stmt_done(&st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, rc, "reading a card", cause);
	*pass = rc == SQLITE_ROW;
	return RDX_OK;
}

/* Matches a search by rank orders at most: past this a prefix is common
 * enough that the walk along the sort order serves it. */
#define RANK_MAX_CANDIDATES 200000

/*
 * A page of a search by the in-memory sort order (rank.h): the index's
 * matches are read straight from FTS5 and put in order by an array look-up
 * each, without the hits table or a card row per match.  For words over
 * live cards, with or without tags and due (*used false otherwise, or when
 * the map is not current, or `from` is not a live card at its key).
 * Without those only the want nearest matches are kept; with them every
 * match is kept, sorted, and the nearest are tested until want pass.
 */
static enum rdx_status page_by_rank(struct db *db, const struct card_filter *filter, const struct card_key *from,
				    bool forward, size_t want, struct card_row *out, size_t *n, bool *used,
				    char **cause)
{
	*used = false;
	if (filter == NULL || filter->query == NULL || filter->trash || filter->has_birthday)
		return RDX_OK;
	int64_t size = 0;
	const uint32_t *rank = rank_map_current(db, &size);
	if (rank == NULL)
		return RDX_OK;
	struct compiled_filter cf;
	compile_filter(db, filter, &cf);
	/* Not is:trash among the words either. */
	bool plain = cf.match != NULL && strncmp(cf.where, "c.trashed_at IS NULL", 20) == 0;
	uint32_t from_rank = forward ? 0 : UINT32_MAX;
	enum rdx_status s = RDX_OK;
	if (plain && from != NULL) {
		struct card_key key;
		plain = from->id > 0 && from->id < size && rank[from->id] != 0;
		if (plain) {
			s = card_key_of(db, from->id, &key, cause);
			plain = s == RDX_OK && strcmp(key.sort_key, from->sort_key) == 0;
			card_key_done(&key);
			from_rank = rank[from->id];
		}
	}
	if (!plain || s != RDX_OK) {
		compiled_filter_done(&cf);
		return s;
	}
	struct rank_tags tags;
	s = rank_tags_load(db, &cf, &tags, cause);
	struct stmt st;
	if (s == RDX_OK)
		s = stmt_prepare(db, &st, "SELECT rowid FROM card_fts WHERE card_fts MATCH :match", cause);
	if (s != RDX_OK) {
		rank_tags_done(&tags);
		compiled_filter_done(&cf);
		return s;
	}
	stmt_bind_text(&st, ":match", cf.match);
	/* Without tags, due: or last:, the want nearest matches, kept sorted by
	 * their distance from `from` (rank forward, reversed rank backward):
	 * a page is a few dozen cards, the matches can be tens of thousands. */
	bool keep_all = tags.n > 0 || cf.state;
	size_t cap = keep_all ? 0 : want;
	struct ranked *best = keep_all ? NULL : xcalloc(want, sizeof *best);
	size_t nbest = 0;
	bool too_many = false;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		int64_t id = stmt_int(&st, 0);
		if (id <= 0 || id >= size || rank[id] == 0)
			continue;
		uint32_t r = rank[id];
		if (forward ? r <= from_rank : r >= from_rank)
			continue;
		uint32_t d = forward ? r : UINT32_MAX - r;
		if (keep_all) {
			if (!rank_tags_rare_pass(&tags, id))
				continue;
			if (nbest == RANK_MAX_CANDIDATES) {
				too_many = true;
				break;
			}
			best = xgrow(best, &cap, nbest + 1, sizeof *best);
			best[nbest++] = (struct ranked){ .rank = d, .id = id };
			continue;
		}
		if (nbest == want && d >= best[want - 1].rank)
			continue;
		size_t k = nbest < want ? nbest++ : want - 1;
		while (k > 0 && best[k - 1].rank > d) {
			best[k] = best[k - 1];
			k--;
		}
		best[k] = (struct ranked){ .rank = d, .id = id };
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		s = db_error(db, rc, "reading the search index", cause);
	stmt_done(&st);
	rank_tags_done(&tags);
	if (too_many || s != RDX_OK) {
		compiled_filter_done(&cf);
		free(best);
		return s;
	}
	/* A common tag, due: or last: asked of the nearest matches, one by one.
	 * Without a database compile_filter tests every tag per card. */
	bool probe = cf.state;
	for (size_t i = 0; i < cf.ntags; i++)
		probe = probe || !cf.tag_rare[i];
	struct compiled_filter rest = { 0 };
	if (probe) {
		compile_filter_matching(NULL, filter, &rest, "1");
		free(rest.match); /* the words were matched above */
		rest.match = NULL;
	}
	if (keep_all)
		qsort(best, nbest, sizeof *best, ranked_cmp);
	size_t end = *n + want;
	for (size_t k = 0; k < nbest && *n < end && s == RDX_OK; k++) {
		bool pass = true;
		if (probe)
			s = rank_probe(db, &rest, best[k].id, &pass, cause);
		if (s != RDX_OK || !pass)
			continue;
		bool found;
		s = row_of(db, best[k].id, &out[*n], &found, cause);
		if (found)
			(*n)++;
	}
	*used = s == RDX_OK;
	if (probe)
		compiled_filter_done(&rest);
	compiled_filter_done(&cf);
	free(best);
	return s;
}

/*
 * A page from the search's hits (read once, see hits_ensure): appends up to
 * want rows to out[*n].  sparse: a walk just found fewer than want here, so
 * walking on (a table row per card) would cost more than sorting the hits.
 */
static enum rdx_status page_from_hits(struct db *db, const struct card_filter *filter, const struct card_key *from,
				      bool forward, size_t want, bool sparse, struct card_row *out, size_t *n,
				      char **cause)
{
	struct compiled_filter cf;
	int64_t hits;
	size_t end = *n + want;
	bool used;
	enum rdx_status s = page_by_rank(db, filter, from, forward, want, out, n, &used, cause);
	if (s != RDX_OK || used)
		return s;
	s = browse_compile(db, filter, (int64_t)want, HITS_READ, &cf, &hits, cause);
	if (s != RDX_OK)
		return s;
	if (hits <= HITS_READ_MAX || sparse) {
		s = page_query(db, &cf, from, forward, want, 0, out, n, cause);
	} else {
		/* Many hits: most are a few steps apart in sort order, but a
		 * name's hits gather under its letter, so the walk has a
		 * budget, and what it did not find is read from the hits. */
		size_t first = *n;
		compiled_filter_done(&cf);
		s = browse_compile(db, filter, (int64_t)want, HITS_WALK, &cf, &hits, cause);
		if (s == RDX_OK)
			s = page_query(db, &cf, from, forward, want, HITS_WALK_BUDGET, out, n, cause);
		if (s == RDX_OK && *n < end) {
			struct card_key last = { .sort_key = *n > first ? out[*n - 1].sort_key : NULL,
						 .id = *n > first ? out[*n - 1].id : 0 };
			compiled_filter_done(&cf);
			s = browse_compile(db, filter, (int64_t)want, HITS_READ, &cf, &hits, cause);
			if (s == RDX_OK)
				s = page_query(db, &cf, *n > first ? &last : from, forward, end - *n, 0, out, n, cause);
		}
	}
	compiled_filter_done(&cf);
	return s;
}

/*
 * Cards a search looks at in sort order, testing each row (fts_match.h),
 * before it reads all the index's matches.  A common prefix ("s") finds a
 * page within a few dozen cards, where reading its matches would merge the
 * whole index; a rare word finds none here and its matches are few and
 * quick to read.  Each card costs a few microseconds.  A longer page (the
 * list pane's rows) gets more: a prefix matching one card in eight still
 * fills it by walking.
 */
#define SEARCH_WALK_BUDGET 64
#define SEARCH_WALK_PER_ROW 8
#define SEARCH_WALK_MORE_MAX 4096

/* Whether card id's full-text row matches the words. */
static enum rdx_status row_matches(struct db *db, struct fts_matcher *m, int64_t id, bool *match, char **cause)
{
	struct stmt st;
	*match = false;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT name, org, title, emails, tags, notes FROM card_fts WHERE rowid = :id",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		const char *text[FTS_MATCH_COLUMNS];
		size_t len[FTS_MATCH_COLUMNS];
		for (int c = 0; c < FTS_MATCH_COLUMNS; c++) {
			text[c] = (const char *)sqlite3_column_text(st.st, c);
			len[c] = (size_t)sqlite3_column_bytes(st.st, c);
		}
		*match = fts_matcher_test(m, text, len);
	} else if (rc != SQLITE_DONE) {
		s = db_error(db, rc, "reading the search index", cause);
	}
	stmt_done(&st);
	return s;
}

/*
 * The walk: up to `budget` cards of the sort order after (or before) from,
 * live or trashed as the filter says; the rest of the filter (tags, due,
 * birthday) is tested in SQL and the words on the card's full-text row.
 * Appends up to want matches to out[*n].  *last gets the last card looked
 * at (owned by the caller; sort_key NULL if none), *ended whether the sort
 * order ended within the budget.
 */
static enum rdx_status page_walk(struct db *db, const struct card_filter *filter, struct fts_matcher *m,
				 const struct card_key *from, bool forward, size_t want, int64_t budget,
				 struct card_row *out, size_t *n, struct card_key *last, bool *ended, char **cause)
{
	struct compiled_filter rest;
	compile_filter_matching(db, filter, &rest, "1");
	/* The words are tested here, not in SQL. */
	free(rest.match);
	rest.match = NULL;
	const char *trash = filter != NULL && filter->trash ? "c.trashed_at IS NOT NULL" : "c.trashed_at IS NULL";
	if (strncmp(rest.where, "c.trashed_at IS NOT NULL", 24) == 0)
		trash = "c.trashed_at IS NOT NULL"; /* is:trash among the words */
	const char *after = from == NULL ? "" : forward ? " AND (c.sort_key, c.id) > (:key, :id)"
							: " AND (c.sort_key, c.id) < (:key, :id)";
	const char *dir = forward ? "ASC" : "DESC";
	/* Without tags, due or birthday the rest is the trash condition the
	 * walk keeps anyway: then it reads the index alone, no card row. */
	bool words_only = rest.ntags == 0 && !rest.state && (filter == NULL || !filter->has_birthday);
	char *sql = xasprintf("SELECT c.id, c.sort_key, %s FROM card c WHERE %s%s ORDER BY c.sort_key %s, c.id %s"
			      " LIMIT :budget",
			      words_only ? "1" : rest.where, trash, after, dir, dir);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	*ended = false;
	if (s != RDX_OK) {
		compiled_filter_done(&rest);
		return s;
	}
	bind_filter(&st, &rest);
	if (from != NULL) {
		stmt_bind_text(&st, ":key", from->sort_key);
		stmt_bind_int(&st, ":id", from->id);
	}
	stmt_bind_int(&st, ":budget", budget);
	size_t end = *n + want;
	int64_t looked = 0;
	int rc = SQLITE_DONE;
	while (s == RDX_OK && *n < end && (rc = stmt_step(&st)) == SQLITE_ROW) {
		looked++;
		int64_t id = stmt_int(&st, 0);
		card_key_done(last);
		last->sort_key = stmt_text_dup(&st, 1);
		last->id = id;
		if (stmt_int(&st, 2) == 0)
			continue;
		bool match;
		s = row_matches(db, m, id, &match, cause);
		if (s == RDX_OK && match) {
			bool found;
			s = row_of(db, id, &out[*n], &found, cause);
			if (found)
				(*n)++;
		}
	}
	if (s == RDX_OK && *n < end && rc != SQLITE_DONE)
		s = db_error(db, rc, "reading cards", cause);
	*ended = s == RDX_OK && rc == SQLITE_DONE && looked < budget;
	stmt_done(&st);
	compiled_filter_done(&rest);
	return s;
}

/* A matcher for the search words when walking is worth it: not when
 * there are none, nor when their hits are read already and few enough to
 * sort (many hits are met sooner by walking; walking the hits table
 * instead reads a table row per card). */
static enum rdx_status search_matcher(struct db *db, const struct card_filter *filter, struct fts_matcher **m,
				      char **cause)
{
	struct compiled_filter cf;
	*m = NULL;
	compile_filter(db, filter, &cf);
	enum rdx_status s = RDX_OK;
	if (cf.match != NULL) {
		bool cached;
		int64_t hits;
		s = hits_lookup(db, cf.match, &cached, &hits, cause);
		if (s == RDX_OK && (!cached || hits > HITS_READ_MAX))
			s = fts_matcher_new(db, cf.words, cf.word_columns, cf.nwords, m, cause);
	}
	compiled_filter_done(&cf);
	return s;
}

enum rdx_status card_page(struct db *db, const struct card_filter *filter, const struct card_key *from, bool forward,
			  size_t limit, struct card_row **rows, size_t *count, char **cause)
{
	rdx_cause_clear(cause);
	*rows = NULL;
	*count = 0;
	if (limit == 0)
		return RDX_OK;
	struct fts_matcher *m;
	enum rdx_status s = search_matcher(db, filter, &m, cause);
	if (s != RDX_OK)
		return s;
	struct card_row *out = xcalloc(limit, sizeof *out);
	size_t n = 0;
	if (m != NULL) {
		/* Walk first; what the walk did not reach comes from the
		 * hits, after the last card it looked at. */
		struct card_key last = { .sort_key = NULL, .id = 0 };
		bool ended;
		int64_t budget = SEARCH_WALK_BUDGET + SEARCH_WALK_PER_ROW * (int64_t)(limit > 1 ? limit : 0);
		s = page_walk(db, filter, m, from, forward, limit, budget, out, &n, &last, &ended, cause);
		/* It found some but not all: when the rest lies within a few
		 * thousand cards at the rate so far (a common word within a
		 * common tag), walking on costs less than reading every match
		 * of the words. */
		int64_t more = n > 0 ? 2 * budget * (int64_t)(limit - n) / (int64_t)n : 0;
		if (s == RDX_OK && n > 0 && n < limit && !ended && more <= SEARCH_WALK_MORE_MAX) {
			struct card_key walked = last;
			last = (struct card_key){ .sort_key = NULL, .id = 0 };
			s = page_walk(db, filter, m, &walked, forward, limit - n, more, out, &n, &last, &ended, cause);
			if (last.sort_key == NULL) {
				last = walked;
			} else {
				card_key_done(&walked);
			}
		}
		if (s == RDX_OK && n < limit && !ended)
			s = page_from_hits(db, filter, last.sort_key != NULL ? &last : from, forward, limit - n, true,
					   out, &n, cause);
		card_key_done(&last);
		fts_matcher_free(m);
	} else {
		s = page_from_hits(db, filter, from, forward, limit, false, out, &n, cause);
	}
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
static enum rdx_status filter_scalar(struct db *db, const struct card_filter *filter, int64_t want,
				     const char *select, const char *extra, const struct card_key *key, const char *lo,
				     const char *hi, int64_t *value, bool *found, char **cause)
{
	struct compiled_filter cf;
	int64_t hits;
	enum rdx_status s = browse_compile(db, filter, want, HITS_AUTO, &cf, &hits, cause);
	if (s != RDX_OK)
		return s;
	char *sql = xasprintf("SELECT %s FROM card c WHERE %s%s", select, cf.where, extra);
	struct stmt st;
	s = stmt_prepare(db, &st, sql, cause);
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
	return filter_scalar(db, filter, 0, "count(*)", "", NULL, NULL, NULL, count, &found, cause);
}

enum rdx_status card_count_capped(struct db *db, const struct card_filter *filter, int64_t cap, int64_t *count,
				  char **cause)
{
	rdx_cause_clear(cause);
	*count = 0;
	struct compiled_filter cf;
	int64_t hits;
	/* Reading the matches costs at most cap steps here. */
	enum rdx_status s = browse_compile(db, filter, 0, HITS_READ, &cf, &hits, cause);
	if (s != RDX_OK)
		return s;
	char *sql = xasprintf("SELECT count(*) FROM (SELECT 1 FROM card c WHERE %s LIMIT :cap)", cf.where);
	struct stmt st;
	s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	if (s == RDX_OK) {
		bind_filter(&st, &cf);
		stmt_bind_int(&st, ":cap", cap);
		int rc = stmt_step(&st);
		if (rc == SQLITE_ROW)
			*count = stmt_int(&st, 0);
		else
			s = db_error(db, rc, "counting cards", cause);
		stmt_done(&st);
	}
	compiled_filter_done(&cf);
	return s;
}

enum rdx_status card_count_slice(struct db *db, const struct card_filter *filter, struct card_key *from,
				 const struct card_key *to, int64_t limit, int64_t *counted, bool *done, char **cause)
{
	rdx_cause_clear(cause);
	*counted = 0;
	*done = false;
	if (limit < 1)
		limit = 1;
	struct compiled_filter cf;
	int64_t hits;
	enum rdx_status s = browse_compile(db, filter, limit, HITS_AUTO, &cf, &hits, cause);
	if (s != RDX_OK)
		return s;
	const char *after = from->sort_key != NULL ? " AND (c.sort_key, c.id) > (:key, :id)" : "";
	const char *before = to != NULL ? " AND (c.sort_key, c.id) < (:to_key, :to_id)" : "";
	/* The limit-th card on: skipping along the index counts without
	 * reading a card. */
	char *sql = xasprintf("SELECT c.sort_key, c.id FROM card c WHERE %s%s%s ORDER BY c.sort_key, c.id"
			      " LIMIT 1 OFFSET :skip",
			      cf.where, after, before);
	struct stmt st;
	s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	if (s != RDX_OK) {
		compiled_filter_done(&cf);
		return s;
	}
	bind_filter(&st, &cf);
	if (from->sort_key != NULL) {
		stmt_bind_text(&st, ":key", from->sort_key);
		stmt_bind_int(&st, ":id", from->id);
	}
	if (to != NULL) {
		stmt_bind_text(&st, ":to_key", to->sort_key);
		stmt_bind_int(&st, ":to_id", to->id);
	}
	stmt_bind_int(&st, ":skip", limit - 1);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		char *key = stmt_text_dup(&st, 0);
		from->id = stmt_int(&st, 1);
		free(from->sort_key);
		from->sort_key = key;
		*counted = limit;
	} else if (rc != SQLITE_DONE) {
		s = db_error(db, rc, "counting cards", cause);
	}
	stmt_done(&st);
	if (s != RDX_OK || rc == SQLITE_ROW) {
		compiled_filter_done(&cf);
		return s;
	}
	/* Fewer than limit are left: count them, and that is the end. */
	sql = xasprintf("SELECT count(*) FROM card c WHERE %s%s%s", cf.where, after, before);
	s = stmt_prepare(db, &st, sql, cause);
	free(sql);
	if (s == RDX_OK) {
		bind_filter(&st, &cf);
		if (from->sort_key != NULL) {
			stmt_bind_text(&st, ":key", from->sort_key);
			stmt_bind_int(&st, ":id", from->id);
		}
		if (to != NULL) {
			stmt_bind_text(&st, ":to_key", to->sort_key);
			stmt_bind_int(&st, ":to_id", to->id);
		}
		rc = stmt_step(&st);
		if (rc == SQLITE_ROW) {
			*counted = stmt_int(&st, 0);
			*done = true;
		} else {
			s = db_error(db, rc, "counting cards", cause);
		}
		stmt_done(&st);
	}
	compiled_filter_done(&cf);
	return s;
}

enum rdx_status card_any(struct db *db, bool *any, char **cause)
{
	rdx_cause_clear(cause);
	*any = false;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT 1 FROM card WHERE trashed_at IS NULL LIMIT 1", cause);
	if (s != RDX_OK)
		return s;
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*any = true;
	else if (rc != SQLITE_DONE)
		s = db_error(db, rc, "reading cards", cause);
	stmt_done(&st);
	return s;
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
	s = filter_scalar(db, filter, 1, "c.id", " AND c.id = :id AND c.sort_key = :key", &key, NULL, NULL, &selected,
			  &found, cause);
	if (s == RDX_OK && !found)
		s = rdx_fail(cause, RDX_NOT_FOUND, "the card is not among these cards");
	if (s == RDX_OK) {
		int64_t before = 0;
		s = filter_scalar(db, filter, 0, "count(*)", " AND (c.sort_key, c.id) < (:key, :id)", &key, NULL, NULL,
				  &before, &found, cause);
		*position = before + 1;
	}
	card_key_done(&key);
	return s;
}

enum rdx_status card_selected(struct db *db, const struct card_filter *filter, int64_t id, bool *selected,
			      char **cause)
{
	rdx_cause_clear(cause);
	*selected = false;
	struct card_key key;
	enum rdx_status s = card_key_of(db, id, &key, cause);
	if (s == RDX_NOT_FOUND) {
		rdx_cause_drop(cause);
		return RDX_OK;
	}
	if (s != RDX_OK)
		return s;
	int64_t unused = 0;
	s = filter_scalar(db, filter, 1, "c.id", " AND c.id = :id AND c.sort_key = :key", &key, NULL, NULL, &unused,
			  selected, cause);
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
	enum rdx_status s = filter_scalar(db, filter, 1, "c.id", " AND c.sort_key >= :lo ORDER BY c.sort_key, c.id LIMIT 1",
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
		enum rdx_status s = filter_scalar(db, filter, 1, "1",
						  " AND c.sort_key >= :lo AND c.sort_key < :hi LIMIT 1", NULL, lo, hi,
						  &unused, &found, cause);
		if (s != RDX_OK)
			return s;
		present[i] = found;
	}
	return RDX_OK;
}

/*
 * Opens a walk over the cards filter selects, in sort order, reading
 * columns.  Not cached: a long walk must not hold a cache slot, and the
 * callback may run queries of its own.  On success the caller steps *st
 * and then calls stmt_done and compiled_filter_done.
 */
static enum rdx_status filter_walk_open(struct db *db, const struct card_filter *filter, const char *columns,
					struct compiled_filter *cf, struct stmt *st, char **cause)
{
	rdx_cause_clear(cause);
	compile_filter(db, filter, cf);
	char *sql = xasprintf("SELECT %s FROM card c WHERE %s ORDER BY c.sort_key, c.id", columns, cf->where);
	sqlite3_stmt *raw = NULL;
	int rc = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &raw, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		compiled_filter_done(cf);
		return db_error(db, rc, "reading cards", cause);
	}
	*st = (struct stmt){ .db = db, .st = raw, .entry = NULL };
	bind_filter(st, cf);
	return RDX_OK;
}

enum rdx_status card_foreach(struct db *db, const struct card_filter *filter,
			     int (*fn)(void *ctx, const struct card_row *row), void *ctx, char **cause)
{
	struct compiled_filter cf;
	struct stmt st;
	enum rdx_status s = filter_walk_open(db, filter, row_columns, &cf, &st, cause);
	if (s != RDX_OK)
		return s;
	int rc;
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

enum rdx_status card_email_foreach(struct db *db, const struct card_filter *filter,
				   int (*fn)(void *ctx, const struct card_email_row *row), void *ctx, char **cause)
{
	/* The sort carries the selected cards' names only; the addresses are
	 * read for the cards the callback takes (mutt's query stops at a
	 * thousand), each from card_field_card. */
	struct compiled_filter cf;
	struct stmt st;
	enum rdx_status s = filter_walk_open(db, filter, "c.id, c.name, c.org", &cf, &st, cause);
	if (s != RDX_OK)
		return s;
	int rc = SQLITE_DONE;
	int stop = 0;
	while (s == RDX_OK && !stop && (rc = stmt_step(&st)) == SQLITE_ROW) {
		struct card_email_row row = {
			.card_id = stmt_int(&st, 0),
			.name = stmt_text(&st, 1),
			.org = stmt_text(&st, 2),
		};
		struct stmt fields;
		s = stmt_prepare(db, &fields,
				 "SELECT value, label FROM card_field WHERE card_id = :id AND kind = 'email' ORDER BY position",
				 cause);
		if (s != RDX_OK)
			break;
		stmt_bind_int(&fields, ":id", row.card_id);
		int frc;
		while (!stop && (frc = stmt_step(&fields)) == SQLITE_ROW) {
			row.email = stmt_text(&fields, 0);
			row.label = stmt_text(&fields, 1);
			stop = fn(ctx, &row);
		}
		if (!stop && frc != SQLITE_DONE)
			s = db_error(db, frc, "reading a card's addresses", cause);
		stmt_done(&fields);
	}
	if (s == RDX_OK && !stop && rc != SQLITE_DONE)
		s = db_error(db, rc, "reading cards", cause);
	stmt_done(&st);
	compiled_filter_done(&cf);
	return s;
}
