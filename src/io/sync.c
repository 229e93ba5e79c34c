/*
 * sync.c - two-way sync with a vdir; the rules are in sync.h.
 *
 * Three views of each UID are compared: the state saved after the last sync
 * (S), the live cards (L, with a signature of their vCard) and the files (F, with their
 * etag).  Files are small (one card each), so each is read whole (at most
 * SYNC_FILE_MAX) to hash and parse it.  Database changes and the new state
 * are one transaction; each file is replaced atomically.
 */
#include "rolodex/sync.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/io_internal.h"
#include "rolodex/browse.h"
#include "rolodex/card.h"
#include "rolodex/db.h"
#include "rolodex/export.h"
#include "rolodex/import.h"
#include "rolodex/journal.h"
#include "rolodex/note.h"
#include "rolodex/vcard.h"
#include "rolodex/xalloc.h"

#define SYNC_FILE_MAX (16u * 1024 * 1024)

void sync_report_init(struct sync_report *r)
{
	memset(r, 0, sizeof *r);
}

void sync_report_done(struct sync_report *r)
{
	for (size_t i = 0; i < r->nmessages; i++)
		free(r->messages[i]);
	free(r->messages);
	sync_report_init(r);
}

static void say(struct sync_report *r, char *msg)
{
	r->messages = xrealloc(r->messages, (r->nmessages + 1) * sizeof *r->messages);
	r->messages[r->nmessages++] = msg;
}

/* One UID seen anywhere. */
struct item {
	char *uid;
	/* state */
	bool in_state;
	char *s_file, *s_etag, *s_sig;
	/* local: a signature of the card as we would write it (notes and
	 * touches included, REV left out), since adding a note does not
	 * change the card's revision */
	int64_t id;
	char *sig;
	/* remote */
	char *file;
	char *etag;
	char *r_sig;    /* signature of the file's text, REV left out */
	char *n_sig;    /* signature of the file's card as we would write it:
			 * the same for a server's rewrite of our file
			 * (Radicale reorders properties and refolds lines) */
	struct vcard_entry entry;
	bool in_remote;
};

struct items {
	struct item *v;
	size_t n, cap;
	struct idmap by_uid; /* uid -> index + 1 */
};

static struct item *item_get(struct items *it, const char *uid)
{
	int64_t k = idmap_get(&it->by_uid, uid);
	if (k)
		return &it->v[k - 1];
	it->v = xgrow(it->v, &it->cap, it->n + 1, sizeof *it->v);
	struct item *x = &it->v[it->n++];
	memset(x, 0, sizeof *x);
	x->uid = xstrdup(uid);
	vcard_entry_init(&x->entry);
	idmap_put(&it->by_uid, uid, (int64_t)it->n);
	return x;
}

static char *etag_of(const char *buf, size_t len);

/* The card as written, without its REV line, hashed. */
static char *sig_of(const char *buf, size_t len)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	const char *end = buf + len;
	for (const char *line = buf; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *next = nl ? nl + 1 : end;
		if (strncmp(line, "REV:", 4) != 0)
			sbuf_addn(&b, line, (size_t)(next - line));
		line = next;
	}
	char *sig = etag_of(b.s, b.len);
	sbuf_done(&b);
	return sig;
}

/* Signature of a card read from a file, written out again by us; NULL
 * when it cannot be written. */
static char *entry_sig(const struct vcard_entry *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		fatal("out of memory");
	enum rdx_status st = vcard_write(mem, &e->card, e->notes, e->nnotes, e->touches, e->ntouches, VCARD_40, NULL);
	fclose(mem);
	char *sig = st == RDX_OK ? sig_of(buf, len) : NULL;
	free(buf);
	return sig;
}

static enum rdx_status render(struct db *db, int64_t id, char **buf, size_t *len, char **cause)
{
	*buf = NULL;
	*len = 0;
	FILE *mem = open_memstream(buf, len);
	if (!mem)
		fatal("out of memory");
	enum rdx_status st = export_card_vcard(db, id, mem, VCARD_40, cause);
	fclose(mem);
	return st;
}

static char *etag_of(const char *buf, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)buf[i];
		h *= 1099511628211ull;
	}
	return xasprintf("%zu-%016llx", len, (unsigned long long)h);
}

static char *read_small(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addn(&b, "", 0);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b.len <= SYNC_FILE_MAX)
		sbuf_addn(&b, chunk, n);
	bool bad = ferror(fp) || b.len > SYNC_FILE_MAX;
	fclose(fp);
	if (bad) {
		sbuf_done(&b);
		return NULL;
	}
	*len = b.len;
	return sbuf_take(&b);
}

