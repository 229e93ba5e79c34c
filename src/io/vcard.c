/*
 * vcard.c - a streaming vCard 2.1/3.0/4.0 reader and a 3.0/4.0 writer.
 *
 * Why our own parser: Debian has no maintained C vCard library that fits.
 * libical speaks iCalendar only, libebook (evolution-data-server) drags in
 * GLib, D-Bus and the EDS daemons, and the small parsers around are
 * unmaintained and read whole files.  What real clients write is also far
 * from the RFCs (2.1 quoted-printable with soft breaks, raw Shift_JIS,
 * missing BEGIN or END lines, '#' comments, Android's backslash line
 * continuations), so the reader has to be tolerant where the files are
 * common and strict where data would be lost.
 *
 * The reader works line by line with bounded memory: one card's unfolded
 * lines are held until its END:VCARD (at most VCARD_MAX_PROPERTIES lines of
 * at most IO_LINE_MAX bytes), then turned into a struct vcard_entry.
 *
 * Decisions on bad text:
 *  - text that is not valid UTF-8 and has no CHARSET parameter is read as
 *    Windows-1252 (the charset of Outlook and most legacy exports), with a
 *    warning in the entry;
 *  - broken quoted-printable ("=" not followed by two hex digits) makes the
 *    card invalid: guessing would corrupt the text silently;
 *  - a NUL byte inside a card makes it invalid (binary data);
 *  - a card without END:VCARD at the end of the file is invalid; a file that
 *    starts at VERSION: without BEGIN:VCARD is accepted with a warning.
 */
#include "rolodex/vcard.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_internal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* Most bytes one card may hold before it is refused. */
#define VCARD_MAX_CARD_BYTES (64u * 1024 * 1024)

/* ---- entries ------------------------------------------------------------- */

void vcard_entry_init(struct vcard_entry *e)
{
	card_init(&e->card);
	e->notes = NULL;
	e->nnotes = 0;
	e->touches = NULL;
	e->ntouches = 0;
	e->line = 0;
	e->warnings = NULL;
	e->nwarnings = 0;
}

void vcard_entry_done(struct vcard_entry *e)
{
	card_done(&e->card);
	for (size_t i = 0; i < e->nnotes; i++)
		free(e->notes[i].text);
	free(e->notes);
	for (size_t i = 0; i < e->ntouches; i++)
		free(e->touches[i].note);
	free(e->touches);
	for (size_t i = 0; i < e->nwarnings; i++)
		free(e->warnings[i]);
	free(e->warnings);
	e->notes = NULL;
	e->nnotes = 0;
	e->touches = NULL;
	e->ntouches = 0;
	e->warnings = NULL;
	e->nwarnings = 0;
}

void vcard_entry_warn(struct vcard_entry *e, const char *fmt, ...)
{
	if (e->nwarnings >= 100)
		return; /* a broken file must not make an unbounded report */
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char *msg = xstrdup(buf);
	e->warnings = xrealloc(e->warnings, (e->nwarnings + 1) * sizeof *e->warnings);
	e->warnings[e->nwarnings++] = msg;
}

void vcard_entry_add_note(struct vcard_entry *e, const char *at, const char *text)
{
	e->notes = xrealloc(e->notes, (e->nnotes + 1) * sizeof *e->notes);
	struct note *n = &e->notes[e->nnotes++];
	memset(n, 0, sizeof *n);
	snprintf(n->at, sizeof n->at, "%s", at ? at : "");
	n->text = xstrdup(text);
}

static void entry_add_touch(struct vcard_entry *e, int date, enum channel channel, const char *note, const char *at)
{
	e->touches = xrealloc(e->touches, (e->ntouches + 1) * sizeof *e->touches);
	struct touch *t = &e->touches[e->ntouches++];
	memset(t, 0, sizeof *t);
	t->date = date;
	t->channel = channel;
	t->note = xstrdup(note ? note : "");
	snprintf(t->at, sizeof t->at, "%s", at ? at : "");
}

/* ---- properties ---------------------------------------------------------- */

struct vparam {
	char *name;  /* upper case; "TYPE" for a bare 2.1 type, "ENCODING" for a bare encoding */
	char *value; /* quotes removed */
};

struct vprop {
	int lineno;
	const char *line;  /* the logical line as read; borrowed */
	char *group;       /* "" when none */
	char *name;        /* upper case */
	struct vparam *params;
	size_t nparams;
	char *raw;         /* value decoded to UTF-8, still escaped */
	bool normalized;   /* decoding changed the bytes: rebuild the line for extras */
	bool binary;       /* ENCODING=b / BASE64: never decoded */
	bool used;         /* went into the model */
	bool shadow;       /* kept as a shadow of a model value */
};

static void vprop_done(struct vprop *p)
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

static const char *vprop_param(const struct vprop *p, const char *name)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (strcmp(p->params[i].name, name) == 0)
			return p->params[i].value;
	return NULL;
}

/* True when any TYPE token equals type (case-insensitive). */
static bool vprop_has_type(const struct vprop *p, const char *type)
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
static bool vprop_parse(const char *line, size_t len, struct vprop *p)
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

/* ---- value decoding -------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable to bytes.  *len is set; false on a broken escape. */
static char *qp_decode(const char *s, size_t *len, bool *ok)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	*ok = true;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] != '=') {
			sbuf_addc(&b, s[i]);
			continue;
		}
		int h = s[i + 1] ? hexval((unsigned char)s[i + 1]) : -1;
		int l = h >= 0 && s[i + 2] ? hexval((unsigned char)s[i + 2]) : -1;
		if (h < 0 || l < 0) {
			if (s[i + 1] == '\0')
				break; /* a trailing soft break */
			*ok = false;
			break;
		}
		sbuf_addc(&b, (char)(h * 16 + l));
		i += 2;
	}
	*len = b.len;
	return sbuf_take(&b);
}

/* Escapes text for a vCard value: backslash, newline, comma, semicolon. */
static void text_escape(struct sbuf *b, const char *s)
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

static char *text_escape_dup(const char *s)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	text_escape(&b, s);
	return sbuf_take(&b);
}

/*
 * Splits an escaped value on unescaped `sep` (0: no splitting) and
 * unescapes each part.  vCard 2.1 only knows "\;" (and writers emit "\:"),
 * other backslashes are literal; 3.0/4.0 also unescape \n \\ \, (RFC 6350
 * 3.4).  Returns the number of parts (at least 1) in *parts (caller frees
 * with free_parts).
 */
