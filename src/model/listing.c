/*
 * listing.c - streaming lists (see listing.h): each list is one SELECT over
 * `card c` with the browsing filter's WHERE clause (filter.h), the extra
 * columns asked for as correlated subqueries that each seek an index, and
 * the derived state through the card_state view and the rdx_* functions
 * (db.c).  Nothing here runs a query per card.
 *
 * The plain walk goes down the card_live (or card_trashed) index in
 * (sort_key, id) order, so no temporary b-tree sorts the whole table; due and
 * birthday lists sort only the cards they select.
 */
#include "rolodex/listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "model/filter.h"
#include "rolodex/browse.h"
#include "rolodex/xalloc.h"

/* Result columns; every statement here selects them in this order. */
enum {
	COL_ID,
	COL_NAME,
	COL_ORG,
	COL_TITLE,
	COL_SORT_KEY,
	COL_BDAY_YEAR,
	COL_BDAY_MONTH,
	COL_BDAY_DAY,
	COL_EMAIL,
	COL_PHONE,
	COL_TAGS,
	COL_CADENCE,
	COL_INHERITED,
	COL_SNOOZE,
	COL_LAST_TOUCH,
};

/*
 * The first field of a kind is the lowest position: card_field_card
 * (card_id, kind, position) finds it without sorting.
 */
#define FIRST_FIELD(kind)                                                                                    \
	"(SELECT f.value FROM card_field f WHERE f.card_id = c.id AND f.kind = '" kind "' ORDER BY f.position " \
	"LIMIT 1)"

/*
 * Tags as "POSITION\0TAG" items joined by NUL bytes (a tag, a C string,
 * never holds one): the card_tag primary key (card_id, tag) finds them,
 * and they are put in the card's order (position, then tag, as card_load
 * does) in C.  Asking SQLite for that order would sort every card's tags
 * in a temporary b-tree, and group_concat(... ORDER BY) needs SQLite 3.44.
 */
static const char tags_column[] =
	"(SELECT group_concat(t.position || char(0) || t.tag, char(0)) FROM card_tag t WHERE t.card_id = c.id)";

/*
 * The newest touch as "DATE CHANNEL", in card_status_get's order: its date
 * is the view's last_date (max(date)), its channel the one shown with it.
 * touch_card (card_id, date, at) and the rowid give that order backwards.
 */
static const char last_touch_column[] =
	"(SELECT t.date || ' ' || t.channel FROM touch t WHERE t.card_id = c.id "
	"ORDER BY t.date DESC, t.at DESC, t.id DESC LIMIT 1)";

/*
 * The select list and FROM clause for `want`.  scan: read the card table
 * in storage order rather than down the sort index, for lists that sort
 * what they select anyway (a sequential read instead of a seek per card).
 * Caller frees.
 */
static char *select_from(unsigned want, bool scan)
{
	bool status = (want & LISTING_STATUS) != 0;
	return xasprintf("SELECT c.id, c.name, c.org, c.title, c.sort_key, c.bday_year, c.bday_month, c.bday_day, "
			 "%s, %s, %s, %s, %s, %s, %s FROM card c%s%s",
			 (want & LISTING_EMAIL) != 0 ? FIRST_FIELD("email") : "NULL",
			 (want & LISTING_PHONE) != 0 ? FIRST_FIELD("phone") : "NULL",
			 (want & LISTING_TAGS) != 0 ? tags_column : "NULL", status ? "s.cadence" : "NULL",
			 status ? "s.cadence_inherited" : "NULL", status ? "s.snooze_until" : "NULL",
			 status ? last_touch_column : "NULL", scan ? " NOT INDEXED" : "",
			 /* CROSS JOIN keeps card c the outer loop, so the
			  * walk stays on the (sort_key, id) index and the
			  * view is one rowid look-up of the same card. */
			 status ? " CROSS JOIN card_state s ON s.card_id = c.id" : "");
}

/*
 * SQLite's page cache during a walk, in KiB.  A walk in sort order reads
 * the card table and its neighbours in an order unrelated to where the
 * rows are stored, so with the default 2 MiB cache nearly every row costs
 * a read of a page it has already read; 64 MiB holds the pages a large
 * rolodex needs and bounds what a larger one takes.
 */
#define WALK_CACHE_KIB 65536

/* A walk in progress: the statement and the storage rows borrow. */
struct walk {
	struct db *db;
	struct stmt st;
	int64_t saved_cache; /* PRAGMA cache_size before the walk; 0: unchanged */
	int today;
	unsigned want;
	char *tag_text;     /* the tags column, cut into strings */
	size_t tag_text_cap;
	const char **tags;
	int64_t *tag_pos;
	size_t tags_cap;
};

/* Reads an integer pragma; 0 when it cannot. */
static int64_t pragma_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t value = 0;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return value;
}

