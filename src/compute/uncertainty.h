/*
 * uncertainty.h — how much the ranking depends on choices a reviewer could
 * contest: Monte Carlo uncertainty analysis and variance-based sensitivity
 * analysis (OECD/JRC Handbook, step 7; COINr's get_sensitivity, SA_estimate).
 *
 * The input factors (enum ua_factor), each a set of equally likely choices
 * whose first choice is the nominal one (what the framework says):
 *
 *  weights        every node's weight (indicators and aggregates, not the
 *                 root) times 1 + noise * (2u - 1), u uniform in [0, 1), with
 *                 noise = weight_noise[level of the node] (COINr's
 *                 get_noisy_weights: ±noise of the nominal weight, uniform).
 *                 A continuous factor: one uniform per node.
 *  normalisation  the framework's own (per-indicator overrides included), or
 *                 one of norm_alt[] applied to every indicator (default
 *                 minmax, onto the framework's [lower, upper], and zscore).
 *  aggregation    the framework's own (per level and per node), or one of
 *                 agg_alt[] at every level (default arithmetic, geometric).
 *  imputation     the framework's own (none if it has no impute step), or
 *                 one of impute_alt[] (default mean, none).
 *  drop           no indicator removed, or one indicator removed from the
 *                 tree (each with the same probability: 1/(n_ind + 1)); an
 *                 aggregate left without children disappears too, and the
 *                 aggregation threshold counts only the children left.
 * An alternative identical to the framework's own method is dropped, and a
 * factor left with one choice (or zero noise, or fewer than 2 indicators) is
 * not varied.
 *
 * Geometric and harmonic means need values >= 0.  When an alternative
 * combination gives a node a negative child value (z-scores), that node's
 * children are translated for that replication by t = s - (lowest child value
 * over all included units), with s = the framework's zero_shift (1 if it is
 * 0), aggregated, and t subtracted again: the same translation for every unit,
 * so the node's ranking stays well defined.  The nominal choices never need
 * it: compute_run() would have failed on a negative value.
 *
 * The output analysed, as in COINr: the ranks of one node (the root by
 * default) over the units included in the nominal result (the unit set is
 * held fixed: a unit screened out nominally stays out, one kept stays in), and
 * for each replication y = mean over units of |rank - nominal rank| (ties take
 * the minimum rank, as everywhere in indigo).
 *
 * How it is fast.  Imputation and normalisation depend only on their own
 * choice, so every (imputation, normalisation) pair is computed once, before
 * the replications, with compute_run() on a copy of the framework (aggregate
 * step removed) — at most 9 runs.  A replication then only perturbs the
 * weights and re-aggregates the precomputed normalised matrix over a
 * precomputed tree, in buffers owned by its thread: no allocation.  Before the
 * replications, the kernel is run with the nominal choices and must reproduce
 * the nominal result's values and ranks exactly (else uncertainty_run fails).
 *
 * Reproducible.  Every replication draws its numbers from its own stream of
 * rng.h (xoshiro256**), named by (seed, replication number) and drawn in a
 * fixed order, and writes only its own slot of the output; statistics are
 * computed afterwards in replication order.  The results are therefore
 * bit-identical whatever the number of threads.
 *
 * Sensitivity analysis (sa_n > 0 and at least 2 factors varied): Saltelli's
 * A, B, AB_i design with N = sa_n base points, N (k + 2) replications for k
 * varied factors (a factor is one group of uniforms: all the weights form one
 * factor); first-order Si = mean(yB (yABi - yA)) / Var(yA ∪ yB), total
 * STi = sum((yA - yABi)^2) / (2 N Var) (COINr SA_estimate), with bootstrap
 * 5%/95% intervals (n_boot resamples, COINr's scheme).  The UA statistics come
 * from the `runs` plain random replications, not from the SA design.
 */
#ifndef INDIGO_UNCERTAINTY_H
#define INDIGO_UNCERTAINTY_H

#include <stdint.h>

#include "compute.h"
#include "config.h"
#include "model.h"

enum ua_factor {
    UA_WEIGHTS, UA_NORM, UA_AGG, UA_IMPUTE, UA_DROP, UA_N_FACTORS
};
#define UA_BIT(f) (1u << (f))
#define UA_ALL_FACTORS ((1u << UA_N_FACTORS) - 1u)
#define UA_ALT_MAX 8

struct ua_options {
    int runs;                         /* Monte Carlo replications (>= 0)      */
    uint64_t seed;
    double weight_noise[LEVEL_MAX];   /* fraction in [0, 1) by level of the
                                         weighted node (1 = indicators)       */
    unsigned factors;                 /* UA_BIT(f) of each factor to vary     */
    enum norm_method norm_alt[UA_ALT_MAX];     int n_norm_alt;
    enum agg_method agg_alt[UA_ALT_MAX];       int n_agg_alt;
    enum impute_method impute_alt[UA_ALT_MAX]; int n_impute_alt;
    int sa_n;                         /* Saltelli base points; 0 = no SA      */
    int n_boot;                       /* bootstrap resamples for SA intervals */
    int threads;                      /* 0 = number of online CPUs            */
    /* Called as evaluations finish (from any thread, one call at a time,
       in increasing order of done; done == total last): compute draws
       nothing itself, the command line decides what progress looks like. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
    int target;                       /* node analysed; -1 = the root         */
};

/* Defaults: 1000 runs, seed 20261123, noise 0.25 at every level, every
   factor, the alternatives named above, sa_n 500, n_boot 1000, threads 0,
   no progress callback, target -1. */
void ua_options_init(struct ua_options *o);
/* ua_options_init, then runs, seed, weight_noise (every level) and threads
   from [uncertainty] of the config. */
