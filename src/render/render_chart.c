/*
 * render_chart.c — the charts of a round, drawn with cairo (the only file that
 * includes <cairo.h>).
 *
 * Every chart is one draw function on a canvas (canvas.h) that lays itself
 * out top to bottom and returns the height it used.  It runs on a scratch
 * surface to learn the height, then on the PNG surface (scaled to the
 * requested dpi) and on the SVG canvas (svg_canvas.c), so the two files
 * always show the same picture; the PDFs draw it on their pages
 * (pdf_canvas.c).
 *
 * Determinism: the fonts are loaded by path through FreeType (fontconfig and
 * its configuration play no part) and metric hinting is off so text advances
 * do not depend on the surface.
 */
#include "render.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "atomic_file.h"
#include "canvas.h"
#include "png_encode.h"
#include "style.h"
#include "svg_canvas.h"
#include "findings.h"
#include "framework.h"
#include "i18n.h"
#include "strbuf.h"
#include "wrap.h"
#include "uncertainty.h"
#include "xalloc.h"

/* ======================================================================== */
/* Fonts                                                                     */
/* ======================================================================== */

/* The files are style.h's (the PDFs use the same).  Loaded once and kept
   for the life of the process: cairo may hold on to a
   font face in its caches after the last user lets go, and the FT_Face must
   outlive it (see dependencies.md §2). */
static struct {
    FT_Library lib;
    FT_Face face[2];
    cairo_font_face_t *cf[2];   /* [0] regular, [1] bold; NULL if none found */
} fonts;
static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;

static void fonts_load(void)
{
    if (FT_Init_FreeType(&fonts.lib) != 0)
        return;
    for (size_t i = 0; i < style_n_fonts; i++) {
        FT_Face f[2] = {NULL, NULL};
        if (FT_New_Face(fonts.lib, style_fonts[i].regular, 0, &f[0]) != 0)
            continue;
        if (FT_New_Face(fonts.lib, style_fonts[i].bold, 0, &f[1]) != 0) {
            FT_Done_Face(f[0]);
            continue;
        }
        for (int b = 0; b < 2; b++) {
            fonts.face[b] = f[b];
            fonts.cf[b] = cairo_ft_font_face_create_for_ft_face(f[b], 0);
        }
        return;
    }
}

/* ======================================================================== */
/* Drawing helpers                                                           */
/* ======================================================================== */

/* The width the chart is drawn at: the canvas's, or CHART_WIDTH (the text
   width of an A4 page). */
static double cw(const struct canvas *cv)
{
    return cv->width > 0 ? cv->width : CHART_WIDTH;
}
#define MARGIN     10.0
#define F_LABEL     8.0   /* institution and pillar labels (8 pt: readable in print) */
#define F_TICK      8.0
#define LINE_GAP    1.25  /* line height = size * LINE_GAP                  */

enum align { LEFT, CENTER, RIGHT };


static void set_rgb(struct canvas *cv, struct rgb c)
{
    cv_rgb(cv, c.r, c.g, c.b);
}

static double text_w(struct canvas *cv, int bold, double size, const char *s)
{
    return cv_text_width(cv, bold, size, s);
}

/* y is the baseline. */
static void text_at(struct canvas *cv, double x, double y, int bold, double size, enum align a,
                    const char *s)
{
    double w = a == LEFT ? 0 : text_w(cv, bold, size, s);
    cv_text(cv, a == LEFT ? x : a == CENTER ? x - w / 2 : x - w, y, bold, size, s);
}

/* What text_wrap() needs to measure chart text. */
struct chart_measure {
    struct canvas *cv;
    int bold;
    double size;
};

static double chart_text_width(const void *ctx, const char *text)
{
    const struct chart_measure *m = ctx;
    return text_w(m->cv, m->bold, m->size, text);
}

/* Word-wrap s into lines no wider than maxw (see text_wrap in wrap.h). */
static int wrap(struct canvas *cv, int bold, double size, const char *s, double maxw,
                char **lines, int maxlines)
{
    struct chart_measure m = {cv, bold, size};
    return text_wrap(s, maxw, chart_text_width, &m, lines, maxlines);
}


/* Wrapped paragraph from (x, y_top); returns the y below it. */
static double paragraph(struct canvas *cv, double x, double y, double maxw, int bold, double size,
                        struct rgb colour, const char *s)
{
    char *lines[64];
    int n = wrap(cv, bold, size, s, maxw, lines, 64);
    set_rgb(cv, colour);
    for (int i = 0; i < n && i < 64; i++) {
        y += size * LINE_GAP;
        text_at(cv, x, y - size * 0.25, bold, size, LEFT, lines[i]);
    }
    text_lines_free(lines, n, 64);
    return y;
}

