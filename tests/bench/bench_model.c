/*
 * bench_model.c - rolodex's own work per keystroke, without the terminal.
 * It makes the model calls the card browser (src/tui/view_browser.c,
 * card_draw.c) makes, in the same order, as of the browser that defers
 * everything that grows with the rolodex to idle time:
 *   open     db_open, then browser_refresh: card_any, card_page (the first
 *            card) and the card display: card_load, card_status_get,
 *            note_list(1), touch_list(1);
 *   flip     card_page(from the current key, 1) and the card display;
 *   search   one keystroke of `/`: the first match (card_page with the
 *            text typed so far) and its display - what stands between
 *            the key and the screen (browser_search);
 *   list     on screens from 120 columns the list pane beside the card
 *            adds the rows around it before the paint (browser_fetch_rows:
 *            card_page back and forward, LIST_ROWS in all): reported on
 *            its own as search_list_pane;
 *   idle     what follows in idle time, interruptible by the next key:
 *            the search's capped count (card_count_capped, 10,001), and
 *            for the whole rolodex card_count, card_tabs_present,
 *            card_position, the reminder's due count, and
 *            card_browse_prepare (the sort order in memory, which the
 *            browser's idle time builds after the first paint; the
 *            search figures below are taken with it, as a user typing
 *            after the first idle moments gets them).
 * and prints "<metric> <milliseconds>" lines: medians and p99, in wall
 * time and (the *_cpu_* lines) in thread CPU time.
 *
 * With TAG, the search is typed again within the tag ("tag:TAG QUERY"):
 * the search_tag_* lines; and among the due cards ("due:yes QUERY"): the
 * search_due_* lines.
 *
 * usage: bench_model DB QUERY [FLIPS [TAG]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rolodex/card.h"
#include "rolodex/browse.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "model/review_store.h"
#include "rolodex/xalloc.h"

struct browser {
	struct db *db;
	struct card_filter filter;
	struct card_key key;
	int64_t id, position;
};

#define SEARCH_COUNT_CAP 10000
/* Rows of the list pane on a 40-line screen. */
#define LIST_ROWS 36

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void must(enum rdx_status s, char *cause, const char *what)
{
	if (s != RDX_OK)
		fatal("%s: %s", what, rdx_cause_or_message(s, cause));
}

/* card_draw.c card_display_load */
static void display_load(struct browser *b)
{
	char *cause = NULL;
	struct card card;
	struct card_status status;
	struct note *notes;
	struct touch *touches;
	size_t n;
	must(card_load(b->db, b->id, &card, &cause), cause, "card_load");
	must(card_status_get(b->db, b->id, b->filter.today, &status, &cause), cause, "card_status_get");
	must(note_list(b->db, b->id, 1, &notes, &n, &cause), cause, "note_list");
	note_list_free(notes, n);
	must(touch_list(b->db, b->id, 1, &touches, &n, &cause), cause, "touch_list");
	touch_list_free(touches, n);
	card_done(&card);
}

/* view_browser.c browser_step */
static bool step(struct browser *b, bool forward, bool from_end)
{
	char *cause = NULL;
	struct card_row *rows;
	size_t n;
	must(card_page(b->db, &b->filter, from_end || b->id == 0 ? NULL : &b->key, forward, 1, &rows, &n, &cause),
	     cause, "card_page");
	if (n == 0) {
		card_rows_free(rows, n);
		return false;
	}
	b->id = rows[0].id;
	card_key_done(&b->key);
	b->key.sort_key = xstrdup(rows[0].sort_key);
	b->key.id = rows[0].id;
	b->position = from_end ? 1 : b->position + (forward ? 1 : -1);
	card_rows_free(rows, n);
	return true;
}

/* view_browser.c browser_fetch_rows: the list pane's rows around the
 * current card. */
static void list_rows(struct browser *b)
{
	char *cause = NULL;
	struct card_row *rows;
	size_t nb = 0, na = 0;
	if (b->id == 0)
		return;
	must(card_page(b->db, &b->filter, &b->key, false, LIST_ROWS / 2, &rows, &nb, &cause), cause, "card_page");
	card_rows_free(rows, nb);
	must(card_page(b->db, &b->filter, &b->key, true, LIST_ROWS - nb - 1, &rows, &na, &cause), cause,
	     "card_page");
	card_rows_free(rows, na);
}

/* view_browser.c browser_refresh: keep nothing, start at the first card;
 * counts, tabs and the position follow in idle time. */
static void refresh(struct browser *b)
{
	char *cause = NULL;
	bool any;
	must(card_any(b->db, &any, &cause), cause, "card_any");
	if (!any || !step(b, true, true))
		b->id = 0;
	if (b->id != 0)
		display_load(b);
}

/* CPU time of this thread: what the work cost, without the time the
 * scheduler gave to other processes on a busy machine. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	size_t p99 = (size_t)((double)n * 0.99);
	if (p99 >= n)
		p99 = n - 1;
	printf("%s_median %.4f\n%s_p99 %.4f\n%s_max %.4f\n", name, v[n / 2], name, v[p99], name, v[n - 1]);
}

/* Types query one character a keystroke, rounds times over; prints
 * NAME_key_ms, NAME_key_cpu_ms, NAME_list_pane_cpu_ms, idle_NAME_count_ms
 * and NAME_matches. */
