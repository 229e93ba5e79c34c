/*
 * vcard_read.c - a streaming vCard 2.1/3.0/4.0 reader.
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
 *    starts at VERSION: without BEGIN:VCARD is accepted with a warning;
 *  - text between cards (an exporter's banner line) is skipped with a
 *    warning that names its line.
 */
#include "rolodex/vcard.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "io/vcard_internal.h"
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

/* Types that say nothing the model or the writer would keep. */
static bool type_is_noise(enum field_kind kind, const char *t, size_t n)
{
	if (kind == FIELD_EMAIL && n == 8 && io_strnieq(t, "internet", 8))
		return true;
	if (kind == FIELD_PHONE && n == 5 && io_strnieq(t, "voice", 5))
		return true;
	return false;
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
	const char *want = vcard_type_for_label(kind, label);
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
		char *esc = vcard_escape_dup(label);
		bool same = strcmp(esc, g->raw) == 0;
		free(esc);
		if (!same)
			return true;
	} else if (p->group[0]) {
		return true;
	}
	char *esc = vcard_escape_dup(value);
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

/* What the handlers of one card share while its properties are applied. */
struct apply_ctx {
	struct vcard_entry *e;
	int version;
	struct group_label *groups;
	size_t ngroups;
	struct pending_field *fields; /* EMAIL/TEL/ADR/URL values, ordered later */
	size_t nfields;
	bool *taken; /* per prop_rules entry: a single-valued property was taken */
};

/*
 * Applies one decoded property to the entry: into the model (p->used, and
 * p->shadow when the original form says more), or left for the extras.
 * Returns whether a single-valued slot was filled (a later FN, N... then
 * stays in the extras).
 */
typedef bool prop_apply_fn(struct apply_ctx *x, struct vprop *p);

/* Whether the line the writer would make from the model value `text`
 * differs from the original one. */
static bool differs_from_plain(const struct vprop *p, const char *text)
{
	char *esc = vcard_escape_dup(text);
	bool differs = p->nparams > 0 || p->group[0] || strcmp(esc, p->raw) != 0;
	free(esc);
	return differs;
}

/* BEGIN, END, VERSION, PRODID, REV: the writer makes its own. */
static bool apply_framing(struct apply_ctx *x, struct vprop *p)
{
	(void)x;
	p->used = true;
	return false;
}

/* A one-line text property into a card slot (FN, TITLE); an empty FN
 * leaves the name to be settled from N, ORG or a field. */
static bool apply_text_slot(struct vprop *p, int version, char **slot, bool empty_counts)
{
	char *t = vprop_text(p, version);
	char *v = vcard_one_line(t);
	free(t);
	p->used = true;
	if (v[0] || empty_counts) {
		card_set(slot, v);
		p->shadow = differs_from_plain(p, v);
	}
	free(v);
	return true;
}

static bool apply_fn(struct apply_ctx *x, struct vprop *p)
{
	return apply_text_slot(p, x->version, &x->e->card.name, false);
}

static bool apply_title(struct apply_ctx *x, struct vprop *p)
{
	return apply_text_slot(p, x->version, &x->e->card.title, true);
}

static bool apply_n(struct apply_ctx *x, struct vprop *p)
{
	struct card *c = &x->e->card;
	char **parts;
	size_t nparts = vcard_split_value(p->raw, ';', x->version, &parts);
	char *family = vcard_one_line(parts[0]);
	char *given = vcard_one_line(nparts > 1 ? parts[1] : "");
	card_set(&c->family, family);
	card_set(&c->given, given);
	char *ef = vcard_escape_dup(family), *eg = vcard_escape_dup(given);
	char *gen = xasprintf("%s;%s;;;", ef, eg);
	p->shadow = p->nparams > 0 || p->group[0] || strcmp(gen, p->raw) != 0;
	/* An empty N (Apple company cards: "N:;;;;") needs no shadow unless
	 * it had more parts. */
	bool any = false;
	for (size_t i = 0; i < nparts; i++)
		if (parts[i][0])
			any = true;
	if (!any && p->nparams == 0 && !p->group[0])
		p->shadow = false;
	free(gen);
	free(ef);
	free(eg);
	free(family);
	free(given);
	vcard_free_parts(parts, nparts);
	p->used = true;
	return true;
}

