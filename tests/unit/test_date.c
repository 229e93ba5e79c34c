/*
 * test_date.c - unit tests for day-number dates, parsing and formatting,
 * month arithmetic, birthdays, cadences and the relative phrases.  Time is
 * always an argument here; only test_today_* touch the clock.
 */
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "rolodex/date.h"

/* Day number of a date known to be valid. */
static int D(const char *text)
{
	int days = INT_MIN;
	assert_true(date_parse(text, &days));
	return days;
}

static void check_format(int days, const char *want)
{
	char out[DATE_TEXT_SIZE];
	date_format(days, out);
	assert_string_equal(out, want);
}

static void check_add_months(const char *from, int months, const char *want)
{
	check_format(date_add_months(D(from), months), want);
}

static void check_relative(const char *date, const char *today, const char *want)
{
	char out[64];
	date_describe_relative(D(date), D(today), out, sizeof(out));
	assert_string_equal(out, want);
}

static void check_span(int span, const char *want)
{
	char out[64];
	date_describe_span(span, out, sizeof(out));
	assert_string_equal(out, want);
}

static void check_cadence(const char *text, int n, char unit)
{
	struct cadence c = { .n = -1, .unit = '?' };
	assert_true(cadence_parse(text, &c));
	assert_int_equal(c.n, n);
	assert_int_equal(c.unit, unit);
}

static void check_cadence_bad(const char *text)
{
	struct cadence c = { .n = 42, .unit = 'd' };
	assert_false(cadence_parse(text, &c));
	/* Untouched on failure. */
	assert_int_equal(c.n, 42);
	assert_int_equal(c.unit, 'd');
}

static void check_birthday_next(const char *bday, const char *today, const char *want)
{
	struct birthday b;
	assert_true(birthday_parse(bday, &b));
	check_format(birthday_next(&b, D(today)), want);
}

static void test_leap(void **state)
{
	(void)state;
	assert_true(date_is_leap(2000));
	assert_false(date_is_leap(1900));
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(2100));
	assert_false(date_is_leap(2025));
	assert_true(date_is_leap(1600));
	assert_true(date_is_leap(4));
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2025, 1), 31);
	assert_int_equal(date_days_in_month(2025, 4), 30);
	assert_int_equal(date_days_in_month(2025, 12), 31);
	assert_int_equal(date_days_in_month(2025, 0), 0);
	assert_int_equal(date_days_in_month(2025, 13), 0);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2025, 2, 29));
	assert_true(date_valid(2000, 2, 29));
	assert_false(date_valid(1900, 2, 29));
	assert_false(date_valid(2100, 2, 29));
	assert_false(date_valid(2026, 2, 30));
	assert_false(date_valid(2026, 4, 31));
	assert_true(date_valid(2026, 12, 31));
	assert_false(date_valid(2026, 13, 1));
	assert_false(date_valid(2026, 0, 1));
	assert_false(date_valid(2026, 1, 0));
	assert_true(date_valid(1, 1, 1));
	assert_true(date_valid(9999, 12, 31));
	assert_false(date_valid(0, 1, 1));
	assert_false(date_valid(10000, 1, 1));
}

static void test_known_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(date_from_ymd(2000, 1, 1), 10957);
	assert_int_equal(date_from_ymd(2024, 2, 29), 19782);
	assert_int_equal(date_from_ymd(2026, 1, 1), 20454);
	assert_int_equal(date_from_ymd(1900, 3, 1), -25508);
	assert_int_equal(date_from_ymd(2100, 3, 1), 47541);
	assert_int_equal(date_from_ymd(1, 1, 1), -719162);
	assert_int_equal(date_from_ymd(9999, 12, 31), 2932896);
	/* The day after 28 Feb in a non-leap century year is 1 March. */
	assert_int_equal(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1);
	assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
	assert_int_equal(date_from_ymd(2101, 1, 1) - date_from_ymd(2100, 1, 1), 365);
	assert_int_equal(date_from_ymd(2001, 1, 1) - date_from_ymd(2000, 1, 1), 366);
}

