/*
 * coherence.c — correlations with the parent, Cronbach's alpha and the
 * flags of coherence.h, computed the way R computes them (stats.h), so the
 * figures match COINr's on the same data.
 */
#include "coherence.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "xalloc.h"

/* ======================================================================== */
/* Statistics                                                               */
/* ======================================================================== */

/* The complete pairs of (x, y) into a, b; returns their number. */
static int complete_pairs(const double *x, const double *y, int n, double *a, double *b)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i]))
            continue;
        a[m] = x[i];
        b[m++] = y[i];
    }
    return m;
}

static double corr(const double *x, const double *y, int n, int *used, int spearman)
{
    size_t sz = (size_t)(n > 0 ? n : 1) * sizeof(double);
    double *a = xmalloc(sz), *b = xmalloc(sz);
    int m = complete_pairs(x, y, n, a, b);
    double r = spearman ? stats_spearman(a, b, m) : stats_pearson(a, b, m);
    if (used)
        *used = m;
    free(a);
    free(b);
    return r;
}

double coherence_pearson(const double *x, const double *y, int n, int *used)
{
    return corr(x, y, n, used, 0);
}

double coherence_spearman(const double *x, const double *y, int n, int *used)
{
    return corr(x, y, n, used, 1);
}

/* R's cov(x, y) over complete pairs: sum((a - mean a)(b - mean b))/(m - 1),
   the means over those pairs.  NAN for fewer than 2 pairs. */
static double cov_pairwise(const double *x, const double *y, int n, double *a, double *b)
{
    int m = complete_pairs(x, y, n, a, b);
    if (m < 2)
        return NAN;
    double ma = stats_mean(a, m), mb = stats_mean(b, m);
    long double s = 0.0L;
    for (int i = 0; i < m; i++)
        s += (a[i] - ma) * (b[i] - mb);
    return (double)(s / (m - 1));
}

double coherence_cronbach(const double *x, int n, int k)
{
    if (k < 2)
        return NAN;
    size_t sz = (size_t)(n > 0 ? n : 1) * sizeof(double);
    double *ci = xmalloc(sz), *cj = xmalloc(sz), *a = xmalloc(sz), *b = xmalloc(sz);
    long double all = 0.0L, diag = 0.0L;
    for (int i = 0; i < k; i++) {
        for (int u = 0; u < n; u++)
            ci[u] = x[(size_t)u * (size_t)k + (size_t)i];
        for (int j = i; j < k; j++) {
            for (int u = 0; u < n; u++)
                cj[u] = x[(size_t)u * (size_t)k + (size_t)j];
            double c = cov_pairwise(ci, cj, n, a, b);
            if (isnan(c))
                continue;           /* sum(..., na.rm = TRUE) */
            if (i == j) {
                all += c;
                diag += c;
            } else {
                all += 2 * c;       /* the matrix is symmetric */
            }
        }
    }
    free(ci);
    free(cj);
    free(a);
    free(b);
    double sigall = (double)all;
    double sigav = (double)((all - diag) / ((long double)k * (k - 1)));
    return (double)k * k * sigav / sigall;
}

/* ======================================================================== */
/* coherence_compute                                                        */
/* ======================================================================== */

/* Column of node k over the included units (excluded rows left out). */
static int column(const struct result *r, int k, double *col)
{
    int nn = r->fw->n_nodes, m = 0;
    for (int u = 0; u < r->n_units; u++)
        if (r->included[u])
            col[m++] = r->value[(size_t)u * (size_t)nn + (size_t)k];
    return m;
}

void coherence_compute(const struct result *r, struct coherence *out)
{
    const struct framework *fw = r->fw;
    int nn = fw->n_nodes;
    memset(out, 0, sizeof *out);
    out->n_nodes = nn;
    out->node = xcalloc((size_t)(nn ? nn : 1), sizeof *out->node);
    size_t nu = (size_t)(r->n_units ? r->n_units : 1);
    double *x = xmalloc(nu * sizeof *x), *y = xmalloc(nu * sizeof *y);
    int *n_child = xcalloc((size_t)(nn ? nn : 1), sizeof *n_child);
    for (int k = 0; k < nn; k++)
        if (fw->nodes[k].parent >= 0)
            n_child[fw->nodes[k].parent]++;

    /* with the parent */
    for (int k = 0; k < nn; k++) {
        struct coherence_node *c = &out->node[k];
        int p = fw->nodes[k].parent;
        c->parent = p;
        c->pearson = c->spearman = c->alpha = NAN;
        if (p < 0)
            continue;
        int m = column(r, k, x);
        column(r, p, y);
        c->pearson = coherence_pearson(x, y, m, &c->n);
        c->spearman = coherence_spearman(x, y, m, NULL);
        c->negative = c->pearson < 0;
        out->n_negative += c->negative;
    }

    /* each aggregate over its children: alpha, and collinear siblings */
    size_t cap = 0;
    for (int p = 0; p < nn; p++) {
        int k = n_child[p];
        if (k == 0)
            continue;
        int *ch = xmalloc((size_t)k * sizeof *ch), n = 0;
        for (int c = 0; c < nn; c++)
            if (fw->nodes[c].parent == p)
                ch[n++] = c;
        int m = 0;
        double *mat = xmalloc(nu * (size_t)k * sizeof *mat);
        for (int i = 0; i < k; i++) {
            m = column(r, ch[i], x);
            for (int u = 0; u < m; u++)
                mat[(size_t)u * (size_t)k + (size_t)i] = x[u];
        }
        out->node[p].alpha = coherence_cronbach(mat, m, k);
        for (int i = 0; i < k; i++) {
            column(r, ch[i], x);
            for (int j = i + 1; j < k; j++) {
                column(r, ch[j], y);
                int used;
                double rr = coherence_pearson(x, y, m, &used);
                if (!(fabs(rr) > COHERENCE_COLLINEAR))
                    continue;
                out->pair = xgrow(out->pair, &cap, (size_t)out->n_pair + 1, sizeof *out->pair);
                struct coherence_pair *q = &out->pair[out->n_pair++];
                q->a = ch[i];
                q->b = ch[j];
                q->r = rr;
                q->n = used;
                out->node[ch[i]].collinear++;
                out->node[ch[j]].collinear++;
            }
        }
        free(mat);
        free(ch);
    }
    free(x);
    free(y);
    free(n_child);
}

void coherence_release(struct coherence *c)
{
    if (!c)
        return;
    free(c->node);
    free(c->pair);
    memset(c, 0, sizeof *c);
}