/* A nice tick step (1, 2 or 5 times a power of ten) giving about 5 ticks. */
static double tick_step(double range)
{
    double raw = range / 5, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/* A viridis-like sequential ramp (perceptually even, colour-blind safe). */
static struct rgb ramp(double t)
{
    static const unsigned stops[] = {0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C,
                                     0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725};
    const int n = (int)(sizeof stops / sizeof stops[0]) - 1;
    if (!(t > 0))
        t = 0;
    if (t > 1)
        t = 1;
    int i = (int)(t * n);
    if (i >= n)
        i = n - 1;
    double f = t * n - i;
    unsigned a = stops[i], b = stops[i + 1];
    struct rgb c = {
        (((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f) / 255.0,
        (((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f) / 255.0,
        ((a & 255) * (1 - f) + (b & 255) * f) / 255.0,
    };
    return c;
}

static int is_dark(struct rgb c)
{
    return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b < 0.55;
}

/* ======================================================================== */
/* Data helpers                                                              */
/* ======================================================================== */

/* Rows of the charts with a row per institution (ranking, heatmap, change,
   rank intervals).  Up to ROWS_ALL institutions each is a row; a larger
   round shows the first and the last ROWS_END of the order, with one row
   between that says which positions are left out.  A chart of 5,000 bars
   can be neither read nor drawn (a PNG at print resolution stops at 32,767
   pixels, about 1,100 rows); the open data, the portal and the workbook
   list every institution. */
#define ROWS_ALL CHART_ROWS_ALL
#define ROWS_END CHART_ROWS_END
#define ROW_GAP (-1)

/* order[0..n) becomes the rows shown, in place; returns their count. */
static int rows_shown(int *order, int n)
{
    if (n <= ROWS_ALL)
        return n;
    memmove(order + ROWS_END + 1, order + n - ROWS_END, ROWS_END * sizeof *order);
    order[ROWS_END] = ROW_GAP;
    return 2 * ROWS_END + 1;
}

/* A legend entry's label, after the marker the caller drew at lx, on the
   legend line at ly; returns where the next entry's marker goes. */
static double legend_label(struct canvas *cv, double lx, double ly, const char *s)
{
    set_rgb(cv, STYLE_TEXT);
    text_at(cv, lx + 11, ly + 2.5, 0, F_TICK, LEFT, s);
    return lx + 11 + text_w(cv, 0, F_TICK, s) + 14;
}

/* Small text left-aligned at x on the row centred at cy, over a light
   backing so that lines drawn across the row stay readable behind it. */
static void backed_text(struct canvas *cv, double x, double cy, struct rgb colour,
                        const char *s)
{
    double w = text_w(cv, 0, F_TICK, s);
    cv_rgba(cv, 1, 1, 1, 0.85);
    cv_rect(cv, x - 1, cy - 4.5, w + 2, 9);
    cv_fill(cv);
    set_rgb(cv, colour);
    text_at(cv, x, cy + 2.5, 0, F_TICK, LEFT, s);
}

/* The row in place of the positions rows_shown() left out, n institutions
   in all; x is where the plot starts. */
static void gap_row_draw(struct canvas *cv, double x, double cy, int n, enum lang lang)
{
    char a[32], b[32], c[32];
    char *s = xasprintf(tr(lang, "\xe2\x80\xa6 %s instituciones más, posiciones %s a %s: "
                                 "todas están en los datos abiertos"),
                        fmt_num(a, sizeof a, n - 2 * ROWS_END, 0, lang),
                        fmt_num(b, sizeof b, ROWS_END + 1, 0, lang),
                        fmt_num(c, sizeof c, n - ROWS_END, 0, lang));
    /* on a light backing, as the value labels: lines drawn later (the
       national mean) stay behind it */
    backed_text(cv, x + 4, cy, STYLE_GREY, s);
    free(s);
}

/* ======================================================================== */
/* Labels and the abbreviation legend                                        */
/* ======================================================================== */

/* A row label: the full name on one or two lines when it fits, otherwise the
   code, with the name listed in the legend under the chart. */
struct label {
    char *line[2];
    int n;
};

struct legend {
    struct strbuf text;     /* "CODE: name · CODE: name" */
};

/* "CODE: name" appended to the legend, after a separator if needed. */
static void legend_add(struct legend *lg, const char *code, const char *name)
{
    if (lg->text.len)
        strbuf_adds(&lg->text, "  \xc2\xb7  ");
    strbuf_addf(&lg->text, "%s: %s", code, name);
}

/* The institutions whose label was shortened to their code, in the order
   the rows show them (order[0..n)). */
static void legend_add_units(struct legend *lg, const struct registry *reg,
                             const struct label *lab, const int *order, int n, enum lang lang)
{
    for (int i = 0; i < n; i++) {
        int u = order[i];
        if (u == ROW_GAP)
            continue;
        if (strcmp(lab[u].line[0], reg->items[u].code) == 0 &&
            strcmp(reg->items[u].code, NAME(&reg->items[u], lang)) != 0)
            legend_add(lg, reg->items[u].code, NAME(&reg->items[u], lang));
    }
}

static void label_make(struct canvas *cv, int bold, double size, double maxw, const char *code,
                       const char *name, struct label *l, struct legend *lg)
{
    int n = wrap(cv, bold, size, name, maxw, l->line, 2);
    if (n <= 2) {
        l->n = n;
        return;
    }
    text_lines_free(l->line, n, 2);
    l->line[0] = xstrdup(code);
    l->line[1] = NULL;
    l->n = 1;
    if (lg)
        legend_add(lg, code, name);
}

static void label_release(struct label *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->line[i]);
    l->n = 0;
}

/* Draw a label right-aligned at x, vertically centred on cy. */
static void label_draw(struct canvas *cv, const struct label *l, double x, double cy, int bold,
                       double size, struct rgb colour)
{
    double lh = size * LINE_GAP;
    double y = cy - (l->n - 1) * lh / 2 + size * 0.35;
    set_rgb(cv, colour);
    for (int i = 0; i < l->n; i++)
        text_at(cv, x, y + i * lh, bold, size, RIGHT, l->line[i]);
}

static double legend_draw(struct canvas *cv, const struct legend *lg, enum lang lang, double y)
{
    if (!lg->text.len)
        return y;
    char *s = xasprintf("%s: %s", tr(lang, "Abreviaturas"), lg->text.buf);
    y = paragraph(cv, MARGIN, y + 4, cw(cv) - 2 * MARGIN, 0, F_TICK, STYLE_GREY, s);
    free(s);
    return y;
}

/* ======================================================================== */
/* Common parts: header, watermark, value axis with maturity bands           */
/* ======================================================================== */

struct header {
    char *title, *subtitle;
    int demo;
    enum lang lang;
};

static double header_draw(struct canvas *cv, const struct header *h)
{
    cv_background(cv);
    double y = paragraph(cv, MARGIN, 4, cw(cv) - 2 * MARGIN, 1, 11, STYLE_TEXT, h->title);
    if (h->subtitle)
        y = paragraph(cv, MARGIN, y + 1, cw(cv) - 2 * MARGIN, 0, 8.5, STYLE_GREY, h->subtitle);
    if (h->demo)
        y = paragraph(cv, MARGIN, y + 1, cw(cv) - 2 * MARGIN, 1, 8, STYLE_VERMILLION,
                      tr(h->lang, "datos de demostración"));
    return y + 6;
}

/* A faint diagonal «datos de demostración» across the whole chart, so a
   chart cut out of a report still says what it is. */
static void watermark(struct canvas *cv, const struct header *h, double height)
{
    if (!h->demo || height <= 0)
        return;
    const char *s = tr(h->lang, "datos de demostración");
    double size = 40, w = text_w(cv, 1, size, s);
    double angle = -atan2(height, cw(cv));
    double fit = sqrt(cw(cv) * cw(cv) + height * height) * 0.8 / w;
    if (fit < 1)
        size *= fit;
    cv_save(cv);
    cv_translate(cv, cw(cv) / 2, height / 2);
    cv_rotate(cv, angle);
    cv_rgba(cv, STYLE_VERMILLION.r, STYLE_VERMILLION.g, STYLE_VERMILLION.b, 0.06);
    text_at(cv, 0, size * 0.35, 1, size, CENTER, s);
    cv_restore(cv);
}

/* The value axis shared by the ranking, profile and change charts. */
struct axis {
    double x0, x1;           /* plot area in points                         */
    double lo, hi;           /* framework scale                             */
    const struct maturity *mat;
    enum lang lang;
    int compact;             /* band names only if every one fits, no axis
                                title (the scorecard's profile)            */
};

static double ax_x(const struct axis *a, double v)
{
    if (v < a->lo)
        v = a->lo;
    if (v > a->hi)
        v = a->hi;
    return a->x0 + (v - a->lo) / (a->hi - a->lo) * (a->x1 - a->x0);
}

/* Shaded maturity bands from y0 to y1, with the level names above them
   (drawn between y0 - 11 and y0).  Shades step from light to less light grey,
   so the order of the levels reads without colour. */
static const char *band_name(const struct axis *a, int i)
{
    const struct maturity *m = a->mat;
    return m->name[i][a->lang] && *m->name[i][a->lang] ? m->name[i][a->lang] : m->name[i][LANG_ES];
}

/* 1 if every band's name fits over its band. */
static int band_names_fit(struct canvas *cv, const struct axis *a)
{
    const struct maturity *m = a->mat;
    for (int i = 0; m && i < m->n; i++) {
        double lo = i == 0 ? a->lo : m->threshold[i - 1];
        double hi = i == m->n - 1 ? a->hi : m->threshold[i];
        const char *name = band_name(a, i);
        if (name && text_w(cv, 0, F_TICK, name) > ax_x(a, hi) - ax_x(a, lo) - 2)
            return 0;
    }
    return 1;
}

static void bands_draw(struct canvas *cv, const struct axis *a, double y0, double y1)
{
    const struct maturity *m = a->mat;
    if (!m || m->n <= 0)
        return;
    int names = !a->compact || band_names_fit(cv, a);
    for (int i = 0; i < m->n; i++) {
        double lo = i == 0 ? a->lo : m->threshold[i - 1];
        double hi = i == m->n - 1 ? a->hi : m->threshold[i];
        double xa = ax_x(a, lo), xb = ax_x(a, hi);
        double g = 0.975 - 0.03 * i;
        cv_rgb(cv, g, g, g + 0.01 > 1 ? 1 : g + 0.01);
        cv_rect(cv, xa, y0, xb - xa, y1 - y0);
        cv_fill(cv);
        const char *name = band_name(a, i);
        /* at the charts' smallest size or not at all: a band too narrow
           for its name is named in the level table beside the chart (and
           compact, none is named unless all are) */
        if (names && name && text_w(cv, 0, F_TICK, name) <= xb - xa - 2) {
            set_rgb(cv, STYLE_GREY);
            text_at(cv, (xa + xb) / 2, y0 - 3, 0, F_TICK, CENTER, name);
        }
    }
}

/* The fewest decimals (at most 6) that print x exactly: the ticks of a 0-1
   scale step by 0.2, and "0" for each of them would say nothing. */
static int exact_decimals(double x)
{
    int d = 0;
    for (double s = fabs(x); d < 6 && fabs(s - round(s)) > 1e-9 * (1 + s); s *= 10)
        d++;
    return d;
}

/* Ticks, grid lines and the axis title below y1; returns the y below. */
static double axis_draw(struct canvas *cv, const struct axis *a, double y0, double y1)
{
    double step = tick_step(a->hi - a->lo);
    int td = exact_decimals(step);
    char buf[32];
    cv_line_width(cv, 0.4);
    for (double t = ceil(a->lo / step) * step; t <= a->hi + step * 1e-9; t += step) {
        double x = ax_x(a, t);
        set_rgb(cv, STYLE_GRID);
        cv_move_to(cv, x, y0);
        cv_line_to(cv, x, y1);
        cv_stroke(cv);
        set_rgb(cv, STYLE_GREY);
        text_at(cv, x, y1 + 9, 0, F_TICK, CENTER, fmt_num(buf, sizeof buf, t, td, a->lang));
    }
    set_rgb(cv, STYLE_GREY);
    cv_move_to(cv, a->x0, y1);
    cv_line_to(cv, a->x1, y1);
    cv_stroke(cv);
    if (a->compact)
        return y1 + 12;
    char *title = xasprintf("%s (%s\xe2\x80\x93%s)", tr(a->lang, "Puntaje"),
                            fmt_num(buf, 16, a->lo, exact_decimals(a->lo), a->lang),
                            fmt_num(buf + 16, 16, a->hi, exact_decimals(a->hi), a->lang));
    text_at(cv, (a->x0 + a->x1) / 2, y1 + 20, 0, F_TICK, CENTER, title);
    free(title);
    return y1 + 24;
}

/* A vertical dashed line for the national mean, labelled at the top. */
static void mean_draw(struct canvas *cv, const struct axis *a, double mean, double y0, double y1)
{
    if (isnan(mean))
        return;
    double x = ax_x(a, mean);
    double dash[] = {3, 2};
    cv_save(cv);
    set_rgb(cv, STYLE_VERMILLION);
    cv_line_width(cv, 1.1);
    cv_dash(cv, dash, 2);
    cv_move_to(cv, x, y0);
    cv_line_to(cv, x, y1);
    cv_stroke(cv);
    cv_restore(cv);
}

/* ======================================================================== */
/* Output: one drawing, two files                                            */
/* ======================================================================== */

typedef double (*draw_fn)(struct canvas *cv, const void *arg, double height);

/* ---- the cairo canvas ---------------------------------------------------- */

static void cc_rgba(void *p, double r, double g, double b, double a)
{
    cairo_set_source_rgba(p, r, g, b, a);
}
static void cc_line_width(void *p, double w) { cairo_set_line_width(p, w); }
static void cc_dash(void *p, const double *on_off, int n) { cairo_set_dash(p, on_off, n, 0); }
static void cc_move_to(void *p, double x, double y) { cairo_move_to(p, x, y); }
static void cc_line_to(void *p, double x, double y) { cairo_line_to(p, x, y); }
static void cc_close_path(void *p) { cairo_close_path(p); }
static void cc_rect(void *p, double x, double y, double w, double h)
{
    cairo_rectangle(p, x, y, w, h);
}
static void cc_circle(void *p, double x, double y, double r)
{
    cairo_new_sub_path(p);
    cairo_arc(p, x, y, r, 0, 2 * M_PI);
}
static void cc_fill(void *p) { cairo_fill(p); }
static void cc_stroke(void *p) { cairo_stroke(p); }
static void cc_save(void *p) { cairo_save(p); }
static void cc_restore(void *p) { cairo_restore(p); }
static void cc_translate(void *p, double x, double y) { cairo_translate(p, x, y); }
static void cc_rotate(void *p, double a) { cairo_rotate(p, a); }

static void cc_font(cairo_t *cr, int bold, double size)
{
    cairo_set_font_face(cr, fonts.cf[bold ? 1 : 0]);
    cairo_set_font_size(cr, size);
}

static void cc_text(void *p, double x, double y, int bold, double size, const char *s)
{
    cc_font(p, bold, size);
    cairo_move_to(p, x, y);
    cairo_show_text(p, s);
    cairo_new_path(p);   /* show_text leaves a current point behind */
}

static double cc_text_width(void *p, int bold, double size, const char *s)
{
    cairo_text_extents_t e;
    cc_font(p, bold, size);
    cairo_text_extents(p, s, &e);
    return e.x_advance;
}

static void cc_background(void *p)
{
    cairo_set_source_rgb(p, 1, 1, 1);
    cairo_paint(p);
}

static void cc_hramp(void *p, double x, double y, double w, double h, const double *rgb, int n)
{
    cairo_pattern_t *g = cairo_pattern_create_linear(x, 0, x + w, 0);
    for (int i = 0; i < n; i++)
        cairo_pattern_add_color_stop_rgb(g, n > 1 ? (double)i / (n - 1) : 0, rgb[3 * i],
                                         rgb[3 * i + 1], rgb[3 * i + 2]);
    cairo_set_source(p, g);
    cairo_rectangle(p, x, y, w, h);
    cairo_fill(p);
    cairo_pattern_destroy(g);
}

static const struct canvas_ops cairo_ops = {
    cc_rgba, cc_line_width, cc_dash, cc_move_to, cc_line_to, cc_close_path, cc_rect, cc_circle,
    cc_fill, cc_stroke, cc_save, cc_restore, cc_translate, cc_rotate, cc_text, cc_text_width,
    cc_background, cc_hramp,
};

/* A canvas on surface s, with the chart font options; cairo_destroy(cv.impl)
   when done. */
static struct canvas cairo_canvas(cairo_surface_t *s)
{
    cairo_t *cr = cairo_create(s);
    cairo_font_options_t *o = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, o);
    cairo_font_options_destroy(o);
    return (struct canvas){&cairo_ops, cr, 0};
}

static int write_out(const char *path, const void *data, size_t n, struct diag *d)
{
    if (write_file(path, data, n) != 0)
        return diag_error(d, EX_CANTCREAT_, path, 0, 0, "cannot write chart: %s",
                          strerror(errno));
    return 0;
}

/* The pixels of a chart's PNG surface: one buffer per process, reused by
   the next chart up to REUSED_MAX bytes (a profile is 2.7 MB at 150 dpi),
   so that each chart does not fault in and zero fresh pages; larger
   surfaces get their own (cairo's), freed with them.  Cleared to zero
   before each chart as a fresh surface is (every chart then paints its
   background over it). */
enum { REUSED_MAX = 8 << 20 };
static _Thread_local struct {
    unsigned char *data;
    size_t cap;
} pixels;

static cairo_surface_t *png_surface(int pw, int ph)
{
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, pw);
    size_t n = (size_t)stride * (size_t)ph;
    if (stride <= 0 || n > REUSED_MAX)
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    if (n > pixels.cap) {
        free(pixels.data);
        pixels.data = xmalloc(REUSED_MAX);
        pixels.cap = REUSED_MAX;
    }
    memset(pixels.data, 0, n);
    return cairo_image_surface_create_for_data(pixels.data, CAIRO_FORMAT_RGB24, pw, ph, stride);
}

/* Lay out (scratch surface), then draw base.png at dpi (stated in its
   pHYs) and base.svg with title and desc. */
static int emit(const char *base, int dpi, draw_fn draw, const void *arg, const char *title,
                const char *desc, struct diag *d)
{
    if (dpi < 36 || dpi > 1200)
        BUG("chart dpi %d out of range", dpi);
    /* the layout, on a scratch surface that then measures the SVG's text */
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    struct canvas measure = cairo_canvas(scratch);
    double h = ceil(draw(&measure, arg, 0));

    int rc = 0;
    double k = dpi / 72.0;
    int pw = (int)ceil(CHART_WIDTH * k), ph = (int)ceil(h * k);
    cairo_surface_t *s = png_surface(pw, ph);
    struct canvas cv = cairo_canvas(s);
    cairo_scale(cv.impl, k, k);
    draw(&cv, arg, h);
    cairo_destroy(cv.impl);
    struct strbuf buf;
    strbuf_init(&buf);
    char *path = xasprintf("%s.png", base);
    cairo_surface_flush(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
        png_encode_rgb24(cairo_image_surface_get_data(s), pw, ph,
                         cairo_image_surface_get_stride(s), dpi, &buf) != 0)
        rc = diag_error(d, EX_CANTCREAT_, path, 0, 0, "cannot encode chart as PNG");
    else
        rc = write_out(path, buf.buf, buf.len, d);
    cairo_surface_destroy(s);
    free(path);
    strbuf_reset(&buf);

    if (rc == 0) {
        cv = svg_canvas_open(&buf, CHART_WIDTH, h, &measure, title, desc);
        draw(&cv, arg, h);
        svg_canvas_close(&cv);
        path = xasprintf("%s.svg", base);
        rc = write_out(path, buf.buf, buf.len, d);
        free(path);
    }
    strbuf_release(&buf);
    cairo_destroy(measure.impl);
    cairo_surface_destroy(scratch);
    return rc;
}

/* What every chart's draw function gets. */
struct chart_ctx {
    const struct round_data *rd;
    const struct index_run *run;
    int unit;                /* the profile's institution                   */
    enum lang lang;
    struct header h;
    int row0, nrows;         /* the rows drawn (a part of a long chart split
                                across pages); nrows 0: all of them       */
};

/* Of the rows[0..n) of a chart with a row per institution, the part c
   asks for: its first row, and its count in *count. */
static int rows_part(const struct chart_ctx *c, int n, int *count)
{
    int first = c->row0 < n ? c->row0 : n;
    *count = c->nrows > 0 && c->nrows < n - first ? c->nrows : n - first;
    return first;
}

/* Checks shared by every chart function. */
static const struct index_run *chart_begin(const struct round_data *rd, int idx, struct diag *d)
{
    if (!rd || !rd->reg || idx < 0 || idx >= rd->n_idx)
        BUG("chart: index %d out of range", idx);
    const struct index_run *run = &rd->idx[idx];
    if (run->res.n_units != rd->reg->n)
        BUG("chart: result has %d units, registry %d", run->res.n_units, rd->reg->n);
    pthread_once(&fonts_once, fonts_load);
    if (!fonts.cf[0]) {
        diag_error(d, EX_SOFTWARE_, style_fonts[0].regular, 0, 0,
                   "no usable TrueType font: cannot load this one with %s, nor %s with %s "
                   "(install fonts-liberation2 or fonts-dejavu-core, or build indigo with "
                   "the meson options font_regular and font_bold)",
                   style_fonts[0].bold, style_fonts[1].regular, style_fonts[1].bold);
        return NULL;
    }
    return run;
}

static char *index_title(const struct round_data *rd, const struct framework *fw,
                         enum lang lang)
{
    return xasprintf("%s (%s) \xc2\xb7 %d", NAME(fw, lang), fw->code, rd->year);
}

/* The rows of a chart with a row per institution, in ranking order: each
   institution's label, the rows shown (rows_shown) and their height. */
struct unit_rows {
    struct label *lab;       /* by unit                                      */
    int *all;                /* every row's unit, ROW_GAP for the gap        */
    int *order;              /* the rows shown: all from the part's first    */
    int rows;
    double row;              /* a row's height                               */
};

/* The change of unit u since the previous round; NAN without both. */
static double unit_change(const struct index_run *run, int u)
{
    return run_value(run, u, run->fw->root) - run_prev_value(run, u, run->fw->root);
}

struct by_change {
    const struct index_run *run;
    const int *pos;          /* each unit's place in the ranking order */
};

/* Largest gain first; units without a change last; ties in ranking order. */
static int cmp_by_change(const void *a, const void *b, void *arg)
{
    const struct by_change *k = arg;
    int u = *(const int *)a, v = *(const int *)b;
    double x = unit_change(k->run, u), y = unit_change(k->run, v);
    if (isnan(x) != isnan(y))
        return isnan(x) ? 1 : -1;
    if (!isnan(x) && x != y)
        return x > y ? -1 : 1;
    return k->pos[u] - k->pos[v];
}

/* Labels label_w wide; the ones shortened to a code go into lg in the
   order the rows show them.  A row is one or two label lines tall, plus
   pad.  by_change: rows by change since the previous round, not by score. */
static void unit_rows_make(struct canvas *cv, const struct chart_ctx *c, double label_w,
                           double pad, int by_change, struct legend *lg, struct unit_rows *ur)
{
    const struct registry *reg = c->rd->reg;
    int two = 0;
    ur->lab = xcalloc((size_t)(reg->n ? reg->n : 1), sizeof *ur->lab);
    for (int u = 0; u < reg->n; u++) {
        label_make(cv, 0, F_LABEL, label_w, reg->items[u].code, NAME(&reg->items[u], c->lang),
                   &ur->lab[u], NULL);
        two |= ur->lab[u].n > 1;
    }
    ur->all = ur->order = units_by_score(c->rd, c->run);
    if (by_change) {
        int *pos = xcalloc((size_t)(reg->n ? reg->n : 1), sizeof *pos);
        for (int i = 0; i < reg->n; i++)
            pos[ur->order[i]] = i;
        struct by_change k = {c->run, pos};
        qsort_r(ur->order, (size_t)reg->n, sizeof *ur->order, cmp_by_change, &k);
        free(pos);
    }
    ur->order += rows_part(c, rows_shown(ur->order, reg->n), &ur->rows);
    legend_add_units(lg, reg, ur->lab, ur->order, ur->rows, c->lang);
    ur->row = two ? 2 * F_LABEL * LINE_GAP + 5 : F_LABEL * LINE_GAP + pad;
}

static void unit_rows_release(struct unit_rows *ur, int n)
{
    for (int u = 0; u < n; u++)
        label_release(&ur->lab[u]);
    free(ur->lab);
    free(ur->all);
}

/* In place of a bar: why institution u has no score. */
static void no_score_draw(struct canvas *cv, const struct chart_ctx *c, int u, double x, double cy)
{
    const struct result *r = &c->run->res;
    set_rgb(cv, STYLE_GREY);
    text_at(cv, x + 4, cy + 2.5, 0, F_TICK, LEFT,
            r->included && !r->included[u] ? tr(c->lang, "excluida (datos insuficientes)")
                                           : tr(c->lang, "sin dato"));
}

/* ======================================================================== */
/* Ranking: horizontal bars, best first, mean line, maturity bands           */
/* ======================================================================== */

/* The mean's key above the bands, right-aligned at x1: a dashed sample and
   «Promedio nacional: 64,3». */
static void ranking_mean_key(struct canvas *cv, const struct chart_ctx *c, double x1, double y,
                             double mean)
{
    char buf[32];
    char *ml = xasprintf("%s: %s", tr(c->lang, "Promedio nacional"),
                         fmt_num(buf, sizeof buf, mean, run_decimals(c->rd, c->run), c->lang));
    set_rgb(cv, STYLE_VERMILLION);
    text_at(cv, x1, y + 7, 0, F_TICK, RIGHT, ml);
    double sample_x = x1 - text_w(cv, 0, F_TICK, ml) - 16;
    free(ml);
    double dash[] = {3, 2};
    cv_save(cv);
    cv_dash(cv, dash, 2);
    cv_line_width(cv, 1.1);
    cv_move_to(cv, sample_x, y + 4.5);
    cv_line_to(cv, sample_x + 12, y + 4.5);
    cv_stroke(cv);
    cv_restore(cv);
}

/* The label and the bar of each row (the value labels come later). */
static void ranking_bars(struct canvas *cv, const struct chart_ctx *c, const struct unit_rows *ur,
                         const struct axis *a, double y0)
{
    const struct index_run *run = c->run;
    for (int i = 0; i < ur->rows; i++) {
        int u = ur->order[i];
        double cy = y0 + (i + 0.5) * ur->row;
        if (u == ROW_GAP)
            continue;   /* drawn after the mean line, with the value labels */
        double v = run_value(run, u, run->fw->root);
        int excluded = isnan(v);
        label_draw(cv, &ur->lab[u], a->x0 - 6, cy, 0, F_LABEL, excluded ? STYLE_GREY : STYLE_TEXT);
        if (excluded) {
            no_score_draw(cv, c, u, a->x0, cy);
            continue;
        }
        double bh = fmin(ur->row * 0.62, 11);
        set_rgb(cv, STYLE_BLUE);
        cv_rect(cv, a->x0, cy - bh / 2, ax_x(a, v) - a->x0, bh);
        cv_fill(cv);
    }
}

static double ranking_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    const struct index_run *run = c->run;
    const struct framework *fw = run->fw;
    char buf[32];
    double y = header_draw(cv, &c->h);

    struct legend lg;
    strbuf_init(&lg.text);
    double label_w = cw(cv) * 0.36;
    struct unit_rows ur;
    unit_rows_make(cv, c, label_w, 7, 0, &lg, &ur);
    struct axis a = {MARGIN + label_w + 8, cw(cv) - MARGIN - 30, fw->scale_min, fw->scale_max,
                     &fw->maturity, c->lang, 0};
    double mean = run->res.national[fw->root];
    ranking_mean_key(cv, c, a.x1, y, mean);
    y += 22;

    double y0 = y, y1 = y + ur.rows * ur.row;
    bands_draw(cv, &a, y0, y1);
    y1 = axis_draw(cv, &a, y0, y1) - 24;
    ranking_bars(cv, c, &ur, &a, y0);
    mean_draw(cv, &a, mean, y0 - 2, y1);
    /* value labels last, on a light backing, so the mean line never hides them */
    for (int i = 0; i < ur.rows; i++) {
        int u = ur.order[i];
        double cy = y0 + (i + 0.5) * ur.row;
        if (u == ROW_GAP) {
            gap_row_draw(cv, a.x0, cy, c->rd->reg->n, c->lang);
            continue;
        }
        double v = run_value(run, u, fw->root);
        if (isnan(v))
            continue;
        backed_text(cv, ax_x(&a, v) + 3, cy, STYLE_TEXT, fmt_num(buf, sizeof buf, v, run_decimals(c->rd, c->run), c->lang));
    }
    y = y1 + 24;
    y = legend_draw(cv, &lg, c->lang, y);

    unit_rows_release(&ur, c->rd->reg->n);
    strbuf_release(&lg.text);
    watermark(cv, &c->h, height);
    return y + MARGIN;
}


/* ======================================================================== */
/* Profile: one institution's pillars against the national mean             */
/* ======================================================================== */

/* A diamond marker, the national mean's symbol in the profile charts. */
static void diamond(struct canvas *cv, double x, double y, double r)
{
    cv_move_to(cv, x, y - r);
    cv_line_to(cv, x + r, y);
    cv_line_to(cv, x, y + r);
    cv_line_to(cv, x - r, y);
    cv_close_path(cv);
}

static double profile_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    const struct index_run *run = c->run;
    const struct framework *fw = run->fw;
    const struct institution *it = &c->rd->reg->items[c->unit];
    char buf[32];
    double y = header_draw(cv, &c->h);

    int *pil, np = framework_pillars(fw, &pil);
    int nrows = np + 1;
    int *node = xcalloc((size_t)nrows, sizeof *node);
    node[0] = fw->root;
    memcpy(node + 1, pil, (size_t)np * sizeof *pil);
    free(pil);

    double label_w = cw(cv) * 0.34;
    struct label *lab = xcalloc((size_t)nrows, sizeof *lab);
    struct legend lg;
    strbuf_init(&lg.text);
    int two = 0;
    for (int r = 0; r < nrows; r++) {
        const struct node *nd = &fw->nodes[node[r]];
        label_make(cv, r == 0, F_LABEL, label_w, nd->code, NAME(nd, c->lang), &lab[r], &lg);
        two |= lab[r].n > 1;
    }
    double row = two ? 2 * F_LABEL * LINE_GAP + 6 : F_LABEL * LINE_GAP + 9;
    double col_w = 38;
    struct axis a = {MARGIN + label_w + 8, cw(cv) - MARGIN - 2 * col_w - 6, fw->scale_min,
                     fw->scale_max, &fw->maturity, c->lang, 0};

    /* legend: ● institution   ◆ national mean, and the value column heads */
    double ly = y + 5;
    set_rgb(cv, STYLE_BLUE);
    cv_circle(cv, a.x0 + 4, ly, 3.2);
    cv_fill(cv);
    double lx = legend_label(cv, a.x0, ly, it->code);
    set_rgb(cv, STYLE_VERMILLION);
    diamond(cv, lx + 4, ly, 3.6);
    cv_fill(cv);
    legend_label(cv, lx, ly, tr(c->lang, "Promedio nacional"));
    double cx1 = cw(cv) - MARGIN - col_w, cx0 = cx1 - col_w;
    text_at(cv, cx0 + col_w - 4, ly + 2.5, 1, F_TICK, RIGHT, it->code);
    char *nat = wrap(cv, 1, F_TICK, tr(c->lang, "Promedio nacional"), col_w, NULL, 0) > 1
                    ? xstrdup(tr(c->lang, "Nacional"))
                    : xstrdup(tr(c->lang, "Promedio nacional"));
    text_at(cv, cx1 + col_w - 4, ly + 2.5, 1, F_TICK, RIGHT, nat);
    free(nat);
    y += 24;

    double y0 = y, y1 = y + nrows * row;
    bands_draw(cv, &a, y0, y1);
    axis_draw(cv, &a, y0, y1);
    for (int r = 0; r < nrows; r++) {
        double cy = y0 + (r + 0.5) * row;
        double v = run_value(run, c->unit, node[r]), m = run->res.national[node[r]];
        label_draw(cv, &lab[r], a.x0 - 6, cy, r == 0, F_LABEL, STYLE_TEXT);
        if (!isnan(v) && !isnan(m)) {
            set_rgb(cv, STYLE_LINK);
            cv_line_width(cv, 1.2);
            cv_move_to(cv, ax_x(&a, v), cy);
            cv_line_to(cv, ax_x(&a, m), cy);
            cv_stroke(cv);
        }
        if (!isnan(m)) {
            set_rgb(cv, STYLE_VERMILLION);
            diamond(cv, ax_x(&a, m), cy, 4.2);
            cv_fill(cv);
        }
        if (!isnan(v)) {
            set_rgb(cv, STYLE_BLUE);
            cv_circle(cv, ax_x(&a, v), cy, 3.8);
            cv_fill(cv);
        } else {
            set_rgb(cv, STYLE_GREY);
            text_at(cv, a.x0 + 4, cy + 2.5, 0, F_TICK, LEFT, tr(c->lang, "sin dato"));
        }
        set_rgb(cv, STYLE_TEXT);
        text_at(cv, cx0 + col_w - 4, cy + 2.5, r == 0, F_LABEL, RIGHT,
                fmt_num(buf, sizeof buf, v, run_decimals(c->rd, c->run), c->lang));
        text_at(cv, cx1 + col_w - 4, cy + 2.5, r == 0, F_LABEL, RIGHT,
                fmt_num(buf, sizeof buf, m, run_decimals(c->rd, c->run), c->lang));
    }
    y = legend_draw(cv, &lg, c->lang, y1 + 24);

    for (int r = 0; r < nrows; r++)
        label_release(&lab[r]);
    free(lab);
    free(node);
    strbuf_release(&lg.text);
    watermark(cv, &c->h, height);
    return y + MARGIN;
}


