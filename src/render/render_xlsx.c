/*
 * render_xlsx.c — the auditable workbook of a round and the small workbook of
 * one institution.  The only file that includes <xlsxwriter.h>.
 *
 * The round workbook, sheet names in the report language:
 *
 *   Resumen       each institution's index scores, ranks, levels and change
 *                 since the last round; the national results per index
 *   <FW>          one per index: institutions x every node of the tree (the
 *                 index, pillars, sub-pillars and the indicators, breadth
 *                 first), a row of weights, ranks, maturity level, the
 *                 national mean, a ranking table and two charts
 *   Indicadores   one row per index x indicator x institution: raw,
 *                 denominated, imputed, treated and normalised values, flags
 *   Pesos         weights per node, normalised over siblings, effective
 *   Marco         the tree, the questionnaire with options and points, the
 *                 maturity levels
 *   Respuestas    the raw answers with their source file and line
 *   Metodología   the steps and parameters in order; which columns are
 *                 formulas and which are values, and why
 *   Procedencia   input file hashes, config hash, program version, year
 *
 * Every number a spreadsheet can recompute is a live formula whose cached
 * result is the engine's value: a reader whose program never recalculates
 * sees indigo's numbers, and one who edits a weight in Pesos sees the index
 * and the ranks move.  The formulas are written so that they equal the engine
 * (see compute.h) on the same cells: a cell the engine left without a value is
 * empty and carries no formula, so availability is fixed by the data while
 * the arithmetic stays live.  Steps a formula cannot express clearly
 * (scoring, imputation, Winsorisation, the weighted median) are values, and
 * Metodología says so.
 *
 * Breadth-first order is what makes the aggregate formulas short: the
 * children of every node are adjacent (columns in the index sheet, rows in
 * Pesos), so a parent is one SUMPRODUCT over a contiguous range.
 *
 * Errors: most libxlsxwriter calls return an lxw_error.  Every call goes
 * through book_check(), which keeps the first failure and where it happened
 * (a sticky error, the way cairo keeps its status); writing goes on harmlessly
 * and the caller turns the failure into one diag message with lxw_strerror().
 */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <xlsxwriter.h>

#include "change.h"
#include "csv.h"
#include "coherence.h"
#include "framework.h"
#include "i18n.h"
#include "method_text.h"
#include "numfmt.h"
#include "strbuf.h"
#include "uncertainty.h"
#include "utf8.h"
#include "xalloc.h"

/* Excel's limit on a cell's text, in UTF-16 code units. */
#define XLSX_STR_MAX 32767

/* ======================================================================== */
/* The book: workbook, formats, the sticky error                            */
/* ======================================================================== */

struct book {
    lxw_workbook *wb;
    const struct round_data *rd;
    enum lang lang;
    lxw_error err;               /* first failure, LXW_NO_ERROR if none      */
    struct diag *d;              /* where reading the answers reports        */
    int feed_rc;                 /* nonzero: reading them failed (in d)      */
    char where[200];             /* the cell or object it happened at        */
    struct strbuf text;          /* scratch: sanitised text                  */
    struct strbuf f;             /* scratch: the formula being built         */
    long n_formulas;
    char **names; int n_names;   /* defined names so far (unique check)     */
    lxw_format *title, *note, *head, *num, *num_imp, *wnum, *eff, *integer, *wrap,
        *bold, *text_imp, *bold_num;
    lxw_format *indent[LEVEL_MAX];
    /* an index's values at its printed decimals (run_decimals, 0 to 15):
       plain, bold (the index and national rows), imputed; made when first
       needed, so a workbook carries only the ones it uses */
    lxw_format *score[16][3];
};

/* Keep the first failure; later ones are usually its consequences. */
static void book_check(struct book *b, lxw_error e, const char *sheet, int row, int col)
{
    if (e == LXW_NO_ERROR || b->err != LXW_NO_ERROR)
        return;
    b->err = e;
    if (sheet && row >= 0 && col >= 0) {
        char cell[32];
        lxw_rowcol_to_cell(cell, (lxw_row_t)row, (lxw_col_t)col);
        snprintf(b->where, sizeof b->where, "%s!%s", sheet, cell);
    } else if (sheet) {
        snprintf(b->where, sizeof b->where, "%s", sheet);
    }
}

/* UTF-16 code units of valid UTF-8 s (n bytes): what Excel counts. */
static size_t utf16_units(const char *s, size_t n)
{
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue;
        u += c >= 0xF0 ? 2 : 1;
    }
    return u;
}

/*
 * Text from the inputs, made safe for the file: invalid UTF-8 bytes and
 * characters XML cannot hold (control characters, U+FFFE, U+FFFF) become
 * U+FFFD (libxlsxwriter would write them into the XML unchanged and the
 * file would not open; the inputs refuse them, this is the writer's guard), and text over Excel's 32,767 characters is cut, with a
 * mark, at a character boundary (libxlsxwriter would refuse the cell).
 * Returns s itself when it is already safe, else b->text's buffer.
 */
static const char *safe_text(struct book *b, const char *s)
{
    size_t n = strlen(s);
    if (text_check(s, n, NULL, NULL) == TEXT_OK && utf16_units(s, n) <= XLSX_STR_MAX)
        return s;
    struct strbuf *t = &b->text;
    strbuf_reset(t);
    text_append_safe(t, s, n);
    if (utf16_units(t->buf, t->len) > XLSX_STR_MAX) {
        const char *mark = tr(b->lang, "… [texto truncado]");
        size_t keep = XLSX_STR_MAX - utf16_units(mark, strlen(mark)), u = 0, i = 0;
        while (i < t->len) {
            unsigned char c = (unsigned char)t->buf[i];
            size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            size_t cu = c >= 0xF0 ? 2 : 1;
            if (u + cu > keep)
                break;
            u += cu;
            i += len;
        }
        t->len = i;
        t->buf[i] = '\0';
        strbuf_adds(t, mark);
    }
    return t->buf;
}

/* Chart titles and series names starting with '=' are taken as a formula by
   libxlsxwriter: a leading space keeps text from the inputs text. */
static const char *chart_text(struct book *b, const char *s)
{
    const char *t = safe_text(b, s);
    if (t[0] != '=')
        return t;
    char *copy = xasprintf(" %s", t);
    strbuf_reset(&b->text);
    strbuf_adds(&b->text, copy);
    free(copy);
    return b->text.buf;
}

/* A formula whose result is text, cached as the engine's (a maturity level). */
static void put_formula_text(struct book *b, lxw_worksheet *ws, int r, int c,
                             const char *formula, lxw_format *fmt, const char *cached)
{
    if (!cached)
        BUG("formula %s at %s row %d col %d has no cached text", formula, ws->name, r, c);
    lxw_error e = worksheet_write_formula_str(ws, (lxw_row_t)r, (lxw_col_t)c, formula, fmt,
                                              safe_text(b, cached));
    book_check(b, e, ws->name, r, c);
    b->n_formulas++;
}

/* Text: always a string cell, never a formula, whatever it starts with. */
static void put_text(struct book *b, lxw_worksheet *ws, int r, int c, const char *s,
                     lxw_format *fmt)
{
    lxw_error e;
    if (!s || !*s)
        e = fmt ? worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, fmt) : LXW_NO_ERROR;
    else
        e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, safe_text(b, s), fmt);
    book_check(b, e, ws->name, r, c);
}

/* A number; NAN and infinities are an empty cell (no data). */
static void put_num(struct book *b, lxw_worksheet *ws, int r, int c, double v, lxw_format *fmt)
{
    lxw_error e;
    if (!isfinite(v))
        e = fmt ? worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, fmt) : LXW_NO_ERROR;
    else
        e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, fmt);
    book_check(b, e, ws->name, r, c);
}

/* A formula with the engine's value as its cached result (a reader that does
   not recalculate shows that value, never 0). */
static void put_formula(struct book *b, lxw_worksheet *ws, int r, int c, const char *formula,
                        lxw_format *fmt, double cached)
{
    if (!isfinite(cached))
        BUG("formula %s at %s row %d col %d has no cached value", formula, ws->name, r, c);
    lxw_error e = worksheet_write_formula_num(ws, (lxw_row_t)r, (lxw_col_t)c, formula, fmt,
                                              cached);
    book_check(b, e, ws->name, r, c);
    b->n_formulas++;
}

static void put_header(struct book *b, lxw_worksheet *ws, int r, int c, const char *es)
{
    put_text(b, ws, r, c, tr(b->lang, es), b->head);
}

static void set_col(struct book *b, lxw_worksheet *ws, int first, int last, double width,
                    lxw_format *fmt)
{
    book_check(b, worksheet_set_column(ws, (lxw_col_t)first, (lxw_col_t)last, width, fmt),
               ws->name, -1, -1);
}

/* "A1" style references.  buf must hold 32 bytes. */
static const char *cell(char *buf, int row, int col, int abs_row, int abs_col)
{
    lxw_rowcol_to_cell_abs(buf, (lxw_row_t)row, (lxw_col_t)col, (uint8_t)abs_row,
                           (uint8_t)abs_col);
    return buf;
}

/* A number in a formula: the shortest form that reads back exactly. */
static void add_number(struct strbuf *f, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    strbuf_adds(f, buf);
}

/* Sheet names go into formulas quoted; ours never contain an apostrophe. */
static void add_sheet(struct strbuf *f, const char *sheet)
{
    if (strchr(sheet, '\''))
        BUG("sheet name %s contains an apostrophe", sheet);
    strbuf_addf(f, "'%s'!", sheet);
}

static lxw_worksheet *add_sheet_named(struct book *b, const char *name)
{
    lxw_error e = workbook_validate_sheet_name(b->wb, name);
    book_check(b, e, name, -1, -1);
    if (e != LXW_NO_ERROR)
        return NULL;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws)
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, name, -1, -1);
    return ws;
}

static lxw_format *new_format(struct book *b)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (!f)
        BUG("workbook_add_format: out of memory");
    return f;
}

static void book_formats(struct book *b)
{
    b->title = new_format(b);
    format_set_bold(b->title);
    format_set_font_size(b->title, 13);
    b->note = new_format(b);
    format_set_bold(b->note);
    format_set_font_color(b->note, 0xC00000);
    b->head = new_format(b);
    format_set_bold(b->head);
    format_set_text_wrap(b->head);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(b->head, 0xD9E1F2);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    b->num = new_format(b);
    format_set_num_format(b->num, "0.00");
    b->bold_num = new_format(b);
    format_set_num_format(b->bold_num, "0.00");
    format_set_bold(b->bold_num);
    /* imputed cells: the value is the engine's guess, so it must look different */
    b->num_imp = new_format(b);
    format_set_num_format(b->num_imp, "0.00");
    format_set_italic(b->num_imp);
    format_set_bg_color(b->num_imp, 0xFCE4D6);
    b->text_imp = new_format(b);
    format_set_italic(b->text_imp);
    format_set_bg_color(b->text_imp, 0xFCE4D6);
    b->wnum = new_format(b);
    format_set_num_format(b->wnum, "0.000");
    b->eff = new_format(b);
    format_set_num_format(b->eff, "0.0000");
    b->integer = new_format(b);
    format_set_num_format(b->integer, "0");
    b->wrap = new_format(b);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    b->bold = new_format(b);
    format_set_bold(b->bold);
    for (int i = 0; i < LEVEL_MAX; i++) {
        b->indent[i] = new_format(b);
        format_set_indent(b->indent[i], (uint8_t)(i * 2));
    }
}

/* Title in A1 and, for demonstration data, the note in A2 (every sheet). */
static void sheet_top(struct book *b, lxw_worksheet *ws, const char *title)
{
    put_text(b, ws, 0, 0, title, b->title);
    if (b->rd->demo) {
        char *note = xasprintf("«%s» — %s", tr(b->lang, "datos de demostración"),
                               tr(b->lang, "estas cifras no son resultados oficiales"));
        put_text(b, ws, 1, 0, note, b->note);
        free(note);
    }
}

static int book_open(struct book *b, const struct round_data *rd, enum lang lang,
                     const char *path, const char *title)
{
    memset(b, 0, sizeof *b);
    b->rd = rd;
    b->lang = lang;
    strbuf_init(&b->text);
    strbuf_init(&b->f);
    b->wb = workbook_new(path);
    if (!b->wb) {
        strbuf_release(&b->text);
        strbuf_release(&b->f);
        return -1;
    }
    book_formats(b);
    /* a fixed date makes the bytes depend on the round only (core.xml) */
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)safe_text(b, title);
    props.author = (char *)"indigo";
    props.created = (time_t)round_timestamp(rd->year);
    book_check(b, workbook_set_properties(b->wb, &props), "docProps/core.xml", -1, -1);
    return 0;
}

/* Close (this writes the file) and report the first failure, if any. */
static int book_close(struct book *b, const char *path, struct diag *d)
{
    lxw_error e = workbook_close(b->wb);
    int rc = 0;
    if (b->err != LXW_NO_ERROR)
        rc = diag_error(d, EX_SOFTWARE_, path, 0, 0, "cannot write the workbook: %s (at %s)",
                        lxw_strerror(b->err), b->where[0] ? b->where : "?");
    else if (e != LXW_NO_ERROR)
        rc = diag_error(d, e == LXW_ERROR_CREATING_XLSX_FILE ? EX_CANTCREAT_ : EX_IOERR_, path,
                        0, 0, "cannot write the workbook: %s", lxw_strerror(e));
    strbuf_release(&b->text);
    strbuf_release(&b->f);
    for (int i = 0; i < b->n_names; i++)
        free(b->names[i]);
    free(b->names);
    return rc;
}

/* ======================================================================== */
/* Labels                                                                   */
/* ======================================================================== */

static const char *answer_label(enum lang l, enum answer_type t)
{
    switch (t) {
    case ANSWER_YESNO: return tr(l, "sí/no");
    case ANSWER_LIKERT5: return tr(l, "Likert 1–5");
    case ANSWER_PERCENT: return tr(l, "porcentaje");
    case ANSWER_NUMBER: return tr(l, "número");
    case ANSWER_SELECT_ONE: return tr(l, "selección única");
    case ANSWER_SELECT_MULTIPLE: return tr(l, "selección múltiple");
    case ANSWER_TEXT: return tr(l, "texto");
    }
    BUG("unknown answer type %d", (int)t);
}

static const char *step_label(enum lang l, enum step_kind s)
{
    switch (s) {
    case STEP_SCORE: return tr(l, "Puntuación de las respuestas");
    case STEP_DENOMINATE: return tr(l, "Denominación");
    case STEP_SCREEN: return tr(l, "Filtrado de instituciones");
    case STEP_IMPUTE: return tr(l, "Imputación");
    case STEP_TREAT: return tr(l, "Tratamiento de valores atípicos");
    case STEP_NORMALISE: return tr(l, "Normalización");
    case STEP_AGGREGATE: return tr(l, "Agregación");
    }
    BUG("unknown step %d", (int)s);
}

static const char *yes_no(enum lang l, int yes)
{
    return yes ? tr(l, "sí") : tr(l, "no");
}

/* A translated field of an input record, falling back to Spanish. */
#define PICK(arr, l) ((arr)[(l)] && *(arr)[(l)] ? (arr)[(l)] : (arr)[LANG_ES])

static const char *fw_name(const struct framework *fw, enum lang l)
{
    return fw->name[l] && *fw->name[l] ? fw->name[l] : fw->name[LANG_ES];
}

/* The registry entry of a result's unit (results are in registry order; the
   code is checked so a mismatch cannot silently mislabel a row). */
static const struct institution *unit_of(const struct round_data *rd, const struct result *r,
                                         int u)
{
    if (u < rd->reg->n && strcmp(rd->reg->items[u].code, r->unit_code[u]) == 0)
        return &rd->reg->items[u];
    for (int i = 0; i < rd->reg->n; i++)
        if (strcmp(rd->reg->items[i].code, r->unit_code[u]) == 0)
            return &rd->reg->items[i];
    BUG("unit %s of the result is not in the registry", r->unit_code[u]);
}

/* ======================================================================== */
/* Layout of one index across the sheets                                    */
/* ======================================================================== */

/* Rows and columns shared by the writers, so a formula in one sheet can point
   at a cell of another before that sheet is written. */
enum {
    TOP_ROWS = 3,            /* title, note, blank                            */
    /* index sheet */
    X_NAMES = 2, X_WEIGHTS = 3, X_HEAD = 4, X_DATA = 5,
    XC_CODE = 0, XC_NAME = 1, XC_UW = 2, XC_NODE0 = 3,
    /* Indicadores */
    I_HEAD = 3, I_DATA = 4,
    IC_FW = 0, IC_IND, IC_INDNAME, IC_UNIT, IC_UNITNAME, IC_METHOD, IC_NRESP, IC_RAW,
    IC_DEN, IC_DENOMINATED, IC_IMPUTED, IC_TREATED, IC_NORM, IC_FLAGS, IC_COUNT,
    /* Pesos */
    W_HEAD = 3, W_DATA = 4,
    WC_FW = 0, WC_CODE, WC_NAME, WC_PARENT, WC_LEVEL, WC_W, WC_WSIB, WC_WEFF, WC_COUNT,
    /* Marco */
    M_HEAD = 3, M_DATA = 4,
    MC_FW = 0, MC_CODE, MC_NAME, MC_PARENT, MC_LEVEL, MC_KIND, MC_AGG, MC_QUESTION,
    MC_ANSWER, MC_DENOM, MC_SF, MC_DIR, MC_NORM, MC_LOWER, MC_UPPER, MC_TARGET, MC_AXIS,
    MC_EVIDENCE, MC_SOURCE, MC_COUNT,
    /* Resumen */
    S_HEAD = 3, S_DATA = 4,
};

