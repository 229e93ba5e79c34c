/*
 * vcard_prop.c - one vCard content line as parts (group, name, parameters,
 * value) and the text rules of values: escapes, structured components,
 * labels and types.  The reader decodes with them and the writer reads its
 * kept lines back with them, so both agree on what a line means.
 */
#include "io/vcard_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/text.h"
#include "rolodex/xalloc.h"

void vprop_done(struct vprop *p)
{
	free(p->group);
	free(p->name);
	for (size_t i = 0; i < p->nparams; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
	}
	free(p->params);
	free(p->raw);
	memset(p, 0, sizeof *p);
}

const char *vprop_param(const struct vprop *p, const char *name)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (strcmp(p->params[i].name, name) == 0)
			return p->params[i].value;
	return NULL;
}

/* True when any TYPE token equals type (case-insensitive). */
bool vprop_has_type(const struct vprop *p, const char *type)
{
	size_t n = strlen(type);
	for (size_t i = 0; i < p->nparams; i++) {
		if (strcmp(p->params[i].name, "TYPE") != 0)
			continue;
		const char *v = p->params[i].value;
		while (*v) {
			size_t len = strcspn(v, ",");
			if (len == n && io_strnieq(v, type, n))
				return true;
			v += len;
			if (*v == ',')
				v++;
		}
	}
	return false;
}

