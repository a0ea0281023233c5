/*
 * test_compute.c — every step of the engine on small cases worked out by hand
 * (the arithmetic is in the comment above each check).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compute.h"
#include "fwbuild.h"
#include "numfmt.h"
#include "tap.h"

#define round_published(x) round_decimals((x), 1)
#define CELL(r, u, j) ((size_t)(u) * (size_t)(r).n_ind + (size_t)(j))

/* A flat framework: root "I" over indicators a, b, c, d (as many as n). */
static void flat(struct tfw *t, int n)
{
    static const char *codes[] = {"a", "b", "c", "d", "e", "f"};
    tfw_init(t, "I");
    for (int i = 0; i < n; i++)
        tfw_add(t, codes[i], "I", 1);
    tfw_finish(t);
}

/* ------------------------------------------------------------------------ */

static void test_ranks_maturity(void)
{
    /* ranks: higher is better, ties share the minimum rank, NAN unranked */
    const double v[] = {50, 70, 70, NAN, 10};
    int rk[5];
    compute_ranks(v, 5, rk);
    ok(rk[0] == 3 && rk[1] == 1 && rk[2] == 1 && rk[3] == 0 && rk[4] == 4,
       "ranks 50 70 70 NA 10 -> 3 1 1 0 4 (got %d %d %d %d %d)", rk[0], rk[1], rk[2], rk[3],
       rk[4]);

    struct maturity m;
    memset(&m, 0, sizeof m);
    m.n = 5;
    m.threshold[0] = 20;
    m.threshold[1] = 40;
    m.threshold[2] = 60;
    m.threshold[3] = 80;
    is_int(maturity_level(&m, 40), 2, "maturity: 40 is on a threshold -> the upper level 2");
    is_int(maturity_level(&m, 39.999999), 1, "maturity: just below 40 -> level 1");
    is_int(maturity_level(&m, 0), 0, "maturity: 0 -> level 0");
    is_int(maturity_level(&m, -5), 0, "maturity: below the scale -> level 0");
    is_int(maturity_level(&m, 80), 4, "maturity: 80 -> top level 4");
    is_int(maturity_level(&m, 100), 4, "maturity: 100 -> level 4");
    is_int(maturity_level(&m, NAN), -1, "maturity: NAN -> -1");
    m.n = 0;
    is_int(maturity_level(&m, 50), -1, "maturity: no levels -> -1");
}

/* ------------------------------------------------------------------------ */

/* Ranks and levels on the published precision (issue 19): values printed
   alike share the best rank, as the UN ranks the EGDI. */
static void test_published_ranks(void)
{
    struct tfw t;
    flat(&t, 1);
    t.fw.rank_rounded = 1;
    t.fw.rank_decimals = 1;
    /* MINEX and SVET: equal at print precision, one bit apart */
    const double minex = 47.22222222222221, svet = 47.222222222222214;
    ok(minex != svet && minex < svet, "MINEX < SVET in the last bit");
    const double v[] = {minex, svet, 50, 47.15, nextafter(47.25, 0), NAN, 47.2};
    int rk[7];
    compute_ranks_published(&t.fw, v, 7, rk);
    ok(rk[2] == 1 && rk[4] == 2 && rk[0] == 3 && rk[1] == 3 && rk[3] == 3 && rk[6] == 3 &&
           rk[5] == 0,
       "47.2 x4 share rank 3 after 50 and 47.3 (got %d %d %d %d %d %d %d)", rk[0], rk[1],
       rk[2], rk[3], rk[4], rk[5], rk[6]);
    t.fw.rank_rounded = 0;
    compute_ranks_published(&t.fw, v, 7, rk);
    ok(rk[1] == 3 && rk[0] == 4, "decimals = full: SVET 3, MINEX 4 (got %d, %d)", rk[1], rk[0]);
    t.fw.rank_rounded = 1;

    /* the definition on many values: 1 + the number strictly greater, rounded */
    double w[200];
    int rw[200], bad = 0;
    unsigned seed = 19;
    for (int i = 0; i < 200; i++) {
        seed = seed * 1103515245u + 12345u;
        w[i] = 40 + (seed >> 8) % 1000 / 97.0;   /* many equal at 1 decimal */
    }
    compute_ranks_published(&t.fw, w, 200, rw);
    for (int i = 0; i < 200; i++) {
        int greater = 0;
        for (int k = 0; k < 200; k++)
            greater += round_published(w[k]) > round_published(w[i]);
        bad += rw[i] != 1 + greater;
    }
    is_int(bad, 0, "200 values: rank = 1 + count of rounded values strictly greater");

    /* the engine ranks and levels what it publishes */
    t.fw.maturity.n = 2;
    t.fw.maturity.threshold[0] = 47.2;
    t.fw.maturity.rounded = 1;
    t.fw.maturity.decimals = 1;
    const double raw[] = {minex, svet, 47.16, 47.14};
    struct result r;
    char err[256];
    ok(tfw_run(&t, 4, raw, &r, err, sizeof err) == 0, "run");
    int root = t.fw.root, nn = t.fw.n_nodes;
    is_num(r.value[0 * nn + root], minex, 0, "MINEX's index is its value, unrounded");
    ok(r.rank[0 * nn + root] == 1 && r.rank[1 * nn + root] == 1 && r.rank[2 * nn + root] == 1 &&
           r.rank[3 * nn + root] == 4,
       "47.2, 47.2, 47.2 share rank 1; 47.1 is 4th");
    ok(r.maturity[0] == 1 && r.maturity[2] == 1 && r.maturity[3] == 0,
       "threshold 47.2, boundary upper: 47.16 (47.2) is up, 47.14 (47.1) is down");
    result_release(&r);
    t.fw.maturity.boundary_lower = 1;
    tfw_run(&t, 4, raw, &r, err, sizeof err);
    ok(r.maturity[0] == 0 && r.maturity[1] == 0 && r.maturity[2] == 0,
       "boundary lower: 47.2 exactly on the threshold stays below (Very High > 0.75)");
    result_release(&r);
}

