/*
 * sync.h - two-way sync between the rolodex and a vdir (a folder of .vcf
 * files, one card each, as vdirsyncer and khard keep them).
 *
 * What was in sync last time is remembered per vdir in the meta table
 * (key "sync:<absolute folder path>"): for each card its UID, file name,
 * the file's etag (size and content hash) and a signature of the card as
 * rolodex writes it (so a new note or touch counts as a change).  A card
 * changed on one side since then is carried to the other; deleted on one
 * side and unchanged on the other, it is deleted there (trashed locally).
 * Changed on both sides, the local version wins the file and the remote
 * version is imported as a second card tagged `sync-conflict` - both stay
 * visible, nothing is lost silently.  Notes and touches travel inside the
 * cards (see vcard.h); they are unioned, never deleted by a sync.
 */
#ifndef ROLODEX_SYNC_H
#define ROLODEX_SYNC_H

#include <stddef.h>

#include "rolodex/status.h"

struct db;

struct sync_report {
	size_t pulled;         /* new cards from the vdir */
	size_t updated_local;  /* cards changed from the vdir */
	size_t pushed;         /* files written for new or changed cards */
	size_t trashed_local;  /* cards trashed because their file went away */
	size_t deleted_remote; /* files removed because their card went away */
	size_t conflicts;
	size_t unchanged;
	char **messages;       /* owned: conflicts and unreadable files */
	size_t nmessages;
};

void sync_report_init(struct sync_report *r);
void sync_report_done(struct sync_report *r);

/* Syncs with dir (created 0700 when missing) in one transaction. */
enum rdx_status sync_vdir(struct db *db, const char *dir, const char *now, struct sync_report *report, char **cause);

#endif
