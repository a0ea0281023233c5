/*
 * csv.c — the RFC 4180 reader (contract in csv.h).
 *
 * An input is read once.  A UTF-8 file or pipe (the common case) is streamed
 * in blocks into one buffer that rows are cut from in place, so memory does
 * not grow with the file, and its SHA-256 is computed from the same blocks.
 * Each block is checked as it arrives (its first bytes for a ZIP or a UTF-16
 * or UTF-32 byte-order mark; then invalid UTF-8, NUL bytes and control
 * characters that no output can hold): the parser sees only the checked
 * text before a bad byte, so the rows before the one holding it are returned
 * and then the problem is reported at its line and column, whatever the
 * block size.  An unquoted field is NUL-terminated where it lies (the
 * separator or line end after it is overwritten once the record is
 * complete); a quoted field is unescaped into a side buffer.  A record that
 * runs past the end of the buffer is parsed again from its start once more
 * input has been read (the buffer grows only for a record longer than
 * itself).  The cursor keeps the line and the column in characters, so every
 * field knows where it started (the model is SQLite shell's
 * csv_read_one_field).
 *
 * A file in another encoding is read whole and decoded with iconv first,
 * then cut and checked the same way from memory.
 */
#include "csv.h"
#include "messages.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "sha256.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#define MAX_FIELD_DEFAULT ((size_t)1 << 20)
#define BLOCK_DEFAULT ((size_t)1 << 20)

/* The first problem found in the text, reported when the parser reaches it. */
struct text_fault {
    int set;
    enum text_problem kind;
    size_t off;          /* in buf                                            */
    unsigned char byte;  /* the first byte there                              */
    unsigned cp;         /* the character (TEXT_CONTROL)                      */
};

struct csv_reader {
    char *name;          /* for messages                                     */
    char *section;       /* config section where encoding can be set, or NULL */
    int fd;              /* the input being streamed, or -1 (text in memory)  */
    char *buf;           /* input; [pos, len) not yet cut into rows; cap + 1
                            bytes are allocated, so buf[len] is writable      */
    size_t cap, got, len, pos; /* buf[0, got) read; buf[0, len) checked text  */
    size_t block;        /* most bytes asked of read() at a time              */
    int eof;             /* nothing follows buf[got)                          */
    int at_end;          /* eof and every byte read is checked text: the end
                            of buf[len) ends the input                        */
    int started;         /* the first bytes have been looked at               */
    struct text_fault fault;
    struct sha256_ctx *sha; /* of the bytes read so far (streamed input)      */
    char sha_hex[65];    /* once the whole input has been read               */
    int sha_done;
    long line, col;      /* the cursor's line and column (characters), 1-based */
    char sep;
    unsigned char stop[256]; /* 1 for the separator, CR and LF: ends a field */
    size_t max_field;
    int done;            /* end reached or a syntax error: no more rows       */
    struct strbuf quoted; /* quoted fields of the current record, unescaped,
                             NUL-separated                                    */
    /* the fields of the current record */
    size_t *start;       /* offset in the record (unquoted) or in quoted      */
    size_t *end;
    unsigned char *is_quoted;
    char **field;
    size_t *len_of;
    long *col_of, *line_of;
    size_t n_alloc;      /* allocated entries of the arrays above             */
};

/* ------------------------------------------------------------------------ */
/* Locating a byte offset (for messages about the raw file)                 */
/* ------------------------------------------------------------------------ */

/* Line and column after byte b, given the byte after it (-1 at the end).
   LF, CRLF and a lone CR end a line.  With bytes_are_chars every byte is a
   column (the raw bytes of a single-byte encoding); otherwise UTF-8
   continuation bytes do not count. */
static void advance(unsigned char b, int next, int bytes_are_chars, long *l, long *c)
{
    if (b == '\n' || (b == '\r' && next != '\n')) {
        (*l)++;
        *c = 1;
    } else if (b != '\r' && (bytes_are_chars || (b & 0xC0) != 0x80)) {
        (*c)++;
    }
}

