/*
 * import.c - imports vCard files, vdirs and CSV files into the model in one
 * transaction, matching and merging duplicates, and reporting every card.
 *
 * Matching needs emails and phones of all existing cards; rather than a
 * query per imported card, an in-memory index (email, folded name + phone)
 * is built once from the live cards on the first file that needs it and
 * kept up to date as cards come in, so duplicates inside one file merge
 * too.  UIDs are looked up in the database (card_find_uid), trash included.
 */
#include "rolodex/import.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/io_internal.h"
#include "rolodex/browse.h"
#include "rolodex/bulk.h"
#include "rolodex/card.h"
#include "rolodex/csv.h"
#include "rolodex/db.h"
#include "rolodex/journal.h"
#include "rolodex/note.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* Items kept in a report; counts go on beyond it. */
#define IMPORT_MAX_ITEMS 10000

bool import_format_parse(const char *s, enum import_format *out)
{
	if (!strcmp(s, "auto"))
		*out = IMPORT_AUTO;
	else if (!strcmp(s, "vcard") || !strcmp(s, "vcf"))
		*out = IMPORT_VCARD;
	else if (!strcmp(s, "csv"))
		*out = IMPORT_CSV;
	else
		return false;
	return true;
}

void import_report_init(struct import_report *r)
{
	memset(r, 0, sizeof *r);
}

void import_report_done(struct import_report *r)
{
	for (size_t i = 0; i < r->nitems; i++) {
		free(r->items[i].file);
		free(r->items[i].name);
		free(r->items[i].reason);
	}
	free(r->items);
	import_report_init(r);
}

static void report_add(struct import_report *r, enum import_outcome outcome, const char *file, int line,
		       int64_t id, const char *name, const char *reason)
{
	if (r->nitems >= IMPORT_MAX_ITEMS) {
		r->dropped_items++;
		return;
	}
	r->items = xgrow(r->items, &r->items_cap, r->nitems + 1, sizeof *r->items);
	r->items[r->nitems++] = (struct import_item){
		.outcome = outcome,
		.file = xstrdup(file ? file : ""),
		.line = line,
		.card_id = id,
		.name = xstrdup(name ? name : ""),
		.reason = xstrdup(reason ? reason : ""),
	};
}

/* ---- the duplicate index --------------------------------------------------------- */

struct importer {
	struct db *db;
	const struct import_options *opt;
	struct import_report *report;
	struct idmap index;
	bool indexed;
};

/*
 * The key of a LinkedIn profile URL ("u:linkedin.com/in/NAME"), the same
 * with or without scheme, "www.", a query or a trailing slash; NULL for
 * any other URL (a company's web site is shared by its people).  Caller
 * frees.
 */
static char *profile_key(const char *url)
{
	const char *s = url;
	if (io_strnieq(s, "https://", 8))
		s += 8;
	else if (io_strnieq(s, "http://", 7))
		s += 7;
	if (io_strnieq(s, "www.", 4))
		s += 4;
	if (!io_strnieq(s, "linkedin.com/in/", 16))
		return NULL;
	size_t n = strcspn(s, "?#");
	while (n > 16 && s[n - 1] == '/')
		n--;
	if (n == 16)
		return NULL;
	char *key = xasprintf("u:%.*s", (int)n, s);
	return io_ascii_lower(key);
}

/* Whether the entry names its person by UID, e-mail, profile URL or a
 * phone long enough to go with the name. */
