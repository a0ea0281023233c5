/*
 * csv.c — the RFC 4180 reader (contract in csv.h).
 *
 * The file is read whole and checked before the first row is returned:
 * decoded with iconv when the caller states an encoding, then searched for
 * NUL bytes and invalid UTF-8.  Rows are then cut from the decoded text one
 * character at a time (the model is SQLite shell's csv_read_one_field), with
 * the cursor keeping the line and the column in characters so every field
 * knows where it started.
 */
#include "csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "xalloc.h"

#define MAX_FIELD_DEFAULT ((size_t)1 << 20)

struct csv_reader {
    char *name;          /* for messages                                     */
    char *text;          /* the decoded UTF-8 text, owned                     */
    size_t n;            /* its length                                        */
    size_t pos;          /* cursor                                            */
    long line, col;      /* the cursor's line and column (characters), 1-based */
    char sep;
    size_t max_field;
    int done;            /* end reached or a syntax error: no more rows       */
    struct strbuf buf;   /* fields of the current record, NUL-separated       */
    size_t *off;         /* field i starts at buf.buf + off[i]                */
    char **field;
    size_t *len;
    long *col_of, *line_of;
    size_t cap;          /* allocated entries of the five arrays above       */
};

/* ------------------------------------------------------------------------ */
/* Locating a byte offset (for messages about the raw file)                 */
/* ------------------------------------------------------------------------ */

/*
 * Line and column of offset off in text.  LF, CRLF and a lone CR end a line.
 * With bytes_are_chars every byte is a column (the raw bytes of a single-byte
 * encoding); otherwise UTF-8 continuation bytes do not count.
 */
