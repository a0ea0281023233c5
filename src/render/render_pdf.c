/*
 * render_pdf.c — the national report and the institution scorecards, with
 * libharu (with pdf_canvas.c, the only files that include <hpdf.h>).
 *
 * Text is UTF-8 throughout, set in an embedded TrueType font (pdf_fonts.c:
 * code page 1252 where it reaches, libharu's UTF-8 encoder beyond), so
 * accents, ñ, ¿ and — survive in the file and in text extraction.  A small flow layout sits on top of libharu: a cursor
 * runs down the page, and paragraphs, tables and images start a new page when
 * they do not fit.  Headings feed the outline (bookmarks) and the table of
 * contents; the contents pages are inserted after the cover once the page
 * numbers are known, and the footers ("Página 3 de 17") are drawn last.
 *
 * Determinism: libharu writes no /ID without encryption and no date unless
 * asked, so the info dates are set to round_timestamp() (1 January of the
 * round) and the bytes depend only on the round data.
 */
#include "render.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>

#include "about_data.h"
#include "atomic_file.h"
#include "change.h"
#include "compute.h"
#include "framework.h"
#include "config.h"
#include "findings.h"
#include "i18n.h"
#include "method_text.h"
#include "numfmt.h"
#include "pdf_canvas.h"
#include "strbuf.h"
#include "style.h"
#include "wrap.h"
#include "uncertainty.h"
#include "xalloc.h"


/* ======================================================================== */
/* Page geometry and style                                                   */
/* ======================================================================== */

#define PAGE_W 595.276   /* A4 in points */
#define PAGE_H 841.89
#define ML 50.0          /* margins */
#define MR 50.0
#define MT 56.0
#define MB 64.0
#define TEXT_W (PAGE_W - ML - MR)
#define BODY 9.5         /* body text size */
#define SMALL 8.0
#define LEADING 1.3      /* line height = size * LEADING */

enum align { LEFT, CENTER, RIGHT };
enum { F_REG, F_BOLD };

/* Colours and font files: style.h, shared with the charts. */

/* ======================================================================== */
/* The document and its flow                                                 */
/* ======================================================================== */

struct toc_entry {
    char *title;
    int level;           /* 1 or 2                                            */
    int page;            /* index into doc.page                               */
    double y;            /* from the top                                      */
    int in_toc;          /* 0: outline only (the annex's institutions)        */
};

struct doc {
    HPDF_Doc pdf;
    struct pdf_fonts *fonts;      /* regular and bold, their widths cached     */
    HPDF_Encoder utf8;
    enum lang lang;
    const struct round_data *rd;
    int charts;                   /* 0: leave the charts out                  */
    int dry;                      /* lay out only: pages counted, not made    */
    struct diag *dg;
    HPDF_Page *page;              /* cover first; contents pages not included */
    int n_page;
    size_t cap_page;
    double y;                     /* cursor, points from the top of the page  */
    struct toc_entry *toc;
    size_t n_toc, cap_toc;
    HPDF_Outline outline1;        /* the last level-1 bookmark                */
    char *footer;                 /* left footer text                         */
    HPDF_STATUS err, err_detail;  /* the first libharu error                  */
};

/* libharu reports errors through this callback and then returns an error
   code; after the first one the document refuses further work, so only the
   first is kept and checked before saving. */
static void on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
    struct doc *d = user;
    if (!d->err) {
        d->err = no;
        d->err_detail = detail;
    }
}

