/*
 * fuzz_csv_read.c - libFuzzer target for the CSV record reader alone
 * (quotes, delimiters, line breaks in cells, charsets): any bytes must be
 * read without a crash, leak or undefined behaviour, and every record has
 * at least one field.  fuzz_csv adds the contact column mapping.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rolodex/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	FILE *fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	struct csv_reader *r = csv_reader_new(fp, "fuzz.csv");
	for (int guard = 0; guard < 100000; guard++) {
		char **fields;
		size_t n;
		int line;
		bool done;
		char *cause = NULL;
		enum rdx_status st = csv_read_record(r, &fields, &n, &line, &done, &cause);
		free(cause);
		if (st != RDX_OK || done)
			break;
		if (n == 0 || line < 1)
			abort();
	}
	csv_reader_free(r);
	fclose(fp);
	return 0;
}
