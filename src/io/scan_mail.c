/*
 * scan_mail.c - mail for `rolodex scan`: Maildirs (and folders of them),
 * mbox files, single message files and streams, read for their headers
 * only.  A message file is read in 8 KiB steps until its header ends, so a
 * 10 MB attachment costs one read; an mbox is mapped and walked from "From "
 * line to "From " line.
 *
 * What was read is remembered (scan_seen): a Maildir message by its unique
 * name (the file name before ":2,", which survives flag changes and moves
 * between cur/ and new/), an mbox by where its last message ended, so that
 * a rescan opens only what is new.
 */
/* memmem */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/scan_internal.h"
#include "rolodex/date.h"
#include "rolodex/scan_store.h"
#include "rolodex/xalloc.h"

/* Longest header we read; past it the message is a problem. */
#define HEADER_MAX (1024 * 1024)
#define READ_STEP 8192

bool scan_is_maildir(const char *dir)
{
	char *cur = xasprintf("%s/cur", dir);
	char *new = xasprintf("%s/new", dir);
	struct stat st;
	bool yes = (stat(cur, &st) == 0 && S_ISDIR(st.st_mode)) || (stat(new, &st) == 0 && S_ISDIR(st.st_mode));
	free(cur);
	free(new);
	return yes;
}

/* Where the header ends in text[0..len): the offset of the empty line, or
 * len when none is found. */
static size_t header_end(const char *text, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (text[i] != '\n')
			continue;
		if (text[i + 1] == '\n')
			return i + 1;
		if (text[i + 1] == '\r' && i + 2 < len && text[i + 2] == '\n')
			return i + 1;
	}
	return len;
}

/* Turns a parsed header into an item owned by run. */
static enum rdx_status add_header(struct scan_run *run, const struct scan_header *h, const char *header,
				  size_t header_len, const char *key, const char *where)
{
	struct scan_item *item = scan_run_new_item(run);
	item->key = scan_run_text(run, key);
	item->where = scan_run_text(run, where);
	item->origin = TOUCH_ORIGIN_MAIL;
	item->channel = CHANNEL_EMAIL;
	item->fresh = key != NULL;
	if (h->message_id != NULL) {
		item->source = scan_run_textf(run, "mid:%s", h->message_id);
	} else {
		/* No Message-ID: the header itself names the message, the same
		 * in every folder it was copied to. */
		char digest[17];
		scan_digest(header, header_len, digest);
		item->source = scan_run_textf(run, "hdr:%s", digest);
	}
	item->subject = scan_run_text(run, h->subject);
	item->day = -1;
	item->time = h->time;
	if (h->year != 0 && date_valid(h->year, h->month, h->day))
		item->day = date_from_ymd(h->year, h->month, h->day);
	for (size_t i = 0; i < h->npeople; i++)
		scan_item_add_person(run, item, h->people[i].role, h->people[i].name, h->people[i].address, "");
	run->report->messages++;
	run->report->reparsed++;
	return RDX_OK;
}

static enum rdx_status parse_and_add(struct scan_run *run, const char *text, size_t len, const char *key,
				     const char *where, char **cause)
{
	const struct scan_module *m = scan_run_module(run, cause);
	if (m == NULL)
		return RDX_IO;
	size_t end = header_end(text, len);
	struct scan_header h;
	bool ok = m->parse_header(text, end, &h);
	if (!ok)
		scan_run_problem(run, where, "no mail header");
	else
		add_header(run, &h, text, end, key, where);
	m->header_done(&h);
	return RDX_OK;
}

/* Reads the header of the message file at path into run->header (*len
 * bytes): 8 KiB at a time until the empty line.  False with a problem
 * reported. */
static bool read_header(struct scan_run *run, const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		scan_run_problem(run, path, "%s", strerror(errno));
		return false;
	}
	if (run->header == NULL) {
		run->header_cap = READ_STEP;
		run->header = xmalloc(run->header_cap + 1);
	}
	size_t have = 0;
	for (;;) {
		if (have == run->header_cap) {
			if (run->header_cap >= HEADER_MAX) {
				scan_run_problem(run, path, "no end of the mail header in its first %d KiB",
						 HEADER_MAX / 1024);
				break;
			}
			run->header_cap *= 2;
			run->header = xrealloc(run->header, run->header_cap + 1);
		}
		char *buf = run->header;
		size_t cap = run->header_cap;
		ssize_t n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			scan_run_problem(run, path, "%s", strerror(errno));
			break;
		}
		size_t before = have;
		have += (size_t)n;
		/* Look again only over what is new (and the byte before it). */
		size_t from = before > 2 ? before - 2 : 0;
		if (n == 0 || header_end(buf + from, have - from) < have - from) {
			close(fd);
			buf[have] = '\0';
			*len = have;
			return true;
		}
	}
	close(fd);
	return false;
}

