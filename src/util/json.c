/*
 * json.c - the JSON writer behind every --format json (see json.h).
 */
#include "rolodex/json.h"

#include <inttypes.h>
#include <string.h>

#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* BiDi controls and zero-width format characters: escaped (lossless in
 * JSON) so that JSON on a terminal cannot reorder or hide text. */
static bool json_invisible(uint32_t cp)
{
	return cp == 0x00AD || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

void json_put_string(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("null", f);
		return;
	}
	size_t len = strlen(s);
	fputc('"', f);
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			switch (c) {
			case '"':
				fputs("\\\"", f);
				break;
			case '\\':
				fputs("\\\\", f);
				break;
			case '\n':
				fputs("\\n", f);
				break;
			case '\r':
				fputs("\\r", f);
				break;
			case '\t':
				fputs("\\t", f);
				break;
			case '\b':
				fputs("\\b", f);
				break;
			case '\f':
				fputs("\\f", f);
				break;
			default:
				if (c < 0x20 || c == 0x7f)
					fprintf(f, "\\u%04x", c);
				else
					fputc(c, f);
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && n == 1) {
			fputs("\\ufffd", f); /* an invalid byte */
		} else if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x80 && cp <= 0x9f) || json_invisible(cp)) {
			fprintf(f, "\\u%04x", (unsigned)cp);
		} else {
			fwrite(s + i, 1, n, f);
		}
		i += n;
	}
	fputc('"', f);
}

void json_init(struct json *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

void json_done(struct json *j)
{
	fputc('\n', j->f);
}

static void json_indent(struct json *j)
{
	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Separator and indentation before a value or a key. */
static void json_before_item(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->has_items[j->depth])
		fputc(',', j->f);
	j->has_items[j->depth] = true;
	json_indent(j);
}

static void json_open(struct json *j, char c)
{
	json_before_item(j);
	fputc(c, j->f);
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		fatal("JSON nested too deeply");
	j->depth++;
	j->has_items[j->depth] = false;
}

static void json_close(struct json *j, char c)
{
	bool had = j->has_items[j->depth];
	j->depth--;
	if (had)
		json_indent(j);
	fputc(c, j->f);
}

void json_object_begin(struct json *j)
{
	json_open(j, '{');
}

void json_object_end(struct json *j)
{
	json_close(j, '}');
}

void json_array_begin(struct json *j)
{
	json_open(j, '[');
}

void json_array_end(struct json *j)
{
	json_close(j, ']');
}

void json_key(struct json *j, const char *key)
{
	json_before_item(j);
	json_put_string(j->f, key);
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	json_before_item(j);
	json_put_string(j->f, s);
}

void json_string_or_null(struct json *j, const char *s)
{
	json_string(j, s != NULL && *s != '\0' ? s : NULL);
}

void json_int(struct json *j, int64_t value)
{
	json_before_item(j);
	fprintf(j->f, "%" PRId64, value);
}

void json_bool(struct json *j, bool value)
{
	json_before_item(j);
	fputs(value ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	json_before_item(j);
	fputs("null", j->f);
}