static size_t split_value(const char *raw, char sep, int version, char ***parts)
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
			} else if (c == '\\' || c == ',' || c == ';' || c == ':') {
				sbuf_addc(&cur, c);
			} else {
				sbuf_addc(&cur, '\\');
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

static void free_parts(char **parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

/* Unstructured text: 2.1 has no escapes worth undoing there. */
static char *value_text(const struct vprop *p, int version)
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
	size_t n = split_value(p->raw, 0, version, &parts);
	char *s = parts[0];
	parts[0] = NULL;
	free_parts(parts, n);
	return s;
}

/* Replaces CR/LF runs by ", " for single-line model values. */
static char *one_line(const char *s)
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

/*
 * Decodes p->raw in place: quoted-printable, then CHARSET (or Windows-1252
 * when the bytes are not UTF-8).  Binary values are left alone.  False with
 * a reason in *why (static text) when the quoted-printable is broken.
 */
static bool vprop_decode(struct vprop *p, struct vcard_entry *e, const char **why)
{
	const char *enc = vprop_param(p, "ENCODING");
	if (enc && (io_strieq(enc, "b") || io_strieq(enc, "BASE64"))) {
		p->binary = true;
		return true;
	}
	char *bytes = p->raw;
	size_t len = strlen(p->raw);
	if (enc && io_strieq(enc, "QUOTED-PRINTABLE")) {
		bool ok;
		bytes = qp_decode(p->raw, &len, &ok);
		if (!ok) {
			free(bytes);
			*why = "broken quoted-printable";
			return false;
		}
		p->normalized = true;
		/* A QP value may hold CRLF line breaks: make them escapes so the
		 * value stays one logical line. */
	}
	if (memchr(bytes, '\0', len)) {
		if (bytes != p->raw)
			free(bytes);
		*why = "binary data (a NUL byte) in a text value";
		return false;
	}
	const char *charset = vprop_param(p, "CHARSET");
	char *utf8 = NULL;
	if (charset && !io_strieq(charset, "UTF-8") && !io_strieq(charset, "us-ascii")) {
		char *cause = NULL;
		utf8 = charset_to_utf8(charset, bytes, len, &cause);
		if (!utf8) {
			vcard_entry_warn(e, "line %d: %s; read as Windows-1252", p->lineno, cause);
			free(cause);
			utf8 = charset_cp1252_to_utf8(bytes, len);
		}
		p->normalized = true;
	} else {
		bool converted;
		utf8 = charset_fix_utf8(bytes, len, &converted);
		if (converted) {
			vcard_entry_warn(e, "line %d: %s is not UTF-8; read as Windows-1252", p->lineno, p->name);
			p->normalized = true;
		}
	}
	if (bytes != p->raw)
		free(bytes);
	if (p->normalized && enc && io_strieq(enc, "QUOTED-PRINTABLE")) {
		/* Line breaks inside a QP value become \n escapes. */
		struct sbuf b;
		sbuf_init(&b);
		sbuf_addn(&b, "", 0);
		for (const char *s = utf8; *s; s++) {
			if (*s == '\r')
				continue;
			if (*s == '\n')
				sbuf_adds(&b, "\\n");
			else
				sbuf_addc(&b, *s);
		}
		free(utf8);
		utf8 = sbuf_take(&b);
	}
	free(p->raw);
	p->raw = utf8;
	return true;
}

/* The line to keep in extras: as read, or rebuilt without ENCODING and
 * CHARSET when decoding changed it. */
static char *vprop_extra_line(const struct vprop *p)
{
	if (!p->normalized) {
		bool converted;
		return charset_fix_utf8(p->line, strlen(p->line), &converted);
	}
	struct sbuf b;
	sbuf_init(&b);
	if (p->group[0]) {
		sbuf_adds(&b, p->group);
		sbuf_addc(&b, '.');
	}
	sbuf_adds(&b, p->name);
	for (size_t i = 0; i < p->nparams; i++) {
		const struct vparam *q = &p->params[i];
		if (strcmp(q->name, "CHARSET") == 0 ||
		    (strcmp(q->name, "ENCODING") == 0 && io_strieq(q->value, "QUOTED-PRINTABLE")))
			continue;
		bool converted;
		char *v = charset_fix_utf8(q->value, strlen(q->value), &converted);
		bool quote = strpbrk(v, ":;,") != NULL;
		sbuf_printf(&b, ";%s=%s%s%s", q->name, quote ? "\"" : "", v, quote ? "\"" : "");
		free(v);
	}
	sbuf_addc(&b, ':');
	/* A decoded value may hold line breaks (quoted-printable "=0D=0A",
	 * or a broken soft break); the kept line is one line, so they go
	 * back as the \n escape. */
	for (const char *c = p->raw; *c != '\0'; c++) {
		if (*c == '\r' && c[1] == '\n')
			c++;
		if (*c == '\r' || *c == '\n')
			sbuf_adds(&b, "\\n");
		else
			sbuf_addc(&b, *c);
	}
	return sbuf_take(&b);
}

/* ---- labels ---------------------------------------------------------------- */

/* Apple's "_$!<Other>!$_" -> "other"; other labels as written. */
static char *label_clean(const char *s)
{
	size_t n = strlen(s);
	if (n > 8 && strncmp(s, "_$!<", 4) == 0 && strcmp(s + n - 4, ">!$_") == 0)
		return io_ascii_lower(xstrndup(s + 4, n - 8));
	char *r = one_line(s);
	if (strlen(r) > CARD_LABEL_MAX) {
		size_t cut = CARD_LABEL_MAX;
		while (cut > 0 && ((unsigned char)r[cut] & 0xC0) == 0x80)
			cut--;
		r[cut] = '\0';
	}
	return r;
}

/* The model label that TYPE parameters mean, or "" when none. */
static const char *label_from_types(const struct vprop *p, enum field_kind kind)
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
static const char *type_for_label(enum field_kind kind, const char *label)
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

/* Types that say nothing the model or the writer would keep. */
static bool type_is_noise(enum field_kind kind, const char *t, size_t n)
{
	if (kind == FIELD_EMAIL && n == 8 && io_strnieq(t, "internet", 8))
		return true;
	if (kind == FIELD_PHONE && n == 5 && io_strnieq(t, "voice", 5))
		return true;
	return false;
}

struct group_label {
	const char *group; /* borrowed from a vprop */
	const char *raw;   /* escaped X-ABLabel value; borrowed */
	char *label;       /* cleaned */
	bool field_shadowed;
	size_t prop;       /* index of the X-ABLabel property */
};

static const struct group_label *find_group(const struct group_label *g, size_t n, const char *group)
{
	if (!group[0])
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (io_strieq(g[i].group, group))
			return &g[i];
	return NULL;
}

/*
 * Whether the original line says more than the line the writer would make
 * for (kind, value, label): other parameters, other types, a group the
 * writer would not use, or a value the writer would escape differently.
 */
static bool field_needs_shadow(const struct vprop *p, enum field_kind kind, const char *value, const char *label,
			       const struct group_label *g)
{
	for (size_t i = 0; i < p->nparams; i++) {
		const struct vparam *q = &p->params[i];
		if (strcmp(q->name, "TYPE") != 0 && strcmp(q->name, "CHARSET") != 0 && strcmp(q->name, "ENCODING") != 0)
			return true;
	}
	const char *want = type_for_label(kind, label);
	bool want_seen = false;
	for (size_t i = 0; i < p->nparams; i++) {
		if (strcmp(p->params[i].name, "TYPE") != 0)
			continue;
		const char *v = p->params[i].value;
		while (*v) {
			size_t len = strcspn(v, ",");
			if (len && !type_is_noise(kind, v, len)) {
				if (want && strlen(want) == len && io_strnieq(v, want, len))
					want_seen = true;
				else
					return true;
			}
			v += len;
			if (*v == ',')
				v++;
		}
	}
	if (want && !want_seen)
		return true;
	bool custom = !want && label[0];
	if (custom) {
		if (!g)
			return true;
		char *esc = text_escape_dup(label);
		bool same = strcmp(esc, g->raw) == 0;
		free(esc);
		if (!same)
			return true;
	} else if (p->group[0]) {
		return true;
	}
	char *esc = text_escape_dup(value);
	bool differs;
	if (kind == FIELD_ADDRESS) {
		char *gen = xasprintf(";;%s;;;;", esc);
		differs = strcmp(gen, p->raw) != 0;
		free(gen);
	} else {
		differs = strcmp(esc, p->raw) != 0;
	}
	free(esc);
	return differs;
}

/* ---- model values from properties ------------------------------------------ */

static bool kind_of_name(const char *name, enum field_kind *kind)
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
static char *join_components(const char *raw, int version)
{
	char **parts;
	size_t n = split_value(raw, ';', version, &parts);
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		char *part = one_line(parts[i]);
		if (part[0]) {
			if (b.len)
				sbuf_adds(&b, ", ");
			sbuf_adds(&b, part);
		}
		free(part);
	}
	free_parts(parts, n);
	return sbuf_take(&b);
}