/* Raises the page cache to WALK_CACHE_KIB for the walk (never lowers it);
 * walk_done puts the old size back.  Only memory: failing is harmless. */
static void walk_cache_raise(struct walk *w)
{
	int64_t size = pragma_int(w->db, "PRAGMA cache_size");
	int64_t page = pragma_int(w->db, "PRAGMA page_size");
	int64_t kib = size < 0 ? -size : size * page / 1024;
	if (size == 0 || kib >= WALK_CACHE_KIB)
		return;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", WALK_CACHE_KIB);
	if (sqlite3_exec(db_sqlite(w->db), sql, NULL, NULL, NULL) == SQLITE_OK)
		w->saved_cache = size;
}

static void walk_done(struct walk *w)
{
	stmt_done(&w->st);
	if (w->saved_cache != 0) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)w->saved_cache);
		sqlite3_exec(db_sqlite(w->db), sql, NULL, NULL, NULL);
	}
	free(w->tag_text);
	free(w->tags);
	free(w->tag_pos);
}

/* Parses the number at *p followed by a NUL; false when malformed. */
static bool parse_number(const char **p, const char *end, int64_t *out)
{
	const char *q = *p;
	bool negative = q < end && *q == '-';
	if (negative)
		q++;
	if (q >= end || *q < '0' || *q > '9')
		return false;
	int64_t n = 0;
	while (q < end && *q >= '0' && *q <= '9') {
		if (n > (INT64_MAX - 9) / 10)
			return false;
		n = n * 10 + (*q++ - '0');
	}
	if (q >= end || *q != '\0')
		return false;
	*p = q + 1;
	*out = negative ? -n : n;
	return true;
}

/* Orders tags i and j as card_load does: position, then tag. */
static bool tag_before(const struct walk *w, size_t i, size_t j)
{
	if (w->tag_pos[i] != w->tag_pos[j])
		return w->tag_pos[i] < w->tag_pos[j];
	return strcmp(w->tags[i], w->tags[j]) < 0;
}

/* Cuts the tags column into w->tags, in the card's order. */
static size_t read_tags(struct walk *w)
{
	const char *text = (const char *)sqlite3_column_text(w->st.st, COL_TAGS);
	size_t len = (size_t)sqlite3_column_bytes(w->st.st, COL_TAGS);
	if (text == NULL || len == 0)
		return 0;
	if (len + 1 > w->tag_text_cap) {
		w->tag_text_cap = len + 1;
		free(w->tag_text);
		w->tag_text = xmalloc(w->tag_text_cap);
	}
	memcpy(w->tag_text, text, len);
	w->tag_text[len] = '\0';

	size_t n = 0;
	const char *p = w->tag_text, *end = w->tag_text + len;
	while (p < end) {
		int64_t pos;
		if (!parse_number(&p, end, &pos))
			break; /* not what tags_column writes: keep what was read */
		if (n == w->tags_cap) {
			size_t cap = w->tags_cap;
			w->tags = xgrow(w->tags, &cap, n + 1, sizeof *w->tags);
			w->tag_pos = xrealloc(w->tag_pos, cap * sizeof *w->tag_pos);
			w->tags_cap = cap;
		}
		/* The tag runs to the next NUL: the separator, or the one
		 * after the copy. */
		w->tags[n] = p;
		w->tag_pos[n] = pos;
		n++;
		p += strlen(p) + 1;
	}
	/* Insertion sort: a card has a handful of tags. */
	for (size_t i = 1; i < n; i++) {
		for (size_t j = i; j > 0 && tag_before(w, j, j - 1); j--) {
			const char *t = w->tags[j];
			w->tags[j] = w->tags[j - 1];
			w->tags[j - 1] = t;
			int64_t q = w->tag_pos[j];
			w->tag_pos[j] = w->tag_pos[j - 1];
			w->tag_pos[j - 1] = q;
		}
	}
	return n;
}

/* The derived status from the row: the columns of card_state and the newest
 * touch, as card_status_get reads them, through the one due rule. */
static void read_status(struct walk *w, struct card_status *out)
{
	struct stmt *st = &w->st;
	char date[DATE_TEXT_SIZE] = "";
	const char *channel = "";
	if (!stmt_is_null(st, COL_LAST_TOUCH)) {
		/* "YYYY-MM-DD channel" */
		const char *touch = stmt_text(st, COL_LAST_TOUCH);
		const char *space = strchr(touch, ' ');
		if (space != NULL && (size_t)(space - touch) < sizeof date) {
			memcpy(date, touch, (size_t)(space - touch));
			date[space - touch] = '\0';
		}
		channel = space != NULL ? space + 1 : "";
	}
	card_status_derive(stmt_text(st, COL_CADENCE), date[0] != '\0' ? date : NULL,
			   stmt_is_null(st, COL_SNOOZE) ? NULL : stmt_text(st, COL_SNOOZE), w->today, out);
	snprintf(out->last_channel, sizeof out->last_channel, "%s", channel);
	out->cadence_from_tag = out->has_cadence && stmt_int(st, COL_INHERITED) != 0;
}

