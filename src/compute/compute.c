/*
 * compute.c — the computation engine: framework steps over a units x
 * indicators matrix, then aggregation up the tree, ranks, maturity, the
 * national figure and the second view.  The behaviour of each step is the
 * contract in compute.h; this file explains only why it is written as it is.
 *
 * Arithmetic follows COINr's R code operation by operation (long double sums,
 * weights normalised before the weighted sum, min-max as
 * (x - min)/(max - min)*(u - l) + l), because the golden test holds the engine
 * to COINr's own numbers, not merely to the same formulas.
 */
#include "compute.h"
#include "messages.h"
#include "framework.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "numfmt.h"
#include "stats.h"
#include "strbuf.h"
#include "xalloc.h"

/* ======================================================================== */
/* Run state                                                                */
/* ======================================================================== */

struct run {
    const struct compute_input *in;
    const struct framework *fw;
    struct result *r;
    int nu, ni, nn;             /* units, indicators, nodes                 */
    double *cur;                /* working matrix, nu x ni                  */
    char *errbuf;
    size_t errlen;
    int failed;                 /* an error was recorded                    */
};

#define AT(r, u, j) ((size_t)(u) * (size_t)(r)->ni + (size_t)(j))
#define NODE_AT(r, u, k) ((size_t)(u) * (size_t)(r)->nn + (size_t)(k))

/* Keep the first error only: later ones are usually consequences of it. */
__attribute__((format(printf, 2, 3))) static void run_error(struct run *x,
                                                             const char *fmt, ...)
{
    if (!x->failed && x->errbuf && x->errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->errbuf, x->errlen, msg_tr(fmt), ap);
        va_end(ap);
    }
    x->failed = 1;
}

__attribute__((format(printf, 2, 3))) static void run_warning(struct run *x,
                                                               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(msg_tr(fmt), ap);
    va_end(ap);
    struct result *r = x->r;
    r->warning = xrealloc(r->warning, (size_t)(r->n_warning + 1) * sizeof *r->warning);
    r->warning[r->n_warning++] = msg;
}

