/*
 * io_internal.h - helpers private to src/io: a growable string, a bounded
 * line reader over FILE *, charset conversion through iconv, and a small
 * string-to-id hash map used to match imported cards against existing ones.
 *
 * Nothing here prints; failures come back as enum rdx_status + cause.
 */
#ifndef ROLODEX_IO_INTERNAL_H
#define ROLODEX_IO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rolodex/status.h"

/* Longest physical or logical line we accept: a base64 PHOTO of a few MB
 * fits, a runaway file without newlines does not eat the memory. */
#define IO_LINE_MAX (10u * 1024 * 1024)

/* ---- growable string ------------------------------------------------- */

struct sbuf {
	char *s;    /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

void sbuf_init(struct sbuf *b);
void sbuf_done(struct sbuf *b);
void sbuf_clear(struct sbuf *b);
void sbuf_addn(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the string over (caller frees) and resets b; never NULL. */
char *sbuf_take(struct sbuf *b);
/* The text, "" when empty; borrowed. */
const char *sbuf_str(const struct sbuf *b);

/* ---- line reader ------------------------------------------------------ */

/*
 * Reads physical lines from a stream with its own buffer (getline would
 * allocate a line of any length before we could refuse it).  "\n", "\r\n"
 * and a lone "\r" before "\n" end a line; the ending is not stored.
 */
#define LINE_READER_BUF 65536

struct line_reader {
	FILE *fp;
	const char *name; /* file name for messages; borrowed */
	char *buf;        /* LINE_READER_BUF bytes, owned; not zeroed (a reader per small input must be cheap) */
	size_t pos, len;
	bool eof;
	struct sbuf line; /* the current line */
	int lineno;       /* number of the current line, 1-based */
	bool has_nul;     /* the current line holds a NUL byte */
	bool bom_checked;
	uint64_t bytes;   /* bytes consumed so far, for progress */
};

void line_reader_init(struct line_reader *lr, FILE *fp, const char *name);
void line_reader_done(struct line_reader *lr);
/* 1: a line is in lr->line; 0: end of input; -1: error in *cause (a read
 * error, or a line longer than IO_LINE_MAX).  A UTF-8 BOM at the start of
 * the stream is skipped. */
int line_reader_next(struct line_reader *lr, enum rdx_status *status, char **cause);

/* ---- charsets ---------------------------------------------------------- */

/* Converts len bytes in `charset` to a new UTF-8 string (caller frees).
 * NULL with *cause when the charset is unknown or the bytes are not valid
 * in it. */
char *charset_to_utf8(const char *charset, const char *in, size_t len, char **cause);
/* Windows-1252 to UTF-8; never fails (the five undefined bytes map to
 * U+FFFD).  Caller frees. */
char *charset_cp1252_to_utf8(const char *in, size_t len);
/* A copy of s that is valid UTF-8: s itself when it is, else read as
 * Windows-1252 (*converted set to true).  Caller frees. */
char *charset_fix_utf8(const char *s, size_t len, bool *converted);

/* ---- text encodings of whole files ------------------------------------- */

enum io_encoding {
	IO_ENC_8BIT,     /* UTF-8 (BOM or not) or a legacy 8-bit charset */
	IO_ENC_UTF16LE,
	IO_ENC_UTF16BE,
};

/*
 * The encoding of a file from its first n bytes: a UTF-16 byte-order mark,
 * or, without one, the NUL bytes that ASCII text (BEGIN:VCARD, a CSV
 * header) has in every other byte of UTF-16.  *bom_len is set to the bytes
 * of a byte-order mark to skip (0 when none).
 */
enum io_encoding io_detect_encoding(const unsigned char *head, size_t n, size_t *bom_len);

/*
 * Copies the rest of `in` (UTF-16 in byte order `enc`, starting after any
 * byte-order mark) as UTF-8 into a new temporary file, rewound.  A lone
 * surrogate becomes U+FFFD.  NULL with *cause (RDX_IO in *status) when
 * reading or writing fails.  Caller fcloses.
 */
FILE *io_utf16_to_utf8(FILE *in, enum io_encoding enc, const char *name, enum rdx_status *status, char **cause);

/* ---- string -> id map --------------------------------------------------- */

/*
 * Open addressing with each key's hash kept beside it, so a probe compares
 * bytes only on a hash match and growing does not hash again; the keys are
 * copied into large blocks (an import's map holds a key for every e-mail,
 * phone and profile of the rolodex: one allocation a key would be most of
 * its cost).
 */
struct idmap_entry {
	uint64_t hash;
	const char *key; /* in one of the map's blocks; NULL for an empty slot */
	int64_t id;
};
struct idmap_block;
struct idmap {
	struct idmap_entry *slots;
	size_t cap;   /* power of two */
	size_t count;
	struct idmap_block *blocks; /* newest first */
	char *free_at;              /* the newest block's first free byte */
	size_t block_left;          /* and how many are free */
};

void idmap_init(struct idmap *m);
void idmap_done(struct idmap *m);
/* Makes room for about n keys at once (growing step by step to a large
 * map touches twice the memory). */
void idmap_reserve(struct idmap *m, size_t n);
/* Sets key -> id (the first one wins: an existing key is kept). */
void idmap_put(struct idmap *m, const char *key, int64_t id);
/* The id for key, or 0 when absent. */
int64_t idmap_get(const struct idmap *m, const char *key);

/* ---- small text helpers ------------------------------------------------- */

/* ASCII case-insensitive comparisons. */
bool io_strieq(const char *a, const char *b);
bool io_strnieq(const char *a, const char *b, size_t n);
/* Lower-cases ASCII in place; returns s. */
char *io_ascii_lower(char *s);

#endif