static void read_row(struct walk *w, struct listing_row *row)
{
	struct stmt *st = &w->st;
	memset(row, 0, sizeof *row);
	row->id = stmt_int(st, COL_ID);
	row->name = stmt_text(st, COL_NAME);
	row->org = stmt_text(st, COL_ORG);
	row->title = stmt_text(st, COL_TITLE);
	row->sort_key = stmt_text(st, COL_SORT_KEY);
	/* Each column read is a call into SQLite (and its mutex): only
	 * those asked for. */
	row->email = (w->want & LISTING_EMAIL) != 0 ? stmt_text(st, COL_EMAIL) : "";
	row->phone = (w->want & LISTING_PHONE) != 0 ? stmt_text(st, COL_PHONE) : "";
	if (!stmt_is_null(st, COL_BDAY_MONTH)) {
		row->birthday.year = stmt_is_null(st, COL_BDAY_YEAR) ? 0 : (int)stmt_int(st, COL_BDAY_YEAR);
		row->birthday.month = (int)stmt_int(st, COL_BDAY_MONTH);
		row->birthday.day = (int)stmt_int(st, COL_BDAY_DAY);
		row->birthday_next = birthday_next(&row->birthday, w->today);
	}
	if (w->want & LISTING_TAGS) {
		row->ntags = read_tags(w);
		row->tags = w->tags;
	}
	if (w->want & LISTING_STATUS)
		read_status(w, &row->status);
}

/*
 * Prepares sql (not cached: a long walk must not hold a cache slot, and
 * the callback may run queries of its own) and binds the filter.
 */
static enum rdx_status walk_prepare(struct walk *w, struct db *db, const char *sql,
				    const struct compiled_filter *cf, char **cause)
{
	sqlite3_stmt *raw = NULL;
	int rc = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &raw, NULL);
	if (rc != SQLITE_OK)
		return db_error(db, rc, "reading cards", cause);
	w->st = (struct stmt){ .db = db, .st = raw, .entry = NULL };
	bind_filter(&w->st, cf);
	return RDX_OK;
}

static enum rdx_status walk_run(struct walk *w, listing_fn fn, void *ctx, char **cause)
{
	int rc;
	while ((rc = stmt_step(&w->st)) == SQLITE_ROW) {
		struct listing_row row;
		read_row(w, &row);
		if (fn(ctx, &row) != 0)
			return RDX_OK;
	}
	if (rc != SQLITE_DONE)
		return db_error(w->db, rc, "reading cards", cause);
	return RDX_OK;
}

/*
 * How a list reads the filter's cards:
 *   WALK: down the sort index, a seek per card for its row and for each
 *         extra column, rows streamed as they are found;
 *   SCAN: the card table in storage order, the extra columns' seeks in
 *         ascending card id (each index page read once), no order;
 *   SORT: a SCAN sorted by (sort key, id) in SQLite's sorter.
 */
enum listing_order { ORDER_WALK, ORDER_SCAN, ORDER_SORT };

/* What the first part of a sorted list remembers: how many rows it gave
 * and the last one's key, where the sorted rest starts. */
struct head_run {
	listing_fn fn;
	void *ctx;
	int64_t rows;
	int64_t last_id;
	char *last_key;
	bool stopped;
};

static int head_row(void *arg, const struct listing_row *row)
{
	struct head_run *h = arg;
	h->rows++;
	h->last_id = row->id;
	free(h->last_key);
	h->last_key = xstrdup(row->sort_key);
	h->stopped = h->fn(h->ctx, row) != 0;
	return h->stopped;
}

/*
 * Rows a sorted list of every live card takes by walking the sort index
 * before it sorts the rest: the first screenful is out at once instead of
 * after the whole sort, and a walk of this many costs a few milliseconds.
 */
#define LIST_HEAD_ROWS 1000

