/*
 * limits.h - the size limits of what a card holds, checked by
 * card_validate and note_add, and used by readers and forms to refuse
 * text before it is written.
 */
#ifndef ROLODEX_LIMITS_H
#define ROLODEX_LIMITS_H

/* Size limits in bytes. */
#define CARD_NAME_MAX 1024
#define CARD_FIELD_MAX 4096   /* org, title, nickname, a field value */
#define CARD_LABEL_MAX 64
#define CARD_TAG_MAX 64
#define CARD_TEXT_MAX 65536   /* how we met */
#define NOTE_TEXT_MAX 1048576 /* one note: 1 MiB */
#define CARD_MAX_FIELDS 1000
#define CARD_MAX_TAGS 100
#define CARD_EXTRA_MAX 262144 /* one verbatim vCard line */

#endif
