/*
 * json.h - a small streaming JSON writer for every JSON rolodex writes
 * (show/list --format json, review --status --format json, export --format json).
 *
 * json_put_string is the one escaper: every control character is escaped,
 * U+2028/U+2029 too (they end lines in JavaScript), and invalid UTF-8 bytes
 * become U+FFFD, so the output is always valid UTF-8 JSON whatever a card
 * holds.  The writer tracks commas and indentation; callers only say what
 * comes next.
 */
#ifndef ROLODEX_JSON_H
#define ROLODEX_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool has_items[JSON_MAX_DEPTH]; /* an item was written at this depth */
	bool after_key;                 /* the next value follows "key": */
};

/* Writes s as a quoted JSON string (NULL writes null). */
void json_put_string(FILE *f, const char *s);

/* Starts a document on f; pretty indents by two spaces per level. */
void json_init(struct json *j, FILE *f, bool pretty);
/* Ends the document with a newline. */
void json_done(struct json *j);

void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
/* The key of the next value inside an object. */
void json_key(struct json *j, const char *key);
/* Values; json_string(NULL) and json_string_or_null("") write null. */
void json_string(struct json *j, const char *s);
void json_string_or_null(struct json *j, const char *s);
void json_int(struct json *j, int64_t value);
void json_bool(struct json *j, bool value);
void json_null(struct json *j);

#endif
