/*
 * test_uncertainty.c — the analysis on small frameworks:
 *  - a 3 x 3 case whose rank changes are worked out by hand (drop one
 *    indicator; a Monte Carlo over the drop factor; a factor with no effect
 *    gets sensitivity indices of exactly 0);
 *  - a 12-unit, two-pillar framework (missing values, screening, mean
 *    imputation, min-max, geometric top level): the kernel with the nominal
 *    choices reproduces compute_run exactly, and every alternative choice
 *    reproduces compute_run run with that choice;
 *  - the same results, bit for bit, with 1 and 4 threads;
 *  - errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute.h"
#include "tap.h"
#include "fwbuild.h"
#include "uncertainty.h"

/* ------------------------------------------------------------------------ */
/* The 3 x 3 case                                                           */
/* ------------------------------------------------------------------------ */

/*
 *        i1   i2   i3    mean   rank
 *   A    10    0    5    5      1
 *   B     0    9    3    4      2
 *   C     4    4   3.5   3.83   3
 * without i1: A 2.5, B 6, C 3.75   -> B C A, |shift| 2 1 1, y = 4/3
 * without i2: A 7.5, B 1.5, C 3.75 -> A C B, |shift| 0 1 1, y = 2/3
 * without i3: A 5, B 4.5, C 4      -> A B C, y = 0
 */
static const double small_raw[] = {10, 0, 5, 0, 9, 3, 4, 4, 3.5};

static void small_fw(struct tfw *f)
{
    tfw_init(f, "I");
    tfw_add(f, "i1", "I", 1);
    tfw_add(f, "i2", "I", 1);
    tfw_add(f, "i3", "I", 1);
    tfw_finish(f);
}

/* 0: A B C (no drop or i3), 1: B C A (i1), 2: A C B (i2), -1: other */
static int small_pattern(const int *rk)
{
    if (rk[0] == 1 && rk[1] == 2 && rk[2] == 3)
        return 0;
    if (rk[0] == 3 && rk[1] == 1 && rk[2] == 2)
        return 1;
    if (rk[0] == 1 && rk[1] == 3 && rk[2] == 2)
        return 2;
    return -1;
}