static void set_fill(HPDF_Page p, struct rgb c)
{
    HPDF_Page_SetRGBFill(p, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

static void set_stroke(HPDF_Page p, struct rgb c)
{
    HPDF_Page_SetRGBStroke(p, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

static HPDF_Page cur(const struct doc *d)
{
    return d->n_page ? d->page[d->n_page - 1] : NULL;
}

static void new_page(struct doc *d)
{
    HPDF_Page p = NULL;
    if (!d->dry) {
        p = HPDF_AddPage(d->pdf);
        if (!p)
            return;   /* on_error recorded why */
        HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    }
    d->page = xgrow(d->page, &d->cap_page, (size_t)d->n_page + 1, sizeof *d->page);
    d->page[d->n_page++] = p;
    d->y = MT;
}

/* Start a new page unless h more points fit above the bottom margin. */
static void need(struct doc *d, double h)
{
    if (d->y + h > PAGE_H - MB)
        new_page(d);
}

static double width(const struct doc *d, int f, double size, const char *s)
{
    return pdf_fonts_width(d->fonts, f == F_BOLD, size, s);
}

/* Draw s with its baseline at y (from the top) on page p. */
static void text_on(struct doc *d, HPDF_Page p, double x, double y, int f, double size,
                    struct rgb c, enum align a, const char *s)
{
    if (!p || !*s)
        return;
    if (a != LEFT) {
        double w = width(d, f, size, s);
        x -= a == CENTER ? w / 2 : w;
    }
    set_fill(p, c);
    HPDF_Page_BeginText(p);
    HPDF_Page_MoveTextPos(p, (HPDF_REAL)x, (HPDF_REAL)(PAGE_H - y));
    pdf_fonts_show(d->fonts, p, f == F_BOLD, size, s);
    HPDF_Page_EndText(p);
}

static void text(struct doc *d, double x, double y, int f, double size, struct rgb c,
                 enum align a, const char *s)
{
    text_on(d, cur(d), x, y, f, size, c, a, s);
}

static void rect(HPDF_Page p, double x, double y, double w, double h, struct rgb fill)
{
    if (!p)
        return;
    set_fill(p, fill);
    HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)(PAGE_H - y - h), (HPDF_REAL)w, (HPDF_REAL)h);
    HPDF_Page_Fill(p);
}

static void rule(HPDF_Page p, double x0, double x1, double y, double lw, struct rgb c)
{
    if (!p)
        return;
    set_stroke(p, c);
    HPDF_Page_SetLineWidth(p, (HPDF_REAL)lw);
    HPDF_Page_MoveTo(p, (HPDF_REAL)x0, (HPDF_REAL)(PAGE_H - y));
    HPDF_Page_LineTo(p, (HPDF_REAL)x1, (HPDF_REAL)(PAGE_H - y));
    HPDF_Page_Stroke(p);
}


/* What text_wrap() needs to measure PDF text. */
struct pdf_measure {
    const struct doc *d;
    int f;
    double size;
};

static double pdf_text_width(const void *ctx, const char *text)
{
    const struct pdf_measure *m = ctx;
    return width(m->d, m->f, m->size, text);
}

/* Word-wrap s to maxw (see text_wrap in wrap.h: libharu's MeasureText counts
   bytes and may split a UTF-8 sequence, so the breaking is done there). */
static int wrap(const struct doc *d, int f, double size, const char *s, double maxw,
                char **lines, int maxlines)
{
    struct pdf_measure m = {d, f, size};
    return text_wrap(s, maxw, pdf_text_width, &m, lines, maxlines);
}


#define MAX_LINES 200

/* A wrapped paragraph at the cursor, breaking pages between lines. */
static void para_at(struct doc *d, double x, double w, int f, double size, struct rgb c,
                    const char *s, double after)
{
    char *lines[MAX_LINES];
    int n = wrap(d, f, size, s, w, lines, MAX_LINES);
    double lh = size * LEADING;
    for (int i = 0; i < n && i < MAX_LINES; i++) {
        need(d, lh);
        d->y += lh;
        text(d, x, d->y - size * 0.28, f, size, c, LEFT, lines[i]);
    }
    text_lines_free(lines, n, MAX_LINES);
    d->y += after;
}

static void para(struct doc *d, const char *s)
{
    para_at(d, ML, TEXT_W, F_REG, BODY, STYLE_TEXT, s, 5);
}

/* "Label: value" with the label in bold, wrapped as one paragraph, in text
   of the given size. */
static void field_at(struct doc *d, double size, const char *label, const char *value)
{
    double lw = width(d, F_BOLD, size, label) + width(d, F_REG, size, ": ");
    char *lines[MAX_LINES];
    int n = wrap(d, F_REG, size, value, TEXT_W - lw, lines, MAX_LINES);
    double lh = size * LEADING;
    for (int i = 0; i < n && i < MAX_LINES; i++) {
        need(d, lh);
        d->y += lh;
        if (i == 0) {
            char *l = xasprintf("%s:", label);
            text(d, ML, d->y - size * 0.28, F_BOLD, size, STYLE_TEXT, LEFT, l);
            free(l);
        }
        text(d, ML + lw, d->y - size * 0.28, F_REG, size, STYLE_TEXT, LEFT, lines[i]);
    }
    if (n == 0)
        d->y += lh;
    text_lines_free(lines, n, MAX_LINES);
    d->y += 1.5;
}

static void field(struct doc *d, const char *label, const char *value)
{
    field_at(d, BODY, label, value);
}

/* A bullet item in text of the given size. */
static void bullet_at(struct doc *d, double size, const char *s)
{
    need(d, size * LEADING);
    text(d, ML + 4, d->y + size * LEADING - size * 0.28, F_REG, size, STYLE_TEXT, LEFT, "•");
    para_at(d, ML + 14, TEXT_W - 14, F_REG, size, STYLE_TEXT, s, 2);
}

static void bullet(struct doc *d, const char *s)
{
    bullet_at(d, BODY, s);
}

/* A heading: level 1 (section, with a rule) or 2.  Every heading is a
   bookmark; in_toc also lists it in the contents. */
static void heading(struct doc *d, int level, const char *s, int in_toc)
{
    double size = level == 1 ? 15 : 11.5;
    need(d, level == 1 ? 160 : 70);    /* keep a heading with what follows */
    if (d->y > MT + 1)
        d->y += level == 1 ? 14 : 8;
    double top = d->y;
    para_at(d, ML, TEXT_W, F_BOLD, size, STYLE_HEAD, s, level == 1 ? 3 : 4);
    if (level == 1) {
        rule(cur(d), ML, PAGE_W - MR, d->y, 0.8, STYLE_HEAD);
        d->y += 8;
    }
    d->toc = xgrow(d->toc, &d->cap_toc, d->n_toc + 1, sizeof *d->toc);
    d->toc[d->n_toc++] = (struct toc_entry){xstrdup(s), level, d->n_page - 1, top, in_toc};

    if (d->dry)
        return;
    HPDF_Outline parent = level == 1 || !d->outline1 ? NULL : d->outline1;
    HPDF_Outline o = HPDF_CreateOutline(d->pdf, parent, s, d->utf8);
    HPDF_Destination dst = cur(d) ? HPDF_Page_CreateDestination(cur(d)) : NULL;
    if (o && dst) {
        HPDF_Destination_SetFitH(dst, (HPDF_REAL)(PAGE_H - top + 6));
        HPDF_Outline_SetDestination(o, dst);
    }
    if (level == 1 && o) {
        HPDF_Outline_SetOpened(o, HPDF_TRUE);
        d->outline1 = o;
    }
}

/* Most a chart may take: a page, less room for a heading above it. */
#define CHART_ROOM (PAGE_H - MB - MT - 40)

/* The height of rows row0 .. row0 + nrows - 1 (nrows 0: all) of chart ref
   drawn w points wide, laid out on a measuring canvas; 0 if it does not
   apply or charts are off. */
static double chart_part_height(struct doc *d, const struct chart_ref *ref, double w, int row0,
                                int nrows)
{
    if (!d->charts || !chart_applies(d->rd, ref))
        return 0;
    struct canvas cv = pdf_canvas_open(d->pdf, NULL, d->fonts, PAGE_H, 0, 0, 1);
    cv.width = w;
    double h = chart_draw_rows(d->rd, ref, d->lang, &cv, 0, row0, nrows, d->dg);
    pdf_canvas_close(&cv);
    return h > 0 ? h : 0;
}

/* The height of the whole of chart ref drawn w points wide. */
static double chart_natural_height(struct doc *d, const struct chart_ref *ref, double w)
{
    return chart_part_height(d, ref, w, 0, 0);
}

/* Room the chart takes before it is split: its height, at most CHART_ROOM. */
static double chart_room(double natural)
{
    return natural > CHART_ROOM ? CHART_ROOM : natural;
}

/* Draw rows row0 .. row0 + nrows - 1 (nrows 0: all) of chart ref, h
   points tall, w points wide and centred, at the size it prints: the
   chart is laid out for w, never shrunk, so its text prints at the size
   it is drawn (8 pt and up). */
static void chart_part(struct doc *d, const struct chart_ref *ref, double w, double h, int row0,
                       int nrows)
{
    need(d, h + 6);
    if (cur(d)) {
        struct canvas cv = pdf_canvas_open(d->pdf, cur(d), d->fonts, PAGE_H,
                                           ML + (TEXT_W - w) / 2, d->y, 1);
        cv.width = w;
        chart_draw_rows(d->rd, ref, d->lang, &cv, h, row0, nrows, d->dg);
        pdf_canvas_close(&cv);
    }
    d->y += h + 8;
}

/* The most rows from row0 on (of rows) that fit in room points: from the
   height of one and of two rows, then checked, one fewer at a time. */
static int rows_that_fit(struct doc *d, const struct chart_ref *ref, double w, int row0,
                         int rows, double room, double *h)
{
    double h1 = chart_part_height(d, ref, w, row0, 1);
    double pitch = rows - row0 > 1 ? chart_part_height(d, ref, w, row0, 2) - h1 : 0;
    int n = pitch > 0 ? 1 + (int)floor((room - h1) / pitch) : 1;
    n = n < 1 ? 1 : n > rows - row0 ? rows - row0 : n;
    *h = chart_part_height(d, ref, w, row0, n);
    while (n > 1 && *h > room)
        *h = chart_part_height(d, ref, w, row0, --n);
    return n;
}

/* Chart ref, of the given natural height (chart_natural_height), w points
   wide.  A chart taller than a page is split across pages by rows, each
   part with its title, key, axis and legend (a chart without rows is
   never that tall).  A chart that does not apply (no previous round, no
   uncertainty run: natural 0) is simply absent. */
static void chart_sized(struct doc *d, const struct chart_ref *ref, double natural, double w)
{
    if (natural <= 0)
        return;
    int rows = chart_rows(d->rd, ref);
    if (natural <= CHART_ROOM || rows <= 1) {
        chart_part(d, ref, w, natural, 0, 0);
        return;
    }
    for (int row0 = 0; row0 < rows;) {
        double room = PAGE_H - MB - d->y - 6;
        if (room < CHART_ROOM / 3)   /* too little left of this page: start the next */
            room = CHART_ROOM;
        double h;
        int n = rows_that_fit(d, ref, w, row0, rows, room, &h);
        chart_part(d, ref, w, h, row0, n);
        row0 += n;
    }
}

static void chart(struct doc *d, const struct chart_ref *ref, double w)
{
    chart_sized(d, ref, chart_natural_height(d, ref, w), w);
}

/* A heading followed by a chart: both go to the next page if the chart (or
   its first page) would not fit under the heading.  The chart is laid out
   once. */
static void heading_chart(struct doc *d, int level, const char *s, int in_toc,
                          const struct chart_ref *ref, double w)
{
    double natural = chart_natural_height(d, ref, w);
    need(d, (level == 1 ? 60 : 36) + (natural > 0 ? chart_room(natural) + 8 : 0));
    heading(d, level, s, in_toc);
    chart_sized(d, ref, natural, w);
}

/* ---- tables -------------------------------------------------------------- */

/* A column: its head, its width in points and how its cells align.  A
   width of 0 is the rest of the line, what the other columns leave of the
   text width, so a table's widths never have to add up by hand. */
struct col {
    const char *head;
    double w;
    enum align a;
};

struct table {
    struct doc *d;
    const struct col *col;
    double *w;                /* the widths laid out (0 resolved)           */
    int n;
    double size;
    int rows;                 /* rows drawn since the head (zebra)          */
};

#define PAD 3.0
#define CELL_LINES 12

/* Smallest size a column head is set in to keep its longest word whole. */
#define HEAD_MIN 6.5

/* The size of column c's head: the table's, or smaller (to HEAD_MIN) until
   its longest word fits the column, so "institucionalidad" is not cut. */
static double head_size(const struct table *t, int c)
{
    double size = t->size;
    const char *h = t->col[c].head ? t->col[c].head : "";
    for (; size > HEAD_MIN; size -= 0.25) {
        struct pdf_measure m = {t->d, F_BOLD, size};
        if (text_widest_word(h, pdf_text_width, &m) <= t->w[c] - 2 * PAD)
            break;
    }
    return size;
}

static void table_head(struct table *t)
{
    struct doc *d = t->d;
    char *lines[CELL_LINES];
    int nl = 1;
    for (int c = 0; c < t->n; c++) {
        int k = wrap(d, F_BOLD, head_size(t, c), t->col[c].head, t->w[c] - 2 * PAD, lines,
                     CELL_LINES);
        text_lines_free(lines, k, CELL_LINES);
        if (k > nl)
            nl = k;
    }
    double lh = t->size * LEADING, h = nl * lh + 2 * PAD;
    need(d, h + 2 * lh + 2 * PAD);    /* never a head alone at the bottom */
    rect(cur(d), ML, d->y, TEXT_W, h, STYLE_TABLE_HEAD);
    double x = ML;
    for (int c = 0; c < t->n; c++) {
        double hs = head_size(t, c);
        int k = wrap(d, F_BOLD, hs, t->col[c].head, t->w[c] - 2 * PAD, lines, CELL_LINES);
        for (int i = 0; i < k && i < CELL_LINES; i++) {
            double tx = t->col[c].a == LEFT ? x + PAD
                        : t->col[c].a == RIGHT ? x + t->w[c] - PAD
                                                : x + t->w[c] / 2;
            /* heads sit on the bottom line, like the numbers below them */
            double ty = d->y + PAD + (nl - k + i + 1) * lh - t->size * 0.3;
            text(d, tx, ty, F_BOLD, hs, STYLE_TEXT, t->col[c].a, lines[i]);
        }
        text_lines_free(lines, k, CELL_LINES);
        x += t->w[c];
    }
    d->y += h;
    rule(cur(d), ML, PAGE_W - MR, d->y, 0.6, STYLE_HEAD);
    t->rows = 0;
}

/* Widths of col[0..n): at most one column of width 0 takes what the others
   leave of the text width; without one, the widths must fill it. */
static double *table_widths(const struct col *col, int n)
{
    double *w = xcalloc((size_t)n, sizeof *w), used = 0;
    int rest = -1;
    for (int c = 0; c < n; c++) {
        if (col[c].w > 0) {
            used += w[c] = col[c].w;
        } else if (rest < 0) {
            rest = c;
        } else {
            BUG("table: columns %d and %d are both the rest of the line", rest, c);
        }
    }
    if (rest >= 0) {
        w[rest] = TEXT_W - used;
        if (w[rest] <= 2 * PAD)   /* no room for a character */
            BUG("table: the other columns take %.1f of %.1f pt, leaving %.1f", used, TEXT_W,
                w[rest]);
    } else if (fabs(used - TEXT_W) > 1.5) {
        BUG("table columns sum to %.1f pt, the text width is %.1f", used, TEXT_W);
    }
    return w;
}

static void table_begin(struct table *t, struct doc *d, const struct col *col, int n, double size)
{
    *t = (struct table){d, col, table_widths(col, n), n, size, 0};
    table_head(t);
}

/* One row; style 1 = bold.  indent shifts the first cell (tree depth). */
static void table_row(struct table *t, const char *const *cell, int bold, double indent)
{
    struct doc *d = t->d;
    char *lines[CELL_LINES];
    double lh = t->size * LEADING;
    int nl = 1;
    int f = bold ? F_BOLD : F_REG;
    for (int c = 0; c < t->n; c++) {
        double w = t->w[c] - 2 * PAD - (c == 0 ? indent : 0);
        int k = wrap(d, f, t->size, cell[c] ? cell[c] : "", w, lines, CELL_LINES);
        text_lines_free(lines, k, CELL_LINES);
        if (k > nl)
            nl = k;
    }
    if (nl > CELL_LINES)
        nl = CELL_LINES;
    double h = nl * lh + 2 * PAD - 1;
    if (d->y + h > PAGE_H - MB) {
        new_page(d);
        table_head(t);
    }
    if (t->rows % 2 == 1)
        rect(cur(d), ML, d->y, TEXT_W, h, STYLE_ZEBRA);
    double x = ML;
    for (int c = 0; c < t->n; c++) {
        double w = t->w[c] - 2 * PAD - (c == 0 ? indent : 0);
        double x0 = x + (c == 0 ? indent : 0);
        int k = wrap(d, f, t->size, cell[c] ? cell[c] : "", w, lines, CELL_LINES);
        for (int i = 0; i < k && i < CELL_LINES; i++) {
            double tx = t->col[c].a == LEFT ? x0 + PAD
                        : t->col[c].a == RIGHT ? x + t->w[c] - PAD
                                                : x0 + PAD + w / 2;
            text(d, tx, d->y + PAD + (i + 1) * lh - t->size * 0.3, f, t->size, STYLE_TEXT,
                 t->col[c].a, lines[i]);
        }
        text_lines_free(lines, k, CELL_LINES);
        x += t->w[c];
    }
    d->y += h;
    t->rows++;
}

static void table_end(struct table *t)
{
    rule(cur(t->d), ML, PAGE_W - MR, t->d->y, 0.6, STYLE_RULE);
    t->d->y += 10;
    free(t->w);
    t->w = NULL;
}

/* ---- opening and saving ------------------------------------------------ */

static int doc_open(struct doc *d, const struct round_data *rd, enum lang lang,
                    int charts, struct diag *dg)
{
    memset(d, 0, sizeof *d);
    d->rd = rd;
    d->lang = lang;
    d->charts = charts;
    d->dg = dg;
    d->pdf = HPDF_New(on_error, d);
    if (!d->pdf)
        return diag_error(dg, EX_SOFTWARE_, NULL, 0, 0, "cannot start a PDF document");
    HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->pdf);
    HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
    d->utf8 = HPDF_GetEncoder(d->pdf, "UTF-8");
    for (size_t i = 0; i < style_n_fonts; i++) {
        if (access(style_fonts[i].regular, R_OK) != 0 || access(style_fonts[i].bold, R_OK) != 0)
            continue;
        d->fonts = pdf_fonts_load(d->pdf, style_fonts[i].regular, style_fonts[i].bold);
        break;
    }
    if (!d->fonts || d->err) {
        HPDF_Free(d->pdf);
        d->pdf = NULL;
        return diag_error(dg, EX_SOFTWARE_, style_fonts[0].regular, 0, 0,
                          "no usable TrueType font: cannot load this one with %s, nor %s "
                          "with %s (install fonts-liberation2 or fonts-dejavu-core, or "
                          "build indigo with the meson options font_regular and font_bold)",
                          style_fonts[0].bold, style_fonts[1].regular, style_fonts[1].bold);
    }
    return 0;
}

static void doc_release(struct doc *d)
{
    pdf_fonts_free(d->fonts);
    if (d->pdf)
        HPDF_Free(d->pdf);
    for (size_t i = 0; i < d->n_toc; i++)
        free(d->toc[i].title);
    free(d->toc);
    free(d->page);
    free(d->footer);
    memset(d, 0, sizeof *d);
}

/* Forget the layout (pages, headings, footer) to lay the document out
   again; with dry set nothing reaches libharu. */
static void doc_restart(struct doc *d, int dry)
{
    if (d->n_page && d->page[0])
        BUG("doc_restart after pages were made");
    for (size_t i = 0; i < d->n_toc; i++)
        free(d->toc[i].title);
    d->n_toc = 0;
    d->n_page = 0;
    d->outline1 = NULL;
    d->y = 0;
    free(d->footer);
    d->footer = NULL;
    d->dry = dry;
}

/* Final page number of doc.page[i] once n_toc_pages contents pages follow
   the cover. */
static int page_number(int i, int n_toc_pages)
{
    return i == 0 ? 1 : i + 1 + n_toc_pages;
}

#define TOC_LINE 17.0

/* The contents pages, inserted after the cover, with links to the headings. */
static int contents(struct doc *d)
{
    int n = 0;
    for (size_t i = 0; i < d->n_toc; i++)
        n += d->toc[i].in_toc;
    if (n == 0 || d->n_page < 2)
        return 0;
    double first = MT + 40;   /* below the title */
    int per_page = (int)((PAGE_H - MB - first) / TOC_LINE);
    int k = (n + per_page - 1) / per_page;
    HPDF_Page *tp = xcalloc((size_t)k, sizeof *tp);
    for (int p = 0; p < k; p++) {
        tp[p] = HPDF_InsertPage(d->pdf, d->page[1]);
        if (!tp[p]) {
            free(tp);
            return 0;
        }
        HPDF_Page_SetSize(tp[p], HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    }
    const char *title = tr(d->lang, "Contenido");
    text_on(d, tp[0], ML, MT + 16, F_BOLD, 15, STYLE_HEAD, LEFT, title);
    rule(tp[0], ML, PAGE_W - MR, MT + 22, 0.8, STYLE_HEAD);
    /* the contents page is a bookmark too, first after the cover */
    int e = 0;
    for (size_t i = 0; i < d->n_toc; i++) {
        const struct toc_entry *t = &d->toc[i];
        if (!t->in_toc)
            continue;
        HPDF_Page p = tp[e / per_page];
        double y = first + (e % per_page) * TOC_LINE;
        double x = ML + (t->level == 1 ? 0 : 18);
        int f = t->level == 1 ? F_BOLD : F_REG;
        double size = t->level == 1 ? 10.5 : 9.5;
        char num[16];
        snprintf(num, sizeof num, "%d", page_number(t->page, k));
        double nw = width(d, F_REG, size, num);
        /* a title too long for the line is cut between whole characters */
        char *lines[1];
        int nl = wrap(d, f, size, t->title, PAGE_W - MR - x - nw - 24, lines, 1);
        const char *shown = nl >= 1 ? lines[0] : "";
        char *s = nl > 1 ? xasprintf("%s…", shown) : xstrdup(shown);
        text_lines_free(lines, nl, 1);
        text_on(d, p, x, y, f, size, STYLE_TEXT, LEFT, s);
        text_on(d, p, PAGE_W - MR, y, F_REG, size, STYLE_TEXT, RIGHT, num);
        /* dotted leader */
        double lx0 = x + width(d, f, size, s) + 6, lx1 = PAGE_W - MR - nw - 4;
        if (lx1 > lx0) {
            HPDF_UINT16 dash[] = {1, 3};
            HPDF_Page_SetDash(p, dash, 2, 0);
            rule(p, lx0, lx1, y, 0.6, STYLE_PAGE_GREY);
            HPDF_Page_SetDash(p, NULL, 0, 0);
        }
        free(s);
        HPDF_Destination dst = HPDF_Page_CreateDestination(d->page[t->page]);
        if (dst) {
            HPDF_Destination_SetFitH(dst, (HPDF_REAL)(PAGE_H - t->y + 6));
            HPDF_Rect r = {(HPDF_REAL)x, (HPDF_REAL)(PAGE_H - y - 4), (HPDF_REAL)(PAGE_W - MR),
                           (HPDF_REAL)(PAGE_H - y + size)};
            HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(p, r, dst);
            if (a)
                HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
        }
        e++;
    }
    free(tp);
    return k;
}

/* Footers on every page but the cover: running title, demo mark, page x of n.
   pages[] is in final order. */
static void footers(struct doc *d, int n_toc_pages, int skip_cover)
{
    int total = d->n_page + n_toc_pages;
    HPDF_Page p;
    for (int num = skip_cover ? 2 : 1; num <= total; num++) {
        /* the page with number num */
        if (num == 1)
            p = d->page[0];
        else if (num <= 1 + n_toc_pages)
            p = HPDF_GetPageByIndex(d->pdf, (HPDF_UINT)(num - 1));
        else
            p = d->page[num - 1 - n_toc_pages];
        double y = PAGE_H - 34;
        char *s = xasprintf("%s %d %s %d", tr(d->lang, "Página"), num, tr(d->lang, "de"), total);
        double nw = width(d, F_REG, 7.5, s);
        rule(p, ML, PAGE_W - MR, y - 11, 0.4, STYLE_RULE);
        if (d->footer) {
            /* one line: a long round title is cut between whole characters */
            char *lines[1];
            int nl = wrap(d, F_REG, 7.5, d->footer, TEXT_W - nw - 30, lines, 1);
            char *f = nl > 1 ? xasprintf("%s…", lines[0]) : xstrdup(nl ? lines[0] : "");
            text_lines_free(lines, nl, 1);
            text_on(d, p, ML, y, F_REG, 7.5, STYLE_PAGE_GREY, LEFT, f);
            free(f);
        }
        text_on(d, p, PAGE_W - MR, y, F_REG, 7.5, STYLE_PAGE_GREY, RIGHT, s);
        free(s);
        /* the demo mark at the top of every page, where it cannot be missed */
        if (d->rd->demo)
            text_on(d, p, PAGE_W - MR, 30, F_BOLD, 8, STYLE_PAGE_VERMILLION, RIGHT,
                    tr(d->lang, "datos de demostración"));
    }
}

/* Metadata, contents, footers; then the bytes go to path atomically. */
static int doc_save(struct doc *d, const char *title, const char *subject, const char *keywords,
                    int with_contents, const char *path, struct diag *dg)
{
    int k = with_contents ? contents(d) : 0;
    footers(d, k, with_contents);

    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, title);
    /* the author in the publisher's own (Spanish) name, in either language */
    const char *author = publisher_name(&d->rd->cfg->publisher, LANG_ES);
    if (author)
        HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, author);
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT, subject);
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_KEYWORDS, keywords);
    char *creator = xasprintf("indigo %s", d->rd->version ? d->rd->version : "");
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, creator);
    free(creator);
    /* the round's fixed date, the same one the workbooks carry */
    time_t ts = (time_t)round_timestamp(d->rd->year);
    struct tm tm;
    gmtime_r(&ts, &tm);
    HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec, 'Z', 0, 0};
    HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
    HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    /* libharu 2.3 has no setter for the document language; the catalog is a
       public struct member and /Lang a plain text string (PDF 1.4 §9.8.1),
       so it is added to the dictionary directly. */
    HPDF_String lang = HPDF_String_New(d->pdf->mmgr, d->lang == LANG_ES ? "es-GT" : "en", NULL);
    if (lang)
        HPDF_Dict_Add(d->pdf->catalog, "Lang", lang);

    if (!d->err)
        HPDF_SaveToStream(d->pdf);
    if (d->err)
        return diag_error(dg, EX_SOFTWARE_, path, 0, 0,
                          "cannot build the PDF: libharu error 0x%04X (detail %u)",
                          (unsigned)d->err, (unsigned)d->err_detail);
    HPDF_UINT32 size = HPDF_GetStreamSize(d->pdf);
    unsigned char *buf = xmalloc(size ? size : 1);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS st = HPDF_ReadFromStream(d->pdf, buf + got, &n);
        got += n;
        if (st != HPDF_OK || n == 0)
            break;
    }
    int rc = 0;
    if (got != size || d->err)
        rc = diag_error(dg, EX_SOFTWARE_, path, 0, 0, "cannot read back the PDF stream (%u of %u bytes)",
                        (unsigned)got, (unsigned)size);
    else if (write_file(path, buf, size) != 0)
        rc = diag_error(dg, EX_CANTCREAT_, path, 0, 0, "cannot write report: %s", strerror(errno));
    free(buf);
    return rc;
}