static double *nan_array(size_t n)
{
    double *a = xmalloc((n ? n : 1) * sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = NAN;
    return a;
}

static double *dup_array(const double *src, size_t n)
{
    double *a = xmalloc((n ? n : 1) * sizeof *a);
    if (n)
        memcpy(a, src, n * sizeof *a);
    return a;
}

static const struct node *ind(const struct run *x, int j)
{
    return &x->fw->nodes[x->r->ind_node[j]];
}

/* Non-missing values of indicator j over included units: values into v,
   their unit indices into at (either may be NULL); returns the count. */
static int gather(const struct run *x, int j, double *v, int *at)
{
    int n = 0;
    for (int u = 0; u < x->nu; u++) {
        double c = x->cur[AT(x, u, j)];
        if (!x->r->included[u] || isnan(c))
            continue;
        if (v)
            v[n] = c;
        if (at)
            at[n] = u;
        n++;
    }
    return n;
}

/* ======================================================================== */
/* Public helpers                                                           */
/* ======================================================================== */

int framework_indicators(const struct framework *fw, int **out)
{
    int n = 0;
    for (int k = 0; k < fw->n_nodes; k++)
        n += fw->nodes[k].is_indicator != 0;
    int *list = xmalloc((size_t)(n ? n : 1) * sizeof *list);
    n = 0;
    for (int k = 0; k < fw->n_nodes; k++)
        if (fw->nodes[k].is_indicator)
            list[n++] = k;
    *out = list;
    return n;
}

enum norm_method compute_node_norm(const struct framework *fw, int node)
{
    const struct node *nd = &fw->nodes[node];
    return nd->norm_set ? nd->norm : fw->steps.norm;
}

enum agg_method compute_node_agg(const struct framework *fw, int node)
{
    const struct node *nd = &fw->nodes[node];
    if (nd->agg_set)
        return nd->agg;
    int lev = nd->level;
    if (lev < 0)
        lev = 0;
    if (lev >= LEVEL_MAX)
        lev = LEVEL_MAX - 1;
    return fw->steps.agg[lev];
}

/* R's rank(-v, ties.method = "min") over the values that are not NAN. */
void compute_ranks(const double *v, int n, int *rank)
{
    double *neg = xmalloc((size_t)(n ? n : 1) * sizeof *neg);
    double *rk = xmalloc((size_t)(n ? n : 1) * sizeof *rk);
    int *at = xmalloc((size_t)(n ? n : 1) * sizeof *at);
    int m = 0;
    for (int i = 0; i < n; i++) {
        rank[i] = 0;
        if (!isnan(v[i])) {
            neg[m] = -v[i];
            at[m++] = i;
        }
    }
    stats_rank_min(neg, m, rk);
    for (int k = 0; k < m; k++)
        rank[at[k]] = (int)rk[k];
    free(neg);
    free(rk);
    free(at);
}

double compute_published(const struct framework *fw, double v)
{
    return fw->rank_rounded ? round_decimals(v, fw->rank_decimals) : v;
}

void compute_ranks_published(const struct framework *fw, const double *v, int n, int *rank)
{
    double *p = xmalloc((size_t)(n ? n : 1) * sizeof *p);
    for (int i = 0; i < n; i++)
        p[i] = compute_published(fw, v[i]);
    compute_ranks(p, n, rank);
    free(p);
}

int maturity_level(const struct maturity *m, double x)
{
    if (isnan(x) || !m || m->n <= 0)
        return -1;
    /* the value as published: 79.96 prints as 80.0 and is levelled as 80.0 */
    if (m->rounded)
        x = round_decimals(x, m->decimals);
    int level = 0;
    for (int i = 0; i + 1 < m->n; i++)
        if (m->boundary_lower ? x > m->threshold[i] : x >= m->threshold[i])
            level = i + 1;
    return level;
}

/* ======================================================================== */
/* Denomination                                                             */
/* ======================================================================== */

static void step_denominate(struct run *x)
{
    for (int j = 0; j < x->ni; j++) {
        const struct node *nd = ind(x, j);
        if (!nd->denominator || !*nd->denominator)
            continue;
        if (!x->in->denom) {
            run_error(x, "indicator '%s' is divided by '%s' but no denominator values "
                      "were given", nd->code, nd->denominator);
            return;
        }
        double sf = nd->scale_factor;
        if (!(sf > 0) || !isfinite(sf)) {
            run_error(x, "indicator '%s': scale_factor %g is not a positive number",
                      nd->code, sf);
            return;
        }
        for (int u = 0; u < x->nu; u++) {
            if (!x->r->included[u])
                continue;
            double *c = &x->cur[AT(x, u, j)];
            double d = x->in->denom[AT(x, u, j)];
            if (isnan(*c) || isnan(d)) {
                *c = NAN;
            } else if (d == 0) {
                run_warning(x, "indicator '%s', unit '%s': denominator '%s' is 0; "
                            "value treated as missing", nd->code,
                            x->r->unit_code[u], nd->denominator);
                *c = NAN;
            } else {
                *c = *c / (d / sf);   /* COINr: x / (denom / ScaleFactor) */
            }
        }
    }
}

/* ======================================================================== */
/* Units without answers                                                    */
/* ======================================================================== */

/* A unit nobody answered for would otherwise be published from imputation
   alone (IGD 0 under impute = zero, a group mean under group_mean). */
static void exclude_unanswered(struct run *x)
{
    struct strbuf list;
    strbuf_init(&list);
    int n = 0;
    for (int u = 0; u < x->nu; u++) {
        int any = 0;
        for (int j = 0; j < x->ni && !any; j++)
            any = !isnan(x->in->raw[AT(x, u, j)]) ||
                  (x->in->denom && !isnan(x->in->denom[AT(x, u, j)]));
        if (any || x->ni == 0)
            continue;
        x->r->included[u] = 0;
        for (int j = 0; j < x->ni; j++)
            x->r->flags[AT(x, u, j)] |= FLAG_NO_ANSWERS | FLAG_SCREENED;
        strbuf_addf(&list, "%s%s", n++ ? ", " : "", x->r->unit_code[u]);
    }
    if (n)
        /* the words that agree with n, in the run's language (messages.h) */
        run_warning(x, "%d %s left out of the index (no score, no rank): %s (set [aggregate] "
                    "no_answers = include in framework.ini to compute %s from imputed values)",
                    n,
                    n == 1 ? msg_tr("institution without any answer or value is")
                           : msg_tr("institutions without any answer or value are"),
                    list.buf, n == 1 ? msg_tr("it") : msg_tr("them"));
    strbuf_release(&list);
}

/* ======================================================================== */
/* Screening                                                                */
/* ======================================================================== */

static int find_unit(const struct run *x, const char *code)
{
    for (int u = 0; u < x->nu; u++)
        if (strcmp(x->r->unit_code[u], code) == 0)
            return u;
    return -1;
}

static void step_screen(struct run *x)
{
    const struct steps *st = &x->fw->steps;
    char *keep = xcalloc((size_t)(x->nu ? x->nu : 1), 1);
    for (int u = 0; u < x->nu; u++) {
        if (!x->r->included[u])
            continue;
        int have = 0;
        for (int j = 0; j < x->ni; j++)
            have += !isnan(x->cur[AT(x, u, j)]);
        /* R compares the fraction as a double, so do we */
        keep[u] = x->ni > 0 && (double)have / x->ni >= st->screen_threshold;
    }
    for (int i = 0; i < st->n_force_include; i++) {
        int u = find_unit(x, st->force_include[i]);
        if (u < 0)
            run_warning(x, "screen: force_include '%s' is not one of the units",
                        st->force_include[i]);
        else
            keep[u] = 1;
    }
    for (int i = 0; i < st->n_force_exclude; i++) {
        int u = find_unit(x, st->force_exclude[i]);
        if (u < 0)
            run_warning(x, "screen: force_exclude '%s' is not one of the units",
                        st->force_exclude[i]);
        else
            keep[u] = 0;
    }
    for (int u = 0; u < x->nu; u++) {
        if (keep[u] && x->r->included[u])
            continue;
        x->r->included[u] = 0;
        for (int j = 0; j < x->ni; j++) {
            x->cur[AT(x, u, j)] = NAN;
            x->r->flags[AT(x, u, j)] |= FLAG_SCREENED;
        }
    }
    free(keep);
}

/* ======================================================================== */
/* Imputation                                                               */
/* ======================================================================== */

static const char *group_of(const struct run *x, int u)
{
    if (!x->in->unit_group || !x->in->unit_group[u] || !*x->in->unit_group[u])
        return NULL;
    return x->in->unit_group[u];
}

static void step_impute(struct run *x)
{
    enum impute_method m = x->fw->steps.impute;
    if (m == IMPUTE_NONE)
        return;
    int by_group = m == IMPUTE_GROUP_MEAN || m == IMPUTE_GROUP_MEDIAN;
    int use_median = m == IMPUTE_MEDIAN || m == IMPUTE_GROUP_MEDIAN;
    long ungrouped = 0, unfilled = 0;
    struct strbuf cells; /* the cells left missing, "UNIT/INDICATOR (group)" */
    strbuf_init(&cells);
    size_t nu1 = (size_t)(x->nu ? x->nu : 1);
    double *v = xmalloc(nu1 * sizeof *v);
    int *at = xmalloc(nu1 * sizeof *at);
    /* each unit's group as a number (-1: none), and per column each group's
       fill computed once: comparing group names for every missing cell
       against every unit was most of a large round's imputation */
    int *gid = xmalloc(nu1 * sizeof *gid), n_groups = 0;
    const char **gname = xmalloc(nu1 * sizeof *gname);
    for (int u = 0; by_group && u < x->nu; u++) {
        const char *g = group_of(x, u);
        gid[u] = -1;
        for (int k = 0; g && k < n_groups && gid[u] < 0; k++)
            if (strcmp(gname[k], g) == 0)
                gid[u] = k;
        if (g && gid[u] < 0) {
            gname[n_groups] = g;
            gid[u] = n_groups++;
        }
    }
    double *gfill = xmalloc(nu1 * sizeof *gfill);
    char *gdone = xmalloc(nu1);
    for (int j = 0; j < x->ni; j++) {
        int n = gather(x, j, v, at);
        memset(gdone, 0, nu1);
        double all = NAN;
        if (m == IMPUTE_ZERO)
            all = 0;
        else if (!by_group)
            all = use_median ? stats_median(v, n) : stats_mean(v, n);
        for (int u = 0; u < x->nu; u++) {
            double *c = &x->cur[AT(x, u, j)];
            if (!x->r->included[u] || !isnan(*c))
                continue;
            double fill = all;
            if (by_group) {
                int g = gid[u];
                if (g < 0) {
                    ungrouped++;
                    continue;
                }
                if (!gdone[g]) {
                    /* the group's own values: split(x, f) then mean / median */
                    double *gv = xmalloc((size_t)(n ? n : 1) * sizeof *gv);
                    int gn = 0;
                    for (int k = 0; k < n; k++)
                        if (gid[at[k]] == g)
                            gv[gn++] = v[k];
                    gfill[g] = use_median ? stats_median(gv, gn) : stats_mean(gv, gn);
                    gdone[g] = 1;
                    free(gv);
                }
                fill = gfill[g];
            }
            if (isnan(fill)) { /* nothing to take the value from: say which cell */
                if (unfilled++ < 20)
                    strbuf_addf(&cells, "%s%s/%s%s%s%s", unfilled > 1 ? ", " : "",
                                x->r->unit_code[u], ind(x, j)->code, by_group ? " (" : "",
                                by_group ? group_of(x, u) : "", by_group ? ")" : "");
                continue;
            }
            *c = fill;
            x->r->flags[AT(x, u, j)] |= FLAG_IMPUTED;
            x->r->n_imputed++;
        }
    }
    if (ungrouped)
        run_warning(x, "impute: %ld missing cell(s) of units without a group were "
                    "left missing", ungrouped);
    if (unfilled)
        run_warning(x, "impute: %ld missing cell(s) stay missing, as %s: %s%s", unfilled,
                    by_group ? msg_tr("no other institution of their group has a value to "
                                    "impute from")
                             : msg_tr("the indicator has no value in any institution"),
                    cells.buf, unfilled > 20 ? ", ..." : "");
    strbuf_release(&cells);
    free(v);
    free(at);
    free(gid);
    free(gname);
    free(gfill);
    free(gdone);
}

/* ======================================================================== */
/* Outlier treatment (COINr Treat with winsorise and log_CT)                */
/* ======================================================================== */

/* check_SkewKurt: R's `|` gives TRUE if either side is TRUE even when the
   other is NA; when both are NA COINr returns the column untreated, so NAN
   statistics count as passing here. */
static int skewkurt_pass(double sk, double kt, double skew_max, double kurt_max)
{
    if (fabs(sk) < skew_max || kt < kurt_max)
        return 1;
    return isnan(sk) && isnan(kt);
}

/* COINr winsorise(): returns nwin; w is modified in place. */
static int winsorise(double *w, int n, const struct steps *st, int *pass)
{
    int nmax = 0, nmin = 0, nwin = 0;
    while (!*pass && nwin < st->winmax) {
        int high = stats_skew(w, n) >= 0;
        double ext = high ? stats_max(w, n) : stats_min(w, n);
        /* the extreme value among the points not tied at the extreme */
        double next = NAN;
        int tied = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] == ext) {
                tied++;
            } else if (isnan(next) || (high ? w[i] > next : w[i] < next)) {
                next = w[i];
            }
        }
        if (isnan(next))
            break;            /* every point is at the extreme: nothing to do */
        for (int i = 0; i < n; i++)
            if (w[i] == ext)
                w[i] = next;
        if (high)
            nmax = tied;
        else
            nmin = tied;
        nwin = nmax + nmin;
        *pass = skewkurt_pass(stats_skew(w, n), stats_kurt(w, n), st->skew_max,
                              st->kurt_max);
    }
    return nwin;
}