/* "md:" and the unique part of a Maildir file name (before ":2,"). */
static char *maildir_key(const char *name)
{
	const char *colon = strstr(name, ":2,");
	if (colon == NULL)
		colon = strstr(name, "!2,"); /* the separator on file systems without ':' */
	size_t len = colon != NULL ? (size_t)(colon - name) : strlen(name);
	return xasprintf("md:%.*s", (int)len, name);
}

/* A message file; key NULL: not remembered. */
static enum rdx_status scan_message_file(struct scan_run *run, const char *path, const char *key, char **cause)
{
	run->report->files++;
	if (key != NULL) {
		enum rdx_status s = scan_run_load_seen(run, cause);
		if (s != RDX_OK)
			return s;
		struct scan_item *seen = scan_run_find_seen(run, key);
		if (seen != NULL) {
			/* Named by its file when the report mentions it. */
			if (seen->day < 0)
				seen->where = scan_run_text(run, path);
			scan_run_add_seen(run, seen);
			return RDX_OK;
		}
	}
	size_t len;
	if (!read_header(run, path, &len))
		return RDX_OK;
	return parse_and_add(run, run->header, len, key, path, cause);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir (without . and ..), sorted (Maildir names start with the
 * delivery time: oldest first).  NULL with a problem when it cannot be
 * read; *count 0 for an empty folder. */
static char **list_dir(struct scan_run *run, const char *dir, size_t *count, bool report_missing)
{
	*count = 0;
	DIR *d = opendir(dir);
	if (d == NULL) {
		if (report_missing || errno != ENOENT)
			scan_run_problem(run, dir, "%s", strerror(errno));
		return NULL;
	}
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		names = xgrow(names, &cap, *count + 1, sizeof *names);
		names[(*count)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*count > 1) /* qsort's pointer must not be NULL, even for 0 items */
		qsort(names, *count, sizeof *names, compare_names);
	return names;
}

static void free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* cur/ and new/ of one Maildir (tmp/ holds deliveries in progress). */
static enum rdx_status scan_one_maildir(struct scan_run *run, const char *dir, char **cause)
{
	static const char *const subdirs[] = { "cur", "new" };
	enum rdx_status s = RDX_OK;
	for (size_t i = 0; i < 2 && s == RDX_OK; i++) {
		char *sub = xasprintf("%s/%s", dir, subdirs[i]);
		size_t n;
		char **names = list_dir(run, sub, &n, false);
		for (size_t j = 0; j < n && s == RDX_OK; j++) {
			if (names[j][0] == '.')
				continue;
			char *path = xasprintf("%s/%s", sub, names[j]);
			char *key = maildir_key(names[j]);
			s = scan_message_file(run, path, key, cause);
			free(key);
			free(path);
		}
		free_names(names, n);
		free(sub);
	}
	return s;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

enum rdx_status scan_mail_maildir(struct scan_run *run, const char *dir, bool recursive, char **cause)
{
	enum rdx_status s = RDX_OK;
	if (scan_is_maildir(dir))
		s = scan_one_maildir(run, dir, cause);
	if (!recursive || s != RDX_OK)
		return s;
	/* Subfolders: mbsync and offlineimap keep one Maildir per folder
	 * (Sent/, Archive/2024/ ...); Maildir++ keeps them as .Sent/ beside
	 * cur/ new/ tmp/. */
	size_t n;
	char **names = list_dir(run, dir, &n, true);
	for (size_t i = 0; i < n && s == RDX_OK; i++) {
		if (strcmp(names[i], "cur") == 0 || strcmp(names[i], "new") == 0 || strcmp(names[i], "tmp") == 0)
			continue;
		char *path = xasprintf("%s/%s", dir, names[i]);
		if (is_dir(path))
			s = scan_mail_maildir(run, path, true, cause);
		free(path);
	}
	free_names(names, n);
	return s;
}

enum rdx_status scan_mail_file(struct scan_run *run, const char *path, char **cause)
{
	/* A file in a Maildir (notmuch lists those) is remembered by its
	 * unique name; any other file by its path, size and time. */
	const char *slash = strrchr(path, '/');
	const char *name = slash != NULL ? slash + 1 : path;
	char *key = NULL;
	if (slash != NULL && slash - path >= 3 &&
	    (strncmp(slash - 3, "cur", 3) == 0 || strncmp(slash - 3, "new", 3) == 0) &&
	    (slash - path == 3 || slash[-4] == '/')) {
		key = maildir_key(name);
	} else {
		struct stat st;
		if (stat(path, &st) == 0)
			key = xasprintf("file:%s:%lld:%lld", path, (long long)st.st_size, (long long)st.st_mtime);
	}
	enum rdx_status s = scan_message_file(run, path, key, cause);
	free(key);
	return s;
}

/* The start of the next "From " separator line at or after `from`, or len. */
static size_t next_separator(const char *text, size_t len, size_t from)
{
	/* A separator follows an empty line (mboxrd and mboxo quote body
	 * lines that start with "From "). */
	const char *hit = from < len ? memmem(text + from, len - from, "\n\nFrom ", 7) : NULL;
	return hit != NULL ? (size_t)(hit - text) + 2 : len;
}

/* The messages of an mbox in text[from..len); keys "mbox:PATH:OFFSET"
 * when prefix is not NULL. */
static enum rdx_status walk_mbox(struct scan_run *run, const char *text, size_t len, size_t from,
				 const char *prefix, const char *where, char **cause)
{
	enum rdx_status s = RDX_OK;
	size_t at = from;
	while (at < len && s == RDX_OK) {
		size_t next = next_separator(text, len, at);
		char *key = prefix != NULL ? xasprintf("%s%zu", prefix, at) : NULL;
		char *place = xasprintf("%s, byte %zu", where, at);
		s = parse_and_add(run, text + at, next - at, key, place, cause);
		free(place);
		free(key);
		at = next;
	}
	return s;
}

enum rdx_status scan_mail_buffer(struct scan_run *run, const char *text, size_t len, const char *where,
				 char **cause)
{
	if (len >= 5 && memcmp(text, "From ", 5) == 0)
		return walk_mbox(run, text, len, 0, NULL, where, cause);
	return parse_and_add(run, text, len, NULL, where, cause);
}

/* The digest of the up to 64 bytes before end: an mbox that only grew
 * still has them. */
static void tail_digest(const char *text, size_t end, char out[17])
{
	size_t from = end > 64 ? end - 64 : 0;
	scan_digest(text + from, end - from, out);
}

enum rdx_status scan_mail_mbox(struct scan_run *run, const char *path, char **cause)
{
	run->report->files++;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		scan_run_problem(run, path, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return RDX_OK;
	}
	size_t len = (size_t)st.st_size;
	char *text = len > 0 ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (len > 0 && text == MAP_FAILED) {
		scan_run_problem(run, path, "%s", strerror(errno));
		return RDX_OK;
	}
	char real[4096];
	const char *name = realpath(path, real) != NULL ? real : path;
	char *prefix = xasprintf("mbox:%s:", name);

