/*
 * note.c - notes and touches on a card.  Each write is its own transaction
 * and refreshes the card's full-text row, so note text is searchable at
 * once.
 */
#include "rolodex/note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "model/fts.h"
#include "rolodex/journal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

static const struct {
	const char *name;
	char key;
} channels[CHANNEL_COUNT] = {
	[CHANNEL_EMAIL] = { "email", 'e' },
	[CHANNEL_CALL] = { "call", 'c' },
	[CHANNEL_COFFEE] = { "coffee", 'f' },
	[CHANNEL_LUNCH] = { "lunch", 'l' },
	[CHANNEL_MEETING] = { "meeting", 'm' },
	[CHANNEL_CARD] = { "card", 'p' },
	[CHANNEL_MESSAGE] = { "message", 's' },
	[CHANNEL_EVENT] = { "event", 'v' },
	[CHANNEL_OTHER] = { "other", 'o' },
};

const char *channel_name(enum channel channel)
{
	return (unsigned)channel < CHANNEL_COUNT ? channels[channel].name : "other";
}

bool channel_parse(const char *name, enum channel *out)
{
	for (int i = 0; i < CHANNEL_COUNT; i++) {
		if (strcmp(name, channels[i].name) == 0) {
			*out = (enum channel)i;
			return true;
		}
	}
	return false;
}

char channel_key(enum channel channel)
{
	return (unsigned)channel < CHANNEL_COUNT ? channels[channel].key : 'o';
}

/* How undo names a touch: "coffee with" Ada Lovelace. */
static const char *touch_phrase(enum channel channel)
{
	static const char *const phrases[CHANNEL_COUNT] = {
		[CHANNEL_EMAIL] = "email to",     [CHANNEL_CALL] = "call with",     [CHANNEL_COFFEE] = "coffee with",
		[CHANNEL_LUNCH] = "lunch with",   [CHANNEL_MEETING] = "meeting with", [CHANNEL_CARD] = "card to",
		[CHANNEL_MESSAGE] = "message to", [CHANNEL_EVENT] = "event with",   [CHANNEL_OTHER] = "contact with",
	};
	return (unsigned)channel < CHANNEL_COUNT ? phrases[channel] : "contact with";
}

static const struct {
	const char *name;
	const char *phrase;
} origins[TOUCH_ORIGIN_COUNT] = {
	[TOUCH_ORIGIN_USER] = { NULL, "" },
	[TOUCH_ORIGIN_MAIL] = { "mail", "from mail" },
	[TOUCH_ORIGIN_CALENDAR] = { "calendar", "from calendar" },
	[TOUCH_ORIGIN_LINKEDIN] = { "linkedin", "from LinkedIn" },
};

const char *touch_origin_name(enum touch_origin origin)
{
	return (unsigned)origin < TOUCH_ORIGIN_COUNT ? origins[origin].name : NULL;
}

enum touch_origin touch_origin_parse(const char *name)
{
	for (int i = 1; name != NULL && i < TOUCH_ORIGIN_COUNT; i++) {
		if (strcmp(name, origins[i].name) == 0)
			return (enum touch_origin)i;
	}
	return TOUCH_ORIGIN_USER;
}

const char *touch_origin_phrase(enum touch_origin origin)
{
	return (unsigned)origin < TOUCH_ORIGIN_COUNT ? origins[origin].phrase : "";
}

/* Trailing white space trimmed; the result is owned by the caller. */
static char *trim_end(const char *text)
{
	size_t len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' ||
			   text[len - 1] == '\r'))
		len--;
	return xstrndup(text, len);
}

static enum rdx_status check_note_text(const char *text, size_t max, bool allow_empty, char **cause)
{
	size_t len = strlen(text);
	if (!allow_empty && len == 0)
		return rdx_fail(cause, RDX_INVALID, "the note is empty");
	if (len > max)
		return rdx_fail(cause, RDX_TOO_LONG, "the note is too long (%zu bytes; at most %zu)", len, max);
	if (!text_valid_utf8(text, len))
		return rdx_fail(cause, RDX_INVALID, "the note is not valid UTF-8");
	return RDX_OK;
}

/* Runs one write statement and refreshes the card's index row, all in one
 * transaction.  bind_fn binds the statement's own values. */