static bool apply_nickname(struct apply_ctx *x, struct vprop *p)
{
	char **parts;
	size_t nparts = vcard_split_value(p->raw, ',', x->version, &parts);
	char *v = vcard_one_line(parts[0]);
	card_set(&x->e->card.nickname, v);
	p->shadow = nparts > 1 || differs_from_plain(p, v);
	free(v);
	vcard_free_parts(parts, nparts);
	p->used = true;
	return true;
}

static bool apply_org(struct apply_ctx *x, struct vprop *p)
{
	char *v = vcard_join_components(p->raw, x->version);
	card_set(&x->e->card.org, v);
	p->shadow = differs_from_plain(p, v);
	free(v);
	p->used = true;
	return true;
}

static bool apply_bday(struct apply_ctx *x, struct vprop *p)
{
	struct birthday b;
	if (parse_bday(p, &b)) {
		x->e->card.birthday = b;
		p->used = true;
		return true;
	}
	if (!vprop_param(p, "VALUE"))
		vcard_entry_warn(x->e, "line %d: birthday \"%s\" is not a date; kept as it is", p->lineno, p->raw);
	return false;
}

static bool apply_uid(struct apply_ctx *x, struct vprop *p)
{
	char *v = vcard_one_line(p->raw);
	if (v[0] && strlen(v) < 256)
		card_set(&x->e->card.uid, v);
	free(v);
	p->used = true;
	return true;
}

/* EMAIL, TEL, ADR, URL: held until every property is seen, so preferred
 * ones can go first. */
static bool apply_field(struct apply_ctx *x, struct vprop *p)
{
	enum field_kind kind;
	if (!vcard_field_kind(p->name, &kind))
		return false;
	char *v = vprop_field_value(p, kind, x->version);
	p->used = true;
	if (!v[0] || strlen(v) > CARD_FIELD_MAX) {
		if (v[0])
			vcard_entry_warn(x->e, "line %d: %s longer than %d bytes dropped", p->lineno, p->name,
					 CARD_FIELD_MAX);
		free(v);
		return false;
	}
	struct group_label *g = vcard_find_group(x->groups, x->ngroups, p->group);
	char *label = xstrdup(g ? g->label : vprop_label(p, kind));
	p->shadow = field_needs_shadow(p, kind, v, label, g);
	if (p->shadow && g)
		g->field_shadowed = true;
	x->fields = xrealloc(x->fields, (x->nfields + 1) * sizeof *x->fields);
	x->fields[x->nfields++] = (struct pending_field){
		.kind = kind,
		.value = v,
		.label = label,
		.pref = vprop_has_type(p, "pref") || vprop_param(p, "PREF"),
	};
	return false;
}

static bool apply_categories(struct apply_ctx *x, struct vprop *p)
{
	struct card *c = &x->e->card;
	char **parts;
	size_t nparts = vcard_split_value(p->raw, ',', x->version, &parts);
	for (size_t i = 0; i < nparts; i++) {
		char *t = vcard_one_line(parts[i]);
		if (t[0] && strlen(t) <= CARD_TAG_MAX && c->ntags < CARD_MAX_TAGS)
			card_add_tag(c, t);
		else if (t[0])
			vcard_entry_warn(x->e, "line %d: tag \"%.40s\" dropped (too long or too many)", p->lineno, t);
		free(t);
	}
	vcard_free_parts(parts, nparts);
	p->used = true;
	return false;
}

static bool apply_note(struct apply_ctx *x, struct vprop *p)
{
	char *t = vprop_text(p, x->version);
	size_t len = strlen(t);
	while (len && isspace((unsigned char)t[len - 1]))
		t[--len] = '\0';
	char at[TIMESTAMP_TEXT_SIZE];
	timestamp_read(vprop_param(p, "X-ROLODEX-AT"), at);
	if (t[0]) {
		if (len > NOTE_TEXT_MAX)
			vcard_entry_warn(x->e, "line %d: note longer than 1 MiB dropped", p->lineno);
		else
			vcard_entry_add_note(x->e, at, t);
	}
	free(t);
	p->used = true;
	return false;
}

