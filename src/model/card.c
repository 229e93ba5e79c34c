/*
 * card.c - cards in memory and in the database: validation, sort keys,
 * insert/update/load, trash, snooze, cadence, tags, and the derived status
 * (last contact, effective cadence, due).
 */
#include "rolodex/card.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/db_internal.h"
#include "model/fts.h"
#include "rolodex/journal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

static const char *const field_kind_names[FIELD_KIND_COUNT] = {
	[FIELD_EMAIL] = "email",
	[FIELD_PHONE] = "phone",
	[FIELD_ADDRESS] = "address",
	[FIELD_URL] = "url",
};

const char *field_kind_name(enum field_kind kind)
{
	return (unsigned)kind < FIELD_KIND_COUNT ? field_kind_names[kind] : "?";
}

bool field_kind_parse(const char *name, enum field_kind *out)
{
	for (int k = 0; k < FIELD_KIND_COUNT; k++) {
		if (strcmp(name, field_kind_names[k]) == 0) {
			*out = (enum field_kind)k;
			return true;
		}
	}
	return false;
}

/* ---- in memory ---------------------------------------------------------- */

void card_init(struct card *card)
{
	memset(card, 0, sizeof *card);
	char **slots[] = { &card->uid, &card->name, &card->given, &card->family,
			   &card->nickname, &card->org, &card->title, &card->how_met };
	for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
		*slots[i] = xstrdup("");
}

void card_done(struct card *card)
{
	if (card == NULL)
		return;
	free(card->uid);
	free(card->name);
	free(card->given);
	free(card->family);
	free(card->nickname);
	free(card->org);
	free(card->title);
	free(card->how_met);
	for (size_t i = 0; i < card->nfields; i++) {
		free(card->fields[i].value);
		free(card->fields[i].label);
	}
	free(card->fields);
	for (size_t i = 0; i < card->ntags; i++)
		free(card->tags[i]);
	free(card->tags);
	for (size_t i = 0; i < card->nextras; i++)
		free(card->extras[i]);
	free(card->extras);
	memset(card, 0, sizeof *card);
}

void card_set(char **slot, const char *value)
{
	char *copy = xstrdup(value != NULL ? value : "");
	free(*slot);
	*slot = copy;
}

void card_add_field(struct card *card, enum field_kind kind, const char *value, const char *label)
{
	card->fields = xrealloc(card->fields, (card->nfields + 1) * sizeof *card->fields);
	struct card_field *f = &card->fields[card->nfields++];
	f->kind = kind;
	f->value = xstrdup(value != NULL ? value : "");
	f->label = xstrdup(label != NULL ? label : "");
}

void card_remove_field(struct card *card, size_t index)
{
	if (index >= card->nfields)
		return;
	free(card->fields[index].value);
	free(card->fields[index].label);
	memmove(&card->fields[index], &card->fields[index + 1], (card->nfields - index - 1) * sizeof *card->fields);
	card->nfields--;
}

/* Tags are folded (lower case, no accents) and trimmed; inner spaces
 * become '-' so a tag stays one word in queries. */
char *tag_normalize(const char *tag)
{
	char *folded = text_fold(tag);
	for (char *p = folded; *p != '\0'; p++)
		if (*p == ' ')
			*p = '-';
	return folded;
}

void card_add_tag(struct card *card, const char *tag)
{
	char *norm = tag_normalize(tag);
	if (*norm == '\0') {
		free(norm);
		return;
	}
	for (size_t i = 0; i < card->ntags; i++) {
		if (strcmp(card->tags[i], norm) == 0) {
			free(norm);
			return;
		}
	}
	card->tags = xrealloc(card->tags, (card->ntags + 1) * sizeof *card->tags);
	card->tags[card->ntags++] = norm;
}

void card_remove_tag(struct card *card, const char *tag)
{
	char *norm = tag_normalize(tag);
	for (size_t i = 0; i < card->ntags; i++) {
		if (strcmp(card->tags[i], norm) == 0) {
			free(card->tags[i]);
			memmove(&card->tags[i], &card->tags[i + 1], (card->ntags - i - 1) * sizeof *card->tags);
			card->ntags--;
			break;
		}
	}
	free(norm);
}

void card_add_extra(struct card *card, const char *line)
{
	card->extras = xrealloc(card->extras, (card->nextras + 1) * sizeof *card->extras);
	card->extras[card->nextras++] = xstrdup(line);
}

const struct card_field *card_first_field(const struct card *card, enum field_kind kind)
{
	for (size_t i = 0; i < card->nfields; i++)
		if (card->fields[i].kind == kind)
			return &card->fields[i];
	return NULL;
}

/* ---- validation ----------------------------------------------------------- */

static enum rdx_status check_text(const char *what, const char *value, size_t max, bool single_line, char **cause)
{
	size_t len = strlen(value);
	if (len > max)
		return rdx_fail(cause, RDX_TOO_LONG, "%s is too long (%zu bytes; at most %zu)", what, len, max);
	if (!text_valid_utf8(value, len))
		return rdx_fail(cause, RDX_INVALID, "%s is not valid UTF-8", what);
	if (single_line && (strchr(value, '\n') != NULL || strchr(value, '\r') != NULL))
		return rdx_fail(cause, RDX_INVALID, "%s must be one line", what);
	return RDX_OK;
}

static bool blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

