/*
 * csv.c - CSV contact files in and out.
 *
 * The record reader follows RFC 4180 (quoted fields with doubled quotes and
 * embedded line breaks) over the shared bounded line reader.  The contact
 * layer does not keep one code path per client: each header cell is
 * classified on its own (Google's "E-mail 2 - Value" / "E-mail 2 - Label"
 * pairs, Outlook's "Business Street" address parts, LinkedIn's "Connected
 * On", ...), which covers LinkedIn, both Google layouts, Outlook,
 * Thunderbird and generic files with one table.
 */
#include "rolodex/csv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_internal.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* ---- record reader ----------------------------------------------------------- */

#define CSV_PEEK_LINES 16

struct csv_reader {
	struct line_reader lr;
	const char *name;
	char delim;
	/* Lines read ahead to find the delimiter, consumed first. */
	char *peek[CSV_PEEK_LINES];
	int peek_lineno[CSV_PEEK_LINES];
	int npeek, peek_pos;
	bool peek_eof;
	char **fields;
	size_t nfields, cap;
	struct sbuf cell;
	bool legacy;
	enum rdx_status fatal;
};

static int count_outside_quotes(const char *s, char c)
{
	int n = 0;
	bool q = false;
	for (; *s; s++) {
		if (*s == '"')
			q = !q;
		else if (*s == c && !q)
			n++;
	}
	return n;
}

struct csv_reader *csv_reader_new(FILE *fp, const char *name)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	line_reader_init(&r->lr, fp, name);
	r->name = name;
	sbuf_init(&r->cell);
	r->delim = ',';
	enum rdx_status st = RDX_OK;
	char *cause = NULL;
	while (r->npeek < CSV_PEEK_LINES) {
		int n = line_reader_next(&r->lr, &st, &cause);
		if (n < 0) {
			r->fatal = st;
			free(cause); /* reported again by csv_read_record */
			break;
		}
		if (n == 0) {
			r->peek_eof = true;
			break;
		}
		r->peek[r->npeek] = xstrndup(r->lr.line.s, r->lr.line.len);
		r->peek_lineno[r->npeek] = r->lr.lineno;
		r->npeek++;
	}
	/* The delimiter: the candidate most used in the first line that holds
	 * any (LinkedIn's preamble paragraph has commas, like its header). */
	for (int i = 0; i < r->npeek; i++) {
		int comma = count_outside_quotes(r->peek[i], ','), semi = count_outside_quotes(r->peek[i], ';'),
		    tab = count_outside_quotes(r->peek[i], '\t');
		if (comma + semi + tab == 0)
			continue;
		r->delim = comma >= semi && comma >= tab ? ',' : semi >= tab ? ';' : '\t';
		break;
	}
	return r;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->npeek; i++)
		free(r->peek[i]);
	for (size_t i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	free(r->fields);
	sbuf_done(&r->cell);
	line_reader_done(&r->lr);
	free(r);
}

char csv_reader_delimiter(const struct csv_reader *r)
{
	return r->delim;
}

bool csv_reader_legacy_charset(const struct csv_reader *r)
{
	return r->legacy;
}

uint64_t csv_reader_bytes(const struct csv_reader *r)
{
	return r->lr.bytes;
}

/* Next physical line: 1, 0 at the end, -1 on error. */
static int csv_next_line(struct csv_reader *r, const char **line, int *lineno, enum rdx_status *st, char **cause)
{
	if (r->peek_pos < r->npeek) {
		*line = r->peek[r->peek_pos];
		*lineno = r->peek_lineno[r->peek_pos];
		r->peek_pos++;
		return 1;
	}
	if (r->peek_eof)
		return 0;
	if (r->fatal != RDX_OK) {
		*st = rdx_fail(cause, r->fatal, "%s: cannot read", r->name);
		return -1;
	}
	int n = line_reader_next(&r->lr, st, cause);
	if (n <= 0) {
		if (n == 0)
			r->peek_eof = true;
		return n;
	}
	*line = r->lr.line.s;
	*lineno = r->lr.lineno;
	return 1;
}