static void step_treat(struct run *x)
{
    const struct steps *st = &x->fw->steps;
    double *v = xmalloc((size_t)(x->nu ? x->nu : 1) * sizeof *v);
    double *w = xmalloc((size_t)(x->nu ? x->nu : 1) * sizeof *w);
    int *at = xmalloc((size_t)(x->nu ? x->nu : 1) * sizeof *at);
    for (int j = 0; j < x->ni; j++) {
        struct treat_report *rep = &x->r->treat[j];
        int n = gather(x, j, v, at);
        rep->checked = 1;
        rep->n_values = n;
        rep->skew1 = rep->kurt1 = rep->skew2 = rep->kurt2 = NAN;
        rep->log_min = rep->log_max = NAN;
        if (n < 4) {
            rep->skew0 = rep->kurt0 = NAN;
            rep->pass0 = rep->pass1 = 1;
            run_warning(x, "treat: indicator '%s' has %d value(s); at least 4 are needed "
                        "to check skewness and kurtosis, left untreated",
                        ind(x, j)->code, n);
            continue;
        }
        rep->skew0 = stats_skew(v, n);
        rep->kurt0 = stats_kurt(v, n);
        rep->pass0 = skewkurt_pass(rep->skew0, rep->kurt0, st->skew_max, st->kurt_max);
        if (rep->pass0) {
            rep->pass1 = 1;
            continue;
        }
        memcpy(w, v, (size_t)n * sizeof *w);
        int pass = 0;
        rep->n_winsorised = winsorise(w, n, st, &pass);
        rep->skew1 = stats_skew(w, n);
        rep->kurt1 = stats_kurt(w, n);
        rep->pass1 = pass;
        if (!pass && st->log_fallback) {
            /* log_CT on the untreated column (combine_treat = FALSE) */
            double mn = stats_min(v, n), mx = stats_max(v, n);
            for (int k = 0; k < n; k++)
                w[k] = log(v[k] - mn + 0.01 * (mx - mn));
            rep->logged = 1;
            rep->log_min = mn;
            rep->log_max = mx;
            rep->skew2 = stats_skew(w, n);
            rep->kurt2 = stats_kurt(w, n);
            rep->pass2 = skewkurt_pass(rep->skew2, rep->kurt2, st->skew_max,
                                       st->kurt_max);
            x->r->n_logged_ind++;
            for (int k = 0; k < n; k++) {
                x->cur[AT(x, at[k], j)] = w[k];
                x->r->flags[AT(x, at[k], j)] |= FLAG_LOGGED;
            }
            continue;
        }
        for (int k = 0; k < n; k++) {
            if (w[k] != v[k]) {
                x->cur[AT(x, at[k], j)] = w[k];
                x->r->flags[AT(x, at[k], j)] |= FLAG_WINSORISED;
                x->r->n_winsorised++;
            }
        }
    }
    free(v);
    free(w);
    free(at);
}

