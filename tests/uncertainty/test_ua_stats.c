/*
 * test_ua_stats.c — the statistics of the uncertainty analysis on cases
 * computed by hand: rank summaries (R type-7 quantiles, top/bottom shares),
 * COINr's SA_estimate on a 2-point design, and Saltelli's estimator on the
 * additive model y = x1 + 2 x2 with uniform inputs (S1 = 0.2, S2 = 0.8).
 */
#include <math.h>
#include <stdlib.h>

#include "rng.h"
#include "tap.h"
#include "uncertainty.h"

static void rank_summaries(void)
{
    /* unit A in even slots (stride 2), a second unit in odd slots; one
       replication where A had no rank (0) */
    int ranks[] = {3, 9, 1, 9, 4, 9, 0, 9, 1, 9, 5, 9, 9, 9, 2, 9, 6, 9, 5, 9, 3, 9};
    struct ua_unit s;
    /* A's ranks: 3 1 4 1 5 9 2 6 5 3, sorted 1 1 2 3 3 4 5 5 6 9 */
    ua_rank_summary(ranks, 11, 2, 3, 2, 5, &s);
    is_int(s.n, 10, "replications with a rank");
    is_int(s.nominal, 3, "nominal rank kept");
    is_num(s.mean, 3.9, 1e-15, "mean rank 39/10");
    is_num(s.median, 3.5, 0, "median (3 + 4)/2");
    /* type 7: h = 9 * 0.05 = 0.45 -> 1 + 0.45 (1 - 1) */
    is_num(s.q05, 1, 0, "5% quantile");
    /* h = 9 * 0.95 = 8.55 -> 6 + 0.55 (9 - 6) */
    is_num(s.q95, 7.65, 1e-14, "95% quantile 7.65");
    is_num(s.p_top, 0.3, 0, "top (rank <= 2): 1 1 2 = 3/10");
    is_num(s.p_bottom, 0.4, 0, "bottom (rank >= 5): 5 9 6 5 = 4/10");
    /* |r - 3|: 0 2 1 2 2 6 1 3 2 0 = 19 */
    is_num(s.mean_shift, 1.9, 1e-15, "mean |rank - nominal|");

    int r2[] = {40, 10, 30, 20};
    ua_rank_summary(r2, 4, 1, 0, 10, 40, &s);
    is_num(s.q05, 11.5, 1e-14, "q05 of 10 20 30 40: 10 + 0.15 * 10");
    is_num(s.q95, 38.5, 1e-14, "q95 of 10 20 30 40: 30 + 0.85 * 10");
    is_num(s.median, 25, 0, "median 25");
    ok(isnan(s.mean_shift), "no nominal rank: no mean shift");
    is_num(s.p_top, 0.25, 0, "p_top: one of four at rank 10");
    is_num(s.p_bottom, 0.25, 0, "p_bottom: one of four at rank 40");

    int none[] = {0, 0, 0};
    ua_rank_summary(none, 3, 1, 2, 1, 3, &s);
    ok(s.n == 0 && isnan(s.mean) && isnan(s.median) && isnan(s.q05) && isnan(s.p_top),
       "never ranked: every statistic NAN");
}

static void sa_by_hand(void)
{
    /* N = 2, k = 1: yA = 1 3, yB = 2 4, yAB1 = 2 5.
       Var(1 3 2 4) = 5/3; Si = mean(2*1, 4*2)/(5/3) = 3;
       STi = ((1-2)^2 + (3-5)^2)/(2*2*5/3) = 0.75 */
    double y[] = {1, 3, 2, 4, 2, 5};
    struct ua_sens s;
    double var;
    ua_sa_estimate(y, 2, 1, 0, 1, 1, &s, &var);
    is_num(var, 5.0 / 3, 1e-15, "variance of yA and yB");
    is_num(s.si, 3, 1e-15, "Si by hand");
    is_num(s.sti, 0.75, 1e-15, "STi by hand");
    ok(isnan(s.si_q05) && isnan(s.sti_q95), "no bootstrap: intervals NAN");

    double flat[] = {2, 2, 2, 2, 2, 2};
    ua_sa_estimate(flat, 2, 1, 10, 1, 2, &s, &var);
    ok(var == 0 && isnan(s.si) && isnan(s.sti), "zero variance: indices NAN");
}

