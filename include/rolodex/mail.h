/*
 * mail.h - the sender of a mail message, for `rolodex add-email` (a mutt
 * macro pipes the message in): the From: header, unfolded, with RFC 2047
 * encoded words decoded to UTF-8.
 */
#ifndef ROLODEX_MAIL_H
#define ROLODEX_MAIL_H

#include "rolodex/status.h"

/*
 * Finds From: in the header of msg (NUL-terminated; the body is ignored)
 * and splits it into a display name ("" when none) and an address.  Both
 * are newly allocated (caller frees).  RDX_NOT_FOUND when there is no From:
 * header, RDX_INVALID when it holds no address.
 */
enum rdx_status mail_parse_from(const char *msg, char **name, char **address, char **cause);

/* Decodes RFC 2047 encoded words in a header value (caller frees). */
char *mail_decode_header(const char *value);

#endif
