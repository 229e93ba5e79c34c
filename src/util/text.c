/*
 * text.c - UTF-8 measured and cut by display columns, sanitized for the
 * terminal, folded for sorting, and segmented for the FTS5 tokenizer.
 *
 * Input is always UTF-8 whatever the locale, so decoding is done here with
 * a strict decoder (no overlongs, surrogates or code points past U+10FFFF);
 * the locale only supplies wcwidth().  glibc's wchar_t is UCS-4 in every
 * locale, which is what lets a decoded code point go straight to wcwidth().
 *
 * A "cluster" below is a character of non-zero width followed by the
 * zero-width characters (combining marks, variation selectors) that draw
 * on top of it.  Cuts and cursor moves never split a cluster.
 */
#include "rolodex/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "rolodex/xalloc.h"

#define REPLACEMENT 0xFFFDu
#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column */
#define ELLIPSIS_LEN 3

/* Returns the length of the valid sequence at s, or 0 when invalid. */
static size_t utf8_decode_strict(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v;
	unsigned char lo = 0x80;
	unsigned char hi = 0xBF;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		return 0; /* stray continuation, C0/C1 overlong lead, F5.. */
	}
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	v = (v << 6) | (s[1] & 0x3F);
	for (size_t i = 2; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return n;
}

bool text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode_strict(p + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t text_decode(const char *s, size_t len, uint32_t *cp)
{
	size_t n = utf8_decode_strict((const unsigned char *)s, len, cp);
	if (n == 0) {
		*cp = REPLACEMENT;
		return 1;
	}
	return n;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * BiDi overrides can make a name display reversed (the "Trojan Source"
 * trick) and zero-width characters make two names look identical, so both
 * are made visible rather than dropped.
 */
static bool is_invisible_format(uint32_t cp)
{
	switch (cp) {
	case 0x00AD: /* soft hyphen */
	case 0x061C: /* Arabic letter mark */
	case 0x200B: /* zero width space */
	case 0x200C: /* ZWNJ */
	case 0x200D: /* ZWJ */
	case 0x200E: /* LRM */
	case 0x200F: /* RLM */
	case 0x2060: /* word joiner */
	case 0xFEFF: /* BOM / ZWNBSP */
		return true;
	default:
		break;
	}
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* What cp is shown as; '\n' maps to itself only with keep_newlines. */
static uint32_t sanitize_cp(uint32_t cp, bool keep_newlines)
{
	if (cp == '\t')
		return ' ';
	if (cp == '\n' && keep_newlines)
		return cp;
	if (cp < 0x20)
		return 0x2400 + cp;
	if (cp == 0x7F)
		return 0x2421;
	if (cp >= 0x80 && cp <= 0x9F)
		return REPLACEMENT;
	if (is_invisible_format(cp))
		return REPLACEMENT;
	return cp;
}

/* Width of an already sanitized code point. */
static int shown_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1; /* unknown to the locale: assume one cell */
	return w > 2 ? 2 : w;
}

int text_cp_width(uint32_t cp)
{
	return shown_width(sanitize_cp(cp, false));
}

int text_width_n(const char *s, size_t bytes)
{
	int width = 0;
	size_t i = 0;
	uint32_t cp;

	while (i < bytes && s[i] != '\0') {
		i += text_decode(s + i, bytes - i, &cp);
		width += text_cp_width(cp);
	}
	return width;
}

int text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

char *text_sanitize(const char *s, bool keep_newlines)
{
	size_t len = strlen(s);
	/* Worst case: every byte becomes a 3-byte U+FFFD or control picture;
	 * a valid 4-byte sequence stays 4 bytes. */
	char *out = xmalloc(len * 3 + 1);
	size_t i = 0;
	size_t o = 0;
	uint32_t cp;

	while (i < len) {
		i += text_decode(s + i, len - i, &cp);
		o += utf8_encode(sanitize_cp(cp, keep_newlines), out + o);
	}
	out[o] = '\0';
	return out;
}

bool text_is_sanitized(const char *s, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		uint32_t cp;
		/* A valid sequence is the one encoding of its code point, so a
		 * code point sanitize_cp keeps comes out as the same bytes. */
		size_t n = utf8_decode_strict(p + i, len - i, &cp);
		if (n == 0 || sanitize_cp(cp, keep_newlines) != cp)
			return false;
		i += n;
	}
	return true;
}

/*
 * Byte length and width of the cluster at t[i]; combining marks ride along
 * with their base so a cut never orphans them.  Widths are those after
 * sanitizing, so a ZWJ counts as its visible U+FFFD, not as a mark.
 */
static size_t cluster_span(const char *t, size_t len, size_t i, int *width)
{
	uint32_t cp;
	size_t start = i;

	i += text_decode(t + i, len - i, &cp);
	*width = text_cp_width(cp);
	while (i < len) {
		size_t n = text_decode(t + i, len - i, &cp);
		if (text_cp_width(cp) != 0)
			break;
		i += n;
	}
	return i - start;
}

/* Copies whole clusters of t while they fit in cols columns and room
 * bytes; returns the bytes copied and their width in *width. */
static size_t copy_clusters(const char *t, size_t len, int cols, size_t room,
			    char *out, int *width)
{
	size_t i = 0;
	int used = 0;

	while (i < len) {
		int w;
		size_t n = cluster_span(t, len, i, &w);
		if (used + w > cols || i + n > room)
			break;
		memcpy(out + i, t + i, n);
		i += n;
		used += w;
	}
	*width = used;
	return i;
}

int text_fit(const char *s, int columns, char *out, size_t outsize)
{
	if (outsize == 0)
		return 0;
	out[0] = '\0';
	if (columns <= 0)
		return 0;

	char *t = text_sanitize(s, false);
	size_t len = strlen(t);
	int total = text_width(t);
	int width;
	size_t n;

	if (total <= columns && len < outsize) {
		memcpy(out, t, len + 1);
		free(t);
		return total;
	}
	if (outsize > ELLIPSIS_LEN) {
		n = copy_clusters(t, len, columns - 1, outsize - 1 - ELLIPSIS_LEN,
				  out, &width);
		memcpy(out + n, ELLIPSIS, ELLIPSIS_LEN);
		n += ELLIPSIS_LEN;
		width += 1;
	} else {
		/* No room for the ellipsis: whole clusters only. */
		n = copy_clusters(t, len, columns, outsize - 1, out, &width);
	}
	out[n] = '\0';
	free(t);
	return width;
}

int text_fit_words(const char *s, int columns, char *out, size_t outsize)
{
	if (outsize == 0)
		return 0;
	out[0] = '\0';
	if (columns <= 0 || s == NULL)
		return 0;
	if (text_width(s) <= columns)
		return text_fit(s, columns, out, outsize);

	/* The longest run of whole words that leaves a column for "…";
	 * separators left at its end (" ·", ",", ":") go with the rest. */
	size_t len = strlen(s), i = 0, best = 0;
	int width = 0;
	while (i < len) {
		uint32_t cp;
		size_t l = text_decode(s + i, len - i, &cp);
		if (cp == ' ' && width + 1 <= columns)
			best = i;
		width += text_cp_width(cp);
		if (width > columns)
			break;
		i += l;
	}
	for (;;) {
		if (best > 0 && strchr(" ,;:", s[best - 1]) != NULL)
			best--;
		else if (best >= 2 && memcmp(s + best - 2, "\xc2\xb7", 2) == 0) /* "·" */
			best -= 2;
		else
			break;
	}
	if (best == 0)
		return text_fit(s, columns, out, outsize);
	char *head = malloc(best + sizeof ELLIPSIS);
	if (head == NULL)
		return text_fit(s, columns, out, outsize);
	memcpy(head, s, best);
	memcpy(head + best, ELLIPSIS, sizeof ELLIPSIS);
	int w = text_fit(head, columns, out, outsize);
	free(head);
	return w;
}

int text_fit_pad(const char *s, int columns, char *out, size_t outsize)
{
	int width = text_fit(s, columns, out, outsize);
	if (outsize == 0)
		return width;
	size_t n = strlen(out);
	while (width < columns && n + 1 < outsize) {
		out[n++] = ' ';
		width++;
	}
	out[n] = '\0';
	return width;
}

/* Start of the code point that ends at pos, or pos - 1 for a stray byte. */
static size_t cp_start_before(const char *s, size_t len, size_t pos)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	for (size_t k = 1; k <= 4 && k <= pos; k++) {
		size_t i = pos - k;
		if ((p[i] & 0xC0) == 0x80)
			continue;
		if (utf8_decode_strict(p + i, len - i, &cp) == k)
			return i;
		break;
	}
	return pos - 1;
}