static bool has_identity(const struct card *c)
{
	if (c->uid[0])
		return true;
	char *name = text_fold(c->name);
	bool named = name[0] != '\0';
	free(name);
	for (size_t i = 0; i < c->nfields; i++) {
		const struct card_field *f = &c->fields[i];
		char digits[CARD_PHONE_KEY_DIGITS + 1];
		if (f->kind == FIELD_EMAIL || (f->kind == FIELD_PHONE && named && card_phone_key(f->value, digits)))
			return true;
		if (f->kind == FIELD_URL) {
			char *key = profile_key(f->value);
			free(key);
			if (key)
				return true;
		}
	}
	return false;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The fingerprint of an entry that has no other identity: its folded name
 * and its fields (phones by their digits, the rest folded), in a fixed
 * order.  Organization, title and notes stay out, so a newer export of a
 * person who changed jobs still finds the card.  Caller frees.
 */
static char *entry_fingerprint(const struct card *c)
{
	char **parts = xmalloc((c->nfields + 1) * sizeof *parts);
	size_t n = 0;
	for (size_t i = 0; i < c->nfields; i++) {
		const struct card_field *f = &c->fields[i];
		if (f->kind == FIELD_PHONE) {
			struct sbuf d;
			sbuf_init(&d);
			sbuf_adds(&d, "p=");
			for (const char *s = f->value; *s; s++)
				if (isdigit((unsigned char)*s))
					sbuf_addc(&d, *s);
			parts[n++] = sbuf_take(&d);
		} else {
			char *v = text_fold(f->value);
			parts[n++] = xasprintf("%s=%s", field_kind_name(f->kind), v);
			free(v);
		}
	}
	if (n > 1) /* qsort's pointer must not be NULL, even for 0 items */
		qsort(parts, n, sizeof *parts, compare_strings);
	struct sbuf b;
	sbuf_init(&b);
	char *name = text_fold(c->name);
	sbuf_printf(&b, "f:%s", name);
	free(name);
	for (size_t i = 0; i < n; i++) {
		sbuf_printf(&b, "|%s", parts[i]);
		free(parts[i]);
	}
	free(parts);
	return sbuf_take(&b);
}

/* Puts one field of card id into the duplicate map under the key the
 * field's kind matches by (folded_name: the card's name, text_fold'ed). */
static void index_field(struct idmap *m, const char *folded_name, enum field_kind kind, const char *value, int64_t id)
{
	if (kind == FIELD_EMAIL) {
		char *key = xasprintf("e:%s", value);
		io_ascii_lower(key);
		idmap_put(m, key, id);
		free(key);
	} else if (kind == FIELD_PHONE && folded_name[0]) {
		char d[CARD_PHONE_KEY_DIGITS + 1];
		if (card_phone_key(value, d)) {
			char *key = xasprintf("p:%s|%s", folded_name, d);
			idmap_put(m, key, id);
			free(key);
		}
	} else if (kind == FIELD_URL) {
		char *key = profile_key(value);
		if (key)
			idmap_put(m, key, id);
		free(key);
	}
}

static void index_card(struct idmap *m, const struct card *c, int64_t id)
{
	char *name = text_fold(c->name);
	for (size_t i = 0; i < c->nfields; i++)
		index_field(m, name, c->fields[i].kind, c->fields[i].value, id);
	free(name);
}

/* index_build's walk: the card's folded name is kept while its fields
 * come. */
struct index_walk {
	struct idmap *map;
	int64_t card_id;
	char *folded_name;
};

static int index_identity(void *ctx, const struct card_identity_row *row)
{
	struct index_walk *w = ctx;
	if (w->folded_name == NULL || w->card_id != row->card_id) {
		free(w->folded_name);
		w->folded_name = text_fold(row->name);
		w->card_id = row->card_id;
	}
	index_field(w->map, w->folded_name, row->kind, row->value, row->card_id);
	return 0;
}

static int index_import_key(void *ctx, const char *key, int64_t id)
{
	idmap_put(ctx, key, id);
	return 0;
}

static enum rdx_status index_build(struct importer *im, char **cause)
{
	if (im->indexed)
		return RDX_OK;
	im->indexed = true;
	/* About three keys a card (e-mails, phones, a profile); only a
	 * size hint, so a failed count leaves the map to grow. */
	int64_t cards = 0;
	enum rdx_status counted = db_card_count(im->db, &cards, NULL);
	if (counted == RDX_OK && cards > 0)
		idmap_reserve(&im->index, (size_t)cards * 3);
	struct index_walk w = { .map = &im->index, .card_id = 0, .folded_name = NULL };
	enum rdx_status st = card_identity_foreach(im->db, index_identity, &w, cause);
	free(w.folded_name);
	if (st == RDX_OK)
		st = card_import_key_foreach(im->db, index_import_key, &im->index, cause);
	return st;
}

/* The existing card the entry matches, with how; 0 when none. */
static enum rdx_status find_match(struct importer *im, const struct card *c, int64_t *id, char **how, char **cause)
{
	*id = 0;
	*how = NULL;
	if (c->uid[0]) {
		enum rdx_status st = card_find_uid(im->db, c->uid, id, cause);
		if (st == RDX_OK) {
			*how = xstrdup("matched by UID");
			return RDX_OK;
		}
		if (st != RDX_NOT_FOUND)
			return st;
		rdx_cause_drop(cause);
		*id = 0;
	}
	enum rdx_status st = index_build(im, cause);
	if (st != RDX_OK)
		return st;
	for (size_t i = 0; i < c->nfields; i++) {
		if (c->fields[i].kind != FIELD_EMAIL)
			continue;
		char *key = xasprintf("e:%s", c->fields[i].value);
		io_ascii_lower(key);
		*id = idmap_get(&im->index, key);
		free(key);
		if (*id) {
			*how = xasprintf("matched by email %s", c->fields[i].value);
			return RDX_OK;
		}
	}
	for (size_t i = 0; i < c->nfields; i++) {
		if (c->fields[i].kind != FIELD_URL)
			continue;
		char *key = profile_key(c->fields[i].value);
		*id = key ? idmap_get(&im->index, key) : 0;
		free(key);
		if (*id) {
			*how = xasprintf("matched by profile %s", c->fields[i].value);
			return RDX_OK;
		}
	}
	char *name = text_fold(c->name);
	for (size_t i = 0; i < c->nfields && name[0]; i++) {
		if (c->fields[i].kind != FIELD_PHONE)
			continue;
		char d[CARD_PHONE_KEY_DIGITS + 1];
		if (card_phone_key(c->fields[i].value, d)) {
			char *key = xasprintf("p:%s|%s", name, d);
			*id = idmap_get(&im->index, key);
			free(key);
		}
		if (*id) {
			*how = xasprintf("matched by name and phone %s", c->fields[i].value);
			break;
		}
	}
	free(name);
	if (!*id && !has_identity(c)) {
		char *fp = entry_fingerprint(c);
		*id = idmap_get(&im->index, fp);
		free(fp);
		if (*id)
			*how = xstrdup("matched by an earlier import of the same entry");
	}
	return RDX_OK;
}

/* An entry without another identity: its card remembers the fingerprint
 * (fp, NULL for other entries), so the same entry imported again finds it. */
static enum rdx_status remember_entry(struct importer *im, const char *fp, int64_t id, char **cause)
{
	if (!fp)
		return RDX_OK;
	enum rdx_status st = card_import_key_add(im->db, id, fp, cause);
	if (st == RDX_OK && im->indexed)
		idmap_put(&im->index, fp, id);
	return st;
}

/* ---- inserting and merging ---------------------------------------------------------- */

static const char *when(const char *at, const char *now)
{
	return at && at[0] ? at : now;
}

enum rdx_status import_insert_entry(struct db *db, struct vcard_entry *e, const char *now, int64_t *id, char **cause)
{
	enum rdx_status st = card_insert(db, &e->card, now, cause);
	if (st != RDX_OK)
		return st;
	*id = e->card.id;
	st = note_add_many(db, *id, e->notes, e->nnotes, now, cause);
	if (st == RDX_OK)
		st = touch_add_many(db, *id, e->touches, e->ntouches, now, cause);
	return st;
}

/* Fills an empty text slot; a different non-empty one is kept and noted. */
static void fill(char **slot, const char *value, const char *what, bool *changed, struct sbuf *conflicts)
{
	if (!value[0] || !strcmp(*slot, value))
		return;
	if (!(*slot)[0]) {
		card_set(slot, value);
		*changed = true;
		return;
	}
	sbuf_printf(conflicts, "%skept %s \"%s\", the file has \"%s\"", conflicts->len ? "; " : "", what, *slot, value);
}

/* Takes the file's value of a slot that a newer export updates (a new job
 * and title), and says what changed. */
static void update(char **slot, const char *value, const char *what, bool *changed, struct sbuf *notes)
{
	if (!value[0] || !strcmp(*slot, value))
		return;
	if ((*slot)[0])
		sbuf_printf(notes, "%s%s \"%s\" is now \"%s\"", notes->len ? "; " : "", what, *slot, value);
	card_set(slot, value);
	*changed = true;
}

enum rdx_status import_merge_entry(struct db *db, int64_t into_id, const struct vcard_entry *from, bool newer,
				   const char *now, bool *changed, char **conflicts, char **kept_name, char **cause)
{
	*changed = false;
	*conflicts = NULL;
	if (kept_name)
		*kept_name = NULL;
	struct card c;
	enum rdx_status st = card_load(db, into_id, &c, cause);
	if (st != RDX_OK)
		return st;
	const struct card *in = &from->card;
	struct sbuf diff;
	sbuf_init(&diff);
	bool ch = false;
	fill(&c.name, in->name, "name", &ch, &diff);
	if (!c.given[0] && !c.family[0] && (in->given[0] || in->family[0])) {
		card_set(&c.given, in->given);
		card_set(&c.family, in->family);
		ch = true;
	}
	fill(&c.nickname, in->nickname, "nickname", &ch, &diff);
	if (newer) {
		update(&c.org, in->org, "organization", &ch, &diff);
		update(&c.title, in->title, "title", &ch, &diff);
	} else {
		fill(&c.org, in->org, "organization", &ch, &diff);
		fill(&c.title, in->title, "title", &ch, &diff);
	}
	fill(&c.how_met, in->how_met, "how we met", &ch, &diff);
	if (in->birthday.month) {
		if (!c.birthday.month) {
			c.birthday = in->birthday;
			ch = true;
		} else if (!c.birthday.year && in->birthday.year && c.birthday.month == in->birthday.month &&
			   c.birthday.day == in->birthday.day) {
			c.birthday.year = in->birthday.year; /* the file knows the year */
			ch = true;
		} else if (c.birthday.month != in->birthday.month || c.birthday.day != in->birthday.day ||
			   (in->birthday.year && c.birthday.year != in->birthday.year)) {
			char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
			birthday_format(&c.birthday, a);
			birthday_format(&in->birthday, b);
			sbuf_printf(&diff, "%skept birthday %s, the file has %s", diff.len ? "; " : "", a, b);
		}
	}
	if (!c.cadence_set && in->cadence_set) {
		c.cadence_set = true;
		c.cadence = in->cadence;
		ch = true;
	}
	if (!c.snooze_until[0] && in->snooze_until[0]) {
		memcpy(c.snooze_until, in->snooze_until, sizeof c.snooze_until);
		ch = true;
	}
	for (size_t i = 0; i < in->nfields; i++) {
		bool have = false;
		for (size_t k = 0; k < c.nfields && !have; k++)
			have = c.fields[k].kind == in->fields[i].kind &&
			       card_field_same(in->fields[i].kind, c.fields[k].value, in->fields[i].value);
		if (!have && c.nfields < CARD_MAX_FIELDS) {
			card_add_field(&c, in->fields[i].kind, in->fields[i].value, in->fields[i].label);
			ch = true;
		}
	}
	for (size_t i = 0; i < in->ntags; i++) {
		size_t before = c.ntags;
		if (c.ntags < CARD_MAX_TAGS)
			card_add_tag(&c, in->tags[i]);
		ch |= c.ntags != before;
	}
	for (size_t i = 0; i < in->nextras; i++) {
		bool have = false;
		for (size_t k = 0; k < c.nextras && !have; k++)
			have = !strcmp(c.extras[k], in->extras[i]);
		if (!have && c.nextras < CARD_MAX_FIELDS) {
			card_add_extra(&c, in->extras[i]);
			ch = true;
		}
	}
	if (ch)
		st = card_update(db, &c, -1, now, cause);
	if (st == RDX_OK && kept_name)
		*kept_name = xstrdup(c.name);
	card_done(&c);
	/* Notes and touches: added when the card does not have them yet. */
	if (st == RDX_OK && (from->nnotes || from->ntouches)) {
		struct note *notes = NULL;
		size_t nnotes = 0;
		struct touch *touches = NULL;
		size_t ntouches = 0;
		st = note_list(db, into_id, 0, &notes, &nnotes, cause);
		if (st == RDX_OK)
			st = touch_list(db, into_id, 0, &touches, &ntouches, cause);
		for (size_t i = 0; st == RDX_OK && i < from->nnotes; i++) {
			bool have = false;
			for (size_t k = 0; k < nnotes && !have; k++) {
				char *a = xstrdup(notes[k].text), *b = xstrdup(from->notes[i].text);
				have = !strcmp(text_trim(a), text_trim(b));
				free(a);
				free(b);
			}
			if (!have) {
				st = note_add(db, into_id, from->notes[i].text, when(from->notes[i].at, now), NULL, cause);
				ch = true;
			}
		}
		for (size_t i = 0; st == RDX_OK && i < from->ntouches; i++) {
			const struct touch *t = &from->touches[i];
			bool have = false;
			for (size_t k = 0; k < ntouches && !have; k++)
				have = touches[k].date == t->date && touches[k].channel == t->channel &&
				       !strcmp(touches[k].note, t->note);
			if (!have) {
				st = touch_add(db, into_id, t->date, t->channel, t->note, when(t->at, now), NULL, cause);
				ch = true;
			}
		}
		note_list_free(notes, nnotes);
		touch_list_free(touches, ntouches);
	}
	*changed = ch;
	if (diff.len)
		*conflicts = sbuf_take(&diff);
	sbuf_done(&diff);
	return st;
}

/* ---- one entry ------------------------------------------------------------------------ */

/* Takes one good entry in.  A failure is returned (the card is bad). */
static enum rdx_status import_entry(struct importer *im, const char *file, struct vcard_entry *e, char **cause)
{
	struct import_report *r = im->report;
	if (im->opt->tag && im->opt->tag[0])
		card_add_tag(&e->card, im->opt->tag);
	for (size_t i = 0; i < e->nwarnings; i++)
		report_add(r, IMPORT_WARNING, file, e->line, 0, e->card.name, e->warnings[i]);
	int64_t id;
	char *how = NULL;
	/* Taken before the card is written: a new card gets a UID. */
	char *fp = has_identity(&e->card) ? NULL : entry_fingerprint(&e->card);
	enum rdx_status st = find_match(im, &e->card, &id, &how, cause);
	if (st != RDX_OK) {
		free(fp);
		return st;
	}
	const char *now = im->opt->now;
	if (id) {
		bool changed;
		char *conflicts = NULL;
		char *kept_name = NULL;
		/* The report names the card that was kept (what the user will
		 * find in the rolodex; a different name in the file is among
		 * the conflicts). */
		st = import_merge_entry(im->db, id, e, true, now, &changed, &conflicts, &kept_name, cause);
		if (st == RDX_OK) {
			/* Past the report's last kept line only counted. */
			char *reason = conflicts && r->nitems < IMPORT_MAX_ITEMS ? xasprintf("%s; %s", how, conflicts)
										  : xstrdup(how);
			report_add(r, changed ? IMPORT_MERGED : IMPORT_UNCHANGED, file, e->line, id, kept_name, reason);
			free(reason);
		}
		free(kept_name);
		if (st == RDX_OK) {
			if (changed)
				r->merged++;
			else
				r->unchanged++;
			if (im->indexed)
				index_card(&im->index, &e->card, id);
			st = remember_entry(im, fp, id, cause);
		}
		free(conflicts);
		free(how);
		free(fp);
		return st;
	}
	free(how);
	/* card_insert validates before it writes anything, so a bad card
	 * does not poison the transaction; validating here as well would do
	 * the same work twice. */
	st = import_insert_entry(im->db, e, now, &id, cause);
	if (st == RDX_OK) {
		r->imported++;
		report_add(r, IMPORT_ADDED, file, e->line, id, e->card.name, "");
		if (im->indexed)
			index_card(&im->index, &e->card, id);
		st = remember_entry(im, fp, id, cause);
	}
	free(fp);
	return st;
}

/* Whether a failure is the card's fault (its data), which --skip-bad may
 * skip, rather than reading or writing failing (a full disk, an I/O
 * error, the database), which ends the import whatever it says. */
static bool card_at_fault(enum rdx_status st)
{
	return st == RDX_INVALID || st == RDX_TOO_LONG;
}

/* A bad card: skipped with skip_bad, else the end of the import. */
static enum rdx_status bad_card(struct importer *im, const char *file, int line, const char *name,
				enum rdx_status st, char **cause)
{
	im->report->skipped++;
	report_add(im->report, IMPORT_SKIPPED, file, line, 0, name, *cause ? *cause : rdx_status_message(st));
	if (im->opt->skip_bad) {
		rdx_cause_drop(cause);
		return RDX_OK;
	}
	return st;
}

/* Prefixes "FILE:LINE: " onto a model error about a card. */
static void locate(char **cause, const char *file, int line)
{
	if (!*cause)
		return;
	if (!strncmp(*cause, file, strlen(file)))
		return;
	char *c = xasprintf("%s:%d: %s", file, line, *cause);
	free(*cause);
	*cause = c;
}

static void progress(struct importer *im, uint64_t done, uint64_t total)
{
	if (im->opt->progress && im->report->read % 500 == 0)
		im->opt->progress(im->opt->progress_ctx, done, total, im->report->read);
}

static enum rdx_status import_vcards(struct importer *im, FILE *fp, const char *name, uint64_t size, char **cause)
{
	struct vcard_reader *rd = vcard_reader_new(fp, name);
	enum rdx_status st = RDX_OK;
	size_t cards = 0;
	for (;;) {
		struct vcard_entry e;
		bool done;
		st = vcard_reader_next(rd, &e, &done, cause);
		if (st == RDX_OK && done) {
			for (size_t i = 0; i < e.nwarnings; i++)
				report_add(im->report, IMPORT_WARNING, name, 0, 0, "", e.warnings[i]);
			vcard_entry_done(&e);
			break;
		}
		im->report->read++;
		cards++;
		if (st == RDX_OK) {
			st = import_entry(im, name, &e, cause);
			if (st != RDX_OK) {
				locate(cause, name, e.line);
				if (!card_at_fault(st)) {
					vcard_entry_done(&e);
					break;
				}
				st = bad_card(im, name, e.line, e.card.name, st, cause);
			}
		} else if (st == RDX_INVALID) {
			st = bad_card(im, name, e.line, "", st, cause);
		} else {
			/* Reading failed: the import ends here. */
			im->report->read--;
			vcard_entry_done(&e);
			break;
		}
		vcard_entry_done(&e);
		if (st != RDX_OK)
			break;
		progress(im, vcard_reader_bytes(rd), size);
	}
	if (st == RDX_OK && cards == 0)
		st = bad_card(im, name, 0, "", RDX_INVALID,
			      (rdx_fail(cause, RDX_INVALID, "%s: no vCard in the file", name), cause));
	vcard_reader_free(rd);
	return st;
}

static enum rdx_status import_csv(struct importer *im, FILE *fp, const char *name, uint64_t size, char **cause)
{
	struct csv_contacts *c;
	enum rdx_status st = csv_contacts_open(fp, name, &c, cause);
	if (st != RDX_OK)
		return card_at_fault(st) ? bad_card(im, name, 0, "", st, cause) : st;
	bool warned = false;
	for (;;) {
		struct vcard_entry e;
		bool done;
		st = csv_contacts_next(c, &e, &done, cause);
		if (st == RDX_OK && done) {
			vcard_entry_done(&e);
			break;
		}
		if (!warned && csv_contacts_legacy_charset(c)) {
			warned = true;
			report_add(im->report, IMPORT_WARNING, name, e.line, 0, "", "not UTF-8: read as Windows-1252");
		}
		if (st == RDX_INVALID && e.line > 0 && *cause && strstr(*cause, "row has no name")) {
			/* Empty rows (LinkedIn's date-only lines) are not errors. */
			report_add(im->report, IMPORT_WARNING, name, e.line, 0, "", "empty row ignored");
			rdx_cause_drop(cause);
			vcard_entry_done(&e);
			continue;
		}
		im->report->read++;
		if (st == RDX_OK) {
			st = import_entry(im, name, &e, cause);
			if (st != RDX_OK) {
				locate(cause, name, e.line);
				if (!card_at_fault(st)) {
					vcard_entry_done(&e);
					break;
				}
				st = bad_card(im, name, e.line, e.card.name, st, cause);
			}
		} else {
			im->report->read--;
			/* Bad text: CSV cannot resynchronise, the rest of the file
			 * is skipped.  A read error ends the import. */
			if (card_at_fault(st))
				st = bad_card(im, name, e.line, "", st, cause);
			vcard_entry_done(&e);
			break;
		}
		vcard_entry_done(&e);
		if (st != RDX_OK)
			break;
		progress(im, csv_contacts_bytes(c), size);
	}
	csv_contacts_close(c);
	return st;
}

/* Decides the encoding and the format from the first bytes, then rewinds
 * (fp must be seekable: stdin is copied to a temporary file first).  A
 * UTF-16 file is read through a UTF-8 copy. */
static enum rdx_status import_file_stream(struct importer *im, FILE *fp, const char *name, uint64_t size,
					 char **cause)
{
	im->report->files++;
	enum import_format format = im->opt->format;
	char head[4096];
	size_t n = fread(head, 1, sizeof head, fp);
	if (ferror(fp))
		return rdx_fail(cause, RDX_IO, "%s: cannot read: %s", name, strerror(errno));
	if (n == 0)
		return bad_card(im, name, 0, "", RDX_INVALID, (rdx_fail(cause, RDX_INVALID, "%s: empty file", name), cause));
	size_t bom;
	enum io_encoding enc = io_detect_encoding((const unsigned char *)head, n, &bom);
	FILE *utf8 = NULL;
	if (enc != IO_ENC_8BIT) {
		enum rdx_status st = RDX_OK;
		if (fseek(fp, (long)bom, SEEK_SET) != 0)
			return rdx_fail(cause, RDX_IO, "%s: cannot rewind: %s", name, strerror(errno));
		utf8 = io_utf16_to_utf8(fp, enc, name, &st, cause);
		if (!utf8)
			return st;
		fp = utf8;
		n = fread(head, 1, sizeof head, fp);
		if (ferror(fp)) {
			fclose(utf8);
			return rdx_fail(cause, RDX_IO, "%s: cannot read: %s", name, strerror(errno));
		}
	}
	enum rdx_status st = RDX_OK;
	if (format == IMPORT_AUTO) {
		if (memchr(head, '\0', n))
			st = bad_card(im, name, 1, "", RDX_INVALID,
				      (rdx_fail(cause, RDX_INVALID, "%s: binary data, not a vCard or CSV file", name), cause));
		else if (vcard_sniff(head, n))
			format = IMPORT_VCARD;
		else if (csv_sniff(head, n))
			format = IMPORT_CSV;
		else
			st = bad_card(im, name, 1, "", RDX_INVALID,
				      (rdx_fail(cause, RDX_INVALID,
						"%s:1: not a vCard (no BEGIN:VCARD) or a CSV file with a header", name),
				       cause));
	}
	if (st == RDX_OK && format != IMPORT_AUTO) {
		if (fseek(fp, 0, SEEK_SET) != 0)
			st = rdx_fail(cause, RDX_IO, "%s: cannot rewind: %s", name, strerror(errno));
		else if (format == IMPORT_VCARD)
			st = import_vcards(im, fp, name, size, cause);
		else
			st = import_csv(im, fp, name, size, cause);
	}
	if (utf8)
		fclose(utf8);
	return st;
}

static enum rdx_status import_one_path(struct importer *im, const char *path, char **cause);

/* A vdir: every *.vcf in the folder, in name order. */
static enum rdx_status import_dir(struct importer *im, const char *path, char **cause)
{
	DIR *d = opendir(path);
	if (!d)
		return bad_card(im, path, 0, "", RDX_IO,
				(rdx_fail(cause, RDX_IO, "%s: cannot open the folder: %s", path, strerror(errno)), cause));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		/* A vdir holds .vcf files; a folder of CSV exports is taken too. */
		if (de->d_name[0] == '.' || len < 5 ||
		    (!io_strieq(de->d_name + len - 4, ".vcf") && !io_strieq(de->d_name + len - 4, ".csv")))
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		size_t plen = strlen(path);
		while (plen > 1 && path[plen - 1] == '/')
			plen--;
		names[n++] = xasprintf("%.*s/%s", (int)plen, path, de->d_name);
	}
	closedir(d);
	if (n > 1) /* qsort's pointer must not be NULL, even for 0 items */
		qsort(names, n, sizeof *names, compare_strings);
	enum rdx_status st = RDX_OK;
	if (n == 0)
		st = bad_card(im, path, 0, "", RDX_INVALID,
			      (rdx_fail(cause, RDX_INVALID, "%s: no .vcf or .csv files in the folder", path), cause));
	for (size_t i = 0; i < n; i++) {
		if (st == RDX_OK)
			st = import_one_path(im, names[i], cause);
		free(names[i]);
	}
	free(names);
	return st;
}

