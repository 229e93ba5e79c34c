/*
 * fuzz_import.c - libFuzzer target for the whole import path: any bytes
 * imported twice into an in-memory rolodex, as a user would (format
 * detection, either reader, matching, merging, the database).  Nothing may
 * crash, leak or break an invariant: a good import commits, and importing
 * the same bytes again adds no card.  Slow (a database per input); the
 * parser targets cover the readers fast.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rolodex/db.h"
#include "rolodex/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum rdx_status import_once(struct db *db, const uint8_t *data, size_t size, struct import_report *r)
{
	FILE *fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return RDX_IO;
	struct import_options opt = {.now = "2026-11-22T10:00:00Z", .skip_bad = true};
	char *cause = NULL;
	import_report_init(r);
	enum rdx_status st = import_stream(db, fp, "fuzz", &opt, r, &cause);
	free(cause);
	fclose(fp);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	struct db *db = NULL;
	char *cause = NULL;
	if (db_open(":memory:", 0, &db, &cause) != RDX_OK) {
		free(cause);
		return 0;
	}
	struct import_report first, again;
	if (import_once(db, data, size, &first) == RDX_OK) {
		if (import_once(db, data, size, &again) == RDX_OK && again.imported != 0)
			abort(); /* the same file twice must not add cards */
		import_report_done(&again);
	}
	import_report_done(&first);
	db_close(db);
	return 0;
}
