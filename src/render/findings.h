/*
 * findings.h — the key findings of a round, written from its numbers.
 *
 * The national report opens with them: per index the national figure and
 * its change since the previous stored round, how many institutions went up
 * and down, how many sit at each maturity level and how many changed level,
 * the leaders and the laggards (ties named together), the largest gains and
 * losses, the mean of each group of institutions (ministries, secretariats)
 * and the weakest and strongest pillar.  Every figure is one the database
 * holds (compared at the published precision, as the rankings and levels
 * are), so the first page a reader meets cannot disagree with the tables.
 */
#ifndef INDIGO_FINDINGS_H
#define INDIGO_FINDINGS_H

#include "round.h"

/* The findings of one index, as sentences in one language. */
struct findings {
    char **line;   /* owned */
    int n;
};

/* The findings of rd->idx[i] in lang into out (released with
   findings_release). */
void findings_build(const struct round_data *rd, int i, enum lang lang, struct findings *out);
void findings_release(struct findings *f);

/* The previous round's national figure of node: the weighted mean (registry
   weights, as this round's) of the values stored for prev_year; NAN when
   there is no previous round. */
double run_prev_national(const struct round_data *rd, const struct index_run *run, int node);

#endif
