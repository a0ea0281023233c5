/*
 * canvas_state.c — colour, line, dash and transform of a canvas back end
 * (canvas_state.h).
 */
#include "canvas_state.h"

#include <math.h>

#include "error.h"

void canvas_states_init(struct canvas_states *s, double k)
{
    s->st = (struct canvas_state){{k, 0, 0, k, 0, 0}, 0, 0, 0, 1, 2, {0}, 0};
    s->depth = 0;
}

void canvas_states_save(struct canvas_states *s)
{
    if (s->depth >= CANVAS_STATE_DEPTH)
        BUG("canvas: save nested deeper than %d", CANVAS_STATE_DEPTH);
    s->stack[s->depth++] = s->st;
}

void canvas_states_restore(struct canvas_states *s)
{
    if (s->depth <= 0)
        BUG("canvas: restore without save");
    s->st = s->stack[--s->depth];
}

void canvas_state_rgba(struct canvas_state *s, double r, double g, double b, double a)
{
    s->r = r;
    s->g = g;
    s->b = b;
    s->a = a;
}

void canvas_state_dash(struct canvas_state *s, const double *on_off, int n)
{
    s->n_dash = n < 0 ? 0 : n > 4 ? 4 : n;
    for (int i = 0; i < s->n_dash; i++)
        s->dash[i] = on_off[i];
}

void canvas_state_translate(struct canvas_state *s, double x, double y)
{
    double *m = s->m;
    m[4] += m[0] * x + m[2] * y;
    m[5] += m[1] * x + m[3] * y;
}

/* cairo_rotate: the rotation applies first, then the transform in force. */
void canvas_state_rotate(struct canvas_state *s, double a)
{
    double *m = s->m;
    double cs = cos(a), sn = sin(a);
    double m0 = m[0] * cs + m[2] * sn, m1 = m[1] * cs + m[3] * sn;
    double m2 = -m[0] * sn + m[2] * cs, m3 = -m[1] * sn + m[3] * cs;
    m[0] = m0;
    m[1] = m1;
    m[2] = m2;
    m[3] = m3;
}

void canvas_state_map(const struct canvas_state *s, double x, double y, double *px, double *py)
{
    *px = s->m[0] * x + s->m[2] * y + s->m[4];
    *py = s->m[1] * x + s->m[3] * y + s->m[5];
}

double canvas_state_scale(const struct canvas_state *s)
{
    return sqrt(fabs(s->m[0] * s->m[3] - s->m[1] * s->m[2]));
}
