/*
 * scan_module.c - rolodex-scan.so: mail headers through GMime and calendars
 * through libical, behind the plain-C interface of scan_module.h.  Loaded
 * with dlopen by scan_loader.c only when `rolodex scan` runs, so no other
 * command pays for mapping glib and its companions.
 *
 * GMime does the RFC 5322/2047 work (folding, encoded words in any charset,
 * groups, comments, quoted names); libical expands recurrences.  Nothing
 * here touches the database or prints.
 */
#include <ctype.h>
#include <gmime/gmime.h>
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "io/scan_module.h"

static char *dup_or_empty(const char *s)
{
	char *copy = strdup(s != NULL ? s : "");
	if (copy == NULL)
		abort();
	return copy;
}

static void ascii_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

struct people {
	struct scan_person *items;
	size_t count, cap;
};

static void people_add(struct people *p, char role, const char *name, const char *address)
{
	if (address == NULL || address[0] == '\0')
		return;
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->items = realloc(p->items, p->cap * sizeof *p->items);
		if (p->items == NULL)
			abort();
	}
	struct scan_person *person = &p->items[p->count++];
	person->role = role;
	person->name = dup_or_empty(name);
	person->address = dup_or_empty(address);
	ascii_lower(person->address);
}

static void people_free(struct scan_person *items, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(items[i].name);
		free(items[i].address);
	}
	free(items);
}

/* ---- mail ------------------------------------------------------------------ */

static bool gmime_ready;

/* Mailboxes of list, groups flattened. */
static void add_address_list(struct people *p, char role, InternetAddressList *list)
{
	if (list == NULL)
		return;
	int n = internet_address_list_length(list);
	for (int i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(a)) {
			add_address_list(p, role, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)));
		} else if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			people_add(p, role, internet_address_get_name(a),
				   internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
		}
	}
}

/*
 * Splitting the header block into fields is done here rather than by
 * g_mime_parser_construct_message: building a whole GMimeMessage (its
 * objects, its MIME tree) costs many times what the few fields we need do,
 * and a scan reads every message the user ever sent.  The split is the
 * RFC 5322 outline only (a field starts at column 0 with "name:", a line
 * starting with white space continues it, an empty line ends the header);
 * every value goes to GMime for the real work: address lists with groups,
 * comments and quoted names, encoded words in any charset, dates and
 * Message-IDs.  tests/fuzz/fuzz_scan_header.c exercises it.
 */
enum field {
	FIELD_NONE,
	FIELD_FROM,
	FIELD_TO,
	FIELD_CC,
	FIELD_BCC,
	FIELD_RESENT_FROM,
	FIELD_RESENT_TO,
	FIELD_RESENT_CC,
	FIELD_RESENT_BCC,
	FIELD_SUBJECT,
	FIELD_DATE,
	FIELD_MESSAGE_ID,
};

static const struct {
	const char *name;
	enum field field;
} fields[] = {
	{ "from", FIELD_FROM },
	{ "to", FIELD_TO },
	{ "cc", FIELD_CC },
	{ "bcc", FIELD_BCC },
	{ "resent-from", FIELD_RESENT_FROM },
	{ "resent-to", FIELD_RESENT_TO },
	{ "resent-cc", FIELD_RESENT_CC },
	{ "resent-bcc", FIELD_RESENT_BCC },
	{ "subject", FIELD_SUBJECT },
	{ "date", FIELD_DATE },
	{ "message-id", FIELD_MESSAGE_ID },
};

static enum field field_named(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strlen(fields[i].name) == len && g_ascii_strncasecmp(fields[i].name, name, len) == 0)
			return fields[i].field;
	}
	return FIELD_NONE;
}

