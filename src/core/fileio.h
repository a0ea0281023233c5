/*
 * fileio.h — reading a whole file into memory.
 *
 * Writing outputs is atomic_file.h's job (staging directories swapped into
 * place); reading inputs needs none of that, so it lives here.
 */
#ifndef INDIGO_FILEIO_H
#define INDIGO_FILEIO_H

#include <stddef.h>

/* Read a whole file; NULL with errno on failure. *n = size (n may be NULL).
   The buffer holds one more byte, a NUL after the data.  Caller frees. */
char *read_file(const char *path, size_t *n);

#endif
