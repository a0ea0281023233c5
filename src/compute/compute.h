/*
 * compute.h — the computation engine (OECD/JRC handbook; COINr's default build).
 *
 * Pure arithmetic over arrays: no SQL, no files, no printing.  The caller gives
 * one matrix of indicator values per round (units x indicators, NAN = missing)
 * and the framework; compute_run() applies the framework's steps in the order
 * it declares and fills a struct result.
 *
 * Matrices are row-major: cell (u, j) of an n_units x n_cols matrix is
 * m[u * n_cols + j].
 */
#ifndef INDIGO_COMPUTE_H
#define INDIGO_COMPUTE_H

#include "model.h"

/* Cell flags (struct result.flags), travel to every output. */
#define FLAG_MISSING    0x01u  /* no data, not imputed                      */
#define FLAG_IMPUTED    0x02u  /* value filled by the imputation step       */
#define FLAG_WINSORISED 0x04u  /* value changed by Winsorisation           */
#define FLAG_LOGGED     0x08u  /* indicator log-transformed (fallback)     */
#define FLAG_CLIPPED    0x10u  /* goalposts: clipped to a goalpost; dist_target: capped at the target */
#define FLAG_SCREENED   0x20u  /* unit excluded by screening               */
#define FLAG_NO_EVIDENCE 0x40u /* a positive answer lacked its evidence and
                                  counted as the framework's missing_evidence
                                  rule says (set by scoring, score.h)       */
#define FLAG_NO_ANSWERS 0x80u  /* unit excluded: no value at all in this
                                  framework ([aggregate] no_answers = exclude);
                                  FLAG_SCREENED is set too                  */

/* What the caller hands to the engine. Everything here is borrowed. */
struct compute_input {
    const struct framework *fw;
    int n_units;
    const char *const *unit_code;   /* sorted (C locale) as COINr sorts uCode */
    const char *const *unit_group;  /* for group imputation; may be NULL     */
    const double *unit_weight;      /* for the national figure; NULL = equal */
    const int *unit_unranked;       /* nonzero: scored and levelled, but no
                                       rank and not in the national figure
                                       (registry ranked = no); NULL = none  */
    const double *raw;              /* n_units x n_ind (framework indicator order) */
    const double *denom;            /* n_units x n_ind denominator values, or NULL;
                                       NAN where an indicator has no denominator */
    const unsigned *flags;          /* n_units x n_ind FLAG_* bits from scoring
                                       (FLAG_NO_EVIDENCE), copied into the
                                       result's flags; NULL = none             */
};

/* Winsorisation report of one indicator (COINr's Dets_Table). */
struct treat_report {
    int checked;             /* 0 if the treat step did not run                */
    double skew0, kurt0;     /* before treatment                              */
    int pass0;
    int n_winsorised;        /* points changed (COINr's nwin)                 */
    int logged;              /* log fallback applied                          */
    double skew1, kurt1;     /* after treatment (NAN if pass0)                */
    int pass1;
    /* added by compute.c: the check after the log fallback (COINr's
       check_SkewKurt2); NAN / 0 unless logged */
    double skew2, kurt2;
    int pass2;
    int n_values;            /* non-missing values of included units checked  */
    double log_min, log_max; /* min and max of the untreated column used by the
                                log fallback (NAN unless logged)              */
};

/*
 * How one indicator was normalised (for explain and the reports).  Direction
 * is applied first (x * direction), as COINr does, except for the ratio
 * methods (see below).  [lo, hi] is the target range (steps.norm_lower/upper).
 *
 *  method          p1            p2            value
 *  NORM_NONE       -             -             x*dir
 *  NORM_MINMAX     min(x*dir)    max(x*dir)    (x*dir - p1)/(p2 - p1)*(hi - lo) + lo
 *                                              (NAN, with a warning, if p1 == p2)
 *  NORM_ZSCORE     mean(x*dir)   sd(x*dir)     (x*dir - p1)/p2   (sd: n - 1)
 *  NORM_GOALPOSTS  node.lower    node.upper    y = (x - p1)/(p2 - p1), or for
 *                                              dir = -1 y = (p2 - x)/(p2 - p1);
 *                                              y clipped to [0, 1] (FLAG_CLIPPED);
 *                                              lo + y*(hi - lo)   (COINr n_goalposts)
 *  NORM_DIST_TARGET node.target  -             r = x/p1 (dir = -1: r = p1/x, and
 *                                              x <= p1 gives r = 1); r capped at 1
 *                                              (FLAG_CLIPPED); lo + r*(hi - lo)
 *  NORM_DIST_REF   node.target   -             same ratio as dist_target, not capped:
 *                                              the target is the reference value
 *                                              (e.g. the best practice), in the
 *                                              indicator's own units; a zero
 *                                              denominator is an error
 *  NORM_DIST_MAX   max(x)        min(x)        r = x/p1 (dir = -1: r = p2/x, the
 *                                              unit at the minimum gets 1);
 *                                              lo + r*(hi - lo); negative values
 *                                              are an error
 *  NORM_PRANK      n values      -             (rank_min(x*dir) - 1)/(n - 1),
 *                                              mapped to lo + p*(hi - lo) (COINr n_prank)
 *  NORM_RANK       n values      -             rank_min(x*dir): 1 = lowest (COINr n_rank)
 *
 * Ratio methods do not multiply by the direction (a ratio of negated values
 * means nothing); a direction of -1 inverts the ratio instead.
 * Statistics (min, max, mean, sd, ranks) are over the included units with data.
 */