static void test_round_trip_all(void **state)
{
	(void)state;
	/* Every day from 0001-01-01 to 9999-12-31 converts back and forth and
	 * consecutive days are consecutive numbers. */
	int expect = date_from_ymd(1, 1, 1);
	for (int y = 1; y <= 9999; y++) {
		for (int m = 1; m <= 12; m++) {
			int last = date_days_in_month(y, m);
			for (int d = 1; d <= last; d++) {
				int days = date_from_ymd(y, m, d);
				if (days != expect)
					fail_msg("%04d-%02d-%02d: %d != %d", y, m, d,
						 days, expect);
				int yy, mm, dd;
				date_to_ymd(days, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("%d -> %04d-%02d-%02d", days, yy, mm, dd);
				expect++;
			}
		}
	}
}

static void test_parse(void **state)
{
	int days = 12345;
	(void)state;
	assert_true(date_parse("1970-01-01", &days));
	assert_int_equal(days, 0);
	assert_true(date_parse("2024-02-29", &days));
	assert_int_equal(days, 19782);
	assert_true(date_parse("2000-02-29", &days));
	assert_true(date_parse("0001-01-01", &days));
	assert_true(date_parse("9999-12-31", &days));

	days = 777;
	assert_false(date_parse("2026-02-30", &days));
	assert_false(date_parse("2025-02-29", &days));
	assert_false(date_parse("1900-02-29", &days));
	assert_false(date_parse("2100-02-29", &days));
	assert_false(date_parse("2026-04-31", &days));
	assert_false(date_parse("2026-13-01", &days));
	assert_false(date_parse("2026-00-10", &days));
	assert_false(date_parse("2026-01-00", &days));
	assert_false(date_parse("0000-01-01", &days));
	assert_false(date_parse("", &days));
	assert_false(date_parse(NULL, &days));
	assert_false(date_parse("2026-1-01", &days));
	assert_false(date_parse("2026-01-1", &days));
	assert_false(date_parse("26-01-01", &days));
	assert_false(date_parse("2026/01/01", &days));
	assert_false(date_parse("2026-01-01 ", &days));
	assert_false(date_parse(" 2026-01-01", &days));
	assert_false(date_parse("2026-01-01T00:00", &days));
	assert_false(date_parse("20260101", &days));
	assert_false(date_parse("+026-01-01", &days));
	assert_false(date_parse("2026-+1-01", &days));
	assert_false(date_parse("2026-0a-01", &days));
	assert_false(date_parse("12026-01-01", &days));
	assert_int_equal(days, 777);
}

static void test_format(void **state)
{
	(void)state;
	check_format(0, "1970-01-01");
	check_format(-1, "1969-12-31");
	check_format(19782, "2024-02-29");
	check_format(date_from_ymd(1, 1, 1), "0001-01-01");
	check_format(date_from_ymd(9999, 12, 31), "9999-12-31");
	check_format(date_from_ymd(2025, 12, 31) + 1, "2026-01-01");
}

static void test_add_months(void **state)
{
	(void)state;
	check_add_months("2026-01-31", 1, "2026-02-28");
	check_add_months("2024-01-31", 1, "2024-02-29");
	check_add_months("2000-01-31", 1, "2000-02-29");
	check_add_months("2100-01-31", 1, "2100-02-28");
	check_add_months("2026-03-31", 1, "2026-04-30");
	check_add_months("2026-01-15", 1, "2026-02-15");
	check_add_months("2025-12-15", 1, "2026-01-15");
	check_add_months("2025-11-30", 3, "2026-02-28");
	check_add_months("2024-02-29", 12, "2025-02-28");
	check_add_months("2024-02-29", 48, "2028-02-29");
	check_add_months("2026-03-31", -1, "2026-02-28");
	check_add_months("2026-01-10", -1, "2025-12-10");
	check_add_months("2026-01-10", -13, "2024-12-10");
	check_add_months("2026-05-20", 0, "2026-05-20");
	check_add_months("2026-05-20", 120, "2036-05-20");
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(0), 3);                 /* Thursday */
	assert_int_equal(date_weekday(D("2000-01-01")), 5);   /* Saturday */
	assert_int_equal(date_weekday(D("2024-02-29")), 3);
	assert_int_equal(date_weekday(D("2026-03-10")), 1);   /* Tuesday */
	assert_int_equal(date_weekday(D("1969-12-29")), 0);   /* Monday */
	assert_int_equal(date_weekday(D("0001-01-01")), 0);   /* Monday */
	assert_int_equal(date_weekday(D("9999-12-31")), 4);   /* Friday */
	assert_int_equal(date_weekday(-1), 2);
}