/* The model value of an EMAIL/TEL/ADR/URL property ("" when empty). */
static char *field_value(const struct vprop *p, enum field_kind kind, int version)
{
	if (kind == FIELD_ADDRESS)
		return join_components(p->raw, version);
	char *text = value_text(p, version);
	char *v = one_line(text);
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

/* Parses BDAY text; false when it is not a date we understand. */
static bool parse_bday(const struct vprop *p, struct birthday *out)
{
	const char *value = vprop_param(p, "VALUE");
	if (value && io_strieq(value, "text"))
		return false;
	char buf[64];
	snprintf(buf, sizeof buf, "%s", p->raw);
	text_trim(buf);
	char *t = strchr(buf, 'T');
	if (t)
		*t = '\0';
	int y = 0, m = 0, d = 0;
	size_t len = strlen(buf);
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)buf[i]) && buf[i] != '-')
			return false;
	if (len == 6 && !strncmp(buf, "--", 2)) {
		m = atoi((char[]){buf[2], buf[3], 0});
		d = atoi(buf + 4);
	} else if (len == 7 && !strncmp(buf, "--", 2) && buf[4] == '-') {
		m = atoi((char[]){buf[2], buf[3], 0});
		d = atoi(buf + 5);
	} else if (len == 8 && buf[0] != '-') {
		y = atoi((char[]){buf[0], buf[1], buf[2], buf[3], 0});
		m = atoi((char[]){buf[4], buf[5], 0});
		d = atoi(buf + 6);
	} else if (len == 10 && buf[4] == '-' && buf[7] == '-') {
		y = atoi((char[]){buf[0], buf[1], buf[2], buf[3], 0});
		m = atoi((char[]){buf[5], buf[6], 0});
		d = atoi(buf + 8);
	} else {
		return false;
	}
	/* Year-less birthdays: Apple's X-APPLE-OMIT-YEAR, and the placeholder
	 * years 1604 (Apple, Google) and 1900 (Outlook, Android) and 0000. */
	if (vprop_param(p, "X-APPLE-OMIT-YEAR") || y == 1604 || y == 1900 || y == 0)
		y = 0;
	if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(y ? y : 2000, m))
		return false;
	if (y && !date_valid(y, m, d))
		return false;
	out->year = y;
	out->month = m;
	out->day = d;
	return true;
}

static bool timestamp_ok(const char *s)
{
	/* "YYYY-MM-DDTHH:MM:SSZ" */
	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z')
		return false;
	int days;
	char date[DATE_TEXT_SIZE];
	memcpy(date, s, 10);
	date[10] = '\0';
	return date_parse(date, &days);
}

/*
 * The X-ROLODEX-AT of a note or touch, as the model keeps it ("" when
 * missing or not a time).  We write the basic form "YYYYMMDDTHHMMSSZ":
 * without colons, so readers that split a line at its first colon (abook)
 * still find the value; older exports have the quoted extended form.
 */
