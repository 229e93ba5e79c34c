/*
 * scan.c - `rolodex scan` (scan.h): reads every path through the readers
 * (scan_mail.c, scan_calendar.c, scan_linkedin.c), matches the people in
 * each message and event against the cards, folds them into one touch per
 * card, day and channel, and records them through scan_store.h in one
 * transaction.
 *
 * Matching happens on every run against the cards as they are then, from
 * the headers remembered in scan_seen, so a card added later finds its old
 * mail without any file being opened again.
 */
#include "rolodex/scan.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/scan_internal.h"
#include "io/scan_loader.h"
#include "rolodex/bulk.h"
#include "rolodex/date.h"
#include "rolodex/db.h"
#include "rolodex/journal.h"
#include "rolodex/scan_store.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* Largest stdin read whole (one message or an mbox stream). */
#define STDIN_MAX (1024u * 1024 * 1024)

/* ---- arena and key set (scan_internal.h) ------------------------------------ */

#define ARENA_BLOCK (1024 * 1024)

static char *arena_copy(struct arena *a, const char *s, size_t len)
{
	if (len + 1 > a->left) {
		size_t size = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
		a->blocks = xgrow(a->blocks, &a->cap, a->nblocks + 1, sizeof *a->blocks);
		a->next = a->blocks[a->nblocks++] = xmalloc(size);
		a->left = size;
	}
	char *copy = a->next;
	memcpy(copy, s, len);
	copy[len] = '\0';
	a->next += len + 1;
	a->left -= len + 1;
	return copy;
}

static void arena_done(struct arena *a)
{
	for (size_t i = 0; i < a->nblocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
	*a = (struct arena){ 0 };
}

static uint64_t key_hash(const char *key, int64_t number)
{
	uint64_t h = 14695981039346656037ull;
	for (const char *p = key; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ull;
	}
	return h ^ ((uint64_t)number * 0x9E3779B97F4A7C15ull);
}

/* The slot for (key, number): its own, or the empty one where it goes. */
static struct keyslot *keyset_slot(const struct keyset *ks, const char *key, int64_t number, uint64_t hash)
{
	size_t j = (size_t)(hash ^ (hash >> 29)) & (ks->cap - 1);
	for (;; j = (j + 1) & (ks->cap - 1)) {
		struct keyslot *s = &ks->slots[j];
		if (s->key == NULL || (s->hash == hash && s->number == number && strcmp(s->key, key) == 0))
			return s;
	}
}

/* Makes room for n entries at once (no rehashing while they go in). */
static void keyset_reserve(struct keyset *ks, size_t n)
{
	if (ks->cap != 0 || n == 0)
		return;
	size_t cap = 1024;
	while (cap < 2 * n + 2)
		cap *= 2;
	ks->slots = xcalloc(cap, sizeof *ks->slots);
	ks->cap = cap;
}

/* Adds (key, number) -> value unless present; key must outlive the set. */
static void keyset_put(struct keyset *ks, const char *key, int64_t number, int64_t value)
{
	if ((ks->count + 1) * 2 > ks->cap) {
		struct keyset bigger = { .cap = ks->cap ? ks->cap * 2 : 1024 };
		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		for (size_t i = 0; i < ks->cap; i++) {
			const struct keyslot *s = &ks->slots[i];
			if (s->key != NULL)
				*keyset_slot(&bigger, s->key, s->number, s->hash) = *s;
		}
		bigger.count = ks->count;
		free(ks->slots);
		*ks = bigger;
	}
	uint64_t hash = key_hash(key, number);
	struct keyslot *s = keyset_slot(ks, key, number, hash);
	if (s->key != NULL)
		return;
	*s = (struct keyslot){ .key = key, .number = number, .hash = hash, .value = value };
	ks->count++;
}

/* The value of (key, number), or 0. */
static int64_t keyset_get(const struct keyset *ks, const char *key, int64_t number)
{
	if (ks->cap == 0)
		return 0;
	const struct keyslot *s = keyset_slot(ks, key, number, key_hash(key, number));
	return s->key != NULL ? s->value : 0;
}

static void keyset_done(struct keyset *ks)
{
	free(ks->slots);
	*ks = (struct keyset){ 0 };
}

/* ---- the run's helpers (scan_internal.h) ---------------------------------- */

const struct scan_module *scan_run_module(struct scan_run *run, char **cause)
{
	if (run->module == NULL)
		run->module = scan_module_get(cause);
	return run->module;
}

void scan_run_problem(struct scan_run *run, const char *where, const char *fmt, ...)
{
	struct scan_report *r = run->report;
	va_list ap;
	va_start(ap, fmt);
	struct sbuf b;
	sbuf_init(&b);
	char text[512];
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	sbuf_adds(&b, text);
	size_t cap = r->nproblems;
	r->problems = xgrow(r->problems, &cap, r->nproblems + 1, sizeof *r->problems);
	r->problems[r->nproblems++] = (struct scan_problem){ .where = xstrdup(where), .what = sbuf_take(&b) };
}

static void push_item(struct scan_run *run, struct scan_item *item)
{
	run->items = xgrow(run->items, &run->items_cap, run->nitems + 1, sizeof *run->items);
	run->items[run->nitems++] = item;
}

struct scan_item *scan_run_new_item(struct scan_run *run)
{
	struct scan_item *item = xcalloc(1, sizeof *item);
	item->day = -1;
	run->owned = xgrow(run->owned, &run->owned_cap, run->nowned + 1, sizeof *run->owned);
	run->owned[run->nowned++] = item;
	push_item(run, item);
	return item;
}

void scan_run_add_seen(struct scan_run *run, struct scan_item *item)
{
	run->report->messages++;
	push_item(run, item);
}

char *scan_run_text(struct scan_run *run, const char *s)
{
	return s != NULL ? arena_copy(&run->arena, s, strlen(s)) : NULL;
}

char *scan_run_textf(struct scan_run *run, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	if ((size_t)len < sizeof small)
		return arena_copy(&run->arena, small, (size_t)len);
	char *big = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)len + 1, fmt, ap);
	va_end(ap);
	char *copy = arena_copy(&run->arena, big, (size_t)len);
	free(big);
	return copy;
}

