/*
 * pdf_canvas.c — the canvas on a libharu page (pdf_canvas.h).
 *
 * Paths are collected in page coordinates as they are built (cairo's rule:
 * the transform in force when a point is added is the one that applies) and
 * written out when they are filled or stroked, after the colour, line width,
 * dash and transparency then in force; libharu refuses a colour change in
 * the middle of a path, so that order cannot be left to the chart code.
 * State already written to the page is remembered and not written again.
 */
#include "pdf_canvas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canvas_state.h"
#include "wrap.h"
#include "xalloc.h"

/* ======================================================================== */
/* The canvas                                                                */
/* ======================================================================== */

enum seg_op { SEG_MOVE, SEG_LINE, SEG_CLOSE, SEG_RECT, SEG_CIRCLE };
struct seg {
    enum seg_op op;
    double x, y, w, h;    /* page coordinates (y up); h = radius for circles */
};

#define MAX_ALPHA 8

struct pdf_canvas {
    HPDF_Doc pdf;
    HPDF_Page page;               /* NULL: measuring only                    */
    struct pdf_fonts *fonts;
    double page_h, ox, oy;        /* chart origin: page x, top-down y         */
    struct canvas_states gs;      /* m: chart -> top-down offset from (ox, oy) */
    struct seg *path;
    size_t n_path, cap_path;
    /* what the page already has (NAN: unknown) */
    double fill[3], stroke[3], lw, alpha;
    int dash_set;
    double dash[4];
    int n_dash;
    struct alpha_gs { double a; HPDF_ExtGState gs; } alpha_gs[MAX_ALPHA];
    int n_alpha_gs;
};

static void to_page(const struct pdf_canvas *c, double x, double y, double *px, double *py)
{
    double dx, dy;
    canvas_state_map(&c->gs.st, x, y, &dx, &dy);
    *px = c->ox + dx;
    *py = c->page_h - (c->oy + dy);
}

static void seg_add(struct pdf_canvas *c, enum seg_op op, double x, double y, double w, double h)
{
    if (!c->page)
        return;
    c->path = xgrow(c->path, &c->cap_path, c->n_path + 1, sizeof *c->path);
    c->path[c->n_path++] = (struct seg){op, x, y, w, h};
}

static void pc_rgba(void *p, double r, double g, double b, double a)
{
    canvas_state_rgba(&((struct pdf_canvas *)p)->gs.st, r, g, b, a);
}

static void pc_line_width(void *p, double w)
{
    ((struct pdf_canvas *)p)->gs.st.lw = w;
}

static void pc_dash(void *p, const double *on_off, int n)
{
    canvas_state_dash(&((struct pdf_canvas *)p)->gs.st, on_off, n);
}

static void pc_move_to(void *p, double x, double y)
{
    struct pdf_canvas *c = p;
    double px, py;
    to_page(c, x, y, &px, &py);
    seg_add(c, SEG_MOVE, px, py, 0, 0);
}

static void pc_line_to(void *p, double x, double y)
{
    struct pdf_canvas *c = p;
    double px, py;
    to_page(c, x, y, &px, &py);
    seg_add(c, SEG_LINE, px, py, 0, 0);
}

static void pc_close_path(void *p)
{
    seg_add(p, SEG_CLOSE, 0, 0, 0, 0);
}

static void pc_rect(void *p, double x, double y, double w, double h)
{
    struct pdf_canvas *c = p;
    const double *m = c->gs.st.m;
    if (m[1] == 0 && m[2] == 0) {   /* axis-aligned: one "re" */
        double px, py;
        to_page(c, x, y + h, &px, &py);
        seg_add(c, SEG_RECT, px, py, w * m[0], h * m[3]);
        return;
    }
    pc_move_to(p, x, y);
    pc_line_to(p, x + w, y);
    pc_line_to(p, x + w, y + h);
    pc_line_to(p, x, y + h);
    pc_close_path(p);
}

static void pc_circle(void *p, double x, double y, double r)
{
    struct pdf_canvas *c = p;
    double px, py;
    to_page(c, x, y, &px, &py);
    seg_add(c, SEG_CIRCLE, px, py, 0, r * canvas_state_scale(&c->gs.st));
}