/* An institution nobody answered for is left out unless the framework says
   otherwise; scoring's flags reach the result. */
static void test_unanswered(void)
{
    struct tfw t;
    flat(&t, 2);
    t.fw.steps.order[0] = STEP_IMPUTE;
    t.fw.steps.order[1] = STEP_NORMALISE;
    t.fw.steps.order[2] = STEP_AGGREGATE;
    t.fw.steps.n = 3;
    t.fw.steps.impute = IMPUTE_ZERO;
    t.fw.steps.exclude_unanswered = 1;
    const double raw[] = {10, 20, NAN, NAN, 30, NAN};
    const unsigned flags[] = {0, FLAG_NO_EVIDENCE, 0, 0, 0, 0};
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &t.fw;
    in.n_units = 3;
    in.unit_code = tfw_units;
    in.raw = raw;
    in.flags = flags;
    struct result r;
    char err[256];
    ok(compute_run(&in, &r, err, sizeof err) == 0, "run");
    int nn = t.fw.n_nodes, root = t.fw.root;
    ok(r.included[0] && !r.included[1] && r.included[2], "U1 (no answers) is left out");
    ok((r.flags[CELL(r, 1, 0)] & (FLAG_NO_ANSWERS | FLAG_SCREENED)) ==
           (FLAG_NO_ANSWERS | FLAG_SCREENED),
       "its cells say why");
    ok(isnan(r.value[1 * nn + root]) && r.rank[1 * nn + root] == 0, "no score, no rank");
    ok(r.flags[CELL(r, 0, 1)] & FLAG_NO_EVIDENCE, "scoring's FLAG_NO_EVIDENCE reaches the result");
    ok(r.rank[0 * nn + root] == 1 && r.rank[2 * nn + root] == 1, "U0 (10, 20) and U2 (30, imputed 0) tie at 15");
    is_int(r.n_warning, 1, "one warning");
    is_str(r.n_warning ? r.warning[0] : NULL,
           "1 institution without any answer or value is left out of the index (no score, no "
           "rank): U1 (set [aggregate] no_answers = include in framework.ini to compute it from "
           "imputed values)",
           "the warning names it and the setting");
    result_release(&r);

    t.fw.steps.exclude_unanswered = 0;   /* no_answers = include */
    compute_run(&in, &r, err, sizeof err);
    ok(r.included[1] && r.value[1 * nn + root] == 0 && r.rank[1 * nn + root] == 3,
       "include: U1 is imputed 0 and ranked last");
    is_int(r.n_warning, 0, "include: no warning");
    result_release(&r);
}

/* ------------------------------------------------------------------------ */

