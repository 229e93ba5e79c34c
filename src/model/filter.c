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
#include "rolodex/card.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

void compiled_filter_done(struct compiled_filter *cf)
{
	free(cf->where);
	free(cf->match);
	for (size_t i = 0; i < cf->ntags; i++) {
		free(cf->tags[i]);
		free(cf->tag_end[i]);
	}
	for (size_t i = 0; i < cf->nwords; i++) {
		free(cf->words[i]);
		free(cf->word_columns[i]);
	}
}

static void add_tag(struct compiled_filter *cf, const char *tag, bool prefix)
{
	if (cf->ntags >= FILTER_MAX_TAGS || *tag == '\0')
		return;
	char *folded = text_fold(tag);
	for (char *p = folded; *p != '\0'; p++)
		if (*p == ' ')
			*p = '-';
	/* No byte of UTF-8 is 0xff: every tag starting with `folded` sorts
	 * before folded + "\xff". */
	cf->tag_end[cf->ntags] = prefix ? xasprintf("%s\xff", folded) : NULL;
	cf->tags[cf->ntags++] = folded;
}

static bool word_in(const char *v, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(v, *words) == 0)
			return true;
	return false;
}

static const char *const yes_words[] = { "yes", "true", "1", "now", NULL };
static const char *const no_words[] = { "no", "false", "0", NULL };

/* due:yes or due:no; anything else narrows nothing and says why. */
static void compile_due(struct compiled_filter *cf, const char *value)
{
	if (word_in(value, yes_words))
		cf->due = true;
	else if (word_in(value, no_words))
		cf->not_due = true;
	else
		cf->problem = "due: yes or no";
}

static const char last_problem[] = "last: >6m, <2w, never or a year (2026)";

/*
 * last:>6m (last contact longer ago than that, or never), last:<2w (within
 * that), last:never, last:2026 (a contact that year).  The conditions are
 * on the card_state view's last_date, the one rule of "last contact".
 */
static void compile_last(struct compiled_filter *cf, const char *value, int today, char **where)
{
	if (cf->nlast + 2 > FILTER_MAX_LAST) {
		cf->problem = "at most two last: qualifiers";
		return;
	}
	char *cond = NULL;
	if (strcmp(value, "never") == 0) {
		cond = xstrdup("s.last_date IS NULL");
	} else if (value[0] == '>' || value[0] == '<') {
		struct cadence span;
		if (!cadence_parse(value + 1, &span) || span.n <= 0 || value[1] < '0' || value[1] > '9') {
			cf->problem = last_problem;
			return;
		}
		int cutoff = span.unit == 'd'   ? today - span.n
			     : span.unit == 'w' ? today - 7 * span.n
			     : span.unit == 'm' ? date_add_months(today, -span.n)
						: date_add_months(today, -12 * span.n);
		size_t k = cf->nlast++;
		date_format(cutoff, cf->last_dates[k]);
		cond = value[0] == '>' ? xasprintf("(s.last_date IS NULL OR s.last_date < :last%zu)", k)
				       : xasprintf("s.last_date >= :last%zu", k);
	} else {
		char *end;
		long year = strtol(value, &end, 10);
		if (*value < '0' || *value > '9' || *end != '\0' || strlen(value) != 4 || year < 1) {
			cf->problem = last_problem;
			return;
		}
		size_t k = cf->nlast;
		cf->nlast += 2;
		date_format(date_from_ymd((int)year, 1, 1), cf->last_dates[k]);
		if (year < 9999)
			date_format(date_from_ymd((int)year + 1, 1, 1), cf->last_dates[k + 1]);
		else
			snprintf(cf->last_dates[k + 1], DATE_TEXT_SIZE, "9999-99-99");
		char *next = xasprintf("%s AND EXISTS (SELECT 1 FROM touch t WHERE t.card_id = c.id AND "
				       "t.date >= :last%zu AND t.date < :last%zu)",
				       *where, k, k + 1);
		free(*where);
		*where = next;
		cf->state = true;
		return;
	}
	char *next = xasprintf("%s AND EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id AND %s)", *where, cond);
	free(cond);
	free(*where);
	*where = next;
	cf->state = true;
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
 * sorts out the qualifiers; last: conditions are appended to *where. */
static void compile_query(struct compiled_filter *cf, const char *query, bool *trash, int today, char **where)
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
				add_tag(cf, value, true);
				continue;
			}
			if (klen == 4 && strncmp(word, "last", 4) == 0) {
				compile_last(cf, value, today, where);
				continue;
			}
			if (klen == 3 && strncmp(word, "org", 3) == 0) {
				add_term(&qt, value, "org");
				continue;
			}
			if (klen == 3 && strncmp(word, "due", 3) == 0) {
				compile_due(cf, value);
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
			    (strncmp(value, "trash", vlen) == 0 || strncmp(value, "due", vlen) == 0)) {
				cf->problem = "is: trash or due";
				continue;
			}
		}
		/* A piece of a phone number is looked up by its digits. */
		char digits[80];
		if (card_phone_search_word(word, digits, sizeof digits))
			add_term(&qt, digits, NULL);
		else
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