/* ---- the scorecard's compact profile ------------------------------------ */

/* The compact profile a scorecard places under each index's heading (the
   heading names the index, so the chart has no title): a row per pillar,
   the institution's score (dot), the national mean (diamond) and, where the
   earlier round measured the institution, its score then (open dot); the
   values in columns at the right as wide as their text. */
struct card_cols {
    int prev;                /* the earlier round scored the institution    */
    int n;                   /* columns: score, national[, prev, change]    */
    const char *head[4];
    double w[4], x1[4];      /* width and right edge of each column         */
    char year[16];
};

/* Cell col of row node, in buf. */
static const char *card_cell(const struct chart_ctx *c, int node, int col, char *buf, size_t n)
{
    const struct index_run *run = c->run;
    int dec = run_decimals(c->rd, run);
    double v = run_value(run, c->unit, node), p = run_prev_value(run, c->unit, node);
    if (col == 0)
        return fmt_num(buf, n, v, dec, c->lang);
    if (col == 1)
        return fmt_num(buf, n, run->res.national[node], dec, c->lang);
    if (col == 2)
        return fmt_num(buf, n, p, dec, c->lang);
    if (isnan(v) || isnan(p))
        return fmt_num(buf, n, NAN, dec, c->lang);
    char tmp[32];
    fmt_num(tmp, sizeof tmp, v - p, dec, c->lang);
    snprintf(buf, n, "%s%s", tmp[0] != '-' && strspn(tmp, "0,.") != strlen(tmp) ? "+" : "", tmp);
    return buf;
}