static void small_case(void)
{
    struct tfw f;
    small_fw(&f);
    struct compute_input in = tfw_input(&f, 3, small_raw);
    struct ua_options o;
    ua_options_init(&o);
    o.factors = UA_BIT(UA_DROP);
    o.runs = 400;
    o.threads = 1;
    o.progress = NULL;
    struct uncertainty u;
    char err[256];
    if (!ok(uncertainty_run(&in, NULL, &o, &u, err, sizeof err) == 0, "3x3: run"))
        printf("# %s\n", err);
    is_num(u.nominal_max_diff, 0, 0, "3x3: nominal values reproduced exactly");
    is_int(u.nominal_rank_diff, 0, "3x3: nominal ranks reproduced");
    is_int(u.unit[0].nominal, 1, "3x3: A nominal rank 1");
    is_int(u.unit[2].nominal, 3, "3x3: C nominal rank 3");
    is_int(u.n_ranked, 3, "3x3: three ranked units");
    is_int(u.top_cut, 1, "3x3: top group = rank 1 (q = max(1, 3/4))");
    is_int(u.bottom_cut, 3, "3x3: bottom group = rank 3");
    is_int((long)u.varied, (long)UA_BIT(UA_DROP), "3x3: only the drop factor varied");
    is_int(u.n_choice[UA_DROP], 4, "3x3: none + 3 indicators");
    is_num(u.drop_shift[0], 4.0 / 3, 1e-15, "3x3: without i1 y = 4/3");
    is_num(u.drop_shift[1], 2.0 / 3, 1e-15, "3x3: without i2 y = 2/3");
    is_num(u.drop_shift[2], 0, 0, "3x3: without i3 y = 0");
    int count[3] = {0, 0, 0}, other = 0;
    for (int r = 0; r < u.runs; r++) {
        int p = small_pattern(u.rank + r * 3);
        if (p < 0)
            other++;
        else
            count[p]++;
    }
    is_int(other, 0, "3x3: every replication is one of the three rankings");
    /* 400 draws of 1/4: sd 8.7; 4.6 sd either side */
    ok(count[1] > 60 && count[1] < 140, "3x3: i1 dropped in about 1/4 (%d of 400)", count[1]);
    ok(count[2] > 60 && count[2] < 140, "3x3: i2 dropped in about 1/4 (%d of 400)", count[2]);
    double want = (count[1] * (4.0 / 3) + count[2] * (2.0 / 3)) / 400;
    is_num(u.mean_shift, want, 1e-12, "3x3: mean shift from the rankings drawn");
    is_num(u.unit[0].p_top, (400.0 - count[1]) / 400, 1e-15, "3x3: A in the top group");
    is_num(u.unit[0].p_bottom, count[1] / 400.0, 1e-15, "3x3: A in the bottom group");
    is_num(u.unit[1].p_top, count[1] / 400.0, 1e-15, "3x3: B first only without i1");
    is_int(u.n_sens, 0, "3x3: one factor varied: no sensitivity analysis");
    uncertainty_release(&u);

    /* weights at +-1% cannot reorder these units: their sensitivity indices
       are exactly 0, and the drop factor explains everything */
    ua_options_init(&o);
    o.factors = UA_BIT(UA_DROP) | UA_BIT(UA_WEIGHTS);
    for (int l = 0; l < LEVEL_MAX; l++)
        o.weight_noise[l] = 0.01;
    o.runs = 200;
    o.sa_n = 300;
    o.n_boot = 200;
    o.threads = 2;
    o.progress = NULL;
    if (!ok(uncertainty_run(&in, NULL, &o, &u, err, sizeof err) == 0, "3x3 SA: run"))
        printf("# %s\n", err);
    other = 0;
    for (int r = 0; r < u.runs; r++)
        other += small_pattern(u.rank + r * 3) < 0;
    is_int(other, 0, "3x3 SA: weights at 1% never reorder");
    is_int(u.n_sens, 2, "3x3 SA: two factors");
    is_int(u.sens[0].factor, UA_WEIGHTS, "3x3 SA: factor 1 is the weights");
    is_int(u.sens[1].factor, UA_DROP, "3x3 SA: factor 2 is the drop");
    is_num(u.sens[0].si, 0, 0, "3x3 SA: S(weights) = 0 exactly");
    is_num(u.sens[0].sti, 0, 0, "3x3 SA: ST(weights) = 0 exactly");
    /* yAB_drop = yB, so STi = sum (yA - yB)^2 / (2N var) -> 1 */
    is_num(u.sens[1].sti, 1, 0.15, "3x3 SA: ST(drop) near 1");
    is_num(u.sens[1].si, 1, 0.25, "3x3 SA: S(drop) near 1");
    ok(u.sens[1].sti_q05 <= u.sens[1].sti && u.sens[1].sti <= u.sens[1].sti_q95,
       "3x3 SA: ST(drop) inside its interval");
    is_int(u.sa_n, 300, "3x3 SA: N");
    uncertainty_release(&u);
}

/* ------------------------------------------------------------------------ */
/* The 12-unit framework                                                    */
/* ------------------------------------------------------------------------ */

enum { NU = 12, NI = 6 };
static double big_raw[NU * NI];