enum rdx_status card_validate(const struct card *card, char **cause)
{
	rdx_cause_clear(cause);
	enum rdx_status st;
	if (blank(card->name))
		return rdx_fail(cause, RDX_INVALID, "the name is empty");
	struct {
		const char *what;
		const char *value;
		size_t max;
		bool single;
	} texts[] = {
		{ "the name", card->name, CARD_NAME_MAX, true },
		{ "the given name", card->given, CARD_NAME_MAX, true },
		{ "the family name", card->family, CARD_NAME_MAX, true },
		{ "the nickname", card->nickname, CARD_FIELD_MAX, true },
		{ "the organization", card->org, CARD_FIELD_MAX, true },
		{ "the title", card->title, CARD_FIELD_MAX, true },
		{ "the uid", card->uid, CARD_FIELD_MAX, true },
		{ "how we met", card->how_met, CARD_TEXT_MAX, false },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		st = check_text(texts[i].what, texts[i].value, texts[i].max, texts[i].single, cause);
		if (st != RDX_OK)
			return st;
	}
	if (card->nfields > CARD_MAX_FIELDS)
		return rdx_fail(cause, RDX_TOO_LONG, "too many fields (%zu; at most %d)", card->nfields, CARD_MAX_FIELDS);
	/* What the messages call each kind's value: fixed text, since
	 * formatting it for every field validated would be work an import
	 * repeats for each of its fields. */
	static const char *const value_what[FIELD_KIND_COUNT] = {
		[FIELD_EMAIL] = "the email value",
		[FIELD_PHONE] = "the phone value",
		[FIELD_ADDRESS] = "the address ",
		[FIELD_URL] = "the url value",
	};
	for (size_t i = 0; i < card->nfields; i++) {
		const struct card_field *f = &card->fields[i];
		/* The only guard on the kind during a bulk import (card_bulk_begin). */
		if ((unsigned)f->kind >= FIELD_KIND_COUNT)
			return rdx_fail(cause, RDX_INVALID, "a field of unknown kind %d", (int)f->kind);
		const char *what = value_what[f->kind];
		st = check_text(what, f->value, CARD_FIELD_MAX, f->kind != FIELD_ADDRESS, cause);
		if (st == RDX_OK && blank(f->value))
			st = rdx_fail(cause, RDX_INVALID, "an empty %s", field_kind_name(f->kind));
		if (st == RDX_OK)
			st = check_text("a field label", f->label, CARD_LABEL_MAX, true, cause);
		if (st != RDX_OK)
			return st;
	}
	if (card->ntags > CARD_MAX_TAGS)
		return rdx_fail(cause, RDX_TOO_LONG, "too many tags (%zu; at most %d)", card->ntags, CARD_MAX_TAGS);
	for (size_t i = 0; i < card->ntags; i++) {
		st = check_text("a tag", card->tags[i], CARD_TAG_MAX, true, cause);
		if (st != RDX_OK)
			return st;
	}
	for (size_t i = 0; i < card->nextras; i++) {
		st = check_text("a kept vCard line", card->extras[i], CARD_EXTRA_MAX, false, cause);
		if (st != RDX_OK)
			return st;
	}
	const struct birthday *b = &card->birthday;
	if (b->month != 0) {
		bool ok = b->month >= 1 && b->month <= 12 && b->day >= 1 &&
			  b->day <= date_days_in_month(b->year != 0 ? b->year : 2000, b->month) &&
			  (b->year == 0 || (b->year >= 1 && b->year <= 9999));
		if (!ok)
			return rdx_fail(cause, RDX_INVALID, "the birthday is not a real date");
	}
	if (card->cadence_set && card->cadence.n != 0) {
		char text[16];
		struct cadence check;
		cadence_format(&card->cadence, text, sizeof text);
		if (!cadence_parse(text, &check))
			return rdx_fail(cause, RDX_INVALID, "the cadence is out of range");
	}
	int day;
	if (card->snooze_until[0] != '\0' && !date_parse(card->snooze_until, &day))
		return rdx_fail(cause, RDX_INVALID, "the snooze date is not a real date");
	return RDX_OK;
}

/* The digits of a phone number, at most size - 1 of them. */
static size_t phone_digits(const char *phone, char *digits, size_t size)
{
	size_t n = 0;
	for (const char *p = phone; *p && n + 1 < size; p++)
		if (isdigit((unsigned char)*p))
			digits[n++] = *p;
	digits[n] = '\0';
	return n;
}

/* Whether a number is written in international form (+33..., 0033...):
 * *skip gets how many leading digits are the international prefix. */
static bool phone_is_international(const char *phone, const char *digits, size_t *skip)
{
	while (*phone == ' ' || *phone == '(')
		phone++;
	*skip = 0;
	if (*phone == '+')
		return digits[0] != '\0';
	if (digits[0] == '0' && digits[1] == '0' && digits[2] != '\0' && digits[2] != '0') {
		*skip = 2;
		return true;
	}
	return false;
}

bool card_phone_key(const char *phone, char out[CARD_PHONE_KEY_DIGITS + 1])
{
	char digits[64];
	size_t n = phone_digits(phone, digits, sizeof digits);
	size_t keep = n > CARD_PHONE_KEY_DIGITS ? CARD_PHONE_KEY_DIGITS : n;
	memcpy(out, digits + n - keep, keep);
	out[keep] = '\0';
	return keep >= CARD_PHONE_KEY_MIN;
}

/* Appends " word" to buf (at least 2 characters). */
static void phone_word_add(char **buf, size_t *len, size_t *cap, const char *word, size_t n)
{
	if (n < 2)
		return;
	*buf = xgrow(*buf, cap, *len + n + 2, 1);
	if (*len > 0)
		(*buf)[(*len)++] = ' ';
	memcpy(*buf + *len, word, n);
	*len += n;
	(*buf)[*len] = '\0';
}

char *card_phone_search_text(const char *phones)
{
	size_t len = 0, cap = 1;
	char *buf = xmalloc(cap);
	buf[0] = '\0';
	const char *line = phones;
	while (line != NULL && *line != '\0') {
		const char *end = strchr(line, '\n');
		char *one = end != NULL ? xstrndup(line, (size_t)(end - line)) : xstrdup(line);
		char digits[64];
		size_t n = phone_digits(one, digits, sizeof digits);
		/* From the start of each group of digits to the end. */
		size_t at = 0;
		bool in_group = false;
		for (const char *p = one; *p != '\0'; p++) {
			bool digit = isdigit((unsigned char)*p) != 0;
			if (digit && !in_group && at < n)
				phone_word_add(&buf, &len, &cap, digits + at, n - at);
			if (digit)
				at++;
			in_group = digit;
		}
		if (n > 4)
			phone_word_add(&buf, &len, &cap, digits + n - 4, 4);
		if (n > 7)
			phone_word_add(&buf, &len, &cap, digits + n - 7, 7);
		size_t skip;
		if (phone_is_international(one, digits, &skip)) {
			char intl[66];
			int w = snprintf(intl, sizeof intl, "x%s", digits + skip);
			phone_word_add(&buf, &len, &cap, intl, (size_t)w);
			/* A number written with + is found by its 00 spelling
			 * too, as plain digits: see card_phone_search_word. */
			if (skip == 0) {
				w = snprintf(intl, sizeof intl, "00%s", digits);
				phone_word_add(&buf, &len, &cap, intl, (size_t)w);
			}
		}
		free(one);
		line = end != NULL ? end + 1 : NULL;
	}
	return buf;
}

bool card_phone_search_word(const char *word, char *out, size_t size)
{
	bool separators = false;
	for (const char *p = word; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			continue;
		if (strchr("+-.()/", *p) == NULL)
			return false;
		separators = true;
	}
	char digits[64];
	size_t n = phone_digits(word, digits, sizeof digits);
	if (n == 0)
		return false;
	/* Only + marks the international form.  A 00 prefix stays digits:
	 * the index holds every international number's 00 spelling, and a
	 * word of digits that starts with 00 may as well be part of a name
	 * or a note ("Person 001999"). */
	const char *p = word;
	while (*p == '(')
		p++;
	bool intl = *p == '+';
	/* A plain number ("1234") is looked up as it is, in notes too. */
	if (!separators && !intl)
		return false;
	snprintf(out, size, "%s%s", intl ? "x" : "", digits);
	return true;
}