/* Line and column of offset off in text (off is inside the text). */
static void locate(const char *text, size_t off, int bytes_are_chars, long *line, long *col)
{
    long l = 1, c = 1;
    for (size_t i = 0; i < off; i++)
        advance((unsigned char)text[i], (unsigned char)text[i + 1], bytes_are_chars, &l, &c);
    *line = l;
    *col = c;
}

/* ------------------------------------------------------------------------ */
/* Decoding                                                                  */
/* ------------------------------------------------------------------------ */

static int is_utf8_name(const char *enc)
{
    return !enc || !*enc || strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

/* Names analysts write that iconv does not know. */
static const char *iconv_name(const char *enc)
{
    if (strcasecmp(enc, "ansi") == 0)
        return "WINDOWS-1252";
    return enc;
}

int csv_encoding_known(const char *enc)
{
    if (is_utf8_name(enc))
        return 1;
    iconv_t cd = iconv_open("UTF-8", iconv_name(enc));
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

/* Advice appended to "invalid UTF-8 byte" messages. */
static char *encoding_advice(const char *section)
{
    if (section)
        return xasprintf(msg_tr("the file is not UTF-8; set encoding = ... in its [%s] "
                                "section, e.g. windows-1252"),
                         section);
    return xstrdup(msg_tr("the file is not UTF-8; save it as UTF-8"));
}

/*
 * Convert raw (n bytes) from enc to UTF-8 with iconv.  Returns the new text
 * (caller frees; one spare byte after it) and *out_n, or NULL with the
 * problem recorded in d.
 */
static char *decode(const char *name, const char *raw, size_t n, const char *enc,
                    size_t *out_n, struct diag *d)
{
    iconv_t cd = iconv_open("UTF-8", iconv_name(enc));
    if (cd == (iconv_t)-1) {
        diag_error(d, EX_DATAERR_, name, 0, 0,
                   "unknown encoding \"%s\" (expected a name iconv knows, e.g. windows-1252, "
                   "ISO-8859-1 or UTF-16)",
                   enc);
        return NULL;
    }
    size_t cap = 3 * n + 16; /* enough for any single-byte source; grown if not */
    char *out = xmalloc(cap);
    char *in = (char *)raw, *o = out;
    size_t in_left = n, out_left = cap;
    char *result = out;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out);
            cap *= 2;
            out = xrealloc(out, cap);
            o = out + used;
            out_left = cap - used;
            continue;
        }
        long line, col;
        size_t off = (size_t)(in - raw);
        locate(raw, off, 1, &line, &col);
        if (errno == EINVAL)
            diag_error(d, EX_DATAERR_, name, line, col,
                       "the file ends inside a character (is encoding = %s right for this file?)",
                       enc);
        else
            diag_error(d, EX_DATAERR_, name, line, col,
                       "byte 0x%02X is not valid %s (is encoding = %s right for this file?)",
                       (unsigned char)raw[off], enc, enc);
        free(out);
        result = NULL;
        break;
    }
    if (result) {
        /* flush any shift state (stateful encodings) */
        iconv(cd, NULL, NULL, &o, &out_left);
        *out_n = (size_t)(o - out);
        result = xrealloc(out, *out_n + 1);
        result[*out_n] = '\0';
    }
    iconv_close(cd);
    return result;
}

/* "set encoding = X in its [S] section or save it as UTF-8", or, where the
   file has no encoding setting, "save it as UTF-8". */
static char *unicode_advice(const char *section, const char *setting)
{
    if (section)
        return xasprintf(msg_tr("set encoding = %s in its [%s] section or save it as UTF-8"),
                         setting, section);
    return xstrdup(msg_tr("save it as UTF-8"));
}

/* The checks on the first bytes of any input: a ZIP (.xlsx) file, or UTF-16
   or UTF-32 read as UTF-8.  0, or -1 recorded. */
