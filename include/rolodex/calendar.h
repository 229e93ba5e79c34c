/*
 * calendar.h - reminders as iCalendar (RFC 5545) events: each card's
 * birthday (yearly), the day each card falls due, and the monthly review
 * day; written as one .ics file or as a vdir (one .ics per event) for khal
 * and vdirsyncer.  Over the model; no printing.
 *
 * Only a card's name, birthday, rhythm and last touch go into events; its
 * latest note only when the caller asks (calendar_include_note).
 */
#ifndef ROLODEX_CALENDAR_H
#define ROLODEX_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "rolodex/card.h"
#include "rolodex/status.h"

struct db;

/* The monthly review day: a day of the month (1..28), or the nth weekday
 * of the month (nth 1..4, or -1 for the last). */
struct review_day {
	int month_day; /* 1..28, or 0 when by weekday */
	int nth;       /* 1..4 or -1 */
	int weekday;   /* 0 = Monday ... 6 = Sunday */
};

/* "first saturday" (first, second, third, fourth or last, and a weekday,
 * also abbreviated: "last fri"), or "15".  Case does not matter.  False
 * when not understood. */
bool review_day_parse(const char *text, struct review_day *out);
/* The first Saturday of the month, as when the config does not say. */
void review_day_default(struct review_day *out);
/* The review day in a month (month 1..12). */
int review_day_in_month(const struct review_day *rule, int year, int month);

struct calendar_options {
	int today;
	const char *now;  /* "YYYY-MM-DDTHH:MM:SSZ", the DTSTAMP */
	int days;         /* due events up to today + days */
	bool birthdays, due, review;
	struct review_day review_day;
	int alarm_minutes; /* the reminder's time of day on the event's day; -1: no alarm */
	bool include_note; /* the card's latest note in its events' description */
};

/* Defaults: everything on, 60 days, the first Saturday, an alarm at 9:00,
 * no notes. */
void calendar_options_default(struct calendar_options *opt, int today, const char *now);

/* One event as a whole iCalendar object (CRLF line ends, folded). */
struct calendar_event {
	char *uid;  /* stable: the same card and kind give the same UID */
	char *text; /* "BEGIN:VCALENDAR\r\n..." */
	int date;   /* the day it falls on (the next occurrence when it recurs) */
};

/* Every event, in a stable order (birthdays, due, review; by card id).
 * Caller frees with calendar_events_free. */
enum rdx_status calendar_events(struct db *db, const struct calendar_options *opt, struct calendar_event **out,
				size_t *count, char **cause);
void calendar_events_free(struct calendar_event *events, size_t count);

/* The events as one calendar, written atomically to path.  An existing
 * file is replaced only when rolodex wrote it (its PRODID says so); any
 * other file is refused (RDX_INVALID).  *count (may be NULL) gets the
 * number of events. */
enum rdx_status calendar_write_file(struct db *db, const char *path, const struct calendar_options *opt,
				    size_t *count, char **cause);

/* What calendar_write_vdir did. */
struct calendar_vdir_report {
	size_t events;    /* in the collection now */
	size_t written;   /* new or changed, (re)written */
	size_t unchanged; /* left alone: same bytes, same mtime */
	size_t removed;   /* files of events that no longer exist */
};

/* The name of the file, inside a vdir, that lists the files rolodex wrote
 * there (one name a line); anything else in the folder is never touched. */
#define CALENDAR_VDIR_RECORD ".rolodex-calendar"

/*
 * Writes one <UID>.ics per event into dir (created 0700 when missing).  A
 * file whose event did not change (apart from its DTSTAMP) keeps its bytes
 * and mtime; files rolodex wrote for events that no longer exist are
 * removed; a file rolodex did not write is never replaced or removed (an
 * event whose name is taken that way fails with RDX_INVALID).  Each file
 * is written to a temporary file and renamed into place.
 */
enum rdx_status calendar_write_vdir(struct db *db, const char *dir, const struct calendar_options *opt,
				    struct calendar_vdir_report *report, char **cause);

/* Folds one content line (no line end in it) for iCalendar: CRLF plus a
 * space before each 75th octet, never inside a UTF-8 sequence; appends
 * the folded line and its CRLF to *buf (realloc'ed, NUL-terminated; *len
 * its length).  Exposed for the tests. */
void calendar_fold_line(const char *line, char **buf, size_t *len);

/* A TEXT value escaped per RFC 5545 (backslash, ';', ',' and newlines);
 * control characters are dropped and invalid UTF-8 becomes U+FFFD.
 * Caller frees. */
char *calendar_escape_text(const char *text);

#endif
