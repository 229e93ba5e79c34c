/*
 * date.c - calendar arithmetic on day numbers (days since 1970-01-01,
 * proleptic Gregorian), birthdays, keep-in-touch cadences and the English
 * phrases the screens show.
 *
 * Day numbers keep the model free of time zones and DST: a date is a date.
 * Only date_today() looks at the clock, and only when no override is given.
 */
#include "rolodex/date.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Floor division: C division truncates, which is wrong for days before
 * 1970 and for subtracting months. */
static int floor_div(int a, int b)
{
	int q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int floor_mod(int a, int b)
{
	return a - floor_div(a, b) * b;
}

bool date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return days[month - 1];
}

bool date_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
	       day >= 1 && day <= date_days_in_month(year, month);
}

/*
 * Both conversions count in a calendar whose years start on 1 March, so the
 * leap day is the last day of its year and the month lengths from March on
 * follow the fixed 153-days-per-5-months pattern.  An era is 400 years
 * (146097 days); the Gregorian cycle repeats exactly every era.
 */
#define DAYS_PER_ERA 146097
#define EPOCH_SHIFT 719468 /* days from 0000-03-01 to 1970-01-01 */

int date_from_ymd(int year, int month, int day)
{
	int y = month <= 2 ? year - 1 : year;
	int era = floor_div(y, 400);
	int yoe = y - era * 400;                       /* 0..399 */
	int mp = month > 2 ? month - 3 : month + 9;    /* March = 0 */
	int doy = (153 * mp + 2) / 5 + day - 1;        /* 0..365 */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

void date_to_ymd(int days, int *year, int *month, int *day)
{
	/* Shifting in long long keeps INT_MIN-ish inputs from overflowing. */
	long long z = (long long)days + EPOCH_SHIFT;
	long long era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
	int doe = (int)(z - era * DAYS_PER_ERA);                   /* 0..146096 */
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);         /* 0..365 */
	int mp = (5 * doy + 2) / 153;                              /* 0..11 */
	int m = mp < 10 ? mp + 3 : mp - 9;

	*day = doy - (153 * mp + 2) / 5 + 1;
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

/* Reads exactly n decimal digits. */
static bool parse_digits(const char *s, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return true;
}

static bool parse_ymd(const char *s, int *year, int *month, int *day)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!parse_digits(s, 4, year) || !parse_digits(s + 5, 2, month) ||
	    !parse_digits(s + 8, 2, day))
		return false;
	return date_valid(*year, *month, *day);
}

bool date_parse(const char *s, int *days)
{
	int y, m, d;

	if (s == NULL || !parse_ymd(s, &y, &m, &d))
		return false;
	*days = date_from_ymd(y, m, d);
	return true;
}

/* ---- a day as people type it ---------------------------------------------- */

static const char *const weekday_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};
static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december",
};

/* Index of word in names when it is the name or a prefix of at least three
 * letters ("mon", "tues", "sept"); -1 when not. */
static int name_index(const char *word, const char *const *names, int n)
{
	size_t len = strlen(word);
	if (len < 3)
		return -1;
	for (int i = 0; i < n; i++)
		if (strncmp(word, names[i], len) == 0)
			return i;
	return -1;
}

/* A whole number of 1 to `digits` digits; false when s is anything else. */
static bool parse_number(const char *s, int digits, int *value)
{
	size_t len = strlen(s);
	if (len == 0 || len > (size_t)digits)
		return false;
	return parse_digits(s, (int)len, value);
}

