/*
 * xlsx_read.c — one sheet of an .xlsx workbook as rows (see xlsx_read.h).
 *
 * An .xlsx file is a ZIP of XML parts: xl/workbook.xml lists the sheets,
 * xl/_rels/workbook.xml.rels says which part holds each, xl/sharedStrings.xml
 * keeps the text most cells point into, and xl/styles.xml says which cells
 * are dates.  The small parts are read whole; the sheet is inflated and
 * parsed a block at a time, and the rows its parser completes are handed
 * out one by one.
 */
#include "xlsx_read.h"

#include <dlfcn.h>
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "strbuf.h"
#include "xalloc.h"

/*
 * libzip and expat are loaded the first time a workbook is opened, not at
 * start-up: Debian's libzip links OpenSSL's libcrypto, and loading the two
 * cost every command (`indigo compute` on a small round, `--version`)
 * several milliseconds whether it read a workbook or not; expat, needed by
 * nothing else, is one more library to map and relocate at every start.
 * The reader calls each function through a pointer under its own name (the
 * macros below), so the code reads as if the libraries were linked;
 * <zip.h> and <expat.h> still declare them, so the compiler checks every
 * call against the libraries' own prototypes.
 */
#define LIBZIP_SONAME "libzip.so.4"     /* Debian 12's libzip4 */
#define LIBEXPAT_SONAME "libexpat.so.1" /* Debian 12's libexpat1 */
#define ZIP_FUNCTIONS(X)                                                         \
    X(zip_stat_init) X(zip_stat) X(zip_fopen) X(zip_strerror) X(zip_fread)       \
    X(zip_fclose) X(zip_open_from_source) X(zip_source_free)                     \
    X(zip_error_strerror) X(zip_error_fini) X(zip_error_init)                    \
    X(zip_source_file_create) X(zip_source_buffer_create) X(zip_file_strerror)   \
    X(zip_discard)
#define EXPAT_FUNCTIONS(X)                                                       \
    X(XML_ParserCreate) X(XML_SetUserData) X(XML_SetElementHandler)              \
    X(XML_SetCharacterDataHandler) X(XML_Parse) X(XML_GetCurrentLineNumber)      \
    X(XML_ErrorString) X(XML_GetErrorCode) X(XML_ParserFree)
#define LIB_POINTER(f) __typeof__(f) *p_##f;
static struct {
    ZIP_FUNCTIONS(LIB_POINTER)
    EXPAT_FUNCTIONS(LIB_POINTER)
} libs;
static pthread_once_t libs_once = PTHREAD_ONCE_INIT;
static char libs_why[256];              /* why they could not be loaded, or "" */

/* The handle of soname, or NULL with why in libs_why. */
static void *lib_open(const char *soname)
{
    void *h = libs_why[0] ? NULL : dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h && !libs_why[0])
        snprintf(libs_why, sizeof libs_why, "%s", dlerror());
    return h;
}