static void big_fw(struct tfw *f)
{
    tfw_init(f, "I");
    tfw_add(f, "P1", "I", 2);
    tfw_add(f, "P2", "I", 1);
    tfw_add(f, "a", "P1", 2);
    tfw_add(f, "b", "P1", 1);
    tfw_add(f, "c", "P1", 1);
    tfw_add(f, "d", "P2", 1);
    tfw_add(f, "e", "P2", 3);
    tfw_add(f, "f", "P2", 1);
    tfw_finish(f);
    f->nodes[tfw_find(f, "c")].direction = -1;
    struct steps *s = &f->fw.steps;
    s->order[0] = STEP_SCREEN;
    s->order[1] = STEP_IMPUTE;
    s->order[2] = STEP_NORMALISE;
    s->order[3] = STEP_AGGREGATE;
    s->n = 4;
    s->screen_threshold = 0.6;
    s->impute = IMPUTE_MEAN;
    s->norm = NORM_MINMAX;
    s->agg[2] = AGG_ARITHMETIC;
    s->agg[3] = AGG_GEOMETRIC;
    /* data: a fixed scramble; U03 and U07 miss one value each (imputed),
       U11 misses three of six (screened out at 0.6) */
    for (int u = 0; u < NU; u++)
        for (int j = 0; j < NI; j++)
            big_raw[u * NI + j] = (double)((u * 37 + j * 53 + u * j * 11) % 97) + j;
    big_raw[3 * NI + 1] = NAN;
    big_raw[7 * NI + 4] = NAN;
    big_raw[11 * NI + 0] = big_raw[11 * NI + 2] = big_raw[11 * NI + 5] = NAN;
}

static int ranks_equal(const int *a, const int *b, int n)
{
    return memcmp(a, b, (size_t)n * sizeof *a) == 0;
}

/* Root ranks of compute_run on f, into rk; returns compute_run's status. */
static int nominal_ranks(const struct tfw *f, int *rk)
{
    struct compute_input in = tfw_input(f, NU, big_raw);
    struct result r;
    char err[256];
    int rc = compute_run(&in, &r, err, sizeof err);
    if (rc != 0)
        printf("# compute_run: %s\n", err);
    for (int u = 0; u < NU; u++)
        rk[u] = r.rank[(size_t)u * (size_t)f->fw.n_nodes + (size_t)f->fw.root];
    result_release(&r);
    return rc;
}

/*
 * Run the analysis of f varying only `factor`, and check that every
 * replication's ranking is either the nominal one or alt_rank (compute_run
 * with the alternative), and that both occur.
 */
static void against_compute(const struct tfw *f, enum ua_factor factor, enum agg_method agg_alt,
                            const int *alt_rank, const char *what)
{
    int nom[NU];
    nominal_ranks(f, nom);
    ok(!ranks_equal(nom, alt_rank, NU), "%s: the alternative changes the ranking", what);
    struct compute_input in = tfw_input(f, NU, big_raw);
    struct ua_options o;
    ua_options_init(&o);
    o.factors = UA_BIT(factor);
    /* one alternative each: the one alt_rank was computed with */
    o.norm_alt[0] = NORM_ZSCORE;
    o.agg_alt[0] = agg_alt;
    o.impute_alt[0] = IMPUTE_NONE;
    o.n_norm_alt = o.n_agg_alt = o.n_impute_alt = 1;
    o.runs = 64;
    o.threads = 2;
    o.progress = NULL;
    struct uncertainty u;
    char err[256];
    if (!ok(uncertainty_run(&in, NULL, &o, &u, err, sizeof err) == 0, "%s: run", what)) {
        printf("# %s\n", err);
        return;
    }
    is_int(u.n_choice[factor], 2, what);
    int n_nom = 0, n_alt = 0, other = 0;
    for (int r = 0; r < u.runs; r++) {
        const int *rk = u.rank + r * NU;
        if (ranks_equal(rk, nom, NU))
            n_nom++;
        else if (ranks_equal(rk, alt_rank, NU))
            n_alt++;
        else
            other++;
    }
    ok(other == 0 && n_nom > 0 && n_alt > 0,
       "%s: each replication is compute_run's ranking for its choice (%d nominal, %d "
       "alternative, %d other)", what, n_nom, n_alt, other);
    uncertainty_release(&u);
}