static enum rdx_status listing_run(struct db *db, const struct card_filter *filter, unsigned want,
				   enum listing_order order, listing_fn fn, void *ctx, char **cause)
{
	rdx_cause_clear(cause);
	struct compiled_filter cf;
	compile_filter(db, filter, &cf);
	/* The plain list (no words, tags or derived state): the card_live
	 * index serves its order, so its head is walked first. */
	bool head = order == ORDER_SORT && cf.match == NULL && cf.ntags == 0 && !cf.state && !filter->has_birthday &&
		    !filter->trash && strcmp(cf.where, "c.trashed_at IS NULL") == 0;
	struct head_run h = { .fn = fn, .ctx = ctx };
	enum rdx_status s = RDX_OK;
	if (head) {
		char *select = select_from(want, false);
		char *sql = xasprintf("%s WHERE %s ORDER BY c.sort_key, c.id LIMIT %d", select, cf.where, LIST_HEAD_ROWS);
		free(select);
		struct walk w = { .db = db, .today = filter->today, .want = want };
		s = walk_prepare(&w, db, sql, &cf, cause);
		free(sql);
		if (s == RDX_OK)
			s = walk_run(&w, head_row, &h, cause);
		walk_done(&w);
		if (s != RDX_OK || h.stopped || h.rows < LIST_HEAD_ROWS) {
			free(h.last_key);
			compiled_filter_done(&cf);
			return s;
		}
	}
	char *select = select_from(want, order != ORDER_WALK);
	char *sql = xasprintf("%s WHERE %s%s%s", select, cf.where, head ? " AND (c.sort_key, c.id) > (:head_key, :head_id)" : "",
			      order != ORDER_SCAN ? " ORDER BY c.sort_key, c.id" : "");
	free(select);
	struct walk w = { .db = db, .today = filter->today, .want = want };
	s = walk_prepare(&w, db, sql, &cf, cause);
	free(sql);
	if (s == RDX_OK) {
		if (head) {
			stmt_bind_text(&w.st, ":head_key", h.last_key);
			stmt_bind_int(&w.st, ":head_id", h.last_id);
		}
		/* Only the walk's seeks jump about the file; a scan reads each
		 * page once, and the sorter keeps within the page cache's size
		 * and spills the rest to a temporary file. */
		if (order == ORDER_WALK)
			walk_cache_raise(&w);
		s = walk_run(&w, fn, ctx, cause);
	}
	walk_done(&w);
	free(h.last_key);
	compiled_filter_done(&cf);
	return s;
}

enum rdx_status listing_walk(struct db *db, const struct card_filter *filter, unsigned want, listing_fn fn,
			     void *ctx, char **cause)
{
	return listing_run(db, filter, want, ORDER_WALK, fn, ctx, cause);
}

enum rdx_status listing_scan(struct db *db, const struct card_filter *filter, unsigned want, listing_fn fn,
			     void *ctx, char **cause)
{
	return listing_run(db, filter, want, ORDER_SCAN, fn, ctx, cause);
}

enum rdx_status listing_sorted(struct db *db, const struct card_filter *filter, unsigned want, listing_fn fn,
			       void *ctx, char **cause)
{
	return listing_run(db, filter, want, ORDER_SORT, fn, ctx, cause);
}

bool listing_sort_parse(const char *text, enum listing_sort *out)
{
	static const char *const names[] = {
		[LISTING_SORT_NAME] = "name",
		[LISTING_SORT_LAST] = "last",
		[LISTING_SORT_DUE] = "due",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = (enum listing_sort)i;
			return true;
		}
	}
	return false;
}

enum rdx_status listing_sorted_by(struct db *db, const struct card_filter *filter, enum listing_sort by,
				  unsigned want, listing_fn fn, void *ctx, char **cause)
{
	if (by == LISTING_SORT_NAME)
		return listing_sorted(db, filter, want, fn, ctx, cause);
	rdx_cause_clear(cause);
	want |= LISTING_STATUS;
	struct compiled_filter cf;
	compile_filter(db, filter, &cf);
	char *head = select_from(want, true);
	/* NULL sorts first: never contacted leads the "last" order; in the
	 * "due" order a card without a rhythm is pushed after the others,
	 * and one with a rhythm but no touch (due now) comes first. */
	const char *order = by == LISTING_SORT_LAST
				    ? "s.last_date"
				    : "coalesce(s.cadence, '') = '', rdx_next_due(s.last_date, s.cadence)";
	char *sql = xasprintf("%s WHERE %s ORDER BY %s, c.sort_key, c.id", head, cf.where, order);
	free(head);
	struct walk w = { .db = db, .today = filter->today, .want = want };
	enum rdx_status s = walk_prepare(&w, db, sql, &cf, cause);
	free(sql);
	if (s == RDX_OK)
		s = walk_run(&w, fn, ctx, cause);
	walk_done(&w);
	compiled_filter_done(&cf);
	return s;
}

enum rdx_status listing_due(struct db *db, const struct card_filter *filter, unsigned want, listing_fn fn,
			    void *ctx, char **cause)
{
	rdx_cause_clear(cause);
	struct card_filter due = *filter;
	due.due_only = true;
	want |= LISTING_STATUS;
	struct compiled_filter cf;
	compile_filter(db, &due, &cf);
	char *head = select_from(want, true);
	/* Longest overdue is the earliest next due date; never contacted has
	 * none (NULL), and NULL sorts first. */
	char *sql = xasprintf("%s WHERE %s ORDER BY rdx_next_due(s.last_date, s.cadence), c.id", head, cf.where);
	free(head);
	struct walk w = { .db = db, .today = filter->today, .want = want };
	enum rdx_status s = walk_prepare(&w, db, sql, &cf, cause);
	free(sql);
	if (s == RDX_OK) {
		walk_cache_raise(&w);
		s = walk_run(&w, fn, ctx, cause);
	}
	walk_done(&w);
	compiled_filter_done(&cf);
	return s;
}

