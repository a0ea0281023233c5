/*
 * test_stats.c — the R-compatible statistics of src/stats.c, on small vectors
 * whose results are worked out by hand in the comments.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "stats.h"
#include "tap.h"

/* stats_order against the definition: ascending, equal values (-0 and +0
   among them) in index order.  The values cover both signs, ties, zeros of
   both signs, infinities and magnitudes far apart, above the size at which
   the radix sort takes over. */
static int order_ok(const double *x, const int *order, int n)
{
    char *seen = calloc((size_t)n, 1);
    int good = 1;
    for (int k = 0; k < n && good; k++) {
        good = order[k] >= 0 && order[k] < n && !seen[order[k]];
        if (good)
            seen[order[k]] = 1;
        if (good && k > 0) {
            double a = x[order[k - 1]], b = x[order[k]];
            good = a < b || (a == b && order[k - 1] < order[k]);
        }
    }
    free(seen);
    return good;
}

static void order_cases(void)
{
    enum { N = 5000 };
    static double x[N];
    static int order[N];
    uint64_t s = 20261123;
    for (int i = 0; i < N; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        int r = (int)(s >> 33) % 1000;
        x[i] = r < 50 ? 0.0 : r < 100 ? -0.0 : r < 105 ? INFINITY : r < 110 ? -INFINITY
             : r < 400 ? (double)(r % 7) - 3                     /* many ties */
             : ldexp((double)(r - 700), (int)(s >> 20) % 200 - 100);
    }
    stats_order(x, N, order);
    ok(order_ok(x, order, N), "stats_order: %d values ascending, ties in index order", N);
    /* and the ranks it gives are those of the definition */
    static double rk[N];
    stats_rank_min(x, N, rk);
    int bad = 0;
    for (int i = 0; i < 200; i++) {
        int below = 0;
        for (int j = 0; j < N; j++)
            below += x[j] < x[i];
        bad += rk[i] != below + 1;
    }
    ok(bad == 0, "stats_rank_min of 5,000 values: rank = 1 + how many are lower (%d wrong)", bad);
    double small[] = {3, -0.0, 1, 0.0, 1};
    int o[5];
    stats_order(small, 5, o);
    ok(o[0] == 1 && o[1] == 3 && o[2] == 2 && o[3] == 4 && o[4] == 0,
       "stats_order of a few values: -0 and +0 equal, in index order");
}

