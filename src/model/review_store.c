/*
 * review_store.c - the SQL behind the monthly review: the review and
 * review_item tables, and one streaming query over every live card that
 * gives the queue builder (src/review/review.c) what it needs per card
 * without a card_status_get round trip each.
 *
 * The effective cadence comes from the card_state view and "due" from
 * card_status_derive, as for every other screen; SQL only gathers facts.
 */
#include "model/review_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "rolodex/db.h"
#include "rolodex/xalloc.h"

void review_store_head_done(struct review_store_head *head)
{
	free(head->tag);
	head->tag = NULL;
}

static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Per card: its effective cadence (card_state), the newest touch (date and
 * channel; the touch_card index is walked backwards), snooze and birthday.
 * The tag and review filters are bound as NULL / 0 when unused.
 */
static const char facts_sql[] =
	"SELECT c.id, c.name, c.sort_key, s.cadence,"
	" (SELECT t.date || ' ' || t.channel FROM touch t WHERE t.card_id = c.id"
	"   ORDER BY t.date DESC, t.at DESC, t.id DESC LIMIT 1),"
	" c.snooze_until, c.bday_year, c.bday_month, c.bday_day"
	" FROM card c JOIN card_state s ON s.card_id = c.id"
	" WHERE c.trashed_at IS NULL"
	" AND (:tag IS NULL OR EXISTS (SELECT 1 FROM card_tag x WHERE x.card_id = c.id AND x.tag = :tag))"
	" AND (:review = 0 OR EXISTS (SELECT 1 FROM review_item ri"
	"   WHERE ri.review_id = :review AND ri.card_id = c.id))";

enum rdx_status review_store_facts(struct db *db, const char *tag, int64_t review_id, int today,
				   int (*fn)(void *ctx, const struct review_fact *fact), void *ctx,
				   char **cause)
{
	struct stmt st;
	enum rdx_status status;
	int rc;

	rdx_cause_clear(cause);
	status = stmt_prepare(db, &st, facts_sql, cause);
	if (status != RDX_OK)
		return status;
	stmt_bind_text(&st, ":tag", tag);
	stmt_bind_int(&st, ":review", review_id);
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		struct review_fact f = { 0 };
		char last[DATE_TEXT_SIZE] = "";
		const char *touch = stmt_is_null(&st, 4) ? NULL : stmt_text(&st, 4);
		const char *channel = "";

		f.id = stmt_int(&st, 0);
		f.name = stmt_text(&st, 1);
		f.sort_key = stmt_text(&st, 2);
		/* "YYYY-MM-DD channel": split without writing into SQLite's buffer */
		if (touch != NULL && strlen(touch) >= DATE_TEXT_SIZE - 1) {
			memcpy(last, touch, DATE_TEXT_SIZE - 1);
			last[DATE_TEXT_SIZE - 1] = '\0';
			channel = touch[DATE_TEXT_SIZE - 1] == ' ' ? touch + DATE_TEXT_SIZE : "";
		}
		card_status_derive(stmt_is_null(&st, 3) ? NULL : stmt_text(&st, 3), last[0] != '\0' ? last : NULL,
				   stmt_is_null(&st, 5) ? NULL : stmt_text(&st, 5), today, &f.status);
		snprintf(f.status.last_channel, sizeof f.status.last_channel, "%s", channel);
		if (!stmt_is_null(&st, 7)) {
			f.birthday.year = stmt_is_null(&st, 6) ? 0 : (int)stmt_int(&st, 6);
			f.birthday.month = (int)stmt_int(&st, 7);
			f.birthday.day = (int)stmt_int(&st, 8);
		}
		if (fn(ctx, &f) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	status = rc == SQLITE_DONE ? RDX_OK : db_error(db, rc, "reading cards for the review", cause);
	stmt_done(&st);
	return status;
}

/*
 * The due rule (rdx_is_due over the card_state view) for one slice of
 * cards, read in id order.  Reading the cards in sort order through card_live, as the
 * browser's due filter does, fetches every card row from a random place
 * in the table; in id order the rows come in storage order, and the two
 * look-ups per card (card_tag by its key, touch_card backwards) walk their
 * indexes forwards too.  CASE spares those look-ups for cards in the
 * trash and cards with the cadence set to none.
 */
static const char due_count_sql[] =
	"SELECT count(*), max(x.id), coalesce(sum(x.due), 0) FROM ("
	" SELECT c.id AS id,"
	"  CASE WHEN c.trashed_at IS NOT NULL OR c.cadence IS '' THEN 0"
	"  ELSE rdx_is_due(s.cadence, s.last_date, s.snooze_until, :today) END AS due"
	" FROM card c JOIN card_state s ON s.card_id = c.id"
	" WHERE c.id > :after ORDER BY c.id LIMIT :limit) x";

enum rdx_status review_store_count_due(struct db *db, int today, int64_t limit, int64_t *after_id,
				       int64_t *due, bool *done, char **cause)
{
	char day[DATE_TEXT_SIZE];
	struct stmt st;
	enum rdx_status status;
	int rc;

	rdx_cause_clear(cause);
	*done = false;
	if (limit < 1)
		limit = 1;
	status = stmt_prepare(db, &st, due_count_sql, cause);
	if (status != RDX_OK)
		return status;
	date_format(today, day);
	stmt_bind_text(&st, ":today", day);
	stmt_bind_int(&st, ":after", *after_id);
	stmt_bind_int(&st, ":limit", limit);
	rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		int64_t seen = stmt_int(&st, 0);
		if (seen > 0)
			*after_id = stmt_int(&st, 1);
		*due += stmt_int(&st, 2);
		*done = seen < limit;
		status = RDX_OK;
	} else {
		status = db_error(db, rc, "counting the due cards", cause);
	}
	stmt_done(&st);
	return status;
}