struct ixl {
    const struct index_run *ir;
    const struct framework *fw;
    const struct result *r;
    int nu, nn, ni;
    int *bfs;                /* nodes breadth first, children in file order  */
    int *pos;                /* node -> position in bfs                      */
    int *first;              /* node -> bfs position of its first child      */
    int *nchild;             /* node -> number of children                   */
    int *dfs, *depth;        /* depth-first pre-order (Marco), depth of node */
    int *ind_of;             /* node -> result column j, -1 for aggregates   */
    int *rank_col;           /* node -> index sheet rank column, -1 if none  */
    int *round_col;          /* node -> its value rounded as published
                                (ROUND, [rank] decimals), -1 if none        */
    int *marco_row;          /* node -> row in Marco                         */
    char **wname;            /* node -> defined name of its weight, or NULL  */
    char *sheet;             /* index sheet name                             */
    int n_agg, level_col, nat_row, rank_row;
    int thr_col;             /* level thresholds: names, then lower bounds   */
    int ind_row0;            /* Indicadores: row of indicator 0, unit 0     */
    int w_row0;              /* Pesos: row of bfs position 0                */
    const double *input;     /* the stage normalisation read (n_units x n_ind),
                                written in the Tratado column              */
    int norm_live;           /* the normalised column is formulas           */
    int agg_live;            /* aggregates are formulas                     */
    /* the index's values as every other output prints them (run_decimals):
       0.972 on a 0-1 scale, 63.3 on 0-100 (ixl_formats) */
    lxw_format *num, *bold_num, *num_imp;
};

static int step_pos(const struct framework *fw, enum step_kind s)
{
    for (int i = 0; i < fw->steps.n; i++)
        if (fw->steps.order[i] == s)
            return i;
    return -1;
}

/* x's score formats: "0.000" for a 0-1 scale, "0.0" for 0-100, or
   [publisher] decimals -- the figure the report, the portal and the charts
   print; the cell keeps every digit. */
static void ixl_formats(struct book *b, struct ixl *x)
{
    int dec = run_decimals(b->rd, x->ir);
    if (dec < 0 || dec > 15)
        BUG("workbook: %d decimals", dec);
    lxw_format **f = b->score[dec];
    if (!f[0]) {
        char code[24] = "0";
        if (dec > 0)
            snprintf(code, sizeof code, "0.%.*s", dec, "000000000000000");
        for (int k = 0; k < 3; k++) {
            f[k] = new_format(b);
            format_set_num_format(f[k], code);
        }
        format_set_bold(f[1]);
        format_set_italic(f[2]);
        format_set_bg_color(f[2], 0xFCE4D6);
    }
    x->num = f[0];
    x->bold_num = f[1];
    x->num_imp = f[2];
}

static void ixl_build(struct ixl *x, const struct round_data *rd, int i)
{
    memset(x, 0, sizeof *x);
    x->ir = &rd->idx[i];
    x->fw = x->ir->fw;
    x->r = &x->ir->res;
    x->nu = x->r->n_units;
    x->nn = x->fw->n_nodes;
    x->ni = x->r->n_ind;
    size_t nn = (size_t)(x->nn ? x->nn : 1);
    x->bfs = xmalloc(nn * sizeof *x->bfs);
    x->pos = xmalloc(nn * sizeof *x->pos);
    x->first = xmalloc(nn * sizeof *x->first);
    x->nchild = xcalloc(nn, sizeof *x->nchild);
    x->depth = xcalloc(nn, sizeof *x->depth);
    x->ind_of = xmalloc(nn * sizeof *x->ind_of);
    x->rank_col = xmalloc(nn * sizeof *x->rank_col);
    x->round_col = xmalloc(nn * sizeof *x->round_col);
    x->marco_row = xcalloc(nn, sizeof *x->marco_row);
    x->wname = xcalloc(nn, sizeof *x->wname);
    const struct node *nodes = x->fw->nodes;
    /* breadth first: a parent's children are appended together */
    int n = 0;
    x->bfs[n++] = x->fw->root;
    for (int q = 0; q < n; q++) {
        int p = x->bfs[q];
        x->first[p] = -1;
        for (int k = 0; k < x->nn; k++) {
            if (nodes[k].parent != p)
                continue;
            if (n >= x->nn)
                BUG("framework %s: the tree has a cycle", x->fw->code);
            if (x->first[p] < 0)
                x->first[p] = n;
            x->nchild[p]++;
            x->depth[k] = x->depth[p] + 1;
            x->bfs[n++] = k;
        }
    }
    if (n != x->nn)
        BUG("framework %s: %d of %d nodes reachable from the root", x->fw->code, n, x->nn);
    for (int q = 0; q < n; q++)
        x->pos[x->bfs[q]] = q;
    /* depth first, pre-order, for reading the tree */
    framework_tree_order(x->fw, 1, &x->dfs, NULL);
    for (int k = 0; k < x->nn; k++)
        x->ind_of[k] = -1;
    for (int j = 0; j < x->ni; j++)
        x->ind_of[x->r->ind_node[j]] = j;
    for (int q = 0; q < n; q++) {
        int k = x->bfs[q];
        x->rank_col[k] = x->ind_of[k] < 0 ? XC_NODE0 + x->nn + x->n_agg++ : -1;
    }
    int n_round = 0;
    for (int q = 0; q < n; q++) {
        int k = x->bfs[q];
        x->round_col[k] = x->ind_of[k] < 0 && x->fw->rank_rounded
                              ? XC_NODE0 + x->nn + x->n_agg + n_round++ : -1;
    }
    x->level_col = XC_NODE0 + x->nn + x->n_agg + n_round;
    x->thr_col = x->level_col + 2;
    x->nat_row = X_DATA + x->nu;
    x->rank_row = x->nat_row + 2;

    /* The stage normalisation read: the snapshot of the last step that
       changed values before it.  Formulas only if nothing changes values
       between normalisation and aggregation. */
    int pn = step_pos(x->fw, STEP_NORMALISE), pa = step_pos(x->fw, STEP_AGGREGATE);
    x->input = x->r->raw;
    int last = -1, after = 0;
    const struct {
        enum step_kind s;
        const double *snap;
    } stage[] = {{STEP_DENOMINATE, x->r->denominated}, {STEP_IMPUTE, x->r->imputed},
                 {STEP_TREAT, x->r->treated}};
    for (size_t s = 0; s < 3; s++) {
        int p = step_pos(x->fw, stage[s].s);
        if (p < 0)
            continue;
        if (pn >= 0 && p < pn && p > last) {
            last = p;
            x->input = stage[s].snap;
        }
        if (pn >= 0 && p > pn)
            after = 1;
    }
    x->norm_live = pn >= 0 && !after && (pa < 0 || pa > pn);
    x->agg_live = pa >= 0;
}

static void ixl_release(struct ixl *x)
{
    free(x->bfs);
    free(x->pos);
    free(x->first);
    free(x->nchild);
    free(x->dfs);
    free(x->depth);
    free(x->ind_of);
    free(x->rank_col);
    free(x->round_col);
    free(x->marco_row);
    if (x->wname)
        for (int k = 0; k < x->nn; k++)
            free(x->wname[k]);
    free(x->wname);
    free(x->sheet);
}


/* Flags of cell (u, indicator j) of run x as words, e.g. "imputado,
   winsorizado"; an unsupported positive answer says what it counted for
   under the indicator's missing_evidence rule. */
static void flag_text(enum lang l, const struct ixl *x, int u, int j, struct strbuf *sb)
{
    unsigned fl = run_flags(x->ir, u, j);
    int keep = framework_evidence_rule(x->fw, x->r->ind_node[j]) == EVIDENCE_KEEP;
    const struct {
        unsigned bit;
        const char *es;
    } names[] = {
        {FLAG_NO_ANSWERS, "sin respuestas"},
        {FLAG_SCREENED, "excluido por filtrado"}, {FLAG_MISSING, "sin dato"},
        {FLAG_IMPUTED, "imputado"},               {FLAG_WINSORISED, "winsorizado"},
        {FLAG_LOGGED, "logaritmo"},               {FLAG_CLIPPED, "recortado"},
        {FLAG_NO_EVIDENCE, keep ? "sin evidencia: puntúa igual (missing_evidence = keep)"
                                : "sin evidencia: no puntúa (cuenta 0)"},
    };
    strbuf_reset(sb);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(fl & names[i].bit))
            continue;
        if (sb->len)
            strbuf_adds(sb, ", ");
        strbuf_adds(sb, tr(l, names[i].es));
    }
}

static int node_col(const struct ixl *x, int k)
{
    return XC_NODE0 + x->pos[k];
}

/* Row of (indicator j, unit u) in Indicadores. */
static int ind_row(const struct ixl *x, int j, int u)
{
    return x->ind_row0 + j * x->nu + u;
}

/* ======================================================================== */
/* Defined names for weights                                                */
/* ======================================================================== */

/* "Peso_IGD_P1": letters, digits, '_' and '.' only; unique ignoring case. */
static char *weight_name(struct book *b, const char *fw, const char *code)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s_%s_", tr(b->lang, "Peso"), fw);
    for (const char *p = code; *p; p++) {
        char c = *p;
        int okc = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.';
        strbuf_addc(&sb, okc ? c : '_');
    }
    size_t base = sb.len;
    for (int n = 2;; n++) {
        int dup = 0;
        for (int i = 0; i < b->n_names && !dup; i++)
            dup = strcasecmp(b->names[i], sb.buf) == 0;
        if (!dup)
            break;
        sb.len = base;
        sb.buf[base] = '\0';
        strbuf_addf(&sb, "_%d", n);
    }
    b->names = xrealloc(b->names, (size_t)(b->n_names + 1) * sizeof *b->names);
    b->names[b->n_names++] = xstrdup(sb.buf);
    char *name = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach leaves sb initialised, holding a new buffer */
    return name;
}

/* ======================================================================== */
/* Indicadores                                                              */
/* ======================================================================== */

/* "lo+" before a normalised term and "*span" after it, dropping a zero lo
   and a unit span so the usual 0..100 range reads "...*100". */
static void add_lo(struct strbuf *f, double lo)
{
    if (lo != 0) {
        add_number(f, lo);
        strbuf_addc(f, '+');
    }
}

static void add_span(struct strbuf *f, double span)
{
    if (span == 1)
        return;
    strbuf_addc(f, '*');
    if (span < 0)
        strbuf_addc(f, '(');
    add_number(f, span);
    if (span < 0)
        strbuf_addc(f, ')');
}

/*
 * The normalised value of (j, u) as a formula over the input cell X of the
 * same row, the block B of the indicator's input column (every institution),
 * and the goalposts / target cells of Marco.  Mirrors compute.h's table,
 * direction included.  Returns 0 with the formula in f, or -1 if the method
 * has no formula here.
 */
static int norm_formula(const struct ixl *x, int j, int row, const char *marco,
                        struct strbuf *f)
{
    const struct norm_report *nr = &x->r->norm[j];
    int k = x->r->ind_node[j];
    char X[32], b0[32], b1[32], L[96], U[96], T[96], tmp[32];
    cell(X, row, IC_TREATED, 0, 0);
    cell(b0, ind_row(x, j, 0), IC_TREATED, 1, 0);
    cell(b1, ind_row(x, j, x->nu - 1), IC_TREATED, 1, 0);
    char B[72];
    snprintf(B, sizeof B, "%s:%s", b0, b1);
    snprintf(L, sizeof L, "'%s'!%s", marco, cell(tmp, x->marco_row[k], MC_LOWER, 1, 1));
    snprintf(U, sizeof U, "'%s'!%s", marco, cell(tmp, x->marco_row[k], MC_UPPER, 1, 1));
    snprintf(T, sizeof T, "'%s'!%s", marco, cell(tmp, x->marco_row[k], MC_TARGET, 1, 1));
    double lo = nr->lo, span = nr->hi - nr->lo;
    int up = nr->direction >= 0;
    strbuf_reset(f);
    strbuf_addc(f, '=');
    switch (nr->method) {
    case NORM_NONE:
        strbuf_addf(f, "%s%s", up ? "" : "-", X);
        return 0;
    case NORM_MINMAX:
        add_lo(f, lo);
        if (up)
            strbuf_addf(f, "(%s-MIN(%s))/(MAX(%s)-MIN(%s))", X, B, B, B);
        else
            strbuf_addf(f, "(MAX(%s)-%s)/(MAX(%s)-MIN(%s))", B, X, B, B);
        add_span(f, span);
        return 0;
    case NORM_ZSCORE:
        if (up)
            strbuf_addf(f, "(%s-AVERAGE(%s))/STDEV(%s)", X, B, B);
        else
            strbuf_addf(f, "(AVERAGE(%s)-%s)/STDEV(%s)", B, X, B);
        return 0;
    case NORM_GOALPOSTS:
        add_lo(f, lo);
        if (up)
            strbuf_addf(f, "MAX(0,MIN(1,(%s-%s)/(%s-%s)))", X, L, U, L);
        else
            strbuf_addf(f, "MAX(0,MIN(1,(%s-%s)/(%s-%s)))", U, X, U, L);
        add_span(f, span);
        return 0;
    case NORM_DIST_TARGET:
        add_lo(f, lo);
        if (up)
            strbuf_addf(f, "MIN(1,%s/%s)", X, T);
        else
            strbuf_addf(f, "IF(%s<=%s,1,MIN(1,%s/%s))", X, T, T, X);
        add_span(f, span);
        return 0;
    case NORM_DIST_REF:
        add_lo(f, lo);
        if (up)
            strbuf_addf(f, "%s/%s", X, T);
        else
            strbuf_addf(f, "%s/%s", T, X);
        add_span(f, span);
        return 0;
    case NORM_DIST_MAX:
        add_lo(f, lo);
        if (up)
            strbuf_addf(f, "%s/MAX(%s)", X, B);
        else
            strbuf_addf(f, "IF(%s=MIN(%s),1,MIN(%s)/%s)", X, B, B, X);
        add_span(f, span);
        return 0;
    case NORM_PRANK:
        add_lo(f, lo);
        strbuf_addf(f, "(_xlfn.RANK.EQ(%s,%s,%d)-1)/(COUNT(%s)-1)", X, B, up ? 1 : 0, B);
        add_span(f, span);
        return 0;
    case NORM_RANK:
        strbuf_addf(f, "_xlfn.RANK.EQ(%s,%s,%d)", X, B, up ? 1 : 0);
        return 0;
    }
    return -1;
}

static void write_indicators(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx,
                             const char *marco)
{
    enum lang l = b->lang;
    sheet_top(b, ws, tr(l, "Indicadores: valores en cada paso del cálculo"));
    char *legend = xasprintf("%s %s", tr(l, "Fondo naranja: valor imputado."),
                             tr(l, "La columna «Marcas» dice qué le pasó a cada valor."));
    put_text(b, ws, 2, 0, legend, b->text_imp);
    free(legend);
    static const char *const head[IC_COUNT] = {
        "Índice", "Indicador", "Nombre del indicador", "Código", "Institución",
        "Normalización", "Respuestas combinadas", "Bruto", "Denominador", "Denominado",
        "Imputado", "Tratado", "Normalizado", "Marcas"};
    for (int c = 0; c < IC_COUNT; c++)
        put_header(b, ws, I_HEAD, c, head[c]);
    struct strbuf flags;
    strbuf_init(&flags);
    int row = I_DATA;
    for (int i = 0; i < n_idx; i++) {
        struct ixl *x = &ix[i];
        for (int j = 0; j < x->ni; j++) {
            int k = x->r->ind_node[j];
            const struct node *nd = &x->fw->nodes[k];
            for (int u = 0; u < x->nu; u++, row++) {
                if (row != ind_row(x, j, u))
                    BUG("Indicadores row %d, expected %d", row, ind_row(x, j, u));
                unsigned fl = run_flags(x->ir, u, j);
                int in = x->r->included[u];
                const struct institution *inst = unit_of(b->rd, x->r, u);
                put_text(b, ws, row, IC_FW, x->fw->code, NULL);
                put_text(b, ws, row, IC_IND, nd->code, NULL);
                put_text(b, ws, row, IC_INDNAME, NAME(nd, l), NULL);
                put_text(b, ws, row, IC_UNIT, inst->code, NULL);
                put_text(b, ws, row, IC_UNITNAME, NAME(inst, l), NULL);
                put_text(b, ws, row, IC_METHOD, norm_method_label(x->r->norm[j].method, l), NULL);
                if (x->ir->n_respondents)
                    put_num(b, ws, row, IC_NRESP,
                            x->ir->n_respondents[run_ind_cell(x->ir, u, j)],
                            b->integer);
                put_num(b, ws, row, IC_RAW, x->r->raw[run_ind_cell(x->ir, u, j)], NULL);
                if (x->r->denom)
                    put_num(b, ws, row, IC_DEN, x->r->denom[run_ind_cell(x->ir, u, j)], NULL);
                /* an excluded institution has no value after screening: its
                   cells stay empty so the block statistics skip it, as the
                   engine does */
                if (in) {
                    put_num(b, ws, row, IC_DENOMINATED, x->r->denominated[run_ind_cell(x->ir, u, j)], b->num);
                    put_num(b, ws, row, IC_IMPUTED, x->r->imputed[run_ind_cell(x->ir, u, j)],
                            fl & FLAG_IMPUTED ? b->num_imp : b->num);
                }
                double input = x->input[run_ind_cell(x->ir, u, j)];
                lxw_format *nf = fl & FLAG_IMPUTED ? b->num_imp : b->num;
                if (in)
                    put_num(b, ws, row, IC_TREATED, input, nf);
                double v = x->r->normalised[run_ind_cell(x->ir, u, j)];
                if (in && isfinite(v) && isfinite(input) && x->norm_live &&
                    norm_formula(x, j, row, marco, &b->f) == 0)
                    put_formula(b, ws, row, IC_NORM, b->f.buf, nf, v);
                else if (in)
                    put_num(b, ws, row, IC_NORM, v, nf);
                flag_text(l, x, u, j, &flags);
                put_text(b, ws, row, IC_FLAGS, flags.buf, fl & FLAG_IMPUTED ? b->text_imp : NULL);
            }
        }
    }
    strbuf_release(&flags);
    int last = row - 1 < I_HEAD ? I_HEAD : row - 1;
    book_check(b, worksheet_autofilter(ws, I_HEAD, 0, (lxw_row_t)last, IC_COUNT - 1), ws->name,
               I_HEAD, 0);
    worksheet_freeze_panes(ws, I_DATA, IC_UNIT + 2);
    set_col(b, ws, IC_FW, IC_FW, 8, NULL);
    set_col(b, ws, IC_IND, IC_IND, 11, NULL);
    set_col(b, ws, IC_INDNAME, IC_INDNAME, 34, NULL);
    set_col(b, ws, IC_UNIT, IC_UNIT, 11, NULL);
    set_col(b, ws, IC_UNITNAME, IC_UNITNAME, 34, NULL);
    set_col(b, ws, IC_METHOD, IC_METHOD, 16, NULL);
    set_col(b, ws, IC_NRESP, IC_NORM, 12, NULL);
    set_col(b, ws, IC_FLAGS, IC_FLAGS, 28, NULL);
}