size_t text_prev_char(const char *s, size_t len, size_t pos)
{
	uint32_t cp;

	if (pos > len)
		pos = len;
	while (pos > 0) {
		pos = cp_start_before(s, len, pos);
		text_decode(s + pos, len - pos, &cp);
		/* A zero-width mark belongs to the character before it. */
		if (text_cp_width(cp) != 0)
			break;
	}
	return pos;
}

size_t text_next_char(const char *s, size_t len, size_t pos)
{
	int width;

	if (pos >= len)
		return len;
	return pos + cluster_span(s, len, pos, &width);
}

static bool is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

size_t text_prev_word(const char *s, size_t len, size_t pos)
{
	if (pos > len)
		pos = len;
	while (pos > 0 && is_ascii_space(s[pos - 1]))
		pos--;
	/* Bytes of multi-byte characters are never ASCII spaces, so this
	 * stops on a character boundary. */
	while (pos > 0 && !is_ascii_space(s[pos - 1]))
		pos--;
	return pos;
}

/*
 * Base letters of U+00C0..U+017F, 16 to a line.  '*' keeps the character
 * (× and ÷); '+' marks a letter that folds to two (see fold_latin_pair).
 */
static const char fold_latin_base[] =
	"aaaaaa+ceeeeiiii"  /* U+00C0 À..Ï */
	"dnooooo*ouuuuy++"  /* U+00D0 Ð..ß */
	"aaaaaa+ceeeeiiii"  /* U+00E0 à..ï */
	"dnooooo*ouuuuy+y"  /* U+00F0 ð..ÿ */
	"aaaaaaccccccccdd"  /* U+0100 Ā..ď */
	"ddeeeeeeeeeegggg"  /* U+0110 Đ..ğ */
	"gggghhhhiiiiiiii"  /* U+0120 Ġ..į */
	"ii++jjkkklllllll"  /* U+0130 İ..Ŀ */
	"lllnnnnnnnnnoooo"  /* U+0140 ŀ..ŏ */
	"oo++rrrrrrssssss"  /* U+0150 Ő..ş */
	"ssttttttuuuuuuuu"  /* U+0160 Š..ů */
	"uuuuwwyyyzzzzzzs"; /* U+0170 Ű..ſ */