static void vprop_add_param(struct vprop *p, const char *name, size_t nlen, const char *value, size_t vlen)
{
	p->params = xrealloc(p->params, (p->nparams + 1) * sizeof *p->params);
	struct vparam *q = &p->params[p->nparams++];
	q->name = xstrndup(name, nlen);
	for (char *c = q->name; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	q->value = xstrndup(value, vlen);
}

/* Bare 2.1 parameters ("TEL;WORK;VOICE", "LABEL;QUOTED-PRINTABLE"). */
static void vprop_add_bare(struct vprop *p, const char *tok, size_t len)
{
	if (len == 0)
		return;
	if ((len == 16 && io_strnieq(tok, "QUOTED-PRINTABLE", 16)) || (len == 6 && io_strnieq(tok, "BASE64", 6)) ||
	    (len == 4 && io_strnieq(tok, "8BIT", 4)))
		vprop_add_param(p, "ENCODING", 8, tok, len);
	else
		vprop_add_param(p, "TYPE", 4, tok, len);
}

/*
 * Splits "group.NAME;p=v;p2="v;x":value" into its parts.  The value starts
 * at the first ':' outside a quoted parameter value; an unterminated quote
 * falls back to the first ':' at all.  False when there is no ':'.
 */
bool vprop_parse(const char *line, size_t len, struct vprop *p)
{
	memset(p, 0, sizeof *p);
	size_t i = 0;
	while (i < len && line[i] != ';' && line[i] != ':')
		i++;
	if (i == len)
		return false;
	size_t name_end = i;
	const char *dot = NULL;
	for (size_t k = 0; k < name_end; k++)
		if (line[k] == '.')
			dot = line + k;
	if (dot) {
		p->group = xstrndup(line, (size_t)(dot - line));
		p->name = xstrndup(dot + 1, name_end - (size_t)(dot - line) - 1);
	} else {
		p->group = xstrdup("");
		p->name = xstrndup(line, name_end);
	}
	for (char *c = p->name; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	text_trim(p->name);
	size_t value_at = 0;
	bool found = false;
	while (i < len && line[i] == ';') {
		i++;
		size_t start = i;
		size_t eq = 0;
		bool quoted = false;
		size_t vstart = 0, vend = 0;
		while (i < len) {
			char c = line[i];
			if (!quoted && (c == ';' || c == ':'))
				break;
			if (c == '=' && !eq && !quoted) {
				eq = i;
				if (i + 1 < len && line[i + 1] == '"') {
					const char *close = memchr(line + i + 2, '"', len - i - 2);
					if (!close) {
						/* Unterminated: the value runs unquoted to
						 * the next ';' or ':' (stopping here left an
						 * empty value of length -1). */
						i++;
						continue;
					}
					quoted = true;
					vstart = i + 2;
					vend = (size_t)(close - line);
					i = vend + 1;
					quoted = false;
					continue;
				}
			}
			i++;
		}
		if (i >= len)
			break;
		if (eq) {
			if (!vend) {
				vstart = eq + 1;
				vend = i;
			}
			if (eq > start)
				vprop_add_param(p, line + start, eq - start, line + vstart, vend - vstart);
		} else {
			vprop_add_bare(p, line + start, i - start);
		}
	}
	if (i < len && line[i] == ':') {
		value_at = i + 1;
		found = true;
	}
	if (!found) {
		const char *colon = memchr(line, ':', len);
		if (!colon) {
			vprop_done(p);
			return false;
		}
		value_at = (size_t)(colon - line) + 1;
	}
	p->raw = xstrndup(line + value_at, len - value_at);
	return true;
}
/* Escapes text for a vCard value: backslash, newline, comma, semicolon. */
void vcard_escape(struct sbuf *b, const char *s)
{
	for (;;) {
		/* Plain runs go in at once (a byte at a time was a tenth of an
		 * import). */
		size_t span = strcspn(s, "\\\n\r,;");
		sbuf_addn(b, s, span);
		s += span;
		if (!*s)
			break;
		switch (*s++) {
		case '\\':
			sbuf_adds(b, "\\\\");
			break;
		case '\n':
			sbuf_adds(b, "\\n");
			break;
		case ',':
			sbuf_adds(b, "\\,");
			break;
		case ';':
			sbuf_adds(b, "\\;");
			break;
		default: /* '\r' */
			break;
		}
	}
}

char *vcard_escape_dup(const char *s)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	vcard_escape(&b, s);
	return sbuf_take(&b);
}

/*
 * Splits an escaped value on unescaped `sep` (0: no splitting) and
 * unescapes each part.  vCard 2.1 only knows "\;" (and writers emit "\:"),
 * other backslashes are literal; 3.0/4.0 also unescape \n \\ \, (RFC 6350
 * 3.4), and any other backslash stands for the character after it.
 * Returns the number of parts (at least 1) in *parts (caller frees with
 * vcard_free_parts).
 */
size_t vcard_split_value(const char *raw, char sep, int version, char ***parts)
{
	size_t n = 0, cap = 4;
	char **out = xmalloc(cap * sizeof *out);
	struct sbuf cur;
	sbuf_init(&cur);
	sbuf_addn(&cur, "", 0);
	const char stops[3] = {'\\', sep, '\0'};
	for (const char *s = raw;; s++) {
		/* A run of plain bytes goes in at once. */
		size_t span = strcspn(s, stops);
		sbuf_addn(&cur, s, span);
		s += span;
		if (*s == '\0' || (sep && *s == sep)) {
			if (n == cap) {
				cap *= 2;
				out = xrealloc(out, cap * sizeof *out);
			}
			out[n++] = sbuf_take(&cur);
			sbuf_addn(&cur, "", 0);
			if (*s == '\0')
				break;
			continue;
		}
		if (*s == '\\' && s[1]) {
			char c = s[1];
			if (version == 21) {
				if (c == 'n') {
					sbuf_addc(&cur, '\n');
				} else if (c == ';' || c == ':') {
					sbuf_addc(&cur, c);
				} else {
					sbuf_addc(&cur, '\\');
					sbuf_addc(&cur, c);
				}
			} else if (c == 'n' || c == 'N') {
				sbuf_addc(&cur, '\n');
			} else {
				/* \\ \, \; and the escapes writers add beyond
				 * the RFC (Google's \", \') stand for the
				 * character itself, as the common readers take
				 * them. */
				sbuf_addc(&cur, c);
			}
			s++;
			continue;
		}
		sbuf_addc(&cur, *s);
	}
	sbuf_done(&cur);
	*parts = out;
	return n;
}

void vcard_free_parts(char **parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

/* Unstructured text: 2.1 has no escapes worth undoing there. */
char *vprop_text(const struct vprop *p, int version)
{
	if (version == 21) {
		/* Only the line breaks we made of quoted-printable CRLFs (and
		 * Android's continuations) come back; other backslashes stay. */
		struct sbuf b;
		sbuf_init(&b);
		sbuf_addn(&b, "", 0);
		for (const char *s = p->raw; *s; s++) {
			if (s[0] == '\\' && s[1] == 'n') {
				sbuf_addc(&b, '\n');
				s++;
			} else {
				sbuf_addc(&b, *s);
			}
		}
		return sbuf_take(&b);
	}
	if (!strchr(p->raw, '\\'))
		return xstrdup(p->raw); /* nothing to unescape */
	char **parts;
	size_t n = vcard_split_value(p->raw, 0, version, &parts);
	char *s = parts[0];
	parts[0] = NULL;
	vcard_free_parts(parts, n);
	return s;
}

/* Replaces CR/LF runs by ", " for single-line model values. */
char *vcard_one_line(const char *s)
{
	if (!strpbrk(s, "\r\n"))
		return text_trim(xstrdup(s));
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	bool pending = false;
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r') {
			pending = true;
			continue;
		}
		if (pending && b.len) {
			sbuf_adds(&b, ", ");
		}
		pending = false;
		sbuf_addc(&b, *s);
	}
	char *r = sbuf_take(&b);
	text_trim(r);
	return r;
}
/* ---- labels ---------------------------------------------------------------- */