/* ======================================================================== */
/* Normalisation                                                            */
/* ======================================================================== */

/* Ratio of x to the reference t (dist_target, dist_ref), see compute.h. */
static double ratio_to(double xv, double t, int dir, int cap, int *clipped,
                       int *divzero)
{
    double q;
    *clipped = 0;
    if (dir < 0) {
        if (cap && xv <= t) {
            *clipped = xv < t;
            return 1;
        }
        if (xv == 0) {
            *divzero = 1;
            return NAN;
        }
        q = t / xv;
    } else {
        if (t == 0) {
            *divzero = 1;
            return NAN;
        }
        q = xv / t;
    }
    if (cap && q > 1) {
        *clipped = 1;
        q = 1;
    }
    return q;
}

/* One indicator's column on its way through normalisation. */
struct norm_col {
    struct run *x;
    int j;                       /* the indicator column                     */
    const struct node *nd;
    struct norm_report *nr;
    const double *v;             /* the values with data (times the direction,
                                    except for the ratio methods)            */
    const int *at;               /* the unit of each                         */
    int n, dir;
    double lo, hi;               /* the target range                         */
    double *out;                 /* the normalised values                    */
    int divzero;                 /* set by a division by zero                */
};

static void norm_clipped(struct norm_col *c, int k)
{
    c->x->r->flags[AT(c->x, c->at[k], c->j)] |= FLAG_CLIPPED;
}

static void norm_minmax(struct norm_col *c)
{
    double mn = stats_min(c->v, c->n), mx = stats_max(c->v, c->n);
    c->nr->p1 = mn;
    c->nr->p2 = mx;
    if (mn == mx)
        run_warning(c->x, "normalise: indicator '%s' has the same value (%.17g) for "
                    "every unit; min-max gives no value", c->nd->code, mn);
    for (int k = 0; k < c->n; k++)
        c->out[k] = mn == mx ? NAN : (c->v[k] - mn) / (mx - mn) * (c->hi - c->lo) + c->lo;
}

static void norm_zscore(struct norm_col *c)
{
    double mean = stats_mean(c->v, c->n), sd = stats_sd(c->v, c->n);
    c->nr->p1 = mean;
    c->nr->p2 = sd;
    if (!(sd > 0))
        run_warning(c->x, "normalise: indicator '%s' has no spread (n = %d); "
                    "z-scores give no value", c->nd->code, c->n);
    for (int k = 0; k < c->n; k++)
        c->out[k] = sd > 0 ? (c->v[k] - mean) / sd : NAN;
}

/* 0, or -1 with an error (the goalposts are missing or equal). */
static int norm_goalposts(struct norm_col *c)
{
    double gl = c->nd->lower, gu = c->nd->upper;
    c->nr->p1 = gl;
    c->nr->p2 = gu;
    if (!(gu != gl) || isnan(gl) || isnan(gu)) {
        run_error(c->x, "normalise: indicator '%s' needs two different goalposts "
                  "(lower %g, upper %g)", c->nd->code, gl, gu);
        return -1;
    }
    for (int k = 0; k < c->n; k++) {
        /* v holds x*dir: -x for dir = -1, which is COINr's mirrored form */
        double y = c->dir < 0 ? (c->v[k] - (-gu)) / ((-gl) - (-gu))
                              : (c->v[k] - gl) / (gu - gl);
        if (y > 1 || y < 0) {
            y = y > 1 ? 1 : 0;
            norm_clipped(c, k);
        }
        c->out[k] = c->lo + y * (c->hi - c->lo);
    }
    return 0;
}

/* dist_target and dist_ref.  0, or -1 with an error (no target). */
static int norm_distance(struct norm_col *c, enum norm_method m)
{
    double t = c->nd->target;
    c->nr->p1 = t;
    if (isnan(t)) {
        run_error(c->x, "normalise: indicator '%s' uses %s but has no target",
                  c->nd->code, norm_method_name(m));
        return -1;
    }
    int cap = m == NORM_DIST_TARGET;
    for (int k = 0; k < c->n; k++) {
        int clipped;
        double q = ratio_to(c->v[k], t, c->dir, cap, &clipped, &c->divzero);
        if (clipped)
            norm_clipped(c, k);
        c->out[k] = c->lo + q * (c->hi - c->lo);
    }
    return 0;
}

/* 0, or -1 with an error (a negative value). */
static int norm_dist_max(struct norm_col *c)
{
    double mn = stats_min(c->v, c->n), mx = stats_max(c->v, c->n);
    c->nr->p1 = mx;
    c->nr->p2 = mn;
    if (mn < 0) {
        run_error(c->x, "normalise: indicator '%s' uses dist_max but has a negative "
                  "value (%.17g)", c->nd->code, mn);
        return -1;
    }
    for (int k = 0; k < c->n; k++) {
        double q;
        if (c->dir > 0) {
            q = mx == 0 ? NAN : c->v[k] / mx;
            c->divzero |= mx == 0;
        } else {
            q = c->v[k] == mn ? 1 : mn / c->v[k];
        }
        c->out[k] = c->lo + q * (c->hi - c->lo);
    }
    return 0;
}

/* prank and rank. */
static void norm_rank(struct norm_col *c, enum norm_method m)
{
    stats_rank_min(c->v, c->n, c->out);
    c->nr->p1 = c->n;
    if (m == NORM_PRANK)
        for (int k = 0; k < c->n; k++)
            c->out[k] = c->lo + (c->out[k] - 1) / (c->n - 1) * (c->hi - c->lo);
}