static void csv_push_field(struct csv_reader *r)
{
	if (r->nfields == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	r->fields[r->nfields++] = sbuf_take(&r->cell);
}

enum rdx_status csv_read_record(struct csv_reader *r, char ***fields, size_t *count, int *line, bool *done,
				char **cause)
{
	rdx_cause_clear(cause);
	*done = false;
	for (size_t i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	r->nfields = 0;
	sbuf_clear(&r->cell);
	const char *s;
	int lineno;
	enum rdx_status st = RDX_OK;
	int n;
	/* Skip blank lines between records. */
	do {
		n = csv_next_line(r, &s, &lineno, &st, cause);
		if (n < 0)
			return st;
		if (n == 0) {
			*done = true;
			return RDX_OK;
		}
	} while (s[0] == '\0');
	*line = lineno;
	bool quoted = false;
	size_t total = 0;
	sbuf_addn(&r->cell, "", 0);
	for (;;) {
		for (; *s; s++) {
			char c = *s;
			if (quoted) {
				if (c == '"') {
					if (s[1] == '"') {
						sbuf_addc(&r->cell, '"');
						s++;
					} else {
						quoted = false;
					}
				} else {
					sbuf_addc(&r->cell, c);
				}
			} else if (c == '"' && r->cell.len == 0) {
				quoted = true;
			} else if (c == r->delim) {
				if (r->nfields + 1 >= CSV_MAX_FIELDS)
					return rdx_fail(cause, RDX_INVALID, "%s:%d: more than %d fields in a record",
							r->name, lineno, CSV_MAX_FIELDS);
				csv_push_field(r);
				sbuf_addn(&r->cell, "", 0);
			} else {
				sbuf_addc(&r->cell, c);
			}
			total++;
		}
		if (!quoted)
			break;
		/* A line break inside quotes belongs to the field. */
		int start = *line;
		n = csv_next_line(r, &s, &lineno, &st, cause);
		if (n < 0)
			return st;
		if (n == 0)
			return rdx_fail(cause, RDX_INVALID,
					"%s:%d: unbalanced quote: the field opened in the record at line %d never closes",
					r->name, lineno, start);
		sbuf_addc(&r->cell, '\n');
		if (total > IO_LINE_MAX)
			return rdx_fail(cause, RDX_TOO_LONG, "%s:%d: record longer than %u MB", r->name, start,
					IO_LINE_MAX / (1024 * 1024));
	}
	csv_push_field(r);
	for (size_t i = 0; i < r->nfields; i++) {
		bool converted;
		size_t len = strlen(r->fields[i]);
		char *fixed = charset_fix_utf8(r->fields[i], len, &converted);
		free(r->fields[i]);
		r->fields[i] = fixed;
		r->legacy |= converted;
	}
	*fields = r->fields;
	*count = r->nfields;
	return RDX_OK;
}

/* Trims and collapses white space (caller frees). */
static char *one_space(const char *s)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	bool space = false;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			sbuf_addc(&b, ' ');
		space = false;
		sbuf_addc(&b, *s);
	}
	return sbuf_take(&b);
}

/* ---- column mapping ---------------------------------------------------------- */

enum col_role {
	COL_IGNORE,
	COL_NAME,
	COL_GIVEN,
	COL_MIDDLE,
	COL_FAMILY,
	COL_PREFIX,
	COL_TITLE_OR_PREFIX, /* Outlook's "Title" is Mr./Ms.; elsewhere a job title */
	COL_NICK,
	COL_ORG,
	COL_DEPT,
	COL_TITLE,
	COL_EMAIL,
	COL_PHONE,
	COL_URL,
	COL_ADDRESS,    /* a formatted address */
	COL_ADDR_PART,  /* street, city ... of slot */
	COL_LABEL,      /* label of slot */
	COL_BIRTHDAY,
	COL_BYEAR,
	COL_BMONTH,
	COL_BDAY,
	COL_NOTES,
	COL_TAGS,
	COL_CONNECTED,
};

struct column {
	enum col_role role;
	char label[32];
	char slot[40]; /* "email 2", "address work" ... pairs values, labels, parts */
	int part;      /* order of an address part */
	bool localized; /* named by a localised Outlook */
};

struct csv_contacts {
	struct csv_reader *r;
	const char *name;
	struct column *cols;
	size_t ncols;
	const char *layout;
	bool has_job_title;
};

static bool word_in(const char *h, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = strstr(h, w); p; p = strstr(p + 1, w)) {
		bool left = p == h || !isalnum((unsigned char)p[-1]);
		bool right = !isalnum((unsigned char)p[n]);
		if (left && right)
			return true;
	}
	return false;
}

static const char *label_from_words(const char *h)
{
	if (word_in(h, "mobile") || word_in(h, "cell"))
		return "mobile";
	if (word_in(h, "fax"))
		return "fax";
	if (word_in(h, "pager"))
		return "pager";
	if (word_in(h, "business") || word_in(h, "work") || word_in(h, "company"))
		return "work";
	if (word_in(h, "home") || word_in(h, "personal"))
		return "home";
	if (word_in(h, "other"))
		return "other";
	if (word_in(h, "assistant's") || word_in(h, "assistant"))
		return "assistant";
	return "";
}

static int addr_part_order(const char *p)
{
	static const char *const parts[] = {"street", "street 2", "street 3", "address", "address 2", "extended address",
					    "po box", "city", "state", "region", "postal code", "zip", "zipcode",
					    "country/region", "country"};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (!strcmp(p, parts[i]))
			return (int)i + 1;
	return 0;
}

/*
 * Outlook's contact export names its columns in the language of the
 * Outlook that wrote it.  The columns rolodex keeps, in German, French,
 * Spanish, Italian, Dutch and Portuguese (Brazil and Portugal), as Outlook's
 * own column lists name them, lower case.  English names are in classify's
 * table.  `part` names an address part as addr_part_order knows it.
 */