enum rdx_status review_store_create(struct db *db, struct review_store_head *head,
				    const struct review_store_item *items, size_t count, char **cause)
{
	struct stmt st;
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = db_begin(db, cause);
	if (status != RDX_OK)
		return status;
	status = stmt_prepare(db, &st,
			      "INSERT INTO review(started_at, today, scope, tag, position, extended, due_total)"
			      " VALUES (:started, :today, :scope, :tag, :position, :extended, :due_total)",
			      cause);
	if (status != RDX_OK)
		goto fail;
	stmt_bind_text(&st, ":started", head->started_at);
	stmt_bind_text(&st, ":today", head->today);
	stmt_bind_text(&st, ":scope", head->scope);
	stmt_bind_text(&st, ":tag", head->tag);
	stmt_bind_int(&st, ":position", head->position);
	stmt_bind_int(&st, ":extended", head->extended);
	stmt_bind_int(&st, ":due_total", head->due_total);
	status = stmt_exec(&st, cause);
	stmt_done(&st);
	if (status != RDX_OK)
		goto fail;
	head->id = sqlite3_last_insert_rowid(db_sqlite(db));
	head->finished_at[0] = '\0';

	/* One prepared statement for the whole queue, inside one transaction:
	 * 10,000 rows take milliseconds. */
	status = stmt_prepare(db, &st,
			      "INSERT INTO review_item(review_id, position, card_id, reason, reason_date)"
			      " VALUES (:review, :position, :card, :reason, :reason_date)",
			      cause);
	if (status != RDX_OK)
		goto fail;
	for (size_t i = 0; i < count; i++) {
		stmt_bind_int(&st, ":review", head->id);
		stmt_bind_int(&st, ":position", items[i].position);
		stmt_bind_int(&st, ":card", items[i].card_id);
		stmt_bind_text(&st, ":reason", items[i].reason);
		stmt_bind_text(&st, ":reason_date", items[i].reason_date[0] ? items[i].reason_date : NULL);
		status = stmt_exec(&st, cause);
		if (status != RDX_OK)
			break;
		sqlite3_reset(st.st);
	}
	stmt_done(&st);
	if (status != RDX_OK)
		goto fail;
	return db_commit(db, cause);
fail:
	db_rollback(db);
	return status;
}

/* The cards a walk would add: live, tag-narrowed like the review, existing
 * when the review started (a card added meanwhile is not added), and not
 * in the queue already. */
#define WALK_CARDS                                                                          \
	" FROM card c, review r"                                                            \
	" WHERE r.id = :review AND c.trashed_at IS NULL AND c.created_at <= r.started_at"   \
	" AND (r.tag IS NULL OR EXISTS (SELECT 1 FROM card_tag x"                           \
	"   WHERE x.card_id = c.id AND x.tag = r.tag))"                                     \
	" AND NOT EXISTS (SELECT 1 FROM review_item ri"                                     \
	"   WHERE ri.review_id = :review AND ri.card_id = c.id)"

enum rdx_status review_store_append_walk(struct db *db, int64_t review_id, int64_t *added, char **cause)
{
	struct stmt st;
	enum rdx_status status;
	int64_t base = 0;

