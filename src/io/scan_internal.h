/*
 * scan_internal.h - what the scan's readers (scan_mail.c, scan_calendar.c,
 * scan_linkedin.c) hand to scan.c: one item per message, event occurrence
 * or LinkedIn message, with the people in it.  scan.c matches them
 * against the cards and records the touches.
 */
#ifndef ROLODEX_IO_SCAN_INTERNAL_H
#define ROLODEX_IO_SCAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/io_internal.h"
#include "io/scan_module.h"
#include "rolodex/scan.h"

struct scan_ref {
	char role;     /* enum scan_role */
	char *name;    /* "" when none */
	char *address; /* lower-cased email address; "" when none (LinkedIn) */
	char *url;     /* LinkedIn profile URL; "" when none */
};

/* An item's strings live in the run's arena (scan_run_text): a scan holds
 * some ten of them per message, freed together. */
struct scan_item {
	char *key;     /* scan_seen key; NULL when not remembered (stdin, calendars, LinkedIn) */
	char *source;  /* touch_source.source */
	int day;       /* -1: no usable date */
	int64_t time;  /* seconds since 1970 (mail); orders a day's items */
	char *subject; /* the message's subject, the event's summary */
	char *where;   /* file (and message) for the report */
	enum touch_origin origin;
	enum channel channel;
	struct scan_ref *people;
	size_t npeople;
	bool fresh;    /* parsed in this run: remember it */
};

/*
 * A hash set of (string, number) pairs whose strings are borrowed (from the
 * run's arena or its items), each with a value: a rescan looks up every
 * remembered message and every (source, card) pair, and copying each key
 * into its own allocation as idmap does cost more than the look-ups.
 */
struct keyslot {
	const char *key; /* NULL: empty */
	int64_t number;
	uint64_t hash;
	int64_t value;
};
struct keyset {
	struct keyslot *slots;
	size_t cap, count;
};

/* Big blocks that many small strings are copied into, freed at once. */
struct arena {
	char **blocks;
	size_t nblocks, cap;
	char *next;
	size_t left;
};

struct scan_mbox_mark {
	char *path;
	int64_t size;
	char *tail;
};

/* One run's state. */
struct scan_run {
	struct db *db;
	const struct scan_options *opt;
	struct scan_report *report;
	const struct scan_module *module; /* loaded on first need */
	struct scan_item **items;         /* in reading order; owned by `owned` or `seen` */
	size_t nitems, items_cap;
	struct scan_item **owned;         /* fresh items */
	size_t nowned, owned_cap;
	bool seen_loaded;
	struct arena arena;               /* the remembered items' strings */
	struct keyset seen_index;         /* key -> index + 1 into seen */
	struct scan_item *seen;           /* remembered by earlier scans */
	size_t nseen, seen_cap;
	struct scan_mbox_mark *marks;     /* mbox ends to remember */
	size_t nmarks, marks_cap;
	char *header;                     /* the buffer message headers are read into */
	size_t header_cap;
	char **forget;                    /* scan_seen key prefixes to forget (rewritten mboxes) */
	size_t nforget, forget_cap;
};

/* The module, loading it on first use; NULL with *cause. */
const struct scan_module *scan_run_module(struct scan_run *run, char **cause);
/* Adds a problem to the report (where and what are copied). */
void scan_run_problem(struct scan_run *run, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A new item owned by run, appended in reading order. */
struct scan_item *scan_run_new_item(struct scan_run *run);
/* A copy of s (NULL: NULL) in the run's arena, freed with the run. */
char *scan_run_text(struct scan_run *run, const char *s);
char *scan_run_textf(struct scan_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends an item remembered by an earlier scan (owned by run). */
void scan_run_add_seen(struct scan_run *run, struct scan_item *item);
/* Reads what earlier scans remembered, once per run. */
enum rdx_status scan_run_load_seen(struct scan_run *run, char **cause);
/* The remembered item with this key, or NULL (after scan_run_load_seen). */
struct scan_item *scan_run_find_seen(struct scan_run *run, const char *key);
void scan_item_add_person(struct scan_run *run, struct scan_item *item, char role, const char *name,
			  const char *address, const char *url);

/* 64-bit FNV-1a of bytes, as 16 hex digits in out. */
void scan_digest(const void *bytes, size_t len, char out[17]);

/* What kind of input a path or a stream is, from its first bytes. */
enum scan_kind {
	SCAN_KIND_UNKNOWN,
	SCAN_KIND_MESSAGE,
	SCAN_KIND_MBOX,
	SCAN_KIND_CALENDAR,
	SCAN_KIND_LINKEDIN,
};
enum scan_kind scan_sniff(const char *head, size_t len);

/* scan_mail.c.  Each returns RDX_OK unless the run must stop (out of
 * memory, the module missing, the database failing); unreadable files are
 * problems in the report. */
enum rdx_status scan_mail_maildir(struct scan_run *run, const char *dir, bool recursive, char **cause);
enum rdx_status scan_mail_file(struct scan_run *run, const char *path, char **cause);
enum rdx_status scan_mail_mbox(struct scan_run *run, const char *path, char **cause);
/* One message or an mbox stream, all of it in text[0..len). */
enum rdx_status scan_mail_buffer(struct scan_run *run, const char *text, size_t len, const char *where,
				 char **cause);
/* True when dir holds cur/ or new/. */
bool scan_is_maildir(const char *dir);

/* scan_calendar.c: an iCalendar file, or every .ics file of a folder. */
enum rdx_status scan_calendar_file(struct scan_run *run, const char *path, char **cause);
enum rdx_status scan_calendar_text(struct scan_run *run, const char *text, const char *where, char **cause);
/* True when dir holds .ics files. */
bool scan_is_vdir_calendar(const char *dir);
enum rdx_status scan_calendar_vdir(struct scan_run *run, const char *dir, char **cause);
/* The channel a summary names: coffee, lunch or call; else meeting. */
enum channel scan_calendar_channel(const char *summary);

/* scan_linkedin.c: LinkedIn's messages.csv. */
enum rdx_status scan_linkedin_file(struct scan_run *run, const char *path, char **cause);

#endif