struct norm_report {
    enum norm_method method;
    int direction;           /* +1 or -1                                      */
    double lo, hi;           /* target range                                  */
    double p1, p2;           /* parameters, see the table above               */
    int n_values;            /* values normalised                             */
};

struct result {
    const struct framework *fw;     /* borrowed                                */
    int n_units;
    char **unit_code;               /* owned copies, same order as the input   */
    int *included;                  /* 1 = passed screening                    */
    int n_ind;
    int *ind_node;                  /* node index of indicator column j        */
    /* the data after each step, n_units x n_ind; a step that did not run
       leaves a copy of the previous stage */
    double *raw, *denominated, *imputed, *treated, *normalised;
    unsigned *flags;                /* n_units x n_ind, FLAG_* bits            */
    /* every node: n_units x n_nodes (indicator nodes hold the normalised
       value; excluded units hold NAN) */
    double *value;
    int *rank;                      /* n_units x n_nodes; 0 = no rank (NAN).
                                       Competition ranking of the values at
                                       the published precision (framework
                                       rank_decimals): 1 + the number of units
                                       whose rounded value is greater       */
    int *n_children;                /* n_units x n_nodes: children with data
                                       the aggregate was computed from (0 for
                                       indicators and when it was not)        */
    int *maturity;                  /* n_units; level of the root, -1 if NAN   */
    double *national;               /* n_nodes: weighted mean over included,
                                       ranked units (unit_unranked)          */
    double *eff_weight;             /* n_nodes: effective weight in the index  */
    struct treat_report *treat;     /* n_ind                                   */
    /* the second view (framework axes), n_units x n_axes; NULL if no axes */
    int n_axes;
    char **axis_code;               /* owned                                   */
    double *axis_value;
    double *axis_national;          /* n_axes: weighted mean over included
                                       units with a value (unit weights), as
                                       national[] is for the nodes            */
    long n_imputed, n_winsorised, n_logged_ind;
    /* added by compute.c */
    double *denom;                  /* n_units x n_ind copy of the input's
                                       denominators, or NULL if none given     */
    struct norm_report *norm;       /* n_ind                                   */
    double *agg_weight;             /* n_units x n_nodes: the weight each node
                                       had in its parent's aggregate for that
                                       unit, normalised over the siblings with
                                       data (0 if it had none; NAN for the root
                                       and for units without a parent value)   */
    char **warning;                 /* owned messages that did not stop the run
                                       (e.g. "indicator 'X': range is 0 ..."),
                                       NULL if none                            */
    int n_warning;
};

/* Indices of the indicator nodes of fw, in file order; returns the count.
   *out is malloc'd (caller frees). */
int framework_indicators(const struct framework *fw, int **out);