bool card_field_same(enum field_kind kind, const char *a, const char *b)
{
	if (kind == FIELD_PHONE) {
		char ka[CARD_PHONE_KEY_DIGITS + 1], kb[CARD_PHONE_KEY_DIGITS + 1];
		card_phone_key(a, ka);
		card_phone_key(b, kb);
		if (ka[0] || kb[0])
			return strcmp(ka, kb) == 0;
	}
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

void card_split_name(struct card *card)
{
	if (card->given[0] != '\0' || card->family[0] != '\0')
		return;
	char *name = xstrdup(card->name);
	text_trim(name);
	char *comma = strchr(name, ',');
	if (comma != NULL) {
		/* "Lovelace, Ada" */
		*comma = '\0';
		card_set(&card->family, text_trim(name));
		card_set(&card->given, text_trim(comma + 1));
	} else {
		char *space = strrchr(name, ' ');
		if (space == NULL) {
			card_set(&card->given, name);
		} else {
			*space = '\0';
			card_set(&card->family, text_trim(space + 1));
			card_set(&card->given, text_trim(name));
		}
	}
	free(name);
}

/* ---- sort keys and tabs ----------------------------------------------- */

/*
 * Family name, then given name, folded, joined by \x01 (below every
 * printable character, so "Lovelace Ada" sorts before "Lovelaces Bo").
 * Cards whose key does not start with a Latin letter go under '#', after
 * 'Z': their key is prefixed with '~', which sorts after 'z' and before
 * every non-ASCII byte.
 */
char *card_sort_key(const struct card *card)
{
	char *family = text_fold(card->family);
	char *given = text_fold(card->given);
	char *key;
	if (*family == '\0' && *given == '\0') {
		char *name = text_fold(card->name);
		key = xstrdup(name);
		free(name);
	} else if (*family == '\0') {
		key = xstrdup(given);
	} else {
		key = xasprintf("%s\x01%s", family, given);
	}
	free(family);
	free(given);
	/* Skip leading punctuation so "'Connor" files under C. */
	char *start = key;
	while (*start != '\0' && (unsigned char)*start < 0x80 && !isalnum((unsigned char)*start))
		start++;
	char *result;
	if (*start >= 'a' && *start <= 'z')
		result = xstrdup(start);
	else
		result = xasprintf("~%s", start);
	free(key);
	return result;
}

char card_tab_of(const char *sort_key)
{
	if (sort_key[0] >= 'a' && sort_key[0] <= 'z')
		return (char)(sort_key[0] - 'a' + 'A');
	return '#';
}

char *card_new_uid(void)
{
	unsigned char bytes[16];
	bool ok = false;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ok = read(fd, bytes, sizeof bytes) == (ssize_t)sizeof bytes;
		close(fd);
	}
	if (!ok) {
		/* No /dev/urandom (a chroot): fall back to time and address. */
		uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)(uintptr_t)bytes << 16) ^ (uint64_t)getpid();
		for (size_t i = 0; i < sizeof bytes; i++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			bytes[i] = (unsigned char)(seed >> 56);
		}
	}
	bytes[6] = (unsigned char)((bytes[6] & 0x0f) | 0x40); /* version 4 */
	bytes[8] = (unsigned char)((bytes[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	return xasprintf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0], bytes[1],
			 bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
			 bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
}

/* ---- writing -------------------------------------------------------------- */

static void bind_card_columns(struct stmt *st, const struct card *card, const char *sort_key)
{
	stmt_bind_text(st, ":uid", card->uid);
	stmt_bind_text(st, ":name", card->name);
	stmt_bind_text(st, ":given", card->given);
	stmt_bind_text(st, ":family", card->family);
	stmt_bind_text(st, ":nickname", card->nickname);
	stmt_bind_text(st, ":org", card->org);
	stmt_bind_text(st, ":title", card->title);
	stmt_bind_text(st, ":how_met", card->how_met);
	stmt_bind_text(st, ":sort_key", sort_key);
	const struct birthday *b = &card->birthday;
	if (b->month != 0) {
		if (b->year != 0)
			stmt_bind_int(st, ":bday_year", b->year);
		else
			stmt_bind_null(st, ":bday_year");
		stmt_bind_int(st, ":bday_month", b->month);
		stmt_bind_int(st, ":bday_day", b->day);
	} else {
		stmt_bind_null(st, ":bday_year");
		stmt_bind_null(st, ":bday_month");
		stmt_bind_null(st, ":bday_day");
	}
	if (card->cadence_set) {
		char text[16];
		cadence_format(&card->cadence, text, sizeof text);
		stmt_bind_text(st, ":cadence", text);
	} else {
		stmt_bind_null(st, ":cadence");
	}
	stmt_bind_text(st, ":snooze_until", card->snooze_until[0] != '\0' ? card->snooze_until : NULL);
}

/* Appends "(?,?,...)" rows to head: "INSERT ... VALUES (?,?),(?,?)". */
static void rows_sql(char *out, size_t size, const char *head, int width, size_t rows)
{
	size_t len = strlen(head);
	if (len >= size)
		fatal("internal error: SQL text too long");
	memcpy(out, head, len);
	for (size_t r = 0; r < rows; r++) {
		/* "(" + "?," per value + "," between rows, and the final NUL */
		if (len + 2 * (size_t)width + 3 > size)
			fatal("internal error: SQL text too long");
		if (r > 0)
			out[len++] = ',';
		out[len++] = '(';
		for (int c = 0; c < width; c++) {
			if (c > 0)
				out[len++] = ',';
			out[len++] = '?';
		}
		out[len++] = ')';
	}
	out[len] = '\0';
}

/* The row binders below bind row i's values from parameter `first` on,
 * borrowed (SQLITE_STATIC): the values live in the card until the
 * statement is done. */
static void bind_static(sqlite3_stmt *st, int index, const char *text)
{
	sqlite3_bind_text(st, index, text, -1, SQLITE_STATIC);
}

static void bind_field_row(sqlite3_stmt *st, int first, const struct card *card, size_t i)
{
	sqlite3_bind_int64(st, first, card->id);
	bind_static(st, first + 1, field_kind_name(card->fields[i].kind));
	bind_static(st, first + 2, card->fields[i].value);
	bind_static(st, first + 3, card->fields[i].label);
	sqlite3_bind_int64(st, first + 4, (int64_t)i);
}

static void bind_tag_name_row(sqlite3_stmt *st, int first, const struct card *card, size_t i)
{
	bind_static(st, first, card->tags[i]);
}

static void bind_card_tag_row(sqlite3_stmt *st, int first, const struct card *card, size_t i)
{
	sqlite3_bind_int64(st, first, card->id);
	bind_static(st, first + 1, card->tags[i]);
	sqlite3_bind_int64(st, first + 2, (int64_t)i);
}

static void bind_extra_row(sqlite3_stmt *st, int first, const struct card *card, size_t i)
{
	sqlite3_bind_int64(st, first, card->id);
	sqlite3_bind_int64(st, first + 1, (int64_t)i);
	bind_static(st, first + 2, card->extras[i]);
}

const char *insert_rows_sql(const char *head, int width, size_t rows)
{
	static struct {
		const char *head;
		size_t rows;
		char sql[256];
	} texts[8 * ROWS_PER_INSERT];
	size_t i = 0;
	for (; i < sizeof texts / sizeof texts[0] && texts[i].head != NULL; i++)
		if (texts[i].head == head && texts[i].rows == rows)
			return texts[i].sql;
	if (i == sizeof texts / sizeof texts[0])
		fatal("internal error: more multi-row INSERT texts than kept");
	rows_sql(texts[i].sql, sizeof texts[i].sql, head, width, rows);
	texts[i].head = head;
	texts[i].rows = rows;
	return texts[i].sql;
}

/* Inserts rows 0..n-1 of one kind of child, ROWS_PER_INSERT a statement.
 * Positional parameters: the SQL text is generated, so there are no names
 * to bind by. */
static enum rdx_status insert_rows(struct db *db, const char *head, int width, size_t n,
				   void (*bind)(sqlite3_stmt *st, int first, const struct card *card, size_t i),
				   const struct card *card, char **cause)
{
	enum rdx_status s = RDX_OK;
	for (size_t done = 0; done < n && s == RDX_OK;) {
		size_t rows = n - done < ROWS_PER_INSERT ? n - done : ROWS_PER_INSERT;
		const char *sql = insert_rows_sql(head, width, rows);
		struct stmt st;
		if ((s = stmt_prepare(db, &st, sql, cause)) != RDX_OK)
			break;
		for (size_t r = 0; r < rows; r++)
			bind(st.st, (int)r * width + 1, card, done + r);
		s = stmt_exec(&st, cause);
		stmt_done(&st);
		done += rows;
	}
	return s;
}

/* Whether the stored row at position i (columns from 1 on) is what
 * card's list would write there. */
typedef bool same_row_fn(struct stmt *st, const struct card *card, size_t i);

static bool same_field_row(struct stmt *st, const struct card *card, size_t i)
{
	const struct card_field *f = &card->fields[i];
	return strcmp(stmt_text(st, 1), field_kind_name(f->kind)) == 0 && strcmp(stmt_text(st, 2), f->value) == 0 &&
	       strcmp(stmt_text(st, 3), f->label) == 0;
}

static bool same_tag_row(struct stmt *st, const struct card *card, size_t i)
{
	return strcmp(stmt_text(st, 1), card->tags[i]) == 0;
}

static bool same_extra_row(struct stmt *st, const struct card *card, size_t i)
{
	return strcmp(stmt_text(st, 1), card->extras[i]) == 0;
}

/*
 * Whether the card's stored rows of one table (sql: position, then the
 * columns same_row reads) are exactly the n the card would write, each at
 * its position.  Any doubt (a read error, a position out of place) says
 * no, and the rows are written again.
 */
static bool stored_rows_same(struct db *db, const char *sql, const struct card *card, size_t n, same_row_fn *same_row)
{
	struct stmt st;
	if (stmt_prepare(db, &st, sql, NULL) != RDX_OK)
		return false;
	stmt_bind_int(&st, ":id", card->id);
	bool *seen = xcalloc(n > 0 ? n : 1, sizeof *seen);
	size_t found = 0;
	bool same = true;
	int rc;
	while (same && (rc = stmt_step(&st)) == SQLITE_ROW) {
		int64_t position = stmt_int(&st, 0);
		same = position >= 0 && (uint64_t)position < n && !seen[position] && same_row(&st, card, (size_t)position);
		if (same) {
			seen[position] = true;
			found++;
		}
	}
	same = same && rc == SQLITE_DONE && found == n;
	stmt_done(&st);
	free(seen);
	return same;
}

/*
 * Replaces the card's fields, tags and extras with those in memory
 * (is_new: there is nothing to delete first).  A list the database holds
 * already as it is (an import merge that changed only the organization) is
 * left alone: deleting and writing it again would journal every row twice.
 */
static enum rdx_status write_children(struct db *db, const struct card *card, bool is_new, char **cause)
{
	static const char *const clear[] = {
		"DELETE FROM card_field WHERE card_id = :id",
		"DELETE FROM card_tag WHERE card_id = :id",
		"DELETE FROM card_extra WHERE card_id = :id",
	};
	bool keep[3] = { false, false, false };
	if (!is_new) {
		keep[0] = stored_rows_same(db, "SELECT position, kind, value, label FROM card_field WHERE card_id = :id",
					   card, card->nfields, same_field_row);
		keep[1] = stored_rows_same(db, "SELECT position, tag FROM card_tag WHERE card_id = :id", card,
					   card->ntags, same_tag_row);
		keep[2] = stored_rows_same(db, "SELECT position, line FROM card_extra WHERE card_id = :id", card,
					   card->nextras, same_extra_row);
	}
	struct stmt st;
	enum rdx_status s = RDX_OK;
	for (size_t i = 0; i < 3 && !is_new; i++) {
		if (keep[i])
			continue;
		if ((s = stmt_prepare(db, &st, clear[i], cause)) != RDX_OK)
			return s;
		stmt_bind_int(&st, ":id", card->id);
		s = stmt_exec(&st, cause);
		stmt_done(&st);
		if (s != RDX_OK)
			return s;
	}
	if (!keep[0])
		s = insert_rows(db, "INSERT INTO card_field(card_id, kind, value, label, position) VALUES ", 5,
				card->nfields, bind_field_row, card, cause);
	if (s == RDX_OK && !keep[1])
		s = insert_rows(db, "INSERT OR IGNORE INTO tag(name) VALUES ", 1, card->ntags, bind_tag_name_row, card,
				cause);
	if (s == RDX_OK && !keep[1])
		s = insert_rows(db, "INSERT OR IGNORE INTO card_tag(card_id, tag, position) VALUES ", 3, card->ntags,
				bind_card_tag_row, card, cause);
	if (s == RDX_OK && !keep[2])
		s = insert_rows(db, "INSERT INTO card_extra(card_id, position, line) VALUES ", 3, card->nextras,
				bind_extra_row, card, cause);
	return s;
}

enum rdx_status card_insert(struct db *db, struct card *card, const char *now, char **cause)
{
	rdx_cause_clear(cause);
	card_split_name(card);
	if (card->uid[0] == '\0') {
		free(card->uid);
		card->uid = card_new_uid();
	}
	enum rdx_status s = card_validate(card, cause);
	if (s != RDX_OK)
		return s;
	if ((s = db_begin(db, cause)) != RDX_OK)
		return s;
	char *sort_key = card_sort_key(card);
	struct stmt st;
	s = stmt_prepare(db, &st,
			 "INSERT INTO card(uid, name, given, family, nickname, org, title, how_met, sort_key, "
			 "bday_year, bday_month, bday_day, cadence, snooze_until, created_at, updated_at) "
			 "VALUES (:uid, :name, :given, :family, :nickname, :org, :title, :how_met, :sort_key, "
			 ":bday_year, :bday_month, :bday_day, :cadence, :snooze_until, :now, :now)",
			 cause);
	if (s == RDX_OK) {
		bind_card_columns(&st, card, sort_key);
		stmt_bind_text(&st, ":now", now);
		int rc = stmt_step(&st);
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			s = rdx_fail(cause, RDX_INVALID, "a card with the uid %s already exists", card->uid);
		else if (rc != SQLITE_DONE)
			s = db_error(db, rc, "adding a card", cause);
		stmt_done(&st);
	}
	free(sort_key);
	if (s == RDX_OK) {
		card->id = sqlite3_last_insert_rowid(db->sql);
		journal_label(db, "adding", card->id, 0);
		card->revision = 1;
		snprintf(card->created_at, sizeof card->created_at, "%s", now);
		snprintf(card->updated_at, sizeof card->updated_at, "%s", now);
		s = write_children(db, card, true, cause);
	}
	if (s == RDX_OK)
		fts_schedule(db, card->id, true);
	if (s != RDX_OK) {
		db_rollback(db);
		card->id = 0;
		return s;
	}
	return db_commit(db, cause);
}

enum rdx_status card_update(struct db *db, struct card *card, int64_t expected_revision, const char *now,
			    char **cause)
{
	rdx_cause_clear(cause);
	card_split_name(card);
	enum rdx_status s = card_validate(card, cause);
	if (s != RDX_OK)
		return s;
	if ((s = db_begin(db, cause)) != RDX_OK)
		return s;
	journal_label(db, "edit of", card->id, 0);
	struct stmt st;
	int64_t stored_revision = -1;
	if ((s = stmt_prepare(db, &st, "SELECT revision FROM card WHERE id = :id", cause)) == RDX_OK) {
		stmt_bind_int(&st, ":id", card->id);
		int rc = stmt_step(&st);
		if (rc == SQLITE_ROW)
			stored_revision = stmt_int(&st, 0);
		else if (rc == SQLITE_DONE)
			s = rdx_fail(cause, RDX_NOT_FOUND, "card %lld no longer exists", (long long)card->id);
		else
			s = db_error(db, rc, "reading a card", cause);
		stmt_done(&st);
	}
	if (s == RDX_OK && expected_revision >= 0 && stored_revision != expected_revision)
		s = rdx_fail(cause, RDX_CONFLICT,
			     "%s was changed elsewhere while you edited it; your edit was not saved", card->name);
	char *sort_key = card_sort_key(card);
	if (s == RDX_OK && (s = stmt_prepare(db, &st,
					     "UPDATE card SET uid = :uid, name = :name, given = :given, family = :family, "
					     "nickname = :nickname, org = :org, title = :title, how_met = :how_met, "
					     "sort_key = :sort_key, bday_year = :bday_year, bday_month = :bday_month, "
					     "bday_day = :bday_day, cadence = :cadence, snooze_until = :snooze_until, "
					     "updated_at = :now, revision = revision + 1 WHERE id = :id",
					     cause)) == RDX_OK) {
		bind_card_columns(&st, card, sort_key);
		stmt_bind_text(&st, ":now", now);
		stmt_bind_int(&st, ":id", card->id);
		int rc = stmt_step(&st);
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			s = rdx_fail(cause, RDX_INVALID, "another card has the uid %s", card->uid);
		else if (rc != SQLITE_DONE)
			s = db_error(db, rc, "saving a card", cause);
		stmt_done(&st);
	}
	free(sort_key);
	if (s == RDX_OK)
		s = write_children(db, card, false, cause);
	if (s == RDX_OK)
		fts_schedule(db, card->id, false);
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	s = db_commit(db, cause);
	if (s == RDX_OK) {
		card->revision = stored_revision + 1;
		snprintf(card->updated_at, sizeof card->updated_at, "%s", now);
	}
	return s;
}

/* A row of a card's list as read, with its stored position. */
struct positioned {
	int64_t position;
	size_t index; /* in the order read */
};

/* By position; rows with the same position (tags: by tag, which is the
 * order card_tag's key reads them in) keep the order they were read in. */
static int positioned_cmp(const void *a, const void *b)
{
	const struct positioned *x = a, *y = b;
	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Puts n items of `size` bytes (a card's fields or tags, as read) in
 * position order. */
static void put_in_order(void *items, size_t size, struct positioned *order, size_t n)
{
	qsort(order, n, sizeof *order, positioned_cmp);
	char *sorted = xmalloc(n * size);
	for (size_t i = 0; i < n; i++)
		memcpy(sorted + i * size, (char *)items + order[i].index * size, size);
	memcpy(items, sorted, n * size);
	free(sorted);
}

enum rdx_status card_load(struct db *db, int64_t id, struct card *card, char **cause)
{
	rdx_cause_clear(cause);
	card_init(card);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT uid, name, given, family, nickname, org, title, how_met, bday_year, "
					 "bday_month, bday_day, cadence, snooze_until, trashed_at, created_at, updated_at, "
					 "revision FROM card WHERE id = :id",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	int rc = stmt_step(&st);
	if (rc != SQLITE_ROW) {
		s = rc == SQLITE_DONE ? rdx_fail(cause, RDX_NOT_FOUND, "no card %lld", (long long)id)
				      : db_error(db, rc, "reading a card", cause);
		stmt_done(&st);
		return s;
	}
	card->id = id;
	char **slots[] = { &card->uid, &card->name, &card->given, &card->family,
			   &card->nickname, &card->org, &card->title, &card->how_met };
	for (int i = 0; i < 8; i++)
		card_set(slots[i], stmt_text(&st, i));
	if (!stmt_is_null(&st, 9)) {
		card->birthday.year = stmt_is_null(&st, 8) ? 0 : (int)stmt_int(&st, 8);
		card->birthday.month = (int)stmt_int(&st, 9);
		card->birthday.day = (int)stmt_int(&st, 10);
	}
	if (!stmt_is_null(&st, 11)) {
		card->cadence_set = true;
		const char *text = stmt_text(&st, 11);
		if (*text == '\0' || !cadence_parse(text, &card->cadence))
			card->cadence = (struct cadence){ 0, 0 };
	}
	snprintf(card->snooze_until, sizeof card->snooze_until, "%s", stmt_text(&st, 12));
	snprintf(card->trashed_at, sizeof card->trashed_at, "%s", stmt_text(&st, 13));
	snprintf(card->created_at, sizeof card->created_at, "%s", stmt_text(&st, 14));
	snprintf(card->updated_at, sizeof card->updated_at, "%s", stmt_text(&st, 15));
	card->revision = stmt_int(&st, 16);
	stmt_done(&st);

	/* Fields and tags come in their index's order (card_field_card is
	 * by kind, then position; card_tag's key by tag) and are put in
	 * position order here: an ORDER BY would build a temporary B-tree
	 * to sort a handful of rows for every card loaded. */
	if ((s = stmt_prepare(db, &st, "SELECT kind, value, label, position FROM card_field WHERE card_id = :id", cause)) !=
	    RDX_OK)
		goto fail;
	stmt_bind_int(&st, ":id", id);
	struct positioned *order = NULL;
	size_t norder = 0, order_cap = 0;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		enum field_kind kind;
		if (field_kind_parse(stmt_text(&st, 0), &kind)) {
			order = xgrow(order, &order_cap, norder + 1, sizeof *order);
			order[norder] = (struct positioned){ .position = stmt_int(&st, 3), .index = card->nfields };
			norder++;
			card_add_field(card, kind, stmt_text(&st, 1), stmt_text(&st, 2));
		}
	}
	stmt_done(&st);
	if (rc == SQLITE_DONE && norder > 1)
		put_in_order(card->fields, sizeof *card->fields, order, norder);
	if (rc != SQLITE_DONE) {
		free(order);
		goto fail_rc;
	}

	if ((s = stmt_prepare(db, &st, "SELECT tag, position FROM card_tag WHERE card_id = :id", cause)) != RDX_OK) {
		free(order);
		goto fail;
	}
	stmt_bind_int(&st, ":id", id);
	norder = 0;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		order = xgrow(order, &order_cap, norder + 1, sizeof *order);
		order[norder] = (struct positioned){ .position = stmt_int(&st, 1), .index = card->ntags };
		norder++;
		card->tags = xrealloc(card->tags, (card->ntags + 1) * sizeof *card->tags);
		card->tags[card->ntags++] = stmt_text_dup(&st, 0);
	}
	stmt_done(&st);
	if (rc == SQLITE_DONE && norder > 1)
		put_in_order(card->tags, sizeof *card->tags, order, norder);
	free(order);
	if (rc != SQLITE_DONE)
		goto fail_rc;

	if ((s = stmt_prepare(db, &st, "SELECT line FROM card_extra WHERE card_id = :id ORDER BY position", cause)) !=
	    RDX_OK)
		goto fail;
	stmt_bind_int(&st, ":id", id);
	while ((rc = stmt_step(&st)) == SQLITE_ROW)
		card_add_extra(card, stmt_text(&st, 0));
	stmt_done(&st);
	if (rc != SQLITE_DONE)
		goto fail_rc;
	return RDX_OK;

fail_rc:
	s = db_error(db, rc, "reading a card", cause);
fail:
	card_done(card);
	card_init(card);
	return s;
}

enum rdx_status card_find_uid(struct db *db, const char *uid, int64_t *id, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "SELECT id FROM card WHERE uid = :uid", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":uid", uid);
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*id = stmt_int(&st, 0);
	else if (rc == SQLITE_DONE)
		s = rdx_fail(cause, RDX_NOT_FOUND, "no card has the uid %s", uid);
	else
		s = db_error(db, rc, "finding a card", cause);
	stmt_done(&st);
	return s;
}

