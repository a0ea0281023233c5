/*
 * canvas_state.h — the graphics state a canvas back end keeps for itself.
 *
 * cairo keeps its own; the PDF and SVG canvases (pdf_canvas.c,
 * svg_canvas.c) keep this one: the colour, line width and dash in force, the
 * transform from chart coordinates, and a stack for save/restore, with
 * cairo's meaning for each.
 */
#ifndef INDIGO_CANVAS_STATE_H
#define INDIGO_CANVAS_STATE_H

struct canvas_state {
    double m[6];          /* chart -> back end: x' = m0 x + m2 y + m4, y' = m1 x + m3 y + m5 */
    double r, g, b, a;
    double lw;
    double dash[4];
    int n_dash;
};

#define CANVAS_STATE_DEPTH 8

struct canvas_states {
    struct canvas_state st;                           /* in force */
    struct canvas_state stack[CANVAS_STATE_DEPTH];
    int depth;
};

/* Black, opaque, line width 2, solid, scaled by k. */
void canvas_states_init(struct canvas_states *s, double k);
void canvas_states_save(struct canvas_states *s);
void canvas_states_restore(struct canvas_states *s);

void canvas_state_rgba(struct canvas_state *s, double r, double g, double b, double a);
void canvas_state_dash(struct canvas_state *s, const double *on_off, int n);  /* at most 4 */
void canvas_state_translate(struct canvas_state *s, double x, double y);
void canvas_state_rotate(struct canvas_state *s, double radians);
/* (x, y) through the transform. */
void canvas_state_map(const struct canvas_state *s, double x, double y, double *px, double *py);
/* How much the transform scales lengths (it only scales uniformly). */
double canvas_state_scale(const struct canvas_state *s);

#endif
