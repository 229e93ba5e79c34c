/*
 * date.h - calendar dates as day numbers, cadences, and the phrases the
 * screens use ("3 months ago", "in 5 days").  No curses, no sqlite.
 *
 * A date is an int: days since 1970-01-01 (proleptic Gregorian).  Text form
 * is always YYYY-MM-DD.  Time is an argument everywhere: only main.c reads
 * the clock or ROLODEX_TODAY.
 */
#ifndef ROLODEX_DATE_H
#define ROLODEX_DATE_H

#include <stdbool.h>
#include <stddef.h>

#define DATE_TEXT_SIZE 11 /* "YYYY-MM-DD" + NUL */
#define TIMESTAMP_TEXT_SIZE 21 /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

bool date_is_leap(int year);
int date_days_in_month(int year, int month);           /* month 1..12 */
bool date_valid(int year, int month, int day);          /* year 1..9999 */
int date_from_ymd(int year, int month, int day);        /* must be valid */
void date_to_ymd(int days, int *year, int *month, int *day);

/* Strict "YYYY-MM-DD" (also checks the day exists).  False when not. */
bool date_parse(const char *s, int *days);
/*
 * A day as people type it, relative to today: "2026-12-02", "today",
 * "yesterday", a weekday ("mon", "monday": the last one before today, a
 * week ago on a Monday), "-3d" or "-2w" (days or weeks ago), "2 Dec",
 * "Dec 2", "2 December 2025" (without a year: the latest such day not
 * after today).  Case does not matter.  The result may be in the future
 * (an ISO date, a year given): callers that record the past refuse it.
 * The one parser of a touch's date, for the CLI and the TUI.
 */
bool date_parse_day(const char *s, int today, int *days);
/* Writes "YYYY-MM-DD" into out. */
void date_format(int days, char out[DATE_TEXT_SIZE]);

/* Adds months, clamping the day to the end of the target month
 * (Jan 31 + 1 month = Feb 28 or 29). */
int date_add_months(int days, int months);

/* 0 = Monday ... 6 = Sunday. */
int date_weekday(int days);

/* "10 Dec", "2 Aug 2025" (year shown when it differs from today's year). */
void date_format_short(int days, int today, char *out, size_t outsize);

/*
 * Birthdays: month 1..12, day 1..31 valid for that month in a leap year
 * (29 Feb allowed), year 0 when unknown.
 */
struct birthday {
	int year;  /* 0: unknown */
	int month; /* 0: no birthday */
	int day;
};

/* Parses "YYYY-MM-DD" or "--MM-DD" (also "--MMDD").  False when invalid. */
bool birthday_parse(const char *s, struct birthday *out);
/* "YYYY-MM-DD" or "--MM-DD"; "" when month == 0. */
void birthday_format(const struct birthday *b, char out[DATE_TEXT_SIZE]);
/* As people write it: "17 Mar", or "17 Mar 1988" when the year is known;
 * "" when month == 0.  The TUI's card and `rolodex show` both use it. */
#define BIRTHDAY_TEXT_SIZE 16 /* "31 Dec 9999" + NUL, with room */
void birthday_format_human(const struct birthday *b, char out[BIRTHDAY_TEXT_SIZE]);
/* Next date on or after today when the birthday falls; 29 Feb falls on
 * 28 Feb in common years.  Requires month != 0. */
int birthday_next(const struct birthday *b, int today);
/* Age reached on the next birthday, or -1 when the year is unknown. */
int birthday_next_age(const struct birthday *b, int today);

/*
 * A keep-in-touch cadence: every n units, unit one of 'd', 'w', 'm', 'y'.
 * n == 0 means none.
 */
struct cadence {
	int n;
	char unit;
};

/* Parses "45d", "2w", "3m", "1y" (also "none" and "0" for none, and
 * "monthly", "quarterly", "yearly", "weekly").  n must be 1..999 (days up to
 * 3650).  False when invalid. */
bool cadence_parse(const char *s, struct cadence *out);
/* Canonical text: "3m", "45d", "" for none. */
void cadence_format(const struct cadence *c, char *out, size_t outsize);
/* "every 3 months", "every 45 days", "every month", "no rhythm". */
void cadence_describe(const struct cadence *c, char *out, size_t outsize);
/* Nominal length in days (m = 30, y = 365, w = 7) for ordering and JSON. */
int cadence_days(const struct cadence *c);
/* Date the next touch is due after a touch on `last` (calendar months). */
int cadence_next_due(const struct cadence *c, int last);

/* "today", "yesterday", "3 days ago", "2 weeks ago", "3 months ago",
 * "2 years ago"; for future dates "tomorrow", "in 5 days" ... */
void date_describe_relative(int days, int today, char *out, size_t outsize);
/* A span in words: "3 days", "2 weeks", "3 months", "1 year". */
void date_describe_span(int span_days, char *out, size_t outsize);

/* Interprets ROLODEX_TODAY-style text or, when NULL/empty, the local clock.
 * False (and *days untouched) when text is given but invalid. */
bool date_today(const char *override_text, int *days);

#endif
