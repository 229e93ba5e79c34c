/*
 * fts.c - the full-text index (FTS5, unicode61 with diacritics removed) and
 * safe query building.
 */
#include "model/fts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

enum rdx_status fts_remove(struct db *db, int64_t id, char **cause)
{
	struct stmt st;
	enum rdx_status s = stmt_prepare(db, &st, "DELETE FROM card_fts WHERE rowid = :id", cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

enum rdx_status fts_refresh(struct db *db, int64_t id, char **cause)
{
	enum rdx_status s = fts_remove(db, id, cause);
	if (s != RDX_OK)
		return s;
	struct stmt st;
	s = stmt_prepare(db, &st,
			 "INSERT INTO card_fts(rowid, name, org, title, emails, tags, notes) SELECT c.id, "
			 "rdx_segment(c.name || ' ' || c.given || ' ' || c.family || ' ' || c.nickname), "
			 "rdx_segment(c.org), rdx_segment(c.title), "
			 "(SELECT group_concat(value, ' ') FROM card_field WHERE card_id = c.id AND kind = 'email'), "
			 "(SELECT group_concat(tag, ' ') FROM card_tag WHERE card_id = c.id), "
			 "rdx_segment(coalesce((SELECT group_concat(body, ' ') FROM note WHERE card_id = c.id), '') || ' ' "
			 "|| coalesce((SELECT group_concat(note, ' ') FROM touch WHERE card_id = c.id), '') || ' ' "
			 "|| c.how_met) "
			 "FROM card c WHERE c.id = :id",
			 cause);
	if (s != RDX_OK)
		return s;
	stmt_bind_int(&st, ":id", id);
	s = stmt_exec(&st, cause);
	stmt_done(&st);
	return s;
}

static bool has_token_char(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80 || isalnum((unsigned char)*s))
			return true;
	return false;
}

void fts_append_term(char **expr, const char *word, const char *column)
{
	if (!has_token_char(word))
		return;
	char *segmented = text_fts_segment(word);
	/* Quote as an FTS5 string: double every '"'. */
	size_t len = strlen(segmented);
	char *quoted = xmalloc(2 * len + 3);
	char *q = quoted;
	*q++ = '"';
	for (const char *p = segmented; *p != '\0'; p++) {
		if (*p == '"')
			*q++ = '"';
		*q++ = *p;
	}
	*q++ = '"';
	*q = '\0';
	free(segmented);
	char *term = column != NULL ? xasprintf("%s : %s*", column, quoted) : xasprintf("%s*", quoted);
	free(quoted);
	char *joined = *expr == NULL ? xstrdup(term) : xasprintf("%s AND %s", *expr, term);
	free(term);
	free(*expr);
	*expr = joined;
}