static void card_cols_make(struct canvas *cv, const struct chart_ctx *c, const int *node,
                           int nrows, struct card_cols *k)
{
    const struct index_run *run = c->run;
    /* the earlier round's columns only if it scored the institution */
    k->prev = 0;
    for (int r = 0; r < nrows && run->prev_year > 0; r++)
        k->prev |= !isnan(run_prev_value(run, c->unit, node[r]));
    snprintf(k->year, sizeof k->year, "%d", run->prev_year);
    k->n = k->prev ? 4 : 2;
    k->head[0] = c->rd->reg->items[c->unit].code;
    k->head[1] = tr(c->lang, "Nacional");
    k->head[2] = k->year;
    k->head[3] = tr(c->lang, "Cambio");
    double x = cw(cv) - MARGIN;
    for (int j = k->n - 1; j >= 0; j--) {
        double w = text_w(cv, 1, F_TICK, k->head[j]);
        for (int r = 0; r < nrows; r++) {
            char buf[32];
            double tw = text_w(cv, 1, F_LABEL, card_cell(c, node[r], j, buf, sizeof buf));
            w = tw > w ? tw : w;
        }
        k->w[j] = w + 8;
        k->x1[j] = x;
        x -= k->w[j];
    }
}

/* The key's width. */
static double card_key_w(struct canvas *cv, const struct card_cols *k, const char *mean)
{
    /* each entry: a marker, 11 points to its text, 14 to the next marker */
    double w = 2 * 25 + 11 + text_w(cv, 0, F_TICK, k->head[0]) + text_w(cv, 0, F_TICK, mean);
    return k->prev ? w + text_w(cv, 0, F_TICK, k->year) : w - 25;
}

/* The key: ● code ◆ national mean ○ earlier round. */
static void card_key(struct canvas *cv, const struct card_cols *k, const char *mean, double x0,
                     double ly)
{
    set_rgb(cv, STYLE_BLUE);
    cv_circle(cv, x0 + 4, ly, 3.2);
    cv_fill(cv);
    double lx = legend_label(cv, x0, ly, k->head[0]);
    set_rgb(cv, STYLE_VERMILLION);
    diamond(cv, lx + 4, ly, 3.6);
    cv_fill(cv);
    lx = legend_label(cv, lx, ly, mean);
    if (k->prev) {
        set_rgb(cv, STYLE_GREY);
        cv_line_width(cv, 1.1);
        cv_circle(cv, lx + 4, ly, 3);
        cv_stroke(cv);
        legend_label(cv, lx, ly, k->year);
    }
}

/* Row node centred on cy: markers on the axis, values in the columns. */
static void card_row(struct canvas *cv, const struct chart_ctx *c, const struct axis *a,
                     const struct card_cols *k, int node, int bold, double cy)
{
    const struct index_run *run = c->run;
    double v = run_value(run, c->unit, node), m = run->res.national[node];
    double p = k->prev ? run_prev_value(run, c->unit, node) : NAN;
    if (!isnan(v) && !isnan(m)) {
        set_rgb(cv, STYLE_LINK);
        cv_line_width(cv, 1.2);
        cv_move_to(cv, ax_x(a, v), cy);
        cv_line_to(cv, ax_x(a, m), cy);
        cv_stroke(cv);
    }
    if (!isnan(p)) {
        set_rgb(cv, STYLE_GREY);
        cv_line_width(cv, 1.1);
        cv_circle(cv, ax_x(a, p), cy, 3);
        cv_stroke(cv);
    }
    if (!isnan(m)) {
        set_rgb(cv, STYLE_VERMILLION);
        diamond(cv, ax_x(a, m), cy, 3.8);
        cv_fill(cv);
    }
    if (!isnan(v)) {
        set_rgb(cv, STYLE_BLUE);
        cv_circle(cv, ax_x(a, v), cy, 3.4);
        cv_fill(cv);
    } else {
        set_rgb(cv, STYLE_GREY);
        text_at(cv, a->x0 + 4, cy + 2.5, 0, F_TICK, LEFT, tr(c->lang, "sin dato"));
    }
    for (int j = 0; j < k->n; j++) {
        char buf[32];
        set_rgb(cv, j == 0 ? STYLE_TEXT : STYLE_GREY);
        text_at(cv, k->x1[j], cy + 2.5, bold, F_LABEL, RIGHT,
                card_cell(c, node, j, buf, sizeof buf));
    }
}

