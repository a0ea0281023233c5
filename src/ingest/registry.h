/*
 * registry.h — the institutions measured in a round (surveys/instituciones.csv).
 *
 * Columns (names configurable in [registry]): code, name_es, name_en, group,
 * group_en (the group in the English reports),
 * weight; [registry] encoding names the file's encoding when it is not
 * UTF-8.  Codes become file names, so they must match [A-Za-z0-9_-]{1,32},
 * must not be a name Windows reserves for a device (CON, PRN, AUX, NUL,
 * COM0-9, LPT0-9); codes differing only in case are refused as duplicates.  code and name_es
 * are required columns, the others optional (extra columns are ignored);
 * weight is a number > 0 (empty = 1), with a decimal comma when the file is
 * ';'-separated (Spanish Excel).  Every problem of the file is reported.
 */
#ifndef INDIGO_REGISTRY_H
#define INDIGO_REGISTRY_H

#include "config.h"
#include "csv.h"
#include "error.h"
#include "model.h"

/* Load path with the column names and encoding of cfg (NULL = defaults;
   opt, when given, replaces the file's own csv options). Items are sorted
   by code (strcmp, as COINr's order()). NULL on error, recorded in d. */
struct registry *registry_load(const char *path, const struct config *cfg,
                               const struct csv_options *opt, struct diag *d);
void registry_free(struct registry *r);
int registry_find(const struct registry *r, const char *code); /* index or -1 */
/* 1 if code is safe as a file name component. */
int code_is_safe(const char *code);

#endif