static int id_cb(void *ctx, const struct card_row *row)
{
	struct { int64_t *ids; size_t n, cap; } *l = ctx;
	l->ids = xgrow(l->ids, &l->cap, l->n + 1, sizeof *l->ids);
	l->ids[l->n++] = row->id;
	return 0;
}

/* Writes card id into dir/file; sets *etag and *sig to what was written. */
static enum rdx_status push(struct db *db, int64_t id, const char *dir, const char *file, char **etag, char **sig,
			    char **cause)
{
	char *buf;
	size_t len;
	enum rdx_status st = render(db, id, &buf, &len, cause);
	if (st == RDX_OK) {
		char *path = xasprintf("%s/%s", dir, file);
		st = export_write_atomic(path, buf, len, true, false, cause);
		free(path);
	}
	if (st == RDX_OK) {
		free(*etag);
		*etag = etag_of(buf, len);
		free(*sig);
		*sig = sig_of(buf, len);
	}
	free(buf);
	return st;
}

/* After a pull: the file already says what the card says (but for REV)
 * unless the pull changed something; rewrite it only then. */
static enum rdx_status settle(struct db *db, struct item *x, const char *dir, const char *file, char **cause)
{
	char *buf;
	size_t len;
	enum rdx_status st = render(db, x->id, &buf, &len, cause);
	if (st != RDX_OK)
		return st;
	char *sig = sig_of(buf, len);
	free(buf);
	if ((x->r_sig && !strcmp(sig, x->r_sig)) || (x->n_sig && !strcmp(sig, x->n_sig))) {
		free(x->sig);
		x->sig = sig;
		return RDX_OK;
	}
	free(sig);
	return push(db, x->id, dir, file, &x->etag, &x->sig, cause);
}

/* The remote version replaces the local card's fields; notes and touches
 * from the file are added when new. */
static enum rdx_status pull_over(struct db *db, struct item *x, const char *now, char **cause)
{
	struct card local;
	enum rdx_status st = card_load(db, x->id, &local, cause);
	if (st != RDX_OK)
		return st;
	struct card *in = &x->entry.card;
	int64_t id = local.id;
	char created[TIMESTAMP_TEXT_SIZE];
	memcpy(created, local.created_at, sizeof created);
	card_done(&local);
	in->id = id;
	card_set(&in->uid, x->uid);
	memcpy(in->created_at, created, sizeof created);
	st = card_update(db, in, -1, now, cause);
	if (st == RDX_OK) {
		bool changed;
		char *conflicts = NULL;
		st = import_merge_entry(db, id, &x->entry, false, now, &changed, &conflicts, NULL, cause);
		free(conflicts);
	}
	return st;
}

static enum rdx_status state_load(struct db *db, const char *key, struct items *it, char **cause)
{
	char *value = NULL;
	enum rdx_status st = db_meta_get(db, key, &value, cause);
	if (st == RDX_NOT_FOUND) {
		rdx_cause_drop(cause);
		return RDX_OK;
	}
	if (st != RDX_OK)
		return st;
	for (char *line = strtok(value, "\n"); line; line = strtok(NULL, "\n")) {
		char *f[4];
		int n = 0;
		for (char *p = line; n < 4; n++) {
			f[n] = p;
			char *tab = strchr(p, '\t');
			if (!tab) {
				n++;
				break;
			}
			*tab = '\0';
			p = tab + 1;
		}
		if (n < 4)
			continue;
		struct item *x = item_get(it, f[0]);
		x->in_state = true;
		x->s_file = xstrdup(f[1]);
		x->s_etag = xstrdup(f[2]);
		x->s_sig = xstrdup(f[3]);
	}
	free(value);
	return RDX_OK;
}

