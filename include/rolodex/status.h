/*
 * status.h - one status enum for every layer, and the "char **cause" idiom.
 *
 * Functions that can fail return an enum rdx_status and take a `char **cause`
 * last.  On entry the callee sets *cause to NULL (when cause is not NULL); on
 * failure it may allocate a human-readable detail there, which the caller owns
 * and frees.  The TUI shows the detail in its status line, the CLI prints
 * "rolodex: <detail>".
 */
#ifndef ROLODEX_STATUS_H
#define ROLODEX_STATUS_H

/* X-macro list: name, short message.  The message is used when no cause
 * detail was given. */
#define RDX_STATUS_LIST(_)                                            \
	_(OK, "ok")                                                   \
	_(NOT_FOUND, "not found")                                     \
	_(AMBIGUOUS, "ambiguous")                                     \
	_(INVALID, "invalid input")                                   \
	_(TOO_LONG, "value too long")                                 \
	_(USAGE, "usage error")                                       \
	_(DB, "database error")                                       \
	_(BUSY, "the database is busy")                               \
	_(IO, "input/output error")                                   \
	_(NOMEM, "out of memory")                                     \
	_(NEWER, "the database is from a newer version of rolodex")   \
	_(FOREIGN, "not a rolodex database")                          \
	_(CORRUPT, "the database is corrupt")                         \
	_(READONLY, "the database is read-only")                      \
	_(CONFLICT, "changed by someone else meanwhile")

#define RDX_STATUS_ENUM(name, message) RDX_##name,
enum rdx_status { RDX_STATUS_LIST(RDX_STATUS_ENUM) RDX_STATUS_COUNT };
#undef RDX_STATUS_ENUM

/* Static message for a status; never NULL. */
const char *rdx_status_message(enum rdx_status status);

/* Sets *cause (when cause is not NULL) to a newly allocated printf-style
 * message and returns status.  If *cause already holds a message it is freed
 * first.  Convenient as `return rdx_fail(cause, RDX_INVALID, "...", ...);`. */
enum rdx_status rdx_fail(char **cause, enum rdx_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears *cause to NULL when cause is not NULL (call on entry; it does not
 * free: *cause may be uninitialised then). */
void rdx_cause_clear(char **cause);

/* Frees a message the caller decided to ignore and sets *cause to NULL. */
void rdx_cause_drop(char **cause);

/* The detail when there is one, else the status message.  Borrowed. */
const char *rdx_cause_or_message(enum rdx_status status, const char *cause);

#endif
