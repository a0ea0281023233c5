/*
 * ini.h — iniparser with the traps taken out (dependencies.md §4).
 *
 * iniparser 4.1 fails on a UTF-8 BOM, refuses lines over 1022 bytes, reports
 * syntax errors only as text on stderr and never tells where a key was.  ini_load
 * checks the first two itself with exact line numbers, captures iniparser's
 * own messages, and records the line of every section and key so callers can
 * report "file:line: error: ..." for a bad value.  The only file that includes
 * <iniparser/iniparser.h> besides ini.c is none: everything goes through here.
 */
#ifndef INDIGO_INI_H
#define INDIGO_INI_H

#include "error.h"

struct ini;

/* Load path; NULL with every problem recorded in d (EX_NOINPUT if the file
   cannot be opened, EX_DATAERR otherwise). */
struct ini *ini_load(const char *path, struct diag *d);
void ini_free(struct ini *ini);                     /* accepts NULL          */

/* Value of "section:key" (lowercase ASCII), or NULL if absent. */
const char *ini_get(const struct ini *ini, const char *section, const char *key);
/* Line of the key (or of the section header when key is NULL); 0 if absent. */
int ini_line(const struct ini *ini, const char *section, const char *key);
/* Sections in file order. */
int ini_nsections(const struct ini *ini);
const char *ini_section(const struct ini *ini, int i);
/* Keys of a section in file order; returns count, *keys borrowed. */
int ini_keys(const struct ini *ini, const char *section, const char ***keys);
const char *ini_path(const struct ini *ini);

/* Typed getters that report bad values at the key's line (status 65) and
   return -1; a missing key gives def and 0. */
int ini_get_double(const struct ini *ini, const char *section, const char *key, double def,
                   double *out, struct diag *d);
int ini_get_int(const struct ini *ini, const char *section, const char *key, long def,
                long *out, struct diag *d);
int ini_get_bool(const struct ini *ini, const char *section, const char *key, int def,
                 int *out, struct diag *d);
/* Split a comma-separated list, trimming spaces; returns count, *items malloc'd
   (free each and the array).  Empty value -> 0. */
int ini_split_list(const char *value, char ***items);

#endif
