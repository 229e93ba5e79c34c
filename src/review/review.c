/*
 * review.c - the monthly review's state machine over the model: building
 * the queue, moving the cursor, recording what was done at each card,
 * extending the review into a walk through every other card, and the
 * summary.  SQL lives in src/model/review_store.c; this file decides.
 *
 * Invariant: whatever a function here changes is committed before it
 * returns, and the in-memory struct review is only updated after the commit
 * succeeded, so memory never runs ahead of the database.
 */
#include "rolodex/review.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/date.h"
#include "rolodex/db.h"
#include "model/review_store.h"
#include "rolodex/scan_store.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

static const char *const reason_names[] = {
	[REVIEW_REASON_OVERDUE] = "overdue",
	[REVIEW_REASON_BIRTHDAY] = "birthday",
	[REVIEW_REASON_NEVER] = "never",
	[REVIEW_REASON_WALK] = "walk",
};

static const char *const action_names[] = {
	[REVIEW_ACTION_NONE] = "",
	[REVIEW_ACTION_SKIPPED] = "skipped",
	[REVIEW_ACTION_EDITED] = "edited",
	[REVIEW_ACTION_NOTED] = "noted",
	[REVIEW_ACTION_SNOOZED] = "snoozed",
	[REVIEW_ACTION_CONTACTED] = "contacted",
};

const char *review_reason_name(enum review_reason reason)
{
	return reason_names[reason];
}

const char *review_action_name(enum review_action action)
{
	return action_names[action];
}

static enum review_reason reason_parse(const char *s)
{
	for (size_t i = 0; i < sizeof reason_names / sizeof reason_names[0]; i++)
		if (strcmp(s, reason_names[i]) == 0)
			return (enum review_reason)i;
	return REVIEW_REASON_WALK;
}

