/*
 * io_util.c - the helpers behind io_internal.h: growable strings, the
 * bounded line reader the vCard and CSV parsers share, iconv conversion and
 * the id map import uses for duplicate matching.
 */
#include "io/io_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* ---- sbuf ---------------------------------------------------------------- */

void sbuf_init(struct sbuf *b)
{
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
}

void sbuf_done(struct sbuf *b)
{
	free(b->s);
	sbuf_init(b);
}

void sbuf_clear(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static void sbuf_reserve(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sbuf_addn(struct sbuf *b, const char *s, size_t n)
{
	sbuf_reserve(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_addn(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_addn(b, &c, 1);
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	/* Format into the spare room first: most pieces fit, and formatting
	 * twice (once to measure) would double the work of every piece an
	 * export writes. */
	sbuf_reserve(b, 64);
	size_t room = b->cap - b->len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->s + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("bad format string");
	if ((size_t)n >= room) {
		sbuf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

char *sbuf_take(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	sbuf_init(b);
	return s;
}

const char *sbuf_str(const struct sbuf *b)
{
	return b->s ? b->s : "";
}

/* ---- line reader ----------------------------------------------------------- */

void line_reader_init(struct line_reader *lr, FILE *fp, const char *name)
{
	lr->fp = fp;
	lr->name = name;
	lr->buf = xmalloc(LINE_READER_BUF);
	lr->pos = 0;
	lr->len = 0;
	lr->eof = false;
	sbuf_init(&lr->line);
	lr->lineno = 0;
	lr->has_nul = false;
	lr->bom_checked = false;
	lr->bytes = 0;
}

void line_reader_done(struct line_reader *lr)
{
	sbuf_done(&lr->line);
	free(lr->buf);
	lr->buf = NULL;
}

static int line_reader_fill(struct line_reader *lr, enum rdx_status *status, char **cause)
{
	if (lr->eof)
		return 0;
	lr->len = fread(lr->buf, 1, LINE_READER_BUF, lr->fp);
	lr->pos = 0;
	if (lr->len == 0) {
		if (ferror(lr->fp)) {
			int err = errno;
			*status = rdx_fail(cause, RDX_IO, "%s: cannot read: %s", lr->name,
					   err == EISDIR ? "is a directory" : strerror(err));
			return -1;
		}
		lr->eof = true;
		return 0;
	}
	return 1;
}

int line_reader_next(struct line_reader *lr, enum rdx_status *status, char **cause)
{
	sbuf_clear(&lr->line);
	lr->has_nul = false;
	bool any = false;
	for (;;) {
		if (lr->pos == lr->len) {
			int r = line_reader_fill(lr, status, cause);
			if (r < 0)
				return -1;
			if (r == 0)
				break;
			if (!lr->bom_checked && lr->len >= 3 && memcmp(lr->buf, "\xEF\xBB\xBF", 3) == 0)
				lr->pos = 3;
			lr->bom_checked = true;
			lr->bytes += lr->len;
			continue;
		}
		lr->bom_checked = true;
		any = true;
		const char *start = lr->buf + lr->pos;
		size_t avail = lr->len - lr->pos;
		const char *nl = memchr(start, '\n', avail);
		size_t take = nl ? (size_t)(nl - start) : avail;
		if (lr->line.len + take > IO_LINE_MAX) {
			*status = rdx_fail(cause, RDX_TOO_LONG, "%s:%d: line longer than %u MB", lr->name,
					   lr->lineno + 1, IO_LINE_MAX / (1024 * 1024));
			return -1;
		}
		if (memchr(start, '\0', take))
			lr->has_nul = true;
		sbuf_addn(&lr->line, start, take);
		lr->pos += take;
		if (nl) {
			lr->pos++;
			break;
		}
	}
	if (!any)
		return 0;
	if (lr->line.len && lr->line.s[lr->line.len - 1] == '\r')
		lr->line.s[--lr->line.len] = '\0';
	if (!lr->line.s)
		sbuf_addn(&lr->line, "", 0);
	lr->lineno++;
	return 1;
}

/* ---- charsets ---------------------------------------------------------------- */

char *charset_to_utf8(const char *charset, const char *in, size_t len, char **cause)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		rdx_fail(cause, RDX_INVALID, "unknown charset \"%s\"", charset);
		return NULL;
	}
	struct sbuf out;
	sbuf_init(&out);
	/* iconv takes its input as char ** (it only reads it): a copy, rather
	 * than casting const away. */
	char *copy = xmalloc(len + 1);
	memcpy(copy, in, len);
	char *src = copy;
	size_t left = len;
	char chunk[1024];
	while (left > 0) {
		char *dst = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &src, &left, &dst, &room);
		sbuf_addn(&out, chunk, sizeof chunk - room);
		if (r == (size_t)-1 && errno != E2BIG) {
			iconv_close(cd);
			free(copy);
			sbuf_done(&out);
			rdx_fail(cause, RDX_INVALID, "bytes not valid in charset %s", charset);
			return NULL;
		}
	}
	char *dst = chunk;
	size_t room = sizeof chunk;
	iconv(cd, NULL, NULL, &dst, &room);
	sbuf_addn(&out, chunk, sizeof chunk - room);
	iconv_close(cd);
	free(copy);
	return sbuf_take(&out);
}

/* Windows-1252's 0x80-0x9F row; 0 marks the five undefined bytes. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Our own table rather than iconv: glibc's CP1252 refuses the undefined
 * bytes, and a legacy file must still come in. */
char *charset_cp1252_to_utf8(const char *in, size_t len)
{
	struct sbuf out;
	sbuf_init(&out);
	sbuf_addn(&out, "", 0);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		unsigned cp = c;
		if (c >= 0x80 && c < 0xA0)
			cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
		char enc[4];
		size_t n;
		if (cp < 0x80) {
			enc[0] = (char)cp;
			n = 1;
		} else if (cp < 0x800) {
			enc[0] = (char)(0xC0 | (cp >> 6));
			enc[1] = (char)(0x80 | (cp & 0x3F));
			n = 2;
		} else {
			enc[0] = (char)(0xE0 | (cp >> 12));
			enc[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			enc[2] = (char)(0x80 | (cp & 0x3F));
			n = 3;
		}
		sbuf_addn(&out, enc, n);
	}
	return sbuf_take(&out);
}

char *charset_fix_utf8(const char *s, size_t len, bool *converted)
{
	if (text_valid_utf8(s, len)) {
		if (converted)
			*converted = false;
		return xstrndup(s, len);
	}
	if (converted)
		*converted = true;
	return charset_cp1252_to_utf8(s, len);
}

/* ---- idmap -------------------------------------------------------------------- */

struct idmap_block {
	struct idmap_block *next;
	char bytes[];
};

/* Bytes of key storage a block holds (a larger key gets its own). */
#define IDMAP_BLOCK_BYTES (64 * 1024)

void idmap_init(struct idmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
	m->blocks = NULL;
	m->free_at = NULL;
	m->block_left = 0;
}

void idmap_done(struct idmap *m)
{
	while (m->blocks) {
		struct idmap_block *next = m->blocks->next;
		free(m->blocks);
		m->blocks = next;
	}
	free(m->slots);
	idmap_init(m);
}

static uint64_t idmap_hash(const char *s, size_t *len)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	const char *p = s;
	for (; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ull;
	}
	*len = (size_t)(p - s);
	return h;
}

static void idmap_resize(struct idmap *m, size_t cap)
{
	struct idmap_entry *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		size_t j = m->slots[i].hash & (cap - 1);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

static void idmap_grow(struct idmap *m)
{
	idmap_resize(m, m->cap ? m->cap * 2 : 1024);
}

void idmap_reserve(struct idmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 1024;
	while (cap / 4 * 3 < n + 1)
		cap *= 2;
	if (cap > m->cap)
		idmap_resize(m, cap);
}

/* A copy of key (len bytes and its NUL) in the map's blocks. */
static const char *idmap_keep(struct idmap *m, const char *key, size_t len)
{
	size_t need = len + 1;
	if (need > m->block_left) {
		size_t size = need > IDMAP_BLOCK_BYTES ? need : IDMAP_BLOCK_BYTES;
		struct idmap_block *b = xmalloc(sizeof *b + size);
		b->next = m->blocks;
		m->blocks = b;
		m->free_at = b->bytes;
		m->block_left = size;
	}
	char *copy = m->free_at;
	memcpy(copy, key, need);
	m->free_at += need;
	m->block_left -= need;
	return copy;
}

void idmap_put(struct idmap *m, const char *key, int64_t id)
{
	if (!key || !*key)
		return;
	/* Up to three quarters full: with the hashes beside the keys a
	 * longer probe costs little, and the slots are most of the map. */
	if ((m->count + 1) * 4 > m->cap * 3)
		idmap_grow(m);
	size_t len;
	uint64_t h = idmap_hash(key, &len);
	size_t j = h & (m->cap - 1);
	while (m->slots[j].key) {
		if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0)
			return;
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j].hash = h;
	m->slots[j].key = idmap_keep(m, key, len);
	m->slots[j].id = id;
	m->count++;
}

int64_t idmap_get(const struct idmap *m, const char *key)
{
	if (!m->cap || !key || !*key)
		return 0;
	size_t len;
	uint64_t h = idmap_hash(key, &len);
	size_t j = h & (m->cap - 1);
	while (m->slots[j].key) {
		if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0)
			return m->slots[j].id;
		j = (j + 1) & (m->cap - 1);
	}
	return 0;
}

/* ---- text helpers ----------------------------------------------------------- */

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool io_strieq(const char *a, const char *b)
{
	while (*a && *b && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

bool io_strnieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

char *io_ascii_lower(char *s)
{
	for (char *p = s; *p; p++)
		*p = (char)ascii_lower((unsigned char)*p);
	return s;
}

/* ---- text encodings of whole files ------------------------------------- */

enum io_encoding io_detect_encoding(const unsigned char *head, size_t n, size_t *bom_len)
{
	*bom_len = 0;
	if (n >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
		*bom_len = 2;
		return IO_ENC_UTF16LE;
	}
	if (n >= 2 && head[0] == 0xFE && head[1] == 0xFF) {
		*bom_len = 2;
		return IO_ENC_UTF16BE;
	}
	/* Without a mark: count NULs at even and odd offsets over the first
	 * code units.  ASCII text in UTF-16 has one in every unit, on the
	 * same side; a UTF-8 or 8-bit file has none, and binary data has
	 * them on both sides. */
	if (n < 8)
		return IO_ENC_8BIT; /* too little to tell */
	size_t units = n / 2;
	if (units > 64)
		units = 64;
	size_t even = 0, odd = 0;
	for (size_t i = 0; i < units; i++) {
		even += head[2 * i] == 0;
		odd += head[2 * i + 1] == 0;
	}
	if (odd * 4 >= units * 3 && even * 8 <= units)
		return IO_ENC_UTF16LE;
	if (even * 4 >= units * 3 && odd * 8 <= units)
		return IO_ENC_UTF16BE;
	return IO_ENC_8BIT;
}

static void put_utf8(struct sbuf *b, unsigned cp)
{
	if (cp < 0x80) {
		sbuf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		sbuf_addc(b, (char)(0xC0 | (cp >> 6)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		sbuf_addc(b, (char)(0xE0 | (cp >> 12)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		sbuf_addc(b, (char)(0xF0 | (cp >> 18)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		sbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		sbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

FILE *io_utf16_to_utf8(FILE *in, enum io_encoding enc, const char *name, enum rdx_status *status, char **cause)
{
	FILE *out = tmpfile();
	if (!out) {
		*status = rdx_fail(cause, RDX_IO, "cannot create a temporary file: %s", strerror(errno));
		return NULL;
	}
	unsigned char buf[65536];
	size_t have = 0;     /* bytes in buf not decoded yet */
	unsigned high = 0;   /* a high surrogate waiting for its pair */
	struct sbuf b;
	sbuf_init(&b);
	bool eof = false;
	while (!eof) {
		size_t got = fread(buf + have, 1, sizeof buf - have, in);
		if (got == 0) {
			if (ferror(in)) {
				*status = rdx_fail(cause, RDX_IO, "%s: cannot read: %s", name, strerror(errno));
				goto fail;
			}
			eof = true;
		}
		have += got;
		size_t i = 0;
		sbuf_clear(&b);
		for (; i + 1 < have; i += 2) {
			unsigned u = enc == IO_ENC_UTF16LE ? (unsigned)(buf[i] | buf[i + 1] << 8)
							   : (unsigned)(buf[i] << 8 | buf[i + 1]);
			if (high && u >= 0xDC00 && u <= 0xDFFF) {
				put_utf8(&b, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
				high = 0;
				continue;
			}
			if (high)
				put_utf8(&b, 0xFFFD);
			high = 0;
			if (u >= 0xD800 && u <= 0xDBFF)
				high = u;
			else if (u >= 0xDC00 && u <= 0xDFFF)
				put_utf8(&b, 0xFFFD);
			else
				put_utf8(&b, u);
		}
		if (eof && (high || i < have))
			put_utf8(&b, 0xFFFD); /* a cut-off surrogate pair or odd last byte */
		memmove(buf, buf + i, have - i);
		have -= i;
		if (b.len && fwrite(b.s, 1, b.len, out) != b.len) {
			*status = rdx_fail(cause, RDX_IO, "cannot write a temporary file: %s", strerror(errno));
			goto fail;
		}
	}
	if (fflush(out) != 0 || fseek(out, 0, SEEK_SET) != 0) {
		*status = rdx_fail(cause, RDX_IO, "cannot write a temporary file: %s", strerror(errno));
		goto fail;
	}
	sbuf_done(&b);
	return out;
fail:
	sbuf_done(&b);
	fclose(out);
	return NULL;
}