/* ======================================================================== */
/* The index sheet                                                          */
/* ======================================================================== */

/*
 * Aggregate p of unit u as a formula over its children's cells (adjacent
 * columns of the same row) and the weight row above them, which links to
 * Pesos.  Children without a value are empty cells:
 *   arithmetic  SUMPRODUCT(W,X)/SUMIF(X,"<>",W): the weights of the
 *               children with data (non-empty cells), renormalised, as the
 *               engine does (SUMIF, not --ISNUMBER(X), which Gnumeric does
 *               not evaluate over a range inside SUMPRODUCT);
 *   geometric   EXP((w1*LN(x1+S)+...)/(w1+...))-S and harmonic
 *               (w1+...)/(w1/(x1+S)+...)-S over the children that have
 *               data, where S = the zero shift if any child is 0; term by
 *               term because LN(range) or 1/range inside SUMPRODUCT needs
 *               array evaluation, which Gnumeric does not do there;
 *   median      no formula (returns -1).
 */
static int agg_formula(const struct ixl *x, int p, int u, int row, struct strbuf *f)
{
    enum agg_method m = compute_node_agg(x->fw, p);
    int c0 = XC_NODE0 + x->first[p], c1 = c0 + x->nchild[p] - 1;
    char a[32], z[32], W[72], X[72];
    snprintf(W, sizeof W, "%s:%s", cell(a, X_WEIGHTS, c0, 1, 0), cell(z, X_WEIGHTS, c1, 1, 0));
    snprintf(X, sizeof X, "%s:%s", cell(a, row, c0, 0, 0), cell(z, row, c1, 0, 0));
    int n_avail = 0, zero = 0;
    for (int q = 0; q < x->nchild[p]; q++) {
        double v = run_value(x->ir, u, x->bfs[x->first[p] + q]);
        if (isfinite(v)) {
            n_avail++;
            zero |= v == 0;
        }
    }
    strbuf_reset(f);
    if (m == AGG_ARITHMETIC) {
        strbuf_addf(f, "=SUMPRODUCT(%s,%s)/SUMIF(%s,\"<>\",%s)", W, X, X, W);
        return 0;
    }
    if (m == AGG_MEDIAN)
        return -1;
    double shift = x->fw->steps.geo_zero_shift;
    if (zero && shift == 0)
        return -1; /* LN(0): the engine's limit is 0, a spreadsheet's an error */
    int all = n_avail == x->nchild[p];
    /* S: the shift, live (a weight edit cannot make a child zero, but a
       reader should see the rule) */
    struct strbuf S;
    strbuf_init(&S);
    if (shift != 0) {
        strbuf_adds(&S, "IF(MIN(");
        if (all) {
            strbuf_adds(&S, X);
        } else {
            int first = 1;
            for (int q = 0; q < x->nchild[p]; q++) {
                if (!isfinite(run_value(x->ir, u, x->bfs[x->first[p] + q])))
                    continue;
                strbuf_addf(&S, "%s%s", first ? "" : ",", cell(a, row, c0 + q, 0, 0));
                first = 0;
            }
        }
        strbuf_adds(&S, ")=0,");
        add_number(&S, shift);
        strbuf_adds(&S, ",0)");
    }
    const char *plus = shift != 0 ? "+" : "";
    const char *sv = S.buf;
    {
        struct strbuf num, den;
        strbuf_init(&num);
        strbuf_init(&den);
        for (int q = 0; q < x->nchild[p]; q++) {
            if (!isfinite(run_value(x->ir, u, x->bfs[x->first[p] + q])))
                continue;
            char w[32], v[32];
            cell(w, X_WEIGHTS, c0 + q, 1, 0);
            cell(v, row, c0 + q, 0, 0);
            const char *sep = num.len ? "+" : "";
            if (m == AGG_GEOMETRIC)
                strbuf_addf(&num, "%s%s*LN(%s%s%s)", sep, w, v, plus, sv);
            else
                strbuf_addf(&num, "%s%s/(%s%s%s)", sep, w, v, plus, sv);
            strbuf_addf(&den, "%s%s", den.len ? "+" : "", w);
        }
        if (m == AGG_GEOMETRIC)
            strbuf_addf(f, "=EXP((%s)/(%s))", num.buf, den.buf);
        else
            strbuf_addf(f, "=(%s)/(%s)", den.buf, num.buf);
        strbuf_release(&num);
        strbuf_release(&den);
    }
    if (shift != 0)
        strbuf_addf(f, "-%s", sv);
    strbuf_release(&S);
    return 0;
}

/* The maturity levels beside the table: name and lower bound of each, the
   rule for a score equal to a bound above them; the level formulas of the
   rows count the bounds a score reaches (index_sheet_level).  The rule's
   text and the heads go in rows X_NAMES and X_HEAD (index_sheet_head);
   level i in row X_DATA + i, written with whatever else that row holds
   (write_index_sheet), since a streamed sheet takes its rows in order. */
static void index_sheet_threshold(struct book *b, lxw_worksheet *ws, const struct ixl *x, int i)
{
    const struct maturity *m = &x->fw->maturity;
    if (i < 0 || i >= m->n)
        return;
    put_text(b, ws, X_DATA + i, x->thr_col, level_label(x->fw, i, b->lang), NULL);
    put_num(b, ws, X_DATA + i, x->thr_col + 1, i == 0 ? x->fw->scale_min : m->threshold[i - 1],
            NULL);
}

/* Institution u's maturity level (row `row`) as a live formula over the
   thresholds table: the name of level 1 + the number of bounds the root's
   value reaches (>=, or > with boundary = lower), the value rounded as the
   engine compares it (maturity_level). */
static void index_sheet_level(struct book *b, lxw_worksheet *ws, const struct ixl *x, int u,
                              int row)
{
    const struct framework *fw = x->fw;
    const struct maturity *m = &fw->maturity;
    const char *label = level_label(fw, x->r->maturity[u], b->lang);
    if (m->n <= 0 || !label)
        return;
    char a[32], z[32], v[64];
    int root = fw->root;
    if (m->rounded && x->round_col[root] >= 0 && m->decimals == fw->rank_decimals &&
        run_rank(x->ir, u, root) > 0)
        snprintf(v, sizeof v, "%s", cell(a, row, x->round_col[root], 0, 0));
    else if (m->rounded)
        snprintf(v, sizeof v, "ROUND(%s,%d)", cell(a, row, node_col(x, root), 0, 0), m->decimals);
    else
        snprintf(v, sizeof v, "%s", cell(a, row, node_col(x, root), 0, 0));
    strbuf_reset(&b->f);
    if (m->n == 1) {
        strbuf_addf(&b->f, "=%s", cell(a, X_DATA, x->thr_col, 1, 1));
    } else {
        strbuf_addf(&b->f, "=INDEX(%s:", cell(a, X_DATA, x->thr_col, 1, 1));
        strbuf_addf(&b->f, "%s,1+SUMPRODUCT((", cell(z, X_DATA + m->n - 1, x->thr_col, 1, 1));
        strbuf_addf(&b->f, "%s:", cell(a, X_DATA + 1, x->thr_col + 1, 1, 1));
        strbuf_addf(&b->f, "%s%s%s)*1))", cell(z, X_DATA + m->n - 1, x->thr_col + 1, 1, 1),
                    m->boundary_lower ? "<" : "<=", v);
    }
    put_formula_text(b, ws, row, x->level_col, b->f.buf, NULL, label);
}

/* Part `part` of the head rows' cells that lie in row `row` (X_NAMES,
   X_WEIGHTS or X_HEAD): -1 the fixed columns' labels (and the row's
   height), 0 .. nn - 1 the node at that breadth-first position (its name,
   its weight linked to Pesos, its code, its rank and rounded columns'
   heads), nn the level column's head, nn + 1 the maturity levels' table
   (the rule for a score on a bound, the heads). */
static void index_sheet_head_part(struct book *b, lxw_worksheet *ws, const struct ixl *x,
                                  int part, int row)
{
    enum lang l = b->lang;
    const struct maturity *m = &x->fw->maturity;
    if (part < 0) {
        static const char *const label[] = {"Nombre", "Peso (enlace a la hoja Pesos)"};
        if (row != X_HEAD)
            put_text(b, ws, row, XC_NAME, tr(l, label[row - X_NAMES]), b->bold);
        if (row == X_HEAD) {
            put_header(b, ws, X_HEAD, XC_CODE, "Código");
            put_header(b, ws, X_HEAD, XC_NAME, "Institución");
            put_header(b, ws, X_HEAD, XC_UW, "Peso en el promedio nacional");
        }
        if (row != X_WEIGHTS)
            book_check(b, worksheet_set_row(ws, (lxw_row_t)row, row == X_NAMES ? 48 : 45, NULL),
                       ws->name, row, -1);
    } else if (part < x->nn) {
        int k = x->bfs[part];
        const struct node *nd = &x->fw->nodes[k];
        if (row == X_NAMES)
            put_text(b, ws, row, node_col(x, k), NAME(nd, l), b->wrap);
        if (row == X_WEIGHTS && x->wname[k]) {
            strbuf_reset(&b->f);
            strbuf_addf(&b->f, "=%s", x->wname[k]);
            put_formula(b, ws, row, node_col(x, k), b->f.buf, b->wnum, nd->weight);
        }
        if (row != X_HEAD)
            return;
        put_text(b, ws, row, node_col(x, k), nd->code, b->head);
        if (x->rank_col[k] >= 0) {
            char *h = xasprintf("%s %s", tr(l, "Posición"), nd->code);
            put_text(b, ws, row, x->rank_col[k], h, b->head);
            free(h);
        }
        if (x->round_col[k] >= 0) {
            char *h = xasprintf("%s %s", nd->code, tr(l, "redondeado"));
            put_text(b, ws, row, x->round_col[k], h, b->head);
            free(h);
        }
    } else if (part == x->nn) {
        if (row == X_HEAD)
            put_header(b, ws, row, x->level_col, "Nivel de madurez");
    } else if (m->n > 0 && row == X_NAMES) {
        put_text(b, ws, row, x->thr_col,
                 tr(l, m->boundary_lower
                           ? "Umbrales: un puntaje igual al umbral queda en el nivel de abajo "
                             "(boundary = lower)"
                           : "Umbrales: un puntaje igual al umbral sube de nivel "
                             "(boundary = upper)"),
                 b->wrap);
    } else if (m->n > 0 && row == X_HEAD) {
        put_header(b, ws, row, x->thr_col, "Nivel");
        put_header(b, ws, row, x->thr_col + 1, "Desde (puntaje)");
    }
}

/* Rows X_NAMES, X_WEIGHTS and X_HEAD.  A streamed sheet (ws->optimize,
   add_sheet_sized) takes them row by row.  A held one writes them part by
   part, as indigo always has: the workbook numbers its shared strings in
   the order they are first written, so this keeps a small round's workbook
   byte for byte what it was. */
static void index_sheet_head(struct book *b, lxw_worksheet *ws, const struct ixl *x)
{
    for (int outer = 0; outer < (ws->optimize ? 3 : x->nn + 3); outer++)
        for (int inner = 0; inner < (ws->optimize ? x->nn + 3 : 3); inner++) {
            int part = (ws->optimize ? inner : outer) - 1;
            int row = X_NAMES + (ws->optimize ? outer : inner);
            index_sheet_head_part(b, ws, x, part, row);
        }
}

/* Institution u's row: an indicator links to its normalised value in
   Indicadores, an aggregate is its formula (or the value, see
   agg_formula), each aggregate's rank a RANK.EQ over its column. */
static void index_sheet_row(struct book *b, lxw_worksheet *ws, const struct ixl *x, int u,
                            const char *ind_sheet)
{
    const struct framework *fw = x->fw;
    const struct institution *inst = unit_of(b->rd, x->r, u);
    int row = X_DATA + u, last = X_DATA + x->nu - 1;
    char a[32], z[32];
    put_text(b, ws, row, XC_CODE, inst->code, NULL);
    put_text(b, ws, row, XC_NAME, NAME(inst, b->lang), NULL);
    /* ranked = no: in the index, not in the national mean (compute.c), so
       its weight in the mean is 0 and the formula agrees */
    put_num(b, ws, row, XC_UW, inst->unranked ? 0 : inst->weight, NULL);
    for (int q = 0; q < x->nn; q++) {
        int k = x->bfs[q], col = node_col(x, k), j = x->ind_of[k];
        double v = run_value(x->ir, u, k);
        if (!isfinite(v))
            continue;
        if (j >= 0) {
            strbuf_reset(&b->f);
            strbuf_adds(&b->f, "=");
            add_sheet(&b->f, ind_sheet);
            strbuf_adds(&b->f, cell(a, ind_row(x, j, u), IC_NORM, 1, 1));
            unsigned fl = run_flags(x->ir, u, j);
            put_formula(b, ws, row, col, b->f.buf, fl & FLAG_IMPUTED ? x->num_imp : x->num, v);
        } else if (x->agg_live && agg_formula(x, k, u, row, &b->f) == 0) {
            put_formula(b, ws, row, col, b->f.buf, k == fw->root ? x->bold_num : x->num, v);
        } else {
            put_num(b, ws, row, col, v, k == fw->root ? x->bold_num : x->num);
        }
        if (x->rank_col[k] >= 0 && run_rank(x->ir, u, k) > 0) {
            /* the engine's rank (compute_ranks_published): RANK.EQ over the
               values as published, a ROUND column, so that equal printed
               values are equal numbers in every program and share the best
               position; empty cells (no value, not ranked) do not count */
            int rc = col;
            if (x->round_col[k] >= 0) {
                rc = x->round_col[k];
                strbuf_reset(&b->f);
                strbuf_addf(&b->f, "=ROUND(%s,%d)", cell(a, row, col, 0, 0), fw->rank_decimals);
                put_formula(b, ws, row, rc, b->f.buf, x->num,
                            round_decimals(v, fw->rank_decimals));
            }
            strbuf_reset(&b->f);
            strbuf_addf(&b->f, "=_xlfn.RANK.EQ(%s,", cell(a, row, rc, 0, 0));
            strbuf_addf(&b->f, "%s:", cell(a, X_DATA, rc, 1, 0));
            strbuf_addf(&b->f, "%s,0)", cell(z, last, rc, 1, 0));
            put_formula(b, ws, row, x->rank_col[k], b->f.buf, b->integer, run_rank(x->ir, u, k));
        }
    }
    index_sheet_level(b, ws, x, u, row);
}

/* The national mean: weighted by the institutions' weights in column C, over
   the institutions with a value (non-empty cells), always as a weighted
   formula so that editing column C moves it. */
static void index_sheet_national(struct book *b, lxw_worksheet *ws, const struct ixl *x)
{
    int last = X_DATA + x->nu - 1;
    char a[32], z[32];
    put_text(b, ws, x->nat_row, XC_NAME, tr(b->lang, "Promedio nacional"), b->bold);
    for (int q = 0; q < x->nn && x->nu > 0; q++) {
        int k = x->bfs[q], col = node_col(x, k);
        double v = x->r->national[k];
        if (!isfinite(v))
            continue;
        char R[72], UW[72];
        snprintf(R, sizeof R, "%s:%s", cell(a, X_DATA, col, 0, 0), cell(z, last, col, 0, 0));
        snprintf(UW, sizeof UW, "%s:%s", cell(a, X_DATA, XC_UW, 1, 1),
                 cell(z, last, XC_UW, 1, 1));
        strbuf_reset(&b->f);
        strbuf_addf(&b->f, "=SUMPRODUCT(%s,%s)/SUMIF(%s,\"<>\",%s)", UW, R, R, UW);
        put_formula(b, ws, x->nat_row, col, b->f.buf, x->bold_num, v);
    }
}

/* Frozen panes, filter, column widths, a colour scale per node column
   (the row heights are set with their rows, index_sheet_head). */
