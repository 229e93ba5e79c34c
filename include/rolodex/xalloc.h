/*
 * xalloc.h - allocation that never returns NULL.
 *
 * Running out of memory is one of the two fatal conditions (the other is a
 * broken invariant).  The fatal path calls a hook first so that the TUI can
 * restore the terminal (endwin) before the message is printed.
 */
#ifndef ROLODEX_XALLOC_H
#define ROLODEX_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array to hold at least `need` items of `size` bytes, doubling. */
void *xgrow(void *ptr, size_t *capacity, size_t need, size_t size);
char *xstrdup(const char *s);                    /* xstrdup(NULL) == NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before a fatal exit; the TUI installs one that calls endwin().
 * Only one hook; NULL removes it. */
void fatal_set_hook(void (*hook)(void));
/* Prints "rolodex: <message>" to stderr after running the hook, exits 1. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
