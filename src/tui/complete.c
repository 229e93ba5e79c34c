/*
 * complete.c - Tab completion of tag names (see complete.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/complete.h"

static const char tag_qualifier[] = "tag:";

void completion_init(struct completion *c, enum completion_scope scope, const char *const *names, size_t count)
{
	memset(c, 0, sizeof *c);
	c->scope = scope;
	c->names = xcalloc(count > 0 ? count : 1, sizeof *c->names);
	for (size_t i = 0; i < count; i++)
		c->names[i] = xstrdup(names[i]);
	c->nnames = count;
}

void completion_done(struct completion *c)
{
	for (size_t i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	free(c->hits);
	memset(c, 0, sizeof *c);
}

void completion_reset(struct completion *c)
{
	c->cycling = false;
}

const char *completion_hit(const struct completion *c, size_t i)
{
	return i < c->nhits ? c->names[c->hits[i]] : NULL;
}

size_t completion_current(const struct completion *c)
{
	return c->next > 0 ? c->next - 1 : c->nhits - 1;
}

/* Where the name being typed starts, or false when the cursor is not in a
 * name that completes: after "tag:" at the start of a word (search), or
 * after leading spaces (the tag prompt). */
static bool name_start(const struct completion *c, const struct line_edit *e, size_t *start)
{
	size_t word = e->cursor;
	while (word > 0 && e->buf[word - 1] != ' ')
		word--;
	if (c->scope == COMPLETE_TAG) {
		size_t first = 0;
		while (first < e->cursor && e->buf[first] == ' ')
			first++;
		/* One tag: a space before the cursor ends it. */
		if (word > first)
			return false;
		*start = first;
		return true;
	}
	size_t qlen = sizeof tag_qualifier - 1;
	if (e->cursor - word < qlen || strncmp(e->buf + word, tag_qualifier, qlen) != 0)
		return false;
	*start = word + qlen;
	return true;
}

/* Bytes the two strings share at their start, cut back to a whole UTF-8
 * character. */
static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] != '\0' && a[n] == b[n])
		n++;
	while (n > 0 && ((unsigned char)a[n] & 0xc0) == 0x80)
		n--;
	return n;
}

static void put_name(struct line_edit *e, size_t start, const char *name)
{
	line_edit_replace(e, start, e->cursor, name);
}

enum completion_result completion_tab(struct completion *c, struct line_edit *e)
{
	if (c->cycling && c->nhits > 1) {
		put_name(e, c->start, c->names[c->hits[c->next]]);
		c->next = (c->next + 1) % c->nhits;
		return COMPLETION_NEXT;
	}
	c->cycling = false;
	size_t start;
	if (!name_start(c, e, &start))
		return COMPLETION_NOT_HERE;

	char *typed = xstrndup(e->buf + start, e->cursor - start);
	char *folded = text_fold(typed);
	size_t flen = strlen(folded);
	free(typed);
	c->nhits = 0;
	c->hits = xrealloc(c->hits, (c->nnames > 0 ? c->nnames : 1) * sizeof *c->hits);
	for (size_t i = 0; i < c->nnames; i++) {
		char *name = text_fold(c->names[i]);
		if (strncmp(name, folded, flen) == 0)
			c->hits[c->nhits++] = i;
		free(name);
	}
	free(folded);
	if (c->nhits == 0)
		return COMPLETION_NO_MATCH;
	if (c->nhits == 1) {
		const char *name = c->names[c->hits[0]];
		/* In the search line a space ends the word, ready for the next;
		 * the tag prompt holds one name. */
		if (c->scope == COMPLETE_SEARCH_TAGS && e->buf[e->cursor] == '\0') {
			char *spaced = xasprintf("%s ", name);
			put_name(e, start, spaced);
			free(spaced);
		} else {
			put_name(e, start, name);
		}
		return COMPLETION_UNIQUE;
	}
	const char *first = c->names[c->hits[0]];
	size_t common = strlen(first);
	for (size_t i = 1; i < c->nhits; i++) {
		size_t n = common_prefix(first, c->names[c->hits[i]]);
		if (n < common)
			common = n;
	}
	/* What is typed may differ in case or accents from the names: it is
	 * replaced by their own spelling, at least as long. */
	if (common >= flen) {
		char *shared = xstrndup(first, common);
		put_name(e, start, shared);
		free(shared);
	}
	c->cycling = true;
	c->start = start;
	c->next = 0;
	return COMPLETION_SEVERAL;
}