static const struct localized_column {
	const char *name;
	enum col_role role;
	const char *label; /* phones, emails, address slots */
	const char *part;  /* address parts */
} outlook_columns[] = {
	/* German */
	{"anrede", COL_PREFIX, "", NULL},
	{"vorname", COL_GIVEN, "", NULL},
	{"weitere vornamen", COL_MIDDLE, "", NULL},
	{"nachname", COL_FAMILY, "", NULL},
	{"firma", COL_ORG, "", NULL},
	{"abteilung", COL_DEPT, "", NULL},
	{"e-mail-adresse", COL_EMAIL, "", NULL},
	{"e-mail 2: adresse", COL_EMAIL, "", NULL},
	{"e-mail 3: adresse", COL_EMAIL, "", NULL},
	{"telefon geschäftlich", COL_PHONE, "work", NULL},
	{"telefon geschäftlich 2", COL_PHONE, "work", NULL},
	{"telefon firma", COL_PHONE, "work", NULL},
	{"telefon privat", COL_PHONE, "home", NULL},
	{"telefon privat 2", COL_PHONE, "home", NULL},
	{"mobiltelefon", COL_PHONE, "mobile", NULL},
	{"mobiltelefon 2", COL_PHONE, "mobile", NULL},
	{"haupttelefon", COL_PHONE, "main", NULL},
	{"weiteres telefon", COL_PHONE, "other", NULL},
	{"fax geschäftlich", COL_PHONE, "fax", NULL},
	{"geburtstag", COL_BIRTHDAY, "", NULL},
	{"kategorien", COL_TAGS, "", NULL},
	{"notizen", COL_NOTES, "", NULL},
	{"webseite", COL_URL, "", NULL},
	{"straße geschäftlich", COL_ADDR_PART, "work", "street"},
	{"straße geschäftlich 2", COL_ADDR_PART, "work", "street 2"},
	{"ort geschäftlich", COL_ADDR_PART, "work", "city"},
	{"region geschäftlich", COL_ADDR_PART, "work", "region"},
	{"postleitzahl geschäftlich", COL_ADDR_PART, "work", "postal code"},
	{"land/region geschäftlich", COL_ADDR_PART, "work", "country"},
	{"straße privat", COL_ADDR_PART, "home", "street"},
	{"straße privat 2", COL_ADDR_PART, "home", "street 2"},
	{"ort privat", COL_ADDR_PART, "home", "city"},
	{"bundesland/kanton privat", COL_ADDR_PART, "home", "region"},
	{"postleitzahl privat", COL_ADDR_PART, "home", "postal code"},
	{"land/region privat", COL_ADDR_PART, "home", "country"},
	/* French */
	{"titre", COL_PREFIX, "", NULL},
	{"prénom", COL_GIVEN, "", NULL},
	{"deuxième prénom", COL_MIDDLE, "", NULL},
	{"nom", COL_FAMILY, "", NULL},
	{"société", COL_ORG, "", NULL},
	{"service", COL_DEPT, "", NULL},
	{"poste", COL_TITLE, "", NULL},
	{"adresse de messagerie", COL_EMAIL, "", NULL},
	{"adresse de messagerie 2", COL_EMAIL, "", NULL},
	{"adresse de messagerie 3", COL_EMAIL, "", NULL},
	{"téléphone (bureau)", COL_PHONE, "work", NULL},
	{"téléphone (domicile)", COL_PHONE, "home", NULL},
	{"tél. mobile", COL_PHONE, "mobile", NULL},
	{"télécopie (bureau)", COL_PHONE, "fax", NULL},
	{"anniversaire", COL_BIRTHDAY, "", NULL},
	{"catégories", COL_TAGS, "", NULL},
	{"page web", COL_URL, "", NULL},
	/* Spanish */
	{"tratamiento", COL_PREFIX, "", NULL},
	{"nombre", COL_GIVEN, "", NULL},
	{"segundo nombre", COL_MIDDLE, "", NULL},
	{"apellidos", COL_FAMILY, "", NULL},
	{"organización", COL_ORG, "", NULL},
	{"departamento", COL_DEPT, "", NULL},
	{"puesto", COL_TITLE, "", NULL},
	{"dirección de correo electrónico", COL_EMAIL, "", NULL},
	{"dirección de correo electrónico 2", COL_EMAIL, "", NULL},
	{"dirección de correo electrónico 3", COL_EMAIL, "", NULL},
	{"teléfono del trabajo", COL_PHONE, "work", NULL},
	{"teléfono particular", COL_PHONE, "home", NULL},
	{"teléfono móvil", COL_PHONE, "mobile", NULL},
	{"fax del trabajo", COL_PHONE, "fax", NULL},
	{"cumpleaños", COL_BIRTHDAY, "", NULL},
	{"categorías", COL_TAGS, "", NULL},
	{"notas", COL_NOTES, "", NULL},
	{"página web", COL_URL, "", NULL},
	/* Italian */
	{"titolo", COL_PREFIX, "", NULL},
	{"nome", COL_GIVEN, "", NULL},
	{"secondo nome", COL_MIDDLE, "", NULL},
	{"cognome", COL_FAMILY, "", NULL},
	{"società", COL_ORG, "", NULL},
	{"reparto", COL_DEPT, "", NULL},
	{"posizione", COL_TITLE, "", NULL},
	{"indirizzo posta elettronica", COL_EMAIL, "", NULL},
	{"indirizzo posta elettronica 2", COL_EMAIL, "", NULL},
	{"indirizzo posta elettronica 3", COL_EMAIL, "", NULL},
	{"ufficio", COL_PHONE, "work", NULL},
	{"abitazione", COL_PHONE, "home", NULL},
	{"cellulare", COL_PHONE, "mobile", NULL},
	{"fax (uff.)", COL_PHONE, "fax", NULL},
	{"compleanno", COL_BIRTHDAY, "", NULL},
	{"categorie", COL_TAGS, "", NULL},
	{"pagina web", COL_URL, "", NULL},
	/* Dutch */
	{"titel", COL_PREFIX, "", NULL},
	{"voornaam", COL_GIVEN, "", NULL},
	{"middelste naam", COL_MIDDLE, "", NULL},
	{"achternaam", COL_FAMILY, "", NULL},
	{"bedrijf", COL_ORG, "", NULL},
	{"afdeling", COL_DEPT, "", NULL},
	{"functie", COL_TITLE, "", NULL},
	{"e-mailadres", COL_EMAIL, "", NULL},
	{"e-mailadres 2", COL_EMAIL, "", NULL},
	{"e-mailadres 3", COL_EMAIL, "", NULL},
	{"telefoon op werk", COL_PHONE, "work", NULL},
	{"telefoon thuis", COL_PHONE, "home", NULL},
	{"mobiele telefoon", COL_PHONE, "mobile", NULL},
	{"fax op werk", COL_PHONE, "fax", NULL},
	{"verjaardag", COL_BIRTHDAY, "", NULL},
	{"categorieën", COL_TAGS, "", NULL},
	{"notities", COL_NOTES, "", NULL},
	{"webpagina", COL_URL, "", NULL},
	/* Portuguese (Brazil, Portugal) */
	{"tratamento", COL_PREFIX, "", NULL},
	{"segundo nome", COL_MIDDLE, "", NULL},
	{"sobrenome", COL_FAMILY, "", NULL},
	{"apelido", COL_FAMILY, "", NULL},
	{"empresa", COL_ORG, "", NULL},
	{"cargo", COL_TITLE, "", NULL},
	{"endereço de email", COL_EMAIL, "", NULL},
	{"endereço de email 2", COL_EMAIL, "", NULL},
	{"endereço de email 3", COL_EMAIL, "", NULL},
	{"endereço de correio eletrónico", COL_EMAIL, "", NULL},
	{"endereço de correio electrónico", COL_EMAIL, "", NULL},
	{"telefone comercial", COL_PHONE, "work", NULL},
	{"telefone residencial", COL_PHONE, "home", NULL},
	{"telefone celular", COL_PHONE, "mobile", NULL},
	{"telemóvel", COL_PHONE, "mobile", NULL},
	{"fax comercial", COL_PHONE, "fax", NULL},
	{"aniversário", COL_BIRTHDAY, "", NULL},
	{"categorias", COL_TAGS, "", NULL},
	{"anotações", COL_NOTES, "", NULL},
	{"página da web", COL_URL, "", NULL},
};