static void test_normalisation(void)
{
    struct tfw t;
    struct result r;
    char err[256];
    flat(&t, 1);
    int a = tfw_find(&t, "a");

    /* min-max, 0..100: x = 2 4 6 10, min 2, max 10:
       (x - 2)/8*100 = 0 25 50 100 */
    const double x1[] = {2, 4, 6, 10};
    t.fw.steps.norm = NORM_MINMAX;
    is_int(tfw_run(&t, 4, x1, &r, err, sizeof err), 0, "minmax runs");
    ok(r.normalised[0] == 0 && r.normalised[1] == 25 && r.normalised[2] == 50 &&
           r.normalised[3] == 100,
       "minmax 2 4 6 10 -> 0 25 50 100");
    is_num(r.norm[0].p1, 2, 0, "minmax p1 = min");
    is_num(r.norm[0].p2, 10, 0, "minmax p2 = max");
    result_release(&r);

    /* direction -1: x*d = -2 -4 -6 -10, min -10, max -2:
       (-2 + 10)/8*100 = 100, (-4 + 10)/8*100 = 75, 50, 0 */
    t.nodes[a].direction = -1;
    tfw_run(&t, 4, x1, &r, err, sizeof err);
    ok(r.normalised[0] == 100 && r.normalised[1] == 75 && r.normalised[2] == 50 &&
           r.normalised[3] == 0,
       "minmax with direction -1 -> 100 75 50 0");
    result_release(&r);
    t.nodes[a].direction = 1;

    /* min-max onto 1..10: (x - 2)/8*9 + 1 = 1, 3.25, 5.5, 10 */
    t.fw.steps.norm_lower = 1;
    t.fw.steps.norm_upper = 10;
    tfw_run(&t, 4, x1, &r, err, sizeof err);
    ok(r.normalised[0] == 1 && r.normalised[1] == 3.25 && r.normalised[2] == 5.5 &&
           r.normalised[3] == 10,
       "minmax onto 1..10 -> 1 3.25 5.5 10");
    result_release(&r);
    t.fw.steps.norm_lower = 0;
    t.fw.steps.norm_upper = 100;

    /* range 0: NAN and a warning */
    const double same[] = {3, 3, 3};
    is_int(tfw_run(&t, 3, same, &r, err, sizeof err), 0, "minmax of a constant runs");
    ok(isnan(r.normalised[0]) && isnan(r.normalised[2]), "minmax of a constant is NAN");
    is_int(r.n_warning, 1, "one warning");
    is_str(r.n_warning ? r.warning[0] : NULL,
           "normalise: indicator 'a' has the same value (3) for every unit; min-max gives "
           "no value",
           "constant-indicator warning text");
    result_release(&r);

    /* z-score: 2 4 6 8, mean 5, sd sqrt(20/3) = 2.5819889:
       -3/2.58199 = -1.161895, -1/2.58199 = -0.387298, 0.387298, 1.161895 */
    const double x2[] = {2, 4, 6, 8};
    t.fw.steps.norm = NORM_ZSCORE;
    tfw_run(&t, 4, x2, &r, err, sizeof err);
    is_num(r.normalised[0], -3 / sqrt(20.0 / 3), 1e-15, "zscore of 2 = -1.161895");
    is_num(r.normalised[1], -1 / sqrt(20.0 / 3), 1e-15, "zscore of 4 = -0.387298");
    is_num(r.normalised[3], 3 / sqrt(20.0 / 3), 1e-15, "zscore of 8 = 1.161895");
    is_num(r.norm[0].p1, 5, 0, "zscore p1 = mean 5");
    result_release(&r);

    /* goalposts 0..5: x = -1 2.5 5 7 -> y = -0.2 (clip 0), 0.5, 1, 1.4 (clip 1)
       -> 0 50 100 100, FLAG_CLIPPED on the first and the last */
    const double x3[] = {-1, 2.5, 5, 7};
    t.fw.steps.norm = NORM_GOALPOSTS;
    t.nodes[a].lower = 0;
    t.nodes[a].upper = 5;
    tfw_run(&t, 4, x3, &r, err, sizeof err);
    ok(r.normalised[0] == 0 && r.normalised[1] == 50 && r.normalised[2] == 100 &&
           r.normalised[3] == 100,
       "goalposts 0..5: -1 2.5 5 7 -> 0 50 100 100");
    ok((r.flags[0] & FLAG_CLIPPED) && !(r.flags[1] & FLAG_CLIPPED) &&
           !(r.flags[2] & FLAG_CLIPPED) && (r.flags[3] & FLAG_CLIPPED),
       "goalposts: clipped flags on -1 and 7 only (5 is on the goalpost)");
    result_release(&r);
    /* direction -1: y = (5 - x)/5 = 1.2 (clip 1), 0.5, 0, -0.4 (clip 0) */
    t.nodes[a].direction = -1;
    tfw_run(&t, 4, x3, &r, err, sizeof err);
    ok(r.normalised[0] == 100 && r.normalised[1] == 50 && r.normalised[2] == 0 &&
           r.normalised[3] == 0,
       "goalposts reversed: -1 2.5 5 7 -> 100 50 0 0");
    result_release(&r);
    t.nodes[a].direction = 1;
    /* goalposts missing: an error naming the indicator */
    t.nodes[a].upper = NAN;
    is_int(tfw_run(&t, 4, x3, &r, err, sizeof err), -1, "goalposts without upper fails");
    is_str(err, "normalise: indicator 'a' needs two different goalposts (lower 0, upper nan)",
           "goalposts error text");
    ok(isnan(r.normalised[1]), "failed indicator left NAN, not unnormalised");
    result_release(&r);

    /* distance to target 8: x/8 capped at 1 -> 25 50 100 100 (10 clipped) */
    const double x4[] = {2, 4, 8, 10};
    t.fw.steps.norm = NORM_DIST_TARGET;
    t.nodes[a].target = 8;
    tfw_run(&t, 4, x4, &r, err, sizeof err);
    ok(r.normalised[0] == 25 && r.normalised[1] == 50 && r.normalised[2] == 100 &&
           r.normalised[3] == 100 && (r.flags[3] & FLAG_CLIPPED) && !(r.flags[2] & FLAG_CLIPPED),
       "dist_target 8: 2 4 8 10 -> 25 50 100 100, 10 clipped");
    result_release(&r);
    /* direction -1, target 2: x <= 2 -> 1; else 2/x: 1 2 4 8 -> 100 100 50 25 */
    const double x5[] = {1, 2, 4, 8};
    t.nodes[a].direction = -1;
    t.nodes[a].target = 2;
    tfw_run(&t, 4, x5, &r, err, sizeof err);
    ok(r.normalised[0] == 100 && r.normalised[1] == 100 && r.normalised[2] == 50 &&
           r.normalised[3] == 25,
       "dist_target 2, lower is better: 1 2 4 8 -> 100 100 50 25");
    result_release(&r);
    t.nodes[a].direction = 1;
    /* distance to reference 8: x/8 not capped -> 25 50 100 125 */
    t.fw.steps.norm = NORM_DIST_REF;
    t.nodes[a].target = 8;
    tfw_run(&t, 4, x4, &r, err, sizeof err);
    ok(r.normalised[0] == 25 && r.normalised[1] == 50 && r.normalised[2] == 100 &&
           r.normalised[3] == 125,
       "dist_ref 8: 2 4 8 10 -> 25 50 100 125");
    result_release(&r);
    /* no target: error */
    t.nodes[a].target = NAN;
    is_int(tfw_run(&t, 4, x4, &r, err, sizeof err), -1, "dist_ref without a target fails");
    is_str(err, "normalise: indicator 'a' uses dist_ref but has no target", "no-target text");
    result_release(&r);

    /* distance to maximum: x/10 -> 20 40 80 100; reversed: min/x = 2/x -> 100 50 25 20 */
    t.fw.steps.norm = NORM_DIST_MAX;
    tfw_run(&t, 4, x4, &r, err, sizeof err);
    ok(r.normalised[0] == 20 && r.normalised[1] == 40 && r.normalised[2] == 80 &&
           r.normalised[3] == 100,
       "dist_max: 2 4 8 10 -> 20 40 80 100");
    result_release(&r);
    t.nodes[a].direction = -1;
    tfw_run(&t, 4, x4, &r, err, sizeof err);
    ok(r.normalised[0] == 100 && r.normalised[1] == 50 && r.normalised[2] == 25 &&
           r.normalised[3] == 20,
       "dist_max reversed: 2 4 8 10 -> 100 50 25 20");
    result_release(&r);
    t.nodes[a].direction = 1;

    /* percentile rank: 3 1 3 5 -> min ranks 2 1 2 4 -> (r-1)/3 -> 33.3 0 33.3 100 */
    const double x6[] = {3, 1, 3, 5};
    t.fw.steps.norm = NORM_PRANK;
    tfw_run(&t, 4, x6, &r, err, sizeof err);
    is_num(r.normalised[0], 100.0 / 3, 1e-13, "prank of 3 = 33.33");
    ok(r.normalised[1] == 0 && r.normalised[3] == 100 && r.normalised[2] == r.normalised[0],
       "prank 1 -> 0, 5 -> 100, ties equal");
    result_release(&r);
    /* rank: 2 1 2 4 */
    t.fw.steps.norm = NORM_RANK;
    tfw_run(&t, 4, x6, &r, err, sizeof err);
    ok(r.normalised[0] == 2 && r.normalised[1] == 1 && r.normalised[2] == 2 &&
           r.normalised[3] == 4,
       "rank 3 1 3 5 -> 2 1 2 4");
    result_release(&r);
    /* none with direction -1 keeps x*d, as COINr */
    t.fw.steps.norm = NORM_NONE;
    t.nodes[a].direction = -1;
    tfw_run(&t, 4, x6, &r, err, sizeof err);
    ok(r.normalised[0] == -3 && r.normalised[3] == -5, "none, direction -1: x*d");
    result_release(&r);
    t.nodes[a].direction = 1;

    /* an indicator's own method overrides the default */
    t.fw.steps.norm = NORM_RANK;
    t.nodes[a].norm_set = 1;
    t.nodes[a].norm = NORM_MINMAX;
    is_int(compute_node_norm(&t.fw, a), NORM_MINMAX, "node override wins");
    tfw_run(&t, 4, x1, &r, err, sizeof err);
    ok(r.normalised[1] == 25, "override used: minmax of 4 = 25");
    result_release(&r);
}