/* ======================================================================== */
/* Round data helpers                                                        */
/* ======================================================================== */

/* The maturity level of score v, "—" for none. */
static const char *level_name(const struct framework *fw, double v, enum lang lang)
{
    const char *s = level_label(fw, maturity_level(&fw->maturity, v), lang);
    return s ? s : "\xe2\x80\x94";
}

/* A value of framework fw as the reports print it: at the decimals it is
   ranked at (the same rule as the portal and the charts: run_decimals). */
static char *numd(const struct round_data *rd, const struct framework *fw, char *buf, size_t n,
                  double v, enum lang lang)
{
    return fmt_num(buf, n, v, framework_decimals(rd, fw), lang);
}

/* "+2,5", "-1,0", "0,0" at dec decimals (run_decimals: the same as the
   scores beside it); "—" when either side is missing. */
static char *fmt_change(char *buf, size_t n, double now, double before, int dec, enum lang lang)
{
    if (isnan(now) || isnan(before))
        return fmt_num(buf, n, NAN, dec, lang);
    char tmp[32];
    fmt_num(tmp, sizeof tmp, now - before, dec, lang);
    snprintf(buf, n, "%s%s", tmp[0] != '-' && strspn(tmp, "0,.") != strlen(tmp) ? "+" : "", tmp);
    return buf;
}

/* The change of unit u at node k since the earlier round: on the basis as
   published (back = 0) or on this round's method (back = 1); «nueva» for an
   institution the earlier round did not measure. */
static const char *change_cell(char *buf, size_t n, const struct round_data *rd,
                               const struct index_run *run, int u, int k, double now, int back,
                               enum lang lang)
{
    if (run->prev_unit && run->prev_unit[u] < 0)
        return tr(lang, "nueva");
    size_t c = (size_t)u * run->fw->n_nodes + (size_t)k;
    const double *base = back ? run->back_value : run->prev_value;
    return fmt_change(buf, n, now, base ? base[c] : NAN, run_decimals(rd, run), lang);
}

/* The earlier round's national figure for node k of this round's
   framework, as that round computed it (NAN if it had no such node). */
static double prev_national_pdf(const struct index_run *run, int k)
{
    const struct result *p = &run->prev_res;
    int kp = p->fw ? framework_node(p->fw, run->fw->nodes[k].code) : -1;
    return kp >= 0 ? p->national[kp] : NAN;
}

static int method_changed(const struct index_run *run)
{
    return run->prev_year > 0 && run->diff.n > 0 && run->back_value;
}

static long count_flag(const struct result *r, unsigned flag)
{
    long n = 0;
    for (size_t i = 0; i < (size_t)r->n_units * (size_t)r->n_ind; i++)
        n += (r->flags[i] & flag) != 0;
    return n;
}

static const char *round_title(const struct round_data *rd, enum lang lang)
{
    const struct config *c = rd->cfg;
    if (c && c->title[lang] && *c->title[lang])
        return c->title[lang];
    if (c && c->title[LANG_ES] && *c->title[LANG_ES])
        return c->title[LANG_ES];
    return tr(lang, "Índices nacionales de gobierno digital");
}

/* "IGD — Índice de Gobierno Digital" */
static char *index_label(const struct framework *fw, enum lang lang)
{
    return xasprintf("%s \xe2\x80\x94 %s", fw->code, NAME(fw, lang));
}

/* ======================================================================== */
/* National report                                                           */
/* ======================================================================== */

/* The country as a keyword of the PDF's metadata ([publisher] country_es). */
static void keyword_country(struct strbuf *kw, const struct round_data *rd)
{
    const char *country = publisher_country(&rd->cfg->publisher, LANG_ES);
    if (country)
        strbuf_addf(kw, ", %s", country);
}

/* The publisher's logo at the right of the cover's band, at most 110 points
   high and 160 wide, its proportions kept (config.c checked the file). */
static void cover_logo(struct doc *d, const struct publisher *p)
{
    HPDF_Page page = cur(d);
    if (!p->logo || !page)
        return;
    HPDF_Image img = HPDF_LoadPngImageFromFile(d->pdf, p->logo);
    if (!img)
        return;                  /* on_error kept the reason; doc_save reports it */
    double w = 160, h = w * p->logo_height / p->logo_width;
    if (h > 110) {
        h = 110;
        w = h * p->logo_width / p->logo_height;
    }
    HPDF_Page_DrawImage(page, img, (HPDF_REAL)(PAGE_W - MR - w), (HPDF_REAL)(PAGE_H - 20 - h),
                        (HPDF_REAL)w, (HPDF_REAL)h);
}

/* Who publishes the report ([publisher] in indigo.ini); a round without it
   names nobody. */
static void cover_publisher(struct doc *d)
{
    const struct publisher *p = &d->rd->cfg->publisher;
    const char *name = publisher_name(p, d->lang), *country = publisher_country(p, d->lang);
    if (name)
        text(d, ML, 70, F_BOLD, 11, STYLE_WHITE, LEFT, name);
    if (country)
        text(d, ML, 90, F_REG, 10, STYLE_WHITE, LEFT, country);
    cover_logo(d, p);
}

static void cover(struct doc *d)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    char buf[64];
    new_page(d);
    rect(cur(d), 0, 0, PAGE_W, 150, STYLE_HEAD);
    cover_publisher(d);
    d->y = 210;
    para_at(d, ML, TEXT_W, F_BOLD, 24, STYLE_HEAD, round_title(rd, L), 10);
    snprintf(buf, sizeof buf, "%s %d", tr(L, "Informe nacional"), rd->year);
    para_at(d, ML, TEXT_W, F_REG, 16, STYLE_TEXT, buf, 24);
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        char *s = xasprintf("%s (%s)", NAME(fw, L), fw->code);
        para_at(d, ML, TEXT_W, F_REG, 12, STYLE_PAGE_GREY, s, 3);
        free(s);
    }
    if (rd->demo) {
        d->y += 30;
        double top = d->y;
        char *lines[8];
        int n = wrap(d, F_REG, 10, tr(L, "Este documento se generó con datos de demostración: sus cifras no describen a ninguna institución real y no deben citarse."),
                     TEXT_W - 24, lines, 8);
        double h = 34 + n * 13;
        text_lines_free(lines, n, 8);
        HPDF_Page p = cur(d);
        if (p) {
            set_stroke(p, STYLE_PAGE_VERMILLION);
            HPDF_Page_SetLineWidth(p, 1.5);
            HPDF_Page_Rectangle(p, ML, (HPDF_REAL)(PAGE_H - top - h), (HPDF_REAL)TEXT_W, (HPDF_REAL)h);
            HPDF_Page_Stroke(p);
        }
        d->y = top + 6;
        const char *dm = tr(L, "datos de demostración");
        para_at(d, ML + 12, TEXT_W - 24, F_BOLD, 14, STYLE_PAGE_VERMILLION, dm, 2);
        para_at(d, ML + 12, TEXT_W - 24, F_REG, 10, STYLE_TEXT,
                tr(L, "Este documento se generó con datos de demostración: sus cifras no describen a ninguna institución real y no deben citarse."),
                0);
    }
    d->y = PAGE_H - 120;
    snprintf(buf, sizeof buf, "%s %d", tr(L, "Ronda"), rd->year);
    para_at(d, ML, TEXT_W, F_BOLD, 10, STYLE_TEXT, buf, 2);
    char *gen = xasprintf("%s indigo %s", tr(L, "Generado con"), rd->version ? rd->version : "");
    para_at(d, ML, TEXT_W, F_REG, 8.5, STYLE_PAGE_GREY, gen, 1);
    free(gen);
    if (rd->config_sha256[0]) {
        char *cs = xasprintf("%s: %.16s…", tr(L, "Huella SHA-256 de la configuración"), rd->config_sha256);
        para_at(d, ML, TEXT_W, F_REG, 8.5, STYLE_PAGE_GREY, cs, 1);
        free(cs);
    }
}

/* The trend of run, a key finding: how many rounds it covers and the
   national figure of each (the trend chart draws them). */
static void trend_line(struct doc *d, const struct index_run *run)
{
    enum lang L = d->lang;
    char b[32];
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, tr(L, "Tendencia: promedio nacional en las %d rondas guardadas con "
                           "resultados, de %d a %d:"),
                run->n_trend, run->trend_year[0], run->trend_year[run->n_trend - 1]);
    for (int r = 0; r < run->n_trend; r++)
        strbuf_addf(&sb, "%s %d: %s", r ? ";" : "", run->trend_year[r],
                    numd(d->rd, run->fw, b, sizeof b, run->trend_value[r], L));
    strbuf_adds(&sb, ".");
    bullet(d, sb.buf);
    strbuf_release(&sb);
}

/* The key findings of each index (findings.c), one block per index. */
static void summary_findings(struct doc *d)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    for (int i = 0; i < rd->n_idx; i++) {
        struct findings f;
        findings_build(rd, i, L, &f);
        d->y += 4;
        char *h = index_label(rd->idx[i].fw, L);
        need(d, 60);
        para_at(d, ML, TEXT_W, F_BOLD, 10.5, STYLE_HEAD, h, 2);
        free(h);
        for (int k = 0; k < f.n; k++)
            bullet(d, f.line[k]);
        findings_release(&f);
        if (rd->idx[i].n_trend >= 2)
            trend_line(d, &rd->idx[i]);
        /* the figures just stated, drawn: the pillars, then the rounds */
        chart(d, &(struct chart_ref){CHART_NATIONAL, i, -1}, TEXT_W);
        if (rd->idx[i].n_trend >= 2)
            chart(d, &(struct chart_ref){CHART_TREND, i, -1}, TEXT_W);
    }
}