void scan_item_add_person(struct scan_run *run, struct scan_item *item, char role, const char *name,
			  const char *address, const char *url)
{
	item->people = xrealloc(item->people, (item->npeople + 1) * sizeof *item->people);
	item->people[item->npeople++] = (struct scan_ref){
		.role = role,
		.name = scan_run_text(run, name != NULL ? name : ""),
		.address = scan_run_text(run, address != NULL ? address : ""),
		.url = scan_run_text(run, url != NULL ? url : ""),
	};
}

static void item_done(struct scan_item *item)
{
	free(item->people);
}

/* "ROLE\tADDRESS\tNAME\n" lines back into people, in place: text (in the
 * arena) is cut into the strings the people point to. */
static void parse_people(struct scan_item *item, char *text)
{
	size_t lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	item->people = xcalloc(lines + 1, sizeof *item->people);
	while (*text) {
		char *eol = strchr(text, '\n');
		if (eol != NULL)
			*eol = '\0';
		char *tab1 = strchr(text, '\t');
		char *tab2 = tab1 != NULL ? strchr(tab1 + 1, '\t') : NULL;
		if (tab1 == text + 1 && tab2 != NULL && item->npeople <= lines) {
			*tab1 = *tab2 = '\0';
			item->people[item->npeople++] = (struct scan_ref){
				/* no URL: the empty string at the name's end */
				.role = text[0], .name = tab2 + 1, .address = tab1 + 1, .url = tab2 + strlen(tab2 + 1) + 1,
			};
		}
		if (eol == NULL)
			break;
		text = eol + 1;
	}
}

/* Names may hold anything; the stored lines may not hold tabs or newlines. */
static char *format_people(const struct scan_item *item)
{
	struct sbuf b;
	sbuf_init(&b);
	for (size_t i = 0; i < item->npeople; i++) {
		const struct scan_ref *p = &item->people[i];
		sbuf_addc(&b, p->role);
		sbuf_addc(&b, '\t');
		sbuf_adds(&b, p->address);
		sbuf_addc(&b, '\t');
		for (const char *c = p->name; *c; c++)
			sbuf_addc(&b, *c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c);
		sbuf_addc(&b, '\n');
	}
	return sbuf_take(&b);
}

