/*
 * text.h - UTF-8 text measured and cut by display columns, made safe for a
 * terminal, and folded for sorting and searching.  No curses, no sqlite.
 *
 * All functions take NUL-terminated UTF-8.  Invalid bytes are treated as one
 * column each and shown as U+FFFD by text_sanitize.  Widths follow wcwidth()
 * in the current locale (the program runs setlocale(LC_ALL, "") first; tests
 * use C.UTF-8): CJK and emoji are 2 columns, combining marks 0.
 */
#ifndef ROLODEX_TEXT_H
#define ROLODEX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s (len bytes) is valid UTF-8 with no overlong forms, surrogates
 * or code points above U+10FFFF. */
bool text_valid_utf8(const char *s, size_t len);

/* Decodes one character at s (at most len bytes). Stores the code point in
 * *cp and returns its byte length (>= 1); an invalid sequence yields
 * *cp = 0xFFFD and length 1.  len must be > 0. */
size_t text_decode(const char *s, size_t len, uint32_t *cp);

/* Display width of one code point: 0, 1 or 2 (control characters count as
 * the width of their visible replacement, see text_sanitize). */
int text_cp_width(uint32_t cp);

/* Display width in columns of s after sanitizing. */
int text_width(const char *s);

/*
 * Returns a newly allocated copy of s that is safe to send to a terminal:
 *  - C0 controls (U+0000-U+001F) except as noted become the caret form shown
 *    as a Unicode control picture (U+2400 + c, e.g. ESC -> U+241B "␛");
 *    with keep_newlines, '\n' is kept (for multi-line notes); TAB becomes
 *    one space;
 *  - DEL (U+007F) -> U+2421; C1 controls (U+0080-U+009F) -> U+FFFD;
 *  - BiDi controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, U+061C)
 *    and zero-width/format characters (U+200B-U+200D, U+2060, U+FEFF,
 *    U+00AD) -> U+FFFD;
 *  - invalid UTF-8 bytes -> U+FFFD.
 * Caller frees.
 */
char *text_sanitize(const char *s, bool keep_newlines);
/* Whether text_sanitize(s, keep_newlines) would return s unchanged (most
 * text): then it can be written as it is, without the copy. */
bool text_is_sanitized(const char *s, bool keep_newlines);

/*
 * Writes into out (capacity outsize bytes, always NUL-terminated) the
 * sanitized s cut to at most `columns` display columns at a character
 * boundary; when cut, the last column holds "…" (U+2026).  Returns the width
 * in columns of what was written.  columns <= 0 writes "".
 */
int text_fit(const char *s, int columns, char *out, size_t outsize);

/* Like text_fit, but a text that does not fit is cut at a word boundary
 * (before a space, dropping separators such as " ·" or ":" left at the
 * end) and ends in "…"; a first word wider than `columns` is cut inside. */
int text_fit_words(const char *s, int columns, char *out, size_t outsize);

/* A count as people read it on the screen, with thousands separators:
 * "8,137", "1,000,000".  The one number style of every screen message. */
void text_format_count(int64_t n, char *out, size_t outsize);

/* Like text_fit, then pads with spaces to exactly `columns` columns. */
int text_fit_pad(const char *s, int columns, char *out, size_t outsize);

/* Byte offset of the character boundary before / after byte offset pos in
 * s (len bytes); used by line editors.  Stays within [0, len]. */
size_t text_prev_char(const char *s, size_t len, size_t pos);
size_t text_next_char(const char *s, size_t len, size_t pos);

/* Byte offset where the word before pos starts (for Ctrl-W): skips spaces
 * backwards, then non-spaces. */
size_t text_prev_word(const char *s, size_t len, size_t pos);

/* Width of the first `bytes` bytes of s. */
int text_width_n(const char *s, size_t bytes);

/*
 * Folds s for sorting and matching: lower case, Latin diacritics removed
 * (é->e, ß->ss, Ø->o, ł->l ...), runs of white space collapsed to one space,
 * leading/trailing space dropped.  Non-Latin scripts are kept as they are.
 * Caller frees.
 */
char *text_fold(const char *s);

/*
 * Prepares text for the FTS5 unicode61 tokenizer so that CJK names can be
 * found by any of their characters: inserts a space between consecutive
 * CJK ideographs, kana and Hangul syllables (unicode61 would otherwise make
 * one token of a whole CJK run).  Other text is copied unchanged.  Used on
 * both indexed text and query words.  Caller frees.
 */
char *text_fts_segment(const char *s);

/*
 * The Latin spelling of the Cyrillic and Greek letters in s, in lower case,
 * for the search index: "Дмитрий Иванов" -> "dmitry ivanov", "Αλέξανδρος
 * Παπαδόπουλος" -> "alexandros papadopoulos" (the usual English-language
 * spellings: х kh, ц ts, щ shch, ий y; Greek ου ou, θ th, χ ch, ψ ps).
 * Words without such letters are left out; "" when there are none.
 * Caller frees.
 */
char *text_translit(const char *s);

/* True when cp is a CJK ideograph, kana or Hangul syllable. */
bool text_is_cjk(uint32_t cp);

/* Trims leading and trailing ASCII white space in place; returns s. */
char *text_trim(char *s);

#endif