/* Normalise indicator column j (v, at: scratch of n_units). */
static void normalise_one(struct run *x, int j, double *v, int *at)
{
    const struct steps *st = &x->fw->steps;
    const struct node *nd = ind(x, j);
    struct norm_report *nr = &x->r->norm[j];
    enum norm_method m = compute_node_norm(x->fw, x->r->ind_node[j]);
    int dir = nd->direction < 0 ? -1 : 1;
    int n = gather(x, j, v, at);
    *nr = (struct norm_report){m, dir, st->norm_lower, st->norm_upper, NAN, NAN, n};
    if (n == 0)
        return;
    int ratio = m == NORM_DIST_TARGET || m == NORM_DIST_REF || m == NORM_DIST_MAX;
    if (!ratio)
        for (int k = 0; k < n; k++)
            v[k] = v[k] * dir;   /* COINr: x <- x*direction, before the method */
    struct norm_col c = {x, j, nd, nr, v, at, n, dir, st->norm_lower, st->norm_upper,
                         xmalloc((size_t)n * sizeof(double)), 0};
    int rc = 0;
    switch (m) {
    case NORM_NONE: memcpy(c.out, v, (size_t)n * sizeof *c.out); break;
    case NORM_MINMAX: norm_minmax(&c); break;
    case NORM_ZSCORE: norm_zscore(&c); break;
    case NORM_GOALPOSTS: rc = norm_goalposts(&c); break;
    case NORM_DIST_TARGET:
    case NORM_DIST_REF: rc = norm_distance(&c, m); break;
    case NORM_DIST_MAX: rc = norm_dist_max(&c); break;
    case NORM_PRANK:
    case NORM_RANK: norm_rank(&c, m); break;
    }
    if (rc == 0 && c.divzero)
        run_error(x, "normalise: indicator '%s' (%s): division by zero", nd->code,
                  norm_method_name(m));
    /* on an error, no value is better than an unnormalised one passed on as
       normalised */
    for (int k = 0; k < n; k++)
        x->cur[AT(x, at[k], j)] = rc == 0 ? c.out[k] : NAN;
    free(c.out);
}

static void step_normalise(struct run *x)
{
    double *v = xmalloc((size_t)(x->nu ? x->nu : 1) * sizeof *v);
    int *at = xmalloc((size_t)(x->nu ? x->nu : 1) * sizeof *at);
    for (int j = 0; j < x->ni; j++)
        normalise_one(x, j, v, at);
    free(v);
    free(at);
}

/* ======================================================================== */
/* Aggregation                                                              */
/* ======================================================================== */


/* Height of a node (1 for an indicator), guarding against a cycle. */
static int height(const struct framework *fw, const struct compute_tree *t, int k, int depth)
{
    if (depth > fw->n_nodes)
        BUG("node '%s': the parent links form a cycle", fw->nodes[k].code);
    int h = 1;
    for (int c = t->first[k]; c >= 0; c = t->next[c]) {
        int hc = height(fw, t, c, depth + 1) + 1;
        if (hc > h)
            h = hc;
    }
    return h;
}

void compute_tree_build(const struct framework *fw, struct compute_tree *t)
{
    int nn = fw->n_nodes;
    size_t sz = (size_t)(nn ? nn : 1) * sizeof(int);
    t->first = xmalloc(sz);
    t->next = xmalloc(sz);
    t->n_child = xcalloc((size_t)(nn ? nn : 1), sizeof(int));
    t->order = xmalloc(sz);
    int *last = xmalloc(sz);
    for (int k = 0; k < nn; k++)
        t->first[k] = t->next[k] = last[k] = -1;
    /* children in file order */
    for (int k = 0; k < nn; k++) {
        int p = fw->nodes[k].parent;
        if (p < 0)
            continue;
        if (p >= nn)
            BUG("node '%s': parent index %d out of range", fw->nodes[k].code, p);
        if (last[p] < 0)
            t->first[p] = k;
        else
            t->next[last[p]] = k;
        last[p] = k;
        t->n_child[p]++;
    }
    int *h = xmalloc(sz);
    int maxh = 0;
    for (int k = 0; k < nn; k++) {
        h[k] = height(fw, t, k, 0);
        if (h[k] > maxh)
            maxh = h[k];
    }
    t->n_order = 0;
    for (int lev = 2; lev <= maxh; lev++)
        for (int k = 0; k < nn; k++)
            if (h[k] == lev && t->n_child[k] > 0)
                t->order[t->n_order++] = k;
    free(h);
    free(last);
}

void compute_tree_release(struct compute_tree *t)
{
    free(t->first);
    free(t->next);
    free(t->n_child);
    free(t->order);
}

/*
 * Aggregate one unit's children.  xv/w hold the m children with data; the
 * result is NAN if the method cannot apply (the error is recorded).
 */
static double agg_values(struct run *x, enum agg_method m, const double *xv,
                         const double *w, int m_n, const char *node, const char *unit)
{
    long double sw = 0.0L;
    for (int i = 0; i < m_n; i++)
        sw += w[i];
    double wsum = (double)sw;
    if (!(wsum > 0)) {
        run_error(x, "aggregate '%s', unit '%s': the weights of the children with "
                  "data sum to %g (expected a positive sum)", node, unit, wsum);
        return NAN;
    }
    switch (m) {
    case AGG_ARITHMETIC: {
        /* a_amean: w <- w/sum(w); sum(w*x) */
        long double s = 0.0L;
        for (int i = 0; i < m_n; i++)
            s += (w[i] / wsum) * xv[i];
        return (double)s;
    }
    case AGG_GEOMETRIC:
    case AGG_HARMONIC: {
        for (int i = 0; i < m_n; i++) {
            if (xv[i] < 0) {
                run_error(x, "aggregate '%s', unit '%s': %s mean of a negative value "
                          "(%.17g); normalise to values >= 0 first", node, unit,
                          m == AGG_GEOMETRIC ? msg_tr("geometric") : msg_tr("harmonic"), xv[i]);
                return NAN;
            }
        }
        return compute_gh_mean(m, xv, w, m_n, wsum, x->fw->steps.geo_zero_shift);
    }
    case AGG_MEDIAN: {
        /* sort (value, weight) by value; insertion sort: few children */
        double *sv = xmalloc((size_t)m_n * sizeof *sv);
        double *swt = xmalloc((size_t)m_n * sizeof *swt);
        for (int i = 0; i < m_n; i++) {
            int k = i;
            while (k > 0 && sv[k - 1] > xv[i]) {
                sv[k] = sv[k - 1];
                swt[k] = swt[k - 1];
                k--;
            }
            sv[k] = xv[i];
            swt[k] = w[i];
        }
        double half = wsum / 2, tol = 1e-12 * wsum, y = NAN;
        long double cum = 0.0L;
        for (int i = 0; i < m_n; i++) {
            cum += swt[i];
            double c = (double)cum;
            if (fabs(c - half) <= tol && i + 1 < m_n) {
                y = (sv[i] + sv[i + 1]) / 2;
                break;
            }
            if (c >= half - tol) {
                y = sv[i];
                break;
            }
        }
        free(sv);
        free(swt);
        return y;
    }
    }
    BUG("unknown aggregation %d", (int)m);
}