static void libs_load(void)
{
    void *zip = lib_open(LIBZIP_SONAME), *expat = lib_open(LIBEXPAT_SONAME), *h = NULL, *sym;
    const char *soname = NULL;
#define LIB_LOAD(f)                                                              \
    if (!libs_why[0]) {                                                          \
        sym = dlsym(h, #f);                                                      \
        if (!sym)                                                                \
            snprintf(libs_why, sizeof libs_why, "%s has no %s", soname, #f);      \
        memcpy(&libs.p_##f, &sym, sizeof sym);                                   \
    }
    h = zip;
    soname = LIBZIP_SONAME;
    ZIP_FUNCTIONS(LIB_LOAD)
    h = expat;
    soname = LIBEXPAT_SONAME;
    EXPAT_FUNCTIONS(LIB_LOAD)
    /* the handles stay open for the life of the process */
}

/* libzip and expat loaded; else -1 with an error in d. */
static int libzip_ready(const char *name, struct diag *d)
{
    pthread_once(&libs_once, libs_load);
    if (!libs_why[0])
        return 0;
    diag_error(d, EX_UNAVAILABLE_, name, 0, 0,
               "cannot read .xlsx workbooks: %s (expected Debian's libzip4 and libexpat1 "
               "installed)",
               libs_why);
    return -1;
}

#define zip_stat_init(...) libs.p_zip_stat_init(__VA_ARGS__)
#define zip_stat(...) libs.p_zip_stat(__VA_ARGS__)
#define zip_fopen(...) libs.p_zip_fopen(__VA_ARGS__)
#define zip_strerror(...) libs.p_zip_strerror(__VA_ARGS__)
#define zip_fread(...) libs.p_zip_fread(__VA_ARGS__)
#define zip_fclose(...) libs.p_zip_fclose(__VA_ARGS__)
#define zip_open_from_source(...) libs.p_zip_open_from_source(__VA_ARGS__)
#define zip_source_free(...) libs.p_zip_source_free(__VA_ARGS__)
#define zip_error_strerror(...) libs.p_zip_error_strerror(__VA_ARGS__)
#define zip_error_fini(...) libs.p_zip_error_fini(__VA_ARGS__)
#define zip_error_init(...) libs.p_zip_error_init(__VA_ARGS__)
#define zip_source_file_create(...) libs.p_zip_source_file_create(__VA_ARGS__)
#define zip_source_buffer_create(...) libs.p_zip_source_buffer_create(__VA_ARGS__)
#define zip_file_strerror(...) libs.p_zip_file_strerror(__VA_ARGS__)
#define zip_discard(...) libs.p_zip_discard(__VA_ARGS__)
#define XML_ParserCreate(...) libs.p_XML_ParserCreate(__VA_ARGS__)
#define XML_SetUserData(...) libs.p_XML_SetUserData(__VA_ARGS__)
#define XML_SetElementHandler(...) libs.p_XML_SetElementHandler(__VA_ARGS__)
#define XML_SetCharacterDataHandler(...) libs.p_XML_SetCharacterDataHandler(__VA_ARGS__)
#define XML_Parse(...) libs.p_XML_Parse(__VA_ARGS__)
#define XML_GetCurrentLineNumber(...) libs.p_XML_GetCurrentLineNumber(__VA_ARGS__)
#define XML_ErrorString(...) libs.p_XML_ErrorString(__VA_ARGS__)
#define XML_GetErrorCode(...) libs.p_XML_GetErrorCode(__VA_ARGS__)
#define XML_ParserFree(...) libs.p_XML_ParserFree(__VA_ARGS__)

#define XLSX_PART_MAX (256u << 20)   /* a workbook part inflated past this is refused */
#define XLSX_MAX_COLS 16384          /* Excel's own limit (XFD)                       */
#define XLSX_MAX_ROWS 1048576
#define XLSX_FIELD_MAX (1u << 20)    /* as the CSV reader                            */
#define XLSX_BLOCK 65536

struct row_buf {                      /* one completed row                          */
    long line;
    int n;                            /* fields (columns up to the last cell)       */
    char **field;
    size_t *len;
};

struct xlsx_reader {
    char *name;                       /* file name in messages                      */
    char *where;                      /* diag_sheet_location(name, sheet)           */
    zip_t *zip;
    zip_file_t *sheet_file;
    XML_Parser parser;
    int done, failed;
    /* workbook */
    char **shared;                    /* shared strings                             */
    size_t n_shared;
    unsigned char *date_style;        /* per cellXfs index: 1 if a date format       */
    size_t n_styles;
    int date1904;
    /* sheet parsing state */
    int depth_sheetdata, in_row, in_cell, in_v, in_t, in_is, in_f, in_rph;
    long row_no, last_row;
    long col_no, last_col;
    char cell_type[12];
    long cell_style;
    int has_f, has_v;
    struct strbuf v, f, text;
    struct row_buf cur;               /* the row being read                         */
    size_t cur_cap;
    struct row_buf *queue;            /* completed rows not yet handed out          */
    size_t q_head, q_len, q_cap;
    int width;                        /* the first row's width                      */
    struct diag *d;
    /* the row handed out */
    struct row_buf out;
    char **out_field;
    size_t *out_len;
    long *out_col, *out_line;
    int out_cap;
};

static int fail(struct xlsx_reader *r, struct diag *d, long row, long col, const char *fmt,
                const char *a)
{
    r->failed = 1;
    return diag_error(d, EX_DATAERR_, r->where ? r->where : r->name, row, col, fmt, a);
}

/* ------------------------------------------------------------------------ */
/* Reading parts                                                             */
/* ------------------------------------------------------------------------ */

/* The whole of part (NUL-terminated, *n bytes); NULL if absent (recorded
   when required) or too large. */
static char *read_part(struct xlsx_reader *r, const char *part, int required, size_t *n,
                       struct diag *d)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(r->zip, part, 0, &st) != 0) {
        if (required)
            diag_error(d, EX_DATAERR_, r->name, 0, 0,
                       "the workbook has no %s (expected an .xlsx file as Excel, LibreOffice, "
                       "KoboToolbox or Google Sheets write it)",
                       part);
        return NULL;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_PART_MAX) {
        diag_error(d, EX_DATAERR_, r->name, 0, 0, "%s inflates to more than %u MiB", part,
                   XLSX_PART_MAX >> 20);
        return NULL;
    }
    zip_file_t *zf = zip_fopen(r->zip, part, 0);
    if (!zf) {
        diag_error(d, EX_DATAERR_, r->name, 0, 0, "cannot read %s in the workbook (%s)", part,
                   zip_strerror(r->zip));
        return NULL;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    char buf[XLSX_BLOCK];
    zip_int64_t got;
    while ((got = zip_fread(zf, buf, sizeof buf)) > 0) {
        if (sb.len + (size_t)got > XLSX_PART_MAX) {
            got = -2;
            break;
        }
        strbuf_add(&sb, buf, (size_t)got);
    }
    zip_fclose(zf);
    if (got < 0) {
        diag_error(d, EX_DATAERR_, r->name, 0, 0, "%s in the workbook is damaged or too large",
                   part);
        strbuf_release(&sb);
        return NULL;
    }
    *n = sb.len;
    char *text = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach leaves sb initialised */
    return text;
}

/* Local name of an element or attribute ("x:sheet" -> "sheet"). */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* Parse a whole part with the given handlers; 0, or -1 recorded. */
static int parse_part(struct xlsx_reader *r, const char *part, const char *text, size_t n,
                      void *ud, XML_StartElementHandler start, XML_EndElementHandler end,
                      XML_CharacterDataHandler chars, struct diag *d)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p)
        BUG("out of memory creating an XML parser");
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    if (chars)
        XML_SetCharacterDataHandler(p, chars);
    int rc = 0;
    if (XML_Parse(p, text, (int)n, 1) == XML_STATUS_ERROR) {
        diag_error(d, EX_DATAERR_, r->name, 0, 0, "%s: damaged XML at line %lu (%s)", part,
                   (unsigned long)XML_GetCurrentLineNumber(p),
                   XML_ErrorString(XML_GetErrorCode(p)));
        rc = -1;
    }
    XML_ParserFree(p);
    return rc;
}