/* ---- birthdays -------------------------------------------------------- */

/*
 * A birthday (month, day) as one number, m * 100 + d, so that ranges of
 * days in a year are ranges of numbers.
 */
static int month_day(int days)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	return m * 100 + d;
}

/*
 * The window [today, today + days] as conditions on (bday_month,
 * bday_day).  A birthday's next date is this year's when that is not
 * before today, else next year's, so it falls in the window when
 *   - the window ends this year: this year's date is in [today, end];
 *   - it ends next year: this year's date is >= today, or next year's date
 *     is <= end (if this year's date is >= today it is also <= end);
 *   - it ends later still: always.
 * 29 Feb falls on 28 Feb in a common year, which changes the answer only
 * when a range ends on 28 Feb: then it also takes 29 Feb.
 */
struct bday_window {
	enum { WINDOW_ALL, WINDOW_SAME_YEAR, WINDOW_NEXT_YEAR } kind;
	int start_md;  /* today */
	int end_md;    /* the window's last day, in its year */
	int feb29[2];  /* where 29 Feb sorts this year and next: 228 or 229 */
};

static void bday_window_make(int today, int days, struct bday_window *win)
{
	int y0, y1, m, d;
	date_to_ymd(today, &y0, &m, &d);
	int end = today + days;
	date_to_ymd(end, &y1, &m, &d);
	win->start_md = month_day(today);
	win->end_md = m * 100 + d;
	if (win->end_md == 228 && !date_is_leap(y1))
		win->end_md = 229;
	win->kind = y1 == y0 ? WINDOW_SAME_YEAR : y1 == y0 + 1 ? WINDOW_NEXT_YEAR : WINDOW_ALL;
	win->feb29[0] = date_is_leap(y0) ? 229 : 228;
	win->feb29[1] = date_is_leap(y0 + 1) ? 229 : 228;
}

enum rdx_status listing_birthdays(struct db *db, const struct card_filter *filter, int days, unsigned want,
				  listing_fn fn, void *ctx, char **cause)
{
	rdx_cause_clear(cause);
	if (days < 0)
		return RDX_OK;
	struct bday_window win;
	bday_window_make(filter->today, days, &win);
	struct card_filter with_birthday = *filter;
	with_birthday.has_birthday = true;
	struct compiled_filter cf;
	compile_filter(db, &with_birthday, &cf);

	/* Row values, so that an index on (bday_month, bday_day) serves the
	 * ranges. */
	static const char *const window_sql[] = {
		[WINDOW_ALL] = "",
		[WINDOW_SAME_YEAR] = " AND (c.bday_month, c.bday_day) BETWEEN (:m0, :d0) AND (:m1, :d1)",
		[WINDOW_NEXT_YEAR] = " AND ((c.bday_month, c.bday_day) >= (:m0, :d0) OR "
				     "(c.bday_month, c.bday_day) <= (:m1, :d1))",
	};
	char *head = select_from(want, true);
	/* Soonest first: this year's dates (from today on) before next
	 * year's, then by month and day, 29 Feb as 28 Feb in a common year. */
	char *sql = xasprintf("%s WHERE %s%s ORDER BY (c.bday_month, c.bday_day) < (:m0, :d0), "
			      "CASE WHEN c.bday_month = 2 AND c.bday_day = 29 THEN "
			      "CASE WHEN (c.bday_month, c.bday_day) < (:m0, :d0) THEN :feb29_1 ELSE :feb29_0 END "
			      "ELSE c.bday_month * 100 + c.bday_day END, c.id",
			      head, cf.where, window_sql[win.kind]);
	free(head);
	struct walk w = { .db = db, .today = filter->today, .want = want };
	enum rdx_status s = walk_prepare(&w, db, sql, &cf, cause);
	free(sql);
	if (s == RDX_OK) {
		stmt_bind_int(&w.st, ":m0", win.start_md / 100);
		stmt_bind_int(&w.st, ":d0", win.start_md % 100);
		if (win.kind != WINDOW_ALL) {
			stmt_bind_int(&w.st, ":m1", win.end_md / 100);
			stmt_bind_int(&w.st, ":d1", win.end_md % 100);
		}
		stmt_bind_int(&w.st, ":feb29_0", win.feb29[0]);
		stmt_bind_int(&w.st, ":feb29_1", win.feb29[1]);
		walk_cache_raise(&w);
		s = walk_run(&w, fn, ctx, cause);
	}
	walk_done(&w);
	compiled_filter_done(&cf);
	return s;
}