/* "2 dec", "dec 2", "2 december 2025": the words split at spaces. */
static bool parse_day_month(char words[3][16], int nwords, int today, int *days)
{
	int day = 0, month = -1, year = 0;
	if (nwords < 2)
		return false;
	if (parse_number(words[0], 2, &day))
		month = name_index(words[1], month_names, 12);
	else if (parse_number(words[1], 2, &day))
		month = name_index(words[0], month_names, 12);
	if (month < 0 || (nwords == 3 && !(strlen(words[2]) == 4 && parse_digits(words[2], 4, &year))))
		return false;
	int ty, tm, td;
	date_to_ymd(today, &ty, &tm, &td);
	if (year != 0) {
		if (!date_valid(year, month + 1, day))
			return false;
		*days = date_from_ymd(year, month + 1, day);
		return true;
	}
	/* Without a year: the latest such day that is not after today. */
	for (int y = ty; y >= ty - 4; y--) {
		if (date_valid(y, month + 1, day) && date_from_ymd(y, month + 1, day) <= today) {
			*days = date_from_ymd(y, month + 1, day);
			return true;
		}
	}
	return false;
}

bool date_parse_day(const char *s, int today, int *days)
{
	if (s == NULL)
		return false;
	/* Lower case, at most three words of 15 letters. */
	char words[3][16];
	int nwords = 0;
	size_t len = 0;
	for (const char *p = s;; p++) {
		bool end = *p == '\0' || *p == ' ' || *p == '\t' || *p == ',';
		if (!end) {
			if (nwords == 3 || len + 1 >= sizeof words[0] || (unsigned char)*p >= 0x80)
				return false;
			words[nwords][len++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		} else if (len > 0) {
			words[nwords++][len] = '\0';
			len = 0;
		}
		if (*p == '\0')
			break;
	}
	if (nwords == 0)
		return false;
	if (nwords > 1)
		return parse_day_month(words, nwords, today, days);
	const char *w = words[0];
	if (date_parse(w, days))
		return true;
	if (strcmp(w, "today") == 0) {
		*days = today;
		return true;
	}
	if (strcmp(w, "yesterday") == 0) {
		*days = today - 1;
		return true;
	}
	int weekday = name_index(w, weekday_names, 7);
	if (weekday >= 0) {
		/* The last one before today: "mon" on a Monday is a week ago. */
		int back = date_weekday(today) - weekday;
		*days = today - (back <= 0 ? back + 7 : back);
		return true;
	}
	/* "-3d", "-2w": days or weeks ago. */
	size_t wl = strlen(w);
	int n;
	if (w[0] == '-' && wl >= 3 && (w[wl - 1] == 'd' || w[wl - 1] == 'w')) {
		char digits[8];
		if (wl - 2 >= sizeof digits)
			return false;
		memcpy(digits, w + 1, wl - 2);
		digits[wl - 2] = '\0';
		if (!parse_number(digits, 4, &n))
			return false;
		int back = w[wl - 1] == 'w' ? n * 7 : n;
		if (back > 3650)
			return false;
		*days = today - back;
		return true;
	}
	return false;
}

/* Writes n digits of v (0 <= v < 10^n), zero-padded; no snprintf so that
 * the fixed-size buffer can never truncate. */
static void put_digits(char *out, int n, int v)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_format(int days, char out[DATE_TEXT_SIZE])
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	/* Years outside 0..9999 do not fit the text form; clamp rather than
	 * write garbage. */
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	put_digits(out, 4, y);
	out[4] = '-';
	put_digits(out + 5, 2, m);
	out[7] = '-';
	put_digits(out + 8, 2, d);
	out[10] = '\0';
}

int date_add_months(int days, int months)
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	int index = y * 12 + (m - 1) + months;
	y = floor_div(index, 12);
	m = floor_mod(index, 12) + 1;
	int last = date_days_in_month(y, m);
	if (d > last)
		d = last;
	return date_from_ymd(y, m, d);
}

int date_weekday(int days)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	return floor_mod(days + 3, 7);
}

void date_format_short(int days, int today, char *out, size_t outsize)
{
	int y, m, d;
	int ty, tm, td;

	date_to_ymd(days, &y, &m, &d);
	date_to_ymd(today, &ty, &tm, &td);
	if (y == ty)
		snprintf(out, outsize, "%d %s", d, month_abbr[m - 1]);
	else
		snprintf(out, outsize, "%d %s %d", d, month_abbr[m - 1], y);
}

