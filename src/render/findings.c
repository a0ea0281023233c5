/*
 * findings.c — the key findings of a round (contract in findings.h).
 *
 * Changes and levels are compared at the published precision
 * (compute_published), so an institution whose score prints the same in
 * both rounds counts as unchanged, as the change chart draws it.
 */
#include "findings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

#define N_NAMED 3    /* gains and losses named */

double run_prev_national(const struct round_data *rd, const struct index_run *run, int node)
{
    if (!run->prev_year || !run->prev_value)
        return NAN;
    long double s = 0.0L, sw = 0.0L;
    for (int u = 0; u < run->res.n_units; u++) {
        double v = run_prev_value(run, u, node);
        double w = rd->reg->items[u].weight;
        if (!isfinite(v) || !isfinite(w))
            continue;
        s += w * v;
        sw += w;
    }
    return sw > 0 ? (double)(s / sw) : NAN;
}

static void add(struct findings *f, char *line)
{
    f->line = xrealloc(f->line, (size_t)(f->n + 1) * sizeof *f->line);
    f->line[f->n++] = line;
}

/* A figure at the report's decimals (run_decimals: the scale's, or
   [publisher] decimals), as the tables beside the findings print it. */
static const char *num(char *buf, size_t n, double v, int dec, enum lang L)
{
    return fmt_num(buf, n, v, dec, L);
}

/* "+4,6" / "-1,2" / "0,0" at dec decimals (buf of 40 bytes or more). */
static const char *signed_num(char *buf, size_t n, double v, int dec, enum lang L)
{
    char tmp[32];
    fmt_num(tmp, sizeof tmp, v, dec, L);
    int zero = strspn(tmp, "0,.") == strlen(tmp);
    snprintf(buf, n, "%s%s", tmp[0] != '-' && !zero ? "+" : "", tmp);
    return buf;
}

/* The change of unit u at the published precision; NAN when either round
   has no value or the unit is not included now. */
static double change_of(const struct index_run *run, int u)
{
    const struct framework *fw = run->fw;
    double now = run_score(run, u), before = run_prev_value(run, u, fw->root);
    if (!run->res.included[u] || isnan(now) || isnan(before))
        return NAN;
    return compute_published(fw, now) - compute_published(fw, before);
}

/* Sentence 1: the national figure, its level and its change. */
static void national_line(struct findings *f, const struct round_data *rd,
                          const struct index_run *run, enum lang L)
{
    const struct framework *fw = run->fw;
    char b1[32], b2[32], b3[40];
    int dec = run_decimals(rd, run);
    double now = run->res.national[fw->root];
    const char *lvl = level_label(fw, maturity_level(&fw->maturity, now), L);
    double before = run_prev_national(rd, run, fw->root);
    char *s;
    if (!isnan(before)) {
        char y[16];
        snprintf(y, sizeof y, "%d", run->prev_year);
        s = xasprintf(tr(L, "Promedio nacional: %s, nivel %s; en %s era %s (%s puntos)."),
                      num(b1, sizeof b1, now, dec, L), lvl ? lvl : "\xe2\x80\x94", y,
                      num(b2, sizeof b2, before, dec, L),
                      signed_num(b3, sizeof b3,
                                 compute_published(fw, now) - compute_published(fw, before), dec, L));
    } else {
        s = xasprintf(tr(L, "Promedio nacional: %s, nivel %s."), num(b1, sizeof b1, now, dec, L), lvl ? lvl : "\xe2\x80\x94");
    }
    add(f, s);
}

/* Sentence 2: how many went up, down, or stayed. */
static void movers_count_line(struct findings *f, const struct index_run *run, enum lang L)
{
    int up = 0, down = 0, same = 0;
    for (int u = 0; u < run->res.n_units; u++) {
        double c = change_of(run, u);
        if (isnan(c))
            continue;
        up += c > 0;
        down += c < 0;
        same += c == 0;
    }
    if (up + down + same == 0)
        return;
    char y[16], a[16], b[16], c[16];
    snprintf(y, sizeof y, "%d", run->prev_year);
    snprintf(a, sizeof a, "%d", up);
    snprintf(b, sizeof b, "%d", down);
    snprintf(c, sizeof c, "%d", same);
    add(f, xasprintf(tr(L, "Instituciones con más puntaje que en %s: %s; con menos: %s; igual: %s."),
                     y, a, b, c));
}