static void index_sheet_layout(struct book *b, lxw_worksheet *ws, const struct ixl *x)
{
    int last = X_DATA + x->nu - 1;
    worksheet_freeze_panes(ws, X_DATA, XC_NAME + 1);
    book_check(b, worksheet_autofilter(ws, X_HEAD, 0, (lxw_row_t)(last < X_HEAD ? X_HEAD : last),
                                       (lxw_col_t)x->level_col),
               ws->name, X_HEAD, 0);
    set_col(b, ws, XC_CODE, XC_CODE, 11, NULL);
    set_col(b, ws, XC_NAME, XC_NAME, 36, NULL);
    set_col(b, ws, XC_UW, XC_UW, 11, NULL);
    set_col(b, ws, XC_NODE0, XC_NODE0 + x->nn - 1, 12, NULL);
    if (x->n_agg > 0)
        set_col(b, ws, XC_NODE0 + x->nn, x->level_col - 1, 10, NULL);
    set_col(b, ws, x->level_col, x->level_col, 14, NULL);
    if (x->nu > 0) {
        for (int q = 0; q < x->nn; q++) {
            lxw_conditional_format cf;
            memset(&cf, 0, sizeof cf);
            cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
            int col = XC_NODE0 + q;
            book_check(b, worksheet_conditional_format_range(ws, X_DATA, (lxw_col_t)col,
                                                             (lxw_row_t)last, (lxw_col_t)col, &cf),
                       ws->name, X_DATA, col);
        }
    }
}

/* Row `row` of the ranking below the table (the ranked institutions in rank
   order, rank and score linked to their cells; order: units by rank, n of
   them ranked): its title in rank_row - 1, its head in rank_row, then one
   row per ranked institution.  Nothing in any other row. */
static void index_sheet_ranking_row(struct book *b, lxw_worksheet *ws, const struct ixl *x,
                                    const int *order, int n, int row)
{
    enum lang l = b->lang;
    int root = x->fw->root, hr = x->rank_row;
    char a[32];
    if (row == hr - 1) {
        put_text(b, ws, row, 0, tr(l, "Clasificación"), b->bold);
    } else if (row == hr) {
        put_header(b, ws, hr, 0, "Posición");
        put_header(b, ws, hr, 1, "Institución");
        put_header(b, ws, hr, 2, "Puntaje");
    } else if (row > hr && row <= hr + n) {
        int u = order[row - hr - 1];
        strbuf_reset(&b->f);
        strbuf_addf(&b->f, "=%s", cell(a, X_DATA + u, x->rank_col[root], 0, 0));
        put_formula(b, ws, row, 0, b->f.buf, b->integer, run_rank(x->ir, u, root));
        put_text(b, ws, row, 1, NAME(unit_of(b->rd, x->r, u), l), NULL);
        strbuf_reset(&b->f);
        strbuf_addf(&b->f, "=%s", cell(a, X_DATA + u, node_col(x, root), 0, 0));
        put_formula(b, ws, row, 2, b->f.buf, x->num, run_value(x->ir, u, root));
    }
}

/* The ranking chart of a round with more than CHART_ROWS_ALL ranked
   institutions (n) draws from its own rows beside the ranking, as the
   report's and the portal's: the first and the last CHART_ROWS_END, linked
   to their rows of the ranking, and a row between for the positions left
   out.  Its title in rank_row - 1, its head in rank_row.  A chart of
   thousands of bars can be neither read nor drawn cheaply. */
#define XC_CHART 4
#define CHART_CAPPED(n) ((n) > CHART_ROWS_ALL)

static void index_sheet_chart_row(struct book *b, lxw_worksheet *ws, const struct ixl *x,
                                  const int *order, int n, int row)
{
    enum lang l = b->lang;
    int hr = x->rank_row, i = row - hr - 1;
    char a[32], c[32], d[32];
    if (!CHART_CAPPED(n) || row < hr - 1 || i > 2 * CHART_ROWS_END)
        return;
    if (row == hr - 1) {
        put_text(b, ws, row, XC_CHART, tr(l, "Filas del gráfico"), b->bold);
    } else if (row == hr) {
        put_header(b, ws, hr, XC_CHART, "Institución");
        put_header(b, ws, hr, XC_CHART + 1, "Puntaje");
    } else if (i == CHART_ROWS_END) {
        char *s = xasprintf(tr(l, "\xe2\x80\xa6 %s instituciones más, posiciones %s a %s: "
                                  "todas están en la clasificación de las columnas A a C"),
                            fmt_num(a, sizeof a, n - 2 * CHART_ROWS_END, 0, l),
                            fmt_num(c, sizeof c, CHART_ROWS_END + 1, 0, l),
                            fmt_num(d, sizeof d, n - CHART_ROWS_END, 0, l));
        put_text(b, ws, row, XC_CHART, s, NULL);
        free(s);
    } else {
        /* the position in the ranking: the first rows, then the last */
        int k = i < CHART_ROWS_END ? i : n - (2 * CHART_ROWS_END + 1) + i, u = order[k];
        put_text(b, ws, row, XC_CHART, NAME(unit_of(b->rd, x->r, u), l), NULL);
        strbuf_reset(&b->f);
        strbuf_addf(&b->f, "=%s", cell(a, hr + 1 + k, 2, 0, 0));
        put_formula(b, ws, row, XC_CHART + 1, b->f.buf, x->num, run_value(x->ir, u, x->fw->root));
    }
}

/* A bar chart of the n rows of the ranking (of the chart's own rows if
   they are capped), at column col.  0, or -1 if libxlsxwriter could not
   make it (recorded in b). */
static int index_sheet_ranking_chart(struct book *b, lxw_worksheet *ws, const struct ixl *x,
                                     int n, int col)
{
    enum lang l = b->lang;
    int hr = x->rank_row, rows = CHART_CAPPED(n) ? 2 * CHART_ROWS_END + 1 : n;
    int cc = CHART_CAPPED(n) ? XC_CHART : 1;
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_BAR);
    lxw_chart_series *s = ch ? chart_add_series(ch, NULL, NULL) : NULL;
    if (!s) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, ws->name, hr, col);
        return -1;
    }
    chart_series_set_categories(s, ws->name, (lxw_row_t)(hr + 1), (lxw_col_t)cc,
                                (lxw_row_t)(hr + rows), (lxw_col_t)cc);
    chart_series_set_values(s, ws->name, (lxw_row_t)(hr + 1), (lxw_col_t)(cc + 1),
                            (lxw_row_t)(hr + rows), (lxw_col_t)(cc + 1));
    /* libxlsxwriter caches a formula cell as 0: no cache beats a wrong
       one (spreadsheet programs draw from the cells) */
    s->values->ignore_cache = LXW_TRUE;
    char *t = xasprintf("%s — %s %d", fw_name(x->fw, l), tr(l, "posiciones"), b->rd->year);
    chart_title_set_name(ch, chart_text(b, t));
    free(t);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    /* in a bar chart y is the category axis: reversed so rank 1 is on
       top, crossed at its maximum so the value axis stays below */
    chart_axis_set_reverse(ch->y_axis);
    chart_axis_set_crossing_max(ch->y_axis);
    chart_axis_set_num_format(ch->x_axis, "0");
    lxw_chart_options opt;
    memset(&opt, 0, sizeof opt);
    opt.x_scale = 1.3;
    opt.y_scale = rows > 12 ? rows / 12.0 : 1.0;
    book_check(b, worksheet_insert_chart_opt(ws, (lxw_row_t)hr, (lxw_col_t)col, ch, &opt),
               ws->name, hr, col);
    return 0;
}

/* The pillar profile: a column chart of the national mean of each child
   of the index, at column col. */
static void index_sheet_profile_chart(struct book *b, lxw_worksheet *ws, const struct ixl *x,
                                      int col)
{
    enum lang l = b->lang;
    int root = x->fw->root, hr = x->rank_row;
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *s = ch ? chart_add_series(ch, NULL, NULL) : NULL;
    if (!s) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, ws->name, hr, col);
        return;
    }
    int c0 = XC_NODE0 + x->first[root], c1 = c0 + x->nchild[root] - 1;
    chart_series_set_categories(s, ws->name, X_NAMES, (lxw_col_t)c0, X_NAMES, (lxw_col_t)c1);
    chart_series_set_values(s, ws->name, (lxw_row_t)x->nat_row, (lxw_col_t)c0,
                            (lxw_row_t)x->nat_row, (lxw_col_t)c1);
    s->values->ignore_cache = LXW_TRUE; /* formulas: see the ranking chart */
    chart_series_set_name(s, chart_text(b, tr(l, "Promedio nacional")));
    char *t = xasprintf("%s — %s", fw_name(x->fw, l), tr(l, "perfil por pilar"));
    chart_title_set_name(ch, chart_text(b, t));
    free(t);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    book_check(b, worksheet_insert_chart(ws, (lxw_row_t)hr, (lxw_col_t)col, ch), ws->name, hr,
               col);
}

/* The sheet of one index: institutions x every node (breadth first), the
   national mean, the ranking and two charts.  Rows strictly in order, each
   with everything it holds (the maturity levels' table beside the
   institutions may reach into the rows under them), so that the sheet can
   be streamed (add_sheet_sized). */
static void write_index_sheet(struct book *b, lxw_worksheet *ws, const struct ixl *x,
                              const char *ind_sheet)
{
    const struct framework *fw = x->fw;
    char *title = xasprintf("%s — %s — %d", fw->code, fw_name(fw, b->lang), b->rd->year);
    sheet_top(b, ws, title);
    free(title);
    index_sheet_head(b, ws, x);
    for (int u = 0; u < x->nu; u++) {
        index_sheet_row(b, ws, x, u, ind_sheet);
        index_sheet_threshold(b, ws, x, u);
    }
    /* while the last institution's row is still the current one: a
       streamed sheet checks a filter's and a colour scale's last row */
    index_sheet_layout(b, ws, x);
    int *order = xmalloc((size_t)(x->nu ? x->nu : 1) * sizeof *order);
    units_by_rank(x->ir, order);
    int n = 0;
    while (n < x->nu && run_rank(x->ir, order[n], fw->root) > 0)
        n++;
    int end = x->rank_row + n;
    if (end < X_DATA + fw->maturity.n - 1)
        end = X_DATA + fw->maturity.n - 1;
    for (int row = x->nat_row; row <= end; row++) {
        if (row == x->nat_row)
            index_sheet_national(b, ws, x);
        index_sheet_ranking_row(b, ws, x, order, n, row);
        index_sheet_chart_row(b, ws, x, order, n, row);
        index_sheet_threshold(b, ws, x, row - X_DATA);
    }
    free(order);
    /* the charts move right by the chart's own rows' columns if it has them */
    int shift = CHART_CAPPED(n) ? 3 : 0;
    if (n > 0 && index_sheet_ranking_chart(b, ws, x, n, 4 + shift) != 0)
        return;
    if (x->nchild[fw->root] > 0 && isfinite(x->r->national[fw->root]))
        index_sheet_profile_chart(b, ws, x, 13 + shift);
}

/* ======================================================================== */
/* Pesos                                                                    */
/* ======================================================================== */

static void write_weights(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx)
{
    enum lang l = b->lang;
    char a[32], z[32];
    sheet_top(b, ws, tr(l, "Pesos: relativos entre hermanos y efectivos en el índice"));
    put_text(b, ws, 2, 0,
             tr(l, "Cambie un valor de la columna «Peso» para recalcular los índices y las "
                   "posiciones (sus celdas tienen nombre, p. ej. Peso_IGD_P1)."),
             NULL);
    static const char *const head[WC_COUNT] = {"Índice", "Código", "Nombre", "Padre", "Nivel",
                                               "Peso", "Peso entre hermanos",
                                               "Peso efectivo en el índice"};
    for (int c = 0; c < WC_COUNT; c++)
        put_header(b, ws, W_HEAD, c, head[c]);
    int row = W_DATA;
    for (int i = 0; i < n_idx; i++) {
        const struct ixl *x = &ix[i];
        const struct framework *fw = x->fw;
        for (int q = 0; q < x->nn; q++, row++) {
            int k = x->bfs[q];
            const struct node *nd = &fw->nodes[k];
            put_text(b, ws, row, WC_FW, fw->code, NULL);
            put_text(b, ws, row, WC_CODE, nd->code, b->indent[x->depth[k] < LEVEL_MAX ? x->depth[k] : LEVEL_MAX - 1]);
            put_text(b, ws, row, WC_NAME, NAME(nd, l), NULL);
            put_num(b, ws, row, WC_LEVEL, nd->level, b->integer);
            if (nd->parent < 0) {
                put_num(b, ws, row, WC_WSIB, 1, b->eff);
                put_num(b, ws, row, WC_WEFF, x->r->eff_weight[k], b->eff);
                continue;
            }
            const struct node *pn = &fw->nodes[nd->parent];
            put_text(b, ws, row, WC_PARENT, pn->code, NULL);
            put_num(b, ws, row, WC_W, nd->weight, b->wnum);
            /* siblings are adjacent rows (breadth first) */
            int s0 = x->w_row0 + x->first[nd->parent];
            int s1 = s0 + x->nchild[nd->parent] - 1;
            long double sw = 0.0L;
            for (int c = 0; c < x->nchild[nd->parent]; c++)
                sw += fw->nodes[x->bfs[x->first[nd->parent] + c]].weight;
            double wsib = nd->weight / (double)sw;
            strbuf_reset(&b->f);
            strbuf_addf(&b->f, "=%s/SUM(", cell(a, row, WC_W, 0, 0));
            strbuf_addf(&b->f, "%s:", cell(a, s0, WC_W, 1, 0));
            strbuf_addf(&b->f, "%s)", cell(z, s1, WC_W, 1, 0));
            if (isfinite(wsib))
                put_formula(b, ws, row, WC_WSIB, b->f.buf, b->eff, wsib);
            double e = x->r->eff_weight[k];
            strbuf_reset(&b->f);
            strbuf_addf(&b->f, "=%s*", cell(a, row, WC_WSIB, 0, 0));
            strbuf_adds(&b->f, cell(a, x->w_row0 + x->pos[nd->parent], WC_WEFF, 0, 0));
            if (isfinite(e) && isfinite(wsib))
                put_formula(b, ws, row, WC_WEFF, b->f.buf, b->eff, e);
            else
                put_num(b, ws, row, WC_WEFF, e, b->eff);
        }
    }
    book_check(b, worksheet_autofilter(ws, W_HEAD, 0, (lxw_row_t)(row > W_DATA ? row - 1 : W_HEAD),
                                       WC_COUNT - 1),
               ws->name, W_HEAD, 0);
    worksheet_freeze_panes(ws, W_DATA, WC_CODE + 1);
    set_col(b, ws, WC_FW, WC_FW, 8, NULL);
    set_col(b, ws, WC_CODE, WC_CODE, 14, NULL);
    set_col(b, ws, WC_NAME, WC_NAME, 40, NULL);
    set_col(b, ws, WC_PARENT, WC_LEVEL, 10, NULL);
    set_col(b, ws, WC_W, WC_WEFF, 14, NULL);
}

/* The defined names Peso_FW_CODE -> Pesos!$F$row, one per non-root node. */
static void define_weight_names(struct book *b, struct ixl *x, const char *wsheet)
{
    char a[32];
    for (int q = 0; q < x->nn; q++) {
        int k = x->bfs[q];
        if (x->fw->nodes[k].parent < 0)
            continue;
        x->wname[k] = weight_name(b, x->fw->code, x->fw->nodes[k].code);
        char *target = xasprintf("='%s'!%s", wsheet, cell(a, x->w_row0 + q, WC_W, 1, 1));
        book_check(b, workbook_define_name(b->wb, x->wname[k], target), x->wname[k], -1, -1);
        free(target);
    }
}

/* ======================================================================== */
/* Marco                                                                    */
/* ======================================================================== */

/* Marco row of node k of index x: where it sits in the tree and, for an
   indicator, how it is read and normalised. */
static void marco_node_row(struct book *b, lxw_worksheet *ws, const struct ixl *x, int k,
                               int row)
{
    enum lang l = b->lang;
    const struct framework *fw = x->fw;
    const struct node *nd = &fw->nodes[k];
    int d = x->depth[k] < LEVEL_MAX ? x->depth[k] : LEVEL_MAX - 1;
    put_text(b, ws, row, MC_FW, fw->code, NULL);
    put_text(b, ws, row, MC_CODE, nd->code, b->indent[d]);
    put_text(b, ws, row, MC_NAME, NAME(nd, l), b->indent[d]);
    put_text(b, ws, row, MC_PARENT, nd->parent >= 0 ? fw->nodes[nd->parent].code : NULL, NULL);
    put_num(b, ws, row, MC_LEVEL, nd->level, b->integer);
    const char *kind = k == fw->root ? tr(l, "índice")
                       : x->ind_of[k] >= 0 ? tr(l, "indicador") : tr(l, "agregado");
    put_text(b, ws, row, MC_KIND, kind, NULL);
    if (x->ind_of[k] < 0) {
        put_text(b, ws, row, MC_AGG, agg_method_label(compute_node_agg(fw, k), l), NULL);
        return;
    }
    put_text(b, ws, row, MC_QUESTION, nd->question ? nd->question : nd->code, NULL);
    const struct question *qu = NULL;
    for (int n = 0; n < fw->n_questions && !qu; n++)
        if (nd->question && strcmp(fw->questions[n].code, nd->question) == 0)
            qu = &fw->questions[n];
    if (qu)
        put_text(b, ws, row, MC_ANSWER, answer_label(l, qu->type), NULL);
    else
        put_text(b, ws, row, MC_ANSWER, tr(l, "dato administrativo"), NULL);
    if (nd->denominator && *nd->denominator) {
        put_text(b, ws, row, MC_DENOM, nd->denominator, NULL);
        put_num(b, ws, row, MC_SF, nd->scale_factor, NULL);
    }
    put_num(b, ws, row, MC_DIR, nd->direction < 0 ? -1 : 1, b->integer);
    put_text(b, ws, row, MC_NORM, norm_method_label(compute_node_norm(fw, k), l), NULL);
    put_num(b, ws, row, MC_LOWER, nd->lower, NULL);
    put_num(b, ws, row, MC_UPPER, nd->upper, NULL);
    put_num(b, ws, row, MC_TARGET, nd->target, NULL);
    char an[128];   /* the axis in the book's language (axis_names_en) */
    put_text(b, ws, row, MC_AXIS,
             nd->axis && *nd->axis ? framework_axis_name(fw, nd->axis, l, an, sizeof an) : NULL,
             NULL);
    put_text(b, ws, row, MC_EVIDENCE, yes_no(l, nd->evidence_required), NULL);
    put_text(b, ws, row, MC_SOURCE, nd->source, NULL);
}