static const char *fold_latin_pair(uint32_t cp)
{
	switch (cp) {
	case 0x00C6:
	case 0x00E6:
		return "ae";
	case 0x00DE:
	case 0x00FE:
		return "th";
	case 0x00DF:
		return "ss";
	case 0x0132:
	case 0x0133:
		return "ij";
	case 0x0152:
	case 0x0153:
		return "oe";
	default:
		return NULL;
	}
}

static bool is_space_cp(uint32_t cp)
{
	if (cp < 0x80)
		return is_ascii_space((char)cp);
	return cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000 || cp == 0x2028 || cp == 0x2029;
}

char *text_fold(const char *s)
{
	size_t len = strlen(s);
	/* A code point never grows: 2-byte Latin folds to at most 2 ASCII
	 * bytes, towlower stays in its UTF-8 length class in practice, and
	 * invalid bytes become 3 bytes at most, so 3x is a safe bound. */
	char *out = xmalloc(len * 3 + 1);
	size_t i = 0;
	size_t o = 0;
	bool pending_space = false;
	uint32_t cp;

	while (i < len) {
		i += text_decode(s + i, len - i, &cp);
		if (is_space_cp(cp)) {
			pending_space = o > 0;
			continue;
		}
		if (pending_space) {
			out[o++] = ' ';
			pending_space = false;
		}
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
			out[o++] = (char)cp;
		} else if (cp >= 0xC0 && cp <= 0x17F) {
			char base = fold_latin_base[cp - 0xC0];
			if (base == '+') {
				const char *pair = fold_latin_pair(cp);
				out[o++] = pair[0];
				out[o++] = pair[1];
			} else if (base == '*') {
				o += utf8_encode(cp, out + o);
			} else {
				out[o++] = base;
			}
		} else {
			wint_t lower = towlower((wint_t)cp);
			/* Guard the buffer bound above: only accept a mapping
			 * that encodes no longer than the original. */
			if (lower > 0 && lower <= 0x10FFFF &&
			    (lower < 0xD800 || lower > 0xDFFF)) {
				char tmp[4];
				if (utf8_encode((uint32_t)lower, tmp) <=
				    utf8_encode(cp, tmp))
					cp = (uint32_t)lower;
			}
			o += utf8_encode(cp, out + o);
		}
	}
	out[o] = '\0';
	return out;
}

