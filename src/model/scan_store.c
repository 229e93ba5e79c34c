/*
 * scan_store.c - found touches and what scans read (scan_store.h): the
 * touch_source, scan_seen and scan_mbox tables of schema version 3.
 */
#include "rolodex/scan_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "model/fts.h"
#include "rolodex/date.h"
#include "rolodex/xalloc.h"

enum rdx_status scan_store_each_contact(struct db *db,
					bool (*fn)(void *arg, int64_t card_id, const char *kind, const char *value),
					void *arg, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT f.card_id, f.kind, f.value FROM card_field f JOIN card c ON c.id = f.card_id "
					 "WHERE f.kind IN ('email', 'url') AND c.trashed_at IS NULL "
					 "UNION ALL SELECT id, 'name', name FROM card WHERE trashed_at IS NULL",
					 cause);
	if (s != RDX_OK)
		return s;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		if (!fn(arg, stmt_int(&st, 0), stmt_text(&st, 1), stmt_text(&st, 2))) {
			rc = SQLITE_DONE;
			break;
		}
	}
	stmt_done(&st);
	return rc == SQLITE_DONE ? RDX_OK : db_error(db, rc, "reading the cards' addresses", cause);
}

enum rdx_status scan_store_each_seen(struct db *db, bool (*fn)(void *arg, const struct scan_seen *seen), void *arg,
				     char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s =
		stmt_prepare(db, &st, "SELECT key, source, day, subject, people, time FROM scan_seen", cause);
	if (s != RDX_OK)
		return s;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		struct scan_seen seen = {
			.key = stmt_text(&st, 0),
			.source = stmt_text(&st, 1),
			.subject = stmt_text(&st, 3),
			.people = stmt_text(&st, 4),
			.time = stmt_int(&st, 5),
		};
		if (stmt_is_null(&st, 2) || !date_parse(stmt_text(&st, 2), &seen.day))
			seen.day = -1;
		if (!fn(arg, &seen)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	stmt_done(&st);
	return rc == SQLITE_DONE ? RDX_OK : db_error(db, rc, "reading what earlier scans read", cause);
}

enum rdx_status scan_store_add_seen(struct db *db, const struct scan_seen *seen, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "INSERT OR REPLACE INTO scan_seen(key, source, day, time, subject, people) "
					 "VALUES (:key, :source, :day, :time, :subject, :people)",
					 cause);
	if (s != RDX_OK)
		return s;
	char day[DATE_TEXT_SIZE];
	stmt_bind_text(&st, ":key", seen->key);
	stmt_bind_text(&st, ":source", seen->source);
	if (seen->day >= 0) {
		date_format(seen->day, day);
		stmt_bind_text(&st, ":day", day);
	} else {
		stmt_bind_null(&st, ":day");
	}
	stmt_bind_int(&st, ":time", seen->time);
	stmt_bind_text(&st, ":subject", seen->subject);
	stmt_bind_text(&st, ":people", seen->people);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

enum rdx_status scan_store_forget_seen(struct db *db, const char *prefix, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	/* A range on the primary key, not LIKE: the prefix is a file name and
	 * may hold % or _. */
	enum rdx_status s = stmt_prepare(db, &st,
					 "DELETE FROM scan_seen WHERE key >= :prefix AND key < :prefix || char(1114111)",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":prefix", prefix);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

enum rdx_status scan_store_mbox_get(struct db *db, const char *path, int64_t *size, char **tail, char **cause)
{
	rdx_cause_clear(cause);
	*tail = NULL;
	*size = 0;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT size, tail FROM scan_mbox WHERE path = :path", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":path", path);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		*size = stmt_int(&st, 0);
		*tail = stmt_text_dup(&st, 1);
	} else if (rc == SQLITE_DONE) {
		s = RDX_NOT_FOUND;
	} else {
		s = db_error(db, rc, "reading where an mbox was read to", cause);
	}
	stmt_done(&st);
	return s;
}

enum rdx_status scan_store_mbox_set(struct db *db, const char *path, int64_t size, const char *tail, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s = stmt_prepare(
		db, &st, "INSERT OR REPLACE INTO scan_mbox(path, size, tail) VALUES (:path, :size, :tail)", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":path", path);
	stmt_bind_int(&st, ":size", size);
	stmt_bind_text(&st, ":tail", tail);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

enum rdx_status scan_store_each_source(struct db *db, bool (*fn)(void *arg, const char *source, int64_t card_id),
				       void *arg, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT source, card_id FROM touch_source", cause);
	if (s != RDX_OK)
		return s;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		if (!fn(arg, stmt_text(&st, 0), stmt_int(&st, 1))) {
			rc = SQLITE_DONE;
			break;
		}
	}
	stmt_done(&st);
	return rc == SQLITE_DONE ? RDX_OK : db_error(db, rc, "reading the found touches' sources", cause);
}

#define MORE_SUFFIX " more"
#define MORE_INFIX " and "

char *found_note_compose(const char *first_note, size_t count)
{
	if (count <= 1)
		return xstrdup(first_note);
	return xasprintf("%s" MORE_INFIX "%zu" MORE_SUFFIX, first_note, count - 1);
}

/* How many sources a note from found_note_compose counts, and the length
 * of its first note; a note without the suffix counts one. */
static size_t found_note_count(const char *note, size_t *first_len)
{
	size_t len = strlen(note);
	*first_len = len;
	size_t suffix = strlen(MORE_SUFFIX);
	if (len <= suffix || strcmp(note + len - suffix, MORE_SUFFIX) != 0)
		return 1;
	size_t end = len - suffix;
	size_t digits = end;
	while (digits > 0 && note[digits - 1] >= '0' && note[digits - 1] <= '9')
		digits--;
	size_t infix = strlen(MORE_INFIX);
	if (digits == end || end - digits > 9 || digits < infix ||
	    strncmp(note + digits - infix, MORE_INFIX, infix) != 0)
		return 1;
	*first_len = digits - infix;
	return (size_t)strtoul(note + digits, NULL, 10) + 1;
}

/* The card's touch on that day with that channel: *id 0 when none. */
static enum rdx_status find_same_day(struct db *db, const struct found_touch *t, const char *date, int64_t *id,
				     char **note, bool *found, char **cause)
{
	*id = 0;
	*note = NULL;
	struct stmt st;
	/* The user's own touch first: what they wrote stays as written. */
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT id, note, origin IS NOT NULL FROM touch "
					 "WHERE card_id = :card AND date = :date AND channel = :channel "
					 "ORDER BY origin IS NOT NULL, id LIMIT 1",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":card", t->card_id);
	stmt_bind_text(&st, ":date", date);
	stmt_bind_text(&st, ":channel", channel_name(t->channel));
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		*id = stmt_int(&st, 0);
		*note = stmt_text_dup(&st, 1);
		*found = stmt_int(&st, 2) != 0;
	} else if (rc != SQLITE_DONE) {
		s = db_error(db, rc, "reading a card's touches", cause);
	}
	stmt_done(&st);
	return s;
}