	rdx_cause_clear(cause);
	if (added != NULL)
		*added = 0;
	status = db_begin(db, cause);
	if (status != RDX_OK)
		return status;
	status = stmt_prepare(db, &st,
			      "SELECT coalesce(max(position) + 1, 0) FROM review_item WHERE review_id = :review",
			      cause);
	if (status != RDX_OK)
		goto fail;
	stmt_bind_int(&st, ":review", review_id);
	if (stmt_step(&st) == SQLITE_ROW)
		base = stmt_int(&st, 0);
	stmt_done(&st);

	/* Longest untouched first: never contacted, then the oldest last
	 * touch; ties by name.  reason_date keeps the last touch. */
	status = stmt_prepare(db, &st,
			      "INSERT INTO review_item(review_id, position, card_id, reason, reason_date)"
			      " SELECT :review, :base + row_number() OVER"
			      "   (ORDER BY last IS NOT NULL, last, sort_key, id) - 1, id, 'walk', last"
			      " FROM (SELECT c.id AS id, c.sort_key AS sort_key,"
			      "   (SELECT max(t.date) FROM touch t WHERE t.card_id = c.id) AS last" WALK_CARDS ")",
			      cause);
	if (status != RDX_OK)
		goto fail;
	stmt_bind_int(&st, ":review", review_id);
	stmt_bind_int(&st, ":base", base);
	status = stmt_exec(&st, cause);
	stmt_done(&st);
	if (status != RDX_OK)
		goto fail;
	if (added != NULL)
		*added = sqlite3_changes(db_sqlite(db));

	status = stmt_prepare(db, &st, "UPDATE review SET extended = 1 WHERE id = :review", cause);
	if (status != RDX_OK)
		goto fail;
	stmt_bind_int(&st, ":review", review_id);
	status = stmt_exec(&st, cause);
	stmt_done(&st);
	if (status != RDX_OK)
		goto fail;
	return db_commit(db, cause);
fail:
	db_rollback(db);
	return status;
}

enum rdx_status review_store_count_walk(struct db *db, int64_t review_id, int64_t *count, char **cause)
{
	struct stmt st;
	enum rdx_status status;
	int rc;

	rdx_cause_clear(cause);
	*count = 0;
	status = stmt_prepare(db, &st, "SELECT count(*)" WALK_CARDS, cause);
	if (status != RDX_OK)
		return status;
	stmt_bind_int(&st, ":review", review_id);
	rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*count = stmt_int(&st, 0);
	else
		status = db_error(db, rc, "counting cards", cause);
	stmt_done(&st);
	return status;
}

static enum rdx_status find_one(struct db *db, const char *sql, int64_t *id, char **cause)
{
	struct stmt st;
	enum rdx_status status;
	int rc;

	rdx_cause_clear(cause);
	status = stmt_prepare(db, &st, sql, cause);
	if (status != RDX_OK)
		return status;
	rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*id = stmt_int(&st, 0);
	else if (rc == SQLITE_DONE)
		status = RDX_NOT_FOUND;
	else
		status = db_error(db, rc, "finding the review", cause);
	stmt_done(&st);
	return status;
}

enum rdx_status review_store_find_active(struct db *db, int64_t *id, char **cause)
{
	return find_one(db, "SELECT id FROM review WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1", id, cause);
}

enum rdx_status review_store_find_last(struct db *db, int64_t *id, char **cause)
{
	return find_one(db, "SELECT id FROM review ORDER BY id DESC LIMIT 1", id, cause);
}

enum rdx_status review_store_last_finished(struct db *db, char out[TIMESTAMP_TEXT_SIZE], char **cause)
{
	struct stmt st;
	enum rdx_status status;
	int rc;

	rdx_cause_clear(cause);
	out[0] = '\0';
	status = stmt_prepare(db, &st, "SELECT max(finished_at) FROM review WHERE finished_at IS NOT NULL", cause);
	if (status != RDX_OK)
		return status;
	rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		copy_text(out, TIMESTAMP_TEXT_SIZE, stmt_text(&st, 0));
	else
		status = db_error(db, rc, "reading the last review", cause);
	stmt_done(&st);
	return status;
}

enum rdx_status review_store_load(struct db *db, int64_t id, struct review_store_head *head,
				  struct review_store_item **items, size_t *count, char **cause)
{
	struct stmt st;
	enum rdx_status status;
	struct review_store_item *list = NULL;
	size_t n = 0, cap = 0;
	int rc;