static bool take_seen(void *arg, const struct scan_seen *seen)
{
	struct scan_run *run = arg;
	run->seen = xgrow(run->seen, &run->seen_cap, run->nseen + 1, sizeof *run->seen);
	struct scan_item *item = &run->seen[run->nseen++];
	struct arena *a = &run->arena;
	char *key = arena_copy(a, seen->key, strlen(seen->key));
	*item = (struct scan_item){
		.key = key,
		.source = arena_copy(a, seen->source, strlen(seen->source)),
		.day = seen->day,
		.time = seen->time,
		.subject = arena_copy(a, seen->subject, strlen(seen->subject)),
		.where = key,
		.origin = TOUCH_ORIGIN_MAIL,
		.channel = CHANNEL_EMAIL,
	};
	parse_people(item, arena_copy(a, seen->people, strlen(seen->people)));
	return true;
}

enum rdx_status scan_run_load_seen(struct scan_run *run, char **cause)
{
	if (run->seen_loaded)
		return RDX_OK;
	run->seen_loaded = true;
	enum rdx_status s = scan_store_each_seen(run->db, take_seen, run, cause);
	if (s != RDX_OK)
		return s;
	keyset_reserve(&run->seen_index, run->nseen);
	for (size_t i = 0; i < run->nseen; i++)
		keyset_put(&run->seen_index, run->seen[i].key, 0, (int64_t)i + 1);
	return RDX_OK;
}

struct scan_item *scan_run_find_seen(struct scan_run *run, const char *key)
{
	if (!run->seen_loaded || run->nseen == 0)
		return NULL;
	int64_t i = keyset_get(&run->seen_index, key, 0);
	return i > 0 ? &run->seen[i - 1] : NULL;
}

void scan_digest(const void *bytes, size_t len, char out[17])
{
	const unsigned char *p = bytes;
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* True when line[0..len) looks like a header field: "Name: ...". */
static bool is_header_line(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && line[i] > ' ' && line[i] < 127 && line[i] != ':')
		i++;
	return i > 0 && i < len && line[i] == ':';
}

enum scan_kind scan_sniff(const char *head, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)head[i]))
		i++;
	const char *p = head + i;
	size_t n = len - i;
	if (n >= 15 && io_strnieq(p, "BEGIN:VCALENDAR", 15))
		return SCAN_KIND_CALENDAR;
	if (i == 0 && n >= 5 && memcmp(p, "From ", 5) == 0)
		return SCAN_KIND_MBOX;
	const char *eol = memchr(p, '\n', n);
	size_t line = eol != NULL ? (size_t)(eol - p) : n;
	/* LinkedIn's header row: CONVERSATION ID,CONVERSATION TITLE,FROM,... */
	for (size_t j = 0; j + 15 <= line; j++) {
		if (io_strnieq(p + j, "CONVERSATION ID", 15))
			return SCAN_KIND_LINKEDIN;
	}
	if (i == 0 && is_header_line(p, line))
		return SCAN_KIND_MESSAGE;
	return SCAN_KIND_UNKNOWN;
}

/* ---- inputs ------------------------------------------------------------------ */

static enum rdx_status read_stdin(struct scan_run *run, char **cause)
{
	struct sbuf b;
	sbuf_init(&b);
	char chunk[65536];
	size_t n;
	FILE *in = run->opt->in != NULL ? run->opt->in : stdin;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0 && b.len <= STDIN_MAX)
		sbuf_addn(&b, chunk, n);
	enum rdx_status s = RDX_OK;
	if (ferror(in)) {
		s = rdx_fail(cause, RDX_IO, "reading standard input: %s", strerror(errno));
	} else if (b.len > STDIN_MAX) {
		s = rdx_fail(cause, RDX_TOO_LONG, "standard input is larger than %u MiB", STDIN_MAX / 1024 / 1024);
	} else {
		enum scan_kind kind = scan_sniff(sbuf_str(&b), b.len);
		run->report->files++;
		if (kind == SCAN_KIND_CALENDAR)
			s = scan_calendar_text(run, sbuf_str(&b), "standard input", cause);
		else if (kind == SCAN_KIND_MESSAGE || kind == SCAN_KIND_MBOX)
			s = scan_mail_buffer(run, sbuf_str(&b), b.len, "standard input", cause);
		else
			s = rdx_fail(cause, RDX_USAGE, "standard input holds no mail message, mbox or calendar");
	}
	sbuf_done(&b);
	return s;
}