/* The Outlook column a localised header names, or NULL. */
static const struct localized_column *outlook_column(const char *h)
{
	for (size_t i = 0; i < sizeof outlook_columns / sizeof outlook_columns[0]; i++)
		if (!strcmp(h, outlook_columns[i].name))
			return &outlook_columns[i];
	return NULL;
}

static struct column classify(const char *header)
{
	struct column c = {.role = COL_IGNORE};
	char *h = io_ascii_lower(one_space(header));
	static const struct {
		const char *name;
		enum col_role role;
	} exact[] = {
		{"name", COL_NAME}, {"display name", COL_NAME}, {"full name", COL_NAME},
		{"first name", COL_GIVEN}, {"given name", COL_GIVEN}, {"firstname", COL_GIVEN},
		{"middle name", COL_MIDDLE}, {"additional name", COL_MIDDLE},
		{"last name", COL_FAMILY}, {"family name", COL_FAMILY}, {"surname", COL_FAMILY}, {"lastname", COL_FAMILY},
		{"name prefix", COL_PREFIX}, {"prefix", COL_PREFIX}, {"title", COL_TITLE_OR_PREFIX},
		{"nickname", COL_NICK}, {"nick name", COL_NICK},
		{"company", COL_ORG}, {"organization", COL_ORG}, {"organisation", COL_ORG},
		{"organization name", COL_ORG}, {"department", COL_DEPT}, {"organization department", COL_DEPT},
		{"job title", COL_TITLE}, {"position", COL_TITLE}, {"organization title", COL_TITLE},
		{"birthday", COL_BIRTHDAY}, {"birth date", COL_BIRTHDAY}, {"date of birth", COL_BIRTHDAY},
		{"birth year", COL_BYEAR}, {"birth month", COL_BMONTH}, {"birth day", COL_BDAY},
		{"notes", COL_NOTES}, {"note", COL_NOTES}, {"comments", COL_NOTES},
		{"categories", COL_TAGS}, {"labels", COL_TAGS}, {"group membership", COL_TAGS}, {"groups", COL_TAGS},
		{"tags", COL_TAGS}, {"connected on", COL_CONNECTED}, {"url", COL_URL},
	};
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
		if (!strcmp(h, exact[i].name)) {
			c.role = exact[i].role;
			free(h);
			return c;
		}
	}
	const struct localized_column *lc = outlook_column(h);
	if (lc) {
		c.role = lc->role;
		snprintf(c.label, sizeof c.label, "%s", lc->label);
		if (lc->part) {
			c.part = addr_part_order(lc->part);
			snprintf(c.slot, sizeof c.slot, "address %s", lc->label);
		}
		c.localized = true;
		free(h);
		return c;
	}
	/* Google: "<kind> <n> - <what>". */
	char kind[32], what[32];
	int n;
	if (sscanf(h, "%31[a-z-] %d - %31[a-z ]", kind, &n, what) == 3) {
		snprintf(c.slot, sizeof c.slot, "%s %d", kind, n);
		bool label = !strcmp(what, "type") || !strcmp(what, "label");
		if (!strcmp(kind, "e-mail") || !strcmp(kind, "email"))
			c.role = label ? COL_LABEL : !strcmp(what, "value") ? COL_EMAIL : COL_IGNORE;
		else if (!strcmp(kind, "phone"))
			c.role = label ? COL_LABEL : !strcmp(what, "value") ? COL_PHONE : COL_IGNORE;
		else if (!strcmp(kind, "website"))
			c.role = label ? COL_LABEL : !strcmp(what, "value") ? COL_URL : COL_IGNORE;
		else if (!strcmp(kind, "address")) {
			if (label)
				c.role = COL_LABEL;
			else if (!strcmp(what, "formatted"))
				c.role = COL_ADDRESS;
			else if ((c.part = addr_part_order(what)) > 0)
				c.role = COL_ADDR_PART;
		} else if (!strcmp(kind, "organization")) {
			c.role = !strcmp(what, "name") ? COL_ORG : !strcmp(what, "title") ? COL_TITLE
				 : !strcmp(what, "department") ? COL_DEPT : COL_IGNORE;
		}
		free(h);
		return c;
	}
	/* Address parts: "Business Street 2", "Home Postal Code", "Work City". */
	static const char *const places[] = {"business", "home", "other", "work"};
	for (size_t i = 0; i < 4; i++) {
		size_t len = strlen(places[i]);
		if (!strncmp(h, places[i], len) && h[len] == ' ') {
			int order = addr_part_order(h + len + 1);
			if (order > 0) {
				c.role = COL_ADDR_PART;
				c.part = order;
				snprintf(c.slot, sizeof c.slot, "address %s", i == 0 ? "work" : places[i]);
				snprintf(c.label, sizeof c.label, "%s", i == 0 ? "work" : places[i]);
				free(h);
				return c;
			}
		}
	}
	/* An address column, not the type or display name beside it (in
	 * Outlook's languages: "E-Mail-Typ", "Weergavenaam voor e-mail",
	 * "Nome de exibição do email"). */
	if (strstr(h, "mail") && !strstr(h, "display") && !strstr(h, "typ") && !strstr(h, "tipo") &&
	    !strstr(h, "angezeigt") && !strstr(h, "weergave") && !strstr(h, "exibi")) {
		c.role = COL_EMAIL;
	} else if ((word_in(h, "phone") || word_in(h, "mobile") || word_in(h, "fax") || word_in(h, "pager") ||
		    word_in(h, "number") || word_in(h, "telephone")) && !strstr(h, "type")) {
		c.role = COL_PHONE;
	} else if (strstr(h, "web page") || strstr(h, "website") || strstr(h, "homepage")) {
		c.role = COL_URL;
	}
	if (c.role != COL_IGNORE)
		snprintf(c.label, sizeof c.label, "%s", label_from_words(h));
	free(h);
	return c;
}

