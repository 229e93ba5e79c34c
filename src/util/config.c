/*
 * config.c - reads the settings file into a list of `key = value` lines;
 * see config.h.  The keys every part of rolodex understands are listed
 * here, so any command that reads the file reports the same typos.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/config.h"
#include "rolodex/text.h"
#include "rolodex/xalloc.h"

/* Every key the file may set; the man page (FILES) and assets/config
 * describe each. */
static const char *const known_keys[] = {
	/* the card browser */
	"animation", "color", "colour", "accent", "list", "sort", "mouse", "default_channel", "review_reminder", "clipboard",
	/* rolodex calendar */
	"review_day", "calendar_alarm", "calendar_include_note",
	/* rolodex scan */
	"me", "scan_received",
};

struct config_line {
	char *key;
	char *value;
	int lineno;
};

struct config_file {
	char *path;
	struct config_line *lines;
	size_t count;
};

static bool key_known(const char *key)
{
	for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
		if (strcmp(key, known_keys[i]) == 0)
			return true;
	return false;
}

static void config_add(struct config_file *config, const char *key, const char *value, int lineno)
{
	config->lines = xrealloc(config->lines, (config->count + 1) * sizeof config->lines[0]);
	config->lines[config->count++] = (struct config_line){
		.key = xstrdup(key),
		.value = xstrdup(value),
		.lineno = lineno,
	};
}

enum rdx_status config_file_read(const char *path, struct config_file **out, char **cause)
{
	enum rdx_status status = RDX_OK;
	struct config_file *config = xcalloc(1, sizeof *config);
	char line[1024];
	int lineno = 0;
	FILE *f;

	rdx_cause_clear(cause);
	*out = config;
	if (path == NULL)
		return RDX_OK;
	config->path = xstrdup(path);
	f = fopen(path, "r");
	if (f == NULL) {
		if (errno == ENOENT)
			return RDX_OK;
		return rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno));
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		text_trim(line);
		if (line[0] == '\0')
			continue;
		char *eq = strchr(line, '=');
		if (eq != NULL)
			*eq = '\0';
		char *key = text_trim(line);
		char *value = eq != NULL ? text_trim(eq + 1) : NULL;
		if (value != NULL && key_known(key)) {
			config_add(config, key, value, lineno);
		} else if (status == RDX_OK) {
			/* Report the first problem; keep going. */
			status = rdx_fail(cause, RDX_INVALID, "%s, line %d: cannot use \"%s%s%s\"", path, lineno, key,
					  value != NULL ? " = " : "", value != NULL ? value : "");
		}
	}
	if (ferror(f) && status == RDX_OK)
		status = rdx_fail(cause, RDX_IO, "%s: %s", path, strerror(errno));
	fclose(f);
	return status;
}

void config_file_free(struct config_file *config)
{
	if (config == NULL)
		return;
	for (size_t i = 0; i < config->count; i++) {
		free(config->lines[i].key);
		free(config->lines[i].value);
	}
	free(config->lines);
	free(config->path);
	free(config);
}

static const struct config_line *config_find(const struct config_file *config, const char *key)
{
	for (size_t i = config->count; i-- > 0;)
		if (strcmp(config->lines[i].key, key) == 0)
			return &config->lines[i];
	return NULL;
}

const char *config_file_get(const struct config_file *config, const char *key)
{
	const struct config_line *line = config_find(config, key);
	return line != NULL ? line->value : NULL;
}

enum rdx_status config_file_invalid(const struct config_file *config, const char *key, const char *expected,
				    char **cause)
{
	const struct config_line *line = config_find(config, key);

	if (line == NULL)
		return rdx_fail(cause, RDX_INVALID, "%s: cannot use \"%s\"", config->path, key);
	return rdx_fail(cause, RDX_INVALID, "%s, line %d: cannot use \"%s = %s\"%s%s%s", config->path, line->lineno,
			line->key, line->value, expected != NULL ? " (expected " : "", expected != NULL ? expected : "",
			expected != NULL ? ")" : "");
}

bool config_parse_bool(const char *v, bool *out)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = true;
	else if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

enum rdx_status config_file_bool(const struct config_file *config, const char *key, bool *value, char **cause)
{
	const char *text = config_file_get(config, key);

	rdx_cause_clear(cause);
	if (text == NULL || config_parse_bool(text, value))
		return RDX_OK;
	return config_file_invalid(config, key, "on or off", cause);
}

enum rdx_status config_file_time(const struct config_file *config, const char *key, int *minutes, char **cause)
{
	const char *text = config_file_get(config, key);
	int hours, mins, used = 0;

	rdx_cause_clear(cause);
	if (text == NULL)
		return RDX_OK;
	if (strcmp(text, "none") == 0 || strcmp(text, "off") == 0) {
		*minutes = -1;
		return RDX_OK;
	}
	if (sscanf(text, "%2d:%2d%n", &hours, &mins, &used) == 2 && text[used] == '\0' && text[0] >= '0' &&
	    text[0] <= '9' && hours >= 0 && hours < 24 && mins >= 0 && mins < 60 && strlen(text) >= 4 &&
	    text[used - 3] == ':') {
		*minutes = hours * 60 + mins;
		return RDX_OK;
	}
	return config_file_invalid(config, key, "a time such as 9:00, or none", cause);
}
