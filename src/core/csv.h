/*
 * csv.h — an RFC 4180 reader that knows where it is.
 *
 * Reads quoted fields with embedded separators, newlines and doubled quotes;
 * CRLF and LF; a leading UTF-8 BOM; ',' ';' or tab separators (sniffed from
 * the first record unless set); trailing empty columns.  Input that is not
 * valid UTF-8 is converted with iconv from the encoding the caller names, or
 * refused with a message naming the line and column of the first bad byte:
 * mojibake never leaves this module.
 *
 * Every row carries the line it started on, and each field its column, so
 * callers report "file:line:column: ...".
 *
 * Every input is read once: a UTF-8 file or pipe is streamed in blocks
 * (memory does not grow with the file) and hashed as it is read; a file in
 * another encoding is read whole and decoded first.
 */
#ifndef INDIGO_CSV_H
#define INDIGO_CSV_H

#include <stddef.h>

#include "error.h"

struct csv_options {
    char sep;                 /* 0 = sniff from the header: ',' ';' '\t'   */
    const char *encoding;     /* NULL or "UTF-8" = must be UTF-8; else iconv from it */
    size_t max_field;         /* 0 = default (1 MiB); longer fields are an error */
    /* Added by the ingest module (both may stay NULL): */
    const char *name;         /* name used in messages; NULL = the path    */
    const char *config_section; /* config section where encoding can be set,
                                 e.g. "survey.kobo_igd", named in the advice
                                 for a non-UTF-8 file; NULL = generic advice */
    size_t block;             /* bytes read at a time from a streamed file;
                                 0 = default (1 MiB).  Tests set it tiny to
                                 cut records at every possible place.       */
    const char *what;         /* what the file is, for "cannot read WHAT: ..."
                                 (e.g. "survey file"); NULL = nothing      */
    const char *where;        /* where it is named, e.g. "[survey.x] of
                                 indigo.ini"; NULL = nowhere               */
};

struct csv_row {
    char **field;             /* NUL-terminated UTF-8, owned by the reader,
                                 valid until the next csv_next().  The
                                 caller may shorten a field in place (move
                                 its pointer forward, write a NUL earlier,
                                 update len) until then.                   */
    size_t *len;              /* byte length of each field                */
    long *col;                /* 1-based column (in characters) where each field starts */
    long *fline;              /* 1-based line where each field starts (differs
                                 from line after a quoted embedded newline) */
    int n;                    /* number of fields                         */
    long line;                /* line where the record starts (1-based)   */
};

struct csv_reader;

/*
 * Open path (a file or a pipe, read once: input.h).  On failure returns NULL
 * and records the reason in d (missing, or not a file or a pipe:
 * EX_NOINPUT; a ZIP, UTF-16 or UTF-32 file read as UTF-8, or bytes that are
 * not the stated encoding: EX_DATAERR).  A file in a stated encoding is
 * decoded whole here; text is otherwise checked as it is read: the rows
 * before the one holding a bad byte (not UTF-8, NUL, a control character
 * that no output can hold: text_check()) are returned, then csv_next()
 * reports it at its line and column and returns -1.
 */
struct csv_reader *csv_open(const char *path, const struct csv_options *opt,
                            struct diag *d);
/* Same over a memory buffer (tests, fuzzing); name is used in messages. */
struct csv_reader *csv_open_mem(const char *name, const char *data, size_t n,
                                const struct csv_options *opt, struct diag *d);
/*
 * Next record: 1 and *row filled, 0 at end of input, -1 on a syntax error
 * (e.g. an unterminated quote), which is recorded in d with its line; after
 * -1 the reader is at its end (0).  Empty lines between records are skipped;
 * LF, CRLF and a lone CR end a line, and a line end inside a quoted field is
 * stored as "\n".  An unquoted field may hold '"' (kept as is); text after
 * the closing quote of a quoted field is an error.
 */
int csv_next(struct csv_reader *r, struct csv_row *row, struct diag *d);
char csv_separator(const struct csv_reader *r);  /* the one in use          */
/* The SHA-256 of the input's bytes as read (before any decoding), once it
   has been read to its end: 0, or -1 before that. */
int csv_sha256(const struct csv_reader *r, char hex[65]);
/* 1 if enc names an encoding the reader can decode (UTF-8 or one iconv
   knows), 0 if not. */
int csv_encoding_known(const char *enc);
const char *csv_name(const struct csv_reader *r);
void csv_close(struct csv_reader *r);            /* accepts NULL             */

/* The numbers in the fields: numparse.h (csv_parse_number). */

#endif
