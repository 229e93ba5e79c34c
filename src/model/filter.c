/*
 * filter.c - a struct card_filter compiled to one SQL WHERE clause over
 * `card c` and the values it binds (see filter.h): search words and
 * qualifiers, tags, birthdays, due and the trash.  browse.c and listing.c
 * share it, so a filter selects the same cards everywhere.
 */
#include "model/filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/fts.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

void compiled_filter_done(struct compiled_filter *cf)
{
	free(cf->where);
	free(cf->match);
	for (size_t i = 0; i < cf->ntags; i++)
		free(cf->tags[i]);
	for (size_t i = 0; i < cf->nwords; i++) {
		free(cf->words[i]);
		free(cf->word_columns[i]);
	}
}

static void add_tag(struct compiled_filter *cf, const char *tag)
{
	if (cf->ntags >= FILTER_MAX_TAGS || *tag == '\0')
		return;
	char *folded = text_fold(tag);
	for (char *p = folded; *p != '\0'; p++)
		if (*p == ' ')
			*p = '-';
	cf->tags[cf->ntags++] = folded;
}

static bool word_is_yes(const char *v)
{
	return *v == '\0' || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	       strcmp(v, "now") == 0;
}

/*
 * At most this many different search words count; repeats count once.
 * Each word is a prefix query over the whole index, run for the page, the
 * count and every tab probe, so a pasted paragraph would otherwise stall
 * every keystroke; no one looks a person up by 33 different words
 * (FILTER_MAX_TERMS, filter.h).
 */
struct query_terms {
	char *term[FILTER_MAX_TERMS];
	char *word[FILTER_MAX_TERMS];   /* as typed, for fts_match.h */
	char *column[FILTER_MAX_TERMS]; /* "org" or NULL */
	size_t n;
};

static void add_term(struct query_terms *qt, const char *word, const char *column)
{
	char *term = NULL;
	fts_append_term(&term, word, column);
	if (term == NULL)
		return;
	for (size_t i = 0; i < qt->n; i++) {
		if (strcmp(qt->term[i], term) == 0) {
			free(term);
			return;
		}
	}
	if (qt->n < FILTER_MAX_TERMS) {
		qt->term[qt->n] = term;
		qt->word[qt->n] = xstrdup(word);
		qt->column[qt->n] = column != NULL ? xstrdup(column) : NULL;
		qt->n++;
	} else {
		free(term);
	}
}

/* Splits the query into words (double quotes group words into one) and
 * sorts out the qualifiers. */
static void compile_query(struct compiled_filter *cf, const char *query, bool *trash)
{
	struct query_terms qt = { .n = 0 };
	char *copy = xstrdup(query);
	char *p = copy;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		char *word = p;
		if (*p == '"') {
			word = ++p;
			while (*p != '\0' && *p != '"')
				p++;
		} else {
			while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
				p++;
		}
		if (*p != '\0')
			*p++ = '\0';
		char *colon = strchr(word, ':');
		if (colon != NULL) {
			size_t klen = (size_t)(colon - word);
			const char *value = colon + 1;
			if (klen == 3 && strncmp(word, "tag", 3) == 0) {
				add_tag(cf, value);
				continue;
			}
			if (klen == 3 && strncmp(word, "org", 3) == 0) {
				add_term(&qt, value, "org");
				continue;
			}
			if (klen == 3 && strncmp(word, "due", 3) == 0) {
				cf->due = cf->due || word_is_yes(value);
				continue;
			}
			if (klen == 2 && strncmp(word, "is", 2) == 0 && strcmp(value, "trash") == 0) {
				*trash = true;
				continue;
			}
			if (klen == 2 && strncmp(word, "is", 2) == 0 && strcmp(value, "due") == 0) {
				cf->due = true;
				continue;
			}
			/* "is:tr" on the way to "is:trash" narrows nothing yet; as
			 * words it would be the phrase "is tr*", which no one
			 * means and which reads the positions of every "tr" term. */
			size_t vlen = strlen(value);
			if (klen == 2 && strncmp(word, "is", 2) == 0 &&
			    (strncmp(value, "trash", vlen) == 0 || strncmp(value, "due", vlen) == 0))
				continue;
		}
		add_term(&qt, word, NULL);
	}
	free(copy);
	for (size_t i = 0; i < qt.n; i++) {
		char *joined = cf->match == NULL ? xstrdup(qt.term[i]) : xasprintf("%s AND %s", cf->match, qt.term[i]);
		free(cf->match);
		cf->match = joined;
		free(qt.term[i]);
		cf->words[i] = qt.word[i];
		cf->word_columns[i] = qt.column[i];
	}
	cf->nwords = qt.n;
}

