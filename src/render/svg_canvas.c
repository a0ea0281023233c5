/*
 * svg_canvas.c — the canvas as SVG (svg_canvas.h).
 *
 * As in pdf_canvas.c, path points are mapped through the transform in force
 * when they are added, so paths are written in the chart's own coordinates;
 * only text carries a transform attribute (the rotated watermark).
 */
#include "svg_canvas.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas_state.h"
#include "csv.h"
#include "utf8.h"
#include "xalloc.h"

struct svg_canvas {
    struct strbuf *out;
    struct canvas *measure;
    struct canvas_states gs;
    struct strbuf path;     /* the "d" being built */
    int n_ramps;
};

/* A number with at most two decimals and no trailing zeros ("12", "3.5"). */
static void num(struct strbuf *sb, double v)
{
    long c = lround(v * 100);
    if (c == 0) {
        strbuf_addc(sb, '0');
        return;
    }
    if (c < 0) {
        strbuf_addc(sb, '-');
        c = -c;
    }
    strbuf_addf(sb, "%ld", c / 100);
    long f = c % 100;
    if (f)
        strbuf_addf(sb, f % 10 ? ".%02ld" : ".%ld", f % 10 ? f : f / 10);
}

static void colour(struct strbuf *sb, double r, double g, double b)
{
    int R = (int)lround(r * 255), G = (int)lround(g * 255), B = (int)lround(b * 255);
    strbuf_addf(sb, "#%02x%02x%02x", R < 0 ? 0 : R > 255 ? 255 : R, G < 0 ? 0 : G > 255 ? 255 : G,
                B < 0 ? 0 : B > 255 ? 255 : B);
}

static void point(struct svg_canvas *c, char op, double x, double y)
{
    double px, py;
    canvas_state_map(&c->gs.st, x, y, &px, &py);
    strbuf_addc(&c->path, op);
    num(&c->path, px);
    strbuf_addc(&c->path, ' ');
    num(&c->path, py);
}

static void sc_rgba(void *p, double r, double g, double b, double a)
{
    canvas_state_rgba(&((struct svg_canvas *)p)->gs.st, r, g, b, a);
}

static void sc_line_width(void *p, double w)
{
    ((struct svg_canvas *)p)->gs.st.lw = w;
}

static void sc_dash(void *p, const double *on_off, int n)
{
    canvas_state_dash(&((struct svg_canvas *)p)->gs.st, on_off, n);
}

static void sc_move_to(void *p, double x, double y) { point(p, 'M', x, y); }
static void sc_line_to(void *p, double x, double y) { point(p, 'L', x, y); }
static void sc_close_path(void *p) { strbuf_addc(&((struct svg_canvas *)p)->path, 'Z'); }

static void sc_rect(void *p, double x, double y, double w, double h)
{
    point(p, 'M', x, y);
    point(p, 'L', x + w, y);
    point(p, 'L', x + w, y + h);
    point(p, 'L', x, y + h);
    sc_close_path(p);
}

static void sc_circle(void *p, double x, double y, double r)
{
    struct svg_canvas *c = p;
    double k = canvas_state_scale(&c->gs.st);
    point(p, 'M', x - r, y);
    strbuf_adds(&c->path, "a");
    num(&c->path, r * k);
    strbuf_addc(&c->path, ' ');
    num(&c->path, r * k);
    strbuf_adds(&c->path, " 0 1 0 ");
    num(&c->path, 2 * r * k);
    strbuf_adds(&c->path, " 0a");
    num(&c->path, r * k);
    strbuf_addc(&c->path, ' ');
    num(&c->path, r * k);
    strbuf_adds(&c->path, " 0 1 0 ");
    num(&c->path, -2 * r * k);
    strbuf_adds(&c->path, " 0Z");
}

static void opacity(struct strbuf *sb, const char *attr, double a)
{
    if (a >= 1)
        return;
    strbuf_addf(sb, " %s=\"", attr);
    num(sb, a);
    strbuf_addc(sb, '"');
}