/* --- workbook.xml and its rels: which part is the sheet ------------------- */

struct wb_ctx {
    char **names, **rids;
    int n;
    int date1904;
};

static void wb_start(void *ud, const char *el, const char **atts)
{
    struct wb_ctx *w = ud;
    if (strcmp(local(el), "sheet") == 0) {
        const char *name = attr(atts, "name"), *rid = attr(atts, "id");
        w->names = xrealloc(w->names, (size_t)(w->n + 1) * sizeof *w->names);
        w->rids = xrealloc(w->rids, (size_t)(w->n + 1) * sizeof *w->rids);
        w->names[w->n] = xstrdup(name ? name : "");
        w->rids[w->n++] = xstrdup(rid ? rid : "");
    } else if (strcmp(local(el), "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        w->date1904 = v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
    }
}

static void no_end(void *ud, const char *el)
{
    (void)ud;
    (void)el;
}

struct rel_ctx {
    const char *want;
    char *target;
};

static void rel_start(void *ud, const char *el, const char **atts)
{
    struct rel_ctx *c = ud;
    const char *id = attr(atts, "Id"), *t = attr(atts, "Target");
    if (strcmp(local(el), "Relationship") == 0 && id && t && !c->target &&
        strcmp(id, c->want) == 0)
        c->target = xstrdup(t);
}

/* The part holding sheet (NULL = the first); NULL recorded on failure. */
static char *find_sheet(struct xlsx_reader *r, const char *sheet, char **sheet_name,
                        struct diag *d)
{
    size_t n;
    char *wb = read_part(r, "xl/workbook.xml", 1, &n, d);
    if (!wb)
        return NULL;
    struct wb_ctx w = {0};
    char *part = NULL;
    if (parse_part(r, "xl/workbook.xml", wb, n, &w, wb_start, no_end, NULL, d) == 0) {
        r->date1904 = w.date1904;
        int k = -1;
        for (int i = 0; i < w.n && k < 0; i++)
            if (!sheet || strcmp(w.names[i], sheet) == 0)
                k = i;
        for (int i = 0; i < w.n && k < 0; i++)
            if (strcasecmp(w.names[i], sheet) == 0)
                k = i;
        if (k < 0) {
            struct strbuf sb;
            strbuf_init(&sb);
            for (int i = 0; i < w.n; i++)
                strbuf_addf(&sb, "%s\"%s\"", i ? ", " : "", w.names[i]);
            if (sheet)
                diag_error(d, EX_DATAERR_, r->name, 0, 0,
                           "no sheet \"%s\" in the workbook (it has %s; set sheet = to one of "
                           "them)",
                           sheet, w.n ? sb.buf : "none");
            else
                diag_error(d, EX_DATAERR_, r->name, 0, 0, "the workbook has no sheet");
            strbuf_release(&sb);
        } else {
            size_t rn;
            char *rels = read_part(r, "xl/_rels/workbook.xml.rels", 1, &rn, d);
            struct rel_ctx rc = {w.rids[k], NULL};
            if (rels && parse_part(r, "xl/_rels/workbook.xml.rels", rels, rn, &rc, rel_start,
                                   no_end, NULL, d) == 0) {
                if (!rc.target)
                    diag_error(d, EX_DATAERR_, r->name, 0, 0,
                               "sheet \"%s\" has no part in xl/_rels/workbook.xml.rels",
                               w.names[k]);
                else if (rc.target[0] == '/')
                    part = xstrdup(rc.target + 1);
                else
                    part = xasprintf("xl/%s", rc.target);
                *sheet_name = xstrdup(w.names[k]);
            }
            free(rc.target);
            free(rels);
        }
    }
    for (int i = 0; i < w.n; i++) {
        free(w.names[i]);
        free(w.rids[i]);
    }
    free(w.names);
    free(w.rids);
    free(wb);
    return part;
}

/* --- sharedStrings.xml ---------------------------------------------------- */

struct ss_ctx {
    struct xlsx_reader *r;
    int in_si, in_t, in_rph;
    struct strbuf cur;
    size_t cap;
};

static void ss_start(void *ud, const char *el, const char **atts)
{
    (void)atts;
    struct ss_ctx *c = ud;
    const char *l = local(el);
    if (strcmp(l, "si") == 0) {
        c->in_si = 1;
        strbuf_reset(&c->cur);
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph = 1; /* phonetic guide: not part of the text */
    } else if (strcmp(l, "t") == 0 && c->in_si && !c->in_rph) {
        c->in_t = 1;
    }
}

static void ss_end(void *ud, const char *el)
{
    struct ss_ctx *c = ud;
    const char *l = local(el);
    if (strcmp(l, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph = 0;
    } else if (strcmp(l, "si") == 0 && c->in_si) {
        struct xlsx_reader *r = c->r;
        r->shared = xgrow(r->shared, &c->cap, r->n_shared + 1, sizeof *r->shared);
        r->shared[r->n_shared++] = xstrndup(c->cur.buf, c->cur.len);
        c->in_si = 0;
    }
}

static void ss_chars(void *ud, const char *s, int n)
{
    struct ss_ctx *c = ud;
    if (c->in_t && c->cur.len + (size_t)n <= XLSX_FIELD_MAX)
        strbuf_add(&c->cur, s, (size_t)n);
}

/* --- styles.xml: which cell styles are dates ------------------------------ */

struct st_ctx {
    int in_xfs, in_numfmts;
    int *custom_id;
    unsigned char *custom_date;
    int n_custom;
    int *xf_fmt;
    size_t n_xf, cap_xf;
};

/* Does a number format code show a date or time?  (Letters d, m, y, h, s
   outside quoted text and [colour] brackets; "General" has none.) */
static int format_is_date(const char *code)
{
    int quoted = 0, bracket = 0;
    for (const char *p = code; *p; p++) {
        char ch = *p;
        if (ch == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (ch == '\\' && p[1])
            p++;
        else if (ch == '[')
            bracket = 1;
        else if (ch == ']')
            bracket = 0;
        else if (!bracket && strchr("dmyhsDMYHS", ch))
            return strncasecmp(code, "General", 7) != 0;
    }
    return 0;
}

static int builtin_date(int id)
{
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
           (id >= 50 && id <= 58);
}

static void st_start(void *ud, const char *el, const char **atts)
{
    struct st_ctx *c = ud;
    const char *l = local(el);
    if (strcmp(l, "cellXfs") == 0) {
        c->in_xfs = 1;
    } else if (strcmp(l, "numFmts") == 0) {
        c->in_numfmts = 1;
    } else if (strcmp(l, "numFmt") == 0 && c->in_numfmts && c->n_custom < 4096) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        c->custom_id = xrealloc(c->custom_id, (size_t)(c->n_custom + 1) * sizeof *c->custom_id);
        c->custom_date =
            xrealloc(c->custom_date, (size_t)(c->n_custom + 1) * sizeof *c->custom_date);
        c->custom_id[c->n_custom] = id ? atoi(id) : -1;
        c->custom_date[c->n_custom++] = (unsigned char)(code && format_is_date(code));
    } else if (strcmp(l, "xf") == 0 && c->in_xfs && c->n_xf < 65536) {
        const char *id = attr(atts, "numFmtId");
        c->xf_fmt = xgrow(c->xf_fmt, &c->cap_xf, c->n_xf + 1, sizeof *c->xf_fmt);
        c->xf_fmt[c->n_xf++] = id ? atoi(id) : 0;
    }
}

static void st_end(void *ud, const char *el)
{
    struct st_ctx *c = ud;
    if (strcmp(local(el), "cellXfs") == 0)
        c->in_xfs = 0;
    else if (strcmp(local(el), "numFmts") == 0)
        c->in_numfmts = 0;
}

static int read_styles(struct xlsx_reader *r, struct diag *d)
{
    size_t n;
    char *text = read_part(r, "xl/styles.xml", 0, &n, d);
    if (!text)
        return 0; /* no styles: no dates */
    struct st_ctx c = {0};
    int rc = parse_part(r, "xl/styles.xml", text, n, &c, st_start, st_end, NULL, d);
    r->n_styles = c.n_xf;
    r->date_style = xcalloc(c.n_xf + 1, 1);
    for (size_t i = 0; i < c.n_xf; i++) {
        int id = c.xf_fmt[i], date = builtin_date(id);
        for (int k = 0; k < c.n_custom; k++)
            if (c.custom_id[k] == id)
                date = c.custom_date[k];
        r->date_style[i] = (unsigned char)date;
    }
    free(c.custom_id);
    free(c.custom_date);
    free(c.xf_fmt);
    free(text);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* The sheet                                                                 */
/* ------------------------------------------------------------------------ */

/* "AB12" -> column 28 (1-based) and row 12; 0 on success. */
static int parse_ref(const char *ref, long *col, long *row)
{
    long c = 0, r = 0;
    const char *p = ref;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        c = c * 26 + ((*p | 0x20) - 'a' + 1);
        if (c > XLSX_MAX_COLS)
            return -1;
        p++;
    }
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (*p - '0');
        if (r > XLSX_MAX_ROWS)
            return -1;
        p++;
    }
    if (*p || c == 0 || r == 0)
        return -1;
    *col = c;
    *row = r;
    return 0;
}

static void row_set(struct xlsx_reader *r, long col, const char *s, size_t n)
{
    struct row_buf *b = &r->cur;
    if (col > b->n) {
        size_t need = (size_t)col;
        if (need > r->cur_cap) {
            size_t cap = r->cur_cap ? r->cur_cap : 16;
            while (cap < need)
                cap *= 2;
            b->field = xrealloc(b->field, cap * sizeof *b->field);
            b->len = xrealloc(b->len, cap * sizeof *b->len);
            r->cur_cap = cap;
        }
        for (long i = b->n; i < col; i++) {
            b->field[i] = NULL;
            b->len[i] = 0;
        }
        b->n = (int)col;
    }
    free(b->field[col - 1]);
    b->field[col - 1] = xstrndup(s, n);
    b->len[col - 1] = n;
}

/* A serial date (days since 1899-12-30, or 1904-01-01) as ISO 8601. */
static void serial_to_iso(double v, int date1904, char *out, size_t n)
{
    double days = floor(v);
    long secs = lround((v - days) * 86400.0);
    if (secs >= 86400) {
        days += 1;
        secs -= 86400;
    }
    /* days from 1970-01-01 */
    long z = (long)days - (date1904 ? -24107 : 25569);
    /* civil_from_days (Howard Hinnant) */
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1, mm = mp < 10 ? mp + 3 : mp - 9;
    y += mm <= 2;
    /* v < 2958466 (year 9999): every part fits an int */
    int Y = (int)y, M = (int)mm, D = (int)dd, h = (int)(secs / 3600), mi = (int)(secs / 60 % 60),
        se = (int)(secs % 60);
    if (v < 1) /* a time of day alone */
        snprintf(out, n, "%02d:%02d:%02d", h, mi, se);
    else if (secs == 0)
        snprintf(out, n, "%04d-%02d-%02d", Y, M, D);
    else
        snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d", Y, M, D, h, mi, se);
}

/* The shortest text that reads back as the double s holds ("0.1", not
   "0.10000000000000001"), written as a spreadsheet shows a whole number:
   "%.*g" alone gives "1e+01" for 10 and "3e+02" for 300, which would turn
   an _index of 10 into the respondent "1e+01". */
static int number_text(const char *s, char *out, size_t n, double *v)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (end == s || *end || errno == ERANGE || !isfinite(x))
        return -1;
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, n, "%.*g", prec, x);
        if (strtod(out, NULL) == x)
            break;
    }
    if (strchr(out, 'e') && x == trunc(x) && fabs(x) < 1e17)
        snprintf(out, n, "%.0f", x);
    if (strcmp(out, "-0") == 0)
        snprintf(out, n, "0");
    *v = x;
    return 0;
}