static void step_aggregate(struct run *x, const struct compute_tree *t)
{
    const struct framework *fw = x->fw;
    struct result *r = x->r;
    int maxc = 1;
    for (int k = 0; k < x->nn; k++)
        if (t->n_child[k] > maxc)
            maxc = t->n_child[k];
    double *xv = xmalloc((size_t)maxc * sizeof *xv);
    double *w = xmalloc((size_t)maxc * sizeof *w);
    struct strbuf fewer;   /* the units of this aggregate short of children */
    strbuf_init(&fewer);
    for (int o = 0; o < t->n_order; o++) {
        int p = t->order[o];
        const struct node *pn = &fw->nodes[p];
        int n_fewer = 0;
        strbuf_reset(&fewer);
        int lev = pn->level;
        if (lev < 1 || lev >= LEVEL_MAX) {
            run_error(x, "aggregate '%s': level %d is outside 1..%d", pn->code, lev,
                      LEVEL_MAX - 1);
            continue;
        }
        enum agg_method m = compute_node_agg(fw, p);
        double thr = fw->steps.agg_threshold[lev];
        for (int u = 0; u < x->nu; u++) {
            if (!r->included[u])
                continue;
            int m_n = 0, k_n = 0;
            for (int c = t->first[p]; c >= 0; c = t->next[c]) {
                double cv = r->value[NODE_AT(x, u, c)];
                k_n++;
                if (isnan(cv))
                    continue;
                xv[m_n] = cv;
                w[m_n++] = fw->nodes[c].weight;
            }
            double y = NAN;
            if (m_n > 0 && !((double)m_n / k_n < thr))
                y = agg_values(x, m, xv, w, m_n, pn->code, r->unit_code[u]);
            r->value[NODE_AT(x, u, p)] = y;
            r->n_children[NODE_AT(x, u, p)] = isnan(y) ? 0 : m_n;
            if (!isnan(y) && m_n < k_n)
                strbuf_addf(&fewer, "%s%s %d of %d", n_fewer++ ? ", " : "", r->unit_code[u],
                            m_n, k_n);
            /* the weights as used: normalised over the children with data */
            long double sw = 0.0L;
            for (int i = 0; i < m_n; i++)
                sw += w[i];
            for (int c = t->first[p]; c >= 0; c = t->next[c]) {
                double cv = r->value[NODE_AT(x, u, c)];
                double *aw = &r->agg_weight[NODE_AT(x, u, c)];
                if (isnan(y))
                    *aw = NAN;
                else
                    *aw = isnan(cv) ? 0 : fw->nodes[c].weight / (double)sw;
            }
        }
        if (n_fewer)
            run_warning(x, "aggregate '%s' (%d children) computed from fewer children for "
                        "%d unit%s: %s (the children with data, weights renormalised; "
                        "[aggregate] threshold sets the least fraction)",
                        pn->code, t->n_child[p], n_fewer, n_fewer == 1 ? "" : "s",
                        fewer.buf);
    }
    strbuf_release(&fewer);
    free(xv);
    free(w);
}

/* ======================================================================== */
/* Results                                                                  */
/* ======================================================================== */

static void eff_weights(struct run *x, const struct compute_tree *t)
{
    const struct framework *fw = x->fw;
    double *e = x->r->eff_weight;
    for (int k = 0; k < x->nn; k++)
        e[k] = NAN;
    if (fw->root < 0 || fw->root >= x->nn)
        BUG("framework root %d out of range", fw->root);
    e[fw->root] = 1;
    /* parents before children: the aggregation order reversed */
    for (int o = t->n_order - 1; o >= 0; o--) {
        int p = t->order[o];
        long double sw = 0.0L;
        for (int c = t->first[p]; c >= 0; c = t->next[c])
            sw += fw->nodes[c].weight;
        for (int c = t->first[p]; c >= 0; c = t->next[c])
            e[c] = sw > 0 ? e[p] * (fw->nodes[c].weight / (double)sw) : NAN;
    }
}

/* Unit u is scored but not ranked (registry ranked = no): no rank, and
   not in the national figure, the mean of the units ranked. */
static int unranked(const struct run *x, int u)
{
    return x->in->unit_unranked && x->in->unit_unranked[u];
}

static void national(struct run *x)
{
    const double *uw = x->in->unit_weight;
    for (int k = 0; k < x->nn; k++) {
        long double s = 0.0L, sw = 0.0L;
        for (int u = 0; u < x->nu; u++) {
            double v = x->r->value[NODE_AT(x, u, k)];
            double wu = uw ? uw[u] : 1;
            if (!x->r->included[u] || isnan(v) || isnan(wu) || unranked(x, u))
                continue;
            s += wu * v;
            sw += wu;
        }
        x->r->national[k] = sw > 0 ? (double)(s / sw) : NAN;
    }
}

/* The national figure of each axis: the same unit-weighted mean as
   national() takes of a node, over the units' axis values. */
