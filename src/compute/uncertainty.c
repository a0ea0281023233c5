/*
 * uncertainty.c — Monte Carlo uncertainty and Saltelli sensitivity analysis
 * of a computed index.  The contract (factors, statistics, reproducibility)
 * is in uncertainty.h; this file explains how it is made fast and exact.
 *
 * Layout: options; the kernel (precomputed structure and one replication);
 * the setup that precomputes every (imputation, normalisation) matrix; the
 * threads; the statistics; uncertainty_run.
 *
 * Random streams (rng.h), all of opt->seed:
 *   Monte Carlo replication r        stream r
 *   Saltelli row i of A / of B       stream 2^60 + 2i / 2^60 + 2i + 1
 *   bootstrap of factor f            stream 2^62 + f
 * A point is 4 + n_nodes uniforms drawn in this order: normalisation,
 * aggregation, imputation, drop, then one per node for the weights (in node
 * order).  All are drawn even for a factor that is not varied, so turning a
 * factor off does not change the numbers the others see.
 */
#include "uncertainty.h"
#include "messages.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "rng.h"
#include "stats.h"
#include "xalloc.h"

#define STREAM_SA    (1ULL << 60)
#define STREAM_BOOT  (1ULL << 62)
#define N_DISCRETE   4            /* uniforms before the weights in a point  */
#define CHUNK        16           /* replications claimed at a time          */

/* ======================================================================== */
/* Options                                                                  */
/* ======================================================================== */

void ua_options_init(struct ua_options *o)
{
    memset(o, 0, sizeof *o);
    o->runs = 1000;
    o->seed = 20261123ULL;
    for (int l = 0; l < LEVEL_MAX; l++)
        o->weight_noise[l] = 0.25;
    o->factors = UA_ALL_FACTORS;
    o->norm_alt[0] = NORM_MINMAX;
    o->norm_alt[1] = NORM_ZSCORE;
    o->n_norm_alt = 2;
    o->agg_alt[0] = AGG_ARITHMETIC;
    o->agg_alt[1] = AGG_GEOMETRIC;
    o->n_agg_alt = 2;
    o->impute_alt[0] = IMPUTE_MEAN;
    o->impute_alt[1] = IMPUTE_NONE;
    o->n_impute_alt = 2;
    o->sa_n = 500;
    o->n_boot = 1000;
    o->threads = 0;
    o->progress = NULL;
    o->progress_ctx = NULL;
    o->target = -1;
}

void ua_options_from_config(struct ua_options *o, const struct config *cfg)
{
    ua_options_init(o);
    o->runs = cfg->ua_runs;
    o->seed = cfg->ua_seed;
    for (int l = 0; l < LEVEL_MAX; l++)
        o->weight_noise[l] = cfg->ua_weight_noise;
    o->threads = cfg->ua_threads;
}

const char *ua_factor_name(enum ua_factor f)
{
    switch (f) {
    case UA_WEIGHTS: return "weights";
    case UA_NORM: return "normalisation";
    case UA_AGG: return "aggregation";
    case UA_IMPUTE: return "imputation";
    case UA_DROP: return "drop";
    case UA_N_FACTORS: break;
    }
    BUG("unknown uncertainty factor %d", (int)f);
}

__attribute__((format(printf, 3, 4))) static int fail(char *errbuf, size_t errlen,
                                                      const char *fmt, ...)
{
    if (errbuf && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errbuf, errlen, msg_tr(fmt), ap);
        va_end(ap);
    }
    return -1;
}

/* ======================================================================== */
/* The kernel: what one replication needs, computed once                    */
/* ======================================================================== */

/*
 * The layout the kernel streams through.  A replication reads every
 * normalised value once and the aggregates' own values a few times, so
 * values are kept by node, not by unit: the normalised matrix of each choice
 * is stored column by column over the included units (indicator j's values
 * contiguous), and a thread's aggregate values likewise, one column per
 * aggregate.  An aggregate then reads its children's columns as a few
 * sequential streams; a unit-major matrix made it load a cache line per
 * child per unit, 20 passes over 9 MB at 5,000 units x 221 nodes.
 */
struct kernel {
    const struct framework *fw;
    int nu, ni, nn;              /* units, indicators, nodes                  */
    int target;
    int n_inc, *inc;             /* included units, in order                  */
    const int *unranked;         /* nu, borrowed: scored, not ranked; or NULL */
    const int *ind_node;         /* node of indicator column j (borrowed)     */
    int *first, *next;           /* children lists, file order                */
    int *order, n_order;         /* aggregates, children before parents       */
    int *level;                  /* node level clamped to 0..LEVEL_MAX-1      */
    int maxc;                    /* most children of a node                   */
    double *w0;                  /* nominal weights                           */
    double noise[LEVEL_MAX];
    double geo_translate;        /* s of the negative-value translation       */
    unsigned varied;
    int n_choice[UA_N_FACTORS];
    /* normalised matrices, [imputation choice * n_norm + normalisation
       choice], each ni columns of n_inc values (column j = indicator j over
       the included units) */
    double **mat;
    double **mat_min;            /* each matrix's lowest value per column     */
    int *ind_col;                /* nn: indicator column of a node, or -1     */
    unsigned char *agg_of;       /* n_agg x nn: method of each node           */
    /* The logarithms a geometric mean takes of the indicators, which a
       replication would otherwise recompute every time (they were half of
       the analysis at 5,000 x 200): lt[m][p] is the translation agg_node
       gives aggregate p of matrix m when no child is removed (NAN when p has
       an aggregate child: not cached), zc[m][p * n_inc + i] how many of p's
       children are 0 for unit i once translated, and lmat[m] column j holds
       log(value + lt[m][p] + shift) of indicator j under its parent p, shift
       the zero shift if the unit has a zero child, else 0: the very
       operations compute_gh_mean makes.  A node translated otherwise this
       replication takes the exact path, and so does a unit whose sum is not
       finite (a missing value) or whose only zero child was removed.  All
       NULL when no aggregation choice gives an indicator's parent a
       geometric mean. */
    int geo;                     /* some choice aggregates indicators geometrically */
    double **lmat, **lt;
    unsigned char **zc;
    int *nom_rank;               /* nu: nominal ranks of the target           */
};

/* One thread's buffers, reused by every replication it runs. */
struct scratch {
    double *agg;                 /* n_order columns of n_inc: aggregate values */
    double *nan_col;             /* n_inc NANs: a node removed from the tree  */
    const double **col;          /* nn: each node's column this replication   */
    const double *mat_min;       /* ni: lowest value of each indicator column */
    int mi;                      /* the matrix of this replication            */
    const double **lc;           /* maxc: the present children's logarithms   */
    const unsigned char *zc;     /* the node's zero children per unit         */
    const double *dropped;       /* its child removed this replication, or NULL */
    double *w;                   /* nn weights of this replication            */
    unsigned char *present;      /* nn: node still in the tree                */
    double *xv, *wv, *sv, *swt;  /* maxc: one aggregate's children            */
    const double **cc;           /* maxc: one aggregate's present children's  */
    double *cw, *cwn;            /*   columns, weights, weights / their sum   */
    double *neg;                 /* nu: the target's values negated, to rank  */
    int *unit_of, *order;        /* nu: their units, their ascending order    */
    double *pv;                  /* nu: rank shifts to average                */
    int *rank;                   /* nu                                        */
    double *u, *ub;              /* points (4 + nn uniforms): A and B         */
};

