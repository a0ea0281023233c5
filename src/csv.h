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

/* Parse a number as written by Spanish- or English-locale exports:
   "1234.5", "1234,5" (decimal comma), "1.234,5" / "1,234.5" (grouping).
   Rejects NaN, infinities, overflow (1e400) and trailing junk; "-0" -> 0.
   Returns 0 and *out, or -1. */
int csv_parse_number(const char *s, int decimal_comma, double *out);

/* Does s (n bytes) hold valid UTF-8?  Returns 1, or 0 and *bad_offset. */
int utf8_valid(const char *s, size_t n, size_t *bad_offset);

/*
 * Text that every output can hold: the first problem in s[0, n) -- bytes
 * that are not UTF-8, a NUL, or a character that XML (xlsx, SVG, HTML) and
 * spreadsheets cannot hold or show: a control character other than tab, line
 * feed and carriage return (C0, DEL, C1) or the noncharacters U+FFFE and
 * U+FFFF.  *off gets its offset (n if there is none) and *cp the character
 * (both may be NULL).
 * A UTF-8 sequence cut by the end of s is TEXT_NOT_UTF8.
 */
enum text_problem { TEXT_OK, TEXT_NOT_UTF8, TEXT_NUL, TEXT_CONTROL };
enum text_problem text_check(const char *s, size_t n, size_t *off, unsigned *cp);
/* 1 if character cp is refused in text (as text_check does). */
int text_char_refused(unsigned cp);
/* Writers' defence (inputs are checked when read): s[0, n) appended to sb
   with every byte that is not UTF-8 and every refused character replaced by
   U+FFFD, so that no XML or HTML file can be made invalid by text.  Returns
   how many were replaced. */
struct strbuf;
size_t text_append_safe(struct strbuf *sb, const char *s, size_t n);
/* A byte-order mark of UTF-16 or UTF-32 at the start of s (n bytes): what
   it says, for "the file is UTF-16 ..." messages; NULL if none. */
struct unicode_bom {
    const char *bytes;
    size_t n;
    const char *hex;        /* "FF FE"                                   */
    const char *encoding;   /* "UTF-16 (little-endian)"                  */
    const char *setting;    /* what encoding = takes: "UTF-16"           */
};
const struct unicode_bom *unicode_bom_of(const char *s, size_t n);
/* The message for a refused character (printf: its U+ number, its name). */
#define CONTROL_MESSAGE                                                                       \
    "control character U+%04X (%s) in the text (expected text without control characters: " \
    "remove it or replace it with a space)"
/* What cp is called in messages: "vertical tab", "form feed", ... */
const char *control_name(unsigned cp);

/* s lower-cased (ASCII) with the accents of Latin-1 letters removed
   ("Educación" -> "educacion", "Ñ" -> "n"), for tolerant matching and
   "did you mean" suggestions.  Caller frees. */
char *utf8_fold(const char *s);
/* The same into out, which holds at least strlen(s) + 1 bytes (folding never
   lengthens); returns the length written. */
size_t utf8_fold_to(const char *s, char *out);

#endif