/* ------------------------------------------------------------------------ */

static void test_denominate_screen(void)
{
    struct tfw t;
    struct result r;
    char err[256];
    flat(&t, 1);
    int a = tfw_find(&t, "a");
    t.nodes[a].denominator = (char *)"POP";
    t.nodes[a].scale_factor = 100;
    t.fw.steps.order[0] = STEP_DENOMINATE;
    t.fw.steps.order[1] = STEP_AGGREGATE;
    /* x / (d / 100): 10/(4/100) = 250; NAN denominator -> NAN;
       denominator 0 -> NAN with a warning */
    const double raw[] = {10, 10, 10};
    const double den[] = {4, NAN, 0};
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &t.fw;
    in.n_units = 3;
    in.unit_code = tfw_units;
    in.raw = raw;
    in.denom = den;
    is_int(compute_run(&in, &r, err, sizeof err), 0, "denominate runs");
    is_num(r.denominated[0], 250, 0, "10/(4/100) = 250");
    ok(isnan(r.denominated[1]), "NAN denominator -> NAN");
    ok(isnan(r.denominated[2]), "zero denominator -> NAN");
    is_str(r.n_warning ? r.warning[0] : NULL,
           "indicator 'a', unit 'U2': denominator 'POP' is 0; value treated as missing",
           "zero denominator warning");
    is_num(r.raw[0], 10, 0, "raw stage kept");
    is_num(tfw_value(&t, &r, 0, "I"), 250, 0, "index = the only indicator");
    result_release(&r);
    in.denom = NULL;
    is_int(compute_run(&in, &r, err, sizeof err), -1, "denominator values missing");
    is_str(err, "indicator 'a' is divided by 'POP' but no denominator values were given",
           "missing denominators text");
    result_release(&r);

    /* screening, threshold 0.75 over 4 indicators:
       U0 4/4 kept, U1 3/4 = 0.75 kept (equal), U2 2/4 excluded, U3 0/4 excluded */
    flat(&t, 4);
    t.fw.steps.order[0] = STEP_SCREEN;
    t.fw.steps.order[1] = STEP_AGGREGATE;
    t.fw.steps.screen_threshold = 0.75;
    const double m[] = {
        1, 2, 3, 4,          /* U0 */
        1, NAN, 3, 4,        /* U1 */
        NAN, 2, NAN, 4,      /* U2 */
        NAN, NAN, NAN, NAN,  /* U3 */
    };
    tfw_run(&t, 4, m, &r, err, sizeof err);
    ok(r.included[0] && r.included[1] && !r.included[2] && !r.included[3],
       "screen 0.75: U0, U1 kept; U2, U3 excluded");
    ok((r.flags[CELL(r, 2, 1)] & FLAG_SCREENED) && !(r.flags[CELL(r, 1, 1)] & FLAG_SCREENED),
       "screened flag on excluded units only");
    ok(isnan(tfw_value(&t, &r, 2, "I")) && isnan(tfw_value(&t, &r, 2, "b")),
       "excluded unit has no values");
    is_int(r.rank[2 * t.fw.n_nodes + t.fw.root], 0, "excluded unit has no rank");
    /* U0: (1+2+3+4)/4 = 2.5; U1: (1+3+4)/3 = 2.6667 -> U1 first */
    is_int(r.rank[1 * t.fw.n_nodes + t.fw.root], 1, "U1 ranks first (8/3 > 2.5)");
    is_num(r.raw[CELL(r, 2, 1)], 2, 0, "raw stage of an excluded unit keeps its data");
    result_release(&r);

    /* forced in and out, and an unknown code */
    char *inc[] = {(char *)"U2"};
    char *exc[] = {(char *)"U0", (char *)"NOPE"};
    t.fw.steps.force_include = inc;
    t.fw.steps.n_force_include = 1;
    t.fw.steps.force_exclude = exc;
    t.fw.steps.n_force_exclude = 2;
    tfw_run(&t, 4, m, &r, err, sizeof err);
    ok(!r.included[0] && r.included[1] && r.included[2] && !r.included[3],
       "force: U0 out despite full data, U2 in despite 2/4");
    /* U2 keeps its values: (2+4)/2 = 3 */
    is_num(tfw_value(&t, &r, 2, "I"), 3, 0, "forced-in U2 index = (2+4)/2");
    is_int(r.n_warning, 2, "unknown force code warned, and U1, U2 short of children");
    is_str(r.n_warning ? r.warning[0] : NULL,
           "screen: force_exclude 'NOPE' is not one of the units", "unknown code text");
    is_str(r.n_warning > 1 ? r.warning[1] : NULL,
           "aggregate 'I' (4 children) computed from fewer children for 2 units: U1 3 of 4, "
           "U2 2 of 4 (the children with data, weights renormalised; [aggregate] threshold "
           "sets the least fraction)",
           "aggregates missing a child are said aloud, with counts");
    is_int(r.n_children[1 * t.fw.n_nodes + t.fw.root], 3, "U1: I from 3 children");
    is_int(r.n_children[2 * t.fw.n_nodes + t.fw.root], 2, "U2: I from 2 children");
    is_int(r.n_children[0 * t.fw.n_nodes + t.fw.root], 0, "U0 excluded: none");
    result_release(&r);
}