enum rdx_status card_import_key_add(struct db *db, int64_t id, const char *key, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s = stmt_prepare(
		db, &st, "INSERT OR IGNORE INTO card_import_key(key, card_id) VALUES (:key, :id)", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_text(&st, ":key", key);
	stmt_bind_int(&st, ":id", id);
	int rc = stmt_step(&st);
	if (rc != SQLITE_DONE)
		s = db_error(db, rc, "remembering an import identity", cause);
	stmt_done(&st);
	return s;
}

enum rdx_status card_import_key_foreach(struct db *db, int (*fn)(void *ctx, const char *key, int64_t id), void *ctx,
					char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT k.key, k.card_id FROM card_import_key k JOIN card c ON c.id = k.card_id "
					 "WHERE c.trashed_at IS NULL",
					 cause);
	if (s != RDX_OK)
		return s;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW)
		if (fn(ctx, stmt_text(&st, 0), stmt_int(&st, 1)) != 0)
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = db_error(db, rc, "reading import identities", cause);
	stmt_done(&st);
	return s;
}

enum rdx_status card_identity_foreach(struct db *db, int (*fn)(void *ctx, const struct card_identity_row *row),
				      void *ctx, char **cause)
{
	rdx_cause_clear(cause);
	struct stmt st;
	/* The card table in id order and each card's fields from
	 * card_field_card (card_id, kind, position): both read in the order
	 * they are stored, no sort.  The planner left to itself reads the
	 * fields by kind through card_field_value and sorts. */
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT c.id, c.name, f.kind, f.value FROM card c NOT INDEXED "
					 "JOIN card_field f INDEXED BY card_field_card "
					 "ON f.card_id = c.id AND f.kind IN ('email', 'phone', 'url') "
					 "WHERE c.trashed_at IS NULL ORDER BY c.id, f.kind, f.position",
					 cause);
	if (s != RDX_OK)
		return s;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		struct card_identity_row row = {
			.card_id = stmt_int(&st, 0),
			.name = stmt_text(&st, 1),
			.value = stmt_text(&st, 3),
		};
		if (!field_kind_parse(stmt_text(&st, 2), &row.kind))
			continue;
		if (fn(ctx, &row) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = db_error(db, rc, "reading the cards' e-mails, phones and profiles", cause);
	stmt_done(&st);
	return s;
}

