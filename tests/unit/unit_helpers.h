/*
 * unit_helpers.h - what every cmocka unit test over the database needs
 * (unit_helpers.c): checking a status with its cause, and a fresh
 * :memory: database.
 */
#ifndef ROLODEX_TESTS_UNIT_HELPERS_H
#define ROLODEX_TESTS_UNIT_HELPERS_H

#include "rolodex/status.h"

struct db;

/* Fails the test unless got == want, printing what, both statuses and the
 * cause; frees *cause and sets it to NULL either way. */
void expect(enum rdx_status want, enum rdx_status got, char **cause, const char *what);
/* expect(RDX_OK, ...). */
void expect_ok(enum rdx_status got, char **cause, const char *what);
/* A new empty database in memory (db_open(":memory:")); fails the test
 * when it cannot be opened.  The caller closes it. */
struct db *open_memory(void);

#endif
