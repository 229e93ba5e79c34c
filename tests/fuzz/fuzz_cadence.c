/*
 * fuzz_cadence.c - libFuzzer target for the keep-in-touch cadence parser:
 * any bytes are parsed without a crash or undefined behaviour; an accepted
 * cadence is in range, reads back from its canonical text, and the due
 * date it gives is after the last touch.
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

	struct cadence c;
	if (!cadence_parse(text, &c))
		return 0;
	if (c.n < 0 || c.n > 3650)
		abort();
	char out[32], words[64];
	cadence_format(&c, out, sizeof out);
	cadence_describe(&c, words, sizeof words);
	if (c.n == 0)
		return 0;
	if (strchr("dwmy", c.unit) == NULL)
		abort();
	struct cadence again;
	if (!cadence_parse(out, &again) || again.n != c.n || again.unit != c.unit)
		abort();
	if (cadence_days(&c) <= 0)
		abort();
	/* 2026-11-22 and the last day a date can have. */
	if (cadence_next_due(&c, 20779) <= 20779)
		abort();
	return 0;
}