static void axes_national(struct run *x)
{
    struct result *r = x->r;
    const double *uw = x->in->unit_weight;
    r->axis_national = nan_array((size_t)r->n_axes);
    for (int i = 0; i < r->n_axes; i++) {
        long double s = 0.0L, sw = 0.0L;
        for (int u = 0; u < x->nu; u++) {
            double v = r->axis_value[(size_t)u * (size_t)r->n_axes + (size_t)i];
            double wu = uw ? uw[u] : 1;
            if (!r->included[u] || isnan(v) || isnan(wu) || unranked(x, u))
                continue;
            s += wu * v;
            sw += wu;
        }
        r->axis_national[i] = sw > 0 ? (double)(s / sw) : NAN;
    }
}

static void axes(struct run *x)
{
    struct result *r = x->r;
    const char **code = xmalloc((size_t)(x->ni ? x->ni : 1) * sizeof *code);
    int *of = xmalloc((size_t)(x->ni ? x->ni : 1) * sizeof *of);
    int na = 0;
    for (int j = 0; j < x->ni; j++) {
        const char *a = ind(x, j)->axis;
        of[j] = -1;
        if (!a || !*a)
            continue;
        int i = 0;
        while (i < na && strcmp(code[i], a) != 0)
            i++;
        if (i == na)
            code[na++] = a;
        of[j] = i;
    }
    r->n_axes = na;
    if (na > 0) {
        r->axis_code = xmalloc((size_t)na * sizeof *r->axis_code);
        for (int i = 0; i < na; i++)
            r->axis_code[i] = xstrdup(code[i]);
        r->axis_value = nan_array((size_t)x->nu * (size_t)na);
        for (int u = 0; u < x->nu; u++) {
            if (!r->included[u])
                continue;
            for (int i = 0; i < na; i++) {
                long double s = 0.0L, sw = 0.0L;
                for (int j = 0; j < x->ni; j++) {
                    double v = r->normalised[AT(x, u, j)];
                    double ew = r->eff_weight[r->ind_node[j]];
                    if (of[j] != i || isnan(v) || isnan(ew))
                        continue;
                    s += ew * v;
                    sw += ew;
                }
                r->axis_value[(size_t)u * (size_t)na + (size_t)i] =
                    sw > 0 ? (double)(s / sw) : NAN;
            }
        }
        axes_national(x);
    }
    free(code);
    free(of);
}

/* ======================================================================== */
/* compute_run                                                              */
/* ======================================================================== */

static void result_alloc(struct run *x)
{
    struct result *r = x->r;
    size_t cells = (size_t)x->nu * (size_t)x->ni;
    size_t ncells = (size_t)x->nu * (size_t)x->nn;
    size_t nu = (size_t)(x->nu ? x->nu : 1);
    r->fw = x->fw;
    r->n_units = x->nu;
    r->unit_code = xmalloc(nu * sizeof *r->unit_code);
    r->included = xmalloc(nu * sizeof *r->included);
    for (int u = 0; u < x->nu; u++) {
        r->unit_code[u] = xstrdup(x->in->unit_code[u]);
        r->included[u] = 1;
    }
    r->raw = dup_array(x->in->raw, cells);
    r->denom = x->in->denom ? dup_array(x->in->denom, cells) : NULL;
    r->flags = xcalloc(cells ? cells : 1, sizeof *r->flags);
    if (x->in->flags)
        memcpy(r->flags, x->in->flags, cells * sizeof *r->flags);
    r->value = nan_array(ncells);
    r->agg_weight = nan_array(ncells);
    r->rank = xcalloc(ncells ? ncells : 1, sizeof *r->rank);
    r->n_children = xcalloc(ncells ? ncells : 1, sizeof *r->n_children);
    r->maturity = xmalloc(nu * sizeof *r->maturity);
    r->national = nan_array((size_t)x->nn);
    r->eff_weight = nan_array((size_t)x->nn);
    r->treat = xcalloc((size_t)(x->ni ? x->ni : 1), sizeof *r->treat);
    r->norm = xcalloc((size_t)(x->ni ? x->ni : 1), sizeof *r->norm);
    for (int j = 0; j < x->ni; j++) {
        r->norm[j].method = NORM_NONE;
        r->norm[j].direction = 1;
        r->norm[j].p1 = r->norm[j].p2 = NAN;
        r->norm[j].lo = r->norm[j].hi = NAN;
    }
}

/* FLAG_MISSING on the cells of included units without a value in the
   working matrix (as normalisation starts). */
static void mark_missing(struct run *x)
{
    for (int u = 0; u < x->nu; u++)
        for (int j = 0; j < x->ni; j++)
            if (x->r->included[u] && isnan(x->cur[AT(x, u, j)]))
                x->r->flags[AT(x, u, j)] |= FLAG_MISSING;
}

/* The indicator nodes' values from m (n_units x n_ind); NAN for excluded
   units. */
static void indicator_values(struct run *x, const double *m)
{
    for (int u = 0; u < x->nu; u++)
        for (int j = 0; j < x->ni; j++)
            x->r->value[NODE_AT(x, u, x->r->ind_node[j])] =
                x->r->included[u] ? m[AT(x, u, j)] : NAN;
}

/* Run the framework's steps in their order, each stage snapshotted after
   its step (see compute.h); stop at the first that fails.  *normalised and
   *aggregated say whether those two ran. */
static void run_steps(struct run *x, const struct compute_tree *t, int *normalised,
                      int *aggregated)
{
    struct result *out = x->r;
    size_t cells = (size_t)x->nu * (size_t)x->ni;
    for (int s = 0; s < x->fw->steps.n && !x->failed; s++) {
        switch (x->fw->steps.order[s]) {
        case STEP_SCORE:
            break;   /* done by score.c before the engine */
        case STEP_DENOMINATE:
            step_denominate(x);
            free(out->denominated);
            out->denominated = dup_array(x->cur, cells);
            break;
        case STEP_SCREEN:
            step_screen(x);
            break;
        case STEP_IMPUTE:
            step_impute(x);
            free(out->imputed);
            out->imputed = dup_array(x->cur, cells);
            break;
        case STEP_TREAT:
            step_treat(x);
            free(out->treated);
            out->treated = dup_array(x->cur, cells);
            break;
        case STEP_NORMALISE:
            mark_missing(x);
            step_normalise(x);
            *normalised = 1;
            break;
        case STEP_AGGREGATE:
            free(out->normalised);
            out->normalised = dup_array(x->cur, cells);
            indicator_values(x, x->cur);
            step_aggregate(x, t);
            *aggregated = 1;
            break;
        }
    }
}

