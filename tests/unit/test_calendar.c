/*
 * test_calendar.c - unit tests for the calendar events (calendar.h):
 * folding at 75 octets never inside a UTF-8 sequence, TEXT escaping with
 * control characters dropped, the review day rule, and the events built
 * for cards on a :memory: database (birthdays with and without a year, 29
 * February, due, overdue, snoozed and far-off contacts, notes only when
 * asked, alarms), each parsed back by libical without an error.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "rolodex/calendar.h"
#include "rolodex/card.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/note.h"
#include "unit_helpers.h"

static const char NOW[] = "2026-11-22T06:00:00Z";

static int D(const char *text)
{
	int day;
	assert_true(date_parse(text, &day));
	return day;
}

/* ---- folding and escaping ------------------------------------------------ */

/* Folds line, checks every physical line, and returns it unfolded. */
static char *fold_and_unfold(const char *line)
{
	char *buf = NULL;
	size_t len = 0;
	calendar_fold_line(line, &buf, &len);
	assert_int_equal(strlen(buf), len);
	assert_true(len >= 2 && strcmp(buf + len - 2, "\r\n") == 0);

	char *out = calloc(1, len + 1);
	size_t out_len = 0;
	bool first = true;
	for (char *p = buf; *p != '\0';) {
		char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		size_t n = (size_t)(eol - p);
		assert_true(n <= 75);
		if (!first) {
			assert_int_equal(p[0], ' ');
			p++;
			n--;
		}
		/* A physical line never starts or ends inside a character. */
		assert_true(n == 0 || ((unsigned char)p[0] & 0xC0) != 0x80);
		memcpy(out + out_len, p, n);
		out_len += n;
		first = false;
		p = eol + 2;
	}
	free(buf);
	return out;
}

static void test_fold(void **state)
{
	char line[400], *back;
	(void)state;

	/* 75 octets stay on one line; 76 fold. */
	memset(line, 'a', 75);
	line[75] = '\0';
	char *buf = NULL;
	size_t len = 0;
	calendar_fold_line(line, &buf, &len);
	assert_int_equal(len, 77);
	free(buf);
	line[75] = 'b';
	line[76] = '\0';
	buf = NULL;
	len = 0;
	calendar_fold_line(line, &buf, &len);
	assert_int_equal(len, 75 + 2 + 1 + 1 + 2);
	assert_memory_equal(buf + 75, "\r\n b\r\n", 6);
	free(buf);

	/* ASCII, long. */
	memset(line, 'x', 300);
	line[300] = '\0';
	back = fold_and_unfold(line);
	assert_string_equal(back, line);
	free(back);

	/* Three-byte characters after one ASCII byte: octet 75 falls inside
	 * a character on the first line and on the following ones. */
	strcpy(line, "S");
	for (int i = 0; i < 60; i++)
		strcat(line, "王");
	back = fold_and_unfold(line);
	assert_string_equal(back, line);
	free(back);
	/* Four-byte emoji and two-byte letters, with every offset. */
	for (int shift = 0; shift < 4; shift++) {
		memset(line, 'k', (size_t)shift);
		line[shift] = '\0';
		for (int i = 0; i < 30; i++)
			strcat(line, "😀é");
		back = fold_and_unfold(line);
		assert_string_equal(back, line);
		free(back);
	}
}

