/*
 * calendar.c - birthdays, due contacts and the review day as iCalendar
 * events (RFC 5545), for one .ics file or a vdir; see calendar.h.
 *
 * Written by hand rather than through libical: linking libical into the
 * rolodex binary loads ICU and libstdc++ on every start of every command,
 * the card browser included (see BENCHMARKS.md), for a few hundred lines
 * of plain text.  What libical would guarantee is kept here and checked by
 * the tests with strict readers (python3-icalendar, khal, Radicale): CRLF
 * line ends, lines folded at 75 octets and never inside a UTF-8 sequence,
 * TEXT values escaped, a DTSTAMP and a PRODID, VALUE=DATE all-day events.
 *
 * An event's text depends only on the card and today, apart from its
 * DTSTAMP, so a vdir rewrites only the events that changed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/io_internal.h"
#include "rolodex/calendar.h"
#include "rolodex/date.h"
#include "rolodex/export.h"
#include "rolodex/listing.h"
#include "rolodex/note.h"
#include "rolodex/snapshot.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* Stable across versions, so that an upgrade does not rewrite every file. */
#define CALENDAR_PRODID "-//rolodex//rolodex reminders//EN"
/* An event file bigger than this is not one rolodex wrote. */
#define CALENDAR_FILE_MAX (4u * 1024 * 1024)
/* The record of a vdir's files: a name of about 60 bytes per event. */
#define CALENDAR_RECORD_MAX (256u * 1024 * 1024)
/* A year-less birthday recurs from a leap year, so that 29 February has a
 * first occurrence; 1604 with X-APPLE-OMIT-YEAR is how calendars mark a
 * birthday whose year is unknown (no age is shown or invented). */
#define YEARLESS_BASE_YEAR 1604

/* ---- review day ------------------------------------------------------- */

static const char *const weekday_names[7] = { "monday", "tuesday", "wednesday", "thursday",
					      "friday", "saturday", "sunday" };
static const char *const weekday_ical[7] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

void review_day_default(struct review_day *out)
{
	*out = (struct review_day){ .month_day = 0, .nth = 1, .weekday = 5 };
}

bool review_day_parse(const char *text, struct review_day *out)
{
	static const char *const ordinals[] = { "first", "second", "third", "fourth" };
	char word[16], day[16];
	int n, used = 0;

	if (sscanf(text, "%d%n", &n, &used) == 1 && text[used] == '\0') {
		if (text[0] < '0' || text[0] > '9' || n < 1 || n > 28)
			return false;
		*out = (struct review_day){ .month_day = n };
		return true;
	}
	if (sscanf(text, "%15s %15s%n", word, day, &used) != 2 || text[used] != '\0')
		return false;
	int nth = 0;
	for (int i = 0; i < 4; i++)
		if (strcasecmp(word, ordinals[i]) == 0)
			nth = i + 1;
	if (strcasecmp(word, "last") == 0)
		nth = -1;
	if (nth == 0)
		return false;
	size_t len = strlen(day);
	for (int i = 0; i < 7; i++) {
		/* The full name, or its first three letters or more. */
		if (len >= 3 && strncasecmp(day, weekday_names[i], len) == 0) {
			*out = (struct review_day){ .nth = nth, .weekday = i };
			return true;
		}
	}
	return false;
}

int review_day_in_month(const struct review_day *rule, int year, int month)
{
	if (rule->month_day > 0)
		return date_from_ymd(year, month, rule->month_day);
	if (rule->nth > 0) {
		int first = date_from_ymd(year, month, 1);
		int offset = (rule->weekday - date_weekday(first) + 7) % 7;
		return first + offset + 7 * (rule->nth - 1);
	}
	int last = date_from_ymd(year, month, date_days_in_month(year, month));
	return last - (date_weekday(last) - rule->weekday + 7) % 7;
}

void calendar_options_default(struct calendar_options *opt, int today, const char *now)
{
	*opt = (struct calendar_options){
		.today = today,
		.now = now,
		.days = 60,
		.birthdays = true,
		.due = true,
		.review = true,
		.alarm_minutes = 9 * 60,
	};
	review_day_default(&opt->review_day);
}