static void timestamp_read(const char *s, char out[TIMESTAMP_TEXT_SIZE])
{
	out[0] = '\0';
	if (!s)
		return;
	if (timestamp_ok(s)) {
		snprintf(out, TIMESTAMP_TEXT_SIZE, "%s", s);
		return;
	}
	if (strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
		return;
	for (int i = 0; i < 15; i++)
		if (i != 8 && !isdigit((unsigned char)s[i]))
			return;
	char t[TIMESTAMP_TEXT_SIZE];
	snprintf(t, sizeof t, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 9, s + 11, s + 13);
	if (timestamp_ok(t))
		memcpy(out, t, sizeof t);
}

/* ---- building an entry -------------------------------------------------- */

struct pending_field {
	enum field_kind kind;
	char *value;
	char *label;
	bool pref;
};

static void add_shadow(struct card *card, const struct vprop *p)
{
	char *line = vprop_extra_line(p);
	char *marked = xasprintf("%c%s", VCARD_SHADOW_MARK, line);
	card_add_extra(card, marked);
	free(marked);
	free(line);
}

static void add_extra(struct vcard_entry *e, const struct vprop *p)
{
	char *line = vprop_extra_line(p);
	if (strlen(line) > CARD_EXTRA_MAX)
		vcard_entry_warn(e, "line %d: %s of %zu bytes dropped (limit %d)", p->lineno, p->name, strlen(line),
				 CARD_EXTRA_MAX);
	else
		card_add_extra(&e->card, line);
	free(line);
}

/* The properties apply_prop takes, told apart by their first letter
 * before any text is compared (a chain of strcmp for every property was
 * 1.4% of an import). */
enum prop {
	PROP_OTHER,
	PROP_BEGIN,
	PROP_END,
	PROP_VERSION,
	PROP_PRODID,
	PROP_REV,
	PROP_FN,
	PROP_N,
	PROP_NICKNAME,
	PROP_ORG,
	PROP_TITLE,
	PROP_BDAY,
	PROP_UID,
	PROP_CATEGORIES,
	PROP_NOTE,
	PROP_X_ROLODEX_TOUCH,
	PROP_X_ROLODEX_CADENCE,
	PROP_X_ROLODEX_SNOOZE,
	PROP_X_ROLODEX_HOW_MET,
};

static enum prop prop_of(const char *name)
{
	switch (name[0]) {
	case 'B':
		if (!strcmp(name, "BEGIN"))
			return PROP_BEGIN;
		if (!strcmp(name, "BDAY"))
			return PROP_BDAY;
		break;
	case 'E':
		if (!strcmp(name, "END"))
			return PROP_END;
		break;
	case 'V':
		if (!strcmp(name, "VERSION"))
			return PROP_VERSION;
		break;
	case 'P':
		if (!strcmp(name, "PRODID"))
			return PROP_PRODID;
		break;
	case 'R':
		if (!strcmp(name, "REV"))
			return PROP_REV;
		break;
	case 'F':
		if (!strcmp(name, "FN"))
			return PROP_FN;
		break;
	case 'N':
		if (!strcmp(name, "N"))
			return PROP_N;
		if (!strcmp(name, "NICKNAME"))
			return PROP_NICKNAME;
		if (!strcmp(name, "NOTE"))
			return PROP_NOTE;
		break;
	case 'O':
		if (!strcmp(name, "ORG"))
			return PROP_ORG;
		break;
	case 'T':
		if (!strcmp(name, "TITLE"))
			return PROP_TITLE;
		break;
	case 'U':
		if (!strcmp(name, "UID"))
			return PROP_UID;
		break;
	case 'C':
		if (!strcmp(name, "CATEGORIES"))
			return PROP_CATEGORIES;
		break;
	case 'X':
		if (!strcmp(name, "X-ROLODEX-TOUCH"))
			return PROP_X_ROLODEX_TOUCH;
		if (!strcmp(name, "X-ROLODEX-CADENCE"))
			return PROP_X_ROLODEX_CADENCE;
		if (!strcmp(name, "X-ROLODEX-SNOOZE"))
			return PROP_X_ROLODEX_SNOOZE;
		if (!strcmp(name, "X-ROLODEX-HOW-MET"))
			return PROP_X_ROLODEX_HOW_MET;
		break;
	}
	return PROP_OTHER;
}

/* Applies one decoded property to the entry: into the model (p->used, and
 * p->shadow when the original form says more), or left for the extras. */
static void apply_prop(struct vcard_entry *e, struct vprop *p, int version, const struct group_label *groups,
		       size_t ngroups, struct pending_field **fields, size_t *nfields, bool seen[8])
{
	struct card *c = &e->card;
	const char *n = p->name;
	enum prop k = prop_of(n);
	enum field_kind kind;
	if (k == PROP_BEGIN || k == PROP_END || k == PROP_VERSION || k == PROP_PRODID ||
	    k == PROP_REV) {
		p->used = true;
		return;
	}
	if (p->binary)
		return;
	if (k == PROP_FN && !seen[0]) {
		seen[0] = true;
		char *t = value_text(p, version);
		char *v = one_line(t);
		free(t);
		if (!v[0]) {
			free(v);
			p->used = true;
			return;
		}
		card_set(&c->name, v);
		char *esc = text_escape_dup(v);
		p->shadow = p->nparams > 0 || p->group[0] || strcmp(esc, p->raw) != 0;
		free(esc);
		free(v);
		p->used = true;
		return;
	}
	if (k == PROP_N && !seen[1]) {
		seen[1] = true;
		char **parts;
		size_t k = split_value(p->raw, ';', version, &parts);
		char *family = one_line(parts[0]);
		char *given = one_line(k > 1 ? parts[1] : "");
		card_set(&c->family, family);
		card_set(&c->given, given);
		char *ef = text_escape_dup(family), *eg = text_escape_dup(given);
		char *gen = xasprintf("%s;%s;;;", ef, eg);
		p->shadow = p->nparams > 0 || p->group[0] || strcmp(gen, p->raw) != 0;
		/* An empty N (Apple company cards: "N:;;;;") needs no shadow unless
		 * it had more parts. */
		bool any = false;
		for (size_t i = 0; i < k; i++)
			if (parts[i][0])
				any = true;
		if (!any && p->nparams == 0 && !p->group[0])
			p->shadow = false;
		free(gen);
		free(ef);
		free(eg);
		free(family);
		free(given);
		free_parts(parts, k);
		p->used = true;
		return;
	}
	if (k == PROP_NICKNAME && !seen[2]) {
		seen[2] = true;
		char **parts;
		size_t k = split_value(p->raw, ',', version, &parts);
		char *v = one_line(parts[0]);
		card_set(&c->nickname, v);
		char *esc = text_escape_dup(v);
		p->shadow = k > 1 || p->nparams > 0 || p->group[0] || strcmp(esc, p->raw) != 0;
		free(esc);
		free(v);
		free_parts(parts, k);
		p->used = true;
		return;
	}
	if (k == PROP_ORG && !seen[3]) {
		seen[3] = true;
		char *v = join_components(p->raw, version);
		card_set(&c->org, v);
		char *esc = text_escape_dup(v);
		p->shadow = p->nparams > 0 || p->group[0] || strcmp(esc, p->raw) != 0;
		free(esc);
		free(v);
		p->used = true;
		return;
	}
	if (k == PROP_TITLE && !seen[4]) {
		seen[4] = true;
		char *t = value_text(p, version);
		char *v = one_line(t);
		free(t);
		card_set(&c->title, v);
		char *esc = text_escape_dup(v);
		p->shadow = p->nparams > 0 || p->group[0] || strcmp(esc, p->raw) != 0;
		free(esc);
		free(v);
		p->used = true;
		return;
	}
	if (k == PROP_BDAY && !seen[5]) {
		struct birthday b;
		if (parse_bday(p, &b)) {
			seen[5] = true;
			c->birthday = b;
			p->used = true;
		} else if (!vprop_param(p, "VALUE")) {
			vcard_entry_warn(e, "line %d: birthday \"%s\" is not a date; kept as it is", p->lineno, p->raw);
		}
		return;
	}
	if (k == PROP_UID && !seen[6]) {
		seen[6] = true;
		char *v = one_line(p->raw);
		if (v[0] && strlen(v) < 256)
			card_set(&c->uid, v);
		free(v);
		p->used = true;
		return;
	}
	if (kind_of_name(n, &kind)) {
		char *v = field_value(p, kind, version);
		p->used = true;
		if (!v[0] || strlen(v) > CARD_FIELD_MAX) {
			if (v[0])
				vcard_entry_warn(e, "line %d: %s longer than %d bytes dropped", p->lineno, n, CARD_FIELD_MAX);
			free(v);
			return;
		}
		const struct group_label *g = find_group(groups, ngroups, p->group);
		char *label = g ? xstrdup(g->label) : xstrdup(label_from_types(p, kind));
		p->shadow = field_needs_shadow(p, kind, v, label, g);
		if (p->shadow && g)
			((struct group_label *)g)->field_shadowed = true;
		*fields = xrealloc(*fields, (*nfields + 1) * sizeof **fields);
		(*fields)[*nfields] = (struct pending_field){
			.kind = kind,
			.value = v,
			.label = label,
			.pref = vprop_has_type(p, "pref") || vprop_param(p, "PREF"),
		};
		(*nfields)++;
		return;
	}
	if (k == PROP_CATEGORIES) {
		char **parts;
		size_t k = split_value(p->raw, ',', version, &parts);
		for (size_t i = 0; i < k; i++) {
			char *t = one_line(parts[i]);
			if (t[0] && strlen(t) <= CARD_TAG_MAX && c->ntags < CARD_MAX_TAGS)
				card_add_tag(c, t);
			else if (t[0])
				vcard_entry_warn(e, "line %d: tag \"%.40s\" dropped (too long or too many)", p->lineno, t);
			free(t);
		}
		free_parts(parts, k);
		p->used = true;
		return;
	}
	if (k == PROP_NOTE) {
		char *t = value_text(p, version);
		size_t len = strlen(t);
		while (len && isspace((unsigned char)t[len - 1]))
			t[--len] = '\0';
		char at[TIMESTAMP_TEXT_SIZE];
		timestamp_read(vprop_param(p, "X-ROLODEX-AT"), at);
		if (t[0]) {
			if (len > NOTE_TEXT_MAX)
				vcard_entry_warn(e, "line %d: note longer than 1 MiB dropped", p->lineno);
			else
				vcard_entry_add_note(e, at, t);
		}
		free(t);
		p->used = true;
		return;
	}
	if (k == PROP_X_ROLODEX_TOUCH) {
		/* One text value "date;channel;note": unescaped as a whole, then
		 * cut at its first two semicolons (neither a date nor a channel
		 * holds one).  That reads our files, older ones whose
		 * separators were bare, and those a server re-escaped. */
		char *t = value_text(p, version);
		char *channel = strchr(t, ';');
		char *note = channel ? strchr(channel + 1, ';') : NULL;
		if (channel)
			*channel++ = '\0';
		if (note)
			*note++ = '\0';
		int date;
		enum channel ch;
		char at[TIMESTAMP_TEXT_SIZE];
		timestamp_read(vprop_param(p, "X-ROLODEX-AT"), at);
		if (channel && date_parse(t, &date) && channel_parse(channel, &ch)) {
			entry_add_touch(e, date, ch, note ? note : "", at);
			p->used = true;
		} else {
			vcard_entry_warn(e, "line %d: X-ROLODEX-TOUCH not understood; kept as it is", p->lineno);
		}
		free(t);
		return;
	}
	if (k == PROP_X_ROLODEX_CADENCE) {
		struct cadence cad;
		char *v = one_line(p->raw);
		if (cadence_parse(v, &cad)) {
			c->cadence_set = true;
			c->cadence = cad;
			p->used = true;
		} else {
			vcard_entry_warn(e, "line %d: cadence \"%s\" not understood; kept as it is", p->lineno, v);
		}
		free(v);
		return;
	}
	if (k == PROP_X_ROLODEX_SNOOZE) {
		int day;
		char *v = one_line(p->raw);
		if (date_parse(v, &day)) {
			snprintf(c->snooze_until, sizeof c->snooze_until, "%s", v);
			p->used = true;
		}
		free(v);
		return;
	}
	if (k == PROP_X_ROLODEX_HOW_MET) {
		char *t = value_text(p, version);
		card_set(&c->how_met, t);
		free(t);
		p->used = true;
		return;
	}
	(void)seen;
}

static bool field_same(const struct pending_field *f, const struct card *c)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].kind == f->kind && io_strieq(c->fields[i].value, f->value))
			return true;
	return false;
}