static void test_format_short(void **state)
{
	char out[32];
	int today = D("2026-03-10");
	(void)state;
	date_format_short(D("2026-12-10"), today, out, sizeof(out));
	assert_string_equal(out, "10 Dec");
	date_format_short(D("2026-01-01"), today, out, sizeof(out));
	assert_string_equal(out, "1 Jan");
	date_format_short(D("2025-08-02"), today, out, sizeof(out));
	assert_string_equal(out, "2 Aug 2025");
	date_format_short(D("2027-05-31"), today, out, sizeof(out));
	assert_string_equal(out, "31 May 2027");
	char small[4];
	date_format_short(D("2026-12-10"), today, small, sizeof(small));
	assert_string_equal(small, "10 ");
}

static void test_birthday_parse(void **state)
{
	struct birthday b;
	(void)state;
	assert_true(birthday_parse("1815-12-10", &b));
	assert_int_equal(b.year, 1815);
	assert_int_equal(b.month, 12);
	assert_int_equal(b.day, 10);
	assert_true(birthday_parse("--04-15", &b));
	assert_int_equal(b.year, 0);
	assert_int_equal(b.month, 4);
	assert_int_equal(b.day, 15);
	assert_true(birthday_parse("--0415", &b));
	assert_int_equal(b.year, 0);
	assert_int_equal(b.month, 4);
	assert_int_equal(b.day, 15);
	assert_true(birthday_parse("--02-29", &b));
	assert_int_equal(b.day, 29);
	assert_true(birthday_parse("2000-02-29", &b));

	b.month = 7;
	assert_false(birthday_parse("2001-02-29", &b));
	assert_false(birthday_parse("--02-30", &b));
	assert_false(birthday_parse("--04-31", &b));
	assert_false(birthday_parse("--13-01", &b));
	assert_false(birthday_parse("--00-01", &b));
	assert_false(birthday_parse("--04-00", &b));
	assert_false(birthday_parse("--4-15", &b));
	assert_false(birthday_parse("--04-5", &b));
	assert_false(birthday_parse("--041", &b));
	assert_false(birthday_parse("--04155", &b));
	assert_false(birthday_parse("--04/15", &b));
	assert_false(birthday_parse("-04-15", &b));
	assert_false(birthday_parse("--", &b));
	assert_false(birthday_parse("", &b));
	assert_false(birthday_parse(NULL, &b));
	assert_false(birthday_parse("April 15", &b));
	assert_int_equal(b.month, 7);
}

static void test_birthday_format(void **state)
{
	char out[DATE_TEXT_SIZE];
	struct birthday full = { .year = 1815, .month = 12, .day = 10 };
	struct birthday partial = { .year = 0, .month = 4, .day = 5 };
	struct birthday none = { .year = 0, .month = 0, .day = 0 };
	(void)state;
	birthday_format(&full, out);
	assert_string_equal(out, "1815-12-10");
	birthday_format(&partial, out);
	assert_string_equal(out, "--04-05");
	birthday_format(&none, out);
	assert_string_equal(out, "");
}

static void test_birthday_next(void **state)
{
	(void)state;
	check_birthday_next("1990-04-15", "2026-03-10", "2026-04-15");
	check_birthday_next("1990-04-15", "2026-04-15", "2026-04-15"); /* today */
	check_birthday_next("1990-04-15", "2026-04-16", "2027-04-15");
	check_birthday_next("--01-01", "2026-12-31", "2027-01-01");
	check_birthday_next("--12-31", "2026-12-31", "2026-12-31");
	check_birthday_next("--12-31", "2027-01-01", "2027-12-31");
	check_birthday_next("--0415", "2026-03-10", "2026-04-15");
	/* 29 Feb falls on 28 Feb in common years. */
	check_birthday_next("2000-02-29", "2026-01-10", "2026-02-28");
	check_birthday_next("2000-02-29", "2026-02-28", "2026-02-28");
	check_birthday_next("2000-02-29", "2027-03-01", "2028-02-29");
	check_birthday_next("2000-02-29", "2024-02-29", "2024-02-29");
	check_birthday_next("2000-02-29", "2024-03-01", "2025-02-28");
	check_birthday_next("--02-29", "2099-03-01", "2100-02-28");
	check_birthday_next("--02-29", "2099-12-31", "2100-02-28");
	check_birthday_next("--02-29", "1999-06-01", "2000-02-29");
}