/* ---- content lines ---------------------------------------------------- */

static void buf_append(char **buf, size_t *len, const char *s, size_t n)
{
	*buf = xrealloc(*buf, *len + n + 1);
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

void calendar_fold_line(const char *line, char **buf, size_t *len)
{
	size_t total = strlen(line);
	size_t room = 75; /* octets on this physical line, CRLF excluded */
	size_t pos = 0;

	while (total - pos > room) {
		size_t cut = pos + room;
		/* Back up to the start of a character: a continuation byte
		 * (10xxxxxx) never begins a physical line. */
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == pos)
			cut = pos + room; /* not UTF-8 at all: cut anyway */
		buf_append(buf, len, line + pos, cut - pos);
		buf_append(buf, len, "\r\n ", 3);
		pos = cut;
		room = 74; /* the leading space is one of the 75 */
	}
	buf_append(buf, len, line + pos, total - pos);
	buf_append(buf, len, "\r\n", 2);
}

char *calendar_escape_text(const char *text)
{
	struct sbuf b;
	size_t len = strlen(text);

	sbuf_init(&b);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = text_decode(text + i, len - i, &cp);
		if (cp == '\\' || cp == ';' || cp == ',') {
			sbuf_addc(&b, '\\');
			sbuf_addc(&b, (char)cp);
		} else if (cp == '\n') {
			sbuf_adds(&b, "\\n");
		} else if (cp == '\t') {
			sbuf_addc(&b, ' ');
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			/* dropped: no control sequence reaches a calendar */
		} else if (cp == 0xFFFD && n == 1 && (unsigned char)text[i] >= 0x80) {
			sbuf_adds(&b, "\xEF\xBF\xBD");
		} else {
			sbuf_addn(&b, text + i, n);
		}
		i += n;
	}
	return sbuf_take(&b);
}

/* An iCalendar object under construction. */
struct ics {
	char *buf;
	size_t len;
};