static enum rdx_status scan_path(struct scan_run *run, const char *path, char **cause)
{
	if (strcmp(path, "-") == 0)
		return read_stdin(run, cause);
	struct stat st;
	if (stat(path, &st) != 0)
		return rdx_fail(cause, RDX_NOT_FOUND, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		if (scan_is_maildir(path))
			return scan_mail_maildir(run, path, run->opt->recursive, cause);
		if (scan_is_vdir_calendar(path))
			return scan_calendar_vdir(run, path, cause);
		if (run->opt->recursive)
			return scan_mail_maildir(run, path, true, cause);
		return rdx_fail(cause, RDX_USAGE,
				"%s is neither a Maildir (cur/, new/) nor a calendar folder (.ics files); "
				"for a folder of Maildirs add --recursive",
				path);
	}
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		run->report->files++;
		scan_run_problem(run, path, "%s", strerror(errno));
		return RDX_OK;
	}
	char head[4096];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	switch (scan_sniff(head, n)) {
	case SCAN_KIND_MBOX:
		return scan_mail_mbox(run, path, cause);
	case SCAN_KIND_MESSAGE:
		return scan_mail_file(run, path, cause);
	case SCAN_KIND_CALENDAR:
		return scan_calendar_file(run, path, cause);
	case SCAN_KIND_LINKEDIN:
		return scan_linkedin_file(run, path, cause);
	case SCAN_KIND_UNKNOWN:
		break;
	}
	return rdx_fail(cause, RDX_USAGE,
			"%s is not mail (a message or an mbox), a calendar (iCalendar) or LinkedIn's messages.csv",
			path);
}

static enum rdx_status scan_files_from(struct scan_run *run, const char *list, char **cause)
{
	bool is_stdin = strcmp(list, "-") == 0;
	FILE *f = is_stdin ? (run->opt->in != NULL ? run->opt->in : stdin) : fopen(list, "r");
	if (f == NULL)
		return rdx_fail(cause, RDX_NOT_FOUND, "%s: %s", list, strerror(errno));
	struct line_reader lr;
	line_reader_init(&lr, f, is_stdin ? "standard input" : list);
	enum rdx_status s = RDX_OK;
	int got;
	while (s == RDX_OK && (got = line_reader_next(&lr, &s, cause)) > 0) {
		const char *path = sbuf_str(&lr.line);
		if (path[0] != '\0')
			s = scan_mail_file(run, path, cause);
	}
	line_reader_done(&lr);
	if (!is_stdin)
		fclose(f);
	return s;
}

/* ---- matching ---------------------------------------------------------------- */

struct contacts {
	struct idmap emails; /* lower-cased address -> card id */
	struct idmap urls;   /* url_key -> card id */
	struct idmap names;  /* folded name -> card id, -1 when several cards have it */
	struct idmap name_of; /* "#ID" -> index + 1 into names_list */
	char **names_list;
	size_t nnames, names_cap;
};

/* "linkedin.com/in/ada-lovelace" from any spelling of a profile URL. */
static char *url_key(const char *url)
{
	const char *p = url;
	if (io_strnieq(p, "https://", 8))
		p += 8;
	else if (io_strnieq(p, "http://", 7))
		p += 7;
	if (io_strnieq(p, "www.", 4))
		p += 4;
	size_t len = strcspn(p, "?#");
	while (len > 0 && p[len - 1] == '/')
		len--;
	return io_ascii_lower(xstrndup(p, len));
}

static bool take_contact(void *arg, int64_t card_id, const char *kind, const char *value)
{
	struct contacts *c = arg;
	if (strcmp(kind, "email") == 0) {
		char *key = io_ascii_lower(xstrdup(value));
		idmap_put(&c->emails, text_trim(key), card_id);
		free(key);
	} else if (strcmp(kind, "url") == 0) {
		char *key = url_key(value);
		if (key[0] != '\0')
			idmap_put(&c->urls, key, card_id);
		free(key);
	} else {
		char *key = text_fold(value);
		int64_t had = idmap_get(&c->names, key);
		if (had == 0) {
			idmap_put(&c->names, key, card_id);
		} else if (had != card_id) {
			/* Two cards share the name: matching by it would guess. */
			for (size_t i = 0; i < c->names.cap; i++) {
				if (c->names.slots[i].key != NULL && strcmp(c->names.slots[i].key, key) == 0)
					c->names.slots[i].id = -1;
			}
		}
		free(key);
		char id[32];
		snprintf(id, sizeof id, "#%lld", (long long)card_id);
		c->names_list = xgrow(c->names_list, &c->names_cap, c->nnames + 1, sizeof *c->names_list);
		c->names_list[c->nnames++] = xstrdup(value);
		idmap_put(&c->name_of, id, (int64_t)c->nnames);
	}
	return true;
}

