/*
 * scan_loader.h - loads the scan module (scan_module.h) on first use.
 */
#ifndef ROLODEX_IO_SCAN_LOADER_H
#define ROLODEX_IO_SCAN_LOADER_H

#include "io/scan_module.h"
#include "rolodex/status.h"

/* The module's table (borrowed, for the process's life), or NULL with
 * RDX_IO in *cause when it cannot be found or is another version. */
const struct scan_module *scan_module_get(char **cause);

#endif