/* ---- contacts ------------------------------------------------------------------ */

static const char *detect_layout(const struct column *cols, size_t n, char **headers)
{
	for (size_t i = 0; i < n; i++) {
		if (cols[i].role == COL_CONNECTED)
			return "LinkedIn";
		if (!strcmp(headers[i], "E-mail 1 - Value"))
			return "Google";
		if (!strcmp(headers[i], "E-mail Display Name") || !strcmp(headers[i], "Business Street") ||
		    cols[i].localized)
			return "Outlook";
		if (!strcmp(headers[i], "Primary Email"))
			return "Thunderbird";
	}
	return "generic";
}

enum rdx_status csv_contacts_open(FILE *fp, const char *name, struct csv_contacts **out, char **cause)
{
	rdx_cause_clear(cause);
	*out = NULL;
	struct csv_contacts *c = xcalloc(1, sizeof *c);
	c->r = csv_reader_new(fp, name);
	c->name = name;
	for (int tries = 0; tries < 20; tries++) {
		char **fields;
		size_t n;
		int line;
		bool done;
		enum rdx_status st = csv_read_record(c->r, &fields, &n, &line, &done, cause);
		if (st != RDX_OK) {
			csv_contacts_close(c);
			return st;
		}
		if (done)
			break;
		struct column *cols = xcalloc(n, sizeof *cols);
		int known = 0;
		bool job = false;
		for (size_t i = 0; i < n; i++) {
			/* A header cell is a short name, never a sentence. */
			cols[i] = strlen(fields[i]) <= 64 ? classify(fields[i]) : (struct column){.role = COL_IGNORE};
			if (cols[i].role != COL_IGNORE)
				known++;
			if (cols[i].role == COL_TITLE)
				job = true;
		}
		if (known >= 2 || (known == 1 && n == 1)) {
			c->cols = cols;
			c->ncols = n;
			c->has_job_title = job;
			c->layout = detect_layout(cols, n, fields);
			*out = c;
			return RDX_OK;
		}
		free(cols);
	}
	csv_contacts_close(c);
	return rdx_fail(cause, RDX_INVALID, "%s: no CSV header with contact columns (name, email, phone ...) found",
			name);
}

void csv_contacts_close(struct csv_contacts *c)
{
	if (!c)
		return;
	csv_reader_free(c->r);
	free(c->cols);
	free(c);
}

const char *csv_contacts_layout(const struct csv_contacts *c)
{
	return c->layout;
}

uint64_t csv_contacts_bytes(const struct csv_contacts *c)
{
	return csv_reader_bytes(c->r);
}

bool csv_contacts_legacy_charset(const struct csv_contacts *c)
{
	return csv_reader_legacy_charset(c->r);
}

/* Google's label cells: "* Home" is the starred primary one. */
static char *label_clean_csv(const char *s)
{
	char *t = one_space(s);
	char *p = t;
	if (p[0] == '*')
		p++;
	while (*p == ' ')
		p++;
	io_ascii_lower(p);
	char *r;
	if (!strcmp(p, "home fax") || !strcmp(p, "work fax") || !strcmp(p, "other fax"))
		r = xstrdup("fax");
	else if (!strcmp(p, "home page"))
		r = xstrdup("homepage");
	else
		r = xstrdup(p);
	free(t);
	if (strlen(r) > CARD_LABEL_MAX)
		r[CARD_LABEL_MAX] = '\0';
	return r;
}