static void contacts_done(struct contacts *c)
{
	idmap_done(&c->emails);
	idmap_done(&c->urls);
	idmap_done(&c->names);
	idmap_done(&c->name_of);
	for (size_t i = 0; i < c->nnames; i++)
		free(c->names_list[i]);
	free(c->names_list);
}

static const char *card_name(const struct contacts *c, int64_t card_id)
{
	char id[32];
	snprintf(id, sizeof id, "#%lld", (long long)card_id);
	int64_t i = idmap_get(&c->name_of, id);
	return i > 0 ? c->names_list[i - 1] : "";
}

/* The card a person is, or 0. */
static int64_t match_person(const struct contacts *c, const struct scan_item *item, const struct scan_ref *p)
{
	if (p->address[0] != '\0')
		return idmap_get(&c->emails, p->address);
	if (p->url[0] != '\0') {
		char *key = url_key(p->url);
		int64_t id = idmap_get(&c->urls, key);
		free(key);
		if (id != 0)
			return id;
	}
	if (item->origin == TOUCH_ORIGIN_LINKEDIN && p->name[0] != '\0') {
		char *key = text_fold(p->name);
		int64_t id = idmap_get(&c->names, key);
		free(key);
		return id > 0 ? id : 0;
	}
	return 0;
}

struct group {
	int64_t card_id;
	int day;
	enum channel channel;
	enum touch_origin origin;
	const char *first_note;
	const char **sources;
	size_t nsources, cap;
};

struct unknown_entry {
	const char *name;
	const char *address;
	size_t count;
	int last_day;
};

struct matcher {
	struct scan_run *run;
	struct contacts contacts;
	struct idmap me;
	struct keyset known;   /* (source, card) recorded already or taken this run */
	struct arena sources;  /* the recorded sources' text */
	struct idmap group_of; /* "card\x1fday\x1fchannel\x1forigin" -> index + 1 */
	struct group *groups;
	size_t ngroups, groups_cap;
	struct idmap unknown_of; /* address -> index + 1 */
	struct unknown_entry *unknown;
	size_t nunknown, unknown_cap;
};

static bool take_source(void *arg, const char *source, int64_t card_id)
{
	struct matcher *m = arg;
	keyset_put(&m->known, arena_copy(&m->sources, source, strlen(source)), card_id, 1);
	return true;
}

static bool is_me(const struct matcher *m, const struct scan_ref *p)
{
	return p->address[0] != '\0' && idmap_get(&m->me, p->address) != 0;
}

static void note_unknown(struct matcher *m, const struct scan_ref *p, int day)
{
	if (p->address[0] == '\0')
		return;
	int64_t i = idmap_get(&m->unknown_of, p->address);
	if (i == 0) {
		m->unknown = xgrow(m->unknown, &m->unknown_cap, m->nunknown + 1, sizeof *m->unknown);
		m->unknown[m->nunknown++] = (struct unknown_entry){ .name = p->name, .address = p->address,
								    .last_day = -1 };
		i = (int64_t)m->nunknown;
		idmap_put(&m->unknown_of, p->address, i);
	}
	struct unknown_entry *u = &m->unknown[i - 1];
	u->count++;
	if (day >= u->last_day) {
		u->last_day = day;
		if (p->name[0] != '\0')
			u->name = p->name;
	}
}