/* Sentence 3: institutions per maturity level, and who changed level. */
static void levels_line(struct findings *f, const struct index_run *run, enum lang L)
{
    const struct framework *fw = run->fw;
    const struct maturity *m = &fw->maturity;
    if (m->n <= 0)
        return;
    int *count = xcalloc((size_t)m->n, sizeof *count);
    int up = 0, down = 0, compared = 0;
    for (int u = 0; u < run->res.n_units; u++) {
        int lv = run->res.included[u] ? run->res.maturity[u] : -1;
        if (lv < 0)
            continue;
        count[lv]++;
        int was = maturity_level(m, run_prev_value(run, u, fw->root));
        if (was >= 0) {
            compared++;
            up += lv > was;
            down += lv < was;
        }
    }
    struct strbuf sb;
    strbuf_init(&sb);
    for (int k = 0; k < m->n; k++) {
        const char *name = level_label(fw, k, L);
        strbuf_addf(&sb, "%s%s %d", k ? ", " : "", name ? name : "?", count[k]);
    }
    char *s;
    if (compared > 0) {
        char y[16], a[16], b[16];
        snprintf(y, sizeof y, "%d", run->prev_year);
        snprintf(a, sizeof a, "%d", up);
        snprintf(b, sizeof b, "%d", down);
        s = xasprintf(tr(L, "Instituciones por nivel: %s. Cambios de nivel desde %s: %s hacia arriba, %s hacia abajo."),
                      sb.buf, y, a, b);
    } else {
        s = xasprintf(tr(L, "Instituciones por nivel: %s."), sb.buf);
    }
    strbuf_release(&sb);
    free(count);
    add(f, s);
}

/* The names of the units of rank `rank` (ties together) with their score,
   "A y B (94,5)". */
static char *names_at_rank(const struct round_data *rd, const struct index_run *run, int rank,
                           enum lang L)
{
    struct strbuf sb;
    strbuf_init(&sb);
    char b[32];
    double v = NAN;
    int n = 0;
    for (int u = 0; u < run->res.n_units; u++)
        if (run->res.included[u] && run_rank(run, u, run->fw->root) == rank) {
            strbuf_addf(&sb, "%s%s", n++ ? tr(L, " y ") : "", NAME(&rd->reg->items[u], L));
            v = run_score(run, u);
        }
    strbuf_addf(&sb, " (%s)", num(b, sizeof b, v, run_decimals(rd, run), L));
    char *out = strbuf_detach(&sb);   /* detach leaves sb initialised */
    strbuf_release(&sb);
    return out;
}

/* Sentence 4: the leaders and the laggards. */
static void leaders_line(struct findings *f, const struct round_data *rd,
                         const struct index_run *run, enum lang L)
{
    int last = 0;
    for (int u = 0; u < run->res.n_units; u++)
        if (run->res.included[u] && run_rank(run, u, run->fw->root) > last)
            last = run_rank(run, u, run->fw->root);
    if (last == 0)
        return;
    char *hi = names_at_rank(rd, run, 1, L), *lo = names_at_rank(rd, run, last, L);
    add(f, xasprintf(tr(L, "Mayor puntaje: %s. Menor puntaje: %s."), hi, lo));
    free(hi);
    free(lo);
}

struct mover {
    int u;
    double c;
};

static int cmp_mover(const void *a, const void *b)
{
    const struct mover *x = a, *y = b;
    if (x->c != y->c)
        return x->c > y->c ? -1 : 1;
    return x->u - y->u;
}

/* Up to N_NAMED movers from m (sorted) going the way of sign, into sb. */
static int name_movers(struct strbuf *sb, const struct round_data *rd, const struct mover *m,
                       int n, int sign, int dec, enum lang L)
{
    char b[40];
    int said = 0;
    for (int k = 0; k < n && said < N_NAMED; k++) {
        const struct mover *x = sign > 0 ? &m[k] : &m[n - 1 - k];
        if (sign > 0 ? x->c <= 0 : x->c >= 0)
            break;
        strbuf_addf(sb, "%s%s (%s)", said++ ? ", " : "", NAME(&rd->reg->items[x->u], L),
                    signed_num(b, sizeof b, x->c, dec, L));
    }
    return said;
}