/* The questionnaire from row: one row per option (or per question without
   options).  Returns the next row. */
static int marco_questionnaire(struct book *b, lxw_worksheet *ws, const struct ixl *ix,
                                   int n_idx, int row)
{
    enum lang l = b->lang;
    put_text(b, ws, row++, 0, tr(l, "Cuestionario y puntos por opción"), b->bold);
    static const char *const qhead[] = {"Índice", "Pregunta", "Texto", "Tipo de respuesta",
                                        "Obligatoria", "Opción", "Etiqueta", "Puntos"};
    for (int c = 0; c < 8; c++)
        put_header(b, ws, row, c, qhead[c]);
    row++;
    for (int i = 0; i < n_idx; i++) {
        const struct framework *fw = ix[i].fw;
        for (int n = 0; n < fw->n_questions; n++) {
            const struct question *qu = &fw->questions[n];
            int nopt = qu->n_options > 0 ? qu->n_options : 1;
            for (int o = 0; o < nopt; o++, row++) {
                put_text(b, ws, row, 0, fw->code, NULL);
                put_text(b, ws, row, 1, qu->code, NULL);
                put_text(b, ws, row, 2, PICK(qu->text, l), NULL);
                put_text(b, ws, row, 3, answer_label(l, qu->type), NULL);
                put_text(b, ws, row, 4, yes_no(l, qu->required), NULL);
                if (qu->n_options > 0) {
                    const struct option *op = &qu->options[o];
                    put_text(b, ws, row, 5, op->code, NULL);
                    put_text(b, ws, row, 6, PICK(op->label, l), NULL);
                    put_num(b, ws, row, 7, op->points, NULL);
                }
            }
        }
    }
    return row;
}

/* The maturity levels from row.  Returns the next row. */
static int marco_levels(struct book *b, lxw_worksheet *ws, const struct ixl *ix, int n_idx,
                            int row)
{
    put_text(b, ws, row++, 0, tr(b->lang, "Niveles de madurez"), b->bold);
    put_header(b, ws, row, 0, "Índice");
    put_header(b, ws, row, 1, "Nivel");
    put_header(b, ws, row, 2, "Desde (puntaje)");
    row++;
    for (int i = 0; i < n_idx; i++) {
        const struct framework *fw = ix[i].fw;
        for (int m = 0; m < fw->maturity.n; m++, row++) {
            put_text(b, ws, row, 0, fw->code, NULL);
            put_text(b, ws, row, 1, level_label(fw, m, b->lang), NULL);
            put_num(b, ws, row, 2, m == 0 ? fw->scale_min : fw->maturity.threshold[m - 1], NULL);
        }
    }
    return row;
}

/* Marco: the trees (depth first, as they read), the questionnaire with the
   points of each option, the maturity levels.  Returns the next row. */
static int write_framework(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx)
{
    enum lang l = b->lang;
    sheet_top(b, ws, tr(l, "Marco: el árbol de indicadores, el cuestionario y las reglas"));
    static const char *const head[MC_COUNT] = {
        "Índice",       "Código",       "Nombre",    "Padre",      "Nivel",
        "Tipo",         "Agregación",   "Pregunta",  "Tipo de respuesta", "Denominador",
        "Factor de escala", "Dirección", "Normalización", "Meta inferior", "Meta superior",
        "Meta o referencia", "Eje", "Evidencia requerida", "Fuente"};
    for (int c = 0; c < MC_COUNT; c++)
        put_header(b, ws, M_HEAD, c, head[c]);
    int row = M_DATA;
    for (int i = 0; i < n_idx; i++) {
        const struct ixl *x = &ix[i];
        for (int q = 0; q < x->nn; q++, row++) {
            int k = x->dfs[q];
            if (row != x->marco_row[k])
                BUG("Marco row %d, expected %d", row, x->marco_row[k]);
            marco_node_row(b, ws, x, k, row);
        }
    }
    book_check(b, worksheet_autofilter(ws, M_HEAD, 0, (lxw_row_t)(row > M_DATA ? row - 1 : M_HEAD),
                                       MC_COUNT - 1),
               ws->name, M_HEAD, 0);
    worksheet_freeze_panes(ws, M_DATA, MC_CODE + 1);
    set_col(b, ws, MC_FW, MC_FW, 8, NULL);
    set_col(b, ws, MC_CODE, MC_CODE, 14, NULL);
    set_col(b, ws, MC_NAME, MC_NAME, 40, NULL);
    set_col(b, ws, MC_PARENT, MC_SOURCE, 13, NULL);
    set_col(b, ws, MC_SOURCE, MC_SOURCE, 30, NULL);
    row = marco_questionnaire(b, ws, ix, n_idx, row + 2);
    return marco_levels(b, ws, ix, n_idx, row + 2);
}

/* ======================================================================== */
/* Respuestas                                                               */
/* ======================================================================== */

/* The raw answers, as stored, with their file and line; unit < 0 for all. */
unsigned long render_xlsx_sheet_rows = LXW_ROW_MAX;
unsigned long render_xlsx_stream_rows = 50000;

/*
 * A sheet of the round workbook that will hold more than
 * render_xlsx_stream_rows rows (Indicadores, the index sheets, Resumen,
 * Respuestas, Robustez of a large round) is written in libxlsxwriter's
 * constant_memory mode: each row goes to a temporary file as soon as the
 * next one starts, instead of every cell staying in memory until the
 * workbook is closed (bench/run: the report of 5,000 institutions x 200
 * indicators held some 2 GB of Indicadores cells).  That mode needs the
 * rows in order, so these sheets' writers write each row once, with
 * everything it holds, top to bottom.  What differs in the file is only the
 * layout: such a sheet's text is inline rather than shared, and a chart
 * over it has no cached categories (libxlsxwriter cannot read the cells
 * back).  A smaller round's workbook is unchanged.  (The mode is the
 * workbook's option, read when a sheet is added.)
 */
static lxw_worksheet *add_sheet_sized(struct book *b, const char *name, unsigned long rows)
{
    uint8_t was = b->wb->options.constant_memory;
    if (rows > render_xlsx_stream_rows)
        b->wb->options.constant_memory = LXW_TRUE;
    lxw_worksheet *ws = add_sheet_named(b, name);
    b->wb->options.constant_memory = was;
    return ws;
}

/* Respuestas' rows from ws's row on; answer_row writes one and moves on
   (also as answer_feed.round's fn, which may stop on nonzero). */
struct answer_rows {
    struct book *b;
    lxw_worksheet *ws;
    int row;
};

static int answer_row(void *arg, const struct answer *an)
{
    struct answer_rows *ar = arg;
    struct book *b = ar->b;
    lxw_worksheet *ws = ar->ws;
    int row = ar->row++;
    put_text(b, ws, row, 0, an->framework, NULL);
    put_num(b, ws, row, 1, an->year, b->integer);
    put_text(b, ws, row, 2, an->institution, NULL);
    put_text(b, ws, row, 3, an->question, NULL);
    put_text(b, ws, row, 4, an->respondent, NULL);
    put_text(b, ws, row, 5, an->value, NULL);
    put_num(b, ws, row, 6, an->number, NULL);
    put_text(b, ws, row, 7, an->evidence, NULL);
    put_text(b, ws, row, 8, yes_no(b->lang, an->is_official), NULL);
    put_text(b, ws, row, 9, an->file, NULL);
    put_num(b, ws, row, 10, (double)an->line, b->integer);
    return 0;
}

static void write_answers(struct book *b, lxw_worksheet *ws, int unit)
{
    enum lang l = b->lang;
    sheet_top(b, ws, tr(l, "Respuestas tal como se recibieron, con su archivo y línea"));
    static const char *const head[] = {"Índice", "Año", "Institución", "Pregunta", "Encuestado",
                                       "Valor", "Número", "Evidencia", "Encuestado oficial",
                                       "Archivo", "Línea"};
    enum { NH = sizeof head / sizeof head[0] };
    for (int c = 0; c < NH; c++)
        put_header(b, ws, 3, c, head[c]);
    int row = 4;
    const struct answer_set *as = b->rd->answers;
    const struct answer_index *ix = b->rd->by_unit;
    size_t from = unit < 0 ? 0 : ix->start[unit];
    size_t to = unit < 0 ? (as ? as->n : 0) : ix->start[unit + 1];
    if (to - from > render_xlsx_sheet_rows - (size_t)row) {
        /* more answers than a sheet has rows: say where they are instead */
        char n[32], most[32];
        char *note = xasprintf(tr(l, "Hay %s respuestas, más de las %s filas que caben en una "
                                     "hoja. Están en los archivos de Procedencia (con su "
                                     "SHA-256) y en la tabla answer de la base de datos."),
                               fmt_num(n, sizeof n, (double)(to - from), 0, l),
                               fmt_num(most, sizeof most,
                                       (double)(render_xlsx_sheet_rows - (size_t)row), 0, l));
        put_text(b, ws, row, 0, note, b->note);
        free(note);
        to = from;
    }
    struct answer_rows ar = {b, ws, row};
    if (unit < 0 && to > from && !as->items) {
        /* the report's round workbook: read back as they are written */
        if (!b->rd->feed || !b->rd->feed->round)
            BUG("round workbook: %zu answers, neither held nor fed", to - from);
        b->feed_rc = b->rd->feed->round(b->rd->feed->ctx, answer_row, &ar, b->d);
    } else {
        for (size_t k = from; k < to; k++)
            answer_row(&ar, &as->items[unit < 0 ? k : ix->item[k]]);
    }
    row = ar.row;
    book_check(b, worksheet_autofilter(ws, 3, 0, (lxw_row_t)(row > 4 ? row - 1 : 3), NH - 1),
               ws->name, 3, 0);
    worksheet_freeze_panes(ws, 4, 0);
    set_col(b, ws, 0, 1, 8, NULL);
    set_col(b, ws, 2, 4, 13, NULL);
    set_col(b, ws, 5, 5, 24, NULL);
    set_col(b, ws, 6, 6, 9, NULL);
    set_col(b, ws, 7, 7, 30, NULL);
    set_col(b, ws, 8, 8, 10, NULL);
    set_col(b, ws, 9, 9, 36, NULL);
    set_col(b, ws, 10, 10, 8, NULL);
}

/* ======================================================================== */
/* Metodología                                                              */
/* ======================================================================== */

/* A parameter as the report language writes it: "0,5" in Spanish. */
static void add_param_num(struct strbuf *sb, double v, enum lang l)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (l == LANG_ES) {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = ',';
    }
    strbuf_adds(sb, buf);
}

/* The parameters of one step, and where it shows in the workbook. */
static const char *step_params(const struct ixl *x, enum step_kind s, enum lang l,
                               struct strbuf *sb)
{
    const struct framework *fw = x->fw;
    const struct steps *st = &fw->steps;
    strbuf_reset(sb);
    switch (s) {
    case STEP_SCORE: {
        char *t = method_score_text(fw, l);   /* the PDF and the portal print the same */
        strbuf_adds(sb, t);
        free(t);
        return tr(l, "Valores: Indicadores, columna «Bruto»; las respuestas, en la hoja "
                     "Respuestas");
    }
    case STEP_DENOMINATE: {
        char *t = method_denominate_text(fw, l);   /* the PDF and the portal print the same */
        strbuf_adds(sb, t);
        free(t);
        return tr(l, "Valores: Indicadores, columnas «Denominador» y «Denominado»");
    }
    case STEP_SCREEN: {
        char *t = method_screen_text(st, l);   /* the PDF and the portal print the same */
        strbuf_adds(sb, t);
        free(t);
        return tr(l, "Valores: Indicadores, marca «excluido por filtrado»; la institución "
                     "queda sin puntaje ni posición");
    }
    case STEP_IMPUTE: {
        char *t = method_impute_text(st, l);   /* the PDF and the portal print the same */
        strbuf_adds(sb, t);
        free(t);
        return tr(l, "Valores: Indicadores, columna «Imputado», con fondo naranja y la marca "
                     "«imputado»");
    }
    case STEP_TREAT: {
        char *t = method_treat_text(st, l);   /* the PDF and the portal print the same */
        strbuf_adds(sb, t);
        free(t);
        return tr(l, "Valores: Indicadores, columna «Tratado», marcas «winsorizado» y "
                     "«logaritmo»");
    }
    case STEP_NORMALISE: {
        char *t = method_normalise_text(fw, l);   /* the PDF and the portal print the same */
        strbuf_addf(sb, "%s %s", t, tr(l, "El método y las metas de cada indicador están en la "
                                          "hoja Marco."));
        free(t);
        return x->norm_live
                   ? tr(l, "Fórmulas: Indicadores, columna «Normalizado», calculada desde "
                           "«Tratado», las metas de la hoja Marco y el mínimo, máximo, media o "
                           "desviación del bloque del indicador")
                   : tr(l, "Valores: Indicadores, columna «Normalizado» (con este orden de "
                           "pasos no hay una fórmula que la reproduzca)");
    }
    case STEP_AGGREGATE: {
        int maxlev = fw->nodes[fw->root].level;
        char *t = method_aggregate_text(fw, l);   /* the portal prints the same */
        strbuf_adds(sb, t);
        free(t);
        for (int lev = 2; lev <= maxlev && lev < LEVEL_MAX; lev++) {
            if (st->agg_threshold[lev] > 0) {
                strbuf_addf(sb, " %s %d", tr(l, "nivel"), lev);
                strbuf_addf(sb, " (%s ", tr(l, "mínimo de hijos con dato"));
                add_param_num(sb, st->agg_threshold[lev], l);
                strbuf_addc(sb, ')');
            }
        }
        return tr(l, "Fórmulas: hoja del índice, con la fila «Peso» que enlaza con la hoja "
                     "Pesos; la mediana ponderada se escribe como valor");
    }
    }
    BUG("unknown step %d", (int)s);
}

/* One row of the steps table: index, step, parameters, where in the book. */
static void methodology_row(struct book *b, lxw_worksheet *ws, int row, const char *code,
                            const char *step, const char *params, const char *where)
{
    put_text(b, ws, row, 0, code, NULL);
    put_text(b, ws, row, 2, step, NULL);
    put_text(b, ws, row, 3, params, b->wrap);
    put_text(b, ws, row, 4, where, b->wrap);
}

/* The steps of index x in order from row, then what follows them (ranks,
   levels, national mean, effective weights).  Returns the next row. */
static int methodology_steps(struct book *b, lxw_worksheet *ws, const struct ixl *x, int row,
                             const char *s_w)
{
    enum lang l = b->lang;
    const struct framework *fw = x->fw;
    struct strbuf sb, t;
    strbuf_init(&sb);
    strbuf_init(&t);
    for (int s = 0; s < fw->steps.n; s++, row++) {
        enum step_kind k = fw->steps.order[s];
        const char *where = step_params(x, k, l, &sb);
        methodology_row(b, ws, row, fw->code, step_label(l, k), sb.buf, where);
        put_num(b, ws, row, 1, s + 1, b->integer);
    }
    strbuf_addf(&t, "%s %s", tr(l, "Fórmulas: RANK.EQ sobre las columnas «redondeado» "
                                   "(ROUND al decimal que se publica); hoja"), x->sheet);
    char *rk = method_rank_text(fw, l);   /* the PDF and the portal print the same */
    methodology_row(b, ws, row++, fw->code, tr(l, "Posiciones"), rk, t.buf);
    free(rk);
    strbuf_reset(&sb);
    char *lv = method_levels_text(fw, l);   /* the PDF and the portal print the same */
    if (lv)
        strbuf_adds(&sb, lv);
    free(lv);
    strbuf_reset(&t);
    strbuf_addf(&t, "%s %s", tr(l, "Fórmulas: INDEX sobre la tabla de umbrales de la hoja"),
                x->sheet);
    methodology_row(b, ws, row++, fw->code, tr(l, "Nivel de madurez"), sb.buf,
                    t.buf);
    strbuf_reset(&t);
    strbuf_addf(&t, "%s %s", tr(l, "Fórmulas: fila «Promedio nacional» de la hoja"), x->sheet);
    methodology_row(b, ws, row++, fw->code, tr(l, "Promedio nacional"),
                    tr(l, "media ponderada por el peso de cada institución, sobre las "
                          "instituciones con dato"),
                    t.buf);
    strbuf_reset(&t);
    strbuf_addf(&t, "%s %s", tr(l, "Fórmulas: hoja"), s_w);
    char *ew = method_eff_weight_text(fw, l);   /* the PDF and the portal print the same */
    methodology_row(b, ws, row++, fw->code, tr(l, "Pesos efectivos"), ew, t.buf);
    free(ew);
    if (x->ir->ua && b->rd->cfg) {
        struct ua_options uo;
        ua_options_from_config(&uo, b->rd->cfg);
        /* the PDF, the portal and datapackage.json print the same */
        char *u = method_uncertainty_text(x->ir->ua, &uo, l);
        methodology_row(b, ws, row++, fw->code, tr(l, "Análisis de incertidumbre"), u,
                        tr(l, "Valores: hoja Robustez, intervalos de posición e índices de "
                              "sensibilidad con sus intervalos"));
        free(u);
    }
    strbuf_release(&sb);
    strbuf_release(&t);
    return row;
}

