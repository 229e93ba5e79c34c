/*
 * scan_calendar.c - calendars for `rolodex scan`: an iCalendar file, or a
 * vdir calendar (khal, vdirsyncer: a folder of .ics files, one event
 * each).  Every past occurrence of an event becomes an item whose people
 * are its organizer and attendees; libical does the reading and the
 * recurrence expansion (in the scan module).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/scan_internal.h"
#include "rolodex/date.h"
#include "rolodex/xalloc.h"

/* Largest calendar file read whole. */
#define CALENDAR_MAX (64u * 1024 * 1024)

/* True when word appears in s as a whole word, ignoring ASCII case. */
static bool has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = s; *p; p++) {
		if (!io_strnieq(p, word, n))
			continue;
		bool starts = p == s || !isalnum((unsigned char)p[-1]);
		bool ends = !isalnum((unsigned char)p[n]);
		if (starts && ends)
			return true;
	}
	return false;
}

enum channel scan_calendar_channel(const char *summary)
{
	if (has_word(summary, "coffee"))
		return CHANNEL_COFFEE;
	if (has_word(summary, "lunch"))
		return CHANNEL_LUNCH;
	if (has_word(summary, "call"))
		return CHANNEL_CALL;
	return CHANNEL_MEETING;
}

struct calendar_arg {
	struct scan_run *run;
	const char *where;
};

static bool take_occurrence(void *arg, const struct scan_occurrence *o)
{
	struct calendar_arg *a = arg;
	if (!date_valid(o->year, o->month, o->day))
		return true;
	struct scan_item *item = scan_run_new_item(a->run);
	item->source = scan_run_textf(a->run, "ical:%s/%s", o->uid, o->occurrence);
	item->day = date_from_ymd(o->year, o->month, o->day);
	item->subject = scan_run_text(a->run, o->summary);
	item->where = scan_run_text(a->run, a->where);
	item->origin = TOUCH_ORIGIN_CALENDAR;
	item->channel = scan_calendar_channel(o->summary);
	for (size_t i = 0; i < o->npeople; i++)
		scan_item_add_person(a->run, item, o->people[i].role, o->people[i].name, o->people[i].address, "");
	return true;
}

enum rdx_status scan_calendar_text(struct scan_run *run, const char *text, const char *where, char **cause)
{
	const struct scan_module *m = scan_run_module(run, cause);
	if (m == NULL)
		return RDX_IO;
	int y, mo, d;
	date_to_ymd(run->opt->today, &y, &mo, &d);
	int secs = run->opt->seconds;
	struct scan_moment before = { y, mo, d, secs / 3600, secs / 60 % 60, secs % 60 };
	struct calendar_arg arg = { run, where };
	char *error = NULL;
	long events = m->read_calendar(text, &before, take_occurrence, &arg, &error);
	if (events < 0)
		scan_run_problem(run, where, "%s", error != NULL ? error : "not iCalendar");
	else
		run->report->events += (size_t)events;
	free(error);
	return RDX_OK;
}

enum rdx_status scan_calendar_file(struct scan_run *run, const char *path, char **cause)
{
	run->report->files++;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		scan_run_problem(run, path, "%s", strerror(errno));
		return RDX_OK;
	}
	struct sbuf b;
	sbuf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= CALENDAR_MAX)
		sbuf_addn(&b, chunk, n);
	bool failed = ferror(f) != 0;
	fclose(f);
	enum rdx_status s = RDX_OK;
	if (failed)
		scan_run_problem(run, path, "read error");
	else if (b.len > CALENDAR_MAX)
		scan_run_problem(run, path, "larger than %u MiB", CALENDAR_MAX / 1024 / 1024);
	else if (memchr(sbuf_str(&b), '\0', b.len) != NULL)
		scan_run_problem(run, path, "holds a NUL byte: not iCalendar");
	else
		s = scan_calendar_text(run, sbuf_str(&b), path, cause);
	sbuf_done(&b);
	return s;
}

static bool is_ics(const char *name)
{
	size_t len = strlen(name);
	return len > 4 && name[0] != '.' && io_strieq(name + len - 4, ".ics");
}

bool scan_is_vdir_calendar(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return false;
	bool yes = false;
	struct dirent *e;
	while (!yes && (e = readdir(d)) != NULL)
		yes = is_ics(e->d_name);
	closedir(d);
	return yes;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum rdx_status scan_calendar_vdir(struct scan_run *run, const char *dir, char **cause)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		scan_run_problem(run, dir, "%s", strerror(errno));
		return RDX_OK;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!is_ics(e->d_name))
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1) /* qsort's pointer must not be NULL, even for 0 items */
		qsort(names, n, sizeof *names, compare_names);
	enum rdx_status s = RDX_OK;
	for (size_t i = 0; i < n; i++) {
		if (s == RDX_OK) {
			char *path = xasprintf("%s/%s", dir, names[i]);
			s = scan_calendar_file(run, path, cause);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return s;
}