static void test_birthday_age(void **state)
{
	struct birthday b;
	(void)state;
	assert_true(birthday_parse("1990-04-15", &b));
	assert_int_equal(birthday_next_age(&b, D("2026-03-10")), 36);
	assert_int_equal(birthday_next_age(&b, D("2026-04-15")), 36);
	assert_int_equal(birthday_next_age(&b, D("2026-04-16")), 37);
	assert_true(birthday_parse("2000-02-29", &b));
	assert_int_equal(birthday_next_age(&b, D("2026-03-01")), 27);
	assert_true(birthday_parse("--04-15", &b));
	assert_int_equal(birthday_next_age(&b, D("2026-03-10")), -1);
}

static void test_cadence_parse(void **state)
{
	(void)state;
	check_cadence("45d", 45, 'd');
	check_cadence("2w", 2, 'w');
	check_cadence("3m", 3, 'm');
	check_cadence("1y", 1, 'y');
	check_cadence("1d", 1, 'd');
	check_cadence("999d", 999, 'd');
	check_cadence("521w", 521, 'w');   /* 3647 days */
	check_cadence("121m", 121, 'm');   /* 3630 days */
	check_cadence("10y", 10, 'y');     /* 3650 days */
	check_cadence("3M", 3, 'm');
	check_cadence("none", 0, 0);
	check_cadence("0", 0, 0);
	check_cadence("weekly", 1, 'w');
	check_cadence("monthly", 1, 'm');
	check_cadence("quarterly", 3, 'm');
	check_cadence("yearly", 1, 'y');
	check_cadence("annually", 1, 'y');
	check_cadence("Monthly", 1, 'm');

	check_cadence_bad("");
	check_cadence_bad(NULL);
	check_cadence_bad("0d");
	check_cadence_bad("0m");
	check_cadence_bad("-3m");
	check_cadence_bad("+3m");
	check_cadence_bad("3x");
	check_cadence_bad("m");
	check_cadence_bad("d");
	check_cadence_bad("3");
	check_cadence_bad("45");
	check_cadence_bad("1000d");
	check_cadence_bad("9999d");
	check_cadence_bad("522w");
	check_cadence_bad("122m");
	check_cadence_bad("11y");
	check_cadence_bad("999y");
	check_cadence_bad("3 m");
	check_cadence_bad(" 3m");
	check_cadence_bad("3m ");
	check_cadence_bad("3mm");
	check_cadence_bad("1.5m");
	check_cadence_bad("never");
	check_cadence_bad("nonee");
	check_cadence_bad("month");
	check_cadence_bad("00");
}

static void test_cadence_text(void **state)
{
	char out[64];
	struct cadence c3m = { .n = 3, .unit = 'm' };
	struct cadence c45d = { .n = 45, .unit = 'd' };
	struct cadence c1m = { .n = 1, .unit = 'm' };
	struct cadence c1w = { .n = 1, .unit = 'w' };
	struct cadence c2y = { .n = 2, .unit = 'y' };
	struct cadence none = { .n = 0, .unit = 0 };
	(void)state;
	cadence_format(&c3m, out, sizeof(out));
	assert_string_equal(out, "3m");
	cadence_format(&c45d, out, sizeof(out));
	assert_string_equal(out, "45d");
	cadence_format(&none, out, sizeof(out));
	assert_string_equal(out, "");
	cadence_describe(&c3m, out, sizeof(out));
	assert_string_equal(out, "every 3 months");
	cadence_describe(&c45d, out, sizeof(out));
	assert_string_equal(out, "every 45 days");
	cadence_describe(&c1m, out, sizeof(out));
	assert_string_equal(out, "every month");
	cadence_describe(&c1w, out, sizeof(out));
	assert_string_equal(out, "every week");
	cadence_describe(&c2y, out, sizeof(out));
	assert_string_equal(out, "every 2 years");
	cadence_describe(&none, out, sizeof(out));
	assert_string_equal(out, "no rhythm");

	/* Parse and format round trip. */
	const char *texts[] = { "1d", "45d", "2w", "3m", "1y", "10y" };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct cadence c;
		assert_true(cadence_parse(texts[i], &c));
		cadence_format(&c, out, sizeof(out));
		assert_string_equal(out, texts[i]);
	}
}