/* The value of the cell just closed, into the current row. */
static void cell_done(struct xlsx_reader *r)
{
    const char *t = r->cell_type;
    long row = r->row_no, col = r->col_no;
    char buf[160];
    double x;
    if (strcmp(t, "inlineStr") == 0) {
        row_set(r, col, r->text.buf, r->text.len);
    } else if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long k = strtoul(r->v.buf, &end, 10);
        if (!r->v.len || *end || k >= r->n_shared)
            fail(r, r->d, row, col,
                 "the cell points to shared string %s, which the workbook does not have",
                 r->v.len ? r->v.buf : "(none)");
        else
            row_set(r, col, r->shared[k], strlen(r->shared[k]));
    } else if (strcmp(t, "e") == 0) {
        fail(r, r->d, row, col,
             "the cell holds the spreadsheet error %s (expected a value; fix the formula or "
             "clear the cell)",
             r->v.len ? r->v.buf : "#?");
    } else if (r->has_f && !r->v.len) {
        /* LibreOffice saves TRUE()/FALSE() without their result */
        const char *f = r->f.buf;
        if (strcasecmp(f, "TRUE()") == 0 || strcasecmp(f, "TRUE") == 0)
            row_set(r, col, "TRUE", 4);
        else if (strcasecmp(f, "FALSE()") == 0 || strcasecmp(f, "FALSE") == 0)
            row_set(r, col, "FALSE", 5);
        else
            fail(r, r->d, row, col,
                 "the cell holds the formula =%s without its result (open the file in a "
                 "spreadsheet program and save it, or export CSV)",
                 f);
    } else if (strcmp(t, "b") == 0) {
        if (strcmp(r->v.buf, "1") == 0 || strcasecmp(r->v.buf, "true") == 0)
            row_set(r, col, "TRUE", 4);
        else
            row_set(r, col, r->v.len ? "FALSE" : "", r->v.len ? 5 : 0);
    } else if (strcmp(t, "str") == 0 || strcmp(t, "d") == 0) {
        row_set(r, col, r->v.buf, r->v.len);
    } else if (!r->v.len) {
        /* a styled empty cell */
    } else if (number_text(r->v.buf, buf, sizeof buf, &x) != 0) {
        fail(r, r->d, row, col, "the cell's number \"%s\" cannot be read", r->v.buf);
    } else if (r->cell_style >= 0 && (size_t)r->cell_style < r->n_styles &&
               r->date_style[r->cell_style] && x >= 0 && x < 2958466) {
        serial_to_iso(x, r->date1904, buf, sizeof buf);
        row_set(r, col, buf, strlen(buf));
    } else {
        row_set(r, col, buf, strlen(buf));
    }
}

