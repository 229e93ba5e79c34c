/*
 * xalloc.c - allocation that never returns NULL, and the one fatal exit.
 */
#include "rolodex/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*fatal_hook)(void);

void fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void fatal(const char *fmt, ...)
{
	if (fatal_hook != NULL) {
		void (*hook)(void) = fatal_hook;
		fatal_hook = NULL;
		hook();
	}
	va_list ap;
	va_start(ap, fmt);
	fputs("rolodex: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p == NULL)
		fatal("out of memory");
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		fatal("out of memory");
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (p == NULL)
		fatal("out of memory");
	return p;
}

void *xgrow(void *ptr, size_t *capacity, size_t need, size_t size)
{
	if (need <= *capacity)
		return ptr;
	size_t cap = *capacity ? *capacity : 8;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			fatal("out of memory");
		cap *= 2;
	}
	if (size != 0 && cap > SIZE_MAX / size)
		fatal("out of memory");
	ptr = xrealloc(ptr, cap * size);
	*capacity = cap;
	return ptr;
}

char *xstrdup(const char *s)
{
	if (s == NULL)
		return NULL;
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		fatal("bad format");
	char *text = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return text;
}