/* Splits Google's " ::: " multi-values; calls back per non-empty value. */
static void each_value(const char *cell, void (*fn)(void *, const char *), void *ctx)
{
	const char *s = cell;
	for (;;) {
		const char *sep = strstr(s, ":::");
		char *v = sep ? xstrndup(s, (size_t)(sep - s)) : xstrdup(s);
		char *t = one_space(v);
		if (t[0])
			fn(ctx, t);
		free(t);
		free(v);
		if (!sep)
			break;
		s = sep + 3;
	}
}

struct add_ctx {
	struct vcard_entry *e;
	enum field_kind kind;
	const char *label;
};

static void add_field_cb(void *p, const char *v)
{
	struct add_ctx *a = p;
	if (strlen(v) > CARD_FIELD_MAX)
		return;
	for (size_t i = 0; i < a->e->card.nfields; i++)
		if (a->e->card.fields[i].kind == a->kind && io_strieq(a->e->card.fields[i].value, v))
			return;
	if (a->e->card.nfields < CARD_MAX_FIELDS)
		card_add_field(&a->e->card, a->kind, v, a->label);
}

static void add_tag_cb(void *p, const char *v)
{
	struct add_ctx *a = p;
	const char *t = v;
	if (t[0] == '*')
		t++;
	while (*t == ' ')
		t++;
	/* Google's system groups say nothing about the person. */
	if (io_strieq(t, "myContacts") || io_strieq(t, "My Contacts") || io_strieq(t, "Other Contacts") ||
	    io_strieq(t, "starred") || !t[0] || strlen(t) > CARD_TAG_MAX || a->e->card.ntags >= CARD_MAX_TAGS)
		return;
	card_add_tag(&a->e->card, t);
}

static void add_tags(struct vcard_entry *e, const char *cell)
{
	struct add_ctx a = {.e = e};
	if (strstr(cell, ":::")) {
		each_value(cell, add_tag_cb, &a);
		return;
	}
	/* Outlook separates categories with ';', generic files with ','. */
	char *copy = xstrdup(cell);
	for (char *tok = strtok(copy, ";,"); tok; tok = strtok(NULL, ";,")) {
		char *t = one_space(tok);
		add_tag_cb(&a, t);
		free(t);
	}
	free(copy);
}

/* Dates in CSV: 1815-12-10, --04-15, 19800415, M/D/YYYY (D/M/YYYY when the
 * first number cannot be a month), D.M.YYYY; Outlook's 0/0/00 is none. */
static bool csv_birthday(const char *s, struct birthday *out)
{
	if (birthday_parse(s, out)) {
		if (out->year == 1604 || out->year == 1900)
			out->year = 0;
		return true;
	}
	int a, b, y;
	char sep1, sep2, rest;
	if (sscanf(s, "%d%c%d%c%d%c", &a, &sep1, &b, &sep2, &y, &rest) != 5 || sep1 != sep2)
		return false;
	int m, d;
	if (sep1 == '.') {
		d = a;
		m = b;
	} else if (sep1 == '/') {
		if (a > 12) {
			d = a;
			m = b;
		} else {
			m = a;
			d = b;
		}
	} else {
		return false;
	}
	if (y == 1604 || y == 1900)
		y = 0;
	if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y ? y : 2000, m))
		return false;
	out->year = y;
	out->month = m;
	out->day = d;
	return true;
}

struct slot_acc {
	char slot[40];
	char *label;
	char *parts[16];
};

