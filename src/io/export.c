/*
 * export.c - writes the rolodex out as vCard, a vdir, CSV or JSON.
 *
 * Whole exports read every card with listing_cards: one sequential pass
 * over each table, cards in id order (the order they were added in), so
 * memory stays at one card however many there are and no card costs a
 * look-up.  Nothing promises sort order in a file meant for another
 * program; an export imported into an empty rolodex gets the same ids
 * and exports the same file again.  A card's JSON is card_json.c's, the
 * same object `show --format json` prints.
 */
#include "rolodex/export.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/io_internal.h"
#include "rolodex/card.h"
#include "rolodex/card_json.h"
#include "rolodex/csv.h"
#include "rolodex/db.h"
#include "rolodex/listing.h"
#include "rolodex/note.h"
#include "rolodex/snapshot.h"
#include "rolodex/xalloc.h"

bool export_format_parse(const char *s, enum export_format *out)
{
	if (!strcmp(s, "vcard") || !strcmp(s, "vcf"))
		*out = EXPORT_VCARD;
	else if (!strcmp(s, "csv"))
		*out = EXPORT_CSV;
	else if (!strcmp(s, "json"))
		*out = EXPORT_JSON;
	else
		return false;
	return true;
}

/* One card with notes (oldest first, as they were written) and touches. */
struct full_card {
	struct card card;
	struct note *notes;
	size_t nnotes;
	struct touch *touches;
	size_t ntouches;
};

static enum rdx_status full_load(struct db *db, int64_t id, struct full_card *fc, char **cause)
{
	memset(fc, 0, sizeof *fc);
	enum rdx_status st = card_load(db, id, &fc->card, cause);
	if (st == RDX_OK)
		st = note_list(db, id, 0, &fc->notes, &fc->nnotes, cause);
	if (st == RDX_OK)
		st = touch_list(db, id, 0, &fc->touches, &fc->ntouches, cause);
	if (st == RDX_OK) {
		/* note_list and touch_list are newest first; files read better
		 * (and import back in the same order) oldest first. */
		for (size_t i = 0; i < fc->nnotes / 2; i++) {
			struct note t = fc->notes[i];
			fc->notes[i] = fc->notes[fc->nnotes - 1 - i];
			fc->notes[fc->nnotes - 1 - i] = t;
		}
		for (size_t i = 0; i < fc->ntouches / 2; i++) {
			struct touch t = fc->touches[i];
			fc->touches[i] = fc->touches[fc->ntouches - 1 - i];
			fc->touches[fc->ntouches - 1 - i] = t;
		}
	}
	return st;
}

static void full_done(struct full_card *fc)
{
	card_done(&fc->card);
	note_list_free(fc->notes, fc->nnotes);
	touch_list_free(fc->touches, fc->ntouches);
	memset(fc, 0, sizeof *fc);
}

enum rdx_status export_card_vcard(struct db *db, int64_t id, FILE *fp, enum vcard_version version, char **cause)
{
	rdx_cause_clear(cause);
	struct full_card fc;
	enum rdx_status st = full_load(db, id, &fc, cause);
	if (st == RDX_OK)
		st = vcard_write(fp, &fc.card, fc.notes, fc.nnotes, fc.touches, fc.ntouches, version, cause);
	full_done(&fc);
	return st;
}

/* ---- streams and files ------------------------------------------------------------------ */

/* Where the cards of export_stream go. */
struct stream_run {
	struct db *db;
	FILE *fp;
	const struct export_options *opt;
	size_t n;
	enum rdx_status status;
	char **cause;
};

static int stream_card(void *arg, const struct listing_card *lc)
{
	struct stream_run *run = arg;
	switch (run->opt->format) {
	case EXPORT_VCARD:
		run->status = vcard_write(run->fp, &lc->card, lc->notes, lc->nnotes, lc->touches, lc->ntouches,
					  run->opt->version, run->cause);
		break;
	case EXPORT_CSV:
		run->status = csv_write_card(run->fp, &lc->card, lc->notes, lc->nnotes, run->cause);
		break;
	case EXPORT_JSON: {
		struct card_status status;
		run->status = card_status_get(run->db, lc->card.id, run->opt->today, &status, run->cause);
		if (run->status != RDX_OK)
			break;
		if (run->n)
			fputs(",\n", run->fp);
		/* One card a line, inside the hand-written envelope. */
		struct json j;
		json_init(&j, run->fp, false);
		card_json_write(&j, &lc->card, &status, lc->notes, lc->nnotes, lc->touches, lc->ntouches);
		break;
	}
	}
	if (run->status != RDX_OK)
		return 1;
	run->n++;
	return 0;
}