/* Runs one UPDATE/DELETE on card :id in its own transaction; NOT_FOUND
 * when it touched no row. */
static enum rdx_status card_change(struct db *db, int64_t id, const char *sql, const char *now, const char *text,
				   const char *what, const char *label, char **cause)
{
	enum rdx_status s = db_begin(db, cause);
	if (s != RDX_OK)
		return s;
	if (label != NULL)
		journal_label(db, label, id, 0);
	struct stmt st;
	if ((s = stmt_prepare(db, &st, sql, cause)) == RDX_OK) {
		stmt_bind_int(&st, ":id", id);
		if (now != NULL)
			stmt_bind_text(&st, ":now", now);
		if (sqlite3_bind_parameter_index(st.st, ":text") != 0)
			stmt_bind_text(&st, ":text", text);
		s = stmt_exec(&st, cause);
		stmt_done(&st);
		if (s == RDX_OK && sqlite3_changes(db->sql) == 0)
			s = rdx_fail(cause, RDX_NOT_FOUND, "%s: no such card %lld", what, (long long)id);
	}
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db, cause);
}

enum rdx_status card_trash(struct db *db, int64_t id, const char *now, char **cause)
{
	rdx_cause_clear(cause);
	return card_change(db, id,
			   "UPDATE card SET trashed_at = :now, updated_at = :now, revision = revision + 1 "
			   "WHERE id = :id AND trashed_at IS NULL",
			   now, NULL, "moving to the trash", "trashing", cause);
}

