/*
 * export.h - everything out again: one vCard file (3.0 or 4.0), a vdir (one
 * .vcf per card named by its UID), CSV, or JSON of cards with their notes
 * and touches.  Streams card by card; never holds the rolodex in memory.
 *
 * Files are written to a temporary file in the target folder, synced and
 * renamed over the target, so a failed export never truncates an existing
 * file; new files are 0600.
 */
#ifndef ROLODEX_EXPORT_H
#define ROLODEX_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rolodex/status.h"
#include "rolodex/vcard.h"

struct db;

enum export_format { EXPORT_VCARD, EXPORT_CSV, EXPORT_JSON };

bool export_format_parse(const char *s, enum export_format *out);

struct export_options {
	enum export_format format;
	enum vcard_version version; /* for EXPORT_VCARD and vdirs */
	bool force;                 /* export_file: replace an existing file */
	int today;                  /* EXPORT_JSON: the day `due` and `next_due` are for */
};

/* Writes every live card to fp.  *count (may be NULL) gets the number of
 * cards written. */
enum rdx_status export_stream(struct db *db, FILE *fp, const struct export_options *opt, size_t *count,
			      char **cause);

/* Writes to path through a temporary file and rename.  An existing path
 * is refused (RDX_INVALID) unless opt->force. */
enum rdx_status export_file(struct db *db, const char *path, const struct export_options *opt, size_t *count,
			    char **cause);

/* Writes one <UID>.vcf per card into dir (created 0700 when missing). */
enum rdx_status export_vdir(struct db *db, const char *dir, enum vcard_version version, size_t *count,
			    char **cause);

/* One card as a vCard with its notes and touches (for `show --format
 * vcard` and sync). */
enum rdx_status export_card_vcard(struct db *db, int64_t id, FILE *fp, enum vcard_version version, char **cause);

/* The file name a card gets in a vdir: its UID with characters outside
 * [A-Za-z0-9._@-] replaced by '_', plus ".vcf".  Caller frees. */
char *export_vdir_name(const char *uid);
/* The same for any collection (".ics" for calendars): uid made safe as a
 * file name, plus suffix.  Caller frees. */
char *export_safe_file_name(const char *uid, const char *suffix);

/* Writes buf to path atomically (temporary file in the same folder,
 * rename), mode 0600.  Refuses to replace an existing file unless replace.
 * durable: fsync before the rename (one file); vdirs write thousands of
 * files and sync their folder once at the end instead (export_sync_dir). */
enum rdx_status export_write_atomic(const char *path, const char *buf, size_t len, bool replace, bool durable,
				    char **cause);
/* fsyncs a folder, so the names of the files renamed into it survive a
 * crash (after many export_write_atomic(durable = false), or one rename).
 * RDX_IO when the folder cannot be opened or synced. */
enum rdx_status export_sync_dir(const char *dir, char **cause);

/*
 * Removes the temporary file an export is writing at this moment, if any.
 * Async-signal-safe: for a handler of SIGINT or SIGTERM, so that a killed
 * export leaves neither a partial file nor its temporary behind.
 */
void export_discard_temp(void);

#endif
