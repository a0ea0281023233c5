/*
 * input.h — opening an input so that it is read once, from its start to its
 * end, and nothing else is ever opened by that name.
 *
 * Every input of a round (the config, the registry, the framework files, the
 * surveys and their mappings) is opened here.  A regular file or a pipe (a
 * FIFO, /dev/stdin when it is a pipe, a shell's <(...)) is read; anything
 * else -- a directory, a device such as /dev/zero or a terminal, a socket,
 * a symbolic link loop -- is refused with EX_NOINPUT and a message saying
 * what it is, before it is opened, so that nothing can block or run forever.
 * A pipe is given on purpose (the config names it, or the command line),
 * and since every reader reads its input once, hashing as it parses, a pipe
 * gives the same result as a file with its bytes.
 */
#ifndef INDIGO_INPUT_H
#define INDIGO_INPUT_H

#include <stddef.h>

#include "error.h"

/* How messages about an input name it: "NAME: error: cannot read WHAT:
   REASON (named in WHERE)"; what and where may be NULL. */
struct input_name {
    const char *name;      /* the path as the user wrote it              */
    const char *what;      /* "survey file", "registry", ...             */
    const char *where;     /* "[survey.x] of indigo.ini"                 */
};

/* Open path for reading: the descriptor, or -1 with the reason in d
   (EX_NOINPUT: missing, unreadable, not a file or a pipe; EX_IOERR:
   anything else). */
int input_open(const char *path, const struct input_name *n, struct diag *d);

/* All of fd (closed by the caller) in one malloc'd, NUL-terminated buffer
   of *len bytes; with sha, its SHA-256 in hex.  An input over max bytes is
   an error (EX_DATAERR): a pipe that never ends cannot take all memory.
   NULL with the reason in d. */
char *input_read_all(int fd, const struct input_name *n, size_t max, size_t *len, char sha[65],
                     struct diag *d);

/* Whole-file inputs (INI files) are at most this long. */
#define INPUT_TEXT_MAX ((size_t)16 << 20)

#endif
