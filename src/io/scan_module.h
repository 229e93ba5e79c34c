/*
 * scan_module.h - the interface between `rolodex scan` (src/io/scan*.c) and
 * its parsing module, rolodex-scan.so, which holds everything that needs
 * GMime (mail headers) and libical (calendars).
 *
 * Why a module: linking GMime and libical into the binary pulls in glib,
 * gobject, gio and some thirty shared libraries that the dynamic loader
 * then maps at every start of every command (see BENCHMARKS.md, "scan").
 * The module is loaded with dlopen only when a scan runs (scan_loader.c).
 *
 * Only plain C crosses this line: strings are malloc'd UTF-8 and freed by
 * the module's own *_done functions; no glib type is visible outside.
 */
#ifndef ROLODEX_IO_SCAN_MODULE_H
#define ROLODEX_IO_SCAN_MODULE_H

#include <stdbool.h>
#include <stddef.h>

/* Bumped whenever a struct or a function below changes. */
#define SCAN_MODULE_VERSION 1
/* The one symbol the module exports: const struct scan_module *. */
#define SCAN_MODULE_SYMBOL "rolodex_scan_module"
#define SCAN_MODULE_FILE "rolodex-scan.so"

/* Who someone is in a message or an event. */
enum scan_role {
	SCAN_ROLE_SENDER = 'f',    /* From, Resent-From; an event's organizer */
	SCAN_ROLE_RECIPIENT = 't', /* To, Cc, Bcc, Resent-To/Cc/Bcc; an attendee */
};

struct scan_person {
	char role;     /* enum scan_role */
	char *name;    /* display name, decoded; "" when none */
	char *address; /* addr-spec, lower-cased ASCII; never "" */
};

/* What the header of one message says. */
struct scan_header {
	char *message_id; /* without the angle brackets; NULL when none */
	char *subject;    /* decoded; "" when none */
	int year, month, day; /* the Date header's day as written; year 0 when none is usable */
	long long time;       /* the Date as seconds since 1970 (UTC), to order a day's messages */
	struct scan_person *people;
	size_t npeople;
};

/* One past occurrence of a calendar event. */
struct scan_occurrence {
	const char *uid;
	const char *occurrence; /* the occurrence's start as iCalendar text ("20261014T090000") */
	const char *summary;    /* "" when none */
	int year, month, day;   /* its start day, as written */
	const struct scan_person *people; /* organizer (sender) and attendees (recipients) */
	size_t npeople;
};

/* Local time before which an event counts as past (fields as in struct tm,
 * month 1..12). */
struct scan_moment {
	int year, month, day, hour, minute, second;
};

struct scan_module {
	int version; /* SCAN_MODULE_VERSION */
	/*
	 * Parses a message header: text[0..len) is the header block (it may
	 * run on into the body; only the header is read).  Fills *out (free
	 * with header_done).  False only when text holds no header at all.
	 */
	bool (*parse_header)(const char *text, size_t len, struct scan_header *out);
	void (*header_done)(struct scan_header *h);
	/*
	 * Reads iCalendar text and calls each() for every occurrence of every
	 * event that starts before `before`; recurring events are expanded
	 * (RRULE, RDATE, EXDATE; a RECURRENCE-ID override replaces the
	 * occurrence it names).  each() returning false stops the reading.
	 * Returns the number of events (VEVENT components) read, or -1 when
	 * the text is no iCalendar data (*error then says why; caller frees).
	 */
	long (*read_calendar)(const char *text, const struct scan_moment *before,
			      bool (*each)(void *arg, const struct scan_occurrence *o), void *arg, char **error);
};

#endif
