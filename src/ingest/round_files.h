/*
 * round_files.h — a framework as a round keeps it: its files, byte for byte.
 *
 * A round is computed with the framework it was loaded with, whatever the
 * framework directories hold later (docs/rondas.md).  `indigo load` reads
 * the files of each framework of a round (round_files_read) into the
 * database (store_put_round_framework); compute, report and explain read
 * them back and parse them with the same loader as a directory
 * (framework_from_round_files), so a round's method is exactly the files it
 * was published with.
 */
#ifndef INDIGO_ROUND_FILES_H
#define INDIGO_ROUND_FILES_H

#include "error.h"
#include "model.h"

/* One file of a framework as a round keeps it. */
struct round_file {
    char *name;              /* framework.ini, nodes.csv, ...                  */
    char *dir;               /* the directory it was read from (as resolved)   */
    char sha256[65];
    char *data;              /* its bytes (NUL-terminated copy)                */
    size_t size;
};
void round_files_free(struct round_file *f, int n);

/* The files of framework directory dir that define its method
   (framework.ini, nodes.csv, questions.csv and options.csv when present),
   in that order.  Returns 0, or -1 with the problem in d. */
int round_files_read(const char *dir, struct round_file **files, int *n, struct diag *d);

/* 1 if both sets hold the same files with the same SHA-256. */
int round_files_same(const struct round_file *a, int na, const struct round_file *b, int nb);

/* The first file that differs between a (stored) and b (now), by name, for
   messages: its name, or NULL if the sets are the same. */
const char *round_files_first_difference(const struct round_file *a, int na,
                                         const struct round_file *b, int nb);

/* Parse stored files: they are written to a private temporary directory and
   read by framework_load; fw->dir, fw->ini_path and every message name the
   directory they were read from originally.  NULL with the problem in d. */
struct framework *framework_from_round_files(const struct round_file *files, int n,
                                             struct diag *d);

#endif