/* The row just closed: queued if it has any cell. */
static void row_done(struct xlsx_reader *r)
{
    struct row_buf *b = &r->cur;
    if (b->n == 0)
        return;
    if (r->q_head + r->q_len >= r->q_cap) {
        if (r->q_head) { /* slide the unread rows to the front */
            memmove(r->queue, r->queue + r->q_head, r->q_len * sizeof *r->queue);
            r->q_head = 0;
        }
        r->queue = xgrow(r->queue, &r->q_cap, r->q_len + 1, sizeof *r->queue);
    }
    r->queue[r->q_head + r->q_len++] = *b;
    b->field = NULL;
    b->len = NULL;
    b->n = 0;
    r->cur_cap = 0;
}

static void sh_start(void *ud, const char *el, const char **atts)
{
    struct xlsx_reader *r = ud;
    const char *l = local(el);
    if (r->failed)
        return;
    if (strcmp(l, "sheetData") == 0) {
        r->depth_sheetdata = 1;
    } else if (strcmp(l, "row") == 0 && r->depth_sheetdata) {
        const char *rn = attr(atts, "r");
        long n = rn ? atol(rn) : r->last_row + 1;
        if (n <= r->last_row || n > XLSX_MAX_ROWS) {
            fail(r, r->d, n > 0 ? n : 0, 0, "row number %s is out of order or out of range",
                 rn ? rn : "?");
            return;
        }
        r->row_no = r->last_row = n;
        r->last_col = 0;
        r->in_row = 1;
        r->cur.line = n;
        /* a <row> inside an unclosed one (damaged XML) drops what it held */
        for (int i = 0; i < r->cur.n; i++) {
            free(r->cur.field[i]);
            r->cur.field[i] = NULL;
        }
        r->cur.n = 0;
    } else if (strcmp(l, "c") == 0 && r->in_row) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        long col = r->last_col + 1, row = r->row_no;
        if (ref && (parse_ref(ref, &col, &row) != 0 || row != r->row_no ||
                    col <= r->last_col)) {
            fail(r, r->d, r->row_no, 0, "cell reference \"%s\" is out of place in its row",
                 ref);
            return;
        }
        if (col > XLSX_MAX_COLS) {
            fail(r, r->d, r->row_no, 0, "a cell lies past column XFD%s", "");
            return;
        }
        r->col_no = r->last_col = col;
        snprintf(r->cell_type, sizeof r->cell_type, "%s", t ? t : "n");
        r->cell_style = s ? atol(s) : -1;
        r->in_cell = 1;
        r->has_f = r->has_v = 0;
        strbuf_reset(&r->v);
        strbuf_reset(&r->f);
        strbuf_reset(&r->text);
    } else if (r->in_cell) {
        if (strcmp(l, "v") == 0) {
            r->in_v = r->has_v = 1;
        } else if (strcmp(l, "f") == 0) {
            r->in_f = r->has_f = 1;
        } else if (strcmp(l, "is") == 0) {
            r->in_is = 1;
        } else if (strcmp(l, "rPh") == 0) {
            r->in_rph = 1;
        } else if (strcmp(l, "t") == 0 && r->in_is && !r->in_rph) {
            r->in_t = 1;
        }
    }
}

