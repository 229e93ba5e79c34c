/*
 * addrlist.c - the address list of a set of cards: RFC 5322 mailboxes in
 * one line, the cards left out, the clipboard escape and the file it is
 * saved to (see addrlist.h).
 */
#include "rolodex/addrlist.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/io_internal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* Characters that end an address in a list or need quoting inside one. */
static const char address_delimiters[] = "<>,;:\"()[]\\";

/* Control, format and BiDi characters: what text_sanitize would replace. */
static bool cp_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0x061c || cp == 0xfeff ||
	       cp == 0xfffd;
}

bool addrlist_address_usable(const char *address)
{
	if (address == NULL)
		return false;
	size_t len = strlen(address);
	const char *at = strchr(address, '@');
	if (at == NULL || at == address || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = text_decode(address + i, len - i, &cp);
		/* text_decode gives U+FFFD for a byte that is not UTF-8. */
		if (cp_is_control(cp) || cp == ' ' || cp == 0xa0 || (cp < 0x80 && strchr(address_delimiters, (int)cp)))
			return false;
		i += n;
	}
	return true;
}

/* The name with control characters as spaces, runs of spaces as one and
 * the ends trimmed; caller frees. */
static char *clean_name(const char *name)
{
	size_t len = strlen(name);
	char *out = xmalloc(len + 1);
	size_t w = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = text_decode(name + i, len - i, &cp);
		if (cp_is_control(cp) || cp == ' ' || cp == 0xa0) {
			if (w > 0 && out[w - 1] != ' ')
				out[w++] = ' ';
		} else {
			memcpy(out + w, name + i, n);
			w += n;
		}
		i += n;
	}
	while (w > 0 && out[w - 1] == ' ')
		w--;
	out[w] = '\0';
	return out;
}

/* RFC 5322 atext, plus the space between a phrase's words; UTF-8 counts
 * as atext (RFC 6532). */
static bool phrase_char(unsigned char c)
{
	static const char atext_specials[] = "!#$%&'*+-/=?^_`{|}~ ";
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr(atext_specials, c) != NULL);
}

char *addrlist_mailbox(const char *name, const char *address)
{
	if (!addrlist_address_usable(address))
		return NULL;
	char *clean = clean_name(name != NULL ? name : "");
	if (*clean == '\0') {
		free(clean);
		return xstrdup(address);
	}
	bool quote = false;
	for (const char *p = clean; *p != '\0' && !quote; p++)
		quote = !phrase_char((unsigned char)*p);
	char *out;
	if (!quote) {
		out = xasprintf("%s <%s>", clean, address);
	} else {
		struct sbuf b;
		sbuf_init(&b);
		sbuf_addc(&b, '"');
		for (const char *p = clean; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				sbuf_addc(&b, '\\');
			sbuf_addc(&b, *p);
		}
		sbuf_adds(&b, "\" <");
		sbuf_adds(&b, address);
		sbuf_addc(&b, '>');
		out = sbuf_take(&b);
	}
	free(clean);
	return out;
}

void addrlist_init(struct addrlist *list)
{
	memset(list, 0, sizeof *list);
}

static void left_out_done(struct addrlist_left_out *l)
{
	for (size_t i = 0; i < l->nnames; i++)
		free(l->names[i]);
	free(l->names);
}

/* The set of addresses already listed: an open-addressing hash table of
 * their lower-case forms, so a list of any length stays linear. */
struct addrlist_seen {
	char **keys;
	size_t cap; /* a power of two, or 0 */
	size_t used;
};

void addrlist_done(struct addrlist *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->mailboxes[i]);
	free(list->mailboxes);
	left_out_done(&list->no_email);
	left_out_done(&list->unusable);
	left_out_done(&list->shared);
	if (list->seen != NULL) {
		for (size_t i = 0; i < list->seen->cap; i++)
			free(list->seen->keys[i]);
		free(list->seen->keys);
		free(list->seen);
	}
	memset(list, 0, sizeof *list);
}

