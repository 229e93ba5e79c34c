/*
 * unit_helpers.c - the unit tests' shared checks (unit_helpers.h).
 */
#include "unit_helpers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "rolodex/db.h"

void expect(enum rdx_status want, enum rdx_status got, char **cause, const char *what)
{
	if (got != want) {
		print_error("%s: got \"%s\" (%s), wanted \"%s\"\n", what, rdx_status_message(got),
			    *cause != NULL ? *cause : "no detail", rdx_status_message(want));
		free(*cause);
		*cause = NULL;
		fail();
	}
	free(*cause);
	*cause = NULL;
}

void expect_ok(enum rdx_status got, char **cause, const char *what)
{
	expect(RDX_OK, got, cause, what);
}

struct db *open_memory(void)
{
	struct db *db = NULL;
	char *cause = NULL;
	expect_ok(db_open(":memory:", 0, &db, &cause), &cause, "db_open(:memory:)");
	assert_non_null(db);
	return db;
}
