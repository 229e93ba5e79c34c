/*
 * test_text.c - unit tests for the text module: UTF-8 decoding, display
 * widths, sanitizing for the terminal, fitting by columns, cursor motion,
 * folding and CJK segmentation.  Runs in C.UTF-8 (set by the test env).
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rolodex/text.h"

/* Sanitizes and compares, freeing the result. */
static void check_sanitize(const char *in, bool keep_newlines, const char *want)
{
	char *got = text_sanitize(in, keep_newlines);
	assert_string_equal(got, want);
	/* The shortcut for clean text agrees with the copy. */
	assert_int_equal(text_is_sanitized(in, keep_newlines), strcmp(got, in) == 0);
	free(got);
}

static void test_is_sanitized(void **state)
{
	(void)state;
	assert_true(text_is_sanitized("", false));
	assert_true(text_is_sanitized("Ada Lovelace <ada@example.org>", false));
	assert_true(text_is_sanitized("Zo\xc3\xab \xe9\xab\x98\xe6\xa9\x8b \xf0\x9f\x98\x80", false));
	assert_true(text_is_sanitized("two\nlines", true));
	assert_false(text_is_sanitized("two\nlines", false));
	assert_false(text_is_sanitized("tab\there", true));
	assert_false(text_is_sanitized("\x1b[31mred", false));
	assert_false(text_is_sanitized("del\x7f", false));
	assert_false(text_is_sanitized("c1 \xc2\x9b", false));
	assert_false(text_is_sanitized("bidi \xe2\x80\xae", false));
	assert_false(text_is_sanitized("cut \xc3", false));
	assert_false(text_is_sanitized("overlong \xc0\xaf", false));
	assert_false(text_is_sanitized("ascii then bad \xff", false));
}

static void check_fold(const char *in, const char *want)
{
	char *got = text_fold(in);
	assert_string_equal(got, want);
	free(got);
}

static void check_segment(const char *in, const char *want)
{
	char *got = text_fts_segment(in);
	assert_string_equal(got, want);
	free(got);
}

/* Fits into a roomy buffer and checks text and returned width. */
static void check_fit(const char *in, int columns, const char *want, int want_width)
{
	char out[256];
	int width = text_fit(in, columns, out, sizeof(out));
	assert_string_equal(out, want);
	assert_int_equal(width, want_width);
	assert_int_equal(text_width(out), want_width);
}

static void test_valid_utf8(void **state)
{
	(void)state;
	assert_true(text_valid_utf8("", 0));
	assert_true(text_valid_utf8("abc", 3));
	assert_true(text_valid_utf8("\xc3\xa9", 2));             /* é */
	assert_true(text_valid_utf8("\xe4\xb8\xad", 3));         /* 中 */
	assert_true(text_valid_utf8("\xf0\x9f\x98\x80", 4));     /* 😀 */
	assert_true(text_valid_utf8("\xf4\x8f\xbf\xbf", 4));     /* U+10FFFF */
	assert_true(text_valid_utf8("\xed\x9f\xbf", 3));         /* U+D7FF */
	assert_true(text_valid_utf8("\xee\x80\x80", 3));         /* U+E000 */
	assert_false(text_valid_utf8("\xc3", 1));                /* truncated */
	assert_false(text_valid_utf8("\xe4\xb8", 2));            /* truncated */
	assert_false(text_valid_utf8("\x80", 1));                /* stray cont. */
	assert_false(text_valid_utf8("\xc0\xaf", 2));            /* overlong / */
	assert_false(text_valid_utf8("\xc1\xbf", 2));            /* overlong */
	assert_false(text_valid_utf8("\xe0\x80\xaf", 3));        /* overlong */
	assert_false(text_valid_utf8("\xe0\x9f\xbf", 3));        /* overlong */
	assert_false(text_valid_utf8("\xf0\x80\x80\xaf", 4));    /* overlong */
	assert_false(text_valid_utf8("\xf0\x8f\xbf\xbf", 4));    /* overlong */
	assert_false(text_valid_utf8("\xed\xa0\x80", 3));        /* U+D800 */
	assert_false(text_valid_utf8("\xed\xbf\xbf", 3));        /* U+DFFF */
	assert_false(text_valid_utf8("\xf4\x90\x80\x80", 4));    /* > U+10FFFF */
	assert_false(text_valid_utf8("\xf5\x80\x80\x80", 4));
	assert_false(text_valid_utf8("\xff", 1));
	assert_false(text_valid_utf8("\xfe", 1));
	assert_false(text_valid_utf8("\xc3\x28", 2));            /* bad cont. */
	/* len bounds the check: the valid prefix alone is valid. */
	assert_true(text_valid_utf8("ab\xff", 2));
}

