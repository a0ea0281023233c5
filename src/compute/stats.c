/*
 * stats.c — descriptive statistics with R's arithmetic (see stats.h for why).
 */
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

double stats_sum(const double *x, int n)
{
    long double s = 0.0L;
    for (int i = 0; i < n; i++)
        s += x[i];
    return (double)s;
}

/* R's real_mean(): the second pass removes most of the rounding error of the
   first, which is why R's means are often the correctly rounded value. */
double stats_mean(const double *x, int n)
{
    if (n <= 0)
        return NAN;
    long double s = 0.0L;
    for (int i = 0; i < n; i++)
        s += x[i];
    s /= n;
    if (isfinite((double)s)) {
        long double t = 0.0L;
        for (int i = 0; i < n; i++)
            t += x[i] - s;
        s += t / n;
    }
    return (double)s;
}

double stats_min(const double *x, int n)
{
    if (n <= 0)
        return NAN;
    double m = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] < m)
            m = x[i];
    return m;
}

double stats_max(const double *x, int n)
{
    if (n <= 0)
        return NAN;
    double m = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    return m;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A sorted copy of x (caller frees). */
static double *sorted_copy(const double *x, int n)
{
    double *s = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *s);
    if (n > 0)
        memcpy(s, x, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return s;
}

double stats_median(const double *x, int n)
{
    if (n <= 0)
        return NAN;
    double *s = sorted_copy(x, n);
    double m;
    if (n % 2)
        m = s[n / 2];
    else /* R: mean() of the two middle values, in long double */
        m = (double)(((long double)s[n / 2 - 1] + s[n / 2]) / 2.0L);
    free(s);
    return m;
}

double stats_var(const double *x, int n)
{
    if (n < 2)
        return NAN;
    double m = stats_mean(x, n);
    long double ss = 0.0L;
    for (int i = 0; i < n; i++) {
        double dx = x[i] - m;     /* R's cov.c: double products, LDOUBLE sum */
        ss += dx * dx;
    }
    return (double)(ss / (n - 1));
}

double stats_sd(const double *x, int n)
{
    return sqrt(stats_var(x, n));
}

/* Centred copy d = x - mean(x) in double, as COINr's `x <- x - mean(x)`. */
static double *centred(const double *x, int n)
{
    double m = stats_mean(x, n);
    double *d = xmalloc((size_t)n * sizeof *d);
    for (int i = 0; i < n; i++)
        d[i] = x[i] - m;
    return d;
}

double stats_skew(const double *x, int n)
{
    if (n < 3)
        return NAN;
    double *d = centred(x, n);
    long double s2 = 0.0L, s3 = 0.0L;
    for (int i = 0; i < n; i++) {
        s2 += d[i] * d[i];
        s3 += pow(d[i], 3.0);
    }
    free(d);
    double dn = n;
    /* left to right as R evaluates `sqrt(n) * sum(x^3)/(sum(x^2)^(3/2))` */
    double y = sqrt(dn) * (double)s3 / pow((double)s2, 1.5);
    y = y * sqrt(dn * (dn - 1)) / (dn - 2);
    return y;
}

double stats_kurt(const double *x, int n)
{
    if (n < 4)
        return NAN;
    double *d = centred(x, n);
    long double s2 = 0.0L, s4 = 0.0L;
    for (int i = 0; i < n; i++) {
        s2 += d[i] * d[i];
        s4 += pow(d[i], 4.0);
    }
    free(d);
    double dn = n;
    double s2d = (double)s2;
    double r = dn * (double)s4 / (s2d * s2d);
    return ((dn + 1) * (r - 3) + 6) * (dn - 1) / ((dn - 2) * (dn - 3));
}

double stats_quantile(const double *x, int n, double p)
{
    if (n <= 0 || isnan(p))
        return NAN;
    double *s = sorted_copy(x, n);
    double index = (n - 1) * p;          /* 0-based form of R's 1 + (n-1)p */
    int lo = (int)floor(index), hi = (int)ceil(index);
    if (lo < 0)
        lo = 0;
    if (hi > n - 1)
        hi = n - 1;
    double q = s[lo];
    double h = index - lo;
    if (index > lo && s[hi] != q)
        q = (1 - h) * q + h * s[hi];
    free(s);
    return q;
}

double stats_pearson(const double *x, const double *y, int n)
{
    if (n < 2)
        return NAN;
    double mx = stats_mean(x, n), my = stats_mean(y, n);
    long double sxy = 0.0L, sxx = 0.0L, syy = 0.0L;
    for (int i = 0; i < n; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0.0L || syy == 0.0L)
        return NAN;
    double r = (double)(sxy / sqrtl(sxx * syy));
    /* as R's cor(), clamp the rounding overshoot */
    if (r > 1)
        r = 1;
    if (r < -1)
        r = -1;
    return r;
}

double stats_spearman(const double *x, const double *y, int n)
{
    if (n < 2)
        return NAN;
    double *rx = xmalloc((size_t)n * sizeof *rx);
    double *ry = xmalloc((size_t)n * sizeof *ry);
    stats_rank_avg(x, n, rx);
    stats_rank_avg(y, n, ry);
    double r = stats_pearson(rx, ry, n);
    free(rx);
    free(ry);
    return r;
}

struct vi {
    double v;
    int i;
};

static int cmp_vi(const void *a, const void *b)
{
    const struct vi *p = a, *q = b;
    if (p->v != q->v)
        return (p->v > q->v) - (p->v < q->v);
    return (p->i > q->i) - (p->i < q->i);
}

/* An unsigned key that orders as the double does, with -0 and +0 equal
   (they compare equal); x is not NAN. */
static uint64_t order_key(double x)
{
    uint64_t u;
    if (x == 0)
        x = 0.0;
    memcpy(&u, &x, sizeof u);
    return u >> 63 ? ~u : u | (1ULL << 63);
}

void stats_order(const double *x, int n, int *order)
{
    for (int i = 0; i < n; i++)
        order[i] = i;
    int has_nan = 0;
    for (int i = 0; i < n && !has_nan; i++)
        has_nan = isnan(x[i]);
    if (n < 64 || has_nan) {
        /* few values, or NANs (which compare as nothing): the comparison
           sort, whose order with NANs is what it always was */
        struct vi *p = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *p);
        for (int i = 0; i < n; i++)
            p[i] = (struct vi){x[i], i};
        qsort(p, (size_t)n, sizeof *p, cmp_vi);
        for (int i = 0; i < n; i++)
            order[i] = p[i].i;
        free(p);
        return;
    }
    /* least significant digit first, 11 bits at a time; each pass is
       stable, so equal values stay in index order, as cmp_vi has them */
    enum { BITS = 11, BUCKETS = 1 << BITS, PASSES = (64 + BITS - 1) / BITS };
    uint64_t *key = xmalloc((size_t)n * sizeof *key), *key2 = xmalloc((size_t)n * sizeof *key2);
    int *ord2 = xmalloc((size_t)n * sizeof *ord2), *cur = order, *alt = ord2;
    size_t *count = xcalloc((size_t)PASSES * BUCKETS, sizeof *count);
    for (int i = 0; i < n; i++) {
        key[i] = order_key(x[i]);
        for (int d = 0; d < PASSES; d++)
            count[d * BUCKETS + ((key[i] >> (d * BITS)) & (BUCKETS - 1))]++;
    }
    for (int d = 0; d < PASSES; d++) {
        size_t *c = count + (size_t)d * BUCKETS;
        if (c[(key[0] >> (d * BITS)) & (BUCKETS - 1)] == (size_t)n)
            continue;       /* every key has this digit: nothing moves */
        size_t at = 0;
        for (int b = 0; b < BUCKETS; b++) {
            size_t k = c[b];
            c[b] = at;
            at += k;
        }
        for (int i = 0; i < n; i++) {
            size_t to = c[(key[i] >> (d * BITS)) & (BUCKETS - 1)]++;
            key2[to] = key[i];
            alt[to] = cur[i];
        }
        uint64_t *tk = key;
        key = key2;
        key2 = tk;
        int *t = cur;
        cur = alt;
        alt = t;
    }
    if (cur != order)
        memcpy(order, cur, (size_t)n * sizeof *order);
    free(key);
    free(key2);
    free(ord2);
    free(count);
}

/* Sort (value, index) pairs ascending, ties by index; caller frees. */
static struct vi *sorted_pairs(const double *x, int n)
{
    struct vi *p = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *p);
    int *order = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *order);
    stats_order(x, n, order);
    for (int i = 0; i < n; i++)
        p[i] = (struct vi){x[order[i]], order[i]};
    free(order);
    return p;
}

void stats_rank_min(const double *x, int n, double *rank)
{
    struct vi *p = sorted_pairs(x, n);
    for (int k = 0; k < n;) {
        int e = k;
        while (e + 1 < n && p[e + 1].v == p[k].v)
            e++;
        for (int j = k; j <= e; j++)
            rank[p[j].i] = k + 1;
        k = e + 1;
    }
    free(p);
}

void stats_rank_avg(const double *x, int n, double *rank)
{
    struct vi *p = sorted_pairs(x, n);
    for (int k = 0; k < n;) {
        int e = k;
        while (e + 1 < n && p[e + 1].v == p[k].v)
            e++;
        double r = (k + 1 + e + 1) / 2.0;
        for (int j = k; j <= e; j++)
            rank[p[j].i] = r;
        k = e + 1;
    }
    free(p);
}