enum rdx_status csv_contacts_next(struct csv_contacts *c, struct vcard_entry *e, bool *done, char **cause)
{
	rdx_cause_clear(cause);
	vcard_entry_init(e);
	char **f;
	size_t n;
	int line;
	enum rdx_status st = csv_read_record(c->r, &f, &n, &line, done, cause);
	if (st != RDX_OK || *done)
		return st;
	e->line = line;
	struct card *card = &e->card;
	const char *given = "", *middle = "", *family = "", *name = "", *org = "", *dept = "", *title = "";
	const char *by = "", *bm = "", *bd = "";
	bool have_bday = false;
	struct slot_acc slots[32];
	size_t nslots = 0;
	/* First pass: labels of slots and address parts. */
	for (size_t i = 0; i < n && i < c->ncols; i++) {
		const struct column *col = &c->cols[i];
		if ((col->role != COL_LABEL && col->role != COL_ADDR_PART) || !f[i][0])
			continue;
		size_t k;
		for (k = 0; k < nslots; k++)
			if (!strcmp(slots[k].slot, col->slot))
				break;
		if (k == nslots) {
			if (nslots == 32)
				continue;
			memset(&slots[k], 0, sizeof slots[k]);
			snprintf(slots[k].slot, sizeof slots[k].slot, "%s", col->slot);
			nslots++;
		}
		if (col->role == COL_LABEL) {
			free(slots[k].label);
			slots[k].label = label_clean_csv(f[i]);
		} else if (col->part < 16 && !slots[k].parts[col->part]) {
			slots[k].parts[col->part] = one_space(f[i]);
			if (!slots[k].label && col->label[0])
				slots[k].label = xstrdup(col->label);
		}
	}
	bool has_formatted[32] = {false};
	for (size_t i = 0; i < n && i < c->ncols; i++) {
		const struct column *col = &c->cols[i];
		const char *v = f[i];
		if (!v[0])
			continue;
		const char *label = col->label;
		int slot = -1;
		for (size_t k = 0; k < nslots && col->slot[0]; k++)
			if (!strcmp(slots[k].slot, col->slot)) {
				slot = (int)k;
				if (slots[k].label)
					label = slots[k].label;
			}
		struct add_ctx a = {.e = e, .label = label};
		switch (col->role) {
		case COL_NAME:
			name = v;
			break;
		case COL_GIVEN:
			given = v;
			break;
		case COL_MIDDLE:
			middle = v;
			break;
		case COL_FAMILY:
			family = v;
			break;
		case COL_NICK:
			if (!card->nickname[0]) {
				char *t = one_space(v);
				card_set(&card->nickname, t);
				free(t);
			}
			break;
		case COL_ORG:
			if (!org[0])
				org = v;
			break;
		case COL_DEPT:
			if (!dept[0])
				dept = v;
			break;
		case COL_TITLE_OR_PREFIX:
			if (!c->has_job_title && !title[0])
				title = v;
			break;
		case COL_TITLE:
			if (!title[0])
				title = v;
			break;
		case COL_EMAIL:
			a.kind = FIELD_EMAIL;
			each_value(v, add_field_cb, &a);
			break;
		case COL_PHONE:
			a.kind = FIELD_PHONE;
			each_value(v, add_field_cb, &a);
			break;
		case COL_URL:
			a.kind = FIELD_URL;
			if (!strcmp(c->layout, "LinkedIn"))
				a.label = "linkedin";
			each_value(v, add_field_cb, &a);
			break;
		case COL_ADDRESS: {
			char *t = xstrdup(v);
			for (char *p = t; *p; p++)
				if (*p == '\r')
					*p = ' ';
			struct sbuf b;
			sbuf_init(&b);
			sbuf_addn(&b, "", 0);
			for (char *tok = strtok(t, "\n"); tok; tok = strtok(NULL, "\n")) {
				char *part = one_space(tok);
				if (part[0]) {
					if (b.len)
						sbuf_adds(&b, ", ");
					sbuf_adds(&b, part);
				}
				free(part);
			}
			free(t);
			char *addr = sbuf_take(&b);
			a.kind = FIELD_ADDRESS;
			if (addr[0])
				add_field_cb(&a, addr);
			free(addr);
			if (slot >= 0)
				has_formatted[slot] = true;
			break;
		}
		case COL_BIRTHDAY:
			if (!have_bday && csv_birthday(v, &card->birthday))
				have_bday = true;
			else if (!have_bday && strcmp(v, "0/0/00") != 0 && strcmp(v, "0.0.00") != 0)
				vcard_entry_warn(e, "line %d: birthday \"%.20s\" not understood", line, v);
			break;
		case COL_BYEAR:
			by = v;
			break;
		case COL_BMONTH:
			bm = v;
			break;
		case COL_BDAY:
			bd = v;
			break;
		case COL_NOTES: {
			char *t = xstrdup(v);
			char *w = t;
			for (char *p = t; *p; p++)
				if (*p != '\r')
					*w++ = *p;
			*w = '\0';
			text_trim(t);
			if (t[0] && strlen(t) <= NOTE_TEXT_MAX)
				vcard_entry_add_note(e, "", t);
			free(t);
			break;
		}
		case COL_TAGS:
			add_tags(e, v);
			break;
		case COL_CONNECTED: {
			char *t = xasprintf("Connected on LinkedIn on %s", v);
			card_set(&card->how_met, t);
			free(t);
			break;
		}
		default:
			break;
		}
	}
	/* Addresses given as parts only (Outlook, Thunderbird, Google parts). */
	for (size_t k = 0; k < nslots; k++) {
		bool any = false;
		for (int p = 0; p < 16; p++)
			if (slots[k].parts[p] && slots[k].parts[p][0])
				any = true;
		if (any && !has_formatted[k]) {
			struct sbuf b;
			sbuf_init(&b);
			sbuf_addn(&b, "", 0);
			for (int p = 0; p < 16; p++) {
				if (!slots[k].parts[p] || !slots[k].parts[p][0])
					continue;
				if (b.len)
					sbuf_adds(&b, ", ");
				sbuf_adds(&b, slots[k].parts[p]);
			}
			char *addr = sbuf_take(&b);
			struct add_ctx a = {.e = e, .kind = FIELD_ADDRESS, .label = slots[k].label ? slots[k].label : ""};
			add_field_cb(&a, addr);
			free(addr);
		}
		free(slots[k].label);
		for (int p = 0; p < 16; p++)
			free(slots[k].parts[p]);
	}
	if (!have_bday && bm[0] && bd[0]) {
		char buf[32];
		snprintf(buf, sizeof buf, by[0] ? "%s-%02d-%02d" : "--%.0s%02d-%02d", by, atoi(bm), atoi(bd));
		if (!birthday_parse(buf, &card->birthday))
			vcard_entry_warn(e, "line %d: birthday %s/%s/%s not understood", line, by, bm, bd);
	}
	char *t;
	t = one_space(given);
	card_set(&card->given, t);
	free(t);
	t = one_space(family);
	card_set(&card->family, t);
	free(t);
	if (org[0] || dept[0]) {
		char *o = one_space(org), *d = one_space(dept);
		t = o[0] && d[0] ? xasprintf("%s, %s", o, d) : xstrdup(o[0] ? o : d);
		card_set(&card->org, t);
		free(t);
		free(o);
		free(d);
	}
	t = one_space(title);
	card_set(&card->title, t);
	free(t);
	t = one_space(name);
	if (!t[0]) {
		free(t);
		char *g = one_space(given), *m = one_space(middle), *fa = one_space(family);
		t = xasprintf("%s%s%s%s%s", g, g[0] && (m[0] || fa[0]) ? " " : "", m, m[0] && fa[0] ? " " : "", fa);
		free(g);
		free(m);
		free(fa);
	}
	card_set(&card->name, t);
	free(t);
	if (!card->name[0] && card->org[0])
		card_set(&card->name, card->org);
	if (!card->name[0] && card->nfields > 0)
		card_set(&card->name, card->fields[0].value);
	if (!card->name[0])
		return rdx_fail(cause, RDX_INVALID, "%s:%d: row has no name, email, phone or organization", c->name,
				line);
	card_split_name(card);
	return RDX_OK;
}