static void sh_end(void *ud, const char *el)
{
    struct xlsx_reader *r = ud;
    const char *l = local(el);
    if (r->failed)
        return;
    if (strcmp(l, "v") == 0) {
        r->in_v = 0;
    } else if (strcmp(l, "f") == 0) {
        r->in_f = 0;
    } else if (strcmp(l, "t") == 0) {
        r->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        r->in_rph = 0;
    } else if (strcmp(l, "is") == 0) {
        r->in_is = 0;
    } else if (strcmp(l, "c") == 0 && r->in_cell) {
        r->in_cell = 0;
        cell_done(r);
    } else if (strcmp(l, "row") == 0 && r->in_row) {
        r->in_row = 0;
        row_done(r);
    } else if (strcmp(l, "sheetData") == 0) {
        r->depth_sheetdata = 0;
    }
}

static void sh_chars(void *ud, const char *s, int n)
{
    struct xlsx_reader *r = ud;
    struct strbuf *sb = r->in_v ? &r->v : r->in_f ? &r->f : r->in_t ? &r->text : NULL;
    if (!sb || r->failed)
        return;
    if (sb->len + (size_t)n > XLSX_FIELD_MAX) {
        fail(r, r->d, r->row_no, r->col_no, "the cell holds more than 1 MiB of text%s", "");
        return;
    }
    strbuf_add(sb, s, (size_t)n);
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                   */
/* ------------------------------------------------------------------------ */

static struct xlsx_reader *open_zip(struct xlsx_reader *r, zip_source_t *src, const char *sheet,
                                    struct diag *d)
{
    zip_error_t err;
    zip_error_init(&err);
    r->zip = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!r->zip) {
        zip_source_free(src);
        diag_error(d, EX_DATAERR_, r->name, 0, 0,
                   "not an .xlsx workbook (the ZIP container cannot be read: %s)",
                   zip_error_strerror(&err));
        zip_error_fini(&err);
        xlsx_close(r);
        return NULL;
    }
    zip_error_fini(&err);
    long e0 = d->n_errors;
    char *sheet_name = NULL;
    char *part = find_sheet(r, sheet, &sheet_name, d);
    if (part) {
        r->where = diag_sheet_location(r->name, sheet_name);
        size_t n;
        char *ss = read_part(r, "xl/sharedStrings.xml", 0, &n, d);
        if (ss) {
            struct ss_ctx c = {.r = r};
            strbuf_init(&c.cur);
            parse_part(r, "xl/sharedStrings.xml", ss, n, &c, ss_start, ss_end, ss_chars, d);
            strbuf_release(&c.cur);
            free(ss);
        }
        read_styles(r, d);
        r->sheet_file = zip_fopen(r->zip, part, 0);
        if (!r->sheet_file)
            diag_error(d, EX_DATAERR_, r->name, 0, 0,
                       "the workbook names %s for sheet \"%s\" but has no such part", part,
                       sheet_name);
    }
    free(part);
    free(sheet_name);
    if (d->n_errors > e0) {
        xlsx_close(r);
        return NULL;
    }
    r->parser = XML_ParserCreate("UTF-8");
    if (!r->parser)
        BUG("out of memory creating an XML parser");
    XML_SetUserData(r->parser, r);
    XML_SetElementHandler(r->parser, sh_start, sh_end);
    XML_SetCharacterDataHandler(r->parser, sh_chars);
    return r;
}