/* Fills the name from whatever the card has: N, ORG, an email, a phone. */
static bool settle_name(struct vcard_entry *e)
{
	struct card *c = &e->card;
	if (!c->name[0] && (c->given[0] || c->family[0])) {
		char *name = c->given[0] && c->family[0] ? xasprintf("%s %s", c->given, c->family)
							  : xstrdup(c->given[0] ? c->given : c->family);
		card_set(&c->name, name);
		free(name);
	}
	if (!c->name[0] && c->org[0])
		card_set(&c->name, c->org);
	if (!c->name[0] && c->nfields > 0)
		card_set(&c->name, c->fields[0].value);
	if (!c->name[0])
		return false;
	card_split_name(c);
	return true;
}

/*
 * Turns the held lines of one card into *e.  False with *cause set when the
 * card must be refused.
 */
static bool build_entry(const char *file, char **lines, int *linenos, size_t nlines, struct vcard_entry *e,
			char **cause)
{
	struct vprop *props = xcalloc(nlines ? nlines : 1, sizeof *props);
	size_t nprops = 0;
	int version = 30;
	bool ok = true;
	for (size_t i = 0; i < nlines && ok; i++) {
		struct vprop *p = &props[nprops];
		if (!vprop_parse(lines[i], strlen(lines[i]), p)) {
			vcard_entry_warn(e, "line %d: not a property, ignored", linenos[i]);
			continue;
		}
		p->lineno = linenos[i];
		p->line = lines[i];
		nprops++;
		if (!strcmp(p->name, "VERSION")) {
			if (!strncmp(p->raw, "2.1", 3))
				version = 21;
			else if (!strncmp(p->raw, "4.0", 3))
				version = 40;
		}
	}
	for (size_t i = 0; i < nprops && ok; i++) {
		const char *why = NULL;
		/* 2.1's bare parameters ("TEL;WORK;PREF") are rewritten as
		 * TYPE=... when kept, so they fit the 3.0/4.0 files we write. */
		if (version == 21 && props[i].nparams > 0)
			props[i].normalized = true;
		if (!vprop_decode(&props[i], e, &why)) {
			rdx_fail(cause, RDX_INVALID, "%s:%d: %s in %s", file, props[i].lineno, why, props[i].name);
			ok = false;
		}
	}
	struct group_label *groups = NULL;
	size_t ngroups = 0;
	struct pending_field *fields = NULL;
	size_t nfields = 0;
	if (ok) {
		for (size_t i = 0; i < nprops; i++) {
			struct vprop *p = &props[i];
			if (strcmp(p->name, "X-ABLABEL") != 0 || !p->group[0] || find_group(groups, ngroups, p->group))
				continue;
			groups = xrealloc(groups, (ngroups + 1) * sizeof *groups);
			char *t = value_text(p, version);
			groups[ngroups++] = (struct group_label){
				.group = p->group, .raw = p->raw, .label = label_clean(t), .prop = i};
			free(t);
		}
		bool seen[8] = {false};
		for (size_t i = 0; i < nprops; i++)
			apply_prop(e, &props[i], version, groups, ngroups, &fields, &nfields, seen);
		/* An X-ABLabel is absorbed into its field's label, unless that
		 * field is kept as a shadow: then it stays, to go with it. */
		for (size_t i = 0; i < ngroups; i++) {
			bool has_field = false;
			for (size_t k = 0; k < nprops; k++) {
				enum field_kind kind;
				if (kind_of_name(props[k].name, &kind) && io_strieq(props[k].group, groups[i].group))
					has_field = true;
			}
			if (has_field && !groups[i].field_shadowed)
				props[groups[i].prop].used = true;
		}
		/* Preferred emails and phones first: the first one is the one
		 * lists and mail use. */
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < nfields; i++)
				if (fields[i].pref == (pass == 0) && !field_same(&fields[i], &e->card)) {
					if (e->card.nfields >= CARD_MAX_FIELDS) {
						vcard_entry_warn(e, "more than %d fields; the rest dropped", CARD_MAX_FIELDS);
						break;
					}
					card_add_field(&e->card, fields[i].kind, fields[i].value, fields[i].label);
				}
		for (size_t i = 0; i < nprops; i++) {
			struct vprop *p = &props[i];
			if (p->used && p->shadow)
				add_shadow(&e->card, p);
			else if (!p->used && e->card.nextras < CARD_MAX_FIELDS)
				add_extra(e, p);
		}
		if (!settle_name(e)) {
			rdx_fail(cause, RDX_INVALID, "%s:%d: card has no name (no FN, N, ORG, email or phone)", file,
				 e->line);
			ok = false;
		}
	}
	for (size_t i = 0; i < nfields; i++) {
		free(fields[i].value);
		free(fields[i].label);
	}
	free(fields);
	for (size_t i = 0; i < ngroups; i++)
		free(groups[i].label);
	free(groups);
	for (size_t i = 0; i < nprops; i++)
		vprop_done(&props[i]);
	free(props);
	return ok;
}

/* ---- the reader ---------------------------------------------------------- */

struct pending_card {
	char **lines;
	int *linenos;
	size_t nlines, cap;
	size_t bytes;
	int begin_line;
	char *error; /* first reason the card is bad */
	bool implicit; /* started at VERSION: without BEGIN:VCARD */
};

struct vcard_reader {
	struct line_reader lr;
	const char *name;
	bool have_peek;    /* lr.line holds a line not consumed yet */
	bool eof;
	struct sbuf logical;
	int logical_lineno;
	bool logical_nul;
	struct pending_card stack[VCARD_MAX_DEPTH];
	int depth;
	bool skipping;     /* after garbage: quiet until the next BEGIN:VCARD */
	enum rdx_status fatal;
};

struct vcard_reader *vcard_reader_new(FILE *fp, const char *name)
{
	struct vcard_reader *r = xcalloc(1, sizeof *r);
	line_reader_init(&r->lr, fp, name);
	r->name = name;
	sbuf_init(&r->logical);
	return r;
}

static void pending_done(struct pending_card *pc)
{
	for (size_t i = 0; i < pc->nlines; i++)
		free(pc->lines[i]);
	free(pc->lines);
	free(pc->linenos);
	free(pc->error);
	memset(pc, 0, sizeof *pc);
}

void vcard_reader_free(struct vcard_reader *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->depth; i++)
		pending_done(&r->stack[i]);
	line_reader_done(&r->lr);
	sbuf_done(&r->logical);
	free(r);
}