static void ics_line(struct ics *ics, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ics_line(struct ics *ics, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *line = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(line, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	calendar_fold_line(line, &ics->buf, &ics->len);
	free(line);
}

/* A property with a TEXT value taken from a card. */
static void ics_text(struct ics *ics, const char *name, const char *value)
{
	char *escaped = calendar_escape_text(value);
	ics_line(ics, "%s:%s", name, escaped);
	free(escaped);
}

/* YYYYMMDD; dates are years 1..9999 (date.h). */
static void ical_date(int day, char out[9])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	unsigned digits = (unsigned)y % 10000u * 10000u + (unsigned)m % 100u * 100u + (unsigned)d % 100u;
	for (int i = 7; i >= 0; i--) {
		out[i] = (char)('0' + digits % 10u);
		digits /= 10u;
	}
	out[8] = '\0';
}

/* "2026-11-22T09:30:00Z" -> "20261122T093000Z". */
static void ical_stamp(const char *now, char out[17])
{
	size_t j = 0;
	for (size_t i = 0; now[i] != '\0' && j < 16; i++)
		if (now[i] != '-' && now[i] != ':')
			out[j++] = now[i];
	out[j] = '\0';
}

static void ics_alarm(struct ics *ics, const struct calendar_options *opt, const char *summary)
{
	if (opt->alarm_minutes < 0)
		return;
	int hours = opt->alarm_minutes / 60, minutes = opt->alarm_minutes % 60;
	ics_line(ics, "BEGIN:VALARM");
	ics_line(ics, "ACTION:DISPLAY");
	ics_text(ics, "DESCRIPTION", summary);
	/* Relative to the start of the all-day event: that time of day. */
	if (hours == 0 && minutes == 0)
		ics_line(ics, "TRIGGER;RELATED=START:PT0S");
	else if (minutes == 0)
		ics_line(ics, "TRIGGER;RELATED=START:PT%dH", hours);
	else
		ics_line(ics, "TRIGGER;RELATED=START:PT%dH%dM", hours, minutes);
	ics_line(ics, "END:VALARM");
}

/* ---- events ----------------------------------------------------------- */

/* What the events of one card say, gathered once. */
struct card_facts {
	const struct card *card;
	struct card_status status;
	const char *latest_note; /* NULL when none or not wanted */
};

/* "Last touch: coffee on 2 Aug." or "No touch recorded yet." */
static void describe_last_touch(const struct card_facts *f, int today, struct sbuf *b)
{
	if (f->status.contacted) {
		char when[32];
		date_format_short(f->status.last_date, today, when, sizeof when);
		sbuf_printf(b, "Last touch: %s on %s.", f->status.last_channel, when);
	} else {
		sbuf_adds(b, "No touch recorded yet.");
	}
}

static void add_note(const struct card_facts *f, struct sbuf *b)
{
	if (f->latest_note != NULL)
		sbuf_printf(b, "\n\nLatest note: %s", f->latest_note);
}

struct event_list {
	struct calendar_event *items;
	size_t count, capacity;
};

static void event_begin(struct ics *ics)
{
	*ics = (struct ics){ 0 };
	ics_line(ics, "BEGIN:VCALENDAR");
	ics_line(ics, "VERSION:2.0");
	ics_line(ics, "PRODID:%s", CALENDAR_PRODID);
	ics_line(ics, "CALSCALE:GREGORIAN");
}

static void event_finish(struct event_list *list, struct ics *ics, char *uid, int date)
{
	ics_line(ics, "END:VCALENDAR");
	list->items = xgrow(list->items, &list->capacity, list->count + 1, sizeof list->items[0]);
	list->items[list->count++] = (struct calendar_event){ .uid = uid, .text = ics->buf, .date = date };
}

/* The head of a VEVENT: its UID, DTSTAMP, start, and the RRULE when
 * given. */
static void vevent_head(struct ics *ics, const struct calendar_options *opt, const char *uid, const char *start,
			const char *rrule)
{
	char stamp[17];
	ical_stamp(opt->now, stamp);
	ics_line(ics, "BEGIN:VEVENT");
	ics_text(ics, "UID", uid);
	ics_line(ics, "DTSTAMP:%s", stamp);
	ics_line(ics, "%s", start);
	if (rrule != NULL)
		ics_line(ics, "RRULE:%s", rrule);
}

/* The rest of a VEVENT: what it says, shown as free time, the alarm. */
static void vevent_tail(struct ics *ics, const struct calendar_options *opt, const char *summary,
			const char *description)
{
	ics_text(ics, "SUMMARY", summary);
	ics_text(ics, "DESCRIPTION", description);
	ics_line(ics, "TRANSP:TRANSPARENT");
	ics_alarm(ics, opt, summary);
	ics_line(ics, "END:VEVENT");
}

/*
 * A yearly all-day event on the birthday.  29 February recurs on the last
 * day of February, as birthday_next counts it.  When the year is known,
 * the next occurrence is overridden (RECURRENCE-ID) with "turns N", so the
 * age is right for that year and said for no other.
 */
static void birthday_event(struct event_list *list, const struct calendar_options *opt, const struct card_facts *f)
{
	const struct birthday *b = &f->card->birthday;
	char *uid = xasprintf("rolodex-birthday-%s", f->card->uid);
	char date[9], start[96], summary[CARD_NAME_MAX + 64];
	int base_year = b->year > 0 ? b->year : YEARLESS_BASE_YEAR;
	bool leap_day = b->month == 2 && b->day == 29;
	struct sbuf description;
	struct ics ics;

	/* A year on record that lacks the 29th of February would be no date;
	 * card_validate keeps those out, so only year-less ones need this. */
	if (leap_day && !date_is_leap(base_year))
		base_year = YEARLESS_BASE_YEAR;
	ical_date(date_from_ymd(base_year, b->month, b->day), date);
	if (b->year > 0)
		snprintf(start, sizeof start, "DTSTART;VALUE=DATE:%s", date);
	else
		snprintf(start, sizeof start, "DTSTART;VALUE=DATE;X-APPLE-OMIT-YEAR=%d:%s", YEARLESS_BASE_YEAR, date);
	snprintf(summary, sizeof summary, "Birthday: %s", f->card->name);
	sbuf_init(&description);
	describe_last_touch(f, opt->today, &description);
	sbuf_adds(&description, " A card or a note?");
	add_note(f, &description);

	int next = birthday_next(b, opt->today);
	event_begin(&ics);
	vevent_head(&ics, opt, uid, start, leap_day ? "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" : "FREQ=YEARLY");
	vevent_tail(&ics, opt, summary, sbuf_str(&description));
	int age = birthday_next_age(b, opt->today);
	if (age > 0) {
		char next_date[9], recurrence[64], next_start[64], turns[CARD_NAME_MAX + 96];
		ical_date(next, next_date);
		snprintf(recurrence, sizeof recurrence, "RECURRENCE-ID;VALUE=DATE:%s", next_date);
		snprintf(next_start, sizeof next_start, "DTSTART;VALUE=DATE:%s", next_date);
		snprintf(turns, sizeof turns, "Birthday: %s (turns %d)", f->card->name, age);
		vevent_head(&ics, opt, uid, recurrence, NULL);
		ics_line(&ics, "%s", next_start);
		vevent_tail(&ics, opt, turns, sbuf_str(&description));
	}
	sbuf_done(&description);
	event_finish(list, &ics, uid, next);
}

/*
 * The day a card falls due, as the model's status says: today when it is
 * due already, the end of its snooze when snoozed (or its next due date,
 * when that comes later), else its next due date.  False when it has no
 * rhythm.
 */
static enum rdx_status due_day(struct db *db, const struct card_facts *f, int today, bool *has, int *day,
			       char **cause)
{
	const struct card_status *st = &f->status;

	*has = false;
	if (!st->has_cadence)
		return RDX_OK;
	if (st->snoozed) {
		struct card_status then;
		enum rdx_status s = card_status_get(db, f->card->id, st->snooze_until, &then, cause);
		if (s != RDX_OK)
			return s;
		*has = true;
		*day = then.due ? st->snooze_until : then.next_due;
		return RDX_OK;
	}
	if (st->due) {
		*has = true;
		*day = today;
	} else if (st->contacted) {
		*has = true;
		*day = st->next_due;
	}
	return RDX_OK;
}

static void due_event(struct event_list *list, const struct calendar_options *opt, const struct card_facts *f,
		      int day)
{
	const struct card_status *st = &f->status;
	char *uid = xasprintf("rolodex-due-%s", f->card->uid);
	char date[9], start[64], rhythm[64], last[64], summary[CARD_NAME_MAX + 160];
	struct sbuf description;
	struct ics ics;

	ical_date(day, date);
	snprintf(start, sizeof start, "DTSTART;VALUE=DATE:%s", date);
	cadence_describe(&st->cadence, rhythm, sizeof rhythm);
	if (st->contacted) {
		char when[32];
		date_format_short(st->last_date, opt->today, when, sizeof when);
		snprintf(last, sizeof last, "last %s on %s", st->last_channel, when);
	} else {
		snprintf(last, sizeof last, "never contacted");
	}
	snprintf(summary, sizeof summary, "Reach out: %s (%s, %s)", f->card->name, rhythm, last);
	sbuf_init(&description);
	describe_last_touch(f, opt->today, &description);
	if (st->snoozed) {
		char until[32];
		date_format_short(st->snooze_until, opt->today, until, sizeof until);
		sbuf_printf(&description, " Snoozed until %s.", until);
	}
	sbuf_printf(&description, "\nWhen done: rolodex contacted %lld", (long long)f->card->id);
	add_note(f, &description);

	event_begin(&ics);
	vevent_head(&ics, opt, uid, start, NULL);
	vevent_tail(&ics, opt, summary, sbuf_str(&description));
	sbuf_done(&description);
	event_finish(list, &ics, uid, day);
}

/* A monthly event on the review day, from its first day in January of
 * this year (a start that moves once a year, not every month). */
static void review_event(struct event_list *list, const struct calendar_options *opt)
{
	const struct review_day *rule = &opt->review_day;
	char date[9], start[64], rrule[64];
	int year, month, day;
	struct ics ics;

	date_to_ymd(opt->today, &year, &month, &day);
	ical_date(review_day_in_month(rule, year, 1), date);
	snprintf(start, sizeof start, "DTSTART;VALUE=DATE:%s", date);
	if (rule->month_day > 0)
		snprintf(rrule, sizeof rrule, "FREQ=MONTHLY;BYMONTHDAY=%d", rule->month_day);
	else
		snprintf(rrule, sizeof rrule, "FREQ=MONTHLY;BYDAY=%d%s", rule->nth, weekday_ical[rule->weekday]);
	int next = review_day_in_month(rule, year, month);
	if (next < opt->today)
		next = review_day_in_month(rule, month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1);

	event_begin(&ics);
	vevent_head(&ics, opt, "rolodex-review-day", start, rrule);
	vevent_tail(&ics, opt, "Review day: flip through your rolodex",
		    "Mark who you were in touch with and note what you talked about: rolodex review");
	event_finish(list, &ics, xstrdup("rolodex-review-day"), next);
}

struct events_run {
	struct db *db;
	const struct calendar_options *opt;
	struct event_list birthdays, due;
	enum rdx_status status;
	char **cause;
};

static int events_card(void *arg, const struct listing_card *lc)
{
	struct events_run *run = arg;
	const struct calendar_options *opt = run->opt;
	struct card_facts f = { .card = &lc->card };

	run->status = card_status_get(run->db, lc->card.id, opt->today, &f.status, run->cause);
	if (run->status != RDX_OK)
		return 1;
	/* listing_cards gives notes oldest first. */
	if (opt->include_note && lc->nnotes > 0)
		f.latest_note = lc->notes[lc->nnotes - 1].text;
	if (opt->birthdays && lc->card.birthday.month != 0)
		birthday_event(&run->birthdays, opt, &f);
	if (opt->due) {
		bool has;
		int day;
		run->status = due_day(run->db, &f, opt->today, &has, &day, run->cause);
		if (run->status != RDX_OK)
			return 1;
		if (has && day - opt->today <= opt->days)
			due_event(&run->due, opt, &f, day);
	}
	return 0;
}

void calendar_events_free(struct calendar_event *events, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(events[i].uid);
		free(events[i].text);
	}
	free(events);
}