bool birthday_parse(const char *s, struct birthday *out)
{
	int y, m, d;

	if (s == NULL)
		return false;
	if (s[0] == '-' && s[1] == '-') {
		size_t len = strlen(s);
		s += 2;
		if (len == 7 && s[2] == '-') {
			if (!parse_digits(s, 2, &m) || !parse_digits(s + 3, 2, &d))
				return false;
		} else if (len == 6) {
			if (!parse_digits(s, 2, &m) || !parse_digits(s + 2, 2, &d))
				return false;
		} else {
			return false;
		}
		/* A leap year (2000) so that --02-29 is accepted. */
		if (!date_valid(2000, m, d))
			return false;
		y = 0;
	} else if (!parse_ymd(s, &y, &m, &d)) {
		return false;
	}
	out->year = y;
	out->month = m;
	out->day = d;
	return true;
}

void birthday_format_human(const struct birthday *b, char out[BIRTHDAY_TEXT_SIZE])
{
	if (b->month < 1 || b->month > 12) {
		out[0] = '\0';
		return;
	}
	if (b->year > 0 && b->year <= 9999)
		snprintf(out, BIRTHDAY_TEXT_SIZE, "%d %s %d", b->day, month_abbr[b->month - 1], b->year);
	else
		snprintf(out, BIRTHDAY_TEXT_SIZE, "%d %s", b->day, month_abbr[b->month - 1]);
}

void birthday_format(const struct birthday *b, char out[DATE_TEXT_SIZE])
{
	if (b->month == 0) {
		out[0] = '\0';
		return;
	}
	if (b->year > 0 && b->year <= 9999) {
		put_digits(out, 4, b->year);
		out[4] = '-';
		put_digits(out + 5, 2, b->month);
		out[7] = '-';
		put_digits(out + 8, 2, b->day);
		out[10] = '\0';
		return;
	}
	out[0] = '-';
	out[1] = '-';
	put_digits(out + 2, 2, b->month);
	out[4] = '-';
	put_digits(out + 5, 2, b->day);
	out[7] = '\0';
}

static int birthday_in_year(const struct birthday *b, int year)
{
	int d = b->day;
	int last = date_days_in_month(year, b->month);
	if (d > last)
		d = last; /* 29 Feb -> 28 Feb in common years */
	return date_from_ymd(year, b->month, d);
}

int birthday_next(const struct birthday *b, int today)
{
	int y, m, d;

	date_to_ymd(today, &y, &m, &d);
	int next = birthday_in_year(b, y);
	if (next < today)
		next = birthday_in_year(b, y + 1);
	return next;
}

int birthday_next_age(const struct birthday *b, int today)
{
	int y, m, d;

	if (b->year == 0)
		return -1;
	date_to_ymd(birthday_next(b, today), &y, &m, &d);
	return y - b->year;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool word_equal(const char *s, const char *word)
{
	while (*s != '\0' && *word != '\0') {
		if (ascii_lower(*s) != *word)
			return false;
		s++;
		word++;
	}
	return *s == '\0' && *word == '\0';
}

/* Longest cadence in nominal days: past ten years a rhythm means nothing. */
#define CADENCE_MAX_DAYS 3650

bool cadence_parse(const char *s, struct cadence *out)
{
	static const struct {
		const char *word;
		int n;
		char unit;
	} words[] = {
		{ .word = "none", .n = 0, .unit = 0 },
		{ .word = "0", .n = 0, .unit = 0 },
		{ .word = "daily", .n = 1, .unit = 'd' },
		{ .word = "weekly", .n = 1, .unit = 'w' },
		{ .word = "fortnightly", .n = 2, .unit = 'w' },
		{ .word = "monthly", .n = 1, .unit = 'm' },
		{ .word = "quarterly", .n = 3, .unit = 'm' },
		{ .word = "yearly", .n = 1, .unit = 'y' },
		{ .word = "annually", .n = 1, .unit = 'y' },
	};
	struct cadence c;
	size_t len;

	if (s == NULL)
		return false;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (word_equal(s, words[i].word)) {
			out->n = words[i].n;
			out->unit = words[i].unit;
			return true;
		}
	}
	len = strlen(s);
	if (len < 2 || len > 4)
		return false;
	if (!parse_digits(s, (int)len - 1, &c.n))
		return false;
	c.unit = ascii_lower(s[len - 1]);
	if (c.unit != 'd' && c.unit != 'w' && c.unit != 'm' && c.unit != 'y')
		return false;
	if (c.n < 1 || c.n > 999 || cadence_days(&c) > CADENCE_MAX_DAYS)
		return false;
	*out = c;
	return true;
}