/* ------------------------------------------------------------------------ */

static void test_impute(void)
{
    struct tfw t;
    struct result r;
    char err[256];
    flat(&t, 1);
    t.fw.steps.order[0] = STEP_IMPUTE;
    t.fw.steps.order[1] = STEP_AGGREGATE;
    const double x[] = {1, NAN, 3, 8};

    /* mean of 1 3 8 = 4 */
    t.fw.steps.impute = IMPUTE_MEAN;
    tfw_run(&t, 4, x, &r, err, sizeof err);
    is_num(r.imputed[1], 4, 0, "mean imputation: (1+3+8)/3 = 4");
    ok((r.flags[1] & FLAG_IMPUTED) && !(r.flags[0] & FLAG_IMPUTED), "imputed flag");
    is_int(r.n_imputed, 1, "one cell imputed");
    ok(isnan(r.raw[1]), "raw stage still missing");
    result_release(&r);
    /* median of 1 3 8 = 3 */
    t.fw.steps.impute = IMPUTE_MEDIAN;
    tfw_run(&t, 4, x, &r, err, sizeof err);
    is_num(r.imputed[1], 3, 0, "median imputation: 3");
    result_release(&r);
    /* zero */
    t.fw.steps.impute = IMPUTE_ZERO;
    tfw_run(&t, 4, x, &r, err, sizeof err);
    is_num(r.imputed[1], 0, 0, "zero imputation: 0");
    result_release(&r);
    /* none: stays missing, FLAG_MISSING once normalisation starts */
    t.fw.steps.impute = IMPUTE_NONE;
    t.fw.steps.order[1] = STEP_NORMALISE;
    t.fw.steps.order[2] = STEP_AGGREGATE;
    t.fw.steps.n = 3;
    tfw_run(&t, 4, x, &r, err, sizeof err);
    ok(isnan(r.imputed[1]) && (r.flags[1] & FLAG_MISSING) && !(r.flags[0] & FLAG_MISSING),
       "no imputation: missing flag");
    result_release(&r);
    t.fw.steps.order[1] = STEP_AGGREGATE;
    t.fw.steps.n = 2;

    /* group mean: groups a a a b b "" with values 2 NA 4 6 NA NA:
       U1 (a) = (2+4)/2 = 3; U4 (b) = 6; U5 (no group) untouched */
    const double g[] = {2, NAN, 4, 6, NAN, NAN};
    const char *grp[] = {"a", "a", "a", "b", "b", ""};
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &t.fw;
    in.n_units = 6;
    in.unit_code = tfw_units;
    in.unit_group = grp;
    in.raw = g;
    t.fw.steps.impute = IMPUTE_GROUP_MEAN;
    compute_run(&in, &r, err, sizeof err);
    is_num(r.imputed[1], 3, 0, "group mean: a -> (2+4)/2 = 3");
    is_num(r.imputed[4], 6, 0, "group mean: b -> 6");
    ok(isnan(r.imputed[5]) && !(r.flags[5] & FLAG_IMPUTED), "no group: untouched");
    is_int(r.n_imputed, 2, "two cells imputed");
    is_str(r.n_warning ? r.warning[0] : NULL,
           "impute: 1 missing cell(s) of units without a group were left missing",
           "ungrouped warning");
    result_release(&r);
    /* group median: group a has 1 2 10 and a missing cell -> 2 */
    const double gm[] = {1, 2, 10, NAN, 7};
    const char *grp2[] = {"a", "a", "a", "a", "b"};
    in.n_units = 5;
    in.unit_group = grp2;
    in.raw = gm;
    t.fw.steps.impute = IMPUTE_GROUP_MEDIAN;
    compute_run(&in, &r, err, sizeof err);
    is_num(r.imputed[3], 2, 0, "group median: median(1, 2, 10) = 2 (not b's 7)");
    result_release(&r);
}

/* ------------------------------------------------------------------------ */

