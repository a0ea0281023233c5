/*
 * canvas.h — the drawing surface the charts are drawn on.
 *
 * A chart is drawn once per output: on cairo for the PNG and SVG files
 * (render_chart.c) and straight into the PDF page with libharu
 * (render_pdf.c), so the reports carry the charts as vector graphics: sharp
 * at any zoom, a few kilobytes each, and no image to decode and compress
 * again for every scorecard.  The charts only use what both back ends do
 * alike: one colour for fills, strokes and text, straight paths, full
 * circles, rectangles, a dash, translation and rotation, left-aligned text
 * at a baseline, and a horizontal colour ramp.
 *
 * Coordinates are points with the origin at the top left and y growing
 * downwards (cairo's convention); the PDF back end maps them onto the page.
 * Paths are built first and consumed by fill() or stroke(), as in cairo;
 * colour, line width and dash may change while a path is being built and
 * apply when it is painted.
 */
#ifndef INDIGO_CANVAS_H
#define INDIGO_CANVAS_H

struct canvas_ops {
    void (*rgba)(void *impl, double r, double g, double b, double a);
    void (*line_width)(void *impl, double w);
    void (*dash)(void *impl, const double *on_off, int n);  /* n = 0: solid */
    void (*move_to)(void *impl, double x, double y);
    void (*line_to)(void *impl, double x, double y);
    void (*close_path)(void *impl);
    void (*rect)(void *impl, double x, double y, double w, double h);
    void (*circle)(void *impl, double x, double y, double r);
    void (*fill)(void *impl);
    void (*stroke)(void *impl);
    void (*save)(void *impl);                 /* colour, width, dash, transform */
    void (*restore)(void *impl);
    void (*translate)(void *impl, double x, double y);
    void (*rotate)(void *impl, double radians);  /* clockwise on the page  */
    /* UTF-8 text, left end of the baseline at (x, y); regular or bold */
    void (*text)(void *impl, double x, double y, int bold, double size, const char *s);
    double (*text_width)(void *impl, int bold, double size, const char *s);
    void (*background)(void *impl);           /* white under the whole chart */
    /* A left-to-right ramp through n evenly spaced colours (r, g, b triples)
       filling the rectangle. */
    void (*hramp)(void *impl, double x, double y, double w, double h, const double *rgb, int n);
};

struct canvas {
    const struct canvas_ops *ops;
    void *impl;
    /* How wide the chart is drawn, in points; 0: CHART_WIDTH.  A report
       that places a chart narrower sets it, so the chart is laid out at the
       size it prints (its text stays at its own size) rather than shrunk. */
    double width;
};

/* Shorthands, so drawing code reads like cairo's. */
static inline void cv_rgba(struct canvas *c, double r, double g, double b, double a)
{
    c->ops->rgba(c->impl, r, g, b, a);
}
static inline void cv_rgb(struct canvas *c, double r, double g, double b)
{
    c->ops->rgba(c->impl, r, g, b, 1);
}
static inline void cv_line_width(struct canvas *c, double w) { c->ops->line_width(c->impl, w); }
static inline void cv_dash(struct canvas *c, const double *on_off, int n)
{
    c->ops->dash(c->impl, on_off, n);
}
static inline void cv_move_to(struct canvas *c, double x, double y) { c->ops->move_to(c->impl, x, y); }
static inline void cv_line_to(struct canvas *c, double x, double y) { c->ops->line_to(c->impl, x, y); }
static inline void cv_close_path(struct canvas *c) { c->ops->close_path(c->impl); }
static inline void cv_rect(struct canvas *c, double x, double y, double w, double h)
{
    c->ops->rect(c->impl, x, y, w, h);
}
static inline void cv_circle(struct canvas *c, double x, double y, double r)
{
    c->ops->circle(c->impl, x, y, r);
}
static inline void cv_fill(struct canvas *c) { c->ops->fill(c->impl); }
static inline void cv_stroke(struct canvas *c) { c->ops->stroke(c->impl); }
static inline void cv_save(struct canvas *c) { c->ops->save(c->impl); }
static inline void cv_restore(struct canvas *c) { c->ops->restore(c->impl); }
static inline void cv_translate(struct canvas *c, double x, double y)
{
    c->ops->translate(c->impl, x, y);
}
static inline void cv_rotate(struct canvas *c, double a) { c->ops->rotate(c->impl, a); }
static inline void cv_text(struct canvas *c, double x, double y, int bold, double size,
                           const char *s)
{
    c->ops->text(c->impl, x, y, bold, size, s);
}
static inline double cv_text_width(struct canvas *c, int bold, double size, const char *s)
{
    return c->ops->text_width(c->impl, bold, size, s);
}
static inline void cv_background(struct canvas *c) { c->ops->background(c->impl); }
static inline void cv_hramp(struct canvas *c, double x, double y, double w, double h,
                            const double *rgb, int n)
{
    c->ops->hramp(c->impl, x, y, w, h, rgb, n);
}

#endif
