/*
 * status.c - messages for enum rdx_status and the cause helpers.
 */
#include "rolodex/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "rolodex/xalloc.h"

#define RDX_STATUS_TEXT(name, message) [RDX_##name] = message,
static const char *const status_messages[] = { RDX_STATUS_LIST(RDX_STATUS_TEXT) };
#undef RDX_STATUS_TEXT

const char *rdx_status_message(enum rdx_status status)
{
	if ((unsigned)status >= RDX_STATUS_COUNT)
		return "unknown error";
	return status_messages[status];
}

enum rdx_status rdx_fail(char **cause, enum rdx_status status, const char *fmt, ...)
{
	if (cause == NULL)
		return status;
	free(*cause);
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *text = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	va_end(ap);
	*cause = text;
	return status;
}

void rdx_cause_clear(char **cause)
{
	if (cause != NULL)
		*cause = NULL;
}

void rdx_cause_drop(char **cause)
{
	if (cause == NULL)
		return;
	free(*cause);
	*cause = NULL;
}

const char *rdx_cause_or_message(enum rdx_status status, const char *cause)
{
	return cause != NULL ? cause : rdx_status_message(status);
}