static void sec_summary(struct doc *d)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    char b1[32], b2[32], b3[32];
    heading(d, 1, tr(L, "1. Hallazgos principales"), 1);
    char *intro = xasprintf("%s %d. %s: %d. %s: %d.", tr(L, "Resultados de la ronda"), rd->year,
                            tr(L, "Índices calculados"), rd->n_idx,
                            tr(L, "Instituciones en el registro"), rd->reg->n);
    para(d, intro);
    free(intro);
    para(d, tr(L, "El promedio nacional es la media ponderada de las instituciones evaluadas. El nivel de madurez se asigna con los umbrales de cada índice (véase la metodología)."));
    const struct col cols[] = {
        {tr(L, "Índice"), 140, LEFT},
        {tr(L, "Instituciones evaluadas"), 62, RIGHT},
        {tr(L, "Promedio nacional"), 58, RIGHT},
        {tr(L, "Nivel"), 65, LEFT},
        {tr(L, "Mayor puntaje"), 85, LEFT},
        {tr(L, "Menor puntaje"), 0, LEFT},
    };
    struct table t;
    table_begin(&t, d, cols, 6, SMALL);
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct framework *fw = run->fw;
        int *o = units_by_score(rd, run);
        int ni = run_n_ranked(run);
        char *name = index_label(fw, L);
        char nb[16];
        snprintf(nb, sizeof nb, "%d", ni);
        /* names, not registry codes: a reader knows "Ministerio de Finanzas
           Públicas", not always "MINFIN" */
        char *best = ni ? xasprintf("%s (%s)", NAME(&rd->reg->items[o[0]], L),
                                    numd(rd, fw, b2, sizeof b2, run_value(run, o[0], fw->root), L))
                        : xstrdup("\xe2\x80\x94");
        char *worst = ni ? xasprintf("%s (%s)", NAME(&rd->reg->items[o[ni - 1]], L),
                                     numd(rd, fw, b3, sizeof b3, run_value(run, o[ni - 1], fw->root), L))
                         : xstrdup("\xe2\x80\x94");
        double mean = run->res.national[fw->root];
        const char *cells[] = {name, nb, numd(rd, fw, b1, sizeof b1, mean, L), level_name(fw, mean, L),
                               best, worst};
        table_row(&t, cells, 0, 0);
        free(name);
        free(best);
        free(worst);
        free(o);
    }
    table_end(&t);
    summary_findings(d);
}

static void sec_rankings(struct doc *d)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    char b1[32], b2[32], rk[16];
    heading(d, 1, tr(L, "2. Clasificaciones"), 1);
    para(d, tr(L, "Las instituciones se ordenan por su puntaje en cada índice; los empates comparten la posición. Una institución excluida por falta de datos no tiene posición."));
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct framework *fw = run->fw;
        /* the table first: it fits under the section's heading, where a
           page-long chart would leave the heading alone on its page */
        char *h = xasprintf("2.%d %s", i + 1, NAME(fw, L));
        heading(d, 2, h, 1);
        free(h);
        int has_prev = run->prev_year > 0 && run->prev_value;
        int has_back = method_changed(run);
        char *chg = has_prev ? xasprintf("%s %d", tr(L, "Cambio desde"), run->prev_year) : NULL;
        char *chg2 = has_back ? xasprintf("%s %d", tr(L, "Cambio, método"), rd->year) : NULL;
        const struct col cols7[] = {
            {tr(L, "Posición"), 48, RIGHT}, {publisher_unit_title(&d->rd->cfg->publisher, L, 0), 172.276, LEFT},
            {tr(L, "Código"), 60, LEFT},    {tr(L, "Puntaje"), 45, RIGHT},
            {tr(L, "Nivel"), 60, LEFT},     {chg, 55, RIGHT}, {chg2, 55, RIGHT},
        };
        const struct col cols6[] = {
            {tr(L, "Posición"), 48, RIGHT}, {publisher_unit_title(&d->rd->cfg->publisher, L, 0), 0, LEFT},
            {tr(L, "Código"), 60, LEFT},    {tr(L, "Puntaje"), 45, RIGHT},
            {tr(L, "Nivel"), 60, LEFT},     {chg, 55, RIGHT},
        };
        const struct col cols5[] = {
            {tr(L, "Posición"), 48, RIGHT}, {publisher_unit_title(&d->rd->cfg->publisher, L, 0), 0, LEFT},
            {tr(L, "Código"), 65, LEFT},    {tr(L, "Puntaje"), 55, RIGHT},
            {tr(L, "Nivel"), 65, LEFT},
        };
        struct table t;
        table_begin(&t, d, has_back ? cols7 : has_prev ? cols6 : cols5,
                    has_back ? 7 : has_prev ? 6 : 5, SMALL);
        int *o = units_by_score(rd, run);
        for (int k = 0; k < rd->reg->n; k++) {
            int u = o[k];
            double v = run_value(run, u, fw->root);
            int excl = isnan(v);
            if (excl)
                snprintf(rk, sizeof rk, "\xe2\x80\x94");
            else if (run_rank(run, u, fw->root) <= 0) /* registry ranked = no */
                snprintf(rk, sizeof rk, "%s", tr(L, "sin posición"));
            else
                snprintf(rk, sizeof rk, "%d", run_rank(run, u, fw->root));
            char cb[32], cb2[32];
            const char *cells[] = {
                rk, NAME(&rd->reg->items[u], L), rd->reg->items[u].code,
                excl ? "\xe2\x80\x94" : numd(rd, fw, b1, sizeof b1, v, L),
                excl ? tr(L, "excluida (datos insuficientes)") : level_name(fw, v, L),
                has_prev ? change_cell(cb, sizeof cb, rd, run, u, fw->root, v, 0, L) : NULL,
                has_back ? change_cell(cb2, sizeof cb2, rd, run, u, fw->root, v, 1, L) : NULL};
            table_row(&t, cells, 0, 0);
        }
        free(chg2);
        free(o);
        table_end(&t);
        char *mean = xasprintf("%s: %s (%s)", tr(L, "Promedio nacional"),
                               numd(rd, fw, b2, sizeof b2, run->res.national[fw->root], L),
                               level_name(fw, run->res.national[fw->root], L));
        para(d, mean);
        free(mean);
        if (has_back) {
            char b3[32], b4[32];
            char *both = xasprintf(
                "%s %d: %s %s; %s %d: %s. %s", tr(L, "Promedio nacional de"), run->prev_year,
                tr(L, run->prev_published ? "publicado" : "guardado"),
                numd(rd, fw, b3, sizeof b3, prev_national_pdf(run, fw->root), L), tr(L, "con el método de"),
                rd->year, numd(rd, fw, b4, sizeof b4, run->back_national[fw->root], L),
                tr(L, "El método cambió: véase «Comparación con la ronda anterior» en la metodología."));
            para(d, both);
            free(both);
        }
        chart(d, &(struct chart_ref){CHART_RANKING, i, -1}, TEXT_W);
        if (has_prev) {
            chart(d, &(struct chart_ref){CHART_CHANGE, i, -1}, TEXT_W);
        }
        free(chg);
    }
}

static void sec_pillars(struct doc *d)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    heading(d, 1, tr(L, "3. Pilares"), 1);
    para(d, tr(L, "Puntaje de cada institución en los pilares de cada índice, en la escala del índice, con el promedio nacional en la última fila."));
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct framework *fw = run->fw;
        char *h = xasprintf("3.%d %s", i + 1, NAME(fw, L));
        heading(d, 2, h, 1);
        free(h);
        int *pil, np = framework_pillars(fw, &pil);
        int nc = np + 2;
        struct col *cols = xcalloc((size_t)nc, sizeof *cols);
        /* the index column holds numbers only: the pillars' long names
           get the width it does not need */
        double first = np > 5 ? 110 : 130, last = 38;
        double w = (TEXT_W - first - last) / np;
        cols[0] = (struct col){publisher_unit_title(&d->rd->cfg->publisher, L, 0), first, LEFT};
        for (int p = 0; p < np; p++)
            cols[p + 1] = (struct col){NAME(&fw->nodes[pil[p]], L), w, RIGHT};
        cols[np + 1] = (struct col){fw->code, 0, RIGHT};
        struct table t;
        table_begin(&t, d, cols, nc, SMALL);
        const char **cells = xcalloc((size_t)nc, sizeof *cells);
        char (*nb)[32] = xcalloc((size_t)nc, sizeof *nb);
        int *o = units_by_score(rd, run);
        for (int k = 0; k <= rd->reg->n; k++) {
            int u = k < rd->reg->n ? o[k] : -1;
            cells[0] = u >= 0 ? NAME(&rd->reg->items[u], L) : tr(L, "Promedio nacional");
            for (int p = 0; p <= np; p++) {
                int node = p < np ? pil[p] : fw->root;
                double v = u >= 0 ? run_value(run, u, node) : run->res.national[node];
                cells[p + 1] = numd(rd, fw, nb[p + 1], sizeof nb[p + 1], v, L);
            }
            table_row(&t, cells, u < 0, 0);
        }
        table_end(&t);
        chart(d, &(struct chart_ref){CHART_HEATMAP, i, -1}, TEXT_W);
        free(o);
        free(nb);
        free(cells);
        free(cols);
        free(pil);
    }
}

/* The second view: for each index whose framework tags its indicators with
   axes (IGD: the Plan's strategic axes), one subsection of section 3 after
   the pillars, numbered on from them, with each institution's axis scores
   and the national mean.  An axis score is the mean of the normalised
   values of its indicators, weighted by their effective weights. */
static void sec_axes(struct doc *d)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    int sub = rd->n_idx;
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct result *r = &run->res;
        const struct framework *fw = run->fw;
        if (r->n_axes == 0)
            continue;
        const char *label = fw->axes_label[L] ? fw->axes_label[L] : fw->axes_label[LANG_ES];
        char *h = xasprintf("3.%d %s (%s)", ++sub, label ? label : tr(L, "Ejes"), fw->code);
        heading_chart(d, 2, h, 1, &(struct chart_ref){CHART_AXES, i, -1}, TEXT_W);
        free(h);
        para(d, tr(L, "Puntaje de cada institución en cada eje: el promedio de los valores normalizados de los indicadores del eje, ponderado por su peso efectivo en el índice (datos/ejes.csv; indigo explain INSTITUCIÓN EJE)."));
        int nc = r->n_axes + 1;
        struct col *cols = xcalloc((size_t)nc, sizeof *cols);
        double first = 170, w = (TEXT_W - first) / r->n_axes;
        cols[0] = (struct col){publisher_unit_title(&rd->cfg->publisher, L, 0), first, LEFT};
        char (*an)[128] = xcalloc((size_t)nc, sizeof *an);   /* the axes' names in L */
        for (int a = 0; a < r->n_axes; a++)
            cols[a + 1] = (struct col){framework_axis_name(fw, r->axis_code[a], L, an[a], sizeof an[a]),
                                       a + 1 < nc - 1 ? w : 0, RIGHT};
        struct table t;
        table_begin(&t, d, cols, nc, SMALL);
        const char **cells = xcalloc((size_t)nc, sizeof *cells);
        char (*nb)[32] = xcalloc((size_t)nc, sizeof *nb);
        int *o = units_by_score(rd, run);
        for (int k = 0; k <= rd->reg->n; k++) {
            int u = k < rd->reg->n ? o[k] : -1;
            cells[0] = u >= 0 ? NAME(&rd->reg->items[u], L) : tr(L, "Promedio nacional");
            for (int a = 0; a < r->n_axes; a++) {
                double v = u >= 0 ? r->axis_value[(size_t)u * (size_t)r->n_axes + (size_t)a]
                                  : r->axis_national[a];
                cells[a + 1] = numd(d->rd, fw, nb[a + 1], sizeof nb[a + 1], v, L);
            }
            table_row(&t, cells, u < 0, 0);
        }
        table_end(&t);
        free(o);
        free(nb);
        free(an);
        free(cells);
        free(cols);
    }
}

/* One bullet per step the framework runs, with its parameters and, where
   the result has them, what the step did. */