bool text_is_cjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* ext. A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* unified ideographs */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility */
	       (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* Hangul syllables */
	       (cp >= 0x20000 && cp <= 0x2FA1F) || /* ext. B.. */
	       (cp >= 0xFF66 && cp <= 0xFF9F);     /* halfwidth katakana */
}

char *text_fts_segment(const char *s)
{
	size_t len = strlen(s);
	/* At most one space per character, and a character is >= 1 byte. */
	char *out = xmalloc(len * 2 + 1);
	size_t i = 0;
	size_t o = 0;
	bool prev_cjk = false;
	uint32_t cp;

	while (i < len) {
		size_t n = text_decode(s + i, len - i, &cp);
		bool cjk = text_is_cjk(cp);
		if (cjk && prev_cjk)
			out[o++] = ' ';
		memcpy(out + o, s + i, n);
		o += n;
		i += n;
		prev_cjk = cjk;
	}
	out[o] = '\0';
	return out;
}

char *text_trim(char *s)
{
	size_t start = 0;
	size_t end = strlen(s);

	while (start < end && is_ascii_space(s[start]))
		start++;
	while (end > start && is_ascii_space(s[end - 1]))
		end--;
	memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return s;
}

void text_format_count(int64_t n, char *out, size_t outsize)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? -n : n));
	size_t o = 0;

	if (outsize == 0)
		return;
	if (n < 0 && o + 1 < outsize)
		out[o++] = '-';
	for (int i = 0; i < len && o + 1 < outsize; i++) {
		if (i > 0 && (len - i) % 3 == 0 && o + 1 < outsize)
			out[o++] = ',';
		if (o + 1 < outsize)
			out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* ---- transliteration ------------------------------------------------------ */

/* Cyrillic а..я (U+0430..U+044F). */
static const char *const cyrillic_latin[32] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
};

/* Greek α..ω (U+03B1..U+03C9); U+03C2 is final sigma. */
static const char *const greek_latin[25] = {
	"a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n",
	"x", "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o",
};

/* A Cyrillic or Greek letter as its lower-case, unaccented base letter;
 * 0 for anything else. */