enum rdx_status calendar_events(struct db *db, const struct calendar_options *opt, struct calendar_event **out,
				size_t *count, char **cause)
{
	struct events_run run = { .db = db, .opt = opt, .status = RDX_OK, .cause = cause };
	bool snap;

	rdx_cause_clear(cause);
	*out = NULL;
	*count = 0;
	enum rdx_status st = db_snapshot_begin(db, &snap, cause);
	if (st != RDX_OK)
		return st;
	st = listing_cards(db, events_card, &run, cause);
	if (st == RDX_OK)
		st = run.status;
	db_snapshot_end(db, snap);

	struct event_list all = run.birthdays;
	for (size_t i = 0; i < run.due.count; i++) {
		all.items = xgrow(all.items, &all.capacity, all.count + 1, sizeof all.items[0]);
		all.items[all.count++] = run.due.items[i];
	}
	free(run.due.items);
	if (st == RDX_OK && opt->review)
		review_event(&all, opt);
	if (st != RDX_OK) {
		calendar_events_free(all.items, all.count);
		return st;
	}
	*out = all.items;
	*count = all.count;
	return RDX_OK;
}

/* ---- one file --------------------------------------------------------- */

/* Reads a whole file of at most max bytes.  NULL with errno set when it
 * cannot (EFBIG when bigger). */