static void test_cadence_days(void **state)
{
	struct cadence c;
	(void)state;
	assert_true(cadence_parse("45d", &c));
	assert_int_equal(cadence_days(&c), 45);
	assert_true(cadence_parse("2w", &c));
	assert_int_equal(cadence_days(&c), 14);
	assert_true(cadence_parse("3m", &c));
	assert_int_equal(cadence_days(&c), 90);
	assert_true(cadence_parse("1y", &c));
	assert_int_equal(cadence_days(&c), 365);
	assert_true(cadence_parse("none", &c));
	assert_int_equal(cadence_days(&c), 0);
}

static void test_cadence_next_due(void **state)
{
	struct cadence c;
	(void)state;
	assert_true(cadence_parse("45d", &c));
	check_format(cadence_next_due(&c, D("2026-01-01")), "2026-02-15");
	assert_true(cadence_parse("2w", &c));
	check_format(cadence_next_due(&c, D("2025-12-25")), "2026-01-08");
	assert_true(cadence_parse("1m", &c));
	check_format(cadence_next_due(&c, D("2026-01-31")), "2026-02-28");
	check_format(cadence_next_due(&c, D("2024-01-31")), "2024-02-29");
	assert_true(cadence_parse("quarterly", &c));
	check_format(cadence_next_due(&c, D("2025-11-30")), "2026-02-28");
	assert_true(cadence_parse("1y", &c));
	check_format(cadence_next_due(&c, D("2024-02-29")), "2025-02-28");
	check_format(cadence_next_due(&c, D("2025-06-01")), "2026-06-01");
	assert_true(cadence_parse("none", &c));
	assert_int_equal(cadence_next_due(&c, D("2026-01-01")), INT_MAX);
}

static void test_describe_relative(void **state)
{
	(void)state;
	const char *today = "2026-03-10";
	check_relative("2026-03-10", today, "today");
	check_relative("2026-03-09", today, "yesterday");
	check_relative("2026-03-11", today, "tomorrow");
	check_relative("2026-03-07", today, "3 days ago");
	check_relative("2026-03-15", today, "in 5 days");
	check_relative("2026-02-25", today, "13 days ago");
	check_relative("2026-02-24", today, "2 weeks ago");      /* 14 days */
	check_relative("2026-03-24", today, "in 2 weeks");
	check_relative("2026-01-10", today, "8 weeks ago");      /* 59 days */
	check_relative("2026-01-09", today, "2 months ago");     /* 60 days */
	check_relative("2025-12-10", today, "3 months ago");     /* 90 days */
	check_relative("2025-03-11", today, "11 months ago");    /* 364 days */
	check_relative("2025-03-10", today, "1 year ago");       /* 365 days */
	check_relative("2024-03-10", today, "2 years ago");      /* 730 days */
	check_relative("2024-03-11", today, "1 year ago");       /* 729 days */
	check_relative("2027-03-10", today, "in 1 year");
	check_relative("2016-03-10", today, "10 years ago");
	/* Across a year boundary. */
	check_relative("2025-12-31", "2026-01-01", "yesterday");
	check_relative("2027-01-01", "2026-12-31", "tomorrow");
	/* Leap years: a calendar year is always at least "1 year". */
	check_relative("2024-02-29", "2025-02-28", "1 year ago");
	check_relative("2020-02-29", "2024-02-29", "4 years ago");
}