static void scratch_init(struct scratch *s, const struct kernel *K)
{
    size_t nu = (size_t)(K->nu ? K->nu : 1), nn = (size_t)K->nn, mc = (size_t)K->maxc;
    size_t ninc = (size_t)(K->n_inc ? K->n_inc : 1);
    s->agg = xmalloc((size_t)(K->n_order ? K->n_order : 1) * ninc * sizeof *s->agg);
    s->nan_col = xmalloc(ninc * sizeof *s->nan_col);
    for (size_t i = 0; i < ninc; i++)
        s->nan_col[i] = NAN;
    s->col = xmalloc(nn * sizeof *s->col);
    s->w = xmalloc(nn * sizeof *s->w);
    s->present = xmalloc(nn);
    s->xv = xmalloc(mc * sizeof *s->xv);
    s->wv = xmalloc(mc * sizeof *s->wv);
    s->sv = xmalloc(mc * sizeof *s->sv);
    s->swt = xmalloc(mc * sizeof *s->swt);
    s->cc = xmalloc(mc * sizeof *s->cc);
    s->lc = xmalloc(mc * sizeof *s->lc);
    s->cw = xmalloc(mc * sizeof *s->cw);
    s->cwn = xmalloc(mc * sizeof *s->cwn);
    s->neg = xmalloc(nu * sizeof *s->neg);
    s->unit_of = xmalloc(nu * sizeof *s->unit_of);
    s->order = xmalloc(nu * sizeof *s->order);
    s->pv = xmalloc(nu * sizeof *s->pv);
    s->rank = xmalloc(nu * sizeof *s->rank);
    s->u = xmalloc((N_DISCRETE + nn) * sizeof *s->u);
    s->ub = xmalloc((N_DISCRETE + nn) * sizeof *s->ub);
}

static void scratch_release(struct scratch *s)
{
    free(s->agg);
    free(s->nan_col);
    free(s->col);
    free(s->w);
    free(s->present);
    free(s->xv);
    free(s->wv);
    free(s->sv);
    free(s->swt);
    free(s->cc);
    free(s->lc);
    free(s->cw);
    free(s->cwn);
    free(s->neg);
    free(s->unit_of);
    free(s->order);
    free(s->pv);
    free(s->rank);
    free(s->u);
    free(s->ub);
}

/* The choices of one replication. */
struct choice {
    int imp, norm, agg, drop;    /* drop: indicator column, -1 = none         */
    const double *u;             /* the point (weights from u[N_DISCRETE..]),
                                    NULL = nominal weights                    */
};

/*
 * One aggregate of one unit, with compute.c's arithmetic operation by
 * operation (weights normalised before the weighted sum, long double sums,
 * the zero shift), so that the nominal choices give the nominal values bit
 * for bit.  NAN where compute.c would record an error.
 */
static double agg_values(const struct kernel *K, struct scratch *S, enum agg_method m,
                         int n)
{
    const double *xv = S->xv, *w = S->wv;
    long double sw = 0.0L;
    for (int i = 0; i < n; i++)
        sw += w[i];
    double wsum = (double)sw;
    if (!(wsum > 0))
        return NAN;
    switch (m) {
    case AGG_ARITHMETIC: {
        long double s = 0.0L;
        for (int i = 0; i < n; i++)
            s += (w[i] / wsum) * xv[i];
        return (double)s;
    }
    case AGG_GEOMETRIC:
    case AGG_HARMONIC: {
        return compute_gh_mean(m, xv, w, n, wsum, K->fw->steps.geo_zero_shift);
    }
    case AGG_MEDIAN: {
        double *sv = S->sv, *swt = S->swt;
        for (int i = 0; i < n; i++) {
            int k = i;
            while (k > 0 && sv[k - 1] > xv[i]) {
                sv[k] = sv[k - 1];
                swt[k] = swt[k - 1];
                k--;
            }
            sv[k] = xv[i];
            swt[k] = w[i];
        }
        double half = wsum / 2, tol = 1e-12 * wsum;
        long double cum = 0.0L;
        for (int i = 0; i < n; i++) {
            cum += swt[i];
            double c = (double)cum;
            if (fabs(c - half) <= tol && i + 1 < n)
                return (sv[i] + sv[i + 1]) / 2;
            if (c >= half - tol)
                return sv[i];
        }
        return NAN;
    }
    }
    BUG("unknown aggregation %d", (int)m);
}

/* Ranks of the target over the included units that are ranked (compute_run
   ranks no unit_unranked one): higher value = rank 1, ties
   at the published precision take the minimum rank (compute_ranks_published),
   NAN = 0. */
static void rank_target(const struct kernel *K, struct scratch *S)
{
    const double *col = S->col[K->target];
    int m = 0;
    for (int u = 0; u < K->nu; u++)
        S->rank[u] = 0;
    for (int i = 0; i < K->n_inc; i++) {
        double v = col[i];
        if (!isnan(v) && !(K->unranked && K->unranked[K->inc[i]])) {
            /* as compute_run ranks: the published value; ascending -v = best first */
            S->neg[m] = -compute_published(K->fw, v);
            S->unit_of[m++] = K->inc[i];
        }
    }
    stats_order(S->neg, m, S->order);
    for (int k = 0; k < m;) {
        int e = k;
        while (e + 1 < m && S->neg[S->order[e + 1]] == S->neg[S->order[k]])
            e++;
        for (int j = k; j <= e; j++)
            S->rank[S->unit_of[S->order[j]]] = k + 1;
        k = e + 1;
    }
}

/* y: mean |rank - nominal| over units ranked in both (R's mean, na.rm). */
static double rank_shift(const struct kernel *K, struct scratch *S)
{
    int n = 0;
    for (int u = 0; u < K->nu; u++)
        if (S->rank[u] > 0 && K->nom_rank[u] > 0)
            S->pv[n++] = abs(S->rank[u] - K->nom_rank[u]);
    return stats_mean(S->pv, n);
}

/* Aggregate p of included unit i from the children gathered in S->cc
   (k_n of them, present in the tree), value by value as compute.c does:
   children without a value skipped, the threshold, then agg_values. */
static double agg_unit(const struct kernel *K, struct scratch *S, enum agg_method m, int k_n,
                       double thr, double t, size_t i)
{
    int m_n = 0;
    for (int c = 0; c < k_n; c++) {
        double v = S->cc[c][i];
        if (isnan(v))
            continue;
        S->xv[m_n] = t != 0 ? v + t : v;
        S->wv[m_n++] = S->cw[c];
    }
    double y = NAN;
    if (m_n > 0 && !((double)m_n / k_n < thr))
        y = agg_values(K, S, m, m_n);
    return t != 0 ? y - t : y;
}

/*
 * Arithmetic mean of the units whose children all have a value, four units
 * at a time (four independent long double sums instead of one dependency
 * chain): the children and so the weights' sum and each w / sum are the same
 * for all of them, computed once, and each unit's terms are added in child
 * order as agg_values adds them, so every value is bit for bit what
 * agg_unit gives.  A unit with a child without a value has a NAN sum and
 * takes agg_unit.
 */
static void agg_arithmetic(const struct kernel *K, struct scratch *S, int k_n, double thr,
                           double *out)
{
    const double *const *cc = S->cc;
    long double sw = 0.0L;
    for (int c = 0; c < k_n; c++)
        sw += S->cw[c];
    double wsum = (double)sw;
    size_t n = (size_t)K->n_inc, i = 0;
    if (!(wsum > 0) || (double)k_n / k_n < thr) {
        for (; i < n; i++)
            out[i] = agg_unit(K, S, AGG_ARITHMETIC, k_n, thr, 0, i);
        return;
    }
    for (int c = 0; c < k_n; c++)
        S->cwn[c] = S->cw[c] / wsum;
    for (; i + 4 <= n; i += 4) {
        long double s0 = 0.0L, s1 = 0.0L, s2 = 0.0L, s3 = 0.0L;
        for (int c = 0; c < k_n; c++) {
            const double *x = cc[c] + i;
            double wn = S->cwn[c];
            s0 += wn * x[0];
            s1 += wn * x[1];
            s2 += wn * x[2];
            s3 += wn * x[3];
        }
        out[i] = isnan(s0) ? agg_unit(K, S, AGG_ARITHMETIC, k_n, thr, 0, i) : (double)s0;
        out[i + 1] = isnan(s1) ? agg_unit(K, S, AGG_ARITHMETIC, k_n, thr, 0, i + 1) : (double)s1;
        out[i + 2] = isnan(s2) ? agg_unit(K, S, AGG_ARITHMETIC, k_n, thr, 0, i + 2) : (double)s2;
        out[i + 3] = isnan(s3) ? agg_unit(K, S, AGG_ARITHMETIC, k_n, thr, 0, i + 3) : (double)s3;
    }
    for (; i < n; i++) {
        long double s = 0.0L;
        for (int c = 0; c < k_n; c++)
            s += S->cwn[c] * cc[c][i];
        out[i] = isnan(s) ? agg_unit(K, S, AGG_ARITHMETIC, k_n, thr, 0, i) : (double)s;
    }
}

