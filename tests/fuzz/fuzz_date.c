/*
 * fuzz_date.c - libFuzzer target for the date and birthday parsers: any
 * bytes are parsed without a crash or undefined behaviour, and whatever
 * parses must survive a round trip through its canonical text (a parser
 * that accepts "2026-02-30" or formats a date it cannot read back fails).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64)
		return 0;
	char text[65];
	memcpy(text, data, size);
	text[size] = '\0';

	int days;
	if (date_parse(text, &days)) {
		char out[DATE_TEXT_SIZE];
		int again;
		int y, m, d;
		date_format(days, out);
		if (!date_parse(out, &again) || again != days)
			abort();
		date_to_ymd(days, &y, &m, &d);
		if (!date_valid(y, m, d) || date_from_ymd(y, m, d) != days)
			abort();
		/* The phrases the screens build from a parsed date. */
		char phrase[64];
		date_describe_relative(days, 20779, phrase, sizeof phrase);
		date_format_short(days, 20779, phrase, sizeof phrase);
		(void)date_add_months(days, 13);
		(void)date_weekday(days);
	}

	struct birthday b;
	if (birthday_parse(text, &b)) {
		char out[DATE_TEXT_SIZE];
		struct birthday again;
		birthday_format(&b, out);
		if (b.month != 0) {
			if (!birthday_parse(out, &again) || again.year != b.year || again.month != b.month ||
			    again.day != b.day)
				abort();
			int next = birthday_next(&b, 20779);
			if (next < 20779 || next > 20779 + 366 * 4)
				abort();
			(void)birthday_next_age(&b, 20779);
		}
	}

	if (date_today(text, &days)) {
		char out[DATE_TEXT_SIZE];
		date_format(days, out);
	}
	return 0;
}
