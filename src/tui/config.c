/*
 * config.c - the card browser's settings, taken from the settings file
 * that rolodex/config.h reads.  A bad value is reported (file and line)
 * and skipped; the other settings still apply, so a typo never keeps the
 * program from starting.
 */
#include <stdlib.h>
#include <string.h>

#include "rolodex/config.h"
#include "tui/config.h"

void config_defaults(struct config *config)
{
	*config = (struct config){
		.animation = true,
		.color = CONFIG_AUTO,
		.list_pane = CONFIG_AUTO,
		.sort = LISTING_SORT_NAME,
		.mouse = true,
		.review_reminder = true,
		.default_channel = CHANNEL_EMAIL,
		.accent = 6, /* COLOR_CYAN */
	};
}

static bool parse_tristate(const char *v, enum config_tristate *out)
{
	bool b;

	if (strcmp(v, "auto") == 0) {
		*out = CONFIG_AUTO;
		return true;
	}
	if (!config_parse_bool(v, &b))
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

/* Keeps the first problem in *cause; later ones are dropped. */
static void note_problem(enum rdx_status *status, char **cause, char **problem)
{
	if (*problem == NULL)
		return;
	if (*status == RDX_OK) {
		*status = RDX_INVALID;
		*cause = *problem;
	} else {
		free(*problem);
	}
	*problem = NULL;
}

enum rdx_status config_load(struct config *config, const char *path, char **cause)
{
	struct config_file *file;
	char *problem = NULL;
	enum rdx_status status = config_file_read(path, &file, cause);

	config_file_bool(file, "animation", &config->animation, &problem);
	note_problem(&status, cause, &problem);
	config_file_bool(file, "mouse", &config->mouse, &problem);
	note_problem(&status, cause, &problem);
	config_file_bool(file, "review_reminder", &config->review_reminder, &problem);
	note_problem(&status, cause, &problem);
	config_file_bool(file, "clipboard", &config->clipboard, &problem);
	note_problem(&status, cause, &problem);

	const char *value;
	/* Either spelling; "colour" wins when both are set. */
	static const char *const color_keys[] = { "color", "colour" };
	for (size_t i = 0; i < 2; i++) {
		value = config_file_get(file, color_keys[i]);
		if (value != NULL && !parse_tristate(value, &config->color))
			config_file_invalid(file, color_keys[i], "auto, on or off", &problem);
		note_problem(&status, cause, &problem);
	}
	value = config_file_get(file, "list");
	if (value != NULL && !parse_tristate(value, &config->list_pane))
		config_file_invalid(file, "list", "auto, on or off", &problem);
	note_problem(&status, cause, &problem);
	value = config_file_get(file, "sort");
	if (value != NULL && !listing_sort_parse(value, &config->sort))
		config_file_invalid(file, "sort", "name, last or due", &problem);
	note_problem(&status, cause, &problem);
	value = config_file_get(file, "default_channel");
	if (value != NULL && !channel_parse(value, &config->default_channel))
		config_file_invalid(file, "default_channel", "a channel such as email or coffee", &problem);
	note_problem(&status, cause, &problem);
	value = config_file_get(file, "accent");
	if (value != NULL && !parse_color(value, &config->accent))
		config_file_invalid(file, "accent", "black, red, green, yellow, blue, magenta, cyan or white", &problem);
	note_problem(&status, cause, &problem);

	config_file_free(file);
	return status;
}