/* What the steps that did not run leave: a copy of the stage before, the
   missing cells flagged, the indicators' values. */
static void fill_skipped(struct run *x, int normalised, int aggregated)
{
    struct result *out = x->r;
    size_t cells = (size_t)x->nu * (size_t)x->ni;
    double **stage[] = {&out->denominated, &out->imputed, &out->treated};
    const double *prev = out->raw;
    for (size_t i = 0; i < sizeof stage / sizeof *stage; i++) {
        if (!*stage[i])
            *stage[i] = dup_array(prev, cells);
        prev = *stage[i];
    }
    if (!normalised && x->ni > 0)
        mark_missing(x);
    if (!out->normalised)
        out->normalised = dup_array(x->cur, cells);
    if (!aggregated)
        indicator_values(x, out->normalised);
}

/* Every node's ranks over the included units that are ranked, and the
   root's maturity level (every included unit's). */
static void ranks_and_levels(struct run *x)
{
    struct result *out = x->r;
    double *col = xmalloc((size_t)(x->nu ? x->nu : 1) * sizeof *col);
    int *rk = xmalloc((size_t)(x->nu ? x->nu : 1) * sizeof *rk);
    for (int k = 0; k < x->nn; k++) {
        for (int u = 0; u < x->nu; u++)
            col[u] = out->included[u] && !unranked(x, u) ? out->value[NODE_AT(x, u, k)] : NAN;
        compute_ranks_published(x->fw, col, x->nu, rk);
        for (int u = 0; u < x->nu; u++)
            out->rank[NODE_AT(x, u, k)] = rk[u];
    }
    free(col);
    free(rk);
    for (int u = 0; u < x->nu; u++)
        out->maturity[u] = maturity_level(&x->fw->maturity,
                                          out->value[NODE_AT(x, u, x->fw->root)]);
}

int compute_run(const struct compute_input *in, struct result *out, char *errbuf,
                size_t errlen)
{
    struct run x = {0};
    memset(out, 0, sizeof *out);
    if (errbuf && errlen)
        errbuf[0] = '\0';
    x.in = in;
    x.fw = in->fw;
    x.r = out;
    x.errbuf = errbuf;
    x.errlen = errlen;
    x.nu = in->n_units;
    x.nn = in->fw->n_nodes;
    x.ni = framework_indicators(in->fw, &out->ind_node);
    out->n_ind = x.ni;
    result_alloc(&x);
    x.cur = dup_array(in->raw, (size_t)x.nu * (size_t)x.ni);

    if (x.fw->steps.exclude_unanswered)
        exclude_unanswered(&x);
    struct compute_tree t;
    compute_tree_build(x.fw, &t);
    int normalised = 0, aggregated = 0;
    run_steps(&x, &t, &normalised, &aggregated);
    fill_skipped(&x, normalised, aggregated);
    /* ranks, maturity, national figure, effective weights, axes */
    ranks_and_levels(&x);
    national(&x);
    eff_weights(&x, &t);
    axes(&x);

    compute_tree_release(&t);
    free(x.cur);
    return x.failed ? -1 : 0;
}

void result_release(struct result *r)
{
    if (!r)
        return;
    if (r->unit_code)
        for (int u = 0; u < r->n_units; u++)
            free(r->unit_code[u]);
    free(r->unit_code);
    free(r->included);
    free(r->ind_node);
    free(r->raw);
    free(r->denominated);
    free(r->imputed);
    free(r->treated);
    free(r->normalised);
    free(r->flags);
    free(r->value);
    free(r->rank);
    free(r->n_children);
    free(r->maturity);
    free(r->national);
    free(r->eff_weight);
    free(r->treat);
    if (r->axis_code)
        for (int i = 0; i < r->n_axes; i++)
            free(r->axis_code[i]);
    free(r->axis_code);
    free(r->axis_value);
    free(r->axis_national);
    free(r->denom);
    free(r->norm);
    free(r->agg_weight);
    for (int i = 0; i < r->n_warning; i++)
        free(r->warning[i]);
    free(r->warning);
    memset(r, 0, sizeof *r);
}

/* lg[i] = log(xv[i] + shift), i < n; not inlined, so the caller's long
   double sum stays in a register around one call instead of n. */
enum { GH_CHUNK = 32 };
__attribute__((noinline)) static void logs_of(const double *xv, int n, double shift, double *lg)
{
    for (int i = 0; i < n; i++)
        lg[i] = log(xv[i] + shift);
}

double compute_gh_mean(enum agg_method m, const double *xv, const double *w, int n,
                       double wsum, double zero_shift)
{
    int zero = 0;
    for (int i = 0; i < n; i++) {
        if (xv[i] < 0)
            return NAN;
        zero |= xv[i] == 0;
    }
    double shift = zero ? zero_shift : 0;
    long double s = 0.0L;
    double y;
    if (m == AGG_GEOMETRIC) {
        /* the logarithms a few at a time, then their weighted sum: a call
           inside the sum's loop made the compiler store and reload the long
           double sum around every log(), a store-forwarding stall per term
           that cost more than the logarithm; same terms, same order */
        double lg[GH_CHUNK];
        for (int i0 = 0; i0 < n; i0 += GH_CHUNK) {
            int i1 = n - i0 < GH_CHUNK ? n : i0 + GH_CHUNK;
            logs_of(xv + i0, i1 - i0, shift, lg);
            for (int i = i0; i < i1; i++)
                s += w[i] * lg[i - i0];
        }
        y = exp((double)s / wsum);
    } else {
        for (int i = 0; i < n; i++)
            s += w[i] / (xv[i] + shift);
        y = wsum / (double)s;
    }
    return y - shift;
}