static double card_profile_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    const struct framework *fw = c->run->fw;
    int *pil, np = framework_pillars(fw, &pil);
    int nrows = np + 1;
    int *node = xcalloc((size_t)nrows, sizeof *node);
    node[0] = fw->root;
    memcpy(node + 1, pil, (size_t)np * sizeof *pil);
    free(pil);

    struct card_cols k;
    card_cols_make(cv, c, node, nrows, &k);
    /* the labels as wide as the longest, up to 36 % of the width, */
    double label_w = 0;
    for (int r = 0; r < nrows; r++) {
        double w = text_w(cv, r == 0, F_LABEL, NAME(&fw->nodes[node[r]], c->lang));
        label_w = w > label_w ? w : label_w;
    }
    /* and wide enough for the key above them, if that takes no more */
    double key_w = card_key_w(cv, &k, tr(c->lang, "Nacional")) - 8;
    label_w = key_w > label_w ? key_w : label_w;
    label_w = label_w < cw(cv) * 0.36 ? label_w : cw(cv) * 0.36;
    struct label *lab = xcalloc((size_t)nrows, sizeof *lab);
    struct legend lg;
    strbuf_init(&lg.text);
    int two = 0;
    for (int r = 0; r < nrows; r++) {
        label_make(cv, r == 0, F_LABEL, label_w, fw->nodes[node[r]].code,
                   NAME(&fw->nodes[node[r]], c->lang), &lab[r], &lg);
        two |= lab[r].n > 1;
    }
    double row = two ? 2 * F_LABEL * LINE_GAP + 2 : F_LABEL * LINE_GAP + 2;
    struct axis a = {MARGIN + label_w + 8, k.x1[0] - k.w[0] - 8, fw->scale_min, fw->scale_max,
                     &fw->maturity, c->lang, 1};
    cv_background(cv);
    /* the column heads on the line of the band names, and the key too if
       it fits over the labels, else under the axis */
    double y0 = 14, y1 = y0 + nrows * row;
    set_rgb(cv, STYLE_TEXT);
    for (int j = 0; j < k.n; j++)
        text_at(cv, k.x1[j], y0 - 3, 1, F_TICK, RIGHT, k.head[j]);
    bands_draw(cv, &a, y0, y1);
    double y = axis_draw(cv, &a, y0, y1);
    const char *mean = tr(c->lang, "Promedio nacional"), *shortm = tr(c->lang, "Nacional");
    double room = a.x0 - MARGIN;   /* from MARGIN - 4 to 4 points short of the plot */
    if (card_key_w(cv, &k, mean) <= room || card_key_w(cv, &k, shortm) <= room) {
        card_key(cv, &k, card_key_w(cv, &k, mean) <= room ? mean : shortm, MARGIN - 4, y0 - 5.5);
    } else {
        card_key(cv, &k, mean, a.x0, y + 3);
        y += 9;
    }
    for (int r = 0; r < nrows; r++) {
        double cy = y0 + (r + 0.5) * row;
        label_draw(cv, &lab[r], a.x0 - 6, cy, r == 0, F_LABEL, STYLE_TEXT);
        card_row(cv, c, &a, &k, node[r], r == 0, cy);
    }
    y = legend_draw(cv, &lg, c->lang, y);
    for (int r = 0; r < nrows; r++)
        label_release(&lab[r]);
    free(lab);
    free(node);
    strbuf_release(&lg.text);
    watermark(cv, &c->h, height);
    return y + 2;
}

/* ======================================================================== */
/* Heatmap: institutions x pillars, value in each cell                       */
/* ======================================================================== */

/* The heatmap's columns: the index, then its pillars. */
#define HEAT_COLS_MAX 64
struct heat_cols {
    int node[HEAT_COLS_MAX];
    int n;
    double x0, x1, cw;                 /* the cells' left, right, a column's width */
    char *head[HEAT_COLS_MAX][3];      /* a column's head, up to three lines */
    int head_n[HEAT_COLS_MAX];
    int head_lines;                    /* the most lines of any head         */
};

/* The columns and their heads: up to three lines of whole words, else the
   code (named in the legend): "institucionalida-d" is no way to print a
   word. */
static void heat_cols_make(struct canvas *cv, const struct chart_ctx *c, double label_w,
                           struct heat_cols *hc, struct legend *lg)
{
    const struct framework *fw = c->run->fw;
    int *pil, np = framework_pillars(fw, &pil);
    hc->n = np + 1;
    if (hc->n > HEAT_COLS_MAX)
        BUG("heatmap: %d pillars", hc->n);
    hc->node[0] = fw->root;
    memcpy(hc->node + 1, pil, (size_t)np * sizeof *pil);
    free(pil);
    hc->x0 = MARGIN + label_w + 8;
    hc->x1 = cw(cv) - MARGIN;
    hc->cw = (hc->x1 - hc->x0) / hc->n;
    hc->head_lines = 1;
    for (int k = 0; k < hc->n; k++) {
        const struct node *nd = &fw->nodes[hc->node[k]];
        struct chart_measure cm = {cv, k == 0, F_TICK};
        int whole = text_widest_word(NAME(nd, c->lang), chart_text_width, &cm) <= hc->cw - 4;
        int m = wrap(cv, k == 0, F_TICK, NAME(nd, c->lang), hc->cw - 4, hc->head[k], 3);
        if (m > 3 || !whole) {
            text_lines_free(hc->head[k], m, 3);
            hc->head[k][0] = xstrdup(nd->code);
            m = 1;
            legend_add(lg, nd->code, NAME(nd, c->lang));
        }
        hc->head_n[k] = m;
        if (m > hc->head_lines)
            hc->head_lines = m;
    }
}

static void heat_cols_release(struct heat_cols *hc)
{
    for (int k = 0; k < hc->n; k++)
        text_lines_free(hc->head[k], hc->head_n[k], 3);
}

/* The heads, bottom-aligned, from y; returns the y below them. */
static double heat_heads_draw(struct canvas *cv, const struct heat_cols *hc, double y)
{
    double lh = F_TICK * LINE_GAP;
    set_rgb(cv, STYLE_TEXT);
    for (int k = 0; k < hc->n; k++)
        for (int l = 0; l < hc->head_n[k]; l++)
            text_at(cv, hc->x0 + (k + 0.5) * hc->cw,
                    y + (hc->head_lines - hc->head_n[k] + l + 1) * lh - 2, k == 0, F_TICK,
                    CENTER, hc->head[k][l]);
    return y + hc->head_lines * lh + 4;
}

/* Row i of the grid (institution u) in the grid whose top is y, rows row
   points tall. */
static void heat_row_draw(struct canvas *cv, const struct chart_ctx *c, const struct heat_cols *hc,
                          const struct label *lab, int u, double y, int i, double row)
{
    const struct framework *fw = c->run->fw;
    double span = fw->scale_max - fw->scale_min, cy = y + (i + 0.5) * row;
    char buf[32];
    label_draw(cv, lab, hc->x0 - 6, cy, 0, F_LABEL, STYLE_TEXT);
    for (int k = 0; k < hc->n; k++) {
        double v = run_value(c->run, u, hc->node[k]);
        struct rgb fill = isnan(v) ? STYLE_NODATA : ramp((v - fw->scale_min) / span);
        set_rgb(cv, fill);
        cv_rect(cv, hc->x0 + k * hc->cw + 0.5, y + i * row + 0.5, hc->cw - 1, row - 1);
        cv_fill(cv);
        if (is_dark(fill))
            set_rgb(cv, STYLE_WHITE);
        else
            set_rgb(cv, STYLE_TEXT);
        text_at(cv, hc->x0 + (k + 0.5) * hc->cw, cy + 2.6, k == 0, F_LABEL, CENTER,
                fmt_num(buf, sizeof buf, v, run_decimals(c->rd, c->run), c->lang));
    }
}

/* The colour key from y: the ramp over the scale, and the no-data swatch;
   returns the y below it. */
static double heat_key_draw(struct canvas *cv, const struct chart_ctx *c,
                            const struct heat_cols *hc, double y)
{
    const struct framework *fw = c->run->fw;
    double span = fw->scale_max - fw->scale_min;
    double kx0 = hc->x0, kx1 = hc->x0 + (hc->x1 - hc->x0) * 0.6, kh = 7;
    char buf[32];
    double stops[9 * 3];
    for (int s = 0; s <= 8; s++) {
        struct rgb col = ramp(s / 8.0);
        stops[3 * s] = col.r;
        stops[3 * s + 1] = col.g;
        stops[3 * s + 2] = col.b;
    }
    cv_hramp(cv, kx0, y, kx1 - kx0, kh, stops, 9);
    set_rgb(cv, STYLE_GREY);
    double step = tick_step(span);
    for (double t = ceil(fw->scale_min / step) * step; t <= fw->scale_max + step * 1e-9; t += step)
        text_at(cv, kx0 + (t - fw->scale_min) / span * (kx1 - kx0), y + kh + 8, 0, F_TICK, CENTER,
                fmt_num(buf, sizeof buf, t, exact_decimals(step), c->lang));
    text_at(cv, kx0 - 6, y + kh - 0.5, 0, F_TICK, RIGHT, tr(c->lang, "Puntaje"));
    set_rgb(cv, STYLE_NODATA);
    cv_rect(cv, kx1 + 18, y, 14, kh);
    cv_fill(cv);
    set_rgb(cv, STYLE_GREY);
    text_at(cv, kx1 + 36, y + kh - 0.5, 0, F_TICK, LEFT, tr(c->lang, "sin dato"));
    return y + kh + 12;
}

static double heatmap_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    int n = c->rd->reg->n;
    double y = header_draw(cv, &c->h);

    struct legend lg;
    strbuf_init(&lg.text);
    double label_w = cw(cv) * 0.30;
    struct heat_cols hc;
    heat_cols_make(cv, c, label_w, &hc, &lg);   /* the columns' codes first in the legend */
    struct unit_rows ur;
    unit_rows_make(cv, c, label_w, 8, 0, &lg, &ur);

    y = heat_heads_draw(cv, &hc, y);
    for (int i = 0; i < ur.rows; i++) {
        int u = ur.order[i];
        if (u == ROW_GAP)
            gap_row_draw(cv, hc.x0, y + (i + 0.5) * ur.row, n, c->lang);
        else
            heat_row_draw(cv, c, &hc, &ur.lab[u], u, y, i, ur.row);
    }
    y += ur.rows * ur.row + 10;
    y = heat_key_draw(cv, c, &hc, y);
    y = legend_draw(cv, &lg, c->lang, y);

    heat_cols_release(&hc);
    unit_rows_release(&ur, n);
    strbuf_release(&lg.text);
    watermark(cv, &c->h, height);
    return y + MARGIN;
}


/* ======================================================================== */
/* Change since the previous round: arrows from then to now                  */
/* ======================================================================== */

/* Changes smaller than this (on the framework's scale) are drawn as "no
   change": a tenth of a point is below the precision the reports print. */
#define CHANGE_EPS 0.05

/* The key above the rows: ○ previous year  ● this year  ● went down, and
   the head of the change column. */
static void change_key(struct canvas *cv, const struct chart_ctx *c, const struct axis *a,
                       double y)
{
    char prev_s[16], cur_s[16];
    snprintf(prev_s, sizeof prev_s, "%d", c->run->prev_year);
    snprintf(cur_s, sizeof cur_s, "%d", c->rd->year);
    double ly = y + 5;
    cv_line_width(cv, 1.2);
    set_rgb(cv, STYLE_GREY);
    cv_circle(cv, a->x0 + 4, ly, 3);
    cv_stroke(cv);
    double lx = legend_label(cv, a->x0, ly, prev_s);
    set_rgb(cv, STYLE_BLUE);
    cv_circle(cv, lx + 4, ly, 3.4);
    cv_fill(cv);
    lx = legend_label(cv, lx, ly, cur_s);
    set_rgb(cv, STYLE_VERMILLION);
    cv_circle(cv, lx + 4, ly, 3.4);
    cv_fill(cv);
    legend_label(cv, lx, ly, tr(c->lang, "bajó"));
    text_at(cv, cw(cv) - MARGIN - 2, ly + 2.5, 1, F_TICK, RIGHT, tr(c->lang, "Cambio"));
}

/* Institution u's row centred on cy: an arrow from the previous score
   (open dot) to this one (filled), the change at the right. */