enum rdx_status export_stream(struct db *db, FILE *fp, const struct export_options *opt, size_t *count, char **cause)
{
	rdx_cause_clear(cause);
	bool snap;
	enum rdx_status st = db_snapshot_begin(db, &snap, cause);
	if (st != RDX_OK)
		return st;
	struct stream_run run = { .db = db, .fp = fp, .opt = opt, .status = RDX_OK, .cause = cause };
	if (opt->format == EXPORT_CSV)
		st = csv_write_header(fp, cause);
	if (st == RDX_OK && opt->format == EXPORT_JSON)
		fputs("{\"version\":1,\"cards\":[\n", fp);
	if (st == RDX_OK)
		st = listing_cards(db, stream_card, &run, cause);
	if (st == RDX_OK)
		st = run.status;
	db_snapshot_end(db, snap);
	if (st == RDX_OK && opt->format == EXPORT_JSON)
		fputs("\n]}\n", fp);
	if (st == RDX_OK && (fflush(fp) != 0 || ferror(fp)))
		st = rdx_fail(cause, RDX_IO, "cannot write: %s", strerror(errno));
	if (count)
		*count = run.n;
	return st;
}

/*
 * The temporary file being written, for export_discard_temp.  Global
 * because a signal handler has no context to look in; the flag is cleared
 * while the path changes, with fences so the compiler cannot move the
 * copy past it.
 */
static char temp_in_progress[4096];
static volatile sig_atomic_t temp_in_progress_set;

static void temp_track(const char *tmp)
{
	temp_in_progress_set = 0;
	atomic_signal_fence(memory_order_seq_cst);
	size_t len = strlen(tmp);
	if (len >= sizeof temp_in_progress)
		return;
	memcpy(temp_in_progress, tmp, len + 1);
	atomic_signal_fence(memory_order_seq_cst);
	temp_in_progress_set = 1;
}

static void temp_untrack(void)
{
	temp_in_progress_set = 0;
	atomic_signal_fence(memory_order_seq_cst);
}

void export_discard_temp(void)
{
	/* After the rename the name is gone and unlink fails harmlessly. */
	if (temp_in_progress_set)
		unlink(temp_in_progress);
}

/* A temporary file next to path, opened 0600.  Caller frees *tmp_path. */
static FILE *temp_beside(const char *path, char **tmp_path, char **cause)
{
	*tmp_path = xasprintf("%s.tmp-XXXXXX", path);
	/* Signals wait while the file is created and noted: one that came
	 * between the two would leave a file export_discard_temp cannot name. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	int fd = mkstemp(*tmp_path);
	if (fd >= 0)
		temp_track(*tmp_path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		rdx_fail(cause, RDX_IO, "%s: cannot create a file there: %s", path, strerror(errno));
		free(*tmp_path);
		*tmp_path = NULL;
		return NULL;
	}
	/* mkstemp makes it 0600 already; the export's privacy depends on it,
	 * so it is said rather than assumed. */
	FILE *fp = fchmod(fd, 0600) == 0 ? fdopen(fd, "wb") : NULL;
	if (!fp) {
		close(fd);
		unlink(*tmp_path);
		temp_untrack();
		free(*tmp_path);
		*tmp_path = NULL;
		rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno));
	}
	return fp;
}

enum rdx_status export_sync_dir(const char *dir, char **cause)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rdx_fail(cause, RDX_IO, "%s: cannot open the folder to sync it: %s", dir, strerror(errno));
	enum rdx_status st = RDX_OK;
	if (fsync(fd) != 0)
		st = rdx_fail(cause, RDX_IO, "%s: cannot sync the folder: %s", dir, strerror(errno));
	close(fd);
	return st;
}

/* Syncs the folder path is in (after a rename into it). */
static enum rdx_status sync_parent(const char *path, char **cause)
{
	char *copy = xstrdup(path);
	enum rdx_status st = export_sync_dir(dirname(copy), cause);
	free(copy);
	return st;
}

/* Syncs, closes and moves the temporary file into place. */
static enum rdx_status temp_finish(FILE *fp, const char *tmp, const char *path, bool replace, bool durable,
				   enum rdx_status st, char **cause)
{
	if (st == RDX_OK && (fflush(fp) != 0 || (durable && fsync(fileno(fp)) != 0)))
		st = rdx_fail(cause, RDX_IO, "%s: cannot write: %s", path, strerror(errno));
	if (fclose(fp) != 0 && st == RDX_OK)
		st = rdx_fail(cause, RDX_IO, "%s: cannot write: %s", path, strerror(errno));
	if (st == RDX_OK) {
		if (replace) {
			if (rename(tmp, path) != 0)
				st = rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno));
		} else {
			/* link() fails when path exists: no race with another writer. */
			if (link(tmp, path) != 0)
				st = errno == EEXIST ? rdx_fail(cause, RDX_INVALID,
								"%s exists; use --force to replace it", path)
						     : rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno));
		}
	}
	/* After a rename it is gone already: one system call a file less
	 * in a vdir of thousands. */
	if (st != RDX_OK || !replace)
		unlink(tmp);
	temp_untrack();
	/* A durable file's data was synced; its new name is in the folder. */
	if (st == RDX_OK && durable)
		st = sync_parent(path, cause);
	return st;
}

