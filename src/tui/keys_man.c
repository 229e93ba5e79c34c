/*
 * keys_man.c - a build-time tool, not part of rolodex: writes the man page
 * with its KEYS section generated from the keymap tables (keymap_all), the
 * same tables the `?` help screen lists and the program dispatches on, so
 * the page cannot drift from the keys.
 *
 *   keys-man TEMPLATE OUTPUT   copy TEMPLATE (assets/rolodex.1) to OUTPUT,
 *                              the marker line replaced by one subsection
 *                              per table
 *   keys-man --list            every binding as "title<TAB>keys<TAB>help",
 *                              for tests/keys_man.sh to look for in the
 *                              formatted page
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/note.h"
#include "rolodex/text.h"
#include "tui/keymap.h"

/* The template's line that the tables replace (a roff comment, so the
 * template alone is still a valid page). */
static const char marker[] = ".\\\" @KEYS@";

/* The widest key column the page indents for; longer keys take a line of
 * their own with the description under them, as the help screen does. */
#define KEY_COLUMN_MAX 18

/*
 * Writes s as roff text: backslashes, quotes and backquotes escaped, a dash
 * that starts a word ("-3d", "--all") as a minus, anything beyond ASCII as
 * \[uXXXX] so the page reads the same in any locale, and a leading "." or
 * "'" kept from being read as a request.
 */
static void roff_text(FILE *out, const char *s)
{
	size_t len = strlen(s);
	size_t i = 0;

	if (s[0] == '.' || s[0] == '\'')
		fputs("\\&", out);
	while (i < len) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		if (cp == '\\')
			fputs("\\e", out);
		else if (cp == '"')
			fputs("\\(dq", out);
		else if (cp == '`')
			fputs("\\(ga", out);
		else if (cp == '-' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '-' || s[i + 1] == '-'))
			fputs("\\-", out);
		else if (cp < 0x80)
			fputc((int)cp, out);
		else
			fprintf(out, "\\[u%04X]", (unsigned)cp);
		i += n;
	}
}

/* A binding's keys as keymap_keys_text names them, each in bold, between
 * commas: "\fB\[u2192]\fR, \fBl\fR, \fBspace\fR".  Returns the width the
 * formatter gives them. */
static int roff_keys(FILE *out, const struct keybinding *b)
{
	char keys[128];
	int width = 0;

	keymap_keys_text(b, keys, sizeof keys);
	char *save = NULL;
	for (char *name = strtok_r(keys, " ", &save); name != NULL; name = strtok_r(NULL, " ", &save)) {
		if (out != NULL) {
			fputs(width > 0 ? ", \\fB" : "\\fB", out);
			roff_text(out, name);
			fputs("\\fR", out);
		}
		width += (width > 0 ? 2 : 0) + text_width(name);
	}
	return width;
}

/* The indent of a table's key column: its widest keys that fit. */
static int key_column(const struct keymap *map)
{
	int widest = 1;

	for (size_t i = 0; i < map->count; i++) {
		int w = roff_keys(NULL, &map->bindings[i]);
		if (w <= KEY_COLUMN_MAX && w > widest)
			widest = w;
	}
	return widest + 2;
}

static void write_map(FILE *out, const struct keymap *map)
{
	fputs(".SS \"", out);
	roff_text(out, map->title);
	fputs("\"\n", out);
	/* One line per binding, as on the help screen. */
	fputs(".PD 0\n", out);
	fprintf(out, ".TP %dn\n", key_column(map));
	for (size_t i = 0; i < map->count; i++) {
		const struct keybinding *b = &map->bindings[i];
		if (i > 0)
			fputs(".TP\n", out);
		roff_keys(out, b);
		fputc('\n', out);
		roff_text(out, b->help);
		fputc('\n', out);
	}
	fputs(".PD\n", out);
}

/* The channels of "mark contacted", from the model's own keys, as the help
 * screen lists them before the dialog's table. */
static void write_channels(FILE *out)
{
	fputs(".SS \"Mark contacted (c), then one key\"\n.PD 0\n.TP 4n\n", out);
	for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
		if (ch > 0)
			fputs(".TP\n", out);
		fprintf(out, "\\fB%c\\fR\n", channel_key((enum channel)ch));
		roff_text(out, channel_name((enum channel)ch));
		fputc('\n', out);
	}
	fputs(".PD\n", out);
}

static void write_keys(FILE *out)
{
	/* Unhyphenated and ragged right, as the help screen wraps: between
	 * words, single spaces. */
	fputs(".nh\n.ad l\n", out);
	for (size_t i = 0; i < keymap_all_count; i++) {
		if (keymap_all[i] == &keymap_contacted)
			write_channels(out);
		write_map(out, keymap_all[i]);
	}
	fputs(".ad b\n.hy\n", out);
}

static int list_bindings(void)
{
	char keys[128];

	for (size_t i = 0; i < keymap_all_count; i++) {
		const struct keymap *map = keymap_all[i];
		for (size_t j = 0; j < map->count; j++) {
			keymap_keys_text(&map->bindings[j], keys, sizeof keys);
			printf("%s\t%s\t%s\n", map->title, keys, map->bindings[j].help != NULL ? map->bindings[j].help : "");
		}
	}
	return ferror(stdout) ? 1 : 0;
}

static int write_page(const char *template_path, const char *output_path)
{
	FILE *in = fopen(template_path, "r");
	if (in == NULL) {
		perror(template_path);
		return 1;
	}
	FILE *out = fopen(output_path, "w");
	if (out == NULL) {
		perror(output_path);
		fclose(in);
		return 1;
	}
	char line[4096];
	int markers = 0, lineno = 0;
	while (fgets(line, sizeof line, in) != NULL) {
		lineno++;
		if (strncmp(line, marker, strlen(marker)) == 0) {
			markers++;
			write_keys(out);
			continue;
		}
		fputs(line, out);
	}
	bool read_error = ferror(in) != 0;
	fclose(in);
	bool write_error = fclose(out) != 0;
	if (read_error || write_error) {
		fprintf(stderr, "keys-man: cannot %s %s\n", read_error ? "read" : "write",
			read_error ? template_path : output_path);
		return 1;
	}
	if (markers != 1) {
		fprintf(stderr, "keys-man: %s: %d lines start with %s, wanted exactly one (%d lines read)\n",
			template_path, markers, marker, lineno);
		remove(output_path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--list") == 0)
		return list_bindings();
	if (argc == 3)
		return write_page(argv[1], argv[2]);
	fprintf(stderr, "usage: keys-man TEMPLATE OUTPUT | keys-man --list\n");
	return 2;
}