static void change_row(struct canvas *cv, const struct chart_ctx *c, const struct axis *a,
                       const struct label *lab, int u, double cy)
{
    const struct index_run *run = c->run;
    double v = run_value(run, u, run->fw->root);
    double p = run_prev_value(run, u, run->fw->root);
    char buf[32];
    label_draw(cv, lab, a->x0 - 6, cy, 0, F_LABEL, isnan(v) ? STYLE_GREY : STYLE_TEXT);
    if (isnan(v)) {
        no_score_draw(cv, c, u, a->x0, cy);
        return;
    }
    double xv = ax_x(a, v);
    struct rgb col = STYLE_BLUE;
    if (!isnan(p)) {
        double xp = ax_x(a, p), delta = v - p;
        col = delta < -CHANGE_EPS ? STYLE_VERMILLION : STYLE_BLUE;
        if (fabs(xv - xp) > 5) {       /* shaft and head */
            double dir = xv > xp ? 1 : -1;
            set_rgb(cv, col);
            cv_line_width(cv, 1.3);
            cv_move_to(cv, xp + dir * 3, cy);
            cv_line_to(cv, xv - dir * 4, cy);
            cv_stroke(cv);
        }
        cv_line_width(cv, 1.2);
        set_rgb(cv, STYLE_GREY);
        cv_circle(cv, xp, cy, 3);
        cv_stroke(cv);
        char *ds = xasprintf("%s%s", delta > CHANGE_EPS ? "+" : "",
                             fmt_num(buf, sizeof buf, delta, run_decimals(c->rd, c->run), c->lang));
        set_rgb(cv, fabs(delta) <= CHANGE_EPS ? STYLE_GREY : col);
        text_at(cv, cw(cv) - MARGIN - 2, cy + 2.5, 1, F_LABEL, RIGHT, ds);
        free(ds);
    } else {
        set_rgb(cv, STYLE_GREY);
        text_at(cv, cw(cv) - MARGIN - 2, cy + 2.5, 0, F_TICK, RIGHT,
                tr(c->lang, "sin dato previo"));
    }
    set_rgb(cv, col);
    cv_circle(cv, xv, cy, 3.4);
    cv_fill(cv);
}

static double change_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    const struct framework *fw = c->run->fw;
    int n = c->rd->reg->n;
    double y = header_draw(cv, &c->h);

    double label_w = cw(cv) * 0.34;
    struct legend lg;
    strbuf_init(&lg.text);
    struct unit_rows ur;
    unit_rows_make(cv, c, label_w, 8, 1, &lg, &ur);
    double col_w = 52;   /* room for «sin dato previo» */
    struct axis a = {MARGIN + label_w + 8, cw(cv) - MARGIN - col_w - 6, fw->scale_min,
                     fw->scale_max, &fw->maturity, c->lang, 0};
    change_key(cv, c, &a, y);
    y += 24;

    double y0 = y, y1 = y + ur.rows * ur.row;
    bands_draw(cv, &a, y0, y1);
    axis_draw(cv, &a, y0, y1);
    for (int i = 0; i < ur.rows; i++) {
        int u = ur.order[i];
        double cy = y0 + (i + 0.5) * ur.row;
        if (u == ROW_GAP)
            gap_row_draw(cv, a.x0, cy, n, c->lang);
        else
            change_row(cv, c, &a, &ur.lab[u], u, cy);
    }
    y = legend_draw(cv, &lg, c->lang, y1 + 24);

    unit_rows_release(&ur, n);
    strbuf_release(&lg.text);
    watermark(cv, &c->h, height);
    return y + MARGIN;
}


/* ======================================================================== */
/* Rank intervals of the uncertainty analysis                                */
/* ======================================================================== */

static int cmp_nominal(const void *a, const void *b, void *arg)
{
    const struct chart_ctx *c = arg;
    int u = *(const int *)a, v = *(const int *)b;
    int ru = c->run->ua->unit[u].nominal, rv = c->run->ua->unit[v].nominal;
    if ((ru == 0) != (rv == 0))
        return ru == 0 ? 1 : -1;
    if (ru != rv)
        return ru < rv ? -1 : 1;
    return strcmp(c->rd->reg->items[u].code, c->rd->reg->items[v].code);
}

/* The rank axis: rank 1 (the best) on the left, half a rank of room at
   both ends. */
struct rank_axis {
    double x0, x1;
    int nr;                  /* the ranks shown: 1 .. nr                     */
};

static double rank_x(const struct rank_axis *ra, double r)
{
    return ra->x0 + (r - 0.5) / ra->nr * (ra->x1 - ra->x0);
}

/* The key above the rows: ● nominal  ◆ median  — 5–95 %. */
static void intervals_key(struct canvas *cv, const struct chart_ctx *c, double x0, double y)
{
    double ly = y + 5, lx = x0;
    set_rgb(cv, STYLE_BLUE);
    cv_circle(cv, lx + 4, ly, 3.4);
    cv_fill(cv);
    lx = legend_label(cv, lx, ly, tr(c->lang, "posición oficial"));
    set_rgb(cv, STYLE_VERMILLION);
    cv_line_width(cv, 1.2);
    diamond(cv, lx + 4, ly, 4.2);
    cv_stroke(cv);
    lx = legend_label(cv, lx, ly, tr(c->lang, "mediana de las simulaciones"));
    set_rgb(cv, STYLE_GREY);
    cv_line_width(cv, 2.2);
    cv_move_to(cv, lx, ly);
    cv_line_to(cv, lx + 14, ly);
    cv_stroke(cv);
    set_rgb(cv, STYLE_TEXT);
    text_at(cv, lx + 19, ly + 2.5, 0, F_TICK, LEFT, tr(c->lang, "intervalo 5 %–95 %"));
    text_at(cv, cw(cv) - MARGIN - 2, ly + 2.5, 1, F_TICK, RIGHT, tr(c->lang, "5–95 %"));
}

/* The panel from y0 to y1 with a gridline and a label per rank step, and
   the axis title. */
static void intervals_grid(struct canvas *cv, const struct chart_ctx *c,
                           const struct rank_axis *ra, double y0, double y1)
{
    char buf[32];
    set_rgb(cv, STYLE_PANEL);
    cv_rect(cv, ra->x0, y0, ra->x1 - ra->x0, y1 - y0);
    cv_fill(cv);
    double step = ra->nr <= 10 ? 1 : tick_step(ra->nr - 1);
    if (step < 1)
        step = 1;
    cv_line_width(cv, 0.4);
    for (double t = 1; t <= ra->nr + 1e-9; t += step) {
        set_rgb(cv, STYLE_GRID_LIGHT);
        cv_move_to(cv, rank_x(ra, t), y0);
        cv_line_to(cv, rank_x(ra, t), y1);
        cv_stroke(cv);
        set_rgb(cv, STYLE_GREY);
        snprintf(buf, sizeof buf, "%.0f", t);
        text_at(cv, rank_x(ra, t), y1 + 9, 0, F_TICK, CENTER, buf);
    }
    set_rgb(cv, STYLE_GREY);
    text_at(cv, (ra->x0 + ra->x1) / 2, y1 + 20, 0, F_TICK, CENTER,
            tr(c->lang, "Posición (1 = mejor)"));
}

/* Institution u's row centred on cy: the 5–95 % interval, the official
   rank and the median, the interval in figures at the right. */
static void intervals_row(struct canvas *cv, const struct chart_ctx *c,
                          const struct rank_axis *ra, const struct label *lab, int u, double cy)
{
    const struct ua_unit *uu = &c->run->ua->unit[u];
    char buf[32], b2[32];
    label_draw(cv, lab, ra->x0 - 6, cy, 0, F_LABEL, uu->nominal ? STYLE_TEXT : STYLE_GREY);
    if (!uu->nominal || uu->n == 0) {
        set_rgb(cv, STYLE_GREY);
        text_at(cv, ra->x0 + 4, cy + 2.5, 0, F_TICK, LEFT,
                tr(c->lang, "excluida (datos insuficientes)"));
        return;
    }
    set_rgb(cv, STYLE_GREY);
    cv_line_width(cv, 2.2);
    cv_move_to(cv, rank_x(ra, uu->q05), cy);
    cv_line_to(cv, rank_x(ra, uu->q95), cy);
    cv_stroke(cv);
    /* the dot first, the median as an outline on top: they often coincide */
    set_rgb(cv, STYLE_BLUE);
    cv_circle(cv, rank_x(ra, uu->nominal), cy, 3.4);
    cv_fill(cv);
    set_rgb(cv, STYLE_VERMILLION);
    cv_line_width(cv, 1.3);
    diamond(cv, rank_x(ra, uu->median), cy, 5.5);
    cv_stroke(cv);
    char *iv = xasprintf("%s\xe2\x80\x93%s", fmt_num(buf, sizeof buf, uu->q05, 0, c->lang),
                         fmt_num(b2, sizeof b2, uu->q95, 0, c->lang));
    set_rgb(cv, STYLE_TEXT);
    text_at(cv, cw(cv) - MARGIN - 2, cy + 2.5, 0, F_LABEL, RIGHT, iv);
    free(iv);
}

static double intervals_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    const struct uncertainty *ua = c->run->ua;
    const struct registry *reg = c->rd->reg;
    int n = reg->n;
    double y = header_draw(cv, &c->h);

    double label_w = cw(cv) * 0.34, col_w = 52;
    struct label *lab = xcalloc((size_t)n, sizeof *lab);
    struct legend lg;
    strbuf_init(&lg.text);
    int *order = xcalloc((size_t)n, sizeof *order);
    for (int i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, (size_t)n, sizeof *order, cmp_nominal, (void *)c);
    int rows, first = rows_part(c, rows_shown(order, n), &rows);
    int *shown = order + first;
    int two = 0;
    for (int i = 0; i < rows; i++) {
        int u = shown[i];
        if (u == ROW_GAP)
            continue;
        label_make(cv, 0, F_LABEL, label_w, reg->items[u].code, NAME(&reg->items[u], c->lang),
                   &lab[u], &lg);
        two |= lab[u].n > 1;
    }
    double row = two ? 2 * F_LABEL * LINE_GAP + 5 : F_LABEL * LINE_GAP + 8;
    struct rank_axis ra = {MARGIN + label_w + 8, cw(cv) - MARGIN - col_w - 8,
                           ua->n_ranked > 1 ? ua->n_ranked : 1};
    intervals_key(cv, c, ra.x0, y);
    y += 18;

    double y0 = y, y1 = y + rows * row;
    intervals_grid(cv, c, &ra, y0, y1);
    for (int i = 0; i < rows; i++) {
        int u = shown[i];
        double cy = y0 + (i + 0.5) * row;
        if (u == ROW_GAP)
            gap_row_draw(cv, ra.x0, cy, n, c->lang);
        else
            intervals_row(cv, c, &ra, &lab[u], u, cy);
    }
    y = legend_draw(cv, &lg, c->lang, y1 + 24);
    for (int u = 0; u < n; u++)
        label_release(&lab[u]);
    free(lab);
    free(order);
    strbuf_release(&lg.text);
    watermark(cv, &c->h, height);
    return y + MARGIN;
}

/* ======================================================================== */
/* Axes: the second view, every institution and the national mean per axis  */
/* ======================================================================== */

/* One row per axis of the framework: a small dot for each institution's
   axis score (the spread), the national mean as a diamond, and the mean in
   a value column. */