static enum rdx_status import_one_path(struct importer *im, const char *path, char **cause)
{
	if (!strcmp(path, "-")) {
		/* Stdin cannot be rewound after sniffing: copy it aside. */
		FILE *tmp = tmpfile();
		if (!tmp)
			return rdx_fail(cause, RDX_IO, "cannot create a temporary file: %s", strerror(errno));
		char buf[65536];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
			if (fwrite(buf, 1, n, tmp) != n)
				break;
		enum rdx_status st;
		if (ferror(stdin) || ferror(tmp)) {
			st = rdx_fail(cause, RDX_IO, "cannot read standard input");
		} else {
			rewind(tmp);
			st = import_file_stream(im, tmp, "(stdin)", 0, cause);
		}
		fclose(tmp);
		return st;
	}
	struct stat sb;
	if (stat(path, &sb) != 0)
		return bad_card(im, path, 0, "", RDX_IO, (rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno)), cause));
	if (S_ISDIR(sb.st_mode))
		return import_dir(im, path, cause);
	if (!S_ISREG(sb.st_mode))
		return bad_card(im, path, 0, "", RDX_INVALID,
				(rdx_fail(cause, RDX_INVALID, "%s: not a regular file (a FIFO, device or socket)", path),
				 cause));
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return bad_card(im, path, 0, "", RDX_IO, (rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno)), cause));
	enum rdx_status st = import_file_stream(im, fp, path, (uint64_t)sb.st_size, cause);
	fclose(fp);
	return st;
}