bool csv_sniff(const char *buf, size_t len)
{
	/* Anything with a delimiter in its first line that is not a vCard;
	 * the header check in csv_contacts_open decides for real. */
	size_t i = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	if (len - i >= 6 && io_strnieq(buf + i, "Notes:", 6))
		return true;
	for (; i < len && buf[i] != '\n'; i++)
		if (buf[i] == ',' || buf[i] == ';' || buf[i] == '\t')
			return true;
	return false;
}

/* ---- export ----------------------------------------------------------------------- */

#define CSV_EMAILS 3
#define CSV_PHONES 3
#define CSV_ADDRESSES 2
#define CSV_URLS 2

static void csv_cell(struct sbuf *b, const char *s, bool first)
{
	if (!first)
		sbuf_addc(b, ',');
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ') {
		sbuf_adds(b, s);
		return;
	}
	sbuf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *s);
	}
	sbuf_addc(b, '"');
}

static enum rdx_status flush(FILE *fp, struct sbuf *b, char **cause)
{
	size_t len = b->len;
	size_t wrote = fwrite(b->s, 1, len, fp);
	sbuf_done(b);
	if (wrote != len || ferror(fp))
		return rdx_fail(cause, RDX_IO, "cannot write the CSV file");
	return RDX_OK;
}

enum rdx_status csv_write_header(FILE *fp, char **cause)
{
	rdx_cause_clear(cause);
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "Name,First Name,Last Name,Nickname,Organization Name,Organization Title,Birthday,Labels,Notes");
	static const struct {
		const char *kind;
		int count;
		const char *value;
	} groups[] = {{"E-mail", CSV_EMAILS, "Value"}, {"Phone", CSV_PHONES, "Value"},
		      {"Address", CSV_ADDRESSES, "Formatted"}, {"Website", CSV_URLS, "Value"}};
	for (size_t g = 0; g < 4; g++)
		for (int i = 1; i <= groups[g].count; i++)
			sbuf_printf(&b, ",%s %d - Label,%s %d - %s", groups[g].kind, i, groups[g].kind, i, groups[g].value);
	sbuf_adds(&b, ",How Met,UID\r\n");
	return flush(fp, &b, cause);
}

enum rdx_status csv_write_card(FILE *fp, const struct card *card, const struct note *notes, size_t nnotes,
			       char **cause)
{
	rdx_cause_clear(cause);
	struct sbuf b, tmp;
	sbuf_init(&b);
	sbuf_init(&tmp);
	csv_cell(&b, card->name, true);
	csv_cell(&b, card->given, false);
	csv_cell(&b, card->family, false);
	csv_cell(&b, card->nickname, false);
	csv_cell(&b, card->org, false);
	csv_cell(&b, card->title, false);
	char bday[DATE_TEXT_SIZE];
	birthday_format(&card->birthday, bday);
	csv_cell(&b, bday, false);
	sbuf_clear(&tmp);
	sbuf_addn(&tmp, "", 0);
	for (size_t i = 0; i < card->ntags; i++) {
		if (i)
			sbuf_adds(&tmp, " ::: ");
		sbuf_adds(&tmp, card->tags[i]);
	}
	csv_cell(&b, sbuf_str(&tmp), false);
	sbuf_clear(&tmp);
	sbuf_addn(&tmp, "", 0);
	for (size_t i = 0; i < nnotes; i++) {
		if (i)
			sbuf_adds(&tmp, "\n\n");
		sbuf_adds(&tmp, notes[i].text);
	}
	csv_cell(&b, sbuf_str(&tmp), false);
	static const struct {
		enum field_kind kind;
		int count;
	} groups[] = {{FIELD_EMAIL, CSV_EMAILS}, {FIELD_PHONE, CSV_PHONES}, {FIELD_ADDRESS, CSV_ADDRESSES},
		      {FIELD_URL, CSV_URLS}};
	for (size_t g = 0; g < 4; g++) {
		int col = 0;
		const struct card_field *last = NULL;
		sbuf_clear(&tmp);
		sbuf_addn(&tmp, "", 0);
		for (size_t i = 0; i < card->nfields; i++) {
			const struct card_field *f = &card->fields[i];
			if (f->kind != groups[g].kind)
				continue;
			if (col < groups[g].count - 1) {
				csv_cell(&b, f->label, false);
				csv_cell(&b, f->value, false);
				col++;
			} else {
				if (!last)
					last = f;
				if (tmp.len)
					sbuf_adds(&tmp, " ::: ");
				sbuf_adds(&tmp, f->value);
			}
		}
		if (last) {
			csv_cell(&b, last->label, false);
			csv_cell(&b, tmp.s, false);
			col++;
		}
		for (; col < groups[g].count; col++) {
			csv_cell(&b, "", false);
			csv_cell(&b, "", false);
		}
	}
	csv_cell(&b, card->how_met, false);
	csv_cell(&b, card->uid, false);
	sbuf_adds(&b, "\r\n");
	sbuf_done(&tmp);
	return flush(fp, &b, cause);
}