static void big_case(void)
{
    struct tfw f;
    big_fw(&f);
    int nom[NU];
    is_int(nominal_ranks(&f, nom), 0, "12u: compute_run succeeds");
    is_int(nom[11], 0, "12u: U11 is screened out");

    /* every factor, with a sensitivity analysis */
    struct compute_input in = tfw_input(&f, NU, big_raw);
    struct ua_options o;
    ua_options_init(&o);
    o.runs = 300;
    o.sa_n = 100;
    o.n_boot = 100;
    o.threads = 1;
    o.progress = NULL;
    struct uncertainty u1, u4;
    char err[256];
    if (!ok(uncertainty_run(&in, NULL, &o, &u1, err, sizeof err) == 0, "12u: run, 1 thread"))
        printf("# %s\n", err);
    is_num(u1.nominal_max_diff, 0, 0, "12u: kernel = compute_run on every node, exactly");
    is_int(u1.nominal_rank_diff, 0, "12u: nominal ranks reproduced");
    is_int((long)u1.varied, (long)UA_ALL_FACTORS, "12u: all five factors varied");
    /* the framework normalises by min-max already: that alternative is dropped */
    is_int(u1.n_choice[UA_NORM], 2, "12u: normalisation: own (minmax), zscore");
    is_int(u1.choice[UA_NORM][1], NORM_ZSCORE, "12u: the alternative is zscore");
    is_int(u1.n_choice[UA_AGG], 3, "12u: aggregation: own, arithmetic, geometric");
    is_int(u1.n_choice[UA_IMPUTE], 2, "12u: imputation: own (mean), none");
    is_int(u1.n_sens, 5, "12u: five sensitivity indices");
    is_int(u1.n_ranked, 11, "12u: 11 ranked units");
    is_int(u1.top_cut, 2, "12u: top group ranks 1-2");
    is_int(u1.bottom_cut, 10, "12u: bottom group ranks 10-11");
    int bad = 0, zero_u11 = 1;
    for (int r = 0; r < u1.runs; r++) {
        for (int u = 0; u < 11; u++)
            bad += u1.rank[r * NU + u] < 1 || u1.rank[r * NU + u] > 11;
        zero_u11 &= u1.rank[r * NU + 11] == 0;
    }
    is_int(bad, 0, "12u: every included unit ranked 1..11 in every replication "
           "(z-scores with the geometric mean translated)");
    ok(zero_u11, "12u: the screened unit stays out of every replication");
    is_int(u1.unit[11].n, 0, "12u: no statistics for the screened unit");
    int order[NU], n_ord = uncertainty_ranked_units(&u1, order), sorted = 1;
    is_int(n_ord, 11, "12u: ranked units listed");
    for (int i = 0; i < n_ord; i++)
        sorted &= u1.unit[order[i]].nominal == nom[order[i]] &&
                  (i == 0 || nom[order[i - 1]] <= nom[order[i]]);
    ok(sorted, "12u: listed best first, with their nominal ranks");
    for (int i = 0; i < u1.n_sens; i++)
        ok(u1.sens[i].sti >= 0, "12u: ST(%s) >= 0", ua_factor_name(u1.sens[i].factor));
    ok(u1.mean_shift > 0, "12u: the ranking moves (mean shift %.3f)", u1.mean_shift);

    o.threads = 4;
    if (!ok(uncertainty_run(&in, NULL, &o, &u4, err, sizeof err) == 0, "12u: run, 4 threads"))
        printf("# %s\n", err);
    is_int(u4.threads, 4, "12u: 4 threads used");
    ok(memcmp(u1.rank, u4.rank, (size_t)u1.runs * NU * sizeof *u1.rank) == 0,
       "12u: ranks bit-identical with 1 and 4 threads");
    ok(memcmp(u1.shift, u4.shift, (size_t)u1.runs * sizeof *u1.shift) == 0,
       "12u: shifts bit-identical");
    ok(memcmp(u1.sa_y, u4.sa_y, (size_t)u1.sa_n * 7 * sizeof *u1.sa_y) == 0,
       "12u: SA outputs bit-identical");
    ok(memcmp(u1.sens, u4.sens, sizeof u1.sens) == 0, "12u: sensitivity indices bit-identical");
    ok(memcmp(u1.unit, u4.unit, NU * sizeof *u1.unit) == 0, "12u: unit statistics bit-identical");
    ok(memcmp(u1.drop_shift, u4.drop_shift, NI * sizeof *u1.drop_shift) == 0,
       "12u: drop-one shifts bit-identical");
    uncertainty_release(&u4);

    /* the matrices made one at a time (as for a large round), the
       replications on 4 threads: the same results */
    size_t was = uncertainty_matrix_bytes;
    uncertainty_matrix_bytes = 1;
    if (!ok(uncertainty_run(&in, NULL, &o, &u4, err, sizeof err) == 0,
            "12u: run, 4 threads, matrices one at a time"))
        printf("# %s\n", err);
    uncertainty_matrix_bytes = was;
    ok(memcmp(u1.rank, u4.rank, (size_t)u1.runs * NU * sizeof *u1.rank) == 0 &&
       memcmp(u1.sa_y, u4.sa_y, (size_t)u1.sa_n * 7 * sizeof *u1.sa_y) == 0 &&
       memcmp(u1.drop_shift, u4.drop_shift, NI * sizeof *u1.drop_shift) == 0,
       "12u: matrices made one at a time: ranks, SA outputs, drop-one bit-identical");
    uncertainty_release(&u4);

    o.seed = 1;
    if (!ok(uncertainty_run(&in, NULL, &o, &u4, err, sizeof err) == 0, "12u: run, seed 1"))
        printf("# %s\n", err);
    ok(memcmp(u1.rank, u4.rank, (size_t)u1.runs * NU * sizeof *u1.rank) != 0,
       "12u: another seed gives other replications");
    uncertainty_release(&u4);

    /* drop one indicator: y against compute_run on the tree without it, with
       the unit set held (U11, which misses a, c and f, would pass the 0.6
       screen with one of them removed) */
    char *u11 = (char *)"U11";
    const char *ind[NI] = {"a", "b", "c", "d", "e", "f"};
    for (int j = 0; j < NI; j++) {
        struct tfw g;
        tfw_init(&g, "I");
        tfw_add(&g, "P1", "I", 2);
        tfw_add(&g, "P2", "I", 1);
        double wt[NI] = {2, 1, 1, 1, 3, 1};
        double raw[NU * (NI - 1)];
        for (int k = 0, c = 0; k < NI; k++) {
            if (k == j)
                continue;
            tfw_add(&g, ind[k], k < 3 ? "P1" : "P2", wt[k]);
            for (int u = 0; u < NU; u++)
                raw[u * (NI - 1) + c] = big_raw[u * NI + k];
            c++;
        }
        tfw_finish(&g);
        if (j != 2)
            g.nodes[tfw_find(&g, "c")].direction = -1;
        g.fw.steps = f.fw.steps;
        g.fw.steps.force_exclude = &u11;
        g.fw.steps.n_force_exclude = 1;
        struct compute_input gin = tfw_input(&g, NU, raw);
        struct result r;
        compute_run(&gin, &r, err, sizeof err);
        double s = 0;
        int n = 0;
        for (int u = 0; u < NU; u++) {
            int a = r.rank[(size_t)u * (size_t)g.fw.n_nodes + (size_t)g.fw.root];
            if (a > 0 && nom[u] > 0) {
                s += abs(a - nom[u]);
                n++;
            }
        }
        result_release(&r);
        is_num(u1.drop_shift[j], s / n, 1e-12, "12u: drop-one shift matches compute_run");
    }
    uncertainty_release(&u1);

    /* each alternative against compute_run with that alternative */
    int alt[NU];
    struct tfw g = f;
    g.fw.nodes = g.nodes;
    g.fw.steps.agg[3] = AGG_ARITHMETIC;
    nominal_ranks(&g, alt);
    against_compute(&f, UA_AGG, AGG_ARITHMETIC, alt, "12u aggregation arithmetic");

    /* z-scores need an arithmetic top level in compute_run */
    struct tfw h = f;
    h.fw.nodes = h.nodes;
    h.fw.steps.agg[3] = AGG_ARITHMETIC;
    g = h;
    g.fw.nodes = g.nodes;
    g.fw.steps.norm = NORM_ZSCORE;
    nominal_ranks(&g, alt);
    against_compute(&h, UA_NORM, AGG_ARITHMETIC, alt, "12u normalisation zscore");

    /* the geometric mean of indicators from the cached logarithms
       (uncertainty.c, kernel_logs): min-max gives every indicator a 0, so
       the units with a zero child take the zero shift */
    g = h;
    g.fw.nodes = g.nodes;
    g.fw.steps.agg[2] = AGG_GEOMETRIC;
    g.fw.steps.agg[3] = AGG_GEOMETRIC;
    nominal_ranks(&g, alt);
    against_compute(&h, UA_AGG, AGG_GEOMETRIC, alt, "12u aggregation geometric, every level");

    g = f;
    g.fw.nodes = g.nodes;
    g.fw.steps.impute = IMPUTE_NONE;
    nominal_ranks(&g, alt);
    against_compute(&f, UA_IMPUTE, AGG_ARITHMETIC, alt, "12u imputation none");
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

static void errors(void)
{
    struct tfw f;
    small_fw(&f);
    struct compute_input in = tfw_input(&f, 3, small_raw);
    struct ua_options o;
    ua_options_init(&o);
    o.progress = NULL;
    struct uncertainty u;
    char err[256];
    o.runs = -1;
    is_int(uncertainty_run(&in, NULL, &o, &u, err, sizeof err), -1, "runs -1 refused");
    is_str(err, "uncertainty: runs = -1 (expected >= 0)", "runs -1: message");
    o.runs = 10;
    o.weight_noise[2] = 1;
    is_int(uncertainty_run(&in, NULL, &o, &u, err, sizeof err), -1, "noise 1 refused");
    is_str(err, "uncertainty: weight noise 1 at level 2 (expected a fraction in [0, 1))",
           "noise 1: message");
    o.weight_noise[2] = 0.25;
    f.fw.steps.n = 1;          /* normalise only */
    is_int(uncertainty_run(&in, NULL, &o, &u, err, sizeof err), -1, "no aggregate refused");
    is_str(err, "uncertainty: framework 'T' has no aggregate step, so there is no index to "
           "analyse", "no aggregate: message");
    f.fw.steps.n = 2;
    f.fw.steps.norm = NORM_GOALPOSTS;   /* no goalposts: compute_run fails */
    is_int(uncertainty_run(&in, NULL, &o, &u, err, sizeof err), -1, "failing nominal refused");
    ok(strncmp(err, "uncertainty: the nominal computation failed: ", 45) == 0,
       "failing nominal: message (%s)", err);

    /* zero runs: no Monte Carlo statistics, the rest still runs */
    f.fw.steps.norm = NORM_NONE;
    o.runs = 0;
    o.sa_n = 0;
    if (!ok(uncertainty_run(&in, NULL, &o, &u, err, sizeof err) == 0, "zero runs"))
        printf("# %s\n", err);
    ok(u.unit[0].n == 0 && isnan(u.unit[0].median) && isnan(u.mean_shift),
       "zero runs: statistics NAN");
    is_num(u.drop_shift[0], 4.0 / 3, 1e-15, "zero runs: drop-one still computed");
    uncertainty_release(&u);
    uncertainty_release(NULL);
}

int main(void)
{
    small_case();
    big_case();
    errors();
    return tap_done();
}
