/*
 * addrlist.h - the address list of a set of cards (addrlist.c): one
 * comma-separated line of RFC 5322 mailboxes for a mail client's To:
 * field, made for the browser's `y` and `rolodex list --format to`.
 *
 * One address per card: its first e-mail, which is its preferred one
 * (import puts a vCard's PREF address first; the form keeps the user's
 * order).  Cards without a usable one are counted and named, so the user
 * can see who the mail will miss.  Everything here is text in memory, safe
 * for a terminal and a clipboard: no control characters from card data
 * survive.  No sqlite, no curses, no printing.
 */
#ifndef ROLODEX_ADDRLIST_H
#define ROLODEX_ADDRLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "rolodex/status.h"

/*
 * Whether an e-mail value can go into an address list as it is: one '@'
 * with text on both sides, no white space, no control or format
 * characters and none of the characters that delimit addresses in a list
 * ( < > , ; : " ( ) [ ] \ ).  UTF-8 (RFC 6531) is accepted.
 */
bool addrlist_address_usable(const char *address);

/*
 * One mailbox: `Name <address>`, or the bare address when the name is
 * empty.  The name is written as it is when it holds only letters (any
 * script: RFC 6532 keeps UTF-8 as it is), digits, spaces and the other
 * characters RFC 5322 allows in an atom; otherwise as a quoted-string with
 * '"' and '\' escaped: `"Lovelace, Ada" <ada@example.com>`.  Control and
 * format characters in the name become spaces, runs of spaces one.  NULL
 * when the address is not usable (addrlist_address_usable).  Caller frees.
 */
char *addrlist_mailbox(const char *name, const char *address);

/* How many cards of each kind a list names in full; the rest are counted. */
#define ADDRLIST_NAMES_MAX 20

/* Cards left out of a list, and the first ADDRLIST_NAMES_MAX of their
 * names (made safe for a terminal). */
struct addrlist_left_out {
	size_t count;
	char **names; /* owned */
	size_t nnames;
};

struct addrlist {
	char **mailboxes;      /* owned, in the order added, one per address */
	size_t count;
	size_t cap;
	struct addrlist_left_out no_email;  /* cards without an e-mail */
	struct addrlist_left_out unusable;  /* cards whose e-mail cannot be used */
	struct addrlist_left_out shared;    /* cards whose address an earlier card gave */
	struct addrlist_seen *seen; /* the addresses so far, to list each once (private) */
};

void addrlist_init(struct addrlist *list);
void addrlist_done(struct addrlist *list);

/*
 * Adds a card by its name and e-mail (NULL or "" when it has none): its
 * mailbox, or the card to the left-out list it belongs in.  An address
 * already in the list (ignoring ASCII case) is not repeated; the card is
 * counted in `shared`.
 */
void addrlist_add(struct addrlist *list, const char *name, const char *email);

/* The list as one line, "a, b, c" (no "To:" label, no line break), for a
 * mail client's To: field, a file or the clipboard.  Caller frees. */
char *addrlist_text(const struct addrlist *list);

/*
 * What to say about the cards left out, e.g. "3 cards have no e-mail: Ada
 * Lovelace, Alan Turing, Grace Hopper" (one sentence per kind, joined by
 * " · "; "and 5 more" past ADDRLIST_NAMES_MAX names).  NULL when no card
 * was left out.  Caller frees.
 */
char *addrlist_left_out_text(const struct addrlist *list);

/* Which cards were listed once through another card's address, e.g. "1
 * card shares an address listed above: Ada King"; NULL when none.  Caller
 * frees. */
char *addrlist_shared_text(const struct addrlist *list);

/* The escape sequence that asks a terminal to put text on the clipboard
 * (OSC 52: ESC ] 52 ; c ; base64 BEL).  Caller frees. */
char *addrlist_osc52(const char *text);

/*
 * Writes text and a line break to the file at path: a new file unless
 * replace is true.  RDX_IO with the path and the system's reason when the
 * file exists (and replace is false), cannot be created or written.
 */
enum rdx_status addrlist_save(const char *path, const char *text, bool replace, char **cause);

#endif