static double axes_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    const struct result *r = &c->run->res;
    const struct framework *fw = c->run->fw;
    char buf[32];
    double y = header_draw(cv, &c->h);
    double label_w = cw(cv) * 0.22, col_w = 52, row = F_LABEL * LINE_GAP + 12;
    for (int i = 0; i < r->n_axes; i++) {   /* room for the longest axis name */
        char an[128];
        double w = text_w(cv, 1, F_LABEL, framework_axis_name(fw, r->axis_code[i], c->lang, an,
                                                               sizeof an));
        label_w = fmax(label_w, fmin(w, cw(cv) * 0.45));
    }
    struct axis a = {MARGIN + label_w + 8, cw(cv) - MARGIN - col_w - 6, fw->scale_min,
                     fw->scale_max, &fw->maturity, c->lang, 0};
    double ly = y + 5;
    set_rgb(cv, STYLE_BLUE);
    cv_circle(cv, a.x0 + 4, ly, 2.4);
    cv_fill(cv);
    double lx = legend_label(cv, a.x0, ly, tr(c->lang, "Institución"));
    set_rgb(cv, STYLE_VERMILLION);
    diamond(cv, lx + 4, ly, 3.6);
    cv_fill(cv);
    legend_label(cv, lx, ly, tr(c->lang, "Promedio nacional"));
    set_rgb(cv, STYLE_TEXT);
    text_at(cv, cw(cv) - MARGIN - 4, ly + 2.5, 1, F_TICK, RIGHT, tr(c->lang, "Nacional"));
    y += 24;
    double y0 = y, y1 = y + r->n_axes * row;
    bands_draw(cv, &a, y0, y1);
    double yend = axis_draw(cv, &a, y0, y1);
    for (int i = 0; i < r->n_axes; i++) {
        double cy = y0 + (i + 0.5) * row, m = r->axis_national[i];
        set_rgb(cv, STYLE_TEXT);
        char an[128];
        text_at(cv, a.x0 - 6, cy + 2.5, 1, F_LABEL, RIGHT,
                framework_axis_name(fw, r->axis_code[i], c->lang, an, sizeof an));
        set_rgb(cv, STYLE_BLUE);
        for (int u = 0; u < r->n_units; u++) {
            double v = r->axis_value[(size_t)u * (size_t)r->n_axes + (size_t)i];
            if (!isnan(v)) {
                cv_circle(cv, ax_x(&a, v), cy, 2.4);
                cv_fill(cv);
            }
        }
        if (!isnan(m)) {
            set_rgb(cv, STYLE_VERMILLION);
            diamond(cv, ax_x(&a, m), cy, 4.6);
            cv_fill(cv);
        }
        set_rgb(cv, STYLE_TEXT);
        text_at(cv, cw(cv) - MARGIN - 4, cy + 2.5, 1, F_LABEL, RIGHT,
                fmt_num(buf, sizeof buf, m, run_decimals(c->rd, c->run), c->lang));
    }
    watermark(cv, &c->h, height);
    return yend + MARGIN;
}

/* ======================================================================== */
/* National: one bar per row (the index and its pillars, or the rounds)     */
/* ======================================================================== */

/* Horizontal bars over the maturity bands, each row a label (code, name)
   and a value printed at the bar's end; the first row bold when bold0. */
struct bar_rows {
    int n;
    const char **code, **name;
    const double *value;
    int bold0;
};

static double bar_rows_draw(struct canvas *cv, const struct chart_ctx *c,
                            const struct bar_rows *br, double y)
{
    const struct framework *fw = c->run->fw;
    char buf[32];
    double label_w = cw(cv) * 0.34;
    struct label *lab = xcalloc((size_t)br->n, sizeof *lab);
    struct legend lg;
    strbuf_init(&lg.text);
    int two = 0;
    for (int r = 0; r < br->n; r++) {
        label_make(cv, br->bold0 && r == 0, F_LABEL, label_w, br->code[r], br->name[r], &lab[r],
                   &lg);
        two |= lab[r].n > 1;
    }
    double row = two ? 2 * F_LABEL * LINE_GAP + 6 : F_LABEL * LINE_GAP + 9;
    struct axis a = {MARGIN + label_w + 8, cw(cv) - MARGIN - 30, fw->scale_min, fw->scale_max,
                     &fw->maturity, c->lang, 0};
    y += 14;   /* the band names above the plot */
    double y0 = y, y1 = y + br->n * row;
    bands_draw(cv, &a, y0, y1);
    double yend = axis_draw(cv, &a, y0, y1);
    for (int r = 0; r < br->n; r++) {
        double cy = y0 + (r + 0.5) * row, v = br->value[r];
        int bold = br->bold0 && r == 0;
        label_draw(cv, &lab[r], a.x0 - 6, cy, bold, F_LABEL, STYLE_TEXT);
        if (isnan(v)) {
            set_rgb(cv, STYLE_GREY);
            text_at(cv, a.x0 + 4, cy + 2.5, 0, F_TICK, LEFT, tr(c->lang, "sin dato"));
            continue;
        }
        double bh = fmin(row * 0.62, 11);
        set_rgb(cv, bold ? STYLE_VERMILLION : STYLE_BLUE);
        cv_rect(cv, a.x0, cy - bh / 2, ax_x(&a, v) - a.x0, bh);
        cv_fill(cv);
        backed_text(cv, ax_x(&a, v) + 3, cy, STYLE_TEXT,
                    fmt_num(buf, sizeof buf, v, run_decimals(c->rd, c->run), c->lang));
    }
    double yl = legend_draw(cv, &lg, c->lang, yend);
    for (int r = 0; r < br->n; r++)
        label_release(&lab[r]);
    free(lab);
    strbuf_release(&lg.text);
    return yl;
}

/* The national figure of the index and of each of its pillars. */
static double national_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    const struct framework *fw = c->run->fw;
    double y = header_draw(cv, &c->h);
    int *pil, np = framework_pillars(fw, &pil);
    int n = np + 1;
    const char **code = xcalloc((size_t)n, sizeof *code), **name = xcalloc((size_t)n, sizeof *name);
    double *value = xcalloc((size_t)n, sizeof *value);
    for (int r = 0; r < n; r++) {
        int node = r == 0 ? fw->root : pil[r - 1];
        code[r] = fw->nodes[node].code;
        name[r] = NAME(&fw->nodes[node], c->lang);
        value[r] = c->run->res.national[node];
    }
    y = bar_rows_draw(cv, c, &(struct bar_rows){n, code, name, value, 1}, y);
    free(pil);
    free(code);
    free(name);
    free(value);
    watermark(cv, &c->h, height);
    return y + MARGIN;
}

/* The rounds of the trend chart: run's trend (every stored round with
   results, this one last), or, from a round model built without it, the
   previous round (run_prev_national) and this one. */
struct trend_points {
    int n;
    int *year;
    double *value;
};

static void trend_points(const struct chart_ctx *c, struct trend_points *t)
{
    const struct index_run *run = c->run;
    int n = run->n_trend > 0 ? run->n_trend : 2;
    t->year = xcalloc((size_t)n, sizeof *t->year);
    t->value = xcalloc((size_t)n, sizeof *t->value);
    t->n = 0;
    if (run->n_trend > 0) {
        memcpy(t->year, run->trend_year, (size_t)n * sizeof *t->year);
        memcpy(t->value, run->trend_value, (size_t)n * sizeof *t->value);
        t->n = n;
        return;
    }
    if (run->prev_year > 0 && run->prev_value) {
        t->year[t->n] = run->prev_year;
        t->value[t->n++] = run_prev_national(c->rd, run, run->fw->root);
    }
    t->year[t->n] = c->rd->year;
    t->value[t->n++] = run->res.national[run->fw->root];
}

/* The vertical value axis of the trend chart: plot from y0 (top) to y1. */
struct vaxis {
    double x0, x1, y0, y1, lo, hi;
};

static double vax_y(const struct vaxis *a, double v)
{
    v = v < a->lo ? a->lo : v > a->hi ? a->hi : v;
    return a->y1 - (v - a->lo) / (a->hi - a->lo) * (a->y1 - a->y0);
}

/* The widest maturity level name in lang (0 when there are none). */
static double level_names_w(struct canvas *cv, const struct maturity *m, enum lang lang)
{
    double w = 0;
    for (int i = 0; m && i < m->n; i++) {
        const char *name = m->name[i][lang] && *m->name[i][lang] ? m->name[i][lang]
                                                                  : m->name[i][LANG_ES];
        if (name)
            w = fmax(w, text_w(cv, 0, F_TICK, name));
    }
    return w;
}

/* Maturity bands across the plot, each named right of the plot when it is
   tall enough, and the gridlines with their ticks on the left. */
static void vaxis_draw(struct canvas *cv, const struct vaxis *a, const struct maturity *m,
                       enum lang lang)
{
    for (int i = 0; m && i < m->n; i++) {
        double ya = vax_y(a, i == 0 ? a->lo : m->threshold[i - 1]);
        double yb = vax_y(a, i == m->n - 1 ? a->hi : m->threshold[i]);
        double g = 0.975 - 0.03 * i;
        cv_rgb(cv, g, g, g + 0.01 > 1 ? 1 : g + 0.01);
        cv_rect(cv, a->x0, yb, a->x1 - a->x0, ya - yb);
        cv_fill(cv);
        const char *name = m->name[i][lang] && *m->name[i][lang] ? m->name[i][lang]
                                                                  : m->name[i][LANG_ES];
        if (name && ya - yb >= F_TICK + 2) {
            set_rgb(cv, STYLE_GREY);
            text_at(cv, a->x1 + 5, (ya + yb) / 2 + 2.8, 0, F_TICK, LEFT, name);
        }
    }
    double step = tick_step(a->hi - a->lo);
    int td = exact_decimals(step);
    char buf[32];
    cv_line_width(cv, 0.4);
    for (double t = ceil(a->lo / step) * step; t <= a->hi + step * 1e-9; t += step) {
        double y = vax_y(a, t);
        set_rgb(cv, STYLE_GRID);
        cv_move_to(cv, a->x0, y);
        cv_line_to(cv, a->x1, y);
        cv_stroke(cv);
        set_rgb(cv, STYLE_GREY);
        text_at(cv, a->x0 - 4, y + 2.8, 0, F_TICK, RIGHT,
                fmt_num(buf, sizeof buf, t, td, lang));
    }
    cv_move_to(cv, a->x0, a->y1);
    cv_line_to(cv, a->x1, a->y1);
    cv_stroke(cv);
}

/* Where round r of t goes across the plot: by its year, with room at the
   ends for the value labels. */
static double trend_x(const struct vaxis *a, const struct trend_points *t, int r)
{
    double pad = 28, span = t->year[t->n - 1] - t->year[0];
    if (t->n < 2 || span <= 0)
        return (a->x0 + a->x1) / 2;
    return a->x0 + pad + (t->year[r] - t->year[0]) / span * (a->x1 - a->x0 - 2 * pad);
}

/* The national figure of the index in each stored round with results: a
   point per round, its value above it and its year below the axis, joined
   by a line; the last segment dashed when the method changed since the
   previous round (a note under the chart says so). */
