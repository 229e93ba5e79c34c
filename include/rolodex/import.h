/*
 * import.h - bringing contact files into the rolodex: vCard files, vdirs
 * (folders of .vcf files) and CSV exports, detected from their content.
 *
 * An import is one transaction: all-or-nothing unless skip_bad, in which
 * case bad cards are skipped and listed; a failure to read or write (a full
 * disk, an I/O error, the database) ends it at once, changing nothing,
 * whatever skip_bad says.  A dry run does the whole import and rolls it
 * back, so its report says exactly what would happen.  Files in UTF-16
 * (either byte order, with or without a byte-order mark), UTF-8 and
 * Windows-1252 are read.
 *
 * Cards that match an existing one (by UID, then e-mail, then LinkedIn
 * profile URL, then folded name plus phone, and for entries with none of
 * these a fingerprint the card remembers from an earlier import) are
 * merged: missing fields filled, emails, phones, tags, notes and touches
 * unioned; the file's organization and title replace the card's (a newer
 * export: people change jobs); any other differing value already on the
 * card is kept and the difference reported.  So the same file imported
 * twice changes nothing.  Nothing here prints: the caller gets a struct
 * import_report.
 */
#ifndef ROLODEX_IMPORT_H
#define ROLODEX_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rolodex/status.h"
#include "rolodex/vcard.h"

struct db;

enum import_format { IMPORT_AUTO, IMPORT_VCARD, IMPORT_CSV };

/* "vcard"/"csv"/"auto" -> format; false when unknown. */
bool import_format_parse(const char *s, enum import_format *out);

struct import_options {
	enum import_format format;
	const char *tag;   /* tag every imported card, or NULL */
	bool dry_run;
	bool skip_bad;
	const char *now;   /* timestamp of the import (note times when the file has none) */
	/* Called now and then with bytes read in the current file, its size
	 * (0 when unknown) and cards read so far; may be NULL. */
	void (*progress)(void *ctx, uint64_t done, uint64_t total, size_t cards);
	void *progress_ctx;
};

enum import_outcome {
	IMPORT_ADDED,
	IMPORT_MERGED,
	IMPORT_UNCHANGED, /* matched a card that already had everything */
	IMPORT_SKIPPED,   /* bad card, left out (skip_bad) or the reason the import failed */
	IMPORT_WARNING,   /* something repaired or left out of a card that came in */
};

struct import_item {
	enum import_outcome outcome;
	char *file;   /* owned */
	int line;     /* 0 when not known */
	int64_t card_id; /* 0 when none */
	char *name;   /* card name, owned, "" when none */
	char *reason; /* owned: "matched by email ada@example.org", a warning, an error */
};

struct import_report {
	size_t files;
	size_t read;      /* cards (rows) read, good or bad */
	size_t imported;  /* new cards */
	size_t merged;    /* into existing cards, with changes */
	size_t unchanged;
	size_t skipped;
	struct import_item *items;
	size_t nitems;
	size_t items_cap;     /* allocated room in items */
	size_t dropped_items; /* items not kept once the list got long */
	bool dry_run;
};

void import_report_init(struct import_report *r);
void import_report_done(struct import_report *r);

/*
 * Imports every path (a file, a vdir folder, or "-" for stdin) in one
 * transaction.  On RDX_OK everything was committed (or, dry_run, rolled
 * back); on failure nothing changed and *cause says why (file and line).
 * *report is filled in both cases (import_report_init'ed by the caller).
 */
enum rdx_status import_paths(struct db *db, const char *const *paths, size_t npaths,
			     const struct import_options *opt, struct import_report *report, char **cause);

/* The same for one open stream (tests use fmemopen; the TUI's demo cards).
 * name is used in messages. */
enum rdx_status import_stream(struct db *db, FILE *fp, const char *name, const struct import_options *opt,
			      struct import_report *report, char **cause);

/*
 * Merges `from` into card `into_id` as an import would (union of fields,
 * tags, extras; missing values filled; notes and touches added when new).
 * With `newer` (an import: the file is a newer export of the same people)
 * the file's organization and title replace the card's, as people change
 * jobs; without it (sync) the card's are kept.  *changed tells whether
 * anything was written; values kept or replaced are described in
 * *conflicts (caller frees; NULL when none).  kept_name, when not NULL,
 * gets the card's name after the merge (caller frees).  Used by import
 * and sync.  Runs inside the caller's transaction.
 */
enum rdx_status import_merge_entry(struct db *db, int64_t into_id, const struct vcard_entry *from, bool newer,
				   const char *now, bool *changed, char **conflicts, char **kept_name, char **cause);

/* Adds the entry as a new card with its notes and touches; *id set. */
enum rdx_status import_insert_entry(struct db *db, struct vcard_entry *e, const char *now, int64_t *id,
				    char **cause);

#endif