static struct xlsx_reader *new_reader(const char *name)
{
    struct xlsx_reader *r = xcalloc(1, sizeof *r);
    r->name = xstrdup(name);
    strbuf_init(&r->v);
    strbuf_init(&r->f);
    strbuf_init(&r->text);
    r->width = -1;
    return r;
}

struct xlsx_reader *xlsx_open(const char *path, const char *sheet, const char *name,
                              struct diag *d)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_error(d, EX_NOINPUT_, name ? name : path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    fclose(fp);
    if (libzip_ready(name ? name : path, d) != 0)
        return NULL;
    struct xlsx_reader *r = new_reader(name ? name : path);
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_file_create(path, 0, -1, &err);
    zip_error_fini(&err);
    if (!src) {
        diag_error(d, EX_NOINPUT_, r->name, 0, 0, "cannot open the workbook");
        xlsx_close(r);
        return NULL;
    }
    return open_zip(r, src, sheet, d);
}

struct xlsx_reader *xlsx_open_mem(const char *name, const void *data, size_t n, const char *sheet,
                                  struct diag *d)
{
    if (libzip_ready(name, d) != 0)
        return NULL;
    struct xlsx_reader *r = new_reader(name);
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(data, n, 0, &err);
    zip_error_fini(&err);
    if (!src)
        BUG("out of memory creating a ZIP source");
    return open_zip(r, src, sheet, d);
}