static double trend_draw(struct canvas *cv, const void *arg, double height)
{
    const struct chart_ctx *c = arg;
    const struct index_run *run = c->run;
    const struct framework *fw = run->fw;
    double y = header_draw(cv, &c->h);
    struct trend_points t;
    trend_points(c, &t);
    char buf[32], lo[16], hi[16];
    char *title = xasprintf("%s (%s\xe2\x80\x93%s)", tr(c->lang, "Puntaje"),
                            fmt_num(lo, sizeof lo, fw->scale_min, exact_decimals(fw->scale_min), c->lang),
                            fmt_num(hi, sizeof hi, fw->scale_max, exact_decimals(fw->scale_max), c->lang));
    set_rgb(cv, STYLE_GREY);
    text_at(cv, MARGIN, y + F_TICK, 0, F_TICK, LEFT, title);
    free(title);
    double names_w = level_names_w(cv, &fw->maturity, c->lang);
    struct vaxis a = {MARGIN + 26, cw(cv) - MARGIN - (names_w > 0 ? names_w + 8 : 0), y + 16,
                      y + 16 + 150, fw->scale_min, fw->scale_max};
    vaxis_draw(cv, &a, &fw->maturity, c->lang);
    int changed = run->diff.n > 0 && t.n >= 2 && t.year[t.n - 2] == run->prev_year &&
                  t.year[t.n - 1] == c->rd->year;
    cv_line_width(cv, 1.6);
    set_rgb(cv, STYLE_BLUE);
    for (int r = 1; r < t.n; r++) {
        if (isnan(t.value[r - 1]) || isnan(t.value[r]))
            continue;
        double dash[] = {4, 2.5};
        cv_save(cv);
        if (changed && r == t.n - 1)
            cv_dash(cv, dash, 2);
        cv_move_to(cv, trend_x(&a, &t, r - 1), vax_y(&a, t.value[r - 1]));
        cv_line_to(cv, trend_x(&a, &t, r), vax_y(&a, t.value[r]));
        cv_stroke(cv);
        cv_restore(cv);
    }
    for (int r = 0; r < t.n; r++) {
        double x = trend_x(&a, &t, r);
        snprintf(buf, sizeof buf, "%d", t.year[r]);
        set_rgb(cv, STYLE_TEXT);
        text_at(cv, x, a.y1 + 11, r == t.n - 1, F_TICK, CENTER, buf);
        if (isnan(t.value[r]))
            continue;
        double py = vax_y(&a, t.value[r]);
        set_rgb(cv, r == t.n - 1 ? STYLE_VERMILLION : STYLE_BLUE);
        cv_circle(cv, x, py, 3.2);
        cv_fill(cv);
        const char *v = fmt_num(buf, sizeof buf, t.value[r], run_decimals(c->rd, run), c->lang);
        double w = text_w(cv, 1, F_TICK, v);
        cv_rgba(cv, 1, 1, 1, 0.85);
        cv_rect(cv, x - w / 2 - 1, py - 15, w + 2, 10);
        cv_fill(cv);
        set_rgb(cv, STYLE_TEXT);
        text_at(cv, x, py - 7, 1, F_TICK, CENTER, v);
    }
    y = a.y1 + 16;
    if (changed) {
        char *note = xasprintf(tr(c->lang, "Línea discontinua: el método cambió entre %d y %d; "
                                           "el informe compara ambas bases."),
                               run->prev_year, c->rd->year);
        y = paragraph(cv, MARGIN, y + 2, cw(cv) - 2 * MARGIN, 0, F_TICK, STYLE_GREY, note);
        free(note);
    }
    free(t.year);
    free(t.value);
    watermark(cv, &c->h, height);
    return y + MARGIN;
}

/* ======================================================================== */
/* The charts by kind                                                        */
/* ======================================================================== */

int chart_applies(const struct round_data *rd, const struct chart_ref *ref)
{
    if (!rd || ref->idx < 0 || ref->idx >= rd->n_idx)
        return 0;
    const struct index_run *run = &rd->idx[ref->idx];
    switch (ref->kind) {
    case CHART_CHANGE:
        return run->prev_year > 0 && run->prev_value;
    case CHART_INTERVALS:
        return run->ua != NULL;
    case CHART_PROFILE: case CHART_CARD:
        return ref->unit >= 0 && ref->unit < rd->reg->n;
    case CHART_AXES:
        return run->res.n_axes > 0;
    default:
        return 1;
    }
}

/* Fill c and *draw for ref: 0, or -1 with the reason in d. */
static int chart_setup(const struct round_data *rd, const struct chart_ref *ref, enum lang lang,
                       struct chart_ctx *c, draw_fn *draw, struct diag *d)
{
    const struct index_run *run = chart_begin(rd, ref->idx, d);
    if (!run)
        return -1;
    const struct framework *fw = run->fw;
    *c = (struct chart_ctx){rd, run, ref->unit, lang, {NULL, NULL, rd->demo, lang}, 0, 0};
    switch (ref->kind) {
    case CHART_RANKING:
        *draw = ranking_draw;
        c->h.title = index_title(rd, fw, lang);
        c->h.subtitle = xstrdup(tr(lang, "Clasificación de las instituciones por puntaje"));
        return 0;
    case CHART_PROFILE:
    case CHART_CARD:
        if (ref->unit < 0 || ref->unit >= rd->reg->n)
            BUG("chart %d: unit %d out of range", ref->kind, ref->unit);
        /* the scorecard's card has no header: its title and subtitle are
           for the SVG only */
        *draw = ref->kind == CHART_CARD ? card_profile_draw : profile_draw;
        c->h.title = xasprintf("%s \xe2\x80\x94 %s", NAME(&rd->reg->items[ref->unit], lang),
                               fw->code);
        c->h.subtitle = xasprintf("%s \xc2\xb7 %d",
                                  tr(lang, "Perfil por pilar frente al promedio nacional"),
                                  rd->year);
        return 0;
    case CHART_HEATMAP:
        *draw = heatmap_draw;
        c->h.title = index_title(rd, fw, lang);
        c->h.subtitle = xstrdup(tr(lang, "Puntajes por institución y pilar"));
        return 0;
    case CHART_CHANGE:
        if (run->prev_year <= 0 || !run->prev_value)
            return diag_error(d, EX_SOFTWARE_, NULL, 0, 0,
                              "change chart of %s requested, but there is no previous round",
                              fw->code);
        *draw = change_draw;
        c->h.title = index_title(rd, fw, lang);
        c->h.subtitle = xasprintf("%s %d \xc2\xb7 %s", tr(lang, "Cambio del puntaje desde"),
                                  run->prev_year, tr(lang, "de la mayor subida a la mayor bajada"));
        return 0;
    case CHART_NATIONAL:
        *draw = national_draw;
        c->h.title = index_title(rd, fw, lang);
        c->h.subtitle = xstrdup(tr(lang, "Promedio nacional del índice y de cada pilar"));
        return 0;
    case CHART_TREND:
        *draw = trend_draw;
        c->h.title = index_title(rd, fw, lang);
        c->h.subtitle = xstrdup(tr(lang, "Promedio nacional en cada ronda guardada"));
        return 0;
    case CHART_AXES: {
        if (run->res.n_axes == 0)
            return diag_error(d, EX_SOFTWARE_, NULL, 0, 0,
                              "axes chart of %s requested, but its framework has no axes",
                              fw->code);
        *draw = axes_draw;
        c->h.title = index_title(rd, fw, lang);
        const char *label = fw->axes_label[lang] ? fw->axes_label[lang]
                                                 : fw->axes_label[LANG_ES];
        c->h.subtitle = xstrdup(label ? label : tr(lang, "Ejes"));
        return 0;
    }
    case CHART_INTERVALS: {
        if (!run->ua)
            return diag_error(d, EX_SOFTWARE_, NULL, 0, 0,
                              "rank interval chart of %s requested, but the uncertainty "
                              "analysis did not run", fw->code);
        if (run->ua->n_units != rd->reg->n)
            BUG("uncertainty of %s has %d units, registry %d", fw->code, run->ua->n_units,
                rd->reg->n);
        int target = run->ua->target >= 0 && run->ua->target < fw->n_nodes ? run->ua->target
                                                                             : fw->root;
        *draw = intervals_draw;
        c->h.title = target == fw->root
                         ? index_title(rd, fw, lang)
                         : xasprintf("%s (%s) \xc2\xb7 %d", NAME(&fw->nodes[target], lang),
                                     fw->nodes[target].code, rd->year);
        c->h.subtitle = xasprintf("%s: %d %s", tr(lang, "Incertidumbre de la posición"),
                                  run->ua->runs, tr(lang, "simulaciones"));
        return 0;
    }
    }
    BUG("chart kind %d", (int)ref->kind);
}

static void chart_teardown(struct chart_ctx *c)
{
    free(c->h.title);
    free(c->h.subtitle);
}

int chart_write(const struct round_data *rd, const struct chart_ref *ref, enum lang lang,
                const char *base, int dpi, struct diag *d)
{
    struct chart_ctx c;
    draw_fn draw;
    if (chart_setup(rd, ref, lang, &c, &draw, d) != 0)
        return -1;
    int rc = emit(base, dpi, draw, &c, c.h.title, c.h.subtitle, d);
    chart_teardown(&c);
    return rc;
}

double chart_draw(const struct round_data *rd, const struct chart_ref *ref, enum lang lang,
                  struct canvas *cv, double height, struct diag *d)
{
    return chart_draw_rows(rd, ref, lang, cv, height, 0, 0, d);
}

double chart_draw_rows(const struct round_data *rd, const struct chart_ref *ref, enum lang lang,
                       struct canvas *cv, double height, int row0, int nrows, struct diag *d)
{
    struct chart_ctx c;
    draw_fn draw;
    if (chart_setup(rd, ref, lang, &c, &draw, d) != 0)
        return -1;
    c.row0 = row0;
    c.nrows = nrows;
    if (row0 > 0) { /* a later part of a chart split across pages */
        char *t = xasprintf("%s %s", c.h.title, tr(lang, "(continuación)"));
        free(c.h.title);
        c.h.title = t;
    }
    double h = ceil(draw(cv, &c, height));
    chart_teardown(&c);
    return h;
}

int chart_rows(const struct round_data *rd, const struct chart_ref *ref)
{
    switch (ref->kind) {
    case CHART_RANKING: case CHART_HEATMAP: case CHART_CHANGE: case CHART_INTERVALS:
        return rd->reg->n <= ROWS_ALL ? rd->reg->n : 2 * ROWS_END + 1;
    default:
        return 0;
    }
}

int chart_ranking(const struct round_data *rd, int idx, enum lang lang, const char *base,
                  int dpi, struct diag *d)
{
    return chart_write(rd, &(struct chart_ref){CHART_RANKING, idx, -1}, lang, base, dpi, d);
}

int chart_profile(const struct round_data *rd, int idx, int unit, enum lang lang,
                  const char *base, int dpi, struct diag *d)
{
    return chart_write(rd, &(struct chart_ref){CHART_PROFILE, idx, unit}, lang, base, dpi, d);
}

int chart_heatmap(const struct round_data *rd, int idx, enum lang lang, const char *base,
                  int dpi, struct diag *d)
{
    return chart_write(rd, &(struct chart_ref){CHART_HEATMAP, idx, -1}, lang, base, dpi, d);
}

int chart_change(const struct round_data *rd, int idx, enum lang lang, const char *base,
                 int dpi, struct diag *d)
{
    return chart_write(rd, &(struct chart_ref){CHART_CHANGE, idx, -1}, lang, base, dpi, d);
}

int chart_rank_intervals(const struct round_data *rd, int idx, enum lang lang,
                         const char *base, int dpi, struct diag *d)
{
    return chart_write(rd, &(struct chart_ref){CHART_INTERVALS, idx, -1}, lang, base, dpi, d);
}

int chart_axes(const struct round_data *rd, int idx, enum lang lang, const char *base, int dpi,
               struct diag *d)
{
    return chart_write(rd, &(struct chart_ref){CHART_AXES, idx, -1}, lang, base, dpi, d);
}

int chart_national(const struct round_data *rd, int idx, enum lang lang, const char *base,
                   int dpi, struct diag *d)
{
    return chart_write(rd, &(struct chart_ref){CHART_NATIONAL, idx, -1}, lang, base, dpi, d);
}

int chart_trend(const struct round_data *rd, int idx, enum lang lang, const char *base, int dpi,
                struct diag *d)
{
    return chart_write(rd, &(struct chart_ref){CHART_TREND, idx, -1}, lang, base, dpi, d);
}