static enum rdx_status run(struct db *db, const char *sql, const struct found_touch *t, const char *date,
			   const char *note, const char *now, int64_t touch_id, const char *source, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	if (s != RDX_OK)
		return s;
	if (sqlite3_bind_parameter_index(st.st, ":card") != 0)
		stmt_bind_int(&st, ":card", t->card_id);
	if (sqlite3_bind_parameter_index(st.st, ":date") != 0) {
		stmt_bind_text(&st, ":date", date);
		stmt_bind_text(&st, ":channel", channel_name(t->channel));
		stmt_bind_text(&st, ":origin", touch_origin_name(t->origin));
		stmt_bind_text(&st, ":now", now);
	}
	if (sqlite3_bind_parameter_index(st.st, ":note") != 0)
		stmt_bind_text(&st, ":note", note);
	if (sqlite3_bind_parameter_index(st.st, ":id") != 0)
		stmt_bind_int(&st, ":id", touch_id);
	if (sqlite3_bind_parameter_index(st.st, ":source") != 0)
		stmt_bind_text(&st, ":source", source);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

enum rdx_status scan_store_add_touch(struct db *db, const struct found_touch *t, const char *now, bool *added,
				     char **cause)
{
	rdx_cause_clear(cause);
	if (added != NULL)
		*added = false;
	if (t->nsources == 0 || (unsigned)t->channel >= CHANNEL_COUNT || t->origin == TOUCH_ORIGIN_USER)
		return rdx_fail(cause, RDX_INVALID, "a found touch needs a source, a channel and an origin");
	char date[DATE_TEXT_SIZE];
	date_format(t->day, date);
	enum rdx_status s = db_begin(db, cause);
	if (s != RDX_OK)
		return s;
	int64_t id;
	char *old_note;
	bool old_found = false;
	s = find_same_day(db, t, date, &id, &old_note, &old_found, cause);
	if (s == RDX_OK && id == 0) {
		char *note = found_note_compose(t->first_note, t->nsources);
		s = run(db,
			"INSERT INTO touch(card_id, date, channel, note, at, origin) "
			"VALUES (:card, :date, :channel, :note, :now, :origin)",
			t, date, note, now, 0, NULL, cause);
		free(note);
		id = sqlite3_last_insert_rowid(db_sqlite(db));
		if (s == RDX_OK && added != NULL)
			*added = true;
	} else if (s == RDX_OK && old_found) {
		size_t first_len;
		size_t count = found_note_count(old_note, &first_len);
		char *first = xstrndup(old_note, first_len);
		char *note = found_note_compose(first, count + t->nsources);
		s = run(db, "UPDATE touch SET note = :note WHERE id = :id", t, date, note, now, id, NULL, cause);
		free(note);
		free(first);
	}
	free(old_note);
	for (size_t i = 0; s == RDX_OK && i < t->nsources; i++)
		s = run(db,
			"INSERT OR IGNORE INTO touch_source(source, card_id, touch_id) VALUES (:source, :card, :id)",
			t, date, NULL, now, id, t->sources[i], cause);
	if (s == RDX_OK)
		fts_schedule(db, t->card_id, false);
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db, cause);
}

enum rdx_status scan_store_found_since(struct db *db, const char *since, int64_t *touches, int64_t *cards,
				       unsigned *origins, char **cause)
{
	rdx_cause_clear(cause);
	*touches = 0;
	*cards = 0;
	if (origins != NULL)
		*origins = 0;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT count(*), count(DISTINCT card_id), group_concat(DISTINCT origin) FROM touch "
					 "WHERE origin IS NOT NULL AND at > :since",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":since", since);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		*touches = stmt_int(&st, 0);
		*cards = stmt_int(&st, 1);
		for (int o = 1; origins != NULL && o < TOUCH_ORIGIN_COUNT; o++) {
			const char *name = touch_origin_name((enum touch_origin)o);
			if (strstr(stmt_text(&st, 2), name) != NULL)
				*origins |= 1u << o;
		}
	} else {
		s = db_error(db, rc, "counting found touches", cause);
	}
	stmt_done(&st);
	return s;
}