static char *read_file_upto(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct stat sb;
	size_t size = fstat(fileno(f), &sb) == 0 && sb.st_size > 0 ? (size_t)sb.st_size : 0;
	size = size < max ? size : max;
	char *buf = xmalloc(size + 2);
	*len = fread(buf, 1, size + 1, f);
	int err = ferror(f) ? errno : 0;
	fclose(f);
	if (err != 0 || *len > max || *len > size) {
		free(buf);
		errno = err != 0 ? err : EFBIG;
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* Whether the calendar in text was written by rolodex (its PRODID is ours). */
static bool written_by_us(const char *text)
{
	return strncmp(text, "BEGIN:VCALENDAR\r\n", 17) == 0 &&
	       strstr(text, "\r\nPRODID:" CALENDAR_PRODID "\r\n") != NULL;
}

/* The same for a file of any size: its PRODID comes in the first lines. */
static bool file_written_by_us(const char *path)
{
	char head[1024];
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return false;
	size_t n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[n] = '\0';
	return written_by_us(head);
}

enum rdx_status calendar_write_file(struct db *db, const char *path, const struct calendar_options *opt,
				    size_t *count, char **cause)
{
	struct calendar_event *events;
	size_t n;
	struct stat sb;

	rdx_cause_clear(cause);
	if (count != NULL)
		*count = 0;
	if (lstat(path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode) || !file_written_by_us(path))
			return rdx_fail(cause, RDX_INVALID,
					"%s exists and rolodex did not write it; remove it or choose another name", path);
	}
	enum rdx_status st = calendar_events(db, opt, &events, &n, cause);
	if (st != RDX_OK)
		return st;

	/* One VCALENDAR around every event's VEVENTs. */
	struct ics ics;
	event_begin(&ics);
	for (size_t i = 0; i < n; i++) {
		const char *body = strstr(events[i].text, "BEGIN:VEVENT\r\n");
		const char *end = strstr(events[i].text, "END:VCALENDAR\r\n");
		buf_append(&ics.buf, &ics.len, body, (size_t)(end - body));
	}
	ics_line(&ics, "END:VCALENDAR");
	calendar_events_free(events, n);
	st = export_write_atomic(path, ics.buf, ics.len, true, true, cause);
	free(ics.buf);
	if (st == RDX_OK && count != NULL)
		*count = n;
	return st;
}

/* ---- vdir ------------------------------------------------------------- */

/* A set of file names, one per event (100k for a big rolodex): a list in
 * the order added, and a hash of them for look-ups. */
struct names {
	char **items;
	size_t count, capacity;
	struct idmap index;
};

static void names_init(struct names *set)
{
	*set = (struct names){ 0 };
	idmap_init(&set->index);
}

static bool names_has(const struct names *set, const char *name)
{
	return idmap_get(&set->index, name) != 0;
}

static void names_add(struct names *set, const char *name)
{
	if (names_has(set, name))
		return;
	set->items = xgrow(set->items, &set->capacity, set->count + 1, sizeof set->items[0]);
	set->items[set->count++] = xstrdup(name);
	idmap_put(&set->index, name, 1);
}

static bool names_equal(const struct names *a, const struct names *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (!names_has(b, a->items[i]))
			return false;
	return true;
}

static void names_done(struct names *set)
{
	for (size_t i = 0; i < set->count; i++)
		free(set->items[i]);
	free(set->items);
	idmap_done(&set->index);
}

/* A name rolodex could have written: a plain .ics file in the folder. */
static bool plausible_name(const char *name)
{
	size_t len = strlen(name);
	return len > 4 && name[0] != '.' && strchr(name, '/') == NULL && strcmp(name + len - 4, ".ics") == 0;
}

/* The record of the files rolodex wrote in dir; empty when there is none
 * yet.  Lines that could not be ours are ignored, so a damaged record can
 * never make rolodex remove a file outside the collection. */
static enum rdx_status record_read(const char *dir, struct names *set, char **cause)
{
	char *path = xasprintf("%s/%s", dir, CALENDAR_VDIR_RECORD);
	size_t len;
	char *text = read_file_upto(path, CALENDAR_RECORD_MAX, &len);
	enum rdx_status st = RDX_OK;

	if (text == NULL) {
		if (errno != ENOENT)
			st = rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno));
		free(path);
		return st;
	}
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n"))
		if (plausible_name(line))
			names_add(set, line);
	free(text);
	free(path);
	return RDX_OK;
}

