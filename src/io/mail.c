/*
 * mail.c - reads the sender out of a mail message (RFC 5322 header
 * unfolding, RFC 2047 encoded words in any charset iconv knows).
 */
#include "rolodex/mail.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_internal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = toupper(c);
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes one encoded word's text; false when it is malformed. */
static bool decode_word(const char *charset, char enc, const char *text, size_t len, struct sbuf *out)
{
	struct sbuf raw;
	sbuf_init(&raw);
	sbuf_addn(&raw, "", 0);
	if (enc == 'B' || enc == 'b') {
		unsigned acc = 0;
		int bits = 0;
		for (size_t i = 0; i < len; i++) {
			if (text[i] == '=')
				break;
			int v = b64val((unsigned char)text[i]);
			if (v < 0) {
				sbuf_done(&raw);
				return false;
			}
			acc = (acc << 6) | (unsigned)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				sbuf_addc(&raw, (char)((acc >> bits) & 0xFF));
			}
		}
	} else {
		for (size_t i = 0; i < len; i++) {
			if (text[i] == '_') {
				sbuf_addc(&raw, ' ');
			} else if (text[i] == '=' && i + 2 < len + 0 && hex((unsigned char)text[i + 1]) >= 0 &&
				   hex((unsigned char)text[i + 2]) >= 0) {
				sbuf_addc(&raw, (char)(hex((unsigned char)text[i + 1]) * 16 + hex((unsigned char)text[i + 2])));
				i += 2;
			} else {
				sbuf_addc(&raw, text[i]);
			}
		}
	}
	char *cause = NULL;
	char *utf8 = charset_to_utf8(charset, raw.s, raw.len, &cause);
	if (!utf8) {
		free(cause);
		bool converted;
		utf8 = charset_fix_utf8(raw.s, raw.len, &converted);
	}
	sbuf_adds(out, utf8);
	free(utf8);
	sbuf_done(&raw);
	return true;
}

char *mail_decode_header(const char *value)
{
	struct sbuf out;
	sbuf_init(&out);
	sbuf_addn(&out, "", 0);
	const char *s = value;
	bool last_was_word = false;
	while (*s) {
		if (s[0] == '=' && s[1] == '?') {
			const char *q1 = strchr(s + 2, '?');
			const char *q2 = q1 && q1[1] && q1[2] == '?' ? q1 + 2 : NULL;
			const char *end = q2 ? strstr(q2 + 1, "?=") : NULL;
			if (end && (size_t)(q1 - s - 2) < 64) {
				char charset[64];
				snprintf(charset, sizeof charset, "%.*s", (int)(q1 - s - 2), s + 2);
				char *star = strchr(charset, '*'); /* RFC 2231 language */
				if (star)
					*star = '\0';
				size_t mark = out.len;
				if (decode_word(charset, q1[1], q2 + 1, (size_t)(end - q2 - 1), &out)) {
					(void)mark;
					s = end + 2;
					last_was_word = true;
					continue;
				}
			}
		}
		if (last_was_word && isspace((unsigned char)*s)) {
			/* White space between two encoded words is dropped. */
			const char *t = s;
			while (isspace((unsigned char)*t))
				t++;
			if (t[0] == '=' && t[1] == '?') {
				s = t;
				continue;
			}
		}
		last_was_word = false;
		sbuf_addc(&out, *s++);
	}
	char *r = sbuf_take(&out);
	bool converted;
	char *fixed = charset_fix_utf8(r, strlen(r), &converted);
	free(r);
	return fixed;
}

enum rdx_status mail_parse_from(const char *msg, char **name, char **address, char **cause)
{
	rdx_cause_clear(cause);
	*name = NULL;
	*address = NULL;
	/* Unfold the header up to the first empty line, keep From:. */
	struct sbuf from;
	sbuf_init(&from);
	bool in_from = false, found = false;
	const char *line = msg;
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		size_t l = len;
		if (l && line[l - 1] == '\r')
			l--;
		if (l == 0)
			break;
		if (line[0] == ' ' || line[0] == '\t') {
			if (in_from)
				sbuf_addn(&from, line, l);
		} else {
			in_from = !found && l >= 5 && io_strnieq(line, "From:", 5);
			if (in_from) {
				found = true;
				sbuf_addn(&from, line + 5, l - 5);
			}
		}
		line += len + (nl ? 1 : 0);
	}
	if (!found) {
		sbuf_done(&from);
		return rdx_fail(cause, RDX_NOT_FOUND, "no From: header in the message");
	}
	char *value = sbuf_take(&from);
	char *addr = NULL, *display = NULL;
	char *lt = strrchr(value, '<');
	char *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt) {
		addr = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		*lt = '\0';
		display = xstrdup(value);
	} else {
		char *paren = strchr(value, '(');
		char *close = paren ? strrchr(paren, ')') : NULL;
		if (paren && close) {
			display = xstrndup(paren + 1, (size_t)(close - paren - 1));
			*paren = '\0';
		} else {
			display = xstrdup("");
		}
		addr = xstrdup(value);
	}
	free(value);
	text_trim(addr);
	text_trim(display);
	size_t dl = strlen(display);
	if (dl >= 2 && display[0] == '"' && display[dl - 1] == '"') {
		/* A quoted display name: drop the quotes and \-escapes. */
		char *w = display;
		for (size_t i = 1; i + 1 < dl; i++) {
			if (display[i] == '\\' && i + 2 < dl)
				i++;
			*w++ = display[i];
		}
		*w = '\0';
	}
	char *decoded = mail_decode_header(display);
	free(display);
	text_trim(decoded);
	if (!addr[0] || !strchr(addr, '@') || strpbrk(addr, " \t\"<>,;")) {
		enum rdx_status st = rdx_fail(cause, RDX_INVALID, "the From: header holds no address");
		free(addr);
		free(decoded);
		return st;
	}
	*name = decoded;
	*address = addr;
	return RDX_OK;
}
