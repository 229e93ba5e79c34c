/*
 * fuzz_query.c - libFuzzer target for the search-query builder: whatever a
 * user types into the search box (card_filter.query) must never give an
 * SQL or FTS5 syntax error, a crash or undefined behaviour.  The text runs
 * through counting, paging, positions and tab probes on a small in-memory
 * rolodex; any status other than RDX_OK (or RDX_NOT_FOUND for a position)
 * aborts, so libFuzzer reports the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/card.h"
#include "rolodex/browse.h"
#include "rolodex/db.h"
#include "rolodex/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *fuzz_db;
static int64_t fuzz_first_id;

static void add(const char *name, const char *org, const char *tag)
{
	struct card card;
	char *cause = NULL;
	card_init(&card);
	card_set(&card.name, name);
	card_set(&card.org, org);
	card_add_tag(&card, tag);
	card_add_field(&card, FIELD_EMAIL, "someone@example.org", "work");
	if (card_insert(fuzz_db, &card, "2026-11-22T10:00:00Z", &cause) != RDX_OK) {
		fprintf(stderr, "fuzz_query: %s\n", cause);
		abort();
	}
	if (fuzz_first_id == 0)
		fuzz_first_id = card.id;
	card_done(&card);
}

static void setup(void)
{
	char *cause = NULL;
	if (db_open(":memory:", 0, &fuzz_db, &cause) != RDX_OK) {
		fprintf(stderr, "fuzz_query: %s\n", cause);
		abort();
	}
	add("Ada Lovelace", "Analytical Engines", "mentor");
	add("Zhang Wei 张伟", "北京", "client");
	add("Émile Zola", "L'Aurore \"quoted\"", "acme-alumni");
	add("O'Brien NEAR AND OR", "x* ^ - : ( )", "tag:odd");
}

/* Takes the cause by address: C leaves the order of argument evaluation
 * open, so passing `cause` by value beside the call that sets it may pass
 * the old value. */
static void must(enum rdx_status st, char **cause, const char *what)
{
	if (st == RDX_OK || st == RDX_NOT_FOUND) {
		free(*cause);
		*cause = NULL;
		return;
	}
	fprintf(stderr, "fuzz_query: %s failed: %s\n", what, *cause ? *cause : "?");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	if (fuzz_db == NULL)
		setup();
	/* The search box holds text without NUL bytes, as a C string. */
	char *query = malloc(size + 1);
	memcpy(query, data, size);
	query[size] = '\0';

	struct card_filter filter = { .query = query, .today = 20779 };
	char *cause = NULL;
	int64_t count = -1;
	must(card_count(fuzz_db, &filter, &count, &cause), &cause, "count");
	cause = NULL;
	if (count < 0 || count > 4)
		abort();

	struct card_row *rows = NULL;
	size_t n = 0;
	must(card_page(fuzz_db, &filter, NULL, true, 10, &rows, &n, &cause), &cause, "page");
	cause = NULL;
	if ((int64_t)n != count)
		abort();
	card_rows_free(rows, n);

	rows = NULL;
	n = 0;
	must(card_page(fuzz_db, &filter, NULL, false, 2, &rows, &n, &cause), &cause, "page back");
	cause = NULL;
	card_rows_free(rows, n);

	int64_t pos;
	must(card_position(fuzz_db, &filter, fuzz_first_id, &pos, &cause), &cause, "position");
	cause = NULL;
	bool present[27];
	must(card_tabs_present(fuzz_db, &filter, present, &cause), &cause, "tabs");
	cause = NULL;
	int64_t first;
	must(card_first_in_tab(fuzz_db, &filter, 'M', &first, &cause), &cause, "first in tab");
	cause = NULL;

	free(query);
	return 0;
}