/* Which cells are formulas, which are values, and why; from row.  Returns
   the next row. */
static int methodology_formulas(struct book *b, lxw_worksheet *ws, const struct ixl *ix,
                                int n_idx, int row, const char *s_sum, const char *s_ind,
                                const char *s_w)
{
    enum lang l = b->lang;
    put_text(b, ws, row++, 0, tr(l, "Fórmulas y valores"), b->bold);
    static const char *const head2[] = {"Hoja", "Columnas", "Contenido", "Por qué"};
    for (int c = 0; c < 4; c++)
        put_header(b, ws, row, c, head2[c]);
    row++;
    struct strbuf t;
    strbuf_init(&t);
    const char *idx_sheets = n_idx > 0 ? ix[0].sheet : "";
    for (int i = 0; i < n_idx; i++)
        strbuf_addf(&t, "%s%s", i ? ", " : "", ix[i].sheet);
    if (n_idx > 1)
        idx_sheets = t.buf;
    const struct {
        const char *sheet;    /* NULL: the index sheets */
        const char *cols, *what, *why;
    } rows[] = {
        {s_sum, "Puntaje, Posición, Nivel, Cambio de puntaje, Cambio de posición", "Fórmulas",
         "Enlazan con la hoja de cada índice; el cambio es el valor de esta ronda menos el de la "
         "anterior."},
        {s_sum, "Ronda anterior", "Valores",
         "Los resultados de la ronda anterior vienen de la base de datos."},
        {s_ind, "Bruto, Denominado, Imputado", "Valores",
         "La puntuación de las respuestas, la denominación y la imputación dependen de reglas y "
         "búsquedas que no tienen una fórmula clara; indigo escribe su resultado."},
        {s_ind, "Tratado", "Valores",
         "La winsorización es iterativa y el logaritmo depende de una prueba de asimetría y "
         "curtosis; es el valor que la normalización lee."},
        {s_ind, "Normalizado", "Fórmulas",
         "Recalculan cada valor desde «Tratado» y las metas de la hoja Marco (metas), el mínimo "
         "y máximo (mín-máx), la media y la desviación (puntuación z) o la posición del bloque "
         "del indicador."},
        {NULL, "Indicadores", "Fórmulas", "Enlazan con la columna «Normalizado» de la hoja "
                                          "Indicadores."},
        {NULL, "Pilares, subpilares e índice", "Fórmulas",
         "SUMAPRODUCTO de los hijos por sus pesos entre la suma de los pesos de los hijos con "
         "dato (SUMAR.SI sobre las celdas no vacías); para la media geométrica EXP y LN, y para "
         "la armónica pesos entre valores, término a término, con el desplazamiento si algún hijo "
         "es 0. Una celda vacía es un valor sin dato: qué datos hay no cambia al editar un peso."},
        {NULL, "Mediana ponderada", "Valores",
         "La mediana ponderada no tiene una fórmula clara en una hoja de cálculo."},
        {NULL, "Posición, Promedio nacional", "Fórmulas",
         "RANK.EQ sobre la columna «redondeado» (ROUND al decimal que se publica): los "
         "puntajes que se publican iguales comparten la mejor posición en cualquier hoja de "
         "cálculo; promedio ponderado por la columna «Peso en el promedio nacional», sobre las "
         "instituciones con dato (edítela para ver el efecto)."},
        {NULL, "Nivel de madurez", "Fórmulas",
         "INDEX sobre la tabla de umbrales junto a la tabla del índice: cuenta los umbrales que "
         "alcanza el puntaje redondeado, con la regla del marco para un puntaje igual a un "
         "umbral; sigue a una edición de los pesos."},
        {s_w, "Peso", "Valores", "Son los pesos del marco: cámbielos para ver el efecto en los "
                                 "índices y las posiciones."},
        {s_w, "Peso entre hermanos, Peso efectivo", "Fórmulas",
         "Peso entre la suma de los pesos de sus hermanos; producto hasta el índice."},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, row++) {
        put_text(b, ws, row, 0, rows[i].sheet ? rows[i].sheet : idx_sheets, NULL);
        put_text(b, ws, row, 1, tr(l, rows[i].cols), b->wrap);
        put_text(b, ws, row, 2, tr(l, rows[i].what), NULL);
        put_text(b, ws, row, 3, tr(l, rows[i].why), b->wrap);
    }
    strbuf_release(&t);
    return row;
}

/* What the engine warned about, from row (nothing if it did not). */
static void methodology_warnings(struct book *b, lxw_worksheet *ws, const struct ixl *ix,
                                 int n_idx, int row)
{
    int n_warn = 0;
    for (int i = 0; i < n_idx; i++)
        n_warn += ix[i].r->n_warning;
    if (n_warn == 0)
        return;
    put_text(b, ws, row++, 0, tr(b->lang, "Avisos del cálculo"), b->bold);
    for (int i = 0; i < n_idx; i++)
        for (int w = 0; w < ix[i].r->n_warning; w++, row++) {
            put_text(b, ws, row, 0, ix[i].fw->code, NULL);
            put_text(b, ws, row, 1, ix[i].r->warning[w], NULL);
        }
}

static void write_methodology(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx,
                              const char *s_sum, const char *s_ind, const char *s_w)
{
    enum lang l = b->lang;
    sheet_top(b, ws, tr(l, "Metodología: los pasos aplicados, en orden"));
    static const char *const head[] = {"Índice", "Orden", "Paso", "Parámetros", "En el libro"};
    for (int c = 0; c < 5; c++)
        put_header(b, ws, 3, c, head[c]);
    int row = 4;
    for (int i = 0; i < n_idx; i++)
        row = methodology_steps(b, ws, &ix[i], row, s_w);
    row = methodology_formulas(b, ws, ix, n_idx, row + 2, s_sum, s_ind, s_w);
    methodology_warnings(b, ws, ix, n_idx, row + 2);
    set_col(b, ws, 0, 0, 12, NULL);
    set_col(b, ws, 1, 1, 22, NULL);
    set_col(b, ws, 2, 2, 30, NULL);
    set_col(b, ws, 3, 3, 60, NULL);
    set_col(b, ws, 4, 4, 60, NULL);
}

/* ======================================================================== */
/* Procedencia                                                              */
/* ======================================================================== */

static void write_provenance(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx)
{
    enum lang l = b->lang;
    const struct round_data *rd = b->rd;
    sheet_top(b, ws, tr(l, "Procedencia: de dónde salen estas cifras"));
    char stamp[32];
    time_t t = (time_t)round_timestamp(rd->year);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int row = 3;
    put_text(b, ws, row, 0, tr(l, "Programa"), b->bold);
    put_text(b, ws, row++, 1, "indigo", NULL);
    put_text(b, ws, row, 0, tr(l, "Versión"), b->bold);
    put_text(b, ws, row++, 1, rd->version, NULL);
    put_text(b, ws, row, 0, tr(l, "Año de la ronda"), b->bold);
    put_num(b, ws, row++, 1, rd->year, b->integer);
    put_text(b, ws, row, 0, tr(l, "Fecha fija del archivo"), b->bold);
    put_text(b, ws, row++, 1, stamp, NULL);
    put_text(b, ws, row, 0, tr(l, "Idioma"), b->bold);
    put_text(b, ws, row++, 1, lang_code(l), NULL);
    put_text(b, ws, row, 0, tr(l, "Datos de demostración"), b->bold);
    put_text(b, ws, row++, 1, yes_no(l, rd->demo), NULL);
    put_text(b, ws, row, 0, tr(l, "Configuración"), b->bold);
    put_text(b, ws, row++, 1, rd->cfg ? rd->cfg->path : NULL, NULL);
    put_text(b, ws, row, 0, tr(l, "SHA-256 de la configuración"), b->bold);
    put_text(b, ws, row++, 1, rd->config_sha256, NULL);
    put_text(b, ws, row, 0, tr(l, "Registro de instituciones"), b->bold);
    put_text(b, ws, row++, 1, rd->reg->path, NULL);
    for (int i = 0; i < n_idx; i++, row++) {
        char *k = xasprintf("%s %s", tr(l, "Marco"), ix[i].fw->code);
        put_text(b, ws, row, 0, k, b->bold);
        put_text(b, ws, row, 1, ix[i].fw->dir, NULL);
        free(k);
    }

    row += 1;
    put_text(b, ws, row++, 0, tr(l, "Archivos de entrada"), b->bold);
    static const char *const head[] = {"Archivo", "Índice", "Año", "Formato", "Respuestas",
                                       "SHA-256"};
    for (int c = 0; c < 6; c++)
        put_header(b, ws, row, c, head[c]);
    row++;
    for (int i = 0; i < rd->n_inputs; i++, row++) {
        const struct input_file *in = &rd->inputs[i];
        put_text(b, ws, row, 0, in->path, NULL);
        put_text(b, ws, row, 1, in->framework, NULL);
        put_num(b, ws, row, 2, in->year, b->integer);
        put_text(b, ws, row, 3, in->shape, NULL);
        put_num(b, ws, row, 4, (double)in->rows, b->integer);
        put_text(b, ws, row, 5, in->sha256, NULL);
    }
    set_col(b, ws, 0, 0, 34, NULL);
    set_col(b, ws, 1, 1, 40, NULL);
    set_col(b, ws, 2, 4, 10, NULL);
    set_col(b, ws, 5, 5, 68, NULL);
}


/* ======================================================================== */
/* Robustez: uncertainty, sensitivity and coherence (values, not formulas:  */
/* thousands of replications cannot be a spreadsheet formula)               */
/* ======================================================================== */
static const char *ua_factor_label(enum ua_factor f)
{
    static const char *const label[UA_N_FACTORS] = {
        "Pesos", "Método de normalización", "Método de agregación", "Método de imputación",
        "Exclusión de un indicador"};
    return label[f];
}

/* The uncertainty analysis of run ir from row: its settings and each
   ranked institution's rank distribution.  Returns the next row. */
static int robustness_ranks(struct book *b, lxw_worksheet *ws, const struct index_run *ir, int row)
{
    enum lang l = b->lang;
    const struct round_data *rd = b->rd;
    const struct uncertainty *ua = ir->ua;
    put_text(b, ws, row, 0, tr(l, "Réplicas Monte Carlo"), NULL);
    put_num(b, ws, row++, 1, ua->runs, b->integer);
    put_text(b, ws, row, 0, tr(l, "Semilla"), NULL);
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", rd->cfg ? rd->cfg->ua_seed : 0ULL);
    put_text(b, ws, row++, 1, seed, NULL);
    put_text(b, ws, row, 0, tr(l, "Perturbación de pesos (±)"), NULL);
    put_num(b, ws, row++, 1, rd->cfg ? rd->cfg->ua_weight_noise : NAN, b->num);
    put_text(b, ws, row, 0, tr(l, "Cambio medio absoluto de posición"), NULL);
    put_num(b, ws, row++, 1, ua->mean_shift, b->num);
    static const char *const head[] = {"Código", "Institución", "Posición",
                                       "Mediana de posición", "Posición 5 %",
                                       "Posición 95 %", "Prob. grupo superior",
                                       "Prob. grupo inferior"};
    for (int c = 0; c < 8; c++)
        put_header(b, ws, row, c, head[c]);
    row++;
    int *order = xcalloc((size_t)ir->res.n_units + 1, sizeof *order);
    int n = uncertainty_ranked_units(ua, order);
    for (int k = 0; k < n; k++, row++) {
        int u = order[k];
        const struct ua_unit *uu = &ua->unit[u];
        const struct institution *in = unit_of(rd, &ir->res, u);
        put_text(b, ws, row, 0, in->code, NULL);
        put_text(b, ws, row, 1, NAME(in, l), NULL);
        put_num(b, ws, row, 2, uu->nominal, b->integer);
        put_num(b, ws, row, 3, uu->median, b->num);
        put_num(b, ws, row, 4, uu->q05, b->num);
        put_num(b, ws, row, 5, uu->q95, b->num);
        put_num(b, ws, row, 6, uu->p_top, b->num);
        put_num(b, ws, row, 7, uu->p_bottom, b->num);
    }
    free(order);
    return row;
}

/* The sensitivity indices of ua from row (none: nothing).  Returns the
   next row. */
static int robustness_sensitivity(struct book *b, lxw_worksheet *ws,
                                  const struct uncertainty *ua, int row)
{
    if (ua->n_sens <= 0)
        return row;
    row++;
    static const char *const sh[] = {"Factor", "Índice de primer orden",
                                     "Índice total", "Primer orden 5 %",
                                     "Primer orden 95 %", "Total 5 %", "Total 95 %"};
    for (int c = 0; c < 7; c++)
        put_header(b, ws, row, c, sh[c]);
    row++;
    for (int k = 0; k < ua->n_sens; k++, row++) {
        const struct ua_sens *se = &ua->sens[k];
        put_text(b, ws, row, 0, tr(b->lang, ua_factor_label(se->factor)), NULL);
        put_num(b, ws, row, 1, se->si, b->num);
        put_num(b, ws, row, 2, se->sti, b->num);
        put_num(b, ws, row, 3, se->si_q05, b->num);
        put_num(b, ws, row, 4, se->si_q95, b->num);
        put_num(b, ws, row, 5, se->sti_q05, b->num);
        put_num(b, ws, row, 6, se->sti_q95, b->num);
    }
    return row;
}

/* The statistical coherence of framework fw from row.  Returns the next
   row. */
static int robustness_coherence(struct book *b, lxw_worksheet *ws, const struct framework *fw,
                                const struct coherence *coh, int row)
{
    enum lang l = b->lang;
    row++;
    static const char *const ch[] = {"Código", "Componente", "Pertenece a",
                                      "Correlación de Pearson", "Correlación de Spearman",
                                      "Alfa de Cronbach", "Alerta"};
    for (int c = 0; c < 7; c++)
        put_header(b, ws, row, c, ch[c]);
    row++;
    for (int k = 0; k < coh->n_nodes; k++, row++) {
        const struct coherence_node *cn = &coh->node[k];
        put_text(b, ws, row, 0, fw->nodes[k].code, NULL);
        put_text(b, ws, row, 1, NAME(&fw->nodes[k], l), NULL);
        put_text(b, ws, row, 2, cn->parent >= 0 ? fw->nodes[cn->parent].code : NULL, NULL);
        put_num(b, ws, row, 3, cn->pearson, b->num);
        put_num(b, ws, row, 4, cn->spearman, b->num);
        put_num(b, ws, row, 5, cn->alpha, b->num);
        if (cn->negative)
            put_text(b, ws, row, 6, tr(l, "correlación negativa con su componente superior"), NULL);
        else if (cn->collinear)
            put_text(b, ws, row, 6, tr(l, "colineal con otro componente (|r| > 0,9)"), NULL);
    }
    return row;
}

static void write_robustness(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx)
{
    enum lang l = b->lang;
    sheet_top(b, ws, tr(l, "Robustez: incertidumbre, sensibilidad y coherencia"));
    int row = 3;
    for (int i = 0; i < n_idx; i++) {
        const struct index_run *ir = &b->rd->idx[i];
        put_text(b, ws, row++, 0, fw_name(ix[i].fw, l), b->bold);
        if (!ir->ua) {
            put_text(b, ws, row++, 0, tr(l, "El análisis de incertidumbre no se ejecutó."), NULL);
        } else {
            put_text(b, ws, row++, 0, tr(l, "La especificación completa del análisis está en la "
                                            "hoja Metodología, fila «Análisis de incertidumbre»."),
                     NULL);
            row = robustness_ranks(b, ws, ir, row);
            row = robustness_sensitivity(b, ws, ir->ua, row);
        }
        if (ir->coh)
            row = robustness_coherence(b, ws, ix[i].fw, ir->coh, row);
        row += 2;
    }
    set_col(b, ws, 0, 0, 30, NULL);
    set_col(b, ws, 1, 1, 44, NULL);
    set_col(b, ws, 2, 7, 16, NULL);
}

/* ======================================================================== */
/* Resumen                                                                  */
/* ======================================================================== */

/* Index of a registry code in a result, or -1. */
static int res_unit(const struct result *r, const char *code, int hint)
{
    if (hint < r->n_units && strcmp(r->unit_code[hint], code) == 0)
        return hint;
    for (int u = 0; u < r->n_units; u++)
        if (strcmp(r->unit_code[u], code) == 0)
            return u;
    return -1;
}

/* The previous round's national figure, weighted as this round's. */
static double prev_national(const struct round_data *rd, const struct ixl *x)
{
    if (!x->ir->prev_year || !x->ir->prev_value)
        return NAN;
    long double s = 0.0L, sw = 0.0L;
    for (int u = 0; u < x->nu; u++) {
        double v = run_prev_value(x->ir, u, x->fw->root);
        double w = unit_of(rd, x->r, u)->weight;
        if (!isfinite(v) || !isfinite(w))
            continue;
        s += w * v;
        sw += w;
    }
    return sw > 0 ? (double)(s / sw) : NAN;
}

/* A cell that links to (tr, tc) of sheet and caches v. */
static void put_link(struct book *b, lxw_worksheet *ws, int r, int c, const char *sheet, int tr,
                     int tc, lxw_format *fmt, double v)
{
    char a[32];
    strbuf_reset(&b->f);
    strbuf_adds(&b->f, "=");
    add_sheet(&b->f, sheet);
    strbuf_adds(&b->f, cell(a, tr, tc, 0, 0));
    put_formula(b, ws, r, c, b->f.buf, fmt, v);
}