static void take_field(struct scan_header *out, struct people *p, enum field field, const char *value)
{
	switch (field) {
	case FIELD_FROM:
	case FIELD_RESENT_FROM:
	case FIELD_TO:
	case FIELD_CC:
	case FIELD_BCC:
	case FIELD_RESENT_TO:
	case FIELD_RESENT_CC:
	case FIELD_RESENT_BCC: {
		char role = field == FIELD_FROM || field == FIELD_RESENT_FROM ? SCAN_ROLE_SENDER : SCAN_ROLE_RECIPIENT;
		InternetAddressList *list = internet_address_list_parse(NULL, value);
		add_address_list(p, role, list);
		if (list != NULL)
			g_object_unref(list);
		break;
	}
	case FIELD_SUBJECT:
		if (out->subject == NULL) {
			char *unfolded = g_mime_utils_header_unfold(value);
			char *decoded = g_mime_utils_header_decode_text(NULL, unfolded);
			out->subject = dup_or_empty(g_strstrip(decoded));
			g_free(decoded);
			g_free(unfolded);
		}
		break;
	case FIELD_DATE:
		if (out->year == 0) {
			GDateTime *date = g_mime_utils_header_decode_date(value);
			if (date != NULL) {
				g_date_time_get_ymd(date, &out->year, &out->month, &out->day);
				out->time = (long long)g_date_time_to_unix(date);
				g_date_time_unref(date);
			}
		}
		break;
	case FIELD_MESSAGE_ID:
		if (out->message_id == NULL) {
			char *id = g_mime_utils_decode_message_id(value);
			if (id != NULL && id[0] != '\0')
				out->message_id = dup_or_empty(id);
			g_free(id);
		}
		break;
	case FIELD_NONE:
		break;
	}
}

static bool parse_header(const char *text, size_t len, struct scan_header *out)
{
	*out = (struct scan_header){ 0 };
	if (!gmime_ready) {
		g_mime_init();
		gmime_ready = true;
	}
	struct people p = { 0 };
	GString *value = g_string_new(NULL);
	enum field current = FIELD_NONE;
	bool any = false;
	size_t i = 0;
	/* An mbox message starts with its "From " separator line. */
	if (len >= 5 && memcmp(text, "From ", 5) == 0) {
		while (i < len && text[i] != '\n')
			i++;
		i++;
	}
	while (i < len) {
		size_t eol = i;
		while (eol < len && text[eol] != '\n')
			eol++;
		size_t end = eol > i && text[eol - 1] == '\r' ? eol - 1 : eol;
		if (end == i)
			break; /* the empty line: the body follows */
		if (text[i] == ' ' || text[i] == '\t') {
			if (current != FIELD_NONE) {
				g_string_append_c(value, '\n');
				g_string_append_len(value, text + i, (gssize)(end - i));
			}
		} else {
			if (current != FIELD_NONE)
				take_field(out, &p, current, value->str);
			const char *colon = memchr(text + i, ':', end - i);
			current = colon != NULL ? field_named(text + i, (size_t)(colon - (text + i))) : FIELD_NONE;
			any = any || colon != NULL;
			g_string_truncate(value, 0);
			if (current != FIELD_NONE) {
				const char *v = colon + 1;
				g_string_append_len(value, v, (gssize)(text + end - v));
			}
		}
		i = eol + 1;
	}
	if (current != FIELD_NONE)
		take_field(out, &p, current, value->str);
	g_string_free(value, TRUE);
	if (out->subject == NULL)
		out->subject = dup_or_empty("");
	out->people = p.items;
	out->npeople = p.count;
	return any;
}

static void header_done(struct scan_header *h)
{
	free(h->message_id);
	free(h->subject);
	people_free(h->people, h->npeople);
	*h = (struct scan_header){ 0 };
}

/* ---- calendars ------------------------------------------------------------- */

/* The moment as written, compared field by field: an event's local time
 * against the user's local time, whatever zone each names. */
