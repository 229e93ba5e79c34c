/*
 * fuzz_csv.c - libFuzzer target for the CSV reader and the contact column
 * mapping: any bytes must be read without a crash, leak or undefined
 * behaviour.
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
	struct csv_contacts *c;
	char *cause = NULL;
	if (csv_contacts_open(fp, "fuzz.csv", &c, &cause) == RDX_OK) {
		for (int guard = 0; guard < 100000; guard++) {
			struct vcard_entry e;
			bool done;
			enum rdx_status st = csv_contacts_next(c, &e, &done, &cause);
			free(cause);
			cause = NULL;
			vcard_entry_done(&e);
			if ((st == RDX_OK && done) || (st != RDX_OK && st != RDX_INVALID))
				break;
		}
		csv_contacts_close(c);
	}
	free(cause);
	fclose(fp);
	return 0;
}