static bool apply_touch(struct apply_ctx *x, struct vprop *p)
{
	/* One text value "date;channel;note": unescaped as a whole, then
	 * cut at its first two semicolons (neither a date nor a channel
	 * holds one).  That reads our files, older ones whose separators
	 * were bare, and those a server re-escaped. */
	char *t = vprop_text(p, x->version);
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
		entry_add_touch(x->e, date, ch, note ? note : "", at);
		p->used = true;
	} else {
		vcard_entry_warn(x->e, "line %d: X-ROLODEX-TOUCH not understood; kept as it is", p->lineno);
	}
	free(t);
	return false;
}

static bool apply_cadence(struct apply_ctx *x, struct vprop *p)
{
	struct cadence cad;
	char *v = vcard_one_line(p->raw);
	if (cadence_parse(v, &cad)) {
		x->e->card.cadence_set = true;
		x->e->card.cadence = cad;
		p->used = true;
	} else {
		vcard_entry_warn(x->e, "line %d: cadence \"%s\" not understood; kept as it is", p->lineno, v);
	}
	free(v);
	return false;
}

static bool apply_snooze(struct apply_ctx *x, struct vprop *p)
{
	int day;
	char *v = vcard_one_line(p->raw);
	if (date_parse(v, &day)) {
		snprintf(x->e->card.snooze_until, sizeof x->e->card.snooze_until, "%s", v);
		p->used = true;
	}
	free(v);
	return false;
}

static bool apply_how_met(struct apply_ctx *x, struct vprop *p)
{
	char *t = vprop_text(p, x->version);
	card_set(&x->e->card.how_met, t);
	free(t);
	p->used = true;
	return false;
}

/* The properties that go into the model.  A property not listed (or a
 * second one of a `single` property) stays in the card's extras. */
static const struct prop_rule {
	const char *name;
	prop_apply_fn *apply;
	bool single;       /* only the first one counts */
	bool even_binary;  /* applied when the value is base64 too */
} prop_rules[] = {
	{.name = "BEGIN", .apply = apply_framing, .even_binary = true},
	{.name = "END", .apply = apply_framing, .even_binary = true},
	{.name = "VERSION", .apply = apply_framing, .even_binary = true},
	{.name = "PRODID", .apply = apply_framing, .even_binary = true},
	{.name = "REV", .apply = apply_framing, .even_binary = true},
	{.name = "FN", .apply = apply_fn, .single = true},
	{.name = "N", .apply = apply_n, .single = true},
	{.name = "NICKNAME", .apply = apply_nickname, .single = true},
	{.name = "ORG", .apply = apply_org, .single = true},
	{.name = "TITLE", .apply = apply_title, .single = true},
	{.name = "BDAY", .apply = apply_bday, .single = true},
	{.name = "UID", .apply = apply_uid, .single = true},
	{.name = "EMAIL", .apply = apply_field},
	{.name = "TEL", .apply = apply_field},
	{.name = "ADR", .apply = apply_field},
	{.name = "URL", .apply = apply_field},
	{.name = "CATEGORIES", .apply = apply_categories},
	{.name = "NOTE", .apply = apply_note},
	{.name = "X-ROLODEX-TOUCH", .apply = apply_touch},
	{.name = "X-ROLODEX-CADENCE", .apply = apply_cadence},
	{.name = "X-ROLODEX-SNOOZE", .apply = apply_snooze},
	{.name = "X-ROLODEX-HOW-MET", .apply = apply_how_met},
};
#define PROP_RULES (sizeof prop_rules / sizeof prop_rules[0])

/* The rule for a property name, or NULL.  The first letter is compared
 * before the text, since this runs for every line of an import. */
static const struct prop_rule *prop_rule_find(const char *name)
{
	for (size_t i = 0; i < PROP_RULES; i++)
		if (prop_rules[i].name[0] == name[0] && strcmp(prop_rules[i].name, name) == 0)
			return &prop_rules[i];
	return NULL;
}