	rdx_cause_clear(cause);
	memset(head, 0, sizeof *head);
	*items = NULL;
	*count = 0;
	status = stmt_prepare(db, &st,
			      "SELECT id, started_at, finished_at, today, scope, tag, position, extended, due_total"
			      " FROM review WHERE id = :id",
			      cause);
	if (status != RDX_OK)
		return status;
	stmt_bind_int(&st, ":id", id);
	rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		head->id = stmt_int(&st, 0);
		copy_text(head->started_at, sizeof head->started_at, stmt_text(&st, 1));
		copy_text(head->finished_at, sizeof head->finished_at, stmt_text(&st, 2));
		copy_text(head->today, sizeof head->today, stmt_text(&st, 3));
		copy_text(head->scope, sizeof head->scope, stmt_text(&st, 4));
		head->tag = stmt_is_null(&st, 5) ? NULL : stmt_text_dup(&st, 5);
		head->position = stmt_int(&st, 6);
		head->extended = stmt_int(&st, 7) != 0;
		head->due_total = stmt_int(&st, 8);
	} else if (rc == SQLITE_DONE) {
		status = rdx_fail(cause, RDX_NOT_FOUND, "no review #%lld", (long long)id);
	} else {
		status = db_error(db, rc, "reading the review", cause);
	}
	stmt_done(&st);
	if (status != RDX_OK)
		return status;

	/* A queued card contacted since the review's day (from the browser,
	 * another rolodex or a scan) shows as contacted, with the newest such
	 * touch's channel.  It is derived at each read rather than stored, so
	 * deleting or undoing that touch puts the card back in the queue. */
	status = stmt_prepare(db, &st,
			      "SELECT position, card_id, reason, reason_date,"
			      "  CASE WHEN since IS NULL OR action = 'contacted' THEN action ELSE 'contacted' END,"
			      "  CASE WHEN since IS NULL OR action = 'contacted' THEN channel ELSE since END"
			      " FROM (SELECT i.position, i.card_id, i.reason, i.reason_date, i.action, i.channel,"
			      "   (SELECT t.channel FROM touch t WHERE t.card_id = i.card_id AND t.date >= :day"
			      "    ORDER BY t.date DESC, t.id DESC LIMIT 1) AS since"
			      "  FROM review_item i WHERE i.review_id = :id)"
			      " ORDER BY position",
			      cause);
	if (status != RDX_OK)
		goto fail;
	stmt_bind_int(&st, ":id", id);
	stmt_bind_text(&st, ":day", head->today);
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		struct review_store_item *it;

		list = xgrow(list, &cap, n + 1, sizeof *list);
		it = &list[n++];
		it->position = stmt_int(&st, 0);
		it->card_id = stmt_int(&st, 1);
		copy_text(it->reason, sizeof it->reason, stmt_text(&st, 2));
		copy_text(it->reason_date, sizeof it->reason_date, stmt_text(&st, 3));
		copy_text(it->action, sizeof it->action, stmt_text(&st, 4));
		copy_text(it->channel, sizeof it->channel, stmt_text(&st, 5));
	}
	if (rc != SQLITE_DONE)
		status = db_error(db, rc, "reading the review queue", cause);
	stmt_done(&st);
	if (status != RDX_OK)
		goto fail;
	*items = list;
	*count = n;
	return RDX_OK;
fail:
	free(list);
	review_store_head_done(head);
	return status;
}

/* Runs one write statement with the given bindings as its own transaction
 * (or inside the caller's). */
static enum rdx_status write_one(struct db *db, struct stmt *st, char **cause)
{
	enum rdx_status status = db_begin(db, cause);
	if (status != RDX_OK) {
		stmt_done(st);
		return status;
	}
	status = stmt_exec(st, cause);
	stmt_done(st);
	if (status != RDX_OK) {
		db_rollback(db);
		return status;
	}
	return db_commit(db, cause);
}

enum rdx_status review_store_set_position(struct db *db, int64_t id, int64_t position, char **cause)
{
	struct stmt st;
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = stmt_prepare(db, &st, "UPDATE review SET position = :position WHERE id = :id", cause);
	if (status != RDX_OK)
		return status;
	stmt_bind_int(&st, ":position", position);
	stmt_bind_int(&st, ":id", id);
	return write_one(db, &st, cause);
}

enum rdx_status review_store_delete(struct db *db, int64_t id, char **cause)
{
	struct stmt st = { 0 };
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = db_begin(db, cause);
	if (status != RDX_OK)
		return status;
	status = stmt_prepare(db, &st, "DELETE FROM review_item WHERE review_id = :id", cause);
	if (status == RDX_OK) {
		stmt_bind_int(&st, ":id", id);
		status = stmt_exec(&st, cause);
		stmt_done(&st);
	}
	if (status == RDX_OK)
		status = stmt_prepare(db, &st, "DELETE FROM review WHERE id = :id", cause);
	if (status == RDX_OK) {
		stmt_bind_int(&st, ":id", id);
		status = stmt_exec(&st, cause);
		stmt_done(&st);
	}
	if (status != RDX_OK) {
		db_rollback(db);
		return status;
	}
	return db_commit(db, cause);
}