/* Sentence 5: the largest gains and losses since the previous round. */
static void movers_line(struct findings *f, const struct round_data *rd,
                        const struct index_run *run, enum lang L)
{
    struct mover *m = xcalloc((size_t)(run->res.n_units + 1), sizeof *m);
    int n = 0;
    for (int u = 0; u < run->res.n_units; u++) {
        double c = change_of(run, u);
        if (!isnan(c))
            m[n++] = (struct mover){u, c};
    }
    qsort(m, (size_t)n, sizeof *m, cmp_mover);
    struct strbuf g, l;
    strbuf_init(&g);
    strbuf_init(&l);
    int dec = run_decimals(rd, run);
    int ng = name_movers(&g, rd, m, n, +1, dec, L), nl = name_movers(&l, rd, m, n, -1, dec, L);
    if (ng && nl)
        add(f, xasprintf(tr(L, "Mayores avances: %s. Mayores retrocesos: %s."), g.buf, l.buf));
    else if (ng)
        add(f, xasprintf(tr(L, "Mayores avances: %s. Ninguna institución retrocedió."), g.buf));
    else if (nl)
        add(f, xasprintf(tr(L, "Ninguna institución avanzó. Mayores retrocesos: %s."), l.buf));
    strbuf_release(&g);
    strbuf_release(&l);
    free(m);
}

/* Sentence 6: the weighted mean of each group (registry order of first
   appearance), when the registry has two groups or more. */
static void groups_line(struct findings *f, const struct round_data *rd,
                        const struct index_run *run, enum lang L)
{
    int nu = run->res.n_units, ng = 0;
    int *first = xcalloc((size_t)(nu + 1), sizeof *first);   /* a unit of each group */
    for (int u = 0; u < nu; u++) {
        const char *g = rd->reg->items[u].group;
        if (!g || !*g)
            continue;
        int k = 0;
        while (k < ng && strcmp(rd->reg->items[first[k]].group, g) != 0)
            k++;
        if (k == ng)
            first[ng++] = u;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    int said = 0;
    for (int k = 0; k < ng && ng >= 2; k++) {
        const char *g = rd->reg->items[first[k]].group;
        long double s = 0.0L, sw = 0.0L;
        int count = 0;
        for (int u = 0; u < nu; u++) {
            const struct institution *it = &rd->reg->items[u];
            double v = run_score(run, u);
            if (!it->group || strcmp(it->group, g) != 0 || !run->res.included[u] || isnan(v))
                continue;
            s += it->weight * v;
            sw += it->weight;
            count++;
        }
        if (count == 0)
            continue;
        char b[32];
        strbuf_addf(&sb, "%s%s %s (%d)", said++ ? ", " : "",
                    GROUP_NAME(&rd->reg->items[first[k]], L),
                    num(b, sizeof b, (double)(s / sw), run_decimals(rd, run), L), count);
    }
    if (said >= 2)
        add(f, xasprintf(tr(L, "Promedio por grupo (instituciones): %s."), sb.buf));
    strbuf_release(&sb);
    free(first);
}

/* Sentence 7: the pillars where the State is weakest and strongest. */
static void pillars_line(struct findings *f, const struct round_data *rd,
                         const struct index_run *run, enum lang L)
{
    const struct framework *fw = run->fw;
    int dec = run_decimals(rd, run);
    int *pil, np = framework_pillars(fw, &pil);
    int lo = -1, hi = -1;
    for (int p = 0; p < np; p++) {
        double v = run->res.national[pil[p]];
        if (isnan(v))
            continue;
        if (lo < 0 || v < run->res.national[lo])
            lo = pil[p];
        if (hi < 0 || v > run->res.national[hi])
            hi = pil[p];
    }
    if (lo >= 0 && hi >= 0 && lo != hi) {
        char b1[32], b2[32];
        add(f, xasprintf(tr(L, "Pilar más débil en el promedio nacional: %s (%s); el más fuerte: %s (%s)."),
                         NAME(&fw->nodes[lo], L), num(b1, sizeof b1, run->res.national[lo], dec, L),
                         NAME(&fw->nodes[hi], L), num(b2, sizeof b2, run->res.national[hi], dec, L)));
    }
    free(pil);
}

void findings_build(const struct round_data *rd, int i, enum lang lang, struct findings *out)
{
    const struct index_run *run = &rd->idx[i];
    *out = (struct findings){NULL, 0};
    national_line(out, rd, run, lang);
    if (run->prev_year && run->prev_value)
        movers_count_line(out, run, lang);
    levels_line(out, run, lang);
    leaders_line(out, rd, run, lang);
    if (run->prev_year && run->prev_value)
        movers_line(out, rd, run, lang);
    groups_line(out, rd, run, lang);
    pillars_line(out, rd, run, lang);
}

void findings_release(struct findings *f)
{
    for (int k = 0; k < f->n; k++)
        free(f->line[k]);
    free(f->line);
    *f = (struct findings){NULL, 0};
}