static enum review_action action_parse(const char *s)
{
	for (size_t i = 1; i < sizeof action_names / sizeof action_names[0]; i++)
		if (strcmp(s, action_names[i]) == 0)
			return (enum review_action)i;
	return REVIEW_ACTION_NONE;
}

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* Appends printf-style text to out, cutting it at outsize. */
static void append(char *out, size_t outsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- building the queue ---------------------------------------------- */

struct candidate {
	int64_t id;
	char *sort_key;
	enum review_reason reason;
	int date;     /* due date (overdue) or birthday date */
	int weight;   /* overdue: days overdue */
};

struct builder {
	int today;
	struct candidate *list;
	size_t count, capacity;
};

static int builder_add(void *ctx, const struct review_fact *f)
{
	struct builder *b = ctx;
	struct candidate cand = { .id = f->id };

	if (f->status.due && f->status.contacted) {
		cand.reason = REVIEW_REASON_OVERDUE;
		cand.date = f->status.next_due;
		cand.weight = b->today - f->status.next_due;
	} else if (f->status.due) {
		cand.reason = REVIEW_REASON_NEVER;
	} else if (f->birthday.month != 0 && birthday_next(&f->birthday, b->today) - b->today <= REVIEW_BIRTHDAY_DAYS) {
		cand.reason = REVIEW_REASON_BIRTHDAY;
		cand.date = birthday_next(&f->birthday, b->today);
	} else {
		return 0;
	}
	cand.sort_key = xstrdup(f->sort_key);
	b->list = xgrow(b->list, &b->capacity, b->count + 1, sizeof *b->list);
	b->list[b->count++] = cand;
	return 0;
}

/* Most overdue first, then birthdays by date, then never contacted; each
 * group by name (sort key, then id for equal names). */
static int candidate_compare(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;
	int r;

	if (a->reason != b->reason)
		return a->reason < b->reason ? -1 : 1;
	if (a->reason == REVIEW_REASON_OVERDUE && a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	if (a->reason == REVIEW_REASON_BIRTHDAY && a->date != b->date)
		return a->date < b->date ? -1 : 1;
	r = strcmp(a->sort_key, b->sort_key);
	if (r != 0)
		return r;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Tags are stored folded; fold the argument the same way so `--tag ACME`
 * finds `acme`. */
static char *tag_fold(const char *tag)
{
	char *folded, *t;

	if (tag == NULL)
		return NULL;
	t = xstrdup(tag);
	text_trim(t);
	folded = text_fold(t);
	free(t);
	if (*folded == '\0') {
		free(folded);
		return NULL;
	}
	return folded;
}

static enum rdx_status review_start(struct db *db, const struct review_options *options, int today,
				    const char *now, int64_t *id, char **cause)
{
	struct builder b = { .today = today };
	struct review_store_head head = { 0 };
	struct review_store_item *items = NULL;
	enum rdx_status status;
	int64_t walk = 0;

	*id = 0;
	head.tag = tag_fold(options->tag);
	status = review_store_facts(db, head.tag, 0, today, builder_add, &b, cause);
	if (status != RDX_OK)
		goto done;
	if (b.count > 1) /* qsort's pointer must not be NULL, even for 0 items */
		qsort(b.list, b.count, sizeof *b.list, candidate_compare);

	items = xcalloc(b.count + 1, sizeof *items);
	for (size_t i = 0; i < b.count; i++) {
		items[i].position = (int64_t)i;
		items[i].card_id = b.list[i].id;
		copy_text(items[i].reason, sizeof items[i].reason, reason_names[b.list[i].reason]);
		if (b.list[i].reason == REVIEW_REASON_OVERDUE || b.list[i].reason == REVIEW_REASON_BIRTHDAY)
			date_format(b.list[i].date, items[i].reason_date);
	}
	copy_text(head.started_at, sizeof head.started_at, now);
	date_format(today, head.today);
	copy_text(head.scope, sizeof head.scope, options->all ? "all" : "due");
	head.position = 0;
	head.due_total = (int64_t)b.count;

	if (b.count == 0 && !options->all)
		goto done; /* nobody is due: nothing to keep */
	status = db_begin(db, cause);
	if (status != RDX_OK)
		goto done;
	status = review_store_create(db, &head, items, b.count, cause);
	if (status == RDX_OK && options->all)
		status = review_store_append_walk(db, head.id, &walk, cause);
	if (status != RDX_OK) {
		db_rollback(db);
		goto done;
	}
	if (b.count == 0 && walk == 0) {
		/* --all on an empty rolodex (or tag): nothing to keep */
		db_rollback(db);
		goto done;
	}
	status = db_commit(db, cause);
	if (status == RDX_OK)
		*id = head.id;
done:
	for (size_t i = 0; i < b.count; i++)
		free(b.list[i].sort_key);
	free(b.list);
	free(items);
	review_store_head_done(&head);
	return status;
}

/* ---- loading ---------------------------------------------------------- */

void review_free(struct review *review)
{
	if (review == NULL)
		return;
	free(review->tag);
	free(review->items);
	free(review);
}

/* Replaces *r's contents with what is stored for review id. */
static enum rdx_status review_read(struct db *db, int64_t id, struct review *r, char **cause)
{
	struct review_store_head head;
	struct review_store_item *rows;
	size_t count;
	enum rdx_status status = review_store_load(db, id, &head, &rows, &count, cause);

	if (status != RDX_OK)
		return status;
	free(r->tag);
	free(r->items);
	memset(r, 0, sizeof *r);
	r->id = head.id;
	copy_text(r->started_at, sizeof r->started_at, head.started_at);
	copy_text(r->finished_at, sizeof r->finished_at, head.finished_at);
	if (!date_parse(head.today, &r->today))
		r->today = 0;
	r->all = strcmp(head.scope, "all") == 0;
	r->tag = head.tag;
	head.tag = NULL;
	r->extended = head.extended;
	r->due_total = head.due_total > 0 ? (size_t)head.due_total : 0;
	r->items = xcalloc(count + 1, sizeof *r->items);
	r->count = count;
	/* The stored cursor is a position key; positions may have gaps when
	 * a card was purged (its items go with it). */
	r->cursor = count;
	for (size_t i = 0; i < count; i++) {
		struct review_item *it = &r->items[i];

		it->position = rows[i].position;
		it->card_id = rows[i].card_id;
		it->reason = reason_parse(rows[i].reason);
		it->has_reason_date = date_parse(rows[i].reason_date, &it->reason_date);
		it->action = action_parse(rows[i].action);
		copy_text(it->channel, sizeof it->channel, rows[i].channel);
		if (r->cursor == count && it->position >= head.position)
			r->cursor = i;
	}
	free(rows);
	return RDX_OK;
}

enum rdx_status review_load(struct db *db, int64_t id, struct review **out, char **cause)
{
	struct review *r = xcalloc(1, sizeof *r);
	enum rdx_status status;

	rdx_cause_clear(cause);
	*out = NULL;
	status = review_read(db, id, r, cause);
	if (status != RDX_OK) {
		review_free(r);
		return status;
	}
	*out = r;
	return RDX_OK;
}

enum rdx_status review_load_latest(struct db *db, struct review **out, char **cause)
{
	int64_t id;
	enum rdx_status status;

	rdx_cause_clear(cause);
	*out = NULL;
	status = review_store_find_active(db, &id, cause);
	if (status == RDX_NOT_FOUND)
		status = review_store_find_last(db, &id, cause);
	if (status != RDX_OK)
		return status;
	return review_load(db, id, out, cause);
}

/* The stored form of cursor index i. */
static int64_t cursor_key(const struct review *r, size_t i)
{
	if (i < r->count)
		return r->items[i].position;
	return r->count > 0 ? r->items[r->count - 1].position + 1 : 0;
}

/* First index at or after i whose card is live (r->count when none). */
static enum rdx_status next_live(struct db *db, const struct review *r, size_t i, size_t *out, char **cause)
{
	for (; i < r->count; i++) {
		bool live;
		enum rdx_status status = review_store_card_live(db, r->items[i].card_id, &live, cause);
		if (status != RDX_OK)
			return status;
		if (live)
			break;
	}
	*out = i;
	return RDX_OK;
}

/* Moves the cursor past trashed cards and saves it when it moved. */
static enum rdx_status settle_cursor(struct db *db, struct review *r, char **cause)
{
	size_t to;
	enum rdx_status status;

	if (r->finished_at[0] != '\0' || db_is_readonly(db))
		return RDX_OK;
	status = next_live(db, r, r->cursor, &to, cause);
	if (status != RDX_OK || to == r->cursor)
		return status;
	status = review_store_set_position(db, r->id, cursor_key(r, to), cause);
	if (status == RDX_OK)
		r->cursor = to;
	return status;
}

enum rdx_status review_open(struct db *db, const struct review_options *options, int today, const char *now,
			    struct review **out, enum review_start *how, char **cause)
{
	static const struct review_options defaults = { 0 };
	int64_t id;
	enum rdx_status status;

	rdx_cause_clear(cause);
	*out = NULL;
	if (options == NULL)
		options = &defaults;
	status = review_store_find_active(db, &id, cause);
	if (status == RDX_OK) {
		*how = REVIEW_RESUMED;
	} else if (status == RDX_NOT_FOUND) {
		rdx_cause_drop(cause);
		*how = REVIEW_STARTED;
		status = review_start(db, options, today, now, &id, cause);
		if (status != RDX_OK)
			return status;
		if (id == 0) {
			*how = REVIEW_EMPTY;
			return RDX_OK;
		}
	} else {
		return status;
	}
	status = review_load(db, id, out, cause);
	if (status == RDX_OK)
		status = settle_cursor(db, *out, cause);
	if (status != RDX_OK) {
		review_free(*out);
		*out = NULL;
	}
	return status;
}

enum rdx_status review_sync(struct db *db, struct review *review, char **cause)
{
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = review_read(db, review->id, review, cause);
	if (status != RDX_OK)
		return status;
	return settle_cursor(db, review, cause);
}

/* ---- the cursor ------------------------------------------------------- */

const struct review_item *review_current(const struct review *review)
{
	return review->cursor < review->count ? &review->items[review->cursor] : NULL;
}

size_t review_position(const struct review *review)
{
	return review->cursor < review->count ? review->cursor + 1 : review->count;
}

bool review_at_end(const struct review *review)
{
	return review->cursor >= review->count;
}

bool review_is_finished(const struct review *review)
{
	return review->finished_at[0] != '\0';
}

static enum rdx_status check_active(const struct review *r, bool need_card, char **cause)
{
	if (r->finished_at[0] != '\0')
		return rdx_fail(cause, RDX_INVALID, "this review is finished");
	if (need_card && r->cursor >= r->count)
		return rdx_fail(cause, RDX_INVALID, "the review is at its end");
	return RDX_OK;
}

/* Records action at the cursor (unless heavier is there) and optionally
 * advances; the caller holds the transaction.  *to gets the new cursor. */
static enum rdx_status mark_in_tx(struct db *db, struct review *r, enum review_action action, const char *channel,
				  bool advance, const char *now, size_t *to, char **cause)
{
	struct review_item *it = &r->items[r->cursor];
	enum rdx_status status = RDX_OK;

	*to = r->cursor;
	if (action > it->action || (action == REVIEW_ACTION_CONTACTED && it->action == action))
		status = review_store_set_action(db, r->id, it->position, action_names[action],
						 action == REVIEW_ACTION_CONTACTED ? channel : NULL, now, cause);
	if (status == RDX_OK && advance) {
		status = next_live(db, r, r->cursor + 1, to, cause);
		if (status == RDX_OK)
			status = review_store_set_position(db, r->id, cursor_key(r, *to), cause);
	}
	return status;
}

/* After a commit: the same change in memory. */
static void mark_applied(struct review *r, enum review_action action, const char *channel, size_t to)
{
	struct review_item *it = &r->items[r->cursor];

	if (action > it->action || (action == REVIEW_ACTION_CONTACTED && it->action == action)) {
		it->action = action;
		copy_text(it->channel, sizeof it->channel,
			  action == REVIEW_ACTION_CONTACTED && channel != NULL ? channel : "");
	}
	r->cursor = to;
}

enum rdx_status review_mark(struct db *db, struct review *review, enum review_action action, const char *channel,
			    bool advance, const char *now, char **cause)
{
	enum rdx_status status;
	size_t to;

	rdx_cause_clear(cause);
	status = check_active(review, true, cause);
	if (status != RDX_OK)
		return status;
	status = db_begin(db, cause);
	if (status != RDX_OK)
		return status;
	status = mark_in_tx(db, review, action, channel, advance, now, &to, cause);
	if (status == RDX_OK)
		status = db_commit(db, cause);
	else
		db_rollback(db);
	if (status == RDX_OK)
		mark_applied(review, action, channel, to);
	return status;
}

enum rdx_status review_skip(struct db *db, struct review *review, const char *now, char **cause)
{
	return review_mark(db, review, REVIEW_ACTION_SKIPPED, NULL, true, now, cause);
}

enum rdx_status review_back(struct db *db, struct review *review, char **cause)
{
	enum rdx_status status;
	size_t i;

	rdx_cause_clear(cause);
	status = check_active(review, false, cause);
	if (status != RDX_OK)
		return status;
	for (i = review->cursor; i > 0; i--) {
		bool live;
		status = review_store_card_live(db, review->items[i - 1].card_id, &live, cause);
		if (status != RDX_OK)
			return status;
		if (live)
			break;
	}
	if (i == 0)
		return RDX_OK; /* already at the first card */
	status = review_store_set_position(db, review->id, cursor_key(review, i - 1), cause);
	if (status == RDX_OK)
		review->cursor = i - 1;
	return status;
}

/* A model write on the current card plus the mark, in one transaction. */
enum write_kind { WRITE_TOUCH, WRITE_NOTE, WRITE_SNOOZE, WRITE_CADENCE };

struct write {
	enum write_kind kind;
	int today;
	int until;    /* WRITE_SNOOZE: the first day it is due again */
	enum channel channel;
	const char *text;
	const struct cadence *cadence;
};

static enum rdx_status write_and_mark(struct db *db, struct review *r, const struct write *w,
				      enum review_action action, bool advance, const char *now, char **cause)
{
	enum rdx_status status;
	int64_t card_id;
	char until[DATE_TEXT_SIZE];
	const char *channel = NULL;
	size_t to;

	rdx_cause_clear(cause);
	status = check_active(r, true, cause);
	if (status != RDX_OK)
		return status;
	card_id = r->items[r->cursor].card_id;
	status = db_begin(db, cause);
	if (status != RDX_OK)
		return status;
	switch (w->kind) {
	case WRITE_TOUCH:
		channel = channel_name(w->channel);
		status = touch_add(db, card_id, w->today, w->channel, w->text, now, NULL, cause);
		break;
	case WRITE_NOTE:
		status = note_add(db, card_id, w->text, now, NULL, cause);
		break;
	case WRITE_SNOOZE:
		date_format(w->until, until);
		status = card_snooze(db, card_id, until, now, cause);
		break;
	case WRITE_CADENCE:
		status = card_set_cadence(db, card_id, w->cadence, now, cause);
		break;
	}
	if (status == RDX_OK)
		status = mark_in_tx(db, r, action, channel, advance, now, &to, cause);
	if (status == RDX_OK)
		status = db_commit(db, cause);
	else
		db_rollback(db);
	if (status == RDX_OK)
		mark_applied(r, action, channel, to);
	return status;
}

enum rdx_status review_contacted(struct db *db, struct review *review, int today, enum channel channel,
				 const char *note, const char *now, char **cause)
{
	struct write w = { .kind = WRITE_TOUCH, .today = today, .channel = channel, .text = note };
	return write_and_mark(db, review, &w, REVIEW_ACTION_CONTACTED, true, now, cause);
}

enum rdx_status review_note(struct db *db, struct review *review, const char *text, const char *now, char **cause)
{
	struct write w = { .kind = WRITE_NOTE, .text = text };
	return write_and_mark(db, review, &w, REVIEW_ACTION_NOTED, false, now, cause);
}

int review_snooze_until(int today)
{
	int year, month, day;

	date_to_ymd(today, &year, &month, &day);
	return date_add_months(date_from_ymd(year, month, 1), 1);
}

enum rdx_status review_snooze(struct db *db, struct review *review, int today, const char *now, char **cause)
{
	return review_snooze_to(db, review, review_snooze_until(today), now, cause);
}

enum rdx_status review_snooze_to(struct db *db, struct review *review, int until, const char *now, char **cause)
{
	struct write w = { .kind = WRITE_SNOOZE, .until = until };
	return write_and_mark(db, review, &w, REVIEW_ACTION_SNOOZED, true, now, cause);
}

bool review_snooze_parse(const char *text, int today, int *until)
{
	struct cadence span;
	char *t = xstrdup(text != NULL ? text : "");
	bool ok = true;

	text_trim(t);
	if (t[0] == '\0')
		*until = review_snooze_until(today);
	else if (cadence_parse(t, &span) && span.n > 0)
		*until = cadence_next_due(&span, today);
	else if (date_parse(t, until))
		ok = *until > today;
	else
		ok = false;
	free(t);
	return ok;
}

enum rdx_status review_set_cadence(struct db *db, struct review *review, const struct cadence *cadence,
				   const char *now, char **cause)
{
	struct write w = { .kind = WRITE_CADENCE, .cadence = cadence };
	return write_and_mark(db, review, &w, REVIEW_ACTION_EDITED, false, now, cause);
}

/* ---- a review from an earlier month ------------------------------------ */

bool review_is_stale(const struct review *review, int today)
{
	int y, m, d, ty, tm, td;

	if (review == NULL || review->finished_at[0] != '\0' || today <= review->today)
		return false;
	date_to_ymd(review->today, &y, &m, &d);
	date_to_ymd(today, &ty, &tm, &td);
	return ty * 12 + tm > y * 12 + m;
}

static int id_compare(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return a < b ? -1 : a > b;
}

static bool id_in(const int64_t *ids, size_t n, int64_t id)
{
	return n > 0 && bsearch(&id, ids, n, sizeof *ids, id_compare) != NULL;
}

/* What a refresh changes: the positions of the items to drop and the items
 * to add (in queue order, positions after the last item). */
struct refresh_plan {
	int64_t *drop;
	size_t ndrop;
	struct review_store_item *add;
	size_t nadd;
	size_t done;
};

static void refresh_plan_done(struct refresh_plan *p)
{
	free(p->drop);
	free(p->add);
	memset(p, 0, sizeof *p);
}

static enum rdx_status refresh_plan(struct db *db, const struct review *r, int today, struct refresh_plan *p,
				    char **cause)
{
	struct builder b = { .today = today };
	enum rdx_status status;

	memset(p, 0, sizeof *p);
	status = review_store_facts(db, r->tag, 0, today, builder_add, &b, cause);
	if (status == RDX_OK) {
		if (b.count > 1)
			qsort(b.list, b.count, sizeof *b.list, candidate_compare);
		int64_t *due = xcalloc(b.count + 1, sizeof *due);
		int64_t *queued = xcalloc(r->count + 1, sizeof *queued);
		for (size_t i = 0; i < b.count; i++)
			due[i] = b.list[i].id;
		for (size_t i = 0; i < r->count; i++)
			queued[i] = r->items[i].card_id;
		qsort(due, b.count, sizeof *due, id_compare);
		qsort(queued, r->count, sizeof *queued, id_compare);

		/* Keep what was done and the walk; drop what is no longer due. */
		p->drop = xcalloc(r->count + 1, sizeof *p->drop);
		for (size_t i = 0; i < r->count; i++) {
			const struct review_item *it = &r->items[i];
			if (it->action != REVIEW_ACTION_NONE)
				p->done++;
			else if (it->reason != REVIEW_REASON_WALK && !id_in(due, b.count, it->card_id))
				p->drop[p->ndrop++] = it->position;
		}
		/* Add what became due, in the order a new review would have. */
		int64_t next = r->count > 0 ? r->items[r->count - 1].position + 1 : 0;
		p->add = xcalloc(b.count + 1, sizeof *p->add);
		for (size_t i = 0; i < b.count; i++) {
			if (id_in(queued, r->count, b.list[i].id))
				continue;
			struct review_store_item *it = &p->add[p->nadd++];
			it->position = next++;
			it->card_id = b.list[i].id;
			copy_text(it->reason, sizeof it->reason, reason_names[b.list[i].reason]);
			if (b.list[i].reason == REVIEW_REASON_OVERDUE || b.list[i].reason == REVIEW_REASON_BIRTHDAY)
				date_format(b.list[i].date, it->reason_date);
		}
		free(due);
		free(queued);
	}
	for (size_t i = 0; i < b.count; i++)
		free(b.list[i].sort_key);
	free(b.list);
	if (status != RDX_OK)
		refresh_plan_done(p);
	return status;
}

enum rdx_status review_refresh_preview(struct db *db, const struct review *review, int today,
				       struct review_refresh *out, char **cause)
{
	struct refresh_plan p;

	rdx_cause_clear(cause);
	memset(out, 0, sizeof *out);
	enum rdx_status status = refresh_plan(db, review, today, &p, cause);
	if (status != RDX_OK)
		return status;
	out->added = p.nadd;
	out->dropped = p.ndrop;
	out->done = p.done;
	refresh_plan_done(&p);
	return RDX_OK;
}

enum rdx_status review_refresh(struct db *db, struct review *review, int today, struct review_refresh *out,
			       char **cause)
{
	struct review_store_head head = { .id = review->id };
	struct refresh_plan p;
	enum rdx_status status;

	rdx_cause_clear(cause);
	memset(out, 0, sizeof *out);
	status = check_active(review, false, cause);
	if (status != RDX_OK)
		return status;
	status = refresh_plan(db, review, today, &p, cause);
	if (status != RDX_OK)
		return status;

	/* The cursor goes to the first card nothing was done at; the due
	 * part is everything but the walk. */
	int64_t due_total = (int64_t)p.nadd;
	bool found = false;
	for (size_t i = 0; i < review->count; i++) {
		const struct review_item *it = &review->items[i];
		bool dropped = it->action == REVIEW_ACTION_NONE && id_in(p.drop, p.ndrop, it->position);
		if (dropped)
			continue;
		if (it->reason != REVIEW_REASON_WALK)
			due_total++;
		if (!found && it->action == REVIEW_ACTION_NONE) {
			head.position = it->position;
			found = true;
		}
	}
	if (!found)
		head.position = p.nadd > 0 ? p.add[0].position : cursor_key(review, review->count);
	head.due_total = due_total;
	date_format(today, head.today);
	status = review_store_requeue(db, &head, p.drop, p.ndrop, p.add, p.nadd, cause);
	if (status == RDX_OK) {
		out->added = p.nadd;
		out->dropped = p.ndrop;
		out->done = p.done;
		status = review_read(db, review->id, review, cause);
	}
	if (status == RDX_OK)
		status = settle_cursor(db, review, cause);
	refresh_plan_done(&p);
	return status;
}

enum rdx_status review_abandon(struct db *db, struct review *review, char **cause)
{
	rdx_cause_clear(cause);
	enum rdx_status status = check_active(review, false, cause);
	if (status != RDX_OK)
		return status;
	return review_store_delete(db, review->id, cause);
}

/* ---- the walk and the end --------------------------------------------- */

enum rdx_status review_walk_count(struct db *db, const struct review *review, int64_t *count, char **cause)
{
	rdx_cause_clear(cause);
	*count = 0;
	if (review->extended)
		return RDX_OK;
	return review_store_count_walk(db, review->id, count, cause);
}

enum rdx_status review_extend(struct db *db, struct review *review, int64_t *added, char **cause)
{
	enum rdx_status status;
	size_t first = review->count;
	int64_t n = 0;

	rdx_cause_clear(cause);
	if (added != NULL)
		*added = 0;
	status = check_active(review, false, cause);
	if (status != RDX_OK)
		return status;
	status = db_begin(db, cause);
	if (status != RDX_OK)
		return status;
	status = review_store_append_walk(db, review->id, &n, cause);
	/* The cursor goes to the first card of the walk. */
	if (status == RDX_OK)
		status = review_store_set_position(db, review->id,
						   review->count > 0 ? review->items[review->count - 1].position + 1 : 0,
						   cause);
	if (status == RDX_OK)
		status = db_commit(db, cause);
	else
		db_rollback(db);
	if (status != RDX_OK)
		return status;
	status = review_read(db, review->id, review, cause);
	if (status != RDX_OK)
		return status;
	if (review->cursor < first)
		review->cursor = first;
	if (added != NULL)
		*added = n;
	return settle_cursor(db, review, cause);
}

enum rdx_status review_finish(struct db *db, struct review *review, const char *now, char **cause)
{
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = check_active(review, false, cause);
	if (status != RDX_OK)
		return status;
	status = review_store_finish(db, review->id, now, cause);
	if (status == RDX_OK)
		copy_text(review->finished_at, sizeof review->finished_at, now);
	return status;
}

/* ---- summary ----------------------------------------------------------- */

struct due_counter {
	size_t due;
};

static int count_due(void *ctx, const struct review_fact *f)
{
	struct due_counter *c = ctx;
	if (f->status.due)
		c->due++;
	return 0;
}

enum rdx_status review_summarize(struct db *db, const struct review *review, int today,
				 struct review_summary *out, char **cause)
{
	struct due_counter dc = { 0 };
	enum rdx_status status;

	rdx_cause_clear(cause);
	memset(out, 0, sizeof *out);
	out->total = review->count;
	for (size_t i = 0; i < review->count; i++) {
		const struct review_item *it = &review->items[i];
		enum channel ch;

		switch (it->action) {
		case REVIEW_ACTION_CONTACTED:
			out->contacted++;
			if (channel_parse(it->channel, &ch))
				out->by_channel[ch]++;
			break;
		case REVIEW_ACTION_NOTED:
			out->noted++;
			break;
		case REVIEW_ACTION_SNOOZED:
			out->snoozed++;
			break;
		case REVIEW_ACTION_SKIPPED:
			out->skipped++;
			break;
		case REVIEW_ACTION_EDITED:
			out->edited++;
			break;
		case REVIEW_ACTION_NONE:
			break;
		}
	}
	status = review_store_facts(db, NULL, review->id, today, count_due, &dc, cause);
	out->still_due = dc.due;
	return status;
}

static void append(char *out, size_t outsize, const char *fmt, ...)
{
	size_t len = strlen(out);
	va_list ap;

	if (len + 1 >= outsize)
		return;
	va_start(ap, fmt);
	vsnprintf(out + len, outsize - len, fmt, ap);
	va_end(ap);
}

void review_summary_format(const struct review_summary *s, char *out, size_t outsize)
{
	const char *sep = " — ";

	if (outsize == 0)
		return;
	out[0] = '\0';
	append(out, outsize, "contacted %zu", s->contacted);
	for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
		if (s->by_channel[ch] == 0)
			continue;
		append(out, outsize, "%s%s %zu", sep, channel_name((enum channel)ch), s->by_channel[ch]);
		sep = ", ";
	}
	if (s->noted > 0)
		append(out, outsize, "; notes %zu", s->noted);
	if (s->snoozed > 0)
		append(out, outsize, "; snoozed %zu", s->snoozed);
	if (s->edited > 0)
		append(out, outsize, "; edited %zu", s->edited);
	if (s->skipped > 0)
		append(out, outsize, "; skipped %zu", s->skipped);
	append(out, outsize, "; still due %zu", s->still_due);
}

/* ---- words ------------------------------------------------------------- */

/* "coffee on 2 Aug" from the status's last touch. */
static void describe_last(const struct card_status *st, int today, char *out, size_t outsize)
{
	char when[32];

	date_format_short(st->last_date, today, when, sizeof when);
	if (st->last_channel[0] != '\0')
		snprintf(out, outsize, "%s on %s", st->last_channel, when);
	else
		snprintf(out, outsize, "on %s", when);
}

void review_describe_reason(const struct review_item *item, const struct card_status *st, int today,
			    char *out, size_t outsize)
{
	char rhythm[48] = "", last[64] = "", span[32], when[32], rel[32];

	if (outsize == 0)
		return;
	out[0] = '\0';
	if (st != NULL && st->has_cadence)
		cadence_describe(&st->cadence, rhythm, sizeof rhythm);
	if (st != NULL && st->contacted)
		describe_last(st, today, last, sizeof last);

	switch (item->reason) {
	case REVIEW_REASON_OVERDUE:
		/* From the card as it is now: a rhythm changed during the review
		 * changes how overdue it is at once. */
		if (st != NULL && st->has_cadence && st->contacted && !st->due) {
			date_format_short(st->next_due, today, when, sizeof when);
			snprintf(out, outsize, "no longer due (next on %s)", when);
		} else if (st != NULL && st->has_cadence && st->contacted) {
			if (st->overdue_days > 0) {
				date_describe_span(st->overdue_days, span, sizeof span);
				snprintf(out, outsize, "overdue by %s", span);
			} else {
				snprintf(out, outsize, "due today");
			}
		} else if (item->has_reason_date && today > item->reason_date) {
			date_describe_span(today - item->reason_date, span, sizeof span);
			snprintf(out, outsize, "overdue by %s", span);
		} else {
			snprintf(out, outsize, "due today");
		}
		if (rhythm[0] != '\0')
			append(out, outsize, " — %s", rhythm);
		if (last[0] != '\0')
			append(out, outsize, "%slast: %s", rhythm[0] != '\0' ? ", " : " — ", last);
		break;
	case REVIEW_REASON_BIRTHDAY:
		if (!item->has_reason_date) {
			snprintf(out, outsize, "birthday soon — send a card");
		} else if (item->reason_date == today) {
			snprintf(out, outsize, "birthday today — send a card");
		} else {
			date_format_short(item->reason_date, today, when, sizeof when);
			date_describe_relative(item->reason_date, today, rel, sizeof rel);
			snprintf(out, outsize, "birthday on %s, %s%s", when, rel,
				 item->reason_date > today ? " — send a card" : "");
		}
		break;
	case REVIEW_REASON_NEVER:
		snprintf(out, outsize, "never contacted");
		if (st != NULL && st->contacted)
			append(out, outsize, " before this review — last: %s", last);
		else if (rhythm[0] != '\0')
			append(out, outsize, " — %s", rhythm);
		break;
	case REVIEW_REASON_WALK:
		if (st != NULL && st->contacted) {
			date_describe_relative(st->last_date, today, rel, sizeof rel);
			snprintf(out, outsize, "last contacted %s (%s)", rel, last);
		} else {
			snprintf(out, outsize, "never contacted");
		}
		if (rhythm[0] != '\0')
			append(out, outsize, " — %s", rhythm);
		break;
	}
}

enum rdx_status review_found_since_last(struct db *db, char **message, char **cause)
{
	*message = NULL;
	char last[TIMESTAMP_TEXT_SIZE];
	enum rdx_status status = review_store_last_finished(db, last, cause);
	if (status != RDX_OK)
		return status;
	int64_t touches, cards;
	unsigned origins;
	status = scan_store_found_since(db, last, &touches, &cards, &origins, cause);
	if (status != RDX_OK || touches == 0)
		return status;
	/* "mail", "mail and calendar", "mail, calendar and LinkedIn". */
	char where[64] = "";
	int n = 0, total = 0;
	for (int o = 1; o < TOUCH_ORIGIN_COUNT; o++)
		total += (origins >> o) & 1;
	for (int o = 1; o < TOUCH_ORIGIN_COUNT; o++) {
		if (!((origins >> o) & 1))
			continue;
		const char *word = o == TOUCH_ORIGIN_LINKEDIN ? "LinkedIn" : touch_origin_name((enum touch_origin)o);
		const char *sep = n == 0 ? "" : n == total - 1 ? " and " : ", ";
		size_t len = strlen(where);
		snprintf(where + len, sizeof where - len, "%s%s", sep, word);
		n++;
	}
	*message = xasprintf("%s %lld touch%s %s %s for %lld card%s",
			     last[0] != '\0' ? "Since your last review:" : "Scans found", (long long)touches,
			     touches == 1 ? "" : "es", last[0] != '\0' ? "found in" : "in", where, (long long)cards,
			     cards == 1 ? "" : "s");
	return RDX_OK;
}

void review_describe_resume(const struct review *review, int today, char *out, size_t outsize)
{
	char when[32];

	char pos[32], count[32];

	date_format_short(review->today, today, when, sizeof when);
	text_format_count((int64_t)review_position(review), pos, sizeof pos);
	text_format_count((int64_t)review->count, count, sizeof count);
	if (review_at_end(review))
		snprintf(out, outsize, "Resuming your review of %s — all %s cards seen", when, count);
	else
		snprintf(out, outsize, "Resuming your review of %s — %s of %s", when, pos, count);
}

/* ---- the reminder ------------------------------------------------------ */

/*
 * What the reminder depends on besides the number of due cards: an active
 * review (then *message is already the whole reminder), else whether
 * there ever was a finished review and the day of the last one (INT_MAX
 * when its date cannot be read).
 */
/* How the reminder tells what to do: in the browser a key, elsewhere the
 * command. */
struct reminder_voice {
	const char *start, *start_first, *resume, *finish;
};
static const struct reminder_voice voice_keys = {
	.start = "r starts a review",
	.start_first = "r starts your first review",
	.resume = "r resumes it",
	.finish = "r finishes it",
};
static const struct reminder_voice voice_command = {
	.start = "rolodex review starts one",
	.start_first = "rolodex review starts your first review",
	.resume = "rolodex review resumes it",
	.finish = "rolodex review finishes it",
};

static enum rdx_status reminder_state(struct db *db, const struct reminder_voice *voice, char **message, bool *never,
				      int *last_day, char **cause)
{
	char last[TIMESTAMP_TEXT_SIZE], day[DATE_TEXT_SIZE];
	struct review *active = NULL;
	enum rdx_status status;
	int64_t id;

	*message = NULL;
	*never = true;
	*last_day = 0;
	status = review_store_find_active(db, &id, cause);
	if (status == RDX_OK) {
		status = review_load(db, id, &active, cause);
		if (status != RDX_OK)
			return status;
		if (review_at_end(active))
			*message = xasprintf("Your review is at its end — %s", voice->finish);
		else {
			char pos[32], count[32];
			text_format_count((int64_t)review_position(active), pos, sizeof pos);
			text_format_count((int64_t)active->count, count, sizeof count);
			*message = xasprintf("A review is in progress (%s of %s) — %s", pos, count, voice->resume);
		}
		review_free(active);
		return RDX_OK;
	}
	if (status != RDX_NOT_FOUND)
		return status;
	rdx_cause_clear(cause);
	status = review_store_last_finished(db, last, cause);
	if (status != RDX_OK || last[0] == '\0')
		return status;
	/* the date part of the timestamp */
	memcpy(day, last, DATE_TEXT_SIZE - 1);
	day[DATE_TEXT_SIZE - 1] = '\0';
	*never = false;
	if (!date_parse(day, last_day))
		*last_day = INT_MAX; /* unreadable: treat as recent, stay quiet */
	return RDX_OK;
}

/* The words, given the number of due cards (due < 0: not counted yet). */
static char *reminder_words(const struct reminder_voice *voice, bool never, int last_day, int today, int64_t due)
{
	char span[32], count[32];

	text_format_count(due, count, sizeof count);
	if (never) {
		if (due == 0)
			return NULL;
		if (due < 0)
			return xasprintf("Cards are due — %s", voice->start_first);
		return xasprintf("%s %s due — %s", count, due == 1 ? "card is" : "cards are", voice->start_first);
	}
	date_describe_span(today - last_day, span, sizeof span);
	if (due <= 0)
		return xasprintf("Your last review was %s ago — %s", span, voice->start);
	return xasprintf("Your last review was %s ago — %s %s due; %s", span, count, due == 1 ? "card is" : "cards are",
			 voice->start);
}

struct due_probe {
	size_t seen, budget;
	bool due;
};

static int probe_due(void *ctx, const struct review_fact *f)
{
	struct due_probe *p = ctx;
	if (f->status.due)
		p->due = true;
	return p->due || ++p->seen >= p->budget;
}

enum rdx_status review_reminder_quick(struct db *db, int today, char **message, bool *count_later, char **cause)
{
	bool never;
	int last_day;
	enum rdx_status status;

	rdx_cause_clear(cause);
	*count_later = false;
	status = reminder_state(db, &voice_keys, message, &never, &last_day, cause);
	if (status != RDX_OK || *message != NULL)
		return status;
	if (!never && (last_day == INT_MAX || today - last_day <= REVIEW_REMIND_DAYS))
		return RDX_OK;
	/* Is any card due?  The first due card ends the look; a rolodex where
	 * the first few thousand are not due is left to the count. */
	struct due_probe probe = { .budget = 2000 };
	status = review_store_facts(db, NULL, 0, today, probe_due, &probe, cause);
	if (status != RDX_OK)
		return status;
	*count_later = true;
	if (probe.due || !never)
		*message = reminder_words(&voice_keys, never, last_day, today, -1);
	return RDX_OK;
}

enum rdx_status review_count_due_slice(struct db *db, int today, int64_t limit, int64_t *after_id, int64_t *due,
				       bool *done, char **cause)
{
	return review_store_count_due(db, today, limit, after_id, due, done, cause);
}

static enum rdx_status reminder_with_count(struct db *db, const struct reminder_voice *voice, int today, int64_t due,
					 char **message, char **cause)
{
	bool never;
	int last_day;
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = reminder_state(db, voice, message, &never, &last_day, cause);
	if (status != RDX_OK || *message != NULL)
		return status;
	if (!never && (last_day == INT_MAX || today - last_day <= REVIEW_REMIND_DAYS))
		return RDX_OK;
	*message = reminder_words(voice, never, last_day, today, due);
	return RDX_OK;
}

enum rdx_status review_reminder_counted(struct db *db, int today, int64_t due, char **message, char **cause)
{
	return reminder_with_count(db, &voice_keys, today, due, message, cause);
}

static enum rdx_status reminder_counting(struct db *db, const struct reminder_voice *voice, int today, char **message,
				       char **cause)
{
	struct due_counter dc = { 0 };
	bool never;
	int last_day;
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = reminder_state(db, voice, message, &never, &last_day, cause);
	if (status != RDX_OK || *message != NULL)
		return status;
	if (!never && (last_day == INT_MAX || today - last_day <= REVIEW_REMIND_DAYS))
		return RDX_OK;
	status = review_store_facts(db, NULL, 0, today, count_due, &dc, cause);
	if (status != RDX_OK)
		return status;
	*message = reminder_words(voice, never, last_day, today, (int64_t)dc.due);
	return RDX_OK;
}

enum rdx_status review_reminder(struct db *db, int today, char **message, char **cause)
{
	return reminder_counting(db, &voice_keys, today, message, cause);
}

enum rdx_status review_reminder_command(struct db *db, int today, int64_t due, char **message, char **cause)
{
	return reminder_with_count(db, &voice_command, today, due, message, cause);
}