static void method_steps(struct doc *d, const struct index_run *run)
{
    const struct framework *fw = run->fw;
    const struct steps *st = &fw->steps;
    const struct result *r = &run->res;
    enum lang L = d->lang;
    for (int s = 0; s < st->n; s++) {
        struct strbuf sb;
        strbuf_init(&sb);
        switch (st->order[s]) {
        case STEP_SCORE: {
            char *t = method_score_text(fw, L);   /* the workbook and the portal print the same */
            strbuf_addf(&sb, "%s: %s", tr(L, "Puntuación de las respuestas"), t);
            free(t);
            break;
        }
        case STEP_DENOMINATE: {
            char *t = method_denominate_text(fw, L);   /* the workbook and the portal print the same */
            strbuf_addf(&sb, "%s: %s", tr(L, "Denominación"), t);
            free(t);
            break;
        }
        case STEP_SCREEN: {
            int excl = 0;
            for (int u = 0; u < r->n_units; u++)
                excl += !r->included[u];
            char *t = method_screen_text(st, L);   /* the workbook and the portal print the same */
            strbuf_addf(&sb, "%s: %s %s: %d.", tr(L, "Filtrado"), t,
                        tr(L, "Instituciones excluidas"), excl);
            free(t);
            break;
        }
        case STEP_IMPUTE: {
            char *t = method_impute_text(st, L);   /* the workbook and the portal print the same */
            strbuf_addf(&sb, "%s: %s %s: %ld.", tr(L, "Imputación"), t, tr(L, "Celdas imputadas"),
                        r->n_imputed);
            free(t);
            break;
        }
        case STEP_TREAT: {
            char *t = method_treat_text(st, L);   /* the portal prints the same */
            strbuf_addf(&sb, "%s: %s %s: %ld; %s: %ld.", tr(L, "Tratamiento de valores atípicos"),
                        t, tr(L, "Puntos winsorizados"), r->n_winsorised,
                        tr(L, "indicadores con logaritmo"), r->n_logged_ind);
            free(t);
            break;
        }
        case STEP_NORMALISE: {
            char *t = method_normalise_text(fw, L);   /* the workbook and the portal print the same */
            strbuf_addf(&sb, "%s: %s", tr(L, "Normalización"), t);
            free(t);
            break;
        }
        case STEP_AGGREGATE: {
            char *t = method_aggregate_text(fw, L);   /* the workbook and the portal print the same */
            strbuf_addf(&sb, "%s: %s", tr(L, "Agregación"), t);
            free(t);
            break;
        }
        }
        bullet(d, sb.buf);
        strbuf_release(&sb);
    }
    char *rk = method_rank_text(fw, L);   /* the workbook and the portal print the same */
    bullet(d, rk);
    free(rk);
}

/* 4.N: what the changes are measured against, when the method changed or
   institutions are new (docs/rondas.md). */
static void sec_comparison(struct doc *d, int section, int number)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    const struct index_run *first = NULL;
    int any_method = 0;
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        if (run->prev_year && run->prev_unit && !first)
            first = run;
        any_method |= method_changed(run);
    }
    if (!first)
        return;
    struct strbuf nu;
    strbuf_init(&nu);
    for (int u = 0; u < rd->reg->n; u++)
        if (first->prev_unit[u] < 0)
            strbuf_addf(&nu, "%s%s", nu.len ? ", " : "", rd->reg->items[u].code);
    if (!any_method && !nu.len) {
        strbuf_release(&nu);
        return;
    }
    int prev = first->prev_year;
    char *h = xasprintf("%d.%d %s", section, number, tr(L, "Comparación con la ronda anterior"));
    heading(d, 2, h, 1);
    free(h);
    char *p1 = xasprintf("%s %d %s.", tr(L, "Los cambios de este informe se miden frente a la ronda"),
                         prev,
                         tr(L, first->prev_published ? "tal como se publicó" : "tal como está guardada"));
    para(d, p1);
    free(p1);
    if (any_method) {
        char *p2 = xasprintf("%s %d %s %d. %s %d %s",
                             tr(L, "El método cambió desde entonces (lista abajo): cada clasificación muestra también el cambio frente a las respuestas de"),
                             prev, tr(L, "calculadas con el método de"), rd->year,
                             tr(L, "En esa base no entran los indicadores que"), prev,
                             tr(L, "no preguntó: ningún valor se imputa para un año en que la pregunta no se hizo. `indigo explain --change INSTITUCIÓN ÍNDICE` separa cada cambio en el efecto del método y el de las respuestas, indicador por indicador."));
        para(d, p2);
        free(p2);
    }
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        if (!method_changed(run))
            continue;
        char *t = xasprintf("%s: %d %s", run->fw->code, run->diff.n,
                            tr(L, run->diff.n == 1 ? "cambio de método" : "cambios de método"));
        para_at(d, ML, TEXT_W, F_BOLD, BODY, STYLE_TEXT, t, 2);
        free(t);
        const struct col cols[] = {{tr(L, "Área"), 150, LEFT}, {tr(L, "Cambio"), 345.276, LEFT}};
        struct table tb;
        table_begin(&tb, d, cols, 2, SMALL);
        for (int k = 0; k < run->diff.n; k++) {
            char *txt = method_change_text(&run->diff.items[k], L);
            const char *cells[] = {change_area_name(run->diff.items[k].area, L), txt};
            table_row(&tb, cells, 0, 0);
            free(txt);
        }
        table_end(&tb);
        if (run->n_not_asked) {
            struct strbuf sb;
            strbuf_init(&sb);
            strbuf_addf(&sb, "%s %d:", tr(L, "Fuera de la base recalculada, por no haberse preguntado en"), prev);
            for (int k = 0; k < run->n_not_asked; k++)
                strbuf_addf(&sb, "%s%s", k ? ", " : " ", run->not_asked[k]);
            strbuf_addc(&sb, '.');
            para(d, sb.buf);
            strbuf_release(&sb);
        }
    }
    if (nu.len) {
        char *t = xasprintf("%s %d («%s»): %s.", tr(L, "Instituciones nuevas, sin valor de"), prev,
                            tr(L, "nueva"), nu.buf);
        para(d, t);
        free(t);
    }
    strbuf_release(&nu);
}

/* What the indices measure and where the data come from (about_data.c
   writes it; here it is laid out). */
static void sec_about(struct doc *d, const struct about_numbers *num)
{
    enum lang L = d->lang;
    char hd[160];
    snprintf(hd, sizeof hd, "%d. %s", num->self,
             tr(L, "Qué miden los índices y de dónde vienen los datos"));
    heading(d, 1, hd, 1);
    struct about a;
    about_build(d->rd, L, num, &a);
    for (int k = 0; k < a.n; k++) {
        const struct about_block *b = &a.block[k];
        switch (b->kind) {
        case ABOUT_HEADING: heading(d, 2, b->text, 1); break;
        case ABOUT_LABEL:
            d->y += 3;
            para_at(d, ML, TEXT_W, F_BOLD, BODY, STYLE_TEXT, b->text, 2);
            break;
        case ABOUT_PARA: para(d, b->text); break;
        case ABOUT_BULLET: bullet(d, b->text); break;
        case ABOUT_TABLE: {
            const struct about_table *at = b->table;
            struct col *cols = xcalloc((size_t)at->n_cols, sizeof *cols);
            for (int c = 0; c < at->n_cols; c++)
                cols[c] = (struct col){at->head[c], at->width[c], at->right[c] ? RIGHT : LEFT};
            struct table t;
            table_begin(&t, d, cols, at->n_cols, SMALL);
            for (int r = 0; r < at->n_rows; r++)
                table_row(&t, (const char *const *)&at->cell[(size_t)r * (size_t)at->n_cols], 0, 0);
            table_end(&t);
            free(cols);
            break;
        }
        }
    }
    about_release(&a);
}

static void sec_method(struct doc *d, int number)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    char b1[32], b2[32], b3[32], hd[64];
    snprintf(hd, sizeof hd, "%d. %s", number, tr(L, "Metodología"));
    heading(d, 1, hd, 1);
    para(d, tr(L, "Los índices se construyen según el Manual de la OCDE y el JRC para indicadores compuestos, con los mismos pasos y fórmulas que el paquete COINr: las respuestas se puntúan, se filtran las instituciones con pocos datos, se imputan y tratan los valores, se normalizan los indicadores y se agregan con pesos hacia el índice."));
    /* where an auditor finds each indicator's own parameters: the tables
       below give the steps, not the hundred indicators one by one */
    char *where = xasprintf(tr(L, "Cada indicador, con el código y el tipo de respuesta de su pregunta, su dirección, sus metas inferior y superior y su objetivo, está en la hoja «%s» de indigo-%d-%s.xlsx y en datos/marco.csv; la redacción de cada pregunta, en cuestionarios/ (el formulario XLSForm de cada índice); la regla para una pregunta sin respuesta, en el paso «%s» de cada índice, abajo."),
                            tr(L, "Marco"), rd->year, lang_code(L), tr(L, "Imputación"));
    para(d, where);
    free(where);
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct framework *fw = run->fw;
        char *h = xasprintf("%d.%d %s", number, i + 1, NAME(fw, L));
        heading(d, 2, h, 1);
        free(h);
        para_at(d, ML, TEXT_W, F_BOLD, BODY, STYLE_TEXT, tr(L, "Pasos aplicados, en orden"), 2);
        method_steps(d, run);
        d->y += 4;
        para_at(d, ML, TEXT_W, F_BOLD, BODY, STYLE_TEXT, tr(L, "Pesos"), 2);
        /* the code column as wide as the widest code: a code is never cut */
        double code_w = 70;
        for (int k = 0; k < fw->n_nodes; k++) {
            double w = width(d, F_REG, SMALL, fw->nodes[k].code) + 2 * PAD + 1;
            if (w > code_w)
                code_w = w;
        }
        if (code_w > TEXT_W / 3)
            code_w = TEXT_W / 3;
        const struct col cols[] = {
            {tr(L, "Nodo"), 0, LEFT}, {tr(L, "Código"), code_w, LEFT},
            {tr(L, "Peso"), 50, RIGHT},     {tr(L, "Peso efectivo en el índice"), 80, RIGHT},
        };
        struct table t;
        table_begin(&t, d, cols, 4, SMALL);
        int *ord, *dep, n = framework_tree_order(fw, 1, &ord, &dep);
        for (int k = 0; k < n; k++) {
            const struct node *nd = &fw->nodes[ord[k]];
            char *pct = xasprintf("%s %%", fmt_num(b2, sizeof b2, run->res.eff_weight[ord[k]] * 100, 1, L));
            const char *cells[] = {NAME(nd, L), nd->code,
                                   ord[k] == fw->root ? "\xe2\x80\x94" : fmt_num(b1, sizeof b1, nd->weight, 2, L),
                                   pct};
            table_row(&t, cells, !nd->is_indicator, dep[k] * 10.0);
            free(pct);
        }
        table_end(&t);
        free(ord);
        free(dep);
        char *ew = method_eff_weight_text(fw, L);   /* the workbook and the portal print the same */
        para(d, ew);
        free(ew);

        para_at(d, ML, TEXT_W, F_BOLD, BODY, STYLE_TEXT, tr(L, "Niveles de madurez"), 2);
        const struct col mc[] = {
            {tr(L, "Nivel"), 0, LEFT}, {tr(L, "Desde"), 120, RIGHT}, {tr(L, "Hasta"), 120, RIGHT}};
        table_begin(&t, d, mc, 3, SMALL);
        const struct maturity *m = &fw->maturity;
        for (int l = 0; l < m->n; l++) {
            double lo = l == 0 ? fw->scale_min : m->threshold[l - 1];
            const char *nm = m->name[l][L] && *m->name[l][L] ? m->name[l][L] : m->name[l][LANG_ES];
            /* the top level has no upper bound (maturity_level) */
            char *to = l == m->n - 1 ? xstrdup(tr(L, "sin límite"))
                                     : xasprintf("%s %s", m->boundary_lower ? "<=" : "<",
                                                 numd(d->rd, fw, b2, sizeof b2, m->threshold[l], L));
            const char *cells[] = {nm, numd(d->rd, fw, b1, sizeof b1, lo, L), to};
            table_row(&t, cells, 0, 0);
            free(to);
        }
        table_end(&t);
        char *lv = method_levels_text(fw, L);   /* the workbook and the portal print the same */
        if (lv)
            para(d, lv);
        free(lv);
    }
    sec_comparison(d, number, rd->n_idx + 1);
    /* the input files */
    if (rd->n_inputs > 0) {
        heading(d, 2, tr(L, "Fuentes de datos"), 1);
        const struct col cols[] = {
            {tr(L, "Archivo"), 0, LEFT}, {tr(L, "Índice"), 50, LEFT},
            {tr(L, "Año"), 40, RIGHT},         {tr(L, "Respuestas"), 60, RIGHT},
            {tr(L, "Huella SHA-256"), 160, LEFT}};
        struct table t;
        table_begin(&t, d, cols, 5, SMALL);
        for (int i = 0; i < rd->n_inputs; i++) {
            const struct input_file *f = &rd->inputs[i];
            snprintf(b1, sizeof b1, "%d", f->year);
            snprintf(b2, sizeof b2, "%ld", f->rows);
            snprintf(b3, sizeof b3, "%.16s…", f->sha256);
            const char *cells[] = {f->path, f->framework, b1, b2, b3};
            table_row(&t, cells, 0, 0);
        }
        table_end(&t);
    }
}

/* "lo – hi" of a bootstrap interval, two decimals. */
static char *sens_interval(double lo, double hi, enum lang L)
{
    char a[32], b[32];
    return xasprintf("%s \xe2\x80\x93 %s", fmt_num(a, sizeof a, lo, 2, L),
                     fmt_num(b, sizeof b, hi, 2, L));
}

