/*
 * vcard_internal.h - a vCard property as text: one content line split into
 * group, name, parameters and value, and the value rules (escapes,
 * components, labels) that the reader (vcard_read.c) and the writer
 * (vcard_write.c) share.  Private to src/io; implemented in vcard_prop.c.
 */
#ifndef ROLODEX_VCARD_INTERNAL_H
#define ROLODEX_VCARD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "io/io_internal.h"
#include "rolodex/card.h"

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

/* The X-ABLabel of an Apple property group ("item1.EMAIL" + "item1.X-ABLabel"). */
struct group_label {
	const char *group; /* borrowed from a vprop */
	const char *raw;   /* escaped X-ABLabel value; borrowed */
	char *label;       /* cleaned; owned */
	bool field_shadowed;
	size_t prop;       /* index of the X-ABLabel property */
};

/*
 * Splits "group.NAME;p=v;p2="v;x":value" into *p (which owns the parts;
 * free with vprop_done).  The value starts at the first ':' outside a
 * quoted parameter value.  False, with nothing to free, when there is no ':'.
 */
bool vprop_parse(const char *line, size_t len, struct vprop *p);
void vprop_done(struct vprop *p);
/* The value of parameter `name` (upper case), or NULL; borrowed. */
const char *vprop_param(const struct vprop *p, const char *name);
/* True when any TYPE token equals type (case-insensitive). */
bool vprop_has_type(const struct vprop *p, const char *type);
/* The value as unescaped text (2.1 keeps most backslashes).  Caller frees. */
char *vprop_text(const struct vprop *p, int version);
/* The model label that TYPE parameters mean ("work", "mobile"...), or "". */
const char *vprop_label(const struct vprop *p, enum field_kind kind);
/* The model value of an EMAIL/TEL/ADR/URL property ("" when empty); caller frees. */
char *vprop_field_value(const struct vprop *p, enum field_kind kind, int version);

/* Escapes text for a vCard value: backslash, newline, comma, semicolon. */
void vcard_escape(struct sbuf *b, const char *s);
/* The same into a new string; caller frees. */
char *vcard_escape_dup(const char *s);
/*
 * Splits an escaped value on unescaped `sep` (0: no splitting) and
 * unescapes each part.  Returns the number of parts (at least 1) in *parts
 * (caller frees with vcard_free_parts).
 */
size_t vcard_split_value(const char *raw, char sep, int version, char ***parts);
void vcard_free_parts(char **parts, size_t n);
/* s trimmed, with CR/LF runs replaced by ", "; caller frees. */
char *vcard_one_line(const char *s);
/* A structured value (ADR, ORG) as one line: its non-empty components
 * joined by ", ".  Caller frees. */
char *vcard_join_components(const char *raw, int version);
/* An X-ABLabel as a model label (Apple's "_$!<Other>!$_" -> "other"); caller frees. */
char *vcard_label_clean(const char *s);
/* The TYPE the writer uses for a label, or NULL when the label travels as
 * an X-ABLabel in a group (or there is no label). */
const char *vcard_type_for_label(enum field_kind kind, const char *label);
/* The label of a property group, or NULL when the group is "" or unlabelled. */
struct group_label *vcard_find_group(struct group_label *g, size_t n, const char *group);
/* EMAIL, TEL, ADR, URL -> *kind; false for every other property name. */
bool vcard_field_kind(const char *name, enum field_kind *kind);

#endif