/* Apple's "_$!<Other>!$_" -> "other"; other labels as written. */
char *vcard_label_clean(const char *s)
{
	size_t n = strlen(s);
	if (n > 8 && strncmp(s, "_$!<", 4) == 0 && strcmp(s + n - 4, ">!$_") == 0)
		return io_ascii_lower(xstrndup(s + 4, n - 8));
	char *r = vcard_one_line(s);
	if (strlen(r) > CARD_LABEL_MAX) {
		size_t cut = CARD_LABEL_MAX;
		while (cut > 0 && ((unsigned char)r[cut] & 0xC0) == 0x80)
			cut--;
		r[cut] = '\0';
	}
	return r;
}

/* The model label that TYPE parameters mean, or "" when none. */
const char *vprop_label(const struct vprop *p, enum field_kind kind)
{
	if (kind == FIELD_PHONE) {
		if (vprop_has_type(p, "cell") || vprop_has_type(p, "mobile") || vprop_has_type(p, "iphone"))
			return "mobile";
		if (vprop_has_type(p, "fax"))
			return "fax";
		if (vprop_has_type(p, "pager"))
			return "pager";
	}
	if (vprop_has_type(p, "work"))
		return "work";
	if (vprop_has_type(p, "home"))
		return "home";
	if (kind == FIELD_PHONE && vprop_has_type(p, "main"))
		return "main";
	if (vprop_has_type(p, "other"))
		return "other";
	return "";
}

/* The TYPE the writer uses for a label, or NULL when the label travels as
 * an X-ABLabel in a group (or there is no label). */
const char *vcard_type_for_label(enum field_kind kind, const char *label)
{
	if (!strcmp(label, "work"))
		return "work";
	if (!strcmp(label, "home"))
		return "home";
	if (kind == FIELD_PHONE) {
		if (!strcmp(label, "mobile"))
			return "cell";
		if (!strcmp(label, "fax"))
			return "fax";
		if (!strcmp(label, "pager"))
			return "pager";
	}
	return NULL;
}


struct group_label *vcard_find_group(struct group_label *g, size_t n, const char *group)
{
	if (!group[0])
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (io_strieq(g[i].group, group))
			return &g[i];
	return NULL;
}

/* ---- model values from properties ------------------------------------------ */

bool vcard_field_kind(const char *name, enum field_kind *kind)
{
	if (!strcmp(name, "EMAIL"))
		*kind = FIELD_EMAIL;
	else if (!strcmp(name, "TEL"))
		*kind = FIELD_PHONE;
	else if (!strcmp(name, "ADR"))
		*kind = FIELD_ADDRESS;
	else if (!strcmp(name, "URL"))
		*kind = FIELD_URL;
	else
		return false;
	return true;
}

/* A structured value (ADR, ORG) as one line: its non-empty components
 * joined by ", ".  Caller frees. */
char *vcard_join_components(const char *raw, int version)
{
	char **parts;
	size_t n = vcard_split_value(raw, ';', version, &parts);
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		char *part = vcard_one_line(parts[i]);
		if (part[0]) {
			if (b.len)
				sbuf_adds(&b, ", ");
			sbuf_adds(&b, part);
		}
		free(part);
	}
	vcard_free_parts(parts, n);
	return sbuf_take(&b);
}

/* The model value of an EMAIL/TEL/ADR/URL property ("" when empty). */
char *vprop_field_value(const struct vprop *p, enum field_kind kind, int version)
{
	if (kind == FIELD_ADDRESS)
		return vcard_join_components(p->raw, version);
	char *text = vprop_text(p, version);
	char *v = vcard_one_line(text);
	free(text);
	if (kind == FIELD_EMAIL) {
		char *lt = strchr(v, '<');
		char *gt = lt ? strchr(lt, '>') : NULL;
		if (lt && gt) {
			char *inner = xstrndup(lt + 1, (size_t)(gt - lt - 1));
			free(v);
			v = text_trim(inner);
		}
		if (io_strnieq(v, "mailto:", 7))
			memmove(v, v + 7, strlen(v + 7) + 1);
	} else if (kind == FIELD_PHONE) {
		if (io_strnieq(v, "tel:", 4))
			memmove(v, v + 4, strlen(v + 4) + 1);
	}
	return text_trim(v);
}