static size_t hash_text(const char *s)
{
	size_t h = 5381;
	for (; *s != '\0'; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static void seen_put(struct addrlist_seen *s, char *key)
{
	size_t i = hash_text(key) & (s->cap - 1);
	while (s->keys[i] != NULL)
		i = (i + 1) & (s->cap - 1);
	s->keys[i] = key;
	s->used++;
}

/* True when the address (lower case) was seen before; remembers it. */
static bool seen_check(struct addrlist *list, const char *address)
{
	struct addrlist_seen *s = list->seen;
	if (s == NULL)
		s = list->seen = xcalloc(1, sizeof *s);
	char *key = xstrdup(address);
	for (char *p = key; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	if (s->cap > 0) {
		for (size_t i = hash_text(key) & (s->cap - 1); s->keys[i] != NULL; i = (i + 1) & (s->cap - 1)) {
			if (strcmp(s->keys[i], key) == 0) {
				free(key);
				return true;
			}
		}
	}
	if ((s->used + 1) * 2 > s->cap) {
		struct addrlist_seen grown = { .cap = s->cap > 0 ? s->cap * 2 : 64 };
		grown.keys = xcalloc(grown.cap, sizeof *grown.keys);
		for (size_t i = 0; i < s->cap; i++) {
			if (s->keys[i] != NULL)
				seen_put(&grown, s->keys[i]);
		}
		free(s->keys);
		*s = grown;
	}
	seen_put(s, key);
	return false;
}

static void left_out_add(struct addrlist_left_out *l, const char *name)
{
	if (l->nnames < ADDRLIST_NAMES_MAX) {
		char *clean = clean_name(name != NULL ? name : "");
		l->names = xrealloc(l->names, (l->nnames + 1) * sizeof *l->names);
		l->names[l->nnames++] = text_sanitize(clean, false);
		free(clean);
	}
	l->count++;
}

void addrlist_add(struct addrlist *list, const char *name, const char *email)
{
	if (email == NULL || *email == '\0') {
		left_out_add(&list->no_email, name);
		return;
	}
	char *mailbox = addrlist_mailbox(name, email);
	if (mailbox == NULL) {
		left_out_add(&list->unusable, name);
		return;
	}
	if (seen_check(list, email)) {
		left_out_add(&list->shared, name);
		free(mailbox);
		return;
	}
	list->mailboxes = xgrow(list->mailboxes, &list->cap, list->count + 1, sizeof *list->mailboxes);
	list->mailboxes[list->count++] = mailbox;
}

char *addrlist_text(const struct addrlist *list)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "");
	for (size_t i = 0; i < list->count; i++) {
		if (i > 0)
			sbuf_adds(&b, ", ");
		sbuf_adds(&b, list->mailboxes[i]);
	}
	return sbuf_take(&b);
}

static void left_out_sentence(struct sbuf *b, const struct addrlist_left_out *l, const char *one, const char *many)
{
	if (l->count == 0)
		return;
	if (sbuf_str(b)[0] != '\0')
		sbuf_adds(b, " · ");
	if (l->count == 1)
		sbuf_printf(b, "1 card %s: ", one);
	else
		sbuf_printf(b, "%zu cards %s: ", l->count, many);
	/* Names with commas in them ("Lovelace, Ada") are told apart by
	 * semicolons. */
	const char *sep = ", ";
	for (size_t i = 0; i < l->nnames; i++) {
		if (strchr(l->names[i], ',') != NULL)
			sep = "; ";
	}
	for (size_t i = 0; i < l->nnames; i++)
		sbuf_printf(b, "%s%s", i > 0 ? sep : "", l->names[i]);
	if (l->count > l->nnames)
		sbuf_printf(b, " and %zu more", l->count - l->nnames);
}

char *addrlist_left_out_text(const struct addrlist *list)
{
	if (list->no_email.count == 0 && list->unusable.count == 0)
		return NULL;
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "");
	left_out_sentence(&b, &list->no_email, "has no e-mail", "have no e-mail");
	left_out_sentence(&b, &list->unusable, "has an e-mail that is not an address",
			  "have an e-mail that is not an address");
	return sbuf_take(&b);
}

char *addrlist_shared_text(const struct addrlist *list)
{
	if (list->shared.count == 0)
		return NULL;
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "");
	left_out_sentence(&b, &list->shared, "shares an address listed above", "share an address listed above");
	return sbuf_take(&b);
}

char *addrlist_osc52(const char *text)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *in = (const unsigned char *)text;
	size_t len = strlen(text);
	struct sbuf b;

	sbuf_init(&b);
	sbuf_adds(&b, "\033]52;c;");
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		sbuf_addc(&b, digits[(v >> 18) & 63]);
		sbuf_addc(&b, digits[(v >> 12) & 63]);
		sbuf_addc(&b, i + 1 < len ? digits[(v >> 6) & 63] : '=');
		sbuf_addc(&b, i + 2 < len ? digits[v & 63] : '=');
	}
	sbuf_addc(&b, '\a');
	return sbuf_take(&b);
}

enum rdx_status addrlist_save(const char *path, const char *text, bool replace, char **cause)
{
	rdx_cause_clear(cause);
	/* Private like the database: the list names the user's contacts. */
	int fd = open(path, O_WRONLY | O_CREAT | (replace ? O_TRUNC : O_EXCL), 0600);
	if (fd < 0)
		return rdx_fail(cause, RDX_IO, "cannot write %s: %s", path, strerror(errno));
	FILE *f = fdopen(fd, "w");
	if (f == NULL) {
		int err = errno;
		close(fd);
		return rdx_fail(cause, RDX_IO, "cannot write %s: %s", path, strerror(err));
	}
	bool ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
	int err = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		err = errno;
	}
	if (!ok)
		return rdx_fail(cause, RDX_IO, "cannot write %s: %s", path, strerror(err));
	return RDX_OK;
}