/* ---- entry points ------------------------------------------------------------------- */

/* "import of 12 cards from contacts.vcf" (new and changed cards). */
static char *import_label(const struct import_report *r, const char *from)
{
	size_t cards = r->imported + r->merged;
	const char *base = from != NULL ? strrchr(from, '/') : NULL;
	base = base != NULL && base[1] != '\0' ? base + 1 : from;
	if (base != NULL && strcmp(base, "-") != 0)
		return xasprintf("import of %zu card%s from %s", cards, cards == 1 ? "" : "s", base);
	return xasprintf("import of %zu card%s", cards, cards == 1 ? "" : "s");
}

static enum rdx_status run(struct db *db, const char *const *paths, size_t npaths, FILE *fp, const char *name,
			   const struct import_options *opt, struct import_report *report, char **cause)
{
	rdx_cause_clear(cause);
	report->dry_run = opt->dry_run;
	struct importer im = {.db = db, .opt = opt, .report = report};
	idmap_init(&im.index);
	/* An empty rolodex needs no index: everything in it comes from here. */
	int64_t count = 0;
	if (db_card_count(db, &count, NULL) == RDX_OK && count == 0)
		im.indexed = true;
	struct card_bulk bulk;
	card_bulk_begin(db, &bulk);
	enum rdx_status st = db_begin(db, cause);
	if (st != RDX_OK) {
		card_bulk_end(db, &bulk, NULL);
		idmap_done(&im.index);
		return st;
	}
	if (fp) {
		st = import_file_stream(&im, fp, name, 0, cause);
	} else {
		for (size_t i = 0; st == RDX_OK && i < npaths; i++)
			st = import_one_path(&im, paths[i], cause);
	}
	idmap_done(&im.index);
	if (st != RDX_OK || opt->dry_run) {
		db_rollback(db);
	} else {
		/* The whole import is one change for undo. */
		char *label = import_label(report, fp != NULL ? name : npaths == 1 ? paths[0] : NULL);
		journal_label(db, label, 0, 0);
		free(label);
		st = db_commit(db, cause);
	}
	/* A connection left without its CHECKs is reported, after the import's
	 * own failure if there was one. */
	enum rdx_status ended = card_bulk_end(db, &bulk, st == RDX_OK ? cause : NULL);
	return st != RDX_OK ? st : ended;
}

enum rdx_status import_paths(struct db *db, const char *const *paths, size_t npaths,
			     const struct import_options *opt, struct import_report *report, char **cause)
{
	return run(db, paths, npaths, NULL, NULL, opt, report, cause);
}

enum rdx_status import_stream(struct db *db, FILE *fp, const char *name, const struct import_options *opt,
			      struct import_report *report, char **cause)
{
	return run(db, NULL, 0, fp, name, opt, report, cause);
}