int main(void)
{
    const double a[] = {2, 4, 4, 4, 5, 5, 7, 9};    /* n = 8, sum 40 */

    is_num(stats_sum(a, 8), 40, 0, "sum");
    is_num(stats_sum(a, 0), 0, 0, "sum of nothing is 0");
    is_num(stats_mean(a, 8), 5, 0, "mean 40/8 = 5");
    ok(isnan(stats_mean(a, 0)), "mean of nothing is NAN");
    /* R's two-pass mean: 0.1 + 0.2 + 0.3 in long double, then corrected;
       the naive double sum gives 0.6000000000000001 / 3 */
    const double t[] = {0.1, 0.2, 0.3};
    is_num(stats_mean(t, 3), 0.2, 0, "mean(0.1, 0.2, 0.3) is exactly 0.2 as in R");
    is_num(stats_min(a, 8), 2, 0, "min");
    is_num(stats_max(a, 8), 9, 0, "max");
    /* sorted 2 4 4 4 5 5 7 9: middle pair 4 and 5 */
    is_num(stats_median(a, 8), 4.5, 0, "median, even n: (4 + 5)/2");
    is_num(stats_median(a, 7), 4, 0, "median, odd n: 2 4 4 4 5 5 7 -> 4");
    /* deviations from 5: -3 -1 -1 -1 0 0 2 4, squares sum 9+1+1+1+0+0+4+16 = 32;
       var = 32/7 */
    is_num(stats_var(a, 8), 32.0 / 7, 1e-15, "var = 32/7 (n - 1)");
    is_num(stats_sd(a, 8), sqrt(32.0 / 7), 1e-15, "sd");
    ok(isnan(stats_var(a, 1)), "var of one value is NAN");

    /* skew: d^3 sum = -27 -1 -1 -1 0 0 8 64 = 42; d^2 sum = 32;
       sqrt(8)*42/32^1.5 = 0.65625; * sqrt(8*7)/6 = 0.65625*1.2472191289 = 0.8184875534 */
    is_num(stats_skew(a, 8), sqrt(8.0) * 42 / pow(32, 1.5) * sqrt(56.0) / 6, 1e-15,
           "skew (e1071 type 2) = 0.81848755...");
    is_num(stats_skew(a, 8), 0.81848755341, 1e-10, "skew value");
    /* kurt: d^4 sum = 81+1+1+1+0+0+16+256 = 356; r = 8*356/32^2 = 2.78125;
       ((9)(2.78125 - 3) + 6)*7/(6*5) = (6 - 1.96875)*7/30 = 0.940625 */
    is_num(stats_kurt(a, 8), 0.940625, 1e-14, "kurt (e1071 type 2) = 0.940625");
    ok(isnan(stats_skew(a, 2)), "skew needs 3 values");
    ok(isnan(stats_kurt(a, 3)), "kurt needs 4 values");
    const double c[] = {3, 3, 3, 3};
    ok(isnan(stats_skew(c, 4)) && isnan(stats_kurt(c, 4)), "constant vector: NAN");

    /* R quantile type 7 on 1..5 (any order): h = (n-1)p */
    const double q[] = {5, 1, 4, 2, 3};
    is_num(stats_quantile(q, 5, 0.5), 3, 0, "quantile 0.5 = 3");
    is_num(stats_quantile(q, 5, 0.05), 1.2, 1e-15, "quantile 0.05: 1 + 0.2*(2-1)");
    is_num(stats_quantile(q, 5, 0.95), 4.8, 1e-15, "quantile 0.95: 4 + 0.8*(5-4)");
    is_num(stats_quantile(q, 5, 1), 5, 0, "quantile 1 = max");

    /* Pearson: x = 1 2 3, y = 2 4 7: dx -1 0 1, dy -2.333 -0.333 2.667;
       sxy = 2.333 + 2.667 = 5, sxx = 2, syy = 5.444+0.111+7.111 = 12.667;
       r = 5/sqrt(25.333) = 0.99339926 */
    const double x[] = {1, 2, 3}, y[] = {2, 4, 7};
    is_num(stats_pearson(x, y, 3), 5 / sqrt(2 * 38.0 / 3), 1e-15, "pearson");
    is_num(stats_spearman(x, y, 3), 1, 1e-15, "spearman of a monotone pair is 1");
    const double y2[] = {9, 1, 5};
    /* ranks of y2: 3 1 2 against 1 2 3: d = 2 -1 -1 -> r = 1 - 6*6/(3*8) = -0.5 */
    is_num(stats_spearman(x, y2, 3), -0.5, 1e-15, "spearman -0.5");
    ok(isnan(stats_pearson(x, c, 3)), "pearson with a constant: NAN");

    /* ranks: 10 30 20 30 10 -> min ties: 1 4 3 4 1; average: 1.5 4.5 3 4.5 1.5 */
    const double r[] = {10, 30, 20, 30, 10};
    double rk[5];
    stats_rank_min(r, 5, rk);
    ok(rk[0] == 1 && rk[1] == 4 && rk[2] == 3 && rk[3] == 4 && rk[4] == 1,
       "rank_min 1 4 3 4 1 (got %g %g %g %g %g)", rk[0], rk[1], rk[2], rk[3], rk[4]);
    stats_rank_avg(r, 5, rk);
    ok(rk[0] == 1.5 && rk[1] == 4.5 && rk[2] == 3 && rk[3] == 4.5 && rk[4] == 1.5,
       "rank_avg 1.5 4.5 3 4.5 1.5");
    order_cases();
    return tap_done();
}