static bool tag_is_rare(struct db *db, const char *tag, const char *tag_end)
{
	if (db == NULL)
		return false;
	struct stmt st;
	char *cause = NULL;
	if (stmt_prepare(db, &st,
			 tag_end != NULL
				 ? "SELECT count(*) FROM (SELECT 1 FROM card_tag WHERE tag >= :tag AND tag < :end LIMIT :cap)"
				 : "SELECT count(*) FROM (SELECT 1 FROM card_tag WHERE tag = :tag LIMIT :cap)",
			 &cause) != RDX_OK) {
		rdx_cause_drop(&cause);
		return false;
	}
	stmt_bind_text(&st, ":tag", tag);
	if (tag_end != NULL)
		stmt_bind_text(&st, ":end", tag_end);
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
	/* last: conditions, put after the others. */
	char *last = xstrdup("");
	if (filter != NULL) {
		trash = filter->trash;
		cf->due = filter->due_only;
		if (filter->tag != NULL)
			add_tag(cf, filter->tag, false);
		if (filter->query != NULL)
			compile_query(cf, filter->query, &trash, filter->today, &last);
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
		cf->tag_rare[i] = tag_is_rare(db, cf->tags[i], cf->tag_end[i]);
		char test[64];
		if (cf->tag_end[i] != NULL)
			snprintf(test, sizeof test, "tag >= :tag%u AND tag < :tagend%u", (unsigned)i, (unsigned)i);
		else
			snprintf(test, sizeof test, "tag = :tag%u", (unsigned)i);
		if (cf->tag_rare[i])
			next = xasprintf("%s AND c.id IN (SELECT card_id FROM card_tag WHERE %s)", where, test);
		else
			next = xasprintf("%s AND EXISTS (SELECT 1 FROM card_tag WHERE card_id = c.id AND %s)", where, test);
		free(where);
		where = next;
	}
	if (filter != NULL && filter->has_birthday) {
		next = xasprintf("%s AND c.bday_month IS NOT NULL", where);
		free(where);
		where = next;
	}
	if (cf->due || cf->not_due) {
		next = xasprintf("%s AND %sEXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id AND "
				 "rdx_is_due(s.cadence, s.last_date, s.snooze_until, :today))",
				 where, cf->due ? "" : "NOT ");
		free(where);
		where = next;
		cf->state = true;
	}
	if (cf->due && cf->not_due)
		cf->problem = "due: yes or no, not both";
	next = xasprintf("%s%s", where, last);
	free(where);
	free(last);
	cf->where = next;
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
		if (cf->tag_end[i] != NULL) {
			snprintf(name, sizeof name, ":tagend%u", (unsigned)i);
			stmt_bind_text(st, name, cf->tag_end[i]);
		}
	}
	if (cf->due || cf->not_due)
		stmt_bind_text(st, ":today", cf->today);
	for (size_t i = 0; i < cf->nlast; i++) {
		char name[32];
		snprintf(name, sizeof name, ":last%u", (unsigned)i);
		stmt_bind_text(st, name, cf->last_dates[i]);
	}
}

const char *card_filter_problem(const struct card_filter *filter)
{
	if (filter == NULL || filter->query == NULL)
		return NULL;
	struct compiled_filter cf;
	compile_filter_matching(NULL, filter, &cf, "1");
	const char *problem = cf.problem;
	compiled_filter_done(&cf);
	return problem;
}