static int moment_compare(struct icaltimetype t, const struct scan_moment *m)
{
	int a[6] = { t.year, t.month, t.day, t.is_date ? 0 : t.hour, t.is_date ? 0 : t.minute,
		     t.is_date ? 0 : t.second };
	int b[6] = { m->year, m->month, m->day, m->hour, m->minute, m->second };
	for (int i = 0; i < 6; i++) {
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	}
	return 0;
}

static bool same_start(struct icaltimetype a, struct icaltimetype b)
{
	return a.year == b.year && a.month == b.month && a.day == b.day &&
	       (a.is_date || b.is_date || (a.hour == b.hour && a.minute == b.minute && a.second == b.second));
}

/* "mailto:Ada@Example.org" -> "Ada@Example.org"; NULL when not mail. */
static const char *mailto_address(const char *value)
{
	if (value == NULL || g_ascii_strncasecmp(value, "mailto:", 7) != 0)
		return NULL;
	return value + 7;
}

static void add_calendar_person(struct people *p, char role, icalproperty *prop, const char *value)
{
	const char *address = mailto_address(value);
	if (address == NULL)
		return;
	icalparameter *cn = icalproperty_get_first_parameter(prop, ICAL_CN_PARAMETER);
	people_add(p, role, cn != NULL ? icalparameter_get_cn(cn) : "", address);
}

/* The RECURRENCE-ID overrides in a calendar: uid and the start they replace. */
struct override {
	const char *uid;
	struct icaltimetype start;
};
struct overrides {
	struct override *items;
	size_t count, cap;
};

static bool is_overridden(const struct overrides *o, const char *uid, struct icaltimetype t)
{
	for (size_t i = 0; i < o->count; i++) {
		if (strcmp(o->items[i].uid, uid) == 0 && same_start(o->items[i].start, t))
			return true;
	}
	return false;
}

static bool is_excluded(icalcomponent *event, struct icaltimetype t)
{
	for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); p != NULL;
	     p = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY)) {
		if (same_start(icalproperty_get_exdate(p), t))
			return true;
	}
	return false;
}

struct calendar_reader {
	const struct scan_moment *before;
	bool (*each)(void *arg, const struct scan_occurrence *o);
	void *arg;
	bool stopped;
	struct overrides overrides;
	long events;
};

static void emit(struct calendar_reader *r, struct scan_occurrence *o, struct icaltimetype start,
		 struct icaltimetype occurrence)
{
	if (r->stopped || moment_compare(start, r->before) >= 0)
		return;
	char *text = icaltime_as_ical_string_r(occurrence);
	o->occurrence = text != NULL ? text : "";
	o->year = start.year;
	o->month = start.month;
	o->day = start.day;
	if (!r->each(r->arg, o))
		r->stopped = true;
	free(text);
}

/* Occurrences of a recurring event can be many (a daily stand-up for
 * years) but not endless: a rule without an end stops at `before`, and
 * this caps a rule that never reaches it. */
#define OCCURRENCES_MAX 100000

