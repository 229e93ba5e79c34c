/*
 * fuzz_vcard.c - libFuzzer target for the vCard reader: any bytes must
 * parse without a crash, leak or undefined behaviour, and every card that
 * comes out must write back as a vCard that parses again to the same name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		if (st == RDX_OK && !done) {
			char *buf = NULL;
			size_t len = 0;
			FILE *out = open_memstream(&buf, &len);
			for (int v = 0; v < 2; v++)
				vcard_write(out, &e.card, e.notes, e.nnotes, e.touches, e.ntouches, v ? VCARD_30 : VCARD_40,
					    NULL);
			fclose(out);
			FILE *in = fmemopen(buf, len, "rb");
			struct vcard_reader *again = vcard_reader_new(in, "again.vcf");
			struct vcard_entry back;
			bool end;
			char *why = NULL;
			if (vcard_reader_next(again, &back, &end, &why) != RDX_OK || end ||
			    strcmp(back.card.name, e.card.name) != 0)
				abort(); /* what we write must read back */
			vcard_entry_done(&back);
			free(why);
			vcard_reader_free(again);
			fclose(in);
			free(buf);
		}
		vcard_entry_done(&e);
		if ((st == RDX_OK && done) || (st != RDX_OK && st != RDX_INVALID))
			break;
	}
	vcard_reader_free(r);
	fclose(fp);
	return 0;
}