static void test_treat(void)
{
    struct tfw t;
    struct result r;
    char err[256];
    flat(&t, 1);
    t.fw.steps.order[0] = STEP_TREAT;
    t.fw.steps.order[1] = STEP_AGGREGATE;
    t.fw.steps.log_fallback = 1;
    /*
     * x = 1..11, 20, 100, 200 (n = 14).  mean 193/7, S2 = sum d^2 = 281844/7,
     * S3 = 264039654/49, S4 = 313564559256/343:
     *   skew = sqrt(14)*S3/S2^1.5*sqrt(14*13)/12 = 2.8055977850272966
     *   kurt = ((15)(14*S4/S2^2 - 3) + 6)*13/(12*11) = 7.8218165351126467
     * |skew| >= 2 and kurt >= 3.5: fails.  skew >= 0: the max 200 takes the
     * next value 100 -> ..., 20, 100, 100: mean 143/7, S2 = 105444/7,
     *   skew 2.2066185824409361, kurt 3.5232657706146875: still fails, nwin 1.
     * The max 100 (two points, tied) takes 20 -> ..., 20, 20, 20: mean 9,
     *   S2 = 572, S3 = 2706: skew 0.83205534513286705, kurt -0.50890019071837256;
     *   passes with nwin = 2 (the size of the latest tied max set).
     */
    double x[14];
    for (int i = 0; i < 11; i++)
        x[i] = i + 1;
    x[11] = 20;
    x[12] = 100;
    x[13] = 200;
    tfw_run(&t, 14, x, &r, err, sizeof err);
    const struct treat_report *tr = &r.treat[0];
    ok(tr->checked && !tr->pass0, "fails the first check");
    is_num(tr->skew0, 2.8055977850272966, 1e-13, "skew0");
    is_num(tr->kurt0, 7.8218165351126467, 1e-13, "kurt0");
    is_int(tr->n_winsorised, 2, "nwin = 2");
    ok(tr->pass1 && !tr->logged, "passes after Winsorisation, no log");
    is_num(tr->skew1, 0.83205534513286705, 1e-13, "skew1");
    is_num(tr->kurt1, -0.50890019071837256, 1e-13, "kurt1");
    ok(r.treated[12] == 20 && r.treated[13] == 20 && r.treated[11] == 20 && r.treated[10] == 11,
       "100 and 200 Winsorised to 20");
    ok((r.flags[12] & FLAG_WINSORISED) && (r.flags[13] & FLAG_WINSORISED) &&
           !(r.flags[11] & FLAG_WINSORISED),
       "Winsorised flags on the two changed points only");
    is_int(r.n_winsorised, 2, "two cells Winsorised");
    result_release(&r);

    /* winmax 1: after one point it still fails -> log(x - 1 + 0.01*(200 - 1))
       = log(x + 0.99) on the untreated column: x=1 -> log(1.99), x=200 -> log(200.99);
       the logged column has skew 1.3101452827331046, kurt 1.6236298800012154 */
    t.fw.steps.winmax = 1;
    tfw_run(&t, 14, x, &r, err, sizeof err);
    tr = &r.treat[0];
    ok(!tr->pass1 && tr->logged && tr->pass2, "winmax 1: fails, logged, then passes");
    is_int(tr->n_winsorised, 1, "nwin 1 reported");
    is_num(r.treated[0], log(1.99), 1e-15, "log(1 - 1 + 1.99)");
    is_num(r.treated[13], log(200.99), 1e-14, "log(200 - 1 + 1.99)");
    is_num(tr->skew2, 1.3101452827331046, 1e-13, "skew after log");
    is_num(tr->kurt2, 1.6236298800012154, 1e-13, "kurt after log");
    ok((r.flags[5] & FLAG_LOGGED) && !(r.flags[13] & FLAG_WINSORISED), "logged flag, no "
       "Winsorised flag");
    is_int(r.n_logged_ind, 1, "one indicator logged");
    result_release(&r);
    /* without the fallback the Winsorised column is kept: 200 -> 100 */
    t.fw.steps.log_fallback = 0;
    tfw_run(&t, 14, x, &r, err, sizeof err);
    ok(!r.treat[0].logged && r.treated[13] == 100 && r.treated[12] == 100,
       "no fallback: the Winsorised column stays");
    result_release(&r);
    t.fw.steps.winmax = 5;

    /* a low outlier: -x has skew -2.8056, same kurtosis; the min side is
       treated: -200 and -100 become -20 */
    double nx[14];
    for (int i = 0; i < 14; i++)
        nx[i] = -x[i];
    tfw_run(&t, 14, nx, &r, err, sizeof err);
    is_num(r.treat[0].skew0, -2.8055977850272966, 1e-13, "negative skew");
    ok(r.treated[13] == -20 && r.treated[12] == -20 && r.treat[0].n_winsorised == 2,
       "low side Winsorised: -200, -100 -> -20");
    result_release(&r);

    /* a passing indicator is untouched; 3 values are too few */
    const double ok4[] = {1, 2, 3, 4};
    tfw_run(&t, 4, ok4, &r, err, sizeof err);
    ok(r.treat[0].pass0 && isnan(r.treat[0].skew1) && r.treated[3] == 4, "passes at once");
    result_release(&r);
    tfw_run(&t, 3, ok4, &r, err, sizeof err);
    is_str(r.n_warning ? r.warning[0] : NULL,
           "treat: indicator 'a' has 3 value(s); at least 4 are needed to check skewness "
           "and kurtosis, left untreated",
           "too few values warning");
    result_release(&r);
}

/* ------------------------------------------------------------------------ */