static void read_event(struct calendar_reader *r, icalcomponent *event)
{
	r->events++;
	struct icaltimetype start = icalcomponent_get_dtstart(event);
	if (icaltime_is_null_time(start))
		return;
	struct people p = { 0 };
	icalproperty *prop = icalcomponent_get_first_property(event, ICAL_ORGANIZER_PROPERTY);
	if (prop != NULL)
		add_calendar_person(&p, SCAN_ROLE_SENDER, prop, icalproperty_get_organizer(prop));
	for (prop = icalcomponent_get_first_property(event, ICAL_ATTENDEE_PROPERTY); prop != NULL;
	     prop = icalcomponent_get_next_property(event, ICAL_ATTENDEE_PROPERTY))
		add_calendar_person(&p, SCAN_ROLE_RECIPIENT, prop, icalproperty_get_attendee(prop));

	const char *uid = icalcomponent_get_uid(event);
	struct scan_occurrence o = {
		.uid = uid != NULL ? uid : "",
		.summary = icalcomponent_get_summary(event) != NULL ? icalcomponent_get_summary(event) : "",
		.people = p.items,
		.npeople = p.count,
	};
	struct icaltimetype rid = icalcomponent_get_recurrenceid(event);
	icalproperty *rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY);
	if (!icaltime_is_null_time(rid)) {
		emit(r, &o, start, rid);
	} else if (rrule != NULL) {
		icalrecur_iterator *it = icalrecur_iterator_new(icalproperty_get_rrule(rrule), start);
		if (it != NULL) {
			struct icaltimetype t = icalrecur_iterator_next(it);
			for (int n = 0; !r->stopped && !icaltime_is_null_time(t) && moment_compare(t, r->before) < 0 &&
					n < OCCURRENCES_MAX;
			     n++, t = icalrecur_iterator_next(it)) {
				if (!is_excluded(event, t) && !is_overridden(&r->overrides, o.uid, t))
					emit(r, &o, t, t);
			}
			icalrecur_iterator_free(it);
		}
	} else {
		emit(r, &o, start, start);
	}
	for (prop = icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY); prop != NULL;
	     prop = icalcomponent_get_next_property(event, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype d = icalproperty_get_rdate(prop);
		struct icaltimetype t = icaltime_is_null_time(d.time) ? d.period.start : d.time;
		if (!icaltime_is_null_time(t) && !is_overridden(&r->overrides, o.uid, t))
			emit(r, &o, t, t);
	}
	people_free(p.items, p.count);
}

/* Calls fn for every VEVENT under root (a VCALENDAR, several of them, or a
 * bare VEVENT). */
static void each_event(icalcomponent *root, void (*fn)(struct calendar_reader *, icalcomponent *),
		       struct calendar_reader *r)
{
	icalcomponent_kind kind = icalcomponent_isa(root);
	if (kind == ICAL_VEVENT_COMPONENT) {
		fn(r, root);
		return;
	}
	if (kind == ICAL_XROOT_COMPONENT) {
		for (icalcomponent *c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT); c != NULL;
		     c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
			each_event(c, fn, r);
		return;
	}
	for (icalcomponent *c = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); c != NULL;
	     c = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT))
		fn(r, c);
}

static void note_override(struct calendar_reader *r, icalcomponent *event)
{
	struct icaltimetype rid = icalcomponent_get_recurrenceid(event);
	const char *uid = icalcomponent_get_uid(event);
	if (icaltime_is_null_time(rid) || uid == NULL)
		return;
	struct overrides *o = &r->overrides;
	if (o->count == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->items = realloc(o->items, o->cap * sizeof *o->items);
		if (o->items == NULL)
			abort();
	}
	o->items[o->count++] = (struct override){ .uid = uid, .start = rid };
}

static long read_calendar(const char *text, const struct scan_moment *before,
			  bool (*each)(void *arg, const struct scan_occurrence *o), void *arg, char **error)
{
	*error = NULL;
	icalcomponent *root = icalparser_parse_string(text);
	icalcomponent_kind kind = root != NULL ? icalcomponent_isa(root) : ICAL_NO_COMPONENT;
	if (kind != ICAL_VCALENDAR_COMPONENT && kind != ICAL_XROOT_COMPONENT && kind != ICAL_VEVENT_COMPONENT) {
		if (root != NULL)
			icalcomponent_free(root);
		*error = dup_or_empty("no iCalendar data (BEGIN:VCALENDAR) found");
		return -1;
	}
	struct calendar_reader r = { .before = before, .each = each, .arg = arg };
	each_event(root, note_override, &r);
	each_event(root, read_event, &r);
	free(r.overrides.items);
	icalcomponent_free(root);
	return r.events;
}

/* The table scan_loader.c looks up. */
__attribute__((visibility("default"))) const struct scan_module rolodex_scan_module = {
	.version = SCAN_MODULE_VERSION,
	.parse_header = parse_header,
	.header_done = header_done,
	.read_calendar = read_calendar,
};