/* The default test for the search words: FTS5 straight away. */
static const char fts_match_sql[] = "c.id IN (SELECT rowid FROM card_fts WHERE card_fts MATCH :match)";

/*
 * Whether few cards carry the tag (or none).  A filter for a common tag
 * walks the sort order testing each card, and soon has a page; for a rare
 * one that walk would read every card to find a handful (a tag being
 * typed, "tag:m", has none at all), so its cards are read from the tag's
 * index and sorted instead.
 */
#define TAG_RARE_CARDS 1024

static bool tag_is_rare(struct db *db, const char *tag)
{
	if (db == NULL)
		return false;
	struct stmt st;
	char *cause = NULL;
	if (stmt_prepare(db, &st, "SELECT count(*) FROM (SELECT 1 FROM card_tag WHERE tag = :tag LIMIT :cap)",
			 &cause) != RDX_OK) {
		rdx_cause_drop(&cause);
		return false;
	}
	stmt_bind_text(&st, ":tag", tag);
	stmt_bind_int(&st, ":cap", TAG_RARE_CARDS);
	bool rare = stmt_step(&st) == SQLITE_ROW && stmt_int(&st, 0) < TAG_RARE_CARDS;
	stmt_done(&st);
	return rare;
}

void compile_filter_matching(struct db *db, const struct card_filter *filter, struct compiled_filter *cf,
				const char *match_sql)
{
	memset(cf, 0, sizeof *cf);
	bool trash = false;
	if (filter != NULL) {
		trash = filter->trash;
		cf->due = filter->due_only;
		if (filter->tag != NULL)
			add_tag(cf, filter->tag);
		if (filter->query != NULL)
			compile_query(cf, filter->query, &trash);
		date_format(filter->today, cf->today);
	}
	char *where = xstrdup(trash ? "c.trashed_at IS NOT NULL" : "c.trashed_at IS NULL");
	char *next;
	if (cf->match != NULL) {
		next = xasprintf("%s AND %s", where, match_sql);
		free(where);
		where = next;
	}
	for (size_t i = 0; i < cf->ntags; i++) {
		cf->tag_rare[i] = tag_is_rare(db, cf->tags[i]);
		if (cf->tag_rare[i])
			next = xasprintf("%s AND c.id IN (SELECT card_id FROM card_tag WHERE tag = :tag%u)", where,
					 (unsigned)i);
		else
			next = xasprintf("%s AND EXISTS (SELECT 1 FROM card_tag t WHERE t.card_id = c.id AND t.tag = :tag%u)",
					 where, (unsigned)i);
		free(where);
		where = next;
	}
	if (filter != NULL && filter->has_birthday) {
		next = xasprintf("%s AND c.bday_month IS NOT NULL", where);
		free(where);
		where = next;
	}
	if (cf->due) {
		next = xasprintf("%s AND EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id AND "
				 "rdx_is_due(s.cadence, s.last_date, s.snooze_until, :today))",
				 where);
		free(where);
		where = next;
	}
	cf->where = where;
}

void compile_filter(struct db *db, const struct card_filter *filter, struct compiled_filter *cf)
{
	compile_filter_matching(db, filter, cf, fts_match_sql);
}

void bind_filter(struct stmt *st, const struct compiled_filter *cf)
{
	if (cf->match != NULL)
		stmt_bind_text(st, ":match", cf->match);
	for (size_t i = 0; i < cf->ntags; i++) {
		char name[32];
		snprintf(name, sizeof name, ":tag%u", (unsigned)i);
		stmt_bind_text(st, name, cf->tags[i]);
	}
	if (cf->due)
		stmt_bind_text(st, ":today", cf->today);
}