static void sec_uncertainty(struct doc *d, int number)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    char b1[32], b2[32], b3[32], hd[64];
    snprintf(hd, sizeof hd, "%d. %s", number, tr(L, "Robustez de las posiciones"));
    heading(d, 1, hd, 1);
    para(d, tr(L, "El análisis de incertidumbre recalcula cada índice muchas veces variando decisiones discutibles (pesos, normalización, agregación, imputación, indicadores incluidos). Un intervalo estrecho indica que la posición no depende de esas decisiones."));
    int sub = 0;
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct uncertainty *ua = run->ua;
        if (!ua)
            continue;
        const struct framework *fw = run->fw;
        char *h = xasprintf("%d.%d %s", number, ++sub, NAME(fw, L));
        heading_chart(d, 2, h, 1, &(struct chart_ref){CHART_INTERVALS, i, -1}, TEXT_W);
        free(h);
        snprintf(b1, sizeof b1, "%d", ua->runs);
        field(d, tr(L, "Simulaciones"), b1);
        struct strbuf sb;
        strbuf_init(&sb);
        static const char *const fname[UA_N_FACTORS] = {"pesos", "normalización", "agregación",
                                                        "imputación", "indicador omitido"};
        for (int f = 0; f < UA_N_FACTORS; f++)
            if (ua->varied & UA_BIT(f))
                strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", tr(L, fname[f]));
        field(d, tr(L, "Decisiones variadas"), sb.len ? sb.buf : tr(L, "ninguna"));
        strbuf_release(&sb);
        field(d, tr(L, "Cambio medio de posición"), fmt_num(b2, sizeof b2, ua->mean_shift, 2, L));
        const struct col cols[] = {{publisher_unit_title(&d->rd->cfg->publisher, L, 0), 0, LEFT},
                                   {tr(L, "Posición"), 70, RIGHT},
                                   {tr(L, "Mediana"), 70, RIGHT},
                                   {tr(L, "Intervalo 5 %–95 %"), 110, RIGHT}};
        struct table t;
        table_begin(&t, d, cols, 4, SMALL);
        int *o = units_by_score(rd, run);   /* nominal ranking order */
        for (int k = 0; k < rd->reg->n; k++) {
            int u = o[k];
            const struct ua_unit *x = &ua->unit[u];
            if (!x->nominal)
                continue;
            char nom[16];
            snprintf(nom, sizeof nom, "%d", x->nominal);
            char *iv = xasprintf("%s\xe2\x80\x93%s", fmt_num(b2, sizeof b2, x->q05, 0, L),
                                 fmt_num(b3, sizeof b3, x->q95, 0, L));
            const char *cells[] = {NAME(&rd->reg->items[u], L), nom,
                                   fmt_num(b1, sizeof b1, x->median, 1, L), iv};
            table_row(&t, cells, 0, 0);
            free(iv);
        }
        free(o);
        table_end(&t);
        struct ua_options uo;
        ua_options_from_config(&uo, rd->cfg);
        char *spec = method_uncertainty_text(ua, &uo, L);   /* datapackage.json states the same */
        para(d, spec);
        free(spec);
        if (ua->n_sens > 0) {
            const struct col sc[] = {{tr(L, "Decisión"), 0, LEFT},
                                     {tr(L, "Índice de primer orden"), 60, RIGHT},
                                     {tr(L, "Intervalo 5 %–95 %"), 80, RIGHT},
                                     {tr(L, "Índice total"), 60, RIGHT},
                                     {tr(L, "Intervalo 5 %–95 %"), 80, RIGHT}};
            table_begin(&t, d, sc, 5, SMALL);
            for (int k = 0; k < ua->n_sens; k++) {
                const struct ua_sens *s = &ua->sens[k];
                char *i1 = sens_interval(s->si_q05, s->si_q95, L);
                char *i2 = sens_interval(s->sti_q05, s->sti_q95, L);
                const char *cells[] = {tr(L, fname[s->factor]), fmt_num(b1, sizeof b1, s->si, 2, L),
                                       i1, fmt_num(b2, sizeof b2, s->sti, 2, L), i2};
                table_row(&t, cells, 0, 0);
                free(i1);
                free(i2);
            }
            table_end(&t);
        }
    }
}

static void sec_quality(struct doc *d, int number)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    char b1[32], b2[32], hd[64];
    snprintf(hd, sizeof hd, "%d. %s", number, tr(L, "Calidad de los datos"));
    heading(d, 1, hd, 1);
    para(d, tr(L, "Cuántos datos faltaron y qué se hizo con ellos. Una celda es el valor de un indicador para una institución."));
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct framework *fw = run->fw;
        const struct result *r = &run->res;
        char *h = xasprintf("%d.%d %s", number, i + 1, NAME(fw, L));
        heading(d, 2, h, 1);
        free(h);
        long cells = (long)r->n_units * r->n_ind;
        long imputed = count_flag(r, FLAG_IMPUTED);
        /* what the engine left without data: the cells whose indicator value
           is empty after the last step, the excluded institutions' cells
           among them (their values are not computed) */
        long unanswered = 0, missing = 0, missing_excl = 0, screened = 0;
        for (int u = 0; u < r->n_units; u++) {
            screened += !r->included[u];
            for (int j = 0; j < r->n_ind; j++) {
                size_t c = (size_t)u * (size_t)r->n_ind + (size_t)j;
                unanswered += isnan(r->raw[c]);
                missing += !r->included[u] || (r->flags[c] & FLAG_MISSING);
                missing_excl += !r->included[u];
            }
        }
        snprintf(b1, sizeof b1, "%d", r->n_ind);
        field(d, tr(L, "Indicadores"), b1);
        char *s = xasprintf("%ld (%d × %d)", cells, r->n_units, r->n_ind);
        field(d, tr(L, "Celdas"), s);
        free(s);
        s = xasprintf("%ld (%s %%)", unanswered,
                      fmt_num(b2, sizeof b2, cells ? 100.0 * unanswered / cells : 0, 1, L));
        field(d, tr(L, "Celdas sin respuesta"), s);
        free(s);
        snprintf(b1, sizeof b1, "%ld", imputed);
        field(d, tr(L, "Celdas imputadas"), b1);
        s = xasprintf("%ld (%ld %s)", missing, missing_excl,
                      tr(L, "de instituciones excluidas por el filtrado"));
        field(d, tr(L, "Celdas que quedaron sin dato"), s);
        free(s);
        snprintf(b1, sizeof b1, "%ld", r->n_winsorised);
        field(d, tr(L, "Puntos winsorizados"), b1);

        struct strbuf sb;
        strbuf_init(&sb);
        for (int u = 0; u < r->n_units; u++)
            if (!r->included[u])
                strbuf_addf(&sb, "%s%s (%s)", sb.len ? "; " : "", NAME(&rd->reg->items[u], L),
                            rd->reg->items[u].code);
        snprintf(b1, sizeof b1, "%ld", screened);
        char *ex = screened ? xasprintf("%s: %s", b1, sb.buf) : xstrdup(b1);
        field(d, tr(L, "Instituciones excluidas por falta de datos"), ex);
        free(ex);
        strbuf_release(&sb);

        /* indicators the treatment changed */
        int any = 0;
        for (int j = 0; j < r->n_ind && r->treat; j++)
            any |= r->treat[j].n_winsorised > 0 || r->treat[j].logged;
        if (any) {
            d->y += 3;
            para_at(d, ML, TEXT_W, F_BOLD, BODY, STYLE_TEXT, tr(L, "Indicadores tratados"), 2);
            const struct col cols[] = {{tr(L, "Indicador"), 0, LEFT},
                                       {tr(L, "Asimetría antes"), 70, RIGHT},
                                       {tr(L, "Curtosis antes"), 70, RIGHT},
                                       {tr(L, "Puntos winsorizados"), 70, RIGHT},
                                       {tr(L, "Logaritmo"), 70, LEFT}};
            struct table t;
            table_begin(&t, d, cols, 5, SMALL);
            for (int j = 0; j < r->n_ind; j++) {
                const struct treat_report *tp = &r->treat[j];
                if (!(tp->n_winsorised > 0 || tp->logged))
                    continue;
                const struct node *nd = &fw->nodes[r->ind_node[j]];
                char *nm = xasprintf("%s (%s)", NAME(nd, L), nd->code);
                char nw[16];
                snprintf(nw, sizeof nw, "%d", tp->n_winsorised);
                const char *cl[] = {nm, fmt_num(b1, sizeof b1, tp->skew0, 2, L),
                                    fmt_num(b2, sizeof b2, tp->kurt0, 2, L), nw,
                                    tp->logged ? tr(L, "sí") : tr(L, "no")};
                table_row(&t, cl, 0, 0);
                free(nm);
            }
            table_end(&t);
        } else {
            field(d, tr(L, "Indicadores tratados"), tr(L, "ninguno"));
        }
        d->y += 4;
    }
}

static void sec_annex(struct doc *d)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    char b1[32], b2[32], rk[16], hd[64];
    snprintf(hd, sizeof hd, "%s %s", tr(L, "Anexo."), tr(L, "Puntajes por institución"));
    heading(d, 1, hd, 1);
    para(d, tr(L, "Puntaje, posición y nivel de cada institución en cada índice y sus pilares, junto al promedio nacional."));
    const struct col cols[] = {{tr(L, "Índice o pilar"), 0, LEFT},
                               {tr(L, "Puntaje"), 60, RIGHT},
                               {tr(L, "Posición"), 55, RIGHT},
                               {tr(L, "Promedio nacional"), 80, RIGHT},
                               {tr(L, "Nivel"), 85, LEFT}};
    for (int u = 0; u < rd->reg->n; u++) {
        const struct institution *it = &rd->reg->items[u];
        char *h = xasprintf("%s (%s)", NAME(it, L), it->code);
        heading(d, 2, h, 0);
        free(h);
        struct table t;
        table_begin(&t, d, cols, 5, SMALL);
        for (int i = 0; i < rd->n_idx; i++) {
            const struct index_run *run = &rd->idx[i];
            const struct framework *fw = run->fw;
            int *ord, *dep, n = framework_tree_order(fw, 0, &ord, &dep);
            for (int k = 0; k < n; k++) {
                int node = ord[k];
                double v = run_value(run, u, node);
                if (isnan(v))
                    snprintf(rk, sizeof rk, "\xe2\x80\x94");
                else if (run_rank(run, u, node) <= 0) /* registry ranked = no */
                    snprintf(rk, sizeof rk, "%s", tr(L, "sin posición"));
                else
                    snprintf(rk, sizeof rk, "%d", run_rank(run, u, node));
                const char *cells[] = {
                    NAME(&fw->nodes[node], L), numd(rd, fw, b1, sizeof b1, v, L), rk,
                    numd(rd, fw, b2, sizeof b2, run->res.national[node], L),
                    node == fw->root ? (run->res.included[u] ? level_name(fw, v, L)
                                                             : tr(L, "excluida (datos insuficientes)"))
                                     : ""};
                table_row(&t, cells, node == fw->root, dep[k] * 10.0);
            }
            free(ord);
            free(dep);
        }
        table_end(&t);
    }
}

int render_national_pdf(const struct round_data *rd, enum lang lang, int charts,
                        const char *path, struct diag *dg)
{
    if (!rd || !rd->reg)
        BUG("render_national_pdf: no round data");
    for (int i = 0; i < rd->n_idx; i++)
        if (rd->idx[i].res.n_units != rd->reg->n)
            BUG("result of %s has %d units, registry %d", rd->idx[i].fw->code,
                rd->idx[i].res.n_units, rd->reg->n);
    struct doc d;
    if (doc_open(&d, rd, lang, charts, dg) != 0)
        return -1;
    d.footer = xasprintf("%s %d \xc2\xb7 %s", tr(lang, "Informe nacional"), rd->year,
                         round_title(rd, lang));
    cover(&d);
    new_page(&d);
    sec_summary(&d);
    sec_rankings(&d);
    sec_pillars(&d);
    sec_axes(&d);
    /* what the indices measure, then how they are computed: 4 and 5 */
    int has_ua = 0;
    for (int i = 0; i < rd->n_idx; i++)
        has_ua |= rd->idx[i].ua != NULL;
    struct about_numbers num = {4, 5, has_ua ? 6 : 0, has_ua ? 7 : 6};
    sec_about(&d, &num);
    sec_method(&d, num.method);
    if (has_ua)
        sec_uncertainty(&d, num.robustness);
    sec_quality(&d, num.quality);
    sec_annex(&d);

    struct strbuf kw;
    strbuf_init(&kw);
    strbuf_adds(&kw, tr(lang, "gobierno digital"));
    for (int i = 0; i < rd->n_idx; i++)
        strbuf_addf(&kw, ", %s", rd->idx[i].fw->code);
    keyword_country(&kw, rd);
    strbuf_addf(&kw, ", %d", rd->year);
    char *title = title_with_year(round_title(rd, lang), rd->year, " ");
    char *subject = xasprintf("%s %d", tr(lang, "Informe nacional"), rd->year);
    int rc = doc_save(&d, title, subject, kw.buf, 1, path, dg);
    free(title);
    free(subject);
    strbuf_release(&kw);
    doc_release(&d);
    return rc;
}

/* ======================================================================== */
/* Scorecard of one institution                                              */
/* ======================================================================== */

/* The scorecard must fit on two pages whatever the names and the number of
   pillars, so it is laid out with the roomiest style first and again with a
   tighter one while it runs over (a build costs milliseconds). */
struct card_style {
    double chart_w;     /* profile chart width, fraction of the text width */
    double text;        /* size of the lists and recommendations           */
    int charts;         /* 0: no profile charts (the last resort)           */
};

static const struct card_style card_styles[] = {
    {1, BODY, 1}, {1, SMALL, 1}, {1, 7.5, 1}, {0, 7.5, 0}};
#define N_CARD_STYLES (int)(sizeof card_styles / sizeof card_styles[0])
#define CARD_PAGES 2

struct ind_pick {
    int j;          /* indicator column */
    double v;
    const char *code;
};

static int cmp_strong(const void *a, const void *b)
{
    const struct ind_pick *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    return strcmp(x->code, y->code);
}