uint64_t vcard_reader_bytes(const struct vcard_reader *r)
{
	return r->lr.bytes;
}

/* Whether a line's name and parameters say QUOTED-PRINTABLE. */
static bool line_is_qp(const char *s, size_t len)
{
	/* Only a parameter says it: ";ENCODING=QUOTED-PRINTABLE" or 2.1's
	 * bare ";QUOTED-PRINTABLE".  The words elsewhere (a name such as
	 * "G=QUOTED-PRINTABLE", another parameter's value) do not, or a line
	 * ending in '=' would swallow the next one, END:VCARD included. */
	const char *colon = memchr(s, ':', len);
	size_t n = colon ? (size_t)(colon - s) : len;
	const char *semi = memchr(s, ';', n);
	while (semi != NULL) {
		const char *tok = semi + 1;
		const char *next = memchr(tok, ';', (size_t)(s + n - tok));
		size_t tlen = (size_t)((next ? next : s + n) - tok);
		if ((tlen == 16 && io_strnieq(tok, "QUOTED-PRINTABLE", 16)) ||
		    (tlen == 25 && io_strnieq(tok, "ENCODING=QUOTED-PRINTABLE", 25)))
			return true;
		semi = next;
	}
	return false;
}

/* Next unfolded line into r->logical: 1, 0 at the end, -1 on a fatal error. */
static int read_logical(struct vcard_reader *r, char **cause)
{
	if (!r->have_peek) {
		if (r->eof)
			return 0;
		int n = line_reader_next(&r->lr, &r->fatal, cause);
		if (n <= 0) {
			r->eof = n == 0;
			return n;
		}
	}
	r->have_peek = false;
	sbuf_clear(&r->logical);
	sbuf_addn(&r->logical, r->lr.line.s, r->lr.line.len);
	r->logical_lineno = r->lr.lineno;
	r->logical_nul = r->lr.has_nul;
	bool qp = line_is_qp(r->logical.s, r->logical.len);
	for (;;) {
		bool soft = qp && r->logical.len && r->logical.s[r->logical.len - 1] == '=';
		int n = line_reader_next(&r->lr, &r->fatal, cause);
		if (n < 0)
			return -1;
		if (n == 0) {
			r->eof = true;
			break;
		}
		const char *s = r->lr.line.s;
		size_t len = r->lr.line.len;
		if (soft) {
			r->logical.s[--r->logical.len] = '\0';
			sbuf_addn(&r->logical, s, len);
		} else if (len && (s[0] == ' ' || s[0] == '\t') && r->logical.len) {
			sbuf_addn(&r->logical, s + 1, len - 1);
		} else {
			r->have_peek = true;
			break;
		}
		r->logical_nul |= r->lr.has_nul;
		if (r->logical.len > IO_LINE_MAX) {
			r->fatal = rdx_fail(cause, RDX_TOO_LONG, "%s:%d: line longer than %u MB", r->name,
					    r->logical_lineno, IO_LINE_MAX / (1024 * 1024));
			return -1;
		}
	}
	return 1;
}

static bool is_marker(const char *s, const char *marker)
{
	size_t n = strlen(marker);
	if (!io_strnieq(s, marker, n))
		return false;
	for (s += n; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static void pending_bad(struct vcard_reader *r, struct pending_card *pc, int line, const char *why)
{
	if (!pc->error)
		pc->error = xasprintf("%s:%d: %s", r->name, line, why);
}

static void pending_add(struct vcard_reader *r, struct pending_card *pc, const char *line, int lineno)
{
	size_t len = strlen(line);
	if (pc->error)
		return;
	if (pc->nlines >= VCARD_MAX_PROPERTIES) {
		char why[96];
		snprintf(why, sizeof why, "card has more than %d properties", VCARD_MAX_PROPERTIES);
		pending_bad(r, pc, lineno, why);
		return;
	}
	if (pc->bytes + len > VCARD_MAX_CARD_BYTES) {
		pending_bad(r, pc, lineno, "card larger than 64 MB");
		return;
	}
	if (pc->nlines == pc->cap) {
		pc->cap = pc->cap ? pc->cap * 2 : 32;
		pc->lines = xrealloc(pc->lines, pc->cap * sizeof *pc->lines);
		pc->linenos = xrealloc(pc->linenos, pc->cap * sizeof *pc->linenos);
	}
	pc->lines[pc->nlines] = xstrdup(line);
	pc->linenos[pc->nlines] = lineno;
	pc->nlines++;
	pc->bytes += len;
}

/* A line with no ':' inside a card continues the previous one: Android's
 * trailing-backslash continuations and unfolded LABEL lines. */
static void pending_continue(struct pending_card *pc, const char *line)
{
	char **last = &pc->lines[pc->nlines - 1];
	size_t len = strlen(*last);
	if (len && (*last)[len - 1] == '\\')
		(*last)[--len] = '\0';
	char *joined = xasprintf("%s\\n%s", *last, line);
	free(*last);
	*last = joined;
	pc->bytes += strlen(line) + 2;
}

/* Pops the innermost card and builds the entry. */
static enum rdx_status finish_card(struct vcard_reader *r, struct vcard_entry *e, char **cause)
{
	struct pending_card *pc = &r->stack[--r->depth];
	enum rdx_status st = RDX_OK;
	e->line = pc->begin_line;
	if (pc->implicit)
		vcard_entry_warn(e, "line %d: no BEGIN:VCARD before this card", pc->begin_line);
	if (pc->error) {
		st = rdx_fail(cause, RDX_INVALID, "%s", pc->error);
	} else if (!build_entry(r->name, pc->lines, pc->linenos, pc->nlines, e, cause)) {
		st = RDX_INVALID;
	}
	pending_done(pc);
	return st;
}

enum rdx_status vcard_reader_next(struct vcard_reader *r, struct vcard_entry *e, bool *done, char **cause)
{
	rdx_cause_clear(cause);
	vcard_entry_init(e);
	*done = false;
	if (r->fatal != RDX_OK)
		return rdx_fail(cause, r->fatal, "%s: reading stopped after an earlier error", r->name);
	for (;;) {
		int n = read_logical(r, cause);
		if (n < 0)
			return r->fatal;
		if (n == 0) {
			if (r->depth > 0) {
				struct pending_card *pc = &r->stack[r->depth - 1];
				e->line = pc->begin_line;
				rdx_fail(cause, RDX_INVALID, "%s:%d: card starting at line %d has no END:VCARD (file ends)",
					 r->name, r->lr.lineno, pc->begin_line);
				r->depth--;
				pending_done(pc);
				return RDX_INVALID;
			}
			*done = true;
			return RDX_OK;
		}
		char *line = r->logical.s;
		int lineno = r->logical_lineno;
		if (r->logical_nul) {
			if (r->depth > 0) {
				pending_bad(r, &r->stack[r->depth - 1], lineno, "binary data (a NUL byte)");
				continue;
			}
			if (r->skipping)
				continue;
			r->skipping = true;
			return rdx_fail(cause, RDX_INVALID, "%s:%d: binary data, not a vCard", r->name, lineno);
		}
		const char *t = line;
		while (*t == ' ' || *t == '\t')
			t++;
		if (*t == '\0' || *t == '#')
			continue;
		if (is_marker(t, "BEGIN:VCARD")) {
			if (r->depth == VCARD_MAX_DEPTH) {
				pending_bad(r, &r->stack[r->depth - 1], lineno, "cards nested too deeply");
				continue;
			}
			struct pending_card *pc = &r->stack[r->depth++];
			memset(pc, 0, sizeof *pc);
			pc->begin_line = lineno;
			r->skipping = false;
			continue;
		}
		if (is_marker(t, "END:VCARD")) {
			if (r->depth == 0) {
				if (r->skipping)
					continue;
				r->skipping = true;
				return rdx_fail(cause, RDX_INVALID, "%s:%d: END:VCARD without BEGIN:VCARD", r->name, lineno);
			}
			return finish_card(r, e, cause);
		}
		if (r->depth == 0) {
			if (io_strnieq(t, "VERSION:", 8) && !r->skipping) {
				struct pending_card *pc = &r->stack[r->depth++];
				memset(pc, 0, sizeof *pc);
				pc->begin_line = lineno;
				pc->implicit = true;
				pending_add(r, pc, t, lineno);
				continue;
			}
			if (r->skipping)
				continue;
			r->skipping = true;
			char shown[41];
			char *clean = text_sanitize(t, false);
			text_fit(clean, 40, shown, sizeof shown);
			free(clean);
			return rdx_fail(cause, RDX_INVALID, "%s:%d: expected BEGIN:VCARD, found \"%s\"", r->name, lineno,
					shown);
		}
		struct pending_card *pc = &r->stack[r->depth - 1];
		if (!strchr(t, ':') && pc->nlines > 0 && !pc->error)
			pending_continue(pc, t);
		else
			pending_add(r, pc, t, lineno);
	}
}

bool vcard_sniff(const char *buf, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	return (len - i >= 11 && io_strnieq(buf + i, "BEGIN:VCARD", 11)) ||
	       (len - i >= 8 && io_strnieq(buf + i, "VERSION:", 8));
}

/* ---- the writer ------------------------------------------------------------ */

/* Appends one logical line folded at 75 octets (continuations start with a
 * space and carry 74), never inside a UTF-8 sequence, with CRLF. */
static void emit(struct sbuf *out, const char *line)
{
	size_t len = strlen(line);
	size_t pos = 0;
	size_t room = 75;
	while (len - pos > room) {
		size_t cut = pos + room;
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == pos)
			cut = pos + room; /* not UTF-8 at all: cut anyway */
		sbuf_addn(out, line + pos, cut - pos);
		sbuf_adds(out, "\r\n ");
		pos = cut;
		room = 74;
	}
	sbuf_addn(out, line + pos, len - pos);
	sbuf_adds(out, "\r\n");
}

static void emit_text(struct sbuf *out, const char *prefix, const char *text)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, prefix);
	text_escape(&b, text);
	emit(out, b.s);
	sbuf_done(&b);
}