static int check_start(const char *name, const char *raw, size_t n, const char *encoding,
                       const char *section, struct diag *d)
{
    if (n >= 4 && memcmp(raw, "PK\x03\x04", 4) == 0)
        return diag_error(d, EX_DATAERR_, name, 0, 0,
                          "this is a ZIP file (an .xlsx workbook?), not CSV text (export the "
                          "sheet as \"CSV UTF-8\")");
    if (!is_utf8_name(encoding))
        return 0;
    const struct unicode_bom *bom = unicode_bom_of(raw, n);
    if (bom) {
        char *advice = unicode_advice(section, bom->setting);
        diag_error(d, EX_DATAERR_, name, 1, 1,
                   "the file is %s (it starts with the byte-order mark %s); %s", bom->encoding,
                   bom->hex, advice);
        free(advice);
        return -1;
    }
    /* UTF-16 without a byte-order mark: a zero byte beside each letter */
    const unsigned char *u = (const unsigned char *)raw;
    int le = n >= 4 && u[0] && u[0] < 0x80 && !u[1] && u[2] && u[2] < 0x80 && !u[3];
    int be = n >= 4 && !u[0] && u[1] && u[1] < 0x80 && !u[2] && u[3] && u[3] < 0x80;
    if (le || be) {
        char *advice = unicode_advice(section, le ? "UTF-16LE" : "UTF-16BE");
        diag_error(d, EX_DATAERR_, name, 1, 1,
                   "the file is UTF-16 (%s-endian) without a byte-order mark (a zero byte "
                   "beside each letter); %s",
                   le ? "little" : "big", advice);
        free(advice);
        return -1;
    }
    return 0;
}

/* The message for the reader's fault, at line and col. */
static int fault_error(const struct csv_reader *r, long line, long col, struct diag *d)
{
    const struct text_fault *f = &r->fault;
    if (f->kind == TEXT_NUL)
        return diag_error(d, EX_DATAERR_, r->name, line, col,
                          "NUL byte in the file (expected CSV text, not a binary file)");
    if (f->kind == TEXT_CONTROL)
        return diag_error(d, EX_DATAERR_, r->name, line, col,
                          CONTROL_MESSAGE,
                          f->cp, control_name(f->cp));
    char *advice = encoding_advice(r->section);
    diag_error(d, EX_DATAERR_, r->name, line, col, "invalid UTF-8 byte 0x%02X (%s)", f->byte,
               advice);
    free(advice);
    return -1;
}