static int cmp_weak(const void *a, const void *b)
{
    const struct ind_pick *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* Rank of unit u among the units of its group with a value (1 = best), and
   the number of such units. */
static int group_rank(const struct round_data *rd, const struct index_run *run, int u, int *of)
{
    const char *g = rd->reg->items[u].group;
    const struct framework *fw = run->fw;
    int root = fw->root, rank = 1;
    *of = 0;
    /* among the ranked members of the group (ranked = no: no peer rank and
       not a peer), on the values as published, as the ranks compare them */
    if (!g || !*g || run_rank(run, u, root) <= 0)
        return 0;
    double v = compute_published(fw, run_value(run, u, root));
    for (int w = 0; w < rd->reg->n; w++) {
        const char *h = rd->reg->items[w].group;
        if (!h || strcmp(h, g) != 0 || run_rank(run, w, root) <= 0)
            continue;
        (*of)++;
        rank += compute_published(fw, run_value(run, w, root)) > v;
    }
    return rank;
}

/* The strengths, weaknesses and recommendations of unit u in one index.
   With fewer than six indicators with data the two lists split them
   (strongest half, weakest half) rather than overlap. */
/* 1 if unit u answered indicator column j itself: a value that is neither
   imputed nor missing.  Only such values are strengths, weaknesses or
   grounds for a recommendation; the others ask for an answer. */
static int answered(const struct index_run *run, int u, int j)
{
    return !isnan(run_value(run, u, run->res.ind_node[j])) &&
           !(run_flags(run, u, j) & (FLAG_IMPUTED | FLAG_MISSING));
}

/* Points the index would gain if unit u reached the goal (the top of the
   scale) in indicator column j: its effective weight times the distance. */
static double gain_of(const struct index_run *run, int u, int j)
{
    int k = run->res.ind_node[j];
    return run->res.eff_weight[k] * (run->fw->scale_max - run_value(run, u, k));
}

/* Lists unit u's strengths and weaknesses and marks the strengths in
   strong[j] (indicator column j), which the recommendations then skip: a
   scorecard does not praise an indicator and ask for work on it at once. */
static void card_strengths(struct doc *d, const struct index_run *run, int u,
                           const struct card_style *st, char *strong)
{
    const struct framework *fw = run->fw;
    const struct result *r = &run->res;
    enum lang L = d->lang;
    char buf[32];
    struct ind_pick *p = xcalloc((size_t)(r->n_ind ? r->n_ind : 1), sizeof *p);
    int n = 0;
    for (int j = 0; j < r->n_ind; j++)
        if (answered(run, u, j))
            p[n++] = (struct ind_pick){j, run_value(run, u, r->ind_node[j]),
                                       fw->nodes[r->ind_node[j]].code};
    int ns = n >= 6 ? 3 : (n + 1) / 2, nw = n >= 6 ? 3 : n - ns;
    struct ind_pick *weak = xcalloc((size_t)(n ? n : 1), sizeof *weak);
    memcpy(weak, p, (size_t)n * sizeof *p);
    qsort(p, (size_t)n, sizeof *p, cmp_strong);
    qsort(weak, (size_t)n, sizeof *weak, cmp_weak);
    for (int k = 0; k < ns; k++)
        strong[p[k].j] = 1;
    const struct col cols[] = {{tr(L, "Fortalezas"), TEXT_W / 2, LEFT},
                               {tr(L, "Aspectos por mejorar"), 0, LEFT}};
    struct table t;
    table_begin(&t, d, cols, 2, st->text < SMALL ? st->text : SMALL);
    for (int k = 0; k < (ns > nw ? ns : nw); k++) {
        char *cell[2] = {NULL, NULL};
        const struct ind_pick *pick[2] = {k < ns ? &p[k] : NULL, k < nw ? &weak[k] : NULL};
        for (int c = 0; c < 2; c++)
            if (pick[c]) {
                const struct node *nd = &fw->nodes[r->ind_node[pick[c]->j]];
                cell[c] = xasprintf("%s (%s): %s", NAME(nd, L), nd->code,
                                    numd(d->rd, fw, buf, sizeof buf, pick[c]->v, L));
            }
        const char *cells[] = {cell[0] ? cell[0] : "", cell[1] ? cell[1] : ""};
        table_row(&t, cells, 0, 0);
        free(cell[0]);
        free(cell[1]);
    }
    table_end(&t);
    free(p);
    free(weak);
}

/* The questions unit u did not answer (imputed or missing), as one
   recommendation of their own: answering comes before improving. */
static void card_unanswered(struct doc *d, const struct index_run *run, int u,
                            const struct card_style *st)
{
    const struct result *r = &run->res;
    enum lang L = d->lang;
    struct strbuf sb;
    strbuf_init(&sb);
    int n = 0;
    for (int j = 0; j < r->n_ind; j++) {
        if (answered(run, u, j) || !r->included[u])
            continue;
        const struct node *nd = &run->fw->nodes[r->ind_node[j]];
        strbuf_addf(&sb, "%s%s (%s)", n++ ? "; " : "", NAME(nd, L), nd->code);
    }
    if (n > 0) {
        char *s = xasprintf("%s: %s (%s)", tr(L, "Responder estas preguntas"), sb.buf,
                            tr(L, "sin respuesta — imputado"));
        bullet_at(d, st->text, s);
        free(s);
    }
    strbuf_release(&sb);
}

static int cmp_gain(const void *a, const void *b)
{
    const struct ind_pick *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* The institution of u's group (u excluded) with the highest answered
   value in indicator column j, ties to the first in registry order; -1 if
   none does better than u. */
static int best_peer(const struct round_data *rd, const struct index_run *run, int u, int j)
{
    const char *g = rd->reg->items[u].group;
    int best = -1;
    double bv = run_value(run, u, run->res.ind_node[j]);
    for (int w = 0; w < run->res.n_units && g; w++) {
        const char *h = rd->reg->items[w].group;
        if (w == u || !h || strcmp(g, h) != 0 || !run->res.included[w] || !answered(run, w, j))
            continue;
        double v = run_value(run, w, run->res.ind_node[j]);
        if (v > bv) {
            bv = v;
            best = w;
        }
    }
    return best;
}

/* Up to three recommendations, ranked by the points the index would gain
   (gain_of), each with the gain, over the answered indicators not listed
   as strengths; then the unanswered questions. */
static void card_recommendations(struct doc *d, const struct index_run *run, int u,
                                 const struct card_style *st, const char *strong)
{
    const struct framework *fw = run->fw;
    const struct result *r = &run->res;
    enum lang L = d->lang;
    char buf[32];
    struct ind_pick *g = xcalloc((size_t)(r->n_ind ? r->n_ind : 1), sizeof *g);
    int n = 0;
    for (int j = 0; j < r->n_ind; j++) {
        const struct node *nd = &fw->nodes[r->ind_node[j]];
        const char *rec = nd->recommendation[LANG_ES];
        if (answered(run, u, j) && !strong[j] && rec && *rec && gain_of(run, u, j) > 0)
            g[n++] = (struct ind_pick){j, gain_of(run, u, j), nd->code};
    }
    qsort(g, (size_t)n, sizeof *g, cmp_gain);
    para_at(d, ML, TEXT_W, F_BOLD, BODY, STYLE_TEXT, tr(L, "Recomendaciones"), 1);
    for (int k = 0; k < n && k < 3; k++) {
        const struct node *nd = &fw->nodes[r->ind_node[g[k].j]];
        const char *rec = nd->recommendation[L] && *nd->recommendation[L]
                              ? nd->recommendation[L]
                              : nd->recommendation[LANG_ES];
        int peer = best_peer(d->rd, run, u, g[k].j);
        char pb[32];
        char *peer_s = peer < 0 ? xstrdup("")
                                : xasprintf("; %s: %s, %s", tr(L, "mejor de su grupo"),
                                            d->rd->reg->items[peer].code,
                                            numd(d->rd, fw, pb, sizeof pb, run_value(run, peer, nd - fw->nodes), L));
        char *s = xasprintf("%s (%s, +%s %s%s): %s", NAME(nd, L), nd->code,
                            numd(d->rd, fw, buf, sizeof buf, g[k].v, L),
                            tr(L, "puntos posibles en el índice"), peer_s, rec);
        free(peer_s);
        bullet_at(d, st->text, s);
        free(s);
    }
    card_unanswered(d, run, u, st);
    free(g);
}

static void card_indicators(struct doc *d, const struct index_run *run, int u,
                            const struct card_style *st)
{
    char *strong = xcalloc((size_t)(run->res.n_ind ? run->res.n_ind : 1), 1);
    card_strengths(d, run, u, st, strong);
    card_recommendations(d, run, u, st, strong);
    free(strong);
}

static void card_no_evidence(struct strbuf *sb, const struct index_run *run, int u, enum lang L);

/* Where the numbers come from: files, respondents, imputed cells, answers
   without their evidence. */
static void card_sources(struct doc *d, int u, const struct card_style *st)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    heading(d, 2, tr(L, "De dónde vienen estos números"), 0);
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct framework *fw = run->fw;
        const struct result *r = &run->res;
        struct strbuf sb;
        strbuf_init(&sb);
        /* answer files, in order of first appearance */
        const char *files[32];
        long counts[32];
        int nf = 0;
        const struct answer_index *ix = rd->by_unit;
        for (size_t k = ix->start[u]; k < ix->start[u + 1]; k++) {
            const struct answer *x = &rd->answers->items[ix->item[k]];
            if (x->year != rd->year || strcmp(x->framework, fw->code) != 0)
                continue;
            int f = 0;
            while (f < nf && strcmp(files[f], x->file) != 0)
                f++;
            if (f == nf && nf < 32) {
                files[nf] = x->file;
                counts[nf++] = 0;
            }
            if (f < nf)
                counts[f]++;
        }
        for (int f = 0; f < nf; f++)
            strbuf_addf(&sb, "%s%s (%ld %s)", f ? "; " : "", files[f], counts[f],
                        counts[f] == 1 ? tr(L, "respuesta") : tr(L, "respuestas"));
        if (!nf)
            strbuf_adds(&sb, tr(L, "sin respuestas registradas"));
        if (run->n_respondents) {
            int lo = -1, hi = 0;
            for (int j = 0; j < r->n_ind; j++) {
                int x = run->n_respondents[run_ind_cell(run, u, j)];
                if (x <= 0)
                    continue;
                if (lo < 0 || x < lo)
                    lo = x;
                if (x > hi)
                    hi = x;
            }
            if (lo > 0 && lo == hi)
                strbuf_addf(&sb, ". %s: %d", tr(L, "Encuestados por indicador"), lo);
            else if (lo > 0)
                strbuf_addf(&sb, ". %s: %d\xe2\x80\x93%d", tr(L, "Encuestados por indicador"), lo, hi);
        }
        struct strbuf im;
        strbuf_init(&im);
        int nim = 0;
        for (int j = 0; j < r->n_ind; j++)
            if (run_flags(run, u, j) & FLAG_IMPUTED) {
                strbuf_addf(&im, "%s%s", nim ? ", " : "", fw->nodes[r->ind_node[j]].code);
                nim++;
            }
        strbuf_addf(&sb, ". %s: %d%s%s%s", tr(L, "Celdas imputadas"), nim, nim ? " (" : "",
                    nim ? im.buf : "", nim ? ")" : "");
        long miss = 0;
        for (int j = 0; j < r->n_ind; j++)
            miss += (run_flags(run, u, j) & FLAG_MISSING) != 0;
        if (miss)
            strbuf_addf(&sb, ". %s: %ld", tr(L, "Celdas sin dato"), miss);
        card_no_evidence(&sb, run, u, L);
        if (!r->included[u])
            strbuf_addf(&sb, ". %s", tr(L, "Excluida por falta de datos (filtrado)"));
        strbuf_addc(&sb, '.');
        field_at(d, st->text, fw->code, sb.buf);
        strbuf_release(&sb);
        strbuf_release(&im);
    }
}

/* The indicators whose positive answer came without the evidence they ask
   for, by their rule (missing_evidence): ". sin evidencia: no puntúa
   (cuenta 0): GOB_PLAN, NOR_FIRMA". */
static void card_no_evidence(struct strbuf *sb, const struct index_run *run, int u, enum lang L)
{
    const struct framework *fw = run->fw;
    for (int keep = 0; keep <= 1; keep++) {
        int n = 0;
        for (int j = 0; j < run->res.n_ind; j++) {
            int k = run->res.ind_node[j];
            if (!(run_flags(run, u, j) & FLAG_NO_EVIDENCE) ||
                (framework_evidence_rule(fw, k) == EVIDENCE_KEEP) != keep)
                continue;
            if (n++ == 0)
                strbuf_addf(sb, ". %s: ", tr(L, keep ? "sin evidencia: puntúa igual (missing_evidence = keep)"
                                                     : "sin evidencia: no puntúa (cuenta 0)"));
            strbuf_addf(sb, "%s%s", n > 1 ? ", " : "", fw->nodes[k].code);
        }
    }
}

/* The scorecard's head: kicker, name, code and group, the demo note. */
static void card_header(struct doc *d, const struct institution *it)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    char *kicker = xasprintf("%s \xc2\xb7 %s %d", tr(L, "Ficha institucional"), tr(L, "Ronda"), rd->year);
    text(d, ML, d->y + 8, F_BOLD, 9, STYLE_HEAD, LEFT, kicker);
    free(kicker);
    d->y += 14;
    para_at(d, ML, TEXT_W, F_BOLD, 17, STYLE_TEXT, NAME(it, L), 2);
    char *sub = it->group && *it->group ? xasprintf("%s \xc2\xb7 %s", it->code, GROUP_NAME(it, L))
                                        : xstrdup(it->code);
    para_at(d, ML, TEXT_W, F_REG, 10, STYLE_PAGE_GREY, sub, 2);
    free(sub);
    if (rd->demo)
        para_at(d, ML, TEXT_W, F_BOLD, 9, STYLE_PAGE_VERMILLION,
                tr(L, "Este documento se generó con datos de demostración: sus cifras no describen a ninguna institución real y no deben citarse."),
                2);
    rule(cur(d), ML, PAGE_W - MR, d->y + 3, 0.8, STYLE_HEAD);
    d->y += 12;
}

