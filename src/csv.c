/*
 * csv.c — the RFC 4180 reader (contract in csv.h).
 *
 * A UTF-8 file (the common case) is streamed, so memory does not grow with
 * the file: it is first read through once in blocks and checked whole (a
 * ZIP or UTF-16 file, NUL bytes, invalid UTF-8), so that a bad byte anywhere
 * is still reported before any row is returned; then it is read again, a
 * block at a time, into one buffer that rows are cut from in place.  An
 * unquoted field is NUL-terminated where it lies (the separator or line end
 * after it is overwritten once the record is complete); a quoted field is
 * unescaped into a side buffer.  A record that runs past the end of the
 * buffer is parsed again from its start once more input has been read (the
 * buffer grows only for a record longer than itself).  The cursor keeps the
 * line and the column in characters, so every field knows where it started
 * (the model is SQLite shell's csv_read_one_field).
 *
 * A file in another encoding, or that is not a regular file, is read whole
 * and decoded with iconv first, then cut the same way from memory.
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

#include "strbuf.h"
#include "xalloc.h"

#define MAX_FIELD_DEFAULT ((size_t)1 << 20)
#define BLOCK_DEFAULT ((size_t)1 << 20)

struct csv_reader {
    char *name;          /* for messages                                     */
    int fd;              /* the file being streamed, or -1 (text in memory)   */
    char *buf;           /* input; [pos, len) not yet cut into rows; cap + 1
                            bytes are allocated, so buf[len] is writable      */
    size_t cap, len, pos;
    size_t checked;      /* streamed: buf[0, checked) re-checked as UTF-8     */
    size_t block;        /* most bytes asked of read() at a time              */
    int eof;             /* nothing follows buf[len)                          */
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

/* The same over the file open as fd (read again from its start; only on the
   way to an error message). */
