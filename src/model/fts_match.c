/*
 * fts_match.c - one card's full-text row against the search words, with
 * FTS5's own tokenizer (see fts_match.h for why).
 *
 * fts_append_term turns each word into `"segmented word"*`, optionally
 * behind `org :`, and joins the terms with AND.  FTS5 tokenizes the quoted
 * text with the table's tokenizer; the tokens form a phrase whose last
 * token is a prefix.  A row matches a term when, in one column (org only,
 * for the org: qualifier), the phrase's tokens appear at consecutive
 * positions: all equal but the last, which the row's token starts with.
 */
#include "model/fts_match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/db_internal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* Must stay the tokenizer of card_fts (schema.c). */
static const char *const tokenizer_name = "unicode61";
static const char *tokenizer_args[] = { "remove_diacritics", "2" };

/* The column of `org :` in card_fts (name, org, title, emails, tags, notes). */
#define ORG_COLUMN 1

/* Tokens as offsets into one growing byte buffer. */
struct token_list {
	char *bytes;
	size_t nbytes, capbytes;
	size_t *off, *len;
	size_t n, cap;
};

struct term {
	int column; /* -1: any */
	struct token_list phrase;
};

struct fts_matcher {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
	struct term *terms;
	size_t nterms;
	/* The row being tested: each column tokenized once, when needed. */
	struct token_list col[FTS_MATCH_COLUMNS];
	bool col_ready[FTS_MATCH_COLUMNS];
};

static void token_list_clear(struct token_list *tl)
{
	tl->nbytes = 0;
	tl->n = 0;
}

static void token_list_done(struct token_list *tl)
{
	free(tl->bytes);
	free(tl->off);
	free(tl->len);
	memset(tl, 0, sizeof *tl);
}

static int token_list_add(void *ctx, int tflags, const char *token, int ntoken, int start, int end)
{
	struct token_list *tl = ctx;
	(void)start;
	(void)end;
	/* unicode61 reports no colocated tokens (synonyms); a tokenizer
	 * that did would need positions here. */
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	size_t n = ntoken > 0 ? (size_t)ntoken : 0;
	if (tl->nbytes + n > tl->capbytes) {
		tl->capbytes = (tl->nbytes + n) * 2 + 64;
		tl->bytes = xrealloc(tl->bytes, tl->capbytes);
	}
	if (tl->n == tl->cap) {
		tl->cap = tl->cap * 2 + 16;
		tl->off = xrealloc(tl->off, tl->cap * sizeof *tl->off);
		tl->len = xrealloc(tl->len, tl->cap * sizeof *tl->len);
	}
	memcpy(tl->bytes + tl->nbytes, token, n);
	tl->off[tl->n] = tl->nbytes;
	tl->len[tl->n] = n;
	tl->nbytes += n;
	tl->n++;
	return SQLITE_OK;
}

/* The connection's FTS5 API (the documented `SELECT fts5(?1)` handshake). */
static fts5_api *fts5_api_of(struct db *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

void fts_matcher_free(struct fts_matcher *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nterms; i++)
		token_list_done(&m->terms[i].phrase);
	free(m->terms);
	for (int c = 0; c < FTS_MATCH_COLUMNS; c++)
		token_list_done(&m->col[c]);
	if (m->tok != NULL)
		m->api.xDelete(m->tok);
	free(m);
}

enum rdx_status fts_matcher_new(struct db *db, char *const *words, char *const *columns, size_t n,
				struct fts_matcher **out, char **cause)
{
	*out = NULL;
	fts5_api *api = fts5_api_of(db);
	void *ctx = NULL;
	struct fts_matcher *m = xcalloc(1, sizeof *m);
	if (api == NULL || api->xFindTokenizer(api, tokenizer_name, &ctx, &m->api) != SQLITE_OK ||
	    m->api.xCreate(ctx, tokenizer_args, 2, &m->tok) != SQLITE_OK) {
		m->tok = NULL;
		fts_matcher_free(m);
		return rdx_fail(cause, RDX_DB, "the full-text tokenizer is not available");
	}
	m->terms = xcalloc(n > 0 ? n : 1, sizeof *m->terms);
	for (size_t i = 0; i < n; i++) {
		struct term *t = &m->terms[m->nterms++];
		t->column = columns[i] != NULL && strcmp(columns[i], "org") == 0 ? ORG_COLUMN : -1;
		char *segmented = text_fts_segment(words[i]);
		int rc = m->api.xTokenize(m->tok, &t->phrase, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, segmented,
					  (int)strlen(segmented), token_list_add);
		free(segmented);
		if (rc != SQLITE_OK || t->phrase.n == 0) {
			/* An empty phrase: leave the word's meaning to FTS5. */
			fts_matcher_free(m);
			return RDX_OK;
		}
	}
	*out = m;
	return RDX_OK;
}

static bool token_eq(const struct token_list *a, size_t i, const struct token_list *b, size_t j, bool prefix)
{
	if (prefix ? a->len[i] < b->len[j] : a->len[i] != b->len[j])
		return false;
	return memcmp(a->bytes + a->off[i], b->bytes + b->off[j], b->len[j]) == 0;
}

/* Whether the phrase occurs in the column's tokens, its last token as a
 * prefix. */
static bool phrase_in(const struct token_list *doc, const struct token_list *phrase)
{
	size_t np = phrase->n;
	for (size_t i = 0; i + np <= doc->n; i++) {
		size_t k = 0;
		while (k < np && token_eq(doc, i + k, phrase, k, k + 1 == np))
			k++;
		if (k == np)
			return true;
	}
	return false;
}

static const struct token_list *column_tokens(struct fts_matcher *m, int c, const char *const text[], const size_t len[])
{
	if (!m->col_ready[c]) {
		token_list_clear(&m->col[c]);
		if (text[c] != NULL && len[c] > 0)
			m->api.xTokenize(m->tok, &m->col[c], FTS5_TOKENIZE_DOCUMENT, text[c], (int)len[c],
					 token_list_add);
		m->col_ready[c] = true;
	}
	return &m->col[c];
}

bool fts_matcher_test(struct fts_matcher *m, const char *const text[FTS_MATCH_COLUMNS],
		      const size_t len[FTS_MATCH_COLUMNS])
{
	for (int c = 0; c < FTS_MATCH_COLUMNS; c++)
		m->col_ready[c] = false;
	for (size_t i = 0; i < m->nterms; i++) {
		const struct term *t = &m->terms[i];
		bool found = false;
		for (int c = 0; c < FTS_MATCH_COLUMNS && !found; c++) {
			if (t->column >= 0 && c != t->column)
				continue;
			found = phrase_in(column_tokens(m, c, text, len), &t->phrase);
		}
		if (!found)
			return false;
	}
	return true;
}