/* Is s[0, n) the start of a UTF-8 sequence cut short (n below its length)? */
static int is_cut_sequence(const unsigned char *s, size_t n)
{
    if (n == 0 || n > 3 || s[0] < 0xC2 || s[0] > 0xF4)
        return 0;
    size_t need = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (n >= need)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* The buffer                                                                */
/* ------------------------------------------------------------------------ */

/*
 * Check the bytes read since the last call and let the parser see those that
 * are text: up to a bad byte (noted in fault, reported when the parser gets
 * there), or a UTF-8 sequence cut by the end of what has been read so far
 * (it waits for the next read).
 */
static void scan(struct csv_reader *r)
{
    if (r->fault.set)
        return;
    const char *s = r->buf + r->len;
    size_t n = r->got - r->len, off = 0;
    unsigned cp = 0;
    enum text_problem t = text_check(s, n, &off, &cp);
    if (t == TEXT_OK) {
        r->len = r->got;
    } else if (t == TEXT_NOT_UTF8 && !r->eof &&
               is_cut_sequence((const unsigned char *)s + off, n - off)) {
        r->len += off;
    } else {
        r->len += off;
        r->fault = (struct text_fault){1, t, r->len, (unsigned char)s[off], cp};
    }
}

/* Report the fault, now that the parser has reached it: its line and column
   from the cursor's. */
static int report_fault(struct csv_reader *r, struct diag *d)
{
    long line = r->line, col = r->col;
    for (size_t i = r->pos; i < r->fault.off; i++)
        advance((unsigned char)r->buf[i], (unsigned char)r->buf[i + 1], 0, &line, &col);
    r->done = 1;
    return fault_error(r, line, col, d);
}

/*
 * Read more, and check it: the unread bytes [pos, got) move to the front and
 * the rest of the buffer is filled, the buffer doubling only when they fill
 * it all.  Sets eof at the end of the input (and finishes its SHA-256).  0,
 * or -1 on a read error or a bad byte reached by the parser (recorded).
 */
static int fill(struct csv_reader *r, struct diag *d)
{
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->got - r->pos);
        r->got -= r->pos;
        r->len -= r->pos;
        if (r->fault.set)
            r->fault.off -= r->pos;
        r->pos = 0;
    }
    if (r->fault.set)
        return report_fault(r, d);
    if (r->fd >= 0 && !r->eof) {
        if (r->got == r->cap) {
            r->cap = r->cap ? 2 * r->cap : r->block;
            r->buf = xrealloc(r->buf, r->cap + 1);
        }
        size_t want = r->cap - r->got;
        if (want > r->block)
            want = r->block;
        ssize_t k;
        do
            k = read(r->fd, r->buf + r->got, want);
        while (k < 0 && errno == EINTR);
        if (k < 0) {
            r->done = 1;
            return diag_error(d, EX_IOERR_, r->name, 0, 0, "cannot read: %s", strerror(errno));
        }
        sha256_add(r->sha, r->buf + r->got, (size_t)k);
        r->got += (size_t)k;
        if (k == 0) {
            r->eof = 1;
            sha256_end(r->sha, r->sha_hex);
            r->sha = NULL;
            r->sha_done = 1;
        }
    }
    if (!r->started) {
        if (r->got < 4 && !r->eof)
            return 0; /* the first bytes say what the file is: wait for them */
        r->started = 1;
        if (check_start(r->name, r->buf, r->got, NULL, r->section, d) != 0) {
            r->done = 1;
            return -1;
        }
    }
    scan(r);
    r->at_end = r->eof && r->len == r->got;
    return 0;
}

/* Separator from the first record: the most frequent of , ; TAB outside
   quotes (',' wins ties, then ';').  0 when t[0, n) ends before the first
   line does and more input may follow (!eof). */