static uint32_t translit_base(uint32_t cp)
{
	if (cp >= 0x0410 && cp <= 0x042F)
		return cp + 0x20;
	if (cp >= 0x0400 && cp <= 0x040F)
		return cp + 0x50;
	if ((cp >= 0x0430 && cp <= 0x045F) || cp == 0x0491)
		return cp;
	if (cp == 0x0490)
		return 0x0491;
	if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2)
		return cp + 0x20;
	if (cp >= 0x03B1 && cp <= 0x03C9)
		return cp;
	switch (cp) {
	case 0x0386: case 0x03AC: return 0x03B1; /* ά */
	case 0x0388: case 0x03AD: return 0x03B5; /* έ */
	case 0x0389: case 0x03AE: return 0x03B7; /* ή */
	case 0x038A: case 0x03AF: case 0x03AA: case 0x03CA: case 0x0390: return 0x03B9; /* ί ϊ ΐ */
	case 0x038C: case 0x03CC: return 0x03BF; /* ό */
	case 0x038E: case 0x03CD: case 0x03AB: case 0x03CB: case 0x03B0: return 0x03C5; /* ύ ϋ ΰ */
	case 0x038F: case 0x03CE: return 0x03C9; /* ώ */
	default: return 0;
	}
}

static const char *translit_letter(uint32_t base, uint32_t next)
{
	if (base >= 0x0430 && base <= 0x044F) {
		/* ий and ый are "y": Dmitry, not Dmitrii. */
		if ((base == 0x0438 || base == 0x044B) && next == 0x0439)
			return NULL;
		return cyrillic_latin[base - 0x0430];
	}
	switch (base) {
	case 0x0450: return "e"; /* ѐ */
	case 0x0451: return "e"; /* ё */
	case 0x0454: return "ye"; /* є */
	case 0x0456: return "i"; /* і */
	case 0x0457: return "yi"; /* ї */
	case 0x0491: return "g"; /* ґ */
	case 0x045E: return "u"; /* ў */
	}
	if (base >= 0x0400 && base <= 0x045F)
		return "";
	if (base >= 0x03B1 && base <= 0x03C9) {
		if (base == 0x03BF && next == 0x03C5) /* ου */
			return "ou";
		return greek_latin[base - 0x03B1];
	}
	return "";
}

char *text_translit(const char *s)
{
	size_t len = strlen(s);
	/* The longest spelling (щ, shch) is 4 bytes for a 2-byte letter. */
	char *out = xmalloc(len * 2 + 2);
	size_t o = 0;
	size_t i = 0;
	while (i < len) {
		/* One word at a time; a word without a Cyrillic or Greek letter
		 * adds nothing (its own spelling is indexed already). */
		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		size_t start = o;
		bool any = false;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') {
			uint32_t cp;
			i += text_decode(s + i, len - i, &cp);
			uint32_t base = translit_base(cp);
			if (base == 0) {
				if (cp < 0x80 && isalnum((int)cp)) {
					out[o++] = (char)tolower((int)cp);
				}
				continue;
			}
			any = true;
			uint32_t next = 0;
			if (i < len) {
				uint32_t ncp;
				text_decode(s + i, len - i, &ncp);
				next = translit_base(ncp);
			}
			const char *latin = translit_letter(base, next);
			if (latin == NULL) {
				/* ий / ый: "y", and the й after it is skipped. */
				out[o++] = 'y';
				uint32_t skip;
				i += text_decode(s + i, len - i, &skip);
				continue;
			}
			if (base == 0x03BF && next == 0x03C5) {
				uint32_t skip;
				i += text_decode(s + i, len - i, &skip);
			}
			size_t n = strlen(latin);
			memcpy(out + o, latin, n);
			o += n;
		}
		if (!any || o == start) {
			o = start;
			continue;
		}
		out[o++] = ' ';
	}
	if (o > 0)
		o--; /* the last word's space */
	out[o] = '\0';
	return out;
}