static enum rdx_status write_and_index(struct db *db, int64_t card_id, const char *sql,
				       void (*bind_fn)(struct stmt *st, const void *arg), const void *arg,
				       int64_t *rowid, bool must_change, const char *label, int date, char **cause)
{
	enum rdx_status s = db_begin(db, cause);
	if (s != RDX_OK)
		return s;
	journal_label(db, label, card_id, date);
	struct stmt st;
	if ((s = stmt_prepare(db, &st, sql, cause)) == RDX_OK) {
		bind_fn(&st, arg);
		int rc = stmt_step(&st);
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			s = rdx_fail(cause, RDX_NOT_FOUND, "no card %lld", (long long)card_id);
		else if (rc != SQLITE_DONE)
			s = db_error(db, rc, "saving", cause);
		stmt_done(&st);
	}
	if (s == RDX_OK && must_change && sqlite3_changes(db->sql) == 0)
		s = rdx_fail(cause, RDX_NOT_FOUND, "it no longer exists");
	if (s == RDX_OK && rowid != NULL)
		*rowid = sqlite3_last_insert_rowid(db->sql);
	if (s == RDX_OK)
		fts_schedule(db, card_id, false);
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db, cause);
}

struct note_args {
	int64_t card_id;
	int64_t note_id;
	const char *text;
	const char *now;
};

static void bind_note(struct stmt *st, const void *arg)
{
	const struct note_args *a = arg;
	if (sqlite3_bind_parameter_index(st->st, ":card") != 0)
		stmt_bind_int(st, ":card", a->card_id);
	if (sqlite3_bind_parameter_index(st->st, ":id") != 0)
		stmt_bind_int(st, ":id", a->note_id);
	if (sqlite3_bind_parameter_index(st->st, ":body") != 0)
		stmt_bind_text(st, ":body", a->text);
	if (sqlite3_bind_parameter_index(st->st, ":now") != 0)
		stmt_bind_text(st, ":now", a->now);
}

/* The card a note belongs to. */
static enum rdx_status note_card(struct db *db, int64_t note_id, int64_t *card_id, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT card_id FROM note WHERE id = :id", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", note_id);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*card_id = stmt_int(&st, 0);
	else if (rc == SQLITE_DONE)
		s = rdx_fail(cause, RDX_NOT_FOUND, "no note %lld", (long long)note_id);
	else
		s = db_error(db, rc, "reading a note", cause);
	stmt_done(&st);
	return s;
}

enum rdx_status note_add(struct db *db, int64_t card_id, const char *text, const char *now, int64_t *id, char **cause)
{
	rdx_cause_clear(cause);
	char *body = trim_end(text);
	enum rdx_status s = check_note_text(body, NOTE_TEXT_MAX, false, cause);
	if (s == RDX_OK) {
		struct note_args a = { .card_id = card_id, .text = body, .now = now };
		s = write_and_index(db, card_id, "INSERT INTO note(card_id, at, body) VALUES (:card, :now, :body)",
				    bind_note, &a, id, false, "note on", 0, cause);
	}
	free(body);
	return s;
}

enum rdx_status note_update(struct db *db, int64_t note_id, const char *text, char **cause)
{
	rdx_cause_clear(cause);
	int64_t card_id = 0;
	enum rdx_status s = note_card(db, note_id, &card_id, cause);
	if (s != RDX_OK)
		return s;
	char *body = trim_end(text);
	s = check_note_text(body, NOTE_TEXT_MAX, false, cause);
	if (s == RDX_OK) {
		struct note_args a = { .card_id = card_id, .note_id = note_id, .text = body };
		s = write_and_index(db, card_id, "UPDATE note SET body = :body WHERE id = :id", bind_note, &a, NULL,
				    true, "note edit on", 0, cause);
	}
	free(body);
	return s;
}

enum rdx_status note_delete(struct db *db, int64_t note_id, char **cause)
{
	rdx_cause_clear(cause);
	int64_t card_id = 0;
	enum rdx_status s = note_card(db, note_id, &card_id, cause);
	if (s != RDX_OK)
		return s;
	struct note_args a = { .card_id = card_id, .note_id = note_id };
	return write_and_index(db, card_id, "DELETE FROM note WHERE id = :id", bind_note, &a, NULL, true,
			       "note deletion on", 0, cause);
}