/* Transparency through a cached ExtGState per alpha value. */
static void put_alpha(struct pdf_canvas *c, double a)
{
    if (c->alpha == a)
        return;
    HPDF_ExtGState gs = NULL;
    for (int i = 0; i < c->n_alpha_gs && !gs; i++)
        if (c->alpha_gs[i].a == a)
            gs = c->alpha_gs[i].gs;
    if (!gs) {
        gs = HPDF_CreateExtGState(c->pdf);
        if (!gs)
            return;   /* the document's error handler has it */
        HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)a);
        HPDF_ExtGState_SetAlphaStroke(gs, (HPDF_REAL)a);
        if (c->n_alpha_gs < MAX_ALPHA)
            c->alpha_gs[c->n_alpha_gs++] = (struct alpha_gs){a, gs};
    }
    HPDF_Page_SetExtGState(c->page, gs);
    c->alpha = a;
}

static void put_fill(struct pdf_canvas *c)
{
    const struct canvas_state *s = &c->gs.st;
    if (c->fill[0] != s->r || c->fill[1] != s->g || c->fill[2] != s->b) {
        HPDF_Page_SetRGBFill(c->page, (HPDF_REAL)s->r, (HPDF_REAL)s->g, (HPDF_REAL)s->b);
        c->fill[0] = s->r;
        c->fill[1] = s->g;
        c->fill[2] = s->b;
    }
    put_alpha(c, s->a);
}

static void put_stroke(struct pdf_canvas *c)
{
    const struct canvas_state *s = &c->gs.st;
    if (c->stroke[0] != s->r || c->stroke[1] != s->g || c->stroke[2] != s->b) {
        HPDF_Page_SetRGBStroke(c->page, (HPDF_REAL)s->r, (HPDF_REAL)s->g, (HPDF_REAL)s->b);
        c->stroke[0] = s->r;
        c->stroke[1] = s->g;
        c->stroke[2] = s->b;
    }
    put_alpha(c, s->a);
    double k = canvas_state_scale(s), lw = s->lw * k;
    if (c->lw != lw) {
        HPDF_Page_SetLineWidth(c->page, (HPDF_REAL)lw);
        c->lw = lw;
    }
    int same = c->dash_set && c->n_dash == s->n_dash;
    for (int i = 0; same && i < s->n_dash; i++)
        same = c->dash[i] == s->dash[i] * k;
    if (!same) {
        /* libharu takes whole points: round, but never to an invisible 0 */
        HPDF_UINT16 ptn[4];
        for (int i = 0; i < s->n_dash; i++) {
            double v = round(s->dash[i] * k);
            ptn[i] = (HPDF_UINT16)(v < 1 ? 1 : v > 1000 ? 1000 : v);
            c->dash[i] = s->dash[i] * k;
        }
        HPDF_Page_SetDash(c->page, s->n_dash ? ptn : NULL, (HPDF_UINT)s->n_dash, 0);
        c->n_dash = s->n_dash;
        c->dash_set = 1;
    }
}

static void put_path(struct pdf_canvas *c)
{
    HPDF_Page pg = c->page;
    for (size_t i = 0; i < c->n_path; i++) {
        const struct seg *g = &c->path[i];
        switch (g->op) {
        case SEG_MOVE:
            HPDF_Page_MoveTo(pg, (HPDF_REAL)g->x, (HPDF_REAL)g->y);
            break;
        case SEG_LINE:
            HPDF_Page_LineTo(pg, (HPDF_REAL)g->x, (HPDF_REAL)g->y);
            break;
        case SEG_CLOSE:
            HPDF_Page_ClosePath(pg);
            break;
        case SEG_RECT:
            HPDF_Page_Rectangle(pg, (HPDF_REAL)g->x, (HPDF_REAL)g->y, (HPDF_REAL)g->w,
                                (HPDF_REAL)g->h);
            break;
        case SEG_CIRCLE:
            HPDF_Page_Circle(pg, (HPDF_REAL)g->x, (HPDF_REAL)g->y, (HPDF_REAL)g->h);
            break;
        }
    }
    c->n_path = 0;
}

static void pc_fill(void *p)
{
    struct pdf_canvas *c = p;
    if (!c->page || !c->n_path) {
        c->n_path = 0;
        return;
    }
    put_fill(c);
    put_path(c);
    HPDF_Page_Fill(c->page);
}