/*
 * Geometric or harmonic mean (children translated by t), the units whose
 * children all have a value taking the weights' sum computed once (the same
 * sum agg_values makes for each of them), the others agg_unit.
 */
static double gh_unit(const struct kernel *K, struct scratch *S, enum agg_method m, int k_n,
                      double thr, double t, int full_ok, double wsum, size_t i)
{
    int c = 0;
    for (; c < k_n; c++) {
        double v = S->cc[c][i];
        if (isnan(v))
            break;
        S->xv[c] = t != 0 ? v + t : v;
    }
    if (c < k_n)
        return agg_unit(K, S, m, k_n, thr, t, i);
    double y = full_ok ? compute_gh_mean(m, S->xv, S->cw, k_n, wsum,
                                         K->fw->steps.geo_zero_shift)
                       : NAN;
    return t != 0 ? y - t : y;
}

static void agg_gh(const struct kernel *K, struct scratch *S, enum agg_method m, int k_n,
                   double thr, double t, double *out)
{
    long double sw = 0.0L;
    for (int c = 0; c < k_n; c++)
        sw += S->cw[c];
    double wsum = (double)sw;
    int full_ok = wsum > 0 && !((double)k_n / k_n < thr);
    size_t n = (size_t)K->n_inc;
    for (size_t i = 0; i < n; i++)
        out[i] = gh_unit(K, S, m, k_n, thr, t, full_ok, wsum, i);
}

/* compute_gh_mean's end (the shift of a unit with a zero child), then
   agg_gh's translation back; the exact path for a sum that is not finite or
   a unit whose only zero child was removed. */
static inline double geo_end(const struct kernel *K, struct scratch *S, long double s,
                             int k_n, double thr, double t, double wsum, size_t i)
{
    int zeros = S->zc[i];
    if (S->dropped && zeros == 1 && (t != 0 ? S->dropped[i] + t : S->dropped[i]) == 0)
        zeros = -1;
    if (!isfinite(s) || zeros < 0)
        return gh_unit(K, S, AGG_GEOMETRIC, k_n, thr, t, 1, wsum, i);
    double y = exp((double)s / wsum) - (zeros ? K->fw->steps.geo_zero_shift : 0);
    return t != 0 ? y - t : y;
}

/*
 * Geometric mean of indicators from the cached logarithms in S->lc (see
 * struct kernel), four units at a time as agg_arithmetic: each unit's terms
 * w * log(x) added in child order into a long double, as compute_gh_mean
 * adds them, so every value is bit for bit agg_gh's.
 */
static void agg_geo_cached(const struct kernel *K, struct scratch *S, int k_n, double thr,
                           double t, double *out)
{
    long double sw = 0.0L;
    for (int c = 0; c < k_n; c++)
        sw += S->cw[c];
    double wsum = (double)sw;
    if (!(wsum > 0) || (double)k_n / k_n < thr) {
        agg_gh(K, S, AGG_GEOMETRIC, k_n, thr, t, out);
        return;
    }
    const double *const *lc = S->lc;
    const double *cw = S->cw;
    size_t n = (size_t)K->n_inc, i = 0;
    for (; i + 4 <= n; i += 4) {
        long double s0 = 0.0L, s1 = 0.0L, s2 = 0.0L, s3 = 0.0L;
        for (int c = 0; c < k_n; c++) {
            const double *l = lc[c] + i;
            double w = cw[c];
            s0 += w * l[0];
            s1 += w * l[1];
            s2 += w * l[2];
            s3 += w * l[3];
        }
        out[i] = geo_end(K, S, s0, k_n, thr, t, wsum, i);
        out[i + 1] = geo_end(K, S, s1, k_n, thr, t, wsum, i + 1);
        out[i + 2] = geo_end(K, S, s2, k_n, thr, t, wsum, i + 2);
        out[i + 3] = geo_end(K, S, s3, k_n, thr, t, wsum, i + 3);
    }
    for (; i < n; i++) {
        long double s = 0.0L;
        for (int c = 0; c < k_n; c++)
            s += cw[c] * lc[c][i];
        out[i] = geo_end(K, S, s, k_n, thr, t, wsum, i);
    }
}

/* The lowest value of n (NAN: none). */
static double column_min(const double *x, size_t n)
{
    double mn = INFINITY;
    for (size_t i = 0; i < n; i++)
        if (x[i] < mn)
            mn = x[i];
    return mn;
}

/* Aggregate p over the included units into out. */
static void agg_node(const struct kernel *K, struct scratch *S, int p, enum agg_method m,
                     double *out)
{
    int k_n = 0;
    for (int ch = K->first[p]; ch >= 0; ch = K->next[ch])
        if (S->present[ch]) {
            S->cc[k_n] = S->col[ch];
            S->cw[k_n++] = S->w[ch];
        }
    double thr = K->fw->steps.agg_threshold[K->level[p]];
    size_t n = (size_t)K->n_inc;
    if (m == AGG_ARITHMETIC) {
        agg_arithmetic(K, S, k_n, thr, out);
        return;
    }
    if (m != AGG_GEOMETRIC && m != AGG_HARMONIC) {
        for (size_t i = 0; i < n; i++)
            out[i] = agg_unit(K, S, m, k_n, thr, 0, i);
        return;
    }
    /* geometric/harmonic of a negative value: translate the node (an
       indicator's lowest value is the matrix's, computed once) */
    double mn = INFINITY;
    for (int ch = K->first[p]; ch >= 0; ch = K->next[ch]) {
        if (!S->present[ch])
            continue;
        double m_ch = K->ind_col[ch] >= 0 ? S->mat_min[K->ind_col[ch]]
                                          : column_min(S->col[ch], n);
        if (m_ch < mn)
            mn = m_ch;
    }
    double t = mn < 0 ? K->geo_translate - mn : 0;
    if (m == AGG_GEOMETRIC && K->lmat && t == K->lt[S->mi][p]) {
        /* every child an indicator (else lt is NAN), its logarithms cached */
        int c = 0;
        S->dropped = NULL;
        S->zc = K->zc[S->mi] + (size_t)p * n;
        for (int ch = K->first[p]; ch >= 0; ch = K->next[ch])
            if (S->present[ch])
                S->lc[c++] = K->lmat[S->mi] + (size_t)K->ind_col[ch] * n;
            else
                S->dropped = K->mat[S->mi] + (size_t)K->ind_col[ch] * n;
        agg_geo_cached(K, S, k_n, thr, t, out);
        return;
    }
    agg_gh(K, S, m, k_n, thr, t, out);
}

/*
 * One replication: the column of every node over the included units into
 * S->col (indicators: the chosen matrix's; aggregates: S->agg), the
 * target's ranks into S->rank; returns y.
 */
static double kernel_eval(const struct kernel *K, struct scratch *S, const struct choice *c)
{
    size_t nn = (size_t)K->nn, n = (size_t)K->n_inc;
    /* weights */
    for (int k = 0; k < K->nn; k++) {
        double w = K->w0[k];
        if (c->u)
            w *= 1 + K->noise[K->level[k]] * (2 * c->u[N_DISCRETE + k] - 1);
        S->w[k] = w;
    }
    /* which nodes remain when an indicator is removed */
    memset(S->present, 0, nn);
    for (int j = 0; j < K->ni; j++)
        S->present[K->ind_node[j]] = j != c->drop;
    for (int o = 0; o < K->n_order; o++) {
        int p = K->order[o];
        for (int ch = K->first[p]; ch >= 0; ch = K->next[ch])
            S->present[p] |= S->present[ch];
    }
    /* indicators: the precomputed normalised values, read in place */
    for (size_t k = 0; k < nn; k++)
        S->col[k] = S->nan_col;
    int mi = c->imp * K->n_choice[UA_NORM] + c->norm;
    const double *mat = K->mat[mi];
    S->mat_min = K->mat_min[mi];
    S->mi = mi;
    for (int j = 0; j < K->ni; j++)
        S->col[K->ind_node[j]] = mat + (size_t)j * n;
    /* aggregates, children first */
    const unsigned char *agg_of = K->agg_of + (size_t)c->agg * nn;
    for (int o = 0; o < K->n_order; o++) {
        int p = K->order[o];
        if (!S->present[p])
            continue;          /* stays S->nan_col */
        double *out = S->agg + (size_t)o * n;
        agg_node(K, S, p, (enum agg_method)agg_of[p], out);
        S->col[p] = out;
    }
    rank_target(K, S);
    return rank_shift(K, S);
}

