/*
 * error.h — how indigo reports what went wrong.
 *
 * Two kinds of failure, two locations (see STYLE.md §4):
 *  - a problem in the user's *data* is reported at the data location,
 *    "file:line:column: error: what is wrong (what was expected)", and gives
 *    one of the sysexits.h statuses below;
 *  - an impossible state in *our code* is a BUG(), which prints the source
 *    location and aborts.
 *
 * struct diag collects every data problem of a run, so validation can report
 * them all at once (the first DIAG_SHOWN are kept, the rest only counted).
 */
#ifndef INDIGO_ERROR_H
#define INDIGO_ERROR_H

#include <stdarg.h>
#include <stdio.h>

/* Exit statuses, from sysexits.h. */
enum {
    EXIT_OK_ = 0,
    EX_USAGE_ = 64,     /* command line usage error                        */
    EX_DATAERR_ = 65,   /* bad input data                                  */
    EX_NOINPUT_ = 66,   /* missing input                                   */
    EX_UNAVAILABLE_ = 69, /* a part of indigo (indigo-render) is missing   */
    EX_SOFTWARE_ = 70,  /* internal error                                  */
    EX_CANTCREAT_ = 73, /* cannot create output                            */
    EX_IOERR_ = 74,     /* I/O error                                       */
    EX_TEMPFAIL_ = 75,  /* busy: another run holds the database            */
    EX_NOPERM_ = 77     /* refused: the round is published (docs/rondas.md)  */
};

#define DIAG_SHOWN 100

struct diag {
    char **msgs;      /* formatted messages, at most DIAG_SHOWN kept          */
    int n_kept;
    long n_errors;    /* total errors seen                                   */
    long n_warnings;  /* total warnings seen (never fatal)                   */
    int status;       /* worst exit status so far, 0 if none                  */
};

void diag_init(struct diag *d);
void diag_release(struct diag *d);

/*
 * Record an error at a data location.  file may be NULL (no location);
 * line <= 0 omits the line, col <= 0 omits the column.  Returns -1 so callers
 * can write `return diag_error(...)`.
 */
int diag_error(struct diag *d, int status, const char *file, long line, long col,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Same, never fatal; printed as "warning:". */
void diag_warning(struct diag *d, const char *file, long line, long col,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Print every kept message (and "... and N more") to fp. */
void diag_print(const struct diag *d, FILE *fp);
/* A file name for diag_error()/diag_warning() whose locations print as a
   spreadsheet's: "file.xlsx:Sheet!C12" (line = row, col = column number),
   "file.xlsx:Sheet:12" (row only).  Caller frees. */
#define DIAG_SHEET_MARK '\x1d'
char *diag_sheet_location(const char *file, const char *sheet);

/* Messages about files under directory from (a staging directory) name them
   under to instead (where they end up, or would have). */
void diag_rename_dir(struct diag *d, const char *from, const char *to);
/* Move everything from src into dst (src is released). */
void diag_merge(struct diag *dst, struct diag *src);
/* The same, leaving out (and not counting) the messages dst already holds
   word for word: a file read once per framework it feeds says each shared
   problem once. */
void diag_merge_new(struct diag *dst, struct diag *src);
static inline int diag_failed(const struct diag *d) { return d->n_errors > 0; }

/* Programmer error: prints "BUG: file:line: ..." and aborts. */
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void bug_fl(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
