/*
 * scan_linkedin.c - LinkedIn's messages.csv (from "Get a copy of your
 * data") for `rolodex scan`: one row per message with its conversation,
 * sender and recipients (names and profile URLs) and date.  Each becomes an
 * item whose people are matched by profile URL, else by name; the message
 * text (CONTENT) is never read into anything.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/scan_internal.h"
#include "rolodex/csv.h"
#include "rolodex/date.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

enum column {
	COL_CONVERSATION,
	COL_TITLE,
	COL_FROM,
	COL_SENDER_URL,
	COL_TO,
	COL_RECIPIENT_URLS,
	COL_DATE,
	COL_SUBJECT,
	COL_COUNT
};

static const char *const column_names[COL_COUNT] = {
	[COL_CONVERSATION] = "CONVERSATION ID",
	[COL_TITLE] = "CONVERSATION TITLE",
	[COL_FROM] = "FROM",
	[COL_SENDER_URL] = "SENDER PROFILE URL",
	[COL_TO] = "TO",
	[COL_RECIPIENT_URLS] = "RECIPIENT PROFILE URLS",
	[COL_DATE] = "DATE",
	[COL_SUBJECT] = "SUBJECT",
};

/* The day of "2026-10-14 09:30:00 UTC" (the date part); -1 when none. */
static int row_day(const char *value)
{
	int day;
	if (strlen(value) < 10)
		return -1;
	char text[11];
	memcpy(text, value, 10);
	text[10] = '\0';
	return date_parse(text, &day) ? day : -1;
}

static void add_row(struct scan_run *run, const char *const *v, const char *where)
{
	struct scan_item *item = scan_run_new_item(run);
	item->day = row_day(v[COL_DATE]);
	char day[DATE_TEXT_SIZE] = "";
	if (item->day >= 0)
		date_format(item->day, day);
	item->source = scan_run_textf(run, "linkedin:%s/%s", v[COL_CONVERSATION], day);
	const char *subject = v[COL_SUBJECT][0] ? v[COL_SUBJECT] : v[COL_TITLE];
	item->subject = scan_run_text(run, subject[0] ? subject : "LinkedIn message");
	item->where = scan_run_text(run, where);
	item->origin = TOUCH_ORIGIN_LINKEDIN;
	item->channel = CHANNEL_MESSAGE;
	scan_item_add_person(run, item, SCAN_ROLE_SENDER, v[COL_FROM], "", v[COL_SENDER_URL]);
	/* Recipients: names separated by commas, URLs by commas or spaces;
	 * a name goes with the URL in its place when the counts agree. */
	char *names = xstrdup(v[COL_TO]);
	char *urls = xstrdup(v[COL_RECIPIENT_URLS]);
	char *name_list[64], *url_list[64];
	size_t nnames = 0, nurls = 0;
	for (char *save = NULL, *t = strtok_r(names, ",", &save); t != NULL && nnames < 64;
	     t = strtok_r(NULL, ",", &save))
		name_list[nnames++] = text_trim(t);
	for (char *save = NULL, *t = strtok_r(urls, ", \t", &save); t != NULL && nurls < 64;
	     t = strtok_r(NULL, ", \t", &save))
		url_list[nurls++] = t;
	if (nnames == nurls) {
		for (size_t i = 0; i < nnames; i++)
			scan_item_add_person(run, item, SCAN_ROLE_RECIPIENT, name_list[i], "", url_list[i]);
	} else {
		/* A name holding a comma ("Lovelace, Ada"): the whole field is
		 * one name when there is one URL. */
		if (nurls <= 1) {
			/* trimmed in a copy: v[] is the reader's */
			char *whole = xstrdup(v[COL_TO]);
			scan_item_add_person(run, item, SCAN_ROLE_RECIPIENT, text_trim(whole), "",
					     nurls == 1 ? url_list[0] : "");
			free(whole);
		}
		else
			for (size_t i = 0; i < nurls; i++)
				scan_item_add_person(run, item, SCAN_ROLE_RECIPIENT, "", "", url_list[i]);
	}
	free(names);
	free(urls);
	run->report->linkedin++;
}

enum rdx_status scan_linkedin_file(struct scan_run *run, const char *path, char **cause)
{
	run->report->files++;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		scan_run_problem(run, path, "%s", strerror(errno));
		return RDX_OK;
	}
	struct csv_reader *r = csv_reader_new(f, path);
	int index[COL_COUNT];
	for (int c = 0; c < COL_COUNT; c++)
		index[c] = -1;
	bool header = true;
	for (;;) {
		char **fields;
		size_t count;
		int line;
		bool done;
		char *why = NULL;
		enum rdx_status s = csv_read_record(r, &fields, &count, &line, &done, &why);
		if (s != RDX_OK) {
			scan_run_problem(run, path, "%s", why != NULL ? why : "unreadable");
			free(why);
			break;
		}
		if (done)
			break;
		if (header) {
			for (size_t i = 0; i < count; i++)
				for (int c = 0; c < COL_COUNT; c++)
					if (io_strieq(text_trim(fields[i]), column_names[c]))
						index[c] = (int)i;
			header = false;
			if (index[COL_CONVERSATION] < 0 || index[COL_FROM] < 0 || index[COL_DATE] < 0) {
				scan_run_problem(run, path, "line %d: not LinkedIn's messages.csv "
							    "(CONVERSATION ID, FROM and DATE columns)", line);
				break;
			}
			continue;
		}
		const char *values[COL_COUNT];
		for (int c = 0; c < COL_COUNT; c++)
			values[c] = index[c] >= 0 && (size_t)index[c] < count ? fields[index[c]] : "";
		char *where = xasprintf("%s, line %d", path, line);
		if (row_day(values[COL_DATE]) < 0)
			scan_run_problem(run, where, "no usable DATE");
		else
			add_row(run, values, where);
		free(where);
	}
	csv_reader_free(r);
	fclose(f);
	(void)cause;
	return RDX_OK;
}
