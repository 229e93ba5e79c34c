/*
 * scan_loader.c - finds and loads rolodex-scan.so (scan_module.h) the first
 * time a scan needs to parse a message or a calendar.
 *
 * Where it looks, first hit wins: $ROLODEX_SCAN_MODULE (a path to the
 * file), the folder of the running binary (a build tree), then the folder
 * it is installed in (ROLODEX_MODULE_DIR, lib/rolodex under the prefix).
 */
#include "io/scan_loader.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rolodex/xalloc.h"

#ifndef ROLODEX_MODULE_DIR
#define ROLODEX_MODULE_DIR "/usr/local/lib/rolodex"
#endif

static const struct scan_module *loaded;

/* Opens path; the module's table when it is ours, else NULL with *why. */
static const struct scan_module *try_open(const char *path, char **why)
{
	void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		free(*why);
		const char *err = dlerror();
		*why = xasprintf("%s", err != NULL ? err : path);
		return NULL;
	}
	const struct scan_module *m = dlsym(handle, SCAN_MODULE_SYMBOL);
	if (m == NULL || m->version != SCAN_MODULE_VERSION) {
		free(*why);
		*why = xasprintf("%s is not this version's scan module", path);
		dlclose(handle);
		return NULL;
	}
	/* Never closed: GMime and glib keep state for the process. */
	return m;
}

const struct scan_module *scan_module_get(char **cause)
{
	rdx_cause_clear(cause);
	if (loaded != NULL)
		return loaded;
	char *why = NULL;
	const char *env = getenv("ROLODEX_SCAN_MODULE");
	if (env != NULL && env[0] != '\0') {
		loaded = try_open(env, &why);
	} else {
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n > 0) {
			exe[n] = '\0';
			char *slash = strrchr(exe, '/');
			if (slash != NULL) {
				*slash = '\0';
				char *path = xasprintf("%s/" SCAN_MODULE_FILE, exe);
				if (access(path, R_OK) == 0)
					loaded = try_open(path, &why);
				free(path);
			}
		}
		if (loaded == NULL)
			loaded = try_open(ROLODEX_MODULE_DIR "/" SCAN_MODULE_FILE, &why);
	}
	if (loaded == NULL)
		rdx_fail(cause, RDX_IO, "cannot load the mail and calendar reader (%s)", why != NULL ? why : "");
	free(why);
	return loaded;
}