enum rdx_status card_restore(struct db *db, int64_t id, const char *now, char **cause)
{
	rdx_cause_clear(cause);
	return card_change(db, id,
			   "UPDATE card SET trashed_at = NULL, updated_at = :now, revision = revision + 1 "
			   "WHERE id = :id AND trashed_at IS NOT NULL",
			   now, NULL, "restoring from the trash", "restoring", cause);
}

enum rdx_status card_purge(struct db *db, int64_t id, char **cause)
{
	rdx_cause_clear(cause);
	enum rdx_status s = db_begin(db, cause);
	if (s != RDX_OK)
		return s;
	/* Erasing is for good: not undoable, and no copy of the card stays in
	 * the journal either. */
	journal_skip(db);
	s = journal_forget_card(db, id, cause);
	if (s == RDX_OK)
		s = fts_remove(db, id, cause);
	if (s == RDX_OK)
		s = card_change(db, id, "DELETE FROM card WHERE id = :id AND trashed_at IS NOT NULL", NULL, NULL,
				"erasing (only cards in the trash can be erased)", NULL, cause);
	/* FTS5 only marks a deleted row; its words stay in older index
	 * segments until they are merged.  Merging everything now drops them,
	 * and secure_delete zeroes the freed pages, so an erased card leaves
	 * no text in the file.  Purging is rare; the merge is worth it. */
	/* Tags nothing uses any more and that carry no default rhythm go too:
	 * a tag only the erased card had is its text as much as its name. */
	if (s == RDX_OK)
		s = db_exec(db,
			    "DELETE FROM tag WHERE cadence IS NULL AND NOT EXISTS "
			    "(SELECT 1 FROM card_tag ct WHERE ct.tag = tag.name); "
			    "INSERT INTO card_fts(card_fts) VALUES ('optimize');",
			    cause);
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db, cause);
}

enum rdx_status card_snooze(struct db *db, int64_t id, const char *until, const char *now, char **cause)
{
	rdx_cause_clear(cause);
	int day;
	if (until != NULL && *until != '\0' && !date_parse(until, &day))
		return rdx_fail(cause, RDX_INVALID, "not a date: %s", until);
	return card_change(db, id,
			   "UPDATE card SET snooze_until = nullif(:text, ''), updated_at = :now, "
			   "revision = revision + 1 WHERE id = :id",
			   now, until != NULL ? until : "", "snoozing", "snooze of", cause);
}