static void add_to_group(struct matcher *m, const struct scan_item *item, int64_t card_id)
{
	/* item->source outlives the set: items are freed after the matcher. */
	bool seen = keyset_get(&m->known, item->source, card_id) != 0;
	if (!seen)
		keyset_put(&m->known, item->source, card_id, 1);
	if (seen)
		return; /* recorded before (even if its touch was deleted), or met twice this run */
	char *key = xasprintf("%lld\x1f%d\x1f%d\x1f%d", (long long)card_id, item->day, (int)item->channel,
			      (int)item->origin);
	int64_t i = idmap_get(&m->group_of, key);
	if (i == 0) {
		m->groups = xgrow(m->groups, &m->groups_cap, m->ngroups + 1, sizeof *m->groups);
		const char *note = item->subject[0] ? item->subject
				   : item->origin == TOUCH_ORIGIN_MAIL ? "(no subject)"
								       : "";
		m->groups[m->ngroups++] = (struct group){ .card_id = card_id, .day = item->day, .channel = item->channel,
							  .origin = item->origin, .first_note = note };
		i = (int64_t)m->ngroups;
		idmap_put(&m->group_of, key, i);
	}
	free(key);
	struct group *g = &m->groups[i - 1];
	g->sources = xgrow(g->sources, &g->cap, g->nsources + 1, sizeof *g->sources);
	g->sources[g->nsources++] = item->source;
}

/* The people an item makes a touch with: for mail, the recipients of what
 * the user sent (and with `received` the senders of what they got); for
 * events and LinkedIn, everyone in it but the user. */
static void match_item(struct matcher *m, const struct scan_item *item)
{
	bool sent = false, to_me = false;
	for (size_t i = 0; i < item->npeople; i++) {
		if (!is_me(m, &item->people[i]))
			continue;
		if (item->people[i].role == SCAN_ROLE_SENDER)
			sent = true;
		else
			to_me = true;
	}
	for (size_t i = 0; i < item->npeople; i++) {
		const struct scan_ref *p = &item->people[i];
		if (is_me(m, p))
			continue;
		if (item->origin == TOUCH_ORIGIN_MAIL) {
			bool counts = (sent && p->role == SCAN_ROLE_RECIPIENT) ||
				      (!sent && to_me && m->run->opt->received && p->role == SCAN_ROLE_SENDER);
			if (!counts)
				continue;
		}
		int64_t card = match_person(&m->contacts, item, p);
		if (card != 0)
			add_to_group(m, item, card);
		else
			note_unknown(m, p, item->day);
	}
}

static int compare_unknown(const void *a, const void *b)
{
	const struct scan_unknown *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->last_day != y->last_day)
		return x->last_day > y->last_day ? -1 : 1;
	return strcmp(x->address, y->address);
}

static int compare_added(const void *a, const void *b)
{
	const struct scan_added *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	int c = strcmp(x->card_name, y->card_name);
	if (c != 0)
		return c;
	return (int)x->channel - (int)y->channel;
}

static int compare_suggestion(const void *a, const void *b)
{
	const struct scan_suggestion *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->address, y->address);
}

/* With mail read and no address of the user's known: the most frequent
 * senders, for the user to confirm. */
static void suggest_me(struct scan_run *run)
{
	struct scan_report *r = run->report;
	struct idmap index;
	idmap_init(&index);
	size_t cap = 0;
	for (size_t i = 0; i < run->nitems; i++) {
		const struct scan_item *item = run->items[i];
		if (item->origin != TOUCH_ORIGIN_MAIL)
			continue;
		for (size_t j = 0; j < item->npeople; j++) {
			const struct scan_ref *p = &item->people[j];
			if (p->role != SCAN_ROLE_SENDER || p->address[0] == '\0')
				continue;
			int64_t k = idmap_get(&index, p->address);
			if (k == 0) {
				r->suggested = xgrow(r->suggested, &cap, r->nsuggested + 1, sizeof *r->suggested);
				r->suggested[r->nsuggested++] = (struct scan_suggestion){ .address = xstrdup(p->address) };
				k = (int64_t)r->nsuggested;
				idmap_put(&index, p->address, k);
			}
			r->suggested[k - 1].count++;
		}
	}
	idmap_done(&index);
	qsort(r->suggested, r->nsuggested, sizeof *r->suggested, compare_suggestion);
}

static bool has_mail(const struct scan_run *run)
{
	for (size_t i = 0; i < run->nitems; i++) {
		if (run->items[i]->origin == TOUCH_ORIGIN_MAIL)
			return true;
	}
	return false;
}

/* ---- recording ---------------------------------------------------------------- */