/* A cell holding =A-B of two cells of the same row, caching v. */
static void put_difference(struct book *b, lxw_worksheet *ws, int r, int c, int ca, int cb,
                           lxw_format *fmt, double v)
{
    char a[32], z[32];
    strbuf_reset(&b->f);
    strbuf_addf(&b->f, "=%s-", cell(a, r, ca, 0, 0));
    strbuf_adds(&b->f, cell(z, r, cb, 0, 0));
    put_formula(b, ws, r, c, b->f.buf, fmt, v);
}

/* The summary's columns: per index score, rank, level and, with a previous
   round, the previous score and rank and the two changes.  col0[i] is the
   first column of index i (caller frees); returns the last column. */
static int summary_columns(const struct ixl *ix, int n_idx, int **col0)
{
    *col0 = xmalloc((size_t)(n_idx ? n_idx : 1) * sizeof **col0);
    int col = 2;
    for (int i = 0; i < n_idx; i++) {
        (*col0)[i] = col;
        col += ix[i].ir->prev_year ? 7 : 3;
    }
    return col - 1;
}

static void summary_head(struct book *b, lxw_worksheet *ws, const struct ixl *ix, int n_idx,
                         const int *col0)
{
    enum lang l = b->lang;
    put_header(b, ws, S_HEAD, 0, "Código");
    put_header(b, ws, S_HEAD, 1, "Institución");
    for (int i = 0; i < n_idx; i++) {
        const struct ixl *x = &ix[i];
        const char *es[] = {"Puntaje", "Posición", "Nivel"};
        for (int c = 0; c < 3; c++) {
            char *h = xasprintf("%s: %s", x->fw->code, tr(l, es[c]));
            put_text(b, ws, S_HEAD, col0[i] + c, h, b->head);
            free(h);
        }
        if (!x->ir->prev_year)
            continue;
        const char *es2[] = {"Puntaje", "Posición"};
        for (int c = 0; c < 2; c++) {
            char *h = xasprintf("%s: %s %d", x->fw->code, tr(l, es2[c]), x->ir->prev_year);
            put_text(b, ws, S_HEAD, col0[i] + 3 + c, h, b->head);
            free(h);
        }
        const char *es3[] = {"Cambio de puntaje", "Cambio de posición"};
        for (int c = 0; c < 2; c++) {
            char *h = xasprintf("%s: %s", x->fw->code, tr(l, es3[c]));
            put_text(b, ws, S_HEAD, col0[i] + 5 + c, h, b->head);
            free(h);
        }
    }
    /* with its row: a streamed sheet cannot go back to it */
    book_check(b, worksheet_set_row(ws, S_HEAD, 30, NULL), ws->name, S_HEAD, -1);
}

/* Unit u's cells of index x in row, from column c: score and rank linked
   to the index sheet, level, and the previous round with the changes. */
static void summary_cells(struct book *b, lxw_worksheet *ws, const struct ixl *x, int u, int row,
                          int c)
{
    int root = x->fw->root;
    double v = run_value(x->ir, u, root);
    int rk = run_rank(x->ir, u, root);
    if (isfinite(v))
        put_link(b, ws, row, c, x->sheet, X_DATA + u, node_col(x, root), x->bold_num, v);
    if (rk > 0)
        put_link(b, ws, row, c + 1, x->sheet, X_DATA + u, x->rank_col[root], b->integer, rk);
    else if (isfinite(v)) /* registry ranked = no */
        put_text(b, ws, row, c + 1, tr(b->lang, "sin posición"), NULL);
    const char *level = level_label(x->fw, x->r->maturity[u], b->lang);
    if (level && x->fw->maturity.n > 0) {
        char a[32];
        strbuf_reset(&b->f);
        strbuf_adds(&b->f, "=");
        add_sheet(&b->f, x->sheet);
        strbuf_adds(&b->f, cell(a, X_DATA + u, x->level_col, 0, 0));
        put_formula_text(b, ws, row, c + 2, b->f.buf, NULL, level);
    }
    if (!x->ir->prev_year)
        return;
    double pv = run_prev_value(x->ir, u, root);
    int pr = run_prev_rank(x->ir, u, root);
    put_num(b, ws, row, c + 3, pv, x->num);
    if (pr > 0)
        put_num(b, ws, row, c + 4, pr, b->integer);
    if (isfinite(v) && isfinite(pv))
        put_difference(b, ws, row, c + 5, c, c + 3, x->num, v - pv);
    if (rk > 0 && pr > 0)
        put_difference(b, ws, row, c + 6, c + 4, c + 1, b->integer, pr - rk);
}

/* The national mean under the institutions, in row nrow. */
static void summary_national_row(struct book *b, lxw_worksheet *ws, const struct ixl *ix,
                                 int n_idx, const int *col0, int nrow)
{
    put_text(b, ws, nrow, 1, tr(b->lang, "Promedio nacional"), b->bold);
    for (int i = 0; i < n_idx; i++) {
        const struct ixl *x = &ix[i];
        double v = x->r->national[x->fw->root];
        if (isfinite(v))
            put_link(b, ws, nrow, col0[i], x->sheet, x->nat_row, node_col(x, x->fw->root),
                     x->bold_num, v);
        if (!x->ir->prev_year)
            continue;
        double pv = prev_national(b->rd, x);
        put_num(b, ws, nrow, col0[i] + 3, pv, x->bold_num);
        if (isfinite(v) && isfinite(pv))
            put_difference(b, ws, nrow, col0[i] + 5, col0[i], col0[i] + 3, x->bold_num, v - pv);
    }
}

/* The national results per index, a small table from row on. */
static void summary_national_table(struct book *b, lxw_worksheet *ws, const struct ixl *ix,
                                   int n_idx, int row)
{
    enum lang l = b->lang;
    char a[32], z[32];
    put_text(b, ws, row - 1, 0, tr(l, "Resultados nacionales por índice"), b->bold);
    static const char *const head[] = {"Índice", "Nombre", "Promedio nacional",
                                       "Instituciones con puntaje", "Ronda anterior",
                                       "Promedio anterior", "Cambio de puntaje"};
    for (int c = 0; c < 7; c++)
        put_header(b, ws, row, c, head[c]);
    row++;
    for (int i = 0; i < n_idx; i++, row++) {
        const struct ixl *x = &ix[i];
        int root = x->fw->root, rc = node_col(x, root);
        put_text(b, ws, row, 0, x->fw->code, NULL);
        put_text(b, ws, row, 1, fw_name(x->fw, l), NULL);
        double v = x->r->national[root];
        if (isfinite(v))
            put_link(b, ws, row, 2, x->sheet, x->nat_row, rc, x->bold_num, v);
        int n = 0;
        for (int u = 0; u < x->nu; u++)
            n += isfinite(run_value(x->ir, u, root));
        if (x->nu > 0) {
            strbuf_reset(&b->f);
            strbuf_adds(&b->f, "=COUNT(");
            add_sheet(&b->f, x->sheet);
            strbuf_addf(&b->f, "%s:", cell(a, X_DATA, rc, 1, 1));
            strbuf_addf(&b->f, "%s)", cell(z, X_DATA + x->nu - 1, rc, 1, 1));
            put_formula(b, ws, row, 3, b->f.buf, b->integer, n);
        }
        if (x->ir->prev_year) {
            double pv = prev_national(b->rd, x);
            put_num(b, ws, row, 4, x->ir->prev_year, b->integer);
            put_num(b, ws, row, 5, pv, x->num);
            if (isfinite(v) && isfinite(pv))
                put_difference(b, ws, row, 6, 2, 5, x->num, v - pv);
        }
    }
}

static void summary_layout(struct book *b, lxw_worksheet *ws, int n_idx, const int *col0,
                           int last_col)
{
    int n = b->rd->reg->n;
    worksheet_freeze_panes(ws, S_DATA, 2);
    book_check(b, worksheet_autofilter(ws, S_HEAD, 0,
                                       (lxw_row_t)(n > 0 ? S_DATA + n - 1 : S_HEAD),
                                       (lxw_col_t)last_col),
               ws->name, S_HEAD, 0);
    set_col(b, ws, 0, 0, 12, NULL);
    set_col(b, ws, 1, 1, 40, NULL);
    if (last_col >= 2)
        set_col(b, ws, 2, last_col, 13, NULL);
    for (int i = 0; i < n_idx && n > 0; i++) {
        lxw_conditional_format cf;
        memset(&cf, 0, sizeof cf);
        cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
        book_check(b, worksheet_conditional_format_range(ws, S_DATA, (lxw_col_t)col0[i],
                                                         (lxw_row_t)(S_DATA + n - 1),
                                                         (lxw_col_t)col0[i], &cf),
                   ws->name, S_DATA, col0[i]);
    }
}

/* Resumen: every institution's index scores, ranks, levels and change, the
   national mean under them, and the national results per index. */
static void write_summary(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx)
{
    enum lang l = b->lang;
    const struct round_data *rd = b->rd;
    const struct registry *reg = rd->reg;
    char *title;
    if (rd->cfg && rd->cfg->title[l] && *rd->cfg->title[l])
        title = title_with_year(rd->cfg->title[l], rd->year, " — ");
    else
        title = xasprintf("%s %d", tr(l, "Resultados de la ronda"), rd->year);
    sheet_top(b, ws, title);
    free(title);

    int *col0, last_col = summary_columns(ix, n_idx, &col0);
    summary_head(b, ws, ix, n_idx, col0);
    for (int g = 0; g < reg->n; g++) {
        int row = S_DATA + g;
        const struct institution *inst = &reg->items[g];
        put_text(b, ws, row, 0, inst->code, NULL);
        put_text(b, ws, row, 1, NAME(inst, l), NULL);
        for (int i = 0; i < n_idx; i++) {
            int u = res_unit(ix[i].r, inst->code, g);
            if (u >= 0)
                summary_cells(b, ws, &ix[i], u, row, col0[i]);
        }
    }
    /* while the last institution's row is the current one (see
       write_index_sheet) */
    summary_layout(b, ws, n_idx, col0, last_col);
    int nrow = S_DATA + reg->n;
    summary_national_row(b, ws, ix, n_idx, col0, nrow);
    summary_national_table(b, ws, ix, n_idx, nrow + 3);
    free(col0);
}

/* ======================================================================== */
/* Comparación: the earlier round on two bases (docs/rondas.md)             */
/* ======================================================================== */

static int any_method_change(const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++)
        if (rd->idx[i].prev_year && rd->idx[i].diff.n > 0 && rd->idx[i].back_value)
            return 1;
    return 0;
}

/* The method changes and what each basis is. Returns the next free row. */
static int comparison_head(struct book *b, lxw_worksheet *ws, int row)
{
    enum lang l = b->lang;
    const struct round_data *rd = b->rd;
    static const char *const head[] = {"Índice", "Área", "Cambio", "Antes", "Después"};
    for (int c = 0; c < 5; c++)
        put_header(b, ws, row, c, head[c]);
    row++;
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        for (int k = 0; k < ir->diff.n; k++, row++) {
            const struct method_change *mc = &ir->diff.items[k];
            char *t = method_change_text(mc, l);
            put_text(b, ws, row, 0, mc->framework, NULL);
            put_text(b, ws, row, 1, change_area_name(mc->area, l), NULL);
            put_text(b, ws, row, 2, t, NULL);
            put_text(b, ws, row, 3, mc->before, NULL);
            put_text(b, ws, row, 4, mc->after, NULL);
            free(t);
        }
        for (int k = 0; k < ir->n_not_asked; k++, row++) {
            char *t = xasprintf("%s: %s %d", ir->not_asked[k],
                                tr(l, "fuera de la base recalculada, no se preguntó en"),
                                ir->prev_year);
            put_text(b, ws, row, 0, ir->fw->code, NULL);
            put_text(b, ws, row, 1, change_area_name(AREA_INDICATORS, l), NULL);
            put_text(b, ws, row, 2, t, NULL);
            free(t);
        }
    }
    return row + 1;
}

/* One institution's row: per index with a comparison, this round, the
   earlier one as published, on this method, and the split of the change. */
static void comparison_row(struct book *b, lxw_worksheet *ws, int row, int g)
{
    enum lang l = b->lang;
    const struct round_data *rd = b->rd;
    const struct institution *inst = &rd->reg->items[g];
    char a[32], z[32];
    put_text(b, ws, row, 0, inst->code, NULL);
    put_text(b, ws, row, 1, NAME(inst, l), NULL);
    int col = 2;
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        if (!ir->prev_year || !ir->back_value)
            continue;
        int root = ir->fw->root, c0 = col;
        size_t c = (size_t)g * ir->fw->n_nodes + (size_t)root;
        double v = ir->res.value[c], p = ir->prev_value[c], bv = ir->back_value[c];
        col += 7;
        put_num(b, ws, row, c0, v, b->bold_num);
        if (ir->prev_unit[g] < 0) {
            put_text(b, ws, row, c0 + 1, tr(l, "nueva"), NULL);
            continue;
        }
        put_num(b, ws, row, c0 + 1, p, b->num);
        put_num(b, ws, row, c0 + 3, bv, b->num);
        const int at[2][3] = {{c0 + 2, c0, c0 + 1}, {c0 + 4, c0, c0 + 3}};
        const double was[2] = {p, bv};
        for (int k = 0; k < 2; k++)
            if (isfinite(v) && isfinite(was[k])) {
                strbuf_reset(&b->f);
                strbuf_addf(&b->f, "=%s-", cell(a, row, at[k][1], 0, 0));
                strbuf_adds(&b->f, cell(z, row, at[k][2], 0, 0));
                put_formula(b, ws, row, at[k][0], b->f.buf, b->num, v - was[k]);
            }
        struct change_split cs;
        change_split(ir, g, root, &cs);
        if (cs.ok) {
            put_num(b, ws, row, c0 + 5, cs.method + cs.added, b->num);
            put_num(b, ws, row, c0 + 6, cs.answers, b->num);
        }
        change_split_release(&cs);
    }
}

/* One institution's split by indicator, per index whose method changed. */
static int comparison_indicators(struct book *b, lxw_worksheet *ws, int row, int g)
{
    const struct round_data *rd = b->rd;
    static const char *const head[] = {"Índice", "Indicador", "Efecto del método",
                                       "Efecto de las respuestas", "Total"};
    put_text(b, ws, row++, 0, tr(b->lang, "Por indicador (contribución al nodo)"), b->bold);
    for (int c = 0; c < 5; c++)
        put_header(b, ws, row, c, head[c]);
    row++;
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        if (!ir->prev_year || !ir->back_value)
            continue;
        struct change_split cs;
        change_split(ir, g, ir->fw->root, &cs);
        for (int k = 0; cs.ok && k < cs.n_rows; k++, row++) {
            const struct change_row *r = &cs.rows[k];
            put_text(b, ws, row, 0, ir->fw->code, NULL);
            put_text(b, ws, row, 1, r->code, NULL);
            put_num(b, ws, row, 2, r->method + r->added, b->num);
            put_num(b, ws, row, 3, r->answers, b->num);
            put_num(b, ws, row, 4, r->method + r->added + r->answers, b->num);
        }
        change_split_release(&cs);
    }
    return row;
}

/* The sheet: every institution (g < 0) or one, with its split by indicator. */
static void write_comparison(struct book *b, lxw_worksheet *ws, int g)
{
    enum lang l = b->lang;
    const struct round_data *rd = b->rd;
    int prev = 0, published = 0;
    for (int i = 0; i < rd->n_idx; i++)
        if (rd->idx[i].prev_year) {
            prev = rd->idx[i].prev_year;
            published = rd->idx[i].prev_published;
        }
    char *t = xasprintf("%s %d %s %d", tr(l, "Comparación de"), rd->year, tr(l, "con"), prev);
    sheet_top(b, ws, t);
    free(t);
    t = xasprintf("%s %d %s; %s %d %s %d, %s %d.", tr(l, "Bases: la ronda"), prev,
                  tr(l, published ? "tal como se publicó" : "tal como está guardada"),
                  tr(l, "y las respuestas de"), prev, tr(l, "calculadas con el método de"), rd->year,
                  tr(l, "sin los indicadores que no se preguntaron en"), prev);
    put_text(b, ws, 2, 0, t, NULL);
    free(t);
    int row = comparison_head(b, ws, 4);
    put_header(b, ws, row, 0, "Código");
    put_header(b, ws, row, 1, "Institución");
    int col = 2;
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        if (!ir->prev_year || !ir->back_value)
            continue;
        char *h[7];
        h[0] = xasprintf("%s: %s %d", ir->fw->code, tr(l, "Puntaje"), rd->year);
        h[1] = xasprintf("%s: %d %s", ir->fw->code, prev, tr(l, published ? "publicado" : "guardado"));
        h[2] = xasprintf("%s: %s", ir->fw->code, tr(l, "Cambio de puntaje"));
        h[3] = xasprintf("%s: %d %s %d", ir->fw->code, prev, tr(l, "con el método de"), rd->year);
        h[4] = xasprintf("%s: %s %d", ir->fw->code, tr(l, "Cambio con el método de"), rd->year);
        h[5] = xasprintf("%s: %s", ir->fw->code, tr(l, "Efecto del método"));
        h[6] = xasprintf("%s: %s", ir->fw->code, tr(l, "Efecto de las respuestas"));
        for (int k = 0; k < 7; k++) {
            put_text(b, ws, row, col + k, h[k], b->head);
            free(h[k]);
        }
        col += 7;
    }
    int top = ++row;
    for (int u = 0; u < rd->reg->n; u++)
        if (g < 0 || u == g)
            comparison_row(b, ws, row++, u);
    if (g >= 0)
        comparison_indicators(b, ws, row + 1, g);
    book_check(b, worksheet_set_row(ws, top - 1, 45, b->head), ws->name, top - 1, -1);
    set_col(b, ws, 0, 0, 12, NULL);
    set_col(b, ws, 1, 1, 40, NULL);
    set_col(b, ws, 2, col > 2 ? col - 1 : 2, 14, NULL);
}