enum rdx_status export_write_atomic(const char *path, const char *buf, size_t len, bool replace, bool durable,
				    char **cause)
{
	rdx_cause_clear(cause);
	char *tmp;
	FILE *fp = temp_beside(path, &tmp, cause);
	if (!fp)
		return RDX_IO;
	enum rdx_status st = RDX_OK;
	if (fwrite(buf, 1, len, fp) != len)
		st = rdx_fail(cause, RDX_IO, "%s: cannot write: %s", path, strerror(errno));
	st = temp_finish(fp, tmp, path, replace, durable, st, cause);
	free(tmp);
	return st;
}

enum rdx_status export_file(struct db *db, const char *path, const struct export_options *opt, size_t *count,
			    char **cause)
{
	rdx_cause_clear(cause);
	struct stat sb;
	if (!opt->force && lstat(path, &sb) == 0)
		return rdx_fail(cause, RDX_INVALID, "%s exists; use --force to replace it", path);
	char *tmp;
	FILE *fp = temp_beside(path, &tmp, cause);
	if (!fp)
		return RDX_IO;
	/* An export of a large rolodex is many megabytes: 256 KiB writes,
	 * not 4 KiB ones.  Only a buffer; without it the default one serves. */
	setvbuf(fp, NULL, _IOFBF, 256 * 1024);
	enum rdx_status st = export_stream(db, fp, opt, count, cause);
	st = temp_finish(fp, tmp, path, opt->force, true, st, cause);
	free(tmp);
	return st;
}

char *export_vdir_name(const char *uid)
{
	return export_safe_file_name(uid, ".vcf");
}

char *export_safe_file_name(const char *uid, const char *suffix)
{
	struct sbuf b;
	sbuf_init(&b);
	for (const char *p = uid; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
			  c == '_' || c == '-' || c == '@';
		sbuf_addc(&b, ok ? c : '_');
	}
	if (b.len == 0 || b.s[0] == '.')
		sbuf_adds(&b, "card");
	sbuf_adds(&b, suffix);
	return sbuf_take(&b);
}

/* Where the cards of export_vdir go. */
struct vdir_run {
	const char *dir;
	enum vcard_version version;
	char *buf;
	size_t len;
	size_t n;
	enum rdx_status status;
	char **cause;
};

static int vdir_card(void *arg, const struct listing_card *lc)
{
	struct vdir_run *run = arg;
	/* open_memstream allocates a buffer of its own each time. */
	free(run->buf);
	run->buf = NULL;
	FILE *mem = open_memstream(&run->buf, &run->len);
	if (!mem)
		fatal("out of memory");
	run->status = vcard_write(mem, &lc->card, lc->notes, lc->nnotes, lc->touches, lc->ntouches, run->version,
				  run->cause);
	if (fclose(mem) != 0 && run->status == RDX_OK)
		fatal("out of memory");
	if (run->status == RDX_OK) {
		char *name = export_vdir_name(lc->card.uid);
		char *path = xasprintf("%s/%s", run->dir, name);
		run->status = export_write_atomic(path, run->buf, run->len, true, false, run->cause);
		free(path);
		free(name);
	}
	if (run->status != RDX_OK)
		return 1;
	run->n++;
	return 0;
}

enum rdx_status export_vdir(struct db *db, const char *dir, enum vcard_version version, size_t *count, char **cause)
{
	rdx_cause_clear(cause);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return rdx_fail(cause, RDX_IO, "%s: cannot create the folder: %s", dir, strerror(errno));
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return rdx_fail(cause, RDX_INVALID, "%s is not a folder", dir);
	bool snap;
	enum rdx_status st = db_snapshot_begin(db, &snap, cause);
	if (st != RDX_OK)
		return st;
	struct vdir_run run = { .dir = dir, .version = version, .status = RDX_OK, .cause = cause };
	st = listing_cards(db, vdir_card, &run, cause);
	if (st == RDX_OK)
		st = run.status;
	free(run.buf);
	db_snapshot_end(db, snap);
	if (st == RDX_OK)
		st = export_sync_dir(dir, cause);
	if (count)
		*count = run.n;
	return st;
}