/* Saltelli design on y = x1 + 2 x2, x uniform on [0, 1): Var = 1/12 + 4/12,
   S1 = ST1 = 0.2, S2 = ST2 = 0.8. */
static void sa_additive(void)
{
    enum { N = 100000 };
    double *y = malloc((size_t)N * 4 * sizeof *y);
    for (int i = 0; i < N; i++) {
        struct rng r;
        rng_init(&r, 99, (uint64_t)i);
        double a1 = rng_uniform(&r), a2 = rng_uniform(&r);
        double b1 = rng_uniform(&r), b2 = rng_uniform(&r);
        y[i] = a1 + 2 * a2;               /* A      */
        y[N + i] = b1 + 2 * b2;           /* B      */
        y[2 * N + i] = b1 + 2 * a2;       /* AB_1   */
        y[3 * N + i] = a1 + 2 * b2;       /* AB_2   */
    }
    struct ua_sens s[2];
    double var;
    ua_sa_estimate(y, N, 2, 200, 7, 1, s, &var);
    /* Var(y) = 5/12 (= 0.4167); sd of its estimate from 2N points ~ 0.001 */
    is_num(var, 5.0 / 12, 0.005, "variance 5/12");
    /* spread of the estimators at N = 100000, measured over 50 seeds:
       sd 0.0055 (S1), 0.0104 (S2), 0.0007 (ST1), 0.0026 (ST2); tolerance
       about 5 sd */
    is_num(s[0].si, 0.2, 0.03, "S1 = 0.2");
    is_num(s[1].si, 0.8, 0.05, "S2 = 0.8");
    is_num(s[0].sti, 0.2, 0.004, "ST1 = 0.2");
    is_num(s[1].sti, 0.8, 0.013, "ST2 = 0.8");
    ok(s[0].si_q05 < s[0].si && s[0].si < s[0].si_q95, "S1 inside its bootstrap interval");
    ok(s[1].sti_q05 < s[1].sti && s[1].sti < s[1].sti_q95,
       "ST2 inside its bootstrap interval");
    /* a 90% interval is about 3.3 sd wide */
    ok(s[0].si_q95 - s[0].si_q05 > 0.01 && s[0].si_q95 - s[0].si_q05 < 0.03,
       "S1's interval is about 3.3 sd (0.018) wide: %.4f", s[0].si_q95 - s[0].si_q05);
    /* the bootstrap is reproducible */
    struct ua_sens again[2];
    ua_sa_estimate(y, N, 2, 200, 7, 1, again, &var);
    ok(again[0].si_q05 == s[0].si_q05 && again[1].sti_q95 == s[1].sti_q95,
       "same seed: same bootstrap intervals");
    /* and does not depend on the threads: one per factor, more than factors */
    for (int threads = 2; threads <= 3; threads++) {
        struct ua_sens par[2];
        double var2;
        ua_sa_estimate(y, N, 2, 200, 7, threads, par, &var2);
        int same = var2 == var;
        for (int f = 0; f < 2; f++)
            same = same && par[f].si == s[f].si && par[f].sti == s[f].sti &&
                   par[f].si_q05 == s[f].si_q05 && par[f].si_q95 == s[f].si_q95 &&
                   par[f].sti_q05 == s[f].sti_q05 && par[f].sti_q95 == s[f].sti_q95;
        ok(same,
           "%d threads: the same indices and intervals, bit for bit", threads);
    }
    free(y);
}

int main(void)
{
    rank_summaries();
    sa_by_hand();
    sa_additive();
    return tap_done();
}