/* ------------------------------------------------------------------------ */
/* Rows                                                                      */
/* ------------------------------------------------------------------------ */

static void free_row(struct row_buf *b)
{
    for (int i = 0; i < b->n; i++)
        free(b->field[i]);
    free(b->field);
    free(b->len);
    memset(b, 0, sizeof *b);
}

/* Parse on until a row is queued or the sheet ends. */
static int fill(struct xlsx_reader *r, struct diag *d)
{
    char buf[XLSX_BLOCK];
    while (!r->q_len && !r->done && !r->failed) {
        zip_int64_t got = zip_fread(r->sheet_file, buf, sizeof buf);
        if (got < 0) {
            fail(r, d, 0, 0, "the sheet's data is damaged (%s)", zip_file_strerror(r->sheet_file));
            break;
        }
        if (XML_Parse(r->parser, buf, (int)got, got == 0) == XML_STATUS_ERROR) {
            char msg[160];
            snprintf(msg, sizeof msg, "damaged XML in the sheet at line %lu (%s)",
                     (unsigned long)XML_GetCurrentLineNumber(r->parser),
                     XML_ErrorString(XML_GetErrorCode(r->parser)));
            fail(r, d, 0, 0, "%s", msg);
            break;
        }
        if (got == 0)
            r->done = 1;
    }
    return r->failed ? -1 : 0;
}

int xlsx_next(struct xlsx_reader *r, struct csv_row *row, struct diag *d)
{
    free_row(&r->out);
    r->d = d;
    if (r->failed)
        return 0; /* the damage was reported: the reader is at its end */
    if (fill(r, d) != 0) {
        r->done = 1;
        for (size_t i = 0; i < r->q_len; i++) /* rows before the damage: dropped */
            free_row(&r->queue[r->q_head + i]);
        r->q_len = r->q_head = 0;
        return -1;
    }
    if (!r->q_len)
        return 0;
    r->out = r->queue[r->q_head++];
    r->q_len--;
    if (!r->q_len)
        r->q_head = 0;
    struct row_buf *b = &r->out;
    if (r->width < 0) { /* the header: up to its last named column */
        while (b->n > 0 && (!b->field[b->n - 1] || !b->len[b->n - 1]))
            free(b->field[--b->n]);
        r->width = b->n;
    }
    int n = b->n > r->width ? b->n : r->width;
    if (n > r->out_cap) {
        r->out_field = xrealloc(r->out_field, (size_t)n * sizeof *r->out_field);
        r->out_len = xrealloc(r->out_len, (size_t)n * sizeof *r->out_len);
        r->out_col = xrealloc(r->out_col, (size_t)n * sizeof *r->out_col);
        r->out_line = xrealloc(r->out_line, (size_t)n * sizeof *r->out_line);
        r->out_cap = n;
    }
    /* cells past the header that are all empty are not fields */
    while (n > r->width && (!b->field[n - 1] || !b->len[n - 1]))
        n--;
    static char empty[1];
    for (int i = 0; i < n; i++) {
        int have = i < b->n && b->field[i];
        r->out_field[i] = have ? b->field[i] : empty;
        r->out_len[i] = have ? b->len[i] : 0;
        r->out_col[i] = i + 1;
        r->out_line[i] = b->line;
    }
    row->field = r->out_field;
    row->len = r->out_len;
    row->col = r->out_col;
    row->fline = r->out_line;
    row->n = n;
    row->line = b->line;
    return 1;
}

const char *xlsx_where(const struct xlsx_reader *r)
{
    return r->where ? r->where : r->name;
}

void xlsx_close(struct xlsx_reader *r)
{
    if (!r)
        return;
    if (r->parser)
        XML_ParserFree(r->parser);
    if (r->sheet_file)
        zip_fclose(r->sheet_file);
    if (r->zip)
        zip_discard(r->zip);
    for (size_t i = 0; i < r->n_shared; i++)
        free(r->shared[i]);
    free(r->shared);
    free(r->date_style);
    free_row(&r->cur);
    for (size_t i = 0; i < r->q_len; i++)
        free_row(&r->queue[r->q_head + i]);
    free(r->queue);
    free_row(&r->out);
    free(r->out_field);
    free(r->out_len);
    free(r->out_col);
    free(r->out_line);
    strbuf_release(&r->v);
    strbuf_release(&r->f);
    strbuf_release(&r->text);
    free(r->name);
    free(r->where);
    free(r);
}