static void pc_stroke(void *p)
{
    struct pdf_canvas *c = p;
    if (!c->page || !c->n_path) {
        c->n_path = 0;
        return;
    }
    put_stroke(c);
    put_path(c);
    HPDF_Page_Stroke(c->page);
}

static void pc_save(void *p) { canvas_states_save(&((struct pdf_canvas *)p)->gs); }
static void pc_restore(void *p) { canvas_states_restore(&((struct pdf_canvas *)p)->gs); }

static void pc_translate(void *p, double x, double y)
{
    canvas_state_translate(&((struct pdf_canvas *)p)->gs.st, x, y);
}

static void pc_rotate(void *p, double a)
{
    canvas_state_rotate(&((struct pdf_canvas *)p)->gs.st, a);
}

static void pc_text(void *p, double x, double y, int bold, double size, const char *s)
{
    struct pdf_canvas *c = p;
    if (!c->page || !*s)
        return;
    const double *m = c->gs.st.m;
    double px, py;
    to_page(c, x, y, &px, &py);
    put_fill(c);
    HPDF_Page_BeginText(c->page);
    /* the chart's y runs down the page: flip the y terms */
    HPDF_Page_SetTextMatrix(c->page, (HPDF_REAL)m[0], (HPDF_REAL)-m[1], (HPDF_REAL)-m[2],
                            (HPDF_REAL)m[3], (HPDF_REAL)px, (HPDF_REAL)py);
    pdf_fonts_show(c->fonts, c->page, bold, size, s);
    HPDF_Page_EndText(c->page);
}

static double pc_text_width(void *p, int bold, double size, const char *s)
{
    struct pdf_canvas *c = p;
    return pdf_fonts_width(c->fonts, bold, size, s);
}

static void pc_background(void *p)
{
    (void)p;   /* the page is white already */
}

/* libharu has no shadings: the ramp is drawn as thin strips, each a little
   wider than its step so no hairline of page shows between them. */
static void pc_hramp(void *p, double x, double y, double w, double h, const double *rgb, int n)
{
    struct pdf_canvas *c = p;
    if (!c->page || n <= 0)
        return;
    enum { STRIPS = 96 };
    struct canvas_state saved = c->gs.st;
    for (int i = 0; i < STRIPS; i++) {
        double t = (i + 0.5) / STRIPS * (n - 1);
        int k = (int)t;
        if (k >= n - 1)
            k = n > 1 ? n - 2 : 0;
        double f = n > 1 ? t - k : 0;
        const double *a = rgb + 3 * k, *b = n > 1 ? rgb + 3 * (k + 1) : a;
        c->gs.st.r = a[0] + (b[0] - a[0]) * f;
        c->gs.st.g = a[1] + (b[1] - a[1]) * f;
        c->gs.st.b = a[2] + (b[2] - a[2]) * f;
        c->gs.st.a = 1;
        double sw = w / STRIPS;
        pc_rect(c, x + i * sw, y, i == STRIPS - 1 ? sw : sw + 0.3, h);
        pc_fill(c);
    }
    c->gs.st = saved;
}

static const struct canvas_ops pdf_ops = {
    pc_rgba, pc_line_width, pc_dash, pc_move_to, pc_line_to, pc_close_path, pc_rect, pc_circle,
    pc_fill, pc_stroke, pc_save, pc_restore, pc_translate, pc_rotate, pc_text, pc_text_width,
    pc_background, pc_hramp,
};

struct canvas pdf_canvas_open(HPDF_Doc pdf, HPDF_Page page, struct pdf_fonts *fonts,
                              double page_h, double x, double y_top, double k)
{
    struct pdf_canvas *c = xcalloc(1, sizeof *c);
    c->pdf = pdf;
    c->page = page;
    c->fonts = fonts;
    c->page_h = page_h;
    c->ox = x;
    c->oy = y_top;
    canvas_states_init(&c->gs, k);
    c->fill[0] = c->stroke[0] = c->lw = NAN;
    c->alpha = 1;   /* inside q/Q nothing has made the page transparent */
    if (page)
        HPDF_Page_GSave(page);
    return (struct canvas){&pdf_ops, c, 0};
}

void pdf_canvas_close(struct canvas *cv)
{
    struct pdf_canvas *c = cv->impl;
    if (!c)
        return;
    if (c->page)
        HPDF_Page_GRestore(c->page);
    free(c->path);
    free(c);
    cv->impl = NULL;
}