enum rdx_status review_store_requeue(struct db *db, const struct review_store_head *head, const int64_t *drop,
				     size_t ndrop, const struct review_store_item *add, size_t nadd, char **cause)
{
	struct stmt st = { 0 };
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = db_begin(db, cause);
	if (status != RDX_OK)
		return status;
	status = stmt_prepare(db, &st, "DELETE FROM review_item WHERE review_id = :id AND position = :position", cause);
	for (size_t i = 0; status == RDX_OK && i < ndrop; i++) {
		stmt_bind_int(&st, ":id", head->id);
		stmt_bind_int(&st, ":position", drop[i]);
		status = stmt_exec(&st, cause);
		sqlite3_reset(st.st);
	}
	stmt_done(&st);
	if (status == RDX_OK)
		status = stmt_prepare(db, &st,
				      "INSERT INTO review_item(review_id, position, card_id, reason, reason_date)"
				      " VALUES (:review, :position, :card, :reason, :reason_date)",
				      cause);
	for (size_t i = 0; status == RDX_OK && i < nadd; i++) {
		stmt_bind_int(&st, ":review", head->id);
		stmt_bind_int(&st, ":position", add[i].position);
		stmt_bind_int(&st, ":card", add[i].card_id);
		stmt_bind_text(&st, ":reason", add[i].reason);
		stmt_bind_text(&st, ":reason_date", add[i].reason_date[0] ? add[i].reason_date : NULL);
		status = stmt_exec(&st, cause);
		sqlite3_reset(st.st);
	}
	stmt_done(&st);
	if (status == RDX_OK)
		status = stmt_prepare(db, &st,
				      "UPDATE review SET today = :today, position = :position, due_total = :due_total"
				      " WHERE id = :id",
				      cause);
	if (status == RDX_OK) {
		stmt_bind_text(&st, ":today", head->today);
		stmt_bind_int(&st, ":position", head->position);
		stmt_bind_int(&st, ":due_total", head->due_total);
		stmt_bind_int(&st, ":id", head->id);
		status = stmt_exec(&st, cause);
	}
	stmt_done(&st);
	if (status != RDX_OK) {
		db_rollback(db);
		return status;
	}
	return db_commit(db, cause);
}

enum rdx_status review_store_set_action(struct db *db, int64_t id, int64_t position, const char *action,
					const char *channel, const char *acted_at, char **cause)
{
	struct stmt st;
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = stmt_prepare(db, &st,
			      "UPDATE review_item SET action = :action, channel = :channel, acted_at = :at"
			      " WHERE review_id = :id AND position = :position",
			      cause);
	if (status != RDX_OK)
		return status;
	stmt_bind_text(&st, ":action", action != NULL && *action ? action : NULL);
	stmt_bind_text(&st, ":channel", channel != NULL && *channel ? channel : NULL);
	stmt_bind_text(&st, ":at", action != NULL && *action ? acted_at : NULL);
	stmt_bind_int(&st, ":id", id);
	stmt_bind_int(&st, ":position", position);
	return write_one(db, &st, cause);
}

enum rdx_status review_store_finish(struct db *db, int64_t id, const char *now, char **cause)
{
	struct stmt st;
	enum rdx_status status;

	rdx_cause_clear(cause);
	status = stmt_prepare(db, &st, "UPDATE review SET finished_at = :now WHERE id = :id", cause);
	if (status != RDX_OK)
		return status;
	stmt_bind_text(&st, ":now", now);
	stmt_bind_int(&st, ":id", id);
	return write_one(db, &st, cause);
}

enum rdx_status review_store_card_live(struct db *db, int64_t card_id, bool *live, char **cause)
{
	struct stmt st;
	enum rdx_status status;
	int rc;

	rdx_cause_clear(cause);
	*live = false;
	status = stmt_prepare(db, &st, "SELECT trashed_at IS NULL FROM card WHERE id = :id", cause);
	if (status != RDX_OK)
		return status;
	stmt_bind_int(&st, ":id", card_id);
	rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*live = stmt_int(&st, 0) != 0;
	else if (rc != SQLITE_DONE)
		status = db_error(db, rc, "reading a card", cause);
	stmt_done(&st);
	return status;
}