/* A shadow of the card, parsed back: its line and the model value it
 * stands for. */
struct shadow {
	const char *line; /* without the mark; borrowed from card->extras */
	char *name;       /* "FN", "N", "EMAIL", ... */
	char *group;
	enum field_kind kind;
	bool is_field;
	char *value;      /* model value */
	char *label;
	bool used;
};

static void shadows_load(const struct card *card, struct shadow **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	/* Labels of groups, from every X-ABLabel line among the extras. */
	struct group_label *groups = NULL;
	size_t ngroups = 0;
	struct vprop *labels = xcalloc(card->nextras ? card->nextras : 1, sizeof *labels);
	size_t nlabels = 0;
	for (size_t i = 0; i < card->nextras; i++) {
		const char *line = card->extras[i];
		if (line[0] == VCARD_SHADOW_MARK)
			line++;
		struct vprop *p = &labels[nlabels];
		if (!vprop_parse(line, strlen(line), p))
			continue;
		if (strcmp(p->name, "X-ABLABEL") != 0 || !p->group[0]) {
			vprop_done(p);
			continue;
		}
		nlabels++;
		groups = xrealloc(groups, (ngroups + 1) * sizeof *groups);
		char *t = value_text(p, 30);
		groups[ngroups++] = (struct group_label){.group = p->group, .raw = p->raw, .label = label_clean(t)};
		free(t);
	}
	for (size_t i = 0; i < card->nextras; i++) {
		const char *line = card->extras[i];
		if (line[0] != VCARD_SHADOW_MARK)
			continue;
		line++;
		struct vprop p;
		if (!vprop_parse(line, strlen(line), &p))
			continue;
		struct shadow s = {.line = line, .name = xstrdup(p.name), .group = xstrdup(p.group)};
		s.is_field = kind_of_name(p.name, &s.kind);
		if (s.is_field) {
			s.value = field_value(&p, s.kind, 30);
			const struct group_label *g = find_group(groups, ngroups, p.group);
			s.label = xstrdup(g ? g->label : label_from_types(&p, s.kind));
		} else if (!strcmp(p.name, "N")) {
			char **parts;
			size_t k = split_value(p.raw, ';', 30, &parts);
			char *f = one_line(parts[0]), *g = one_line(k > 1 ? parts[1] : "");
			s.value = xasprintf("%s;%s", f, g);
			free(f);
			free(g);
			free_parts(parts, k);
		} else if (!strcmp(p.name, "ORG")) {
			char **parts;
			size_t k = split_value(p.raw, ';', 30, &parts);
			struct sbuf b;
			sbuf_init(&b);
			sbuf_addn(&b, "", 0);
			for (size_t j = 0; j < k; j++) {
				char *part = one_line(parts[j]);
				if (part[0]) {
					if (b.len)
						sbuf_adds(&b, ", ");
					sbuf_adds(&b, part);
				}
				free(part);
			}
			free_parts(parts, k);
			s.value = sbuf_take(&b);
		} else if (!strcmp(p.name, "NICKNAME")) {
			char **parts;
			size_t k = split_value(p.raw, ',', 30, &parts);
			s.value = one_line(parts[0]);
			free_parts(parts, k);
		} else {
			char *t = value_text(&p, 30);
			s.value = one_line(t);
			free(t);
		}
		if (!s.label)
			s.label = xstrdup("");
		vprop_done(&p);
		*out = xrealloc(*out, (*count + 1) * sizeof **out);
		(*out)[(*count)++] = s;
	}
	for (size_t i = 0; i < ngroups; i++)
		free(groups[i].label);
	free(groups);
	for (size_t i = 0; i < nlabels; i++)
		vprop_done(&labels[i]);
	free(labels);
}

static void shadows_free(struct shadow *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].name);
		free(s[i].group);
		free(s[i].value);
		free(s[i].label);
	}
	free(s);
}

/* Emits the unused shadow of `name` whose value is `value`; false when
 * there is none (the caller then generates the line). */
static bool emit_shadow(struct sbuf *out, struct shadow *s, size_t n, const char *name, const char *value,
			const char *label)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i].used || strcmp(s[i].name, name) != 0 || strcmp(s[i].value, value) != 0)
			continue;
		if (label && strcmp(s[i].label, label) != 0)
			continue;
		s[i].used = true;
		emit(out, s[i].line);
		return true;
	}
	return false;
}

static const char *kind_property(enum field_kind kind)
{
	switch (kind) {
	case FIELD_EMAIL:
		return "EMAIL";
	case FIELD_PHONE:
		return "TEL";
	case FIELD_ADDRESS:
		return "ADR";
	default:
		return "URL";
	}
}

static void timestamp_basic(const char *ts, char *out, size_t size)
{
	/* "2026-11-22T10:11:12Z" -> "20261122T101112Z" */
	size_t k = 0;
	for (const char *s = ts; *s && k + 1 < size; s++)
		if (*s != '-' && *s != ':')
			out[k++] = *s;
	out[k] = '\0';
}

