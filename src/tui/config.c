/*
 * config.c - the TUI's settings from $XDG_CONFIG_HOME/rolodex/config:
 * `key = value` lines, `#` comments.  An unknown key or a bad value is
 * reported (file and line) and skipped; the other lines still apply, so a
 * typo never keeps the program from starting.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolodex/text.h"
#include "rolodex/xalloc.h"
#include "tui/config.h"

void config_defaults(struct config *config)
{
	*config = (struct config){
		.animation = true,
		.color = CONFIG_AUTO,
		.list_pane = CONFIG_AUTO,
		.mouse = true,
		.review_reminder = true,
		.default_channel = CHANNEL_EMAIL,
		.accent = 6, /* COLOR_CYAN */
	};
}

static bool parse_bool(const char *v, bool *out)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = true;
	else if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

static bool parse_tristate(const char *v, enum config_tristate *out)
{
	bool b;

	if (strcmp(v, "auto") == 0) {
		*out = CONFIG_AUTO;
		return true;
	}
	if (!parse_bool(v, &b))
		return false;
	*out = b ? CONFIG_ON : CONFIG_OFF;
	return true;
}

static bool parse_color(const char *v, int *out)
{
	static const char *const names[] = { "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white" };

	for (int i = 0; i < 8; i++) {
		if (strcmp(v, names[i]) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

/* Applies one setting; false when the key or value is not understood. */
static bool config_apply(struct config *c, const char *key, const char *value)
{
	if (strcmp(key, "animation") == 0)
		return parse_bool(value, &c->animation);
	if (strcmp(key, "color") == 0 || strcmp(key, "colour") == 0)
		return parse_tristate(value, &c->color);
	if (strcmp(key, "list") == 0)
		return parse_tristate(value, &c->list_pane);
	if (strcmp(key, "mouse") == 0)
		return parse_bool(value, &c->mouse);
	if (strcmp(key, "review_reminder") == 0)
		return parse_bool(value, &c->review_reminder);
	if (strcmp(key, "default_channel") == 0)
		return channel_parse(value, &c->default_channel);
	if (strcmp(key, "accent") == 0)
		return parse_color(value, &c->accent);
	return false;
}

enum rdx_status config_load(struct config *config, const char *path, char **cause)
{
	enum rdx_status status = RDX_OK;
	char line[1024];
	int lineno = 0;
	FILE *f;

	rdx_cause_clear(cause);
	if (path == NULL)
		return RDX_OK;
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
		if (value == NULL || !config_apply(config, key, value)) {
			/* Report the first problem; keep going. */
			if (status == RDX_OK)
				status = rdx_fail(cause, RDX_INVALID, "%s, line %d: cannot use \"%s%s%s\"", path, lineno,
						  key, value != NULL ? " = " : "", value != NULL ? value : "");
		}
	}
	fclose(f);
	return status;
}