void ua_options_from_config(struct ua_options *o, const struct config *cfg);

/* Rank statistics of one unit over the replications in which it had a rank. */
struct ua_unit {
    int nominal;              /* nominal rank; 0 = none (screened out)        */
    int n;                    /* replications in which it had a rank          */
    double mean, median;      /* R mean() and median() of its ranks           */
    double q05, q95;          /* R quantile(type = 7) at 0.05 and 0.95        */
    double p_top;             /* share of replications with rank <= top_cut   */
    double p_bottom;          /* share with rank >= bottom_cut                */
    double mean_shift;        /* mean |rank - nominal| (NAN if no nominal)    */
};                            /* NAN everywhere (n = 0) if it never had one   */

/* Sensitivity indices of one factor. */
struct ua_sens {
    enum ua_factor factor;
    double si, sti;                   /* first order, total                  */
    double si_q05, si_q95;            /* bootstrap 5% / 95% quantiles        */
    double sti_q05, sti_q95;          /* (NAN if n_boot = 0)                 */
};

struct uncertainty {
    int n_units;              /* as in the result, same order                 */
    int target;               /* node analysed                                */
    int n_ranked;             /* units with a nominal rank                    */
    /* the top and bottom groups are quarters: q = max(1, floor(n_ranked/4));
       top = rank <= q, bottom = rank >= n_ranked - q + 1 */
    int top_cut, bottom_cut;
    unsigned varied;          /* UA_BIT(f) of the factors actually varied     */
    /* the choices of each factor, index 0 = nominal: for UA_NORM, UA_AGG and
       UA_IMPUTE the method (enum value), -1 = the framework's own; unused
       for UA_WEIGHTS and UA_DROP (n_choice = n_ind + 1, choice i > 0 drops
       indicator column i - 1) */
    int n_choice[UA_N_FACTORS];
    int choice[UA_N_FACTORS][UA_ALT_MAX + 1];

    /* Monte Carlo */
    int runs;
    int *rank;                /* runs x n_units; 0 = no rank                  */
    double *shift;            /* runs: y of each replication                  */
    struct ua_unit *unit;     /* n_units                                      */
    double mean_shift;        /* mean of shift[]: the index's mean absolute
                                 rank change vs the nominal ranking           */
    /* one indicator at a time (COINr remove_elements), everything else
       nominal: y when indicator column j alone is removed; NULL if n_ind < 2 */
    int n_ind;
    double *drop_shift;       /* n_ind                                        */

    /* sensitivity analysis; n_sens = 0 if it did not run */
    int sa_n;                 /* base points N                                */
    int n_sens;               /* k: one per varied factor, in enum order      */
    struct ua_sens sens[UA_N_FACTORS];
    double sa_variance;       /* Var(yA ∪ yB)                                 */
    double *sa_y;             /* N (k + 2): yA, yB, yAB_1 .. yAB_k            */

    /* the kernel with nominal choices against compute_run: both must be 0 */
    double nominal_max_diff;  /* largest |value difference| at the target     */
    int nominal_rank_diff;    /* units whose rank differs                     */
    int threads;              /* threads used                                 */
    double seconds;           /* wall time of uncertainty_run                 */
};

/*
 * Run the analysis of in (the same input the nominal result was computed
 * from).  nominal may be NULL: it is then computed here.  *out is filled (and
 * owned by the caller: uncertainty_release) on 0; on -1 errbuf says why
 * (e.g. the nominal computation failed, an option out of range) and *out
 * holds nothing to release.  opt->progress, when set, hears of every
 * percent done.
 */
int uncertainty_run(const struct compute_input *in, const struct result *nominal,
                    const struct ua_options *opt, struct uncertainty *out,
                    char *errbuf, size_t errlen);
void uncertainty_release(struct uncertainty *u);      /* contents; accepts NULL */

/* The normalised matrices of the alternatives are made on several threads
   only while that many of them in the making hold at most this many bytes
   (64 MiB; tests lower it to take the one-at-a-time path). */
extern size_t uncertainty_matrix_bytes;
void uncertainty_free(struct uncertainty *u);         /* contents and u       */

/* The units with a nominal rank, best first (ties by unit order), into
   order[0..n_units-1]; returns how many.  The order charts and tables list
   units in (e.g. the rank-interval chart: unit[order[i]].median, .q05, .q95
   against .nominal). */
int uncertainty_ranked_units(const struct uncertainty *u, int *order);

/* Stable ASCII name of a factor ("weights", "normalisation", "aggregation",
   "imputation", "drop"), for files and message keys. */
const char *ua_factor_name(enum ua_factor f);

/* ---- the statistics, exposed for tests ---------------------------------- */

/* Statistics of one unit: rank[r * stride] is its rank in replication r
   (0 = none), r < n_rep.  See struct ua_unit. */
void ua_rank_summary(const int *rank, int n_rep, size_t stride, int nominal,
                     int top_cut, int bottom_cut, struct ua_unit *out);

/*
 * COINr's SA_estimate on any model output: y holds N (k + 2) values in the
 * order yA[N], yB[N], yAB_1[N] .. yAB_k[N].  Fills out[0..k-1] (factor left
 * as UA_N_FACTORS: the caller names them) and *variance.  Bootstrap: for the
 * i-th factor and each of n_boot resamples, the N terms of Si and of STi are
 * each resampled with replacement (independently, as COINr does), drawing from
 * the stream (seed, 2^62 + i); the variance is not resampled.  Indices are NAN
 * when the variance is 0.  Factors are estimated on up to `threads` threads;
 * the results do not depend on how many.
 */
void ua_sa_estimate(const double *y, int n, int k, int n_boot, uint64_t seed, int threads,
                    struct ua_sens *out, double *variance);

#endif