enum rdx_status note_list(struct db *db, int64_t card_id, size_t limit, struct note **out, size_t *count,
			  char **cause)
{
	rdx_cause_clear(cause);
	*out = NULL;
	*count = 0;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT id, at, body FROM note WHERE card_id = :card "
					 "ORDER BY at DESC, id DESC LIMIT :limit",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":card", card_id);
	stmt_bind_int(&st, ":limit", limit == 0 ? -1 : (int64_t)limit);
	size_t cap = 0;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *count + 1, sizeof **out);
		struct note *n = &(*out)[(*count)++];
		n->id = stmt_int(&st, 0);
		n->card_id = card_id;
		snprintf(n->at, sizeof n->at, "%s", stmt_text(&st, 1));
		n->text = stmt_text_dup(&st, 2);
	}
	stmt_done(&st);
	if (rc != SQLITE_DONE) {
		note_list_free(*out, *count);
		*out = NULL;
		*count = 0;
		return db_error(db, rc, "reading notes", cause);
	}
	return RDX_OK;
}

void note_list_free(struct note *notes, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(notes[i].text);
	free(notes);
}

struct touch_args {
	int64_t card_id;
	int64_t touch_id;
	char date[DATE_TEXT_SIZE];
	const char *channel;
	const char *note;
	const char *now;
};

static void bind_touch(struct stmt *st, const void *arg)
{
	const struct touch_args *a = arg;
	if (sqlite3_bind_parameter_index(st->st, ":card") != 0) {
		stmt_bind_int(st, ":card", a->card_id);
		stmt_bind_text(st, ":date", a->date);
		stmt_bind_text(st, ":channel", a->channel);
		stmt_bind_text(st, ":note", a->note);
		stmt_bind_text(st, ":now", a->now);
	} else {
		stmt_bind_int(st, ":id", a->touch_id);
	}
}

enum rdx_status touch_add(struct db *db, int64_t card_id, int date, enum channel channel, const char *note,
			  const char *now, int64_t *id, char **cause)
{
	rdx_cause_clear(cause);
	if ((unsigned)channel >= CHANNEL_COUNT)
		return rdx_fail(cause, RDX_INVALID, "unknown channel");
	char *text = trim_end(note != NULL ? note : "");
	enum rdx_status s = check_note_text(text, CARD_TEXT_MAX, true, cause);
	if (s == RDX_OK) {
		struct touch_args a = { .card_id = card_id, .channel = channel_name(channel), .note = text, .now = now };
		date_format(date, a.date);
		s = write_and_index(db, card_id,
				    "INSERT INTO touch(card_id, date, channel, note, at) "
				    "VALUES (:card, :date, :channel, :note, :now)",
				    bind_touch, &a, id, false, touch_phrase(channel), date, cause);
	}
	free(text);
	return s;
}

/* ---- many at once (an import) ------------------------------------------- */

/* Runs the generated multi-row INSERT `sql` whose values are bound. */
static enum rdx_status run_rows(struct db *db, struct stmt *st, int64_t card_id, char **cause)
{
	int rc = stmt_step(st);
	enum rdx_status s = RDX_OK;
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		s = rdx_fail(cause, RDX_NOT_FOUND, "no card %lld", (long long)card_id);
	else if (rc != SQLITE_DONE)
		s = db_error(db, rc, "saving", cause);
	stmt_done(st);
	return s;
}

/* Frees texts[0..n) and the array. */
static void texts_free(char **texts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
}

enum rdx_status note_add_many(struct db *db, int64_t card_id, const struct note *notes, size_t n, const char *now,
			      char **cause)
{
	rdx_cause_clear(cause);
	if (n == 0)
		return RDX_OK;
	char **bodies = xcalloc(n, sizeof *bodies);
	enum rdx_status s = RDX_OK;
	for (size_t i = 0; i < n && s == RDX_OK; i++) {
		bodies[i] = trim_end(notes[i].text);
		s = check_note_text(bodies[i], NOTE_TEXT_MAX, false, cause);
	}
	if (s == RDX_OK)
		s = db_begin(db, cause);
	if (s != RDX_OK) {
		texts_free(bodies, n);
		return s;
	}
	journal_label(db, "notes on", card_id, 0);
	for (size_t done = 0; done < n && s == RDX_OK;) {
		size_t rows = n - done < ROWS_PER_INSERT ? n - done : ROWS_PER_INSERT;
		const char *sql = insert_rows_sql("INSERT INTO note(card_id, at, body) VALUES ", 3, rows);
		struct stmt st;
		if ((s = stmt_prepare(db, &st, sql, cause)) != RDX_OK)
			break;
		/* Positional: the SQL text is generated.  The values outlive
		 * the statement's run. */
		for (size_t r = 0; r < rows; r++, done++) {
			int first = (int)r * 3 + 1;
			const char *at = notes[done].at[0] ? notes[done].at : now;
			sqlite3_bind_int64(st.st, first, card_id);
			sqlite3_bind_text(st.st, first + 1, at, -1, SQLITE_STATIC);
			sqlite3_bind_text(st.st, first + 2, bodies[done], -1, SQLITE_STATIC);
		}
		s = run_rows(db, &st, card_id, cause);
	}
	texts_free(bodies, n);
	if (s == RDX_OK)
		fts_schedule(db, card_id, false);
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db, cause);
}

