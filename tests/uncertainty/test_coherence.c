/*
 * test_coherence.c — correlations, Cronbach's alpha and the flags of
 * coherence.h on cases computed by hand.
 */
#include <math.h>
#include <stdio.h>

#include "coherence.h"
#include "tap.h"
#include "fwbuild.h"

static void statistics(void)
{
    /* x = 1 2 2 3 5, y = 2 1 4 4 6 (+ one NAN on each side, left out).
       Pearson: dx = -1.6 -.6 -.6 .4 2.4, dy = -1.4 -2.4 .6 .6 2.6;
       sxy = 9.8, sxx = 9.2, syy = 15.2, r = 9.8/sqrt(139.84).
       Spearman, ties averaged: rx = 1 2.5 2.5 4 5, ry = 2 1 3.5 3.5 5;
       sxy = 7.25, sxx = syy = 9.5, r = 7.25/9.5. */
    double x[] = {1, 2, 2, 3, 5, NAN, 4};
    double y[] = {2, 1, 4, 4, 6, 7, NAN};
    int used = 0;
    is_num(coherence_pearson(x, y, 7, &used), 9.8 / sqrt(139.84), 1e-15, "Pearson by hand");
    is_int(used, 5, "Pearson: 5 complete pairs");
    is_num(coherence_spearman(x, y, 7, &used), 7.25 / 9.5, 1e-15, "Spearman with ties by hand");
    is_int(used, 5, "Spearman: 5 complete pairs");
    double c[] = {3, 3, 3};
    ok(isnan(coherence_pearson(c, y, 3, NULL)), "constant column: NAN");
    ok(isnan(coherence_pearson(x, y, 1, NULL)), "one pair: NAN");

    /* Cronbach's alpha, 4 units x 3 items:
         1 2 3 / 2 3 3 / 3 3 4 / 4 5 6
       item variances 5/3, 4.75/3, 6/3 (sum 15.75/3); totals 6 8 10 15 have
       variance 44.75/3; alpha = 3/2 (1 - 15.75/44.75) = 174/179 */
    double m[] = {1, 2, 3, 2, 3, 3, 3, 3, 4, 4, 5, 6};
    is_num(coherence_cronbach(m, 4, 3), 174.0 / 179.0, 1e-15, "Cronbach's alpha 174/179");
    ok(isnan(coherence_cronbach(m, 4, 1)), "one item: no alpha");
    /* two identical items: alpha = 1 */
    double twin[] = {1, 1, 2, 2, 4, 4};
    is_num(coherence_cronbach(twin, 3, 2), 1, 1e-15, "identical items: alpha 1");
    /* pairwise complete: items (1 2 3 NAN) and (2 4 5 8); var1 = 1 (over its
       3 values), var2 = (7.5625 + .5625 + .0625 + 10.5625)/3 = 6.25 (mean
       4.75), cov over the first three pairs (means 2 and 11/3)
       = (-1 * -5/3 + 0 + 1 * 4/3)/2 = 1.5; sum(C) = 1 + 6.25 + 3 = 10.25,
       off-diagonal mean 1.5; alpha = 4 * 1.5 / 10.25 = 24/41 */
    double pw[] = {1, 2, 2, 4, 3, 5, NAN, 8};
    is_num(coherence_cronbach(pw, 4, 2), 24.0 / 41.0, 1e-15, "alpha, pairwise complete");
}

/*
 * A framework: I <- P1 (a, b, c), P2 (d, e); normalisation none.
 *   a = 1 2 3 4 5, b = 2 4 6 8 10.5 (collinear with a), c = 5 4 3 2 1
 *   (against P1), d = 4 1 5 2 3, e = 2 2 3 3 4.  P1 and P2 correlate at
 *   0.34, d and e at 0.19: only P1's children are collinear.
 */
static void on_result(void)
{
    struct tfw f;
    tfw_init(&f, "I");
    tfw_add(&f, "P1", "I", 1);
    tfw_add(&f, "P2", "I", 1);
    tfw_add(&f, "a", "P1", 1);
    tfw_add(&f, "b", "P1", 1);
    tfw_add(&f, "c", "P1", 1);
    tfw_add(&f, "d", "P2", 1);
    tfw_add(&f, "e", "P2", 1);
    tfw_finish(&f);
    double raw[] = {1, 2, 5, 4, 2,  2, 4, 4, 1, 2,  3, 6, 3, 5, 3,
                    4, 8, 2, 2, 3,  5, 10.5, 1, 3, 4};
    struct compute_input in = tfw_input(&f, 5, raw);
    struct result r;
    char err[256];
    if (!ok(compute_run(&in, &r, err, sizeof err) == 0, "compute_run"))
        printf("# %s\n", err);
    struct coherence c;
    coherence_compute(&r, &c);
    int a = tfw_find(&f, "a"), b = tfw_find(&f, "b"), cc = tfw_find(&f, "c");
    int p1 = tfw_find(&f, "P1"), p2 = tfw_find(&f, "P2"), d = tfw_find(&f, "d");
    is_int(c.n_nodes, 8, "one entry per node");
    ok(isnan(c.node[0].pearson) && c.node[0].parent == -1, "root: no parent correlation");
    /* P1 = (a + b + c)/3 = 8/3 10/3 4 14/3 5.5: increasing like a */
    double p1v[] = {8.0 / 3, 10.0 / 3, 4, 14.0 / 3, 5.5};
    double av[] = {1, 2, 3, 4, 5}, cv[] = {5, 4, 3, 2, 1};
    is_num(c.node[a].pearson, coherence_pearson(av, p1v, 5, NULL), 1e-15, "a with P1");
    is_num(c.node[a].spearman, 1, 1e-15, "a with P1: Spearman 1 (same order)");
    is_num(c.node[cc].spearman, -1, 1e-15, "c with P1: Spearman -1");
    is_num(c.node[cc].pearson, coherence_pearson(cv, p1v, 5, NULL), 1e-15, "c with P1");
    is_int(c.node[cc].negative, 1, "c flagged: negative with its pillar");
    is_int(c.node[a].negative, 0, "a not flagged");
    is_int(c.n_negative, 1, "one negative flag");
    is_int(c.node[a].n, 5, "five units");
    /* pairs: a-b r = 0.9988 (collinear); a-c = -1 (|r| > 0.9: collinear
       too); b-c = -0.9988; d-e 0.19 (not) */
    is_int(c.n_pair, 3, "three collinear sibling pairs in P1");
    ok(c.n_pair == 3 && c.pair[0].a == a && c.pair[0].b == b, "pair 1 is a-b");
    ok(c.n_pair == 3 && c.pair[1].a == a && c.pair[1].b == cc && c.pair[1].r == -1,
       "pair 2 is a-c, r = -1");
    is_int(c.node[d].collinear, 0, "d not collinear with e");
    is_int(c.node[a].collinear, 2, "a collinear with b and c");
    /* alpha of P2 over d, e: var d = 2.5, var e = 0.7, cov = 0.25;
       alpha = 4 * 0.25 / (2.5 + 0.7 + 0.5) = 10/37 */
    is_num(c.node[p2].alpha, 10.0 / 37.0, 1e-15, "alpha of P2 by hand");
    ok(isnan(c.node[a].alpha), "an indicator has no alpha");
    ok(!isnan(c.node[p1].alpha), "P1 has an alpha");
    coherence_release(&c);
    coherence_release(NULL);
    result_release(&r);
}

int main(void)
{
    statistics();
    on_result();
    return tap_done();
}