/* ======================================================================== */
/* Setup: choices, tree, precomputed matrices                               */
/* ======================================================================== */

static int has_step(const struct steps *st, enum step_kind k)
{
    for (int s = 0; s < st->n; s++)
        if (st->order[s] == k)
            return 1;
    return 0;
}

/* Names for messages (framework.h has the user-facing spellings). */
static const char *norm_label(int m)
{
    static const char *const name[] = {"none", "minmax", "zscore", "goalposts",
                                        "dist_target", "dist_ref", "dist_max",
                                        "prank", "rank"};
    return m < 0 ? "framework" : m < (int)(sizeof name / sizeof *name) ? name[m] : "?";
}

static const char *impute_label(int m)
{
    static const char *const name[] = {"none", "mean", "median", "group_mean",
                                        "group_median", "zero"};
    return m < 0 ? "framework" : m < (int)(sizeof name / sizeof *name) ? name[m] : "?";
}

/* Add method m to factor f's choices unless it is already there or is what
   the framework does anyway (same_as_framework). */
static void choice_add(struct uncertainty *out, enum ua_factor f, int m,
                       int same_as_framework)
{
    if (same_as_framework)
        return;
    for (int i = 1; i < out->n_choice[f]; i++)
        if (out->choice[f][i] == m)
            return;
    out->choice[f][out->n_choice[f]++] = m;
}

static void choices_build(struct uncertainty *out, const struct kernel *K,
                          const struct ua_options *opt)
{
    const struct framework *fw = K->fw;
    for (int f = 0; f < UA_N_FACTORS; f++) {
        out->n_choice[f] = 1;
        out->choice[f][0] = -1;
    }
    if (opt->factors & UA_BIT(UA_NORM))
        for (int a = 0; a < opt->n_norm_alt; a++) {
            int same = has_step(&fw->steps, STEP_NORMALISE);
            for (int j = 0; j < K->ni && same; j++)
                same = compute_node_norm(fw, K->ind_node[j]) == opt->norm_alt[a];
            choice_add(out, UA_NORM, (int)opt->norm_alt[a], same);
        }
    if (opt->factors & UA_BIT(UA_AGG))
        for (int a = 0; a < opt->n_agg_alt; a++) {
            int same = 1;
            for (int o = 0; o < K->n_order && same; o++)
                same = compute_node_agg(fw, K->order[o]) == opt->agg_alt[a];
            choice_add(out, UA_AGG, (int)opt->agg_alt[a], same);
        }
    if (opt->factors & UA_BIT(UA_IMPUTE)) {
        enum impute_method own =
            has_step(&fw->steps, STEP_IMPUTE) ? fw->steps.impute : IMPUTE_NONE;
        for (int a = 0; a < opt->n_impute_alt; a++)
            choice_add(out, UA_IMPUTE, (int)opt->impute_alt[a], opt->impute_alt[a] == own);
    }
    if ((opt->factors & UA_BIT(UA_DROP)) && K->ni >= 2)
        out->n_choice[UA_DROP] = K->ni + 1;
    out->varied = 0;
    for (int f = 0; f < UA_N_FACTORS; f++)
        if (out->n_choice[f] > 1)
            out->varied |= UA_BIT(f);
    if (opt->factors & UA_BIT(UA_WEIGHTS))
        for (int k = 0; k < K->nn; k++)
            if (fw->nodes[k].parent >= 0 && K->noise[K->level[k]] > 0)
                out->varied |= UA_BIT(UA_WEIGHTS);
}

static void kernel_tree(struct kernel *K)
{
    const struct framework *fw = K->fw;
    struct compute_tree t;
    compute_tree_build(fw, &t);   /* the engine's own tree: same order */
    K->first = t.first;           /* the kernel takes the lists over    */
    K->next = t.next;
    K->order = t.order;
    K->n_order = t.n_order;
    K->level = xmalloc((size_t)K->nn * sizeof(int));
    K->maxc = 1;
    for (int k = 0; k < K->nn; k++) {
        if (t.n_child[k] > K->maxc)
            K->maxc = t.n_child[k];
        int lev = fw->nodes[k].level;
        K->level[k] = lev < 0 ? 0 : lev >= LEVEL_MAX ? LEVEL_MAX - 1 : lev;
    }
    free(t.n_child);
}

static void kernel_release(struct kernel *K)
{
    free(K->inc);
    free(K->first);
    free(K->next);
    free(K->order);
    free(K->level);
    free(K->w0);
    if (K->mat)
        for (int i = 0; i < K->n_choice[UA_IMPUTE] * K->n_choice[UA_NORM]; i++)
            free(K->mat[i]);
    if (K->mat_min)
        for (int i = 0; i < K->n_choice[UA_IMPUTE] * K->n_choice[UA_NORM]; i++)
            free(K->mat_min[i]);
    if (K->lmat)
        for (int i = 0; i < K->n_choice[UA_IMPUTE] * K->n_choice[UA_NORM]; i++) {
            free(K->lmat[i]);
            free(K->lt[i]);
            free(K->zc[i]);
        }
    free(K->mat);
    free(K->mat_min);
    free(K->lmat);
    free(K->lt);
    free(K->zc);
    free(K->ind_col);
    free(K->agg_of);
    free(K->nom_rank);
}

static void kernel_build(struct kernel *K, const struct result *nom,
                         const struct ua_options *opt, int target)
{
    const struct framework *fw = nom->fw;
    K->fw = fw;
    K->nu = nom->n_units;
    K->ni = nom->n_ind;
    K->nn = fw->n_nodes;
    K->target = target;
    K->ind_node = nom->ind_node;
    K->inc = xmalloc((size_t)(K->nu ? K->nu : 1) * sizeof *K->inc);
    K->nom_rank = xmalloc((size_t)(K->nu ? K->nu : 1) * sizeof *K->nom_rank);
    for (int u = 0; u < K->nu; u++) {
        if (nom->included[u])
            K->inc[K->n_inc++] = u;
        K->nom_rank[u] = nom->rank[(size_t)u * (size_t)K->nn + (size_t)target];
    }
    kernel_tree(K);
    K->ind_col = xmalloc((size_t)K->nn * sizeof *K->ind_col);
    for (int k = 0; k < K->nn; k++)
        K->ind_col[k] = -1;
    for (int j = 0; j < K->ni; j++)
        K->ind_col[K->ind_node[j]] = j;
    K->w0 = xmalloc((size_t)K->nn * sizeof *K->w0);
    for (int k = 0; k < K->nn; k++)
        K->w0[k] = fw->nodes[k].weight;
    for (int l = 0; l < LEVEL_MAX; l++)
        K->noise[l] = opt->weight_noise[l];
    K->geo_translate = fw->steps.geo_zero_shift > 0 ? fw->steps.geo_zero_shift : 1;
}

/* Aggregation method of every node for every aggregation choice. */
static void kernel_agg(struct kernel *K, const struct uncertainty *out)
{
    int na = out->n_choice[UA_AGG];
    K->agg_of = xmalloc((size_t)na * (size_t)K->nn);
    for (int a = 0; a < na; a++)
        for (int k = 0; k < K->nn; k++)
            K->agg_of[(size_t)a * (size_t)K->nn + (size_t)k] =
                (unsigned char)(out->choice[UA_AGG][a] < 0 ? (int)compute_node_agg(K->fw, k)
                                                           : out->choice[UA_AGG][a]);
    for (int j = 0; j < K->ni; j++) {
        int p = K->fw->nodes[K->ind_node[j]].parent;
        for (int a = 0; a < na && p >= 0; a++)
            K->geo |= K->agg_of[(size_t)a * (size_t)K->nn + (size_t)p] == AGG_GEOMETRIC;
    }
}

/* The translation of each aggregate of matrix m with every child present
   (NAN: an aggregate child), into lt (struct kernel). */
static void kernel_translations(const struct kernel *K, int m, double *lt)
{
    for (int p = 0; p < K->nn; p++) {
        double mn = INFINITY;
        int only_ind = K->first[p] >= 0;
        for (int ch = K->first[p]; ch >= 0; ch = K->next[ch]) {
            if (K->ind_col[ch] < 0) {
                only_ind = 0;
                break;
            }
            double m_ch = K->mat_min[m][K->ind_col[ch]];
            if (m_ch < mn)
                mn = m_ch;
        }
        lt[p] = !only_ind ? NAN : mn < 0 ? K->geo_translate - mn : 0;
    }
}