void cadence_format(const struct cadence *c, char *out, size_t outsize)
{
	if (c->n == 0)
		snprintf(out, outsize, "%s", "");
	else
		snprintf(out, outsize, "%d%c", c->n, c->unit);
}

static const char *unit_name(char unit)
{
	switch (unit) {
	case 'd':
		return "day";
	case 'w':
		return "week";
	case 'm':
		return "month";
	case 'y':
		return "year";
	default:
		return "?";
	}
}

void cadence_describe(const struct cadence *c, char *out, size_t outsize)
{
	if (c->n == 0)
		snprintf(out, outsize, "no rhythm");
	else if (c->n == 1)
		snprintf(out, outsize, "every %s", unit_name(c->unit));
	else
		snprintf(out, outsize, "every %d %ss", c->n, unit_name(c->unit));
}

int cadence_days(const struct cadence *c)
{
	switch (c->unit) {
	case 'd':
		return c->n;
	case 'w':
		return c->n * 7;
	case 'm':
		return c->n * 30;
	case 'y':
		return c->n * 365;
	default:
		return 0;
	}
}

/* With no cadence nothing is ever due: INT_MAX sorts after every date. */
int cadence_next_due(const struct cadence *c, int last)
{
	if (c->n == 0)
		return INT_MAX;
	switch (c->unit) {
	case 'd':
		return last + c->n;
	case 'w':
		return last + c->n * 7;
	case 'm':
		return date_add_months(last, c->n);
	case 'y':
		return date_add_months(last, c->n * 12);
	default:
		return INT_MAX;
	}
}

/*
 * Rounds down so that a phrase never overstates: 13 days is "13 days", not
 * "2 weeks"; 59 days "8 weeks"; from 60 days whole 30-day months up to 11
 * (so 364 days never reads "12 months"), then whole years of 365 days,
 * which a calendar year always reaches.
 */
void date_describe_span(int span_days, char *out, size_t outsize)
{
	long long d = span_days < 0 ? -(long long)span_days : span_days;
	long long n;
	const char *unit;

	if (d < 14) {
		n = d;
		unit = "day";
	} else if (d < 60) {
		n = d / 7;
		unit = "week";
	} else if (d < 365) {
		n = d / 30;
		if (n > 11)
			n = 11;
		unit = "month";
	} else {
		n = d / 365;
		unit = "year";
	}
	snprintf(out, outsize, "%lld %s%s", n, unit, n == 1 ? "" : "s");
}

void date_describe_relative(int days, int today, char *out, size_t outsize)
{
	long long delta = (long long)days - today;
	char span[32];

	if (delta == 0) {
		snprintf(out, outsize, "today");
		return;
	}
	if (delta == -1) {
		snprintf(out, outsize, "yesterday");
		return;
	}
	if (delta == 1) {
		snprintf(out, outsize, "tomorrow");
		return;
	}
	if (delta > INT_MAX || delta < -(long long)INT_MAX)
		delta = delta < 0 ? -(long long)INT_MAX : INT_MAX;
	date_describe_span((int)delta, span, sizeof(span));
	if (delta < 0)
		snprintf(out, outsize, "%s ago", span);
	else
		snprintf(out, outsize, "in %s", span);
}

bool date_today(const char *override_text, int *days)
{
	if (override_text != NULL && override_text[0] != '\0')
		return date_parse(override_text, days);

	time_t now = time(NULL);
	struct tm tm;
	if (now == (time_t)-1 || localtime_r(&now, &tm) == NULL)
		return false;
	*days = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return true;
}