enum rdx_status touch_add_many(struct db *db, int64_t card_id, const struct touch *touches, size_t n,
			       const char *now, char **cause)
{
	rdx_cause_clear(cause);
	if (n == 0)
		return RDX_OK;
	char **texts = xcalloc(n, sizeof *texts);
	enum rdx_status s = RDX_OK;
	for (size_t i = 0; i < n && s == RDX_OK; i++) {
		if ((unsigned)touches[i].channel >= CHANNEL_COUNT) {
			s = rdx_fail(cause, RDX_INVALID, "unknown channel");
			break;
		}
		texts[i] = trim_end(touches[i].note != NULL ? touches[i].note : "");
		s = check_note_text(texts[i], CARD_TEXT_MAX, true, cause);
	}
	if (s == RDX_OK)
		s = db_begin(db, cause);
	if (s != RDX_OK) {
		texts_free(texts, n);
		return s;
	}
	journal_label(db, "touches with", card_id, 0);
	for (size_t done = 0; done < n && s == RDX_OK;) {
		size_t rows = n - done < ROWS_PER_INSERT ? n - done : ROWS_PER_INSERT;
		const char *sql = insert_rows_sql("INSERT INTO touch(card_id, date, channel, note, at) VALUES ", 5, rows);
		struct stmt st;
		if ((s = stmt_prepare(db, &st, sql, cause)) != RDX_OK)
			break;
		for (size_t r = 0; r < rows; r++, done++) {
			int first = (int)r * 5 + 1;
			char date[DATE_TEXT_SIZE];
			date_format(touches[done].date, date);
			const char *at = touches[done].at[0] ? touches[done].at : now;
			sqlite3_bind_int64(st.st, first, card_id);
			sqlite3_bind_text(st.st, first + 1, date, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st.st, first + 2, channel_name(touches[done].channel), -1, SQLITE_STATIC);
			sqlite3_bind_text(st.st, first + 3, texts[done], -1, SQLITE_STATIC);
			sqlite3_bind_text(st.st, first + 4, at, -1, SQLITE_STATIC);
		}
		s = run_rows(db, &st, card_id, cause);
	}
	texts_free(texts, n);
	if (s == RDX_OK)
		fts_schedule(db, card_id, false);
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db, cause);
}

/* The card a touch belongs to. */
static enum rdx_status touch_card(struct db *db, int64_t touch_id, int64_t *card_id, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT card_id FROM touch WHERE id = :id", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", touch_id);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*card_id = stmt_int(&st, 0);
	else
		s = rc == SQLITE_DONE ? rdx_fail(cause, RDX_NOT_FOUND, "no touch %lld", (long long)touch_id)
				      : db_error(db, rc, "reading a touch", cause);
	stmt_done(&st);
	return s;
}

static void bind_touch_update(struct stmt *st, const void *arg)
{
	const struct touch_args *a = arg;
	stmt_bind_int(st, ":id", a->touch_id);
	stmt_bind_text(st, ":date", a->date);
	stmt_bind_text(st, ":channel", a->channel);
	stmt_bind_text(st, ":note", a->note);
}

