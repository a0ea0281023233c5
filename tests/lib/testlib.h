/*
 * testlib.h — small things the C tests share: files read whole, files
 * compared, commands run.  Part of the test library (tests/lib/), with
 * tap.h, fwbuild.h and round_fixture.h.
 */
#ifndef TEST_TESTLIB_H
#define TEST_TESTLIB_H

#include <stddef.h>

/* The whole of path, NUL-terminated; *n = its size (n may be NULL).  NULL
   if it cannot be read.  Caller frees. */
char *slurp(const char *path, size_t *n);

/* The same for dir/name. */
char *slurp_in(const char *dir, const char *name, size_t *n);

/* 1 if files a and b both exist, are not empty and hold the same bytes (an
   empty output is a failed render, never "the same" as another). */
int same_file(const char *a, const char *b);

/* Run a shell command; its stdout (malloc'd, NUL-terminated), or NULL if it
   could not run.  *status gets the exit status (-1 if it did not exit). */
char *run_command(const char *cmd, int *status);

#endif