static void sc_fill(void *p)
{
    struct svg_canvas *c = p;
    if (c->path.len) {
        strbuf_adds(c->out, "<path d=\"");
        strbuf_add(c->out, c->path.buf, c->path.len);
        strbuf_adds(c->out, "\" fill=\"");
        colour(c->out, c->gs.st.r, c->gs.st.g, c->gs.st.b);
        strbuf_addc(c->out, '"');
        opacity(c->out, "fill-opacity", c->gs.st.a);
        strbuf_adds(c->out, "/>\n");
    }
    strbuf_reset(&c->path);
}

static void sc_stroke(void *p)
{
    struct svg_canvas *c = p;
    if (c->path.len) {
        double k = canvas_state_scale(&c->gs.st);
        strbuf_adds(c->out, "<path d=\"");
        strbuf_add(c->out, c->path.buf, c->path.len);
        strbuf_adds(c->out, "\" fill=\"none\" stroke=\"");
        colour(c->out, c->gs.st.r, c->gs.st.g, c->gs.st.b);
        strbuf_adds(c->out, "\" stroke-width=\"");
        num(c->out, c->gs.st.lw * k);
        strbuf_addc(c->out, '"');
        if (c->gs.st.n_dash) {
            strbuf_adds(c->out, " stroke-dasharray=\"");
            for (int i = 0; i < c->gs.st.n_dash; i++) {
                if (i)
                    strbuf_addc(c->out, ' ');
                num(c->out, c->gs.st.dash[i] * k);
            }
            strbuf_addc(c->out, '"');
        }
        opacity(c->out, "stroke-opacity", c->gs.st.a);
        strbuf_adds(c->out, "/>\n");
    }
    strbuf_reset(&c->path);
}

static void sc_save(void *p) { canvas_states_save(&((struct svg_canvas *)p)->gs); }
static void sc_restore(void *p) { canvas_states_restore(&((struct svg_canvas *)p)->gs); }

static void sc_translate(void *p, double x, double y)
{
    canvas_state_translate(&((struct svg_canvas *)p)->gs.st, x, y);
}

static void sc_rotate(void *p, double a)
{
    canvas_state_rotate(&((struct svg_canvas *)p)->gs.st, a);
}

/* Text for XML: the markup characters escaped, and anything XML cannot hold
   (control characters, U+FFFE, bytes that are not UTF-8) replaced by U+FFFD
   -- the inputs refuse them, this is the writer's own guard. */
static void escaped(struct strbuf *sb, const char *s)
{
    struct strbuf safe;
    strbuf_init(&safe);
    text_append_safe(&safe, s, strlen(s));
    for (size_t i = 0; i < safe.len; i++) {
        switch (safe.buf[i]) {
        case '&': strbuf_adds(sb, "&amp;"); break;
        case '<': strbuf_adds(sb, "&lt;"); break;
        case '>': strbuf_adds(sb, "&gt;"); break;
        case '"': strbuf_adds(sb, "&quot;"); break;
        default: strbuf_addc(sb, safe.buf[i]);
        }
    }
    strbuf_release(&safe);
}

static void sc_text(void *p, double x, double y, int bold, double size, const char *s)
{
    struct svg_canvas *c = p;
    if (!*s)
        return;
    const double *m = c->gs.st.m;
    strbuf_adds(c->out, "<text");
    if (m[0] == 1 && m[1] == 0 && m[2] == 0 && m[3] == 1) {
        strbuf_adds(c->out, " x=\"");
        num(c->out, x + m[4]);
        strbuf_adds(c->out, "\" y=\"");
        num(c->out, y + m[5]);
        strbuf_addc(c->out, '"');
    } else {
        strbuf_adds(c->out, " x=\"");
        num(c->out, x);
        strbuf_adds(c->out, "\" y=\"");
        num(c->out, y);
        strbuf_addf(c->out, "\" transform=\"matrix(%.4f %.4f %.4f %.4f ", m[0], m[1], m[2], m[3]);
        num(c->out, m[4]);
        strbuf_addc(c->out, ' ');
        num(c->out, m[5]);
        strbuf_addc(c->out, ')');
        strbuf_addc(c->out, '"');
    }
    strbuf_adds(c->out, " font-size=\"");
    num(c->out, size);
    strbuf_addc(c->out, '"');
    if (bold)
        strbuf_adds(c->out, " font-weight=\"bold\"");
    strbuf_adds(c->out, " fill=\"");
    colour(c->out, c->gs.st.r, c->gs.st.g, c->gs.st.b);
    strbuf_addc(c->out, '"');
    opacity(c->out, "fill-opacity", c->gs.st.a);
    strbuf_addc(c->out, '>');
    escaped(c->out, s);
    strbuf_adds(c->out, "</text>\n");
}