static void test_aggregate(void)
{
    struct tfw t;
    struct result r;
    char err[256];
    flat(&t, 3);
    int a = tfw_find(&t, "a"), b = tfw_find(&t, "b"), c = tfw_find(&t, "c");
    int nn = t.fw.n_nodes;
    t.nodes[a].weight = 2;

    /* arithmetic, weights 2 1 1, b missing: (2*80 + 1*50)/3 = 70;
       used weights 2/3, 0, 1/3 */
    const double x1[] = {80, NAN, 50};
    tfw_run(&t, 1, x1, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 0, "I"), 70, 1e-13, "arithmetic: (2*80 + 50)/3 = 70");
    is_num(r.agg_weight[a], 2.0 / 3, 1e-16, "used weight of a: 2/3");
    is_num(r.agg_weight[b], 0, 0, "used weight of missing b: 0");
    is_num(r.agg_weight[c], 1.0 / 3, 1e-16, "used weight of c: 1/3");
    result_release(&r);
    t.nodes[a].weight = 1;
    /* all missing -> NAN, no rank */
    const double none[] = {NAN, NAN, NAN};
    tfw_run(&t, 1, none, &r, err, sizeof err);
    ok(isnan(tfw_value(&t, &r, 0, "I")) && r.rank[t.fw.root] == 0, "all missing -> NAN");
    result_release(&r);
    /* data threshold 0.5: one child of three (1/3 < 0.5) -> NAN;
       two of three (2/3) -> (10 + 20)/2 = 15 */
    t.fw.steps.agg_threshold[2] = 0.5;
    const double th[] = {10, NAN, NAN, 10, 20, NAN};
    tfw_run(&t, 2, th, &r, err, sizeof err);
    ok(isnan(tfw_value(&t, &r, 0, "I")), "threshold: 1/3 of children -> NAN");
    is_num(tfw_value(&t, &r, 1, "I"), 15, 0, "threshold: 2/3 of children -> 15");
    result_release(&r);
    t.fw.steps.agg_threshold[2] = 0;

    /* geometric: 4 16 _ -> sqrt(64) = 8; weights 1 3 on 2 32 -> 2^((1 + 15)/4) = 16 */
    t.fw.steps.agg[2] = AGG_GEOMETRIC;
    const double g1[] = {4, 16, NAN, 2, 32, NAN};
    t.nodes[b].weight = 3;
    tfw_run(&t, 2, g1, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 1, "I"), 16, 1e-13, "weighted geometric: 2^1 * 32^3 -> 16");
    result_release(&r);
    t.nodes[b].weight = 1;
    tfw_run(&t, 2, g1, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 0, "I"), 8, 1e-14, "geometric: sqrt(4*16) = 8");
    result_release(&r);
    /* a zero child, shift 1: exp((ln 1 + ln 9)/2) - 1 = 3 - 1 = 2 */
    const double g0[] = {0, 8, NAN};
    tfw_run(&t, 1, g0, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 0, "I"), 2, 1e-14, "geometric with a zero: sqrt(1*9) - 1 = 2");
    result_release(&r);
    /* a negative child: NAN and an error */
    const double gn[] = {-1, 8, 4};
    is_int(tfw_run(&t, 1, gn, &r, err, sizeof err), -1, "geometric of a negative fails");
    is_str(err,
           "aggregate 'I', unit 'U0': geometric mean of a negative value (-1); normalise to "
           "values >= 0 first",
           "negative geometric text");
    ok(isnan(tfw_value(&t, &r, 0, "I")), "negative -> NAN");
    result_release(&r);

    /* harmonic: 2 6 -> 2/(1/2 + 1/6) = 3; with a zero (0 3), shift 1:
       2/(1/1 + 1/4) - 1 = 1.6 - 1 = 0.6 */
    t.fw.steps.agg[2] = AGG_HARMONIC;
    const double h1[] = {2, 6, NAN, 0, 3, NAN};
    tfw_run(&t, 2, h1, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 0, "I"), 3, 1e-14, "harmonic: 2/(1/2 + 1/6) = 3");
    is_num(tfw_value(&t, &r, 1, "I"), 0.6, 1e-14, "harmonic with a zero: 0.6");
    result_release(&r);

    /* weighted median */
    t.fw.steps.agg[2] = AGG_MEDIAN;
    /* equal weights, 5 1 9: sorted 1 5 9, cumulative 1/3 2/3 -> 5 */
    const double m1[] = {5, 1, 9};
    tfw_run(&t, 1, m1, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 0, "I"), 5, 0, "median of 5 1 9 = 5");
    result_release(&r);
    /* weights 3 1 1 on 10 20 30: cumulative 3/5 >= 1/2 at once -> 10 */
    t.nodes[a].weight = 3;
    const double m2[] = {10, 20, 30};
    tfw_run(&t, 1, m2, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 0, "I"), 10, 0, "weighted median 3:1:1 -> 10");
    result_release(&r);
    /* weights 1 1 on 10 20 (30 missing): cumulative exactly 1/2 at 10 -> (10+20)/2 */
    t.nodes[a].weight = 1;
    const double m3[] = {20, 10, NAN};
    tfw_run(&t, 1, m3, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 0, "I"), 15, 0, "median at exactly half: (10 + 20)/2");
    result_release(&r);

    /* a node's own method overrides the level's */
    t.nodes[t.fw.root].agg_set = 1;
    t.nodes[t.fw.root].agg = AGG_ARITHMETIC;
    is_int(compute_node_agg(&t.fw, t.fw.root), AGG_ARITHMETIC, "override wins");
    tfw_run(&t, 1, m2, &r, err, sizeof err);
    is_num(tfw_value(&t, &r, 0, "I"), 20, 1e-13, "override: arithmetic mean 20");
    result_release(&r);
    t.nodes[t.fw.root].agg_set = 0;

    /* weights summing to zero among the children with data */
    t.fw.steps.agg[2] = AGG_ARITHMETIC;
    t.nodes[a].weight = 0;
    const double z[] = {10, NAN, NAN};
    is_int(tfw_run(&t, 1, z, &r, err, sizeof err), -1, "zero weight sum fails");
    is_str(err,
           "aggregate 'I', unit 'U0': the weights of the children with data sum to 0 "
           "(expected a positive sum)",
           "zero weight text");
    result_release(&r);
    (void)nn;
}

/* ------------------------------------------------------------------------ */