static void check_escape(const char *in, const char *want)
{
	char *got = calendar_escape_text(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_escape(void **state)
{
	(void)state;
	check_escape("plain", "plain");
	check_escape("a;b,c\\d", "a\\;b\\,c\\\\d");
	check_escape("two\nlines", "two\\nlines");
	check_escape("tab\there", "tab here");
	/* Control characters never reach a calendar. */
	check_escape("red\x1b[31m bell\a del\x7f cr\r", "red[31m bell del cr");
	check_escape("c1 \xc2\x9b end", "c1  end");
	/* Invalid UTF-8 becomes U+FFFD. */
	check_escape("bad \xff byte", "bad \xef\xbf\xbd byte");
	check_escape("王小明 Zoë", "王小明 Zoë");
}

/* ---- the review day --------------------------------------------------------- */

static void test_review_day(void **state)
{
	struct review_day rule;
	(void)state;

	review_day_default(&rule);
	assert_int_equal(review_day_in_month(&rule, 2026, 12), D("2026-12-05"));
	assert_true(review_day_parse("first saturday", &rule));
	assert_int_equal(review_day_in_month(&rule, 2026, 11), D("2026-11-07"));
	assert_int_equal(review_day_in_month(&rule, 2026, 8), D("2026-08-01"));
	assert_true(review_day_parse("Last Fri", &rule));
	assert_int_equal(rule.nth, -1);
	assert_int_equal(review_day_in_month(&rule, 2026, 11), D("2026-11-27"));
	assert_int_equal(review_day_in_month(&rule, 2026, 7), D("2026-07-31"));
	assert_true(review_day_parse("second monday", &rule));
	assert_int_equal(review_day_in_month(&rule, 2026, 6), D("2026-06-08"));
	assert_true(review_day_parse("fourth sunday", &rule));
	assert_int_equal(review_day_in_month(&rule, 2026, 2), D("2026-02-22"));
	assert_true(review_day_parse("15", &rule));
	assert_int_equal(rule.month_day, 15);
	assert_int_equal(review_day_in_month(&rule, 2027, 2), D("2027-02-15"));
	assert_true(review_day_parse("28", &rule));

	const char *bad[] = { "", "0", "29", "-1", "+3", "15th", "first", "fifth monday", "first sa",
			      "first saturday please", "saturday", "first funday" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (review_day_parse(bad[i], &rule))
			fail_msg("\"%s\" was accepted", bad[i]);
}

/* ---- events ---------------------------------------------------------------- */

static int64_t add_card(struct db *db, const char *name, const char *birthday, const char *cadence)
{
	struct card card;
	char *cause = NULL;
	card_init(&card);
	card_set(&card.name, name);
	if (birthday != NULL)
		assert_true(birthday_parse(birthday, &card.birthday));
	if (cadence != NULL) {
		card.cadence_set = true;
		assert_true(cadence_parse(cadence, &card.cadence));
	}
	card_split_name(&card);
	expect_ok(card_insert(db, &card, NOW, &cause), &cause, "card_insert");
	int64_t id = card.id;
	card_done(&card);
	return id;
}

/* The event whose (escaped) summary starts with summary (the first
 * VEVENT's); all of them are shown when none does. */
static const struct calendar_event *find(const struct calendar_event *events, size_t n, const char *summary)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = strstr(events[i].text, "\r\nSUMMARY:");
		if (s != NULL && strncmp(s + 10, summary, strlen(summary)) == 0)
			return &events[i];
	}
	for (size_t i = 0; i < n; i++)
		print_message("%s\n", events[i].text);
	fail_msg("no event \"%s\"", summary);
	return NULL;
}

/* Each event is a calendar libical reads without a complaint. */
static void check_parses(const struct calendar_event *events, size_t n, bool want_alarm)
{
	for (size_t i = 0; i < n; i++) {
		icalcomponent *cal = icalparser_parse_string(events[i].text);
		assert_non_null(cal);
		if (icalcomponent_count_errors(cal) != 0)
			fail_msg("libical found errors in:\n%s", events[i].text);
		icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
		assert_non_null(ev);
		for (; ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
			struct icaltimetype start = icalcomponent_get_dtstart(ev);
			assert_true(start.is_date);
			assert_string_equal(icalcomponent_get_uid(ev), events[i].uid);
			assert_non_null(icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY));
			bool has_alarm = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT) != NULL;
			assert_int_equal(has_alarm, want_alarm);
		}
		icalcomponent_free(cal);
	}
}

