/*
 * fuzz_detect.c - libFuzzer target for what an import decides from the
 * first bytes of a file: its encoding (UTF-16 either way, with or without
 * a byte-order mark), vCard or CSV, and the CSV header (LinkedIn's
 * preamble, the column names of every layout and language).  Any bytes
 * must be judged without a crash, leak or undefined behaviour; a UTF-16
 * file must convert.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/io_internal.h"
#include "rolodex/csv.h"
#include "rolodex/vcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t bom;
	enum io_encoding enc = io_detect_encoding(data, size, &bom);
	if (bom > size)
		abort();
	FILE *fp = fmemopen((void *)(data + bom), size - bom, "rb");
	if (!fp)
		return 0;
	FILE *text = fp;
	if (enc != IO_ENC_8BIT) {
		enum rdx_status st;
		char *cause = NULL;
		text = io_utf16_to_utf8(fp, enc, "fuzz", &st, &cause);
		free(cause);
		if (!text)
			abort(); /* only a failing disk stops the conversion */
	}
	char head[4096];
	size_t n = fread(head, 1, sizeof head, text);
	(void)vcard_sniff(head, n);
	if (csv_sniff(head, n)) {
		rewind(text);
		struct csv_contacts *c;
		char *cause = NULL;
		if (csv_contacts_open(text, "fuzz.csv", &c, &cause) == RDX_OK) {
			(void)csv_contacts_layout(c);
			csv_contacts_close(c);
		}
		free(cause);
	}
	if (text != fp)
		fclose(text);
	fclose(fp);
	return 0;
}