static void locate(const char *text, size_t off, int bytes_are_chars, long *line, long *col)
{
    long l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char b = (unsigned char)text[i];
        /* text[i + 1] exists: i + 1 <= off, and off is inside the text */
        if (b == '\n' || (b == '\r' && text[i + 1] != '\n')) {
            l++;
            c = 1;
        } else if (b != '\r' && (bytes_are_chars || (b & 0xC0) != 0x80)) {
            c++;
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
        return xasprintf("the file is not UTF-8; set encoding = ... in its [%s] section, "
                         "e.g. windows-1252",
                         opt->config_section);
    return xstrdup("the file is not UTF-8; save it as UTF-8");
}

/*
 * Convert raw (n bytes) from enc to UTF-8 with iconv.  Returns the new text
 * (caller frees) and *out_n, or NULL with the problem recorded in d.
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
        result = out;
    }
    iconv_close(cd);
    return result;
}

/*
 * Check and decode raw into r->text.  Every problem found is recorded; 0 if
 * the text is usable.
 */
static int prepare_text(struct csv_reader *r, const char *raw, size_t n,
                        const struct csv_options *opt, struct diag *d)
{
    const char *enc = opt ? opt->encoding : NULL;
    int rc = 0;
    if (n >= 4 && memcmp(raw, "PK\x03\x04", 4) == 0)
        return diag_error(d, EX_DATAERR_, r->name, 0, 0,
                          "this is a ZIP file (an .xlsx workbook?), not CSV text (export the "
                          "sheet as \"CSV UTF-8\")");
    if (is_utf8_name(enc)) {
        if (n >= 2 && ((unsigned char)raw[0] == 0xFF && (unsigned char)raw[1] == 0xFE))
            return diag_error(d, EX_DATAERR_, r->name, 1, 1,
                              "the file is UTF-16 (it starts with the byte-order mark FF FE); "
                              "set encoding = UTF-16%s%s%s or save it as UTF-8",
                              opt && opt->config_section ? " in its [" : "",
                              opt && opt->config_section ? opt->config_section : "",
                              opt && opt->config_section ? "] section" : "");
        r->text = xstrndup(raw, n);
        r->n = n;
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
        r->text = decode(r->name, raw, n, enc, &r->n, d);
        if (!r->text)
            return -1;
    }
    /* NUL bytes: a binary file, or UTF-16 read as UTF-8 */
    const char *nul = memchr(r->text, '\0', r->n);
    if (nul) {
        long line, col;
        locate(r->text, (size_t)(nul - r->text), 0, &line, &col);
        rc = diag_error(d, EX_DATAERR_, r->name, line, col,
                        "NUL byte in the file (expected CSV text, not a binary file)");
    }
    size_t bad;
    if (!utf8_valid(r->text, r->n, &bad)) {
        long line, col;
        locate(r->text, bad, 0, &line, &col);
        char *advice = encoding_advice(opt);
        rc = diag_error(d, EX_DATAERR_, r->name, line, col, "invalid UTF-8 byte 0x%02X (%s)",
                        (unsigned char)r->text[bad], advice);
        free(advice);
    }
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Cursor                                                                    */
/* ------------------------------------------------------------------------ */

static int at_end(const struct csv_reader *r) { return r->pos >= r->n; }
static char peek(const struct csv_reader *r) { return r->text[r->pos]; }

/* Consume one byte, keeping line and column.  A CR followed by LF counts as
   one line end (at the LF); a lone CR (old Mac files) ends a line too. */
static char get(struct csv_reader *r)
{
    char c = r->text[r->pos++];
    if (c == '\n' || (c == '\r' && (at_end(r) || peek(r) != '\n'))) {
        r->line++;
        r->col = 1;
    } else if (c != '\r' && ((unsigned char)c & 0xC0) != 0x80) {
        r->col++;
    }
    return c;
}

/* Separator from the first record: the most frequent of , ; TAB outside
   quotes (',' wins ties, then ';'). */
static char sniff(const char *t, size_t n)
{
    size_t count[3] = {0, 0, 0};
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            count[0]++;
        else if (!quoted && c == ';')
            count[1]++;
        else if (!quoted && c == '\t')
            count[2]++;
    }
    if (count[1] > count[0] && count[1] >= count[2])
        return ';';
    if (count[2] > count[0] && count[2] > count[1])
        return '\t';
    return ',';
}

/* ------------------------------------------------------------------------ */
/* Public functions                                                          */
/* ------------------------------------------------------------------------ */

struct csv_reader *csv_open_mem(const char *name, const char *data, size_t n,
                                const struct csv_options *opt, struct diag *d)
{
    struct csv_reader *r = xcalloc(1, sizeof *r);
    r->name = xstrdup(opt && opt->name ? opt->name : name);
    if (prepare_text(r, data, n, opt, d) != 0) {
        csv_close(r);
        return NULL;
    }
    if (r->n >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3; /* the BOM Excel writes for "CSV UTF-8" */
    r->line = r->col = 1;
    r->sep = opt && opt->sep ? opt->sep : sniff(r->text + r->pos, r->n - r->pos);
    r->max_field = opt && opt->max_field ? opt->max_field : MAX_FIELD_DEFAULT;
    strbuf_init(&r->buf);
    return r;
}

struct csv_reader *csv_open(const char *path, const struct csv_options *opt, struct diag *d)
{
    const char *name = opt && opt->name ? opt->name : path;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_error(d, errno == ENOENT ? EX_NOINPUT_ : EX_IOERR_, name, 0, 0, "cannot open: %s",
                   strerror(errno));
        return NULL;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        strbuf_add(&sb, chunk, got);
    int failed = ferror(fp);
    int err = errno;
    fclose(fp);
    struct csv_reader *r = NULL;
    if (failed)
        diag_error(d, EX_IOERR_, name, 0, 0, "cannot read: %s", strerror(err));
    else
        r = csv_open_mem(path, sb.buf, sb.len, opt, d);
    strbuf_release(&sb);
    return r;
}

/* Close the current field: NUL-terminate it and note where it started. */
static void end_field(struct csv_reader *r, int i, size_t off, long line, long col)
{
    if ((size_t)i >= r->cap) {
        size_t cap = r->cap;
        r->off = xgrow(r->off, &cap, (size_t)i + 1, sizeof *r->off);
        r->field = xrealloc(r->field, cap * sizeof *r->field);
        r->len = xrealloc(r->len, cap * sizeof *r->len);
        r->col_of = xrealloc(r->col_of, cap * sizeof *r->col_of);
        r->line_of = xrealloc(r->line_of, cap * sizeof *r->line_of);
        r->cap = cap;
    }
    r->off[i] = off;
    r->len[i] = r->buf.len - off;
    r->col_of[i] = col;
    r->line_of[i] = line;
    strbuf_addc(&r->buf, '\0');
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

int csv_next(struct csv_reader *r, struct csv_row *row, struct diag *d)
{
    if (r->done)
        return 0;
    /* blank lines between records carry nothing (Excel leaves them at the end) */
    while (!at_end(r) && (peek(r) == '\n' || peek(r) == '\r'))
        get(r);
    if (at_end(r)) {
        r->done = 1;
        return 0;
    }
    strbuf_reset(&r->buf);
    long rec_line = r->line;
    int nf = 0;
    for (;;) {
        long fline = r->line, fcol = r->col;
        size_t off = r->buf.len;
        if (!at_end(r) && peek(r) == '"') {
            get(r);
            for (;;) {
                if (at_end(r)) {
                    r->done = 1;
                    return diag_error(d, EX_DATAERR_, r->name, fline, 0,
                                      "unterminated quoted field (opened at line %ld, column %ld)",
                                      fline, fcol);
                }
                char c = get(r);
                if (c == '"') {
                    if (at_end(r) || peek(r) != '"')
                        break;
                    get(r);
                } else if (c == '\r') {
                    if (!at_end(r) && peek(r) == '\n')
                        get(r);
                    c = '\n'; /* CRLF or CR inside a field is stored as LF */
                }
                strbuf_addc(&r->buf, c);
                if (r->buf.len - off > r->max_field)
                    return too_long(r, 1, fline, fcol, d);
            }
            if (!at_end(r) && peek(r) != r->sep && peek(r) != '\n' && peek(r) != '\r') {
                r->done = 1;
                /* A quote that closes on a later line and is followed by text
                   is almost always an opening quote that was never closed,
                   which swallowed the lines in between. */
                if (r->line > fline)
                    return diag_error(d, EX_DATAERR_, r->name, fline, 0,
                                      "unterminated quoted field (opened at line %ld, column %ld)",
                                      fline, fcol);
                return diag_error(d, EX_DATAERR_, r->name, r->line, r->col,
                                  "text after the closing quote of a quoted field (a quote "
                                  "inside a quoted field is written twice: \"\")");
            }
        } else {
            while (!at_end(r) && peek(r) != r->sep && peek(r) != '\n' && peek(r) != '\r') {
                strbuf_addc(&r->buf, get(r));
                if (r->buf.len - off > r->max_field)
                    return too_long(r, 0, fline, fcol, d);
            }
        }
        end_field(r, nf++, off, fline, fcol);
        if (at_end(r))
            break;
        char c = get(r);
        if (c == r->sep)
            continue; /* a separator before the line end gives a trailing empty field */
        if (c == '\r' && !at_end(r) && peek(r) == '\n')
            get(r);
        break;
    }
    for (int i = 0; i < nf; i++)
        r->field[i] = r->buf.buf + r->off[i];
    row->field = r->field;
    row->len = r->len;
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
    free(r->name);
    free(r->text);
    if (r->buf.buf)
        strbuf_release(&r->buf);
    free(r->off);
    free(r->field);
    free(r->len);
    free(r->col_of);
    free(r->line_of);
    free(r);
}