	/* Where the last scan ended, if the file only grew since. */
	int64_t old_size = 0;
	char *old_tail = NULL;
	size_t from = 0;
	enum rdx_status s = scan_store_mbox_get(run->db, name, &old_size, &old_tail, cause);
	if (s == RDX_NOT_FOUND) {
		s = RDX_OK;
	} else if (s == RDX_OK) {
		char tail[17] = "";
		if ((size_t)old_size <= len)
			tail_digest(text, (size_t)old_size, tail);
		if ((size_t)old_size <= len && strcmp(tail, old_tail) == 0) {
			from = (size_t)old_size;
			/* What was read before, from memory. */
			s = scan_run_load_seen(run, cause);
			for (size_t i = 0; s == RDX_OK && i < run->nseen; i++) {
				if (strncmp(run->seen[i].key, prefix, strlen(prefix)) == 0) {
					scan_run_add_seen(run, &run->seen[i]);
				}
			}
		} else {
			run->forget = xgrow(run->forget, &run->forget_cap, run->nforget + 1, sizeof *run->forget);
			run->forget[run->nforget++] = xstrdup(prefix);
		}
	}
	free(old_tail);
	if (s == RDX_OK && from < len && (len < 5 || memcmp(text, "From ", 5) != 0)) {
		scan_run_problem(run, path, "not an mbox (no \"From \" line at its start)");
	} else if (s == RDX_OK) {
		s = walk_mbox(run, text, len, from, prefix, path, cause);
		if (s == RDX_OK) {
			struct scan_mbox_mark *mark;
			run->marks = xgrow(run->marks, &run->marks_cap, run->nmarks + 1, sizeof *run->marks);
			mark = &run->marks[run->nmarks++];
			char tail[17];
			tail_digest(text, len, tail);
			*mark = (struct scan_mbox_mark){ .path = xstrdup(name), .size = (int64_t)len, .tail = xstrdup(tail) };
		}
	}
	free(prefix);
	if (len > 0)
		munmap(text, len);
	return s;
}