/* ======================================================================== */
/* The round workbook                                                       */
/* ======================================================================== */

static const char *const fixed_sheets[] = {"Resumen", "Indicadores", "Pesos", "Marco",
                                           "Respuestas", "Metodología", "Procedencia",
                                           "Robustez"};

int render_workbook(const struct round_data *rd, enum lang lang, const char *path,
                    struct diag *d)
{
    struct book b;
    char *title = xasprintf("%s %d", tr(lang, "Resultados de la ronda"), rd->year);
    /* Indicadores: a row per index, indicator and institution, which the
       index sheets' formulas point at; if they do not fit one sheet there
       is no round workbook (a row block split over sheets would break the
       formulas) */
    unsigned long ind_rows = I_DATA;
    for (int i = 0; i < rd->n_idx; i++)
        ind_rows += (unsigned long)rd->idx[i].res.n_ind * (unsigned long)rd->reg->n;
    if (ind_rows > render_xlsx_sheet_rows) {
        free(title);
        diag_warning(d, path, 0, 0,
                     "not written: its Indicadores sheet would need %lu rows, more than the "
                     "%lu a worksheet holds; every value it would hold is in "
                     "datos/indicadores.csv",
                     ind_rows, render_xlsx_sheet_rows);
        return 0;
    }
    int rc = book_open(&b, rd, lang, path, title);
    free(title);
    if (rc != 0)
        return diag_error(d, EX_CANTCREAT_, path, 0, 0, "cannot create the workbook");
    b.d = d;
    const char *s_sum = tr(lang, "Resumen"), *s_ind = tr(lang, "Indicadores"),
               *s_w = tr(lang, "Pesos"), *s_fw = tr(lang, "Marco"),
               *s_ans = tr(lang, "Respuestas"), *s_met = tr(lang, "Metodología"),
               *s_prov = tr(lang, "Procedencia");
    int n_idx = rd->n_idx;
    struct ixl *ix = xcalloc((size_t)(n_idx ? n_idx : 1), sizeof *ix);
    for (int i = 0; i < n_idx; i++) {
        ixl_build(&ix[i], rd, i);
        ixl_formats(&b, &ix[i]);
        /* the code names the sheet, unless it clashes with a fixed name */
        const char *code = ix[i].fw->code;
        int clash = 0;
        for (size_t s = 0; s < sizeof fixed_sheets / sizeof *fixed_sheets; s++)
            clash |= strcasecmp(code, tr(lang, fixed_sheets[s])) == 0;
        ix[i].sheet = clash ? xasprintf("%s %s", tr(lang, "Índice"), code) : xstrdup(code);
    }

    /* sheets in reading order */
    unsigned long units = (unsigned long)rd->reg->n, rob_rows = 0;
    for (int i = 0; i < n_idx; i++)
        rob_rows += (unsigned long)ix[i].nu;
    lxw_worksheet *ws_sum = add_sheet_sized(&b, s_sum, units);
    lxw_worksheet **ws_idx = xcalloc((size_t)(n_idx ? n_idx : 1), sizeof *ws_idx);
    for (int i = 0; i < n_idx; i++)
        ws_idx[i] = add_sheet_sized(&b, ix[i].sheet, (unsigned long)ix[i].nu);
    lxw_worksheet *ws_ind = add_sheet_sized(&b, s_ind, ind_rows);
    lxw_worksheet *ws_w = add_sheet_named(&b, s_w);
    lxw_worksheet *ws_fw = add_sheet_named(&b, s_fw);
    lxw_worksheet *ws_ans = add_sheet_sized(&b, s_ans, rd->answers ? rd->answers->n : 0);
    lxw_worksheet *ws_met = add_sheet_named(&b, s_met);
    lxw_worksheet *ws_rob = add_sheet_sized(&b, tr(lang, "Robustez"), rob_rows);
    lxw_worksheet *ws_prov = add_sheet_named(&b, s_prov);
    lxw_worksheet *ws_cmp = any_method_change(rd) ? add_sheet_named(&b, tr(lang, "Comparación"))
                                                  : NULL;

    if (b.err == LXW_NO_ERROR) {
        /* where everything lands, before any formula points at it */
        int wrow = W_DATA, mrow = M_DATA, irow = I_DATA;
        for (int i = 0; i < n_idx; i++) {
            ix[i].w_row0 = wrow;
            wrow += ix[i].nn;
            for (int q = 0; q < ix[i].nn; q++)
                ix[i].marco_row[ix[i].dfs[q]] = mrow++;
            ix[i].ind_row0 = irow;
            irow += ix[i].ni * ix[i].nu;
            define_weight_names(&b, &ix[i], s_w);
        }
        write_summary(&b, ws_sum, ix, n_idx);
        for (int i = 0; i < n_idx; i++)
            write_index_sheet(&b, ws_idx[i], &ix[i], s_ind);
        write_indicators(&b, ws_ind, ix, n_idx, s_fw);
        write_weights(&b, ws_w, ix, n_idx);
        write_framework(&b, ws_fw, ix, n_idx);
        write_answers(&b, ws_ans, -1);
        write_methodology(&b, ws_met, ix, n_idx, s_sum, s_ind, s_w);
        write_robustness(&b, ws_rob, ix, n_idx);
        write_provenance(&b, ws_prov, ix, n_idx);
        if (ws_cmp)
            write_comparison(&b, ws_cmp, -1);
        worksheet_activate(ws_sum);
    }
    rc = book_close(&b, path, d);
    if (rc == 0 && b.feed_rc != 0)
        rc = b.feed_rc; /* reading the answers back failed, said in d */
    for (int i = 0; i < n_idx; i++)
        ixl_release(&ix[i]);
    free(ix);
    free(ws_idx);
    return rc;
}

/* ======================================================================== */
/* The institution workbook                                                 */
/* ======================================================================== */

/* Index x's row of an institution's summary (unit u; -1: not in it). */
static void inst_index_row(struct book *b, lxw_worksheet *ws, const struct ixl *x, int u, int row)
{
    int root = x->fw->root;
    put_text(b, ws, row, 0, x->fw->code, NULL);
    put_text(b, ws, row, 1, fw_name(x->fw, b->lang), NULL);
    if (u < 0)
        return;
    double v = run_value(x->ir, u, root), nat = x->r->national[root];
    int n_ranked = 0;
    for (int w = 0; w < x->nu; w++)
        n_ranked += run_rank(x->ir, w, root) > 0;
    put_num(b, ws, row, 2, v, x->bold_num);
    if (run_rank(x->ir, u, root) > 0)
        put_num(b, ws, row, 3, run_rank(x->ir, u, root), b->integer);
    else if (isfinite(v)) /* registry ranked = no */
        put_text(b, ws, row, 3, tr(b->lang, "sin posición"), NULL);
    put_num(b, ws, row, 4, n_ranked, b->integer);
    put_text(b, ws, row, 5, level_label(x->fw, x->r->maturity[u], b->lang), NULL);
    put_num(b, ws, row, 6, nat, x->num);
    if (isfinite(v) && isfinite(nat))
        put_difference(b, ws, row, 7, 2, 6, x->num, v - nat);
    if (x->ir->prev_year && x->ir->prev_value) {
        double pv = run_prev_value(x->ir, u, root);
        put_num(b, ws, row, 8, pv, x->num);
        if (isfinite(v) && isfinite(pv))
            put_difference(b, ws, row, 9, 2, 8, x->num, v - pv);
    }
}

/* A column chart of the pillars (rows top + 1 ...) against the nation.
   0, or -1 if libxlsxwriter could not make it (recorded in b). */
static int inst_pillar_chart(struct book *b, lxw_worksheet *ws, const struct ixl *x,
                             const struct institution *inst, int top)
{
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *s1 = ch ? chart_add_series(ch, NULL, NULL) : NULL;
    lxw_chart_series *s2 = ch ? chart_add_series(ch, NULL, NULL) : NULL;
    if (!s1 || !s2) {
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, ws->name, top, 8);
        return -1;
    }
    lxw_row_t r0 = (lxw_row_t)(top + 1), r1 = (lxw_row_t)(top + x->nchild[x->fw->root]);
    chart_series_set_categories(s1, ws->name, r0, 1, r1, 1);
    chart_series_set_values(s1, ws->name, r0, 3, r1, 3);
    chart_series_set_name(s1, chart_text(b, inst->code));
    chart_series_set_categories(s2, ws->name, r0, 1, r1, 1);
    chart_series_set_values(s2, ws->name, r0, 5, r1, 5);
    chart_series_set_name(s2, chart_text(b, tr(b->lang, "Promedio nacional")));
    char *ct = xasprintf("%s — %s", x->fw->code, tr(b->lang, "perfil por pilar"));
    chart_title_set_name(ch, chart_text(b, ct));
    free(ct);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    book_check(b, worksheet_insert_chart(ws, (lxw_row_t)top, 8, ch), ws->name, top, 8);
    return 0;
}

/* Index x for unit u from row: the index, its pillars and the deeper
   aggregates against the nation, and a chart of the pillars.  Returns the
   next row, or -1 if the chart could not be made. */
static int inst_pillars(struct book *b, lxw_worksheet *ws, const struct ixl *x, int u, int row,
                        const struct institution *inst)
{
    enum lang l = b->lang;
    const struct framework *fw = x->fw;
    char *t = xasprintf("%s — %s", fw_name(fw, l), tr(l, "pilares frente al promedio nacional"));
    put_text(b, ws, row++, 0, t, b->bold);
    free(t);
    static const char *const h2[] = {"Código", "Nombre", "Nivel del árbol", "Puntaje",
                                     "Posición", "Promedio nacional",
                                     "Diferencia con el promedio"};
    for (int c = 0; c < 7; c++)
        put_header(b, ws, row, c, h2[c]);
    int top = ++row;
    /* the root, its children (adjacent: breadth first), deeper aggregates */
    for (int q = 0; q < x->nn; q++) {
        int k = x->bfs[q];
        int shown = q <= x->nchild[fw->root] || x->ind_of[k] < 0;
        if (!shown)
            continue;
        const struct node *nd = &fw->nodes[k];
        double v = run_value(x->ir, u, k), nat = x->r->national[k];
        int d = x->depth[k] < LEVEL_MAX ? x->depth[k] : LEVEL_MAX - 1;
        put_text(b, ws, row, 0, nd->code, b->indent[d]);
        put_text(b, ws, row, 1, NAME(nd, l), NULL);
        put_num(b, ws, row, 2, nd->level, b->integer);
        put_num(b, ws, row, 3, v, k == fw->root ? x->bold_num : x->num);
        if (run_rank(x->ir, u, k) > 0)
            put_num(b, ws, row, 4, run_rank(x->ir, u, k), b->integer);
        else if (isfinite(v)) /* registry ranked = no */
            put_text(b, ws, row, 4, tr(b->lang, "sin posición"), NULL);
        put_num(b, ws, row, 5, nat, x->num);
        if (isfinite(v) && isfinite(nat))
            put_difference(b, ws, row, 6, 3, 5, x->num, v - nat);
        row++;
    }
    if (x->nchild[fw->root] > 0) {
        if (inst_pillar_chart(b, ws, x, inst, top) != 0)
            return -1;
        if (row < top + 16)
            row = top + 16; /* room for the chart before the next block */
    }
    return row;
}

/* An institution's summary: a row per index, then each index's pillars. */
static void inst_summary(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx, int g)
{
    enum lang l = b->lang;
    const struct institution *inst = &b->rd->reg->items[g];
    char *title = xasprintf("%s (%s) — %d", NAME(inst, l), inst->code, b->rd->year);
    sheet_top(b, ws, title);
    free(title);
    static const char *const head[] = {"Índice", "Nombre", "Puntaje", "Posición",
                                       "Instituciones con posición", "Nivel",
                                       "Promedio nacional", "Diferencia con el promedio",
                                       "Puntaje anterior", "Cambio de puntaje"};
    enum { NH = sizeof head / sizeof head[0] };
    for (int c = 0; c < NH; c++)
        put_header(b, ws, 3, c, head[c]);
    int row = 4;
    for (int i = 0; i < n_idx; i++, row++)
        inst_index_row(b, ws, &ix[i], res_unit(ix[i].r, inst->code, g), row);
    for (int i = 0; i < n_idx; i++) {
        int u = res_unit(ix[i].r, inst->code, g);
        if (u < 0)
            continue;
        row = inst_pillars(b, ws, &ix[i], u, row + 2, inst);
        if (row < 0)
            return;
    }
    worksheet_freeze_panes(ws, 4, 0);
    set_col(b, ws, 0, 0, 14, NULL);
    set_col(b, ws, 1, 1, 40, NULL);
    set_col(b, ws, 2, NH - 1, 13, NULL);
}

static void inst_indicators(struct book *b, lxw_worksheet *ws, struct ixl *ix, int n_idx, int g)
{
    enum lang l = b->lang;
    const struct institution *inst = &b->rd->reg->items[g];
    sheet_top(b, ws, tr(l, "Indicadores: valores en cada paso del cálculo"));
    static const char *const head[] = {"Índice", "Indicador", "Nombre del indicador",
                                       "Respuestas combinadas", "Bruto", "Tratado",
                                       "Normalizado", "Promedio nacional", "Posición", "Marcas"};
    enum { NH = sizeof head / sizeof head[0] };
    for (int c = 0; c < NH; c++)
        put_header(b, ws, 3, c, head[c]);
    struct strbuf flags;
    strbuf_init(&flags);
    int row = 4;
    for (int i = 0; i < n_idx; i++) {
        const struct ixl *x = &ix[i];
        int u = res_unit(x->r, inst->code, g);
        if (u < 0)
            continue;
        for (int j = 0; j < x->ni; j++, row++) {
            int k = x->r->ind_node[j];
            const struct node *nd = &x->fw->nodes[k];
            unsigned fl = run_flags(x->ir, u, j);
            lxw_format *nf = fl & FLAG_IMPUTED ? x->num_imp : x->num;
            put_text(b, ws, row, 0, x->fw->code, NULL);
            put_text(b, ws, row, 1, nd->code, NULL);
            put_text(b, ws, row, 2, NAME(nd, l), NULL);
            if (x->ir->n_respondents)
                put_num(b, ws, row, 3, x->ir->n_respondents[run_ind_cell(x->ir, u, j)],
                        b->integer);
            put_num(b, ws, row, 4, x->r->raw[run_ind_cell(x->ir, u, j)], NULL);
            if (x->r->included[u]) {
                put_num(b, ws, row, 5, x->input[run_ind_cell(x->ir, u, j)], nf);
                put_num(b, ws, row, 6, x->r->normalised[run_ind_cell(x->ir, u, j)], nf);
            }
            put_num(b, ws, row, 7, x->r->national[k], x->num);
            if (run_rank(x->ir, u, k) > 0)
                put_num(b, ws, row, 8, run_rank(x->ir, u, k), b->integer);
            flag_text(l, x, u, j, &flags);
            put_text(b, ws, row, 9, flags.buf, fl & FLAG_IMPUTED ? b->text_imp : NULL);
        }
    }
    strbuf_release(&flags);
    book_check(b, worksheet_autofilter(ws, 3, 0, (lxw_row_t)(row > 4 ? row - 1 : 3), NH - 1),
               ws->name, 3, 0);
    worksheet_freeze_panes(ws, 4, 2);
    set_col(b, ws, 0, 1, 11, NULL);
    set_col(b, ws, 2, 2, 40, NULL);
    set_col(b, ws, 3, 8, 12, NULL);
    set_col(b, ws, 9, 9, 28, NULL);
}

int render_institution_workbook(const struct round_data *rd, int unit, enum lang lang,
                                const char *path, struct diag *d)
{
    if (unit < 0 || unit >= rd->reg->n)
        BUG("render_institution_workbook: unit %d of %d", unit, rd->reg->n);
    const struct institution *inst = &rd->reg->items[unit];
    struct book b;
    char *title = xasprintf("%s — %d", NAME(inst, lang), rd->year);
    int rc = book_open(&b, rd, lang, path, title);
    free(title);
    if (rc != 0)
        return diag_error(d, EX_CANTCREAT_, path, 0, 0, "cannot create the workbook");
    int n_idx = rd->n_idx;
    struct ixl *ix = xcalloc((size_t)(n_idx ? n_idx : 1), sizeof *ix);
    for (int i = 0; i < n_idx; i++) {
        ixl_build(&ix[i], rd, i);
        ixl_formats(&b, &ix[i]);
    }
    lxw_worksheet *ws_sum = add_sheet_named(&b, tr(lang, "Resumen"));
    lxw_worksheet *ws_ind = add_sheet_named(&b, tr(lang, "Indicadores"));
    lxw_worksheet *ws_ans = add_sheet_named(&b, tr(lang, "Respuestas"));
    lxw_worksheet *ws_prov = add_sheet_named(&b, tr(lang, "Procedencia"));
    lxw_worksheet *ws_cmp = any_method_change(rd) ? add_sheet_named(&b, tr(lang, "Comparación"))
                                                  : NULL;
    if (b.err == LXW_NO_ERROR) {
        inst_summary(&b, ws_sum, ix, n_idx, unit);
        inst_indicators(&b, ws_ind, ix, n_idx, unit);
        write_answers(&b, ws_ans, unit);
        write_provenance(&b, ws_prov, ix, n_idx);
        if (ws_cmp)
            write_comparison(&b, ws_cmp, unit);
        worksheet_activate(ws_sum);
    }
    rc = book_close(&b, path, d);
    for (int i = 0; i < n_idx; i++)
        ixl_release(&ix[i]);
    free(ix);
    return rc;
}