static enum rdx_status remember(struct scan_run *run, char **cause)
{
	enum rdx_status s = RDX_OK;
	for (size_t i = 0; s == RDX_OK && i < run->nforget; i++)
		s = scan_store_forget_seen(run->db, run->forget[i], cause);
	for (size_t i = 0; s == RDX_OK && i < run->nowned; i++) {
		const struct scan_item *item = run->owned[i];
		if (!item->fresh || item->key == NULL)
			continue;
		char *people = format_people(item);
		struct scan_seen seen = { .key = item->key, .source = item->source, .day = item->day, .time = item->time,
					  .subject = item->subject, .people = people };
		s = scan_store_add_seen(run->db, &seen, cause);
		free(people);
	}
	for (size_t i = 0; s == RDX_OK && i < run->nmarks; i++)
		s = scan_store_mbox_set(run->db, run->marks[i].path, run->marks[i].size, run->marks[i].tail, cause);
	return s;
}

static enum rdx_status record(struct matcher *m, char **cause)
{
	struct scan_run *run = m->run;
	struct scan_report *r = run->report;
	struct idmap cards;
	idmap_init(&cards);
	enum rdx_status s = RDX_OK;
	r->added = xcalloc(m->ngroups ? m->ngroups : 1, sizeof *r->added);
	for (size_t i = 0; s == RDX_OK && i < m->ngroups; i++) {
		const struct group *g = &m->groups[i];
		struct found_touch t = { .card_id = g->card_id, .day = g->day, .channel = g->channel,
					 .origin = g->origin, .first_note = g->first_note,
					 .sources = g->sources, .nsources = g->nsources };
		bool added = false;
		s = scan_store_add_touch(run->db, &t, run->opt->now, &added, cause);
		if (s != RDX_OK)
			break;
		r->added[r->nadded++] = (struct scan_added){
			.card_id = g->card_id,
			.card_name = xstrdup(card_name(&m->contacts, g->card_id)),
			.day = g->day,
			.channel = g->channel,
			.origin = g->origin,
			.note = found_note_compose(g->first_note, g->nsources),
			.joined = !added,
		};
		if (added)
			r->touches_added++;
		else
			r->touches_joined++;
		char key[32];
		snprintf(key, sizeof key, "%lld", (long long)g->card_id);
		if (idmap_get(&cards, key) == 0) {
			idmap_put(&cards, key, 1);
			r->cards++;
		}
	}
	idmap_done(&cards);
	qsort(r->added, r->nadded, sizeof *r->added, compare_added);
	return s;
}

/* ---- the run -------------------------------------------------------------------- */

static void run_done(struct scan_run *run)
{
	for (size_t i = 0; i < run->nowned; i++) {
		item_done(run->owned[i]);
		free(run->owned[i]);
	}
	free(run->owned);
	for (size_t i = 0; i < run->nseen; i++)
		item_done(&run->seen[i]);
	free(run->seen);
	keyset_done(&run->seen_index);
	arena_done(&run->arena);
	free(run->items);
	for (size_t i = 0; i < run->nmarks; i++) {
		free(run->marks[i].path);
		free(run->marks[i].tail);
	}
	free(run->marks);
	for (size_t i = 0; i < run->nforget; i++)
		free(run->forget[i]);
	free(run->forget);
	free(run->header);
}

static void matcher_done(struct matcher *m)
{
	contacts_done(&m->contacts);
	idmap_done(&m->me);
	keyset_done(&m->known);
	arena_done(&m->sources);
	idmap_done(&m->group_of);
	idmap_done(&m->unknown_of);
	for (size_t i = 0; i < m->ngroups; i++)
		free(m->groups[i].sources);
	free(m->groups);
	free(m->unknown);
}

static void fill_unknown(struct matcher *m)
{
	struct scan_report *r = m->run->report;
	r->unknown_addresses = m->nunknown;
	if (!m->run->opt->unknown)
		return;
	r->unknown = xcalloc(m->nunknown ? m->nunknown : 1, sizeof *r->unknown);
	for (size_t i = 0; i < m->nunknown; i++) {
		r->unknown[i] = (struct scan_unknown){ .name = xstrdup(m->unknown[i].name),
						       .address = xstrdup(m->unknown[i].address),
						       .count = m->unknown[i].count,
						       .last_day = m->unknown[i].last_day };
	}
	r->nunknown = m->nunknown;
	qsort(r->unknown, r->nunknown, sizeof *r->unknown, compare_unknown);
}

/* Oldest first, whatever order the files came in (notmuch lists the
 * newest first): a day's first message names its touch. */