static void test_decode(void **state)
{
	uint32_t cp;
	(void)state;
	assert_int_equal(text_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(text_decode("\xc3\xa9x", 3, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(text_decode("\xe4\xb8\xad", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(text_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* Invalid sequences: one byte, U+FFFD. */
	assert_int_equal(text_decode("\xe4\xb8\xad", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xed\xa0\x80", 3, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xc0\x80", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

static void test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(text_cp_width('a'), 1);
	assert_int_equal(text_cp_width(0xE9), 1);     /* é */
	assert_int_equal(text_cp_width(0x4E2D), 2);   /* 中 */
	assert_int_equal(text_cp_width(0xAC00), 2);   /* 가 */
	assert_int_equal(text_cp_width(0x1F600), 2);  /* 😀 */
	assert_int_equal(text_cp_width(0x0301), 0);   /* combining acute */
	assert_int_equal(text_cp_width(0x1B), 1);     /* ␛ */
	assert_int_equal(text_cp_width(0x00), 1);     /* ␀ */
	assert_int_equal(text_cp_width(0x7F), 1);     /* ␡ */
	assert_int_equal(text_cp_width(0x9B), 1);     /* U+FFFD */
	assert_int_equal(text_cp_width(0x200B), 1);   /* U+FFFD */
	assert_int_equal(text_cp_width(0x202E), 1);   /* U+FFFD */
	assert_int_equal(text_cp_width('\t'), 1);     /* space */
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("Ada Lovelace"), 12);
	assert_int_equal(text_width("Zoë"), 3);
	assert_int_equal(text_width("e\xcc\x81"), 1);          /* e + U+0301 */
	assert_int_equal(text_width("山田太郎"), 8);
	assert_int_equal(text_width("김민준"), 6);
	assert_int_equal(text_width("ｶﾀｶﾅ"), 4);               /* halfwidth */
	assert_int_equal(text_width("a😀b"), 4);
	assert_int_equal(text_width("\xe2\x80\xa6"), 1);       /* … */
	assert_int_equal(text_width("a\x1b[31mb"), 7);         /* ␛ shown */
	assert_int_equal(text_width("a\xff\xfe" "b"), 4);      /* 2 invalid */
	assert_int_equal(text_width("a\tb"), 3);
	assert_int_equal(text_width("a\nb"), 3);
	assert_int_equal(text_width_n("山田太郎", 6), 4);
	assert_int_equal(text_width_n("山田太郎", 4), 2 + 1); /* 1 stray byte */
	assert_int_equal(text_width_n("abc", 0), 0);
}

static void test_sanitize_plain(void **state)
{
	(void)state;
	check_sanitize("", false, "");
	check_sanitize("Grace Hopper", false, "Grace Hopper");
	check_sanitize("Zoë 山田 😀 e\xcc\x81", false, "Zoë 山田 😀 e\xcc\x81");
	check_sanitize("a\tb", false, "a b");
	check_sanitize("a\nb", false, "a\xe2\x90\x8a" "b");     /* ␊ */
	check_sanitize("a\nb", true, "a\nb");
	check_sanitize("a\rb", true, "a\xe2\x90\x8d" "b");      /* ␍ */
	check_sanitize("\x01", false, "\xe2\x90\x81");          /* ␁ */
	check_sanitize("\x1f", false, "\xe2\x90\x9f");          /* ␟ */
	check_sanitize("\x7f", false, "\xe2\x90\xa1");          /* ␡ */
}

static void test_sanitize_escapes(void **state)
{
	(void)state;
	/* CSI colour. */
	check_sanitize("\x1b[31mred", false, "\xe2\x90\x9b[31mred");
	/* OSC 52 clipboard write terminated by BEL. */
	check_sanitize("\x1b]52;c;ZXZpbA==\x07", false,
		       "\xe2\x90\x9b]52;c;ZXZpbA==\xe2\x90\x87");
	/* OSC terminated by ST (ESC \). */
	check_sanitize("\x1b]0;title\x1b\\", false,
		       "\xe2\x90\x9b]0;title\xe2\x90\x9b\\");
	/* C1 CSI U+009B (encoded) and raw 0x9B byte. */
	check_sanitize("\xc2\x9b" "31m", false, "\xef\xbf\xbd" "31m");
	check_sanitize("\x9b" "31m", false, "\xef\xbf\xbd" "31m");
	check_sanitize("\xc2\x80\xc2\x9f", false, "\xef\xbf\xbd\xef\xbf\xbd");
	/* U+00A0 is not a control and stays. */
	check_sanitize("\xc2\xa0", false, "\xc2\xa0");
}

static void test_sanitize_format_chars(void **state)
{
	(void)state;
	/* RLO: "evil\u202Etxt.exe" */
	check_sanitize("evil\xe2\x80\xae" "exe.txt", false,
		       "evil\xef\xbf\xbd" "exe.txt");
	check_sanitize("\xe2\x80\x8e\xe2\x80\x8f", false,
		       "\xef\xbf\xbd\xef\xbf\xbd");                  /* LRM RLM */
	check_sanitize("\xe2\x80\xaa\xe2\x80\xac", false,
		       "\xef\xbf\xbd\xef\xbf\xbd");                  /* LRE PDF */
	check_sanitize("\xe2\x81\xa6\xe2\x81\xa9", false,
		       "\xef\xbf\xbd\xef\xbf\xbd");                  /* LRI PDI */
	check_sanitize("\xd8\x9c", false, "\xef\xbf\xbd");          /* ALM */
	check_sanitize("a\xe2\x80\x8b" "b", false, "a\xef\xbf\xbd" "b"); /* ZWSP */
	check_sanitize("\xe2\x80\x8c\xe2\x80\x8d", false,
		       "\xef\xbf\xbd\xef\xbf\xbd");                  /* ZWNJ ZWJ */
	check_sanitize("\xe2\x81\xa0", false, "\xef\xbf\xbd");      /* WJ */
	check_sanitize("\xef\xbb\xbf" "Bob", false, "\xef\xbf\xbd" "Bob");
	check_sanitize("co\xc2\xad" "op", false, "co\xef\xbf\xbd" "op");
	/* Neighbours of the ranges are untouched. */
	check_sanitize("\xe2\x80\x90", false, "\xe2\x80\x90");      /* U+2010 */
	check_sanitize("\xe2\x80\xaf", false, "\xe2\x80\xaf");      /* U+202F */
	check_sanitize("\xe2\x81\xa5", false, "\xe2\x81\xa5");      /* U+2065 */
	check_sanitize("\xe2\x81\xaa", false, "\xe2\x81\xaa");      /* U+206A */
}

static void test_sanitize_invalid(void **state)
{
	(void)state;
	check_sanitize("a\xff" "b", false, "a\xef\xbf\xbd" "b");
	/* Truncated sequence: each byte on its own. */
	check_sanitize("\xe4\xb8", false, "\xef\xbf\xbd\xef\xbf\xbd");
	/* Overlong '/' and overlong NUL. */
	check_sanitize("\xc0\xaf", false, "\xef\xbf\xbd\xef\xbf\xbd");
	check_sanitize("\xc0\x80", false, "\xef\xbf\xbd\xef\xbf\xbd");
	check_sanitize("\xe0\x80\xaf", false,
		       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* Encoded surrogate U+D800. */
	check_sanitize("\xed\xa0\x80", false,
		       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* Above U+10FFFF. */
	check_sanitize("\xf4\x90\x80\x80", false,
		       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* The output is always valid UTF-8. */
	char *out = text_sanitize("\xff\xfe\x80\xc3\x1b", false);
	assert_true(text_valid_utf8(out, strlen(out)));
	free(out);
}

static void test_fit_ascii(void **state)
{
	(void)state;
	check_fit("Ada Lovelace", 20, "Ada Lovelace", 12);
	check_fit("Ada Lovelace", 12, "Ada Lovelace", 12); /* exactly */
	check_fit("Ada Lovelace", 11, "Ada Lovela…", 11);
	check_fit("Ada Lovelace", 1, "…", 1);
	check_fit("Ada", 0, "", 0);
	check_fit("Ada", -3, "", 0);
	check_fit("", 5, "", 0);
	check_fit("ab", 2, "ab", 2);
	check_fit("abc", 2, "a…", 2);
}

static void test_fit_wide(void **state)
{
	(void)state;
	check_fit("山田太郎", 8, "山田太郎", 8);
	check_fit("山田太郎", 7, "山田太…", 7);
	/* A wide character that does not fit in the last column. */
	check_fit("山田太郎", 6, "山田…", 5);
	check_fit("ab山", 3, "ab…", 3);
	check_fit("a山b", 3, "a…", 2);
	check_fit("山", 1, "…", 1);
	check_fit("山", 2, "山", 2);
	check_fit("😀😀", 3, "😀…", 3);
	check_fit("😀😀", 4, "😀😀", 4);
}

static void test_fit_combining(void **state)
{
	(void)state;
	/* "café" spelt with a combining acute: 4 columns. */
	check_fit("cafe\xcc\x81", 4, "cafe\xcc\x81", 4);
	check_fit("cafe\xcc\x81" "s", 4, "caf…", 4);
	/* The mark stays with its base, never alone at the cut. */
	check_fit("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, "e\xcc\x81…", 2);
	/* Several marks on one base. */
	check_fit("a\xcc\x81\xcc\xa3" "bc", 2, "a\xcc\x81\xcc\xa3…", 2);
	/* Emoji with variation selector. */
	check_fit("\xe2\x9d\xa4\xef\xb8\x8f" "abc", 2,
		  "\xe2\x9d\xa4\xef\xb8\x8f…", 2);
}

static void test_fit_sanitizes(void **state)
{
	(void)state;
	check_fit("\x1b[2J", 10, "\xe2\x90\x9b[2J", 4);
	check_fit("a\x1b" "bcd", 3, "a\xe2\x90\x9b…", 3);
	check_fit("a\xff" "b", 3, "a\xef\xbf\xbd" "b", 3);
	check_fit("line1\nline2", 20, "line1\xe2\x90\x8aline2", 11);
}

static void test_fit_small_buffer(void **state)
{
	char out[8];
	(void)state;
	/* Bytes run out before columns: cut at a boundary with an ellipsis. */
	assert_int_equal(text_fit("山田太郎", 20, out, sizeof(out)), 3);
	assert_string_equal(out, "山…");
	/* Exactly fits the buffer. */
	assert_int_equal(text_fit("abcdefg", 20, out, sizeof(out)), 7);
	assert_string_equal(out, "abcdefg");
	/* No room for an ellipsis: whole characters only. */
	char tiny[3];
	assert_int_equal(text_fit("é山", 5, tiny, sizeof(tiny)), 1);
	assert_string_equal(tiny, "é");
	char one[1];
	assert_int_equal(text_fit("abc", 5, one, sizeof(one)), 0);
	assert_string_equal(one, "");
	assert_int_equal(text_fit("abc", 5, NULL, 0), 0);
}

/* Cut at word boundaries: "…" after a whole word, no separator left
 * dangling before it. */
static void test_fit_words(void **state)
{
	char out[128];
	(void)state;
	assert_int_equal(text_fit_words("short", 10, out, sizeof out), 5);
	assert_string_equal(out, "short");
	text_fit_words("Keep in touch every (3m, 45d, 1y, none, inherit): ", 24, out, sizeof out);
	assert_string_equal(out, "Keep in touch every…");
	text_fit_words("mentor · network · close", 12, out, sizeof out);
	assert_string_equal(out, "mentor…");
	text_fit_words("1 of 40 · 1 marked", 10, out, sizeof out);
	assert_string_equal(out, "1 of 40…");
	/* A first word wider than the room is cut inside. */
	text_fit_words("Supercalifragilistic", 8, out, sizeof out);
	assert_string_equal(out, "Superca…");
	/* Wide characters count two columns. */
	text_fit_words("日本語 テキスト です", 12, out, sizeof out);
	assert_string_equal(out, "日本語…");
	assert_int_equal(text_fit_words("anything", 0, out, sizeof out), 0);
	assert_string_equal(out, "");
}

/* One number style on every screen: "1 of 20,000" beside "8,137 due". */
static void test_format_count(void **state)
{
	char out[32];
	(void)state;
	text_format_count(0, out, sizeof out);
	assert_string_equal(out, "0");
	text_format_count(999, out, sizeof out);
	assert_string_equal(out, "999");
	text_format_count(8137, out, sizeof out);
	assert_string_equal(out, "8,137");
	text_format_count(20000, out, sizeof out);
	assert_string_equal(out, "20,000");
	text_format_count(1000000, out, sizeof out);
	assert_string_equal(out, "1,000,000");
	text_format_count(-1234, out, sizeof out);
	assert_string_equal(out, "-1,234");
	text_format_count(123456, out, 4);
	assert_string_equal(out, "123");
}

static void test_fit_pad(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(text_fit_pad("ab", 5, out, sizeof(out)), 5);
	assert_string_equal(out, "ab   ");
	assert_int_equal(text_fit_pad("a山b", 3, out, sizeof(out)), 3);
	assert_string_equal(out, "a… ");
	assert_int_equal(text_fit_pad("山田", 4, out, sizeof(out)), 4);
	assert_string_equal(out, "山田");
	assert_int_equal(text_fit_pad("", 3, out, sizeof(out)), 3);
	assert_string_equal(out, "   ");
	assert_int_equal(text_fit_pad("abc", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	char small[4];
	assert_int_equal(text_fit_pad("a", 10, small, sizeof(small)), 3);
	assert_string_equal(small, "a  ");
}

static void test_prev_next_char(void **state)
{
	const char *s = "a\xc3\xa9山😀e\xcc\x81z"; /* a é 山 😀 é(comb) z */
	size_t len = strlen(s);
	(void)state;
	assert_int_equal(len, 1 + 2 + 3 + 4 + 3 + 1);
	assert_int_equal(text_next_char(s, len, 0), 1);
	assert_int_equal(text_next_char(s, len, 1), 3);
	assert_int_equal(text_next_char(s, len, 3), 6);
	assert_int_equal(text_next_char(s, len, 6), 10);
	assert_int_equal(text_next_char(s, len, 10), 13); /* e + mark */
	assert_int_equal(text_next_char(s, len, 13), 14);
	assert_int_equal(text_next_char(s, len, 14), 14);
	assert_int_equal(text_next_char(s, len, 99), 14);

	assert_int_equal(text_prev_char(s, len, 14), 13);
	assert_int_equal(text_prev_char(s, len, 13), 10); /* over the mark */
	assert_int_equal(text_prev_char(s, len, 10), 6);
	assert_int_equal(text_prev_char(s, len, 6), 3);
	assert_int_equal(text_prev_char(s, len, 3), 1);
	assert_int_equal(text_prev_char(s, len, 1), 0);
	assert_int_equal(text_prev_char(s, len, 0), 0);
	assert_int_equal(text_prev_char(s, len, 99), 13);

	/* Invalid bytes move one at a time. */
	const char *bad = "a\xff\x80" "b";
	assert_int_equal(text_next_char(bad, 4, 1), 2);
	assert_int_equal(text_prev_char(bad, 4, 3), 2);
	assert_int_equal(text_prev_char(bad, 4, 2), 1);
	/* A lone mark at the start has nothing to attach to. */
	assert_int_equal(text_prev_char("\xcc\x81" "a", 3, 2), 0);
	assert_int_equal(text_next_char("\xcc\x81" "a", 3, 0), 2);
}

static void test_prev_word(void **state)
{
	const char *s = "Ada  Lovelace 山田";
	size_t len = strlen(s);
	(void)state;
	assert_int_equal(text_prev_word(s, len, len), 14);
	assert_int_equal(text_prev_word(s, len, 14), 5);
	assert_int_equal(text_prev_word(s, len, 5), 0);
	assert_int_equal(text_prev_word(s, len, 3), 0);
	assert_int_equal(text_prev_word(s, len, 0), 0);
	assert_int_equal(text_prev_word("   ", 3, 3), 0);
	assert_int_equal(text_prev_word(s, len, 999), 14);
}

static void check_translit(const char *in, const char *want)
{
	char *got = text_translit(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_translit(void **state)
{
	(void)state;
	check_translit("Дмитрий Иванов", "dmitry ivanov");
	check_translit("Αλέξανδρος Παπαδόπουλος", "alexandros papadopoulos");
	check_translit("ΣΩΚΡΆΤΗΣ", "sokratis");
	check_translit("Сергей Щукин", "sergey shchukin");
	check_translit("Юлия Хрущёва", "yuliya khrushcheva");
	check_translit("Олександр Ґонта", "oleksandr gonta");
	/* Words without Cyrillic or Greek add nothing; mixed words keep their Latin. */
	check_translit("Ada Lovelace", "");
	check_translit("Ada Иванов", "ivanov");
	check_translit("", "");
	check_translit("  Иванов  ", "ivanov");
}

static void test_fold(void **state)
{
	(void)state;
	check_fold("", "");
	check_fold("Ada LOVELACE", "ada lovelace");
	check_fold("  José   María\t\nÑúñez  ", "jose maria nunez");
	check_fold("Straße", "strasse");
	check_fold("Ærø Œuvre", "aero oeuvre");
	check_fold("Søren Ødegård", "soren odegard");
	check_fold("Łukasz Łódź", "lukasz lodz");
	check_fold("Đorđe", "dorde");
	check_fold("Þór Þorsteinsson", "thor thorsteinsson");
	check_fold("ÀÁÂÃÄÅ àáâãäå", "aaaaaa aaaaaa");
	check_fold("Çç Ðð Ýýÿ Ÿ", "cc dd yyy y");
	check_fold("Dvořák Šťastný Žížala", "dvorak stastny zizala");
	check_fold("Ĳssel", "ijssel");
	check_fold("İstanbul ılık", "istanbul ilik");
	check_fold("Ġużeppi Ħabib", "guzeppi habib");
	check_fold("Ŵŷ Ĳĳ ſ", "wy ijij s");
	check_fold("2×3÷4", "2×3÷4");
	check_fold("ΑΒΓ Δέλτα", "αβγ δέλτα");
	check_fold("ЖУКОВ Иван", "жуков иван");
	check_fold("山田 太郎", "山田 太郎");
	check_fold("a\xc2\xa0" "b\xe3\x80\x80" "c", "a b c"); /* NBSP, ideographic */
	char *bad = text_fold("A\xff" "B");
	assert_string_equal(bad, "a\xef\xbf\xbd" "b");
	free(bad);
}

static void test_fold_table_complete(void **state)
{
	(void)state;
	/* Every letter of U+00C0..U+017F folds to ASCII lower case. */
	for (uint32_t cp = 0xC0; cp <= 0x17F; cp++) {
		char in[3] = { (char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)), 0 };
		char *out = text_fold(in);
		if (cp == 0xD7 || cp == 0xF7) {
			assert_string_equal(out, in);
		} else {
			size_t n = strlen(out);
			assert_true(n == 1 || n == 2);
			for (size_t i = 0; i < n; i++)
				assert_true(out[i] >= 'a' && out[i] <= 'z');
		}
		free(out);
	}
}

static void test_is_cjk(void **state)
{
	(void)state;
	assert_true(text_is_cjk(0x3042));   /* あ */
	assert_true(text_is_cjk(0x30AB));   /* カ */
	assert_true(text_is_cjk(0x4E2D));   /* 中 */
	assert_true(text_is_cjk(0x3400));
	assert_true(text_is_cjk(0x9FFF));
	assert_true(text_is_cjk(0xF900));
	assert_true(text_is_cjk(0xAC00));   /* 가 */
	assert_true(text_is_cjk(0xD7AF));
	assert_true(text_is_cjk(0x20000));
	assert_true(text_is_cjk(0x2FA1F));
	assert_true(text_is_cjk(0xFF66));
	assert_true(text_is_cjk(0xFF9F));
	assert_false(text_is_cjk('a'));
	assert_false(text_is_cjk(0x303F));
	assert_false(text_is_cjk(0x3000));  /* ideographic space */
	assert_false(text_is_cjk(0xFF65));
	assert_false(text_is_cjk(0xFFA0));
	assert_false(text_is_cjk(0x2FA20));
	assert_false(text_is_cjk(0x1F600));
}

static void test_fts_segment(void **state)
{
	(void)state;
	check_segment("", "");
	check_segment("Ada Lovelace", "Ada Lovelace");
	check_segment("山田太郎", "山 田 太 郎");
	check_segment("山田 太郎", "山 田 太 郎");
	check_segment("김민준", "김 민 준");
	check_segment("やまだ", "や ま だ");
	check_segment("ｶﾀｶﾅ", "ｶ ﾀ ｶ ﾅ");
	check_segment("ACME山田商事Ltd", "ACME山 田 商 事Ltd");
	check_segment("山", "山");
	check_segment("Zoë", "Zoë");
	check_segment("\xf0\xa0\x80\x80\xe5\xb1\xb1", "\xf0\xa0\x80\x80 \xe5\xb1\xb1");
}

static void test_trim(void **state)
{
	char a[] = "  \t Ada \n ";
	char b[] = "";
	char c[] = "   ";
	char d[] = "x";
	char e[] = "\xc2\xa0y\xc2\xa0"; /* NBSP is not ASCII white space */
	(void)state;
	assert_string_equal(text_trim(a), "Ada");
	assert_string_equal(text_trim(b), "");
	assert_string_equal(text_trim(c), "");
	assert_string_equal(text_trim(d), "x");
	assert_string_equal(text_trim(e), "\xc2\xa0y\xc2\xa0");
}

int main(void)
{
	/* Widths need a UTF-8 locale; the test env sets one, but do not
	 * depend on it. */
	if (setlocale(LC_ALL, "") == NULL || MB_CUR_MAX == 1)
		setlocale(LC_ALL, "C.UTF-8");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_sanitize_plain),
		cmocka_unit_test(test_sanitize_escapes),
		cmocka_unit_test(test_sanitize_format_chars),
		cmocka_unit_test(test_sanitize_invalid),
		cmocka_unit_test(test_fit_ascii),
		cmocka_unit_test(test_fit_words),
		cmocka_unit_test(test_format_count),
		cmocka_unit_test(test_fit_wide),
		cmocka_unit_test(test_fit_combining),
		cmocka_unit_test(test_fit_sanitizes),
		cmocka_unit_test(test_fit_small_buffer),
		cmocka_unit_test(test_fit_pad),
		cmocka_unit_test(test_prev_next_char),
		cmocka_unit_test(test_prev_word),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_is_sanitized),
		cmocka_unit_test(test_fold_table_complete),
		cmocka_unit_test(test_is_cjk),
		cmocka_unit_test(test_fts_segment),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_translit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
