/*
 * vcard.h - reading and writing vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350)
 * as rolodex cards, streaming over a FILE *.
 *
 * The reader turns each BEGIN:VCARD..END:VCARD block into a struct
 * vcard_entry: a struct card plus the notes and touches that travel inside
 * the card.  Properties rolodex does not model are kept in card.extras as
 * unfolded lines, so that an export gives them back.
 *
 * rolodex's own properties (all optional, ignored by other clients):
 *   NOTE;X-ROLODEX-AT=<YYYYMMDDTHHMMSSZ>:<text>   a note and when it was
 *       written (plain NOTE so that phones, khard and abook show it; without
 *       the parameter an imported NOTE gets the import time)
 *   X-ROLODEX-TOUCH;X-ROLODEX-AT=<YYYYMMDDTHHMMSSZ>:<YYYY-MM-DD>\;<channel>\;<note>
 *       a touch: date, channel, optional note, escaped as one text value
 *       (separators too: Radicale re-escapes unknown properties as text, and
 *       then leaves this form as it is); bare separators are read too
 *   The time is written in the basic form, without colons, since some
 *   readers (abook) split a line at its first colon even inside quotes;
 *   the quoted "YYYY-MM-DDTHH:MM:SSZ" of earlier exports is read too.
 *   X-ROLODEX-CADENCE:<3m|45d|none>          the card's own cadence; absent
 *       means "inherit from tags", "none" means explicitly none
 *   X-ROLODEX-SNOOZE:<YYYY-MM-DD>            snoozed until
 *   X-ROLODEX-HOW-MET:<text>                 how we met
 *
 * Shadows: a modelled property whose original form carries more than the
 * model keeps (N with a middle name, ORG with units, a structured ADR, TEL
 * with PREF, an Apple item1.EMAIL label ...) is also kept in card.extras,
 * prefixed with VCARD_SHADOW_MARK.  The writer emits the shadow verbatim
 * instead of generating the line as long as the model value still matches
 * it, and drops it once the user changed that value.  Other layers must skip
 * extras that start with VCARD_SHADOW_MARK when they show extras.
 */
#ifndef ROLODEX_VCARD_H
#define ROLODEX_VCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rolodex/card.h"
#include "rolodex/note.h"
#include "rolodex/status.h"

#define VCARD_SHADOW_MARK '='

/* Most properties one card may hold, and deepest nesting of BEGIN:VCARD. */
#define VCARD_MAX_PROPERTIES 10000
#define VCARD_MAX_DEPTH 8

/* One card as read from a file.  Owns everything it points to. */
struct vcard_entry {
	struct card card;
	struct note *notes;   /* at "" when the file did not say when */
	size_t nnotes;
	struct touch *touches;
	size_t ntouches;
	int line;             /* line of BEGIN:VCARD */
	char **warnings;      /* "line 12: ..." things that were repaired */
	size_t nwarnings;
};

void vcard_entry_init(struct vcard_entry *e);
void vcard_entry_done(struct vcard_entry *e);
void vcard_entry_warn(struct vcard_entry *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vcard_entry_add_note(struct vcard_entry *e, const char *at, const char *text);

struct vcard_reader;

/* Reads cards from fp; name is used in messages (borrowed, must outlive
 * the reader).  Caller frees with vcard_reader_free (fp stays open). */
struct vcard_reader *vcard_reader_new(FILE *fp, const char *name);
void vcard_reader_free(struct vcard_reader *r); /* NULL is a no-op */

/*
 * Reads the next card into *e (initialised by the callee; the caller calls
 * vcard_entry_done after RDX_OK and after RDX_INVALID).
 *  - RDX_OK, *done false: *e holds a card.
 *  - RDX_OK, *done true: end of input, *e is empty but for warnings about
 *    text after the last card.
 *  Text outside any card is skipped; the first line of each such stretch
 *  is named in a warning of the next entry.
 *  - RDX_INVALID: this card (or stretch of text) is bad; *cause says
 *    "FILE:LINE: why".  Calling again goes on with the next card.
 *  - RDX_IO, RDX_TOO_LONG: reading cannot go on.
 */
enum rdx_status vcard_reader_next(struct vcard_reader *r, struct vcard_entry *e, bool *done, char **cause);
/* Bytes read so far (for progress). */
uint64_t vcard_reader_bytes(const struct vcard_reader *r);

/* vCard versions the writer speaks. */
enum vcard_version { VCARD_30 = 30, VCARD_40 = 40 };

/*
 * Writes one card (with its notes and touches, either may be NULL/0) as a
 * vCard of the given version: CRLF line ends, lines folded at 75 octets
 * without splitting a UTF-8 sequence.  RDX_IO on a write error.
 */
enum rdx_status vcard_write(FILE *fp, const struct card *card, const struct note *notes, size_t nnotes,
			    const struct touch *touches, size_t ntouches, enum vcard_version version, char **cause);

/* True when buf (the start of a file) looks like a vCard: it starts at
 * VERSION:, or a line of it starts with BEGIN:VCARD. */
bool vcard_sniff(const char *buf, size_t len);

#endif