/* "GOB_PLAN −3,5; NOR_FIRMA +0,2": the indicators whose answers moved the
   index most (by the size of their part of R - B), at most n. */
static void top_answers(struct strbuf *sb, const struct change_split *c, int n, int dec,
                        enum lang L)
{
    double least = 0.5 * pow(10, -dec);   /* what prints as a change at dec decimals */
    int *used = xcalloc((size_t)c->n_rows + 1, sizeof *used);
    for (int k = 0; k < n; k++) {
        int best = -1;
        for (int i = 0; i < c->n_rows; i++)
            if (!used[i] && fabs(c->rows[i].answers) >= least &&
                (best < 0 || fabs(c->rows[i].answers) > fabs(c->rows[best].answers)))
                best = i;
        if (best < 0)
            break;
        used[best] = 1;
        char b[32];
        fmt_change(b, sizeof b, c->rows[best].answers, 0, dec, L);
        strbuf_addf(sb, "%s%s %s", sb->len ? "; " : "", c->rows[best].code, b);
    }
    free(used);
}

/* Why the scores changed since the earlier round: the change of each index
   split into the effect of the method and of the answers (change.h). */
static void card_change(struct doc *d, int unit, const struct card_style *st)
{
    const struct round_data *rd = d->rd;
    enum lang L = d->lang;
    int any = 0, any_method = 0, prev = 0;
    for (int i = 0; i < rd->n_idx; i++)
        if (rd->idx[i].prev_year && rd->idx[i].prev_unit) {
            any = 1;
            prev = rd->idx[i].prev_year;
            any_method |= method_changed(&rd->idx[i]);
        }
    if (!any)
        return;
    char *h = xasprintf("%s %d", tr(L, "Por qué cambió desde"), prev);
    heading(d, 2, h, 0);
    free(h);
    double size = st->text < SMALL ? st->text : SMALL;
    const struct col cols[] = {{tr(L, "Índice"), 95.276, LEFT},  {tr(L, "Cambio"), 50, RIGHT},
                               {tr(L, "Método"), 50, RIGHT},     {tr(L, "Respuestas"), 60, RIGHT},
                               {tr(L, "Indicadores cuyas respuestas más lo movieron"), 240, LEFT}};
    struct table t;
    table_begin(&t, d, cols, 5, size);
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        if (!run->prev_year || !run->prev_unit)
            continue;
        struct change_split c;
        change_split(run, unit, run->fw->root, &c);
        char b1[32], b2[32], b3[32];
        int dec = run_decimals(rd, run);
        struct strbuf top;
        strbuf_init(&top);
        if (c.ok)
            top_answers(&top, &c, 3, dec, L);
        const char *cells[] = {
            run->fw->code, c.ok ? fmt_change(b1, sizeof b1, c.change, 0, dec, L) : "\xe2\x80\x94",
            c.ok ? fmt_change(b2, sizeof b2, c.method + c.added, 0, dec, L) : "\xe2\x80\x94",
            c.ok ? fmt_change(b3, sizeof b3, c.answers, 0, dec, L) : "\xe2\x80\x94",
            c.ok ? (top.len ? top.buf : "\xe2\x80\x94") : tr(L, c.why)};
        table_row(&t, cells, 0, 0);
        strbuf_release(&top);
        change_split_release(&c);
    }
    table_end(&t);
    if (any_method) { /* the earlier round on this round's method */
        struct strbuf sb;
        strbuf_init(&sb);
        for (int i = 0; i < rd->n_idx; i++) {
            const struct index_run *run = &rd->idx[i];
            if (!method_changed(run) || (run->prev_unit && run->prev_unit[unit] < 0))
                continue;
            double v = run_value(run, unit, run->fw->root);
            double bv = run->back_value[(size_t)unit * run->fw->n_nodes + run->fw->root];
            char b1[32], b2[32];
            strbuf_addf(&sb, "%s%s %s (%s %s)", sb.len ? "; " : "", run->fw->code,
                        numd(rd, run->fw, b1, sizeof b1, bv, L), tr(L, "cambio"),
                        fmt_change(b2, sizeof b2, v, bv, run_decimals(rd, run), L));
        }
        if (sb.len) {
            char *t = xasprintf("%s %d %s %d: %s.", tr(L, "El método cambió. Con el método de"),
                                rd->year, tr(L, "las respuestas de"), prev, sb.buf);
            para_at(d, ML, TEXT_W, F_REG, size, STYLE_TEXT, t, 2);
            free(t);
        }
        strbuf_release(&sb);
    }
    char *note = xasprintf(
        "%s %d %s",
        tr(L, "Cambio = método + respuestas. Método: lo que el cambio de método movió, con las respuestas de"),
        prev,
        tr(L, any_method ? "recalculadas y los indicadores añadidos; respuestas: lo que movieron las respuestas, con un mismo método. El desglose por indicador: indigo explain --change."
                         : "y sin cambio de método es 0; respuestas: lo que movieron las respuestas. El desglose por indicador: indigo explain --change."));
    para_at(d, ML, TEXT_W, F_REG, 7.5, STYLE_PAGE_GREY, note, 4);
    free(note);
}

/* A row per index: score, level, rank, rank among peers, change, mean;
   and under the table, since when the change is counted. */
static void card_summary(struct doc *d, int unit)
{
    const struct round_data *rd = d->rd;
    const struct institution *it = &rd->reg->items[unit];
    enum lang L = d->lang;
    char b1[32], b2[32];
    int any_prev = 0;
    for (int i = 0; i < rd->n_idx; i++)
        any_prev |= rd->idx[i].prev_year > 0 && rd->idx[i].prev_value != NULL;
    const struct col cols[] = {
        {tr(L, "Índice"), 0, LEFT}, {tr(L, "Puntaje"), 50, RIGHT},
        {tr(L, "Nivel"), 65, LEFT},        {tr(L, "Posición"), 55, RIGHT},
        {tr(L, "Entre pares"), 85, RIGHT}, {tr(L, "Cambio"), 50, RIGHT},
        {tr(L, "Promedio nacional"), 65, RIGHT}};
    struct table t;
    table_begin(&t, d, cols, 7, SMALL);
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct framework *fw = run->fw;
        double v = run_value(run, unit, fw->root);
        char *name = index_label(fw, L);
        char *rk = isnan(v) ? xstrdup("\xe2\x80\x94")
                   : run_rank(run, unit, fw->root) <= 0 ? xstrdup(tr(L, "sin posición"))
                   : xasprintf("%d %s %d", run_rank(run, unit, fw->root), tr(L, "de"), run_n_ranked(run));
        int of, gr = group_rank(rd, run, unit, &of);
        /* alone in its group: a rank "1 of 1" would say nothing */
        char *peers = gr && of > 1 ? xasprintf("%d %s %d (%s)", gr, tr(L, "de"), of, GROUP_NAME(it, L))
                      : gr         ? xasprintf("%s (%s)", tr(L, "sin pares"), GROUP_NAME(it, L))
                                   : xstrdup("\xe2\x80\x94");
        char cb[32];
        const char *chg = "\xe2\x80\x94";
        if (run->prev_year > 0 && run->prev_value)
            chg = change_cell(cb, sizeof cb, rd, run, unit, fw->root, v, 0, L);
        const char *cells[] = {name, numd(rd, fw, b1, sizeof b1, v, L),
                               isnan(v) ? tr(L, "excluida (datos insuficientes)") : level_name(fw, v, L),
                               rk, peers, chg, numd(rd, fw, b2, sizeof b2, run->res.national[fw->root], L)};
        table_row(&t, cells, 0, 0);
        free(name);
        free(rk);
        free(peers);
    }
    table_end(&t);
    if (any_prev) {
        struct strbuf sb;
        strbuf_init(&sb);
        for (int i = 0; i < rd->n_idx; i++)
            if (rd->idx[i].prev_year > 0 && rd->idx[i].prev_value)
                strbuf_addf(&sb, "%s%s %s %d", sb.len ? "; " : tr(L, "Cambio: "),
                            rd->idx[i].fw->code, tr(L, "desde"), rd->idx[i].prev_year);
        para_at(d, ML, TEXT_W, F_REG, 7.5, STYLE_PAGE_GREY, sb.buf, 4);
        strbuf_release(&sb);
    }
}

/* The second view beside the pillars: one line with the institution's
   score on each axis and the national mean of the axis. */
static void card_axes(struct doc *d, const struct index_run *run, int unit)
{
    const struct result *r = &run->res;
    const struct framework *fw = run->fw;
    enum lang L = d->lang;
    if (r->n_axes == 0)
        return;
    const char *label = fw->axes_label[L] ? fw->axes_label[L] : fw->axes_label[LANG_ES];
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s: ", label ? label : tr(L, "Ejes"));
    for (int a = 0; a < r->n_axes; a++) {
        char b1[32], b2[32], an[128];
        strbuf_addf(&sb, "%s%s %s (%s %s)", a ? " \xc2\xb7 " : "",
                    framework_axis_name(fw, r->axis_code[a], L, an, sizeof an),
                    numd(d->rd, fw, b1, sizeof b1, r->axis_value[(size_t)unit * (size_t)r->n_axes + (size_t)a], L),
                    tr(L, "nacional"), numd(d->rd, fw, b2, sizeof b2, r->axis_national[a], L));
    }
    para_at(d, ML, TEXT_W, F_REG, SMALL, STYLE_TEXT, sb.buf, 4);
    strbuf_release(&sb);
}

/* Lay out the whole scorecard of unit into d (open, no pages yet). */
/* How far unit is from the next maturity level, in points of the index
   (from its value as published, which is what is levelled). */
static void card_next_level(struct doc *d, const struct index_run *run, int unit,
                            const struct card_style *st)
{
    const struct framework *fw = run->fw;
    const struct maturity *m = &fw->maturity;
    double v = run_score(run, unit);
    int lv = maturity_level(m, v);
    if (lv < 0 || lv >= m->n - 1)
        return;
    char b1[32], b2[32];
    double gap = m->threshold[lv] - compute_published(fw, v);
    const char *next = level_label(fw, lv + 1, d->lang);
    char *s = xasprintf(tr(d->lang, "Para llegar al nivel %s (desde %s) faltan %s puntos."),
                        next ? next : "?", numd(d->rd, fw, b1, sizeof b1, m->threshold[lv], d->lang),
                        numd(d->rd, fw, b2, sizeof b2, gap > 0 ? gap : 0, d->lang));
    para_at(d, ML, TEXT_W, F_REG, st->text, STYLE_TEXT, s, 3);
    free(s);
}

static void card_build(struct doc *d, int unit, const struct card_style *st)
{
    const struct round_data *rd = d->rd;
    const struct institution *it = &rd->reg->items[unit];
    enum lang L = d->lang;
    char b3[32];
    d->footer = xasprintf("%s %s %d", tr(L, "Ficha institucional"), it->code, rd->year);
    new_page(d);
    card_header(d, it);
    heading(d, 2, tr(L, "Resumen"), 0);
    card_summary(d, unit);

    card_change(d, unit, st);

    /* one block per index */
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct framework *fw = run->fw;
        double v = run_value(run, unit, fw->root);
        char *lab = index_label(fw, L);
        char *h = isnan(v) ? xasprintf("%s: %s", lab, tr(L, "excluida (datos insuficientes)"))
                           : xasprintf("%s: %s (%s)", lab, numd(rd, fw, b3, sizeof b3, v, L),
                                       level_name(fw, v, L));
        free(lab);
        if (!run->res.included[unit]) {
            heading(d, 2, h, 0);
            free(h);
            para(d, tr(L, "Esta institución no se evaluó en este índice: respondió menos indicadores que el mínimo que fija la metodología (filtrado)."));
            continue;
        }
        if (st->charts)
            heading_chart(d, 2, h, 0, &(struct chart_ref){CHART_CARD, i, unit},
                          TEXT_W * st->chart_w);
        else
            heading(d, 2, h, 0);
        free(h);
        card_next_level(d, run, unit, st);
        card_axes(d, run, unit);
        card_indicators(d, run, unit, st);
    }
    card_sources(d, unit, st);
}

int render_scorecard_pdf(const struct round_data *rd, int unit, enum lang lang,
                         int charts, const char *path, struct diag *dg)
{
    if (!rd || !rd->reg || unit < 0 || unit >= rd->reg->n)
        BUG("render_scorecard_pdf: unit %d out of range", unit);
    const struct institution *it = &rd->reg->items[unit];
    enum lang L = lang;
    struct doc d;
    if (doc_open(&d, rd, lang, charts, dg) != 0)
        return -1;
    /* the roomiest style that fits CARD_PAGES, found by dry layouts: one
       libharu document and one font load per scorecard */
    int s = 0;
    for (;; s++) {
        doc_restart(&d, 1);
        card_build(&d, unit, &card_styles[s]);
        if (d.n_page <= CARD_PAGES || s == N_CARD_STYLES - 1)
            break;
    }
    doc_restart(&d, 0);
    card_build(&d, unit, &card_styles[s]);

    char *title = xasprintf("%s: %s %d", tr(L, "Ficha institucional"), NAME(it, L), rd->year);
    char *subject = title_with_year(round_title(rd, L), rd->year, " ");
    struct strbuf kw;
    strbuf_init(&kw);
    strbuf_addf(&kw, "%s, %s", it->code, tr(L, "gobierno digital"));
    keyword_country(&kw, rd);
    strbuf_addf(&kw, ", %d", rd->year);
    int rc = doc_save(&d, title, subject, kw.buf, 0, path, dg);
    free(title);
    free(subject);
    strbuf_release(&kw);
    doc_release(&d);
    return rc;
}
