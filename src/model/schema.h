/*
 * schema.h - private to src/model: the migrations that build the schema.
 */
#ifndef ROLODEX_MODEL_SCHEMA_H
#define ROLODEX_MODEL_SCHEMA_H

#include <stddef.h>

/* Number of migrations; the current schema version equals it. */
size_t schema_migration_count(void);
/* SQL taking user_version from_version to from_version + 1, or NULL. */
const char *schema_migration(size_t from_version);

#endif
