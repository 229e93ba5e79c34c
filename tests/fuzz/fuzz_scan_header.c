/*
 * fuzz_scan_header.c - libFuzzer target for the scan module's own parsing
 * (src/io/scan_module.c): the split of a header block into fields (ours;
 * the values then go to GMime) and the calendar reading with its
 * recurrence expansion (libical underneath).  The first byte picks which;
 * any bytes must be read without a crash, leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/scan_module.h"

extern const struct scan_module rolodex_scan_module;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool count_occurrence(void *arg, const struct scan_occurrence *o)
{
	size_t *n = arg;
	*n += strlen(o->uid) + strlen(o->occurrence) + strlen(o->summary) + o->npeople;
	return *n < 1000000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const struct scan_module *m = &rolodex_scan_module;
	if (data[0] & 1) {
		struct scan_header h;
		m->parse_header((const char *)data + 1, size - 1, &h);
		for (size_t i = 0; i < h.npeople; i++) {
			if (h.people[i].address[0] == '\0')
				abort(); /* the module promises an address */
		}
		m->header_done(&h);
	} else {
		char *text = malloc(size);
		if (text == NULL)
			return 0;
		memcpy(text, data + 1, size - 1);
		text[size - 1] = '\0';
		struct scan_moment before = { 2026, 11, 22, 12, 0, 0 };
		size_t n = 0;
		char *error = NULL;
		m->read_calendar(text, &before, count_occurrence, &n, &error);
		free(error);
		free(text);
	}
	return 0;
}