static enum rdx_status record_write(const char *dir, const struct names *set, char **cause)
{
	char *path = xasprintf("%s/%s", dir, CALENDAR_VDIR_RECORD);
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "");
	for (size_t i = 0; i < set->count; i++)
		sbuf_printf(&b, "%s\n", set->items[i]);
	enum rdx_status st = export_write_atomic(path, sbuf_str(&b), b.len, true, false, cause);
	sbuf_done(&b);
	free(path);
	return st;
}

/* text without its DTSTAMP lines: what decides whether an event changed. */
static char *without_dtstamp(const char *text)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "");
	for (const char *p = text; *p != '\0';) {
		const char *eol = strstr(p, "\r\n");
		size_t n = eol != NULL ? (size_t)(eol - p) + 2 : strlen(p);
		if (strncmp(p, "DTSTAMP:", 8) != 0)
			sbuf_addn(&b, p, n);
		p += n;
	}
	return sbuf_take(&b);
}

/* Whether the file at path holds the event already (DTSTAMP aside). */
static bool same_event(const char *path, const char *text)
{
	size_t len;
	char *old = read_file_upto(path, CALENDAR_FILE_MAX, &len);
	if (old == NULL)
		return false;
	char *a = without_dtstamp(old), *b = without_dtstamp(text);
	bool same = strcmp(a, b) == 0;
	free(a);
	free(b);
	free(old);
	return same;
}