enum rdx_status listing_last_id(struct db *db, const struct card_filter *filter, int64_t *id, char **cause)
{
	rdx_cause_clear(cause);
	*id = 0;
	struct compiled_filter cf;
	compile_filter(db, filter, &cf);
	/* Down the rowid from the top: stops at the first card selected. */
	char *sql = xasprintf("SELECT c.id FROM card c WHERE %s ORDER BY c.id DESC LIMIT 1", cf.where);
	struct walk w = { .db = db };
	enum rdx_status s = walk_prepare(&w, db, sql, &cf, cause);
	free(sql);
	if (s == RDX_OK) {
		int rc = stmt_step(&w.st);
		if (rc == SQLITE_ROW)
			*id = stmt_int(&w.st, 0);
		else if (rc != SQLITE_DONE)
			s = db_error(db, rc, "reading cards", cause);
	}
	walk_done(&w);
	compiled_filter_done(&cf);
	return s;
}

/* ---- every card in full ------------------------------------------------ */

/*
 * Text for one card, copied out of the statements before they step on.
 * Blocks are kept between cards, so a long walk allocates a handful of
 * times, not once per string; a string larger than a block gets a block
 * of its own.
 */
struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
};

struct arena {
	struct arena_block *first; /* blocks in use, newest first */
	struct arena_block *spare; /* emptied blocks for reuse */
};

enum { ARENA_BLOCK = 64 * 1024 };

