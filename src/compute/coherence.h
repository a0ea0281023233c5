/*
 * coherence.h — statistical coherence of a computed index: does each
 * component move with what it is part of?  (OECD/JRC Handbook, step 4,
 * multivariate analysis; COINr's get_corr(withparent = TRUE), get_corr_flags
 * and get_cronbach.)
 *
 * From a nominal struct result, over the included units:
 *  - Pearson and Spearman (ties averaged, R's cor(method = "spearman"))
 *    correlation of every node with its parent, indicators by their
 *    normalised values (direction already applied), aggregates by their
 *    scores; pairs where either value is NAN are left out (R's
 *    use = "pairwise.complete.obs");
 *  - Cronbach's alpha of every aggregate over its children, as COINr's
 *    get_cronbach: C = cov(children, pairwise complete), alpha =
 *    k^2 * mean(off-diagonal C) / sum(C), NAN-valued entries of C skipped;
 *  - flags: a node whose Pearson correlation with its parent is negative (it
 *    pulls against its own pillar), and pairs of siblings with |Pearson| >
 *    COHERENCE_COLLINEAR (probably measuring the same thing twice).
 * A correlation that is undefined (fewer than 2 pairs, a constant column) is
 * NAN and raises no flag.
 */
#ifndef INDIGO_COHERENCE_H
#define INDIGO_COHERENCE_H

#include "compute.h"

#define COHERENCE_COLLINEAR 0.9

struct coherence_node {
    int parent;               /* node index, -1 for the root                 */
    int n;                    /* units with both values                      */
    double pearson;           /* with the parent; NAN for the root           */
    double spearman;
    double alpha;             /* over its children; NAN for an indicator or a
                                 node with fewer than 2 children             */
    int negative;             /* 1: pearson < 0                              */
    int collinear;            /* siblings it is collinear with               */
};

struct coherence_pair {       /* two siblings with |r| > COHERENCE_COLLINEAR  */
    int a, b;                 /* node indices, a before b in file order      */
    double r;                 /* Pearson                                     */
    int n;                    /* units with both values                      */
};

struct coherence {
    int n_nodes;
    struct coherence_node *node;   /* n_nodes, framework order               */
    struct coherence_pair *pair;   /* collinear pairs, by parent then a, b   */
    int n_pair;
    int n_negative;                /* nodes flagged negative                 */
};

/* Fill *out from r (which it does not keep).  Release with
   coherence_release(). */
void coherence_compute(const struct result *r, struct coherence *out);
void coherence_release(struct coherence *c);           /* accepts NULL */

/* ---- the statistics, exposed for tests ---------------------------------- */
/* Correlation of the pairs (x[i], y[i]) where neither is NAN; *used (may be
   NULL) gets their number. */
double coherence_pearson(const double *x, const double *y, int n, int *used);
double coherence_spearman(const double *x, const double *y, int n, int *used);
/* Cronbach's alpha of the k columns of the n x k row-major matrix x
   (NAN = missing), as above.  NAN if k < 2. */
double coherence_cronbach(const double *x, int n, int k);

#endif