static char sniff(const char *t, size_t n, int eof)
{
    size_t count[3] = {0, 0, 0};
    int quoted = 0, line_end = 0;
    for (size_t i = 0; i < n && !line_end; i++) {
        char c = t[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            line_end = 1;
        else if (!quoted && c == ',')
            count[0]++;
        else if (!quoted && c == ';')
            count[1]++;
        else if (!quoted && c == '\t')
            count[2]++;
    }
    if (!line_end && !eof)
        return 0;
    if (count[1] > count[0] && count[1] >= count[2])
        return ';';
    if (count[2] > count[0] && count[2] > count[1])
        return '\t';
    return ',';
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                   */
/* ------------------------------------------------------------------------ */

static struct csv_reader *reader_new(const char *name, const struct csv_options *opt)
{
    struct csv_reader *r = xcalloc(1, sizeof *r);
    r->name = xstrdup(opt && opt->name ? opt->name : name);
    r->section = xstrdup(opt ? opt->config_section : NULL);
    r->fd = -1;
    r->block = opt && opt->block ? opt->block : BLOCK_DEFAULT;
    r->max_field = opt && opt->max_field ? opt->max_field : MAX_FIELD_DEFAULT;
    r->line = r->col = 1;
    strbuf_init(&r->quoted);
    return r;
}

/* Text already in memory (a buffer, or a decoded file), whole: checked as
   the parser reaches it, like a stream. */
static void reader_set_text(struct csv_reader *r, char *text, size_t n, int started)
{
    r->buf = text;
    r->cap = r->got = n;
    r->eof = 1;
    r->started = started;
}

/* BOM, separator and field ends, once the first bytes are in the buffer. */
static int reader_start(struct csv_reader *r, const struct csv_options *opt, struct diag *d)
{
    while (!r->at_end && r->len < 3)
        if (fill(r, d) != 0)
            return -1;
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3; /* the BOM Excel writes for "CSV UTF-8" */
    if (opt && opt->sep) {
        r->sep = opt->sep;
    } else {
        while ((r->sep = sniff(r->buf + r->pos, r->len - r->pos, r->at_end)) == 0)
            if (fill(r, d) != 0)
                return -1;
    }
    r->stop[(unsigned char)r->sep] = 1;
    r->stop['\n'] = r->stop['\r'] = 1;
    return 0;
}

/*
 * Decode raw (the whole input, in a stated encoding other than UTF-8) into
 * the reader.  0 if the text is usable.
 */
static int reader_decode(struct csv_reader *r, const char *raw, size_t n, const char *enc,
                         struct diag *d)
{
    if (check_start(r->name, raw, n, enc, r->section, d) != 0)
        return -1;
    /* A stated single-byte encoding over a file that is in fact UTF-8
       would turn "ó" into "Ã³": refuse rather than store mojibake. */
    size_t bad;
    if (utf8_valid(raw, n, &bad)) {
        for (size_t i = 0; i < n; i++) {
            if ((unsigned char)raw[i] >= 0x80) {
                long line, col;
                locate(raw, i, 0, &line, &col);
                size_t k = 1;
                while (i + k < n && ((unsigned char)raw[i + k] & 0xC0) == 0x80)
                    k++;
                return diag_error(d, EX_DATAERR_, r->name, line, col,
                                  "the file is already UTF-8 (\"%.*s\" here) but encoding = "
                                  "%s is stated (remove the encoding setting)",
                                  (int)k, raw + i, enc);
            }
        }
    }
    size_t len;
    char *text = decode(r->name, raw, n, enc, &len, d);
    if (!text)
        return -1;
    reader_set_text(r, text, len, 1);
    return 0;
}

struct csv_reader *csv_open_mem(const char *name, const char *data, size_t n,
                                const struct csv_options *opt, struct diag *d)
{
    struct csv_reader *r = reader_new(name, opt);
    sha256_hex(data, n, r->sha_hex);
    r->sha_done = 1;
    const char *enc = opt ? opt->encoding : NULL;
    int rc;
    if (is_utf8_name(enc)) {
        char *copy = xmalloc(n + 1);
        memcpy(copy, data, n);
        copy[n] = '\0';
        reader_set_text(r, copy, n, 0);
        rc = reader_start(r, opt, d);
    } else {
        rc = reader_decode(r, data, n, enc, d);
        if (rc == 0)
            rc = reader_start(r, opt, d);
    }
    if (rc != 0) {
        csv_close(r);
        return NULL;
    }
    return r;
}

struct csv_reader *csv_open(const char *path, const struct csv_options *opt, struct diag *d)
{
    struct input_name in = {opt && opt->name ? opt->name : path, opt ? opt->what : NULL,
                            opt ? opt->where : NULL};
    int fd = input_open(path, &in, d);
    if (fd < 0)
        return NULL;
    const char *enc = opt ? opt->encoding : NULL;
    if (is_utf8_name(enc)) {
        struct csv_reader *r = reader_new(path, opt);
        r->fd = fd;
        r->sha = sha256_begin();
        if (reader_start(r, opt, d) != 0) {
            csv_close(r);
            return NULL;
        }
        return r;
    }
    size_t n = 0;
    char sha[65];
    char *raw = input_read_all(fd, &in, SIZE_MAX / 4, &n, sha, d);
    close(fd);
    if (!raw)
        return NULL;
    struct csv_reader *r = reader_new(path, opt);
    memcpy(r->sha_hex, sha, sizeof sha);
    r->sha_done = 1;
    int rc = reader_decode(r, raw, n, enc, d);
    free(raw);
    if (rc != 0 || reader_start(r, opt, d) != 0) {
        csv_close(r);
        return NULL;
    }
    return r;
}

int csv_sha256(const struct csv_reader *r, char hex[65])
{
    if (!r || !r->sha_done)
        return -1;
    memcpy(hex, r->sha_hex, 65);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Records                                                                   */
/* ------------------------------------------------------------------------ */

enum { REC_ERROR = -1, REC_OK = 1, REC_MORE = 2 };

/* Note field i of the current record: [start, end) of the record, or of
   quoted when is_quoted. */
static void add_field(struct csv_reader *r, int i, int is_quoted, size_t start, size_t end,
                      long line, long col)
{
    if ((size_t)i >= r->n_alloc) {
        size_t n = r->n_alloc ? 2 * r->n_alloc : 16;
        r->start = xrealloc(r->start, n * sizeof *r->start);
        r->end = xrealloc(r->end, n * sizeof *r->end);
        r->is_quoted = xrealloc(r->is_quoted, n * sizeof *r->is_quoted);
        r->field = xrealloc(r->field, n * sizeof *r->field);
        r->len_of = xrealloc(r->len_of, n * sizeof *r->len_of);
        r->col_of = xrealloc(r->col_of, n * sizeof *r->col_of);
        r->line_of = xrealloc(r->line_of, n * sizeof *r->line_of);
        r->n_alloc = n;
    }
    r->start[i] = start;
    r->end[i] = end;
    r->is_quoted[i] = (unsigned char)is_quoted;
    r->line_of[i] = line;
    r->col_of[i] = col;
}

static int too_long(struct csv_reader *r, int quoted, long line, long col, struct diag *d)
{
    r->done = 1;
    if (quoted)
        return diag_error(d, EX_DATAERR_, r->name, line, col,
                          "quoted field longer than %zu bytes (is its closing quote missing?)",
                          r->max_field);
    return diag_error(d, EX_DATAERR_, r->name, line, col, "field longer than %zu bytes",
                      r->max_field);
}

/*
 * Cut the record at buf[pos] (blank lines already skipped).  REC_OK with the
 * fields noted and the cursor after the record; REC_MORE when the buffer
 * ends before the record does and more input may follow (nothing changed:
 * read more and call again); REC_ERROR (recorded, reader done).
 */
static int parse_record(struct csv_reader *r, int *n_fields, size_t *rec_off, struct diag *d)
{
    char *p = r->buf + r->pos;
    const size_t avail = r->len - r->pos;
    const int eof = r->at_end;
    const size_t max = r->max_field;
    size_t i = 0;
    long line = r->line, col = r->col;
    int nf = 0;
    strbuf_reset(&r->quoted);
    for (;;) {
        long fline = line, fcol = col;
        if (i < avail && p[i] == '"') {
            size_t start = r->quoted.len;
            i++;
            col++;
            for (;;) {
                size_t j = i;
                while (j < avail && p[j] != '"' && p[j] != '\r' && p[j] != '\n') {
                    col += ((unsigned char)p[j] & 0xC0) != 0x80;
                    j++;
                }
                strbuf_add(&r->quoted, p + i, j - i);
                i = j;
                if (r->quoted.len - start > max)
                    return too_long(r, 1, fline, fcol, d);
                if (i == avail) {
                    if (!eof)
                        return REC_MORE;
                    r->done = 1;
                    return diag_error(d, EX_DATAERR_, r->name, fline, 0,
                                      "unterminated quoted field (opened at line %ld, column %ld)",
                                      fline, fcol);
                }
                char c = p[i++];
                if (c == '"') {
                    col++;
                    if (i == avail && !eof)
                        return REC_MORE;
                    if (i == avail || p[i] != '"')
                        break;
                    i++;
                    col++;
                    strbuf_addc(&r->quoted, '"');
                } else {
                    if (c == '\r') {
                        if (i == avail && !eof)
                            return REC_MORE;
                        if (i < avail && p[i] == '\n')
                            i++;
                    }
                    line++;
                    col = 1;
                    strbuf_addc(&r->quoted, '\n'); /* CRLF or CR inside a field is stored as LF */
                }
                if (r->quoted.len - start > max)
                    return too_long(r, 1, fline, fcol, d);
            }
            if (i == avail && !eof)
                return REC_MORE;
            if (i < avail && !r->stop[(unsigned char)p[i]]) {
                r->done = 1;
                /* A quote that closes on a later line and is followed by text
                   is almost always an opening quote that was never closed,
                   which swallowed the lines in between. */
                if (line > fline)
                    return diag_error(d, EX_DATAERR_, r->name, fline, 0,
                                      "unterminated quoted field (opened at line %ld, column %ld)",
                                      fline, fcol);
                return diag_error(d, EX_DATAERR_, r->name, line, col,
                                  "text after the closing quote of a quoted field (a quote "
                                  "inside a quoted field is written twice: \"\")");
            }
            add_field(r, nf++, 1, start, r->quoted.len, fline, fcol);
            strbuf_addc(&r->quoted, '\0');
        } else {
            size_t lim = avail - i > max ? i + max + 1 : avail, j = i;
            while (j < lim && !r->stop[(unsigned char)p[j]]) {
                col += ((unsigned char)p[j] & 0xC0) != 0x80;
                j++;
            }
            if (j - i > max)
                return too_long(r, 0, fline, fcol, d);
            if (j == avail && !eof)
                return REC_MORE;
            add_field(r, nf++, 0, i, j, fline, fcol);
            i = j;
        }
        if (i == avail)
            break; /* the end of the input ends the record */
        char c = p[i++];
        if (c == r->sep) {
            col++;
            continue; /* a separator before the line end gives a trailing empty field */
        }
        if (c == '\r') {
            if (i == avail && !eof)
                return REC_MORE;
            if (i < avail && p[i] == '\n')
                i++;
        }
        line++;
        col = 1;
        break;
    }
    /* complete: NUL-terminate the unquoted fields where they lie (over the
       separator or line end after them, already read; buf[len] at the end) */
    for (int k = 0; k < nf; k++)
        if (!r->is_quoted[k])
            p[r->end[k]] = '\0';
    *rec_off = r->pos;
    r->pos += i;
    r->line = line;
    r->col = col;
    *n_fields = nf;
    return REC_OK;
}

int csv_next(struct csv_reader *r, struct csv_row *row, struct diag *d)
{
    if (r->done)
        return 0;
    /* blank lines between records carry nothing (Excel leaves them at the end) */
    for (;;) {
        if (r->pos == r->len) {
            if (r->at_end)
                break;
            if (fill(r, d) != 0)
                return -1;
            continue;
        }
        char c = r->buf[r->pos];
        if (c == '\n') {
            r->pos++;
            r->line++;
            r->col = 1;
        } else if (c == '\r') {
            if (r->pos + 1 == r->len && !r->at_end) {
                if (fill(r, d) != 0)
                    return -1;
                continue;
            }
            r->pos++;
            if (r->pos == r->len || r->buf[r->pos] != '\n') { /* else the LF ends the line */
                r->line++;
                r->col = 1;
            }
        } else {
            break;
        }
    }
    if (r->pos == r->len) {
        r->done = 1;
        return 0;
    }
    long rec_line = r->line;
    int nf = 0, rc;
    size_t rec = 0;
    while ((rc = parse_record(r, &nf, &rec, d)) == REC_MORE)
        if (fill(r, d) != 0)
            return -1;
    if (rc != REC_OK)
        return -1;
    for (int i = 0; i < nf; i++) {
        r->field[i] = r->is_quoted[i] ? r->quoted.buf + r->start[i] : r->buf + rec + r->start[i];
        r->len_of[i] = r->end[i] - r->start[i];
    }
    row->field = r->field;
    row->len = r->len_of;
    row->col = r->col_of;
    row->fline = r->line_of;
    row->n = nf;
    row->line = rec_line;
    return 1;
}

char csv_separator(const struct csv_reader *r) { return r->sep; }

const char *csv_name(const struct csv_reader *r) { return r->name; }

void csv_close(struct csv_reader *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    free(r->name);
    free(r->section);
    sha256_abandon(r->sha);
    free(r->buf);
    if (r->quoted.buf)
        strbuf_release(&r->quoted);
    free(r->start);
    free(r->end);
    free(r->is_quoted);
    free(r->field);
    free(r->len_of);
    free(r->col_of);
    free(r->line_of);
    free(r);
}