enum rdx_status vcard_write(FILE *fp, const struct card *card, const struct note *notes, size_t nnotes,
			    const struct touch *touches, size_t ntouches, enum vcard_version version, char **cause)
{
	rdx_cause_clear(cause);
	struct sbuf out, b;
	sbuf_init(&out);
	sbuf_init(&b);
	struct shadow *shadows;
	size_t nshadows;
	shadows_load(card, &shadows, &nshadows);

	emit(&out, "BEGIN:VCARD");
	emit(&out, version == VCARD_40 ? "VERSION:4.0" : "VERSION:3.0");
	emit(&out, "PRODID:-//rolodex//rolodex " ROLODEX_VERSION "//EN");
	if (card->uid[0]) {
		sbuf_clear(&b);
		sbuf_adds(&b, "UID:");
		sbuf_adds(&b, card->uid);
		emit(&out, b.s);
	}
	if (!emit_shadow(&out, shadows, nshadows, "FN", card->name, NULL))
		emit_text(&out, "FN:", card->name);
	char *nkey = xasprintf("%s;%s", card->family, card->given);
	if (!emit_shadow(&out, shadows, nshadows, "N", nkey, NULL)) {
		sbuf_clear(&b);
		sbuf_adds(&b, "N:");
		text_escape(&b, card->family);
		sbuf_addc(&b, ';');
		text_escape(&b, card->given);
		sbuf_adds(&b, ";;;");
		emit(&out, b.s);
	}
	free(nkey);
	if (card->nickname[0] && !emit_shadow(&out, shadows, nshadows, "NICKNAME", card->nickname, NULL))
		emit_text(&out, "NICKNAME:", card->nickname);
	if (card->org[0] && !emit_shadow(&out, shadows, nshadows, "ORG", card->org, NULL))
		emit_text(&out, "ORG:", card->org);
	if (card->title[0] && !emit_shadow(&out, shadows, nshadows, "TITLE", card->title, NULL))
		emit_text(&out, "TITLE:", card->title);
	int group_no = 0;
	for (size_t i = 0; i < card->nfields; i++) {
		const struct card_field *f = &card->fields[i];
		const char *prop = kind_property(f->kind);
		if (emit_shadow(&out, shadows, nshadows, prop, f->value, f->label))
			continue;
		const char *type = type_for_label(f->kind, f->label);
		bool custom = !type && f->label[0];
		sbuf_clear(&b);
		if (custom)
			sbuf_printf(&b, "rdx%d.", ++group_no);
		sbuf_adds(&b, prop);
		if (type) {
			sbuf_adds(&b, ";TYPE=");
			sbuf_adds(&b, type);
		}
		sbuf_addc(&b, ':');
		if (f->kind == FIELD_ADDRESS)
			sbuf_adds(&b, ";;");
		text_escape(&b, f->value);
		if (f->kind == FIELD_ADDRESS)
			sbuf_adds(&b, ";;;;");
		emit(&out, b.s);
		if (custom) {
			sbuf_clear(&b);
			sbuf_printf(&b, "rdx%d.X-ABLabel:", group_no);
			text_escape(&b, f->label);
			emit(&out, b.s);
		}
	}
	const struct birthday *bd = &card->birthday;
	if (bd->month) {
		sbuf_clear(&b);
		if (version == VCARD_40) {
			if (bd->year)
				sbuf_printf(&b, "BDAY:%04d%02d%02d", bd->year, bd->month, bd->day);
			else
				sbuf_printf(&b, "BDAY:--%02d%02d", bd->month, bd->day);
		} else {
			if (bd->year)
				sbuf_printf(&b, "BDAY:%04d-%02d-%02d", bd->year, bd->month, bd->day);
			else
				sbuf_printf(&b, "BDAY;X-APPLE-OMIT-YEAR=1604:1604-%02d-%02d", bd->month, bd->day);
		}
		emit(&out, b.s);
	}
	if (card->ntags) {
		sbuf_clear(&b);
		sbuf_adds(&b, "CATEGORIES:");
		for (size_t i = 0; i < card->ntags; i++) {
			if (i)
				sbuf_addc(&b, ',');
			text_escape(&b, card->tags[i]);
		}
		emit(&out, b.s);
	}
	if (card->how_met[0])
		emit_text(&out, "X-ROLODEX-HOW-MET:", card->how_met);
	if (card->cadence_set) {
		char cad[32];
		cadence_format(&card->cadence, cad, sizeof cad);
		sbuf_clear(&b);
		sbuf_printf(&b, "X-ROLODEX-CADENCE:%s", cad[0] ? cad : "none");
		emit(&out, b.s);
	}
	if (card->snooze_until[0]) {
		sbuf_clear(&b);
		sbuf_adds(&b, "X-ROLODEX-SNOOZE:");
		sbuf_adds(&b, card->snooze_until);
		emit(&out, b.s);
	}
	for (size_t i = 0; i < nnotes; i++) {
		sbuf_clear(&b);
		if (notes[i].at[0]) {
			char at[TIMESTAMP_TEXT_SIZE];
			timestamp_basic(notes[i].at, at, sizeof at);
			sbuf_adds(&b, "NOTE;X-ROLODEX-AT=");
			sbuf_adds(&b, at);
			sbuf_addc(&b, ':');
		} else
			sbuf_adds(&b, "NOTE:");
		text_escape(&b, notes[i].text);
		emit(&out, b.s);
	}
	for (size_t i = 0; i < ntouches; i++) {
		char date[DATE_TEXT_SIZE];
		date_format(touches[i].date, date);
		sbuf_clear(&b);
		sbuf_adds(&b, "X-ROLODEX-TOUCH");
		if (touches[i].at[0]) {
			char at[TIMESTAMP_TEXT_SIZE];
			timestamp_basic(touches[i].at, at, sizeof at);
			sbuf_adds(&b, ";X-ROLODEX-AT=");
			sbuf_adds(&b, at);
		}
		/* Escaped as one text value, separators included: servers
		 * that parse unknown properties as text (Radicale) then write
		 * it back unchanged. */
		sbuf_addc(&b, ':');
		sbuf_adds(&b, date);
		sbuf_adds(&b, "\\;");
		sbuf_adds(&b, channel_name(touches[i].channel));
		sbuf_adds(&b, "\\;");
		text_escape(&b, touches[i].note ? touches[i].note : "");
		emit(&out, b.s);
	}
	for (size_t i = 0; i < card->nextras; i++) {
		const char *line = card->extras[i];
		if (line[0] == VCARD_SHADOW_MARK)
			continue;
		emit(&out, line);
	}
	if (card->updated_at[0]) {
		char ts[TIMESTAMP_TEXT_SIZE];
		sbuf_clear(&b);
		if (version == VCARD_40) {
			timestamp_basic(card->updated_at, ts, sizeof ts);
			sbuf_adds(&b, "REV:");
			sbuf_adds(&b, ts);
		} else {
			sbuf_adds(&b, "REV:");
			sbuf_adds(&b, card->updated_at);
		}
		emit(&out, b.s);
	}
	emit(&out, "END:VCARD");
	shadows_free(shadows, nshadows);
	sbuf_done(&b);
	size_t len = out.len;
	size_t wrote = fwrite(out.s, 1, len, fp);
	sbuf_done(&out);
	if (wrote != len || ferror(fp))
		return rdx_fail(cause, RDX_IO, "cannot write the vCard");
	return RDX_OK;
}