enum rdx_status sync_vdir(struct db *db, const char *dir, const char *now, struct sync_report *report, char **cause)
{
	rdx_cause_clear(cause);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return rdx_fail(cause, RDX_IO, "%s: cannot create the folder: %s", dir, strerror(errno));
	char real[PATH_MAX];
	if (!realpath(dir, real))
		return rdx_fail(cause, RDX_IO, "%s: %s", dir, strerror(errno));
	struct stat sb;
	if (stat(real, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return rdx_fail(cause, RDX_INVALID, "%s is not a folder", dir);
	char *key = xasprintf("sync:%s", real);
	struct items it = {0};
	idmap_init(&it.by_uid);
	enum rdx_status st = db_begin(db, cause);
	if (st != RDX_OK) {
		free(key);
		idmap_done(&it.by_uid);
		return st;
	}
	/* What a sync brings is the other store's: undo does not take it
	 * back (the next sync would bring it again), and refuses to overwrite
	 * it. */
	journal_skip(db);
	st = state_load(db, key, &it, cause);

	/* Remote: every .vcf file. */
	DIR *d = st == RDX_OK ? opendir(real) : NULL;
	if (st == RDX_OK && !d)
		st = rdx_fail(cause, RDX_IO, "%s: %s", dir, strerror(errno));
	struct dirent *de;
	while (st == RDX_OK && (de = readdir(d))) {
		size_t nl = strlen(de->d_name);
		if (de->d_name[0] == '.' || nl < 5 || !io_strieq(de->d_name + nl - 4, ".vcf"))
			continue;
		char *path = xasprintf("%s/%s", real, de->d_name);
		size_t len;
		char *buf = read_small(path, &len);
		free(path);
		if (!buf) {
			say(report, xasprintf("%s: cannot read; left alone", de->d_name));
			continue;
		}
		FILE *mem = fmemopen(buf, len ? len : 1, "rb");
		struct vcard_reader *rd = vcard_reader_new(mem, de->d_name);
		struct vcard_entry e;
		bool done;
		char *why = NULL;
		enum rdx_status rs = len ? vcard_reader_next(rd, &e, &done, &why) : RDX_INVALID;
		if (!len)
			vcard_entry_init(&e);
		if (rs != RDX_OK || done) {
			say(report, xasprintf("%s: %s; left alone", de->d_name, why ? why : "no card in it"));
		} else {
			if (!e.card.uid[0]) {
				/* A card made elsewhere without UID: give it one, the
				 * file is rewritten with it below. */
				char *uid = card_new_uid();
				card_set(&e.card.uid, uid);
				free(uid);
			}
			struct item *x = item_get(&it, e.card.uid);
			if (x->in_remote) {
				say(report, xasprintf("%s: same UID as %s; left alone", de->d_name, x->file));
				vcard_entry_done(&e);
			} else {
				x->in_remote = true;
				x->file = xstrdup(de->d_name);
				x->etag = etag_of(buf, len);
				x->r_sig = sig_of(buf, len);
				x->n_sig = entry_sig(&e);
				vcard_entry_done(&x->entry);
				x->entry = e;
			}
		}
		free(why);
		vcard_reader_free(rd);
		fclose(mem);
		free(buf);
	}
	if (d)
		closedir(d);

	/* Local: every live card. */
	struct { int64_t *ids; size_t n, cap; } l = {0};
	struct card_filter all = {0};
	if (st == RDX_OK)
		st = card_foreach(db, &all, id_cb, &l, cause);
	for (size_t i = 0; st == RDX_OK && i < l.n; i++) {
		struct card c;
		st = card_load(db, l.ids[i], &c, cause);
		char *buf = NULL;
		size_t len = 0;
		if (st == RDX_OK)
			st = render(db, c.id, &buf, &len, cause);
		if (st == RDX_OK) {
			struct item *x = item_get(&it, c.uid);
			x->id = c.id;
			x->sig = sig_of(buf, len);
		}
		free(buf);
		card_done(&c);
	}
	free(l.ids);

	size_t initial = it.n;
	for (size_t i = 0; st == RDX_OK && i < initial; i++) {
		struct item *x = &it.v[i];
		bool local = x->id != 0, remote = x->in_remote;
		bool l_changed = local && (!x->in_state || strcmp(x->sig, x->s_sig) != 0);
		/* A file that differs only in REV (another rolodex wrote the
		 * same card), or in the form a server rewrote it in, is no
		 * change. */
		bool r_changed = remote && (!x->in_state || strcmp(x->etag, x->s_etag) != 0) &&
				 !(local && x->sig &&
				   (!strcmp(x->r_sig, x->sig) || (x->n_sig && !strcmp(x->n_sig, x->sig))));
		const char *file = x->file ? x->file : x->s_file;
		char *own_file = NULL;
		if (!file)
			file = own_file = export_vdir_name(x->uid);
		if (local && remote && !x->in_state) {
			/* Both have it and we never synced it: merge, write back. */
			bool changed;
			char *conflicts = NULL;
			st = import_merge_entry(db, x->id, &x->entry, false, now, &changed, &conflicts, NULL, cause);
			if (conflicts)
				say(report, xasprintf("%s: %s", file, conflicts));
			free(conflicts);
			if (st == RDX_OK)
				st = push(db, x->id, real, file, &x->etag, &x->sig, cause);
			report->pushed++;
		} else if (local && remote && l_changed && r_changed) {
			struct vcard_entry *e = &x->entry;
			char *uid = card_new_uid();
			card_set(&e->card.uid, uid);
			free(uid);
			card_add_tag(&e->card, "sync-conflict");
			int64_t new_id;
			st = card_validate(&e->card, cause);
			if (st == RDX_OK)
				st = import_insert_entry(db, e, now, &new_id, cause);
			if (st == RDX_OK) {
				say(report, xasprintf("%s: changed on both sides; the file's version is card #%lld, tagged "
						      "sync-conflict",
						      file, (long long)new_id));
				report->conflicts++;
				struct item *y = item_get(&it, e->card.uid);
				x = &it.v[i]; /* item_get may move the array */
				y->id = new_id;
				char *yfile = export_vdir_name(y->uid);
				st = push(db, new_id, real, yfile, &y->etag, &y->sig, cause);
				y->file = yfile;
				y->in_remote = true;
				if (st == RDX_OK)
					st = push(db, x->id, real, file, &x->etag, &x->sig, cause);
			}
		} else if (local && remote && r_changed) {
			st = pull_over(db, x, now, cause);
			if (st == RDX_OK)
				st = settle(db, x, real, file, cause);
			report->updated_local++;
		} else if (local && (l_changed || !remote)) {
			if (!remote && x->in_state && !l_changed) {
				st = card_trash(db, x->id, now, cause);
				report->trashed_local++;
				x->id = 0;
			} else {
				if (!remote && x->in_state)
					say(report, xasprintf("%s: deleted in the folder but changed here; written again", file));
				st = push(db, x->id, real, file, &x->etag, &x->sig, cause);
				x->in_remote = true;
				report->pushed++;
			}
		} else if (!local && remote) {
			if (x->in_state && !r_changed) {
				char *path = xasprintf("%s/%s", real, file);
				if (unlink(path) != 0 && errno != ENOENT)
					st = rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno));
				free(path);
				report->deleted_remote++;
				x->in_remote = false;
			} else {
				/* New in the folder (or changed there after we deleted
				 * it here: the change wins).  A trashed card with the
				 * UID comes back. */
				int64_t id = 0;
				enum rdx_status fs = card_find_uid(db, x->uid, &id, cause);
				if (fs == RDX_OK) {
					st = card_restore(db, id, now, cause);
					x->id = id;
					if (st == RDX_OK)
						st = pull_over(db, x, now, cause);
				} else if (fs == RDX_NOT_FOUND) {
					rdx_cause_drop(cause);
					st = card_validate(&x->entry.card, cause);
					if (st == RDX_OK)
						st = import_insert_entry(db, &x->entry, now, &id, cause);
					x->id = id;
				} else {
					st = fs;
				}
				if (st == RDX_OK)
					st = settle(db, x, real, file, cause);
				report->pulled++;
			}
		} else if (local && remote) {
			report->unchanged++;
		}
		if (!x->file && (x->id || x->in_remote))
			x->file = xstrdup(file);
		if (st != RDX_OK && *cause && !strstr(*cause, file)) {
			char *c = xasprintf("%s: %s", file, *cause);
			free(*cause);
			*cause = c;
		}
		free(own_file);
	}

	/* The new state: every UID present on both sides now. */
	struct sbuf state;
	sbuf_init(&state);
	sbuf_addn(&state, "", 0);
	for (size_t i = 0; i < it.n; i++) {
		struct item *x = &it.v[i];
		if (x->id && x->in_remote && x->etag && x->file)
			sbuf_printf(&state, "%s\t%s\t%s\t%s\n", x->uid, x->file, x->etag, x->sig ? x->sig : "");
	}
	if (st == RDX_OK)
		st = db_meta_set(db, key, state.s, cause);
	sbuf_done(&state);
	/* the files written above, before the state says so */
	if (st == RDX_OK)
		st = export_sync_dir(real, cause);
	if (st == RDX_OK)
		st = db_commit(db, cause);
	else
		db_rollback(db);
	for (size_t i = 0; i < it.n; i++) {
		struct item *x = &it.v[i];
		free(x->uid);
		free(x->s_file);
		free(x->s_etag);
		free(x->s_sig);
		free(x->sig);
		free(x->file);
		free(x->etag);
		free(x->r_sig);
		free(x->n_sig);
		vcard_entry_done(&x->entry);
	}
	free(it.v);
	idmap_done(&it.by_uid);
	free(key);
	return st;
}