/* The cached logarithms of matrix m (struct kernel). */
static void kernel_logs(struct kernel *K, int m)
{
    if (!K->geo)
        return;
    size_t n = (size_t)K->n_inc, ni = (size_t)K->ni, nn = (size_t)K->nn;
    double *lt = K->lt[m] = xmalloc(nn * sizeof *lt);
    kernel_translations(K, m, lt);
    unsigned char *zc = K->zc[m] = xcalloc(nn * n > 0 ? nn * n : 1, 1);
    for (size_t j = 0; j < ni; j++) {
        int p = K->fw->nodes[K->ind_node[j]].parent;
        if (p < 0 || isnan(lt[p]))
            continue;
        const double *x = K->mat[m] + j * n;
        for (size_t i = 0; i < n; i++) {
            double xv = lt[p] != 0 ? x[i] + lt[p] : x[i];
            unsigned char *z = &zc[(size_t)p * n + i];
            *z += xv == 0 && *z < UCHAR_MAX;
        }
    }
    double *l = K->lmat[m] = xmalloc((n * ni > 0 ? n * ni : 1) * sizeof *l);
    double zero_shift = K->fw->steps.geo_zero_shift;
    for (size_t j = 0; j < ni; j++) {
        int p = K->fw->nodes[K->ind_node[j]].parent;
        double t = p >= 0 ? lt[p] : NAN;
        const double *x = K->mat[m] + j * n;
        for (size_t i = 0; i < n; i++) {
            /* agg_gh's translation, then compute_gh_mean's shift */
            double xv = t != 0 ? x[i] + t : x[i];
            double shift = !isnan(t) && zc[(size_t)p * n + i] ? zero_shift : 0;
            l[j * n + i] = isnan(t) ? NAN : log(xv + shift);
        }
    }
}

/* A units x indicators matrix as the kernel reads it: column j holds
   indicator j over the included units (transposed in blocks of units, so
   both sides move through memory in order). */
static double *kernel_columns(const struct kernel *K, const double *m, double **min)
{
    size_t n = (size_t)K->n_inc, ni = (size_t)K->ni;
    double *t = xmalloc((n * ni > 0 ? n * ni : 1) * sizeof *t);
    enum { BLOCK = 64 };
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t i1 = i0 + BLOCK < n ? i0 + BLOCK : n;
        for (size_t j = 0; j < ni; j++)
            for (size_t i = i0; i < i1; i++)
                t[j * n + i] = m[(size_t)K->inc[i] * ni + j];
    }
    *min = xmalloc((ni ? ni : 1) * sizeof **min);
    for (size_t j = 0; j < ni; j++)
        (*min)[j] = column_min(t + j * n, n);
    return t;
}

/*
 * The normalised matrix of every (imputation, normalisation) choice: the
 * nominal one is the nominal result's; each other one is compute_run() on a
 * copy of the framework with the aggregate step removed, the method(s)
 * replaced, and screening pinned to the nominal unit set (threshold 0, the
 * nominally excluded units forced out), so every replication ranks the same
 * units.  The runs are independent: they share the threads of the
 * replications, each taking the next choice not yet made.
 */
struct matrix_job {
    struct kernel *K;
    const struct compute_input *in;
    const struct result *nom;
    const struct uncertainty *out;
    struct node *nodes;              /* fw's nodes without per-node methods */
    char **excluded;                 /* the units screened out nominally    */
    int n_exc, has_imp, has_norm;
    int n_mat;
    atomic_int next;                 /* next matrix to make                 */
    atomic_int failed;
    char (*msg)[1024];               /* n_mat: why each failed, or ""       */
};

static void matrix_make(struct matrix_job *J, int m)
{
    struct kernel *K = J->K;
    const struct framework *fw = K->fw;
    int n_norm = J->out->n_choice[UA_NORM];
    int imp = J->out->choice[UA_IMPUTE][m / n_norm], norm = J->out->choice[UA_NORM][m % n_norm];
    struct framework f = *fw;
    struct steps *st = &f.steps;
    st->n = 0;
    int inserted = 0;
    for (int s = 0; s < fw->steps.n; s++) {
        enum step_kind k = fw->steps.order[s];
        if (k == STEP_AGGREGATE)
            continue;
        /* an imputation the framework does not have goes before
           treatment and normalisation */
        if (imp >= 0 && !J->has_imp && !inserted && (k == STEP_TREAT || k == STEP_NORMALISE)) {
            st->order[st->n++] = STEP_IMPUTE;
            inserted = 1;
        }
        st->order[st->n++] = k;
    }
    if (imp >= 0 && !J->has_imp && !inserted)
        st->order[st->n++] = STEP_IMPUTE;
    if (norm >= 0 && !J->has_norm)
        st->order[st->n++] = STEP_NORMALISE;
    if (imp >= 0)
        st->impute = (enum impute_method)imp;
    if (norm >= 0) {
        st->norm = (enum norm_method)norm;
        f.nodes = J->nodes;
    }
    st->screen_threshold = 0;
    st->force_include = NULL;
    st->n_force_include = 0;
    st->force_exclude = J->excluded;
    st->n_force_exclude = J->n_exc;

    struct compute_input in2 = *J->in;
    in2.fw = &f;
    struct result r;
    char msg[512];
    if (compute_run(&in2, &r, msg, sizeof msg) != 0) {
        snprintf(J->msg[m], sizeof J->msg[m],
                 msg_tr("uncertainty: imputation '%s' with normalisation '%s': %s"),
                 impute_label(imp), norm_label(norm), msg);
        atomic_store(&J->failed, 1);
    } else {
        for (int u = 0; u < K->nu; u++)
            if (r.included[u] != J->nom->included[u])
                BUG("uncertainty: unit '%s' changed screening", r.unit_code[u]);
        K->mat[m] = kernel_columns(K, r.normalised, &K->mat_min[m]);
        kernel_logs(K, m);
    }
    result_release(&r);
}

/* Matrices are claimed in increasing order and a claimed one is always
   made, so when any fails the lowest failing one has been tried: the
   message does not depend on the threads. */
static void *matrix_worker(void *arg)
{
    struct matrix_job *J = arg;
    for (;;) {
        if (atomic_load(&J->failed))
            break;
        int m = atomic_fetch_add(&J->next, 1);
        if (m >= J->n_mat)
            break;
        matrix_make(J, m);
    }
    return NULL;
}

/*
 * How many matrices may be made side by side.  Each is a whole compute_run
 * while it is made: per unit and indicator the five stages, the flags and
 * the denominators (about seven doubles), per unit and node the value, rank,
 * children and weight (about three), of which only the normalised values
 * are kept.  Two at once
 * were the peak of a large round's report (5,000 institutions x 250
 * indicators: 528 MB, against 419 MB one at a time), so above
 * uncertainty_matrix_bytes they are made one after the other; the matrices, and
 * so the results, are the same either way.
 */
size_t uncertainty_matrix_bytes = (size_t)64 << 20;