/*
 * Run every step; returns 0, or -1 with a message in errbuf (e.g. a weight
 * set summing to zero at runtime, a geometric mean of a negative value).
 * The steps run in fw->steps.order; each is optional:
 *
 *  denominate  x / (denominator / scale_factor) for indicators with a
 *              denominator (COINr Denominate); NAN in either gives NAN.
 *  screen      a unit is kept if (indicators with data / n_ind) >= threshold,
 *              or if it is in force_include; force_exclude always removes it
 *              (exclusion wins if a code is in both).  Excluded units keep
 *              their rows with NAN from that point on, included[u] = 0,
 *              FLAG_SCREENED on every cell, and no rank.  A force code that is
 *              not a unit gives a warning.
 *  impute      mean / median of the indicator over included units; group_mean
 *              / group_median within unit_group (units with a NULL or empty
 *              group are left untouched, COINr i_mean_grp); zero.  Each filled
 *              cell gets FLAG_IMPUTED.  A cell with no value to take from stays
 *              NAN.
 *  treat       COINr's default Treat(): e1071 type-2 skew and kurtosis; an
 *              indicator passes if |skew| < skew_max OR kurt < kurt_max; if it
 *              fails, while failing and nwin < winmax: if skew >= 0 every point
 *              equal to the max takes the largest remaining value, else every
 *              point equal to the min takes the smallest remaining value;
 *              nwin = size of the latest max set + latest min set.  If it still
 *              fails and log_fallback is set, the *untreated* column becomes
 *              log(x - min + 0.01 (max - min)) (FLAG_LOGGED); without the
 *              fallback the Winsorised column is kept.  Fewer than 4 values:
 *              not checked (warning).  winmax <= 0 means no Winsorisation.
 *  normalise   per indicator, see struct norm_report.
 *  aggregate   per aggregate node, children to parent, lowest level first;
 *              method = node.agg if agg_set else steps.agg[level of parent]:
 *              arithmetic  sum(w x)/sum(w) over children with data (COINr
 *                          a_amean: weights renormalised; all NAN gives NAN);
 *              geometric   exp(sum(w ln x)/sum(w));  harmonic sum(w)/sum(w/x);
 *                          for both, if any child is 0, every child gets
 *                          + geo_zero_shift and the result - geo_zero_shift;
 *                          a negative child gives NAN and an error;
 *              median      weighted median: children sorted by value, the
 *                          first whose cumulative weight reaches half the
 *                          total; if the cumulative weight equals exactly half
 *                          (to 1e-12 relative), the mean of that value and the
 *                          next.  With equal weights this is the usual median.
 *              If (children with data / children) < steps.agg_threshold[level]
 *              the aggregate is NAN.
 *
 * Before the steps, unless fw->steps.exclude_unanswered is 0, a unit with no
 * value at all (every raw value and every denominator NAN: nobody answered
 * for it) is excluded as screening excludes (included = 0, no rank), its
 * cells flagged FLAG_NO_ANSWERS | FLAG_SCREENED, and one warning lists such
 * units.  Aggregation records per unit how many children had data
 * (n_children) and warns once per aggregate node computed from fewer
 * children than it has, naming each unit with its count.
 *
 * Then: ranks of every node (compute_ranks_published over included units),
 * the maturity level of the root (maturity_level: at the same precision), the national figure (sum(unit_weight v)/sum(unit_weight)
 * over included units with a value), effective weights (product of the
 * sibling-normalised weights from the node up to the root; root = 1) and the
 * axes (for each distinct non-empty node.axis, in indicator order, the mean of
 * the unit's normalised values of that axis weighted by effective weight,
 * over indicators with data) and their national figure (as for a node).
 *
 * Stage arrays are snapshots of the working matrix after their step; a step
 * that did not run leaves a copy of the previous stage (raw, denominated,
 * imputed, treated), except `normalised`, which always holds exactly the
 * values that were aggregated.  FLAG_MISSING marks cells of included units
 * that are NAN when normalisation starts.
 *
 * On -1 the steps after the failing one did not run (an aggregation error
 * leaves NAN in the failing cells and the other aggregates computed); *out
 * holds what was computed and must still be released with result_release().
 */
int compute_run(const struct compute_input *in, struct result *out,
                char *errbuf, size_t errlen);
void result_release(struct result *r);

/* The tree as children lists, built once per computation (and once per
   uncertainty kernel): children in file order, aggregates ordered so that
   children come before their parents.  A cycle in the parent links is a
   BUG (frameworks are validated before they get here). */
struct compute_tree {
    int *first, *next;          /* children lists: first[p], next[c] (-1 ends) */
    int *n_child;               /* children per node                          */
    int *order;                 /* aggregates, children before parents        */
    int n_order;
};
void compute_tree_build(const struct framework *fw, struct compute_tree *t);
void compute_tree_release(struct compute_tree *t);

/* Weighted geometric (m = AGG_GEOMETRIC) or harmonic mean of n values >= 0
   with weights w summing to wsum, and the documented rule for zeros: when a
   value is 0, every value is shifted by zero_shift and the result shifted
   back.  NAN if a value is negative.  Shared by the engine and the
   uncertainty kernel so both aggregate identically. */
double compute_gh_mean(enum agg_method m, const double *xv, const double *w, int n,
                       double wsum, double zero_shift);

/* Rank helpers exposed for tests: ranks of v (n values, NAN = no rank) with
   ties taking the minimum rank, higher value = better (rank 1). */
void compute_ranks(const double *v, int n, int *rank);
/* The same over the values as published: each rounded to fw->rank_decimals
   (round_decimals) when fw->rank_rounded, so values printed alike share the
   best rank (competition ranking, as the UN ranks the EGDI). */
void compute_ranks_published(const struct framework *fw, const double *v, int n, int *rank);
/* v as it is compared for ranks and levels (rounded, or v itself). */
double compute_published(const struct framework *fw, double v);
/* Maturity level of value x (index into m->name), -1 for NAN: x is rounded
   first when m->rounded, and a value equal to a threshold goes to the level
   above unless m->boundary_lower. */
int maturity_level(const struct maturity *m, double x);

/* The methods in force for a node (its override, else the framework default;
   for aggregation the default of the node's level). */
enum norm_method compute_node_norm(const struct framework *fw, int node);
enum agg_method compute_node_agg(const struct framework *fw, int node);

#endif
