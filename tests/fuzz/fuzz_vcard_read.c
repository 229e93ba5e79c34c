/*
 * fuzz_vcard_read.c - libFuzzer target for the vCard reader alone: any
 * bytes must parse without a crash, leak or undefined behaviour.  No
 * writing back and no database, so it runs tens of thousands of inputs a
 * second (fuzz_vcard also writes each card back; fuzz_import takes the
 * whole import path).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rolodex/vcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	FILE *fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	struct vcard_reader *r = vcard_reader_new(fp, "fuzz.vcf");
	for (int guard = 0; guard < 10000; guard++) {
		struct vcard_entry e;
		bool done;
		char *cause = NULL;
		enum rdx_status st = vcard_reader_next(r, &e, &done, &cause);
		free(cause);
		if (st == RDX_OK && !done && e.card.name[0] == '\0')
			abort(); /* a card that comes out always has a name */
		vcard_entry_done(&e);
		if ((st == RDX_OK && done) || (st != RDX_OK && st != RDX_INVALID))
			break;
	}
	vcard_reader_free(r);
	fclose(fp);
	return 0;
}