enum rdx_status touch_update(struct db *db, int64_t touch_id, int date, enum channel channel, const char *note,
			     char **cause)
{
	rdx_cause_clear(cause);
	if ((unsigned)channel >= CHANNEL_COUNT)
		return rdx_fail(cause, RDX_INVALID, "unknown channel");
	int64_t card_id = 0;
	enum rdx_status s = touch_card(db, touch_id, &card_id, cause);
	if (s != RDX_OK)
		return s;
	char *text = trim_end(note != NULL ? note : "");
	s = check_note_text(text, CARD_TEXT_MAX, true, cause);
	if (s == RDX_OK) {
		struct touch_args a = { .card_id = card_id, .touch_id = touch_id, .channel = channel_name(channel),
					.note = text };
		date_format(date, a.date);
		s = write_and_index(db, card_id,
				    "UPDATE touch SET date = :date, channel = :channel, note = :note WHERE id = :id",
				    bind_touch_update, &a, NULL, true, "touch edit for", 0, cause);
	}
	free(text);
	return s;
}

enum rdx_status touch_delete(struct db *db, int64_t touch_id, char **cause)
{
	rdx_cause_clear(cause);
	int64_t card_id = 0;
	enum rdx_status s = touch_card(db, touch_id, &card_id, cause);
	if (s != RDX_OK)
		return s;
	struct touch_args a = { .card_id = card_id, .touch_id = touch_id };
	return write_and_index(db, card_id, "DELETE FROM touch WHERE id = :id", bind_touch, &a, NULL, true,
			       "touch deletion for", 0, cause);
}

enum rdx_status touch_list(struct db *db, int64_t card_id, size_t limit, struct touch **out, size_t *count,
			   char **cause)
{
	rdx_cause_clear(cause);
	*out = NULL;
	*count = 0;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT id, date, channel, note, at, origin FROM touch WHERE card_id = :card "
					 "ORDER BY date DESC, at DESC, id DESC LIMIT :limit",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":card", card_id);
	stmt_bind_int(&st, ":limit", limit == 0 ? -1 : (int64_t)limit);
	size_t cap = 0;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *count + 1, sizeof **out);
		struct touch *t = &(*out)[(*count)++];
		t->id = stmt_int(&st, 0);
		t->card_id = card_id;
		if (!date_parse(stmt_text(&st, 1), &t->date))
			t->date = 0;
		if (!channel_parse(stmt_text(&st, 2), &t->channel))
			t->channel = CHANNEL_OTHER;
		t->note = stmt_text_dup(&st, 3);
		snprintf(t->at, sizeof t->at, "%s", stmt_text(&st, 4));
		t->origin = touch_origin_parse(stmt_is_null(&st, 5) ? NULL : stmt_text(&st, 5));
	}
	stmt_done(&st);
	if (rc != SQLITE_DONE) {
		touch_list_free(*out, *count);
		*out = NULL;
		*count = 0;
		return db_error(db, rc, "reading touches", cause);
	}
	return RDX_OK;
}

void touch_list_free(struct touch *touches, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(touches[i].note);
	free(touches);
}

enum rdx_status note_get(struct db *db, int64_t note_id, struct note *out, char **cause)
{
	rdx_cause_clear(cause);
	memset(out, 0, sizeof *out);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT card_id, at, body FROM note WHERE id = :id", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", note_id);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		out->id = note_id;
		out->card_id = stmt_int(&st, 0);
		snprintf(out->at, sizeof out->at, "%s", stmt_text(&st, 1));
		out->text = stmt_text_dup(&st, 2);
	} else {
		s = rc == SQLITE_DONE ? rdx_fail(cause, RDX_NOT_FOUND, "no note %lld", (long long)note_id)
				      : db_error(db, rc, "reading a note", cause);
	}
	stmt_done(&st);
	return s;
}

enum rdx_status touch_get(struct db *db, int64_t touch_id, struct touch *out, char **cause)
{
	rdx_cause_clear(cause);
	memset(out, 0, sizeof *out);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT card_id, date, channel, note, at FROM touch WHERE id = :id",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", touch_id);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW) {
		out->id = touch_id;
		out->card_id = stmt_int(&st, 0);
		if (!date_parse(stmt_text(&st, 1), &out->date))
			out->date = 0;
		if (!channel_parse(stmt_text(&st, 2), &out->channel))
			out->channel = CHANNEL_OTHER;
		out->note = stmt_text_dup(&st, 3);
		snprintf(out->at, sizeof out->at, "%s", stmt_text(&st, 4));
	} else {
		s = rc == SQLITE_DONE ? rdx_fail(cause, RDX_NOT_FOUND, "no touch %lld", (long long)touch_id)
				      : db_error(db, rc, "reading a touch", cause);
	}
	stmt_done(&st);
	return s;
}