static int compare_items(const void *a, const void *b)
{
	const struct scan_item *x = *(struct scan_item *const *)a, *y = *(struct scan_item *const *)b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->source, y->source);
}

static enum rdx_status match_all(struct matcher *m, char **cause)
{
	struct scan_run *run = m->run;
	const struct scan_options *o = run->opt;
	enum rdx_status s = scan_store_each_contact(run->db, take_contact, &m->contacts, cause);
	if (s == RDX_OK)
		s = scan_store_each_source(run->db, take_source, m, cause);
	if (s != RDX_OK)
		return s;
	for (size_t i = 0; i < o->nme; i++) {
		char *me = io_ascii_lower(xstrdup(o->me[i]));
		idmap_put(&m->me, text_trim(me), 1);
		free(me);
	}
	qsort(run->items, run->nitems, sizeof *run->items, compare_items);
	for (size_t i = 0; i < run->nitems; i++) {
		const struct scan_item *item = run->items[i];
		if (item->day < 0) {
			if (item->origin == TOUCH_ORIGIN_MAIL)
				scan_run_problem(run, item->where, "no usable Date header: skipped");
			continue;
		}
		if (o->since >= 0 && item->day < o->since)
			continue;
		match_item(m, item);
	}
	fill_unknown(m);
	return RDX_OK;
}

enum rdx_status scan_run(struct db *db, const struct scan_options *options, struct scan_report *report,
			 char **cause)
{
	rdx_cause_clear(cause);
	*report = (struct scan_report){ 0 };
	struct scan_run run = { .db = db, .opt = options, .report = report };
	enum rdx_status s = RDX_OK;
	for (size_t i = 0; s == RDX_OK && i < options->npaths; i++)
		s = scan_path(&run, options->paths[i], cause);
	if (s == RDX_OK && options->files_from != NULL)
		s = scan_files_from(&run, options->files_from, cause);
	if (s != RDX_OK) {
		run_done(&run);
		return s;
	}
	if (options->nme == 0 && has_mail(&run)) {
		report->need_me = true;
		suggest_me(&run);
		run_done(&run);
		return RDX_OK;
	}
	struct matcher m = { .run = &run };
	idmap_init(&m.contacts.emails);
	idmap_init(&m.contacts.urls);
	idmap_init(&m.contacts.names);
	idmap_init(&m.contacts.name_of);
	idmap_init(&m.me);
	idmap_init(&m.group_of);
	idmap_init(&m.unknown_of);
	bool write = !options->unknown;
	/* One long transaction, as an import: its pages stay in memory. */
	struct card_bulk bulk;
	if (write)
		card_bulk_begin(db, &bulk);
	if (write)
		s = db_begin(db, cause);
	if (s == RDX_OK)
		s = match_all(&m, cause);
	if (s == RDX_OK && write)
		s = remember(&run, cause);
	if (s == RDX_OK && write)
		s = record(&m, cause);
	/* A whole scan is one change for undo: "12 touches found by scan". */
	if (s == RDX_OK && write) {
		char label[96];
		size_t n = report->touches_added + report->touches_joined;
		snprintf(label, sizeof label, "%zu touch%s found by scan", n, n == 1 ? "" : "es");
		journal_label(db, label, 0, 0);
	}
	if (write) {
		if (s == RDX_OK && !options->dry_run)
			s = db_commit(db, cause);
		else
			db_rollback(db);
		char *why = NULL;
		enum rdx_status restored = card_bulk_end(db, &bulk, s == RDX_OK ? cause : &why);
		if (s == RDX_OK)
			s = restored;
		free(why);
	}
	matcher_done(&m);
	run_done(&run);
	return s;
}

void scan_report_done(struct scan_report *r)
{
	for (size_t i = 0; i < r->nadded; i++) {
		free(r->added[i].card_name);
		free(r->added[i].note);
	}
	free(r->added);
	for (size_t i = 0; i < r->nproblems; i++) {
		free(r->problems[i].where);
		free(r->problems[i].what);
	}
	free(r->problems);
	for (size_t i = 0; i < r->nunknown; i++) {
		free(r->unknown[i].name);
		free(r->unknown[i].address);
	}
	free(r->unknown);
	for (size_t i = 0; i < r->nsuggested; i++)
		free(r->suggested[i].address);
	free(r->suggested);
	*r = (struct scan_report){ 0 };
}
