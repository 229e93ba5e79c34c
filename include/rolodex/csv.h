/*
 * csv.h - CSV contact files: an RFC 4180 record reader, the column mapping
 * of LinkedIn, Google (old and 2023+), Outlook, Thunderbird and generic
 * exports onto rolodex cards, and CSV export.
 *
 * The reader streams (a record at a time, bounded by IO_LINE_MAX bytes and
 * CSV_MAX_FIELDS fields), skips a UTF-8 BOM, detects the delimiter (',',
 * ';' or TAB) from the first lines, and reads records that are not valid
 * UTF-8 as Windows-1252.
 */
#ifndef ROLODEX_CSV_H
#define ROLODEX_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rolodex/card.h"
#include "rolodex/note.h"
#include "rolodex/status.h"
#include "rolodex/vcard.h"

#define CSV_MAX_FIELDS 1000

struct csv_reader;

/* name is used in messages (borrowed).  Caller frees with csv_reader_free;
 * fp stays open. */
struct csv_reader *csv_reader_new(FILE *fp, const char *name);
void csv_reader_free(struct csv_reader *r); /* NULL is a no-op */

/*
 * Next record: RDX_OK with *fields (borrowed until the next call) and
 * *count, or *done at the end; RDX_INVALID on unbalanced quotes or too many
 * fields, RDX_TOO_LONG on a record over IO_LINE_MAX, RDX_IO on a read error
 * (all final: the reader cannot resynchronise).  *line is the line where
 * the record starts.
 */
enum rdx_status csv_read_record(struct csv_reader *r, char ***fields, size_t *count, int *line, bool *done,
				char **cause);
/* The delimiter found (',', ';' or '\t'). */
char csv_reader_delimiter(const struct csv_reader *r);
/* True once a record had to be read as Windows-1252. */
bool csv_reader_legacy_charset(const struct csv_reader *r);
uint64_t csv_reader_bytes(const struct csv_reader *r);

/* Contacts from a CSV file: the header is found (after LinkedIn's "Notes:"
 * preamble), then each row becomes a struct vcard_entry. */
struct csv_contacts;

/* Reads up to the header.  RDX_INVALID when no line of the first 20 looks
 * like a contact header (fewer than two known columns). */
enum rdx_status csv_contacts_open(FILE *fp, const char *name, struct csv_contacts **out, char **cause);
void csv_contacts_close(struct csv_contacts *c); /* NULL is a no-op */
/*
 * Next contact, like vcard_reader_next: RDX_OK with *done false and *e
 * filled; RDX_OK with *done true at the end; RDX_INVALID for a row that is
 * no contact (no name, email, phone or organization: *cause names the
 * line; reading can go on); other statuses are final.
 */
enum rdx_status csv_contacts_next(struct csv_contacts *c, struct vcard_entry *e, bool *done, char **cause);
/* "LinkedIn", "Google", "Outlook", "Thunderbird" or "generic". */
const char *csv_contacts_layout(const struct csv_contacts *c);
uint64_t csv_contacts_bytes(const struct csv_contacts *c);
bool csv_contacts_legacy_charset(const struct csv_contacts *c);

/* True when buf (the start of a file) looks like a CSV contact file. */
bool csv_sniff(const char *buf, size_t len);

/* CSV export: a Google-style header, then one row per card.  Emails,
 * phones, addresses and websites beyond the columns are joined with
 * " ::: " in the last column of their kind, as Google does. */
enum rdx_status csv_write_header(FILE *fp, char **cause);
enum rdx_status csv_write_card(FILE *fp, const struct card *card, const struct note *notes, size_t nnotes,
			       char **cause);

#endif