static char *arena_copy(struct arena *a, const char *s, size_t len)
{
	struct arena_block *b = a->first;
	if (b == NULL || b->cap - b->used < len + 1) {
		if (len + 1 <= ARENA_BLOCK && a->spare != NULL) {
			b = a->spare;
			a->spare = b->next;
		} else {
			size_t cap = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
			b = xmalloc(sizeof *b + cap);
			b->cap = cap;
		}
		b->used = 0;
		b->next = a->first;
		a->first = b;
	}
	char *p = b->data + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

/* Empties the arena for the next card: standard-size blocks are kept. */
static void arena_reset(struct arena *a)
{
	while (a->first != NULL) {
		struct arena_block *b = a->first;
		a->first = b->next;
		if (b->cap == ARENA_BLOCK) {
			b->next = a->spare;
			a->spare = b;
		} else {
			free(b);
		}
	}
}

static void arena_free(struct arena *a)
{
	arena_reset(a);
	while (a->spare != NULL) {
		struct arena_block *b = a->spare;
		a->spare = b->next;
		free(b);
	}
}

/*
 * One pass over a table in card id order.  row_id is the card id of the
 * current row; done once the statement has no more rows.
 */
struct pass {
	struct stmt st;
	int64_t row_id;
	bool done;
	int rc; /* the failing step's code, when it failed */
};

static bool pass_step(struct pass *p)
{
	int rc = stmt_step(&p->st);
	if (rc == SQLITE_ROW) {
		p->row_id = stmt_int(&p->st, 0);
		return true;
	}
	p->done = true;
	if (rc != SQLITE_DONE)
		p->rc = rc;
	return false;
}

/* Skips the rows of cards before id (trashed cards', which the card pass
 * leaves out); true when the current row is card id's. */
static bool pass_at(struct pass *p, int64_t id)
{
	while (!p->done && p->row_id < id)
		pass_step(p);
	return !p->done && p->row_id == id;
}

enum { PASS_CARD, PASS_FIELD, PASS_TAG, PASS_EXTRA, PASS_NOTE, PASS_TOUCH, PASS_COUNT };

/*
 * Each pass reads its table in card id order down an index that already
 * has that order (EXPLAIN QUERY PLAN: a SCAN each, no temporary b-tree).
 * Within a card, fields come in (kind, position) order from
 * card_field_card and tags in tag order from card_tag's key; both are put
 * in position order in C.
 */
static const char *const pass_sql[PASS_COUNT] = {
	[PASS_CARD] = "SELECT id, uid, name, given, family, nickname, org, title, how_met, bday_year, bday_month, "
		      "bday_day, cadence, snooze_until, trashed_at, created_at, updated_at, revision "
		      "FROM card WHERE trashed_at IS NULL ORDER BY id",
	[PASS_FIELD] = "SELECT card_id, kind, position, value, label FROM card_field "
		       "ORDER BY card_id, kind, position",
	[PASS_TAG] = "SELECT card_id, tag, position FROM card_tag ORDER BY card_id, tag",
	[PASS_EXTRA] = "SELECT card_id, line FROM card_extra ORDER BY card_id, position",
	[PASS_NOTE] = "SELECT card_id, id, at, body FROM note ORDER BY card_id, at, id",
	[PASS_TOUCH] = "SELECT card_id, id, date, channel, note, at FROM touch ORDER BY card_id, date, at, id",
};

/* The walk's state: the passes, the card being assembled and its
 * arrays, kept from card to card. */
struct card_walk {
	struct db *db;
	struct pass pass[PASS_COUNT];
	struct arena arena;
	struct listing_card out;
	struct card_field *fields;
	int64_t *field_pos;
	size_t fields_cap;
	char **tags;
	int64_t *tag_pos;
	size_t tags_cap;
	char **extras;
	size_t extras_cap;
	struct note *notes;
	size_t notes_cap;
	struct touch *touches;
	size_t touches_cap;
};

static char *walk_text(struct card_walk *w, struct stmt *st, int column)
{
	const char *s = (const char *)sqlite3_column_text(st->st, column);
	size_t len = (size_t)sqlite3_column_bytes(st->st, column);
	return arena_copy(&w->arena, s != NULL ? s : "", s != NULL ? len : 0);
}

/* Copies a column into a fixed-size text field (a date or timestamp),
 * cut to fit as snprintf would cut it, without snprintf's cost. */
static void copy_fixed(struct stmt *st, int column, char *out, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(st->st, column);
	size_t len = s != NULL ? (size_t)sqlite3_column_bytes(st->st, column) : 0;
	if (len > size - 1)
		len = size - 1;
	if (len > 0)
		memcpy(out, s, len);
	out[len] = '\0';
}

/* The card row, decoded as card_load decodes it. */
static void card_walk_row(struct card_walk *w)
{
	struct stmt *st = &w->pass[PASS_CARD].st;
	struct card *c = &w->out.card;
	memset(c, 0, sizeof *c);
	c->id = stmt_int(st, 0);
	char **slots[] = { &c->uid, &c->name, &c->given, &c->family, &c->nickname, &c->org, &c->title, &c->how_met };
	for (int i = 0; i < 8; i++)
		*slots[i] = walk_text(w, st, 1 + i);
	if (!stmt_is_null(st, 10)) {
		c->birthday.year = stmt_is_null(st, 9) ? 0 : (int)stmt_int(st, 9);
		c->birthday.month = (int)stmt_int(st, 10);
		c->birthday.day = (int)stmt_int(st, 11);
	}
	if (!stmt_is_null(st, 12)) {
		c->cadence_set = true;
		const char *text = stmt_text(st, 12);
		if (*text == '\0' || !cadence_parse(text, &c->cadence))
			c->cadence = (struct cadence){ 0, 0 };
	}
	copy_fixed(st, 13, c->snooze_until, sizeof c->snooze_until);
	copy_fixed(st, 14, c->trashed_at, sizeof c->trashed_at);
	copy_fixed(st, 15, c->created_at, sizeof c->created_at);
	copy_fixed(st, 16, c->updated_at, sizeof c->updated_at);
	c->revision = stmt_int(st, 17);
}

/*
 * Stable insertion sort of n items of `size` bytes (at most those of a
 * struct card_field) by pos[], moving pos[] along: a card has a few
 * fields and tags, mostly in order already.
 */
static void sort_by_position(void *items, size_t size, int64_t *pos, size_t n)
{
	unsigned char tmp[sizeof(struct card_field)];
	unsigned char *base = items;

	for (size_t i = 1; i < n; i++) {
		for (size_t j = i; j > 0 && pos[j] < pos[j - 1]; j--) {
			memcpy(tmp, base + j * size, size);
			memcpy(base + j * size, base + (j - 1) * size, size);
			memcpy(base + (j - 1) * size, tmp, size);
			int64_t q = pos[j];
			pos[j] = pos[j - 1];
			pos[j - 1] = q;
		}
	}
}

static void card_walk_fields(struct card_walk *w, int64_t id)
{
	struct pass *p = &w->pass[PASS_FIELD];
	size_t n = 0;
	for (bool more = pass_at(p, id); more && p->row_id == id; more = pass_step(p)) {
		enum field_kind kind;
		if (!field_kind_parse(stmt_text(&p->st, 1), &kind))
			continue;
		if (n == w->fields_cap) {
			size_t cap = w->fields_cap;
			w->fields = xgrow(w->fields, &cap, n + 1, sizeof *w->fields);
			w->field_pos = xrealloc(w->field_pos, cap * sizeof *w->field_pos);
			w->fields_cap = cap;
		}
		w->field_pos[n] = stmt_int(&p->st, 2);
		w->fields[n] = (struct card_field){ .kind = kind, .value = walk_text(w, &p->st, 3),
						    .label = walk_text(w, &p->st, 4) };
		n++;
	}
	/* Fields come by kind, then position; card_load's order is position. */
	sort_by_position(w->fields, sizeof *w->fields, w->field_pos, n);
	w->out.card.fields = w->fields;
	w->out.card.nfields = n;
}

static void card_walk_tags(struct card_walk *w, int64_t id)
{
	struct pass *p = &w->pass[PASS_TAG];
	size_t n = 0;
	for (bool more = pass_at(p, id); more && p->row_id == id; more = pass_step(p)) {
		if (n == w->tags_cap) {
			size_t cap = w->tags_cap;
			w->tags = xgrow(w->tags, &cap, n + 1, sizeof *w->tags);
			w->tag_pos = xrealloc(w->tag_pos, cap * sizeof *w->tag_pos);
			w->tags_cap = cap;
		}
		w->tags[n] = walk_text(w, &p->st, 1);
		w->tag_pos[n] = stmt_int(&p->st, 2);
		n++;
	}
	/* (position, tag), as card_load orders them; rows come in tag order,
	 * so a stable sort by position is enough. */
	sort_by_position(w->tags, sizeof *w->tags, w->tag_pos, n);
	w->out.card.tags = w->tags;
	w->out.card.ntags = n;
}

static void card_walk_extras(struct card_walk *w, int64_t id)
{
	struct pass *p = &w->pass[PASS_EXTRA];
	size_t n = 0;
	for (bool more = pass_at(p, id); more && p->row_id == id; more = pass_step(p)) {
		w->extras = xgrow(w->extras, &w->extras_cap, n + 1, sizeof *w->extras);
		w->extras[n++] = walk_text(w, &p->st, 1);
	}
	w->out.card.extras = w->extras;
	w->out.card.nextras = n;
}

static void card_walk_notes(struct card_walk *w, int64_t id)
{
	struct pass *p = &w->pass[PASS_NOTE];
	size_t n = 0;
	for (bool more = pass_at(p, id); more && p->row_id == id; more = pass_step(p)) {
		w->notes = xgrow(w->notes, &w->notes_cap, n + 1, sizeof *w->notes);
		struct note *note = &w->notes[n++];
		note->id = stmt_int(&p->st, 1);
		note->card_id = id;
		copy_fixed(&p->st, 2, note->at, sizeof note->at);
		note->text = walk_text(w, &p->st, 3);
	}
	w->out.notes = w->notes;
	w->out.nnotes = n;
}

static void card_walk_touches(struct card_walk *w, int64_t id)
{
	struct pass *p = &w->pass[PASS_TOUCH];
	size_t n = 0;
	for (bool more = pass_at(p, id); more && p->row_id == id; more = pass_step(p)) {
		w->touches = xgrow(w->touches, &w->touches_cap, n + 1, sizeof *w->touches);
		struct touch *t = &w->touches[n++];
		t->id = stmt_int(&p->st, 1);
		t->card_id = id;
		/* As touch_list reads them. */
		if (!date_parse(stmt_text(&p->st, 2), &t->date))
			t->date = 0;
		if (!channel_parse(stmt_text(&p->st, 3), &t->channel))
			t->channel = CHANNEL_OTHER;
		t->note = walk_text(w, &p->st, 4);
		copy_fixed(&p->st, 5, t->at, sizeof t->at);
	}
	w->out.touches = w->touches;
	w->out.ntouches = n;
}

static void card_walk_done(struct card_walk *w)
{
	for (int i = 0; i < PASS_COUNT; i++)
		stmt_done(&w->pass[i].st);
	arena_free(&w->arena);
	free(w->fields);
	free(w->field_pos);
	free(w->tags);
	free(w->tag_pos);
	free(w->extras);
	free(w->notes);
	free(w->touches);
}

enum rdx_status listing_cards(struct db *db, listing_card_fn fn, void *ctx, char **cause)
{
	rdx_cause_clear(cause);
	struct card_walk w = { .db = db };
	enum rdx_status s = RDX_OK;
	/* Not cached: six statements held for a whole walk. */
	for (int i = 0; i < PASS_COUNT && s == RDX_OK; i++) {
		sqlite3_stmt *raw = NULL;
		int rc = sqlite3_prepare_v2(db_sqlite(db), pass_sql[i], -1, &raw, NULL);
		w.pass[i].st = (struct stmt){ .db = db, .st = raw, .entry = NULL };
		if (rc != SQLITE_OK)
			s = db_error(db, rc, "reading cards", cause);
		else if (i != PASS_CARD)
			pass_step(&w.pass[i]);
	}
	struct pass *cards = &w.pass[PASS_CARD];
	while (s == RDX_OK && pass_step(cards)) {
		int64_t id = cards->row_id;
		arena_reset(&w.arena);
		card_walk_row(&w);
		card_walk_fields(&w, id);
		card_walk_tags(&w, id);
		card_walk_extras(&w, id);
		card_walk_notes(&w, id);
		card_walk_touches(&w, id);
		for (int i = 0; i < PASS_COUNT; i++) {
			if (w.pass[i].rc != 0) {
				s = db_error(db, w.pass[i].rc, "reading cards", cause);
				break;
			}
		}
		if (s == RDX_OK && fn(ctx, &w.out) != 0)
			break;
	}
	if (s == RDX_OK && cards->rc != 0)
		s = db_error(db, cards->rc, "reading cards", cause);
	card_walk_done(&w);
	return s;
}
