/*
 * vcard_write.c - writes cards as vCard 3.0 or 4.0: CRLF line ends, lines
 * folded at 75 octets, rolodex's notes, touches and cadence as its own
 * properties, and the lines a card kept from its import (extras, shadows)
 * given back as they came.
 */
#include "rolodex/vcard.h"

#include <stdlib.h>
#include <string.h>

#include "io/vcard_internal.h"
#include "rolodex/xalloc.h"

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
	vcard_escape(&b, text);
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
		char *t = vprop_text(p, 30);
		groups[ngroups++] = (struct group_label){.group = p->group, .raw = p->raw, .label = vcard_label_clean(t)};
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
		s.is_field = vcard_field_kind(p.name, &s.kind);
		if (s.is_field) {
			s.value = vprop_field_value(&p, s.kind, 30);
			const struct group_label *g = vcard_find_group(groups, ngroups, p.group);
			s.label = xstrdup(g ? g->label : vprop_label(&p, s.kind));
		} else if (!strcmp(p.name, "N")) {
			char **parts;
			size_t k = vcard_split_value(p.raw, ';', 30, &parts);
			char *f = vcard_one_line(parts[0]), *g = vcard_one_line(k > 1 ? parts[1] : "");
			s.value = xasprintf("%s;%s", f, g);
			free(f);
			free(g);
			vcard_free_parts(parts, k);
		} else if (!strcmp(p.name, "ORG")) {
			s.value = vcard_join_components(p.raw, 30);
		} else if (!strcmp(p.name, "NICKNAME")) {
			char **parts;
			size_t k = vcard_split_value(p.raw, ',', 30, &parts);
			s.value = vcard_one_line(parts[0]);
			vcard_free_parts(parts, k);
		} else {
			char *t = vprop_text(&p, 30);
			s.value = vcard_one_line(t);
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
		vcard_escape(&b, card->family);
		sbuf_addc(&b, ';');
		vcard_escape(&b, card->given);
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
		const char *type = vcard_type_for_label(f->kind, f->label);
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
		vcard_escape(&b, f->value);
		if (f->kind == FIELD_ADDRESS)
			sbuf_adds(&b, ";;;;");
		emit(&out, b.s);
		if (custom) {
			sbuf_clear(&b);
			sbuf_printf(&b, "rdx%d.X-ABLabel:", group_no);
			vcard_escape(&b, f->label);
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
			vcard_escape(&b, card->tags[i]);
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
		vcard_escape(&b, notes[i].text);
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
		vcard_escape(&b, touches[i].note ? touches[i].note : "");
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