static void apply_prop(struct apply_ctx *x, struct vprop *p)
{
	const struct prop_rule *rule = prop_rule_find(p->name);
	if (!rule || (p->binary && !rule->even_binary))
		return;
	bool *taken = &x->taken[rule - prop_rules];
	if (rule->single && *taken)
		return;
	if (rule->apply(x, p))
		*taken = true;
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
			if (strcmp(p->name, "X-ABLABEL") != 0 || !p->group[0] || vcard_find_group(groups, ngroups, p->group))
				continue;
			groups = xrealloc(groups, (ngroups + 1) * sizeof *groups);
			char *t = vprop_text(p, version);
			groups[ngroups++] = (struct group_label){
				.group = p->group, .raw = p->raw, .label = vcard_label_clean(t), .prop = i};
			free(t);
		}
		bool taken[PROP_RULES] = {false};
		struct apply_ctx x = {
			.e = e, .version = version, .groups = groups, .ngroups = ngroups, .taken = taken};
		for (size_t i = 0; i < nprops; i++)
			apply_prop(&x, &props[i]);
		fields = x.fields;
		nfields = x.nfields;
		/* An X-ABLabel is absorbed into its field's label, unless that
		 * field is kept as a shadow: then it stays, to go with it. */
		for (size_t i = 0; i < ngroups; i++) {
			bool has_field = false;
			for (size_t k = 0; k < nprops; k++) {
				enum field_kind kind;
				if (vcard_field_kind(props[k].name, &kind) && io_strieq(props[k].group, groups[i].group))
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
	bool stray;        /* in a run of lines outside any card */
	struct vcard_entry notes; /* warnings about stray lines, for the next entry */
	enum rdx_status fatal;
};

struct vcard_reader *vcard_reader_new(FILE *fp, const char *name)
{
	struct vcard_reader *r = xcalloc(1, sizeof *r);
	line_reader_init(&r->lr, fp, name);
	r->name = name;
	sbuf_init(&r->logical);
	vcard_entry_init(&r->notes);
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
	vcard_entry_done(&r->notes);
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

static enum rdx_status read_card(struct vcard_reader *r, struct vcard_entry *e, bool *done, char **cause)
{
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
			r->stray = false;
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
				r->stray = false;
				pending_add(r, pc, t, lineno);
				continue;
			}
			/* Text outside any card (an exporter's "ENCODING:UTF-8"
			 * banner, a trailer) is skipped; the first line of each
			 * run is named in a warning. */
			if (!r->skipping && !r->stray) {
				char shown[41];
				char *clean = text_sanitize(t, false);
				text_fit(clean, 40, shown, sizeof shown);
				free(clean);
				vcard_entry_warn(&r->notes, "line %d: \"%s\" is outside any card; skipped", lineno, shown);
			}
			r->stray = true;
			continue;
		}
		struct pending_card *pc = &r->stack[r->depth - 1];
		if (!strchr(t, ':') && pc->nlines > 0 && !pc->error)
			pending_continue(pc, t);
		else
			pending_add(r, pc, t, lineno);
	}
}

enum rdx_status vcard_reader_next(struct vcard_reader *r, struct vcard_entry *e, bool *done, char **cause)
{
	rdx_cause_clear(cause);
	vcard_entry_init(e);
	*done = false;
	enum rdx_status st = read_card(r, e, done, cause);
	/* Warnings about the text skipped before this card go first. */
	if (r->notes.nwarnings > 0) {
		size_t n = r->notes.nwarnings + e->nwarnings;
		char **all = xmalloc(n * sizeof *all);
		memcpy(all, r->notes.warnings, r->notes.nwarnings * sizeof *all);
		if (e->nwarnings)
			memcpy(all + r->notes.nwarnings, e->warnings, e->nwarnings * sizeof *all);
		free(e->warnings);
		free(r->notes.warnings);
		e->warnings = all;
		e->nwarnings = n;
		r->notes.warnings = NULL;
		r->notes.nwarnings = 0;
	}
	return st;
}

bool vcard_sniff(const char *buf, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (len - i >= 8 && io_strnieq(buf + i, "VERSION:", 8))
		return true;
	/* BEGIN:VCARD at the start of any line: an exporter may put a line
	 * of its own first. */
	for (; i < len; i++) {
		if (len - i >= 11 && io_strnieq(buf + i, "BEGIN:VCARD", 11))
			return true;
		const char *nl = memchr(buf + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - buf);
	}
	return false;
}