static int matrices_at_once(const struct kernel *K)
{
    size_t per = (size_t)K->nu * ((size_t)K->ni * 7 * sizeof(double) + (size_t)K->nn * 3 *
                                  sizeof(double));
    size_t n = per ? uncertainty_matrix_bytes / per : 1;
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int kernel_matrices(struct kernel *K, const struct compute_input *in,
                           const struct result *nom, const struct uncertainty *out,
                           int threads, char *errbuf, size_t errlen)
{
    const struct framework *fw = K->fw;
    int n_imp = out->n_choice[UA_IMPUTE], n_norm = out->n_choice[UA_NORM];
    K->n_choice[UA_IMPUTE] = n_imp;
    K->n_choice[UA_NORM] = n_norm;
    K->mat = xcalloc((size_t)(n_imp * n_norm), sizeof *K->mat);
    K->mat_min = xcalloc((size_t)(n_imp * n_norm), sizeof *K->mat_min);
    K->mat[0] = kernel_columns(K, nom->normalised, &K->mat_min[0]);
    if (K->geo) {
        K->lmat = xcalloc((size_t)(n_imp * n_norm), sizeof *K->lmat);
        K->lt = xcalloc((size_t)(n_imp * n_norm), sizeof *K->lt);
        K->zc = xcalloc((size_t)(n_imp * n_norm), sizeof *K->zc);
    }
    kernel_logs(K, 0);
    if (n_imp * n_norm == 1)
        return 0;

    struct matrix_job J = {.K = K, .in = in, .nom = nom, .out = out, .n_mat = n_imp * n_norm};
    J.excluded = xmalloc((size_t)(K->nu ? K->nu : 1) * sizeof *J.excluded);
    for (int u = 0; u < K->nu; u++)
        if (!nom->included[u])
            J.excluded[J.n_exc++] = nom->unit_code[u];
    J.nodes = xmalloc((size_t)K->nn * sizeof *J.nodes);
    memcpy(J.nodes, fw->nodes, (size_t)K->nn * sizeof *J.nodes);
    for (int k = 0; k < K->nn; k++)
        J.nodes[k].norm_set = 0;
    J.has_imp = has_step(&fw->steps, STEP_IMPUTE);
    J.has_norm = has_step(&fw->steps, STEP_NORMALISE);
    J.msg = xcalloc((size_t)J.n_mat, sizeof *J.msg);
    atomic_init(&J.next, 1);          /* 0 is the nominal matrix */
    atomic_init(&J.failed, 0);
    if (threads > J.n_mat - 1)
        threads = J.n_mat - 1;
    int by_memory = matrices_at_once(K);
    if (threads > by_memory)
        threads = by_memory;
    pthread_t *tid = xmalloc((size_t)threads * sizeof *tid);
    int started = 0;
    for (int t = 1; t < threads; t++) {
        if (pthread_create(&tid[started], NULL, matrix_worker, &J) != 0)
            break;        /* fewer threads: the same matrices, only later */
        started++;
    }
    matrix_worker(&J);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    int rc = 0;
    for (int m = 1; m < J.n_mat && rc == 0; m++)
        if (J.msg[m][0])
            rc = fail(errbuf, errlen, "%s", J.msg[m]);
    free(J.msg);
    free(J.nodes);
    free(J.excluded);
    return rc;
}

/* ======================================================================== */
/* Replications and threads                                                 */
/* ======================================================================== */

struct job {
    const struct kernel *K;
    struct uncertainty *out;
    uint64_t seed;
    long n_ua, n_drop, n_sa, total;   /* evaluations of each kind, in order */
    int sa_fac[UA_N_FACTORS];         /* the SA's factors                   */
    atomic_long next;                 /* next evaluation to claim           */
    atomic_long done;
    void (*progress)(void *, long, long);     /* opt->progress, or NULL     */
    void *progress_ctx;
    int printed;                      /* last percentage told (under mu)    */
    pthread_mutex_t mu;
};

static void point_draw(const struct kernel *K, uint64_t seed, uint64_t stream, double *u)
{
    struct rng r;
    rng_init(&r, seed, stream);
    for (int i = 0; i < N_DISCRETE + K->nn; i++)
        u[i] = rng_uniform(&r);
}

static void point_choice(const struct kernel *K, const double *u, struct choice *c)
{
    c->norm = rng_choice(u[0], K->n_choice[UA_NORM]);
    c->agg = rng_choice(u[1], K->n_choice[UA_AGG]);
    c->imp = rng_choice(u[2], K->n_choice[UA_IMPUTE]);
    c->drop = K->n_choice[UA_DROP] > 1 ? rng_choice(u[3], K->n_choice[UA_DROP]) - 1 : -1;
    c->u = (K->varied & UA_BIT(UA_WEIGHTS)) ? u : NULL;
}

/* AB_i: factor f of point a taken from point b. */
static void point_take(const struct kernel *K, enum ua_factor f, double *a, const double *b)
{
    switch (f) {
    case UA_NORM: a[0] = b[0]; return;
    case UA_AGG: a[1] = b[1]; return;
    case UA_IMPUTE: a[2] = b[2]; return;
    case UA_DROP: a[3] = b[3]; return;
    case UA_WEIGHTS:
        memcpy(a + N_DISCRETE, b + N_DISCRETE, (size_t)K->nn * sizeof *a);
        return;
    case UA_N_FACTORS: break;
    }
    BUG("unknown uncertainty factor %d", (int)f);
}

static void eval_one(struct job *J, struct scratch *S, long e)
{
    const struct kernel *K = J->K;
    struct uncertainty *out = J->out;
    struct choice c;
    if (e < J->n_ua) {
        point_draw(K, J->seed, (uint64_t)e, S->u);
        point_choice(K, S->u, &c);
        out->shift[e] = kernel_eval(K, S, &c);
        memcpy(out->rank + (size_t)e * (size_t)K->nu, S->rank, (size_t)K->nu * sizeof(int));
        return;
    }
    e -= J->n_ua;
    if (e < J->n_drop) {
        c.imp = c.norm = c.agg = 0;
        c.drop = (int)e;
        c.u = NULL;
        out->drop_shift[e] = kernel_eval(K, S, &c);
        return;
    }
    e -= J->n_drop;
    long n = out->sa_n, i = e % n, block = e / n;
    uint64_t a = STREAM_SA + 2 * (uint64_t)i;
    if (block == 1) {
        point_draw(K, J->seed, a + 1, S->u);
    } else {
        point_draw(K, J->seed, a, S->u);
        if (block >= 2) {
            point_draw(K, J->seed, a + 1, S->ub);
            point_take(K, (enum ua_factor)J->sa_fac[block - 2], S->u, S->ub);
        }
    }
    point_choice(K, S->u, &c);
    out->sa_y[e] = kernel_eval(K, S, &c);
}

static void progress_step(struct job *J, long n)
{
    long d = atomic_fetch_add(&J->done, n) + n;
    if (!J->progress)
        return;
    int pct = (int)(d * 100 / J->total);
    pthread_mutex_lock(&J->mu);
    if (pct > J->printed) {
        J->progress(J->progress_ctx, d, J->total);
        J->printed = pct;
    }
    pthread_mutex_unlock(&J->mu);
}

static void *worker(void *arg)
{
    struct job *J = arg;
    struct scratch S;
    scratch_init(&S, J->K);
    for (;;) {
        long e0 = atomic_fetch_add(&J->next, CHUNK);
        if (e0 >= J->total)
            break;
        long e1 = e0 + CHUNK < J->total ? e0 + CHUNK : J->total;
        for (long e = e0; e < e1; e++)
            eval_one(J, &S, e);
        progress_step(J, e1 - e0);
    }
    scratch_release(&S);
    return NULL;
}

/* Run every evaluation of J on `threads` threads (the caller's included). */
static void run_threads(struct job *J, int threads)
{
    atomic_init(&J->next, 0);
    atomic_init(&J->done, 0);
    pthread_mutex_init(&J->mu, NULL);
    J->printed = -1;
    pthread_t *tid = xmalloc((size_t)threads * sizeof *tid);
    int started = 0;
    for (int t = 1; t < threads; t++) {
        if (pthread_create(&tid[started], NULL, worker, J) != 0)
            break;        /* fewer threads: same results, only slower */
        started++;
    }
    worker(J);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    pthread_mutex_destroy(&J->mu);
}

/* ======================================================================== */
/* Statistics                                                               */
/* ======================================================================== */

/* R's quantile(type = 7) of n sorted values, as stats_quantile computes it
   (which would sort a copy for every call: too slow for 51 units x 10^4
   replications x 3 statistics). */
static double quantile7_sorted(const double *s, int n, double p)
{
    if (n <= 0)
        return NAN;
    double index = (n - 1) * p;
    int lo = (int)floor(index), hi = (int)ceil(index);
    double q = s[lo], h = index - lo;
    if (index > lo && s[hi] != q)
        q = (1 - h) * q + h * s[hi];
    return q;
}

void ua_rank_summary(const int *rank, int n_rep, size_t stride, int nominal, int top_cut,
                     int bottom_cut, struct ua_unit *out)
{
    /* ranks are small whole numbers: a counting sort */
    int most = 0;
    for (int r = 0; r < n_rep; r++)
        if (rank[(size_t)r * stride] > most)
            most = rank[(size_t)r * stride];
    int *count = xcalloc((size_t)most + 1, sizeof *count);
    for (int r = 0; r < n_rep; r++)
        if (rank[(size_t)r * stride] > 0)
            count[rank[(size_t)r * stride]]++;
    double *v = xmalloc((size_t)(n_rep > 0 ? n_rep : 1) * sizeof *v);
    double *d = xmalloc((size_t)(n_rep > 0 ? n_rep : 1) * sizeof *d);
    int n = 0, top = 0, bottom = 0;
    for (int k = 1; k <= most; k++) {
        for (int i = 0; i < count[k]; i++) {
            d[n] = nominal > 0 ? abs(k - nominal) : NAN;
            v[n++] = k;
        }
        if (k <= top_cut)
            top += count[k];
        if (k >= bottom_cut)
            bottom += count[k];
    }
    out->nominal = nominal;
    out->n = n;
    out->mean = stats_mean(v, n);
    /* R median(): the middle value, or the mean of the two middle ones */
    out->median = n == 0 ? NAN : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    out->q05 = quantile7_sorted(v, n, 0.05);
    out->q95 = quantile7_sorted(v, n, 0.95);
    out->p_top = n ? (double)top / n : NAN;
    out->p_bottom = n ? (double)bottom / n : NAN;
    out->mean_shift = nominal > 0 ? stats_mean(d, n) : NAN;
    free(count);
    free(v);
    free(d);
}

/* The first- and total-order indices of one factor and their bootstrap
   intervals.  Each factor draws from its own stream, so factors can be
   estimated in any order, on any thread, with the same results. */
struct sa_job {
    const double *y;
    int n, k, n_boot, threads;
    uint64_t seed;
    double var;
    struct ua_sens *out;
};

static void sa_factor(const struct sa_job *J, int f, double *si_t, double *st_t, double *rs,
                      double *bs, double *bt)
{
    int n = J->n, n_boot = J->n_boot;
    double var = J->var;
    const double *ya = J->y, *yb = J->y + n;
    const double *yab = J->y + (size_t)(2 + f) * (size_t)n;
    struct ua_sens *o = &J->out[f];
    o->factor = UA_N_FACTORS;
    for (int i = 0; i < n; i++) {
        si_t[i] = yb[i] * (yab[i] - ya[i]);
        st_t[i] = ya[i] - yab[i];
        rs[i] = st_t[i] * st_t[i];
    }
    int ok = var > 0;
    o->si = ok ? stats_mean(si_t, n) / var : NAN;
    o->sti = ok ? stats_sum(rs, n) / (2.0 * n * var) : NAN;
    o->si_q05 = o->si_q95 = o->sti_q05 = o->sti_q95 = NAN;
    if (!ok || n_boot <= 0)
        return;
    struct rng r;
    rng_init(&r, J->seed, STREAM_BOOT + (uint64_t)f);
    for (int b = 0; b < n_boot; b++) {
        for (int i = 0; i < n; i++)
            rs[i] = si_t[rng_choice(rng_uniform(&r), n)];
        bs[b] = stats_mean(rs, n) / var;
        for (int i = 0; i < n; i++) {
            double t = st_t[rng_choice(rng_uniform(&r), n)];
            rs[i] = t * t;
        }
        bt[b] = stats_sum(rs, n) / (2.0 * n * var);
    }
    o->si_q05 = stats_quantile(bs, n_boot, 0.05);
    o->si_q95 = stats_quantile(bs, n_boot, 0.95);
    o->sti_q05 = stats_quantile(bt, n_boot, 0.05);
    o->sti_q95 = stats_quantile(bt, n_boot, 0.95);
}

struct sa_thread {
    const struct sa_job *J;
    int first;                 /* factors first, first + threads, ...        */
};

static void *sa_worker(void *arg)
{
    const struct sa_thread *t = arg;
    const struct sa_job *J = t->J;
    size_t sz = (size_t)(J->n > 0 ? J->n : 1) * sizeof(double);
    size_t bz = (size_t)(J->n_boot > 0 ? J->n_boot : 1) * sizeof(double);
    double *si_t = xmalloc(sz), *st_t = xmalloc(sz), *rs = xmalloc(sz);
    double *bs = xmalloc(bz), *bt = xmalloc(bz);
    for (int f = t->first; f < J->k; f += J->threads)
        sa_factor(J, f, si_t, st_t, rs, bs, bt);
    free(si_t);
    free(st_t);
    free(rs);
    free(bs);
    free(bt);
    return NULL;
}

void ua_sa_estimate(const double *y, int n, int k, int n_boot, uint64_t seed, int threads,
                    struct ua_sens *out, double *variance)
{
    struct sa_job J = {y, n, k, n_boot, 1, seed, stats_var(y, 2 * n) /* var(c(yA, yB)) */, out};
    *variance = J.var;
    J.threads = threads < 1 ? 1 : threads > k ? (k > 0 ? k : 1) : threads;
    struct sa_thread *t = xmalloc((size_t)J.threads * sizeof *t);
    pthread_t *tid = xmalloc((size_t)J.threads * sizeof *tid);
    int started = 0;
    for (int i = 0; i < J.threads; i++)
        t[i] = (struct sa_thread){&J, i};
    /* thread i estimates factors i, i + threads, ...; the caller is thread 0 */
    for (int i = 1; i < J.threads; i++) {
        if (pthread_create(&tid[i], NULL, sa_worker, &t[i]) != 0)
            break;
        started = i;
    }
    if (started < J.threads - 1) {
        /* fewer threads than asked: the caller does the rest itself */
        for (int i = started + 1; i < J.threads; i++)
            sa_worker(&t[i]);
    }
    sa_worker(&t[0]);
    for (int i = 1; i <= started; i++)
        pthread_join(tid[i], NULL);
    free(tid);
    free(t);
}

/* ======================================================================== */
/* uncertainty_run                                                          */
/* ======================================================================== */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * ua_rank_summary of every unit.  A unit's ranks are a column of the runs x
 * units matrix, one cache line per run apart; they are copied out a block
 * of units at a time, so each line is read once for the whole block.
 */
static void unit_summaries(struct uncertainty *out, const struct kernel *K)
{
    enum { BLOCK = 16 };
    size_t runs = (size_t)out->runs, nu = (size_t)K->nu;
    int *col = xmalloc(BLOCK * (runs ? runs : 1) * sizeof *col);
    for (size_t u0 = 0; u0 < nu; u0 += BLOCK) {
        size_t nb = nu - u0 < BLOCK ? nu - u0 : BLOCK;
        for (size_t r = 0; r < runs; r++)
            for (size_t b = 0; b < nb; b++)
                col[b * runs + r] = out->rank[r * nu + u0 + b];
        for (size_t b = 0; b < nb; b++)
            ua_rank_summary(col + b * runs, out->runs, 1, K->nom_rank[u0 + b], out->top_cut,
                            out->bottom_cut, &out->unit[u0 + b]);
    }
    free(col);
}

static int check_options(const struct ua_options *o, const struct framework *fw,
                         char *errbuf, size_t errlen)
{
    if (o->runs < 0)
        return fail(errbuf, errlen, "uncertainty: runs = %d (expected >= 0)", o->runs);
    if (o->sa_n < 0 || o->n_boot < 0 || o->threads < 0)
        return fail(errbuf, errlen, "uncertainty: sa_n = %d, n_boot = %d, threads = %d "
                    "(expected numbers >= 0)", o->sa_n, o->n_boot, o->threads);
    for (int l = 0; l < LEVEL_MAX; l++)
        if (!(o->weight_noise[l] >= 0 && o->weight_noise[l] < 1))
            return fail(errbuf, errlen, "uncertainty: weight noise %g at level %d "
                        "(expected a fraction in [0, 1))", o->weight_noise[l], l);
    if (o->n_norm_alt < 0 || o->n_norm_alt > UA_ALT_MAX || o->n_agg_alt < 0 ||
        o->n_agg_alt > UA_ALT_MAX || o->n_impute_alt < 0 || o->n_impute_alt > UA_ALT_MAX)
        return fail(errbuf, errlen, "uncertainty: at most %d alternatives per factor",
                    UA_ALT_MAX);
    if (o->target < -1 || o->target >= fw->n_nodes)
        return fail(errbuf, errlen, "uncertainty: target node %d (expected -1 or 0..%d)",
                    o->target, fw->n_nodes - 1);
    if (!has_step(&fw->steps, STEP_AGGREGATE))
        return fail(errbuf, errlen, "uncertainty: framework '%s' has no aggregate step, "
                    "so there is no index to analyse", fw->code ? fw->code : "?");
    return 0;
}

/* The kernel with the nominal choices against the nominal result. */
static void nominal_check(const struct kernel *K, const struct result *nom,
                          struct uncertainty *out)
{
    struct scratch S;
    scratch_init(&S, K);
    struct choice c = {0, 0, 0, -1, NULL};
    kernel_eval(K, &S, &c);
    double worst = 0;
    for (int i = 0; i < K->n_inc; i++) {
        size_t u = (size_t)K->inc[i];
        for (int k = 0; k < K->nn; k++) {
            double a = S.col[k][i];
            double b = nom->value[u * (size_t)K->nn + (size_t)k];
            double d = isnan(a) && isnan(b) ? 0 : isnan(a) || isnan(b) ? INFINITY : fabs(a - b);
            if (d > worst)
                worst = d;
        }
    }
    out->nominal_max_diff = worst;
    out->nominal_rank_diff = 0;
    for (int u = 0; u < K->nu; u++)
        out->nominal_rank_diff += S.rank[u] != K->nom_rank[u];
    scratch_release(&S);
}

/* Threads as asked (0 = every core), 1 to 256. */
static int threads_asked(const struct ua_options *opt)
{
    long threads = opt->threads > 0 ? opt->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (threads > 256)
        threads = 256;
    if (threads < 1)
        threads = 1;
    return (int)threads;
}

/* Threads for total evaluations: as asked, no more than the chunks of work. */
static int threads_for(const struct ua_options *opt, long total)
{
    long threads = threads_asked(opt);
    long most = (total + CHUNK - 1) / CHUNK;
    if (threads > most)
        threads = most;
    return threads < 1 ? 1 : (int)threads;
}

/* The replication kernel of the nominal result, checked to reproduce its
   ranks.  0, or -1 with the reason in errbuf (K is released by the caller
   either way). */
static int kernel_ready(struct kernel *K, const struct compute_input *in,
                        const struct result *nominal, const struct ua_options *opt, int target,
                        struct uncertainty *out, char *errbuf, size_t errlen)
{
    kernel_build(K, nominal, opt, target);
    K->unranked = in->unit_unranked;
    choices_build(out, K, opt);
    K->varied = out->varied;
    memcpy(K->n_choice, out->n_choice, sizeof K->n_choice);
    kernel_agg(K, out);
    if (kernel_matrices(K, in, nominal, out, threads_asked(opt), errbuf, errlen) != 0)
        return -1;
    nominal_check(K, nominal, out);
    if (out->nominal_rank_diff != 0)
        return fail(errbuf, errlen, "uncertainty: the replication kernel does not "
                    "reproduce the nominal ranks (%d unit(s) differ, largest value "
                    "difference %.3g)", out->nominal_rank_diff, out->nominal_max_diff);
    return 0;
}

/* The outputs' sizes and arrays: the nominal ranks, the groups' cuts, a
   rank per run and unit, a shift per run and per indicator dropped. */
static void outputs_alloc(struct uncertainty *out, const struct kernel *K,
                          const struct ua_options *opt, int target)
{
    out->n_units = K->nu;
    out->target = target;
    for (int u = 0; u < K->nu; u++)
        out->n_ranked += K->nom_rank[u] > 0;
    int q = out->n_ranked / 4 > 0 ? out->n_ranked / 4 : 1;
    out->top_cut = q;
    out->bottom_cut = out->n_ranked - q + 1;
    out->runs = opt->runs;
    size_t nu = (size_t)(K->nu ? K->nu : 1);
    out->rank = xcalloc((size_t)(opt->runs ? opt->runs : 1) * nu, sizeof *out->rank);
    out->shift = xmalloc((size_t)(opt->runs ? opt->runs : 1) * sizeof *out->shift);
    out->unit = xmalloc(nu * sizeof *out->unit);
    out->n_ind = K->ni;
    if (K->ni >= 2)
        out->drop_shift = xmalloc((size_t)K->ni * sizeof *out->drop_shift);
}

/* The work: the Monte Carlo runs, one run per indicator dropped, and the
   sensitivity analysis's points when two factors or more vary.  Returns
   the number of factors of the sensitivity analysis. */
static int job_setup(struct job *J, const struct kernel *K, struct uncertainty *out,
                     const struct ua_options *opt)
{
    memset(J, 0, sizeof *J);
    J->K = K;
    J->out = out;
    J->seed = opt->seed;
    J->n_ua = opt->runs;
    J->n_drop = K->ni >= 2 ? K->ni : 0;
    int k = 0;
    for (int f = 0; f < UA_N_FACTORS; f++)
        if (out->varied & UA_BIT(f))
            J->sa_fac[k++] = f;
    if (opt->sa_n > 0 && k >= 2) {
        out->sa_n = opt->sa_n;
        out->n_sens = k;
        J->n_sa = (long)opt->sa_n * (k + 2);
        out->sa_y = xmalloc((size_t)J->n_sa * sizeof *out->sa_y);
    }
    J->total = J->n_ua + J->n_drop + J->n_sa;
    J->progress = opt->progress;
    J->progress_ctx = opt->progress_ctx;
    return k;
}

/* The statistics, in a fixed order whatever the threads did: each unit's
   rank distribution, the mean shift, the sensitivity indices of the k
   factors J varied. */
static void statistics(struct uncertainty *out, const struct kernel *K, const struct job *J,
                       int k, const struct ua_options *opt, int threads)
{
    unit_summaries(out, K);
    out->mean_shift = stats_mean(out->shift, out->runs);
    if (out->n_sens) {
        ua_sa_estimate(out->sa_y, out->sa_n, k, opt->n_boot, opt->seed, threads, out->sens,
                       &out->sa_variance);
        for (int i = 0; i < k; i++)
            out->sens[i].factor = (enum ua_factor)J->sa_fac[i];
    }
}

int uncertainty_run(const struct compute_input *in, const struct result *nominal,
                    const struct ua_options *opt, struct uncertainty *out, char *errbuf,
                    size_t errlen)
{
    double t0 = now();
    memset(out, 0, sizeof *out);
    if (errbuf && errlen)
        errbuf[0] = '\0';
    const struct framework *fw = in->fw;
    if (check_options(opt, fw, errbuf, errlen) != 0)
        return -1;
    struct result own;
    memset(&own, 0, sizeof own);
    if (!nominal) {
        char msg[512];
        if (compute_run(in, &own, msg, sizeof msg) != 0) {
            result_release(&own);
            return fail(errbuf, errlen, "uncertainty: the nominal computation failed: %s",
                        msg);
        }
        nominal = &own;
    }
    int target = opt->target < 0 ? fw->root : opt->target;

    struct kernel K;
    memset(&K, 0, sizeof K);
    if (kernel_ready(&K, in, nominal, opt, target, out, errbuf, errlen) != 0) {
        kernel_release(&K);
        result_release(&own);
        memset(out, 0, sizeof *out);
        return -1;
    }
    outputs_alloc(out, &K, opt, target);
    struct job J;
    int k = job_setup(&J, &K, out, opt);
    out->threads = threads_for(opt, J.total);
    run_threads(&J, out->threads);
    statistics(out, &K, &J, k, opt, out->threads);
    kernel_release(&K);
    result_release(&own);
    out->seconds = now() - t0;
    return 0;
}

int uncertainty_ranked_units(const struct uncertainty *u, int *order)
{
    int n = 0;
    for (int i = 0; i < u->n_units; i++) {
        int r = u->unit[i].nominal;
        if (r <= 0)
            continue;
        /* insertion: a few hundred units at most */
        int k = n++;
        while (k > 0 && u->unit[order[k - 1]].nominal > r) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    return n;
}

void uncertainty_release(struct uncertainty *u)
{
    if (!u)
        return;
    free(u->rank);
    free(u->shift);
    free(u->unit);
    free(u->drop_shift);
    free(u->sa_y);
    memset(u, 0, sizeof *u);
}

void uncertainty_free(struct uncertainty *u)
{
    uncertainty_release(u);
    free(u);
}