static void test_describe_span(void **state)
{
	(void)state;
	check_span(0, "0 days");
	check_span(1, "1 day");
	check_span(2, "2 days");
	check_span(13, "13 days");
	check_span(14, "2 weeks");
	check_span(20, "2 weeks");
	check_span(21, "3 weeks");
	check_span(59, "8 weeks");
	check_span(60, "2 months");
	check_span(89, "2 months");
	check_span(90, "3 months");
	check_span(364, "11 months");
	check_span(365, "1 year");
	check_span(729, "1 year");
	check_span(730, "2 years");
	check_span(-3, "3 days");
	check_span(INT_MAX, "5883516 years");
	check_span(INT_MIN, "5883516 years");
}

static void test_today(void **state)
{
	int days = 4242;
	(void)state;
	assert_true(date_today("2026-03-10", &days));
	assert_int_equal(days, D("2026-03-10"));

	days = 4242;
	assert_false(date_today("2026-02-30", &days));
	assert_false(date_today("tomorrow", &days));
	assert_int_equal(days, 4242);

	/* The clock: compare with localtime around the call. */
	time_t now = time(NULL);
	struct tm tm;
	assert_non_null(localtime_r(&now, &tm));
	int before = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	assert_true(date_today(NULL, &days));
	assert_true(days == before || days == before + 1);
	assert_true(date_today("", &days));
	assert_true(days == before || days == before + 1);
}


/* The touch date as typed: 2026-12-05 is a Saturday. */
static void test_parse_day(void **state)
{
	(void)state;
	int today = date_from_ymd(2026, 12, 5);
	int d = 0;
	struct {
		const char *text;
		int y, m, day;
	} good[] = {
		{ "2026-12-02", 2026, 12, 2 }, { "today", 2026, 12, 5 },      { "Yesterday", 2026, 12, 4 },
		{ "mon", 2026, 11, 30 },       { "monday", 2026, 11, 30 },    { "fri", 2026, 12, 4 },
		{ "sat", 2026, 11, 28 },       { "Sunday", 2026, 11, 29 },    { "-3d", 2026, 12, 2 },
		{ "-2w", 2026, 11, 21 },       { "2 Dec", 2026, 12, 2 },      { "dec 2", 2026, 12, 2 },
		{ "2 December", 2026, 12, 2 }, { "24 dec", 2025, 12, 24 },    { "29 feb", 2024, 2, 29 },
		{ "2 Dec 2025", 2025, 12, 2 }, { "  2  dec ", 2026, 12, 2 },  { "5 dec", 2026, 12, 5 },
		{ "2027-01-01", 2027, 1, 1 },  { "-0d", 2026, 12, 5 },        { "sept 9", 2026, 9, 9 },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		d = 0;
		if (!date_parse_day(good[i].text, today, &d))
			fail_msg("'%s' was refused", good[i].text);
		assert_int_equal(d, date_from_ymd(good[i].y, good[i].m, good[i].day));
	}
	const char *bad[] = {
		"", " ", "mo", "2", "dec", "32 dec", "2 foo", "-d", "-3", "-3m", "3d", "-99999d", "31 feb 2025",
		"2 dec 25", "2 dec 2025 x", "2026-13-01", "tomorrow", "2 dÃ©c",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (date_parse_day(bad[i], today, &d))
			fail_msg("'%s' was accepted", bad[i]);
	/* On a Monday, "mon" is a week ago. */
	assert_true(date_parse_day("mon", date_from_ymd(2026, 11, 30), &d));
	assert_int_equal(d, date_from_ymd(2026, 11, 23));
}

int main(void)
{
	if (setlocale(LC_ALL, "") == NULL || MB_CUR_MAX == 1)
		setlocale(LC_ALL, "C.UTF-8");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_known_day_numbers),
		cmocka_unit_test(test_round_trip_all),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_format_short),
		cmocka_unit_test(test_birthday_parse),
		cmocka_unit_test(test_birthday_format),
		cmocka_unit_test(test_birthday_next),
		cmocka_unit_test(test_birthday_age),
		cmocka_unit_test(test_cadence_parse),
		cmocka_unit_test(test_cadence_text),
		cmocka_unit_test(test_cadence_days),
		cmocka_unit_test(test_cadence_next_due),
		cmocka_unit_test(test_describe_relative),
		cmocka_unit_test(test_describe_span),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_parse_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