static void search_series(struct browser *b, const char *name, const char *query, size_t rounds)
{
	char *cause = NULL;
	size_t len = strlen(query), ns = 0;
	double *sv = xcalloc(len * rounds, sizeof *sv);
	double *cv = xcalloc(len * rounds, sizeof *cv);
	double *sc = xcalloc(len * rounds, sizeof *sc);
	double *lv = xcalloc(len * rounds, sizeof *lv);
	int64_t matches = 0;
	char *typed = xcalloc(len + 1, 1);
	for (size_t r = 0; r < rounds; r++) {
		b->filter.query = NULL;
		b->id = 0;
		refresh(b);
		for (size_t k = 1; k <= len; k++) {
			if ((query[k - 1] & 0xc0) == 0x80)
				continue; /* a keystroke is a whole character */
			size_t end = k;
			while (end < len && (query[end] & 0xc0) == 0x80)
				end++;
			memcpy(typed, query, end);
			typed[end] = '\0';
			b->filter.query = typed;
			double t0 = now_ms();
			double c0 = cpu_ms();
			if (step(b, true, true))
				display_load(b);
			sc[ns] = cpu_ms() - c0;
			sv[ns] = now_ms() - t0;
			c0 = cpu_ms();
			list_rows(b);
			lv[ns] = cpu_ms() - c0;
			t0 = now_ms();
			must(card_count_capped(b->db, &b->filter, SEARCH_COUNT_CAP + 1, &matches, &cause), cause,
			     "card_count_capped");
			cv[ns++] = now_ms() - t0;
		}
	}
	char *metric = xasprintf("%s_key_ms", name);
	report(metric, sv, ns);
	free(metric);
	metric = xasprintf("%s_key_cpu_ms", name);
	report(metric, sc, ns);
	free(metric);
	metric = xasprintf("%s_list_pane_cpu_ms", name);
	report(metric, lv, ns);
	free(metric);
	metric = xasprintf("idle_%s_count_ms", name);
	report(metric, cv, ns);
	free(metric);
	printf("%s_matches %lld\n", name, (long long)matches);
	b->filter.query = NULL;
	free(sv);
	free(cv);
	free(sc);
	free(lv);
	free(typed);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_model DB QUERY [FLIPS [TAG]]\n");
		return 2;
	}
	const char *query = argv[2];
	size_t flips = argc > 3 ? (size_t)atol(argv[3]) : 1000;
	const char *tag = argc > 4 ? argv[4] : NULL;
	int today;
	date_today(getenv("ROLODEX_TODAY"), &today);
	char *cause = NULL;

	double t0 = now_ms();
	struct browser b = { .filter = { .today = today } };
	must(db_open(argv[1], 0, &b.db, &cause), cause, argv[1]);
	refresh(&b);
	double t_open = now_ms() - t0;
	printf("open_ms %.4f\n", t_open);

	/* Idle work over the whole rolodex (not in a keystroke's path). */
	int64_t n;
	bool tabs[27];
	t0 = now_ms();
	must(card_count(b.db, &b.filter, &n, &cause), cause, "card_count");
	printf("idle_count_all_ms %.4f\n", now_ms() - t0);
	t0 = now_ms();
	must(card_tabs_present(b.db, &b.filter, tabs, &cause), cause, "card_tabs_present");
	printf("idle_tabs_ms %.4f\n", now_ms() - t0);
	t0 = now_ms();
	must(card_browse_prepare(b.db, &cause), cause, "card_browse_prepare");
	printf("idle_prepare_ms %.4f\n", now_ms() - t0);
	/* What the TUI's reminder runs (in idle slices; here in one). */
	int64_t after = 0;
	bool due_done = false;
	n = 0;
	t0 = now_ms();
	must(review_store_count_due(b.db, today, INT64_MAX, &after, &n, &due_done, &cause), cause,
	     "review_store_count_due");
	printf("idle_reminder_due_count_ms %.4f\n", now_ms() - t0);

	/* Flips: forward through the cards from the first, wrapping. */
	double *v = xcalloc(flips, sizeof *v);
	double *vc = xcalloc(flips, sizeof *vc);
	for (size_t k = 0; k < flips; k++) {
		t0 = now_ms();
		double c0 = cpu_ms();
		if (!step(&b, true, false))
			step(&b, true, true);
		display_load(&b);
		vc[k] = cpu_ms() - c0;
		v[k] = now_ms() - t0;
	}
	report("flip_ms", v, flips);
	report("flip_cpu_ms", vc, flips);
	free(vc);

	/* Positions from scratch (idle work after a jump or a search). */
	int64_t total = 0;
	must(db_card_count(b.db, &total, &cause), cause, "db_card_count");
	size_t npos = 50;
	double *pv = xcalloc(npos, sizeof *pv);
	for (size_t k = 0; k < npos; k++) {
		int64_t pos;
		int64_t id = 1 + (int64_t)((uint64_t)(k * 2654435761u) % (uint64_t)(total > 0 ? total : 1));
		t0 = now_ms();
		if (card_position(b.db, &b.filter, id, &pos, &cause) != RDX_OK) {
			free(cause);
			cause = NULL;
		}
		pv[k] = now_ms() - t0;
	}
	report("idle_position_ms", pv, npos);

	/* Search: type the query one character at a time, 20 times over,
	 * starting from the first card each time (as `/` then Esc does);
	 * then, given a tag, the same within it ("tag:TAG QUERY", the tag's
	 * name typed too). */
	search_series(&b, "search", query, 20);
	if (tag != NULL) {
		char *tagged = xasprintf("tag:%s %s", tag, query);
		search_series(&b, "search_tag", tagged, 5);
		free(tagged);
		char *due = xasprintf("due:yes %s", query);
		search_series(&b, "search_due", due, 5);
		free(due);
	}

	card_key_done(&b.key);
	db_close(b.db);
	free(v);
	free(pv);
	return 0;
}