enum rdx_status card_set_cadence(struct db *db, int64_t id, const struct cadence *cadence, const char *now,
				 char **cause)
{
	rdx_cause_clear(cause);
	char text[16] = "";
	if (cadence != NULL)
		cadence_format(cadence, text, sizeof text);
	return card_change(db, id,
			   cadence != NULL ? "UPDATE card SET cadence = :text, updated_at = :now, revision = revision + 1 "
					     "WHERE id = :id"
					   : "UPDATE card SET cadence = NULL, updated_at = :now, revision = revision + 1 "
					     "WHERE id = :id",
			   now, text, "setting the rhythm", "rhythm change for", cause);
}

/* ---- resolving a CARD argument ------------------------------------------- */

static bool all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

enum rdx_status card_resolve(struct db *db, const char *ref, bool include_trash, int64_t *id, char **cause)
{
	rdx_cause_clear(cause);
	const char *digits = ref[0] == '#' ? ref + 1 : ref;
	struct stmt st;
	enum rdx_status s;
	int rc;
	if (all_digits(digits) && strlen(digits) < 18) {
		int64_t want = strtoll(digits, NULL, 10);
		if ((s = stmt_prepare(db, &st, "SELECT trashed_at IS NOT NULL FROM card WHERE id = :id", cause)) != RDX_OK)
			return s;
		stmt_bind_int(&st, ":id", want);
		rc = stmt_step(&st);
		bool found = rc == SQLITE_ROW && (include_trash || stmt_int(&st, 0) == 0);
		bool trashed = rc == SQLITE_ROW && stmt_int(&st, 0) != 0;
		stmt_done(&st);
		/* A read error (a damaged file) is not "no such card". */
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_error(db, rc, "finding the card", cause);
		if (found) {
			*id = want;
			return RDX_OK;
		}
		if (trashed)
			return rdx_fail(cause, RDX_NOT_FOUND, "card %lld is in the trash (restore it first)",
					(long long)want);
		/* A name may contain digits too; fall through. */
	}
	int64_t by_uid = 0;
	if (card_find_uid(db, ref, &by_uid, NULL) == RDX_OK) {
		/* A UID names one card, but a trashed one only when asked. */
		if ((s = stmt_prepare(db, &st, "SELECT trashed_at IS NOT NULL FROM card WHERE id = :id", cause)) != RDX_OK)
			return s;
		stmt_bind_int(&st, ":id", by_uid);
		bool trashed = stmt_step(&st) == SQLITE_ROW && stmt_int(&st, 0) != 0;
		stmt_done(&st);
		if (trashed && !include_trash)
			return rdx_fail(cause, RDX_NOT_FOUND, "card %lld is in the trash (restore it first)",
					(long long)by_uid);
		*id = by_uid;
		return RDX_OK;
	}
	char *folded = text_fold(ref);
	if (*folded == '\0') {
		free(folded);
		return rdx_fail(cause, RDX_INVALID, "no card given");
	}
	/* Exact folded name first, then a part of the name. */
	const char *sql = include_trash
				  ? "SELECT id, name, rdx_fold(name) = :ref AS exact FROM card "
				    "WHERE instr(rdx_fold(name || ' ' || nickname), :ref) > 0 ORDER BY exact DESC, sort_key, id LIMIT 11"
				  : "SELECT id, name, rdx_fold(name) = :ref AS exact FROM card WHERE trashed_at IS NULL "
				    "AND instr(rdx_fold(name || ' ' || nickname), :ref) > 0 ORDER BY exact DESC, sort_key, id LIMIT 11";
	if ((s = stmt_prepare(db, &st, sql, cause)) != RDX_OK) {
		free(folded);
		return s;
	}
	stmt_bind_text(&st, ":ref", folded);
	int64_t ids[11];
	char *names[11];
	int exact[11];
	size_t n = 0;
	while (n < 11 && (rc = stmt_step(&st)) == SQLITE_ROW) {
		ids[n] = stmt_int(&st, 0);
		names[n] = stmt_text_dup(&st, 1);
		exact[n] = (int)stmt_int(&st, 2);
		n++;
	}
	stmt_done(&st);
	free(folded);
	if (n < 11 && rc != SQLITE_DONE) {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		return db_error(db, rc, "finding the card", cause);
	}
	if (n == 0) {
		s = rdx_fail(cause, RDX_NOT_FOUND, "no card matches \"%s\"", ref);
	} else if (n == 1 || (exact[0] && !exact[1])) {
		*id = ids[0];
		s = RDX_OK;
	} else {
		char *list = xstrdup("");
		for (size_t i = 0; i < n && i < 10; i++) {
			char *safe = text_sanitize(names[i], false);
			char *next = xasprintf("%s\n  %6lld  %s", list, (long long)ids[i], safe);
			free(safe);
			free(list);
			list = next;
		}
		s = rdx_fail(cause, RDX_AMBIGUOUS, "\"%s\" matches more than one card%s:%s", ref,
			     n > 10 ? " (first 10 shown)" : "", list);
		free(list);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return s;
}

/* ---- derived status ------------------------------------------------------ */

void card_status_derive(const char *cadence, const char *last_date, const char *snooze_until, int today,
			struct card_status *out)
{
	memset(out, 0, sizeof *out);
	out->contacted = last_date != NULL && date_parse(last_date, &out->last_date);
	if (!out->contacted)
		out->last_date = 0;
	out->has_cadence = cadence != NULL && *cadence != '\0' && cadence_parse(cadence, &out->cadence) &&
			   out->cadence.n > 0;
	if (!out->has_cadence)
		out->cadence = (struct cadence){ 0, 0 };
	int snooze;
	if (snooze_until != NULL && date_parse(snooze_until, &snooze) && snooze > today) {
		out->snoozed = true;
		out->snooze_until = snooze;
	}
	if (!out->has_cadence)
		return;
	if (!out->contacted) {
		out->due = !out->snoozed;
		return;
	}
	out->next_due = cadence_next_due(&out->cadence, out->last_date);
	out->due = !out->snoozed && out->next_due <= today;
	if (out->due)
		out->overdue_days = today - out->next_due;
}

enum rdx_status card_status_get(struct db *db, int64_t id, int today, struct card_status *out, char **cause)
{
	rdx_cause_clear(cause);
	memset(out, 0, sizeof *out);
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT s.last_date, s.cadence, s.cadence_inherited, s.snooze_until, "
					 "(SELECT channel FROM touch WHERE card_id = s.card_id "
					 " ORDER BY date DESC, at DESC, id DESC LIMIT 1) "
					 "FROM card_state s WHERE s.card_id = :id",
					 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	int rc = stmt_step(&st);
	if (rc != SQLITE_ROW) {
		s = rc == SQLITE_DONE ? rdx_fail(cause, RDX_NOT_FOUND, "no card %lld", (long long)id)
				      : db_error(db, rc, "reading a card", cause);
		stmt_done(&st);
		return s;
	}
	card_status_derive(stmt_text(&st, 1), stmt_is_null(&st, 0) ? NULL : stmt_text(&st, 0),
			   stmt_is_null(&st, 3) ? NULL : stmt_text(&st, 3), today, out);
	snprintf(out->last_channel, sizeof out->last_channel, "%s", stmt_text(&st, 4));
	out->cadence_from_tag = out->has_cadence && stmt_int(&st, 2) != 0;
	stmt_done(&st);
	return RDX_OK;
}

enum rdx_status card_any_cadence(struct db *db, bool *any, char **cause)
{
	rdx_cause_clear(cause);
	*any = false;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT EXISTS (SELECT 1 FROM card_state s JOIN card c ON c.id = s.card_id "
					 "WHERE c.trashed_at IS NULL AND s.cadence IS NOT NULL AND s.cadence <> '')",
					 cause);
	if (s != RDX_OK)
		return s;
	int rc = stmt_step(&st);
	if (rc == SQLITE_ROW)
		*any = stmt_int(&st, 0) != 0;
	stmt_done(&st);
	return rc == SQLITE_ROW ? RDX_OK : db_error(db, rc, "looking for a cadence", cause);
}

/* ---- tags -------------------------------------------------------------------- */

enum rdx_status tag_list(struct db *db, struct tag_info **out, size_t *count, char **cause)
{
	rdx_cause_clear(cause);
	*out = NULL;
	*count = 0;
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st,
					 "SELECT g.name, g.cadence, (SELECT count(*) FROM card_tag ct JOIN card c "
					 "ON c.id = ct.card_id WHERE ct.tag = g.name AND c.trashed_at IS NULL) "
					 "FROM tag g ORDER BY g.name",
					 cause);
	if (s != RDX_OK)
		return s;
	size_t cap = 0;
	int rc;
	while ((rc = stmt_step(&st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *count + 1, sizeof **out);
		struct tag_info *t = &(*out)[(*count)++];
		t->name = stmt_text_dup(&st, 0);
		t->cards = stmt_int(&st, 2);
		const char *c = stmt_text(&st, 1);
		t->has_cadence = *c != '\0' && cadence_parse(c, &t->cadence) && t->cadence.n > 0;
		if (!t->has_cadence)
			t->cadence = (struct cadence){ 0, 0 };
	}
	stmt_done(&st);
	if (rc != SQLITE_DONE) {
		tag_list_free(*out, *count);
		*out = NULL;
		*count = 0;
		return db_error(db, rc, "listing tags", cause);
	}
	return RDX_OK;
}

/* Runs one statement of a tag rename with :from, :to and :now bound. */
static enum rdx_status tag_rename_step(struct db *db, const char *sql, const char *from, const char *to,
				       const char *now, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, sql, cause);
	if (s != RDX_OK)
		return s;
	if (strstr(sql, ":from") != NULL)
		stmt_bind_text(&st, ":from", from);
	if (strstr(sql, ":to") != NULL)
		stmt_bind_text(&st, ":to", to);
	if (strstr(sql, ":now") != NULL)
		stmt_bind_text(&st, ":now", now);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

enum rdx_status tag_rename(struct db *db, const char *from, const char *to, const char *now, int64_t *cards,
			   char **cause)
{
	rdx_cause_clear(cause);
	*cards = 0;
	char *old_name = tag_normalize(from);
	char *new_name = tag_normalize(to);
	enum rdx_status s = RDX_OK;
	if (*old_name == '\0' || *new_name == '\0') {
		s = rdx_fail(cause, RDX_INVALID, "a tag name cannot be empty");
		goto out;
	}
	if ((s = db_begin(db, cause)) != RDX_OK)
		goto out;
	char *label = xasprintf("renaming the tag %s to %s", old_name, new_name);
	journal_label(db, label, 0, 0);
	free(label);
	struct stmt st;
	bool known = false;
	if ((s = stmt_prepare(db, &st,
			      "SELECT card_id FROM card_tag WHERE tag = :from "
			      "UNION ALL SELECT 0 FROM tag WHERE name = :from",
			      cause)) == RDX_OK) {
		stmt_bind_text(&st, ":from", old_name);
		int rc;
		while ((rc = stmt_step(&st)) == SQLITE_ROW) {
			known = true;
			int64_t id = stmt_int(&st, 0);
			if (id != 0 && strcmp(old_name, new_name) != 0) {
				fts_schedule(db, id, false);
				(*cards)++;
			}
		}
		stmt_done(&st);
		if (rc != SQLITE_DONE)
			s = db_error(db, rc, "renaming a tag", cause);
	}
	if (s == RDX_OK && !known)
		s = rdx_fail(cause, RDX_NOT_FOUND, "no card has the tag '%s'", old_name);
	if (s == RDX_OK && strcmp(old_name, new_name) != 0) {
		static const char *const steps[] = {
			"UPDATE card SET updated_at = :now, revision = revision + 1 "
			"WHERE id IN (SELECT card_id FROM card_tag WHERE tag = :from)",
			/* A card with both keeps the one it had first. */
			"DELETE FROM card_tag WHERE tag = :from AND card_id IN (SELECT card_id FROM card_tag WHERE tag = :to)",
			"UPDATE card_tag SET tag = :to WHERE tag = :from",
			"INSERT INTO tag(name, cadence) SELECT :to, cadence FROM tag WHERE name = :from "
			"ON CONFLICT(name) DO UPDATE SET cadence = coalesce(tag.cadence, excluded.cadence)",
			"DELETE FROM tag WHERE name = :from",
		};
		for (size_t i = 0; s == RDX_OK && i < sizeof steps / sizeof steps[0]; i++)
			s = tag_rename_step(db, steps[i], old_name, new_name, now, cause);
	}
	if (s != RDX_OK) {
		db_rollback(db);
		*cards = 0;
		goto out;
	}
	s = db_commit(db, cause);
	if (s != RDX_OK)
		*cards = 0;
out:
	free(old_name);
	free(new_name);
	return s;
}

void tag_list_free(struct tag_info *tags, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(tags[i].name);
	free(tags);
}

enum rdx_status tag_set_cadence(struct db *db, const char *tag, const struct cadence *cadence, char **cause)
{
	rdx_cause_clear(cause);
	char *norm = tag_normalize(tag);
	if (*norm == '\0') {
		free(norm);
		return rdx_fail(cause, RDX_INVALID, "the tag is empty");
	}
	char text[16] = "";
	if (cadence != NULL)
		cadence_format(cadence, text, sizeof text);
	enum rdx_status s = db_begin(db, cause);
	if (s != RDX_OK) {
		free(norm);
		return s;
	}
	char *label = xasprintf("rhythm change for the tag %s", norm);
	journal_label(db, label, 0, 0);
	free(label);
	struct stmt st;
	if ((s = stmt_prepare(db, &st,
			      "INSERT INTO tag(name, cadence) VALUES (:tag, nullif(:cadence, '')) "
			      "ON CONFLICT(name) DO UPDATE SET cadence = excluded.cadence",
			      cause)) == RDX_OK) {
		stmt_bind_text(&st, ":tag", norm);
		stmt_bind_text(&st, ":cadence", text);
		s = stmt_exec(&st, cause);
		stmt_done(&st);
	}
	free(norm);
	if (s != RDX_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db, cause);
}
