/*
 * fuzz_addrlist.c - libFuzzer target for the address list (addrlist.h):
 * the input is a card's name and e-mail, split at the first line break.
 * Whatever the bytes, the To: line and the left-out sentence are valid
 * UTF-8 without control characters (nothing reaches a terminal or a
 * clipboard as an escape), and the line splits at its top-level commas
 * into exactly one mailbox per address listed (a name's comma is always
 * inside quotes).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/addrlist.h"
#include "rolodex/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_harmless(const char *s)
{
	size_t len = strlen(s);
	if (!text_valid_utf8(s, len))
		abort();
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e))
			abort();
		i += n;
	}
}

/* Mailboxes in the line: commas outside quoted strings, plus one. */
static size_t count_mailboxes(const char *s)
{
	size_t n = *s != '\0' ? 1 : 0;
	bool quoted = false;
	for (const char *p = s; *p != '\0'; p++) {
		if (quoted && *p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			n++;
	}
	if (quoted)
		abort();
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char *email = strchr(text, '\n');
	if (email != NULL)
		*email++ = '\0';

	struct addrlist list;
	addrlist_init(&list);
	addrlist_add(&list, text, email);
	/* A second card with the same data: listed once. */
	addrlist_add(&list, text, email);
	addrlist_add(&list, "Ada Lovelace", "ada@example.com");
	if (list.count + list.shared.count + list.no_email.count + list.unusable.count != 3)
		abort();
	char *line = addrlist_text(&list);
	check_harmless(line);
	if (count_mailboxes(line) != list.count)
		abort();
	char *left = addrlist_left_out_text(&list);
	if (left != NULL)
		check_harmless(left);
	char *shared = addrlist_shared_text(&list);
	/* The second card shares the first's address whenever it has one. */
	if ((shared != NULL) != (list.shared.count > 0) || (list.shared.count == 0 && list.count != 1))
		abort();
	if (shared != NULL)
		check_harmless(shared);
	free(shared);
	/* The clipboard escape: its payload is base64 alone. */
	char *osc = addrlist_osc52(line);
	size_t olen = strlen(osc), head = strlen("\033]52;c;");
	if (olen < head + 1 || strncmp(osc, "\033]52;c;", head) != 0 || osc[olen - 1] != '\a' ||
	    strspn(osc + head, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != olen - head - 1)
		abort();
	free(osc);
	free(left);
	free(line);
	addrlist_done(&list);
	free(text);
	return 0;
}
