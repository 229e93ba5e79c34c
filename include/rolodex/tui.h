/*
 * tui.h - the full-screen interface, started by main.c.
 */
#ifndef ROLODEX_TUI_H
#define ROLODEX_TUI_H

#include <stdbool.h>

#include "rolodex/status.h"

struct db;

enum tui_start {
	TUI_START_BROWSER, /* the card browser (plain `rolodex`) */
	TUI_START_REVIEW,  /* `rolodex review`: start or resume a review */
};

struct tui_options {
	enum tui_start start;
	bool review_all;        /* review --all */
	const char *review_tag; /* review --tag T, or NULL */
	const char *config_path; /* resolved $XDG_CONFIG_HOME/rolodex/config, may not exist */
};

/*
 * Runs the interface on an open database until the user quits.  Restores the
 * terminal on every exit path (q, signals, fatal errors).  Returns the
 * process exit status (0 normally); on an error that ends it, returns 1
 * with the message in *cause, to be printed by the caller after the
 * terminal is restored.
 */
int tui_run(struct db *db, const struct tui_options *options, char **cause);

#endif
