/*
 * scan.h - `rolodex scan`: touches found in the user's mail (Maildir, a
 * folder of Maildirs, mbox, one message or an mbox on stdin, a list of
 * message files), calendars (an iCalendar file, a vdir calendar) and
 * LinkedIn's messages.csv.
 *
 * Mail the user sent to a card's address becomes an `email` touch on the
 * Date header's day (with `received`, mail from a card's address to the
 * user too); a past event with a card's address among its organizer and
 * attendees a `meeting` (`coffee`, `lunch` or `call` when its summary says
 * so); a LinkedIn message to or from a card a `message`.  Only headers are
 * read.  The rules of what is recorded are scan_store.h's.
 */
#ifndef ROLODEX_SCAN_H
#define ROLODEX_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rolodex/card.h"
#include "rolodex/note.h"
#include "rolodex/status.h"

struct db;

struct scan_options {
	const char *const *paths; /* files and folders; "-" is stdin */
	size_t npaths;
	const char *files_from;   /* NULL, or a file (or "-") naming message files one a line */
	const char *const *me;    /* the user's own addresses */
	size_t nme;
	bool received;            /* mail from a card to the user counts too */
	bool recursive;           /* folders of Maildirs (mbsync, offlineimap, Maildir++) */
	bool dry_run;             /* report, change nothing */
	bool unknown;             /* fill report.unknown instead of recording anything */
	int since;                /* day number; messages and events before it are left out; -1: all */
	int today;                /* day number */
	int seconds;              /* seconds into today (local): events starting before it are past */
	const char *now;          /* timestamp recorded with new touches */
	FILE *in;                 /* what "-" reads */
};

/* A touch the scan added (or would add, with dry_run). */
struct scan_added {
	int64_t card_id;
	char *card_name;
	int day;
	enum channel channel;
	enum touch_origin origin;
	char *note;   /* as recorded */
	bool joined;  /* went into a touch the card already had that day */
};

/* A file or message that could not be used, and why. */
struct scan_problem {
	char *where;
	char *what;
};

/* Someone the user wrote to (or met) who has no card. */
struct scan_unknown {
	char *name;    /* the latest display name seen; "" when none */
	char *address;
	size_t count;  /* messages and events */
	int last_day;
};

/* The user's most frequent address as a sender, when none was given. */
struct scan_suggestion {
	char *address;
	size_t count;
};

struct scan_report {
	size_t files;            /* message and calendar files looked at */
	size_t messages;         /* mail messages read (from files or remembered) */
	size_t reparsed;         /* of them, opened and parsed this run */
	size_t events;           /* calendar events read */
	size_t linkedin;         /* LinkedIn messages read */
	size_t touches_added;    /* new touches */
	size_t touches_joined;   /* found touches that went into an existing one */
	size_t cards;            /* cards with a new or joined touch */
	size_t unknown_addresses; /* distinct addresses met that are on no card */
	struct scan_added *added; /* sorted by day, then name */
	size_t nadded;
	struct scan_problem *problems;
	size_t nproblems;
	struct scan_unknown *unknown; /* with options.unknown: most messages first */
	size_t nunknown;
	bool need_me;            /* mail was read but the user's addresses are unknown: nothing done */
	struct scan_suggestion *suggested; /* with need_me: most frequent senders first */
	size_t nsuggested;
};

/*
 * Runs a scan: reads every path, matches what it finds against the cards,
 * and records the touches in one transaction (rolled back with dry_run;
 * nothing is written with unknown or need_me).  Files that cannot be read
 * are problems in the report, not failures.  RDX_USAGE for a path that is
 * none of the kinds above; RDX_IO when the scan module cannot be loaded.
 * Free the report with scan_report_done, whatever the status.
 */
enum rdx_status scan_run(struct db *db, const struct scan_options *options, struct scan_report *report,
			 char **cause);
void scan_report_done(struct scan_report *report);

#endif
