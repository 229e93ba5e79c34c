/*
 * config.h - the interface's settings, taken from the settings file that
 * rolodex/config.h reads (config.c).  Private to src/tui.
 */
#ifndef ROLODEX_TUI_CONFIG_H
#define ROLODEX_TUI_CONFIG_H

#include <stdbool.h>

#include "rolodex/listing.h"
#include "rolodex/note.h"
#include "rolodex/status.h"

/* ---- configuration --------------------------------------------------- */

enum config_tristate { CONFIG_AUTO, CONFIG_ON, CONFIG_OFF };

struct config {
	bool animation;            /* animation = on|off */
	enum config_tristate color; /* color = auto|on|off (auto: NO_COLOR, terminal) */
	enum config_tristate list_pane; /* list = auto|on|off at start */
	enum listing_sort sort;    /* sort = name|last|due: the browser's order at start */
	bool mouse;                /* mouse = on|off */
	bool review_reminder;      /* review_reminder = on|off */
	enum channel default_channel; /* default_channel = coffee */
	int accent;                /* accent = cyan|blue|green|magenta|yellow|red|white */
	bool clipboard;            /* clipboard = on|off: copy through the terminal (OSC 52) */
};

/* Defaults, then the file at path when it exists.  A bad line is reported
 * in *cause (file and line) and skipped; the rest still applies. */
void config_defaults(struct config *config);
enum rdx_status config_load(struct config *config, const char *path, char **cause);

#endif