static double sc_text_width(void *p, int bold, double size, const char *s)
{
    return cv_text_width(((struct svg_canvas *)p)->measure, bold, size, s);
}

static void sc_background(void *p)
{
    strbuf_adds(((struct svg_canvas *)p)->out, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
}

static void sc_hramp(void *p, double x, double y, double w, double h, const double *rgb, int n)
{
    struct svg_canvas *c = p;
    int id = ++c->n_ramps;
    double x0, y0, x1, y1;
    canvas_state_map(&c->gs.st, x, y, &x0, &y0);
    canvas_state_map(&c->gs.st, x + w, y, &x1, &y1);
    strbuf_addf(c->out, "<linearGradient id=\"ramp%d\" gradientUnits=\"userSpaceOnUse\" x1=\"", id);
    num(c->out, x0);
    strbuf_adds(c->out, "\" y1=\"");
    num(c->out, y0);
    strbuf_adds(c->out, "\" x2=\"");
    num(c->out, x1);
    strbuf_adds(c->out, "\" y2=\"");
    num(c->out, y1);
    strbuf_adds(c->out, "\">\n");
    for (int i = 0; i < n; i++) {
        strbuf_adds(c->out, "<stop offset=\"");
        num(c->out, n > 1 ? (double)i / (n - 1) : 0);
        strbuf_adds(c->out, "\" stop-color=\"");
        colour(c->out, rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
        strbuf_adds(c->out, "\"/>\n");
    }
    strbuf_adds(c->out, "</linearGradient>\n");
    sc_rect(p, x, y, w, h);
    strbuf_adds(c->out, "<path d=\"");
    strbuf_add(c->out, c->path.buf, c->path.len);
    strbuf_addf(c->out, "\" fill=\"url(#ramp%d)\"/>\n", id);
    strbuf_reset(&c->path);
}

static const struct canvas_ops svg_ops = {
    sc_rgba, sc_line_width, sc_dash, sc_move_to, sc_line_to, sc_close_path, sc_rect, sc_circle,
    sc_fill, sc_stroke, sc_save, sc_restore, sc_translate, sc_rotate, sc_text, sc_text_width,
    sc_background, sc_hramp,
};

struct canvas svg_canvas_open(struct strbuf *out, double w, double h, struct canvas *measure,
                              const char *title, const char *desc)
{
    struct svg_canvas *c = xcalloc(1, sizeof *c);
    c->out = out;
    c->measure = measure;
    canvas_states_init(&c->gs, 1);
    strbuf_init(&c->path);
    strbuf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    num(out, w);
    strbuf_adds(out, "pt\" height=\"");
    num(out, h);
    strbuf_adds(out, "pt\" viewBox=\"0 0 ");
    num(out, w);
    strbuf_addc(out, ' ');
    num(out, h);
    strbuf_adds(out, "\" font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\"");
    strbuf_adds(out, title && *title ? " role=\"img\" aria-labelledby=\"t\">\n" : ">\n");
    if (title && *title) {
        strbuf_adds(out, "<title id=\"t\">");
        escaped(out, title);
        strbuf_adds(out, "</title>\n");
    }
    if (desc && *desc) {
        strbuf_adds(out, "<desc>");
        escaped(out, desc);
        strbuf_adds(out, "</desc>\n");
    }
    return (struct canvas){&svg_ops, c, 0};
}

void svg_canvas_close(struct canvas *cv)
{
    struct svg_canvas *c = cv->impl;
    if (!c)
        return;
    strbuf_adds(c->out, "</svg>\n");
    strbuf_release(&c->path);
    free(c);
    cv->impl = NULL;
}
