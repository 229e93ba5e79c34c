/*
 * fts.c - the full-text index (FTS5, unicode61 with diacritics removed) and
 * safe query building.
 */
#include "model/fts.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

enum rdx_status fts_remove(struct db *db, int64_t id, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "DELETE FROM card_fts WHERE rowid = :id", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

void fts_schedule(struct db *db, int64_t id, bool is_new)
{
	db->fts_pending = xgrow(db->fts_pending, &db->fts_cap, db->fts_npending + 1, sizeof *db->fts_pending);
	db->fts_pending[db->fts_npending++] = (struct fts_pending){ .id = id, .is_new = is_new };
}

void fts_forget(struct db *db)
{
	db->fts_npending = 0;
}

static int pending_cmp(const void *a, const void *b)
{
	const struct fts_pending *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}


/*
 * The scheduled ids go into a temporary table and the index is rebuilt
 * with one DELETE and one INSERT ... SELECT: FTS5 writes out its pending
 * data at the end of every statement, so one statement for the whole
 * batch costs a fraction of one statement per card (an import).
 */
enum rdx_status fts_flush(struct db *db, char **cause)
{
	size_t n = db->fts_npending;
	if (n == 0)
		return RDX_OK;
	qsort(db->fts_pending, n, sizeof *db->fts_pending, pending_cmp);
	enum rdx_status s = RDX_OK;
	if (!db->fts_temp_ready) {
		s = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS fts_pending (id INTEGER PRIMARY KEY, is_new INTEGER NOT NULL)",
			    cause);
		db->fts_temp_ready = s == RDX_OK;
	}
	/* Consecutive ids with the same is_new go in as one range (an import
	 * adds its cards with consecutive ids): one statement a run rather
	 * than one a card. */
	int64_t first = 0, last = 0;
	bool run_new = false, in_run = false;
	for (size_t i = 0; i <= n && s == RDX_OK;) {
		int64_t id = 0;
		bool is_new = false;
		if (i < n) {
			/* The row is missing only when the card was inserted in
			 * this transaction; then one of its entries says so. */
			id = db->fts_pending[i].id;
			for (; i < n && db->fts_pending[i].id == id; i++)
				is_new = is_new || db->fts_pending[i].is_new;
			if (in_run && id == last + 1 && is_new == run_new) {
				last = id;
				continue;
			}
		} else {
			i++; /* past the end: write the last run */
		}
		if (in_run) {
			struct stmt st;
			s = stmt_prepare(db, &st,
					 "INSERT INTO temp.fts_pending(id, is_new) "
					 "WITH RECURSIVE r(id) AS (SELECT :first UNION ALL SELECT id + 1 FROM r WHERE id < :last) "
					 "SELECT id, :is_new FROM r",
					 cause);
			if (s != RDX_OK)
				break;
			stmt_bind_int(&st, ":first", first);
			stmt_bind_int(&st, ":last", last);
			stmt_bind_int(&st, ":is_new", run_new);
			s = stmt_exec(&st, cause);
			stmt_done(&st);
		}
		first = last = id;
		run_new = is_new;
		in_run = true;
	}
	if (s == RDX_OK)
		s = stmt_run(db, "DELETE FROM card_fts WHERE rowid IN (SELECT id FROM temp.fts_pending WHERE is_new = 0)",
			       cause);
	if (s == RDX_OK)
		s = stmt_run(db,
			       /* What a row holds is the card_fts_row view's (schema.c). */
			       "INSERT INTO card_fts(rowid, name, org, title, emails, tags, notes) "
			       "SELECT r.id, r.name, r.org, r.title, r.emails, r.tags, r.notes "
			       "FROM temp.fts_pending p JOIN card_fts_row r ON r.id = p.id ORDER BY p.id",
			       cause);
	/* Emptied on every path: a failed flush rolls the transaction back,
	 * and the next one must not see these ids. */
	enum rdx_status cleared = stmt_run(db, "DELETE FROM temp.fts_pending", s == RDX_OK ? cause : NULL);
	if (s == RDX_OK)
		s = cleared;
	db->fts_npending = 0;
	return s;
}

/*
 * Non-ASCII ranges that unicode61 treats as separators (punctuation,
 * symbols, spaces, emoji, variation selectors).  A word made only of these
 * would become an empty phrase, which matches nothing and so would empty
 * the whole AND-ed result ("ada —" finding no one).  The list is the common
 * blocks, not every code point: a separator missing here only costs that
 * corner case, never an error.
 */
static const struct {
	uint32_t lo, hi;
} separator_ranges[] = {
	{ 0x0080, 0x00a9 }, { 0x00ab, 0x00b1 }, { 0x00b4, 0x00b4 }, { 0x00b6, 0x00b8 },
	{ 0x00bb, 0x00bb }, { 0x00bf, 0x00bf }, { 0x00d7, 0x00d7 }, { 0x00f7, 0x00f7 },
	{ 0x2000, 0x206f }, /* general punctuation, spaces, zero-width */
	{ 0x20a0, 0x20cf }, /* currency */
	{ 0x2190, 0x245f }, /* arrows, mathematical, technical, control pictures */
	{ 0x2500, 0x2775 }, /* box drawing, shapes, symbols, dingbats */
	{ 0x2794, 0x2bff }, /* more arrows and symbols */
	{ 0x2e00, 0x2e7f }, /* supplemental punctuation */
	{ 0x3000, 0x3004 }, { 0x3008, 0x3020 }, /* CJK punctuation */
	{ 0xfe00, 0xfe0f }, /* variation selectors */
	{ 0xfe10, 0xfe6f }, /* vertical, compatibility and small forms */
	{ 0xff01, 0xff0f }, { 0xff1a, 0xff20 }, { 0xff3b, 0xff40 }, { 0xff5b, 0xff65 },
	{ 0x1f000, 0x1f0ff }, { 0x1f10d, 0x1faff }, /* emoji and pictographs */
	{ 0xe0000, 0xe007f }, /* tags */
};

static bool is_separator(uint32_t cp)
{
	if (cp < 0x80)
		return !isalnum((int)cp);
	for (size_t i = 0; i < sizeof separator_ranges / sizeof separator_ranges[0]; i++)
		if (cp >= separator_ranges[i].lo && cp <= separator_ranges[i].hi)
			return true;
	return false;
}

static bool has_token_char(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		/* Invalid bytes decode as U+FFFD, which is a symbol: dropped. */
		if (!is_separator(cp) && cp != 0xfffd)
			return true;
		i += n;
	}
	return false;
}

void fts_append_term(char **expr, const char *word, const char *column)
{
	if (!has_token_char(word))
		return;
	char *segmented = text_fts_segment(word);
	/* Quote as an FTS5 string: double every '"'. */
	size_t len = strlen(segmented);
	char *quoted = xmalloc(2 * len + 3);
	char *q = quoted;
	*q++ = '"';
	for (const char *p = segmented; *p != '\0'; p++) {
		if (*p == '"')
			*q++ = '"';
		*q++ = *p;
	}
	*q++ = '"';
	*q = '\0';
	free(segmented);
	char *term = column != NULL ? xasprintf("%s : %s*", column, quoted) : xasprintf("%s*", quoted);
	free(quoted);
	char *joined = *expr == NULL ? xstrdup(term) : xasprintf("%s AND %s", *expr, term);
	free(term);
	free(*expr);
	*expr = joined;
}