static void locate_fd(int fd, uint64_t off, long *line, long *col)
{
    long l = 1, c = 1;
    int prev = -1;
    uint64_t at = 0;
    char b[65536];
    if (lseek(fd, 0, SEEK_SET) == 0) {
        while (at <= off) {
            uint64_t want = off + 1 - at;
            ssize_t got = read(fd, b, want < sizeof b ? (size_t)want : sizeof b);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                break;
            for (ssize_t i = 0; i < got; i++, at++) {
                if (prev >= 0)
                    advance((unsigned char)prev, (unsigned char)b[i], 0, &l, &c);
                prev = (unsigned char)b[i];
            }
        }
    }
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

/* Advice appended to "invalid UTF-8 byte" messages. */
static char *encoding_advice(const struct csv_options *opt)
{
    if (opt && opt->config_section)
        return xasprintf(msg_tr("the file is not UTF-8; set encoding = ... in its [%s] section, "
                                "e.g. windows-1252"),
                         opt->config_section);
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

/* The checks on the first bytes of any input: a ZIP (.xlsx) file, or UTF-16
   read as UTF-8.  0, or -1 recorded. */
static int check_start(const char *name, const char *raw, size_t n,
                       const struct csv_options *opt, struct diag *d)
{
    if (n >= 4 && memcmp(raw, "PK\x03\x04", 4) == 0)
        return diag_error(d, EX_DATAERR_, name, 0, 0,
                          "this is a ZIP file (an .xlsx workbook?), not CSV text (export the "
                          "sheet as \"CSV UTF-8\")");
    if (is_utf8_name(opt ? opt->encoding : NULL) && n >= 2 && (unsigned char)raw[0] == 0xFF &&
        (unsigned char)raw[1] == 0xFE) {
        if (opt && opt->config_section)
            return diag_error(d, EX_DATAERR_, name, 1, 1,
                              "the file is UTF-16 (it starts with the byte-order mark FF FE); "
                              "set encoding = UTF-16 in its [%s] section or save it as UTF-8",
                              opt->config_section);
        return diag_error(d, EX_DATAERR_, name, 1, 1,
                          "the file is UTF-16 (it starts with the byte-order mark FF FE); "
                          "set encoding = UTF-16 or save it as UTF-8");
    }
    return 0;
}

static int nul_error(const char *name, long line, long col, struct diag *d)
{
    return diag_error(d, EX_DATAERR_, name, line, col,
                      "NUL byte in the file (expected CSV text, not a binary file)");
}

static int utf8_error(const char *name, long line, long col, unsigned char byte,
                      const struct csv_options *opt, struct diag *d)
{
    char *advice = encoding_advice(opt);
    diag_error(d, EX_DATAERR_, name, line, col, "invalid UTF-8 byte 0x%02X (%s)", byte, advice);
    free(advice);
    return -1;
}

/*
 * Check and decode raw (the whole input) into r->buf.  Every problem found
 * is recorded; 0 if the text is usable.
 */
static int prepare_text(struct csv_reader *r, const char *raw, size_t n,
                        const struct csv_options *opt, struct diag *d)
{
    const char *enc = opt ? opt->encoding : NULL;
    int rc = 0;
    if (check_start(r->name, raw, n, opt, d) != 0)
        return -1;
    if (is_utf8_name(enc)) {
        r->buf = xstrndup(raw, n);
        r->len = n;
    } else {
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
        r->buf = decode(r->name, raw, n, enc, &r->len, d);
        if (!r->buf)
            return -1;
    }
    r->cap = r->len;
    /* NUL bytes: a binary file, or UTF-16 read as UTF-8 */
    const char *nul = memchr(r->buf, '\0', r->len);
    if (nul) {
        long line, col;
        locate(r->buf, (size_t)(nul - r->buf), 0, &line, &col);
        rc = nul_error(r->name, line, col, d);
    }
    size_t bad;
    if (!utf8_valid(r->buf, r->len, &bad)) {
        long line, col;
        locate(r->buf, bad, 0, &line, &col);
        rc = utf8_error(r->name, line, col, (unsigned char)r->buf[bad], opt, d);
    }
    return rc;
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

/* Read up to n bytes (fewer only at the end of the file).  -1 on error. */
static ssize_t read_full(int fd, char *b, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, b + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

/*
 * The streamed file's checks, made over the whole file before any row is
 * read: what prepare_text() checks, in blocks.  0 if usable; the file is
 * left positioned at its start.
 */
static int check_file(struct csv_reader *r, const struct csv_options *opt, struct diag *d)
{
    size_t block = r->block < 64 ? 64 : r->block;
    char *b = xmalloc(block + 4);
    uint64_t base = 0, nul_at = UINT64_MAX, bad_at = UINT64_MAX;
    unsigned char bad_byte = 0;
    size_t keep = 0; /* a UTF-8 sequence cut by the block end, moved to b[0] */
    int rc = 0, first = 1;
    for (;;) {
        ssize_t got = read_full(r->fd, b + keep, block);
        if (got < 0) {
            rc = diag_error(d, EX_IOERR_, r->name, 0, 0, "cannot read: %s", strerror(errno));
            break;
        }
        size_t n = keep + (size_t)got;
        int final = (size_t)got < block;
        if (first && check_start(r->name, b, n, opt, d) != 0) {
            rc = -1;
            break;
        }
        first = 0;
        if (nul_at == UINT64_MAX) {
            const char *z = memchr(b + keep, '\0', n - keep);
            if (z)
                nul_at = base + (uint64_t)(z - b);
        }
        keep = 0;
        if (bad_at == UINT64_MAX) {
            size_t p;
            if (!utf8_valid(b, n, &p)) {
                if (!final && is_cut_sequence((const unsigned char *)b + p, n - p)) {
                    keep = n - p;
                } else {
                    bad_at = base + p;
                    bad_byte = (unsigned char)b[p];
                }
            }
        }
        if (final || (nul_at != UINT64_MAX && bad_at != UINT64_MAX))
            break;
        base += n - keep;
        memmove(b, b + n - keep, keep);
    }
    free(b);
    if (rc != 0)
        return rc; /* unreadable, or not text at all: nothing more to say */
    if (nul_at != UINT64_MAX) {
        long line, col;
        locate_fd(r->fd, nul_at, &line, &col);
        rc = nul_error(r->name, line, col, d);
    }
    if (bad_at != UINT64_MAX) {
        long line, col;
        locate_fd(r->fd, bad_at, &line, &col);
        rc = utf8_error(r->name, line, col, bad_byte, opt, d);
    }
    if (rc == 0 && lseek(r->fd, 0, SEEK_SET) != 0)
        rc = diag_error(d, EX_IOERR_, r->name, 0, 0, "cannot read: %s", strerror(errno));
    return rc;
}

/* ------------------------------------------------------------------------ */
/* The buffer                                                                */
/* ------------------------------------------------------------------------ */

/*
 * Streamed input only: check again the bytes read since the last call, as
 * check_file() did (the file could have been rewritten in between, and
 * nothing that is not UTF-8 text may leave this module).  A sequence cut by
 * the end of the buffer waits for the next read.
 */
static int recheck(struct csv_reader *r, struct diag *d)
{
    const char *s = r->buf + r->checked;
    size_t n = r->len - r->checked, p = n;
    int bad = memchr(s, '\0', n) != NULL;
    if (!bad && !utf8_valid(s, n, &p) &&
        (r->eof || !is_cut_sequence((const unsigned char *)s + p, n - p)))
        bad = 1;
    if (bad) {
        r->done = 1;
        return diag_error(d, EX_IOERR_, r->name, 0, 0,
                          "the file changed while it was read (it now holds bytes that are "
                          "not UTF-8 text); read it again when nothing is writing it");
    }
    r->checked += p;
    return 0;
}

/*
 * Read more: the unread bytes [pos, len) move to the front and the rest of
 * the buffer is filled, the buffer doubling only when they fill it all.
 * Sets eof at the end of the file.  0, or -1 on a read error (recorded).
 */
static int fill(struct csv_reader *r, struct diag *d)
{
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->checked = r->checked > r->pos ? r->checked - r->pos : 0;
        r->pos = 0;
    }
    if (r->len == r->cap) {
        r->cap = r->cap ? 2 * r->cap : r->block;
        r->buf = xrealloc(r->buf, r->cap + 1);
    }
    size_t want = r->cap - r->len;
    if (want > r->block)
        want = r->block;
    ssize_t got;
    do
        got = read(r->fd, r->buf + r->len, want);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        r->done = 1;
        return diag_error(d, EX_IOERR_, r->name, 0, 0, "cannot read: %s", strerror(errno));
    }
    if (got == 0)
        r->eof = 1;
    r->len += (size_t)got;
    return recheck(r, d);
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
    r->fd = -1;
    r->block = opt && opt->block ? opt->block : BLOCK_DEFAULT;
    r->max_field = opt && opt->max_field ? opt->max_field : MAX_FIELD_DEFAULT;
    r->line = r->col = 1;
    strbuf_init(&r->quoted);
    return r;
}

/* BOM, separator and field ends, once the first bytes are in the buffer. */
static int reader_start(struct csv_reader *r, const struct csv_options *opt, struct diag *d)
{
    while (!r->eof && r->len < 3)
        if (fill(r, d) != 0)
            return -1;
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3; /* the BOM Excel writes for "CSV UTF-8" */
    if (opt && opt->sep) {
        r->sep = opt->sep;
    } else {
        while ((r->sep = sniff(r->buf + r->pos, r->len - r->pos, r->eof)) == 0)
            if (fill(r, d) != 0)
                return -1;
    }
    r->stop[(unsigned char)r->sep] = 1;
    r->stop['\n'] = r->stop['\r'] = 1;
    return 0;
}

struct csv_reader *csv_open_mem(const char *name, const char *data, size_t n,
                                const struct csv_options *opt, struct diag *d)
{
    struct csv_reader *r = reader_new(name, opt);
    r->eof = 1;
    if (prepare_text(r, data, n, opt, d) != 0 || reader_start(r, opt, d) != 0) {
        csv_close(r);
        return NULL;
    }
    return r;
}

/* The whole of fd (for inputs that are decoded, or not regular files).
   NULL on error (errno). */
static char *read_all(int fd, size_t *n)
{
    size_t cap = 65536, len = 0;
    char *b = xmalloc(cap);
    for (;;) {
        if (len == cap)
            b = xrealloc(b, cap *= 2);
        ssize_t k = read(fd, b + len, cap - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            free(b);
            errno = e;
            return NULL;
        }
        if (k == 0)
            break;
        len += (size_t)k;
    }
    *n = len;
    return b;
}

struct csv_reader *csv_open(const char *path, const struct csv_options *opt, struct diag *d)
{
    const char *name = opt && opt->name ? opt->name : path;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_error(d, errno == ENOENT ? EX_NOINPUT_ : EX_IOERR_, name, 0, 0, "cannot open: %s",
                   strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && is_utf8_name(opt ? opt->encoding : NULL)) {
        struct csv_reader *r = reader_new(path, opt);
        r->fd = fd;
        if (check_file(r, opt, d) != 0 || reader_start(r, opt, d) != 0) {
            csv_close(r);
            return NULL;
        }
        return r;
    }
    size_t n = 0;
    char *raw = read_all(fd, &n);
    int err = errno;
    close(fd);
    if (!raw) {
        diag_error(d, EX_IOERR_, name, 0, 0, "cannot read: %s", strerror(err));
        return NULL;
    }
    struct csv_reader *r = csv_open_mem(path, raw, n, opt, d);
    free(raw);
    return r;
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
    const int eof = r->eof;
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
            if (r->eof)
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
            if (r->pos + 1 == r->len && !r->eof) {
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