enum rdx_status calendar_write_vdir(struct db *db, const char *dir, const struct calendar_options *opt,
				    struct calendar_vdir_report *report, char **cause)
{
	struct calendar_event *events = NULL;
	struct names recorded, current, both;
	size_t n = 0;
	struct stat sb;
	enum rdx_status st;

	rdx_cause_clear(cause);
	*report = (struct calendar_vdir_report){ 0 };
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return rdx_fail(cause, RDX_IO, "%s: cannot create the folder: %s", dir, strerror(errno));
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return rdx_fail(cause, RDX_INVALID, "%s is not a folder", dir);
	names_init(&recorded);
	names_init(&current);
	names_init(&both);
	st = record_read(dir, &recorded, cause);
	if (st == RDX_OK)
		st = calendar_events(db, opt, &events, &n, cause);
	/* A name taken by a file rolodex did not write stops the run before
	 * anything is written: that file stays as it is. */
	for (size_t i = 0; st == RDX_OK && i < n; i++) {
		char *name = export_safe_file_name(events[i].uid, ".ics");
		char *path = xasprintf("%s/%s", dir, name);
		if (!names_has(&recorded, name) && lstat(path, &sb) == 0)
			st = rdx_fail(cause, RDX_INVALID, "%s exists and rolodex did not write it; it was left alone",
				      path);
		names_add(&current, name);
		free(path);
		free(name);
	}
	/* Every name, old and new, is on record before any file is written:
	 * a run cut short leaves nothing rolodex would not know as its own. */
	for (size_t i = 0; i < recorded.count; i++)
		names_add(&both, recorded.items[i]);
	for (size_t i = 0; i < current.count; i++)
		names_add(&both, current.items[i]);
	if (st == RDX_OK && both.count != recorded.count)
		st = record_write(dir, &both, cause);

	for (size_t i = 0; st == RDX_OK && i < n; i++) {
		char *name = export_safe_file_name(events[i].uid, ".ics");
		char *path = xasprintf("%s/%s", dir, name);
		if (same_event(path, events[i].text)) {
			report->unchanged++;
		} else {
			st = export_write_atomic(path, events[i].text, strlen(events[i].text), true, false, cause);
			if (st == RDX_OK)
				report->written++;
		}
		free(path);
		free(name);
	}
	report->events = n;
	/* The files of events that are gone. */
	for (size_t i = 0; st == RDX_OK && i < recorded.count; i++) {
		if (names_has(&current, recorded.items[i]))
			continue;
		char *path = xasprintf("%s/%s", dir, recorded.items[i]);
		if (unlink(path) == 0)
			report->removed++;
		else if (errno != ENOENT)
			st = rdx_fail(cause, RDX_IO, "%s: cannot remove it: %s", path, strerror(errno));
		free(path);
	}
	if (st == RDX_OK && !names_equal(&current, &recorded))
		st = record_write(dir, &current, cause);
	if (st == RDX_OK)
		st = export_sync_dir(dir, cause);
	calendar_events_free(events, n);
	names_done(&recorded);
	names_done(&current);
	names_done(&both);
	return st;
}
