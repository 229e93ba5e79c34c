/*
 * config.h - the settings file, $XDG_CONFIG_HOME/rolodex/config, read by
 * every command that needs a setting (the card browser, calendar, remind,
 * scan): `key = value` lines, `#` starts a comment.  No curses, no sqlite.
 *
 * The file is read once into a list of lines; each consumer asks for the
 * keys it uses and parses their values, and a bad value is reported with
 * the file and line it came from.  An unknown key or a line without '='
 * is reported when the file is read and skipped; the other lines still
 * apply, so a typo never keeps a command from running.
 */
#ifndef ROLODEX_CONFIG_H
#define ROLODEX_CONFIG_H

#include <stdbool.h>

#include "rolodex/status.h"

struct config_file;

/* Reads the file at path into a new *out (caller frees with
 * config_file_free; it is set even on failure, empty when nothing could be
 * read).  A missing file (or a NULL path) is an empty configuration and
 * RDX_OK.  RDX_IO when the file cannot be read; RDX_INVALID for an unknown
 * key or a line that is not `key = value`: *cause names the first such
 * line (file and line), and *out holds every good line. */
enum rdx_status config_file_read(const char *path, struct config_file **out, char **cause);

void config_file_free(struct config_file *config);

/* The value of key (the last line that sets it), or NULL when no line
 * does.  Borrowed from config. */
const char *config_file_get(const struct config_file *config, const char *key);

/* Reports the line that sets key as unusable: returns RDX_INVALID with
 * *cause "FILE, line N: cannot use "key = value"", followed by
 * " (expected ...)" when expected is not NULL.  For consumers that parse a
 * value themselves. */
enum rdx_status config_file_invalid(const struct config_file *config, const char *key, const char *expected,
				    char **cause);

/* on|yes|true|1 or off|no|false|0.  A key that is not set leaves *value
 * alone and returns RDX_OK; a bad value leaves it alone and returns
 * RDX_INVALID (see config_file_invalid). */
enum rdx_status config_file_bool(const struct config_file *config, const char *key, bool *value, char **cause);

/* A time of day, "9:00" or "17:30" (24-hour), as minutes after midnight,
 * or "none" / "off" as -1.  Unset and bad values as in config_file_bool. */
enum rdx_status config_file_time(const struct config_file *config, const char *key, int *minutes, char **cause);

/* Parses on|yes|true|1 and off|no|false|0; false for anything else. */
bool config_parse_bool(const char *text, bool *value);

#endif