static void test_events(void **state)
{
	struct db *db = NULL;
	char *cause = NULL;
	struct calendar_options opt;
	struct calendar_event *events;
	size_t n;
	const struct calendar_event *e;
	int today = D("2026-11-22");
	(void)state;

	db = open_memory();
	int64_t ada = add_card(db, "Ada Lovelace", "1989-12-10", "3m");
	expect_ok(touch_add(db, ada, D("2026-08-02"), CHANNEL_COFFEE, "", NOW, NULL, &cause), &cause, "touch");
	expect_ok(note_add(db, ada, "Private: Anne", NOW, NULL, &cause), &cause, "note");
	int64_t grace = add_card(db, "Grace Hopper", "--12-09", "1m");
	expect_ok(touch_add(db, grace, D("2026-11-10"), CHANNEL_LUNCH, "", NOW, NULL, &cause), &cause, "touch");
	add_card(db, "Leap Year", "1992-02-29", NULL);
	add_card(db, "Leap Nameless", "--02-29", NULL);
	int64_t snoozy = add_card(db, "Snoozy Sam", NULL, "1m");
	expect_ok(card_snooze(db, snoozy, "2026-12-01", NOW, &cause), &cause, "snooze");
	/* Snoozed past the day it is due: falls due when the snooze ends. */
	int64_t late = add_card(db, "Late Snooze", NULL, "1m");
	expect_ok(touch_add(db, late, D("2026-11-20"), CHANNEL_CALL, "", NOW, NULL, &cause), &cause, "touch");
	expect_ok(card_snooze(db, late, "2026-11-25", NOW, &cause), &cause, "snooze");
	int64_t far = add_card(db, "Far Future", NULL, "1y");
	expect_ok(touch_add(db, far, D("2026-10-01"), CHANNEL_CALL, "", NOW, NULL, &cause), &cause, "touch");
	add_card(db, "No Rhythm", NULL, NULL);

	calendar_options_default(&opt, today, NOW);
	expect_ok(calendar_events(db, &opt, &events, &n, &cause), &cause, "calendar_events");
	/* 4 birthdays, Ada, Grace, Snoozy and Late due, the review day. */
	assert_int_equal(n, 9);
	check_parses(events, n, true);

	e = find(events, n, "Birthday: Ada Lovelace\r\n");
	assert_int_equal(e->date, D("2026-12-10"));
	assert_non_null(strstr(e->text, "\r\nDTSTART;VALUE=DATE:19891210\r\nRRULE:FREQ=YEARLY\r\n"));
	assert_non_null(strstr(e->text, "\r\nRECURRENCE-ID;VALUE=DATE:20261210\r\n"));
	assert_non_null(strstr(e->text, "\r\nSUMMARY:Birthday: Ada Lovelace (turns 37)\r\n"));
	assert_non_null(strstr(e->text, "\r\nDESCRIPTION:Last touch: coffee on 2 Aug. A card or a note?\r\n"));
	assert_null(strstr(e->text, "Anne"));

	/* Year-less: no age anywhere, marked as such. */
	e = find(events, n, "Birthday: Grace Hopper");
	assert_int_equal(e->date, D("2026-12-09"));
	assert_non_null(strstr(e->text, "\r\nDTSTART;VALUE=DATE;X-APPLE-OMIT-YEAR=1604:16041209\r\n"));
	assert_null(strstr(e->text, "turns"));
	assert_null(strstr(e->text, "RECURRENCE-ID"));

	/* 29 February: the last day of February every year. */
	e = find(events, n, "Birthday: Leap Year\r\n");
	assert_int_equal(e->date, D("2027-02-28"));
	assert_non_null(strstr(e->text, "\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n"));
	assert_non_null(strstr(e->text, "\r\nSUMMARY:Birthday: Leap Year (turns 35)\r\n"));
	e = find(events, n, "Birthday: Leap Nameless");
	assert_non_null(strstr(e->text, "\r\nDTSTART;VALUE=DATE;X-APPLE-OMIT-YEAR=1604:16040229\r\n"));
	assert_non_null(strstr(e->text, "\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n"));

	/* Due: overdue is today; on its day; snoozed at the end of the snooze. */
	e = find(events, n, "Reach out: Ada Lovelace (every 3 months\\, last coffee on 2 Aug)");
	assert_int_equal(e->date, today);
	assert_non_null(strstr(e->text, "\r\nDTSTART;VALUE=DATE:20261122\r\n"));
	assert_null(strstr(e->text, "RRULE"));
	e = find(events, n, "Reach out: Grace Hopper (every month\\, last lunch on 10 Nov)");
	assert_int_equal(e->date, D("2026-12-10"));
	e = find(events, n, "Reach out: Snoozy Sam (every month\\, never contacted)");
	assert_int_equal(e->date, D("2026-12-01"));
	e = find(events, n, "Reach out: Late Snooze");
	assert_int_equal(e->date, D("2026-12-20"));

	e = find(events, n, "Review day");
	assert_int_equal(e->date, D("2026-12-05"));
	assert_non_null(strstr(e->text, "\r\nRRULE:FREQ=MONTHLY;BYDAY=1SA\r\n"));
	assert_non_null(strstr(e->text, "\r\nTRIGGER;RELATED=START:PT9H\r\n"));

	/* Stable UIDs: the same cards give the same events, DTSTAMP aside. */
	struct calendar_event *again;
	size_t n_again;
	calendar_options_default(&opt, today, "2026-11-22T07:00:00Z");
	expect_ok(calendar_events(db, &opt, &again, &n_again, &cause), &cause, "calendar_events again");
	assert_int_equal(n_again, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(again[i].uid, events[i].uid);
		assert_int_equal(strlen(again[i].text), strlen(events[i].text));
	}
	calendar_events_free(again, n_again);
	calendar_events_free(events, n);

	/* Options: notes on request, no alarm, fewer days, kinds left out. */
	calendar_options_default(&opt, today, NOW);
	opt.include_note = true;
	opt.alarm_minutes = -1;
	opt.days = 10;
	opt.review = false;
	opt.birthdays = false;
	expect_ok(calendar_events(db, &opt, &events, &n, &cause), &cause, "calendar_events with options");
	check_parses(events, n, false);
	assert_int_equal(n, 2); /* Ada today, Snoozy on 1 Dec */
	e = find(events, n, "Reach out: Ada");
	assert_non_null(strstr(e->text, "Latest note: Private: Anne"));
	calendar_events_free(events, n);

	/* Far Future (due 2027-10-01) appears when the window reaches it. */
	calendar_options_default(&opt, today, NOW);
	opt.days = 365;
	expect_ok(calendar_events(db, &opt, &events, &n, &cause), &cause, "calendar_events for a year");
	e = find(events, n, "Reach out: Far Future");
	assert_int_equal(e->date, D("2027-10-01"));
	calendar_events_free(events, n);
	db_close(db);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_review_day),
		cmocka_unit_test(test_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