static void test_tree(void)
{
    /*
     * I -> A (w 1), B (w 3); A -> a1, a2 (1, 1); B -> b1 (2), b2 (1), b3 (1)
     * effective weights: A 1/4, B 3/4; a1 = a2 = 1/4 * 1/2 = 1/8;
     * b1 = 3/4 * 2/4 = 3/8, b2 = b3 = 3/4 * 1/4 = 3/16
     */
    struct tfw t;
    struct result r;
    char err[256];
    tfw_init(&t, "I");
    tfw_add(&t, "A", "I", 1);
    tfw_add(&t, "B", "I", 3);
    tfw_add(&t, "a1", "A", 1);
    tfw_add(&t, "a2", "A", 1);
    tfw_add(&t, "b1", "B", 2);
    tfw_add(&t, "b2", "B", 1);
    tfw_add(&t, "b3", "B", 1);
    tfw_finish(&t);
    t.nodes[tfw_find(&t, "a1")].axis = (char *)"X";
    t.nodes[tfw_find(&t, "a2")].axis = (char *)"Y";
    t.nodes[tfw_find(&t, "b1")].axis = (char *)"X";
    /* units: U0 and U1 with data, U2 screened out by force */
    char *exc[] = {(char *)"U2"};
    t.fw.steps.force_exclude = exc;
    t.fw.steps.n_force_exclude = 1;
    t.fw.steps.order[0] = STEP_SCREEN;
    t.fw.steps.order[1] = STEP_AGGREGATE;
    /* columns a1 a2 b1 b2 b3 */
    const double x[] = {
        40, 80, 60, 20, 100,    /* U0: A = 60, B = (120 + 20 + 100)/4 = 60, I = 60 */
        100, 60, 90, 70, 90,    /* U1: A = 80, B = (180 + 70 + 90)/4 = 85,
                                       I = (80 + 3*85)/4 = 83.75 */
        50, 50, 50, 50, 50,     /* U2: excluded */
    };
    const double uw[] = {1, 3, 5};
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &t.fw;
    in.n_units = 3;
    in.unit_code = tfw_units;
    in.unit_weight = uw;
    in.raw = x;
    is_int(compute_run(&in, &r, err, sizeof err), 0, "tree runs");
    is_num(r.eff_weight[tfw_find(&t, "I")], 1, 0, "eff I = 1");
    is_num(r.eff_weight[tfw_find(&t, "A")], 0.25, 0, "eff A = 1/4");
    is_num(r.eff_weight[tfw_find(&t, "B")], 0.75, 0, "eff B = 3/4");
    is_num(r.eff_weight[tfw_find(&t, "a1")], 0.125, 0, "eff a1 = 1/8");
    is_num(r.eff_weight[tfw_find(&t, "b1")], 0.375, 0, "eff b1 = 3/8");
    is_num(r.eff_weight[tfw_find(&t, "b3")], 0.1875, 0, "eff b3 = 3/16");
    is_num(tfw_value(&t, &r, 0, "I"), 60, 1e-13, "U0 index 60");
    is_num(tfw_value(&t, &r, 1, "B"), 85, 1e-13, "U1 B 85");
    is_num(tfw_value(&t, &r, 1, "I"), 83.75, 1e-13, "U1 index 83.75");
    ok(isnan(tfw_value(&t, &r, 2, "I")), "U2 excluded");
    /* national, unit weights 1 3 (U2 excluded): (60 + 3*83.75)/4 = 77.8125 */
    is_num(r.national[t.fw.root], 77.8125, 1e-13, "national index (60 + 3*83.75)/4");
    /* a1: (40 + 3*100)/4 = 85 */
    is_num(r.national[tfw_find(&t, "a1")], 85, 1e-13, "national a1 (40 + 300)/4");
    /* axes X = (1/8 a1 + 3/8 b1)/(1/2): U0 (5 + 22.5)/0.5 = 55; U1 (12.5 + 33.75)/0.5 = 92.5;
       Y = a2 */
    is_int(r.n_axes, 2, "two axes");
    is_str(r.n_axes > 0 ? r.axis_code[0] : NULL, "X", "first axis X (indicator order)");
    is_num(r.axis_value[0], 55, 1e-13, "U0 axis X = 55");
    is_num(r.axis_value[2], 92.5, 1e-13, "U1 axis X = 92.5");
    is_num(r.axis_value[3], 60, 0, "U1 axis Y = a2 = 60");
    ok(isnan(r.axis_value[4]), "excluded unit: no axis value");
    /* national X, unit weights 1 3 (U2 excluded): (55 + 3*92.5)/4 = 83.125 */
    is_num(r.axis_national[0], 83.125, 1e-13, "national axis X (55 + 3*92.5)/4");
    is_num(r.axis_national[1], (80 + 3 * 60) / 4.0, 1e-13, "national axis Y (80 + 3*60)/4");
    /* ranks: U1 over U0 at every level but A? A: U0 60, U1 80 */
    is_int(r.rank[0 * t.fw.n_nodes + t.fw.root], 2, "U0 rank 2");
    is_int(r.rank[1 * t.fw.n_nodes + t.fw.root], 1, "U1 rank 1");
    is_int(r.maturity[0], -1, "no maturity levels -> -1");
    /* stages that did not run are copies */
    is_num(r.treated[CELL(r, 1, 2)], 90, 0, "treated = previous stage when treat did not run");
    result_release(&r);

    /* maturity of the root: thresholds 50 60.  U0 (60) on the threshold -> 2 */
    t.fw.maturity.n = 3;
    t.fw.maturity.threshold[0] = 50;
    t.fw.maturity.threshold[1] = 60;
    compute_run(&in, &r, err, sizeof err);
    ok(r.maturity[0] == 2 && r.maturity[1] == 2 && r.maturity[2] == -1,
       "maturity: 60 and 83.75 -> level 2; excluded -> -1");
    result_release(&r);
}

int main(void)
{
    test_ranks_maturity();
    test_published_ranks();
    test_unanswered();
    test_normalisation();
    test_denominate_screen();
    test_impute();
    test_treat();
    test_aggregate();
    test_tree();
    return tap_done();
}
